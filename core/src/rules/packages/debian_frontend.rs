use crate::fix::{Edit, Fix};
use crate::model::{unquote, Base};
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::span::Span;
use crate::syntax::{Args, Instruction, KeyValue, Keyword};

pub const RULE: Rule = Rule {
    code: "PL312",
    name: "debian-frontend-persisted",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const NAME: &str = "DEBIAN_FRONTEND";

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(final_stage) = context.model.final_stage else {
        return;
    };
    // ENV reaches the image only through the FROM chain of the final stage.
    let mut chain = context.model.ancestry(final_stage);
    chain.reverse();
    let mut settings = Vec::new();
    for &stage in &chain {
        for index in context.model.stages[stage].instructions.clone() {
            let instruction = &context.dockerfile.instructions[index];
            let Args::KeyValues(pairs) = &instruction.args else {
                continue;
            };
            if instruction.keyword != Keyword::Env {
                continue;
            }
            for (position, pair) in pairs.iter().enumerate() {
                if unquote(&pair.key.text) == NAME {
                    settings.push((stage, index, position));
                }
            }
        }
    }
    // A last `ENV DEBIAN_FRONTEND=` or `=dialog` restores the default for the containers.
    let value = |&(_, index, position): &(usize, usize, usize)| match &context
        .dockerfile
        .instructions[index]
        .args
    {
        Args::KeyValues(pairs) => unquote(&pairs[position].value.text),
        _ => String::new(),
    };
    if settings.last().is_none_or(|last| is_default(&value(last))) {
        return;
    }
    for setting in &settings {
        let &(stage, index, position) = setting;
        let value = value(setting);
        if is_default(&value) {
            continue;
        }
        let instruction = &context.dockerfile.instructions[index];
        let Args::KeyValues(pairs) = &instruction.args else {
            continue;
        };
        let diagnostic = out
            .report(
                pairs[position].key.span,
                crate::text!(
                    format!("`ENV {NAME}={value}` stays set in every container started from the image, where it silently changes how debconf behaves for anyone running apt; use `ARG {NAME}={value}`, which applies only while building"),
                    format!("`ENV {NAME}={value}` はイメージから起動するすべてのコンテナで設定されたままになり、apt を実行する人の debconf の挙動を黙って変えます。ビルド中にだけ効く `ARG {NAME}={value}` を使ってください"),
                ),
            )
            .in_stage(stage);
        let Some(edits) = to_arg(instruction, pairs, position, &value) else {
            continue;
        };
        let derived = context
            .model
            .stages
            .iter()
            .any(|other| other.base == Base::Stage(stage));
        let description = crate::text!(
            format!("Use `ARG {NAME}={value}`"),
            format!("`ARG {NAME}={value}` を使用"),
        );
        diagnostic.with_fix(if derived {
            // ARG is not inherited by `FROM <stage>`: those stages need their own.
            Fix::needs_review(description, edits)
        } else {
            Fix::safe(description, edits)
        });
    }
}

fn is_default(value: &str) -> bool {
    value.is_empty() || value == "dialog"
}

/// Edits that turn the setting into an ARG: the keyword when the ENV sets
/// only this variable, otherwise the pair moves to an ARG line above.
fn to_arg(
    instruction: &Instruction,
    pairs: &[KeyValue],
    position: usize,
    value: &str,
) -> Option<Vec<Edit>> {
    let pair = &pairs[position];
    if pair.key.text != NAME || value.contains(char::is_whitespace) {
        return None;
    }
    let arg = format!(
        "ARG {NAME}={}",
        if pair.legacy {
            value
        } else {
            pair.value.text.as_str()
        }
    );
    if pairs.len() == 1 {
        let span = instruction.keyword_span.cover(pair.value.span);
        return Some(vec![Edit::replace(span, arg)]);
    }
    let removed = match (position.checked_sub(1), pairs.get(position + 1)) {
        (Some(previous), _) => Span::new(pairs[previous].value.span.end, pair.value.span.end),
        (None, Some(next)) => Span::new(pair.key.span.start, next.key.span.start),
        (None, None) => return None,
    };
    Some(vec![
        Edit::insert(instruction.keyword_span.start, format!("{arg}\n")),
        Edit::replace(removed, ""),
    ])
}

const DOCS_EN: &str = r#"
# `DEBIAN_FRONTEND` set with ENV

## What it checks
`ENV DEBIAN_FRONTEND=…` in the final stage or a stage it is built `FROM`, unless a later ENV
sets it back to the default (empty or `dialog`).

## Why it is risky
`DEBIAN_FRONTEND=noninteractive` is a build-time switch: it stops debconf from asking
questions while packages install. Set with ENV, it is baked into the image's configuration
and stays set in every container: anyone who later runs apt in a container gets default
answers without being asked, and the variable shows up in the environment of the
application, where it has no business. Keeping build settings out of the runtime environment
keeps the image's configuration limited to what the application needs.

## Example
```dockerfile
FROM debian:12-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Use `ARG DEBIAN_FRONTEND=noninteractive`: build arguments are visible to the RUN instructions
that follow, in the same stage, and are not kept in the image. The automatic fix does that.
A stage built `FROM` this one does not inherit the ARG and needs its own line; the fix is then
marked for review. Setting it on the command (`DEBIAN_FRONTEND=noninteractive apt-get
install …`) works too.

## When it is acceptable
Images meant to run package installations non-interactively at run time, such as CI
runner images.

## References
- [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [debconf(7)](https://manpages.debian.org/bookworm/debconf-doc/debconf.7.en.html)
"#;

const DOCS_JA: &str = r#"
# `DEBIAN_FRONTEND` を ENV で設定している

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージの `ENV DEBIAN_FRONTEND=…` を
検出します。後の ENV で既定値（空または `dialog`）に戻している場合は検出しません。

## なぜ危険か
`DEBIAN_FRONTEND=noninteractive` はビルド時のためのスイッチで、パッケージのインストール中に
debconf が質問しないようにします。ENV で設定するとイメージの設定に焼き込まれ、すべての
コンテナで設定されたままになります。後でコンテナ内で apt を実行した人は、尋ねられない
まま既定の回答が使われ、アプリケーションの環境にも無関係な変数が現れます。ビルド時の設定を
実行時の環境に持ち込まないことで、イメージの設定をアプリケーションに必要なものだけに
保てます。

## 問題のある例
```dockerfile
FROM debian:12-slim
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
`ARG DEBIAN_FRONTEND=noninteractive` を使います。ビルド引数は同じステージのそれ以降の
RUN から見え、イメージには残りません。自動修正はこの変更を行います。このステージを
`FROM` で土台にするステージは ARG を引き継がないため、そちらにも同じ行が必要です。その
場合、修正は確認が必要なものとして示されます。コマンドごとに指定する方法
（`DEBIAN_FRONTEND=noninteractive apt-get install …`）でも構いません。

## 許容される場合
CI ランナーのイメージのように、実行時にパッケージを非対話でインストールすることが目的の
イメージです。

## 参考資料
- [Dockerfile リファレンス: ARG](https://docs.docker.com/reference/dockerfile/#arg)
- [Dockerfile リファレンス: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [debconf(7)](https://manpages.debian.org/bookworm/debconf-doc/debconf.7.en.html)
"#;
