//! Logical lines: the text of one instruction after its continuation lines
//! are joined, with a map back to the source so every word keeps its span.

use crate::span::{to_u32, Span};

/// The joined text of an instruction and where each piece came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalText {
    text: String,
    /// Pieces in order: `(logical_start, source_start)`; each piece is a
    /// contiguous run of source bytes.
    pieces: Vec<(u32, u32)>,
}

impl LogicalText {
    pub(crate) fn push(&mut self, source: &str, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.pieces
            .push((to_u32(self.text.len()), to_u32(range.start)));
        self.text.push_str(&source[range]);
    }

    /// The part of this text in `range`, keeping its map to the source.
    pub(crate) fn slice(&self, range: std::ops::Range<usize>) -> LogicalText {
        let mut sliced = LogicalText::default();
        for (index, &(logical_start, source_start)) in self.pieces.iter().enumerate() {
            let piece_end = self
                .pieces
                .get(index + 1)
                .map_or(self.text.len(), |next| next.0 as usize);
            let start = range.start.max(logical_start as usize);
            let end = range.end.min(piece_end);
            if start < end {
                sliced.pieces.push((
                    to_u32(sliced.text.len()),
                    source_start + to_u32(start - logical_start as usize),
                ));
                sliced.text.push_str(&self.text[start..end]);
            }
        }
        sliced
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Source offset of the byte at `logical` (or just past the end).
    pub fn source_offset(&self, logical: usize) -> u32 {
        let logical = to_u32(logical);
        let index = match self.pieces.binary_search_by_key(&logical, |piece| piece.0) {
            Ok(index) => index,
            Err(0) => return logical,
            Err(next) => next - 1,
        };
        let (logical_start, source_start) = self.pieces[index];
        source_start + (logical - logical_start)
    }

    /// The source span of a logical byte range. A range that crosses a
    /// continuation covers the joined lines in between.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let start = self.source_offset(range.start);
        if range.end <= range.start {
            return Span::new(start, start);
        }
        Span::new(start, self.source_offset(range.end - 1) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_logical_offsets_across_pieces() {
        let source = "RUN a \\\n  b";
        let mut text = LogicalText::default();
        text.push(source, 0..6);
        text.push(source, 8..11);
        assert_eq!(text.as_str(), "RUN a   b");
        let b = text.as_str().find('b').unwrap();
        assert_eq!(text.span(b..b + 1), Span::new(10, 11));
        assert_eq!(text.span(4..9), Span::new(4, 11));
    }
}
