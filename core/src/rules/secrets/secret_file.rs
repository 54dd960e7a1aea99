use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Keyword};

use super::{builder_stage_note, in_final_image, stage_label};

pub const RULE: Rule = Rule {
    code: "PL403",
    name: "secret-file-copied",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Trivy, "DS-0031"),
        alias(Tool::Dockle, "CIS-DI-0010"),
        alias(Tool::Dockle, "DKL-LI-0003"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    credential_variables(context, out);
    generated_keys(context, out);
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        let Args::Copy(copy) = &instruction.args else {
            continue;
        };
        let Some(stage) = context.stage_of(index) else {
            continue;
        };
        let destination = copy
            .destination
            .as_ref()
            .map_or("", |word| word.text.as_str());
        for source in &copy.sources {
            let path = source.text.as_str();
            if path.contains(['$']) || path.contains("://") || path.starts_with("git@") {
                continue;
            }
            let Some(what) = secret_file(path, destination) else {
                continue;
            };
            let place = if in_final_image(context, stage) {
                crate::text!(
                    "is copied into a layer of the image, where anyone with the image can extract it even if a later step deletes it",
                    "イメージのレイヤーにコピーされます。後のステップで削除しても、イメージを持つ人なら誰でも取り出せます",
                )
            } else if context.model.reaches_final[stage] {
                let label = stage_label(context, stage);
                crate::text!(
                    format!("is copied in stage `{label}`, whose files later stages copy from; it reaches the final image if they copy it, and it sits in the build cache of that stage"),
                    format!("ステージ `{label}` にコピーされます。後のステージがこのステージからファイルをコピーしており、それに含まれれば最終イメージに入ります。このステージのビルドキャッシュにも残ります"),
                )
            } else {
                let note = builder_stage_note(context, stage);
                crate::text!(
                    format!("is copied {}", note.en),
                    format!("コピー先は{}", note.ja),
                )
            };
            let message = crate::text!(
                format!("`{path}` is {}, and it {}; mount it only for the step that needs it with `RUN --mount=type=secret`, or exclude it with `.dockerignore`", what.0, place.en),
                format!("`{path}` は{}で、{}。必要なステップでだけ `RUN --mount=type=secret` でマウントするか、`.dockerignore` で除外してください", what.1, place.ja),
            );
            let diagnostic = out.report(source.span, message);
            if may_hold_only_settings(path) {
                diagnostic.rated(Severity::Medium);
            }
            diagnostic
                .in_stage(stage)
                .with_fix(Fix::manual(crate::text!(
                    format!("Remove the copy of `{path}`. A build step that needs it mounts it: `RUN --mount=type=secret,id=<id>,target=<path> <command>` with `docker build --secret id=<id>,src={path} .`; a running container gets it from a volume or a Docker secret. Add it to `.dockerignore` so that no `COPY . .` picks it up."),
                    format!("`{path}` のコピーを削除します。ビルド中に必要な処理は `RUN --mount=type=secret,id=<id>,target=<パス> <コマンド>` でマウントし、`docker build --secret id=<id>,src={path} .` でビルドします。実行中のコンテナにはボリュームや Docker secrets で渡します。`COPY . .` で取り込まれないよう `.dockerignore` にも追加してください。"),
                )));
        }
    }
}

/// A private key a RUN of the final image generates: what writes it, where,
/// and whose key it is.
enum GeneratedKey {
    /// `ssh-keygen -f <path>`: a key that logs in somewhere.
    Login(String),
    /// `ssh-keygen -A`: the SSH server's host keys.
    SshHost,
    /// `openssl genrsa|genpkey -out`, `openssl req -keyout`: a TLS key.
    Tls(String),
}

/// `ssh-keygen` options that read, convert or sign rather than make a key.
const SSH_KEYGEN_OTHER_MODES: &[&str] = &[
    "-l", "-y", "-R", "-F", "-H", "-e", "-i", "-p", "-c", "-L", "-Q", "-s", "-Y", "-D", "-r", "-G",
    "-T", "-M", "-k", "-B",
];

/// The key a command generates into a file, if it does.
fn generated_key(command: &crate::shell::script::SimpleCommand) -> Option<GeneratedKey> {
    let args: Vec<&str> = command
        .args()
        .iter()
        .map(|word| word.value.as_str())
        .collect();
    let value_of = |option: &str| {
        args.iter()
            .position(|arg| *arg == option)
            .and_then(|at| args.get(at + 1))
            .map(|value| value.to_string())
    };
    match command.name().map(crate::shell::script::basename)? {
        "ssh-keygen" => {
            if args.contains(&"-A") {
                return Some(GeneratedKey::SshHost);
            }
            if args.iter().any(|arg| SSH_KEYGEN_OTHER_MODES.contains(arg)) {
                return None;
            }
            value_of("-f").map(GeneratedKey::Login)
        }
        "openssl" => {
            let path = match *args.first()? {
                "genrsa" | "genpkey" => value_of("-out"),
                "ecparam" if args.contains(&"-genkey") => value_of("-out"),
                "req" => value_of("-keyout"),
                _ => None,
            };
            path.map(GeneratedKey::Tls)
        }
        _ => None,
    }
}

/// Private keys generated by a RUN of the final image and kept: the same
/// key in every container of the image, readable by anyone who has it.
fn generated_keys(context: &Context, out: &mut Diagnostics) {
    for script in context.scripts {
        let Some(stage) = script.stage.filter(|&stage| in_final_image(context, stage)) else {
            continue;
        };
        if script.is_trigger() {
            continue;
        }
        let commands = &script.script.commands;
        for (index, command) in commands.iter().enumerate() {
            let Some(key) = generated_key(command) else {
                continue;
            };
            // A key the same RUN deletes (a throw-away signing step) stays
            // out of the layer.
            let removed = |path: &str| {
                let path = path.trim_end_matches('/');
                commands[index + 1..].iter().any(|later| {
                    later.name() == Some("rm")
                        && later.args().iter().any(|arg| {
                            let target = arg.value.trim_end_matches('/');
                            !target.is_empty()
                                && (target == path
                                    || path
                                        .strip_prefix(target)
                                        .is_some_and(|rest| rest.starts_with('/')))
                        })
                })
            };
            let program = command.name().unwrap_or_default();
            let (message, severity) = match &key {
                GeneratedKey::Login(path) if !removed(path) => (crate::text!(
                    format!("`{program}` writes the private key `{path}` into a layer of the image, so every container of the image has the same key and anyone with the image can extract it and log in where it is accepted; generate the key when the container starts, or mount it at run time (a volume or a secret)"),
                    format!("`{program}` が秘密鍵 `{path}` をイメージのレイヤーに書き込むため、イメージのすべてのコンテナが同じ鍵を持ち、イメージを持つ人なら誰でも鍵を取り出して、それが受け入れられる場所にログインできます。鍵はコンテナの起動時に作るか、実行時に（ボリュームやシークレットで）マウントしてください"),
                ), Severity::High),
                GeneratedKey::SshHost => (crate::text!(
                    format!("`{program} -A` writes the SSH host keys into a layer of the image, so every container of the image has the same host keys and anyone with the image can pose as any of them; generate the host keys when the container starts (in its entrypoint)"),
                    format!("`{program} -A` が SSH のホスト鍵をイメージのレイヤーに書き込むため、イメージのすべてのコンテナが同じホスト鍵を持ち、イメージを持つ人なら誰でもどのコンテナにもなりすませます。ホスト鍵はコンテナの起動時に（エントリーポイントで）作ってください"),
                ), Severity::Medium),
                GeneratedKey::Tls(path) if !removed(path) => (crate::text!(
                    format!("`{program}` writes the private key `{path}` into a layer of the image, so every container of the image has the same TLS key and anyone with the image can extract it and pose as the server; create the key when the container starts, or mount the key and certificate at run time"),
                    format!("`{program}` が秘密鍵 `{path}` をイメージのレイヤーに書き込むため、イメージのすべてのコンテナが同じ TLS の鍵を持ち、イメージを持つ人なら誰でも鍵を取り出してサーバーになりすませます。鍵はコンテナの起動時に作るか、鍵と証明書を実行時にマウントしてください"),
                ), Severity::Medium),
                _ => continue,
            };
            out.report(context.script_span(script, command.words[0].range.clone()), message)
                .rated(severity)
                .in_stage(stage)
                .with_fix(Fix::manual(crate::text!(
                    "Move the key generation to the container's start (the entrypoint creates it when it is missing, in a volume), or give the key at run time from a secret or a volume; keys that build steps need are mounted with `RUN --mount=type=secret`.",
                    "鍵の生成をコンテナの起動時に移す（エントリーポイントが、なければボリュームに作る）か、実行時にシークレットやボリュームで渡してください。ビルド手順が必要とする鍵は `RUN --mount=type=secret` でマウントします。",
                )));
        }
    }
}

/// A project configuration file that holds a credential only when one is
/// written into it: rated below the files that exist to hold one.
fn may_hold_only_settings(path: &str) -> bool {
    path.trim_end_matches('/').rsplit('/').next() == Some(".npmrc")
}

/// Variables that name a credential file the tools read: a copy to the path
/// one of them names puts the credentials in the image.
const CREDENTIAL_FILE_VARIABLES: &[&str] = &[
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "HF_TOKEN_PATH",
    "KUBECONFIG",
];

/// `$NAME` or `${NAME}` for one of [`CREDENTIAL_FILE_VARIABLES`].
fn credential_variable(text: &str) -> Option<&'static str> {
    let name = text.strip_prefix('$')?;
    let name = name
        .strip_prefix('{')
        .and_then(|name| name.strip_suffix('}'))
        .unwrap_or(name);
    CREDENTIAL_FILE_VARIABLES
        .iter()
        .copied()
        .find(|known| *known == name)
}

/// `path` made absolute against the working directory, with `.` and empty
/// components removed and a trailing `/` kept as a directory mark dropped.
fn absolute(path: &str, workdir: Option<&str>) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{path}", workdir.unwrap_or("/"))
    };
    let parts: Vec<&str> = joined
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

/// In the final image: a COPY or ADD to the file a credential variable
/// names (`COPY config $AWS_CONFIG_FILE`), and an ENV or ARG that points a
/// credential variable into files copied into the image (`COPY . /app` then
/// `ENV GOOGLE_APPLICATION_CREDENTIALS=/app/key.json`).
fn credential_variables(context: &Context, out: &mut Diagnostics) {
    // Per stage: the directories (absolute) that COPY and ADD wrote.
    let mut copied: Vec<Vec<String>> = vec![Vec::new(); context.model.stages.len()];
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let Some(stage) = context.stage_of(index) else {
            continue;
        };
        let workdir = context.model.effective[index].workdir.as_deref();
        match &instruction.args {
            Args::Copy(copy) if matches!(instruction.keyword, Keyword::Copy | Keyword::Add) => {
                let Some(destination) = &copy.destination else {
                    continue;
                };
                if let Some(name) = credential_variable(&destination.text) {
                    if in_final_image(context, stage) {
                        out.report(
                            destination.span,
                            crate::text!(
                                format!("`{}` writes to `${name}`, the credential file the tools read, so the credentials are copied into a layer of the image; mount the file with `RUN --mount=type=secret` for the step that needs it, or give it to the container at run time", instruction.keyword_text.to_ascii_uppercase()),
                                format!("`{}` が `${name}`（ツールが読む資格情報ファイル）に書き込むため、資格情報がイメージのレイヤーにコピーされます。必要なステップでだけ `RUN --mount=type=secret` でマウントするか、実行時にコンテナへ渡してください", instruction.keyword_text.to_ascii_uppercase()),
                            ),
                        )
                        .in_stage(stage);
                    }
                    continue;
                }
                if !destination.text.contains('$') {
                    copied[stage].push(absolute(&destination.text, workdir));
                }
            }
            Args::KeyValues(pairs) if instruction.keyword == Keyword::Env => {
                for pair in pairs {
                    credential_path(
                        context,
                        out,
                        &copied,
                        (index, stage, workdir),
                        &pair.key,
                        &pair.value,
                    );
                }
            }
            Args::Arg(declarations) => {
                for declaration in declarations {
                    if let Some(default) = &declaration.default {
                        credential_path(
                            context,
                            out,
                            &copied,
                            (index, stage, workdir),
                            &declaration.name,
                            default,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// Reports `name=value` when `name` is a credential variable and `value`
/// lies in a directory an earlier COPY or ADD of the stage (or of the
/// stages it is built on) wrote. A copy to `/` counts only for a relative
/// value, which is unlikely to be a mount point.
fn credential_path(
    context: &Context,
    out: &mut Diagnostics,
    copied: &[Vec<String>],
    (index, stage, workdir): (usize, usize, Option<&str>),
    name: &crate::syntax::Word,
    value: &crate::syntax::Word,
) {
    if !in_final_image(context, stage) || !CREDENTIAL_FILE_VARIABLES.contains(&name.text.as_str()) {
        return;
    }
    let path = super::unquote(&value.text);
    if path.is_empty() || path.contains('$') {
        return;
    }
    let file = absolute(path, workdir);
    let inside = context.model.ancestry(stage).iter().any(|&ancestor| {
        copied[ancestor].iter().any(|directory| {
            if directory == "/" {
                !path.starts_with('/')
            } else {
                // The copied directory holds the file, or the copy is the file.
                file.strip_prefix(directory.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            }
        })
    });
    if !inside {
        return;
    }
    let keyword = context.dockerfile.instructions[index]
        .keyword_text
        .to_ascii_uppercase();
    out.report(
        value.span,
        crate::text!(
            format!("`{keyword} {}` points at `{path}`, a file copied into a layer of the image, so its credentials ship with the image; mount the file with `RUN --mount=type=secret` for the step that needs it, or give it to the container at run time", name.text),
            format!("`{keyword} {}` がイメージのレイヤーにコピーされたファイル `{path}` を指しているため、その資格情報がイメージに含まれます。必要なステップでだけ `RUN --mount=type=secret` でマウントするか、実行時にコンテナへ渡してください", name.text),
        ),
    )
    .in_stage(stage);
}

/// What kind of secret a copied path is, if it is one.
pub(crate) fn secret_file(path: &str, destination: &str) -> Option<(&'static str, &'static str)> {
    let trimmed = path.trim_end_matches('/');
    let components: Vec<&str> = trimmed
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    let base = *components.last()?;
    let lower = base.to_ascii_lowercase();
    let (stem, extension) = match lower.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension),
        _ => (lower.as_str(), ""),
    };
    let has_dir = |name: &str| components.contains(&name);
    // `COPY release.key /etc/app/key.pub`: the destination says it is public.
    let public_destination = destination.ends_with(".pub") || destination.contains("public");
    if has_dir(".git") {
        return Some((
            "the Git repository, with its whole history and any credentials in `.git/config`",
            "Git リポジトリで、履歴全体と `.git/config` 内の資格情報を含みます",
        ));
    }
    if has_dir(".ssh") {
        let public = extension == "pub" || matches!(lower.as_str(), "known_hosts" | "config");
        return (!public).then_some(("an SSH directory or key", "SSH のディレクトリまたは鍵"));
    }
    if has_dir(".aws") || has_dir(".azure") || has_dir("gcloud") {
        return Some((
            "a cloud CLI credential directory",
            "クラウド CLI の資格情報ディレクトリ",
        ));
    }
    if lower == "kubeconfig" || trimmed.ends_with(".kube/config") || lower == ".kube" {
        return Some((
            "a Kubernetes credential file",
            "Kubernetes の資格情報ファイル",
        ));
    }
    if trimmed.ends_with(".docker/config.json") {
        return Some(("a registry credential file", "レジストリの資格情報ファイル"));
    }
    if matches!(lower.as_str(), "secrets" | "secret" | ".secrets") && extension.is_empty() {
        return Some(("a secrets directory", "シークレットのディレクトリ"));
    }
    if lower == ".env" || lower.starts_with(".env.") || lower == ".env*" {
        let template = ["example", "sample", "template", "dist", "defaults"]
            .iter()
            .any(|kind| lower.ends_with(kind));
        return (!template).then_some((
            "an environment file with secrets",
            "シークレットを含む環境変数ファイル",
        ));
    }
    if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]
        .iter()
        .any(|key| lower.starts_with(key))
    {
        return (extension != "pub").then_some(("an SSH private key", "SSH 秘密鍵"));
    }
    if lower == ".npmrc" {
        return Some((
            "an npm configuration file, which usually holds only the project's settings but holds a registry token too when a CI job writes one into it before the build",
            "ふつうはプロジェクトの設定だけですが、CI ジョブがビルド前に書き込めばレジストリのトークンも含む npm の設定ファイル",
        ));
    }
    if matches!(
        lower.as_str(),
        ".pypirc"
            | ".netrc"
            | ".git-credentials"
            | ".pgpass"
            | ".htpasswd"
            | "credentials"
            | "credential"
            | "credentials.json"
            | "credential.json"
            | "credentials.xml"
            | "password.txt"
            | "passwords.txt"
    ) || (extension == "json"
        && (stem.contains("service-account") || stem.contains("service_account")))
    {
        return Some(("a credential file", "資格情報ファイル"));
    }
    if matches!(
        extension,
        "secret"
            | "ovpn"
            | "private_key"
            | "keychain"
            | "agilekeychain"
            | "psafe3"
            | "kdbx"
            | "bek"
    ) {
        return Some((
            "a file of keys or passwords (VPN profile, key chain, password manager database)",
            "鍵やパスワードのファイル（VPN プロファイル、キーチェーン、パスワードマネージャーのデータなど）",
        ));
    }
    if public_destination {
        return None;
    }
    match extension {
        "p12" | "pfx" | "jks" | "keystore" => Some(("a key store", "キーストア")),
        "key" if !is_repository_key(stem, destination) && !is_public_key(stem) => {
            Some(("a private key", "秘密鍵"))
        }
        "pem" if !is_public_material(stem) => Some((
            "a PEM file that may hold a private key",
            "秘密鍵を含む可能性のある PEM ファイル",
        )),
        _ => None,
    }
}

/// Public material that comes in `.pem` and `.key` files too: certificates
/// and CA bundles (`cert.pem`, `fullchain.pem`, `ca-bundle.pem`), public keys
/// (`public.pem`, `pubkey.key`) and Diffie-Hellman parameters (`dhparam.pem`,
/// `ffdhe4096.pem`), judged by the words of the name (`local.pem` is not `ca`).
fn is_public_material(stem: &str) -> bool {
    const PUBLIC_WORDS: &[&str] = &[
        "cert",
        "certs",
        "certificate",
        "certificates",
        "crt",
        "cacert",
        "ca",
        "rootca",
        "chain",
        "fullchain",
        "bundle",
        "root",
        "trust",
        "truststore",
        "trusted",
        "dh",
        "dhparam",
        "dhparams",
        "ffdhe",
        "params",
    ];
    let words = name_words(stem);
    (is_public_key(stem) || words.iter().any(|word| PUBLIC_WORDS.contains(word)))
        && !words
            .iter()
            .any(|word| (word.contains("key") && *word != "pubkey") || word.contains("priv"))
}

/// A public key by its name: `public.key`, `release-pub.key`, `pubkey.pem`.
fn is_public_key(stem: &str) -> bool {
    name_words(stem)
        .iter()
        .any(|word| matches!(*word, "pub" | "public" | "pubkey"))
}

/// The words of a file name, trailing numbers dropped: `ffdhe4096` → `ffdhe`.
fn name_words(stem: &str) -> Vec<&str> {
    stem.split(|ch: char| !ch.is_ascii_alphanumeric())
        .map(|word| word.trim_end_matches(|ch: char| ch.is_ascii_digit()))
        .filter(|word| !word.is_empty())
        .collect()
}

/// A package repository's signing key (public) copied for apt, yum or apk.
fn is_repository_key(stem: &str, destination: &str) -> bool {
    ["gpg", "pgp", "apt", "repo", "release", "archive", "pub"]
        .iter()
        .any(|word| stem.contains(word))
        || ["gpg", "keyring", "/apt/", "rpm", "apk/keys"]
            .iter()
            .any(|word| destination.contains(word))
}

const DOCS_EN: &str = r#"
# Secret file copied into the image

## What it checks
`COPY` and `ADD` of files and directories that hold credentials: `.env` files (but not
`.env.example` or `.env.sample`), SSH private keys (`id_rsa`, `id_ed25519` ...; `.pub` files
are fine) and `.ssh/`, private keys and key stores (`*.key`, `*.pem` that are not
certificates, `*.p12`, `*.pfx`, `*.jks`), package-manager and tool credentials (`.npmrc`,
`.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`), cloud credentials (`.aws/`,
`credentials`, `credentials.json`, `*service-account*.json`, `kubeconfig`, `.kube/config`,
`.docker/config.json`), password lists (`password.txt`), key chains, password manager
databases and VPN profiles (`*.keychain`, `*.kdbx`, `*.psafe3`, `*.ovpn`, `*.secret`), a
`secrets/` directory and the Git directory `.git/`.

In the final image it also reports a `COPY` or `ADD` to the file a credential variable names
(`$AWS_CONFIG_FILE`, `$AWS_SHARED_CREDENTIALS_FILE`, `$GOOGLE_APPLICATION_CREDENTIALS`,
`$HF_TOKEN_PATH`, `$KUBECONFIG`), and an `ENV` or `ARG` that points one of these variables at
a file an earlier `COPY` or `ADD` put in the image (`COPY . /app` then
`ENV GOOGLE_APPLICATION_CREDENTIALS=/app/key.json`).

Public material is not reported even in `.pem` and `.key` files: certificates and CA bundles
(`cert.pem`, `fullchain.pem`, `ca-bundle.pem`), public keys (`public.pem`, `release-pub.key`)
and Diffie-Hellman parameters (`dhparam.pem`, `ffdhe4096.pem`), recognised by the words of
the file name (a name that also says `key` or `priv`, such as `ca-key.pem`, is still reported).

An `.npmrc` is rated medium: a project's own `.npmrc` usually holds only settings, and it
holds a token when one is written into it (as CI jobs often do before the build).

It also reports private keys that a `RUN` of the final image generates and keeps: a login
key (`ssh-keygen -f /root/.ssh/id_rsa`, high), the SSH server's host keys (`ssh-keygen -A`,
medium) and TLS keys (`openssl req -keyout`, `openssl genrsa|genpkey -out`, medium). Every
container of the image then has the same key, and anyone with the image can read it. A key
the same `RUN` deletes afterwards is not reported.

The message says where the file ends up: in the image when the stage is the final one or
one of its bases; in a stage that later stages copy from; or only in the build cache of a
builder stage that does not reach the final image.

## Why it is risky
Every `COPY` creates a layer, and layers are part of the image: anyone who can pull it can
unpack the file, even when a later `RUN rm` hides it from the final file system. A copied
key or token works for whoever finds it.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY .env /app/.env
COPY secrets/ /app/secrets/
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
# The file is mounted only while this step runs.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    pnpm install
COPY .env.example /app/.env.example
```

## Fix
Do not copy the file. A build step that needs it mounts it as a secret:
`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc pnpm install`, built with
`docker build --secret id=npmrc,src=$HOME/.npmrc .`. A running container gets secrets from
a volume, an environment variable given to `docker run`, or Docker secrets. List the files
in `.dockerignore` as well, so that a `COPY . .` cannot pick them up. Rotate any credential
that was already in an image you pushed.

## When it is acceptable
Files whose name misleads: a public certificate named `server.pem`, a public repository key
named `*.key`, an `.npmrc` that only sets a registry URL. Suppress the finding for that line
and say why.

## References
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"#;

const DOCS_JA: &str = r#"
# シークレットファイルをイメージにコピーしている

## チェック内容
資格情報を含むファイルやディレクトリの `COPY`・`ADD` を検出します。対象は、`.env` ファイル
（`.env.example`・`.env.sample` は除く）、SSH 秘密鍵（`id_rsa`・`id_ed25519` など。`.pub` は問題
ありません）と `.ssh/`、秘密鍵とキーストア（`*.key`、証明書ではない `*.pem`、`*.p12`・`*.pfx`・
`*.jks`）、パッケージマネージャーやツールの資格情報（`.npmrc`・`.pypirc`・`.netrc`・
`.git-credentials`・`.pgpass`）、クラウドの資格情報（`.aws/`・`credentials`・`credentials.json`・
`*service-account*.json`・`kubeconfig`・`.kube/config`・`.docker/config.json`）、パスワードの
一覧（`password.txt`）、キーチェーン・パスワードマネージャーのデータ・VPN プロファイル
（`*.keychain`・`*.kdbx`・`*.psafe3`・`*.ovpn`・`*.secret`）、`secrets/` ディレクトリ、
Git ディレクトリ `.git/` です。

最終イメージについては、資格情報の場所を示す変数（`$AWS_CONFIG_FILE`、
`$AWS_SHARED_CREDENTIALS_FILE`、`$GOOGLE_APPLICATION_CREDENTIALS`、`$HF_TOKEN_PATH`、
`$KUBECONFIG`）が指すファイルへの `COPY`・`ADD` と、これらの変数を先の `COPY`・`ADD` で
イメージに入れたファイルに向ける `ENV`・`ARG`（`COPY . /app` の後の
`ENV GOOGLE_APPLICATION_CREDENTIALS=/app/key.json` など）も検出します。

公開してよいものは、`.pem` や `.key` のファイルでも報告しません。証明書と CA バンドル
（`cert.pem`・`fullchain.pem`・`ca-bundle.pem`）、公開鍵（`public.pem`・`release-pub.key`）、
Diffie-Hellman パラメーター（`dhparam.pem`・`ffdhe4096.pem`）がこれに当たり、ファイル名の単語で
判断します（`ca-key.pem` のように `key` や `priv` も含む名前は報告します）。

`.npmrc` の重大度は medium とします。プロジェクトの `.npmrc` はふつう設定だけを持ち、トークンを
含むのは（CI ジョブがビルド前によく行うように）書き込まれた場合だからです。

最終イメージの `RUN` が生成して残す秘密鍵も報告します。ログイン用の鍵
（`ssh-keygen -f /root/.ssh/id_rsa`、high）、SSH サーバーのホスト鍵（`ssh-keygen -A`、medium）、
TLS の鍵（`openssl req -keyout`、`openssl genrsa|genpkey -out`、medium）です。イメージの
すべてのコンテナが同じ鍵を持ち、イメージを持つ人なら誰でも読めます。同じ `RUN` の中で後から
削除する鍵は報告しません。

メッセージには、ファイルがどこに残るかを示します。最終ステージまたはその土台のステージなら
イメージの中、後のステージがコピー元にしているステージならそのコピー次第、最終イメージに
含まれないビルダーステージならビルドキャッシュの中だけです。

## なぜ危険か
`COPY` はそれぞれレイヤーを作り、レイヤーはイメージの一部です。後の `RUN rm` で最終的な
ファイルシステムから見えなくしても、イメージを取得できる人なら誰でもファイルを取り出せます。
コピーされた鍵やトークンは、見つけた人がそのまま使えます。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY .env /app/.env
COPY secrets/ /app/secrets/
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
# The file is mounted only while this step runs.
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    pnpm install
COPY .env.example /app/.env.example
```

## 修正方法
ファイルをコピーしないでください。ビルド中に必要な処理はシークレットとしてマウントします。
例: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc pnpm install` とし、
`docker build --secret id=npmrc,src=$HOME/.npmrc .` でビルドします。実行中のコンテナには、
ボリューム、`docker run` で渡す環境変数、Docker secrets でシークレットを渡します。`COPY . .`
で取り込まれないよう、これらのファイルを `.dockerignore` にも記載してください。すでに
プッシュしたイメージに入っていた資格情報はローテーションしてください。

## 許容される場合
名前が紛らわしいだけのファイルです。`server.pem` という名前の公開証明書、`*.key` という名前の
公開リポジトリ鍵、レジストリ URL だけを設定した `.npmrc` などが該当します。その行の指摘を
抑制し、理由を書いておいてください。

## 参考資料
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [Docker ドキュメント: .dockerignore ファイル](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- CWE-538: 外部からアクセス可能なファイルやディレクトリへの機密情報の挿入
"#;
