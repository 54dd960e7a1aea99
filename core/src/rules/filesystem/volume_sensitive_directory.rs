use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{final_volumes, is_within};

pub const RULE: Rule = Rule {
    code: "PL704",
    name: "volume-sensitive-directory",
    section: Section::Filesystem,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Dockle, "DKL-DI-0002")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Kernel interfaces that must never be shared through a volume.
const KERNEL_DIRECTORIES: &[&str] = &["/sys", "/dev", "/proc"];

fn check(context: &Context, out: &mut Diagnostics) {
    for (path, word) in final_volumes(context) {
        let Some(system) = KERNEL_DIRECTORIES
            .iter()
            .find(|system| is_within(&path, system))
        else {
            continue;
        };
        out.report(word.span, crate::text!(
            format!("`VOLUME {path}` declares a volume in `{system}`, a kernel interface: it invites mounting the host's `{system}` into the container, which exposes host devices or kernel settings; remove it"),
            format!("`VOLUME {path}` はカーネルのインターフェースである `{system}` にボリュームを宣言しています。ホストの `{system}` をコンテナにマウントすることを促し、ホストのデバイスやカーネル設定をさらしてしまいます。削除してください"),
        ))
        .with_fix(Fix::manual(crate::text!(
            "Remove the VOLUME. If the program needs data from the kernel, give it the narrowest read-only mount at run time, and document why.",
            "VOLUME を削除してください。プログラムがカーネルの情報を必要とする場合は、実行時に最小限の読み取り専用マウントを与え、理由を文書化してください。",
        )));
    }
}

const DOCS_EN: &str = r#"
# VOLUME on a kernel directory (/sys, /dev, /proc)

## What it checks
A `VOLUME` of the final image (the final stage or the stages it is built `FROM`) on `/sys`,
`/dev` or `/proc`, or a directory below them. Variables are expanded first.

## Why it is risky
These directories are the kernel's interfaces: devices, process information and kernel
settings. A volume there tells whoever runs the image to mount something at that place,
and the natural thing to mount is the host's own directory, which hands the container the
host's devices or lets it change kernel settings: close to running it privileged. Even
unmounted, an anonymous volume there hides the special file systems the container needs.

## Example
```dockerfile
FROM alpine:3.19
VOLUME /sys/fs/cgroup
USER 1001
```

## Use instead
```dockerfile
FROM alpine:3.19
VOLUME /var/lib/app
USER 1001
```

## Fix
Remove the `VOLUME`. Declare volumes only for application data. If a monitoring tool really
needs host information, let the operator add a narrow, read-only mount at run time.

## When it is acceptable
Node monitoring agents and similar system tools that are documented to need host
directories; the mount should still be given at run time, not declared in the image.

## References
- [Dockerfile reference: VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
- [dockle DKL-DI-0002: avoid sensitive directory mounting](https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md)
- CIS Docker Benchmark 5.5 (do not mount sensitive host system directories)
"#;

const DOCS_JA: &str = r#"
# カーネルのディレクトリ（/sys、/dev、/proc）への VOLUME

## チェック内容
最終イメージ（最終ステージと `FROM` 元のステージ）の `VOLUME` が `/sys`、`/dev`、`/proc`
またはその配下を指している場合に検出します。変数は先に展開します。

## なぜ危険か
これらのディレクトリは、デバイス、プロセス情報、カーネル設定といったカーネルの
インターフェースです。そこにボリュームがあると、イメージを実行する人にその場所へ何かを
マウントするよう示すことになり、自然に選ばれるのはホスト自身のディレクトリです。すると
コンテナはホストのデバイスを得たり、カーネル設定を変えられたりし、特権コンテナに近い状態に
なります。マウントしなくても、そこに作られる匿名ボリュームはコンテナに必要な特殊ファイル
システムを隠してしまいます。

## 問題のある例
```dockerfile
FROM alpine:3.19
VOLUME /sys/fs/cgroup
USER 1001
```

## 代わりに
```dockerfile
FROM alpine:3.19
VOLUME /var/lib/app
USER 1001
```

## 修正方法
`VOLUME` を削除します。ボリュームはアプリケーションのデータにだけ宣言してください。監視
ツールが本当にホストの情報を必要とする場合は、運用者が実行時に範囲を絞った読み取り専用の
マウントを追加するようにしてください。

## 許容される場合
ホストのディレクトリが必要だと文書化されているノード監視エージェントなどのシステムツール
です。その場合もマウントはイメージで宣言せず、実行時に与えてください。

## 参考資料
- [Dockerfile リファレンス: VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
- [dockle DKL-DI-0002: 機密ディレクトリのマウントを避ける](https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md)
- CIS Docker Benchmark 5.5（ホストの重要なシステムディレクトリをマウントしない）
"#;
