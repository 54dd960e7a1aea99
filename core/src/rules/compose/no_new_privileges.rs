use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{add_item, edit_or_advice, insert_keys, label, security_option, services, text_items};

pub const RULE: Rule = Rule {
    code: "PLC105",
    name: "compose-no-new-privileges-missing",
    section: Section::User,
    severity: Severity::Low,
    fix: FixAvailability::Sometimes,
    aliases: &[
        alias(Tool::Kics, "No New Privileges Not Set"),
        alias(Tool::Kics, "Security Opt Not Set"),
        alias(Tool::Semgrep, "no-new-privileges"),
        alias(Tool::Cis, "5.25"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

const OPTION: &str = "no-new-privileges:true";

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let security_opt = service.service.entry("security_opt");
        let items = text_items(security_opt.map(|(_, list)| list));
        let setting = items.iter().find_map(|(item, text)| {
            let (name, value) = security_option(text);
            (name == "no-new-privileges").then_some((*item, value))
        });
        let name = label(service);
        let description = crate::text!(
            "Add `no-new-privileges:true` to `security_opt:`; a program that must gain privileges through a setuid binary (`sudo`, `su`) then fails, which is the point.",
            "`security_opt:` に `no-new-privileges:true` を追加します。setuid バイナリ（`sudo`、`su`）で権限を得るプログラムは失敗するようになりますが、それが狙いです。",
        );
        match setting {
            Some((_, None)) => continue,
            Some((_, Some(value))) if value.trim().eq_ignore_ascii_case("true") => continue,
            Some((item, Some(value))) => {
                out.report(
                    item.span(),
                    crate::text!(
                        format!("service {name} turns `no-new-privileges` off (`{value}`): setuid programs in the image can make any process root again; set `no-new-privileges:true`"),
                        format!("サービス {name} は `no-new-privileges` を無効にしています（`{value}`）。イメージ内の setuid プログラムでどのプロセスも root に戻れます。`no-new-privileges:true` にしてください"),
                    ),
                )
                .about(service.name)
                .with_fix(Fix::needs_review(
                    description,
                    vec![Edit::replace(item.span(), OPTION)],
                ));
            }
            None => {
                let span = security_opt.map_or(service.key.span(), |(key, _)| key.span());
                let diagnostic = out
                    .report(
                        span,
                        crate::text!(
                            format!("service {name} lets its processes gain privileges through setuid programs; add `no-new-privileges:true` to `security_opt`"),
                            format!("サービス {name} のプロセスは setuid プログラムで権限を得られます。`security_opt` に `no-new-privileges:true` を追加してください"),
                        ),
                    )
                    .about(service.name);
                let quoted = format!("\"{OPTION}\"");
                let edit = match security_opt {
                    Some((_, list)) => add_item(context.source, service, list, &quoted),
                    None => insert_keys(
                        context.source,
                        service,
                        &["security_opt:", &format!("  - {quoted}")],
                    ),
                };
                diagnostic.with_fix(edit_or_advice(description, edit, Fix::safe));
            }
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service without no-new-privileges

## What it checks
A Compose service whose `security_opt:` does not hold `no-new-privileges:true` (or
`no-new-privileges` alone, or `no-new-privileges=true`). A service that sets it to
`false` is reported on that item.

## Why it is risky
Without the flag, a process in the container can become root again by running a setuid
or setgid program, or one with file capabilities: `su`, `sudo`, `passwd`, `mount`, `ping`
in older images, or a binary the attacker finds left with the wrong bits. A service that
runs as a non-root user is only as non-root as the most careless setuid file of its image.
`no-new-privileges` makes the kernel ignore those bits for every process of the container.

## Example
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    security_opt:
      - apparmor:docker-default
```

## Use instead
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    security_opt:
      - "no-new-privileges:true"
      - apparmor:docker-default
```

## Fix
Add `no-new-privileges:true` to the service's `security_opt:`. The fix inserts it, into
the existing list when there is one, so no other option is lost (a new `security_opt:`
key would replace a list inherited through a merge key, so such services get advice
instead). An entrypoint that starts as root and switches to another user with `gosu`,
`su-exec` or `setpriv` keeps working; only gaining privileges through setuid bits stops.

## When it is acceptable
Services that deliberately use `sudo` or another setuid helper at run time; prefer
removing that need.

## References
- [Compose file reference: security_opt](https://docs.docker.com/reference/compose-file/services/#security_opt)
- [Linux kernel: no_new_privs](https://docs.kernel.org/userspace-api/no_new_privs.html)
- CIS Docker Benchmark 5.25 (restrict the container from acquiring additional privileges)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスに no-new-privileges がない

## チェック内容
`security_opt:` に `no-new-privileges:true`（`no-new-privileges` だけ、`no-new-privileges=true`
も含む）がない Compose サービスを検出します。`false` にしているサービスはその項目で検出します。

## なぜ危険か
このフラグがないと、コンテナ内のプロセスは setuid・setgid やファイル capability の付いた
プログラムを実行して root に戻れます。`su`、`sudo`、`passwd`、`mount`、古いイメージの `ping`、
攻撃者が見つけた誤ったビットの残るバイナリなどです。非rootユーザーで動くサービスも、
イメージ内で最も不用意な setuid ファイルの分だけしか非rootではありません。`no-new-privileges` は、
コンテナのすべてのプロセスについてカーネルにこれらのビットを無視させます。

## 問題のある例
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    security_opt:
      - apparmor:docker-default
```

## 代わりに
```yaml file=compose.yaml
services:
  api:
    image: example/api:3.0
    security_opt:
      - "no-new-privileges:true"
      - apparmor:docker-default
```

## 修正方法
サービスの `security_opt:` に `no-new-privileges:true` を追加します。修正はこれを挿入し、既存の
リストがあればそこに加えるので、ほかのオプションは失われません（マージキーで受け継いだリストは
新しい `security_opt:` キーで置き換わってしまうため、そのようなサービスには助言だけを示します）。
root で起動して `gosu`、`su-exec`、`setpriv` でほかのユーザーに切り替えるエントリーポイントは
そのまま動きます。止まるのは setuid ビットで権限を得ることだけです。

## 許容される場合
実行時に意図して `sudo` などの setuid ヘルパーを使うサービスです。その必要をなくす方が
望ましいです。

## 参考資料
- [Compose ファイルリファレンス: security_opt](https://docs.docker.com/reference/compose-file/services/#security_opt)
- [Linux カーネル: no_new_privs](https://docs.kernel.org/userspace-api/no_new_privs.html)
- CIS Docker Benchmark 5.25（コンテナが追加の権限を得られないようにする）
"#;
