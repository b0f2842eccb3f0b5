//! Japanese messages (日本語).

use super::Msg;

/// Interface words.
pub static UI: &[(&str, &str)] = &[
    ("no_failures", "認証エラーは見つかりませんでした。"),
    ("failures", "件の認証エラー"),
    ("entries", "件のエントリ"),
    ("primary_cause", "主な原因"),
    ("also", "その他の可能性"),
    ("evidence", "根拠"),
    ("fixes", "対処"),
    ("references", "参考資料"),
    ("confidence", "確度"),
    ("parse_issues", "読み込み時の問題"),
    ("file_findings", "このキャプチャについて"),
    ("environment", "環境"),
    ("request", "リクエスト"),
    ("expected", "期待する動作"),
    ("observed", "実際の動作"),
    ("expected_text", "リクエストが認証され、成功する (2xx)。"),
    ("observed_text", "サーバーは {status} ({kind}) を返した。"),
    ("cause", "原因"),
    ("reproduce", "再現手順 (秘密情報はマスク済み)"),
    ("summary", "原因別の集計"),
    ("report_title", "why401 レポート"),
    ("captured_by", "取得ツール"),
    ("no_response", "応答なし"),
];

/// Every message.
pub static MESSAGES: &[Msg] = &[
    Msg {
        id: "har-sanitized",
        title: "この HAR は認証情報を除いてエクスポートされているため、一部の原因を確認できません",
        explanation: "このファイルは Chrome の既定の「Export HAR (sanitized)」で書き出されています。Authorization・Cookie・Set-Cookie ヘッダーが削除され、cookies の一覧も空になっています。失敗した {failures} 件のリクエストが認証情報を送っていたかどうかはこのファイルからは分からないため、why401 は「認証情報が送られていない」とは判断しません。",
        fixes: &[
            "認証情報付きで再エクスポートしてください。Network パネルの Export HAR メニュー (ダウンロード矢印) から「Export HAR (with sensitive data)」を選びます。共有する前に why401 のエクスポートで秘密情報をマスクしてください。",
            "または why401 の DevTools パネルで、送信時のヘッダーをそのまま見ながら診断してください。",
        ],
    },
    Msg {
        id: "unexplained-auth-failure",
        title: "認証に失敗しました ({status}) が、キャプチャからは特定の原因が見つかりません",
        explanation: "サーバーはリクエストを拒否しましたが、キャプチャには原因を一つに絞る手がかりがありません。認証情報の形式は正しく見え、サーバーも理由を返していません。次のチェックリストを順に確認してください。原因はたいていこの中にあります。",
        fixes: &[
            "認証情報: ユーザー名・パスワード・API キーを入力し直してください。余分な空白、全角文字、アカウントの取り違え、別環境の環境変数の値が入っていないかを確認します。",
            "トークン: 有効期限とスコープを確認し、更新したトークンがキャッシュも含めてすべての箇所で古いものと置き換わっているかを確認します。",
            "Cookie とセッション: サイトの Cookie を削除して再ログインし、サーバー側のセッションが残っているか (セッションストアの TTL、ロードバランサーのスティッキーセッション) を確認します。",
            "CORS: クロスオリジンの呼び出しではプリフライトを確認し、認証情報を送る場合に Access-Control-Allow-Origin が `*` になっていないかを確認します。",
            "プロキシと CDN: リバースプロキシ・ロードバランサー・CDN が Authorization ヘッダーを転送しているか、401 をキャッシュしていないかを確認します。",
            "サーバー: 認証ミドルウェアのログレベルを上げ、このリクエストの拒否理由を (時刻やリクエスト ID で突き合わせて) 確認します。",
        ],
    },
];
