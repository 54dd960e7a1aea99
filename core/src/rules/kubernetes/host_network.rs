use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{containers, is_node_agent, label, pod_flag, remove_pod_field};

pub const RULE: Rule = Rule {
    code: "PLK501",
    name: "k8s-host-network",
    section: Section::Network,
    severity: Severity::Medium,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_19"),
        alias(Tool::Checkov, "CKV_K8S_26"),
        alias(Tool::Trivy, "KSV-0009"),
        alias(Tool::Trivy, "KSV-0024"),
        alias(Tool::KubeLinter, "host-network"),
        alias(Tool::Polaris, "hostNetworkSet"),
        alias(Tool::Polaris, "hostPortSet"),
        alias(Tool::Semgrep, "hostnetwork-pod"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in containers(context) {
        let name = label(container);
        let agent = is_node_agent(container);
        if let Some(value) = pod_flag(container, "hostNetwork") {
            let (en, ja) = if agent {
                (
                    format!("{} uses the node's network (`hostNetwork: true`): it listens on the node's interfaces and reaches services bound to the node's loopback; expected for network plugins and node agents, otherwise remove it", name.en),
                    format!("{}はノードのネットワークを使います（`hostNetwork: true`）。ノードのインターフェースで待ち受け、ノードのループバックにだけ公開されたサービスにも届きます。ネットワークプラグインやノードエージェントでなければ削除してください", name.ja),
                )
            } else {
                (
                    format!("{} uses the node's network (`hostNetwork: true`): its ports open on every interface of the node, it bypasses network policies and reaches services bound to the node's loopback; remove it and publish ports through a Service", name.en),
                    format!("{}はノードのネットワークを使います（`hostNetwork: true`）。ポートはノードのすべてのインターフェースで開き、ネットワークポリシーを迂回し、ノードのループバックにだけ公開されたサービスにも届きます。削除し、ポートは Service で公開してください", name.ja),
                )
            };
            let description = crate::text!(
                "Remove `hostNetwork: true` and reach the pod through a Service (a `NodePort` or `LoadBalancer` when it must be reached from outside the cluster).",
                "`hostNetwork: true` を削除し、Service 経由で Pod に接続します（クラスターの外から届く必要があれば `NodePort` か `LoadBalancer`）。",
            );
            out.report(value.span(), crate::text!(en, ja))
                .about(container.resource())
                .rated(if agent {
                    Severity::Low
                } else {
                    Severity::Medium
                })
                .with_fix(
                    match remove_pod_field(context.source, container, "hostNetwork") {
                        Some(edit) if !agent => Fix::needs_review(description, vec![edit]),
                        _ => Fix::manual(description),
                    },
                );
        }
        for port in container
            .get("ports")
            .into_iter()
            .flat_map(|ports| ports.items())
        {
            let Some(host_port) = port.get("hostPort") else {
                continue;
            };
            if host_port.as_i64() == Some(0) {
                continue;
            }
            let number = host_port.as_str().unwrap_or("?");
            out.report(
                host_port.span(),
                crate::text!(
                    format!("{} opens port {number} on every interface of its node (`hostPort`), outside of Services and network policies, and limits the pod to one per node; publish it through a Service instead", name.en),
                    format!("{}はノードのすべてのインターフェースでポート {number} を開いています（`hostPort`）。Service やネットワークポリシーの外にあり、Pod はノードごとに 1 つに限られます。Service で公開してください", name.ja),
                ),
            )
            .about(container.resource())
            .rated(if agent { Severity::Low } else { Severity::Medium })
            .with_fix(Fix::manual(crate::text!(
                "Remove `hostPort` and expose the `containerPort` through a Service (`NodePort` or `LoadBalancer` for traffic from outside the cluster).",
                "`hostPort` を削除し、`containerPort` を Service で公開します（クラスターの外からの通信には `NodePort` か `LoadBalancer`）。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Kubernetes pod on the node's network

## What it checks
A pod with `hostNetwork: true` (reported for each of its containers) and a container port
with a `hostPort`. Both are medium; in a DaemonSet, where network plugins, ingress
controllers on every node and monitoring agents use them by design, they are low.

## Why it is risky
On the node's network a pod's ports open on every interface of the node, network policies
no longer apply to it, and it reaches what the node keeps on its loopback address (the
kubelet's and other agents' local ports). A `hostPort` opens one port the same way, outside
of the Services and policies that the cluster's network design relies on, and allows one
such pod per node.

## Example
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: api
          image: example/api:1.4.2
          ports:
            - containerPort: 8080
              hostPort: 8080
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
      containers:
        - name: api
          image: example/api:1.4.2
          ports:
            - containerPort: 8080
```

## Fix
Remove `hostNetwork` and `hostPort` (the fix deletes a `hostNetwork: true` line outside
DaemonSets) and expose the port with a Service: `ClusterIP` inside the cluster, `NodePort`
or `LoadBalancer` from outside.

## When it is acceptable
Network plugins, node-local DNS caches, ingress controllers deployed on every node and node
exporters: node agents whose job is the node's network. Suppress with a reason.

## References
- [Pod Security Standards: host namespaces and host ports](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [Kubernetes configuration best practices: services](https://kubernetes.io/docs/concepts/configuration/overview/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes の Pod がノードのネットワークを使う

## チェック内容
`hostNetwork: true` の Pod（そのコンテナごとに報告します）と、`hostPort` のあるコンテナのポートを
検出します。どちらも中ですが、ネットワークプラグイン、全ノードに置くイングレスコントローラー、
監視エージェントが設計上使う DaemonSet では低です。

## なぜ危険か
ノードのネットワークでは、Pod のポートがノードのすべてのインターフェースで開き、ネットワーク
ポリシーが効かなくなり、ノードがループバックアドレスだけで公開しているもの（kubelet やほかの
エージェントのローカルポート）にも届きます。`hostPort` は 1 つのポートを同じように開き、
クラスターのネットワーク設計が頼る Service やポリシーの外に置き、そうした Pod をノードごとに
1 つに限ります。

## 問題のある例
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: api
          image: example/api:1.4.2
          ports:
            - containerPort: 8080
              hostPort: 8080
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
      containers:
        - name: api
          image: example/api:1.4.2
          ports:
            - containerPort: 8080
```

## 修正方法
`hostNetwork` と `hostPort` を削除し（DaemonSet 以外では修正が `hostNetwork: true` の行を削除します）、
ポートは Service で公開します。クラスター内なら `ClusterIP`、外からなら `NodePort` か
`LoadBalancer` です。

## 許容される場合
ネットワークプラグイン、ノードローカルの DNS キャッシュ、全ノードに置くイングレスコントローラー、
ノードエクスポーターなど、ノードのネットワーク自体が役目のノードエージェントです。理由を添えて
抑制してください。

## 参考資料
- [Pod セキュリティ標準: ホストの名前空間とホストのポート](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [Kubernetes の設定のベストプラクティス: Service](https://kubernetes.io/docs/concepts/configuration/overview/)
"#;
