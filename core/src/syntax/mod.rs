//! The Dockerfile front end: a parser that follows BuildKit's
//! (`moby/buildkit/frontend/dockerfile/parser`) semantics for directives,
//! continuations, comments, heredocs, flags and the per-instruction argument
//! forms, and keeps an exact source span for everything it reads.
//!
//! Unlike BuildKit it never stops at the first error: every problem becomes a
//! [`SyntaxError`] and parsing goes on with the next instruction.

mod instruction;
mod scan;
mod text;
mod words;

pub use instruction::{
    ArgDecl, Args, Command, CopyArgs, FromArgs, Healthcheck, KeyValue, Mount, MountOption,
};
pub use text::LogicalText;

use crate::span::{LineIndex, Span};

/// A parsed Dockerfile.
#[derive(Clone, Debug)]
pub struct Dockerfile {
    /// The escape character: `\` unless `# escape=` chose the backtick.
    pub escape: char,
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    pub line_index: LineIndex,
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|directive| directive.name == name)
    }
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`) at the top of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name.
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

/// A comment line. `text` is what follows the `#`, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
    /// 1-based line.
    pub line: u32,
    /// True when the comment sits inside a continued instruction.
    pub inside_instruction: bool,
}

/// A problem that makes the Dockerfile invalid (BuildKit would refuse it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// The instruction keywords, plus `Unknown` for anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub fn parse(word: &str) -> Keyword {
        const KEYWORDS: [(&str, Keyword); 18] = [
            ("add", Keyword::Add),
            ("arg", Keyword::Arg),
            ("cmd", Keyword::Cmd),
            ("copy", Keyword::Copy),
            ("entrypoint", Keyword::Entrypoint),
            ("env", Keyword::Env),
            ("expose", Keyword::Expose),
            ("from", Keyword::From),
            ("healthcheck", Keyword::Healthcheck),
            ("label", Keyword::Label),
            ("maintainer", Keyword::Maintainer),
            ("onbuild", Keyword::Onbuild),
            ("run", Keyword::Run),
            ("shell", Keyword::Shell),
            ("stopsignal", Keyword::Stopsignal),
            ("user", Keyword::User),
            ("volume", Keyword::Volume),
            ("workdir", Keyword::Workdir),
        ];
        KEYWORDS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map_or(Keyword::Unknown, |(_, keyword)| *keyword)
    }

    /// The upper-case spelling (`"UNKNOWN"` for unknown instructions).
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }
}

/// One instruction, with its joined text and everything parsed from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (for casing checks and unknown instructions).
    pub keyword_text: String,
    pub keyword_span: Span,
    /// From the keyword to the end of the last continuation line (heredoc
    /// bodies excluded; see [`Instruction::full_span`]).
    pub span: Span,
    /// 1-based first line.
    pub line: u32,
    /// 1-based last line, heredoc bodies and terminators included.
    pub end_line: u32,
    pub flags: Vec<Flag>,
    pub args: Args,
    pub heredocs: Vec<Heredoc>,
    /// The instruction's lines joined as BuildKit joins them.
    pub text: LogicalText,
    /// Where the arguments (after the flags) start and end in `text`.
    pub args_range: std::ops::Range<usize>,
    /// Whitespace-only lines inside the continuation (BuildKit warns).
    pub empty_continuation_lines: Vec<Span>,
}

impl Instruction {
    /// The arguments after the flags, as joined text.
    pub fn args_text(&self) -> &str {
        &self.text.as_str()[self.args_range.clone()]
    }

    pub fn args_span(&self) -> Span {
        self.text.span(self.args_range.clone())
    }

    /// The instruction including its heredoc bodies and terminators.
    pub fn full_span(&self) -> Span {
        self.heredocs.iter().fold(self.span, |span, heredoc| {
            span.cover(heredoc.terminator_span.unwrap_or(heredoc.body_span))
        })
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |flag| flag.name == name)
    }

    /// The instruction an `ONBUILD` wraps, or the instruction itself.
    pub fn effective(&self) -> &Instruction {
        match &self.args {
            Args::Onbuild(Some(inner)) => inner,
            _ => self,
        }
    }
}

/// A `--name[=value]` flag. `value` has quotes removed, as BuildKit reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
    pub name_span: Span,
    /// The value as written (between `=` and the end of the flag).
    pub value_span: Option<Span>,
}

/// A word of an instruction's arguments with its span. For shell-ish
/// arguments `text` is as written (quotes and escapes kept, variables not
/// expanded); for exec-form (JSON) arguments it is the decoded string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// A heredoc (`<<EOF`) of a RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter with quotes removed.
    pub name: String,
    /// False when the delimiter was quoted: the body is taken literally.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// A file descriptor written before the marker (`3<<EOF`).
    pub file_descriptor: Option<u32>,
    /// The `<<EOF` word in the instruction.
    pub marker_span: Span,
    /// The raw body, every line with its line break.
    pub body: String,
    pub body_span: Span,
    /// The terminator line, `None` when the file ended first.
    pub terminator_span: Option<Span>,
}

impl Heredoc {
    /// The body as the command sees it (`<<-` strips leading tabs).
    pub fn content(&self) -> std::borrow::Cow<'_, str> {
        if !self.chomp {
            return std::borrow::Cow::Borrowed(&self.body);
        }
        let stripped: String = self
            .body
            .split_inclusive('\n')
            .map(|line| line.trim_start_matches('\t'))
            .collect();
        std::borrow::Cow::Owned(stripped)
    }
}

/// Parses a Dockerfile. Never fails: problems are reported in `errors`.
pub fn parse(source: &str) -> Dockerfile {
    scan::Scanner::new(source).run()
}
