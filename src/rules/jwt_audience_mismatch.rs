//! `jwt-audience-mismatch`
//!
//! # What it detects
//! A refused request whose JWT names its audience (`aud`) as URLs or host names,
//! none of which is the host the request went to: the token was issued for
//! another API, or for the same API in another environment (`aud` says
//! `api.staging.example.com`, the request went to `api.example.com`).
//!
//! # Why it causes the failure
//! APIs check `aud` (RFC 7519 §4.1.3): a token for another audience is rejected
//! even though it is valid and unexpired. It happens when the client requests
//! the token with the wrong audience/resource parameter, or when a base URL or
//! an environment variable points one part of the app at another environment.
//!
//! # Example (HAR excerpt)
//! `GET https://api.example.test/v1/me` with a token whose `aud` is
//! `https://api.staging.example.test`.
//!
//! # References
//! RFC 7519 §4.1.3; RFC 8707 (resource indicators).

use crate::finding::{Confidence, Reference, Severity};
use crate::http::site::Url;

use super::{Draft, EntryCx, Phase, Rule, RuleMeta, Value, req_header_ptr};

pub struct JwtAudienceMismatch;

static META: RuleMeta = RuleMeta {
    id: "jwt-audience-mismatch",
    since: "0.1.0",
    severity: Severity::Error,
    rank: 14,
    phase: Phase::Main,
    references: &[
        Reference { title: "RFC 7519 §4.1.3 \"aud\" claim", url: "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3" },
        Reference { title: "RFC 8707 Resource Indicators for OAuth 2.0", url: "https://www.rfc-editor.org/rfc/rfc8707" },
    ],
};

/// The host an audience value names, when it names one: a URL, or a bare
/// dotted host name (`api.example.com`). Client ids and `api://` names do not.
fn audience_host(aud: &str) -> Option<String> {
    if let Some(url) = Url::parse(aud) {
        return matches!(url.scheme.as_str(), "http" | "https").then_some(url.host);
    }
    let bare = aud.trim_end_matches('/');
    let looks_like_host = bare.contains('.')
        && !bare.contains([' ', ':', '/'])
        && bare.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && bare.rsplit('.').next().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()));
    looks_like_host.then(|| bare.to_ascii_lowercase())
}

/// Environment words that tell deployments of one service apart.
const ENVIRONMENTS: &[&str] = &["staging", "stage", "stg", "dev", "develop", "test", "qa", "uat", "sandbox", "preprod", "local"];

fn environment(host: &str) -> Option<&'static str> {
    host.split(['.', '-']).find_map(|label| ENVIRONMENTS.iter().copied().find(|e| *e == label))
}

impl Rule for JwtAudienceMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_entry(&self, cx: &EntryCx<'_, '_>, out: &mut Vec<Draft>) {
        if !matches!(cx.status(), Some(401 | 403)) {
            return;
        }
        let Some(claims) = cx.claims() else { return };
        let auds = claims.aud();
        let hosts: Vec<String> = auds.iter().filter_map(|a| audience_host(a)).collect();
        // Only when every audience names a host can a mismatch be told apart
        // from an audience that is an API identifier.
        if hosts.is_empty() || hosts.len() != auds.len() {
            return;
        }
        let Some(target) = Url::parse(&cx.entry.request.url) else { return };
        // A gateway may serve several hosts of one registrable domain, but an
        // environment word that differs is a mismatch in any case.
        let target_env = environment(&target.host);
        if hosts.contains(&target.host) {
            return;
        }
        // Another host of the same site and environment may be a logical
        // audience (a gateway's name): possible. Another site or environment, or
        // the server naming the audience: likely, or certain.
        let site = crate::http::site::registrable_domain(&target.host);
        let near = hosts
            .iter()
            .any(|h| environment(h) == target_env && crate::http::site::registrable_domain(h) == site);
        // The server naming the audience ("Invalid audience", "unexpected 'aud' claim
        // value"), in its challenge or its JSON body.
        let names_aud = |t: &str| {
            let t = t.to_ascii_lowercase();
            t.contains("audience") || t.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "aud")
        };
        let server_says = cx.challenges().iter().any(|(_, c)| c.error_description().is_some_and(names_aud))
            || cx.server_message().is_some_and(|m| names_aud(&m));
        // Gateways, CDNs and API management sit in front of APIs under other host
        // names, so a host that differs from `aud` is only a lead (`possible`)
        // until the server itself names the audience.
        let _ = near;
        let confidence = if server_says { Confidence::Certain } else { Confidence::Possible };
        let i = cx.index();
        let (h, token) = cx.bearer_token().unwrap_or((0, ""));
        let other_env = hosts.iter().find_map(|h| environment(h)).or(target_env);
        let mut d = Draft::new(&META, i, confidence)
            .data("aud", Value::Joined(auds.iter().copied().map(Value::text).collect()))
            .data("host", &target.host)
            .evidence(i, req_header_ptr(i, h), Value::header("Authorization", format!("Bearer {token}")));
        if other_env.is_some() && hosts.iter().all(|h| environment(h) != target_env) {
            d = d.variant("environment").data("env", other_env.unwrap_or(""));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_hosts() {
        assert_eq!(audience_host("https://api.example.com/").as_deref(), Some("api.example.com"));
        assert_eq!(audience_host("api.example.com").as_deref(), Some("api.example.com"));
        assert_eq!(audience_host("api://default"), None);
        assert_eq!(audience_host("0oa1b2c3d4"), None);
        assert_eq!(audience_host("my-spa"), None);
        assert_eq!(environment("api.staging.example.com"), Some("staging"));
        assert_eq!(environment("api-dev.example.com"), Some("dev"));
        assert_eq!(environment("api.example.com"), None);
    }
}
