//! A `fetch()` call reproducing a request from the browser's console (DevTools'
//! "Copy as fetch"), redacted by the same policy as everything else.
//!
//! Headers a page may not set (`Cookie`, `Host`, `Origin`, `Referer`, `Sec-*`, …)
//! are left out: the browser adds them itself. A request that carried cookies is
//! written with `credentials: "include"`, so the browser sends the cookies it holds.

use crate::har::{Entry, Har};
use crate::Options;

/// Request headers a script cannot set (the Fetch standard's forbidden request
/// headers), in lower case; `sec-` and `proxy-` prefixes are forbidden too.
const FORBIDDEN: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// The request as a `fetch()` call for the browser's console.
pub fn fetch<'a>(har: &Har<'a>, entry: &Entry<'a>, opts: &Options) -> String {
    let opts = &*opts.for_capture(har);
    let r = &entry.request;
    let mut out = format!("await fetch({}, {{\n", js(&opts.redact_url(&r.url)));
    let method = if r.method.is_empty() {
        "GET"
    } else {
        &r.method
    };
    out.push_str(&format!("  method: {},\n", js(method)));
    let mut headers = Vec::new();
    let mut cookies = false;
    for h in &har.request_headers(entry) {
        let lower = h.name.to_ascii_lowercase();
        if lower == "cookie" {
            cookies = true;
        }
        if h.name.starts_with(':')
            || FORBIDDEN.contains(&lower.as_str())
            || lower.starts_with("sec-")
            || lower.starts_with("proxy-")
        {
            continue;
        }
        for v in h.value.split('\n') {
            headers.push(format!(
                "    {}: {},\n",
                js(&lower),
                js(&opts.header(&h.name, v))
            ));
        }
    }
    if !headers.is_empty() {
        out.push_str("  headers: {\n");
        headers.iter().for_each(|h| out.push_str(h));
        out.push_str("  },\n");
    }
    if let Some((p, t)) = r.post_data.as_ref().and_then(|p| p.text().map(|t| (p, t))) {
        out.push_str(&format!("  body: {},\n", js(&opts.body(&p.mime_type, &t))));
    }
    // The cookies are the browser's to send: the capture's values are not written out.
    out.push_str(if cookies || !r.cookies.is_empty() {
        "  credentials: \"include\",\n"
    } else {
        "  credentials: \"omit\",\n"
    });
    out.push_str("});");
    out
}

/// A JavaScript string literal: JSON's escapes, plus bidirectional controls and the
/// line separators, so the call reads the same as it runs.
fn js(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::value::is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(entry: &str) -> String {
        let text = format!(r#"{{"log":{{"entries":[{entry}]}}}}"#);
        let har = crate::har::parse(&text).har;
        fetch(&har, &har.entries[0], &Options::default())
    }

    #[test]
    fn a_post_with_a_token_and_cookies() {
        let f = one(
            r#"{"request":{"method":"POST","url":"https://api.test/v1/orders?access_token=abc.def.ghi","headers":[
                {"name":"Authorization","value":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"},
                {"name":"Content-Type","value":"application/json"},
                {"name":"Cookie","value":"sid=s3cr3tS3ss10nValue"},
                {"name":"Origin","value":"https://app.test"},
                {"name":"Sec-Fetch-Mode","value":"cors"},
                {"name":"X-Note","value":"a\u202eb\"c"}],
              "postData":{"mimeType":"application/json","text":"{\"password\":\"hunter2hunter2\"}"}},
              "response":{"status":401,"headers":[]}}"#,
        );
        assert!(
            f.starts_with("await fetch(\"https://api.test/v1/orders?access_token="),
            "{f}"
        );
        assert!(f.contains("method: \"POST\""), "{f}");
        assert!(
            f.contains("\"authorization\": \"Bearer eyJhbGci"),
            "the token's kind stays readable: {f}"
        );
        assert!(
            !f.contains("c2lnbmF0dXJlc2lnbmF0dXJl"),
            "signature redacted: {f}"
        );
        assert!(
            !f.contains("s3cr3t") && !f.contains("hunter2") && !f.contains("abc.def.ghi"),
            "{f}"
        );
        assert!(
            !f.to_ascii_lowercase().contains("\"cookie\"")
                && !f.contains("\"origin\"")
                && !f.contains("sec-fetch"),
            "{f}"
        );
        assert!(f.contains("credentials: \"include\""), "{f}");
        assert!(
            f.contains("\\u202e") && !f.contains('\u{202e}'),
            "bidi control escaped: {f}"
        );
        assert!(f.contains("a\\u202eb\\\"c"), "{f}");
        assert!(f.contains("body: "), "{f}");
        assert!(f.ends_with("});"));
    }

    #[test]
    fn a_plain_get_omits_credentials_and_body() {
        let f = one(
            r#"{"request":{"method":"GET","url":"https://api.test/x","headers":[{"name":"Accept","value":"*/*"}]},"response":{"status":401,"headers":[]}}"#,
        );
        assert_eq!(f, "await fetch(\"https://api.test/x\", {\n  method: \"GET\",\n  headers: {\n    \"accept\": \"*/*\",\n  },\n  credentials: \"omit\",\n});");
    }
}
