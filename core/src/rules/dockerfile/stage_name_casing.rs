use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::{from_references, stage_name_word};

pub const RULE: Rule = Rule {
    code: "PL903",
    name: "stage-name-casing",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "StageNameCasing")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for stage in &context.model.stages {
        let Some(word) = stage_name_word(context, stage) else {
            continue;
        };
        let written = &word.text;
        let lower = written.to_ascii_lowercase();
        if *written == lower {
            continue;
        }
        let mut edits = vec![Edit::replace(word.span, lower.clone())];
        edits.extend(references(context, written));
        out.report(
            word.span,
            crate::text!(
                format!("the stage name `{written}` is not lowercase; BuildKit matches stage names without regard to case, so write `{lower}` to tell it apart from instruction keywords"),
                format!("ステージ名 `{written}` が小文字ではありません。BuildKitはステージ名の大文字・小文字を区別しないため、命令のキーワードと見分けやすい `{lower}` と書いてください"),
            ),
        )
        .in_stage(stage.index)
        .with_fix(Fix::safe(
            crate::text!(
                format!("Rename the stage to `{lower}` and lowercase its references."),
                format!("ステージ名を `{lower}` にし、参照箇所も小文字にします。"),
            ),
            edits,
        ));
    }
}

/// Edits that lowercase every `FROM <name>` and `--from=<name>` written with capitals.
fn references(context: &Context, name: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for stage in &context.model.stages {
        let literal = stage.base_span.len() as usize == stage.base_text.len();
        if literal && stage.base_text.eq_ignore_ascii_case(name) {
            edits.push(lowercased(context, stage.base_span));
        }
    }
    for reference in from_references(context) {
        if reference.exact && reference.value.eq_ignore_ascii_case(name) {
            edits.push(lowercased(context, reference.span));
        }
    }
    edits.retain(|edit| edit.replacement != context.source[edit.span.range()]);
    edits
}

fn lowercased(context: &Context, span: crate::span::Span) -> Edit {
    Edit::replace(span, context.source[span.range()].to_ascii_lowercase())
}

const DOCS_EN: &str = r#"
# Stage name is not lowercase

## What it checks
A stage name in `FROM ... AS <name>` with capital letters.

## Why it is risky
It is a matter of style, not security. BuildKit lowercases stage names before it compares
them, so `Builder`, `builder` and `BUILDER` are one stage; writing them in lowercase keeps
names apart from instruction keywords and keeps every reference spelled the same way.

## Example
```dockerfile
FROM golang:1.22 AS BuildEnv
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=BuildEnv /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.22 AS build-env
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build-env /out/app /app
```

## Fix
The fix lowercases the name and every `FROM <stage>`, `COPY --from=` and
`RUN --mount=...,from=` that refers to it. Update `--target` in build scripts yourself if
you want them to match (BuildKit accepts either case there too).

## When it is acceptable
When a team convention prefers another style; disable the rule in the settings.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
"#;

const DOCS_JA: &str = r#"
# ステージ名が小文字でない

## チェック内容
`FROM ... AS <name>` のステージ名に大文字が含まれている箇所を検出します。

## なぜ危険か
セキュリティではなくスタイルの問題です。BuildKitはステージ名を小文字にしてから比較するため、
`Builder`、`builder`、`BUILDER` は同じステージです。小文字で書けば命令のキーワードと
区別しやすく、参照の綴りもそろいます。

## 問題のある例
```dockerfile
FROM golang:1.22 AS BuildEnv
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=BuildEnv /out/app /app
```

## 代わりに
```dockerfile
FROM golang:1.22 AS build-env
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build-env /out/app /app
```

## 修正方法
自動修正は名前と、それを参照するすべての `FROM <stage>`、`COPY --from=`、
`RUN --mount=...,from=` を小文字にします。ビルドスクリプトの `--target` もそろえたい場合は
手で書き換えてください（そこでもBuildKitは大文字・小文字を区別しません）。

## 許容される場合
チームの規約が別のスタイルを採用している場合です。設定でルールを無効にしてください。

## 参考資料
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
"#;
