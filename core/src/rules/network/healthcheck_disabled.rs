use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::syntax::{Args, Healthcheck, Keyword};

use super::chain_instructions;

pub const RULE: Rule = Rule {
    code: "PL505",
    name: "healthcheck-disabled",
    section: Section::Network,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    // Only the last HEALTHCHECK of the chain is in the image.
    let last = chain_instructions(context)
        .filter(|(_, instruction)| instruction.keyword == Keyword::Healthcheck)
        .last();
    let Some((index, instruction)) = last else {
        return;
    };
    if !matches!(instruction.args, Args::Healthcheck(Healthcheck::None)) {
        return;
    }
    let diagnostic = out
        .report(
            instruction.args_span(),
            crate::text!(
                "`HEALTHCHECK NONE` turns off the health check of the base image, so Docker no longer notices when the application hangs; remove it, or define a check for this application",
                "`HEALTHCHECK NONE` はベースイメージのヘルスチェックを無効にするため、アプリケーションが応答しなくなっても Docker が気づけません。削除するか、このアプリケーション用のチェックを定義してください",
            ),
        )
        .with_fix(Fix::manual(crate::text!(
            "Replace `HEALTHCHECK NONE` with a check of this application, for example `HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:3000/health || exit 1`, or delete it to keep the base image's check if that one fits.",
            "`HEALTHCHECK NONE` を、このアプリケーションを確認するチェック（例: `HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:3000/health || exit 1`）に置き換えるか、ベースイメージのチェックが適切ならこの行を削除します。",
        )));
    if let Some(stage) = context.stage_of(index) {
        diagnostic.in_stage(stage);
    }
}

const DOCS_EN: &str = r#"
# HEALTHCHECK disabled

## What it checks
`HEALTHCHECK NONE` as the health check that ends up in the final image: the last
`HEALTHCHECK` of the final stage and the stages it is built `FROM`. A `HEALTHCHECK NONE` that
a later stage replaces with a real check is not reported.

## Why it is risky
`HEALTHCHECK NONE` removes any health check inherited from the base image. Docker then only
knows whether the main process is alive: a hung application keeps its traffic, Compose's
`service_healthy` never becomes true, and Swarm does not replace it. It is sometimes added
to silence a base image's check that does not fit, without putting a better one in place.

## Example
```dockerfile
FROM nginx:1.27
HEALTHCHECK NONE
```

## Use instead
```dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1
```

## Fix
Replace `HEALTHCHECK NONE` with a check of this application, or delete it to keep the base
image's check if that one fits.

## When it is acceptable
Images run only on Kubernetes, where probes replace `HEALTHCHECK`, and job images that exit
when done, when the inherited check would report them as unhealthy.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- CIS Docker Benchmark 4.6 (add HEALTHCHECK instructions to the container image)
"#;

const DOCS_JA: &str = r#"
# HEALTHCHECK を無効にしている

## チェック内容
最終イメージに残るヘルスチェック（最終ステージと、その `FROM` の元になったステージの最後の
`HEALTHCHECK`）が `HEALTHCHECK NONE` であるものを検出します。後のステージで本来のチェックに
置き換えられている `HEALTHCHECK NONE` は対象外です。

## なぜ危険か
`HEALTHCHECK NONE` はベースイメージから引き継いだヘルスチェックを取り除きます。すると Docker には
メインプロセスが生きているかどうかしか分からなくなり、固まったアプリケーションにもトラフィックが
送られ続け、Compose の `service_healthy` は真にならず、Swarm も置き換えません。合わない
ベースイメージのチェックを黙らせるために、より良いチェックを用意しないまま追加されることがあります。

## 問題のある例
```dockerfile
FROM nginx:1.27
HEALTHCHECK NONE
```

## 代わりに
```dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1
```

## 修正方法
`HEALTHCHECK NONE` をこのアプリケーションを確認するチェックに置き換えるか、ベースイメージの
チェックが適切ならこの行を削除します。

## 許容される場合
プローブが `HEALTHCHECK` の代わりになる Kubernetes 上でだけ動かすイメージや、処理が終わると
終了するジョブのイメージで、引き継いだチェックが異常と判定してしまう場合です。

## 参考資料
- [Dockerfile リファレンス: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- CIS Docker Benchmark 4.6（コンテナイメージに HEALTHCHECK を追加する）
"#;
