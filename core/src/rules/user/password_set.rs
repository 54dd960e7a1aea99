use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{classify, Recognized, SimpleCommand, Tool as Command};

use crate::span::{to_u32, Span};
use crate::syntax::Keyword;

use super::{in_final_chain, input_lines, run_commands, stdin_text};

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
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
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
            let locks = password.value.as_deref().is_some_and(locking_hash);
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
        let input = stdin_text(context, script, index);
        let recognized = classify(command);
        if let Some(literal) = literal_password(context, script, command, recognized, &input) {
            report_literal(out, &literal);
            continue;
        }
        let change = match recognized {
            Some(recognized)
                if recognized.tool == Command::Chpasswd
                    && (only_locks(recognized, &input) || only_random(&input)) =>
            {
                None
            }
            Some(recognized) => {
                let fed_by_pipe = script.script.pipeline_predecessor(index).is_some();
                password_change(recognized, fed_by_pipe)
            }
            None => net_user(command.words.iter().map(|word| word.value.as_str()))
                .map(|_| (0, "sets a password", "パスワードを設定しています"))
                .or_else(|| {
                    empties_password_field(command).map(|word| {
                        (
                            word,
                            "empties a password field of the account files, leaving an account that needs no password",
                            "アカウントファイルのパスワード欄を空にし、パスワードなしでログインできるアカウントを作っています",
                        )
                    })
                }),
        };
        let Some((word, en, ja)) = change else {
            continue;
        };
        let written = &command.words[word].value;
        let span = context.script_span(script, command.words[word].range.clone());
        out.report(span, crate::text!(
            format!("`{written}` {en} at build time: the password is known to everyone who can read the Dockerfile or the image, and is the same in every container; leave accounts without a usable password and use `USER` to switch users"),
            format!("`{written}` がビルド時に{ja}。パスワードは Dockerfile やイメージを読める人全員に知られ、すべてのコンテナで同じになります。アカウントは使えるパスワードなしのままにし、ユーザーの切り替えには `USER` を使ってください"),
        ))
        .with_fix(remove_fix());
    }
    windows_net_user(context, out);
}

/// A password written as a literal for an account.
struct LiteralPassword {
    span: Span,
    program: String,
    account: String,
    password: String,
}

fn report_literal(out: &mut Diagnostics, literal: &LiteralPassword) {
    let LiteralPassword {
        program, account, ..
    } = literal;
    let masked = crate::rules::secrets::mask(&literal.password);
    out.report(literal.span, crate::text!(
        format!("`{program}` gives `{account}` a password written in the Dockerfile (`{masked}`): anyone who can read the Dockerfile or the image history can log in as `{account}`, in every container of the image; remove it, leave the account without a usable password and use `USER` to switch users"),
        format!("`{program}` が Dockerfile に書かれたパスワード（`{masked}`）を `{account}` に設定しています。Dockerfile やイメージの履歴を読める人なら誰でも、このイメージのすべてのコンテナで `{account}` としてログインできます。削除してアカウントは使えるパスワードなしのままにし、ユーザーの切り替えには `USER` を使ってください"),
    ))
    .rated(Severity::Critical)
    .with_fix(remove_fix());
}

fn remove_fix() -> Fix {
    Fix::manual(crate::text!(
        "Remove the password change; accounts created with `useradd`/`adduser -D` are locked by default. Pass secrets the container needs at run time.",
        "パスワードの変更を削除してください。`useradd` や `adduser -D` で作ったアカウントは既定でロックされています。コンテナが必要とするシークレットは実行時に渡してください。",
    ))
}

/// `echo 'root:root' | chpasswd`, `echo pw | passwd --stdin app`,
/// `net user app P@ssw0rd /add`: the password itself is in the Dockerfile.
fn literal_password(
    context: &Context,
    script: &crate::model::RunScript,
    command: &SimpleCommand,
    recognized: Option<&Recognized>,
    input: &Option<Vec<(String, Span)>>,
) -> Option<LiteralPassword> {
    let words = &command.words;
    if let Some((account, password)) = net_user(words.iter().map(|word| word.value.as_str())) {
        let written = literal(password)?;
        let word = &words[words.iter().position(|word| word.value == password)?];
        return Some(LiteralPassword {
            span: context.script_span(script, word.range.clone()),
            program: "net user".to_string(),
            account: account.to_string(),
            password: written.to_string(),
        });
    }
    let recognized = recognized?;
    let program = words[recognized.program].value.clone();
    if matches!(recognized.tool, Command::Usermod | Command::Useradd) {
        return hashed_literal(context, script, command, recognized);
    }
    let input = input.as_ref()?;
    match recognized.tool {
        Command::Chpasswd if !encrypted(recognized) => input.iter().find_map(|(text, span)| {
            input_lines(text).into_iter().find_map(|(offset, line)| {
                let (account, password) = line.split_once(':')?;
                let written = literal(password)?;
                let at = offset + account.len() + 1;
                Some(LiteralPassword {
                    span: inner_span(text, *span, at..at + password.len()),
                    program: program.clone(),
                    account: account.to_string(),
                    password: written.to_string(),
                })
            })
        }),
        Command::Passwd
            if recognized
                .options
                .iter()
                .all(|option| option.name == "--stdin") =>
        {
            let account = recognized
                .operands
                .last()
                .map_or("root".to_string(), |operand| operand.value.clone());
            input.iter().find_map(|(text, span)| {
                input_lines(text).into_iter().find_map(|(offset, line)| {
                    let written = literal(line)?;
                    Some(LiteralPassword {
                        span: inner_span(text, *span, offset..offset + line.len()),
                        program: program.clone(),
                        account: account.clone(),
                        password: written.to_string(),
                    })
                })
            })
        }
        _ => None,
    }
}

/// `useradd -p "$(openssl passwd -6 s3cret)" app`: the hash is computed
/// from a password written in the Dockerfile.
fn hashed_literal(
    context: &Context,
    script: &crate::model::RunScript,
    command: &SimpleCommand,
    recognized: &Recognized,
) -> Option<LiteralPassword> {
    let option = recognized
        .options
        .iter()
        .find(|option| matches!(option.name.as_str(), "-p" | "--password"))?;
    let hash_word = &command.words[option.value_word?];
    let commands = &script.script.commands[hash_word.substitution_commands.clone()];
    let password = commands.iter().find_map(|inner| {
        let words = &inner.words;
        let is_openssl_passwd = words.first().map(|word| basename(&word.value)) == Some("openssl")
            && words.get(1).is_some_and(|word| word.value == "passwd");
        if !is_openssl_passwd {
            return None;
        }
        // The password is the operand after the options (`-salt <salt>` takes a value).
        let mut rest = words[2..].iter();
        let mut operand = None;
        while let Some(word) = rest.next() {
            if matches!(word.value.as_str(), "-salt" | "-in") {
                rest.next();
            } else if !word.value.starts_with('-') {
                operand = Some(word);
            }
        }
        operand
    })?;
    let written = literal(&password.value)?;
    Some(LiteralPassword {
        span: context.script_span(script, password.range.clone()),
        program: "openssl passwd".to_string(),
        account: recognized
            .operands
            .last()
            .map_or_else(String::new, |operand| operand.value.clone()),
        password: written.to_string(),
    })
}

/// A password as written, unless it comes from a variable or a command.
fn literal(password: &str) -> Option<&str> {
    let not_literal = password.is_empty()
        || password.contains(['$', '`', '%'])
        || crate::rules::secrets::is_placeholder(password);
    (!not_literal).then_some(password)
}

/// A password field no password matches, which locks the account: `*`, a
/// field starting with `!`, or a literal that is no crypt(3) hash at all
/// (`useradd -p gitpod`: hashes start with `$`, or are 13 characters of
/// DES's alphabet). An empty field is no lock: it needs no password.
fn locking_hash(value: &str) -> bool {
    let des = value.len() == 13
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'/');
    value == "*" || value.starts_with('!') || (!value.is_empty() && !value.starts_with('$') && !des)
}

/// `chpasswd -e`: the input holds password hashes, not passwords.
fn encrypted(recognized: &Recognized) -> bool {
    recognized.has_flag(&['e'], &["--encrypted"])
}

/// `echo 'root:*' | chpasswd -e`: every hash given locks the account
/// instead of setting a password.
fn only_locks(recognized: &Recognized, input: &Option<Vec<(String, Span)>>) -> bool {
    let Some(input) = input else {
        return false;
    };
    let mut hashes = input
        .iter()
        .flat_map(|(text, _)| input_lines(text))
        .filter_map(|(_, line)| line.split_once(':').map(|(_, hash)| hash))
        .peekable();
    encrypted(recognized) && hashes.peek().is_some() && hashes.all(locking_hash)
}

/// `echo "root:$(openssl rand -base64 12)" | chpasswd`: every password is
/// drawn at random while the image builds and never written anywhere, so
/// nobody knows it; like a locked account, nothing can log in with it.
fn only_random(input: &Option<Vec<(String, Span)>>) -> bool {
    const RANDOM_SOURCES: &[&str] = &[
        "openssl rand",
        "/dev/urandom",
        "/dev/random",
        "pwgen",
        "uuidgen",
        "makepasswd",
        "/proc/sys/kernel/random/uuid",
    ];
    let Some(input) = input else {
        return false;
    };
    let mut passwords = input
        .iter()
        .flat_map(|(text, _)| input_lines(text))
        .filter_map(|(_, line)| line.split_once(':').map(|(_, password)| password))
        .peekable();
    passwords.peek().is_some()
        && passwords.all(|password| {
            let substitution = password
                .strip_prefix("$(")
                .and_then(|rest| rest.strip_suffix(')'))
                .or_else(|| {
                    password
                        .strip_prefix('`')
                        .and_then(|rest| rest.strip_suffix('`'))
                });
            substitution
                .is_some_and(|command| RANDOM_SOURCES.iter().any(|source| command.contains(source)))
        })
}

/// The span of `range` of `text`, written at `span`, when the text maps byte
/// for byte to the source; else the whole span.
fn inner_span(text: &str, span: Span, range: std::ops::Range<usize>) -> Span {
    if span.len() as usize == text.len() {
        Span::new(
            span.start + to_u32(range.start),
            span.start + to_u32(range.end),
        )
    } else {
        span
    }
}

/// `net user <account> <password> [/add]` (Windows): the account and the
/// password, unless it is `*` (asked for) or absent.
fn net_user<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<(&'a str, &'a str)> {
    let program = words.next()?;
    let program = program.rsplit(['/', '\\']).next().unwrap_or(program);
    if !(program.eq_ignore_ascii_case("net") || program.eq_ignore_ascii_case("net.exe"))
        || !words.next()?.eq_ignore_ascii_case("user")
    {
        return None;
    }
    let account = words.next().filter(|word| !word.starts_with('/'))?;
    let password = words
        .next()
        .filter(|word| !word.starts_with('/') && *word != "*")?;
    Some((account, password))
}

/// `net user` in RUNs whose shell the script model does not read (PowerShell,
/// `cmd`): their text, read statement by statement.
fn windows_net_user(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        // A RUN the shell layer parsed was read above; only the others
        // (PowerShell, cmd) are read here.
        if instruction.keyword != Keyword::Run
            || !context.scripts_of(index).is_empty()
            || !in_final_chain(context, index)
        {
            continue;
        }
        let args = instruction.args_range.clone();
        let text = &instruction.text.as_str()[args.clone()];
        for statement in text.split(['\n', ';', '|', '&']) {
            let offset = args.start + (statement.as_ptr() as usize - text.as_ptr() as usize);
            let words: Vec<&str> = statement
                .split_whitespace()
                .map(|word| word.trim_matches(['"', '\'']))
                .collect();
            let Some((account, password)) = net_user(words.iter().copied()) else {
                continue;
            };
            let at = offset + statement.find(password).unwrap_or(0);
            let span = instruction.text.span(at..at + password.len());
            match literal(password) {
                Some(written) => report_literal(
                    out,
                    &LiteralPassword {
                        span,
                        program: "net user".to_string(),
                        account: account.to_string(),
                        password: written.to_string(),
                    },
                ),
                None => {
                    out.report(span, crate::text!(
                        "`net user` sets a password at build time: the password is known to everyone who can read the Dockerfile or the image, and is the same in every container; leave accounts without a usable password and use `USER` to switch users",
                        "`net user` がビルド時にパスワードを設定しています。パスワードは Dockerfile やイメージを読める人全員に知られ、すべてのコンテナで同じになります。アカウントは使えるパスワードなしのままにし、ユーザーの切り替えには `USER` を使ってください",
                    ))
                    .with_fix(remove_fix());
                }
            }
        }
    }
}

const DOCS_EN: &str = r#"
# Password set or removed at build time

## What it checks
Commands in the final stage (or the stages it is built `FROM`) that set or clear account
passwords: `chpasswd`, `passwd -d`, `passwd --stdin`, `passwd` fed through a pipe,
`usermod -p`/`useradd -p` with a password hash, Windows' `net user <name> <password>`, and
`sed` edits of `/etc/shadow` or `/etc/passwd` that leave a password field empty
(`s/^root:[^:]*:/root::/`). Locking an account (`usermod -p '!'`, `passwd -l`, or
`chpasswd -e` given `*` or a hash starting with `!`) is fine, and so is a value that is no
password hash at all (`useradd -p gitpod app`: crypt hashes start with `$` or are 13
characters long), which no password matches. A password drawn at random while the image
builds and written nowhere (`echo "root:$(openssl rand -base64 12)" | chpasswd`, or from
`/dev/urandom`, `pwgen`, `uuidgen`) is known to nobody, so it locks the account as well.

When the password itself is written in the Dockerfile (`echo 'root:root' | chpasswd`,
`echo pw | passwd --stdin app`, `useradd -p "$(openssl passwd -6 pw)" app`,
`net user builder P4ssw0rd /add`), the finding is critical
and points at the password: anyone who reads the Dockerfile can log in with it. A password
that comes from a variable (`echo "app:$APP_PASSWORD" | chpasswd`) stays medium; where the
variable is a build argument, PL404 says so.

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
`passwd`、パスワードハッシュを指定する `usermod -p`/`useradd -p`、Windows の
`net user <名前> <パスワード>`、パスワード欄を空にする `/etc/shadow`・`/etc/passwd` の `sed` 編集
（`s/^root:[^:]*:/root::/`）が対象です。アカウントのロック（`usermod -p '!'`、`passwd -l`、`*` や
`!` で始まるハッシュを渡す `chpasswd -e`）は問題ありません。パスワードハッシュの形をしていない値
（`useradd -p gitpod app`。crypt のハッシュは `$` で始まるか 13 文字です）も、どのパスワードとも
一致しないため同様です。ビルド中に乱数で作り、どこにも書き残さないパスワード
（`echo "root:$(openssl rand -base64 12)" | chpasswd`、`/dev/urandom`・`pwgen`・`uuidgen` によるもの）は
誰にも分からないため、これもアカウントのロックと同じです。

パスワードそのものが Dockerfile に書かれている場合（`echo 'root:root' | chpasswd`、
`echo pw | passwd --stdin app`、`useradd -p "$(openssl passwd -6 pw)" app`、
`net user builder P4ssw0rd /add`）は、重大度を critical とし、
パスワードの位置を指摘します。Dockerfile を読めば誰でもそのパスワードでログインできるからです。
変数から渡すパスワード（`echo "app:$APP_PASSWORD" | chpasswd`）は medium のままで、その変数が
ビルド引数であれば PL404 が指摘します。

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
