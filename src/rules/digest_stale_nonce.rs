//! `digest-stale-nonce`
//!
//! # What it detects
//! A Digest challenge with `stale=true`: the credentials were right but the
//! server's nonce expired.
//!
//! # Why it causes the failure
//! Digest credentials are bound to a server nonce with a limited lifetime. With
//! `stale=true` the server says "the password is fine, repeat with my new nonce":
//! a correct client retries silently. A client that instead prompts the user,
//! gives up, or replays the old nonce fails although the password is correct.
//!
//! # Example (HAR excerpt)
//! `WWW-Authenticate: Digest realm="api", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", stale=true`.
//!
//! # References
//! RFC 7616 §3.3.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, resp_header_ptr};

pub struct DigestStaleNonce;

static META: RuleMeta = RuleMeta {
    id: "digest-stale-nonce",
    since: "0.1.0",
    severity: Severity::Warning,
    rank: 7,
    phase: Phase::Main,
    references: &[Reference {
        title: "RFC 7616 §3.3 The WWW-Authenticate Response Header Field",
        url: "https://www.rfc-editor.org/rfc/rfc7616#section-3.3",
    }],
};

impl Rule for DigestStaleNonce {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if !matches!(cx.status(), Some(401 | 407)) {
            return;
        }
        // Borrowed, not copied: a challenge can carry thousands of params.
        let proxy = cx.proxy_challenges();
        let Some((h, c)) = cx.challenges().iter().chain(&proxy).find(|(_, c)| c.is("digest") && c.stale()) else { return };
        let i = cx.index();
        let name = if cx.status() == Some(407) { "Proxy-Authenticate" } else { "WWW-Authenticate" };
        out.push(
            Draft::new(&META, i, Confidence::Certain)
                .data("realm", c.realm().unwrap_or(""))
                .evidence(i, resp_header_ptr(i, *h), Value::header(name, cx.entry.response_header(&name.to_ascii_lowercase()).map_or("", |(_, v)| v))),
        );
    }
}
