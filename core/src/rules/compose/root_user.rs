use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::user::is_root;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{label, services};

pub const RULE: Rule = Rule {
    code: "PLC101",
    name: "compose-root-user",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[alias(Tool::Semgrep, "service-runs-as-root")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, image) in services(context) {
        let Some((key, value)) = service.service.entry("user") else {
            continue;
        };
        let Some(user) = value.as_str() else {
            continue;
        };
        if !is_root(user) {
            continue;
        }
        let name = label(service);
        let image_user = image
            .and_then(|image| image.user.as_ref())
            .filter(|(user, _)| !is_root(user));
        let (en, ja) = match image_user {
            Some((image_user, _)) => (
                format!("service {name} runs as root: `user: {user}` overrides the image's `USER {image_user}`; remove it to run as the image's user"),
                format!("サービス {name} は root で動きます。`user: {user}` がイメージの `USER {image_user}` を上書きしています。削除してイメージのユーザーで動かしてください"),
            ),
            None => (
                format!("service {name} runs as root (`user: {user}`); set a non-root user such as `user: \"10001:10001\"` that owns only what the service writes"),
                format!("サービス {name} は root で動きます（`user: {user}`）。`user: \"10001:10001\"` のような非rootユーザーを指定し、そのユーザーにはサービスが書き込む場所だけを所有させてください"),
            ),
        };
        let diagnostic = out
            .report(value.span(), crate::text!(en, ja))
            .about(service.name);
        if let (Some((_, span)), Some(image)) = (image_user, image) {
            diagnostic.also_in(
                &image.path,
                *span,
                Some(crate::text!(
                    "the image's own non-root user",
                    "イメージ自身の非rootユーザー",
                )),
            );
            let line = crate::rules::compose::whole_line(context.source, key.span());
            diagnostic.with_fix(Fix::needs_review(
                crate::text!(
                    "Remove `user:` so the service runs as the image's non-root user; check that it can still write where it needs to.",
                    "`user:` を削除して、イメージの非rootユーザーで動かします。必要な場所に書き込めるか確認してください。",
                ),
                vec![Edit::replace(line, "")],
            ));
        } else {
            diagnostic.with_fix(Fix::manual(crate::text!(
                "Set `user:` to a non-root UID:GID (or remove it when the image sets a non-root `USER`), and give that user ownership of the volumes the service writes to.",
                "`user:` を非rootの UID:GID にする（イメージが非rootの `USER` を設定しているなら削除する）とともに、サービスが書き込むボリュームの所有者をそのユーザーにします。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service runs as root

## What it checks
A Compose service whose `user:` is root: `root`, `0`, `0:0`, `root:root`. `user:` overrides
the image's `USER`, so a Dockerfile that carefully ends with a non-root user still runs as
root here. When the project links the service to the Dockerfile it builds, the message
names the image's own user.

## Why it is risky
Root in the container is root of the kernel the container shares with the host, limited
only by the capabilities and profiles left in place. A bug in the service, or a container
escape, gets everything root can reach: every file of mounted volumes, and writable
system directories of the image to hide in.

## Example
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER node
CMD ["node", "/app/server.js"]
```

```yaml file=compose.yaml
services:
  web:
    build: .
    user: root
```

## Use instead
```yaml file=compose.yaml
services:
  web:
    build: .
    user: "10001:10001"
```

## Fix
Remove `user:` when the image's `USER` is already non-root; otherwise set a non-root
`UID:GID` and give it ownership of the volumes the service writes to. One-off maintenance
tasks that need root can run with `docker compose run --user root web ...`.

## When it is acceptable
Services whose entrypoint starts as root only to drop privileges (the official database
images do so without `user:`), and tools that manage the host such as monitoring agents,
when they are reviewed as such.

## References
- [Compose file reference: user](https://docs.docker.com/reference/compose-file/services/#user)
- CIS Docker Benchmark 4.1 (create a user for the container)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスが root で動く

## チェック内容
`user:` が root（`root`、`0`、`0:0`、`root:root`）の Compose サービスを検出します。`user:` は
イメージの `USER` を上書きするため、非rootユーザーで終わる Dockerfile もここでは root で動きます。
プロジェクトがサービスとビルドする Dockerfile を結び付けている場合は、メッセージにイメージ自身の
ユーザーを示します。

## なぜ危険か
コンテナ内の root は、ホストと共有するカーネルにとっての root で、残された capability や
プロファイルでしか制限されません。サービスの不具合やコンテナエスケープが起きると、マウントした
ボリュームのすべてのファイルや、潜伏先になるイメージの書き込み可能なシステムディレクトリなど、
root が届くものすべてを奪われます。

## 問題のある例
```dockerfile file=Dockerfile
FROM node:22-alpine
COPY . /app
USER node
CMD ["node", "/app/server.js"]
```

```yaml file=compose.yaml
services:
  web:
    build: .
    user: root
```

## 代わりに
```yaml file=compose.yaml
services:
  web:
    build: .
    user: "10001:10001"
```

## 修正方法
イメージの `USER` がすでに非rootなら `user:` を削除します。そうでなければ非rootの `UID:GID` を
指定し、サービスが書き込むボリュームの所有者をそのユーザーにします。root が必要な一時的な
保守作業は `docker compose run --user root web ...` で実行できます。

## 許容される場合
権限を落とすためだけに root で起動するエントリーポイントを持つサービス（公式のデータベース
イメージは `user:` なしでそうします）や、監視エージェントのようにホストを管理するツールで、
そのことをレビューしている場合です。

## 参考資料
- [Compose ファイルリファレンス: user](https://docs.docker.com/reference/compose-file/services/#user)
- CIS Docker Benchmark 4.1（コンテナ用のユーザーを作成する）
"#;
