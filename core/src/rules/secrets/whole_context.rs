use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Keyword};

use super::{in_final_image, unquote};

pub const RULE: Rule = Rule {
    code: "PL405",
    name: "copy-whole-context",
    section: Section::Secrets,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL4007"),
        alias(Tool::Dockle, "DKL-LI-0003"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    // With the ignore file or the context's paths known, PL420 says what
    // goes in instead of asking for a look.
    if context
        .build_context
        .is_some_and(|build| build.ignore.is_some() || build.paths.is_some())
    {
        return;
    }
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
            || instruction.flag("from").is_some()
            || instruction.flag("exclude").is_some()
        {
            continue;
        }
        let Args::Copy(copy) = &instruction.args else {
            continue;
        };
        let Some(stage) = context
            .stage_of(index)
            .filter(|&stage| in_final_image(context, stage))
        else {
            continue;
        };
        let keyword = instruction.keyword.as_str();
        let destination = copy
            .destination
            .as_ref()
            .map_or("", |word| word.text.as_str());
        for source in copy
            .sources
            .iter()
            .filter(|source| is_whole_context(&source.text))
        {
            let written = format!("{keyword} {} {destination}", source.text);
            out.report(
                source.span,
                crate::text!(
                    format!("`{written}` copies the whole build context into the image: everything `.dockerignore` does not exclude goes in, including `.git`, `.env` files and keys; check that `.dockerignore` lists them, or copy only the files the image needs"),
                    format!("`{written}` はビルドコンテキスト全体をイメージにコピーします。`.dockerignore` で除外していないものはすべて入り、`.git`・`.env` ファイル・鍵も含まれます。`.dockerignore` にそれらが記載されているか確認するか、イメージに必要なファイルだけをコピーしてください"),
                ),
            )
            .in_stage(stage)
            .with_fix(Fix::manual(crate::text!(
                "Check `.dockerignore`: it should exclude at least `.git`, `.env*`, keys and credentials (`*.pem`, `*.key`, `id_*`, `.npmrc`), `node_modules` and build output. Better, copy only what the image needs (`COPY package.json pnpm-lock.yaml ./`, `COPY src/ ./src/`).",
                "`.dockerignore` を確認してください。少なくとも `.git`・`.env*`・鍵や資格情報（`*.pem`・`*.key`・`id_*`・`.npmrc`）・`node_modules`・ビルド成果物を除外すべきです。さらに良いのは、イメージに必要なものだけをコピーすることです（`COPY package.json pnpm-lock.yaml ./`、`COPY src/ ./src/`）。",
            )));
        }
    }
}

/// `.`, `./` and the like: the root of the build context.
fn is_whole_context(source: &str) -> bool {
    // BuildKit removes the quotes of `COPY './' /app` when it expands the words.
    let source = unquote(source);
    let trimmed = source.trim_end_matches('/');
    matches!(trimmed, "." | "./." | "") && !source.is_empty()
}

const DOCS_EN: &str = r#"
# Whole build context copied into the image

## What it checks
`COPY . <dest>` or `ADD . <dest>` in the final stage or a stage it is built on: the whole
build context goes into the image. Copies from another stage (`--from`) and copies that
exclude paths (`--exclude`) are not reported, nor are builder stages that the final image
only copies files from. When the Dockerfile is checked with its project (its
`.dockerignore` or the list of its build context), PL420 judges what goes in instead.

## Why it is risky
What `COPY .` takes is decided by `.dockerignore`, which is not in the Dockerfile. Without a
complete `.dockerignore`, the image gets the `.git` directory (history, sometimes tokens in
`.git/config`), local `.env` files, private keys, credentials and editor files. It also
makes the image bigger and invalidates the layer cache on every change.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
```

## Use instead
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
COPY src/ ./src/
```

## Fix
Check that `.dockerignore` excludes at least `.git`, `.env*`, keys and credentials
(`*.pem`, `*.key`, `id_*`, `.npmrc`), `node_modules` and build output. Better, copy only the
files the image needs, or build in a builder stage and copy the result into the final stage
with `COPY --from=builder`.

## When it is acceptable
When `.dockerignore` is maintained as an allow-list (`*` followed by `!` lines for the files
to include), or when the context is a directory that only holds what the image needs.

## References
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"#;

const DOCS_JA: &str = r#"
# ビルドコンテキスト全体をイメージにコピーしている

## チェック内容
最終ステージ、またはその土台となるステージにある `COPY . <dest>` や `ADD . <dest>` を検出します。
ビルドコンテキスト全体がイメージに入ります。別のステージからのコピー（`--from`）、パスを除外する
コピー（`--exclude`）、最終イメージがファイルをコピーするだけのビルダーステージは対象外です。
Dockerfile をプロジェクト（`.dockerignore` やビルドコンテキストの一覧）と一緒に調べるときは、
代わりに PL420 がイメージに入るものを判定します。

## なぜ危険か
`COPY .` が何を取り込むかは Dockerfile の外にある `.dockerignore` で決まります。`.dockerignore` が
不十分だと、`.git` ディレクトリ（履歴や、`.git/config` 内のトークン）、ローカルの `.env` ファイル、
秘密鍵、資格情報、エディターのファイルがイメージに入ります。イメージも大きくなり、変更のたびに
レイヤーキャッシュが無効になります。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
```

## 代わりに
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
COPY src/ ./src/
```

## 修正方法
`.dockerignore` が少なくとも `.git`・`.env*`・鍵や資格情報（`*.pem`・`*.key`・`id_*`・`.npmrc`）・
`node_modules`・ビルド成果物を除外していることを確認してください。さらに良いのは、イメージに必要な
ファイルだけをコピーするか、ビルダーステージでビルドして結果を `COPY --from=builder` で最終
ステージにコピーすることです。

## 許容される場合
`.dockerignore` を許可リスト方式（`*` の後に取り込むファイルを `!` で列挙）で管理している場合や、
コンテキストがイメージに必要なものだけを含むディレクトリである場合です。

## 参考資料
- [Docker ドキュメント: .dockerignore ファイル](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker ドキュメント: マルチステージビルド](https://docs.docker.com/build/building/multi-stage/)
- CWE-538: 外部からアクセス可能なファイルやディレクトリへの機密情報の挿入
"#;
