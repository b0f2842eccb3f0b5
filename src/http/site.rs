//! Hosts, origins and sites of request URLs, as cookies see them: the
//! request-host and request-uri of [RFC 6265bis §5.1], the registrable domain
//! and "site" of the [HTML standard] (scheme and registrable domain, as Chrome
//! compares them for `SameSite` since "schemeful same-site"), and secure
//! contexts (`https`, or `http` on a loopback host, as browsers treat them).
//!
//! Public suffixes come from the full Public Suffix List, ICANN and private
//! sections (`co.jp`, `github.io`, `vercel.app`), compiled in by the maintained
//! `psl` crate: `cargo update -p psl` refreshes it. A name the list does not know
//! (`app.test`) falls under its `*` rule: its last label is the suffix.
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

use std::borrow::Cow;

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
        let (scheme, rest) = split_scheme(url.trim())?;
        let end = authority_end(rest);
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
        let path = without_query(tail);
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

/// Whether a domain is a public suffix (of the Public Suffix List, see the module notes).
pub fn is_public_suffix(domain: &str) -> bool {
    let d = domain
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    !d.is_empty() && psl::suffix_str(&d) == Some(d.as_str())
}

/// The registrable domain of a host (eTLD+1): `api.example.co.jp` → `example.co.jp`.
/// IP addresses and suffixes themselves are returned unchanged.
pub fn registrable_domain(host: &str) -> &str {
    thread_local! {
        /// The length of each host's registrable domain: a capture has few hosts, and the
        /// cookie replay asks for the site of every failing request and of its `Origin`.
        static LENGTHS: crate::memo::NameMemo<usize> = Default::default();
    }
    let len = crate::memo::remembered(&LENGTHS, host, |host| {
        if is_ip_address(host) {
            return host.len();
        }
        let lower = host.to_ascii_lowercase();
        // ASCII lower-casing keeps lengths, so the same tail of `host` is the answer.
        psl::domain_str(&lower).map_or(host.len(), str::len)
    });
    &host[host.len() - len..] // boundary: a tail of equal-length ASCII-lowered text
}

/// A URL up to its query or fragment (the first `?` or `#`), found with memchr: rules cut
/// many URLs of a capture this way, and a split on a set of characters goes byte by byte.
pub fn without_query(url: &str) -> &str {
    memchr::memchr2(b'?', b'#', url.as_bytes()).map_or(url, |end| &url[..end]) // boundary: ASCII
}

/// A URL's query: what follows the first `?` when no `#` comes before it, up to the next
/// `#`; `None` when it has none.
pub fn query(url: &str) -> Option<&str> {
    let start = memchr::memchr2(b'?', b'#', url.as_bytes())?;
    if url.as_bytes()[start] == b'#' {
        return None;
    }
    let query = &url[start + 1..]; // boundary: `?` is ASCII
    Some(memchr::memchr(b'#', query.as_bytes()).map_or(query, |end| &query[..end]))
}

/// The origin of a URL as written in an `Origin` header (`https://host[:port]`,
/// the default port omitted), lower-cased, for comparing with another.
pub fn origin(url: &str) -> Option<String> {
    origin_borrowed(url).map(Cow::into_owned)
}

/// [`origin`], borrowed from the URL when it is written that way already (lower case, no
/// default port, no user): a busy capture's every request is indexed by it.
///
/// A URL without an authority has no origin to compare (`data:`, `about:blank`, `file:///`:
/// the URL standard gives them an opaque one, equal to no other), even when `://` occurs
/// later in it (`data:text/html,<a href="https://…">`). A `blob:` URL's origin is its inner
/// URL's where that is `http` or `https`, as the URL standard says.
pub fn origin_borrowed(url: &str) -> Option<Cow<'_, str>> {
    let url = without_blob(url.trim());
    let (scheme, rest) = split_scheme(url)?;
    let end = authority_end(rest);
    if end == 0 {
        return None;
    }
    let authority = &rest[..end];
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let lower = |t: &str| !t.bytes().any(|b| b.is_ascii_uppercase());
    fn default_port<'u>(scheme: &str, hostport: &'u str) -> Option<&'u str> {
        match (scheme, hostport.rsplit_once(':')) {
            ("https", Some((h, "443"))) | ("http", Some((h, "80"))) => Some(h),
            _ => None,
        }
    }
    if hostport.len() == authority.len()
        && lower(scheme)
        && lower(authority)
        && default_port(scheme, hostport).is_none()
    {
        // boundary: `scheme` and `authority` are consecutive slices of `url` around "://".
        return Some(Cow::Borrowed(&url[..scheme.len() + 3 + end]));
    }
    let scheme = scheme.to_ascii_lowercase();
    let hostport = default_port(&scheme, hostport).unwrap_or(hostport);
    Some(Cow::Owned(format!(
        "{scheme}://{}",
        hostport.to_ascii_lowercase()
    )))
}

/// `scheme://authority` as written, borrowed: one capture spells one origin the
/// same way, and this runs for every successful request. A `blob:` URL's is its inner URL's;
/// a URL without `scheme://` is cut where its authority would end (`about:blank` stays whole,
/// `data:text/plain,…` is `data:text`), which no URL with an authority equals.
pub fn authority_of(url: &str) -> &str {
    let url = without_blob(url);
    let start = split_scheme(url).map_or(0, |(scheme, _)| scheme.len() + 3);
    &url[..start + authority_end(&url[start..])] // boundary: at an ASCII byte or the end
}

/// A `blob:` URL's inner URL where that gives its origin, an `http`, `https` or `file` one
/// (`blob:https://app.test/3f…` is `https://app.test/3f…`); any other URL as it is (the URL
/// standard gives another `blob:` URL an opaque origin, which this one then has too).
fn without_blob(url: &str) -> &str {
    let inner = match url.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("blob:") => &url[5..], // boundary: ASCII
        _ => return url,
    };
    let scheme = crate::text::split_at_byte(inner, b':').map_or("", |(scheme, _)| scheme);
    match ["http", "https", "file"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
    {
        true => inner,
        false => url,
    }
}

/// What a request line names of `url` (its request-target): the path and query as written,
/// `/` first where the URL has no path (`https://a.test?q` asks for `/?q`; a HAR's URL has no
/// fragment). A URL without `scheme://` as it is.
pub fn request_target(url: &str) -> Cow<'_, str> {
    let Some((_, rest)) = split_scheme(url) else {
        return Cow::Borrowed(url);
    };
    let target = &rest[authority_end(rest)..]; // boundary: at an ASCII byte or the end
    match target.starts_with('/') {
        true => Cow::Borrowed(target),
        false => Cow::Owned(format!("/{target}")),
    }
}

/// A URL's scheme and what follows its `://`, where it starts with one: the scheme is read to
/// the first colon (it cannot hold one: letters, digits, `+`, `-`, `.`), and `//` must follow.
/// The same cut as at the first `://`, whose scheme would hold a colon wherever the first one is
/// not followed by `//`; and a search for one byte costs less to set up than one for three.
pub(crate) fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = crate::text::split_at_byte(url, b':')?;
    let rest = rest.strip_prefix("//")?;
    let valid = !scheme.is_empty()
        && (scheme.bytes()).all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c));
    valid.then_some((scheme, rest))
}

/// The userinfo of an absolute URL (`user:password` in `https://user:password@host/`), as
/// written. Browsers record the user name and password a page gives `XMLHttpRequest.open()` there
/// (all four of the lab's producers do), and answer a Basic or Digest challenge with them.
pub fn userinfo(url: &str) -> Option<&str> {
    let (_, rest) = split_scheme(url.trim_start())?;
    let authority = &rest[..authority_end(rest)]; // boundary: memchr3 found an ASCII byte
    authority.rsplit_once('@').map(|(userinfo, _)| userinfo)
}

/// Where the authority ends in what follows a URL's `://`: at its first `/`, `?` or `#`, or
/// at the end. With memchr: rules cut many URLs of a capture this way, and a search for a set
/// of characters goes byte by byte.
pub(crate) fn authority_end(after_scheme: &str) -> usize {
    memchr::memchr3(b'/', b'?', b'#', after_scheme.as_bytes()).unwrap_or(after_scheme.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_what_comes_before_the_authoritys_last_at() {
        for (url, want) in [
            ("http://alice:s3cret@app.test:8080/p", Some("alice:s3cret")),
            ("https://a%40b:p@w@host/p?x=@", Some("a%40b:p@w")),
            ("https://host/p?next=user@example.com", None),
            ("https://host/p#me@x", None),
            ("https://@host/", Some("")),
            ("data:text/plain,a@b", None),
        ] {
            assert_eq!(userinfo(url), want, "{url}");
        }
    }

    #[test]
    fn without_query_stops_at_the_query_or_the_fragment() {
        for (url, want) in [
            ("https://a.example/p?q=1#f", "https://a.example/p"),
            ("https://a.example/p#f?q=1", "https://a.example/p"),
            ("https://a.example/ä/p", "https://a.example/ä/p"),
            ("?q", ""),
            ("", ""),
        ] {
            assert_eq!(without_query(url), want, "{url}");
        }
    }

    #[test]
    fn the_query_is_after_the_first_question_mark_before_any_fragment() {
        for (url, want) in [
            ("https://a.example/p?a=1&b=2#f", Some("a=1&b=2")),
            ("https://a.example/p?a=1?b=2", Some("a=1?b=2")),
            ("https://a.example/p#f?a=1", None),
            ("https://a.example/p?", Some("")),
            ("https://a.example/p", None),
            ("https://a.example/ä?ü=1#", Some("ü=1")),
        ] {
            assert_eq!(query(url), want, "{url}");
        }
    }

    #[test]
    fn an_origin_is_borrowed_from_a_url_written_as_one() {
        for (url, want, borrowed) in [
            ("https://app.test/a?b#c", "https://app.test", true),
            (
                "http://127.0.0.1:8080/api/ok/1",
                "http://127.0.0.1:8080",
                true,
            ),
            ("  https://app.test:8443", "https://app.test:8443", true),
            ("HTTPS://App.Test/x", "https://app.test", false),
            ("https://app.test:443/x", "https://app.test", false),
            ("http://app.test:80", "http://app.test", false),
            ("https://user:pw@app.test/x", "https://app.test", false),
            ("https://[::1]:443/", "https://[::1]", false),
        ] {
            let got = origin_borrowed(url).unwrap();
            assert_eq!(got, want, "{url}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{url}");
            assert_eq!(origin(url).as_deref(), Some(want));
        }
        assert_eq!(origin_borrowed("app.test/x"), None);
    }

    /// A URL whose scheme is not followed by `//` has no origin to compare, whatever follows;
    /// a `blob:` URL has its inner URL's.
    #[test]
    fn urls_without_an_authority_have_no_origin_and_blobs_have_their_inner_ones() {
        for (url, want) in [
            ("data:text/html,<a href=\"https://app.test/\">x</a>", None),
            ("data:,https://app.test", None),
            ("about:blank", None),
            ("about:blank#https://app.test", None),
            ("javascript:fetch('https://app.test/x')", None),
            ("file:///home/u/https://app.test", None),
            ("https:///p", None),
            ("://app.test/x", None),
            ("blob:https://app.test/3f2a-9b", Some("https://app.test")),
            ("BLOB:HTTPS://App.Test:443/3f2a", Some("https://app.test")),
            ("blob:null/3f2a", None),
            ("blob:wss://app.test/3f2a", None),
            ("blob:chrome-extension://abc/3f2a", None),
        ] {
            assert_eq!(origin(url).as_deref(), want, "{url}");
        }
        for (url, want) in [
            ("https://app.test/a?b", "https://app.test"),
            ("blob:https://app.test/3f2a", "https://app.test"),
            ("data:text/html,<a href=\"https://app.test/\">", "data:text"),
            ("about:blank", "about:blank"),
            ("https://app.test?q=https://b.test/", "https://app.test"),
        ] {
            assert_eq!(authority_of(url), want, "{url}");
        }
    }

    /// What a request line names: the path and query, `/` first where the URL has no path.
    #[test]
    fn a_request_line_names_the_path_and_query() {
        for (url, want) in [
            ("https://app.test/a/b?c=1", "/a/b?c=1"),
            ("https://app.test", "/"),
            ("https://app.test?q=1", "/?q=1"),
            ("http://u:p@app.test:8080/x://y", "/x://y"),
            ("/relative?q", "/relative?q"),
        ] {
            assert_eq!(request_target(url), want, "{url}");
        }
    }

    /// A URL's scheme ends at its first colon, which `//` must follow; its host ends at the
    /// first `/`, `?` or `#` after that.
    #[test]
    fn a_url_is_cut_into_scheme_host_and_path() {
        let cases = [
            ("https://a.test", Some(("https", "a.test", "/"))),
            (
                " HTTPS://A.Test.:8443/p/q?x=1#f ",
                Some(("https", "a.test", "/p/q")),
            ),
            ("wss://u:p@h.test?x", Some(("wss", "h.test", "/"))),
            ("http://h.test#x/y", Some(("http", "h.test", "/"))),
            ("http://[::1]:80/p", Some(("http", "[::1]", "/p"))),
            ("web+x.y-z://h/p://q", Some(("web+x.y-z", "h", "/p://q"))),
            ("http://h/a:b//c", Some(("http", "h", "/a:b//c"))),
            ("mailto:a://b", None),
            ("a:/b://c", None),
            ("http:/h.test/", None),
            ("://h.test/", None),
            ("ht tp://h.test/", None),
            ("https:///p", None),
            ("https://u@/p", None),
            ("https://:8443/p", None),
            ("https:", None),
            ("", None),
            ("/p?q", None),
        ];
        for (url, want) in cases {
            let got = Url::parse(url);
            let got = got.as_ref().map(|u| (&*u.scheme, &*u.host, &*u.path));
            assert_eq!(got, want, "{url:?}");
        }
    }

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
        // The full list: private suffixes, wildcards and their exceptions.
        assert_eq!(
            registrable_domain("shop.myshopify.com"),
            "shop.myshopify.com"
        );
        assert!(is_public_suffix("myshopify.com") && is_public_suffix("MyShopify.com."));
        assert_eq!(registrable_domain("a.example.co.uk"), "example.co.uk");
        assert_eq!(
            registrable_domain("foo.bar.kawasaki.jp"),
            "foo.bar.kawasaki.jp"
        );
        assert_eq!(
            registrable_domain("www.city.kawasaki.jp"),
            "city.kawasaki.jp"
        );
        // Each asked twice: the second answer is the one remembered (the same host in another
        // case is another name; an address, a name beyond ASCII, one too long to remember).
        for _ in 0..2 {
            assert_eq!(registrable_domain("API.App.Test"), "App.Test");
            assert_eq!(registrable_domain("api.app.test"), "app.test");
            assert_eq!(registrable_domain("a.Example.CO.uk"), "Example.CO.uk");
            assert_eq!(registrable_domain("10.0.0.1"), "10.0.0.1");
            assert_eq!(registrable_domain("Bücher.example.co.uk"), "example.co.uk");
            let long = format!("{}.example.co.uk", "a".repeat(70));
            assert_eq!(registrable_domain(&long), "example.co.uk");
        }
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
