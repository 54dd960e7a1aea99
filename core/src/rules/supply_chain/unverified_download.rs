use std::collections::HashMap;

use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::powershell::{PsStatement, PsWord};
use crate::shell::{classify, Recognized, Tool};

use super::{download, run_commands, Output, RunCommand};

pub const RULE: Rule = Rule {
    code: "PL802",
    name: "download-without-verification",
    section: Section::SupplyChain,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Commands that compute or check a checksum.
const CHECKSUM_TOOLS: &[&str] = &[
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "md5sum",
    "b2sum",
    "shasum",
    "cksum",
    "rhash",
];

/// Commands that check a signature (gpg and openssl only with the right sub-command).
const SIGNATURE_TOOLS: &[&str] = &[
    "gpgv",
    "gpgv2",
    "minisign",
    "signify",
    "signify-openbsd",
    "cosign",
    "slsa-verifier",
];

/// Names of files that are themselves checksums, signatures or keys.
const VERIFICATION_FILES: &[&str] = &[
    ".asc",
    ".sig",
    ".sign",
    ".minisig",
    ".gpg",
    ".pgp",
    ".key",
    ".pub",
    ".pem",
    ".crt",
    ".sha1",
    ".sha256",
    ".sha512",
    ".sha256sum",
    ".sha512sum",
    ".md5",
    "sums",
    "sums.txt",
    "checksums.txt",
    "sha256sums.asc",
    "/gpg",
    "keys",
    ".sha256.txt",
];

/// Tools a download is unpacked by when piped into them.
const UNPACKERS: &[&str] = &[
    "tar", "bsdtar", "gtar", "gunzip", "gzip", "xz", "unxz", "bzip2", "zstd", "cpio", "busybox",
];

/// Per stage (and apart for `ONBUILD RUN` triggers), the last RUN that
/// checks a checksum or a signature.
pub(super) struct Verifications(HashMap<(Option<usize>, bool), usize>);

impl Verifications {
    pub(super) fn of(context: &Context) -> Self {
        let mut last_check = HashMap::new();
        for run in run_commands(context).filter(verifies) {
            let last = last_check
                .entry((run.script.stage, run.script.is_trigger()))
                .or_insert(run.script.instruction);
            *last = (*last).max(run.script.instruction);
        }
        Verifications(last_check)
    }

    /// Whether something is checked in this RUN or a later RUN of its
    /// stage: checks in the same RUN or a later one count. `ONBUILD RUN`
    /// triggers run together in a later build, so they only check each other.
    pub(super) fn follow(&self, run: &RunCommand) -> bool {
        self.0
            .get(&(run.script.stage, run.script.is_trigger()))
            .is_some_and(|&last| last >= run.script.instruction)
    }
}

fn check(context: &Context, out: &mut Diagnostics) {
    let verifications = Verifications::of(context);
    check_powershell(context, out, &verifications.0);
    for run in run_commands(context) {
        if verifications.follow(&run) {
            continue;
        }
        let Some(recognized) = &run.recognized else {
            continue;
        };
        let Some(fetched) = download(run.command, recognized) else {
            continue;
        };
        let target = match &fetched.output {
            Output::File(name) => (
                format!("saved as `{name}`"),
                format!("`{name}` として保存され"),
                name.clone(),
            ),
            Output::Stdout => match unpacker(&run) {
                Some(tool) => (
                    format!("unpacked by `{tool}`"),
                    format!("`{tool}` で展開され"),
                    "<file>".to_string(),
                ),
                None => continue,
            },
            Output::Discarded => continue,
        };
        let (target_en, target_ja, file) = target;
        // `curl -o a URL1 -o b URL2` saves each URL under the name given
        // in the same place.
        let names = curl_output_names(recognized);
        let paired = names.len() == fetched.sources.len() && names.len() > 1;
        for (position, &word) in fetched.sources.iter().enumerate() {
            let (target_en, target_ja, file) = if paired {
                let name = &names[position];
                (
                    format!("saved as `{name}`"),
                    format!("`{name}` として保存され"),
                    name.clone(),
                )
            } else {
                (target_en.clone(), target_ja.clone(), file.clone())
            };
            let url = &run.command.words[word].value;
            let lower = url.to_ascii_lowercase();
            let file_lower = file.to_ascii_lowercase();
            if is_verification_file(&lower)
                || is_verification_file(&file_lower)
                || file_lower.contains("keyring")
                || read_by_jq(&run, &file)
            {
                continue;
            }
            let diagnostic = out.report(
                run.word_span(context, word),
                crate::text!(
                    format!("`{url}` is {target_en} without a checksum or signature check in this or a later RUN of the stage, so a tampered or truncated download goes into the image unnoticed; verify it before use, e.g. `echo \"<sha256>  {file}\" | sha256sum -c -`"),
                    format!("`{url}` は{target_ja}、この RUN でもステージ内の後続の RUN でもチェックサムや署名が検証されていません。改ざんや途中で切れたダウンロードに気付かないままイメージに入ります。使う前に `echo \"<sha256>  {file}\" | sha256sum -c -` などで検証してください"),
                ),
            );
            if let Some(stage) = run.script.stage {
                diagnostic.in_stage(stage);
            }
            if let Some(commit) = pinned_commit(url) {
                // Content addressed by a commit: the forge serves the same
                // file each time; only a compromised forge or a truncated
                // transfer is left for a checksum to catch.
                let short = &commit[..7];
                diagnostic.rated(Severity::Low).message = crate::text!(
                    format!("`{url}` is {target_en} without a checksum; it names commit `{short}`, so the forge serves the same file each time, but a checksum in the Dockerfile also guards against a compromised host or a truncated transfer; e.g. `echo \"<sha256>  {file}\" | sha256sum -c -`"),
                    format!("`{url}` は{target_ja}、チェックサムで検証されていません。コミット `{short}` を指しているためホスティング側は毎回同じファイルを返しますが、Dockerfile にチェックサムを書けば、ホストの侵害や途中で切れた転送も防げます。例: `echo \"<sha256>  {file}\" | sha256sum -c -`"),
                );
            }
            diagnostic.with_fix(Fix::manual(crate::text!(
                format!("Record the file's SHA-256 from the publisher's release page (or `curl -fsSL {url} | sha256sum` once, on a trusted network) in an ARG, and check it with `sha256sum -c` right after the download; or verify the publisher's signature with `gpg --verify` or `cosign verify-blob`."),
                format!("公開元のリリースページに記載された SHA-256（または信頼できるネットワークで一度だけ `curl -fsSL {url} | sha256sum` で求めた値）を ARG に記録し、ダウンロード直後に `sha256sum -c` で確認してください。公開元の署名を `gpg --verify` や `cosign verify-blob` で検証する方法もあります。"),
            )));
        }
    }
}

/// The names a curl command's `-o`/`--output` options give, in order.
fn curl_output_names(recognized: &Recognized) -> Vec<String> {
    if recognized.tool != Tool::Curl {
        return Vec::new();
    }
    recognized
        .options
        .iter()
        .filter(|option| matches!(option.name.as_str(), "-o" | "--output"))
        .filter_map(|option| option.value.clone())
        .collect()
}

/// A file a command of the same RUN reads with `jq`: an API response or a
/// release list queried for a name or a version (`curl .../releases -o
/// /tmp/releases.json && jq -r '.[].tag_name' /tmp/releases.json`), data
/// that changes with every release, not a program to verify. The download
/// it leads to is judged on its own.
fn read_by_jq(run: &RunCommand, file: &str) -> bool {
    run.script.script.commands.iter().any(|command| {
        command
            .words
            .first()
            .is_some_and(|program| program.value.rsplit('/').next() == Some("jq"))
            && command.words[1..].iter().any(|word| word.value == file)
    })
}

/// Git forges whose file URLs can name a commit (`raw.githubusercontent.com/
/// <owner>/<repo>/<commit>/<path>`, `github.com/.../raw/<commit>/...`,
/// GitLab's `/-/raw/<commit>/`, jsDelivr's `gh/<owner>/<repo>@<commit>`).
const FORGES: &[&str] = &[
    "raw.githubusercontent.com",
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "cdn.jsdelivr.net",
];

/// The full commit id (40 or 64 hex digits) a forge URL pins its file to,
/// if it does: then the URL always names the same content.
fn pinned_commit(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    if !FORGES.contains(&host.to_ascii_lowercase().as_str()) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.split(['/', '@']).find(|part| {
        matches!(part.len(), 40 | 64) && part.bytes().all(|byte| byte.is_ascii_hexdigit())
    })
}

/// Downloads in PowerShell RUNs (`Invoke-WebRequest -OutFile`, `curl.exe
/// -o`, `Start-BitsTransfer`, `WebClient.DownloadFile`) with no
/// `Get-FileHash` or signature check in this or a later RUN of the stage.
fn check_powershell(
    context: &Context,
    out: &mut Diagnostics,
    last_check: &std::collections::HashMap<(Option<usize>, bool), usize>,
) {
    let runs = context.powershell_runs();
    let mut last_ps_check: std::collections::HashMap<Option<usize>, usize> =
        std::collections::HashMap::new();
    for run in runs
        .iter()
        .filter(|run| run.statements.iter().any(ps_verifies))
    {
        let last = last_ps_check.entry(run.stage).or_insert(run.instruction);
        *last = (*last).max(run.instruction);
    }
    for run in runs {
        let checked = |last: Option<&usize>| last.is_some_and(|&last| last >= run.instruction);
        if checked(last_ps_check.get(&run.stage)) || checked(last_check.get(&(run.stage, false))) {
            continue;
        }
        for at in 0..run.statements.len() {
            let Some((tool, url, file)) = ps_download(&run.statements, at) else {
                continue;
            };
            let file_value = file.value().to_string();
            let url_value = url.value().to_string();
            if is_verification_file(&url_value.to_ascii_lowercase())
                || is_verification_file(&file_value.to_ascii_lowercase())
            {
                continue;
            }
            let diagnostic = out.report(
                run.span(context.dockerfile, url.range.clone()),
                crate::text!(
                    format!("`{url_value}` is saved as `{file_value}` by `{tool}` without a `Get-FileHash` or signature check in this or a later RUN of the stage, so a tampered or truncated download goes into the image unnoticed; compare its hash before use, e.g. `if ((Get-FileHash {file_value} -Algorithm SHA256).Hash -ne $sha256) {{ exit 1 }}`"),
                    format!("`{url_value}` は `{tool}` で `{file_value}` として保存され、この RUN でもステージ内の後続の RUN でも `Get-FileHash` や署名で検証されていません。改ざんや途中で切れたダウンロードに気付かないままイメージに入ります。使う前に `if ((Get-FileHash {file_value} -Algorithm SHA256).Hash -ne $sha256) {{ exit 1 }}` などでハッシュを比較してください"),
                ),
            );
            if let Some(stage) = run.stage {
                diagnostic.in_stage(stage);
            }
            diagnostic.with_fix(Fix::manual(crate::text!(
                "Record the file's SHA-256 from the publisher's release page in an ARG or ENV, and compare `(Get-FileHash <file> -Algorithm SHA256).Hash` with it right after the download; or check the publisher's signature (`Get-AuthenticodeSignature`, `gpgv`).",
                "公開元のリリースページに記載された SHA-256 を ARG か ENV に記録し、ダウンロード直後に `(Get-FileHash <file> -Algorithm SHA256).Hash` と比較してください。公開元の署名を確認する方法（`Get-AuthenticodeSignature`、`gpgv`）もあります。",
            )));
        }
    }
}

/// Whether a PowerShell statement checks a hash or a signature.
fn ps_verifies(statement: &PsStatement) -> bool {
    let Some(command) = statement.command() else {
        return false;
    };
    let has = |flag: &str| {
        statement
            .words
            .iter()
            .any(|word| word.text.eq_ignore_ascii_case(flag))
    };
    matches!(
        command.as_str(),
        "get-filehash" | "get-authenticodesignature" | "gpgv" | "gpgv2" | "cosign"
    ) || (command == "gpg" && has("--verify"))
        || (command == "certutil" && has("-hashfile"))
}

/// A download that saves a file: the tool, the URL word and the file word.
pub(super) fn ps_download(
    statements: &[PsStatement],
    at: usize,
) -> Option<(&'static str, &PsWord, &PsWord)> {
    let statement = &statements[at];
    let command = statement.command()?;
    let positional = |skip: usize| {
        statement.words[1..]
            .iter()
            .filter(|word| !word.text.starts_with('-'))
            .nth(skip)
    };
    match command.as_str() {
        "invoke-webrequest" | "iwr" | "invoke-restmethod" | "irm" | "wget" => {
            let file = statement.parameter("outfile", 2)?;
            let url = statement.parameter("uri", 1).or_else(|| {
                statement.words[1..]
                    .iter()
                    .find(|word| !word.text.starts_with('-') && word.range != file.range)
            })?;
            Some(("Invoke-WebRequest", url, file))
        }
        "curl" => {
            let file = statement
                .parameter("output", 2)
                .or_else(|| statement.parameter("o", 1))?;
            let url = statement.words[1..].iter().find(|word| {
                let value = word.value().to_ascii_lowercase();
                value.starts_with("http") || value.starts_with('$')
            })?;
            Some(("curl.exe", url, file))
        }
        "start-bitstransfer" => {
            let url = statement.parameter("source", 1).or_else(|| positional(0))?;
            let file = statement
                .parameter("destination", 1)
                .or_else(|| positional(1))?;
            Some(("Start-BitsTransfer", url, file))
        }
        _ => {
            // `(New-Object Net.WebClient).DownloadFile('url', 'file')`
            let last = statement.words.last()?;
            if !last.text.to_ascii_lowercase().ends_with(".downloadfile") {
                return None;
            }
            let arguments = &statements.get(at + 1)?.words;
            let url = arguments.first()?;
            let file = arguments.get(1).or_else(|| arguments.first())?;
            Some(("WebClient.DownloadFile", url, file))
        }
    }
}

/// Whether a command checks a checksum or a signature.
fn verifies(run: &RunCommand) -> bool {
    let program = run.program();
    let args = || run.command.args().iter().map(|word| word.value.as_str());
    CHECKSUM_TOOLS.contains(&program)
        || SIGNATURE_TOOLS.contains(&program)
        || matches!(program, "gpg" | "gpg2") && args().any(|arg| arg == "--verify")
        || program == "openssl"
            && args()
                .next()
                .is_some_and(|sub| sub == "dgst" || sub.starts_with("sha"))
        || program == "rpm" && args().any(|arg| matches!(arg, "-K" | "--checksig"))
        || checks_in_code(program, run)
}

/// `php -r "... hash_file('sha384', 'composer-setup.php') ..."` (Composer's
/// documented installer check) and `python3 -c "import hashlib ..."`: an
/// interpreter's one-line program that hashes a file.
fn checks_in_code(program: &str, run: &RunCommand) -> bool {
    let (option, marker) = match program {
        "php" => ("-r", "hash_file("),
        _ if program.starts_with("python") => ("-c", "hashlib"),
        _ => return false,
    };
    let args = run.command.args();
    args.iter()
        .position(|word| word.value == option)
        .and_then(|at| args.get(at + 1))
        .is_some_and(|code| code.value.contains(marker))
}

/// The unpacker a download is piped into, if any.
fn unpacker(run: &RunCommand) -> Option<String> {
    let script = &run.script.script;
    let position = run.command.pipeline?;
    let next = script.commands.iter().find(|command| {
        command
            .pipeline
            .is_some_and(|p| p.id == position.id && p.index == position.index + 1)
    })?;
    let name = match classify(next) {
        Some(recognized) if recognized.tool == Tool::Tar => "tar".to_string(),
        _ => next.name()?.rsplit('/').next()?.to_string(),
    };
    UNPACKERS.contains(&name.as_str()).then_some(name)
}

fn is_verification_file(name: &str) -> bool {
    let name = name.split(['?', '#']).next().unwrap_or(name);
    VERIFICATION_FILES
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

const DOCS_EN: &str = r#"
# Download used without checksum or signature verification

## What it checks
curl and wget commands that save a file (`-o`, `-O`, `--output`, `> file`, wget's default)
or pipe it into an unpacker (`curl … | tar -xz`), when neither that RUN nor a later RUN of
the same stage checks a checksum or signature: no `sha256sum`/`sha512sum`/`shasum`/`md5sum`, `gpg --verify`/`gpgv`,
`cosign verify-blob`, `minisign -V`, `openssl dgst`, `rpm --checksig`, nor an interpreter's
one-line program that hashes a file (`php -r "…hash_file(…)…"`, as Composer's installer
check does, or `python3 -c "import hashlib…"`). Downloads of
checksums, signatures and keys themselves (`.asc`, `.sig`, `.sha256`, `SHA256SUMS`,
`…/gpg`) are skipped, and so are downloads piped into a shell, which PL801 reports, and a
file that a command of the same RUN queries with `jq` (a release list or an API response read
for a version or a name: data that changes with every release; the download it leads to is
judged on its own). With several `-o` options, curl saves each URL under the name in the same
place, and the message names that file.
Windows RUNs in PowerShell (under `SHELL ["powershell", …]`, or `RUN powershell -Command …`)
are read too: `Invoke-WebRequest`/`iwr`/`Invoke-RestMethod` with `-OutFile`, `curl.exe -o`,
`Start-BitsTransfer` and `WebClient.DownloadFile`, unless `Get-FileHash`,
`Get-AuthenticodeSignature`, `certutil -hashfile` or `gpgv` checks in that RUN or a later one
of the stage; the advice is then PowerShell's (`Get-FileHash`). A file a Git forge serves at
a full commit id (`raw.githubusercontent.com/<owner>/<repo>/<commit>/…`, GitLab's
`/-/raw/<commit>/`, jsDelivr's `gh/<owner>/<repo>@<commit>`) always has the same content and
is rated low.

## Why it is risky
HTTPS only proves which server answered, not that the file is the one the publisher
released: a compromised download server, a hijacked release or a mirror serving an older,
vulnerable build all pass. A checksum recorded when you chose the version, or the
publisher's signature, ties the build to the exact file you reviewed, and a truncated or
corrupted download fails the build instead of shipping.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/tool-1.2.3.tar.gz \
 && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
ARG TOOL_SHA256=9f2c4a1e6b7d8c3f0a5e2d1b4c7f8a9e0d3c6b5a4f1e2d7c8b9a0f3e4d5c6b7a
RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/tool-1.2.3.tar.gz \
 && echo "${TOOL_SHA256}  /tmp/tool.tar.gz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin
```

## Fix
Take the SHA-256 from the publisher's release page (or compute it once on a trusted
network), keep it next to the version in an `ARG`, and check it right after the download
with `sha256sum -c`. When the publisher signs releases, import their key by fingerprint and
run `gpg --verify` (or `cosign verify-blob`). For a single file, `ADD --checksum=sha256:…`
does the same without curl (see PL807).

## When it is acceptable
Downloads whose integrity another layer guarantees, such as a package manager that checks
signatures when it installs the file; suppress the finding with that reason.

## References
- [Docker docs: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- CWE-494: Download of code without integrity check
- CWE-353: Missing support for integrity check
"#;

const DOCS_JA: &str = r#"
# ダウンロードしたファイルをチェックサムや署名で検証せずに使っている

## チェック内容
ファイルを保存する（`-o`、`-O`、`--output`、`> file`、wget の既定動作）か、展開コマンドに
パイプで渡す（`curl … | tar -xz`）curl・wget のうち、その RUN でも同じステージの後続の
RUN でもチェックサムや署名を確認していないものを検出します。確認とみなすのは `sha256sum`/`sha512sum`/`shasum`/`md5sum`、`gpg --verify`/`gpgv`、
`cosign verify-blob`、`minisign -V`、`openssl dgst`、`rpm --checksig` と、ファイルのハッシュを
求めるインタープリタの1行プログラム（Composer のインストーラー確認のような
`php -r "…hash_file(…)…"` や `python3 -c "import hashlib…"`）です。チェックサム・
署名・鍵そのもののダウンロード（`.asc`、`.sig`、`.sha256`、`SHA256SUMS`、`…/gpg`）と、
シェルに渡すダウンロード（PL801 が検出します）、同じ RUN のコマンドが `jq` で読むファイル
（バージョンや名前を調べるためのリリース一覧や API の応答。リリースのたびに変わるデータで、
その結果たどるダウンロードは別に判定します）は対象外です。curl に `-o` が複数ある場合は、
各 URL を同じ位置の名前で保存するため、メッセージもそのファイル名を示します。PowerShell の Windows 用 RUN
（`SHELL ["powershell", …]` の下、または `RUN powershell -Command …`）も読み取ります。
`-OutFile` 付きの `Invoke-WebRequest`/`iwr`/`Invoke-RestMethod`、`curl.exe -o`、
`Start-BitsTransfer`、`WebClient.DownloadFile` を、その RUN かステージ内の後続の RUN で
`Get-FileHash`、`Get-AuthenticodeSignature`、`certutil -hashfile`、`gpgv` による確認が
ない場合に検出し、助言も PowerShell の方法（`Get-FileHash`）で示します。Git ホスティングが
完全なコミット ID で配信するファイル（`raw.githubusercontent.com/<owner>/<repo>/<commit>/…`、
GitLab の `/-/raw/<commit>/`、jsDelivr の `gh/<owner>/<repo>@<commit>`）は内容が常に同じなので
低と評価します。

## なぜ危険か
HTTPS が証明するのは応答したサーバーが誰かということだけで、ファイルが公開元のリリース
そのものであることは証明しません。ダウンロードサーバーの侵害、乗っ取られたリリース、
古く脆弱なビルドを返すミラーは、どれも素通りします。バージョンを選んだときに記録した
チェックサムや公開元の署名があれば、ビルドはレビューした正確なファイルに結び付き、途中で
切れたり壊れたりしたダウンロードは配布されずにビルドが失敗します。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/tool-1.2.3.tar.gz \
 && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
ARG TOOL_SHA256=9f2c4a1e6b7d8c3f0a5e2d1b4c7f8a9e0d3c6b5a4f1e2d7c8b9a0f3e4d5c6b7a
RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/tool-1.2.3.tar.gz \
 && echo "${TOOL_SHA256}  /tmp/tool.tar.gz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin
```

## 修正方法
公開元のリリースページから SHA-256 を取得し（または信頼できるネットワークで一度だけ
計算し）、バージョンと並べて `ARG` に記録して、ダウンロード直後に `sha256sum -c` で
確認します。公開元がリリースに署名している場合は、フィンガープリントを指定して鍵を
取り込み、`gpg --verify`（または `cosign verify-blob`）を実行します。単一のファイルなら、
curl を使わずに `ADD --checksum=sha256:…` でも同じことができます（PL807 を参照）。

## 許容される場合
インストール時に署名を確認するパッケージマネージャーなど、別の仕組みが完全性を保証して
いるダウンロードです。その理由を添えて抑制してください。

## 参考資料
- [Docker ドキュメント: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- CWE-494: 完全性チェックなしでのコードのダウンロード
- CWE-353: 完全性チェックのサポートの欠如
"#;
