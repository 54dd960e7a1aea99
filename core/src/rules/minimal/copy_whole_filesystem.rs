use crate::model::Base;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    code: "PL602",
    name: "copy-whole-filesystem-from-stage",
    section: Section::MinimalImage,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Hadolint, "DL3067")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Per stage: whether it or a stage it is built `FROM` has a RUN.
fn stages_that_build(context: &Context) -> Vec<bool> {
    let mut builds: Vec<bool> = Vec::with_capacity(context.model.stages.len());
    for stage in &context.model.stages {
        let runs = stage
            .instructions
            .clone()
            .any(|index| context.dockerfile.instructions[index].keyword == Keyword::Run);
        // A `FROM <stage>` base is always an earlier stage.
        let parent_builds = match stage.base {
            Base::Stage(parent) => builds.get(parent).copied().unwrap_or(false),
            _ => false,
        };
        builds.push(runs || parent_builds);
    }
    builds
}

fn check(context: &Context, out: &mut Diagnostics) {
    let builds = stages_that_build(context);
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if instruction.keyword != Keyword::Copy || !context.reaches_final(index) {
            continue;
        }
        let Some(from) = instruction
            .flag("from")
            .and_then(|flag| flag.value.as_deref())
        else {
            continue;
        };
        let Args::Copy(args) = &instruction.args else {
            continue;
        };
        // Only stages that build something: a stage that just names an
        // image (`FROM tonistiigi/xx AS xx`) or one assembled `FROM scratch`
        // holds only what was put there on purpose, as does an external image.
        let Some(source_stage) = context
            .model
            .first_stage_named(from)
            .or_else(|| from.parse::<usize>().ok())
            .and_then(|stage| context.model.stages.get(stage))
        else {
            continue;
        };
        if !builds[source_stage.index]
            || matches!(context.model.root_base(source_stage.index), Base::Scratch)
        {
            continue;
        }
        for source in &args.sources {
            if !matches!(
                source.text.trim_matches('"'),
                "/" | "/." | "/*" | "." | "./" | "./*"
            ) {
                continue;
            }
            let diagnostic = out.report(
                source.span,
                crate::text!(
                    format!("`COPY --from={from} {}` copies the whole file system of `{from}` (package manager, shell, build tools, caches and any credentials left there) into a stage that reaches the final image; copy only the paths the application needs, such as `/app/dist` or the binary", source.text),
                    format!("`COPY --from={from} {}` は `{from}` のファイルシステム全体（パッケージマネージャー、シェル、ビルドツール、キャッシュ、残った認証情報）を最終イメージに届くステージへコピーします。`/app/dist` やバイナリなど、アプリケーションに必要なパスだけをコピーしてください", source.text),
                ),
            );
            if let Some(stage) = context.stage_of(index) {
                diagnostic.in_stage(stage);
            }
        }
    }
}

const DOCS_EN: &str = r#"
# Whole file system copied from another stage

## What it checks
`COPY --from=<stage> / <dest>` (also `/.`, `/*` and `.`, which name the root of the
source) in a stage that reaches the final image, when the source stage runs commands (a
builder). Stages that only name an image (`FROM tonistiigi/xx AS xx`), stages assembled
`FROM scratch` and external images are skipped: they usually hold only what was put there
on purpose.

## Why it is risky
A multi-stage build keeps compilers, package managers, sources and caches in the builder
stage; copying `/` from it brings all of that back, so the final image is as large and as
exposed as the builder. It also copies what the build left behind, such as `~/.npmrc`
tokens, SSH keys or `.git` directories, and it overwrites the final base's own files
(`/etc/passwd`, certificates, the dynamic loader) with the builder's versions.

## Example
```dockerfile
FROM golang:1.22-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main

FROM alpine:3.20
COPY --from=builder / /
ENTRYPOINT ["/app/main"]
```

## Use instead
```dockerfile
FROM golang:1.22-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main

FROM alpine:3.20
COPY --from=builder /app/main /app/main
ENTRYPOINT ["/app/main"]
```

## Fix
Copy only what the application needs at run time: the binary, the `dist/` directory, the
installed dependencies. If you need a prepared root file system, assemble it in a directory
of the builder (`/rootfs`) and copy that directory.

## When it is acceptable
Copying from a stage that only holds a prepared root file system, for example one built
`FROM scratch`, or when the builder is deliberately the base of a debugging image.

## References
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
"#;

const DOCS_JA: &str = r#"
# 他のステージからファイルシステム全体をコピーしている

## チェック内容
最終イメージに届くステージで、コマンドを実行するステージ（ビルド用ステージ）から
`COPY --from=<stage> / <dest>`（コピー元のルートを指す `/.`、`/*`、`.` も含む）でコピーする
場合を検出します。イメージに名前を付けるだけのステージ（`FROM tonistiigi/xx AS xx`）、
`FROM scratch` で組み立てたステージ、外部イメージは、通常は意図して置いたものしか含まない
ため対象外です。

## なぜ危険か
マルチステージビルドでは、コンパイラ、パッケージマネージャー、ソース、キャッシュを
ビルド用ステージに閉じ込めます。そこから `/` をコピーするとそれらがすべて戻ってきて、
最終イメージはビルド用ステージと同じくらい大きく、攻撃を受けやすくなります。ビルドが
残したもの（`~/.npmrc` のトークン、SSH 鍵、`.git` ディレクトリなど）もコピーされ、最終
ステージのベースが持つファイル（`/etc/passwd`、証明書、動的ローダー）もビルド用ステージの
ものに上書きされます。

## 問題のある例
```dockerfile
FROM golang:1.22-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main

FROM alpine:3.20
COPY --from=builder / /
ENTRYPOINT ["/app/main"]
```

## 代わりに
```dockerfile
FROM golang:1.22-alpine AS builder
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o /app/main

FROM alpine:3.20
COPY --from=builder /app/main /app/main
ENTRYPOINT ["/app/main"]
```

## 修正方法
バイナリ、`dist/` ディレクトリ、インストール済みの依存関係など、実行時にアプリケーションが
必要とするものだけをコピーします。ルートファイルシステムを用意したい場合は、ビルド用
ステージのディレクトリ（`/rootfs`）に組み立て、そのディレクトリをコピーしてください。

## 許容される場合
`FROM scratch` で作ったステージなど、用意したルートファイルシステムだけを持つステージから
コピーする場合や、ビルド用ステージを意図的にデバッグ用イメージのベースにする場合です。

## 参考資料
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- [Dockerfile リファレンス: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
"#;
