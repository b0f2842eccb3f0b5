//! `curl` command lines that reproduce a captured request, redacted by default.

use crate::har::{Entry, Har, Header};
use crate::Options;

/// A `curl` command for an entry. Secrets are redacted unless the options say
/// otherwise, so the command is safe to paste into a ticket.
pub fn curl<'a>(har: &Har<'a>, entry: &Entry<'a>, opts: &Options) -> String {
    let opts = &*opts.for_capture(har);
    curl_with(entry, &har.request_headers(entry), opts)
}

/// [`curl`] with the entry's request headers already read ([`Har::request_headers`]: each
/// reading walks the entry's text again), and `opts` already [`Options::for_capture`].
pub(crate) fn curl_with(entry: &Entry<'_>, headers: &[Header<'_>], opts: &Options) -> String {
    let r = &entry.request;
    let mut out = String::from("curl -i");
    if !r.method.eq_ignore_ascii_case("GET") && !r.method.is_empty() {
        out.push_str(" -X ");
        out.push_str(&quote(&r.method));
    }
    out.push(' ');
    out.push_str(&quote(&opts.redact_url(&r.url)));
    for h in headers {
        let lower = h.name.to_ascii_lowercase();
        // Pseudo-headers and framing headers are curl's own business.
        if h.name.starts_with(':')
            || matches!(lower.as_str(), "content-length" | "host" | "connection")
        {
            continue;
        }
        for v in h.value.split('\n') {
            out.push_str(" \\\n  -H ");
            out.push_str(&quote(&format!("{}: {}", h.name, opts.header(&h.name, v))));
        }
    }
    if let Some(body) = r.post_data.as_ref().and_then(|p| p.text().map(|t| (p, t))) {
        let (p, t) = body;
        let shown = opts.body(&p.mime_type, &t);
        out.push_str(" \\\n  --data-raw ");
        out.push_str(&quote(&shown));
    }
    out
}

/// POSIX shell single quoting.
/// A shell word for `s`: single quotes, or ANSI-C quoting (`$'…'`, bash and zsh)
/// when `s` holds control or bidirectional characters, so the command stays
/// faithful and printing it cannot drive the terminal.
fn quote(s: &str) -> String {
    if !s
        .chars()
        .any(|c| c.is_control() || crate::value::is_bidi_control(c))
    {
        return format!("'{}'", s.replace('\'', "'\\''"));
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || crate::value::is_bidi_control(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_quoted_visibly() {
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("GET\u{1b}[2J"), "$'GET\\x1b[2J'");
        assert_eq!(quote("a\nb'\\\u{202e}"), "$'a\\nb\\'\\\\\\u202e'");
    }

    #[test]
    fn curl_redacts_and_quotes() {
        let text = r#"{"request":{"method":"POST","url":"https://api.test/t?access_token=abc",
            "headers":[{"name":":authority","value":"api.test"},{"name":"Authorization","value":"Bearer s3cret"},
            {"name":"X-Note","value":"it's"}],
            "postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=refresh_token&refresh_token=r3fresh"}}}"#;
        let doc = format!(r#"{{"log":{{"entries":[{text}]}}}}"#);
        let read = crate::har::parse(&doc);
        let e = &read.har.entries[0];
        let c = curl(&read.har, e, &Options::default());
        assert!(
            !c.contains("s3cret") && !c.contains("r3fresh") && !c.contains("=abc"),
            "{c}"
        );
        assert!(
            c.contains("-X 'POST'")
                && c.contains("'X-Note: it'\\''s'")
                && !c.contains(":authority"),
            "{c}"
        );
        let shown = curl(
            &read.har,
            e,
            &Options {
                show_secrets: true,
                ..Options::default()
            },
        );
        assert!(shown.contains("Bearer s3cret"));
    }
}
