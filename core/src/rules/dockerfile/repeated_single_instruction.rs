use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::Keyword;

use super::shared::{delete_lines, unused_stage_note};

pub const RULE: Rule = Rule {
    code: "PL907",
    name: "repeated-single-instruction",
    section: Section::Dockerfile,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL4003"),
        alias(Tool::Hadolint, "DL4004"),
        alias(Tool::Hadolint, "DL3012"),
        alias(Tool::Trivy, "DS-0016"),
        alias(Tool::Trivy, "DS-0007"),
        alias(Tool::Trivy, "DS-0023"),
        alias(Tool::Buildkit, "MultipleInstructionsDisallowed"),
        alias(Tool::Kics, "Multiple CMD Instructions Listed"),
        alias(Tool::Kics, "Multiple ENTRYPOINT Instructions Listed"),
        alias(Tool::Semgrep, "multiple-cmd-instructions"),
        alias(Tool::Semgrep, "multiple-entrypoint-instructions"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let instructions = &context.dockerfile.instructions;
    for stage in &context.model.stages {
        for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let found: Vec<usize> = stage
                .instructions
                .clone()
                .filter(|&index| instructions[index].keyword == keyword)
                .collect();
            let Some((&last, earlier)) = found.split_last() else {
                continue;
            };
            let name = keyword.as_str();
            let last_line = instructions[last].line;
            let (note_en, note_ja) = unused_stage_note(context, stage.index);
            for &index in earlier {
                let instruction = &instructions[index];
                out.report(
                    instruction.keyword_span,
                    crate::text!(
                        format!("this {name} has no effect: the {name} on line {last_line} of the same stage replaces it, and only the last one counts{note_en}; remove it, or merge what it should do into the last one"),
                        format!("この {name} は効果がありません。同じステージの {last_line} 行目の {name} に置き換えられ、最後のものだけが使われます{note_ja}。削除するか、必要な処理を最後の {name} にまとめてください"),
                    ),
                )
                .in_stage(stage.index)
                .with_fix(Fix::safe(
                    crate::text!(
                        format!("Remove the {name} that has no effect."),
                        format!("効果のない {name} を削除します。"),
                    ),
                    vec![delete_lines(context, instruction.full_span())],
                ));
            }
        }
    }
}

const DOCS_EN: &str = r#"
# More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage

## What it checks
A stage with two or more `CMD`, two or more `ENTRYPOINT`, or two or more `HEALTHCHECK`
instructions. Every one but the last is reported. The `CMD` inside `HEALTHCHECK CMD` is
part of the health check and is not counted as a `CMD`.

## Why it is risky
An image has one command, one entry point and one health check: each instruction replaces
the previous one, so only the last takes effect. The earlier ones are dead code that
misleads readers, for example a health check that looks configured but was replaced by
`HEALTHCHECK NONE`, or a start-up step someone expects to run.

## Example
```dockerfile
FROM python:3.12-slim
CMD ["python", "migrate.py"]
CMD ["python", "app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY start.sh /usr/local/bin/start.sh
CMD ["/usr/local/bin/start.sh"]
```

## Fix
The fix deletes the instructions that have no effect, which does not change the image.
If both commands were meant to run, put them in a start-up script and make that the one
`CMD`.

## When it is acceptable
Never in one stage. A later stage may replace the `CMD` of a stage it is built `FROM`;
that is not reported.

## References
- [Dockerfile reference: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
- [Dockerfile reference: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Build checks: MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
"#;

const DOCS_JA: &str = r#"
# 1つのステージにCMD、ENTRYPOINT、HEALTHCHECKが複数ある

## チェック内容
1つのステージに `CMD`、`ENTRYPOINT`、`HEALTHCHECK` のいずれかが2つ以上ある箇所を検出し、
最後のもの以外をすべて報告します。`HEALTHCHECK CMD` の `CMD` はヘルスチェックの一部なので、
`CMD` としては数えません。

## なぜ危険か
イメージが持てるコマンド、エントリーポイント、ヘルスチェックはそれぞれ1つだけです。
各命令は前のものを置き換えるため、効果があるのは最後のものだけです。それより前の命令は
読み手を誤解させる死んだコードになります。たとえば設定されているように見えるヘルスチェックが
`HEALTHCHECK NONE` で置き換えられていたり、実行されると思われている起動処理が実行されなかったり
します。

## 問題のある例
```dockerfile
FROM python:3.12-slim
CMD ["python", "migrate.py"]
CMD ["python", "app.py"]
```

## 代わりに
```dockerfile
FROM python:3.12-slim
COPY start.sh /usr/local/bin/start.sh
CMD ["/usr/local/bin/start.sh"]
```

## 修正方法
自動修正は効果のない命令を削除します。イメージは変わりません。両方のコマンドを実行する
つもりだった場合は、起動スクリプトにまとめ、それを唯一の `CMD` にしてください。

## 許容される場合
同じステージの中ではありません。後のステージが `FROM` で元にしたステージの `CMD` を
置き換えるのは問題なく、報告しません。

## 参考資料
- [Dockerfile リファレンス: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
- [Dockerfile リファレンス: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
- [Dockerfile リファレンス: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
- [Build checks: MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
"#;
