//! Byte spans into the source text and their conversion to lines and columns.

use serde::Serialize;

/// A half-open byte range `start..end` into the original source text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        Self::new(to_u32(range.start), to_u32(range.end))
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// Offsets are stored as `u32`: inputs larger than 4 GiB are rejected long before parsing.
pub(crate) fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A position for people and editors: 1-based line, 1-based column counted in
/// Unicode scalar values, and the 0-based UTF-16 offset into the whole text
/// (what JavaScript strings and `textarea.setSelectionRange` use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub utf16_offset: u32,
}

/// The start and end positions of a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Location {
    pub start: Position,
    pub end: Position,
}

/// Maps byte offsets to lines and columns. Lines end at `\n` (a `\r` before it
/// belongs to the line break, as in BuildKit's scanner).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the first byte of each line.
    line_starts: Vec<u32>,
    /// UTF-16 offset of the first code unit of each line.
    utf16_line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let mut utf16_line_starts = vec![0];
        let mut utf16 = 0u32;
        // Byte loop: every byte that starts a char is one UTF-16 unit, and a
        // 4-byte char (a leading byte of 0xF0 or more) is a surrogate pair.
        for (offset, &byte) in text.as_bytes().iter().enumerate() {
            if byte & 0xC0 != 0x80 {
                utf16 += 1 + u32::from(byte >= 0xF0);
            }
            if byte == b'\n' {
                line_starts.push(to_u32(offset + 1));
                utf16_line_starts.push(utf16);
            }
        }
        Self {
            line_starts,
            utf16_line_starts,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line number containing `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> u32 {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let line_start = self.line_starts[line] as usize;
        let prefix = &text[line_start..offset as usize];
        // Most lines are ASCII (every place of a finding is located): one
        // byte is one character and one UTF-16 unit.
        let (chars, utf16_in_line) = if prefix.is_ascii() {
            (prefix.len(), prefix.len())
        } else {
            // A byte-order mark is invisible in editors: columns start after it.
            let visible = prefix
                .strip_prefix('\u{feff}')
                .filter(|_| line == 0)
                .unwrap_or(prefix);
            (
                visible.chars().count(),
                prefix.chars().map(char::len_utf16).sum(),
            )
        };
        Position {
            line: to_u32(line + 1),
            column: to_u32(chars + 1),
            utf16_offset: self.utf16_line_starts[line] + to_u32(utf16_in_line),
        }
    }

    pub fn location(&self, text: &str, span: Span) -> Location {
        Location {
            start: self.position(text, span.start),
            end: self.position(text, span.end),
        }
    }
}

fn clamp_to_char_boundary(text: &str, offset: u32) -> u32 {
    let mut offset = (offset as usize).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    to_u32(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        let text = "FROM a\nRUN echo 日本 😀 x\r\nUSER b";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find(" x").unwrap() + 1;
        let pos = index.position(text, to_u32(x));
        assert_eq!((pos.line, pos.column), (2, 15));
        // "FROM a\n" is 7 units; "RUN echo 日本 " is 12; the emoji is 2 units, then a space.
        assert_eq!(pos.utf16_offset, 7 + 12 + 2 + 1);
        let user = index.position(text, to_u32(text.find("USER").unwrap()));
        assert_eq!((user.line, user.column), (3, 1));
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_char_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1).column, 1);
        assert_eq!(index.position(text, 99).column, 2);
    }
}
