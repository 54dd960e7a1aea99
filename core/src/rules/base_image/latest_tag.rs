use crate::fix::Fix;
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use crate::model::{Base, Stage};
use crate::span::Span;

use super::{external_bases, part_span};

pub const RULE: Rule = Rule {
    code: "PL201",
    name: "base-image-latest-tag",
    section: Section::BaseImage,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3006"),
        alias(Tool::Hadolint, "DL3007"),
        alias(Tool::Trivy, "DS-0001"),
        alias(Tool::Checkov, "CKV_DOCKER_7"),
        alias(Tool::Kics, "Image Version Using 'latest'"),
        alias(Tool::Kics, "Image Version Not Explicit"),
        alias(Tool::Semgrep, "avoid-latest-version"),
        alias(Tool::Semgrep, "missing-image-version"),
        alias(Tool::Dockle, "DKL-DI-0006"),
    ],
    docs_en: DOCS_EN,
    docs_ja: DOCS_JA,
    check,
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (stage, image) in external_bases(context) {
        if !image.is_floating() {
            continue;
        }
        let span = match &image.tag {
            Some(_) => part_span(stage, image.tag_range.as_ref()),
            None => stage.base_span,
        };
        let floating = Floating {
            short: image.short_name(),
            name: &image.familiar_name(),
            latest: image.tag.is_some(),
        };
        report(out, stage, span, &floating);
    }
    // `FROM ${REGISTRY}/ubuntu`: the argument has no default, but no value of
    // it can add a tag to the last path segment.
    for stage in &context.model.stages {
        if !matches!(stage.base, Base::Unresolved { .. }) {
            continue;
        }
        let Some((_, last)) = stage.base_text.rsplit_once('/') else {
            continue;
        };
        if last.is_empty() || last.contains(['$', '@']) {
            continue;
        }
        let (short, latest) = match last.split_once(':') {
            None => (last, false),
            Some((name, "latest")) => (name, true),
            Some(_) => continue,
        };
        let floating = Floating {
            short,
            name: stage.base_text.split(':').next().unwrap_or(short),
            latest,
        };
        report(out, stage, stage.base_span, &floating);
    }
}

/// A base image that moves: its short name, the name to inspect, and
/// whether it says `latest` (rather than no tag).
struct Floating<'a> {
    short: &'a str,
    name: &'a str,
    latest: bool,
}

fn report(out: &mut Diagnostics, stage: &Stage, span: Span, floating: &Floating) {
    let written = &stage.base_text;
    let Floating {
        short,
        name,
        latest,
    } = floating;
    let message = if *latest {
        Text::new(
            format!("`{written}` uses the `latest` tag, which moves to a new image without notice; pin a version such as `{short}:<version>`"),
            format!("`{written}` は `latest` タグを使っています。予告なく別のイメージに変わるため、`{short}:<version>` のようにバージョンを固定してください"),
        )
    } else {
        Text::new(
            format!("`{written}` has no tag, so it means `latest` and moves to a new image without notice; pin a version such as `{short}:<version>`"),
            format!("`{written}` にはタグがないため `latest` と同じ扱いになり、予告なく変わります。`{short}:<version>` のようにバージョンを固定してください"),
        )
    };
    out.report(span, message).in_stage(stage.index).with_fix(Fix::manual(Text::new(
        format!("Pick the version to pin: `docker buildx imagetools inspect {name}:latest` shows what `latest` is today, and the registry lists the tags."),
        format!("固定するバージョンを選んでください。`docker buildx imagetools inspect {name}:latest` で現在の `latest` を確認でき、レジストリでタグ一覧を見られます。"),
    )));
}

const DOCS_EN: &str = r#"
# Base image uses the `latest` tag or no tag

## What it checks
A `FROM` line whose image has the `latest` tag, or no tag at all (which Docker reads as
`latest`), and no digest. Build arguments are expanded first, so `FROM node:${NODE_VERSION}`
is judged by the default of `NODE_VERSION`. When an argument without a default names only the
registry or path (`FROM ${REGISTRY}/ubuntu`), the last part is judged as written, since no
value of the argument can give it a tag.

## Why it is risky
`latest` is a moving label: the same Dockerfile builds a different image whenever the
publisher pushes a new one. A build can pick up a new major version, break, or silently
bring in new vulnerabilities, and you cannot tell which image a container was built from.
Pinning the version is the first step of a trusted base image.

## Example
```dockerfile
FROM node:latest
```

## Use instead
```dockerfile
FROM node:20.10.0-alpine3.18
```

## Fix
Choose the version to pin. `docker buildx imagetools inspect node:latest` shows what
`latest` points to today; the registry lists every tag. A minor version (`node:20.10-alpine`)
is acceptable; a full version is better; a digest (`@sha256:...`) is exact (see PL202).

## When it is acceptable
Throw-away local experiments. Never for images you ship or build in CI.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker docs: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
- CIS Docker Benchmark 4.2 (use trusted base images)
"#;

const DOCS_JA: &str = r#"
# ベースイメージが `latest` タグまたはタグなし

## チェック内容
`FROM` のイメージが `latest` タグ、またはタグなし（Dockerは `latest` とみなします）で、
ダイジェストも指定されていない行を検出します。ビルド引数は先に展開されるため、
`FROM node:${NODE_VERSION}` は `NODE_VERSION` のデフォルト値で判定します。デフォルト値の
ない引数がレジストリやパスだけを指定している場合（`FROM ${REGISTRY}/ubuntu`）は、引数の値に
かかわらずタグは付かないため、最後の部分を書かれたとおりに判定します。

## なぜ危険か
`latest` は移動するラベルです。公開元が新しいイメージをプッシュするたびに、同じ
Dockerfileから別のイメージがビルドされます。メジャーバージョンが変わってビルドが壊れたり、
新しい脆弱性が黙って入り込んだりし、コンテナがどのイメージから作られたかも分からなくなります。
バージョンの固定は、信頼できるベースイメージの第一歩です。

## 問題のある例
```dockerfile
FROM node:latest
```

## 代わりに
```dockerfile
FROM node:20.10.0-alpine3.18
```

## 修正方法
固定するバージョンを選びます。`docker buildx imagetools inspect node:latest` で現在の
`latest` の中身を確認でき、レジストリで全タグを確認できます。マイナーバージョンまでの指定
（`node:20.10-alpine`）は許容範囲、完全なバージョン指定がより良く、ダイジェスト
（`@sha256:...`）は完全に一意です（PL202 を参照）。

## 許容される場合
使い捨てのローカル実験だけです。配布するイメージやCIでのビルドでは使わないでください。

## 参考資料
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker ドキュメント: ベースイメージのバージョン固定](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
- CIS Docker Benchmark 4.2（信頼できるベースイメージの使用）
"#;
