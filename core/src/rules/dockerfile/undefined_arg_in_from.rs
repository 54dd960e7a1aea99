use crate::fix::{Edit, Fix};
use crate::model::AUTOMATIC_PLATFORM_ARGS;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::variable_references;
use crate::span::Span;
use crate::syntax::{Args, Keyword};

use super::support::{
    closest_name, is_variable_name, line_start, name_in_reference, span_in_word, typo_allowance,
};

pub const RULE: Rule = Rule {
    code: "PL917",
    name: "undefined-arg-in-from",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::Sometimes,
    aliases: &[alias(Tool::Buildkit, "UndefinedArgInFrom")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Build arguments BuildKit reads itself.
const BUILDKIT_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

fn check(context: &Context, out: &mut Diagnostics) {
    let model = context.model;
    let known: Vec<&str> = model
        .global_args
        .iter()
        .map(|def| def.name.as_str())
        .chain(AUTOMATIC_PLATFORM_ARGS)
        .collect();
    let Some(first_from) = model.stages.first().map(|stage| stage.from) else {
        return;
    };
    for stage in &model.stages {
        let from = &context.dockerfile.instructions[stage.from];
        let mut words: Vec<(&str, Span)> = Vec::new();
        if let Args::From(args) = &from.args {
            words.extend(
                args.image
                    .as_ref()
                    .map(|word| (word.text.as_str(), word.span)),
            );
        }
        if let Some(span) = from.flag("platform").and_then(|flag| flag.value_span) {
            words.push((&context.source[span.range()], span));
        }
        for (text, span) in words {
            for reference in variable_references(text, context.dockerfile.escape) {
                let name = reference.name.as_str();
                if !is_variable_name(name) || known.contains(&name) || BUILDKIT_ARGS.contains(&name)
                {
                    continue;
                }
                let written = &text[reference.range.clone()];
                let reference_span =
                    span_in_word(context.source, span, text, reference.range.clone());
                let suggestion = closest_name(name, known.iter().copied(), typo_allowance(name));
                let declared_in_stage = declared_in_a_stage(context, name);
                let consequence = if reference.has_default {
                    (
                        "its fallback is always used and `--build-arg` cannot change it",
                        "常にフォールバック値が使われ、`--build-arg` でも変えられません",
                    )
                } else {
                    ("it expands to an empty string", "空文字列に展開されます")
                };
                let (advice_en, advice_ja) = match (suggestion, declared_in_stage) {
                    (Some(suggestion), _) => (
                        format!("did you mean `{suggestion}`?"),
                        format!("`{suggestion}` の誤りではありませんか？"),
                    ),
                    (None, true) => (
                        format!("an ARG inside a stage does not apply to FROM lines: move `ARG {name}` above the first FROM"),
                        format!("ステージ内の ARG は FROM 行には効きません。`ARG {name}` を最初の FROM より前に移動してください"),
                    ),
                    (None, false) => (
                        format!("declare `ARG {name}` before the first FROM"),
                        format!("最初の FROM より前で `ARG {name}` を宣言してください"),
                    ),
                };
                let message = crate::text!(
                    format!("`{written}` in FROM is not a global ARG (declared before the first FROM), so {}; {advice_en}", consequence.0),
                    format!("FROM の `{written}` はグローバル ARG（最初の FROM より前で宣言）ではないため、{}。{advice_ja}", consequence.1),
                );
                let fix = match suggestion {
                    Some(suggestion) => {
                        let name_span = span_in_word(
                            context.source,
                            span,
                            text,
                            name_in_reference(&reference.range, text, name),
                        );
                        (name_span != span).then(|| {
                            Fix::needs_review(
                                crate::text!(
                                    format!("Use `{suggestion}` instead of `{name}`."),
                                    format!("`{name}` を `{suggestion}` に置き換えます。"),
                                ),
                                vec![Edit::replace(name_span, suggestion)],
                            )
                        })
                    }
                    // With a fallback, declaring the ARG keeps today's result
                    // and lets `--build-arg` override it.
                    None if reference.has_default => {
                        let at = line_start(
                            context.source,
                            context.dockerfile.instructions[first_from].span.start,
                        );
                        Some(Fix::needs_review(
                            crate::text!(
                                format!("Declare `ARG {name}` before the first FROM."),
                                format!("最初の FROM より前で `ARG {name}` を宣言します。"),
                            ),
                            vec![Edit::insert(at, format!("ARG {name}\n"))],
                        ))
                    }
                    None => None,
                };
                let diagnostic = out.report(reference_span, message).in_stage(stage.index);
                if let Some(fix) = fix {
                    diagnostic.with_fix(fix);
                }
            }
        }
    }
}

/// Whether an ARG after the first FROM declares `name`.
fn declared_in_a_stage(context: &Context, name: &str) -> bool {
    context
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        .any(|(index, instruction)| {
            instruction.keyword == Keyword::Arg
                && context.stage_of(index).is_some()
                && matches!(&instruction.args, Args::Arg(decls) if decls.iter().any(|decl| decl.name.text == name))
        })
}

const DOCS_EN: &str = r#"
# FROM uses a build argument that is not declared before it

## What it checks
A `$NAME` in a FROM line (its image or its `--platform` flag) where `NAME` is neither a global
ARG (declared before the first FROM) nor one of the platform arguments BuildKit provides
(`TARGETPLATFORM`, `BUILDARCH`, ...). A close match among the declared names is suggested.

## Why it is risky
FROM lines only see global ARGs. An undeclared name expands to an empty string, so the build
pulls a different image than the author meant (`FROM node:${NODE_VERSON}` becomes
`node:`, an error, or `FROM ${REGISTRY}/app` loses its registry), and `--build-arg` cannot
change it. An ARG written inside a stage comes too late: it never applies to FROM.

## Example
```dockerfile
ARG NODE_VERSION=20.11
FROM node:${NODE_VERSON}-alpine
```

## Use instead
```dockerfile
ARG NODE_VERSION=20.11
FROM node:${NODE_VERSION}-alpine
```

## Fix
Correct the name or declare the ARG before the first FROM. The fix replaces a near-miss name
with the declared one, or declares `ARG NAME` when the reference has a fallback
(`${NAME:-...}`); both need a review.

## When it is acceptable
Never: an undeclared name in FROM is always empty.

## References
- [Dockerfile reference: Understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Dockerfile reference: Automatic platform ARGs](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
- [Build checks: UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
"#;

const DOCS_JA: &str = r#"
# FROM が宣言されていないビルド引数を使っている

## チェック内容
FROM 行（イメージ名または `--platform` フラグ）の `$NAME` のうち、`NAME` がグローバル ARG
（最初の FROM より前で宣言したもの）でも、BuildKit が自動で用意するプラットフォーム引数
（`TARGETPLATFORM`、`BUILDARCH` など）でもないものを検出します。宣言済みの名前に近いものが
あれば提案します。

## なぜ危険か
FROM 行から見えるのはグローバル ARG だけです。宣言されていない名前は空文字列に展開され、
作者の意図と違うイメージを取得します（`FROM node:${NODE_VERSON}` は `node:` になってエラーに
なり、`FROM ${REGISTRY}/app` はレジストリを失います）。`--build-arg` でも変えられません。
ステージ内に書いた ARG は遅すぎて、FROM には決して効きません。

## 問題のある例
```dockerfile
ARG NODE_VERSION=20.11
FROM node:${NODE_VERSON}-alpine
```

## 代わりに
```dockerfile
ARG NODE_VERSION=20.11
FROM node:${NODE_VERSION}-alpine
```

## 修正方法
名前を直すか、最初の FROM より前で ARG を宣言してください。自動修正は、綴りが近い名前を
宣言済みの名前に置き換えるか、フォールバック付きの参照（`${NAME:-...}`）なら `ARG NAME` を
宣言します。どちらも確認が必要です。

## 許容される場合
ありません。FROM の未宣言の名前は常に空になります。

## 参考資料
- [Dockerfile リファレンス: ARG と FROM の関係](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Dockerfile リファレンス: 自動プラットフォーム ARG](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
- [Build checks: UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
"#;
