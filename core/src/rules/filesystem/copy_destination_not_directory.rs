use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::user::expand_known;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::copy_destinations;

pub const RULE: Rule = Rule {
    code: "PL708",
    name: "copy-destination-not-directory",
    section: Section::Filesystem,
    severity: Severity::Medium,
    fix: FixAvailability::Safe,
    aliases: &[
        alias(Tool::Hadolint, "DL3021"),
        alias(Tool::Trivy, "DS-0011"),
        alias(
            Tool::Kics,
            "Copy With More Than Two Arguments Not Ending With Slash",
        ),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for (index, keyword, copy, destination) in copy_destinations(context) {
        if copy.sources.len() < 2 {
            continue;
        }
        let Some(path) = expand_known(context, index, &destination.text) else {
            continue;
        };
        // BuildKit treats `.` as the working directory itself.
        if path.ends_with(['/', '\\']) || path == "." {
            continue;
        }
        let count = copy.sources.len();
        let written = &destination.text;
        // In the JSON form the slash goes inside the closing quote.
        let at = if copy.json && written.len() + 2 == destination.span.len() as usize {
            destination.span.end - 1
        } else {
            destination.span.end
        };
        out.report(destination.span, crate::text!(
            format!("`{keyword}` has {count} sources but its destination `{written}` does not end with `/`: several sources need a directory destination, or the build fails; write `{written}/`"),
            format!("`{keyword}` にはコピー元が {count} 個ありますが、コピー先 `{written}` が `/` で終わっていません。複数のコピー元にはディレクトリのコピー先が必要で、そうでないとビルドが失敗します。`{written}/` と書いてください"),
        ))
        .with_fix(Fix::safe(
            crate::text!(
                format!("End the destination with `/`: `{written}/`."),
                format!("コピー先を `/` で終わらせます: `{written}/`。"),
            ),
            vec![Edit::insert(at, "/")],
        ));
    }
}

const DOCS_EN: &str = r#"
# COPY or ADD with several sources to a destination without a trailing slash

## What it checks
A `COPY` or `ADD` with two or more sources whose destination does not end with `/`
(`COPY package.json package-lock.json /app`). The destination is expanded first; `.` is
accepted, since BuildKit treats it as the working directory. A single wildcard source
(`COPY target/*.jar app.jar`) is not reported: it is valid when it matches one file.

## Why it is risky
Docker requires a directory destination, written with a trailing `/`, when several files are
copied; otherwise the build stops with "When using COPY with more than one source file, the
destination must be a directory and end with a /". A build that fails on one builder and not
on another, or that silently writes the sources onto one path, is not reproducible.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json /app
USER 1001
```

## Use instead
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json /app/
USER 1001
```

## Fix
End the destination with `/`. The fix adds it; the meaning for a working build is unchanged.

## When it is acceptable
Never: the trailing slash costs nothing and states the intent.

## References
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
"#;

const DOCS_JA: &str = r#"
# 複数のコピー元に対し、コピー先が `/` で終わっていない COPY/ADD

## チェック内容
コピー元が2つ以上あるのに、コピー先が `/` で終わっていない `COPY` や `ADD`
（`COPY package.json package-lock.json /app`）を検出します。コピー先は先に展開します。
BuildKit は `.` を作業ディレクトリそのものとして扱うため、`.` は対象外です。ワイルドカードの
コピー元が1つだけの場合（`COPY target/*.jar app.jar`）も対象外です。1つのファイルに一致する
なら正しい書き方だからです。

## なぜ危険か
複数のファイルをコピーするとき、Docker はコピー先が `/` で終わるディレクトリであることを
求めます。そうでないと「When using COPY with more than one source file, the destination must
be a directory and end with a /」でビルドが止まります。ビルダーによって失敗したりしなかったり、
複数のコピー元が黙って同じパスに書き込まれたりするビルドは再現性がありません。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json /app
USER 1001
```

## 代わりに
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json /app/
USER 1001
```

## 修正方法
コピー先を `/` で終わらせます。自動修正が追加します。正しく動くビルドの意味は変わりません。

## 許容される場合
ありません。末尾の `/` は手間がかからず、意図を明確にします。

## 参考資料
- [Dockerfile リファレンス: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Dockerfile リファレンス: ADD](https://docs.docker.com/reference/dockerfile/#add)
"#;
