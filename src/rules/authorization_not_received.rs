//! `authorization-not-received`
//!
//! # What it detects
//! The browser sent a well-formed `Authorization: Bearer …` header, yet the
//! server's 401 challenge carries no `error` code — which, by RFC 6750 §3.1,
//! means the server saw *no* credentials at all.
//!
//! # Why it causes the failure
//! Something between the browser and the application dropped the header: a
//! reverse proxy or load balancer that does not forward `Authorization` (nginx
//! `proxy_set_header Authorization ""`, Apache without `CGIPassAuth On`, some API
//! gateways), a redirect to another host (browsers drop `Authorization` on
//! cross-origin redirects), or a framework reading the token from another header.
//! Servers that never send error codes also look like this, so the confidence is
//! moderate; where the server's words say it refused a token it was sent ("Could not
//! validate credentials", "invalid token"), it is `possible`, and silent when the token had
//! expired: the header arrived.
//!
//! # Example (HAR excerpt)
//! Request `Authorization: Bearer eyJ…`, response 401 `WWW-Authenticate: Bearer realm="api"`.
//!
//! # References
//! RFC 6750 §3.1; Apache CGIPassAuth; nginx proxy_set_header.

use crate::finding::{Confidence, Reference, Severity};

use super::{Draft, EntryCx, Phase, Recorded, Rule, RuleMeta, Value, req_header_ptr, resp_header_ptr};

pub struct AuthorizationNotReceived;

static META: RuleMeta = RuleMeta {
    id: "authorization-not-received",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 5,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 6750 §3.1 Error Codes", url: "https://www.rfc-editor.org/rfc/rfc6750#section-3.1" },
        Reference { title: "Apache CGIPassAuth", url: "https://httpd.apache.org/docs/2.4/mod/core.html#cgipassauth" },
        Reference { title: "nginx proxy_set_header", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
    ],
};

impl Rule for AuthorizationNotReceived {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if cx.status() != Some(401) {
            return;
        }
        let Some((h, value)) = cx.authorization() else { return };
        if cx.bearer_token().is_none() || !cx.authorization_problems().is_empty() {
            return;
        }
        let challenges = cx.challenges();
        let Some((ch, bearer)) = challenges.iter().find(|(_, c)| c.is("bearer")) else { return };
        if bearer.error().is_some() || challenges.iter().any(|(_, c)| c.error().is_some()) {
            return;
        }
        // A 401 from a cache was not an answer to this token (cached-401 says so). Nor is what
        // the page's record of a call its service worker answered carries what reached the
        // server (the lab's https-sw-cached-401 in Firefox and Playwright: a 401 the worker had
        // stored read as a proxy dropping the header, certain).
        if cx.served_from_cache() || cx.recorded() == Recorded::PageSide {
            return;
        }
        // The server's words say it judged a token and refused it: some frameworks send the
        // bare challenge with every refusal (FastAPI's "Could not validate credentials", the
        // lab's fastapi-jwt-expired, read as a proxy dropping the header). Silent where the
        // token shows why (it had expired); otherwise `possible`: the same words come back when
        // a header was dropped and the code tried to verify nothing (FastAPI's
        // `auto_error=False`).
        let refused = cx.server_refused_a_token();
        if refused && cx.exp_and_request_time_ms().is_some_and(|(exp, at)| at > exp) {
            return;
        }
        // The server saying it found no token, although one was sent, leaves little
        // else; a bare challenge alone is what RFC 6750 asks for in that case.
        let confidence = if refused {
            Confidence::Possible
        } else if cx.server_says_no_token() {
            Confidence::Certain
        } else {
            Confidence::Likely
        };
        let i = cx.index();
        let www: Vec<&str> = cx.entry.response_header_values("www-authenticate").map(|(_, v)| v).collect();
        out.push(
            Draft::new(&META, i, confidence)
                .evidence(i, req_header_ptr(i, h), Value::header("Authorization", value))
                .evidence(i, resp_header_ptr(i, *ch), Value::header("WWW-Authenticate", www.join(", "))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze_bytes, Options};

    /// The findings (rule and confidence) of a capture of one `GET` with a Bearer JWT that
    /// expired at 10:00:00, sent two seconds after, refused 401 with a bare `Bearer` challenge
    /// and `body`.
    fn said(body: &str) -> Vec<(String, String)> {
        said_at("10:00:02", body)
    }

    /// [`said`], the request sent at `time` (of 2026-12-07, UTC).
    fn said_at(time: &str, body: &str) -> Vec<(String, String)> {
        // header {"alg":"HS256"}, payload {"sub":"dana","exp":1796637600} (2026-12-07T10:00:00Z)
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkYW5hIiwiZXhwIjoxNzk2NjM3NjAwfQ.c2lnbmF0dXJl";
        let har = format!(
            r#"{{"log":{{"entries":[{{"startedDateTime":"2026-12-07T{time}Z","request":{{"method":"GET","url":"http://app.test/api/me","headers":[{{"name":"Authorization","value":"Bearer {jwt}"}}]}},"response":{{"status":401,"headers":[{{"name":"WWW-Authenticate","value":"Bearer"}}],"content":{{"mimeType":"application/json","text":{body:?}}}}}}}]}}}}"#
        );
        let report = analyze_bytes(har.into_bytes(), &Options::default()).unwrap();
        (report.findings.iter())
            .map(|f| (f.rule.to_owned(), f.confidence.as_str().to_owned()))
            .collect()
    }

    /// FastAPI answers every refusal with the bare challenge: its words for a token it could not
    /// verify say the header arrived (the lab's fastapi-jwt-expired, read as a proxy dropping it);
    /// words for a missing token, or none, keep the reading.
    #[test]
    fn words_that_judge_a_token_say_the_header_arrived() {
        let fastapi = said(r#"{"detail":"Could not validate credentials"}"#);
        assert!(!fastapi.iter().any(|(r, _)| r == "authorization-not-received"), "{fastapi:?}");
        assert!(fastapi.contains(&("jwt-expired".into(), "likely".into())), "{fastapi:?}");
        let pyjwt = said(r#"{"detail":"Signature has expired"}"#);
        assert!(!pyjwt.iter().any(|(r, _)| r == "authorization-not-received"), "{pyjwt:?}");
        let missing = said(r#"{"detail":"Not authenticated"}"#);
        assert!(missing.contains(&("authorization-not-received".into(), "likely".into())), "{missing:?}");
        let no_token = said(r#"{"message":"No token provided"}"#);
        assert!(no_token.contains(&("authorization-not-received".into(), "certain".into())), "{no_token:?}");
        assert!(!no_token.iter().any(|(r, _)| r == "jwt-expired"), "{no_token:?}");
        let bare = said("");
        assert!(bare.contains(&("authorization-not-received".into(), "likely".into())), "{bare:?}");
        // Words that name the signature say the token was refused for it, not for its `exp` a
        // second before: neither a dropped header nor an expiry.
        let signature = said(r#"{"detail":"Signature verification failed"}"#);
        assert!(!signature.iter().any(|(r, _)| r == "authorization-not-received" || r == "jwt-expired"), "{signature:?}");
    }

    /// The same words for a token that shows no defect: the header may have arrived and been
    /// refused, or been dropped and nothing verified (FastAPI's `auto_error=False`): `possible`.
    #[test]
    fn words_that_judge_a_sound_token_leave_a_dropped_header_possible() {
        let sound = said_at("09:59:00", r#"{"detail":"Could not validate credentials"}"#);
        assert!(sound.contains(&("authorization-not-received".into(), "possible".into())), "{sound:?}");
        assert!(!sound.iter().any(|(r, _)| r == "jwt-expired"), "{sound:?}");
    }
}
