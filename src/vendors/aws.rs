//! AWS: API Gateway, Signature Version 4, STS and Cognito, as their responses word it.

use super::{msg, Signal, VendorError};
use crate::finding::{Reference, Severity};

const SIGV4: Reference = Reference {
    title: "AWS: Troubleshoot Signature Version 4 signing",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html",
};

pub(super) static ERRORS: &[VendorError] = &[
    VendorError {
        vendor: "AWS",
        signal: Signal::JsonValue("message", "Missing Authentication Token"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.aws.missing-authentication-token",
            "AWS API Gateway: no such resource or method (\"Missing Authentication Token\")",
            "Despite its words, API Gateway answers \"Missing Authentication Token\" when the path, the HTTP method or the stage does not exist in the deployed API: it is almost never about a token.",
            &[
                "Check the URL against the deployed API: the stage name in the path (/prod/…), the resource path, and that the method (GET, POST…) is defined on it.",
                "Deploy the API again after adding the resource or method; changes are not live until deployed.",
            ],
        ),
        ja: msg(
            "vendor-error.aws.missing-authentication-token",
            "AWS `API Gateway`: リソースまたはメソッドが存在しません (`Missing Authentication Token`)",
            "文言とは違い、`API Gateway` はデプロイ済みの API にパス、HTTP メソッド、ステージのいずれかが存在しないときに `Missing Authentication Token` を返します。トークンの問題であることはほとんどありません。",
            &[
                "URL をデプロイ済みの API と照らし合わせてください。パスに含まれるステージ名 (`/prod/…`)、リソースのパス、そのリソースにメソッド (GET、POST など) が定義されているかを確認します。",
                "リソースやメソッドを追加したら、API をもう一度デプロイしてください。デプロイするまで変更は反映されません。",
            ],
        ),
        reference: Reference {
            title: "AWS re:Post: API Gateway \"Missing Authentication Token\" errors",
            url: "https://repost.aws/knowledge-center/api-gateway-authentication-token-errors",
        },
    },
    VendorError {
        vendor: "AWS",
        signal: Signal::Phrase("SignatureDoesNotMatch"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.aws.signature-does-not-match",
            "AWS: the request signature does not match (SignatureDoesNotMatch)",
            "AWS computed a different Signature Version 4 signature than the one sent. Either the secret access key is wrong, or the request changed after it was signed: a header added or reordered by a proxy or the browser, a different host, path encoding or query order, or a body other than the one hashed.",
            &[
                "Sign exactly the request that is sent: the same host, path (URI-encoded once), sorted query, signed headers and body hash.",
                "Check the access key pair: the secret must belong to the access key ID in the Credential scope.",
            ],
        ),
        ja: msg(
            "vendor-error.aws.signature-does-not-match",
            "AWS: リクエストの署名が一致しません (`SignatureDoesNotMatch`)",
            "AWS が計算した署名バージョン 4 の署名が、送られた署名と違います。シークレットアクセスキーが間違っているか、署名の後でリクエストが変わっています。プロキシやブラウザによるヘッダーの追加や並べ替え、ホスト、パスのエンコード、クエリの順序の違い、ハッシュしたものと違うボディなどです。",
            &[
                "実際に送るリクエストそのものに署名してください。ホスト、(1 回だけ URI エンコードした) パス、並べ替えたクエリ、署名対象のヘッダー、ボディのハッシュが一致している必要があります。",
                "アクセスキーの組み合わせを確認してください。シークレットは `Credential` スコープにあるアクセスキー ID のものでなければなりません。",
            ],
        ),
        reference: SIGV4,
    },
    VendorError {
        vendor: "AWS",
        signal: Signal::Phrase("RequestTimeTooSkewed"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.aws.request-time-too-skewed",
            "AWS: the request's time is too far from AWS's clock (RequestTimeTooSkewed)",
            "A signed AWS request carries its time (X-Amz-Date); AWS refuses it when that time differs from its own clock by more than 15 minutes. The signing machine's clock is wrong, or the signed request was sent long after it was made.",
            &["Synchronise the clock of the machine that signs (NTP), and sign each request right before sending it."],
        ),
        ja: msg(
            "vendor-error.aws.request-time-too-skewed",
            "AWS: リクエストの時刻が AWS の時計とずれすぎています (`RequestTimeTooSkewed`)",
            "署名付きの AWS リクエストには時刻 (X-Amz-Date) が含まれていて、AWS の時計と 15 分を超えてずれていると拒否されます。署名するマシンの時計がずれているか、署名してからかなり時間がたってから送信しています。",
            &["署名するマシンの時計を NTP で合わせ、各リクエストは送信の直前に署名してください。"],
        ),
        reference: SIGV4,
    },
    VendorError {
        vendor: "AWS",
        signal: Signal::Phrase("The security token included in the request is expired"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.aws.expired-security-token",
            "AWS: the temporary credentials have expired (ExpiredToken)",
            "The request was signed with temporary credentials (an access key with a session token, from STS, an assumed role, SSO or Cognito identity) whose lifetime is over. Signing is fine; the credentials are simply too old.",
            &["Get fresh temporary credentials (the SDK's credential provider refreshes them by itself; a key pair copied into a variable or a config file does not), then sign again."],
        ),
        ja: msg(
            "vendor-error.aws.expired-security-token",
            "AWS: 一時的な認証情報の期限が切れています (`ExpiredToken`)",
            "このリクエストは一時的な認証情報 (STS、ロールの引き受け、SSO、`Cognito` の ID プールから得た、セッショントークン付きのアクセスキー) で署名されていて、その有効期間が終わっています。署名自体は正しく、認証情報が古すぎるだけです。",
            &["新しい一時的な認証情報を取得してから署名し直してください (SDK の認証情報プロバイダーは自動で更新しますが、変数や設定ファイルにコピーしたキーは更新されません)。"],
        ),
        reference: Reference {
            title: "AWS STS: Common errors (ExpiredTokenException)",
            url: "https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html",
        },
    },
    VendorError {
        vendor: "AWS",
        signal: Signal::JsonValue("__type", "NotAuthorizedException"),
        severity: Severity::Error,
        en: msg(
            "vendor-error.aws.cognito-not-authorized",
            "Amazon Cognito: not authorized (NotAuthorizedException)",
            "Cognito refused the request with NotAuthorizedException: a wrong user name or password, an expired or revoked token (\"Access Token has expired\", \"Refresh Token has been revoked\"), or an app client whose secret was required but not sent (SECRET_HASH). The response's message says which.",
            &[
                "Read the message of the response: for an expired token, refresh it; for a revoked refresh token, sign in again.",
                "If the app client has a client secret, send SECRET_HASH with each call, or use an app client without a secret for a browser app.",
            ],
        ),
        ja: msg(
            "vendor-error.aws.cognito-not-authorized",
            "`Amazon Cognito`: 認可されませんでした (`NotAuthorizedException`)",
            "`Cognito` は `NotAuthorizedException` でリクエストを拒否しました。ユーザー名かパスワードの間違い、期限切れまたは失効したトークン (`Access Token has expired`、`Refresh Token has been revoked`)、あるいはシークレットが必要なアプリクライアントなのに SECRET_HASH を送っていない、のいずれかです。どれに当たるかはレスポンスのメッセージに書かれています。",
            &[
                "レスポンスのメッセージを確認してください。トークンの期限切れならリフレッシュし、リフレッシュトークンが失効していれば再ログインします。",
                "アプリクライアントにクライアントシークレットがある場合は、各呼び出しで SECRET_HASH を送ってください。ブラウザアプリにはシークレットのないアプリクライアントを使います。",
            ],
        ),
        reference: Reference {
            title: "Amazon Cognito: InitiateAuth errors",
            url: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#API_InitiateAuth_Errors",
        },
    },
];
