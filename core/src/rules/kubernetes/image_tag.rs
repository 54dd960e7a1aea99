use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{containers, label};
use crate::companion::deploy_tools::image_name;

pub const RULE: Rule = Rule {
    code: "PLK201",
    name: "k8s-image-tag",
    section: Section::BaseImage,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Checkov, "CKV_K8S_14"),
        alias(Tool::Trivy, "KSV-0013"),
        alias(Tool::KubeLinter, "latest-tag"),
        alias(Tool::Polaris, "tagNotSpecified"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

/// The tag of an image reference (`None` without one), unless it is
/// pinned by digest; `Err` for a digest.
fn tag(image: &str) -> Result<Option<&str>, ()> {
    if image.contains('@') {
        return Err(());
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    Ok(last.split_once(':').map(|(_, tag)| tag))
}

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, built) in containers(context) {
        let Some(value) = container.get("image") else {
            continue;
        };
        let Some(image) = value.as_str() else {
            continue;
        };
        // Templated references are filled in by a tool before they deploy,
        // and so are the names kustomize or Skaffold give a tag.
        let replaced = context
            .replaced_images
            .iter()
            .any(|name| name == image_name(image.trim()));
        if image.contains(['$', '{', '<']) || image.trim().is_empty() || replaced {
            continue;
        }
        let (en, ja) = match tag(image) {
            Err(()) => continue,
            Ok(None) => (
                "has no tag, so it means `latest`",
                "にタグがなく、`latest` の意味になります",
            ),
            Ok(Some("latest")) => ("uses the `latest` tag", "は `latest` タグを使っています"),
            Ok(Some(_)) => continue,
        };
        let name = label(container);
        let diagnostic = match built {
            // The project builds this image: a bare name is often the
            // placeholder a deploy tool (Skaffold, kustomize `images:`, ko)
            // replaces with the tag it builds.
            Some(built) if tag(image) == Ok(None) => out
                .report(
                    value.span(),
                    crate::text!(
                        format!("the image `{image}` of {} {en}; if a deploy tool (Skaffold, kustomize `images:`) replaces it with the tag it builds from `{}`, this is its placeholder; otherwise pin the version you deploy", name.en, built.path),
                        format!("{}のイメージ `{image}` {ja}。デプロイツール（Skaffold、kustomize の `images:`）が `{}` からビルドしたタグに置き換えるなら、これはそのプレースホルダーです。そうでなければデプロイするバージョンで固定してください", name.ja, built.path),
                    ),
                )
                .rated(Severity::Low),
            _ => out.report(
                value.span(),
                crate::text!(
                    format!("the image `{image}` of {} {en}: each node pulls whatever the tag points to when it starts the pod, so replicas can run different code and a rollback restores nothing; pin a version tag or a digest", name.en),
                    format!("{}のイメージ `{image}` {ja}。各ノードは Pod の起動時にタグが指すものを取得するため、レプリカごとに違うコードが動き、ロールバックしても元に戻りません。バージョンのタグかダイジェストで固定してください", name.ja),
                ),
            ),
        };
        diagnostic
            .about(container.resource())
            .with_fix(Fix::manual(crate::text!(
                "Use the version you tested (`image: example/app:1.4.2`), or its digest (`image: example/app@sha256:...`) for an immutable reference.",
                "テストしたバージョンを指定します（`image: example/app:1.4.2`）。変わらない参照にするにはダイジェスト（`image: example/app@sha256:...`）を使います。",
            )));
    }
}

const DOCS_EN: &str = r#"
# Kubernetes image without a version

## What it checks
A container whose `image` has no tag or the `latest` tag, and no digest. References with
template placeholders (`${TAG}`, `{{ .Values.tag }}`) are skipped: a tool fills them in;
so are the images a deploy tool of the project tags when it deploys the manifest: the
`images:` of a `kustomization.yaml` (with `newTag` or `digest`) in the manifest's directory,
above it, or in an overlay whose resources include it, and the build artifacts of a
`skaffold.yaml` in the manifest's directory or above.
An image without a tag that the project's own Dockerfile builds is rated low: deploy tools
(Skaffold, kustomize `images:`, ko) often use the bare name as a placeholder for the tag
they build.

## Why it is risky
`latest` is whatever was pushed last. With it (and the `Always` pull policy Kubernetes then
uses), every node that starts a pod may pull a different image: replicas of one Deployment
run different code, a rollback re-deploys the new image, and a compromised registry push
reaches production at the next restart without any change to the manifest.

## Example
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:latest
```

## Use instead
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4.2
```

## Fix
Deploy the version you tested, by tag, or by digest (`@sha256:...`) for a reference that
cannot change; let the CI pipeline write it into the manifest.

## When it is acceptable
Throwaway development clusters where the newest image is the point.

## References
- [Kubernetes: images, image names and tags](https://kubernetes.io/docs/concepts/containers/images/)
- [Kubernetes configuration best practices: container images](https://kubernetes.io/docs/concepts/configuration/overview/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のイメージにバージョンがない

## チェック内容
`image` にタグがないか `latest` タグで、ダイジェストもないコンテナを検出します。テンプレートの
プレースホルダー（`${TAG}`、`{{ .Values.tag }}`）を含む参照は、ツールが埋めるため対象外です。
プロジェクトのデプロイツールがデプロイ時にタグを付けるイメージも対象外です。マニフェストと同じ
ディレクトリかその上、またはリソースにマニフェストを含むオーバーレイにある `kustomization.yaml` の
`images:`（`newTag` か `digest` のあるもの）と、同じディレクトリかその上にある `skaffold.yaml` の
ビルド成果物（artifacts）のイメージです。
プロジェクトの Dockerfile がビルドするイメージでタグがないものは低とします。デプロイツール
（Skaffold、kustomize の `images:`、ko）はタグのない名前を、ビルドしたタグのプレースホルダーとして
よく使うからです。

## なぜ危険か
`latest` は最後にプッシュされたものです。このタグ（と、そのとき Kubernetes が使う `Always` の
プルポリシー）では、Pod を起動するノードごとに違うイメージを取得し得ます。1 つの Deployment の
レプリカが違うコードを動かし、ロールバックしても新しいイメージが再デプロイされ、レジストリへの
不正なプッシュはマニフェストを変えないまま次の再起動で本番に届きます。

## 問題のある例
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:latest
```

## 代わりに
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4.2
```

## 修正方法
テストしたバージョンをタグで、変わらない参照にするならダイジェスト（`@sha256:...`）でデプロイ
します。CI パイプラインにマニフェストへ書き込ませてください。

## 許容される場合
最新のイメージを使うこと自体が目的の、使い捨ての開発用クラスターです。

## 参考資料
- [Kubernetes: イメージ、イメージ名とタグ](https://kubernetes.io/docs/concepts/containers/images/)
- [Kubernetes の設定のベストプラクティス: コンテナイメージ](https://kubernetes.io/docs/concepts/configuration/overview/)
"#;

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tags_digests_and_registry_ports() {
        assert_eq!(tag("nginx"), Ok(None));
        assert_eq!(tag("registry.example:5000/team/app"), Ok(None));
        assert_eq!(tag("registry.example:5000/team/app:1.2"), Ok(Some("1.2")));
        assert_eq!(tag("app:latest"), Ok(Some("latest")));
        assert_eq!(tag("app@sha256:abc"), Err(()));
    }
}
