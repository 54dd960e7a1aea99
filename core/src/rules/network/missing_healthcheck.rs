use crate::fix::Fix;
use crate::model::{Base, Purpose};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::Keyword;

use super::{chain_instructions, exposed_ports};
use crate::rules::user::{distro, Distro};

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
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(last) = context.model.final_stage else {
        return;
    };
    // Only a service has health to check: not files exported from the build,
    // a build or test image, a base for other images, or a job or tool.
    if context.model.purposes[last] != Purpose::Service
        || chain_instructions(context)
            .any(|(_, instruction)| instruction.keyword == Keyword::Healthcheck)
    {
        return;
    }
    let stage = &context.model.stages[last];
    let image = context.model.base_image_name(last);
    let root = context.model.root_base(last);
    let probe = match root {
        Base::Image(image) if image.repository.contains("distroless") => Probe::ExecForm,
        Base::Scratch => Probe::ExecForm,
        _ => match distro(root) {
            Distro::Windows => Probe::PowerShell,
            Distro::Alpine => Probe::Wget,
            _ => Probe::Curl,
        },
    };
    // The example probes the port the image exposes (3000 when it exposes none).
    let port = exposed_ports(context)
        .first()
        .map_or(3000, |exposed| exposed.ports.0);
    let example = probe.example(port);
    let (advice_en, advice_ja) = match probe {
        Probe::ExecForm => (
            "this image has no shell or curl, so use an exec-form probe it contains, such as `HEALTHCHECK CMD [\"/app/server\", \"healthcheck\"]`".to_string(),
            "このイメージにはシェルも curl もないため、`HEALTHCHECK CMD [\"/app/server\", \"healthcheck\"]` のように、イメージ内にある実行形式のプローブを使ってください".to_string(),
        ),
        _ => (
            format!("add one such as `{example}`"),
            format!("`{example}` のようなチェックを追加してください"),
        ),
    };
    out.report(
        stage.base_span,
        crate::text!(
            format!("the final image (built on `{image}`) runs a service but defines no HEALTHCHECK, so Docker cannot tell a hung service from a healthy one (a check in the base image, if any, cannot be seen from here); {advice_en}"),
            format!("最終イメージ（ベースは `{image}`）はサービスを動かしますが HEALTHCHECK がないため、Docker はサービスが応答しなくなっても正常と区別できません（ベースイメージのチェックの有無はここからは分かりません）。{advice_ja}"),
        ),
    )
    .in_stage(last)
    .with_fix(Fix::manual(crate::text!(
        format!("Add a health check for the service's own endpoint, for example `{example}`. Images run only on Kubernetes can rely on its probes instead."),
        format!("サービス自身のエンドポイントを確認するヘルスチェックを追加します。例: `{example}`。Kubernetes だけで動かすイメージは、代わりにそのプローブを使えます。"),
    )));
}

/// The kind of probe the image can run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Probe {
    Curl,
    /// Alpine has BusyBox `wget` but no `curl`.
    Wget,
    /// Windows images: PowerShell, no `curl -f`.
    PowerShell,
    /// No shell at all (scratch, distroless).
    ExecForm,
}

impl Probe {
    fn example(self, port: u32) -> String {
        match self {
            Probe::Curl => format!("HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost:{port}/health || exit 1"),
            Probe::Wget => format!("HEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://localhost:{port}/health || exit 1"),
            Probe::PowerShell => format!("HEALTHCHECK --interval=30s --timeout=3s CMD powershell -Command \"try {{ Invoke-WebRequest -UseBasicParsing http://localhost:{port}/health | Out-Null; exit 0 }} catch {{ exit 1 }}\""),
            Probe::ExecForm => "HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/server\", \"healthcheck\"]".to_owned(),
        }
    }
}

const DOCS_EN: &str = r#"
# No HEALTHCHECK

## What it checks
Whether a final image that runs a service defines a `HEALTHCHECK`: in the final stage or in
a stage it is built `FROM`. An image runs a service when it exposes a port, or when its
`ENTRYPOINT`/`CMD` (or, without one, its base image) is a known server (`nginx`, `gunicorn`,
`npm start`, `postgres` ...). Images that do not run one are left alone: a last stage that only
carries files out (`FROM scratch` without a command, for `docker build --output`), build and
test images, base images meant to be built upon (ONBUILD triggers, a command that is only a
shell or an interpreter prompt such as `CMD ["python3"]`), and jobs and tools. A check
defined by the external base image cannot be seen from the Dockerfile, so the finding says
so. It is reported on the final stage's `FROM` and names the image it is built on. The
suggested probe is one the image can run: `wget` on Alpine, PowerShell on Windows, and an
exec-form probe on `scratch` or distroless, which have no shell or `curl`.

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

A last stage that only carries the build's output out (`docker build --output`) runs nothing:

```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM scratch AS binary
COPY --from=build /out/app /
```

## Fix
Add a `HEALTHCHECK` that checks the application itself, with a short timeout:
`HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f
http://localhost:3000/health || exit 1`. The command must exist in the image: on `alpine`
use `wget -q --spider`, and on `scratch` or distroless images use a probe binary or a
sub-command of the application in exec form, `HEALTHCHECK CMD ["/app/server", "healthcheck"]`;
on Windows use PowerShell (`Invoke-WebRequest -UseBasicParsing`).

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
サービスを動かす最終イメージ（最終ステージと、その `FROM` の元になったステージ）に
`HEALTHCHECK` があるかを確認します。ポートを公開している場合や、`ENTRYPOINT`/`CMD`（ない場合は
ベースイメージ）が既知のサーバー（`nginx`、`gunicorn`、`npm start`、`postgres` など）の場合に、
サービスを動かすイメージとみなします。サービスを動かさないイメージは対象外です。ファイルを
取り出すだけの最後のステージ（コマンドのない `FROM scratch`、`docker build --output` 用）、
ビルド用・テスト用のイメージ、他のイメージのベース（ONBUILD がある、`CMD ["python3"]` のように
コマンドがシェルやインタープリターのプロンプトだけ）、ジョブやツールがこれに当たります。外部の
ベースイメージが定義しているチェックは Dockerfile からは見えないため、メッセージでその旨を
伝えます。報告位置は最終ステージの `FROM` で、メッセージにはベースのイメージ名を示します。
提案するプローブはそのイメージで動くものです。Alpine では `wget`、Windows では PowerShell、
シェルも `curl` もない `scratch` や distroless では実行形式のプローブを提案します。

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

ビルドの出力を取り出すだけの最後のステージ（`docker build --output` 用）は何も実行しません:

```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM scratch AS binary
COPY --from=build /out/app /
```

## 修正方法
アプリケーション自体を確認する `HEALTHCHECK` を、短いタイムアウトで追加します。例:
`HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f
http://localhost:3000/health || exit 1`。コマンドはイメージ内に存在する必要があります。`alpine`
では `wget -q --spider` を、`scratch` や distroless のイメージではプローブ用のバイナリや
アプリケーションのサブコマンドを実行形式で使います（`HEALTHCHECK CMD ["/app/server", "healthcheck"]`）。
Windows では PowerShell（`Invoke-WebRequest -UseBasicParsing`）を使います。

## 許容される場合
Kubernetes 上でだけ動かすイメージ（プローブはそちらで定義します）、ジョブを実行して終了する
イメージ、CLI ツール、ベースイメージがすでに適切な `HEALTHCHECK` を定義しているイメージです。

## 参考資料
- [Dockerfile リファレンス: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Kubernetes: liveness・readiness・startup プローブ](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- CIS Docker Benchmark 4.6（コンテナイメージに HEALTHCHECK を追加する）
"#;
