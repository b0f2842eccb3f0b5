//! Keycloak: the `error_description` texts of its token endpoint and the messages of
//! its own error pages.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const OIDC: Reference = Reference {
    title: "Keycloak: Securing applications with OpenID Connect",
    url: "https://www.keycloak.org/securing-apps/oidc-layers",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Keycloak",
        signal: Signal::Phrase("Invalid parameter: redirect_uri"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.keycloak.invalid-redirect-uri",
            "Keycloak: the redirect_uri is not allowed for this client",
            "Keycloak showed its \"Invalid parameter: redirect_uri\" page: the redirect_uri of the request matches none of the client's Valid Redirect URIs, so it will not send the browser back.",
            &["Add the redirect URI, exactly as sent, to the client's \"Valid redirect URIs\" in the admin console (a trailing /* allows paths below it)."],
        ),
        ja: msg(
            "vendor-error.keycloak.invalid-redirect-uri",
            "Keycloak: この redirect_uri はクライアントで許可されていません",
            "Keycloak は `Invalid parameter: redirect_uri` のページを表示しました。リクエストの redirect_uri がクライアントの「有効なリダイレクト URI」のどれとも一致しないため、Keycloak はブラウザをアプリにリダイレクトして戻しません。",
            &["管理コンソールで、送っているとおりのリダイレクト URI をクライアントの「有効なリダイレクト URI」に追加してください (末尾を /* にすると、その下のパスも許可されます)。"],
        ),
        reference: OIDC,
    },
    VendorError {
        vendor: "Keycloak",
        signal: Signal::Phrase("Code not valid"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.keycloak.code-not-valid",
            "Keycloak: the authorization code is not valid (\"Code not valid\")",
            "Keycloak refused the code: it was already exchanged, it expired (one minute by default), or it was issued in another session or to another client.",
            &["Exchange each code once, right after the redirect; do not reload the callback page, and start a new login for a new code."],
        ),
        ja: msg(
            "vendor-error.keycloak.code-not-valid",
            "Keycloak: 認可コードが無効です (`Code not valid`)",
            "Keycloak はコードを拒否しました。すでに交換済みか、期限切れ (既定は 1 分) か、別のセッションまたは別のクライアントに発行されたものです。",
            &["各コードはリダイレクトの直後に 1 回だけ交換してください。コールバックページを再読み込みせず、新しいコードが必要ならログインをやり直します。"],
        ),
        reference: OIDC,
    },
    VendorError {
        vendor: "Keycloak",
        signal: Signal::Phrase("Token is not active"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.keycloak.token-not-active",
            "Keycloak: the token is not active (\"Token is not active\")",
            "Keycloak refused the refresh token: it expired (the SSO Session Idle or Max timeout of the realm), or it was revoked by a logout or by refresh-token rotation.",
            &[
                "Send the user through login again.",
                "If this happens soon after login, check the realm's SSO Session Idle and Max settings and, with \"Revoke Refresh Token\" on, that the newest refresh token is always used.",
            ],
        ),
        ja: msg(
            "vendor-error.keycloak.token-not-active",
            "Keycloak: トークンが有効ではありません (`Token is not active`)",
            "Keycloak はリフレッシュトークンを拒否しました。期限切れ (realm の `SSO Session Idle` または `SSO Session Max` のタイムアウト) か、ログアウトやリフレッシュトークンのローテーションによって失効しています。",
            &[
                "ユーザーに再ログインしてもらってください。",
                "ログインしてすぐに起こる場合は、realm の `SSO Session Idle` と `SSO Session Max` の設定を確認してください。`Revoke Refresh Token` が有効なら、常に最新のリフレッシュトークンを使っているかも確認します。",
            ],
        ),
        reference: OIDC,
    },
    VendorError {
        vendor: "Keycloak",
        signal: Signal::Phrase("Session not active"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.keycloak.session-not-active",
            "Keycloak: the user's session has ended (\"Session not active\")",
            "The Keycloak session this token belongs to no longer exists: the user logged out, an administrator ended the session, the session timed out, or Keycloak was restarted without persistent sessions.",
            &["Send the user through login again; if sessions vanish on restarts, configure persistent or clustered sessions."],
        ),
        ja: msg(
            "vendor-error.keycloak.session-not-active",
            "Keycloak: ユーザーのセッションが終了しています (`Session not active`)",
            "このトークンが属する Keycloak のセッションはもう存在しません。ユーザーがログアウトした、管理者がセッションを終了した、タイムアウトした、または永続化されていないセッションのまま Keycloak が再起動された、のいずれかです。",
            &["ユーザーに再ログインしてもらってください。再起動のたびにセッションが消える場合は、セッションの永続化またはクラスター構成を設定します。"],
        ),
        reference: OIDC,
    },
];
