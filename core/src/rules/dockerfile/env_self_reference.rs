use crate::fix::{Edit, Fix};
use crate::model::unquote;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::variable_references;
use crate::span::Span;
use crate::syntax::{Args, Keyword};

use super::support::span_in_word;

pub const RULE: Rule = Rule {
    code: "PL919",
    name: "env-self-reference",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::NeedsReview,
    aliases: &[alias(Tool::Hadolint, "DL3044")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let (Keyword::Env, Args::KeyValues(pairs)) = (&instruction.keyword, &instruction.args)
        else {
            continue;
        };
        // An ENV before the first FROM is a parse error, but the mistake is
        // the same: report it too.
        let stage = context.stage_of(index);
        for (position, pair) in pairs.iter().enumerate() {
            let earlier: Vec<String> = pairs[..position]
                .iter()
                .map(|pair| unquote(&pair.key.text))
                .collect();
            for reference in variable_references(&pair.value.text, context.dockerfile.escape) {
                let name = &reference.name;
                if !earlier.contains(name) || keeps_its_value(&pairs[..position], name) {
                    continue;
                }
                let written = &pair.value.text[reference.range.clone()];
                let key = unquote(&pair.key.text);
                let previous = match context.model.lookup(index, name) {
                    Some(def) => match &def.value {
                        Some(value) => (
                            format!("its value from before this ENV (`{value}`)"),
                            format!("この ENV より前の値（`{value}`）"),
                        ),
                        None => (
                            "its value from before this ENV".to_string(),
                            "この ENV より前の値".to_string(),
                        ),
                    },
                    None => (
                        "an empty string, as it was not set before this ENV".to_string(),
                        "空文字列（この ENV より前には未設定）".to_string(),
                    ),
                };
                let span = span_in_word(
                    context.source,
                    pair.value.span,
                    &pair.value.text,
                    reference.range.clone(),
                );
                let message = crate::text!(
                    format!("`{key}` uses `{written}`, which this same ENV sets, but all values of one ENV are expanded first, so it gets {}; set `{name}` in an earlier ENV", previous.0),
                    format!("`{key}` は同じ ENV で設定する `{written}` を使っていますが、1つの ENV の値はすべて先に展開されるため、{}になります。`{name}` は前の ENV で設定してください", previous.1),
                );
                let gap = Span::new(pairs[position - 1].value.span.end, pair.key.span.start);
                let diagnostic = out.report(span, message);
                if let Some(stage) = stage {
                    diagnostic.in_stage(stage);
                }
                // A comment line inside the continuation would be lost.
                if context
                    .dockerfile
                    .comments
                    .iter()
                    .any(|comment| gap.contains(comment.span.start))
                {
                    continue;
                }
                diagnostic.with_fix(Fix::needs_review(
                    crate::text!(
                        format!("Start a new ENV at `{key}` so that it sees the new `{name}`."),
                        format!(
                            "`{key}` から新しい ENV に分け、新しい `{name}` が見えるようにします。"
                        ),
                    ),
                    vec![Edit::replace(gap, "\nENV ")],
                ));
            }
        }
    }
}

/// Whether the last of `pairs` that sets `name` sets it to itself
/// (`DATABASE_URL=$DATABASE_URL`, turning an ARG into an ENV): the value a
/// later pair reads from before the ENV is then the same as the new one.
fn keeps_its_value(pairs: &[crate::syntax::KeyValue], name: &str) -> bool {
    pairs
        .iter()
        .rev()
        .find(|pair| unquote(&pair.key.text) == name)
        .is_some_and(|pair| {
            let value = unquote(&pair.value.text);
            value == format!("${name}") || value == format!("${{{name}}}")
        })
}

const DOCS_EN: &str = r#"
# ENV uses a variable it sets itself

## What it checks
An ENV instruction with several `key=value` pairs where a value refers to a variable that an
earlier pair of the same instruction sets: `ENV APP_HOME=/app APP_BIN=$APP_HOME/bin`. A pair
that sets the variable to itself (`ENV DATABASE_URL=$DATABASE_URL DIRECT_URL=$DATABASE_URL`,
an ARG made an ENV) gives it no new value, so a later pair reads the same one and is not
reported.

## Why it is risky
BuildKit expands every value of one ENV with the variables from before the instruction, so
`APP_BIN` becomes `/bin` (or uses an older `APP_HOME`) instead of `/app/bin`. The image then
runs with a wrong path or setting, and nothing in the build reports it.

## Example
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/app
ENV APP_BIN=$APP_HOME/bin
```

## Fix
Split the instruction so that the variable is set by an earlier ENV. The fix starts a new ENV
at the pair that uses it; review it, because the value changes to the one you meant.

## When it is acceptable
When the old value is what you want (`ENV VERSION=2 OLD_VERSION=$VERSION`); a separate ENV
states that more clearly.

## References
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [Dockerfile reference: Environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
"#;

const DOCS_JA: &str = r#"
# ENV が自分で設定する変数を使っている

## チェック内容
複数の `key=value` を持つ ENV 命令で、同じ命令の前のペアが設定する変数を値の中で参照して
いるものを検出します。例: `ENV APP_HOME=/app APP_BIN=$APP_HOME/bin`。変数を自分自身に設定する
ペア（`ENV DATABASE_URL=$DATABASE_URL DIRECT_URL=$DATABASE_URL` のように ARG を ENV にするもの）は
新しい値を与えないため、後のペアが読む値も同じであり、報告しません。

## なぜ危険か
BuildKit は1つの ENV のすべての値を、その命令より前の変数で展開します。そのため
`APP_BIN` は `/app/bin` ではなく `/bin`（または古い `APP_HOME` の値）になります。イメージは
誤ったパスや設定で動き、ビルドは何も報告しません。

## 問題のある例
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
```

## 代わりに
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/app
ENV APP_BIN=$APP_HOME/bin
```

## 修正方法
変数が前の ENV で設定されるよう命令を分けてください。自動修正は、変数を使うペアから新しい
ENV を始めます。値が意図したものに変わるため、確認してください。

## 許容される場合
古い値を使いたい場合です（`ENV VERSION=2 OLD_VERSION=$VERSION`）。その場合も ENV を分けた
ほうが意図が明確になります。

## 参考資料
- [Dockerfile リファレンス: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [Dockerfile リファレンス: 環境変数の置換](https://docs.docker.com/reference/dockerfile/#environment-replacement)
"#;
