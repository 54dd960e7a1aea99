use crate::fix::{Edit, Fix};
use crate::model::RunScript;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, SimpleCommand, Tool as Program};
use crate::syntax::Command;

use super::support::{line_start, program};

pub const RULE: Rule = Rule {
    code: "PL920",
    name: "cd-in-run",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3003"),
        alias(Tool::Trivy, "DS-0013"),
        alias(Tool::Kics, "RUN Instruction Using 'cd' Instead of WORKDIR"),
        alias(Tool::Semgrep, "use-workdir"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for script in context.scripts {
        // Only the shell's own commands: a `cd` inside `( … )` or `$( … )`
        // ends with its subshell.
        let top: Vec<&SimpleCommand> = script
            .script
            .commands
            .iter()
            .filter(|command| command.subshell_depth == 0)
            .collect();
        let cds: Vec<(usize, &SimpleCommand)> = top
            .iter()
            .enumerate()
            .filter(|(_, command)| classify(command).is_some_and(|found| found.tool == Program::Cd))
            .map(|(position, command)| (position, *command))
            .collect();
        // Only the last `cd` decides where the rest of the script runs; earlier
        // ones are excursions the script comes back from. It must open the
        // script (after `set -eux`): a `cd` after downloads or `git clone` is a
        // step into a build tree, which WORKDIR would keep for the whole stage.
        let Some(&(position, cd)) = cds.last() else {
            continue;
        };
        // A `cd` that ends the script changes nothing: the next instruction
        // starts in the WORKDIR again. Whoever wrote it expected it to last.
        if position + 1 == top.len() {
            let Some(target) = cd_target(cd) else {
                continue;
            };
            if is_return(&target.value) {
                continue;
            }
            let directory = &target.value;
            let span = context.script_span(script, cd.range.clone());
            let message = crate::text!(
                format!("`cd {directory}` ends this RUN, so it changes nothing: the next instruction starts in the working directory again; set it with `WORKDIR {directory}`, or remove the `cd`"),
                format!("`cd {directory}` はこの RUN の最後にあるため何も変えません。次の命令はまた元の作業ディレクトリから始まります。`WORKDIR {directory}` で設定するか、`cd` を削除してください"),
            );
            let diagnostic = out.report(span, message);
            if let Some(stage) = script.stage {
                diagnostic.in_stage(stage);
            }
            continue;
        }
        if top[..position]
            .iter()
            .any(|command| command.name() != Some("set"))
        {
            continue;
        }
        // With a WORKDIR already set, the `cd` is a trip away from it; a
        // second WORKDIR would also change where the image starts.
        if context.model.effective[script.instruction]
            .workdir
            .is_some()
        {
            continue;
        }
        let Some(target) = cd_target(cd) else {
            continue;
        };
        let rest = &top[position + 1..];
        if rest.is_empty()
            || is_return(&target.value)
            || is_scratch_directory(
                &target.value,
                target.raw.contains("$(") || target.raw.contains('`'),
            )
            || removed_later(&target.value, rest)
        {
            continue;
        }
        let directory = &target.value;
        let span = context.script_span(script, cd.range.clone());
        let message = crate::text!(
            format!("`cd {directory}` changes the working directory only for the rest of this RUN, which hides it from readers and later instructions; set it with `WORKDIR {directory}`"),
            format!("`cd {directory}` で変えた作業ディレクトリはこの RUN の残りにしか効かず、読み手や後続の命令から見えません。`WORKDIR {directory}` で設定してください"),
        );
        let diagnostic = out.report(span, message);
        if let Some(stage) = script.stage {
            diagnostic.in_stage(stage);
        }
        if let Some(fix) = workdir_fix(context, script, &top, &cds, directory) {
            diagnostic.with_fix(fix);
        }
    }
}

/// The directory a `cd` goes to (`-` included), past its options.
fn cd_target(cd: &SimpleCommand) -> Option<&crate::shell::ShellWord> {
    cd.args()
        .iter()
        .find(|word| !word.value.starts_with('-') || word.value == "-")
}

/// `cd -`, `cd /`, `cd ~` and `cd ..` (or `../..`) go back rather than
/// somewhere new; `cd ../lib` goes somewhere new.
fn is_return(target: &str) -> bool {
    matches!(target, "-" | "/" | "~" | "$HOME" | "${HOME}")
        || (!target.is_empty()
            && target
                .split('/')
                .all(|part| part == ".." || part.is_empty()))
}

/// A temporary build directory cannot be a WORKDIR: the layer would keep it.
fn is_scratch_directory(target: &str, substituted: bool) -> bool {
    substituted
        || ["/tmp", "/var/tmp", "/dev/shm"]
            .iter()
            .any(|temporary| target == *temporary || target.starts_with(&format!("{temporary}/")))
}

/// Whether a later `rm` deletes the directory (or one of its parents): the
/// directory only lives during this RUN.
fn removed_later(target: &str, rest: &[&SimpleCommand]) -> bool {
    let target = target.trim_end_matches('/');
    rest.iter()
        .filter(|command| program(command).is_some_and(|(_, name)| name == "rm"))
        .flat_map(|command| command.args())
        .map(|word| word.value.trim_end_matches('/'))
        .any(|removed| {
            !removed.is_empty() && (target == removed || target.starts_with(&format!("{removed}/")))
        })
}

/// `RUN cd /app && make` becomes `WORKDIR /app` + `RUN make` when the `cd`
/// opens a plain shell-form script and is its only `cd`.
fn workdir_fix(
    context: &Context,
    script: &RunScript,
    top: &[&SimpleCommand],
    cds: &[(usize, &SimpleCommand)],
    directory: &str,
) -> Option<Fix> {
    let [(0, cd)] = cds else { return None };
    let instruction = script.run(context.dockerfile);
    let plain_word = cd.args().len() == 1 && cd.args()[0].raw == *directory;
    let shell_form = matches!(instruction.command(), Some(Command::Shell { .. }));
    // A trigger's `cd` would need an `ONBUILD WORKDIR`, which also moves
    // where the child image starts: left to the author.
    if script.from_heredoc
        || script.is_trigger()
        || !shell_form
        || !plain_word
        || cd.connector_after != Some(crate::shell::Connector::And)
    {
        return None;
    }
    let next = top.get(1)?;
    let removal = context.script_span(script, cd.range.start..next.range.start);
    let at = line_start(context.source, instruction.span.start);
    Some(Fix::needs_review(
        crate::text!(
            format!("Move the directory change to `WORKDIR {directory}` before the RUN; later instructions of the stage then also run there."),
            format!("ディレクトリの変更を RUN の前の `WORKDIR {directory}` に移します。ステージの後続の命令もそこで実行されるようになります。"),
        ),
        vec![
            Edit::insert(at, format!("WORKDIR {directory}\n")),
            Edit::replace(removal, ""),
        ],
    ))
}

const DOCS_EN: &str = r#"
# `cd` in RUN instead of WORKDIR

## What it checks
A RUN whose script starts by changing directory with `cd` and keeps working there: a `cd`
that opens the script (after `set` options), is the script's only top-level `cd`, and is
followed by more commands. Also a `cd` that ends the script (`RUN cd /app`, `RUN make && cd
/srv`): it changes nothing, since the next instruction starts in the working directory again.

A `cd` later in the script usually steps into a tree the script has just downloaded or
unpacked, which WORKDIR would keep for the whole stage. That, a `cd` after a WORKDIR (a trip
away from the directory the image starts in), a `cd` inside `( … )`, a return
(`cd -`, `cd ..`, `cd /`), a temporary build directory (`/tmp/...`, `$(mktemp -d)`) and a
directory the same RUN deletes afterwards are left alone, because WORKDIR cannot express them.

## Why it is risky
The directory change is invisible outside the RUN: the next instruction is back in the old
directory, and a reader must parse shell commands to learn where files go. WORKDIR states it
once, creates the directory if needed, and applies to RUN, COPY, CMD and ENTRYPOINT alike.

## Example
```dockerfile
FROM node:20-alpine
COPY . /app
RUN cd /app && npm ci
```

## Use instead
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci
```

## Fix
Set the directory with WORKDIR. When the script starts with `cd <dir> &&`, the fix moves it to
a WORKDIR before the RUN; review it, since later instructions of the stage then also run in
that directory.

## When it is acceptable
Short excursions into a directory that the same RUN builds in and removes.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Docker docs: Dockerfile best practices, WORKDIR](https://docs.docker.com/build/building/best-practices/#workdir)
"#;

const DOCS_JA: &str = r#"
# WORKDIR ではなく RUN の中で `cd` している

## チェック内容
RUN のスクリプトが最初に `cd` でディレクトリを移動し、そのまま作業を続けるものを検出します。
対象は、スクリプトの先頭（`set` のオプション指定の後）にあり、トップレベルで唯一の
`cd` で、その後にコマンドが続く場合です。スクリプトの最後にある `cd`（`RUN cd /app`、
`RUN make && cd /srv`）も対象です。次の命令はまた元の作業ディレクトリから始まるため、何も
変えていません。スクリプトの途中の `cd` は、たいてい直前にダウンロード
や展開したツリーに入るためのもので、WORKDIR にするとステージ全体に残ってしまうため対象外です。
WORKDIR の後の `cd`（イメージの開始ディレクトリから一時的に離れるもの）、`( … )` の中の `cd`、元に戻る移動（`cd -`、`cd ..`、`cd /`）、一時的なビルド用ディレクトリ
（`/tmp/...`、`$(mktemp -d)`）、同じ RUN で後から削除するディレクトリは、WORKDIR では表せない
ため対象外です。

## なぜ危険か
ディレクトリの移動は RUN の外からは見えません。次の命令は元のディレクトリに戻っており、
読み手はファイルの行き先を知るためにシェルコマンドを読み解く必要があります。WORKDIR なら
一度で明示でき、必要ならディレクトリを作成し、RUN、COPY、CMD、ENTRYPOINT すべてに効きます。

## 問題のある例
```dockerfile
FROM node:20-alpine
COPY . /app
RUN cd /app && npm ci
```

## 代わりに
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci
```

## 修正方法
WORKDIR でディレクトリを設定してください。スクリプトが `cd <dir> &&` で始まる場合、自動修正は
それを RUN の前の WORKDIR に移します。ステージの後続の命令もそのディレクトリで実行される
ようになるため、確認してください。

## 許容される場合
同じ RUN でビルドして削除するディレクトリへの一時的な移動です。

## 参考資料
- [Dockerfile リファレンス: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Docker ドキュメント: Dockerfile のベストプラクティス（WORKDIR）](https://docs.docker.com/build/building/best-practices/#workdir)
"#;
