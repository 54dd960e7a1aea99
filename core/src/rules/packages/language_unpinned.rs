use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Operand, Recognized, Tool as Cmd};

use super::{literal_packages, message, package_list, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL308",
    name: "language-packages-unpinned",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3013"),
        alias(Tool::Hadolint, "DL3016"),
        alias(Tool::Hadolint, "DL3028"),
        alias(Tool::Hadolint, "DL3062"),
        alias(Tool::Hadolint, "DL3068"),
        alias(Tool::Kics, "Unpinned Package Version in Pip Install"),
        alias(Tool::Kics, "NPM Install Command Without Pinned Version"),
        alias(Tool::Kics, "Gem Install Without Version"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let tools = [Cmd::Pip, Cmd::Npm, Cmd::Yarn, Cmd::Pnpm, Cmd::Gem, Cmd::Go];
    for run in context.runs() {
        for (command, recognized) in run.using(&tools) {
            if pinned_elsewhere(recognized) {
                continue;
            }
            let pinned: fn(&str) -> bool = match recognized.tool {
                Cmd::Pip => pip_pinned,
                Cmd::Gem => gem_pinned,
                Cmd::Go
                    if recognized
                        .subcommand
                        .as_ref()
                        .is_some_and(|sub| sub.value == "get") =>
                {
                    go_get_pinned
                }
                Cmd::Go => go_pinned,
                _ => npm_pinned,
            };
            let unpinned: Vec<_> = candidates(command, recognized)
                .filter(|operand| !pinned(&operand.value))
                .collect();
            let Some(first) = unpinned.first() else {
                continue;
            };
            let (names, names_ja) = package_list(&unpinned);
            let program = basename(&command.command.words[recognized.program].value);
            let sub = recognized
                .subcommand
                .as_ref()
                .map_or("", |sub| sub.value.as_str());
            let name = first.value.as_str();
            let example = match recognized.tool {
                Cmd::Pip => format!("{name}==<version>"),
                Cmd::Gem => format!("{name}:<version>"),
                Cmd::Go => format!("{}@v<version>", name.split('@').next().unwrap_or(name)),
                _ => format!("{}@<version>", npm_name(name)),
            };
            out.report(
                command.word_span(context, first.word),
                message(
                    context,
                    run.instruction,
                    format!("`{program} {sub}` installs {names} without a fixed version, so each build may get a different release, including a compromised or breaking one; pin it (`{example}`) or use a lock file"),
                    format!("`{program} {sub}` が {names_ja} を固定バージョンなしでインストールしているため、ビルドごとに別のリリース（改ざんされたものや互換性を壊すものを含む）が入り得ます。固定する（`{example}`）か、ロックファイルを使ってください"),
                ),
            );
        }
        for command in &run.commands {
            check_pecl(context, run.instruction, command, out);
        }
    }
}

/// `pecl install redis`: PHP extensions from PECL, pinned as `name-1.2.3`.
fn check_pecl(context: &Context, instruction: usize, command: &RunCommand, out: &mut Diagnostics) {
    let words = &command.command.words;
    let Some(at) = words
        .iter()
        .position(|word| !word.has_expansion && basename(&word.value) == "pecl")
    else {
        return;
    };
    // `-D 'opt="x"'`, `-R /root`, `-P /root`: options whose value is the next word.
    let takes_value = |word: &str| {
        matches!(
            word,
            "-D" | "-R" | "-P" | "--configureoptions" | "--installroot" | "--packagingroot"
        )
    };
    let args: Vec<usize> = (at + 1..words.len())
        .filter(|&index| {
            let is_option = words[index].value.starts_with('-');
            let is_option_value = index > at + 1 && takes_value(&words[index - 1].value);
            !(is_option || is_option_value)
        })
        .collect();
    let Some((&install, packages)) = args.split_first() else {
        return;
    };
    if words[install].value != "install" {
        return;
    }
    let unpinned: Vec<usize> = packages
        .iter()
        .copied()
        .filter(|&index| !words[index].has_expansion && !pecl_pinned(&words[index].value))
        .collect();
    let Some(&first) = unpinned.first() else {
        return;
    };
    let names: Vec<String> = unpinned
        .iter()
        .map(|&index| format!("`{}`", words[index].value))
        .collect();
    let names = names.join(", ");
    let name = pecl_name(&words[first].value);
    let example = format!("{name}-<version>");
    out.report(
        command.word_span(context, first),
        message(
            context,
            instruction,
            format!("`pecl install` installs {names} without a fixed version, so each build may get a different release, including a compromised or breaking one; pin it (`{example}`)"),
            format!("`pecl install` が {names} を固定バージョンなしでインストールしているため、ビルドごとに別のリリース（改ざんされたものや互換性を壊すものを含む）が入り得ます。固定してください（`{example}`）"),
        ),
    );
}

/// `redis-6.1.0`, `pecl.php.net/redis-6.1.0`, `channel://pecl.php.net/redis-6`,
/// a release archive, a `package.xml` or a URL. A stability such as
/// `redis-beta` moves, so it is not a pin.
fn pecl_pinned(package: &str) -> bool {
    if package.starts_with("http://") || package.starts_with("https://") {
        return true;
    }
    if [".tgz", ".tar", ".tar.gz", ".tar.bz2", ".zip", ".xml"]
        .iter()
        .any(|ext| package.ends_with(ext))
    {
        return true;
    }
    pecl_name_version(package)
        .1
        .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
}

/// The package name of a pecl argument, without channel and version.
fn pecl_name(package: &str) -> &str {
    pecl_name_version(package).0
}

/// `channel://pecl.php.net/redis-6.1.0` → (`redis`, `6.1.0`).
fn pecl_name_version(package: &str) -> (&str, Option<&str>) {
    let without_scheme = package.split_once("://").map_or(package, |(_, rest)| rest);
    let tail = without_scheme.rsplit('/').next().unwrap_or(without_scheme);
    match tail.rsplit_once('-') {
        Some((name, version)) if !name.is_empty() => (name, Some(version)),
        _ => (tail, None),
    }
}

/// Versions fixed for the whole command: pip constraints or a local index,
/// gem's `-v`; of Go, `go install`, `go get` and `go run` are checked.
fn pinned_elsewhere(recognized: &Recognized) -> bool {
    match recognized.tool {
        Cmd::Pip => recognized.has_flag(&['c'], &["--constraint", "--no-index"]),
        Cmd::Gem => recognized.has_flag(&['v'], &["--version"]),
        Cmd::Go => recognized
            .subcommand
            .as_ref()
            .is_none_or(|sub| !matches!(sub.value.as_str(), "install" | "get" | "run")),
        _ => false,
    }
}

/// The operands that name packages, written literally. `go run` takes one
/// package, then the program's own arguments; `gem install` passes what
/// follows `--` to the gem's build, and a `true`/`false` after an option is
/// that option's value.
fn candidates<'r>(
    command: &'r RunCommand,
    recognized: &'r Recognized,
) -> Box<dyn Iterator<Item = &'r Operand> + 'r> {
    let words = &command.command.words;
    match recognized.tool {
        Cmd::Go
            if recognized
                .subcommand
                .as_ref()
                .is_some_and(|sub| sub.value == "run") =>
        {
            Box::new(
                recognized
                    .operands
                    .first()
                    .filter(|operand| !words[operand.word].has_expansion)
                    .into_iter(),
            )
        }
        Cmd::Gem => {
            let end = words
                .iter()
                .enumerate()
                .skip(recognized.program + 1)
                .find(|(_, word)| word.value == "--")
                .map_or(words.len(), |(index, _)| index);
            Box::new(
                literal_packages(command, recognized).filter(move |operand| {
                    let is_flag_value = matches!(operand.value.as_str(), "true" | "false")
                        && operand.word > 0
                        && words[operand.word - 1].value.starts_with('-');
                    operand.word < end && !is_flag_value
                }),
            )
        }
        _ => Box::new(literal_packages(command, recognized)),
    }
}

/// A path, an archive or a URL rather than a package name.
fn is_local_or_url(package: &str) -> bool {
    package.starts_with(['.', '/', '~'])
        || package.starts_with("file:")
        || [
            ".whl", ".tar", ".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".gem",
        ]
        .iter()
        .any(|ext| package.ends_with(ext))
}

/// `name==1.0`, `name>=1,<2`, `name @ https://…`; VCS URLs need `@ref`.
fn pip_pinned(package: &str) -> bool {
    if ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|vcs| package.starts_with(vcs))
    {
        return package
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('@'));
    }
    is_local_or_url(package)
        || package.contains("://")
        || package.contains(['=', '<', '>', '@', '/'])
}

/// `name@1.2.3`, `@scope/name@^1`, git refs with `#`; dist-tags such as
/// `@latest` move, so they are not versions.
fn npm_pinned(package: &str) -> bool {
    if is_local_or_url(package) {
        return true;
    }
    let is_git = ["git+", "git://", "git@", "github:", "gitlab:", "bitbucket:"]
        .iter()
        .any(|prefix| package.starts_with(prefix))
        || (!package.starts_with('@') && package.contains('/') && !package.contains("://"));
    if is_git {
        return package.contains('#');
    }
    if package.contains("://") {
        return true;
    }
    let name = npm_name(package);
    let Some(version) = package[name.len()..].strip_prefix('@') else {
        return false;
    };
    let semver = version.strip_prefix('v').unwrap_or(version);
    semver.starts_with(|c: char| c.is_ascii_digit() || "^~<>=".contains(c))
        || version.starts_with("npm:")
}

/// The package name of an npm spec: `@scope/name` or `name`, without `@version`.
fn npm_name(package: &str) -> &str {
    let search_from = usize::from(package.starts_with('@'));
    match package[search_from..].find('@') {
        Some(at) => &package[..search_from + at],
        None => package,
    }
}

/// `name:1.2` or a local `.gem` file.
fn gem_pinned(package: &str) -> bool {
    is_local_or_url(package) || package.contains(':')
}

/// `module/cmd@v1.2.3` or a commit; `@latest` and branch names move. Without
/// `@`, module-aware `go install` and `go run` build the version that `go.mod`
/// requires (or refuse to run outside a module), so it is pinned there; `go
/// get` without `@` upgrades to the newest release, unless it names a local
/// package (`./...`).
fn go_pinned(package: &str) -> bool {
    let Some((_, version)) = package.rsplit_once('@') else {
        return true;
    };
    let is_semver =
        version.starts_with('v') && version[1..].starts_with(|c: char| c.is_ascii_digit());
    let is_commit = version.len() >= 7 && version.chars().all(|c| c.is_ascii_hexdigit());
    is_semver || is_commit
}

/// `go get module@v1.2.3`, or a package of the local module (`./...`).
fn go_get_pinned(package: &str) -> bool {
    if package.contains('@') {
        go_pinned(package)
    } else {
        package.starts_with(['.', '/'])
    }
}

const DOCS_EN: &str = r#"
# Language packages installed without a version

## What it checks
Packages installed by name without a version:

- `pip install name` (not `name==1.2`, `name>=1.2,<2`, a requirements or constraints file,
  a local path or wheel, or a VCS URL with `@ref`);
- `npm install name`, `yarn add name`, `pnpm add name` (not `name@1.2.3` or a range such as
  `name@^1.2`; a dist-tag such as `@latest` or `@next` moves, so it counts as unpinned; git
  URLs need `#ref`; plain `npm install` and `npm ci` from a lock file are fine);
- `gem install name` (not `-v 1.2` or `name:1.2`; what follows `--` goes to the gem's build);
- `go install module/cmd@latest` or `@<branch>`, the same in `go run`, and `go get module`
  without a version (not `@v1.2.3` or a commit). Unlike some linters, `go install` and
  `go run` without `@` are not reported: module-aware Go then builds the version that
  `go.mod` requires, and refuses to run outside a module. `go get` without `@` upgrades to
  the newest release, so it is reported unless it names a local package (`./...`);
- `pecl install name` (not `name-1.2.3`, also behind a channel such as `pecl.php.net/`, nor a
  release archive, a `package.xml` or a URL; a stability such as `name-beta` moves, so it
  counts as unpinned).

Packages named through a variable are not checked.

## Why it is risky
Public registries publish new releases at any time, and some releases are malicious: hijacked
maintainer accounts and typo-squatted packages have shipped credential stealers through
`pip`, `npm` and `gem`. An unpinned install takes whatever is newest on the day of the build,
so a build can pull in such a release or a breaking change without any change in your
repository. Pinned versions are reviewed once and change only when you decide, which is also
what vulnerability scanning needs to stay meaningful.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask gunicorn
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

```dockerfile
FROM node:20-alpine
RUN npm install -g pnpm@9.12.0
```

## Fix
Pin each package (`flask==3.0.3`, `pnpm@9.12.0`, `gem install rails -v 7.1.3`,
`go install golang.org/x/tools/cmd/goimports@v0.24.0`, `pecl install redis-6.1.0`), or better, install from a lock file
(`requirements.txt` with hashes and `--require-hashes`, `package-lock.json` with `npm ci`,
`Gemfile.lock` with `bundle install`).

## When it is acceptable
Throw-away images, or tools whose newest release you deliberately want and whose output does
not reach the final image.

## References
- [pip: repeatable installs](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
- [npm ci](https://docs.npmjs.com/cli/commands/npm-ci)
- [go install](https://go.dev/ref/mod#go-install)
- CWE-1357: Reliance on Insufficiently Trustworthy Component
"#;

const DOCS_JA: &str = r#"
# 言語パッケージをバージョン指定なしでインストールしている

## チェック内容
バージョンを指定せず名前だけでインストールしているパッケージを検出します。

- `pip install name`（`name==1.2`、`name>=1.2,<2`、requirements ファイルや制約ファイル、
  ローカルのパスや wheel、`@ref` 付きの VCS URL は問題なし）
- `npm install name`、`yarn add name`、`pnpm add name`（`name@1.2.3` や `name@^1.2` のような
  範囲指定は問題なし。`@latest` や `@next` などの dist-tag は移動するため固定していない
  ものとして扱います。git URL には `#ref` が必要です。ロックファイルからの `npm install`
  や `npm ci` は問題なし）
- `gem install name`（`-v 1.2` や `name:1.2` は問題なし。`--` より後ろは gem のビルドに
  渡される引数です）
- `go install module/cmd@latest` や `@<ブランチ>`、`go run` での同様の指定、およびバージョン
  なしの `go get module`（`@v1.2.3` やコミット指定は問題なし）。一部のリンターと違い、`@` の
  ない `go install` と `go run` は検出しません。モジュール対応の Go はその場合 `go.mod` が
  要求するバージョンをビルドし、モジュールの外では実行を拒否するためです。`@` のない
  `go get` は最新リリースに更新するため、ローカルのパッケージ（`./...`）を指す場合を除き
  検出します。
- `pecl install name`（`name-1.2.3` は、`pecl.php.net/` などのチャンネル付きでも問題なし。
  リリースアーカイブ、`package.xml`、URL も問題なし。`name-beta` のような安定度の指定は
  移動するため固定していないものとして扱います）

変数で指定したパッケージはチェックしません。

## なぜ危険か
公開レジストリにはいつでも新しいリリースが公開され、その中には悪意のあるものもあります。
メンテナーのアカウント乗っ取りやタイポスクワッティングによって、`pip`、`npm`、`gem` 経由で
認証情報を盗むコードが配布されたことがあります。固定していないインストールはビルド当日の
最新版を取り込むため、リポジトリを何も変えていなくても、そうしたリリースや互換性を壊す変更が
入り得ます。固定したバージョンは一度レビューすれば、自分で決めたときにしか変わりません。
これは脆弱性スキャンの結果を意味のあるものに保つためにも必要です。

## 問題のある例
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask gunicorn
```

## 代わりに
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

```dockerfile
FROM node:20-alpine
RUN npm install -g pnpm@9.12.0
```

## 修正方法
各パッケージを固定する（`flask==3.0.3`、`pnpm@9.12.0`、`gem install rails -v 7.1.3`、
`go install golang.org/x/tools/cmd/goimports@v0.24.0`、`pecl install redis-6.1.0`）か、より良い方法としてロックファイル
からインストールします（ハッシュ付き `requirements.txt` と `--require-hashes`、
`package-lock.json` と `npm ci`、`Gemfile.lock` と `bundle install`）。

## 許容される場合
使い捨てのイメージや、意図的に最新リリースを使いたいツールで、その出力が最終イメージに
含まれない場合です。

## 参考資料
- [pip: 再現可能なインストール](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
- [npm ci](https://docs.npmjs.com/cli/commands/npm-ci)
- [go install](https://go.dev/ref/mod#go-install)
- CWE-1357: Reliance on Insufficiently Trustworthy Component
"#;
