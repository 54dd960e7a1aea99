use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{anchor, edit_or_advice, is_privileged, label, linux_containers, set_security_flag};

pub const RULE: Rule = Rule {
    code: "PLK103",
    name: "k8s-privilege-escalation",
    section: Section::User,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_20"),
        alias(Tool::Trivy, "KSV-0001"),
        alias(Tool::KubeLinter, "privilege-escalation-container"),
        alias(Tool::Polaris, "privilegeEscalationAllowed"),
        alias(Tool::Semgrep, "allow-privilege-escalation"),
        alias(
            Tool::Semgrep,
            "allow-privilege-escalation-no-securitycontext",
        ),
        alias(Tool::Semgrep, "allow-privilege-escalation-true"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in linux_containers(context) {
        // A privileged container always may escalate (PLK104 reports it),
        // and the API server rejects `allowPrivilegeEscalation: false` there.
        if is_privileged(container) {
            continue;
        }
        let written = container.security("allowPrivilegeEscalation");
        if written.is_some_and(|(value, _)| value.as_bool() == Some(false)) {
            continue;
        }
        let name = label(container);
        let (span, en, ja, severity) = match written {
            Some((value, _)) => (
                value.span(),
                format!("{} may gain privileges through setuid programs (`allowPrivilegeEscalation: {}`); set it to `false`", name.en, value.as_str().unwrap_or("true")),
                format!("{}は setuid プログラムで権限を得られます（`allowPrivilegeEscalation: {}`）。`false` にしてください", name.ja, value.as_str().unwrap_or("true")),
                Severity::Medium,
            ),
            None => (
                anchor(container),
                format!("{} may gain privileges through setuid programs: `allowPrivilegeEscalation` is not `false`; add `allowPrivilegeEscalation: false` to its `securityContext`", name.en),
                format!("{}は setuid プログラムで権限を得られます。`allowPrivilegeEscalation` が `false` ではありません。`securityContext` に `allowPrivilegeEscalation: false` を追加してください", name.ja),
                Severity::Low,
            ),
        };
        let description = crate::text!(
            "Set `allowPrivilegeEscalation: false` in the container's `securityContext`; programs that need setuid (`sudo`, `su`, some `ping` builds) stop gaining privileges.",
            "コンテナの `securityContext` に `allowPrivilegeEscalation: false` を設定します。setuid が必要なプログラム（`sudo`、`su`、一部の `ping`）は権限を得られなくなります。",
        );
        out.report(span, crate::text!(en, ja))
            .about(container.resource())
            .rated(severity)
            .with_fix(edit_or_advice(
                description,
                set_security_flag(context.source, container, "allowPrivilegeEscalation", false),
            ));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container may escalate privileges

## What it checks
A container whose `securityContext` does not set `allowPrivilegeEscalation: false` (low),
or sets it to `true` (medium). The field exists only on containers: a pod-level one does
nothing. Privileged containers are left to PLK104, which they always fail.

## Why it is risky
Unless the field is `false`, the kernel's `no_new_privs` flag is off: a setuid or setcap
program in the image (`su`, `sudo`, `mount`, an old `ping`) can give a process more
privileges than the container's user has. A non-root user stops being a barrier as soon
as such a program has a bug or a weak configuration.

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
            allowPrivilegeEscalation: false
```

## Fix
Add `allowPrivilegeEscalation: false` to the container's `securityContext` (the fix does;
it replaces a `true`). Remove setuid programs the image does not need as well (PL706).

## When it is acceptable
Containers that must switch users with a setuid helper at run time, which is rare and
worth redesigning.

## References
- [Kubernetes: security context](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Linux kernel: no_new_privs](https://docs.kernel.org/userspace-api/no_new_privs.html)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナが権限昇格できる

## チェック内容
`securityContext` に `allowPrivilegeEscalation: false` がないコンテナ（低）と、`true` にしている
コンテナ（中）を検出します。このフィールドはコンテナにしかなく、Pod レベルに書いても効果は
ありません。特権コンテナは必ず該当するため、PLK104 に任せます。

## なぜ危険か
このフィールドが `false` でない限り、カーネルの `no_new_privs` フラグはオフです。イメージ内の
setuid や setcap 付きのプログラム（`su`、`sudo`、`mount`、古い `ping`）を使うと、プロセスは
コンテナのユーザーより強い権限を得られます。そうしたプログラムに不具合や弱い設定があれば、
非rootユーザーは壁になりません。

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
            allowPrivilegeEscalation: false
```

## 修正方法
コンテナの `securityContext` に `allowPrivilegeEscalation: false` を追加します（修正が追加し、
`true` は置き換えます）。イメージに不要な setuid プログラムも削除してください（PL701）。

## 許容される場合
実行時に setuid のヘルパーでユーザーを切り替える必要があるコンテナです。まれで、設計を
見直す価値があります。

## 参考資料
- [Kubernetes: セキュリティコンテキスト](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- [Linux カーネル: no_new_privs](https://docs.kernel.org/userspace-api/no_new_privs.html)
"#;
