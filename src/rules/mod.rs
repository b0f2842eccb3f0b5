//! Rules: each one decides one cause of an authentication failure.
//!
//! A rule is a unit struct in its own file with a [`RuleMeta`] (stable id, `since`
//! version, severity, references) and `check_*` methods that look at the capture and
//! push [`Draft`]s. Drafts carry a message id and typed [`Value`]s, never prose:
//! the engine localizes and redacts them into [`Finding`](crate::finding::Finding)s
//! (through [`Value::show`], the one place that formats), so every rule speaks
//! every language and no rule can leak a secret by formatting it.

use std::borrow::Cow;

pub use crate::finding::Pointer;
use crate::finding::{Confidence, Reference, Severity};
pub use crate::value::Value;

pub mod confidence;
pub mod cookies;
pub mod facts;

pub use facts::{query_param, EntryCx, FailureKind, FileCx, Recorded};

/// Static description of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id; public API, never reused.
    pub id: &'static str,
    /// The version that introduced the rule.
    pub since: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Lower ranks are more specific causes and are listed first among equals.
    pub rank: u8,
    /// When the rule runs relative to the others.
    pub phase: Phase,
    /// Standards and vendor documentation.
    pub references: &'static [Reference],
}

/// When a rule runs. Fallback rules see which failures earlier phases explained
/// ([`FileCx::explained`]) so they speak only when nothing more specific did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Runs first.
    Main,
    /// Runs after `Main`, for generic explanations ("the server rejected the token").
    Fallback,
    /// Runs last: the checklist for failures nothing explained.
    Last,
}

/// A rule. Most rules look at one entry at a time; file rules see the whole capture.
pub trait Rule: Sync {
    /// The rule's static description.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one entry.
    fn check_entry(&self, _cx: &EntryCx<'_, '_>, _out: &mut Vec<Draft>) {}
    /// Checks the whole capture (after all entries).
    fn check_file(&self, _cx: &FileCx<'_, '_>, _out: &mut Vec<Draft>) {}
}

/// What a rule reports before it is localized.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The rule's metadata.
    pub meta: &'static RuleMeta,
    /// Message id in the catalog (the rule id or `rule-id.variant`): the rule's id borrowed,
    /// as most drafts have it.
    pub message: Cow<'static, str>,
    /// Severity, when it differs from the rule's default.
    pub severity: Severity,
    /// How sure the rule is.
    pub confidence: Confidence,
    /// What the draft is to its entry's failure (most explain it).
    pub standing: Standing,
    /// Entries concerned, the failing one first.
    pub entries: Vec<usize>,
    /// Where the capture shows it.
    pub evidence: Vec<DraftEvidence>,
    /// Named values for the message.
    pub data: crate::finding::Fields<Value>,
    /// How many requests this note stands for (see `analysis::group_repeated_notes`).
    pub repeats: usize,
    /// References beyond the rule's own, listed first (a vendor's documentation).
    pub references: Vec<Reference>,
}

/// What a draft is to the failure of its entry (the first of its entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// It explains the failure (a cause), or why the entry is no failure (most drafts).
    Explains,
    /// Said of the entry, but it explains nothing: the later phases' generic explanations still
    /// speak, and so may the server's own words (`service-worker-answered.unrecorded`: a record
    /// that cannot show what went to the server says nothing by what it lacks; `har-sanitized`,
    /// about the whole file, which names the failures it leaves unexplained).
    Aside,
    /// It speaks for the entry, whose failure is another record's: no other draft about the
    /// entry is kept (the page's side of a call its service worker answered, beside the
    /// worker's own request: `service-worker-answered`).
    SpeaksFor,
}

/// Evidence before it is localized: the excerpt is a typed value.
#[derive(Debug, Clone)]
pub struct DraftEvidence {
    /// Index into `log.entries`.
    pub entry: usize,
    /// JSON pointer into the HAR.
    pub pointer: Pointer,
    /// What is there (a header line, a phrase…).
    pub excerpt: Value,
}

impl Draft {
    /// A draft about one entry with the rule's defaults.
    pub fn new(meta: &'static RuleMeta, entry: usize, confidence: Confidence) -> Self {
        Draft {
            meta,
            message: Cow::Borrowed(meta.id),
            severity: meta.severity,
            confidence,
            standing: Standing::Explains,
            entries: vec![entry],
            evidence: Vec::new(),
            data: Default::default(),
            repeats: 1,
            references: Vec::new(),
        }
    }

    /// Adds a reference before the rule's own.
    pub fn reference(mut self, r: Reference) -> Self {
        self.references.push(r);
        self
    }

    /// A draft about the file as a whole.
    pub fn for_file(meta: &'static RuleMeta, confidence: Confidence) -> Self {
        Draft {
            entries: Vec::new(),
            ..Draft::new(meta, 0, confidence)
        }
    }

    /// Uses the message `rule-id.variant`.
    pub fn variant(mut self, variant: &str) -> Self {
        self.message = Cow::Owned(format!("{}.{variant}", self.meta.id));
        self
    }

    /// Uses a message id outside the rule's own (a vendor table's entry).
    pub fn message_id(mut self, id: &str) -> Self {
        self.message = Cow::Owned(id.to_owned());
        self
    }

    /// Overrides the severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Says what the draft is to its entry's failure, where it does not explain it.
    pub fn standing(mut self, standing: Standing) -> Self {
        self.standing = standing;
        self
    }

    /// Whether the draft accounts for its entry: it explains the failure, or speaks for the
    /// entry. The later phases' generic explanations are for the entries no draft accounts for
    /// (`analysis::relate`).
    pub fn accounts_for_entry(&self) -> bool {
        self.standing != Standing::Aside
    }

    /// Adds evidence: where in the HAR, and what is there.
    pub fn evidence(mut self, entry: usize, pointer: Pointer, excerpt: impl Into<Value>) -> Self {
        self.evidence.push(DraftEvidence {
            entry,
            pointer,
            excerpt: excerpt.into(),
        });
        self
    }

    /// Makes the draft `certain` and cites the server, where the failing answer's own words
    /// name its cause ([`EntryCx::server_says`]).
    pub fn settled_by(mut self, said: Option<(Pointer, Value)>) -> Self {
        if let Some((pointer, excerpt)) = said {
            let entry = self.entries.first().copied().unwrap_or(0);
            self.confidence = Confidence::Certain;
            self = self.evidence(entry, pointer, excerpt);
        }
        self
    }

    /// Adds a named value for the message.
    pub fn data(mut self, key: &'static str, value: impl Into<Value>) -> Self {
        self.data.insert(key, value.into());
        self
    }

    /// Gives back what the draft's lists hold beyond their items. A list grown one item at a
    /// time holds room for four: where every request of the bench's such capture failed, that
    /// room was 2.5 MB of its drafts' 8, held to the end of the analysis.
    pub fn shrink_to_fit(&mut self) {
        self.evidence.shrink_to_fit();
        self.data.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    /// Adds a related entry.
    pub fn also_entry(mut self, entry: usize) -> Self {
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
        self
    }
}

/// JSON pointer to a request header.
pub fn req_header_ptr(entry: usize, header: usize) -> Pointer {
    Pointer::item(entry, "request/headers", header)
}

/// JSON pointer to a response header.
pub fn resp_header_ptr(entry: usize, header: usize) -> Pointer {
    Pointer::item(entry, "response/headers", header)
}

/// JSON pointer to a part of an entry (`"response/status"`).
pub fn entry_ptr(entry: usize, path: &'static str) -> Pointer {
    Pointer::entry(entry, path)
}

/// Where the capture shows that a request got no answer: the exporter's network error when it
/// wrote one (Chrome's `_error`, Playwright's `_failureText`: `net::ERR_FAILED`), else the
/// status (`0`, `-1`), else what there is of the response or the entry. Firefox writes no
/// error: a pointer to Chrome's pointed at nothing in its captures, and in Playwright's.
pub fn no_answer_ptr(har: &crate::har::Har<'_>, e: &crate::har::Entry<'_>) -> Pointer {
    match &e.response {
        Some(r) if r.error.is_some() => match har.error_member(e) {
            "_failureText" => entry_ptr(e.index, "response/_failureText"),
            _ => entry_ptr(e.index, "response/_error"),
        },
        Some(r) if r.status.is_some() => entry_ptr(e.index, "response/status"),
        Some(_) => entry_ptr(e.index, "response"),
        None => Pointer::Other(format!("/log/entries/{}", e.index).into()),
    }
}

/// The response's status as the file wrote it, where it wrote one: `0` or `-1` for a request
/// that got no answer (a file may write no status, or no response, at all).
pub fn status_as_written(e: &crate::har::Entry<'_>) -> Option<(Pointer, Value)> {
    let status = e.raw_status()?;
    Some((
        entry_ptr(e.index, "response/status"),
        Value::labeled("status", status as i64),
    ))
}

macro_rules! rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, in the order they run.
        pub static ALL: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

rules! {
    service_worker_answered::ServiceWorkerAnswered,
    csrf_rejected::CsrfRejected,
    token_placeholder::TokenPlaceholder,
    authorization_malformed::AuthorizationMalformed,
    auth_scheme_mismatch::AuthSchemeMismatch,
    basic_malformed::BasicMalformed,
    credential_whitespace::CredentialWhitespace,
    credential_fullwidth::CredentialFullwidth,
    cookie_rejected::CookieRejected,
    cookie_not_sent::CookieNotSent,
    authorization_dropped_on_redirect::AuthorizationDroppedOnRedirect,
    credential_differs::CredentialDiffers,
    missing_credentials::MissingCredentials,
    jwt_malformed::JwtMalformed,
    jwt_expired::JwtExpired,
    jwt_not_yet_valid::JwtNotYetValid,
    jwt_exp_millis::JwtExpInMilliseconds,
    jwt_alg_none::JwtAlgNone,
    jwt_signature_rejected::JwtSignatureRejected,
    id_token_as_access_token::IdTokenAsAccessToken,
    jwt_audience_mismatch::JwtAudienceMismatch,
    clock_skew::ClockSkew,
    insufficient_scope::InsufficientScope,
    rate_limited::RateLimited,
    proxy_auth_required::ProxyAuthRequired,
    header_too_large::HeaderTooLarge,
    digest_stale_nonce::DigestStaleNonce,
    cached_401::Cached401,
    login_redirect::LoginRedirect,
    preflight_unauthorized::PreflightUnauthorized,
    cors_blocked::CorsBlocked,
    oauth_invalid_client::OauthInvalidClient,
    oauth_redirect_uri_mismatch::OauthRedirectUriMismatch,
    oauth_state_lost::OauthStateLost,
    oauth_authorize_error::OauthAuthorizeError,
    vendor_error::VendorErrorRule,
    oauth_pkce_mismatch::OauthPkceMismatch,
    oauth_code_reused::OauthCodeReused,
    refresh_token_reused::RefreshTokenReused,
    token_past_lifetime::TokenPastLifetime,
    oauth_invalid_grant::OauthInvalidGrant,
    oauth_token_error::OauthTokenError,
    access_token_superseded::AccessTokenSuperseded,
    credential_stopped_working::CredentialStoppedWorking,
    bearer_invalid_token::BearerInvalidToken,
    basic_rejected::BasicRejected,
    password_rejected::PasswordRejected,
    api_key_rejected::ApiKeyRejected,
    authorization_not_received::AuthorizationNotReceived,
    har_sanitized::HarSanitized,
    unexplained::UnexplainedAuthFailure,
}

pub use har_sanitized::looks_sanitized;

/// A rule by id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}

/// What tests of single rules share.
#[cfg(test)]
pub(crate) mod testing {
    use crate::analysis::analyze_bytes;
    use crate::Options;

    /// `rule`'s findings (in English) on the fixture `tests/fixtures/{rule}/{fixture}`.
    pub(crate) fn findings(rule: &str, fixture: &str) -> Vec<crate::finding::Finding> {
        let path = format!(
            "{}/tests/fixtures/{rule}/{fixture}/input.har",
            env!("CARGO_MANIFEST_DIR")
        );
        let report = analyze_bytes(std::fs::read(path).expect("fixture"), &Options::default())
            .expect("read");
        report
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// The English explanations of `rule`'s findings on the fixture `tests/fixtures/{rule}/{fixture}`.
    pub(crate) fn explained(rule: &str, fixture: &str) -> Vec<String> {
        findings(rule, fixture)
            .into_iter()
            .map(|f| f.explanation)
            .collect()
    }

    /// Asserts that rule `first` runs before rule `then` in [`super::ALL`] (within a phase, a
    /// rule's `check_file` sees the drafts of the rules before it).
    pub(crate) fn runs_before(first: &str, then: &str) {
        let at = |id: &str| super::ALL.iter().position(|r| r.meta().id == id).expect(id);
        assert!(at(first) < at(then), "{first} must run before {then}");
    }
}
