use crate::fix::{Edit, Fix};
use crate::model::is_posix_shell;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::{parse_script, Script, SimpleCommand};
use crate::syntax::{Command, Keyword};

use super::shared::unused_stage_note;

pub const RULE: Rule = Rule {
    code: "PL908",
    name: "shell-form-command",
    section: Section::Dockerfile,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3025"),
        alias(Tool::Buildkit, "JSONArgsRecommended"),
        alias(Tool::Kics, "Not Using JSON In CMD And ENTRYPOINT Arguments"),
        alias(Tool::Semgrep, "prefer-json-notation"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let name = match instruction.keyword {
            Keyword::Cmd => "CMD",
            Keyword::Entrypoint => "ENTRYPOINT",
            _ => continue,
        };
        let Some(Command::Shell { text, range }) = instruction.command() else {
            continue;
        };
        let Some(stage) = context.stage_of(index) else {
            continue;
        };
        // A SHELL says that shell is wanted (BuildKit skips these too),
        // except one that only sets options of a POSIX shell (`bash -o
        // pipefail -c`, PL921's fix): it configures how RUN fails, and the
        // shell still stands between the container and the process.
        let shell_wanted = context.model.effective[index]
            .shell
            .as_ref()
            .is_some_and(|shell| !sets_run_options(shell));
        if shell_wanted {
            continue;
        }
        let script = parse_script(text);
        // `CMD ... exec app` replaces the shell with the app, which then gets the signals.
        if instruction.keyword == Keyword::Cmd && ends_in_exec(&script) {
            continue;
        }
        let span = instruction.text.span(range.clone());
        let exec_form = exec_form(&script, text);
        let (note_en, note_ja) = unused_stage_note(context, stage);
        let (extra_en, extra_ja) = if instruction.keyword == Keyword::Entrypoint {
            (
                ", and it ignores CMD and `docker run` arguments",
                "。さらに CMD や `docker run` の引数も無視されます",
            )
        } else {
            ("", "")
        };
        let (advice_en, advice_ja) = match &exec_form {
            Some(json) => (
                format!("use the exec form `{name} {json}`"),
                format!("exec形式 `{name} {json}` を使ってください"),
            ),
            None => (
                "use the exec form (a JSON array), moving shell logic into a start script that ends with `exec`".to_string(),
                "シェルの処理は `exec` で終わる起動スクリプトに移し、exec形式（JSON配列）を使ってください".to_string(),
            ),
        };
        let diagnostic = out
            .report(
                span,
                crate::text!(
                    format!("{name} in shell form runs through `/bin/sh -c`, so the application can end up as a child of the shell, which does not forward SIGTERM: `docker stop` then waits and kills it{extra_en}{note_en}; {advice_en}"),
                    format!("シェル形式の {name} は `/bin/sh -c` を通して実行されるため、アプリケーションがシェルの子プロセスになり、SIGTERMが転送されないことがあります。その場合 `docker stop` は待った末に強制終了します{extra_ja}{note_ja}。{advice_ja}"),
                ),
            )
            .in_stage(stage);
        if let Some(json) = exec_form {
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    format!("Write the {name} in exec form: `{name} {json}`."),
                    format!("{name} をexec形式 `{name} {json}` で書きます。"),
                ),
                vec![Edit::replace(span, json)],
            ));
        }
    }
}

/// `["/bin/bash", "-o", "pipefail", "-c"]`: a POSIX shell with options
/// besides the `-c` every SHELL ends with.
fn sets_run_options(shell: &[String]) -> bool {
    match shell {
        [program, options @ .., last] if last == "-c" => {
            is_posix_shell(program) && options.iter().any(|option| option != "-c")
        }
        _ => false,
    }
}

/// Whether the last command the shell runs at the top level is `exec ...`.
fn ends_in_exec(script: &Script) -> bool {
    script
        .commands
        .iter()
        .rev()
        .find(|command| command.subshell_depth == 0 && !command.in_substitution)
        .is_some_and(|command| {
            command.name() == Some("exec")
                && command.pipeline.is_none()
                && command.connector_after.is_none()
        })
}

/// The JSON array for a command of plain words: one command, no variables,
/// redirections, operators, globs or comments. A leading `exec` is dropped.
fn exec_form(script: &Script, text: &str) -> Option<String> {
    let [command] = script.commands.as_slice() else {
        return None;
    };
    if !script.errors.is_empty() || text.contains('#') || !is_plain(command) {
        return None;
    }
    let words = match command.name() {
        Some("exec") => command.args(),
        _ => &command.words[..],
    };
    if words.is_empty() {
        return None;
    }
    let items: Vec<String> = words
        .iter()
        .map(|word| serde_json::to_string(&word.value).unwrap_or_default())
        .collect();
    Some(format!("[{}]", items.join(", ")))
}

fn is_plain(command: &SimpleCommand) -> bool {
    command.assignments.is_empty()
        && command.redirects.is_empty()
        && command.pipeline.is_none()
        && command.connector_after.is_none()
        && command.subshell_depth == 0
        && !command.negated
        && command
            .words
            .iter()
            .all(|word| !word.has_expansion && !word.raw.contains(['*', '?', '[', '{', '~', '`']))
}

const DOCS_EN: &str = r#"
# CMD or ENTRYPOINT in shell form

## What it checks
A `CMD` or `ENTRYPOINT` written as plain text (`CMD node server.js`) instead of a JSON
array, in a stage with no `SHELL` instruction, or one that only sets options of a POSIX shell
(`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` configures how RUN fails; the shell still stands
between the container and the process). A `CMD` whose last command is `exec ...`
is not reported: the shell replaces itself with the application. `HEALTHCHECK CMD` is not
checked: the health check is a short-lived probe, where the shell form is normal.

## Why it is risky
The shell form runs `/bin/sh -c "<command>"`. Whether the shell then hands PID 1 over to
the application depends on the shell and on the command: with `&&`, `;`, pipes or a shell
that does not do it, the shell stays PID 1 and the application is its child. `/bin/sh` does
not forward `SIGTERM`, so on `docker stop` or a Kubernetes rollout the application never
hears it, cannot close connections or flush data, and is killed after the grace period.
A shell-form `ENTRYPOINT` also ignores the `CMD` and any `docker run` arguments.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD node server.js
```

## Use instead
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## Fix
When the command is plain words (no variables, pipes, `&&`, redirections or globs) the fix
rewrites it as a JSON array; review it, since an exec-form `ENTRYPOINT` receives the `CMD`
as arguments. Otherwise, move the shell logic into a start script that ends with
`exec "$@"` or `exec <app>`, and point an exec-form `ENTRYPOINT` or `CMD` at it. The
application then runs as PID 1; add `--init` or `tini` if it spawns children it does not
reap.

## When it is acceptable
When you need shell features at start-up and the process handles no signals that matter;
or when you choose the shell with `SHELL` on purpose (`["/bin/bash", "-c"]`, or `cmd` and
PowerShell in Windows images), which this rule respects.

## References
- [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
- [Dockerfile reference: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
- [Build checks: JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
"#;

const DOCS_JA: &str = r#"
# CMDまたはENTRYPOINTがシェル形式

## チェック内容
`SHELL` 命令がないか、POSIX シェルのオプションだけを設定しているステージで、`CMD` や `ENTRYPOINT` がJSON配列ではなく文字列
（`CMD node server.js`）で書かれている箇所を検出します。（`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` は RUN の失敗の扱いを設定するもので、コンテナとプロセスの間には変わらずシェルが入ります）。最後のコマンドが `exec ...` の
`CMD` は対象外です（シェルが自分自身をアプリケーションに置き換えるため）。
`HEALTHCHECK CMD` は短時間で終わる確認処理で、シェル形式が一般的なので対象にしません。

## なぜ危険か
シェル形式は `/bin/sh -c "<command>"` として実行されます。シェルがPID 1をアプリケーションに
譲るかどうかはシェルとコマンド次第で、`&&`、`;`、パイプを使う場合や、譲らないシェルの場合は
シェルがPID 1のまま残り、アプリケーションはその子プロセスになります。`/bin/sh` は `SIGTERM` を
転送しないため、
`docker stop` やKubernetesのローリング更新のときにアプリケーションはシグナルを受け取れず、
接続を閉じたりデータを書き出したりできないまま猶予時間の後に強制終了されます。シェル形式の
`ENTRYPOINT` は、さらに `CMD` や `docker run` の引数も無視します。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD node server.js
```

## 代わりに
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## 修正方法
コマンドが単純な単語だけ（変数、パイプ、`&&`、リダイレクト、グロブなし）の場合は、
自動修正がJSON配列に書き換えます。exec形式の `ENTRYPOINT` は `CMD` を引数として受け取るので、
内容を確認してください。それ以外の場合は、シェルの処理を `exec "$@"` や `exec <app>` で
終わる起動スクリプトに移し、exec形式の `ENTRYPOINT` か `CMD` からそれを呼び出してください。
アプリケーションがPID 1で動くので、回収しない子プロセスを生む場合は `--init` や `tini` を
使ってください。

## 許容される場合
起動時にシェルの機能が必要で、プロセスが重要なシグナルを扱わない場合です。また、意図して
`SHELL` でシェルを選んでいる場合（`["/bin/bash", "-c"]` や、Windowsイメージの `cmd`、PowerShell）は、このルールは報告しません。

## 参考資料
- [Dockerfile リファレンス: シェル形式とexec形式](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
- [Dockerfile リファレンス: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
- [Build checks: JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
"#;
