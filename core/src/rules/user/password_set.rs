use crate::fix::Fix;
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{classify, Recognized, SimpleCommand, Tool as Command};

use super::{in_final_chain, run_commands};

pub const RULE: Rule = Rule {
    code: "PL106",
    name: "password-set-in-image",
    section: Section::User,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV2_DOCKER_17"),
        alias(Tool::Dockle, "DKL-LI-0001"),
    ],
    docs_en: DOCS_EN,
    docs_ja: DOCS_JA,
    check,
};

/// What a command does to a password, if anything: `(word index, English, Japanese)`.
fn password_change(
    recognized: &Recognized,
    fed_by_pipe: bool,
) -> Option<(usize, &'static str, &'static str)> {
    let option = |names: &[&str]| {
        recognized
            .options
            .iter()
            .find(|option| names.contains(&option.name.as_str()))
    };
    match recognized.tool {
        Command::Chpasswd => Some((
            recognized.program,
            "sets passwords",
            "パスワードを設定しています",
        )),
        Command::Passwd => {
            if let Some(delete) = option(&["-d", "--delete"]) {
                Some((
                    delete.word,
                    "removes the password, leaving an account that needs none",
                    "パスワードを削除し、パスワードなしでログインできるアカウントを作っています",
                ))
            } else if let Some(stdin) = option(&["--stdin"]) {
                Some((stdin.word, "sets a password", "パスワードを設定しています"))
            } else {
                fed_by_pipe.then_some((
                    recognized.program,
                    "sets a password",
                    "パスワードを設定しています",
                ))
            }
        }
        Command::Usermod | Command::Useradd => {
            let password = option(&["-p", "--password"])?;
            // `-p '*'` and `-p '!'` lock the account instead.
            let locks = password
                .value
                .as_deref()
                .is_some_and(|value| value == "*" || value.starts_with('!'));
            (!locks).then_some((
                password.word,
                "sets a password hash",
                "パスワードハッシュを設定しています",
            ))
        }
        _ => None,
    }
}

/// `sed -i 's/^root:[^:]*:/root::/' /etc/shadow`: an edit of the account
/// files whose replacement leaves a password field empty. Returns the index
/// of the expression word.
fn empties_password_field(command: &SimpleCommand) -> Option<usize> {
    let words = &command.words;
    if words.first().map(|word| basename(&word.value)) != Some("sed") {
        return None;
    }
    let edits_accounts = words[1..]
        .iter()
        .any(|word| matches!(word.value.as_str(), "/etc/shadow" | "/etc/passwd"));
    if !edits_accounts {
        return None;
    }
    words.iter().enumerate().skip(1).find_map(|(index, word)| {
        let expression = word.value.as_str();
        let mut chars = expression.chars();
        if chars.next() != Some('s') {
            return None;
        }
        let delimiter = chars
            .next()
            .filter(|c| !c.is_alphanumeric() && *c != '\\')?;
        let mut parts = expression[1 + delimiter.len_utf8()..].split(delimiter);
        let _pattern = parts.next()?;
        let replacement = parts.next()?;
        // `name::` or `\1::`: the field after the name is left empty.
        replacement.contains("::").then_some(index)
    })
}

fn check(context: &Context, out: &mut Diagnostics) {
    for (script, index, command) in run_commands(context) {
        if !in_final_chain(context, script.instruction) {
            continue;
        }
        let change = match classify(command) {
            Some(recognized) => {
                let fed_by_pipe = script.script.pipeline_predecessor(index).is_some();
                password_change(recognized, fed_by_pipe)
            }
            None => empties_password_field(command).map(|word| {
                (
                    word,
                    "empties a password field of the account files, leaving an account that needs no password",
                    "アカウントファイルのパスワード欄を空にし、パスワードなしでログインできるアカウントを作っています",
                )
            }),
        };
        let Some((word, en, ja)) = change else {
            continue;
        };
        let written = &command.words[word].value;
        let span = context.script_span(script, command.words[word].range.clone());
        out.report(span, Text::new(
            format!("`{written}` {en} at build time: the password is known to everyone who can read the Dockerfile or the image, and is the same in every container; leave accounts without a usable password and use `USER` to switch users"),
            format!("`{written}` がビルド時に{ja}。パスワードは Dockerfile やイメージを読める人全員に知られ、すべてのコンテナで同じになります。アカウントは使えるパスワードなしのままにし、ユーザーの切り替えには `USER` を使ってください"),
        ))
        .with_fix(Fix::manual(Text::new(
            "Remove the password change; accounts created with `useradd`/`adduser -D` are locked by default. Pass secrets the container needs at run time.",
            "パスワードの変更を削除してください。`useradd` や `adduser -D` で作ったアカウントは既定でロックされています。コンテナが必要とするシークレットは実行時に渡してください。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Password set or removed at build time

## What it checks
Commands in the final stage (or the stages it is built `FROM`) that set or clear account
passwords: `chpasswd`, `passwd -d`, `passwd --stdin`, `passwd` fed through a pipe,
`usermod -p`/`useradd -p` with a password hash, and `sed` edits of `/etc/shadow` or
`/etc/passwd` that leave a password field empty (`s/^root:[^:]*:/root::/`). Locking an account (`usermod -p '!'`,
`passwd -l`) is fine.

## Why it is risky
A password written into a Dockerfile is readable by everyone who can read the Dockerfile,
the image history (`docker history`) or the image's `/etc/shadow`, and it is the same in
every container started from the image. A removed password (`passwd -d`) creates an account
anyone can log into or `su` to. Containers do not need passwords: the user is chosen with
`USER`, or by the orchestrator.

## Example
```dockerfile
FROM ubuntu:22.04
RUN useradd --uid 1001 --shell /bin/sh appuser && \
    echo 'appuser:changeme' | chpasswd
USER 1001
```

## Use instead
```dockerfile
FROM ubuntu:22.04
RUN useradd --uid 1001 --shell /bin/sh appuser
USER 1001
```

## Fix
Remove the password change. Accounts created by `useradd` or `adduser -D` are locked and
need no password. If a service in the container needs a credential, pass it at run time
as a secret, not at build time.

## When it is acceptable
Throw-away test images for software that insists on a password login, such as SSH test
fixtures, that never leave a test environment.

## References
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
- [CWE-521: Weak Password Requirements](https://cwe.mitre.org/data/definitions/521.html)
"#;

const DOCS_JA: &str = r#"
# ビルド時にパスワードを設定または削除している

## チェック内容
最終ステージ（`FROM` 元のステージを含む）で、アカウントのパスワードを設定・削除する
コマンドを検出します。`chpasswd`、`passwd -d`、`passwd --stdin`、パイプから入力を受ける
`passwd`、パスワードハッシュを指定する `usermod -p`/`useradd -p`、パスワード欄を空にする
`/etc/shadow`・`/etc/passwd` の `sed` 編集（`s/^root:[^:]*:/root::/`）が対象です。アカウントの
ロック（`usermod -p '!'`、`passwd -l`）は問題ありません。

## なぜ危険か
Dockerfile に書いたパスワードは、Dockerfile、イメージの履歴（`docker history`）、イメージ内の
`/etc/shadow` を読める人全員に知られ、そのイメージから起動したすべてのコンテナで同じに
なります。パスワードを削除する（`passwd -d`）と、誰でもログインや `su` ができるアカウントが
できてしまいます。コンテナにパスワードは不要です。ユーザーは `USER` やオーケストレーターで
選びます。

## 問題のある例
```dockerfile
FROM ubuntu:22.04
RUN useradd --uid 1001 --shell /bin/sh appuser && \
    echo 'appuser:changeme' | chpasswd
USER 1001
```

## 代わりに
```dockerfile
FROM ubuntu:22.04
RUN useradd --uid 1001 --shell /bin/sh appuser
USER 1001
```

## 修正方法
パスワードの変更を削除します。`useradd` や `adduser -D` で作ったアカウントはロックされて
おり、パスワードは不要です。コンテナ内のサービスが認証情報を必要とする場合は、ビルド時では
なく実行時にシークレットとして渡してください。

## 許容される場合
SSH のテスト用フィクスチャなど、パスワードログインを必須とするソフトウェアの使い捨て
テストイメージで、テスト環境の外に出ないものに限ります。

## 参考資料
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [CWE-259: ハードコードされたパスワードの使用](https://cwe.mitre.org/data/definitions/259.html)
- [CWE-521: 弱いパスワード要件](https://cwe.mitre.org/data/definitions/521.html)
"#;
