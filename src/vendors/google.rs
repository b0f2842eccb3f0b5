//! Google Identity (OAuth 2.0 for Google APIs and Sign in with Google): the error
//! codes Google adds to RFC 6749's, and its wording of an expired refresh token; and Google
//! APIs' refusals of an API key (`error.details[].reason`), which a Firebase web app meets first.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const AUTHZ: Reference = Reference {
    title: "Google: OAuth 2.0 authorization errors",
    url: "https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors",
};

/// Google's reasons for refusing a call (`error.details[].reason` of an `ErrorInfo`), the API
/// keys' among them.
const ERROR_REASONS: Reference = Reference {
    title: "Google APIs: ErrorReason (google/api/error_reason.proto)",
    url: "https://github.com/googleapis/googleapis/blob/master/google/api/error_reason.proto",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Google",
        signal: Signal::OAuthError("admin_policy_enforced"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.admin-policy-enforced",
            "Google: the Workspace administrator does not allow this app (admin_policy_enforced)",
            "The Google Account belongs to a Google Workspace organisation whose administrator restricts which apps may use its data, and this app (or one of the scopes it asks for) is not allowed.",
            &["Ask the Workspace administrator to allow the app's client ID under API controls (App access control), or request fewer scopes."],
        ),
        ja: msg(
            "vendor-error.google.admin-policy-enforced",
            "Google: `Workspace` の管理者がこのアプリを許可していません (admin_policy_enforced)",
            "この Google アカウントは `Google Workspace` の組織に属していて、その管理者が組織のデータにアクセスできるアプリを制限しています。このアプリ (または要求しているスコープのどれか) は許可されていません。",
            &["`Workspace` の管理者に、`API controls` (アプリのアクセス制御) でこのアプリのクライアント ID を許可してもらうか、要求するスコープを減らしてください。"],
        ),
        reference: AUTHZ,
    },
    VendorError {
        vendor: "Google",
        signal: Signal::OAuthError("org_internal"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.org-internal",
            "Google: the app is limited to its own organisation's accounts (org_internal)",
            "The OAuth client belongs to a Google Cloud project whose consent screen is set to Internal: only accounts of that Google Cloud organisation may sign in, and this account is not one of them.",
            &["Sign in with an account of the organisation, or set the consent screen's user type to External (and publish or add test users)."],
        ),
        ja: msg(
            "vendor-error.google.org-internal",
            "Google: このアプリは所属組織のアカウントに限定されています (org_internal)",
            "この OAuth クライアントは、同意画面のユーザーの種類が「内部」の `Google Cloud` プロジェクトに属しています。その `Google Cloud` 組織のアカウントしかログインできず、このアカウントはその組織のものではありません。",
            &["組織のアカウントでログインするか、同意画面のユーザーの種類を「外部」にしてください (公開するか、テストユーザーを追加します)。"],
        ),
        reference: AUTHZ,
    },
    VendorError {
        vendor: "Google",
        signal: Signal::OAuthError("disallowed_useragent"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.disallowed-useragent",
            "Google: sign-in is not allowed in an embedded browser (disallowed_useragent)",
            "Google refuses OAuth sign-in inside embedded user agents such as an app's WebView: the authorization page has to open in the system browser.",
            &["Open the authorization URL in the system browser (Custom Tabs on Android, ASWebAuthenticationSession on iOS) instead of a WebView."],
        ),
        ja: msg(
            "vendor-error.google.disallowed-useragent",
            "Google: 埋め込みブラウザではログインできません (disallowed_useragent)",
            "Google は、アプリの `WebView` のような埋め込みユーザーエージェントでの OAuth ログインを拒否します。認可ページはシステムのブラウザで開く必要があります。",
            &["認可 URL は `WebView` ではなくシステムのブラウザで開いてください (`Android` では `Custom Tabs`、`iOS` では `ASWebAuthenticationSession`)。"],
        ),
        reference: AUTHZ,
    },
    VendorError {
        vendor: "Google",
        signal: Signal::Phrase("Token has been expired or revoked."),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.token-expired-or-revoked",
            "Google: the refresh token has expired or been revoked",
            "Google refused the refresh token (\"Token has been expired or revoked.\"). Besides a revocation by the user or a password change, a common cause is the project's OAuth consent screen being in Testing: refresh tokens of such apps expire after 7 days.",
            &[
                "Send the user through sign-in again for a new refresh token.",
                "If refresh tokens die after a week, publish the app (consent screen status In production) or expect the 7-day limit while in Testing.",
            ],
        ),
        ja: msg(
            "vendor-error.google.token-expired-or-revoked",
            "Google: リフレッシュトークンの有効期限が切れたか、失効しています",
            "Google はリフレッシュトークンを拒否しました (`Token has been expired or revoked.`)。ユーザーによる取り消しやパスワードの変更のほか、よくある原因は、プロジェクトの OAuth 同意画面が「テスト」状態であることです。この状態のアプリのリフレッシュトークンは 7 日で期限が切れます。",
            &[
                "ユーザーに再ログインしてもらい、新しいリフレッシュトークンを取得してください。",
                "リフレッシュトークンが 1 週間で使えなくなる場合は、アプリを公開する (同意画面の公開ステータスを「本番環境」にする) か、テスト中は 7 日の制限があるものと考えてください。",
            ],
        ),
        reference: Reference {
            title: "Google: Refresh token expiration",
            url: "https://developers.google.com/identity/protocols/oauth2#expiration",
        },
    },
    VendorError {
        vendor: "Google",
        signal: Signal::JsonValue("reason", "API_KEY_INVALID"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.api-key-invalid",
            "Google: the API key is not valid (API_KEY_INVALID)",
            "Google does not know the API key sent (\"API key not valid. Please pass a valid API key.\"): it is mistyped or cut short, was deleted, or the app's configuration holds a placeholder. A Firebase web app sees this on its first call to Firebase Authentication.",
            &["Copy the key again from the Firebase console (Project settings, your web app's config) or from Google Cloud's Credentials page, and check that the app's build really uses it (an environment variable that was not set reads as an empty or placeholder key)."],
        ),
        ja: msg(
            "vendor-error.google.api-key-invalid",
            "`Google`: `API` キーが無効です (API_KEY_INVALID)",
            "`Google` は送信された `API` キーを認識できません (`API key not valid. Please pass a valid API key.`)。キーに入力ミスがあるか途中で切れている、キーが削除された、あるいはアプリの設定にあるのがプレースホルダーである、のいずれかです。`Firebase` のウェブアプリでは、`Firebase Authentication` への最初の呼び出しでこのエラーになります。",
            &["`Firebase` コンソール (プロジェクトの設定にあるウェブアプリの設定) か `Google Cloud` の認証情報ページからキーをコピーし直し、アプリのビルドが実際にそのキーを使っているかを確認してください (設定されていない環境変数は、空やプレースホルダーのキーになります)。"],
        ),
        reference: ERROR_REASONS,
    },
    VendorError {
        vendor: "Google",
        signal: Signal::JsonValue("reason", "API_KEY_HTTP_REFERRER_BLOCKED"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.api-key-referrer-blocked",
            "Google: the API key may not be used from this website (API_KEY_HTTP_REFERRER_BLOCKED)",
            "The API key is restricted to some websites, and this request's Referer is not one of them (\"Requests from referer … are blocked.\"). Typical: a page on localhost or a preview domain the list does not name, or a Referrer-Policy that sends no Referer at all (\"referer <empty>\").",
            &["Add the page's origin to the key's website restrictions in Google Cloud's Credentials page (e.g. http://localhost:5173/*), or use a separate key for development.", "If the page sends no Referer (Referrer-Policy: no-referrer), let it send at least its origin: strict-origin-when-cross-origin, the browsers' default, does."],
        ),
        ja: msg(
            "vendor-error.google.api-key-referrer-blocked",
            "`Google`: この `API` キーはこのウェブサイトからは使えません (API_KEY_HTTP_REFERRER_BLOCKED)",
            "この `API` キーは使えるウェブサイトが制限されていて、このリクエストの `Referer` はそのどれとも一致しません (`Requests from referer … are blocked.`)。よくあるのは、`localhost` やプレビュー用のドメインのページが許可リストにない場合と、`Referrer-Policy` のために `Referer` がまったく送られない場合 (`referer <empty>`) です。",
            &["`Google Cloud` の認証情報ページで、キーのウェブサイトの制限にページのオリジンを追加してください (例: `http://localhost:5173/*`)。開発には別のキーを使う方法もあります。", "ページが `Referer` を送らない (`Referrer-Policy: no-referrer`) 場合は、少なくともオリジンは送るようにしてください (ブラウザの既定の `strict-origin-when-cross-origin`)。"],
        ),
        reference: ERROR_REASONS,
    },
    VendorError {
        vendor: "Google",
        signal: Signal::JsonValue("reason", "API_KEY_SERVICE_BLOCKED"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.google.api-key-service-blocked",
            "Google: the API key may not call this API (API_KEY_SERVICE_BLOCKED)",
            "The API key is restricted to some APIs, and the one called is not among them (\"Requests to this API … are blocked.\"). A Firebase web app's key must allow the Identity Toolkit API (and the Token Service API) for Authentication.",
            &["In Google Cloud's Credentials page, add the API named in the error to the key's API restrictions, or use a key meant for it."],
        ),
        ja: msg(
            "vendor-error.google.api-key-service-blocked",
            "`Google`: この `API` キーではこの `API` を呼び出せません (API_KEY_SERVICE_BLOCKED)",
            "この `API` キーは特定の `API` に制限されていて、呼び出した `API` はそこに含まれていません (`Requests to this API … are blocked.`)。`Firebase` のウェブアプリのキーで `Authentication` を使うには、キーの `API` 制限で `Identity Toolkit API` (と `Token Service API`) が許可されている必要があります。",
            &["`Google Cloud` の認証情報ページで、エラーに示された `API` をキーの `API` 制限に追加するか、その `API` 用のキーを使ってください。"],
        ),
        reference: ERROR_REASONS,
    },
];
