use crate::companion::kubernetes::ContainerRole;
use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{anchor, containers, label};

pub const RULE: Rule = Rule {
    code: "PLK001",
    name: "k8s-resource-limits",
    section: Section::Runtime,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_11"),
        alias(Tool::Checkov, "CKV_K8S_13"),
        alias(Tool::Trivy, "KSV-0011"),
        alias(Tool::Trivy, "KSV-0018"),
        alias(Tool::KubeLinter, "unset-cpu-requirements"),
        alias(Tool::KubeLinter, "unset-memory-requirements"),
        alias(Tool::Polaris, "cpuLimitsMissing"),
        alias(Tool::Polaris, "memoryLimitsMissing"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in containers(context) {
        // Ephemeral containers cannot have resources.
        if container.role == ContainerRole::Ephemeral {
            continue;
        }
        let limits = container.container.path(&["resources", "limits"]);
        let has = |resource: &str| limits.is_some_and(|limits| limits.get(resource).is_some());
        let name = label(container);
        let span = limits.map_or_else(|| anchor(container), |limits| limits.span());
        let (en, ja, severity) = match (has("memory"), has("cpu")) {
            (true, true) => continue,
            (false, cpu) => {
                let (also_en, also_ja) = if cpu { ("", "") } else { (" (nor CPU)", "（CPU も）") };
                (
                    format!("{} has no memory limit{also_en}: a leak or a flood of requests takes memory from every pod of the node until the kernel kills processes; set `resources.limits.memory`", name.en),
                    format!("{}にはメモリの上限がありません{also_ja}。メモリリークや大量のリクエストが、カーネルがプロセスを強制終了するまでノードのすべての Pod からメモリを奪います。`resources.limits.memory` を設定してください", name.ja),
                    Severity::Low,
                )
            }
            (true, false) => (
                format!("{} has no CPU limit: it can use every idle CPU of the node; set `resources.limits.cpu` if its neighbours need a guaranteed share (the CPU request already protects them under load)", name.en),
                format!("{}には CPU の上限がありません。ノードの空いている CPU をすべて使えます。隣の Pod に確実な割り当てが必要なら `resources.limits.cpu` を設定してください（負荷時には CPU の要求がすでに隣を守ります）", name.ja),
                Severity::Info,
            ),
        };
        out.report(span, crate::text!(en, ja))
            .about(container.resource())
            .rated(severity)
            .with_fix(Fix::manual(crate::text!(
                "Measure the container under normal load (`kubectl top pod --containers`) and set `resources.requests` and `resources.limits` with headroom: `memory: 512Mi` (a memory limit equal to the request), `cpu: 500m`.",
                "通常の負荷でコンテナの使用量を測り（`kubectl top pod --containers`）、余裕を持たせて `resources.requests` と `resources.limits` を設定します（`memory: 512Mi`。メモリの上限は要求と同じに、`cpu: 500m`）。",
            )));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container without resource limits

## What it checks
A container (init or app) without `resources.limits.memory` (low; the message says whether
the CPU limit is missing too), or with a memory limit but no CPU limit (info: advice that
does not move the checklist). A `LimitRange` in the namespace can set defaults that this
check does not see.

## Why it is risky
Without a memory limit a container takes memory from every other pod of the node until
the kernel's out-of-memory killer picks victims, which may be someone else's process. A
leak, a request flood or a crafted input then takes down more than one service. CPU is
different: the request already guarantees each pod its share under contention, and CPU
limits throttle even when the node is idle, which is why this rule rates them as advice.

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
      containers:
        - name: api
          image: example/api:1.4.2
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              cpu: "1"
              memory: 256Mi
```

## Fix
Measure the container under normal load (`kubectl top pod --containers`) and set requests
and limits with headroom; a memory limit equal to the memory request keeps the pod from
being evicted first.

## When it is acceptable
Namespaces whose `LimitRange` sets default limits, and single-tenant nodes where the node
is the limit.

## References
- [Kubernetes: resource management for pods and containers](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/)
- [Kubernetes: limit ranges](https://kubernetes.io/docs/concepts/policy/limit-range/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナにリソースの上限がない

## チェック内容
`resources.limits.memory` がないコンテナ（init とアプリ）を検出します（低。CPU の上限もないか
どうかをメッセージで示します）。メモリの上限はあっても CPU の上限がない場合は情報（チェック
リストを動かさない助言）です。名前空間の `LimitRange` が既定値を設定している場合、このチェック
からは見えません。

## なぜ危険か
メモリの上限がないと、コンテナはカーネルの OOM キラーが犠牲を選ぶまでノードのほかのすべての
Pod からメモリを奪い、強制終了されるのはほかの誰かのプロセスかもしれません。メモリリーク、
大量のリクエスト、細工された入力が、1 つ以上のサービスを止めます。CPU は事情が違います。
競合時には要求（request）が各 Pod の割り当てをすでに保証し、CPU の上限はノードが空いていても
処理を抑えるため、このルールでは助言として扱います。

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
      containers:
        - name: api
          image: example/api:1.4.2
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              cpu: "1"
              memory: 256Mi
```

## 修正方法
通常の負荷でコンテナの使用量を測り（`kubectl top pod --containers`）、余裕を持たせて要求と上限を
設定します。メモリの上限を要求と同じにすると、Pod が真っ先に退避させられることもありません。

## 許容される場合
`LimitRange` が既定の上限を設定している名前空間や、ノード自体が上限になるシングルテナントの
ノードです。

## 参考資料
- [Kubernetes: Pod とコンテナのリソース管理](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/)
- [Kubernetes: LimitRange](https://kubernetes.io/docs/concepts/policy/limit-range/)
"#;
