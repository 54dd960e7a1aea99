use crate::companion::workflow::{Gate, NoGate, Scanner};
use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{Diagnostics, FixAvailability, Rule, Section, WorkflowContext};
use crate::scan_evidence::no_gate_reason;

use super::{insert_input, resource};

pub const RULE: Rule = Rule {
    code: "PLW301",
    name: "workflow-scan-does-not-fail",
    section: Section::Packages,
    severity: Severity::Medium,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Workflow(check),
};

fn check(context: &WorkflowContext, out: &mut Diagnostics) {
    for scan in &context.steps.scans {
        let name = scan.scanner.name();
        let about = resource(context, scan.job, scan.step);
        if let Some(step) = scan.step.filter(|_| scan.scanner == Scanner::TrivyAction) {
            sarif_drops_severity(context, step, &about, out);
        }
        let Gate::ReportsOnly(reason, span) = scan.gate else {
            continue;
        };
        let (why_en, why_ja) = no_gate_reason(reason);
        let (fix_en, fix_ja, edit) = remedy(context, scan.scanner, reason, scan.step);
        let diagnostic = out
            .report(
                span,
                crate::text!(
                    format!("`{name}` does not fail the pipeline on vulnerabilities: {why_en}; {fix_en}"),
                    format!("`{name}` は脆弱性があってもパイプラインを失敗させません。{why_ja}。{fix_ja}"),
                ),
            )
            .about(about);
        if span != scan.span {
            diagnostic.also(scan.span, None);
        }
        let description = crate::text!(fix_en, fix_ja);
        diagnostic.with_fix(match edit {
            Some(edit) => Fix::needs_review(description, vec![edit]),
            None => Fix::manual(description),
        });
    }
}

/// What to change, and the edit when one clean YAML edit does it.
fn remedy(
    context: &WorkflowContext,
    scanner: Scanner,
    reason: NoGate,
    step: Option<crate::companion::workflow::Step>,
) -> (String, String, Option<Edit>) {
    let source = context.source;
    let input = |name: &str| step.and_then(|step| step.input(name));
    let (en, ja, edit): (&str, &str, Option<Edit>) = match (scanner, reason) {
        (Scanner::TrivyAction, NoGate::ExitCodeZero) => (
            "set `exit-code: '1'` (with `severity: CRITICAL,HIGH`) so that the step fails when it finds them",
            "`exit-code: '1'`（と `severity: CRITICAL,HIGH`）を指定し、見つかったときにステップが失敗するようにしてください",
            match input("exit-code") {
                Some(code) => Some(Edit::replace(code.span(), "'1'")),
                None => step.and_then(|step| insert_input(source, step, "exit-code: '1'")),
            },
        ),
        (Scanner::AnchoreAction, NoGate::FailBuildFalse) => (
            "set `fail-build: true` (it fails at `severity-cutoff`, medium by default)",
            "`fail-build: true` にしてください（`severity-cutoff` で失敗します。既定は medium です）",
            input("fail-build").map(|fail| Edit::replace(fail.span(), "true")),
        ),
        (Scanner::ScoutAction, NoGate::ScoutNoExitCode) => (
            "set `exit-code: true` (with `only-severities: critical,high`)",
            "`exit-code: true`（と `only-severities: critical,high`）を指定してください",
            match input("exit-code") {
                Some(code) => Some(Edit::replace(code.span(), "true")),
                None => step.and_then(|step| insert_input(source, step, "exit-code: true")),
            },
        ),
        (Scanner::Scout, _) => (
            "add `--exit-code --only-severity critical,high` to the command",
            "コマンドに `--exit-code --only-severity critical,high` を追加してください",
            None,
        ),
        (Scanner::Grype, NoGate::ExitCodeZero) => (
            "add `--fail-on high` to the command",
            "コマンドに `--fail-on high` を追加してください",
            None,
        ),
        (_, NoGate::ExitCodeZero) => (
            "add `--exit-code 1 --severity CRITICAL,HIGH` to the command",
            "コマンドに `--exit-code 1 --severity CRITICAL,HIGH` を追加してください",
            None,
        ),
        (Scanner::GitLabContainerScanning, _) => (
            "require approval of new CRITICAL/HIGH findings with a merge request approval policy, or add a job that runs `trivy image --exit-code 1 --severity CRITICAL,HIGH` on the image",
            "マージリクエスト承認ポリシーで新しい CRITICAL/HIGH の検出に承認を必須にするか、イメージに `trivy image --exit-code 1 --severity CRITICAL,HIGH` を実行するジョブを追加してください",
            None,
        ),
        (_, NoGate::ContinueOnError) => (
            "remove `continue-on-error` from the scan",
            "スキャンから `continue-on-error` を外してください",
            None,
        ),
        (_, NoGate::AllowFailure) => (
            "set `allow_failure: false` on the scanning job",
            "スキャンのジョブに `allow_failure: false` を指定してください",
            None,
        ),
        (_, NoGate::OrTrue) => (
            "remove the `||` that follows the command",
            "コマンドの後の `||` を外してください",
            None,
        ),
        (_, NoGate::AfterScript) => (
            "move the scan from `after_script` to `script`",
            "スキャンを `after_script` から `script` に移してください",
            None,
        ),
        (_, NoGate::FailBuildFalse | NoGate::ScoutNoExitCode) => (
            "make the scan exit non-zero on CRITICAL and HIGH findings",
            "CRITICAL と HIGH の検出で 0 以外の終了コードになるようにしてください",
            None,
        ),
    };
    (en.to_string(), ja.to_string(), edit)
}

/// trivy-action with `format: sarif` lists (and fails on) every severity
/// unless `limit-severities-for-sarif: true`.
fn sarif_drops_severity(
    context: &WorkflowContext,
    step: crate::companion::workflow::Step,
    about: &str,
    out: &mut Diagnostics,
) {
    let (Some(format), Some(severity)) = (step.input("format"), step.input("severity")) else {
        return;
    };
    let limited = step
        .input("limit-severities-for-sarif")
        .is_some_and(|limit| limit.as_bool() != Some(false));
    if format.as_str() != Some("sarif") || limited {
        return;
    }
    let list = severity.as_str().unwrap_or("");
    // On the line after `format:`: the exit-code fix inserts before the
    // first input, and two inserts at one place would overlap.
    let edit = step.node.path(&["with"]).and_then(|with| {
        let (key, _) = with.entry("format")?;
        let source = context.source;
        let line_start = source[..key.span().start as usize].rfind('\n')? + 1;
        let indent = &source[line_start..key.span().start as usize];
        let next_line =
            source[format.span().end as usize..].find('\n')? + format.span().end as usize + 1;
        (indent.bytes().all(|byte| byte == b' ')).then(|| {
            Edit::insert(
                crate::span::to_u32(next_line),
                format!("{indent}limit-severities-for-sarif: true\n"),
            )
        })
    });
    let description = crate::text!(
        "Add `limit-severities-for-sarif: true`.",
        "`limit-severities-for-sarif: true` を追加します。",
    );
    out.report(
        format.span(),
        crate::text!(
            format!("with `format: sarif`, trivy-action ignores `severity: {list}`: the report lists every severity and `exit-code` fails on any of them; add `limit-severities-for-sarif: true`"),
            format!("`format: sarif` の trivy-action は `severity: {list}` を無視します。レポートにはすべての深刻度が載り、`exit-code` はどの深刻度でも失敗します。`limit-severities-for-sarif: true` を追加してください"),
        ),
    )
    .about(about)
    .also(severity.span(), None)
    .rated(Severity::Low)
    .with_fix(match edit {
        Some(edit) => Fix::safe(description, vec![edit]),
        None => Fix::manual(description),
    });
}

const DOCS_EN: &str = r#"
# Vulnerability scan in CI that never fails the pipeline

## What it checks
A scan of the image in a CI workflow that cannot fail the pipeline, with the exact reason:
`aquasecurity/trivy-action` without `exit-code` (it exits 0 whatever it finds),
`anchore/scan-action` with `fail-build: false`, `docker/scout-action` without
`exit-code: true`, `trivy`/`grype`/`docker scout cves` commands without their exit-code
option or followed by `|| true`, `continue-on-error: true`, GitLab's `allow_failure`, a scan
in `after_script`, and GitLab's container-scanning template (its job only reports). It
also flags trivy-action with `format: sarif`, which ignores `severity` unless
`limit-severities-for-sarif: true` is set.

## Why it is risky
A scan that only reports is a dashboard, not a gate: the image with a CRITICAL
vulnerability is pushed and deployed, and the report is read later, if ever. The
defaults of the popular actions make this the common case, and a green check mark in the
pull request suggests the opposite.

## Example
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:ci .
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          image-ref: app:ci
          severity: CRITICAL,HIGH
```

## Use instead
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:ci .
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          exit-code: '1'
          image-ref: app:ci
          severity: CRITICAL,HIGH
```

## Fix
Add the input or option that makes the scanner exit non-zero (`exit-code: '1'`,
`fail-build: true`, `exit-code: true`, `--exit-code 1`, `--fail-on high`), limited to
CRITICAL and HIGH, and remove what swallows the failure (`continue-on-error`, `|| true`,
`allow_failure`). The fix edits the action's inputs where one YAML edit does it; review it,
because the pipeline will now fail on the vulnerabilities the scan already reported.

## When it is acceptable
A scheduled scan of images already released, whose job is to open issues rather than to
block anything, and a scan that uploads SARIF to code scanning while another step of the
same workflow gates.

## References
- [aquasecurity/trivy-action inputs](https://github.com/aquasecurity/trivy-action#inputs)
- [anchore/scan-action: fail-build and severity-cutoff](https://github.com/anchore/scan-action)
- [GitLab container scanning](https://docs.gitlab.com/user/application_security/container_scanning/)
"#;

const DOCS_JA: &str = r#"
# 失敗しない CI の脆弱性スキャン

## チェック内容
CI ワークフローのイメージスキャンのうち、パイプラインを失敗させられないものを理由とともに検出します。
`exit-code` のない `aquasecurity/trivy-action`（何が見つかっても 0 で終了します）、`fail-build: false` の
`anchore/scan-action`、`exit-code: true` のない `docker/scout-action`、終了コードのオプションがないか
`|| true` が続く `trivy`・`grype`・`docker scout cves` コマンド、`continue-on-error: true`、GitLab の
`allow_failure`、`after_script` の中のスキャン、GitLab のコンテナスキャンのテンプレート（そのジョブは報告するだけです）です。
`format: sarif` の trivy-action も検出します。`limit-severities-for-sarif: true` がないと `severity` が無視されます。

## なぜ危険か
報告するだけのスキャンはダッシュボードであって、関門ではありません。CRITICAL の脆弱性を持つイメージが
プッシュされてデプロイされ、レポートは後で（読まれるとしても）読まれるだけです。よく使われるアクションの既定値では
これが普通の状態で、プルリクエストの緑のチェックはその逆を示しているように見えます。

## 問題のある例
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:ci .
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          image-ref: app:ci
          severity: CRITICAL,HIGH
```

## 代わりに
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:ci .
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          exit-code: '1'
          image-ref: app:ci
          severity: CRITICAL,HIGH
```

## 修正方法
スキャナーが 0 以外で終了する入力やオプション（`exit-code: '1'`、`fail-build: true`、`exit-code: true`、
`--exit-code 1`、`--fail-on high`）を CRITICAL と HIGH に絞って追加し、失敗を打ち消すもの
（`continue-on-error`、`|| true`、`allow_failure`）を外します。YAML の 1 か所の編集で済む場合は修正がアクションの
入力を書き換えます。スキャンがすでに報告していた脆弱性でパイプラインが失敗するようになるため、確認してください。

## 許容される場合
リリース済みのイメージを定期的にスキャンし、何かを止めるのではなく issue を作ることが目的のジョブや、
同じワークフローの別のステップが関門になっていて、SARIF をコードスキャンにアップロードするだけのスキャンです。

## 参考資料
- [aquasecurity/trivy-action の入力](https://github.com/aquasecurity/trivy-action#inputs)
- [anchore/scan-action: fail-build と severity-cutoff](https://github.com/anchore/scan-action)
- [GitLab コンテナスキャン](https://docs.gitlab.com/user/application_security/container_scanning/)
"#;
