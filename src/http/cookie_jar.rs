//! A browser's cookie store, replayed over a capture: the storage model of
//! [RFC 6265bis §5.7] and the retrieval rules of [RFC 6265bis §5.8.3], enough
//! to say which stored cookies a request should have carried and, for those it
//! did not, the rule that kept each one back.
//!
//! Cookies are keyed by name, domain, host-only flag and path, as in §5.7 step
//! 22; a line that deletes a cookie (`Max-Age=0`, a past `Expires`) leaves a
//! tombstone naming the response that deleted it, so "expired" can point at
//! the logout that caused it. Values are never stored: only names and
//! attributes are needed to explain a missing cookie.
//!
//! # Example
//!
//! ```text
//! entry 0  https://app.example.test/login   Set-Cookie: sid=…; Path=/; Secure; HttpOnly
//! entry 3  https://api.example.test/me      (no Cookie)   → sid: domain (host-only app.example.test)
//! ```
//!
//! [RFC 6265bis §5.7]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.7
//! [RFC 6265bis §5.8.3]: https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#section-5.8.3

use super::set_cookie::{default_path, domain_match, path_match, Rejection, SameSite, SetCookie};
use super::site::{registrable_domain, Url};

use std::sync::Arc;

/// Where a cookie line came from: an entry and a JSON pointer to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Index into `log.entries`.
    pub entry: usize,
    /// JSON pointer to the `Set-Cookie` header (or `response.cookies` element).
    pub pointer: crate::finding::Pointer,
    /// The line, shown redacted like every value.
    pub excerpt: crate::value::Value,
}

/// A cookie in the store (or a tombstone, see [`Stored::removed`]).
#[derive(Debug, Clone)]
pub struct Stored {
    /// Cookie name.
    pub name: String,
    /// The domain: the `Domain` attribute, or the response host for a host-only cookie.
    pub domain: String,
    /// Sent to `domain` only, not its subdomains (no `Domain` attribute).
    pub host_only: bool,
    /// The cookie path.
    pub path: String,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`.
    pub same_site: SameSite,
    /// When it expires (Unix ms); `None` for a session cookie.
    pub expires_ms: Option<i64>,
    /// The `Expires`/`Max-Age` attribute as written, for messages (for a
    /// tombstone: that of the line that deleted it).
    pub lifetime: Option<String>,
    /// The response that stored it.
    pub set_by: Source,
    /// The later response that deleted it, if one did.
    pub removed: Option<Source>,
    /// When it was stored (Unix ms), for Chrome's two-minute Lax-allowing-unsafe window.
    pub stored_ms: Option<i64>,
    /// A `Partitioned` (CHIPS) cookie: the top-level site it was stored under, the only
    /// one whose pages can read it back.
    pub partition: Option<String>,
    /// Set with `Partitioned`, whether or not the capture shows the top-level site it was
    /// stored under: no third-party cookie blocking keeps it back.
    pub partitioned: bool,
    created: u64,
}

/// Why a stored cookie was not sent with a request (§5.8.3 step 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSent {
    /// Deleted by a later response, or past its expiry at the request time.
    Expired,
    /// The request host does not match the cookie's domain (or it is host-only).
    Domain,
    /// The request path is not under the cookie's path.
    Path,
    /// A `Secure` cookie and a plain-HTTP request.
    Secure,
    /// A cross-site request and a `SameSite` Strict/Lax (or unspecified) cookie.
    SameSite,
    /// A cross-site top-level POST and a cookie without `SameSite` stored more than
    /// two minutes before: Chrome's "Lax-allowing-unsafe" grace for such cookies is over.
    SameSitePostWindow,
    /// A `SameSite=None` cookie (or one without `SameSite` where the browser does not
    /// default to Lax) left out of a cross-site subrequest that did carry other cookies:
    /// the browser blocks or partitions third-party cookies.
    ThirdParty,
    /// A `SameSite=None` cookie and a cross-site subrequest that carried no cookie at all:
    /// the browser blocks or partitions third-party cookies, or the request was made without
    /// credentials; the capture cannot tell which. Both browsers of the lab (Chromium 156,
    /// Firefox 140 and 153 with Total Cookie Protection) left such a cookie out of a fetch made
    /// with `credentials: "include"`. Where the request carries `Sec-Fetch-Storage-Access`, the
    /// credentials mode is known (`rules::cookies::StorageAccess`).
    ThirdPartyOrCredentials,
    /// Nothing in the cookie explains it: the request was made without
    /// credentials (fetch's credentials mode, XHR's `withCredentials`).
    CredentialsMode,
    /// A `Partitioned` (CHIPS) cookie stored while another site was the top-level
    /// site: each top-level site has its own jar for it.
    Partitioned,
}

impl NotSent {
    /// Kebab-case name (the message variant).
    pub fn as_str(self) -> &'static str {
        match self {
            NotSent::Expired => "expired",
            NotSent::Domain => "domain",
            NotSent::Path => "path",
            NotSent::Secure => "secure",
            NotSent::SameSite => "samesite",
            NotSent::SameSitePostWindow => "samesite-post-window",
            NotSent::ThirdParty => "third-party",
            NotSent::ThirdPartyOrCredentials => "third-party-or-credentials",
            NotSent::CredentialsMode => "credentials-mode",
            NotSent::Partitioned => "partitioned",
        }
    }
}

/// What the jar needs to know about a request.
#[derive(Debug, Clone)]
pub struct RequestCx<'r> {
    /// The request URL.
    pub url: &'r Url,
    /// When it started (Unix ms).
    pub time_ms: Option<i64>,
    /// Whether it is a cross-site request (§5.2).
    pub cross_site: bool,
    /// A top-level navigation with a safe method (Lax cookies still go).
    pub lax_allowed: bool,
    /// A top-level navigation (any method).
    pub navigation: bool,
    /// The browser treats a cookie without `SameSite` as `Lax` (Chromium does; Firefox
    /// and Safari do not).
    pub default_lax: bool,
    /// The request carried other cookies, so it was made with credentials.
    pub with_credentials: bool,
    /// The site of the top-level page the request was made from, when known (the
    /// partition a `Partitioned` cookie is read from).
    pub top_site: Option<&'r str>,
}

/// Chrome sends a cookie without `SameSite` on a cross-site top-level POST during
/// the first two minutes after it was set ("Lax-allowing-unsafe").
pub const LAX_ALLOWING_UNSAFE_MS: i64 = 2 * 60 * 1000;

/// The store.
#[derive(Debug, Default)]
pub struct Jar {
    /// Shared with what the replay says of a request that lacked one (`rules::cookies`'s
    /// `Missing`): a deletion copies a shared cookie before it marks it, and a cookie set again
    /// is a new one, so each request keeps the cookie it saw.
    cookies: Vec<Arc<Stored>>,
    counter: u64,
    /// Where each cookie is in `cookies`, by what identifies it (RFC 6265 §5.3 step 11:
    /// name, domain, host-only, path; and the partition): a store is a lookup, not a scan.
    index: std::collections::HashMap<Identity, usize>,
    /// Positions in `cookies` by the registrable domain of the cookie's domain, in the order
    /// stored: `not_sent` looks at the request's site only.
    by_site: std::collections::HashMap<String, Vec<usize>>,
    /// Whether a `Partitioned` cookie was ever stored (asked for each failing request: a
    /// scan of the store each time was quadratic where cookies accumulate).
    partitioned: bool,
}

/// What identifies a stored cookie.
type Identity = (String, String, bool, String, Option<String>);

/// `not_sent` considers at most this many of a site's cookies, the most recently stored: a
/// site with more cookies that a request did not carry is a pathological capture, and the
/// explanation needs the newest.
const NOT_SENT_CONSIDERED: usize = 64;

impl Jar {
    /// An empty jar.
    pub fn new() -> Jar {
        Jar::default()
    }

    /// Stores (or deletes) a cookie set by a response from `url` received at
    /// `received_ms` under the top-level site `top_site` (when known); a rejected
    /// cookie is not stored and the reason is returned.
    pub fn store(
        &mut self,
        url: &Url,
        c: &SetCookie,
        received_ms: Option<i64>,
        top_site: Option<&str>,
        source: Source,
    ) -> Result<(), Rejection> {
        if let Some(r) = c.rejection(url) {
            return Err(r);
        }
        let (domain, host_only) = match &c.domain {
            Some(d) if *d != url.host => (d.clone(), false),
            _ => (url.host.clone(), true),
        };
        let path = c
            .path
            .clone()
            .unwrap_or_else(|| default_path(&url.path).to_owned());
        let partition = top_site.filter(|_| c.partitioned).map(str::to_owned);
        let identity: Identity = (
            c.name.clone(),
            domain.clone(),
            host_only,
            path.clone(),
            partition.clone(),
        );
        let existing = self.index.get(&identity).copied();
        if c.is_deletion(received_ms) {
            // A cookie deleted already is left as it is: not copied again for nothing.
            if let Some(i) = existing.filter(|&i| self.cookies[i].removed.is_none()) {
                let c0 = Arc::make_mut(&mut self.cookies[i]);
                c0.removed = Some(source);
                c0.lifetime = Some(match (c.max_age, c.expires_ms) {
                    (Some(n), _) => format!("Max-Age={n}"),
                    (None, Some(ms)) => format!("Expires={}", crate::time::format_iso8601(ms)),
                    _ => "Max-Age=0".to_owned(),
                });
            }
            return Ok(());
        }
        let created = match existing {
            Some(i) if self.cookies[i].removed.is_none() => self.cookies[i].created,
            _ => {
                self.counter += 1;
                self.counter
            }
        };
        let lifetime = match (c.max_age, c.expires_ms) {
            (Some(n), _) => Some(format!("Max-Age={n}")),
            (None, Some(ms)) => Some(format!("Expires={}", crate::time::format_iso8601(ms))),
            _ => None,
        };
        let stored = Stored {
            name: c.name.clone(),
            domain,
            host_only,
            path,
            secure: c.secure,
            http_only: c.http_only,
            same_site: c.same_site,
            expires_ms: c.expiry_ms(received_ms),
            lifetime,
            set_by: source,
            removed: None,
            stored_ms: received_ms,
            partition,
            partitioned: c.partitioned,
            created,
        };
        match existing {
            Some(i) => self.cookies[i] = Arc::new(stored),
            None => {
                let at = self.cookies.len();
                self.by_site
                    .entry(registrable_domain(&stored.domain).to_owned())
                    .or_default()
                    .push(at);
                self.partitioned |= stored.partition.is_some();
                self.cookies.push(Arc::new(stored));
                self.index.insert(identity, at);
            }
        }
        Ok(())
    }

    /// Whether any cookie in the store is `Partitioned` (keyed by a top-level site).
    pub fn has_partitioned(&self) -> bool {
        // Cookies are only added, or replaced by one of the same identity (partition and all).
        self.partitioned
    }

    /// Live cookies, in the order `document.cookie` lists them: longer paths
    /// first, then earlier creation (§5.8.3 step 2).
    pub fn live(&self, time_ms: Option<i64>) -> Vec<&Stored> {
        let mut v: Vec<&Stored> = self
            .cookies
            .iter()
            .filter(|c| c.removed.is_none() && !expired(c, time_ms))
            .map(|c| &**c)
            .collect();
        v.sort_by(|a, b| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.created.cmp(&b.created))
        });
        v
    }

    /// Cookies stored for the request's site that the request did not carry
    /// (`sent` holds the names it did carry), each with the rule that kept it
    /// back; most recently stored first.
    pub fn not_sent<S: std::hash::BuildHasher>(
        &self,
        req: &RequestCx<'_>,
        sent: &std::collections::HashSet<&str, S>,
    ) -> Vec<(&Arc<Stored>, NotSent)> {
        let site = registrable_domain(&req.url.host);
        let mut out: Vec<(&Arc<Stored>, NotSent)> = self
            .by_site
            .get(site)
            .into_iter()
            .flat_map(|at| at.iter().rev())
            .map(|&i| &self.cookies[i])
            .filter(|c| !sent.contains(&c.name.as_str()))
            .take(NOT_SENT_CONSIDERED)
            .map(|c| (c, why_not_sent(c, req)))
            // A deleted cookie that would not have gone to this URL anyway (another path or
            // host: oidc-provider's per-interaction `/auth/<uid>` cookies) explains nothing.
            .filter(|(c, why)| *why != NotSent::Expired || scope_matches(c, req.url))
            // Nor does a cookie scoped on purpose to one object's path (`/interaction/<id>`).
            .filter(|(c, why)| *why != NotSent::Path || !per_object_path(&c.path))
            .collect();
        out.sort_by_key(|(c, _)| std::cmp::Reverse(c.created));
        out
    }
}

fn expired(c: &Stored, time_ms: Option<i64>) -> bool {
    match (c.expires_ms, time_ms) {
        (Some(i64::MIN), _) => true,
        (Some(exp), Some(now)) => exp <= now,
        _ => false,
    }
}

/// A path with an id-like segment (16+ characters of letters, digits, `-`, `_`): the
/// cookie belongs to one flow or object and was never meant for other paths.
fn per_object_path(path: &str) -> bool {
    path.split('/').any(|seg| {
        seg.len() >= 16
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Whether the cookie's domain and path cover the URL (whatever its other attributes).
fn scope_matches(c: &Stored, url: &Url) -> bool {
    let domain_ok = if c.host_only {
        url.host == c.domain
    } else {
        domain_match(&url.host, &c.domain)
    };
    domain_ok && path_match(&url.path, &c.path)
}

fn why_not_sent(c: &Stored, req: &RequestCx<'_>) -> NotSent {
    let url = req.url;
    let domain_ok = if c.host_only {
        url.host == c.domain
    } else {
        domain_match(&url.host, &c.domain)
    };
    if c.removed.is_some() || expired(c, req.time_ms) {
        NotSent::Expired
    } else if !domain_ok {
        NotSent::Domain
    } else if !path_match(&url.path, &c.path) {
        NotSent::Path
    } else if c.secure && !url.is_secure() {
        NotSent::Secure
    } else if c
        .partition
        .as_deref()
        .zip(req.top_site)
        .is_some_and(|(p, t)| p != t)
    {
        NotSent::Partitioned
    } else if req.cross_site && !req.lax_allowed && blocks_cross_site(c.same_site, req.default_lax)
    {
        // Chrome's grace for cookies without SameSite: a cross-site top-level POST
        // within two minutes of setting them still carries them.
        let unspecified = c.same_site == SameSite::Unspecified;
        let age = c.stored_ms.zip(req.time_ms).map(|(set, at)| at - set);
        match (unspecified && req.navigation, age) {
            (true, Some(a)) if a <= LAX_ALLOWING_UNSAFE_MS => NotSent::CredentialsMode,
            (true, Some(_)) => NotSent::SameSitePostWindow,
            _ => NotSent::SameSite,
        }
    } else if req.cross_site && req.lax_allowed && c.same_site == SameSite::Strict {
        NotSent::SameSite
    } else if req.cross_site && !req.navigation && c.partitioned {
        // A `Partitioned` cookie is made for third-party use: no blocking keeps it back, and
        // the capture does not show what did.
        NotSent::CredentialsMode
    } else if req.cross_site && !req.navigation && req.with_credentials {
        NotSent::ThirdParty
    } else if req.cross_site && !req.navigation && c.same_site == SameSite::None {
        NotSent::ThirdPartyOrCredentials
    } else {
        NotSent::CredentialsMode
    }
}

/// Whether a cookie of this `SameSite` stays home on a cross-site request that is not
/// a safe top-level navigation.
fn blocks_cross_site(same_site: SameSite, default_lax: bool) -> bool {
    match same_site {
        SameSite::Strict | SameSite::Lax => true,
        SameSite::Unspecified => default_lax,
        SameSite::None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::set_cookie::parse;
    use std::collections::HashSet;

    fn src(entry: usize) -> Source {
        Source {
            entry,
            pointer: "".into(),
            excerpt: crate::value::Value::text(""),
        }
    }

    /// A request that lacked a cookie keeps the cookie it saw (`rules::cookies`'s `Missing`
    /// shares it with the jar): deleting it later marks a copy, and deleting it again copies
    /// and changes nothing.
    #[test]
    fn a_cookie_shared_with_a_request_is_copied_when_deleted_not_changed() {
        let site = Url::parse("https://app.example.test/").unwrap();
        let mut jar = Jar::new();
        let set = parse("sid=1; Path=/").unwrap();
        jar.store(&site, &set, Some(0), None, src(0)).unwrap();
        let req = RequestCx {
            navigation: false,
            default_lax: true,
            with_credentials: false,
            url: &site,
            time_ms: Some(10),
            cross_site: false,
            lax_allowed: false,
            top_site: None,
        };
        let seen = Arc::clone(jar.not_sent(&req, &HashSet::new())[0].0);
        let delete = parse("sid=; Max-Age=0; Path=/").unwrap();
        jar.store(&site, &delete, Some(20), None, src(2)).unwrap();
        assert_eq!(
            seen.removed, None,
            "what the earlier request saw is unchanged"
        );
        let deleted = Arc::clone(jar.not_sent(&req, &HashSet::new())[0].0);
        assert_eq!(deleted.removed.as_ref().map(|s| s.entry), Some(2));
        assert_eq!(deleted.lifetime.as_deref(), Some("Max-Age=0"));
        jar.store(&site, &delete, Some(30), None, src(3)).unwrap();
        let again = jar.not_sent(&req, &HashSet::new())[0].0;
        assert!(
            Arc::ptr_eq(again, &deleted),
            "a second deletion copies nothing"
        );
        assert_eq!(
            again.removed.as_ref().map(|s| s.entry),
            Some(2),
            "the first deletion stays"
        );
    }

    #[test]
    fn store_replace_delete_and_explain() {
        let login = Url::parse("https://app.example.test/auth/login").unwrap();
        let mut jar = Jar::new();
        jar.store(
            &login,
            &parse("sid=1; Path=/; Secure; HttpOnly").unwrap(),
            Some(0),
            None,
            src(0),
        )
        .unwrap();
        jar.store(&login, &parse("pref=1").unwrap(), Some(0), None, src(0))
            .unwrap();
        assert_eq!(jar.live(Some(1)).len(), 2);
        assert_eq!(jar.live(Some(1))[0].name, "pref", "longer path first");
        let api = Url::parse("https://api.example.test/me").unwrap();
        let req = |url, cross_site| RequestCx {
            navigation: false,
            default_lax: true,
            with_credentials: false,
            url,
            time_ms: Some(10),
            cross_site,
            lax_allowed: false,
            top_site: None,
        };
        let why: Vec<_> = jar
            .not_sent(&req(&api, false), &HashSet::new())
            .into_iter()
            .map(|(c, r)| (c.name.as_str(), r))
            .collect();
        assert_eq!(
            why,
            vec![("pref", NotSent::Domain), ("sid", NotSent::Domain)]
        );
        let page = Url::parse("https://app.example.test/dashboard").unwrap();
        assert_eq!(
            jar.not_sent(&req(&page, true), &HashSet::from(["pref"]))[0].1,
            NotSent::SameSite
        );
        let plain = Url::parse("http://app.example.test/x").unwrap();
        assert_eq!(
            jar.not_sent(&req(&plain, false), &HashSet::from(["pref"]))[0].1,
            NotSent::Secure
        );
        jar.store(
            &login,
            &parse("sid=; Path=/; Max-Age=0").unwrap(),
            Some(5),
            None,
            src(4),
        )
        .unwrap();
        let gone = jar.not_sent(&req(&page, false), &HashSet::from(["pref"]));
        assert_eq!(
            (gone[0].1, gone[0].0.removed.as_ref().map(|s| s.entry)),
            (NotSent::Expired, Some(4))
        );
        assert_eq!(
            jar.store(
                &login,
                &parse("x=1; SameSite=None").unwrap(),
                None,
                None,
                src(5)
            ),
            Err(Rejection::SameSiteNoneInsecure)
        );
    }

    #[test]
    fn partitioned_cookie_is_read_only_under_its_top_level_site() {
        let api = Url::parse("https://api.example.net/session").unwrap();
        let mut jar = Jar::new();
        let chips = parse("sid=1; Path=/; Secure; SameSite=None; Partitioned").unwrap();
        assert!(!jar.has_partitioned());
        jar.store(&api, &chips, Some(0), Some("shop.test"), src(0))
            .unwrap();
        assert!(jar.has_partitioned());
        let req = |top_site| RequestCx {
            url: &api,
            time_ms: Some(10),
            cross_site: true,
            lax_allowed: false,
            navigation: false,
            default_lax: true,
            with_credentials: false,
            top_site,
        };
        let why = |top| {
            jar.not_sent(&req(top), &HashSet::new())
                .first()
                .map(|(_, r)| *r)
        };
        assert_eq!(why(Some("blog.test")), Some(NotSent::Partitioned));
        assert_eq!(
            why(Some("shop.test")),
            Some(NotSent::CredentialsMode),
            "same partition: nothing in the cookie keeps it back"
        );
        assert_eq!(
            why(None),
            Some(NotSent::CredentialsMode),
            "unknown top-level site: no claim"
        );
        // Each partition holds its own cookie of the same name.
        jar.store(&api, &chips, Some(1), Some("blog.test"), src(1))
            .unwrap();
        assert_eq!(jar.live(Some(2)).len(), 2);
        // Without `Partitioned`, the top-level site does not matter.
        let mut plain = Jar::new();
        plain
            .store(
                &api,
                &parse("sid=1; Path=/; Secure; SameSite=None").unwrap(),
                Some(0),
                Some("shop.test"),
                src(0),
            )
            .unwrap();
        assert_ne!(
            plain.not_sent(&req(Some("blog.test")), &HashSet::new())[0].1,
            NotSent::Partitioned
        );
        assert!(!plain.has_partitioned());
        // Deleted, it is still in the store (a tombstone that explains a later failure).
        jar.store(
            &api,
            &parse("sid=; Path=/; Secure; SameSite=None; Partitioned; Max-Age=0").unwrap(),
            Some(3),
            Some("shop.test"),
            src(3),
        )
        .unwrap();
        assert!(jar.has_partitioned());
    }
}
