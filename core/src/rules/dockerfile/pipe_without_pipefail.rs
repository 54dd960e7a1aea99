use crate::fix::{Edit, Fix};
use crate::model::RunScript;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Connector, SimpleCommand};
use crate::syntax::Command;

use super::support::{base_family, line_start, program, Family};

pub const RULE: Rule = Rule {
    code: "PL921",
    name: "pipe-without-pipefail",
    section: Section::Dockerfile,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL4006"),
        alias(Tool::Trivy, "DS-0032"),
        alias(Tool::Kics, "Shell Running A Pipe Without Pipefail Flag"),
        alias(Tool::Semgrep, "set-pipefail"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Commands in front of a pipe whose failure does not matter: they print
/// text or read local state and only fail on a programming error (`echo`,
/// `find`, `dpkg --print-architecture`), or are meant to be cut off (`yes`,
/// which pipefail would break). Downloads, archives and interpreters are
/// what pipefail protects.
const LOCAL_SOURCES: &[&str] = &[
    "echo",
    "printf",
    "yes",
    "true",
    "cat",
    "ls",
    "find",
    "grep",
    "egrep",
    "sed",
    "awk",
    "cut",
    "sort",
    "uniq",
    "tr",
    "head",
    "tail",
    "wc",
    "xargs",
    "tee",
    "uname",
    "id",
    "env",
    "getent",
    "dpkg",
    "dpkg-query",
    "apt-mark",
    "apk",
    "rpm",
    "locale",
    "ldd",
    "scanelf",
    "readelf",
    "basename",
    "dirname",
    "diff",
    "cmp",
    "md5sum",
    "sha1sum",
    "sha256sum",
    "sha512sum",
];

const SHELL_LINE: &str = r#"SHELL ["/bin/bash", "-o", "pipefail", "-c"]"#;

fn check(context: &Context, out: &mut Diagnostics) {
    // Scripts come in instruction order: one finding per RUN needs only
    // the last one reported.
    let mut reported = None;
    for script in context.scripts {
        let index = script.instruction;
        if reported == Some(index) || shell_sets_pipefail(context, index) {
            continue;
        }
        let Some((pipeline, risky)) = first_risky_pipeline(script) else {
            continue;
        };
        reported = Some(index);
        let first = pipeline[0];
        let last = pipeline[pipeline.len() - 1];
        let span = context.script_span(script, first.range.start..last.range.end);
        let source = program(risky).map_or("a command", |(_, name)| name);
        let message = crate::text!(
            format!("this pipeline's exit status is only that of its last command, so a failing `{source}` does not stop the build; set `-o pipefail` (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]) or start the script with `set -o pipefail`"),
            format!("このパイプラインの終了ステータスは最後のコマンドのものだけなので、`{source}` が失敗してもビルドは止まりません。`-o pipefail` を設定する（SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]）か、スクリプトを `set -o pipefail` で始めてください"),
        );
        let diagnostic = out.report(span, message);
        if let Some(stage) = script.stage {
            diagnostic.in_stage(stage);
        }
        diagnostic.with_fix(fix(context, script));
    }
}

/// Whether the shell that runs the RUN has `-o pipefail`: its SHELL, or the
/// program of an exec-form `["bash", "-o", "pipefail", "-c", ...]`.
fn shell_sets_pipefail(context: &Context, index: usize) -> bool {
    let instruction = context.dockerfile.instructions[index].effective();
    match instruction.command() {
        Some(Command::Exec(words)) => {
            has_pipefail_option(words.iter().map(|word| word.text.as_str()))
        }
        _ => context.model.effective[index]
            .shell
            .as_ref()
            .is_some_and(|shell| has_pipefail_option(shell.iter().map(String::as_str))),
    }
}

/// `-o pipefail`, `-eo pipefail`, `-opipefail` among a shell's arguments.
fn has_pipefail_option<'a>(args: impl Iterator<Item = &'a str>) -> bool {
    let args: Vec<&str> = args.collect();
    args.iter().enumerate().any(|(position, arg)| {
        let option = arg.starts_with('-') && !arg.starts_with("--") && arg.contains('o');
        *arg == "-opipefail" || option && args.get(position + 1) == Some(&"pipefail")
    })
}

/// The first pipeline of the script (outside `sh -c` strings, which run a new
/// shell) with an earlier command that can fail unseen, before any
/// `set -o pipefail`; and that command.
fn first_risky_pipeline(script: &RunScript) -> Option<(Vec<&SimpleCommand>, &SimpleCommand)> {
    let commands = &script.script.commands;
    for command in commands {
        if command.subshell_depth == 0 && is_set_pipefail(command) {
            return None;
        }
        let Some(position) = command.pipeline else {
            continue;
        };
        if position.index != 0 || command.in_sh_c {
            continue;
        }
        let pipeline: Vec<&SimpleCommand> = commands
            .iter()
            .filter(|other| other.pipeline.is_some_and(|p| p.id == position.id))
            .collect();
        let Some((last, sources)) = pipeline.split_last() else {
            continue;
        };
        // `a | b || fallback` handles the failure on purpose.
        if last.connector_after == Some(Connector::Or) {
            continue;
        }
        let risky = sources
            .iter()
            .copied()
            .find(|source| !program(source).is_some_and(|(_, name)| LOCAL_SOURCES.contains(&name)));
        if let Some(risky) = risky {
            return Some((pipeline, risky));
        }
    }
    None
}

/// `set -o pipefail`, `set -euo pipefail`, `set -eopipefail`.
fn is_set_pipefail(command: &SimpleCommand) -> bool {
    command.name() == Some("set")
        && has_pipefail_option(command.args().iter().map(|word| word.value.as_str()))
}

fn fix(context: &Context, script: &RunScript) -> Fix {
    let index = script.instruction;
    let instruction = script.run(context.dockerfile);
    let shell = context.model.effective[index].shell.as_ref();
    let shell_name = shell
        .and_then(|shell| shell.first())
        .map(|program| basename(program).to_string());
    let family = script
        .stage
        .map_or(Family::Unknown, |stage| base_family(context, stage));
    let prefix_works = match shell_name.as_deref() {
        Some("bash" | "zsh" | "ash" | "ksh" | "mksh") => true,
        // Alpine's `/bin/sh` is BusyBox ash, which has pipefail.
        None => family == Family::Alpine,
        _ => false,
    };
    if let (Some(Command::Shell { range, .. }), false) =
        (instruction.command(), script.from_heredoc)
    {
        if prefix_works {
            return Fix::needs_review(
                crate::text!(
                    "Start the script with `set -o pipefail &&`.",
                    "スクリプトの先頭に `set -o pipefail &&` を付けます。",
                ),
                vec![Edit::insert(
                    instruction.text.span(range.clone()).start,
                    "set -o pipefail && ",
                )],
            );
        }
    }
    if shell.is_none() && family == Family::Debian && !script.from_heredoc {
        // Before the stage's first RUN that needs it: one SHELL covers the
        // rest of the stage, and identical insertions are applied once.
        let first = context
            .scripts
            .iter()
            .find(|other| {
                other.stage == script.stage
                    && context.model.effective[other.instruction].shell.is_none()
            })
            .map_or(index, |other| other.instruction);
        let at = line_start(
            context.source,
            context.dockerfile.instructions[first].span.start,
        );
        return Fix::needs_review(
            crate::text!(
                format!("Run the stage's RUN scripts with bash and pipefail: add `{SHELL_LINE}`."),
                format!("ステージの RUN を pipefail 付きの bash で実行するよう `{SHELL_LINE}` を追加します。"),
            ),
            vec![Edit::insert(at, format!("{SHELL_LINE}\n"))],
        );
    }
    Fix::manual(crate::text!(
        format!("Add `{SHELL_LINE}` before the RUN if the image has bash, or start the script with `set -o pipefail` if its shell supports it."),
        format!("イメージに bash があれば RUN の前に `{SHELL_LINE}` を追加し、シェルが対応していればスクリプトを `set -o pipefail` で始めてください。"),
    ))
}

const DOCS_EN: &str = r#"
# Pipe in RUN without `pipefail`

## What it checks
A RUN script with a pipeline (`a | b`) when the shell does not have the `pipefail` option: the
default `/bin/sh -c`, or a SHELL without `-o pipefail`, and no `set -o pipefail` earlier in the
script. Only pipelines with a command before the last one that can really fail unseen count:
downloads, archives, interpreters, your own tools. Commands that print text or read local state
(`echo`, `find`, `grep`, `sed`, `dpkg --print-architecture`, `scanelf`, ...) and `yes`, which
pipefail would break, are left alone, and so are pipelines followed by `||` and RUNs in
non-POSIX shells.

## Why it is risky
A pipeline's exit status is that of its last command. In `curl -fsSL https://example.com/app.tgz | tar -xz`
a failed download still exits with `tar`'s status, so the build goes on with a missing or
partial file and the error surfaces much later, or never.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
```

## Fix
Set the option for every RUN with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (the fix adds
it on Debian and Ubuntu bases), or start the script with `set -o pipefail &&` where the shell
supports it (bash, and BusyBox ash on Alpine; the fix does this there). Both change when the
build fails, so review them.

## When it is acceptable
When a failure before the pipe is expected and harmless; say so with `|| true` or a comment.

## References
- [Docker docs: Dockerfile best practices, using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#;

const DOCS_JA: &str = r#"
# RUN のパイプに `pipefail` がない

## チェック内容
シェルに `pipefail` オプションがない状態でパイプライン（`a | b`）を含む RUN を検出します。
既定の `/bin/sh -c` や `-o pipefail` のない SHELL で、スクリプトの前のほうにも
`set -o pipefail` がない場合です。対象は、最後以外のコマンドに、失敗が見えなくなると困る
もの（ダウンロード、アーカイブ、インタープリター、独自のツール）を含むパイプラインだけです。
テキストを出力したりローカルの状態を読んだりするだけのコマンド（`echo`、`find`、`grep`、
`sed`、`dpkg --print-architecture`、`scanelf` など）や、pipefail では逆に壊れる `yes`、
`||` が続くパイプライン、POSIX 以外のシェルの RUN は対象外です。

## なぜ危険か
パイプラインの終了ステータスは最後のコマンドのものです。
`curl -fsSL https://example.com/app.tgz | tar -xz` でダウンロードに失敗しても `tar` の
ステータスで終わるため、ファイルが欠けたり途中までだったりしたままビルドが進み、エラーは
ずっと後になって、あるいは永遠に表に出ません。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
```

## 修正方法
`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` ですべての RUN にオプションを設定するか
（Debian と Ubuntu のベースでは自動修正がこれを追加します）、シェルが対応していれば
スクリプトを `set -o pipefail &&` で始めてください（bash と Alpine の BusyBox ash では自動修正が
これを行います）。どちらもビルドが失敗する条件を変えるため、確認してください。

## 許容される場合
パイプの前の失敗が想定内で無害な場合です。`|| true` やコメントでそれを明示してください。

## 参考資料
- [Docker ドキュメント: Dockerfile のベストプラクティス（パイプの使用）](https://docs.docker.com/build/building/best-practices/#using-pipes)
- [Dockerfile リファレンス: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#;
