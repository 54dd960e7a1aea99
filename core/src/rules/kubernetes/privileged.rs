use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{is_node_agent, label, linux_containers};

pub const RULE: Rule = Rule {
    code: "PLK104",
    name: "k8s-privileged",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_16"),
        alias(Tool::Trivy, "KSV-0017"),
        alias(Tool::KubeLinter, "privileged-container"),
        alias(Tool::Polaris, "runAsPrivileged"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in linux_containers(context) {
        let Some((value, _)) = container
            .security("privileged")
            .filter(|(value, _)| value.as_bool() == Some(true))
        else {
            continue;
        };
        let name = label(container);
        let (en, ja) = if is_node_agent(container) {
            (
                format!("{} is privileged: whoever controls it controls every node it runs on (all devices, every capability, no seccomp or AppArmor); a node agent that loads kernel modules or manages the node may need it, otherwise grant only the capabilities and host paths it uses", name.en),
                format!("{}は特権コンテナです。このコンテナを乗っ取った者は、動くすべてのノードを掌握します（すべてのデバイス、すべての capability、seccomp も AppArmor もなし）。カーネルモジュールを読み込んだりノードを管理したりするノードエージェントには必要なこともありますが、そうでなければ使う capability とホストのパスだけを与えてください", name.ja),
            )
        } else {
            (
                format!("{} is privileged: it gets every device and capability of the node and no seccomp or AppArmor confinement, so whoever controls it controls the node; remove `privileged: true` and add only the capabilities it needs", name.en),
                format!("{}は特権コンテナです。ノードのすべてのデバイスと capability を持ち、seccomp や AppArmor の制限もないため、このコンテナを乗っ取った者はノードを掌握します。`privileged: true` を削除し、必要な capability だけを追加してください", name.ja),
            )
        };
        out.report(value.span(), crate::text!(en, ja))
            .about(container.resource())
            .with_fix(Fix::manual(crate::text!(
                "Remove `privileged: true`; add the capabilities the container really uses (`capabilities.add: [NET_ADMIN]`) and mount the host paths or devices it needs one by one.",
                "`privileged: true` を削除します。コンテナが本当に使う capability を追加し（`capabilities.add: [NET_ADMIN]`）、必要なホストのパスやデバイスを個別にマウントします。",
            )));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes privileged container

## What it checks
A container with `privileged: true` in its `securityContext` (the field exists only on
containers). The message for a DaemonSet speaks to node agents, which are the usual
reason for the setting.

## Why it is risky
A privileged container has every capability, sees every device of the node (`/dev/sda`
included), runs without seccomp and AppArmor, and can mount the node's file systems. A
process in it is, for practical purposes, root on the node: one command mounts the node's
disk and reads every other pod's secrets.

## Example
```yaml file=daemonset.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: example/agent:3.1.0
          securityContext:
            privileged: true
```

## Use instead
```yaml file=daemonset.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: example/agent:3.1.0
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_ADMIN]
```

## Fix
Remove `privileged: true`. Find what the workload really does with the node (change
network settings: `NET_ADMIN`; read kernel events: a specific device or `/sys` path) and
grant that alone, with the capability or a read-only `hostPath`.

## When it is acceptable
Node agents whose job is the node itself (CNI plugins that load kernel modules, storage
drivers, some security sensors), reviewed as part of the node, pinned by digest and
suppressed with a reason.

## References
- [Kubernetes: security context, privileged](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [BishopFox: Bad Pods, privileged pod escalation](https://bishopfox.com/blog/kubernetes-pod-privilege-escalation)
"#;

const DOCS_JA: &str = r#"
# Kubernetes の特権コンテナ

## チェック内容
`securityContext` に `privileged: true` があるコンテナを検出します（このフィールドはコンテナにしか
ありません）。DaemonSet の場合は、この設定の主な理由であるノードエージェント向けのメッセージに
なります。

## なぜ危険か
特権コンテナはすべての capability を持ち、ノードのすべてのデバイス（`/dev/sda` も）が見え、
seccomp と AppArmor なしで動き、ノードのファイルシステムをマウントできます。中のプロセスは
事実上ノードの root で、コマンド 1 つでノードのディスクをマウントし、ほかの Pod のシークレットを
すべて読めます。

## 問題のある例
```yaml file=daemonset.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: example/agent:3.1.0
          securityContext:
            privileged: true
```

## 代わりに
```yaml file=daemonset.yaml
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: example/agent:3.1.0
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_ADMIN]
```

## 修正方法
`privileged: true` を削除します。ワークロードがノードに対して実際に何をするか（ネットワーク設定の
変更なら `NET_ADMIN`、カーネルのイベントを読むなら特定のデバイスや `/sys` のパス）を調べ、それだけを
capability や読み取り専用の `hostPath` で与えます。

## 許容される場合
ノードそのものを扱うノードエージェント（カーネルモジュールを読み込む CNI プラグイン、
ストレージドライバー、一部のセキュリティセンサー）で、ノードの一部としてレビューし、ダイジェストで
固定し、理由を添えて抑制している場合です。

## 参考資料
- [Kubernetes: Pod セキュリティ標準、privileged](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [BishopFox: Bad Pods、特権 Pod による権限昇格](https://bishopfox.com/blog/kubernetes-pod-privilege-escalation)
"#;
