//! Planted-secret redaction corpus: a synthetic capture with more than a hundred
//! distinct secrets, each in one of the places real applications put them, is
//! analysed and rendered in every output (text, JSON, Markdown, curl, the sanitized
//! HAR and its receipt) and both languages; every output is then searched for every
//! secret in every form a reader could recover it from (raw, percent-encoded,
//! base64, JSON-escaped, any 8 characters of it, the old unkeyed SHA-256 prefix,
//! and a fingerprint of a value too short to have one).
//!
//! What leaks is written down in `tests/redaction/known-leaks.json`, per output and
//! place; that list may only shrink. The test fails on a leak that is not listed and
//! on a listed leak that is gone (so the list stays tight).
//! `UPDATE_EXPECT=1 cargo test --test redaction_corpus` rewrites the list and
//! `tests/redaction/RESULTS.md`.
//!
//! Every secret has a unique marker `pl<NNN>` (`Zq7pl042xK9…`): search the capture
//! (written to `target/tmp/redaction-corpus/planted.har`) or an output for it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use why401::analysis::analyze_read;
use why401::redact::FingerprintKey;
use why401::{har, render, sanitize, Lang, Options};

/// 2024-05-01T10:00:00Z: the first entry's start; JWT times are set against it.
const NOW_S: i64 = 1_714_557_600;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Characters a password manager picks: percent-encoding and JSON escaping matter.
const PUNCT: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!@#$&*?";
const HEX: &[u8] = b"0123456789abcdef";

fn key() -> FingerprintKey {
    FingerprintKey::from_random([7; 32])
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// The planted secrets
// ---------------------------------------------------------------------------

/// One planted secret: its value and the place it was planted (unique label).
#[derive(Debug, Clone)]
struct Secret {
    value: String,
    place: String,
    /// Other strings that reveal it (the base64 of a Basic `user:pass`, a
    /// base64-encoded body holding it).
    extra: Vec<String>,
    /// Where else the capture holds it (a server echoing what it was sent).
    also: &'static str,
    /// A Basic credential: no length or fingerprint, whatever its length.
    basic: bool,
}

/// A small deterministic generator (SplitMix64): the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick(&mut self, alphabet: &[u8]) -> char {
        alphabet[(self.next() % alphabet.len() as u64) as usize] as char
    }
}

struct Corpus {
    rng: Rng,
    secrets: Vec<Secret>,
    entries: Vec<Value>,
    pages: Vec<Value>,
}

impl Corpus {
    /// A fresh random-looking value with this secret's marker: three random
    /// characters, `pl<NNN>`, then characters of `tail` up to `len`.
    fn gen(&mut self, len: usize, tail: &[u8]) -> String {
        let id = self.secrets.len() + 1;
        let mut s: String = (0..3).map(|_| self.rng.pick(ALNUM)).collect();
        s.push_str(&format!("pl{id:03}"));
        while s.len() < len {
            s.push(self.rng.pick(tail));
        }
        s
    }

    fn plant_full(
        &mut self,
        place: &str,
        value: String,
        extra: Vec<String>,
        also: &'static str,
        basic: bool,
    ) -> String {
        assert!(
            !self.secrets.iter().any(|s| s.place == place),
            "duplicate place {place}"
        );
        assert!(
            !self.secrets.iter().any(|s| s.value == value),
            "duplicate secret {value}"
        );
        self.secrets.push(Secret {
            value: value.clone(),
            place: place.to_owned(),
            extra,
            also,
            basic,
        });
        value
    }

    fn plant(&mut self, place: &str, value: String) -> String {
        self.plant_full(place, value, Vec::new(), "", false)
    }

    /// A 32-character alphanumeric secret.
    fn s(&mut self, place: &str) -> String {
        self.sl(place, 32, ALNUM)
    }

    /// A secret that the capture also holds somewhere else (an echo).
    fn echo(&mut self, place: &str, also: &'static str) -> String {
        let v = self.gen(32, ALNUM);
        self.plant_full(place, v, Vec::new(), also, false)
    }

    fn sl(&mut self, place: &str, len: usize, tail: &[u8]) -> String {
        let v = self.gen(len, tail);
        self.plant(place, v)
    }

    /// A vendor token: a public type prefix and a secret body.
    fn prefixed(&mut self, place: &str, prefix: &str, len: usize) -> String {
        let v = format!("{prefix}{}", self.gen(len, ALNUM));
        self.plant(place, v)
    }

    /// Lowercase hex (signatures, HMACs); the marker is `c0de<NNN>`.
    fn hex(&mut self, place: &str, len: usize) -> String {
        let id = self.secrets.len() + 1;
        let mut v = format!("c0de{id:03}");
        while v.len() < len {
            v.push(self.rng.pick(HEX));
        }
        self.plant(place, v)
    }

    /// A realistic HS256 JWT; only its signature is planted (the header and the
    /// claims are readable by design).
    fn jwt(&mut self, place: &str, claims: Value) -> String {
        let mut sig = self.gen(42, B64URL);
        // 43 characters of canonical base64url for 32 bytes.
        sig.push(self.rng.pick(b"AEIMQUYcgkosw048"));
        let head = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(claims.to_string());
        let sig = self.plant(place, sig);
        format!("{head}.{body}.{sig}")
    }

    /// `Basic base64(user:pass)` with a planted password (or a given one).
    fn basic(&mut self, place: &str, user: &str, pass: Option<&str>) -> String {
        let pass = match pass {
            Some(p) => p.to_owned(),
            None => self.gen(20, PUNCT),
        };
        let b = STANDARD.encode(format!("{user}:{pass}"));
        self.plant_full(place, pass, vec![b.clone()], "", true);
        format!("Basic {b}")
    }

    fn add(&mut self, e: E) {
        let i = self.entries.len();
        self.entries.push(e.build(i));
    }
}

fn claims(sub: &str, aud: &str, iat: i64, exp: i64) -> Value {
    json!({"iss": "https://idp.example.test", "sub": sub, "aud": aud, "iat": iat, "exp": exp})
}

/// Percent-encoding of everything but RFC 3986 unreserved characters.
fn pct(s: &str) -> String {
    pct_case(s, false)
}

fn pct_case(s: &str, lower: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else if lower {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every character as a JSON `\uXXXX` escape.
fn u_escape(s: &str, upper: bool) -> String {
    s.chars()
        .map(|c| {
            if upper {
                format!("\\u{:04X}", c as u32)
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect()
}

fn pairs_of(q: &str) -> Vec<Value> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            json!({"name": pct_decode(n), "value": pct_decode(v)})
        })
        .collect()
}

// ---------------------------------------------------------------------------
// HAR entries
// ---------------------------------------------------------------------------

#[derive(Default)]
struct E {
    method: &'static str,
    url: String,
    status: u16,
    resource: &'static str,
    req_headers: Vec<(String, String)>,
    resp_headers: Vec<(String, String)>,
    req_cookies_extra: Vec<(String, String)>,
    resp_cookies_extra: Vec<(String, String)>,
    post: Option<Value>,
    body: Option<(String, String, bool)>,
    redirect: String,
    extra: Vec<(&'static str, Value)>,
}

fn get(url: impl Into<String>, status: u16) -> E {
    E {
        method: "GET",
        url: url.into(),
        status,
        resource: "fetch",
        ..E::default()
    }
}

fn post(url: impl Into<String>, status: u16) -> E {
    E {
        method: "POST",
        ..get(url, status)
    }
}

impl E {
    fn h(mut self, name: &str, value: impl Into<String>) -> E {
        self.req_headers.push((name.into(), value.into()));
        self
    }

    fn rh(mut self, name: &str, value: impl Into<String>) -> E {
        self.resp_headers.push((name.into(), value.into()));
        self
    }

    fn doc(mut self) -> E {
        self.resource = "document";
        self
    }

    fn form(self, text: impl Into<String>) -> E {
        let text = text.into();
        let params = pairs_of(&text);
        self.post_value(json!({
            "mimeType": "application/x-www-form-urlencoded",
            "text": text,
            "params": params,
        }))
    }

    fn send(self, mime: &str, text: impl Into<String>) -> E {
        self.post_value(json!({"mimeType": mime, "text": text.into()}))
    }

    fn post_value(mut self, v: Value) -> E {
        self.post = Some(v);
        self
    }

    fn body(mut self, mime: &str, text: impl Into<String>) -> E {
        self.body = Some((mime.into(), text.into(), false));
        self
    }

    fn body_base64(mut self, mime: &str, text: &str) -> E {
        self.body = Some((mime.into(), STANDARD.encode(text), true));
        self
    }

    fn req_cookie(mut self, name: &str, value: impl Into<String>) -> E {
        self.req_cookies_extra.push((name.into(), value.into()));
        self
    }

    fn resp_cookie(mut self, name: &str, value: impl Into<String>) -> E {
        self.resp_cookies_extra.push((name.into(), value.into()));
        self
    }

    fn redirect(mut self, url: impl Into<String>) -> E {
        self.redirect = url.into();
        self
    }

    fn x(mut self, name: &'static str, v: Value) -> E {
        self.extra.push((name, v));
        self
    }

    fn build(self, i: usize) -> Value {
        let hv = |hs: &[(String, String)]| -> Vec<Value> {
            hs.iter()
                .map(|(n, v)| json!({"name": n, "value": v}))
                .collect()
        };
        // request.cookies as Chrome writes them: one per `Cookie` pair.
        let mut req_cookies: Vec<Value> = Vec::new();
        for (n, v) in &self.req_headers {
            if n.eq_ignore_ascii_case("cookie") {
                for pair in v.split(';') {
                    let pair = pair.trim();
                    let (cn, cv) = pair.split_once('=').unwrap_or(("", pair));
                    req_cookies.push(json!({"name": cn, "value": cv}));
                }
            }
        }
        for (n, v) in &self.req_cookies_extra {
            req_cookies.push(json!({"name": n, "value": v}));
        }
        let mut resp_cookies: Vec<Value> = Vec::new();
        for (n, v) in &self.resp_headers {
            if n.eq_ignore_ascii_case("set-cookie") {
                for line in v.split('\n') {
                    let first = line.split(';').next().unwrap_or("");
                    let (cn, cv) = first.split_once('=').unwrap_or(("", first));
                    resp_cookies.push(json!({"name": cn.trim(), "value": cv.trim(), "path": "/", "httpOnly": true, "secure": true}));
                }
            }
        }
        for (n, v) in &self.resp_cookies_extra {
            resp_cookies.push(json!({"name": n, "value": v, "path": "/"}));
        }
        let no_fragment = self.url.split('#').next().unwrap_or("");
        let query = no_fragment
            .split_once('?')
            .map(|(_, q)| pairs_of(q))
            .unwrap_or_default();
        let mut request = json!({
            "method": self.method,
            "url": self.url,
            "httpVersion": "HTTP/1.1",
            "headers": hv(&self.req_headers),
            "queryString": query,
            "cookies": req_cookies,
            "headersSize": -1,
            "bodySize": 0,
        });
        if let Some(p) = self.post {
            let size = p["text"].as_str().map_or(0, str::len);
            request["postData"] = p;
            request["bodySize"] = json!(size);
        }
        let mut content = json!({"size": 0, "mimeType": "text/plain"});
        if let Some((mime, text, b64)) = self.body {
            content = json!({"size": text.len(), "mimeType": mime, "text": text});
            if b64 {
                content["encoding"] = json!("base64");
            }
        }
        let status_text = match self.status {
            101 => "Switching Protocols",
            200 => "OK",
            302 => "Found",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            407 => "Proxy Authentication Required",
            _ => "",
        };
        let mut e = json!({
            "pageref": "page_1",
            "startedDateTime": format!("2024-05-01T10:{:02}:{:02}.000Z", i / 60, i % 60),
            "time": 84.5,
            "_resourceType": self.resource,
            "request": request,
            "response": {
                "status": self.status,
                "statusText": status_text,
                "httpVersion": "HTTP/1.1",
                "headers": hv(&self.resp_headers),
                "cookies": resp_cookies,
                "content": content,
                "redirectURL": self.redirect,
                "headersSize": -1,
                "bodySize": -1,
            },
            "cache": {},
            "timings": {"send": 0.5, "wait": 80.0, "receive": 4.0},
        });
        for (k, v) in self.extra {
            e[k] = v;
        }
        e
    }
}

// ---------------------------------------------------------------------------
// The capture
// ---------------------------------------------------------------------------

fn corpus() -> Corpus {
    let mut c = Corpus {
        rng: Rng(0x5EC2_E7C0_2B05),
        secrets: Vec::new(),
        entries: Vec::new(),
        pages: Vec::new(),
    };
    let bearer_401 = r#"Bearer realm="api", error="invalid_token""#;

    // --- pages[].title, _initiator
    let title_token = c.s("pages[].title?token");
    c.pages.push(json!({
        "id": "page_1",
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "title": format!("https://app.example.test/reset-password?token={title_token}"),
        "pageTimings": {"onContentLoad": 120, "onLoad": 240},
    }));

    // --- Authorization schemes
    let t = c.s("header:Authorization[Bearer]");
    let frame = c.s("_initiator.stack.callFrames[].url?token");
    let init_url = c.s("_initiator.url?access_token");
    c.add(
        get("https://api.shop.example.test/v1/orders", 401)
            .h("Authorization", format!("Bearer {t}"))
            .rh("WWW-Authenticate", bearer_401)
            .x(
                "_initiator",
                json!({
                    "type": "script",
                    "url": format!("https://app.example.test/home?access_token={init_url}"),
                    "stack": {"callFrames": [{
                        "functionName": "loadOrders",
                        "scriptId": "42",
                        "url": format!("https://cdn.example.test/app.js?token={frame}"),
                        "lineNumber": 10,
                        "columnNumber": 4,
                    }]},
                }),
            ),
    );
    let jwt = c.jwt(
        "header:Authorization[Bearer JWT signature]",
        claims(
            "user-1234",
            "https://api.shop.example.test",
            NOW_S - 7200,
            NOW_S - 3600,
        ),
    );
    c.add(
        get("https://api.shop.example.test/v1/me", 401)
            .h("Authorization", format!("Bearer {jwt}"))
            .rh(
                "WWW-Authenticate",
                r#"Bearer error="invalid_token", error_description="The access token expired""#,
            ),
    );
    let b = c.basic("header:Authorization[Basic password]", "alice", None);
    c.add(
        get("https://intranet.example.test/reports", 401)
            .doc()
            .h("Authorization", b)
            .rh("WWW-Authenticate", r#"Basic realm="intranet""#),
    );
    let b = c.basic(
        "header:Authorization[Basic 4-char password]",
        "bob",
        Some("z9!K"),
    );
    c.add(
        get("https://nas.example.test/share", 401)
            .doc()
            .h("Authorization", b)
            .rh("WWW-Authenticate", r#"Basic realm="nas""#),
    );
    let sk = c.gen(24, ALNUM);
    let sk = format!("sk_live_{sk}");
    let sk_b64 = STANDARD.encode(format!("{sk}:"));
    c.plant_full(
        "header:Authorization[Basic sk_live_ user, empty password]",
        sk,
        vec![sk_b64.clone()],
        "",
        // The user id is the whole key (high-entropy): a keyed fingerprint is
        // allowed, as for a Bearer token; its Basic encoding must still not show.
        false,
    );
    c.add(
        post("https://api.stripe.example.test/v1/charges", 401)
            .h("Authorization", format!("Basic {sk_b64}"))
            .form("amount=2000&currency=usd")
            .rh("WWW-Authenticate", r#"Basic realm="Stripe""#)
            .body(
                "application/json",
                r#"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}"#,
            ),
    );
    let resp = c.hex("header:Authorization[Digest response=]", 32);
    c.add(
        get("https://dav.example.test/files/report.pdf", 401)
            .h(
                "Authorization",
                format!(
                    r#"Digest username="carol", realm="dav", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/files/report.pdf", qop=auth, nc=00000001, cnonce="0a4f113b", response="{resp}", opaque="5ccc069c403ebaf9f0171e9517f40e41""#
                ),
            )
            .rh(
                "WWW-Authenticate",
                r#"Digest realm="dav", qop="auth", nonce="7b0f2e4c9a1d", opaque="5ccc069c403ebaf9f0171e9517f40e41", stale=true"#,
            ),
    );
    let ut = c.echo(
        "header:Authorization[Digest uri=?token=]",
        "also in the request URL's query (token=)",
    );
    c.add(
        get(format!("https://dav.example.test/files/export?token={ut}"), 401)
            .h(
                "Authorization",
                format!(
                    r#"Digest username="carol", realm="dav", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/files/export?token={ut}", qop=auth, nc=00000002, cnonce="0a4f113c", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#
                ),
            )
            .rh("WWW-Authenticate", r#"Digest realm="dav", qop="auth", nonce="7b0f2e4c9a1e""#),
    );
    let t = c.sl("header:Authorization[Token]", 40, HEX);
    c.add(
        get("https://api.example.test/v2/items", 401)
            .h("Authorization", format!("Token {t}"))
            .rh("WWW-Authenticate", "Token")
            .body("application/json", r#"{"detail":"Invalid token."}"#),
    );
    let t = c.s("header:Authorization[SSWS]");
    c.add(
        get("https://acme.okta.example.test/api/v1/users/me", 401)
            .h("Authorization", format!("SSWS {t}"))
            .body(
                "application/json",
                r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
            ),
    );
    let sig = c.hex("header:Authorization[AWS4-HMAC-SHA256 Signature=]", 64);
    let sts = c.sl("header:X-Amz-Security-Token", 120, B64);
    c.add(
        get("https://bucket.s3.example.test/object.txt", 403)
            .h(
                "Authorization",
                format!("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240501/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={sig}"),
            )
            .h("X-Amz-Date", "20240501T100000Z")
            .h("X-Amz-Security-Token", sts)
            .body(
                "application/xml",
                "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>",
            ),
    );
    let t = c.sl("header:Authorization[Negotiate]", 60, B64);
    c.add(
        get("https://sso.corp.example.test/", 401)
            .doc()
            .h("Authorization", format!("Negotiate {t}"))
            .rh("WWW-Authenticate", "Negotiate"),
    );
    let osig = c.sl("header:Authorization[OAuth oauth_signature=]", 28, B64);
    let otok = c.s("header:Authorization[OAuth oauth_token=]");
    c.add(
        post("https://api.social.example.test/1.1/statuses/update.json", 401)
            .h(
                "Authorization",
                format!(
                    r#"OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="{}", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1714557600", oauth_token="{otok}", oauth_version="1.0""#,
                    pct(&osig)
                ),
            )
            .form("status=Hello")
            .rh("WWW-Authenticate", r#"OAuth realm="https://api.social.example.test""#),
    );
    let b = c.basic("header:Proxy-Authorization[Basic password]", "dave", None);
    c.add(
        get("http://intranet.example.test/", 407)
            .doc()
            .h("Proxy-Authorization", b)
            .rh("Proxy-Authenticate", r#"Basic realm="corp-proxy""#),
    );

    // --- Cookies and other request headers
    let sid = c.s("header:Cookie[sid]");
    let csrf = c.s("header:Cookie[csrftoken]");
    let nameless = c.s("header:Cookie[nameless cookie]");
    let referer = c.s("header:Referer?token");
    c.add(
        get("https://app.example.test/api/dashboard", 401)
            .h(
                "Cookie",
                format!("sid={sid}; csrftoken={csrf}; theme=dark; {nameless}"),
            )
            .h(
                "Referer",
                format!("https://app.example.test/reset?token={referer}"),
            )
            .body("application/json", r#"{"error":"not_authenticated"}"#),
    );
    let hs = c.s("header:Cookie[__Host-session]");
    let rm = c.s("request.cookies[remember_me] (not in the Cookie header)");
    c.add(
        get("https://app.example.test/api/account", 403)
            .h("Cookie", format!("__Host-session={hs}"))
            .req_cookie("remember_me", rm)
            .body("application/json", r#"{"error":"forbidden"}"#),
    );
    let simple: [(&str, u16); 10] = [
        ("X-API-Key", 403),
        ("X-Auth-Token", 401),
        ("X-Auth-Key", 403),
        ("X-Authorization", 401),
        ("X-Functions-Key", 401),
        ("X-Access-Key", 403),
        ("Auth", 401),
        ("Ocp-Apim-Subscription-Key", 401),
        ("PRIVATE-TOKEN", 401),
        ("X-Vault-Token", 403),
    ];
    for (i, (name, status)) in simple.into_iter().enumerate() {
        let v = c.s(&format!("header:{name}"));
        c.add(
            get(format!("https://svc{i}.example.test/v1/data"), status)
                .h(name, v)
                .h("Accept", "application/json")
                .body("application/json", r#"{"message":"Unauthorized"}"#),
        );
    }
    let g = c.sl("header:X-Goog-Api-Key", 39, ALNUM);
    c.add(
        get("https://maps.example.test/v1/geocode?address=Tokyo", 400)
            .h("X-Goog-Api-Key", g)
            .body(
                "application/json",
                r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#,
            ),
    );
    let a = c.s("header:X-Api-Secret");
    let b = c.s("header:X-Session-Token");
    let d = c.s("header:Authentication");
    c.add(
        get("https://partner.example.test/v3/invoices", 401)
            .h("X-Api-Secret", a)
            .h("X-Session-Token", b)
            .h("Authentication", format!("Bearer {d}")),
    );
    let hub = c.hex("header:X-Hub-Signature-256", 64);
    c.add(
        post("https://hooks.example.test/github", 401)
            .h("X-Hub-Signature-256", format!("sha256={hub}"))
            .h("X-GitHub-Event", "push")
            .send("application/json", r#"{"ref":"refs/heads/main"}"#)
            .body("text/plain", "signature mismatch"),
    );
    let csrf2 = c.s("header:X-CSRF-Token");
    c.add(
        post("https://app.example.test/api/profile", 403)
            .h("X-CSRF-Token", csrf2)
            .send("application/json", r#"{"name":"Alice"}"#)
            .body("application/json", r#"{"error":"CSRF token mismatch"}"#),
    );
    let ws = c.s("header:Sec-WebSocket-Protocol[access_token, <token>]");
    c.add(
        get("wss://realtime.example.test/socket", 401)
            .h("Upgrade", "websocket")
            .h("Sec-WebSocket-Protocol", format!("access_token, {ws}"))
            .h("Sec-WebSocket-Version", "13"),
    );
    let frame_token = c.s("_webSocketMessages[].data token");
    c.add(
        get("wss://chat.example.test/ws", 101)
            .h("Upgrade", "websocket")
            .x(
                "_webSocketMessages",
                json!([
                    {"type": "send", "time": 1_714_557_601.5, "opcode": 1,
                     "data": json!({"type": "auth", "token": frame_token}).to_string()},
                    {"type": "receive", "time": 1_714_557_601.6, "opcode": 1,
                     "data": r#"{"type":"error","reason":"unauthorized"}"#},
                ]),
            ),
    );

    // --- Response headers
    let pw = c.s("request-body:form password");
    let session = c.s("response-header:Set-Cookie[session]");
    c.add(
        post("https://app.example.test/login", 302)
            .doc()
            .form(format!("username=alice&password={pw}&remember=1"))
            .rh("Location", "/home")
            .rh(
                "Set-Cookie",
                format!("session={session}; Path=/; HttpOnly; Secure; SameSite=Lax"),
            ),
    );
    let c1 = c.s("response-header:Set-Cookie[comma-joined, 1st]");
    let c2 = c.s("response-header:Set-Cookie[comma-joined, 2nd]");
    c.add(
        get("https://app.example.test/api/refresh", 401)
            .rh(
                "Set-Cookie",
                format!("a_token={c1}; Path=/; Secure, r_token={c2}; Path=/auth; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"),
            )
            .rh("WWW-Authenticate", bearer_401),
    );
    let n1 = c.s("response-header:Set-Cookie[newline-joined, 1st]");
    let n2 = c.s("response-header:Set-Cookie[newline-joined, 2nd]");
    let rc = c.s("response.cookies[tracking_auth] (not in Set-Cookie)");
    c.add(
        get("https://app.example.test/api/mfa", 403)
            .rh(
                "Set-Cookie",
                format!("device={n1}; Path=/\nmfa={n2}; Path=/; HttpOnly"),
            )
            .resp_cookie("tracking_auth", rc)
            .body("application/json", r#"{"error":"mfa_required"}"#),
    );
    let code = c.echo(
        "response-header:Location?code",
        "also in response.redirectURL",
    );
    let loc = format!("https://app.example.test/callback?code={code}&state=af0ifjsldkj");
    c.add(
        get(
            "https://idp.example.test/authorize?response_type=code&client_id=web&state=af0ifjsldkj",
            302,
        )
        .doc()
        .rh("Location", loc.clone())
        .redirect(loc),
    );
    let code = c.s("response.redirectURL?code (no Location header)");
    c.add(
        get(
            "https://idp.example.test/authorize?response_type=code&client_id=mobile",
            302,
        )
        .doc()
        .redirect(format!(
            "https://app.example.test/callback?code={code}&state=xyz"
        )),
    );
    let frag = c.s("response-header:Location#access_token");
    c.add(
        get(
            "https://idp.example.test/authorize?response_type=token&client_id=spa",
            302,
        )
        .doc()
        .rh(
            "Location",
            format!(
                "https://app.example.test/cb#access_token={frag}&token_type=Bearer&expires_in=3600"
            ),
        ),
    );
    let e = c.echo(
        "response-header:WWW-Authenticate error_description echo",
        "also sent as Authorization: Bearer",
    );
    c.add(
        get("https://api.example.test/v1/profile", 401)
            .h("Authorization", format!("Bearer {e}"))
            .rh(
                "WWW-Authenticate",
                format!(r#"Bearer error="invalid_token", error_description="The access token '{e}' has expired""#),
            ),
    );
    let r = c.s("response-header:Refresh url=?token");
    c.add(get("https://app.example.test/magic-link", 401).doc().rh(
        "Refresh",
        format!("0; url=https://app.example.test/login?token={r}"),
    ));

    // --- URLs
    let a = c.s("query:access_token");
    let b = c.s("query:token");
    c.add(get(
        format!("https://api.example.test/v1/feed?access_token={a}&token={b}&page=2"),
        401,
    ));
    let a = c.s("query:api_key");
    let b = c.sl("query:key", 39, ALNUM);
    c.add(get(
        format!("https://maps.example.test/api/staticmap?center=Tokyo&api_key={a}&key={b}"),
        403,
    ));
    let sts = c.sl("query:X-Amz-Security-Token", 120, B64);
    let sig = c.hex("query:X-Amz-Signature", 64);
    c.add(
        get(
            format!(
                "https://bucket.s3.example.test/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token={}&X-Amz-Signature={sig}",
                pct(&sts)
            ),
            403,
        )
        .body(
            "application/xml",
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
        ),
    );
    let s = c.s("query:subscription-key");
    c.add(get(
        format!("https://apim.example.test/orders?subscription-key={s}"),
        401,
    ));
    let dc = c.s("query:device_code");
    let uc = c.sl("query:user_code", 10, ALNUM);
    c.add(
        post(
            format!("https://idp.example.test/oauth/device/token?device_code={dc}&user_code={uc}"),
            400,
        )
        .body("application/json", r#"{"error":"authorization_pending"}"#),
    );
    let saml = c.sl("query:SAMLResponse", 160, B64);
    c.add(
        get(
            format!(
                "https://sp.example.test/saml/acs?SAMLResponse={}&RelayState=%2Fhome",
                pct(&saml)
            ),
            403,
        )
        .doc(),
    );
    let os = c.sl("query:oauth_signature", 28, B64);
    c.add(get(
        format!(
            "https://api.social.example.test/1.1/account?oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_signature_method=HMAC-SHA1&oauth_signature={}",
            pct(&os)
        ),
        401,
    ));
    let pk = c.s("query:private_key");
    let pp = c.sl("query:passphrase", 24, PUNCT);
    c.add(get(
        format!(
            "https://vault.example.test/unlock?private_key={pk}&passphrase={}",
            pct(&pp)
        ),
        403,
    ));
    let otp = c.plant("query:otp_code (6-digit OTP)", "604917".into());
    let ac = c.s("query:auth_code");
    c.add(get(
        format!("https://bank.example.test/verify?otp_code={otp}&auth_code={ac}"),
        401,
    ));
    let hm = c.hex("query:hmac", 64);
    let sg = c.s("query:sig");
    c.add(get(
        format!("https://hooks.example.test/event?id=7&hmac={hm}&sig={sg}"),
        401,
    ));
    let p = c.sl("query:password", 20, PUNCT);
    let cs = c.s("query:client_secret");
    let rt = c.s("query:refresh_token");
    let ak = c.s("query:apikey");
    let sn = c.s("query:signature");
    c.add(get(
        format!(
            "https://api.example.test/v1/legacy?user=alice&password={}&client_secret={cs}&refresh_token={rt}&apikey={ak}&signature={sn}",
            pct(&p)
        ),
        400,
    ));
    let it = c.jwt(
        "query:id_token (JWT signature)",
        claims("user-1234", "web", NOW_S - 60, NOW_S + 3600),
    );
    c.add(get(
        format!("https://api.example.test/v1/session?id_token={it}"),
        401,
    ));
    let up = c.sl("url:userinfo password", 20, PUNCT);
    c.add(
        get(
            format!(
                "https://alice:{}@git.example.test/repo.git/info/refs",
                pct(&up)
            ),
            401,
        )
        .rh("WWW-Authenticate", r#"Basic realm="git""#),
    );
    let gh = c.prefixed("url:userinfo ghp_ token", "ghp_", 36);
    c.add(
        get(
            format!("https://{gh}@github.example.test/org/repo.git/info/refs"),
            401,
        )
        .rh("WWW-Authenticate", r#"Basic realm="GitHub""#),
    );
    let js = c.sl("url:;jsessionid=", 32, HEX);
    c.add(
        get(
            format!("https://shop.example.test/cart;jsessionid={js}?item=42"),
            401,
        )
        .doc(),
    );
    let fr = c.s("url:#access_token fragment");
    c.add(
        get(
            format!("https://app.example.test/spa#access_token={fr}&token_type=bearer"),
            401,
        )
        .doc(),
    );

    // --- Request bodies
    let rt = c.s("request-body:form refresh_token");
    let cs = c.s("request-body:form client_secret");
    c.add(
        post("https://idp.example.test/oauth/token", 400)
            .form(format!(
                "grant_type=refresh_token&refresh_token={rt}&client_id=web&client_secret={cs}"
            ))
            .body("application/json", r#"{"error":"invalid_client"}"#),
    );
    let rt = c.echo(
        "response-body:error_description echo",
        "also sent as form refresh_token",
    );
    c.add(
        post("https://idp.example.test/oauth/token", 400)
            .form(format!(
                "grant_type=refresh_token&refresh_token={rt}&client_id=mobile"
            ))
            .body(
                "application/json",
                json!({"error": "invalid_grant", "error_description": format!("Invalid refresh token: {rt}")})
                    .to_string(),
            ),
    );
    let t = c.echo(
        "response-body:message echo",
        "also sent as Authorization: Bearer",
    );
    c.add(
        get("https://api.example.test/v1/me", 401)
            .h("Authorization", format!("Bearer {t}"))
            .body(
                "application/json",
                json!({"message": format!("Token {t} is not valid")}).to_string(),
            ),
    );
    // A password with `"` and `\`: its JSON-escaped form differs from the raw one.
    let mut pw = c.gen(24, ALNUM);
    pw.insert_str(12, "\"\\");
    let pw = c.plant("request-body:json password", pw);
    c.add(
        post("https://api.example.test/v1/login", 401)
            .send(
                "application/json",
                json!({"username": "alice", "password": pw}).to_string(),
            )
            .body("application/json", r#"{"error":"invalid_credentials"}"#),
    );
    let k = c.s("request-body:json credentials.apiKey");
    let s2 = c.s("request-body:json credentials.clientSecret");
    let at = c.s("request-body:json accessToken");
    let st = c.s("request-body:json session_token");
    c.add(
        post("https://api.example.test/v1/integrations", 403).send(
            "application/json",
            json!({"name": "ci", "credentials": {"apiKey": k, "clientSecret": s2}, "accessToken": at, "session_token": st})
                .to_string(),
        ),
    );
    let ah = c.s("request-body:json key Authorization");
    let ck = c.s("request-body:json key Cookie");
    c.add(
        post("https://api.example.test/v1/proxy", 400).send(
            "application/json",
            json!({"url": "https://upstream.example.test/", "headers": {"Authorization": format!("Bearer {ah}"), "Cookie": format!("sid={ck}")}})
                .to_string(),
        ),
    );
    let pem = c.sl("request-body:json privateKey (PEM body)", 64, B64);
    let pin = c.plant("request-body:json pin (4-digit PIN)", "8153".into());
    c.add(
        post("https://api.example.test/v1/keys", 403).send(
            "application/json",
            json!({"privateKey": format!("-----BEGIN PRIVATE KEY-----\n{pem}\n-----END PRIVATE KEY-----\n"), "pin": pin})
                .to_string(),
        ),
    );
    let p1 = c.s("request-body:JSON in a JSON string, password");
    let t1 = c.s("request-body:JSON in a JSON string, token");
    c.add(
        post("https://api.example.test/v1/events", 400).send(
            "application/json",
            json!({"type": "login", "payload": json!({"password": p1, "token": t1}).to_string()})
                .to_string(),
        ),
    );
    let p1 = c.s("request-body:NDJSON password");
    let r1 = c.s("request-body:NDJSON refresh_token");
    c.add(post("https://logs.example.test/ingest", 401).send(
        "application/x-ndjson",
        format!(
            "{}\n{}\n",
            json!({"event": "login", "user": "alice", "password": p1}),
            json!({"event": "refresh", "refresh_token": r1})
        ),
    ));
    let gp = c.s("request-body:GraphQL inline login(password:)");
    c.add(
        post("https://api.example.test/graphql", 401)
            .send(
                "application/json",
                json!({"query": format!("mutation {{ login(email: \"alice@example.test\", password: \"{gp}\") {{ token }} }}")})
                    .to_string(),
            )
            .body(
                "application/json",
                r#"{"errors":[{"message":"Unauthorized"}]}"#,
            ),
    );
    let gv = c.s("request-body:GraphQL variables.password");
    let gt = c.s("response-body:GraphQL data.login.token");
    c.add(
        post("https://api.example.test/graphql", 200)
            .send(
                "application/json",
                json!({"query": "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }", "variables": {"email": "alice@example.test", "password": gv}})
                    .to_string(),
            )
            .body(
                "application/json",
                json!({"data": {"login": {"token": gt}}}).to_string(),
            ),
    );
    let mp = c.s("request-body:multipart password");
    let mk = c.s("request-body:multipart api_key");
    let bd = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    c.add(post("https://upload.example.test/api/import", 401).send(
        &format!("multipart/form-data; boundary={bd}"),
        format!(
            "--{bd}\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nalice\r\n--{bd}\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{mp}\r\n--{bd}\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n{mk}\r\n--{bd}--\r\n"
        ),
    ));
    let ij = c.s("request-body:invalid JSON \"password\"");
    c.add(
        post("https://api.example.test/v1/login", 400)
            .send(
                "application/json",
                format!(r#"{{"username":"alice","password":"{ij}","remember":tru"#),
            )
            .body("application/json", r#"{"error":"malformed JSON"}"#),
    );
    let ue = c.s("request-body:json password written with \\u escapes");
    c.add(post("https://api.example.test/v1/login", 401).send(
        "application/json",
        format!(
            r#"{{"username":"alice","password":"{}"}}"#,
            u_escape(&ue, false)
        ),
    ));
    let pp = c.s("postData.params password (no text)");
    c.add(
        post("https://legacy.example.test/login", 401)
            .doc()
            .post_value(json!({
                "mimeType": "application/x-www-form-urlencoded",
                "params": [{"name": "username", "value": "alice"}, {"name": "password", "value": pp}],
            })),
    );
    let pe = c.sl("request-body:form password (percent-encoded)", 24, PUNCT);
    c.add(
        post("https://accounts.example.test/token", 400)
            .form(format!(
                "grant_type=password&username=alice&password={}",
                pct(&pe)
            ))
            .body("application/json", r#"{"error":"invalid_grant"}"#),
    );

    // --- Response bodies
    let code = c.s("request-body:form code");
    let at = c.s("response-body:json access_token");
    let rt = c.s("response-body:json refresh_token");
    let idt = c.jwt(
        "response-body:json id_token (JWT signature)",
        claims("user-1234", "web", NOW_S - 10, NOW_S + 3600),
    );
    c.add(
        post("https://idp.example.test/oauth/token", 200)
            .form(format!(
                "grant_type=authorization_code&code={code}&redirect_uri=https%3A%2F%2Fapp.example.test%2Fcallback&client_id=web"
            ))
            .body(
                "application/json",
                json!({"access_token": at, "token_type": "Bearer", "expires_in": 3600, "refresh_token": rt, "id_token": idt, "scope": "openid profile"})
                    .to_string(),
            ),
    );
    let wrong = c.jwt(
        "header:Authorization[id_token JWT as Bearer, signature]",
        claims("user-1234", "web", NOW_S - 10, NOW_S + 3600),
    );
    c.add(
        get("https://api.shop.example.test/v1/cart", 401)
            .h("Authorization", format!("Bearer {wrong}"))
            .rh(
                "WWW-Authenticate",
                r#"Bearer error="invalid_token", error_description="audience mismatch""#,
            ),
    );
    let fc = c.s("response-body:HTML form_post hidden code");
    let fi = c.jwt(
        "response-body:HTML form_post hidden id_token (JWT signature)",
        claims("user-1234", "web", NOW_S - 10, NOW_S + 3600),
    );
    c.add(
        get("https://idp.example.test/authorize?response_mode=form_post&client_id=web", 200)
            .doc()
            .body(
                "text/html",
                format!(
                    r#"<html><body onload="document.forms[0].submit()"><form method="post" action="https://app.example.test/callback"><input type="hidden" name="code" value="{fc}"/><input type="hidden" name="id_token" value="{fi}"/><input type="hidden" name="state" value="af0ifjsldkj"/></form></body></html>"#
                ),
            ),
    );
    let xs = c.s("response-body:XSSI-prefixed JSON access_token");
    c.add(get("https://app.example.test/api/session", 200).body(
        "application/json",
        format!(
            ")]}}'\n{}",
            json!({"session": {"user": "alice", "access_token": xs}})
        ),
    ));
    let pt = c.s("response-body:text/plain token");
    c.add(get("https://legacy.example.test/api/key", 403).body(
        "text/plain",
        format!("Forbidden: token {pt} has been revoked"),
    ));
    let bk = c.s("response-body:base64-encoded json apiKey");
    let body = json!({"apiKey": bk, "name": "ci"}).to_string();
    c.secrets
        .last_mut()
        .unwrap()
        .extra
        .push(STANDARD.encode(&body));
    c.add(get("https://api.example.test/v1/me/keys", 200).body_base64("application/json", &body));
    let nk = c.s("response-body:json data.user.apiKey");
    let lt = c.s("response-body:json token (login)");
    c.add(get("https://api.example.test/v1/user", 200).body(
        "application/json",
        json!({"data": {"user": {"id": 7, "name": "Alice", "apiKey": nk}}}).to_string(),
    ));
    c.add(
        post("https://api.example.test/v1/auth/login", 200)
            .send("application/json", r#"{"username":"alice","sso":true}"#)
            .body(
                "application/json",
                json!({"token": lt, "expires_in": 3600}).to_string(),
            ),
    );
    c
}

impl Corpus {
    fn har(&self) -> Value {
        json!({"log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": self.pages,
            "entries": self.entries,
        }})
    }
}

// ---------------------------------------------------------------------------
// The search
// ---------------------------------------------------------------------------

/// `needle` in `hay` with no ASCII letter or digit on either side (short values
/// would otherwise match inside fingerprints and numbers).
fn find_bounded(hay: &str, needle: &str) -> Option<usize> {
    hay.match_indices(needle)
        .find(|(i, _)| {
            let before = hay[..*i].chars().next_back();
            let after = hay[*i + needle.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric())
                && !after.is_some_and(|c| c.is_ascii_alphanumeric())
        })
        .map(|(i, _)| i)
}

/// Every string that reveals the secret, with the name of its form.
fn forms(s: &Secret, key: &FingerprintKey) -> Vec<(&'static str, String)> {
    let v = &s.value;
    let n = v.chars().count();
    let mut out: Vec<(&'static str, String)> = vec![("raw", v.clone())];
    for p in [pct_case(v, false), pct_case(v, true)] {
        if p != *v {
            out.push(("percent-encoded", p));
        }
    }
    let json = serde_json::to_string(v).unwrap();
    let json = json.trim_matches('"').to_owned();
    if json != *v {
        out.push(("json-escaped", json));
    }
    out.push(("\\u-escaped", u_escape(v, false)));
    out.push(("\\u-escaped", u_escape(v, true)));
    if n >= 8 {
        for b in [STANDARD_NO_PAD.encode(v), URL_SAFE_NO_PAD.encode(v)] {
            out.push(("base64", b));
        }
    }
    for x in &s.extra {
        out.push(("encoded (base64)", x.clone()));
    }
    if n >= 12 {
        // Windows wholly inside a public vendor prefix (`sk_live_`) are not secret.
        let public = why401::redact::public_prefix(v).map_or(0, str::len);
        let chars: Vec<char> = v.chars().collect();
        for (i, w) in chars.windows(8).enumerate() {
            if i + 8 > public {
                out.push(("8-char substring", w.iter().collect()));
            }
        }
    }
    let digest: String = Sha256::digest(v.as_bytes())
        .iter()
        .take(3)
        .map(|b| format!("{b:02x}"))
        .collect();
    out.push(("unkeyed sha256 prefix", digest));
    if n < why401::redact::LOW_ENTROPY_CHARS || s.basic {
        out.push(("fingerprint of a low-entropy value", key.fingerprint(v)));
        for x in &s.extra {
            out.push(("fingerprint of a low-entropy value", key.fingerprint(x)));
            out.push((
                "fingerprint of a low-entropy value",
                key.fingerprint(&format!("Basic {x}")),
            ));
        }
    }
    out
}

/// One leak: the form found and some text around it.
#[derive(Debug, Clone)]
struct Leak {
    form: &'static str,
    context: String,
}

fn search(output: &str, s: &Secret, key: &FingerprintKey) -> Option<Leak> {
    let short = s.value.chars().count() < 8;
    for (form, needle) in forms(s, key) {
        let at = if short && !form.starts_with("fingerprint") {
            find_bounded(output, &needle)
        } else {
            output.find(&needle)
        };
        if let Some(at) = at {
            let start = output[..at]
                .char_indices()
                .rev()
                .nth(29)
                .map_or(0, |(i, _)| i);
            let end = output[at..]
                .char_indices()
                .nth(needle.chars().count() + 30)
                .map_or(output.len(), |(i, _)| at + i);
            let context = output[start..end]
                .replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
                .replace('|', "\\|")
                .replace('`', "'");
            return Some(Leak { form, context });
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The outputs
// ---------------------------------------------------------------------------

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ja => "ja",
    }
}

/// Every output of the capture, by name; `failures` is how many failures the
/// English report lists.
fn outputs(har_text: &str, opts_for: impl Fn(Lang) -> Options) -> (Vec<(String, String)>, usize) {
    let (text, issues) = har::prepare(har_text.as_bytes().to_vec());
    let read = har::parse(&text);
    let mut out = Vec::new();
    let mut failures = 0;
    for lang in [Lang::En, Lang::Ja] {
        let l = lang_name(lang);
        let opts = opts_for(lang);
        let report = analyze_read(&read, issues.clone(), &opts).expect("the corpus is a HAR");
        if lang == Lang::En {
            failures = report.failures.len();
        }
        out.push((format!("text-{l}"), render::text(&report, &opts, false)));
        out.push((
            format!("json-{l}"),
            serde_json::to_string_pretty(&report).unwrap(),
        ));
        out.push((
            format!("markdown-{l}"),
            render::markdown(&report, &read.har, &opts),
        ));
        let curls: Vec<String> = read
            .har
            .entries
            .iter()
            .map(|e| render::curl(&read.har, e, &opts))
            .collect();
        out.push((format!("curl-{l}"), curls.join("\n\n")));
    }
    let (clean, receipt) =
        sanitize::har_text_keyed(&text, Some(key())).expect("the corpus sanitizes");
    out.push(("sanitized-har".into(), clean));
    for lang in [Lang::En, Lang::Ja] {
        out.push((
            format!("receipt-{}", lang_name(lang)),
            receipt.to_text(lang),
        ));
    }
    (out, failures)
}

fn shown_opts(lang: Lang) -> Options {
    Options {
        show_secrets: true,
        ..redacted_opts(lang)
    }
}

fn redacted_opts(lang: Lang) -> Options {
    Options {
        lang,
        fingerprint_key: Some(key()),
        ..Options::default()
    }
}

/// Output name → place → leak.
type Leaks = BTreeMap<String, BTreeMap<String, Leak>>;

fn measure(c: &Corpus, outs: &[(String, String)]) -> Leaks {
    let key = key();
    let mut leaks = Leaks::new();
    for (name, text) in outs {
        let found = leaks.entry(name.clone()).or_default();
        for s in &c.secrets {
            if let Some(l) = search(text, s, &key) {
                found.insert(s.place.clone(), l);
            }
        }
    }
    leaks
}

fn write_capture(har_text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("redaction-corpus");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("planted.har");
    std::fs::write(&p, har_text).unwrap();
    p
}

fn results_md(c: &Corpus, leaks: &Leaks, shown: &Leaks, failures: usize) -> String {
    let n = c.secrets.len();
    let mut md = String::new();
    md.push_str("# Planted-secret redaction corpus: results\n\n");
    md.push_str(
        "Written by `UPDATE_EXPECT=1 cargo test --test redaction_corpus` (tests/redaction_corpus.rs).\n\
         Do not edit by hand.\n\n",
    );
    md.push_str(&format!(
        "A synthetic capture of {} entries holds {n} distinct planted secrets; the analyser reports {failures} failures. \
         Every output is rendered with default options (secrets redacted) and a fixed fingerprint key, \
         and searched for every secret as: raw, percent-encoded, JSON-escaped, `\\u`-escaped, base64 \
         (also the base64 of a Basic `user:pass`), any 8-character substring (secrets of 12+ characters, \
         outside a public vendor prefix), the unkeyed SHA-256 prefix (6 hex digits, the old fingerprint), \
         and, for values under 16 characters and Basic credentials, their keyed fingerprint (none may be shown).\n\n",
        c.entries.len()
    ));
    md.push_str(
        "\"Shown\" is how many planted secrets the output displays when the user asks for \
         secrets (`show_secrets`), i.e. what redaction has to hide there. The sanitized HAR keeps \
         the whole capture, so all planted secrets are in it before sanitizing.\n\n",
    );
    md.push_str(
        "## Summary\n\n| output | planted | shown | leaked | leaking places |\n|---|---:|---:|---:|---|\n",
    );
    for (name, found) in leaks {
        let places: Vec<String> = found.keys().map(|p| format!("`{p}`")).collect();
        md.push_str(&format!(
            "| {name} | {n} | {} | {} | {} |\n",
            if name == "sanitized-har" {
                n
            } else {
                shown[name].len()
            },
            found.len(),
            if places.is_empty() {
                "—".to_owned()
            } else {
                places.join(", ")
            }
        ));
    }
    md.push_str("\n## Leaks in detail\n\nThe first form found, and the output around it.\n");
    for (name, found) in leaks {
        if found.is_empty() {
            continue;
        }
        md.push_str(&format!(
            "\n### {name}\n\n| place | form | context |\n|---|---|---|\n"
        ));
        for (place, l) in found {
            md.push_str(&format!("| `{place}` | {} | `{}` |\n", l.form, l.context));
        }
    }
    md.push_str("\n## Planted places\n\n| marker | place | also in the capture |\n|---|---|---|\n");
    for s in &c.secrets {
        let marker = s
            .value
            .find("pl")
            .filter(|&i| i == 3)
            .map(|i| s.value[i..i + 5].to_owned())
            .or_else(|| {
                s.value
                    .strip_prefix("c0de")
                    .map(|r| format!("c0de{}", &r[..3]))
            })
            .or_else(|| {
                s.value
                    .strip_prefix("sk_live_")
                    .or_else(|| s.value.strip_prefix("ghp_"))
                    .map(|r| r[3..8].to_owned())
            })
            .unwrap_or_else(|| format!("= {}", s.value));
        md.push_str(&format!(
            "| {marker} | `{}` | {} |\n",
            s.place,
            if s.also.is_empty() { "—" } else { s.also }
        ));
    }
    md
}

fn known_json(leaks: &Leaks) -> String {
    let map: BTreeMap<&String, Vec<&String>> = leaks
        .iter()
        .map(|(name, found)| (name, found.keys().collect()))
        .collect();
    let mut s = serde_json::to_string_pretty(&map).unwrap();
    s.push('\n');
    s
}

#[test]
fn planted_secrets_do_not_leak_beyond_the_known_list() {
    let c = corpus();
    let har_text = serde_json::to_string_pretty(&c.har()).unwrap();
    let capture = write_capture(&har_text);
    assert!(
        c.secrets.len() >= 110,
        "only {} secrets planted",
        c.secrets.len()
    );
    let (outs, failures) = outputs(&har_text, redacted_opts);
    assert!(
        failures * 2 >= c.entries.len(),
        "only {failures} of {} entries reported as failures: the corpus no longer exercises the report",
        c.entries.len()
    );
    let leaks = measure(&c, &outs);
    let shown = measure(&c, &outputs(&har_text, shown_opts).0);

    println!(
        "redaction corpus: {} secrets in {} entries ({failures} failures), capture at {}",
        c.secrets.len(),
        c.entries.len(),
        capture.display()
    );
    for (name, found) in &leaks {
        let places: Vec<&str> = found.keys().map(String::as_str).collect();
        println!(
            "{name:<14} planted {:>3}  leaked {:>3}  {}",
            c.secrets.len(),
            found.len(),
            places.join(" | ")
        );
    }

    let dir = root().join("tests/redaction");
    let known_path = dir.join("known-leaks.json");
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&known_path, known_json(&leaks)).unwrap();
        std::fs::write(
            dir.join("RESULTS.md"),
            results_md(&c, &leaks, &shown, failures),
        )
        .unwrap();
        return;
    }
    let known: BTreeMap<String, BTreeSet<String>> = serde_json::from_str(
        &std::fs::read_to_string(&known_path)
            .expect("tests/redaction/known-leaks.json (UPDATE_EXPECT=1 writes it)"),
    )
    .expect("known-leaks.json is {output: [place, …]}");
    let planted: BTreeSet<&str> = c.secrets.iter().map(|s| s.place.as_str()).collect();
    let mut problems = Vec::new();
    for (name, places) in &known {
        assert!(
            leaks.contains_key(name),
            "known-leaks.json names an output that does not exist: {name}"
        );
        for p in places {
            assert!(
                planted.contains(p.as_str()),
                "known-leaks.json names a place that is not planted: {p}"
            );
        }
    }
    for (name, found) in &leaks {
        let listed = known.get(name).cloned().unwrap_or_default();
        for (place, l) in found {
            if !listed.contains(place) {
                problems.push(format!(
                    "NEW LEAK  {name}: {place} ({}): …{}…",
                    l.form, l.context
                ));
            }
        }
        for place in &listed {
            if !found.contains_key(place) {
                problems.push(format!(
                    "FIXED     {name}: {place} no longer leaks: remove it from known-leaks.json"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the leaks differ from tests/redaction/known-leaks.json (the list may only shrink; \
         `UPDATE_EXPECT=1 cargo test --test redaction_corpus` rewrites it after a fix):\n{}",
        problems.join("\n")
    );
}

/// The search can fail: with secrets shown, every report output reveals the planted
/// secrets that it displays (curl most of them; text and JSON only the evidence of
/// findings, about a third), and everything found redacted is found shown.
#[test]
fn show_secrets_reveals_planted_secrets() {
    let c = corpus();
    let har_text = serde_json::to_string_pretty(&c.har()).unwrap();
    let (outs, _) = outputs(&har_text, redacted_opts);
    let hidden = measure(&c, &outs);
    let (outs, _) = outputs(&har_text, shown_opts);
    let shown = measure(&c, &outs);
    let n = c.secrets.len();
    let mut all = BTreeSet::new();
    for (name, found) in &shown {
        println!("show_secrets {name:<14} {:>3} of {n}", found.len());
        all.extend(found.keys());
        for place in hidden[name].keys() {
            assert!(
                found.contains_key(place),
                "{name}: {place} is found redacted but not shown"
            );
        }
    }
    for (name, floor) in [
        ("text-en", n / 4),
        ("text-ja", n / 4),
        ("json-en", n / 4),
        ("json-ja", n / 4),
        ("markdown-en", n / 2),
        ("curl-en", n * 2 / 3),
    ] {
        let found = shown[name].len();
        assert!(
            found >= floor,
            "with show_secrets the {name} output shows only {found} of {n} secrets (expected {floor}+): the search is blind"
        );
    }
    // Each way of finding a secret works on some output (a blind form proves nothing).
    let forms: BTreeSet<&str> = shown
        .values()
        .flat_map(|found| found.values().map(|l| l.form))
        .collect();
    println!("show_secrets forms found: {forms:?}");
    for form in ["raw", "percent-encoded", "encoded (base64)"] {
        assert!(forms.contains(form), "no secret is ever found {form}");
    }
    assert!(
        all.len() * 4 >= n * 3,
        "with show_secrets the outputs together show only {} of {n} secrets",
        all.len()
    );
}
