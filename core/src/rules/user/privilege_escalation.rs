use crate::fix::Fix;
use crate::model::unquote;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::{classify, SimpleCommand, Tool};
use crate::span::Span;
use crate::syntax::{Args, Keyword};

use super::sudo_installed::grants_sudo;
use super::{development_image, in_final_chain, run_commands};

pub const RULE: Rule = Rule {
    code: "PL107",
    name: "privilege-escalation-setup",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Memory allocators commonly preloaded for speed, not to hijack anything.
const ALLOCATORS: &[&str] = &["jemalloc", "tcmalloc", "mimalloc"];

fn check(context: &Context, out: &mut Diagnostics) {
    check_config_writes(context, out);
    check_setcap(context, out);
    check_env_preload(context, out);
    check_windows_accounts(context, out);
    if development_image(context) {
        out.cap(Severity::Low);
    }
}

/// Whether a cmd command may change Windows accounts (`net`,
/// `Add-LocalGroupMember`): only those are copied for a closer look.
fn manages_accounts(command: &SimpleCommand) -> bool {
    command.words.first().is_some_and(|word| {
        // Lower case and without `.exe`, as the check compares it, but
        // without a copy per command.
        let mut program = word.value.as_str();
        while program.len() >= 4
            && program.as_bytes()[program.len() - 4..].eq_ignore_ascii_case(b".exe")
        {
            program = &program[..program.len() - 4];
        }
        program.eq_ignore_ascii_case("net") || program.eq_ignore_ascii_case("add-localgroupmember")
    })
}

/// Windows accounts of the final image made administrators, or allowed to
/// have no password: in cmd (`net localgroup Administrators app /add`,
/// `net user app /add /passwordreq:no`) and PowerShell
/// (`Add-LocalGroupMember -Group Administrators`) RUNs.
fn check_windows_accounts(context: &Context, out: &mut Diagnostics) {
    let mut commands: Vec<(usize, Vec<String>, Span)> = run_commands(context)
        .filter(|(script, _, command)| !script.is_trigger() && manages_accounts(command))
        .map(|(script, _, command)| {
            let words = command
                .words
                .iter()
                .map(|word| word.value.clone())
                .collect();
            (
                script.instruction,
                words,
                context.script_span(script, command.range.clone()),
            )
        })
        .collect();
    for run in context.powershell_runs() {
        for statement in &run.statements {
            let (Some(first), Some(last)) = (statement.words.first(), statement.words.last())
            else {
                continue;
            };
            let words = statement
                .words
                .iter()
                .map(|word| word.value().to_string())
                .collect();
            let span = run.span(context.dockerfile, first.range.start..last.range.end);
            commands.push((run.instruction, words, span));
        }
    }
    for (instruction, words, span) in commands {
        if !in_final_chain(context, instruction) {
            continue;
        }
        let lower: Vec<String> = words.iter().map(|word| word.to_ascii_lowercase()).collect();
        let program = lower.first().map(|word| word.trim_end_matches(".exe"));
        let has = |word: &str| lower.iter().any(|candidate| candidate == word);
        let message = match program {
            Some("net") if lower.get(1).is_some_and(|sub| sub == "localgroup") && has("administrators") && has("/add") => {
                let user = words.get(3).map_or("the user", String::as_str);
                crate::text!(
                    format!("`net localgroup Administrators {user} /add` makes `{user}` an administrator of the image, so a process running as it has full control of the container; keep the account out of Administrators and run as it, doing the steps that need an administrator as `ContainerAdministrator` during the build"),
                    format!("`net localgroup Administrators {user} /add` で `{user}` をイメージの管理者にしています。このアカウントで動くプロセスはコンテナを完全に制御できます。アカウントを Administrators に入れずにそのアカウントで動かし、管理者が必要な手順はビルド中に `ContainerAdministrator` で行ってください"),
                )
            }
            Some("add-localgroupmember") if has("administrators") => crate::text!(
                "`Add-LocalGroupMember -Group Administrators` makes the account an administrator of the image, so a process running as it has full control of the container; keep the account out of Administrators and run as it, doing the steps that need an administrator as `ContainerAdministrator` during the build",
                "`Add-LocalGroupMember -Group Administrators` でアカウントをイメージの管理者にしています。このアカウントで動くプロセスはコンテナを完全に制御できます。アカウントを Administrators に入れずにそのアカウントで動かし、管理者が必要な手順はビルド中に `ContainerAdministrator` で行ってください",
            ),
            Some("net") if lower.get(1).is_some_and(|sub| sub == "user") && has("/passwordreq:no") => {
                let user = words.get(2).map_or("the account", String::as_str);
                crate::text!(
                    format!("`/passwordreq:no` lets the account `{user}` have no password, so anything that can log on to the container can use it; drop the option and give the account a password at run time, or run as `ContainerUser`"),
                    format!("`/passwordreq:no` によりアカウント `{user}` はパスワードなしで使えるため、コンテナにログオンできるものなら誰でもこのアカウントを使えます。オプションを外して実行時にパスワードを設定するか、`ContainerUser` で動かしてください"),
                )
            }
            _ => continue,
        };
        out.report(span, message).with_fix(Fix::manual(crate::text!(
            "Run the service as a standard account (`USER ContainerUser`, or a user of your own that is not in Administrators), and do the setup that needs an administrator earlier in the build as `ContainerAdministrator`.",
            "サービスは標準のアカウント（`USER ContainerUser`、または Administrators に属さない独自のユーザー）で動かし、管理者が必要な設定はビルドの前の段階で `ContainerAdministrator` として行ってください。",
        )));
    }
}

/// Writes to sudoers (NOPASSWD rules are PL104's) and to `/etc/ld.so.preload`.
fn check_config_writes(context: &Context, out: &mut Diagnostics) {
    // An instruction that installs sudo or writes a passwordless rule is one
    // privilege setup, which PL104 reports once.
    let setups: Vec<usize> = context
        .sudo_setups()
        .iter()
        .map(|setup| setup.instruction)
        .collect();
    for write in context.file_writes() {
        if !in_final_chain(context, write.instruction) {
            continue;
        }
        let path = &write.path;
        let adds_sudo_rules =
            grants_sudo(write) && setups.binary_search(&write.instruction).is_err();
        let message = if adds_sudo_rules {
            crate::text!(
                format!("`{path}` is written in the final image: sudo rules give users of the image a way to become root; remove them and run the steps that need root under `USER root`"),
                format!("最終イメージで `{path}` に書き込んでいます。sudo のルールはイメージのユーザーに root になる手段を与えます。削除し、root が必要な手順は `USER root` で実行してください"),
            )
        } else if path == "/etc/ld.so.preload" {
            crate::text!(
                "`/etc/ld.so.preload` is written: every program, setuid ones included, loads the libraries it lists, a classic way to take over root processes; remove it and link or preload the library only where it is needed",
                "`/etc/ld.so.preload` に書き込んでいます。setuid プログラムを含むすべてのプログラムがここに書かれたライブラリを読み込むため、root のプロセスを乗っ取る典型的な手口になります。削除し、必要な箇所だけでライブラリをリンクまたはプリロードしてください",
            )
        } else {
            continue;
        };
        out.report(write.path_span, message).with_fix(manual_fix());
    }
}

/// `setcap` granting capabilities to a file that reaches the final image.
fn check_setcap(context: &Context, out: &mut Diagnostics) {
    for (script, _, command) in run_commands(context) {
        if !context.reaches_final(script.instruction) {
            continue;
        }
        let Some(setcap) = classify(command).filter(|r| r.tool == Tool::Setcap) else {
            continue;
        };
        if setcap.has_flag(&['r'], &[]) {
            continue;
        }
        for pair in setcap.operands.chunks(2) {
            let [capabilities, file] = pair else {
                continue;
            };
            if !grants_risky_capability(&capabilities.value) {
                continue;
            }
            let span = context.script_span(script, command.words[capabilities.word].range.clone());
            let (caps, file) = (&capabilities.value, &file.value);
            out.report(span, crate::text!(
                format!("`setcap {caps}` gives `{file}` capabilities that every user who runs it gets, a path from a non-root user to root powers; drop it, or grant the capability to the container at run time (`--cap-add`)"),
                format!("`setcap {caps}` により、`{file}` を実行するすべてのユーザーがケーパビリティを得ます。非rootユーザーから root 相当の権限への経路になるため、削除するか、実行時にコンテナへ付与してください（`--cap-add`）"),
            ))
            .with_fix(manual_fix());
        }
    }
}

/// Whether a capability text (`cap_net_raw,cap_sys_admin+eip`, `=ep`) adds
/// any capability other than `cap_net_bind_service`, which only lets a
/// non-root server listen on ports below 1024.
fn grants_risky_capability(text: &str) -> bool {
    text.split_whitespace().any(|clause| {
        let Some(op) = clause.find(['=', '+', '-']) else {
            return false;
        };
        let names = &clause[..op];
        let mut grants = false;
        let mut rest = &clause[op..];
        while let Some(operator) = rest.chars().next() {
            let flags_end = rest[1..]
                .find(['=', '+', '-'])
                .map_or(rest.len(), |end| end + 1);
            let flags = &rest[1..flags_end];
            grants |= operator != '-' && !flags.is_empty();
            rest = &rest[flags_end..];
        }
        grants
            && (names.is_empty()
                || names
                    .split(',')
                    .any(|name| !name.eq_ignore_ascii_case("cap_net_bind_service")))
    })
}

/// `ENV LD_PRELOAD=...` in the final image (memory allocators excepted).
fn check_env_preload(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        if instruction.keyword != Keyword::Env || !in_final_chain(context, index) {
            continue;
        }
        for pair in pairs {
            let value = unquote(&pair.value.text);
            if unquote(&pair.key.text) != "LD_PRELOAD"
                || value.is_empty()
                || ALLOCATORS.iter().any(|allocator| value.contains(allocator))
            {
                continue;
            }
            out.report(pair.key.span, crate::text!(
                format!("`ENV LD_PRELOAD` makes every process of the container load `{value}`, so whoever can replace that library controls every program; remove it, or preload it only in the command that needs it"),
                format!("`ENV LD_PRELOAD` により、コンテナ内のすべてのプロセスが `{value}` を読み込みます。このライブラリを置き換えられる者がすべてのプログラムを支配できるため、削除するか、必要なコマンドだけでプリロードしてください"),
            ))
            .with_fix(manual_fix());
        }
    }
}

fn manual_fix() -> Fix {
    Fix::manual(crate::text!(
        "Remove the setting. Do root work during the build under `USER root`; give the container capabilities at run time (`docker run --cap-add`, Kubernetes `securityContext.capabilities`) instead of baking them into files.",
        "設定を削除してください。root が必要な作業はビルド中に `USER root` で行い、ケーパビリティはファイルに埋め込まず実行時にコンテナへ付与してください（`docker run --cap-add`、Kubernetes の `securityContext.capabilities`）。",
    ))
}

const DOCS_EN: &str = r#"
# Privilege escalation set up in the image

## What it checks
Settings in the final image that let a non-root process gain root powers:

- `setcap` granting file capabilities (`setcap cap_sys_admin+ep /usr/bin/tool`) to a file
  that reaches the final image. `cap_net_bind_service` alone is accepted: it only lets a
  non-root server listen on ports below 1024, the usual reason to use `setcap`.
- rules added to `/etc/sudoers` or `/etc/sudoers.d/` (`echo`, `tee`, heredocs, `COPY`),
  except in an instruction that installs sudo or writes a `NOPASSWD` rule, which PL104
  reports as one setup. `Defaults` lines (`Defaults !requiretty`, `Defaults env_keep += ...`)
  only change how sudo behaves and grant nothing, so a write of nothing else is not
  reported; neither are in-place `sed -i` edits, which mostly disable rules;
- writes to `/etc/ld.so.preload`;
- `ENV LD_PRELOAD=...`, except the memory allocators jemalloc, tcmalloc and mimalloc;
- on Windows images, an account made an administrator (`net localgroup Administrators <user>
  /add` in cmd, `Add-LocalGroupMember -Group Administrators` in PowerShell) or allowed to
  have no password (`net user <user> /add /passwordreq:no`).

## Why it is risky
Each of these turns a compromise of the application user into root, or into control over
every program: file capabilities hand kernel privileges to whoever runs the file, sudo rules
let users switch to root, and a preloaded library runs inside every process, including
setuid ones for `/etc/ld.so.preload`. They defeat the point of running as non-root.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcap2-bin && \
    setcap cap_sys_admin+ep /usr/bin/python3.11
USER 1001
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcap2-bin && \
    setcap cap_net_bind_service=+ep /usr/sbin/nginx
USER 1001
```

## Fix
Remove the setting. Do root work during the build under `USER root`. If the container
really needs a capability, grant it at run time (`docker run --cap-add=...`, Kubernetes
`securityContext.capabilities.add`), where it is visible and reviewed, instead of baking
it into a file. Link needed libraries normally instead of preloading them.

## When it is acceptable
Images built for a tool whose whole purpose needs the capability, such as a network
diagnostics image that sets `cap_net_raw` on `ping`, when the image is documented as such.

## References
- [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
- [ld.so(8): LD_PRELOAD and /etc/ld.so.preload](https://man7.org/linux/man-pages/man8/ld.so.8.html)
- [Docker docs: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- [CWE-269: Improper Privilege Management](https://cwe.mitre.org/data/definitions/269.html)
"#;

const DOCS_JA: &str = r#"
# イメージに権限昇格の仕組みが設定されている

## チェック内容
最終イメージで、非rootのプロセスが root の権限を得られるようにする設定を検出します。

- 最終イメージに含まれるファイルに対し、`setcap` でファイルケーパビリティを付与している
  （`setcap cap_sys_admin+ep /usr/bin/tool`）。`cap_net_bind_service` だけの付与は対象外です。
  非rootのサーバーが 1024 未満のポートで待ち受けられるようにするだけで、`setcap` を使う
  一般的な理由だからです。
- `/etc/sudoers` や `/etc/sudoers.d/` へのルールの追加（`echo`、`tee`、ヒアドキュメント、
  `COPY`）。ただし sudo をインストールしたり `NOPASSWD` のルールを書き込んだりする命令は、
  ひとまとまりの設定として PL104 が扱います。`Defaults` の行（`Defaults !requiretty`、
  `Defaults env_keep += ...`）は sudo の動作を変えるだけで権限を与えないため、それだけを
  書き込む場合は対象外です。`sed -i` によるその場での編集も、たいていルールを無効にするための
  ものなので対象外です。
- `/etc/ld.so.preload` への書き込み。
- `ENV LD_PRELOAD=...`。ただしメモリアロケーターの jemalloc、tcmalloc、mimalloc は除きます。
- Windows イメージで、アカウントを管理者にする設定（cmd の `net localgroup Administrators <user>
  /add`、PowerShell の `Add-LocalGroupMember -Group Administrators`）や、パスワードなしを許す設定
  （`net user <user> /add /passwordreq:no`）。

## なぜ危険か
いずれも、アプリケーションのユーザーが乗っ取られたときに、それを root やすべてのプログラムの
支配につなげてしまいます。ファイルケーパビリティはそのファイルを実行する人にカーネルの特権を
与え、sudo のルールはユーザーが root に切り替えることを許し、プリロードされたライブラリは
すべてのプロセスの中で動きます（`/etc/ld.so.preload` では setuid プログラムも含みます）。
非rootで動かす意味がなくなります。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcap2-bin && \
    setcap cap_sys_admin+ep /usr/bin/python3.11
USER 1001
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcap2-bin && \
    setcap cap_net_bind_service=+ep /usr/sbin/nginx
USER 1001
```

## 修正方法
設定を削除します。root が必要な作業はビルド中に `USER root` で行います。コンテナに本当に
ケーパビリティが必要なら、ファイルに埋め込まず、見えてレビューされる実行時に付与してください
（`docker run --cap-add=...`、Kubernetes の `securityContext.capabilities.add`）。必要な
ライブラリはプリロードせず、通常どおりリンクしてください。

## 許容される場合
`ping` に `cap_net_raw` を付けるネットワーク診断用イメージのように、そのケーパビリティが
ツールの目的そのもので、そのことがイメージの説明に明記されている場合です。

## 参考資料
- [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
- [ld.so(8): LD_PRELOAD と /etc/ld.so.preload](https://man7.org/linux/man-pages/man8/ld.so.8.html)
- [Docker ドキュメント: 実行時の特権と Linux ケーパビリティ](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- [CWE-269: 不適切な特権管理](https://cwe.mitre.org/data/definitions/269.html)
"#;
