//! Hosts, origins and sites of request URLs, as cookies see them: the
//! request-host and request-uri of [RFC 6265bis §5.1], the registrable domain
//! and "site" of the [HTML standard] (scheme and registrable domain, as Chrome
//! compares them for `SameSite` since "schemeful same-site"), and secure
//! contexts (`https`, or `http` on a loopback host, as browsers treat them).
//!
//! There is no copy of the Public Suffix List here: a short list of suffixes
//! under which anyone can register (country second levels, hosting platforms)
//! plus "every single-label domain" covers captures of real applications; a
//! suffix that is missing only makes a cookie's `Domain` look acceptable.
//!
//! # Example values
//!
//! ```text
//! https://app.example.test:8443/a/b?q   host app.example.test, path /a/b, site https://example.test
//! http://localhost:3000/                secure context (loopback)
//! https://alice.github.io/              registrable domain alice.github.io
//! ```
//!
//! [RFC 6265bis §5.1]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.1
//! [HTML standard]: https://html.spec.whatwg.org/multipage/browsers.html#sites

/// The parts of an absolute URL cookies care about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// Lower-case scheme (`https`).
    pub scheme: String,
    /// Lower-case host without port or brackets' content changed (`app.example.test`).
    pub host: String,
    /// The path, `/` when empty (no query, no fragment).
    pub path: String,
}

impl Url {
    /// Parses an absolute `scheme://[userinfo@]host[:port]/path?query#fragment`.
    pub fn parse(url: &str) -> Option<Url> {
        let (scheme, rest) = url.trim().split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return None;
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = if let Some(v6) = hostport.strip_prefix('[') {
            &hostport[..v6.find(']').map_or(hostport.len(), |i| i + 2)]
        } else {
            hostport.split(':').next().unwrap_or("")
        };
        if host.is_empty() {
            return None;
        }
        let tail = &rest[end..];
        let path = tail.split(['?', '#']).next().unwrap_or("");
        Some(Url {
            scheme: scheme.to_ascii_lowercase(),
            host: host.trim_end_matches('.').to_ascii_lowercase(),
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            },
        })
    }

    /// Whether the request goes over a secure channel as browsers see it:
    /// `https`/`wss`, or a loopback host (Chrome and Firefox treat
    /// `http://localhost` as a secure context and let it set `Secure` cookies).
    pub fn is_secure(&self) -> bool {
        matches!(self.scheme.as_str(), "https" | "wss") || is_loopback(&self.host)
    }

    /// The site: scheme plus registrable domain (or the host, for IP addresses
    /// and hosts that are themselves suffixes).
    pub fn site(&self) -> (String, String) {
        let scheme = match self.scheme.as_str() {
            "wss" => "https".to_owned(),
            "ws" => "http".to_owned(),
            s => s.to_owned(),
        };
        (scheme, registrable_domain(&self.host).to_owned())
    }
}

/// `localhost`, `*.localhost`, `127.0.0.0/8` and `[::1]`.
pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (host.starts_with("127.") && is_ip_address(host))
}

/// Whether a host is an IPv4 or bracketed IPv6 address (no domain matching
/// applies to those, RFC 6265bis §5.1.3).
pub fn is_ip_address(host: &str) -> bool {
    host.starts_with('[')
        || (host.split('.').count() == 4
            && host
                .split('.')
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit())))
}

/// Multi-label public suffixes commonly met in captures (the single-label
/// ones, `com`, `jp`, `test`, are all suffixes by rule).
const MULTI_LABEL_SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "co.jp",
    "ne.jp",
    "or.jp",
    "ac.jp",
    "go.jp",
    "ad.jp",
    "ed.jp",
    "gr.jp",
    "lg.jp",
    "com.au",
    "net.au",
    "org.au",
    "co.nz",
    "com.br",
    "com.cn",
    "com.tw",
    "co.kr",
    "co.in",
    "com.sg",
    "com.mx",
    "co.za",
    "github.io",
    "githubusercontent.com",
    "herokuapp.com",
    "vercel.app",
    "netlify.app",
    "pages.dev",
    "workers.dev",
    "web.app",
    "firebaseapp.com",
    "appspot.com",
    "cloudfront.net",
    "azurewebsites.net",
    "azurestaticapps.net",
    "amazonaws.com",
    "onrender.com",
    "fly.dev",
    "ngrok.io",
    "ngrok-free.app",
    "blogspot.com",
];

/// Whether a domain is a public suffix (see the module notes for the list used).
pub fn is_public_suffix(domain: &str) -> bool {
    let d = domain
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    !d.is_empty() && (!d.contains('.') || MULTI_LABEL_SUFFIXES.contains(&d.as_str()))
}

/// The registrable domain of a host (eTLD+1): `api.example.test` → `example.test`.
/// IP addresses and suffixes themselves are returned unchanged.
pub fn registrable_domain(host: &str) -> &str {
    if is_ip_address(host) || is_public_suffix(host) {
        return host;
    }
    // Walk label boundaries from the right; the first suffix found decides.
    let mut best = host;
    let mut idx = host.len();
    while let Some(dot) = host[..idx].rfind('.') {
        let suffix = &host[dot + 1..];
        if is_public_suffix(suffix) {
            // `suffix` is public: the registrable domain is one more label.
            let start = host[..dot].rfind('.').map_or(0, |i| i + 1);
            best = &host[start..];
        }
        idx = dot;
    }
    best
}

/// The origin of a URL as written in an `Origin` header (`https://host[:port]`,
/// the default port omitted), lower-cased, for comparing with another.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let scheme = scheme.to_ascii_lowercase();
    let hostport = match (scheme.as_str(), hostport.rsplit_once(':')) {
        ("https", Some((h, "443"))) | ("http", Some((h, "80"))) => h,
        _ => hostport,
    };
    Some(format!("{scheme}://{}", hostport.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_sites_and_suffixes() {
        let u = Url::parse("https://user@App.Example.test:8443/a/b?q#f").unwrap();
        assert_eq!(
            (u.host.as_str(), u.path.as_str()),
            ("app.example.test", "/a/b")
        );
        assert_eq!(u.site(), ("https".to_owned(), "example.test".to_owned()));
        assert_eq!(Url::parse("http://h.test").unwrap().path, "/");
        assert!(Url::parse("http://localhost:3000/").unwrap().is_secure());
        assert!(!Url::parse("http://app.test/").unwrap().is_secure());
        assert_eq!(registrable_domain("a.b.example.co.jp"), "example.co.jp");
        assert_eq!(registrable_domain("alice.github.io"), "alice.github.io");
        assert_eq!(registrable_domain("com"), "com");
        assert_eq!(registrable_domain("10.0.0.1"), "10.0.0.1");
        assert!(
            is_public_suffix(".com")
                && is_public_suffix("co.uk")
                && !is_public_suffix("example.com")
        );
        assert_eq!(
            origin("https://A.test:1/x").as_deref(),
            Some("https://a.test:1")
        );
    }
}
