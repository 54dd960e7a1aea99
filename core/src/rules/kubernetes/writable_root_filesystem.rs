use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{anchor, edit_or_advice, label, linux_containers, set_security_flag};

pub const RULE: Rule = Rule {
    code: "PLK701",
    name: "k8s-writable-root-filesystem",
    section: Section::Filesystem,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_22"),
        alias(Tool::Trivy, "KSV-0014"),
        alias(Tool::KubeLinter, "no-read-only-root-fs"),
        alias(Tool::Polaris, "notReadOnlyRootFilesystem"),
        alias(Tool::Semgrep, "writable-filesystem-container"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in linux_containers(context) {
        let written = container
            .container
            .path(&["securityContext", "readOnlyRootFilesystem"]);
        if written.is_some_and(|value| value.as_bool() == Some(true)) {
            continue;
        }
        let name = label(container);
        let (span, en, ja) = match written {
            Some(value) => (
                value.span(),
                format!("{} has a writable root file system (`readOnlyRootFilesystem: {}`); set it to `true` and mount an `emptyDir` where it writes", name.en, value.as_str().unwrap_or("false")),
                format!("{}のルートファイルシステムは書き込み可能です（`readOnlyRootFilesystem: {}`）。`true` にし、書き込む場所には `emptyDir` をマウントしてください", name.ja, value.as_str().unwrap_or("false")),
            ),
            None => (
                anchor(container),
                format!("{} has a writable root file system; add `readOnlyRootFilesystem: true` to its `securityContext` and mount an `emptyDir` where it writes", name.en),
                format!("{}のルートファイルシステムは書き込み可能です。`securityContext` に `readOnlyRootFilesystem: true` を追加し、書き込む場所には `emptyDir` をマウントしてください", name.ja),
            ),
        };
        let description = crate::text!(
            "Set `readOnlyRootFilesystem: true`; run the workload and mount an `emptyDir` volume at every path it writes to (`/tmp`, caches, PID files).",
            "`readOnlyRootFilesystem: true` を設定します。ワークロードを動かし、書き込むすべてのパス（`/tmp`、キャッシュ、PID ファイルなど）に `emptyDir` ボリュームをマウントします。",
        );
        out.report(span, crate::text!(en, ja))
            .about(container.resource())
            .with_fix(edit_or_advice(
                description,
                set_security_flag(context.source, container, "readOnlyRootFilesystem", true),
            ));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container with a writable root file system

## What it checks
A container whose `securityContext` does not set `readOnlyRootFilesystem: true`. The field
exists only on containers: a pod-level one does nothing.

## Why it is risky
Code that runs in a container with a writable file system can change the application,
drop tools and web shells, and persist until the pod is replaced. A read-only root file
system stops that, and makes the places the application writes explicit (the volumes you
mount).

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
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
```

## Fix
Set `readOnlyRootFilesystem: true` (the fix does, or replaces a `false`), run the
workload, and mount an `emptyDir` at each path it fails to write: `/tmp`, caches, PID and
socket files.

## When it is acceptable
Images that write all over their file system and cannot be configured otherwise, and
short-lived init containers that prepare files in the image's own directories.

## References
- [Kubernetes: security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Kubernetes: emptyDir volumes](https://kubernetes.io/docs/concepts/storage/volumes/#emptydir)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナのルートファイルシステムが書き込み可能

## チェック内容
`securityContext` に `readOnlyRootFilesystem: true` がないコンテナを検出します。このフィールドは
コンテナにしかなく、Pod レベルに書いても効果はありません。

## なぜ危険か
書き込み可能なファイルシステムのコンテナで動くコードは、アプリケーションを書き換え、ツールや
Web シェルを置き、Pod が置き換わるまで居座れます。ルートファイルシステムを読み取り専用にすると
これを止められ、アプリケーションが書き込む場所（マウントするボリューム）がはっきりします。

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
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
```

## 修正方法
`readOnlyRootFilesystem: true` を設定し（修正が追加するか、`false` を置き換えます）、ワークロードを
動かして、書き込みに失敗するパス（`/tmp`、キャッシュ、PID やソケットのファイル）ごとに
`emptyDir` をマウントします。

## 許容される場合
ファイルシステムのあちこちに書き込み、設定で変えられないイメージや、イメージ自身のディレクトリに
ファイルを用意する短時間の init コンテナです。

## 参考資料
- [Kubernetes: セキュリティコンテキスト](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Kubernetes: emptyDir ボリューム](https://kubernetes.io/docs/concepts/storage/volumes/#emptydir)
"#;
