use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::Tool as Cmd;
use crate::span::Span;

use super::{in_final_image, subcommand_in, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL305",
    name: "apk-add-without-no-cache",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3019"),
        alias(Tool::Trivy, "DS-0025"),
        alias(Tool::Dockle, "DKL-DI-0004"),
        alias(Tool::Kics, "Apk Add Using Local Cache Path"),
        alias(Tool::Semgrep, "missing-apk-no-cache"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Where apk keeps the index and packages (`/etc/apk/cache` links there).
const CACHE_DIRS: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

fn check(context: &Context, out: &mut Diagnostics) {
    for run in context.runs() {
        if !in_final_image(context, run.instruction) || run.cleans(context, CACHE_DIRS) {
            continue;
        }
        for (command, recognized) in run.using(&[Cmd::Apk]) {
            let Some(sub) = &recognized.subcommand else {
                continue;
            };
            if !subcommand_in(recognized, &["add", "upgrade", "update"])
                || recognized.has_flag(&[], &["--no-cache", "--no-network"])
            {
                continue;
            }
            let span = command.name_span(context, recognized);
            if sub.value == "update" {
                let diagnostic = out.report(
                    span,
                    crate::text!(
                        "`apk update` stores the package index in `/var/cache/apk`, where it stays in this layer; drop it and use `apk add --no-cache`, which fetches a fresh index without keeping it",
                        "`apk update` はパッケージインデックスを `/var/cache/apk` に保存し、このレイヤーに残ります。`apk update` をやめて、インデックスを保存せずに最新のものを取得する `apk add --no-cache` を使ってください",
                    ),
                );
                if let Some(edit) = drop_command(context, command) {
                    diagnostic.with_fix(Fix::safe(
                        crate::text!("Remove `apk update`", "`apk update` を削除"),
                        vec![edit],
                    ));
                }
                continue;
            }
            let name = &sub.value;
            let diagnostic = out.report(
                span,
                crate::text!(
                    format!("`apk {name}` without `--no-cache` keeps the package index in `/var/cache/apk` in this layer; add `--no-cache`"),
                    format!("`--no-cache` のない `apk {name}` は、パッケージインデックスを `/var/cache/apk` としてこのレイヤーに残します。`--no-cache` を付けてください"),
                ),
            );
            if let Some(edit) = command.insert_after(context, sub.word, "--no-cache") {
                diagnostic.with_fix(Fix::safe(
                    crate::text!("Add `--no-cache`", "`--no-cache` を追加"),
                    vec![edit],
                ));
            }
        }
    }
}

/// Removes a command that is followed by another in the same list
/// (`apk update && apk add …` becomes `apk add …`).
fn drop_command(context: &Context, command: &RunCommand) -> Option<Edit> {
    let this = command.command;
    let next = command.script.script.commands.get(command.index + 1)?;
    let joined = this.connector_after.is_some()
        && next.connector_before == this.connector_after
        && next.subshell_depth == this.subshell_depth
        && this.pipeline.is_none()
        && this.assignments.is_empty()
        && next.assignments.is_empty()
        && !next.words.is_empty();
    if !joined {
        return None;
    }
    let start = command.exact_word_span(context, 0)?.start;
    let next_start = context.script_span(command.script, next.words[0].range.clone());
    (context.source.get(next_start.range()) == Some(next.words[0].raw.as_str()))
        .then(|| Edit::replace(Span::new(start, next_start.start), ""))
}

const DOCS_EN: &str = r#"
# apk keeps its package index in the image

## What it checks
`apk add` and `apk upgrade` without `--no-cache`, and `apk update`, in the final stage or a
stage it is built `FROM` (a builder stage that is only copied from is not checked).
Accepted as well: `--no-network`, which installs from what is already there; a cache or
tmpfs mount on `/var/cache/apk`; removing that directory in the same RUN.

## Why it is risky
Without `--no-cache`, apk saves the index of every repository in `/var/cache/apk`. It is dead
weight in every copy of the image (Alpine images are chosen for being small) and it records a
package list that goes stale the day after the build. The image security guide's checklist
asks to remove what is not needed ("不要なパッケージを削除"), and its troubleshooting
section patches packages with `RUN apk upgrade --no-cache`: upgrading is good, keeping the
index is not.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add curl
```

```dockerfile
FROM alpine:3.20
RUN apk update && apk upgrade
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

```dockerfile
FROM alpine:3.20
RUN apk upgrade --no-cache
```

## Fix
Add `--no-cache` after `add` or `upgrade`, and drop `apk update`: with `--no-cache` apk
fetches a fresh index for the command and does not keep it. The automatic fix does both (it
removes `apk update` when another command follows it). With
BuildKit, `RUN --mount=type=cache,target=/var/cache/apk` keeps the cache between builds but
out of the image.

## When it is acceptable
Builder stages that are only copied from (`COPY --from`): their layers are not part of the
image, so they are not checked.

## References
- [Alpine wiki: apk local cache](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# apk のパッケージインデックスがイメージに残る

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージで、`--no-cache` のない
`apk add` と `apk upgrade`、および `apk update` を検出します（コピー元になるだけの
ビルダーステージはチェックしません）。既にあるものからインストールする `--no-network`、
`/var/cache/apk` へのキャッシュマウントや tmpfs マウント、同じ RUN でのこのディレクトリの
削除も問題なしとみなします。

## なぜ危険か
`--no-cache` がないと、apk はすべてのリポジトリのインデックスを `/var/cache/apk` に
保存します。これはイメージのすべてのコピーに含まれる無駄な重さで（Alpine は小ささで
選ばれるイメージです）、ビルドの翌日には古くなるパッケージ一覧でもあります。
イメージセキュリティガイドのチェックリストは不要なものの削除（「不要なパッケージを削除」）
を求めており、トラブルシューティングでは `RUN apk upgrade --no-cache` でパッケージを
更新しています。更新は良いことですが、インデックスを残す必要はありません。

## 問題のある例
```dockerfile
FROM alpine:3.20
RUN apk add curl
```

```dockerfile
FROM alpine:3.20
RUN apk update && apk upgrade
```

## 代わりに
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

```dockerfile
FROM alpine:3.20
RUN apk upgrade --no-cache
```

## 修正方法
`add` や `upgrade` の後に `--no-cache` を付け、`apk update` は削除します。`--no-cache` を
付ければ、apk はそのコマンドのために最新のインデックスを取得し、保存しません。自動修正は
両方を行います（`apk update` の後に別のコマンドが続く場合に削除します）。BuildKit では
`RUN --mount=type=cache,target=/var/cache/apk` を使うと、キャッシュをビルド間で
再利用しつつイメージには含めずに済みます。

## 許容される場合
`COPY --from` でコピー元になるだけのビルダーステージです。そのレイヤーはイメージに
含まれないため、チェックしません。

## 参考資料
- [Alpine wiki: apk のローカルキャッシュ](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache)
- [Docker ドキュメント: キャッシュマウント](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
