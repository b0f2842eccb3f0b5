//! Cloudflare Access: a protected application answers requests without a valid
//! `CF_Authorization` cookie with a redirect to the team's login page.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

pub(super) static ERRORS: &[VendorError] = &[VendorError {
    vendor: "Cloudflare Access",
    signal: Signal::RedirectTo(".cloudflareaccess.com/cdn-cgi/access/login"),
    severity: Severity::Error,
    en: msg(
        "vendor-error.cloudflare.access-login",
        "Cloudflare Access: the request was sent to the Access login page",
        "The application is behind Cloudflare Access, and this request came without a valid CF_Authorization cookie (or token), so Access redirected it to the team's login page. A page navigation shows the login; a fetch or XHR follows the redirect to another origin and fails, often as a CORS error.",
        &[
            "Sign in through the browser first (a top-level visit), so the CF_Authorization cookie is set, and call the API with credentials: \"include\".",
            "For a cross-origin API behind Access, enable CORS settings on the Access application (or send a service token with CF-Access-Client-Id and CF-Access-Client-Secret for non-browser clients).",
        ],
    ),
    ja: msg(
        "vendor-error.cloudflare.access-login",
        "`Cloudflare Access`: リクエストが `Access` のログインページに送られました",
        "このアプリケーションは `Cloudflare Access` で保護されていて、このリクエストには有効な `CF_Authorization` Cookie (またはトークン) がなかったため、`Access` はチームのログインページにリダイレクトしました。ページの遷移ならログイン画面が表示されますが、fetch や XHR は別オリジンへのリダイレクトをたどって失敗し、多くの場合 CORS エラーになります。",
        &[
            "まずブラウザでアプリのページを直接開いて (トップレベルのアクセスで) ログインし、`CF_Authorization` Cookie が設定されてから、API を `credentials: \"include\"` で呼び出してください。",
            "`Access` の背後にある別オリジンの API には、`Access` アプリケーションの CORS 設定を有効にしてください (ブラウザ以外のクライアントは `CF-Access-Client-Id` と `CF-Access-Client-Secret` のサービストークンを送ります)。",
        ],
    ),
    reference: Reference {
        title: "Cloudflare Access: Authorization cookie",
        url: "https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/",
    },
}];
