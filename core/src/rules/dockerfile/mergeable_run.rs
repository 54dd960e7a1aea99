use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::span::Span;
use crate::syntax::{Args, Command, Instruction, Keyword};

pub const RULE: Rule = Rule {
    code: "PL924",
    name: "mergeable-run",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Hadolint, "DL3059"),
        alias(Tool::Kics, "Multiple RUN, ADD, COPY, Instructions Listed"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// RUNs with more commands than this are usually split on purpose (a cache
/// boundary between installing dependencies and building, for example), as
/// hadolint's DL3059 also assumes.
const SMALL_RUN: usize = 1;

fn check(context: &Context, out: &mut Diagnostics) {
    let instructions = &context.dockerfile.instructions;
    for index in 1..instructions.len() {
        let (previous, current) = (&instructions[index - 1], &instructions[index]);
        if flags(previous) != flags(current) {
            continue;
        }
        if let Some(destination) = same_destination(previous, current) {
            let keyword = &current.keyword_text;
            let message = crate::text!(
                format!("this {keyword} directly follows the {keyword} on line {} to the same destination `{destination}` with the same options, and each adds a layer; list all the sources in one {keyword} whose destination ends in `/`", previous.line),
                format!("この {keyword} は同じ宛先 `{destination}`・同じオプションの {} 行目の {keyword} のすぐ後にあり、命令ごとにレイヤーが増えます。ソースをまとめ、宛先を `/` で終わらせた1つの {keyword} に書いてください", previous.line),
            );
            let diagnostic = out.report(current.keyword_span, message);
            if let Some(stage) = context.stage_of(index) {
                diagnostic.in_stage(stage);
            }
            continue;
        }
        if !mergeable(context, index - 1) || !mergeable(context, index) {
            continue;
        }
        let message = crate::text!(
            format!("this RUN directly follows the RUN on line {} with the same options, and each RUN adds a layer; join them with `&&`", previous.line),
            format!("この RUN は同じオプションの {} 行目の RUN のすぐ後にあり、RUN ごとにレイヤーが増えます。`&&` でつなげてください", previous.line),
        );
        let diagnostic = out.report(current.keyword_span, message);
        if let Some(stage) = context.stage_of(index) {
            diagnostic.in_stage(stage);
        }
        if let Some(fix) = join_fix(context, previous, current) {
            diagnostic.with_fix(fix);
        }
    }
}

/// Two COPY (or two ADD) instructions in a row to the same destination,
/// without heredocs: one instruction can list all the sources (into a
/// destination ending in `/`). Returns the destination.
fn same_destination<'a>(previous: &Instruction, current: &'a Instruction) -> Option<&'a str> {
    if previous.keyword != current.keyword
        || !matches!(current.keyword, Keyword::Copy | Keyword::Add)
        || !previous.heredocs.is_empty()
        || !current.heredocs.is_empty()
    {
        return None;
    }
    let (Args::Copy(first), Args::Copy(second)) = (&previous.args, &current.args) else {
        return None;
    };
    let first_destination = first.destination.as_ref()?;
    let destination = second.destination.as_ref()?;
    (first_destination.text == destination.text
        && !first.sources.is_empty()
        && !second.sources.is_empty())
    .then_some(destination.text.as_str())
}

/// A shell-form RUN without heredocs, in a stage, with a few commands.
fn mergeable(context: &Context, index: usize) -> bool {
    let instruction = &context.dockerfile.instructions[index];
    let shell_form = matches!(instruction.command(), Some(Command::Shell { .. }));
    if instruction.keyword != Keyword::Run || !shell_form || !instruction.heredocs.is_empty() {
        return false;
    }
    let commands: usize = context
        .scripts_of(index)
        .iter()
        .map(|script| {
            script
                .script
                .commands
                .iter()
                .filter(|command| !command.in_substitution)
                .count()
        })
        .sum();
    (1..=SMALL_RUN).contains(&commands)
}

/// The flags as written, in order: RUNs with different mounts, network or
/// security settings cannot share a layer.
fn flags(instruction: &Instruction) -> Vec<(&str, Option<&str>)> {
    instruction
        .flags
        .iter()
        .map(|flag| (flag.name.as_str(), flag.value.as_deref()))
        .collect()
}

/// Replaces the end of the first script up to the second's commands with
/// ` && `, a line continuation and a new line, when that is a plain join.
fn join_fix(context: &Context, previous: &Instruction, current: &Instruction) -> Option<Fix> {
    let first = previous.args_text();
    // A trailing `;`, `&` or shell comment would swallow or break the join.
    if first.contains('#') || first.trim_end().ends_with([';', '&']) {
        return None;
    }
    let gap = Span::new(previous.args_span().end, current.args_span().start);
    if context
        .dockerfile
        .comments
        .iter()
        .any(|comment| gap.contains(comment.span.start))
    {
        return None;
    }
    Some(Fix::needs_review(
        crate::text!(
            "Join the two RUN instructions with `&&`.",
            "2つの RUN 命令を `&&` でつなげます。",
        ),
        vec![Edit::replace(
            gap,
            format!(" && {}\n    ", context.dockerfile.escape),
        )],
    ))
}

const DOCS_EN: &str = r#"
# Consecutive RUN instructions that could be one

## What it checks
A RUN that directly follows another RUN of the same stage with the same flags (comments in
between do not count), when both are shell-form scripts of a single command. RUNs with
heredocs, exec form, different `--mount`, `--network` or `--security` flags, and scripts that
already chain commands (often split on purpose to keep a cache boundary) are left alone.
Also two COPY (or two ADD) instructions in a row with the same flags and the same
destination, which one instruction listing all the sources (into a directory, ending in `/`)
would do.

## Why it is risky
Every RUN adds a layer. Splitting one step over several RUNs makes the image larger when a
later RUN deletes what an earlier one created (the files stay in the earlier layer), and
slows pulls. Joining related commands also keeps clean-up in the layer that made the mess.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache git
RUN git config --system advice.detachedHead false
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache git && \
    git config --system advice.detachedHead false
```

## Fix
Join the scripts with `&&`. The fix does so when the first script does not end with `;`, `&`
or a shell comment; review it, because a `cd` or variable in the first script now affects the
second.

## When it is acceptable
When the split is a deliberate cache boundary, or the RUNs are easier to read apart; BuildKit
builds are fast either way, so this is advice, not a defect.

## References
- [Docker docs: Dockerfile best practices, RUN](https://docs.docker.com/build/building/best-practices/#run)
"#;

const DOCS_JA: &str = r#"
# 1つにまとめられる連続した RUN 命令

## チェック内容
同じステージで、同じフラグを持つ RUN のすぐ後に続く RUN を検出します（間のコメントは数え
ません）。どちらもコマンド1つだけのシェル形式のスクリプトである場合です。
ヒアドキュメントを使う RUN、exec 形式、`--mount`・`--network`・`--security` の異なる RUN、
すでにコマンドをつないでいるスクリプト（キャッシュの境界として意図的に分けていることが
多い）は対象外です。同じフラグで同じ宛先にコピーする COPY（または ADD）が2つ続く場合も
検出します。ソースを並べ、宛先を `/` で終わるディレクトリにした1つの命令で済むためです。

## なぜ危険か
RUN ごとにレイヤーが1つ増えます。1つの手順を複数の RUN に分けると、前の RUN で作ったものを
後の RUN で削除してもファイルが前のレイヤーに残るためイメージが大きくなり、取得も遅く
なります。関連するコマンドをまとめれば、後片付けも散らかしたのと同じレイヤーで行えます。

## 問題のある例
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache git
RUN git config --system advice.detachedHead false
```

## 代わりに
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache git && \
    git config --system advice.detachedHead false
```

## 修正方法
スクリプトを `&&` でつなげてください。最初のスクリプトが `;`、`&`、シェルのコメントで終わって
いなければ自動修正がつなげます。最初のスクリプトの `cd` や変数が2つ目にも影響するように
なるため、確認してください。

## 許容される場合
意図的なキャッシュの境界である場合や、RUN を分けたほうが読みやすい場合です。BuildKit では
どちらでもビルドは速いため、これは欠陥ではなく助言です。

## 参考資料
- [Docker ドキュメント: Dockerfile のベストプラクティス（RUN）](https://docs.docker.com/build/building/best-practices/#run)
"#;
