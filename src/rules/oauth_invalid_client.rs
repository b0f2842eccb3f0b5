//! `oauth-invalid-client`
//!
//! # What it detects
//! A token endpoint refused the client itself: `invalid_client` (RFC 6749),
//! GitHub's `incorrect_client_credentials`, or `unauthorized_client` (the client
//! may not use this grant type). GitHub answers these with status 200, so status
//! codes alone miss them.
//!
//! # Why it causes the failure
//! The `client_id` or `client_secret` is wrong, from another environment, was
//! rotated, or is sent in a way the server does not accept (in the body versus
//! HTTP Basic, RFC 6749 §2.3.1); a public client (SPA, mobile) must not send a
//! secret and must use PKCE instead.
//!
//! # Example (HAR excerpt)
//! `POST /login/oauth/access_token` → 200 `{"error":"incorrect_client_credentials",…}`.
//!
//! # References
//! RFC 6749 §5.2, §2.3.1; GitHub "Troubleshooting OAuth app access token request errors".

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr};

pub struct OauthInvalidClient;

static META: RuleMeta = RuleMeta {
    id: "oauth-invalid-client",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 2,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §5.2 Error Response", url: "https://www.rfc-editor.org/rfc/rfc6749#section-5.2" },
        Reference { title: "RFC 6749 §2.3.1 Client Password", url: "https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1" },
        Reference { title: "GitHub: Troubleshooting OAuth app access token request errors", url: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors#incorrect-client-credentials" },
    ],
};

impl Rule for OauthInvalidClient {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let Some(err) = cx.token_error() else { return };
        let no_secret = cx.form_param("client_secret").is_none()
            && !cx.authorization().is_some_and(|(_, v)| v.trim_start().to_ascii_lowercase().starts_with("basic"));
        // GitHub wants the client secret with a refresh, except for tokens issued by the
        // device flow ("Refreshing user access tokens").
        let github_refresh = err.grant_type.as_deref() == Some("refresh_token")
            && no_secret
            && crate::text::ends_with_ignore_ascii_case(
                crate::http::site::without_query(&cx.entry.request.url),
                "github.com/login/oauth/access_token",
            );
        let variant = match err.code {
            "invalid_client" | "incorrect_client_credentials" if github_refresh => "github-refresh-secret",
            // A service authenticating as itself: no user, no public client, no PKCE (the
            // lab's token-invalid-client, where the generic fixes spoke of SPAs and GitHub Apps).
            "invalid_client" | "incorrect_client_credentials"
                if err.grant_type.as_deref() == Some("client_credentials") && cx.form_param("client_assertion").is_none() =>
            {
                "service"
            }
            "invalid_client" | "incorrect_client_credentials" => "credentials",
            "unauthorized_client" => "grant-not-allowed",
            _ => return,
        };
        let i = cx.index();
        let secret_in = Value::Word(if cx.form_param("client_secret").is_some() {
            "secret_in_body"
        } else if cx.authorization().is_some_and(|(_, v)| v.trim_start().to_ascii_lowercase().starts_with("basic")) {
            "secret_in_basic"
        } else {
            "secret_in_none"
        });
        out.push(
            Draft::new(&META, i, Confidence::Certain)
                .variant(variant)
                .data("error", err.code)
                .data("description", err.description)
                .data("grant_type", err.grant_type.clone().unwrap_or_default())
                .data("client_id", cx.form_param("client_id").unwrap_or_default())
                .data("secret_in", secret_in)
                .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", err.code)),
        );
    }
}
