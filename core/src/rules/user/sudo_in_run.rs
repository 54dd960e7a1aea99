use crate::fix::{Edit, Fix};
use crate::model::{Base, RunScript};
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, ShellWord, SimpleCommand};
use crate::span::Span;

use super::{defaults_to_non_root, exact_span, is_root, run_commands, unused_stage_note};

pub const RULE: Rule = Rule {
    code: "PL103",
    name: "sudo-in-run",
    section: Section::User,
    severity: Severity::Medium,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3004"),
        alias(Tool::Trivy, "DS-0010"),
        alias(Tool::Checkov, "CKV2_DOCKER_1"),
        alias(Tool::Kics, "Run Using Sudo"),
        alias(Tool::Semgrep, "no-sudo-in-dockerfile"),
        alias(Tool::Dockle, "DKL-DI-0001"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const ELEVATORS: &[&str] = &["sudo", "doas"];

fn is_elevator(word: &ShellWord) -> bool {
    !word.has_expansion && ELEVATORS.contains(&crate::shell::script::basename(&word.value))
}

/// The index of the `sudo` word a command runs through, also behind other
/// wrappers (`env sudo apt-get …`).
fn sudo_word(command: &SimpleCommand) -> Option<usize> {
    if command.words.first().is_some_and(is_elevator) {
        return Some(0);
    }
    let recognized = classify(command)?;
    if !recognized.via_sudo {
        return None;
    }
    command.words[..=recognized.program]
        .iter()
        .position(is_elevator)
}

/// The user `sudo -u <user>` (`--user`) runs the command as, if given.
fn target_user(options: &[ShellWord]) -> Option<&str> {
    let mut words = options.iter().map(|word| word.value.as_str());
    while let Some(word) = words.next() {
        if word == "--user" {
            return words.next();
        }
        if let Some(user) = word.strip_prefix("--user=") {
            return Some(user);
        }
        let Some(letters) = word.strip_prefix('-').filter(|rest| !rest.starts_with('-')) else {
            if word.starts_with("--") && word != "--" {
                continue;
            }
            return None;
        };
        if let Some(at) = letters.find('u') {
            let attached = &letters[at + 1..];
            return if attached.is_empty() {
                words.next()
            } else {
                Some(attached)
            };
        }
        // Other options that take a value (`-g group`, `-C 3`).
        if letters.ends_with(|c: char| "gCDhprtUT".contains(c)) {
            words.next();
        }
    }
    None
}

fn check(context: &Context, out: &mut Diagnostics) {
    for (script, _, command) in run_commands(context) {
        let Some(at) = sudo_word(command) else {
            continue;
        };
        let word = &command.words[at];
        let span = context.script_span(script, word.range.clone());
        let name = &word.value;
        let note = unused_stage_note(context, script.stage);
        let target = target_user(&command.words[at + 1..]).filter(|target| !is_root(target));
        let (message, fix) = match target {
            _ if script.is_trigger() => trigger_advice(name),
            Some(target) => switch_user_advice(name, target, &note),
            None => elevation_advice(context, script, command, at, &note),
        };
        let diagnostic = out.report(span, message).with_fix(fix);
        if let Some(stage) = script.stage {
            diagnostic.in_stage(stage);
        }
    }
}

/// `ONBUILD RUN sudo …`: the trigger runs in every build that starts `FROM`
/// this image, where it needs no sudo either.
fn trigger_advice(name: &str) -> (Text, Fix) {
    (
        crate::text!(
            format!("`{name}` in `ONBUILD RUN` makes every build based on this image run the step through {name}, so the image must ship it; run the step in this build under `USER root` instead of a trigger, or drop `{name}`"),
            format!("`ONBUILD RUN` 内の `{name}` により、このイメージを土台にするすべてのビルドがこの手順を {name} 経由で実行するため、イメージに {name} を含めることになります。トリガーではなくこのビルドの `USER root` のもとで実行するか、`{name}` を外してください"),
        ),
        Fix::manual(crate::text!(
            format!("Move the step out of the trigger into a RUN of this Dockerfile (after `USER root` if needed), or drop `{name}` from it."),
            format!("手順をトリガーからこの Dockerfile の RUN に移す（必要なら `USER root` の後に置く）か、`{name}` を外してください。"),
        )),
    )
}

/// `sudo -u app cmd`: the step wants to run as another user.
fn switch_user_advice(name: &str, target: &str, note: &Text) -> (Text, Fix) {
    (
        crate::text!(
            format!("`{name} -u {target}` runs this step as `{target}`{}; switch with `USER {target}` for these steps instead, so the image does not need {name}", note.en),
            format!("`{name} -u {target}` はこの手順を `{target}` として実行しています{}。代わりに `USER {target}` で切り替え、イメージに {name} を入れずに済むようにしてください", note.ja),
        ),
        Fix::manual(crate::text!(
            format!("Put `USER {target}` before the steps that run as it, drop `{name} -u {target}`, and add `USER root` after them if later steps need root."),
            format!("`{target}` として実行する手順の前に `USER {target}` を置いて `{name} -u {target}` を外し、後の手順で root が必要なら、その後に `USER root` を追加してください。"),
        )),
    )
}

/// `sudo cmd`: the step wants root.
fn elevation_advice(
    context: &Context,
    script: &RunScript,
    command: &SimpleCommand,
    at: usize,
    note: &Text,
) -> (Text, Fix) {
    let word = &command.words[at];
    let name = &word.value;
    let user = context.model.effective[script.instruction]
        .user
        .as_ref()
        .map(|(user, _)| user.as_str());
    // Without a USER, the base image decides: one chosen at build time, or
    // one known to set a non-root user, may not run the step as root.
    let base = script.stage.filter(|_| user.is_none()).and_then(|stage| {
        let root = context.model.root_base(stage);
        let name = context.model.base_image_name(stage);
        match root {
            Base::Unresolved { .. } => Some((name, false)),
            root if defaults_to_non_root(root) => Some((name, true)),
            _ => None,
        }
    });
    let message = match (user, &base) {
        (_, Some((base, true))) => crate::text!(
            format!("`{name}` in RUN runs this step as root while the stage runs as the non-root user that `{base}` sets{}; use `USER root` for the steps that need root and switch back after them, without shipping {name}", note.en),
            format!("RUN 内の `{name}` は、`{base}` が設定する非rootユーザーではなく root でこの手順を実行します{}。root が必要な手順は `USER root` で実行してから元に戻し、{name} をイメージに含めないでください", note.ja),
        ),
        (_, Some((base, false))) => crate::text!(
            format!("`{name}` in RUN runs this step as root, and the base `{base}` is chosen at build time, so the user the stage runs as is not known here{}; if that image sets a non-root user, use `USER root` for the steps that need root and switch back after them, without shipping {name}; if not, remove `{name}`", note.en),
            format!("RUN 内の `{name}` はこの手順を root で実行します。ベースの `{base}` はビルド時に選ばれるため、ステージのユーザーはここでは分かりません{}。そのイメージが非rootユーザーを設定しているなら、root が必要な手順は `USER root` で実行してから元に戻し、{name} をイメージに含めないでください。そうでなければ `{name}` を削除してください", note.ja),
        ),
        (Some(user), None) if !is_root(user) => crate::text!(
            format!("`{name}` in RUN runs this step as root while the stage runs as `{user}`{}; use `USER root` for the steps that need root and switch back after them, without shipping {name}", note.en),
            format!("RUN 内の `{name}` は、ステージのユーザー `{user}` ではなく root でこの手順を実行します{}。root が必要な手順は `USER root` で実行してから元に戻し、{name} をイメージに含めないでください", note.ja),
        ),
        _ => crate::text!(
            format!("`{name}` in RUN is not needed: build steps already run as root unless a USER says otherwise{}; remove it, and use `USER root` where a step needs root", note.en),
            format!("RUN 内の `{name}` は不要です。ビルド手順は USER で変更しない限り root で実行されます{}。削除し、root が必要な手順では `USER root` を使ってください", note.ja),
        ),
    };
    let removal = command
        .words
        .get(at + 1)
        .filter(|next| !next.value.starts_with('-'))
        .and_then(|next| {
            let start = exact_span(context, script, word.range.clone())?;
            let end = exact_span(context, script, next.range.clone())?;
            Some(Span::new(start.start, end.start))
        })
        .filter(|_| user.is_none_or(is_root) && base.is_none());
    let fix = match removal {
        Some(removal) => Fix::needs_review(
            crate::text!(
                format!("Remove `{name}`: the step already runs as root unless the base image sets another user."),
                format!("`{name}` を削除します。ベースイメージが別のユーザーを設定していなければ、この手順はすでに root で実行されます。"),
            ),
            vec![Edit::replace(removal, "")],
        ),
        None => Fix::manual(crate::text!(
            format!("Put `USER root` before this RUN, drop `{name}`, and switch back to the non-root user after it."),
            format!("この RUN の前に `USER root` を置いて `{name}` を外し、後で非rootユーザーに戻してください。"),
        )),
    };
    (message, fix)
}

const DOCS_EN: &str = r#"
# `sudo` used in RUN

## What it checks
A command in a `RUN` that runs through `sudo` (or `doas`): `sudo apt-get install ...`,
`sudo -u app make`, also inside `sh -c '...'`, heredoc scripts, `ONBUILD RUN` triggers, and
behind wrappers such as `env`. `command -v sudo` and `sudo` as a package name are not uses.
Without a `USER` in the stage, the base image decides who the step runs as: on an image known
to set a non-root user, or one chosen at build time (`FROM ${BASE}`), the message says so
rather than calling `sudo` needless, and no edit removes it.

## Why it is risky
`RUN` already executes as the stage's `USER`, which is root until a `USER` changes it, so
`sudo` adds nothing during the build. Needing it usually means `sudo` is installed and
configured in the image, which hands any process of the container a way back to root.
`sudo` also behaves unpredictably without a terminal and leaves environment variables
behind, which makes builds fragile.

## Example
```dockerfile
FROM ubuntu:22.04
RUN sudo apt-get update
USER 1001
```

## Use instead
```dockerfile
FROM ubuntu:22.04
RUN apt-get update
USER 1001
```

## Fix
Remove `sudo`. When the stage has switched to a non-root user, put `USER root` before the
steps that need root and switch back after them. The fix removes the word when the step
runs as root anyway; review it if the base image sets its own user.

## When it is acceptable
Images whose purpose is an interactive developer environment with `sudo`, such as dev
containers. The image should then not be used to run services.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#;

const DOCS_JA: &str = r#"
# RUN で `sudo` を使っている

## チェック内容
`RUN` 内で `sudo`（または `doas`）を経由して実行されるコマンドを検出します。
`sudo apt-get install ...`、`sudo -u app make` のほか、`sh -c '...'` の中、ヒアドキュメントの
スクリプト、`ONBUILD RUN` のトリガー、`env` などのラッパーの後ろも対象です。`command -v sudo` やパッケージ名としての
`sudo` は使用とみなしません。
ステージに `USER` がない場合、手順を実行するユーザーはベースイメージで決まります。非rootユーザーを
設定すると分かっているイメージや、ビルド時に選ばれるイメージ（`FROM ${BASE}`）では、`sudo` を
不要とは言わずにそのことをメッセージで示し、削除する修正も提案しません。

## なぜ危険か
`RUN` はステージの `USER` で実行され、`USER` で変更しない限り root です。そのためビルド中の
`sudo` には意味がありません。`sudo` が必要だということは、たいていイメージに `sudo` が
インストール・設定されているということであり、コンテナ内のどのプロセスにも root へ戻る
手段を与えてしまいます。また `sudo` は端末がないと予測しにくい動作をし、環境変数も
引き継がれないため、ビルドが壊れやすくなります。

## 問題のある例
```dockerfile
FROM ubuntu:22.04
RUN sudo apt-get update
USER 1001
```

## 代わりに
```dockerfile
FROM ubuntu:22.04
RUN apt-get update
USER 1001
```

## 修正方法
`sudo` を削除します。ステージが非rootユーザーに切り替わっている場合は、root が必要な手順の
前に `USER root` を置き、終わったら元のユーザーに戻してください。自動修正は、その手順が
もともと root で実行される場合に `sudo` を削除します。ベースイメージが独自のユーザーを
設定している場合は内容を確認してください。

## 許容される場合
dev コンテナのように、`sudo` 付きの対話的な開発環境そのものが目的のイメージです。その場合、
そのイメージでサービスを動かさないでください。

## 参考資料
- [Dockerfile リファレンス: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
- [CWE-250: 不要な特権での実行](https://cwe.mitre.org/data/definitions/250.html)
"#;
