use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::expand_word;
use crate::span::Span;
use crate::syntax::{Args, KeyValue, Keyword};

use super::shared::{has_comment_inside, push_quoted_literal};

pub const RULE: Rule = Rule {
    code: "PL913",
    name: "legacy-key-value-format",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "LegacyKeyValueFormat")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if !matches!(instruction.keyword, Keyword::Env | Keyword::Label) {
            continue;
        }
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        let Some(pair) = pairs.iter().find(|pair| pair.legacy) else {
            continue;
        };
        if pair.value.text.is_empty() {
            continue;
        }
        let keyword = instruction.keyword.as_str();
        let key = &pair.key.text;
        let diagnostic = out.report(
            pair.key.span,
            crate::text!(
                format!("`{keyword} {key} <value>` is the legacy form without `=`, which BuildKit deprecates and which cannot hold more than one pair; write `{keyword} {key}=<value>`"),
                format!("`{keyword} {key} <value>` は `=` のない古い書き方で、BuildKitが非推奨にしており、1つの命令に複数の組を書けません。`{keyword} {key}=<value>` と書いてください"),
            ),
        );
        if let Some(stage) = context.stage_of(index) {
            diagnostic.in_stage(stage);
        }
        if let Some(edit) = rewrite(context, pair) {
            let rewritten = format!("{keyword} {}", edit.replacement);
            diagnostic.with_fix(Fix::safe(
                crate::text!(
                    format!("Write `{rewritten}`."),
                    format!("`{rewritten}` と書きます。"),
                ),
                vec![edit],
            ));
        }
    }
}

/// `key=value` with the same value after BuildKit's expansion, or `None`
/// when that cannot be guaranteed (or a comment sits inside the value).
fn rewrite(context: &Context, pair: &KeyValue) -> Option<Edit> {
    let span = Span::new(pair.key.span.start, pair.value.span.end);
    if has_comment_inside(context, span) {
        return None;
    }
    let escape = context.dockerfile.escape;
    let raw = &pair.value.text;
    let value = if has_unquoted_blank(raw, escape) {
        as_double_quoted(raw, escape)
    } else {
        raw.clone()
    };
    // Same expansion with any variable values: the rewrite keeps the meaning.
    let marker = |name: &str| Some(format!("<{name}>"));
    let before = expand_word(raw, escape, &marker).ok()?;
    let after = expand_word(&value, escape, &marker).ok()?;
    (before.value == after.value).then(|| Edit::replace(span, format!("{}={value}", pair.key.text)))
}

/// Whether the value has whitespace outside quotes (it would split into words).
fn has_unquoted_blank(raw: &str, escape: char) -> bool {
    let mut quote = None;
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        match quote {
            None if ch == escape => {
                chars.next();
            }
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch.is_whitespace() => return true,
            Some('"') if ch == escape => {
                chars.next();
            }
            Some(open) if ch == open => quote = None,
            _ => {}
        }
    }
    false
}

/// The legacy value as one double-quoted word: unquoted and double-quoted
/// parts keep their meaning, single-quoted parts become escaped literals.
fn as_double_quoted(raw: &str, escape: char) -> String {
    let mut out = String::from("\"");
    let mut quote = None;
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        match quote {
            None if ch == escape => {
                if let Some(next) = chars.next() {
                    push_quoted_literal(&mut out, next, escape);
                }
            }
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            Some('"') if ch == escape => {
                out.push(ch);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            Some(open) if ch == open => quote = None,
            Some('\'') => push_quoted_literal(&mut out, ch, escape),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

const DOCS_EN: &str = r#"
# ENV or LABEL in the legacy `key value` form

## What it checks
An `ENV` or `LABEL` written as `ENV key value`, with whitespace instead of `=`.

## Why it is risky
It is a matter of style and clarity. The legacy form takes the whole rest of the line as
the value, so `ENV PATH /app/bin:$PATH extra` silently includes ` extra`, and it cannot set
more than one variable per instruction. BuildKit deprecates it. The `key=value` form reads
the same everywhere and makes quoting explicit.

## Example
```dockerfile
FROM alpine:3.20
ENV APP_HOME /srv/app
LABEL description A small web service
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/srv/app
LABEL description="A small web service"
```

## Fix
The fix writes `key=value`, putting the value in double quotes when it contains spaces. It
is offered only when the new value expands exactly like the old one.

## When it is acceptable
When a team convention prefers another style; disable the rule in the settings.

## References
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [Dockerfile reference: LABEL](https://docs.docker.com/reference/dockerfile/#label)
- [Build checks: LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
"#;

const DOCS_JA: &str = r#"
# ENVやLABELが古い `key value` 形式

## チェック内容
`=` ではなく空白で区切った `ENV key value` の形で書かれた `ENV` や `LABEL` を検出します。

## なぜ危険か
スタイルと分かりやすさの問題です。古い形式は行の残りすべてを値として扱うため、
`ENV PATH /app/bin:$PATH extra` では ` extra` まで黙って値に含まれます。また1つの命令で
複数の変数を設定できません。BuildKitはこの形式を非推奨にしています。`key=value` 形式なら
どこでも同じように読め、引用符の扱いも明確です。

## 問題のある例
```dockerfile
FROM alpine:3.20
ENV APP_HOME /srv/app
LABEL description A small web service
```

## 代わりに
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/srv/app
LABEL description="A small web service"
```

## 修正方法
自動修正は `key=value` の形に書き換え、値に空白があれば二重引用符で囲みます。新しい値が
元の値とまったく同じに展開される場合にだけ修正を提示します。

## 許容される場合
チームの規約が別のスタイルを採用している場合です。設定でルールを無効にしてください。

## 参考資料
- [Dockerfile リファレンス: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [Dockerfile リファレンス: LABEL](https://docs.docker.com/reference/dockerfile/#label)
- [Build checks: LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
"#;
