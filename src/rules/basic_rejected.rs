//! `basic-rejected`
//!
//! # What it detects
//! Well-formed Basic credentials (valid base64, a `:`, clean UTF-8, no stray
//! whitespace) that the server refused with 401.
//!
//! # Why it causes the failure
//! The form is right, so the content is wrong: a mistyped or changed password,
//! the wrong account (several accounts, or a user-id with the wrong case or
//! domain), a locked or disabled account, or credentials valid for another realm
//! of the same server. When the same credentials succeeded elsewhere in the
//! capture, the account is fine and the realm or resource is the problem.
//!
//! # Example (HAR excerpt)
//! `Authorization: Basic YWxpY2U6d3JvbmdwYXNz` → 401 `WWW-Authenticate: Basic realm="admin"`.
//!
//! # References
//! RFC 7617 §2, RFC 9110 §11.5 (protection spaces).

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::finding::{Confidence, Reference, Severity};
use crate::http::basic;

use super::basic_malformed::{basic_credentials, utf8_announced};
use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct BasicRejected;

static META: RuleMeta = RuleMeta {
    id: "basic-rejected",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 42,
    phase: Phase::Fallback,
    references: &[
        Reference { title: "RFC 7617 §2 The 'Basic' Authentication Scheme", url: "https://www.rfc-editor.org/rfc/rfc7617#section-2" },
        Reference { title: "RFC 9110 §11.5 Establishing a Protection Space (Realm)", url: "https://www.rfc-editor.org/rfc/rfc9110#section-11.5" },
    ],
};

impl Rule for BasicRejected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        // The first request the server accepted with each `Authorization` value, found once
        // when the first refused Basic credential asks: a scan of the capture for each was
        // quadratic where a script retried a wrong password.
        let accepted_with = OnceCell::new();
        let first_accepted = || {
            let mut first = HashMap::new();
            for o in fcx.entries {
                if let Some((_, v)) = o.authorization().filter(|_| o.status().is_some_and(|s| (200..400).contains(&s))) {
                    first.entry(v).or_insert(o);
                }
            }
            first
        };
        for cx in fcx.entries {
            if cx.status() != Some(401) || fcx.explained.contains(&cx.index()) {
                continue;
            }
            let Some((h, value, creds)) = basic_credentials(cx) else { continue };
            let Ok(decoded) = basic::decode(creds, utf8_announced(cx)) else { continue };
            let i = cx.index();
            let realm = cx.challenges().iter().find(|(_, c)| c.is("basic")).and_then(|(_, c)| c.realm()).unwrap_or("").to_owned();
            // The same credentials accepted by another request of the capture.
            let accepted = accepted_with.get_or_init(first_accepted).get(value);
            // A user id that is itself the key (Stripe-style `sk_live_…:` with no password)
            // is a secret like any other.
            let user_is_key = decoded.password.is_empty() || crate::redact::public_prefix(&decoded.user_id).is_some();
            let user = if user_is_key { Value::secret(&decoded.user_id) } else { Value::text(&decoded.user_id) };
            let mut d = Draft::new(&META, i, Confidence::Likely)
                .data("user", user)
                .data("password_length", Value::Count(decoded.password.chars().count() as u64, "character"))
                .data("realm", realm)
                .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value));
            if let Some(ok) = accepted {
                d = d.variant("accepted-elsewhere").data("other", Value::Entry(ok.index())).also_entry(ok.index());
            }
            out.push(d);
        }
    }
}
