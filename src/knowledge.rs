//! What why401 knows about the world, in one place: vendor token prefixes, the
//! names under which APIs expect keys, and the words of sign-in URLs. The HAR
//! reader, the redactor and the rules all read these tables, so a name added here
//! is recognised, kept and redacted everywhere at once.

/// Publicly documented vendor token prefixes: they say what a token is without
/// revealing it. Used to recognise a credential sent without its scheme, and by
/// redaction, which keeps them readable.
pub const TOKEN_PREFIXES: &[&str] = &[
    "github_pat_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "glpat-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "pk_live_",
    "pk_test_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xapp-",
    "ya29.",
    "AKIA",
    "ASIA",
    "sk-proj-",
    "sk-ant-",
    "SG.",
    "shpat_",
    "npm_",
    "pypi-",
];

/// Header or query names that carry an API key.
pub fn is_api_key_name(name: &str) -> bool {
    // Hot path: every header line of every entry. Each name below ends in `key` or `token`:
    // most header names are turned away by their last letter.
    if !matches!(name.as_bytes().last(), Some(b'y' | b'Y' | b'n' | b'N')) {
        return false;
    }
    // The name is normalized (lower case, `_` as `-`) on the stack; none of the names below is
    // longer than the buffer.
    let mut buf = [0u8; 32];
    let Some(n) = buf.get_mut(..name.len()) else {
        return false;
    };
    for (to, b) in n.iter_mut().zip(name.bytes()) {
        *to = if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        };
    }
    matches!(
        &*n,
        b"x-api-key"
            | b"api-key"
            | b"apikey"
            | b"x-apikey"
            | b"key"
            | b"api-token"
            | b"x-api-token"
            | b"x-goog-api-key"
            | b"ocp-apim-subscription-key"
            | b"x-functions-key"
            | b"private-token"
            | b"x-auth-key"
            | b"x-access-key"
            | b"access-key"
            | b"subscription-key"
            | b"x-subscription-key"
    )
}

/// Whether a URL path names a sign-in page: it holds, in any ASCII case, one of
/// [`LOGIN_URL_WORDS`] (up to the query or fragment: a query is often most of a URL).
pub fn looks_like_login_url(url: &str) -> bool {
    // Every request is asked. Rather than a search for each word in a lowercase copy, two
    // passes: each word either starts with `/` or has a `g`, and a URL has few of either.
    let path = crate::http::site::without_query(url).as_bytes();
    // Bytes, not text: where a word would start may be inside a character.
    let at_ic = |at: usize, word: &str| {
        path.get(at..)
            .is_some_and(|p| crate::text::starts_with_ignore_ascii_case(p, word))
    };
    memchr::memchr_iter(b'/', path).any(|at| SLASH_WORDS.iter().any(|w| at_ic(at, w)))
        || memchr::memchr2_iter(b'g', b'G', path)
            .any(|at| G_WORDS.iter().any(|(w, g)| at >= *g && at_ic(at - g, w)))
}

/// What [`looks_like_login_url`] looks for in a URL's path, in lowercase.
pub const LOGIN_URL_WORDS: &[&str] = &[
    "login",
    "signin",
    "sign-in",
    "sign_in",
    "logon",
    "/sso",
    "/saml",
    "/oauth2/authorize",
    "/oauth/authorize",
    "/authorize",
    "/auth/realms/",
    "/cas/",
    "accounts.google.com",
    "/adfs/",
];

/// [`LOGIN_URL_WORDS`] that start with `/` (`/oauth2/authorize` holds `/authorize`).
const SLASH_WORDS: [&str; 6] = [
    "/sso",
    "/saml",
    "/authorize",
    "/auth/realms/",
    "/cas/",
    "/adfs/",
];

/// The others, each with where its first `g` is.
const G_WORDS: [(&str, usize); 6] = [
    ("login", 2),
    ("logon", 2),
    ("signin", 2),
    ("sign-in", 2),
    ("sign_in", 2),
    ("accounts.google.com", 9),
];

/// Whether `text` holds `pass` or `pwd` in any ASCII case: every one of
/// [`PASSWORD_FIELDS`] does.
pub fn may_name_a_password(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'p', b'P', b).any(|at| {
        let rest = &b[at + 1..];
        rest.get(..3)
            .is_some_and(|r| r.eq_ignore_ascii_case(b"ass"))
            || rest.get(..2).is_some_and(|r| r.eq_ignore_ascii_case(b"wd"))
    })
}

/// Form and JSON field names of a password in a sign-in request (`j_password`: a Java EE
/// form's, posted to `j_security_check`; `userPassword`: LDAP's attribute, which some forms use).
pub const PASSWORD_FIELDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "current_password",
    "currentpassword",
    "j_password",
    "userpassword",
];

/// Whether a form or JSON field's name is a sign-in's password ([`PASSWORD_FIELDS`], any case).
pub fn is_password_field(name: &str) -> bool {
    PASSWORD_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Whether a form or JSON field's name is a sign-in's user ([`USER_FIELDS`], any case).
pub fn is_user_field(name: &str) -> bool {
    USER_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Form and JSON field names of the user in a sign-in request.
pub const USER_FIELDS: &[&str] = &[
    "username",
    "user",
    "login",
    "email",
    "user_name",
    "userid",
    "user_id",
    "account",
    "loginid",
    "login_id",
    "j_username",
];

/// Windows integrated sign-on's schemes: the browser answers them by itself, for sites it is
/// told to, on any request (an intranet page's images too), never script.
pub const INTEGRATED_AUTH_SCHEMES: &[&str] = &["negotiate", "ntlm", "kerberos"];

/// The challenges a browser answers by itself, asking the user or the system for the
/// credential: HTTP's own Basic and Digest and Windows integrated sign-on. Any other
/// `Authorization` (a Bearer token) is added by the page's code.
pub const BROWSER_ANSWERED_SCHEMES: &[&str] = &["basic", "digest", "negotiate", "ntlm", "kerberos"];

/// A server's words for a token it was sent and refused (lowercase): what servers say of a bad
/// token rather than of a missing one (GitHub answers a missing token "Requires
/// authentication", a bad one "Bad credentials"; Spotify "No token provided" and "Invalid
/// access token"). FastAPI's security tutorial, which a great many APIs follow, answers any token
/// PyJWT refuses "Could not validate credentials" (a missing one "Not authenticated"), under a
/// bare `Bearer` challenge (the lab's fastapi-jwt-expired); PyJWT's own words for an expired or
/// altered token are "Signature has expired" and "Signature verification failed". express-jwt's
/// "invalid signature" and jose's "no applicable key" (key set lookup) are a token judged too.
pub const TOKEN_REFUSED_WORDS: &[&str] = &[
    "could not validate credentials",
    "signature has expired",
    "signature verification failed",
    "invalid access token",
    "invalid token",
    "token is invalid",
    "token expired",
    "token has expired",
    "token is expired",
    "expired token",
    "jwt expired",
    "invalid jwt",
    "jwt malformed",
    "bad credentials",
    "invalid signature",
    "no applicable key",
];

/// A server's words (lowercase) that name a token's expiry: express-jwt's "jwt expired",
/// @fastify/jwt's "Authorization token expired", PyJWT's "Signature has expired", jose's "\"exp\"
/// claim timestamp check failed". Not a session's, a password's or a refresh token's expiry.
pub const TOKEN_EXPIRED_PHRASES: &[&str] = &[
    "jwt expired",
    "token expired",
    "token has expired",
    "token is expired",
    "expired token",
    "expired jwt",
    "signature has expired",
    "\"exp\" claim",
    "'exp' claim",
    "exp claim",
];

/// A server's words (lowercase) for a token whose signature did not verify: jsonwebtoken's and
/// express-jwt's "invalid signature" (the lab's express-jwt-wrong-secret; Spring's "Signed JWT
/// rejected: Invalid signature", the Firebase Admin SDK's "has invalid signature" too), jose's and
/// PyJWT's "signature verification failed", golang-jwt's and fast-jwt's "signature is invalid"
/// (@fastify/jwt's "Authorization token is invalid: The token signature is invalid.", the lab's
/// fastify-jwt-wrong-secret), jjwt's "JWT
/// signature does not match locally computed signature", Microsoft.IdentityModel's "IDX10511:
/// Signature validation failed" and ASP.NET's "The signature is invalid".
pub const SIGNATURE_REFUSED_PHRASES: &[&str] = &[
    "invalid signature",
    "signature verification failed",
    "signature is invalid",
    "signature does not match",
    "signature validation failed",
    "invalid token signature",
];

/// A server's words (lowercase) for a token none of its keys can check: jose's "no applicable key
/// found in the JSON Web Key Set" (Auth0's express-oauth2-jwt-bearer; the lab's
/// jwks-key-rotated), ASP.NET's "The signature key was not found", jwks-rsa's "Unable to find a
/// signing key that matches", Spring's "no matching key(s) found", Microsoft.IdentityModel's
/// "IDX10501: Signature validation failed. Unable to match key" (after a key rotation) and
/// "IDX10500: … No security keys were provided".
pub const NO_SIGNING_KEY_PHRASES: &[&str] = &[
    "no applicable key",
    "signature key was not found",
    "unable to find a signing key",
    "no matching key",
    "signing key not found",
    "unable to match key",
    "no security keys were provided",
];

/// Words by which a response body (of a 403, say) tells that authentication, not
/// permission, is the problem.
pub const AUTH_BODY_WORDS: &[&str] = &[
    "api key",
    "api_key",
    "apikey",
    "token",
    "credential",
    "unauthenticated",
    "not authenticated",
    "authentication",
    "unauthorized",
    "login required",
    "session expired",
    "csrf",
];

/// GraphQL error codes (`errors[].extensions.code`) that say a request was not authenticated.
/// GraphQL servers answer them with HTTP 200 (an error in a resolver) or 500 (in the context
/// function): Apollo Server's `UNAUTHENTICATED`, which its documentation has servers throw and
/// others follow (the lab's `graphql-unauthenticated`), and Hasura's `invalid-jwt`. Read in an
/// answer that opens with its `errors` (or with `"data": null` and then `errors`), of at most
/// 16 KB (`facts::classify`).
pub const GRAPHQL_AUTH_ERRORS: &[&str] = &["UNAUTHENTICATED", "invalid-jwt"];

/// Slack's Web API answers authentication failures with HTTP 200 and one of these
/// `error` codes (`{"ok": false, "error": "invalid_auth"}`).
pub const SLACK_AUTH_ERRORS: &[&str] = &[
    "invalid_auth",
    "not_authed",
    "not_bearer_token",
    "token_expired",
    "token_revoked",
    "account_inactive",
    "missing_scope",
    "no_permission",
    "ekm_access_denied",
];

/// Header names (lowercase) whose whole value, after a scheme, is a credential.
pub const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "apikey",
    "x-auth-token",
    "x-access-token",
    "x-csrf-token",
    "x-xsrf-token",
    "x-amz-security-token",
    "private-token",
    "x-goog-api-key",
    "ocp-apim-subscription-key",
    "dpop",
    "x-session-token",
    "x-refresh-token",
    "x-id-token",
    // Subprotocol lists that browsers' WebSocket API abuses to carry a bearer token.
    "sec-websocket-protocol",
];

/// Header names that contain a credential word but hold none: challenges, their
/// answers' metadata, WebSocket handshake nonces. (`Access-Control-*` lists header
/// *names*, so it is never a credential either.)
pub const NOT_CREDENTIAL_HEADERS: &[&str] = &[
    "www-authenticate",
    "proxy-authenticate",
    "authentication-info",
    "proxy-authentication-info",
    "sec-websocket-key",
    "sec-websocket-accept",
];

/// Words that make any header name a credential's (`x-my-token`, `x-session-id`).
pub const CREDENTIAL_HEADER_WORDS: &[&str] = &[
    "auth",
    // A CSRF token (`X-CSRF`, `X-XSRF`), tied to the session: kept and redacted as one.
    "csrf",
    "xsrf",
    "token",
    "secret",
    "password",
    "passwd",
    "key",
    "signature",
    "session",
    "credential",
];

/// Query, form and JSON keys (lowercase, `-` as `_`) whose value is a credential.
pub const CREDENTIAL_PARAMS: &[&str] = &[
    "code",
    "key",
    "sig",
    "signature",
    "auth",
    "password",
    "passwd",
    "pass",
    "pwd",
    "assertion",
    "client_assertion",
    "otp",
    "session",
    "sid",
    "jwt",
    "state",
    "code_verifier",
    "ticket",
    "pin",
    "hmac",
    "totp",
    "authorization",
    "cookie",
    "samlresponse",
    "samlrequest",
    "auth_code",
    "authorization_code",
    "device_code",
    "user_code",
    "otp_code",
    "mfa_code",
    "sms_code",
    "verification_code",
    "one_time_code",
    "jsessionid",
    "phpsessid",
];

/// Words that make any key a credential's (`refresh_token`, `client_secret`).
pub const CREDENTIAL_PARAM_WORDS: &[&str] = &[
    "token",
    // A CSRF token field (csurf's and Spring's `_csrf`).
    "csrf",
    "xsrf",
    "secret",
    "api_key",
    "apikey",
    "password",
    "passphrase",
    "credential",
    "session",
    "signature",
    "private_key",
    "privatekey",
    "access_key",
    "subscription_key",
    "signing_key",
];

/// Keys that name a token without holding one (`token_type`, `expires_in`).
pub const NOT_CREDENTIAL_PARAMS: &[&str] = &[
    "token_type",
    "token_type_hint",
    "token_use",
    "token_endpoint",
    "expires_in",
    "refresh_token_expires_in",
];

/// Response headers with which caches and CDNs say an answer was served from cache.
pub const CACHE_HIT_HEADERS: &[&str] = &[
    "x-cache",
    "cf-cache-status",
    "x-cache-status",
    "x-proxy-cache",
    "cdn-cache",
    "x-vercel-cache",
    "x-drupal-cache",
    "akamai-cache-status",
    "x-served-by-cache",
];

/// What servers write when a request reached them without a token (lowercase).
pub const NO_TOKEN_PHRASES: &[&str] = &[
    "no token",
    "token not found",
    "no auth token",
    "missing token",
    "token is missing",
    "token missing",
    "missing bearer",
    "no bearer",
    "missing authorization",
    "authorization header is missing",
    "authorization header missing",
    "no authorization header",
    "no authorization token",
    "authorization header not found",
    "not provided",
    "no credentials",
    "missing credentials",
    "credentials were not provided",
    "authentication credentials were not provided",
];

/// What servers write (lowercase) when a request came with no credentials at all and they answer
/// 403, not 401: Django REST framework's "Authentication credentials were not provided." (its
/// SessionAuthentication offers no challenge), and the like.
pub const NOT_SIGNED_IN_PHRASES: &[&str] = &[
    "credentials were not provided",
    "not authenticated",
    "unauthenticated",
    "authentication required",
    "login required",
];

/// What token libraries write when a token's `nbf` or `iat` is after their clock (lowercase):
/// jsonwebtoken's "jwt not active", PyJWT's "the token is not yet valid", golang-jwt's "token
/// is not valid yet", Nimbus' "jwt before use time", Spring's "jwt used before", Microsoft's
/// IDX10222 "not yet valid". jose only names the claim (`"nbf" claim timestamp check failed`):
/// `jwt-not-yet-valid` also looks for the claim's name as a word.
pub const NOT_YET_VALID_PHRASES: &[&str] = &[
    "not yet valid",
    "not valid yet",
    "jwt not active",
    "token not active",
    "before use time",
    "jwt used before",
    "immature",
    "issued in the future",
];

/// What token libraries and API middleware say of a token or `Authorization` value they could
/// not even parse (lower case): jose's "Invalid Compact JWS" and "JWS Protected Header is
/// invalid" (a token in quotes), jsonwebtoken's "jwt malformed", golang-jwt's "token is
/// malformed" and "invalid number of segments", PyJWT's "Not enough segments" and padding
/// errors, Nimbus' "Missing part delimiters" and "Invalid JWT serialization", Microsoft's
/// IDX14100 "not well formed" and IDX12741 "must have three segments", express-jwt's "Format is
/// Authorization: Bearer [token]". Each names the token or the header: "Malformed JSON" is about
/// a body.
pub const MALFORMED_TOKEN_PHRASES: &[&str] = &[
    "jwt malformed",
    "token is malformed",
    "malformed token",
    "malformed jwt",
    "malformed bearer",
    "malformed authorization",
    "authorization header is malformed",
    "invalid compact jws",
    "invalid compact jwe",
    "protected header is invalid",
    "must be a top-level json object",
    "invalid number of segments",
    "not enough segments",
    "invalid header padding",
    "invalid payload padding",
    "invalid crypto padding",
    "missing part delimiters",
    "missing dot delimiter",
    "invalid jwt serialization",
    "jwt is not well formed",
    "must have three segments",
    "format is authorization",
];

/// OAuth error codes an authorization endpoint shows on its error page (RFC 6749
/// §4.1.2.1 and providers' own: `invalid_redirect_uri` is oidc-provider's and
/// Keycloak's name for an unregistered callback).
pub const AUTHORIZE_ERRORS: &[&str] = &[
    "redirect_uri_mismatch",
    "invalid_redirect_uri",
    "invalid_client",
    "unauthorized_client",
    "invalid_scope",
    "unsupported_response_type",
    "access_denied",
    "invalid_request",
];

/// What sign-in libraries say (lowercase) when a callback comes back and the sign-in it belongs
/// to cannot be found: the state (nonce, PKCE verifier) they kept for it, most often in a cookie
/// set as the browser left for the provider, is missing or is another sign-in's.
pub const SIGNIN_STATE_LOST_PHRASES: &[&str] = &[
    // express-openid-connect 3 (its transaction cookie; recorded in the lab)
    "\"auth_verification\" cookie not found",
    // openid-client 6 (over oauth4webapi: express-openid-connect 3's state check)
    "unexpected \"state\" response parameter value",
    // openid-client 4 and 5 (express-openid-connect 2, NestJS and Passport set-ups)
    "checks.state argument is missing",
    "state mismatch",
    "did not find expected authorization request details in session",
    // passport-oauth2 and passport-openidconnect
    "unable to verify authorization request state",
    "invalid authorization request state",
    // ASP.NET Core's remote authentication
    "the oauth state was missing or invalid",
    "correlation failed",
    // NextAuth.js 4 and Auth.js 5
    "state cookie was missing",
    "state value could not be parsed",
    "code_verifier cookie was missing",
    "code_verifier value could not be parsed",
    // Spring Security's OAuth 2.0 login
    "authorization_request_not_found",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A URL names a sign-in page exactly where its path, in lowercase, holds one of the words:
    /// the words are found by their `/` or `g` wherever they are, in any case, and nowhere
    /// else.
    #[test]
    fn a_login_url_is_found_as_a_search_for_each_word_finds_it() {
        let searched = |url: &str| {
            let path = crate::http::site::without_query(url).to_ascii_lowercase();
            LOGIN_URL_WORDS.iter().any(|w| path.contains(w))
        };
        // Each word is one of the two kinds, its `g` where the pass looks for it.
        for w in LOGIN_URL_WORDS {
            let slash = w.starts_with('/') && SLASH_WORDS.iter().any(|s| w.contains(s));
            let g = G_WORDS
                .iter()
                .any(|(g, at)| g == w && w.find('g') == Some(*at));
            assert!(slash || g, "{w}");
        }
        // And they look for no word the list does not have.
        for w in SLASH_WORDS.iter().chain(G_WORDS.iter().map(|(w, _)| w)) {
            assert!(LOGIN_URL_WORDS.contains(w), "{w}");
        }
        let mut urls = vec![
            "https://app.example.test/api/orders?next=/login".to_owned(),
            "https://example.test/#/signin".to_owned(),
            "https://example.test/lo".to_owned(),
            "https://example.test/g".to_owned(),
            "g/sso".to_owned(),
            "".to_owned(),
        ];
        for w in LOGIN_URL_WORDS {
            let upper = w.to_ascii_uppercase();
            let cut = &w[..w.len() - 1]; // boundary: the words are ASCII
            for around in ["", "g", "/", "x/", "é"] {
                for word in [*w, upper.as_str(), cut] {
                    urls.push(format!("https://id.example.test/{around}{word}{around}/cb"));
                    urls.push(format!("{word}{around}"));
                    urls.push(format!("https://example.test/a?{word}"));
                }
            }
        }
        let mut found = 0;
        for url in &urls {
            assert_eq!(looks_like_login_url(url), searched(url), "{url}");
            found += usize::from(searched(url));
        }
        assert!(
            found > urls.len() / 3 && found < urls.len(),
            "{found} of {}",
            urls.len()
        );
    }

    /// The test that lets most request bodies skip being read for a password field must let
    /// through every body that names one, in any case.
    #[test]
    fn every_password_field_may_name_a_password() {
        for name in PASSWORD_FIELDS {
            for spelled in [name.to_string(), name.to_ascii_uppercase(), {
                let mut c = name.chars();
                c.next().map_or(String::new(), |f| {
                    f.to_ascii_uppercase().to_string() + c.as_str()
                })
            }] {
                assert!(
                    may_name_a_password(&format!(r#"{{"{spelled}":"x"}}"#)),
                    "{spelled}"
                );
                assert!(
                    may_name_a_password(&format!("a=1&{spelled}=x")),
                    "{spelled}"
                );
            }
        }
        for text in [
            "",
            "p",
            "pas",
            "pw",
            "{\"user\":\"x\",\"passcode\"",
            "a=1&PwD",
        ] {
            assert_eq!(
                may_name_a_password(text),
                text.to_ascii_lowercase().contains("pass")
                    || text.to_ascii_lowercase().contains("pwd"),
                "{text}"
            );
        }
        assert!(!may_name_a_password(r#"{"user":"x","q":"p ass"}"#));
    }

    #[test]
    fn a_login_url_is_known_by_its_path() {
        assert!(looks_like_login_url("https://a.test/Account/LogIn?next=/x"));
        assert!(looks_like_login_url(
            "https://accounts.google.com/o/oauth2/v2/auth"
        ));
        assert!(!looks_like_login_url(
            "https://a.test/api/items?next=/login"
        ));
        assert!(!looks_like_login_url("https://a.test/api#/signin"));
    }

    #[test]
    fn api_key_names_ignore_case_and_underscores() {
        // Every name of the list, as written there and in upper case.
        let listed = [
            "x-api-key",
            "api-key",
            "apikey",
            "x-apikey",
            "key",
            "api-token",
            "x-api-token",
            "x-goog-api-key",
            "ocp-apim-subscription-key",
            "x-functions-key",
            "private-token",
            "x-auth-key",
            "x-access-key",
            "access-key",
            "subscription-key",
            "x-subscription-key",
        ];
        for name in listed {
            assert!(is_api_key_name(name), "{name}");
            assert!(is_api_key_name(&name.to_ascii_uppercase()), "{name}");
        }
        for name in [
            "X-API-Key",
            "x_api_key",
            "API_KEY",
            "apikey",
            "Ocp-Apim-Subscription-Key",
            "X-Goog-Api-Key",
            "KEY",
        ] {
            assert!(is_api_key_name(name), "{name}");
        }
        // Near misses, a name longer than any of the list, and non-ASCII text.
        let long = "x-api-key-".repeat(10);
        for name in [
            "x-api-keys",
            "api key",
            "authorization",
            "",
            &long,
            "ｘ-api-key",
            "x-api-kéy",
        ] {
            assert!(!is_api_key_name(name), "{name}");
        }
    }
}
