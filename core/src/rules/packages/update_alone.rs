use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Recognized, Tool as Cmd};

use super::{message, subcommand_in, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL301",
    name: "package-index-update-alone",
    section: Section::Packages,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Trivy, "DS-0017"),
        alias(Tool::Checkov, "CKV_DOCKER_5"),
        alias(Tool::Kics, "Update Instruction Alone"),
        alias(Tool::Dockle, "CIS-DI-0007"),
        alias(Tool::Cis, "4.7"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Sub-commands that read the package index the update refreshed.
const USES_INDEX: &[&str] = &[
    "install",
    "in",
    "reinstall",
    "add",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "dup",
    "update",
    "up",
    "patch",
    "build-dep",
    "satisfy",
    "source",
    "download",
    "fix",
    "fetch",
    "source-install",
    "si",
];

/// Commands that certainly install nothing: with only these next to the
/// update, the index is refreshed for nothing. Unknown commands (a script,
/// `make`, a variable) may install, so they are given the benefit of the doubt.
const INSTALLS_NOTHING: &[&str] = &[
    "rm",
    "mkdir",
    "cat",
    "ls",
    "ln",
    "cp",
    "mv",
    "touch",
    "true",
    "false",
    ":",
    "set",
    "export",
    "sed",
    "grep",
    "test",
    "[",
    "sleep",
    "apt-cache",
    "apt-mark",
    "gpg",
    "find",
    "locale-gen",
    "update-ca-certificates",
    "mktemp",
    "date",
    "uname",
    "id",
    "echo",
    "printf",
    "cd",
    "chmod",
    "chown",
    "install",
    "tee",
    "head",
    "tail",
    "which",
];

fn check(context: &Context, out: &mut Diagnostics) {
    let managers = [Cmd::AptGet, Cmd::Apt, Cmd::Apk, Cmd::Zypper];
    for run in context.runs() {
        // used_later[i]: a command after position i may read the index.
        let mut used_later = vec![false; run.commands.len()];
        for position in (0..run.commands.len().saturating_sub(1)).rev() {
            used_later[position] =
                used_later[position + 1] || may_use_index(&run.commands[position + 1]);
        }
        for (position, command) in run.commands.iter().enumerate() {
            let Some(recognized) = command
                .tool
                .as_ref()
                .filter(|recognized| managers.contains(&recognized.tool))
            else {
                continue;
            };
            // Only what runs after the refresh can use it.
            if !is_index_update(recognized) || used_later[position] {
                continue;
            }
            let program = basename(&command.command.words[recognized.program].value);
            let update = recognized
                .subcommand
                .as_ref()
                .map_or("", |sub| sub.value.as_str());
            let install = if recognized.tool == Cmd::Apk {
                "add --no-cache"
            } else {
                "install"
            };
            let span = command.name_span(context, recognized);
            out.report(
                span,
                message(
                    context,
                    run.instruction,
                    format!("`{program} {update}` runs in a RUN that installs nothing: the layer with the package index is cached and a later RUN installs from stale lists; refresh and install in the same RUN (`{program} {update} && {program} {install} …`)"),
                    format!("`{program} {update}` を何もインストールしない RUN で実行しています。パッケージインデックスのレイヤーがキャッシュされ、後の RUN が古いリストからインストールします。同じ RUN で更新とインストールを行ってください（`{program} {update} && {program} {install} …`）"),
                ),
            );
        }
    }
}

/// `apt-get update`, `apk update`, `zypper refresh`: a refresh of the index
/// (`zypper update` and `yum update` upgrade packages instead).
fn is_index_update(recognized: &Recognized) -> bool {
    match recognized.tool {
        Cmd::AptGet | Cmd::Apt | Cmd::Apk => subcommand_in(recognized, &["update"]),
        Cmd::Zypper => subcommand_in(recognized, &["refresh", "ref"]),
        _ => false,
    }
}

/// Whether a command may read the package index: an OS package manager that
/// installs or upgrades, or something we cannot see into.
fn may_use_index(command: &RunCommand) -> bool {
    use Cmd::*;
    match &command.tool {
        Some(recognized) => match recognized.tool {
            AptGet | Apt | Apk | Yum | Dnf | Microdnf | Tdnf | Zypper | Rpm | Dpkg => {
                recognized.installs
                    || subcommand_in(recognized, USES_INDEX) && !is_index_update(recognized)
            }
            // `sh -c '…'` is parsed into its own commands; `sh script.sh` is opaque.
            tool if tool.is_interpreter() => !recognized.has_flag(&['c'], &[]),
            Sudo | Su => true,
            _ => false,
        },
        None => command
            .command
            .name()
            .is_some_and(|name| !INSTALLS_NOTHING.contains(&basename(name))),
    }
}

const DOCS_EN: &str = r#"
# Package index updated in a RUN that installs nothing

## What it checks
A RUN that refreshes the package index (`apt-get update`, `apt update`, `apk update`,
`zypper refresh`) but installs or upgrades nothing after it in the same RUN (a refresh after
the last install only leaves a fresh index for later RUNs to trust). Commands we cannot see
into (a script, `make`, a variable) count as possibly installing, so they do not raise it.

## Why it is risky
Docker caches every layer. The layer of a lone `RUN apt-get update` is reused for weeks, so
a later `RUN apt-get install` works from old package lists: it installs versions with known
vulnerabilities, or fails when the mirror has dropped them. Rebuilding does not help until
the cache is invalidated. Refreshing and installing in one RUN keeps the two in step, and it
is the basis of patching packages during the build as the troubleshooting section of the
image security guide recommends (`RUN apk upgrade --no-cache`).

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Move the update into the RUN that installs, joined with `&&`. On Alpine, drop `apk update`
and use `apk add --no-cache`, which fetches a fresh index without storing it.

## When it is acceptable
Never needed: an update only makes sense right before the command that uses it.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Docker docs: build cache invalidation](https://docs.docker.com/build/cache/invalidation/)
- CIS Docker Benchmark 4.7 (do not use update instructions alone)
"#;

const DOCS_JA: &str = r#"
# 何もインストールしない RUN でパッケージインデックスを更新している

## チェック内容
パッケージインデックスを更新する RUN（`apt-get update`、`apt update`、`apk update`、
`zypper refresh`）のうち、同じ RUN のその後で何もインストールもアップグレードもしていない
ものを検出します（最後のインストールの後の更新は、後の RUN が頼るインデックスを残すだけです）。中身が見えないコマンド（スクリプト、`make`、変数など）はインストールする
可能性があるものとして扱い、検出しません。

## なぜ危険か
Docker はレイヤーをキャッシュします。単独の `RUN apt-get update` のレイヤーは何週間も
再利用されるため、後の `RUN apt-get install` は古いパッケージリストを使います。既知の脆弱性が
あるバージョンを入れてしまったり、ミラーから消えたバージョンを取りに行ってビルドが失敗したり
します。キャッシュが無効になるまで、再ビルドしても直りません。更新とインストールを同じ RUN で
行えば両者が常に揃い、イメージセキュリティガイドのトラブルシューティングが勧める
ビルド時のパッケージ更新（`RUN apk upgrade --no-cache`）も確実に効きます。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
インデックスの更新を、インストールする RUN に `&&` でつないで移します。Alpine では
`apk update` をやめて `apk add --no-cache` を使ってください。インデックスを保存せずに
最新のものを取得します。

## 許容される場合
ありません。インデックスの更新は、それを使うコマンドの直前でだけ意味があります。

## 参考資料
- [Docker ドキュメント: apt-get のベストプラクティス](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Docker ドキュメント: ビルドキャッシュの無効化](https://docs.docker.com/build/cache/invalidation/)
- CIS Docker Benchmark 4.7（update 命令を単独で使わない）
"#;
