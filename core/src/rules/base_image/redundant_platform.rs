use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::platform::{platform_flag, removal};

pub const RULE: Rule = Rule {
    code: "PL207",
    name: "redundant-target-platform",
    section: Section::BaseImage,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3065"),
        alias(Tool::Buildkit, "RedundantTargetPlatform"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for stage in &context.model.stages {
        let Some((flag, platform)) = platform_flag(context, stage) else {
            continue;
        };
        if !matches!(platform, "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
            continue;
        }
        out.report(
            flag.span,
            crate::text!(
                format!("`--platform={platform}` is what every stage uses by default; remove it"),
                format!(
                    "`--platform={platform}` はすべてのステージの既定の動作です。削除してください"
                ),
            ),
        )
        .in_stage(stage.index)
        .with_fix(Fix::safe(
            crate::text!(
                format!("Remove `--platform={platform}`."),
                format!("`--platform={platform}` を削除します。"),
            ),
            vec![removal(context, flag)],
        ));
    }
}

const DOCS_EN: &str = r#"
# Redundant `FROM --platform=$TARGETPLATFORM`

## What it checks
`FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).

## Why it is risky
It is harmless but misleading: every stage already builds for the target platform, so the
flag adds nothing and suggests to readers that the stage is special. Only
`$BUILDPLATFORM` (or a constant) changes what a stage runs on.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
```

## Use instead
```dockerfile
FROM alpine:3.20
```

## Fix
Remove the flag; the fix does it and the build is unchanged.

## When it is acceptable
Always safe to keep, only noisy.

## References
- [Docker build checks: RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#;

const DOCS_JA: &str = r#"
# 冗長な `FROM --platform=$TARGETPLATFORM`

## チェック内容
`FROM --platform=$TARGETPLATFORM`（または `${TARGETPLATFORM}`）を検出します。

## なぜ危険か
害はありませんが誤解を招きます。すべてのステージはもともとターゲットプラットフォーム向けに
ビルドされるため、このフラグは何も変えず、読み手にそのステージが特別だと思わせてしまいます。
ステージの実行プラットフォームを変えるのは `$BUILDPLATFORM`（または固定値）だけです。

## 問題のある例
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
```

## 代わりに
```dockerfile
FROM alpine:3.20
```

## 修正方法
フラグを削除します。自動修正で削除でき、ビルド結果は変わりません。

## 許容される場合
残しても安全で、冗長なだけです。

## 参考資料
- [Docker ビルドチェック: RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
"#;
