use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Keyword, Word};

use super::{
    builder_stage_note, in_final_image, is_file_reference, is_key_identifier, is_secret_name,
    is_switch_value, secret_id, unquote,
};

pub const RULE: Rule = Rule {
    code: "PL401",
    name: "secret-in-arg-or-env",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL3064"),
        alias(Tool::Trivy, "DS-0031"),
        alias(Tool::Buildkit, "SecretsUsedInArgOrEnv"),
        alias(Tool::Dockle, "CIS-DI-0010"),
        alias(Tool::Semgrep, "secret-in-build-arg"),
        alias(Tool::Kics, "Passwords And Secrets"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let declared: Vec<(&Word, Option<&Word>)> = match &instruction.args {
            Args::Arg(decls) => decls
                .iter()
                .map(|decl| (&decl.name, decl.default.as_ref()))
                .collect(),
            Args::KeyValues(pairs) if instruction.keyword == Keyword::Env => pairs
                .iter()
                .map(|pair| (&pair.key, Some(&pair.value)))
                .collect(),
            _ => continue,
        };
        let is_arg = instruction.keyword == Keyword::Arg;
        for (name_word, value) in declared {
            let name = unquote(&name_word.text);
            if !is_secret_name(name)
                || value.is_some_and(|value| holds_no_secret(&value.text, is_arg))
            {
                continue;
            }
            // A key fingerprint, written here or taken from an ARG
            // (`ENV SWIFT_SIGNING_KEY=$SWIFT_SIGNING_KEY`), identifies a
            // public key.
            let expanded = value
                .and_then(|value| context.model.expand(context.dockerfile, index, &value.text));
            if expanded.is_some_and(|value| is_key_identifier(name, &value)) {
                continue;
            }
            let stage = context.stage_of(index);
            let builder = stage.filter(|&stage| !in_final_image(context, stage));
            let id = secret_id(name);
            let keyword = if is_arg { "ARG" } else { "ENV" };
            let message = match (builder, is_arg) {
                (Some(stage), _) => {
                    let note = builder_stage_note(context, stage);
                    crate::text!(
                        format!("`{keyword} {name}` looks like a secret, {}; mount it with `RUN --mount=type=secret,id={id},env={name}` instead", note.en),
                        format!("`{keyword} {name}` はシークレットのようです。{}。代わりに `RUN --mount=type=secret,id={id},env={name}` でマウントしてください", note.ja),
                    )
                }
                (None, true) => crate::text!(
                    format!("`ARG {name}` looks like a secret, and build arguments are recorded with their values in the image's build history (`docker history` shows them on every RUN after the ARG); mount it with `RUN --mount=type=secret,id={id},env={name}` instead"),
                    format!("`ARG {name}` はシークレットのようです。ビルド引数は値ごとイメージのビルド履歴に記録されます（ARG 以降のすべての RUN について `docker history` に表示されます）。代わりに `RUN --mount=type=secret,id={id},env={name}` でマウントしてください"),
                ),
                (None, false) => crate::text!(
                    format!("`ENV {name}` looks like a secret, and ENV values are stored in the image configuration, where `docker inspect` shows them to anyone who has the image; pass it at run time (`docker run -e {name}`) or mount it for a build step with `RUN --mount=type=secret,id={id},env={name}`"),
                    format!("`ENV {name}` はシークレットのようです。ENV の値はイメージ設定に保存され、イメージを持つ人なら誰でも `docker inspect` で読めます。実行時に渡す（`docker run -e {name}`）か、ビルド中だけ必要なら `RUN --mount=type=secret,id={id},env={name}` でマウントしてください"),
                ),
            };
            let diagnostic = out.report(name_word.span, message).with_fix(Fix::manual(crate::text!(
                format!("Remove `{keyword} {name}`. A build step that needs it reads it from a secret mount, `RUN --mount=type=secret,id={id},env={name} <command>`, built with `docker build --secret id={id},env={name} .`; a value the running container needs is passed with `docker run -e {name}` or a Docker secret."),
                format!("`{keyword} {name}` を削除します。ビルド中に必要な処理は `RUN --mount=type=secret,id={id},env={name} <コマンド>` でシークレットを読み、`docker build --secret id={id},env={name} .` でビルドします。実行中のコンテナが必要とする値は `docker run -e {name}` または Docker secrets で渡します。"),
            )));
            if let Some(stage) = stage {
                diagnostic.in_stage(stage);
            }
        }
    }
}

/// A path to the file holding the secret, a switch (`SECRET_KEY_BASE_DUMMY=1`,
/// `AUTH=false`), or an ENV that is empty or only a mark that the value
/// comes at run time (`sa_password="_"`, `-`): nothing secret is stored. (An
/// ARG default of either kind still expects a `--build-arg` value.) A
/// placeholder that stands for a key (`sk-xxxxx`) still shows where one is
/// meant to be written.
fn holds_no_secret(raw: &str, is_arg: bool) -> bool {
    let value = unquote(raw.trim());
    ((value.is_empty() || is_blank_mark(value)) && !is_arg)
        || is_file_reference(value)
        || is_switch_value(value)
}

/// One punctuation character, repeated or not (`_`, `-`, `***`).
fn is_blank_mark(value: &str) -> bool {
    let mut chars = value.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_punctuation() && chars.all(|ch| ch == first))
}

const DOCS_EN: &str = r#"
# Secret-looking ARG or ENV

## What it checks
An `ARG` or `ENV` whose name says it holds a secret. The name is split into words at `_`,
`-` and case changes, and a word such as `password`, `passwd`, `pword`, `pass`, `secret`,
`token`, `key`, `apikey`, `auth`, `credential(s)` or `passphrase` marks it, as in BuildKit's
`SecretsUsedInArgOrEnv` check: `API_KEY`, `DATABASE_PASSWORD`, `GITHUB_TOKEN`, `apiKey`.
Well-known names such as `AWS_ACCESS_KEY_ID` and `PGPASSWORD` count too.

Names that point at the secret rather than hold it are left alone: a word `file`, `path`,
`dir`, `public` or `version` (`PASSWORD_FILE`, `PUBLIC_KEY`), a last word that describes a
setting (`AUTH_URL`, `TOKEN_TTL`, `AUTH_ENABLED`), a switch or a reference (`NO_AUTH`,
`SECRET_KEY_BASE_DUMMY`, `DB_SECRET_ARN`), and key identifiers (`GPG_KEY`, the signing-key
fingerprint of official images): a name that says only `key` and names a signing key (`gpg`,
`pgp`, `signing`, `release` ...) with a value that is a key fingerprint (16 or 40 hexadecimal
digits, here or in the ARG it is taken from, as in `GPG_COUCH_KEY` or `SWIFT_SIGNING_KEY`)
names the public key that downloads are verified with (`API_KEY` with such a value is still
reported). A value that is a file path (`/run/secrets/db`,
`config/master.key`) or a switch (`true`, `0`, `1`, `disabled`) stores no secret and is not
reported, and neither is an `ENV` that is empty or holds only a mark that the value comes at
run time: one punctuation character, repeated or not (`ENV sa_password="_"`, `-`).

A stage that does not reach the final image is reported as such: its values stay out of the
image you ship, but they are still in that stage's build cache and history.

## Why it is risky
`ENV` values are part of the image configuration: anyone who can pull the image reads them
with `docker inspect`, and every container started from it has them. `ARG` values are not in
the configuration, but BuildKit writes every build argument of a stage, with its value, into
the history entry of each `RUN` that follows it, where `docker history` shows them. Copying
a secret into an `ENV` (`ENV SECRET_KEY=${SECRET_KEY}`) combines both problems.

## Example
```dockerfile
FROM node:20-alpine
ENV API_KEY=sk-xxxxx
ENV DATABASE_PASSWORD=secret123
ARG SECRET_KEY
ENV SECRET_KEY=${SECRET_KEY}
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
# The token exists only while this step runs; it is not stored in the image.
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN=$(cat /run/secrets/npm_token) \
    pnpm install
# Run-time values are given when the container starts:
#   docker run -e API_KEY=... myapp
```

## Fix
Remove the `ARG` or `ENV`. A build step that needs the secret reads it from a secret mount
(`RUN --mount=type=secret,id=npm_token ...`, or with `env=NPM_TOKEN` to get it as a
variable), built with `docker build --secret id=npm_token,src=./npm_token.txt .`. A value
the application needs at run time is passed when the container starts: `docker run -e
API_KEY=...`, `--env-file`, or Docker secrets in Swarm and Compose. Secrets that were
already built into an image must be rotated.

If the application then fails because the variable is not set, that is the run-time side
missing, not a reason to bake it in: `docker run -e API_KEY="$API_KEY" myapp`, or
`docker run --env-file .env myapp` with `.env` kept out of the image.

## When it is acceptable
When the name misleads: a variable that holds a key *identifier*, a public key or a setting
about authentication. Suppress the finding for that line and say why.

## References
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- [Dockerfile reference: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- [BuildKit check: SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"#;

const DOCS_JA: &str = r#"
# シークレットらしい名前の ARG / ENV

## チェック内容
名前からシークレットを保持していると分かる `ARG` や `ENV` を検出します。名前を `_`・`-`・
大文字小文字の切れ目で単語に分け、`password`・`passwd`・`pword`・`pass`・`secret`・`token`・`key`・
`apikey`・`auth`・`credential(s)`・`passphrase` のいずれかの単語を含むものが対象です
（BuildKit の `SecretsUsedInArgOrEnv` と同じ考え方です）。例: `API_KEY`・`DATABASE_PASSWORD`・
`GITHUB_TOKEN`・`apiKey`。`AWS_ACCESS_KEY_ID` や `PGPASSWORD` などのよく知られた名前も対象です。

シークレットそのものではなく、その置き場所や設定を指す名前は対象外です。`file`・`path`・`dir`・
`public`・`version` を含む名前（`PASSWORD_FILE`・`PUBLIC_KEY`）、最後の単語が設定項目を表す名前
（`AUTH_URL`・`TOKEN_TTL`・`AUTH_ENABLED`）、スイッチや参照（`NO_AUTH`・`SECRET_KEY_BASE_DUMMY`・
`DB_SECRET_ARN`）、鍵の識別子（公式イメージが署名鍵のフィンガープリントに使う `GPG_KEY`）が
これに当たります。名前が `key` とだけ言って署名鍵を示し（`gpg`・`pgp`・`signing`・`release` など）、
値が鍵のフィンガープリント（16 桁または 40 桁の16進数。`GPG_COUCH_KEY` や `SWIFT_SIGNING_KEY` の
ように、ここで書かれた値でも、元の ARG の値でも）なら、ダウンロードの検証に使う公開鍵を指して
いるため報告しません（同じ値の `API_KEY` は報告します）。値がファイルパス（`/run/secrets/db`・`config/master.key`）やスイッチ
（`true`・`0`・`1`・`disabled`）の場合もシークレットを保存しないため報告しません。値が空の `ENV` や、
値は実行時に渡すという印だけ（記号1文字、またはその繰り返し。`ENV sa_password="_"`、`-`）の
`ENV` も同様です。

最終イメージに含まれないステージにある場合はその旨を報告します。配布するイメージには入りませんが、
そのステージのビルドキャッシュと履歴には値が残ります。

## なぜ危険か
`ENV` の値はイメージ設定の一部です。イメージを取得できる人なら誰でも `docker inspect` で読め、
そこから起動したすべてのコンテナに渡ります。`ARG` の値は設定には入りませんが、BuildKit は
ステージのビルド引数をすべて値ごと、それ以降の各 `RUN` の履歴エントリに書き込むため、
`docker history` で見えてしまいます。`ENV SECRET_KEY=${SECRET_KEY}` のように ARG を ENV に
コピーすると、両方の問題が重なります。

## 問題のある例
```dockerfile
FROM node:20-alpine
ENV API_KEY=sk-xxxxx
ENV DATABASE_PASSWORD=secret123
ARG SECRET_KEY
ENV SECRET_KEY=${SECRET_KEY}
```

## 代わりに
```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
# The token exists only while this step runs; it is not stored in the image.
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN=$(cat /run/secrets/npm_token) \
    pnpm install
# Run-time values are given when the container starts:
#   docker run -e API_KEY=... myapp
```

## 修正方法
`ARG` や `ENV` を削除します。ビルド中にシークレットが必要な処理は、シークレットマウントから
読み込みます（`RUN --mount=type=secret,id=npm_token ...`。`env=NPM_TOKEN` を付ければ環境変数
として受け取れます）。ビルドは `docker build --secret id=npm_token,src=./npm_token.txt .` で
行います。アプリケーションが実行時に必要とする値は、コンテナ起動時に `docker run -e API_KEY=...`・
`--env-file`・Swarm や Compose の Docker secrets で渡します。すでにイメージに焼き込まれた
シークレットは、必ずローテーションしてください。

その後アプリが「環境変数が設定されていない」というエラーになる場合は、実行時の渡し方が足りないだけです。
イメージに含めるのではなく、`docker run -e API_KEY="$API_KEY" myapp`、または `.env` をイメージに
含めずに `docker run --env-file .env myapp` で渡してください。

## 許容される場合
名前が紛らわしいだけの場合です。鍵の「識別子」、公開鍵、認証に関する設定値などを保持する変数が
該当します。その行の指摘を抑制し、理由を書いておいてください。

## 参考資料
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [Dockerfile リファレンス: RUN --mount=type=secret](https://docs.docker.com/reference/dockerfile/#run---mounttypesecret)
- [BuildKit チェック: SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- CWE-538: 外部からアクセス可能なファイルやディレクトリへの機密情報の挿入
"#;
