use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::platform::{platform_flag, removal};

pub const RULE: Rule = Rule {
    code: "PL206",
    name: "from-platform-constant",
    section: Section::BaseImage,
    severity: Severity::Low,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Hadolint, "DL3029"),
        alias(Tool::Buildkit, "FromPlatformFlagConstDisallowed"),
        alias(Tool::Kics, "Using Platform Flag with FROM Command"),
        alias(Tool::Semgrep, "avoid-platform-with-from"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for stage in &context.model.stages {
        let Some((flag, platform)) = platform_flag(context, stage) else {
            continue;
        };
        if platform.contains('$') || named_for(stage.name.as_deref(), platform) {
            continue;
        }
        out.report(
            flag.span,
            crate::text!(
                format!("`--platform={platform}` fixes this stage to one platform, so the Dockerfile cannot build a multi-platform image and other machines build it under emulation; drop the flag and choose the platform with `docker build --platform`, or use `$BUILDPLATFORM` for build stages"),
                format!("`--platform={platform}` はこのステージを1つのプラットフォームに固定するため、マルチプラットフォームイメージをビルドできず、他のマシンではエミュレーションでビルドされます。フラグを削除して `docker build --platform` で指定するか、ビルド用ステージでは `$BUILDPLATFORM` を使ってください"),
            ),
        )
        .in_stage(stage.index)
        .with_fix(Fix::needs_review(
            crate::text!(
                format!("Remove `--platform={platform}`; the build's target platform applies instead."),
                format!("`--platform={platform}` を削除します。ビルドのターゲットプラットフォームが使われるようになります。"),
            ),
            vec![removal(context, flag)],
        ));
    }
}

/// BuildKit accepts a constant platform when the stage name mentions its OS
/// or architecture (`FROM --platform=linux/arm64 alpine AS build-arm64`).
fn named_for(name: Option<&str>, platform: &str) -> bool {
    let Some(name) = name else { return false };
    let platform = platform.to_ascii_lowercase();
    let mut parts = platform.split('/');
    let os = parts.next().unwrap_or_default();
    let arch = parts.next().unwrap_or_default();
    [os, arch]
        .iter()
        .any(|part| !part.is_empty() && name.contains(part))
}

const DOCS_EN: &str = r#"
# `FROM --platform` with a constant platform

## What it checks
A `FROM --platform=` flag with a fixed value such as `linux/amd64`. Values that use a
variable (`$BUILDPLATFORM`, `$TARGETPLATFORM`, your own `ARG`) are fine, and so is a
constant when the stage name mentions its OS or architecture
(`FROM --platform=linux/arm64 alpine AS build-arm64`), as BuildKit's own check allows.

## Why it is risky
A constant platform makes the stage ignore the platform the build asks for. The Dockerfile
can no longer produce a multi-platform image, and on a machine with another architecture
the stage runs under slow, sometimes faulty emulation. An image silently built for the
wrong architecture fails at run time with `exec format error`, or is patched around with
emulation in production.

## Example
```dockerfile
FROM --platform=linux/amd64 alpine:3.20
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
```

## Fix
Remove the flag and choose the platform when building (`docker build --platform
linux/amd64 .`). For a build stage that cross-compiles, use `--platform=$BUILDPLATFORM`
and pass `TARGETOS`/`TARGETARCH` to the compiler. The fix removes the flag; review it,
since the stage will then follow the target platform.

## When it is acceptable
A stage that only exists for one platform, such as a vendor binary available only for
amd64; name the stage after the platform (`AS tools-amd64`) to say so.

## References
- [Docker build checks: FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
- [Docker docs: multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
- [Dockerfile reference: automatic platform ARGs](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
"#;

const DOCS_JA: &str = r#"
# `FROM --platform` に固定値を指定している

## チェック内容
`linux/amd64` のような固定値を指定した `FROM --platform=` フラグを検出します。変数
（`$BUILDPLATFORM`、`$TARGETPLATFORM`、独自の `ARG`）を使う値は問題ありません。BuildKit
自身のチェックと同じく、ステージ名が OS やアーキテクチャに触れている場合
（`FROM --platform=linux/arm64 alpine AS build-arm64`）の固定値も許容します。

## なぜ危険か
固定値を指定したステージは、ビルドで要求されたプラットフォームを無視します。その
Dockerfile ではマルチプラットフォームイメージを作れなくなり、別のアーキテクチャのマシン
では遅く、ときに不正確なエミュレーションで実行されます。意図せず別アーキテクチャ向けに
ビルドされたイメージは、実行時に `exec format error` で失敗するか、本番でエミュレーションに
頼ることになります。

## 問題のある例
```dockerfile
FROM --platform=linux/amd64 alpine:3.20
```

## 代わりに
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
```

## 修正方法
フラグを削除し、ビルド時にプラットフォームを指定します（`docker build --platform
linux/amd64 .`）。クロスコンパイルするビルドステージでは `--platform=$BUILDPLATFORM` を使い、
`TARGETOS`/`TARGETARCH` をコンパイラに渡します。自動修正はフラグを削除します。ステージが
ターゲットプラットフォームに従うようになるため、内容を確認してください。

## 許容される場合
amd64 版しかないベンダーのバイナリなど、1つのプラットフォームにしか存在しないステージです。
その意図が伝わるよう、ステージ名にプラットフォームを含めてください（`AS tools-amd64`）。

## 参考資料
- [Docker ビルドチェック: FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
- [Docker ドキュメント: マルチプラットフォームビルド](https://docs.docker.com/build/building/multi-platform/)
- [Dockerfile リファレンス: 自動プラットフォーム ARG](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
"#;
