use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::expose_ports;

pub const RULE: Rule = Rule {
    code: "PL909",
    name: "expose-port-out-of-range",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3011"),
        alias(Tool::Trivy, "DS-0008"),
        alias(Tool::Kics, "UNIX Ports Out Of Range"),
        alias(Tool::Semgrep, "invalid-port"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const MAX_PORT: u64 = 65535;

fn check(context: &Context, out: &mut Diagnostics) {
    for port in expose_ports(context) {
        let text = port.text(&port.port);
        // A range `a-b` is checked end by end; anything not numeric is another problem.
        let too_big = text
            .split('-')
            .filter_map(|number| number.parse::<u64>().ok().or_else(|| too_long(number)))
            .any(|number| number > MAX_PORT);
        // `EXPOSE -1`: a minus sign before the number, not a range.
        let negative = text.strip_prefix('-').is_some_and(|rest| {
            rest.bytes()
                .next()
                .is_some_and(|byte| byte.is_ascii_digit())
        });
        if !too_big && !negative {
            continue;
        }
        let diagnostic = out.report(
            port.span(&port.port),
            crate::text!(
                format!("port `{text}` is outside 0-65535, the range of TCP and UDP ports, so the build fails; use a port number that exists"),
                format!("ポート `{text}` はTCPとUDPのポート範囲 0〜65535 の外にあるため、ビルドが失敗します。存在するポート番号を使ってください"),
            ),
        );
        if let Some(stage) = context.stage_of(port.instruction) {
            diagnostic.in_stage(stage);
        }
    }
}

/// A run of digits too long for `u64` is certainly out of range.
fn too_long(number: &str) -> Option<u64> {
    (!number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit())).then_some(u64::MAX)
}

const DOCS_EN: &str = r#"
# EXPOSE port outside 0-65535

## What it checks
An `EXPOSE` whose port, or either end of a port range (`8000-70000`), is above 65535, or
a negative port (`EXPOSE -1`).
Ports written with variables (`EXPOSE $PORT`) are skipped: their value is only known at
build time.

## Why it is risky
TCP and UDP port numbers are 16-bit: nothing can listen on port 80800. BuildKit rejects
such an `EXPOSE` and the build fails. It is usually a typo (`80800` for `8080`), and the
port the application really uses goes undocumented.

## Example
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80800
```

## Use instead
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 8080
```

## Fix
Write the port the application listens on.

## When it is acceptable
Never: the build fails.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"#;

const DOCS_JA: &str = r#"
# EXPOSEのポートが0〜65535の範囲外

## チェック内容
`EXPOSE` のポート、またはポート範囲（`8000-70000`）のどちらかの端が65535を超えている箇所と、
負のポート（`EXPOSE -1`）を検出します。変数で書かれたポート（`EXPOSE $PORT`）は、値がビルド時にしか分からないため
対象外です。

## なぜ危険か
TCPとUDPのポート番号は16ビットです。ポート80800で待ち受けることはできません。BuildKitは
このような `EXPOSE` を受け付けず、ビルドが失敗します。多くは打ち間違い（`8080` のつもりの
`80800`）で、アプリケーションが実際に使うポートが記録されないままになります。

## 問題のある例
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80800
```

## 代わりに
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 8080
```

## 修正方法
アプリケーションが待ち受けるポートを書いてください。

## 許容される場合
ありません。ビルドが失敗します。

## 参考資料
- [Dockerfile リファレンス: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"#;
