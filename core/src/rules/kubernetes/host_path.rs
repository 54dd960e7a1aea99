use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{containers, is_node_agent, label};
use crate::rules::host_dirs::{cleaned, sensitive_dir};

pub const RULE: Rule = Rule {
    code: "PLK702",
    name: "k8s-host-path",
    section: Section::Filesystem,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_27"),
        alias(Tool::Trivy, "KSV-0006"),
        alias(Tool::Trivy, "KSV-0023"),
        alias(Tool::KubeLinter, "docker-sock"),
        alias(Tool::KubeLinter, "sensitive-host-mounts"),
        alias(Tool::KubeLinter, "writable-host-mount"),
        alias(Tool::Polaris, "hostPathSet"),
        alias(Tool::Semgrep, "exposing-docker-socket-hostpath"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

/// Sockets of container runtimes: whoever can write to one starts
/// privileged containers on the node.
const RUNTIME_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
    "podman.sock",
];

/// How bad a host path is, and what it is (EN, JA).
fn judge(path: &str, read_only: bool) -> (Severity, &'static str, &'static str) {
    let path = cleaned(path);
    let name = path.rsplit('/').next().unwrap_or("");
    let is_runtime_dir = [
        "/var/run",
        "/run",
        "/var/run/docker",
        "/run/containerd",
        "/var/run/containerd",
        "/run/crio",
        "/var/run/crio",
    ]
    .contains(&path.as_str());
    if RUNTIME_SOCKETS.contains(&name) {
        return (
            Severity::High,
            "the container runtime's socket: whoever reaches it starts privileged containers on the node, read-only or not",
            "コンテナランタイムのソケットです。読み取り専用でも、届けばノード上で特権コンテナを起動できます",
        );
    }
    if is_runtime_dir {
        return (
            Severity::High,
            "the directory of the container runtime's socket: whoever reaches the socket starts privileged containers on the node, read-only or not",
            "コンテナランタイムのソケットがあるディレクトリです。読み取り専用でも、ソケットに届けばノード上で特権コンテナを起動できます",
        );
    }
    if path == "/" {
        return if read_only {
            (
                Severity::Medium,
                "the node's whole file system, read-only: every pod's secrets and the kubelet's credentials can be read",
                "読み取り専用ですがノードのファイルシステム全体です。すべての Pod のシークレットと kubelet の認証情報を読めます",
            )
        } else {
            (
                Severity::High,
                "the node's whole file system, writable: a root container owns the node",
                "書き込み可能なノードのファイルシステム全体です。root のコンテナはノードを掌握します",
            )
        };
    }
    let sensitive = sensitive_dir(&path).is_some();
    match (sensitive, read_only) {
        (true, false) => (
            Severity::Medium,
            "a writable system directory of the node",
            "ノードの書き込み可能なシステムディレクトリです",
        ),
        (true, true) => (
            Severity::Low,
            "a system directory of the node, read-only",
            "読み取り専用のノードのシステムディレクトリです",
        ),
        (false, false) => (
            Severity::Low,
            "a writable directory of the node, shared with whatever else uses it",
            "ほかの利用者と共有する、ノードの書き込み可能なディレクトリです",
        ),
        (false, true) => (
            Severity::Info,
            "a directory of the node, read-only",
            "読み取り専用のノードのディレクトリです",
        ),
    }
}

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in containers(context) {
        let volumes = container.workload.pod("volumes");
        let name = label(container);
        for mount in container
            .get("volumeMounts")
            .into_iter()
            .flat_map(|mounts| mounts.items())
        {
            let Some(volume_name) = mount.get("name").and_then(|name| name.as_str()) else {
                continue;
            };
            let Some(path) = volumes
                .into_iter()
                .flat_map(|volumes| volumes.items())
                .find(|volume| {
                    volume.get("name").and_then(|name| name.as_str()) == Some(volume_name)
                })
                .and_then(|volume| volume.path(&["hostPath", "path"]))
            else {
                continue;
            };
            let Some(host) = path.as_str() else {
                continue;
            };
            let read_only = mount.get("readOnly").and_then(|value| value.as_bool()) == Some(true);
            let (mut severity, what_en, what_ja) = judge(host, read_only);
            // Node agents read the node's logs and metrics and write their
            // own state there by design; what gives the node away (a
            // runtime socket, `/` writable) stays high.
            if is_node_agent(container) {
                severity = match severity {
                    Severity::Medium => Severity::Low,
                    Severity::Low => Severity::Info,
                    other => other,
                };
            }
            let at = mount
                .get("mountPath")
                .and_then(|at| at.as_str())
                .unwrap_or("?");
            out.report(
                path.span(),
                crate::text!(
                    format!("{} mounts the node's `{host}` at `{at}`: {what_en}; mount only what it needs, read-only, or use a volume that is not the node's", name.en),
                    format!("{}はノードの `{host}` を `{at}` にマウントしています。{what_ja}。必要なものだけを読み取り専用でマウントするか、ノードのものではないボリュームを使ってください", name.ja),
                ),
            )
            .about(container.resource())
            .rated(severity)
            .also(mount.span(), None)
            .with_fix(Fix::manual(crate::text!(
                "Replace the `hostPath` with a volume made for the data (`emptyDir`, a `PersistentVolumeClaim`, a `configMap` or `secret`); if the node's path is the point, mount its narrowest subdirectory with `readOnly: true`.",
                "`hostPath` を、データに合ったボリューム（`emptyDir`、`PersistentVolumeClaim`、`configMap` や `secret`）に置き換えます。ノードのパス自体が目的なら、いちばん狭いサブディレクトリを `readOnly: true` でマウントします。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container mounts a path of the node

## What it checks
A container that mounts a `hostPath` volume, rated by what the path is: a container
runtime's socket (`docker.sock`, `containerd.sock`, `crio.sock`, or `/var/run` that holds
them) or the node's `/` writable: high; `/` read-only or a writable system directory
(`/etc`, `/proc`, `/sys`, `/var/lib/kubelet` ...): medium; a read-only system directory or
another writable path: low; another read-only path: info. In a DaemonSet, where node
agents read the node's logs and metrics and keep their state, medium and low paths are
rated one step lower.

## Why it is risky
A `hostPath` punches through the container's file system into the node's. The runtime's
socket is the API that creates containers, so a pod that reaches it can start a privileged
one and own the node; `/var/lib/kubelet` holds every pod's secrets; writable system
directories let a process plant files the node executes.

## Example
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: builder
          image: example/builder:2.3.0
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
```

## Use instead
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: builder
          image: example/builder:2.3.0
          volumeMounts:
            - name: work
              mountPath: /work
      volumes:
        - name: work
          emptyDir: {}
```

## Fix
Use a volume made for the data: `emptyDir` for scratch space, a `PersistentVolumeClaim` for
state, `configMap` and `secret` volumes for configuration. Build images with a rootless
builder (BuildKit rootless, kaniko) instead of the node's Docker socket. When the node's
path is the point, mount its narrowest subdirectory with `readOnly: true`.

## When it is acceptable
Node agents: log shippers reading `/var/log`, metrics exporters reading `/proc` and `/sys`
read-only, CNI plugins writing `/etc/cni/net.d`. Suppress with a reason.

## References
- [Kubernetes: hostPath volumes](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
- [Pod Security Standards: hostPath volumes](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナがノードのパスをマウントしている

## チェック内容
`hostPath` ボリュームをマウントするコンテナを、パスの内容で評価します。コンテナランタイムの
ソケット（`docker.sock`、`containerd.sock`、`crio.sock`、またはそれらを置く `/var/run`）や書き込み可能な
ノードの `/` は高、読み取り専用の `/` や書き込み可能なシステムディレクトリ（`/etc`、`/proc`、`/sys`、
`/var/lib/kubelet` など）は中、読み取り専用のシステムディレクトリやそのほかの書き込み可能なパスは
低、そのほかの読み取り専用のパスは情報です。ノードエージェントがノードのログやメトリクスを読み、
自身の状態を置く DaemonSet では、中と低のパスを 1 段階低く評価します。

## なぜ危険か
`hostPath` はコンテナのファイルシステムを突き抜けてノードのものに届きます。ランタイムのソケットは
コンテナを作る API なので、届いた Pod は特権コンテナを起動してノードを掌握できます。
`/var/lib/kubelet` にはすべての Pod のシークレットがあり、書き込み可能なシステムディレクトリには
ノードが実行するファイルを仕込めます。

## 問題のある例
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: builder
          image: example/builder:2.3.0
          volumeMounts:
            - name: docker
              mountPath: /var/run/docker.sock
      volumes:
        - name: docker
          hostPath:
            path: /var/run/docker.sock
```

## 代わりに
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: builder
          image: example/builder:2.3.0
          volumeMounts:
            - name: work
              mountPath: /work
      volumes:
        - name: work
          emptyDir: {}
```

## 修正方法
データに合ったボリュームを使います。作業領域なら `emptyDir`、状態なら `PersistentVolumeClaim`、
設定なら `configMap` や `secret` のボリュームです。イメージのビルドにはノードの Docker ソケットでは
なく rootless のビルダー（rootless の BuildKit、kaniko）を使います。ノードのパス自体が目的なら、
いちばん狭いサブディレクトリを `readOnly: true` でマウントします。

## 許容される場合
ノードエージェントです。`/var/log` を読むログ転送、`/proc` や `/sys` を読み取り専用で読む
メトリクスのエクスポーター、`/etc/cni/net.d` に書き込む CNI プラグインなどです。理由を添えて
抑制してください。

## 参考資料
- [Kubernetes: hostPath ボリューム](https://kubernetes.io/docs/concepts/storage/volumes/#hostpath)
- [Pod セキュリティ標準: hostPath ボリューム](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_paths_are_rated_by_what_they_hold() {
        assert_eq!(judge("/var/run/docker.sock", true).0, Severity::High);
        assert_eq!(
            judge("/run/containerd/containerd.sock", false).0,
            Severity::High
        );
        assert_eq!(judge("/var/run/", true).0, Severity::High);
        assert_eq!(judge("/", false).0, Severity::High);
        assert_eq!(judge("/", true).0, Severity::Medium);
        assert_eq!(judge("/etc/kubernetes/pki", false).0, Severity::Medium);
        assert_eq!(judge("/proc", true).0, Severity::Low);
        assert_eq!(judge("/data/cache", false).0, Severity::Low);
        assert_eq!(judge("/var/log", true).0, Severity::Info);
    }
}
