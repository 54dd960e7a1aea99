use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::user::{expand_known, windows_stage};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use crate::syntax::Keyword;

use super::{copy_destinations, is_absolute};

pub const RULE: Rule = Rule {
    code: "PL707",
    name: "copy-relative-destination-without-workdir",
    section: Section::Filesystem,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Hadolint, "DL3045")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let onbuild_workdir = onbuild_workdir_set(context);
    for (index, keyword, _, destination) in copy_destinations(context) {
        if context.model.effective[index].workdir.is_some()
            || destination.text.starts_with('$')
            || (context.dockerfile.instructions[index].keyword == Keyword::Onbuild
                && onbuild_workdir[index])
        {
            continue;
        }
        let Some(path) = expand_known(context, index, &destination.text) else {
            continue;
        };
        if is_absolute(&path) {
            continue;
        }
        let app = if windows_stage(context, index) {
            "C:/app"
        } else {
            "/app"
        };
        out.report(destination.span, crate::text!(
            format!("`{keyword}` copies to the relative path `{path}` but no WORKDIR is set, so the files land in the base image's working directory, which the Dockerfile does not show; set `WORKDIR {app}` first or use an absolute destination"),
            format!("`{keyword}` は相対パス `{path}` にコピーしていますが WORKDIR が設定されていないため、ファイルは Dockerfile からは見えないベースイメージの作業ディレクトリに置かれます。先に `WORKDIR {app}` を設定するか、絶対パスを指定してください"),
        ))
        .with_fix(Fix::manual(crate::text!(
            format!("Add `WORKDIR {app}` (or the directory the files belong in) before the first COPY, or write an absolute destination."),
            format!("最初の COPY の前に `WORKDIR {app}`（またはファイルを置くべきディレクトリ）を追加するか、絶対パスのコピー先を書いてください。"),
        )));
    }
}

/// For each instruction, whether an `ONBUILD WORKDIR` of its stage comes
/// before it: the triggers run in order, so the WORKDIR applies to a later
/// `ONBUILD COPY`.
fn onbuild_workdir_set(context: &Context) -> Vec<bool> {
    let mut set = Vec::with_capacity(context.dockerfile.instructions.len());
    let mut stage = None;
    let mut seen = false;
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let current = context.stage_of(index);
        if current != stage {
            stage = current;
            seen = false;
        }
        set.push(seen);
        seen |= instruction.keyword == Keyword::Onbuild
            && instruction.effective().keyword == Keyword::Workdir;
    }
    set
}

const DOCS_EN: &str = r#"
# COPY or ADD to a relative path without WORKDIR

## What it checks
A `COPY` or `ADD` whose destination is relative (`COPY . .`, `COPY app.py src/`) while no
`WORKDIR` has been set in the stage or the stages it is built `FROM` (hadolint's DL3045).
`ONBUILD COPY` counts too, unless an `ONBUILD WORKDIR` comes before it. Destinations that
start with a variable are skipped.

## Why it is risky
A relative destination is resolved against the working directory, which then comes from the
base image: `/` for most images, something else for others, and it can change with a new
base image version. Files end up where nobody expects them, possibly mixed into system
directories or into the root of the file system, and later steps that assume a location
break or read the wrong files.

## Example
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
USER 1001
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
USER 1001
```

## Fix
Set `WORKDIR` to the application directory before copying, or give an absolute
destination. Which directory is right depends on the application, so no edit is proposed.

## When it is acceptable
When the base image documents its working directory as the place to put files (some
language images set one); an explicit `WORKDIR` still makes the Dockerfile self-explanatory.

## References
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
"#;

const DOCS_JA: &str = r#"
# WORKDIR なしで相対パスに COPY/ADD している

## チェック内容
ステージ（`FROM` 元のステージを含む）で `WORKDIR` が一度も設定されていないのに、`COPY` や
`ADD` のコピー先が相対パス（`COPY . .`、`COPY app.py src/`）になっている箇所を検出します
（hadolint の DL3045 と同じ判定です）。`ONBUILD COPY` も、前に `ONBUILD WORKDIR` がない限り
対象です。変数で始まるコピー先は対象外です。

## なぜ危険か
相対パスのコピー先は作業ディレクトリを基準に解決され、その作業ディレクトリはベースイメージで
決まります。多くのイメージでは `/` ですが、そうでないイメージもあり、ベースイメージの新しい
バージョンで変わることもあります。ファイルは誰も予想しない場所に置かれ、システムの
ディレクトリやファイルシステムのルートに混ざることもあります。場所を前提にした後続の手順は
壊れるか、間違ったファイルを読みます。

## 問題のある例
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
USER 1001
```

## 代わりに
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
USER 1001
```

## 修正方法
コピーの前に `WORKDIR` でアプリケーションのディレクトリを設定するか、絶対パスのコピー先を
指定します。どのディレクトリが正しいかはアプリケーション次第なので、自動修正はありません。

## 許容される場合
ベースイメージが作業ディレクトリをファイルの置き場所として文書化している場合です（作業
ディレクトリを設定している言語イメージもあります）。それでも `WORKDIR` を明示した方が
Dockerfile だけで意味が分かります。

## 参考資料
- [Dockerfile リファレンス: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Dockerfile リファレンス: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
"#;
