use crate::model::{automatic_platform_value, ImageRef, VarDef};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{expand_word, variable_references};

pub const RULE: Rule = Rule {
    code: "PL918",
    name: "invalid-default-arg-in-from",
    section: Section::Dockerfile,
    // The build fails loudly without `--build-arg`: nothing else is pulled
    // in silently, what is lost is a plain `docker build` and a reviewable base.
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Buildkit, "InvalidDefaultArgInFrom")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let globals = &context.model.global_args;
    let value_of = |name: &str| match globals.iter().rev().find(|def| def.name == name) {
        Some(def) => def.value.clone(),
        None => automatic_platform_value(name).map(str::to_string),
    };
    for stage in &context.model.stages {
        let text = &stage.base_text;
        let references = variable_references(text, context.dockerfile.escape);
        if references.is_empty() {
            continue;
        }
        // BuildKit gives up on words it cannot expand; so do we.
        let Ok(expansion) = expand_word(text, context.dockerfile.escape, &value_of) else {
            continue;
        };
        let value = expansion.value;
        let Err(invalid) = ImageRef::parse(&value) else {
            continue;
        };
        let declared = |name: &String| globals.iter().any(|def: &VarDef| &def.name == name);
        let without_default: Vec<&String> = expansion
            .unset
            .iter()
            .filter(|name| declared(name))
            .collect();
        // Undeclared names are PL917's finding.
        if without_default.is_empty() && !expansion.unset.is_empty() {
            continue;
        }
        let reason = invalid.0;
        let message = match without_default.first() {
            Some(name) => crate::text!(
                format!("With the defaults of its global ARGs, `{text}` becomes `{value}` ({reason}) because `{name}` has no default; give it one (`ARG {name}=<value>`) or use `${{{name}:-<value>}}`"),
                format!("グローバル ARG のデフォルト値では `{text}` が `{value}` になります（{reason}）。`{name}` にデフォルト値がないためです。`ARG {name}=<値>` でデフォルト値を与えるか、`${{{name}:-<値>}}` を使ってください"),
            ),
            None => crate::text!(
                format!("With the defaults of its global ARGs, `{text}` becomes `{value}` ({reason}); change the ARG defaults so that a build without `--build-arg` works"),
                format!("グローバル ARG のデフォルト値では `{text}` が `{value}` になります（{reason}）。`--build-arg` なしでもビルドできるよう ARG のデフォルト値を直してください"),
            ),
        };
        out.report(stage.base_span, message).in_stage(stage.index);
    }
}

const DOCS_EN: &str = r#"
# FROM image is invalid with the default build arguments

## What it checks
A FROM line built from global ARGs whose image name is empty or not a valid reference when the
ARGs keep their default values: `ARG TAG` without a default and `FROM alpine:${TAG}` give
`alpine:`. ARGs that may be empty without harm (`FROM busybox:stable${VARIANT}`) and
references with a fallback (`${TAG:-3.20}`) are fine.

## Why it is risky
A build that only works with `--build-arg` breaks for everyone who runs a plain
`docker build`, including CI jobs and tools that rebuild images for security updates. It also
hides which image the Dockerfile is meant to use, so nobody can review or pin it.

## Example
```dockerfile
ARG TAG
FROM alpine:${TAG}
```

## Use instead
```dockerfile
ARG TAG=3.20
FROM alpine:${TAG}
```

## Fix
Give every global ARG used in FROM a default that produces a valid image, or write the
default in the reference with `${TAG:-3.20}`.

## When it is acceptable
Never for a Dockerfile others build; a build argument can still override the default.

## References
- [Dockerfile reference: Understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Build checks: InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
"#;

const DOCS_JA: &str = r#"
# デフォルトのビルド引数では FROM のイメージが不正になる

## チェック内容
グローバル ARG を使った FROM 行のうち、ARG がデフォルト値のままだとイメージ名が空または
不正な参照になるものを検出します。デフォルト値のない `ARG TAG` と `FROM alpine:${TAG}` は
`alpine:` になります。空でも問題のない ARG（`FROM busybox:stable${VARIANT}`）や、
フォールバック付きの参照（`${TAG:-3.20}`）は対象外です。

## なぜ危険か
`--build-arg` を付けないとビルドできない Dockerfile は、普通に `docker build` する人すべてに
とって壊れています。CI や、セキュリティ更新のためにイメージを再ビルドするツールも含みます。
また、どのイメージを使うつもりなのかが分からず、レビューや固定もできません。

## 問題のある例
```dockerfile
ARG TAG
FROM alpine:${TAG}
```

## 代わりに
```dockerfile
ARG TAG=3.20
FROM alpine:${TAG}
```

## 修正方法
FROM で使うグローバル ARG すべてに、正しいイメージになるデフォルト値を与えるか、参照に
`${TAG:-3.20}` のようにデフォルト値を書いてください。

## 許容される場合
他の人がビルドする Dockerfile では許容されません。デフォルト値があってもビルド引数で上書き
できます。

## 参考資料
- [Dockerfile リファレンス: ARG と FROM の関係](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Build checks: InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
"#;
