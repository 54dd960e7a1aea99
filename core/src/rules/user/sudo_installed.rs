use std::collections::BTreeMap;

use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::{classify, Tool};

use crate::span::Span;

use super::{development_image, in_final_chain, input_lines, run_commands, FileWrite};

pub const RULE: Rule = Rule {
    code: "PL104",
    name: "sudo-installed",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Operating system package managers, whose packages land in the image.
const SYSTEM_PACKAGE_MANAGERS: &[Tool] = &[
    Tool::AptGet,
    Tool::Apt,
    Tool::Apk,
    Tool::Yum,
    Tool::Dnf,
    Tool::Microdnf,
    Tool::Tdnf,
    Tool::Zypper,
];

/// `sudo` or `doas` for `sudo`, `sudo=1.9.5p2-3`, `sudo-1.9.5`.
fn escalation_package(package: &str) -> Option<&'static str> {
    let name = package
        .split(['=', '<', '>', '~'])
        .next()
        .unwrap_or(package);
    ["sudo", "doas"].into_iter().find(|wanted| {
        name == *wanted
            || name
                .strip_prefix(wanted)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// One instruction's sudo setup: the escalation packages it installs and
/// the passwordless rules it writes to sudoers.
pub(crate) struct SudoSetup {
    pub instruction: usize,
    /// The first package installed (`sudo`, `doas`), with its span.
    package: Option<(&'static str, Span)>,
    /// The first `NOPASSWD` (or `!authenticate`) written, with the file.
    passwordless: Option<(Span, String, &'static str)>,
    trigger: bool,
}

/// Words in a sudoers rule that let a user run commands as root without a
/// password: `NOPASSWD:` on a rule, `Defaults !authenticate` for all of them.
const PASSWORDLESS: &[&str] = &["NOPASSWD", "!authenticate"];

/// The sudo setups of the final image, one per instruction, in order.
pub(crate) fn sudo_setups(context: &Context) -> Vec<SudoSetup> {
    let mut setups: BTreeMap<usize, SudoSetup> = BTreeMap::new();
    for (script, _, command) in run_commands(context) {
        if !in_final_chain(context, script.instruction) {
            continue;
        }
        let Some(recognized) = classify(command) else {
            continue;
        };
        if !SYSTEM_PACKAGE_MANAGERS.contains(&recognized.tool) {
            continue;
        }
        for package in recognized.packages() {
            let Some(name) = escalation_package(&package.value) else {
                continue;
            };
            let span = context.script_span(script, command.words[package.word].range.clone());
            let setup = setup_of(&mut setups, script.instruction);
            setup.trigger |= script.is_trigger();
            setup.package.get_or_insert((name, span));
        }
    }
    for write in context.file_writes() {
        if !write.targets("/etc/sudoers") || !in_final_chain(context, write.instruction) {
            continue;
        }
        let Some((span, word)) = PASSWORDLESS
            .iter()
            .find_map(|word| Some((write.find(word)?, *word)))
        else {
            continue;
        };
        setup_of(&mut setups, write.instruction)
            .passwordless
            .get_or_insert((span, write.path.clone(), word));
    }
    setups.into_values().collect()
}

/// The setup of `instruction`, added when new.
fn setup_of(setups: &mut BTreeMap<usize, SudoSetup>, instruction: usize) -> &mut SudoSetup {
    setups.entry(instruction).or_insert(SudoSetup {
        instruction,
        package: None,
        passwordless: None,
        trigger: false,
    })
}

/// Whether a write to sudoers may grant something: its text is unknown
/// (`COPY sudoers ...`) or holds more than `Defaults` lines and comments
/// (`Defaults !requiretty` only changes how sudo behaves). In-place `sed -i`
/// edits mostly disable rules and do not count.
pub(crate) fn grants_sudo(write: &FileWrite) -> bool {
    if !write.targets("/etc/sudoers") || write.edits_in_place {
        return false;
    }
    let text = write
        .content
        .iter()
        .map(|(text, _)| text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let lines = input_lines(&text);
    lines.is_empty()
        || lines.iter().any(|(_, line)| {
            let comment = line.starts_with('#') && !line.starts_with("#include");
            !(comment || line.starts_with("Defaults"))
        })
}

/// Groups that the default sudoers of the distributions let use sudo.
const SUDO_GROUPS: &[&str] = &["sudo", "wheel", "admin"];

/// Whether the final image gives anyone sudo: a sudoers rule, or an account
/// added to a group the default sudoers lets in (`usermod -aG sudo app`,
/// `adduser app wheel`, `gpasswd -a app sudo`).
fn image_grants_sudo(context: &Context) -> bool {
    let in_sudo_group = |groups: &str| {
        groups
            .split(',')
            .any(|group| SUDO_GROUPS.contains(&group.trim()))
    };
    let group_added = run_commands(context).any(|(script, _, command)| {
        if !in_final_chain(context, script.instruction) {
            return false;
        }
        if command.name().map(crate::shell::script::basename) == Some("gpasswd") {
            return command.args().iter().any(|arg| in_sudo_group(&arg.value));
        }
        let Some(recognized) = classify(command) else {
            return false;
        };
        match recognized.tool {
            Tool::Usermod | Tool::Useradd => recognized
                .flag_values(&['G'], &["--groups"])
                .any(in_sudo_group),
            // `adduser <user> <group>` adds an existing user to a group.
            Tool::Adduser | Tool::Addgroup => {
                recognized.operands.len() == 2 && in_sudo_group(&recognized.operands[1].value)
            }
            _ => false,
        }
    });
    group_added
        || context
            .file_writes()
            .iter()
            .any(|write| in_final_chain(context, write.instruction) && grants_sudo(write))
}

fn check(context: &Context, out: &mut Diagnostics) {
    let granted = image_grants_sudo(context);
    // One finding per privilege setup: installing sudo and letting a user
    // use it without a password is one, in one RUN or in two. Rules written
    // apart from the install are folded into the install's finding.
    let setups = context.sudo_setups();
    let install = setups.iter().position(|setup| {
        setup.package.is_some() && setup.passwordless.is_none() && !setup.trigger
    });
    let rules_apart: Vec<usize> = setups
        .iter()
        .enumerate()
        .filter(|(_, setup)| {
            install.is_some()
                && setup.package.is_none()
                && setup.passwordless.is_some()
                && !setup.trigger
        })
        .map(|(at, _)| at)
        .collect();
    for (at, setup) in setups.iter().enumerate() {
        if rules_apart.contains(&at) {
            continue;
        }
        let folded = if install == Some(at) {
            rules_apart.as_slice()
        } else {
            &[]
        };
        let passwordless = setup.passwordless.as_ref().or_else(|| {
            folded
                .first()
                .and_then(|&rule| setups[rule].passwordless.as_ref())
        });
        let message = match (setup.package, passwordless) {
            (Some((name, _)), _) if setup.trigger => crate::text!(
                format!("`{name}` is installed by an `ONBUILD RUN` trigger into every image built from this one, which gives any process of those containers a way to become root; remove it and use `USER root` for build steps that need root"),
                format!("`ONBUILD RUN` のトリガーが、このイメージを土台にするすべてのイメージに `{name}` をインストールし、それらのコンテナ内のどのプロセスにも root になる手段を与えます。削除し、root が必要なビルド手順では `USER root` を使ってください"),
            ),
            (Some((name, _)), Some((_, path, word))) => crate::text!(
                format!("`{name}` is installed in the final image and `{word}` in `{path}` lets users of the image become root through it without a password; remove both and use `USER root` for build steps that need root"),
                format!("最終イメージに `{name}` がインストールされ、`{path}` の `{word}` により、イメージのユーザーがパスワードなしでそれを使って root になれます。両方を削除し、root が必要なビルド手順では `USER root` を使ってください"),
            ),
            (Some((name, _)), None) if granted => crate::text!(
                format!("`{name}` is installed in the final image, which gives any process of the container a way to become root; remove it and use `USER root` for build steps that need root"),
                format!("最終イメージに `{name}` がインストールされ、コンテナ内のどのプロセスにも root になる手段を与えます。削除し、root が必要なビルド手順では `USER root` を使ってください"),
            ),
            (Some((name, _)), None) => crate::text!(
                format!("`{name}` is installed in the final image; no sudoers rule or group here grants it to a user, but it is a setuid-root program (with a history of local root exploits) one rule away from a way to become root; remove it and use `USER root` for build steps that need root"),
                format!("最終イメージに `{name}` がインストールされています。ここでは sudoers のルールやグループで誰にも許可していませんが、setuid root のプログラム（ローカルで root を奪う脆弱性の前例があります）であり、ルール 1 つで root になる手段になります。削除し、root が必要なビルド手順では `USER root` を使ってください"),
            ),
            (None, Some((_, path, word))) => crate::text!(
                format!("`{word}` written to `{path}` lets users of the image become root without a password; remove the sudoers rule and use `USER root` for build steps that need root"),
                format!("`{path}` に書き込まれた `{word}` により、イメージのユーザーがパスワードなしで root になれます。sudoers のルールを削除し、root が必要なビルド手順では `USER root` を使ってください"),
            ),
            (None, None) => continue,
        };
        let Some(span) = setup
            .package
            .map(|(_, span)| span)
            .or(setup.passwordless.as_ref().map(|(span, _, _)| *span))
        else {
            continue;
        };
        let weakens_only = passwordless.is_none() && !setup.trigger && !granted;
        let diagnostic = out.report(span, message).with_fix(manual_fix());
        for &rule in folded {
            if let Some((rule_span, _, _)) = &setups[rule].passwordless {
                diagnostic.also(*rule_span, None);
            }
        }
        if weakens_only {
            diagnostic.rated(Severity::Medium);
        }
    }
    if development_image(context) {
        out.cap(Severity::Low);
    }
}

fn manual_fix() -> Fix {
    Fix::manual(crate::text!(
        "Remove the package and the sudoers rule; run the build steps that need root under `USER root`, then switch to the non-root user.",
        "パッケージと sudoers のルールを削除し、root が必要なビルド手順は `USER root` で実行してから非rootユーザーに切り替えてください。",
    ))
}

const DOCS_EN: &str = r#"
# `sudo` installed or password-less sudo configured in the final image

## What it checks
The `sudo` or `doas` package installed by a system package manager (`apt-get`, `apk`,
`yum`, `dnf`, `microdnf`, `tdnf`, `zypper`) in the final stage or the stages it is built
`FROM`, and `NOPASSWD` rules written to `/etc/sudoers` or `/etc/sudoers.d/` with `echo`,
`printf`, `tee`, `sed -i`, a heredoc or `COPY <<EOF` (and `Defaults !authenticate`, which
drops the password for every rule). Builder stages whose packages do not reach the final
image are not judged.

One privilege setup is one finding: a `RUN` that installs sudo and writes a `NOPASSWD` rule is
reported once, on the package, with the rule named in the message (and PL107 leaves the
sudoers writes of that `RUN` to it); a rule written by another instruction is folded into the
install's finding as a second place. When nothing in the image grants sudo to anyone (no
sudoers rule beyond `Defaults` lines, no account added to the `sudo`, `wheel` or `admin`
group), the package is rated medium: it is a setuid-root program one rule away from a way
to become root, not yet that way itself.

## Why it is risky
Running as a non-root user only protects the container if that user cannot become root
again. With `sudo` in the image, and even more with a `NOPASSWD` rule, an attacker who gets
code execution as the application user is root one command later, and the non-root setup
of the image is void.

## Example
```dockerfile
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends sudo
RUN useradd --uid 1001 --shell /bin/sh appuser && \
    echo 'appuser ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/appuser
USER 1001
```

## Use instead
```dockerfile
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
RUN useradd --uid 1001 --shell /bin/sh appuser
USER 1001
```

## Fix
Remove the package and any sudoers rules. Do everything that needs root while building,
under `USER root`, then switch to the non-root user. If something must run as root when
the container starts, let the entrypoint start as root and drop privileges with `gosu`,
`su-exec` or `setpriv`.

## When it is acceptable
Development images (dev containers, CI runners) meant for interactive use by a trusted
person. Never in images that run services.

## References
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- [sudoers(5) manual](https://www.sudo.ws/docs/man/sudoers.man/)
- [CWE-269: Improper Privilege Management](https://cwe.mitre.org/data/definitions/269.html)
"#;

const DOCS_JA: &str = r#"
# 最終イメージに `sudo` が入っている、またはパスワードなしの sudo が設定されている

## チェック内容
最終ステージ（`FROM` 元のステージを含む）で、システムのパッケージマネージャー（`apt-get`、
`apk`、`yum`、`dnf`、`microdnf`、`tdnf`、`zypper`）が `sudo` または `doas` パッケージを
インストールしている箇所と、`echo`、`printf`、`tee`、`sed -i`、ヒアドキュメント、
`COPY <<EOF` で `/etc/sudoers` や `/etc/sudoers.d/` に `NOPASSWD` のルールを書き込んでいる
箇所を検出します（すべてのルールでパスワードを不要にする `Defaults !authenticate` も対象です）。
パッケージが最終イメージに含まれないビルド用ステージは判定しません。

1 つの権限設定につき指摘は 1 件です。sudo のインストールと `NOPASSWD` のルールの書き込みを同じ
`RUN` で行っている場合は、パッケージの位置に 1 件だけ報告し、メッセージでルールにも触れます
（その `RUN` の sudoers への書き込みは PL107 では報告しません）。別の命令で書いたルールも、
インストールの指摘に 2 つ目の場所としてまとめます。イメージ内で誰にも sudo を
許可していない場合（`Defaults` 以外の sudoers のルールがなく、`sudo`・`wheel`・`admin` グループに
追加したアカウントもない場合）は、パッケージの重大度を medium とします。setuid root のプログラムで
あり、ルール 1 つで root になる手段になりますが、まだその手段そのものではないからです。

## なぜ危険か
非rootユーザーで動かしても、そのユーザーが root に戻れるなら保護になりません。イメージに
`sudo` があり、さらに `NOPASSWD` のルールがあれば、アプリケーションのユーザーとしてコードを
実行できた攻撃者はコマンド一つで root になり、イメージの非root化は意味を失います。

## 問題のある例
```dockerfile
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends sudo
RUN useradd --uid 1001 --shell /bin/sh appuser && \
    echo 'appuser ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/appuser
USER 1001
```

## 代わりに
```dockerfile
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
RUN useradd --uid 1001 --shell /bin/sh appuser
USER 1001
```

## 修正方法
パッケージと sudoers のルールを削除します。root が必要な処理はビルド中に `USER root` で
済ませ、その後で非rootユーザーに切り替えてください。コンテナ起動時に root が必要な処理が
ある場合は、エントリーポイントを root で起動し、`gosu`、`su-exec`、`setpriv` で権限を
落としてください。

## 許容される場合
dev コンテナや CI ランナーなど、信頼できる人が対話的に使うための開発用イメージです。
サービスを動かすイメージでは使わないでください。

## 参考資料
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
- [sudoers(5) マニュアル](https://www.sudo.ws/docs/man/sudoers.man/)
- [CWE-269: 不適切な特権管理](https://cwe.mitre.org/data/definitions/269.html)
"#;
