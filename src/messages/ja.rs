//! Japanese messages (日本語).

use super::Msg;

/// Interface words.
pub static UI: &[(&str, &str)] = &[
    ("yes", "あり"),
    ("certain", "確実"),
    ("likely", "可能性高"),
    ("possible", "可能性あり"),
    ("no", "なし"),
    ("ahead", "進んで"),
    ("behind", "遅れて"),
    ("header", "ヘッダー"),
    ("query", "クエリ文字列"),
    ("user-id", "ユーザー ID"),
    ("password", "パスワード"),
    ("body", "リクエストボディ"),
    ("none", "なし"),
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
        id: "token-placeholder",
        title: "認証情報の代わりにプレースホルダー \"{value}\" が送信されています",
        explanation: "{where} の値が \"{value}\" になっています。これは認証情報ではなく、プログラム上のプレースホルダーです。トークンを取得する前にヘッダーを組み立てた (まだサインインしていない、ストレージがクリアされた、ログインやリフレッシュの処理と競合した)、オブジェクトをそのまま文字列にした、テンプレートを埋め忘れた、のいずれかが原因です。",
        fixes: &[
            "ヘッダーを組み立てている箇所を探し、先にトークンが存在することを確認してください。トークンがない場合は、空の変数を埋め込むのではなく、リクエストを送らない (またはサインイン画面にリダイレクトする) ようにします。",
            "埋め込む値の型をログに出力してください。`[object Object]` は、トークンレスポンスのオブジェクト全体を渡していることを意味します。その `access_token` フィールドを使います。",
            "ログインの完了前にリクエストが送られる場合は、ログインまたはリフレッシュの Promise が完了するのを待ってから API を呼び出してください。",
        ],
    },
    Msg {
        id: "token-placeholder.empty",
        title: "{where} ヘッダーが空のまま送信されています",
        explanation: "リクエストに、値がまったく入っていない {where} ヘッダーが含まれています。認証情報を付与するコードは実行されましたが、読み取った値が空でした。",
        fixes: &[
            "認証情報がないときはヘッダーを設定しないでください。トークンの読み取り元 (ストレージのキー、環境変数、Cookie) を確認し、このリクエストより前に値が設定されているかを確かめます。",
            "値を設定から読み込んでいる場合は、この環境で変数が定義されているかを確認してください (ビルド時の変数が本番環境で未定義になっているケースがよくあります)。",
        ],
    },
    Msg {
        id: "authorization-malformed.scheme-only",
        title: "Authorization にスキーム \"{detail}\" だけがあり、認証情報がありません",
        explanation: "ヘッダーにはスキーム名しか含まれていません。コードがスキームと空のトークンを連結しています (`\"Bearer \" + token` で token が空)。",
        fixes: &[
            "トークンが空でない場合にだけヘッダーを付与し、ここでトークンが空になっている理由 (未ログイン、セッション切れ、ストレージのキーの誤り) を突き止めてください。",
        ],
    },
    Msg {
        id: "authorization-malformed.double-scheme",
        title: "Authorization でスキームが二重になっています (\"{detail}\")",
        explanation: "値の先頭でスキームが 2 回繰り返されています。保存されていたトークンにすでにスキームが含まれていた (たとえばライブラリが \"Bearer eyJ…\" の形で保存している) ところに、コードがもう一度スキームを付けたため、サーバーは 1 つ目のスキームの次の語をトークンとして読み取ります。",
        fixes: &[
            "トークンだけを保存するか、ヘッダーを組み立てる箇所でスキームを付けないようにしてください。ヘッダーは正確に `Bearer <token>` の形式である必要があります。",
            "インターセプターやラッパーを確認してください。2 つの層がそれぞれスキームを付けるとこの状態になります。",
        ],
    },
    Msg {
        id: "authorization-malformed.split-by-spaces",
        title: "Authorization のトークンに空白が含まれています ({detail} 個に分割)",
        explanation: "token68 形式の認証情報 (Bearer トークンなど) には空白を含められません。サーバーは最初の部分だけをトークンとして扱うため、検証される認証情報が途中で切れてしまいます。通常は、トークンが別の値と連結されたか、折り返された状態でコピーされたことが原因です。",
        fixes: &[
            "スキームの後にはトークンを 1 つだけ送ってください。値の連結方法を確認します。",
            "ターミナルやドキュメントからコピーした場合は、折り返しが入らないようにコピーし直してください。",
        ],
    },
    Msg {
        id: "authorization-malformed.quoted",
        title: "Authorization のトークンが引用符で囲まれています",
        explanation: "認証情報が {detail} で始まっています。引用符は token68 形式の認証情報の一部ではないため、サーバーは引用符を含んだ値で照合します。JSON 文字列をもう一度シリアライズした (`JSON.stringify(token)`) 場合や、環境変数ファイルで引用符が値に残った場合に起こります。",
        fixes: &[
            "引用符を取り除いてください。JSON にシリアライズした値ではなく、文字列そのものを使います。",
            "`.env` ファイルや CI のシークレットで、引用符が値の一部になっていないかを確認してください。",
        ],
    },
    Msg {
        id: "authorization-malformed.unknown-scheme",
        title: "Authorization で未知のスキーム \"{detail}\" が使われています",
        explanation: "このスキームは、登録済みの HTTP 認証スキームでも、よく使われるベンダー独自のスキームでもありません。サーバーはこれを認識できず、リクエストを未認証として扱います。多くの場合、タイプミス (\"Baerer\") か、スキームを書くべき位置にトークン自体を送っていることが原因です。",
        fixes: &[
            "API のドキュメントに記載されたスキーム (OAuth の API ではほとんどが `Bearer`) を正確な綴りで使ってください。",
            "サーバーの WWW-Authenticate チャレンジに示されたスキームと比較してください。",
        ],
    },
    Msg {
        id: "authorization-malformed.missing-scheme",
        title: "Authorization にスキームがなく、認証情報だけが入っています",
        explanation: "ヘッダーの値が認証情報だけになっています。`{detail} <credential>` の形式で送るべき値のようです。スキームがないと、サーバーは値をどう解釈すればよいか判断できません。",
        fixes: &[
            "先頭にスキームを付けてください: `Authorization: {detail} <credential>`。",
            "API がキーを別のヘッダー (たとえば `X-API-Key`) で受け取る場合は、そちらで送ってください。",
        ],
    },
    Msg {
        id: "authorization-malformed.header-name-in-value",
        title: "ヘッダーの値が \"Authorization:\" で始まっています",
        explanation: "値が (curl コマンドやドキュメントから) ヘッダー名ごと貼り付けられているため、サーバーは \"Authorization:\" をスキームとして読み取ります。",
        fixes: &["ヘッダーの値は、`Authorization:` を付けずに `<scheme> <credential>` だけにしてください。"],
    },
    Msg {
        id: "auth-scheme-mismatch",
        title: "クライアントは {sent} の認証情報を送りましたが、サーバーが求めているのは {offered} です",
        explanation: "サーバーの WWW-Authenticate チャレンジが提示しているのは {offered} だけです。{sent} スキームの認証情報は、何も送られなかったものとして無視されます。通常は、クライアントライブラリの既定値、古い連携設定、または環境の切り替えが原因です。",
        fixes: &[
            "チャレンジが提示しているスキーム ({offered}) で認証してください。それに対応する種類の認証情報を取得します (Bearer なら OAuth のアクセストークン)。",
            "API の認証スキームが変更された場合は、この環境のクライアント設定を更新してください。",
        ],
    },
    Msg {
        id: "basic-malformed.not-encoded",
        title: "Basic 認証の認証情報が base64 ではなく平文で送信されています",
        explanation: "`Basic` の後の値にコロンが含まれているため、`user:password` が base64 エンコードされずに送られています。サーバーはこれを base64 としてデコードするため、意味のない値になります。",
        fixes: &[
            "`Basic ` + base64(user + \":\" + password) を送ってください。ASCII だけなら `btoa(user + \":\" + password)`、それ以外の文字を含む場合は UTF-8 に対応したエンコーダーを使います。",
            "ヘッダーを手作業で組み立てるより、HTTP クライアントが持つ Basic 認証のオプション (curl の `-u user:pass`、fetch なら適切なヘッダー生成ヘルパー) を使ってください。",
        ],
    },
    Msg {
        id: "basic-malformed.missing-colon",
        title: "Basic 認証の認証情報で、ユーザー名とパスワードの間に \":\" がありません",
        explanation: "base64 をデコードした文字列にコロンが含まれていないため、サーバーはユーザー ID とパスワードに分割できません。典型的には、パスワードだけ、またはユーザー名だけがエンコードされています。",
        fixes: &["ユーザー ID、コロン、パスワードをまとめてエンコードしてください: base64(\"user:password\")。"],
    },
    Msg {
        id: "basic-malformed.not-base64",
        title: "Basic 認証の認証情報が正しい base64 ではありません ({problem})",
        explanation: "`Basic` の後の値が標準の base64 ではありません ({problem})。サーバーはデコードできないため、認証情報が間違っている場合と同じように拒否します。",
        fixes: &[
            "標準の base64 (A–Z a–z 0–9 + / のアルファベットと、= によるパディング) でエンコードしてください。base64url や、パスワードの 16 進表現・ハッシュ値は使えません。",
            "値が途中で切れていないか、別の文字列と連結されていないかを確認してください。",
        ],
    },
    Msg {
        id: "basic-malformed.line-break",
        title: "Basic 認証の認証情報の base64 に改行が含まれています",
        explanation: "エンコードされた値の位置 {position} に改行があります。コマンドラインのエンコーダーは長い出力を折り返す (`base64` は 76 文字で折り返す) ため、折り返されたテキストがそのままヘッダーに貼り付けられています。",
        fixes: &[
            "折り返さずにエンコードしてください: `printf %s 'user:password' | base64 -w0` (GNU) または `| base64 | tr -d '\\n'`。",
            "ヘッダーは HTTP クライアントに組み立てさせてください (`curl -u user:password`)。",
        ],
    },
    Msg {
        id: "basic-malformed.not-utf8",
        title: "Basic 認証の認証情報が UTF-8 ではありません (通知された charset: {announced})",
        explanation: "デコードしたユーザー ID またはパスワードが正しい UTF-8 ではなく、{latin1} と読めます。クライアントが非 ASCII 文字を古い文字コードでエンコードしています。サーバーが charset=\"UTF-8\" を通知している場合 (通知: {announced})、サーバーは UTF-8 を想定しているため、異なるバイト列で照合することになります。",
        fixes: &[
            "base64 にする前に `user:password` を UTF-8 でエンコードしてください (JavaScript の `btoa` は Latin-1 しか扱えないため、`TextEncoder` でバイト列にしてからエンコードします)。",
            "サーバーが UTF-8 を受け付けない場合は、パスワードに非 ASCII 文字を使わないでください。",
        ],
    },
    Msg {
        id: "basic-malformed.base64url",
        title: "Basic 認証の認証情報に、一部のサーバーが拒否する base64 の変種が使われています ({problem})",
        explanation: "値は寛容なデコードでしか読み取れません ({problem})。base64url の文字が含まれているか、パディングがありません。厳格なサーバーはこれを拒否し、パスワードが間違っている場合と同じように 401 を返します。",
        fixes: &["`=` のパディングを含む標準の base64 でエンコードしてください。"],
    },
    Msg {
        id: "credential-whitespace",
        title: "認証情報に {char} が含まれています ({where}、位置 {position})",
        explanation: "{where} の認証情報に、目に見えない文字または空白文字が含まれています。認証情報はバイト単位で照合されるため、値が一致しなくなります。Web ページ、ターミナル、スプレッドシート、`.env` ファイルからコピーした値には、こうした文字が紛れ込みがちです。",
        fixes: &[
            "値を読み込む箇所 (設定、入力フィールド、ストレージ) で前後の空白を取り除き、空白を含まない状態で保存してください。",
            "認証情報を元の場所からコピーし直すか手入力してください。確信が持てない場合は、16 進ダンプ (hex ビューアー) で確認します。",
        ],
    },
    Msg {
        id: "credential-whitespace.echo",
        title: "Basic 認証の {where} が改行 (LF) で終わっています (`echo | base64` によるミス)",
        explanation: "デコードした {where} が U+000A LINE FEED で終わっています。`echo user:pass | base64` は echo が付け加える改行までエンコードするため、サーバーは \"pass\\n\" と \"pass\" を比較することになります。",
        fixes: &[
            "改行を含めずにエンコードしてください: `printf %s 'user:password' | base64` または `echo -n`。",
            "保存済みのヘッダーやシークレットを生成し直して、再デプロイしてください。",
        ],
    },
    Msg {
        id: "credential-whitespace.basic",
        title: "Basic 認証の {where} の位置 {position} に {char} が含まれています",
        explanation: "デコードした {where} に、空白文字または目に見えない文字が含まれています。それが本当にパスワードの一部でない限り、サーバーは異なる値で照合することになり、認証を拒否します。",
        fixes: &[
            "エンコードする前に、ユーザー ID とパスワードの前後の空白を取り除いてください。",
            "パスワードに本当に空白が含まれている場合は、サーバー側にもまったく同じ文字で保存されているかを確認してください。",
        ],
    },
    Msg {
        id: "credential-fullwidth",
        title: "{where} の認証情報に全角文字が {count} 文字含まれています",
        explanation: "全角の英字・数字や全角スペースは、対応する ASCII 文字と見た目が似ていても別の文字です。日本語・中国語・韓国語の入力モード (IME) がオンのまま入力したり、文字を変換してしまうドキュメントからコピーしたりすると混入し、サーバー側の照合に失敗します。",
        fixes: &[
            "入力モードを半角に切り替えて、認証情報を入力し直してください。",
            "送信前にクライアント側で入力を正規化 (NFKC) するか、認証情報の入力欄では全角文字を分かりやすいメッセージとともに拒否してください。",
        ],
    },
    Msg {
        id: "missing-credentials",
        title: "リクエストに認証情報が含まれておらず、サーバーが認証を求めています ({schemes})",
        explanation: "Authorization ヘッダー、Cookie、API キーのいずれも送信されておらず、サーバーは {schemes} でチャレンジを返しました。このリクエストを送るコードが、アプリのほかの部分で使っている認証情報を付与していません。",
        fixes: &[
            "このリクエストを送るコードパスでトークンを付与してください (API クライアントのインターセプターならすべての経路をカバーできますが、別の場所で直接呼び出している fetch には適用されません)。",
            "サインインの完了前にリクエストが送られている場合は、トークンが使えるようになるまで遅らせてください。",
            "API が Cookie を使う場合は、Cookie が存在し、送信されているかを確認してください (Cookie の属性は DevTools の Application > Cookies で確認できます)。",
        ],
    },
    Msg {
        id: "missing-credentials.first-leg",
        title: "チャレンジ/レスポンス方式の最初のやり取りです (エントリ {next} で応答済み)",
        explanation: "この 401 に認証情報がないのは、クライアントがまだ認証を求められていなかったためです。サーバーのチャレンジ ({schemes}) には、同じ URL への次のリクエスト (エントリ {next}) が応答しています。これは HTTP 認証の通常の動作であり、それ自体は問題ではありません。",
        fixes: &["ここで対処する必要はありません。エントリ {next} も失敗している場合は、そちらを確認してください。"],
    },
    Msg {
        id: "missing-credentials.cookie-not-sent",
        title: "エントリ {set_by} でこのホストの Cookie が設定されているのに、Cookie が送信されていません",
        explanation: "キャプチャ内の先行するレスポンス (エントリ {set_by}) がこのホストに Cookie を設定していますが、このリクエストには Cookie が含まれていません。ブラウザが送信を拒否しています。原因は、SameSite (クロスサイトリクエスト)、HTTP のページでの Secure 属性、一致しない Domain や Path、有効期限切れ、または `credentials: \"include\"` を指定していない `fetch` のいずれかです。",
        fixes: &[
            "クロスオリジンの fetch/XHR では `credentials: \"include\"` (`withCredentials = true`) を指定し、CORS で認証情報を許可してください (明示的なオリジンとともに `Access-Control-Allow-Credentials: true` を返します)。",
            "クロスサイトのリクエストでは、Cookie に `SameSite=None; Secure` が必要で、HTTPS で通信する必要があります。",
            "DevTools の Application > Cookies で、Cookie の Domain と Path がこの URL に一致するか、有効期限が切れていないかを確認してください。",
        ],
    },
    Msg {
        id: "missing-credentials.cross-origin",
        title: "クロスオリジンのリクエストに認証情報が含まれていません ({schemes})",
        explanation: "このリクエストはページとは別のオリジンに送られており、Authorization ヘッダーも Cookie も送信されていません。クロスオリジンの fetch は、指定しない限り Cookie を送りません。また、ページと同じオリジン向けに設定された API クライアントは、ほかのホストへのリクエストにはトークンを付与しません。",
        fixes: &[
            "この API ホストへのリクエストにも Authorization ヘッダーを付与してください (インターセプターの URL フィルターを確認します)。",
            "Cookie によるセッションでは、`credentials: \"include\"` と `SameSite=None; Secure` の Cookie を使い、サーバー側で `Access-Control-Allow-Credentials: true` を返してください。",
        ],
    },
    Msg {
        id: "jwt-malformed",
        title: "Bearer トークンは JWT のように見えますが、デコードできません ({problem})",
        explanation: "トークンはドットで区切られた {parts} 個の部分からなる {length} 文字の文字列で、デコードできません: {problem}。サーバーはクレームを検証する前に拒否します。通常は、トークンが途中で切れている (Cookie やストレージのサイズ制限、コピー&ペースト) か、base64url ではなく標準の base64 でエンコードされています。",
        fixes: &[
            "送信したトークンとトークンエンドポイントが返したトークンを (長さとフィンガープリントで) 比較し、どこで切れたり変更されたりしているかを突き止めてください。",
            "トークンを Cookie に保存している場合は、4 KB 未満に抑えるか、別の場所に保存してください。",
        ],
    },
    Msg {
        id: "jwt-expired",
        title: "アクセストークンの有効期限が、リクエストの {ago} 前に切れています",
        explanation: "トークンの exp クレームは {exp} で、リクエストはその {ago} 後の {request_time} に開始されました (許容誤差 {leeway} 秒)。サーバーは有効期限切れのトークンを拒否します。クライアントがトークンをリフレッシュせず、有効期限を過ぎても使い続けています。",
        fixes: &[
            "有効期限が切れる前に (余裕を持たせて exp を確認し)、または最初の 401 を受け取った時点でトークンをリフレッシュし、リクエストを 1 回だけ再試行してください。",
            "リフレッシュしたトークンが、キャッシュされているすべての箇所 (ほかのタブ、インターセプター、Service Worker) で古いトークンと置き換わっているかを確認してください。",
            "そんなに早く有効期限が切れるはずがない場合は、端末の時計を確認してください (clock-skew を参照)。",
        ],
    },
    Msg {
        id: "jwt-expired.accepted",
        title: "トークンの有効期限は {ago} 前に切れていましたが、サーバーは受け入れました",
        explanation: "トークンの exp クレームは {exp} で、{request_time} のリクエストより前ですが、リクエストは成功しました。サーバーが有効期限を検証していないか、大きな許容誤差を設定しているか、サーバーの時計がこのクライアントとずれています。",
        fixes: &["API が exp を検証しているかを確認してください。ほかのサーバーは期限切れのトークンを拒否するので、いずれにしてもトークンは期限内にリフレッシュしてください。"],
    },
    Msg {
        id: "jwt-not-yet-valid",
        title: "トークンはまだ有効になっていません: {claim} がリクエストより {ahead} 後です",
        explanation: "トークンの {claim} クレームは {claim_time} ですが、リクエストは {request_time} に開始されました (許容誤差 {leeway} 秒)。サーバーはまだ有効になっていないトークンを拒否します。トークン発行者の時計が API の時計より進んでいるか、HAR に記録されたクライアントの時計が遅れています。",
        fixes: &[
            "トークン発行者、API サーバー、クライアント端末の時計を (NTP で) 同期してください。",
            "nbf と iat を検証するときは、時刻のずれに対して小さな許容誤差 (30–60 秒) を設けてください。",
        ],
    },
    Msg {
        id: "jwt-exp-in-milliseconds",
        title: "トークンの {claim} が秒ではなくミリ秒になっています ({value})",
        explanation: "JWT の日時は 1970 年からの秒数です。{value} をミリ秒として読むと {as_millis} になります。トークン発行者が `Math.floor(Date.now() / 1000)` ではなく `Date.now()` を書き込んでいます。厳格なサーバーはこのトークンを不正な形式、または未来に発行されたものとして拒否し、寛容なサーバーは数千年先まで有効なトークンとして扱います。",
        fixes: &[
            "トークン発行者が NumericDate を秒単位で書き込むように修正してください。",
            "修正後にトークンを発行し直してください。発行済みのトークンは誤ったままです。",
        ],
    },
    Msg {
        id: "jwt-alg-none",
        title: "トークンに署名がありません (alg \"{alg}\")",
        explanation: "トークンのヘッダーが alg \"{alg}\" を示しているか、署名が空です。サーバーは署名のないトークンを受け入れてはならないため、拒否されます。署名のないトークンは、テスト用のヘルパーやモックの発行者が生成したものです。",
        fixes: &[
            "本物の発行者から、API が想定するアルゴリズム (RS256、ES256 など) で署名されたトークンを取得してください。",
            "このビルドから、モックのトークンを生成するコードを取り除いてください。",
        ],
    },
    Msg {
        id: "jwt-alg-none.accepted",
        title: "セキュリティ警告: サーバーが署名のないトークン (alg \"{alg}\") を受け入れました",
        explanation: "このリクエストは、署名のないトークンで成功しました。このようなトークンは、誰でも任意の ID で偽造できます。API が署名を検証していないか、`none` を許可しています。",
        fixes: &[
            "API の JWT 検証で、許可するアルゴリズムを明示的に列挙し (許可リスト)、署名を必須にしてください。",
            "セキュリティインシデントとして扱い、偽造されたトークンが使われていないかログを調査してください。",
        ],
    },
    Msg {
        id: "id-token-as-access-token",
        title: "OpenID Connect の ID トークンがアクセストークンとして送信されています",
        explanation: "Bearer トークンに ID トークンのクレーム ({signals}) が含まれており、audience は {aud} です。ID トークンは、誰がサインインしたかをクライアントに伝えるためのもので、API 向けではありません。API は audience や at+jwt タイプを検証する際にこれを拒否します。",
        fixes: &[
            "トークンレスポンスの `id_token` ではなく `access_token` を送ってください。",
            "レスポンスにアクセストークンが含まれていない場合は、この API 向けのアクセストークンを要求してください (audience/resource パラメーター、または API のスコープを指定します)。",
        ],
    },
    Msg {
        id: "clock-skew",
        title: "クライアントの時計がサーバーより {skew} {direction}います",
        explanation: "クライアントの時計ではリクエストの開始は {client_time} ですが、サーバーの Date ヘッダーは {server_time} を示しています。差は {skew} で、許容誤差の {leeway} 秒を超えています。トークンの有効期限やリクエストの署名はサーバーの時計で判定されるため、時刻の検証に失敗する可能性があります。",
        fixes: &[
            "クライアント端末または VM で、時刻の自動同期 (NTP) を有効にしてください。",
            "サーバー側では許容誤差を設けて時刻を検証し、トークンが有効かどうかをクライアントの時計だけで判断しないようにしてください。",
        ],
    },
    Msg {
        id: "clock-skew.decisive",
        title: "サーバーの時計でのみトークンが期限切れになっています: クライアントの時計が {skew} {direction}います",
        explanation: "クライアントの時計 ({client_time}) ではトークンはまだ有効ですが、サーバーの Date ({server_time}) では有効期限が切れています。端末の時計が {skew} ずれているため、クライアントは、サーバーがすでに無効とみなしているトークンを送り続けています。",
        fixes: &[
            "端末の時計を修正してください (時刻の自動同期を有効にします)。",
            "トークンをリフレッシュするタイミングは、exp とローカルの時計を比べて決めるのではなく、トークンを受け取った時点から `expires_in` を計って決めてください。",
        ],
    },
    Msg {
        id: "insufficient-scope",
        title: "トークンに、このエンドポイントが要求するスコープがありません ({missing})",
        explanation: "サーバーは insufficient_scope を返しました。トークンは有効ですが、付与された権限が必要な権限より少なくなっています。必要なスコープ: {required}。トークンのスコープ: {have}。",
        fixes: &[
            "必要なスコープ ({required}) を指定して、新しいトークンを要求してください。リフレッシュしても元のスコープのままです。",
            "新しいスコープにユーザーの同意が必要な場合は、ユーザーにもう一度認可フローを実行してもらってください。",
        ],
    },
    Msg {
        id: "insufficient-scope.github",
        title: "GitHub のトークンに、このエンドポイントが受け付けるスコープがありません ({missing})",
        explanation: "GitHub によると、このエンドポイントが受け付けるスコープは {required} (X-Accepted-OAuth-Scopes) ですが、トークンのスコープは {have} (X-OAuth-Scopes) です。",
        fixes: &[
            "受け付けられるスコープ ({required}) のいずれかを付けて、トークンを作成または認可してください。",
            "fine-grained トークンや GitHub App の場合は、代わりに対応するリポジトリまたは Organization の権限を付与してください。",
        ],
    },
    Msg {
        id: "rate-limited",
        title: "レート制限によって失敗しています (再試行までの目安: {retry_after})",
        explanation: "レスポンスから、レート制限またはロックアウトがかかっていることが分かります。このクライアント、アカウント、またはキーからのリクエストや認証の失敗が多すぎます。制限中は、正しい認証情報でもサーバーは拒否します。",
        fixes: &[
            "制限が解除される ({retry_after}) まで待ってから再試行してください。ループで再試行するのではなく、指数バックオフを使います。",
            "401 のたびに認証をやり直したりトークンをリフレッシュしたりするループがないかを確認してください。",
            "認証の失敗が続いてアカウントがロックされた場合は、管理者にロックを解除してもらってください。",
        ],
    },
    Msg {
        id: "proxy-auth-required",
        title: "認証情報を求めているのはサイトではなくプロキシです ({schemes})",
        explanation: "この 407 は、ブラウザとサイトの間にあるプロキシが返しています (realm {realm}、Proxy-Authorization の送信: {sent})。プロキシがリクエストを通すまでは、サイト自体の認証情報は関係ありません。",
        fixes: &[
            "プロキシの認証情報を設定してください。OS やブラウザのプロキシ設定を使うか、ツールでは `HTTPS_PROXY=http://user:pass@proxy:port` を指定します。",
            "ネットワーク担当者にサイトを許可リストに追加してもらうか、プロキシを経由しないネットワークで確認してください。",
        ],
    },
    Msg {
        id: "proxy-auth-required.rejected",
        title: "プロキシがプロキシ認証情報を拒否しました ({schemes})",
        explanation: "Proxy-Authorization を送信しましたが、プロキシは再び 407 を返しました。プロキシの認証情報が間違っているか、有効期限が切れているか、プロキシが受け付けないスキームです。",
        fixes: &[
            "OS またはブラウザの設定で、プロキシのパスワードを更新してください。",
            "NTLM/Negotiate のプロキシでは、マシンのドメインログオンを確認してください。",
        ],
    },
    Msg {
        id: "proxy-auth-required.no-challenge",
        title: "プロキシが認証方法を示さずに 407 を返しました",
        explanation: "レスポンスは 407 Proxy Authentication Required ですが、Proxy-Authenticate ヘッダーがないため、どのクライアントも応答できません。",
        fixes: &["プロキシの設定に誤りがあります。プロキシの管理者に、どの認証方式を想定しているかを確認してください。"],
    },
    Msg {
        id: "header-too-large",
        title: "リクエストヘッダーが大きすぎます ({total} バイト、うち Cookie {cookie_bytes} バイト)",
        explanation: "ヘッダー全体が大きすぎるため、サーバーは認証の前にリクエストを拒否しました。このリクエストは {total} バイトのヘッダーを送信しており、そのうち Cookie ヘッダーが {cookie_bytes} バイト (Cookie {cookie_count} 個) です。最も大きいヘッダーは {largest} です。",
        fixes: &[
            "サイトの Cookie を削除して再ログインしてください。そのうえで、どの Cookie が増え続けているか (分割されたセッション Cookie、兄弟サブドメインが設定した Cookie、レスポンスのたびに設定し直される Cookie) を突き止めます。",
            "トークンを Cookie に入れないか、小さくしてください (クレームを減らします)。サーバーやプロキシの上限を引き上げるのは一時しのぎにとどめてください (nginx の `large_client_header_buffers`)。",
        ],
    },
    Msg {
        id: "header-too-large.unknown-size",
        title: "リクエストヘッダーがサーバーの上限を超えています",
        explanation: "サーバーはヘッダーサイズのエラーを返しました。このキャプチャにはリクエストヘッダーが含まれていないためサイズは分かりませんが、通常は大きな Cookie ヘッダーや Authorization ヘッダーが原因です。",
        fixes: &[
            "サイトの Cookie を削除して再ログインし、ヘッダーを含めてキャプチャし直してください (har-sanitized を参照)。",
            "サーバーまたはプロキシのヘッダーサイズの上限を確認してください (nginx の `large_client_header_buffers`)。",
        ],
    },
    Msg {
        id: "digest-stale-nonce",
        title: "Digest 認証の nonce の有効期限が切れています (stale=true): 新しい nonce で再試行してください",
        explanation: "realm {realm} に対するサーバーの Digest チャレンジは stale=true を示しています。認証情報は正しいものの、計算に使った nonce の有効期限が切れています。クライアントは、ユーザーに再入力を求めずに、新しい nonce で自動的に再試行するべきです。",
        fixes: &[
            "クライアントが新しい nonce で Digest のレスポンスを計算し直し、ユーザーに確認せずに 1 回だけ再試行するようにしてください。",
            "すべてのリクエストでこれが起こる場合は、サーバーの nonce の有効期間が短すぎるか、nonce の状態を共有していない別々のサーバーにリクエストが振り分けられています。",
        ],
    },
    Msg {
        id: "cached-401",
        title: "この 401 はキャッシュから返されています ({signal})",
        explanation: "レスポンスにキャッシュの兆候 ({signal}) があります。CDN、プロキシ、またはブラウザが保存したレスポンスを再送しており、認証情報に問題のないユーザーにも返されている可能性があります。キャッシュエントリの有効期限が切れるまでは、認証情報を直しても何も変わりません。",
        fixes: &[
            "CDN またはプロキシで、キャッシュされたエントリをパージしてください。",
            "401 レスポンスには `Cache-Control: no-store` (または `private`) を付け、認証情報によって内容が変わるレスポンスには `Vary: Authorization` (または `Cookie`) を付けてください。",
            "認証が必要なパスを CDN のキャッシュ対象から除外するか、認証情報をキャッシュキーに含めてください。",
        ],
    },
    Msg {
        id: "cached-401.storable",
        title: "この 401 は共有キャッシュに保存される可能性があります ({signal})",
        explanation: "この 401 は共有キャッシュに保存可能と指定されており ({signal})、Authorization や Cookie による Vary もありません。CDN がほかのユーザーにこのレスポンスを返すおそれがあります。",
        fixes: &["401 レスポンスには `Cache-Control: no-store` を付け、Authorization によって内容が変わるレスポンスには `Vary: Authorization` を付けてください。"],
    },
    Msg {
        id: "login-redirect",
        title: "API 呼び出しがサインインページにリダイレクトされました ({location})",
        explanation: "このリクエストはデータを期待していましたが、{location} へのリダイレクトが返されました。サーバーはこれを未認証のブラウザからのアクセスとして扱っています。セッションの有効期限が切れたか、セッション Cookie が送信されていません (Cookie の送信: {cookie_sent})。`fetch` はリダイレクトに従うため、アプリはその後 HTML の解析に失敗します。",
        fixes: &[
            "API のルートでは、リダイレクトではなく 401 を返すようにサーバーを設定してください (たとえば `Accept: application/json` や `/api` プレフィックスで判定します)。",
            "クライアントでは、ログインページへのリダイレクト (または HTML のレスポンス) を「サインアウト状態」として扱い、サインインをやり直してください。",
            "セッションが有効なはずの場合は、このリクエストでセッション Cookie が送信されているかを確認してください (SameSite、credentials モード)。",
        ],
    },
    Msg {
        id: "login-redirect.html",
        title: "API 呼び出しに対して、データではなくサインインページが返されました",
        explanation: "{location} へのレスポンスは、パスワード入力欄のある HTML ページです。セッションの有効期限が切れたか、セッションが送信されておらず (Cookie の送信: {cookie_sent})、サーバーがログインページを返しています。",
        fixes: &[
            "API のルートでは、ログインページではなく、JSON のエラーとともに 401 を返してください。",
            "API クライアントでは、HTML のレスポンスを「サインアウト状態」として処理してください。",
        ],
    },
    Msg {
        id: "preflight-unauthorized",
        title: "CORS のプリフライトが {status} で拒否されたため、実際のリクエストは送信されていません",
        explanation: "ブラウザは OPTIONS のプリフライト (メソッド {method}、ヘッダー {headers}) を送信し、サーバーは {status} を返しました。ブラウザはプリフライトに認証情報を付けないため、OPTIONS に認証チェックをかけると必ず失敗し、ブラウザは実際のリクエストをブロックします。",
        fixes: &[
            "OPTIONS のプリフライトには認証より前に応答してください。CORS ミドルウェアを認証ミドルウェアより前に置くか、OPTIONS を認証の対象から除外します。",
            "プリフライトへの応答では、ステータス 2xx で Access-Control-Allow-Origin、-Methods、-Headers (Authorization を含む) を返す必要があります。",
        ],
    },
    Msg {
        id: "oauth-invalid-client.credentials",
        title: "トークンエンドポイントがクライアントの認証情報を拒否しました ({error})",
        explanation: "認可サーバーは、client_id {client_id} とそのシークレット (シークレットの送信場所: {secret_in}) を受け付けませんでした。サーバーのメッセージ: {description}",
        fixes: &[
            "client_id と client_secret を、プロバイダーにあるこの環境用のアプリ設定と照合してください。シークレットをローテーションまたは再生成すると、古いシークレットは無効になります。",
            "サーバーが想定する方法でシークレットを送ってください (HTTP Basic またはフォームの本文、RFC 6749 §2.3.1)。",
            "パブリッククライアント (SPA、モバイルアプリ) ではシークレットを使わず、代わりに PKCE を使ってください。",
        ],
    },
    Msg {
        id: "oauth-invalid-client.grant-not-allowed",
        title: "このクライアントはグラントタイプ {grant_type} を使用できません ({error})",
        explanation: "認可サーバーは、クライアント {client_id} に対してグラントタイプ {grant_type} を拒否しました。サーバーのメッセージ: {description}",
        fixes: &["プロバイダーの設定でクライアントのグラントタイプを有効にするか、クライアントが登録されているフローを使ってください。"],
    },
    Msg {
        id: "oauth-redirect-uri-mismatch",
        title: "redirect_uri が登録済みのコールバック URL と一致しません",
        explanation: "認可サーバーは redirect_uri {redirect_uri} を登録済みのコールバック URL と比較しましたが、完全に一致するものがありませんでした。サーバーのメッセージ: {description}",
        fixes: &[
            "この URL をそのまま (スキーム、ホスト、ポート、パスを含めて) コールバックとして登録するか、登録済みの URL を送ってください。",
            "トークンリクエストでは認可リクエストと同じ redirect_uri を送るか、どちらでも省略して既定の URL を使ってください。",
        ],
    },
    Msg {
        id: "oauth-redirect-uri-mismatch.authorize",
        title: "認可サーバーが redirect_uri を拒否しました",
        explanation: "認可エンドポイントは error=redirect_uri_mismatch を付けてリダイレクトしました。このリクエストのコールバック URL は、このクライアントに登録されていません。",
        fixes: &["プロバイダーのアプリ設定で、送信したとおりのコールバック URL (スキーム、ホスト、ポート、パス) を登録してください。"],
    },
    Msg {
        id: "oauth-invalid-grant.code",
        title: "認可コードが拒否されました ({error})",
        explanation: "コードが間違っている、有効期限が切れている (多くの場合 10 分)、すでに使用されている、または別のクライアント・redirect_uri・PKCE の code_verifier に対して発行されたものです (PKCE の送信: {pkce})。サーバーのメッセージ: {description}",
        fixes: &[
            "認可フローを最初からやり直して新しいコードを取得し、すぐに 1 回だけ交換してください。",
            "コードの交換が 1 回だけ行われるようにしてください (二重送信や、React の Strict Mode による effect の二重実行がないかを確認します)。",
            "同じ redirect_uri と、このコードのチャレンジに対応する code_verifier を送ってください。",
        ],
    },
    Msg {
        id: "oauth-invalid-grant.refresh",
        title: "リフレッシュトークンが拒否されました ({error})",
        explanation: "リフレッシュトークンの有効期限が切れている、失効している (ユーザーのサインアウト、パスワード変更、アプリの再認可)、またはリフレッシュトークンのローテーションによってすでに使用済みです。サーバーのメッセージ: {description}",
        fixes: &[
            "ユーザーにもう一度サインインしてもらい、新しいトークンのペアを取得してください。",
            "リフレッシュのたびに返される新しいリフレッシュトークンを保存して次回に使い、古いものは決して再利用しないでください。",
            "リフレッシュを直列化して (タブをまたいで同時に 1 つだけ実行)、2 つのリクエストが同じトークンでリフレッシュしないようにしてください。",
        ],
    },
    Msg {
        id: "oauth-invalid-grant.device",
        title: "ユーザーが承認する前にデバイスコードの有効期限が切れました",
        explanation: "デバイスフローのコードの有効期間が終了しました ({error})。サーバーのメッセージ: {description}",
        fixes: &["デバイスフローを最初からやり直し、コードの有効期間内に承認を完了してください。"],
    },
    Msg {
        id: "oauth-invalid-grant.generic",
        title: "グラントが拒否されました ({error})",
        explanation: "トークンエンドポイントがグラントを拒否しました (grant_type {grant_type})。サーバーのメッセージ: {description}",
        fixes: &["新しいグラントを取得し (フローをやり直します)、発行先のクライアントが 1 回だけ使っていることを確認してください。"],
    },
    Msg {
        id: "oauth-token-error",
        title: "トークンエンドポイントがエラーを返しました ({error})",
        explanation: "トークンが発行されなかったため、その後の API 呼び出しが失敗します。サーバーのメッセージ: {description}",
        fixes: &[
            "エラーの内容に従ってトークンリクエストを修正してください (RFC 6749 §5.2: invalid_request = パラメーターの欠落または重複、unsupported_grant_type、invalid_scope)。",
            "プロバイダーのドキュメントにあるリクエスト例と、パラメーターを 1 つずつ比較してください。",
        ],
    },
    Msg {
        id: "oauth-token-error.json-body",
        title: "トークンリクエストが {mime} で送信されていますが、トークンエンドポイントはフォーム形式を想定しています ({error})",
        explanation: "OAuth のトークンエンドポイントは `application/x-www-form-urlencoded` の本文を読み取ります (RFC 6749 §4.1.3)。このリクエストは {mime} で送られたため、サーバーからは grant_type が見えませんでした。サーバーのメッセージ: {description}",
        fixes: &["パラメーターをフォーム形式でエンコードし (`new URLSearchParams({...})`)、`Content-Type: application/x-www-form-urlencoded` を付けて送ってください。"],
    },
    Msg {
        id: "refresh-token-reused",
        title: "リフレッシュトークンが 2 回使われ、2 回目が拒否されました (1 回目: エントリ {earlier})",
        explanation: "同じリフレッシュトークン (sha256:{fingerprint}) が、エントリ {earlier} とこのリクエストの両方で送信されています。リフレッシュトークンのローテーションでは、リフレッシュのたびに、使用したリフレッシュトークンとそれまでのアクセストークンが無効になるため、2 回目のリフレッシュは失敗します。並行したリクエスト、複数のタブ、古い値での再試行が原因です。",
        fixes: &[
            "リフレッシュのレスポンスごとに新しいリフレッシュトークンを保存し、次回はそれだけを使ってください。",
            "リフレッシュを直列化してください。実行中のリフレッシュの Promise を 1 つにして、リクエストやタブの間で共有します (BroadcastChannel やロックを使います)。",
            "このエラーの後は、ユーザーにもう一度サインインしてもらってください。再利用を検知するとトークンファミリー全体を失効させるプロバイダーもあります。",
        ],
    },
    Msg {
        id: "access-token-superseded",
        title: "エントリ {refresh} のリフレッシュで置き換えられたアクセストークンが使われています",
        explanation: "エントリ {refresh} でトークンがリフレッシュされ、新しいアクセストークン (sha256:{current}) が発行されましたが、このリクエストは以前のトークン (sha256:{sent}) を送信しています。トークンをローテーションするプロバイダーでは、リフレッシュトークンが使われた時点で古いアクセストークンが無効になります。",
        fixes: &[
            "リフレッシュ後は、アクセストークンがキャッシュされているすべての箇所 (API クライアント、ほかのタブ、Service Worker) で置き換えてください。",
            "リフレッシュ中に発行されたリクエストはキューに入れ、新しいトークンで送信してください。",
        ],
    },
    Msg {
        id: "bearer-invalid-token.generic",
        title: "サーバーがトークンを拒否しました: {description}",
        explanation: "サーバーは error=\"{error}\" と説明 \"{description}\" を返しました。拒否の理由はトークン自体からは読み取れません。失効している、別の環境・テナント・audience 向けに発行されている (iss {iss}、aud {aud})、または API が知らない鍵で署名されている可能性があります。",
        fixes: &[
            "トークンの発行者と audience を、この環境の API が想定している値と比較してください。",
            "新しいトークンを取得してください。それでも失敗する場合は、API が受け付ける発行者と鍵セット (JWKS) を確認してください。",
        ],
    },
    Msg {
        id: "bearer-invalid-token.expired",
        title: "サーバーはトークンの有効期限が切れていると伝えています: {description}",
        explanation: "サーバーは error=\"{error}\" を返し、トークンの有効期限が切れていると伝えています。トークンが読み取り可能な JWT ではない (またはクライアントの時計では exp が有効に見える) ため、サーバーの判断に従ってトークンをリフレッシュしてください。",
        fixes: &[
            "トークンをリフレッシュして、1 回だけ再試行してください。expires_in が切れる前に、前もってリフレッシュします。",
            "トークンの有効期限が早すぎるように見える場合は、クライアント、発行者、API の時計を比較してください。",
        ],
    },
    Msg {
        id: "bearer-invalid-token.signature",
        title: "サーバーはトークンの署名を検証できませんでした: {description}",
        explanation: "サーバーは error=\"{error}\" を返し、署名または鍵について言及しています。トークンが別の発行者や環境で署名されたか、発行者が鍵をローテーションしたのに API が古い鍵セットをキャッシュしています。",
        fixes: &[
            "トークンが、この API が信頼する発行者 (iss {iss}) から発行されたものかを確認してください。",
            "API が未知の kid を受け取ったときに JWKS を再取得するようにしてください。",
        ],
    },
    Msg {
        id: "bearer-invalid-token.audience",
        title: "トークンが別の audience または発行者向けのものです: {description}",
        explanation: "サーバーは error=\"{error}\" を返し、audience または発行者について言及しています。トークンは別の API またはテナント向けに発行されています (aud {aud}、iss {iss})。",
        fixes: &["この API が信頼する発行者に、この API 向けのトークンを要求してください (audience/resource パラメーター、または API のスコープを指定します)。"],
    },
    Msg {
        id: "bearer-invalid-token.revoked",
        title: "トークンが失効しています: {description}",
        explanation: "サーバーは error=\"{error}\" を返し、トークンが失効したと伝えています (サインアウト、パスワード変更、管理者による操作、またはローテーション)。",
        fixes: &["もう一度サインインして新しいトークンを取得してください。サインアウト後はトークンを使わないようにします。"],
    },
    Msg {
        id: "bearer-invalid-token.invalid-request",
        title: "サーバーはリクエストの形式が正しくないと伝えています: {description}",
        explanation: "error=\"invalid_request\" は、パラメーターが欠落しているか重複している、またはトークンが複数の方法で (ヘッダーとクエリの両方で) 送られていることを意味します。",
        fixes: &["トークンは 1 か所 (Authorization ヘッダー) だけで送り、リクエストを API のドキュメントと照合してください。"],
    },
    Msg {
        id: "basic-rejected",
        title: "\"{user}\" の正しい形式の Basic 認証の認証情報が拒否されました (realm {realm})",
        explanation: "認証情報は正しくエンコードされています (ユーザー ID \"{user}\"、パスワード {password_length} 文字)。したがって、サーバーが拒否したのは値そのものです。パスワードが間違っているか変更された、アカウントを取り違えている、アカウントがロックまたは無効化されている、あるいは別の realm の認証情報を使っている可能性があります。",
        fixes: &[
            "パスワードを慎重に入力し直し (Caps Lock、キーボード配列、入力モード)、ユーザー ID を大文字・小文字やドメインも含めて確認してください。",
            "サーバーのユーザーストアで、アカウントがロックまたは無効化されていないか、パスワードの有効期限が切れていないかを確認してください。",
            "認証情報が realm {realm} 用のものかを確認してください (たとえば、別に用意された管理画面など)。",
        ],
    },
    Msg {
        id: "basic-rejected.accepted-elsewhere",
        title: "同じ Basic 認証の認証情報がエントリ {other} では成功し、ここでは失敗しています (realm {realm})",
        explanation: "エントリ {other} は \"{user}\" の同じ認証情報で成功しているため、アカウントとパスワードに問題はありません。このリソースは別の保護領域 (realm {realm}) に属しているか、このアカウントにない権限を必要としています。",
        fixes: &[
            "このパスに対するサーバーの設定で、どの realm が適用され、どのユーザーが許可されているかを確認してください (たとえば `auth_basic` / `require user` のルール)。",
            "この realm 用のアカウントを使ってください。",
        ],
    },
    Msg {
        id: "password-rejected",
        title: "\"{user}\" のサインインが拒否されました",
        explanation: "アプリケーションのログインエンドポイントが、ユーザー名とパスワードを拒否しました (サーバーのメッセージ: {message})。リクエスト自体の形式は正しいため、拒否されたのは値です。タイプミス、アカウントや環境の取り違え、パスワードの変更や有効期限切れ、アカウントのロックや未確認 (メールアドレスの確認が済んでいないなど) が考えられます。",
        fixes: &[
            "パスワードを入力し直し (Caps Lock、キーボード配列、入力モードを半角に)、ユーザー名の綴り、大文字・小文字、ドメインを正確に確認してください。",
            "ユーザーストアで、アカウントがこの環境に存在し、有効で、確認済みで、ロックされていないかを確認してください。",
            "パスワードマネージャーでフォームに入力した場合は、この環境用のエントリが入力されているかを確認してください。",
        ],
    },
    Msg {
        id: "api-key-rejected",
        title: "{name} の API キーが拒否されました",
        explanation: "リクエストは API キー ({name}) で認証しようとしましたが、サーバーに拒否されました。キーが間違っている、失効またはローテーション済み、別のプロジェクトや環境のもの、あるいは制限 (許可された IP、リファラー、API) がかかっている可能性があります。",
        fixes: &[
            "プロバイダーのコンソールで、キーが存在し、有効で、このプロジェクトと環境に属しているかを確認してください。",
            "キーの制限 (HTTP リファラー、IP、許可された API) がこのリクエストに合っているかを確認してください。",
            "このデプロイで、アプリがキーを読み込む環境変数を確認してください。",
        ],
    },
    Msg {
        id: "api-key-rejected.wrong-place",
        title: "API キーは {name} で送信されていますが、サーバーは {expected} で受け取ることを想定しています",
        explanation: "キーは {name} として送信されましたが、サーバーのエラーは {expected} に言及しています。API が読み取らない場所にあるキーは、送られていないものとして扱われます。",
        fixes: &["API のドキュメントに記載された場所 ({expected}) に、正確なヘッダー名またはパラメーター名でキーを送ってください。"],
    },
    Msg {
        id: "api-key-rejected.missing",
        title: "サーバーは API キーを求めていますが、送信されていません",
        explanation: "エラーレスポンスは API キーに言及していますが、リクエストには API キーのヘッダーやパラメーターも、Authorization ヘッダーも含まれていません。",
        fixes: &["API のドキュメントどおりに (ヘッダー名またはクエリパラメーターで) API キーを送ってください。"],
    },
    Msg {
        id: "authorization-not-received",
        title: "トークンは送信されましたが、サーバーは何も受け取っていないかのように応答しています",
        explanation: "リクエストには正しい形式の Bearer トークンが含まれていましたが、401 のチャレンジにエラーコードがありません。RFC 6750 では、これはサーバーが認証情報を受け取っていないことを意味します。途中にあるもの (リバースプロキシ、ロードバランサー、API ゲートウェイ、または別のホストへのリダイレクト) が Authorization ヘッダーを削除した可能性があります。",
        fixes: &[
            "プロキシの設定で Authorization が転送されているかを確認してください (nginx: `proxy_set_header Authorization \"\"` がないこと、Apache: `CGIPassAuth On`、API ゲートウェイ: ヘッダーのパススルー)。",
            "このリクエストでアプリケーションが受け取ったヘッダーをログに出力してください。",
            "サーバーがエラーコードを一切返さない場合は、一般的なトークンの拒否として扱ってください。",
        ],
    },
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
