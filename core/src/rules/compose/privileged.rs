use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services};

pub const RULE: Rule = Rule {
    code: "PLC102",
    name: "compose-privileged",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Privileged Containers Enabled"),
        alias(Tool::Semgrep, "privileged-service"),
        alias(Tool::Cis, "5.4"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let Some(value) = service.get("privileged") else {
            continue;
        };
        if value.as_bool() != Some(true) {
            continue;
        }
        let name = label(service);
        out.report(
            value.span(),
            crate::text!(
                format!("service {name} runs privileged: it gets every capability and every host device, without seccomp or AppArmor, and root in it is root on the host; remove `privileged: true` and add only the capabilities or devices it needs"),
                format!("サービス {name} は特権モードで動きます。すべての capability とホストのすべてのデバイスを持ち、seccomp も AppArmor も効かず、その中の root はホストの root と同じです。`privileged: true` を削除し、必要な capability やデバイスだけを追加してください"),
            ),
        )
        .about(service.name)
        .with_fix(Fix::manual(crate::text!(
            "Remove `privileged: true`; find what the service needs (a device: `devices:`, a capability: `cap_add:`, a kernel setting: `sysctls:`) and grant only that.",
            "`privileged: true` を削除し、サービスに必要なもの（デバイスなら `devices:`、capability なら `cap_add:`、カーネルの設定なら `sysctls:`）だけを与えます。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Compose service runs privileged

## What it checks
A Compose service with `privileged: true` (also written `yes`, `on` or `"true"`).

## Why it is risky
A privileged container gets every Linux capability, every device of the host under
`/dev`, a writable `/sys`, and runs without the seccomp and AppArmor or SELinux profiles
that confine ordinary containers. Root in such a container can mount the host's disks,
load kernel modules and change the host's kernel settings: leaving the container takes a
single command, no exploit. Any bug in the service that lets an attacker run a command
hands over the host.

## Example
```yaml file=compose.yaml
services:
  agent:
    image: example/agent:1.4
    privileged: true
```

## Use instead
```yaml file=compose.yaml
services:
  agent:
    image: example/agent:1.4
    cap_add:
      - NET_ADMIN
    devices:
      - /dev/net/tun
```

## Fix
Remove `privileged: true` and find out what the service actually needs: usually one
device (`devices:`), one or two capabilities (`cap_add:`) or a kernel setting
(`sysctls:`). Grant only that. Docker-in-Docker for CI is better served by rootless
Docker, Sysbox, or a build service such as BuildKit.

## When it is acceptable
Tools that exist to manage the host (some monitoring, storage and network agents) and
Docker-in-Docker on a machine dedicated to it, when they are reviewed as host-level
software.

## References
- [Compose file reference: privileged](https://docs.docker.com/reference/compose-file/services/#privileged)
- [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- CIS Docker Benchmark 5.4 (do not use privileged containers)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスが特権モードで動く

## チェック内容
`privileged: true`（`yes`、`on`、`"true"` も含む）を指定した Compose サービスを検出します。

## なぜ危険か
特権コンテナは Linux のすべての capability、`/dev` 以下のホストのすべてのデバイス、書き込み
可能な `/sys` を持ち、通常のコンテナを閉じ込める seccomp や AppArmor・SELinux のプロファイルも
効きません。その中の root はホストのディスクをマウントし、カーネルモジュールを読み込み、
ホストのカーネル設定を変えられます。コンテナから抜け出すのに脆弱性は不要で、コマンド 1 つで
済みます。攻撃者にコマンドを実行させてしまうサービスの不具合が 1 つあれば、ホストを奪われます。

## 問題のある例
```yaml file=compose.yaml
services:
  agent:
    image: example/agent:1.4
    privileged: true
```

## 代わりに
```yaml file=compose.yaml
services:
  agent:
    image: example/agent:1.4
    cap_add:
      - NET_ADMIN
    devices:
      - /dev/net/tun
```

## 修正方法
`privileged: true` を削除し、サービスが実際に必要とするものを調べます。多くはデバイス 1 つ
（`devices:`）、capability 1〜2 個（`cap_add:`）、カーネルの設定（`sysctls:`）のどれかです。
それだけを与えてください。CI の Docker-in-Docker には rootless Docker、Sysbox、BuildKit の
ようなビルドサービスの方が適しています。

## 許容される場合
ホストを管理するためのツール（一部の監視・ストレージ・ネットワークのエージェント）や、専用
マシン上の Docker-in-Docker で、ホストレベルのソフトウェアとしてレビューしている場合です。

## 参考資料
- [Compose ファイルリファレンス: privileged](https://docs.docker.com/reference/compose-file/services/#privileged)
- [Docker: 実行時の特権と Linux capability](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- CIS Docker Benchmark 5.4（特権コンテナを使わない）
"#;
