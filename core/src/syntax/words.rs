//! Word splitting exactly as BuildKit's parser does it, returning byte ranges
//! into the logical text so that callers can compute spans.

use std::ops::Range;

/// BuildKit's `[\t\v\f\r ]+`, the separator of whitespace-delimited arguments.
pub(crate) fn is_separator(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\u{b}' | '\u{c}' | '\r')
}

/// Splits on runs of [`is_separator`] (BuildKit's `parseStringsWhitespaceDelimited`).
pub(crate) fn split_whitespace(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (offset, ch) in text[range.clone()].char_indices() {
        let at = range.start + offset;
        match (is_separator(ch), start) {
            (true, Some(begin)) => {
                words.push(begin..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(begin) = start {
        words.push(begin..range.end);
    }
    words
}

/// BuildKit's `parseWords`: splits on unquoted, unescaped whitespace. Quotes
/// and escape characters stay in the words; expansion handles them later.
pub(crate) fn parse_words(text: &str, range: Range<usize>, escape: char) -> Vec<Range<usize>> {
    split_unquoted(text, range, escape, false).0
}

/// Go's `unicode.IsSpace` on an ASCII byte (vertical tab included, unlike
/// `u8::is_ascii_whitespace`).
fn is_go_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// A `--name[=value]` flag as BuildKit's `extractBuilderFlags` reads it:
/// quotes are removed and escapes resolved in `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawFlag {
    pub text: String,
    pub range: Range<usize>,
}

/// Reads the leading `--flags` of an instruction's arguments. Returns them
/// and the offset where the remaining arguments start. A lone `--` ends the
/// flags and is dropped, as in BuildKit.
pub(crate) fn extract_flags(text: &str, range: Range<usize>) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = range.start;
    loop {
        while pos < range.end && is_go_ascii_space(bytes[pos]) {
            pos += 1;
        }
        if pos + 1 >= range.end || bytes[pos] != b'-' || bytes[pos + 1] != b'-' {
            return (flags, pos.min(range.end));
        }
        let start = pos;
        let mut word = String::new();
        let mut quote: Option<char> = None;
        let mut chars = text[start..range.end].char_indices().peekable();
        let mut end = range.end;
        while let Some((offset, ch)) = chars.next() {
            match quote {
                Some(open) if ch == open => quote = None,
                Some(_) if ch == '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        word.push(escaped);
                    }
                }
                Some(_) => word.push(ch),
                None if ch.is_whitespace() => {
                    end = start + offset;
                    break;
                }
                None if ch == '\'' || ch == '"' => quote = Some(ch),
                None if ch == '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        word.push(escaped);
                    }
                }
                None => word.push(ch),
            }
        }
        pos = end;
        if word == "--" {
            while pos < range.end && is_go_ascii_space(bytes[pos]) {
                pos += 1;
            }
            return (flags, pos);
        }
        flags.push(RawFlag {
            text: word,
            range: start..end,
        });
    }
}

/// Why a `[ ... ]` argument is or is not an exec-form array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Valid JSON array of strings: each decoded value with its range.
    Strings(Vec<(String, Range<usize>)>),
    /// Not JSON at all: BuildKit falls back to the shell form.
    NotJson,
    /// Valid JSON, but an element is not a string: BuildKit rejects it.
    NotStrings,
}

/// BuildKit's `parseJSON`: the arguments must start with `[` and begin with a
/// valid JSON array; text after its closing bracket is ignored, as Go's
/// `json.Decoder` ignores it (`CMD ["a"] b` runs `a`).
pub(crate) fn parse_json_array(text: &str, range: Range<usize>) -> JsonArray {
    let mut reader = JsonReader {
        bytes: text.as_bytes(),
        pos: range.start,
        end: range.end,
        text,
    };
    reader.skip_ws();
    if reader.peek() != Some(b'[') {
        return JsonArray::NotJson;
    }
    reader.pos += 1;
    let mut items = Vec::new();
    let mut all_strings = true;
    reader.skip_ws();
    if reader.peek() != Some(b']') {
        loop {
            reader.skip_ws();
            let start = reader.pos;
            if reader.peek() == Some(b'"') {
                let Some(value) = reader.string() else {
                    return JsonArray::NotJson;
                };
                items.push((value, start..reader.pos));
            } else if reader.value().is_some() {
                all_strings = false;
            } else {
                return JsonArray::NotJson;
            }
            reader.skip_ws();
            match reader.next() {
                Some(b',') => continue,
                Some(b']') => break,
                _ => return JsonArray::NotJson,
            }
        }
    }
    // BuildKit reads the array with `json.NewDecoder(...).Decode`, which
    // stops at the closing bracket: whatever follows it is ignored.
    if all_strings {
        JsonArray::Strings(items)
    } else {
        JsonArray::NotStrings
    }
}

struct JsonReader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    end: usize,
}

impl JsonReader<'_> {
    fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.bytes[self.pos])
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    /// Skips any JSON value; `None` when it is not valid JSON.
    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'[' => self.container(b']', |reader| reader.value()),
            b'{' => self.container(b'}', |reader| {
                reader.skip_ws();
                if reader.peek() != Some(b'"') {
                    return None;
                }
                reader.string()?;
                reader.skip_ws();
                (reader.next()? == b':').then_some(())?;
                reader.skip_ws();
                reader.value()
            }),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number(),
        }
    }

    fn container(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.skip_ws();
            item(self)?;
            self.skip_ws();
            match self.next()? {
                b',' => continue,
                byte if byte == close => return Some(()),
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.pos + word.len();
        (end <= self.end && &self.text[self.pos..end] == word).then(|| self.pos = end)
    }

    fn number(&mut self) -> Option<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.pos += 1;
            }
            reader.pos > from
        };
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            digits(self).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            digits(self).then_some(())?;
        }
        (self.pos > start).then_some(())
    }

    /// Reads a string starting at the opening quote and decodes it.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut value = String::new();
        loop {
            let rest = &self.text[self.pos..self.end];
            let run = rest.find(['"', '\\']).unwrap_or(rest.len());
            let plain = &rest[..run];
            if plain.chars().any(|ch| ch < ' ') {
                return None;
            }
            value.push_str(plain);
            self.pos += run;
            match self.next()? {
                b'"' => return Some(value),
                _ => {
                    let escaped = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    value.push(escaped);
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if self.pos + 4 > self.end {
            return None;
        }
        let code = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(code)
    }

    /// `\uXXXX`, pairing surrogates; a lone surrogate decodes to U+FFFD as in Go.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if (0xD800..0xDC00).contains(&high) && self.text[self.pos..self.end].starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Some(low) = self.hex4().filter(|low| (0xDC00..0xE000).contains(low)) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Some(char::from_u32(high).unwrap_or('\u{FFFD}'))
    }
}

/// Splits a line the way BuildKit's shell lexer finds heredoc markers
/// (`heredocsFromLine`, raw quotes and escapes): whitespace outside quotes
/// separates words, backslash escapes one char, and an unquoted `<<` takes
/// the whitespace after it into its word (`processPossibleHeredoc`), so that
/// `<<  EOF` is one word. An unterminated quote fails BuildKit's lexer, which
/// then yields no word at all.
pub(crate) fn shell_words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    match split_unquoted(text, range, '\\', true) {
        (_, true) => Vec::new(),
        (words, false) => words,
    }
}

/// Splits on unquoted, unescaped whitespace, keeping quotes and escapes in
/// the words. With `heredoc_markers`, an unquoted `<<` takes the whitespace
/// after it into its word. Also says whether a quote was left open.
fn split_unquoted(
    text: &str,
    range: Range<usize>,
    escape: char,
    heredoc_markers: bool,
) -> (Vec<Range<usize>>, bool) {
    let mut words = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text[range.clone()].char_indices().peekable();
    while let Some((offset, ch)) = chars.next() {
        let at = range.start + offset;
        if let Some(open) = quote {
            if ch == open {
                quote = None;
            } else if ch == escape && open != '\'' {
                chars.next();
            }
            continue;
        }
        if ch.is_whitespace() {
            if let Some(begin) = word_start.take() {
                words.push(begin..at);
            }
            continue;
        }
        word_start.get_or_insert(at);
        if ch == '\'' || ch == '"' {
            quote = Some(ch);
        } else if ch == escape {
            chars.next();
        } else if heredoc_markers && ch == '<' && chars.peek().is_some_and(|&(_, next)| next == '<')
        {
            chars.next();
            while chars.peek().is_some_and(|&(_, next)| next.is_whitespace()) {
                chars.next();
            }
        }
    }
    if let Some(begin) = word_start {
        words.push(begin..range.end);
    }
    (words, quote.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|range| &text[range.clone()]).collect()
    }

    #[test]
    fn parse_words_keeps_quotes_and_escaped_spaces() {
        let text = r#"a="b c" d\ e 'f g'h"#;
        let words = parse_words(text, 0..text.len(), '\\');
        assert_eq!(texts(text, &words), vec![r#"a="b c""#, r"d\ e", "'f g'h"]);
    }

    #[test]
    fn parse_words_with_backtick_escape() {
        let text = "a=C:\\x b`  c";
        let words = parse_words(text, 0..text.len(), '`');
        assert_eq!(texts(text, &words), vec!["a=C:\\x", "b` ", "c"]);
    }

    #[test]
    fn flags_are_read_until_the_first_plain_word() {
        let text = r#"--from=build --chmod="0755" -- --link src dst"#;
        let (flags, rest) = extract_flags(text, 0..text.len());
        let names: Vec<_> = flags.iter().map(|flag| flag.text.as_str()).collect();
        assert_eq!(names, vec!["--from=build", "--chmod=0755"]);
        assert_eq!(&text[rest..], "--link src dst");
        let (flags, rest) = extract_flags("--link a b", 0..10);
        assert_eq!(flags.len(), 1);
        assert_eq!(rest, 7);
    }

    #[test]
    fn json_arrays() {
        let text = r#" [ "a\"b", "\u00e9\ud83d\ude00" ] "#;
        match parse_json_array(text, 0..text.len()) {
            JsonArray::Strings(items) => {
                assert_eq!(items[0].0, "a\"b");
                assert_eq!(items[1].0, "é😀");
                assert_eq!(&text[items[0].1.clone()], r#""a\"b""#);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_json_array("[1, 2]", 0..6), JsonArray::NotStrings);
        assert_eq!(parse_json_array("['a']", 0..5), JsonArray::NotJson);
        assert_eq!(parse_json_array(r#"["a",]"#, 0..6), JsonArray::NotJson);
        assert_eq!(
            parse_json_array(r#"["a"] x"#, 0..7),
            JsonArray::Strings(vec![("a".to_string(), 1..4)])
        );
        assert_eq!(parse_json_array("[]", 0..2), JsonArray::Strings(vec![]));
        assert_eq!(
            parse_json_array(r#"[{"a": [true, null, -1.5e3]}]"#, 0..29),
            JsonArray::NotStrings
        );
    }
}
