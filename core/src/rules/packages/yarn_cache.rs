use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Recognized, Tool as Cmd};

use super::{append_to_run, in_final_image, mounted, subcommand_in, Run};

pub const RULE: Rule = Rule {
    code: "PL313",
    name: "yarn-cache-not-cleaned",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[alias(Tool::Hadolint, "DL3060")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const CLEAN: &str = "yarn cache clean";

fn check(context: &Context, out: &mut Diagnostics) {
    for run in context.runs() {
        if !in_final_image(context, run.instruction) || cleans_yarn_cache(context, run) {
            continue;
        }
        let Some((command, recognized)) = run
            .using(&[Cmd::Yarn])
            .find(|(_, recognized)| installs(recognized))
        else {
            continue;
        };
        let program = basename(&command.command.words[recognized.program].value);
        let shown = match &recognized.subcommand {
            Some(sub) => format!("{program} {}", sub.value),
            None => program.to_string(),
        };
        let diagnostic = out.report(
            command.name_span(context, recognized),
            crate::text!(
                format!("`{shown}` keeps a copy of every package in yarn's cache in this layer, next to the installed `node_modules`; run `{CLEAN}` in the same RUN"),
                format!("`{shown}` はすべてのパッケージのコピーを yarn のキャッシュとしてこのレイヤーに残します（`node_modules` とは別に）。同じ RUN で `{CLEAN}` を実行してください"),
            ),
        );
        if let Some(edit) = append_to_run(context, run.instruction, CLEAN) {
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    format!("Append `&& {CLEAN}` to the RUN"),
                    format!("RUN の最後に `&& {CLEAN}` を追加"),
                ),
                vec![edit],
            ));
        }
    }
}

/// `yarn`, `yarn install`, `yarn add x`, `yarn global add x` (not `yarn --version`).
fn installs(recognized: &Recognized) -> bool {
    match &recognized.subcommand {
        Some(_) => subcommand_in(recognized, &["install", "add", "global add"]),
        None => !recognized.has_flag(&['v', 'h'], &["--version", "--help"]),
    }
}

/// `yarn cache clean`, removing a yarn cache directory, or a cache or tmpfs
/// mount on one.
fn cleans_yarn_cache(context: &Context, run: &Run) -> bool {
    let is_yarn_cache =
        |path: &str| path.contains("yarn") || path.trim_end_matches('/').ends_with("/.cache");
    let cleaned = run.using(&[Cmd::Yarn]).any(|(_, recognized)| {
        subcommand_in(recognized, &["cache"])
            && recognized
                .operands
                .first()
                .is_some_and(|operand| operand.value == "clean")
    });
    let removed = run.commands.iter().any(|command| {
        command.command.name().map(basename) == Some("rm")
            && command
                .command
                .args()
                .iter()
                .any(|word| is_yarn_cache(&word.value))
    });
    cleaned || removed || mounted(context, run.instruction, is_yarn_cache)
}

const DOCS_EN: &str = r#"
# yarn keeps its package cache in the image

## What it checks
`yarn`, `yarn install`, `yarn add` and `yarn global add` in a RUN without `yarn cache clean`,
in the final stage or a stage it is built `FROM`. Removing yarn's cache directory in the same RUN, or a
cache or tmpfs mount on it, is accepted.

## Why it is risky
yarn keeps a compressed copy of every package it installs in its global cache
(`/usr/local/share/.cache/yarn` for root with yarn 1). In an image the cache is never used
again but doubles the space taken by the dependencies in every copy of the image. The image
security guide's checklist asks to remove what is not needed ("不要なパッケージを削除").

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
```

## Use instead
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean
```

```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn \
    yarn install --frozen-lockfile --production
```

## Fix
Append `&& yarn cache clean` to the RUN (the automatic fix does it when the RUN is plain shell
text), or use a BuildKit cache mount on yarn's cache directory, which also speeds up the next
build.

## When it is acceptable
Builder stages that are only copied from (`COPY --from`): their layers are not part of the
image, so they are not checked.

## References
- [yarn cache](https://classic.yarnpkg.com/en/docs/cli/cache)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#;

const DOCS_JA: &str = r#"
# yarn のパッケージキャッシュがイメージに残る

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージで、`yarn cache clean` のない RUN 内の `yarn`、
`yarn install`、`yarn add`、`yarn global add` を検出します。同じ RUN での yarn の
キャッシュディレクトリの削除や、そこへのキャッシュマウント・tmpfs マウントは問題なしと
みなします。

## なぜ危険か
yarn はインストールしたすべてのパッケージの圧縮コピーをグローバルキャッシュ（yarn 1 の
root では `/usr/local/share/.cache/yarn`）に保存します。イメージの中でこのキャッシュが
再び使われることはありませんが、依存関係が占める容量をイメージのすべてのコピーで倍に
します。イメージセキュリティガイドのチェックリストは不要なものの削除（「不要なパッケージを
削除」）を求めています。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
```

## 代わりに
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean
```

```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn \
    yarn install --frozen-lockfile --production
```

## 修正方法
RUN の最後に `&& yarn cache clean` を追加する（RUN が通常のシェル形式なら自動修正が
この変更を行います）か、yarn のキャッシュディレクトリに BuildKit のキャッシュマウントを
使います。キャッシュマウントは次回のビルドも速くします。

## 許容される場合
`COPY --from` でコピー元になるだけのビルダーステージです。そのレイヤーはイメージに
含まれないため、チェックしません。

## 参考資料
- [yarn cache](https://classic.yarnpkg.com/en/docs/cli/cache)
- [Docker ドキュメント: キャッシュマウント](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#;
