//! Stripe API: the authentication errors of its JSON error bodies.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const KEYS: Reference = Reference {
    title: "Stripe: API keys",
    url: "https://docs.stripe.com/keys",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Stripe",
        signal: Signal::Phrase("Invalid API Key provided"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.stripe.invalid-api-key",
            "Stripe: the API key is not valid",
            "Stripe does not know the secret key sent: it was rolled (replaced), deleted, mistyped, or belongs to another account or mode (a test key against live data or the reverse).",
            &["Copy the current secret key from the Dashboard (Developers → API keys) for the right mode, and check that the server reads the key you expect (environment variables of each deployment)."],
        ),
        ja: msg(
            "vendor-error.stripe.invalid-api-key",
            "Stripe: API キーが無効です",
            "Stripe は送られたシークレットキーを認識できませんでした。キーがロール (置き換え) された、削除された、入力を間違えている、または別のアカウントや別のモードのもの (本番データに対するテスト用のキー、またはその逆) のいずれかです。",
            &["ダッシュボード (`Developers` → `API keys`) から正しいモードの現在のシークレットキーをコピーし、サーバーが想定どおりのキーを読んでいるか (デプロイごとの環境変数) を確認してください。"],
        ),
        reference: KEYS,
    },
    VendorError {
        vendor: "Stripe",
        signal: Signal::Phrase("You did not provide an API key"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.stripe.no-api-key",
            "Stripe: no API key was sent",
            "The request reached Stripe without a key: no Authorization header (Bearer or Basic with the key as user name). An empty environment variable on the server is the usual cause.",
            &["Send the secret key as `Authorization: Bearer sk_…` from the server (never from the browser), and check that the variable holding it is set in this deployment."],
        ),
        ja: msg(
            "vendor-error.stripe.no-api-key",
            "Stripe: API キーが送られていません",
            "リクエストはキーなしで Stripe に届きました。Authorization ヘッダー (Bearer、またはキーをユーザー名にした Basic) がありません。よくある原因は、サーバーの環境変数が空であることです。",
            &["シークレットキーは `Authorization: Bearer sk_…` としてサーバーから送り (ブラウザからは送らないでください)、キーを入れる変数がこのデプロイで設定されているか確認してください。"],
        ),
        reference: KEYS,
    },
    VendorError {
        vendor: "Stripe",
        signal: Signal::JsonValue("code", "api_key_expired"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.stripe.api-key-expired",
            "Stripe: the API key has expired (api_key_expired)",
            "The key was rolled with an expiry, and that time has passed: Stripe no longer accepts it.",
            &["Replace the key everywhere it is configured with the new one from the Dashboard (Developers → API keys)."],
        ),
        ja: msg(
            "vendor-error.stripe.api-key-expired",
            "Stripe: API キーの期限が切れています (api_key_expired)",
            "このキーは期限付きでロールされていて、その期限が過ぎたため、Stripe はもう受け付けません。",
            &["このキーを設定しているすべての場所で、ダッシュボード (`Developers` → `API keys`) の新しいキーに置き換えてください。"],
        ),
        reference: KEYS,
    },
];
