//! `oauth-redirect-uri-mismatch`
//!
//! # What it detects
//! `redirect_uri_mismatch`: the `redirect_uri` sent to the authorization server
//! (in the token request, or in the authorize redirect's error) does not match
//! one registered for the client.
//!
//! # Why it causes the failure
//! Authorization servers compare `redirect_uri` exactly against the registered
//! callback URLs (scheme, host, port, path, sometimes the trailing slash). A
//! different port in development, `http` versus `https`, or a missing path makes
//! the flow fail; in the token request the `redirect_uri` must also equal the one
//! of the authorization request.
//!
//! # Example (HAR excerpt)
//! `{"error":"redirect_uri_mismatch","error_description":"The redirect_uri MUST match the registered callback URL for this application."}`.
//!
//! # References
//! RFC 6749 §3.1.2, §4.1.3; GitHub "Redirect URI mismatch".

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, entry_ptr, query_param, resp_header_ptr};

pub struct OauthRedirectUriMismatch;

static META: RuleMeta = RuleMeta {
    id: "oauth-redirect-uri-mismatch",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 2,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6749 §3.1.2 Redirection Endpoint", url: "https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2" },
        Reference { title: "RFC 6749 §4.1.3 Access Token Request", url: "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3" },
        Reference { title: "GitHub: Redirect URI mismatch", url: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-authorization-request-errors#redirect-uri-mismatch" },
    ],
};

impl Rule for OauthRedirectUriMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        let i = cx.index();
        if let Some(err) = cx.token_error() {
            if err.code == "redirect_uri_mismatch" {
                out.push(
                    Draft::new(&META, i, Confidence::Certain)
                        .data("redirect_uri", cx.form_param("redirect_uri").map_or(Value::Word("not_sent"), Value::url))
                        .data("description", err.description)
                        .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", "redirect_uri_mismatch")),
                );
            }
            return;
        }
        // The authorization endpoint shows its own error page: the callback is not one
        // it may redirect to, so it cannot send the error back.
        if matches!(cx.authorize_error(), Some("redirect_uri_mismatch" | "invalid_redirect_uri")) {
            let sent = query_param(&cx.entry.request.url, "redirect_uri");
            out.push(
                Draft::new(&META, i, Confidence::Certain)
                    .variant("authorize-page")
                    .data("redirect_uri", sent.map_or(Value::Word("not_sent"), Value::url))
                    .evidence(i, entry_ptr(i, "response/content/text"), Value::labeled("error", cx.authorize_error().unwrap_or(""))),
            );
            return;
        }
        // The authorize endpoint reports it by redirecting back with `error=`.
        if let Some((h, location)) = cx.entry.response_header("location") {
            if location.contains("error=redirect_uri_mismatch") {
                out.push(
                    Draft::new(&META, i, Confidence::Certain)
                        .variant("authorize")
                        .evidence(i, resp_header_ptr(i, h), Value::header("Location", location)),
                );
            }
        }
    }
}

