//! Deterministic synthetic HAR generator for `./build.sh bench`.
//!
//! Usage: `synth-har OUT.har [SIZE_MB] [FAILING_PER_MILLE]` (default 100 MB, 1 MB = 1,000,000
//! bytes; 32 of every 1,000 requests fail by default, 1000 makes every request fail).
//!
//! The output looks like a DevTools "Export HAR (with sensitive data)" of a busy single-page app,
//! indented as DevTools indents it:
//! tens of thousands of entries with Chrome's header set, Chrome's initiator stacks (the JSON
//! objects of a real export are mostly those), `Authorization: Bearer <JWT>` and cookies, large response bodies both as plain text and as `"encoding":"base64"`, and a few
//! percent of authentication failures: 401 `invalid_token` with expired JWTs, 401 without
//! credentials, 403 `insufficient_scope`, a few 407 and 429. Same seed → byte-identical file:
//! an own xorshift PRNG, a fixed clock, no dependencies.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};

const SEED: u64 = 0x0005_EED4_0100_2026;
/// 2026-02-25T08:53:20Z: the recording's first request.
const START_EPOCH: u64 = 1_772_009_600;

struct Rng(u64);

impl Rng {
    /// xorshift64*.
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(n);
        out
    }
    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n)
            .map(|_| A[self.below(A.len() as u64) as usize] as char)
            .collect()
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn iso8601(ms: u64) -> String {
    let secs = ms / 1000;
    let (y, mo, d) = civil((secs / 86_400) as i64);
    let t = secs % 86_400;
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        t / 3600,
        t / 60 % 60,
        t % 60,
        ms % 1000
    )
}

fn http_date(secs: u64) -> String {
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86_400;
    let (y, mo, d) = civil(days as i64);
    let t = secs % 86_400;
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        WD[(days % 7) as usize],
        MON[mo as usize - 1],
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// A JWT access token as an OpenID provider would issue it (RS256, 2048-bit signature size).
fn jwt(rng: &mut Rng, iat: u64, lifetime: u64, scope: &str) -> String {
    let header = r#"{"alg":"RS256","typ":"at+jwt","kid":"2026-02-rotation-b"}"#;
    let payload = format!(
        r#"{{"iss":"https://auth.example.com/","sub":"user-{}","aud":"https://api.example.com","client_id":"spa-web","scope":"{scope}","iat":{iat},"nbf":{iat},"exp":{},"jti":"{}","sid":"{}"}}"#,
        rng.range(1000, 9999),
        iat + lifetime,
        rng.alnum(22),
        rng.alnum(16),
    );
    let sig = rng.bytes(256);
    format!(
        "{}.{}.{}",
        base64(header.as_bytes(), B64URL, false),
        base64(payload.as_bytes(), B64URL, false),
        base64(&sig, B64URL, false)
    )
}

/// Counts bytes on their way to the file, so generation stops near the requested size.
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Lays compact JSON out as DevTools writes a HAR (`JSON.stringify(har, null, 2)`): each member
/// and element on its own line, two spaces a level, `": "` after keys, `{}` and `[]` kept
/// whole. Real exports are a third whitespace, which every reader pays for.
struct Indenting<W> {
    inner: W,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// A `{` or `[` was written and the next byte decides whether it is empty.
    opened: bool,
    out: Vec<u8>,
}

impl<W: Write> Indenting<W> {
    fn new(inner: W) -> Self {
        Indenting {
            inner,
            depth: 0,
            in_string: false,
            escaped: false,
            opened: false,
            out: Vec::with_capacity(1 << 16),
        }
    }

    fn line(&mut self) {
        self.out.push(b'\n');
        self.out.resize(self.out.len() + 2 * self.depth, b' ');
    }
}

impl<W: Write> Write for Indenting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &c in buf {
            if self.in_string {
                self.out.push(c);
                if self.escaped {
                    self.escaped = false;
                } else if c == b'\\' {
                    self.escaped = true;
                } else if c == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            if std::mem::take(&mut self.opened) {
                if matches!(c, b'}' | b']') {
                    self.depth -= 1;
                    self.out.push(c);
                    continue;
                }
                self.line();
            }
            match c {
                b'{' | b'[' => {
                    self.out.push(c);
                    self.depth += 1;
                    self.opened = true;
                }
                b'}' | b']' => {
                    self.depth -= 1;
                    self.line();
                    self.out.push(c);
                }
                b',' => {
                    self.out.push(c);
                    self.line();
                }
                b':' => self.out.extend_from_slice(b": "),
                b'"' => {
                    self.out.push(c);
                    self.in_string = true;
                }
                _ => self.out.push(c),
            }
        }
        self.inner.write_all(&self.out)?;
        self.out.clear();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Appends `s` as a JSON string literal.
fn js(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn headers(out: &mut String, hs: &[(&str, String)]) {
    out.push('[');
    for (i, (n, v)) in hs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        js(out, n);
        out.push_str(",\"value\":");
        js(out, v);
        out.push('}');
    }
    out.push(']');
}

const WORDS: &[&str] = &[
    "account",
    "order",
    "invoice",
    "réseau",
    "token",
    "session",
    "naïve",
    "customer",
    "shipment",
    "status",
    "pending",
    "delivered",
    "refund",
    "basket",
    "item",
    "price",
    "currency",
    "EUR",
    "discount",
    "voucher",
    "address",
    "Zürich",
    "warehouse",
    "quantity",
    "→",
    "note",
    "priority",
];

fn words(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s
}

/// A JSON API body (as text, so it gets escaped inside the HAR) of roughly `size` bytes.
fn json_body(rng: &mut Rng, size: usize) -> String {
    let mut s = String::from("{\"data\":[");
    let mut first = true;
    while s.len() < size {
        if !first {
            s.push(',');
        }
        first = false;
        let _ = write!(
            s,
            "{{\"id\":{},\"ref\":\"{}\",\"amount\":{}.{:02},\"label\":\"{}\",\"tags\":[\"{}\",\"{}\"],\"active\":{}}}",
            rng.below(10_000_000),
            rng.alnum(12),
            rng.below(100_000),
            rng.below(100),
            words(rng, 4),
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.below(2) == 0
        );
    }
    s.push_str("],\"next\":null}");
    s
}

fn text_body(rng: &mut Rng, size: usize, js_like: bool) -> String {
    let mut s = String::new();
    if !js_like {
        s.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Orders</title></head>\n<body>\n");
    }
    while s.len() < size {
        if js_like {
            let _ = writeln!(
                s,
                "export function {}_{}(a, b) {{ return fetch(\"/api/v2/{}\", {{ headers: {{ \"Authorization\": `Bearer ${{a}}` }} }}).then(r => r.json()); }}",
                rng.pick(WORDS).replace(['é', 'ï', 'ü', '→'], "x"),
                rng.alnum(6),
                rng.alnum(8)
            );
        } else {
            let _ = writeln!(
                s,
                "<p class=\"row\">{}\t<a href=\"/orders/{}\">details</a></p>",
                words(rng, 12),
                rng.below(1_000_000)
            );
        }
    }
    if !js_like {
        s.push_str("</body></html>\n");
    }
    s
}

enum Kind {
    Ok,
    Expired,
    NoCredentials,
    InsufficientScope,
    ProxyAuth,
    TooMany,
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(out_path) = args.next() else {
        eprintln!("usage: synth-har OUT.har [SIZE_MB] [FAILING_PER_MILLE]");
        std::process::exit(2);
    };
    let size_mb: u64 = args
        .next()
        .map_or(100, |s| s.parse().expect("SIZE_MB must be a number"));
    let target = size_mb * 1_000_000;
    // The mix below fails 32 requests in 1,000; another rate scales the same mix.
    let failing: u64 = args.next().map_or(32, |s| {
        s.parse()
            .ok()
            .filter(|&n| n <= 1000)
            .expect("FAILING_PER_MILLE must be 0..=1000")
    });

    let mut rng = Rng(SEED);
    let file = File::create(&out_path)?;
    let mut w = BufWriter::with_capacity(
        1 << 20,
        Indenting::new(Counting {
            inner: file,
            written: 0,
        }),
    );

    let mut clock_ms = START_EPOCH * 1000;
    let mut iat = START_EPOCH - 120;
    let mut token = jwt(
        &mut rng,
        iat,
        3600,
        "openid profile orders:read orders:write",
    );
    let mut stale = jwt(
        &mut rng,
        iat - 7200,
        3600,
        "openid profile orders:read orders:write",
    );
    let session = rng.alnum(43);
    let csrf = rng.alnum(32);

    write!(
        w,
        r#"{{"log":{{"version":"1.2","creator":{{"name":"WebInspector","version":"537.36"}},"pages":[{{"startedDateTime":"{}","id":"page_1","title":"https://app.example.com/orders","pageTimings":{{"onContentLoad":412.7,"onLoad":980.3}}}}],"entries":["#,
        iso8601(clock_ms)
    )?;

    let mut n: u64 = 0;
    let (mut failures, mut encoded) = (0u64, 0u64);
    let mut e = String::with_capacity(1 << 16);
    while w.get_ref().inner.written + w.buffer().len() as u64 <= target {
        clock_ms += rng.range(5, 900);
        let now = clock_ms / 1000;
        // Silent refresh: a new access token 5 minutes before the current one expires. A
        // background tab still holds one from an earlier session, expired ten minutes ago.
        if now + 300 > iat + 3600 {
            stale = jwt(
                &mut rng,
                now - 4200,
                3600,
                "openid profile orders:read orders:write",
            );
            iat = now;
            token = jwt(
                &mut rng,
                iat,
                3600,
                "openid profile orders:read orders:write",
            );
        }

        let roll = rng.below(1000);
        let roll = match failing {
            32 => roll,
            _ if roll < failing => roll * 32 / failing,
            _ => 999,
        };
        let kind = match roll {
            0..=14 => Kind::Expired,
            15..=19 => Kind::NoCredentials,
            20..=29 => Kind::InsufficientScope,
            30 => Kind::ProxyAuth,
            31 => Kind::TooMany,
            _ => Kind::Ok,
        };
        if !matches!(kind, Kind::Ok) {
            failures += 1;
        }

        // What is fetched: (host, path, mime, resource type, body kind).
        let what = rng.below(100);
        let (host, path, mime, rtype) = match what {
            0..=59 => (
                "api.example.com",
                format!(
                    "/v2/{}/{}",
                    rng.pick(&["orders", "invoices", "customers", "shipments"]),
                    rng.below(1_000_000)
                ),
                "application/json",
                "fetch",
            ),
            60..=69 => (
                "app.example.com",
                format!("/orders/{}", rng.below(100_000)),
                "text/html",
                "document",
            ),
            70..=79 => (
                "cdn.example.com",
                format!("/static/js/chunk-{}.js", rng.alnum(8)),
                "application/javascript",
                "script",
            ),
            80..=94 => (
                "cdn.example.com",
                format!("/img/{}.png", rng.alnum(10)),
                "image/png",
                "image",
            ),
            _ => (
                "cdn.example.com",
                format!("/fonts/{}.woff2", rng.alnum(6)),
                "font/woff2",
                "font",
            ),
        };
        let is_api = host == "api.example.com";
        let method = if is_api && rng.below(5) == 0 {
            "POST"
        } else {
            "GET"
        };
        let query = if is_api && rng.below(2) == 0 {
            format!("?page={}&limit=50", rng.below(40))
        } else {
            String::new()
        };
        let url = format!("https://{host}{path}{query}");

        let mut req: Vec<(&str, String)> = vec![
            (":authority", host.to_string()),
            (":method", method.to_string()),
            (":path", format!("{path}{query}")),
            (":scheme", "https".to_string()),
            (
                "accept",
                if is_api {
                    "application/json, text/plain, */*".into()
                } else {
                    "*/*".into()
                },
            ),
            ("accept-encoding", "gzip, deflate, br, zstd".into()),
            ("accept-language", "en-GB,en;q=0.9,de;q=0.8".into()),
        ];
        let sends_token = is_api && !matches!(kind, Kind::NoCredentials);
        if sends_token {
            let t = if matches!(kind, Kind::Expired) {
                &stale
            } else {
                &token
            };
            req.push(("authorization", format!("Bearer {t}")));
        }
        let cookie = format!(
            "sid={session}; csrf_token={csrf}; _ga=GA1.2.{}.{}; theme=dark",
            rng.below(1_000_000_000),
            START_EPOCH
        );
        if host != "cdn.example.com" {
            req.push(("cookie", cookie.clone()));
        }
        if is_api {
            req.push(("origin", "https://app.example.com".into()));
            req.push(("x-csrf-token", csrf.clone()));
        }
        req.push(("referer", "https://app.example.com/orders".into()));
        req.push((
            "sec-ch-ua",
            "\"Chromium\";v=\"156\", \"Not-A.Brand\";v=\"24\"".into(),
        ));
        req.push(("sec-ch-ua-mobile", "?0".into()));
        req.push(("sec-ch-ua-platform", "\"Linux\"".into()));
        req.push((
            "sec-fetch-dest",
            if is_api { "empty".into() } else { rtype.into() },
        ));
        req.push((
            "sec-fetch-mode",
            if is_api {
                "cors".into()
            } else {
                "no-cors".into()
            },
        ));
        req.push(("sec-fetch-site", "same-site".into()));
        req.push(("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36".into()));
        let post = if method == "POST" {
            let size = rng_size(&mut rng, 80, 600);
            Some(json_body(&mut rng, size))
        } else {
            None
        };
        if let Some(p) = &post {
            req.push(("content-type", "application/json".into()));
            req.push(("content-length", p.len().to_string()));
        }

        let (status, status_text) = match kind {
            Kind::Ok => (200, "OK"),
            Kind::Expired | Kind::NoCredentials => (401, "Unauthorized"),
            Kind::InsufficientScope => (403, "Forbidden"),
            Kind::ProxyAuth => (407, "Proxy Authentication Required"),
            Kind::TooMany => (429, "Too Many Requests"),
        };
        let (resp_mime, body, base64_body) = match kind {
            Kind::Ok => match mime {
                "application/json" => {
                    let big = rng.below(600) == 0;
                    let size = if big {
                        rng_size(&mut rng, 100_000, 300_000)
                    } else {
                        rng_size(&mut rng, 100, 2500)
                    };
                    (mime, json_body(&mut rng, size), false)
                }
                "text/html" | "application/javascript" => {
                    let size = rng_size(&mut rng, 800, 5000);
                    (mime, text_body(&mut rng, size, mime != "text/html"), false)
                }
                _ => {
                    let size = if rng.below(200) == 0 {
                        rng_size(&mut rng, 60_000, 200_000)
                    } else {
                        rng_size(&mut rng, 300, 5000)
                    };
                    (mime, base64(&rng.bytes(size), B64, true), true)
                }
            },
            Kind::Expired => (
                "application/json",
                r#"{"error":"invalid_token","error_description":"The access token expired"}"#
                    .to_string(),
                false,
            ),
            Kind::NoCredentials => (
                "application/json",
                r#"{"error":"unauthorized","message":"Authentication required"}"#.to_string(),
                false,
            ),
            Kind::InsufficientScope => (
                "application/json",
                r#"{"error":"insufficient_scope","error_description":"orders:admin is required"}"#
                    .to_string(),
                false,
            ),
            Kind::ProxyAuth => (
                "text/html",
                "<html><body><h1>407 Proxy Authentication Required</h1></body></html>".to_string(),
                false,
            ),
            Kind::TooMany => (
                "application/json",
                r#"{"error":"rate_limited","retry_after":30}"#.to_string(),
                false,
            ),
        };
        if base64_body {
            encoded += 1;
        }
        let wire_size = if base64_body {
            body.len() / 4 * 3
        } else {
            body.len()
        };

        let mut resp: Vec<(&str, String)> = vec![
            (
                "content-type",
                if resp_mime.starts_with("text/") || resp_mime.ends_with("json") {
                    format!("{resp_mime}; charset=utf-8")
                } else {
                    resp_mime.to_string()
                },
            ),
            ("date", http_date(now)),
            (
                "server",
                if host == "cdn.example.com" {
                    "cdn-edge".into()
                } else {
                    "nginx".into()
                },
            ),
            ("vary", "Origin, Accept-Encoding".into()),
            ("x-request-id", rng.alnum(26)),
            (
                "strict-transport-security",
                "max-age=63072000; includeSubDomains".into(),
            ),
            ("content-length", wire_size.to_string()),
        ];
        if is_api {
            resp.push((
                "access-control-allow-origin",
                "https://app.example.com".into(),
            ));
            resp.push(("access-control-allow-credentials", "true".into()));
        } else {
            resp.push((
                "cache-control",
                "public, max-age=31536000, immutable".into(),
            ));
        }
        match kind {
            Kind::Expired => resp.push(("www-authenticate", r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#.into())),
            Kind::NoCredentials => resp.push(("www-authenticate", r#"Bearer realm="api""#.into())),
            Kind::InsufficientScope => resp.push(("www-authenticate", r#"Bearer realm="api", error="insufficient_scope", scope="orders:admin""#.into())),
            Kind::ProxyAuth => resp.push(("proxy-authenticate", r#"Basic realm="corp-proxy""#.into())),
            Kind::TooMany => resp.push(("retry-after", "30".into())),
            Kind::Ok => {}
        }
        let sets_cookie = host == "app.example.com" && rng.below(4) == 0;
        if sets_cookie {
            resp.push(("set-cookie", format!("sid={session}; Path=/; Domain=example.com; Secure; HttpOnly; SameSite=Lax; Max-Age=86400")));
        }

        e.clear();
        if n > 0 {
            e.push(',');
        }
        let wait = rng.range(8, 400) as f64 + rng.below(1000) as f64 / 1000.0;
        let recv = rng.range(0, 120) as f64 + rng.below(1000) as f64 / 1000.0;
        e.push_str("{\"_initiator\":");
        initiator(&mut e, &mut rng, rtype);
        let _ = write!(e, ",\"_priority\":\"High\",\"_resourceType\":\"{rtype}\",\"cache\":{{}},\"connection\":\"{}\",\"pageref\":\"page_1\",\"request\":{{\"method\":\"{method}\",\"url\":", rng.range(40_000, 60_000));
        js(&mut e, &url);
        e.push_str(",\"httpVersion\":\"http/2.0\",\"headers\":");
        headers(&mut e, &req);
        e.push_str(",\"queryString\":[");
        if !query.is_empty() {
            let _ = write!(
                e,
                "{{\"name\":\"page\",\"value\":\"{}\"}},{{\"name\":\"limit\",\"value\":\"50\"}}",
                &query[6..query.find('&').unwrap()]
            );
        }
        e.push_str("],\"cookies\":[");
        if host != "cdn.example.com" {
            let _ = write!(e, "{{\"name\":\"sid\",\"value\":\"{session}\",\"path\":\"/\",\"domain\":\".example.com\",\"expires\":\"{}\",\"httpOnly\":true,\"secure\":true,\"sameSite\":\"Lax\"}},{{\"name\":\"csrf_token\",\"value\":\"{csrf}\",\"path\":\"/\",\"domain\":\"app.example.com\",\"httpOnly\":false,\"secure\":true}}", iso8601((START_EPOCH + 86_400) * 1000));
        }
        let _ = write!(
            e,
            "],\"headersSize\":-1,\"bodySize\":{}",
            post.as_ref().map_or(0, |p| p.len())
        );
        if let Some(p) = &post {
            e.push_str(",\"postData\":{\"mimeType\":\"application/json\",\"text\":");
            js(&mut e, p);
            e.push('}');
        }
        let _ = write!(e, "}},\"response\":{{\"status\":{status},\"statusText\":\"{status_text}\",\"httpVersion\":\"http/2.0\",\"headers\":");
        headers(&mut e, &resp);
        e.push_str(",\"cookies\":[");
        if sets_cookie {
            let _ = write!(e, "{{\"name\":\"sid\",\"value\":\"{session}\",\"path\":\"/\",\"domain\":\"example.com\",\"expires\":\"{}\",\"httpOnly\":true,\"secure\":true,\"sameSite\":\"Lax\"}}", iso8601((now + 86_400) * 1000));
        }
        let _ = write!(
            e,
            "],\"content\":{{\"size\":{wire_size},\"mimeType\":\"{resp_mime}\",\"text\":"
        );
        js(&mut e, &body);
        if base64_body {
            e.push_str(",\"encoding\":\"base64\"");
        }
        let _ = write!(
            e,
            "}},\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":{},\"_transferSize\":{},\"_error\":null,\"_fetchedViaServiceWorker\":false}},\"serverIPAddress\":\"203.0.113.{}\",\"startedDateTime\":\"{}\",\"time\":{:.3},\"timings\":{{\"blocked\":1.204,\"dns\":-1,\"ssl\":-1,\"connect\":-1,\"send\":0.187,\"wait\":{wait:.3},\"receive\":{recv:.3},\"_blocked_queueing\":0.9}}}}",
            wire_size,
            wire_size + 420,
            rng.range(10, 20),
            iso8601(clock_ms),
            1.391 + wait + recv
        );
        w.write_all(e.as_bytes())?;
        n += 1;
    }
    w.write_all(b"]}}\n")?;
    w.flush()?;
    let written = w.get_ref().inner.written;
    eprintln!(
        "synth-har: {out_path}: {written} bytes, {n} entries, {failures} auth/limit failures, {encoded} base64 bodies"
    );
    Ok(())
}

/// Chrome's `_initiator`: a script-initiated request carries the JavaScript stack that sent it
/// (5 to 14 frames, often with an async parent: `await`, `Promise.then`), which is most of an
/// entry's JSON objects in a real export; a page load or a subresource names the parser.
fn initiator(e: &mut String, rng: &mut Rng, rtype: &str) {
    const FUNCTIONS: &[&str] = &[
        "request",
        "fetchJson",
        "dispatchRequest",
        "xhrAdapter",
        "callApi",
        "load",
        "refresh",
        "useQuery",
        "commitRoot",
        "flushSync",
        "",
    ];
    const SCRIPTS: &[&str] = &[
        "main.3f9c2a.js",
        "vendor.81b0e4.js",
        "runtime.0c1d77.js",
        "chunk-orders.5e2b90.js",
    ];
    let frames = |e: &mut String, rng: &mut Rng, n: u64| {
        e.push_str("\"callFrames\":[");
        for k in 0..n {
            if k > 0 {
                e.push(',');
            }
            let _ = write!(
                e,
                "{{\"functionName\":\"{}\",\"scriptId\":\"{}\",\"url\":\"https://app.example.com/static/js/{}\",\"lineNumber\":{},\"columnNumber\":{}}}",
                rng.pick(FUNCTIONS),
                rng.range(20, 400),
                rng.pick(SCRIPTS),
                rng.below(3),
                rng.range(100, 250_000)
            );
        }
        e.push(']');
    };
    if rtype == "fetch" {
        e.push_str("{\"type\":\"script\",\"stack\":{");
        let n = rng.range(5, 14);
        frames(e, rng, n);
        if rng.below(3) > 0 {
            e.push_str(",\"parent\":{\"description\":\"");
            e.push_str(rng.pick(&["await", "Promise.then", "setTimeout"]));
            e.push_str("\",");
            let n = rng.range(2, 6);
            frames(e, rng, n);
            e.push('}');
        }
        e.push_str("}}");
    } else if rtype == "document" {
        e.push_str("{\"type\":\"other\"}");
    } else {
        let _ = write!(
            e,
            "{{\"type\":\"parser\",\"url\":\"https://app.example.com/orders\",\"lineNumber\":{}}}",
            rng.range(10, 80)
        );
    }
}

/// A body size in `lo..=hi`, skewed towards the low end like real traffic.
fn rng_size(rng: &mut Rng, lo: usize, hi: usize) -> usize {
    let a = rng.range(lo as u64, hi as u64);
    let b = rng.range(lo as u64, hi as u64);
    a.min(b) as usize
}
