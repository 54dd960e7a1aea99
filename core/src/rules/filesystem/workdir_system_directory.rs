use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::user::{expand_known, windows_stage};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{is_within, normalize, workdirs};

pub const RULE: Rule = Rule {
    code: "PL703",
    name: "workdir-system-directory",
    section: Section::Filesystem,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Trivy, "DS-0030")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Kernel and boot file systems an application has no business working in.
const SYSTEM_DIRECTORIES: &[&str] = &["/proc", "/boot", "/dev", "/initrd", "/lost+found", "/sys"];

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, word) in workdirs(context) {
        // On a Windows image `/dev` is `C:\dev`, a folder like any other.
        if windows_stage(context, index) {
            continue;
        }
        let Some(path) = expand_known(context, index, &word.text) else {
            continue;
        };
        let resolved = if path.starts_with('/') {
            normalize(&path)
        } else {
            match &context.model.effective[index].workdir {
                Some(base) if base.starts_with('/') => normalize(&format!("{base}/{path}")),
                _ => continue,
            }
        };
        let Some(system) = SYSTEM_DIRECTORIES
            .iter()
            .find(|system| is_within(&resolved, system))
        else {
            continue;
        };
        out.report(word.span, crate::text!(
            format!("`WORKDIR {}` works in `{resolved}`, inside the system directory `{system}`, where files are managed by the kernel or the boot process; use an application directory such as `/app`", word.text),
            format!("`WORKDIR {}` はシステムディレクトリ `{system}` 内の `{resolved}` で作業します。そこはカーネルや起動処理が管理する場所です。`/app` のようなアプリケーション用ディレクトリを使ってください", word.text),
        ))
        .with_fix(Fix::manual(crate::text!(
            "Pick an application directory (`/app`, `/srv/<name>`) and update the paths that rely on the old one.",
            "アプリケーション用のディレクトリ（`/app`、`/srv/<name>`）を選び、元のディレクトリを前提にしたパスを更新してください。",
        )));
    }
}

const DOCS_EN: &str = r#"
# WORKDIR in a system directory

## What it checks
A `WORKDIR` that resolves to `/proc`, `/boot`, `/dev`, `/initrd`, `/lost+found` or `/sys`, or
a directory below them. Relative paths are resolved against the earlier `WORKDIR`. Stages
built on a Windows image are skipped: there `/dev` is the ordinary folder `C:\dev`.

## Why it is risky
These directories belong to the kernel and the boot process: `/proc`, `/sys` and `/dev` are
replaced by special file systems when the container starts, so files written there during
the build disappear or clash with kernel interfaces, and commands that write relative paths
may poke at device or kernel settings. A working directory there is almost always a
mistake, and one that interacts with the most sensitive parts of the system.

## Example
```dockerfile
FROM alpine:3.19
WORKDIR /proc/app
USER 1001
```

## Use instead
```dockerfile
FROM alpine:3.19
WORKDIR /app
USER 1001
```

## Fix
Use an application directory such as `/app` or `/srv/<name>`, and update the paths that
relied on the old working directory.

## When it is acceptable
Practically never. Tools that inspect `/proc` or `/sys` can read them by absolute path
without working there.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Filesystem Hierarchy Standard](https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html)
"#;

const DOCS_JA: &str = r#"
# WORKDIR がシステムディレクトリ内にある

## チェック内容
`WORKDIR` が `/proc`、`/boot`、`/dev`、`/initrd`、`/lost+found`、`/sys` またはその配下を
指している箇所を検出します。相対パスはそれ以前の `WORKDIR` を基準に解決します。Windows
イメージの上のステージは対象外です。そこでは `/dev` はただのフォルダー `C:\dev` です。

## なぜ危険か
これらのディレクトリはカーネルと起動処理のものです。`/proc`、`/sys`、`/dev` はコンテナ起動時に
特殊なファイルシステムで置き換えられるため、ビルド中に書いたファイルは消えるか、カーネルの
インターフェースと衝突します。相対パスに書き込むコマンドが、デバイスやカーネルの設定に触れて
しまうこともあります。そこを作業ディレクトリにするのはほぼ確実に間違いで、しかもシステムの
最も重要な部分に関わる間違いです。

## 問題のある例
```dockerfile
FROM alpine:3.19
WORKDIR /proc/app
USER 1001
```

## 代わりに
```dockerfile
FROM alpine:3.19
WORKDIR /app
USER 1001
```

## 修正方法
`/app` や `/srv/<name>` のようなアプリケーション用のディレクトリを使い、元の作業ディレクトリを
前提にしたパスを更新してください。

## 許容される場合
ほぼありません。`/proc` や `/sys` を調べるツールも、そこで作業せずに絶対パスで読めます。

## 参考資料
- [Dockerfile リファレンス: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Filesystem Hierarchy Standard](https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html)
"#;
