use crate::fix::{Edit, Fix};
use crate::model::Stage;
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::syntax::{Args, Command, Keyword};

use super::{after_instruction, defaults_to_non_root, distro, line_start_of, Distro};

pub const RULE: Rule = Rule {
    code: "PL101",
    name: "missing-user",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Trivy, "DS-0002"),
        alias(Tool::Checkov, "CKV_DOCKER_3"),
        alias(Tool::Kics, "Missing User Instruction"),
        alias(Tool::Semgrep, "missing-user"),
        alias(Tool::Semgrep, "missing-user-entrypoint"),
        alias(Tool::Dockle, "CIS-DI-0001"),
        alias(Tool::Cis, "4.1"),
    ],
    docs_en: DOCS_EN,
    docs_ja: DOCS_JA,
    check,
};

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(stage) = context.model.final_stage() else {
        return;
    };
    if context.model.stage_end(stage.index).user.is_some() {
        return;
    }
    let ancestry = context.model.ancestry(stage.index);
    let root = &context.model.stages[*ancestry.last().unwrap_or(&stage.index)];
    if defaults_to_non_root(&root.base) || drops_privileges(context, stage) {
        return;
    }
    let base = &root.base_text;
    let escape = context.dockerfile.escape;
    let (message, lines) = match distro(&root.base) {
        Distro::Scratch => (
            Text::new(
                "the final stage is built `FROM scratch` and never sets USER, so the program runs as UID 0 (root); add `USER 65534:65534` (nobody)",
                "最終ステージは `FROM scratch` で USER を一度も設定していないため、プログラムは UID 0（root）で動きます。`USER 65534:65534`（nobody）を追加してください",
            ),
            "USER 65534:65534\n".to_string(),
        ),
        Distro::Distroless => (
            Text::new(
                format!("the final stage never sets USER and `{base}` runs as root; use its `:nonroot` variant or add `USER 65532:65532`"),
                format!("最終ステージは USER を一度も設定しておらず、`{base}` は root で動きます。`:nonroot` 版を使うか `USER 65532:65532` を追加してください"),
            ),
            "USER 65532:65532\n".to_string(),
        ),
        Distro::Windows => (
            Text::new(
                format!("the final stage never sets USER, so the container runs as the default user of `{base}`, the administrator account `ContainerAdministrator`; switch to `USER ContainerUser`"),
                format!("最終ステージは USER を一度も設定していないため、コンテナは `{base}` のデフォルトユーザーである管理者アカウント `ContainerAdministrator` で動きます。`USER ContainerUser` に切り替えてください"),
            ),
            "USER ContainerUser\n".to_string(),
        ),
        distro => (
            Text::new(
                format!("the final stage never sets USER, so the container runs as the default user of `{base}`, which is root for most images; create a non-root user and switch to it with `USER 1001`"),
                format!("最終ステージは USER を一度も設定していないため、コンテナは `{base}` のデフォルトユーザーで動きます。多くのイメージでは root です。非rootユーザーを作成し、`USER 1001` で切り替えてください"),
            ),
            match distro {
                Distro::Alpine => format!("RUN addgroup -g 1001 -S appgroup && {escape}\n    adduser -S appuser -u 1001 -G appgroup\nUSER 1001\n"),
                Distro::Debian => format!("RUN groupadd --gid 1001 appgroup && {escape}\n    useradd --uid 1001 --gid appgroup --shell /bin/sh appuser\nUSER 1001\n"),
                _ => "USER 1001\n".to_string(),
            },
        ),
    };
    let instructions = &context.dockerfile.instructions;
    let (at, text) = match stage.instructions.clone().find(|&index| {
        matches!(
            instructions[index].keyword,
            Keyword::Cmd | Keyword::Entrypoint
        )
    }) {
        Some(command) => (line_start_of(context, command), lines),
        None => {
            let last = stage.instructions.clone().last().unwrap_or(stage.from);
            let (at, newline) = after_instruction(context, last);
            (at, format!("{newline}{lines}"))
        }
    };
    let description = if distro(&root.base) == Distro::Unknown {
        Text::new(
            "Switch to UID 1001 before the container starts. The base image's distribution is unknown, so no user is created: a numeric UID works without an /etc/passwd entry, or create the user with the image's own tools. Files the program writes must belong to it (`COPY --chown=1001:1001`).",
            "コンテナ起動前に UID 1001 へ切り替えます。ベースイメージのディストリビューションが分からないため、ユーザーは作成しません。数値UIDは /etc/passwd に登録がなくても使えます。必要ならイメージのツールでユーザーを作成してください。プログラムが書き込むファイルはそのユーザーの所有にしてください（`COPY --chown=1001:1001`）。",
        )
    } else {
        Text::new(
            "Run as a non-root user before the container starts. Files the program writes must belong to it (`COPY --chown=1001:1001`).",
            "コンテナ起動前に非rootユーザーへ切り替えます。プログラムが書き込むファイルはそのユーザーの所有にしてください（`COPY --chown=1001:1001`）。",
        )
    };
    out.report(stage.base_span, message)
        .in_stage(stage.index)
        .with_fix(Fix::needs_review(description, vec![Edit::insert(at, text)]));
}

/// The program the container starts runs as another user anyway: the last
/// ENTRYPOINT (or, without one, CMD) of the stage is `gosu <user> <command>`
/// or `su-exec <user> <command>` with a user other than root.
fn drops_privileges(context: &Context, stage: &Stage) -> bool {
    let instructions = &context.dockerfile.instructions;
    let starts = |keyword: Keyword| {
        stage
            .instructions
            .clone()
            .rev()
            .find(|&index| instructions[index].keyword == keyword)
    };
    let Some(index) = starts(Keyword::Entrypoint).or_else(|| starts(Keyword::Cmd)) else {
        return false;
    };
    let words: Vec<&str> = match &instructions[index].args {
        Args::Command(Command::Exec(words)) => {
            words.iter().map(|word| word.text.as_str()).collect()
        }
        Args::Command(Command::Shell { text, .. }) => text.split_whitespace().collect(),
        _ => return false,
    };
    let [program, user, _command, ..] = words.as_slice() else {
        return false;
    };
    let program = program.rsplit('/').next().unwrap_or(program);
    matches!(program, "gosu" | "su-exec") && !user.is_empty() && !super::is_root(user)
}

const DOCS_EN: &str = r#"
# Final image runs as root because USER is never set

## What it checks
The final stage, together with the stages it is built `FROM`, has no `USER` instruction.
The container then runs as the base image's default user, which is root for most images
(`node`, `python`, `ubuntu`, `alpine`, `scratch`, plain distroless). Builder stages that
do not reach the final image are not judged. Images known to default to a non-root user
are accepted: tags or names containing `nonroot` (such as `gcr.io/distroless/static:nonroot`),
`unprivileged` or `rootless`, Chainguard images (`cgr.dev/chainguard/...`, except the
`-dev` variants) and Windows Nano Server. So is a final `ENTRYPOINT` (or `CMD`) that starts
the program through `gosu` or `su-exec` with a non-root user, since the program then runs as
that user. The finding sits on the final stage's `FROM` image.

## Why it is risky
A process running as root inside the container is root on the container's file system and
keeps many kernel capabilities. If the application is compromised, an attacker can change
any file of the image, install tools, and has far better odds of escaping the container;
any escape lands as root on the host unless user namespaces are in use. Running as an
unprivileged user follows the principle of least privilege and limits the damage.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
WORKDIR /app
COPY --chown=appuser:appgroup . .
USER 1001
CMD ["node", "server.js"]
```

## Fix
Create a user with a fixed UID and switch to it before `CMD`/`ENTRYPOINT`. The fix inserts
the commands for the base image's distribution: `addgroup`/`adduser` on Alpine,
`groupadd`/`useradd` on Debian and Ubuntu, then `USER 1001`. For distroless images it uses
`USER 65532:65532` (the `nonroot` user they ship), for `scratch` `USER 65534:65534`
(nobody), for Windows Server Core `USER ContainerUser`; for other images only `USER 1001`.
Give the user the files it must write (`COPY --chown=...`), and keep everything else owned
by root. Review the change: the program loses root rights, so ports below 1024 and
root-owned files stop working.

If the application then fails with "permission denied" when it writes a file, give the user
that directory rather than going back to root:

```sh
RUN mkdir -p /app/data && chown appuser:appgroup /app/data
```

## When it is acceptable
Images whose entrypoint drops privileges itself at start (with `gosu` or `su-exec`, as the
official database images do), and images that must run as root by design, such as some
system agents. Say so with a suppression comment above `FROM`.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- CIS Docker Benchmark 4.1 (create a user for the container)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#;

const DOCS_JA: &str = r#"
# USER が設定されず、最終イメージが root で動く

## チェック内容
最終ステージと、その `FROM` 元のステージのどこにも `USER` 命令がない場合に検出します。
この場合コンテナはベースイメージのデフォルトユーザーで動き、多くのイメージ（`node`、
`python`、`ubuntu`、`alpine`、`scratch`、通常の distroless）では root です。最終イメージに
含まれないビルド用ステージは判定しません。デフォルトで非rootユーザーを使うことが分かっている
イメージは対象外です。タグや名前に `nonroot`（`gcr.io/distroless/static:nonroot` など）、
`unprivileged`、`rootless` を含むもの、Chainguard のイメージ（`cgr.dev/chainguard/...`、
`-dev` 版を除く）、Windows Nano Server がこれに当たります。最終的な `ENTRYPOINT`（または
`CMD`）が `gosu` や `su-exec` で非rootユーザーに切り替えてプログラムを起動している場合も、
プログラムはそのユーザーで動くため対象外です。指摘は最終ステージの `FROM` のイメージに
付きます。

## なぜ危険か
コンテナ内で root として動くプロセスは、コンテナのファイルシステム上で何でもでき、多くの
カーネルケーパビリティも持ったままです。アプリケーションが乗っ取られると、攻撃者はイメージ内の
あらゆるファイルを書き換え、ツールを入れられ、コンテナ脱出の可能性も大きく高まります。
ユーザー名前空間を使っていなければ、脱出した先でもホストの root です。権限のないユーザーで
動かすことは最小権限の原則に沿い、被害の範囲を限定します。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## 代わりに
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
WORKDIR /app
COPY --chown=appuser:appgroup . .
USER 1001
CMD ["node", "server.js"]
```

## 修正方法
UID を固定したユーザーを作成し、`CMD`/`ENTRYPOINT` の前で切り替えます。自動修正はベース
イメージのディストリビューションに合わせたコマンドを挿入します。Alpine では `addgroup`/`adduser`、
Debian と Ubuntu では `groupadd`/`useradd` を使い、続けて `USER 1001` とします。distroless では
同梱の `nonroot` ユーザーである `USER 65532:65532`、`scratch` では `USER 65534:65534`
（nobody）、Windows Server Core では `USER ContainerUser`、それ以外のイメージでは
`USER 1001` だけを挿入します。書き込みが必要なファイルだけを
そのユーザーの所有にし（`COPY --chown=...`）、それ以外は root 所有のままにしてください。
プログラムが root 権限を失うため、1024 未満のポートや root 所有のファイルへの書き込みは
動かなくなります。変更内容を確認してください。

その後、アプリがファイル書き込みで「permission denied」になる場合は、root に戻すのではなく、
書き込み先のディレクトリをそのユーザーに与えます。

```sh
RUN mkdir -p /app/data && chown appuser:appgroup /app/data
```

## 許容される場合
エントリーポイントが起動時に自分で権限を落とすイメージ（公式のデータベースイメージのように
`gosu` や `su-exec` を使うもの）や、一部のシステムエージェントのように設計上 root が必要な
イメージです。`FROM` の上に抑制コメントを書いて理由を残してください。

## 参考資料
- [Dockerfile リファレンス: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
- CIS Docker Benchmark 4.1（コンテナ用のユーザーを作成する）
- [CWE-250: 不要な特権での実行](https://cwe.mitre.org/data/definitions/250.html)
"#;
