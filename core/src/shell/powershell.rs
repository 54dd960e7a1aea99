//! Enough of PowerShell to read what a Windows RUN does: its statements
//! (split at `;`, `|`, new lines, braces and parentheses outside quotes) as
//! words (split at blanks and commas) with their byte ranges. Cmdlet and parameter names are
//! case-insensitive, so names are compared in lower case.

use std::ops::Range;

/// One word of a statement: text as written (quotes kept) and its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PsWord {
    pub text: String,
    pub range: Range<usize>,
}

impl PsWord {
    /// The word without surrounding quotes. `\"…\"` counts as quotes: a
    /// shell-form RUN reaches `powershell -Command` through the Windows
    /// command line, whose `\"` is a `"` for PowerShell.
    pub fn value(&self) -> &str {
        let text = self.text.as_str();
        for quote in ["\\\"", "\"", "'"] {
            if let Some(inner) = text
                .strip_prefix(quote)
                .and_then(|rest| rest.strip_suffix(quote))
            {
                return inner;
            }
        }
        text
    }

    /// The word as a command or parameter name: lower case, without a path
    /// or `.exe` (`C:\Windows\curl.exe` is `curl`).
    pub fn name(&self) -> String {
        let value = self.value();
        let base = value.rsplit(['/', '\\']).next().unwrap_or(value);
        let lower = base.to_ascii_lowercase();
        lower.strip_suffix(".exe").unwrap_or(&lower).to_string()
    }
}

/// A statement: its words, the command first (after a `&` call operator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PsStatement {
    pub words: Vec<PsWord>,
    /// What ended it: `;`, `|`, a new line, a brace or a parenthesis; `None`
    /// at the end of the script.
    pub ended_by: Option<char>,
}

impl PsStatement {
    /// Whether the next statement is a separate one (`;` or a new line)
    /// rather than the next part of a pipeline or an expression.
    pub fn ends_pipeline(&self) -> bool {
        matches!(self.ended_by, None | Some(';' | '\n' | '{' | '}'))
    }
}

impl PsStatement {
    /// The command's name (`invoke-webrequest`, `curl`).
    pub fn command(&self) -> Option<String> {
        self.words.first().map(PsWord::name)
    }

    /// The value after a parameter, matched by any prefix PowerShell
    /// accepts for it (`-OutFile`, `-o`, `-Out`), or the argument of
    /// `-OutFile:value`.
    pub fn parameter(&self, name: &str, shortest: usize) -> Option<&PsWord> {
        let matches = |word: &PsWord| {
            let lower = word.text.to_ascii_lowercase();
            let Some(parameter) = lower.strip_prefix('-') else {
                return false;
            };
            let parameter = parameter.split(':').next().unwrap_or(parameter);
            parameter.len() >= shortest && name.starts_with(parameter)
        };
        let at = self.words.iter().position(matches)?;
        self.words.get(at + 1)
    }
}

/// Splits a PowerShell script into statements.
pub fn statements(text: &str) -> Vec<PsStatement> {
    let mut statements = Vec::new();
    let mut words: Vec<PsWord> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let finish_word = |words: &mut Vec<PsWord>, start: &mut Option<usize>, end: usize| {
        if let Some(begin) = start.take() {
            let text = &text[begin..end];
            if text != "&" {
                words.push(PsWord {
                    text: text.to_string(),
                    range: begin..end,
                });
            }
        }
    };
    for (at, ch) in text.char_indices() {
        if let Some(open) = quote {
            if ch == open {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' => {
                quote = Some(ch);
                word_start.get_or_insert(at);
            }
            ';' | '|' | '\n' | '{' | '}' | '(' | ')' => {
                finish_word(&mut words, &mut word_start, at);
                if !words.is_empty() {
                    statements.push(PsStatement {
                        words: std::mem::take(&mut words),
                        ended_by: Some(ch),
                    });
                }
            }
            // A comma separates arguments of a method call (and array items).
            ch if ch.is_whitespace() || ch == ',' => {
                finish_word(&mut words, &mut word_start, at);
            }
            _ => {
                word_start.get_or_insert(at);
            }
        }
    }
    finish_word(&mut words, &mut word_start, text.len());
    if !words.is_empty() {
        statements.push(PsStatement {
            words,
            ended_by: None,
        });
    }
    statements
}

/// Whether a program is PowerShell (`powershell`, `pwsh`, with a path or `.exe`).
/// Whether `text` mentions `powershell` or `pwsh` (in any case): a script
/// whose first word is PowerShell's name does.
pub fn may_name_powershell(text: &str) -> bool {
    super::contains_ignore_ascii_case(text, "pwsh")
        || super::contains_ignore_ascii_case(text, "powershell")
}

pub fn is_powershell(program: &str) -> bool {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let lower = base.to_ascii_lowercase();
    matches!(
        lower.strip_suffix(".exe").unwrap_or(&lower),
        "powershell" | "pwsh"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_escaped_quotes_are_quotes() {
        let found = statements(
            r#"Invoke-WebRequest -OutFile \"${dist}\" \"${url}\"; & \"C:/git.exe\" version"#,
        );
        let download = &found[0];
        assert_eq!(
            download.parameter("outfile", 1).map(PsWord::value),
            Some("${dist}")
        );
        assert_eq!(download.words[3].value(), "${url}");
        assert_eq!(found[1].command().as_deref(), Some("git"));
        assert_eq!(
            PsWord {
                text: r#"\""#.into(),
                range: 0..2
            }
            .value(),
            r#"\""#
        );
    }

    #[test]
    fn powershell_statements_and_parameters() {
        let script = "$url = 'https://a.example/x.zip'; Invoke-WebRequest -Uri $url -OutFile 'x.zip'; if ((Get-FileHash x.zip).Hash -ne $sha) { exit 1 }; & 'C:/Program Files/Git/bin/git.exe' version";
        let found = statements(script);
        let commands: Vec<_> = found.iter().filter_map(PsStatement::command).collect();
        assert_eq!(
            commands,
            [
                "$url",
                "invoke-webrequest",
                "if",
                "get-filehash",
                ".hash",
                "exit",
                "git"
            ]
        );
        let download = &found[1];
        assert_eq!(download.parameter("outfile", 1).unwrap().value(), "x.zip");
        assert_eq!(download.parameter("uri", 1).unwrap().text, "$url");
        let out = &script[download.parameter("outfile", 1).unwrap().range.clone()];
        assert_eq!(out, "'x.zip'");
        assert!(is_powershell(
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
        ));
        assert!(is_powershell("pwsh") && !is_powershell("sh"));
    }
}
