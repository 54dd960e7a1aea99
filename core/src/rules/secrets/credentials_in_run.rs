use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, ShellWord, SimpleCommand};

use super::{program, secret_mounts};

pub const RULE: Rule = Rule {
    code: "PL406",
    name: "credentials-in-run",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Trivy, "DS-0031")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Files that hold credentials when a command writes them.
const CREDENTIAL_FILES: &[&str] = &[
    ".npmrc",
    ".netrc",
    ".pypirc",
    ".git-credentials",
    ".pgpass",
    "credentials",
];

/// Keys of registry tokens in `.npmrc` and `.yarnrc.yml`.
const TOKEN_KEYS: &[&str] = &[
    "_authToken",
    "_auth",
    "_password",
    "npmAuthToken",
    "npmAuthIdent",
];

fn check(context: &Context, out: &mut Diagnostics) {
    for script in context.scripts {
        let instruction = script.run(context.dockerfile);
        if !secret_mounts(instruction).is_empty() {
            continue;
        }
        let commands = &script.script.commands;
        for (position, command) in commands.iter().enumerate() {
            let Some((range, what)) = stored_credentials(command, commands, position) else {
                continue;
            };
            let span = context.script_span(script, range);
            let diagnostic = out.report(
                span,
                crate::text!(
                    format!("{}; give this step the credential with `RUN --mount=type=secret` and keep what it stores out of the layer", what.0),
                    format!("{}。このステップには `RUN --mount=type=secret` で資格情報を渡し、保存されたファイルをレイヤーに残さないでください", what.1),
                ),
            );
            diagnostic.with_fix(Fix::manual(crate::text!(
                "Mount the credential for this step only, where the tool reads it: `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp ...`, `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`, or `--mount=type=secret,id=token,env=TOKEN`; build with `docker build --secret id=...,src=...`. If a tool must log in, log out and delete its credential file in the same RUN.",
                "資格情報はこのステップの間だけ、ツールが読む場所にマウントします。例: `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp ...`、`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`、`--mount=type=secret,id=token,env=TOKEN`。ビルドは `docker build --secret id=...,src=...` で行います。ツールへのログインが必要な場合は、同じ RUN の中でログアウトし、資格情報ファイルを削除してください。",
            )));
            if let Some(stage) = script.stage {
                diagnostic.in_stage(stage);
            }
        }
    }
}

type Described = (String, String);

/// The range from the program word to the `count`-th argument after it.
fn words_range(words: &[ShellWord], program: usize, count: usize) -> std::ops::Range<usize> {
    let last = (program + count).min(words.len() - 1);
    words[program].range.start..words[last].range.end
}

fn position_of(args: &[&str], wanted: &str) -> Option<usize> {
    args.iter().position(|arg| *arg == wanted)
}

fn has_option(args: &[&str], names: &[&str]) -> bool {
    args.iter().any(|arg| {
        names.iter().any(|name| {
            *arg == *name || (name.starts_with("--") && arg.starts_with(&format!("{name}=")))
        })
    })
}

/// What a command stores, and the range of the words that say so.
fn stored_credentials(
    command: &SimpleCommand,
    commands: &[SimpleCommand],
    position: usize,
) -> Option<(std::ops::Range<usize>, Described)> {
    let words = &command.words;
    if let Some((at, args)) = program(command, &["aws"]) {
        let key = args.get(2).map(|key| key.to_ascii_lowercase())?;
        let stored = [
            "aws_secret_access_key",
            "aws_access_key_id",
            "aws_session_token",
        ]
        .iter()
        .any(|name| key.ends_with(name));
        if args.first() == Some(&"configure") && args.get(1) == Some(&"set") && stored {
            return Some((
                words_range(words, at, 3),
                (
                    format!("`aws configure set {key}` writes the AWS credential to `~/.aws/credentials` in this layer"),
                    format!("`aws configure set {key}` は AWS の資格情報をこのレイヤーの `~/.aws/credentials` に書き込みます"),
                ),
            ));
        }
        return None;
    }
    if let Some((at, args)) = program(command, &["gcloud"]) {
        let activate = position_of(&args, "activate-service-account")?;
        position_of(&args, "auth")?;
        return Some((
            words_range(words, at, activate + 1),
            (
                "`gcloud auth activate-service-account` stores the service-account key under `~/.config/gcloud` in this layer".to_string(),
                "`gcloud auth activate-service-account` はサービスアカウントの鍵をこのレイヤーの `~/.config/gcloud` に保存します".to_string(),
            ),
        ));
    }
    if let Some((at, args)) = program(command, &["az"]) {
        let login = position_of(&args, "login")?;
        if !has_option(&args, &["-p", "--password"]) {
            return None;
        }
        return Some((
            words_range(words, at, login + 1),
            (
                "`az login` with a password puts the password in the build history and stores tokens under `~/.azure` in this layer".to_string(),
                "パスワード付きの `az login` はパスワードをビルド履歴に残し、トークンをこのレイヤーの `~/.azure` に保存します".to_string(),
            ),
        ));
    }
    if let Some((at, args)) = program(command, &["doctl"]) {
        let init = position_of(&args, "init")?;
        if position_of(&args, "auth").is_none() || !has_option(&args, &["-t", "--access-token"]) {
            return None;
        }
        return Some((
            words_range(words, at, init + 1),
            (
                "`doctl auth init` with a token stores it under `~/.config/doctl` in this layer".to_string(),
                "トークン付きの `doctl auth init` はトークンをこのレイヤーの `~/.config/doctl` に保存します".to_string(),
            ),
        ));
    }
    if let Some((at, args)) = program(command, &["docker", "podman"]) {
        let login = position_of(&args, "login")?;
        if !has_option(&args, &["-p", "--password", "--password-stdin"]) {
            return None;
        }
        return Some((
            words_range(words, at, login + 1),
            (
                "`docker login` stores the registry password in `~/.docker/config.json` in this layer".to_string(),
                "`docker login` はレジストリのパスワードをこのレイヤーの `~/.docker/config.json` に保存します".to_string(),
            ),
        ));
    }
    let recognized = classify(command)?;
    let operands: Vec<&str> = recognized
        .operands
        .iter()
        .map(|operand| operand.value.as_str())
        .collect();
    let subcommand = recognized.subcommand.as_ref().map(|sub| sub.value.as_str());
    use crate::shell::Tool as Cmd;
    match recognized.tool {
        Cmd::Npm | Cmd::Pnpm | Cmd::Yarn => {
            if !matches!(subcommand, Some("config" | "set")) {
                return None;
            }
            let key = recognized
                .operands
                .iter()
                .find(|operand| TOKEN_KEYS.iter().any(|token| operand.value.contains(token)))?;
            Some((
                words[key.word].range.clone(),
                (
                    format!(
                        "`{}` writes a registry token to `.npmrc` in this layer",
                        key.value
                    ),
                    format!(
                        "`{}` はレジストリのトークンをこのレイヤーの `.npmrc` に書き込みます",
                        key.value
                    ),
                ),
            ))
        }
        Cmd::Git => {
            if subcommand == Some("config")
                && operands
                    .iter()
                    .any(|operand| operand.ends_with("credential.helper"))
                && operands.contains(&"store")
            {
                return Some((
                    words_range(words, recognized.program, words.len()),
                    (
                        "`git config credential.helper store` makes Git save passwords in plain text in `~/.git-credentials`".to_string(),
                        "`git config credential.helper store` を設定すると、Git がパスワードを平文で `~/.git-credentials` に保存します".to_string(),
                    ),
                ));
            }
            let url = recognized
                .urls()
                .find(|url| url_has_variable_credentials(&url.value))?;
            Some((
                words[url.word].range.clone(),
                (
                    "this URL carries credentials, which Git keeps in the clone's `.git/config` and the build history shows".to_string(),
                    "この URL には資格情報が含まれており、Git はそれをクローンの `.git/config` に保存し、ビルド履歴にも表示されます".to_string(),
                ),
            ))
        }
        Cmd::Echo | Cmd::Printf => {
            let content = recognized.operands.iter().find(|operand| {
                TOKEN_KEYS
                    .iter()
                    .any(|key| operand.value.contains(&format!("{key}=")))
                    || (operand.value.contains("machine ") && operand.value.contains("password"))
            });
            let target = written_file(command, commands, position);
            let credential_target = target.as_deref().is_some_and(|file| {
                CREDENTIAL_FILES
                    .iter()
                    .any(|name| file.rsplit('/').next() == Some(name))
            });
            let operand = match (content, target.as_deref()) {
                (Some(content), Some(_)) => content,
                (None, Some(_)) if credential_target => recognized.operands.first()?,
                _ => return None,
            };
            let file = target.unwrap_or_default();
            Some((
                words[operand.word].range.clone(),
                (
                    format!("this command writes credentials to `{file}` in this layer"),
                    format!("このコマンドは資格情報をこのレイヤーの `{file}` に書き込みます"),
                ),
            ))
        }
        _ => None,
    }
}

/// The file an `echo`/`printf` writes: its output redirection, or the file
/// of a `tee` it pipes into.
fn written_file(
    command: &SimpleCommand,
    commands: &[SimpleCommand],
    position: usize,
) -> Option<String> {
    if let Some(redirect) = command
        .redirects
        .iter()
        .find(|redirect| redirect.op.writes())
    {
        return Some(redirect.target.value.clone());
    }
    let pipeline = command.pipeline?;
    let next = commands[position + 1..].iter().find(|other| {
        other
            .pipeline
            .is_some_and(|p| p.id == pipeline.id && p.index == pipeline.index + 1)
    })?;
    let tee = classify(next).filter(|tee| tee.tool == crate::shell::Tool::Tee)?;
    tee.operands.first().map(|operand| operand.value.clone())
}

/// `https://$TOKEN@host` or `https://user:${TOKEN}@host`: literal values are PL402's.
fn url_has_variable_credentials(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains('$'))
}

const DOCS_EN: &str = r#"
# Credentials stored by a RUN command

## What it checks
Commands in `RUN` that log in or save credentials while the image is built, when the `RUN`
has no secret mount:

- `aws configure set aws_secret_access_key|aws_access_key_id|aws_session_token`
- `gcloud auth activate-service-account`
- `az login` with `-p`/`--password`
- `doctl auth init` with `-t`/`--access-token`
- `docker login` (or `podman login`) with `-p`, `--password` or `--password-stdin`
- `npm config set //registry/:_authToken ...` (also pnpm and yarn)
- `echo`/`printf` writing a registry token (`_authToken=`) or a `.netrc` entry to a file, or
  writing to `.npmrc`, `.netrc`, `.pypirc`, `.git-credentials`, `.pgpass` or `credentials`
- `git config credential.helper store`
- Git URLs with credentials from variables (`https://${GITHUB_TOKEN}@github.com/...`);
  literal credentials in URLs are reported by PL402.

## Why it is risky
These commands write the credential to a file in the home directory (`~/.aws/credentials`,
`~/.docker/config.json`, `.npmrc`, the clone's `.git/config`), and that file becomes part
of the layer: anyone with the image can read it, even if a later `RUN` deletes it. The
value usually also comes from a build argument, which the build history shows.

## Example
```dockerfile
FROM python:3.12-slim
ARG AWS_KEY
RUN aws configure set aws_secret_access_key "$AWS_KEY" \
    && aws s3 cp s3://my-bucket/model.bin /models/
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials \
    aws s3 cp s3://my-bucket/model.bin /models/
```

## Fix
Mount the credential for the one step that needs it, where the tool reads it:
`--mount=type=secret,id=aws,target=/root/.aws/credentials`,
`--mount=type=secret,id=npmrc,target=/root/.npmrc`, or `env=` to get it as a variable;
build with `docker build --secret id=aws,src=$HOME/.aws/credentials .`. If a tool insists
on logging in, log out and delete its credential file in the same `RUN`. Rotate any
credential that was already built into an image.

## When it is acceptable
When the `RUN` already takes the credential from a secret mount (it is then not reported),
and removes what the tool stored before the step ends.

## References
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- [Dockerfile reference: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- CWE-522: Insufficiently Protected Credentials
"#;

const DOCS_JA: &str = r#"
# RUN のコマンドが資格情報を保存している

## チェック内容
イメージのビルド中にログインしたり資格情報を保存したりする `RUN` のコマンドを、その `RUN` に
シークレットマウントがない場合に検出します。

- `aws configure set aws_secret_access_key|aws_access_key_id|aws_session_token`
- `gcloud auth activate-service-account`
- `-p`/`--password` 付きの `az login`
- `-t`/`--access-token` 付きの `doctl auth init`
- `-p`・`--password`・`--password-stdin` 付きの `docker login`（`podman login` も同様）
- `npm config set //registry/:_authToken ...`（pnpm と yarn も同様）
- レジストリのトークン（`_authToken=`）や `.netrc` のエントリをファイルに書き込む `echo`/`printf`、
  または `.npmrc`・`.netrc`・`.pypirc`・`.git-credentials`・`.pgpass`・`credentials` への書き込み
- `git config credential.helper store`
- 変数から資格情報を埋め込んだ Git の URL（`https://${GITHUB_TOKEN}@github.com/...`）。
  URL 中のリテラルの資格情報は PL402 が報告します。

## なぜ危険か
これらのコマンドは資格情報をホームディレクトリのファイル（`~/.aws/credentials`・
`~/.docker/config.json`・`.npmrc`・クローンの `.git/config`）に書き込み、そのファイルはレイヤーの
一部になります。後の `RUN` で削除しても、イメージを持つ人なら誰でも読めます。値はたいてい
ビルド引数から来ており、ビルド履歴にも表示されます。

## 問題のある例
```dockerfile
FROM python:3.12-slim
ARG AWS_KEY
RUN aws configure set aws_secret_access_key "$AWS_KEY" \
    && aws s3 cp s3://my-bucket/model.bin /models/
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials \
    aws s3 cp s3://my-bucket/model.bin /models/
```

## 修正方法
資格情報は、それを必要とする一つのステップの間だけ、ツールが読む場所にマウントします。
例: `--mount=type=secret,id=aws,target=/root/.aws/credentials`、
`--mount=type=secret,id=npmrc,target=/root/.npmrc`、変数として受け取るなら `env=`。ビルドは
`docker build --secret id=aws,src=$HOME/.aws/credentials .` で行います。どうしてもログインが
必要なツールは、同じ `RUN` の中でログアウトし、資格情報ファイルを削除してください。すでに
イメージに入ってしまった資格情報はローテーションしてください。

## 許容される場合
`RUN` がすでにシークレットマウントから資格情報を受け取り（この場合は報告しません）、ステップの
終わりまでにツールが保存したものを削除している場合です。

## 参考資料
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [Dockerfile リファレンス: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- CWE-522: 不十分に保護された資格情報
"#;
