//! Text work behind the editor, as plain functions: the highlight layer under
//! the textarea, the gutter, fix previews, applying fixes and writing
//! suppression comments.

use plimsoll_core::fix::{self, Fix};
use plimsoll_core::{Severity, Span};

/// Textareas turn every line break into `\n`; the checked text must match.
pub fn normalize_line_breaks(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// Lines and the widest line (in character cells: wide characters count
/// two), which size the textarea so that it never scrolls by itself.
pub fn text_size(text: &str) -> (usize, usize) {
    let mut lines = 0;
    let mut widest = 0;
    for line in text.split('\n') {
        lines += 1;
        let width: usize = line
            .chars()
            .map(|c| match c {
                '\t' => 4,
                c if c >= '\u{1100}' => 2,
                _ => 1,
            })
            .sum();
        widest = widest.max(width);
    }
    (lines, widest)
}

/// A run of the highlight layer: plain text, or text under findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    /// The worst severity of the findings covering the run.
    pub severity: Option<Severity>,
}

/// Cuts `text` into runs at the findings' spans. Empty spans are widened to
/// one character so they stay visible.
pub fn segments(text: &str, marks: &[(Span, Severity)]) -> Vec<Segment> {
    let len = text.len();
    let visible: Vec<(usize, usize, Severity)> = marks
        .iter()
        .filter_map(|&(span, severity)| {
            let start = boundary(text, (span.start as usize).min(len));
            let mut end = boundary(text, (span.end as usize).min(len)).max(start);
            if end == start {
                end = text[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
            }
            (end > start).then_some((start, end, severity))
        })
        .collect();
    let mut cuts: Vec<usize> = vec![0, len];
    cuts.extend(visible.iter().flat_map(|&(start, end, _)| [start, end]));
    cuts.sort_unstable();
    cuts.dedup();
    // Sweep: a span covers the run starting at `from` when it started at or
    // before `from` and has not ended yet.
    let mut starts: Vec<(usize, Severity)> = visible.iter().map(|&(s, _, v)| (s, v)).collect();
    let mut ends: Vec<(usize, Severity)> = visible.iter().map(|&(_, e, v)| (e, v)).collect();
    starts.sort_unstable_by_key(|&(at, _)| at);
    ends.sort_unstable_by_key(|&(at, _)| at);
    let (mut next_start, mut next_end) = (0, 0);
    let mut open = [0usize; 5];
    let slot = |severity: Severity| severity as usize;
    let mut out: Vec<Segment> = Vec::new();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        while next_start < starts.len() && starts[next_start].0 <= from {
            open[slot(starts[next_start].1)] += 1;
            next_start += 1;
        }
        while next_end < ends.len() && ends[next_end].0 <= from {
            open[slot(ends[next_end].1)] -= 1;
            next_end += 1;
        }
        let severity = Severity::ALL
            .into_iter()
            .find(|&severity| open[slot(severity)] > 0);
        match out.last_mut() {
            Some(last) if last.severity == severity => last.text.push_str(&text[from..to]),
            _ => out.push(Segment {
                text: text[from..to].to_owned(),
                severity,
            }),
        }
    }
    out
}

fn boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A run of the line-number gutter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GutterRun {
    /// Line numbers without findings, one per line.
    Plain(String),
    /// A line with findings: its worst severity and their messages.
    Marked {
        line: u32,
        severity: Severity,
        messages: Vec<String>,
    },
}

/// The gutter for `line_count` lines and findings `(line, severity, message)`.
pub fn gutter(line_count: usize, marks: &[(u32, Severity, String)]) -> Vec<GutterRun> {
    let mut sorted: Vec<&(u32, Severity, String)> = marks.iter().collect();
    plimsoll_core::order::sort_by_key(&mut sorted, |(line, _, _)| *line);
    let mut runs = Vec::new();
    let mut plain = String::new();
    let mut next = 1u32;
    let mut index = 0;
    while (next as usize) <= line_count {
        let at_line: Vec<_> = sorted[index..]
            .iter()
            .take_while(|(line, _, _)| *line == next)
            .collect();
        index += at_line.len();
        while sorted.get(index).is_some_and(|(line, _, _)| *line < next) {
            index += 1;
        }
        if at_line.is_empty() {
            plain.push_str(&format!("{next}\n"));
        } else {
            if !plain.is_empty() {
                runs.push(GutterRun::Plain(std::mem::take(&mut plain)));
            }
            runs.push(GutterRun::Marked {
                line: next,
                severity: at_line
                    .iter()
                    .map(|(_, severity, _)| *severity)
                    .max()
                    .unwrap_or(Severity::Info),
                messages: at_line
                    .iter()
                    .map(|(_, _, message)| message.clone())
                    .collect(),
            });
        }
        next += 1;
    }
    if !plain.is_empty() {
        runs.push(GutterRun::Plain(plain));
    }
    runs
}

/// The lines a fix changes, before and after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiffPreview {
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

pub fn diff_preview(source: &str, fix: &Fix) -> Option<DiffPreview> {
    let start = fix
        .edits
        .iter()
        .map(|edit| edit.span.start as usize)
        .min()?;
    let end = fix.edits.iter().map(|edit| edit.span.end as usize).max()?;
    let (fixed, applied) = fix::apply(source, [fix]);
    if applied == 0 {
        return None;
    }
    let from = source[..start].rfind('\n').map_or(0, |at| at + 1);
    let to = source[end..].find('\n').map_or(source.len(), |at| end + at);
    let grown = fixed.len() + to - source.len();
    let old: Vec<&str> = source[from..to].split('\n').collect();
    let new: Vec<&str> = fixed[from..grown].split('\n').collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let keep = |lines: &[&str]| {
        lines[head..lines.len() - tail]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    };
    Some(DiffPreview {
        removed: keep(&old),
        added: keep(&new),
    })
}

/// Applies the safe fixes until none is left (fixes that overlapped one
/// applied before get their turn on the next pass). Returns the new text
/// and how many fixes were applied.
pub fn apply_safe_fixes(source: &str, check: impl Fn(&str) -> Vec<Fix>) -> (String, usize) {
    let mut text = source.to_owned();
    let mut total = 0;
    for _ in 0..8 {
        let fixes = check(&text);
        let (fixed, applied) = fix::apply(&text, &fixes);
        if applied == 0 || fixed == text {
            break;
        }
        text = fixed;
        total += applied;
    }
    (text, total)
}

/// The one stretch where two texts differ: bytes `start..old_end` of the
/// old text became `inserted` (bytes `start..start + inserted.len()` of the
/// new one). Replacing only that stretch keeps the editor's undo history
/// exact and cheap, whatever the size of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change<'a> {
    pub start: usize,
    pub old_end: usize,
    pub inserted: &'a str,
}

impl<'a> Change<'a> {
    pub fn between(old: &str, new: &'a str) -> Change<'a> {
        let common = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let start = boundary(old, common);
        let room = (old.len() - start).min(new.len() - start);
        let tail = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let mut old_end = old.len() - tail;
        let mut new_end = new.len() - tail;
        while !old.is_char_boundary(old_end) || !new.is_char_boundary(new_end) {
            old_end += 1;
            new_end += 1;
        }
        Change {
            start,
            old_end,
            inserted: &new[start..new_end],
        }
    }

    /// Where byte `at` of the old text is in the new one; `None` inside
    /// the changed stretch, where it has no place.
    pub fn moved(&self, at: u32) -> Option<u32> {
        let at = at as usize;
        if at <= self.start {
            Some(at as u32)
        } else if at >= self.old_end {
            u32::try_from(at - self.old_end + self.start + self.inserted.len()).ok()
        } else {
            None
        }
    }

    /// `fix`, computed for the old text, for the new one: `None` when the
    /// change touches what the fix edits (it must be computed again).
    pub fn carry(&self, fix: &Fix) -> Option<Fix> {
        let edits = fix
            .edits
            .iter()
            .map(|edit| {
                let span = edit.span;
                let clear = span.end as usize <= self.start || span.start as usize >= self.old_end;
                clear.then_some(())?;
                Some(fix::Edit::replace(
                    Span::new(self.moved(span.start)?, self.moved(span.end)?),
                    edit.replacement.clone(),
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Fix {
            edits,
            ..fix.clone()
        })
    }
}

/// The UTF-16 length of `text[..byte]` (caret positions for JavaScript).
pub fn utf16_len(text: &str, byte: usize) -> u32 {
    let end = boundary(text, byte.min(text.len()));
    u32::try_from(text[..end].encode_utf16().count()).unwrap_or(u32::MAX)
}

/// UTF-16 offsets of the start and end of line `line` (1-based) of
/// `text`, without its line break; `None` past the last line.
pub fn line_range(text: &str, line: u32) -> Option<(u32, u32)> {
    let index = usize::try_from(line.checked_sub(1)?).ok()?;
    let start = if index == 0 {
        0
    } else {
        text.match_indices('\n').nth(index - 1)?.0 + 1
    };
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    Some((utf16_len(text, start), utf16_len(text, end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_core::Settings;

    #[test]
    fn a_line_is_found_by_its_number_in_utf16_offsets() {
        let text = "FROM ä\nRUN x\n\nUSER 1";
        assert_eq!(line_range(text, 1), Some((0, 6)));
        assert_eq!(line_range(text, 2), Some((7, 12)));
        assert_eq!(line_range(text, 3), Some((13, 13)));
        assert_eq!(line_range(text, 4), Some((14, 20)));
        assert_eq!(line_range(text, 5), None);
        assert_eq!(line_range(text, 0), None);
    }

    fn fixes(text: &str) -> Vec<Fix> {
        let analysis = crate::analysis::Analysis::check(text, &Settings::default());
        analysis.safe_fixes().cloned().collect()
    }

    #[test]
    fn line_breaks_are_normalized() {
        assert_eq!(normalize_line_breaks("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn size_counts_lines_tabs_and_wide_characters() {
        assert_eq!(text_size(""), (1, 0));
        assert_eq!(text_size("ab\n\tx\n日本"), (3, 5));
    }

    #[test]
    fn segments_cover_the_text_with_the_worst_severity() {
        let text = "FROM node:latest\n";
        let marks = [
            (Span::new(5, 16), Severity::Low),
            (Span::new(10, 16), Severity::High),
            (Span::new(0, 0), Severity::Info),
        ];
        let runs = segments(text, &marks);
        let joined: String = runs.iter().map(|run| run.text.as_str()).collect();
        assert_eq!(joined, text);
        let severities: Vec<_> = runs
            .iter()
            .map(|run| (run.text.as_str(), run.severity))
            .collect();
        assert_eq!(
            severities,
            [
                ("F", Some(Severity::Info)),
                ("ROM ", None),
                ("node:", Some(Severity::Low)),
                ("latest", Some(Severity::High)),
                ("\n", None),
            ]
        );
    }

    #[test]
    fn segments_survive_stale_spans_and_multibyte_text() {
        let runs = segments("日本", &[(Span::new(1, 99), Severity::Low)]);
        assert_eq!(
            runs.iter().map(|run| run.text.as_str()).collect::<String>(),
            "日本"
        );
    }

    #[test]
    fn gutter_marks_lines_with_findings() {
        let marks = vec![
            (2, Severity::Low, "a".to_owned()),
            (2, Severity::High, "b".to_owned()),
            (9, Severity::Low, "stale".to_owned()),
        ];
        assert_eq!(
            gutter(3, &marks),
            [
                GutterRun::Plain("1\n".into()),
                GutterRun::Marked {
                    line: 2,
                    severity: Severity::High,
                    messages: vec!["a".into(), "b".into()],
                },
                GutterRun::Plain("3\n".into()),
            ]
        );
    }

    #[test]
    fn diff_preview_shows_only_changed_lines() {
        let text = "FROM alpine:3.20\nRUN apk add curl\nUSER 1000\n";
        let edit = plimsoll_core::fix::Edit::replace(Span::new(25, 28), "add --no-cache");
        let fix = Fix::safe(plimsoll_core::Text::default(), vec![edit]);
        let preview = diff_preview(text, &fix).unwrap();
        assert_eq!(preview.removed, ["RUN apk add curl"]);
        assert_eq!(preview.added, ["RUN apk add --no-cache curl"]);
    }

    #[test]
    fn safe_fixes_are_applied_until_none_is_left() {
        let text = "FROM alpine:3.20\nRUN apk add curl\nUSER 1000\n";
        let (fixed, applied) = apply_safe_fixes(text, fixes);
        assert!(applied >= 1, "{fixed}");
        assert!(fixes(&fixed).is_empty(), "{fixed}");
    }

    #[test]
    fn a_change_is_the_stretch_between_common_ends() {
        let change = Change::between("FROM a\nRUN x\n", "FROM a\nRUN yz x\n");
        assert_eq!(
            (change.start, change.old_end, change.inserted),
            (11, 11, "yz ")
        );
        let same = Change::between("abc", "abc");
        assert_eq!((same.start, same.old_end, same.inserted), (3, 3, ""));
        // Multibyte characters are never cut: 日 and 本 share their first byte.
        let wide = Change::between("a日b", "a本b");
        assert_eq!((wide.start, wide.old_end, wide.inserted), (1, 4, "本"));
        let shrink = Change::between("aaaa", "aa");
        assert_eq!((shrink.start, shrink.old_end, shrink.inserted), (2, 4, ""));
    }

    #[test]
    fn a_fix_is_carried_over_typing_elsewhere_only() {
        let checked = "FROM alpine:3.20\nADD app.js /app/\n";
        let typed = format!("{checked}RUN echo typed\n");
        let fix = fixes(checked)
            .into_iter()
            .find(|fix| {
                fix.edits
                    .iter()
                    .any(|edit| edit.replacement.contains("COPY"))
            })
            .expect("PL806 has a safe fix");
        let carried = Change::between(checked, &typed).carry(&fix).unwrap();
        let (fixed, applied) = fix::apply(&typed, [&carried]);
        assert_eq!(applied, 1);
        assert_eq!(
            fixed,
            "FROM alpine:3.20\nCOPY app.js /app/\nRUN echo typed\n"
        );
        // Typing above the fix moves it down.
        let above = format!("# note\n{checked}");
        let carried = Change::between(checked, &above).carry(&fix).unwrap();
        assert_eq!(
            fix::apply(&above, [&carried]).0,
            "# note\nFROM alpine:3.20\nCOPY app.js /app/\n"
        );
        // Typing inside what the fix edits: it must be computed again.
        let inside = checked.replace("ADD", "AD D");
        assert_eq!(Change::between(checked, &inside).carry(&fix), None);
    }

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len("a😀b", 5), 3);
        assert_eq!(utf16_len("日本", 4), 1);
    }
}
