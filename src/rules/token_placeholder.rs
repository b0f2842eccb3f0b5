//! `token-placeholder`
//!
//! # What it detects
//! A credential that is a programming placeholder rather than a value:
//! `Bearer undefined`, `Bearer null`, `Bearer [object Object]`, `${token}`,
//! `{{token}}`, `YOUR_API_KEY`, an empty `Authorization` header, or an API key
//! header or parameter holding such a value.
//!
//! # Why it causes the failure
//! The client sent the header before it had a token, or interpolated the wrong
//! variable: the stored token was missing (not logged in yet, storage cleared, a
//! race with the login or refresh call), an object was stringified, or a template
//! was never filled in. The server sees a literal word, not a credential.
//!
//! # Example (HAR excerpt)
//! `{"name": "Authorization", "value": "Bearer undefined"}`.
//!
//! # References
//! RFC 6750 §2.1, MDN Authorization.

use crate::finding::{Confidence, Reference, Severity};
use crate::http::authorization::Problem;

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct TokenPlaceholder;

static META: RuleMeta = RuleMeta {
    id: "token-placeholder",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6750 §2.1 Authorization Request Header Field", url: "https://www.rfc-editor.org/rfc/rfc6750#section-2.1" },
        Reference { title: "MDN: Authorization", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Authorization" },
    ],
};

impl Rule for TokenPlaceholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.failure().is_none() {
            return;
        }
        let i = cx.index();
        if let Some((h, value)) = cx.authorization() {
            for p in cx.authorization_problems() {
                let d = match p {
                    Problem::Placeholder { value: placeholder } => Draft::new(&META, i, Confidence::Certain)
                        .data("value", placeholder.trim())
                        .data("where", "Authorization"),
                    Problem::Empty => Draft::new(&META, i, Confidence::Certain).variant("empty").data("where", "Authorization"),
                    _ => continue,
                };
                out.push(d.evidence(i, req_header_ptr(i, h), Value::header("Authorization", value)));
                return;
            }
        }
        let keys = cx.api_keys();
        for (pointer, name, value) in &keys {
            let (name, value) = (*name, *value);
            // A key sent empty beside a line of the same name that has one: what the server read
            // is not known, and the empty line is no proof.
            let valued_twin = || keys.iter().any(|(_, n, v)| n.eq_ignore_ascii_case(name) && !v.trim().is_empty());
            if value.trim().is_empty() {
                if valued_twin() {
                    continue;
                }
                // Sent empty: said so, not quoted as if "(empty)" were what was sent (the lab's
                // api-key-header-empty, in every producer).
                // Where the key was is where its pointer points (a header and a query parameter
                // may share a name, and a request may repeat a header).
                let header = !matches!(pointer, crate::finding::Pointer::Entry { path: "request/queryString", .. });
                let (variant, excerpt) =
                    if header { ("empty", Value::header(name, value)) } else { ("empty-param", Value::labeled(name, Value::Word("empty_value"))) };
                out.push(Draft::new(&META, i, Confidence::Certain).variant(variant).data("where", name).evidence(i, pointer.clone(), excerpt));
                return;
            }
            if crate::redact::is_placeholder(value) {
                let shown = Value::text(value.trim());
                out.push(
                    Draft::new(&META, i, Confidence::Certain)
                        .data("value", shown.clone())
                        .data("where", name)
                        .evidence(i, pointer.clone(), Value::labeled(name, shown)),
                );
                return;
            }
        }
    }
}
