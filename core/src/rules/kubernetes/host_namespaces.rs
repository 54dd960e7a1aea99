use crate::fix::Edit;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{
    edit_or_advice, is_privileged, label, linux_containers, pod_flag, remove_pod_field, runs_as,
    RunsAs,
};

pub const RULE: Rule = Rule {
    code: "PLK106",
    name: "k8s-host-pid-ipc",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_17"),
        alias(Tool::Checkov, "CKV_K8S_18"),
        alias(Tool::Trivy, "KSV-0008"),
        alias(Tool::Trivy, "KSV-0010"),
        alias(Tool::KubeLinter, "host-pid"),
        alias(Tool::KubeLinter, "host-ipc"),
        alias(Tool::Polaris, "hostPIDSet"),
        alias(Tool::Polaris, "hostIPCSet"),
        alias(Tool::Semgrep, "hostpid-pod"),
        alias(Tool::Semgrep, "hostipc-pod"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, image) in linux_containers(context) {
        let name = label(container);
        let removal = |key: &str| remove_pod_field(context.source, container, key);
        if let Some(value) = pod_flag(container, "hostPID") {
            // Seeing the node's processes is one thing; as root, reading
            // their memory and environment (their secrets) is another.
            let privileged = is_privileged(container);
            let severity = if runs_as(container, image) == RunsAs::NonRoot && !privileged {
                Severity::Medium
            } else {
                Severity::High
            };
            let (en, ja) = if severity == Severity::High {
                (
                    format!("{} shares the node's process namespace (`hostPID: true`): it sees every process of the node and, as root, can read their environment and memory and signal them; remove `hostPID`", name.en),
                    format!("{}はノードのプロセス名前空間を共有しています（`hostPID: true`）。ノードのすべてのプロセスが見え、root ならその環境変数やメモリを読み、シグナルを送れます。`hostPID` を削除してください", name.ja),
                )
            } else {
                (
                    format!("{} shares the node's process namespace (`hostPID: true`): it sees every process of the node and their command lines (its non-root user keeps it out of their memory); remove `hostPID` unless it monitors the node", name.en),
                    format!("{}はノードのプロセス名前空間を共有しています（`hostPID: true`）。ノードのすべてのプロセスとそのコマンドラインが見えます（非rootユーザーなのでメモリまでは読めません）。ノードを監視するのでなければ `hostPID` を削除してください", name.ja),
                )
            };
            let diagnostic = out
                .report(value.span(), crate::text!(en, ja))
                .about(container.resource())
                .rated(severity);
            fix(diagnostic, removal("hostPID"), "hostPID");
        }
        if let Some(value) = pod_flag(container, "hostIPC") {
            let diagnostic = out
                .report(
                    value.span(),
                    crate::text!(
                        format!("{} shares the node's IPC namespace (`hostIPC: true`): it can read and write the shared memory of every process on the node; remove `hostIPC`", name.en),
                        format!("{}はノードの IPC 名前空間を共有しています（`hostIPC: true`）。ノード上のすべてのプロセスの共有メモリを読み書きできます。`hostIPC` を削除してください", name.ja),
                    ),
                )
                .about(container.resource())
                .rated(Severity::Medium);
            fix(diagnostic, removal("hostIPC"), "hostIPC");
        }
    }
}

fn fix(diagnostic: &mut crate::rules::Diagnostic, edit: Option<Edit>, key: &str) {
    let description = crate::text!(
        format!("Remove `{key}: true` from the pod spec; check that the workload does not need to see the node's processes or shared memory."),
        format!("Pod の spec から `{key}: true` を削除します。ワークロードがノードのプロセスや共有メモリを見る必要がないか確認してください。"),
    );
    diagnostic.with_fix(edit_or_advice(description, edit));
}

const DOCS_EN: &str = r#"
# Kubernetes pod shares the node's process or IPC namespace

## What it checks
A pod with `hostPID: true` or `hostIPC: true`, reported for each of its containers.
`hostPID` is high, or medium when the container is known to run as a non-root user and is
not privileged (it then sees the node's processes but cannot read into them); `hostIPC` is
medium.

## Why it is risky
With the node's PID namespace a container lists every process of the node, reads their
command lines, and as root reads their environment (`/proc/<pid>/environ`, where other
pods' secrets live), attaches to them and kills them; with a privileged container,
`nsenter --target 1` is a root shell on the node. The IPC namespace exposes the shared
memory segments and message queues of the node's processes.

## Example
```yaml file=pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  hostPID: true
  containers:
    - name: shell
      image: example/tools:1.0.0
```

## Use instead
```yaml file=pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: example/tools:1.0.0
```

## Fix
Remove the field (the fix deletes its line). To see the processes of the other containers
of the same pod, `shareProcessNamespace: true` shares the pod's namespace, not the node's.
Debugging a node is the job of `kubectl debug node/<name>`, not of a deployed workload.

## When it is acceptable
Node agents that monitor the node's processes (metrics exporters, runtime security
sensors): run them as non-root where they allow it, and suppress with a reason.

## References
- [Pod Security Standards: host namespaces](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [BishopFox: Bad Pods, hostPID](https://bishopfox.com/blog/kubernetes-pod-privilege-escalation)
"#;

const DOCS_JA: &str = r#"
# Kubernetes の Pod がノードのプロセスまたは IPC 名前空間を共有している

## チェック内容
`hostPID: true` か `hostIPC: true` の Pod を、そのコンテナごとに報告します。`hostPID` は高ですが、
コンテナが非rootユーザーで動くと分かっていて特権コンテナでもなければ中です（ノードのプロセスは
見えても、中までは読めません）。`hostIPC` は中です。

## なぜ危険か
ノードの PID 名前空間を共有すると、コンテナはノードのすべてのプロセスを一覧し、コマンドラインを
読めます。root ならその環境変数（ほかの Pod のシークレットがある `/proc/<pid>/environ`）を読み、
アタッチし、終了させられます。特権コンテナなら `nsenter --target 1` でノードの root シェルが
得られます。IPC 名前空間を共有すると、ノードのプロセスの共有メモリやメッセージキューが見えます。

## 問題のある例
```yaml file=pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  hostPID: true
  containers:
    - name: shell
      image: example/tools:1.0.0
```

## 代わりに
```yaml file=pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: example/tools:1.0.0
```

## 修正方法
フィールドを削除します（修正がその行を削除します）。同じ Pod のほかのコンテナのプロセスを見たい
だけなら、`shareProcessNamespace: true` はノードではなく Pod の名前空間を共有します。ノードの
デバッグはデプロイしたワークロードではなく `kubectl debug node/<名前>` で行います。

## 許容される場合
ノードのプロセスを監視するノードエージェント（メトリクスのエクスポーターや、ランタイムの
セキュリティセンサー）です。可能なら非rootで動かし、理由を添えて抑制してください。

## 参考資料
- [Pod セキュリティ標準: ホストの名前空間](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
- [BishopFox: Bad Pods、hostPID](https://bishopfox.com/blog/kubernetes-pod-privilege-escalation)
"#;
