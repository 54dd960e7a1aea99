use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services, whole_line};

pub const RULE: Rule = Rule {
    code: "PLC107",
    name: "compose-host-namespace",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Kics, "Host Namespace is Shared"),
        alias(Tool::Kics, "Shared Host IPC Namespace"),
        alias(Tool::Kics, "Shared Host Network Namespace"),
        alias(Tool::Kics, "Shared Host User Namespace"),
        alias(Tool::Cis, "5.9"),
        alias(Tool::Cis, "5.15"),
        alias(Tool::Cis, "5.16"),
        alias(Tool::Cis, "5.20"),
        alias(Tool::Cis, "5.30"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// Each key that can share a host namespace, what sharing it exposes, and
/// the rating.
const NAMESPACES: &[(&str, &str, &str, Severity)] = &[
    (
        "pid",
        "every process of the host (to signal, and with `SYS_PTRACE` to read and change)",
        "ホストのすべてのプロセス（シグナルを送れ、`SYS_PTRACE` があれば読み書きもできます）",
        Severity::High,
    ),
    (
        "network_mode",
        "the host's network stack (the services the host keeps on `127.0.0.1`, and every interface without Docker's port mapping)",
        "ホストのネットワークスタック（ホストの `127.0.0.1` で待ち受けるサービスや、Docker のポート割り当てを通らないすべてのインターフェース）",
        Severity::Medium,
    ),
    (
        "ipc",
        "the host's shared memory and message queues",
        "ホストの共有メモリとメッセージキュー",
        Severity::Medium,
    ),
    (
        "userns_mode",
        "the host's user IDs (the daemon's user-namespace remapping is off, so root in the container is root on the host)",
        "ホストのユーザー ID（デーモンのユーザー名前空間の再割り当てが無効になり、コンテナ内の root がホストの root になります）",
        Severity::Medium,
    ),
    (
        "uts",
        "the host's host name",
        "ホストのホスト名",
        Severity::Low,
    ),
];

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let name = label(service);
        for &(key_name, en_what, ja_what, severity) in NAMESPACES {
            let Some((key, value)) = service.service.entry(key_name) else {
                continue;
            };
            if !value
                .as_str()
                .is_some_and(|text| text.trim().eq_ignore_ascii_case("host"))
            {
                continue;
            }
            let diagnostic = out
                .report(
                    value.span(),
                    crate::text!(
                        format!("service {name} shares the host's namespace (`{key_name}: host`) and sees {en_what}; remove it unless the service exists to watch or manage the host"),
                        format!("サービス {name} はホストの名前空間を共有しています（`{key_name}: host`）、{ja_what}が見えます。ホストを監視・管理するためのサービスでなければ削除してください"),
                    ),
                )
                .about(service.name)
                .rated(severity);
            let own = service.service.span();
            let in_service = own.start <= key.span().start && key.span().end <= own.end;
            let description = crate::text!(
                "Remove the key so the container gets its own namespace; publish ports with `ports:` instead of the host's network, and share a namespace with one other service (`service:name`) when two must meet.",
                "キーを削除してコンテナに専用の名前空間を持たせます。ホストのネットワークの代わりに `ports:` でポートを公開し、2 つのサービスが共有する必要があるならほかのサービスの名前空間（`service:name`）を使います。",
            );
            diagnostic.with_fix(if in_service {
                Fix::needs_review(
                    description,
                    vec![Edit::replace(whole_line(context.source, key.span()), "")],
                )
            } else {
                Fix::manual(description)
            });
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service shares a host namespace

## What it checks
A Compose service that joins one of the host's namespaces: `pid: host` (rated high),
`network_mode: host`, `ipc: host`, `userns_mode: host` (medium) and `uts: host` (low).
Sharing another service's namespace (`network_mode: service:vpn`, `pid: service:app`)
keeps the containers apart from the host and is not reported.

## Why it is risky
Namespaces are what makes a container a container: its own processes, network, shared
memory and user IDs. Joining the host's removes that wall. With the host's PID namespace
the container sees every process of the host, can signal them, and with `SYS_PTRACE`
can read their memory and secrets; the host network exposes services the host keeps on
`127.0.0.1` (databases, the cloud metadata proxy, admin consoles) and lets the container
listen on any interface; the host IPC namespace reads other programs' shared memory; the
host user namespace turns off user-namespace remapping, so root inside is root outside.

## Example
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    pid: host
    network_mode: host
```

## Use instead
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    ports:
      - "127.0.0.1:8080:8080"
```

## Fix
Remove the key (the fix deletes its line; review that nothing depends on it). Publish
the ports the service serves with `ports:`; when two services must share a namespace,
join one to the other (`network_mode: service:vpn`) instead of the host.

## When it is acceptable
Agents that exist to watch or manage the host (node exporters, `glances`, network
appliances, some VPN and DHCP servers), reviewed as host-level software.

## References
- [Compose file reference: network_mode, pid, ipc, userns_mode](https://docs.docker.com/reference/compose-file/services/#network_mode)
- CIS Docker Benchmark 5.9, 5.15, 5.16, 5.20, 5.30 (do not share the host's network, process, IPC, UTS and user namespaces)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスがホストの名前空間を共有している

## チェック内容
ホストの名前空間に参加する Compose サービスを検出します。`pid: host`（高）、`network_mode: host`、
`ipc: host`、`userns_mode: host`（中）、`uts: host`（低）です。ほかのサービスの名前空間の共有
（`network_mode: service:vpn`、`pid: service:app`）はコンテナをホストから隔てたままなので対象外です。

## なぜ危険か
名前空間こそがコンテナをコンテナにしているもので、専用のプロセス・ネットワーク・共有メモリ・
ユーザー ID を与えます。ホストの名前空間に参加するとこの壁がなくなります。ホストの PID 名前空間
ではホストのすべてのプロセスが見え、シグナルを送れ、`SYS_PTRACE` があればメモリや秘密情報を
読めます。ホストのネットワークでは、ホストが `127.0.0.1` に置いているサービス（データベース、
クラウドのメタデータプロキシ、管理画面）に届き、どのインターフェースでも待ち受けられます。
ホストの IPC 名前空間ではほかのプログラムの共有メモリを読め、ホストのユーザー名前空間では
ユーザー名前空間の再割り当てが無効になり、内側の root が外側でも root になります。

## 問題のある例
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    pid: host
    network_mode: host
```

## 代わりに
```yaml file=compose.yaml
services:
  app:
    image: example/app:2.1
    ports:
      - "127.0.0.1:8080:8080"
```

## 修正方法
キーを削除します（修正はその行を削除します。依存しているものがないか確認してください）。
サービスが提供するポートは `ports:` で公開し、2 つのサービスで名前空間を共有する必要があるなら、
ホストではなく一方に参加させます（`network_mode: service:vpn`）。

## 許容される場合
ホストを監視・管理するためのエージェント（node exporter、`glances`、ネットワーク機器、一部の
VPN や DHCP サーバー）で、ホストレベルのソフトウェアとしてレビューしている場合です。

## 参考資料
- [Compose ファイルリファレンス: network_mode、pid、ipc、userns_mode](https://docs.docker.com/reference/compose-file/services/#network_mode)
- CIS Docker Benchmark 5.9、5.15、5.16、5.20、5.30（ホストのネットワーク・プロセス・IPC・UTS・ユーザーの名前空間を共有しない）
"#;
