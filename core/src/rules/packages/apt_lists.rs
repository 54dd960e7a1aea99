use crate::fix::Fix;
use crate::model::Base;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::Tool as Cmd;

use super::{append_to_run, apt_simulates, in_final_image, subcommand_in, Run};

pub const RULE: Rule = Rule {
    code: "PL304",
    name: "apt-lists-not-removed",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Hadolint, "DL3009"),
        alias(Tool::Dockle, "DKL-DI-0005"),
        alias(Tool::Kics, "Apt Get Install Lists Were Not Deleted"),
        alias(Tool::Semgrep, "remove-package-lists"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const LISTS: &str = "/var/lib/apt/lists";
const CLEANUP: &str = "rm -rf /var/lib/apt/lists/*";
/// Debian's and Ubuntu's images delete downloaded packages after every
/// install through this apt configuration file; without it they stay.
const DOCKER_CLEAN: &str = "/etc/apt/apt.conf.d/docker-clean";
const ARCHIVES: &str = "/var/cache/apt";

fn check(context: &Context, out: &mut Diagnostics) {
    let runs = context.runs();
    // Per stage: the first RUN that removes docker-clean.
    let mut docker_clean: Vec<Option<usize>> = vec![None; context.model.stages.len()];
    // A fragment without FROM has no stages: one chain of RUNs.
    let mut fragment_clean: Option<usize> = None;
    for run in runs {
        if !run.removes_after(DOCKER_CLEAN, None) {
            continue;
        }
        match context.stage_of(run.instruction) {
            Some(stage) => {
                docker_clean[stage].get_or_insert(run.instruction);
            }
            None => {
                fragment_clean.get_or_insert(run.instruction);
            }
        }
    }
    // Per stage: whether a stage it is built `FROM` removed docker-clean (a
    // `FROM <stage>` base is always an earlier stage).
    let mut inherits_clean = vec![false; context.model.stages.len()];
    for stage in &context.model.stages {
        if let Base::Stage(parent) = stage.base {
            inherits_clean[stage.index] = inherits_clean[parent] || docker_clean[parent].is_some();
        }
    }
    for run in runs {
        if !in_final_image(context, run.instruction) {
            continue;
        }
        let keeps_archives = match context.stage_of(run.instruction) {
            Some(stage) => {
                inherits_clean[stage] || docker_clean[stage].is_some_and(|at| at <= run.instruction)
            }
            None => fragment_clean.is_some_and(|at| at <= run.instruction),
        };
        if keeps_archives {
            report_archives(context, out, run);
        }
        if run.cleans(context, &[LISTS])
            || run.runs_subcommand(&[Cmd::AptGet, Cmd::Apt], &["distclean", "dist-clean"])
        {
            continue;
        }
        let apt = [Cmd::AptGet, Cmd::Apt];
        let mut fetching = run.using(&apt).filter(|(_, recognized)| {
            recognized.installs && !apt_simulates(recognized)
                || subcommand_in(recognized, &["update"])
        });
        let Some((command, recognized)) = fetching.next() else {
            continue;
        };
        let program = basename(&command.command.words[recognized.program].value);
        let sub = recognized
            .subcommand
            .as_ref()
            .map_or("", |sub| sub.value.as_str());
        let diagnostic = out.report(
            command.name_span(context, recognized),
            crate::text!(
                format!("`{program} {sub}` leaves the package lists in `/var/lib/apt/lists` in this layer, tens of megabytes the application never reads; remove them in the same RUN with `{CLEANUP}`"),
                format!("`{program} {sub}` がパッケージリストを `/var/lib/apt/lists` としてこのレイヤーに残します。アプリケーションが読むことのない数十MBです。同じ RUN で `{CLEANUP}` を実行して削除してください"),
            ),
        );
        // An update-only RUN fetches the lists for a later RUN's install:
        // removing them here would make that install fail. Join the two
        // RUNs by hand instead (the message says to clean in the same RUN).
        let installs = run
            .using(&apt)
            .any(|(_, recognized)| recognized.installs && !apt_simulates(recognized));
        if let Some(edit) = append_to_run(context, run.instruction, CLEANUP).filter(|_| installs) {
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    format!("Append `&& {CLEANUP}` to the RUN (a later RUN that installs must run `apt-get update` again)"),
                    format!("RUN の最後に `&& {CLEANUP}` を追加（後の RUN でインストールする場合は再度 `apt-get update` が必要）"),
                ),
                vec![edit],
            ));
        }
    }
}

/// After docker-clean is gone, an install keeps its `.deb` files in
/// `/var/cache/apt` unless the RUN cleans that directory or mounts a cache
/// on it.
fn report_archives(context: &Context, out: &mut Diagnostics, run: &Run) {
    let apt = [Cmd::AptGet, Cmd::Apt];
    if run.cleans(context, &[ARCHIVES])
        || run.runs_subcommand(&apt, &["clean", "autoclean", "distclean", "dist-clean"])
    {
        return;
    }
    let Some((command, recognized)) = run
        .using(&apt)
        .find(|(_, recognized)| recognized.installs && !apt_simulates(recognized))
    else {
        return;
    };
    let program = basename(&command.command.words[recognized.program].value);
    let sub = recognized
        .subcommand
        .as_ref()
        .map_or("", |sub| sub.value.as_str());
    out.report(
        command.name_span(context, recognized),
        crate::text!(
            format!("`{program} {sub}` keeps the downloaded packages in `{ARCHIVES}` in this layer, because an earlier step removed `{DOCKER_CLEAN}`; mount a cache on `{ARCHIVES}` or run `apt-get clean` in the same RUN"),
            format!("先に `{DOCKER_CLEAN}` が削除されているため、`{program} {sub}` がダウンロードしたパッケージを `{ARCHIVES}` としてこのレイヤーに残します。同じ RUN で `{ARCHIVES}` にキャッシュマウントを使うか、`apt-get clean` を実行してください"),
        ),
    );
}

const DOCS_EN: &str = r#"
# apt package lists are left in the image

## What it checks
A RUN that runs `apt-get update` or installs with `apt-get`/`apt`, in the final stage or a
stage it is built `FROM`, and does not remove `/var/lib/apt/lists` in the same RUN. A cache or tmpfs
mount on the directory (`RUN --mount=type=cache,target=/var/lib/apt/lists`) and
`apt-get distclean` also count as cleaning it. When an earlier step removed
`/etc/apt/apt.conf.d/docker-clean` (usually to keep a cache mount filled), an install that
neither cleans `/var/cache/apt` nor mounts a cache on it is reported too: the downloaded
`.deb` files then stay in the layer.

## Why it is risky
`apt-get update` downloads the index of every package of every configured repository, often
tens of megabytes. The application never reads it, yet it ships in every copy of the image.
Removing it in a later RUN does not help: the earlier layer still holds the files. A smaller
image pulls faster and leaves less to inspect; the image security guide's checklist asks to
remove what is not needed ("不要なパッケージを削除").

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

```dockerfile
# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix
Append `&& rm -rf /var/lib/apt/lists/*` to the RUN that updates and installs. The automatic
fix does it when the RUN is plain shell text (not a heredoc or exec form). Review it: a later
RUN that installs packages must now run `apt-get update` itself, which it should anyway.

## When it is acceptable
Builder stages that are only copied from (`COPY --from`): their layers are not part of the
image, so they are not checked. Development images where people install packages by hand.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# apt のパッケージリストがイメージに残っている

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージで `apt-get update` を実行するか `apt-get`/`apt` で
インストールする RUN のうち、同じ RUN で `/var/lib/apt/lists` を削除していないものを
検出します。このディレクトリへのキャッシュマウントや tmpfs マウント
（`RUN --mount=type=cache,target=/var/lib/apt/lists`）と `apt-get distclean` も削除と
みなします。それより前に `/etc/apt/apt.conf.d/docker-clean` を削除している場合（多くは
キャッシュマウントを活かすため）、`/var/cache/apt` を削除もキャッシュマウントもしない
インストールも検出します。ダウンロードした `.deb` ファイルがレイヤーに残るためです。

## なぜ危険か
`apt-get update` は、設定されたすべてのリポジトリの全パッケージの一覧をダウンロードします。
数十MBになることも珍しくありません。アプリケーションは一度も読みませんが、イメージの
すべてのコピーに含まれます。後の RUN で削除しても、前のレイヤーにファイルが残るため
効果はありません。イメージが小さいほど取得は速く、調べる対象も減ります。イメージセキュリティ
ガイドのチェックリストは不要なものの削除（「不要なパッケージを削除」）を求めています。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

```dockerfile
# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl
```

## 修正方法
更新とインストールを行う RUN の最後に `&& rm -rf /var/lib/apt/lists/*` を追加します。
RUN が通常のシェル形式（ヒアドキュメントや exec 形式ではない）なら自動修正がこの変更を
行います。変更は確認してください。後の RUN でパッケージを入れる場合は、その RUN で
`apt-get update` を実行する必要があります（本来そうあるべきです）。

## 許容される場合
`COPY --from` でコピー元になるだけのビルダーステージ（そのレイヤーはイメージに含まれない
ため、チェックしません）と、利用者が手作業でパッケージを入れる開発用イメージです。

## 参考資料
- [Docker ドキュメント: apt-get のベストプラクティス](https://docs.docker.com/build/building/best-practices/#apt-get)
- [Docker ドキュメント: キャッシュマウント](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
