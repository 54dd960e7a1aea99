use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{add_sources, adds, AddSource};

pub const RULE: Rule = Rule {
    code: "PL806",
    name: "add-instead-of-copy",
    section: Section::SupplyChain,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3020"),
        alias(Tool::Trivy, "DS-0005"),
        alias(Tool::Checkov, "CKV_DOCKER_4"),
        alias(Tool::Kics, "Add Instead of Copy"),
        alias(Tool::Dockle, "CIS-DI-0009"),
        alias(Tool::Cis, "4.9"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Flags only ADD understands: with them, ADD is deliberate.
const ADD_ONLY_FLAGS: &[&str] = &["checksum", "keep-git-dir", "unpack"];

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in adds(context) {
        if instruction
            .flags
            .iter()
            .any(|flag| ADD_ONLY_FLAGS.contains(&flag.name.as_str()))
        {
            continue;
        }
        let sources = add_sources(context, index, instruction);
        // A source that comes from a build argument without a value is taken
        // for a local path (`ADD ${JAR_FILE} app.jar`) unless its text hints
        // at a URL, a repository or an archive.
        if sources.is_empty()
            || sources.iter().any(|(word, _, kind)| match kind {
                AddSource::Local => false,
                // Unknown without `$`: the word does not expand at all.
                AddSource::Unknown => !word.text.contains('$') || may_be_remote(&word.text),
                _ => true,
            })
        {
            continue;
        }
        let from_argument = sources
            .iter()
            .find(|(_, _, kind)| *kind == AddSource::Unknown)
            .map(|(word, _, _)| word.text.as_str());
        let keyword = &instruction.keyword_text;
        let copy = if keyword.chars().all(|ch| ch.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        let message = match from_argument {
            None => crate::text!(
                format!("`{keyword}` copies only local files here; use `{copy}`, which does exactly that, while `ADD` also downloads URLs and unpacks archives, so readers must check which it does"),
                format!("この `{keyword}` はローカルのファイルをコピーするだけです。それだけを行う `{copy}` を使ってください。`ADD` は URL のダウンロードやアーカイブの展開も行うため、読み手がどの動作かを確認しなければなりません"),
            ),
            Some(source) => crate::text!(
                format!("`{keyword} {source}` copies whatever the build argument names, which reads as a local file; use `{copy}`, which only copies, while `ADD` would also download a URL or unpack an archive passed in"),
                format!("`{keyword} {source}` はビルド引数が指すものをコピーし、ローカルのファイルと読めます。コピーだけを行う `{copy}` を使ってください。`ADD` では URL やアーカイブを渡されるとダウンロードや展開までしてしまいます"),
            ),
        };
        let diagnostic = out.report(instruction.keyword_span, message);
        if let Some(stage) = context.stage_of(index) {
            diagnostic.in_stage(stage);
        }
        if from_argument.is_none()
            && context
                .source
                .get(instruction.keyword_span.range())
                .is_some_and(|text| text.eq_ignore_ascii_case("add"))
        {
            diagnostic.with_fix(Fix::safe(
                crate::text!(
                    format!("Replace `{keyword}` with `{copy}`."),
                    format!("`{keyword}` を `{copy}` に置き換えます。"),
                ),
                vec![Edit::replace(instruction.keyword_span, copy)],
            ));
        }
    }
}

/// Whether an unexpanded source may name something other than a local file.
fn may_be_remote(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["://", "http", "url", "uri", "git", "repo", "link"]
        .iter()
        .any(|hint| lower.contains(hint))
        || super::is_tar_archive(&lower)
}

const DOCS_EN: &str = r#"
# ADD used to copy local files

## What it checks
`ADD` whose sources are all local files or directories (or heredocs) that are not tar
archives, and without the flags only `ADD` has (`--checksum`, `--keep-git-dir`,
`--unpack`). Sources that use build arguments are expanded first; a source that depends on
an argument without a value (`ADD ${JAR_FILE} app.jar`) counts as a local file unless its
text mentions a URL, a repository or an archive.

## Why it is risky
`ADD` does three things depending on its source: it copies local files, downloads URLs and
clones Git repositories, and silently unpacks local tar archives. `COPY` only copies. Using
`ADD` for plain copies makes every reader (and reviewer) work out which behaviour applies,
and a later change of the source, such as a renamed file that now ends in `.tar.gz` or a
variable that now holds a URL, changes what the build does without changing the
instruction. The CIS Docker Benchmark asks for `COPY` instead of `ADD`.

## Example
```dockerfile
FROM alpine:3.20
ADD app/ /srv/app/
```

## Use instead
```dockerfile
FROM alpine:3.20
COPY app/ /srv/app/
```

## Fix
Replace `ADD` with `COPY`; the fix does it, keeping the flags both accept (`--chown`,
`--chmod`, `--link`, `--exclude`). The build is the same. The only exception is a local
file that is a tar archive without a tar-like name: `ADD` unpacks it by content, `COPY` does
not. Keep `ADD` (with `--unpack=true` where your Dockerfile syntax supports it) for that
case.

## When it is acceptable
No reason for local, non-archive sources.

## References
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Docker docs: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
- CIS Docker Benchmark 4.9 (use COPY instead of ADD)
"#;

const DOCS_JA: &str = r#"
# ローカルファイルのコピーに ADD を使っている

## チェック内容
ソースがすべて tar アーカイブではないローカルのファイル・ディレクトリ（またはヒアドキュメント）
で、`ADD` 固有のフラグ（`--checksum`、`--keep-git-dir`、`--unpack`）のない `ADD` を検出します。
ビルド引数を使うソースは先に展開します。値のない引数に依存するソース（`ADD ${JAR_FILE} app.jar`）は、URL・リポジトリ・アーカイブを示す文字列を含まない限りローカルのファイルとみなします。

## なぜ危険か
`ADD` はソースによって3つの動作をします。ローカルファイルのコピー、URL のダウンロードと
Git リポジトリのクローン、そしてローカルの tar アーカイブの暗黙の展開です。`COPY` はコピー
だけを行います。単なるコピーに `ADD` を使うと、読み手やレビュアーはどの動作になるかを毎回
確かめなければなりません。また、ファイル名が `.tar.gz` で終わるように変わったり、変数が URL を
指すようになったりすると、命令を変えないままビルドの動作が変わります。CIS Docker Benchmark
も `ADD` ではなく `COPY` を使うよう求めています。

## 問題のある例
```dockerfile
FROM alpine:3.20
ADD app/ /srv/app/
```

## 代わりに
```dockerfile
FROM alpine:3.20
COPY app/ /srv/app/
```

## 修正方法
`ADD` を `COPY` に置き換えます。自動修正で置き換えられ、両方が受け付けるフラグ（`--chown`、
`--chmod`、`--link`、`--exclude`）はそのまま残ります。ビルド結果は変わりません。唯一の例外は、
tar らしい名前を持たない tar アーカイブのローカルファイルです。`ADD` は内容で判断して展開
しますが、`COPY` は展開しません。その場合は `ADD` のままにしてください（Dockerfile の構文が
対応していれば `--unpack=true` を付けます）。

## 許容される場合
アーカイブではないローカルのソースについては、ADD を使う理由はありません。

## 参考資料
- [Dockerfile リファレンス: ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Docker ドキュメント: ADD と COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
- CIS Docker Benchmark 4.9（ADD ではなく COPY を使用）
"#;
