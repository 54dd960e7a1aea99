use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::Tool as Cmd;

use super::{message, subcommand_in};

pub const RULE: Rule = Rule {
    code: "PL314",
    name: "apt-key-used",
    section: Section::Packages,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for run in context.runs() {
        for (command, recognized) in run.using(&[Cmd::AptKey]) {
            if !subcommand_in(recognized, &["add", "adv"]) {
                continue;
            }
            let sub = recognized
                .subcommand
                .as_ref()
                .map_or("", |sub| sub.value.as_str());
            // GnuPG checks a received key against a full fingerprint, not a short id.
            let short_ids = recognized
                .operands
                .iter()
                .any(|operand| operand.value.trim_start_matches("0x").len() < 40);
            let plain_keyserver = recognized
                .flag_value(&[], &["--keyserver"])
                .filter(|server| {
                    let server = server.to_ascii_lowercase();
                    short_ids
                        && (server.starts_with("hkp://")
                            || server.starts_with("http://")
                            || !server.contains("://"))
                });
            let (transport_en, transport_ja) = match plain_keyserver {
                Some(server) => (
                    format!(", and `{server}` fetches it over plain HTTP by a short key id, so it can be swapped in transit"),
                    format!("。さらに `{server}` は短い鍵 ID で鍵を平文の HTTP で取得するため、途中で差し替えられるおそれがあります"),
                ),
                None => (String::new(), String::new()),
            };
            out.report(
                command.name_span(context, recognized),
                message(
                    context,
                    run.instruction,
                    format!("`apt-key {sub}` makes apt trust the key for packages from every repository, not only the one it belongs to{transport_en}; apt-key is deprecated: store the key in `/etc/apt/keyrings/` and name it with `signed-by=` in that repository's source entry"),
                    format!("`apt-key {sub}` は、その鍵を本来のリポジトリだけでなくすべてのリポジトリのパッケージに対して信頼させます{transport_ja}。apt-key は非推奨です。鍵を `/etc/apt/keyrings/` に置き、そのリポジトリのソース定義で `signed-by=` により指定してください"),
                ),
            )
            .with_fix(Fix::manual(crate::text!(
                "Download the key over HTTPS into a keyring file and reference it from the source entry: `curl -fsSL https://example.com/key.asc | gpg --dearmor -o /etc/apt/keyrings/example.gpg` then `echo \"deb [signed-by=/etc/apt/keyrings/example.gpg] https://example.com/apt stable main\" > /etc/apt/sources.list.d/example.list`.",
                "鍵を HTTPS で鍵束ファイルに保存し、ソース定義から参照します: `curl -fsSL https://example.com/key.asc | gpg --dearmor -o /etc/apt/keyrings/example.gpg` の後、`echo \"deb [signed-by=/etc/apt/keyrings/example.gpg] https://example.com/apt stable main\" > /etc/apt/sources.list.d/example.list`。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# `apt-key` adds a key trusted for every repository

## What it checks
`apt-key add` and `apt-key adv` (typically `apt-key adv --keyserver … --recv-keys …`). The
message also points out keys fetched by a short id from a keyserver reached over plain HTTP
(`hkp://`, `http://`).

## Why it is risky
A key added with `apt-key` goes into the global trusted keyring, so apt accepts it for
packages from *every* configured repository. A third-party repository key (or whoever
controls it) can then sign a replacement for `openssl` or `libc6` that apt installs from any
source it is configured with. Binding each key to its own repository with `signed-by=` limits
the damage of a compromised third-party repository to that repository. `hkp://` keyservers
speak plain HTTP, so the key can be replaced on the way unless it is checked against a full
fingerprint. `apt-key` itself is deprecated, prints a warning on current releases, and is
gone from the newest apt, so Dockerfiles using it also stop building on newer bases.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl gnupg \
 && curl -fsSL https://download.docker.com/linux/debian/gpg | apt-key add - \
 && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -m 0755 -d /etc/apt/keyrings \
 && curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc \
 && echo "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable" \
    > /etc/apt/sources.list.d/docker.list \
 && rm -rf /var/lib/apt/lists/*
```

## Fix
Download the key over HTTPS into `/etc/apt/keyrings/` (ASCII-armored `.asc` files work
directly; binary keyrings come from `gpg --dearmor`), and add `signed-by=<file>` to that
repository's entry in `/etc/apt/sources.list.d/`. Check the key's fingerprint against the
one the vendor publishes.

## When it is acceptable
Very old base images whose apt does not support `signed-by` (before Debian 9 and
Ubuntu 16.04); upgrade the base image instead.

## References
- [Debian wiki: DebianRepository/UseThirdParty](https://wiki.debian.org/DebianRepository/UseThirdParty)
- [apt-key(8)](https://manpages.debian.org/bookworm/apt/apt-key.8.en.html)
- CWE-1357: Reliance on Insufficiently Trustworthy Component
"#;

const DOCS_JA: &str = r#"
# `apt-key` がすべてのリポジトリで信頼される鍵を追加している

## チェック内容
`apt-key add` と `apt-key adv`（典型的には `apt-key adv --keyserver … --recv-keys …`）を
検出します。平文の HTTP（`hkp://`、`http://`）でアクセスする鍵サーバーから短い鍵 ID で
鍵を取得している場合も、メッセージで指摘します。

## なぜ危険か
`apt-key` で追加した鍵はグローバルな信頼済み鍵束に入り、apt は設定されている*すべての*
リポジトリのパッケージに対してその鍵を受け入れます。するとサードパーティのリポジトリの鍵
（またはそれを握った者）が、`openssl` や `libc6` の偽物に署名でき、apt はそれを設定済みの
どのソースからでもインストールします。`signed-by=` で鍵をそれぞれのリポジトリに結び付ければ、
サードパーティのリポジトリが侵害されても被害はそのリポジトリに限られます。`hkp://` の
鍵サーバーは平文の HTTP で通信するため、完全なフィンガープリントで確認しない限り、途中で
鍵を差し替えられるおそれがあります。`apt-key` 自体も非推奨で、現行リリースでは警告を表示し、
最新の apt からは削除されているため、使っている Dockerfile は新しいベースでビルドできなく
なります。

## 問題のある例
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl gnupg \
 && curl -fsSL https://download.docker.com/linux/debian/gpg | apt-key add - \
 && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -m 0755 -d /etc/apt/keyrings \
 && curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc \
 && echo "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable" \
    > /etc/apt/sources.list.d/docker.list \
 && rm -rf /var/lib/apt/lists/*
```

## 修正方法
鍵を HTTPS で `/etc/apt/keyrings/` にダウンロードし（ASCII 形式の `.asc` ファイルはそのまま
使えます。バイナリ形式の鍵束は `gpg --dearmor` で作ります）、`/etc/apt/sources.list.d/` に
あるそのリポジトリの定義に `signed-by=<ファイル>` を追加します。鍵のフィンガープリントは
提供元が公開しているものと照合してください。

## 許容される場合
apt が `signed-by` に対応していない非常に古いベースイメージ（Debian 9、Ubuntu 16.04 より前）
だけです。その場合はベースイメージの更新を検討してください。

## 参考資料
- [Debian wiki: DebianRepository/UseThirdParty](https://wiki.debian.org/DebianRepository/UseThirdParty)
- [apt-key(8)](https://manpages.debian.org/bookworm/apt/apt-key.8.en.html)
- CWE-1357: Reliance on Insufficiently Trustworthy Component
"#;
