use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use crate::model::Base;

use super::image_uses;
use super::reference::{resolved, tagged};

pub const RULE: Rule = Rule {
    code: "PL202",
    name: "base-image-not-pinned-by-digest",
    section: Section::BaseImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Semgrep, "dockerfile-source-not-pinned"),
        alias(Tool::Dockle, "CIS-DI-0005"),
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
        let shown = &image_use.shown;
        let pinned = tagged(image);
        let lookup = resolved(image);
        let written_as = image_use.written_as;
        out.report(
            image_use.span,
            crate::text!(
                format!("{shown} is not pinned by digest, so the publisher can point the tag at different content at any time; pin it as `{pinned}@sha256:<digest>`"),
                format!("{shown} はダイジェストで固定されていないため、公開元がいつでもタグを別の内容に付け替えられます。`{pinned}@sha256:<digest>` のように固定してください"),
            ),
        )
        .in_stage(image_use.stage)
        .with_fix(Fix::manual(crate::text!(
            format!("Look up the digest with `docker buildx imagetools inspect {lookup}` or `crane digest {lookup}`, then write `{written_as}{pinned}@sha256:<digest>`; keep the tag for readers and let Renovate or Dependabot update both."),
            format!("`docker buildx imagetools inspect {lookup}` または `crane digest {lookup}` でダイジェストを調べ、`{written_as}{pinned}@sha256:<digest>` と書いてください。タグは読み手のために残し、更新は Renovate や Dependabot に任せられます。"),
        )));
    }
    // `FROM python:3.12@v1`: something after `@` that is not a digest.
    for stage in &context.model.stages {
        let Base::Invalid { expanded, .. } = &stage.base else {
            continue;
        };
        let Some((name, digest)) = expanded.rsplit_once('@') else {
            continue;
        };
        let is_digest = digest.split_once(':').is_some_and(|(algorithm, hex)| {
            !algorithm.is_empty() && hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
        });
        if is_digest || name.is_empty() || name.contains(char::is_whitespace) {
            continue;
        }
        out.report(
            stage.base_span,
            crate::text!(
                format!("`{expanded}` ends in `@{digest}`, which is not a digest, so the image is not pinned and BuildKit refuses the reference; pin it as `{name}@sha256:<digest>`"),
                format!("`{expanded}` の末尾の `@{digest}` はダイジェストではないため、イメージは固定されておらず、BuildKit はこの参照を受け付けません。`{name}@sha256:<digest>` のように固定してください"),
            ),
        )
        .in_stage(stage.index);
    }
}

const DOCS_EN: &str = r#"
# Base image not pinned by digest

## What it checks
Every `FROM` line that names an external image without an `@sha256:` digest, in every
stage: a builder stage produces the binaries you ship, so its base matters as much as the
final one. `scratch`, earlier stages (`FROM builder`) and images that depend on a build
argument without a default are skipped. Build arguments with defaults are expanded first.
Something after `@` that is not a digest (`@v1`, a bare `@sha256`) pins nothing and is
reported too. Images pulled by `COPY --from=<image>` and `RUN --mount=from=<image>` are judged
the same way (a one-word name with no tag may be a named build context and is left alone).

## Why it is risky
A tag, even a full version such as `node:20.10.0-alpine3.18`, is a label the publisher
(or anyone who takes over their account or registry) can move to different content. A
digest names the content itself: the build gets exactly the bytes you reviewed and scanned,
or fails. It is the most reliable form of version pinning, and it makes builds reproducible
and auditable.

## Example
```dockerfile
FROM node:20-alpine
```

## Use instead
```dockerfile
FROM node:20-alpine@sha256:0d8e9e4d33a3a1c2b8b74b4e3b8ab5ab8b8a7d6f3d2b1e4a5c6d7e8f9a0b1c2d
```

## Fix
Look up the digest of the tag you use, for the platforms you build:

```sh
docker buildx imagetools inspect node:20-alpine
crane digest node:20-alpine
```

Write it after the tag: `FROM node:20-alpine@sha256:<digest>`. When both are present
Docker uses the digest and ignores the tag, so keep the tag only for readers. Let a
dependency bot (Renovate, Dependabot) update the digest when the publisher ships security
fixes, so pinning does not freeze you on an old, vulnerable image.

## When it is acceptable
Local experiments, and internal images whose tags your own pipeline makes immutable.
Without an update bot, a digest pin can keep you on an unpatched image: pin and update
together.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker docs: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
- [docker buildx imagetools inspect](https://docs.docker.com/reference/cli/docker/buildx/imagetools/inspect/)
- CIS Docker Benchmark 4.2 (use trusted base images) and 4.5 (content trust)
"#;

const DOCS_JA: &str = r#"
# ベースイメージがダイジェストで固定されていない

## チェック内容
外部イメージを `@sha256:` ダイジェストなしで指定している `FROM` 行を、すべてのステージで
検出します。ビルドステージは配布するバイナリを作るため、そのベースも最終ステージと同じくらい
重要です。`scratch`、前のステージ（`FROM builder`）、デフォルト値のないビルド引数に依存する
イメージは対象外です。デフォルト値のあるビルド引数は先に展開します。`@` の後ろがダイジェスト
でない場合（`@v1` や値のない `@sha256`）も何も固定していないため検出します。
`COPY --from=<イメージ>` や `RUN --mount=from=<イメージ>` で取得するイメージも同じように判定します
（タグのない一語の名前は名前付きビルドコンテキストかもしれないため対象外です）。

## なぜ危険か
タグは、`node:20.10.0-alpine3.18` のような完全なバージョンであっても、公開元（あるいは
そのアカウントやレジストリを乗っ取った第三者）が別の内容に付け替えられるラベルです。
ダイジェストは内容そのものを指すため、レビューやスキャンをしたのとまったく同じバイト列で
ビルドされるか、さもなければビルドが失敗します。最も確実なバージョン固定の方法であり、
ビルドの再現性と監査性も高まります。

## 問題のある例
```dockerfile
FROM node:20-alpine
```

## 代わりに
```dockerfile
FROM node:20-alpine@sha256:0d8e9e4d33a3a1c2b8b74b4e3b8ab5ab8b8a7d6f3d2b1e4a5c6d7e8f9a0b1c2d
```

## 修正方法
使っているタグのダイジェストを、ビルドするプラットフォーム向けに調べます。

```sh
docker buildx imagetools inspect node:20-alpine
crane digest node:20-alpine
```

タグの後ろに `FROM node:20-alpine@sha256:<digest>` のように書きます。両方がある場合、
Docker はダイジェストを使いタグを無視するので、タグは読み手のための表示として残します。
公開元がセキュリティ修正を出したときにダイジェストを更新できるよう、Renovate や Dependabot
などの依存関係更新ボットと組み合わせてください。固定したまま古い脆弱なイメージに
取り残されないようにするためです。

## 許容される場合
ローカルでの実験や、自社のパイプラインがタグを不変にしている社内イメージです。
更新の仕組みがないままダイジェストで固定すると、修正の入っていないイメージを使い続けることに
なります。固定と更新は必ずセットにしてください。

## 参考資料
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker ドキュメント: ベースイメージのバージョン固定](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
- [docker buildx imagetools inspect](https://docs.docker.com/reference/cli/docker/buildx/imagetools/inspect/)
- CIS Docker Benchmark 4.2（信頼できるベースイメージの使用）、4.5（コンテントトラスト）
"#;
