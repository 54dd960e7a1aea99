use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services, text_items};

pub const RULE: Rule = Rule {
    code: "PLC103",
    name: "compose-risky-capability",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Container Capabilities Unrestricted"),
        alias(Tool::Cis, "5.3"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// Capabilities that give the host away on their own: every capability,
/// the catch-all administration one, and loading kernel code.
const HOST_CAPABILITIES: &[&str] = &["ALL", "SYS_ADMIN", "SYS_MODULE"];

/// Capabilities outside Docker's default set that widen what a compromised
/// process reaches: other processes' memory, the network stack, raw I/O,
/// any file by handle, the clock, kernel tracing, security modules.
const RISKY_CAPABILITIES: &[&str] = &[
    "AUDIT_CONTROL",
    "BPF",
    "DAC_READ_SEARCH",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "NET_ADMIN",
    "PERFMON",
    "SYS_BOOT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_TIME",
    "SYSLOG",
];

/// `cap_add` items as Docker reads them: any case, with or without `CAP_`.
pub(crate) fn capability_name(item: &str) -> String {
    let upper = item.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(name) => name.to_string(),
        None => upper,
    }
}

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let name = label(service);
        for (item, text) in text_items(service.get("cap_add")) {
            let capability = capability_name(text);
            let host = HOST_CAPABILITIES.contains(&capability.as_str());
            if !host && !RISKY_CAPABILITIES.contains(&capability.as_str()) {
                continue;
            }
            let (en, ja) = if host {
                (
                    format!("service {name} adds `{capability}`, which lets root in the container take over the host (mount its disks, load kernel code); add only the narrow capabilities the service needs"),
                    format!("サービス {name} は `{capability}` を追加しています。コンテナ内の root がホストを乗っ取れます（ディスクのマウント、カーネルコードの読み込み）。サービスに必要な限定的な capability だけを追加してください"),
                )
            } else {
                (
                    format!("service {name} adds `{capability}`, outside Docker's default set: a compromised process gains it too; keep it only if the service needs it"),
                    format!("サービス {name} は Docker の既定にない `{capability}` を追加しています。侵害されたプロセスもこれを使えます。サービスに必要な場合だけ残してください"),
                )
            };
            let diagnostic = out
                .report(item.span(), crate::text!(en, ja))
                .about(service.name);
            if !host {
                diagnostic.rated(Severity::Medium);
            }
            diagnostic.with_fix(Fix::manual(crate::text!(
                "Remove the capability, start the service and see what fails; add back only the capability that operation needs (`NET_BIND_SERVICE` for low ports, `CHOWN` and `SETUID`/`SETGID` for an entrypoint that drops root).",
                "capability を削除してサービスを起動し、失敗する操作を調べます。その操作に必要な capability だけを戻してください（低いポートなら `NET_BIND_SERVICE`、root を手放すエントリーポイントなら `CHOWN` と `SETUID`/`SETGID`）。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service adds a risky capability

## What it checks
Capabilities in a Compose service's `cap_add:` beyond Docker's default set. `ALL`,
`SYS_ADMIN` and `SYS_MODULE` are rated high: each one alone lets root in the container
take over the host. Others that widen what a compromised process reaches (`NET_ADMIN`,
`SYS_PTRACE`, `DAC_READ_SEARCH`, `SYS_RAWIO`, `SYS_TIME`, `BPF`, `PERFMON`, `SYS_BOOT`,
`MAC_ADMIN` ...) are rated medium. Names are read as Docker reads them, in any case and
with or without `CAP_`. Adding back a capability of the default set after `cap_drop: [ALL]`
(`CHOWN`, `SETUID`, `NET_BIND_SERVICE` ...) is the recommended pattern and is not reported.

## Why it is risky
Capabilities split root's power into pieces; Docker gives containers a small set by
default. `SYS_ADMIN` is most of the rest: it allows mounting file systems, and with it the
well-known escapes through cgroups and the host's disks. `SYS_MODULE` loads code into the
host's kernel. `SYS_PTRACE` reads and changes the memory of other processes,
`DAC_READ_SEARCH` opens host files by handle (the "shocker" escape), `NET_ADMIN` rewrites
the network stack to sniff or redirect traffic.

## Example
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    cap_add:
      - SYS_ADMIN
```

## Use instead
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    cap_drop:
      - ALL
    cap_add:
      - NET_BIND_SERVICE
```

## Fix
Remove the capability, start the service and see which operation fails; add back only
what that operation needs. A FUSE mount needs `/dev/fuse` and a narrower profile more
often than `SYS_ADMIN`; a VPN needs `NET_ADMIN` and `/dev/net/tun`, in its own service.

## When it is acceptable
Network appliances (VPN, firewall, `NET_ADMIN`), debuggers and profilers (`SYS_PTRACE`,
`PERFMON`) and time servers (`SYS_TIME`), each in a service that does only that.

## References
- [Compose file reference: cap_add](https://docs.docker.com/reference/compose-file/services/#cap_add)
- [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
- CIS Docker Benchmark 5.3 (restrict Linux kernel capabilities within containers)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスが危険な capability を追加している

## チェック内容
Compose サービスの `cap_add:` のうち、Docker の既定の集合にない capability を検出します。
`ALL`、`SYS_ADMIN`、`SYS_MODULE` は高と評価します。どれか 1 つでコンテナ内の root がホストを
乗っ取れるからです。侵害されたプロセスの届く範囲を広げるもの（`NET_ADMIN`、`SYS_PTRACE`、
`DAC_READ_SEARCH`、`SYS_RAWIO`、`SYS_TIME`、`BPF`、`PERFMON`、`SYS_BOOT`、`MAC_ADMIN` など）は
中と評価します。名前は Docker と同じく大文字小文字を区別せず、`CAP_` の有無も問わずに読みます。
`cap_drop: [ALL]` の後で既定の集合の capability（`CHOWN`、`SETUID`、`NET_BIND_SERVICE` など）を
戻すのは推奨される書き方で、対象外です。

## なぜ危険か
capability は root の権限を分割したもので、Docker はコンテナに既定で小さな集合だけを与えます。
`SYS_ADMIN` は残りの大部分にあたり、ファイルシステムのマウントや、cgroup やホストのディスクを
使うよく知られたエスケープを可能にします。`SYS_MODULE` はホストのカーネルにコードを読み込みます。
`SYS_PTRACE` はほかのプロセスのメモリを読み書きし、`DAC_READ_SEARCH` はハンドルでホストの
ファイルを開け（「shocker」エスケープ）、`NET_ADMIN` はネットワークスタックを書き換えて通信を
盗聴したり転送したりできます。

## 問題のある例
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    cap_add:
      - SYS_ADMIN
```

## 代わりに
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    cap_drop:
      - ALL
    cap_add:
      - NET_BIND_SERVICE
```

## 修正方法
capability を削除してサービスを起動し、失敗する操作を調べて、その操作に必要なものだけを戻します。
FUSE のマウントには `SYS_ADMIN` より `/dev/fuse` と絞ったプロファイルで足りることが多く、VPN には
`NET_ADMIN` と `/dev/net/tun` を専用のサービスで与えます。

## 許容される場合
ネットワーク機器（VPN、ファイアウォールの `NET_ADMIN`）、デバッガーやプロファイラー
（`SYS_PTRACE`、`PERFMON`）、時刻サーバー（`SYS_TIME`）を、それだけを行うサービスで動かす場合です。

## 参考資料
- [Compose ファイルリファレンス: cap_add](https://docs.docker.com/reference/compose-file/services/#cap_add)
- [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
- CIS Docker Benchmark 5.3（コンテナ内の Linux カーネル capability を制限する）
"#;
