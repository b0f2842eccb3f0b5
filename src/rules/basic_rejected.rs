//! `basic-rejected`
//!
//! # What it detects
//! Well-formed Basic credentials (valid base64, a `:`, clean UTF-8, no stray
//! whitespace) that the server refused with 401; the URL's user name and password
//! the browser answered a Basic challenge with (Chromium lists no `Authorization`);
//! Digest credentials refused with a fresh challenge, not `stale=true`.
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
use super::{Draft, FileCx, Phase, Rule, RuleMeta, Value, entry_ptr, req_header_ptr};

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
            let i = cx.index();
            let basic_challenge = cx.challenges().iter().find(|(_, c)| c.is("basic"));
            let (user_id, password, pointer, excerpt, value) = match basic_credentials(cx) {
                Some((h, value, creds)) => {
                    let Ok(decoded) = basic::decode(creds, utf8_announced(cx)) else { continue };
                    let excerpt = Value::header("Authorization", value);
                    (decoded.user_id, decoded.password, req_header_ptr(i, h), excerpt, Some(value))
                }
                // No header, but the URL's user name and password, and a Basic challenge: the
                // browser answered the challenge with them itself, and Chromium records the
                // request as it was before (the lab's basic-xhr-wrong-password).
                None if cx.authorization().is_none() && basic_challenge.is_some() && !offers_stronger(cx) => {
                    let Some((user, password)) = cx.url_credentials() else { continue };
                    let (pointer, excerpt) = url_evidence(cx);
                    (user, password, pointer, excerpt, None)
                }
                None => {
                    // Digest, answered the same two ways; a fresh challenge, not stale=true
                    // (that is `digest-stale-nonce`): the password is what was refused.
                    if let Some(d) = digest_refused(cx) {
                        out.push(d);
                    }
                    continue;
                }
            };
            let realm = basic_challenge.and_then(|(_, c)| c.realm()).unwrap_or("").to_owned();
            // The same credentials accepted by another request of the capture.
            let accepted = value.and_then(|v| accepted_with.get_or_init(first_accepted).get(v).copied());
            let mut d = Draft::new(&META, i, Confidence::Likely)
                .data("user", shown_user(&user_id, password.is_empty()))
                .data("password_length", Value::Count(password.chars().count() as u64, "character"))
                .data("realm", realm)
                .evidence(i, pointer, excerpt);
            if let Some(ok) = accepted {
                d = d.variant("accepted-elsewhere").data("other", Value::Entry(ok.index())).also_entry(ok.index());
            } else if value.is_none() {
                d = d.variant("browser-answered");
            }
            out.push(d);
        }
    }
}

/// A 401 with a Digest challenge (none `stale=true`) to a request that sent Digest credentials:
/// its own `Authorization: Digest username="…"` (Firefox lists the header it added), or the
/// URL's user name and password the browser answered with (Chromium records no header).
fn digest_refused(cx: &crate::rules::EntryCx<'_, '_>) -> Option<Draft> {
    let challenges = cx.challenges();
    let (_, challenge) = challenges.iter().find(|(_, c)| c.is("digest"))?;
    if challenges.iter().any(|(_, c)| c.is("digest") && c.stale()) {
        return None;
    }
    let i = cx.index();
    let (user, pointer, excerpt) = match cx.authorization() {
        Some((h, value)) => {
            // The parameters of a Digest answer are written as a challenge's are. A hashed user
            // name (`userhash=true`) or an encoded one (`username*`) is not shown.
            let sent = crate::http::www_authenticate::parse(value).challenges.into_iter().next()?;
            let hashed = sent.param("userhash").is_some_and(|v| v.eq_ignore_ascii_case("true"));
            let user = (sent.is("digest") && !hashed).then(|| sent.param("username").map(str::to_owned))??;
            (user, req_header_ptr(i, h), Value::header("Authorization", value))
        }
        // The browser answers only with an algorithm it has (Chromium: MD5 and SHA-256).
        None if browser_answers(challenge.param("algorithm")) => {
            let (user, _) = cx.url_credentials()?;
            let (pointer, excerpt) = url_evidence(cx);
            (user, pointer, excerpt)
        }
        None => return None,
    };
    let user = shown_user(&user, false);
    Some(
        Draft::new(&META, i, Confidence::Likely)
            .variant("digest")
            .reference(DIGEST)
            .data("user", user)
            .data("realm", challenge.realm().unwrap_or(""))
            .evidence(i, pointer, excerpt),
    )
}

/// Digest's own standard, cited before the rule's (which are Basic's).
const DIGEST: Reference = Reference {
    title: "RFC 7616 §3.4 The Authorization Header Field (Digest)",
    url: "https://www.rfc-editor.org/rfc/rfc7616#section-3.4",
};

/// The request's URL, where the user name and password the browser answered with are (shown
/// redacted).
fn url_evidence(cx: &crate::rules::EntryCx<'_, '_>) -> (crate::rules::Pointer, Value) {
    (entry_ptr(cx.index(), "request/url"), Value::Url(cx.entry.request.url.to_string()))
}

/// Whether the 401 also offers a scheme browsers prefer to Basic (Negotiate, NTLM, Digest): the
/// browser answered that one, not Basic.
fn offers_stronger(cx: &crate::rules::EntryCx<'_, '_>) -> bool {
    cx.challenges().iter().any(|(_, c)| ["negotiate", "ntlm", "digest"].iter().any(|s| c.is(s)))
}

/// Whether a browser answers a Digest challenge of this `algorithm` (absent means MD5).
fn browser_answers(algorithm: Option<&str>) -> bool {
    let a = algorithm.unwrap_or("MD5").to_ascii_uppercase();
    matches!(a.trim_end_matches("-SESS"), "MD5" | "SHA-256")
}

/// A user id as a finding shows it: a secret where it is itself the key (Stripe-style
/// `sk_live_…:` with no password, or a known key prefix), as text otherwise.
fn shown_user(user: &str, no_password: bool) -> Value {
    if no_password || crate::redact::public_prefix(user).is_some() {
        Value::secret(user)
    } else {
        Value::text(user)
    }
}
