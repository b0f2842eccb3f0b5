//! `WWW-Authenticate` header, defined in [RFC 9110 §11.6.1]; the same grammar
//! serves `Proxy-Authenticate` ([RFC 9110 §11.7.1]).
//!
//! The parser never fails: servers send malformed challenges far more often
//! than clients reject them, so every deviation is recovered from the way
//! browsers do and recorded as a human-readable issue instead.
//!
//! # ABNF
//!
//! ```text
//! WWW-Authenticate = #challenge
//! challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! auth-scheme      = token
//! auth-param       = token BWS "=" BWS ( token / quoted-string )
//! token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! quoted-string    = DQUOTE *( qdtext / quoted-pair ) DQUOTE
//! quoted-pair      = "\" ( HTAB / SP / VCHAR / obs-text )
//! ```
//!
//! # Example values
//!
//! ```text
//! Basic realm="WallyWorld"
//! Basic realm="foo", charset="UTF-8"
//! Bearer realm="example", error="invalid_token", error_description="The access token expired"
//! Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"
//! Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", stale=true
//! Negotiate YIIBzgYJKoZIhvcSAQICAQBuggG9MIIBuaADAgEFoQM=
//! Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"
//! ```
//!
//! [RFC 9110 §11.6.1]: https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
//! [RFC 9110 §11.7.1]: https://www.rfc-editor.org/rfc/rfc9110#section-11.7.1

/// One authentication challenge: a scheme plus either a token68 or auth-params.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Challenge {
    /// The auth-scheme exactly as the server spelled it (schemes are
    /// case-insensitive, so compare with [`Challenge::is`]).
    pub scheme: String,
    /// The token68 form of the challenge data (e.g. `Negotiate <blob>`), if used.
    pub token68: Option<String>,
    /// Auth-params in order of appearance; names lowercased, values unquoted
    /// with `\` escapes resolved. Duplicates are kept (the first one wins in
    /// [`Challenge::param`]).
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// The first parameter called `name` (compared case-insensitively).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether this challenge uses `scheme` (compared case-insensitively).
    pub fn is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// The `realm` parameter (RFC 9110 §11.5).
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    /// The `error` parameter (RFC 6750 §3, e.g. `invalid_token`).
    pub fn error(&self) -> Option<&str> {
        self.param("error")
    }

    /// The `error_description` parameter (RFC 6750 §3).
    pub fn error_description(&self) -> Option<&str> {
        self.param("error_description")
    }

    /// The `scope` parameter (RFC 6750 §3; also used by OCI registries).
    pub fn scope(&self) -> Option<&str> {
        self.param("scope")
    }

    /// The `charset` parameter (RFC 7617 §2.1; only `UTF-8` is defined).
    pub fn charset(&self) -> Option<&str> {
        self.param("charset")
    }

    /// Whether a Digest challenge says the nonce was merely stale
    /// (`stale=true`, RFC 7616 §3.3), i.e. the password was right.
    pub fn stale(&self) -> bool {
        self.param("stale")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// The result of parsing one or more `WWW-Authenticate` field values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// Challenges in the order they appeared.
    pub challenges: Vec<Challenge>,
    /// Deviations from RFC 9110 that were recovered from, as sentences.
    pub issues: Vec<String>,
}

impl Parsed {
    /// The first challenge using `scheme` (case-insensitive), which is the one
    /// browsers act on when a scheme is offered twice.
    pub fn find(&self, scheme: &str) -> Option<&Challenge> {
        self.challenges.iter().find(|c| c.is(scheme))
    }
}

/// Parses one `WWW-Authenticate` (or `Proxy-Authenticate`) field value.
///
/// Line breaks not followed by whitespace separate field lines, because HAR
/// exporters join repeated header lines with `"\n"`.
pub fn parse(value: &str) -> Parsed {
    parse_all(std::iter::once(value))
}

/// Parses several field lines of the same header, e.g. the repeated
/// `WWW-Authenticate` entries of one HAR response.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Parsed {
    let mut out = Parsed::default();
    for value in values {
        // Most values are one line, read where they are.
        if memchr::memchr2(b'\r', b'\n', value.as_bytes()).is_none() {
            if !value.trim_matches([' ', '\t']).is_empty() {
                parse_line(value, &mut out);
            }
            continue;
        }
        for line in field_lines(value, &mut out.issues) {
            parse_line(&line, &mut out);
        }
    }
    out
}

/// Splits on line breaks, unfolding obs-fold (a line break followed by SP or
/// HTAB, RFC 9112 §5.2) into a space as recipients are required to.
fn field_lines(value: &str, issues: &mut Vec<String>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut folded = false;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\r' && c != '\n' {
            current.push(c);
            continue;
        }
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
        }
        if matches!(chars.peek(), Some(' ' | '\t')) {
            folded = true;
            current.push(' ');
        } else {
            lines.push(std::mem::take(&mut current));
        }
    }
    lines.push(current);
    if folded {
        issues.push(
            "the value is folded over several lines (obsolete line folding); \
             it was unfolded, but RFC 9112 §5.2 forbids senders to fold"
                .to_string(),
        );
    }
    lines.retain(|l| !l.trim_matches([' ', '\t']).is_empty());
    lines
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_ascii() && b"!#$%&'*+-.^_`|~".contains(&(c as u8)))
}

fn is_token68_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_ascii() && b"-._~+/".contains(&(c as u8)))
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.pos += want.len_utf8();
            true
        } else {
            false
        }
    }

    /// Returns whether anything was skipped, because `Basic ,x` and
    /// `Basic,x` mean different things.
    fn skip_ows(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        self.pos != start
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !f(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        self.s.get(start..self.pos).unwrap_or("")
    }

    fn at_element_end(&self) -> bool {
        matches!(self.peek(), None | Some(','))
    }

    /// Reads the rest of a quoted-string whose opening quote was consumed.
    /// Returns the unescaped text and whether the closing quote was found.
    fn quoted(&mut self) -> (String, bool) {
        // Most quoted strings have no escape: taken whole, up to their closing quote.
        let rest = self.rest();
        if let Some(end) = memchr::memchr2(b'"', b'\\', rest.as_bytes()) {
            if rest.as_bytes()[end] == b'"' {
                self.pos += end + 1;
                return (rest[..end].to_owned(), true); // boundary: at an ASCII `"`
            }
        }
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return (out, false),
                Some('"') => return (out, true),
                Some('\\') => match self.bump() {
                    Some(c) => out.push(c),
                    None => return (out, false),
                },
                Some(c) => out.push(c),
            }
        }
    }

    /// Skips to the next top-level comma, so that a comma inside a quoted
    /// string cannot be mistaken for a list separator.
    fn skip_element(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ',' => return,
                '"' => {
                    self.pos += 1;
                    let _ = self.quoted();
                }
                _ => self.pos += c.len_utf8(),
            }
        }
    }

    /// Whether the input continues with `token BWS "="`, i.e. an auth-param
    /// rather than the scheme of a new challenge.
    fn looks_like_param(&self) -> bool {
        let mut probe = Cursor {
            s: self.s,
            pos: self.pos,
        };
        !probe.take_while(is_tchar).is_empty() && {
            probe.skip_ows();
            probe.peek() == Some('=')
        }
    }
}

/// Parameters of a challenge compared one by one for a repeat; from this many on, by a set.
const FEW_PARAMS: usize = 16;

fn parse_line(line: &str, out: &mut Parsed) {
    let mut cur = Cursor { s: line, pos: 0 };
    // Index of the challenge that still accepts auth-params. A challenge stops
    // accepting them after a token68, or when its scheme is directly followed
    // by a comma (`Basic, realm="x"`): that is how Firefox reads it.
    let mut open: Option<usize> = None;
    // Names of the open challenge's params, once it has many: a repeat is found without a
    // scan of them all (200,000 params in one header once took half a minute). A challenge
    // mostly has a few: they are compared one by one, with no copy of each name to hash.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    loop {
        cur.skip_ows();
        let Some(c) = cur.peek() else { break };
        if c == ',' {
            cur.bump();
            continue;
        }
        let name = cur.take_while(is_tchar);
        if name.is_empty() {
            out.issues.push(format!(
                "unexpected character {c:?} (U+{:04X}) where an auth-scheme or auth-param \
                 was expected; skipped to the next comma",
                c as u32
            ));
            cur.skip_element();
            continue;
        }
        let had_space = cur.skip_ows();
        if cur.peek() == Some('=') && !cur.rest().starts_with("==") {
            cur.bump();
            let param_name = name.to_ascii_lowercase();
            let value = param_value(&mut cur, &param_name, out);
            match open.and_then(|i| out.challenges.get_mut(i)) {
                Some(ch) => {
                    let repeated = if ch.params.len() < FEW_PARAMS {
                        ch.params.iter().any(|(n, _)| *n == param_name)
                    } else {
                        if seen.is_empty() {
                            seen.extend(ch.params.iter().map(|(n, _)| n.clone()));
                        }
                        !seen.insert(param_name.clone())
                    };
                    if repeated {
                        out.issues.push(format!(
                            "parameter `{param_name}` appears more than once in the `{}` \
                             challenge; the first one is used",
                            ch.scheme
                        ));
                    }
                    ch.params.push((param_name, value));
                }
                None => out.issues.push(format!(
                    "parameter `{param_name}` does not belong to any challenge (a comma \
                     directly after the scheme, or a token68, ends a challenge); browsers \
                     ignore it"
                )),
            }
            after_value(&mut cur, out);
            continue;
        }
        // Anything else starting with a token is a new challenge.
        out.challenges.push(Challenge {
            scheme: name.to_string(),
            ..Challenge::default()
        });
        seen.clear();
        let idx = out.challenges.len() - 1;
        open = None;
        if cur.at_element_end() {
            if had_space || cur.peek().is_none() {
                open = Some(idx);
            }
            continue;
        }
        if !had_space {
            out.issues.push(format!(
                "the `{name}` scheme is followed by {:?} instead of a space; the rest of \
                 this challenge was skipped",
                cur.peek().unwrap_or(' ')
            ));
            cur.skip_element();
            continue;
        }
        if let Some(t68) = try_token68(&mut cur) {
            if let Some(ch) = out.challenges.get_mut(idx) {
                ch.token68 = Some(t68);
            }
            continue;
        }
        open = Some(idx);
    }
}

/// Reads a token68 only if it is the whole list element; otherwise leaves the
/// cursor untouched so the text is read as auth-params.
fn try_token68(cur: &mut Cursor<'_>) -> Option<String> {
    let start = cur.pos;
    let body = cur.take_while(is_token68_char);
    if body.is_empty() {
        return None;
    }
    cur.take_while(|c| c == '=');
    let end = cur.pos;
    cur.skip_ows();
    if cur.at_element_end() {
        return cur.s.get(start..end).map(str::to_string);
    }
    cur.pos = start;
    None
}

fn param_value(cur: &mut Cursor<'_>, name: &str, out: &mut Parsed) -> String {
    cur.skip_ows();
    if cur.eat('"') {
        let (value, terminated) = cur.quoted();
        if !terminated {
            out.issues.push(format!(
                "the quoted value of `{name}` is missing its closing quote; the rest of \
                 the line was taken as the value"
            ));
        }
        return value;
    }
    let raw = cur.take_while(|c| c != ',');
    let value = raw.trim_end_matches([' ', '\t']);
    if value.is_empty() {
        out.issues
            .push(format!("parameter `{name}` has an empty value"));
    } else if value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .is_some_and(|inner| inner.chars().all(is_tchar))
    {
        out.issues.push(format!(
            "the value of `{name}` is in single quotes, which HTTP does not treat as \
             quoting; the quotes are part of the value"
        ));
    } else if !value.chars().all(is_tchar) {
        out.issues.push(format!(
            "the unquoted value of `{name}` contains characters that are not allowed in a \
             token and should have been quoted; some clients fail to parse it"
        ));
    }
    value.to_string()
}

fn after_value(cur: &mut Cursor<'_>, out: &mut Parsed) {
    cur.skip_ows();
    if cur.at_element_end() {
        return;
    }
    if cur.looks_like_param() {
        out.issues.push(
            "a comma is missing between two parameters; they were read as if it were there"
                .to_string(),
        );
        return;
    }
    out.issues.push(
        "unexpected text after a parameter value (an unescaped quote inside a quoted \
         string?); skipped to the next comma"
            .to_string(),
    );
    cur.skip_element();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str) -> Challenge {
        let parsed = parse(value);
        assert_eq!(parsed.challenges.len(), 1, "{value:?} -> {parsed:?}");
        parsed.challenges.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn scheme_casing_variants() {
        for value in ["Basic", "BASIC", "basic", "bAsIc"] {
            let c = one(&format!("{value} realm=\"x\""));
            assert!(c.is("Basic"), "{value}");
            assert!(c.is("bASIC"), "{value}");
            assert!(!c.is("Bearer"), "{value}");
            assert_eq!(c.scheme, value, "scheme keeps the server's spelling");
        }
    }

    #[test]
    fn param_name_casing_variants() {
        for name in ["realm", "REALM", "Realm", "rEaLm"] {
            let c = one(&format!("Basic {name}=\"x\""));
            assert_eq!(c.params, vec![("realm".to_string(), "x".to_string())]);
            assert_eq!(c.param("ReAlM"), Some("x"));
        }
    }

    #[test]
    fn stale_casing_variants() {
        for (value, stale) in [
            ("true", true),
            ("TRUE", true),
            ("True", true),
            ("\"true\"", true),
            ("false", false),
            ("FALSE", false),
            ("yes", false),
            ("1", false),
        ] {
            let c = one(&format!("Digest realm=\"r\", nonce=\"n\", stale={value}"));
            assert_eq!(c.stale(), stale, "{value}");
        }
        assert!(!one("Digest realm=\"r\"").stale());
    }

    #[test]
    fn accessors() {
        let c = one("Bearer realm=\"example\", error=\"insufficient_scope\", \
             error_description=\"needs \\\"admin\\\"\", scope=\"read write\", charset=UTF-8");
        assert_eq!(c.realm(), Some("example"));
        assert_eq!(c.error(), Some("insufficient_scope"));
        assert_eq!(c.error_description(), Some("needs \"admin\""));
        assert_eq!(c.scope(), Some("read write"));
        assert_eq!(c.charset(), Some("UTF-8"));
        assert_eq!(c.param("missing"), None);
    }

    #[test]
    fn token68_with_padding() {
        let c = one("Negotiate YIIBzgYJKoZIhvcSAQICAQBuggG9+/==");
        assert_eq!(
            c.token68.as_deref(),
            Some("YIIBzgYJKoZIhvcSAQICAQBuggG9+/==")
        );
        assert!(c.params.is_empty());
        let c = one("Basic abc=");
        assert_eq!(c.token68.as_deref(), Some("abc="));
    }

    #[test]
    fn token68_then_other_challenge() {
        let p = parse("Negotiate abc==, Basic realm=\"r\"");
        assert_eq!(p.challenges.len(), 2);
        assert_eq!(p.challenges[0].token68.as_deref(), Some("abc=="));
        assert_eq!(p.find("basic").and_then(Challenge::realm), Some("r"));
        assert!(p.issues.is_empty(), "{:?}", p.issues);
    }

    #[test]
    fn several_challenges_and_bare_schemes() {
        let p = parse("Negotiate, NTLM, Basic realm=\"corp\", Bearer");
        let schemes: Vec<_> = p.challenges.iter().map(|c| c.scheme.as_str()).collect();
        assert_eq!(schemes, ["Negotiate", "NTLM", "Basic", "Bearer"]);
        assert_eq!(p.challenges[2].realm(), Some("corp"));
        assert!(p.issues.is_empty(), "{:?}", p.issues);
    }

    #[test]
    fn line_feed_separates_field_lines() {
        let p = parse("Bearer realm=\"api\"\nBasic realm=\"legacy\"");
        assert_eq!(p.challenges.len(), 2);
        assert_eq!(p.find("Bearer").and_then(Challenge::realm), Some("api"));
        assert_eq!(p.find("Basic").and_then(Challenge::realm), Some("legacy"));
        // A new field line always starts a new challenge, even without a comma,
        // so a param on the next line cannot leak into the previous challenge.
        let p = parse("Bearer\r\nrealm=\"x\"");
        assert_eq!(p.challenges.len(), 1);
        assert_eq!(p.challenges[0].realm(), None);
        assert_eq!(p.issues.len(), 1);
    }

    #[test]
    fn obs_fold_is_whitespace() {
        let p = parse("Bearer realm=\"example\",\r\n  error=\"invalid_token\"");
        assert_eq!(p.challenges.len(), 1);
        assert_eq!(p.challenges[0].error(), Some("invalid_token"));
        assert!(p.issues[0].contains("folded"));
    }

    #[test]
    fn unterminated_quote_recovers() {
        let p = parse("Bearer realm=\"x\", error=\"invalid_token");
        assert_eq!(p.challenges.len(), 1);
        assert_eq!(p.challenges[0].realm(), Some("x"));
        assert_eq!(p.challenges[0].error(), Some("invalid_token"));
        assert!(p.issues.iter().any(|i| i.contains("closing quote")));
        // The next HAR line is unaffected by the quote left open on this one.
        let p = parse("Bearer error=\"invalid_token\nBasic realm=\"b\"");
        assert_eq!(p.challenges.len(), 2);
        assert_eq!(p.challenges[0].error(), Some("invalid_token"));
        assert_eq!(p.find("basic").and_then(Challenge::realm), Some("b"));
    }

    #[test]
    fn trailing_backslash_in_quotes() {
        let p = parse("Basic realm=\"abc\\");
        assert_eq!(p.challenges[0].realm(), Some("abc"));
        assert_eq!(p.issues.len(), 1);
    }

    #[test]
    fn missing_comma_between_params() {
        let p = parse("Bearer realm=\"r\" error=\"invalid_token\"");
        assert_eq!(p.challenges.len(), 1);
        assert_eq!(p.challenges[0].realm(), Some("r"));
        assert_eq!(p.challenges[0].error(), Some("invalid_token"));
        assert!(p.issues[0].contains("comma is missing"));
    }

    #[test]
    fn duplicate_param_first_wins() {
        let p = parse("Basic realm=\"a\", REALM=\"b\"");
        assert_eq!(p.challenges[0].realm(), Some("a"));
        assert_eq!(p.challenges[0].params.len(), 2);
        assert!(p.issues[0].contains("more than once"));
    }

    /// A repeated parameter is said once per repeat however many parameters its challenge has:
    /// below [`FEW_PARAMS`] they are compared one by one, from it on through a set; a name of
    /// another challenge is no repeat.
    #[test]
    fn repeats_are_found_among_few_and_many_params() {
        for n in [2, FEW_PARAMS - 1, FEW_PARAMS, FEW_PARAMS + 1, 40] {
            let mut v = String::from("Bearer ");
            for i in 0..n {
                v.push_str(&format!("p{i}=\"{i}\", "));
            }
            v.push_str("p0=again, P1=\"again\", x=1, Basic realm=\"r\", p0=\"new\"");
            let p = parse(&v);
            let repeats = p.issues.iter().filter(|i| i.contains("more than once"));
            assert_eq!(repeats.count(), 2, "{n} params: {:?}", p.issues);
            assert_eq!(p.challenges[0].params.len(), n + 3);
            assert_eq!(p.challenges[0].param("p0"), Some("0"));
            assert_eq!(p.challenges[0].param("p1"), Some("1"));
            assert_eq!(p.challenges[1].param("p0"), Some("new"));
        }
    }

    #[test]
    fn comma_right_after_scheme_detaches_params() {
        let p = parse("Bearer, error=\"invalid_token\"");
        assert_eq!(p.challenges.len(), 1);
        assert_eq!(p.challenges[0].error(), None);
        assert!(p.issues[0].contains("`error`"), "{:?}", p.issues);
        // With a space before the comma the list simply has an empty element.
        let p = parse("Bearer , error=\"invalid_token\"");
        assert_eq!(p.challenges[0].error(), Some("invalid_token"));
        assert!(p.issues.is_empty());
    }

    #[test]
    fn empty_and_blank() {
        for v in ["", " ", ",", " , ,, ", "\n", "\r\n\r\n"] {
            let p = parse(v);
            assert!(p.challenges.is_empty(), "{v:?}");
            assert!(p.issues.is_empty(), "{v:?}");
        }
    }

    #[test]
    fn parse_all_joins_lines() {
        let p = parse_all(["Negotiate", "NTLM", "Basic realm=\"x\""]);
        assert_eq!(p.challenges.len(), 3);
        assert_eq!(p.challenges[2].realm(), Some("x"));
    }

    #[test]
    fn single_quotes_are_not_quoting() {
        let p = parse("Basic realm='foo'");
        assert_eq!(p.challenges[0].realm(), Some("'foo'"));
        assert!(p.issues[0].contains("single quotes"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let samples = [
            "\"",
            "\\",
            "=",
            "==",
            "a=",
            "a==",
            ",=,",
            "Basic \"",
            "Basic realm=\"\\",
            "Basic realm=\u{0}",
            "Bäsic réalm=\"ü\"",
            "Basic realm=\"\u{FEFF}\"",
            "\u{1F600} realm=x",
            "Basic realm=\"a\\\u{1F600}\"",
            "Basic\t\t=",
            "x y z",
            "Basic realm=\"a\"\"b\"",
            "\r",
            "\r\r\n\n ",
            "Basic ,,,, ==, =a",
            "Digest stale",
            "a,b,c=\"d\\\"e\",f g=h",
            "Basic realm=\u{00A0}x",
        ];
        for s in samples {
            let _ = parse(s);
        }
        // Every byte as a char, alone and inside a quoted value.
        for b in 0u8..=255 {
            let c = char::from(b);
            let _ = parse(&format!("Basic realm=\"{c}\", {c}"));
            let _ = parse(&format!("{c}{c} {c}={c}"));
        }
    }

    #[test]
    fn odd_bytes_keep_utf8_values() {
        let c = one("Basic realm=\"a\\\u{1F600}b\"");
        assert_eq!(c.realm(), Some("a\u{1F600}b"));
    }
}
