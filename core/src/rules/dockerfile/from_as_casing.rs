use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::Args;

pub const RULE: Rule = Rule {
    code: "PL904",
    name: "from-as-casing",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "FromAsCasing")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for stage in &context.model.stages {
        let instruction = &context.dockerfile.instructions[stage.from];
        let Args::From(from) = &instruction.args else {
            continue;
        };
        let Some(as_keyword) = &from.as_keyword else {
            continue;
        };
        let from_keyword = &instruction.keyword_text;
        // A mixed-case `From` is PL914's finding; only a consistent FROM sets the case.
        let wanted = if *from_keyword == from_keyword.to_ascii_uppercase() {
            as_keyword.text.to_ascii_uppercase()
        } else if *from_keyword == from_keyword.to_ascii_lowercase() {
            as_keyword.text.to_ascii_lowercase()
        } else {
            continue;
        };
        if as_keyword.text == wanted {
            continue;
        }
        let written = &as_keyword.text;
        out.report(
            as_keyword.span,
            crate::text!(
                format!("`{written}` is not cased like `{from_keyword}`; write `{from_keyword} ... {wanted}` so the keywords match"),
                format!("`{written}` の大文字・小文字が `{from_keyword}` とそろっていません。`{from_keyword} ... {wanted}` のようにそろえてください"),
            ),
        )
        .in_stage(stage.index)
        .with_fix(Fix::safe(
            crate::text!(format!("Write `{wanted}`."), format!("`{wanted}` と書きます。")),
            vec![Edit::replace(as_keyword.span, wanted.clone())],
        ));
    }
}

const DOCS_EN: &str = r#"
# `AS` is not cased like `FROM`

## What it checks
A `FROM image AS name` where `FROM` is upper case and `as` is not, or `from` is lower case
and `AS` is not. A mixed-case `From` is left to PL914.

## Why it is risky
It is a matter of style: Dockerfile keywords work in any case, but mixing cases within one
line makes the file harder to read.

## Example
```dockerfile
FROM node:20-alpine as build
```

## Use instead
```dockerfile
FROM node:20-alpine AS build
```

## Fix
The fix writes `AS` in the case of `FROM`.

## When it is acceptable
When a team convention prefers another style; disable the rule in the settings.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
"#;

const DOCS_JA: &str = r#"
# `AS` の大文字・小文字が `FROM` とそろっていない

## チェック内容
`FROM` が大文字なのに `as` がそうでない、または `from` が小文字なのに `AS` がそうでない
`FROM image AS name` を検出します。`From` のように混在したものは PL914 が扱います。

## なぜ危険か
スタイルの問題です。Dockerfileのキーワードは大文字でも小文字でも動きますが、1行の中で
混在していると読みにくくなります。

## 問題のある例
```dockerfile
FROM node:20-alpine as build
```

## 代わりに
```dockerfile
FROM node:20-alpine AS build
```

## 修正方法
自動修正は `AS` を `FROM` と同じ大文字・小文字で書き直します。

## 許容される場合
チームの規約が別のスタイルを採用している場合です。設定でルールを無効にしてください。

## 参考資料
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
"#;
