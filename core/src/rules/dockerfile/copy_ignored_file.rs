use crate::companion::context::{BuildContext, ContextSource};
use crate::report::Severity;
use crate::rules::secrets::unquote;
use crate::rules::{Context, Diagnostics, FixAvailability, Rule, Section};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    code: "PL950",
    name: "copy-ignored-file",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::None,
    // BuildKit's CopyIgnoredFile is the same check; the alias waits until
    // the peer fixtures can carry a `.dockerignore` (see coverage.rs).
    aliases: &[],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(build) = context.build_context else {
        return;
    };
    let Some(ignore) = &build.ignore else {
        return;
    };
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add)
            || instruction.flag("from").is_some()
        {
            continue;
        }
        let Args::Copy(copy) = &instruction.args else {
            continue;
        };
        for source in &copy.sources {
            let Some(pattern) = ignored_by(build, unquote(&source.text)) else {
                continue;
            };
            let line = ignore.file.patterns[pattern].line;
            let text = &ignore.file.patterns[pattern].text;
            let written = &source.text;
            let path = &ignore.path;
            let diagnostic = out.report(
                source.span,
                crate::text!(
                    format!("`{written}` is excluded from the build context by `{text}` ({path} line {line}), so the build cannot find it; remove that pattern or add `!{}` after it", unquote(written).trim_start_matches("./")),
                    format!("`{written}` は `{text}`（{path} の {line} 行目）によってビルドコンテキストから除外されるため、ビルドで見つかりません。そのパターンを削除するか、その後に `!{}` を追加してください", unquote(written).trim_start_matches("./")),
                ),
            );
            if let Some(stage) = context.stage_of(index) {
                diagnostic.in_stage(stage);
            }
        }
    }
}

/// The index of the ignore pattern that leaves out what `source` names,
/// when nothing it names stays in the context.
fn ignored_by(build: &BuildContext, source: &str) -> Option<usize> {
    let ignore = &build.ignore.as_ref()?.file;
    match ContextSource::new(source)? {
        ContextSource::Root => None,
        ContextSource::Path(path) => {
            let verdict = ignore.verdict(&path);
            if !verdict.excluded {
                return None;
            }
            // An exception inside the directory brings part of it back.
            let inside = format!("{path}/");
            let reincluded = ignore
                .patterns
                .iter()
                .any(|pattern| pattern.exception && pattern.text.starts_with(&inside));
            let listed_inside = build.paths.as_ref().is_some_and(|paths| {
                paths
                    .iter()
                    .any(|listed| listed.starts_with(&inside) && !ignore.excludes(listed))
            });
            (!reincluded && !listed_inside)
                .then_some(verdict.decided_by)
                .flatten()
        }
        wildcard @ ContextSource::Wildcard(_) => {
            // Only a listed context shows that every match is left out.
            let matched: Vec<&String> = build
                .paths
                .as_ref()?
                .iter()
                .filter(|path| wildcard.takes(path))
                .collect();
            let verdicts: Vec<_> = matched.iter().map(|path| ignore.verdict(path)).collect();
            if verdicts.is_empty() || verdicts.iter().any(|verdict| !verdict.excluded) {
                return None;
            }
            verdicts[0].decided_by
        }
    }
}

const DOCS_EN: &str = r#"
# COPY source excluded by .dockerignore

## What it checks
A `COPY` or `ADD` from the build context whose source the `.dockerignore` (or the
Dockerfile's own `<name>.dockerignore`) leaves out of the context, matched exactly as
BuildKit does. A directory is not reported when an exception (`!dir/file`) or the listed
context shows that part of it stays in. A wildcard source is reported when the project
lists the build context and every path it matches is excluded.

## Why it is risky
BuildKit never sends excluded files to the builder: the build fails with "not found", or a
wildcard copies nothing, and a later fix that deletes the ignore pattern to make the build
pass may let secrets back into the context. The Dockerfile and the `.dockerignore` should
agree on what the image needs.

## Example
```dockerignore
config
```

```dockerfile
FROM nginx:1.27
COPY config/nginx.conf /etc/nginx/nginx.conf
```

## Use instead
```dockerignore
config
!config/nginx.conf
```

```dockerfile
FROM nginx:1.27
COPY config/nginx.conf /etc/nginx/nginx.conf
```

## Fix
Remove the pattern that excludes the file, make it narrower, or add an exception line
(`!path`) after it.

## When it is acceptable
When the build is always run with another ignore file or context (a CI job that writes
the files first).

## References
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker docs: build checks, CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
"#;

const DOCS_JA: &str = r#"
# COPY のコピー元が .dockerignore で除外されている

## チェック内容
ビルドコンテキストからの `COPY` や `ADD` のコピー元が、`.dockerignore`（または Dockerfile 専用の
`<名前>.dockerignore`）によってコンテキストから除外されている場合に、BuildKit と同じ規則で照合して
検出します。例外（`!dir/file`）やコンテキストの一覧から一部が残ると分かるディレクトリは対象外です。
ワイルドカードのコピー元は、プロジェクトがビルドコンテキストを一覧にしており、一致するパスがすべて
除外されるときに検出します。

## なぜ危険か
BuildKit は除外されたファイルをビルダーに送りません。ビルドは「not found」で失敗するか、
ワイルドカードでは何もコピーされません。ビルドを通すために除外パターンを消す修正をすると、
シークレットがコンテキストに戻ってしまうこともあります。Dockerfile と `.dockerignore` は、
イメージに必要なものについて一致しているべきです。

## 問題のある例
```dockerignore
config
```

```dockerfile
FROM nginx:1.27
COPY config/nginx.conf /etc/nginx/nginx.conf
```

## 代わりに
```dockerignore
config
!config/nginx.conf
```

```dockerfile
FROM nginx:1.27
COPY config/nginx.conf /etc/nginx/nginx.conf
```

## 修正方法
そのファイルを除外しているパターンを削除するか、範囲を狭めるか、その後に例外の行（`!パス`）を
追加してください。

## 許容される場合
ビルドを常に別の除外ファイルやコンテキストで実行する場合（CI のジョブが先にファイルを書き出すなど）です。

## 参考資料
- [Docker ドキュメント: .dockerignore ファイル](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker ドキュメント: ビルドチェック CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
"#;
