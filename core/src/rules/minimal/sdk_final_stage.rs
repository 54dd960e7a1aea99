use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};

use super::{
    final_chain_scripts, final_image_is_for_building, final_toolchain, program, Toolchain,
};

pub const RULE: Rule = Rule {
    code: "PL603",
    name: "sdk-image-as-final-stage",
    section: Section::MinimalImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let Some((root, toolchain)) = final_toolchain(context) else {
        return;
    };
    if final_image_is_for_building(context) {
        return;
    }
    let stage = &context.model.stages[root];
    let Some(build) = final_chain_scripts(context)
        .flat_map(|script| &script.script.commands)
        .find_map(|command| {
            build_command(
                &command
                    .words
                    .iter()
                    .map(|word| word.value.as_str())
                    .collect::<Vec<_>>(),
            )
        })
    else {
        return;
    };
    let written = &stage.base_text;
    let (instead, instead_ja) = match toolchain {
        Toolchain::Native => (
            "copy the binary into `scratch` or `gcr.io/distroless/static` (`distroless/cc` if it links libc)",
            "バイナリを `scratch` か `gcr.io/distroless/static`（libc にリンクするなら `distroless/cc`）にコピーしてください",
        ),
        Toolchain::Java => (
            "copy the jar into a JRE image such as `eclipse-temurin:<version>-jre` or `gcr.io/distroless/java21-debian12`",
            "jar を `eclipse-temurin:<version>-jre` や `gcr.io/distroless/java21-debian12` などの JRE イメージにコピーしてください",
        ),
        Toolchain::Dotnet => (
            "copy the published output into `mcr.microsoft.com/dotnet/aspnet` or `mcr.microsoft.com/dotnet/runtime`",
            "発行した成果物を `mcr.microsoft.com/dotnet/aspnet` か `mcr.microsoft.com/dotnet/runtime` にコピーしてください",
        ),
    };
    out.report(
        stage.base_span,
        crate::text!(
            format!("the final image is the `{written}` toolchain image and builds here (`{build}`), so the compiler, the sources and the build caches ship with the application; build in a builder stage and {instead}"),
            format!("最終イメージがツールチェーンイメージ `{written}` のままで、ここでビルドしています（`{build}`）。コンパイラ、ソース、ビルドキャッシュがアプリケーションと一緒に配布されます。ビルド用ステージでビルドし、{instead_ja}"),
        ),
    )
    .in_stage(root);
}

/// A command that compiles or packages an application, as shown in messages.
fn build_command(words: &[&str]) -> Option<String> {
    let name = program(words.first()?);
    let sub = words
        .get(1..)
        .unwrap_or_default()
        .iter()
        .find(|word| !word.starts_with('-'))
        .copied();
    // `rustc --version` and the like only print.
    if words
        .iter()
        .any(|word| matches!(*word, "--version" | "-v" | "-V" | "--help"))
    {
        return None;
    }
    let builds = match name {
        "go" => matches!(sub, Some("build" | "install")),
        "cargo" => matches!(sub, Some("build" | "install")),
        "mvn" | "mvnw" => words
            .iter()
            .any(|word| matches!(*word, "package" | "install" | "verify" | "compile")),
        "gradle" | "gradlew" => words.iter().any(|word| {
            matches!(
                *word,
                "build" | "assemble" | "jar" | "bootJar" | "shadowJar" | "installDist"
            )
        }),
        "dotnet" => matches!(sub, Some("build" | "publish")),
        "swift" => sub == Some("build"),
        "javac" | "rustc" | "make" | "cmake" | "gcc" | "g++" | "cc" | "clang" => true,
        _ => false,
    };
    builds.then(|| match sub {
        Some(sub)
            if !matches!(
                name,
                "javac" | "rustc" | "make" | "cmake" | "gcc" | "g++" | "cc" | "clang"
            ) =>
        {
            format!("{name} {sub}")
        }
        _ => name.to_string(),
    })
}

const DOCS_EN: &str = r#"
# Final image built on a compiler toolchain image

## What it checks
The final stage (following `FROM <stage>` chains) is based on a toolchain image, such as
`golang`, `rust`, `gcc`, `maven`, `gradle`, a JDK (`openjdk`, `eclipse-temurin` without
`jre`, `amazoncorretto`) or `mcr.microsoft.com/dotnet/sdk`, and builds the application
there (`go build`, `cargo build`, `mvn package`, `gradle build`, `dotnet publish`, `make`,
...). `node` and `python` images are runtimes too, so they are not reported. Neither are
images whose purpose is building: build and test images (a stage named `build` or `test`,
a test runner as the command) and base images meant to be built upon (ONBUILD triggers, a
command that is only a shell or an interpreter prompt such as `CMD ["python3"]`, or no
command of their own).

## Why it is risky
Toolchain images are large (often 300 MB to over 1 GB) and carry compilers, package
managers and many libraries the application never uses: more vulnerabilities to patch and
more tools for an attacker who gets in. The image also ships your sources and build caches.
A multi-stage build keeps the toolchain in a builder stage and ships only the result; a
static Go binary needs nothing but `scratch`.

## Example
```dockerfile
FROM golang:1.21-alpine
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main
ENTRYPOINT ["/app/main"]
```

## Use instead
```dockerfile
# Build stage
FROM golang:1.21-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main

# Minimal image
FROM scratch
COPY --from=builder /app/main /main
ENTRYPOINT ["/main"]
```

## Fix
Name the toolchain stage (`AS builder`) and add a final stage that copies only the build
output: `scratch` or `gcr.io/distroless/static` for static binaries (Go with
`CGO_ENABLED=0`, Rust with musl), `gcr.io/distroless/cc` for binaries that link libc, a JRE
or `gcr.io/distroless/java` image for Java, `mcr.microsoft.com/dotnet/aspnet` or `runtime`
for .NET. For Node.js the same pattern applies with `gcr.io/distroless/nodejs20-debian12`:

```dockerfile
FROM node:20-alpine AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12
COPY --from=builder /app/dist /app
COPY --from=builder /app/node_modules /app/node_modules
WORKDIR /app
CMD ["index.js"]
```

## When it is acceptable
Images meant for building or testing: CI images, development containers, tools that
compile at run time.

## References
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Distroless images](https://github.com/GoogleContainerTools/distroless)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages)
"#;

const DOCS_JA: &str = r#"
# 最終イメージがコンパイラのツールチェーンイメージのまま

## チェック内容
最終ステージ（`FROM <stage>` の連鎖をたどった先）が `golang`、`rust`、`gcc`、`maven`、
`gradle`、JDK（`openjdk`、`jre` を含まない `eclipse-temurin`、`amazoncorretto`）、
`mcr.microsoft.com/dotnet/sdk` などのツールチェーンイメージを基にしており、そこで
アプリケーションをビルドしている（`go build`、`cargo build`、`mvn package`、
`gradle build`、`dotnet publish`、`make` など）場合に検出します。`node` や `python` の
イメージはランタイムでもあるため対象外です。ビルドが目的のイメージも対象外です。ビルド用・
テスト用のイメージ（`build` や `test` という名前のステージ、テストランナーをコマンドにしたもの）
と、他のイメージのベースとなるイメージ（ONBUILD がある、`CMD ["python3"]` のようにコマンドが
シェルやインタープリターのプロンプトだけ、または自身のコマンドがない）がこれに当たります。

## なぜ危険か
ツールチェーンイメージは大きく（300 MB から 1 GB 超になることも多い）、アプリケーションが
使わないコンパイラ、パッケージマネージャー、多数のライブラリを含みます。修正すべき
脆弱性が増え、侵入した攻撃者が使える道具も増えます。ソースやビルドキャッシュも一緒に
配布されます。マルチステージビルドならツールチェーンをビルド用ステージに閉じ込め、成果物
だけを配布できます。静的な Go のバイナリなら `scratch` だけで十分です。

## 問題のある例
```dockerfile
FROM golang:1.21-alpine
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main
ENTRYPOINT ["/app/main"]
```

## 代わりに
```dockerfile
# Build stage
FROM golang:1.21-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main

# Minimal image
FROM scratch
COPY --from=builder /app/main /main
ENTRYPOINT ["/main"]
```

## 修正方法
ツールチェーンのステージに名前を付け（`AS builder`）、ビルドの成果物だけをコピーする最終
ステージを追加します。静的バイナリ（`CGO_ENABLED=0` の Go、musl の Rust）なら `scratch` か
`gcr.io/distroless/static`、libc にリンクするバイナリなら `gcr.io/distroless/cc`、Java なら
JRE か `gcr.io/distroless/java` のイメージ、.NET なら `mcr.microsoft.com/dotnet/aspnet` か
`runtime` を使います。Node.js でも `gcr.io/distroless/nodejs20-debian12` で同じ形にできます。

```dockerfile
FROM node:20-alpine AS builder
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12
COPY --from=builder /app/dist /app
COPY --from=builder /app/node_modules /app/node_modules
WORKDIR /app
CMD ["index.js"]
```

## 許容される場合
CI イメージ、開発用コンテナ、実行時にコンパイルするツールなど、ビルドやテストのための
イメージです。

## 参考資料
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- [Distroless イメージ](https://github.com/GoogleContainerTools/distroless)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）
"#;
