use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{classify, Script, SimpleCommand, Tool as Program};
use crate::span::Span;

use super::support::program;

pub const RULE: Rule = Rule {
    code: "PL922",
    name: "shell-changed-with-run",
    section: Section::Dockerfile,
    severity: Severity::Low,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Hadolint, "DL4005"),
        alias(Tool::Kics, "Changing Default Shell Using RUN Command"),
        alias(Tool::Semgrep, "use-shell-instruction"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const SYSTEM_SHELLS: &[&str] = &["/bin/sh", "/usr/bin/sh"];

fn check(context: &Context, out: &mut Diagnostics) {
    for script in context.scripts {
        let span = |range| context.script_span(script, range);
        check_script(&script.script, script.stage, &span, out);
    }
}

fn check_script(
    script: &Script,
    stage: Option<usize>,
    script_span: &dyn Fn(std::ops::Range<usize>) -> Span,
    out: &mut Diagnostics,
) {
    for command in &script.commands {
        let Some((what_en, what_ja)) = shell_change(command) else {
            continue;
        };
        let span = script_span(command.range.clone());
        let message = crate::text!(
            format!("{what_en}; a change made inside a RUN is hidden from readers, so choose the shell of later RUNs with the SHELL instruction (`SHELL [\"/bin/bash\", \"-c\"]`)"),
            format!("{what_ja}。RUN の中の変更は読み手から見えないため、後続の RUN のシェルは SHELL 命令（`SHELL [\"/bin/bash\", \"-c\"]`）で選んでください"),
        );
        let diagnostic = out.report(span, message);
        if let Some(stage) = stage {
            diagnostic.in_stage(stage);
        }
        diagnostic.with_fix(Fix::manual(crate::text!(
            "Remove the command and add `SHELL [\"/bin/bash\", \"-c\"]` (with the shell you need) before the RUN instructions that need it.",
            "このコマンドを削除し、必要な RUN 命令の前に `SHELL [\"/bin/bash\", \"-c\"]`（必要なシェルを指定）を追加してください。",
        )));
    }
}

/// What the command does to the shell, in English and Japanese, if it
/// replaces `/bin/sh` or a login shell.
fn shell_change(command: &SimpleCommand) -> Option<(String, String)> {
    let (at, name) = program(command)?;
    let operands: Vec<&str> = command.words[at + 1..]
        .iter()
        .map(|word| word.value.as_str())
        .filter(|value| !value.starts_with('-'))
        .collect();
    let replaces_sh = operands
        .last()
        .is_some_and(|last| SYSTEM_SHELLS.contains(last));
    let replaced = |verb: &str| {
        let new = operands
            .get(operands.len().wrapping_sub(2))
            .copied()
            .unwrap_or("another program");
        (
            format!("`{verb}` replaces `/bin/sh` with `{new}`"),
            format!("`{verb}` で `/bin/sh` を `{new}` に置き換えています"),
        )
    };
    match name {
        "mv" | "cp" if replaces_sh && operands.len() >= 2 => Some(replaced(name)),
        "chsh" | "usermod"
            if command
                .args()
                .iter()
                .any(|word| word.value.starts_with("-s") || word.value.starts_with("--shell")) =>
        {
            Some((
                format!("`{name}` changes a login shell, which RUN never uses"),
                format!("`{name}` は RUN が使わないログインシェルを変更しています"),
            ))
        }
        "dpkg-reconfigure" if operands.contains(&"dash") => Some((
            "`dpkg-reconfigure dash` can point `/bin/sh` at bash".to_string(),
            "`dpkg-reconfigure dash` で `/bin/sh` の向き先を変えようとしています".to_string(),
        )),
        _ => match classify(command)?.tool {
            Program::Ln if replaces_sh && operands.len() >= 2 => Some(replaced("ln")),
            Program::UpdateAlternatives
                if operands
                    .iter()
                    .any(|operand| SYSTEM_SHELLS.contains(operand)) =>
            {
                Some((
                    "`update-alternatives` redirects `/bin/sh`".to_string(),
                    "`update-alternatives` で `/bin/sh` の向き先を変えています".to_string(),
                ))
            }
            _ => None,
        },
    }
}

const DOCS_EN: &str = r#"
# Default shell changed with RUN instead of SHELL

## What it checks
RUN commands that swap the system shell: `ln -sf /bin/bash /bin/sh`, `mv` or `cp` onto
`/bin/sh`, `update-alternatives` for `/bin/sh`, `dpkg-reconfigure dash`, and `chsh -s` or `usermod -s`,
also under `ONBUILD RUN`.

## Why it is risky
Replacing `/bin/sh` changes how every later RUN, and every script in the running container,
is interpreted, but nothing in the Dockerfile says so: a reader assumes `/bin/sh` semantics.
Scripts written for dash or BusyBox may behave differently under bash. `chsh` changes a login
shell, which RUN never uses, so it does not do what the author expects. The SHELL instruction
states the choice openly and only for the build.

## Example
```dockerfile
FROM ubuntu:24.04
RUN ln -sf /bin/bash /bin/sh
```

## Use instead
```dockerfile
FROM ubuntu:24.04
SHELL ["/bin/bash", "-c"]
```

## Fix
Remove the command and add a SHELL instruction with the shell you need before the RUN
instructions that need it.

## When it is acceptable
When the running container must have bash as `/bin/sh` for third-party scripts; say so in a
comment and suppress the finding.

## References
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#;

const DOCS_JA: &str = r#"
# デフォルトシェルを SHELL ではなく RUN で変更している

## チェック内容
システムのシェルを差し替える RUN のコマンドを検出します。`ln -sf /bin/bash /bin/sh`、
`/bin/sh` への `mv` や `cp`、`/bin/sh` の `update-alternatives`、`dpkg-reconfigure dash`、
`chsh -s` または `usermod -s` です。`ONBUILD RUN` の中も対象です。

## なぜ危険か
`/bin/sh` を置き換えると、後続のすべての RUN と、実行中のコンテナのすべてのスクリプトの解釈が
変わりますが、Dockerfile のどこにもそれが書かれていません。読み手は `/bin/sh` の動作を前提に
します。dash や BusyBox 向けのスクリプトは bash では違う動きをすることがあります。`chsh` は
RUN が使わないログインシェルを変えるだけなので、作者の意図どおりには動きません。SHELL 命令
なら選択が明示され、ビルドにだけ効きます。

## 問題のある例
```dockerfile
FROM ubuntu:24.04
RUN ln -sf /bin/bash /bin/sh
```

## 代わりに
```dockerfile
FROM ubuntu:24.04
SHELL ["/bin/bash", "-c"]
```

## 修正方法
このコマンドを削除し、必要な RUN 命令の前に、必要なシェルを指定した SHELL 命令を追加して
ください。

## 許容される場合
実行中のコンテナで、サードパーティのスクリプトのために `/bin/sh` が bash である必要がある
場合です。コメントで理由を書き、指摘を抑制してください。

## 参考資料
- [Dockerfile リファレンス: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"#;
