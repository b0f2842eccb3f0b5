//! Captures recorded from real browsers against real servers (`tests/lab/`, re-recorded
//! with `./build.sh lab`), checked against each scenario's ground truth
//! (`tests/lab/scenarios.json`): for every producer that recorded the scenario, the
//! failing request named there (`#n`: the n-th such request to start) must have the expected primary cause (and confidence,
//! when the scenario states one), and the healthy control must report nothing.
//!
//! Scenarios that why401 does not get right yet are listed in
//! `tests/lab/known-misses.json` with what it says instead. The list only shrinks: a
//! listed miss that is now right fails the test until it is removed, so a fix is
//! never lost and a regression never hides behind the list
//! (`UPDATE_EXPECT=1 cargo test --test lab` rewrites it; review the diff).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use why401::{analyze_bytes, Options};

fn lab() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab")
}

/// `METHOD scheme://host[:port]/path[?query]` without the port (ports change per run) and
/// without the user name and password browsers record in the URL of a request a page gave them
/// to (`XMLHttpRequest.open()`).
/// Runs `check` on every producer's recording of `scenario`, with its entries and its report,
/// and asserts there is one per producer.
fn each_capture(scenario: &str, mut check: impl FnMut(&Path, &[Value], &why401::Report)) {
    let dir = lab().join("captures").join(scenario);
    let mut checked = 0;
    for f in fs::read_dir(&dir).expect("recorded by ./build.sh lab") {
        let path = f.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        let har: Value = serde_json::from_slice(&bytes).unwrap();
        let entries = har["log"]["entries"].as_array().unwrap();
        let report = analyze_bytes(bytes, &Options::default()).unwrap();
        check(&path, entries, &report);
        checked += 1;
    }
    assert_eq!(checked, 4, "{scenario}: one capture per producer");
}

/// A comparison's differences in the body, as `changed <place>` (`absent`, `added`), and any
/// other as its debug form.
fn body_differences(c: &why401::diff::Comparison) -> Vec<String> {
    use why401::diff::Difference;
    (c.differences.iter())
        .map(|d| match d {
            Difference::BodyAbsent { name } => format!("absent {name}"),
            Difference::BodyChanged { name } => format!("changed {name}"),
            Difference::BodyAdded { name } => format!("added {name}"),
            other => format!("{other:?}"),
        })
        .collect()
}

fn matches(entry: &Value, method: &str, url: &str) -> bool {
    let req = &entry["request"];
    if req["method"].as_str() != Some(method) {
        return false;
    }
    let got = req["url"].as_str().unwrap_or("");
    let strip_port = |u: &str| -> String {
        let Some((scheme, rest)) = u.split_once("://") else {
            return u.to_owned();
        };
        let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let authority = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        let host = authority.rsplit_once(':').map_or(authority, |(h, p)| {
            if p.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                authority
            }
        });
        format!("{scheme}://{host}{tail}")
    };
    let got = strip_port(got);
    if url.contains('?') {
        got == url
    } else {
        got.split('?').next() == Some(url)
    }
}

/// What why401 says about one expectation: the primary cause and its confidence.
/// The primary cause of the failure at `request`, its finding's confidence and message id.
fn verdict(
    report: &Value,
    entries: &[Value],
    request: &str,
) -> Result<(String, String, String), String> {
    let (spec, nth) = request
        .rsplit_once(" #")
        .map_or((request, 1), |(s, n)| (s, n.parse().unwrap_or(1)));
    let (method, url) = spec
        .split_once(' ')
        .ok_or_else(|| format!("bad request spec `{request}`"))?;
    // `#n` counts in the order the requests started: a DevTools panel gets a navigation's
    // redirect hops late, so file order is not the order they were sent in.
    let mut matching: Vec<(usize, &str)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| matches(e, method, url))
        .map(|(i, e)| (i, e["startedDateTime"].as_str().unwrap_or("")))
        .collect();
    matching.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(&b.0)));
    let index = matching
        .get(nth - 1)
        .map(|&(i, _)| i)
        .ok_or_else(|| format!("no entry for `{request}` in the capture"))?;
    let failure = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["entry"] == index)
        .ok_or_else(|| format!("entry {index} (`{request}`) is not reported as a failure"))?;
    let cause = failure["causes"][0].as_str().unwrap_or("").to_owned();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == cause.as_str() && f["entries"][0] == index);
    let text = |key: &str| {
        finding
            .and_then(|f| f[key].as_str())
            .unwrap_or("")
            .to_owned()
    };
    Ok((cause, text("confidence"), text("message")))
}

#[test]
fn recorded_captures_get_their_ground_truth() {
    let scenarios: Value =
        serde_json::from_str(&fs::read_to_string(lab().join("scenarios.json")).unwrap()).unwrap();
    let known: BTreeMap<String, String> = fs::read_to_string(lab().join("known-misses.json"))
        .ok()
        .map(|t| serde_json::from_str(&t).expect("known-misses.json is JSON"))
        .unwrap_or_default();
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut fixed = Vec::new();
    let mut misses: BTreeMap<String, String> = BTreeMap::new();
    for s in scenarios["scenarios"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        for producer in s["producers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
        {
            let path = lab()
                .join("captures")
                .join(id)
                .join(format!("{producer}.har"));
            let Ok(bytes) = fs::read(&path) else { continue };
            let har: Value = serde_json::from_slice(&bytes).unwrap();
            let entries = har["log"]["entries"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let report =
                serde_json::to_value(analyze_bytes(bytes, &Options::default()).unwrap()).unwrap();
            let mut problems = Vec::new();
            // `noFailures`: `true`, or the producers whose capture must show no failure (the
            // scenario's expectations are the others').
            let healthy = s["noFailures"] == true
                || (s["noFailures"].as_array()).is_some_and(|p| p.iter().any(|p| p == producer));
            if healthy {
                for f in report["failures"].as_array().unwrap() {
                    problems.push(format!(
                        "reports a failure: {} {} → {}",
                        f["method"], f["url"], f["causes"]
                    ));
                }
            }
            for e in (s["expect"].as_array().into_iter().flatten()).filter(|_| !healthy) {
                let over = &e["byProducer"][producer];
                if over["skip"].is_string() {
                    continue;
                }
                let request = e["request"].as_str().unwrap();
                let want = over["cause"].as_str().or(e["cause"].as_str()).unwrap();
                let want_conf = over["confidence"].as_str().or(e["confidence"].as_str());
                match verdict(&report, &entries, request) {
                    Err(why) => problems.push(why),
                    Ok((cause, conf, message)) => {
                        // `message`: the variant the truth needs, where it matters (the words
                        // of `cookie-not-sent` differ in what they blame).
                        let want_message = over["message"].as_str().or(e["message"].as_str());
                        if cause != want {
                            problems
                                .push(format!("{request}: primary cause {cause}, expected {want}"));
                        } else if want_conf.is_some_and(|c| c != conf) {
                            problems.push(format!(
                                "{request}: {cause} is {conf}, expected {}",
                                want_conf.unwrap()
                            ));
                        } else if want_message.is_some_and(|m| m != message) {
                            problems.push(format!(
                                "{request}: {cause} says {message}, expected {}",
                                want_message.unwrap()
                            ));
                        }
                    }
                }
            }
            checked += 1;
            let key = format!("{id}/{producer}");
            if !problems.is_empty() {
                misses.insert(key.clone(), problems.join("; "));
            }
            match (problems.is_empty(), known.contains_key(&key)) {
                (true, true) => fixed.push(key),
                (false, false) => wrong.push(format!("{key}: {}", problems.join("; "))),
                _ => {}
            }
        }
    }
    assert!(
        checked >= 20,
        "only {checked} recorded captures were found under tests/lab/captures"
    );
    // After an intended change: `UPDATE_EXPECT=1 cargo test --test lab` rewrites the list of
    // known misses; review its diff (an entry may only disappear, unless a capture changed).
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(
            lab().join("known-misses.json"),
            serde_json::to_string_pretty(&misses).unwrap() + "\n",
        )
        .unwrap();
        return;
    }
    assert!(
        wrong.is_empty() && fixed.is_empty(),
        "{} of {checked} captures differ from their ground truth:\n{}\n\nnow right, remove from tests/lab/known-misses.json:\n{}",
        wrong.len(),
        wrong.join("\n"),
        fixed.join("\n")
    );
}

/// Beyond the primary cause: on every recorded capture of a refused `redirect_uri` with
/// a sign-in that worked before it, the finding names the difference between the two.
#[test]
fn a_refused_redirect_uri_is_compared_with_the_one_that_worked() {
    each_capture("redirect-uri-trailing-slash", |path, _, report| {
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "oauth-redirect-uri-mismatch")
            .unwrap_or_else(|| panic!("{}: no oauth-redirect-uri-mismatch", path.display()));
        let data = serde_json::to_value(&finding.data).unwrap();
        assert_eq!(
            data["difference"],
            "uri_diff_trailing_slash",
            "{}: {data}",
            path.display()
        );
    });
}

/// An RPC-style API (Amazon Cognito: every call a `POST /`, the operation in `X-Amz-Target`, the
/// credentials in the JSON body), on every producer's recording of `cognito-sign-in`: a failure
/// is compared with a success of the same operation, and the body's credentials are compared.
/// Before, the refused `GetUser` was compared with the `GlobalSignOut` before it, and each
/// comparison said "the credentials sent were the same": a mistyped password beside the right
/// one, a refresh token beside a password.
#[test]
fn an_rpc_call_is_compared_with_the_same_operation_and_its_body_credentials() {
    each_capture("cognito-sign-in", |path, entries, report| {
        let target = |i: usize| {
            (entries[i]["request"]["headers"].as_array().unwrap().iter())
                .find(|h| {
                    h["name"]
                        .as_str()
                        .unwrap()
                        .eq_ignore_ascii_case("x-amz-target")
                })
                .map(|h| h["value"].as_str().unwrap().to_owned())
        };
        let body = |i: usize| {
            entries[i]["request"]["postData"]["text"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(report.failures.len(), 3, "{}", path.display());
        for failure in &report.failures {
            let c = failure
                .comparison
                .as_ref()
                .unwrap_or_else(|| panic!("{}: #{} not compared", path.display(), failure.entry));
            let (here, there) = (failure.entry, c.reference);
            assert_eq!(
                target(here),
                target(there),
                "{}: #{here} with #{there}",
                path.display()
            );
            let got = body_differences(c);
            let (b, t) = (body(here), body(there));
            let want: &[&str] = if b.contains("USER_PASSWORD_AUTH") {
                // The mistyped password, beside the sign-in that worked.
                &["changed AuthParameters.PASSWORD"]
            } else if b.contains("REFRESH_TOKEN_AUTH") {
                // A refresh beside the sign-in: another flow of the same operation.
                assert!(t.contains("USER_PASSWORD_AUTH"), "{}", path.display());
                &[
                    "absent AuthParameters.PASSWORD",
                    "added AuthParameters.REFRESH_TOKEN",
                ]
            } else {
                // The revoked token, beside the same token's GetUser before the sign-out.
                assert!(b.contains("AccessToken") && t == b, "{}", path.display());
                &[]
            };
            assert_eq!(got, want, "{}: #{here} with #{there}", path.display());
            assert!(
                !(c.differences.iter()).any(why401::diff::Difference::is_missing),
                "a body is what the call asks"
            );
        }
    });
}

/// Firebase Authentication (Google's emulator), on every producer's recording of
/// `firebase-sign-in`: each refusal is a failure, named in Firebase's own words, and a sign-in
/// is compared by the credentials its body sent, the user's email with its password. Before,
/// none of the emulator's four other refusals was reported ("No authentication failures
/// found"); the sign-in with a mistyped email was said to have sent "the same credentials" as the
/// one that worked; and chrome-har's listing of `"returnSecureToken": true` made a flag a
/// credential.
#[test]
fn a_firebase_sign_in_is_named_in_firebases_words_and_compared_by_its_email_and_password() {
    each_capture("firebase-sign-in", |path, _, report| {
        let said: Vec<&str> = (report.failures.iter())
            .map(|f| {
                let first = f.causes.first().expect("a cause");
                let finding = (report.findings.iter())
                    .find(|g| g.rule == *first && g.entries.first() == Some(&f.entry))
                    .expect("the cause's finding");
                finding.message.as_str()
            })
            .collect();
        assert_eq!(
            said,
            [
                "vendor-error.firebase.email-not-found",
                "vendor-error.firebase.invalid-password",
                "vendor-error.firebase.token-expired",
                "vendor-error.firebase.user-disabled",
                "vendor-error.firebase.invalid-refresh-token",
            ],
            "{}",
            path.display()
        );
        let changed = |i: usize| {
            body_differences(report.failures[i].comparison.as_deref().expect("compared"))
        };
        assert_eq!(changed(0), ["changed email"], "{}", path.display());
        assert_eq!(changed(1), ["changed password"], "{}", path.display());
        // The ID token from before the password change, beside the same token's lookup.
        assert_eq!(changed(2), Vec::<String>::new(), "{}", path.display());
        for i in 0..report.failures.len() {
            assert!(
                !changed(i).iter().any(|d| d.contains("returnSecureToken")),
                "{}: a flag is no credential",
                path.display()
            );
        }
    });
}

/// With email enumeration protection on, Firebase answers a mistyped email and a mistyped
/// password with the same `INVALID_LOGIN_CREDENTIALS`; on every producer's recording of
/// `firebase-sign-in-protected`, the comparison with the sign-in that worked says which it was.
/// Before, it said of the mistyped email "the credentials sent were the same".
#[test]
fn a_refused_firebase_sign_in_says_which_of_email_and_password_differed() {
    each_capture("firebase-sign-in-protected", |path, _, report| {
        assert_eq!(report.failures.len(), 2, "{}", path.display());
        let changed = |i: usize| {
            body_differences(report.failures[i].comparison.as_deref().expect("compared"))
        };
        assert_eq!(changed(0), ["changed email"], "{}", path.display());
        assert_eq!(changed(1), ["changed password"], "{}", path.display());
    });
}

/// The Firebase Authentication emulator's ID tokens are unsigned by design. On every producer's
/// recording of `firebase-emulator-token`, an API whose Admin SDK runs beside the emulator
/// accepts one: that is said as context (`info`), not as "SECURITY: the server accepted an
/// unsigned token" (a warning on every call of every app developed against the emulator, before).
/// The refusal by the API set up for production is checked by the ground truth.
#[test]
fn an_accepted_firebase_emulator_token_is_context_not_a_security_alarm() {
    use why401::finding::Severity;
    each_capture("firebase-emulator-token", |path, entries, report| {
        let accepted = (entries.iter())
            .position(|e| matches(e, "GET", "http://fb-api.test/emulated/v1/profile"))
            .unwrap_or_else(|| panic!("{}: the emulated API's call", path.display()));
        assert_eq!(
            entries[accepted]["response"]["status"],
            200,
            "{}",
            path.display()
        );
        let said: Vec<(&str, Severity)> = (report.findings.iter())
            .filter(|f| f.rule == "jwt-alg-none" && f.entries.first() == Some(&accepted))
            .map(|f| (f.message.as_str(), f.severity))
            .collect();
        assert_eq!(
            said,
            [("jwt-alg-none.accepted-firebase-emulator", Severity::Info)],
            "{}",
            path.display()
        );
    });
}

/// Django's CSRF check is not a sign-in. On every producer's recording of `django-session-csrf`,
/// each refusal by the CSRF check is `csrf-rejected`, and nothing says the session or the servers
/// failed: before, the token kept from before the sign-in read as `credential-stopped-working`
/// ("the servers disagree"), and a missing token as a missing credential. The rotated token's
/// evidence is the `Set-Cookie` of the sign-in's answer, which gave the cookie its new value.
#[test]
fn a_csrf_refusal_names_the_token_not_the_session() {
    each_capture("django-session-csrf", |path, entries, report| {
        let p = path.display();
        let of = |i: usize| -> Vec<&why401::finding::Finding> {
            (report.findings.iter())
                .filter(|f| f.entries.first() == Some(&i))
                .collect()
        };
        let refusals: Vec<usize> = (report.failures.iter())
            .filter(|f| f.causes.first().is_some_and(|c| *c == "csrf-rejected"))
            .map(|f| f.entry)
            .collect();
        assert_eq!(refusals.len(), 4, "{p}");
        for &i in &refusals {
            let rules: Vec<&str> = of(i).iter().map(|f| f.rule).collect();
            assert!(
                !rules.iter().any(|r| [
                    "credential-stopped-working",
                    "credential-differs",
                    "password-rejected"
                ]
                .contains(r)),
                "{p}: #{i} {rules:?}"
            );
        }
        let sign_in = (entries.iter())
            .position(|e| {
                matches(e, "POST", "http://app.test/django/login") && e["response"]["status"] == 200
            })
            .unwrap_or_else(|| panic!("{p}: the sign-in that worked"));
        let rotated = (report.findings.iter())
            .find(|f| f.message == "csrf-rejected.rotated")
            .unwrap_or_else(|| panic!("{p}: the token from before the sign-in"));
        assert!(rotated.entries.contains(&sign_in), "{p}");
        assert!(
            (rotated.evidence.iter())
                .any(|e| e.entry == sign_in && e.excerpt.starts_with("Set-Cookie: csrftoken=")),
            "{p}: {:?}",
            rotated.evidence
        );
        // No CSRF token or cookie value the capture holds is shown, in any finding or comparison.
        let mut secrets: Vec<&str> = Vec::new();
        for e in entries {
            for h in e["request"]["headers"].as_array().into_iter().flatten() {
                let (name, value) = (
                    h["name"].as_str().unwrap_or(""),
                    h["value"].as_str().unwrap_or(""),
                );
                if name.eq_ignore_ascii_case("x-csrftoken")
                    || name.eq_ignore_ascii_case("x-csrf-token")
                {
                    secrets.push(value);
                }
                if name.eq_ignore_ascii_case("cookie") {
                    secrets.extend(
                        value
                            .split(';')
                            .filter_map(|p| p.split_once('='))
                            .map(|(_, v)| v.trim()),
                    );
                }
            }
        }
        secrets.retain(|s| s.len() >= 16);
        assert!(!secrets.is_empty(), "{p}");
        let shown = format!("{:?} {:?}", report.findings, report.failures);
        for s in &secrets {
            assert!(!shown.contains(s), "{p}: a token is shown");
        }
    });
}

/// Django REST framework takes its token as `Token <key>`. On every producer's recording of
/// `django-drf-token`, the key sent as `Bearer` is compared with the same key that worked under
/// `Token`: the comparison says the scheme changed, not "another value" (as it said before).
#[test]
fn a_key_sent_under_another_scheme_is_compared_by_its_scheme() {
    use why401::diff::Difference;
    each_capture("django-drf-token", |path, _, report| {
        let first = report.failures.first().expect("the Bearer call");
        let c = first.comparison.as_deref().expect("compared");
        let schemes: Vec<(&str, &str)> = (c.differences.iter())
            .filter_map(|d| match d {
                Difference::SchemeChanged { here, there, .. } => {
                    Some((here.as_str(), there.as_str()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            schemes,
            [("Bearer", "Token")],
            "{}: {:?}",
            path.display(),
            c.differences
        );
        // The mistyped key is another value, whatever its scheme.
        let second = report
            .failures
            .get(1)
            .and_then(|f| f.comparison.as_deref())
            .expect("compared");
        assert!(
            (second.differences.iter()).any(|d| matches!(d, Difference::HeaderChanged { .. })),
            "{}",
            path.display()
        );
    });
}

/// "Compared with #n, which succeeded" names a request that worked. A 2xx that is itself a
/// failure (GitHub's token endpoint answers `bad_verification_code` with 200; an answer CORS
/// hid) was taken for one, and a failure was compared with itself, "0 ms earlier".
#[test]
fn a_failure_is_compared_only_with_a_request_that_worked() {
    let mut compared = 0;
    let mut scenarios: Vec<PathBuf> = fs::read_dir(lab().join("captures"))
        .expect("recorded by ./build.sh lab")
        .map(|d| d.unwrap().path())
        .collect();
    scenarios.sort();
    for dir in scenarios {
        for f in fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            let report = analyze_bytes(fs::read(&path).unwrap(), &Options::default()).unwrap();
            let failing: Vec<usize> = report.failures.iter().map(|f| f.entry).collect();
            for failure in &report.failures {
                let Some(c) = &failure.comparison else {
                    continue;
                };
                compared += 1;
                assert!(
                    !failing.contains(&c.reference),
                    "{}: #{} compared with #{}, a failure",
                    path.display(),
                    failure.entry,
                    c.reference
                );
                assert!(
                    (200..300).contains(&c.reference_status),
                    "{}",
                    path.display()
                );
                // The page's own files worked for anyone: they say nothing of why a request
                // failed (the page's `lab.js` was once "the request that succeeded with the same
                // credentials" beside a refused password).
                let har: serde_json::Value =
                    serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
                let url = har["log"]["entries"][c.reference]["request"]["url"]
                    .as_str()
                    .unwrap_or("");
                let file = url.split(['?', '#']).next().unwrap_or("");
                assert!(
                    ![".js", ".css", ".png", ".svg", ".ico", ".woff2"]
                        .iter()
                        .any(|x| file.ends_with(x)),
                    "{}: #{} compared with {url}",
                    path.display(),
                    failure.entry
                );
            }
        }
    }
    assert!(
        compared >= 20,
        "only {compared} comparisons: the captures hold more"
    );
}

/// FastAPI answers every refusal with a bare `WWW-Authenticate: Bearer`, and its CORS middleware
/// answers a preflight it refuses 400 (the lab's fastapi-* scenarios): a token it could not
/// verify is no header a proxy dropped, its CORS middleware's 400 no authentication check on
/// OPTIONS (the check its headers fail is named), and the request sent "again with" a credential
/// is the one that carried the token, not the `Bearer undefined` in between.
/// The Node.js middlewares most Express APIs check JWTs with, recorded: express-jwt's refusal is
/// read off Express's own error page, Auth0's express-oauth2-jwt-bearer's from its challenge, and
/// Passport's plain "Unauthorized", which names no reason, is not read as any.
#[test]
fn node_jwt_refusals_are_read_as_the_middlewares_mean_them() {
    let signature = |report: &why401::Report| {
        (report.findings.iter())
            .find(|f| f.rule == "jwt-signature-rejected")
            .cloned()
    };
    each_capture("express-jwt-wrong-secret", |path, entries, report| {
        let p = path.display();
        let f = signature(report).unwrap_or_else(|| panic!("{p}: no jwt-signature-rejected"));
        assert_eq!(f.message, "jwt-signature-rejected.shared-secret", "{p}");
        assert!(
            f.title.contains("UnauthorizedError: invalid signature"),
            "{p}: {}",
            f.title
        );
        // The answer that handed the token out: the other environment's sign-in.
        let from = f
            .entries
            .get(1)
            .copied()
            .unwrap_or_else(|| panic!("{p}: {:?}", f.entries));
        assert!(
            matches(
                &entries[from],
                "POST",
                "http://app.test/ejwt/other-env/login"
            ),
            "{p}: entry {from}"
        );
        assert!(
            f.explanation.contains(&format!("(in entry #{from})")),
            "{p}: {}",
            f.explanation
        );
    });
    // Fastify's JSON error, @fastify/jwt's words.
    each_capture("fastify-jwt-wrong-secret", |path, _, report| {
        let p = path.display();
        let f = signature(report).unwrap_or_else(|| panic!("{p}: no jwt-signature-rejected"));
        assert_eq!(f.message, "jwt-signature-rejected.shared-secret", "{p}");
        assert!(
            f.title.contains("The token signature is invalid."),
            "{p}: {}",
            f.title
        );
    });
    each_capture("fastify-jwt-expired", |path, _, report| {
        let p = path.display();
        let f = (report.findings.iter())
            .find(|f| f.rule == "jwt-expired")
            .unwrap_or_else(|| panic!("{p}: no jwt-expired"));
        assert_eq!(f.confidence, why401::finding::Confidence::Certain, "{p}");
        assert!(
            f.explanation.contains("Authorization token expired"),
            "{p}: {}",
            f.explanation
        );
    });
    each_capture("jwks-key-rotated", |path, entries, report| {
        let p = path.display();
        let f = signature(report).unwrap_or_else(|| panic!("{p}: no jwt-signature-rejected"));
        assert_eq!(f.message, "jwt-signature-rejected.unknown-key", "{p}");
        assert!(f.title.contains("key id lab-key-2"), "{p}: {}", f.title);
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule == "bearer-invalid-token"),
            "{p}"
        );
        // The GET that fetched the token is no reference for why it was refused.
        for failure in &report.failures {
            if let Some(c) = &failure.comparison {
                assert!(
                    !matches(
                        &entries[c.reference],
                        "GET",
                        "http://app.test/o2b/stored-token"
                    ),
                    "{p}: compared with the answer that handed the token out"
                );
            }
        }
    });
    // Nothing says why: what the token rules out is said, and no one cause is claimed.
    each_capture("passport-jwt-wrong-secret", |path, _, report| {
        let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            ["unexplained-auth-failure.jwt-refused"],
            "{}",
            path.display()
        );
    });
    // Called before signing in: a note that names the call that carried the token, not the
    // `Bearer undefined` one between; express-jwt's "No authorization token was found", on
    // Express's page, is no refusal of a token.
    each_capture("express-jwt-token-not-attached", |path, entries, report| {
        let p = path.display();
        let note = (report.findings.iter())
            .find(|f| f.message == "missing-credentials.sent-again")
            .unwrap_or_else(|| panic!("{p}: no missing-credentials.sent-again"));
        assert_eq!(note.severity, why401::finding::Severity::Info, "{p}");
        let again = &entries[note.entries[1]];
        let sent = (again["request"]["headers"].as_array().into_iter().flatten()).find(|h| {
            h["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case("authorization"))
        });
        assert!(
            sent.is_some_and(|h| h["value"]
                .as_str()
                .is_some_and(|v| v.starts_with("Bearer ey"))),
            "{p}: {sent:?}"
        );
    });
    each_capture("express-jwt-expired", |path, _, report| {
        let p = path.display();
        let f = (report.findings.iter())
            .find(|f| f.rule == "jwt-expired")
            .unwrap_or_else(|| panic!("{p}: no jwt-expired"));
        // A second past `exp`, within the leeway: the server's own words name the expiry.
        assert_eq!(f.confidence, why401::finding::Confidence::Certain, "{p}");
        assert!(
            f.explanation
                .contains("in its words: UnauthorizedError: jwt expired"),
            "{p}: {}",
            f.explanation
        );
    });
}

#[test]
fn fastapi_refusals_are_read_as_fastapi_means_them() {
    each_capture("fastapi-jwt-expired", |path, _, report| {
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert!(
            !rules.contains(&"authorization-not-received"),
            "{}: {rules:?}",
            path.display()
        );
        assert!(
            rules.contains(&"jwt-expired"),
            "{}: {rules:?}",
            path.display()
        );
        // A second past `exp` is within the leeway: the server's refusal decided it, and is said.
        let said = "within the leeway, but the server refused the token, in its words: Could not validate credentials";
        let expired = report.findings.iter().find(|f| f.rule == "jwt-expired");
        assert!(
            expired.is_some_and(|f| f.explanation.contains(said)),
            "{}",
            path.display()
        );
    });
    each_capture("fastapi-cors-disallowed", |path, entries, report| {
        let p = path.display();
        let refused_preflights = (entries.iter())
            .filter(|e| e["request"]["method"] == "OPTIONS" && e["response"]["status"] == 400)
            .count();
        let refused: Vec<&why401::finding::Finding> = (report.findings.iter())
            .filter(|f| f.message == "cors-blocked.preflight-refused")
            .collect();
        assert_eq!(refused.len(), refused_preflights, "{p}");
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.message == "cors-blocked.preflight-status"),
            "{p}"
        );
        for f in &refused {
            assert!(
                !f.fixes.iter().any(|x| x.contains("before authentication")),
                "{p}: {:?}",
                f.fixes
            );
        }
        if refused_preflights > 0 {
            assert!(
                refused
                    .iter()
                    .any(|f| f.explanation.contains("does not list `authorization`")),
                "{p}"
            );
            assert!(
                refused
                    .iter()
                    .any(|f| f.explanation.contains("no Access-Control-Allow-Origin")),
                "{p}"
            );
        }
    });
    each_capture("fastapi-oauth2-password", |path, entries, report| {
        let p = path.display();
        let sent_again = (report.findings.iter())
            .find(|f| f.message == "missing-credentials.sent-again")
            .unwrap_or_else(|| panic!("{p}: the call made before the token was attached"));
        let again = &entries[sent_again.entries[1]];
        let authorization = (again["request"]["headers"].as_array().into_iter().flatten())
            .find(|h| {
                h["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case("authorization"))
            })
            .and_then(|h| h["value"].as_str())
            .unwrap_or("");
        assert!(
            authorization.starts_with("Bearer ey"),
            "{p}: {authorization}"
        );
        assert_eq!(again["response"]["status"], 200, "{p}");
    });
}

/// A sign-in callback the app refused because its transaction cookie did not come back
/// (express-openid-connect): the cookie is followed from the answer that sent the browser to
/// the provider, and what kept it back is named as each browser recorded it.
#[test]
fn a_lost_sign_in_state_is_traced_to_its_cookie() {
    use why401::finding::Confidence;
    // The capture's oauth-state-lost finding, which must say `message` at `confidence`.
    let lost = |path: &Path, report: &why401::Report, message: &str, confidence: Confidence| {
        let p = path.display();
        let f = (report.findings.iter())
            .find(|f| f.rule == "oauth-state-lost")
            .cloned()
            .unwrap_or_else(|| panic!("{p}: no oauth-state-lost"));
        assert_eq!(
            (f.message.as_str(), f.confidence),
            (message, confidence),
            "{p}"
        );
        f
    };
    // The way back is redirects only, begun by the app's own page: Firefox keeps the Strict
    // cookie back at the end of the chain, Chromium sends it and the sign-in works.
    each_capture("oidc-state-cookie-strict", |path, entries, report| {
        let p = path.display();
        let firefox = path.ends_with("firefox-panel.har");
        if !firefox {
            assert!(report.failures.is_empty(), "{p}: {:?}", report.failures);
            assert!(
                !report.findings.iter().any(|f| f.rule == "oauth-state-lost"),
                "{p}"
            );
            return;
        }
        let f = lost(
            path,
            report,
            "oauth-state-lost.same-site",
            Confidence::Certain,
        );
        let failure = &report.failures[0];
        assert_eq!(failure.kind.as_str(), "callback-error", "{p}");
        assert!(
            matches(
                &entries[failure.entry],
                "GET",
                "http://app.test/eoc/strict/callback"
            ),
            "{p}"
        );
        // The answer that stored the cookie is the app's /login.
        assert!(
            matches(
                &entries[f.entries[1]],
                "GET",
                "http://app.test/eoc/strict/login"
            ),
            "{p}"
        );
        assert!(
            f.title.contains("(SameSite=Strict)") && f.title.contains("cookie not found."),
            "{p}: {}",
            f.title
        );
        assert!(
            f.explanation.contains("begun by the app's own page"),
            "{p}: {}",
            f.explanation
        );
        assert!(
            f.fixes
                .iter()
                .any(|x| x.contains("transactionCookie.sameSite")),
            "{p}: {:?}",
            f.fixes
        );
    });
    // The user signs in on the provider's page: the navigation back begins there, and no
    // browser sends the Strict cookie.
    each_capture("oidc-state-cookie-strict-login-form", |path, _, report| {
        let p = path.display();
        let f = lost(
            path,
            report,
            "oauth-state-lost.same-site",
            Confidence::Certain,
        );
        assert!(
            f.explanation.contains("began on a page of idp.test"),
            "{p}: {}",
            f.explanation
        );
    });
    // Secure over http: refused when /login set it, in every browser.
    each_capture("oidc-state-cookie-insecure", |path, entries, report| {
        let p = path.display();
        let f = lost(
            path,
            report,
            "oauth-state-lost.refused",
            Confidence::Certain,
        );
        assert!(
            matches(
                &entries[f.entries[0]],
                "POST",
                "http://app.test/eoc/no-legacy/callback"
            ),
            "{p}"
        );
        assert!(
            f.fixes.iter().any(|x| x.contains("legacySameSiteCookie")),
            "{p}: {:?}",
            f.fixes
        );
    });
    // Started on www.app.test, back to app.test: the fallback cookie belongs to the first.
    each_capture("oidc-sign-in-other-host", |path, _, report| {
        let p = path.display();
        let f = lost(
            path,
            report,
            "oauth-state-lost.other-host",
            Confidence::Certain,
        );
        assert!(
            f.title
                .contains("started on www.app.test and came back to app.test"),
            "{p}: {}",
            f.title
        );
    });
    // Passport keeps the state in a session whose Secure cookie express-session never set over
    // http: no cookie at the start, none at the callback, and a plain 403.
    each_capture("passport-oidc-session-not-set", |path, _, report| {
        let p = path.display();
        let f = lost(
            path,
            report,
            "oauth-state-lost.no-cookie",
            Confidence::Possible,
        );
        assert!(
            f.fixes.iter().any(|x| x.contains("trust proxy")),
            "{p}: {:?}",
            f.fixes
        );
    });
    // The README's set-up over http works: its fallback cookie goes with the form posted back.
    each_capture("oidc-sign-in-form-post-http", |path, _, report| {
        assert!(
            report.failures.is_empty(),
            "{}: {:?}",
            path.display(),
            report.failures
        );
    });
}
