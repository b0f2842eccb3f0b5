//! A literal brute-force attack on every output, as the security review ran it: short
//! secrets (a 4-character password, a 6-digit one-time code, a 3-character HS256 signing
//! key) are planted in a capture, every output is produced (text, JSON, Markdown, curl,
//! sanitized HAR; English and Japanese), and an attacker who has the outputs but not the
//! report's key tries every candidate of each secret's space against everything an output
//! could let them test offline: unkeyed SHA-256 prefixes (the old fingerprint), the
//! candidate itself, and the HS256 signature of every JWT the outputs show.
//!
//! The same attacker, run on an output made the old way (an unkeyed fingerprint, a kept
//! JWT signature), recovers each secret: the attack works, and the outputs give it nothing.

use std::collections::HashSet;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use why401::{
    analysis::analyze_read, har, redact::FingerprintKey, render, sanitize, Lang, Options,
};

const PASSWORD: &str = "q7x2"; // [a-z0-9]{4}: 1,679,616 candidates
const OTP: &str = "482913"; // [0-9]{6}: 1,000,000 candidates
const JWT_KEY: &str = "k9z"; // [a-z0-9]{1,3}: 47,988 candidates
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn hs256(key: &[u8], input: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(input.as_bytes());
    b64url(&mac.finalize().into_bytes())
}

fn jwt(key: &str) -> String {
    let head = b64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims =
        b64url(br#"{"sub":"alice","aud":"https://api.test","iat":1714550000,"exp":1714553600}"#);
    let input = format!("{head}.{claims}");
    let sig = hs256(key.as_bytes(), &input);
    format!("{input}.{sig}")
}

fn capture() -> String {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("alice:{PASSWORD}"));
    let token = jwt(JWT_KEY);
    let entry = |url: &str, req_headers: String, post: Option<(&str, String)>, body: &str| {
        let post = post.map_or(String::new(), |(mime, text)| {
            format!(
                r#","postData":{{"mimeType":"{mime}","text":{}}}"#,
                serde_json::Value::String(text)
            )
        });
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","time":10,"request":{{"method":"{m}","url":"{url}","httpVersion":"HTTP/1.1","headers":[{req_headers}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0{post}}},"response":{{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/1.1","headers":[{{"name":"Content-Type","value":"application/json"}}],"cookies":[],"content":{{"size":0,"mimeType":"application/json","text":{body}}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":10,"receive":0}}}}"#,
            m = if post.is_empty() { "GET" } else { "POST" },
            body = serde_json::Value::String(body.to_owned()),
        )
    };
    let entries = [
        entry(
            "https://api.test/report",
            format!(r#"{{"name":"Authorization","value":"Basic {basic}"}}"#),
            None,
            r#"{"error":"invalid credentials"}"#,
        ),
        entry(
            "https://api.test/mfa",
            r#"{"name":"Content-Type","value":"application/x-www-form-urlencoded"}"#.into(),
            Some((
                "application/x-www-form-urlencoded",
                format!("user=alice&otp_code={OTP}"),
            )),
            &format!(r#"{{"message":"code {OTP} is not valid"}}"#),
        ),
        entry(
            "https://api.test/pin",
            r#"{"name":"Content-Type","value":"application/json"}"#.into(),
            Some(("application/json", format!(r#"{{"pin":"{OTP}"}}"#))),
            r#"{"error":"wrong pin"}"#,
        ),
        entry(
            "https://api.test/v1/orders",
            format!(r#"{{"name":"Authorization","value":"Bearer {token}"}}"#),
            None,
            r#"{"error":"invalid_token"}"#,
        ),
    ];
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"brute-force","version":"1"}},"entries":[{}]}}}}"#,
        entries.join(",")
    )
}

/// Every output a user could share, each made with its own random key.
fn outputs(text: &str) -> Vec<(String, String)> {
    let read = har::parse(text);
    let mut out = Vec::new();
    for lang in [Lang::En, Lang::Ja] {
        let base = Options {
            lang,
            now_ms: Some(1_714_557_600_000),
            fingerprint_key: Some(FingerprintKey::from_random(rand_bytes())),
            ..Options::default()
        };
        let opts = base.for_capture(&read.har);
        let report = analyze_read(&read, Vec::new(), &opts).unwrap();
        assert_eq!(
            report.failures.len(),
            4,
            "the capture's four failures are analysed"
        );
        out.push((
            format!("json {lang:?}"),
            serde_json::to_string_pretty(&report).unwrap(),
        ));
        out.push((
            format!("text {lang:?}"),
            render::text(&report, &opts, false),
        ));
        out.push((
            format!("markdown {lang:?}"),
            render::markdown(&report, &read.har, &opts),
        ));
        for e in &read.har.entries {
            out.push((format!("curl {lang:?}"), render::curl(&read.har, e, &opts)));
        }
    }
    let (sanitized, receipt) =
        sanitize::har_text_keyed(text, Some(FingerprintKey::from_random(rand_bytes()))).unwrap();
    out.push(("sanitized".into(), sanitized));
    out.push(("receipt".into(), receipt.to_text(Lang::En)));
    out
}

/// Key bytes that differ per run (the test must not depend on one key).
fn rand_bytes() -> [u8; 32] {
    let mut b = [0u8; 32];
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        .to_le_bytes();
    b[..16].copy_from_slice(&t); // boundary: both sides are 16 bytes
    b[16] = std::process::id() as u8;
    b
}

/// What the outputs let an attacker test offline.
struct Oracle {
    /// Every run of 6 to 8 lowercase hex digits inside the outputs (fingerprint prefixes).
    hex: HashSet<String>,
    /// Every word of the outputs (a candidate shown as itself).
    words: HashSet<String>,
    /// `(header.claims, signature)` of every JWT-shaped word.
    jwts: Vec<(String, String)>,
}

impl Oracle {
    fn of(outputs: &[(String, String)]) -> Oracle {
        let mut hex = HashSet::new();
        let mut words = HashSet::new();
        let mut jwts = Vec::new();
        for (_, text) in outputs {
            for word in text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
            {
                words.insert(word.to_owned());
                let parts: Vec<&str> = word.split('.').collect();
                if parts.len() == 3 && parts[0].starts_with("eyJ") {
                    jwts.push((format!("{}.{}", parts[0], parts[1]), parts[2].to_owned()));
                }
                // Hex runs and each window of 6, 7 and 8 digits inside them.
                for run in word.split(|c: char| !c.is_ascii_hexdigit()) {
                    let run = run.to_ascii_lowercase();
                    for n in 6..=8 {
                        for i in 0..=run.len().saturating_sub(n) {
                            if run.len() >= n {
                                hex.insert(run[i..i + n].to_owned()); // boundary: ASCII hex
                            }
                        }
                    }
                }
            }
        }
        Oracle { hex, words, jwts }
    }

    /// Whether `candidate` can be confirmed from the outputs.
    fn confirms(&self, candidate: &str) -> bool {
        let digest = Sha256::digest(candidate.as_bytes());
        let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        // boundary: ASCII hex
        self.words.contains(candidate) || self.hex.contains(&hex[..6]) || self.hex.contains(&hex)
    }

    fn signs(&self, key: &str) -> bool {
        self.jwts
            .iter()
            .any(|(input, sig)| hs256(key.as_bytes(), input) == *sig)
    }
}

fn each_word(alphabet: &[u8], len: usize, mut f: impl FnMut(&str)) {
    let mut idx = vec![0usize; len];
    let mut buf = String::with_capacity(len);
    loop {
        buf.clear();
        buf.extend(idx.iter().map(|&i| alphabet[i] as char));
        f(&buf);
        let mut k = len;
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < alphabet.len() {
                break;
            }
            idx[k] = 0;
        }
    }
}

/// Every candidate of each space that the oracle confirms.
fn attack(oracle: &Oracle) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut passwords = Vec::new();
    each_word(ALNUM, 4, |c| {
        if oracle.confirms(c) {
            passwords.push(c.to_owned());
        }
    });
    let mut codes = Vec::new();
    each_word(b"0123456789", 6, |c| {
        if oracle.confirms(c) {
            codes.push(c.to_owned());
        }
    });
    let mut keys = Vec::new();
    for len in 1..=3 {
        each_word(ALNUM, len, |c| {
            if oracle.signs(c) {
                keys.push(c.to_owned());
            }
        });
    }
    (passwords, codes, keys)
}

#[test]
fn short_secrets_cannot_be_recovered_from_any_output() {
    let text = capture();
    let outputs = outputs(&text);
    let oracle = Oracle::of(&outputs);
    let (passwords, codes, keys) = attack(&oracle);
    assert!(
        !passwords.iter().any(|p| p == PASSWORD),
        "password recovered; confirmed: {passwords:?}"
    );
    assert!(
        !codes.iter().any(|c| c == OTP),
        "one-time code recovered; confirmed: {codes:?}"
    );
    assert!(
        keys.is_empty(),
        "an HS256 key can be tested offline: {keys:?}"
    );
    // Nothing about them is shown either: no length next to a hidden value.
    for (name, out) in &outputs {
        for leak in [PASSWORD, OTP, JWT_KEY] {
            assert!(!out.contains(leak), "{name} shows {leak}");
        }
    }
}

#[test]
fn the_same_attack_recovers_them_from_an_output_made_the_old_way() {
    // Positive control: the fingerprint the review broke (unkeyed SHA-256 prefix) and a
    // JWT that kept its signature.
    let old = |s: &str| -> String {
        Sha256::digest(s.as_bytes())
            .iter()
            .take(3)
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let report = format!(
        "Authorization: Basic •••(4 chars, #{})\notp_code=•••(6 chars, #{})\nBearer {}",
        old(PASSWORD),
        old(OTP),
        jwt(JWT_KEY)
    );
    let oracle = Oracle::of(&[("old".into(), report)]);
    let (passwords, codes, keys) = attack(&oracle);
    assert!(passwords.iter().any(|p| p == PASSWORD), "{passwords:?}");
    assert!(codes.iter().any(|c| c == OTP), "{codes:?}");
    assert_eq!(keys, [JWT_KEY]);
}
