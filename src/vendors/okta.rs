//! Okta: the `errorCode` values (`E0000…`) of its management and authentication APIs.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const CODES: Reference = Reference {
    title: "Okta: Error codes",
    url: "https://developer.okta.com/docs/reference/error-codes/",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Okta",
        signal: Signal::JsonValue("errorCode", "E0000011"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.okta.invalid-token",
            "Okta: invalid token provided (E0000011)",
            "Okta did not accept the token in the Authorization header: an API token (SSWS) that was revoked or belongs to another org, or an access token that expired or was issued by another authorization server.",
            &[
                "For the management API, send `Authorization: SSWS <API token>` with a token of this org that is still active.",
                "For an OAuth access token, check its issuer and expiry, and get a fresh one.",
            ],
        ),
        ja: msg(
            "vendor-error.okta.invalid-token",
            "Okta: 無効なトークンが送られました (E0000011)",
            "Okta は Authorization ヘッダーのトークンを受け付けませんでした。失効した API トークン (`SSWS`) や別の組織の API トークン、または有効期限切れのアクセストークンや別の認可サーバーが発行したアクセストークンです。",
            &[
                "管理 API には、この組織の有効な API トークンを `Authorization: SSWS <API token>` の形で送ってください。",
                "OAuth のアクセストークンなら、発行者と有効期限を確認し、新しいトークンを取得してください。",
            ],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Okta",
        signal: Signal::JsonValue("errorCode", "E0000004"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.okta.authentication-failed",
            "Okta: authentication failed (E0000004)",
            "Okta could not authenticate the user with what was sent: a wrong user name or password, or an account that is locked or not yet activated. Okta gives the same answer for all of these on purpose.",
            &["Check the credentials and the user's status in the Okta admin console (locked out, staged, suspended)."],
        ),
        ja: msg(
            "vendor-error.okta.authentication-failed",
            "Okta: 認証に失敗しました (E0000004)",
            "Okta は送られた内容でユーザーを認証できませんでした。ユーザー名やパスワードの間違い、ロックされているかまだ有効化されていないアカウントなどです。Okta はどの場合も意図的に同じレスポンスを返します。",
            &["認証情報と、Okta 管理コンソールでのユーザーの状態 (`Locked out`、`Staged`、`Suspended`) を確認してください。"],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Okta",
        signal: Signal::JsonValue("errorCode", "E0000005"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.okta.invalid-session",
            "Okta: the session is not valid (E0000005)",
            "The Okta session this request relies on has ended or never existed: it timed out, the user signed out, or the session cookie was not sent with the request.",
            &["Sign the user in again; for a browser call to Okta from another site, check that the session cookie is sent (credentials: \"include\", third-party cookies)."],
        ),
        ja: msg(
            "vendor-error.okta.invalid-session",
            "Okta: セッションが無効です (E0000005)",
            "このリクエストが前提とする Okta のセッションは、終了しているか、最初から存在しません。タイムアウトした、ユーザーがログアウトした、またはセッションの Cookie がリクエストに付いていない、のいずれかです。",
            &["ユーザーに再ログインしてもらってください。別サイトからブラウザで Okta を呼んでいる場合は、セッションの Cookie が送られているか (`credentials: \"include\"`、サードパーティ Cookie) を確認してください。"],
        ),
        reference: CODES,
    },
    VendorError {
        vendor: "Okta",
        signal: Signal::JsonValue("errorCode", "E0000006"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.okta.access-denied",
            "Okta: you do not have permission for this request (E0000006)",
            "The caller is authenticated, but its token or admin role does not allow this operation: an API token of a user without the needed admin role, or an OAuth token without the needed okta.* scope.",
            &["Give the caller the admin role or the okta.* scope the endpoint needs (the endpoint's documentation names it), then get a new token."],
        ),
        ja: msg(
            "vendor-error.okta.access-denied",
            "Okta: このリクエストを行う権限がありません (E0000006)",
            "呼び出し元は認証されていますが、そのトークンまたは管理者ロールではこの操作ができません。必要な管理者ロールを持たないユーザーの API トークンか、必要な `okta.*` スコープのない OAuth トークンです。",
            &["エンドポイントに必要な管理者ロールまたは `okta.*` スコープ (エンドポイントのドキュメントに書かれています) を呼び出し元に与え、新しいトークンを取得してください。"],
        ),
        reference: CODES,
    },
];
