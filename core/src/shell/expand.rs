//! BuildKit's Dockerfile word expansion (`shell.Lex` in
//! `moby/buildkit/frontend/dockerfile/shell/lex.go`): quote removal, the
//! escape character, `$VAR` and the `${VAR…}` forms, with the same results and
//! the same failures, plus the byte range of every variable reference.

use std::ops::Range;

/// How deeply `${A:-${B:-…}}` may nest before the input counts as hostile.
const MAX_NESTING: usize = 64;

/// The result of expanding one word (or one of the words of [`expand_words`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// The text after expansion and quote removal.
    pub value: String,
    /// The bytes of the input this word came from.
    pub source: Range<usize>,
    /// Names referenced but not set, in order of first use (defaults included).
    pub unset: Vec<String>,
    /// Every variable reference, in source order, nested ones included.
    pub references: Vec<VarRef>,
}

/// One `$NAME` or `${NAME…}` in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// The variable's name (a special parameter such as `@` or `1` included).
    pub name: String,
    /// The bytes of the whole reference, from `$` to the closing `}`.
    pub range: Range<usize>,
    /// Whether the form supplies an alternative: `-`, `+` or `?`, with or without `:`.
    pub has_default: bool,
}

/// Why a word cannot be expanded; BuildKit fails the build on these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// What is wrong, in BuildKit's words where it has some.
    pub message: String,
    /// The byte offset in the input where the problem was found.
    pub offset: usize,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

/// Expands `word` as BuildKit's `ProcessWord` does, looking variables up in `vars`.
pub fn expand_word(
    word: &str,
    escape: char,
    vars: &dyn Fn(&str) -> Option<String>,
) -> Result<Expansion, ExpandError> {
    // Most words have nothing to expand or unquote: skip the lexer.
    if !word.contains(['$', '\'', '"', escape]) {
        return Ok(Expansion {
            value: word.to_string(),
            source: 0..word.len(),
            unset: Vec::new(),
            references: Vec::new(),
        });
    }
    let mut lexer = Lexer::new(word, escape, vars, true);
    let value = lexer.process_until(None, false, None)?;
    let (unset, found) = lexer.into_findings();
    let references = found.into_iter().map(|f| f.var).collect();
    Ok(Expansion {
        value,
        source: 0..word.len(),
        unset,
        references,
    })
}

/// Expands `text` and splits the result on unquoted whitespace, as BuildKit's
/// `ProcessWords` does for ADD, COPY, EXPOSE and friends.
///
/// A reference belongs to the word whose source holds its `$`, or else to the
/// next word (the last if none follows); a text that yields no word at all
/// yields no [`Expansion`], so use [`expand_word`] for a complete `unset` list.
pub fn expand_words(
    text: &str,
    escape: char,
    vars: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Expansion>, ExpandError> {
    let mut lexer = Lexer::new(text, escape, vars, true);
    let mut words = Words::default();
    lexer.process_until(None, false, Some(&mut words))?;
    let (_, references) = lexer.into_findings();
    let mut expansions: Vec<Expansion> = words
        .finish()
        .into_iter()
        .map(|word| Expansion {
            value: word.text,
            source: word.source,
            unset: Vec::new(),
            references: Vec::new(),
        })
        .collect();
    for reference in references {
        let Some(owner) = owner_of(&expansions, reference.var.range.start) else {
            break;
        };
        let expansion = &mut expansions[owner];
        if !reference.has_value && !expansion.unset.contains(&reference.var.name) {
            expansion.unset.push(reference.var.name.clone());
        }
        expansion.references.push(reference.var);
    }
    Ok(expansions)
}

/// Every variable reference in `word`, found without knowing any values; a
/// syntax error ends the list where it occurs.
pub fn variable_references(word: &str, escape: char) -> Vec<VarRef> {
    // Every reference starts with `$`; most words have none, and rules ask
    // for every word of every RUN.
    if !word.contains('$') {
        return Vec::new();
    }
    let mut lexer = Lexer::new(word, escape, &|_| None, false);
    // The error is dropped on purpose: callers want what can be found.
    let _ = lexer.process_until(None, false, None);
    lexer.into_findings().1.into_iter().map(|f| f.var).collect()
}

/// The index of the word a reference starting at `offset` belongs to.
fn owner_of(expansions: &[Expansion], offset: usize) -> Option<usize> {
    expansions
        .iter()
        .position(|word| word.source.contains(&offset))
        .or_else(|| {
            expansions
                .iter()
                .position(|word| word.source.start > offset)
        })
        .or_else(|| expansions.len().checked_sub(1))
}

/// A reference as recorded during expansion, with whether it had a value.
struct Found {
    var: VarRef,
    has_value: bool,
}

/// A finished word of [`expand_words`].
struct Word {
    text: String,
    source: Range<usize>,
}

/// BuildKit's `wordsStruct`: splits expanded text on whitespace that did not
/// come from quotes or escapes.
#[derive(Default)]
struct Words {
    done: Vec<Word>,
    current: String,
    in_word: bool,
    source: Range<usize>,
}

impl Words {
    /// Adds a character that splits words when it is whitespace.
    fn add_char(&mut self, ch: char, from: &Range<usize>) {
        if !ch.is_whitespace() {
            self.add_raw(ch.encode_utf8(&mut [0; 4]), from);
        } else if self.in_word && !self.current.is_empty() {
            self.done.push(Word {
                text: std::mem::take(&mut self.current),
                source: self.source.clone(),
            });
            self.in_word = false;
        }
    }

    /// Adds text that never splits words (quoted or escaped).
    fn add_raw(&mut self, text: &str, from: &Range<usize>) {
        if !self.in_word {
            self.source.start = from.start;
        }
        self.in_word = true;
        self.current.push_str(text);
        self.source.end = from.end;
    }

    fn finish(mut self) -> Vec<Word> {
        if !self.current.is_empty() {
            self.done.push(Word {
                text: self.current,
                source: self.source,
            });
        }
        self.done
    }
}

/// The scanner state of one expansion.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    escape: char,
    vars: &'a dyn Fn(&str) -> Option<String>,
    /// False when only collecting references: `${X:?}` must not stop the scan.
    enforce_required: bool,
    found: Vec<Found>,
    depth: usize,
}

impl<'a> Lexer<'a> {
    fn new(
        text: &'a str,
        escape: char,
        vars: &'a dyn Fn(&str) -> Option<String>,
        enforce_required: bool,
    ) -> Self {
        Lexer {
            text,
            pos: 0,
            escape,
            vars,
            enforce_required,
            found: Vec::new(),
            depth: 0,
        }
    }

    /// The unset names (first use order) and the references in source order.
    fn into_findings(self) -> (Vec<String>, Vec<Found>) {
        let mut found = self.found;
        crate::order::sort_by_key(&mut found, |f| f.var.range.start);
        let mut unset: Vec<String> = Vec::new();
        for f in found.iter().filter(|f| !f.has_value) {
            if !unset.contains(&f.var.name) {
                unset.push(f.var.name.clone());
            }
        }
        (unset, found)
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn error(&self, message: impl Into<String>) -> ExpandError {
        ExpandError {
            message: message.into(),
            offset: self.pos,
        }
    }

    /// BuildKit's `processStopOn`: expands up to `stop` (consumed) or the end.
    /// `raw_escapes` keeps escape characters, as patterns need them.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        mut words: Option<&mut Words>,
    ) -> Result<String, ExpandError> {
        let mut result = String::new();
        while let Some(ch) = self.peek() {
            let start = self.pos;
            if Some(ch) == stop {
                self.bump();
                return Ok(result);
            }
            match ch {
                '$' => {
                    let value = self.process_dollar()?;
                    if let Some(words) = words.as_deref_mut() {
                        let from = start..self.pos;
                        value.chars().for_each(|c| words.add_char(c, &from));
                    }
                    result.push_str(&value);
                }
                '\'' | '"' => {
                    let value = if ch == '\'' {
                        self.single_quoted()?
                    } else {
                        self.double_quoted(raw_escapes)?
                    };
                    if let Some(words) = words.as_deref_mut() {
                        words.add_raw(&value, &(start..self.pos));
                    }
                    result.push_str(&value);
                }
                _ => {
                    self.bump();
                    let mut literal = String::new();
                    let escaped = ch == self.escape;
                    if escaped {
                        if raw_escapes {
                            literal.push(ch);
                        }
                        // An escape at the very end escapes nothing and vanishes.
                        let Some(next) = self.bump() else {
                            push_literal(
                                &mut result,
                                words.as_deref_mut(),
                                &literal,
                                start,
                                self.pos,
                            );
                            break;
                        };
                        literal.push(next);
                    } else {
                        literal.push(ch);
                    }
                    let from = start..self.pos;
                    if let Some(words) = words.as_deref_mut() {
                        if escaped {
                            words.add_raw(&literal, &from);
                        } else {
                            words.add_char(ch, &from);
                        }
                    }
                    result.push_str(&literal);
                }
            }
        }
        match stop {
            Some(stop) => Err(self.error(format!("syntax error: missing '{stop}'"))),
            None => Ok(result),
        }
    }

    /// Everything up to the next `'` is literal; there is no escaping it.
    fn single_quoted(&mut self) -> Result<String, ExpandError> {
        let open = self.pos;
        self.bump();
        let rest = &self.text[self.pos..];
        match rest.find('\'') {
            Some(end) => {
                self.pos += end + 1;
                Ok(rest[..end].to_string())
            }
            None => Err(ExpandError {
                message: "unexpected end of statement while looking for matching single-quote"
                    .into(),
                offset: open,
            }),
        }
    }

    /// Inside `"…"` only `$` expands and the escape character only escapes
    /// `"`, `$` and itself; elsewhere it stays.
    fn double_quoted(&mut self, raw_escapes: bool) -> Result<String, ExpandError> {
        let open = self.pos;
        self.bump();
        let mut result = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(ExpandError {
                        message:
                            "unexpected end of statement while looking for matching double-quote"
                                .into(),
                        offset: open,
                    })
                }
                Some('"') => {
                    self.bump();
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(mut ch) => {
                    self.bump();
                    if ch == self.escape {
                        if raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.escape => {
                                self.bump();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// Expands `$NAME` or `${NAME…}` at the current `$`.
    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(self.lookup(name, start, false).unwrap_or_default());
        }
        self.bump();
        match self.peek() {
            None => return Err(self.error("syntax error: missing '}'")),
            Some('{' | '}' | ':') => return Err(self.error("syntax error: bad substitution")),
            Some(_) => {}
        }
        let name = self.name();
        let Some(operator) = self.bump() else {
            return Err(self.error("syntax error: missing '}'"));
        };
        match operator {
            '}' => Ok(self.lookup(name, start, false).unwrap_or_default()),
            ':' | '-' | '+' | '?' | '#' | '%' => self.modifier(name, start, operator),
            '/' => self.replacement(name, start),
            _ => Err(self.error(format!("unsupported modifier ({operator}) in substitution"))),
        }
    }

    /// `${NAME-w}`, `${NAME:+w}`, `${NAME?m}`, `${NAME#p}` and the like.
    fn modifier(
        &mut self,
        name: String,
        start: usize,
        operator: char,
    ) -> Result<String, ExpandError> {
        let null_is_unset = operator == ':';
        let modifier = if null_is_unset {
            self.bump()
        } else {
            Some(operator)
        };
        let pattern = matches!(modifier, Some('#' | '%'));
        let word = self.nested(|lexer| lexer.process_until(Some('}'), pattern, None))?;
        let has_default = matches!(modifier, Some('-' | '+' | '?'));
        let value = self.lookup(name.clone(), start, has_default);
        let empty = match &value {
            None => true,
            Some(value) => null_is_unset && value.is_empty(),
        };
        match modifier {
            Some('-') => Ok(if empty {
                word
            } else {
                value.unwrap_or_default()
            }),
            Some('+') => Ok(if empty { String::new() } else { word }),
            Some('?') if empty && self.enforce_required => {
                let fallback = if value.is_none() {
                    "is not allowed to be unset"
                } else {
                    "is not allowed to be empty"
                };
                let message = if word.is_empty() { fallback } else { &word };
                Err(ExpandError {
                    message: format!("{name}: {message}"),
                    offset: start,
                })
            }
            Some('?') => Ok(value.unwrap_or_default()),
            Some(side @ ('#' | '%')) => {
                let value = value.unwrap_or_default();
                let (greedy, pattern) = match word.strip_prefix(side) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                let glob = Glob::compile(pattern).map_err(|message| ExpandError {
                    message,
                    offset: start,
                })?;
                Ok(if side == '#' {
                    glob.trim_prefix(&value, greedy).to_string()
                } else {
                    glob.trim_suffix(&value, greedy).to_string()
                })
            }
            other => {
                let shown: String = [Some(operator), other].into_iter().flatten().collect();
                Err(ExpandError {
                    message: format!("unsupported modifier ({shown}) in substitution"),
                    offset: start,
                })
            }
        }
    }

    /// `${NAME/pattern/replacement}` and `${NAME//pattern/replacement}`.
    fn replacement(&mut self, name: String, start: usize) -> Result<String, ExpandError> {
        let all = self.peek() == Some('/');
        if all {
            self.bump();
        }
        let pattern = self.nested(|lexer| lexer.process_until(Some('/'), true, None))?;
        let replacement = self.nested(|lexer| lexer.process_until(Some('}'), true, None))?;
        let value = self.lookup(name, start, false).unwrap_or_default();
        let glob = Glob::compile(&pattern).map_err(|message| ExpandError {
            message,
            offset: start,
        })?;
        Ok(if all {
            glob.replace_all(&value, &replacement)
        } else {
            glob.replace_first(&value, &replacement)
        })
    }

    /// Runs `inner` one nesting level deeper, refusing hostile depths.
    fn nested(
        &mut self,
        inner: impl FnOnce(&mut Self) -> Result<String, ExpandError>,
    ) -> Result<String, ExpandError> {
        if self.depth >= MAX_NESTING {
            return Err(self.error("substitutions nested too deeply"));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    /// BuildKit's `processName`: a run of digits, one special parameter, or
    /// letters, digits and `_`.
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_numeric() {
                while let Some(digit) = self.peek().filter(|c| c.is_numeric()) {
                    self.bump();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
                self.bump();
                return ch.to_string();
            }
            if !(ch.is_alphabetic() || ch.is_numeric() || ch == '_') {
                break;
            }
            self.bump();
            name.push(ch);
        }
        name
    }

    /// Records a reference ending here and returns the variable's value.
    fn lookup(&mut self, name: String, start: usize, has_default: bool) -> Option<String> {
        let value = (self.vars)(&name);
        self.found.push(Found {
            var: VarRef {
                name,
                range: start..self.pos,
                has_default,
            },
            has_value: value.is_some(),
        });
        value
    }
}

/// Appends an escape's literal text to the result and the words.
fn push_literal(
    result: &mut String,
    words: Option<&mut Words>,
    literal: &str,
    start: usize,
    end: usize,
) {
    if let Some(words) = words.filter(|_| !literal.is_empty()) {
        words.add_raw(literal, &(start..end));
    }
    result.push_str(literal);
}

/// One element of a `${…#pattern}` pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
enum GlobToken {
    AnyRun,
    AnyChar,
    Literal(char),
}

/// BuildKit's shell patterns: `*`, `?`, literals, and `\` to escape `*`, `?`,
/// `\` (and `}` or `/`, which only needed escaping to stay inside `${}`).
#[derive(Debug)]
struct Glob(Vec<GlobToken>);

impl Glob {
    fn compile(pattern: &str) -> Result<Glob, String> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(ch) = chars.next() {
            let token = match ch {
                '*' => GlobToken::AnyRun,
                '?' => GlobToken::AnyChar,
                '\\' if matches!(chars.peek(), Some('}' | '/')) => continue,
                '\\' => match chars.next() {
                    Some(escaped @ ('*' | '?' | '\\')) => GlobToken::Literal(escaped),
                    other => {
                        let shown = other.map(String::from).unwrap_or_default();
                        return Err(format!("invalid pattern ({pattern}) in substitution: invalid escape '\\{shown}'"));
                    }
                },
                _ => GlobToken::Literal(ch),
            };
            tokens.push(token);
        }
        Ok(Glob(tokens))
    }

    /// The byte lengths of the prefixes of `text` this pattern matches entirely,
    /// shortest first; a set-of-states simulation, so no backtracking blow-up.
    fn prefix_lengths(tokens: &[GlobToken], text: impl Iterator<Item = char>) -> Vec<usize> {
        let accept = tokens.len();
        let close = |states: &mut Vec<bool>| {
            for i in 0..accept {
                if states[i] && tokens[i] == GlobToken::AnyRun {
                    states[i + 1] = true;
                }
            }
        };
        let mut states = vec![false; accept + 1];
        states[0] = true;
        close(&mut states);
        let mut lengths = Vec::new();
        if states[accept] {
            lengths.push(0);
        }
        let mut consumed = 0;
        for ch in text {
            let mut next = vec![false; accept + 1];
            for (i, token) in tokens.iter().enumerate().filter(|(i, _)| states[*i]) {
                match token {
                    GlobToken::AnyRun => next[i] = true,
                    GlobToken::AnyChar => next[i + 1] = true,
                    GlobToken::Literal(c) if *c == ch => next[i + 1] = true,
                    GlobToken::Literal(_) => {}
                }
            }
            close(&mut next);
            consumed += ch.len_utf8();
            if next[accept] {
                lengths.push(consumed);
            }
            if !next.contains(&true) {
                break;
            }
            states = next;
        }
        lengths
    }

    fn pick(lengths: &[usize], greedy: bool) -> Option<usize> {
        if greedy {
            lengths.last().copied()
        } else {
            lengths.first().copied()
        }
    }

    /// `${VAR#p}` (shortest) and `${VAR##p}` (longest).
    fn trim_prefix<'v>(&self, value: &'v str, greedy: bool) -> &'v str {
        let lengths = Self::prefix_lengths(&self.0, value.chars());
        Self::pick(&lengths, greedy).map_or(value, |len| &value[len..])
    }

    /// `${VAR%p}` (shortest) and `${VAR%%p}` (longest): a prefix match of the
    /// reversed pattern on the reversed value, as BuildKit does it.
    fn trim_suffix<'v>(&self, value: &'v str, greedy: bool) -> &'v str {
        let reversed: Vec<GlobToken> = self.0.iter().rev().copied().collect();
        let lengths = Self::prefix_lengths(&reversed, value.chars().rev());
        Self::pick(&lengths, greedy).map_or(value, |len| &value[..value.len() - len])
    }

    /// The leftmost match at or after `from`, longest at that start.
    fn find(&self, value: &str, from: usize) -> Option<Range<usize>> {
        let mut starts = value[from..]
            .char_indices()
            .map(|(i, _)| from + i)
            .chain([value.len()]);
        starts.find_map(|start| {
            let lengths = Self::prefix_lengths(&self.0, value[start..].chars());
            lengths.last().map(|len| start..start + len)
        })
    }

    fn replace_first(&self, value: &str, replacement: &str) -> String {
        match self.find(value, 0) {
            Some(found) => [&value[..found.start], replacement, &value[found.end..]].concat(),
            None => value.to_string(),
        }
    }

    /// Go's `Regexp.ReplaceAllString`: non-overlapping matches, no second
    /// replacement for an empty match right after a match.
    fn replace_all(&self, value: &str, replacement: &str) -> String {
        let mut out = String::new();
        let mut last_end = 0;
        let mut search = 0;
        while search <= value.len() {
            let Some(found) = self.find(value, search) else {
                break;
            };
            out.push_str(&value[last_end..found.start]);
            if found.end > last_end || found.start == 0 {
                out.push_str(replacement);
            }
            last_end = found.end;
            let width = value[search..].chars().next().map_or(1, char::len_utf8);
            search = if search + width > found.end {
                search + width
            } else {
                found.end
            };
        }
        out.push_str(&value[last_end..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    fn expand(word: &str, pairs: &[(&str, &str)]) -> Result<String, ExpandError> {
        expand_word(word, '\\', &env(pairs)).map(|expansion| expansion.value)
    }

    /// An input, the variables, and the expected value (`None`: an error).
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<&'a str>);

    /// A word's value, source, reference names and unset names.
    type WordSummary<'a> = (&'a str, Range<usize>, Vec<&'a str>, Vec<&'a str>);

    /// BuildKit's `envVarTest` (Unix rows): `platform|input|expected`.
    const ENV_VAR_TEST: &str = r#"
A|hello                    |     hello
A|he'll'o                  |     hello
A|he'llo                   |     error
A|he\'llo                  |     he'llo
A|he\\'llo                 |     error
A|abc\tdef                 |     abctdef
A|"abc\tdef"               |     abc\tdef
A|"abc\\tdef"              |     abc\tdef
A|'abc\tdef'               |     abc\tdef
A|hello\                   |     hello
A|hello\\                  |     hello\
A|"hello                   |     error
A|"hello\"                 |     error
A|"hel'lo"                 |     hel'lo
A|'hello                   |     error
A|'hello\'                 |     hello\
A|'hello\there'            |     hello\there
A|'hello\\there'           |     hello\\there
A|"''"                     |     ''
A|$.                       |     $.
A|$1                       |
A|he$1x                    |     hex
A|he$.x                    |     he$.x
U|he$pwd.                  |     he.
A|he$PWD                   |     he/home
A|he\$PWD                  |     he$PWD
A|he\\$PWD                 |     he\/home
A|"he\$PWD"                |     he$PWD
A|"he\\$PWD"               |     he\/home
A|\${}                     |     ${}
A|\${}aaa                  |     ${}aaa
A|he\${}                   |     he${}
A|he\${}xx                 |     he${}xx
A|${}                      |     error
A|${}aaa                   |     error
A|he${}                    |     error
A|he${}xx                  |     error
A|he${hi}                  |     he
A|he${hi}xx                |     hexx
A|he${PWD}                 |     he/home
A|he${.}                   |     error
A|he${XXX:-000}xx          |     he000xx
A|he${PWD:-000}xx          |     he/homexx
A|he${XXX:-$PWD}xx         |     he/homexx
A|he${XXX:-${PWD:-yyy}}xx  |     he/homexx
A|he${XXX:-${YYY:-yyy}}xx  |     heyyyxx
A|he${XXX:YYY}             |     error
A|he${XXX:+${PWD}}xx       |     hexx
A|he${PWD:+${XXX}}xx       |     hexx
A|he${PWD:+${SHELL}}xx     |     hebashxx
A|he${XXX:+000}xx          |     hexx
A|he${PWD:+000}xx          |     he000xx
A|'he${XX}'                |     he${XX}
A|"he${PWD}"               |     he/home
A|"he'$PWD'"               |     he'/home'
A|"$PWD"                   |     /home
A|'$PWD'                   |     $PWD
A|'\$PWD'                  |     \$PWD
A|'"hello"'                |     "hello"
A|he\$PWD                  |     he$PWD
A|"he\$PWD"                |     he$PWD
A|'he\$PWD'                |     he\$PWD
A|he${PWD                  |     error
A|he${PWD:=000}xx          |     error
A|he${PWD:+${PWD}:}xx      |     he/home:xx
A|he${XXX:-\$PWD:}xx       |     he$PWD:xx
A|he${XXX:-\${PWD}z}xx     |     he${PWDz}xx
A|안녕하세요                 |     안녕하세요
A|안'녕'하세요               |     안녕하세요
A|안'녕하세요                |     error
A|안녕\'하세요               |     안녕'하세요
A|안\\'녕하세요              |     error
A|안녕\t하세요               |     안녕t하세요
A|"안녕\t하세요"             |     안녕\t하세요
A|'안녕\t하세요              |     error
A|안녕하세요\                |     안녕하세요
A|안녕하세요\\               |     안녕하세요\
A|"안녕하세요                |     error
A|"안녕하세요\"              |     error
A|"안녕'하세요"              |     안녕'하세요
A|'안녕하세요                |     error
A|'안녕하세요\'              |     안녕하세요\
A|안녕$1x                    |     안녕x
A|안녕$.x                    |     안녕$.x
U|안녕$pwd.                  |     안녕.
A|안녕$PWD                   |     안녕/home
A|안녕\$PWD                  |     안녕$PWD
A|안녕\\$PWD                 |     안녕\/home
A|안녕\${}                   |     안녕${}
A|안녕\${}xx                 |     안녕${}xx
A|안녕${}                    |     error
A|안녕${}xx                  |     error
A|안녕${hi}                  |     안녕
A|안녕${hi}xx                |     안녕xx
A|안녕${PWD}                 |     안녕/home
A|안녕${.}                   |     error
A|안녕${XXX:-000}xx          |     안녕000xx
A|안녕${PWD:-000}xx          |     안녕/homexx
A|안녕${XXX:-$PWD}xx         |     안녕/homexx
A|안녕${XXX:-${PWD:-yyy}}xx  |     안녕/homexx
A|안녕${XXX:-${YYY:-yyy}}xx  |     안녕yyyxx
A|안녕${XXX:YYY}             |     error
A|안녕${XXX:+${PWD}}xx       |     안녕xx
A|안녕${PWD:+${XXX}}xx       |     안녕xx
A|안녕${PWD:+${SHELL}}xx     |     안녕bashxx
A|안녕${XXX:+000}xx          |     안녕xx
A|안녕${PWD:+000}xx          |     안녕000xx
A|'안녕${XX}'                |     안녕${XX}
A|"안녕${PWD}"               |     안녕/home
A|"안녕'$PWD'"               |     안녕'/home'
A|'"안녕"'                   |     "안녕"
A|안녕\$PWD                  |     안녕$PWD
A|"안녕\$PWD"                |     안녕$PWD
A|'안녕\$PWD'                |     안녕\$PWD
A|안녕${PWD                  |     error
A|안녕${PWD:=000}xx          |     error
A|안녕${PWD:+${PWD}:}xx      |     안녕/home:xx
A|안녕${XXX:-\$PWD:}xx       |     안녕$PWD:xx
A|안녕${XXX:-\${PWD}z}xx     |     안녕${PWDz}xx
A|$KOREAN                    |     한국어
A|안녕$KOREAN                |     안녕한국어
A|${{aaa}                   |     error
A|${aaa}}                   |     }
A|${aaa                     |     error
A|${{aaa:-bbb}              |     error
A|${aaa:-bbb}}              |     bbb}
A|${aaa:-bbb                |     error
A|${aaa:-bbb}               |     bbb
A|${aaa:-${bbb:-ccc}}       |     ccc
A|${aaa:-bbb ${foo}         |     error
A|${aaa:-bbb {foo}          |     bbb {foo
A|${:}                      |     error
A|${:-bbb}                  |     error
A|${:+bbb}                  |     error
"#;

    #[test]
    fn shell_expand_env_var_test_table() {
        let vars = [
            ("PWD", "/home"),
            ("SHELL", "bash"),
            ("KOREAN", "한국어"),
            ("NULL", ""),
        ];
        for line in ENV_VAR_TEST.lines().filter(|line| !line.trim().is_empty()) {
            let fields: Vec<&str> = line.split('|').collect();
            let [_, input, expected] = fields[..] else {
                panic!("bad row {line}")
            };
            let (input, expected) = (input.trim(), expected.trim());
            let result = expand(input, &vars);
            if expected == "error" {
                assert!(result.is_err(), "{input:?} should fail, got {result:?}");
            } else {
                assert_eq!(result.as_deref(), Ok(expected), "input {input:?}");
            }
        }
    }

    #[test]
    fn shell_expand_matches_buildkit_process_with_matches_cases() {
        let foo = |value: &'static str| vec![("FOO", value)];
        let cases: Vec<Case> = vec![
            ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", vec![("FOO", "xxx"), ("BAR", "")], Some("xxx  ccc")),
            ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", vec![("FOO", "xxx"), ("BAR", "")], Some("xxx bbb ccc")),
            ("${FOO:-}", vec![], Some("")),
            ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", vec![("FOO", "xxx"), ("BAR", "")], Some("aaa bbb ")),
            ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", vec![("FOO", "xxx"), ("BAR", "")], Some("aaa  ")),
            ("${FOO?aaa}", foo("xxx"), Some("xxx")),
            ("${BAR?bbb}", vec![("BAR", "")], Some("")),
            ("${BAZ?ccc}", vec![], None),
            ("${FOO:?aaa}", foo("xxx"), Some("xxx")),
            ("${BAR:?bbb}", vec![("BAR", "")], None),
            ("${BAZ:?ccc}", vec![], None),
            ("${BAZ:?}", vec![], None),
            ("${FOO=aaa}", foo("xxx"), None),
            ("${FOO=:aaa}", foo("xxx"), None),
            ("${FOO=}", vec![], None),
            (r"${FOO#()[]{\}^$.\*\?|\\}", foo(r"()[]{}^$.*?|\x"), Some("x")),
            (r"${FOO%%\**}", foo("xx**"), Some("xx")),
            ("${FOO#*x*y}", foo("xxyy"), Some("y")),
            ("${FOO#*}", foo("xxyy"), Some("xxyy")),
            ("${FOO#$BAR}", vec![("FOO", "xxyy"), ("BAR", "x")], Some("xyy")),
            ("${FOO#$BAR}", vec![("FOO", "xxyy"), ("BAR", "")], Some("xxyy")),
            ("${FOO#}", foo("xxyy"), Some("xxyy")),
            ("${FOO##*x}", foo("xxyy"), Some("yy")),
            ("${FOO##}", foo("xxyy"), Some("xxyy")),
            (r"${FOO#?\?}", foo("???y"), Some("?y")),
            ("${ABC:-.}${FOO%x}${ABC:-.}", foo("xxyy"), Some(".xxyy.")),
            (r"${FOO%%\**\*}", foo("a***yy*"), Some("a")),
            ("${FOO%}", foo("xxyy"), Some("xxyy")),
            ("${FOO%%$BAR}", vec![("FOO", "xxyy"), ("BAR", "")], Some("xxyy")),
            ("${FOO%y*}", foo("xxyy"), Some("xxy")),
            ("${FOO%%y*}", foo("xxyy"), Some("xx")),
            ("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", vec![("FOO", "/foo*/*/*.txt"), ("NEEDLE", r"\*/")], Some("/foo.*/*.txt - /foo..*.txt")),
            ("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", vec![("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")], Some("/tmp/bar.txt - /bar.txt")),
            ("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}", vec![("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")], Some("/foo/b/c.txt - /foo/c.txt")),
            ("${FOO/$NEEDLE/$REPLACEMENT}", vec![("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")], Some("https://google.de")),
            (r"${FOO//\//\/}", foo("/tmp/foo.txt"), Some(r"\/tmp\/foo.txt")),
            ("${FOO/$BAR/ww}", vec![("FOO", "xxyy"), ("BAR", "")], Some("wwxxyy")),
            ("${FOO//$BAR/-}", vec![("FOO", "ab"), ("BAR", "")], Some("-a-b-")),
            ("${FOO//ww}", foo("xxyy"), None),
            ("${FOO//}", foo("xxyy"), None),
            ("${FOO///}", foo("xxyy"), Some("xxyy")),
            ("${FOO///}", vec![], Some("")),
            (r"${FOO#\x}", foo("xx"), None),
            ("something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz", vec![("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")], Some("something-v1.2.3.linux-arm-v7.tar.gz")),
        ];
        for (input, vars, expected) in cases {
            let result = expand(input, &vars);
            match expected {
                Some(expected) => assert_eq!(result.as_deref(), Ok(expected), "input {input:?}"),
                None => assert!(result.is_err(), "{input:?} should fail, got {result:?}"),
            }
        }
    }

    #[test]
    fn shell_expand_required_messages() {
        let vars = [("VAR", ""), ("ARG", "x")];
        let error = expand("${VAR:?message here$ARG}", &vars).unwrap_err();
        assert_eq!(error.message, "VAR: message herex");
        assert_eq!(expand("${VAR?message here$ARG}", &vars), Ok(String::new()));
        let error = expand("${NOPE?}", &vars).unwrap_err();
        assert_eq!(error.message, "NOPE: is not allowed to be unset");
        let error = expand("ab${VAR:?}", &vars).unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.offset),
            ("VAR: is not allowed to be empty", 2)
        );
    }

    #[test]
    fn shell_expand_reports_references_and_unset_names() {
        let vars = [("PWD", "/home")];
        let expansion = expand_word("a$PWD ${X:-${Y}} ${Z#p} $1", '\\', &env(&vars)).unwrap();
        let names: Vec<(&str, Range<usize>, bool)> = expansion
            .references
            .iter()
            .map(|r| (r.name.as_str(), r.range.clone(), r.has_default))
            .collect();
        assert_eq!(
            names,
            [
                ("PWD", 1..5, false),
                ("X", 6..16, true),
                ("Y", 11..15, false),
                ("Z", 17..23, false),
                ("1", 24..26, false)
            ]
        );
        assert_eq!(expansion.unset, ["X", "Y", "Z", "1"]);
        assert_eq!(expansion.value, "a/home   ");
    }

    #[test]
    fn shell_expand_escapes_and_quotes_hide_references() {
        let refs = variable_references(r#"\$A '$B' "$C" ${D:?} `$E"#, '\\');
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["C", "D", "E"]);
        assert!(refs[1].has_default);
    }

    #[test]
    fn shell_expand_backtick_escape() {
        let vars = [("A", "1")];
        let value = |word| expand_word(word, '`', &env(&vars)).map(|e| e.value);
        assert_eq!(value(r"C:\path`$A"), Ok(r"C:\path$A".to_string()));
        assert_eq!(value("\"a`\"b\" $A"), Ok("a\"b 1".to_string()));
        assert_eq!(value("a``b"), Ok("a`b".to_string()));
    }

    #[test]
    fn shell_variable_references_survive_errors() {
        let refs = variable_references("$A ${B:?must} ${C", '\\');
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert!(variable_references("${", '\\').is_empty());
    }

    #[test]
    fn shell_expand_special_parameters() {
        assert_eq!(
            expand("$@-$#-$$-${?}", &[("@", "all")]),
            Ok("all---".to_string())
        );
        assert_eq!(
            expand("$12x", &[("12", "twelve")]),
            Ok("twelvex".to_string())
        );
    }

    #[test]
    fn shell_expand_errors_carry_offsets() {
        let error = expand("ab'cd", &[]).unwrap_err();
        assert_eq!(error.offset, 2);
        let error = expand("x${", &[]).unwrap_err();
        assert_eq!(error.offset, 3);
        assert!(expand("${A:-${B", &[]).is_err());
        assert!(expand("${A/x", &[]).is_err());
    }

    #[test]
    fn shell_expand_nesting_limit() {
        let deep = "${A:-".repeat(200) + &"}".repeat(200);
        let error = expand(&deep, &[]).unwrap_err();
        assert!(error.message.contains("nested too deeply"));
        let fine = "${A:-".repeat(10) + "x" + &"}".repeat(10);
        assert_eq!(expand(&fine, &[]), Ok("x".to_string()));
    }

    #[test]
    fn shell_expand_never_panics_on_odd_input() {
        let inputs = [
            "$",
            "${",
            "${}",
            "${a",
            "${a:",
            "${a:-",
            "${a/",
            "${a//",
            "\\",
            "\"\\",
            "'",
            "${a#\\",
            "é${é}",
            "${a%%é*}",
            "$\u{0}",
            "${a:?é}",
        ];
        for input in inputs {
            let _ = expand(input, &[("a", "éé")]);
            let _ = expand_words(input, '\\', &env(&[]));
            let _ = variable_references(input, '`');
        }
        assert_eq!(expand("${a%%é*}", &[("a", "xéyé")]), Ok("x".to_string()));
        assert_eq!(expand("${a#?}", &[("a", "éa")]), Ok("a".to_string()));
    }

    #[test]
    fn shell_expand_glob_replace_all_like_go() {
        assert_eq!(
            expand("${A//x*/-}", &[("A", "axbxc")]),
            Ok("a-".to_string())
        );
        assert_eq!(expand("${A//?/-}", &[("A", "abc")]), Ok("---".to_string()));
        assert_eq!(expand("${A/b/}", &[("A", "abcb")]), Ok("acb".to_string()));
        assert_eq!(expand("${A//b/}", &[("A", "abcb")]), Ok("ac".to_string()));
    }

    /// BuildKit's `wordsTest`: `input|word,word` after the given ENV lines.
    #[test]
    fn shell_expand_words_table() {
        let vars = [
            ("hi", "hi"),
            ("space", "abc  def"),
            ("leading", "  ab c"),
            ("trailing", "ab c   "),
        ];
        let cases: &[(&str, &[&str])] = &[
            ("hello", &["hello"]),
            ("hello${hi}bye", &["hellohibye"]),
            ("hello${space}bye", &["helloabc", "defbye"]),
            ("hello\"${space}\"bye", &["helloabc  defbye"]),
            ("hello \"${space}\"bye", &["hello", "abc  defbye"]),
            ("hello${leading}def", &["hello", "ab", "cdef"]),
            ("hello\"${leading}\" def", &["hello  ab c", "def"]),
            ("hello\"${leading}\"", &["hello  ab c"]),
            ("hello${leading}", &["hello", "ab", "c"]),
            ("hello${trailing}", &["helloab", "c"]),
            ("hello${trailing}d", &["helloab", "c", "d"]),
            ("hello\"${trailing}\"d", &["helloab c   d"]),
            ("hel\"lo${trailing}\"", &["helloab c   "]),
            ("hello\" there  \"", &["hello there  "]),
            ("hello there     ", &["hello", "there"]),
            (r"hello\ there", &["hello there"]),
            (r#"hello\" there"#, &["hello\"", "there"]),
            (r#"hello"\\there""#, &[r"hello\there"]),
            (r#"hello"\there""#, &[r"hello\there"]),
            (r"hello'\\there'", &[r"hello\\there"]),
            (r"hello'\there'", &[r"hello\there"]),
            ("hello'$there'", &["hello$there"]),
            ("\"\" a ''", &["a"]),
        ];
        for (input, expected) in cases {
            let words = expand_words(input, '\\', &env(&vars)).unwrap();
            let values: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
            assert_eq!(&values, expected, "input {input:?}");
        }
        assert!(expand_words("hello\" there", '\\', &env(&vars)).is_err());
    }

    #[test]
    fn shell_expand_words_keep_sources_and_owned_references() {
        let words = expand_words("src/$A  ${B:-x} $UNSET dest", '\\', &env(&[("A", "a")])).unwrap();
        let shown: Vec<WordSummary> = words
            .iter()
            .map(|w| {
                let refs = w.references.iter().map(|r| r.name.as_str()).collect();
                let unset = w.unset.iter().map(String::as_str).collect();
                (w.value.as_str(), w.source.clone(), refs, unset)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("src/a", 0..6, vec!["A"], vec![]),
                ("x", 8..15, vec!["B"], vec!["B"]),
                ("dest", 23..27, vec!["UNSET"], vec!["UNSET"]),
            ]
        );
    }
}
