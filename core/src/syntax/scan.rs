//! The line scanner: BuildKit's `parser.Parse` loop, with spans.

use super::instruction::{parse_instruction, InstructionDraft};
use super::text::LogicalText;
use super::words::shell_words;
use super::{Comment, Directive, Dockerfile, Heredoc, Keyword, SyntaxError};
use crate::span::{to_u32, LineIndex, Span};

/// One physical line: content excludes the line break (`\n` or `\r\n`).
#[derive(Clone, Copy, Debug)]
struct Line {
    /// 1-based.
    number: u32,
    start: usize,
    /// End of the content.
    end: usize,
    /// Start of the next line.
    next: usize,
}

struct Lines<'a> {
    source: &'a str,
    pos: usize,
    number: u32,
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.source.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.source[start..];
        // Go's `trimNewline` (`bytes.TrimRight(line, "\r\n")`) drops every
        // trailing carriage return too.
        let (content, next) = match rest.find('\n') {
            Some(newline) => (&rest[..newline], start + newline + 1),
            None => (rest, self.source.len()),
        };
        let end = start + content.trim_end_matches('\r').len();
        self.pos = next;
        self.number += 1;
        Some(Line {
            number: self.number,
            start,
            end,
            next,
        })
    }
}

pub(crate) struct Scanner<'a> {
    source: &'a str,
    lines: Lines<'a>,
    escape: char,
    directives: Vec<Directive>,
    directives_done: bool,
    /// The first line is a shebang (`#!`): BuildKit's parser then reads no
    /// directive (the escape character stays), but its syntax and check
    /// lookups (`DetectSyntax`, `ParseDirective`) skip the shebang and read
    /// `# syntax=` and `# check=` below it.
    after_shebang: bool,
    comments: Vec<Comment>,
    errors: Vec<SyntaxError>,
}

/// BuildKit reads lines with a `bufio.Scanner` of 64 KiB: a longer line fails.
const MAX_LINE: usize = 64 * 1024;

impl<'a> Scanner<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
        Scanner {
            source,
            lines: Lines {
                source,
                pos: bom,
                number: 0,
            },
            escape: '\\',
            directives: Vec::new(),
            directives_done: false,
            after_shebang: false,
            comments: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub(crate) fn run(mut self) -> Dockerfile {
        self.check_line_lengths();
        let mut instructions = Vec::new();
        while let Some(line) = self.lines.next() {
            let content_start = line.start + leading_whitespace(&self.source[line.start..line.end]);
            let content = &self.source[content_start..line.end];
            if line.number == 1 && self.source[line.start..line.end].starts_with("#!") {
                self.after_shebang = true;
                self.comment(content_start, line, false);
                continue;
            }
            if !self.directives_done && self.directive(content, content_start, line) {
                continue;
            }
            self.directives_done = true;
            if content.starts_with('#') {
                self.comment(content_start, line, false);
                continue;
            }
            if content.is_empty() {
                continue;
            }
            if let Some(instruction) = self.instruction(content_start, line) {
                instructions.push(instruction);
            }
        }
        // Held until the report is made: no room for more.
        instructions.shrink_to_fit();
        if instructions.is_empty() {
            self.errors.push(SyntaxError {
                message: "file with no instructions".to_string(),
                span: Span::default(),
            });
        }
        Dockerfile {
            escape: self.escape,
            directives: self.directives,
            instructions,
            comments: self.comments,
            errors: self.errors,
            line_index: LineIndex::new(self.source),
        }
    }

    /// Reads a parser directive; false ends the directive section.
    fn directive(&mut self, content: &str, content_start: usize, line: Line) -> bool {
        let Some((name, value_range)) = directive_parts(content) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let value = content[value_range.clone()].to_string();
        let span = Span::from_range(line.start..line.end);
        let value_span =
            Span::from_range(content_start + value_range.start..content_start + value_range.end);
        if self.after_shebang && name == "escape" {
            // A comment for BuildKit, which applies no escape directive after
            // a shebang; the directive section goes on for syntax and check.
            self.comment(content_start, line, false);
            return true;
        }
        if self.directives.iter().any(|seen| seen.name == name) {
            if self.after_shebang {
                // `ParseDirective` takes the first one and reports nothing.
                self.comment(content_start, line, false);
                return true;
            }
            self.errors.push(SyntaxError {
                message: format!("only one {name} parser directive can be used"),
                span,
            });
        } else if name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => self.errors.push(SyntaxError {
                    message: format!(
                        "invalid escape token {value:?}: it must be a backslash or a backtick"
                    ),
                    span: value_span,
                }),
            }
        }
        self.comments.push(Comment {
            text: content[1..].trim().to_string(),
            span,
            line: line.number,
            inside_instruction: false,
        });
        self.directives.push(Directive {
            name,
            value,
            span,
            value_span,
        });
        true
    }

    /// `dockerfile line greater than max allowed size of 65535`.
    fn check_line_lengths(&mut self) {
        let lines = Lines {
            source: self.source,
            pos: self.lines.pos,
            number: 0,
        };
        for line in lines {
            let newline = usize::from(self.source[..line.next].ends_with('\n'));
            if line.next - line.start - newline >= MAX_LINE {
                self.errors.push(SyntaxError {
                    message: format!(
                        "dockerfile line greater than max allowed size of {}",
                        MAX_LINE - 1
                    ),
                    span: Span::from_range(line.start..line.end),
                });
            }
        }
    }

    fn comment(&mut self, content_start: usize, line: Line, inside_instruction: bool) {
        self.comments.push(Comment {
            text: self.source[content_start + 1..line.end].trim().to_string(),
            span: Span::from_range(content_start..line.end),
            line: line.number,
            inside_instruction,
        });
    }

    /// Joins an instruction's lines, reads its heredocs and parses it.
    fn instruction(&mut self, content_start: usize, first: Line) -> Option<super::Instruction> {
        let mut text = LogicalText::default();
        let (end, mut continued) = self.trim_continuation(content_start, first.end);
        text.push(self.source, content_start..end);
        let mut last = first;
        let mut empty_continuation_lines = Vec::new();
        while continued {
            let Some(line) = self.lines.next() else { break };
            last = line;
            let trimmed = line.start + leading_whitespace(&self.source[line.start..line.end]);
            if self.source[trimmed..line.end].starts_with('#') {
                self.comment(trimmed, line, true);
                continue;
            }
            if trimmed == line.end {
                empty_continuation_lines.push(Span::from_range(line.start..line.end));
                continue;
            }
            let (end, more) = self.trim_continuation(line.start, line.end);
            text.push(self.source, line.start..end);
            continued = more;
        }
        let span_end = last.end;
        let draft = InstructionDraft::new(text, self.escape)?;
        let mut heredocs = Vec::new();
        let mut end_line = last.number;
        if draft.can_contain_heredoc() {
            for marker in heredoc_markers(&draft.text) {
                let heredoc = self.heredoc_body(marker, &mut end_line);
                heredocs.push(heredoc);
            }
        }
        let instruction = parse_instruction(
            draft,
            Span::from_range(content_start..span_end),
            (first.number, end_line),
            heredocs,
            empty_continuation_lines,
            &mut self.errors,
        );
        Some(instruction)
    }

    /// BuildKit's `([^\\])\\[ \t]*$|^\\[ \t]*$`: the escape character, then
    /// only blanks, ends the line with a continuation, unless another escape
    /// character precedes it (`foo\\` ends with a literal backslash).
    fn trim_continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let line = &self.source[start..end];
        let trimmed = line.trim_end_matches([' ', '\t']);
        match trimmed.strip_suffix(self.escape) {
            Some(before) if !before.ends_with(self.escape) => (start + before.len(), true),
            _ => (end, false),
        }
    }

    fn heredoc_body(&mut self, marker: HeredocMarker, end_line: &mut u32) -> Heredoc {
        let body_start = self.lines.pos;
        let mut body_end = body_start;
        let mut terminator_span = None;
        for line in self.lines.by_ref() {
            *end_line = line.number;
            let content = &self.source[line.start..line.end];
            let candidate = if marker.chomp {
                content.trim_start_matches('\t')
            } else {
                content
            };
            if candidate == marker.name {
                terminator_span = Some(Span::from_range(line.start..line.end));
                break;
            }
            body_end = line.next;
        }
        if terminator_span.is_none() {
            self.errors.push(SyntaxError {
                message: format!("unterminated heredoc: no line `{}` closes it", marker.name),
                span: marker.span,
            });
        }
        Heredoc {
            name: marker.name,
            expand: marker.expand,
            chomp: marker.chomp,
            file_descriptor: marker.file_descriptor,
            marker_span: marker.span,
            body: self.source[body_start..body_end].to_string(),
            body_span: Span::new(to_u32(body_start), to_u32(body_end)),
            terminator_span,
        }
    }
}

fn leading_whitespace(text: &str) -> usize {
    text.len() - text.trim_start_matches(|ch: char| ch.is_whitespace()).len()
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`: the name and the value's range.
fn directive_parts(content: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let after_hash = content.strip_prefix('#')?;
    let name_start = 1 + leading_whitespace(after_hash);
    let rest = &content[name_start..];
    let name_len = rest
        .char_indices()
        .find(|&(index, ch)| !(ch.is_ascii_alphabetic() || (index > 0 && ch.is_ascii_digit())))
        .map_or(rest.len(), |(index, _)| index);
    if name_len == 0 {
        return None;
    }
    let name = &rest[..name_len];
    let after_name = &rest[name_len..];
    let equals = leading_whitespace(after_name);
    if !after_name[equals..].starts_with('=') {
        return None;
    }
    let value_start = name_start + name_len + equals + 1;
    let value_start = value_start + leading_whitespace(&content[value_start..]);
    let value_end = content.trim_end().len();
    (value_end > value_start).then_some((name, value_start..value_end))
}

struct HeredocMarker {
    name: String,
    expand: bool,
    chomp: bool,
    file_descriptor: Option<u32>,
    span: Span,
}

/// Finds `<<EOF`-style words (`^(\d*)<<(-?)\s*([^<]*)$` in BuildKit) in order.
fn heredoc_markers(text: &LogicalText) -> Vec<HeredocMarker> {
    let line = text.as_str();
    if !line.contains("<<") {
        return Vec::new();
    }
    shell_words(line, 0..line.len())
        .into_iter()
        .filter_map(|range| {
            let word = &line[range.clone()];
            let digits = word.len()
                - word
                    .trim_start_matches(|ch: char| ch.is_ascii_digit())
                    .len();
            let rest = word[digits..].strip_prefix("<<")?;
            let (chomp, delimiter) = match rest.strip_prefix('-') {
                Some(delimiter) => (true, delimiter),
                None => (false, rest),
            };
            // The regexp's `\s*` between `<<-` and the delimiter.
            let delimiter = delimiter.trim_start_matches([' ', '\t', '\n', '\u{c}', '\r']);
            if delimiter.is_empty() || delimiter.contains('<') {
                return None;
            }
            let name = unquote_delimiter(delimiter)?;
            let quotes = |text: &str| text.matches(['\'', '"']).count();
            Some(HeredocMarker {
                expand: quotes(&name) == quotes(delimiter),
                name,
                chomp,
                file_descriptor: word[..digits].parse().ok(),
                span: text.span(range),
            })
        })
        .collect()
}

/// Removes quotes and backslash escapes from a delimiter; `None` when it
/// is not a single word.
fn unquote_delimiter(delimiter: &str) -> Option<String> {
    let mut name = String::new();
    let mut quote: Option<char> = None;
    let mut chars = delimiter.chars();
    while let Some(ch) = chars.next() {
        match quote {
            Some(open) if ch == open => quote = None,
            Some('"') if ch == '\\' => name.push(chars.next().unwrap_or('\\')),
            Some(_) => name.push(ch),
            None if ch == '\'' || ch == '"' => quote = Some(ch),
            None if ch == '\\' => name.extend(chars.next()),
            None if ch.is_whitespace() => return None,
            None => name.push(ch),
        }
    }
    (!name.is_empty()).then_some(name)
}

impl InstructionDraft {
    fn can_contain_heredoc(&self) -> bool {
        let keyword = if self.keyword == Keyword::Onbuild {
            self.inner_keyword
        } else {
            self.keyword
        };
        matches!(keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !self.is_json_form()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_forms() {
        assert_eq!(directive_parts("# escape=`"), Some(("escape", 9..10)));
        assert!(directive_parts("#syntax = docker/dockerfile:1 ").is_some());
        assert!(directive_parts("# 1x=y").is_none());
        assert!(directive_parts("# x=").is_none());
        assert!(directive_parts("# just a comment").is_none());
    }
}
