//! GitHub Actions workflow commands: one annotation per Dockerfile error
//! and per finding the text format shows (a rule's repeats in one, which
//! says where the others are; info findings only with `--show-info`; the
//! runner shows ten annotations of a kind per step),
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::io::{self, Write};

use plimsoll_core::{Lang, Report, Severity};

use crate::input::Input;

/// The annotation command for a severity: GitHub has three.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escapes a message (the part after `::`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): also `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(
    out: &mut impl Write,
    lang: Lang,
    show_info: bool,
    checked: &[(Input, Report)],
) -> io::Result<()> {
    for (input, report) in checked {
        let file = escape_property(&input.name);
        for error in &report.errors {
            let start = error.location.start;
            let title = match lang {
                Lang::En => "Dockerfile error",
                Lang::Ja => "Dockerfile のエラー",
            };
            writeln!(
                out,
                "::error file={file},line={},col={},title={}::{}",
                start.line,
                start.column,
                escape_property(title),
                escape_data(&error.message)
            )?;
        }
        for shown in report.shown(show_info) {
            let finding = &report.findings[shown.index];
            let (start, end) = (finding.location.start, finding.location.end);
            let title = format!(
                "{} {} ({})",
                finding.rule,
                finding.name,
                finding.severity.label().get(lang)
            );
            write!(
                out,
                "::{} file={file},line={},col={},endLine={}",
                command(finding.severity),
                start.line,
                start.column,
                end.line
            )?;
            // GitHub ignores columns on annotations that span several lines.
            if end.line == start.line {
                write!(out, ",endColumn={}", end.column.max(start.column + 1))?;
            }
            let mut message = finding.message.get(lang).to_owned();
            if let Some(note) = report.repeats_note(&shown) {
                message = format!("{message} ({})", note.get(lang));
            }
            writeln!(
                out,
                ",title={}::{}",
                escape_property(&title),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads_them() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
