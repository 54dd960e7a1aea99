use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Recognized, Tool as Cmd};
use crate::span::{to_u32, Span};

use super::{fragment_definition, in_final_image, mounted, subcommand_in, Run, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL310",
    name: "pip-cache-kept",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3042"),
        alias(Tool::Kics, "Pip install Keeping Cached Packages"),
        alias(Tool::Semgrep, "missing-pip-no-cache-dir"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const SWITCH: &str = "--no-cache-dir";
const VARIABLE: &str = "PIP_NO_CACHE_DIR";

fn check(context: &Context, out: &mut Diagnostics) {
    let fragment_env = fragment_definition(context, VARIABLE);
    let configured = first_configuration(context);
    for run in context.runs() {
        if !in_final_image(context, run.instruction)
            || context.model.lookup(run.instruction, VARIABLE).is_some()
            || fragment_env.is_some_and(|at| at < run.instruction)
            || run_cleans_pip_cache(context, run)
            || context.written_before(configured, run.instruction)
        {
            continue;
        }
        for (command, recognized) in run.using(&[Cmd::Pip]) {
            if !recognized.installs
                || recognized.has_flag(&[], &[SWITCH])
                || sets_variable(command, recognized)
            {
                continue;
            }
            let cache_dir = recognized.flag_value(&[], &["--cache-dir"]);
            if cache_dir.is_some_and(|dir| {
                mounted(context, run.instruction, |target| {
                    super::covers(target, dir)
                })
            }) {
                continue;
            }
            let program = basename(&command.command.words[recognized.program].value);
            let diagnostic = out.report(
                command.name_span(context, recognized),
                crate::text!(
                    format!("`{program} install` keeps every downloaded and built package in pip's cache (`~/.cache/pip`) in this layer, which the application never uses; add `{SWITCH}`"),
                    format!("`{program} install` はダウンロード・ビルドしたパッケージをすべて pip のキャッシュ（`~/.cache/pip`）としてこのレイヤーに残します。アプリケーションは使いません。`{SWITCH}` を付けてください"),
                ),
            );
            let Some(sub) = &recognized.subcommand else {
                continue;
            };
            if let Some(edit) = command.insert_after(context, sub.word, SWITCH) {
                diagnostic.with_fix(Fix::safe(
                    crate::text!(format!("Add `{SWITCH}`"), format!("`{SWITCH}` を追加")),
                    vec![edit],
                ));
            }
        }
    }
}

/// `PIP_NO_CACHE_DIR=1 pip install`, `env PIP_NO_CACHE_DIR=1 pip install`.
fn sets_variable(command: &RunCommand, recognized: &Recognized) -> bool {
    command
        .command
        .assignments
        .iter()
        .any(|assignment| assignment.name == VARIABLE)
        || command.command.words[..recognized.program]
            .iter()
            .any(|word| word.value.starts_with("PIP_NO_CACHE_DIR="))
}

/// The cache is kept out of the layer: `export PIP_NO_CACHE_DIR`, `pip
/// cache purge`, removing `~/.cache/pip`, or a cache or tmpfs mount on it.
fn run_cleans_pip_cache(context: &Context, run: &Run) -> bool {
    let is_pip_cache = |path: &str| {
        let path = path.trim_end_matches('*').trim_end_matches('/');
        path.ends_with(".cache/pip") || path.ends_with("/.cache") || path == "~/.cache"
    };
    let exported = run.commands.iter().any(|command| {
        command.command.name() == Some("export")
            && command
                .command
                .args()
                .iter()
                .any(|word| word.value.starts_with("PIP_NO_CACHE_DIR="))
    });
    let removed = run.commands.iter().any(|command| {
        command.command.name().map(basename) == Some("rm")
            && command
                .command
                .args()
                .iter()
                .any(|word| is_pip_cache(&word.value))
    });
    let purged = run.using(&[Cmd::Pip]).any(|(_, recognized)| {
        subcommand_in(recognized, &["cache"])
            && recognized
                .operands
                .first()
                .is_some_and(|operand| operand.value == "purge")
    });
    exported || removed || purged || mounted(context, run.instruction, is_pip_cache)
}

/// The first `pip config set global.no-cache-dir …` or `pip.conf` line with
/// `no-cache-dir` in the file (as opposed to the `--no-cache-dir` switch).
fn first_configuration(context: &Context) -> Option<Span> {
    let source = context.source;
    source
        .match_indices("no-cache-dir")
        .find(|(at, _)| !source[..*at].ends_with("--") && !source[..*at].ends_with("PIP_"))
        .map(|(at, found)| Span::new(to_u32(at), to_u32(at + found.len())))
}

const DOCS_EN: &str = r#"
# pip keeps its download cache in the image

## What it checks
`pip install` without `--no-cache-dir`, in the final stage or a stage it is built `FROM`
(a builder stage that is only copied from is not checked). pip accepts any unambiguous
prefix of a long option, so `--no-cache` counts as `--no-cache-dir`. Accepted as
well: `PIP_NO_CACHE_DIR` set with ENV, ARG, `export` or on the command line (to any value:
pip turns the cache off for `0` and `false` too, for backward compatibility); pip configured
earlier with `no-cache-dir`; a cache or tmpfs mount on pip's cache (`~/.cache/pip`, or the
`--cache-dir`); removing the cache or `pip cache purge` in the same RUN.

## Why it is risky
pip stores every wheel it downloads or builds in `~/.cache/pip` so that the next install is
faster. In an image there is no next install: the cache is dead weight, often larger than the
packages themselves for projects with compiled dependencies, shipped in every copy of the
image. The image security guide's checklist asks to remove what is not needed ("不要な
パッケージを削除"). `pip install --upgrade pip` fills the cache too.

## Example
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.12-slim
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```

## Fix
Add `--no-cache-dir` after `install` (the automatic fix does it), set
`ENV PIP_NO_CACHE_DIR=1` once for the stage, or use a BuildKit cache mount, which keeps the
cache between builds without putting it in the image.

## When it is acceptable
Builder stages that are only copied from, such as a stage that creates a virtual environment
copied into the final stage: their layers are not part of the image, so they are not checked.

## References
- [pip: caching](https://pip.pypa.io/en/stable/topics/caching/)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#;

const DOCS_JA: &str = r#"
# pip のダウンロードキャッシュがイメージに残る

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージで、`--no-cache-dir` のない
`pip install` を検出します（コピー元になるだけのビルダーステージはチェックしません）。
pip は長いオプションの一意な前方一致を受け付けるため、`--no-cache` も `--no-cache-dir` と
みなします。
次の場合は問題なしとみなします。ENV、ARG、`export`、コマンドラインで `PIP_NO_CACHE_DIR`
を設定している場合（値は問いません。pip は互換性のため `0` や `false` でもキャッシュを
無効にします）、それより前に pip を `no-cache-dir` で設定している場合、pip の
キャッシュ（`~/.cache/pip` または `--cache-dir`）にキャッシュマウントや tmpfs マウントを
使っている場合、同じ RUN でキャッシュを削除するか `pip cache purge` を実行している場合です。

## なぜ危険か
pip は次回のインストールを速くするため、ダウンロードまたはビルドした wheel をすべて
`~/.cache/pip` に保存します。イメージの中に次回のインストールはありません。キャッシュは
無駄な重さで、コンパイルが必要な依存関係を持つプロジェクトではパッケージ本体より大きく
なることも多く、イメージのすべてのコピーに含まれます。イメージセキュリティガイドの
チェックリストは不要なものの削除（「不要なパッケージを削除」）を求めています。
`pip install --upgrade pip` もキャッシュを残します。

## 問題のある例
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## 代わりに
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.12-slim
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```

## 修正方法
`install` の後に `--no-cache-dir` を付ける（自動修正はこの変更を行います）、ステージで一度
`ENV PIP_NO_CACHE_DIR=1` を設定する、または BuildKit のキャッシュマウントを使います。
キャッシュマウントなら、キャッシュをビルド間で再利用しつつイメージには含めません。

## 許容される場合
仮想環境を作って最終ステージにコピーするビルダーステージのように、コピー元になるだけの
ステージです。そのレイヤーはイメージに含まれないため、チェックしません。

## 参考資料
- [pip: キャッシュ](https://pip.pypa.io/en/stable/topics/caching/)
- [Docker ドキュメント: キャッシュマウント](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#;
