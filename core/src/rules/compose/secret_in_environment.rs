use crate::companion::yaml::Value;
use crate::fix::Fix;
use crate::model::{purpose_of_path, Purpose};
use crate::report::Severity;
use crate::rules::secrets::{is_secret_name, literal_secret_of, mask};
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services};

pub const RULE: Rule = Rule {
    code: "PLC401",
    name: "compose-secret-in-environment",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Kics, "Passwords And Secrets")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// The variables of an `environment:` or `build.args:` block, in the map
/// (`KEY: value`) and list (`- KEY=value`) forms: name, raw value and the
/// node to point at. A name without a value (`- KEY`) takes it from the
/// shell and is left out.
fn variables<'a>(block: Value<'a>) -> Vec<(&'a str, &'a str, Value<'a>)> {
    if block.is_mapping() {
        return block
            .entries()
            .into_iter()
            .filter_map(|(key, value)| Some((key.as_str()?, value.as_str()?, value)))
            .collect();
    }
    block
        .items()
        .filter_map(|item| {
            let (name, value) = item.as_str()?.split_once('=')?;
            Some((name.trim(), value, item))
        })
        .collect()
}

/// A literal credential a value puts in the file: the value itself, or the
/// default of `${VAR:-default}` / `${VAR-default}` (used whenever `VAR` is
/// unset), then with the name of `VAR`.
fn written_secret<'a>(name: &str, raw: &'a str) -> Option<(&'a str, Option<&'a str>)> {
    let value = raw.trim();
    if let Some(inner) = value
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
    {
        let (variable, default) = inner.split_once(":-").or_else(|| inner.split_once('-'))?;
        return literal_secret_of(name, default).map(|secret| (secret, Some(variable)));
    }
    literal_secret_of(name, value).map(|secret| (secret, None))
}

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    // A test or development stack (`tests/docker-compose.yml`,
    // `docker-compose.dev.yml`): its credentials guard throwaway data on a
    // developer's or CI machine.
    let test_stack = purpose_of_path(context.path) == Some(Purpose::Test);
    for (service, _) in services(context) {
        let name = label(service);
        let blocks = [
            (service.get("environment"), false),
            (service.service.path(&["build", "args"]), true),
        ];
        for (block, build_arg) in blocks {
            let Some(block) = block else {
                continue;
            };
            for (variable, raw, node) in variables(block) {
                if !is_secret_name(variable) {
                    continue;
                }
                let Some((secret, default)) = written_secret(variable, raw) else {
                    continue;
                };
                let masked = mask(secret);
                let (en, ja) = match (build_arg, default) {
                    (true, _) => (
                        format!("service {name} passes `{variable}` (`{masked}`) as a build argument: the value is in the Compose file and in the image's history; use a build secret (`build.secrets`)"),
                        format!("サービス {name} は `{variable}`（`{masked}`）をビルド引数で渡しています。値は Compose ファイルにもイメージの履歴にも残ります。ビルドシークレット（`build.secrets`）を使ってください"),
                    ),
                    (false, Some(source)) => (
                        format!("service {name} sets `{variable}` to a default written in the file (`{masked}`), used whenever `{source}` is unset; drop the default (`${{{source}:?}}`) so a missing value stops the start"),
                        format!("サービス {name} は `{variable}` の既定値（`{masked}`）をファイルに書いており、`{source}` が未設定のときはそれが使われます。既定値を外し（`${{{source}:?}}`）、値がなければ起動が止まるようにしてください"),
                    ),
                    (false, None) => (
                        format!("service {name} sets `{variable}` to a literal secret (`{masked}`) in the Compose file, which is in version control and in `docker inspect`; use a Compose secret (`secrets:`) or `${{{variable}}}` from an untracked `.env`"),
                        format!("サービス {name} は `{variable}` にシークレットの値（`{masked}`）を Compose ファイルで直接設定しています。値はバージョン管理にも `docker inspect` にも残ります。Compose のシークレット（`secrets:`）か、管理対象外の `.env` から読む `${{{variable}}}` を使ってください"),
                    ),
                };
                let diagnostic = out
                    .report(node.span(), crate::text!(en, ja))
                    .about(service.name);
                if test_stack {
                    diagnostic.rated(Severity::Low);
                } else if default.is_some() {
                    diagnostic.rated(Severity::Medium);
                }
                diagnostic.with_fix(Fix::manual(crate::text!(
                    "Rotate the secret, since the file has published it. Then give it to the service as a Compose secret (top-level `secrets:` with `file:` or `environment:`, read from `/run/secrets/<name>`, or the image's `<NAME>_FILE` variable), or write `${NAME}` and keep the value in an untracked `.env`.",
                    "ファイルで公開されてしまったので、シークレットを変更します。そのうえで Compose のシークレット（トップレベルの `secrets:` に `file:` か `environment:` を書き、`/run/secrets/<name>` かイメージの `<NAME>_FILE` 変数で読む）として渡すか、`${NAME}` と書いて値は管理対象外の `.env` に置きます。",
                )));
            }
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service sets a secret in plain text

## What it checks
A variable of a Compose service's `environment:` (map and list forms) or `build.args:`
whose name says it holds a secret (`DB_PASSWORD`, `API_TOKEN`, `SECRET_KEY` ...) and whose
value is written in the file. The value is shown masked. Not reported: values taken from
the environment (`${DB_PASSWORD}`, `${DB_PASSWORD:?}`, a name without a value), paths to
a file holding the secret (`/run/secrets/db`), switches (`true`, `0`) and placeholders
(`<token>`, `xxx`, `change_this`). Weak defaults such as `changeme` or `postgres` are
reported: they are the first passwords an attacker tries. A default written in the file
(`${DB_PASSWORD:-hunter2}`) is rated medium, since it applies only when the variable is
unset. In a file whose path names a test or development stack (`tests/docker-compose.yml`,
`docker-compose.dev.yml`, `.devcontainer/`, `.dockerdev/`, `ci/`) every finding is rated low: such credentials
guard throwaway data on a developer's or CI machine, though the file still teaches the habit.

## Why it is risky
A Compose file is committed and shared: every clone, fork, CI log and backup of the
repository carries the secret, and it stays in the history after it is removed. At run
time it is also readable by anyone who can run `docker inspect`, and a build argument
stays in the image's history for everyone who pulls it.

## Example
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: S3cure-Pa55w0rd
```

## Use instead
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
secrets:
  db_password:
    file: ./db_password.txt
```

## Fix
Rotate the secret: the file has published it. Then pass it as a Compose secret (mounted
at `/run/secrets/<name>`; many images read `<NAME>_FILE`), or write `${NAME}` and keep the
value in an untracked `.env` file. Build arguments become build secrets
(`build.secrets`, read with `RUN --mount=type=secret`).

## When it is acceptable
Throwaway credentials of a local test stack that never leaves the developer's machine;
prefer a placeholder or a variable anyway, since such files get deployed.

## References
- [Compose: secrets](https://docs.docker.com/compose/how-tos/use-secrets/)
- [Compose: interpolation](https://docs.docker.com/reference/compose-file/interpolation/)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスがシークレットを平文で設定している

## チェック内容
Compose サービスの `environment:`（マップ形式とリスト形式）か `build.args:` の変数のうち、
名前がシークレットを表し（`DB_PASSWORD`、`API_TOKEN`、`SECRET_KEY` など）、値がファイルに直接
書かれているものを検出します。値は伏せて表示します。環境から値を取るもの（`${DB_PASSWORD}`、
`${DB_PASSWORD:?}`、値のない名前）、シークレットを保存したファイルへのパス（`/run/secrets/db`）、
スイッチ（`true`、`0`）、プレースホルダー（`<token>`、`xxx`、`change_this`）は対象外です。
`changeme` や `postgres` のような弱い既定値は検出します。攻撃者が最初に試すパスワードだから
です。ファイルに書いた既定値（`${DB_PASSWORD:-hunter2}`）は、変数が未設定のときだけ使われる
ため中と評価します。パスがテスト用・開発用の構成を示すファイル（`tests/docker-compose.yml`、
`docker-compose.dev.yml`、`.devcontainer/`、`.dockerdev/`、`ci/`）では、どの検出も低と評価します。開発者や CI の
マシン上の使い捨てのデータを守る認証情報だからです。ただし、その書き方が習慣として広まる点は残ります。

## なぜ危険か
Compose ファイルはコミットされ、共有されます。リポジトリのすべてのクローン、フォーク、CI の
ログ、バックアップがシークレットを持ち、削除した後も履歴に残ります。実行時には `docker inspect`
を実行できる人なら誰でも読め、ビルド引数はイメージを pull するすべての人に見える履歴に残ります。

## 問題のある例
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: S3cure-Pa55w0rd
```

## 代わりに
```yaml file=compose.yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
secrets:
  db_password:
    file: ./db_password.txt
```

## 修正方法
ファイルで公開されてしまったので、シークレットを変更します。そのうえで Compose のシークレット
（`/run/secrets/<name>` にマウントされ、多くのイメージは `<NAME>_FILE` で読みます）として渡すか、
`${NAME}` と書いて値は管理対象外の `.env` ファイルに置きます。ビルド引数はビルドシークレット
（`build.secrets`、`RUN --mount=type=secret` で読む）にします。

## 許容される場合
開発者のマシンから出ないローカルのテスト環境の使い捨ての認証情報です。そうしたファイルも
デプロイされることがあるので、それでもプレースホルダーか変数にする方が安全です。

## 参考資料
- [Compose: シークレット](https://docs.docker.com/compose/how-tos/use-secrets/)
- [Compose: 変数の展開](https://docs.docker.com/reference/compose-file/interpolation/)
"#;
