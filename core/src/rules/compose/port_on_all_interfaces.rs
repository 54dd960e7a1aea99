use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{colon_parts, label, services, with_defaults};

pub const RULE: Rule = Rule {
    code: "PLC501",
    name: "compose-port-on-all-interfaces",
    section: Section::Network,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Kics, "Container Traffic Not Bound To Host Interface"),
        alias(Tool::Cis, "5.13"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// Ports of data stores, message brokers and remote administration: on
/// every interface they are an open door, not a service.
const BACKEND_PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2375, "the Docker API"),
    (2376, "the Docker API"),
    (2379, "etcd"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (5672, "RabbitMQ"),
    (5984, "CouchDB"),
    (6379, "Redis"),
    (8086, "InfluxDB"),
    (9042, "Cassandra"),
    (9200, "Elasticsearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

/// One published port in the short syntax: whether it names a host
/// address, and its host and container parts.
struct ShortPort<'a> {
    bound: bool,
    host_port: Option<&'a str>,
    container: &'a str,
}

/// Splits `[IP:][HOST:]CONTAINER[/PROTOCOL]` at the colons that are not in
/// `${...}` or `[...]` (an IPv6 address).
fn parse_short(text: &str) -> ShortPort<'_> {
    let text = text.split('/').next().unwrap_or(text);
    let parts = colon_parts(text);
    let container = parts.last().copied().unwrap_or("");
    match parts.as_slice() {
        [ip, host, _] => ShortPort {
            bound: !ip.is_empty() && !matches!(*ip, "0.0.0.0" | "[::]" | "::"),
            host_port: Some(host),
            container,
        },
        [host, _] => ShortPort {
            bound: false,
            host_port: Some(host),
            container,
        },
        _ => ShortPort {
            bound: false,
            host_port: None,
            container,
        },
    }
}

fn backend(container: &str) -> Option<&'static str> {
    let first: u32 = container.split('-').next()?.trim().parse().ok()?;
    BACKEND_PORTS
        .iter()
        .find(|(port, _)| *port == first)
        .map(|(_, what)| *what)
}

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let Some(ports) = service.get("ports") else {
            continue;
        };
        let name = label(service);
        for port in ports.items() {
            let (bound, container, host_port) = if port.is_mapping() {
                let host_ip = port.get("host_ip").and_then(|ip| ip.as_str());
                if port.get("published").is_none() && port.get("target").is_none() {
                    continue;
                }
                (
                    host_ip.is_some_and(|ip| !matches!(ip, "0.0.0.0" | "::")),
                    port.get("target")
                        .and_then(|target| target.as_str())
                        .unwrap_or(""),
                    None,
                )
            } else {
                let Some(text) = port.as_str() else {
                    continue;
                };
                let resolved = with_defaults(text);
                let short = parse_short(&resolved);
                let web_entry = matches!(
                    (short.host_port, short.container),
                    (Some("80"), "80") | (Some("443"), "443")
                );
                if short.bound || web_entry {
                    continue;
                }
                let short = parse_short(text);
                (short.bound, short.container, short.host_port)
            };
            if bound {
                continue;
            }
            let backend = backend(container);
            let (en, ja) = match backend {
                Some(what) => (
                    format!("service {name} publishes {what} (`{container}`) on every network interface of the host; bind it to `127.0.0.1`, or reach it over a Compose network without publishing it"),
                    format!("サービス {name} は {what}（`{container}`）をホストのすべてのネットワークインターフェースに公開しています。`127.0.0.1` に限定するか、公開せずに Compose のネットワーク経由で接続してください"),
                ),
                None => (
                    format!("service {name} publishes port `{container}` on every network interface of the host; bind it to `127.0.0.1` unless other machines must reach it"),
                    format!("サービス {name} はポート `{container}` をホストのすべてのネットワークインターフェースに公開しています。ほかのマシンから接続する必要がなければ `127.0.0.1` に限定してください"),
                ),
            };
            let diagnostic = out
                .report(port.span(), crate::text!(en, ja))
                .about(service.name);
            if backend.is_some() {
                diagnostic.rated(Severity::Medium);
            }
            let description = crate::text!(
                "Prefix the published port with `127.0.0.1:` so only this host reaches it (a reverse proxy in front publishes what the outside needs).",
                "公開ポートの前に `127.0.0.1:` を付け、このホストからだけ接続できるようにします（外部に必要なものは前段のリバースプロキシが公開します）。",
            );
            let quoted = context
                .source
                .get(port.span().start as usize..)
                .is_some_and(|rest| rest.starts_with(['"', '\'']));
            let at = port.span().start + u32::from(quoted);
            diagnostic.with_fix(match host_port {
                Some(_) => Fix::needs_review(description, vec![Edit::insert(at, "127.0.0.1:")]),
                None => Fix::manual(description),
            });
        }
    }
}

const DOCS_EN: &str = r#"
# Compose port published on every interface

## What it checks
A port in a Compose service's `ports:` without a host address: `"8080:80"`, `"80"`, or the
long syntax without `host_ip`. Docker then listens on every interface of the host,
`0.0.0.0` and `::`. A variable's default counts (`"${DB_PORT:-127.0.0.1:5432}:5432"` is
bound to the loopback address), and the standard web ports published as themselves
(`"80:80"`, `"443:443"`), a public entry point by intent, are not reported. Ports of data stores, brokers and remote administration (PostgreSQL,
MySQL, Redis, MongoDB, Elasticsearch, SSH, the Docker API ...) are rated medium.

## Why it is risky
A published port is reachable from every network the host is on, and Docker writes its
own firewall rules ahead of the host's (ufw and firewalld rules do not stop it). Databases
published "for local debugging" are one of the most common ways data leaks: scanners find
an open Redis or Elasticsearch within minutes.

## Example
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    ports:
      - "5432:5432"
```

## Use instead
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    ports:
      - "127.0.0.1:5432:5432"
```

## Fix
Prefix the port with `127.0.0.1:` (the fix does so when a host port is written). Services
that only other containers use need no published port at all: they reach each other by
service name on the Compose network. Put a reverse proxy in front of what the outside must
reach.

## When it is acceptable
The one port of a public service (the reverse proxy's `80` and `443`), on a host whose
firewall is meant to be Docker's.

## References
- [Compose file reference: ports](https://docs.docker.com/reference/compose-file/services/#ports)
- [Docker: packet filtering and firewalls](https://docs.docker.com/engine/network/packet-filtering-firewalls/)
- CIS Docker Benchmark 5.13 (bind incoming container traffic to a specific host interface)
"#;

const DOCS_JA: &str = r#"
# Compose のポートをすべてのインターフェースに公開している

## チェック内容
Compose サービスの `ports:` のうち、ホストのアドレスを指定していないもの（`"8080:80"`、`"80"`、
`host_ip` のない長い書き方）を検出します。Docker はホストのすべてのインターフェース（`0.0.0.0` と
`::`）で待ち受けます。変数の既定値も考慮し（`"${DB_PORT:-127.0.0.1:5432}:5432"` はループバック
アドレスに限定されています）、意図して公開する入口である標準の Web ポートをそのまま公開するもの
（`"80:80"`、`"443:443"`）は対象外です。データストア・メッセージブローカー・リモート管理のポート（PostgreSQL、
MySQL、Redis、MongoDB、Elasticsearch、SSH、Docker API など）は中と評価します。

## なぜ危険か
公開したポートは、ホストがつながるすべてのネットワークから届きます。しかも Docker はホストの
ファイアウォールより先に独自のルールを書き込むため、ufw や firewalld のルールでは止まりません。
「ローカルでのデバッグ用」に公開したデータベースはデータ漏えいの典型的な原因で、開いた Redis や
Elasticsearch はスキャナーに数分で見つかります。

## 問題のある例
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    ports:
      - "5432:5432"
```

## 代わりに
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    ports:
      - "127.0.0.1:5432:5432"
```

## 修正方法
ポートの前に `127.0.0.1:` を付けます（ホスト側のポートが書かれていれば修正が付けます）。
ほかのコンテナからしか使わないサービスは公開自体が不要で、Compose のネットワーク上でサービス名で
接続できます。外部から届く必要があるものはリバースプロキシを前に置きます。

## 許容される場合
公開サービスの唯一のポート（リバースプロキシの `80` と `443`）で、そのホストのファイアウォールを
Docker に任せるつもりの場合です。

## 参考資料
- [Compose ファイルリファレンス: ports](https://docs.docker.com/reference/compose-file/services/#ports)
- [Docker: パケットフィルタリングとファイアウォール](https://docs.docker.com/engine/network/packet-filtering-firewalls/)
- CIS Docker Benchmark 5.13（コンテナへの着信トラフィックを特定のホストインターフェースに限定する）
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_syntax_and_variable_defaults() {
        let bound = |text: &str| parse_short(&with_defaults(text)).bound;
        assert!(bound("127.0.0.1:5432:5432"));
        assert!(bound("[::1]:6000:6000"));
        assert!(bound("${SQL_PORT:-127.0.0.1:13306}:3306"));
        assert!(!bound("${SMTP_PORT:-25}:25"));
        assert!(!bound("0.0.0.0:9200:9200"));
        assert!(!bound("8080:80/tcp"));
        assert!(!bound("80"));
        let port = parse_short("${WEB_PORT}:3000");
        assert_eq!(
            (port.host_port, port.container),
            (Some("${WEB_PORT}"), "3000")
        );
        assert_eq!(with_defaults("${A:-x}-${B}-${C-y}"), "x-${B}-y");
    }
}
