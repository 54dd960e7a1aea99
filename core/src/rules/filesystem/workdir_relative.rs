use std::collections::HashMap;

use crate::fix::{Edit, Fix};
use crate::model::Base;
use crate::report::Severity;
use crate::rules::user::{expand_known, windows_stage};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{is_absolute, normalize, workdirs};

pub const RULE: Rule = Rule {
    code: "PL702",
    name: "workdir-relative",
    section: Section::Filesystem,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3000"),
        alias(Tool::Trivy, "DS-0009"),
        alias(Tool::Checkov, "CKV_DOCKER_10"),
        alias(Tool::Buildkit, "WorkdirRelativePath"),
        alias(Tool::Kics, "WORKDIR Path Not Absolute"),
        alias(Tool::Semgrep, "use-absolute-workdir"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// The working directory before a WORKDIR, as far as the file shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Dir {
    /// No WORKDIR yet: the base image's working directory.
    Unset,
    /// A normalized absolute path. `literal`: every WORKDIR that made it is
    /// written without variables; `assumed`: it builds on the base image's
    /// working directory, taken to be `/`.
    Known {
        path: String,
        literal: bool,
        assumed: bool,
    },
    /// Made from a variable we cannot resolve, or a Windows path.
    Unknown,
}

impl Dir {
    /// The directory after `WORKDIR path` (`None`: not resolvable).
    fn then(&self, path: Option<&str>, literal: bool) -> Dir {
        let Some(path) = path else {
            return Dir::Unknown;
        };
        if path.is_empty() {
            return self.clone();
        }
        if path.starts_with('/') {
            return Dir::Known {
                path: normalize(path),
                literal,
                assumed: false,
            };
        }
        if is_absolute(path) {
            return Dir::Unknown;
        }
        match self {
            Dir::Unset => Dir::Known {
                path: normalize(&format!("/{path}")),
                literal,
                assumed: true,
            },
            Dir::Known {
                path: base,
                literal: base_literal,
                assumed,
            } => Dir::Known {
                path: normalize(&format!("{base}/{path}")),
                literal: literal && *base_literal,
                assumed: *assumed,
            },
            Dir::Unknown => Dir::Unknown,
        }
    }
}

/// The working directory before every WORKDIR inside a stage, following
/// `FROM <stage>` inheritance.
fn dirs_before(context: &Context) -> HashMap<usize, Dir> {
    let mut before = HashMap::new();
    let mut ends: Vec<Dir> = Vec::new();
    // Stages and WORKDIRs both come in file order.
    let mut workdirs = workdirs(context).peekable();
    for stage in &context.model.stages {
        let mut dir = match stage.base {
            Base::Stage(parent) => ends.get(parent).cloned().unwrap_or(Dir::Unknown),
            _ => Dir::Unset,
        };
        while let Some((index, word)) =
            workdirs.next_if(|(index, _)| *index < stage.instructions.end)
        {
            if !stage.instructions.contains(&index) {
                continue;
            }
            before.insert(index, dir.clone());
            let path = expand_known(context, index, &word.text);
            dir = dir.then(path.as_deref(), !word.text.contains('$'));
        }
        ends.push(dir);
    }
    before
}

fn check(context: &Context, out: &mut Diagnostics) {
    let before = dirs_before(context);
    for (index, word) in workdirs(context) {
        if word.text.starts_with('$') {
            continue;
        }
        let Some(path) = expand_known(context, index, &word.text) else {
            continue;
        };
        if path.is_empty() || is_absolute(&path) {
            continue;
        }
        let written = &word.text;
        let quote = if written.starts_with(['"', '\'']) {
            &written[..1]
        } else {
            ""
        };
        // BuildKit's WorkdirRelativePath only reports a relative path that no
        // earlier WORKDIR of the stage (or its parents) gives a base.
        if context.model.effective[index].workdir.is_none() {
            // A Windows container's working directory is on drive `C:`; a
            // slash needs no escaping whatever the escape character is.
            let root = if windows_stage(context, index) {
                "C:/"
            } else {
                "/"
            };
            out.report(word.span, crate::text!(
                format!("`WORKDIR {written}` is relative and no earlier WORKDIR sets a base, so it depends on the base image's working directory; use an absolute path such as `{root}{path}`"),
                format!("`WORKDIR {written}` は相対パスで、基準となる WORKDIR がそれ以前にないため、ベースイメージの作業ディレクトリに左右されます。`{root}{path}` のような絶対パスを使ってください"),
            ))
            .with_fix(Fix::needs_review(
                crate::text!(
                    format!("Use `{root}{path}`; check that the base image's working directory was `{root}`."),
                    format!("`{root}{path}` を使います。ベースイメージの作業ディレクトリが `{root}` だったか確認してください。"),
                ),
                vec![Edit::insert(word.span.start + crate::span::to_u32(quote.len()), root)],
            ));
            continue;
        }
        let dir = before.get(&index).cloned().unwrap_or(Dir::Unknown);
        let resolved = dir.then(Some(&path), !written.contains('$'));
        let Dir::Known {
            path: resolved,
            literal,
            assumed,
        } = resolved
        else {
            out.report(word.span, crate::text!(
                format!("`WORKDIR {written}` is relative to an earlier WORKDIR whose path is not known here, so the file does not show where it points; write the absolute path"),
                format!("`WORKDIR {written}` は、ここではパスが分からない前の WORKDIR を基準にした相対パスのため、どこを指すかファイルから読み取れません。絶対パスを書いてください"),
            ))
            .not_for(&[Tool::Buildkit]);
            continue;
        };
        let replace = vec![Edit::replace(
            word.span,
            format!("{quote}{resolved}{quote}"),
        )];
        let writable = !resolved.contains(['"', '\'', '\\', '$']);
        let diagnostic = if assumed {
            let diagnostic = out.report(word.span, crate::text!(
                format!("`WORKDIR {written}` is relative and no earlier WORKDIR sets an absolute base, so it depends on the base image's working directory; use an absolute path such as `{resolved}`"),
                format!("`WORKDIR {written}` は相対パスで、絶対パスの基準となる WORKDIR がそれ以前にないため、ベースイメージの作業ディレクトリに左右されます。`{resolved}` のような絶対パスを使ってください"),
            ));
            if writable {
                diagnostic.with_fix(Fix::needs_review(
                    crate::text!(
                        format!("Use `{resolved}`; check that the base image's working directory was `/`."),
                        format!("`{resolved}` を使います。ベースイメージの作業ディレクトリが `/` だったか確認してください。"),
                    ),
                    replace,
                ));
            }
            diagnostic
        } else {
            let diagnostic = out.report(word.span, crate::text!(
                format!("`WORKDIR {written}` is relative, so where it points depends on the WORKDIR instructions before it (here `{resolved}`); write the absolute path `{resolved}`"),
                format!("`WORKDIR {written}` は相対パスのため、指す場所がそれ以前の WORKDIR に依存します（ここでは `{resolved}`）。絶対パス `{resolved}` を書いてください"),
            ));
            if writable && literal {
                diagnostic.with_fix(Fix::safe(
                    crate::text!(
                        format!("Write `{resolved}`, the directory it resolves to."),
                        format!("解決先の `{resolved}` を書きます。"),
                    ),
                    replace,
                ));
            } else if writable {
                diagnostic.with_fix(Fix::needs_review(
                    crate::text!(
                        format!("Write `{resolved}`, the directory it resolves to with the variables' current values; keep a variable whose value can change."),
                        format!("変数の現在の値で解決した `{resolved}` を書きます。値が変わり得る変数は残してください。"),
                    ),
                    replace,
                ));
            }
            diagnostic
        };
        diagnostic.not_for(&[Tool::Buildkit]);
    }
}

const DOCS_EN: &str = r#"
# WORKDIR with a relative path

## What it checks
A `WORKDIR` whose path is relative (`WORKDIR app`), as hadolint, Trivy, Checkov, KICS and
Semgrep report it. When no earlier `WORKDIR` in the stage, or in the stages it is built
`FROM`, has set a directory, this is also BuildKit's `WorkdirRelativePath` case. A relative
`WORKDIR` after an earlier one is reported too, with the directory it resolves to; BuildKit
does not report that case, so such a finding does not carry BuildKit's id (and
`# check=skip=WorkdirRelativePath` does not hide it). Windows paths (`C:\app`) and paths
that start with a variable (`WORKDIR $APP_HOME`) are accepted.

## Why it is risky
A relative `WORKDIR` is resolved against the working directory in effect before it. With
no earlier `WORKDIR` that is the base image's, which the Dockerfile does not show and which
can change when the base image is updated: files then land somewhere else than intended,
and `COPY`, `RUN` and the container's start command silently work in another directory; in
the worst case files meant to be private end up in a shared or served directory. After an
earlier `WORKDIR` the result is defined, but a reader has to replay every `WORKDIR` above
it, in this stage and its parents, to know where files go, and editing one of them quietly
moves the others. Docker's best practices ask for absolute paths in `WORKDIR`.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR app
USER 1001
```

```dockerfile
FROM python:3.12-slim
WORKDIR /srv
WORKDIR app
USER 1001
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /srv/app
USER 1001
```

## Fix
Write the absolute path. After an absolute `WORKDIR` (`WORKDIR /srv` then `WORKDIR app`)
the fix writes the directory the path resolves to (`/srv/app`, with `.` and `..` worked
out), which keeps the build's meaning: it is safe when every path involved is written out,
and needs review when a variable's value went into it. Without an absolute base the fix
puts `/` in front of the path, which is what it meant when the base image's working
directory is `/`. After a `WORKDIR` whose path is not known (a variable the file does not
set) there is no fix.

## When it is acceptable
When the base image's working directory is part of its documented interface and the
relative path is meant to build on it. An absolute path is still clearer.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Best practices: WORKDIR](https://docs.docker.com/build/building/best-practices/#workdir)
- [Build checks: WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
"#;

const DOCS_JA: &str = r#"
# WORKDIR が相対パス

## チェック内容
相対パスの `WORKDIR`（`WORKDIR app`）を検出します。hadolint、Trivy、Checkov、KICS、Semgrep と
同じ判定です。ステージ（`FROM` 元のステージを含む）でそれ以前に `WORKDIR` がない場合は、
BuildKit の `WorkdirRelativePath` チェックの対象でもあります。前に `WORKDIR` がある場合の相対パスも、
解決先のディレクトリを示して報告します。BuildKit はこの場合を報告しないため、この検出には
BuildKit の ID を付けません（`# check=skip=WorkdirRelativePath` でも抑制されません）。
Windows のパス（`C:\app`）と変数で始まるパス（`WORKDIR $APP_HOME`）は対象外です。

## なぜ危険か
相対パスの `WORKDIR` は、その時点の作業ディレクトリを基準に解決されます。それ以前に
`WORKDIR` がなければ基準はベースイメージの作業ディレクトリで、Dockerfile からは見えず、
ベースイメージの更新で変わることもあります。その結果ファイルが意図と違う場所に置かれ、
`COPY`、`RUN`、コンテナの起動コマンドが黙って別のディレクトリで動きます。最悪の場合、
非公開のはずのファイルが共有や公開されるディレクトリに入ってしまいます。前に `WORKDIR` が
あれば結果は決まりますが、ファイルがどこに置かれるかを知るには、そのステージと親ステージの
`WORKDIR` をすべてたどる必要があり、どれか一つを書き換えると他の場所も黙って動きます。
Docker のベストプラクティスも `WORKDIR` には絶対パスを使うよう勧めています。

## 問題のある例
```dockerfile
FROM python:3.12-slim
WORKDIR app
USER 1001
```

```dockerfile
FROM python:3.12-slim
WORKDIR /srv
WORKDIR app
USER 1001
```

## 代わりに
```dockerfile
FROM python:3.12-slim
WORKDIR /srv/app
USER 1001
```

## 修正方法
絶対パスを書きます。絶対パスの `WORKDIR` の後（`WORKDIR /srv` の次の `WORKDIR app`）では、
自動修正はパスの解決先（`.` と `..` を解決した `/srv/app`）を書くので、ビルドの意味は
変わりません。関係するパスがすべて文字どおり書かれていれば安全な修正、変数の値が含まれる
場合は確認が必要な修正です。絶対パスの基準がない場合は、パスの先頭に `/` を付けます。
ベースイメージの作業ディレクトリが `/` であれば、元の意味と同じです。パスが分からない
`WORKDIR`（ファイル内で値が決まらない変数）の後では、自動修正はありません。

## 許容される場合
ベースイメージの作業ディレクトリがそのイメージの文書化された仕様で、相対パスでその上に
積み上げることが意図されている場合です。それでも絶対パスの方が明確です。

## 参考資料
- [Dockerfile リファレンス: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [ベストプラクティス: WORKDIR](https://docs.docker.com/build/building/best-practices/#workdir)
- [ビルドチェック: WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
"#;
