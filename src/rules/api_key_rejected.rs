//! `api-key-rejected`
//!
//! # What it detects
//! A request that authenticated with an API key (a header such as `X-API-Key`,
//! `api-key`, `x-goog-api-key`, `Ocp-Apim-Subscription-Key`, or a `key`/`api_key`
//! query parameter) was refused and no more specific rule explained why. When the
//! server's challenge or error body says where the key belongs (another header,
//! the query, `Authorization`), a key sent elsewhere is pointed out.
//!
//! # Why it causes the failure
//! The key is wrong, revoked or rotated, belongs to another project or
//! environment, is restricted (allowed IPs, referrers, APIs), or is sent in a place
//! the API does not read.
//!
//! # Example (HAR excerpt)
//! `GET /v1/data?key=…` → 403 `{"error":{"message":"API key not valid. Please pass a valid API key."}}`.
//!
//! # References
//! RFC 9110 §15.5.2, OWASP API Security API2:2023.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Pointer, Recorded, Rule, RuleMeta, Value, entry_ptr};

pub struct ApiKeyRejected;

static META: RuleMeta = RuleMeta {
    id: "api-key-rejected",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 45,
    phase: Phase::Fallback,
    references: &[
        Reference { title: "RFC 9110 §15.5.2 401 Unauthorized", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" },
        Reference { title: "OWASP API2:2023 Broken Authentication", url: "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/" },
    ],
};

impl Rule for ApiKeyRejected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if !matches!(cx.status(), Some(401 | 403)) {
            return;
        }
        let keys = cx.api_keys();
        let i = cx.index();
        let body = cx.body().unwrap_or("").to_ascii_lowercase();
        let hint = if body.contains("header") && keys.iter().any(|(p, ..)| matches!(p, Pointer::Entry { path: "request/queryString", .. })) {
            Some("header")
        } else if (body.contains("query") || body.contains("parameter")) && keys.iter().any(|(p, ..)| matches!(p, Pointer::Entry { path: "request/headers", .. })) {
            Some("query")
        } else {
            None
        };
        if keys.is_empty() {
            // No key sent, but the server asks for one: a key expected, not a token. Only where
            // the record shows the request as sent (`EntryCx::recorded`).
            let asks = body.contains("api key") || body.contains("api_key") || body.contains("apikey");
            if asks && cx.authorization().is_none() && cx.recorded() == Recorded::AsSent {
                out.push(
                    Draft::new(&META, i, Confidence::Possible)
                        .variant("missing")
                        .evidence(i, entry_ptr(i, "response/content/text"), Value::Word("ev_body_mentions_api_key")),
                );
            }
            return;
        }
        let (pointer, name, value) = &keys[0];
        let mut d = Draft::new(&META, i, Confidence::Likely)
            .data("name", *name)
            .evidence(i, pointer.clone(), Value::labeled(*name, Value::secret(*value)));
        if let Some(where_) = hint {
            d = d.variant("wrong-place").data("expected", Value::Word(where_));
        }
        out.push(d);
    }
}
