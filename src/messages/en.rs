//! English messages.

use super::Msg;

/// Interface words.
pub static UI: &[(&str, &str)] = &[
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
    ("expected_text", "The request is authenticated and succeeds (2xx)."),
    ("observed_text", "The server answered {status} ({kind})."),
    ("cause", "Cause"),
    ("reproduce", "Reproduce (secrets redacted)"),
    ("summary", "Summary by cause"),
    ("report_title", "why401 report"),
    ("captured_by", "Captured by"),
    ("no_response", "no response"),
];

/// Every message.
pub static MESSAGES: &[Msg] = &[
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
