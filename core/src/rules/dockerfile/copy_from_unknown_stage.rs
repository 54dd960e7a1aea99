use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::{from_references, FromReference};
use super::support::{closest_name, typo_allowance};

pub const RULE: Rule = Rule {
    code: "PL906",
    name: "copy-from-unknown-stage",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Hadolint, "DL3022")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for reference in from_references(context) {
        // BuildKit does not expand variables in `--from`.
        if reference.value.contains('$') {
            continue;
        }
        if let Some((message, severity)) = problem(context, &reference) {
            out.report(reference.span, message)
                .in_stage(reference.stage)
                .rated(severity);
        }
    }
}

fn problem(context: &Context, reference: &FromReference) -> Option<(Text, Severity)> {
    let stages = &context.model.stages;
    let own = reference.stage;
    let value = &reference.value;
    if let Ok(index) = value.parse::<usize>() {
        return if index >= stages.len() {
            let count = stages.len();
            Some((crate::text!(
                format!("`--from={value}` refers to stage {index}, but the Dockerfile has {count} stages (numbered from 0), so the build fails; name the stage with `AS` and refer to it by name"),
                format!("`--from={value}` はステージ {index} を指していますが、Dockerfileのステージは {count} 個（0から数えます）しかないためビルドが失敗します。`AS` でステージに名前を付け、名前で参照してください"),
            ), Severity::Medium))
        } else if index > own {
            Some((later_stage(value), Severity::Medium))
        } else {
            None
        };
    }
    match context.model.first_stage_named(value) {
        // Its own stage is PL905's finding.
        Some(first) if first <= own => return None,
        Some(_) => return Some((later_stage(value), Severity::Medium)),
        None => {}
    }
    if value.contains(['/', ':', '@', '.']) {
        return None;
    }
    let earlier: Vec<String> = stages[..own]
        .iter()
        .filter_map(|stage| stage.name.as_ref().map(|name| format!("`{name}`")))
        .collect();
    let (known_en, known_ja) = if earlier.is_empty() {
        (String::new(), String::new())
    } else {
        let list = earlier.join(", ");
        (
            format!(" (the stages before it are {list})"),
            format!("（前にあるステージは {list} です）"),
        )
    };
    // A name close to an earlier stage's, or a part of one (`set` for
    // `license-set`), is a slip for it; any other is most likely a named
    // build context the build command gives.
    let earlier_names = || {
        stages[..own]
            .iter()
            .filter_map(|stage| stage.name.as_deref())
    };
    let typo_of = closest_name(value, earlier_names(), typo_allowance(value)).or_else(|| {
        earlier_names().find(|name| {
            name.split(['-', '_', '.'])
                .any(|part| part.eq_ignore_ascii_case(value))
        })
    });
    Some(match typo_of {
        Some(stage) => (crate::text!(
            format!("`--from={value}` is not the name of an earlier stage{known_en}, so BuildKit pulls an image called `{value}` from Docker Hub; fix the stage name (`{stage}`?), or if you mean that image, pin it as `{value}:<version>`"),
            format!("`--from={value}` は前にあるステージの名前ではない{known_ja}ため、BuildKitはDocker Hubから `{value}` という名前のイメージを取得します。ステージ名を直すか（`{stage}` でしょうか）、そのイメージを使うつもりなら `{value}:<version>` のようにバージョンを固定してください"),
        ), Severity::Medium),
        None => (crate::text!(
            format!("`--from={value}` is not the name of an earlier stage{known_en}: it works as a named build context (`docker buildx build --build-context {value}=<dir>`, or Bake's `contexts`), and a build that does not give one pulls an image called `{value}` from Docker Hub instead; give the context in every build that uses this Dockerfile"),
            format!("`--from={value}` は前にあるステージの名前ではありません{known_ja}。名前付きビルドコンテキスト（`docker buildx build --build-context {value}=<dir>`、または Bake の `contexts`）として働き、それを渡さないビルドでは代わりに `{value}` という名前のイメージを Docker Hub から取得します。このDockerfileを使うすべてのビルドでコンテキストを渡してください"),
        ), Severity::Low),
    })
}

fn later_stage(value: &str) -> Text {
    crate::text!(
        format!("`--from={value}` refers to a stage defined after this one, which is not built yet, so the build fails; move that stage above this one"),
        format!("`--from={value}` はこの後で定義されるステージを指しており、まだビルドされていないためビルドが失敗します。そのステージをこの命令より前に移してください"),
    )
}

const DOCS_EN: &str = r#"
# `COPY --from` names a stage that does not exist before it

## What it checks
A `COPY --from=` or `RUN --mount=...,from=` whose value is not an earlier stage:
- a bare word such as `builder` that no earlier `FROM ... AS` defines (a typo, or a stage
  that was renamed): BuildKit then pulls an image of that name from Docker Hub. A word
  within a typo's reach of an earlier stage's name (`biulder` for `builder`), or a part of
  one (`set` for `license-set`), is rated medium
  and the stage is suggested; any other word (`binary_dir`, `templates`) is most likely a
  named build context the build command gives, rated low, and the message says so;
- a stage name or index defined after the instruction, or an index past the last stage:
  the build fails.

Values that are clearly images (with `/`, `:`, `@` or `.`, such as `nginx:1.27` or
`ghcr.io/org/tool:1.2`) are not reported, and neither are values with variables.

## Why it is risky
A misspelled stage name does not fail: the build silently fetches whatever image has that
name on Docker Hub, untagged, and copies files from it into your image. That is an
unreviewed third-party image in your supply chain. A forward reference or a wrong index
breaks the build.

## Example
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=biulder /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
```

## Fix
Correct the stage name, or move the stage above the instruction that uses it. If you meant
an image, write it with a tag (`--from=busybox:1.36`), or a digest.

## When it is acceptable
When the name is a named build context passed with `docker buildx build --build-context
<name>=...` or a Bake `contexts` entry: then it is not an image lookup. Suppress the finding
on that line.

## References
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [Docker docs: named contexts](https://docs.docker.com/build/concepts/context/#named-contexts)
- CWE-829: Inclusion of Functionality from Untrusted Control Sphere
"#;

const DOCS_JA: &str = r#"
# `COPY --from` が前に存在しないステージを指している

## チェック内容
`COPY --from=` または `RUN --mount=...,from=` の値が前にあるステージではない箇所を検出します。
- 前の `FROM ... AS` で定義されていない `builder` のような単語（打ち間違いや、名前を変えた
  ステージ）。BuildKitはその名前のイメージをDocker Hubから取得します。前にあるステージの
  名前の打ち間違いと見られる単語（`builder` に対する `biulder`）や、その名前の一部
  （`license-set` に対する `set`）は medium とし、そのステージを
  提案します。それ以外の単語（`binary_dir`、`templates`）はビルドコマンドが渡す名前付き
  ビルドコンテキストである可能性が高いため low とし、メッセージでそう伝えます。
- 命令より後で定義されるステージの名前や番号、または最後のステージを超える番号。
  ビルドが失敗します。

`/`、`:`、`@`、`.` を含む明らかなイメージ（`nginx:1.27` や `ghcr.io/org/tool:1.2` など）や、
変数を含む値は対象外です。

## なぜ危険か
ステージ名の打ち間違いはエラーになりません。Docker Hubでその名前を持つイメージをタグなしで
黙って取得し、そこからファイルをイメージにコピーします。レビューされていない第三者の
イメージがサプライチェーンに入り込むことになります。後ろのステージへの参照や誤った番号は
ビルドを壊します。

## 問題のある例
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=biulder /out/app /app
```

## 代わりに
```dockerfile
FROM golang:1.22 AS builder
RUN go build -o /out/app ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
```

## 修正方法
ステージ名を正しく直すか、そのステージを使う命令より前に移してください。イメージを
使うつもりなら、タグ（`--from=busybox:1.36`）かダイジェストを付けて書いてください。

## 許容される場合
その名前が `docker buildx build --build-context <name>=...` やBakeの `contexts` で渡す
名前付きビルドコンテキストの場合です。この場合はイメージの取得になりません。その行の
検出を抑制してください。

## 参考資料
- [Dockerfile リファレンス: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [Docker ドキュメント: 名前付きコンテキスト](https://docs.docker.com/build/concepts/context/#named-contexts)
- CWE-829: Inclusion of Functionality from Untrusted Control Sphere
"#;
