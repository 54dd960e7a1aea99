use crate::report::Severity;
use crate::rules::{Diagnostics, FixAvailability, Rule, Section, WorkflowContext};

use super::resource;

pub const RULE: Rule = Rule {
    code: "PLW302",
    name: "workflow-image-not-scanned",
    section: Section::Packages,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Workflow(check),
};

/// A workflow that pushes images and scans none, when no other workflow of
/// the project scans either.
fn check(context: &WorkflowContext, out: &mut Diagnostics) {
    if !context.steps.scans.is_empty() || context.scanned_elsewhere {
        return;
    }
    let fix = || {
        crate::fix::Fix::manual(crate::text!(
            "Scan the image after it is built and before it is pushed, failing on CRITICAL and HIGH: `aquasecurity/trivy-action` with `exit-code: '1'` and `severity: CRITICAL,HIGH`, or `trivy image --exit-code 1 --severity CRITICAL,HIGH <image>`.",
            "ビルドした後、プッシュする前にイメージをスキャンし、CRITICAL と HIGH で失敗させます。`exit-code: '1'` と `severity: CRITICAL,HIGH` を指定した `aquasecurity/trivy-action`、または `trivy image --exit-code 1 --severity CRITICAL,HIGH <イメージ>` です。",
        ))
    };
    // Nothing in the workflow scans: that is one finding, pointing at every
    // push (each job's build, each `docker push`).
    let builds = context
        .steps
        .builds
        .iter()
        .filter(|build| build.pushes)
        .map(|build| {
            let message = crate::text!(
                "the workflow builds and pushes the image without scanning it for vulnerabilities; scan it before the push and fail on CRITICAL and HIGH",
                "ワークフローはイメージをビルドしてプッシュしますが、脆弱性をスキャンしていません。プッシュの前にスキャンし、CRITICAL と HIGH で失敗させてください",
            );
            (build.span, build.job, message)
        });
    let pushes = context.steps.pushes.iter().map(|push| {
        let image = &push.image;
        let message = crate::text!(
            format!("`{image}` is pushed without a vulnerability scan in the workflow; scan it before the push and fail on CRITICAL and HIGH"),
            format!("`{image}` はワークフローで脆弱性をスキャンせずにプッシュされます。プッシュの前にスキャンし、CRITICAL と HIGH で失敗させてください"),
        );
        (push.span, push.job, message)
    });
    let mut places = builds.chain(pushes).collect::<Vec<_>>();
    places.sort_by_key(|(span, _, _)| span.start);
    let Some(((span, job, message), others)) = places.split_first() else {
        return;
    };
    let diagnostic = out
        .report(*span, message.clone())
        .about(resource(context, Some(*job), None))
        .with_fix(fix());
    for (span, _, other) in others {
        diagnostic.also(*span, (other != message).then(|| other.clone()));
    }
}

const DOCS_EN: &str = r#"
# Image pushed without a vulnerability scan

## What it checks
A CI workflow that builds and pushes an image (`docker build --push`, `docker push`,
`docker/build-push-action` with `push: true`, kaniko with `--destination`, podman and
buildah) when neither it nor another workflow of the project runs a vulnerability scan
(Trivy, Grype, Docker Scout, Snyk, GitLab container scanning). A workflow is one finding,
on its first push, pointing at every other push of every job.

## Why it is risky
The registry is where images are pulled from: an image pushed unscanned can be deployed
with known CRITICAL vulnerabilities in its base image or packages, and nobody learns of
them until someone scans by hand. The checklist's "automate scanning in CI/CD" item fails
for the Dockerfile the workflow builds.

## Example
```yaml file=.github/workflows/release.yml
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:${{ github.ref_name }} --push .
```

## Use instead
```yaml file=.github/workflows/release.yml
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:${{ github.ref_name }} .
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          image-ref: ghcr.io/acme/app:${{ github.ref_name }}
          exit-code: '1'
          severity: CRITICAL,HIGH
      - run: docker push ghcr.io/acme/app:${{ github.ref_name }}
```

## Fix
Build the image, scan it with a step that fails on CRITICAL and HIGH vulnerabilities, and
push only after the scan passed.

## When it is acceptable
Images scanned by the registry before anything can pull them (a registry that quarantines
unscanned images), or scanned by a workflow of another repository.

## References
- [aquasecurity/trivy-action](https://github.com/aquasecurity/trivy-action)
- [Docker Scout in GitHub Actions](https://docs.docker.com/scout/integrations/ci/gha/)
"#;

const DOCS_JA: &str = r#"
# 脆弱性スキャンなしでプッシュされるイメージ

## チェック内容
イメージをビルドしてプッシュする CI ワークフロー（`docker build --push`、`docker push`、`push: true` の
`docker/build-push-action`、`--destination` 付きの kaniko、podman、buildah）で、そのワークフローにも
プロジェクトの他のワークフローにも脆弱性スキャン（Trivy、Grype、Docker Scout、Snyk、GitLab のコンテナスキャン）が
ないものを検出します。1 つのワークフローにつき指摘は 1 件で、最初のプッシュの位置に報告し、
すべてのジョブの他のプッシュも併せて示します。

## なぜ危険か
レジストリはイメージが取得される場所です。スキャンせずにプッシュしたイメージは、ベースイメージやパッケージに
既知の CRITICAL の脆弱性を抱えたままデプロイされることがあり、誰かが手でスキャンするまで気づかれません。
チェックリストの「CI/CD に自動スキャンを組み込み」の項目は、ワークフローがビルドする Dockerfile について不合格になります。

## 問題のある例
```yaml file=.github/workflows/release.yml
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:${{ github.ref_name }} --push .
```

## 代わりに
```yaml file=.github/workflows/release.yml
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:${{ github.ref_name }} .
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          image-ref: ghcr.io/acme/app:${{ github.ref_name }}
          exit-code: '1'
          severity: CRITICAL,HIGH
      - run: docker push ghcr.io/acme/app:${{ github.ref_name }}
```

## 修正方法
イメージをビルドし、CRITICAL と HIGH の脆弱性で失敗するステップでスキャンし、スキャンが通ってからプッシュします。

## 許容される場合
取得される前にレジストリがスキャンするイメージ（スキャンしていないイメージを隔離するレジストリ）や、
別のリポジトリのワークフローでスキャンされるイメージです。

## 参考資料
- [aquasecurity/trivy-action](https://github.com/aquasecurity/trivy-action)
- [GitHub Actions での Docker Scout](https://docs.docker.com/scout/integrations/ci/gha/)
"#;
