use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::from_references;

pub const RULE: Rule = Rule {
    code: "PL905",
    name: "copy-from-own-stage",
    section: Section::Dockerfile,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3023"),
        // DL3022 ("a stage defined before it") also reports `--from=0` in
        // stage 0, which is this rule's case.
        alias(Tool::Hadolint, "DL3022"),
        alias(Tool::Trivy, "DS-0006"),
        alias(Tool::Kics, "COPY '--from' References Current FROM Alias"),
        alias(Tool::Semgrep, "copy-from-own-alias"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for reference in from_references(context) {
        let stage = &context.model.stages[reference.stage];
        let value = &reference.value;
        let by_name = stage
            .name
            .as_ref()
            .is_some_and(|name| name.eq_ignore_ascii_case(value));
        let by_index = value.parse::<usize>() == Ok(stage.index);
        if !by_name && !by_index {
            continue;
        }
        out.report(
            reference.span,
            crate::text!(
                format!("`--from={value}` names the stage this instruction is in; a stage cannot read from itself, so the build fails: copy from an earlier stage, or use the files already here"),
                format!("`--from={value}` はこの命令自身が属するステージを指しています。ステージは自分自身から読み込めないためビルドが失敗します。前のステージからコピーするか、すでにあるファイルをそのまま使ってください"),
            ),
        )
        .in_stage(reference.stage);
    }
}

const DOCS_EN: &str = r#"
# `COPY --from` names its own stage

## What it checks
A `COPY --from=<stage>` or `RUN --mount=...,from=<stage>` whose stage, by name or by index,
is the stage the instruction belongs to.

## Why it is risky
A stage is not finished while its own instructions run, so it cannot be a source: BuildKit
stops with a circular-dependency error. It usually means a stage was renamed or
split and the reference was not updated, so the files you meant to copy are not the ones
the Dockerfile names.

## Example
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
COPY --from=build /out/app /usr/local/bin/app
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /usr/local/bin/app
```

## Fix
Point `--from` at the earlier stage that builds the files, or start a new stage with
`FROM` before the copy. Inside one stage the files are already there: use them in place or
copy them with `RUN cp`.

## When it is acceptable
Never: the build fails.

## References
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"#;

const DOCS_JA: &str = r#"
# `COPY --from` が自分自身のステージを指している

## チェック内容
`COPY --from=<stage>` または `RUN --mount=...,from=<stage>` のステージが、名前でも番号でも、
その命令自身が属するステージになっている箇所を検出します。

## なぜ危険か
ステージは自分の命令を実行している間はまだ完成していないため、コピー元にはなれません。
BuildKitは循環依存のエラーで止まります。多くの場合、ステージの名前を変えたり分割したりした
ときに参照を直し忘れたもので、コピーしたかったファイルとDockerfileが指すファイルが
食い違っています。

## 問題のある例
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
COPY --from=build /out/app /usr/local/bin/app
```

## 代わりに
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /usr/local/bin/app
```

## 修正方法
`--from` をファイルを作る前のステージに向けるか、コピーの前に `FROM` で新しいステージを
始めてください。同じステージの中ならファイルはすでにあるので、そのまま使うか
`RUN cp` でコピーしてください。

## 許容される場合
ありません。ビルドが失敗します。

## 参考資料
- [Dockerfile リファレンス: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
"#;
