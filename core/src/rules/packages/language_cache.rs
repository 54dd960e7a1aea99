use std::collections::HashMap;

use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::SimpleCommand;

use super::{append_to_run, in_final_image, mounted, Run};

pub const RULE: Rule = Rule {
    code: "PL315",
    name: "language-cache-kept",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3068"),
        alias(Tool::Hadolint, "DL3069"),
        alias(Tool::Hadolint, "DL3070"),
        alias(Tool::Hadolint, "DL3071"),
        alias(Tool::Hadolint, "DL3072"),
        alias(Tool::Hadolint, "DL3073"),
        alias(Tool::Hadolint, "DL3074"),
        alias(Tool::Hadolint, "DL3075"),
        alias(Tool::Hadolint, "DL3076"),
        alias(Tool::Hadolint, "DL3077"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// A package manager or build tool that keeps a download cache in the
/// user's home (or another fixed place) when it fetches dependencies.
struct Manager {
    /// Program names (by base name).
    programs: &'static [&'static str],
    /// Sub-commands that fetch dependencies (any argument); empty: any run.
    fetches: &'static [&'static str],
    /// Where the cache is, for root, as the message shows it.
    cache: &'static str,
    /// The same in Japanese, when it is more than a path.
    cache_ja: Option<&'static str>,
    /// The cache mount to suggest.
    mount: &'static str,
    /// A mount target or removed path containing one of these covers the cache.
    markers: &'static [&'static str],
    /// The command that empties the cache, when there is one.
    clean: Option<&'static str>,
    /// Arguments that mean the cache was emptied or never written.
    cleaned_by: &'static [&'static [&'static str]],
    /// The cache is where later commands read the fetched packages from
    /// (Go's module cache, NuGet's global packages), not only a copy of
    /// downloads.
    cache_is_store: bool,
}

const MANAGERS: &[Manager] = &[
    Manager {
        programs: &["npm"],
        fetches: &["install", "i", "ci", "install-ci-test", "it"],
        cache: "`~/.npm`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.npm",
        markers: &[".npm"],
        clean: Some("npm cache clean --force"),
        cleaned_by: &[&["npm", "cache", "clean"]],
        cache_is_store: false,
    },
    Manager {
        programs: &["pnpm"],
        fetches: &["install", "i", "add", "fetch"],
        cache: "`~/.local/share/pnpm/store`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.local/share/pnpm/store",
        markers: &["pnpm"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
    Manager {
        programs: &["cargo"],
        fetches: &["build", "install", "fetch", "test", "check", "clippy"],
        cache: "`$CARGO_HOME/registry`, `~/.cargo/registry` by default",
        cache_ja: Some("`$CARGO_HOME/registry`。既定では `~/.cargo/registry`"),
        mount: "--mount=type=cache,target=/root/.cargo/registry",
        markers: &[".cargo", "cargo/registry", "cargo/git"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
    Manager {
        programs: &["go"],
        fetches: &["build", "get", "install", "test", "mod"],
        cache: "`/root/.cache/go-build` and `/go/pkg/mod`",
        cache_ja: Some("`/root/.cache/go-build` と `/go/pkg/mod`"),
        mount: "--mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod",
        markers: &["go-build", "pkg/mod"],
        clean: Some("go clean -cache -modcache"),
        cleaned_by: &[&["go", "clean", "-modcache"], &["go", "clean", "-cache"]],
        cache_is_store: true,
    },
    Manager {
        programs: &["mvn", "mvnw"],
        fetches: &[
            "install",
            "compile",
            "package",
            "test",
            "verify",
            "deploy",
            "dependency:resolve",
            "dependency:go-offline",
        ],
        cache: "`~/.m2/repository`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.m2",
        markers: &[".m2"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
    Manager {
        programs: &["gradle", "gradlew"],
        fetches: &[],
        cache: "`~/.gradle`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.gradle",
        markers: &[".gradle"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
    Manager {
        programs: &["composer"],
        fetches: &["install", "update", "require"],
        cache: "`~/.composer/cache`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.composer/cache",
        markers: &["composer"],
        clean: Some("composer clear-cache"),
        cleaned_by: &[
            &["composer", "clear-cache"],
            &["composer", "clearcache"],
            &["composer", "cc"],
            &["composer", "--no-cache"],
        ],
        cache_is_store: false,
    },
    Manager {
        programs: &["dotnet"],
        fetches: &["restore", "build", "publish", "test"],
        cache: "`~/.nuget/packages`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.nuget/packages",
        markers: &[".nuget"],
        clean: Some("dotnet nuget locals all --clear"),
        cleaned_by: &[&["dotnet", "nuget", "locals", "--clear"]],
        cache_is_store: true,
    },
    Manager {
        programs: &["nuget"],
        fetches: &["restore"],
        cache: "`~/.nuget/packages`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.nuget/packages",
        markers: &[".nuget"],
        clean: Some("nuget locals all -clear"),
        cleaned_by: &[&["nuget", "locals", "-clear"]],
        cache_is_store: true,
    },
    Manager {
        programs: &["mix"],
        fetches: &["deps.get", "deps.compile", "compile"],
        cache: "`~/.hex`",
        cache_ja: None,
        mount: "--mount=type=cache,target=/root/.hex",
        markers: &[".hex", ".mix"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
    Manager {
        programs: &["gem"],
        fetches: &["install"],
        cache: "the gem home's `cache` directory, `/usr/local/bundle/cache` in the official Ruby images",
        cache_ja: Some("gem ホームの `cache` ディレクトリ。公式の Ruby イメージでは `/usr/local/bundle/cache`"),
        mount: "--mount=type=cache,target=/usr/local/bundle/cache",
        markers: &[".gem", "bundle"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
    Manager {
        programs: &["bundle", "bundler"],
        fetches: &["install", "update"],
        cache: "the gem home's `cache` directory, `/usr/local/bundle/cache` in the official Ruby images",
        cache_ja: Some("gem ホームの `cache` ディレクトリ。公式の Ruby イメージでは `/usr/local/bundle/cache`"),
        mount: "--mount=type=cache,target=/usr/local/bundle/cache",
        markers: &[".gem", "bundle"],
        clean: None,
        cleaned_by: &[],
        cache_is_store: false,
    },
];

fn check(context: &Context, out: &mut Diagnostics) {
    let runs = context.runs();
    // Per manager whose cache is a store, when first asked: the last RUN of
    // each stage that uses it.
    let mut last_uses: Option<Vec<HashMap<Option<usize>, usize>>> = None;
    for run in runs {
        if !in_final_image(context, run.instruction) {
            continue;
        }
        // Per manager, the first command of the RUN that fetches with it:
        // each command's words are read once for all the managers.
        let mut first: [Option<Fetch>; MANAGERS.len()] = [const { None }; MANAGERS.len()];
        for command in &run.commands {
            for (which, program) in program_words(command.command) {
                if first[which].is_none() {
                    first[which] =
                        fetch_word(command.command, &MANAGERS[which], program).map(|fetch| Fetch {
                            command,
                            program,
                            fetch,
                        });
                }
            }
        }
        for (which, found) in first.iter().enumerate() {
            let Some(found) = found else {
                continue;
            };
            let manager = &MANAGERS[which];
            if keeps_no_cache(context, run, manager) {
                continue;
            }
            // A later RUN of the stage that runs the manager again builds
            // from what this one fetched (`go get`, then `go build` reads the
            // module cache): emptying the cache here is no one-click fix.
            let used_later = manager.cache_is_store && {
                let last_uses = last_uses.get_or_insert_with(|| last_use_by_stage(context, runs));
                last_uses[which]
                    .get(&context.stage_of(run.instruction))
                    .is_some_and(|&last| last > run.instruction)
            };
            report(context, out, run, found, manager, !used_later);
        }
    }
}

/// Per manager, the last RUN of each stage with a command of it: whether a
/// later RUN of the stage uses the manager's store is one comparison with
/// it, not a search through every RUN after each one.
fn last_use_by_stage(context: &Context, runs: &[Run]) -> Vec<HashMap<Option<usize>, usize>> {
    let mut last = vec![HashMap::new(); MANAGERS.len()];
    for run in runs {
        for command in &run.commands {
            for (which, _) in program_words(command.command) {
                last[which].insert(context.stage_of(run.instruction), run.instruction);
            }
        }
    }
    last
}

/// The fetching sub-command word of a command that runs a manager from word
/// `program` (`npm ci`, `./gradlew build`, `sudo cargo install ripgrep`):
/// the program itself for managers that always fetch.
fn fetch_word(command: &SimpleCommand, manager: &Manager, program: usize) -> Option<usize> {
    if manager.fetches.is_empty() {
        return Some(program);
    }
    let fetch = command.words[program + 1..]
        .iter()
        .position(|word| manager.fetches.contains(&word.value.as_str()))?;
    Some(program + 1 + fetch)
}

/// The managers a command runs, each with the word that runs it: the
/// manager's first program word, when only sudo/env-style wrappers and
/// options come before it. One pass over the words serves every manager:
/// past the first word that is neither, no manager can follow.
fn program_words(command: &SimpleCommand) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut seen = [false; MANAGERS.len()];
    for (position, word) in command.words.iter().enumerate() {
        if !word.has_expansion {
            let name = basename(&word.value);
            for (which, manager) in MANAGERS.iter().enumerate() {
                if !seen[which] && manager.programs.contains(&name) {
                    seen[which] = true;
                    found.push((which, position));
                }
            }
        }
        if !(is_wrapper(&word.value) || word.value.starts_with('-')) {
            break;
        }
    }
    found
}

/// A command that fetches with a manager: its program and sub-command words.
struct Fetch<'c, 'a> {
    command: &'c super::RunCommand<'a>,
    program: usize,
    fetch: usize,
}

fn is_wrapper(word: &str) -> bool {
    matches!(
        basename(word),
        "sudo" | "doas" | "env" | "exec" | "time" | "nice"
    ) || word.contains('=')
}

/// A cache or tmpfs mount on the cache, the cache removed in the same RUN,
/// or the manager's own clean command.
fn keeps_no_cache(context: &Context, run: &Run, manager: &Manager) -> bool {
    // A mount target only has to mention the cache (`/home/node/.npm`).
    let mounts_cache = |path: &str| manager.markers.iter().any(|marker| path.contains(marker));
    if mounted(context, run.instruction, mounts_cache) {
        return true;
    }
    run.commands.iter().any(|command| {
        let words: Vec<&str> = command
            .command
            .words
            .iter()
            .map(|word| word.value.as_str())
            .collect();
        let removes = words.first().is_some_and(|name| basename(name) == "rm")
            && words[1..]
                .iter()
                .any(|word| !word.starts_with('-') && removes_cache(word, manager));
        removes
            || manager.cleaned_by.iter().any(|needed| {
                words
                    .first()
                    .is_some_and(|name| basename(name) == needed[0])
                    && needed[1..].iter().all(|arg| words.contains(arg))
            })
    })
}

/// Whether `rm` of `path` removes the cache: a marker as a whole path
/// component (`/root/.npm`, `~/.npm/_cacache`, `~/.gradle/*`, not `.npmrc`),
/// and for gems the `cache` directory itself.
fn removes_cache(path: &str, manager: &Manager) -> bool {
    let component = |marker: &str| {
        path.match_indices(marker).any(|(at, _)| {
            let after = path[at + marker.len()..].chars().next();
            after.is_none_or(|next| next == '/' || next == '*')
        })
    };
    manager.markers.iter().any(|marker| component(marker))
        && (!manager.programs.contains(&"gem") && !manager.programs.contains(&"bundle")
            || path.contains("cache"))
}

fn report(
    context: &Context,
    out: &mut Diagnostics,
    run: &Run,
    found: &Fetch,
    manager: &Manager,
    may_clean: bool,
) {
    let Fetch {
        command,
        program,
        fetch,
    } = *found;
    let words = &command.command.words;
    let shown = if fetch == program {
        basename(&words[program].value).to_string()
    } else {
        format!("{} {}", basename(&words[program].value), words[fetch].value)
    };
    let span = command
        .word_span(context, program)
        .cover(command.word_span(context, fetch));
    let cache = manager.cache;
    let cache_ja = manager.cache_ja.unwrap_or(cache);
    let mount = manager.mount;
    let (en, ja) = match manager.clean {
        Some(clean) => (
            format!("`{shown}` leaves its download cache ({cache}) in this layer, where the image never uses it; give the RUN a cache mount (`{mount}`) or run `{clean}` in the same RUN"),
            format!("`{shown}` はダウンロードキャッシュ（{cache_ja}）をこのレイヤーに残しますが、イメージがそれを使うことはありません。RUN にキャッシュマウント（`{mount}`）を付けるか、同じ RUN で `{clean}` を実行してください"),
        ),
        None => (
            format!("`{shown}` leaves its download cache ({cache}) in this layer, where the image never uses it; give the RUN a cache mount (`{mount}`) or remove the cache in the same RUN"),
            format!("`{shown}` はダウンロードキャッシュ（{cache_ja}）をこのレイヤーに残しますが、イメージがそれを使うことはありません。RUN にキャッシュマウント（`{mount}`）を付けるか、同じ RUN でキャッシュを削除してください"),
        ),
    };
    let diagnostic = out.report(span, crate::text!(en, ja));
    let edit = manager
        .clean
        .filter(|_| may_clean)
        .and_then(|clean| append_to_run(context, run.instruction, clean).map(|edit| (clean, edit)));
    match edit {
        Some((clean, edit)) => {
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    format!("Append `&& {clean}` to the RUN (later RUNs that fetch again download everything anew)."),
                    format!("RUN の最後に `&& {clean}` を追加します（後続の RUN で再び取得する場合はすべて再ダウンロードされます）。"),
                ),
                vec![edit],
            ));
        }
        None => {
            diagnostic.with_fix(Fix::manual(crate::text!(
                format!("Add `{mount}` to the RUN (it needs BuildKit), or remove {cache} at the end of the same RUN."),
                format!("RUN に `{mount}` を追加する（BuildKit が必要です）か、同じ RUN の最後で {cache_ja} を削除してください。"),
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# A language package manager keeps its download cache in the image

## What it checks
Commands that download dependencies into a per-user cache, in a RUN of the final stage or of a
stage it is built `FROM`: `npm install`/`ci`, `pnpm install`/`add`, `cargo build`/`install`,
`go build`/`get`/`install`/`mod`, `mvn install`/`package`, `gradle` and `./gradlew`,
`composer install`/`update`/`require`, `dotnet restore`/`build`/`publish`, `nuget restore`,
`mix deps.get`/`compile`, `gem install` and `bundle install`. A RUN is fine when a cache or
tmpfs mount covers the cache directory, when it removes the directory, or when it runs the
tool's own cleanup (`npm cache clean --force`, `go clean -cache -modcache`,
`composer clear-cache`, `dotnet nuget locals all --clear`). `ONBUILD RUN` triggers are
checked too: their layers land in the images built from this one.

pip and yarn have their own rules (PL310, PL313).

## Why it is risky
These tools keep a copy of everything they download (`~/.npm`, `~/.cargo/registry`,
`/root/.cache/go-build` and `/go/pkg/mod`, `~/.m2`, `~/.gradle`, `~/.nuget/packages`, ...)
so that the next build on a developer's machine is faster. Inside an image the copy is never
used again: it only adds tens or hundreds of megabytes to every copy of the image, and more
files that scanners report and attackers can read. The image security guide's checklist asks
to remove what is not needed ("不要なパッケージを削除").

## Example
```dockerfile
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
```

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## Fix
Give the RUN a BuildKit cache mount on the cache directory: the cache stays out of the image
and also speeds up the next build. Without BuildKit, empty the cache at the end of the same
RUN (the suggested fix appends the tool's clean command where it has one). Better still,
build in a separate stage and copy only the result into the final image.

## When it is acceptable
Builder stages that are only copied from (`COPY --from`) are not checked. An image that runs
the tool again when the container starts (a development image that calls `go run` or
`dotnet run`) may want to keep the cache, and an application that loads its packages from the
cache at run time (a .NET build output run with `dotnet app.dll` outside `publish`) needs it.

## References
- [Docker docs: use cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [npm cache](https://docs.npmjs.com/cli/commands/npm-cache)
- [go clean](https://pkg.go.dev/cmd/go#hdr-Remove_object_files_and_cached_files)
"#;

const DOCS_JA: &str = r#"
# 言語のパッケージマネージャーがダウンロードキャッシュをイメージに残す

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージの RUN で、依存関係をユーザーごとの
キャッシュにダウンロードするコマンドを検出します。対象は `npm install`/`ci`、
`pnpm install`/`add`、`cargo build`/`install`、`go build`/`get`/`install`/`mod`、
`mvn install`/`package`、`gradle` と `./gradlew`、`composer install`/`update`/`require`、
`dotnet restore`/`build`/`publish`、`nuget restore`、`mix deps.get`/`compile`、
`gem install`、`bundle install` です。キャッシュディレクトリにキャッシュマウントまたは
tmpfs マウントがある場合、同じ RUN でディレクトリを削除している場合、ツール自身の
クリーンアップ（`npm cache clean --force`、`go clean -cache -modcache`、
`composer clear-cache`、`dotnet nuget locals all --clear`）を実行している場合は問題なしと
みなします。`ONBUILD RUN` のトリガーも対象です。そのレイヤーはこのイメージを土台にして
ビルドされるイメージに入るためです。

pip と yarn には専用のルール（PL310、PL313）があります。

## なぜ危険か
これらのツールは、開発者のマシンで次のビルドを速くするために、ダウンロードしたものすべての
コピー（`~/.npm`、`~/.cargo/registry`、`/root/.cache/go-build` と `/go/pkg/mod`、`~/.m2`、
`~/.gradle`、`~/.nuget/packages` など）を保存します。イメージの中ではこのコピーが再び
使われることはなく、イメージのすべてのコピーに数十〜数百 MB を加え、スキャナーが報告し
攻撃者が読めるファイルを増やすだけです。イメージセキュリティガイドのチェックリストは
不要なものの削除（「不要なパッケージを削除」）を求めています。

## 問題のある例
```dockerfile
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
```

```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## 修正方法
RUN のキャッシュディレクトリに BuildKit のキャッシュマウントを付けます。キャッシュは
イメージに入らず、次回のビルドも速くなります。BuildKit を使わない場合は、同じ RUN の最後で
キャッシュを空にします（ツールにクリーンアップのコマンドがあれば、提案する修正がそれを
RUN の最後に追加します）。さらに良いのは、別のステージでビルドして結果だけを最終イメージに
コピーすることです。

## 許容される場合
`COPY --from` でコピー元になるだけのビルダーステージはチェックしません。コンテナの起動時に
ツールを再び実行するイメージ（`go run` や `dotnet run` を呼ぶ開発用イメージ）ではキャッシュを
残したい場合があり、実行時にキャッシュからパッケージを読み込むアプリケーション（`publish`
を使わずに `dotnet app.dll` で実行する .NET のビルド出力）ではキャッシュが必要です。

## 参考資料
- [Docker ドキュメント: キャッシュマウントの使用](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- [npm cache](https://docs.npmjs.com/cli/commands/npm-cache)
- [go clean](https://pkg.go.dev/cmd/go#hdr-Remove_object_files_and_cached_files)
"#;
