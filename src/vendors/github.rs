//! GitHub (OAuth apps and GitHub Apps): errors of the device flow and of the
//! authorization request that no generic OAuth rule names. Codes GitHub shares with
//! RFC 6749 (`bad_verification_code`, `redirect_uri_mismatch`,
//! `incorrect_client_credentials`) are diagnosed by the OAuth rules.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const DEVICE: Reference = Reference {
    title: "GitHub: Error codes for the device flow",
    url: "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#error-codes-for-the-device-flow",
};
const AUTHORIZE: Reference = Reference {
    title: "GitHub: Troubleshooting authorization request errors",
    url: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-authorization-request-errors",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "GitHub",
        signal: Signal::OAuthError("device_flow_disabled"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.github.device-flow-disabled",
            "GitHub: the device flow is not enabled for this app",
            "GitHub answered device_flow_disabled: the app's settings do not allow the device flow, so no device code is issued and polling cannot succeed.",
            &["Enable \"Device Flow\" in the app's settings on GitHub (Developer settings → the app → General), then start the flow again."],
        ),
        ja: msg(
            "vendor-error.github.device-flow-disabled",
            "GitHub: このアプリではデバイスフローが有効になっていません",
            "GitHub は device_flow_disabled を返しました。アプリの設定でデバイスフローが許可されていないため、デバイスコードは発行されず、ポーリングしても成功しません。",
            &["GitHub のアプリの設定 (`Developer settings` → 対象のアプリ → `General`) で `Device Flow` を有効にしてから、フローをやり直してください。"],
        ),
        reference: DEVICE,
    },
    VendorError {
        vendor: "GitHub",
        signal: Signal::OAuthError("incorrect_device_code"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.github.incorrect-device-code",
            "GitHub: the device_code sent is not valid",
            "GitHub answered incorrect_device_code: the device_code polled with is not one GitHub issued to this client (a typo, a code from another app or another attempt, or one cut when stored).",
            &["Poll with the device_code from the latest response of POST https://github.com/login/device/code, unchanged, with the same client_id."],
        ),
        ja: msg(
            "vendor-error.github.incorrect-device-code",
            "GitHub: 送信した device_code が正しくありません",
            "GitHub は incorrect_device_code を返しました。ポーリングに使った device_code は、GitHub がこのクライアントに発行したものではありません (書き間違い、別のアプリや以前の試行のコード、保存時に途中で切り詰められた値など)。",
            &["`POST https://github.com/login/device/code` の最新のレスポンスにある device_code を、変更せずに同じ client_id で使ってポーリングしてください。"],
        ),
        reference: DEVICE,
    },
    VendorError {
        vendor: "GitHub",
        signal: Signal::OAuthError("unverified_user_email"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.github.unverified-user-email",
            "GitHub: the user's primary email address is not verified",
            "GitHub redirected back with error=unverified_user_email: this app requires the user to have a verified primary email address on GitHub, and this user has not verified theirs. Nothing is wrong with the app's request.",
            &["Ask the user to verify their primary email address on GitHub (Settings → Emails), then sign in again."],
        ),
        ja: msg(
            "vendor-error.github.unverified-user-email",
            "GitHub: ユーザーのプライマリメールアドレスが確認されていません",
            "GitHub は error=unverified_user_email を付けてリダイレクトしました。このアプリを使うには GitHub のプライマリメールアドレスが確認済みである必要があり、このユーザーはまだ確認していません。アプリのリクエストには問題がありません。",
            &["ユーザーに GitHub でプライマリメールアドレスを確認してもらい (`Settings` → `Emails`)、もう一度ログインしてもらってください。"],
        ),
        reference: AUTHORIZE,
    },
    VendorError {
        vendor: "GitHub",
        signal: Signal::OAuthError("application_suspended"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.github.application-suspended",
            "GitHub: this OAuth app is suspended",
            "GitHub redirected back with error=application_suspended: the app has been suspended (by its owner or by GitHub), so no user can authorize it until it is unsuspended.",
            &["Check the app's status in its settings on GitHub and unsuspend it, or contact GitHub Support if GitHub suspended it."],
        ),
        ja: msg(
            "vendor-error.github.application-suspended",
            "GitHub: この OAuth アプリは停止されています",
            "GitHub は error=application_suspended を付けてリダイレクトしました。アプリが (所有者または GitHub によって) 停止されているため、停止が解除されるまでどのユーザーも認可できません。",
            &["GitHub のアプリの設定で状態を確認して停止を解除するか、GitHub が停止した場合は GitHub サポートに問い合わせてください。"],
        ),
        reference: AUTHORIZE,
    },
];
