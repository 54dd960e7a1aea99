use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Diagnostics, FixAvailability, KubernetesContext, Rule, Section};

use super::{containers, label};

pub const RULE: Rule = Rule {
    code: "PLK502",
    name: "k8s-port-not-exposed",
    section: Section::Network,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, image) in containers(context) {
        // Without EXPOSE the image says nothing about its ports.
        let Some(image) = image.filter(|image| !image.exposed.is_empty()) else {
            continue;
        };
        let name = label(container);
        for port in container
            .get("ports")
            .into_iter()
            .flat_map(|ports| ports.items())
        {
            let Some(value) = port.get("containerPort") else {
                continue;
            };
            let Some(number) = value.as_i64().and_then(|number| u32::try_from(number).ok()) else {
                continue;
            };
            if image
                .exposed
                .iter()
                .any(|((low, high), _)| (*low..=*high).contains(&number))
            {
                continue;
            }
            let listed: Vec<String> = image
                .exposed
                .iter()
                .map(|((low, high), _)| {
                    if low == high {
                        low.to_string()
                    } else {
                        format!("{low}-{high}")
                    }
                })
                .collect();
            let listed = listed.join(", ");
            let diagnostic = out
                .report(
                    value.span(),
                    crate::text!(
                        format!("{} declares port {number}, but its image (`{}`) exposes {listed}: if the application listens on the exposed port, Services and probes aimed at {number} reach nothing; make the two agree", name.en, image.path),
                        format!("{}はポート {number} を宣言していますが、イメージ（`{}`）が公開するのは {listed} です。アプリケーションが公開されたポートで待ち受けているなら、{number} に向けた Service やプローブはどこにも届きません。両者を一致させてください", name.ja, image.path),
                    ),
                )
                .about(container.resource());
            for (_, span) in &image.exposed {
                diagnostic.also_in(&image.path, *span, None);
            }
            diagnostic.with_fix(Fix::manual(crate::text!(
                "Use the port the application listens on in both places: `containerPort` (and the Service's `targetPort`) and the Dockerfile's `EXPOSE`.",
                "アプリケーションが待ち受けるポートを、`containerPort`（と Service の `targetPort`）と Dockerfile の `EXPOSE` の両方で使います。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container port the image does not expose

## What it checks
A `containerPort` of a container whose image the project builds, when the Dockerfile
`EXPOSE`s ports and none of them is that one. Images without `EXPOSE` are not judged.

## Why it is risky
`EXPOSE` is the image's own statement of where the application listens. When the manifest
names another port, one of the two is stale: the Service and the probes aim at a port
nobody listens on (the rollout hangs, the probes kill healthy pods), or the application
listens on a port the manifest does not declare, which reviews and network policies then
miss.

## Example
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
EXPOSE 3000
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
          ports:
            - containerPort: 8080
```

## Use instead
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
EXPOSE 3000
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
          ports:
            - containerPort: 3000
```

## Fix
Find the port the application listens on and use it everywhere: the Dockerfile's
`EXPOSE`, the container's `containerPort`, the Service's `targetPort` and the probes.

## When it is acceptable
Images whose port is set by configuration the manifest passes (an environment variable or
an argument), when `EXPOSE` documents only the default.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Kubernetes: container ports](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナのポートをイメージが公開していない

## チェック内容
プロジェクトがビルドするイメージを動かすコンテナの `containerPort` のうち、Dockerfile が
`EXPOSE` するポートのどれとも一致しないものを検出します。`EXPOSE` のないイメージは判断しません。

## なぜ危険か
`EXPOSE` は、アプリケーションがどこで待ち受けるかについてのイメージ自身の表明です。
マニフェストが別のポートを書いていれば、どちらかが古くなっています。Service やプローブが誰も
待ち受けていないポートに向かう（ロールアウトが止まり、プローブが健全な Pod を終了させる）か、
マニフェストに書かれていないポートでアプリケーションが待ち受け、レビューやネットワーク
ポリシーから漏れます。

## 問題のある例
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
EXPOSE 3000
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
          ports:
            - containerPort: 8080
```

## 代わりに
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
EXPOSE 3000
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
          ports:
            - containerPort: 3000
```

## 修正方法
アプリケーションが待ち受けるポートを調べ、Dockerfile の `EXPOSE`、コンテナの `containerPort`、
Service の `targetPort`、プローブのすべてでそれを使います。

## 許容される場合
マニフェストが渡す設定（環境変数や引数）でポートが決まり、`EXPOSE` が既定値だけを示している
イメージです。

## 参考資料
- [Dockerfile リファレンス: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Kubernetes: コンテナのポート](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports)
"#;
