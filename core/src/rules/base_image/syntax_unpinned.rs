use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};

pub const RULE: Rule = Rule {
    code: "PL205",
    name: "syntax-directive-unpinned",
    section: Section::BaseImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(directive) = context.dockerfile.directive("syntax") else {
        return;
    };
    let frontend = directive.value.trim();
    if frontend.is_empty() || frontend.contains("@sha256:") {
        return;
    }
    out.report(
        directive.value_span,
        crate::text!(
            format!("the `# syntax={frontend}` frontend is not pinned by digest: BuildKit runs this image with the builder's privileges to read the whole Dockerfile, and its tag can move; pin it as `{frontend}@sha256:<digest>`"),
            format!("`# syntax={frontend}` のフロントエンドがダイジェストで固定されていません。BuildKit はこのイメージをビルダーの権限で実行して Dockerfile 全体を解釈させ、タグは付け替えられる可能性があります。`{frontend}@sha256:<digest>` のように固定してください"),
        ),
    )
    .with_fix(Fix::manual(crate::text!(
        format!("Run `docker buildx imagetools inspect {frontend}` and write `# syntax={frontend}@sha256:<digest>`; let Renovate or Dependabot keep it current."),
        format!("`docker buildx imagetools inspect {frontend}` を実行し、`# syntax={frontend}@sha256:<digest>` と書いてください。更新は Renovate や Dependabot に任せられます。"),
    )));
}

const DOCS_EN: &str = r#"
# `# syntax=` frontend not pinned by digest

## What it checks
A `# syntax=` parser directive whose frontend image has no `@sha256:` digest, such as
`# syntax=docker/dockerfile:1`.

## Why it is risky
The syntax directive tells BuildKit to download that image and let it turn your
Dockerfile into the build graph. The frontend decides what every instruction does: which
files are copied, which secrets are mounted, which commands run. A tag like
`docker/dockerfile:1` moves with every release, so a compromised or faulty frontend
release changes your build without any change to your files. A digest fixes the exact
frontend you trust.

## Example
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1@sha256:865e5dd094beca432e8c0a1d5e1c465db5f998dca4e439981029b3b81fb39ed5
FROM alpine:3.20
```

## Fix
Look up the digest of the frontend tag you use and append it:

```sh
docker buildx imagetools inspect docker/dockerfile:1
```

Write `# syntax=docker/dockerfile:1@sha256:<digest>` and let a dependency bot (Renovate,
Dependabot) update it, so you still receive frontend fixes.

## When it is acceptable
Builds that only run on trusted machines with pinned BuildKit versions, or when you
deliberately follow the `1` channel for fixes and accept the trade-off. Removing the
directive also works: the frontend built into your BuildKit is then used.

## References
- [Dockerfile reference: syntax directive](https://docs.docker.com/reference/dockerfile/#syntax)
- [Docker docs: custom Dockerfile syntax](https://docs.docker.com/build/buildkit/frontend/)
- CWE-829: Inclusion of functionality from an untrusted control sphere
"#;

const DOCS_JA: &str = r#"
# `# syntax=` のフロントエンドがダイジェストで固定されていない

## チェック内容
`# syntax=docker/dockerfile:1` のように、フロントエンドイメージに `@sha256:` ダイジェストの
ない `# syntax=` パーサーディレクティブを検出します。

## なぜ危険か
syntax ディレクティブは、BuildKit にそのイメージをダウンロードさせ、Dockerfile をビルドの
グラフに変換させる指示です。どのファイルをコピーし、どのシークレットをマウントし、どの
コマンドを実行するかといった各命令の意味は、フロントエンドが決めます。
`docker/dockerfile:1` のようなタグはリリースごとに移動するため、侵害された、あるいは不具合の
あるフロントエンドがリリースされると、ファイルを何も変えていないのにビルドが変わります。
ダイジェストを付ければ、信頼したフロントエンドに固定できます。

## 問題のある例
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1@sha256:865e5dd094beca432e8c0a1d5e1c465db5f998dca4e439981029b3b81fb39ed5
FROM alpine:3.20
```

## 修正方法
使っているフロントエンドのタグのダイジェストを調べて追記します。

```sh
docker buildx imagetools inspect docker/dockerfile:1
```

`# syntax=docker/dockerfile:1@sha256:<digest>` と書き、Renovate や Dependabot などの
依存関係更新ボットで更新すれば、フロントエンドの修正も引き続き受け取れます。

## 許容される場合
BuildKit のバージョンを固定した信頼できるマシンでだけビルドする場合や、修正を受け取るために
あえて `1` チャネルに追従し、その代償を受け入れる場合です。ディレクティブを削除しても
構いません。その場合は BuildKit に組み込まれたフロントエンドが使われます。

## 参考資料
- [Dockerfile リファレンス: syntax ディレクティブ](https://docs.docker.com/reference/dockerfile/#syntax)
- [Docker ドキュメント: カスタム Dockerfile 構文](https://docs.docker.com/build/buildkit/frontend/)
- CWE-829: 信頼できない制御領域からの機能の取り込み
"#;
