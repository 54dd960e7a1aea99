use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{edit_or_advice, insert_keys, label, services};

pub const RULE: Rule = Rule {
    code: "PLC701",
    name: "compose-writable-root-filesystem",
    section: Section::Filesystem,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Semgrep, "writable-filesystem-service"),
        alias(Tool::Cis, "5.12"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let read_only = service.get("read_only");
        if read_only.and_then(|value| value.as_bool()) == Some(true) {
            continue;
        }
        let name = label(service);
        let (span, en, ja) = match read_only {
            Some(value) => (
                value.span(),
                format!("service {name} has a writable root file system (`read_only: {}`); set `read_only: true` and mount `tmpfs` or volumes where it writes", value.as_str().unwrap_or("false")),
                format!("サービス {name} のルートファイルシステムは書き込み可能です（`read_only: {}`）。`read_only: true` にし、書き込む場所には `tmpfs` かボリュームをマウントしてください", value.as_str().unwrap_or("false")),
            ),
            None => (
                service.key.span(),
                format!("service {name} has a writable root file system; add `read_only: true` and mount `tmpfs` or volumes where it writes"),
                format!("サービス {name} のルートファイルシステムは書き込み可能です。`read_only: true` を追加し、書き込む場所には `tmpfs` かボリュームをマウントしてください"),
            ),
        };
        let diagnostic = out.report(span, crate::text!(en, ja)).about(service.name);
        let has_tmpfs = service.get("tmpfs").is_some();
        let lines: &[&str] = if has_tmpfs {
            &["read_only: true"]
        } else {
            &["read_only: true", "tmpfs:", "  - /tmp"]
        };
        let edit = read_only
            .is_none()
            .then(|| insert_keys(context.source, service, lines))
            .flatten();
        let description = crate::text!(
            "Add `read_only: true` (with a `tmpfs` for `/tmp`); run the service and mount a `tmpfs` or a volume at every other path it writes to.",
            "`read_only: true`（と `/tmp` の `tmpfs`）を追加します。サービスを動かし、ほかに書き込むパスにも `tmpfs` かボリュームをマウントします。",
        );
        diagnostic.with_fix(edit_or_advice(description, edit, Fix::needs_review));
    }
}

const DOCS_EN: &str = r#"
# Compose service with a writable root file system

## What it checks
A Compose service without `read_only: true`. The service's container can then write
anywhere in its image's file system that its user may write to.

## Why it is risky
An attacker who gets code running in a container usually wants to write: a web shell in
the document root, a changed binary or library, a cron entry, a tool downloaded to `/tmp`.
A read-only root file system stops all of that, makes the container's state disposable,
and shows exactly where the application writes (the `tmpfs` and volume mounts you add).

## Example
```yaml file=compose.yaml
services:
  web:
    build: .
```

## Use instead
```yaml file=compose.yaml
services:
  web:
    build: .
    read_only: true
    tmpfs:
      - /tmp
```

## Fix
Add `read_only: true` and a `tmpfs` for `/tmp`, start the service, and add a `tmpfs` or a
volume for every other path it fails to write (caches, PID files, uploads). The fix inserts
the first two lines; review it by running the service.

## When it is acceptable
Development services that mount the source tree and rebuild it, and third-party images
that write all over their file system and cannot be configured otherwise.

## References
- [Compose file reference: read_only](https://docs.docker.com/reference/compose-file/services/#read_only)
- CIS Docker Benchmark 5.12 (mount the container's root file system as read only)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスのルートファイルシステムが書き込み可能

## チェック内容
`read_only: true` がない Compose サービスを検出します。そのコンテナは、ユーザーが書き込める
イメージのファイルシステムのどこにでも書き込めます。

## なぜ危険か
コンテナ内でコードを実行できた攻撃者の多くは書き込みを狙います。ドキュメントルートへの
Web シェル、バイナリやライブラリの改ざん、cron の登録、`/tmp` へのツールのダウンロードなどです。
ルートファイルシステムを読み取り専用にするとこれらを止められ、コンテナの状態を使い捨てにでき、
アプリケーションが書き込む場所（追加する `tmpfs` とボリューム）がはっきりします。

## 問題のある例
```yaml file=compose.yaml
services:
  web:
    build: .
```

## 代わりに
```yaml file=compose.yaml
services:
  web:
    build: .
    read_only: true
    tmpfs:
      - /tmp
```

## 修正方法
`read_only: true` と `/tmp` の `tmpfs` を追加してサービスを起動し、書き込みに失敗するほかのパス
（キャッシュ、PID ファイル、アップロード先など）にも `tmpfs` かボリュームを追加します。修正は
最初の 2 つを挿入します。サービスを動かして確認してください。

## 許容される場合
ソースツリーをマウントしてビルドし直す開発用のサービスや、ファイルシステムのあちこちに書き込み、
設定で変えられないサードパーティのイメージです。

## 参考資料
- [Compose ファイルリファレンス: read_only](https://docs.docker.com/reference/compose-file/services/#read_only)
- CIS Docker Benchmark 5.12（コンテナのルートファイルシステムを読み取り専用でマウントする）
"#;
