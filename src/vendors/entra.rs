//! Microsoft Entra ID (Azure AD): `AADSTS` codes, in `error_description` of token
//! responses and error redirects and in the sign-in page's own text.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const CODES: Reference = Reference {
    title: "Microsoft Entra authentication and authorization error codes",
    url: "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Microsoft Entra ID",
        signal: Signal::Code("AADSTS50126"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.entra.invalid-credentials",
            "Entra ID: wrong user name or password (AADSTS50126)",
            "Entra ID could not validate the credentials: the user name or the password is wrong (AADSTS50126). The app's configuration is not the problem.",
            &[
                "Check the user name (the full UPN, such as user@contoso.com) and the password; an account synchronised from on-premises may still have its old password.",
                "If the app signs in with a password (ROPC), note that accounts with MFA or federation cannot use it: switch to the authorization code flow.",
            ],
        ),
        ja: msg(
            "vendor-error.entra.invalid-credentials",
            "Entra ID: ユーザー名またはパスワードが違います (AADSTS50126)",
            "Entra ID は認証情報を検証できませんでした。ユーザー名かパスワードが間違っています (AADSTS50126)。アプリの設定の問題ではありません。",
            &[
                "ユーザー名 (`user@contoso.com` のような完全な UPN) とパスワードを確認してください。オンプレミスから同期されたアカウントでは、古いパスワードのままのことがあります。",
                "アプリがパスワードで直接ログインしている (ROPC) 場合、MFA やフェデレーションを使うアカウントではこの方法は使えません。認可コードフローに切り替えてください。",
            ],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Microsoft Entra ID",
        signal: Signal::Code("AADSTS50011"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.entra.redirect-uri-mismatch",
            "Entra ID: the redirect URI is not registered for the app (AADSTS50011)",
            "The redirect_uri of the request does not match any redirect URI registered for the application (AADSTS50011). Entra ID compares them exactly: scheme, host, port, path and a trailing slash all count, and the platform (Web or SPA) must be the one the app uses.",
            &["In the app registration (Authentication), add the redirect URI exactly as the request sends it, under the platform the app uses (SPA for a browser app using PKCE)."],
        ),
        ja: msg(
            "vendor-error.entra.redirect-uri-mismatch",
            "Entra ID: リダイレクト URI がアプリに登録されていません (AADSTS50011)",
            "リクエストの redirect_uri が、アプリケーションに登録されたどのリダイレクト URI とも一致しません (AADSTS50011)。Entra ID は完全一致で比べます。スキーム、ホスト、ポート、パス、末尾のスラッシュのどれが違っても一致せず、プラットフォーム (Web か SPA か) もアプリの使い方と合っている必要があります。",
            &["アプリの登録 (認証) で、リクエストが送るとおりのリダイレクト URI を、アプリが使うプラットフォームに追加してください (PKCE を使うブラウザアプリなら SPA)。"],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Microsoft Entra ID",
        signal: Signal::Code("AADSTS65001"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.entra.consent-required",
            "Entra ID: the user or an administrator has not consented to the app (AADSTS65001)",
            "The app asked for permissions nobody has consented to yet for this user or tenant (AADSTS65001). A silent or non-interactive request cannot show the consent prompt, so it fails.",
            &[
                "Send the user through an interactive sign-in (prompt=consent) once, or have an administrator grant consent for the tenant.",
                "Check that the scopes requested are those configured under \"API permissions\" of the app registration.",
            ],
        ),
        ja: msg(
            "vendor-error.entra.consent-required",
            "Entra ID: ユーザーまたは管理者がアプリに同意していません (AADSTS65001)",
            "アプリが要求したアクセス許可に、このユーザーまたはテナントではまだ誰も同意していません (AADSTS65001)。サイレントリクエストなど対話的でないリクエストでは同意画面を表示できないため、失敗します。",
            &[
                "一度対話的なログイン (`prompt=consent`) を行うか、管理者にテナント全体への同意を付与してもらってください。",
                "要求しているスコープが、アプリの登録の「API のアクセス許可」に設定したものと一致しているか確認してください。",
            ],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Microsoft Entra ID",
        signal: Signal::Code("AADSTS7000215"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.entra.invalid-client-secret",
            "Entra ID: the client secret is not valid (AADSTS7000215)",
            "The client_secret sent is not a valid secret of this app (AADSTS7000215). Most often the secret's ID was sent instead of its value, the secret expired, or it belongs to another app registration.",
            &[
                "Send the secret's Value (shown once when it is created), not its Secret ID.",
                "Check its expiry under \"Certificates & secrets\" and create a new one if it has expired.",
            ],
        ),
        ja: msg(
            "vendor-error.entra.invalid-client-secret",
            "Entra ID: クライアントシークレットが無効です (AADSTS7000215)",
            "送信した client_secret は、このアプリの有効なシークレットではありません (AADSTS7000215)。多いのは、シークレットの値ではなく ID を送っている、期限が切れている、別のアプリの登録のシークレットを使っている、のいずれかです。",
            &[
                "シークレットの「値」(作成時に一度だけ表示されます) を送ってください。「シークレット ID」ではありません。",
                "「証明書とシークレット」で有効期限を確認し、切れていれば新しいシークレットを作成してください。",
            ],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Microsoft Entra ID",
        signal: Signal::Code("AADSTS53003"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.entra.conditional-access",
            "Entra ID: blocked by a Conditional Access policy (AADSTS53003)",
            "The credentials were right, but a Conditional Access policy of the tenant blocked the sign-in (AADSTS53003): for example the location, the device, or the client app is not allowed. The app cannot work around it.",
            &["Ask the tenant's administrator which policy applied: the Entra sign-in logs show it for the request's correlation ID."],
        ),
        ja: msg(
            "vendor-error.entra.conditional-access",
            "Entra ID: 条件付きアクセスポリシーによってブロックされました (AADSTS53003)",
            "認証情報は正しいものの、テナントの条件付きアクセスポリシーがログインをブロックしました (AADSTS53003)。場所、デバイス、クライアントアプリなどが許可されていない場合です。アプリ側で回避することはできません。",
            &["テナントの管理者に、どのポリシーが適用されたかを確認してもらってください。リクエストの相関 ID から、Entra 管理センターのログで確認できます。"],
        ),
        reference: CODES,
    },
];
