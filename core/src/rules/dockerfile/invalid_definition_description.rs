use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Comment, Keyword};

use super::support::line_start;

pub const RULE: Rule = Rule {
    code: "PL929",
    name: "invalid-definition-description",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "InvalidDefinitionDescription")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let pragmas: Vec<_> = crate::suppress::collect(context.dockerfile)
        .into_iter()
        .map(|suppression| suppression.span)
        .collect();
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        // What `--call=outline` describes: a named stage or the ARG's names.
        let (what_en, what_ja, names): (String, String, Vec<&str>) =
            match (&instruction.keyword, &instruction.args) {
                (Keyword::From, Args::From(from)) => match &from.name {
                    Some(name) => (
                        format!("stage `{}`", name.text),
                        format!("ステージ `{}`", name.text),
                        vec![name.text.as_str()],
                    ),
                    None => continue,
                },
                (Keyword::Arg, Args::Arg(decls)) if !decls.is_empty() => (
                    format!("ARG `{}`", decls[0].name.text),
                    format!("ARG `{}`", decls[0].name.text),
                    decls.iter().map(|decl| decl.name.text.as_str()).collect(),
                ),
                _ => continue,
            };
        let Some(comment) = comment_above(context, instruction.line) else {
            continue;
        };
        let first_word = comment.text.split(' ').next().unwrap_or("");
        let describes = names.iter().any(|name| {
            // BuildKit lower-cases stage names and then compares exactly: the
            // comment must spell the stage name in lower case.
            if instruction.keyword == Keyword::From {
                name.to_ascii_lowercase() == first_word
            } else {
                *name == first_word
            }
        });
        let directive = ["syntax=", "escape=", "check="]
            .iter()
            .any(|name| comment.text.to_ascii_lowercase().starts_with(name));
        if describes
            || directive
            || pragmas.contains(&comment.span)
            || comment.text.starts_with("nosemgrep")
            || comment.text.starts_with("kics-scan")
        {
            continue;
        }
        let example = match names.as_slice() {
            [name] if instruction.keyword == Keyword::From => name.to_ascii_lowercase(),
            [name] => name.to_string(),
            _ => "<name>".to_string(),
        };
        let message = crate::text!(
            format!("the comment right above {what_en} does not start with `{example}`, so BuildKit's `--call=outline` cannot use it as a description; write `# {example} <description>` or leave an empty line between them"),
            format!("{what_ja} の直前のコメントが `{example}` で始まっていないため、BuildKit の `--call=outline` が説明として使えません。`# {example} <説明>` と書くか、間に空行を入れてください"),
        );
        let diagnostic = out.report(comment.span, message);
        if let Some(stage) = context.stage_of(index) {
            diagnostic.in_stage(stage);
        }
        diagnostic.with_fix(Fix::safe(
            crate::text!(
                "Leave an empty line between the comment and the instruction.",
                "コメントと命令の間に空行を入れます。",
            ),
            vec![Edit::insert(
                line_start(context.source, instruction.span.start),
                "\n",
            )],
        ));
    }
}

/// The comment on the line just above an instruction. BuildKit takes the
/// last line of the comment block there; an empty `#` ends the block.
fn comment_above<'a>(context: &'a Context, line: u32) -> Option<&'a Comment> {
    context
        .dockerfile
        .comments
        .iter()
        .find(|comment| comment.line + 1 == line && !comment.inside_instruction)
        .filter(|comment| !comment.text.is_empty())
}

const DOCS_EN: &str = r#"
# Comment above a stage or ARG is not a description

## What it checks
A comment on the line directly above `FROM ... AS <name>` or `ARG <name>` that does not start
with that name. BuildKit reads such comments as descriptions (`# <name> <description>`) for
`docker buildx build --call=outline` and `--call=targets`. This follows BuildKit's
experimental InvalidDefinitionDescription check; parser directives (`# syntax=...`) and linter
pragmas such as `# hadolint ignore=...` are left alone.

## Why it is risky
It is not a security problem. The outline of the build shows the wrong text as the stage's or
argument's description, or none, so people choosing a target or a build argument are misled.

## Example
```dockerfile
# compile the binary
FROM golang:1.22 AS build
```

## Use instead
```dockerfile
# build compiles the binary
FROM golang:1.22 AS build
```

```dockerfile
# compile the binary

FROM golang:1.22 AS build
```

## Fix
Start the comment with the stage or ARG name, or leave an empty line between the comment and
the instruction; the fix inserts the empty line.

## When it is acceptable
When you do not use `--call=outline` or `--call=targets`; disable the rule then.

## References
- [Build checks: InvalidDefinitionDescription](https://docs.docker.com/reference/build-checks/invalid-definition-description/)
- [docker buildx build: descriptions](https://docs.docker.com/reference/cli/docker/buildx/build/#descriptions)
"#;

const DOCS_JA: &str = r#"
# ステージや ARG の上のコメントが説明の形式になっていない

## チェック内容
`FROM ... AS <name>` や `ARG <name>` の直前の行にあるコメントのうち、その名前で始まらない
ものを検出します。BuildKit はこのようなコメントを `docker buildx build --call=outline` や
`--call=targets` の説明（`# <name> <説明>`）として読みます。BuildKit の実験的なチェック
InvalidDefinitionDescription に従っています。パーサーディレクティブ（`# syntax=...`）や
`# hadolint ignore=...` のようなリンターの指示コメントは対象外です。

## なぜ危険か
セキュリティの問題ではありません。ビルドの概要に、ステージや引数の説明として誤った文章が
表示される（または何も表示されない）ため、ターゲットやビルド引数を選ぶ人を誤解させます。

## 問題のある例
```dockerfile
# compile the binary
FROM golang:1.22 AS build
```

## 代わりに
```dockerfile
# build compiles the binary
FROM golang:1.22 AS build
```

```dockerfile
# compile the binary

FROM golang:1.22 AS build
```

## 修正方法
コメントをステージ名や ARG 名で始めるか、コメントと命令の間に空行を入れてください。
自動修正は空行を入れます。

## 許容される場合
`--call=outline` や `--call=targets` を使わない場合です。そのときはこのルールを無効にして
ください。

## 参考資料
- [Build checks: InvalidDefinitionDescription](https://docs.docker.com/reference/build-checks/invalid-definition-description/)
- [docker buildx build: 説明](https://docs.docker.com/reference/cli/docker/buildx/build/#descriptions)
"#;
