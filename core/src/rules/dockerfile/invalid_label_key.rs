use crate::fix::{Edit, Fix};
use crate::model::unquote;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    code: "PL927",
    name: "invalid-label-key",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    aliases: &[alias(Tool::Hadolint, "DL3048")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Namespaces Docker keeps for itself.
const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let instruction_stage = context.stage_of(index);
        let instruction = instruction.effective();
        let (Keyword::Label, Args::KeyValues(pairs)) = (instruction.keyword, &instruction.args)
        else {
            continue;
        };
        for pair in pairs {
            let key = unquote(&pair.key.text);
            if key.contains('$') {
                continue;
            }
            let Some((problem_en, problem_ja)) = problem(&key) else {
                continue;
            };
            let message = crate::text!(
                format!("label key `{key}` {problem_en}; Docker's convention is lower-case letters, digits, `.` and `-`, starting with a letter, in a reverse-DNS namespace such as `org.opencontainers.image.*`"),
                format!("ラベルキー `{key}` は{problem_ja}。Docker の規約では、英小文字・数字・`.`・`-` だけを使い、英字で始め、`org.opencontainers.image.*` のような逆 DNS の名前空間に置きます"),
            );
            let diagnostic = out.report(pair.key.span, message);
            if let Some(stage) = instruction_stage {
                diagnostic.in_stage(stage);
            }
            let suggestion = key.to_ascii_lowercase().replace('_', "-");
            if problem(&suggestion).is_none() && pair.key.text == key {
                diagnostic.with_fix(Fix::needs_review(
                    crate::text!(
                        format!("Rename the label to `{suggestion}`; update whatever reads the old name."),
                        format!("ラベル名を `{suggestion}` に変えます。古い名前を読んでいるものも更新してください。"),
                    ),
                    vec![Edit::replace(pair.key.span, suggestion)],
                ));
            }
        }
    }
}

/// What is wrong with a key, in English and Japanese.
fn problem(key: &str) -> Option<(String, String)> {
    if let Some(namespace) = RESERVED
        .iter()
        .find(|namespace| key.starts_with(*namespace))
    {
        return Some((
            format!("uses the `{namespace}` namespace, which Docker reserves"),
            format!("Docker が予約している名前空間 `{namespace}` を使っています"),
        ));
    }
    if key.chars().any(|ch| ch.is_ascii_uppercase()) {
        return Some((
            "has upper-case letters".to_string(),
            "大文字を含んでいます".to_string(),
        ));
    }
    if let Some(bad) = key
        .chars()
        .find(|ch| !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || *ch == '.' || *ch == '-'))
    {
        return Some((
            format!("contains `{bad}`"),
            format!("使えない文字 `{bad}` を含んでいます"),
        ));
    }
    if !key.starts_with(|ch: char| ch.is_ascii_lowercase()) {
        return Some((
            "does not start with a lower-case letter".to_string(),
            "英小文字で始まっていません".to_string(),
        ));
    }
    if !key.ends_with(|ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit()) {
        return Some((
            "does not end with a letter or digit".to_string(),
            "英字または数字で終わっていません".to_string(),
        ));
    }
    if key.contains("..") || key.contains("--") {
        return Some((
            "has consecutive `.` or `-`".to_string(),
            "`.` や `-` が連続しています".to_string(),
        ));
    }
    None
}

const DOCS_EN: &str = r#"
# Label key does not follow Docker's conventions

## What it checks
LABEL keys that break Docker's key format: only lower-case letters, digits, `.` and `-`;
starting with a lower-case letter and ending with a letter or digit; no `..` or `--`; and not
in the namespaces Docker reserves (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`).
Keys built from variables are skipped.

## Why it is risky
Tools that read labels (registries, scanners, `docker inspect` filters, OCI annotations)
expect one spelling. `Version`, `build_date` and `org.opencontainers.image.version` are three
different keys, so metadata gets lost or duplicated, and keys in Docker's namespaces may clash
with Docker's own.

## Example
```dockerfile
FROM alpine:3.20
LABEL Maintainer="team@example.com" build_date="2024-05-01"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="team@example.com" org.opencontainers.image.created="2024-05-01T00:00:00Z"
```

## Fix
Use the OCI annotation keys (`org.opencontainers.image.*`) where one fits, or a lower-case
reverse-DNS key of your own. The fix lower-cases the key and turns `_` into `-` when that is
enough; review it and update whatever reads the old key.

## When it is acceptable
When a consumer you cannot change expects the exact key.

## References
- [Docker docs: Object labels, key format](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
- [OCI image spec: Pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"#;

const DOCS_JA: &str = r#"
# ラベルキーが Docker の規約に従っていない

## チェック内容
Docker のキーの形式に合わない LABEL のキーを検出します。使えるのは英小文字・数字・`.`・`-`
だけで、英小文字で始まり英字か数字で終わり、`..` や `--` を含まず、Docker が予約している
名前空間（`com.docker.*`、`io.docker.*`、`org.dockerproject.*`）にないことが条件です。変数で
組み立てたキーは対象外です。

## なぜ危険か
ラベルを読むツール（レジストリ、スキャナー、`docker inspect` のフィルター、OCI アノテーション）
は決まった綴りを前提にしています。`Version`、`build_date`、`org.opencontainers.image.version`
はすべて別のキーなので、メタデータが失われたり重複したりします。Docker の名前空間のキーは
Docker 自身のものと衝突するおそれがあります。

## 問題のある例
```dockerfile
FROM alpine:3.20
LABEL Maintainer="team@example.com" build_date="2024-05-01"
```

## 代わりに
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="team@example.com" org.opencontainers.image.created="2024-05-01T00:00:00Z"
```

## 修正方法
合うものがあれば OCI アノテーションのキー（`org.opencontainers.image.*`）を、なければ英小文字の
逆 DNS 形式の独自キーを使ってください。自動修正は、キーを小文字にして `_` を `-` に変えれば
済む場合にそうします。確認し、古いキーを読んでいるものも更新してください。

## 許容される場合
変更できない利用側が、そのキーをそのまま期待している場合です。

## 参考資料
- [Docker ドキュメント: オブジェクトラベル（キーの形式）](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
- [OCI image spec: 定義済みアノテーションキー](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"#;
