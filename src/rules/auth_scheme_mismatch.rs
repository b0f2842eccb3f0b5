//! `auth-scheme-mismatch`
//!
//! # What it detects
//! The client authenticated with a scheme that none of the server's
//! `WWW-Authenticate` challenges offers (it sent `Basic`, the server asks for
//! `Bearer`), in a 401 or in a 400 that carries a challenge (RFC 6750 answers
//! `invalid_request` so).
//!
//! # Why it causes the failure
//! A server only understands the schemes it challenges with; credentials in any
//! other scheme are ignored as if absent. Typical causes: a client library default
//! (Basic) against a token API, an API key sent as `Bearer` where the API wants
//! `ApiKey`, or an environment switch that changed the auth method.
//!
//! # Example (HAR excerpt)
//! Request `Authorization: Basic dXNlcjpwYXNz`, response `WWW-Authenticate: Bearer realm="api"`.
//!
//! # References
//! RFC 9110 §11.6.1, §11.6.2.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::authorization;

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr, resp_header_ptr};

pub struct AuthSchemeMismatch;

static META: RuleMeta = RuleMeta {
    id: "auth-scheme-mismatch",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 3,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 9110 §11.6.1 WWW-Authenticate", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1" },
        Reference { title: "RFC 9110 §11.6.2 Authorization", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2" },
    ],
};

impl Rule for AuthSchemeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        // A 400 with a challenge counts too: RFC 6750 answers a token in the wrong format with
        // 400 `invalid_request` and its Bearer challenge.
        if !matches!(cx.status(), Some(400 | 401)) {
            return;
        }
        let Some((h, value)) = cx.authorization() else { return };
        let sent = authorization::parse(value).scheme;
        let challenges = cx.challenges();
        if sent.is_empty() || challenges.is_empty() || !authorization::is_known_scheme(&sent) {
            return;
        }
        // GitHub accepts `token` where it challenges `Bearer`; treat them as one.
        let same = |c: &str| c.eq_ignore_ascii_case(&sent) || (c.eq_ignore_ascii_case("bearer") && sent.eq_ignore_ascii_case("token"));
        if challenges.iter().any(|(_, c)| same(&c.scheme)) {
            return;
        }
        let offered: Vec<&str> = challenges.iter().map(|(_, c)| c.scheme.as_str()).collect();
        let i = cx.index();
        let (ch, _) = challenges[0];
        let www: Vec<&str> = cx.entry.response_header_values("www-authenticate").map(|(_, v)| v).collect();
        out.push(
            Draft::new(&META, i, Confidence::Likely)
                .data("sent", &sent)
                .data("offered", Value::Joined(offered.into_iter().map(Value::text).collect()))
                .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value))
                .evidence(i, resp_header_ptr(i, ch), Value::header("WWW-Authenticate", www.join(", "))),
        );
    }
}
