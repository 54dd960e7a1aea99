//! Report formatting, separate from checking so that new formats (SARIF,
//! GitHub annotations, …) are one more function here.

use std::io::{self, Write};

use plimsoll_core::Report;

use crate::args::Format;
use crate::input::Input;

pub fn write(out: &mut impl Write, format: Format, checked: &[(Input, Report)]) -> io::Result<()> {
    match format {
        Format::Text => text(out, checked),
        Format::Json => json(out, checked),
    }
}

/// `path:line:col: severity rule message` per finding and
/// `path:line:col: error: message` per Dockerfile error, in source order.
fn text(out: &mut impl Write, checked: &[(Input, Report)]) -> io::Result<()> {
    for (input, report) in checked {
        let mut lines: Vec<((u32, u32), String)> = Vec::new();
        for error in &report.errors {
            let start = error.location.start;
            lines.push((
                (start.line, start.column),
                format!("error: {}", one_line(&error.message)),
            ));
        }
        for finding in &report.findings {
            let start = finding.location.start;
            lines.push((
                (start.line, start.column),
                format!(
                    "{} {} {}",
                    finding.severity.as_str(),
                    finding.rule,
                    one_line(&finding.message.en)
                ),
            ));
        }
        // Stable: at one position, errors stay before findings.
        lines.sort_by_key(|(position, _)| *position);
        for ((line, column), rest) in lines {
            writeln!(out, "{}:{line}:{column}: {rest}", input.name)?;
        }
    }
    Ok(())
}

/// Messages are printed one per line, whatever they contain.
fn one_line(message: &str) -> String {
    message.replace(['\r', '\n'], " ")
}

fn json(out: &mut impl Write, checked: &[(Input, Report)]) -> io::Result<()> {
    let files: Vec<serde_json::Value> = checked
        .iter()
        .map(|(input, report)| {
            serde_json::json!({
                "path": input.name,
                "findings": report.findings,
                "errors": report.errors,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "files": files }))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use plimsoll_core::report::ErrorReport;
    use plimsoll_core::{Finding, Location, Position, Severity, Span, Text};

    use super::*;

    fn location(line: u32, column: u32) -> Location {
        let position = Position {
            line,
            column,
            utf16_offset: 0,
        };
        Location {
            start: position,
            end: position,
        }
    }

    fn sample() -> Vec<(Input, Report)> {
        let report = Report {
            findings: vec![Finding {
                rule: "PL201",
                name: "base-image-latest",
                severity: Severity::Medium,
                message: Text::new("Pin the base image\nto a version.", "…"),
                span: Span::default(),
                location: location(3, 6),
                stage: Some(0),
            }],
            errors: vec![ErrorReport {
                message: "unknown instruction FORM".to_owned(),
                span: Span::default(),
                location: location(1, 1),
            }],
        };
        vec![(Input::from_parts("app/Dockerfile", ""), report)]
    }

    #[test]
    fn text_lines_are_sorted_and_single_line() {
        let mut out = Vec::new();
        write(&mut out, Format::Text, &sample()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "app/Dockerfile:1:1: error: unknown instruction FORM\n\
             app/Dockerfile:3:6: medium PL201 Pin the base image to a version.\n"
        );
    }

    #[test]
    fn json_names_each_file() {
        let mut out = Vec::new();
        write(&mut out, Format::Json, &sample()).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["files"][0]["path"], "app/Dockerfile");
        assert_eq!(value["files"][0]["findings"][0]["rule"], "PL201");
        assert_eq!(
            value["files"][0]["errors"][0]["location"]["start"]["line"],
            1
        );
    }
}
