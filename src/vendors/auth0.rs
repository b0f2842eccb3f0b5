//! Auth0: the texts of its error page and of its token endpoint's descriptions.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Auth0",
        signal: Signal::Phrase("Callback URL mismatch"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.auth0.callback-url-mismatch",
            "Auth0: the callback URL is not in the application's Allowed Callback URLs",
            "Auth0 showed its \"Callback URL mismatch\" page: the redirect_uri of the request is not listed in the application's Allowed Callback URLs, so Auth0 will not send the user back.",
            &["Add the redirect URI, exactly as sent, to Allowed Callback URLs in the application's settings on the Auth0 dashboard."],
        ),
        ja: msg(
            "vendor-error.auth0.callback-url-mismatch",
            "Auth0: コールバック URL がアプリケーションの `Allowed Callback URLs` にありません",
            "Auth0 は `Callback URL mismatch` のページを表示しました。リクエストの redirect_uri がアプリケーションの `Allowed Callback URLs` に登録されていないため、Auth0 はユーザーをアプリにリダイレクトして戻しません。",
            &["Auth0 ダッシュボードのアプリケーションの設定で、送っているとおりのリダイレクト URI を `Allowed Callback URLs` に追加してください。"],
        ),
        reference: Reference {
            title: "Auth0: Configure callback URLs",
            url: "https://auth0.com/docs/authenticate/login/redirect-users-after-login",
        },
    },
    VendorError {
        vendor: "Auth0",
        signal: Signal::Phrase("not allowed for the client."),
        severity: Severity::Error,
        en: msg(
            "vendor-error.auth0.grant-type-not-allowed",
            "Auth0: this grant type is not enabled for the application",
            "Auth0 refused the token request because the application does not allow its grant_type (for example refresh_token, or client_credentials for an application that is not machine-to-machine).",
            &["Enable the grant type under the application's Advanced Settings → Grant Types on the Auth0 dashboard (refresh tokens also need offline_access and, for SPAs, rotation)."],
        ),
        ja: msg(
            "vendor-error.auth0.grant-type-not-allowed",
            "Auth0: このグラントタイプはアプリケーションで有効になっていません",
            "アプリケーションがその grant_type を許可していないため、Auth0 はトークンリクエストを拒否しました (例: refresh_token や、マシン間通信用ではないアプリケーションでの client_credentials)。",
            &["Auth0 ダッシュボードで、アプリケーションの `Advanced Settings` → `Grant Types` からグラントタイプを有効にしてください (リフレッシュトークンには offline_access も必要で、SPA ではローテーションも有効にします)。"],
        ),
        reference: Reference {
            title: "Auth0: Update grant types",
            url: "https://auth0.com/docs/get-started/applications/update-grant-types",
        },
    },
];
