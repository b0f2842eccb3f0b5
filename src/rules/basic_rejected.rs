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

use crate::finding::{Confidence, Reference, Severity};
use crate::http::basic;

use super::basic_malformed::{basic_credentials, utf8_announced};
use super::{req_header_ptr, Draft, FileCx, Phase, Rule, RuleMeta};

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
        for cx in fcx.entries {
            if cx.status() != Some(401) || fcx.explained.contains(&cx.index()) {
                continue;
            }
            let Some((h, value, creds)) = basic_credentials(cx) else { continue };
            let Ok(decoded) = basic::decode(creds, utf8_announced(cx)) else { continue };
            let i = cx.index();
            let realm = cx.challenges().iter().find(|(_, c)| c.is("basic")).and_then(|(_, c)| c.realm()).unwrap_or("—").to_owned();
            // The same credentials accepted by another request of the capture.
            let accepted = fcx.entries.iter().find(|o| {
                o.status().is_some_and(|s| (200..400).contains(&s)) && o.authorization().map(|(_, v)| v) == Some(value)
            });
            let mut d = Draft::new(&META, i, Confidence::Likely)
                .data("user", &decoded.user_id)
                .data("password_length", decoded.password.chars().count())
                .data("realm", &realm)
                .evidence(i, req_header_ptr(i, h), format!("Authorization: {}", cx.opts.header("authorization", value)));
            if let Some(ok) = accepted {
                d = d.variant("accepted-elsewhere").data("other", ok.index()).also_entry(ok.index());
            }
            out.push(d);
        }
    }
}
