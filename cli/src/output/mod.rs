//! Report formatting, separate from checking. JSON, SARIF and Markdown come
//! from `plimsoll_core::export` (the web app exports the same); text, GitHub
//! annotations and the checklist are terminal and CI renderings.

mod checklist;
mod github;
mod text;

use std::io::{self, Write};

use plimsoll_core::export::{self, FileReport};
use plimsoll_core::{Lang, Report};

use crate::args::Format;
use crate::input::Input;

/// How to print.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub format: Format,
    pub lang: Lang,
    /// ANSI colors.
    pub color: bool,
    /// Code frames in the text format.
    pub frames: bool,
    /// The text format shows info findings too (`--show-info`).
    pub show_info: bool,
    /// Where the web app's rule pages are served (`docs-url`), for the
    /// frames' notes.
    pub docs_url: Option<&'a str>,
}

pub fn write(
    out: &mut impl Write,
    options: Options<'_>,
    checked: &[(Input, Report)],
) -> io::Result<()> {
    let files: Vec<FileReport> = checked
        .iter()
        .map(|(input, report)| FileReport {
            path: input.report_path(),
            source: &input.text,
            report,
        })
        .collect();
    match options.format {
        Format::Text if options.frames => text::frames(out, options, checked),
        Format::Text => text::compact(out, options.lang, options.show_info, checked),
        Format::Json => {
            export::to_writer_pretty(&mut *out, &export::json::output(&files, options.lang))?;
            writeln!(out)
        }
        Format::Sarif => {
            let relative = repository_paths(checked);
            let files = with_paths(checked, &relative);
            export::sarif::write(&mut *out, &files, options.lang, options.docs_url)?;
            writeln!(out)
        }
        Format::Markdown => {
            // Human names in the headings, `<stdin>` rather than `-`.
            let named: Vec<FileReport> = checked
                .iter()
                .map(|(input, report)| FileReport {
                    path: &input.name,
                    source: &input.text,
                    report,
                })
                .collect();
            out.write_all(export::markdown::render(&named, options.lang).as_bytes())
        }
        Format::Github => github::write(out, options.lang, options.show_info, checked),
        Format::Gitlab => {
            let relative = repository_paths(checked);
            let files = with_paths(checked, &relative);
            export::to_writer_pretty(&mut *out, &export::gitlab::issues(&files, options.lang))?;
            writeln!(out)
        }
        Format::Checklist => checklist::write(out, options, checked),
    }
}

/// The paths code-scanning services and GitLab resolve from the repository
/// root, where CI runs: paths under the current directory become relative.
fn repository_paths(checked: &[(Input, Report)]) -> Vec<String> {
    let cwd = std::env::current_dir().ok();
    checked
        .iter()
        .map(|(input, _)| repository_path(input, cwd.as_deref()))
        .collect()
}

/// The checked files under other paths.
fn with_paths<'a>(checked: &'a [(Input, Report)], paths: &'a [String]) -> Vec<FileReport<'a>> {
    checked
        .iter()
        .zip(paths)
        .map(|((input, report), path)| FileReport {
            path,
            source: &input.text,
            report,
        })
        .collect()
}

/// A path relative to `cwd` when the file is under it, otherwise absolute;
/// without `.` and `..` segments either way.
fn repository_path(input: &Input, cwd: Option<&std::path::Path>) -> String {
    use std::path::{Component, PathBuf};
    let (Some(path), Some(cwd)) = (&input.path, cwd) else {
        return input.report_path().to_owned();
    };
    let mut normal = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    match normal.strip_prefix(cwd) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => normal.display().to_string(),
    }
}

/// Messages are printed one per line, whatever they contain.
pub fn one_line(message: &str) -> String {
    message.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(Input, Report)> {
        let text = "FORM alpine\n# plimsoll ignore=PL201\nFROM python:latest\nFROM node:latest\n";
        let report = plimsoll_core::check(text, &plimsoll_core::Settings::default());
        vec![(Input::from_parts("app/Dockerfile", text), report)]
    }

    fn render(format: Format, frames: bool) -> String {
        let mut out = Vec::new();
        let options = Options {
            format,
            lang: Lang::En,
            color: false,
            frames,
            show_info: false,
            docs_url: None,
        };
        write(&mut out, options, &sample()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_lines_are_in_source_order_without_suppressed_findings() {
        let out = render(Format::Text, false);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("app/Dockerfile:1:1: error: "), "{out}");
        let last = lines.last().unwrap();
        assert!(last.starts_with("app/Dockerfile:4:11: "), "{out}");
        assert!(last.contains(" PL201 `node:latest`"), "{out}");
        assert!(!out.contains("PL201 `python:latest`"), "suppressed: {out}");
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("a\r\nb\nc"), "a  b c");
    }

    #[test]
    fn json_names_each_file() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Json, false)).unwrap();
        let file = &value["files"][0];
        assert_eq!(file["path"], "app/Dockerfile");
        assert_eq!(file["errors"][0]["line"], 1);
        assert!(file["findings"].is_array());
    }

    #[test]
    fn frames_show_the_source_line() {
        let out = render(Format::Text, true);
        assert!(out.contains("FROM node:latest"), "{out}");
        assert!(out.contains("app/Dockerfile:4:11"), "{out}");
        assert!(!out.contains('\u{1b}'), "no colors asked: {out}");
    }
}
