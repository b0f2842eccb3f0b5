//! Chrome's own reasons (DevTools protocol enums) as catalog words.

/// `chrome_cors_*` words the catalogs define.
pub(crate) const CORS: &[(&str, &str)] = &[
    (
        "MissingAllowOriginHeader",
        "chrome_cors_MissingAllowOriginHeader",
    ),
    ("AllowOriginMismatch", "chrome_cors_AllowOriginMismatch"),
    (
        "WildcardOriginNotAllowed",
        "chrome_cors_WildcardOriginNotAllowed",
    ),
    (
        "MultipleAllowOriginValues",
        "chrome_cors_MultipleAllowOriginValues",
    ),
    (
        "InvalidAllowOriginValue",
        "chrome_cors_InvalidAllowOriginValue",
    ),
    (
        "InvalidAllowCredentials",
        "chrome_cors_InvalidAllowCredentials",
    ),
    (
        "PreflightInvalidStatus",
        "chrome_cors_PreflightInvalidStatus",
    ),
    (
        "PreflightDisallowedRedirect",
        "chrome_cors_PreflightDisallowedRedirect",
    ),
    (
        "PreflightMissingAllowOriginHeader",
        "chrome_cors_PreflightMissingAllowOriginHeader",
    ),
    (
        "PreflightAllowOriginMismatch",
        "chrome_cors_PreflightAllowOriginMismatch",
    ),
    (
        "PreflightWildcardOriginNotAllowed",
        "chrome_cors_PreflightWildcardOriginNotAllowed",
    ),
    (
        "PreflightMultipleAllowOriginValues",
        "chrome_cors_PreflightMultipleAllowOriginValues",
    ),
    (
        "PreflightInvalidAllowOriginValue",
        "chrome_cors_PreflightInvalidAllowOriginValue",
    ),
    (
        "PreflightInvalidAllowCredentials",
        "chrome_cors_PreflightInvalidAllowCredentials",
    ),
    (
        "MethodDisallowedByPreflightResponse",
        "chrome_cors_MethodDisallowedByPreflightResponse",
    ),
    (
        "HeaderDisallowedByPreflightResponse",
        "chrome_cors_HeaderDisallowedByPreflightResponse",
    ),
    (
        "InvalidAllowMethodsPreflightResponse",
        "chrome_cors_InvalidAllowMethodsPreflightResponse",
    ),
    (
        "InvalidAllowHeadersPreflightResponse",
        "chrome_cors_InvalidAllowHeadersPreflightResponse",
    ),
    ("DisallowedByMode", "chrome_cors_DisallowedByMode"),
    ("CorsDisabledScheme", "chrome_cors_CorsDisabledScheme"),
    (
        "RedirectContainsCredentials",
        "chrome_cors_RedirectContainsCredentials",
    ),
    ("InvalidResponse", "chrome_cors_InvalidResponse"),
    (
        "InsecurePrivateNetwork",
        "chrome_cors_InsecurePrivateNetwork",
    ),
    (
        "PreflightMissingAllowPrivateNetwork",
        "chrome_cors_PreflightMissingAllowPrivateNetwork",
    ),
    (
        "UnexpectedPrivateNetworkAccess",
        "chrome_cors_UnexpectedPrivateNetworkAccess",
    ),
    (
        "LocalNetworkAccessPermissionDenied",
        "chrome_cors_LocalNetworkAccessPermissionDenied",
    ),
];

/// `chrome_cookie_*` words the catalogs define.
pub(crate) const COOKIE: &[(&str, &str)] = &[
    ("SecureOnly", "chrome_cookie_SecureOnly"),
    ("NotOnPath", "chrome_cookie_NotOnPath"),
    ("DomainMismatch", "chrome_cookie_DomainMismatch"),
    ("SameSiteStrict", "chrome_cookie_SameSiteStrict"),
    ("SameSiteLax", "chrome_cookie_SameSiteLax"),
    (
        "SameSiteUnspecifiedTreatedAsLax",
        "chrome_cookie_SameSiteUnspecifiedTreatedAsLax",
    ),
    ("SameSiteNoneInsecure", "chrome_cookie_SameSiteNoneInsecure"),
    ("UserPreferences", "chrome_cookie_UserPreferences"),
    ("ThirdPartyPhaseout", "chrome_cookie_ThirdPartyPhaseout"),
    (
        "ThirdPartyBlockedInFirstPartySet",
        "chrome_cookie_ThirdPartyBlockedInFirstPartySet",
    ),
    (
        "SchemefulSameSiteStrict",
        "chrome_cookie_SchemefulSameSiteStrict",
    ),
    ("SchemefulSameSiteLax", "chrome_cookie_SchemefulSameSiteLax"),
    (
        "SchemefulSameSiteUnspecifiedTreatedAsLax",
        "chrome_cookie_SchemefulSameSiteUnspecifiedTreatedAsLax",
    ),
    (
        "NameValuePairExceedsMaxSize",
        "chrome_cookie_NameValuePairExceedsMaxSize",
    ),
    ("PortMismatch", "chrome_cookie_PortMismatch"),
    ("SchemeMismatch", "chrome_cookie_SchemeMismatch"),
];

/// `chrome_setcookie_*` words the catalogs define.
pub(crate) const SET_COOKIE: &[(&str, &str)] = &[
    ("SecureOnly", "chrome_setcookie_SecureOnly"),
    ("SameSiteStrict", "chrome_setcookie_SameSiteStrict"),
    ("SameSiteLax", "chrome_setcookie_SameSiteLax"),
    (
        "SameSiteUnspecifiedTreatedAsLax",
        "chrome_setcookie_SameSiteUnspecifiedTreatedAsLax",
    ),
    (
        "SameSiteNoneInsecure",
        "chrome_setcookie_SameSiteNoneInsecure",
    ),
    ("UserPreferences", "chrome_setcookie_UserPreferences"),
    ("ThirdPartyPhaseout", "chrome_setcookie_ThirdPartyPhaseout"),
    (
        "ThirdPartyBlockedInFirstPartySet",
        "chrome_setcookie_ThirdPartyBlockedInFirstPartySet",
    ),
    ("SyntaxError", "chrome_setcookie_SyntaxError"),
    ("SchemeNotSupported", "chrome_setcookie_SchemeNotSupported"),
    ("OverwriteSecure", "chrome_setcookie_OverwriteSecure"),
    ("InvalidDomain", "chrome_setcookie_InvalidDomain"),
    ("InvalidPrefix", "chrome_setcookie_InvalidPrefix"),
    (
        "NameValuePairExceedsMaxSize",
        "chrome_setcookie_NameValuePairExceedsMaxSize",
    ),
    (
        "DisallowedCharacter",
        "chrome_setcookie_DisallowedCharacter",
    ),
    ("NoCookieContent", "chrome_setcookie_NoCookieContent"),
];

use crate::value::Value;

fn word(table: &[(&str, &'static str)], code: &str) -> Value {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| Value::text(code), |(_, key)| Value::Word(key))
}

/// Chrome's words for a `CorsError` (as its console says it), or the code itself.
pub fn cors_label(code: &str) -> Value {
    word(CORS, code)
}

/// The title of the issue Chrome's DevTools Issues panel files a `CorsError` under (as
/// DevTools writes it, in English: the panel shows these titles untranslated), so a
/// user can find the same verdict there. From devtools-frontend
/// `front_end/models/issues_manager/CorsIssue.ts` and its `descriptions/cors*.md`.
pub fn cors_issue_title(code: &str) -> Option<&'static str> {
    Some(match code {
        "InvalidAllowMethodsPreflightResponse"
        | "InvalidAllowHeadersPreflightResponse"
        | "PreflightMissingAllowOriginHeader"
        | "PreflightMultipleAllowOriginValues"
        | "PreflightInvalidAllowOriginValue"
        | "MissingAllowOriginHeader"
        | "MultipleAllowOriginValues"
        | "InvalidAllowOriginValue" => "Ensure CORS response header values are valid",
        "PreflightWildcardOriginNotAllowed" | "WildcardOriginNotAllowed" => {
            "Ensure credentialed requests aren’t sent to CORS resources with origin wildcards"
        }
        "PreflightInvalidStatus" | "PreflightDisallowedRedirect" => {
            "Ensure preflight responses are valid"
        }
        "AllowOriginMismatch" | "PreflightAllowOriginMismatch" => {
            "Ensure CORS requesting origin matches resource’s allowed origin"
        }
        "InvalidAllowCredentials" | "PreflightInvalidAllowCredentials" => {
            "Ensure CORS requests include credentials only when allowed"
        }
        "MethodDisallowedByPreflightResponse" => "Ensure CORS request uses allowed method",
        "HeaderDisallowedByPreflightResponse" => {
            "Ensure CORS request includes only allowed headers"
        }
        "RedirectContainsCredentials" => {
            "Ensure CORS requests aren’t redirected to URLs containing credentials"
        }
        _ => return None,
    })
}

/// Why Chrome held a cookie back from a request (`CookieBlockedReason`).
pub fn cookie_reason(code: &str) -> Value {
    word(COOKIE, code)
}

/// Why Chrome refused to store a cookie (`SetCookieBlockedReason`).
pub fn set_cookie_reason(code: &str) -> Value {
    word(SET_COOKIE, code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lang, Options};

    #[test]
    fn every_cors_error_with_an_issues_panel_description_has_its_title() {
        // DevTools files these under an issue without a description page (CorsIssue.ts
        // returns null) or under Private Network Access titles why401 does not show.
        let untitled = [
            "DisallowedByMode",
            "CorsDisabledScheme",
            "InvalidResponse",
            "InsecurePrivateNetwork",
            "PreflightMissingAllowPrivateNetwork",
            "UnexpectedPrivateNetworkAccess",
            "LocalNetworkAccessPermissionDenied",
        ];
        for (code, _) in CORS {
            let title = cors_issue_title(code);
            assert_eq!(
                title.is_none(),
                untitled.contains(code),
                "{code}: {title:?}"
            );
            assert!(title.is_none_or(|t| t.starts_with("Ensure ")), "{code}");
        }
        assert_eq!(cors_issue_title("SomethingNew"), None);
    }

    #[test]
    fn every_reason_has_words_in_both_languages_and_unknown_codes_show_as_they_are() {
        for (code, _) in CORS.iter().chain(COOKIE).chain(SET_COOKIE) {
            for lang in [Lang::En, Lang::Ja] {
                let opts = Options {
                    lang,
                    ..Options::default()
                };
                for v in [
                    cors_label(code),
                    cookie_reason(code),
                    set_cookie_reason(code),
                ] {
                    let shown = v.show(&opts);
                    assert!(
                        !shown.is_empty() && !shown.starts_with("chrome_"),
                        "{code} {lang:?}: {shown}"
                    );
                }
            }
        }
        let opts = Options::default();
        assert_eq!(cors_label("SomethingNew").show(&opts), "SomethingNew");
    }
}
