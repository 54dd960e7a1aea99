use crate::companion::yaml::Value;
use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{
    add_to_security_context, anchor, edit_or_advice, is_privileged, label, linux_containers,
};

pub const RULE: Rule = Rule {
    code: "PLK105",
    name: "k8s-capabilities",
    section: Section::User,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_25"),
        alias(Tool::Checkov, "CKV_K8S_28"),
        alias(Tool::Checkov, "CKV_K8S_37"),
        alias(Tool::Checkov, "CKV_K8S_39"),
        alias(Tool::Trivy, "KSV-0003"),
        alias(Tool::Trivy, "KSV-0004"),
        alias(Tool::Trivy, "KSV-0005"),
        alias(Tool::Trivy, "KSV-0022"),
        alias(Tool::Trivy, "KSV-0119"),
        alias(Tool::Trivy, "KSV-0120"),
        alias(Tool::KubeLinter, "drop-net-raw-capability"),
        alias(Tool::Polaris, "dangerousCapabilities"),
        alias(Tool::Polaris, "insecureCapabilities"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

/// Capabilities that give the node away (high), and those that reach
/// beyond the container's own business (medium), with what they allow.
const RISKY: &[(&str, Severity, &str, &str)] = &[
    (
        "ALL",
        Severity::High,
        "every capability",
        "すべての capability",
    ),
    (
        "SYS_ADMIN",
        Severity::High,
        "mounts, namespaces and most of root's power",
        "マウントや名前空間など root の権限の大半",
    ),
    (
        "SYS_MODULE",
        Severity::High,
        "loading kernel modules",
        "カーネルモジュールの読み込み",
    ),
    (
        "SYS_RAWIO",
        Severity::High,
        "raw access to devices and memory",
        "デバイスとメモリへの直接アクセス",
    ),
    (
        "DAC_READ_SEARCH",
        Severity::High,
        "reading any file of the node by handle",
        "ハンドル経由でのノードの任意のファイルの読み取り",
    ),
    (
        "SYS_PTRACE",
        Severity::Medium,
        "tracing and changing other processes",
        "ほかのプロセスの追跡と改変",
    ),
    (
        "NET_ADMIN",
        Severity::Medium,
        "changing network interfaces, routes and firewall rules",
        "ネットワークインターフェース・ルート・ファイアウォールの変更",
    ),
    (
        "BPF",
        Severity::Medium,
        "loading eBPF programs into the kernel",
        "カーネルへの eBPF プログラムの読み込み",
    ),
    (
        "PERFMON",
        Severity::Medium,
        "watching the kernel and other processes",
        "カーネルとほかのプロセスの監視",
    ),
    (
        "SYS_BOOT",
        Severity::Medium,
        "rebooting the node",
        "ノードの再起動",
    ),
    (
        "SYS_TIME",
        Severity::Medium,
        "setting the node's clock",
        "ノードの時計の変更",
    ),
    (
        "MAC_ADMIN",
        Severity::Medium,
        "changing the security modules' policy",
        "セキュリティモジュールのポリシーの変更",
    ),
    (
        "MAC_OVERRIDE",
        Severity::Medium,
        "overriding the security modules' policy",
        "セキュリティモジュールのポリシーの無視",
    ),
    (
        "SYSLOG",
        Severity::Medium,
        "reading the kernel log",
        "カーネルログの読み取り",
    ),
    (
        "NET_RAW",
        Severity::Medium,
        "forging packets on the pod network",
        "Pod ネットワーク上でのパケットの偽造",
    ),
];

/// `CAP_SYS_ADMIN`, `sys_admin` → `SYS_ADMIN`.
fn normalized(capability: &str) -> String {
    let upper = capability.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").unwrap_or(&upper).to_string()
}

fn names<'a>(list: Option<Value<'a>>) -> Vec<(String, Value<'a>)> {
    list.into_iter()
        .flat_map(|list| list.items())
        .filter_map(|item| item.as_str().map(|name| (normalized(name), item)))
        .collect()
}

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in linux_containers(context) {
        // Privileged containers hold every capability already (PLK104).
        if is_privileged(container) {
            continue;
        }
        let capabilities = container.security("capabilities").map(|(value, _)| value);
        let added = names(capabilities.and_then(|value| value.get("add")));
        let dropped = names(capabilities.and_then(|value| value.get("drop")));
        let name = label(container);
        for (capability, item) in &added {
            let Some(&(_, severity, what_en, what_ja)) =
                RISKY.iter().find(|(risky, ..)| risky == capability)
            else {
                continue;
            };
            out.report(
                item.span(),
                crate::text!(
                    format!("{} adds `{capability}` ({what_en}); remove it, or keep it only if the workload's job needs it and drop every other capability", name.en),
                    format!("{}は `{capability}`（{what_ja}）を追加しています。削除するか、ワークロードの役目に必要な場合だけ残し、ほかの capability はすべて削除してください", name.ja),
                ),
            )
            .about(container.resource())
            .rated(severity)
            .with_fix(Fix::manual(crate::text!(
                "Remove the capability, or keep the one the workload needs with `drop: [ALL]` beside it.",
                "capability を削除するか、ワークロードに必要なものだけを `drop: [ALL]` と一緒に残します。",
            )));
        }
        if dropped.iter().any(|(capability, _)| capability == "ALL") {
            continue;
        }
        let (en, ja) = if added.is_empty() {
            (
                format!("{} keeps the runtime's default capabilities (`NET_RAW`, `CHOWN`, `SETUID` and more); add `capabilities: {{drop: [ALL]}}` and add back only what it needs", name.en),
                format!("{}はランタイムの既定の capability（`NET_RAW`、`CHOWN`、`SETUID` など）を持ったままです。`capabilities: {{drop: [ALL]}}` を追加し、必要なものだけを戻してください", name.ja),
            )
        } else {
            (
                format!("{} adds capabilities but keeps the runtime's defaults too; add `drop: [ALL]` so it holds only the ones it adds", name.en),
                format!("{}は capability を追加していますが、ランタイムの既定のものも持ったままです。`drop: [ALL]` を追加し、追加したものだけを持たせてください", name.ja),
            )
        };
        let description = crate::text!(
            "Drop every capability (`capabilities: {drop: [ALL]}`) and add back the ones the container uses (`NET_BIND_SERVICE` to listen below port 1024 as non-root).",
            "すべての capability を削除し（`capabilities: {drop: [ALL]}`）、コンテナが使うものだけを戻します（非rootで 1024 未満のポートで待ち受けるなら `NET_BIND_SERVICE`）。",
        );
        let own = container
            .container
            .path(&["securityContext", "capabilities"]);
        let edit = match own {
            None => add_to_security_context(
                context.source,
                container,
                &["capabilities:".into(), "  drop:".into(), "    - ALL".into()],
            ),
            Some(capabilities) if capabilities.get("drop").is_none() => super::insert_lines(
                context.source,
                capabilities,
                &["drop:".into(), "  - ALL".into()],
            ),
            Some(_) => None,
        };
        out.report(anchor(container), crate::text!(en, ja))
            .about(container.resource())
            .rated(Severity::Low)
            .with_fix(edit_or_advice(description, edit));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container capabilities

## What it checks
The Linux capabilities of each container (not privileged ones, which PLK104 reports):

- capabilities in `capabilities.add` that reach the node: `ALL`, `SYS_ADMIN`, `SYS_MODULE`,
  `SYS_RAWIO`, `DAC_READ_SEARCH` (high); `NET_ADMIN`, `NET_RAW`, `SYS_PTRACE`, `BPF`,
  `PERFMON`, `SYS_TIME`, `SYS_BOOT`, `MAC_ADMIN`, `MAC_OVERRIDE`, `SYSLOG` (medium). Names
  with a `CAP_` prefix count the same.
- no `drop: [ALL]` (low): the container keeps the runtime's default set, which includes
  `NET_RAW`, `CHOWN`, `DAC_OVERRIDE`, `SETUID` and `SETGID`.

## Why it is risky
Capabilities are root's powers in pieces. `SYS_ADMIN` alone allows mounts and most known
container escapes; `NET_RAW` lets a compromised pod forge packets against its neighbours;
`DAC_READ_SEARCH` was the key of the "shocker" escape. An application that listens on a
port and reads its files needs none of the defaults.

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
          securityContext:
            capabilities:
              add: [SYS_ADMIN]
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
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
```

## Fix
Add `drop: [ALL]` to the container's `capabilities` (the fix does when the container has
no `drop` list) and add back only what the container uses; remove the risky adds or
replace them with the narrow capability the job needs.

## When it is acceptable
Network plugins and node agents whose job needs `NET_ADMIN` or `SYS_ADMIN`: keep that one
capability with `drop: [ALL]`, and suppress with a reason.

## References
- [Kubernetes: set capabilities for a container](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container)
- [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナの capability

## チェック内容
各コンテナの Linux capability を確認します（特権コンテナは PLK104 が報告します）。

- ノードに届く capability の `capabilities.add`: `ALL`、`SYS_ADMIN`、`SYS_MODULE`、`SYS_RAWIO`、
  `DAC_READ_SEARCH`（高）、`NET_ADMIN`、`NET_RAW`、`SYS_PTRACE`、`BPF`、`PERFMON`、`SYS_TIME`、
  `SYS_BOOT`、`MAC_ADMIN`、`MAC_OVERRIDE`、`SYSLOG`（中）。`CAP_` 付きの名前も同じに扱います。
- `drop: [ALL]` がない（低）: コンテナはランタイムの既定の capability（`NET_RAW`、`CHOWN`、
  `DAC_OVERRIDE`、`SETUID`、`SETGID` など）を持ったままです。

## なぜ危険か
capability は root の権限を分けたものです。`SYS_ADMIN` だけでマウントや既知のコンテナエスケープの
大半ができ、`NET_RAW` があれば乗っ取られた Pod が隣の Pod に偽のパケットを送れます。
`DAC_READ_SEARCH` は "shocker" エスケープの鍵でした。ポートで待ち受けてファイルを読むだけの
アプリケーションには、既定の capability はどれも要りません。

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
          securityContext:
            capabilities:
              add: [SYS_ADMIN]
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
          securityContext:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
```

## 修正方法
コンテナの `capabilities` に `drop: [ALL]` を追加し（`drop` のリストがなければ修正が追加します）、
コンテナが使うものだけを戻します。危険な追加は削除するか、役目に必要な狭い capability に
置き換えます。

## 許容される場合
役目として `NET_ADMIN` や `SYS_ADMIN` が必要なネットワークプラグインやノードエージェントです。
その capability だけを `drop: [ALL]` と一緒に残し、理由を添えて抑制してください。

## 参考資料
- [Kubernetes: コンテナに capability を設定する](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container)
- [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
"#;
