//! The seed's security checklist in a terminal: each item with its status,
//! the findings that decided it, and, for what a Dockerfile cannot show,
//! what to check by hand with the commands to do it.

use std::io::{self, Write};

use plimsoll_core::checklist::{Group, Status};
use plimsoll_core::project::{classify, FileKind};
use plimsoll_core::{Lang, Report};

use super::{one_line, Options};
use crate::input::Input;

const RESET: &str = "\u{1b}[0m";
const BOLD: &str = "\u{1b}[1m";
const DIM: &str = "\u{1b}[2m";

/// The widest status tag in columns (`[不合格]`), so titles line up.
const TAG_WIDTH: usize = 8;

fn status_tag(status: Status, lang: Lang) -> (&'static str, &'static str) {
    let (en, ja, color) = match status {
        Status::Pass => ("PASS", "合格", "\u{1b}[32m"),
        Status::Warn => ("WARN", "注意", "\u{1b}[33m"),
        Status::Fail => ("FAIL", "不合格", "\u{1b}[31;1m"),
        Status::Manual => ("CHECK", "要確認", "\u{1b}[36m"),
    };
    (if lang == Lang::Ja { ja } else { en }, color)
}

pub fn write(
    out: &mut impl Write,
    options: Options<'_>,
    checked: &[(Input, Report)],
) -> io::Result<()> {
    let lang = options.lang;
    let paint = |style: &str, text: &str| {
        if options.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    };
    let width = TAG_WIDTH;
    // Compose files and manifests decide the items of the Dockerfiles whose
    // images they run; they have no checklist of their own.
    let dockerfiles = checked.iter().filter(|(input, _)| {
        matches!(
            classify(&input.name, &input.text),
            FileKind::Dockerfile | FileKind::Other
        )
    });
    for (position, (input, report)) in dockerfiles.enumerate() {
        if position > 0 {
            writeln!(out)?;
        }
        let checklist = &report.checklist;
        let heading = format!("{}: {}", input.name, checklist.headline().get(lang));
        writeln!(out, "{}", paint(BOLD, &heading))?;
        if let Some(why) = &checklist.no_verdict {
            writeln!(out, "  {}", why.get(lang))?;
        }
        if let Some(judged) = &checklist.judged {
            writeln!(out, "  {}", judged.note.get(lang))?;
        }
        if !report.errors.is_empty() {
            let note = match lang {
                Lang::En => "the Dockerfile has errors; items may be decided on a partial parse:",
                Lang::Ja => "Dockerfile にエラーがあります。一部だけを解析した結果かもしれません:",
            };
            writeln!(out, "  {note}")?;
            for error in &report.errors {
                writeln!(
                    out,
                    "    {}:{}: {}",
                    input.name,
                    error.location.start.line,
                    one_line(&error.message)
                )?;
            }
        }
        for group in Group::ALL {
            writeln!(out, "\n  {}", paint(BOLD, group.title().get(lang)))?;
            for item in checklist.items.iter().filter(|item| item.group == group) {
                let (tag, color) = status_tag(item.status, lang);
                let padded = format!("[{tag}]");
                let padding = width.saturating_sub(display_width(&padded));
                writeln!(
                    out,
                    "  {}{} {}",
                    paint(color, &padded),
                    " ".repeat(padding),
                    item.title.get(lang)
                )?;
                let elsewhere = item.elsewhere.iter().filter_map(|place| {
                    let (other, report) =
                        checked.iter().find(|(other, _)| other.name == place.file)?;
                    Some((other, report.findings.get(place.index)?))
                });
                // A rule's findings here in one line, with where the others are.
                let here = report
                    .grouped(item.findings.iter().copied())
                    .into_iter()
                    .map(|group| {
                        let repeats = report.repeats_note(&group);
                        (input, &report.findings[group.index], repeats)
                    });
                for (file, finding, repeats) in
                    here.chain(elsewhere.map(|(file, finding)| (file, finding, None)))
                {
                    let repeats = repeats
                        .map(|note| format!(" [{}]", note.get(lang)))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "  {}   {}:{}:{} {} {} {}{}",
                        " ".repeat(width),
                        file.name,
                        finding.location.start.line,
                        finding.location.start.column,
                        finding.severity.label().get(lang),
                        finding.rule,
                        one_line(finding.message.get(lang)),
                        repeats
                    )?;
                }
                let by_others: Vec<&str> = item
                    .decided_by
                    .iter()
                    .filter(|file| **file != input.name)
                    .map(String::as_str)
                    .collect();
                if !by_others.is_empty() {
                    let label = match lang {
                        Lang::En => "decided with",
                        Lang::Ja => "判定に使ったファイル:",
                    };
                    writeln!(
                        out,
                        "  {}   {}",
                        " ".repeat(width),
                        paint(DIM, &format!("{label} {}", by_others.join(", ")))
                    )?;
                }
                if let Some(note) = &item.note {
                    writeln!(
                        out,
                        "  {}   {}",
                        " ".repeat(width),
                        one_line(note.get(lang))
                    )?;
                }
                if let Some(note) = item.decidable_note() {
                    writeln!(out, "  {}   {}", " ".repeat(width), note.get(lang))?;
                }
                if item.status != Status::Pass {
                    for line in item.guidance.get(lang).lines() {
                        if line.trim().is_empty() {
                            writeln!(out)?;
                        } else {
                            writeln!(out, "  {}   {}", " ".repeat(width), paint(DIM, line))?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Columns taken on a terminal: CJK characters take two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}
