use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::span::{to_u32, Span};
use crate::syntax::Keyword;

pub const RULE: Rule = Rule {
    code: "PL109",
    name: "insecure-build-step",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[alias(Tool::Semgrep, "run-security-insecure")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for instruction in &context.dockerfile.instructions {
        let run = instruction.effective();
        if run.keyword != Keyword::Run {
            continue;
        }
        for flag in run.flags_named("security") {
            if flag.value.as_deref() != Some("insecure") {
                continue;
            }
            let trigger = if instruction.keyword == Keyword::Onbuild {
                (" (an ONBUILD trigger, run by every build FROM this image)", "（ONBUILD のトリガーで、このイメージを FROM するすべてのビルドで実行されます）")
            } else {
                ("", "")
            };
            let diagnostic = out
                .report(
                    flag.span,
                    crate::text!(
                        format!("`RUN --security=insecure` runs this step{} outside the build sandbox, with every capability and the host's devices as in a privileged container, so anything it runs can take over the build host; remove the flag unless the step truly needs it", trigger.0),
                        format!("`RUN --security=insecure` はこのステップ{}をビルドのサンドボックスの外で、特権コンテナと同じくすべてのケーパビリティとホストのデバイス付きで実行するため、そこで動くものがビルドホストを乗っ取れます。本当に必要なステップでなければフラグを外してください", trigger.1),
                    ),
                );
            if let Some(edit) = removal(context.source, flag.span, context.dockerfile.escape) {
                diagnostic.with_fix(Fix::needs_review(
                    crate::text!(
                        "Remove `--security=insecure`; the step then runs in the sandbox and fails if it needs the extra privileges.",
                        "`--security=insecure` を削除します。ステップはサンドボックス内で実行され、追加の権限が必要な場合は失敗します。",
                    ),
                    vec![edit],
                ));
            }
        }
    }
}

/// Removes the flag and the blanks after it, when the source shows the flag
/// in one piece; a flag alone on a continued line goes with its line.
fn removal(source: &str, span: Span, escape: char) -> Option<Edit> {
    if source.get(span.range())? != "--security=insecure" {
        return None;
    }
    let (before, after) = (&source[..span.start as usize], &source[span.end as usize..]);
    let rest = after.trim_start_matches([' ', '\t']);
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let alone = before[line_start..].trim_matches([' ', '\t']).is_empty();
    let continued = rest
        .strip_prefix(escape)
        .and_then(|rest| rest.strip_prefix('\r').or(Some(rest)))
        .and_then(|rest| rest.strip_prefix('\n'));
    if let (true, Some(next_line)) = (alone && line_start > 0, continued) {
        let end = source.len() - next_line.len();
        return Some(Edit::replace(
            Span::new(to_u32(line_start), to_u32(end)),
            "",
        ));
    }
    Some(Edit::replace(
        Span::new(span.start, to_u32(source.len() - rest.len())),
        "",
    ))
}

const DOCS_EN: &str = r#"
# RUN step without the build sandbox (--security=insecure)

## What it checks
A `RUN --security=insecure` instruction, also inside `ONBUILD`. `--security=sandbox`, the
default, is accepted.

## Why it is risky
BuildKit normally runs each `RUN` step in a sandbox with a reduced set of capabilities.
`--security=insecure` turns the sandbox off: the step runs like `docker run --privileged`,
with every capability and access to the host's devices. Whatever the step executes, such
as an install script or a package from a compromised mirror, can then escape to the build
host, read other builds' secrets and caches, and tamper with every image that host builds.
The build only runs it when the builder allows the `security.insecure` entitlement, so the
flag also pushes teams to loosen the builder for every Dockerfile it serves.

## Example
```dockerfile
FROM alpine:3.20
RUN --security=insecure mount -t tmpfs none /mnt && ./build.sh
USER 1001
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN --mount=type=tmpfs,target=/mnt ./build.sh
USER 1001
```

## Fix
Remove the flag and do the privileged part another way: a `RUN --mount` of type `tmpfs`,
`cache` or `bind` instead of calling `mount`, a build stage that prepares the files, or a
separate, trusted build for the rare step that really needs privileges. The fix removes
`--security=insecure`; it needs review because the step fails if it relied on the extra
privileges.

## When it is acceptable
In a build that really needs elevated privileges (building images or file systems inside
the build, some emulators) and runs on a dedicated builder that is allowed the
`security.insecure` entitlement and builds nothing else.

## References
- [Dockerfile reference: RUN --security](https://docs.docker.com/reference/dockerfile/#run---security)
- [docker buildx build --allow](https://docs.docker.com/reference/cli/docker/buildx/build/#allow)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#;

const DOCS_JA: &str = r#"
# ビルドのサンドボックスを外した RUN ステップ（--security=insecure）

## チェック内容
`RUN --security=insecure` を検出します（`ONBUILD` 内も対象です）。既定値の
`--security=sandbox` は対象外です。

## なぜ危険か
BuildKit は通常、各 `RUN` ステップをケーパビリティを絞ったサンドボックスで実行します。
`--security=insecure` はこのサンドボックスを外し、ステップを `docker run --privileged` と
同じく、すべてのケーパビリティとホストのデバイスへのアクセス付きで実行します。そのステップで
動くもの（インストールスクリプトや、改ざんされたミラーのパッケージなど）はビルドホストに抜け出し、
他のビルドのシークレットやキャッシュを読み、そのホストがビルドするすべてのイメージを改ざんできます。
ビルダーが `security.insecure` エンタイトルメントを許可しているときにしか実行されないため、
このフラグがあるとビルダー全体の設定を緩めることにもつながります。

## 問題のある例
```dockerfile
FROM alpine:3.20
RUN --security=insecure mount -t tmpfs none /mnt && ./build.sh
USER 1001
```

## 代わりに
```dockerfile
FROM alpine:3.20
RUN --mount=type=tmpfs,target=/mnt ./build.sh
USER 1001
```

## 修正方法
フラグを外し、特権が必要な部分を別の方法で行います。`mount` を呼ぶ代わりに `tmpfs`・`cache`・
`bind` タイプの `RUN --mount` を使う、ファイルを準備するビルドステージを設ける、本当に特権が
必要なまれなステップは信頼できる別のビルドに分ける、といった方法です。自動修正は
`--security=insecure` を削除します。ステップが追加の権限に頼っていた場合は失敗するため、
確認が必要です。

## 許容される場合
ビルド中にイメージやファイルシステムを作る、一部のエミュレーターを使うなど、本当に高い権限が
必要なビルドで、`security.insecure` を許可した専用のビルダーがほかのものをビルドしない場合です。

## 参考資料
- [Dockerfile リファレンス: RUN --security](https://docs.docker.com/reference/dockerfile/#run---security)
- [docker buildx build --allow](https://docs.docker.com/reference/cli/docker/buildx/build/#allow)
- [CWE-250: 不要な権限での実行](https://cwe.mitre.org/data/definitions/250.html)
"#;
