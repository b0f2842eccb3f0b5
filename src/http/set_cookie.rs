//! `Set-Cookie` header, parsed with the algorithm of [RFC 6265bis §5.6] and
//! checked against the storage model of [RFC 6265bis §5.7] (what a browser
//! refuses to store), with the domain- and path-matching of §5.1.3 and §5.1.4.
//!
//! Parsing never fails on a line a browser would read: unknown attributes,
//! stray semicolons, quotes and invalid attribute values are ignored the way
//! browsers ignore them. [`parse`] returns `None` only where the browser drops
//! the line without storing anything (an empty name and value, control
//! characters), and keeps lines the storage step rejects, with an [`Issue`],
//! so rules can say why a cookie never arrived.
//!
//! The cookie **value is a secret**: callers show names and attributes, never
//! the value (use `Options::secret` when it must appear).
//!
//! # Grammar (what servers should send, §4.1.1)
//!
//! ```text
//! set-cookie        = set-cookie-string
//! set-cookie-string = BWS cookie-pair *( BWS ";" OWS cookie-av )
//! cookie-pair       = cookie-name BWS "=" BWS cookie-value
//! cookie-av         = expires-av / max-age-av / domain-av / path-av / secure-av
//!                   / httponly-av / samesite-av / extension-av
//! samesite-av       = "SameSite" BWS "=" BWS samesite-value
//! samesite-value    = "Strict" / "Lax" / "None"
//! ```
//!
//! # Example values
//!
//! ```text
//! sid=31d4d96e407aad42; Path=/; Secure; HttpOnly; SameSite=Lax
//! __Host-session=abc; Path=/; Secure; HttpOnly
//! lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Domain=example.com
//! sid=; Max-Age=0; Path=/                       (deletes `sid`: a logout)
//! cross=1; SameSite=None                        (rejected: None needs Secure)
//! ```
//!
//! [RFC 6265bis §5.6]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.6
//! [RFC 6265bis §5.7]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.7

use super::site::{self, Url};

/// The `SameSite` attribute (§5.6.7); an absent or unknown value is `Unspecified`,
/// which Chrome and Edge enforce as `Lax` ("Lax by default").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SameSite {
    /// Sent only on same-site requests.
    Strict,
    /// Sent on same-site requests and top-level cross-site `GET` navigations.
    Lax,
    /// Sent on every request (requires `Secure`).
    None,
    /// No (valid) `SameSite` attribute.
    #[default]
    Unspecified,
}

impl SameSite {
    /// The attribute as written in a header (`Strict`, `Lax`, `None`; `unspecified`).
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
            SameSite::Unspecified => "unspecified",
        }
    }

    /// Reads a HAR `sameSite` field or an attribute value, case-insensitively.
    pub fn from_value(v: &str) -> SameSite {
        match v.trim().to_ascii_lowercase().as_str() {
            "strict" => SameSite::Strict,
            "lax" => SameSite::Lax,
            "none" | "no_restriction" => SameSite::None,
            _ => SameSite::Unspecified,
        }
    }
}

/// Something in a line a browser ignores (the cookie is still stored).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Issue {
    /// An `Expires` value that is not a date.
    InvalidExpires,
    /// A `Max-Age` value that is not an integer.
    InvalidMaxAge,
    /// An empty `Domain` attribute.
    EmptyDomain,
    /// A `SameSite` value other than Strict, Lax or None.
    InvalidSameSite,
    /// An attribute value over 1024 bytes (the attribute is ignored).
    AttributeTooLong(String),
    /// A `Path` that does not start with `/` (the default path is used).
    RelativePath,
}

/// Why a browser refuses to store a cookie (§5.7 and Chrome's rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// Name and value together exceed 4096 bytes (§5.6 step 6).
    TooLarge,
    /// `SameSite=None` without `Secure` (§5.7 step 18, Chrome since 80).
    SameSiteNoneInsecure,
    /// `Secure` set by a response over plain HTTP (§5.7 step 10).
    SecureOverHttp,
    /// `Domain` is a public suffix such as `com` (§5.7 step 5).
    PublicSuffixDomain,
    /// `Domain` does not domain-match the response host (§5.7 step 6).
    DomainMismatch,
    /// A `__Secure-` cookie without `Secure` or from an insecure origin (§4.1.3.1).
    SecurePrefix,
    /// A `__Host-` cookie with a `Domain`, a `Path` other than `/`, or without `Secure` (§4.1.3.2).
    HostPrefix,
    /// The browser said it refused the line (Chrome's `blockedCookies` in deep mode).
    Browser,
}

impl Rejection {
    /// Kebab-case name (the message variant).
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::TooLarge => "too-large",
            Rejection::SameSiteNoneInsecure => "samesite-none-insecure",
            Rejection::SecureOverHttp => "secure-over-http",
            Rejection::PublicSuffixDomain => "public-suffix",
            Rejection::DomainMismatch => "domain-mismatch",
            Rejection::SecurePrefix => "secure-prefix",
            Rejection::HostPrefix => "host-prefix",
            Rejection::Browser => "chrome",
        }
    }
}

/// One parsed `Set-Cookie` line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetCookie {
    /// Cookie name (may be empty: a "nameless" cookie).
    pub name: String,
    /// Cookie value: **a secret**, never put it in messages.
    pub value: String,
    /// `Domain`, lower-cased, without a leading dot; `None` makes a host-only cookie.
    pub domain: Option<String>,
    /// `Path` when it is absolute; `None` uses the request's default path.
    pub path: Option<String>,
    /// `Expires` as Unix milliseconds.
    pub expires_ms: Option<i64>,
    /// `Max-Age` in seconds (wins over `Expires`); `<= 0` deletes the cookie.
    pub max_age: Option<i64>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`.
    pub same_site: SameSite,
    /// `Partitioned` (CHIPS).
    pub partitioned: bool,
    /// Name and value exceed 4096 bytes: the browser drops the line.
    pub too_large: bool,
    /// Things the browser ignored.
    pub issues: Vec<Issue>,
}

fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Parses one `Set-Cookie` line (RFC 6265bis §5.6). `None` when the browser
/// ignores the line entirely: empty name and value, or a control character
/// other than HTAB. A CR, LF or NUL ends the line first, as in Chrome (and as a
/// header line ends there on the wire).
pub fn parse(line: &str) -> Option<SetCookie> {
    let line = &line[..line.find(['\r', '\n', '\0']).unwrap_or(line.len())];
    if line
        .chars()
        .any(|c| (c.is_ascii_control() && c != '\t') || c == '\u{7f}')
    {
        return None;
    }
    let (pair, attrs) = match line.split_once(';') {
        Some((p, a)) => (p, Some(a)),
        None => (line, None),
    };
    let (name, value) = match pair.split_once('=') {
        Some((n, v)) => (n, v),
        None => ("", pair),
    };
    let name = name.trim_matches(is_wsp);
    let value = value.trim_matches(is_wsp);
    if name.is_empty() && value.is_empty() {
        return None;
    }
    let mut c = SetCookie {
        name: name.to_owned(),
        value: value.to_owned(),
        too_large: name.len() + value.len() > 4096,
        ..SetCookie::default()
    };
    for av in attrs.into_iter().flat_map(|a| a.split(';')) {
        let (k, v) = match av.split_once('=') {
            Some((k, v)) => (k, v),
            None => (av, ""),
        };
        let k = k.trim_matches(is_wsp);
        let v = v.trim_matches(is_wsp);
        if v.len() > 1024 {
            c.issues.push(Issue::AttributeTooLong(k.to_owned()));
            continue;
        }
        match k.to_ascii_lowercase().as_str() {
            "expires" => match crate::time::parse_http_date(v) {
                Some(ms) => c.expires_ms = Some(ms),
                None => c.issues.push(Issue::InvalidExpires),
            },
            "max-age" => {
                let digits = v.strip_prefix('-').unwrap_or(v);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    c.issues.push(Issue::InvalidMaxAge);
                    continue;
                }
                // Overflowing values are "very large" (or very negative): clamp.
                let n = digits.parse::<i64>().unwrap_or(i64::MAX / 2_000);
                c.max_age = Some(if v.starts_with('-') { -n } else { n });
            }
            "domain" => {
                if v.is_empty() {
                    c.issues.push(Issue::EmptyDomain);
                    continue;
                }
                c.domain = Some(v.trim_start_matches('.').to_ascii_lowercase());
            }
            "path" => {
                if v.starts_with('/') {
                    c.path = Some(v.to_owned());
                } else {
                    if !v.is_empty() {
                        c.issues.push(Issue::RelativePath);
                    }
                    c.path = None;
                }
            }
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "partitioned" => c.partitioned = true,
            "samesite" => {
                c.same_site = SameSite::from_value(v);
                if c.same_site == SameSite::Unspecified {
                    c.issues.push(Issue::InvalidSameSite);
                }
            }
            _ => {}
        }
    }
    Some(c)
}

impl SetCookie {
    /// Why a browser refuses to store this cookie when `url` sent it, if it does
    /// (RFC 6265bis §5.7, with Chrome's `SameSite=None` requires `Secure`).
    pub fn rejection(&self, url: &Url) -> Option<Rejection> {
        if self.too_large {
            return Some(Rejection::TooLarge);
        }
        if let Some(d) = &self.domain {
            if site::is_public_suffix(d) && *d != url.host {
                return Some(Rejection::PublicSuffixDomain);
            }
            if !domain_match(&url.host, d) {
                return Some(Rejection::DomainMismatch);
            }
        }
        if self.secure && !url.is_secure() {
            return Some(Rejection::SecureOverHttp);
        }
        if self.same_site == SameSite::None && !self.secure {
            return Some(Rejection::SameSiteNoneInsecure);
        }
        let lower = self.name.to_ascii_lowercase();
        if lower.starts_with("__secure-") && !(self.secure && url.is_secure()) {
            return Some(Rejection::SecurePrefix);
        }
        if lower.starts_with("__host-")
            && !(self.secure
                && url.is_secure()
                && self.domain.is_none()
                && self.path.as_deref() == Some("/"))
        {
            return Some(Rejection::HostPrefix);
        }
        None
    }

    /// When the cookie expires, given when the response arrived: `Max-Age`
    /// wins over `Expires`; `Some(i64::MIN)` means "already expired" (a deletion).
    pub fn expiry_ms(&self, received_ms: Option<i64>) -> Option<i64> {
        match self.max_age {
            Some(n) if n <= 0 => Some(i64::MIN),
            Some(n) => received_ms.map(|t| t.saturating_add(n.saturating_mul(1000))),
            None => self.expires_ms,
        }
    }

    /// Whether the line deletes the cookie on arrival: `Max-Age <= 0`, or an
    /// `Expires` in the past at `received_ms`.
    pub fn is_deletion(&self, received_ms: Option<i64>) -> bool {
        match (self.expiry_ms(received_ms), received_ms) {
            (Some(i64::MIN), _) => true,
            (Some(exp), Some(now)) => exp <= now,
            _ => false,
        }
    }

    /// The attribute that decides a rejection, as written in a header.
    pub fn attribute_for(&self, r: Rejection) -> String {
        match r {
            Rejection::TooLarge => format!("{} bytes", self.name.len() + self.value.len()),
            Rejection::SameSiteNoneInsecure => "SameSite=None".to_owned(),
            Rejection::SecureOverHttp => "Secure".to_owned(),
            Rejection::PublicSuffixDomain | Rejection::DomainMismatch => {
                format!("Domain={}", self.domain.as_deref().unwrap_or(""))
            }
            Rejection::SecurePrefix => "__Secure-".to_owned(),
            Rejection::HostPrefix => "__Host-".to_owned(),
            Rejection::Browser => String::new(),
        }
    }
}

/// Domain-match (§5.1.3): equal, or `host` ends with `.domain` and is not an IP address.
pub fn domain_match(host: &str, domain: &str) -> bool {
    let domain = domain.trim_start_matches('.');
    host.eq_ignore_ascii_case(domain)
        || (!site::is_ip_address(host)
            && host.len() > domain.len()
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && crate::text::ends_with_ignore_ascii_case(host, domain))
}

/// The default path of a request path (§5.1.4): up to, not including, the last `/`.
pub fn default_path(request_path: &str) -> &str {
    if !request_path.starts_with('/') {
        return "/";
    }
    match request_path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &request_path[..i],
    }
}

/// Path-match (§5.1.4).
pub fn path_match(request_path: &str, cookie_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/')
                || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        let c = parse("sid=abc; Path=/app; Domain=.Example.test; Secure; HttpOnly; SameSite=lax; Max-Age=60; Partitioned")
            .unwrap();
        assert_eq!((c.name.as_str(), c.value.as_str()), ("sid", "abc"));
        assert_eq!(c.domain.as_deref(), Some("example.test"));
        assert_eq!(c.path.as_deref(), Some("/app"));
        assert!(c.secure && c.http_only && c.partitioned);
        assert_eq!(c.same_site, SameSite::Lax);
        assert_eq!(c.max_age, Some(60));
        let c = parse("a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT; SameSite=bogus; Max-Age=1.5")
            .unwrap();
        assert_eq!(c.expires_ms, Some(1_445_412_480_000));
        assert_eq!(c.issues, vec![Issue::InvalidSameSite, Issue::InvalidMaxAge]);
        assert!(parse("=").is_none() && parse("  ").is_none() && parse("a=\x01b").is_none());
        assert_eq!(parse("x=1\nY").unwrap().value, "1");
    }

    #[test]
    fn storage_rejections() {
        let https = Url::parse("https://app.example.test/login").unwrap();
        let http = Url::parse("http://app.example.test/login").unwrap();
        let r = |line: &str, u: &Url| parse(line).unwrap().rejection(u);
        assert_eq!(
            r("a=1; SameSite=None", &https),
            Some(Rejection::SameSiteNoneInsecure)
        );
        assert_eq!(r("a=1; Secure", &http), Some(Rejection::SecureOverHttp));
        assert_eq!(
            r(
                "a=1; Secure",
                &Url::parse("http://localhost:8080/").unwrap()
            ),
            None
        );
        assert_eq!(
            r("a=1; Domain=com", &https),
            Some(Rejection::PublicSuffixDomain)
        );
        assert_eq!(
            r("a=1; Domain=other.test", &https),
            Some(Rejection::DomainMismatch)
        );
        assert_eq!(r("a=1; Domain=example.test", &https), None);
        assert_eq!(
            r("__Host-a=1; Secure; Path=/; Domain=example.test", &https),
            Some(Rejection::HostPrefix)
        );
        assert_eq!(r("__Host-a=1; Secure; Path=/", &https), None);
        assert_eq!(r("__Secure-a=1", &https), Some(Rejection::SecurePrefix));
        assert_eq!(
            r(&format!("a={}", "x".repeat(4096)), &https),
            Some(Rejection::TooLarge)
        );
    }

    #[test]
    fn matching() {
        assert!(domain_match("api.example.test", "example.test"));
        assert!(!domain_match("badexample.test", "example.test"));
        assert!(!domain_match("example.test", "api.example.test"));
        assert_eq!(default_path("/a/b/c"), "/a/b");
        assert_eq!(default_path("/a"), "/");
        assert!(path_match("/api/me", "/api") && path_match("/api/me", "/api/"));
        assert!(!path_match("/apix", "/api") && !path_match("/", "/api"));
    }
}
