use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::Tool as Command;

use super::{final_users, in_final_chain, is_root, run_commands, runs_windows};

pub const RULE: Rule = Rule {
    code: "PL105",
    name: "user-not-numeric",
    section: Section::User,
    severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    aliases: &[alias(Tool::Hadolint, "DL3066")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let users = final_users(context);
    let Some((index, word, _)) = users.last() else {
        return;
    };
    if word.text.contains('$') || is_root(&word.text) || runs_windows(context) {
        return;
    }
    let mut parts = word.text.splitn(2, ':');
    let user = parts.next().unwrap_or_default();
    let group = parts.next();
    let is_name = |part: &str| !part.chars().all(|c| c.is_ascii_digit());
    if !is_name(user) {
        return;
    }
    let uid = created_id(context, user, &[Command::Useradd, Command::Adduser]);
    let gid = match group {
        Some(group) if is_name(group) => {
            created_id(context, group, &[Command::Groupadd, Command::Addgroup])
        }
        Some(group) => Some(group.to_string()),
        None => Some(String::new()),
    };
    let example = match &uid {
        Some(uid) => format!("`USER {uid}`"),
        None => "its numeric UID (`USER <uid>`)".to_string(),
    };
    let example_ja = match &uid {
        Some(uid) => format!("`USER {uid}`"),
        None => "数値UID（`USER <uid>`）".to_string(),
    };
    let message = crate::text!(
        format!("`USER {}` names the user instead of giving its UID, so Kubernetes `runAsNonRoot` cannot verify that it is not root; use {example}", word.text),
        format!("`USER {}` はUIDではなくユーザー名を指定しているため、Kubernetes の `runAsNonRoot` が root でないことを確認できません。{example_ja} を使ってください", word.text),
    );
    let fix = match (uid, gid) {
        (Some(uid), Some(gid)) => {
            let numeric = if gid.is_empty() {
                uid
            } else {
                format!("{uid}:{gid}")
            };
            Fix::needs_review(
                crate::text!(
                    format!("Use the IDs the Dockerfile gives the user: `USER {numeric}`."),
                    format!("Dockerfile でユーザーに割り当てたIDを使います: `USER {numeric}`。"),
                ),
                vec![Edit::replace(word.span, numeric)],
            )
        }
        _ => Fix::manual(crate::text!(
            "Create the user with a fixed UID (`useradd --uid 1001`, `adduser -u 1001`) and write that number in USER.",
            "ユーザーを固定UIDで作成し（`useradd --uid 1001`、`adduser -u 1001`）、その番号を USER に書いてください。",
        )),
    };
    let diagnostic = out.report(word.span, message).with_fix(fix);
    if let Some(stage) = context.stage_of(*index) {
        diagnostic.in_stage(stage);
    }
}

/// The numeric ID the final image's chain gives `name` when it creates it
/// (`useradd -u 1001 app`, `adduser -S app -u 1001`, `groupadd -g 1001 grp`).
fn created_id(context: &Context, name: &str, tools: &[Command]) -> Option<String> {
    run_commands(context)
        .filter(|(script, _, _)| {
            !script.is_trigger() && in_final_chain(context, script.instruction)
        })
        .filter_map(|(_, _, command)| crate::shell::classify(command))
        .filter(|recognized| tools.contains(&recognized.tool))
        .filter(|recognized| {
            recognized
                .operands
                .iter()
                .any(|operand| operand.value == name)
        })
        .filter_map(|recognized| {
            let id = match recognized.tool {
                Command::Groupadd | Command::Addgroup => recognized.flag_value(&['g'], &["--gid"]),
                _ => recognized.flag_value(&['u'], &["--uid"]),
            }?;
            id.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| id.to_string())
        })
        .last()
}

const DOCS_EN: &str = r#"
# USER names the user instead of a numeric UID

## What it checks
The final image's effective `USER` (the last one in the final stage or the stages it is
built `FROM`) is a name such as `appuser` or `appuser:appgroup` rather than a numeric UID
(`1001` or `1001:1001`). Values that come from variables are skipped; `root` is left to
PL102. Windows images, which have no numeric UIDs, are skipped.

## Why it is risky
The name is only resolved inside the container, from its `/etc/passwd`. Kubernetes'
`runAsNonRoot: true` cannot check a name and refuses to start such a container unless
`runAsUser` is also set, and policy tools cannot see which UID the image really uses. A
numeric UID states the fact directly and does not depend on the contents of the image.

## Example
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
USER appuser
```

## Use instead
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
USER 1001
```

## Fix
Write the UID (and GID) the user was created with. When the Dockerfile creates the user
with an explicit ID (`useradd --uid`, `adduser -u`, `groupadd --gid`, `addgroup -g`), the
fix writes those numbers.

## When it is acceptable
Images that never run under Kubernetes pod security checks, or where the orchestrator sets
`runAsUser` explicitly.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Kubernetes: security context, runAsNonRoot](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- CIS Docker Benchmark 4.1 (create a user for the container)
"#;

const DOCS_JA: &str = r#"
# USER が数値UIDではなくユーザー名で指定されている

## チェック内容
最終イメージで有効な `USER`（最終ステージと `FROM` 元のステージの最後の USER）が、数値UID
（`1001` や `1001:1001`）ではなく `appuser` や `appuser:appgroup` のような名前である場合に
検出します。変数から来る値は対象外で、`root` は PL102 が扱います。数値UIDのない Windows イメージも対象外です。

## なぜ危険か
名前はコンテナ内の `/etc/passwd` で初めて解決されます。Kubernetes の `runAsNonRoot: true`
は名前を検証できないため、`runAsUser` も指定しない限りそのコンテナの起動を拒否します。
ポリシーツールからも、イメージが実際にどのUIDを使うのか分かりません。数値UIDなら事実を
直接示し、イメージの中身にも依存しません。

## 問題のある例
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
USER appuser
```

## 代わりに
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
USER 1001
```

## 修正方法
ユーザーを作成したときのUID（とGID）を書きます。Dockerfile がIDを明示してユーザーを作成して
いる場合（`useradd --uid`、`adduser -u`、`groupadd --gid`、`addgroup -g`）、自動修正はその
番号を書き込みます。

## 許容される場合
Kubernetes の Pod セキュリティチェックの下で動かさないイメージや、オーケストレーターが
`runAsUser` を明示的に設定する場合です。

## 参考資料
- [Dockerfile リファレンス: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Kubernetes: セキュリティコンテキスト（runAsNonRoot）](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
- CIS Docker Benchmark 4.1（コンテナ用のユーザーを作成する）
"#;
