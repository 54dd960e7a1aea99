use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::expose_ports;

pub const RULE: Rule = Rule {
    code: "PL911",
    name: "expose-protocol-casing",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "ExposeProtoCasing")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for port in expose_ports(context) {
        let Some(protocol) = &port.protocol else {
            continue;
        };
        let written = port.text(protocol);
        let lower = written.to_ascii_lowercase();
        if written == lower {
            continue;
        }
        let span = port.span(protocol);
        // The edit needs the exact protocol span, not the whole word.
        let exact = span.len() as usize == written.len();
        let diagnostic = out.report(
            span,
            crate::text!(
                format!("the protocol `{written}` is not lowercase; write `{lower}`"),
                format!(
                    "プロトコル `{written}` が小文字ではありません。`{lower}` と書いてください"
                ),
            ),
        );
        if exact {
            diagnostic.with_fix(Fix::safe(
                crate::text!(
                    format!("Write `{lower}`."),
                    format!("`{lower}` と書きます。"),
                ),
                vec![Edit::replace(span, lower.clone())],
            ));
        }
        if let Some(stage) = context.stage_of(port.instruction) {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# EXPOSE protocol is not lowercase

## What it checks
An `EXPOSE` whose protocol is written with capitals: `80/TCP`, `53/Udp`.

## Why it is risky
It is a matter of style: BuildKit accepts any case and records `tcp`, `udp` or `sctp`, so
writing them in lowercase keeps the Dockerfile consistent with the image configuration
and with `docker run -p`.

## Example
```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/UDP
```

## Use instead
```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/udp
```

## Fix
The fix lowercases the protocol.

## When it is acceptable
When a team convention prefers another style; disable the rule in the settings.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Build checks: ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
"#;

const DOCS_JA: &str = r#"
# EXPOSEのプロトコルが小文字でない

## チェック内容
`80/TCP` や `53/Udp` のように、`EXPOSE` のプロトコルに大文字が含まれている箇所を検出します。

## なぜ危険か
スタイルの問題です。BuildKitは大文字・小文字を問わず受け付け、`tcp`、`udp`、`sctp` として
記録します。小文字で書けば、イメージの設定や `docker run -p` の書き方とそろいます。

## 問題のある例
```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/UDP
```

## 代わりに
```dockerfile
FROM coredns/coredns:1.11.3
EXPOSE 53/udp
```

## 修正方法
自動修正はプロトコルを小文字にします。

## 許容される場合
チームの規約が別のスタイルを採用している場合です。設定でルールを無効にしてください。

## 参考資料
- [Dockerfile リファレンス: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Build checks: ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
"#;
