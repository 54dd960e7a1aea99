use crate::companion::context::LinkedIgnore;
use crate::companion::context::{BuildContext, ContextSource};
use crate::companion::dockerignore::Pattern;
use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::syntax::{Args, Instruction, Keyword};

use super::secret_file::secret_file;
use super::{in_final_image, unquote};

pub const RULE: Rule = Rule {
    code: "PL420",
    name: "context-secret-in-image",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::Sometimes,
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// How many secret paths a message names before it counts the rest.
const NAMED: usize = 5;

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(build) = context.build_context else {
        return;
    };
    if build.ignore.is_none() && build.paths.is_none() {
        return;
    }
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
            || instruction.flag("from").is_some()
        {
            continue;
        }
        let Args::Copy(copy) = &instruction.args else {
            continue;
        };
        let Some(stage) = context
            .stage_of(index)
            .filter(|&stage| in_final_image(context, stage))
        else {
            continue;
        };
        let excluded_by_flag = copy_excludes(instruction);
        let destination = copy
            .destination
            .as_ref()
            .map_or("", |word| word.text.as_str());
        for source in &copy.sources {
            let text = unquote(&source.text);
            let found = match build.copied_by(text) {
                Some(paths) => listed_secrets(&paths, destination, &excluded_by_flag),
                None => match ContextSource::new(text) {
                    Some(ContextSource::Root) => probe_secrets(build, &excluded_by_flag),
                    _ => continue,
                },
            };
            let Some(found) = found else {
                continue;
            };
            let written = format!(
                "{} {} {destination}",
                instruction.keyword.as_str(),
                source.text
            );
            report(out, source.span, &written, build.ignore.as_ref(), &found).in_stage(stage);
        }
    }
}

/// Secret paths a copy takes, with the patterns that would leave them out.
struct Found {
    /// (path, what it is in English, in Japanese).
    paths: Vec<(String, &'static str, &'static str)>,
    /// How many more there are than `paths` names.
    more: usize,
    patterns: Vec<String>,
    /// Whether the paths are seen in the context list (else they are the
    /// usual names the ignore file fails to cover).
    listed: bool,
    severity: Severity,
}

/// `COPY --exclude=...` patterns (BuildKit's labs syntax).
fn copy_excludes(instruction: &Instruction) -> Vec<Pattern> {
    instruction
        .flags_named("exclude")
        .filter_map(|flag| flag.value.as_deref())
        .map(|value| Pattern::new(unquote(value)))
        .collect()
}

fn listed_secrets(
    paths: &[&str],
    destination: &str,
    excluded_by_flag: &[Pattern],
) -> Option<Found> {
    let mut secrets: Vec<(&str, &'static str, &'static str)> = Vec::new();
    for &path in paths {
        if excluded_by_flag.iter().any(|pattern| pattern.matches(path)) {
            continue;
        }
        let Some((en, ja)) = secret_file(path, destination) else {
            continue;
        };
        // A secret directory is named once, not with every file in it.
        let named = secret_prefix(path);
        if !secrets.iter().any(|(seen, _, _)| *seen == named) {
            secrets.push((named, en, ja));
        }
    }
    if secrets.is_empty() {
        return None;
    }
    let mut patterns: Vec<String> = Vec::new();
    for (path, _, _) in &secrets {
        let pattern = pattern_for(path);
        if !patterns.contains(&pattern) {
            patterns.push(pattern);
        }
    }
    let more = secrets.len().saturating_sub(NAMED);
    Some(Found {
        paths: secrets
            .into_iter()
            .take(NAMED)
            .map(|(path, en, ja)| (path.to_owned(), en, ja))
            .collect(),
        more,
        patterns,
        listed: true,
        severity: Severity::High,
    })
}

/// The part of a secret path that makes it secret: its first secret
/// directory (`app/.git` of `app/.git/config`), or the whole path.
fn secret_prefix(path: &str) -> &str {
    let mut end = 0;
    for part in path.split('/') {
        end += part.len();
        if secret_file(part, "").is_some() {
            return &path[..end];
        }
        end += 1;
    }
    path
}

/// The pattern that leaves a secret path out wherever it sits: `**/` and
/// its last part (`**/.aws`, `**/.env`).
fn pattern_for(path: &str) -> String {
    format!("**/{}", path.rsplit('/').next().unwrap_or(path))
}

/// Without a context list: the names that a `COPY .` takes when the ignore
/// file does not cover them.
fn probe_secrets(build: &BuildContext, excluded_by_flag: &[Pattern]) -> Option<Found> {
    let kept = |path: &str| {
        !build.excludes(path) && !excluded_by_flag.iter().any(|pattern| pattern.matches(path))
    };
    let mut found = Found {
        paths: Vec::new(),
        more: 0,
        patterns: Vec::new(),
        listed: false,
        severity: Severity::Medium,
    };
    let (env_en, env_ja) = secret_file(".env", "").unwrap_or(("", ""));
    if build.is_project_root && kept(".git") {
        let (en, ja) = secret_file(".git", "").unwrap_or(("", ""));
        found.paths.push((".git".to_owned(), en, ja));
        found.patterns.push(".git".to_owned());
    }
    if kept(".env") {
        found.paths.push((".env".to_owned(), env_en, env_ja));
        found.patterns.push("**/.env".to_owned());
    } else if kept("config/.env") {
        // `.env` alone is anchored at the root: nested ones still go in.
        found.paths.push(("*/.env".to_owned(), env_en, env_ja));
        found.patterns.push("**/.env".to_owned());
        if found.paths.len() == 1 {
            found.severity = Severity::Low;
        }
    }
    (!found.paths.is_empty()).then_some(found)
}

fn report<'a>(
    out: &'a mut Diagnostics,
    span: crate::span::Span,
    source: &str,
    ignore: Option<&LinkedIgnore>,
    found: &Found,
) -> &'a mut crate::rules::Diagnostic {
    let ignore_path = ignore.map_or(".dockerignore", |ignore| ignore.path.as_str());
    let named_en: Vec<String> = found
        .paths
        .iter()
        .map(|(path, en, _)| format!("`{path}` ({en})"))
        .collect();
    let named_ja: Vec<String> = found
        .paths
        .iter()
        .map(|(path, _, ja)| format!("`{path}`（{ja}）"))
        .collect();
    let (more_en, more_ja) = if found.more > 0 {
        (
            format!(" and {} more", found.more),
            format!(" ほか {} 件", found.more),
        )
    } else {
        (String::new(), String::new())
    };
    let patterns = found
        .patterns
        .iter()
        .map(|pattern| format!("`{pattern}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = found.patterns.join("\n");
    let message = if found.listed {
        crate::text!(
            format!(
                "`{source}` copies secret files of the build context into the image: {}{more_en}; add {patterns} to `{ignore_path}`",
                named_en.join(", ")
            ),
            format!(
                "`{source}` はビルドコンテキストの秘密のファイルをイメージにコピーします: {}{more_ja}。`{ignore_path}` に {patterns} を追加してください",
                named_ja.join("、")
            ),
        )
    } else {
        let go_in = if found.paths.len() == 1 {
            "if it exists it goes into the image"
        } else {
            "those that exist go into the image"
        };
        crate::text!(
            format!(
                "`{source}` copies the whole build context, and `{ignore_path}` does not exclude {}: {go_in}; add {patterns} to `{ignore_path}`",
                named_en.join(", ")
            ),
            format!(
                "`{source}` はビルドコンテキスト全体をコピーしますが、`{ignore_path}` は {} を除外していません。存在すればイメージに入ります。`{ignore_path}` に {patterns} を追加してください",
                named_ja.join("、")
            ),
        )
    };
    let description = crate::text!(
        format!("Append these lines to `{ignore_path}`:\n\n```\n{lines}\n```"),
        format!("`{ignore_path}` の末尾に次の行を追加します:\n\n```\n{lines}\n```"),
    );
    // Excluding a secret from the context keeps the build's meaning for
    // everything else: a safe edit of the ignore file, when there is one.
    let fix = match ignore {
        Some(ignore) => Fix::safe(
            description,
            vec![ignore.file.append(&found.patterns).in_file(&ignore.path)],
        ),
        None => Fix::manual(description),
    };
    out.report(span, message)
        .rated(found.severity)
        .with_fix(fix)
}

const DOCS_EN: &str = r#"
# Secret files of the build context copied into the image

## What it checks
A `COPY` or `ADD` from the build context, in the final stage or a stage it is built on,
that takes secret files the `.dockerignore` does not exclude: `.env` files, the `.git`
directory, private keys, cloud and Kubernetes credentials, `.npmrc`/`.pypirc`, credential
JSON. When the project lists the build context, the finding names the files that would go
in; otherwise it judges the `.dockerignore` alone for a `COPY .` and names the usual
files it leaves in. The patterns are matched exactly as BuildKit matches them: anchored
at the context root, so `.env` excludes only the top-level file and `**/.env` every one.

## Why it is risky
Everything a `COPY` takes ends up in a layer that anyone with the image can extract, even
when a later step deletes it. A forgotten `.env` or `.git/config` with a token is the most
common way credentials leak through images pushed to a registry.

## Example
```context
.env
.git/config
src/app.py
src/.env.example
```

```dockerignore
node_modules
```

```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
```

## Use instead
```context
.env
.git/config
src/app.py
src/.env.example
```

```dockerignore
node_modules
**/.env
.git
```

```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
```

## Fix
Add the patterns the message gives to `.dockerignore` (or to `<Dockerfile>.dockerignore`
when the Dockerfile has its own); when the project has the ignore file, the fix appends
them (a safe edit: the build keeps everything else). A file that a build step needs goes in with
`RUN --mount=type=secret` instead of `COPY`.

## When it is acceptable
When the files named are harmless samples (name them `.env.example` and the like, which
this rule leaves alone) or the build context is generated and holds no real credentials.

## References
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory
"#;

const DOCS_JA: &str = r#"
# ビルドコンテキストの秘密のファイルがイメージにコピーされる

## チェック内容
最終ステージ、またはその土台となるステージにある、ビルドコンテキストからの `COPY` や `ADD` が、
`.dockerignore` で除外されていない秘密のファイル（`.env` ファイル、`.git` ディレクトリ、秘密鍵、
クラウドや Kubernetes の資格情報、`.npmrc`/`.pypirc`、資格情報の JSON）を取り込む場合に検出します。
プロジェクトがビルドコンテキストの一覧を持つときは、イメージに入るファイルを名指しします。一覧がない
ときは `COPY .` について `.dockerignore` だけを調べ、除外されていない代表的なファイルを挙げます。
パターンは BuildKit と同じ規則で照合します。コンテキストのルートに固定されるため、`.env` は最上位の
ファイルだけを、`**/.env` はすべての階層のファイルを除外します。

## なぜ危険か
`COPY` で取り込んだものはすべてレイヤーに残り、後のステップで削除しても、イメージを持つ人なら誰でも
取り出せます。置き忘れた `.env` やトークン入りの `.git/config` は、レジストリに push されたイメージから
資格情報が漏れる最も多い原因です。

## 問題のある例
```context
.env
.git/config
src/app.py
src/.env.example
```

```dockerignore
node_modules
```

```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
```

## 代わりに
```context
.env
.git/config
src/app.py
src/.env.example
```

```dockerignore
node_modules
**/.env
.git
```

```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
```

## 修正方法
メッセージが示すパターンを `.dockerignore`（Dockerfile 専用の `<Dockerfile名>.dockerignore` がある
場合はそちら）に追加してください。プロジェクトに除外ファイルがあれば、修正がそれらを末尾に
追加します（ほかのビルド内容は変わらない安全な編集です）。ビルド中に必要なファイルは `COPY` ではなく
`RUN --mount=type=secret` で渡します。

## 許容される場合
挙げられたファイルが無害なサンプルである場合（`.env.example` などの名前にすれば、このルールは
対象にしません）や、ビルドコンテキストが生成物で本物の資格情報を含まない場合です。

## 参考資料
- [Docker ドキュメント: .dockerignore ファイル](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- CWE-538: 外部からアクセス可能なファイルやディレクトリへの機密情報の挿入
"#;
