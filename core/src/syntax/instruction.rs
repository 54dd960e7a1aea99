//! Per-instruction argument forms (BuildKit's `dispatch` table in
//! `parser/line_parsers.go`) and the checks BuildKit makes when it turns
//! them into instructions (`instructions/parse.go`).

use std::ops::Range;

use super::text::LogicalText;
use super::words::{
    extract_flags, is_separator, parse_json_array, parse_words, split_whitespace, JsonArray,
    RawFlag,
};
use super::{Flag, Heredoc, Instruction, Keyword, SyntaxError, Word};
use crate::span::Span;

/// The parsed arguments of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    From(FromArgs),
    /// RUN, CMD, ENTRYPOINT and SHELL.
    Command(Command),
    Healthcheck(Healthcheck),
    /// ENV and LABEL.
    KeyValues(Vec<KeyValue>),
    Arg(Vec<ArgDecl>),
    /// COPY and ADD.
    Copy(CopyArgs),
    /// EXPOSE and VOLUME (VOLUME may be JSON: `json` is then true).
    List {
        items: Vec<Word>,
        json: bool,
    },
    /// USER, WORKDIR, STOPSIGNAL and MAINTAINER: the rest of the line.
    Text(Option<Word>),
    /// The wrapped instruction (`None` when missing or invalid).
    Onbuild(Option<Box<Instruction>>),
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromArgs {
    pub image: Option<Word>,
    /// The `AS` keyword as written.
    pub as_keyword: Option<Word>,
    pub name: Option<Word>,
}

/// The command of RUN, CMD, ENTRYPOINT, SHELL or HEALTHCHECK CMD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// JSON array form: decoded strings.
    Exec(Vec<Word>),
    /// Shell form: the text as written and its range in the instruction's
    /// logical text, so positions inside it map back to the source.
    Shell {
        text: String,
        range: Range<usize>,
    },
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Healthcheck {
    None,
    Cmd(Command),
}

/// `key=value` of ENV or LABEL; `legacy` for the `ENV key value` form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    /// As written (quotes kept, variables not expanded).
    pub value: Word,
    pub legacy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDecl {
    pub name: Word,
    /// As written after `=`.
    pub default: Option<Word>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyArgs {
    pub sources: Vec<Word>,
    pub destination: Option<Word>,
    pub json: bool,
}

/// A `RUN --mount=...` flag, read as BuildKit's CSV options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// `bind` unless `type=` says otherwise (lower-cased).
    pub kind: String,
    pub options: Vec<MountOption>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountOption {
    /// Lower-cased key.
    pub key: String,
    pub value: Option<String>,
}

impl Mount {
    pub fn option(&self, keys: &[&str]) -> Option<&str> {
        self.options
            .iter()
            .find(|option| keys.contains(&option.key.as_str()))
            .and_then(|option| option.value.as_deref())
    }

    /// The mount's target directory (`target`, `dst` or `destination`).
    pub fn target(&self) -> Option<&str> {
        self.option(&["target", "dst", "destination"])
    }

    /// Parses a `--mount` flag's value.
    pub fn parse(value: &str, span: Span) -> Mount {
        let options: Vec<MountOption> = csv_fields(value)
            .into_iter()
            .filter(|field| !field.is_empty())
            .map(|field| match field.split_once('=') {
                Some((key, value)) => MountOption {
                    key: key.trim().to_ascii_lowercase(),
                    value: Some(value.to_string()),
                },
                None => MountOption {
                    key: field.trim().to_ascii_lowercase(),
                    value: None,
                },
            })
            .collect();
        let kind = options
            .iter()
            .find(|option| option.key == "type")
            .and_then(|option| option.value.as_deref())
            .unwrap_or("bind")
            .to_ascii_lowercase();
        Mount {
            kind,
            options,
            span,
        }
    }
}

/// Splits on commas outside double quotes, removing the quotes (Go's CSV reader).
fn csv_fields(value: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for ch in value.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().map_or((), |field| field.push(ch)),
        }
    }
    fields
}

impl Instruction {
    /// The `--mount` flags of a RUN.
    pub fn mounts(&self) -> Vec<Mount> {
        self.flags_named("mount")
            .map(|flag| Mount::parse(flag.value.as_deref().unwrap_or(""), flag.span))
            .collect()
    }

    /// The command of RUN, CMD, ENTRYPOINT, SHELL or HEALTHCHECK CMD.
    pub fn command(&self) -> Option<&Command> {
        match &self.args {
            Args::Command(command) | Args::Healthcheck(Healthcheck::Cmd(command)) => Some(command),
            _ => None,
        }
    }
}

/// An instruction's text split into keyword, flags and arguments.
pub(crate) struct InstructionDraft {
    pub(crate) text: LogicalText,
    pub(crate) keyword: Keyword,
    /// For ONBUILD: the keyword of the wrapped instruction.
    pub(crate) inner_keyword: Keyword,
    escape: char,
    keyword_range: Range<usize>,
    raw_flags: Vec<RawFlag>,
    args_range: Range<usize>,
}

impl InstructionDraft {
    /// `None` for text with no keyword at all.
    pub(crate) fn new(text: LogicalText, escape: char) -> Option<Self> {
        let line = text.as_str();
        let start = line.len() - line.trim_start().len();
        let end = line.trim_end().len();
        if start >= end {
            return None;
        }
        // `splitCommand`: the keyword ends at BuildKit's `[\t\v\f\r ]+`.
        let keyword_end = line[start..end]
            .find(is_separator)
            .map_or(end, |offset| start + offset);
        let keyword = Keyword::parse(&line[start..keyword_end]);
        let (raw_flags, args_start) = extract_flags(line, keyword_end..end);
        let args_range = args_start.max(keyword_end)..end;
        let inner_keyword = if keyword == Keyword::Onbuild {
            let rest = &line[args_range.clone()];
            Keyword::parse(rest.split(is_separator).next().unwrap_or(""))
        } else {
            Keyword::Unknown
        };
        Some(InstructionDraft {
            keyword_range: start..keyword_end,
            text,
            keyword,
            inner_keyword,
            escape,
            raw_flags,
            args_range,
        })
    }

    pub(crate) fn is_json_form(&self) -> bool {
        let line = self.text.as_str();
        let args = if self.keyword == Keyword::Onbuild {
            let rest = &line[self.args_range.clone()];
            let inner_end = rest.find(is_separator).unwrap_or(rest.len());
            let inner_start = self.args_range.start + inner_end;
            let (_, start) = extract_flags(line, inner_start..self.args_range.end);
            start..self.args_range.end
        } else {
            self.args_range.clone()
        };
        matches!(parse_json_array(line, args), JsonArray::Strings(_))
    }

    fn word(&self, range: Range<usize>) -> Word {
        Word {
            text: self.text.as_str()[range.clone()].to_string(),
            span: self.text.span(range),
        }
    }
}

/// Turns a draft into an instruction, reporting what BuildKit would reject.
pub(crate) fn parse_instruction(
    draft: InstructionDraft,
    span: Span,
    (line, end_line): (u32, u32),
    heredocs: Vec<Heredoc>,
    empty_continuation_lines: Vec<Span>,
    errors: &mut Vec<SyntaxError>,
) -> Instruction {
    let mut parser = ArgParser {
        draft: &draft,
        errors,
        span,
        has_heredocs: !heredocs.is_empty(),
    };
    let flags = parser.flags();
    let args = parser.args(draft.keyword, draft.args_range.clone());
    let keyword_span = draft.text.span(draft.keyword_range.clone());
    Instruction {
        keyword: draft.keyword,
        keyword_text: draft.text.as_str()[draft.keyword_range.clone()].to_string(),
        keyword_span,
        span,
        line,
        end_line,
        flags,
        args,
        heredocs,
        args_range: draft.args_range.clone(),
        text: draft.text,
        empty_continuation_lines,
    }
}

struct ArgParser<'a> {
    draft: &'a InstructionDraft,
    errors: &'a mut Vec<SyntaxError>,
    span: Span,
    has_heredocs: bool,
}

/// Flags each instruction accepts, and whether they are booleans.
fn known_flags(keyword: Keyword) -> &'static [(&'static str, bool)] {
    match keyword {
        Keyword::From => &[("platform", false)],
        Keyword::Run => &[
            ("mount", false),
            ("network", false),
            ("security", false),
            ("device", false),
        ],
        Keyword::Copy => &[
            ("from", false),
            ("chown", false),
            ("chmod", false),
            ("link", true),
            ("parents", true),
            ("exclude", false),
        ],
        Keyword::Add => &[
            ("chown", false),
            ("chmod", false),
            ("link", true),
            ("keep-git-dir", true),
            ("checksum", false),
            ("exclude", false),
            ("unpack", true),
        ],
        Keyword::Healthcheck => &[
            ("interval", false),
            ("timeout", false),
            ("start-period", false),
            ("start-interval", false),
            ("retries", false),
        ],
        _ => &[],
    }
}

impl ArgParser<'_> {
    fn error(&mut self, message: impl Into<String>, span: Span) {
        self.errors.push(SyntaxError {
            message: message.into(),
            span,
        });
    }

    fn keyword_name(&self) -> &'static str {
        self.draft.keyword.as_str()
    }

    fn flags(&mut self) -> Vec<Flag> {
        let draft = self.draft;
        let known = known_flags(draft.keyword);
        let check = draft.keyword != Keyword::Unknown && draft.keyword != Keyword::Onbuild;
        let mut flags = Vec::new();
        for raw in &draft.raw_flags {
            let body = raw.text.trim_start_matches('-');
            let (name, value) = match body.split_once('=') {
                Some((name, value)) => (name.to_string(), Some(value.to_string())),
                None => (body.to_string(), None),
            };
            let span = draft.text.span(raw.range.clone());
            let raw_text = &draft.text.as_str()[raw.range.clone()];
            let name_end = raw.range.start + raw_text.find('=').unwrap_or(raw_text.len());
            let name_span = draft.text.span(raw.range.start..name_end);
            let value_span = raw_text
                .find('=')
                .map(|equals| draft.text.span(raw.range.start + equals + 1..raw.range.end));
            if check {
                match known.iter().find(|(known_name, _)| *known_name == name) {
                    None => self.error(format!("unknown flag: --{name}"), name_span),
                    Some((_, false)) if value.is_none() => {
                        self.error(format!("missing a value on flag --{name}"), span);
                    }
                    Some((_, true))
                        if value
                            .as_deref()
                            .is_some_and(|v| !matches!(v, "true" | "false")) =>
                    {
                        self.error(format!("flag --{name} expects true or false"), span);
                    }
                    _ => {}
                }
            }
            flags.push(Flag {
                name,
                value,
                span,
                name_span,
                value_span,
            });
        }
        flags
    }

    fn args(&mut self, keyword: Keyword, range: Range<usize>) -> Args {
        match keyword {
            Keyword::From => self.from(range),
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
                let command = self.command(range);
                self.check_command(keyword, &command);
                Args::Command(command)
            }
            Keyword::Healthcheck => self.healthcheck(range),
            Keyword::Env | Keyword::Label => self.key_values(keyword, range),
            Keyword::Arg => self.arg(range),
            Keyword::Copy | Keyword::Add => self.copy(range),
            Keyword::Expose => {
                let items = self.words(split_whitespace(self.draft.text.as_str(), range));
                self.require(!items.is_empty(), "at least one argument");
                Args::List { items, json: false }
            }
            Keyword::Volume => self.volume(range),
            Keyword::User | Keyword::Workdir | Keyword::Stopsignal | Keyword::Maintainer => {
                let text = self.draft.text.as_str();
                let word = (!range.is_empty()).then(|| self.draft.word(range.clone()));
                let single = split_whitespace(text, range).len() == 1;
                match keyword {
                    Keyword::Maintainer => self.require(word.is_some(), "exactly one argument"),
                    _ => self.require(single, "exactly one argument"),
                }
                Args::Text(word)
            }
            Keyword::Onbuild => self.onbuild(range),
            Keyword::Unknown => {
                let keyword =
                    self.draft.text.as_str()[self.draft.keyword_range.clone()].to_string();
                let span = self.draft.text.span(self.draft.keyword_range.clone());
                self.error(format!("unknown instruction: {keyword}"), span);
                Args::Unknown
            }
        }
    }

    fn require(&mut self, ok: bool, what: &str) {
        if !ok {
            let message = format!("{} requires {what}", self.keyword_name());
            self.error(message, self.span);
        }
    }

    fn words(&self, ranges: Vec<Range<usize>>) -> Vec<Word> {
        ranges
            .into_iter()
            .map(|range| self.draft.word(range))
            .collect()
    }

    fn from(&mut self, range: Range<usize>) -> Args {
        let words = self.words(split_whitespace(self.draft.text.as_str(), range));
        let valid =
            words.len() == 1 || (words.len() == 3 && words[1].text.eq_ignore_ascii_case("as"));
        if !valid {
            self.error(
                "FROM requires either one or three arguments (FROM image [AS name])",
                self.span,
            );
        }
        let mut words = words.into_iter();
        let image = words.next();
        let as_keyword = words.next();
        let name = words.next();
        if let Some(name) = &name {
            if !is_valid_stage_name(&name.text) {
                self.error(
                    format!(
                        "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                        name.text
                    ),
                    name.span,
                );
            }
        }
        Args::From(FromArgs {
            image,
            as_keyword,
            name,
        })
    }

    /// BuildKit's `parseMaybeJSON`.
    fn command(&mut self, range: Range<usize>) -> Command {
        let text = self.draft.text.as_str();
        if range.is_empty() {
            return Command::Empty;
        }
        match parse_json_array(text, range.clone()) {
            JsonArray::Strings(items) => Command::Exec(
                items
                    .into_iter()
                    .map(|(text, range)| Word {
                        text,
                        span: self.draft.text.span(range),
                    })
                    .collect(),
            ),
            JsonArray::NotStrings => {
                self.not_strings(range);
                Command::Empty
            }
            JsonArray::NotJson => Command::Shell {
                text: text[range.clone()].to_string(),
                range,
            },
        }
    }

    fn not_strings(&mut self, range: Range<usize>) {
        let span = self.draft.text.span(range);
        self.error(
            "when using JSON array syntax, arrays must be comprised of strings only",
            span,
        );
    }

    fn check_command(&mut self, keyword: Keyword, command: &Command) {
        match (keyword, command) {
            (Keyword::Run, Command::Empty) | (Keyword::Run, Command::Exec(_))
                if command_is_empty(command) =>
            {
                self.require(false, "at least one argument");
            }
            (Keyword::Shell, Command::Exec(words)) if words.is_empty() => {
                self.require(false, "at least one argument");
            }
            (Keyword::Shell, Command::Shell { .. } | Command::Empty) => {
                self.error("SHELL requires the arguments to be in JSON form", self.span);
            }
            _ => {}
        }
    }

    fn healthcheck(&mut self, range: Range<usize>) -> Args {
        let text = self.draft.text.as_str();
        let kind_end = text[range.clone()]
            .find(char::is_whitespace)
            .map_or(range.end, |offset| range.start + offset);
        let kind = &text[range.start..kind_end];
        let rest_start = kind_end
            + (text[kind_end..range.end].len() - text[kind_end..range.end].trim_start().len());
        if kind.eq_ignore_ascii_case("none") {
            if rest_start < range.end {
                self.error("HEALTHCHECK NONE takes no arguments", self.span);
            }
            if !self.draft.raw_flags.is_empty() {
                self.error("HEALTHCHECK NONE does not accept flags", self.span);
            }
            return Args::Healthcheck(Healthcheck::None);
        }
        if !kind.eq_ignore_ascii_case("cmd") {
            let message = if kind.is_empty() {
                "HEALTHCHECK requires at least one argument".to_string()
            } else {
                format!("unknown type {kind:?} in HEALTHCHECK (try CMD)")
            };
            self.error(message, self.span);
            return Args::Unknown;
        }
        let command = self.command(rest_start..range.end);
        if command_is_empty(&command) {
            self.error("missing command after HEALTHCHECK CMD", self.span);
        }
        self.check_healthcheck_flags();
        Args::Healthcheck(Healthcheck::Cmd(command))
    }

    fn check_healthcheck_flags(&mut self) {
        for raw in &self.draft.raw_flags {
            let Some((name, value)) = raw.text.trim_start_matches('-').split_once('=') else {
                continue;
            };
            let valid = match name {
                "retries" => value.parse::<i64>().is_ok_and(|retries| retries >= 0),
                "interval" | "timeout" | "start-period" | "start-interval" => is_duration(value),
                _ => true,
            };
            if !valid {
                let span = self.draft.text.span(raw.range.clone());
                self.error(
                    format!("invalid value {value:?} for HEALTHCHECK --{name}"),
                    span,
                );
            }
        }
    }

    /// BuildKit's `parseNameVal` for ENV and LABEL.
    fn key_values(&mut self, keyword: Keyword, range: Range<usize>) -> Args {
        let text = self.draft.text.as_str();
        let words = parse_words(text, range.clone(), self.draft.escape);
        let Some(first) = words.first() else {
            self.require(false, "at least one argument");
            return Args::KeyValues(Vec::new());
        };
        if !text[first.clone()].contains('=') {
            // Legacy `ENV key value`: the value is the rest of the line.
            let key_range = split_whitespace(text, range.clone())[0].clone();
            let value_start = key_range.end + leading_separators(&text[key_range.end..range.end]);
            if value_start >= range.end {
                let message = format!("{} must have two arguments", keyword.as_str());
                self.error(message, self.span);
            }
            return Args::KeyValues(vec![KeyValue {
                key: self.draft.word(key_range),
                value: self.draft.word(value_start.min(range.end)..range.end),
                legacy: true,
            }]);
        }
        let mut pairs = Vec::new();
        for word in words {
            let Some(equals) = text[word.clone()].find('=') else {
                let span = self.draft.text.span(word.clone());
                self.error(
                    format!(
                        "syntax error: can't find = in {:?}; it must be of the form name=value",
                        &text[word]
                    ),
                    span,
                );
                continue;
            };
            let split = word.start + equals;
            if equals == 0 {
                let span = self.draft.text.span(word.clone());
                self.error(format!("{} names can not be blank", keyword.as_str()), span);
            }
            pairs.push(KeyValue {
                key: self.draft.word(word.start..split),
                value: self.draft.word(split + 1..word.end),
                legacy: false,
            });
        }
        Args::KeyValues(pairs)
    }

    fn arg(&mut self, range: Range<usize>) -> Args {
        let text = self.draft.text.as_str();
        let words = parse_words(text, range, self.draft.escape);
        self.require(!words.is_empty(), "at least one argument");
        let declarations = words
            .into_iter()
            .map(|word| match text[word.clone()].find('=') {
                Some(equals) => ArgDecl {
                    name: self.draft.word(word.start..word.start + equals),
                    default: Some(self.draft.word(word.start + equals + 1..word.end)),
                },
                None => ArgDecl {
                    name: self.draft.word(word),
                    default: None,
                },
            })
            .collect();
        Args::Arg(declarations)
    }

    /// BuildKit's `parseMaybeJSONToList`, then the COPY/ADD argument count.
    fn copy(&mut self, range: Range<usize>) -> Args {
        let (mut items, json) = self.list(range);
        if items.len() < 2 {
            let message = format!(
                "{} requires at least two arguments (source and destination)",
                self.keyword_name()
            );
            self.error(message, self.span);
        }
        let destination = if items.len() >= 2 || (self.has_heredocs && !items.is_empty()) {
            items.pop()
        } else {
            None
        };
        if let Some(destination) = destination.as_ref().filter(|_| !json) {
            if is_heredoc_word(&destination.text) {
                let message = format!(
                    "{} cannot accept a heredoc as a destination",
                    self.keyword_name()
                );
                self.error(message, destination.span);
            }
        }
        Args::Copy(CopyArgs {
            sources: items,
            destination,
            json,
        })
    }

    fn volume(&mut self, range: Range<usize>) -> Args {
        let (items, json) = self.list(range);
        self.require(!items.is_empty(), "at least one argument");
        if items.iter().any(|item| item.text.trim().is_empty()) {
            self.error("VOLUME specified can not be an empty string", self.span);
        }
        Args::List { items, json }
    }

    fn list(&mut self, range: Range<usize>) -> (Vec<Word>, bool) {
        let text = self.draft.text.as_str();
        match parse_json_array(text, range.clone()) {
            JsonArray::Strings(items) => (
                items
                    .into_iter()
                    .map(|(text, range)| Word {
                        text,
                        span: self.draft.text.span(range),
                    })
                    .collect(),
                true,
            ),
            JsonArray::NotStrings => {
                self.not_strings(range);
                (Vec::new(), true)
            }
            JsonArray::NotJson => (self.words(split_whitespace(text, range)), false),
        }
    }

    /// BuildKit's `parseSubCommand`: the rest is an instruction of its own.
    fn onbuild(&mut self, range: Range<usize>) -> Args {
        let text = self.draft.text.slice(range);
        let Some(inner) = InstructionDraft::new(text, self.draft.escape) else {
            self.require(false, "at least one argument");
            return Args::Onbuild(None);
        };
        match inner.keyword {
            Keyword::Onbuild => {
                self.error(
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                    self.span,
                );
                return Args::Onbuild(None);
            }
            Keyword::From | Keyword::Maintainer => {
                let message = format!(
                    "{} isn't allowed as an ONBUILD trigger",
                    inner.keyword.as_str()
                );
                self.error(message, self.span);
            }
            _ => {}
        }
        let inner_range = inner.args_range.clone();
        let mut parser = ArgParser {
            draft: &inner,
            errors: &mut *self.errors,
            span: self.span,
            has_heredocs: self.has_heredocs,
        };
        let flags = parser.flags();
        let args = parser.args(inner.keyword, inner_range);
        let keyword_span = inner.text.span(inner.keyword_range.clone());
        Args::Onbuild(Some(Box::new(Instruction {
            keyword: inner.keyword,
            keyword_text: inner.text.as_str()[inner.keyword_range.clone()].to_string(),
            keyword_span,
            span: keyword_span.cover(self.span),
            line: 0,
            end_line: 0,
            flags,
            args,
            heredocs: Vec::new(),
            args_range: inner.args_range.clone(),
            text: inner.text,
            empty_continuation_lines: Vec::new(),
        })))
    }
}

fn command_is_empty(command: &Command) -> bool {
    match command {
        Command::Empty => true,
        Command::Exec(words) => words.is_empty(),
        Command::Shell { text, .. } => text.trim().is_empty(),
    }
}

/// BuildKit's `MustParseHeredoc`: `^(\d*)<<(-?)\s*([^<]*)$` with a non-empty
/// delimiter.
fn is_heredoc_word(word: &str) -> bool {
    let rest = word.trim_start_matches(|ch: char| ch.is_ascii_digit());
    let Some(rest) = rest.strip_prefix("<<") else {
        return false;
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let delimiter = rest.trim_start_matches([' ', '\t', '\n', '\u{c}', '\r']);
    !delimiter.is_empty() && !delimiter.contains('<')
}

fn leading_separators(text: &str) -> usize {
    text.len() - text.trim_start_matches(super::words::is_separator).len()
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$`, checked on the lower-cased name.
fn is_valid_stage_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|ch| {
            ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '-' | '_' | '.')
        })
}

/// Go's `time.ParseDuration` syntax: `1h2m3.5s`, `300ms`, `0`.
fn is_duration(value: &str) -> bool {
    let value = value.strip_prefix(['+', '-']).unwrap_or(value);
    if value == "0" {
        return true;
    }
    let mut rest = value;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let number_len = rest
            .find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
            .unwrap_or(rest.len());
        if number_len == 0 || rest[..number_len].parse::<f64>().is_err() {
            return false;
        }
        rest = &rest[number_len..];
        let unit = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|unit| rest.starts_with(unit));
        let Some(unit) = unit else { return false };
        rest = &rest[unit.len()..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in ["30s", "1m30s", "0", "1.5h", "300ms"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["", "30", "s", "1x", "1.2.3s"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn stage_names() {
        assert!(is_valid_stage_name("Build-1.x_y"));
        assert!(!is_valid_stage_name("1build"));
        assert!(!is_valid_stage_name("bu:ild"));
    }

    #[test]
    fn mount_options() {
        let mount = Mount::parse(
            "type=cache,target=/root/.cache,\"sharing=locked\",ro",
            Span::default(),
        );
        assert_eq!(mount.kind, "cache");
        assert_eq!(mount.target(), Some("/root/.cache"));
        assert_eq!(mount.option(&["sharing"]), Some("locked"));
        assert!(mount.options.iter().any(|option| option.key == "ro"));
        assert_eq!(Mount::parse("target=/x", Span::default()).kind, "bind");
    }
}
