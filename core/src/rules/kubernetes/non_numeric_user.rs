use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Diagnostics, FixAvailability, KubernetesContext, Rule, Section};

use super::{from_pod_note, label, linux_containers};

pub const RULE: Rule = Rule {
    code: "PLK102",
    name: "k8s-non-numeric-user",
    section: Section::User,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

/// Whether the kubelet can read a UID from an image's `USER`: the part
/// before `:` is a number.
fn has_numeric_uid(user: &str) -> bool {
    let uid = user.split(':').next().unwrap_or(user).trim();
    !uid.is_empty() && uid.bytes().all(|byte| byte.is_ascii_digit())
}

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, image) in linux_containers(context) {
        let Some(image) = image else {
            continue;
        };
        let Some((user, user_span)) = &image.user else {
            continue;
        };
        // A variable the Dockerfile does not resolve may be a number.
        if has_numeric_uid(user) || user.contains('$') {
            continue;
        }
        let Some((value, from_pod)) = container
            .security("runAsNonRoot")
            .filter(|(value, _)| value.as_bool() == Some(true))
        else {
            continue;
        };
        if container.security("runAsUser").is_some() {
            continue;
        }
        let name = label(container);
        let (pod_en, pod_ja) = from_pod_note(from_pod);
        out.report(
            value.span(),
            crate::text!(
                format!("{} will not start: `runAsNonRoot: true`{pod_en} makes the kubelet check the image's user, and `USER {user}` in `{}` is a name, not a UID (\"image has non-numeric user\"); write the UID in the Dockerfile (`USER 10001`) or set `runAsUser`", name.en, image.path),
                format!("{}は起動しません。`runAsNonRoot: true`{pod_ja}{}により kubelet はイメージのユーザーを確認しますが、`{}` の `USER {user}` は UID ではなく名前です（\"image has non-numeric user\"）。Dockerfile に UID を書く（`USER 10001`）か、`runAsUser` を設定してください", name.ja, if from_pod { "" } else { " " }, image.path),
            ),
        )
        .about(container.resource())
        .also_in(
            &image.path,
            *user_span,
            Some(crate::text!(
                "a user name the kubelet cannot check",
                "kubelet が確認できないユーザー名",
            )),
        )
        .with_fix(Fix::manual(crate::text!(
            "Write the user's UID in the Dockerfile (`USER 10001`, or `USER 10001:10001`; `id -u <name>` in the image shows it), or set `runAsUser` to that UID in the `securityContext`.",
            "Dockerfile にユーザーの UID を書く（`USER 10001` または `USER 10001:10001`。イメージ内で `id -u <名前>` を実行すると分かります）か、`securityContext` の `runAsUser` にその UID を設定します。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes runAsNonRoot with a named image user

## What it checks
A container with `runAsNonRoot: true` (its own, or the pod's) and no `runAsUser`, whose
image the project builds with a `USER` given as a name (`USER app`, `USER node:node`). The
kubelet cannot tell from a name whether the user is root, so it refuses to create the
container: the pod stays in `CreateContainerConfigError` with "image has non-numeric user".

## Why it is risky
The setting meant to make the workload safer stops it from starting, usually at the first
deployment after someone adds `runAsNonRoot: true` or a policy engine injects it. The
tempting quick fix, removing `runAsNonRoot`, throws away the check altogether.

## Example
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER node
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
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: example/web:2.0.1
```

## Use instead
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
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
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: example/web:2.0.1
```

## Fix
Write the UID in the Dockerfile (`USER 1000` for the `node` user of the Node.js images;
`id -u <name>` in the image tells), or set `runAsUser` to it in the pod or container
`securityContext`. Both keep `runAsNonRoot: true` doing its job.

## When it is acceptable
Never: the container does not start. If the cluster sets `runAsUser` through a policy
(OpenShift's restricted profile assigns one), say so in a suppression comment.

## References
- [Kubernetes: security context, runAsNonRoot](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
"#;

const DOCS_JA: &str = r#"
# Kubernetes の runAsNonRoot とイメージのユーザー名

## チェック内容
`runAsNonRoot: true`（コンテナ自身か Pod の設定）があって `runAsUser` がなく、プロジェクトが
ビルドするイメージの `USER` が名前（`USER app`、`USER node:node`）のコンテナを検出します。kubelet
は名前からは root かどうかを判断できないため、コンテナの作成を拒否します。Pod は
"image has non-numeric user" で `CreateContainerConfigError` のままになります。

## なぜ危険か
ワークロードを安全にするための設定が、起動そのものを止めます。多くは `runAsNonRoot: true` を
追加したり、ポリシーエンジンが挿入したりした後の最初のデプロイで起きます。手早く `runAsNonRoot`
を削除したくなりますが、それではチェック自体がなくなります。

## 問題のある例
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER node
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
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: example/web:2.0.1
```

## 代わりに
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER 1000
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
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: example/web:2.0.1
```

## 修正方法
Dockerfile に UID を書きます（Node.js イメージの `node` ユーザーなら `USER 1000`。イメージ内で
`id -u <名前>` を実行すると分かります）。または Pod かコンテナの `securityContext` の `runAsUser`
にその UID を設定します。どちらでも `runAsNonRoot: true` はそのまま機能します。

## 許容される場合
ありません。コンテナが起動しません。クラスターがポリシーで `runAsUser` を設定する場合
（OpenShift の restricted プロファイルは UID を割り当てます）は、抑制コメントにその旨を書いてください。

## 参考資料
- [Kubernetes: セキュリティコンテキスト、runAsNonRoot](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Dockerfile リファレンス: USER](https://docs.docker.com/reference/dockerfile/#user)
"#;

#[cfg(test)]
mod tests {
    use super::has_numeric_uid;

    #[test]
    fn the_kubelet_reads_the_uid_before_the_colon() {
        assert!(has_numeric_uid("1000"));
        assert!(has_numeric_uid("1000:node"));
        assert!(!has_numeric_uid("node"));
        assert!(!has_numeric_uid("node:1000"));
        assert!(!has_numeric_uid(""));
    }
}
