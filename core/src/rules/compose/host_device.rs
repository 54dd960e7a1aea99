use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services};

pub const RULE: Rule = Rule {
    code: "PLC108",
    name: "compose-host-device",
    section: Section::User,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Cis, "5.17")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let name = label(service);
        let Some(devices) = service.get("devices") else {
            continue;
        };
        for device in devices.items() {
            let path = device
                .as_str()
                .map(|text| text.split(':').next().unwrap_or(text).to_string())
                .or_else(|| {
                    device
                        .get("source")
                        .and_then(|source| source.as_str())
                        .map(str::to_string)
                })
                .unwrap_or_default();
            out.report(
                device.span(),
                crate::text!(
                    format!("service {name} gets the host device `{path}`: its processes talk to the host's driver directly, past the container's isolation; keep it only if the service needs the hardware, and give the device read-only access (`:r`) where it can"),
                    format!("サービス {name} はホストのデバイス `{path}` を受け取っています。そのプロセスはコンテナの隔離を越えてホストのドライバーと直接やり取りします。サービスがそのハードウェアを必要とする場合だけ残し、できれば読み取り専用（`:r`）で与えてください"),
                ),
            )
            .about(service.name)
            .with_fix(Fix::manual(crate::text!(
                "Remove devices the service does not use; for the others, pass the one device node it needs (not a whole directory such as `/dev/bus/usb`) with the narrowest permissions (`/dev/video0:/dev/video0:r`).",
                "サービスが使わないデバイスを削除します。使うものは必要なデバイスノード 1 つだけを（`/dev/bus/usb` のようなディレクトリ全体ではなく）、最小の権限で渡します（`/dev/video0:/dev/video0:r`）。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service gets a host device

## What it checks
Each entry of a Compose service's `devices:`, in the short (`/dev/kvm:/dev/kvm`) and long
syntax.

## Why it is risky
A device node is a direct line to a driver in the host's kernel, outside the file system
and network isolation of the container. Drivers are large, often old code, and a bug in
one is a bug in the kernel. Some devices are worse by design: a disk (`/dev/sda`) can be
read and written under the host's file system, `/dev/mem` and `/dev/kmsg` reach kernel
memory and logs, `/dev/kvm` and GPUs run code the host schedules.

## Example
```yaml file=compose.yaml
services:
  backup:
    image: example/backup:1.0
    devices:
      - /dev/sda:/dev/sda
```

## Use instead
```yaml file=compose.yaml
services:
  backup:
    image: example/backup:1.0
    volumes:
      - /srv/data:/data:ro
```

## Fix
Remove devices the service does not use. Pass each device it needs on its own, not a
directory of them, with the narrowest permissions (`:r` for read-only, `:rw` without `m`
so it cannot create device nodes).

## When it is acceptable
Services whose purpose is the hardware: virtual machines (`/dev/kvm`), GPU work,
cameras, serial and USB adapters, VPNs (`/dev/net/tun`). The finding is then a reminder
that the service is part of the host's attack surface.

## References
- [Compose file reference: devices](https://docs.docker.com/reference/compose-file/services/#devices)
- CIS Docker Benchmark 5.17 (do not expose host devices directly to containers)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスがホストのデバイスを受け取っている

## チェック内容
Compose サービスの `devices:` の各項目を、短い書き方（`/dev/kvm:/dev/kvm`）と長い書き方の
両方で検出します。

## なぜ危険か
デバイスノードはホストのカーネル内のドライバーへの直通の経路で、コンテナのファイルシステムや
ネットワークの隔離の外にあります。ドライバーは大きく古いコードであることが多く、その不具合は
カーネルの不具合です。そもそも危険なデバイスもあります。ディスク（`/dev/sda`）はホストの
ファイルシステムの下で読み書きでき、`/dev/mem` や `/dev/kmsg` はカーネルのメモリやログに届き、
`/dev/kvm` や GPU はホストがスケジュールするコードを実行します。

## 問題のある例
```yaml file=compose.yaml
services:
  backup:
    image: example/backup:1.0
    devices:
      - /dev/sda:/dev/sda
```

## 代わりに
```yaml file=compose.yaml
services:
  backup:
    image: example/backup:1.0
    volumes:
      - /srv/data:/data:ro
```

## 修正方法
サービスが使わないデバイスを削除します。必要なデバイスはディレクトリごとではなく 1 つずつ、
最小の権限で渡します（読み取り専用なら `:r`、デバイスノードを作らせないなら `m` を付けない
`:rw`）。

## 許容される場合
ハードウェアを使うことが目的のサービスです。仮想マシン（`/dev/kvm`）、GPU の処理、カメラ、
シリアルや USB のアダプター、VPN（`/dev/net/tun`）などです。その場合の検出は、そのサービスが
ホストの攻撃対象の一部であることを思い出させるものです。

## 参考資料
- [Compose ファイルリファレンス: devices](https://docs.docker.com/reference/compose-file/services/#devices)
- CIS Docker Benchmark 5.17（ホストのデバイスをコンテナに直接渡さない）
"#;
