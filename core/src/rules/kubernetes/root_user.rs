use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{
    add_to_security_context, anchor, edit_or_advice, from_pod_note, label, linux_containers,
};

pub const RULE: Rule = Rule {
    code: "PLK101",
    name: "k8s-root-user",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_23"),
        alias(Tool::Trivy, "KSV-0012"),
        alias(Tool::Trivy, "KSV-0105"),
        alias(Tool::KubeLinter, "run-as-non-root"),
        alias(Tool::Polaris, "runAsRootAllowed"),
        alias(Tool::Semgrep, "run-as-non-root-unsafe-value"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, image) in linux_containers(context) {
        let name = label(container);
        let user = container.security("runAsUser");
        let non_root = container.security("runAsNonRoot");
        if let Some((value, from_pod)) = user.filter(|(value, _)| value.as_i64() == Some(0)) {
            let (pod_en, _) = from_pod_note(from_pod);
            out.report(
                value.span(),
                crate::text!(
                    format!("{} runs as root: `runAsUser: 0`{pod_en}; set a non-root UID such as `runAsUser: 10001` with `runAsNonRoot: true`", name.en),
                    format!("{}は root で動きます（`runAsUser: 0`{}）。`runAsUser: 10001` のような非rootの UID と `runAsNonRoot: true` を設定してください", name.ja, if from_pod { "、Pod 全体の設定" } else { "" }),
                ),
            )
            .about(container.resource())
            .with_fix(Fix::manual(crate::text!(
                "Set `runAsUser` to a non-root UID (the image's own user, or one such as 10001) and `runAsNonRoot: true`; give that UID ownership of the volumes the container writes to (`fsGroup`).",
                "`runAsUser` を非rootの UID（イメージ自身のユーザーか、10001 など）にし、`runAsNonRoot: true` を設定します。コンテナが書き込むボリュームはその UID が書き込めるようにします（`fsGroup`）。",
            )));
            continue;
        }
        if user.is_some() || non_root.is_some_and(|(value, _)| value.as_bool() == Some(true)) {
            continue;
        }
        let disabled = non_root.filter(|(value, _)| value.as_bool() == Some(false));
        match image {
            Some(image) if image.runs_as_root => {
                let (en_user, ja_user) = match &image.user {
                    Some((user, _)) => (
                        format!("`USER {user}` in `{}`", image.path),
                        format!("`{}` の `USER {user}`", image.path),
                    ),
                    None => (
                        format!("`{}` sets no `USER`", image.path),
                        format!("`{}` に `USER` がありません", image.path),
                    ),
                };
                let span = disabled.map_or_else(|| anchor(container), |(value, _)| value.span());
                let diagnostic = out
                    .report(
                        span,
                        crate::text!(
                            format!("{} runs as root: its image runs as root ({en_user}) and nothing in the manifest sets another user; end the Dockerfile with a numeric non-root `USER`, or set `runAsUser` and `runAsNonRoot: true`", name.en),
                            format!("{}は root で動きます。イメージが root で動き（{ja_user}）、マニフェストにも別のユーザーの設定がありません。Dockerfile を数値の非root `USER` で終えるか、`runAsUser` と `runAsNonRoot: true` を設定してください", name.ja),
                        ),
                    )
                    .about(container.resource());
                if let Some((_, span)) = &image.user {
                    diagnostic.also_in(
                        &image.path,
                        *span,
                        Some(crate::text!(
                            "the image's root user",
                            "イメージの root ユーザー",
                        )),
                    );
                }
                let description = crate::text!(
                    "Run the container as UID 10001 and let the kubelet refuse root (`runAsUser: 10001`, `runAsNonRoot: true`); check that the application can still read its files and write where it needs to. Better still, end the Dockerfile with `USER 10001`.",
                    "コンテナを UID 10001 で動かし、kubelet に root を拒否させます（`runAsUser: 10001`、`runAsNonRoot: true`）。アプリケーションが自分のファイルを読め、必要な場所に書き込めるか確認してください。Dockerfile を `USER 10001` で終えるとさらに確実です。",
                );
                let edit = disabled.is_none().then(|| {
                    add_to_security_context(
                        context.source,
                        container,
                        &["runAsNonRoot: true".into(), "runAsUser: 10001".into()],
                    )
                });
                diagnostic.with_fix(edit_or_advice(description, edit.flatten()));
            }
            Some(_) => {}
            None => {
                let (span, en, ja) = match disabled {
                    Some((value, from_pod)) => {
                        let (pod_en, pod_ja) = from_pod_note(from_pod);
                        (
                            value.span(),
                            format!("{} may run as root: `runAsNonRoot: false`{pod_en} lets it start as whatever user its image sets, root for many images; set `runAsNonRoot: true` and a `runAsUser`", name.en),
                            format!("{}は root で動く可能性があります。`runAsNonRoot: false`{pod_ja}{}では、イメージが設定するユーザー（多くのイメージでは root）のまま起動します。`runAsNonRoot: true` と `runAsUser` を設定してください", name.ja, if from_pod { "" } else { " " }),
                        )
                    }
                    None => (
                        anchor(container),
                        format!("{} does not require a non-root user: without `runAsNonRoot: true` or `runAsUser` it runs as whatever user its image sets, root for many images; set `runAsNonRoot: true`", name.en),
                        format!("{}は非rootユーザーを必須にしていません。`runAsNonRoot: true` も `runAsUser` もないため、イメージが設定するユーザー（多くのイメージでは root）で動きます。`runAsNonRoot: true` を設定してください", name.ja),
                    ),
                };
                let description = crate::text!(
                    "Add `runAsNonRoot: true`: the kubelet then refuses to start the container as root. If its image runs as root or names its user (not a UID), also set `runAsUser` to a non-root UID.",
                    "`runAsNonRoot: true` を追加します。kubelet は root での起動を拒否するようになります。イメージが root で動くか、ユーザーを UID ではなく名前で指定している場合は、`runAsUser` にも非rootの UID を設定してください。",
                );
                let edit = disabled.is_none().then(|| {
                    add_to_security_context(
                        context.source,
                        container,
                        &["runAsNonRoot: true".into()],
                    )
                });
                out.report(span, crate::text!(en, ja))
                    .about(container.resource())
                    .rated(Severity::Low)
                    .with_fix(edit_or_advice(description, edit.flatten()));
            }
        }
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container runs as root

## What it checks
A container (init, app or ephemeral) whose user is root as the kubelet resolves it: its
own `securityContext`, else the pod's (`runAsUser` and `runAsNonRoot` are the fields a pod
hands down), else the image's `USER`.

- `runAsUser: 0` on the container or the pod: high.
- Nothing set while the project's Dockerfile for the image runs as root (no `USER`, or
  `USER root`): high, with the Dockerfile's line shown.
- Nothing set (or `runAsNonRoot: false`) and the image is not one of the project's: low,
  since the image may set a non-root user, but nothing makes sure of it.

## Why it is risky
Root in a container is root of the node's kernel, held back only by capabilities, seccomp
and namespaces. A bug in the application or a container escape then gets root's reach: the
volumes the pod mounts, the service account token, and a writable image to hide in.
`runAsNonRoot: true` makes the kubelet check the user before it starts the container, so a
root image cannot slip through after a base image change.

## Example
```dockerfile file=Dockerfile
FROM python:3.13-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4.2
```

## Use instead
```dockerfile file=Dockerfile
FROM python:3.13-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: api
          image: example/api:1.4.2
```

## Fix
Best: end the Dockerfile with a numeric non-root `USER` (`USER 10001`), then add
`runAsNonRoot: true` so the kubelet keeps it so. Otherwise set `runAsUser` (and
`runAsGroup`) to a non-root UID in the pod or container `securityContext`, and `fsGroup` so
that UID can write to its volumes. The fix adds `runAsNonRoot: true` (with `runAsUser: 10001`
when the image runs as root); run the workload to check it can still read and write what it
needs.

## When it is acceptable
Node agents and init containers that must change the node or file ownership (and drop
every capability they do not use), and images whose entrypoint starts as root only to drop
to another user, as some database images do; say so in a suppression comment.

## References
- [Kubernetes: configure a security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Pod Security Standards: restricted, running as non-root](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナが root で動く

## チェック内容
kubelet が決めるユーザーが root になるコンテナ（init、アプリ、エフェメラル）を検出します。
コンテナ自身の `securityContext`、なければ Pod のもの（`runAsUser` と `runAsNonRoot` は Pod から
引き継がれます）、なければイメージの `USER` の順に決まります。

- コンテナか Pod に `runAsUser: 0`: 高
- 何も設定がなく、そのイメージをビルドするプロジェクトの Dockerfile が root で動く（`USER` がない、
  または `USER root`）: 高。Dockerfile の行も示します。
- 何も設定がない（または `runAsNonRoot: false`）で、イメージがプロジェクトのものではない: 低。
  イメージが非rootユーザーを設定しているかもしれませんが、それを保証するものがありません。

## なぜ危険か
コンテナ内の root はノードのカーネルにとっての root で、capability、seccomp、名前空間でしか
制限されません。アプリケーションの不具合やコンテナエスケープが起きると、Pod がマウントする
ボリューム、サービスアカウントのトークン、潜伏先になる書き込み可能なイメージなど、root が届くもの
すべてを奪われます。`runAsNonRoot: true` があると kubelet がコンテナの起動前にユーザーを確認する
ため、ベースイメージの変更で root のイメージが紛れ込むこともありません。

## 問題のある例
```dockerfile file=Dockerfile
FROM python:3.13-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4.2
```

## 代わりに
```dockerfile file=Dockerfile
FROM python:3.13-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: api
          image: example/api:1.4.2
```

## 修正方法
最善は、Dockerfile を数値の非root `USER`（`USER 10001`）で終え、`runAsNonRoot: true` を追加して
kubelet にそれを守らせることです。それができなければ、Pod かコンテナの `securityContext` で
`runAsUser`（と `runAsGroup`）を非rootの UID にし、その UID がボリュームに書き込めるよう `fsGroup`
を設定します。修正は `runAsNonRoot: true`（イメージが root で動く場合は `runAsUser: 10001` も）を
追加します。ワークロードを動かし、必要なものを読み書きできるか確認してください。

## 許容される場合
ノードやファイルの所有者を変更する必要があるノードエージェントや init コンテナ（使わない
capability はすべて削除します）や、一部のデータベースイメージのように、別のユーザーに切り替える
ためだけに root で起動するエントリーポイントを持つイメージです。抑制コメントに理由を書いてください。

## 参考資料
- [Kubernetes: セキュリティコンテキストの設定](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Pod セキュリティ標準: restricted、非rootでの実行](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#;
