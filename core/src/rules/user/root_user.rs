use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::missing_user::{entrypoint_step_down_tool, root_by_design};
use super::{development_image, final_users, is_root, runs_windows};
use crate::model::Purpose;

pub const RULE: Rule = Rule {
    code: "PL102",
    name: "root-user",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Hadolint, "DL3002"),
        alias(Tool::Trivy, "DS-0002"),
        alias(Tool::Checkov, "CKV_DOCKER_8"),
        alias(Tool::Kics, "Last User Is 'root'"),
        alias(Tool::Semgrep, "last-user-is-root"),
        alias(Tool::Dockle, "CIS-DI-0001"),
        alias(Tool::Cis, "4.1"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    // Files exported from the build and build environments are not
    // containers that serve anyone, as for PL101.
    if matches!(
        context.model.final_purpose(),
        Some(Purpose::Export | Purpose::Build)
    ) {
        return;
    }
    let users = final_users(context);
    let Some(((index, word, user), earlier)) = users.split_last() else {
        return;
    };
    if !is_root(user) {
        return;
    }
    let written = &word.text;
    let shown = if written == user {
        format!("`USER {written}`")
    } else {
        format!("`USER {written}` (`{user}`)")
    };
    let previous = earlier.iter().rev().find(|(_, _, user)| !is_root(user));
    // How the root user came about, for messages that go on to say why
    // root is needed.
    let (lead_en, lead_ja) = match previous {
        Some((previous_index, previous_word, _)) => {
            let name = &previous_word.text;
            let line = context.dockerfile.instructions[*previous_index].line;
            (
                format!("{shown} switches back to root after `USER {name}` on line {line}, so"),
                format!("{shown} は {line} 行目の `USER {name}` の後で root に戻しているため、"),
            )
        }
        None => (
            format!("{shown} is the last USER of the final image, so"),
            format!("{shown} が最終イメージの最後の USER のため、"),
        ),
    };
    let (message, fix) = match previous {
        Some((previous_index, previous_word, _)) => {
            let name = &previous_word.text;
            let line = context.dockerfile.instructions[*previous_index].line;
            (
                crate::text!(
                    format!("{shown} switches back to root after `USER {name}` on line {line}, so the container runs as root; switch back to `USER {name}` once the steps that need root are done"),
                    format!("{shown} は {line} 行目の `USER {name}` の後で root に戻しているため、コンテナが root で動きます。root が必要な手順の後で `USER {name}` に戻してください"),
                ),
                Fix::needs_review(
                    crate::text!(
                        format!("Run as `{name}` again, the user set on line {line}."),
                        format!("{line} 行目で設定した `{name}` に戻します。"),
                    ),
                    vec![Edit::replace(word.span, name.clone())],
                ),
            )
        }
        // Windows images have no UIDs: their unprivileged account is ContainerUser.
        None if runs_windows(context) => (
            crate::text!(
                format!("{shown} is the last USER of the final image, so the container runs as the administrator account; switch to the unprivileged `USER ContainerUser` once the steps that need it are done"),
                format!("{shown} が最終イメージの最後の USER のため、コンテナが管理者アカウントで動きます。管理者権限が必要な手順の後で、権限のない `USER ContainerUser` に切り替えてください"),
            ),
            Fix::needs_review(
                crate::text!(
                    "Run as `ContainerUser`, the unprivileged account of Windows images.",
                    "Windows イメージの権限のないアカウント `ContainerUser` で動かします。",
                ),
                vec![Edit::replace(word.span, "ContainerUser")],
            ),
        ),
        None => (
            crate::text!(
                format!("{shown} is the last USER of the final image, so the container runs as root; create a non-root user and switch to it, for example `USER 1001`"),
                format!("{shown} が最終イメージの最後の USER のため、コンテナが root で動きます。非rootユーザーを作成し、`USER 1001` などで切り替えてください"),
            ),
            Fix::manual(crate::text!(
                "Create a user with a fixed UID (`adduser`/`useradd`, see PL101) and end the final stage with `USER <uid>`.",
                "UID を固定したユーザーを作成し（`adduser`/`useradd`、PL101 を参照）、最終ステージを `USER <uid>` で終えてください。",
            )),
        ),
    };
    // An entrypoint that steps down with `gosu` needs root to start: the
    // service runs as its own user if the entrypoint does what it is for.
    let step_down = entrypoint_step_down_tool(context).filter(|_| !runs_windows(context));
    let by_design = root_by_design(context).filter(|_| step_down.is_none());
    let message = match (step_down, &by_design) {
        (Some(tool), _) => crate::text!(
            format!("{shown} is the last USER of the final image, so the container starts as root; the image installs `{tool}`, which entrypoints use to switch to the service's own user before starting it: make sure the entrypoint does for every command it runs, so that root only runs the setup"),
            format!("{shown} が最終イメージの最後の USER のため、コンテナは root で起動します。イメージには `{tool}` が入っており、エントリポイントはこれでサービス専用のユーザーに切り替えてから起動するのが一般的です。root が準備だけに使われるよう、エントリポイントが実行するすべてのコマンドで切り替えていることを確かめてください"),
        ),
        (None, Some((supervisor, true))) => crate::text!(
            format!("{lead_en} the process supervisor `{supervisor}` runs as root; it starts each service as the user its configuration names: make sure every service has a non-root user there, or run the supervisor itself as non-root"),
            format!("{lead_ja}プロセススーパーバイザー `{supervisor}` は root で動きます。各サービスは設定で指定したユーザーで起動されるため、すべてのサービスに非rootユーザーを指定していることを確かめるか、スーパーバイザー自体を非rootで動かしてください"),
        ),
        (None, Some((server, false))) => crate::text!(
            format!("{lead_en} `{server}` starts as root; its master process uses root to bind ports and read its keys and runs the workers as an unprivileged user, but a flaw in the master is a root flaw: run it as non-root with a port above 1024 (an unprivileged variant of the image), or keep the workers' user set in its configuration"),
            format!("{lead_ja}`{server}` は root で起動します。マスタープロセスはポートのバインドや鍵の読み込みに root を使い、ワーカーは非特権ユーザーで動かしますが、マスターの欠陥は root の欠陥になります。1024 より大きいポートを使って非rootで動かす（イメージの unprivileged 版など）か、設定でワーカーのユーザーを指定したままにしてください"),
        ),
        (None, None) => message,
    };
    let diagnostic = out.report(word.span, message).with_fix(fix);
    if let Some(stage) = context.stage_of(*index) {
        diagnostic.in_stage(stage);
    }
    if step_down.is_some() || by_design.is_some() {
        diagnostic.rated(Severity::Medium);
    }
    if development_image(context) {
        out.cap(Severity::Low);
    }
}

const DOCS_EN: &str = r#"
# Final image runs as root because the last USER is root

## What it checks
The last `USER` of the final stage, following the stages it is built `FROM`, is root:
`root`, `0` (also written `000`, `+0` or `-0`, which the runtime reads as UID 0), with any
group (`root:root`, `0:1000`), or a variable whose value is one of them. When a non-root
`USER` came earlier, the message says so: this is the usual "switched to root to install
something and forgot to switch back" mistake. Only the final image is judged: builder
stages may run as root, since only their build output is copied on. When the image installs a
tool that entrypoints use to switch to the service's own user (`gosu`, `su-exec`, `setpriv`,
`s6-setuidgid`, `chpst`) and has an `ENTRYPOINT`, root is what that entrypoint needs to start:
the finding says so and is rated medium. So is a start of a server whose master process binds
the ports as root and runs its workers as an unprivileged user (`apache2-foreground`,
`php-fpm`, `nginx`), or of a process supervisor (`supervisord`), as PL101 rates them. As for
PL101, a last stage that only carries files out and a build environment (an image whose
command builds: `make`, `/usr/bin/build`) are not judged.

## Why it is risky
The container's main process runs as root. If it is compromised, the attacker controls the
whole container file system, keeps root's kernel capabilities and has much better chances
of breaking out to the host. A `USER root` left at the end also undoes an earlier, correct
switch to a non-root user.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN groupadd --gid 1001 appgroup && \
    useradd --uid 1001 --gid appgroup --shell /bin/sh appuser
USER appuser
COPY app /usr/local/bin/app
USER root
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
CMD ["app"]
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN groupadd --gid 1001 appgroup && \
    useradd --uid 1001 --gid appgroup --shell /bin/sh appuser
COPY app /usr/local/bin/app
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
USER 1001
CMD ["app"]
```

## Fix
Do the steps that need root first, then switch to the non-root user for good. When a
non-root `USER` appears earlier, the fix replaces the final `USER root` with it; review that
nothing after it still needs root. Otherwise create a user (see PL101) and end the stage
with `USER <uid>`. On a Windows image (`USER ContainerAdministrator`), the fix switches to
the built-in unprivileged account, `USER ContainerUser`.

## When it is acceptable
Images whose entrypoint starts as root only to drop privileges (`gosu`, `su-exec`,
`setpriv`), and tools that must run as root by design. Document it with a suppression
comment.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- CIS Docker Benchmark 4.1 (create a user for the container)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#;

const DOCS_JA: &str = r#"
# 最後の USER が root のため、最終イメージが root で動く

## チェック内容
最終ステージ（`FROM` 元のステージも含む）の最後の `USER` が root である場合に検出します。
`root`、`0`（ランタイムが UID 0 と解釈する `000`、`+0`、`-0` も含む）を、グループを問わず
（`root:root`、`0:1000` など）指定したもの、およびこれらの値を持つ変数が対象です。それ以前に非rootの
`USER` がある場合はメッセージでそのことを示します。「インストールのために root に切り替え、
戻し忘れた」というよくある間違いです。判定するのは最終イメージだけです。ビルド用ステージは
成果物がコピーされるだけなので、root で動いても構いません。エントリポイントがサービス専用の
ユーザーに切り替えるためのツール（`gosu`、`su-exec`、`setpriv`、`s6-setuidgid`、`chpst`）を
入れ、`ENTRYPOINT` を持つイメージでは、そのエントリポイントの起動に root が必要なため、
メッセージでそのことを示し、重大度を「中」とします。マスタープロセスが root でポートをバインドし、
ワーカーを非特権ユーザーで動かすサーバー（`apache2-foreground`、`php-fpm`、`nginx`）や、プロセス
スーパーバイザー（`supervisord`）を起動する場合も、PL101 と同じく「中」とします。PL101 と同じく、
ファイルを取り出すだけの最後のステージや、ビルド環境（`make` や `/usr/bin/build` のようにビルドを
コマンドにしたイメージ）は判定しません。

## なぜ危険か
コンテナのメインプロセスが root で動きます。乗っ取られると、攻撃者はコンテナのファイル
システム全体を支配し、root のカーネルケーパビリティも使えるため、ホストへ脱出できる可能性も
大きく高まります。最後に残った `USER root` は、それまでの正しい非rootユーザーへの切り替えも
無効にしてしまいます。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN groupadd --gid 1001 appgroup && \
    useradd --uid 1001 --gid appgroup --shell /bin/sh appuser
USER appuser
COPY app /usr/local/bin/app
USER root
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
CMD ["app"]
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
RUN groupadd --gid 1001 appgroup && \
    useradd --uid 1001 --gid appgroup --shell /bin/sh appuser
COPY app /usr/local/bin/app
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
USER 1001
CMD ["app"]
```

## 修正方法
root が必要な手順を先に済ませ、その後で非rootユーザーに切り替えたままにします。それ以前に
非rootの `USER` がある場合、自動修正は最後の `USER root` をそのユーザーに置き換えます。
その後の手順が root を必要としないか確認してください。非rootの `USER` がない場合は、
ユーザーを作成し（PL101 を参照）、ステージを `USER <uid>` で終えてください。Windows
イメージ（`USER ContainerAdministrator`）では、自動修正は組み込みの権限のないアカウント
`USER ContainerUser` に切り替えます。

## 許容される場合
エントリーポイントが root で起動してすぐに権限を落とすイメージ（`gosu`、`su-exec`、
`setpriv`）や、設計上 root が必要なツールです。抑制コメントで理由を残してください。

## 参考資料
- [Dockerfile リファレンス: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
- CIS Docker Benchmark 4.1（コンテナ用のユーザーを作成する）
- [CWE-250: 不要な特権での実行](https://cwe.mitre.org/data/definitions/250.html)
"#;
