//! `.dockerignore` files, read and matched as BuildKit does: the reader of
//! `moby/patternmatcher/ignorefile` and the matcher of `moby/patternmatcher`
//! (`MatchesOrParentMatches`, which the build context transfer follows).
//!
//! Reading: a UTF-8 byte order mark is dropped from the first line; a line
//! whose first character is `#` is a comment (a `#` after spaces is part of a
//! pattern); lines are trimmed and empty ones skipped; a leading `!` makes an
//! exception; the rest is `filepath.Clean`ed (so a trailing `/` means nothing)
//! and one leading `/` is dropped. Matching: patterns are anchored at the
//! context root; `*` and `?` never cross `/`; `**` spans any number of
//! directories, none included; a pattern that matches a parent directory
//! matches everything under it; the last pattern that matches decides.

use crate::span::{to_u32, Span};

/// A parsed ignore file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IgnoreFile {
    pub patterns: Vec<Pattern>,
    /// Where lines are appended: the end of the text, and whether a line
    /// break must come first (the last line has none).
    pub end: u32,
    pub ends_without_newline: bool,
}

/// One pattern line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as BuildKit uses it: cleaned, without the `!`.
    pub text: String,
    /// `!pattern`: re-includes what earlier patterns excluded.
    pub exception: bool,
    /// 1-based line.
    pub line: u32,
    /// The line's text, trimmed.
    pub span: Span,
    compiled: Result<Compiled, PatternError>,
}

/// Why BuildKit rejects a pattern (the whole build then fails).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// A `!` with nothing after it.
    LoneExclamation,
    /// `filepath.Match` or Go's regexp syntax rejects it: an unclosed `[`,
    /// an empty or reversed range, a trailing `\`.
    Malformed,
    /// An escape such as `\b` or `\p` that BuildKit hands to Go's regexp
    /// engine with a meaning of its own; Plimsoll does not evaluate it.
    UnsupportedEscape(char),
}

/// What the ignore file does to one path of the build context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub excluded: bool,
    /// Index of the last pattern that matched (it decided), if any did.
    pub decided_by: Option<usize>,
}

impl IgnoreFile {
    /// Reads the file as `ignorefile.ReadAll` and compiles every pattern.
    pub fn parse(source: &str) -> IgnoreFile {
        let mut patterns = Vec::new();
        let mut offset = 0usize;
        for (index, raw_line) in source.split_inclusive('\n').enumerate() {
            let line_start = offset;
            offset += raw_line.len();
            let mut line = raw_line.strip_suffix('\n').unwrap_or(raw_line);
            line = line.strip_suffix('\r').unwrap_or(line);
            let mut start = line_start;
            if index == 0 {
                if let Some(rest) = line.strip_prefix('\u{feff}') {
                    start += line.len() - rest.len();
                    line = rest;
                }
            }
            if line.starts_with('#') {
                continue;
            }
            let trimmed = line.trim_matches(is_go_space);
            if trimmed.is_empty() {
                continue;
            }
            let lead = line.len() - line.trim_start_matches(is_go_space).len();
            let span = Span::from_range(start + lead..start + lead + trimmed.len());
            let (exception, body) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim_matches(is_go_space)),
                None => (false, trimmed),
            };
            let mut text = if body.is_empty() {
                String::new()
            } else {
                clean(body)
            };
            if text.len() > 1 && text.starts_with('/') {
                text.remove(0);
            }
            let compiled = if exception && text.is_empty() {
                Err(PatternError::LoneExclamation)
            } else {
                compile(&text)
            };
            patterns.push(Pattern {
                text,
                exception,
                line: to_u32(index + 1),
                span,
                compiled,
            });
        }
        IgnoreFile {
            patterns,
            end: to_u32(source.len()),
            ends_without_newline: !source.is_empty() && !source.ends_with('\n'),
        }
    }

    /// The edit appending `lines` (one pattern each) to this file.
    pub fn append(&self, lines: &[String]) -> crate::fix::Edit {
        let lead = if self.ends_without_newline { "\n" } else { "" };
        let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
        crate::fix::Edit::insert(self.end, format!("{lead}{text}"))
    }

    /// Patterns BuildKit rejects, each making the build fail.
    pub fn errors(&self) -> impl Iterator<Item = (&Pattern, &PatternError)> {
        self.patterns.iter().filter_map(|pattern| {
            pattern
                .compiled
                .as_ref()
                .err()
                .map(|error| (pattern, error))
        })
    }

    /// Whether `path` (relative to the context root, `/`-separated) is left
    /// out of the build context. Rejected patterns are skipped.
    pub fn verdict(&self, path: &str) -> Verdict {
        // Context lists hold clean paths already: only others are cleaned.
        let path = if is_clean(path) {
            std::borrow::Cow::Borrowed(path)
        } else {
            std::borrow::Cow::Owned(clean(path))
        };
        let mut verdict = Verdict {
            excluded: false,
            decided_by: None,
        };
        if path == "." || path.is_empty() {
            return verdict;
        }
        let path = path.trim_start_matches('/');
        for (index, pattern) in self.patterns.iter().enumerate() {
            // A pattern of the polarity already in force cannot change it.
            if pattern.exception != verdict.excluded {
                continue;
            }
            if pattern.matches(path) {
                verdict = Verdict {
                    excluded: !pattern.exception,
                    decided_by: Some(index),
                };
            }
        }
        verdict
    }

    pub fn excludes(&self, path: &str) -> bool {
        self.verdict(path).excluded
    }
}

impl Pattern {
    /// A pattern read as BuildKit reads a `COPY` source with wildcards or a
    /// line of an ignore file: cleaned, one leading `/` dropped.
    pub fn new(text: &str) -> Pattern {
        let mut text = clean(text);
        if text.len() > 1 && text.starts_with('/') {
            text.remove(0);
        }
        let compiled = compile(&text);
        Pattern {
            text,
            exception: false,
            line: 0,
            span: Span::default(),
            compiled,
        }
    }

    pub fn error(&self) -> Option<&PatternError> {
        self.compiled.as_ref().err()
    }

    /// Whether the pattern matches `path` or one of its parent directories.
    pub fn matches(&self, path: &str) -> bool {
        let Ok(compiled) = &self.compiled else {
            return false;
        };
        if compiled.matches(path) {
            return true;
        }
        path.match_indices('/')
            .any(|(slash, _)| compiled.matches(&path[..slash]))
    }
}

/// Go's `unicode.IsSpace`, which `strings.TrimSpace` trims.
fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c > '\u{ff}' && c.is_whitespace())
}

/// Whether [`clean`] leaves `path` as it is.
fn is_clean(path: &str) -> bool {
    let relative = path.strip_prefix('/').unwrap_or(path);
    path == "/"
        || !relative.is_empty()
            && relative
                .split('/')
                .all(|part| !matches!(part, "" | "." | ".."))
}

/// Go's `path/filepath.Clean` for `/`-separated paths.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// A compiled pattern: BuildKit uses plain string comparisons where the
/// pattern allows and a regular expression otherwise; which one decides
/// some edge cases (`**file` is a suffix test, so it matches `myfile`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Compiled {
    Exact(String),
    Prefix(String),
    Suffix(String),
    Tokens {
        tokens: Vec<Token>,
        /// The literal characters the tokens start and end with: a path
        /// that does not start and end with them cannot match, which
        /// spares most paths the full match.
        starts: String,
        ends: String,
    },
}

/// A piece of the regular expression BuildKit builds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: one character other than `/`.
    AnyButSlash,
    /// `*`: any run of characters other than `/`.
    StarButSlash,
    /// `**` before more pattern: `(.*/)?`, nothing or anything ending in `/`.
    AnyDirs,
    /// `**` at the end: `.*`.
    AnyRest,
    /// `[...]`.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// A Perl class from an escape such as `\d`.
    Perl(char),
    /// A `^` outside brackets: Go's regexp reads it as the start anchor.
    Start,
}

impl Compiled {
    fn matches(&self, path: &str) -> bool {
        match self {
            Compiled::Exact(text) => path == text,
            Compiled::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Compiled::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|rest| path == rest)
            }
            Compiled::Tokens {
                tokens,
                starts,
                ends,
            } => {
                if !path.starts_with(starts.as_str()) || !path.ends_with(ends.as_str()) {
                    return false;
                }
                let chars: Vec<char> = path.chars().collect();
                matches_tokens(tokens, &chars)
            }
        }
    }
}

/// Translates a cleaned pattern as `Pattern.compile` does, after checking
/// it as `filepath.Match` would (BuildKit rejects what either refuses).
fn compile(pattern: &str) -> Result<Compiled, PatternError> {
    check_match_syntax(pattern)?;
    #[derive(PartialEq)]
    enum Kind {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut kind = Kind::Exact;
    let mut tokens = Vec::new();
    let mut position = 0;
    let mut iteration = 0;
    while position < chars.len() {
        let ch = chars[position];
        position += 1;
        match ch {
            '*' if chars.get(position) == Some(&'*') => {
                position += 1;
                if chars.get(position) == Some(&'/') {
                    position += 1;
                }
                if position == chars.len() {
                    if kind == Kind::Exact {
                        kind = Kind::Prefix;
                    } else {
                        tokens.push(Token::AnyRest);
                        kind = Kind::Regex;
                    }
                } else {
                    tokens.push(Token::AnyDirs);
                    kind = Kind::Regex;
                }
                if iteration == 0 {
                    kind = Kind::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::StarButSlash);
                kind = Kind::Regex;
            }
            '?' => {
                tokens.push(Token::AnyButSlash);
                kind = Kind::Regex;
            }
            '\\' => {
                // check_match_syntax refused a trailing backslash.
                let escaped = chars[position];
                position += 1;
                tokens.push(escape(escaped)?);
                kind = Kind::Regex;
            }
            '[' => {
                let (token, next) = class(&chars, position)?;
                tokens.push(token);
                position = next;
                kind = Kind::Regex;
            }
            ']' => {
                tokens.push(Token::Char(']'));
                kind = Kind::Regex;
            }
            '^' => tokens.push(Token::Start),
            _ => tokens.push(Token::Char(ch)),
        }
        iteration += 1;
    }
    Ok(match kind {
        Kind::Exact => Compiled::Exact(pattern.to_owned()),
        Kind::Prefix => Compiled::Prefix(pattern[..pattern.len() - 2].to_owned()),
        Kind::Suffix => Compiled::Suffix(pattern[2..].to_owned()),
        Kind::Regex => {
            let literal = |token: &Token| match token {
                Token::Char(ch) => Some(*ch),
                _ => None,
            };
            let starts = tokens.iter().map_while(literal).collect();
            let mut ends: Vec<char> = tokens.iter().rev().map_while(literal).collect();
            ends.reverse();
            Compiled::Tokens {
                tokens,
                starts,
                ends: ends.into_iter().collect(),
            }
        }
    })
}

/// A `\x` escape as Go's regexp reads it.
fn escape(ch: char) -> Result<Token, PatternError> {
    Ok(match ch {
        'a' => Token::Char('\u{7}'),
        'f' => Token::Char('\u{c}'),
        't' => Token::Char('\t'),
        'n' => Token::Char('\n'),
        'r' => Token::Char('\r'),
        'v' => Token::Char('\u{b}'),
        'd' | 'D' | 's' | 'S' | 'w' | 'W' => Token::Perl(ch),
        _ if ch.is_ascii_alphanumeric() => return Err(PatternError::UnsupportedEscape(ch)),
        _ => Token::Char(ch),
    })
}

/// Reads a bracket expression starting after its `[`, returning the token
/// and the position after its `]`.
fn class(chars: &[char], mut position: usize) -> Result<(Token, usize), PatternError> {
    let negated = chars.get(position) == Some(&'^');
    if negated {
        position += 1;
    }
    let mut ranges = Vec::new();
    loop {
        match chars.get(position) {
            Some(']') if !ranges.is_empty() => {
                return Ok((Token::Class { negated, ranges }, position + 1))
            }
            None => return Err(PatternError::Malformed),
            _ => {}
        }
        let (low, next) = class_char(chars, position)?;
        position = next;
        let mut high = low;
        if chars.get(position) == Some(&'-') {
            let (end, next) = class_char(chars, position + 1)?;
            high = end;
            position = next;
        }
        // Go's regexp refuses a reversed range (filepath.Match accepts it).
        if high < low {
            return Err(PatternError::Malformed);
        }
        ranges.push((low, high));
    }
}

/// One character of a bracket expression (`getEsc` in `filepath.Match`).
fn class_char(chars: &[char], mut position: usize) -> Result<(char, usize), PatternError> {
    match chars.get(position) {
        None | Some('-' | ']') => return Err(PatternError::Malformed),
        Some('\\') => position += 1,
        Some(_) => {}
    }
    let ch = *chars.get(position).ok_or(PatternError::Malformed)?;
    position += 1;
    if position >= chars.len() {
        return Err(PatternError::Malformed);
    }
    Ok((ch, position))
}

/// The syntax check `filepath.Match(pattern, ".")` makes: every bracket
/// expression well formed, no trailing backslash.
fn check_match_syntax(pattern: &str) -> Result<(), PatternError> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut position = 0;
    while position < chars.len() {
        match chars[position] {
            '\\' => {
                if position + 1 >= chars.len() {
                    return Err(PatternError::Malformed);
                }
                position += 2;
            }
            '[' => {
                position += 1;
                if chars.get(position) == Some(&'^') {
                    position += 1;
                }
                let mut count = 0;
                loop {
                    if chars.get(position) == Some(&']') && count > 0 {
                        position += 1;
                        break;
                    }
                    let (_, next) = class_char(&chars, position)?;
                    position = next;
                    if chars.get(position) == Some(&'-') {
                        let (_, next) = class_char(&chars, position + 1)?;
                        position = next;
                    }
                    count += 1;
                }
            }
            _ => position += 1,
        }
    }
    Ok(())
}

/// Matches the tokens against the whole path by dynamic programming, from
/// the last token backwards: tokens × characters steps whatever the pattern.
fn matches_tokens(tokens: &[Token], chars: &[char]) -> bool {
    let length = chars.len();
    // next[p]: the tokens after the current one match chars[p..].
    let mut next: Vec<bool> = (0..=length).map(|p| p == length).collect();
    let mut current = vec![false; length + 1];
    for token in tokens.iter().rev() {
        // For `(.*/)?`: some `/` at or after p, with no newline before it,
        // is followed by a match of the rest.
        let mut dirs_from = false;
        for p in (0..=length).rev() {
            let here = chars.get(p).copied();
            let one = |accept: bool| accept && next[p + 1];
            current[p] = match token {
                Token::Char(expected) => one(here == Some(*expected)),
                Token::AnyButSlash => one(here.is_some_and(|c| c != '/')),
                Token::Class { negated, ranges } => one(here.is_some_and(|c| {
                    ranges.iter().any(|&(low, high)| low <= c && c <= high) != *negated
                })),
                Token::Perl(class) => one(here.is_some_and(|c| perl_class(*class, c))),
                Token::Start => p == 0 && next[p],
                Token::StarButSlash => {
                    next[p] || (here.is_some_and(|c| c != '/') && current[p + 1])
                }
                // `.` in Go's regexp stops at a newline.
                Token::AnyRest => next[p] || (here.is_some_and(|c| c != '\n') && current[p + 1]),
                Token::AnyDirs => {
                    dirs_from = match here {
                        Some('\n') | None => false,
                        Some('/') => next[p + 1] || dirs_from,
                        Some(_) => dirs_from,
                    };
                    next[p] || dirs_from
                }
            };
        }
        std::mem::swap(&mut next, &mut current);
    }
    next[0]
}

fn perl_class(class: char, c: char) -> bool {
    let inside = match class.to_ascii_lowercase() {
        'd' => c.is_ascii_digit(),
        's' => matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' '),
        _ => c.is_ascii_alphanumeric() || c == '_',
    };
    inside != class.is_ascii_uppercase()
}
