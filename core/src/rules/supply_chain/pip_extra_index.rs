use std::collections::HashSet;

use crate::model::unquote;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool as Peer};
use crate::shell::Tool;
use crate::span::Span;
use crate::syntax::{Args, Keyword, Word};

use super::{run_commands, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL810",
    name: "pip-extra-index-url",
    section: Section::SupplyChain,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[alias(Peer::Semgrep, "dockerfile-pip-extra-index-url")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// pip's commands that resolve packages from the indexes.
const RESOLVING: &[&str] = &["install", "download", "wheel"];

const OPTION: &str = "--extra-index-url";
const VARIABLE: &str = "PIP_EXTRA_INDEX_URL";

fn check(context: &Context, out: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for run in run_commands(context) {
        if let Some((span, url)) = extra_index_option(context, &run) {
            if seen.insert(span) {
                report(out, span, &format!("`{OPTION} {url}`"));
            }
        }
        for assignment in &run.command.assignments {
            if assignment.name == VARIABLE && !assignment.value.value.is_empty() {
                let span = context.script_span(run.script, assignment.range.clone());
                if seen.insert(span) {
                    report(out, span, &format!("`{VARIABLE}`"));
                }
            }
        }
        if run.program() == "export" {
            for word in run.command.args() {
                let Some((name, value)) = word.value.split_once('=') else {
                    continue;
                };
                if name == VARIABLE && !value.is_empty() {
                    let span = context.script_span(run.script, word.range.clone());
                    if seen.insert(span) {
                        report(out, span, &format!("`{VARIABLE}`"));
                    }
                }
            }
        }
    }
    for instruction in &context.dockerfile.instructions {
        let names: Vec<&Word> = match &instruction.args {
            Args::KeyValues(pairs) if instruction.keyword == Keyword::Env => pairs
                .iter()
                .filter(|pair| !unquote(&pair.value.text).is_empty())
                .map(|pair| &pair.key)
                .collect(),
            Args::Arg(decls) => decls
                .iter()
                .filter(|decl| {
                    decl.default
                        .as_ref()
                        .is_some_and(|value| !unquote(&value.text).is_empty())
                })
                .map(|decl| &decl.name)
                .collect(),
            _ => continue,
        };
        for name in names {
            if unquote(&name.text) == VARIABLE && seen.insert(name.span) {
                report(out, name.span, &format!("`{VARIABLE}`"));
            }
        }
    }
}

/// The `--extra-index-url` of a pip command that resolves packages, unless
/// the command pins every file by hash or reads no index.
fn extra_index_option<'a>(context: &Context, run: &'a RunCommand) -> Option<(Span, &'a str)> {
    let pip = run.recognized.filter(|pip| pip.tool == Tool::Pip)?;
    let subcommand = pip.subcommand.as_ref()?;
    if !RESOLVING.contains(&subcommand.value.as_str())
        || pip.has_flag(&[], &["--require-hashes", "--no-index"])
    {
        return None;
    }
    let option = pip.options.iter().find(|option| option.name == OPTION)?;
    let word = &run.command.words[option.word];
    let span = run.word_span(context, option.word);
    // `--extra-index-url=<url>`: point at the option's name.
    let span = if word.raw.starts_with(OPTION) && word.raw.len() > OPTION.len() {
        run.part_span(context, word, 0, OPTION.len())
    } else {
        span
    };
    Some((span, option.value.as_deref().unwrap_or("<url>")))
}

fn report(out: &mut Diagnostics, span: Span, what: &str) {
    out.report(
        span,
        crate::text!(
            format!("{what} makes pip collect every package from two indexes and install the highest version it finds, so a package published on the public index under a private package's name can replace it (dependency confusion); use `--index-url` with one index that serves or proxies everything, or pin every file with `--require-hashes`"),
            format!("{what} を使うと、pip はすべてのパッケージを二つのインデックスから集め、見つかった最も高いバージョンをインストールします。そのため、非公開パッケージと同じ名前で公開インデックスに登録されたパッケージがそれを置き換えられます（依存関係の混乱攻撃）。すべてを提供またはプロキシする単一のインデックスを `--index-url` で指定するか、`--require-hashes` ですべてのファイルを固定してください"),
        ),
    );
}

const DOCS_EN: &str = r#"
# pip with an extra package index (dependency confusion)

## What it checks
`pip install`, `pip download` and `pip wheel` with `--extra-index-url`, and the
`PIP_EXTRA_INDEX_URL` variable set by `ENV`, by an `ARG` default or in a `RUN` command. A
command that also passes `--require-hashes` or `--no-index` is accepted.

## Why it is risky
With an extra index pip does not prefer one index over the other: it collects the
candidates of every package from PyPI and from the extra index and installs the highest
version. When the extra index holds private packages, anyone can publish a package with the
same name and a higher version on PyPI, and the next build installs that one instead and
runs its code during the build and in the image. This is the dependency confusion attack; it
hit PyTorch's nightly builds in December 2022 through a package name that existed only on
PyTorch's own index.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir --extra-index-url https://pypi.corp.example/simple billing-client==2.4.1
USER 1001
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir --index-url https://pypi.corp.example/simple billing-client==2.4.1
USER 1001
```

## Fix
Point pip at a single index with `--index-url`: a private repository (Artifactory, Nexus,
devpi, a cloud artifact registry) that serves the private packages and proxies PyPI, with
the private names reserved so that the proxy never takes them from PyPI. Where that is not
possible, install from a requirements file with a hash for every package and
`--require-hashes`, so that a file from the wrong index is refused. There is no automatic
fix: which index serves what depends on your infrastructure.

## When it is acceptable
When every package name on the extra index is also yours on PyPI (or cannot be
registered there), or every file is pinned by hash, as for a public index of builds of
public packages used for a few well-known names. Even then, a single index is easier to
reason about.

## References
- [pip install: --extra-index-url](https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url)
- [pip: secure installs with hash-checking mode](https://pip.pypa.io/en/stable/topics/secure-installs/)
- [PyTorch: compromised nightly dependency (December 2022)](https://pytorch.org/blog/compromised-nightly-dependency/)
- [CWE-427: Uncontrolled Search Path Element](https://cwe.mitre.org/data/definitions/427.html)
"#;

const DOCS_JA: &str = r#"
# pip の追加パッケージインデックス（依存関係の混乱攻撃）

## チェック内容
`--extra-index-url` を付けた `pip install`・`pip download`・`pip wheel` と、`ENV`、`ARG` の
既定値、`RUN` のコマンドで設定される `PIP_EXTRA_INDEX_URL` 変数を検出します。
`--require-hashes` か `--no-index` も指定しているコマンドは対象外です。

## なぜ危険か
追加インデックスがあると、pip はどちらのインデックスも優先しません。各パッケージの候補を PyPI と
追加インデックスの両方から集め、最も高いバージョンをインストールします。追加インデックスに
非公開パッケージがある場合、誰でも同じ名前でより高いバージョンのパッケージを PyPI に公開でき、
次のビルドではそちらがインストールされ、そのコードがビルド中とイメージ内で実行されます。これが
依存関係の混乱（dependency confusion）攻撃で、2022年12月には PyTorch 独自のインデックスにしか
なかったパッケージ名を通じて、PyTorch の nightly ビルドが被害を受けました。

## 問題のある例
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir --extra-index-url https://pypi.corp.example/simple billing-client==2.4.1
USER 1001
```

## 代わりに
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir --index-url https://pypi.corp.example/simple billing-client==2.4.1
USER 1001
```

## 修正方法
`--index-url` で pip が参照するインデックスを一つにします。非公開パッケージを提供しつつ PyPI を
プロキシする社内リポジトリ（Artifactory、Nexus、devpi、クラウドのアーティファクトレジストリなど）を
使い、非公開の名前は PyPI から取り込まないよう予約しておきます。それができない場合は、すべての
パッケージにハッシュを書いた requirements ファイルを `--require-hashes` 付きでインストールし、
別のインデックスから来たファイルを拒否させます。どのインデックスが何を提供するかは環境によるため、
自動修正はありません。

## 許容される場合
追加インデックスにあるパッケージ名がすべて PyPI でも自分のものである（または登録できない）場合や、
すべてのファイルをハッシュで固定している場合です。公開パッケージのビルドを配る公開インデックスから
よく知られた数個の名前だけを入れる場合などが当たります。それでも、インデックスが一つの方が
把握しやすくなります。

## 参考資料
- [pip install: --extra-index-url](https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url)
- [pip: ハッシュチェックモードによる安全なインストール](https://pip.pypa.io/en/stable/topics/secure-installs/)
- [PyTorch: nightly の依存関係の侵害（2022年12月）](https://pytorch.org/blog/compromised-nightly-dependency/)
- [CWE-427: 制御されていない検索パス要素](https://cwe.mitre.org/data/definitions/427.html)
"#;
