use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::risky_capability::capability_name;
use super::{add_item, edit_or_advice, insert_keys, label, services, text_items};

pub const RULE: Rule = Rule {
    code: "PLC104",
    name: "compose-capabilities-not-dropped",
    section: Section::User,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Kics, "Container Capabilities Unrestricted"),
        alias(Tool::Cis, "5.3"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let cap_drop = service.service.entry("cap_drop");
        let drops_all = text_items(cap_drop.map(|(_, list)| list))
            .iter()
            .any(|(_, item)| capability_name(item) == "ALL");
        if drops_all {
            continue;
        }
        let name = label(service);
        let span = cap_drop.map_or(service.key.span(), |(key, _)| key.span());
        let diagnostic = out
            .report(
                span,
                crate::text!(
                    format!("service {name} keeps Docker's default capabilities (`CHOWN`, `DAC_OVERRIDE`, `SETUID`, `NET_RAW` ...); add `cap_drop: [ALL]` and add back only what it needs"),
                    format!("サービス {name} は Docker の既定の capability（`CHOWN`、`DAC_OVERRIDE`、`SETUID`、`NET_RAW` など）を持ったままです。`cap_drop: [ALL]` を追加し、必要なものだけを戻してください"),
                ),
            )
            .about(service.name);
        let edit = match cap_drop {
            Some((_, list)) => add_item(context.source, service, list, "ALL"),
            None => insert_keys(context.source, service, &["cap_drop:", "  - ALL"]),
        };
        let description = crate::text!(
            "Add `cap_drop: [ALL]`; start the service and add back with `cap_add:` only the capabilities it fails without (`CHOWN`, `SETUID`/`SETGID` for an entrypoint that switches users, `NET_BIND_SERVICE` for ports below 1024).",
            "`cap_drop: [ALL]` を追加します。サービスを起動し、ないと失敗する capability だけを `cap_add:` で戻します（ユーザーを切り替えるエントリーポイントなら `CHOWN` と `SETUID`/`SETGID`、1024 未満のポートなら `NET_BIND_SERVICE`）。",
        );
        diagnostic.with_fix(edit_or_advice(description, edit, Fix::needs_review));
    }
}

const DOCS_EN: &str = r#"
# Compose service keeps the default capabilities

## What it checks
A Compose service without `ALL` in `cap_drop:`. Its containers keep the capabilities
Docker grants by default: `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `SETGID`,
`SETUID`, `SETPCAP`, `SETFCAP`, `NET_BIND_SERVICE`, `NET_RAW`, `SYS_CHROOT`, `MKNOD` and
`AUDIT_WRITE`.

## Why it is risky
Most services need none of these once they run: they serve on a port above 1024 as a
fixed user. Left in place, they serve whoever takes over the process: `DAC_OVERRIDE`
ignores file permissions, `SETUID` switches to any user, `NET_RAW` forges packets on the
container network (ARP and DNS spoofing of neighbours), `MKNOD` creates device nodes.
Dropping them all is cheap hardening that turns many exploits into dead ends.

## Example
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
```

## Use instead
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    cap_drop:
      - ALL
```

## Fix
Add `cap_drop: [ALL]` (the fix inserts it, or adds `ALL` to an existing `cap_drop:`
list), start the service, and add back with `cap_add:` only what it fails without. Images
whose entrypoint starts as root and switches users (official database images) need
`CHOWN`, `SETUID`, `SETGID` and often `DAC_OVERRIDE` or `FOWNER`. Review the fix by
running the service.

## When it is acceptable
Services that need most of the default set anyway, and development files; the rule is
rated low for that reason.

## References
- [Compose file reference: cap_drop](https://docs.docker.com/reference/compose-file/services/#cap_drop)
- [Docker: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- CIS Docker Benchmark 5.3 (restrict Linux kernel capabilities within containers)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスが既定の capability を持ったまま

## チェック内容
`cap_drop:` に `ALL` がない Compose サービスを検出します。そのコンテナは Docker が既定で与える
capability（`CHOWN`、`DAC_OVERRIDE`、`FOWNER`、`FSETID`、`KILL`、`SETGID`、`SETUID`、`SETPCAP`、
`SETFCAP`、`NET_BIND_SERVICE`、`NET_RAW`、`SYS_CHROOT`、`MKNOD`、`AUDIT_WRITE`）を持ったままです。

## なぜ危険か
多くのサービスは、起動した後はこれらをどれも必要としません。1024 より上のポートで、決まった
ユーザーとして動くからです。残しておくと、プロセスを乗っ取った攻撃者の役に立ちます。
`DAC_OVERRIDE` はファイルのパーミッションを無視し、`SETUID` は任意のユーザーに切り替え、
`NET_RAW` はコンテナネットワーク上でパケットを偽造し（隣のコンテナへの ARP・DNS スプーフィング）、
`MKNOD` はデバイスファイルを作ります。すべて外すのは手軽な強化策で、多くの攻撃を行き止まりにします。

## 問題のある例
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
```

## 代わりに
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    cap_drop:
      - ALL
```

## 修正方法
`cap_drop: [ALL]` を追加し（修正が挿入するか、既存の `cap_drop:` のリストに `ALL` を加えます）、
サービスを起動して、ないと失敗するものだけを `cap_add:` で戻します。root で起動してユーザーを
切り替えるエントリーポイントのイメージ（公式のデータベースイメージなど）には `CHOWN`、`SETUID`、
`SETGID` と、多くの場合 `DAC_OVERRIDE` か `FOWNER` が必要です。サービスを動かして修正を確認して
ください。

## 許容される場合
既定の集合の大半をどのみち必要とするサービスや開発用のファイルです。そのためこのルールは低と
評価しています。

## 参考資料
- [Compose ファイルリファレンス: cap_drop](https://docs.docker.com/reference/compose-file/services/#cap_drop)
- [Docker: 実行時の特権と Linux capability](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- CIS Docker Benchmark 5.3（コンテナ内の Linux カーネル capability を制限する）
"#;
