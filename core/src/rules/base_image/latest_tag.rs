use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use crate::model::{Base, ImageRef};
use crate::span::Span;

use super::image_uses;

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
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for image_use in image_uses(context) {
        let image = image_use.image;
        if image.digest.is_some() || image_use.may_be_build_context() {
            continue;
        }
        let kind = match image.tag.as_deref() {
            _ if is_distroless(image) => match distroless_release(image) {
                Some(_) => continue,
                None => Kind::NoRelease(image.tag.as_deref().unwrap_or("latest")),
            },
            None => Kind::NoTag,
            Some("latest") => Kind::Latest,
            Some(tag) if names_only_a_variant(image, tag) => Kind::Variant(tag),
            Some(_) => continue,
        };
        let floating = Floating {
            shown: &image_use.shown,
            name: &image.familiar_name(),
            kind,
        };
        report(out, image_use.stage, image_use.tag_span, &floating);
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
        let kind = match last.split_once(':') {
            None => Kind::NoTag,
            Some((_, "latest")) => Kind::Latest,
            Some(_) => continue,
        };
        let name = stage
            .base_text
            .strip_suffix(":latest")
            .unwrap_or(&stage.base_text);
        let floating = Floating {
            shown: &format!("`{}`", stage.base_text),
            name,
            kind,
        };
        report(out, stage.index, stage.base_span, &floating);
    }
}

/// A tag that names a variant and no version (`slim`, `alpine`, `lts`,
/// `bookworm` on `node`): it follows every new release like `latest`. A
/// release codename is the version of a distribution image
/// (`debian:bookworm`, `buildpack-deps:trixie-scm`), Node.js names its
/// long-term release lines (`node:carbon` is Node.js 8), and ROS its
/// distributions (`osrf/ros:jazzy-desktop-full`).
fn names_only_a_variant(image: &ImageRef, tag: &str) -> bool {
    if tag.bytes().any(|byte| byte.is_ascii_digit()) {
        return false;
    }
    let first = tag.split('-').next().unwrap_or(tag);
    let versioned = match image.short_name() {
        "debian" | "ubuntu" | "buildpack-deps" => DISTRIBUTION_CODENAMES.contains(&first),
        // Operating system base images of other makers name the release the
        // same way (`devcontainers/base:trixie`, `baseimage-ubuntu:noble`).
        name if is_os_base(name) => DISTRIBUTION_CODENAMES.contains(&first),
        "node" => NODE_RELEASE_LINES.contains(&first),
        "ros" | "ros2" => ROS_DISTRIBUTIONS.contains(&first),
        _ => false,
    };
    !versioned
}

/// A repository name that says the image is an operating system base:
/// `base`, `baseimage-ubuntu`, `raspberrypi3-debian`.
fn is_os_base(name: &str) -> bool {
    name.split(['-', '_', '.'])
        .any(|word| matches!(word, "base" | "baseimage" | "debian" | "ubuntu"))
}

fn is_distroless(image: &ImageRef) -> bool {
    image.registry == "gcr.io" && image.repository.starts_with("distroless/")
}

/// Distroless publishes no version tags (`latest`, `nonroot`, `debug`): its
/// repository names the Debian release (`static-debian12`), which pins it as
/// a version does; without one (`static`) the image moves to the next release.
fn distroless_release(image: &ImageRef) -> Option<&str> {
    image
        .short_name()
        .rsplit_once("-debian")
        .map(|(_, release)| release)
        .filter(|release| !release.is_empty() && release.bytes().all(|byte| byte.is_ascii_digit()))
}

/// Release names of Debian and Ubuntu, which pin a release as a number does.
const DISTRIBUTION_CODENAMES: &[&str] = &[
    "duke", "forky", "trixie", "bookworm", "bullseye", "buster", "stretch", "jessie", "wheezy",
    "squeeze", "resolute", "questing", "plucky", "oracular", "noble", "mantic", "lunar", "kinetic",
    "jammy", "impish", "hirsute", "groovy", "focal", "eoan", "disco", "cosmic", "bionic", "artful",
    "zesty", "yakkety", "xenial", "wily", "vivid", "utopic", "trusty", "saucy", "raring",
    "quantal", "precise",
];

/// Tag words that name a release channel rather than a build: a pinned tag
/// replaces them with the version (`node:lts-alpine` → `node:<version>-alpine`).
const CHANNELS: &[&str] = &[
    "latest", "lts", "current", "stable", "mainline", "nightly", "edge",
];

/// The tag to suggest for a variant tag: the version, then the variant
/// without its channel words.
fn pinned_variant(name: &str, tag: &str) -> String {
    let variant: Vec<&str> = tag
        .split('-')
        .skip_while(|word| CHANNELS.contains(word))
        .collect();
    if variant.is_empty() {
        format!("{name}:<version>")
    } else {
        format!("{name}:<version>-{}", variant.join("-"))
    }
}

/// ROS distributions (`osrf/ros:jazzy-desktop-full`), each a release as
/// a version number is; not `rolling`, which moves.
const ROS_DISTRIBUTIONS: &[&str] = &[
    "kilted", "jazzy", "iron", "humble", "galactic", "foxy", "eloquent", "dashing", "crystal",
    "bouncy", "ardent", "noetic", "melodic", "lunar", "kinetic", "jade", "indigo",
];

/// Node.js long-term release lines, one major version each.
const NODE_RELEASE_LINES: &[&str] = &[
    "argon", "boron", "carbon", "dubnium", "erbium", "fermium", "gallium", "hydrogen", "iron",
    "jod", "krypton",
];

enum Kind<'a> {
    Latest,
    NoTag,
    /// A tag that names only a variant (`slim`).
    Variant(&'a str),
    /// A distroless image whose name gives no Debian release, with its tag.
    NoRelease(&'a str),
}

/// A base image that moves: how the message shows it, the full name to pin
/// and inspect, and why it moves.
struct Floating<'a> {
    shown: &'a str,
    name: &'a str,
    kind: Kind<'a>,
}

fn report(out: &mut Diagnostics, stage: usize, span: Span, floating: &Floating) {
    let Floating { shown, name, kind } = floating;
    let (message, inspect) = match kind {
        Kind::Latest => (
            crate::text!(
                format!("{shown} uses the `latest` tag, which moves to a new image without notice; pin a version such as `{name}:<version>`"),
                format!("{shown} は `latest` タグを使っています。予告なく別のイメージに変わるため、`{name}:<version>` のようにバージョンを固定してください"),
            ),
            format!("{name}:latest"),
        ),
        Kind::NoTag => (
            crate::text!(
                format!("{shown} has no tag, so it means `latest` and moves to a new image without notice; pin a version such as `{name}:<version>`"),
                format!("{shown} にはタグがないため `latest` と同じ扱いになり、予告なく変わります。`{name}:<version>` のようにバージョンを固定してください"),
            ),
            format!("{name}:latest"),
        ),
        Kind::NoRelease(tag) => (
            crate::text!(
                format!("{shown} names no Debian release, so it moves to the next one when distroless does (distroless publishes no version tags); name the release, such as `{name}-debian12:{tag}`, and pin its digest"),
                format!("{shown} は Debian のリリースを示していないため、distroless が次のリリースに移ると一緒に変わります（distroless にはバージョンタグがありません）。`{name}-debian12:{tag}` のようにリリースを名前で示し、ダイジェストで固定してください"),
            ),
            format!("{name}-debian12:{tag}"),
        ),
        Kind::Variant(tag) => {
            let pinned = pinned_variant(name, tag);
            (
                crate::text!(
                    format!("{shown} names only the variant `{tag}` and no version, so like `latest` it moves to every new release; pin a version such as `{pinned}`"),
                    format!("{shown} のタグは派生版 `{tag}` だけを示しバージョンを含まないため、`latest` と同じく新しいリリースのたびに変わります。`{pinned}` のようにバージョンを固定してください"),
                ),
                format!("{name}:{tag}"),
            )
        }
    };
    out.report(span, message).in_stage(stage).with_fix(Fix::manual(crate::text!(
        format!("Pick the version to pin: `docker buildx imagetools inspect {inspect}` shows what it is today, and the registry lists the tags."),
        format!("固定するバージョンを選んでください。`docker buildx imagetools inspect {inspect}` で現在の内容を確認でき、レジストリでタグ一覧を見られます。"),
    )));
}

const DOCS_EN: &str = r#"
# Base image uses the `latest` tag or no tag

## What it checks
A `FROM` line whose image has the `latest` tag, no tag at all (which Docker reads as
`latest`), or a tag that names only a variant and no version (`python:slim`, `node:alpine`,
`nginx:mainline`, `debian:stable`), and no digest; such tags move to every new release just as
`latest` does. A release codename counts as a version for distribution images
(`debian:bookworm`, `buildpack-deps:trixie-scm`) and for other makers' operating system base
images (`mcr.microsoft.com/devcontainers/base:trixie`, `linuxserver/baseimage-ubuntu:noble`),
and so does a Node.js release line
(`node:carbon`), a ROS distribution (`osrf/ros:jazzy-desktop-full`; not `rolling`), and the Debian release in a distroless repository
(`gcr.io/distroless/static-debian12:nonroot`), which publishes no version tags; a distroless
image that names no release (`gcr.io/distroless/static:nonroot`) is told to name one. The suggested
pin replaces a release channel with the version (`node:lts-alpine` becomes
`node:<version>-alpine`). Images pulled by `COPY --from=<image>` and `RUN --mount=from=<image>` are
judged the same way (a one-word name with no tag may be a named build context and is left
alone). The suggested pin keeps the full image name (`prom/busybox:<version>`). Build
arguments are expanded first, so `FROM node:${NODE_VERSION}` is judged by the default of
`NODE_VERSION`. When an argument without a default names only the
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

```dockerfile
FROM python:slim
COPY --from=prom/busybox /bin/busybox /bin/busybox
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
`FROM` のイメージが `latest` タグ、タグなし（Dockerは `latest` とみなします）、または
バージョンを含まず派生版だけを示すタグ（`python:slim`、`node:alpine`、`nginx:mainline`、
`debian:stable`）で、ダイジェストも指定されていない行を検出します。こうしたタグは `latest` と
同じく新しいリリースのたびに変わります。ディストリビューションのイメージではリリースの
コードネームがバージョンにあたり（`debian:bookworm`、`buildpack-deps:trixie-scm`）、他の作成元による
OS のベースイメージ（`mcr.microsoft.com/devcontainers/base:trixie`、`linuxserver/baseimage-ubuntu:noble`）も
同じです。Node.js の
リリースライン（`node:carbon`）も、ROS のディストリビューション（`osrf/ros:jazzy-desktop-full`。
`rolling` は除く）も、バージョンのタグを公開しない distroless のリポジトリ名にある
Debian のリリース（`gcr.io/distroless/static-debian12:nonroot`）も同様です。リリースを名前に
含まない distroless のイメージ（`gcr.io/distroless/static:nonroot`）には、リリースを示すよう提案します。固定の提案では
リリースのチャンネルをバージョンに置き換えます（`node:lts-alpine` は `node:<version>-alpine`）。
`COPY --from=<イメージ>` や
`RUN --mount=from=<イメージ>` で取得するイメージも同じように判定します（タグのない一語の名前は
名前付きビルドコンテキストかもしれないため対象外です）。固定の提案ではイメージ名を省略せずに
示します（`prom/busybox:<version>`）。ビルド引数は先に展開されるため、
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

```dockerfile
FROM python:slim
COPY --from=prom/busybox /bin/busybox /bin/busybox
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
