use crate::fix::{Edit, Fix};
use crate::report::{Severity, Text};
use crate::rules::user::expand_known;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{is_absolute, workdirs};

pub const RULE: Rule = Rule {
    code: "PL702",
    name: "workdir-relative",
    section: Section::Filesystem,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Hadolint, "DL3000"),
        alias(Tool::Trivy, "DS-0009"),
        alias(Tool::Checkov, "CKV_DOCKER_10"),
        alias(Tool::Buildkit, "WorkdirRelativePath"),
        alias(Tool::Kics, "WORKDIR Path Not Absolute"),
        alias(Tool::Semgrep, "use-absolute-workdir"),
    ],
    docs_en: DOCS_EN,
    docs_ja: DOCS_JA,
    check,
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, word) in workdirs(context) {
        if context.model.effective[index].workdir.is_some() || word.text.starts_with('$') {
            continue;
        }
        let Some(path) = expand_known(context, index, &word.text) else {
            continue;
        };
        if path.is_empty() || is_absolute(&path) {
            continue;
        }
        let written = &word.text;
        let quote = usize::from(written.starts_with(['"', '\'']));
        out.report(word.span, Text::new(
            format!("`WORKDIR {written}` is relative and no earlier WORKDIR sets a base, so it depends on the base image's working directory; use an absolute path such as `/{path}`"),
            format!("`WORKDIR {written}` は相対パスで、基準となる WORKDIR がそれ以前にないため、ベースイメージの作業ディレクトリに左右されます。`/{path}` のような絶対パスを使ってください"),
        ))
        .with_fix(Fix::needs_review(
            Text::new(
                format!("Use `/{path}`; check that the base image's working directory was `/`."),
                format!("`/{path}` を使います。ベースイメージの作業ディレクトリが `/` だったか確認してください。"),
            ),
            vec![Edit::insert(word.span.start + crate::span::to_u32(quote), "/")],
        ));
    }
}

const DOCS_EN: &str = r#"
# WORKDIR with a relative path

## What it checks
A `WORKDIR` whose path is relative (`WORKDIR app`) while no earlier `WORKDIR` in the stage,
or in the stages it is built `FROM`, has set an absolute one; this is BuildKit's
`WorkdirRelativePath` check. Windows paths (`C:\app`) and paths that start with a variable
(`WORKDIR $APP_HOME`) are accepted.

## Why it is risky
A relative `WORKDIR` is resolved against the base image's working directory, which the
Dockerfile does not show and which can change when the base image is updated. Files then
land somewhere else than intended, and `COPY`, `RUN` and the container's start command
silently work in another directory; in the worst case files meant to be private end up in
a shared or served directory.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR app
USER 1001
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /app
USER 1001
```

## Fix
Write the absolute path. The fix puts `/` in front of the path, which is what it meant
when the base image's working directory is `/`.

## When it is acceptable
When the base image's working directory is part of its documented interface and the
relative path is meant to build on it. An absolute path is still clearer.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Build checks: WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
"#;

const DOCS_JA: &str = r#"
# WORKDIR が相対パス

## チェック内容
ステージ（`FROM` 元のステージを含む）でそれ以前に絶対パスの `WORKDIR` がないのに、相対パスの
`WORKDIR`（`WORKDIR app`）を使っている箇所を検出します。BuildKit の `WorkdirRelativePath`
チェックと同じ判定です。Windows のパス（`C:\app`）と変数で始まるパス（`WORKDIR $APP_HOME`）は
対象外です。

## なぜ危険か
相対パスの `WORKDIR` は、ベースイメージの作業ディレクトリを基準に解決されます。それは
Dockerfile からは見えず、ベースイメージの更新で変わることもあります。その結果ファイルが意図と
違う場所に置かれ、`COPY`、`RUN`、コンテナの起動コマンドが黙って別のディレクトリで動きます。
最悪の場合、非公開のはずのファイルが共有や公開されるディレクトリに入ってしまいます。

## 問題のある例
```dockerfile
FROM python:3.12-slim
WORKDIR app
USER 1001
```

## 代わりに
```dockerfile
FROM python:3.12-slim
WORKDIR /app
USER 1001
```

## 修正方法
絶対パスを書きます。自動修正はパスの先頭に `/` を付けます。ベースイメージの作業ディレクトリが
`/` であれば、元の意味と同じです。

## 許容される場合
ベースイメージの作業ディレクトリがそのイメージの文書化された仕様で、相対パスでその上に
積み上げることが意図されている場合です。それでも絶対パスの方が明確です。

## 参考資料
- [Dockerfile リファレンス: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [ビルドチェック: WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
"#;
