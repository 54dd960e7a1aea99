use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::{Recognized, Tool as Cmd};

use super::{apt_simulates, in_final_image};

pub const RULE: Rule = Rule {
    code: "PL303",
    name: "apt-install-recommends",
    section: Section::Packages,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3015"),
        alias(Tool::Trivy, "DS-0029"),
        alias(Tool::Kics, "APT-GET Not Avoiding Additional Packages"),
        alias(Tool::Semgrep, "missing-no-install-recommends"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const SWITCH: &str = "--no-install-recommends";

fn check(context: &Context, out: &mut Diagnostics) {
    let configured = context.first_mention("apt::install-recommends");
    for run in context.runs() {
        if !in_final_image(context, run.instruction) {
            continue;
        }
        let configured_before = context.written_before(configured, run.instruction);
        for (command, recognized) in run.using(&[Cmd::AptGet, Cmd::Apt]) {
            if recognized.packages().is_empty()
                || configured_before
                || skips_recommends(recognized)
                || apt_simulates(recognized)
            {
                continue;
            }
            let program = basename(&command.command.words[recognized.program].value);
            let diagnostic = out.report(
                command.name_span(context, recognized),
                crate::text!(
                    format!("`{program} install` also installs the packages the requested ones recommend, which nothing needs and which add size and attack surface; add `{SWITCH}`"),
                    format!("`{program} install` は指定したパッケージが推奨するパッケージも入れます。それらは不要で、サイズと攻撃対象領域を増やします。`{SWITCH}` を付けてください"),
                ),
            );
            // Inserted before the first package, so it does not collide with
            // PL302's `-y` right after `install`.
            let first_package = recognized.packages().first().map(|package| package.word);
            if let Some(span) =
                first_package.and_then(|word| command.exact_word_span(context, word))
            {
                diagnostic.with_fix(Fix::safe(
                    crate::text!(format!("Add `{SWITCH}`"), format!("`{SWITCH}` を追加")),
                    vec![Edit::insert(span.start, format!("{SWITCH} "))],
                ));
            }
        }
    }
}

/// `--no-install-recommends`, `--install-recommends=false`,
/// `-o APT::Install-Recommends=false`.
fn skips_recommends(recognized: &Recognized) -> bool {
    let is_false =
        |value: &str| matches!(value.to_ascii_lowercase().as_str(), "false" | "0" | "no");
    recognized.has_flag(&[], &[SWITCH])
        || recognized
            .flag_value(&[], &["--install-recommends"])
            .is_some_and(is_false)
        || recognized.flag_values(&['o'], &["--option"]).any(|value| {
            value.split_once('=').is_some_and(|(key, value)| {
                key.eq_ignore_ascii_case("APT::Install-Recommends") && is_false(value)
            })
        })
}

const DOCS_EN: &str = r#"
# apt installs recommended packages

## What it checks
`apt-get install` and `apt install` of packages without `--no-install-recommends` (or
`-o APT::Install-Recommends=false`, or the same setting written to an apt.conf file
earlier), in the final stage or a stage it is built `FROM`. Options held in a variable the
Dockerfile sets (`ARG NO_RECS=--no-install-recommends` … `apt-get install $NO_RECS`) count,
as the shell puts them in. A builder stage that is only copied from is not checked: its
packages are thrown away.

## Why it is risky
By default apt also installs every package the requested ones *recommend*: documentation
tools, extra libraries, sometimes whole language runtimes. Every extra package makes the image bigger, and it is more
code that the vulnerability scanner reports and that you have to patch, without anything
using it. The image security guide's checklist asks to remove unneeded packages ("不要な
パッケージを削除"); not installing them in the first place is the cheapest way.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y curl \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Add `--no-install-recommends` after `install`; the automatic fix adds it before the first
package. If the program then
misses something, install that package by name: the list stays explicit.

## When it is acceptable
Images meant for interactive use, such as a development container, where the recommended
tools are wanted.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
- [apt.conf(5): APT::Install-Recommends](https://manpages.debian.org/bookworm/apt/apt.conf.5.en.html)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# apt が推奨パッケージもインストールする

## チェック内容
最終ステージ、またはそれが `FROM` で土台にしているステージで、`--no-install-recommends`（または
`-o APT::Install-Recommends=false`、それより前に apt.conf に書いた同じ設定）なしで
パッケージをインストールする `apt-get install` と `apt install` を検出します。Dockerfile で
設定した変数に入れたオプション（`ARG NO_RECS=--no-install-recommends` … `apt-get install
$NO_RECS`）も、シェルが展開するとおりに数えます。ファイルが
捨てられる、コピー元になるだけのビルダーステージはチェックしません。

## なぜ危険か
apt は既定で、指定したパッケージが「推奨」するパッケージもすべて入れます。ドキュメント用の
ツール、追加のライブラリ、ときには言語ランタイム一式まで入ります。余分なパッケージはイメージを大きくし、
使われていないのに脆弱性スキャナーが報告し、パッチを当て続けなければならないコードを
増やします。イメージセキュリティガイドのチェックリストにある「不要なパッケージを削除」の、
最も手軽な実践は最初から入れないことです。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y curl \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
`install` の後に `--no-install-recommends` を付けます。自動修正は最初のパッケージの前に
追加します。
その結果プログラムに足りないものが出たら、そのパッケージを名前で指定して入れてください。
インストールするものの一覧が明示的なまま保たれます。

## 許容される場合
開発用コンテナのように対話的に使うイメージで、推奨ツールも欲しい場合です。

## 参考資料
- [Docker ドキュメント: apt-get のベストプラクティス](https://docs.docker.com/build/building/best-practices/#apt-get)
- [apt.conf(5): APT::Install-Recommends](https://manpages.debian.org/bookworm/apt/apt.conf.5.en.html)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
