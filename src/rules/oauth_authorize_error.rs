//! `oauth-authorize-error`
//!
//! # What it detects
//! The authorization endpoint answered with an error instead of a code: a redirect
//! back to the client with `error=` in its query or fragment (RFC 6749 §4.1.2.1,
//! OpenID Connect Core §3.1.2.6), or its own 4xx error page. `redirect_uri`
//! problems are `oauth-redirect-uri-mismatch`'s; vendor codes with their own words
//! (GitHub's `unverified_user_email`) are `vendor-error`'s.
//!
//! # Why it causes the failure
//! No code, no tokens: the sign-in stops here. `login_required` and
//! `interaction_required` answer a silent sign-in (`prompt=none`, often in a hidden
//! iframe) when the provider sees no session, which is what a browser that blocks
//! third-party cookies makes it see; `consent_required` needs the consent screen;
//! `invalid_scope` names a scope the client may not ask for; `access_denied` is the
//! user's (or a policy's) no.
//!
//! # Example (HAR excerpt)
//! `GET /authorize?…&prompt=none` → 302 `Location: https://app.example/callback#error=login_required&state=…`.
//!
//! # References
//! RFC 6749 §4.1.2.1; OpenID Connect Core 1.0 §3.1.2.6.

use crate::finding::{Confidence, Reference, Severity};

use super::{entry_ptr, query_param, resp_header_ptr, Draft, EntryCx, Phase, Rule, RuleMeta, Value};

pub struct OauthAuthorizeError;

static META: RuleMeta = RuleMeta {
    id: "oauth-authorize-error",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 3,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §4.1.2.1 Error Response", url: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1" },
        Reference { title: "OpenID Connect Core 1.0 §3.1.2.6 Authentication Error Response", url: "https://openid.net/specs/openid-connect-core-1_0.html#AuthError" },
    ],
};

/// The message variant for an `error` code.
fn variant(code: &str) -> &'static str {
    match code {
        "login_required" | "interaction_required" | "account_selection_required" => "login-required",
        "consent_required" => "consent-required",
        "invalid_scope" => "invalid-scope",
        "unauthorized_client" | "invalid_client" | "unsupported_response_type" => "client",
        "access_denied" => "access-denied",
        "server_error" | "temporarily_unavailable" => "server",
        _ => "generic",
    }
}

impl Rule for OauthAuthorizeError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let i = cx.index();
        let silent = query_param(&cx.entry.request.url, "prompt").as_deref() == Some("none");
        let (code, description, pointer, excerpt) = if let Some((h, location)) = cx.oauth_error_redirect() {
            let query = location.replacen('#', "?", 1);
            let Some(code) = query_param(&query, "error") else { return };
            let description = query_param(&query, "error_description").unwrap_or_default();
            (code, description, resp_header_ptr(i, h), Value::header("Location", location))
        } else if let Some(code) = cx.authorize_error() {
            (code.to_owned(), String::new(), entry_ptr(i, "response/content/text"), Value::labeled("error", code))
        } else {
            return;
        };
        if matches!(code.as_str(), "redirect_uri_mismatch" | "invalid_redirect_uri") {
            return;
        }
        // A vendor's own code is explained in the vendor's words.
        if crate::vendors::all().any(|v| matches!(v.signal, crate::vendors::Signal::OAuthError(c) if c == code)) {
            return;
        }
        out.push(
            Draft::new(&META, i, Confidence::Certain)
                .variant(variant(&code))
                .data("error", code.clone())
                .data("description", description)
                .data("silent", Value::Word(if silent { "yes" } else { "no" }))
                .evidence(i, pointer, excerpt),
        );
    }
}
