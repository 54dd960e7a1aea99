use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{mode_effect, octal_text, path_list};

pub const RULE: Rule = Rule {
    code: "PL706",
    name: "setuid-setgid-bit",
    section: Section::Filesystem,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[alias(Tool::Dockle, "CIS-DI-0008")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for change in context.mode_changes() {
        let Some(effect) = mode_effect(&change.mode) else {
            continue;
        };
        let bits = match (effect.setuid, effect.setgid) {
            (true, true) => "setuid and setgid bits",
            (true, false) => "setuid bit",
            (false, true) => "setgid bit",
            (false, false) => continue,
        };
        // On directories the bits only pass the group on to new files.
        if change.directories || change.temporary || !context.reaches_final(change.instruction) {
            continue;
        }
        let bits_ja = match (effect.setuid, effect.setgid) {
            (true, true) => "setuid/setgid ビット",
            (true, false) => "setuid ビット",
            _ => "setgid ビット",
        };
        let (setter, mode) = (&change.setter, &change.mode);
        let paths = path_list(&change.paths);
        let message = crate::text!(
            format!("`{setter} {mode}` sets the {bits} on {paths}, so whoever runs it gets its owner's or group's rights, root's when root owns it; remove the bit"),
            format!("`{setter} {mode}` が {paths} に{bits_ja}を設定しています。実行した人は所有者やグループの権限を得るため、root 所有なら root の権限になります。ビットを外してください"),
        );
        let without = effect
            .octal
            .filter(|_| change.editable)
            .map(|bits| octal_text(bits & !0o6000, mode));
        let fix = match without {
            Some(without) => Fix::needs_review(
                crate::text!(
                    format!("Use mode `{without}`, without the {bits}; check that nothing relies on it."),
                    format!("{bits_ja}を外したモード `{without}` を使います。それに依存する処理がないか確認してください。"),
                ),
                vec![Edit::replace(change.span, without)],
            ),
            None => Fix::manual(crate::text!(
                "Remove `s` from the mode (`u-s`, `g-s`).",
                "モードから `s` を外してください（`u-s`、`g-s`）。",
            )),
        };
        let diagnostic = out.report(change.span, message).with_fix(fix);
        if let Some(stage) = change.stage {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# setuid or setgid bit set on files

## What it checks
A mode that adds the setuid or setgid bit, in a stage that reaches the final image:
`chmod u+s`, `chmod g+s`, `chmod +s`, octal modes such as `4755`, `2755` or `6755`, the same
with `install -m`, and `COPY --chmod=4755` / `ADD --chmod=4755`. Directories created with
`mkdir -m` or `install -d -m` are accepted: on a directory the setgid bit only makes new
files inherit its group. The finding points at the mode. Setuid programs shipped by the base image's packages (such as `su` or
`passwd`) are not visible in a Dockerfile; an image scanner such as dockle lists them.

## Why it is risky
A setuid program runs with the rights of its owner, usually root, whoever starts it; a
setgid program with those of its group. Any flaw in such a program, or any way to make it
run something else, gives a non-root process root rights inside the container. New setuid
files undo the protection of running as a non-root user.

## Example
```dockerfile
FROM debian:bookworm-slim
COPY tool /usr/local/bin/tool
RUN chmod 4755 /usr/local/bin/tool
USER 1001
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
COPY tool /usr/local/bin/tool
RUN chmod 755 /usr/local/bin/tool
USER 1001
```

## Fix
Remove the bit. If the program needs one privileged operation, grant that capability to
the container at run time instead, or do the privileged work during the build. For octal
modes the fix clears the bits (`4755` becomes `755`). Keep file modes minimal in general:

- `chmod 500 /app/entrypoint.sh`: executables get the minimum they need;
- `chmod 400 /app/config/*`: configuration is read-only;
- `chmod 700 /app/logs`: only the application user writes its logs.

## When it is acceptable
A setgid directory (`chmod g+s /srv/shared`), which only makes new files inherit the
directory's group and grants no rights, when the group is not privileged.

## References
- [chmod(1)](https://man7.org/linux/man-pages/man1/chmod.1.html)
- [dockle CIS-DI-0008: confirm safety of setuid/setgid files](https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#;

const DOCS_JA: &str = r#"
# ファイルに setuid/setgid ビットを設定している

## チェック内容
最終イメージに含まれるステージで、setuid または setgid ビットを付けるモードを検出します。
`chmod u+s`、`chmod g+s`、`chmod +s`、`4755`、`2755`、`6755` のような8進数のモード、
`install -m` での同じ指定、`COPY --chmod=4755` / `ADD --chmod=4755` が対象です。
`mkdir -m` や `install -d -m` で作るディレクトリは対象外です。ディレクトリの setgid ビットは、
新しいファイルにグループを引き継がせるだけだからです。指摘はモードの部分に付きます。ベースイメージのパッケージに含まれる setuid
プログラム（`su` や `passwd` など）は Dockerfile からは見えません。dockle などのイメージ
スキャナーで確認してください。

## なぜ危険か
setuid プログラムは、誰が起動しても所有者（通常は root）の権限で動きます。setgid プログラムは
そのグループの権限で動きます。そうしたプログラムに欠陥があったり、別のものを実行させる方法が
あったりすれば、非rootのプロセスがコンテナ内で root の権限を得ます。新しい setuid ファイルは、
非rootユーザーで動かすことによる保護を打ち消してしまいます。

## 問題のある例
```dockerfile
FROM debian:bookworm-slim
COPY tool /usr/local/bin/tool
RUN chmod 4755 /usr/local/bin/tool
USER 1001
```

## 代わりに
```dockerfile
FROM debian:bookworm-slim
COPY tool /usr/local/bin/tool
RUN chmod 755 /usr/local/bin/tool
USER 1001
```

## 修正方法
ビットを外します。プログラムに特権の必要な操作が一つだけあるなら、代わりにそのケーパビリティを
実行時にコンテナへ付与するか、特権の必要な処理をビルド中に済ませてください。8進数のモードの
場合、自動修正はビットを外します（`4755` は `755` になります）。ファイルのモードは全般に
最小限にしてください。

- `chmod 500 /app/entrypoint.sh`: 実行ファイルには必要最小限の権限
- `chmod 400 /app/config/*`: 設定ファイルは読み取り専用
- `chmod 700 /app/logs`: ログはアプリケーションのユーザーだけが書き込む

## 許容される場合
setgid ディレクトリ（`chmod g+s /srv/shared`）で、グループに特権がない場合です。新しい
ファイルがディレクトリのグループを引き継ぐだけで、権限は与えません。

## 参考資料
- [chmod(1)](https://man7.org/linux/man-pages/man1/chmod.1.html)
- [dockle CIS-DI-0008: setuid/setgid ファイルの安全性の確認](https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md)
- [CWE-250: 不要な特権での実行](https://cwe.mitre.org/data/definitions/250.html)
"#;
