use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{add_sources, adds, is_commit, AddSource};

pub const RULE: Rule = Rule {
    code: "PL807",
    name: "add-remote-without-checksum",
    section: Section::SupplyChain,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Curl or Wget Instead of Add"),
        alias(Tool::Semgrep, "prefer-copy-over-add"),
        alias(Tool::Checkov, "CKV_DOCKER_4"),
        alias(Tool::Dockle, "CIS-DI-0009"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in adds(context) {
        let has_checksum = instruction.flag("checksum").is_some();
        for (word, source, kind) in add_sources(context, index, instruction) {
            let message = match kind {
                AddSource::Url if !has_checksum => crate::text!(
                    format!("`ADD {source}` downloads without `--checksum`, so whatever the server returns at build time goes into the image; add `--checksum=sha256:<hash>`"),
                    format!("`ADD {source}` は `--checksum` なしでダウンロードするため、ビルド時にサーバーが返したものがそのままイメージに入ります。`--checksum=sha256:<hash>` を付けてください"),
                ),
                AddSource::Git if !has_checksum && !pins_commit(&source) => crate::text!(
                    format!("`ADD {source}` clones a branch or tag, which can move to other commits; pin the commit with `#<commit>` or `--checksum=<commit>`"),
                    format!("`ADD {source}` はブランチやタグをクローンしますが、これらは別のコミットに移動し得ます。`#<commit>` か `--checksum=<commit>` でコミットを固定してください"),
                ),
                _ => continue,
            };
            let fix = match kind {
                AddSource::Url => crate::text!(
                    format!("Compute the hash once on a trusted network with `curl -fsSL {source} | sha256sum` (or take it from the publisher), then write `ADD --checksum=sha256:<hash> {source} <dest>`; this needs Dockerfile syntax 1.6 or later (Docker 24+)."),
                    format!("信頼できるネットワークで一度だけ `curl -fsSL {source} | sha256sum` を実行して（または公開元から）ハッシュを得て、`ADD --checksum=sha256:<hash> {source} <dest>` と書いてください。Dockerfile 構文 1.6 以降（Docker 24 以降）が必要です。"),
                ),
                _ => crate::text!(
                    format!("Find the commit with `git ls-remote {}` and append it: `#<commit>` (or `--checksum=<commit>` with Dockerfile syntax 1.16+).", repository(&source)),
                    format!("`git ls-remote {}` でコミットを調べて `#<commit>` を付けてください（Dockerfile 構文 1.16 以降なら `--checksum=<commit>` も使えます）。", repository(&source)),
                ),
            };
            let diagnostic = out.report(word.span, message);
            if let Some(stage) = context.stage_of(index) {
                diagnostic.in_stage(stage);
            }
            diagnostic.with_fix(Fix::manual(fix));
        }
    }
}

/// A Git source pinned to a full commit: `repo.git#<commit>`,
/// `repo.git#<commit>:dir`, or `?ref=<commit>` / `?checksum=` / `?commit=`.
fn pins_commit(source: &str) -> bool {
    let fragment = source.split_once('#').map(|(_, fragment)| fragment);
    let reference = fragment.map(|fragment| fragment.split(':').next().unwrap_or(fragment));
    let query = source
        .split_once('?')
        .map(|(_, query)| query.split('#').next().unwrap_or(query));
    reference.is_some_and(is_commit)
        || query.is_some_and(|query| {
            query.split('&').any(|pair| match pair.split_once('=') {
                Some(("checksum" | "commit", value)) => !value.is_empty(),
                Some(("ref", value)) => is_commit(value),
                _ => false,
            })
        })
}

fn repository(source: &str) -> &str {
    source.split(['#', '?']).next().unwrap_or(source)
}

const DOCS_EN: &str = r#"
# ADD downloads without a checksum

## What it checks
`ADD` of an `http(s)://` URL without `--checksum=`, and `ADD` of a Git repository
(`https://….git`, `git@…`, `git://`, `ssh://`) that is not pinned to a full commit
(`#<commit>`, `?ref=<commit>`, `?checksum=`, or `--checksum=<commit>`).

## Why it is risky
The build takes whatever the server returns at that moment: a replaced release, a
compromised download host or a moved Git tag changes the image without any change to the
Dockerfile, and nothing records what was fetched. `--checksum` makes BuildKit verify the
download and fail on a mismatch; a commit id does the same for Git.

## Example
```dockerfile
FROM alpine:3.20
ADD https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz
```

## Fix
Compute the SHA-256 once on a trusted network (`curl -fsSL <url> | sha256sum`) or take it
from the publisher's release page, and write `ADD --checksum=sha256:<hash> <url> <dest>`.
`--checksum` for URLs is stable since Dockerfile syntax 1.6 (Docker Engine 24); for Git
sources since 1.16, or pin the commit in the URL (`repo.git#<commit>`). Alternatively,
download with curl and check with `sha256sum -c` (PL802).

## When it is acceptable
Downloads from a server you control that already publishes immutable, signed artifacts;
still prefer an explicit checksum.

## References
- [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile reference: adding a Git repository](https://docs.docker.com/reference/dockerfile/#adding-private-git-repositories)
- CWE-494: Download of code without integrity check
"#;

const DOCS_JA: &str = r#"
# ADD がチェックサムなしでダウンロードしている

## チェック内容
`--checksum=` のない `http(s)://` URL の `ADD` と、完全なコミット（`#<commit>`、
`?ref=<commit>`、`?checksum=`、`--checksum=<commit>`）に固定されていない Git リポジトリ
（`https://….git`、`git@…`、`git://`、`ssh://`）の `ADD` を検出します。

## なぜ危険か
ビルドはその時点でサーバーが返したものをそのまま取り込みます。差し替えられたリリース、
侵害されたダウンロードホスト、移動した Git タグは、Dockerfile を変えないままイメージを
変えてしまい、何を取得したかの記録も残りません。`--checksum` を付けると BuildKit が
ダウンロードを検証し、一致しなければビルドを失敗させます。Git ではコミット ID が同じ役割を
果たします。

## 問題のある例
```dockerfile
FROM alpine:3.20
ADD https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz
```

## 修正方法
信頼できるネットワークで一度だけ SHA-256 を計算するか（`curl -fsSL <url> | sha256sum`）、
公開元のリリースページから取得して、`ADD --checksum=sha256:<hash> <url> <dest>` と書きます。
URL に対する `--checksum` は Dockerfile 構文 1.6（Docker Engine 24）から、Git ソースに対しては
1.16 から正式に使えます。Git の場合は URL でコミットを固定する（`repo.git#<commit>`）方法も
あります。curl でダウンロードして `sha256sum -c` で確認する方法でも構いません（PL802）。

## 許容される場合
不変で署名された成果物を公開している、自分で管理するサーバーからのダウンロードです。
それでも明示的なチェックサムを推奨します。

## 参考資料
- [Dockerfile リファレンス: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile リファレンス: Git リポジトリの追加](https://docs.docker.com/reference/dockerfile/#adding-private-git-repositories)
- CWE-494: 完全性チェックなしでのコードのダウンロード
"#;

#[cfg(test)]
mod tests {
    use super::pins_commit;

    #[test]
    fn git_pins() {
        let commit = "a".repeat(40);
        assert!(pins_commit(&format!("https://github.com/a/b.git#{commit}")));
        assert!(pins_commit(&format!(
            "https://github.com/a/b.git#{commit}:docs"
        )));
        assert!(pins_commit(&format!(
            "https://github.com/a/b.git?ref={commit}"
        )));
        assert!(pins_commit(
            "https://github.com/a/b.git?tag=v1&checksum=abc"
        ));
        assert!(!pins_commit("https://github.com/a/b.git#v1.2.3"));
        assert!(!pins_commit("https://github.com/a/b.git"));
    }
}
