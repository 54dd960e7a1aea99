use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::Tool as Cmd;

use super::{message, subcommand_in};

pub const RULE: Rule = Rule {
    code: "PL311",
    name: "dist-upgrade",
    section: Section::Packages,
    severity: Severity::Info,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3035"),
        alias(Tool::Trivy, "DS-0024"),
        alias(Tool::Dockle, "DKL-DI-0003"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for run in context.runs() {
        for (command, recognized) in run.using(&[Cmd::AptGet, Cmd::Apt, Cmd::Zypper]) {
            let distribution_wide = match recognized.tool {
                Cmd::Zypper => subcommand_in(recognized, &["dist-upgrade", "dup"]),
                _ => subcommand_in(recognized, &["dist-upgrade", "full-upgrade"]),
            };
            if !distribution_wide {
                continue;
            }
            let program = basename(&command.command.words[recognized.program].value);
            let sub = recognized
                .subcommand
                .as_ref()
                .map_or("", |sub| sub.value.as_str());
            out.report(
                command.name_span(context, recognized),
                message(
                    context,
                    run.instruction,
                    format!("`{program} {sub}` may add and remove packages to follow the distribution, so the image drifts away from its base image; prefer a newer base image, and a plain `upgrade` for security fixes"),
                    format!("`{program} {sub}` はディストリビューションに追従するためにパッケージを追加・削除することがあり、イメージがベースイメージから離れていきます。新しいベースイメージを使い、セキュリティ修正には通常の `upgrade` を使ってください"),
                ),
            );
        }
    }
}

const DOCS_EN: &str = r#"
# Distribution upgrade inside the image

## What it checks
`apt-get dist-upgrade`, `apt-get full-upgrade` (and the `apt` forms) and `zypper
dist-upgrade` (`zypper dup`). A plain `apt-get upgrade`, `apk upgrade` or `zypper update` is
not reported: upgrading installed packages is how the image security guide's troubleshooting
section fixes vulnerable packages (`RUN apk upgrade --no-cache`).

This is advice (severity info).

## Why it is risky
A distribution upgrade resolves changed dependencies by installing new packages and removing
installed ones, and with a changed repository list (or on a rolling release such as openSUSE
Tumbleweed) it moves the whole system to a new release. The image then no longer matches its
base image: what the base image's publisher tested, documents and scans is not what you run,
and the package set depends on the day of the build. The publisher's newer base image gives
the same updates, tested, and without a layer that duplicates much of the base.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get dist-upgrade -y \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get upgrade -y \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Move to a newer base image (a newer tag or digest of the same image) to pick up a new
release; keep a plain `upgrade` in the Dockerfile if you want security fixes between base
image releases.

## When it is acceptable
Rolling-release images where `zypper dup` is the documented way to update, and base images you
cannot change that are no longer updated by their publisher (migrate away from those).

## References
- [apt-get(8): dist-upgrade](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
- [Docker docs: rebuild images often](https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often)
"#;

const DOCS_JA: &str = r#"
# イメージ内でディストリビューションをアップグレードしている

## チェック内容
`apt-get dist-upgrade`、`apt-get full-upgrade`（`apt` の同じ形式を含む）と `zypper
dist-upgrade`（`zypper dup`）を検出します。通常の `apt-get upgrade`、`apk upgrade`、
`zypper update` は検出しません。インストール済みパッケージの更新は、イメージセキュリティ
ガイドのトラブルシューティングが脆弱なパッケージへの対応として示す方法です
（`RUN apk upgrade --no-cache`）。

これは助言です（重要度 info）。

## なぜ危険か
ディストリビューションのアップグレードは、依存関係の変化を解決するために新しいパッケージを
入れ、既存のパッケージを削除します。リポジトリの一覧を変えている場合（または openSUSE
Tumbleweed のようなローリングリリースでは）システム全体を新しいリリースに移します。
するとイメージはベースイメージと一致しなくなります。公開元がテストし、文書化し、スキャン
しているものと実際に動かすものが異なり、入るパッケージもビルドした日しだいになります。
公開元の新しいベースイメージを使えば、同じ更新がテスト済みの状態で、ベースの大部分を
複製するレイヤーなしに手に入ります。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get dist-upgrade -y \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get upgrade -y \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
新しいリリースを取り込むには、新しいベースイメージ（同じイメージの新しいタグまたは
ダイジェスト）に移行します。ベースイメージのリリースの合間にセキュリティ修正を入れたい
場合は、Dockerfile には通常の `upgrade` を残してください。

## 許容される場合
`zypper dup` が公式の更新手順であるローリングリリースのイメージと、公開元が更新を止めた
変更できないベースイメージ（移行を検討してください）です。

## 参考資料
- [apt-get(8): dist-upgrade](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
- [Docker ドキュメント: イメージを頻繁に再ビルドする](https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often)
"#;
