//! CORS checks, as the Fetch standard defines them (§3.2 CORS protocol, §4.8
//! CORS-preflight fetch, §4.9 CORS check).
//!
//! why401 does not enforce CORS; it replays the browser's decision from what a
//! capture shows, to say *which* header made the browser block a request that
//! carried credentials.
//!
//! # Example values
//! `Access-Control-Allow-Origin: https://app.example`,
//! `Access-Control-Allow-Headers: authorization, content-type`,
//! `Access-Control-Allow-Methods: PUT, DELETE`,
//! `Access-Control-Allow-Credentials: true`.

/// Why a browser refuses a CORS request, by the first failing check.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Denial {
    /// The preflight's status is not 2xx.
    Status(u16),
    /// `Access-Control-Allow-Origin` is missing.
    NoAllowOrigin,
    /// `Access-Control-Allow-Origin: *` on a request with credentials.
    WildcardWithCredentials,
    /// `Access-Control-Allow-Origin` names another origin (or is malformed).
    OtherOrigin(String),
    /// Credentials were sent but `Access-Control-Allow-Credentials` is not `true`.
    NoAllowCredentials,
    /// `Access-Control-Allow-Methods` is not a list of method tokens.
    BadAllowMethods,
    /// `Access-Control-Allow-Headers` is not a list of header names.
    BadAllowHeaders,
    /// The method is neither safelisted nor allowed.
    MethodNotAllowed(String),
    /// A header is neither safelisted nor allowed (`*` never covers
    /// `Authorization`, and covers nothing with credentials).
    HeaderNotAllowed(String),
}

impl Denial {
    /// A stable kebab-case code.
    pub fn as_str(&self) -> &'static str {
        match self {
            Denial::Status(_) => "status",
            Denial::NoAllowOrigin => "no-allow-origin",
            Denial::WildcardWithCredentials => "wildcard-with-credentials",
            Denial::OtherOrigin(_) => "other-origin",
            Denial::NoAllowCredentials => "no-allow-credentials",
            Denial::BadAllowMethods => "bad-allow-methods",
            Denial::BadAllowHeaders => "bad-allow-headers",
            Denial::MethodNotAllowed(_) => "method-not-allowed",
            Denial::HeaderNotAllowed(_) => "header-not-allowed",
        }
    }
}

/// The `Access-Control-*` response headers that matter, as sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allowances<'a> {
    /// `Access-Control-Allow-Origin`.
    pub origin: Option<&'a str>,
    /// `Access-Control-Allow-Credentials`.
    pub credentials: Option<&'a str>,
    /// `Access-Control-Allow-Methods`.
    pub methods: Option<&'a str>,
    /// `Access-Control-Allow-Headers`.
    pub headers: Option<&'a str>,
}

/// The CORS check (Fetch §4.9) of a response to a request from `origin`.
pub fn cors_check(origin: &str, credentials: bool, allow: &Allowances<'_>) -> Result<(), Denial> {
    let Some(acao) = allow.origin else {
        return Err(Denial::NoAllowOrigin);
    };
    if acao == "*" {
        return if credentials {
            Err(Denial::WildcardWithCredentials)
        } else {
            Ok(())
        };
    }
    // Byte-for-byte: a trailing slash or another port is another origin.
    if acao != origin {
        return Err(Denial::OtherOrigin(acao.to_owned()));
    }
    if credentials && allow.credentials != Some("true") {
        return Err(Denial::NoAllowCredentials);
    }
    Ok(())
}

/// The checks of a CORS-preflight fetch's response (Fetch §4.8): status, the
/// CORS check, then methods and headers. `headers` are the request's header
/// lines that the preflight announced.
pub fn check_preflight(
    origin: &str,
    method: &str,
    headers: &[(&str, &str)],
    credentials: bool,
    status: u16,
    allow: &Allowances<'_>,
) -> Result<(), Denial> {
    if !(200..=299).contains(&status) {
        return Err(Denial::Status(status));
    }
    cors_check(origin, credentials, allow)?;
    let methods = header_list(allow.methods.unwrap_or("")).ok_or(Denial::BadAllowMethods)?;
    let names = header_list(allow.headers.unwrap_or("")).ok_or(Denial::BadAllowHeaders)?;
    let method_ok = methods.contains(&method)
        || is_safelisted_method(method)
        || (!credentials && methods.contains(&"*"));
    if !method_ok {
        return Err(Denial::MethodNotAllowed(method.to_owned()));
    }
    for (name, value) in headers {
        if is_safelisted_header(name, value) {
            continue;
        }
        let listed = names.iter().any(|n| n.eq_ignore_ascii_case(name));
        let wildcard =
            !credentials && names.contains(&"*") && !name.eq_ignore_ascii_case("authorization");
        if !listed && !wildcard {
            return Err(Denial::HeaderNotAllowed(name.to_ascii_lowercase()));
        }
    }
    Ok(())
}

/// Whether a request from script needs a preflight (Fetch §4.1 step "use-CORS-preflight").
pub fn needs_preflight(method: &str, headers: &[(&str, &str)]) -> bool {
    !is_safelisted_method(method) || headers.iter().any(|(n, v)| !is_safelisted_header(n, v))
}

/// `GET`, `HEAD` and `POST` (byte-case-sensitive, after normalization).
pub fn is_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// A comma-separated list of tokens (Fetch "extract header list values");
/// `None` when an element is not a token, which fails the preflight.
pub(crate) fn header_list(value: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for item in value.split(',') {
        let item = item.trim_matches([' ', '\t']);
        if item.is_empty() {
            continue;
        }
        if !item.bytes().all(is_tchar) {
            return None;
        }
        out.push(item);
    }
    Some(out)
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Fetch's CORS-unsafe request-header byte.
fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09) || b"\"():<>?@[\\]{}\x7f".contains(&b)
}

/// Fetch's CORS-safelisted request-header (§2.2.2).
pub fn is_safelisted_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    let bytes = value.as_bytes();
    match name.to_ascii_lowercase().as_str() {
        "accept" | "last-event-id" => !bytes.iter().copied().any(is_unsafe_byte),
        "accept-language" | "content-language" => bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(b)),
        "content-type" => {
            if bytes.iter().copied().any(is_unsafe_byte) {
                return false;
            }
            matches!(
                mime_essence(value).as_deref(),
                Some("application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain")
            )
        }
        "range" => simple_range(value),
        _ => false,
    }
}

/// The essence (`type/subtype`, lowercased) of a MIME type, or `None` when it
/// does not parse (MIME Sniffing §4.4, as far as safelisting needs).
fn mime_essence(value: &str) -> Option<String> {
    let v = value.trim_matches([' ', '\t', '\n', '\r']);
    let essence = v.split(';').next()?;
    let (ty, sub) = essence.split_once('/')?;
    let sub = sub.trim_end_matches([' ', '\t', '\n', '\r']);
    if ty.is_empty() || sub.is_empty() || !ty.bytes().all(is_tchar) || !sub.bytes().all(is_tchar) {
        return None;
    }
    Some(format!(
        "{}/{}",
        ty.to_ascii_lowercase(),
        sub.to_ascii_lowercase()
    ))
}

/// `bytes=START-` or `bytes=START-END` with END ≥ START, nothing else.
fn simple_range(value: &str) -> bool {
    let Some(spec) = value.strip_prefix("bytes=") else {
        return false;
    };
    let Some((start, end)) = spec.split_once('-') else {
        return false;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let Some(start) = number(start) else {
        return false;
    };
    end.is_empty() || number(end).is_some_and(|end| end >= start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_always_needs_listing() {
        let allow = Allowances {
            origin: Some("*"),
            headers: Some("*"),
            ..Default::default()
        };
        let r = check_preflight(
            "https://app.test",
            "GET",
            &[("Authorization", "Bearer x")],
            false,
            204,
            &allow,
        );
        assert_eq!(r, Err(Denial::HeaderNotAllowed("authorization".into())));
        let allow = Allowances {
            origin: Some("*"),
            headers: Some("Authorization"),
            ..Default::default()
        };
        assert!(check_preflight(
            "https://app.test",
            "GET",
            &[("authorization", "Bearer x")],
            false,
            204,
            &allow
        )
        .is_ok());
    }

    #[test]
    fn credentials_need_exact_origin_and_true() {
        let mut allow = Allowances {
            origin: Some("https://app.test"),
            ..Default::default()
        };
        assert_eq!(
            cors_check("https://app.test", true, &allow),
            Err(Denial::NoAllowCredentials)
        );
        allow.credentials = Some("true");
        assert!(cors_check("https://app.test", true, &allow).is_ok());
        assert!(matches!(
            cors_check("https://app.test:8443", true, &allow),
            Err(Denial::OtherOrigin(_))
        ));
        allow.origin = Some("*");
        assert_eq!(
            cors_check("https://app.test", true, &allow),
            Err(Denial::WildcardWithCredentials)
        );
    }
}
