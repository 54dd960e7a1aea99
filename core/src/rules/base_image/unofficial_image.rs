use crate::model::Base;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::reference::shown;

pub const RULE: Rule = Rule {
    code: "PL204",
    name: "unofficial-base-image",
    section: Section::BaseImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Dockle, "CIS-DI-0002"), alias(Tool::Cis, "4.2")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Registries and namespaces whose images a known vendor publishes and signs
/// (`registry/repository` prefixes). General-purpose registries where anyone
/// can publish (Docker Hub outside `library/`, ghcr.io, quay.io) are absent.
const VENDOR_PREFIXES: &[&str] = &[
    "docker.io/docker/",
    "mirror.gcr.io/library/",
    "public.ecr.aws/docker/library/",
    "public.ecr.aws/amazonlinux/",
    "public.ecr.aws/lambda/",
    "gcr.io/distroless/",
    "mcr.microsoft.com/",
    "registry.access.redhat.com/",
    "registry.redhat.io/",
    "registry.k8s.io/",
    "cgr.dev/chainguard/",
];

fn check(context: &Context, out: &mut Diagnostics) {
    if !context.settings.trusted_registries.is_empty() {
        // PL203 enforces the configured policy instead.
        return;
    }
    let Some(final_stage) = context.model.final_stage else {
        return;
    };
    let root = *context
        .model
        .ancestry(final_stage)
        .last()
        .unwrap_or(&final_stage);
    let stage = &context.model.stages[root];
    let Base::Image(image) = &stage.base else {
        return;
    };
    let full = format!("{}/{}", image.registry, image.repository);
    if image.is_official()
        || VENDOR_PREFIXES
            .iter()
            .any(|prefix| full.starts_with(prefix))
    {
        return;
    }
    let shown = shown(stage, image);
    let (publisher, publisher_ja) = if image.explicit_registry {
        let registry = &image.registry;
        (
            format!("the registry `{registry}`"),
            format!("レジストリ `{registry}`"),
        )
    } else {
        let namespace = image.repository.split('/').next().unwrap_or_default();
        (
            format!("the Docker Hub account `{namespace}`"),
            format!("Docker Hub アカウント `{namespace}`"),
        )
    };
    out.report(
        stage.base_span,
        crate::text!(
            format!("the final image is built on {shown}, which is neither a Docker Official Image nor from a known vendor registry; confirm that you trust {publisher} (Docker Verified Publisher badge, signed images, a maintained source repository) or switch to an official image"),
            format!("最終イメージのベース {shown} は Docker 公式イメージでも既知のベンダーのレジストリのものでもありません。{publisher_ja} を信頼できるか（Docker Verified Publisher バッジ、署名付きイメージ、保守されているソースリポジトリ）を確認するか、公式イメージに切り替えてください"),
        ),
    )
    .in_stage(stage.index);
}

const DOCS_EN: &str = r#"
# Final image built on an image of unknown origin

## What it checks
The image at the root of the final stage (following `FROM <stage>` chains): it should be a
Docker Official Image (`node`, `python`, `docker.io/library/...`) or come from a known
vendor registry: `gcr.io/distroless`, `mcr.microsoft.com`, `registry.access.redhat.com`,
`registry.redhat.io`, `registry.k8s.io`, `cgr.dev/chainguard`, `public.ecr.aws` (its
official-image mirror, Amazon Linux and Lambda) and Docker's own `docker/` namespace.
Other images on registries where anyone can publish (Docker Hub accounts, `ghcr.io`,
`quay.io`) are reported. The rule is off when a trusted-registry list is configured: PL203
enforces that policy instead.

## Why it is risky
Everything in the base image runs in your container. An image from an unknown account may
be unmaintained, full of known vulnerabilities, or built to steal credentials; names like
`random-user/node` are easy to mistake for the official `node`. The seed guidance is to use
official or verified images and to avoid images of unknown origin.

## Example
```dockerfile
FROM random-user/node:20
```

## Use instead
```dockerfile
FROM node:20-alpine
```

## Fix
Switch to the Docker Official Image or the vendor's own image. If you need this image,
check who publishes it: the Docker Verified Publisher or Sponsored OSS badge on Docker Hub,
signatures (`cosign verify`, Docker Content Trust), a linked source repository and recent
updates. Images your organisation builds belong in a registry you list in
`trusted_registries`, which also turns this rule into the stricter PL203.

## When it is acceptable
Images from publishers you have vetted, such as a Docker Verified Publisher or your own
organisation's registry; suppress the finding with the reason.

## References
- [Docker Official Images](https://docs.docker.com/docker-hub/repos/manage/trusted-content/official-images/)
- [Docker Verified Publisher program](https://docs.docker.com/docker-hub/repos/manage/trusted-content/dvp-program/)
- [Docker docs: choose the right base image](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
- CIS Docker Benchmark 4.2 (use trusted base images)
"#;

const DOCS_JA: &str = r#"
# 出所が不明なイメージを最終イメージのベースにしている

## チェック内容
最終ステージの根元にあるイメージ（`FROM <stage>` の連鎖をたどった先）を確認します。
Docker 公式イメージ（`node`、`python`、`docker.io/library/...`）か、既知のベンダーの
レジストリ（`gcr.io/distroless`、`mcr.microsoft.com`、`registry.access.redhat.com`、
`registry.redhat.io`、`registry.k8s.io`、`cgr.dev/chainguard`、`public.ecr.aws` の公式
イメージミラー・Amazon Linux・Lambda、Docker 自身の `docker/` 名前空間）のものであるべきです。
誰でも公開できるレジストリ（Docker Hub の個人・組織アカウント、`ghcr.io`、`quay.io`）の
その他のイメージを検出します。信頼済みレジストリの一覧が設定されている場合、このルールは
無効になり、代わりに PL203 がそのポリシーを適用します。

## なぜ危険か
ベースイメージの中身はすべてコンテナ内で動きます。出所不明のアカウントのイメージは、
保守されていない、既知の脆弱性だらけ、あるいは認証情報を盗むために作られている可能性が
あります。`random-user/node` のような名前は公式の `node` と見間違えやすいものです。
信頼できるイメージの選択として、公式または検証済みのイメージを使い、出所不明のイメージは
避けることが推奨されています。

## 問題のある例
```dockerfile
FROM random-user/node:20
```

## 代わりに
```dockerfile
FROM node:20-alpine
```

## 修正方法
Docker 公式イメージか、ベンダー自身が公開するイメージに切り替えます。どうしてもこの
イメージが必要な場合は公開元を確認してください。Docker Hub の Docker Verified Publisher
や Sponsored OSS のバッジ、署名（`cosign verify`、Docker Content Trust）、リンクされた
ソースリポジトリ、最近の更新の有無が手がかりになります。組織でビルドしたイメージは
`trusted_registries` に登録したレジストリに置きましょう。そうするとこのルールの代わりに、
より厳格な PL203 が適用されます。

## 許容される場合
Docker Verified Publisher や自組織のレジストリなど、審査済みの公開元のイメージです。
理由を添えて抑制してください。

## 参考資料
- [Docker 公式イメージ](https://docs.docker.com/docker-hub/repos/manage/trusted-content/official-images/)
- [Docker Verified Publisher プログラム](https://docs.docker.com/docker-hub/repos/manage/trusted-content/dvp-program/)
- [Docker ドキュメント: 適切なベースイメージの選択](https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image)
- CIS Docker Benchmark 4.2（信頼できるベースイメージの使用）
"#;
