use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Operand, Recognized, Tool as Cmd};

use super::{apt_simulates, literal_packages, message, package_list, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL307",
    name: "os-packages-unpinned",
    section: Section::Packages,
    severity: Severity::Info,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3008"),
        alias(Tool::Hadolint, "DL3018"),
        alias(Tool::Hadolint, "DL3033"),
        alias(Tool::Hadolint, "DL3041"),
        alias(Tool::Hadolint, "DL3037"),
        alias(Tool::Kics, "Apt Get Install Pin Version Not Defined"),
        alias(Tool::Kics, "Unpinned Package Version in Apk Add"),
        alias(Tool::Kics, "Yum install Without Version"),
        alias(Tool::Kics, "Missing Version Specification In dnf install"),
        alias(Tool::Kics, "Zypper Install Without Version"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let tools = [
        Cmd::AptGet,
        Cmd::Apt,
        Cmd::Apk,
        Cmd::Yum,
        Cmd::Dnf,
        Cmd::Microdnf,
        Cmd::Tdnf,
        Cmd::Zypper,
    ];
    for run in context.runs() {
        for (command, recognized) in run.using(&tools) {
            if installs_non_packages(recognized) || apt_simulates(recognized) {
                continue;
            }
            let modules = module_specs(command, recognized);
            let unpinned: Vec<_> = if modules.is_empty() {
                literal_packages(command, recognized)
                    .filter(|operand| !is_pinned(recognized.tool, &operand.value))
                    .collect()
            } else {
                modules
                    .into_iter()
                    .filter(|operand| !operand.value.contains(':'))
                    .collect()
            };
            let Some(first) = unpinned.first() else {
                continue;
            };
            let (names, names_ja) = package_list(&unpinned);
            let program = basename(&command.command.words[recognized.program].value);
            let sub = recognized
                .subcommand
                .as_ref()
                .map_or("", |sub| sub.value.as_str());
            let example = match recognized.tool {
                _ if is_module_install(recognized) => format!("{}:<stream>", first.value),
                Cmd::Yum | Cmd::Dnf | Cmd::Microdnf | Cmd::Tdnf => {
                    format!("{}-<version>", first.value)
                }
                _ => format!("{}=<version>", first.value),
            };
            out.report(
                command.word_span(context, first.word),
                message(
                    context,
                    run.instruction,
                    format!("`{program} {sub}` installs {names} without a version, so each build may get different versions; pin them (`{example}`) if builds must be reproducible, knowing that distributions drop old versions and pinned builds then fail"),
                    format!("`{program} {sub}` が {names_ja} をバージョン指定なしでインストールしているため、ビルドごとに異なるバージョンになり得ます。再現可能なビルドが必要なら固定してください（`{example}`）。ただしディストリビューションは古いバージョンを削除するため、固定したビルドはいずれ失敗します"),
                ),
            );
        }
    }
}

/// `dnf module install name`: yum, dnf and microdnf install a module's
/// default stream unless the spec names one (`name:stream`).
fn is_module_install(recognized: &Recognized) -> bool {
    matches!(recognized.tool, Cmd::Yum | Cmd::Dnf | Cmd::Microdnf)
        && recognized
            .subcommand
            .as_ref()
            .is_some_and(|sub| sub.value == "module")
        && recognized
            .operands
            .first()
            .is_some_and(|operand| operand.value == "install")
}

/// The module specs of a `module install`, written literally; empty for
/// any other command.
fn module_specs<'r>(command: &RunCommand, recognized: &'r Recognized) -> Vec<&'r Operand> {
    if !is_module_install(recognized) {
        return Vec::new();
    }
    recognized.operands[1..]
        .iter()
        .filter(|operand| !command.command.words[operand.word].has_expansion)
        .collect()
}

/// `zypper install -t pattern …` and the like name patterns, not packages.
fn installs_non_packages(recognized: &Recognized) -> bool {
    recognized.tool == Cmd::Zypper
        && recognized
            .flag_value(&['t'], &["--type"])
            .is_some_and(|kind| kind != "package")
}

/// Whether a package operand names a version, or is something that cannot
/// take one (a local file, a path, a URL, a group, a capability).
fn is_pinned(tool: Cmd, package: &str) -> bool {
    let not_a_name = package.contains('/')
        || package.starts_with('@')
        || package.contains('(')
        || [".deb", ".apk", ".rpm"]
            .iter()
            .any(|ext| package.ends_with(ext));
    not_a_name
        || match tool {
            Cmd::AptGet | Cmd::Apt => package.contains('='),
            Cmd::Apk => package.contains(['=', '~', '<', '>']),
            Cmd::Zypper => package.contains(['=', '<', '>']) || has_version_suffix(package),
            // yum and dnf: `name-1.2`, `name-1.2.3-4.el9`, `name-0:1.2-3.x86_64`.
            _ => package.contains(['=', '<', '>']) || has_version_suffix(package),
        }
}

/// `name-1.2…`: a dash followed by a digit, the rpm way of naming a version.
fn has_version_suffix(package: &str) -> bool {
    package
        .match_indices('-')
        .any(|(at, _)| package[at + 1..].starts_with(|c: char| c.is_ascii_digit()))
}

const DOCS_EN: &str = r#"
# OS packages installed without a version

## What it checks
Packages installed with `apt-get`/`apt`, `apk`, `yum`, `dnf`, `microdnf`, `tdnf` or `zypper`
without a version: `curl` rather than `curl=8.5.0-2ubuntu10.6` (apt), `curl=8.9.1-r0` or
`curl~8.9` (apk), `curl-8.5.0` (yum, dnf) or `curl=8.6.0` (zypper); modules installed
with `dnf module install` (or yum, microdnf) without a stream (`nodejs:20`). Local package
files, paths, groups and packages named through a variable are not checked.

This is advice (severity info): read the trade-off below before pinning.

## Why it is risky
Without a version, the same Dockerfile installs whatever is current on the day of the build.
Two builds of one commit can differ, and a new package version can change behaviour without
any change in your repository. Pinning makes the package set explicit and reviewable.

The price is real: Debian, Ubuntu and Alpine keep only the latest build of each package in
their main repositories, so a pinned version disappears after the next security update and
the build fails until someone bumps the pin. Pinning also stops you from receiving security
fixes until you bump it. Many teams pin the base image by digest instead (which fixes the
distribution release) and let packages float within it, rebuilding often and scanning the
result.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
ARG CURL_VERSION=7.88.1-10+deb12u8
RUN apt-get update && apt-get install -y --no-install-recommends "curl=${CURL_VERSION}" \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Look up the current version (`apt-cache policy curl`, `apk policy curl`,
`dnf list curl`) and pin it, ideally through an `ARG` so that updates are one-line changes
that a tool such as Renovate can propose. Apk's `~` pins a branch (`curl~8.9`), which keeps
security fixes flowing.

## When it is acceptable
When the base image is pinned by digest and images are rebuilt and scanned regularly, floating
packages are a reasonable choice; disable this rule in that case.

## References
- [Docker docs: apt-get best practices (version pinning)](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Alpine wiki: apk package pinning](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_APK_Usage)
"#;

const DOCS_JA: &str = r#"
# OS パッケージをバージョン指定なしでインストールしている

## チェック内容
`apt-get`/`apt`、`apk`、`yum`、`dnf`、`microdnf`、`tdnf`、`zypper` でバージョンを指定せずに
インストールしているパッケージを検出します。たとえば `curl=8.5.0-2ubuntu10.6`（apt）、
`curl=8.9.1-r0` や `curl~8.9`（apk）、`curl-8.5.0`（yum、dnf）、`curl=8.6.0`（zypper）
ではなく `curl` とだけ書いている場合です。`dnf module install`（yum、microdnf も同様）で
ストリームを指定せずにインストールしているモジュール（`nodejs:20` のように書いていないもの）も
検出します。ローカルのパッケージファイル、パス、グループ、変数で指定したパッケージは
チェックしません。

これは助言です（重要度 info）。固定する前に、下のトレードオフを読んでください。

## なぜ危険か
バージョンがないと、同じ Dockerfile でもビルドした日の最新版がインストールされます。同じ
コミットから作った二つのイメージが異なることがあり、リポジトリを何も変えていないのに新しい
パッケージで動作が変わることもあります。固定すれば、入るパッケージが明示され、レビューでき
ます。

代償もはっきりあります。Debian、Ubuntu、Alpine のメインリポジトリは各パッケージの最新
ビルドしか保持しないため、固定したバージョンは次のセキュリティ更新で消え、誰かが固定を
更新するまでビルドが失敗します。また、固定を更新するまでセキュリティ修正も入りません。
多くのチームは代わりにベースイメージをダイジェストで固定し（これでディストリビューションの
リリースが決まります）、その中でパッケージは固定せず、頻繁に再ビルドして結果をスキャン
しています。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
ARG CURL_VERSION=7.88.1-10+deb12u8
RUN apt-get update && apt-get install -y --no-install-recommends "curl=${CURL_VERSION}" \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
現在のバージョンを調べ（`apt-cache policy curl`、`apk policy curl`、`dnf list curl`）、
それを固定します。Renovate などのツールが更新を提案できるよう、`ARG` 経由にして更新が
1行の変更で済むようにするのが理想です。apk の `~` はブランチ単位の固定（`curl~8.9`）で、
セキュリティ修正は引き続き入ります。

## 許容される場合
ベースイメージをダイジェストで固定し、定期的に再ビルドとスキャンを行っているなら、
パッケージを固定しないのも妥当な選択です。その場合はこのルールを無効にしてください。

## 参考資料
- [Docker ドキュメント: apt-get のベストプラクティス（バージョン固定）](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Alpine wiki: apk のパッケージ固定](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_APK_Usage)
"#;
