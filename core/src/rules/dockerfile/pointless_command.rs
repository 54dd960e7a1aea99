use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{Script, SimpleCommand};
use crate::span::Span;
use crate::syntax::Instruction;

use super::support::program;

pub const RULE: Rule = Rule {
    code: "PL923",
    name: "pointless-command",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3001"),
        alias(Tool::Kics, "Run Utilities And POSIX Commands"),
        alias(Tool::Semgrep, "nonsensical-command"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Commands that only make sense on a running, interactive system, with
/// why they do nothing useful in a build step.
const POINTLESS: &[(&str, &str, &str)] = &[
    ("ssh", "opens a remote session, which a build step cannot use", "リモートセッションを開くコマンドで、ビルドの手順では使えません"),
    ("vim", "is an interactive editor", "対話的なエディタです"),
    ("nano", "is an interactive editor", "対話的なエディタです"),
    ("shutdown", "shuts down a machine, not the build container", "マシンを停止するコマンドで、ビルドのコンテナには効きません"),
    ("service", "starts or stops a service only until this RUN ends", "サービスを起動・停止するコマンドですが、その効果はこの RUN が終わるまでしか続きません"),
    ("ps", "lists processes of a container that only lives for this RUN", "この RUN の間しか存在しないコンテナのプロセスを表示するだけです"),
    ("free", "shows the memory of the build machine, which the image does not keep", "ビルドマシンのメモリを表示するだけで、イメージには残りません"),
    ("top", "is an interactive process monitor", "対話的なプロセスモニタです"),
    ("kill", "signals processes that end with this RUN anyway", "いずれにせよこの RUN で終了するプロセスにシグナルを送るだけです"),
    ("mount", "mounts file systems only until this RUN ends, and needs privileges builds do not have", "ファイルシステムをマウントするコマンドですが、マウントはこの RUN が終わるまでしか続かず、ビルドにはない権限も必要です"),
    ("ifconfig", "shows or changes the network of a container that only lives for this RUN", "この RUN の間しか存在しないコンテナのネットワークを表示・変更するだけです"),
];

fn check(context: &Context, out: &mut Diagnostics) {
    for script in context.scripts {
        let instruction = script.run(context.dockerfile);
        let span = |range| context.script_span(script, range);
        check_script(instruction, &script.script, script.stage, &span, out);
    }
}

fn check_script(
    instruction: &Instruction,
    script: &Script,
    stage: Option<usize>,
    script_span: &dyn Fn(std::ops::Range<usize>) -> Span,
    out: &mut Diagnostics,
) {
    let ssh_mounted = instruction.mounts().iter().any(|mount| mount.kind == "ssh");
    let seeding = starts_service_for_later_commands(&script.commands);
    for command in &script.commands {
        let Some((at, name)) = program(command) else {
            continue;
        };
        let Some((_, why_en, why_ja)) = POINTLESS
            .iter()
            .find(|(pointless, _, _)| *pointless == name)
        else {
            continue;
        };
        let scripted = match name {
            // `--mount=type=ssh` lends the build an SSH agent on purpose.
            "ssh" => ssh_mounted,
            "vim" => runs_vim_commands(command, at),
            "service" | "kill" => seeding,
            _ => false,
        };
        if scripted {
            continue;
        }
        let span = script_span(command.words[at].range.clone());
        let message = crate::text!(
            format!("`{name}` {why_en}; remove it from the RUN, and do such work when the container runs"),
            format!("`{name}` は{why_ja}。RUN から削除し、このような作業はコンテナの実行時に行ってください"),
        );
        let diagnostic = out.report(span, message);
        if let Some(stage) = stage {
            diagnostic.in_stage(stage);
        }
    }
}

/// `service db start && psql ...` or `mysqld & ... kill`: a service runs
/// for the rest of the script to load data, then is stopped.
fn starts_service_for_later_commands(commands: &[SimpleCommand]) -> bool {
    let last = commands.len().saturating_sub(1);
    commands.iter().enumerate().any(|(position, command)| {
        let starts = program(command).is_some_and(|(at, name)| {
            name == "service"
                && command.words[at + 1..]
                    .iter()
                    .any(|word| matches!(word.value.as_str(), "start" | "restart"))
        });
        position < last
            && (starts || command.connector_after == Some(crate::shell::Connector::Background))
    })
}

/// `vim +PlugInstall +qall` or `vim -es -c ...` runs editor commands without
/// a terminal, as plugin installers do.
fn runs_vim_commands(command: &SimpleCommand, at: usize) -> bool {
    command.words[at + 1..].iter().any(|word| {
        let arg = word.value.as_str();
        arg.starts_with('+')
            || matches!(
                arg,
                "-c" | "-e" | "-E" | "-es" | "-Es" | "-s" | "--cmd" | "-S"
            )
    })
}

const DOCS_EN: &str = r#"
# Command that makes no sense in an image build

## What it checks
RUN commands that only make sense on a live, interactive machine: `ssh`, `vim`, `nano`,
`shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` and `ifconfig`. `ssh` with a
`--mount=type=ssh` agent and `vim` running editor commands (`+PlugInstall`, `-es -c`) are
left alone, and so are `service` and `kill` in a script that starts a service for the commands
after it (to load a database, for example). `ONBUILD RUN` is checked too.

## Why it is risky
Each RUN runs in a fresh container that stops when the command ends: a started service, a
mount or a changed network setting is gone at the next instruction, and an interactive
program waits for input that never comes. Such commands usually come from copying a shell
session into a Dockerfile; they slow the build, can hang it, and mislead readers about what
the image contains.

## Example
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends nginx && service nginx start
```

## Use instead
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends nginx
CMD ["nginx", "-g", "daemon off;"]
```

## Fix
Remove the command. Start services with CMD or ENTRYPOINT, and inspect processes or memory
with `docker exec` in a running container.

## When it is acceptable
A diagnostic command left in on purpose while debugging a build; remove it before merging.

## References
- [Dockerfile reference: RUN](https://docs.docker.com/reference/dockerfile/#run)
- [Docker docs: Dockerfile best practices, CMD](https://docs.docker.com/build/building/best-practices/#cmd)
"#;

const DOCS_JA: &str = r#"
# イメージのビルドでは意味のないコマンド

## チェック内容
稼働中の対話的なマシンでしか意味のない RUN のコマンドを検出します。`ssh`、`vim`、`nano`、
`shutdown`、`service`、`ps`、`free`、`top`、`kill`、`mount`、`ifconfig` です。
`--mount=type=ssh` のエージェントを使う `ssh` と、エディタコマンドを実行する `vim`
（`+PlugInstall`、`-es -c`）は対象外です。後続のコマンドのためにサービスを起動するスクリプト
（データベースへのデータ投入など）の `service` と `kill` も対象外です。`ONBUILD RUN` も
確認します。

## なぜ危険か
RUN は毎回新しいコンテナで実行され、コマンドが終わると止まります。起動したサービスや
マウント、変更したネットワーク設定は次の命令ではなくなっており、対話的なプログラムは
来ない入力を待ち続けます。このようなコマンドはたいていシェルの操作をそのまま Dockerfile に
写したもので、ビルドを遅くしたり止めたりし、イメージの中身について読み手を誤解させます。

## 問題のある例
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends nginx && service nginx start
```

## 代わりに
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends nginx
CMD ["nginx", "-g", "daemon off;"]
```

## 修正方法
コマンドを削除してください。サービスは CMD や ENTRYPOINT で起動し、プロセスやメモリは
実行中のコンテナで `docker exec` を使って確認します。

## 許容される場合
ビルドのデバッグ中に意図的に残した診断用のコマンドです。マージ前に削除してください。

## 参考資料
- [Dockerfile リファレンス: RUN](https://docs.docker.com/reference/dockerfile/#run)
- [Docker ドキュメント: Dockerfile のベストプラクティス（CMD）](https://docs.docker.com/build/building/best-practices/#cmd)
"#;
