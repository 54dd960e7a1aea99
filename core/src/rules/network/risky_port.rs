use crate::fix::Fix;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};

use super::{exposed_ports, remove_exposed, started_programs};

pub const RULE: Rule = Rule {
    code: "PL502",
    name: "expose-risky-port",
    section: Section::Network,
    severity: Severity::Medium,
    fix: FixAvailability::NeedsReview,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// A port an application image should not publish, and the images whose job it is.
struct RiskyPort {
    ports: (u32, u32),
    service: (&'static str, &'static str),
    why: (&'static str, &'static str),
    /// Words of base image names that are this server (`postgres`, `bitnami/redis`).
    images: &'static [&'static str],
    /// Server packages (see [`super::Installed::is_server`]).
    packages: &'static [&'static str],
    /// The server's programs, when the image starts them (`CMD ["postgres"]`).
    daemons: &'static [&'static str],
}

const ADMIN: (&str, &str) = (
    "a remote-administration service",
    "リモート管理用のサービス",
);
const DATA: (&str, &str) = (
    "a data store that belongs on a private network",
    "プライベートネットワークに置くべきデータストア",
);

const RISKY_PORTS: &[RiskyPort] = &[
    RiskyPort {
        ports: (21, 21),
        service: ("FTP", "FTP"),
        why: (
            "a plain-text file transfer service",
            "平文のファイル転送サービス",
        ),
        images: &["ftp"],
        packages: &["vsftpd", "proftpd", "pure-ftpd"],
        daemons: &["vsftpd", "proftpd", "pure-ftpd"],
    },
    RiskyPort {
        ports: (23, 23),
        service: ("Telnet", "Telnet"),
        why: ("a plain-text remote shell", "平文のリモートシェル"),
        images: &["telnet"],
        packages: &["telnetd", "telnet-server", "inetutils-telnetd"],
        daemons: &["telnetd", "in.telnetd"],
    },
    RiskyPort {
        ports: (2375, 2376),
        service: ("the Docker Engine API", "Docker Engine API"),
        why: (
            "an API that gives whoever reaches it root on the host",
            "到達できた人にホストの root 権限を与える API",
        ),
        images: &["docker", "dind"],
        packages: &[],
        daemons: &["dockerd", "dockerd-entrypoint.sh"],
    },
    RiskyPort {
        ports: (3389, 3389),
        service: ("RDP", "RDP"),
        why: ADMIN,
        images: &["xrdp", "rdp"],
        packages: &["xrdp"],
        daemons: &["xrdp"],
    },
    RiskyPort {
        ports: (5900, 5901),
        service: ("VNC", "VNC"),
        why: ADMIN,
        images: &["vnc"],
        packages: &[
            "tigervnc",
            "tigervnc-standalone-server",
            "x11vnc",
            "tightvncserver",
        ],
        daemons: &["x11vnc", "vncserver", "Xvnc"],
    },
    RiskyPort {
        ports: (5432, 5432),
        service: ("PostgreSQL", "PostgreSQL"),
        why: DATA,
        images: &["postgres", "postgis", "timescale"],
        packages: &["postgresql"],
        daemons: &["postgres"],
    },
    RiskyPort {
        ports: (3306, 3306),
        service: ("MySQL", "MySQL"),
        why: DATA,
        images: &["mysql", "mariadb", "percona"],
        packages: &["mysql", "mariadb", "default-mysql", "percona-server"],
        daemons: &["mysqld", "mariadbd"],
    },
    RiskyPort {
        ports: (1433, 1433),
        service: ("SQL Server", "SQL Server"),
        why: DATA,
        images: &["mssql", "sqlserver"],
        packages: &["mssql"],
        daemons: &["sqlservr"],
    },
    RiskyPort {
        ports: (1521, 1521),
        service: ("Oracle Database", "Oracle Database"),
        why: DATA,
        images: &["oracle"],
        packages: &["oracle-database"],
        daemons: &["oracle"],
    },
    RiskyPort {
        ports: (6379, 6379),
        service: ("Redis", "Redis"),
        why: DATA,
        images: &["redis", "valkey", "keydb"],
        packages: &["redis", "valkey"],
        daemons: &["redis-server", "valkey-server"],
    },
    RiskyPort {
        ports: (27017, 27017),
        service: ("MongoDB", "MongoDB"),
        why: DATA,
        images: &["mongo"],
        packages: &["mongodb", "mongodb-org"],
        daemons: &["mongod"],
    },
    RiskyPort {
        ports: (9200, 9200),
        service: ("Elasticsearch", "Elasticsearch"),
        why: DATA,
        images: &["elasticsearch", "opensearch"],
        packages: &["elasticsearch", "opensearch"],
        daemons: &["elasticsearch", "opensearch"],
    },
    RiskyPort {
        ports: (11211, 11211),
        service: ("Memcached", "Memcached"),
        why: DATA,
        images: &["memcached"],
        packages: &["memcached"],
        daemons: &["memcached"],
    },
    RiskyPort {
        ports: (5984, 5984),
        service: ("CouchDB", "CouchDB"),
        why: DATA,
        images: &["couchdb"],
        packages: &["couchdb"],
        daemons: &["couchdb"],
    },
];

fn check(context: &Context, out: &mut Diagnostics) {
    let ports = exposed_ports(context);
    if ports.is_empty() {
        return;
    }
    let installed = context.installed_packages();
    let started = started_programs(context);
    let base = context
        .model
        .final_stage
        .map(|last| context.model.root_base(last));
    let base_words: Vec<String> = match base {
        Some(Base::Image(image)) => image
            .repository
            .split('/')
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    };
    // Whether the image runs each risky service itself: decided once, not
    // per EXPOSE (both lists can be long).
    let runs_service: Vec<bool> = RISKY_PORTS
        .iter()
        .map(|risky| {
            let is_server_image = base_words
                .iter()
                .any(|word| risky.images.iter().any(|image| word.contains(image)));
            let installs_server = installed.iter().any(|package| {
                risky
                    .packages
                    .iter()
                    .any(|server| package.is_server(server))
            });
            let starts_server = started
                .iter()
                .any(|program| risky.daemons.contains(&program.as_str()));
            is_server_image || installs_server || starts_server
        })
        .collect();
    for port in ports {
        let (low, high) = port.ports;
        let risky: Vec<&RiskyPort> = RISKY_PORTS
            .iter()
            .zip(&runs_service)
            .filter(|(risky, &runs)| !runs && risky.ports.0 <= high && low <= risky.ports.1)
            .map(|(risky, _)| risky)
            .collect();
        let Some(first) = risky.first() else {
            continue;
        };
        let written = &port.word.text;
        let services_en: Vec<&str> = risky.iter().map(|risky| risky.service.0).collect();
        let services_ja: Vec<&str> = risky.iter().map(|risky| risky.service.1).collect();
        let message = crate::text!(
            format!("`EXPOSE {written}` publishes the port of {}, {}; expose only the application's own port", services_en.join(", "), first.why.0),
            format!("`EXPOSE {written}` は {} のポートを公開します。{}です。アプリケーション自身のポートだけを公開してください", services_ja.join("・"), first.why.1),
        );
        let diagnostic = out.report(port.word.span, message).with_fix(Fix::needs_review(
            crate::text!(
                format!("Remove `{written}` from EXPOSE; run that service in its own container, on a network that is not published."),
                format!("EXPOSE から `{written}` を削除します。そのサービスは公開しないネットワーク上の別のコンテナで動かします。"),
            ),
            vec![remove_exposed(context, &port)],
        ));
        if let Some(stage) = context.stage_of(port.instruction) {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# Risky port exposed

## What it checks
An `EXPOSE` in the final image of a port that belongs to a remote-administration service or
a data store: FTP (21), Telnet (23), the Docker Engine API (2375, 2376), RDP (3389), VNC
(5900, 5901), PostgreSQL (5432), MySQL (3306), SQL Server (1433), Oracle (1521), Redis
(6379), MongoDB (27017), Elasticsearch (9200), Memcached (11211) and CouchDB (5984).
Ranges that contain one of them count. SSH (22) is PL501.

It is not reported when the image *is* that server: when the final image is built on an
image such as `postgres`, `redis`, `mysql`, `mongo`, `mariadb`, `elasticsearch` or
`memcached`, when it installs the server package itself, or when its `CMD` or `ENTRYPOINT`
starts the server (`postgres`, `redis-server`, `mongod`, `mysqld`, `dockerd` ...). Exposing
its own port is that image's job.

## Why it is risky
An application image that exposes these ports either runs the service inside the same
container, or advertises a port that `docker run -P` and orchestrators will publish. Data
stores are meant for a private network: many ship without authentication by default
(Redis, Memcached, older MongoDB and Elasticsearch) and are scanned for on the internet
constantly. Telnet and FTP send passwords in plain text. The Docker Engine API on 2375 has
no authentication at all and gives whoever reaches it root on the host.

## Example
```dockerfile
FROM node:20-alpine
EXPOSE 3000
EXPOSE 22 5432 27017
```

## Use instead
```dockerfile
FROM node:20-alpine
EXPOSE 3000
```

## Fix
Remove the port from `EXPOSE` (the suggested edit does this). Run each data store in its own
container on a network that is not published (a Compose network, a Kubernetes `ClusterIP`
service), and connect the application to it by name.

## When it is acceptable
Images of the server itself built on a generic base, where this check cannot tell: suppress
it with the reason. Development images that bundle a database for local use only.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Docker docs: protect the Docker daemon socket](https://docs.docker.com/engine/security/protect-access/)
- [Docker docs: networking overview](https://docs.docker.com/engine/network/)
"#;

const DOCS_JA: &str = r#"
# 危険なポートを公開している

## チェック内容
最終イメージの `EXPOSE` のうち、リモート管理サービスやデータストアのポートを検出します。対象は
FTP（21）、Telnet（23）、Docker Engine API（2375・2376）、RDP（3389）、VNC（5900・5901）、
PostgreSQL（5432）、MySQL（3306）、SQL Server（1433）、Oracle（1521）、Redis（6379）、
MongoDB（27017）、Elasticsearch（9200）、Memcached（11211）、CouchDB（5984）です。これらを含む
範囲指定も対象です。SSH（22）は PL501 で扱います。

イメージ自体がそのサーバーである場合は報告しません。最終イメージが `postgres`・`redis`・`mysql`・
`mongo`・`mariadb`・`elasticsearch`・`memcached` などのイメージを元にしている場合、サーバーの
パッケージを自分でインストールしている場合、`CMD` や `ENTRYPOINT` がサーバー（`postgres`・
`redis-server`・`mongod`・`mysqld`・`dockerd` など）を起動する場合です。自分のポートを公開するのは
そのイメージの役目です。

## なぜ危険か
これらのポートを公開するアプリケーションイメージは、同じコンテナ内でそのサービスを動かしているか、
`docker run -P` やオーケストレーターが公開してしまうポートを宣言しています。データストアは
プライベートネットワークで使うものです。多くは既定で認証がなく（Redis・Memcached・古い MongoDB や
Elasticsearch）、インターネット上で常にスキャンされています。Telnet と FTP はパスワードを平文で
送ります。2375 番の Docker Engine API には認証がまったくなく、到達できた人にホストの root 権限を
与えます。

## 問題のある例
```dockerfile
FROM node:20-alpine
EXPOSE 3000
EXPOSE 22 5432 27017
```

## 代わりに
```dockerfile
FROM node:20-alpine
EXPOSE 3000
```

## 修正方法
`EXPOSE` からポートを削除します（提案する修正がこれを行います）。データストアはそれぞれ別の
コンテナで、公開しないネットワーク（Compose のネットワークや Kubernetes の `ClusterIP`
サービス）上で動かし、アプリケーションからは名前で接続します。

## 許容される場合
汎用のベースイメージから作ったサーバー自体のイメージで、このチェックが判別できない場合です。
理由を添えて抑制してください。ローカル専用にデータベースを同梱した開発用イメージも該当します。

## 参考資料
- [Dockerfile リファレンス: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Docker ドキュメント: Docker デーモンソケットの保護](https://docs.docker.com/engine/security/protect-access/)
- [Docker ドキュメント: ネットワークの概要](https://docs.docker.com/engine/network/)
"#;
