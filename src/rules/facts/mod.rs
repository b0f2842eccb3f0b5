//! Facts about entries that several rules need, computed once and on demand.
//!
//! [`EntryCx`] wraps one entry; its questions are answered in the topic modules:
//! [`classify`] (is it an authentication failure, and which kind), [`credentials`]
//! (what the request carried), [`cors`], [`csrf`] (a CSRF check's refusal), [`oauth`] (token
//! endpoints, error redirects, scopes) and [`signin`] (sign-in forms and what the server said).
//! [`FileCx`] is the whole capture, for rules that compare entries.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::har::{Entry, Har};
use crate::http::www_authenticate::Challenge;
use crate::jwt;
use crate::Options;

pub mod chrome;
pub mod classify;
pub mod cors;
pub mod credentials;
pub mod csrf;
pub mod oauth;
pub mod signin;

pub use classify::FailureKind;
pub use cors::{origin_of, CorsProblem};
pub use credentials::{names_claim, says_malformed, says_not_yet};
pub use csrf::{CsrfRefusal, CsrfSaid};
pub use oauth::{code_delivery, query_param, TokenError};

/// A token decoded once per analysis ([`TokenCache::jwt`]), with what its claims alone say.
pub(crate) struct Decoded {
    pub(crate) result: Result<jwt::Decoded, jwt::DecodeError>,
    /// [`EntryCx::id_token_score`], worked out once per token (many requests send one: worked
    /// out for each request, its look-ups in the claims made the page's analysis 3-4% slower).
    id_token_score: std::sync::OnceLock<Option<i32>>,
}

impl Decoded {
    fn new(result: Result<jwt::Decoded, jwt::DecodeError>) -> Self {
        Decoded {
            result,
            id_token_score: std::sync::OnceLock::new(),
        }
    }

    /// The sum of [`jwt::id_token_signals`]' scores, when the token decoded.
    pub(crate) fn id_token_score(&self) -> Option<i32> {
        *self.id_token_score.get_or_init(|| {
            let claims = self.result.as_ref().ok()?;
            Some(
                jwt::id_token_signals(claims)
                    .iter()
                    .map(jwt::IdTokenSignal::score)
                    .sum(),
            )
        })
    }
}

/// What one analysis worked out about the credentials its entries sent, shared by the
/// entries (one token is usually sent by many requests), on whichever core each is checked:
/// decoded tokens ([`EntryCx::jwt`], each with its ID-token score) and what is wrong with the
/// form of an `Authorization` value ([`EntryCx::authorization_problems`]).
///
/// Keyed by the whole token or value, hashed with foldhash (SipHash of kilobyte tokens
/// showed in profiles). Each map is emptied when it reaches [`TokenCache::MAX`] values.
#[derive(Default)]
pub struct TokenCache {
    jwts: Mutex<HashMap<String, Arc<Decoded>, foldhash::fast::RandomState>>,
    authorization: Mutex<HashMap<String, AuthProblems, foldhash::fast::RandomState>>,
}

type AuthProblems = Vec<crate::http::authorization::Problem>;

thread_local! {
    /// The last token this thread decoded or looked up ([`TokenCache::jwt`]). Requests in a
    /// row send the same token, and each rule that reads every entry's token asks again: the
    /// token is compared, not hashed (a kilobyte) and looked up under a lock. Decoding is a
    /// function of the token alone, so any cache's answer is as good as another's. Emptied when
    /// a cache goes ([`TokenCache`]'s `Drop`): a credential is not kept past its analysis.
    static LAST_TOKEN: std::cell::RefCell<Option<(Box<str>, Arc<Decoded>)>> =
        const { std::cell::RefCell::new(None) };

    /// The last response bodies this thread parsed as JSON ([`EntryCx::body_json`]), each with
    /// what it parsed to, the latest first. Where an API refuses every request, it answers each
    /// with the same few bodies (`{"error":"invalid_token",…}`); parsing one into a map of maps
    /// took thousands of instructions, comparing it takes a few dozen. Forgotten as
    /// [`LAST_TOKEN`] is.
    static LAST_BODIES: std::cell::RefCell<crate::memo::Recent<ParsedBody, BODIES_KEPT>> =
        const { std::cell::RefCell::new(crate::memo::Recent::new()) };
}

/// A body's text and what it parsed to ([`LAST_BODIES`]).
type ParsedBody = (Box<str>, Option<Arc<serde_json::Value>>);

/// How many bodies each thread keeps parsed ([`LAST_BODIES`]).
const BODIES_KEPT: usize = 4;

/// `body` parsed as JSON: shared with the same body this thread parsed a moment before
/// ([`LAST_BODIES`]; bodies of [`crate::memo::KEPT_BYTES`] or more are parsed each time).
pub(crate) fn parse_body(body: &str) -> Option<Arc<serde_json::Value>> {
    crate::memo::kept(
        &LAST_BODIES,
        body.len(),
        |(text, _)| **text == *body,
        || (body.into(), crate::har::read_json(body).ok().map(Arc::new)),
        |(_, parsed)| parsed.clone(),
    )
}

impl Drop for TokenCache {
    fn drop(&mut self) {
        // The threads of `std::thread::scope` end with their analysis, and their copies with
        // them; a pool's workers forget theirs after each task (`parallel::pool`). So with the
        // bodies this thread parsed and the header values it quoted last.
        forget_last_parsed();
        crate::value::forget_quotes();
    }
}

/// Forgets the token this thread decoded last, the bodies it parsed last, the challenges and
/// the texts it read for a missing token, and the responses it searched for a vendor's error.
pub(crate) fn forget_last_parsed() {
    LAST_TOKEN.set(None);
    LAST_BODIES.set(crate::memo::Recent::new());
    credentials::forget_read();
    crate::rules::vendor_error::forget_searched();
}

/// How many bodies this thread keeps parsed ([`LAST_BODIES`]).
#[cfg(test)]
pub(crate) fn bodies_kept() -> usize {
    LAST_BODIES.with_borrow(crate::memo::Recent::len)
}

/// Whether this thread keeps a token it decoded.
#[cfg(test)]
pub(crate) fn last_token_kept() -> bool {
    LAST_TOKEN.with_borrow(Option::is_some)
}

impl TokenCache {
    /// Values remembered by each map at most.
    const MAX: usize = 10_000;

    /// `token` decoded, once per analysis (or once in a row on this thread).
    pub(crate) fn jwt(&self, token: &str) -> Arc<Decoded> {
        let last = LAST_TOKEN.with_borrow(|last| {
            last.as_ref()
                .filter(|(t, _)| **t == *token)
                .map(|(_, d)| Arc::clone(d))
        });
        if let Some(d) = last {
            return d;
        }
        let d = Self::get_or_work_out(&self.jwts, token, || {
            Arc::new(Decoded::new(jwt::decode(token)))
        });
        LAST_TOKEN.set(Some((token.into(), Arc::clone(&d))));
        d
    }

    /// The value `key` maps to in `map`, worked out by `work_out` the first time.
    fn get_or_work_out<V: Clone>(
        map: &Mutex<HashMap<String, V, foldhash::fast::RandomState>>,
        key: &str,
        work_out: impl FnOnce() -> V,
    ) -> V {
        // A panic elsewhere while the lock was held leaves a map that is still whole.
        let lock = || map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = lock().get(key) {
            return known.clone();
        }
        // Worked out without the lock: the other core may be checking entries meanwhile.
        let value = work_out();
        let mut map = lock();
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(key.to_owned(), value.clone());
        value
    }
}

/// How much of a body rules may read; bigger bodies are cut (auth errors are small).
pub const BODY_LIMIT: usize = 64 * 1024;

/// One entry and what rules commonly ask about it.
pub struct EntryCx<'h, 'a> {
    /// The entry.
    pub entry: &'h Entry<'a>,
    /// Analysis options (time, leeway, language).
    pub opts: &'h Options,
    /// Whether the whole file is a sanitized export (credentials removed).
    pub sanitized: bool,
    /// A preflight whose request appears nowhere in the capture (set by the engine
    /// before anything is classified; see [`EntryCx::orphan_preflight_denial`]).
    pub orphan_preflight: bool,
    /// For a record that cannot show the request's cookies ([`EntryCx::stopped_before_sending`],
    /// or an orphan preflight):
    /// whether the capture shows cookies for its host, sent there by another request or set
    /// for it (set by the engine before anything is classified). Without them a blocked
    /// request is no sign of an authentication failure.
    pub cookies_possible: bool,
    /// Where the record is the page's side of a call its service worker answered (set by the
    /// engine before anything is classified): see [`Worker`].
    pub worker: Option<Worker>,
    failure: OnceCell<Option<FailureKind>>,
    body: OnceCell<Option<Box<str>>>,
    /// Behind a pointer: a `serde_json::Value` (an ordered map) is 72 bytes, and every entry has
    /// a context. Shared with the entries that had the same body ([`LAST_BODIES`]).
    body_json: OnceCell<Option<Arc<serde_json::Value>>>,
    started_ms: OnceCell<Option<i64>>,
    jwt: OnceCell<Option<Arc<Decoded>>>,
    tokens: &'h TokenCache,
    challenges: OnceCell<Box<[(usize, Challenge)]>>,
    auth_problems: OnceCell<Box<[crate::http::authorization::Problem]>>,
    /// Where [`EntryCx::authorization`] is among the entry's request headers: most rules
    /// ask, and finding it is a search of the headers by name.
    authorization: OnceCell<Option<u32>>,
    /// [`EntryCx::is_authorize_request`] and [`EntryCx::is_token_request`], asked of every
    /// entry by several rules (a search in its URL or body each time).
    authorize_request: OnceCell<bool>,
    token_request: OnceCell<bool>,
    login: OnceCell<Box<[(crate::rules::Pointer, String, String)]>>,
    signs_in: OnceCell<bool>,
    /// [`EntryCx::csrf_said`].
    csrf: OnceCell<Option<CsrfSaid>>,
    id_token_score: OnceCell<Option<i32>>,
}

/// A call the page's service worker answered, seen from the page: the record holds the request
/// as the page made it, not what the worker sent to the server (a worker that adds the token
/// leaves no `Authorization` in it), so nothing may be concluded from what it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worker {
    /// The entry of the worker's own request to the server, where the capture holds it (see
    /// [`Worker::request`]; a `u32`, as [`Unmarked::earlier`]).
    pub request: Option<u32>,
    /// Whether the browser marked the record so (Chrome), not only its shape (Playwright's
    /// record of a worker's request has no page, and follows the page's within its time).
    pub marked: bool,
    /// Known by its shape alone: no mark and no request of the worker's beside it, but an
    /// answer that came over no network ([`crate::har::Entry::off_the_network`]).
    pub unmarked: Option<Unmarked>,
}

/// What is known of a call answered over no network, where the tool marks no service worker
/// ([`Worker::unmarked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unmarked {
    /// Whether the tool records a worker's own requests (Playwright does, Firefox does not): then
    /// none for this call means the worker did not ask the server.
    pub records_workers: bool,
    /// An earlier record of the same call (method and URL), answered over no network too, with
    /// the same status and `Date`: the answer a worker's cache may be giving again. An entry
    /// index as a `u32`, so that `Option<Worker>`, in every entry's context, stays 24 bytes.
    pub earlier: Option<u32>,
}

const _: () = assert!(std::mem::size_of::<Option<Worker>>() <= 24);

impl Worker {
    /// The entry of the worker's own request, where the capture holds it.
    pub fn request(&self) -> Option<usize> {
        self.request.map(|i| i as usize)
    }
}

impl Unmarked {
    /// The earlier record's entry index ([`Unmarked::earlier`]).
    pub fn earlier(&self) -> Option<usize> {
        self.earlier.map(|i| i as usize)
    }

    /// The tool whose record this is, as the messages name it.
    pub fn tool(&self) -> &'static str {
        if self.records_workers {
            "Playwright"
        } else {
            "Firefox"
        }
    }
}

/// How much of the request that went to the server a record shows: what may be concluded from
/// what it lacks ([`EntryCx::recorded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The request's headers as sent.
    AsSent,
    /// The headers script set, not those the browser adds (`Cookie`, `Origin`): Chrome's record
    /// of a request it stopped before sending ([`EntryCx::stopped_before_sending`]).
    ScriptHeaders,
    /// The request as the page made it, not what its service worker sent ([`Worker`]).
    PageSide,
}

impl<'h, 'a> EntryCx<'h, 'a> {
    /// Wraps an entry.
    pub fn new(
        entry: &'h Entry<'a>,
        opts: &'h Options,
        sanitized: bool,
        tokens: &'h TokenCache,
    ) -> Self {
        EntryCx {
            entry,
            opts,
            sanitized,
            orphan_preflight: false,
            cookies_possible: false,
            worker: None,
            failure: OnceCell::new(),
            body: OnceCell::new(),
            body_json: OnceCell::new(),
            started_ms: OnceCell::new(),
            jwt: OnceCell::new(),
            tokens,
            challenges: OnceCell::new(),
            auth_problems: OnceCell::new(),
            authorization: OnceCell::new(),
            authorize_request: OnceCell::new(),
            token_request: OnceCell::new(),
            login: OnceCell::new(),
            signs_in: OnceCell::new(),
            csrf: OnceCell::new(),
            id_token_score: OnceCell::new(),
        }
    }

    /// Gives the entry the classification an earlier analysis of the same entry found (a live
    /// session's memo, see `analysis::MainMemo`): what [`EntryCx::failure`] will answer.
    pub(crate) fn classified_as(&self, kind: Option<FailureKind>) {
        // Only a fresh context is given one; one already classified keeps its answer.
        let _ = self.failure.set(kind);
    }

    /// Drops cached facts once the entry's own rules have seen it: the rules that relate
    /// entries work out again what they ask, and a large capture must not hold a decoded
    /// token and body for every request. A failure keeps its body's text and token, which
    /// those rules ask of failures most; not its body parsed as JSON nor its parsed
    /// challenges. Where every request of the bench's capture failed, letting those two go
    /// lowered the run's peak by 2.3 MiB; the relating rules parsed 1,665 bodies and 3,302
    /// challenge lists again there, with no difference measured in the run's time (fewer since
    /// the tokens' content is judged as each entry is checked, before this).
    pub fn release_after_own_rules(&mut self) {
        self.body_json.take();
        self.challenges.take();
        if self.failure().is_none() {
            self.body.take();
            self.jwt.take();
        }
    }

    /// Index into `log.entries`.
    pub fn index(&self) -> usize {
        self.entry.index
    }

    /// How much of the request that went to the server this record shows. A rule that reads
    /// what a request lacked (no credentials, no cookie) asks this first.
    pub fn recorded(&self) -> Recorded {
        if self.worker.is_some() {
            Recorded::PageSide
        } else if self.stopped_before_sending() {
            Recorded::ScriptHeaders
        } else {
            Recorded::AsSent
        }
    }

    /// Response status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.entry.status()
    }

    /// Whether the server accepted the request: a real 2xx answer that is not an
    /// authentication failure. Notes such as "the server accepted an expired
    /// token" need this; a request never sent or never answered (status 0 or -1,
    /// an exporter's unsent request) accepted nothing.
    pub fn accepted(&self) -> bool {
        self.status().is_some_and(|s| (200..300).contains(&s)) && self.failure().is_none()
    }

    /// The response body as text (decoded, cut at [`BODY_LIMIT`]).
    pub fn body(&self) -> Option<&str> {
        self.body
            .get_or_init(|| {
                let content = &self.entry.response.as_ref()?.content;
                content
                    .decoded_text(BODY_LIMIT)?
                    .ok()
                    .map(|c| c.into_owned().into_boxed_str())
            })
            .as_deref()
    }

    /// Whether the answer's body holds `token` (a credential's text): searched in the text as the
    /// file holds it, JSON-escaped (a token's characters are the same escaped), else, for a body
    /// in base64, decoded. The answer that handed a token out (a sign-in's `{"token": …}`).
    pub fn answer_holds(&self, token: &str) -> bool {
        let Some(response) = &self.entry.response else {
            return false;
        };
        let content = &response.content;
        if content.is_base64() {
            return self.body().is_some_and(|b| crate::text::contains(b, token));
        }
        (content.text.as_ref()).is_some_and(|t| crate::text::contains(t.get(), token))
    }

    /// The response body parsed as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<&serde_json::Value> {
        self.body_json
            .get_or_init(|| {
                let body = self.body()?.trim_start();
                if !(body.starts_with('{') || body.starts_with('[')) {
                    return None;
                }
                parse_body(body)
            })
            .as_deref()
    }

    /// The request start as Unix milliseconds.
    pub fn started_ms(&self) -> Option<i64> {
        *self
            .started_ms
            .get_or_init(|| crate::time::parse_iso8601(self.entry.started_date_time.as_deref()?))
    }

    /// The time the server says it answered (`Date`), as Unix milliseconds.
    pub fn server_date_ms(&self) -> Option<(usize, i64)> {
        let (i, v) = self.entry.response_header("date")?;
        Some((i, crate::time::parse_http_date(v)?))
    }

    /// The request time to judge tokens by: the entry's start, else "now".
    pub fn request_time_ms(&self) -> Option<i64> {
        self.started_ms().or(self.opts.now_ms)
    }

    /// The JWT's `exp` and the request time, in milliseconds, where `exp` is written in seconds
    /// (one in milliseconds is `jwt-exp-in-milliseconds`' and never looks expired): what
    /// `jwt-expired` judges, and what tells `authorization-not-received` the token had expired.
    pub fn exp_and_request_time_ms(&self) -> Option<(i64, i64)> {
        let exp = self.claims()?.exp().filter(|e| !e.looks_like_millis())?;
        Some((exp.unix_millis()?, self.request_time_ms()?))
    }
}

/// The whole capture, for rules that compare entries.
pub struct FileCx<'h, 'a> {
    /// The capture.
    pub har: &'h Har<'a>,
    /// One context per readable entry, in file order.
    pub entries: &'h [EntryCx<'h, 'a>],
    /// Analysis options.
    pub opts: &'h Options,
    /// Whether the file is a sanitized export.
    pub sanitized: bool,
    /// Entries that already have an error or warning finding (for the fallback rule).
    pub explained: &'h HashSet<usize>,
    /// Each failure compared with the nearest request that worked (see [`crate::diff`]).
    pub comparisons: &'h HashMap<usize, crate::diff::Comparison>,
    /// What the file rules share, each part worked out when a rule first asks.
    pub shared: &'h Shared,
}

/// What the file rules of one analysis share, each part worked out on first use and kept
/// for the later rules and phases.
#[derive(Default)]
pub struct Shared {
    /// Cookie facts (see [`FileCx::cookies`]).
    cookies: OnceCell<super::cookies::CookieFacts>,
    /// How many of the entries before each place sign in (see [`FileCx::signs_in_between`]).
    sign_ins: OnceCell<Box<[u32]>>,
    /// By code: the place in [`FileCx::entries`] of the first entry that delivered it, the URL
    /// that carried it, and whether that was a redirect's `Location` (see [`code_delivery`]).
    pub(super) code_deliveries: OnceCell<HashMap<String, (usize, String, bool)>>,
}

/// The context of the entry at `index` of `log.entries` among `cxs` (in entry order, as the
/// engine builds them), found by a binary search: rules and the engine ask it for each failure
/// they relate to another entry, and a scan for each was quadratic.
pub fn entry_at<'c, 'h, 'a>(
    cxs: &'c [EntryCx<'h, 'a>],
    index: usize,
) -> Option<&'c EntryCx<'h, 'a>> {
    crate::har::by_index(cxs, index, EntryCx::index)
}

impl FileCx<'_, '_> {
    /// The capture's cookies replayed through a cookie store: what was refused,
    /// and which cookie each failing request lacked (computed once).
    pub fn cookies(&self) -> &super::cookies::CookieFacts {
        self.shared
            .cookies
            .get_or_init(|| super::cookies::analyze(self))
    }

    /// The context of the entry at `index` of `log.entries` (see [`entry_at`]).
    pub fn entry_at(&self, index: usize) -> Option<&EntryCx<'_, '_>> {
        entry_at(self.entries, index)
    }

    /// Whether a request in `entries[from..to]` signs in ([`EntryCx::signs_in`]). Each
    /// entry is asked once for the whole capture, then every question costs two look-ups:
    /// rules ask it of the requests between each failure and the request it is compared with,
    /// which was a scan of the capture for every failure before the first request that worked.
    pub fn signs_in_between(&self, from: usize, to: usize) -> bool {
        let before = self.shared.sign_ins.get_or_init(|| {
            let mut n = 0u32;
            std::iter::once(0)
                .chain(self.entries.iter().map(|cx| {
                    n += u32::from(cx.signs_in());
                    n
                }))
                .collect()
        });
        let to = to.min(self.entries.len());
        from < to && before[to] > before[from]
    }
}

#[cfg(test)]
mod tests {
    /// A body parsed a moment before on this thread is shared, not parsed again: the same text
    /// only, a long body never, one that is not JSON as not JSON; the bodies go with the
    /// analysis' token cache.
    #[test]
    fn a_body_parsed_a_moment_before_is_shared() {
        use std::sync::Arc;
        let tokens = super::TokenCache::default();
        let expired = r#"{"error":"invalid_token","error_description":"The access token expired"}"#;
        let scope = r#"{"error":"insufficient_scope"}"#;
        let first = super::parse_body(expired).expect("JSON");
        let other = super::parse_body(scope).expect("JSON");
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(other["error"], "insufficient_scope");
        // The same text elsewhere in memory (another entry's body).
        let copy = String::from(expired);
        let again = super::parse_body(&copy).expect("JSON");
        assert!(Arc::ptr_eq(&first, &again), "the same text");
        assert_eq!(super::parse_body("{not json"), None);
        assert_eq!(super::parse_body("{not json"), None);
        // Past the bodies kept, the first is parsed again.
        for i in 0..super::BODIES_KEPT {
            let n = super::parse_body(&format!(r#"{{"n":{i}}}"#)).expect("JSON");
            assert_eq!(n["n"], i);
        }
        assert!(!Arc::ptr_eq(&first, &super::parse_body(expired).unwrap()));
        let long = format!(r#"{{"text":"{}"}}"#, "x".repeat(crate::memo::KEPT_BYTES));
        let a = super::parse_body(&long).expect("JSON");
        assert!(
            !Arc::ptr_eq(&a, &super::parse_body(&long).unwrap()),
            "not kept"
        );
        assert_eq!(
            a["text"].as_str().map(str::len),
            Some(crate::memo::KEPT_BYTES)
        );
        assert!(super::bodies_kept() > 0);
        drop(tokens);
        assert_eq!(super::bodies_kept(), 0);
    }

    use super::*;
    use base64::Engine;

    fn token(sub: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"HS256"}"#),
            b64(&format!(r#"{{"sub":"{sub}"}}"#))
        )
    }

    #[test]
    fn a_token_is_decoded_as_itself_whichever_was_asked_before() {
        let (a, b) = (token("alice"), token("bob"));
        let broken = format!("{}x", &a[..a.len() / 2]);
        let cache = TokenCache::default();
        let other = TokenCache::default();
        // In a row, alternating, from another analysis's cache, and a token that does not
        // decode between two that do: each answer is the token's own decoding.
        for (c, t) in [
            (&cache, &a),
            (&cache, &a),
            (&cache, &b),
            (&cache, &a),
            (&other, &a),
            (&cache, &broken),
            (&cache, &b),
            (&other, &b),
        ] {
            assert_eq!(c.jwt(t).result, jwt::decode(t), "{t}");
        }
        assert_eq!(
            cache.jwt(&a).result.as_ref().unwrap().claims["sub"],
            "alice"
        );
        assert_eq!(cache.jwt(&b).result.as_ref().unwrap().claims["sub"], "bob");
        // A credential is not kept past its analysis, nor a header line that quoted it.
        let line = format!("Bearer {a}{}", "~".repeat(64));
        let quoted = crate::value::quote(&line);
        assert!(Arc::ptr_eq(&quoted, &crate::value::quote(&line)));
        drop((cache, other));
        assert!(LAST_TOKEN.with_borrow(Option::is_none));
        assert!(!Arc::ptr_eq(&quoted, &crate::value::quote(&line)));
    }
}
