use crate::report::Severity;
use crate::rules::secrets::is_secret_name;
use crate::rules::{Diagnostics, FixAvailability, Rule, Section, WorkflowContext};

use super::resource;

pub const RULE: Rule = Rule {
    code: "PLW401",
    name: "workflow-secret-build-arg",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Workflow(check),
};

/// A build argument whose value is a CI secret (`${{ secrets.X }}`) or
/// whose name says it holds one.
fn check(context: &WorkflowContext, out: &mut Diagnostics) {
    for build in &context.steps.builds {
        for (name, value, span) in &build.build_args {
            let from_secrets = value.contains("secrets.");
            if !from_secrets && !is_secret_name(name) {
                continue;
            }
            let id = name.to_ascii_lowercase();
            out.report(
                *span,
                crate::text!(
                    format!("build argument `{name}` passes a secret to the build: build arguments stay in the image's history and metadata; pass it as a build secret (`secrets: {id}=…`, `--secret id={id},env={name}`) and read it with `RUN --mount=type=secret,id={id}`"),
                    format!("ビルド引数 `{name}` はシークレットをビルドに渡しています。ビルド引数はイメージの履歴とメタデータに残ります。ビルドシークレット（`secrets: {id}=…`、`--secret id={id},env={name}`）として渡し、`RUN --mount=type=secret,id={id}` で読んでください"),
                ),
            )
            .about(resource(context, Some(build.job), Some(build.step)))
            .with_fix(crate::fix::Fix::manual(crate::text!(
                format!("Move `{name}` from the build arguments to the build secrets, and in the Dockerfile replace `ARG {name}` with `RUN --mount=type=secret,id={id}` on the steps that use it."),
                format!("`{name}` をビルド引数からビルドシークレットに移し、Dockerfile では `ARG {name}` の代わりに、使うステップで `RUN --mount=type=secret,id={id}` を使います。"),
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Secret passed to the image build as a build argument

## What it checks
A CI workflow that passes a secret to `docker build` as a build argument: `--build-arg` or
`build-args:` of `docker/build-push-action` whose value is a CI secret (`${{ secrets.… }}`)
or whose name says it holds one (`NPM_TOKEN`, `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`).

## Why it is risky
Build arguments are not secret: their values are recorded in the image's build history
(`docker history`, the provenance attestation BuildKit attaches by default) and in every
layer whose `RUN` read them. Anyone who can pull the image can read the token, and it stays
there after the token is rotated out of the CI secrets.

## Example
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a
        with:
          context: .
          build-args: |
            NPM_TOKEN=${{ secrets.NPM_TOKEN }}
```

## Use instead
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a
        with:
          context: .
          secrets: |
            npm_token=${{ secrets.NPM_TOKEN }}
```

## Fix
Pass the value as a build secret (`secrets:` of `docker/build-push-action`,
`docker build --secret id=npm_token,env=NPM_TOKEN`) and read it in the Dockerfile only in
the step that needs it: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`.
Rotate the secret if images built with it were pushed.

## When it is acceptable
Never for a real credential. A build argument whose name only looks like a secret
(`TOKEN_ENDPOINT`, a public key) can be suppressed with a reason.

## References
- [Docker: build secrets](https://docs.docker.com/build/building/secrets/)
- [docker/build-push-action: secrets](https://github.com/docker/build-push-action#inputs)
"#;

const DOCS_JA: &str = r#"
# ビルド引数としてイメージのビルドに渡されるシークレット

## チェック内容
CI ワークフローがシークレットをビルド引数として `docker build` に渡しているものを検出します。値が CI のシークレット
（`${{ secrets.… }}`）であるか、名前がシークレットを示す（`NPM_TOKEN`、`DB_PASSWORD`、`AWS_SECRET_ACCESS_KEY`）
`--build-arg` や `docker/build-push-action` の `build-args:` です。

## なぜ危険か
ビルド引数は秘密ではありません。値はイメージのビルド履歴（`docker history`、BuildKit が既定で付ける来歴の証明）と、
それを読んだ `RUN` のすべてのレイヤーに記録されます。イメージを取得できる人は誰でもトークンを読め、CI のシークレットを
入れ替えた後もイメージには残ります。

## 問題のある例
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a
        with:
          context: .
          build-args: |
            NPM_TOKEN=${{ secrets.NPM_TOKEN }}
```

## 代わりに
```yaml file=.github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a
        with:
          context: .
          secrets: |
            npm_token=${{ secrets.NPM_TOKEN }}
```

## 修正方法
値をビルドシークレットとして渡し（`docker/build-push-action` の `secrets:`、
`docker build --secret id=npm_token,env=NPM_TOKEN`）、Dockerfile では必要なステップだけで読みます:
`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`。そのシークレットでビルドしたイメージを
プッシュしていた場合は、シークレットを入れ替えてください。

## 許容される場合
本物の認証情報では決してありません。名前がシークレットに見えるだけのビルド引数（`TOKEN_ENDPOINT`、公開鍵）は、
理由を添えて抑制できます。

## 参考資料
- [Docker: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [docker/build-push-action: secrets](https://github.com/docker/build-push-action#inputs)
"#;
