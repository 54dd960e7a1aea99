use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, Tool as Command};

use super::{exact_span, run_commands};

pub const RULE: Rule = Rule {
    code: "PL108",
    name: "useradd-without-no-log-init",
    section: Section::User,
    severity: Severity::Low,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Hadolint, "DL3046")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (script, _, command) in run_commands(context) {
        let Some(useradd) = classify(command).filter(|r| r.tool == Command::Useradd) else {
            continue;
        };
        let Some(uid) = useradd.flag_value(&['u'], &["--uid"]) else {
            continue;
        };
        let long = uid.len() > 5 && uid.chars().all(|c| c.is_ascii_digit());
        if !long || useradd.has_flag(&['l'], &["--no-log-init"]) {
            continue;
        }
        let program = &command.words[useradd.program];
        let span = context.script_span(script, program.range.clone());
        let message = crate::text!(
            format!("`useradd` with the long UID {uid} and without `-l` (`--no-log-init`) reserves a lastlog/faillog entry for every UID up to it, which can add gigabytes of sparse file to the layer; add `-l`"),
            format!("長いUID {uid} を `-l`（`--no-log-init`）なしで `useradd` すると、そのUIDまでのすべての lastlog/faillog エントリが確保され、レイヤーが数GBのスパースファイルで膨らむことがあります。`-l` を付けてください"),
        );
        let description = crate::text!(
            "Add `-l` so useradd does not write the login records.",
            "`-l` を付けて、useradd がログイン記録を書き込まないようにします。",
        );
        let fix = match exact_span(context, script, program.range.clone()) {
            Some(name) => Fix::safe(description, vec![Edit::insert(name.end, " -l")]),
            None => Fix::manual(description),
        };
        out.report(span, message).with_fix(fix);
    }
}

const DOCS_EN: &str = r#"
# `useradd` with a long UID and without `--no-log-init`

## What it checks
`useradd -u <uid>` (or `--uid`) with a UID of more than five digits, without `-l` or
`--no-log-init`, anywhere in the Dockerfile (this follows hadolint's DL3046).

## Why it is risky
`useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files indexed by
UID. For a large UID they become huge sparse files; the image layer stores them expanded, so
a single `useradd -u 123456789` can add gigabytes to the image and exhaust disk space where
images are built or pulled. That makes builds slow and fragile, and large images are slower
to scan and patch.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN useradd -u 1000000 appuser
USER 1001
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN useradd -l -u 1000000 appuser
USER 1001
```

## Fix
Add `-l` (`--no-log-init`). The fix inserts it after `useradd`; it changes nothing but the
login records, which containers do not use.

## When it is acceptable
Never needed: containers do not use lastlog or faillog.

## References
- [useradd(8): --no-log-init](https://man7.org/linux/man-pages/man8/useradd.8.html)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
"#;

const DOCS_JA: &str = r#"
# 長いUIDで `--no-log-init` なしの `useradd`

## チェック内容
`useradd -u <uid>`（または `--uid`）で6桁以上のUIDを指定し、`-l` も `--no-log-init` も
付けていない箇所を、Dockerfile 全体から検出します（hadolint の DL3046 に合わせています）。

## なぜ危険か
`useradd` は新しいユーザーを、UIDを添字とするファイル `/var/log/lastlog` と
`/var/log/faillog` に記録します。UIDが大きいとこれらは巨大なスパースファイルになり、
イメージのレイヤーには展開された状態で保存されます。`useradd -u 123456789` 一つでイメージが
数GB増え、ビルドやプルをする環境のディスクを使い切ることがあります。ビルドが遅く壊れやすく
なり、大きなイメージはスキャンや更新にも時間がかかります。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
RUN useradd -u 1000000 appuser
USER 1001
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
RUN useradd -l -u 1000000 appuser
USER 1001
```

## 修正方法
`-l`（`--no-log-init`）を付けます。自動修正は `useradd` の後に挿入します。変わるのは
コンテナでは使われないログイン記録だけです。

## 許容される場合
ありません。コンテナは lastlog や faillog を使いません。

## 参考資料
- [useradd(8): --no-log-init](https://man7.org/linux/man-pages/man8/useradd.8.html)
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
"#;
