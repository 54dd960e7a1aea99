use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{add_sources, adds, AddSource};

pub const RULE: Rule = Rule {
    code: "PL808",
    name: "add-archive-auto-extract",
    section: Section::SupplyChain,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Semgrep, "prefer-copy-over-add"),
        alias(Tool::Checkov, "CKV_DOCKER_4"),
        alias(Tool::Dockle, "CIS-DI-0009"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in adds(context) {
        // `--unpack=true` says it; `--unpack=false` turns it off.
        if instruction.flag("unpack").is_some() {
            continue;
        }
        for (word, source, kind) in add_sources(context, index, instruction) {
            if kind != AddSource::Archive {
                continue;
            }
            let diagnostic = out.report(
                word.span,
                crate::text!(
                    format!("`ADD {source}` silently unpacks the archive, which is easy to miss and writes wherever its entries point (symbolic links and absolute paths included); copy it with `COPY` and unpack it with an explicit `RUN tar -xf`, or write `ADD --unpack=true`"),
                    format!("`ADD {source}` はアーカイブを暗黙に展開します。見落としやすく、エントリが指す場所（シンボリックリンクや絶対パスを含む）にそのまま書き込みます。`COPY` でコピーして `RUN tar -xf` で明示的に展開するか、`ADD --unpack=true` と書いてください"),
                ),
            );
            if let Some(stage) = context.stage_of(index) {
                diagnostic.in_stage(stage);
            }
            diagnostic.with_fix(Fix::manual(crate::text!(
                format!("Write `COPY {source} /tmp/` and `RUN tar -xf /tmp/<archive> -C <dest> && rm /tmp/<archive>` (in one RUN with a bind mount to keep the archive out of the layers: `RUN --mount=type=bind,source={source},target=/tmp/archive tar -xf /tmp/archive -C <dest>`), or keep `ADD` and add `--unpack=true` (Dockerfile syntax 1.17+)."),
                format!("`COPY {source} /tmp/` と `RUN tar -xf /tmp/<archive> -C <dest> && rm /tmp/<archive>` に書き換えてください（アーカイブをレイヤーに残さないなら、バインドマウントを使い1つの RUN で: `RUN --mount=type=bind,source={source},target=/tmp/archive tar -xf /tmp/archive -C <dest>`）。または `ADD` のまま `--unpack=true` を付けます（Dockerfile 構文 1.17 以降）。"),
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# ADD silently unpacks a local archive

## What it checks
`ADD` of a local tar archive (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`/`.tbz2`,
`.tar.xz`/`.txz`, `.tar.zst`, ...), which `ADD` unpacks into the destination instead of
copying, unless the instruction says so with `--unpack`. Files with only a compression
suffix (`.gz`, `.bz2`, `.xz`, `.zst`) count too: `ADD` decides by the content, and unpacks
them when they hold a tar archive.

## Why it is risky
Nothing in `ADD rootfs.tar.gz /` says that the archive is extracted: readers expect a
file, and a renamed file changes the behaviour. Extraction writes wherever the entries
point, symbolic links, absolute paths, setuid files and ownership included, straight into
the image, with no chance to list or filter them first. An explicit `tar` command shows the
step, and lets you choose options such as `--no-same-owner` or `--strip-components`.

We disagree with hadolint's DL3010, which suggests `ADD` for archives: the convenience is
not worth the hidden behaviour, and a bind mount keeps the archive out of the layers just
as well.

## Example
```dockerfile
FROM alpine:3.20
ADD vendor-tools.tar.gz /opt/tools/
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN --mount=type=bind,source=vendor-tools.tar.gz,target=/tmp/vendor-tools.tar.gz \
    mkdir -p /opt/tools && tar -xzf /tmp/vendor-tools.tar.gz -C /opt/tools --no-same-owner
```

## Fix
Unpack explicitly with `tar` in a `RUN`: with a bind mount of the archive (as above) it
never lands in a layer; or `COPY` it and remove it in the same `RUN` that unpacks it. If
you prefer `ADD`, say what it does with `ADD --unpack=true` (Dockerfile syntax 1.17+).

## When it is acceptable
Base images built `FROM scratch` from a root file system archive (`ADD rootfs.tar.xz /`)
are the classic use; add `--unpack=true` where available, or suppress with that reason.

## References
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Dockerfile reference: RUN --mount=type=bind](https://docs.docker.com/reference/dockerfile/#run---mounttypebind)
- CIS Docker Benchmark 4.9 (use COPY instead of ADD)
- CWE-22: Path traversal
"#;

const DOCS_JA: &str = r#"
# ADD がローカルのアーカイブを暗黙に展開している

## チェック内容
ローカルの tar アーカイブ（`.tar`、`.tar.gz`/`.tgz`、`.tar.bz2`/`.tbz2`、`.tar.xz`/`.txz`、
`.tar.zst` など）の `ADD` を検出します。`--unpack` で明示しない限り、`ADD` はこれをコピー
せずに展開先へ展開します。圧縮の拡張子だけのファイル（`.gz`、`.bz2`、`.xz`、`.zst`）も
対象です。`ADD` は名前ではなく中身で判断し、tar アーカイブが入っていれば展開します。

## なぜ危険か
`ADD rootfs.tar.gz /` という書き方のどこにも、アーカイブが展開されるとは書かれていません。
読み手はファイルのコピーだと考えますし、ファイル名を変えれば動作も変わります。展開は
エントリが指す場所に、シンボリックリンク、絶対パス、setuid ファイル、所有者の情報も含めて
そのままイメージへ書き込み、事前に一覧を見たり絞り込んだりする機会はありません。明示的な
`tar` コマンドなら手順が見え、`--no-same-owner` や `--strip-components` などのオプションも
選べます。

アーカイブには `ADD` を勧める hadolint の DL3010 とは意見が異なります。便利さは隠れた動作に
見合わず、バインドマウントを使えば同じようにアーカイブをレイヤーに残さずに済みます。

## 問題のある例
```dockerfile
FROM alpine:3.20
ADD vendor-tools.tar.gz /opt/tools/
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN --mount=type=bind,source=vendor-tools.tar.gz,target=/tmp/vendor-tools.tar.gz \
    mkdir -p /opt/tools && tar -xzf /tmp/vendor-tools.tar.gz -C /opt/tools --no-same-owner
```

## 修正方法
`RUN` の中で `tar` を使って明示的に展開します。上の例のようにアーカイブをバインドマウント
すれば、アーカイブはレイヤーに残りません。あるいは `COPY` したうえで、展開する同じ `RUN` で
削除します。`ADD` を使いたい場合は、`ADD --unpack=true`（Dockerfile 構文 1.17 以降）で動作を
明示してください。

## 許容される場合
ルートファイルシステムのアーカイブから `FROM scratch` でベースイメージを作る場合
（`ADD rootfs.tar.xz /`）は典型的な用途です。使える場合は `--unpack=true` を付けるか、
その理由を添えて抑制してください。

## 参考資料
- [Dockerfile リファレンス: ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Dockerfile リファレンス: RUN --mount=type=bind](https://docs.docker.com/reference/dockerfile/#run---mounttypebind)
- CIS Docker Benchmark 4.9（ADD ではなく COPY を使用）
- CWE-22: パストラバーサル
"#;
