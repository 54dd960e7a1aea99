use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::Tool;

use super::{is_commit, run_commands, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL809",
    name: "git-source-unpinned",
    section: Section::SupplyChain,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Branch names that always move.
const BRANCHES: &[&str] = &[
    "main", "master", "develop", "dev", "devel", "trunk", "head", "latest", "stable", "nightly",
    "next", "edge", "unstable", "release",
];

fn check(context: &Context, out: &mut Diagnostics) {
    // A `git checkout <ref>` or `git reset --hard <ref>` pins a clone made
    // in the same RUN, or in an earlier RUN of the same stage when it works
    // in the clone's directory (`git -C <dir>`, or WORKDIR).
    let pinning_checkouts: Vec<(Option<usize>, usize, Option<String>)> = run_commands(context)
        .filter(pins_checkout)
        .map(|run| {
            let directory = checkout_directory(context, &run);
            (run.script.stage, run.script.instruction, directory)
        })
        .collect();
    let checked_out_later = |run: &RunCommand| {
        let clone = clone_directory(context, run);
        pinning_checkouts.iter().any(|(stage, at, directory)| {
            *stage == run.script.stage
                && (*at == run.script.instruction
                    || (*at > run.script.instruction && clone.is_some() && *directory == clone))
        })
    };
    for run in run_commands(context) {
        let Some(recognized) = &run.recognized else {
            continue;
        };
        let found: Vec<(usize, String)> = match recognized.tool {
            Tool::Git if subcommand(&run) == Some("clone") => {
                let branch = recognized.flag_value(&['b'], &["--branch"]);
                if branch.is_some_and(is_fixed_ref) || checked_out_later(&run) {
                    continue;
                }
                recognized
                    .operands
                    .iter()
                    .filter(|operand| is_remote(&operand.value))
                    .take(1)
                    .map(|operand| (operand.word, format!("git clone {}", operand.value)))
                    .collect()
            }
            Tool::Pip if recognized.installs => recognized
                .operands
                .iter()
                .filter(|operand| {
                    let url = operand
                        .value
                        .split_once(" @ ")
                        .map_or(operand.value.as_str(), |(_, url)| url);
                    url.starts_with("git+") && !git_url_pinned(url, '@')
                })
                .map(|operand| (operand.word, format!("pip install {}", operand.value)))
                .collect(),
            Tool::Npm | Tool::Yarn | Tool::Pnpm if recognized.installs => recognized
                .operands
                .iter()
                .filter(|operand| {
                    is_npm_git(&operand.value) && !git_url_pinned(&operand.value, '#')
                })
                .map(|operand| (operand.word, format!("{} {}", run.program(), operand.value)))
                .collect(),
            Tool::Cargo if recognized.installs => {
                let git = recognized.flag_value(&[], &["--git"]);
                let pinned = recognized.has_flag(&[], &["--rev", "--tag"]);
                match git {
                    Some(url) if !pinned => recognized
                        .options
                        .iter()
                        .filter(|option| option.name == "--git")
                        .filter_map(|option| option.value_word)
                        .map(|word| (word, format!("cargo install --git {url}")))
                        .collect(),
                    _ => Vec::new(),
                }
            }
            _ => continue,
        };
        for (word, what) in found {
            let diagnostic = out.report(
                run.word_span(context, word),
                crate::text!(
                    format!("`{what}` takes whatever the branch points to at build time, so upstream changes (or a compromised repository) flow into the image unreviewed; pin a commit (or at least a release tag)"),
                    format!("`{what}` はビルド時点でブランチが指す内容をそのまま取り込むため、上流の変更（や侵害されたリポジトリ）がレビューなしでイメージに入ります。コミット（少なくともリリースタグ）に固定してください"),
                ),
            );
            if let Some(stage) = run.script.stage {
                diagnostic.in_stage(stage);
            }
        }
    }
}

fn subcommand<'a>(run: &'a RunCommand) -> Option<&'a str> {
    run.recognized
        .as_ref()?
        .subcommand
        .as_ref()
        .map(|sub| sub.value.as_str())
}

/// The directory a `git clone` writes, absolute: its directory operand or
/// the repository's name, under the WORKDIR of its RUN.
fn clone_directory(context: &Context, run: &RunCommand) -> Option<String> {
    let recognized = run.recognized.as_ref()?;
    let mut remotes = recognized
        .operands
        .iter()
        .skip_while(|operand| !is_remote(&operand.value));
    let url = &remotes.next()?.value;
    let directory = match remotes.next() {
        Some(operand) => operand.value.clone(),
        None => {
            let name = url.trim_end_matches('/').rsplit(['/', ':']).next()?;
            name.strip_suffix(".git").unwrap_or(name).to_string()
        }
    };
    absolute(context, run, &directory)
}

/// The directory a pinning checkout works in: `git -C <dir>`, or the WORKDIR.
fn checkout_directory(context: &Context, run: &RunCommand) -> Option<String> {
    let recognized = run.recognized.as_ref()?;
    match recognized.flag_value(&['C'], &[]) {
        Some(directory) => absolute(context, run, directory),
        None => context.model.effective[run.script.instruction]
            .workdir
            .as_deref()
            .map(normalize),
    }
}

fn absolute(context: &Context, run: &RunCommand, path: &str) -> Option<String> {
    if path.contains('$') {
        return None;
    }
    if path.starts_with('/') {
        return Some(normalize(path));
    }
    let workdir = context.model.effective[run.script.instruction]
        .workdir
        .as_deref()
        .unwrap_or("/");
    Some(normalize(&format!("{workdir}/{path}")))
}

/// `/src//b/./` → `/src/b`.
fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

/// `git checkout <commit|tag>`, `git reset --hard <commit>`, `git switch --detach <commit>`.
fn pins_checkout(run: &RunCommand) -> bool {
    let Some(recognized) = &run.recognized else {
        return false;
    };
    recognized.tool == Tool::Git
        && matches!(subcommand(run), Some("checkout" | "reset" | "switch"))
        && recognized
            .operands
            .iter()
            .any(|operand| is_fixed_ref(&operand.value))
}

/// A commit id, a version tag (`v1.2.3`, `1.2`, `release-2.0.1`) or a
/// variable (an ARG that holds the ref); not a branch name.
fn is_fixed_ref(reference: &str) -> bool {
    let reference = reference.trim_start_matches("refs/tags/");
    if reference.contains('$')
        || is_commit(reference)
        || reference.len() >= 7 && reference.chars().all(|ch| ch.is_ascii_hexdigit())
    {
        return true;
    }
    let lower = reference.to_ascii_lowercase();
    !BRANCHES.contains(&lower.as_str()) && lower.chars().any(|ch| ch.is_ascii_digit())
}

/// A Git URL that names a remote repository.
fn is_remote(value: &str) -> bool {
    value.contains("://") || value.starts_with("git@") || value.contains(".git")
}

/// npm's Git dependencies: `github:user/repo`, `git+https://…`, `git://…`,
/// `https://…/repo.git`, `user/repo` (GitHub shorthand).
fn is_npm_git(value: &str) -> bool {
    const PREFIXES: &[&str] = &["github:", "gitlab:", "bitbucket:", "git+", "git://", "git@"];
    if PREFIXES.iter().any(|prefix| value.starts_with(prefix)) {
        return true;
    }
    // `name@spec`
    let spec = value
        .split_once('@')
        .filter(|(name, _)| !name.is_empty() && !name.contains('/'))
        .map_or(value, |(_, spec)| spec);
    PREFIXES.iter().any(|prefix| spec.starts_with(prefix))
        || spec
            .split(['#'])
            .next()
            .is_some_and(|url| url.ends_with(".git") && url.contains("://"))
        || !spec.starts_with('@')
            && !spec.contains(':')
            && spec.matches('/').count() == 1
            && !spec.starts_with('.')
            && !spec.starts_with('/')
}

/// Whether a Git URL names a fixed ref after `separator` (`@` for pip, `#`
/// for npm); pip's `#egg=` fragment is not a ref.
fn git_url_pinned(url: &str, separator: char) -> bool {
    let url = url.split("#egg=").next().unwrap_or(url);
    let url = url.split("&subdirectory=").next().unwrap_or(url);
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    // pip: `git+https://host/repo.git@ref`; the host part may hold `user@`.
    let reference = match separator {
        '@' => path
            .rsplit_once('/')
            .and_then(|(_, last)| last.split_once('@'))
            .map(|(_, reference)| reference),
        _ => path.split_once('#').map(|(_, reference)| reference),
    };
    reference.is_some_and(|reference| {
        let reference = reference.trim_start_matches("semver:");
        !reference.is_empty()
            && (is_fixed_ref(reference) || reference.starts_with('^') || reference.starts_with('~'))
    })
}

const DOCS_EN: &str = r#"
# Git source not pinned to a commit

## What it checks
Source code fetched from a Git branch at build time: `git clone` of a remote repository
with no `git checkout <commit>`/`git reset --hard <commit>` after it in the same stage (the
same RUN or a later one) and no
version-like `--branch` (a tag such as `v1.2.3`); `pip install git+https://…` without
`@<commit or tag>`; npm, yarn and pnpm Git dependencies (`github:user/repo`, `user/repo`,
`git+https://…`) without `#<commit or tag>`; `cargo install --git` without `--rev` or
`--tag`. Tags are accepted, but they can be moved too: a commit id is the only fixed
reference. (`go install …@latest` is a package-pinning concern, PL3xx.)

## Why it is risky
A branch is whatever was pushed last: the same Dockerfile builds different code every
time, an upstream mistake or a compromised maintainer account reaches your image without
review, and you cannot tell afterwards which code was built in.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache git \
 && git clone --depth 1 https://github.com/example/tool.git /src/tool
```

## Use instead
```dockerfile
FROM alpine:3.20
ARG TOOL_COMMIT=3f7c2a9e8b1d4c6f0a5e2b7d9c8a1f3e6b4d2c0a
RUN apk add --no-cache git \
 && git clone https://github.com/example/tool.git /src/tool \
 && git -C /src/tool checkout "${TOOL_COMMIT}"
```

## Fix
Pin a commit: `git checkout <commit>` after the clone (`git ls-remote <url> <tag>` shows a
tag's commit), `pip install git+https://…/repo.git@<commit>`,
`npm install github:user/repo#<commit>`, `cargo install --git <url> --rev <commit>`. Keep
the commit in an `ARG` next to the version it stands for, and let a dependency bot update
it. A release tag is better than a branch but can be re-pointed.

## When it is acceptable
Development images that deliberately track a branch; never images you ship.

## References
- [pip: VCS support](https://pip.pypa.io/en/stable/topics/vcs-support/)
- [npm: install from Git](https://docs.npmjs.com/cli/commands/npm-install)
- CWE-829: Inclusion of functionality from an untrusted control sphere
"#;

const DOCS_JA: &str = r#"
# Git のソースがコミットに固定されていない

## チェック内容
ビルド時に Git のブランチから取得するソースコードを検出します。同じステージのその後（同じ
RUN の後ろか、後続の RUN）に `git checkout <commit>`/`git reset --hard <commit>` がなく、バージョンらしい `--branch`
（`v1.2.3` のようなタグ）もないリモートリポジトリの `git clone`、`@<コミットまたはタグ>` の
ない `pip install git+https://…`、`#<コミットまたはタグ>` のない npm・yarn・pnpm の Git
依存（`github:user/repo`、`user/repo`、`git+https://…`）、`--rev` も `--tag` もない
`cargo install --git` です。タグは許容しますが、タグも付け替えられます。完全に固定できるのは
コミット ID だけです（`go install …@latest` はパッケージ固定の問題として PL3xx で扱います）。

## なぜ危険か
ブランチは最後にプッシュされたものを指します。同じ Dockerfile から毎回違うコードが
ビルドされ、上流のミスや侵害されたメンテナーのアカウントがレビューなしにイメージへ届き、
どのコードが組み込まれたのかを後から確かめることもできません。

## 問題のある例
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache git \
 && git clone --depth 1 https://github.com/example/tool.git /src/tool
```

## 代わりに
```dockerfile
FROM alpine:3.20
ARG TOOL_COMMIT=3f7c2a9e8b1d4c6f0a5e2b7d9c8a1f3e6b4d2c0a
RUN apk add --no-cache git \
 && git clone https://github.com/example/tool.git /src/tool \
 && git -C /src/tool checkout "${TOOL_COMMIT}"
```

## 修正方法
コミットに固定します。クローン後に `git checkout <commit>`（タグのコミットは
`git ls-remote <url> <tag>` で分かります）、`pip install git+https://…/repo.git@<commit>`、
`npm install github:user/repo#<commit>`、`cargo install --git <url> --rev <commit>` の
ように書きます。コミットは対応するバージョンと並べて `ARG` に置き、依存関係更新ボットで
更新してください。リリースタグはブランチよりは良いものの、付け替えられる可能性があります。

## 許容される場合
意図的にブランチを追いかける開発用イメージです。配布するイメージでは許容されません。

## 参考資料
- [pip: VCS サポート](https://pip.pypa.io/en/stable/topics/vcs-support/)
- [npm: Git からのインストール](https://docs.npmjs.com/cli/commands/npm-install)
- CWE-829: 信頼できない制御領域からの機能の取り込み
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_specs() {
        assert!(is_fixed_ref("v1.2.3") && is_fixed_ref("${REF}") && is_fixed_ref("3f7c2a9"));
        assert!(!is_fixed_ref("main") && !is_fixed_ref("feature-x"));
        assert!(git_url_pinned(
            "git+https://github.com/a/b.git@v1.0#egg=b",
            '@'
        ));
        assert!(!git_url_pinned("git+https://github.com/a/b.git#egg=b", '@'));
        assert!(!git_url_pinned("git+https://user@github.com/a/b.git", '@'));
        assert!(!git_url_pinned("git+https://github.com/a/b.git@main", '@'));
        assert!(git_url_pinned("github:a/b#semver:^1.2.0", '#'));
        assert!(!git_url_pinned("github:a/b", '#'));
        assert!(
            is_npm_git("github:a/b") && is_npm_git("a/b") && is_npm_git("pkg@git+https://x/y.git")
        );
        assert!(!is_npm_git("@scope/pkg") && !is_npm_git("lodash@4") && !is_npm_git("./local/dir"));
    }
}
