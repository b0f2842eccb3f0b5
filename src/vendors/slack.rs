//! Slack Web API: `{"ok": false, "error": "…"}` bodies, answered with HTTP 200.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const AUTH: Reference = Reference {
    title: "Slack: Web API errors (auth.test)",
    url: "https://api.slack.com/methods/auth.test#errors",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Slack",
        signal: Signal::JsonValue("error", "invalid_auth"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.slack.invalid-auth",
            "Slack: the token is not valid (invalid_auth)",
            "Slack answered HTTP 200 with ok: false and invalid_auth: the token is malformed, belongs to another workspace or app, or the request reached Slack from an IP address the workspace does not allow.",
            &["Send the token from the app's OAuth & Permissions page (xoxb- for a bot, xoxp- for a user) as Authorization: Bearer, and check the workspace's allowed IP ranges."],
        ),
        ja: msg(
            "vendor-error.slack.invalid-auth",
            "Slack: トークンが無効です (invalid_auth)",
            "Slack は HTTP 200 で `ok: false` と invalid_auth を返しました。トークンの形式が正しくない、別のワークスペースやアプリのものである、またはワークスペースが許可していない IP アドレスからリクエストが届いた、のいずれかです。",
            &["アプリの `OAuth & Permissions` ページのトークン (ボットは `xoxb-`、ユーザーは `xoxp-`) を `Authorization: Bearer` で送り、ワークスペースで許可されている IP アドレスの範囲を確認してください。"],
        ),
        reference: AUTH,
    },
    VendorError {
        vendor: "Slack",
        signal: Signal::JsonValue("error", "not_authed"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.slack.not-authed",
            "Slack: no token was provided (not_authed)",
            "Slack found no token in the request: no Authorization header and no token parameter. A header dropped by a proxy or a token sent as JSON to a method that reads form fields does this too.",
            &["Send the token as `Authorization: Bearer xoxb-…`; for methods that take form-encoded arguments, do not put it in a JSON body."],
        ),
        ja: msg(
            "vendor-error.slack.not-authed",
            "Slack: トークンが送られていません (not_authed)",
            "Slack はリクエストにトークンを見つけられませんでした。Authorization ヘッダーも `token` パラメーターもありません。プロキシがヘッダーを削除した場合や、フォーム形式の引数を読むメソッドにトークンを JSON で送った場合もこうなります。",
            &["トークンは `Authorization: Bearer xoxb-…` で送ってください。フォーム形式の引数を取るメソッドでは、JSON のボディに入れないでください。"],
        ),
        reference: AUTH,
    },
    VendorError {
        vendor: "Slack",
        signal: Signal::JsonValue("error", "token_revoked"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.slack.token-revoked",
            "Slack: the token has been revoked (token_revoked)",
            "The token was valid once but has been revoked: the app was uninstalled or reinstalled, the user removed it, or the token was rotated.",
            &["Reinstall the app (or run its OAuth flow again) and use the new token; with token rotation on, refresh tokens before they expire."],
        ),
        ja: msg(
            "vendor-error.slack.token-revoked",
            "Slack: トークンが失効しています (token_revoked)",
            "このトークンはかつて有効でしたが、失効しています。アプリがアンインストールまたは再インストールされた、ユーザーがアプリを削除した、またはトークンがローテーションされた、のいずれかです。",
            &["アプリを再インストールする (または OAuth フローをやり直す) と発行される新しいトークンを使ってください。トークンのローテーションが有効なら、期限が切れる前にリフレッシュします。"],
        ),
        reference: AUTH,
    },
];
