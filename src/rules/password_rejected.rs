//! `password-rejected`
//!
//! # What it detects
//! A sign-in request (a JSON or form body with a password field) refused with 401
//! or 403 when nothing more specific (whitespace, full-width characters, rate
//! limiting) explains it.
//!
//! # Why it causes the failure
//! The application's own login endpoint compared the user name and password and
//! refused them: a typo, the wrong account or environment, a changed or expired
//! password, a locked or unverified account, or a user name whose case or domain
//! differs from what is stored.
//!
//! # Example (HAR excerpt)
//! `POST /api/login` `{"email":"alice@example.test","password":"…"}` → 401 `{"error":"invalid_credentials"}`.
//!
//! # References
//! OWASP Authentication Cheat Sheet; RFC 9110 §15.5.2.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value};

pub struct PasswordRejected;

static META: RuleMeta = RuleMeta {
    id: "password-rejected",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 43,
    phase: Phase::Fallback,
    references: &[
        Reference { title: "OWASP Authentication Cheat Sheet", url: "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html" },
        Reference { title: "RFC 9110 §15.5.2 401 Unauthorized", url: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" },
    ],
};

impl Rule for PasswordRejected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if !matches!(cx.status(), Some(401 | 403)) {
            return;
        }
        let fields = cx.login_fields();
        let Some((pointer, _, _)) = fields.first() else { return };
        let user = fields
            .iter()
            .find(|(_, k, _)| !k.to_ascii_lowercase().contains("pass") && !k.eq_ignore_ascii_case("pwd"))
            .map_or_else(String::new, |(_, _, v)| v.clone());
        let i = cx.index();
        // The server's words in any shape they come in (FastAPI's and the REST framework's
        // `detail`: "Incorrect username or password", the lab's fastapi-oauth2-password, went
        // unquoted when only `message` and `error` were read), scrubbed of what was sent.
        let message = cx.server_message().unwrap_or_default();
        out.push(
            Draft::new(&META, i, Confidence::Likely)
                .data("user", user)
                .data("message", message)
                .evidence(i, pointer.clone(), Value::Word("ev_login_form")),
        );
    }
}
