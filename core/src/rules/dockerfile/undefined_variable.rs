use crate::fix::{Edit, Fix};
use crate::model::{Base, PREDEFINED_ARGS};
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::variable_references;
use crate::span::Span;
use crate::syntax::{Args, Instruction, Keyword};

use super::stage_label;
use super::support::{
    closest_name, is_variable_name, name_in_reference, next_line_start, span_in_word,
    typo_allowance,
};

pub const RULE: Rule = Rule {
    code: "PL916",
    name: "undefined-variable",
    section: Section::Dockerfile,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[alias(Tool::Buildkit, "UndefinedVar")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Build arguments BuildKit reads itself; they are never in a stage's scope.
const BUILDKIT_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// Why an undefined reference is reported although the base image's ENV,
/// which we cannot see, might define it.
enum Evidence {
    /// A global ARG, which a stage only sees after `ARG NAME`.
    GlobalArg,
    /// Declared by ARG or ENV later in the same stage.
    DeclaredLater,
    /// Declared by ARG or ENV in another stage.
    OtherStage(String),
    /// Close to a defined name.
    Typo(String),
    /// The stage starts from scratch (no image ENV), or the name has lower-case
    /// letters, which image ENV names do not use.
    Undefined,
}

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let Some(stage) = context.stage_of(index) else {
            continue;
        };
        let defined_here = names_defined_by(instruction);
        for (text, span) in expanded_words(context, instruction) {
            for reference in variable_references(text, context.dockerfile.escape) {
                let name = reference.name.as_str();
                if reference.has_default
                    || !is_variable_name(name)
                    || context.model.lookup(index, name).is_some()
                    || PREDEFINED_ARGS.contains(&name)
                    || BUILDKIT_ARGS.contains(&name)
                    // `ENV A=1 B=$A` is PL919's finding.
                    || defined_here.contains(&name)
                {
                    continue;
                }
                let Some(evidence) = evidence(context, index, stage, name) else {
                    continue;
                };
                let keyword = instruction.keyword.as_str();
                let written = &text[reference.range.clone()];
                let reference_span =
                    span_in_word(context.source, span, text, reference.range.clone());
                let (message, fix) = describe(context, stage, keyword, written, name, &evidence);
                let fix = fix.or_else(|| match &evidence {
                    Evidence::Typo(suggestion) => {
                        let name_range = name_in_reference(&reference.range, text, name);
                        let name_span = span_in_word(context.source, span, text, name_range);
                        (name_span != span).then(|| {
                            Fix::needs_review(
                                crate::text!(
                                    format!("Use `{suggestion}` instead of `{name}`."),
                                    format!("`{name}` を `{suggestion}` に置き換えます。"),
                                ),
                                vec![Edit::replace(name_span, suggestion.clone())],
                            )
                        })
                    }
                    _ => None,
                });
                let diagnostic = out.report(reference_span, message).in_stage(stage);
                if let Some(fix) = fix {
                    diagnostic.with_fix(fix);
                }
            }
        }
    }
}

/// The words of an instruction that BuildKit expands, as written, with their spans.
fn expanded_words<'a>(context: &'a Context, instruction: &'a Instruction) -> Vec<(&'a str, Span)> {
    let mut words: Vec<(&str, Span)> = Vec::new();
    match (&instruction.keyword, &instruction.args) {
        (Keyword::Add | Keyword::Copy, Args::Copy(copy)) => {
            for flag in &instruction.flags {
                if let Some(value_span) = flag.value_span {
                    words.push((&context.source[value_span.range()], value_span));
                }
            }
            for word in copy.sources.iter().chain(&copy.destination) {
                words.push((&word.text, word.span));
            }
        }
        (Keyword::Env | Keyword::Label, Args::KeyValues(pairs)) => {
            for pair in pairs {
                words.push((&pair.key.text, pair.key.span));
                words.push((&pair.value.text, pair.value.span));
            }
        }
        (Keyword::Expose | Keyword::Volume, Args::List { items, .. }) => {
            words.extend(items.iter().map(|word| (word.text.as_str(), word.span)));
        }
        (Keyword::User | Keyword::Workdir | Keyword::Stopsignal, Args::Text(Some(word))) => {
            words.push((&word.text, word.span));
        }
        _ => {}
    }
    words
}

fn names_defined_by(instruction: &Instruction) -> Vec<&str> {
    match (&instruction.keyword, &instruction.args) {
        (Keyword::Env, Args::KeyValues(pairs)) => {
            pairs.iter().map(|pair| pair.key.text.as_str()).collect()
        }
        _ => Vec::new(),
    }
}

fn evidence(context: &Context, index: usize, stage: usize, name: &str) -> Option<Evidence> {
    let model = context.model;
    if model.global_args.iter().any(|def| def.name == name) {
        return Some(Evidence::GlobalArg);
    }
    let declaring: Vec<usize> = stages_declaring(context, name);
    // A stage built `FROM <stage>` inherits that stage's ARGs and ENV
    // (BuildKit copies the parent's build arguments too).
    let ancestry = model.ancestry(stage);
    if declaring
        .iter()
        .any(|declared| *declared != stage && ancestry.contains(declared))
    {
        return None;
    }
    if declaring.contains(&stage) {
        return Some(Evidence::DeclaredLater);
    }
    if let Some(&other) = declaring.first() {
        return Some(Evidence::OtherStage(stage_label(&model.stages[other])));
    }
    let candidates = model
        .scope(index)
        .iter()
        .map(|def| def.name.as_str())
        .chain(["PATH"]);
    // One edit at most: a longer distance is as likely a name the base
    // image defines (`GOPATH` is not a typo of `PATH`).
    if let Some(suggestion) = closest_name(name, candidates, typo_allowance(name).min(1)) {
        return Some(Evidence::Typo(suggestion.to_string()));
    }
    let from_scratch = *model.root_base(stage) == Base::Scratch;
    let image_could_define = name != "PATH" && !name.chars().any(|ch| ch.is_ascii_lowercase());
    (from_scratch || !image_could_define).then_some(Evidence::Undefined)
}

/// The stages whose ARG or ENV declares `name`.
fn stages_declaring(context: &Context, name: &str) -> Vec<usize> {
    context
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        .filter_map(|(index, instruction)| {
            let declares = match &instruction.args {
                Args::Arg(decls) => decls.iter().any(|decl| decl.name.text == name),
                Args::KeyValues(pairs) if instruction.keyword == Keyword::Env => {
                    pairs.iter().any(|pair| pair.key.text == name)
                }
                _ => false,
            };
            declares.then(|| context.stage_of(index)).flatten()
        })
        .collect()
}

fn describe(
    context: &Context,
    stage: usize,
    keyword: &str,
    written: &str,
    name: &str,
    evidence: &Evidence,
) -> (Text, Option<Fix>) {
    match evidence {
        Evidence::GlobalArg => {
            let from = &context.dockerfile.instructions[context.model.stages[stage].from];
            let at = next_line_start(context.source, from.full_span().end);
            let fix = Fix::needs_review(
                crate::text!(
                    format!("Declare `ARG {name}` at the start of the stage so that it takes the global default."),
                    format!("ステージの先頭で `ARG {name}` を宣言し、グローバルのデフォルト値を引き継ぎます。"),
                ),
                vec![Edit::insert(at, format!("ARG {name}\n"))],
            );
            (
                crate::text!(
                    format!("`{written}` refers to the global ARG `{name}`, but an ARG declared before the first FROM is only visible to FROM lines, so it is empty in this {keyword}; add `ARG {name}` inside the stage"),
                    format!("`{written}` はグローバル ARG `{name}` を参照していますが、最初の FROM より前の ARG は FROM 行でしか見えないため、この {keyword} では空になります。ステージ内で `ARG {name}` を宣言してください"),
                ),
                Some(fix),
            )
        }
        Evidence::DeclaredLater => (
            crate::text!(
                format!("`{written}` is used before the ARG or ENV that declares `{name}` later in this stage, so it is empty in this {keyword}; move the declaration up"),
                format!("`{written}` は、このステージで後から `{name}` を宣言する ARG / ENV より前で使われているため、この {keyword} では空になります。宣言を前に移動してください"),
            ),
            None,
        ),
        Evidence::OtherStage(label) => (
            crate::text!(
                format!("`{written}` is only declared in stage `{label}`; every stage has its own ARG and ENV, so it is empty in this {keyword}; declare it in this stage"),
                format!("`{written}` はステージ `{label}` でしか宣言されていません。ARG と ENV はステージごとに独立しているため、この {keyword} では空になります。このステージでも宣言してください"),
            ),
            None,
        ),
        Evidence::Typo(suggestion) => (
            crate::text!(
                format!("`{written}` is not defined by any ARG or ENV before this {keyword}; did you mean `${suggestion}`?"),
                format!("`{written}` はこの {keyword} より前のどの ARG / ENV でも定義されていません。`${suggestion}` の誤りではありませんか？"),
            ),
            None,
        ),
        Evidence::Undefined => (
            crate::text!(
                format!("`{written}` is not defined by any ARG or ENV before this {keyword}, so it expands to an empty string; declare it with `ARG {name}` or `ENV {name}=...`, or give a default with `${{{name}:-...}}`"),
                format!("`{written}` はこの {keyword} より前のどの ARG / ENV でも定義されていないため、空文字列に展開されます。`ARG {name}` や `ENV {name}=...` で宣言するか、`${{{name}:-...}}` でデフォルト値を与えてください"),
            ),
            None,
        ),
    }
}

const DOCS_EN: &str = r#"
# Variable used without being defined

## What it checks
A `$NAME` or `${NAME}` in an instruction that BuildKit expands (ADD, COPY, ENV, EXPOSE,
LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR) when no ARG or ENV before it in the stage defines
`NAME`. References with a fallback (`${NAME:-default}`), the predefined proxy arguments and
the ARG and ENV a `FROM <stage>` base declares (BuildKit passes both on) are fine. FROM lines are checked by PL917.

BuildKit can also see the ENV of the base image; a static check cannot. So a name that the
base image might define (upper case, such as `JAVA_HOME`) is only reported when it is
certainly a mistake: a global ARG that the stage does not redeclare, a name declared only in
another stage, a near miss of a defined name (`$PAHT` for `$PATH`), a stage built from
`scratch`, or a lower-case name, which image ENV does not use.

## Why it is risky
An undefined variable silently expands to an empty string. `COPY app-$VERSION.jar /app/`
copies a different file than intended, `WORKDIR /opt/$APP` becomes `/opt/`, and
`ENV PATH=$PAHT:/app/bin` wipes the search path. The most common cause is a global ARG
(declared before the first FROM) used inside a stage: it is only visible to FROM lines until
the stage says `ARG NAME` again.

## Example
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
COPY app-${VERSION}.tar.gz /tmp/
```

```dockerfile
FROM alpine:3.20
ENV PATH=$PAHT:/app/bin
```

## Use instead
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
ARG VERSION
COPY app-${VERSION}.tar.gz /tmp/
```

## Fix
Declare the variable in the stage where it is used (`ARG NAME` takes the global default), or
correct the misspelt name. The fix adds `ARG NAME` after FROM for global ARGs and replaces a
near-miss name with the defined one; both need a review.

## When it is acceptable
When the base image's ENV defines the variable and the name looks unusual; suppress the
finding on that line.

## References
- [Dockerfile reference: Environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
- [Dockerfile reference: ARG scope](https://docs.docker.com/reference/dockerfile/#scope)
- [Build checks: UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
"#;

const DOCS_JA: &str = r#"
# 未定義の変数を使用している

## チェック内容
BuildKit が変数を展開する命令（ADD、COPY、ENV、EXPOSE、LABEL、STOPSIGNAL、USER、VOLUME、
WORKDIR）の `$NAME` や `${NAME}` のうち、ステージ内でそれより前の ARG / ENV で定義されて
いないものを検出します。フォールバック付きの参照（`${NAME:-default}`）、定義済みのプロキシ
引数、`FROM <ステージ>` の元のステージが宣言した ARG と ENV（BuildKit はどちらも引き継ぎます）は
対象外です。FROM 行は PL917 が確認します。

BuildKit はベースイメージの ENV も参照できますが、静的なチェックでは見えません。そのため、
ベースイメージが定義しているかもしれない名前（`JAVA_HOME` のような大文字の名前）は、確実に
誤りと言える場合だけ報告します。ステージ内で再宣言していないグローバル ARG、別のステージで
しか宣言されていない名前、定義済みの名前に近い綴り（`$PATH` に対する `$PAHT`）、`scratch`
から作るステージ、そしてイメージの ENV では使われない小文字の名前です。

## なぜ危険か
未定義の変数は何の警告もなく空文字列に展開されます。`COPY app-$VERSION.jar /app/` は意図と
違うファイルをコピーし、`WORKDIR /opt/$APP` は `/opt/` になり、`ENV PATH=$PAHT:/app/bin` は
検索パスを消してしまいます。最も多い原因は、最初の FROM より前で宣言したグローバル ARG を
ステージ内で使うことです。グローバル ARG はステージで `ARG NAME` と書き直すまで FROM 行から
しか見えません。

## 問題のある例
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
COPY app-${VERSION}.tar.gz /tmp/
```

```dockerfile
FROM alpine:3.20
ENV PATH=$PAHT:/app/bin
```

## 代わりに
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
ARG VERSION
COPY app-${VERSION}.tar.gz /tmp/
```

## 修正方法
変数を使うステージで宣言するか（`ARG NAME` はグローバルのデフォルト値を引き継ぎます）、
綴りの誤りを直してください。自動修正は、グローバル ARG なら FROM の後に `ARG NAME` を追加し、
綴りが近い名前なら定義済みの名前に置き換えます。どちらも確認が必要です。

## 許容される場合
ベースイメージの ENV が変数を定義していて、名前がたまたま上の条件に当てはまる場合です。
その行で指摘を抑制してください。

## 参考資料
- [Dockerfile リファレンス: 環境変数の置換](https://docs.docker.com/reference/dockerfile/#environment-replacement)
- [Dockerfile リファレンス: ARG のスコープ](https://docs.docker.com/reference/dockerfile/#scope)
- [Build checks: UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
"#;
