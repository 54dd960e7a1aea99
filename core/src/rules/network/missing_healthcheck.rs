use crate::fix::Fix;
use crate::model::Base;
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::Keyword;

use super::chain_instructions;

pub const RULE: Rule = Rule {
    code: "PL503",
    name: "missing-healthcheck",
    section: Section::Network,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3057"),
        alias(Tool::Trivy, "DS-0026"),
        alias(Tool::Checkov, "CKV_DOCKER_2"),
        alias(Tool::Kics, "Healthcheck Instruction Missing"),
        alias(Tool::Dockle, "CIS-DI-0006"),
        alias(Tool::Cis, "4.6"),
    ],
    docs_en: DOCS_EN,
    docs_ja: DOCS_JA,
    check,
};

const SEED_EXAMPLE: &str = "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f http://localhost:3000/health || exit 1";

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(last) = context.model.final_stage else {
        return;
    };
    if chain_instructions(context)
        .any(|(_, instruction)| instruction.keyword == Keyword::Healthcheck)
    {
        return;
    }
    let stage = &context.model.stages[last];
    let written = &stage.base_text;
    let no_shell = match context.model.root_base(last) {
        Base::Scratch => true,
        Base::Image(image) => image.repository.contains("distroless"),
        _ => false,
    };
    let (advice_en, advice_ja) = if no_shell {
        (
            "this image has no shell or curl, so use an exec-form probe it contains, such as `HEALTHCHECK CMD [\"/app/server\", \"healthcheck\"]`".to_string(),
            "このイメージにはシェルも curl もないため、`HEALTHCHECK CMD [\"/app/server\", \"healthcheck\"]` のように、イメージ内にある実行形式のプローブを使ってください".to_string(),
        )
    } else {
        (
            "add one such as `HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:3000/health || exit 1`".to_string(),
            "`HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:3000/health || exit 1` のようなチェックを追加してください".to_string(),
        )
    };
    out.report(
        stage.base_span,
        Text::new(
            format!("the final image (`FROM {written}`) defines no HEALTHCHECK, so Docker cannot tell a hung application from a healthy one (a check in the base image, if any, cannot be seen from here); {advice_en}"),
            format!("最終イメージ（`FROM {written}`）に HEALTHCHECK がないため、Docker はアプリケーションが応答しなくなっても正常と区別できません（ベースイメージのチェックの有無はここからは分かりません）。{advice_ja}"),
        ),
    )
    .in_stage(last)
    .with_fix(Fix::manual(Text::new(
        format!("Add a health check for the application's own endpoint, for example `{SEED_EXAMPLE}`. Images run only on Kubernetes can rely on its probes instead."),
        format!("アプリケーション自身のエンドポイントを確認するヘルスチェックを追加します。例: `{SEED_EXAMPLE}`。Kubernetes だけで動かすイメージは、代わりにそのプローブを使えます。"),
    )));
}

const DOCS_EN: &str = r#"
# No HEALTHCHECK

## What it checks
Whether the final image defines a `HEALTHCHECK`: in the final stage or in a stage it is
built `FROM`. A check defined by the external base image cannot be seen from the Dockerfile,
so the finding says so. It is reported on the final stage's `FROM` image. When the final
image is `scratch` or distroless, which have no shell or `curl`, the message suggests an
exec-form probe instead.

## Why it is risky
Without a health check, Docker only knows whether the main process is running, not whether
it works: a deadlocked or stuck application keeps receiving traffic and is never restarted.
With one, `docker ps` shows `unhealthy`, Compose can wait for `service_healthy`, and Swarm
replaces failing tasks. The severity is low because Kubernetes ignores `HEALTHCHECK` and
uses its own liveness and readiness probes, and because one-shot and CLI images do not need
one.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -f http://localhost:3000/health || exit 1
CMD ["node", "server.js"]
```

## Fix
Add a `HEALTHCHECK` that checks the application itself, with a short timeout:
`HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f
http://localhost:3000/health || exit 1`. The command must exist in the image: on `alpine`
use `wget -q --spider`, and on `scratch` or distroless images use a probe binary or a
sub-command of the application in exec form, `HEALTHCHECK CMD ["/app/server", "healthcheck"]`.

## When it is acceptable
Images that only run on Kubernetes (define liveness and readiness probes there), images
that run a job and exit, CLI tools, and images whose base image already defines a suitable
`HEALTHCHECK`.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Kubernetes: liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- CIS Docker Benchmark 4.6 (add HEALTHCHECK instructions to the container image)
"#;

const DOCS_JA: &str = r#"
# HEALTHCHECK がない

## チェック内容
最終イメージ（最終ステージと、その `FROM` の元になったステージ）に `HEALTHCHECK` があるかを
確認します。外部のベースイメージが定義しているチェックは Dockerfile からは見えないため、
メッセージでその旨を伝えます。報告位置は最終ステージの `FROM` のイメージです。最終イメージが
シェルも `curl` もない `scratch` や distroless の場合は、実行形式のプローブを提案します。

## なぜ危険か
ヘルスチェックがないと、Docker にはメインプロセスが動いているかどうかしか分からず、正しく
動作しているかは分かりません。デッドロックしたり固まったりしたアプリケーションにもトラフィックが
送られ続け、再起動もされません。ヘルスチェックがあれば `docker ps` に `unhealthy` と表示され、
Compose は `service_healthy` を待てるようになり、Swarm は失敗したタスクを置き換えます。
Kubernetes は `HEALTHCHECK` を無視して独自の liveness / readiness プローブを使うこと、また
一度だけ実行するイメージや CLI のイメージには不要なことから、重大度は低にしています。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## 代わりに
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -f http://localhost:3000/health || exit 1
CMD ["node", "server.js"]
```

## 修正方法
アプリケーション自体を確認する `HEALTHCHECK` を、短いタイムアウトで追加します。例:
`HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f
http://localhost:3000/health || exit 1`。コマンドはイメージ内に存在する必要があります。`alpine`
では `wget -q --spider` を、`scratch` や distroless のイメージではプローブ用のバイナリや
アプリケーションのサブコマンドを実行形式で使います（`HEALTHCHECK CMD ["/app/server", "healthcheck"]`）。

## 許容される場合
Kubernetes 上でだけ動かすイメージ（プローブはそちらで定義します）、ジョブを実行して終了する
イメージ、CLI ツール、ベースイメージがすでに適切な `HEALTHCHECK` を定義しているイメージです。

## 参考資料
- [Dockerfile リファレンス: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Kubernetes: liveness・readiness・startup プローブ](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- CIS Docker Benchmark 4.6（コンテナイメージに HEALTHCHECK を追加する）
"#;
