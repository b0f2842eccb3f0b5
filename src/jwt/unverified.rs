//! Decoding compact JWS/JWT **without verifying the signature**.
//!
//! Unverified means unverified: nothing returned here is evidence that the
//! issuer wrote it. It is only what the client sent, which is exactly what is
//! needed to explain why a server said 401.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};
use std::fmt;

/// A dot-separated segment of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// First segment: the JOSE protected header.
    Header,
    /// Second segment: the payload (claims, for a JWT).
    Payload,
    /// Third segment: the signature.
    Signature,
}

impl Part {
    /// Lowercase English name of the segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        }
    }
}

/// Why a segment is not valid unpadded base64url (RFC 7515 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Base64Problem {
    /// Uses the standard alphabet (`+` or `/`) instead of `-` and `_`.
    StandardAlphabet,
    /// Has `=` padding, which JWS forbids and several libraries reject.
    Padding,
    /// Standard base64 in full: `+`/`/` and `=` padding.
    StandardAlphabetWithPadding,
    /// Contains a character that belongs to no base64 alphabet.
    InvalidCharacter {
        /// The offending character.
        ch: char,
        /// Byte offset of the character within the segment.
        offset: usize,
    },
    /// Length is 1 modulo 4, which no byte string encodes to.
    InvalidLength,
    /// The last character has non-zero unused bits, so the encoding is not
    /// canonical; strict decoders reject it.
    NonCanonical,
}

impl Base64Problem {
    /// Short English description.
    pub fn as_str(self) -> &'static str {
        match self {
            Base64Problem::StandardAlphabet => "uses standard base64 characters '+' or '/'",
            Base64Problem::Padding => "has '=' padding",
            Base64Problem::StandardAlphabetWithPadding => {
                "is standard base64 ('+' or '/' and '=' padding)"
            }
            Base64Problem::InvalidCharacter { .. } => "contains a non-base64 character",
            Base64Problem::InvalidLength => "has an impossible length",
            Base64Problem::NonCanonical => "has non-zero trailing bits",
        }
    }
}

/// Kind of JSON value found where an object was required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    fn of(v: &Value) -> Self {
        match v {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Bool,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
}

/// Header of a JWE (RFC 7516): the only readable part of an encrypted token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// The protected header.
    pub header: Map<String, Value>,
    /// Key management algorithm (`alg`), e.g. `RSA-OAEP`, `dir`.
    pub alg: Option<String>,
    /// Content encryption algorithm (`enc`), e.g. `A256GCM`.
    pub enc: Option<String>,
    /// Key identifier (`kid`).
    pub kid: Option<String>,
    /// Content type (`cty`); `JWT` means a signed JWT is nested inside.
    pub cty: Option<String>,
}

/// Why a string could not be decoded as a compact JWS carrying JSON claims.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input is empty or whitespace.
    Empty,
    /// Not 3 (JWS) or 5 (JWE) dot-separated parts.
    WrongPartCount {
        /// How many parts were found.
        parts: usize,
    },
    /// A JWS/JWE JSON serialization (`{"payload":…}`), not the compact form
    /// that bearer tokens use.
    JsonSerialization,
    /// A required part is empty; an empty payload is RFC 7515 Appendix F
    /// detached content, so there are no claims to read.
    EmptyPart {
        /// Which part.
        part: Part,
    },
    /// A part is not unpadded base64url.
    NotBase64Url {
        /// Which part.
        part: Part,
        /// What is wrong with it.
        problem: Base64Problem,
    },
    /// A part decodes to bytes that are not UTF-8 JSON.
    NotJson {
        /// Which part.
        part: Part,
    },
    /// A part is JSON, but not an object.
    NotObject {
        /// Which part.
        part: Part,
        /// What was found instead.
        found: JsonKind,
    },
    /// The header says `"b64": false` (RFC 7797): the payload is raw bytes,
    /// not base64url JWT claims.
    UnencodedPayload,
    /// A well-formed JWE: encrypted, so the claims cannot be inspected. This
    /// is not a defect of the token; [`inspect`] returns it as
    /// [`Token::Encrypted`] instead.
    Encrypted(Box<Encrypted>),
}

impl DecodeError {
    /// Short, stable English description of the error class.
    pub fn as_str(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty token",
            DecodeError::WrongPartCount { .. } => {
                "wrong number of dot-separated parts (expected 3 for JWS or 5 for JWE)"
            }
            DecodeError::JsonSerialization => "JSON serialization, not a compact token",
            DecodeError::EmptyPart {
                part: Part::Payload,
            } => "empty payload (detached content): no claims",
            DecodeError::EmptyPart { .. } => "empty token part",
            DecodeError::NotBase64Url { .. } => "part is not base64url",
            DecodeError::NotJson { part: Part::Header } => "header is not JSON",
            DecodeError::NotJson { .. } => "payload is not JSON",
            DecodeError::NotObject {
                part: Part::Header, ..
            } => "header is JSON but not an object",
            DecodeError::NotObject { .. } => "payload is JSON but not an object",
            DecodeError::UnencodedPayload => "unencoded payload (b64=false), no JWT claims",
            DecodeError::Encrypted(_) => "encrypted token (JWE), claims cannot be inspected",
        }
    }

    /// `false` only for [`DecodeError::Encrypted`]: the token is fine, it
    /// just cannot be read without the recipient's key.
    pub fn is_malformed(&self) -> bool {
        !matches!(self, DecodeError::Encrypted(_))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::WrongPartCount { parts } => write!(
                f,
                "token has {parts} dot-separated part{} (expected 3 for JWS or 5 for JWE)",
                if *parts == 1 { "" } else { "s" }
            ),
            DecodeError::EmptyPart { part } if *part != Part::Payload => {
                write!(f, "token {} is empty", part.as_str())
            }
            DecodeError::NotBase64Url { part, problem } => {
                write!(f, "token {} {}", part.as_str(), problem.as_str())?;
                if let Base64Problem::InvalidCharacter { ch, offset } = problem {
                    write!(f, " ({ch:?} at byte {offset})")?;
                }
                Ok(())
            }
            DecodeError::NotObject { part, found } => write!(
                f,
                "token {} is JSON {found:?}, not an object",
                part.as_str()
            ),
            DecodeError::Encrypted(e) => {
                write!(f, "{}", self.as_str())?;
                if let (Some(alg), Some(enc)) = (&e.alg, &e.enc) {
                    write!(f, " (alg {alg}, enc {enc})")?;
                }
                Ok(())
            }
            other => f.write_str(other.as_str()),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A `NumericDate` claim (RFC 7519 §2) as the token wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumericDate {
    int: Option<i64>,
    float: f64,
    was_string: bool,
}

impl NumericDate {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Number(n) => Some(Self::from_number(n, false)?),
            // Some issuers serialize numbers as strings; libraries disagree on
            // whether that is acceptable, so keep the value and flag it.
            Value::String(s) => {
                let n: serde_json::Number = s.trim().parse().ok()?;
                Self::from_number(&n, true)
            }
            _ => None,
        }
    }

    fn from_number(n: &serde_json::Number, was_string: bool) -> Option<Self> {
        let float = n.as_f64()?;
        if !float.is_finite() {
            return None;
        }
        Some(Self {
            int: n.as_i64(),
            float,
            was_string,
        })
    }

    /// The exact integer, if the claim was an integer that fits in `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.int
    }

    /// The value as `f64` (always available; may lose precision).
    pub fn as_f64(&self) -> f64 {
        self.float
    }

    /// Whether the claim was a JSON string rather than a number.
    pub fn was_string(&self) -> bool {
        self.was_string
    }

    /// Whole seconds since the epoch, rounded down; `None` if out of `i64`.
    pub fn unix_seconds(&self) -> Option<i64> {
        match self.int {
            Some(i) => Some(i),
            None => f64_to_i64(self.float.floor()),
        }
    }

    /// Milliseconds since the epoch, reading the value as seconds as RFC 7519
    /// requires; `None` on overflow.
    pub fn unix_millis(&self) -> Option<i64> {
        match self.int {
            Some(i) => i.checked_mul(1000),
            None => f64_to_i64((self.float * 1000.0).floor()),
        }
    }

    /// True if the value is above 10^11: as seconds that is after the year
    /// 5138, so it is almost certainly milliseconds (a JavaScript `Date.now()`
    /// mistake), and every expiry check against it will pass forever.
    pub fn looks_like_millis(&self) -> bool {
        self.float > 1e11
    }
}

/// `f as i64` saturates silently; overflow must be visible instead.
fn f64_to_i64(f: f64) -> Option<i64> {
    // `i64::MAX as f64` rounds up to 2^63, so the half-open range is exact.
    (i64::MIN as f64..i64::MAX as f64)
        .contains(&f)
        .then_some(f as i64)
}

/// A decoded, **unverified** compact JWS whose payload is a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The claims set.
    pub claims: Map<String, Value>,
    /// Length in bytes of the decoded signature; 0 means unsigned.
    pub signature_len: usize,
    /// Header `alg`, if a string.
    pub alg: Option<String>,
    /// Header `typ`, if a string.
    pub typ: Option<String>,
    /// Header `kid`, if a string.
    pub kid: Option<String>,
}

/// A compact token: readable JWS or opaque JWE.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A JWS whose claims were decoded (not verified).
    Signed(Decoded),
    /// A JWE: encrypted, only the header is readable.
    Encrypted(Encrypted),
}

fn str_field(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).and_then(Value::as_str).map(str::to_owned)
}

/// Strings from a string-or-array claim; non-string array items are skipped
/// because one bad entry should not hide the good ones.
fn string_list(v: Option<&Value>, split_spaces: bool) -> Vec<&str> {
    match v {
        Some(Value::String(s)) if split_spaces => s.split_ascii_whitespace().collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

impl Decoded {
    /// A string claim; numbers are rendered as text because some issuers
    /// emit numeric `sub` values. Other types yield `None`.
    pub fn claim_str(&self, name: &str) -> Option<String> {
        match self.claims.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// A NumericDate claim; numeric strings are accepted and flagged.
    pub fn numeric_date(&self, name: &str) -> Option<NumericDate> {
        NumericDate::from_value(self.claims.get(name)?)
    }

    /// Expiration time (`exp`).
    pub fn exp(&self) -> Option<NumericDate> {
        self.numeric_date("exp")
    }

    /// Not-before time (`nbf`).
    pub fn nbf(&self) -> Option<NumericDate> {
        self.numeric_date("nbf")
    }

    /// Issued-at time (`iat`).
    pub fn iat(&self) -> Option<NumericDate> {
        self.numeric_date("iat")
    }

    /// Issuer (`iss`).
    pub fn iss(&self) -> Option<String> {
        self.claim_str("iss")
    }

    /// Subject (`sub`).
    pub fn sub(&self) -> Option<String> {
        self.claim_str("sub")
    }

    /// Audiences (`aud`), a string or an array of strings.
    pub fn aud(&self) -> Vec<&str> {
        string_list(self.claims.get("aud"), false)
    }

    /// Authorized party (`azp`, OpenID Connect).
    pub fn azp(&self) -> Option<String> {
        self.claim_str("azp")
    }

    /// `nonce` (OpenID Connect ID tokens).
    pub fn nonce(&self) -> Option<String> {
        self.claim_str("nonce")
    }

    /// Access token hash (`at_hash`, OpenID Connect ID tokens).
    pub fn at_hash(&self) -> Option<String> {
        self.claim_str("at_hash")
    }

    /// Scopes: `scope` as a space-separated string (RFC 8693/9068) or array,
    /// else `scp` (Okta, Microsoft Entra) as array or string.
    pub fn scope(&self) -> Vec<&str> {
        let s = string_list(self.claims.get("scope"), true);
        if !s.is_empty() {
            return s;
        }
        string_list(self.claims.get("scp"), true)
    }

    /// OAuth client id: `client_id` (RFC 9068), else Okta's `cid`, else
    /// Microsoft Entra v1's `appid`, since each names the same thing.
    pub fn client_id(&self) -> Option<String> {
        ["client_id", "cid", "appid"]
            .iter()
            .find_map(|k| self.claim_str(k))
    }

    /// AWS Cognito `token_use`: `"id"` or `"access"`.
    pub fn token_use(&self) -> Option<String> {
        self.claim_str("token_use")
    }

    /// True if `alg` is `none` (any case) or the signature part is empty:
    /// such a token proves nothing and servers should reject it.
    pub fn is_unsigned(&self) -> bool {
        self.signature_len == 0
            || self
                .alg
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case("none"))
    }
}

fn classify_base64(s: &str) -> Base64Problem {
    for (offset, ch) in s.char_indices() {
        if !(ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '+' | '/' | '=')) {
            return Base64Problem::InvalidCharacter { ch, offset };
        }
    }
    let std_alpha = s.contains(['+', '/']);
    let padded = s.contains('=');
    match (std_alpha, padded) {
        (true, true) => Base64Problem::StandardAlphabetWithPadding,
        (true, false) => Base64Problem::StandardAlphabet,
        (false, true) => Base64Problem::Padding,
        (false, false) if s.len() % 4 == 1 => Base64Problem::InvalidLength,
        (false, false) => Base64Problem::NonCanonical,
    }
}

fn b64(part: Part, s: &str) -> Result<Vec<u8>, DecodeError> {
    URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| DecodeError::NotBase64Url {
            part,
            problem: classify_base64(s),
        })
}

fn json_object(part: Part, bytes: &[u8]) -> Result<Map<String, Value>, DecodeError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(DecodeError::NotObject {
            part,
            found: JsonKind::of(&other),
        }),
        Err(_) => Err(DecodeError::NotJson { part }),
    }
}

/// Splits and checks the outer shape shared by [`decode_header`] and
/// [`inspect`].
fn split(token: &str) -> Result<Vec<&str>, DecodeError> {
    if token.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if token.trim_start().starts_with('{') {
        return Err(DecodeError::JsonSerialization);
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 && parts.len() != 5 {
        return Err(DecodeError::WrongPartCount { parts: parts.len() });
    }
    Ok(parts)
}

fn header_of(first: &str) -> Result<Map<String, Value>, DecodeError> {
    if first.is_empty() {
        return Err(DecodeError::EmptyPart { part: Part::Header });
    }
    json_object(Part::Header, &b64(Part::Header, first)?)
}

/// Decodes only the protected header of a compact JWS or JWE, like
/// `jsonwebtoken::decode_header`; useful when the payload is not claims.
pub fn decode_header(token: &str) -> Result<Map<String, Value>, DecodeError> {
    let parts = split(token)?;
    header_of(parts[0])
}

/// Decodes a compact JWS or JWE without verifying anything; JWE is a normal
/// outcome ([`Token::Encrypted`]), not an error.
///
/// The input is taken literally: strip any `Bearer ` prefix and surrounding
/// whitespace first, because a server would not do it for the client.
pub fn inspect(token: &str) -> Result<Token, DecodeError> {
    let parts = split(token)?;
    let header = header_of(parts[0])?;
    if parts.len() == 5 {
        return Ok(Token::Encrypted(Encrypted {
            alg: str_field(&header, "alg"),
            enc: str_field(&header, "enc"),
            kid: str_field(&header, "kid"),
            cty: str_field(&header, "cty"),
            header,
        }));
    }
    let (payload, signature) = (parts[1], parts[2]);
    if payload.is_empty() {
        return Err(DecodeError::EmptyPart {
            part: Part::Payload,
        });
    }
    if header.get("b64") == Some(&Value::Bool(false)) {
        return Err(DecodeError::UnencodedPayload);
    }
    // Every base64 check runs before any JSON check so a corrupted signature
    // is reported as such even when the payload is not claims.
    let payload = b64(Part::Payload, payload)?;
    let signature_len = b64(Part::Signature, signature)?.len();
    let claims = json_object(Part::Payload, &payload)?;
    Ok(Token::Signed(Decoded {
        alg: str_field(&header, "alg"),
        typ: str_field(&header, "typ"),
        kid: str_field(&header, "kid"),
        header,
        claims,
        signature_len,
    }))
}

/// Decodes a compact JWT **without verifying its signature**, like
/// `jsonwebtoken::dangerous::insecure_decode`.
///
/// A JWE yields [`DecodeError::Encrypted`] (see [`DecodeError::is_malformed`]);
/// use [`inspect`] to treat it as a normal outcome.
pub fn decode(token: &str) -> Result<Decoded, DecodeError> {
    match inspect(token)? {
        Token::Signed(d) => Ok(d),
        Token::Encrypted(e) => Err(DecodeError::Encrypted(Box::new(e))),
    }
}

/// Heuristic: does this string look like a JWT/JWS/JWE?
///
/// True if it starts with `eyJ` (base64url of `{"`) or has 3 or 5
/// dot-separated parts whose first decodes to a JSON object.
pub fn looks_like_jwt(s: &str) -> bool {
    let s = s.trim();
    if s.starts_with("eyJ") {
        return true;
    }
    let n = s.split('.').count();
    (n == 3 || n == 5) && s.split('.').next().is_some_and(|h| header_of(h).is_ok())
}

/// How much a signal says about the token's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Common in both kinds; only tips a close call.
    Weak,
    /// Usual for one kind but seen in the other.
    Moderate,
    /// Defined by a specification for one kind only.
    Strong,
}

impl Strength {
    /// Weight for summing into a score: 1, 2 or 4.
    pub fn weight(self) -> i32 {
        match self {
            Strength::Weak => 1,
            Strength::Moderate => 2,
            Strength::Strong => 4,
        }
    }
}

/// What was observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdTokenSignalKind {
    /// `nonce` claim (OIDC Core §2): echoed to the client, ID tokens only.
    Nonce,
    /// `at_hash` claim: binds an ID token to an access token.
    AtHash,
    /// `c_hash` claim: binds an ID token to an authorization code.
    CHash,
    /// `auth_time` claim: required in some ID tokens, optional in RFC 9068
    /// access tokens.
    AuthTime,
    /// Cognito `token_use` is `"id"`.
    TokenUseId,
    /// Cognito `token_use` is `"access"`.
    TokenUseAccess,
    /// Header `typ` is `at+jwt` (RFC 9068): an access token by declaration.
    TypAtJwt,
    /// Header `typ` is present and not `at+jwt`.
    TypNotAtJwt,
    /// `aud` is the single value `azp`: the token is addressed to the client.
    AudIsAzp,
    /// `aud` contains the OAuth client id: addressed to the client, not an API.
    AudIsClientId,
    /// No `scope`/`scp` claim.
    NoScope,
    /// A `scope`/`scp` claim is present.
    HasScope,
}

/// One piece of evidence about whether a JWT is an OIDC ID token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdTokenSignal {
    /// What was observed.
    pub kind: IdTokenSignalKind,
    /// How much it says.
    pub strength: Strength,
    /// True if it points to an ID token, false if to an access token.
    pub favors_id_token: bool,
}

impl IdTokenSignal {
    /// Signed weight: positive toward ID token, negative toward access token.
    pub fn score(&self) -> i32 {
        if self.favors_id_token {
            self.strength.weight()
        } else {
            -self.strength.weight()
        }
    }
}

/// Evidence that a JWT is an OpenID Connect ID token rather than an access
/// token, the classic cause of a 401 when an SPA sends the wrong one.
///
/// Signals point both ways; sum [`IdTokenSignal::score`] for a verdict.
pub fn id_token_signals(d: &Decoded) -> Vec<IdTokenSignal> {
    use IdTokenSignalKind as K;
    let mut out = Vec::new();
    let mut push = |kind, strength, favors_id_token| {
        out.push(IdTokenSignal {
            kind,
            strength,
            favors_id_token,
        })
    };
    if d.claims.contains_key("nonce") {
        push(K::Nonce, Strength::Strong, true);
    }
    if d.claims.contains_key("at_hash") {
        push(K::AtHash, Strength::Strong, true);
    }
    if d.claims.contains_key("c_hash") {
        push(K::CHash, Strength::Strong, true);
    }
    if d.claims.contains_key("auth_time") {
        push(K::AuthTime, Strength::Weak, true);
    }
    match d.token_use().as_deref() {
        Some("id") => push(K::TokenUseId, Strength::Strong, true),
        Some("access") => push(K::TokenUseAccess, Strength::Strong, false),
        _ => {}
    }
    if let Some(typ) = &d.typ {
        let t = typ.to_ascii_lowercase();
        if t == "at+jwt" || t == "application/at+jwt" {
            push(K::TypAtJwt, Strength::Strong, false);
        } else {
            // Many access tokens still say "JWT", so this only leans.
            push(K::TypNotAtJwt, Strength::Weak, true);
        }
    }
    let aud = d.aud();
    if let (Some(azp), [only]) = (d.azp(), aud.as_slice()) {
        if *only == azp {
            push(K::AudIsAzp, Strength::Moderate, true);
        }
    }
    if let Some(cid) = d.client_id() {
        if aud.contains(&cid.as_str()) {
            push(K::AudIsClientId, Strength::Moderate, true);
        }
    }
    if d.claims.contains_key("scope") || d.claims.contains_key("scp") {
        push(K::HasScope, Strength::Moderate, false);
    } else {
        push(K::NoScope, Strength::Weak, true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn enc(v: &str) -> String {
        URL_SAFE_NO_PAD.encode(v)
    }

    fn tok(header: &str, claims: &str) -> String {
        format!("{}.{}.{}", enc(header), enc(claims), enc("sig"))
    }

    #[test]
    fn part_count_and_empty() {
        assert_eq!(decode(""), Err(DecodeError::Empty));
        assert_eq!(decode("  "), Err(DecodeError::Empty));
        assert_eq!(decode("abc"), Err(DecodeError::WrongPartCount { parts: 1 }));
        assert_eq!(
            decode("a.b.c.d"),
            Err(DecodeError::WrongPartCount { parts: 4 })
        );
        assert_eq!(
            decode(r#"{"payload":"x"}"#),
            Err(DecodeError::JsonSerialization)
        );
        assert!(DecodeError::WrongPartCount { parts: 4 }
            .to_string()
            .contains("4 dot-separated parts"));
    }

    #[test]
    fn base64_problems_are_named() {
        let h = enc(r#"{"alg":"HS256"}"#);
        let cases = [
            (
                format!("{h}=.e30.c2ln"),
                Part::Header,
                Base64Problem::Padding,
            ),
            (
                format!("{h}.e30=.c2ln"),
                Part::Payload,
                Base64Problem::Padding,
            ),
            (
                format!("{h}.e30.ab+/"),
                Part::Signature,
                Base64Problem::StandardAlphabet,
            ),
            (
                format!("{h}.e30.ab+/cw=="),
                Part::Signature,
                Base64Problem::StandardAlphabetWithPadding,
            ),
            (
                format!("{h}.e30.a b"),
                Part::Signature,
                Base64Problem::InvalidCharacter { ch: ' ', offset: 1 },
            ),
            (
                format!("{h}.e30.abcde"),
                Part::Signature,
                Base64Problem::InvalidLength,
            ),
            (
                format!("{h}.AB.c2ln"),
                Part::Payload,
                Base64Problem::NonCanonical,
            ),
        ];
        for (t, part, problem) in cases {
            assert_eq!(
                decode(&t),
                Err(DecodeError::NotBase64Url { part, problem }),
                "{t}"
            );
        }
    }

    #[test]
    fn json_shape_errors() {
        assert_eq!(
            decode(&tok("nope", "{}")),
            Err(DecodeError::NotJson { part: Part::Header })
        );
        assert_eq!(
            decode(&tok("[1]", "{}")),
            Err(DecodeError::NotObject {
                part: Part::Header,
                found: JsonKind::Array
            })
        );
        assert_eq!(
            decode(&tok("{}", "\"s\"")),
            Err(DecodeError::NotObject {
                part: Part::Payload,
                found: JsonKind::String
            })
        );
        assert_eq!(
            decode(&format!("{}..", enc("{}"))),
            Err(DecodeError::EmptyPart {
                part: Part::Payload
            })
        );
        assert_eq!(
            decode(&format!("{}.x y.", enc(r#"{"b64":false}"#))),
            Err(DecodeError::UnencodedPayload)
        );
        // Deep nesting must be an error, not a stack overflow.
        let deep = "[".repeat(100_000);
        assert!(decode(&tok("{}", &deep)).is_err());
    }

    #[test]
    fn jwe_is_a_distinct_outcome() {
        let h = enc(r#"{"alg":"dir","enc":"A256GCM","cty":"JWT"}"#);
        let t = format!("{h}..aXY.Y3Q.dGFn");
        match inspect(&t) {
            Ok(Token::Encrypted(e)) => {
                assert_eq!(e.enc.as_deref(), Some("A256GCM"));
                assert_eq!(e.cty.as_deref(), Some("JWT"));
            }
            other => panic!("{other:?}"),
        }
        let err = decode(&t).unwrap_err();
        assert!(!err.is_malformed());
        assert!(err.to_string().contains("enc A256GCM"));
        assert!(looks_like_jwt(&t));
    }

    #[test]
    fn accessors_tolerate_wrong_types() {
        let d = decode(&tok(
            r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#,
            &json!({
                "exp": "1700000000",
                "nbf": {"x": 1},
                "iat": 1_700_000_000_123_i64,
                "aud": ["a", 5, "b"],
                "sub": 42,
                "iss": ["not", "a", "string"],
                "scp": ["read", "write"],
                "cid": "client-1",
                "token_use": "access",
            })
            .to_string(),
        ))
        .unwrap();
        let exp = d.exp().unwrap();
        assert_eq!(exp.as_i64(), Some(1_700_000_000));
        assert!(exp.was_string());
        assert!(!exp.looks_like_millis());
        assert_eq!(d.nbf(), None);
        assert!(d.iat().unwrap().looks_like_millis());
        assert_eq!(d.aud(), ["a", "b"]);
        assert_eq!(d.sub().as_deref(), Some("42"));
        assert_eq!(d.iss(), None);
        assert_eq!(d.scope(), ["read", "write"]);
        assert_eq!(d.client_id().as_deref(), Some("client-1"));
        assert_eq!(d.token_use().as_deref(), Some("access"));
        assert_eq!(d.kid.as_deref(), Some("k1"));
        assert!(!d.is_unsigned());
    }

    #[test]
    fn numeric_date_edge_values() {
        let d = decode(&tok(
            "{}",
            r#"{"exp":1.5e9,"nbf":1e300,"iat":18446744073709551615}"#,
        ))
        .unwrap();
        let exp = d.exp().unwrap();
        assert_eq!(exp.as_i64(), None);
        assert_eq!(exp.unix_seconds(), Some(1_500_000_000));
        assert_eq!(exp.unix_millis(), Some(1_500_000_000_000));
        assert_eq!(d.nbf().unwrap().unix_seconds(), None);
        assert_eq!(d.nbf().unwrap().unix_millis(), None);
        assert!(d.iat().unwrap().looks_like_millis());
        let d = decode(&tok("{}", r#"{"exp":9223372036854775807}"#)).unwrap();
        assert_eq!(d.exp().unwrap().unix_millis(), None);
    }

    #[test]
    fn unsigned_detection() {
        let none = format!("{}.{}.", enc(r#"{"alg":"NoNe"}"#), enc("{}"));
        assert!(decode(&none).unwrap().is_unsigned());
        let empty_sig = format!("{}.{}.", enc(r#"{"alg":"HS256"}"#), enc("{}"));
        assert!(decode(&empty_sig).unwrap().is_unsigned());
    }

    #[test]
    fn scope_string_forms() {
        let d = decode(&tok("{}", r#"{"scope":"openid  profile email"}"#)).unwrap();
        assert_eq!(d.scope(), ["openid", "profile", "email"]);
        let d = decode(&tok("{}", r#"{"scp":"a b"}"#)).unwrap();
        assert_eq!(d.scope(), ["a", "b"]);
        let d = decode(&tok("{}", r#"{"scope":7}"#)).unwrap();
        assert!(d.scope().is_empty());
    }

    fn score(d: &Decoded) -> i32 {
        id_token_signals(d).iter().map(IdTokenSignal::score).sum()
    }

    #[test]
    fn id_token_vs_access_token() {
        let id = decode(&tok(
            r#"{"alg":"RS256","typ":"JWT"}"#,
            r#"{"aud":"spa","azp":"spa","nonce":"n","at_hash":"h","auth_time":1}"#,
        ))
        .unwrap();
        let kinds: Vec<_> = id_token_signals(&id).iter().map(|s| s.kind).collect();
        assert!(kinds.contains(&IdTokenSignalKind::Nonce));
        assert!(kinds.contains(&IdTokenSignalKind::AudIsAzp));
        assert!(kinds.contains(&IdTokenSignalKind::NoScope));
        assert!(score(&id) > 8);

        let at = decode(&tok(
            r#"{"alg":"RS256","typ":"at+jwt"}"#,
            r#"{"aud":"https://api","client_id":"spa","scope":"read"}"#,
        ))
        .unwrap();
        assert!(score(&at) < 0);

        let cognito = decode(&tok("{}", r#"{"token_use":"id","aud":"c"}"#)).unwrap();
        assert!(id_token_signals(&cognito)
            .iter()
            .any(|s| s.kind == IdTokenSignalKind::TokenUseId && s.strength == Strength::Strong));
    }

    #[test]
    fn looks_like_jwt_heuristic() {
        assert!(looks_like_jwt("eyJhbGciOiJIUzI1NiJ9.e30.x"));
        // A header that does not start with `{"` still counts if it is an object.
        let spaced = format!("{}.e30.", enc(r#" {"alg":"none"}"#));
        assert!(!spaced.starts_with("eyJ"));
        assert!(looks_like_jwt(&spaced));
        assert!(!looks_like_jwt("a.b.c"));
        assert!(!looks_like_jwt("hello"));
        assert!(!looks_like_jwt(""));
        assert!(!looks_like_jwt("www.example.com"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            ".",
            "..",
            "....",
            "\u{0}.\u{0}.\u{0}",
            "é.é.é",
            "eyJ",
            "eyJ.eyJ.eyJ",
            "====.==.=",
            "-_-_._-_-.-_-_",
        ] {
            let _ = decode(s);
            let _ = inspect(s);
            let _ = decode_header(s);
            let _ = looks_like_jwt(s);
        }
    }
}
