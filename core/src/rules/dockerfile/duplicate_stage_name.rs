use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

pub const RULE: Rule = Rule {
    code: "PL901",
    name: "duplicate-stage-name",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3024"),
        alias(Tool::Trivy, "DS-0012"),
        alias(Tool::Checkov, "CKV_DOCKER_11"),
        alias(Tool::Buildkit, "DuplicateStageName"),
        alias(Tool::Kics, "Same Alias In Different Froms"),
        alias(Tool::Semgrep, "alias-must-be-unique"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let stages = &context.model.stages;
    for stage in stages {
        let (Some(name), Some(span)) = (&stage.name, stage.name_span) else {
            continue;
        };
        let Some(first) = context
            .model
            .first_stage_named(name)
            .filter(|&first| first < stage.index)
            .map(|first| &stages[first])
        else {
            continue;
        };
        let line = context.dockerfile.instructions[first.from].line;
        out.report(
            span,
            crate::text!(
                format!("the stage name `{name}` is already used by the stage on line {line}, so `FROM {name}` and `--from={name}` no longer say which stage they mean; give each stage its own name"),
                format!("ステージ名 `{name}` は {line} 行目のステージですでに使われているため、`FROM {name}` や `--from={name}` がどのステージを指すのか分からなくなります。ステージごとに別の名前を付けてください"),
            ),
        )
        .in_stage(stage.index);
    }
}

const DOCS_EN: &str = r#"
# Two build stages have the same name

## What it checks
A `FROM ... AS <name>` whose name an earlier stage already uses. Names are compared
without regard to case, as BuildKit compares them (`Builder` and `builder` clash).

## Why it is risky
Stage names are how `FROM <stage>`, `COPY --from=<stage>` and `--target` pick a stage.
With two stages of one name, a reference can resolve to a different stage than the one
you had in mind: files are copied from the wrong build, or a later copy fails because
BuildKit resolved the name to a stage defined after it. Such mistakes are hard to see in
review and can ship unexpected content.

## Example
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app ./...

FROM node:20 AS builder
RUN npm ci && npm run build

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=builder /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.22 AS go-builder
RUN go build -o /out/app ./...

FROM node:20 AS web-builder
RUN npm ci && npm run build

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=go-builder /out/app /app
```

## Fix
Rename one of the stages and update every `FROM <stage>`, `COPY --from=` and
`RUN --mount=...,from=` that should point to it, and any `--target` in your build scripts.

## When it is acceptable
Never: a unique name costs nothing.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Build checks: DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
"#;

const DOCS_JA: &str = r#"
# 2つのビルドステージが同じ名前

## チェック内容
前のステージがすでに使っている名前を `FROM ... AS <name>` で付けている箇所を検出します。
BuildKitと同じく大文字と小文字は区別しません（`Builder` と `builder` は同じ名前です）。

## なぜ危険か
ステージ名は `FROM <stage>`、`COPY --from=<stage>`、`--target` がステージを選ぶための
ものです。同じ名前のステージが2つあると、参照が意図と違うステージに解決されることが
あります。別のビルドからファイルがコピーされたり、後ろで定義されたステージに解決されて
コピーが失敗したりします。レビューで気付きにくく、想定外の内容が出荷される原因になります。

## 問題のある例
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app ./...

FROM node:20 AS builder
RUN npm ci && npm run build

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=builder /out/app /app
```

## 代わりに
```dockerfile
FROM golang:1.22 AS go-builder
RUN go build -o /out/app ./...

FROM node:20 AS web-builder
RUN npm ci && npm run build

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=go-builder /out/app /app
```

## 修正方法
どちらかのステージの名前を変え、そのステージを指すべき `FROM <stage>`、`COPY --from=`、
`RUN --mount=...,from=` と、ビルドスクリプト内の `--target` をすべて書き換えてください。

## 許容される場合
ありません。名前を分けるのに手間はかかりません。

## 参考資料
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- [Build checks: DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
"#;
