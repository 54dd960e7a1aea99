use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::{classify, Recognized, RedirectOp, Script, SimpleCommand, Tool};
use crate::span::Span;

use super::{download, run_commands, Output, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL801",
    name: "pipe-to-shell",
    section: Section::SupplyChain,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    check_powershell(context, out);
    for run in run_commands(context) {
        let commands = &run.script.script.commands;
        let interpreter = interpreter_name(&run);
        let Some(interpreter) = interpreter else {
            continue;
        };
        // `curl … | sh`
        if reads_code_from_stdin(&run) {
            if let Some((feeder, url)) = feeding_download(&run.script.script, run.index) {
                let form = format!("{} … | {interpreter}", feeder.name().unwrap_or_default());
                let range = feeder.range.start..program_end(run.command, run.recognized);
                report(context, out, &run, range, &form, &url);
            }
        }
        // `sh -c "$(curl …)"`, `eval "$(curl …)"`
        for word in code_words(&run) {
            let word = &run.command.words[word];
            for fed in word.substitution_commands.clone() {
                if let Some(url) = commands.get(fed).and_then(stdout_download) {
                    let downloader = commands[fed].name().unwrap_or_default();
                    let form = format!("{interpreter} … \"$({downloader} …)\"");
                    let range = run.command.range.start..word.range.end;
                    report(context, out, &run, range, &form, &url);
                }
            }
        }
        // `bash <(curl …)`: the shell parser does not read process
        // substitution; it leaves an empty `<` and the download as the next command.
        let empty_input = run
            .command
            .redirects
            .iter()
            .any(|redirect| redirect.op == RedirectOp::Input && redirect.target.raw.is_empty());
        if empty_input {
            if let Some(next) = commands.get(run.index + 1) {
                if let Some(url) = stdout_download(next) {
                    let form = format!("{interpreter} <({} …)", next.name().unwrap_or_default());
                    report(
                        context,
                        out,
                        &run,
                        run.command.range.start..next.range.end,
                        &form,
                        &url,
                    );
                }
            }
        }
    }
}

fn report(
    context: &Context,
    out: &mut Diagnostics,
    run: &RunCommand,
    range: std::ops::Range<usize>,
    form: &str,
    url: &str,
) {
    let span: Span = context.script_span(run.script, range);
    let diagnostic = out.report(
        span,
        crate::text!(
            format!("`{form}` runs a script downloaded from `{url}` without checking it, so whoever controls that server, or the connection to it, runs commands in your build; download it to a file, verify its checksum or signature, then run it"),
            format!("`{form}` は `{url}` からダウンロードしたスクリプトを検証せずに実行します。そのサーバーや通信経路を握った者がビルド内で任意のコマンドを実行できます。ファイルにダウンロードし、チェックサムか署名を検証してから実行してください"),
        ),
    );
    if let Some(stage) = run.script.stage {
        diagnostic.in_stage(stage);
    }
    diagnostic.with_fix(Fix::manual(crate::text!(
        format!("Download to a file (`curl -fsSLo /tmp/install.sh {url}`), check it against a published checksum (`echo \"<sha256>  /tmp/install.sh\" | sha256sum -c -`) or signature, then run `sh /tmp/install.sh`."),
        format!("ファイルにダウンロードし（`curl -fsSLo /tmp/install.sh {url}`）、公開されているチェックサム（`echo \"<sha256>  /tmp/install.sh\" | sha256sum -c -`）か署名で確認してから `sh /tmp/install.sh` を実行してください。"),
    )));
}

/// PowerShell's `iex`/`Invoke-Expression` fed by a download: `iwr <url> |
/// iex`, `iex ((New-Object Net.WebClient).DownloadString('<url>'))`.
fn check_powershell(context: &Context, out: &mut Diagnostics) {
    const DOWNLOADERS: &[&str] = &[
        "invoke-webrequest",
        "iwr",
        "invoke-restmethod",
        "irm",
        "curl",
        "wget",
    ];
    for run in context.powershell_runs() {
        let statements = &run.statements;
        for (at, statement) in statements.iter().enumerate() {
            if !matches!(
                statement.command().as_deref(),
                Some("iex" | "invoke-expression")
            ) {
                continue;
            }
            // The statement piped into it, and the ones inside its parentheses
            // up to the end of its pipeline.
            let piped = at
                .checked_sub(1)
                .map(|before| &statements[before])
                .filter(|before| before.ended_by == Some('|'));
            let mut own = vec![statement];
            if !statement.ends_pipeline() {
                for next in &statements[at + 1..] {
                    own.push(next);
                    if next.ends_pipeline() {
                        break;
                    }
                }
            }
            let words: Vec<_> = piped
                .into_iter()
                .chain(own)
                .flat_map(|statement| &statement.words)
                .collect();
            let downloads = words.iter().any(|word| {
                let name = word.name();
                DOWNLOADERS.contains(&name.as_str()) || name.ends_with(".downloadstring")
            });
            let Some(url) = words
                .iter()
                .map(|word| word.value())
                .find(|value| value.starts_with("http://") || value.starts_with("https://"))
            else {
                continue;
            };
            if !downloads {
                continue;
            }
            let invoke = &statement.words[0];
            let diagnostic = out.report(
                run.span(context.dockerfile, invoke.range.clone()),
                crate::text!(
                    format!("`{}` runs a PowerShell script downloaded from `{url}` without checking it, so whoever controls that server, or the connection to it, runs commands in your build; save it with `Invoke-WebRequest -OutFile`, compare `Get-FileHash` with the published hash, then run the file", invoke.text),
                    format!("`{}` は `{url}` からダウンロードした PowerShell スクリプトを検証せずに実行します。そのサーバーや通信経路を握った者がビルド内で任意のコマンドを実行できます。`Invoke-WebRequest -OutFile` で保存し、`Get-FileHash` を公開されているハッシュと比較してから、そのファイルを実行してください", invoke.text),
                ),
            );
            if let Some(stage) = run.stage {
                diagnostic.in_stage(stage);
            }
            diagnostic.with_fix(Fix::manual(crate::text!(
                format!("Save the script (`Invoke-WebRequest {url} -OutFile install.ps1`), check it (`if ((Get-FileHash install.ps1 -Algorithm SHA256).Hash -ne $sha256) {{ exit 1 }}`), then run `./install.ps1`."),
                format!("スクリプトを保存し（`Invoke-WebRequest {url} -OutFile install.ps1`）、確認してから（`if ((Get-FileHash install.ps1 -Algorithm SHA256).Hash -ne $sha256) {{ exit 1 }}`）、`./install.ps1` を実行してください。"),
            )));
        }
    }
}

/// The name of the interpreter a command runs: a shell, python, perl, ruby,
/// node, php, or the shell's own `eval` and `source`.
fn interpreter_name<'a>(run: &'a RunCommand) -> Option<&'a str> {
    match &run.recognized {
        Some(recognized) if recognized.tool.is_interpreter() => run.command.words
            [recognized.program]
            .value
            .rsplit('/')
            .next(),
        Some(_) => None,
        None => matches!(run.program(), "eval" | "source" | ".").then(|| run.program()),
    }
}

/// An interpreter with no script file, no `-c`/`-e` code and no module reads
/// its program from standard input (also `sh -s`, `python -`).
fn reads_code_from_stdin(run: &RunCommand) -> bool {
    let Some(recognized) = &run.recognized else {
        return false;
    };
    if !recognized.tool.is_interpreter() || has_code_option(recognized) {
        return false;
    }
    if recognized.tool == Tool::Shell && recognized.has_flag(&['s'], &[]) {
        return true;
    }
    if recognized.tool == Tool::Python && recognized.has_flag(&['m'], &[]) {
        return false;
    }
    // Words after `--` are the script's arguments (`php -- --install-dir=…`).
    let end_of_options = run.command.words[recognized.program..]
        .iter()
        .position(|word| word.value == "--")
        .map(|position| recognized.program + position);
    recognized.operands.first().is_none_or(|operand| {
        operand.value == "-" || end_of_options.is_some_and(|end| operand.word > end)
    })
}

/// Options whose value is program text.
fn code_options(tool: Tool) -> &'static [&'static str] {
    match tool {
        Tool::Shell | Tool::Python => &["-c"],
        Tool::Perl => &["-e", "-E"],
        Tool::Ruby => &["-e"],
        Tool::Node => &["-e", "--eval", "-p", "--print"],
        Tool::Php => &["-r", "-f", "-B", "-R", "-F", "-E"],
        _ => &[],
    }
}

fn has_code_option(recognized: &Recognized) -> bool {
    let names = code_options(recognized.tool);
    recognized
        .options
        .iter()
        .any(|option| names.contains(&option.name.as_str()))
}

/// The words of a command that hold program text.
fn code_words(run: &RunCommand) -> Vec<usize> {
    match &run.recognized {
        Some(recognized) => {
            let names = code_options(recognized.tool);
            recognized
                .options
                .iter()
                .filter(|option| names.contains(&option.name.as_str()))
                .filter_map(|option| option.value_word)
                .collect()
        }
        None if run.program() == "eval" => (1..run.command.words.len()).collect(),
        None => Vec::new(),
    }
}

/// Where the interpreter's name ends, for the span.
fn program_end(command: &SimpleCommand, recognized: Option<&Recognized>) -> usize {
    let program = recognized.map_or(0, |recognized| recognized.program);
    command
        .words
        .get(program)
        .map_or(command.range.end, |word| word.range.end)
}

/// The download piped into `commands[index]`, looking through `tee`
/// (`curl … | tee install.sh | sh`), with its URL.
fn feeding_download(script: &Script, index: usize) -> Option<(&SimpleCommand, String)> {
    let mut current = index;
    loop {
        let feeder = script.pipeline_predecessor(current)?;
        if let Some(url) = stdout_download(feeder) {
            return Some((feeder, url));
        }
        if classify(feeder)?.tool != Tool::Tee {
            return None;
        }
        current = script
            .commands
            .iter()
            .position(|command| std::ptr::eq(command, feeder))?;
    }
}

/// The URL a curl or wget command prints to standard output, if it does.
fn stdout_download(command: &SimpleCommand) -> Option<String> {
    let recognized = classify(command)?;
    let fetched = download(command, recognized)?;
    (fetched.output == Output::Stdout).then(|| {
        let first = fetched.sources[0];
        command.words[first].value.clone()
    })
}

const DOCS_EN: &str = r#"
# Downloaded script piped into a shell

## What it checks
A download fed straight into an interpreter: `curl … | sh`, `wget -qO- … | bash`,
`curl … | sudo bash -s --`, `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(curl …)"` and
the same with `python`, `perl`, `ruby`, `node` or `php` (`curl … | php -- --install-dir=…`:
the words after `--` are the script's arguments). Interpreters that run a script file or
`-c` text of their own are not reported. In Windows RUNs in PowerShell, `Invoke-Expression`
(`iex`) fed by a download is the same thing: `iwr <url> | iex`,
`iex ((New-Object Net.WebClient).DownloadString('<url>'))`.

## Why it is risky
The script runs the moment it arrives, with the build's privileges (usually root), and
nothing checks that it is the script you meant: a compromised server, a hijacked domain, a
TLS-intercepting proxy or a truncated download all run as code. The same URL can also serve
different content to a build than to a browser, so reading it first does not prove what the
build runs. Nothing is left behind to audit afterwards.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh | sh
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
ARG INSTALL_SHA256=4c1f7e3b2a9d8c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "${INSTALL_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh \
 && rm /tmp/install.sh
```

## Fix
Download the script to a file, verify it against a checksum you recorded when you reviewed
it (or the publisher's signature, with `gpg --verify` or `cosign verify-blob`), then run
the file. Better still, install the tool from a package manager or copy it from the
publisher's image (`COPY --from=<image>`).

## When it is acceptable
Never in images you ship. For throw-away experiments, at least pin the URL to a release
rather than a moving `latest` script.

## References
- [Docker docs: Dockerfile best practices](https://docs.docker.com/build/building/best-practices/)
- CWE-494: Download of code without integrity check
- CWE-829: Inclusion of functionality from an untrusted control sphere
"#;

const DOCS_JA: &str = r#"
# ダウンロードしたスクリプトをそのままシェルに渡している

## チェック内容
ダウンロードした内容をそのままインタープリターに渡す書き方を検出します。
`curl … | sh`、`wget -qO- … | bash`、`curl … | sudo bash -s --`、`sh -c "$(curl …)"`、
`bash <(curl …)`、`eval "$(curl …)"`、および `python`、`perl`、`ruby`、`node`、`php` での
同様の書き方です（`curl … | php -- --install-dir=…` の `--` 以降はスクリプトへの引数です）。
PowerShell の Windows 用 RUN で、ダウンロードした内容を `Invoke-Expression`（`iex`）に渡す
書き方（`iwr <url> | iex`、`iex ((New-Object Net.WebClient).DownloadString('<url>'))`）も同じです。インタープリターが自前のスクリプトファイルや `-c` のコードを実行する場合は
対象外です。

## なぜ危険か
スクリプトは届いた瞬間にビルドの権限（多くは root）で実行され、意図したスクリプトかどうかを
誰も確認しません。サーバーの侵害、ドメインの乗っ取り、TLS を傍受するプロキシ、途中で
切れたダウンロードのいずれもが、そのままコードとして実行されます。同じ URL がブラウザと
ビルドで異なる内容を返すこともできるため、事前に読んでも実際に実行される内容の証明には
なりません。後から監査するための痕跡も残りません。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh | sh
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
ARG INSTALL_SHA256=4c1f7e3b2a9d8c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "${INSTALL_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh \
 && rm /tmp/install.sh
```

## 修正方法
スクリプトをファイルにダウンロードし、レビュー時に記録したチェックサム（または公開元の
署名を `gpg --verify` や `cosign verify-blob` で）と照合してから、そのファイルを実行します。
さらに良いのは、パッケージマネージャーからインストールするか、公開元のイメージから
コピーする（`COPY --from=<image>`）方法です。

## 許容される場合
配布するイメージでは許容されません。使い捨ての実験であっても、変化する `latest` の
スクリプトではなく、特定のリリースの URL に固定してください。

## 参考資料
- [Docker ドキュメント: Dockerfile のベストプラクティス](https://docs.docker.com/build/building/best-practices/)
- CWE-494: 完全性チェックなしでのコードのダウンロード
- CWE-829: 信頼できない制御領域からの機能の取り込み
"#;
