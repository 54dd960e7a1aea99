use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services};

pub const RULE: Rule = Rule {
    code: "PLC502",
    name: "compose-healthcheck-disabled",
    section: Section::Network,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Cis, "5.26")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// The node that turns a service's health check off: `disable: true`, or a
/// `test` of `NONE` (`["NONE"]` or the string).
fn disabling(healthcheck: crate::companion::yaml::Value) -> Option<crate::companion::yaml::Value> {
    if let Some(disable) = healthcheck.get("disable") {
        if disable.as_bool() == Some(true) {
            return Some(disable);
        }
    }
    let test = healthcheck.get("test")?;
    let first = if test.is_sequence() {
        test.items().next()?
    } else {
        test
    };
    first
        .as_str()
        .is_some_and(|text| text.trim() == "NONE")
        .then_some(test)
}

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, image) in services(context) {
        let Some(node) = service.get("healthcheck").and_then(disabling) else {
            continue;
        };
        let name = label(service);
        let image_check = image.and_then(|image| Some((&image.path, image.healthcheck?)));
        let (en, ja) = if image_check.is_some() {
            (
                format!("service {name} turns off the health check its image defines: Docker and dependent services (`depends_on: condition: service_healthy`) no longer see when it hangs; remove the override"),
                format!("サービス {name} はイメージが定義するヘルスチェックを無効にしています。Docker や依存するサービス（`depends_on: condition: service_healthy`）は、止まっていても気付けません。上書きを削除してください"),
            )
        } else {
            (
                format!("service {name} turns its health check off: Docker and dependent services (`depends_on: condition: service_healthy`) cannot tell a hung container from a working one; define a `test` instead"),
                format!("サービス {name} はヘルスチェックを無効にしています。Docker や依存するサービス（`depends_on: condition: service_healthy`）は、止まったコンテナと動いているコンテナを区別できません。代わりに `test` を定義してください"),
            )
        };
        let diagnostic = out
            .report(node.span(), crate::text!(en, ja))
            .about(service.name);
        if let Some((path, span)) = image_check {
            diagnostic.also_in(
                path,
                span,
                Some(crate::text!(
                    "the image's own health check",
                    "イメージ自身のヘルスチェック",
                )),
            );
        }
        diagnostic.with_fix(Fix::manual(crate::text!(
            "Remove `disable: true` (or the `NONE` test) to keep the image's check, or write a `test` that asks the service itself whether it works (`[\"CMD\", \"/app/healthcheck\"]`).",
            "`disable: true`（か `NONE` のテスト）を削除してイメージのチェックを使うか、サービス自身に動いているかを尋ねる `test` を書きます（`[\"CMD\", \"/app/healthcheck\"]`）。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Compose service turns its health check off

## What it checks
A Compose service whose `healthcheck:` says `disable: true`, or whose `test` is `NONE`
(`["NONE"]`). When the project links the service to the Dockerfile it builds and that
Dockerfile has a `HEALTHCHECK`, the finding points at it too.

## Why it is risky
A health check is how Docker and the services that depend on this one learn that it has
stopped working while its process still runs: a deadlock, an exhausted connection pool, a
lost database. Without it the container stays "running", `depends_on` with
`condition: service_healthy` cannot wait for it, and an orchestrator never replaces it. An
attack that wedges the service goes unnoticed longer.

## Example
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    healthcheck:
      disable: true
```

## Use instead
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    healthcheck:
      test: ["CMD", "/app/healthcheck"]
      interval: 30s
      timeout: 5s
      retries: 3
```

## Fix
Remove the override to keep the image's own `HEALTHCHECK`, or write a `test` that asks
the service whether it works, with a program the image already has.

## When it is acceptable
One-shot jobs and services whose image check does not fit how they are run here (a
different port, a sidecar), when another check (the orchestrator's, a monitoring probe)
watches them.

## References
- [Compose file reference: healthcheck](https://docs.docker.com/reference/compose-file/services/#healthcheck)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスがヘルスチェックを無効にしている

## チェック内容
`healthcheck:` に `disable: true` がある、または `test` が `NONE`（`["NONE"]`）の Compose サービスを
検出します。プロジェクトがサービスとビルドする Dockerfile を結び付けていて、その Dockerfile に
`HEALTHCHECK` があれば、そこも示します。

## なぜ危険か
ヘルスチェックは、プロセスは動いたままサービスが機能しなくなったこと（デッドロック、使い
切ったコネクションプール、失われたデータベース接続）を Docker や依存するサービスが知る手段です。
これがないとコンテナは「実行中」のままで、`condition: service_healthy` を指定した `depends_on` は
待てず、オーケストレーターは入れ替えません。サービスを止める攻撃にも気付くのが遅れます。

## 問題のある例
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    healthcheck:
      disable: true
```

## 代わりに
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    healthcheck:
      test: ["CMD", "/app/healthcheck"]
      interval: 30s
      timeout: 5s
      retries: 3
```

## 修正方法
上書きを削除してイメージ自身の `HEALTHCHECK` を使うか、イメージにすでにあるプログラムで
サービスが動いているかを尋ねる `test` を書きます。

## 許容される場合
1 回だけ動くジョブや、イメージのチェックがここでの動かし方に合わないサービス（別のポート、
サイドカー）で、ほかのチェック（オーケストレーターのもの、監視のプローブ）が見ている場合です。

## 参考資料
- [Compose ファイルリファレンス: healthcheck](https://docs.docker.com/reference/compose-file/services/#healthcheck)
- [Dockerfile リファレンス: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#;
