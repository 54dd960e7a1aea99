use crate::companion::kubernetes::ContainerRole;
use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{anchor, containers, label};

pub const RULE: Rule = Rule {
    code: "PLK503",
    name: "k8s-no-probes",
    section: Section::Network,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_8"),
        alias(Tool::Checkov, "CKV_K8S_9"),
        alias(Tool::KubeLinter, "no-liveness-probe"),
        alias(Tool::KubeLinter, "no-readiness-probe"),
        alias(Tool::Polaris, "livenessProbeMissing"),
        alias(Tool::Polaris, "readinessProbeMissing"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

const PROBES: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, image) in containers(context) {
        // Jobs run to completion, and only app containers of services take
        // probes.
        if container.role != ContainerRole::App
            || matches!(container.workload.kind, "Job" | "CronJob")
        {
            continue;
        }
        if PROBES.iter().any(|probe| container.get(probe).is_some()) {
            continue;
        }
        let name = label(container);
        let healthcheck = image.and_then(|image| image.healthcheck.map(|span| (image, span)));
        let diagnostic = match healthcheck {
            Some((image, span)) => out
                .report(
                    anchor(container),
                    crate::text!(
                        format!("{} has no probes, and Kubernetes ignores the `HEALTHCHECK` of its image (`{}`): a hung container keeps receiving traffic and is never restarted; turn the health check into a `livenessProbe` and a `readinessProbe`", name.en, image.path),
                        format!("{}にはプローブがなく、Kubernetes はイメージ（`{}`）の `HEALTHCHECK` を無視します。応答しなくなったコンテナにも通信が届き続け、再起動されません。ヘルスチェックを `livenessProbe` と `readinessProbe` に置き換えてください", name.ja, image.path),
                    ),
                )
                .also_in(
                    &image.path,
                    span,
                    Some(crate::text!(
                        "ignored by Kubernetes",
                        "Kubernetes では無視されます",
                    )),
                ),
            None => out
                .report(
                    anchor(container),
                    crate::text!(
                        format!("{} has no liveness or readiness probe: Kubernetes only sees whether its process runs, so a hung container keeps receiving traffic; add probes that check it serves", name.en),
                        format!("{}には liveness と readiness のプローブがありません。Kubernetes はプロセスが動いているかしか分からないため、応答しなくなったコンテナにも通信が届き続けます。サービスが応答するかを確かめるプローブを追加してください", name.ja),
                    ),
                )
                .rated(Severity::Info),
        };
        diagnostic
            .about(container.resource())
            .with_fix(Fix::manual(crate::text!(
                "Add a `readinessProbe` (may the pod receive traffic?) and a `livenessProbe` (must it be restarted?), for example `httpGet: {path: /healthz, port: 8080}`; a slow starter also gets a `startupProbe`.",
                "`readinessProbe`（Pod に通信を送ってよいか）と `livenessProbe`（再起動が必要か）を追加します。たとえば `httpGet: {path: /healthz, port: 8080}` です。起動の遅いものには `startupProbe` も追加します。",
            )));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container without probes

## What it checks
An app container of a long-running workload (not a Job or CronJob) without any
`livenessProbe`, `readinessProbe` or `startupProbe`. When the project's Dockerfile for its
image has a `HEALTHCHECK`, the finding is low and shows that line: Kubernetes ignores it.
Otherwise it is info, advice that does not move the checklist.

## Why it is risky
Without probes Kubernetes only knows whether the container's process runs. A process that
hangs, deadlocks or loses its database keeps receiving traffic and is never restarted, and
a rolling update sends traffic to new pods before they can serve. A Dockerfile
`HEALTHCHECK` does not help here: the kubelet does not run it, so a team that relies on it
has no health check at all.

## Example
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1
CMD ["node", "/app/server.js"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:2.0.1
```

## Use instead
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1
CMD ["node", "/app/server.js"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:2.0.1
          readinessProbe:
            httpGet:
              path: /health
              port: 3000
          livenessProbe:
            httpGet:
              path: /health
              port: 3000
            periodSeconds: 30
```

## Fix
Turn the health check into probes: a `readinessProbe` that tells whether the pod may get
traffic, a `livenessProbe` that tells whether it must be restarted (keep it cheap, and do
not check dependencies in it), and a `startupProbe` for slow starters.

## When it is acceptable
Workers that serve no traffic and exit on failure, where the process running is the only
health there is.

## References
- [Kubernetes: configure liveness, readiness and startup probes](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナにプローブがない

## チェック内容
動き続けるワークロード（Job と CronJob 以外）のアプリコンテナで、`livenessProbe`、
`readinessProbe`、`startupProbe` のどれもないものを検出します。プロジェクトのそのイメージの
Dockerfile に `HEALTHCHECK` がある場合は低とし、その行を示します。Kubernetes はそれを無視する
からです。それ以外は情報（チェックリストを動かさない助言）です。

## なぜ危険か
プローブがないと、Kubernetes はコンテナのプロセスが動いているかしか分かりません。ハングしたり
デッドロックしたりデータベースとの接続を失ったりしたプロセスにも通信が届き続け、再起動も
されません。ローリングアップデートでは、応答できる前の新しい Pod に通信が送られます。
Dockerfile の `HEALTHCHECK` は役に立ちません。kubelet は実行しないため、それに頼るチームには
ヘルスチェックがまったくありません。

## 問題のある例
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1
CMD ["node", "/app/server.js"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:2.0.1
```

## 代わりに
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1
CMD ["node", "/app/server.js"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:2.0.1
          readinessProbe:
            httpGet:
              path: /health
              port: 3000
          livenessProbe:
            httpGet:
              path: /health
              port: 3000
            periodSeconds: 30
```

## 修正方法
ヘルスチェックをプローブに置き換えます。Pod に通信を送ってよいかを示す `readinessProbe`、
再起動が必要かを示す `livenessProbe`（軽くし、依存先は確認しません）、起動の遅いものには
`startupProbe` を使います。

## 許容される場合
通信を受けず、失敗すると終了するワーカーで、プロセスが動いていること自体が唯一の健全性の
指標である場合です。

## 参考資料
- [Kubernetes: liveness、readiness、startup プローブの設定](https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)
- [Dockerfile リファレンス: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#;
