//! Sign-in forms and what the server said about a refused sign-in.

use crate::knowledge::{is_password_field, is_user_field, AUTH_BODY_WORDS};

use super::EntryCx;
use crate::rules::{entry_ptr, resp_header_ptr, Pointer, Value};

impl<'h, 'a> EntryCx<'h, 'a> {
    /// Whether the request signs in: a sign-in form, a token request, or a sign-in page.
    /// Remembered: the rules that relate entries ask it of every entry
    /// ([`super::FileCx::signs_in_between`]), after each entry's own rules, when the entry
    /// is no longer in the processor's cache; the engine asks it first, while it is.
    pub fn signs_in(&self) -> bool {
        *self.signs_in.get_or_init(|| {
            !self.login_fields().is_empty()
                || self.is_token_request()
                || crate::knowledge::looks_like_login_url(&self.entry.request.url)
        })
    }

    /// User name and password fields of a sign-in request body (JSON or form):
    /// (JSON pointer, field name, value). Read once: several rules ask, and reading a JSON
    /// body is a tree of allocations.
    pub fn login_fields(&self) -> &[(crate::rules::Pointer, String, String)] {
        self.login
            .get_or_init(|| self.read_login_fields().into_boxed_slice())
    }

    fn read_login_fields(&self) -> Vec<(crate::rules::Pointer, String, String)> {
        let Some(post) = &self.entry.request.post_data else {
            return Vec::new();
        };
        // Every password field's name holds `pass` or `pwd`. A body whose raw text (as the
        // file writes it) has neither, and no escape that could spell one (`\u0070`, `%70`),
        // names no password field, and is not unescaped and read. Every request is asked
        // whether it signs in and most bodies are not sign-ins: unescaping each and reading
        // each JSON body into a tree was half of that. Listed form parameters are read
        // whatever the text says.
        if post.params.is_empty()
            && !post.raw_contains("\\u")
            && !post.raw_contains("%")
            && !crate::knowledge::may_name_a_password(
                post.raw_text.as_ref().map_or("", |r| r.get()),
            )
        {
            return Vec::new();
        }
        let i = self.index();
        let pointer = crate::rules::entry_ptr(i, "request/postData");
        let mut fields: Vec<(String, String)> = Vec::new();
        let text = post.text().unwrap_or_default();
        let text = text.as_ref();
        if text.trim_start().starts_with('{') {
            if let Ok(serde_json::Value::Object(map)) =
                crate::har::read_json::<serde_json::Value>(text)
            {
                for (k, v) in map {
                    if let serde_json::Value::String(s) = v {
                        fields.push((k, s));
                    }
                }
            }
        } else if !post.params.is_empty() {
            for p in &post.params {
                fields.push((
                    crate::redact::percent_decode_lossy(&p.name).into_owned(),
                    crate::redact::percent_decode_lossy(&p.value).into_owned(),
                ));
            }
        } else if text.contains('=') {
            for pair in text.split('&') {
                if let Some((k, v)) = pair.split_once('=') {
                    fields.push((
                        crate::redact::percent_decode_lossy(k).into_owned(),
                        crate::redact::percent_decode_lossy(v).into_owned(),
                    ));
                }
            }
        }
        if !fields.iter().any(|(k, _)| is_password_field(k)) {
            return Vec::new();
        }
        fields
            .into_iter()
            .filter(|(k, _)| is_password_field(k) || is_user_field(k))
            .map(|(k, v)| (pointer.clone(), k, v))
            .collect()
    }

    /// The server's own words about the failure: RFC 6750 `error_description`,
    /// or the message of a JSON error body in the shapes real APIs use
    /// (`error_description`, `error.message`, `message`, `Message`, RFC 7807
    /// `detail`/`title`, `errors[0].message`, a bare `error` code). Cut at 200
    /// characters; never a secret-bearing field.
    pub fn server_message(&self) -> Option<String> {
        self.server_words(|_| true).map(|(_, words)| words)
    }

    /// Where the failing answer says what `said` looks for, and its words as [`EntryCx::scrubbed`]
    /// shows them: a challenge's `error_description` or `error` code, else the body's message.
    pub fn server_says(&self, said: impl Fn(&str) -> bool) -> Option<(Pointer, Value)> {
        self.server_words(said)
            .map(|(pointer, words)| (pointer, Value::text(words)))
    }

    /// [`EntryCx::server_says`] with the words as text.
    pub fn server_words(&self, said: impl Fn(&str) -> bool) -> Option<(Pointer, String)> {
        let i = self.index();
        let challenge = self.challenges().iter().find_map(|(h, c)| {
            let words = [c.error_description(), c.error()].into_iter().flatten();
            let m = words.into_iter().find(|m| said(m))?;
            Some((resp_header_ptr(i, *h), m.to_owned()))
        });
        let (pointer, words) = challenge.or_else(|| {
            let body = self.body_message().filter(|m| said(m))?;
            Some((entry_ptr(i, "response/content/text"), body))
        })?;
        Some((pointer, self.scrubbed(&words)?))
    }

    /// The message of a JSON error body, in the shapes [`EntryCx::server_message`] lists.
    pub fn json_message(&self) -> Option<String> {
        let v = self.body_json()?;
        let s = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        s(&v["error_description"])
            .or_else(|| s(&v["error"]["message"]))
            .or_else(|| s(&v["message"]))
            .or_else(|| s(&v["Message"]))
            .or_else(|| s(&v["detail"]))
            .or_else(|| s(&v["title"]))
            .or_else(|| s(&v["errors"][0]["message"]))
            .or_else(|| s(&v["error"]))
    }

    /// The message of a JSON error body ([`EntryCx::json_message`]), else the error named on
    /// Express's own error page ([`error_page_words`]), else a short plain-text answer
    /// ([`plain_words`]).
    pub fn body_message(&self) -> Option<String> {
        self.json_message().or_else(|| {
            let body = self.body()?;
            error_page_words(body).or_else(|| {
                let mime: &str = &self.entry.response.as_ref()?.content.mime_type;
                plain_words(mime, body)
            })
        })
    }

    /// A server's words as they may be shown: trimmed, cut at 200 characters, and without a
    /// credential this request sent (some servers echo the credential they refused: Spring's
    /// "invalid_token" description is the token). `None` when nothing is left.
    pub fn scrubbed(&self, text: &str) -> Option<String> {
        let mut text = text.trim().to_owned();
        if text.is_empty() {
            return None;
        }
        for secret in self.sent_secrets() {
            if secret.chars().count() >= 6 && text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), &self.opts.secret(&secret));
            }
        }
        Some(match text.char_indices().nth(200) {
            Some((cut, _)) => format!("{}…", &text[..cut]), // boundary: char_indices
            None => text,
        })
    }

    /// Whether the server says it refused a token it was sent: RFC 6750's `invalid_token`
    /// (which a server should not send when no token came, §3.1), or its own words for an
    /// invalid or expired token, unless they also speak of one missing ("missing or invalid
    /// token"). A capture that shows no credential on such a request lost it on the way
    /// to the file: Polly.JS recordings, for one, strip `Authorization` before they are written
    /// (a Spotify client's test recordings read "missing credentials" beside the server's
    /// "Invalid access token").
    pub fn server_refused_a_token(&self) -> bool {
        let challenged = self.challenges().iter().any(|(_, c)| {
            c.error()
                .is_some_and(|e| e.eq_ignore_ascii_case("invalid_token"))
        });
        let message = self.server_message().map(|m| m.to_ascii_lowercase());
        let missing = message.as_deref().is_some_and(|m| {
            [
                "missing",
                "no token",
                "not provided",
                "required",
                "no authorization",
            ]
            .iter()
            .any(|w| m.contains(w))
        });
        !missing
            && (challenged
                || message.as_deref().is_some_and(|m| {
                    m == "invalid_token"
                        || (crate::knowledge::TOKEN_REFUSED_WORDS.iter())
                            .chain(crate::knowledge::SIGNATURE_REFUSED_PHRASES)
                            .chain(crate::knowledge::NO_SIGNING_KEY_PHRASES)
                            .any(|w| m.contains(w))
                }))
    }

    /// Whether an error body talks about credentials (for 403s without a challenge).
    pub fn body_mentions_auth(&self) -> bool {
        let Some(body) = self.body() else {
            return false;
        };
        let b = body.to_ascii_lowercase();
        AUTH_BODY_WORDS.iter().any(|w| b.contains(w))
    }
}

/// The error that Express's own error handler names, on the page it answers with when the app
/// has none of its own (its `finalhandler`): outside production, the error's stack in a `<pre>`
/// under `<title>Error</title>`, whose first line is the error's name and message
/// ("UnauthorizedError: invalid signature", express-jwt's refusal; the lab's
/// express-jwt-wrong-secret). In production the page shows the status text alone
/// ("Unauthorized"), which names nothing, and this is `None`.
pub fn error_page_words(body: &str) -> Option<String> {
    const TITLE: &str = "<title>Error</title>";
    let at = crate::text::find(crate::text::head(body, 512), TITLE)?;
    let rest = body.get(at + TITLE.len()..)?; // boundary: after ASCII found above
    let pre = crate::text::find(rest, "<pre>")?;
    let rest = rest.get(pre + "<pre>".len()..)?; // boundary: after ASCII found above
    let line = rest
        .find(['<', '\n'])
        .map_or(rest, |end| rest.get(..end).unwrap_or(rest)); // boundary: at ASCII
    let line = unescape_html(crate::text::head(line, 400).trim());
    // "Name: message", the name an identifier: an error's stack, not a status text.
    let (name, message) = line.split_once(": ")?;
    let named = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.');
    (named && !message.trim().is_empty()).then_some(line)
}

/// The words of a short answer in plain text, as Passport ("Unauthorized"), Koa ("Authentication
/// Error") and ASP.NET Core ("Correlation failed.") may write them: one line of at most 300
/// characters, in a `text/plain` answer.
pub fn plain_words(mime: &str, body: &str) -> Option<String> {
    let text = body.trim();
    let plain = mime
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("text/plain");
    (plain && !text.is_empty() && text.len() <= 300 && !text.contains('\n'))
        .then(|| text.to_owned())
}

/// Text with HTML's character references for `& < > " '` and non-breaking spaces put back (what
/// `escape-html` and Express's error page write).
fn unescape_html(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use crate::rules::facts::{EntryCx, TokenCache};
    use crate::Options;

    /// Express's own error page names the error outside production (the lab's express-jwt
    /// captures), and nothing but the status text in production.
    #[test]
    fn express_error_page_words() {
        let page = |pre: &str| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{pre}</pre>\n</body>\n</html>\n"
            )
        };
        let words = |pre: &str| super::error_page_words(&page(pre));
        assert_eq!(
            words("UnauthorizedError: invalid signature<br> &nbsp; &nbsp;at new UnauthorizedError (/app/node_modules/express-jwt/dist/errors/UnauthorizedError.js:22:28)").as_deref(),
            Some("UnauthorizedError: invalid signature")
        );
        assert_eq!(
            words("InvalidTokenError: &quot;exp&quot; claim timestamp check failed<br> &nbsp; &nbsp;at x").as_deref(),
            Some("InvalidTokenError: \"exp\" claim timestamp check failed")
        );
        assert_eq!(words("Unauthorized"), None);
        assert_eq!(words("Cannot GET /api/me"), None);
        assert_eq!(words("Error: <br>"), None);
        // Another page with a <pre> is not Express's.
        assert_eq!(
            super::error_page_words("<html><pre>UnauthorizedError: x</pre>"),
            None
        );
        // Text that is not ASCII, cut anywhere, does not panic.
        assert_eq!(
            words(&format!("E: {}", "é".repeat(300))).map(|w| w.len() <= 400),
            Some(true)
        );
    }

    /// The user and password fields of a request body, as `(name, value)`.
    fn fields(post_data: &str) -> Vec<(String, String)> {
        let text = format!(
            r#"{{"log":{{"entries":[{{"startedDateTime":"2024-05-01T10:00:00Z","request":{{"method":"POST","url":"https://a.test/api/session","headers":[],"postData":{post_data}}},"response":{{"status":401}}}}]}}}}"#
        );
        let read = crate::har::parse(&text);
        let (opts, tokens) = (Options::default(), TokenCache::default());
        let cx = EntryCx::new(&read.har.entries[0], &opts, false, &tokens);
        let out = cx
            .login_fields()
            .iter()
            .map(|(_, k, v)| (k.clone(), v.clone()))
            .collect();
        out
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Bodies that name a password only through an escape are still read as sign-ins (a
    /// quick test lets most bodies skip being read, and must not skip these).
    #[test]
    fn a_password_field_is_found_however_its_name_is_written() {
        let json = |body: &str| {
            format!(
                r#"{{"mimeType":"application/json","text":{}}}"#,
                serde_json::to_string(body).unwrap()
            )
        };
        let form = |body: &str| {
            format!(
                r#"{{"mimeType":"application/x-www-form-urlencoded","text":{}}}"#,
                serde_json::to_string(body).unwrap()
            )
        };
        let want = pairs(&[("user", "u"), ("password", "p")]);
        assert_eq!(fields(&json(r#"{"user":"u","password":"p"}"#)), want);
        assert_eq!(fields(&json(r#"{"user":"u","\u0070assword":"p"}"#)), want);
        assert_eq!(fields(&form("user=u&password=p")), want);
        assert_eq!(fields(&form("user=u&%70assword=p")), want);
        assert_eq!(
            fields(&json(r#"{"Email":"u","PWD":"p"}"#)),
            pairs(&[("Email", "u"), ("PWD", "p")])
        );
        // The file's own escape of a letter (`\u0070` in the HAR's string, not in the body).
        assert_eq!(
            fields(
                r#"{"mimeType":"application/json","text":"{\"user\":\"u\",\"\u0070assword\":\"p\"}"}"#
            ),
            want
        );
        // Listed parameters are read whatever the text says.
        assert_eq!(
            fields(
                r#"{"mimeType":"application/x-www-form-urlencoded","text":"","params":[{"name":"user","value":"u"},{"name":"password","value":"p"}]}"#
            ),
            want
        );
        assert!(fields(&json(r#"{"user":"u","passcode":"p"}"#)).is_empty());
        assert!(fields(&json(r#"{"query":"items","page":2}"#)).is_empty());
    }
}
