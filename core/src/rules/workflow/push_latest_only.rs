use crate::report::Severity;
use crate::rules::{Diagnostics, FixAvailability, Rule, Section, WorkflowContext};

use super::resource;

pub const RULE: Rule = Rule {
    code: "PLW201",
    name: "workflow-push-latest-only",
    section: Section::BaseImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Workflow(check),
};

/// Whether a tag as written is `latest`: `repo:latest`, or a repository
/// without a tag. `None` when a variable decides it.
fn is_latest(tag: &str) -> Option<bool> {
    if tag.contains('$') {
        return None;
    }
    let last = tag.rsplit('/').next().unwrap_or(tag);
    Some(match last.split_once(':') {
        Some((_, version)) => version == "latest",
        None => !tag.contains('@'),
    })
}

/// A pushed build whose every tag is `latest`.
fn check(context: &WorkflowContext, out: &mut Diagnostics) {
    for build in context.steps.builds.iter().filter(|build| build.pushes) {
        let Some((first, span)) = build.tags.first() else {
            continue;
        };
        if !build
            .tags
            .iter()
            .all(|(tag, _)| is_latest(tag) == Some(true))
        {
            continue;
        }
        let diagnostic = out
            .report(
                *span,
                crate::text!(
                    format!("the image is pushed only as `{first}`: each push replaces the last, so a deployment cannot name, pin or roll back to a build; tag it with a version or the commit as well"),
                    format!("イメージは `{first}` としてだけプッシュされます。プッシュのたびに前のものが置き換わり、デプロイでビルドを指定・固定したり以前のビルドに戻したりできません。バージョンかコミットのタグも付けてください"),
                ),
            )
            .about(resource(context, Some(build.job), Some(build.step)));
        for (_, other) in &build.tags[1..] {
            diagnostic.also(*other, None);
        }
        diagnostic.with_fix(crate::fix::Fix::manual(crate::text!(
            "Add a tag that names this build: the version (`app:1.4.2`), or the commit (`app:${{ github.sha }}`, `app:$CI_COMMIT_SHORT_SHA`); `docker/metadata-action` writes both.",
            "このビルドを指すタグを追加します。バージョン（`app:1.4.2`）かコミット（`app:${{ github.sha }}`、`app:$CI_COMMIT_SHORT_SHA`）です。`docker/metadata-action` は両方を書けます。",
        )));
    }
}

const DOCS_EN: &str = r#"
# Image pushed only as latest

## What it checks
A CI workflow that builds and pushes an image whose every tag is `latest` (or has no tag,
which Docker reads as `latest`).

## Why it is risky
`latest` names whatever was pushed last. A deployment that pulls it cannot say which build
it runs, two nodes can run different builds under the same name, a rollback has nothing to
roll back to, and a vulnerability report about "the image" cannot be matched to the code
that produced it. Users of the image cannot pin it either, which is the first item of the
checklist for whoever builds on it.

## Example
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:latest --push .
```

## Use instead
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:latest -t ghcr.io/acme/app:${{ github.sha }} --push .
```

## Fix
Push a tag that names the build too: the release version, the commit SHA, or both;
`docker/metadata-action` computes them from the Git ref. Keep `latest` only as a
convenience alias.

## When it is acceptable
Images that are never deployed from the registry (a CI cache, a development sandbox)
and images whose consumers pin them by digest.

## References
- [docker/metadata-action](https://github.com/docker/metadata-action)
- [Docker: image tags](https://docs.docker.com/get-started/docker-concepts/building-images/build-tag-and-publish-an-image/)
"#;

const DOCS_JA: &str = r#"
# latest だけでプッシュされるイメージ

## チェック内容
イメージをビルドしてプッシュする CI ワークフローで、すべてのタグが `latest`（またはタグなし。Docker は `latest` と
読みます）のものを検出します。

## なぜ危険か
`latest` は最後にプッシュされたものを指すだけです。それを取得するデプロイはどのビルドを動かしているのか分からず、
二つのノードが同じ名前で別のビルドを動かすこともあり、ロールバックしようにも戻る先がありません。「そのイメージ」に
ついての脆弱性レポートを、それを作ったコードと突き合わせることもできません。イメージの利用者も固定できず、
その上にビルドする人にとってはチェックリストの最初の項目が満たせません。

## 問題のある例
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:latest --push .
```

## 代わりに
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:latest -t ghcr.io/acme/app:${{ github.sha }} --push .
```

## 修正方法
ビルドを指すタグもプッシュします。リリースのバージョン、コミット SHA、またはその両方です。
`docker/metadata-action` は Git の参照からそれらを計算します。`latest` は便利な別名としてだけ残します。

## 許容される場合
レジストリからデプロイされることのないイメージ（CI のキャッシュ、開発用の環境）や、利用者がダイジェストで
固定しているイメージです。

## 参考資料
- [docker/metadata-action](https://github.com/docker/metadata-action)
- [Docker: イメージのタグ](https://docs.docker.com/get-started/docker-concepts/building-images/build-tag-and-publish-an-image/)
"#;
