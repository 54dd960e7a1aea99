use crate::model::RunScript;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, Connector, SimpleCommand, Tool as Program};

use super::stage_label;
use super::support::program;

pub const RULE: Rule = Rule {
    code: "PL925",
    name: "wget-and-curl",
    section: Section::Dockerfile,
    severity: Severity::Info,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL4001"),
        alias(Tool::Trivy, "DS-0014"),
        alias(Tool::Kics, "Run Using 'wget' and 'curl'"),
        alias(Tool::Semgrep, "use-either-wget-or-curl"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for stage in context.model.stages_reaching_final() {
        let uses = |tool: Program| {
            context
                .scripts_of_stage(stage.index)
                .iter()
                .filter(|script| !detects_tools(script))
                .find_map(|script| {
                    script
                        .script
                        .commands
                        .iter()
                        .find(|command| is_primary_use(command, tool))
                        .map(|command| (script, command))
                })
        };
        let (Some(curl), Some(wget)) = (uses(Program::Curl), uses(Program::Wget)) else {
            continue;
        };
        let start = |(script, command): (&RunScript, &SimpleCommand)| {
            context.script_span(script, command.range.clone())
        };
        let (curl_span, wget_span) = (start(curl), start(wget));
        let (later, later_name, earlier_name, earlier_span) = if curl_span.start < wget_span.start {
            (wget, "wget", "curl", curl_span)
        } else {
            (curl, "curl", "wget", wget_span)
        };
        let line = context.dockerfile.line_index.line_of(earlier_span.start) + 1;
        let label = stage_label(stage);
        let (script, command) = later;
        let word = program(command).map_or(command.range.clone(), |(at, _)| {
            command.words[at].range.clone()
        });
        let message = crate::text!(
            format!("Stage `{label}` uses `{later_name}` here and `{earlier_name}` on line {line}; keeping two download tools in the image adds size and attack surface, so use one of them"),
            format!("ステージ `{label}` はここで `{later_name}` を、{line} 行目で `{earlier_name}` を使っています。ダウンロードツールを2つ入れるとイメージが大きくなり攻撃対象も増えるため、どちらか一方にしてください"),
        );
        out.report(context.script_span(script, word), message)
            .in_stage(stage.index);
    }
}

/// A run of `tool`, unless it is the fallback after `||` (`curl ... || wget ...`
/// works with whichever tool the image has).
fn is_primary_use(command: &SimpleCommand, tool: Program) -> bool {
    command.connector_before != Some(Connector::Or)
        && classify(command).is_some_and(|found| found.tool == tool)
}

/// Scripts that look for the tools (`command -v curl`, `which wget`) pick
/// whichever is installed rather than needing both.
fn detects_tools(script: &RunScript) -> bool {
    script.script.commands.iter().any(|command| {
        matches!(command.name(), Some("command" | "which" | "type" | "hash"))
            && command
                .args()
                .iter()
                .any(|word| matches!(word.value.as_str(), "curl" | "wget"))
    })
}

const DOCS_EN: &str = r#"
# Both wget and curl in one image

## What it checks
A stage that reaches the final image and runs both `curl` and `wget` in its RUN
instructions. A tool used only as a fallback (`curl ... || wget ...`) or in a script that
checks which tool exists (`command -v curl`) does not count.

## Why it is risky
Two tools that do the same job double the download code in the image: more size, more
packages to patch, and more for an attacker who gets a shell to use. Using one tool also keeps
download options (TLS, retries, checksums) consistent.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl wget ca-certificates \
    && curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    && wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
    && curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    && curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
```

## Fix
Pick one tool and rewrite the other downloads with it (`wget -O file URL` is
`curl -fsSLo file URL`). Better still, download in a builder stage so the final image needs
neither.

## When it is acceptable
When a third-party install script requires the other tool and you remove it afterwards.

## References
- [Docker docs: Multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# 1つのイメージで wget と curl の両方を使っている

## チェック内容
最終イメージに含まれるステージで、RUN 命令が `curl` と `wget` の両方を実行しているものを
検出します。フォールバックとしてだけ使うツール（`curl ... || wget ...`）や、どちらのツールが
あるかを調べるスクリプト（`command -v curl`）の中のものは数えません。

## なぜ危険か
同じ役割のツールが2つあると、イメージ内のダウンロード用のコードが倍になります。サイズが増え、
パッチを当てるパッケージが増え、シェルを奪った攻撃者が使える道具も増えます。ツールを1つに
すれば、ダウンロードのオプション（TLS、リトライ、チェックサム）もそろえやすくなります。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl wget ca-certificates \
    && curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    && wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
    && curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    && curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
```

## 修正方法
ツールを1つに決め、もう一方でのダウンロードを書き換えてください（`wget -O file URL` は
`curl -fsSLo file URL` です）。さらに良いのは、ビルダーステージでダウンロードして、最終
イメージにはどちらも入れないことです。

## 許容される場合
サードパーティのインストールスクリプトがもう一方のツールを必要とし、後で削除する場合です。

## 参考資料
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
