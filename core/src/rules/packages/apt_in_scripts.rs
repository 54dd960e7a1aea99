use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::Tool as Cmd;

use super::message;

pub const RULE: Rule = Rule {
    code: "PL309",
    name: "apt-instead-of-apt-get",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3027"),
        alias(Tool::Checkov, "CKV_DOCKER_9"),
        alias(Tool::Kics, "Run Using apt"),
        alias(Tool::Semgrep, "prefer-apt-get"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Sub-commands that `apt-get` has with the same meaning. (`apt upgrade`
/// also installs new dependencies, which `apt-get upgrade` holds back.)
const SAME_IN_APT_GET: &[&str] = &[
    "install",
    "update",
    "remove",
    "purge",
    "autoremove",
    "dist-upgrade",
    "clean",
    "autoclean",
    "build-dep",
    "source",
    "download",
    "satisfy",
];

fn check(context: &Context, out: &mut Diagnostics) {
    for run in context.runs() {
        for (command, recognized) in run.using(&[Cmd::Apt]) {
            let sub = recognized
                .subcommand
                .as_ref()
                .map_or("", |sub| sub.value.as_str());
            let replacement = match sub {
                "list" | "search" | "show" | "policy" | "depends" | "rdepends" => {
                    "`apt-cache` or `dpkg-query`"
                }
                _ => "`apt-get`",
            };
            let replacement_ja = replacement.replace(" or ", " か ");
            let diagnostic = out.report(
                command.word_span(context, recognized.program),
                message(
                    context,
                    run.instruction,
                    format!("`apt {sub}` is meant for people at a terminal: its command line and output may change between releases and it warns that it has no stable interface for scripts; use {replacement}"),
                    format!("`apt {sub}` は端末で人が使うためのコマンドで、コマンドラインや出力がリリース間で変わることがあり、スクリプト向けの安定したインターフェースがないと警告します。{replacement_ja} を使ってください"),
                ),
            );
            let program = command.exact_word_span(context, recognized.program);
            if let (true, Some(span)) = (SAME_IN_APT_GET.contains(&sub), program) {
                diagnostic.with_fix(Fix::safe(
                    crate::text!("Use `apt-get`", "`apt-get` を使用"),
                    vec![Edit::insert(span.end, "-get")],
                ));
            }
        }
    }
}

const DOCS_EN: &str = r#"
# `apt` used in a script instead of `apt-get`

## What it checks
RUN commands that call `apt` (`apt install`, `apt update`, `apt list` …).

## Why it is risky
`apt` is the interactive front end for people at a terminal. Its own manual says its command
line and output may change between versions, and it prints "WARNING: apt does not have a
stable CLI interface. Use with caution in scripts." `apt-get` and `apt-cache` keep a stable
interface for scripts. A Dockerfile that breaks when apt changes its behaviour cannot be
rebuilt on the day a security update is needed.

## Example
```dockerfile
FROM ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Use `apt-get` for install, update, remove and the like; the automatic fix renames the command
when `apt-get` has the same sub-command. Change `apt upgrade` by hand to
`apt-get upgrade --with-new-pkgs`, since plain `apt-get upgrade` holds back upgrades that need
new packages. Use `apt-cache` or `dpkg-query` for `list`, `search`,
`show`. On images that do not carry Docker's `docker-clean` apt setting, note that `apt`
deletes downloaded `.deb` files after installing and `apt-get` keeps them in
`/var/cache/apt/archives`: clean that too.

## When it is acceptable
Interactive debugging in a running container, never in a Dockerfile.

## References
- [apt(8): script usage](https://manpages.debian.org/bookworm/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS)
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
"#;

const DOCS_JA: &str = r#"
# スクリプトで `apt-get` ではなく `apt` を使っている

## チェック内容
`apt` を呼び出す RUN のコマンド（`apt install`、`apt update`、`apt list` など）を検出します。

## なぜ危険か
`apt` は端末の前にいる人のための対話的なフロントエンドです。マニュアル自身がコマンドライン
や出力はバージョン間で変わり得ると述べており、実行すると「WARNING: apt does not have a
stable CLI interface. Use with caution in scripts.」と表示します。`apt-get` と `apt-cache`
はスクリプト向けに安定したインターフェースを保っています。apt の挙動が変わったときに壊れる
Dockerfile は、セキュリティ更新が必要になったその日に再ビルドできないかもしれません。

## 問題のある例
```dockerfile
FROM ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
install、update、remove などには `apt-get` を使います。`apt-get` に同じサブコマンドが
ある場合、自動修正がコマンド名を書き換えます。`apt upgrade` は、新しいパッケージを必要と
する更新を `apt-get upgrade` が保留するため、手作業で `apt-get upgrade --with-new-pkgs`
にしてください。`list`、`search`、`show` には `apt-cache` か
`dpkg-query` を使います。Docker の `docker-clean` apt 設定を持たないイメージでは、`apt`
はインストール後にダウンロードした `.deb` を削除しますが、`apt-get` は
`/var/cache/apt/archives` に残す点に注意し、そこも削除してください。

## 許容される場合
実行中のコンテナでの対話的なデバッグだけです。Dockerfile では使いません。

## 参考資料
- [apt(8): スクリプトでの利用](https://manpages.debian.org/bookworm/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS)
- [Docker ドキュメント: apt-get のベストプラクティス](https://docs.docker.com/build/building/best-practices/#apt-get)
"#;
