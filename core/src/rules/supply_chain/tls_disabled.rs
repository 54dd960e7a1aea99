use crate::fix::{Edit, Fix};
use crate::model::unquote;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool as Peer};
use crate::shell::{Recognized, Tool};
use crate::span::Span;
use crate::syntax::{Args, Keyword, Word};

use super::{run_commands, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL804",
    name: "tls-verification-disabled",
    section: Section::SupplyChain,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Peer::Checkov, "CKV2_DOCKER_2"),
        alias(Peer::Checkov, "CKV2_DOCKER_3"),
        alias(Peer::Checkov, "CKV2_DOCKER_4"),
        alias(Peer::Checkov, "CKV2_DOCKER_5"),
        alias(Peer::Checkov, "CKV2_DOCKER_6"),
        alias(Peer::Checkov, "CKV2_DOCKER_12"),
        alias(Peer::Checkov, "CKV2_DOCKER_13"),
        alias(Peer::Checkov, "CKV2_DOCKER_14"),
        alias(Peer::Checkov, "CKV2_DOCKER_15"),
        alias(Peer::Checkov, "CKV2_DOCKER_16"),
        alias(Peer::Checkov, "CKV2_DOCKER_18"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// How to trust the server instead, in English and Japanese.
type Trust = (&'static str, &'static str);

/// What turned verification off and how to trust the server instead.
struct Finding {
    span: Span,
    what: String,
    trust: Trust,
    removal: Option<Edit>,
}

const CA_FILE_CURL: Trust = (
    "install `ca-certificates`, or pass a private CA with `--cacert <file>`",
    "`ca-certificates` をインストールするか、独自の CA を `--cacert <file>` で渡してください",
);
const CA_FILE_WGET: Trust = (
    "install `ca-certificates`, or pass a private CA with `--ca-certificate=<file>`",
    "`ca-certificates` をインストールするか、独自の CA を `--ca-certificate=<file>` で渡してください",
);
const CA_FILE_PIP: Trust = (
    "serve the index over HTTPS with a trusted certificate, or pass a private CA with `--cert <file>` or `PIP_CERT`",
    "信頼できる証明書で HTTPS のインデックスを提供するか、独自の CA を `--cert <file>` または `PIP_CERT` で渡してください",
);
const CA_FILE_NPM: Trust = (
    "pass a private CA with `npm config set cafile <file>` or `NODE_EXTRA_CA_CERTS`",
    "独自の CA を `npm config set cafile <file>` または `NODE_EXTRA_CA_CERTS` で渡してください",
);
const CA_FILE_NODE: Trust = (
    "pass a private CA with `NODE_EXTRA_CA_CERTS=<file>`",
    "独自の CA を `NODE_EXTRA_CA_CERTS=<file>` で渡してください",
);
const CA_FILE_PYTHON: Trust = (
    "pass a private CA with `SSL_CERT_FILE` or `REQUESTS_CA_BUNDLE`",
    "独自の CA を `SSL_CERT_FILE` または `REQUESTS_CA_BUNDLE` で渡してください",
);
const CA_FILE_GIT: Trust = (
    "pass a private CA with `git config --global http.sslCAInfo <file>`",
    "独自の CA を `git config --global http.sslCAInfo <file>` で渡してください",
);
const CA_FILE_GO: Trust = (
    "fetch the modules through a `GOPROXY` with a trusted certificate, or pass a private CA with `SSL_CERT_FILE`",
    "信頼できる証明書の `GOPROXY` 経由でモジュールを取得するか、独自の CA を `SSL_CERT_FILE` で渡してください",
);
const CA_FILE_YUM: Trust = (
    "pass a private CA with `sslcacert=<file>` in the repository file",
    "独自の CA をリポジトリファイルの `sslcacert=<file>` で渡してください",
);

fn check(context: &Context, out: &mut Diagnostics) {
    let mut findings: Vec<(Option<usize>, Finding)> = Vec::new();
    for run in run_commands(context) {
        let stage = run.script.stage;
        findings.extend(
            command_findings(context, &run)
                .into_iter()
                .map(|f| (stage, f)),
        );
        for assignment in &run.command.assignments {
            let (name, value) = (&assignment.name, &assignment.value.value);
            if let Some(trust) = disables(name, value) {
                let span = context.script_span(run.script, assignment.range.clone());
                findings.push((stage, env_finding(span, name, value, trust)));
            }
        }
        if matches!(run.program(), "export" | "env") {
            for word in run.command.args() {
                let Some((name, value)) = word.value.split_once('=') else {
                    continue;
                };
                if let Some(trust) = disables(name, value) {
                    let span = context.script_span(run.script, word.range.clone());
                    findings.push((stage, env_finding(span, name, value, trust)));
                }
            }
        }
    }
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let pairs: Vec<(&Word, String)> = match &instruction.args {
            Args::KeyValues(pairs) if instruction.keyword == Keyword::Env => pairs
                .iter()
                .map(|pair| (&pair.key, unquote(&pair.value.text)))
                .collect(),
            Args::Arg(decls) => decls
                .iter()
                .filter_map(|decl| Some((&decl.name, unquote(&decl.default.as_ref()?.text))))
                .collect(),
            _ => continue,
        };
        for (key, value) in pairs {
            let name = unquote(&key.text);
            if let Some(trust) = disables(&name, &value) {
                let finding = env_finding(key.span, &name, &value, trust);
                findings.push((context.stage_of(index), finding));
            }
        }
    }
    for (stage, finding) in findings {
        let Finding {
            span,
            what,
            trust,
            removal,
        } = finding;
        let diagnostic = out.report(
            span,
            crate::text!(
                format!("{what} turns off TLS certificate verification, so anyone on the network path can impersonate the server and feed the build tampered content; remove it and {}", trust.0),
                format!("{what} は TLS 証明書の検証を無効にします。通信経路上の誰でもサーバーになりすまし、改ざんした内容をビルドに渡せます。これを削除し、{}", trust.1),
            ),
        );
        if let Some(stage) = stage {
            diagnostic.in_stage(stage);
        }
        if let Some(edit) = removal {
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    "Remove the option; downloads then fail until the server's certificate is trusted.",
                    "このオプションを削除します。サーバーの証明書が信頼されるまでダウンロードは失敗します。",
                ),
                vec![edit],
            ));
        }
    }
}

/// A finding on words `first..=last`, removable when `removable`.
fn on_words(
    context: &Context,
    run: &RunCommand,
    (first, last): (usize, usize),
    what: String,
    trust: Trust,
    removable: bool,
) -> Finding {
    Finding {
        span: run
            .word_span(context, first)
            .cover(run.word_span(context, last)),
        what,
        trust,
        removal: removable
            .then(|| run.replace_words(context, first, last, ""))
            .flatten(),
    }
}

/// Options and sub-commands of curl, wget, pip, npm, yarn, pnpm, git and
/// yum/dnf that turn verification off.
fn command_findings(context: &Context, run: &RunCommand) -> Vec<Finding> {
    let Some(recognized) = &run.recognized else {
        return if matches!(run.program(), "yum-config-manager" | "dnf-config-manager") {
            setopt_findings(context, run)
        } else {
            Vec::new()
        };
    };
    let words = &run.command.words;
    let program = run.program();
    let mut found = Vec::new();
    for option in &recognized.options {
        let written = &words[option.word].value;
        let value = option.value.as_deref();
        let trust = match (recognized.tool, option.name.as_str()) {
            (Tool::Curl, "-k" | "--insecure") => CA_FILE_CURL,
            (Tool::Wget, "--no-check-certificate") => CA_FILE_WGET,
            (Tool::Wget, "--check-certificate") if value.is_some_and(is_false) => CA_FILE_WGET,
            (Tool::Npm | Tool::Yarn | Tool::Pnpm, "--no-strict-ssl") => CA_FILE_NPM,
            (Tool::Npm | Tool::Yarn | Tool::Pnpm, "--strict-ssl")
                if value.is_some_and(is_false) =>
            {
                CA_FILE_NPM
            }
            (Tool::Pip, "--trusted-host") => {
                let last = option.value_word.unwrap_or(option.word);
                let what = format!("`pip --trusted-host {}`", value.unwrap_or_default());
                found.push(on_words(
                    context,
                    run,
                    (option.word, last),
                    what,
                    CA_FILE_PIP,
                    true,
                ));
                continue;
            }
            (Tool::Git, "-c") => {
                let Some((key, setting)) = value.and_then(|value| value.split_once('=')) else {
                    continue;
                };
                if is_ssl_verify_key(key) && is_false(setting) {
                    let last = option.value_word.unwrap_or(option.word);
                    let what = format!("`git -c {key}={setting}`");
                    found.push(on_words(
                        context,
                        run,
                        (option.word, last),
                        what,
                        CA_FILE_GIT,
                        true,
                    ));
                }
                continue;
            }
            _ => continue,
        };
        // A cluster such as `-fsSLk` is reported but not edited.
        let standalone =
            written == &option.name || written.starts_with(&format!("{}=", option.name));
        let what = format!("`{program} {written}`");
        found.push(on_words(
            context,
            run,
            (option.word, option.word),
            what,
            trust,
            standalone,
        ));
    }
    let setting = |matches: &dyn Fn(&str, &str) -> bool| config_set(recognized, matches);
    match recognized.tool {
        Tool::Pip => {
            if let Some(at) =
                setting(&|key, value| key.ends_with("trusted-host") && !value.is_empty())
            {
                let what = "`pip config set … trusted-host`".to_string();
                found.push(on_words(context, run, at, what, CA_FILE_PIP, false));
            }
        }
        Tool::Npm | Tool::Yarn | Tool::Pnpm => {
            if let Some(at) = setting(&|key, value| key == "strict-ssl" && is_false(value)) {
                let what = format!("`{program} config set strict-ssl false`");
                found.push(on_words(context, run, at, what, CA_FILE_NPM, false));
            }
        }
        Tool::Git
            if recognized
                .subcommand
                .as_ref()
                .is_some_and(|sub| sub.value == "config") =>
        {
            for pair in recognized.operands.windows(2) {
                if is_ssl_verify_key(&pair[0].value) && is_false(&pair[1].value) {
                    let what = format!("`git config {} {}`", pair[0].value, pair[1].value);
                    found.push(on_words(
                        context,
                        run,
                        (pair[0].word, pair[1].word),
                        what,
                        CA_FILE_GIT,
                        false,
                    ));
                }
            }
        }
        Tool::Yum | Tool::Dnf | Tool::Microdnf | Tool::Tdnf => {
            found.extend(setopt_findings(context, run))
        }
        _ => {}
    }
    found
}

/// `--setopt=<repo>.sslverify=0` of yum, dnf and yum-config-manager.
fn setopt_findings(context: &Context, run: &RunCommand) -> Vec<Finding> {
    let words = &run.command.words;
    let mut found = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let setting = match word.value.strip_prefix("--setopt=") {
            Some(setting) => setting,
            None if word.value == "--setopt" => match words.get(index + 1) {
                Some(next) => next.value.as_str(),
                None => continue,
            },
            None => continue,
        };
        let Some((key, value)) = setting.split_once('=') else {
            continue;
        };
        if key.to_ascii_lowercase().ends_with("sslverify") && is_false(value) {
            let what = format!("`--setopt={key}={value}`");
            found.push(on_words(
                context,
                run,
                (index, index),
                what,
                CA_FILE_YUM,
                false,
            ));
        }
    }
    found
}

/// `<tool> config set KEY VALUE` or `KEY=VALUE` (also `npm set`): the word
/// range of the setting when `matches` accepts it.
fn config_set(
    recognized: &Recognized,
    matches: &dyn Fn(&str, &str) -> bool,
) -> Option<(usize, usize)> {
    let subcommand = recognized.subcommand.as_ref()?;
    let operands = &recognized.operands;
    let rest = match subcommand.value.as_str() {
        // `npm c` is npm's short alias of `npm config`.
        "config" | "c" if operands.first().is_some_and(|op| op.value == "set") => &operands[1..],
        "set" => &operands[..],
        _ => return None,
    };
    let first = rest.first()?;
    let (key, value, last) = match first.value.split_once('=') {
        Some((key, value)) => (key.to_string(), value.to_string(), first.word),
        None => {
            let second = rest.get(1)?;
            (first.value.clone(), second.value.clone(), second.word)
        }
    };
    matches(&key.to_ascii_lowercase(), &value).then_some((first.word, last))
}

/// Environment variables that turn verification off, by value.
fn disables(name: &str, value: &str) -> Option<Trust> {
    match name {
        "PIP_TRUSTED_HOST" if !value.is_empty() => Some(CA_FILE_PIP),
        "PYTHONHTTPSVERIFY" if value == "0" => Some(CA_FILE_PYTHON),
        "NODE_TLS_REJECT_UNAUTHORIZED" if value == "0" => Some(CA_FILE_NODE),
        // Module paths Go fetches without certificate checks (or over HTTP).
        "GOINSECURE" if !value.is_empty() => Some(CA_FILE_GO),
        // Git disables verification when the variable is set at all.
        "GIT_SSL_NO_VERIFY" => Some(CA_FILE_GIT),
        _ if name.eq_ignore_ascii_case("NPM_CONFIG_STRICT_SSL") && is_false(value) => {
            Some(CA_FILE_NPM)
        }
        _ => None,
    }
}

fn env_finding(span: Span, name: &str, value: &str, trust: Trust) -> Finding {
    Finding {
        span,
        what: format!("`{name}={value}`"),
        trust,
        removal: None,
    }
}

/// `http.sslVerify` or `http.<url>.sslVerify`.
fn is_ssl_verify_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("http.") && key.ends_with(".sslverify")
}

fn is_false(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off"
    )
}

const DOCS_EN: &str = r#"
# TLS certificate verification turned off

## What it checks
Options and settings that make a download accept any certificate: curl `-k`/`--insecure`,
wget `--no-check-certificate`, pip `--trusted-host` and `PIP_TRUSTED_HOST`,
`PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `NPM_CONFIG_STRICT_SSL=false`,
`npm`/`yarn`/`pnpm config set strict-ssl false`, `GIT_SSL_NO_VERIFY` (any value), `GOINSECURE`,
`git config http.sslVerify false` and `git -c http.sslVerify=false`, and yum/dnf (and
`yum-config-manager`/`dnf-config-manager`) `--setopt=…sslverify=0`. Variables count in `ENV`, in `ARG` defaults and inline in `RUN`
(`NAME=value cmd`, `export NAME=value`).

## Why it is risky
Without certificate checks, HTTPS no longer proves who is answering: anyone on the network
path can present their own certificate and serve modified packages, scripts or binaries,
which then run in the build or ship in the image. Variables set with `ENV` also stay in the
image and switch verification off for the running application.

## Example
```dockerfile
FROM python:3.12-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
RUN curl -k -fsSLo /tmp/tool.tar.gz https://example.com/tool.tar.gz \
 && pip install --trusted-host pypi.example.com -i https://pypi.example.com/simple requests==2.32.3
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY corporate-ca.crt /usr/local/share/ca-certificates/corporate-ca.crt
RUN update-ca-certificates \
 && pip install --cert /etc/ssl/certs/ca-certificates.crt -i https://pypi.example.com/simple requests==2.32.3
```

## Fix
Remove the option or variable and make the certificate trusted instead: install
`ca-certificates`, or add your organisation's CA to the image (`update-ca-certificates`,
or the tool's own option: curl `--cacert`, wget `--ca-certificate`, pip `--cert`, npm
`cafile`, `NODE_EXTRA_CA_CERTS`, git `http.sslCAInfo`, yum `sslcacert`). The fix removes
standalone flags such as `-k`; review it, as the download fails until the certificate is
trusted.

## When it is acceptable
Never for content that ends up in the image. A TLS-intercepting corporate proxy is not a
reason: add its CA instead.

## References
- [curl: SSL certificate verification](https://curl.se/docs/sslcerts.html)
- [pip: HTTPS certificates](https://pip.pypa.io/en/stable/topics/https-certificates/)
- CWE-295: Improper certificate validation
"#;

const DOCS_JA: &str = r#"
# TLS 証明書の検証を無効にしている

## チェック内容
どんな証明書でも受け入れるようにするオプションや設定を検出します。curl の
`-k`/`--insecure`、wget の `--no-check-certificate`、pip の `--trusted-host` と
`PIP_TRUSTED_HOST`、`PYTHONHTTPSVERIFY=0`、`NODE_TLS_REJECT_UNAUTHORIZED=0`、
`NPM_CONFIG_STRICT_SSL=false`、`npm`/`yarn`/`pnpm config set strict-ssl false`、
`GIT_SSL_NO_VERIFY`（値を問わず）、`GOINSECURE`、`git config http.sslVerify false` と
`git -c http.sslVerify=false`、yum・dnf（`yum-config-manager`・`dnf-config-manager` を含む）の
`--setopt=…sslverify=0` です。環境変数は
`ENV`、`ARG` のデフォルト値、`RUN` 内のインライン指定（`NAME=value cmd`、
`export NAME=value`）のいずれも対象です。

## なぜ危険か
証明書を検証しないと、HTTPS は応答している相手が誰かを証明しなくなります。通信経路上の
誰でも自分の証明書を提示し、改ざんしたパッケージ・スクリプト・バイナリを返せます。それらは
ビルド中に実行されるか、イメージに入って配布されます。`ENV` で設定した変数はイメージにも
残り、実行中のアプリケーションの検証まで無効にします。

## 問題のある例
```dockerfile
FROM python:3.12-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
RUN curl -k -fsSLo /tmp/tool.tar.gz https://example.com/tool.tar.gz \
 && pip install --trusted-host pypi.example.com -i https://pypi.example.com/simple requests==2.32.3
```

## 代わりに
```dockerfile
FROM python:3.12-slim
COPY corporate-ca.crt /usr/local/share/ca-certificates/corporate-ca.crt
RUN update-ca-certificates \
 && pip install --cert /etc/ssl/certs/ca-certificates.crt -i https://pypi.example.com/simple requests==2.32.3
```

## 修正方法
オプションや変数を削除し、代わりに証明書を信頼できるようにします。`ca-certificates` を
インストールするか、組織の CA をイメージに追加します（`update-ca-certificates`、または
各ツールのオプション: curl の `--cacert`、wget の `--ca-certificate`、pip の `--cert`、npm の
`cafile`、`NODE_EXTRA_CA_CERTS`、git の `http.sslCAInfo`、yum の `sslcacert`）。自動修正は
`-k` のような単独のフラグを削除します。証明書が信頼されるまでダウンロードは失敗するため、
内容を確認してください。

## 許容される場合
イメージに入る内容については許容されません。TLS を傍受する社内プロキシも理由には
なりません。そのプロキシの CA を追加してください。

## 参考資料
- [curl: SSL 証明書の検証](https://curl.se/docs/sslcerts.html)
- [pip: HTTPS 証明書](https://pip.pypa.io/en/stable/topics/https-certificates/)
- CWE-295: 不適切な証明書検証
"#;
