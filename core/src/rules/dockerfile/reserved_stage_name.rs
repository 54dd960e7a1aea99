use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

pub const RULE: Rule = Rule {
    code: "PL902",
    name: "reserved-stage-name",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3063"),
        alias(Tool::Buildkit, "ReservedStageName"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for stage in &context.model.stages {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let (en, ja) = match name.as_str() {
            "scratch" => (
                "`scratch` is reserved for the empty base image, so naming a stage `scratch` makes `FROM scratch` ambiguous",
                "`scratch` は空のベースイメージを表す予約語のため、ステージ名にすると `FROM scratch` の意味があいまいになります",
            ),
            "context" => (
                "`context` is reserved by BuildKit for the build context, so a stage named `context` clashes with it",
                "`context` はBuildKitがビルドコンテキストを表すために予約している名前のため、ステージ名にすると衝突します",
            ),
            _ => continue,
        };
        out.report(
            span,
            crate::text!(
                format!("{en}; choose another name such as `{name}-stage`"),
                format!("{ja}。`{name}-stage` のような別の名前にしてください"),
            ),
        )
        .in_stage(stage.index);
    }
}

const DOCS_EN: &str = r#"
# Stage uses a reserved name (`scratch` or `context`)

## What it checks
A `FROM ... AS scratch` or `FROM ... AS context`, in any letter case.

## Why it is risky
Both words already mean something to the builder. `scratch` is the empty image:
after a stage takes that name, a later `FROM scratch` no longer clearly means an empty
base, and a minimal final image can silently inherit a full build stage. `context` is the
name BuildKit keeps for the build context. Builds that depend on such names behave
differently between builders and versions.

## Example
```dockerfile
FROM alpine:3.20 AS scratch
RUN apk add --no-cache ca-certificates
```

## Use instead
```dockerfile
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates
```

## Fix
Rename the stage and update every reference to it (`FROM <stage>`, `COPY --from=`,
`RUN --mount=...,from=`, `--target`).

## When it is acceptable
Never.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
"#;

const DOCS_JA: &str = r#"
# ステージに予約された名前（`scratch` または `context`）を使っている

## チェック内容
大文字・小文字を問わず、`FROM ... AS scratch` または `FROM ... AS context` を検出します。

## なぜ危険か
どちらの語もビルダーにとってすでに意味を持っています。`scratch` は空のイメージです。
ステージにこの名前を付けると、後の `FROM scratch` が空のベースを指すのかはっきりしなくなり、
最小構成のはずの最終イメージがビルドステージの中身を丸ごと引き継ぐおそれがあります。
`context` はBuildKitがビルドコンテキストのために確保している名前です。こうした名前に
依存したビルドは、ビルダーやバージョンによって動作が変わります。

## 問題のある例
```dockerfile
FROM alpine:3.20 AS scratch
RUN apk add --no-cache ca-certificates
```

## 代わりに
```dockerfile
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates
```

## 修正方法
ステージの名前を変え、そのステージへの参照（`FROM <stage>`、`COPY --from=`、
`RUN --mount=...,from=`、`--target`）をすべて書き換えてください。

## 許容される場合
ありません。

## 参考資料
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
"#;
