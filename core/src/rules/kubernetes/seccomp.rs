use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{
    add_to_security_context, anchor, edit_or_advice, is_privileged, label, linux_containers,
};

pub const RULE: Rule = Rule {
    code: "PLK107",
    name: "k8s-seccomp",
    section: Section::User,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_31"),
        alias(Tool::Trivy, "KSV-0030"),
        alias(Tool::Trivy, "KSV-0104"),
        alias(Tool::Trivy, "KSV-0002"),
        alias(Tool::Polaris, "linuxHardening"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in linux_containers(context) {
        // A privileged container runs unconfined whatever it says (PLK104).
        if is_privileged(container) {
            continue;
        }
        let name = label(container);
        let mut unconfined = false;
        for (field, profile) in [
            ("seccompProfile", "seccomp"),
            ("appArmorProfile", "AppArmor"),
        ] {
            let Some((value, from_pod)) = container.security(field) else {
                continue;
            };
            let Some(kind) = value
                .get("type")
                .filter(|kind| kind.as_str() == Some("Unconfined"))
            else {
                continue;
            };
            unconfined = true;
            let (pod_en, pod_ja) = if from_pod {
                (" for the whole pod", "、Pod 全体の設定")
            } else {
                ("", "")
            };
            out.report(
                kind.span(),
                crate::text!(
                    format!("{} runs without a {profile} profile (`{field}.type: Unconfined`{pod_en}): every system call the kernel offers is open to it; use `RuntimeDefault`", name.en),
                    format!("{}は {profile} プロファイルなしで動きます（`{field}.type: Unconfined`{pod_ja}）。カーネルのすべてのシステムコールを使えます。`RuntimeDefault` にしてください", name.ja),
                ),
            )
            .about(container.resource())
            .rated(Severity::Medium)
            .with_fix(Fix::needs_review(
                crate::text!(
                    format!("Use the container runtime's default {profile} profile (`type: RuntimeDefault`); run the workload's tests to find a system call it blocks."),
                    format!("コンテナランタイムの既定の {profile} プロファイル（`type: RuntimeDefault`）を使います。ワークロードのテストを動かし、ブロックされるシステムコールがないか確かめてください。"),
                ),
                vec![crate::fix::Edit::replace(kind.span(), "RuntimeDefault")],
            ));
        }
        if unconfined || container.security("seccompProfile").is_some() {
            continue;
        }
        let description = crate::text!(
            "Add `seccompProfile: {type: RuntimeDefault}` to the container's (or the pod's) `securityContext`; the runtime's default profile blocks the system calls applications do not use.",
            "コンテナ（または Pod）の `securityContext` に `seccompProfile: {type: RuntimeDefault}` を追加します。ランタイムの既定のプロファイルは、アプリケーションが使わないシステムコールをブロックします。",
        );
        let edit = add_to_security_context(
            context.source,
            container,
            &["seccompProfile:".into(), "  type: RuntimeDefault".into()],
        );
        out.report(
            anchor(container),
            crate::text!(
                format!("{} has no seccomp profile: Kubernetes runs containers unconfined unless told otherwise; set `seccompProfile: {{type: RuntimeDefault}}`", name.en),
                format!("{}には seccomp プロファイルがありません。Kubernetes は指定がなければコンテナを制限なしで動かします。`seccompProfile: {{type: RuntimeDefault}}` を設定してください", name.ja),
            ),
        )
        .about(container.resource())
        .rated(Severity::Low)
        .with_fix(edit_or_advice(description, edit));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container without a seccomp profile

## What it checks
A container whose seccomp profile, its own or the pod's, is `Unconfined` (medium) or not
set at all (low), and a container or pod whose `appArmorProfile` is `Unconfined` (medium).
Privileged containers run unconfined anyway and are left to PLK104.

## Why it is risky
Unlike Docker, Kubernetes runs containers without a seccomp profile unless the pod asks
for one (or the kubelet runs with `--seccomp-default`). The container can then call every
system call of the node's kernel, including the rarely used ones most kernel exploits go
through (`keyctl`, `unshare`, `bpf`, `userfaultfd`). The runtime's default profile blocks
them and leaves what applications use.

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
            seccompProfile:
              type: Unconfined
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
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: api
          image: example/api:1.4.2
```

## Fix
Set `seccompProfile: {type: RuntimeDefault}` in the pod's `securityContext` (every
container inherits it) or the container's; the fix adds it to the container, or replaces
`Unconfined`. The `seccomp.security.alpha.kubernetes.io` annotations are deprecated: use
the field.

## When it is acceptable
Tools that trace or sandbox other processes and need blocked system calls: give them a
`Localhost` profile that allows those calls, rather than `Unconfined`.

## References
- [Kubernetes: restrict a container's syscalls with seccomp](https://kubernetes.io/docs/tutorials/security/seccomp/)
- [Pod Security Standards: seccomp](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナに seccomp プロファイルがない

## チェック内容
コンテナ自身か Pod の seccomp プロファイルが `Unconfined`（中）か未設定（低）のコンテナと、
`appArmorProfile` が `Unconfined` のコンテナや Pod（中）を検出します。特権コンテナはいずれにせよ
制限なしで動くため、PLK104 に任せます。

## なぜ危険か
Docker と違い、Kubernetes は Pod が求めない限り（または kubelet が `--seccomp-default` で動いて
いない限り）seccomp プロファイルなしでコンテナを動かします。コンテナはノードのカーネルの
すべてのシステムコールを呼べ、カーネルの脆弱性を突く攻撃の多くが通る、めったに使われない
システムコール（`keyctl`、`unshare`、`bpf`、`userfaultfd`）も使えます。ランタイムの既定の
プロファイルはそれらをブロックし、アプリケーションが使うものは残します。

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
            seccompProfile:
              type: Unconfined
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
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: api
          image: example/api:1.4.2
```

## 修正方法
Pod の `securityContext`（すべてのコンテナが引き継ぎます）かコンテナのものに
`seccompProfile: {type: RuntimeDefault}` を設定します。修正はコンテナに追加するか、`Unconfined`
を置き換えます。`seccomp.security.alpha.kubernetes.io` アノテーションは非推奨なので、
フィールドを使ってください。

## 許容される場合
ほかのプロセスを追跡したりサンドボックス化したりするツールで、ブロックされるシステムコールが
必要な場合です。`Unconfined` ではなく、それらを許可する `Localhost` プロファイルを与えてください。

## 参考資料
- [Kubernetes: seccomp でコンテナのシステムコールを制限する](https://kubernetes.io/docs/tutorials/security/seccomp/)
- [Pod セキュリティ標準: seccomp](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"#;
