//! Why each rule's confidence is what it is: the calibration, rule by rule. Shown in
//! `docs/rules/<id>.md` and by `why401 explain`; a test requires an entry per rule.

/// Rule id → why its findings carry the confidence they do (English, one paragraph,
/// naming each confidence level the rule can emit and the evidence behind it).
pub static RATIONALE: &[(&str, &str)] = &[
    (
        "service-worker-answered",
        "`certain` where Chrome marks the page's record as answered by the service worker (`_fetchedViaServiceWorker`, chrome-har's `response.fromServiceWorker`) and the capture holds the worker's own request: an entry with the same method and URL, not itself answered by a worker, that started while the page's call was open. `likely` for the same pair in a Playwright capture, which marks the worker's request (`_serviceWorkerRef`) but not the page's record. The pair needs the same status too, and each worker request answers one page call. Either way the finding is a note (severity info): the worker's request carries the diagnosis, and no other finding is kept about the page's record. `possible` (`unrecorded`) where Chrome marks the record and the capture holds no such request (the worker may have answered from its cache, or the tool did not record it): not a cause, but the reason nothing is concluded from what the record lacks, so causes from the server's answer come first. `possible` too (`unmarked`) where the tool marks no worker and the answer came over no network by its shape: Firefox writes no `serverIPAddress` (and no `cache.afterRequest`, its own HTTP cache's mark), Playwright none with `_transferSize: 0` in a capture that holds a worker's requests. Seen so only for calls a worker answered in the lab's recordings, but no tool documents it.",
    ),
    (
        "token-placeholder",
        "Always `certain`: the request failed and its `Authorization` header, or an API-key header or query parameter, is empty or holds a recognised programming placeholder (`undefined`, `null`, `[object Object]`, `${token}`, `{{token}}`, `YOUR_API_KEY`). The capture shows the literal value that was sent, and no server can take such a word for a credential, so nothing has to be assumed. The list of placeholders is kept narrow on purpose, so that a real secret is never mistaken for one.",
    ),
    (
        "authorization-malformed",
        "`certain` for a scheme with no credentials (`Bearer` alone), the scheme written twice (`Bearer Bearer x`) and the header name pasted into the value (`Authorization: Bearer x`): under the RFC 9110 grammar no server reads a usable credential from these. `likely` for a token split by spaces, a token in quotes and a missing scheme (a bare JWT or bare Basic credentials): most servers split at the first space and compare the rest verbatim, but some trim quotes or accept a bare token. `possible` for an unknown scheme, because private schemes exist and this server may understand it. Only failing requests are checked, and a placeholder or empty value is left to `token-placeholder`.",
    ),
    (
        "auth-scheme-mismatch",
        "Always `likely`: a 401 (or a 400 with a challenge, as RFC 6750 answers `invalid_request`) whose `WWW-Authenticate` challenges offer none of the known scheme the request used (GitHub's `token` counts as `Bearer`). The server's own challenge is the evidence, but servers do not always list every scheme they accept, so it is strong evidence rather than proof. The rule is silent when the sent scheme is unknown (left to `authorization-malformed`) or when there is no challenge to compare with.",
    ),
    (
        "basic-malformed",
        "`certain` when the Basic credentials cannot be decoded as RFC 7617 requires: not base64 at all (or `user:pass` sent unencoded), invalid base64 (mixed alphabets, bad padding or length), or no `:` between user-id and password; no conforming server can read the password. `likely` for a line break inside the base64 (some decoders skip it) and for decoded bytes that are not UTF-8 when the challenge announced `charset=\"UTF-8\"`; the same bytes without that announcement are `possible`, since the server may expect ISO-8859-1. base64url characters or missing padding are `possible`, because many decoders accept them.",
    ),
    (
        "credential-whitespace",
        "Always `likely`: a failing request whose credential carries a space, tab, line break, no-break space or zero-width character: in the Basic user-id or password (including the line feed that `echo user:pass | base64` adds), in the `Authorization` value (around it, after the scheme beyond the one separating space, or inside the token), at the edges of a sign-in form's user name or password or invisible inside them (a password may contain spaces), or in an API key. The capture shows the character was sent and credentials are compared byte for byte, but it cannot show whether the stored credential contains it too or whether the server trims it, so the rule is never `certain`.",
    ),
    (
        "credential-fullwidth",
        "Always `likely`: full-width letters, digits or symbols (U+FF01 to U+FF5E) or the ideographic space (U+3000) in a failing request's Basic user-id or password, `Authorization` token, sign-in form field or API key. The characters are in the capture and a credential typed with an input method switched on almost never matches the stored one; it is not `certain` because an account can have been registered with the same full-width characters.",
    ),
    (
        "cookie-rejected",
        "`certain` on the response whose `Set-Cookie` line breaks a storage rule of RFC 6265bis (`SameSite=None` without `Secure`, `Secure` set over plain HTTP, a `Domain` that does not match the host or is a public suffix, a broken `__Host-` or `__Secure-` prefix, name and value over 4096 bytes): the refusal follows from the line itself. Each later failing request to the same site and a matching path that went without the cookie (and that no more specific missing cookie explains) gets the finding as `likely`: the cookie could not have been sent, but the capture cannot prove that the server needed it for that request. The `chrome` variant follows the same split, with Chrome's own `blockedCookies` reasons (deep mode) in place of the replay: `certain` on the response, `likely` on the later failures.",
    ),
    (
        "cookie-not-sent",
        "`likely` when replaying the capture's `Set-Cookie` lines through a cookie store shows that a cookie stored earlier was held back from this failing request (one without `Authorization`) by its `SameSite`, `Secure`, `Domain` or `Path` attribute or by its expiry or deletion: the mechanism follows from the data, but that this cookie was what the server wanted is an inference. The `credentials-mode` variant, where no attribute explains it and the request sent no cookie at all, is `likely` for a cross-origin request (`fetch` sends no cookies there without `credentials: \"include\"`) and `possible` for a same-origin one, where the default mode would have sent them. The `samesite-post-window` variant (a cross-site top-level POST more than two minutes after a cookie without `SameSite` was stored, Chrome's Lax-allowing-unsafe window) and the `third-party` variant (a cookie allowed cross-site but left out of a cross-site subrequest that carried other cookies, so credentials were included) are `likely` for the same reason. Captures recorded by Firefox or Safari, which do not default a cookie without `SameSite` to Lax, never get a SameSite reason for such a cookie. The `chrome` variant is `certain`: Chrome's own `blockedReasons` for this request (deep mode) say why the cookie stayed home. So are the `storage-access-none` and `storage-access-inactive` variants, for a cross-site request that lacked an unpartitioned cookie allowed cross-site: Chrome 133 and later and recent Firefox add `Sec-Fetch-Storage-Access` only to a request made with `credentials: \"include\"`, and its value says the page had no access to the site's unpartitioned cookies, or had a Storage Access permission it had not turned on (on the lab's recorded captures, every cross-site `fetch` made with `credentials: \"include\"` carries the header and none made without does). In a Firefox or Safari capture they are given only for a cookie stored during a visit to its own site: those browsers keep a cookie set in a third-party context for the page's top-level site, and send it. The `unexplained` variant is `possible`: a request that asked for cookies (it carries the header) went without one that nothing in the capture kept back (a `Partitioned` cookie, one such a browser kept for the page's site, or any with the value `active`), so the capture does not show why. Where the value is `active`, the page had that access, and the rule gives no third-party reason.",
    ),
    (
        "authorization-dropped-on-redirect",
        "`certain` when a 401 or 403 without `Authorization` went to exactly the URL named by the `Location` of a cross-origin redirect answered to a request that did carry `Authorization` (looked for among the 20 entries before it): browsers remove the header when a redirect changes origin (Fetch, HTTP-redirect fetch), and the capture shows both hops. `likely` when only the origin of the `Location` matches, since the failing request may not be the redirect's next hop. A redirect within one origin keeps the header and is not reported.",
    ),
    (
        "credential-differs",
        "`likely`: the nearest successful (2xx) request to the same origin with the same method, its path sharing a segment with this one's (the same API), sent a credential (a credential header, a cookie or a query parameter) that this failing request lacks or sends empty. The capture shows the same API accepting the credential a moment apart; what it cannot show is why this code path lost it. `possible` when the paths share no segment: another API may live at another path of the same origin, with credentials of its own. The rule is silent in sanitized exports, where every request lost its credentials alike.",
    ),
    (
        "missing-credentials",
        "A 401 (or a 403 whose answer says no credentials came, as Django REST framework's \"Authentication credentials were not provided.\", which offers no challenge) to a request with no credentials at all (no `Authorization`, cookie, API key or sign-in fields, and for a token request no client secret or assertion in its body; its grant, a code or a refresh token, does not authenticate the client). `certain` when a request to the same URL within the next 20 entries carries `Authorization`: `first-leg` when it answers the challenge with a scheme browsers answer by themselves (Basic, Digest, Negotiate, NTLM), a normal exchange; `sent-again` otherwise (a Bearer token), where the app's code sent the call before it attached its credential. `likely` for a Windows sign-on probe (only Negotiate, NTLM or Kerberos challenges) or a logged-out status check (`/me`, `/session` and the like before any credential of that origin), both only when a sign-in follows in the capture, and for a forgotten credential when the server challenges with `Bearer` or the call is cross-origin; otherwise `possible`, since a request without credentials does not show that the client had any to send. It is silent for sanitized exports, and for failures that `cookie-not-sent` or `cookie-rejected` explain unless a credentialed retry follows. The `sso-probe` and `logged-out` variants are `likely` notes (severity info, so not listed as failures): a Negotiate/NTLM challenge left unanswered, or a sign-in status endpoint asked before any credential of the site appears, each followed by a sign-in in the capture, which is the designed fallback. A cross-site request that carries `Sec-Fetch-Storage-Access: none` gets the `third-party-cookies-blocked` variant at the same confidence: the header shows that the code asked for cookies and that the browser blocks or partitions the site's third-party cookies, but not whether the API wanted a cookie or a token. With `inactive` (a Storage Access permission the page has not turned on) the variant is `storage-access-inactive`, and with `active` (the page could use the site's cookies, and the browser had none to send) `no-cookie-to-send`, at the same confidence; neither gets the `cross-origin` variant's advice to ask for cookies, which the header shows the code did. The `before-sign-in` variant is `likely`, a warning: no credential of the origin appears in the capture before the request, and a sign-in follows within 200 requests (the lab's django-session-csrf): the user was not signed in yet, which the capture shows, but not whether the page asked too early or only to find out.",
    ),
    (
        "jwt-malformed",
        "`likely` when a failing request's Bearer token tries to be a JWT (it starts with `eyJ` or its first part is a JSON header) but cannot be decoded: the wrong number of parts, a part that is not base64url, or a header or payload that is not a JSON object. The defect is in the capture, but the server might treat the value as an opaque token and refuse it for another reason; an encrypted JWT (JWE) is not malformed and is not reported. Like every rule that reads the token, the finding is dropped when the 401 came from a cache or the server says it received no token, and it is at most `possible` when a bare `Bearer` challenge suggests the header never arrived.",
    ),
    (
        "jwt-expired",
        "For a failing request, `certain` when `exp` is earlier than the request time (`startedDateTime`) by more than the leeway (60 s by default) and the `WWW-Authenticate` answer says `invalid_token` or mentions expiry, and at any lateness when the server's own words name the token's expiry (express-jwt's \"jwt expired\" on Express's error page, @fastify/jwt's \"Authorization token expired\", PyJWT's \"Signature has expired\"; not a refresh token's, a session's or a password's, nor on a token request): the server says why; a challenge's `invalid_token` whose description names the signature or a key does not count; `likely` when it is past the leeway without the server saying so, or within the leeway while the server does say so, or says in its own words that it refused a token it was sent, naming no other cause such as the signature (it may allow no leeway: FastAPI's \"Could not validate credentials\" a second after `exp`). For a request the server accepted with a real 2xx, the `accepted` variant is a `possible` warning: the server may use another clock or leeway, or not check `exp`. Expiry is judged by the client's clock as the HAR records it; the finding is dropped for a cached 401 or when the server says it received no token, and is at most `possible` when a bare `Bearer` challenge suggests the header never arrived (not where the server's words say it refused a token: FastAPI sends the bare challenge with every refusal).",
    ),
    (
        "jwt-not-yet-valid",
        "For a failing request, `likely` when `nbf` is later than the request time by more than the leeway, since servers reject such tokens (RFC 7519 section 4.1.5); `possible` when only `iat` is in the future, because many servers do not check `iat`; `certain` for either when the server's own error names the claim or says the token is not valid yet (jose's `\"nbf\" claim timestamp check failed`, jsonwebtoken's `jwt not active`, PyJWT's `not yet valid`). A request the server accepted with a real 2xx gets a `possible` warning. The times are compared with the client's clock, so a skewed clock is an alternative the capture cannot rule out; the token-reached limits of the other token rules apply (dropped for a cached 401 or a server that received no token, at most `possible` under a bare `Bearer` challenge).",
    ),
    (
        "jwt-exp-in-milliseconds",
        "`likely` for a failing request whose token has an `exp`, `nbf` or `iat` above 10^11, i.e. milliseconds instead of seconds: the unit mistake is certain from the value, but whether this server refused the token for it is not, since lenient servers accept a far-future `exp`. On a request the server accepted with a real 2xx it is a `possible` warning, as it did no harm there yet. The token-reached limits of the other token rules apply.",
    ),
    (
        "jwt-alg-none",
        "`likely` for a failing request whose token is unsigned (`alg` is `none`, or the signature is empty): servers must reject it (RFC 8725 section 3.1), but the capture does not show that this check is the one that failed. `likely` for the `accepted` variant too, on a request the server answered with a real 2xx: the token is provably unsigned and the request succeeded, but a 2xx does not show that the endpoint relied on the token (it may need none); it is reported as a security warning. For failing requests the token-reached limits of the other token rules apply.",
    ),
    (
        "jwt-signature-rejected",
        "`certain` for a failing request that sent a signed JWT when the server's own words say the signature did not verify (\"invalid signature\", \"signature verification failed\", \"signature is invalid\") or that no key of its matches the token (\"no applicable key found in the JSON Web Key Set\", \"The signature key was not found\"): in its challenge's `error_description`, its JSON message, or the error named on Express's own error page. On a 401 the server states the reason, so it is not in doubt; on a 403 it is `likely`, as another check's refusal may name a signature, and a request that carries a signature of its own (a signed URL's `signature`, `sig` or `X-Amz-Signature`, a `*Signature*` header) is not read for its token's; which variant is said follows from the token: an HMAC algorithm (`HS256`) means a secret shared with the issuing service (`shared-secret`), a key the server has none of and a `kid` in the token mean a key set without that key (`unknown-key`; without a `kid`, an API with no key of that algorithm, `signature`), anything else a signature that did not match (`signature`). Where the capture shows the answer that handed out the token, it is named. A server that names no reason (Passport's plain \"Unauthorized\", recorded in the lab) is never read as a signature refusal, and an unsigned token is `jwt-alg-none`'s.",
    ),
    (
        "id-token-as-access-token",
        "`likely` for a failing request whose Bearer token is one that a token endpoint in the capture issued as `id_token` (variant `issued`): the capture proves an ID token was sent as the access token, but not that the API refused it for that (a few APIs, Cloud Run or IAP among them, want ID tokens). Otherwise the claims are scored: strong ID-token signals (`nonce`, `at_hash`, `c_hash`, `token_use` of `id`) weigh 4, an audience equal to an OAuth `client_id` that the capture's own requests name weighs 5, supporting signals (`aud` equal to `azp`, no scope, `auth_time`, a `typ` other than `at+jwt`) weigh 1 or 2, and access-token signals (a scope, `typ` `at+jwt`, `token_use` of `access`) count against. From a score of 5 the rule speaks: `likely` on a failing request scoring 8 or more, `possible` below that and on any request the server accepted with a real 2xx, since the claims show what kind of token it is, not whether this API checks it. The token-reached limits of the other token rules apply to failing requests.",
    ),
    (
        "jwt-audience-mismatch",
        "A 401 or 403 whose JWT audiences all name hosts (URLs or dotted host names), none of which is the host the request went to. `certain` only when the server names the audience (\"audience\" or the word `aud` in its challenge's `error_description` or in its message, as in \"unexpected 'aud' claim value\"); otherwise `possible`, even when the audience names another site or environment (`staging` against production), because gateways, CDNs and API management front APIs under other host names, so a host that differs from `aud` is a lead rather than proof. Audiences that are client ids or `api://` names are never compared, and the token-reached limits of the other token rules apply.",
    ),
    (
        "clock-skew",
        "On a failing request that involves a time check (a JWT with `exp`, `nbf` or `iat`, or an AWS SigV4 or Hawk signature), the server's `Date` header is compared with `startedDateTime`, allowing for the request's duration and the header's one-second resolution. `likely` (variant `decisive`) when the token is valid by the client's clock but not by the server's, so the skew alone decides; otherwise `possible`. Where another answer (of this host first, else the nearest, not from a cache, quick enough to date) agrees with the client's clock, the finding names this server's clock instead of the device's (variant `server-clock`), at the same confidence; since a skew beyond the leeway does not show that the server judged this request by time. It is dropped for a cached 401 or when the server says it received no token, and is at most `possible` under a bare `Bearer` challenge.",
    ),
    (
        "insufficient-scope",
        "`certain` when the server's challenge says `error=\"insufficient_scope\"` (RFC 6750 section 3.1): the server states that the token lacks a permission. `likely` when GitHub's `X-Accepted-OAuth-Scopes` names scopes that `X-OAuth-Scopes` does not grant, a comparison the rule makes rather than a reason the server gives, and when the error appears only as `insufficient_scope` in a JSON body, outside the standard's channel. Only failing requests are checked.",
    ),
    (
        "csrf-rejected",
        "`certain` when the failing answer (400, 403, 419 or 422) says in the framework's words that its CSRF check refused the request: \"CSRF\" or \"XSRF\" as a word, with a word of refusal in its sentence (failed, missing, mismatch, invalid, incorrect, expired, not set, not found, required) and outside a page's script, as Django, Django REST framework, Flask-WTF, Laravel and csurf write it; Rails' `InvalidAuthenticityToken`; Laravel's 419 \"Page Expired\". A token field in a form (`csrfmiddlewaretoken`) is no refusal. The server names the check, so the cause is not in doubt; which variant is said follows from the capture: the server's own reason (`origin`, `cookie-missing`), no token (or an empty one) in a header or the body of a request recorded as sent (`missing`; `likely` where the server gives no reason and the record has no body, which an exporter may leave out), or the header's token being the value the CSRF cookie held before an earlier answer set the one this request sent (`rotated`, both values seen in the capture). `likely` for `not-read`: the server says no token came while the request sent one in a header named for it, and the capture cannot show which header the server reads (Django's `X-CSRFToken` against Rails' `X-CSRF-Token`, recorded in the lab's django-session-csrf).",
    ),
    (
        "rate-limited",
        "`certain` when the failure is a 429, or when a rate-limit header says nothing remains (`X-RateLimit-Remaining: 0`, `RateLimit-Remaining: 0`, `RateLimit` with `r=0`): the server states that the limit is reached. `likely` when the only sign is a `Retry-After` header on the failing response, which servers also send for other reasons. Only failing requests are checked, and a 429 counts as one only when it carried credentials or was a token request.",
    ),
    (
        "proxy-auth-required",
        "Always `certain`: status 407 means, by definition (RFC 9110 section 15.5.8), that a proxy between the client and the site wants its own credentials. The variants only say whether the proxy named its schemes in `Proxy-Authenticate`, whether a `Proxy-Authorization` was sent and refused, and whether the 407 carries the site's `Access-Control-Allow-Origin` (`from-site`: no proxy the browser uses writes it, so the proxy is behind the site). Chromium's `net::ERR_UNEXPECTED_PROXY_AUTH` (`unexpected`) is as certain: it is Chromium's name for a 407 that did not come from a proxy it uses; the token rules do not speak of such a request.",
    ),
    (
        "header-too-large",
        "`certain` for a 431, or a 400 whose status text or body says the request header or cookie is too large (nginx): the server refused the request before any authentication took place. The sizes come from the capture; when the export has no header sizes (`unknown-size`) the status still proves the cause. When no answer came back at all (`no-answer`: status 0 or -1) to a request whose headers are beyond common servers' limits (a line over 8 KB, or 16 KB in all): `likely` when the browser's error says the connection was closed or reset (Chrome's `net::ERR_CONNECTION_CLOSED`: nginx over HTTP/2 closes the connection on such a request); `possible` when the file wrote no error, as Firefox does for a closed connection and for a request it cancelled or had not finished alike; never for Chromium's own `ERR_FAILED` (CORS) or `ERR_ABORTED` (cancelled). The capture cannot show the server's side, and the token rules do not speak of such a request: nothing shows the server judged its token.",
    ),
    (
        "digest-stale-nonce",
        "Always `certain`: a 401 or 407 with a Digest challenge carrying `stale=true` is the server stating that its nonce expired while the credentials were right (RFC 7616 section 3.3). It is a warning rather than an error because a correct client retries with the new nonce; the rule does not look for that retry.",
    ),
    (
        "cached-401",
        "Looks at 401 responses only. `certain` when the response carries a sign that it came from a cache (`Age` above 0, a cache `HIT` header, Chrome's `_fromCache`): the answer was not the server judging this request's credentials, which is what the capture proves; variant `despite-no-store` when that answer says `Cache-Control: no-store` or `private`, so the cache was set to ignore it. `possible` (variant `storable`, a warning) when nothing shows a hit but a shared cache may store the 401 without varying on credentials, so others could be served it later. Variant `service-worker` (`certain`): Chrome says the page's service worker took the answer from its Cache Storage (`_serviceWorkerResponseSource: cache-storage`); no request went to the server, and `Cache-Control` does not govern that cache. Variant `worker-replay`: where the tool marks no worker, a 401 that came over no network (see `service-worker-answered`'s `unmarked`) after an earlier one of the same call with the same `Date`, which a stored answer keeps; `likely` in Playwright, which records a worker's own requests and holds none for this call, `possible` in Firefox, which records none (its worker may have asked the server and got the same answer within the second).",
    ),
    (
        "login-redirect",
        "Always `likely`: an API call (fetch or XHR, or an `Accept` asking for JSON) answered by a redirect to a URL that looks like a sign-in page, or by a 200 HTML page with a password field that is a sign-in page by its URL or its words. A framework's redirect-to-login is the usual reason, but sign-in URLs and pages are recognised by words, and the capture does not show why the session was not accepted.",
    ),
    (
        "preflight-unauthorized",
        "Always `certain`: a CORS preflight answered 401 or 403. Browsers never send credentials on a preflight and fail any preflight without an ok (2xx) status (Fetch, CORS-preflight fetch), so the actual request could not be sent; the request it was for is linked when the capture has it. Not for a 403 the server's CORS layer wrote (no challenge, and a `Vary` that names `Access-Control-Request-Method`, with no allowances, as Spring's \"Invalid CORS request\" has, or with allowances that refuse what the preflight asked for): no credential was refused, and `cors-blocked` (`preflight-refused`) says what was.",
    ),
    (
        "cors-blocked",
        "For a credentialed cross-origin request the browser blocked (no response, `net::ERR_FAILED`; Chrome records such a request without its cookies, so one without visible credentials counts too where the capture shows cookies for its host): `certain` when the preflight sent for it, replayed through the Fetch standard's checks, fails them, since the browser must then block the request; `likely` when the preflight fails only for a request sent with credentials and the record cannot show them (Chrome's record of a stopped request), the finding then saying the mode is inferred; `possible` for the same inference from a record with no answer and no error at all (Firefox's: status 0, no header; it writes that for a request it cancelled too, as `header-too-large` reads it); `likely` (`response-hidden`) when that preflight passes, so the answer itself was most probably refused; `possible` (`no-preflight-seen`) when no preflight is in the capture, since a network error or a blocker looks the same. For an answered request with cookies whose `Access-Control-Allow-Origin` or `Access-Control-Allow-Credentials` fails the credentialed CORS check, `certain` when Chromium (an exporter that writes `_resourceType`) recorded `net::ERR_FAILED` beside the answer, or, in a record without it (Firefox writes no error for it), when the request shows it went in CORS mode (`Sec-Fetch-Mode: cors`, or `Origin` on a `GET` or `HEAD`: its cookies then mean credentials \"include\"); otherwise `likely`: the headers are in the capture, but not the mode in which the page made the request. Never for a 304 (the check runs on the stored answer it revalidates), a request from a browser extension's page, or an answer Chromium recorded without that error (it reached the page: Chromium records a hidden answer with it, as status -1, or not at all). A preflight whose request appears nowhere in the capture (a HAR builder dropped the blocked request) is judged by its own answer: `certain` when the answer fails the Fetch checks whatever the request was (counted only where it announces a credential header or the capture shows cookies for its host: an anonymous request is no authentication failure), `likely` when only a request with credentials fails them (the credentials mode is not in the capture, but no other check explains the block). The `chrome` variant is always `certain`: Chrome's own `corsErrorStatus` (deep mode in the panel, or a HAR built from the DevTools protocol) names the failed check. A preflight answered 400 or 403 by the server's own CORS handling (no challenge; a 400 with allowances that refuse what it asked for, compared literally as CORS layers compare them, as Starlette's has, or a `Vary` that names `Access-Control-Request-Method`; a 403 with that `Vary`, and no allowances or refusing ones, as Spring's has) is told as such (`preflight-refused`, `certain` as any failed preflight), naming the check its allowances fail, and not as an authentication check on OPTIONS: browsers record no preflight's body, so the headers decide.",
    ),
    (
        "oauth-invalid-client",
        "Always `certain`: the token endpoint's JSON error is `invalid_client`, GitHub's `incorrect_client_credentials` (often with status 200) or `unauthorized_client`, so the server itself names the client as the problem. Which part is wrong (the client id, the secret, or where the secret was sent) is suggested from the request, not proven.",
    ),
    (
        "oauth-authorize-error",
        "Always `certain`: the authorization endpoint itself answered with an OAuth error code (an `error=` in the redirect back, or its own 4xx page naming the code) instead of a code. The variant follows the code; for `login_required` on a silent request (`prompt=none`) the explanation names third-party cookie blocking as one way the provider comes to see no session, which the capture cannot decide.",
    ),
    (
        "oauth-state-lost",
        "For a sign-in callback (a request that brings a `code` or an `id_token` and its `state` back to the app) answered 4xx or 5xx. The rule finds the answer that sent the browser to the provider for this sign-in (a redirect to an authorization request whose `redirect_uri` is the callback's URL and whose `state` is the callback's) and follows each cookie it set. `certain` when the server's own words say the sign-in's state was lost or did not match (express-openid-connect's \"auth_verification\" cookie not found, openid-client's state checks, Passport's \"Unable to verify authorization request state\", ASP.NET Core's \"Correlation failed\", NextAuth's \"State cookie was missing\", Spring's `authorization_request_not_found`) and the capture shows why: the browser refused the cookie when it was set (`refused`), its `SameSite` kept it back from a request that came from the provider's site (`same-site`: `Strict` after a navigation begun on another site's page, or at the end of redirects through another site in a Firefox capture, where Firefox keeps it back and Chromium does not, both recorded in the lab; `Lax`, or no `SameSite` in a Chromium capture more than two minutes old, on a form posted back), it belongs to another host than the callback's (`other-host`), or another sign-in started after this one and before its callback (`superseded`). `likely` for those where the server says nothing (Passport's plain 403), and for a cookie that did not come back for a reason the capture does not show (`not-sent`, only with the server's words) or words alone, where the start is not in the capture or every cookie it set came back (`said`). Where the answer that started the sign-in set no cookie and the callback sent none (`no-cookie`: nothing tied the browser to its sign-in, as when express-session never set its `Secure` session cookie over http, recorded in the lab with Passport's plain 403), it is `possible`, since an app that keeps no state in a cookie may have failed for another reason, and `likely` with the server's words. A cookie the browser sent is never said to be lost.",
    ),
    (
        "oauth-redirect-uri-mismatch",
        "Always `certain`: the token endpoint answered `redirect_uri_mismatch`; or an authorization request (with `response_type` and `client_id`) got a 4xx error page whose body names `redirect_uri_mismatch` or `invalid_redirect_uri` (variant `authorize-page`); or the authorization endpoint redirected back with `error=redirect_uri_mismatch` in its `Location`. In each case the authorization server itself says the `redirect_uri` is not one registered for the client.",
    ),
    (
        "vendor-error",
        "Always `certain`: a failing request (or an error redirect) whose response carries an error code or message that a vendor documents (`src/vendors/`, one table per vendor), matched exactly: an OAuth `error` code unique to the vendor, a JSON member with the vendor's value, an `AADSTS` code as a whole number, or the vendor's exact phrase. The vendor's own words name the cause; a healthy response quoting a code is never read.",
    ),
    (
        "oauth-pkce-mismatch",
        "A code exchange refused with `invalid_grant` (or `bad_verification_code`, `invalid_request`) whose `code_verifier` does not hash to the `code_challenge` of its authorization request in the capture, or is missing although that request sent one. `certain` when the flow is tied to the code through the `state` of the callback that delivered it, since the capture then shows the very challenge the server stored with the code; `likely` when the flow is only the latest authorization request of the same client before the exchange, since an earlier flow outside the capture could have issued the code.",
    ),
    (
        "oauth-code-reused",
        "The same authorization code sent twice to the token endpoint, the later exchange refused with `invalid_grant` or `bad_verification_code`. `certain` when the first exchange worked (the capture shows the code spent); `likely` when the first failed as well, since the code may then have been bad from the start and the reuse is only the second symptom.",
    ),
    (
        "oauth-invalid-grant",
        "Always `certain`: the token endpoint answered `invalid_grant`, `bad_verification_code`, `bad_refresh_token` or `expired_token`, so the server says it rejected the authorization code, refresh token or device code. The variant (code, refresh, device) follows from the error code and the request's `grant_type`; why the grant was refused (expired, already used, PKCE mismatch, revoked) is what the capture cannot decide.",
    ),
    (
        "oauth-token-error",
        "Always `certain`: any other error from an OAuth token endpoint (`invalid_request`, `unsupported_grant_type`, `invalid_scope`, vendor codes such as Azure's), including those answered with status 200; the server's error code and description are the evidence. The `json-body` variant adds, at the same level, the reading that a JSON request body was sent where the endpoint expects form encoding.",
    ),
    (
        "refresh-token-reused",
        "The same refresh token sent twice to the token endpoint, the later use rejected with `invalid_grant` or `bad_refresh_token`. `certain` when the earlier use did not fail, since under rotation the first use invalidates the token and the capture shows both uses; `likely` when the earlier use failed as well, since the token may then have been dead from the start (expired or revoked) rather than rotated.",
    ),
    (
        "token-past-lifetime",
        "A failing request whose Bearer token (opaque, or a JWT without `exp`) is an `access_token` that an accepted token response of the capture issued with `expires_in`, sent after that lifetime ran out; or a refresh refused with `invalid_grant` / `bad_refresh_token` after the `refresh_token_expires_in` of the response that issued the refresh token. `certain` when more than a minute past the lifetime, since the issuing response and the request are both in the capture and the server refused. Also `certain` within that minute when the same origin accepted the same token earlier, before its lifetime ran out: only the time changed, so a server's leeway cannot explain the refusal. Otherwise `likely` within a minute, where a server that accepts tokens a little late (leeway) may have refused for another reason.",
    ),
    (
        "access-token-superseded",
        "A 401 whose Bearer token differs from the access token returned by the latest successful refresh before it (and is not another token from that refresh's response, such as an ID token). `likely` when the old token was itself issued by an earlier token response in the capture, so the request provably used a token that the refresh replaced; `possible` otherwise, since the token may belong to another API or client. In both cases the capture cannot show whether this provider revokes the old token on refresh.",
    ),
    (
        "credential-stopped-working",
        "A fallback for 401 and 403 failures nothing more specific explained, always `likely`: the same `Authorization` value or session cookies were accepted with a 2xx by an earlier request to the same origin (for a 403, to the same path, since a 403 elsewhere is a permission). The capture proves the credential worked, not what ended it (a logout, an evicted session, a revocation); the `flapping` variant, accepted again after the failure, points at servers that do not share sessions, still at `likely`. Basic and Digest credentials are left to `basic-rejected`.",
    ),
    (
        "bearer-invalid-token",
        "A fallback, always `likely`: the server's challenge says `invalid_token` (or `invalid_request`) and no more specific rule explained the failure. The server states that the token was refused, but `invalid_token` covers expired, revoked, malformed and wrongly signed tokens alike; the variant (expired, signature, audience, revoked) is picked from words of the server's `error_description`, which the capture cannot check.",
    ),
    (
        "basic-rejected",
        "A fallback for 401s to well-formed Basic credentials, always `likely`: the form is right, so the content or the account is the probable problem (a wrong password or user, a locked account, credentials of another realm). The capture cannot tell these apart; when the same credentials were accepted elsewhere in it (`accepted-elsewhere`), the account is fine and the realm or resource is the lead, still at `likely`. The same holds for the credentials the browser answered a challenge with itself, from the request's URL (`browser-answered`: Chromium records the request without the `Authorization` it added), and for Digest credentials refused with a fresh challenge rather than `stale=true` (`digest`).",
    ),
    (
        "password-rejected",
        "A fallback, always `likely`: a sign-in request (a JSON or form body with a password field) refused with 401 or 403 that nothing more specific (whitespace, full-width characters, rate limiting) explained. The application's login endpoint refused the credentials, but the capture cannot show which part was wrong, and the server's message, quoted when present, is its own account.",
    ),
    (
        "api-key-rejected",
        "A fallback for 401 and 403. `likely` when the request carried an API key (a known key header or query parameter): the key is the credential that was judged, although the capture cannot tell a wrong, revoked or restricted key from one in the wrong place (`wrong-place` when the error body mentions a header or the query and the key went elsewhere). `possible` (`missing`) when neither a key nor `Authorization` was sent but the error body mentions an API key, since that rests on a word in the body.",
    ),
    (
        "authorization-not-received",
        "A 401 to a request with a well-formed Bearer token whose `Bearer` challenge carries no `error` code, which RFC 6750 section 3.1 reserves for requests without credentials. `certain` when the server also says it found no token (in its `error_description` or a short body); `likely` on the bare challenge alone, because some servers never send error codes. It is silent when the 401 came from a cache, on the page's record of a call its service worker answered (what it carries is what the page gave the worker), and where the server's words say it refused a token it was sent and the token had expired (FastAPI sends the bare challenge with every refusal, \"Could not validate credentials\" for a token it could not verify: the header arrived); `possible` where such words come with a token that shows no defect (the same words come back when the header was dropped and the code verified nothing). Under the same bare challenge, and without such words, the rules that read the token are capped at `possible`, so that this one ranks first.",
    ),
    (
        "har-sanitized",
        "The capture is a Chrome export (`WebInspector`) with requests dated after Chrome 130 shipped and no `Authorization`, `Cookie` or `Set-Cookie` anywhere, which is what the default sanitized export looks like, unless Chrome's own count of each request's and answer's header text (`headersSize`, written before the export deletes lines; HTTP/1.1 only) matches the lines listed for every entry: then no line was taken out, and a user who was not signed in, or whose key goes in a header of its own, is not told the file was sanitized. `likely` when the capture has failures, whose credentials can then not be judged, but `possible` (`others-shown`) where every failure shows an API key the sanitizing keeps; `possible` when it has none, since a site that uses neither cookies nor `Authorization` looks the same and no diagnosis depends on it.",
    ),
    (
        "unexplained-auth-failure",
        "Always `possible`: a failure that no other rule explained gets the general checklist, with the server's own message when it sent one (`server-said`), and, where the record shows no credential, that it cannot tell a request that sent none from a record that leaves it out (`none-shown`); where a 401 refused a signed JWT that was valid by its own times and reached the code that judged it (not a cached answer, not one that says no token came), that its expiry is ruled out (more than the leeway left) and what remains, unranked, unless the server's words name a cause, which are then the lead (`server-said`): the signature, the issuer or audience, a revocation (`jwt-refused`; Passport's plain \"Unauthorized\", recorded in the lab). It asserts no cause, only that the request failed and what the capture shows for each point worth checking A sign-in's callback the app answered with an error, where nothing shows its state lost, gets the app's own steps instead of the checklist (`callback`: the code's exchange, the ID token's checks, the app's work after them), and one answered 404 the route its redirect URI lacks (`callback-route`).",
    ),
];

/// Why a rule's findings carry the confidence they do.
pub fn rationale(rule: &str) -> Option<&'static str> {
    RATIONALE
        .iter()
        .find(|(id, _)| *id == rule)
        .map(|(_, why)| *why)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_says_why_its_confidence_is_what_it_is() {
        for r in crate::rules::ALL {
            let id = r.meta().id;
            let why =
                super::rationale(id).unwrap_or_else(|| panic!("{id} has no confidence rationale"));
            assert!(
                why.len() > 80,
                "{id}: the rationale is too short to say why"
            );
        }
        assert_eq!(
            super::RATIONALE.len(),
            crate::rules::ALL.len(),
            "a rationale for a rule that does not exist"
        );
    }
}
