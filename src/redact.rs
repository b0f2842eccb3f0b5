//! Redaction: secrets never leave the core in clear unless the user asks.
//!
//! A redacted secret keeps enough to compare two captures: its length and the first
//! six hex digits of its SHA-256, so equal secrets look equal
//! (`•••(12 chars, sha256:3f2a9c)`). Users can check a fingerprint against a token
//! they hold with `printf %s "$TOKEN" | sha256sum`. Only parts that are public by
//! design are kept in clear: a JWT's first bytes (the encoded header) and the type
//! prefix of a vendor token (`ghp_`, `sk_live_`).

use std::borrow::Cow;

use sha2::{Digest, Sha256};

/// First six hex digits of the SHA-256 of `s`.
pub fn fingerprint(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest.iter().take(3).map(|b| format!("{b:02x}")).collect()
}

/// The vendor type prefix of a token (`ghp_`, `sk_live_`), which is public.
pub fn public_prefix(value: &str) -> Option<&'static str> {
    crate::knowledge::TOKEN_PREFIXES
        .iter()
        .copied()
        .find(|p| value.starts_with(p) && value.len() > p.len())
}

/// Values that look like credentials but are programming placeholders: showing
/// them is the diagnosis, and they protect nothing.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || crate::http::authorization::is_placeholder(v)
}

/// Redacts one secret value (see the module docs).
pub fn secret(value: &str) -> String {
    if is_placeholder(value) {
        return value.to_owned();
    }
    let chars = value.chars().count();
    let keep = if value.starts_with("eyJ") {
        // A JWT's first 8 characters encode `{"alg":` or `{"typ":`: public by design.
        8.min(value.len())
    } else {
        public_prefix(value).map_or(0, str::len)
    };
    // A cut inside a multi-byte character (`eyJabcdé`) keeps fewer bytes, never panics.
    let shown = crate::text::head(value, keep);
    let (shown, sep) = if !shown.is_empty() && shown.len() < value.len() {
        (shown, "…")
    } else {
        ("•••", "")
    };
    format!("{shown}{sep}({chars} chars, sha256:{})", fingerprint(value))
}

/// Header names whose whole value (after a scheme) is a credential.
pub fn is_sensitive_header(name: &str) -> bool {
    // Allocate only for names that are not lowercase already (hot path).
    let n: Cow<'_, str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    };
    use crate::knowledge::{CREDENTIAL_HEADERS, CREDENTIAL_HEADER_WORDS};
    CREDENTIAL_HEADERS.contains(&n.as_ref())
        || CREDENTIAL_HEADER_WORDS.iter().any(|w| n.contains(w))
}

/// Query, form and JSON keys whose value is a credential.
pub fn is_sensitive_param(name: &str) -> bool {
    use crate::knowledge::{CREDENTIAL_PARAMS, CREDENTIAL_PARAM_WORDS, NOT_CREDENTIAL_PARAMS};
    let n = name.to_ascii_lowercase().replace('-', "_");
    // Names about a token rather than holding one.
    if NOT_CREDENTIAL_PARAMS.contains(&n.as_str()) {
        return false;
    }
    CREDENTIAL_PARAMS.contains(&n.as_str()) || CREDENTIAL_PARAM_WORDS.iter().any(|w| n.contains(w))
}

/// Redacts a header value according to its name. `Authorization: Bearer x` keeps
/// the scheme; `Cookie` and `Set-Cookie` keep names and attributes.
pub fn header_value<'v>(name: &str, value: &'v str) -> Cow<'v, str> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "authorization" | "proxy-authorization" => Cow::Owned(authorization(value)),
        "cookie" => Cow::Owned(cookie_header(value)),
        "set-cookie" => Cow::Owned(
            value
                .split('\n')
                .map(set_cookie)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        "location" | "referer" | "content-location" => url(value),
        _ if is_sensitive_header(name) => Cow::Owned(secret(value)),
        _ => Cow::Borrowed(value),
    }
}

/// `Scheme credentials` with the credentials redacted (the scheme is not secret).
pub fn authorization(value: &str) -> String {
    let trimmed = value.trim_start();
    match trimmed.split_once([' ', '\t']) {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(is_tchar) => {
            let rest_trimmed = rest.trim_start_matches([' ', '\t']);
            // `split_once` consumed one separator; keep it and any others as sent.
            let lead = &trimmed[scheme.len()..trimmed.len() - rest_trimmed.len()]; // boundary: trimmed whole characters
            if rest_trimmed.contains('=')
                && !scheme.eq_ignore_ascii_case("basic")
                && !scheme.eq_ignore_ascii_case("bearer")
                && rest_trimmed.contains(',')
            {
                // auth-param list (Digest): keep the names, hide every value.
                let params: Vec<String> = rest_trimmed
                    .split(',')
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) => {
                            let k_trim = k.trim().to_ascii_lowercase();
                            let v = v.trim().trim_matches('"');
                            if matches!(
                                k_trim.as_str(),
                                "username" | "realm" | "uri" | "algorithm" | "qop"
                            ) {
                                format!("{}={}", k.trim(), v)
                            } else {
                                format!("{}={}", k.trim(), secret(v))
                            }
                        }
                        None => secret(p.trim()),
                    })
                    .collect();
                return format!("{scheme}{lead}{}", params.join(", "));
            }
            format!("{scheme}{lead}{}", secret(rest_trimmed))
        }
        _ => secret(value),
    }
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// How a secret is replaced: [`secret`] for display, `sanitize::token` for a
/// shareable HAR. The structural functions below take one, so what counts as a
/// secret is decided in one place for every output.
pub type Replace<'r> = &'r dyn Fn(&str) -> String;

/// Whether a string is a compact JWT (replaced wherever it appears).
pub fn looks_like_jwt(s: &str) -> bool {
    s.starts_with("eyJ") && s.matches('.').count() >= 2 && !s.contains(' ')
}

/// A `Cookie` request header with every value redacted and names kept.
pub fn cookie_header(value: &str) -> String {
    cookie_header_with(value, &secret)
}

/// A `Cookie` header with every value replaced by `replace`.
pub fn cookie_header_with(value: &str, replace: Replace<'_>) -> String {
    value
        .split(';')
        .map(|pair| match pair.split_once('=') {
            Some((n, v)) => format!("{}={}", n.trim(), replace(v.trim())),
            None => pair.trim().to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One `Set-Cookie` line with its value redacted and attributes kept.
pub fn set_cookie(line: &str) -> String {
    set_cookie_with(line, &secret)
}

/// One `Set-Cookie` line with its value replaced by `replace`.
pub fn set_cookie_with(line: &str, replace: Replace<'_>) -> String {
    let (first, attrs) = match line.split_once(';') {
        Some((f, a)) => (f, Some(a)),
        None => (line, None),
    };
    let head = match first.split_once('=') {
        Some((n, v)) => format!("{}={}", n.trim(), replace(v.trim())),
        None => replace(first.trim()),
    };
    match attrs {
        Some(a) => format!("{head};{a}"),
        None => head,
    }
}

/// A URL with user info, sensitive query and fragment parameters redacted;
/// borrowed when nothing needed redacting.
pub fn url(value: &str) -> Cow<'_, str> {
    let out = url_with(value, &secret);
    if out == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(out)
    }
}

/// A URL with the password of its user info and sensitive query and fragment
/// parameters replaced; everything else is kept byte for byte.
pub fn url_with(value: &str, replace: Replace<'_>) -> String {
    let (before_fragment, fragment) = match value.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (value, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let mut out = String::with_capacity(value.len());
    match base.find("://") {
        Some(scheme_end) => {
            let rest = &base[scheme_end + 3..];
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => {
                    out.push_str(&base[..scheme_end + 3]);
                    match rest[..at].split_once(':') {
                        Some((u, p)) => {
                            out.push_str(u);
                            out.push(':');
                            out.push_str(&replace(&percent_decode_lossy(p)));
                        }
                        None => out.push_str(&rest[..at]),
                    }
                    out.push_str(&rest[at..]);
                }
                None => out.push_str(base),
            }
        }
        None => out.push_str(base),
    }
    if let Some(q) = query {
        out.push('?');
        out.push_str(&params_with(q, replace));
    }
    if let Some(f) = fragment {
        out.push('#');
        // `#access_token=…&state=…` (implicit flow) is a parameter list; a route
        // fragment (`#/settings`) is not.
        if f.contains('=') {
            let (route, ps) = match f.split_once('?') {
                Some((r, p)) => (Some(r), p),
                None => (None, f),
            };
            if let Some(r) = route {
                out.push_str(r);
                out.push('?');
            }
            out.push_str(&params_with(ps, replace));
        } else if looks_like_jwt(f) {
            out.push_str(&replace(f));
        } else {
            out.push_str(f);
        }
    }
    out
}

/// An `a=1&b=2` string with sensitive values (and JWTs) replaced.
pub fn params_with(q: &str, replace: Replace<'_>) -> String {
    q.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !v.is_empty() => {
                let dv = percent_decode_lossy(v);
                if is_sensitive_param(&percent_decode_lossy(k)) || looks_like_jwt(&dv) {
                    format!("{k}={}", replace(&dv))
                } else {
                    pair.to_owned()
                }
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes `%XX` and `+` (form encoding); invalid escapes stay as written.
pub fn percent_decode_lossy(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' {
            out.push(b' ');
        } else if b == b'%' {
            let decoded = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(d) = decoded {
                out.push(d);
                i += 3;
                continue;
            }
            out.push(b'%');
        } else {
            out.push(b);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON or form body with sensitive values redacted, for excerpts and `curl`.
pub fn body(mime: &str, text: &str) -> String {
    body_with(mime, text, &secret).unwrap_or_else(|| text.to_owned())
}

/// A JSON or form body with sensitive values replaced; `None` when nothing
/// changed or the body is neither.
pub fn body_with(mime: &str, text: &str, replace: Replace<'_>) -> Option<String> {
    let trimmed = text.trim_start();
    let clean = if trimmed.starts_with('{') || trimmed.starts_with('[') || mime.contains("json") {
        let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
        json_with(&mut v, replace);
        serde_json::to_string(&v).ok()?
    } else if mime.contains("x-www-form-urlencoded")
        || (!trimmed.is_empty() && !trimmed.contains([' ', '\n']) && trimmed.contains('='))
    {
        params_with(text, replace)
    } else if looks_like_jwt(trimmed) {
        replace(trimmed)
    } else {
        return None;
    };
    (clean != text).then_some(clean)
}

/// Replaces sensitive members (by key, recursively) and JWT strings of a JSON
/// value in place.
pub fn json_with(v: &mut serde_json::Value, replace: Replace<'_>) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_sensitive_param(k) {
                    match val {
                        Value::String(s) => {
                            *s = replace(s);
                            continue;
                        }
                        Value::Number(n) => {
                            *val = Value::String(replace(&n.to_string()));
                            continue;
                        }
                        _ => {}
                    }
                }
                json_with(val, replace);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| json_with(x, replace)),
        Value::String(s) if looks_like_jwt(s) => *s = replace(s),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_secrets_have_equal_fingerprints_and_never_appear() {
        let a = secret("s3cr3t-value");
        assert_eq!(a, secret("s3cr3t-value"));
        assert_ne!(a, secret("s3cr3t-valuf"));
        assert!(!a.contains("s3cr3t"));
        assert!(a.starts_with("•••(12 chars, sha256:"), "{a}");
    }

    #[test]
    fn fingerprint_is_sha256_prefix() {
        // printf %s abc | sha256sum → ba7816bf…
        assert_eq!(fingerprint("abc"), "ba7816");
    }

    #[test]
    fn jwt_and_vendor_prefixes_stay_visible() {
        assert!(secret("eyJhbGciOiJIUzI1NiJ9.e30.sig").starts_with("eyJhbGci…(28 chars"));
        assert!(secret("ghp_abcdefghijkl").starts_with("ghp_…("));
    }

    #[test]
    fn placeholders_are_shown() {
        assert_eq!(authorization("Bearer undefined"), "Bearer undefined");
        assert_eq!(authorization("Bearer ${token}"), "Bearer ${token}");
        assert!(authorization("Basic YWxpY2U6c2VjcmV0").starts_with("Basic •••("));
    }

    #[test]
    fn headers_keep_structure() {
        let c = cookie_header("sid=abc123; theme=dark");
        assert!(
            c.starts_with("sid=•••(6 chars") && c.contains("; theme=•••"),
            "{c}"
        );
        let s = set_cookie("sid=abc123; Path=/; HttpOnly; SameSite=Lax");
        assert!(
            s.ends_with("; Path=/; HttpOnly; SameSite=Lax") && !s.contains("abc123"),
            "{s}"
        );
        let d =
            authorization(r#"Digest username="bob", realm="x", nonce="n1", response="deadbeef""#);
        assert!(d.contains("username=bob") && !d.contains("deadbeef"), "{d}");
    }

    #[test]
    fn urls_hide_tokens_userinfo_and_fragments() {
        let u = url("https://bob:hunter2@api.test/cb?code=abc&x=1#access_token=tok&state=s");
        assert!(
            !u.contains("hunter2") && !u.contains("code=abc") && !u.contains("=tok&"),
            "{u}"
        );
        assert!(u.contains("x=1") && u.contains("bob:"), "{u}");
        assert!(matches!(url("https://api.test/a?x=1"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_bodies_hide_tokens() {
        let b = body(
            "application/json",
            r#"{"access_token":"abc","scope":"repo","n":{"password":"p"}}"#,
        );
        assert!(
            !b.contains("\"abc\"") && !b.contains("\"p\"") && b.contains("repo"),
            "{b}"
        );
    }
}
