use std::collections::HashSet;

use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::user::expand_known;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::powershell::{PsStatement, PsWord};
use crate::shell::Tool;
use crate::span::Span;

use super::unverified_download::{ps_download, Verifications};
use super::{add_sources, adds, http_urls, run_commands, AddSource, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL803",
    name: "plain-http-download",
    section: Section::SupplyChain,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// How an `http://` URL is used.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Fetched and used as is.
    Fetch,
    /// Fetched, then checked against a checksum or a signature in this RUN
    /// or a later one of the stage.
    CheckedFetch,
    /// A package repository whose index the package manager checks with
    /// signatures (apt sources, apk repositories).
    SignedRepository,
}

fn check(context: &Context, out: &mut Diagnostics) {
    let mut seen = HashSet::new();
    let verifications = Verifications::of(context);
    for run in run_commands(context) {
        // A checksum or signature check covers a file that was fetched:
        // a curl or wget download, or an RPM (`rpm --checksig`). A checkout
        // or a package install fetches what no file checksum names.
        let checked = verifications.follow(&run)
            && matches!(run.tool(), Some(Tool::Curl | Tool::Wget | Tool::Rpm));
        for (at, usage) in url_words(&run) {
            let word = &run.command.words[at];
            let usage = match usage {
                Use::Fetch if checked => Use::CheckedFetch,
                usage => usage,
            };
            let written = http_urls(&word.raw);
            for &(offset, url) in &written {
                let span = run.part_span(context, word, offset, url.len());
                if is_local(url) || !seen.insert(span) {
                    continue;
                }
                let scheme = run.part_span(context, word, offset, 4);
                report(context, out, span, scheme, url, usage, run.script.stage);
            }
            // `curl "${SRC_URL}/app.tgz"` with `ENV SRC_URL=http://…`: the
            // URL is the variable's value (the fix belongs to that
            // definition, so none is offered here).
            if !written.is_empty() || !word.value.contains('$') {
                continue;
            }
            let Some(expanded) = expand_known(context, run.script.instruction, &word.value) else {
                continue;
            };
            let span = run.word_span(context, at);
            for (offset, url) in http_urls(&expanded) {
                if offset == 0 && !is_local(url) && seen.insert(span) {
                    let none = Span::new(span.start, span.start);
                    report(context, out, span, none, url, usage, run.script.stage);
                }
            }
        }
    }
    // PowerShell downloads: `Invoke-WebRequest`, `curl.exe`,
    // `Start-BitsTransfer`, `WebClient.DownloadFile` and `DownloadString`.
    for run in context.powershell_runs() {
        for at in 0..run.statements.len() {
            let Some(url) = ps_download(&run.statements, at)
                .map(|(_, url, _)| url)
                .or_else(|| downloaded_string(&run.statements, at))
            else {
                continue;
            };
            for (offset, found) in http_urls(&url.text) {
                let start = url.range.start + offset;
                let span = run.span(context.dockerfile, start..start + found.len());
                if is_local(found) || !seen.insert(span) {
                    continue;
                }
                let scheme = run.span(context.dockerfile, start..start + 4);
                report(context, out, span, scheme, found, Use::Fetch, run.stage);
            }
        }
    }
    for (index, instruction) in adds(context) {
        for (word, _, kind) in add_sources(context, index, instruction) {
            if kind != AddSource::Url && kind != AddSource::Git {
                continue;
            }
            for (offset, url) in http_urls(&word.text) {
                if is_local(url) || word.text.len() != word.span.len() as usize {
                    continue;
                }
                let start = word.span.start + crate::span::to_u32(offset);
                let span = Span::new(start, start + crate::span::to_u32(url.len()));
                let scheme = Span::new(start, start + 4);
                report(
                    context,
                    out,
                    span,
                    scheme,
                    url,
                    Use::Fetch,
                    context.stage_of(index),
                );
            }
        }
    }
}

/// The URL of `(New-Object Net.WebClient).DownloadString('<url>')`, whose
/// argument list is the next statement.
fn downloaded_string(statements: &[PsStatement], at: usize) -> Option<&PsWord> {
    let last = statements[at].words.last()?;
    if !last.text.to_ascii_lowercase().ends_with(".downloadstring") {
        return None;
    }
    statements.get(at + 1)?.words.first()
}

fn report(
    context: &Context,
    out: &mut Diagnostics,
    span: Span,
    scheme: Span,
    url: &str,
    usage: Use,
    stage: Option<usize>,
) {
    let secure = format!("https://{}", &url[7..]);
    let message = match usage {
        Use::Fetch => crate::text!(
            format!("`{url}` is fetched over plain HTTP, so anyone on the network path can read it and replace the content; use `{secure}`"),
            format!("`{url}` は暗号化されていない HTTP で取得されるため、通信経路上の誰でも内容を読み取り、差し替えられます。`{secure}` を使ってください"),
        ),
        Use::CheckedFetch => crate::text!(
            format!("`{url}` is fetched over plain HTTP; the checksum or signature check that follows keeps a swapped file out of the image, but anyone on the network path sees what you download and can make the build fail; use `{secure}`"),
            format!("`{url}` は暗号化されていない HTTP で取得されます。後続のチェックサムや署名の確認により差し替えられたファイルはイメージに入りませんが、通信経路上の誰でも何をダウンロードしたかが分かり、ビルドを失敗させることもできます。`{secure}` を使ってください"),
        ),
        Use::SignedRepository => crate::text!(
            format!("the package repository `{url}` is used over plain HTTP; the package manager checks the repository's signatures, so packages cannot be swapped, but the traffic reveals what you install and an attacker can hold back updates by replaying old indexes; prefer `{secure}`"),
            format!("パッケージリポジトリ `{url}` を暗号化されていない HTTP で使っています。パッケージマネージャーがリポジトリの署名を確認するためパッケージの差し替えはできませんが、何をインストールするかが通信から分かり、古いインデックスを再送して更新を止める攻撃が可能です。`{secure}` を使ってください"),
        ),
    };
    let diagnostic = out.report(span, message);
    if let Some(stage) = stage {
        diagnostic.in_stage(stage);
    }
    match usage {
        // Signatures keep packages from being swapped: what is left is
        // privacy and held-back updates.
        Use::SignedRepository => {
            diagnostic.rated(Severity::Medium);
        }
        // The check keeps a swapped file out: what is left is privacy and
        // a build an attacker can break.
        Use::CheckedFetch => {
            diagnostic.rated(Severity::Low);
        }
        Use::Fetch => {}
    }
    // Only when the scheme is written as is in the source (not inside an
    // escaped or JSON-encoded string).
    if context
        .source
        .get(scheme.range())
        .is_some_and(|text| text.eq_ignore_ascii_case("http"))
    {
        diagnostic.with_fix(Fix::needs_review(
            crate::text!(
                "Switch to `https://`; check that the server offers HTTPS (and that the image has CA certificates).",
                "`https://` に切り替えます。サーバーが HTTPS に対応していること（とイメージに CA 証明書があること）を確認してください。",
            ),
            vec![Edit::replace(scheme, "https")],
        ));
    }
}

/// The words of a command that name something it fetches, with how it is used.
fn url_words(run: &RunCommand) -> Vec<(usize, Use)> {
    let operands = || {
        run.recognized
            .iter()
            .flat_map(|recognized| recognized.operands.iter().map(|operand| operand.word))
    };
    let values = |short: &'static [char], long: &'static [&'static str]| {
        run.recognized.iter().flat_map(move |recognized| {
            recognized
                .options
                .iter()
                .filter(move |option| {
                    let name = option.name.as_str();
                    long.contains(&name)
                        || name.len() == 2 && short.contains(&name.chars().nth(1).unwrap_or(' '))
                })
                .filter_map(|option| option.value_word)
        })
    };
    let fetch = |words: Vec<usize>| words.into_iter().map(|word| (word, Use::Fetch)).collect();
    let signed = |words: Vec<usize>| {
        words
            .into_iter()
            .map(|word| (word, Use::SignedRepository))
            .collect()
    };
    match run.tool() {
        Some(Tool::Curl) => fetch(operands().chain(values(&[], &["--url"])).collect()),
        Some(Tool::Wget | Tool::Git | Tool::Rpm | Tool::Npm | Tool::Yarn | Tool::Pnpm) => {
            fetch(operands().chain(values(&[], &["--registry"])).collect())
        }
        Some(Tool::Pip) => fetch(
            operands()
                .chain(values(
                    &['i', 'f'],
                    &["--index-url", "--extra-index-url", "--find-links"],
                ))
                .collect(),
        ),
        Some(Tool::Gem) => fetch(
            operands()
                .chain(values(&['s'], &["--source", "--add"]))
                .collect(),
        ),
        Some(Tool::Yum | Tool::Dnf | Tool::Microdnf | Tool::Tdnf | Tool::Zypper) => fetch(
            operands()
                .chain(values(&[], &["--add-repo", "--repofrompath"]))
                .collect(),
        ),
        Some(Tool::Apk) => signed(values(&['X'], &["--repository"]).collect()),
        Some(Tool::Echo | Tool::Printf | Tool::Tee) => {
            let writes_apk_repositories = run
                .command
                .redirects
                .iter()
                .any(|redirect| redirect.target.value.ends_with("apk/repositories"));
            signed(
                (1..run.command.words.len())
                    .filter(|&word| {
                        let value = run.command.words[word].value.trim_start();
                        value.starts_with("deb ")
                            || value.starts_with("deb-src ")
                            || writes_apk_repositories
                    })
                    .collect(),
            )
        }
        _ if run.program() == "add-apt-repository" => {
            signed((1..run.command.words.len()).collect())
        }
        _ if run.program() == "yum-config-manager" => fetch((1..run.command.words.len()).collect()),
        // Other version control systems: a checkout over http:// can be
        // swapped on the way like any download.
        _ if matches!(run.program(), "svn" | "hg" | "bzr" | "fossil" | "darcs") => {
            fetch((1..run.command.words.len()).collect())
        }
        _ => Vec::new(),
    }
}

/// Hosts that never leave the machine or the local network: loopback,
/// `.local`, `.localhost`, `.internal` and single-label names such as a
/// Compose service.
fn is_local(url: &str) -> bool {
    let rest = &url[7..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = if host.starts_with('[') {
        host.split(']')
            .next()
            .unwrap_or(host)
            .trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or(host)
    }
    .to_ascii_lowercase();
    if host.is_empty() || host.contains('$') {
        return false;
    }
    host == "localhost"
        || host == "::1"
        || host == "0.0.0.0"
        || host.starts_with("127.")
        || [".localhost", ".local", ".internal"]
            .iter()
            .any(|suffix| host.ends_with(suffix))
        || !host.contains('.') && !host.contains(':')
}

const DOCS_EN: &str = r#"
# Content fetched over plain HTTP

## What it checks
`http://` URLs that the build fetches: curl and wget downloads, `ADD`, `git clone` and
checkouts with other version control systems (`svn`, `hg`, `bzr`, `fossil`, `darcs`), pip
`--index-url`/`--extra-index-url`/`--find-links`, npm/yarn/pnpm `--registry`, gem
`--source`, yum/dnf `--add-repo`, rpm, and package repositories: apk `--repository`/`-X`,
lines written to `/etc/apk/repositories`, `deb http://…` apt sources. PowerShell RUNs are
read too: `Invoke-WebRequest`, `curl.exe`, `Start-BitsTransfer` and `WebClient`'s
`DownloadFile`/`DownloadString`. Hosts that stay on the
machine or the local network (`localhost`, `127.0.0.1`, `[::1]`, `*.local`,
`*.internal`, single-label names like a Compose service) are skipped. A URL held in an `ENV`
or `ARG` and fetched through the variable (`curl "${SRC_URL}/app.tgz"`) is read with its
value; the fix is then to change that definition.

## Why it is risky
Plain HTTP has no integrity or confidentiality: anyone on the path (a Wi-Fi network, a
compromised router, a malicious proxy, a CI provider's network) can read and replace what
the build downloads. A replaced binary or script becomes part of the image.

apt and apk repositories are a partial exception: they check the repository's signatures,
so a package cannot be swapped. Plain HTTP still reveals which packages you install and
lets an attacker hold back security updates by serving old, still validly signed indexes.
The finding says which case applies, and rates a repository medium instead of high. A
curl or wget download (or an RPM) that a checksum or signature check follows, in the same RUN
or a later one of the stage (the checks PL802 accepts), cannot be swapped either: what is
left is privacy and a build an attacker can break, rated low. A checkout (`git`, `svn`, `hg`)
or a package install over HTTP is not covered by such a check, which names a file.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/tool http://example.com/tool-1.2.3
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/tool https://example.com/tool-1.2.3
```

## Fix
Switch the URL to `https://`. The fix does it, but needs review: the server must offer
HTTPS, and the image needs CA certificates (`ca-certificates` on Debian, Ubuntu and
Alpine). If a server only speaks HTTP, verify what you download with a checksum or
signature (PL802) and look for an HTTPS mirror.

## When it is acceptable
Servers inside a network you control, and signed package repositories on old distributions
whose HTTPS support is missing; still prefer HTTPS.

## References
- [Debian: apt over HTTPS](https://wiki.debian.org/SourcesList)
- CWE-319: Cleartext transmission of sensitive information
- CWE-494: Download of code without integrity check
"#;

const DOCS_JA: &str = r#"
# 暗号化されていない HTTP で取得している

## チェック内容
ビルドが取得する `http://` の URL を検出します。対象は curl・wget のダウンロード、`ADD`、
`git clone` とその他のバージョン管理システム（`svn`、`hg`、`bzr`、`fossil`、`darcs`）での
チェックアウト、pip の `--index-url`/`--extra-index-url`/`--find-links`、npm・yarn・pnpm の
`--registry`、gem の `--source`、yum・dnf の `--add-repo`、rpm、そしてパッケージリポジトリ
（apk の `--repository`/`-X`、`/etc/apk/repositories` に書き込む行、`deb http://…` の apt
ソース）です。PowerShell の RUN も読みます（`Invoke-WebRequest`、`curl.exe`、
`Start-BitsTransfer`、`WebClient` の `DownloadFile`/`DownloadString`）。マシン内やローカルネットワーク内にとどまるホスト（`localhost`、`127.0.0.1`、
`[::1]`、`*.local`、`*.internal`、Compose のサービス名のようなドットのない名前）は対象外です。
`ENV` や `ARG` に入れた URL を変数経由で取得する場合（`curl "${SRC_URL}/app.tgz"`）も、その値で
判定します。その場合は変数の定義を直してください。

## なぜ危険か
HTTP には完全性も機密性もありません。経路上の誰でも（Wi-Fi ネットワーク、侵害された
ルーター、悪意あるプロキシ、CI 事業者のネットワーク）ビルドがダウンロードする内容を読み取り、
差し替えられます。差し替えられたバイナリやスクリプトはイメージの一部になります。

apt と apk のリポジトリは部分的な例外です。リポジトリの署名を確認するため、パッケージ自体は
差し替えられません。それでも HTTP では何をインストールするかが分かり、古いが署名としては
有効なインデックスを返すことで、セキュリティ更新を止める攻撃ができます。検出メッセージには
どちらに当たるかを示し、リポジトリの場合は重大度を「高」ではなく「中」とします。同じ RUN か
ステージ内の後続の RUN でチェックサムや署名を確認している（PL802 が確認とみなす方法の）
curl・wget のダウンロード（と RPM）も差し替えられないため、残るのは機密性とビルドを失敗させられることだけで、
「低」とします。HTTP でのチェックアウト（`git`、`svn`、`hg`）やパッケージのインストールは、ファイルを
対象とするこうした確認では守られません。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/tool http://example.com/tool-1.2.3
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /usr/local/bin/tool https://example.com/tool-1.2.3
```

## 修正方法
URL を `https://` に切り替えます。自動修正で書き換えられますが、確認が必要です。サーバーが
HTTPS に対応していること、イメージに CA 証明書（Debian・Ubuntu・Alpine では
`ca-certificates`）があることを確かめてください。HTTP しか提供しないサーバーの場合は、
ダウンロードした内容をチェックサムか署名で検証し（PL802）、HTTPS のミラーを探してください。

## 許容される場合
自分で管理するネットワーク内のサーバーや、HTTPS に対応していない古いディストリビューションの
署名付きパッケージリポジトリです。それでも HTTPS を優先してください。

## 参考資料
- [Debian: SourcesList と HTTPS](https://wiki.debian.org/SourcesList)
- CWE-319: 機密情報の平文での送信
- CWE-494: 完全性チェックなしでのコードのダウンロード
"#;

#[cfg(test)]
mod tests {
    use super::is_local;

    #[test]
    fn local_hosts() {
        for local in [
            "http://localhost:8080/x",
            "http://127.0.0.1/x",
            "http://[::1]:80/",
            "http://nexus:8081/repo",
            "http://printer.local",
            "http://user@host.docker.internal/",
        ] {
            assert!(is_local(local), "{local}");
        }
        for remote in [
            "http://example.com",
            "http://10.0.0.1/x",
            "http://${MIRROR}/x",
        ] {
            assert!(!is_local(remote), "{remote}");
        }
    }
}
