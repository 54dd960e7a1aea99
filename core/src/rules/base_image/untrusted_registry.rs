use crate::model::{ImageRef, DOCKER_HUB};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::span::Span;

use super::external_bases;
use super::reference::{resolved, shown};

pub const RULE: Rule = Rule {
    code: "PL203",
    name: "untrusted-registry",
    section: Section::BaseImage,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Hadolint, "DL3026")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let trusted = &context.settings.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    let list = trusted
        .iter()
        .map(|entry| format!("`{entry}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut report = |image: &ImageRef, shown: String, span: Span, stage: usize| {
        if trusted.iter().any(|entry| is_trusted(entry, image)) {
            return;
        }
        let registry = &image.registry;
        out.report(
            span,
            crate::text!(
                format!("{shown} comes from `{registry}`, which is not one of the trusted registries ({list}); use an image from a trusted registry, or add the registry to the list if your organisation has vetted it"),
                format!("{shown} は信頼済みレジストリ（{list}）に含まれない `{registry}` から取得されます。信頼済みレジストリのイメージを使うか、組織として審査済みであればレジストリを一覧に追加してください"),
            ),
        )
        .in_stage(stage);
    };
    for (stage, image) in external_bases(context) {
        report(image, shown(stage, image), stage.base_span, stage.index);
    }
    for stage in &context.model.stages {
        for (image, span) in &stage.external_sources {
            report(image, format!("`{}`", resolved(image)), *span, stage.index);
        }
    }
}

/// Whether a trusted-registry entry covers the image: a host (`gcr.io`), a
/// wildcard host (`*.example.com`, subdomains only), a host with a path
/// prefix (`gcr.io/distroless`) or `*` (every registry). `docker.io` covers images written without a
/// registry.
fn is_trusted(entry: &str, image: &ImageRef) -> bool {
    let entry = entry.trim().trim_end_matches('/').to_ascii_lowercase();
    if entry == "*" {
        return true;
    }
    let (host, path) = match entry.split_once('/') {
        Some((host, path)) => (host, Some(path)),
        None => (entry.as_str(), None),
    };
    let host = match host {
        "index.docker.io" | "registry-1.docker.io" | "hub.docker.com" => DOCKER_HUB,
        other => other,
    };
    let registry = image.registry.to_ascii_lowercase();
    let host_matches = match host.strip_prefix("*.") {
        Some(domain) => registry
            .strip_suffix(domain)
            .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
        None => host == registry,
    };
    host_matches
        && path.is_none_or(|path| {
            image.repository == path
                || image
                    .repository
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

const DOCS_EN: &str = r#"
# Image from a registry outside the trusted list

## What it checks
Only when a trusted-registry list is configured (`trusted_registries` in the settings):
every external image in `FROM`, `COPY --from=<image>` and `RUN --mount=from=<image>` must
come from one of the listed registries. An entry is a host (`registry.example.com`), a
wildcard for its subdomains (`*.example.com`), a host with a path prefix
(`gcr.io/distroless`) or `*`, which allows every registry. `docker.io` covers images written without a registry, such as
`node:20`. Build arguments with defaults are expanded first.

## Why it is risky
A registry policy is how an organisation makes "use trusted images only" enforceable: it
keeps base images and copied binaries to sources that are mirrored, scanned and signed
under its control. An image from anywhere else bypasses those checks, and typosquatted or
hijacked images on public registries are a known way to ship malware into builds.

## Example
```dockerfile trusted-registries=registry.example.com
FROM quay.io/someone/node:20
COPY --from=ghcr.io/someone/tools:1.0 /bin/tool /usr/local/bin/tool
```

## Use instead
```dockerfile trusted-registries=registry.example.com
FROM registry.example.com/base/node:20
COPY --from=registry.example.com/tools/tool:1.0 /bin/tool /usr/local/bin/tool
```

## Fix
Replace the image with its copy in a trusted registry (most organisations mirror the
public images they approve), or, after vetting the registry, add it to the list.

## When it is acceptable
Never while the policy is in force; change the policy instead of ignoring it line by line.

## References
- [Docker docs: Registry Access Management](https://docs.docker.com/security/for-admins/hardened-desktop/registry-access-management/)
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- CIS Docker Benchmark 4.2 (use trusted base images)
- CWE-829: Inclusion of functionality from an untrusted control sphere
"#;

const DOCS_JA: &str = r#"
# 信頼済み一覧にないレジストリのイメージ

## チェック内容
信頼済みレジストリの一覧（設定の `trusted_registries`）が設定されている場合に限り、
`FROM`、`COPY --from=<image>`、`RUN --mount=from=<image>` で使う外部イメージが、一覧の
レジストリから取得されているかを確認します。一覧の項目はホスト名（`registry.example.com`）、
サブドメインのワイルドカード（`*.example.com`）、パス付きのホスト名（`gcr.io/distroless`）、
すべてのレジストリを許可する `*` のいずれかです。`docker.io` は `node:20` のようにレジストリを書かないイメージにも一致します。
デフォルト値のあるビルド引数は先に展開します。

## なぜ危険か
レジストリのポリシーは「信頼できるイメージだけを使う」を組織として強制する手段です。
ベースイメージやコピーするバイナリを、組織の管理下でミラー・スキャン・署名された取得元に
限定できます。それ以外のイメージはこうした確認をすり抜けます。公開レジストリ上の
タイポスクワッティングや乗っ取られたイメージは、ビルドにマルウェアを持ち込む既知の手口です。

## 問題のある例
```dockerfile trusted-registries=registry.example.com
FROM quay.io/someone/node:20
COPY --from=ghcr.io/someone/tools:1.0 /bin/tool /usr/local/bin/tool
```

## 代わりに
```dockerfile trusted-registries=registry.example.com
FROM registry.example.com/base/node:20
COPY --from=registry.example.com/tools/tool:1.0 /bin/tool /usr/local/bin/tool
```

## 修正方法
信頼済みレジストリにある同じイメージに置き換えます（多くの組織は承認した公開イメージを
ミラーしています）。または、そのレジストリを審査したうえで一覧に追加します。

## 許容される場合
ポリシーが有効な間はありません。行ごとに無視するのではなく、ポリシー自体を見直してください。

## 参考資料
- [Docker ドキュメント: Registry Access Management](https://docs.docker.com/security/for-admins/hardened-desktop/registry-access-management/)
- [Dockerfile リファレンス: FROM](https://docs.docker.com/reference/dockerfile/#from)
- CIS Docker Benchmark 4.2（信頼できるベースイメージの使用）
- CWE-829: 信頼できない制御領域からの機能の取り込み
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_entries() {
        let image = |text: &str| ImageRef::parse(text).unwrap();
        assert!(is_trusted("docker.io", &image("node:20")));
        assert!(is_trusted("index.docker.io/library", &image("node:20")));
        assert!(!is_trusted("docker.io/library", &image("bitnami/redis")));
        assert!(is_trusted(
            "*.example.com",
            &image("registry.example.com/a")
        ));
        assert!(!is_trusted("*.example.com", &image("example.com/a")));
        assert!(!is_trusted("*.example.com", &image("badexample.com/a")));
        assert!(is_trusted(
            "gcr.io/distroless",
            &image("gcr.io/distroless/static")
        ));
        assert!(!is_trusted(
            "gcr.io/distroless",
            &image("gcr.io/distrolessx/static")
        ));
        assert!(is_trusted("LOCALHOST:5000/", &image("localhost:5000/app")));
    }
}
