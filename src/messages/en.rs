//! English messages.

use super::Msg;

/// Interface words.
pub static UI: &[(&str, &str)] = &[
    ("other_findings", "Other findings (requests that did not fail)"),
    ("cookies", "cookies"),
    ("authorization-header", "an Authorization header"),
    ("yes", "yes"),
    ("certain", "certain"),
    ("likely", "likely"),
    ("possible", "possible"),
    ("no", "no"),
    ("ahead", "ahead of"),
    ("behind", "behind"),
    ("header", "header"),
    ("query", "query string"),
    ("user-id", "user-id"),
    ("password", "password"),
    ("body", "request body"),
    ("none", "none"),
    ("no_failures", "No authentication failures found."),
    ("failures", "authentication failures"),
    ("entries", "entries"),
    ("primary_cause", "Primary cause"),
    ("also", "Also consider"),
    ("evidence", "Evidence"),
    ("fixes", "Fix"),
    ("references", "References"),
    ("confidence", "confidence"),
    ("parse_issues", "Reading issues"),
    ("file_findings", "About this capture"),
    ("environment", "Environment"),
    ("request", "Request"),
    ("expected", "Expected"),
    ("observed", "Observed"),
    (
        "expected_text",
        "The request is authenticated and succeeds (2xx).",
    ),
    ("observed_text", "The server answered {status} ({kind})."),
    ("cause", "Cause"),
    ("reproduce", "Reproduce (secrets redacted)"),
    ("summary", "Summary by cause"),
    ("report_title", "why401 report"),
    ("captured_by", "Captured by"),
    ("no_response", "no response"),
    // The page and the shared renderer (src/wasm/, www/).
    ("ui_failing_requests", "Failing requests"),
    ("ui_filters", "Filters"),
    ("ui_show", "Show"),
    ("ui_failures_only", "Failures only"),
    ("ui_all_entries", "All entries"),
    ("ui_all_causes", "All causes"),
    ("ui_all_hosts", "All hosts"),
    ("ui_no_match", "No request matches the filters."),
    ("ui_select_hint", "Select a request to see why it failed."),
    ("ui_not_failing", "This request did not fail authentication."),
    ("ui_request_headers", "Request headers (secrets redacted)"),
    ("ui_response_headers", "Response headers"),
    ("ui_copy_curl", "Copy as curl (redacted)"),
    ("ui_copied", "Copied"),
    ("ui_timeline", "Timeline of related requests"),
    ("ui_entry", "Entry"),
    ("ui_more_entries", "Only the first {shown} of {total} entries are listed."),
    ("ui_status", "Status"),
    ("ui_started", "Started"),
    ("ui_host", "Host"),
    ("ui_page_title", "why401: why did this request fail authentication?"),
    ("ui_tagline", "Open a HAR file to see why requests failed authentication. The file is analysed inside this tab: nothing is uploaded."),
    ("ui_open_file", "Open a HAR file…"),
    ("ui_drop_here", "or drop it anywhere on this page, or paste its text."),
    ("ui_paste_label", "Paste HAR text"),
    ("ui_analyse", "Analyse"),
    ("ui_load_sample", "Try the sample"),
    ("ui_cancel", "Cancel"),
    ("ui_cancelled", "Analysis cancelled."),
    ("ui_phase_reading", "Reading the file…"),
    ("ui_phase_parsing", "Reading the HAR…"),
    ("ui_phase_analysing", "Analysing…"),
    ("ui_phase_restarting", "An internal error hit one request: analysing again without it…"),
    ("ui_too_large", "This file ({size}) is too large to analyse in a browser tab (limit {limit}). Use the command-line tool instead: why401 FILE.har"),
    ("ui_out_of_memory", "The browser ran out of memory analysing this file. Use the command-line tool instead: why401 FILE.har"),
    ("ui_error", "This file could not be analysed"),
    ("ui_export", "Export"),
    ("ui_export_markdown", "Markdown (for a ticket)"),
    ("ui_export_json", "JSON report"),
    ("ui_export_sanitized", "Sanitized HAR + receipt"),
    ("ui_language", "Language"),
    ("ui_theme", "Theme"),
    ("ui_theme_auto", "Auto"),
    ("ui_theme_light", "Light"),
    ("ui_theme_dark", "Dark"),
    ("ui_privacy", "Runs entirely in your browser (WebAssembly). No data leaves this tab."),
    ("ui_loaded", "{name}: {entries} entries, {failures} authentication failures"),
];

/// Every message.
pub static MESSAGES: &[Msg] = &[
    Msg {
        id: "jwt-audience-mismatch",
        title: "The token is for another audience ({aud}), not {host}",
        explanation: "The token's aud claim names {aud}; this request went to {host}. APIs reject tokens issued for another audience even when they are valid and unexpired. The client asked for the token with the wrong audience/resource, or a base URL points part of the app at another API.",
        fixes: &[
            "Request the token for this API: the audience/resource parameter (or the API's scope) must name {host}.",
            "Check the base URL and the configuration the client reads for this environment.",
        ],
    },
    Msg {
        id: "jwt-audience-mismatch.environment",
        title: "A token for the {env} environment ({aud}) was sent to {host}",
        explanation: "The token's audience belongs to another environment ({env}) than the host it was sent to ({host}). Environments have their own issuers and audiences, so the API rejects it. Usually one setting (an environment variable, a base URL, a cached token from another environment) is mixed up.",
        fixes: &[
            "Check the environment variables and base URLs of this build: the token endpoint, the audience and the API host must belong to one environment.",
            "Clear tokens cached from another environment (storage, cookies) and sign in again.",
        ],
    },
    Msg {
        id: "credential-stopped-working.token",
        title: "The same token was accepted {elapsed} earlier (entry {earlier}) and is refused now",
        explanation: "Entry {earlier} succeeded with exactly this Authorization value, so the token was valid and is not malformed; nothing shows it expired. The server ended it in between: revoked (sign-out, password change, admin action), superseded by a refresh elsewhere, or forgotten by a server whose token store was reset.",
        fixes: &[
            "Check the server's logs or the identity provider's audit log for a revocation or sign-out at that time.",
            "Make the client treat this 401 as \"signed out\": refresh or sign in again instead of retrying with the same token.",
        ],
    },
    Msg {
        id: "credential-stopped-working.cookie",
        title: "The same session cookies worked {elapsed} earlier (entry {earlier}) and are refused now",
        explanation: "Entry {earlier} succeeded with these exact cookies, so the session existed. The server ended it in between: a sign-out (perhaps in another tab), the session store's expiry or eviction, or a restart of an in-memory session store.",
        fixes: &[
            "Check the session lifetime (idle and absolute timeouts) and the session store: TTL, memory limits, restarts.",
            "If users are signed out while active, use a sliding expiry or refresh the session on activity.",
        ],
    },
    Msg {
        id: "credential-stopped-working.flapping",
        title: "The same credential is accepted (entries {earlier}, {later}) and refused in between",
        explanation: "Identical credentials succeed in entry {earlier}, fail here, and succeed again in entry {later}. The credential is fine; the servers disagree. Typically several instances behind a load balancer that do not share sessions or signing keys, or a cache in front of one of them.",
        fixes: &[
            "Share sessions between instances (a common session store) or enable sticky sessions on the load balancer.",
            "Make every instance trust the same token signing keys and configuration.",
        ],
    },
    Msg {
        id: "cors-blocked.preflight-status",
        title: "Blocked by CORS: its preflight (entry {preflight}) was answered {detail}",
        explanation: "The browser sent a preflight before this request from {origin} and got {detail}. A preflight must answer 2xx, and it never carries credentials, so an authentication check on OPTIONS blocks every such request. This request, with its {credentials}, was never sent.",
        fixes: &[
            "Answer OPTIONS preflights before authentication (CORS middleware before auth middleware, or exempt OPTIONS) with 204 and the Access-Control-Allow-* headers.",
        ],
    },
    Msg {
        id: "cors-blocked.header-not-allowed",
        title: "Blocked by CORS: the preflight does not allow the `{detail}` header",
        explanation: "The preflight (entry {preflight}) answered without `{detail}` in Access-Control-Allow-Headers, so the browser refused to send the request from {origin}. `Access-Control-Allow-Headers: *` never covers Authorization, and covers nothing when cookies are sent.",
        fixes: &[
            "List the header explicitly: `Access-Control-Allow-Headers: {detail}` (plus any other custom headers the client sends).",
            "In CORS configuration libraries this is usually `allowedHeaders` / `AllowedHeaders`; a wildcard there is not enough for Authorization.",
        ],
    },
    Msg {
        id: "cors-blocked.method-not-allowed",
        title: "Blocked by CORS: the preflight does not allow the method {detail}",
        explanation: "The preflight (entry {preflight}) did not list {detail} in Access-Control-Allow-Methods (methods compare case-sensitively, and `*` does not apply with credentials), so the request from {origin} was never sent.",
        fixes: &["Add the method to `Access-Control-Allow-Methods`, spelled in upper case as the client sends it."],
    },
    Msg {
        id: "cors-blocked.bad-list",
        title: "Blocked by CORS: the preflight's Access-Control-Allow-* list is malformed",
        explanation: "Access-Control-Allow-Methods or -Headers in the preflight (entry {preflight}) contains something that is not a method or header name (spaces inside a name, for example), and browsers reject the whole preflight.",
        fixes: &["Send comma-separated header names and methods only, e.g. `Access-Control-Allow-Headers: authorization, content-type`."],
    },
    Msg {
        id: "cors-blocked.no-allow-origin",
        title: "Blocked by CORS: no Access-Control-Allow-Origin for {origin}",
        explanation: "The server's answer to this cross-origin request (with {credentials}) has no Access-Control-Allow-Origin, so the browser hid it from the page. Error and auth responses often lack CORS headers because the framework writes them in a different code path (a gateway or auth middleware that rejects before the CORS middleware runs).",
        fixes: &[
            "Send `Access-Control-Allow-Origin: {origin}` on every response to this origin, including errors and 401s.",
            "With cookies also send `Access-Control-Allow-Credentials: true`.",
        ],
    },
    Msg {
        id: "cors-blocked.wildcard-with-credentials",
        title: "Blocked by CORS: `Access-Control-Allow-Origin: *` with credentials",
        explanation: "This request from {origin} carried {credentials}, and browsers never accept the wildcard origin for credentialed requests, so the answer was hidden from the page.",
        fixes: &[
            "Echo the requesting origin from an allow-list (`Access-Control-Allow-Origin: {origin}`), add `Vary: Origin`, and send `Access-Control-Allow-Credentials: true`.",
        ],
    },
    Msg {
        id: "cors-blocked.other-origin",
        title: "Blocked by CORS: Access-Control-Allow-Origin names {detail}, not {origin}",
        explanation: "The answer allows another origin ({detail}); the browser compares it byte for byte with the page's origin ({origin}: scheme, host and port, no trailing slash) and hid the answer.",
        fixes: &[
            "Allow this exact origin (`{origin}`), for example by echoing it from an allow-list, with `Vary: Origin`.",
            "Check for a trailing slash, another port, or http vs https in the configured origin.",
        ],
    },
    Msg {
        id: "cors-blocked.no-allow-credentials",
        title: "Blocked by CORS: credentials sent but Access-Control-Allow-Credentials is not `true`",
        explanation: "The request from {origin} carried {credentials}; for such requests the answer must also say `Access-Control-Allow-Credentials: true`, or the browser hides it from the page.",
        fixes: &["Send `Access-Control-Allow-Credentials: true` (with an explicit origin, not `*`) on responses to credentialed requests, including preflights."],
    },
    Msg {
        id: "cors-blocked.response-hidden",
        title: "Blocked by CORS after a passing preflight (entry {preflight})",
        explanation: "The preflight passed, but the browser still blocked the answer to this request from {origin}: the actual response lacked the CORS headers (often only error responses lack them) or failed the check for {credentials}.",
        fixes: &[
            "Send the same Access-Control-Allow-Origin (and -Credentials) on the actual response as on the preflight, including on 401 and other errors.",
        ],
    },
    Msg {
        id: "cors-blocked.no-preflight-seen",
        title: "Blocked by the browser (status 0) with {credentials}: most likely CORS",
        explanation: "The request from {origin} has no response and `net::ERR_FAILED`, and the capture holds no preflight for it (some tools do not record preflights). The browser console names the exact CORS header; the usual causes are a missing Access-Control-Allow-Origin on the answer, `*` with credentials, or Authorization not allowed by the preflight.",
        fixes: &[
            "Read the CORS error in the browser console, or capture with Chrome DevTools (which records preflights) and analyse again.",
            "Make sure every response to {origin}, including errors, carries Access-Control-Allow-Origin and, with cookies, Access-Control-Allow-Credentials: true.",
        ],
    },
    Msg {
        id: "token-placeholder",
        title: "The request sent the placeholder \"{value}\" instead of a credential",
        explanation: "The {where} value is \"{value}\", a programming placeholder, not a credential. The client built the header before it had a token (not signed in yet, storage cleared, a race with the login or refresh call), stringified an object, or never filled in a template.",
        fixes: &[
            "Find where the header is built and make sure the token exists first: do not send the request (or redirect to sign-in) when it is missing, instead of interpolating an empty variable.",
            "Log the type of the value you interpolate: `[object Object]` means you passed the whole token response object; use its `access_token` field.",
            "If requests fire before login completes, wait for the login or refresh promise before issuing API calls.",
        ],
    },
    Msg {
        id: "token-placeholder.empty",
        title: "The {where} header was sent empty",
        explanation: "The request carried an {where} header with no value at all. The code that attaches credentials ran, but the value it read was empty.",
        fixes: &[
            "Do not set the header when there is no credential; check where the token is read from (storage key, environment variable, cookie) and that it is set before this request.",
            "If the value comes from configuration, check that the variable is defined in this environment (a build-time variable missing in production is common).",
        ],
    },
    Msg {
        id: "authorization-malformed.scheme-only",
        title: "Authorization has the scheme \"{detail}\" but no credentials",
        explanation: "The header contains only the scheme name. The code concatenated the scheme with an empty token (`\"Bearer \" + token` where token is empty).",
        fixes: &[
            "Only add the header when the token is non-empty, and find why it is empty here (not logged in, expired session, wrong storage key).",
        ],
    },
    Msg {
        id: "authorization-malformed.double-scheme",
        title: "The scheme appears twice in Authorization (\"{detail}\")",
        explanation: "The value starts with the scheme twice. The stored token already included the scheme (for example a library stores \"Bearer eyJ…\") and the code added it again, so the server reads the word after the first scheme as the token.",
        fixes: &[
            "Store the bare token, or stop prefixing the scheme where the header is built; the header must be exactly `Bearer <token>`.",
            "Check interceptors and wrappers: two layers each adding the scheme produce this.",
        ],
    },
    Msg {
        id: "authorization-malformed.split-by-spaces",
        title: "The token in Authorization contains spaces ({detail} parts)",
        explanation: "A token68 credential (such as a Bearer token) cannot contain spaces. The server takes only the first part as the token, so the credential it checks is truncated. Usually the token was joined with another value or copied with line wrapping.",
        fixes: &[
            "Send exactly one token after the scheme; check how the value is concatenated.",
            "If it was copied from a terminal or document, copy it again without wrapping.",
        ],
    },
    Msg {
        id: "authorization-malformed.quoted",
        title: "The token in Authorization is wrapped in quotes",
        explanation: "The credential starts with {detail}. Quotes are not part of a token68 credential, so the server compares a value that includes them. This happens when a JSON string is serialized again (`JSON.stringify(token)`) or an environment file keeps the quotes.",
        fixes: &[
            "Remove the quotes: use the string value, not its JSON serialization.",
            "In `.env` files and CI secrets, check whether the quotes become part of the value.",
        ],
    },
    Msg {
        id: "authorization-malformed.unknown-scheme",
        title: "Authorization uses the unknown scheme \"{detail}\"",
        explanation: "The scheme is not a registered HTTP authentication scheme and not one of the common vendor schemes. The server does not recognise it and treats the request as unauthenticated. Often this is a typo (\"Baerer\") or the token itself sent where the scheme belongs.",
        fixes: &[
            "Use the scheme the API documents (most OAuth APIs: `Bearer`), spelled exactly.",
            "Compare with the scheme in the server's WWW-Authenticate challenge.",
        ],
    },
    Msg {
        id: "authorization-malformed.missing-scheme",
        title: "Authorization holds a bare credential without a scheme",
        explanation: "The header value is the credential alone; it looks like it should be sent as `{detail} <credential>`. Without the scheme the server cannot tell how to read the value.",
        fixes: &[
            "Prefix the scheme: `Authorization: {detail} <credential>`.",
            "If the API expects the key in another header (for example `X-API-Key`), send it there instead.",
        ],
    },
    Msg {
        id: "authorization-malformed.header-name-in-value",
        title: "The header value starts with \"Authorization:\"",
        explanation: "The value was pasted together with its header name (from curl or documentation), so the server sees \"Authorization:\" as the scheme.",
        fixes: &["Set the header value to `<scheme> <credential>` only, without the `Authorization:` prefix."],
    },
    Msg {
        id: "auth-scheme-mismatch",
        title: "The client sent {sent} credentials but the server asks for {offered}",
        explanation: "The server's WWW-Authenticate challenge offers only {offered}; credentials in the {sent} scheme are ignored as if none were sent. A client library default, an outdated integration or a switch of environments usually causes this.",
        fixes: &[
            "Authenticate with the scheme the challenge offers ({offered}); obtain the matching credential type (for Bearer: an OAuth access token).",
            "If the API moved from one scheme to another, update the client configuration for this environment.",
        ],
    },
    Msg {
        id: "basic-malformed.not-encoded",
        title: "Basic credentials were sent as plain text, not base64",
        explanation: "The value after `Basic` contains a colon, so `user:password` was sent without base64 encoding. The server decodes it as base64 and gets garbage.",
        fixes: &[
            "Send `Basic ` + base64(user + \":\" + password), e.g. `btoa(user + \":\" + password)` for ASCII or an UTF-8 aware encoder for other characters.",
            "Prefer the HTTP client's own Basic option (curl `-u user:pass`, fetch with a proper header helper) over building the header by hand.",
        ],
    },
    Msg {
        id: "basic-malformed.missing-colon",
        title: "Basic credentials have no \":\" between user and password",
        explanation: "The base64 decodes to a text without a colon, so the server cannot split it into user-id and password. Typically only the password or only the user name was encoded.",
        fixes: &["Encode the user-id, a colon and the password together: base64(\"user:password\")."],
    },
    Msg {
        id: "basic-malformed.not-base64",
        title: "Basic credentials are not valid base64 ({problem})",
        explanation: "The value after `Basic` is not standard base64 ({problem}). The server cannot decode it, so the credentials are rejected as if wrong.",
        fixes: &[
            "Encode with standard base64 (alphabet A–Z a–z 0–9 + /, with = padding), not base64url or a hex/hash of the password.",
            "Check that the value was not truncated or concatenated with other text.",
        ],
    },
    Msg {
        id: "basic-malformed.line-break",
        title: "The base64 of the Basic credentials contains a line break",
        explanation: "The encoded value has a line break at character {position}. Command-line encoders wrap long output (`base64` wraps at 76 characters) and the wrapped text was pasted into the header.",
        fixes: &[
            "Encode without wrapping: `printf %s 'user:password' | base64 -w0` (GNU) or `| base64 | tr -d '\\n'`.",
            "Let the HTTP client build the header (`curl -u user:password`).",
        ],
    },
    Msg {
        id: "basic-malformed.not-utf8",
        title: "Basic credentials are not UTF-8 (charset announced: {announced})",
        explanation: "The decoded user-id or password is not valid UTF-8; it reads as {latin1}. The client encoded non-ASCII characters in a legacy charset. When the server announced charset=\"UTF-8\" (announced: {announced}) it expects UTF-8 and compares different bytes.",
        fixes: &[
            "Encode `user:password` as UTF-8 before base64 (in JavaScript `btoa` only takes Latin-1: use `TextEncoder` and encode the bytes).",
            "If the server cannot accept UTF-8, avoid non-ASCII characters in the password.",
        ],
    },
    Msg {
        id: "basic-malformed.base64url",
        title: "Basic credentials use a base64 variant some servers reject ({problem})",
        explanation: "The value decodes only leniently ({problem}): base64url characters or missing padding. Strict servers reject it and answer 401 as if the password were wrong.",
        fixes: &["Encode with standard base64 including `=` padding."],
    },
    Msg {
        id: "credential-whitespace",
        title: "The credential contains {char} ({where}, position {position})",
        explanation: "An invisible or whitespace character is part of the credential in {where}. Credentials are compared byte for byte, so the value no longer matches. Values copied from web pages, terminals, spreadsheets or `.env` files often carry such characters.",
        fixes: &[
            "Trim the value where it is read (configuration, input field, storage) and store it without surrounding whitespace.",
            "Re-copy the credential from its source, or type it, and check it in a hex viewer if unsure.",
        ],
    },
    Msg {
        id: "credential-whitespace.echo",
        title: "The Basic {where} ends with a line feed (the `echo | base64` mistake)",
        explanation: "The decoded {where} ends with U+000A LINE FEED. `echo user:pass | base64` encodes the newline that echo adds, so the server compares \"pass\\n\" with \"pass\".",
        fixes: &[
            "Encode without the newline: `printf %s 'user:password' | base64` or `echo -n`.",
            "Regenerate the stored header or secret and redeploy.",
        ],
    },
    Msg {
        id: "credential-whitespace.basic",
        title: "The Basic {where} contains {char} at position {position}",
        explanation: "The decoded {where} contains a whitespace or invisible character. Unless it is really part of the password, the server compares a different value and refuses it.",
        fixes: &[
            "Trim the user-id and password before encoding them.",
            "If the password really contains spaces, make sure the server side stores exactly the same characters.",
        ],
    },
    Msg {
        id: "credential-fullwidth",
        title: "The credential in {where} contains {count} full-width (全角) character(s)",
        explanation: "Full-width letters, digits or the ideographic space look like their ASCII counterparts but are different characters. They are typed when a Japanese, Chinese or Korean input method is active, or come from a document that converted the text, and the server's comparison fails.",
        fixes: &[
            "Switch the input method to half-width (半角) and type the credential again.",
            "Normalize input on the client (NFKC) before sending, or reject full-width characters in credential fields with a clear message.",
        ],
    },
    Msg {
        id: "cookie-not-sent",
        title: "The cookie `{cookie}` set by entry {set_by} was not sent",
        explanation: "A response earlier in the capture (entry {set_by}) stored the cookie `{cookie}` for this site, but this request did not carry it, so the server saw an anonymous request.",
        fixes: &[
            "Compare the cookie's attributes in DevTools > Application > Cookies with this URL; the request's Cookies tab in the Network panel says why Chrome blocked a cookie.",
        ],
    },
    Msg {
        id: "cookie-not-sent.samesite",
        title: "The cookie `{cookie}` was not sent: cross-site request and {attribute}",
        explanation: "This request is cross-site (the page that made it belongs to another site), and the cookie `{cookie}` set by entry {set_by} has {attribute}. Browsers send Strict cookies on same-site requests only, and Lax cookies on same-site requests and top-level GET navigations only; Chrome treats a cookie without SameSite as Lax. A fetch or XHR from another site therefore goes without it.",
        fixes: &[
            "If the API must be called from another site, set the cookie with `SameSite=None; Secure` (HTTPS required) and call it with `credentials: \"include\"`, answering with `Access-Control-Allow-Credentials: true` and an explicit origin.",
            "Better: serve the page and the API from the same site (app.example.com and api.example.com are same-site), or send a token in the Authorization header instead of a cookie.",
        ],
    },
    Msg {
        id: "cookie-not-sent.secure",
        title: "The cookie `{cookie}` was not sent: it is Secure and this request is plain HTTP",
        explanation: "The cookie `{cookie}` set by entry {set_by} has the {attribute} attribute, so browsers send it over HTTPS only. This request uses http://, so it went without it.",
        fixes: &[
            "Serve the page and the API over HTTPS, and redirect http:// to https://.",
            "Look for a hard-coded http:// URL in the API base URL, a redirect or a proxy configuration.",
        ],
    },
    Msg {
        id: "cookie-not-sent.domain",
        title: "The cookie `{cookie}` was not sent: {attribute} does not cover {host}",
        explanation: "The cookie `{cookie}` was set by entry {set_by} for {domain} ({attribute}). A cookie without a Domain attribute is host-only: it goes back to exactly the host that set it, not to sibling hosts or subdomains; a Domain attribute covers that domain and its subdomains only. This request goes to {host}, so it went without it.",
        fixes: &[
            "If several hosts of the site share the session, set the cookie with a Domain that covers them all (`Domain=example.com` for app.example.com and api.example.com).",
            "Or send the request to the host that set the cookie (for example a same-origin `/api` path proxied to the API).",
        ],
    },
    Msg {
        id: "cookie-not-sent.path",
        title: "The cookie `{cookie}` was not sent: {attribute} does not cover {path}",
        explanation: "The cookie `{cookie}` set by entry {set_by} has {attribute}; browsers send it only to URLs under that path, and this request is for {path}. A cookie set without Path gets the directory of the URL that set it (`/auth` for `/auth/login`).",
        fixes: &[
            "Set the session cookie with `Path=/` (or a path that covers every API URL).",
        ],
    },
    Msg {
        id: "cookie-not-sent.expired",
        title: "The cookie `{cookie}` was no longer stored: deleted or expired ({attribute})",
        explanation: "The cookie `{cookie}` set by entry {set_by} had been deleted or had expired before this request ({attribute}, entry {removed_by}). A Set-Cookie with Max-Age=0 or an Expires in the past deletes the cookie, which is what a sign-out does; after it, requests are anonymous.",
        fixes: &[
            "If a sign-out (or another tab) deleted the session, sign in again; if it was not meant to, find why entry {removed_by} deleted the cookie.",
            "If the cookie simply expired, renew the session before it ends (sliding expiry) or redirect to sign-in on 401.",
        ],
    },
    Msg {
        id: "cookie-not-sent.credentials-mode",
        title: "No cookie was sent, although entry {set_by} stored `{cookie}` for this URL",
        explanation: "The cookie `{cookie}` set by entry {set_by} matches this URL by domain, path, Secure and SameSite, yet the request carried no cookie at all: it was made without credentials. fetch sends cookies to another origin only with `credentials: \"include\"` (never with `\"omit\"`), XHR only with `withCredentials = true`. A browser that blocks third-party cookies drops it as well.",
        fixes: &[
            "Call fetch with `credentials: \"include\"` (axios: `withCredentials: true`), and answer with `Access-Control-Allow-Credentials: true` and an explicit `Access-Control-Allow-Origin`.",
            "If the browser blocks third-party cookies, serve the API from the page's own site, or use a token in the Authorization header.",
        ],
    },
    Msg {
        id: "cookie-rejected",
        title: "The browser refused to store the cookie `{cookie}` set by entry {set_by}",
        explanation: "Entry {set_by} sent Set-Cookie for `{cookie}`, but with {attribute} the browser does not store it, so later requests to {host} go without it.",
        fixes: &[
            "Fix the cookie's attributes on the server; the response's Cookies tab in DevTools > Network shows why Chrome blocked it.",
        ],
    },
    Msg {
        id: "cookie-rejected.samesite-none-insecure",
        title: "The cookie `{cookie}` is refused: SameSite=None without Secure",
        explanation: "Entry {set_by} set `{cookie}` with {attribute} but without Secure. Browsers reject a SameSite=None cookie that is not Secure (Chrome since version 80), so the cookie was never stored and later requests to {host} go without it.",
        fixes: &[
            "Add Secure and serve over HTTPS: `SameSite=None; Secure`.",
            "If the cookie is not needed on cross-site requests, use `SameSite=Lax` instead.",
        ],
    },
    Msg {
        id: "cookie-rejected.secure-over-http",
        title: "The cookie `{cookie}` is refused: Secure set by a plain-HTTP response",
        explanation: "Entry {set_by} is an http:// response from {host} that sets `{cookie}` with {attribute}. Browsers refuse Secure cookies from insecure origins (localhost excepted), so the cookie was never stored.",
        fixes: &[
            "Serve the sign-in over HTTPS.",
            "In local development without HTTPS, use http://localhost, or drop Secure in the development configuration only.",
        ],
    },
    Msg {
        id: "cookie-rejected.domain-mismatch",
        title: "The cookie `{cookie}` is refused: {attribute} does not match {host}",
        explanation: "A response may set a cookie only for its own host or a parent domain of it. Entry {set_by} from {host} set `{cookie}` with {attribute}, which does not cover {host}, so the browser dropped it.",
        fixes: &[
            "Set Domain to the response's host or a parent domain of it, or omit Domain for a host-only cookie.",
            "Or set the cookie from a response of the host that needs it.",
        ],
    },
    Msg {
        id: "cookie-rejected.public-suffix",
        title: "The cookie `{cookie}` is refused: {attribute} is a public suffix",
        explanation: "Entry {set_by} from {host} set `{cookie}` with {attribute}. Browsers reject cookies for public suffixes (com, co.jp, github.io, …), since such a cookie would be shared with every site under it.",
        fixes: &[
            "Omit Domain (a host-only cookie) or use your own registrable domain.",
        ],
    },
    Msg {
        id: "cookie-rejected.host-prefix",
        title: "The cookie `{cookie}` is refused: the {attribute} prefix rules are not met",
        explanation: "A cookie whose name starts with __Host- must be Secure, be set by an HTTPS response, have Path=/ and no Domain. Entry {set_by} from {host} set `{cookie}` without meeting all of these, so browsers refuse it.",
        fixes: &[
            "Set it as `__Host-name=…; Path=/; Secure` with no Domain, over HTTPS.",
        ],
    },
    Msg {
        id: "cookie-rejected.secure-prefix",
        title: "The cookie `{cookie}` is refused: the {attribute} prefix rules are not met",
        explanation: "A cookie whose name starts with __Secure- must be Secure and be set by an HTTPS response. Entry {set_by} from {host} set `{cookie}` without meeting this, so browsers refuse it.",
        fixes: &[
            "Add Secure to the cookie and serve the response over HTTPS.",
        ],
    },
    Msg {
        id: "cookie-rejected.too-large",
        title: "The cookie `{cookie}` is refused: name and value exceed 4096 bytes ({attribute})",
        explanation: "Browsers ignore a cookie whose name and value together exceed 4096 bytes. Entry {set_by} from {host} set `{cookie}` with {attribute}; typically a token or user data stored whole in a cookie.",
        fixes: &[
            "Keep a short session id in the cookie and the data on the server.",
            "Or shrink what the cookie holds (fewer token claims), or split it over several cookies.",
        ],
    },
    Msg {
        id: "missing-credentials",
        title: "The request carried no credentials and the server asked for them ({schemes})",
        explanation: "No Authorization header, cookie or API key was sent, and the server challenged with {schemes}. The code that sends this request does not attach the credentials the rest of the app uses.",
        fixes: &[
            "Attach the token in the code path that issues this request (an API client interceptor catches all paths; a bare fetch elsewhere does not).",
            "If the request fires before sign-in completes, delay it until the token is available.",
            "If the API uses cookies, check the cookie exists and is sent (see the cookie attributes in DevTools > Application > Cookies).",
        ],
    },
    Msg {
        id: "missing-credentials.first-leg",
        title: "First leg of a challenge/response exchange: answered by entry {next}",
        explanation: "This 401 has no credentials because the client had not been asked yet; the server's challenge ({schemes}) was answered by the next request to the same URL (entry {next}). This is how HTTP authentication works, not a fault on its own.",
        fixes: &["Nothing to fix here; look at entry {next} if it failed too."],
    },
    Msg {
        id: "missing-credentials.cross-origin",
        title: "A cross-origin request carried no credentials ({schemes})",
        explanation: "This request goes to another origin than the page and sent no Authorization header and no cookies. Cross-origin fetch does not send cookies unless asked, and an API client configured for the page's own origin does not add its token to other hosts.",
        fixes: &[
            "Attach the Authorization header for this API host too (check the interceptor's URL filter).",
            "For cookie sessions use `credentials: \"include\"` and `SameSite=None; Secure` cookies, with `Access-Control-Allow-Credentials: true` on the server.",
        ],
    },
    Msg {
        id: "jwt-malformed",
        title: "The Bearer token looks like a JWT but cannot be decoded ({problem})",
        explanation: "The token has {parts} dot-separated part(s) and {length} characters, and cannot be decoded: {problem}. The server rejects it before checking any claim. Usually it was truncated (cookie or storage size limit, copy-paste) or encoded with standard base64 instead of base64url.",
        fixes: &[
            "Compare the token sent with the one the token endpoint returned (length and fingerprint); find where it is cut or altered.",
            "If tokens are stored in cookies, keep them under 4 KB or store them elsewhere.",
        ],
    },
    Msg {
        id: "jwt-expired",
        title: "The access token expired {ago} before the request",
        explanation: "The token's exp claim is {exp}; the request started at {request_time}, {ago} later (leeway {leeway} s). The server rejects expired tokens. The client kept using a token past its lifetime instead of refreshing it.",
        fixes: &[
            "Refresh the token before it expires (check exp with a margin) or on the first 401, then retry the request once.",
            "Make sure the refreshed token replaces the old one everywhere it is cached (other tabs, interceptors, service workers).",
            "If the token could not have expired that fast, check the device clock (see clock-skew).",
        ],
    },
    Msg {
        id: "jwt-expired.accepted",
        title: "The token had expired {ago} earlier, yet the server accepted it",
        explanation: "The token's exp claim is {exp}, before the request at {request_time}, but the request succeeded. The server does not check expiry, uses a large leeway, or its clock differs from this client's.",
        fixes: &["Check that the API validates exp; refresh tokens on time anyway, since other servers will reject them."],
    },
    Msg {
        id: "jwt-not-yet-valid",
        title: "The token is not valid yet: {claim} is {ahead} after the request",
        explanation: "The token's {claim} claim is {claim_time}, but the request started at {request_time} (leeway {leeway} s). Servers reject tokens that are not yet valid. The issuer's clock runs ahead of the API's, or the client clock recorded in the HAR is behind.",
        fixes: &[
            "Synchronize clocks (NTP) on the token issuer, the API servers and the client device.",
            "Allow a small clock-skew leeway (30–60 s) when validating nbf and iat.",
        ],
    },
    Msg {
        id: "jwt-exp-in-milliseconds",
        title: "The token's {claim} is in milliseconds ({value}), not seconds",
        explanation: "JWT dates are seconds since 1970; {value} read as milliseconds is {as_millis}. The issuer wrote `Date.now()` instead of `Math.floor(Date.now() / 1000)`. Strict servers reject the token as malformed or issued in the future; lenient ones treat it as valid for millennia.",
        fixes: &[
            "Fix the token issuer to write NumericDate in seconds.",
            "Re-issue tokens after the fix; existing ones stay wrong.",
        ],
    },
    Msg {
        id: "jwt-alg-none",
        title: "The token is unsigned (alg \"{alg}\")",
        explanation: "The token's header says alg \"{alg}\" or its signature is empty. Servers must not accept unsigned tokens, so it is rejected. Unsigned tokens come from test helpers or a mock issuer.",
        fixes: &[
            "Obtain tokens from the real issuer, signed with the algorithm the API expects (RS256, ES256, …).",
            "Remove mock token code from this build.",
        ],
    },
    Msg {
        id: "jwt-alg-none.accepted",
        title: "SECURITY: the server accepted an unsigned token (alg \"{alg}\")",
        explanation: "This request succeeded with a token that has no signature. Anyone can forge such a token with any identity. The API does not verify signatures or allows `none`.",
        fixes: &[
            "Configure the API's JWT validation with an explicit allow-list of algorithms and require a signature.",
            "Treat this as a security incident: review logs for forged tokens.",
        ],
    },
    Msg {
        id: "id-token-as-access-token",
        title: "An OpenID Connect ID token was sent as the access token",
        explanation: "The Bearer token carries ID-token claims ({signals}) and its audience is {aud}. An ID token tells the client who signed in; it is not meant for APIs, which reject it when they check the audience or the at+jwt type.",
        fixes: &[
            "Send the `access_token` from the token response, not the `id_token`.",
            "Request an access token for this API (audience/resource parameter, or the API's scope) if the response has none.",
        ],
    },
    Msg {
        id: "clock-skew",
        title: "The client clock is {skew} {direction} the server's",
        explanation: "The request started at {client_time} by the client's clock, and the server's Date header says {server_time}: a difference of {skew} beyond the {leeway} s leeway. Token lifetimes and request signatures are judged by the server's clock, so time checks may fail.",
        fixes: &[
            "Enable automatic time synchronization (NTP) on the client device or VM.",
            "Validate times with a leeway on the server, and avoid deciding token freshness from the client's clock alone.",
        ],
    },
    Msg {
        id: "clock-skew.decisive",
        title: "The token is expired by the server's clock only: the client clock is {skew} {direction}",
        explanation: "By the client clock ({client_time}) the token is still valid, but by the server's Date ({server_time}) it is not. The device clock is wrong by {skew}, so the client keeps sending a token the server already considers invalid.",
        fixes: &[
            "Fix the device clock (enable automatic time synchronization).",
            "Refresh tokens based on `expires_in` measured from when they were received, not on exp compared with the local clock.",
        ],
    },
    Msg {
        id: "insufficient-scope",
        title: "The token lacks the scope this endpoint requires ({missing})",
        explanation: "The server answered insufficient_scope: the token is valid but was granted fewer permissions than required. Required: {required}. The token has: {have}.",
        fixes: &[
            "Request a new token with the required scope ({required}); a refresh keeps the old scopes.",
            "If the user must consent to the new scope, send them through the authorization flow again.",
        ],
    },
    Msg {
        id: "insufficient-scope.github",
        title: "The GitHub token lacks a scope this endpoint accepts ({missing})",
        explanation: "GitHub says this endpoint accepts the scopes {required} (X-Accepted-OAuth-Scopes), while the token has {have} (X-OAuth-Scopes).",
        fixes: &[
            "Create or authorize the token with one of the accepted scopes ({required}).",
            "For fine-grained tokens and GitHub Apps, grant the matching repository or organization permission instead.",
        ],
    },
    Msg {
        id: "rate-limited",
        title: "The failure comes with rate limiting (retry after {retry_after})",
        explanation: "The response shows a rate limit or lockout: too many requests or failed attempts from this client, account or key. While limited, the server refuses even correct credentials.",
        fixes: &[
            "Wait until the limit resets ({retry_after}) before retrying, and back off exponentially instead of retrying in a loop.",
            "Look for a loop that retries authentication or refreshes tokens on every 401.",
            "If an account was locked after failed attempts, unlock it with an administrator.",
        ],
    },
    Msg {
        id: "proxy-auth-required",
        title: "A proxy wants credentials ({schemes}), not the site",
        explanation: "The 407 comes from a proxy between the browser and the site (realm {realm}; Proxy-Authorization sent: {sent}). The site's own credentials are irrelevant until the proxy lets the request through.",
        fixes: &[
            "Provide the proxy's credentials: system or browser proxy settings, or `HTTPS_PROXY=http://user:pass@proxy:port` for tools.",
            "Ask the network team to allow-list the site, or use a network without the proxy to confirm.",
        ],
    },
    Msg {
        id: "proxy-auth-required.rejected",
        title: "The proxy refused the proxy credentials ({schemes})",
        explanation: "Proxy-Authorization was sent and the proxy answered 407 again: the proxy credentials are wrong, expired, or in a scheme it does not accept.",
        fixes: &[
            "Update the proxy password in the system or browser settings.",
            "For NTLM/Negotiate proxies, check the machine's domain login.",
        ],
    },
    Msg {
        id: "proxy-auth-required.no-challenge",
        title: "A proxy answered 407 without saying how to authenticate",
        explanation: "The response is 407 Proxy Authentication Required but carries no Proxy-Authenticate header, so no client can answer it.",
        fixes: &["Ask the proxy's administrators which authentication it expects; the proxy is misconfigured."],
    },
    Msg {
        id: "header-too-large",
        title: "The request headers are too large ({total} bytes, cookies {cookie_bytes} bytes)",
        explanation: "The server refused the request before authenticating it because its header block is too large. The request sent {total} bytes of headers, of which the Cookie header is {cookie_bytes} bytes ({cookie_count} cookies); the largest header is {largest}.",
        fixes: &[
            "Delete the site's cookies and sign in again; then find which cookies grow (chunked session cookies, cookies set by sibling subdomains, cookies re-set on every response).",
            "Keep tokens out of cookies or shrink them (fewer claims); raise the server/proxy limit only as a stopgap (nginx `large_client_header_buffers`).",
        ],
    },
    Msg {
        id: "header-too-large.unknown-size",
        title: "The request headers were too large for the server",
        explanation: "The server answered with a header-size error. This capture does not include the request headers, so their sizes are unknown; large Cookie or Authorization headers are the usual cause.",
        fixes: &[
            "Delete the site's cookies and sign in again, then capture with headers (see har-sanitized).",
            "Check the server or proxy header limit (nginx `large_client_header_buffers`).",
        ],
    },
    Msg {
        id: "digest-stale-nonce",
        title: "Digest nonce expired (stale=true): retry with the new nonce",
        explanation: "The server's Digest challenge for realm {realm} says stale=true: the credentials were correct but the nonce they were computed with expired. A client should retry automatically with the new nonce, without asking the user again.",
        fixes: &[
            "Make the client recompute the Digest response with the new nonce and retry once, without prompting.",
            "If this happens on every request, the server's nonce lifetime is too short or requests go to different servers without shared nonce state.",
        ],
    },
    Msg {
        id: "cached-401",
        title: "This 401 came from a cache ({signal})",
        explanation: "The response carries cache signals ({signal}): it was stored by a CDN, proxy or the browser and replayed, possibly to users whose credentials are fine. Fixing credentials changes nothing until the cache entry expires.",
        fixes: &[
            "Purge the cached entry at the CDN or proxy.",
            "Send `Cache-Control: no-store` (or `private`) on 401 responses and `Vary: Authorization` (or `Cookie`) on responses that depend on credentials.",
            "Exclude authenticated paths from CDN caching or include the credential in the cache key.",
        ],
    },
    Msg {
        id: "cached-401.storable",
        title: "This 401 may be cached by shared caches ({signal})",
        explanation: "The 401 is marked storable for shared caches ({signal}) and does not vary on Authorization or Cookie. A CDN may serve it to other users.",
        fixes: &["Send `Cache-Control: no-store` on 401 responses, and `Vary: Authorization` where responses depend on it."],
    },
    Msg {
        id: "login-redirect",
        title: "An API call was redirected to a sign-in page ({location})",
        explanation: "This request expected data but was answered with a redirect to {location}. The server treats it as an unauthenticated browser visit: the session expired, or the session cookie was not sent (cookie sent: {cookie_sent}). `fetch` follows the redirect, and the app then fails parsing HTML.",
        fixes: &[
            "Make the server answer 401 (not a redirect) for API routes, e.g. based on `Accept: application/json` or an `/api` prefix.",
            "In the client, treat a redirect to the login page (or an HTML response) as \"signed out\" and restart the sign-in.",
            "If the session should be valid, check that the session cookie is sent with this request (SameSite, credentials mode).",
        ],
    },
    Msg {
        id: "login-redirect.html",
        title: "An API call received a sign-in page instead of data",
        explanation: "The response to {location} is an HTML page with a password field. The session expired or was not sent (cookie sent: {cookie_sent}), and the server served its login page.",
        fixes: &[
            "Make API routes answer 401 with a JSON error instead of the login page.",
            "Handle HTML responses in the API client as \"signed out\".",
        ],
    },
    Msg {
        id: "preflight-unauthorized",
        title: "The CORS preflight was refused with {status}: the real request was never sent",
        explanation: "The browser sent an OPTIONS preflight (for method {method}, headers {headers}) and the server answered {status}. Browsers never send credentials on preflights, so an auth check on OPTIONS always fails and the browser blocks the actual request.",
        fixes: &[
            "Answer OPTIONS preflights before authentication: place the CORS middleware before the auth middleware, or exempt OPTIONS from auth.",
            "The preflight answer must include Access-Control-Allow-Origin, -Methods and -Headers (including Authorization) with status 2xx.",
        ],
    },
    Msg {
        id: "oauth-invalid-client.credentials",
        title: "The token endpoint rejected the client credentials ({error})",
        explanation: "The authorization server did not accept client_id {client_id} and its secret (secret sent in: {secret_in}). Server says: {description}",
        fixes: &[
            "Check client_id and client_secret against the app's settings at the provider, for this environment; a rotated or regenerated secret invalidates the old one.",
            "Send the secret the way the server expects (HTTP Basic or form body, RFC 6749 §2.3.1).",
            "Public clients (SPA, mobile) must not use a secret; use PKCE instead.",
        ],
    },
    Msg {
        id: "oauth-invalid-client.grant-not-allowed",
        title: "This client may not use grant type {grant_type} ({error})",
        explanation: "The authorization server refused the grant type {grant_type} for client {client_id}. Server says: {description}",
        fixes: &["Enable the grant type for the client in the provider's settings, or use the flow the client is registered for."],
    },
    Msg {
        id: "oauth-redirect-uri-mismatch",
        title: "redirect_uri does not match the registered callback URL",
        explanation: "The authorization server compared redirect_uri {redirect_uri} with the registered callback URLs and found no exact match. Server says: {description}",
        fixes: &[
            "Register this exact URL (scheme, host, port, path) as a callback, or send one that is registered.",
            "Send the same redirect_uri in the token request as in the authorization request, or omit it everywhere to use the default.",
        ],
    },
    Msg {
        id: "oauth-redirect-uri-mismatch.authorize",
        title: "The authorization server refused the redirect_uri",
        explanation: "The authorize endpoint redirected back with error=redirect_uri_mismatch: the callback URL of this request is not registered for the client.",
        fixes: &["Register the callback URL exactly as sent (scheme, host, port, path) in the provider's app settings."],
    },
    Msg {
        id: "oauth-invalid-grant.code",
        title: "The authorization code was rejected ({error})",
        explanation: "The code is wrong, expired (often 10 minutes), already used, or was issued for another client, redirect_uri or PKCE verifier (PKCE sent: {pkce}). Server says: {description}",
        fixes: &[
            "Restart the authorization flow to get a fresh code and exchange it once, promptly.",
            "Make sure the code is exchanged only once (no double submit, no React strict-mode double effect).",
            "Send the same redirect_uri and the code_verifier that belongs to this code's challenge.",
        ],
    },
    Msg {
        id: "oauth-invalid-grant.refresh",
        title: "The refresh token was rejected ({error})",
        explanation: "The refresh token is expired, revoked (user sign-out, password change, app re-authorization) or already used under refresh-token rotation. Server says: {description}",
        fixes: &[
            "Send the user through sign-in again to get a new token pair.",
            "Store the new refresh token returned by every refresh and use it next time; never reuse an old one.",
            "Serialize refreshes (one at a time across tabs) so two requests do not refresh with the same token.",
        ],
    },
    Msg {
        id: "oauth-invalid-grant.device",
        title: "The device code expired before the user approved it",
        explanation: "The device flow's code lifetime ran out ({error}). Server says: {description}",
        fixes: &["Start the device flow again and complete the approval within the code's lifetime."],
    },
    Msg {
        id: "oauth-invalid-grant.generic",
        title: "The grant was rejected ({error})",
        explanation: "The token endpoint refused the grant (grant_type {grant_type}). Server says: {description}",
        fixes: &["Obtain a new grant (restart the flow) and check that it is used once, by the client it was issued to."],
    },
    Msg {
        id: "oauth-token-error",
        title: "The token endpoint returned an error ({error})",
        explanation: "No token was issued, so later API calls fail. Server says: {description}",
        fixes: &[
            "Fix the token request as the error describes (RFC 6749 §5.2: invalid_request = missing or repeated parameter; unsupported_grant_type; invalid_scope).",
            "Compare the request with the provider's documented example, parameter by parameter.",
        ],
    },
    Msg {
        id: "oauth-token-error.json-body",
        title: "The token request was sent as {mime}; token endpoints expect a form ({error})",
        explanation: "OAuth token endpoints read `application/x-www-form-urlencoded` bodies (RFC 6749 §4.1.3). This request sent {mime}, so the server saw no grant_type. Server says: {description}",
        fixes: &["Send the parameters form-encoded (`new URLSearchParams({...})`) with `Content-Type: application/x-www-form-urlencoded`."],
    },
    Msg {
        id: "refresh-token-reused",
        title: "A refresh token was used twice; the second use was rejected (first use: entry {earlier})",
        explanation: "The same refresh token (sha256:{fingerprint}) was sent in entry {earlier} and again here. With refresh-token rotation each refresh invalidates the refresh token it used, and the previous access token with it, so the second refresh fails. Parallel requests, several tabs or a retry with a stale value cause this.",
        fixes: &[
            "Save the new refresh token from every refresh response and use only that one next time.",
            "Serialize refreshes: share one in-flight refresh promise across requests and tabs (BroadcastChannel or a lock).",
            "After this error, send the user through sign-in again; some providers revoke the whole token family on reuse.",
        ],
    },
    Msg {
        id: "access-token-superseded",
        title: "The request used an access token replaced by the refresh in entry {refresh}",
        explanation: "Entry {refresh} refreshed the tokens and got a new access token (sha256:{current}), but this request still sent the previous one (sha256:{sent}). Providers that rotate tokens invalidate the old access token when its refresh token is used.",
        fixes: &[
            "After a refresh, replace the access token everywhere it is cached (API client, other tabs, service worker).",
            "Queue requests issued during a refresh and send them with the new token.",
        ],
    },
    Msg {
        id: "bearer-invalid-token.generic",
        title: "The server rejected the token: {description}",
        explanation: "The server answered error=\"{error}\" with the description \"{description}\". Its reason is not visible in the token itself: it may be revoked, issued for another environment, tenant or audience (iss {iss}, aud {aud}), or signed with a key the API does not know.",
        fixes: &[
            "Compare the token's issuer and audience with what this API expects in this environment.",
            "Obtain a fresh token; if that fails too, check the API's accepted issuers and key set (JWKS).",
        ],
    },
    Msg {
        id: "bearer-invalid-token.expired",
        title: "The server says the token expired: {description}",
        explanation: "The server answered error=\"{error}\" and says the token expired. The token is not a readable JWT (or its exp looks valid by the client's clock), so trust the server: refresh it.",
        fixes: &[
            "Refresh the token and retry once; refresh proactively before expires_in runs out.",
            "If tokens seem to expire too early, compare clocks (client, issuer, API).",
        ],
    },
    Msg {
        id: "bearer-invalid-token.signature",
        title: "The server could not verify the token's signature: {description}",
        explanation: "The server answered error=\"{error}\" and mentions the signature or key. The token was signed by another issuer or environment, or the issuer rotated its keys and the API caches an old key set.",
        fixes: &[
            "Check that the token comes from the issuer this API trusts (iss {iss}).",
            "Make the API refresh its JWKS when it sees an unknown kid.",
        ],
    },
    Msg {
        id: "bearer-invalid-token.audience",
        title: "The token is for another audience or issuer: {description}",
        explanation: "The server answered error=\"{error}\" and mentions the audience or issuer. The token was issued for another API or tenant (aud {aud}, iss {iss}).",
        fixes: &["Request the token for this API (audience/resource parameter or the API's scope) from the issuer this API trusts."],
    },
    Msg {
        id: "bearer-invalid-token.revoked",
        title: "The token was revoked: {description}",
        explanation: "The server answered error=\"{error}\" and says the token was revoked (sign-out, password change, admin action, or rotation).",
        fixes: &["Sign in again to obtain a new token; stop using tokens after sign-out."],
    },
    Msg {
        id: "bearer-invalid-token.invalid-request",
        title: "The server says the request is malformed: {description}",
        explanation: "error=\"invalid_request\" means a parameter is missing, repeated, or the token was sent in more than one way (header and query at once).",
        fixes: &["Send the token in exactly one place (the Authorization header) and check the request against the API documentation."],
    },
    Msg {
        id: "basic-rejected",
        title: "Well-formed Basic credentials for \"{user}\" were refused (realm {realm})",
        explanation: "The credentials are correctly encoded (user-id \"{user}\", password of {password_length} characters), so the values are what the server refused: a wrong or changed password, the wrong account, a locked or disabled account, or credentials of another realm.",
        fixes: &[
            "Re-enter the password carefully (caps lock, keyboard layout, input method) and confirm the user-id, including its case and domain.",
            "Check whether the account is locked or disabled, or the password expired, in the server's user store.",
            "Confirm the credentials are meant for realm {realm} (for example, a separate admin area).",
        ],
    },
    Msg {
        id: "basic-rejected.accepted-elsewhere",
        title: "The same Basic credentials worked in entry {other} but not here (realm {realm})",
        explanation: "Entry {other} succeeded with identical credentials for \"{user}\", so the account and password are fine. This resource belongs to another protection space (realm {realm}) or requires permissions this account lacks.",
        fixes: &[
            "Check the server's configuration for this path: which realm and which users it allows (for example `auth_basic` / `require user` rules).",
            "Use the account meant for this realm.",
        ],
    },
    Msg {
        id: "password-rejected",
        title: "The sign-in was refused for \"{user}\"",
        explanation: "The application's login endpoint refused the user name and password (server says: {message}). The request itself is well-formed, so the values are what it rejected: a typo, the wrong account or environment, a changed or expired password, or a locked or unverified account.",
        fixes: &[
            "Re-enter the password (caps lock, keyboard layout, input method set to half-width) and check the user name's exact spelling, case and domain.",
            "Check in the user store whether the account exists in this environment and is active, verified and not locked.",
            "If a password manager filled the form, make sure it filled the entry for this environment.",
        ],
    },
    Msg {
        id: "api-key-rejected",
        title: "The API key in {name} was refused",
        explanation: "The request authenticated with an API key ({name}) and the server refused it. The key is wrong, revoked or rotated, belongs to another project or environment, or is restricted (allowed IPs, referrers, APIs).",
        fixes: &[
            "Check the key in the provider's console: that it exists, is enabled, and belongs to this project and environment.",
            "Check its restrictions (HTTP referrer, IP, allowed APIs) against this request.",
            "Check the environment variable the app reads the key from in this deployment.",
        ],
    },
    Msg {
        id: "api-key-rejected.wrong-place",
        title: "The API key was sent in {name}, but the server expects it in the {expected}",
        explanation: "The key was sent as {name}, while the server's error mentions the {expected}. A key in a place the API does not read counts as missing.",
        fixes: &["Send the key where the API documentation says (the {expected}), with the exact header or parameter name."],
    },
    Msg {
        id: "api-key-rejected.missing",
        title: "The server asks for an API key and none was sent",
        explanation: "The error response mentions an API key, and the request carried no API key header or parameter and no Authorization header.",
        fixes: &["Send the API key as the API documents (header name or query parameter)."],
    },
    Msg {
        id: "authorization-not-received",
        title: "The token was sent, but the server answered as if it received none",
        explanation: "The request carried a well-formed Bearer token, yet the 401 challenge has no error code — which, per RFC 6750, means the server saw no credentials. Something in between probably dropped the Authorization header: a reverse proxy, load balancer or API gateway, or a redirect to another host.",
        fixes: &[
            "Check the proxy configuration forwards Authorization (nginx: no `proxy_set_header Authorization \"\"`; Apache: `CGIPassAuth On`; API gateways: header pass-through).",
            "Log the headers the application receives for this request.",
            "If the server never sends error codes, treat this as a generic token rejection.",
        ],
    },

    Msg {
        id: "har-sanitized",
        title: "This HAR was exported without credentials, so some causes cannot be checked",
        explanation: "The file comes from Chrome's default \"Export HAR (sanitized)\": Authorization, Cookie and Set-Cookie headers were deleted and every cookies list emptied. Whether the {failures} failing request(s) carried credentials cannot be known from it, so why401 does not conclude that credentials were missing.",
        fixes: &[
            "Re-export with credentials: in the Network panel, open the Export HAR menu (download arrow) and choose \"Export HAR (with sensitive data)\". Share such a file only after sanitizing it with why401's export.",
            "Or diagnose live with the why401 DevTools panel, which sees the headers as they are sent.",
        ],
    },
    Msg {
        id: "unexplained-auth-failure.server-said",
        title: "Authentication failed ({status}): the server said \"{server_says}\"",
        explanation: "The server refused the request and said \"{server_says}\", but nothing in the capture points to one cause: the credentials look well-formed. Take the server's words as the lead and work through the checklist.",
        fixes: &[],
    },
    Msg {
        id: "unexplained-auth-failure",
        title: "Authentication failed ({status}) and the capture shows no specific cause",
        explanation: "The server refused the request, but nothing in the capture points to one cause: the credentials look well-formed and the server did not say why. Work through the checklist: the cause is usually one of these.",
        fixes: &[
            "Credentials: re-type the user name, password or API key; look for extra spaces, full-width characters, the wrong account, or a value from the wrong environment variable.",
            "Tokens: check the token's expiry and scopes, and that a refreshed token replaced the old one everywhere it is cached.",
            "Cookies and session: delete the site's cookies and sign in again; check that the server-side session still exists (session store TTL, sticky sessions behind a load balancer).",
            "CORS: for cross-origin calls check the preflight and that Access-Control-Allow-Origin is not `*` when credentials are sent.",
            "Proxies and CDNs: check that a reverse proxy, load balancer or CDN forwards the Authorization header and does not cache 401 responses.",
            "Server: raise the authentication middleware's log level and read its reason for this request (match by time and request id).",
        ],
    },
];

/// One-line summaries of the rules (`why401 rules`, the README table).
pub static SUMMARIES: &[(&str, &str)] = &[
    ("jwt-audience-mismatch", "A JWT issued for another API or environment (its aud names another host)"),
    ("credential-stopped-working", "A token or session cookie that worked earlier in the capture is refused now (session ended, revoked, servers disagree)"),
    ("cors-blocked", "A credentialed cross-origin request blocked by CORS, with the header at fault"),
    ("token-placeholder", "A placeholder (`undefined`, `null`, `[object Object]`, `${token}`) sent instead of a credential"),
    ("authorization-malformed", "Authorization header of the wrong form: scheme alone, scheme twice, quotes, spaces, no or unknown scheme"),
    ("auth-scheme-mismatch", "The client used a scheme the server's challenge does not offer"),
    ("basic-malformed", "Basic credentials that are not base64, contain a line break, lack the `:`, or are not UTF-8"),
    ("credential-whitespace", "Leading/trailing spaces, tabs, line feeds or zero-width characters in a credential"),
    ("credential-fullwidth", "Full-width (全角) letters, digits or ideographic spaces in a credential"),
    ("cookie-rejected", "A `Set-Cookie` the browser refuses to store (SameSite=None without Secure, Secure over HTTP, Domain, prefixes, size)"),
    ("cookie-not-sent", "A cookie set earlier was not sent: SameSite, Secure, Domain, Path, expiry or credentials mode"),
    ("missing-credentials", "No credentials sent where the server asked for them (and the normal first leg of a challenge)"),
    ("jwt-malformed", "A Bearer token that tries to be a JWT but cannot be decoded"),
    ("jwt-expired", "The JWT's `exp` is before the request time"),
    ("jwt-not-yet-valid", "The JWT's `nbf`/`iat` is after the request time"),
    ("jwt-exp-in-milliseconds", "JWT dates written in milliseconds instead of seconds"),
    ("jwt-alg-none", "An unsigned JWT (`alg: none`); a security warning when accepted"),
    ("id-token-as-access-token", "An OpenID Connect ID token sent to an API as the access token"),
    ("clock-skew", "Client and server clocks differ beyond the leeway where time matters"),
    ("insufficient-scope", "The token lacks a required scope (RFC 6750, GitHub scope headers)"),
    ("rate-limited", "Rate limiting or lockout around an authentication failure"),
    ("proxy-auth-required", "A proxy, not the site, wants credentials (407)"),
    ("header-too-large", "Request headers or cookies too large for the server (431, nginx 400)"),
    ("digest-stale-nonce", "Digest challenge with `stale=true`: retry with the new nonce"),
    ("cached-401", "A 401 served from a CDN, proxy or browser cache"),
    ("login-redirect", "An API call answered with (a redirect to) a sign-in page"),
    ("preflight-unauthorized", "A CORS preflight answered 401/403, so the real request was never sent"),
    ("oauth-invalid-client", "The token endpoint rejected the client id or secret (also with status 200)"),
    ("oauth-redirect-uri-mismatch", "`redirect_uri` does not match the registered callback URL"),
    ("oauth-invalid-grant", "An authorization code or refresh token was rejected (expired, used, revoked)"),
    ("oauth-token-error", "Any other token endpoint error (`invalid_request`, `unsupported_grant_type`, …)"),
    ("refresh-token-reused", "The same refresh token used twice under rotation"),
    ("access-token-superseded", "An access token replaced by an earlier refresh is still being sent"),
    ("bearer-invalid-token", "The server said `invalid_token` and nothing more specific explains it"),
    ("basic-rejected", "Well-formed Basic credentials refused (password, account, realm)"),
    ("password-rejected", "A sign-in form's user name and password were refused"),
    ("api-key-rejected", "An API key was refused, or sent in the wrong place"),
    ("authorization-not-received", "A token was sent but the server answered as if none arrived (stripped by a proxy)"),
    ("har-sanitized", "The HAR was exported without credentials; some causes cannot be checked"),
    ("unexplained-auth-failure", "A failure no rule explains, with the general checklist"),
];
