use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services};

pub const RULE: Rule = Rule {
    code: "PLC001",
    name: "compose-no-memory-limit",
    section: Section::Runtime,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Memory Not Limited"),
        alias(Tool::Cis, "5.10"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let limits = service.service.path(&["deploy", "resources", "limits"]);
        let limit = |short: &str, long: &str| {
            service.get(short).is_some() || limits.is_some_and(|limits| limits.get(long).is_some())
        };
        if limit("mem_limit", "memory") {
            continue;
        }
        let mut missing = vec!["memory"];
        if !limit("cpus", "cpus") {
            missing.push("CPU");
        }
        if !limit("pids_limit", "pids") {
            missing.push("process");
        }
        let name = label(service);
        let (en_missing, ja_missing) = match missing.len() {
            1 => ("a memory limit", "メモリの上限"),
            2 if missing[1] == "CPU" => ("memory or CPU limits", "メモリと CPU の上限"),
            2 => ("memory or process limits", "メモリとプロセス数の上限"),
            _ => (
                "memory, CPU or process limits",
                "メモリ・CPU・プロセス数の上限",
            ),
        };
        out.report(
            service.key.span(),
            crate::text!(
                format!("service {name} has no {en_missing}: one runaway or attacked container can take the whole host's memory; set `deploy.resources.limits` (`memory`, `cpus`, `pids`)"),
                format!("サービス {name} には{ja_missing}がありません。暴走したり攻撃されたりしたコンテナ 1 つがホスト全体のメモリを使い切れます。`deploy.resources.limits`（`memory`、`cpus`、`pids`）を設定してください"),
            ),
        )
        .about(service.name)
        .with_fix(Fix::manual(crate::text!(
            "Measure the service's normal use (`docker stats`) and set `deploy.resources.limits` with headroom: `memory: 512M`, `cpus: \"1\"`, `pids: 200`.",
            "サービスの通常の使用量を測り（`docker stats`）、余裕を持たせて `deploy.resources.limits` を設定します（`memory: 512M`、`cpus: \"1\"`、`pids: 200`）。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Compose service without a memory limit

## What it checks
A Compose service with no memory limit: neither `mem_limit` nor
`deploy.resources.limits.memory`. The message also says whether CPU (`cpus`) and process
(`pids`) limits are missing. Both forms count: Compose applies `deploy.resources.limits`
without Swarm.

## Why it is risky
Without limits a container may use all of the host's memory, CPU and process table. A
memory leak, a request flood or a fork bomb in one service then takes down every other
service on the host, and the kernel's out-of-memory killer picks its victims among them.

## Example
```yaml file=compose.yaml
services:
  web:
    build: .
```

## Use instead
```yaml file=compose.yaml
services:
  web:
    build: .
    deploy:
      resources:
        limits:
          cpus: "1"
          memory: 512M
          pids: 200
```

## Fix
Measure the service under normal load (`docker stats`) and set limits with headroom in
`deploy.resources.limits`, or `mem_limit`, `cpus` and `pids_limit` on the service.

## When it is acceptable
Local development files, and hosts that run a single service where the limit would be the
host itself.

## References
- [Compose deploy specification: resources](https://docs.docker.com/reference/compose-file/deploy/#resources)
- CIS Docker Benchmark 5.10 (limit memory usage for the container)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスにメモリの上限がない

## チェック内容
メモリの上限（`mem_limit` も `deploy.resources.limits.memory` も）がない Compose サービスを
検出します。CPU（`cpus`）とプロセス数（`pids`）の上限がないかどうかもメッセージで示します。
どちらの書き方も数えます。Compose は Swarm がなくても `deploy.resources.limits` を適用します。

## なぜ危険か
上限がないと、コンテナはホストのメモリ・CPU・プロセステーブルをすべて使えます。1 つのサービスの
メモリリーク、大量のリクエスト、fork 爆弾がホスト上のほかのサービスをすべて止め、カーネルの
OOM キラーはその中から停止させるプロセスを選びます。

## 問題のある例
```yaml file=compose.yaml
services:
  web:
    build: .
```

## 代わりに
```yaml file=compose.yaml
services:
  web:
    build: .
    deploy:
      resources:
        limits:
          cpus: "1"
          memory: 512M
          pids: 200
```

## 修正方法
通常の負荷でサービスの使用量を測り（`docker stats`）、余裕を持たせて `deploy.resources.limits`
か、サービスの `mem_limit`・`cpus`・`pids_limit` で上限を設定します。

## 許容される場合
ローカル開発用のファイルや、1 つのサービスだけを動かし、ホストそのものが上限になる場合です。

## 参考資料
- [Compose deploy 仕様: resources](https://docs.docker.com/reference/compose-file/deploy/#resources)
- CIS Docker Benchmark 5.10（コンテナのメモリ使用量を制限する）
"#;
