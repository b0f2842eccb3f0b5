//! Supabase and PostgREST: the `PGRST3xx` JWT errors of the REST API and their
//! messages.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const ERRORS_REF: Reference = Reference {
    title: "PostgREST: Errors (JWT, PGRST3xx)",
    url: "https://docs.postgrest.org/en/stable/references/errors.html",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "Supabase / PostgREST",
        signal: Signal::Phrase("JWT expired"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.supabase.jwt-expired",
            "Supabase / PostgREST: the JWT has expired (\"JWT expired\")",
            "PostgREST checked the JWT of the Authorization header and its exp is past. With Supabase this is the user's access token (one hour by default), sent after the client stopped refreshing it, for example from a server or a tab that slept.",
            &["Refresh the session before calling (supabase-js does it when autoRefreshToken is on), and on this error refresh once and retry."],
        ),
        ja: msg(
            "vendor-error.supabase.jwt-expired",
            "`Supabase` / `PostgREST`: JWT の期限が切れています (`JWT expired`)",
            "`PostgREST` は Authorization ヘッダーの JWT を確認し、exp が過ぎていることを検出しました。`Supabase` の場合、これはユーザーのアクセストークン (既定の有効期間は 1 時間) で、クライアントがリフレッシュしなくなった後に送られたものです。たとえばサーバーから呼んでいる場合や、スリープしていたタブから送った場合に起こります。",
            &["呼び出しの前にセッションをリフレッシュし (`supabase-js` は `autoRefreshToken` が有効なら自動で行います)、このエラーを受けたら 1 回だけリフレッシュして再試行してください。"],
        ),
        reference: ERRORS_REF,
    },
    VendorError {
        vendor: "Supabase / PostgREST",
        signal: Signal::JsonValue("code", "PGRST301"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.supabase.jwt-invalid",
            "Supabase / PostgREST: the JWT could not be decoded or verified (PGRST301)",
            "PostgREST could not decode the JWT or verify its signature with the project's JWT secret or keys: a token of another project, one signed with a rotated secret, or something that is not a JWT in the Authorization header.",
            &["Send a token issued by this project (its anon or service key, or a user's access token), and after rotating the JWT secret, sign users in again."],
        ),
        ja: msg(
            "vendor-error.supabase.jwt-invalid",
            "`Supabase` / `PostgREST`: JWT をデコードまたは検証できません (PGRST301)",
            "`PostgREST` は JWT をデコードできないか、プロジェクトの JWT シークレットや鍵で署名を検証できませんでした。別のプロジェクトのトークン、ローテーション前のシークレットで署名されたトークン、または Authorization ヘッダーに JWT でないものが入っている場合です。",
            &["このプロジェクトが発行したトークン (`anon` キー、`service_role` キー、またはユーザーのアクセストークン) を送ってください。JWT シークレットをローテーションした後は、ユーザーに再ログインしてもらいます。"],
        ),
        reference: ERRORS_REF,
    },
    VendorError {
        vendor: "Supabase / PostgREST",
        signal: Signal::JsonValue("code", "PGRST302"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.supabase.anonymous-disabled",
            "Supabase / PostgREST: anonymous requests are disabled (PGRST302)",
            "The request carried no JWT, and this PostgREST has no anonymous role, so it refuses every request without a token.",
            &["Send a JWT in the Authorization header (with Supabase, the anon key at least, through the client library), or configure an anonymous role."],
        ),
        ja: msg(
            "vendor-error.supabase.anonymous-disabled",
            "`Supabase` / `PostgREST`: 匿名のリクエストは無効になっています (PGRST302)",
            "リクエストに JWT がなく、この `PostgREST` には匿名用のロールがないため、トークンのないリクエストはすべて拒否されます。",
            &["Authorization ヘッダーで JWT を送ってください (`Supabase` ならクライアントライブラリ経由で少なくとも `anon` キーを送ります)。または匿名用のロールを設定してください。"],
        ),
        reference: ERRORS_REF,
    },
];
