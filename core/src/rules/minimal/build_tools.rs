use std::collections::HashSet;

use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool as Peer};
use crate::shell::{classify, Recognized, Tool};

use super::{final_chain_scripts, final_image_is_for_building, final_toolchain};

pub const RULE: Rule = Rule {
    code: "PL601",
    name: "build-tools-in-final-stage",
    section: Section::MinimalImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[alias(Peer::Dockle, "CIS-DI-0003")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Compilers and build systems, by package name.
const BUILD_TOOLS: &[&str] = &[
    "gcc",
    "g++",
    "gcc-c++",
    "cc",
    "clang",
    "make",
    "cmake",
    "ninja",
    "ninja-build",
    "meson",
    "build-essential",
    "build-base",
    "alpine-sdk",
    "autoconf",
    "automake",
    "libtool",
    "bison",
    "golang",
    "golang-go",
    "go",
    "rust",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "default-jdk",
    "development tools",
    "@development-tools",
];

/// Versioned names of the same tools: `gcc-12`, `clang-15`, `golang-1.21-go`.
const VERSIONED: &[&str] = &["gcc-", "g++-", "clang-", "golang-", "llvm-", "cmake-"];

fn check(context: &Context, out: &mut Diagnostics) {
    // A final image built on a toolchain image is PL603's finding.
    if final_toolchain(context).is_some() || final_image_is_for_building(context) {
        return;
    }
    let scripts: Vec<_> = final_chain_scripts(context).collect();
    let mut removed: HashSet<String> = HashSet::new();
    let mut removes_all: HashSet<usize> = HashSet::new();
    for script in &scripts {
        for command in &script.script.commands {
            let Some(recognized) = classify(command) else {
                continue;
            };
            if let Some(names) = removal(recognized) {
                if names.is_empty() || names.iter().any(|name| name.contains('$')) {
                    removes_all.insert(script.instruction);
                }
                removed.extend(names);
            }
        }
    }
    for script in scripts {
        if removes_all.contains(&script.instruction) {
            continue;
        }
        for command in &script.script.commands {
            let Some(recognized) = classify(command) else {
                continue;
            };
            if !is_system_installer(recognized.tool) || !recognized.installs {
                continue;
            }
            let group = recognized.flag_value(&['t'], &["--virtual"]);
            if group.is_some_and(|group| removed.contains(group)) {
                continue;
            }
            let mut tools = Vec::new();
            let mut dev = Vec::new();
            for package in recognized.packages() {
                let name = package_name(&package.value);
                if removed.contains(&name) || removed.contains(&package.value) {
                    continue;
                }
                if is_build_tool(&name) {
                    tools.push((package.word, name));
                } else if name.ends_with("-dev") || name.ends_with("-devel") {
                    dev.push((package.word, name));
                }
            }
            if tools.is_empty() && dev.len() < 2 {
                continue;
            }
            let first = tools.first().or(dev.first()).map_or(0, |(word, _)| *word);
            let names: Vec<String> = tools
                .iter()
                .chain(&dev)
                .map(|(_, name)| format!("`{name}`"))
                .collect();
            let listed = if names.len() > 5 {
                format!("{} and {} more", names[..5].join(", "), names.len() - 5)
            } else {
                names.join(", ")
            };
            let listed_ja = if names.len() > 5 {
                format!("{} ほか {} 個", names[..5].join("、"), names.len() - 5)
            } else {
                names.join("、")
            };
            let span = context.script_span(script, command.words[first].range.clone());
            let diagnostic = out.report(
                span,
                crate::text!(
                    format!("build tools and headers ({listed}) are installed in a stage that becomes the final image, where they add size and give an attacker a compiler; install them in a builder stage and copy only the build output into a slim, distroless or scratch final stage (or remove them in the same RUN)"),
                    format!("最終イメージになるステージでビルドツールや開発用ヘッダー（{listed_ja}）をインストールしています。イメージが大きくなり、攻撃者にコンパイラを与えることになります。ビルド用ステージでインストールし、成果物だけを slim・distroless・scratch の最終ステージにコピーしてください（または同じ RUN で削除してください）"),
                ),
            );
            if let Some(stage) = script.stage {
                diagnostic.in_stage(stage);
            }
        }
    }
}

fn is_system_installer(tool: Tool) -> bool {
    matches!(
        tool,
        Tool::AptGet
            | Tool::Apt
            | Tool::Apk
            | Tool::Yum
            | Tool::Dnf
            | Tool::Microdnf
            | Tool::Tdnf
            | Tool::Zypper
    )
}

/// The packages a command removes: `Some(empty)` for a removal of
/// everything no longer needed (`apt-get autoremove`, `purge --auto-remove`).
fn removal(recognized: &Recognized) -> Option<Vec<String>> {
    let subcommand = recognized.subcommand.as_ref()?.value.as_str();
    let removes = match recognized.tool {
        Tool::AptGet | Tool::Apt => matches!(subcommand, "remove" | "purge" | "autoremove"),
        Tool::Apk => subcommand == "del",
        Tool::Yum | Tool::Dnf | Tool::Microdnf | Tool::Tdnf => {
            matches!(
                subcommand,
                "remove" | "erase" | "autoremove" | "groupremove"
            )
        }
        Tool::Zypper => matches!(subcommand, "remove" | "rm"),
        _ => false,
    };
    if !removes {
        return None;
    }
    if subcommand == "autoremove" || recognized.has_flag(&[], &["--auto-remove", "--autoremove"]) {
        return Some(Vec::new());
    }
    Some(
        recognized
            .operands
            .iter()
            .map(|operand| package_name(&operand.value))
            .collect(),
    )
}

/// The package name without version or architecture: `gcc=4:12.2` → `gcc`.
fn package_name(spec: &str) -> String {
    let name = spec.split(['=', '<', '>', '~', ':']).next().unwrap_or(spec);
    name.to_ascii_lowercase()
}

fn is_build_tool(name: &str) -> bool {
    BUILD_TOOLS.contains(&name)
        || VERSIONED.iter().any(|prefix| {
            name.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(|ch: char| ch.is_ascii_digit()))
        })
        || name.ends_with("-jdk")
        || name.ends_with("-jdk-headless")
}

const DOCS_EN: &str = r#"
# Build tools installed in the final image

## What it checks
Packages installed with apt-get, apk, yum, dnf, microdnf, tdnf or zypper in the final
stage (or a stage it is built `FROM`) that are compilers or build tools: `gcc`, `g++`,
`clang`, `make`, `cmake`, `build-essential`, `build-base`, `autoconf`, `automake`,
`libtool`, Go, Rust, Maven, Gradle, JDKs; or two or more `-dev`/`-devel` header
packages. Packages removed again (`apk del <virtual>`, `apt-get purge`, `--auto-remove`)
are not reported. Builder stages are where these belong, so they are never reported, and
a final image built on a toolchain image (`golang`, `buildpack-deps`, ...) is reported by
PL603 instead. Nor are images whose purpose is building: build and test images (a stage
named `build` or `test`, a test runner as the command) and base images meant to be built
upon (ONBUILD triggers, a command that is only a shell or an interpreter prompt such as
`CMD ["python3"]`, or no command of their own).

## Why it is risky
A compiler in the running image is a gift to an attacker who gets a shell: they can build
exploits and tools on the spot. Build tools also pull in many packages, each with its own
vulnerabilities to patch, and make the image larger and slower to ship. A minimal image
contains the application and what it needs to run, nothing else.

## Example
```dockerfile
FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libffi-dev \
 && pip install --no-cache-dir psycopg2==2.9.9
COPY app.py .
CMD ["python", "app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libffi-dev \
 && pip wheel --wheel-dir /wheels psycopg2==2.9.9

FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl
COPY app.py .
CMD ["python", "app.py"]
```

## Fix
Move the build into a builder stage and copy only the result (binaries, wheels, `dist/`)
into the final stage, which needs only the runtime libraries. For static binaries the
final stage can be `scratch` or `gcr.io/distroless/static`; for interpreted languages a
distroless or slim runtime image. If you must build in one stage, install the tools as a
group and remove them in the same RUN (`apk add --virtual .build-deps … && apk del
.build-deps`).

## When it is acceptable
Images whose purpose is building: CI runners, development containers, toolchain images.

## References
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Distroless images](https://github.com/GoogleContainerTools/distroless)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# 最終イメージにビルドツールをインストールしている

## チェック内容
最終ステージ（とそのステージが `FROM` で基にしているステージ）で apt-get、apk、yum、dnf、
microdnf、tdnf、zypper によってインストールされる、コンパイラやビルドツールのパッケージを
検出します。対象は `gcc`、`g++`、`clang`、`make`、`cmake`、`build-essential`、`build-base`、
`autoconf`、`automake`、`libtool`、Go、Rust、Maven、Gradle、JDK、および2つ以上の
`-dev`/`-devel` ヘッダーパッケージです。後で削除されるパッケージ（`apk del <virtual>`、
`apt-get purge`、`--auto-remove`）は対象外です。これらのツールはビルド用ステージに置くべき
ものなので、ビルド用ステージでは検出しません。ツールチェーンイメージ（`golang`、
`buildpack-deps` など）を基にした最終イメージは、代わりに PL603 が検出します。ビルドが目的の
イメージも対象外です。ビルド用・テスト用のイメージ（`build` や `test` という名前のステージ、
テストランナーをコマンドにしたもの）と、他のイメージのベースとなるイメージ（ONBUILD がある、
`CMD ["python3"]` のようにコマンドがシェルやインタープリターのプロンプトだけ、または自身の
コマンドがない）がこれに当たります。

## なぜ危険か
実行中のイメージにあるコンパイラは、シェルを奪った攻撃者への贈り物です。その場で
エクスプロイトやツールをビルドできてしまいます。ビルドツールは多くのパッケージを引き込み、
それぞれに修正すべき脆弱性があり、イメージも大きく配布に時間がかかるようになります。
最小イメージに含めるのは、アプリケーションとその実行に必要なものだけです。

## 問題のある例
```dockerfile
FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libffi-dev \
 && pip install --no-cache-dir psycopg2==2.9.9
COPY app.py .
CMD ["python", "app.py"]
```

## 代わりに
```dockerfile
FROM python:3.12-slim AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libffi-dev \
 && pip wheel --wheel-dir /wheels psycopg2==2.9.9

FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl
COPY app.py .
CMD ["python", "app.py"]
```

## 修正方法
ビルドをビルド用ステージに移し、成果物（バイナリ、wheel、`dist/`）だけを最終ステージに
コピーします。最終ステージに必要なのは実行時のライブラリだけです。静的バイナリなら最終
ステージを `scratch` や `gcr.io/distroless/static` に、インタープリター型の言語なら
distroless や slim のランタイムイメージにできます。どうしても1つのステージでビルドする場合は、
ツールをまとめてインストールし、同じ RUN で削除します（`apk add --virtual .build-deps … &&
apk del .build-deps`）。

## 許容される場合
CI ランナー、開発用コンテナ、ツールチェーンのイメージなど、ビルドすること自体が目的の
イメージです。

## 参考資料
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- [Distroless イメージ](https://github.com/GoogleContainerTools/distroless)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
