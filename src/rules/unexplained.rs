//! `unexplained-auth-failure`
//!
//! # What it detects
//! An authentication failure that no other rule explains.
//!
//! # Why it matters
//! No failure is left without guidance: this finding walks through the general
//! checklist (credentials, token lifetime, cookies, CORS, proxies, caches, server
//! logs) with what the capture shows for each point.
//!
//! # Example (HAR excerpt)
//! `"status": 401` with a well-formed, unexpired token and no `WWW-Authenticate` detail.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr};

pub struct UnexplainedAuthFailure;

static META: RuleMeta = RuleMeta {
    id: "unexplained-auth-failure",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 100,
    phase: Phase::Last,
    references: &[
        Reference { title: "RFC 9110 §15.5.2 401 Unauthorized", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" },
        Reference { title: "RFC 9110 §11.6.1 WWW-Authenticate", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1" },
    ],
};

impl Rule for UnexplainedAuthFailure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, cx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        for e in cx.entries {
            let Some(kind) = e.failure() else { continue };
            if cx.explained.contains(&e.index()) {
                continue;
            }
            let status = e.status().map_or(Value::Word("no_response"), Value::from);
            let mut d = Draft::new(&META, e.index(), Confidence::Possible);
            if let Some(said) = e.server_message() {
                // A refusal of a token the record does not hold (see `missing-credentials`).
                let variant = if !e.has_credentials() && e.server_refused_a_token() {
                    "not-recorded"
                } else {
                    "server-said"
                };
                d = d.variant(variant).data("server_says", said);
            }
            out.push(
                d
                    .data("status", status.clone())
                    .data("kind", Value::Word(kind.word_key()))
                    .evidence(e.index(), entry_ptr(e.index(), "response/status"), Value::labeled("status", status)),
            );
        }
    }
}
