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

/// `path:line:col: severity rule message` per finding (suppressed ones are
/// left out) and `path:line:col: error: message` per Dockerfile error, in
/// source order.
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
        for finding in report.active_findings() {
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
                "report": report,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "files": files }))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(Input, Report)> {
        let text = "FORM alpine\n# plimsoll ignore=PL201\nFROM python:latest\nFROM node:latest\n";
        let report = plimsoll_core::check(text, &plimsoll_core::Settings::default());
        vec![(Input::from_parts("app/Dockerfile", text), report)]
    }

    #[test]
    fn text_lines_are_in_source_order_without_suppressed_findings() {
        let mut out = Vec::new();
        write(&mut out, Format::Text, &sample()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("app/Dockerfile:1:1: error: "), "{out}");
        let last = lines.last().unwrap();
        assert!(last.starts_with("app/Dockerfile:4:11: "), "{out}");
        assert!(last.contains(" PL201 `node:latest`"), "{out}");
        assert!(!out.contains("python:latest"), "suppressed: {out}");
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("a\r\nb\nc"), "a  b c");
    }

    #[test]
    fn json_names_each_file() {
        let mut out = Vec::new();
        write(&mut out, Format::Json, &sample()).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let file = &value["files"][0];
        assert_eq!(file["path"], "app/Dockerfile");
        assert_eq!(file["report"]["errors"][0]["location"]["start"]["line"], 1);
        assert!(file["report"]["findings"].is_array());
    }
}
