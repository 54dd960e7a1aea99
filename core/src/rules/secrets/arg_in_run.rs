use std::ops::Range;

use crate::fix::{Edit, Fix};
use crate::model::VarKind;
use crate::report::{Severity, Text};
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::{variable_references, ShellWord, SimpleCommand};

use super::passwords::password_arguments;
use super::{builder_stage_note, in_final_image, is_secret_name, secret_id, secret_mounts};

pub const RULE: Rule = Rule {
    code: "PL404",
    name: "build-arg-secret-used-in-run",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let escape = context.dockerfile.escape;
    // An `ONBUILD RUN` trigger runs in a later build, which does not see
    // this build's arguments.
    for script in context.scripts.iter().filter(|script| !script.is_trigger()) {
        let index = script.instruction;
        let instruction = script.run(context.dockerfile);
        let mounted: Vec<String> = secret_mounts(instruction)
            .iter()
            .filter_map(|mount| mount.option(&["env"]).map(str::to_string))
            .collect();
        let commands = &script.script.commands;
        let mut reported: Vec<String> = Vec::new();
        for command in commands {
            let passwords: Vec<Range<usize>> = password_arguments(command)
                .into_iter()
                .map(|password| password.range)
                .collect();
            for word in command_words(command) {
                for reference in variable_references(&word.raw, escape) {
                    let name = reference.name.as_str();
                    let range = word.range.start + reference.range.start
                        ..word.range.start + reference.range.end;
                    // `mysql -p$ROOT_PW`: the command says it is a password.
                    let as_password = passwords
                        .iter()
                        .any(|password| password.start <= range.start && range.end <= password.end);
                    let from_secret_arg = context
                        .model
                        .lookup(index, name)
                        .is_some_and(|def| def.kind == VarKind::Arg)
                        && (is_secret_name(name) || as_password);
                    if !from_secret_arg
                        || mounted.iter().any(|env| env == name)
                        || reported.iter().any(|done| done == name)
                        || commands.iter().any(|other| assigns(other, name))
                    {
                        continue;
                    }
                    reported.push(name.to_string());
                    let span = context.script_span(script, range);
                    let argument = if is_secret_name(name) {
                        crate::text!(
                            format!("the secret build argument `{name}`"),
                            format!("シークレットのビルド引数 `{name}`"),
                        )
                    } else {
                        crate::text!(
                            format!("the build argument `{name}`, used here as a password,"),
                            format!("パスワードとして使われているビルド引数 `{name}`"),
                        )
                    };
                    report(context, out, index, (name, &argument), span);
                }
            }
        }
    }
}

/// Reports `$name`; `argument` says what it is ("the secret build argument `NAME`").
fn report(
    context: &Context,
    out: &mut Diagnostics,
    index: usize,
    (name, argument): (&str, &Text),
    span: crate::Span,
) {
    let instruction = &context.dockerfile.instructions[index];
    let id = secret_id(name);
    let stage = context.stage_of(index);
    let builder = stage.filter(|&stage| !in_final_image(context, stage));
    let message = match builder {
        Some(stage) => {
            let note = builder_stage_note(context, stage);
            crate::text!(
                format!("`${name}` passes {} to this RUN {}; read it from a secret mount with `RUN --mount=type=secret,id={id},env={name}` instead", argument.en, note.en),
                format!("`${name}` は{} をこの RUN に渡しています。{}。代わりに `RUN --mount=type=secret,id={id},env={name}` でシークレットマウントから読み込んでください", argument.ja, note.ja),
            )
        }
        None => crate::text!(
            format!("`${name}` passes {} to this RUN, and BuildKit records build arguments with their values in the image history, where `docker history` shows them; read it from a secret mount with `RUN --mount=type=secret,id={id},env={name}` instead", argument.en),
            format!("`${name}` は{} をこの RUN に渡しています。BuildKit はビルド引数を値ごとイメージの履歴に記録するため、`docker history` で見えてしまいます。代わりに `RUN --mount=type=secret,id={id},env={name}` でシークレットマウントから読み込んでください", argument.ja),
        ),
    };
    let mount = format!(" --mount=type=secret,id={id},env={name}");
    let fix = Fix::needs_review(
        crate::text!(
            format!("Add `--mount=type=secret,id={id},env={name}` to this RUN (Dockerfile syntax 1.10 or later), delete `ARG {name}`, and build with `docker build --secret id={id},env={name} .` instead of `--build-arg`."),
            format!("この RUN に `--mount=type=secret,id={id},env={name}` を追加し（Dockerfile 構文 1.10 以降）、`ARG {name}` を削除して、`--build-arg` の代わりに `docker build --secret id={id},env={name} .` でビルドします。"),
        ),
        vec![Edit::insert(instruction.keyword_span.end, mount)],
    );
    let diagnostic = out.report(span, message).with_fix(fix);
    if let Some(stage) = stage {
        diagnostic.in_stage(stage);
    }
}

/// The words of a command where the shell expands variables.
fn command_words(command: &SimpleCommand) -> impl Iterator<Item = &ShellWord> {
    command
        .words
        .iter()
        .chain(
            command
                .assignments
                .iter()
                .map(|assignment| &assignment.value),
        )
        .chain(command.redirects.iter().map(|redirect| &redirect.target))
}

/// Whether a command sets the shell variable `name` itself
/// (`NAME=$(cat /run/secrets/x)`, `export NAME=...`, `read NAME`).
fn assigns(command: &SimpleCommand, name: &str) -> bool {
    command
        .assignments
        .iter()
        .any(|assignment| assignment.name == name)
        || matches!(
            command.name(),
            Some("export" | "read" | "declare" | "local" | "readonly")
        ) && command.args().iter().any(|word| {
            word.value == name
                || word
                    .value
                    .split_once('=')
                    .is_some_and(|(left, _)| left == name)
        })
}

const DOCS_EN: &str = r#"
# Secret build argument used in RUN

## What it checks
A `RUN` that uses (`$NAME` or `${NAME}`) a build argument whose name says it is a secret
(see PL401), or any build argument given where a command takes a password (`mysql
-p$ROOT_PW`, `--password=$PW`, `htpasswd -b file user $PW`, `curl -u user:$PW`, an
`Authorization` header), unless the same `RUN` mounts a secret into that variable
(`--mount=type=secret,...,env=NAME`) or the script sets the variable itself, for example
from `/run/secrets`.

## Why it is risky
Build arguments are meant for non-secret settings. BuildKit records every build argument
of a stage, with its value, in the history entry of each `RUN` after it: `docker history`
on the image shows `RUN |1 NPM_TOKEN=... /bin/sh -c ...`. The value also sits in the build
cache and in CI logs that print the build command.

## Example
```dockerfile
FROM node:20-alpine
ARG NPM_TOKEN
RUN NPM_CONFIG_TOKEN=$NPM_TOKEN pnpm install
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN=$(cat /run/secrets/npm_token) \
    pnpm install
```

## Fix
Pass the secret as a BuildKit secret instead of a build argument. The suggested edit adds
`--mount=type=secret,id=npm_token,env=NPM_TOKEN` to the `RUN`, which sets the variable from
the secret for that step only (Dockerfile syntax 1.10 or later); on older versions read the
file instead: `NPM_TOKEN=$(cat /run/secrets/npm_token)`. Then delete the `ARG` and build
with `docker build --secret id=npm_token,env=NPM_TOKEN .` (or `src=./npm_token.txt`). Review
the edit: the build command must change with it.

## When it is acceptable
When the value is not really secret, such as a token for a public, read-only mirror.

## References
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- [Dockerfile reference: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- [Dockerfile reference: ARG, impact on build caching and history](https://docs.docker.com/reference/dockerfile/#arg)
- CWE-532: Insertion of Sensitive Information into Log File
"#;

const DOCS_JA: &str = r#"
# シークレットのビルド引数を RUN で使っている

## チェック内容
名前からシークレットと分かるビルド引数（PL401 参照）を `$NAME` や `${NAME}` で使う `RUN` を
検出します。名前にかかわらず、コマンドがパスワードを受け取る位置（`mysql -p$ROOT_PW`、
`--password=$PW`、`htpasswd -b file user $PW`、`curl -u user:$PW`、`Authorization` ヘッダー）に
渡したビルド引数も対象です。同じ `RUN` でその変数にシークレットをマウントしている場合
（`--mount=type=secret,...,env=NAME`）や、`/run/secrets` から読むなどスクリプト自身が変数を
設定している場合は対象外です。

## なぜ危険か
ビルド引数は秘密ではない設定のためのものです。BuildKit はステージのビルド引数をすべて値ごと、
それ以降の各 `RUN` の履歴エントリに記録します。イメージに `docker history` を実行すると
`RUN |1 NPM_TOKEN=... /bin/sh -c ...` のように表示されます。値はビルドキャッシュにも、
ビルドコマンドを表示する CI のログにも残ります。

## 問題のある例
```dockerfile
FROM node:20-alpine
ARG NPM_TOKEN
RUN NPM_CONFIG_TOKEN=$NPM_TOKEN pnpm install
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN=$(cat /run/secrets/npm_token) \
    pnpm install
```

## 修正方法
シークレットはビルド引数ではなく BuildKit のシークレットとして渡します。提案する修正は
`RUN` に `--mount=type=secret,id=npm_token,env=NPM_TOKEN` を追加するもので、そのステップの
間だけシークレットから変数を設定します（Dockerfile 構文 1.10 以降）。それより古い場合は
`NPM_TOKEN=$(cat /run/secrets/npm_token)` のようにファイルから読みます。そのうえで `ARG` を
削除し、`docker build --secret id=npm_token,env=NPM_TOKEN .`（または `src=./npm_token.txt`）で
ビルドします。ビルドコマンドも合わせて変える必要があるため、修正内容を確認してください。

## 許容される場合
値が実際には秘密でない場合です。公開された読み取り専用ミラーのトークンなどが該当します。

## 参考資料
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [Dockerfile リファレンス: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- [Dockerfile リファレンス: ARG とビルドキャッシュ・履歴への影響](https://docs.docker.com/reference/dockerfile/#arg)
- CWE-532: ログファイルへの機密情報の挿入
"#;
