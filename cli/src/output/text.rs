//! The text format: one `path:line:col: severity rule message` line per
//! finding (for logs, pipes and grep), or code frames drawn by
//! annotate-snippets (what rustc uses) on a terminal.

use std::io::{self, Write};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use plimsoll_core::export::catalog::{explain_note, safety_label};
use plimsoll_core::fix::Safety;
use plimsoll_core::{Lang, Report, Severity, Span};

use super::{one_line, Options};
use crate::input::Input;

/// An error or a finding as shown by default (with the note on the same
/// rule's findings folded under it), in source order.
enum Item<'a> {
    Error(&'a plimsoll_core::report::ErrorReport),
    Finding(&'a plimsoll_core::Finding, Option<plimsoll_core::Text>),
}

impl Item<'_> {
    fn position(&self) -> (u32, u32) {
        let start = match self {
            Item::Error(error) => error.location.start,
            Item::Finding(finding, _) => finding.location.start,
        };
        (start.line, start.column)
    }
}

/// Errors first at one position, then findings; both in source order.
/// Findings as [`Report::shown`] shows them: info folded away unless
/// `show_info`, a rule's repeats folded under its first finding.
fn items(report: &Report, show_info: bool) -> Vec<Item<'_>> {
    let mut items: Vec<Item> =
        report
            .errors
            .iter()
            .map(Item::Error)
            .chain(report.shown(show_info).iter().map(|shown| {
                Item::Finding(&report.findings[shown.index], report.repeats_note(shown))
            }))
            .collect();
    items.sort_by_key(Item::position);
    items
}

/// `path:line:col: severity rule message` per finding shown (suppressed
/// ones are left out, info ones unless `show_info`; a rule's repeats are
/// counted at the end of its first line) and `path:line:col: error:
/// message` per Dockerfile error.
pub fn compact(
    out: &mut impl Write,
    lang: Lang,
    show_info: bool,
    checked: &[(Input, Report)],
) -> io::Result<()> {
    for (input, report) in checked {
        for item in items(report, show_info) {
            let (line, column) = item.position();
            let rest = match item {
                Item::Error(error) => format!("error: {}", one_line(&error.message)),
                Item::Finding(finding, repeats) => {
                    let mut text = format!(
                        "{} {} {}",
                        finding.severity.as_str(),
                        finding.rule,
                        one_line(finding.message.get(lang))
                    );
                    if let Some(repeats) = repeats {
                        text += &format!(" [{}]", repeats.get(lang));
                    }
                    text
                }
            };
            writeln!(out, "{}:{line}:{column}: {rest}", input.name)?;
        }
        vulnerabilities(out, input, report, lang)?;
    }
    Ok(())
}

/// What the project's scan reports found in a Dockerfile's image, as a
/// table under its findings.
fn vulnerabilities(
    out: &mut impl Write,
    input: &Input,
    report: &Report,
    lang: Lang,
) -> io::Result<()> {
    match &report.vulnerabilities {
        Some(summary) => write!(out, "{}: {}", input.name, summary.table(lang)),
        None => Ok(()),
    }
}

fn level(severity: Severity, lang: Lang) -> Level<'static> {
    let base = match severity {
        Severity::Critical | Severity::High => Level::ERROR,
        Severity::Medium => Level::WARNING,
        Severity::Low => Level::NOTE,
        Severity::Info => Level::INFO,
    };
    base.with_name(Some(severity.label().get(lang).to_owned()))
}

/// The lines around `span` (a frame never needs the whole file, which
/// could be megabytes): the excerpt and the span inside it, on char
/// boundaries. The excerpt starts on the span's first line.
fn excerpt(text: &str, span: Span) -> (&str, std::ops::Range<usize>) {
    let fit = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = fit(span.start as usize);
    let end = fit(span.end as usize).max(start);
    let from = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let to = text[end..].find('\n').map_or(text.len(), |at| end + at + 1);
    // A byte-order mark is invisible, and columns start after it.
    let from = if from == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8().min(start)
    } else {
        from
    };
    (&text[from..to], start - from..end - from)
}

/// Code frames: each finding with its source lines, underlined, its fix and
/// where to read more; then a summary line.
pub fn frames(
    out: &mut impl Write,
    options: Options<'_>,
    checked: &[(Input, Report)],
) -> io::Result<()> {
    let lang = options.lang;
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Unicode);
    let mut totals = Totals::default();
    for (input, report) in checked {
        totals.add(report, options.show_info);
        for item in items(report, options.show_info) {
            // annotate-snippets adds `:line:column` to the path.
            let path = input.name.as_str();
            let groups: Vec<Group> = match item {
                Item::Error(error) => {
                    let name = match lang {
                        Lang::En => "error",
                        Lang::Ja => "エラー",
                    };
                    vec![Level::ERROR
                        .with_name(Some(name))
                        .primary_title(error.message.as_str())
                        .element({
                            let (source, span) = excerpt(&input.text, error.span);
                            Snippet::source(source)
                                .line_start(error.location.start.line as usize)
                                .path(path)
                                .annotation(AnnotationKind::Primary.span(span))
                        })]
                }
                Item::Finding(finding, repeats) => {
                    // One frame over every place of the finding: the first
                    // is the primary annotation, the others context ones
                    // labelled with what is wrong there when it differs.
                    let whole = finding
                        .spans()
                        .fold(finding.span, |whole, span| whole.cover(span));
                    let (source, range) = excerpt(&input.text, whole);
                    let offset = whole.start as usize - range.start;
                    let inside = |span: Span| {
                        let start = (span.start as usize - offset).min(source.len());
                        start..(span.end as usize - offset).clamp(start, source.len())
                    };
                    let first_line = finding
                        .local_related()
                        .map(|related| related.location.start.line)
                        .fold(finding.location.start.line, u32::min);
                    let snippet = Snippet::source(source)
                        .line_start(first_line as usize)
                        .path(path)
                        .annotation(
                            AnnotationKind::Primary
                                .span(inside(finding.span))
                                .label(finding.name),
                        )
                        .annotations(finding.local_related().map(|related| {
                            let annotation = AnnotationKind::Context.span(inside(related.span));
                            match &related.message {
                                Some(message) => annotation.label(message.get(lang)),
                                None => annotation,
                            }
                        }));
                    let mut group = level(finding.severity, lang)
                        .primary_title(finding.message.get(lang))
                        .id(finding.rule)
                        .element(snippet);
                    // Places in other files: where to look, as a note.
                    for related in &finding.related {
                        let Some(file) = &related.file else {
                            continue;
                        };
                        let start = related.location.start;
                        let place = format!("{file}:{}:{}", start.line, start.column);
                        group = group.element(Level::NOTE.message(match &related.message {
                            Some(message) => format!("{}: {place}", message.get(lang)),
                            None => place,
                        }));
                    }
                    if let Some(fix) = &finding.fix {
                        group = group.element(Level::HELP.message(format!(
                            "{}: {}",
                            safety_label(fix.safety, lang),
                            one_line(fix.description.get(lang))
                        )));
                    }
                    if let Some(repeats) = repeats {
                        group = group.element(Level::NOTE.message(repeats.get(lang).to_owned()));
                    }
                    group = group.element(Level::NOTE.message(explain_note(
                        finding.definition,
                        options.docs_url,
                        lang,
                    )));
                    vec![group]
                }
            };
            writeln!(out, "{}\n", renderer.render(&groups))?;
        }
        vulnerabilities(out, input, report, lang)?;
    }
    writeln!(out, "{}", totals.line(lang, checked.len()))
}

#[derive(Default)]
struct Totals {
    /// Unsuppressed findings per severity, most severe first.
    by_severity: [usize; 5],
    suppressed: usize,
    /// Info findings not shown (no `--show-info`).
    folded_info: usize,
    errors: usize,
    /// Unsuppressed findings with a safe fix, and with a fix to review.
    safe_fixes: usize,
    review_fixes: usize,
}

impl Totals {
    fn add(&mut self, report: &Report, show_info: bool) {
        if !show_info {
            self.folded_info += report.folded_info();
        }
        for finding in &report.findings {
            if finding.suppressed.is_some() {
                self.suppressed += 1;
                continue;
            }
            if !show_info && finding.severity == Severity::Info {
                continue;
            }
            let slot = Severity::ALL
                .iter()
                .position(|severity| *severity == finding.severity)
                .unwrap_or(0);
            self.by_severity[slot] += 1;
            match &finding.fix {
                Some(fix) if fix.is_applicable() && fix.safety == Safety::Safe => {
                    self.safe_fixes += 1;
                }
                Some(fix) if fix.is_applicable() => self.review_fixes += 1,
                _ => {}
            }
        }
        self.errors += report.errors.len();
    }

    fn line(&self, lang: Lang, files: usize) -> String {
        let findings: usize = self.by_severity.iter().sum();
        let counts: Vec<String> = Severity::ALL
            .iter()
            .zip(self.by_severity)
            .filter(|(_, count)| *count > 0)
            .map(|(severity, count)| format!("{count} {}", severity.label().get(lang)))
            .collect();
        let detail = if counts.is_empty() {
            String::new()
        } else {
            format!(" ({})", counts.join(", "))
        };
        match lang {
            Lang::En => {
                let mut line = format!(
                    "{files} file{} checked: {findings} finding{}{detail}",
                    plural(files),
                    plural(findings)
                );
                if self.errors > 0 {
                    line += &format!(", {} Dockerfile error{}", self.errors, plural(self.errors));
                }
                if self.suppressed > 0 {
                    line += &format!(", {} suppressed", self.suppressed);
                }
                if self.folded_info > 0 {
                    line += &format!(", {} info not shown (`--show-info`)", self.folded_info);
                }
                if self.safe_fixes > 0 {
                    line += &format!("; {} fixable with `plimsoll fix`", self.safe_fixes);
                }
                if self.review_fixes > 0 {
                    line += &format!(
                        "; {} more with `plimsoll fix --unsafe` (review the diff)",
                        self.review_fixes
                    );
                }
                line
            }
            Lang::Ja => {
                let mut line = format!("{files} ファイルをチェック: 検出 {findings} 件{detail}");
                if self.errors > 0 {
                    line += &format!("、Dockerfile のエラー {} 件", self.errors);
                }
                if self.suppressed > 0 {
                    line += &format!("、抑制 {} 件", self.suppressed);
                }
                if self.folded_info > 0 {
                    line += &format!(
                        "、情報 {} 件は非表示（`--show-info` で表示）",
                        self.folded_info
                    );
                }
                if self.safe_fixes > 0 {
                    line += &format!("。{} 件は `plimsoll fix` で修正できます", self.safe_fixes);
                }
                if self.review_fixes > 0 {
                    line += &format!(
                        "。さらに {} 件は `plimsoll fix --unsafe` で修正できます（差分を確認してください）",
                        self.review_fixes
                    );
                }
                line
            }
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_the_lines_of_the_span() {
        let text = "FROM a\nRUN x \\\n  y\nUSER 1\n";
        let run = text.find('x').unwrap() as u32;
        let y = text.find('y').unwrap() as u32;
        let (source, span) = excerpt(text, Span::new(run, y + 1));
        assert_eq!(source, "RUN x \\\n  y\n");
        assert_eq!(&source[span], "x \\\n  y");
        // Past the end and inside a character: clamped.
        let text = "FROM é";
        let (source, span) = excerpt(text, Span::new(6, 40));
        assert_eq!((source, span), ("FROM é", 5..7));
        let text = "\u{feff}FROM a\n";
        let (source, span) = excerpt(text, Span::new(8, 9));
        assert_eq!((source, span), ("FROM a\n", 5..6));
    }
}
