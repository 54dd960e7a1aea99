use crate::report::Severity;
use crate::rules::{Diagnostics, FixAvailability, Rule, Section, WorkflowContext};

use super::resource;

pub const RULE: Rule = Rule {
    code: "PLW801",
    name: "workflow-action-not-pinned",
    section: Section::SupplyChain,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Workflow(check),
};

/// Actions that build, scan or push the image, or hold the registry
/// credentials: the publisher's prefix.
const IMAGE_ACTIONS: &[&str] = &[
    "docker/",
    "aquasecurity/trivy-action",
    "anchore/scan-action",
    "snyk/actions",
    "redhat-actions/",
    "aws-actions/amazon-ecr-login",
    "azure/docker-login",
    "google-github-actions/auth",
    "sigstore/cosign-installer",
];

fn check(context: &WorkflowContext, out: &mut Diagnostics) {
    for (index, job) in context.workflow.jobs.iter().enumerate() {
        for step in &job.steps {
            let Some(action) = step.action() else {
                continue;
            };
            if !IMAGE_ACTIONS
                .iter()
                .any(|prefix| action.starts_with(prefix))
            {
                continue;
            }
            let Some((reference, span)) = step.action_ref() else {
                continue;
            };
            let is_sha =
                reference.len() == 40 && reference.bytes().all(|byte| byte.is_ascii_hexdigit());
            if is_sha {
                continue;
            }
            out.report(
                span,
                crate::text!(
                    format!("`{action}` is referenced by `{reference}`, a tag or branch its owner (or whoever takes over the repository) can move; pin the full commit SHA and keep the version in a comment"),
                    format!("`{action}` は `{reference}` で参照されています。タグやブランチは所有者（やリポジトリを乗っ取った人）が動かせます。コミット SHA 全体で固定し、バージョンはコメントに残してください"),
                ),
            )
            .about(resource(context, Some(index), Some(*step)))
            .with_fix(crate::fix::Fix::manual(crate::text!(
                format!("Replace `@{reference}` with the commit it points to (`git ls-remote https://github.com/{action} {reference}`), and write `# {reference}` after it; let Dependabot or Renovate update the SHA."),
                format!("`@{reference}` を指しているコミットに置き換え（`git ls-remote https://github.com/{action} {reference}`）、後ろに `# {reference}` と書きます。SHA の更新は Dependabot か Renovate に任せます。"),
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Image action not pinned to a commit

## What it checks
A GitHub Actions step whose action builds, scans or pushes the image, or handles the
registry credentials (`docker/*`, `aquasecurity/trivy-action`, `anchore/scan-action`,
`snyk/actions`, `redhat-actions/*`, registry logins), referenced by a tag or a branch
(`@v5`, `@master`, `@0.28.0`) instead of a full 40-character commit SHA.

## Why it is risky
Tags and branches move. Whoever controls the action's repository, including an attacker
who took over a maintainer's account, can point `@v5` at new code, and the next run of the
workflow executes it with the registry credentials and the image in reach. In 2026 the tags
of `aquasecurity/trivy-action` were moved to a malicious commit; workflows pinned to a SHA
were not affected. A scanning action that was replaced can also report a clean image.

## Example
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v7
        with:
          context: .
```

## Use instead
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          context: .
```

## Fix
Replace the tag with the commit it points to today (`git ls-remote
https://github.com/docker/build-push-action v7.3.0`), keep the version in a comment, and
let Dependabot or Renovate propose updates of the SHA.

## When it is acceptable
Actions of your own organisation whose repository you control with the same protections as
the workflow's own.

## References
- [GitHub: security hardening, using third-party actions](https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions)
- [aquasecurity/trivy-action#541](https://github.com/aquasecurity/trivy-action/issues/541)
"#;

const DOCS_JA: &str = r#"
# コミットで固定されていないイメージ用のアクション

## チェック内容
イメージをビルド・スキャン・プッシュするアクションや、レジストリの認証情報を扱うアクション（`docker/*`、
`aquasecurity/trivy-action`、`anchore/scan-action`、`snyk/actions`、`redhat-actions/*`、レジストリへのログイン）を、
40 文字のコミット SHA ではなくタグやブランチ（`@v5`、`@master`、`@0.28.0`）で参照している GitHub Actions の
ステップを検出します。

## なぜ危険か
タグやブランチは動きます。アクションのリポジトリを管理する人は、メンテナーのアカウントを乗っ取った攻撃者も含めて、
`@v5` を新しいコードに向けられます。次にワークフローが動くと、そのコードがレジストリの認証情報とイメージに手の届く
状態で実行されます。2026 年には `aquasecurity/trivy-action` のタグが悪意あるコミットに付け替えられましたが、
SHA で固定していたワークフローは影響を受けませんでした。差し替えられたスキャン用アクションは、問題のあるイメージを
問題なしと報告することもできます。

## 問題のある例
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v7
        with:
          context: .
```

## 代わりに
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          context: .
```

## 修正方法
タグを、いまそれが指しているコミットに置き換え（`git ls-remote
https://github.com/docker/build-push-action v7.3.0`）、バージョンはコメントに残し、SHA の更新は
Dependabot か Renovate に提案させます。

## 許容される場合
ワークフロー自身と同じ保護で管理している、自組織のリポジトリのアクションです。

## 参考資料
- [GitHub: セキュリティ強化、サードパーティのアクションの使用](https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions)
- [aquasecurity/trivy-action#541](https://github.com/aquasecurity/trivy-action/issues/541)
"#;
