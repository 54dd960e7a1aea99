use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{anchor, containers, label};

pub const RULE: Rule = Rule {
    code: "PLK002",
    name: "k8s-service-account-token",
    section: Section::Runtime,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_38"),
        alias(Tool::Trivy, "KSV-0036"),
        alias(Tool::Polaris, "automountServiceAccountToken"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in containers(context) {
        let workload = container.workload;
        let automount = workload.pod("automountServiceAccountToken");
        if automount.is_some_and(|value| value.as_bool() == Some(false)) {
            continue;
        }
        // A pod given its own service account uses the API on purpose: what
        // that account may do is a question for its RBAC, not this check.
        let account = workload
            .pod("serviceAccountName")
            .or_else(|| workload.pod("serviceAccount"))
            .and_then(|name| name.as_str());
        if account.is_some_and(|name| name != "default") {
            continue;
        }
        let name = label(container);
        let span = automount.map_or_else(|| anchor(container), |value| value.span());
        out.report(
            span,
            crate::text!(
                format!("{} gets the namespace's default service account token mounted: code running in it can call the Kubernetes API with that identity; set `automountServiceAccountToken: false` in the pod spec if it does not use the API", name.en),
                format!("{}には名前空間の既定のサービスアカウントのトークンがマウントされます。中で動くコードはその ID で Kubernetes API を呼べます。API を使わないなら Pod の spec に `automountServiceAccountToken: false` を設定してください", name.ja),
            ),
        )
        .about(container.resource())
        .with_fix(Fix::manual(crate::text!(
            "Set `automountServiceAccountToken: false` in the pod spec (or on the `default` ServiceAccount); a workload that calls the API gets its own ServiceAccount with only the permissions it needs.",
            "Pod の spec（または `default` の ServiceAccount）に `automountServiceAccountToken: false` を設定します。API を呼ぶワークロードには、必要な権限だけを持つ専用の ServiceAccount を与えます。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes pod mounts the default service account token

## What it checks
A pod that runs as the namespace's `default` service account (no `serviceAccountName`)
without `automountServiceAccountToken: false`, reported for each of its containers. A pod
with its own service account is left alone: it uses the API on purpose, and what it may do
is decided by that account's roles. The `default` ServiceAccount object may turn the
mount off itself, which a manifest of the workload does not show.

## Why it is risky
The token is mounted at `/var/run/secrets/kubernetes.io/serviceaccount/token` in every
container. Anyone who gets code running in the pod can call the API server with it; on
clusters where the `default` account was given roles ("just to make it work"), that is a
step towards the rest of the namespace or the cluster.

## Example
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
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - name: api
          image: example/api:1.4.2
```

## Fix
Set `automountServiceAccountToken: false` in the pod spec, or on the namespace's `default`
ServiceAccount. Workloads that call the API get a ServiceAccount of their own, bound to a
Role with only the verbs and resources they use.

## When it is acceptable
Clusters where the `default` ServiceAccount already disables the mount.

## References
- [Kubernetes: configure service accounts for pods](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/)
- [Kubernetes: good practices for RBAC](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes の Pod が既定のサービスアカウントのトークンをマウントしている

## チェック内容
名前空間の `default` サービスアカウントで動き（`serviceAccountName` がない）、
`automountServiceAccountToken: false` もない Pod を、そのコンテナごとに報告します。専用の
サービスアカウントを持つ Pod は対象外です。意図して API を使っており、何ができるかはその
アカウントのロールで決まるからです。`default` の ServiceAccount 自体がマウントを止めている場合、
ワークロードのマニフェストからは見えません。

## なぜ危険か
トークンはすべてのコンテナの `/var/run/secrets/kubernetes.io/serviceaccount/token` にマウント
されます。Pod 内でコードを実行できた者は、それで API サーバーを呼べます。「とりあえず動かすため」に
`default` アカウントにロールを与えたクラスターでは、名前空間やクラスターのほかの部分への足がかりに
なります。

## 問題のある例
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
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - name: api
          image: example/api:1.4.2
```

## 修正方法
Pod の spec か、名前空間の `default` ServiceAccount に `automountServiceAccountToken: false` を
設定します。API を呼ぶワークロードには専用の ServiceAccount を与え、使う動詞とリソースだけを
持つ Role に結び付けます。

## 許容される場合
`default` の ServiceAccount がすでにマウントを止めているクラスターです。

## 参考資料
- [Kubernetes: Pod のサービスアカウントを設定する](https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/)
- [Kubernetes: RBAC のグッドプラクティス](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)
"#;
