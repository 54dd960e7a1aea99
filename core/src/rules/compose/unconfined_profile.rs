use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, security_option, services, text_items};

pub const RULE: Rule = Rule {
    code: "PLC106",
    name: "compose-unconfined-profile",
    section: Section::User,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Default Seccomp Profile Disabled"),
        alias(Tool::Semgrep, "seccomp-confinement-disabled"),
        alias(Tool::Semgrep, "selinux-separation-disabled"),
        alias(Tool::Cis, "5.1"),
        alias(Tool::Cis, "5.2"),
        alias(Tool::Cis, "5.21"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// What turning each confinement off removes.
fn confinement(name: &str, value: &str) -> Option<(&'static str, &'static str)> {
    let value = value.trim().to_ascii_lowercase();
    match (name, value.as_str()) {
        ("seccomp", "unconfined") => Some((
            "the seccomp filter that blocks the kernel's rarely used and most attacked system calls",
            "カーネルのめったに使われず最も攻撃されるシステムコールを塞ぐ seccomp フィルター",
        )),
        ("apparmor", "unconfined") => Some((
            "the AppArmor profile that keeps it away from `/proc`, `/sys` and mounts",
            "`/proc`、`/sys`、マウントから遠ざける AppArmor プロファイル",
        )),
        ("label", "disable") => Some((
            "the SELinux label that keeps it away from the host's and other containers' files",
            "ホストやほかのコンテナのファイルから遠ざける SELinux ラベル",
        )),
        ("systempaths", "unconfined") => Some((
            "the masking of `/proc` and `/sys` paths that expose the host's kernel",
            "ホストのカーネルをさらす `/proc` と `/sys` のパスの隠蔽",
        )),
        _ => None,
    }
}

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let name = label(service);
        for (item, text) in text_items(service.get("security_opt")) {
            let (option, value) = security_option(text);
            let Some((en_what, ja_what)) = value.and_then(|value| confinement(&option, value))
            else {
                continue;
            };
            let text = text.trim();
            out.report(
                item.span(),
                crate::text!(
                    format!("service {name} turns off {en_what} (`{text}`); remove the option, or write a profile that allows just what the service needs"),
                    format!("サービス {name} は{ja_what}を無効にしています（`{text}`）。オプションを削除するか、サービスに必要なものだけを許可するプロファイルを書いてください"),
                ),
            )
            .about(service.name)
            .with_fix(Fix::manual(crate::text!(
                "Remove the option so Docker's default profile applies; if the service fails, write a profile that adds only the system call or access it needs and name it in `security_opt` (`seccomp:./seccomp.json`).",
                "オプションを削除して Docker の既定のプロファイルを効かせます。サービスが失敗する場合は、必要なシステムコールやアクセスだけを加えたプロファイルを書き、`security_opt` で指定します（`seccomp:./seccomp.json`）。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service turns off a confinement profile

## What it checks
Items of a Compose service's `security_opt:` that turn off the profiles Docker confines
containers with: `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` (SELinux)
and `systempaths=unconfined`, written with `:` or `=`.

## Why it is risky
These profiles stand between a compromised process and the kernel. Docker's default
seccomp profile blocks about fifty system calls that containers do not need and that
many kernel exploits and container escapes rely on; AppArmor and SELinux keep the
container's processes away from host files, `/proc` and `/sys` entries and mount
operations even when they run as root. Turning one off removes a layer that often
decides whether a kernel bug is exploitable from the container.

## Example
```yaml file=compose.yaml
services:
  worker:
    image: example/worker:1.0
    security_opt:
      - seccomp:unconfined
```

## Use instead
```yaml file=compose.yaml
services:
  worker:
    image: example/worker:1.0
    security_opt:
      - seccomp:./seccomp.json
```

## Fix
Remove the option so the default profile applies. If the service then fails, find the
system call or access it lacks and write a profile that adds only that (start from
Docker's default seccomp profile), and name the file in `security_opt`.

## When it is acceptable
Debugging sessions, and tools that trace or sandbox other processes (they need
`ptrace` or `unshare`), on a host set apart for them.

## References
- [Docker: seccomp security profiles](https://docs.docker.com/engine/security/seccomp/)
- [Docker: AppArmor security profiles](https://docs.docker.com/engine/security/apparmor/)
- [Compose file reference: security_opt](https://docs.docker.com/reference/compose-file/services/#security_opt)
- CIS Docker Benchmark 5.1, 5.2, 5.21 (AppArmor, SELinux, the default seccomp profile)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスが隔離のプロファイルを無効にしている

## チェック内容
Compose サービスの `security_opt:` のうち、Docker がコンテナを閉じ込めるプロファイルを無効に
する項目を検出します。`seccomp:unconfined`、`apparmor:unconfined`、`label:disable`（SELinux）、
`systempaths=unconfined` で、`:` と `=` のどちらの書き方も対象です。

## なぜ危険か
これらのプロファイルは、侵害されたプロセスとカーネルの間にあります。Docker の既定の seccomp
プロファイルは、コンテナには不要で、多くのカーネルの脆弱性の悪用やコンテナエスケープが頼る
約 50 のシステムコールを塞ぎます。AppArmor と SELinux は、root で動くプロセスであっても、ホストの
ファイル、`/proc` や `/sys` の項目、マウント操作から遠ざけます。無効にすると、カーネルの不具合を
コンテナから悪用できるかどうかを左右することの多い層が 1 つなくなります。

## 問題のある例
```yaml file=compose.yaml
services:
  worker:
    image: example/worker:1.0
    security_opt:
      - seccomp:unconfined
```

## 代わりに
```yaml file=compose.yaml
services:
  worker:
    image: example/worker:1.0
    security_opt:
      - seccomp:./seccomp.json
```

## 修正方法
オプションを削除して既定のプロファイルを効かせます。それでサービスが失敗する場合は、足りない
システムコールやアクセスを調べ、それだけを加えたプロファイルを書いて（Docker の既定の seccomp
プロファイルから始めます）、そのファイルを `security_opt` で指定します。

## 許容される場合
デバッグ中や、ほかのプロセスをトレースしたりサンドボックスに入れたりするツール（`ptrace` や
`unshare` が必要）を、そのための専用ホストで動かす場合です。

## 参考資料
- [Docker: seccomp セキュリティプロファイル](https://docs.docker.com/engine/security/seccomp/)
- [Docker: AppArmor セキュリティプロファイル](https://docs.docker.com/engine/security/apparmor/)
- [Compose ファイルリファレンス: security_opt](https://docs.docker.com/reference/compose-file/services/#security_opt)
- CIS Docker Benchmark 5.1、5.2、5.21（AppArmor、SELinux、既定の seccomp プロファイル）
"#;
