use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

pub const RULE: Rule = Rule {
    code: "PL914",
    name: "inconsistent-instruction-casing",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "ConsistentInstructionCasing")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let instructions = &context.dockerfile.instructions;
    let keywords = || {
        instructions
            .iter()
            .map(|instruction| &instruction.keyword_text)
    };
    let lower = keywords()
        .filter(|text| **text == text.to_ascii_lowercase())
        .count();
    let upper = keywords()
        .filter(|text| **text == text.to_ascii_uppercase())
        .count();
    // BuildKit: lower case wins only with a strict majority.
    let majority_lower = lower > upper;
    for (index, instruction) in instructions.iter().enumerate() {
        let written = &instruction.keyword_text;
        let wanted = if majority_lower {
            written.to_ascii_lowercase()
        } else {
            written.to_ascii_uppercase()
        };
        if *written == wanted {
            continue;
        }
        let (case_en, case_ja) = if majority_lower {
            ("lower case", "小文字")
        } else {
            ("upper case", "大文字")
        };
        let diagnostic = out.report(
            instruction.keyword_span,
            crate::text!(
                format!("`{written}` is not cased like the other instructions, which are mostly {case_en}; write `{wanted}`"),
                format!("`{written}` の大文字・小文字が他の命令とそろっていません。ほとんどの命令は{case_ja}なので、`{wanted}` と書いてください"),
            ),
        );
        diagnostic.with_fix(Fix::safe(
            crate::text!(
                format!("Write `{wanted}`."),
                format!("`{wanted}` と書きます。"),
            ),
            vec![Edit::replace(instruction.keyword_span, wanted.clone())],
        ));
        if let Some(stage) = context.stage_of(index) {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# Instruction keywords mix upper and lower case

## What it checks
Instruction keywords whose case differs from the rest of the file. The case most
instructions use wins (upper case on a tie); a keyword in mixed case such as `From` or
`EntryPoint` is always reported.

## Why it is risky
It is a matter of style: keywords work in any case, but a file that mixes them is harder to
read and to search.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
Copy app.sh /usr/local/bin/app.sh
run chmod +x /usr/local/bin/app.sh
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
COPY app.sh /usr/local/bin/app.sh
RUN chmod +x /usr/local/bin/app.sh
```

## Fix
The fix rewrites each reported keyword in the majority case.

## When it is acceptable
When a team convention prefers another style; disable the rule in the settings.

## References
- [Dockerfile reference: format](https://docs.docker.com/reference/dockerfile/#format)
- [Build checks: ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
"#;

const DOCS_JA: &str = r#"
# 命令のキーワードで大文字と小文字が混在している

## チェック内容
ファイル内の他の命令と大文字・小文字が異なるキーワードを検出します。多くの命令が使っている
書き方に合わせます（同数なら大文字）。`From` や `EntryPoint` のように1語の中で混在している
キーワードは常に報告します。

## なぜ危険か
スタイルの問題です。キーワードは大文字でも小文字でも動きますが、混在したファイルは
読みにくく、検索もしにくくなります。

## 問題のある例
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
Copy app.sh /usr/local/bin/app.sh
run chmod +x /usr/local/bin/app.sh
```

## 代わりに
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
COPY app.sh /usr/local/bin/app.sh
RUN chmod +x /usr/local/bin/app.sh
```

## 修正方法
自動修正は報告したキーワードを多数派の書き方に書き直します。

## 許容される場合
チームの規約が別のスタイルを採用している場合です。設定でルールを無効にしてください。

## 参考資料
- [Dockerfile リファレンス: 書式](https://docs.docker.com/reference/dockerfile/#format)
- [Build checks: ConsistentInstructionCasing](https://docs.docker.com/reference/build-checks/consistent-instruction-casing/)
"#;
