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
            "The user's credential is no longer valid, typically because the password was changed or the user's tokens were revoked since this token was issued. Firebase refuses the tokens issued before that, whether the app refreshes its session with them or calls with an old ID token, even where the ID token's own expiry is still to come. Refreshing again with the same token will not help.",
            &["Sign the user in again; after a password change or a revocation, old sessions end by design.", "Where the app itself changed the password, keep the tokens Firebase answered the change with and drop the old ones (the SDK does)."],
        ),
        ja: msg(
            "vendor-error.firebase.token-expired",
            "`Firebase Auth`: ユーザーの認証情報が無効になっています (TOKEN_EXPIRED)",
            "ユーザーの認証情報がもう有効ではありません。多いのは、このトークンの発行後にパスワードが変更された、またはトークンが失効させられた場合です。`Firebase` はそれより前に発行されたトークンを拒否します。セッションのリフレッシュに使っても、古い ID トークンで呼び出しても同じで、ID トークン自体の有効期限がまだ先でも拒否されます。同じトークンでリフレッシュを再試行しても解決しません。",
            &["ユーザーに再ログインしてもらってください。パスワードの変更やトークンの失効の後に以前のセッションが終了するのは、仕様どおりの動作です。", "アプリ自身がパスワードを変更した場合は、その変更のレスポンスで `Firebase` が返したトークンを使い、古いトークンは破棄してください (`SDK` はこれを自動で行います)。"],
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
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "EMAIL_NOT_FOUND"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.email-not-found",
            "Firebase Auth: no account has this email (EMAIL_NOT_FOUND)",
            "Firebase found no user with this email address: it may be mistyped, or the account was deleted, or it lives in another Firebase project. Firebase says so only where email enumeration protection is off (projects made before 15 September 2023 that did not turn it on, and the emulator by default); where it is on, the same mistake reads INVALID_LOGIN_CREDENTIALS.",
            &["Check the email address for typos, and that the app's Firebase configuration (apiKey, projectId) names the project the account is in: the console's Authentication tab lists its users."],
        ),
        ja: msg(
            "vendor-error.firebase.email-not-found",
            "`Firebase Auth`: このメールアドレスのアカウントがありません (EMAIL_NOT_FOUND)",
            "このメールアドレスのユーザーが `Firebase` に見つかりません。メールアドレスの入力ミスか、アカウントが削除されたか、別の `Firebase` プロジェクトのアカウントである可能性があります。`Firebase` がこう答えるのは、メールアドレス列挙保護が無効な場合 (2023 年 9 月 15 日より前に作られ、保護を有効にしていないプロジェクトと、既定のエミュレーター) だけです。有効な場合は、同じ間違いでも INVALID_LOGIN_CREDENTIALS が返ります。",
            &["メールアドレスに入力ミスがないか、アプリの `Firebase` 設定 (`apiKey`、`projectId`) がそのアカウントのあるプロジェクトを指しているかを確認してください。ユーザーの一覧は、コンソールの `Authentication` タブにあります。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "INVALID_PASSWORD"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.invalid-password",
            "Firebase Auth: wrong password (INVALID_PASSWORD)",
            "The account exists, and the password sent is not its password (or the account has none: it signs in with Google or another provider). Firebase says so only where email enumeration protection is off; where it is on, the same mistake reads INVALID_LOGIN_CREDENTIALS.",
            &["Check the password the form sent (a space at either end, the keyboard's layout); offer a password reset, and check in the Firebase console which providers the account signs in with."],
        ),
        ja: msg(
            "vendor-error.firebase.invalid-password",
            "`Firebase Auth`: パスワードが違います (INVALID_PASSWORD)",
            "アカウントは存在しますが、送信されたパスワードが違います (または、そのアカウントにはパスワードがなく、`Google` など別のプロバイダーでログインします)。`Firebase` がこう答えるのは、メールアドレス列挙保護が無効な場合だけです。有効な場合は、同じ間違いでも INVALID_LOGIN_CREDENTIALS が返ります。",
            &["フォームが送信したパスワードを確認してください (前後の空白、キーボード配列など)。パスワードの再設定を案内し、`Firebase` コンソールでそのアカウントのログイン方法 (プロバイダー) を確認します。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "USER_DISABLED"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.user-disabled",
            "Firebase Auth: the account is disabled (USER_DISABLED)",
            "An administrator disabled this account, in the Firebase console or with the Admin SDK. Firebase refuses both signing in and refreshing the session; no token will help until the account is enabled again.",
            &["Tell the user the account is disabled rather than asking for the password again.", "If that was a mistake, enable the account again in the Firebase console (Authentication, Users)."],
        ),
        ja: msg(
            "vendor-error.firebase.user-disabled",
            "`Firebase Auth`: アカウントが無効にされています (USER_DISABLED)",
            "管理者が `Firebase` コンソールまたは `Admin SDK` で、このアカウントを無効にしました。`Firebase` はログインもセッションのリフレッシュも拒否します。アカウントが再び有効になるまで、どのトークンを使っても解決しません。",
            &["パスワードの再入力を求めるのではなく、アカウントが無効になっていることをユーザーに伝えてください。", "誤って無効にした場合は、`Firebase` コンソール (`Authentication` のユーザー一覧) でアカウントを再び有効にしてください。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "INVALID_REFRESH_TOKEN"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.invalid-refresh-token",
            "Firebase Auth: the refresh token is not valid (INVALID_REFRESH_TOKEN)",
            "Firebase does not know this refresh token: it was cut short or changed in storage, or it comes from another environment (an app that switched between the emulator and production kept the old session in the browser).",
            &["Sign the user in again, and keep the refresh token as the SDK stores it.", "Where the app moved between the emulator and production, sign out there (or clear the stored session) before signing in."],
        ),
        ja: msg(
            "vendor-error.firebase.invalid-refresh-token",
            "`Firebase Auth`: リフレッシュトークンが無効です (INVALID_REFRESH_TOKEN)",
            "`Firebase` はこのリフレッシュトークンを認識できません。保存されている間に途中で切れたか書き換えられたか、別の環境のトークンです (アプリがエミュレーターと本番を切り替えたのに、以前のセッションがブラウザに残っている場合)。",
            &["ユーザーに再ログインしてもらってください。リフレッシュトークンは `SDK` が保存したものに手を加えず、そのまま使ってください。", "アプリがエミュレーターと本番を切り替えた場合は、切り替えた先でログアウトしてから (または保存されたセッションを消してから) ログインしてください。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        signal: Signal::JsonValue("message", "USER_NOT_FOUND"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.firebase.user-not-found",
            "Firebase Auth: the account no longer exists (USER_NOT_FOUND)",
            "Firebase found no user for this token or refresh token: the account was most likely deleted after the token was issued.",
            &["Sign the user out, and ask them to sign in or sign up again; check the console's user list, and any code that deletes accounts."],
        ),
        ja: msg(
            "vendor-error.firebase.user-not-found",
            "`Firebase Auth`: アカウントがもう存在しません (USER_NOT_FOUND)",
            "このトークン (またはリフレッシュトークン) のユーザーが `Firebase` に見つかりません。トークンの発行後に、アカウントが削除された可能性が高いです。",
            &["ユーザーをログアウトさせ、ログインか新規登録をやり直してもらってください。コンソールのユーザー一覧と、アカウントを削除するコードを確認します。"],
        ),
        reference: REST,
    },
    VendorError {
        vendor: "Firebase Authentication",
        // Firebase adds its explanation after the code: "TOO_MANY_ATTEMPTS_TRY_LATER : Access
        // to this account has been temporarily disabled…".
        signal: Signal::Phrase("\"TOO_MANY_ATTEMPTS_TRY_LATER"),
        severity: Severity::Warning,
        en: msg(
            "vendor-error.firebase.too-many-attempts",
            "Firebase Auth: requests blocked for a while after too many attempts (TOO_MANY_ATTEMPTS_TRY_LATER)",
            "Firebase has blocked sign-in for this account, or requests from this device, for a while, after many failed attempts or unusual activity (a flood of sign-ups from one device gets the same answer). Until the block ends, even the right password is refused.",
            &["Wait before trying again: the block lifts by itself. Where the account is blocked, resetting its password lifts the block at once.", "Look for a loop in the app that retries a refused sign-in or repeats a call."],
        ),
        ja: msg(
            "vendor-error.firebase.too-many-attempts",
            "`Firebase Auth`: 試行が多すぎるため、しばらくリクエストがブロックされています (TOO_MANY_ATTEMPTS_TRY_LATER)",
            "ログインの失敗が続いた、または通常と異なるアクティビティがあったため、`Firebase` はこのアカウントへのログイン、またはこの端末からのリクエストを一時的にブロックしています (1 台の端末からの大量の新規登録にも、同じ答えが返ります)。ブロックが解除されるまでは、正しいパスワードでも拒否されます。",
            &["しばらく待ってから再試行してください。ブロックは自動的に解除されます。アカウントがブロックされている場合は、パスワードを再設定するとすぐに解除されます。", "拒否されたログインや同じ呼び出しを繰り返すループが、アプリにないかを確認してください。"],
        ),
        reference: REST,
    },
];
