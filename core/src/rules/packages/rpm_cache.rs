use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Recognized, Tool as Cmd};

use super::{append_to_run, in_final_image, subcommand_in, Run};

pub const RULE: Rule = Rule {
    code: "PL306",
    name: "rpm-cache-not-cleaned",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Hadolint, "DL3032"),
        alias(Tool::Hadolint, "DL3040"),
        alias(Tool::Hadolint, "DL3036"),
        alias(Tool::Trivy, "DS-0015"),
        alias(Tool::Trivy, "DS-0019"),
        alias(Tool::Trivy, "DS-0020"),
        alias(Tool::Trivy, "DS-0027"),
        alias(Tool::Kics, "Yum Clean All Missing"),
        alias(Tool::Kics, "Missing Dnf Clean All"),
        alias(Tool::Kics, "Missing Zypper Clean"),
        alias(Tool::Semgrep, "missing-yum-clean-all"),
        alias(Tool::Semgrep, "missing-dnf-clean-all"),
        alias(Tool::Semgrep, "missing-zypper-clean"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const RPM_TOOLS: &[Cmd] = &[Cmd::Yum, Cmd::Dnf, Cmd::Microdnf, Cmd::Tdnf];
const RPM_CACHES: &[&str] = &[
    "/var/cache/yum",
    "/var/cache/dnf",
    "/var/cache/libdnf5",
    "/var/cache/tdnf",
];
const ZYPPER_CACHES: &[&str] = &["/var/cache/zypp"];

fn check(context: &Context, out: &mut Diagnostics) {
    for run in context.runs() {
        if !in_final_image(context, run.instruction) {
            continue;
        }
        if let Some(last) = last_download(run, RPM_TOOLS) {
            let cleaned = run.cleans_after(context, RPM_CACHES, Some(last))
                || run.commands[last + 1..].iter().any(|command| {
                    command.tool.as_ref().is_some_and(|recognized| {
                        RPM_TOOLS.contains(&recognized.tool)
                            && subcommand_in(recognized, &["clean"])
                            && recognized
                                .operands
                                .iter()
                                .any(|operand| operand.value == "all")
                    })
                });
            if !cleaned {
                report(context, out, run, last, "clean all");
            }
        }
        if let Some(last) = last_download(run, &[Cmd::Zypper]) {
            let cleaned = run.cleans_after(context, ZYPPER_CACHES, Some(last))
                || run.commands[last + 1..].iter().any(|command| {
                    command.tool.as_ref().is_some_and(|recognized| {
                        recognized.tool == Cmd::Zypper
                            && subcommand_in(recognized, &["clean", "cc"])
                    })
                });
            if !cleaned {
                report(context, out, run, last, "clean --all");
            }
        }
    }
}

/// Sub-commands that download packages into the cache besides installs.
const DOWNLOADING: &[&str] = &[
    "update",
    "up",
    "upgrade",
    "patch",
    "dup",
    "dist-upgrade",
    "distro-sync",
];

/// Whether the command fills the package cache: an install, an upgrade or
/// (zypper) a patch.
fn downloads(recognized: &Recognized) -> bool {
    recognized.installs || subcommand_in(recognized, DOWNLOADING)
}

/// The position in the RUN of the last command of `tools` that fills the
/// cache: a clean must come after it.
fn last_download(run: &Run, tools: &[Cmd]) -> Option<usize> {
    run.commands.iter().rposition(|command| {
        command
            .tool
            .as_ref()
            .is_some_and(|recognized| tools.contains(&recognized.tool) && downloads(recognized))
    })
}

/// Reports the last download of the RUN (at `position`), with the clean
/// command to append.
fn report(context: &Context, out: &mut Diagnostics, run: &Run, position: usize, clean: &str) {
    let command = &run.commands[position];
    let Some(recognized) = command.tool.as_ref() else {
        return;
    };
    let program = basename(&command.command.words[recognized.program].value);
    let sub = recognized
        .subcommand
        .as_ref()
        .map_or("", |sub| sub.value.as_str());
    let cache = match recognized.tool {
        Cmd::Yum | Cmd::Microdnf => "/var/cache/yum",
        Cmd::Tdnf => "/var/cache/tdnf",
        Cmd::Zypper => "/var/cache/zypp",
        _ => "/var/cache/dnf",
    };
    let clean = format!("{program} {clean}");
    let diagnostic = out.report(
        command.name_span(context, recognized),
        crate::text!(
            format!("`{program} {sub}` leaves repository metadata and downloaded packages in `{cache}` in this layer; run `{clean}` at the end of the same RUN"),
            format!("`{program} {sub}` がリポジトリのメタデータとダウンロードしたパッケージを `{cache}` としてこのレイヤーに残します。同じ RUN の最後で `{clean}` を実行してください"),
        ),
    );
    if let Some(edit) = append_to_run(context, run.instruction, &clean) {
        diagnostic.with_fix(Fix::needs_review(
            crate::text!(
                format!("Append `&& {clean}` to the RUN"),
                format!("RUN の最後に `&& {clean}` を追加"),
            ),
            vec![edit],
        ));
    }
}

const DOCS_EN: &str = r#"
# yum, dnf or zypper cache is left in the image

## What it checks
A RUN that installs, upgrades or patches with `yum`, `dnf`, `microdnf` or `tdnf` without
`<tool> clean all` after it in the same RUN, or with `zypper` without `zypper clean`
(`zypper cc`) after it, in the final stage or a stage it is built `FROM`. A clean that runs
before the last install leaves that install's cache behind. Removing the cache directory
(`/var/cache/yum`, `/var/cache/dnf`, `/var/cache/zypp`) in the same RUN, or a cache or tmpfs
mount on it, is accepted.

## Why it is risky
These package managers keep the repository metadata, and often the downloaded packages, in
`/var/cache`. On Red Hat and SUSE images that is easily a hundred megabytes that the
application never uses but every copy of the image carries. Cleaning in a later RUN does not
shrink the earlier layer. The image security guide's checklist asks to remove what is not
needed ("不要なパッケージを削除").

## Example
```dockerfile
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3
```

## Use instead
```dockerfile
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3 && dnf clean all
```

## Fix
Append `&& dnf clean all` (or `yum clean all`, `microdnf clean all`, `zypper clean --all`)
to the RUN that installs. The automatic fix does it when the RUN is plain shell text; review
it, since a later RUN that installs will download the metadata again.

## When it is acceptable
Builder stages that are only copied from (`COPY --from`): their layers are not part of the
image, so they are not checked.

## References
- [dnf clean](https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# yum、dnf、zypper のキャッシュがイメージに残っている

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージで、`yum`、`dnf`、`microdnf`、
`tdnf` でインストール・アップグレード・パッチ適用をするのに同じ RUN のその後に
`<ツール> clean all` がないもの、`zypper` で同様の操作をするのにその後に `zypper clean`
（`zypper cc`）がないものを検出します。最後のインストールより前にクリーンしても、その
インストールのキャッシュは残ります。同じ RUN でのキャッシュディレクトリ
（`/var/cache/yum`、`/var/cache/dnf`、`/var/cache/zypp`）の削除や、そこへのキャッシュ
マウント・tmpfs マウントは問題なしとみなします。

## なぜ危険か
これらのパッケージマネージャーは、リポジトリのメタデータと、多くの場合ダウンロードした
パッケージも `/var/cache` に残します。Red Hat 系や SUSE 系のイメージでは 100MB 程度に
なることも珍しくなく、アプリケーションは使わないのにイメージのすべてのコピーに含まれます。
後の RUN で削除しても前のレイヤーは小さくなりません。イメージセキュリティガイドの
チェックリストは不要なものの削除（「不要なパッケージを削除」）を求めています。

## 問題のある例
```dockerfile
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3
```

## 代わりに
```dockerfile
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3 && dnf clean all
```

## 修正方法
インストールする RUN の最後に `&& dnf clean all`（または `yum clean all`、
`microdnf clean all`、`zypper clean --all`）を追加します。RUN が通常のシェル形式なら
自動修正がこの変更を行います。後の RUN でインストールするとメタデータを再取得することに
なるため、変更は確認してください。

## 許容される場合
`COPY --from` でコピー元になるだけのビルダーステージです。そのレイヤーはイメージに
含まれないため、チェックしません。

## 参考資料
- [dnf clean](https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command)
- [Docker ドキュメント: キャッシュマウント](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
