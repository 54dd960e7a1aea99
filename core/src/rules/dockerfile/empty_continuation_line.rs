use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::delete_lines;

pub const RULE: Rule = Rule {
    code: "PL915",
    name: "empty-continuation-line",
    section: Section::Dockerfile,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "NoEmptyContinuation")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let keyword = instruction.keyword_text.to_ascii_uppercase();
        let line = instruction.line;
        for &empty in &instruction.empty_continuation_lines {
            let diagnostic = out.report(
                empty,
                crate::text!(
                    format!("empty line inside the {keyword} that starts on line {line}: the instruction goes on past it, which BuildKit deprecates and will reject; remove the line, or end the instruction before it if it was meant to end here"),
                    format!("{line} 行目から始まる {keyword} の途中に空行があります。命令は空行を越えて続き、BuildKitはこれを非推奨とし、将来エラーにします。空行を削除するか、ここで終わるつもりなら前の行の継続を外してください"),
                ),
            );
            diagnostic.with_fix(Fix::safe(
                crate::text!("Remove the empty line.", "空行を削除します。"),
                vec![delete_lines(context, empty)],
            ));
            if let Some(stage) = context.stage_of(index) {
                diagnostic.in_stage(stage);
            }
        }
    }
}

const DOCS_EN: &str = r#"
# Empty line inside a continued instruction

## What it checks
A blank line between the lines of an instruction continued with `\`. A comment line there
is not reported.

## Why it is risky
The builder skips the blank line and keeps reading the instruction, which is rarely what
the blank line suggests: when the last line before it still ends in `\`, the next
instruction becomes part of this one (`RUN apt-get install -y \` followed by a blank line
and `COPY . .` runs `COPY` as a package name). BuildKit deprecates empty continuation lines
and will make them an error.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
    curl \

    ca-certificates
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
    curl \
    ca-certificates
```

## Fix
The fix deletes the empty line, which keeps what the builder does today. If the instruction
was meant to end before the empty line, remove the `\` at the end of the line above
instead.

## When it is acceptable
Never: it will stop building.

## References
- [Dockerfile reference: format](https://docs.docker.com/reference/dockerfile/#format)
- [Build checks: NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
"#;

const DOCS_JA: &str = r#"
# 継続した命令の途中に空行がある

## チェック内容
`\` で継続している命令の行の間にある空行を検出します。コメント行は対象外です。

## なぜ危険か
ビルダーは空行を読み飛ばして命令を読み続けます。これは空行から想像される動作とは
たいてい違います。空行の前の行が `\` で終わったままだと、次の命令がこの命令の一部に
なります（`RUN apt-get install -y \` の後に空行と `COPY . .` が続くと、`COPY` が
パッケージ名として扱われます）。BuildKitは継続中の空行を非推奨とし、将来エラーにします。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
    curl \

    ca-certificates
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
    curl \
    ca-certificates
```

## 修正方法
自動修正は空行を削除します。ビルダーの現在の動作は変わりません。命令を空行の前で
終えるつもりだった場合は、代わりにその上の行の末尾の `\` を削除してください。

## 許容される場合
ありません。将来ビルドできなくなります。

## 参考資料
- [Dockerfile リファレンス: 書式](https://docs.docker.com/reference/dockerfile/#format)
- [Build checks: NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
"#;
