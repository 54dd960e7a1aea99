use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Keyword};

use super::shared::{double_quoted_literal, has_comment_inside};

pub const RULE: Rule = Rule {
    code: "PL912",
    name: "maintainer-deprecated",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL4000"),
        alias(Tool::Trivy, "DS-0022"),
        alias(Tool::Checkov, "CKV_DOCKER_6"),
        alias(Tool::Buildkit, "MaintainerDeprecated"),
        alias(Tool::Kics, "MAINTAINER Instruction Being Used"),
        alias(Tool::Semgrep, "maintainer-is-deprecated"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const AUTHORS_LABEL: &str = "org.opencontainers.image.authors";

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        if instruction.keyword != Keyword::Maintainer {
            continue;
        }
        let diagnostic = out.report(
            instruction.keyword_span,
            crate::text!(
                format!("MAINTAINER is deprecated; record the author with `LABEL {AUTHORS_LABEL}=...`, which tools that read OCI labels understand"),
                format!("MAINTAINER は非推奨です。作成者はOCIラベルを読むツールが理解できる `LABEL {AUTHORS_LABEL}=...` で記録してください"),
            ),
        );
        if let Some(stage) = context.stage_of(index) {
            diagnostic.in_stage(stage);
        }
        let Args::Text(Some(author)) = &instruction.args else {
            continue;
        };
        if has_comment_inside(context, instruction.span) {
            continue;
        }
        let label = format!(
            "LABEL {AUTHORS_LABEL}={}",
            double_quoted_literal(&author.text, context.dockerfile.escape)
        );
        diagnostic.with_fix(Fix::safe(
            crate::text!(
                format!("Replace it with `{label}`."),
                format!("`{label}` に置き換えます。"),
            ),
            vec![Edit::replace(instruction.span, label.clone())],
        ));
    }
}

const DOCS_EN: &str = r#"
# MAINTAINER is deprecated

## What it checks
Any `MAINTAINER` instruction.

## Why it is risky
`MAINTAINER` has been deprecated since Docker 1.13. It fills an old `Author` field that
registries, scanners and SBOM tools mostly ignore, so the contact point for the image is
lost exactly where people look for it when a vulnerability is found. The OCI label
`org.opencontainers.image.authors` is the standard place.

## Example
```dockerfile
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix
The fix replaces the instruction with `LABEL org.opencontainers.image.authors="..."`,
keeping the text as written (quotes, `$` and the escape character are escaped).

## When it is acceptable
Never in new Dockerfiles.

## References
- [Dockerfile reference: MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
- [OCI image spec: pre-defined annotation keys](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
- [Build checks: MaintainerDeprecated](https://docs.docker.com/reference/build-checks/maintainer-deprecated/)
"#;

const DOCS_JA: &str = r#"
# MAINTAINERは非推奨

## チェック内容
すべての `MAINTAINER` 命令を検出します。

## なぜ危険か
`MAINTAINER` はDocker 1.13から非推奨です。レジストリやスキャナー、SBOMツールがほとんど
見ない古い `Author` 項目に書き込むため、脆弱性が見つかったときに連絡先を探す場所に
情報が残りません。標準の置き場所はOCIラベル `org.opencontainers.image.authors` です。

## 問題のある例
```dockerfile
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
```

## 代わりに
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## 修正方法
自動修正は命令を `LABEL org.opencontainers.image.authors="..."` に置き換えます。
テキストは書かれたとおりに残します（引用符、`$`、エスケープ文字はエスケープします）。

## 許容される場合
新しいDockerfileではありません。

## 参考資料
- [Dockerfile リファレンス: MAINTAINER（非推奨）](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
- [OCI イメージ仕様: 定義済みアノテーションキー](https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys)
- [Build checks: MaintainerDeprecated](https://docs.docker.com/reference/build-checks/maintainer-deprecated/)
"#;
