use crate::fix::Fix;
use crate::model::unquote;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::span::Span;
use crate::syntax::{Args, Keyword};

use super::stage_label;

pub const RULE: Rule = Rule {
    code: "PL928",
    name: "required-label-missing",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3049"),
        alias(Tool::Hadolint, "DL3051"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// A LABEL pair that reaches the final image, expanded.
struct Label {
    key: String,
    value: String,
    span: Span,
}

fn check(context: &Context, out: &mut Diagnostics) {
    let required = &context.settings.required_labels;
    let Some(final_stage) = context.model.final_stage() else {
        return;
    };
    if required.is_empty() {
        return;
    }
    let labels = final_labels(context, final_stage.index);
    let from = &context.dockerfile.instructions[final_stage.from];
    let label = stage_label(final_stage);
    for name in required {
        match labels.iter().rev().find(|found| found.key == *name) {
            None => {
                out.report(from.keyword_span, crate::text!(
                    format!("the final image (stage `{label}`) has no `{name}` label, which the settings require; add `LABEL {name}=<value>` to the stage"),
                    format!("最終イメージ（ステージ `{label}`）に、設定で必須とされている `{name}` ラベルがありません。ステージに `LABEL {name}=<値>` を追加してください"),
                ))
                .in_stage(final_stage.index)
                .with_fix(Fix::manual(crate::text!(
                    format!("Add `LABEL {name}=<value>` to stage `{label}` with the right value."),
                    format!("ステージ `{label}` に正しい値で `LABEL {name}=<値>` を追加してください。"),
                )));
            }
            Some(found) if found.value.trim().is_empty() => {
                out.report(found.span, crate::text!(
                    format!("the required label `{name}` is empty in the final image; give it a value"),
                    format!("必須のラベル `{name}` が最終イメージで空になっています。値を設定してください"),
                ))
                .in_stage(final_stage.index);
            }
            Some(_) => {}
        }
    }
}

/// The LABEL pairs of the final stage and the stages it is built on, in
/// build order (a later pair overrides an earlier one with the same key).
fn final_labels(context: &Context, final_stage: usize) -> Vec<Label> {
    let model = context.model;
    let mut labels = Vec::new();
    for stage in model.ancestry(final_stage).into_iter().rev() {
        for index in model.stages[stage].instructions.clone() {
            let instruction = &context.dockerfile.instructions[index];
            let (Keyword::Label, Args::KeyValues(pairs)) = (instruction.keyword, &instruction.args)
            else {
                continue;
            };
            for pair in pairs {
                let expand = |text: &str| {
                    model
                        .expand(context.dockerfile, index, text)
                        .unwrap_or_else(|| unquote(text))
                };
                labels.push(Label {
                    key: expand(&pair.key.text),
                    value: expand(&pair.value.text),
                    span: if pair.value.span.is_empty() {
                        pair.key.span
                    } else {
                        pair.value.span
                    },
                });
            }
        }
    }
    labels
}

const DOCS_EN: &str = r#"
# Required label missing or empty

## What it checks
Only when the settings list required labels (`required_labels`, for example
`org.opencontainers.image.source`): each one must be set, with a value that is not empty, by
a LABEL of the final stage or of the stages it is built on (`FROM <stage>`). Labels of the
external base image cannot be seen and do not count.

## Why it is risky
Labels are how registries, scanners and people trace an image back to its source, version,
owner and licence. An image without the labels your organisation relies on cannot be
traced when a vulnerability or incident needs an owner.

## Example
```dockerfile required-labels=org.opencontainers.image.source
FROM alpine:3.20
LABEL org.opencontainers.image.source=""
```

## Use instead
```dockerfile required-labels=org.opencontainers.image.source
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/example/app"
```

## Fix
Add `LABEL <name>=<value>` with the right value to the final stage, or pass it at build time
with `--label` and a build argument.

## When it is acceptable
When the labels are added outside the Dockerfile (for example `docker buildx build --label`);
then configure the rule for the Dockerfiles that set them.

## References
- [Dockerfile reference: LABEL](https://docs.docker.com/reference/dockerfile/#label)
- [OCI image spec: Pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"#;

const DOCS_JA: &str = r#"
# 必須のラベルがない、または空

## チェック内容
設定で必須のラベル（`required_labels`、例えば `org.opencontainers.image.source`）を指定した
ときだけ動きます。それぞれのラベルが、最終ステージかその元になるステージ（`FROM <ステージ>`）
の LABEL で、空でない値に設定されている必要があります。外部のベースイメージのラベルは
見えないため数えません。

## なぜ危険か
ラベルは、レジストリやスキャナー、人がイメージのソース、バージョン、所有者、ライセンスを
たどるための手段です。組織が頼りにしているラベルのないイメージは、脆弱性やインシデントで
担当者を探すときにたどれません。

## 問題のある例
```dockerfile required-labels=org.opencontainers.image.source
FROM alpine:3.20
LABEL org.opencontainers.image.source=""
```

## 代わりに
```dockerfile required-labels=org.opencontainers.image.source
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/example/app"
```

## 修正方法
最終ステージに正しい値で `LABEL <name>=<値>` を追加するか、ビルド時に `--label` とビルド引数で
渡してください。

## 許容される場合
ラベルを Dockerfile の外（例えば `docker buildx build --label`）で付ける場合です。その場合は、
ラベルを設定する Dockerfile に対してだけルールを設定してください。

## 参考資料
- [Dockerfile リファレンス: LABEL](https://docs.docker.com/reference/dockerfile/#label)
- [OCI image spec: 定義済みアノテーションキー](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
"#;

#[cfg(test)]
mod tests {
    use crate::model::{scripts, Model};
    use crate::rules::{Context, Diagnostics};
    use crate::settings::Settings;

    fn findings(source: &str, required: &[&str]) -> Vec<String> {
        let dockerfile = crate::syntax::parse(source);
        let model = Model::build(&dockerfile, None);
        let scripts = scripts(&dockerfile, &model);
        let settings = Settings {
            required_labels: required.iter().map(|label| label.to_string()).collect(),
            ..Settings::default()
        };
        let context = Context::new(source, &dockerfile, &model, &settings, &scripts, None);
        let mut out = Diagnostics::new(&super::RULE);
        super::check(&context, &mut out);
        out.into_vec()
            .into_iter()
            .map(|found| found.message.en)
            .collect()
    }

    const SOURCE: &str = "FROM alpine:3.20 AS base\nLABEL org.opencontainers.image.source=\"https://x\" version=\"\"\nFROM base\nARG REV=abc\nLABEL org.opencontainers.image.revision=$REV\n";

    #[test]
    fn only_active_when_configured() {
        assert!(findings(SOURCE, &[]).is_empty());
    }

    #[test]
    fn labels_of_the_base_stage_count() {
        let found = findings(
            SOURCE,
            &[
                "org.opencontainers.image.source",
                "org.opencontainers.image.revision",
            ],
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn reports_missing_and_empty_labels() {
        let found = findings(SOURCE, &["org.opencontainers.image.licenses", "version"]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("no `org.opencontainers.image.licenses` label"));
        assert!(found[1].contains("`version` is empty"));
    }

    #[test]
    fn a_builder_stage_does_not_count() {
        let source = "FROM alpine:3.20 AS build\nLABEL maintainer=a\nFROM alpine:3.20\n";
        assert_eq!(findings(source, &["maintainer"]).len(), 1);
    }
}
