use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};

use super::{mode_effect, octal_text, path_list};

pub const RULE: Rule = Rule {
    code: "PL701",
    name: "world-writable-permissions",
    section: Section::Filesystem,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for change in context.mode_changes() {
        let Some(effect) = mode_effect(&change.mode) else {
            continue;
        };
        if !effect.world_writable || change.temporary || !context.reaches_final(change.instruction)
        {
            continue;
        }
        let (setter, mode) = (&change.setter, &change.mode);
        let paths = path_list(&change.paths);
        let safer = effect.octal.map(|bits| octal_text(bits & !0o022, mode));
        let advice = match &safer {
            Some(safer) => (
                format!("use `{safer}` so only the owner can write"),
                format!("所有者だけが書き込めるよう `{safer}` を使ってください"),
            ),
            None => (
                "remove write access for others (`o-w`)".to_string(),
                "その他のユーザーの書き込み権限を外してください（`o-w`）".to_string(),
            ),
        };
        let message = crate::text!(
            format!("`{setter} {mode}` gives every user of the container write access to {paths}, so any process can modify or replace the files; {}", advice.0),
            format!("`{setter} {mode}` により、コンテナ内のすべてのユーザーが {paths} に書き込めるようになり、どのプロセスでもファイルを変更したり置き換えたりできます。{}", advice.1),
        );
        let fix = match safer.filter(|_| change.editable) {
            Some(safer) => Fix::needs_review(
                crate::text!(
                    format!("Use mode `{safer}`: no write access for group and others. Give the user that must write the ownership instead (`chown`)."),
                    format!("モード `{safer}` を使います。グループとその他のユーザーには書き込み権限を与えません。書き込みが必要なユーザーには所有権を与えてください（`chown`）。"),
                ),
                vec![Edit::replace(change.span, safer)],
            ),
            None => Fix::manual(crate::text!(
                "Drop the write permission for others, and give the user that must write the ownership instead (`chown`).",
                "その他のユーザーの書き込み権限を外し、書き込みが必要なユーザーには所有権を与えてください（`chown`）。",
            )),
        };
        let diagnostic = out.report(change.span, message).with_fix(fix);
        if let Some(stage) = change.stage {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# World-writable file permissions

## What it checks
A mode that gives write permission to "others": `chmod 777`, `chmod -R 666`, `chmod o+w`,
`chmod a+rwx`, `mkdir -m 777`, `install -m 666`, and `COPY --chmod=777` / `ADD --chmod=777`
in stages that reach the final image; in short, any mode whose last octal digit has the write bit (2). Modes with the sticky bit,
such as `1777` for a shared `/tmp`, are accepted, and so are temporary directories that the
same `RUN` deletes later and paths on the file systems every container gets mounted afresh
(`/dev/shm`, `/proc`, `/sys`), which the layer does not keep. `chmod +w` without a "who" is not reported:
it follows the build's umask (022) and only adds write permission for the owner. The
finding points at the mode.

## Why it is risky
Every user in the container, including a compromised low-privilege process, can modify
world-writable files: replace a script the entrypoint runs, plant a library, or change
configuration. `chmod 777` is often used to silence a "permission denied" error, but it
trades that error for a path to code execution. Ownership, not broad modes, is the right way
to let the application write where it must.

## Example
```dockerfile
FROM node:20-alpine
RUN mkdir -p /app/data && chmod -R 777 /app/data
USER 1001
```

## Use instead
```dockerfile
FROM node:20-alpine
RUN mkdir -p /app/data && \
    chown -R node:node /app/data && \
    chmod 755 /app/data
USER 1001
```

## Fix
Give the directory to the user that writes to it (`chown` or `COPY --chown`) and keep the
modes tight. For octal modes the fix removes write permission for group and others
(`777` becomes `755`, `666` becomes `644`); review that the right user owns the files.
Typical modes:

- `chmod 500 /app/entrypoint.sh`: executables get the minimum they need;
- `chmod 400 /app/config/*`: configuration is read-only;
- `chmod 700 /app/logs`: only the application user writes its logs.

## When it is acceptable
Shared scratch directories with the sticky bit (`1777`), which this rule already accepts.
Rarely anything else; prefer a writable volume or tmpfs at run time.

## References
- [Dockerfile reference: COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
"#;

const DOCS_JA: &str = r#"
# 誰でも書き込めるファイル権限

## チェック内容
最終イメージに含まれるステージで、「その他のユーザー」に書き込み権限を与えるモードを検出します。
`chmod 777`、`chmod -R 666`、`chmod o+w`、`chmod a+rwx`、`mkdir -m 777`、`install -m 666`、
`COPY --chmod=777` / `ADD --chmod=777` などで、要するに8進数の最後の桁に書き込みビット（2）が
あるモードです。
共有の `/tmp` に使う `1777` のようにスティッキービットを持つモードと、同じ `RUN` の中で後から
削除される一時ディレクトリ、どのコンテナにも新しくマウントされ、レイヤーに残らないファイル
システム上のパス（`/dev/shm`、`/proc`、`/sys`）は対象外です。「誰に」を
省いた `chmod +w` も対象外です。ビルド時の umask（022）に従い、所有者の書き込み権限しか
追加しないためです。指摘はモードの部分に付きます。

## なぜ危険か
誰でも書き込めるファイルは、乗っ取られた低権限のプロセスを含め、コンテナ内のすべての
ユーザーが変更できます。エントリーポイントが実行するスクリプトを置き換えたり、ライブラリを
仕込んだり、設定を変えたりできます。`chmod 777` は「permission denied」を黙らせるために
よく使われますが、そのエラーの代わりにコード実行への道を開いてしまいます。アプリケーションに
必要な場所への書き込みを許すには、広いモードではなく所有権を使うのが正しい方法です。

## 問題のある例
```dockerfile
FROM node:20-alpine
RUN mkdir -p /app/data && chmod -R 777 /app/data
USER 1001
```

## 代わりに
```dockerfile
FROM node:20-alpine
RUN mkdir -p /app/data && \
    chown -R node:node /app/data && \
    chmod 755 /app/data
USER 1001
```

## 修正方法
書き込むユーザーにディレクトリの所有権を与え（`chown` や `COPY --chown`）、モードは厳しく
保ちます。8進数のモードの場合、自動修正はグループとその他のユーザーの書き込み権限を外します
（`777` は `755`、`666` は `644` になります）。正しいユーザーがファイルを所有しているか確認して
ください。代表的なモードは次のとおりです。

- `chmod 500 /app/entrypoint.sh`: 実行ファイルには必要最小限の権限
- `chmod 400 /app/config/*`: 設定ファイルは読み取り専用
- `chmod 700 /app/logs`: ログはアプリケーションのユーザーだけが書き込む

## 許容される場合
スティッキービット付きの共有作業ディレクトリ（`1777`）で、これはすでに対象外です。それ以外は
まれで、実行時に書き込み可能なボリュームや tmpfs を使う方が適切です。

## 参考資料
- [Dockerfile リファレンス: COPY --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
- [CWE-732: 重要なリソースに対する不適切な権限の割り当て](https://cwe.mitre.org/data/definitions/732.html)
"#;
