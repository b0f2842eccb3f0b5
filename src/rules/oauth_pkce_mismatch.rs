//! `oauth-pkce-mismatch`
//!
//! # What it detects
//! A code exchange the token endpoint refused whose `code_verifier` does not fit
//! the `code_challenge` of the authorization request that started its flow, both in
//! the capture: for `S256`, BASE64URL(SHA-256(verifier)) differs from the challenge
//! (for `plain`, the verifier differs from it), or no verifier was sent at all. The
//! flow is found through the callback that delivered the code (its `state`), or
//! else as the latest authorization request of the same client before the exchange.
//! When the verifier fits *another* flow's challenge in the capture, that flow is
//! named: the app sent a verifier from a different sign-in.
//!
//! # Why it causes the failure
//! PKCE (RFC 7636) binds the code to the client instance that asked for it: the
//! token endpoint hashes the verifier and compares it with the challenge it stored
//! with the code; any difference is `invalid_grant`. A verifier regenerated on the
//! callback page, overwritten by a second sign-in in another tab, or lost with a
//! reload gives exactly this.
//!
//! # Example (HAR excerpt)
//! `GET /authorize?...&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`,
//! then `POST /token` with `code_verifier=xxxx…` → `{"error":"invalid_grant"}`.
//!
//! # References
//! RFC 7636 §4.1–4.6; RFC 9700 §2.1.1.

use std::collections::HashMap;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::finding::{Confidence, Reference, Severity};

use super::facts::code_delivery;
use super::{entry_ptr, query_param, Draft, EntryCx, FileCx, Phase, Rule, RuleMeta, Value};

pub struct OauthPkceMismatch;

static META: RuleMeta = RuleMeta {
    id: "oauth-pkce-mismatch",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 1,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7636 §4.6 Server verifies code_verifier", url: "https://www.rfc-editor.org/rfc/rfc7636#section-4.6" },
        Reference { title: "RFC 7636 §4.1–4.2 Verifier and challenge", url: "https://www.rfc-editor.org/rfc/rfc7636#section-4.1" },
        Reference { title: "RFC 9700 §2.1.1 PKCE", url: "https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1" },
    ],
};

/// An authorization request that sent a PKCE challenge.
struct Flow {
    index: usize,
    challenge: String,
    /// `S256` or `plain` (RFC 7636 §4.3: `plain` when absent).
    method: String,
    state: Option<String>,
    client_id: Option<String>,
}

impl Flow {
    fn of(cx: &EntryCx<'_, '_>) -> Option<Flow> {
        if !cx.is_authorize_request() {
            return None;
        }
        let url = cx.entry.request.url.as_ref();
        Some(Flow {
            index: cx.index(),
            challenge: query_param(url, "code_challenge")?,
            method: query_param(url, "code_challenge_method").unwrap_or_else(|| "plain".into()),
            state: query_param(url, "state"),
            client_id: query_param(url, "client_id"),
        })
    }

    /// Whether the challenge is the verifier's SHA-256 (else the verifier itself).
    fn is_s256(&self) -> bool {
        self.method.eq_ignore_ascii_case("S256")
    }

    /// What the verifier becomes under this flow's method.
    fn transform(&self, verifier: &str) -> String {
        if self.is_s256() {
            s256(verifier)
        } else {
            verifier.to_owned()
        }
    }

    fn fits(&self, verifier: &str) -> bool {
        self.transform(verifier) == self.challenge
    }
}

/// BASE64URL(SHA-256(ASCII(verifier))) without padding (RFC 7636 §4.2).
pub(crate) fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The `state` that came back with `code` (from the callback request, or a redirect whose
/// `Location` carries the code: the callback itself may be missing from the capture).
fn state_of_code(fcx: &FileCx<'_, '_>, code: &str) -> Option<String> {
    code_delivery(fcx, code).and_then(|(_, url, _)| query_param(url, "state"))
}

impl Rule for OauthPkceMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, fcx: &FileCx<'_, '_>, out: &mut Vec<Draft>) {
        let flows: Vec<Flow> = fcx.entries.iter().filter_map(Flow::of).collect();
        if flows.is_empty() {
            return;
        }
        // The flows in file order, by state, by client and by challenge, so that each refused
        // exchange finds its flow without a look at every flow (a sign-in loop has as many
        // flows as refused exchanges, and hashed the verifier once for each flow).
        let mut by_state: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_client: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
        let mut by_challenge: HashMap<(bool, &str), Vec<usize>> = HashMap::new();
        for (k, f) in flows.iter().enumerate() {
            if let Some(state) = &f.state {
                by_state.entry(state).or_default().push(k);
            }
            by_client.entry(f.client_id.as_deref()).or_default().push(k);
            by_challenge.entry((f.is_s256(), &f.challenge)).or_default().push(k);
        }
        // The last of `places` (in file order) before entry `i`.
        let last_before = |places: &[usize], i: usize| {
            let n = places.partition_point(|&k| flows[k].index < i);
            n.checked_sub(1).map(|n| &flows[places[n]])
        };
        let all: Vec<usize> = (0..flows.len()).collect();
        for cx in fcx.entries {
            let Some(err) = cx.token_error() else { continue };
            if !matches!(err.code, "invalid_grant" | "bad_verification_code" | "invalid_request") {
                continue;
            }
            if err.grant_type.as_deref() != Some("authorization_code") {
                continue;
            }
            let i = cx.index();
            let Some(code) = cx.form_param("code") else { continue };
            let client = cx.form_param("client_id");
            // The flow that issued this code: by the state its callback carried, else the
            // latest authorization request of this client before the exchange.
            let by_state = state_of_code(fcx, &code).and_then(|state| last_before(by_state.get(state.as_str())?, i));
            let (flow, linked) = match by_state {
                Some(f) => (f, true),
                None => {
                    let places = match &client {
                        None => &all[..],
                        Some(c) => by_client.get(&Some(c.as_str())).map_or(&[][..], Vec::as_slice),
                    };
                    let Some(f) = last_before(places, i) else {
                        continue;
                    };
                    (f, false)
                }
            };
            let verifier = cx.form_param("code_verifier").filter(|v| !v.is_empty());
            let (variant, other) = match &verifier {
                None => ("missing", None),
                Some(v) if flow.fits(v) => continue,
                // The first other flow (in file order) whose challenge the verifier gives.
                Some(v) => {
                    let fitting = [(true, s256(v)), (false, v.clone())];
                    let other = fitting
                        .iter()
                        .filter_map(|(s256, c)| by_challenge.get(&(*s256, c.as_str())))
                        .filter_map(|places| places.iter().find(|&&k| flows[k].index != flow.index))
                        .min();
                    match other {
                        Some(&k) => ("other-flow", Some(flows[k].index)),
                        None => ("mismatch", None),
                    }
                }
            };
            // Linked by state, the capture shows which challenge the server holds for
            // this code; linked by order only, another flow (not in the capture) may have
            // issued it.
            let confidence = if linked { Confidence::Certain } else { Confidence::Likely };
            let mut d = Draft::new(&META, i, confidence)
                .variant(variant)
                .data("authorize", Value::Entry(flow.index))
                .data("error", err.code)
                .data("method", flow.method.clone())
                .data("challenge", flow.challenge.clone())
                .also_entry(flow.index)
                .evidence(
                    i,
                    entry_ptr(i, "request/postData"),
                    Value::labeled("code_verifier", verifier.clone().map_or(Value::Word("none"), Value::secret)),
                )
                .evidence(flow.index, entry_ptr(flow.index, "request/url"), Value::labeled("code_challenge", flow.challenge.clone()));
            // The hash of a verifier is as public as a challenge; a `plain` "hash" is the
            // verifier itself and stays hidden.
            if let Some(v) = verifier.as_deref().filter(|_| flow.method.eq_ignore_ascii_case("S256")) {
                d = d.data("computed", s256(v));
            }
            if let Some(g) = other {
                d = d.data("other", Value::Entry(g)).also_entry(g);
            }
            // One character over and over (the lab's pkce-verifier-mismatch: 43 × "x"): a value
            // written into the code or a test, not the random one each sign-in makes. Its length
            // is told, never the character: the verifier is a secret.
            if let Some(n) = verifier.as_deref().filter(|v| v.len() >= 8 && v.bytes().all(|b| b == v.as_bytes()[0])).map(str::len) {
                d = d.data("fixed", Value::phrase("pkce_fixed_verifier", vec![("count", Value::Number(n as i64))]));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod fixed_verifier {
    use crate::rules::testing::explained;

    #[test]
    fn a_verifier_of_one_character_is_called_fixed() {
        let fixed = explained("oauth-pkce-mismatch", "pos-recorded-fixed-verifier");
        assert!(!fixed.is_empty() && fixed.iter().all(|e| e.contains("one character repeated 43 times")), "{fixed:?}");
        let random = explained("oauth-pkce-mismatch", "pos-verifier-regenerated");
        assert!(!random.is_empty() && random.iter().all(|e| !e.contains("repeated")), "{random:?}");
    }
}
