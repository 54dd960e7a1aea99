use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, Script, Tool as Program};
use crate::span::Span;

use super::support::{base_family, Family};

pub const RULE: Rule = Rule {
    code: "PL926",
    name: "wget-without-progress",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::NeedsReview,
    aliases: &[alias(Tool::Hadolint, "DL3047")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for script in context.scripts {
        let span = |range| context.script_span(script, range);
        check_script(context, &script.script, script.stage, &span, out);
    }
}

fn check_script(
    context: &Context,
    script: &Script,
    stage: Option<usize>,
    script_span: &dyn Fn(std::ops::Range<usize>) -> Span,
    out: &mut Diagnostics,
) {
    for command in &script.commands {
        let Some(wget) = classify(command).filter(|found| found.tool == Program::Wget) else {
            continue;
        };
        // `-nv` is one option, though it reads like a cluster of `-n` and `-v`.
        let no_verbose = command.args().iter().any(|word| word.value == "-nv");
        let quiet = wget.has_flag(
            &['q', 'o', 'a'],
            &[
                "--quiet",
                "--progress",
                "--no-verbose",
                "--output-file",
                "--append-output",
            ],
        );
        if quiet || no_verbose {
            continue;
        }
        let program = &command.words[wget.program];
        // BusyBox wget (Alpine) only knows `-q`.
        let busybox = stage.is_some_and(|stage| base_family(context, stage) == Family::Alpine);
        let option = if busybox { "-q" } else { "--progress=dot:giga" };
        let span = script_span(program.range.clone());
        let message = crate::text!(
            format!("`wget` without `--progress`, `-q` or `-nv` prints a progress bar into the build log, which bloats it and hides errors; add `{option}`"),
            format!("`--progress`、`-q`、`-nv` のない `wget` はビルドログに進捗バーを出力し、ログを膨らませてエラーを埋もれさせます。`{option}` を付けてください"),
        );
        let end = script_span(program.range.end..program.range.end);
        let diagnostic = out.report(span, message);
        if let Some(stage) = stage {
            diagnostic.in_stage(stage);
        }
        // Offsets only map exactly for scripts written in the Dockerfile.
        if end.is_empty() {
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    format!("Add `{option}` to `wget`."),
                    format!("`wget` に `{option}` を付けます。"),
                ),
                vec![Edit::insert(end.start, format!(" {option}"))],
            ));
        }
    }
}

const DOCS_EN: &str = r#"
# wget without a quiet progress option

## What it checks
A `wget` in RUN (or `ONBUILD RUN`) without an option that tames its output:
`--progress=...`, `-q`/`--quiet`, `-nv`/`--no-verbose`, or `-o`/`--output-file`/`-a`/`--append-output`.

## Why it is risky
wget's default progress bar writes thousands of lines into a non-interactive build log. The
log grows, CI storage fills up, and the one line that says the download failed is hard to
find.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN wget -O /tmp/tool.tgz https://example.com/tool.tgz
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN wget --progress=dot:giga -O /tmp/tool.tgz https://example.com/tool.tgz
```

## Fix
Add `--progress=dot:giga` (GNU wget: one dot line per large chunk, errors still shown) or `-nv`;
on Alpine, whose BusyBox wget only knows `-q`, add `-q`. The fix adds the option that fits the
base image; review it if the image installs GNU wget on Alpine.

## When it is acceptable
Never harmful to add; skip it only for tiny files.

## References
- [GNU Wget manual: --progress](https://www.gnu.org/software/wget/manual/wget.html#Download-Options)
"#;

const DOCS_JA: &str = r#"
# 進捗表示を抑えるオプションのない wget

## チェック内容
出力を抑えるオプションのない RUN（`ONBUILD RUN` を含む）の `wget` を検出します。対象となるオプションは
`--progress=...`、`-q`/`--quiet`、`-nv`/`--no-verbose`、`-o`/`--output-file`/`-a`/
`--append-output` です。

## なぜ危険か
wget の既定の進捗バーは、非対話のビルドログに何千行も書き込みます。ログが大きくなり、
CI のストレージを圧迫し、ダウンロードの失敗を示す1行が見つけにくくなります。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN wget -O /tmp/tool.tgz https://example.com/tool.tgz
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
RUN wget --progress=dot:giga -O /tmp/tool.tgz https://example.com/tool.tgz
```

## 修正方法
`--progress=dot:giga`（GNU wget。大きな単位ごとに点を1行出し、エラーは表示されます）か
`-nv` を付けてください。BusyBox の wget が `-q` しか知らない Alpine では `-q` を付けます。
自動修正はベースイメージに合うオプションを付けます。Alpine に GNU wget を入れている場合は
確認してください。

## 許容される場合
付けて困ることはありません。ごく小さなファイルなら省略してもかまいません。

## 参考資料
- [GNU Wget マニュアル: --progress](https://www.gnu.org/software/wget/manual/wget.html#Download-Options)
"#;
