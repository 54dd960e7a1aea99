use std::collections::HashSet;

use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool as Peer};
use crate::shell::Tool;
use crate::span::{to_u32, Span};
use crate::syntax::Keyword;

use super::{run_commands, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL805",
    name: "signature-verification-disabled",
    section: Section::SupplyChain,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Peer::Checkov, "CKV2_DOCKER_7"),
        alias(Peer::Checkov, "CKV2_DOCKER_8"),
        alias(Peer::Checkov, "CKV2_DOCKER_9"),
        alias(Peer::Checkov, "CKV2_DOCKER_10"),
        alias(Peer::Checkov, "CKV2_DOCKER_11"),
        alias(Peer::Dockle, "CIS-DI-0011"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Text in repository files or options that turns checks off.
const SETTINGS: &[&str] = &[
    "gpgcheck=0",
    "gpgcheck=false",
    "gpgcheck=no",
    "gpgcheck = 0",
    "[trusted=yes]",
    "trusted=yes]",
    "allow-insecure=yes",
];

fn check(context: &Context, out: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for run in run_commands(context) {
        for (word, replacement) in disabling_options(&run) {
            let span = run.word_span(context, word);
            if !seen.insert(span) {
                continue;
            }
            let written = &run.command.words[word].value;
            let what = format!("`{} {written}`", run.program());
            let diagnostic = report(out, span, &what, run.script.stage);
            if let Some(stage) = packages_built_by_stage(context, &run) {
                // The package files come from a stage of this build (a
                // bind mount `from=` it): nothing was downloaded that a
                // mirror or the network could have swapped.
                diagnostic.rated(Severity::Low).message = crate::text!(
                    format!("{what} turns off the signature check for package files that stage `{stage}` of this build made (mounted from it); nothing is downloaded here, but signing them (`abuild-sign`) keeps the check on"),
                    format!("{what} は、このビルドのステージ `{stage}` が作ってマウントしたパッケージファイルの署名確認を無効にしています。ここでは何もダウンロードしていませんが、署名（`abuild-sign`）すれば確認を有効のままにできます"),
                );
            }
            let Some(replacement) = replacement else {
                continue;
            };
            if let Some(edit) = run.replace_words(context, word, word, replacement) {
                let (en, ja) = if replacement.is_empty() {
                    (
                        format!("Remove `{written}`."),
                        format!("`{written}` を削除します。"),
                    )
                } else {
                    (
                        format!("Replace `{written}` with `{replacement}`."),
                        format!("`{written}` を `{replacement}` に置き換えます。"),
                    )
                };
                diagnostic.with_fix(Fix::needs_review(crate::text!(en, ja), vec![edit]));
            }
        }
        // `echo 'gpgcheck=0' >> x.repo`, `sed -i s/gpgcheck=1/gpgcheck=0/`, `deb [trusted=yes]`.
        if run.script.from_heredoc {
            continue;
        }
        for word in &run.command.words {
            for (offset, setting) in settings_in(&word.raw) {
                let span = run.part_span(context, word, offset, setting.len());
                if seen.insert(span) {
                    report(out, span, &format!("`{setting}`"), run.script.stage);
                }
            }
        }
    }
    // Heredoc bodies: repository files written by COPY/RUN, and scripts.
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        if !matches!(
            instruction.keyword,
            Keyword::Run | Keyword::Copy | Keyword::Add
        ) {
            continue;
        }
        for heredoc in &instruction.heredocs {
            for (offset, setting) in settings_in(&heredoc.body) {
                let start = heredoc.body_span.start + to_u32(offset);
                let span = Span::new(start, start + to_u32(setting.len()));
                if seen.insert(span) {
                    report(out, span, &format!("`{setting}`"), context.stage_of(index));
                }
            }
        }
    }
}

/// The stage whose files a package command installs, when every package it
/// names is a file under a bind mount `from=` a stage of this build
/// (`RUN --mount=type=bind,from=builder,target=/tmp/packages apk add
/// --allow-untrusted /tmp/packages/*.apk`).
fn packages_built_by_stage(context: &Context, run: &RunCommand) -> Option<String> {
    let recognized = run.recognized?;
    let instruction = &context.dockerfile.instructions[run.script.instruction];
    let mounts: Vec<(String, String)> = instruction
        .mounts()
        .into_iter()
        .filter(|mount| mount.kind == "bind")
        .filter_map(|mount| {
            let from = mount.option(&["from"])?;
            context.model.first_stage_named(from)?;
            let target = mount.option(&["target", "dst", "destination"])?;
            Some((from.to_string(), target.trim_end_matches('/').to_string()))
        })
        .collect();
    let mut stages = recognized.operands.iter().map(|operand| {
        mounts
            .iter()
            .find(|(_, target)| {
                operand
                    .value
                    .strip_prefix(target.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|(from, _)| from.clone())
    });
    let first = stages.next()??;
    stages
        .all(|stage| stage.as_ref() == Some(&first))
        .then_some(first)
}

fn report<'a>(
    out: &'a mut Diagnostics,
    span: Span,
    what: &str,
    stage: Option<usize>,
) -> &'a mut crate::rules::Diagnostic {
    let diagnostic = out.report(
        span,
        crate::text!(
            format!("{what} turns off package signature checks, so a tampered or substituted package installs without complaint; remove it and import the repository's signing key instead"),
            format!("{what} はパッケージの署名確認を無効にします。改ざんや差し替えられたパッケージが何の警告もなくインストールされます。これを削除し、代わりにリポジトリの署名鍵を取り込んでください"),
        ),
    );
    if let Some(stage) = stage {
        diagnostic.in_stage(stage);
    }
    diagnostic
}

/// Options of apk, apt, yum/dnf, zypper and rpm that skip signature checks:
/// the word to report and, for a standalone flag, what to write instead
/// (`--force-yes` still has to answer yes).
fn disabling_options(run: &RunCommand) -> Vec<(usize, Option<&'static str>)> {
    let Some(recognized) = &run.recognized else {
        return Vec::new();
    };
    let yes = || {
        if recognized.has_flag(&['y'], &["--yes", "--assume-yes"]) {
            ""
        } else {
            "-y"
        }
    };
    let mut found = Vec::new();
    for option in &recognized.options {
        let value = option
            .value
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let replacement = match (recognized.tool, option.name.as_str()) {
            (Tool::Apk, "--allow-untrusted") => Some(""),
            (
                Tool::AptGet | Tool::Apt,
                "--allow-unauthenticated" | "--allow-insecure-repositories",
            ) => Some(""),
            (Tool::AptGet | Tool::Apt, "--force-yes") => Some(yes()),
            (Tool::AptGet | Tool::Apt, "-o" | "--option") => {
                let off = [
                    "allowunauthenticated=",
                    "allowinsecurerepositories=",
                    "allowdowngradetoinsecurerepositories=",
                ]
                .iter()
                .any(|key| value.contains(key))
                    && (value.ends_with("=true")
                        || value.ends_with("=1")
                        || value.ends_with("=yes"));
                off.then_some("")
            }
            (
                Tool::Yum | Tool::Dnf | Tool::Microdnf | Tool::Tdnf,
                "--nogpgcheck" | "--no-gpgchecks",
            ) => Some(""),
            (Tool::Zypper, "--no-gpg-checks") => Some(""),
            (
                Tool::Rpm,
                "--nosignature" | "--nodigest" | "--noverify" | "--nofiledigest" | "--nogpgcheck",
            ) if recognized.installs => Some(""),
            _ => None,
        };
        let Some(replacement) = replacement else {
            continue;
        };
        match option.value_word {
            // `-o Acquire::AllowInsecureRepositories=true`: point at the value.
            Some(word) => found.push((word, None)),
            None => {
                let standalone = run.command.words[option.word].value == option.name;
                found.push((option.word, standalone.then_some(replacement)));
            }
        }
    }
    found
}

/// Checks-off settings in a text, as (offset, setting as written).
fn settings_in(text: &str) -> Vec<(usize, &str)> {
    // Every setting has an `=`; most words have none (checked for every word).
    if !text.contains('=') {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, &str)> = Vec::new();
    for setting in SETTINGS {
        for (offset, _) in lower.match_indices(setting) {
            let covered = found
                .iter()
                .any(|(start, seen)| offset >= *start && offset < start + seen.len());
            if !covered {
                found.push((offset, &text[offset..offset + setting.len()]));
            }
        }
    }
    found.sort_unstable();
    found
}

const DOCS_EN: &str = r#"
# Package signature verification turned off

## What it checks
Options and settings that let a package manager install unsigned or wrongly signed
packages: apk `--allow-untrusted`; apt-get/apt `--allow-unauthenticated`, `--force-yes`,
`--allow-insecure-repositories` and the matching `-o APT::Get::AllowUnauthenticated=true`
style options; `[trusted=yes]` or `allow-insecure=yes` in apt sources; yum/dnf/microdnf/tdnf
`--nogpgcheck`; zypper `--no-gpg-checks`; `gpgcheck=0` written to repository files or
passed with `--setopt`; rpm `--nosignature`, `--nodigest`, `--noverify`,
`--nofiledigest` and `--nogpgcheck` when installing. Heredoc bodies (`COPY <<EOF /etc/yum.repos.d/x.repo`)
are read too.

Package files that a stage of the same build made and a RUN installs from a bind mount of
that stage (`--mount=type=bind,from=builder,target=/tmp/packages`) are rated low: nothing
was downloaded that a mirror or the network could swap.

## Why it is risky
Package signatures are what make a mirror, a proxy or plain HTTP safe to use: the package
manager refuses anything the distribution or vendor did not sign. With the check off, a
compromised mirror or anyone on the network path can hand the build a modified package,
and it installs as root without a warning.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache --allow-untrusted /tmp/tool.apk
```

## Use instead
```dockerfile
FROM alpine:3.20
COPY tool-signing.rsa.pub /etc/apk/keys/tool-signing.rsa.pub
RUN apk add --no-cache /tmp/tool.apk
```

## Fix
Import the publisher's signing key, by fingerprint, and keep verification on: copy the key
to `/etc/apk/keys/`, reference an apt keyring with `signed-by=`, or `rpm --import` the key
and keep `gpgcheck=1`. For your own packages, sign them (`abuild-sign`, `dpkg-sig`,
`rpmsign`). The fix removes standalone flags (and turns `--force-yes` into `-y`); review it,
since the install fails until the key is in place.

## When it is acceptable
Never for packages that end up in an image you ship.

## References
- [Alpine: apk keys and signing](https://wiki.alpinelinux.org/wiki/Abuild_and_Helpers#Setting_up_the_build_environment)
- [Debian: SecureApt](https://wiki.debian.org/SecureApt)
- CIS Docker Benchmark 4.11 (install verified packages only)
- CWE-347: Improper verification of cryptographic signature
"#;

const DOCS_JA: &str = r#"
# パッケージの署名確認を無効にしている

## チェック内容
パッケージマネージャーに署名のない、あるいは署名の誤ったパッケージをインストールさせる
オプションや設定を検出します。apk の `--allow-untrusted`、apt-get・apt の
`--allow-unauthenticated`、`--force-yes`、`--allow-insecure-repositories` と
`-o APT::Get::AllowUnauthenticated=true` などの同等のオプション、apt ソースの
`[trusted=yes]` や `allow-insecure=yes`、yum・dnf・microdnf・tdnf の `--nogpgcheck`、
zypper の `--no-gpg-checks`、リポジトリファイルへの書き込みや `--setopt` での
`gpgcheck=0`、インストール時の rpm の `--nosignature`、`--nodigest`、`--noverify`、
`--nofiledigest`、`--nogpgcheck` です。ヒアドキュメントの本文（`COPY <<EOF /etc/yum.repos.d/x.repo`）も
確認します。

同じビルドのステージが作り、そのステージのバインドマウント（`--mount=type=bind,from=builder,target=/tmp/packages`）
からインストールするパッケージファイルは低と評価します。ミラーやネットワークが差し替えられる
ダウンロードがないためです。

## なぜ危険か
ミラーやプロキシ、暗号化されていない HTTP を安全に使えるのは、パッケージの署名が
あるからです。パッケージマネージャーは、ディストリビューションやベンダーが署名していない
ものを拒否します。確認を無効にすると、侵害されたミラーや通信経路上の誰かが改ざんした
パッケージを渡すことができ、それが警告なしに root 権限でインストールされます。

## 問題のある例
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache --allow-untrusted /tmp/tool.apk
```

## 代わりに
```dockerfile
FROM alpine:3.20
COPY tool-signing.rsa.pub /etc/apk/keys/tool-signing.rsa.pub
RUN apk add --no-cache /tmp/tool.apk
```

## 修正方法
公開元の署名鍵をフィンガープリントで確認して取り込み、署名確認は有効のままにします。
鍵を `/etc/apk/keys/` にコピーする、apt では `signed-by=` でキーリングを指定する、
`rpm --import` で鍵を取り込んで `gpgcheck=1` を保つ、といった方法です。自作のパッケージには
署名します（`abuild-sign`、`dpkg-sig`、`rpmsign`）。自動修正は単独のフラグを削除し、
`--force-yes` を `-y` に置き換えます。鍵を用意するまでインストールは失敗するため、内容を
確認してください。

## 許容される場合
配布するイメージに入るパッケージについては許容されません。

## 参考資料
- [Alpine: apk の鍵と署名](https://wiki.alpinelinux.org/wiki/Abuild_and_Helpers#Setting_up_the_build_environment)
- [Debian: SecureApt](https://wiki.debian.org/SecureApt)
- CIS Docker Benchmark 4.11（検証済みのパッケージのみをインストール）
- CWE-347: 暗号署名の不適切な検証
"#;
