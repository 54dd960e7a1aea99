use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Recognized, Tool as Cmd};

use super::{apt_simulates, message, subcommand_in, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL302",
    name: "install-without-assume-yes",
    section: Section::Packages,
    severity: Severity::Medium,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3014"),
        alias(Tool::Hadolint, "DL3030"),
        alias(Tool::Hadolint, "DL3038"),
        alias(Tool::Hadolint, "DL3034"),
        alias(Tool::Trivy, "DS-0021"),
        alias(Tool::Kics, "APT-GET Missing Flags To Avoid Manual Input"),
        alias(Tool::Kics, "Yum Install Allows Manual Input"),
        alias(Tool::Kics, "Missing Flag From Dnf Install"),
        alias(Tool::Kics, "Missing Zypper Non-interactive Switch"),
        alias(Tool::Semgrep, "missing-assume-yes-switch"),
        alias(Tool::Semgrep, "missing-yum-assume-yes-switch"),
        alias(Tool::Semgrep, "missing-dnf-assume-yes-switch"),
        alias(Tool::Semgrep, "missing-zypper-no-confirm-switch"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Sub-commands that ask for confirmation before changing packages.
const APT_CONFIRMS: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "autoremove",
    "autopurge",
    "build-dep",
    "satisfy",
];
const RPM_CONFIRMS: &[&str] = &[
    "install",
    "in",
    "reinstall",
    "localinstall",
    "groupinstall",
    "update",
    "upgrade",
    "remove",
    "erase",
    "autoremove",
    "downgrade",
    "distro-sync",
];
const ZYPPER_CONFIRMS: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "update",
    "up",
    "patch",
    "dist-upgrade",
    "dup",
    "source-install",
    "si",
    "install-new-recommends",
    "inr",
];

fn check(context: &Context, out: &mut Diagnostics) {
    let apt_configured = context.first_mention("apt::get::assume-yes");
    let rpm_configured = [
        context.first_mention("assumeyes="),
        context.first_mention("assumeyes ="),
    ];
    for run in context.runs() {
        let apt_configured = context.written_before(apt_configured, run.instruction);
        let rpm_configured = rpm_configured
            .iter()
            .any(|&mention| context.written_before(mention, run.instruction));
        let tools = [
            Cmd::AptGet,
            Cmd::Apt,
            Cmd::Yum,
            Cmd::Dnf,
            Cmd::Microdnf,
            Cmd::Tdnf,
            Cmd::Zypper,
        ];
        for (command, recognized) in run.using(&tools) {
            let Some(sub) = &recognized.subcommand else {
                continue;
            };
            let (confirms, answered, switch, after) = match recognized.tool {
                Cmd::AptGet | Cmd::Apt => (
                    APT_CONFIRMS,
                    apt_configured || apt_answers_yes(command, recognized),
                    "-y",
                    sub.word,
                ),
                Cmd::Zypper => (
                    ZYPPER_CONFIRMS,
                    zypper_answers_yes(recognized),
                    "-n",
                    recognized.program,
                ),
                _ => (
                    RPM_CONFIRMS,
                    rpm_configured || rpm_answers_yes(recognized),
                    "-y",
                    sub.word,
                ),
            };
            if !subcommand_in(recognized, confirms)
                || answered
                || command.is_piped_into()
                || apt_simulates(recognized)
            {
                continue;
            }
            let program = basename(&command.command.words[recognized.program].value);
            let sub = &sub.value;
            // microdnf answers yes unless its configuration says
            // `assumeyes=0` (it asked nothing before it could ask at all).
            let (en, ja, severity) = if recognized.tool == Cmd::Microdnf {
                (
                    format!("`{program} {sub}` without `{switch}` relies on microdnf's default of answering yes, which a `assumeyes=0` in the base image's dnf.conf turns into a prompt that stops the build; add `{switch}` so the build does not depend on it"),
                    format!("`{program} {sub}` に `{switch}` がなく、確認に自動で yes と答える microdnf の既定の動作に頼っています。ベースイメージの dnf.conf に `assumeyes=0` があると確認プロンプトになり、ビルドが止まります。既定に頼らないよう `{switch}` を付けてください"),
                    Severity::Low,
                )
            } else {
                (
                    format!("`{program} {sub}` without `{switch}` stops at a confirmation prompt that nobody can answer during a build, so the build fails or hangs; add `{switch}`"),
                    format!("`{program} {sub}` に `{switch}` がないため、ビルド中に誰も答えられない確認プロンプトで止まり、ビルドが失敗するか停止します。`{switch}` を付けてください"),
                    Severity::Medium,
                )
            };
            let diagnostic = out
                .report(
                    command.name_span(context, recognized),
                    message(context, run.instruction, en, ja),
                )
                .rated(severity);
            if let Some(edit) = command.insert_after(context, after, switch) {
                diagnostic.with_fix(Fix::safe(
                    crate::text!(format!("Add `{switch}`"), format!("`{switch}` を追加")),
                    vec![edit],
                ));
            }
        }
    }
}

/// apt's ways to assume yes: `-y`, `--yes`, `--assume-yes`, a quiet level of
/// two (`-qq`, `-q -q`, `--quiet --quiet`, `-q=2`), `-o APT::Get::Assume-Yes=true`
/// (an apt.conf line written earlier in the file is checked by the caller).
fn apt_answers_yes(command: &RunCommand, recognized: &Recognized) -> bool {
    let quiet_letters = recognized
        .options
        .iter()
        .filter(|option| option.name == "-q" || option.name == "--quiet")
        .count();
    // `-q=2` is read as a cluster of letters, so look at the word itself.
    let quiet_level = command.command.words.iter().find_map(|word| {
        let level = word
            .value
            .strip_prefix("--quiet=")
            .or_else(|| word.value.strip_prefix("-q="))?;
        level.parse::<u32>().ok()
    });
    recognized.has_flag(&['y'], &["--yes", "--assume-yes"])
        || quiet_letters >= 2
        || quiet_level.is_some_and(|level| level >= 2)
        || recognized.flag_values(&['o'], &["--option"]).any(|value| {
            value
                .to_ascii_lowercase()
                .strip_prefix("apt::get::assume-yes=")
                .is_some_and(|value| matches!(value, "true" | "1" | "yes"))
        })
}

/// yum and dnf: `-y`, `--assumeyes`, `--setopt=assumeyes=1` (`assumeyes=1`
/// written to their configuration earlier is checked by the caller).
fn rpm_answers_yes(recognized: &Recognized) -> bool {
    recognized.has_flag(&['y'], &["--assumeyes", "--assume-yes"])
        || recognized
            .flag_values(&[], &["--setopt"])
            .any(|value| value.to_ascii_lowercase().starts_with("assumeyes="))
}

/// zypper: the global `-n`/`--non-interactive` before the sub-command, or
/// the sub-command's `-y`/`--no-confirm` after it.
fn zypper_answers_yes(recognized: &Recognized) -> bool {
    let sub_word = recognized.subcommand.as_ref().map_or(0, |sub| sub.word);
    recognized
        .options
        .iter()
        .any(|option| match option.name.as_str() {
            "--non-interactive" | "--no-confirm" => true,
            "-n" => option.word < sub_word,
            "-y" => option.word > sub_word,
            _ => false,
        })
}

const DOCS_EN: &str = r#"
# Package manager may wait for a confirmation

## What it checks
`apt-get`/`apt` (install, upgrade, remove and the like), `yum`, `dnf`, `microdnf`, `tdnf`
and `zypper` commands that change packages without their non-interactive switch: `-y`
(`--yes`, `--assume-yes`, `-qq` or `-o APT::Get::Assume-Yes=true` for apt; `--assumeyes`
for yum and dnf) or, for zypper, `-n`/`--non-interactive` before the sub-command (or
`-y`/`--no-confirm` after it; after `install`, `-n` means `--name` and answers nothing). Commands fed by a pipe (`yes | apt-get install …`) and
configuration written earlier (`APT::Get::Assume-Yes`, `assumeyes=1`) are accepted.

## Why it is risky
A build has no terminal. When the package manager asks "Do you want to continue?", nobody
answers: apt and yum abort, other tools can hang until the CI job times out. Whether the
question comes depends on the dependencies of the day, so a build that works today can break
tomorrow, exactly when you need to rebuild to pick up a security fix.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Add `-y` after the sub-command (`apt-get install -y`, `dnf install -y`), or `-n` after
`zypper` (`zypper -n install`). The automatic fix does exactly that.

## When it is acceptable
Never in a Dockerfile. `microdnf` answers yes by default (it asks only when the
configuration sets `assumeyes=0`), so its finding is rated low: `-y` is accepted by every
version and keeps the build from depending on the base image's configuration.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
- [apt-get(8)](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
- [zypper(8)](https://en.opensuse.org/SDB:Zypper_manual)
"#;

const DOCS_JA: &str = r#"
# パッケージマネージャーが確認待ちになる可能性がある

## チェック内容
パッケージを変更する `apt-get`/`apt`（install、upgrade、remove など）、`yum`、`dnf`、
`microdnf`、`tdnf`、`zypper` のコマンドで、非対話スイッチがないものを検出します。
非対話スイッチとは `-y`（apt では `--yes`、`--assume-yes`、`-qq`、
`-o APT::Get::Assume-Yes=true` も可、yum と dnf では `--assumeyes` も可）、zypper では
サブコマンドの前の `-n`/`--non-interactive`（またはサブコマンドの後の `-y`/`--no-confirm`。
`install` の後の `-n` は `--name` の意味になり、確認には答えません）です。パイプで入力を与えている場合（`yes | apt-get install …`）や、それより前に設定
（`APT::Get::Assume-Yes`、`assumeyes=1`）を書いている場合は検出しません。

## なぜ危険か
ビルドには端末がありません。パッケージマネージャーが「続行しますか?」と尋ねても誰も
答えられず、apt や yum は中断し、ほかのツールは CI のタイムアウトまで止まることがあります。
確認が出るかどうかはその日の依存関係しだいなので、今日通るビルドが明日壊れることがあり、
しかもそれはセキュリティ修正を取り込むために再ビルドしたいときに起こります。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
サブコマンドの後に `-y` を付けます（`apt-get install -y`、`dnf install -y`）。zypper では
`zypper` の直後に `-n` を付けます（`zypper -n install`）。自動修正はこの変更を行います。

## 許容される場合
Dockerfile ではありません。`microdnf` は既定で yes と答えるため（設定で `assumeyes=0` の
ときだけ確認を求めます）、その指摘は low とします。`-y` はどのバージョンでも受け付けられ、
ビルドがベースイメージの設定に左右されなくなります。

## 参考資料
- [Docker ドキュメント: apt-get のベストプラクティス](https://docs.docker.com/build/building/best-practices/#apt-get)
- [apt-get(8)](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
- [zypper(8)](https://en.opensuse.org/SDB:Zypper_manual)
"#;
