//! Firebase Authentication (Identity Toolkit and Secure Token REST APIs): the
//! `error.message` codes of their JSON errors.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const REST: Reference = Reference {
    title: "Firebase Auth REST API: common error codes",
    url: "https://firebase.google.com/docs/reference/rest/auth",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "INVALID_LOGIN_CREDENTIALS"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.invalid-login-credentials",
            "Firebase Auth: wrong email or password (INVALID_LOGIN_CREDENTIALS)",
            "Firebase could not sign the user in with this email and password. With email enumeration protection on (the default for new projects) Firebase does not say which of the two is wrong, nor whether the account exists.",
            &["Check the email and password; offer a password reset, and check in the Firebase console that the account exists and that Email/Password sign-in is enabled."],
        ),
        ja: msg(
            "vendor-error.firebase.invalid-login-credentials",
            "`Firebase Auth`: メールアドレスまたはパスワードが違います (INVALID_LOGIN_CREDENTIALS)",
            "`Firebase` は、このメールアドレスとパスワードではログインを受け付けませんでした。メールアドレス列挙保護が有効な場合 (新しいプロジェクトの既定)、`Firebase` はどちらが違うのかも、アカウントが存在するかどうかも返しません。",
            &["メールアドレスとパスワードを確認してください。パスワードの再設定を案内し、`Firebase` コンソールでアカウントが存在することと、メール / パスワードによるログインが有効なことを確認します。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "TOKEN_EXPIRED"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.token-expired",
            "Firebase Auth: the user's credential is no longer valid (TOKEN_EXPIRED)",
            "Firebase refused to refresh the session: the user's credential is no longer valid, typically because the password was changed, the account was disabled, or its tokens were revoked. Refreshing again will not help.",
            &["Sign the user in again; after a password change or a revocation, old sessions end by design."],
        ),
        ja: msg(
            "vendor-error.firebase.token-expired",
            "`Firebase Auth`: ユーザーの認証情報が無効になっています (TOKEN_EXPIRED)",
            "`Firebase` はセッションのリフレッシュを拒否しました。ユーザーの認証情報がもう有効ではありません。多いのは、パスワードが変更された、アカウントが無効にされた、トークンが失効した、のいずれかです。リフレッシュを再試行しても解決しません。",
            &["ユーザーに再ログインしてもらってください。パスワードの変更やトークンの失効の後に以前のセッションが終了するのは、仕様どおりの動作です。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "INVALID_ID_TOKEN"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.invalid-id-token",
            "Firebase Auth: the ID token is not valid (INVALID_ID_TOKEN)",
            "The idToken sent is no longer valid for this user: it expired (ID tokens live one hour), or the user's credential changed since it was issued.",
            &["Get a fresh ID token (getIdToken() refreshes it when needed) right before the call, and sign in again if that fails."],
        ),
        ja: msg(
            "vendor-error.firebase.invalid-id-token",
            "`Firebase Auth`: ID トークンが無効です (INVALID_ID_TOKEN)",
            "送信した `idToken` は、このユーザーに対してもう有効ではありません。期限が切れている (ID トークンの有効期間は 1 時間) か、発行後にユーザーの認証情報が変わっています。",
            &["呼び出しの直前に新しい ID トークンを取得し (`getIdToken()` は必要に応じてリフレッシュします)、それでも失敗する場合は再ログインしてください。"],
        ),
        reference: REST,
    },
];
