//! A small POSIX shell parser for the scripts inside RUN (shell form and
//! heredoc bodies). It does not run anything: it lists every simple command,
//! in source order, with the context rules need (pipes, `&&` chains,
//! subshells, command substitutions, `sh -c` strings).
//!
//! It is built for hostile input: it never panics, it reads each byte a
//! bounded number of times, and nesting deeper than [`MAX_NESTING`] stops the
//! parse with an error instead of exhausting the stack.

use std::ops::Range;
use std::sync::OnceLock;

use super::Recognized;

/// How deeply constructs may nest before the input counts as hostile.
pub const MAX_NESTING: usize = 64;

/// Shells whose `-c` string is parsed as a script of its own.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"];

/// Commands that run their arguments as a command, so `sudo sh -c` counts.
const WRAPPERS: &[&str] = &["sudo", "doas", "env", "exec", "nohup", "time", "command"];

/// A parsed script: its commands, flattened in source order, and its problems.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    /// Every simple command, nested ones included, ordered by start offset.
    pub commands: Vec<SimpleCommand>,
    /// Syntax problems; the commands are a best effort despite them.
    pub errors: Vec<ShellError>,
}

impl Script {
    /// The simple command just before `commands[index]` in its pipeline.
    pub fn pipeline_predecessor(&self, index: usize) -> Option<&SimpleCommand> {
        let position = self.commands.get(index)?.pipeline?;
        let wanted = position.index.checked_sub(1)?;
        self.commands.iter().find(|command| {
            command
                .pipeline
                .is_some_and(|p| p.id == position.id && p.index == wanted)
        })
    }
}

/// One simple command: `FOO=bar cmd arg >file`, with where it sits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimpleCommand {
    /// The command name, then its arguments; empty for bare assignments.
    pub words: Vec<ShellWord>,
    /// `NAME=value` words before the command name.
    pub assignments: Vec<Assignment>,
    /// Redirections, wherever they appear in the command.
    pub redirects: Vec<Redirect>,
    /// The bytes of the command in the input.
    pub range: Range<usize>,
    /// Where the command sits in a pipeline of two or more elements.
    pub pipeline: Option<PipelinePos>,
    /// The operator before this command's pipeline in its list.
    pub connector_before: Option<Connector>,
    /// The operator after this command's pipeline in its list.
    pub connector_after: Option<Connector>,
    /// Enclosing subshell environments: `( )`, `$( )`, backquotes and `sh -c`.
    pub subshell_depth: usize,
    /// Inside a command substitution (`$( )` or backquotes).
    pub in_substitution: bool,
    /// Inside the string of a `sh -c` (or `bash -c`, …).
    pub in_sh_c: bool,
    /// The pipeline is negated with `!`.
    pub negated: bool,
    /// What [`super::classify`] recognized, computed once: every rule asks.
    pub(crate) recognized: RecognizedOnce,
}

/// A lazily filled [`Recognized`]. Derived from `words` alone, so it takes no
/// part in comparisons and shows nothing in debug output.
#[derive(Clone, Default)]
pub(crate) struct RecognizedOnce(pub(crate) OnceLock<Option<Recognized>>);

impl PartialEq for RecognizedOnce {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for RecognizedOnce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("..")
    }
}

impl SimpleCommand {
    /// The command name with quotes removed, if there is one.
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|word| word.value.as_str())
    }

    /// The words after the command name.
    pub fn args(&self) -> &[ShellWord] {
        self.words.get(1..).unwrap_or_default()
    }
}

/// A command's place in a pipeline `a | b | c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipelinePos {
    /// Which pipeline of the script, numbered from 0.
    pub id: usize,
    /// The element's position, from 0.
    pub index: usize,
    /// How many elements the pipeline has.
    pub len: usize,
}

/// An operator that separates pipelines in a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// A newline.
    Newline,
    /// `&`
    Background,
}

/// A shell word.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShellWord {
    /// The word as written.
    pub raw: String,
    /// Quotes removed and escapes resolved; `$VAR` and `$(…)` kept as text.
    pub value: String,
    /// The bytes of the word in the input.
    pub range: Range<usize>,
    /// Some part of it was quoted or escaped.
    pub quoted: bool,
    /// It contains a parameter expansion or a command substitution.
    pub has_expansion: bool,
    /// Indices into [`Script::commands`] of what its substitutions run.
    pub substitution_commands: Range<usize>,
}

/// `NAME=value` before a command (or alone).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assignment {
    /// The variable name.
    pub name: String,
    /// The value part, after `=`.
    pub value: ShellWord,
    /// The bytes of the whole assignment.
    pub range: Range<usize>,
}

/// A redirection such as `>file`, `2>&1` or `<<EOF`.
#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    /// The file descriptor written before the operator (`2` in `2>&1`).
    pub fd: Option<u32>,
    /// The operator.
    pub op: RedirectOp,
    /// The file, descriptor or heredoc delimiter after the operator.
    pub target: ShellWord,
    /// The bytes of the whole redirection (not the heredoc body).
    pub range: Range<usize>,
    /// The body, for `<<` and `<<-`.
    pub heredoc: Option<HereDoc>,
}

/// The kinds of redirection operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    Input,
    /// `>`
    Output,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupInput,
    /// `>&`
    DupOutput,
    /// `<<`
    HereDoc,
    /// `<<-`
    HereDocStripTabs,
    /// `<<<`
    HereString,
    /// `&>`
    OutputBoth,
    /// `&>>`
    AppendBoth,
}

/// Operators by spelling, longest first so the scan takes the longest match.
const REDIRECT_OPS: &[(&str, RedirectOp)] = &[
    ("&>>", RedirectOp::AppendBoth),
    ("<<<", RedirectOp::HereString),
    ("<<-", RedirectOp::HereDocStripTabs),
    ("&>", RedirectOp::OutputBoth),
    ("<<", RedirectOp::HereDoc),
    ("<>", RedirectOp::ReadWrite),
    ("<&", RedirectOp::DupInput),
    (">>", RedirectOp::Append),
    (">&", RedirectOp::DupOutput),
    (">|", RedirectOp::Clobber),
    ("<", RedirectOp::Input),
    (">", RedirectOp::Output),
];

impl RedirectOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        REDIRECT_OPS
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(text, _)| text)
    }

    /// Whether the target is a file opened for writing.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Self::Output
                | Self::Append
                | Self::Clobber
                | Self::ReadWrite
                | Self::OutputBoth
                | Self::AppendBoth
        )
    }
}

/// A here-document body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HereDoc {
    /// The body without the delimiter line (leading tabs removed for `<<-`).
    pub body: String,
    /// The bytes of the body in the input.
    pub range: Range<usize>,
    /// The delimiter was unquoted, so the shell expands `$` in the body.
    pub expands: bool,
}

/// A syntax problem in a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes of the input.
    pub range: Range<usize>,
}

/// Parses a shell script.
pub fn parse_script(text: &str) -> Script {
    let mut parser = Parser::new(text, Context::default(), 0, 0);
    parser.parse_program();
    // Every RUN's script is kept until the rules are done: a one-command
    // script holds one command, not the four its vector grew to.
    parser.commands.shrink_to_fit();
    Script {
        commands: parser.commands,
        errors: parser.errors,
    }
}

/// What the commands being parsed are nested in.
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    subshell_depth: usize,
    in_substitution: bool,
    in_sh_c: bool,
}

/// A `<<` whose body starts after the current line.
struct PendingHereDoc {
    /// Command and redirect index to attach the body to, if any.
    target: Option<(usize, usize)>,
    delimiter: String,
    strip_tabs: bool,
    expands: bool,
}

/// How ranges of a separately parsed text map back into the input.
enum Origin {
    /// The text is a verbatim slice of the input starting here.
    Shifted(usize),
    /// The text was transformed; everything maps to this range.
    Whole(Range<usize>),
}

impl Origin {
    fn map(&self, range: &mut Range<usize>) {
        *range = match self {
            Origin::Shifted(base) => range.start + base..range.end + base,
            Origin::Whole(whole) => whole.clone(),
        };
    }

    /// Maps a word's range and shifts its command indices by `base`.
    fn relocate_word(&self, word: &mut ShellWord, base: usize) {
        self.map(&mut word.range);
        let commands = &mut word.substitution_commands;
        *commands = commands.start + base..commands.end + base;
    }

    fn relocate_command(&self, command: &mut SimpleCommand, base: usize) {
        self.map(&mut command.range);
        for word in &mut command.words {
            self.relocate_word(word, base);
        }
        for assignment in &mut command.assignments {
            self.map(&mut assignment.range);
            self.relocate_word(&mut assignment.value, base);
        }
        for redirect in &mut command.redirects {
            self.map(&mut redirect.range);
            self.relocate_word(&mut redirect.target, base);
            if let Some(heredoc) = &mut redirect.heredoc {
                self.map(&mut heredoc.range);
            }
        }
    }
}

/// Quote and expansion facts gathered while reading a word.
#[derive(Default)]
struct WordText {
    value: String,
    quoted: bool,
    has_expansion: bool,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    commands: Vec<SimpleCommand>,
    errors: Vec<ShellError>,
    heredocs: Vec<PendingHereDoc>,
    ctx: Context,
    depth: usize,
    /// Set when nesting got too deep: everything stops at once.
    halted: bool,
    /// Pipelines numbered so far, shared with nested parsers.
    pipelines: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, ctx: Context, depth: usize, pipelines: usize) -> Self {
        Parser {
            src,
            pos: 0,
            commands: Vec::new(),
            errors: Vec::new(),
            heredocs: Vec::new(),
            ctx,
            depth,
            halted: false,
            pipelines,
        }
    }

    // ----- low-level scanning -----

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn at(&self, text: &str) -> bool {
        self.rest().starts_with(text)
    }

    fn advance(&mut self, bytes: usize) {
        self.pos = (self.pos + bytes).min(self.src.len());
    }

    fn error(&mut self, message: impl Into<String>, range: Range<usize>) {
        if !self.halted {
            self.errors.push(ShellError {
                message: message.into(),
                range,
            });
        }
    }

    /// Skips blanks, line continuations and comments, not newlines.
    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.advance(1),
                Some('\\') if self.at("\\\n") => self.advance(2),
                Some('#') => {
                    let line = self.rest().find('\n').unwrap_or(self.rest().len());
                    self.advance(line);
                }
                _ => return,
            }
        }
    }

    /// Skips blanks, comments and newlines (reading pending heredoc bodies).
    fn skip_linebreaks(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() != Some('\n') {
                return;
            }
            self.consume_newline();
        }
    }

    fn consume_newline(&mut self) {
        self.advance(1);
        if !self.heredocs.is_empty() {
            self.read_heredoc_bodies();
        }
    }

    /// Whether a word can start here.
    fn at_word_start(&self) -> bool {
        self.peek().is_some_and(|c| !is_metachar(c))
    }

    /// The word here if it is plain text (no quotes, escapes or `$`), for
    /// spotting reserved words, which only count when unquoted.
    fn plain_word(&self) -> Option<&'a str> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| is_metachar(c) || "'\"\\$`".contains(c))
            .unwrap_or(rest.len());
        let next = rest[end..].chars().next();
        (end > 0 && next.is_none_or(is_metachar)).then(|| &rest[..end])
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        self.plain_word() == Some(keyword)
    }

    /// Consumes `keyword` (after linebreaks) or reports it missing.
    fn expect_keyword(&mut self, keyword: &str) -> bool {
        self.skip_linebreaks();
        if self.at_keyword(keyword) {
            self.advance(keyword.len());
            return true;
        }
        self.error(format!("expected `{keyword}`"), self.pos..self.pos);
        false
    }

    /// Runs `inner` one level deeper in `ctx`, or halts past the limit.
    fn nested(&mut self, ctx: Context, inner: impl FnOnce(&mut Self)) {
        if self.depth >= MAX_NESTING {
            self.error(
                format!("nesting deeper than {MAX_NESTING} levels"),
                self.pos..self.pos,
            );
            self.halt();
            return;
        }
        let saved = self.ctx;
        self.ctx = ctx;
        self.depth += 1;
        inner(self);
        self.depth -= 1;
        self.ctx = saved;
    }

    fn halt(&mut self) {
        self.halted = true;
        self.pos = self.src.len();
    }

    fn subshell_ctx(&self) -> Context {
        Context {
            subshell_depth: self.ctx.subshell_depth + 1,
            ..self.ctx
        }
    }

    // ----- lists, pipelines and commands -----

    fn parse_program(&mut self) {
        loop {
            self.parse_list(&[]);
            if self.halted || self.pos >= self.src.len() {
                break;
            }
            // Only a stray `)` or `;;` stops a top-level list.
            let start = self.pos;
            let len = if self.at(";;") {
                2
            } else {
                self.peek().map_or(1, char::len_utf8)
            };
            self.advance(len);
            self.error(
                format!("unexpected `{}`", &self.src[start..self.pos]),
                start..self.pos,
            );
        }
        if !self.heredocs.is_empty() {
            self.read_heredoc_bodies();
        }
    }

    /// Whether a list ends here: `)`, `;;`, or one of the `stops` keywords.
    fn at_list_stop(&self, stops: &[&str]) -> bool {
        self.peek() == Some(')')
            || self.at(";;")
            || self.at(";&")
            || self.plain_word().is_some_and(|word| stops.contains(&word))
    }

    /// A sequence of and-or lists separated by `;`, `&` or newlines.
    fn parse_list(&mut self, stops: &[&str]) {
        let mut before = None;
        loop {
            self.skip_linebreaks();
            if self.halted || self.pos >= self.src.len() || self.at_list_stop(stops) {
                return;
            }
            let start = self.pos;
            let members = self.parse_and_or(before);
            self.skip_blanks();
            let after = if self.at(";") && !self.at(";;") && !self.at(";&") {
                self.advance(1);
                Some(Connector::Semicolon)
            } else if self.at("&") {
                self.advance(1);
                Some(Connector::Background)
            } else if self.at("\n") {
                self.consume_newline();
                Some(Connector::Newline)
            } else {
                None
            };
            self.update(&members, |command| command.connector_after = after);
            before = after;
            if after.is_none() {
                if self.pos >= self.src.len() || self.at_list_stop(stops) {
                    return;
                }
                let at = self.pos;
                self.error("expected `;` or a newline", at..at);
                if self.pos == start {
                    self.advance(self.peek().map_or(1, char::len_utf8));
                }
            }
        }
    }

    /// Pipelines joined by `&&` and `||`; returns the last pipeline's commands.
    fn parse_and_or(&mut self, mut before: Option<Connector>) -> Vec<usize> {
        loop {
            let members = self.parse_pipeline();
            self.update(&members, |command| command.connector_before = before);
            self.skip_blanks();
            let op = if self.at("&&") {
                Connector::And
            } else if self.at("||") {
                Connector::Or
            } else {
                return members;
            };
            let start = self.pos;
            self.advance(2);
            self.update(&members, |command| command.connector_after = Some(op));
            before = Some(op);
            self.skip_linebreaks();
            if self.pos >= self.src.len() {
                self.error("missing command after operator", start..self.pos);
            }
        }
    }

    /// `[!] command [| command]…`; returns its simple commands.
    fn parse_pipeline(&mut self) -> Vec<usize> {
        self.skip_blanks();
        let mut negated = false;
        while self.at_keyword("!") {
            negated = !negated;
            self.advance(1);
            self.skip_blanks();
        }
        let mut elements = Vec::new();
        loop {
            elements.push(self.parse_command());
            self.skip_blanks();
            if self.at("||") {
                break;
            }
            if self.at("|&") {
                self.advance(2);
            } else if self.at("|") {
                self.advance(1);
            } else {
                break;
            }
            self.skip_linebreaks();
        }
        if elements.len() > 1 {
            let id = self.pipelines;
            self.pipelines += 1;
            let len = elements.len();
            for (index, element) in elements.iter().enumerate() {
                if let Some(command) = element.and_then(|i| self.commands.get_mut(i)) {
                    command.pipeline = Some(PipelinePos { id, index, len });
                }
            }
        }
        let members: Vec<usize> = elements.into_iter().flatten().collect();
        if negated {
            self.update(&members, |command| command.negated = true);
        }
        members
    }

    fn update(&mut self, members: &[usize], change: impl Fn(&mut SimpleCommand)) {
        for &index in members {
            if let Some(command) = self.commands.get_mut(index) {
                change(command);
            }
        }
    }

    /// One command; returns its index if it is a simple command.
    fn parse_command(&mut self) -> Option<usize> {
        self.skip_blanks();
        let start = self.pos;
        match self.peek()? {
            '(' if self.at("((") => {
                self.skip_arithmetic(2);
                self.skip_redirects();
                return None;
            }
            '(' => {
                self.parse_subshell();
                return None;
            }
            '\n' => return None,
            ';' | '&' | '|' | ')' => {
                let len = if self.at(";;") || self.at("&&") || self.at("||") {
                    2
                } else {
                    1
                };
                self.advance(len);
                self.error(
                    format!("unexpected `{}`", &self.src[start..self.pos]),
                    start..self.pos,
                );
                return None;
            }
            _ => {}
        }
        match self.plain_word() {
            Some("{") => self.parse_group(),
            Some("if") => self.parse_if(),
            Some(keyword @ ("for" | "select")) => self.parse_for(keyword.len()),
            Some(keyword @ ("while" | "until")) => self.parse_while(keyword.len()),
            Some("case") => self.parse_case(),
            Some("function") => self.parse_function(true),
            Some(word @ ("then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}")) => {
                self.advance(word.len());
                self.error(format!("unexpected `{word}`"), start..self.pos);
            }
            Some(_) if self.function_definition_follows() => self.parse_function(false),
            _ => return Some(self.parse_simple_command()),
        }
        None
    }

    fn parse_subshell(&mut self) {
        let open = self.pos;
        self.advance(1);
        self.nested(self.subshell_ctx(), |p| p.parse_list(&[]));
        self.close_with(")", open);
        self.skip_redirects();
    }

    /// Consumes `close` or reports the construct opened at `open` unclosed.
    fn close_with(&mut self, close: &str, open: usize) {
        self.skip_linebreaks();
        if self.at(close) {
            self.advance(close.len());
        } else {
            self.error(format!("missing `{close}`"), open..self.pos);
        }
    }

    fn parse_group(&mut self) {
        let open = self.pos;
        self.advance(1);
        self.nested(self.ctx, |p| {
            p.parse_list(&["}"]);
            p.close_with("}", open);
        });
        self.skip_redirects();
    }

    fn parse_if(&mut self) {
        self.advance(2);
        self.nested(self.ctx, |p| {
            p.parse_list(&["then"]);
            if !p.expect_keyword("then") {
                return;
            }
            loop {
                p.parse_list(&["elif", "else", "fi"]);
                if p.at_keyword("elif") {
                    p.advance(4);
                    p.parse_list(&["then"]);
                    if !p.expect_keyword("then") {
                        return;
                    }
                } else if p.at_keyword("else") {
                    p.advance(4);
                    p.parse_list(&["fi"]);
                    p.expect_keyword("fi");
                    return;
                } else {
                    p.expect_keyword("fi");
                    return;
                }
            }
        });
        self.skip_redirects();
    }

    fn parse_while(&mut self, keyword_len: usize) {
        self.advance(keyword_len);
        self.nested(self.ctx, |p| {
            p.parse_list(&["do"]);
            p.parse_do_group();
        });
        self.skip_redirects();
    }

    /// `for NAME [in WORD…]; do … done` and `for ((…)); do … done`.
    fn parse_for(&mut self, keyword_len: usize) {
        self.advance(keyword_len);
        self.skip_blanks();
        if self.at("((") {
            self.skip_arithmetic(2);
        } else if self.at_word_start() {
            self.read_word();
        }
        self.skip_linebreaks();
        if self.at_keyword("in") {
            self.advance(2);
            loop {
                self.skip_blanks();
                if !self.at_word_start() {
                    break;
                }
                self.read_word();
            }
        }
        self.skip_blanks();
        if self.at(";") && !self.at(";;") {
            self.advance(1);
        }
        self.nested(self.ctx, Self::parse_do_group);
        self.skip_redirects();
    }

    fn parse_do_group(&mut self) {
        if self.expect_keyword("do") {
            self.parse_list(&["done"]);
            self.expect_keyword("done");
        }
    }

    /// `case WORD in [(]PATTERN[|PATTERN]…) LIST ;; … esac`.
    fn parse_case(&mut self) {
        let open = self.pos;
        self.advance(4);
        self.skip_blanks();
        if self.at_word_start() {
            self.read_word();
        }
        if !self.expect_keyword("in") {
            return;
        }
        self.nested(self.ctx, |p| loop {
            p.skip_linebreaks();
            if p.halted || p.pos >= p.src.len() {
                p.error("missing `esac`", open..p.pos);
                return;
            }
            if p.at_keyword("esac") {
                p.advance(4);
                return;
            }
            if !p.parse_case_patterns() {
                return;
            }
            p.parse_list(&["esac"]);
            p.skip_blanks();
            if p.at(";;&") {
                p.advance(3);
            } else if p.at(";;") || p.at(";&") {
                p.advance(2);
            } else if !p.at_keyword("esac") {
                p.error("expected `;;` or `esac`", p.pos..p.pos);
                return;
            }
        });
        self.skip_redirects();
    }

    /// Reads `[(]pattern|pattern)`; false if it is malformed.
    fn parse_case_patterns(&mut self) -> bool {
        if self.at("(") {
            self.advance(1);
        }
        loop {
            self.skip_blanks();
            if self.at(")") {
                self.advance(1);
                return true;
            }
            if self.at("|") {
                self.advance(1);
            } else if self.at_word_start() {
                self.read_word();
            } else {
                self.error("expected `)` after a case pattern", self.pos..self.pos);
                return false;
            }
        }
    }

    /// Whether `name ( )` starts here.
    fn function_definition_follows(&self) -> bool {
        let Some(name) = self.plain_word() else {
            return false;
        };
        let after = self.rest()[name.len()..].trim_start_matches([' ', '\t']);
        after
            .strip_prefix('(')
            .is_some_and(|inner| inner.trim_start_matches([' ', '\t']).starts_with(')'))
    }

    /// `function NAME [()] BODY` or `NAME () BODY`; the body is listed.
    fn parse_function(&mut self, keyword: bool) {
        if keyword {
            self.advance("function".len());
            self.skip_blanks();
        }
        if self.at_word_start() {
            self.read_word();
        }
        self.skip_blanks();
        if self.at("(") {
            self.advance(1);
            self.skip_blanks();
            if self.at(")") {
                self.advance(1);
            }
        }
        self.skip_linebreaks();
        self.nested(self.ctx, |p| {
            p.parse_command();
        });
    }

    /// Redirections after a compound command: read so heredocs are skipped,
    /// but not attached to anything.
    fn skip_redirects(&mut self) {
        loop {
            self.skip_blanks();
            if self.read_redirect(None).is_none() {
                return;
            }
        }
    }

    /// `((…))` or `$((…))`: kept as text, but command substitutions inside
    /// are parsed; `open` is the length of the opening.
    fn skip_arithmetic(&mut self, open: usize) {
        let start = self.pos;
        self.advance(open);
        let mut depth = 2usize;
        let bytes = self.src.as_bytes();
        while let Some(&byte) = bytes.get(self.pos) {
            if self.at("$(") && !self.at("$((") {
                self.command_substitution();
                continue;
            }
            self.pos += 1;
            match byte {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
        self.error("unterminated arithmetic expression", start..self.pos);
    }

    fn parse_simple_command(&mut self) -> usize {
        let slot = self.commands.len();
        let start = self.pos;
        self.commands.push(SimpleCommand {
            range: start..start,
            subshell_depth: self.ctx.subshell_depth,
            in_substitution: self.ctx.in_substitution,
            in_sh_c: self.ctx.in_sh_c,
            ..SimpleCommand::default()
        });
        let (mut words, mut assignments, mut redirects) = (Vec::new(), Vec::new(), Vec::new());
        let mut end = start;
        let mut in_test = false;
        loop {
            self.skip_blanks();
            // Inside `[[ … ]]`, `<` and `>` compare strings.
            let redirect = if in_test {
                None
            } else {
                self.read_redirect(Some((slot, redirects.len())))
            };
            if let Some(redirect) = redirect {
                end = redirect.range.end;
                redirects.push(redirect);
                continue;
            }
            let word = if in_test && !self.at_word_start() {
                match self.test_operator() {
                    Some(word) => word,
                    None => break,
                }
            } else if self.at_word_start() {
                self.read_word()
            } else {
                break;
            };
            end = word.range.end;
            if words.is_empty() && !in_test {
                match split_assignment(word) {
                    Ok(assignment) => {
                        assignments.push(assignment);
                        continue;
                    }
                    Err(word) => {
                        in_test = word.raw == "[[";
                        words.push(word);
                    }
                }
            } else {
                in_test &= word.raw != "]]";
                words.push(word);
            }
        }
        if let Some(command) = self.commands.get_mut(slot) {
            words.shrink_to_fit();
            command.words = words;
            command.assignments = assignments;
            command.redirects = redirects;
            command.range = start..end;
        }
        self.parse_sh_c(slot);
        slot
    }

    /// Inside `[[ … ]]`, `&&`, `||`, `<`, `>`, `(` and `)` are words.
    fn test_operator(&mut self) -> Option<ShellWord> {
        let len = ["&&", "||", "<", ">", "(", ")"]
            .iter()
            .find(|op| self.at(op))?
            .len();
        let start = self.pos;
        self.advance(len);
        let text = self.src[start..self.pos].to_string();
        Some(ShellWord {
            raw: text.clone(),
            value: text,
            range: start..self.pos,
            substitution_commands: self.commands.len()..self.commands.len(),
            ..ShellWord::default()
        })
    }

    /// Reads `[n]op target` if one starts here; registers heredocs.
    fn read_redirect(&mut self, target: Option<(usize, usize)>) -> Option<Redirect> {
        let start = self.pos;
        let rest = self.rest();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (text, op) = REDIRECT_OPS.iter().find(|(text, _)| {
            rest[digits..].starts_with(text) && (digits == 0 || !text.starts_with('&'))
        })?;
        let fd = rest[..digits].parse().ok();
        self.advance(digits + text.len());
        self.skip_blanks();
        let word = if self.at_word_start() {
            self.read_word()
        } else {
            self.error(format!("missing target after `{text}`"), start..self.pos);
            ShellWord {
                range: self.pos..self.pos,
                ..ShellWord::default()
            }
        };
        if matches!(op, RedirectOp::HereDoc | RedirectOp::HereDocStripTabs) {
            self.heredocs.push(PendingHereDoc {
                target,
                delimiter: word.value.clone(),
                strip_tabs: *op == RedirectOp::HereDocStripTabs,
                expands: !word.quoted,
            });
        }
        Some(Redirect {
            fd,
            op: *op,
            range: start..word.range.end,
            target: word,
            heredoc: None,
        })
    }

    /// Reads the bodies of the pending heredocs, which start here.
    fn read_heredoc_bodies(&mut self) {
        for pending in std::mem::take(&mut self.heredocs) {
            let start = self.pos;
            let mut body = String::new();
            let mut end = None;
            while self.pos < self.src.len() {
                let rest = self.rest();
                let line_len = rest.find('\n').unwrap_or(rest.len());
                let mut line = &rest[..line_len];
                if pending.strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                let line_start = self.pos;
                self.advance(line_len + 1);
                if line.trim_end_matches('\r') == pending.delimiter {
                    end = Some(line_start);
                    break;
                }
                body.push_str(line);
                if line_len < rest.len() {
                    body.push('\n');
                }
            }
            let end = end.unwrap_or_else(|| {
                let message = format!("here-document without its `{}` line", pending.delimiter);
                self.error(message, start..self.pos);
                self.pos
            });
            let heredoc = HereDoc {
                body,
                range: start..end,
                expands: pending.expands,
            };
            let Some((command, redirect)) = pending.target else {
                continue;
            };
            let command = self.commands.get_mut(command);
            if let Some(redirect) = command.and_then(|c| c.redirects.get_mut(redirect)) {
                redirect.heredoc = Some(heredoc);
            }
        }
    }

    /// For `sh -c STRING` (one level deep), parses STRING as a script too.
    fn parse_sh_c(&mut self, slot: usize) {
        if self.ctx.in_sh_c {
            return;
        }
        let Some(command) = self.commands.get(slot) else {
            return;
        };
        let Some(word) = sh_c_argument(&command.words) else {
            return;
        };
        // Substitutions in the argument already ran in this shell; what sh
        // then runs is their output, which is unknown.
        if !word.substitution_commands.is_empty() {
            return;
        }
        let text = word.value.clone();
        let origin = verbatim_origin(word);
        let ctx = Context {
            in_sh_c: true,
            ..self.subshell_ctx()
        };
        self.parse_embedded(&text, origin, ctx);
    }

    /// Parses `text` separately and adds its commands, mapped by `origin`.
    fn parse_embedded(&mut self, text: &str, origin: Origin, ctx: Context) {
        if self.depth >= MAX_NESTING {
            self.error(
                format!("nesting deeper than {MAX_NESTING} levels"),
                self.pos..self.pos,
            );
            self.halt();
            return;
        }
        let mut inner = Parser::new(text, ctx, self.depth + 1, self.pipelines);
        inner.parse_program();
        self.pipelines = inner.pipelines;
        let base = self.commands.len();
        for mut command in inner.commands {
            origin.relocate_command(&mut command, base);
            self.commands.push(command);
        }
        for mut error in inner.errors {
            origin.map(&mut error.range);
            self.errors.push(error);
        }
        if inner.halted {
            self.halt();
        }
    }

    // ----- words -----

    fn read_word(&mut self) -> ShellWord {
        let start = self.pos;
        let first_command = self.commands.len();
        let mut text = WordText::default();
        while let Some(c) = self.peek() {
            match c {
                '(' if text.value.ends_with('=') => self.array_literal(&mut text),
                c if is_metachar(c) => break,
                '\\' => self.escape(&mut text, false),
                '\'' => self.single_quoted(&mut text),
                '"' => self.double_quoted(&mut text),
                '$' => self.dollar(&mut text, false),
                '`' => self.backquoted(&mut text),
                _ => {
                    // Plain characters up to the next one that means
                    // something, taken at once: most words are all plain.
                    let rest = self.rest();
                    let plain = rest
                        .find(|c: char| is_metachar(c) || "\\'\"$`".contains(c))
                        .unwrap_or(rest.len());
                    text.value.push_str(&rest[..plain]);
                    self.advance(plain);
                }
            }
        }
        ShellWord {
            raw: self.src[start..self.pos].to_string(),
            value: text.value,
            range: start..self.pos,
            quoted: text.quoted,
            has_expansion: text.has_expansion,
            substitution_commands: first_command..self.commands.len(),
        }
    }

    /// `NAME=(a b c)`: a bash array, kept as text up to the matching `)`.
    fn array_literal(&mut self, text: &mut WordText) {
        let start = self.pos;
        let len = self.rest().find(')').map_or(self.rest().len(), |i| i + 1);
        self.advance(len);
        text.value.push_str(&self.src[start..self.pos]);
    }

    /// A backslash: a line continuation, or an escape of the next character
    /// (inside double quotes only of `$`, `` ` ``, `"` and `\`).
    fn escape(&mut self, text: &mut WordText, in_double_quotes: bool) {
        let next = self.rest()[1..].chars().next();
        match next {
            Some('\n') => self.advance(2),
            Some(c) if !in_double_quotes || "$`\"\\".contains(c) => {
                text.value.push(c);
                text.quoted = true;
                self.advance(1 + c.len_utf8());
            }
            _ => {
                text.value.push('\\');
                self.advance(1);
            }
        }
    }

    fn single_quoted(&mut self, text: &mut WordText) {
        let open = self.pos;
        text.quoted = true;
        self.advance(1);
        let rest = self.rest();
        match rest.find('\'') {
            Some(end) => {
                text.value.push_str(&rest[..end]);
                self.advance(end + 1);
            }
            None => {
                text.value.push_str(rest);
                self.advance(rest.len());
                self.error("unterminated single quote", open..self.pos);
            }
        }
    }

    fn double_quoted(&mut self, text: &mut WordText) {
        let open = self.pos;
        text.quoted = true;
        self.advance(1);
        loop {
            match self.peek() {
                None => {
                    self.error("unterminated double quote", open..self.pos);
                    return;
                }
                Some('"') => {
                    self.advance(1);
                    return;
                }
                Some('\\') => self.escape(text, true),
                Some('$') => self.dollar(text, true),
                Some('`') => self.backquoted(text),
                Some(c) => {
                    text.value.push(c);
                    self.advance(c.len_utf8());
                }
            }
        }
    }

    /// `$'…'`: bash's ANSI-C quoting; common escapes are resolved.
    fn ansi_c_quoted(&mut self, text: &mut WordText) {
        let open = self.pos;
        text.quoted = true;
        self.advance(2);
        loop {
            let Some(c) = self.peek() else {
                self.error("unterminated $'…' quote", open..self.pos);
                return;
            };
            self.advance(c.len_utf8());
            match c {
                '\'' => return,
                '\\' => {
                    let Some(escaped) = self.peek() else { continue };
                    self.advance(escaped.len_utf8());
                    text.value.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                }
                _ => text.value.push(c),
            }
        }
    }

    /// A `$`: parameter, `${…}`, `$(…)`, `$((…))`, `$'…'` or a lone `$`.
    fn dollar(&mut self, text: &mut WordText, in_double_quotes: bool) {
        let start = self.pos;
        let rest = self.rest();
        let next = rest[1..].chars().next();
        match next {
            Some('(') if rest.starts_with("$((") => self.skip_arithmetic(3),
            Some('(') => self.command_substitution(),
            Some('{') => self.braced_parameter(),
            Some('\'') if !in_double_quotes => return self.ansi_c_quoted(text),
            Some('"') if !in_double_quotes => {
                self.advance(1);
                return self.double_quoted(text);
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let len = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
                self.advance(1 + len.unwrap_or(rest.len() - 1));
            }
            Some(c) if c.is_ascii_digit() || "@*#?-$!".contains(c) => self.advance(2),
            _ => {
                text.value.push('$');
                self.advance(1);
                return;
            }
        }
        text.value.push_str(&self.src[start..self.pos]);
        text.has_expansion = true;
    }

    /// `$(…)`, parsed in place so its commands are listed.
    fn command_substitution(&mut self) {
        let open = self.pos;
        self.advance(2);
        let ctx = Context {
            in_substitution: true,
            ..self.subshell_ctx()
        };
        self.nested(ctx, |p| p.parse_list(&[]));
        self.close_with(")", open);
    }

    /// `${…}`, whose words may hold quotes and further substitutions.
    fn braced_parameter(&mut self) {
        let open = self.pos;
        self.advance(2);
        self.nested(self.ctx, |p| {
            let mut ignored = WordText::default();
            loop {
                match p.peek() {
                    None => {
                        p.error("unterminated `${`", open..p.pos);
                        return;
                    }
                    Some('}') => {
                        p.advance(1);
                        return;
                    }
                    Some('\\') => p.escape(&mut ignored, false),
                    Some('\'') => p.single_quoted(&mut ignored),
                    Some('"') => p.double_quoted(&mut ignored),
                    Some('$') => p.dollar(&mut ignored, true),
                    Some('`') => p.backquoted(&mut ignored),
                    Some(c) => p.advance(c.len_utf8()),
                }
            }
        });
    }

    /// `` `…` ``: the old command substitution. Its text is unescaped
    /// (`` \` ``, `\$`, `\\`) and parsed as a script of its own.
    fn backquoted(&mut self, text: &mut WordText) {
        let open = self.pos;
        self.advance(1);
        let mut inner = String::new();
        let mut verbatim = true;
        loop {
            let Some(c) = self.peek() else {
                self.error("unterminated backquote", open..self.pos);
                break;
            };
            self.advance(c.len_utf8());
            match c {
                '`' => break,
                '\\' => match self.peek() {
                    Some(escaped @ ('$' | '`' | '\\')) => {
                        self.advance(1);
                        inner.push(escaped);
                        verbatim = false;
                    }
                    _ => inner.push('\\'),
                },
                _ => inner.push(c),
            }
        }
        let origin = if verbatim {
            Origin::Shifted(open + 1)
        } else {
            Origin::Whole(open..self.pos)
        };
        let ctx = Context {
            in_substitution: true,
            ..self.subshell_ctx()
        };
        self.parse_embedded(&inner, origin, ctx);
        text.value.push_str(&self.src[open..self.pos]);
        text.has_expansion = true;
    }
}

/// Characters that end a word.
fn is_metachar(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')'
    )
}

/// Splits `NAME=value` (or `NAME+=value`) off a word, or gives it back.
fn split_assignment(word: ShellWord) -> Result<Assignment, ShellWord> {
    let raw = word.raw.as_bytes();
    let name_len = raw
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let operator_len = match &raw[name_len..] {
        [b'=', ..] => 1,
        [b'+', b'=', ..] => 2,
        _ => return Err(word),
    };
    if name_len == 0 || raw[0].is_ascii_digit() {
        return Err(word);
    }
    let prefix = name_len + operator_len;
    let (Some(raw_value), Some(value)) = (word.raw.get(prefix..), word.value.get(prefix..)) else {
        return Err(word);
    };
    let value = ShellWord {
        raw: raw_value.to_string(),
        value: value.to_string(),
        range: word.range.start + prefix..word.range.end,
        ..word.clone()
    };
    Ok(Assignment {
        name: word.raw[..name_len].to_string(),
        value,
        range: word.range,
    })
}

/// The last path component: `/bin/sh` is `sh`. Rules ask it of every word
/// of every command, so a plain byte scan: `rsplit`'s searcher costs more
/// to set up than a short word takes to read.
pub(crate) fn basename(path: &str) -> &str {
    match path.bytes().rposition(|byte| byte == b'/') {
        Some(slash) => &path[slash + 1..],
        None => path,
    }
}

/// The script argument of `sh -c SCRIPT` (possibly behind `sudo` and the
/// like, and with other options such as `-e` or `-o pipefail`).
fn sh_c_argument(words: &[ShellWord]) -> Option<&ShellWord> {
    let is_shell = |word: &ShellWord| SHELLS.contains(&basename(&word.value));
    let first = words.first()?;
    let shell = if is_shell(first) {
        0
    } else if WRAPPERS.contains(&basename(&first.value)) {
        words.iter().position(is_shell)?
    } else {
        return None;
    };
    let mut saw_c = false;
    let mut index = shell + 1;
    while let Some(word) = words.get(index) {
        let option = word.value.as_str();
        let Some(letters) = option
            .strip_prefix('-')
            .or_else(|| option.strip_prefix('+'))
        else {
            break;
        };
        index += 1;
        if letters.is_empty() || letters == "-" {
            break;
        }
        if !letters.starts_with('-') {
            saw_c |= letters.contains('c');
            // `-o pipefail`: the option name is the next word.
            if letters.contains('o') || letters.contains('O') {
                index += 1;
            }
        }
    }
    words.get(index).filter(|_| saw_c)
}

/// How a word's value maps back to the input: verbatim when it is plain or a
/// single quoted string holding no escapes, else only as a whole.
fn verbatim_origin(word: &ShellWord) -> Origin {
    let raw = word.raw.as_str();
    if raw == word.value {
        return Origin::Shifted(word.range.start);
    }
    let quoted_plainly = ['\'', '"'].iter().any(|&quote| {
        raw.len() >= 2
            && raw.starts_with(quote)
            && raw.ends_with(quote)
            && raw.get(1..raw.len() - 1) == Some(word.value.as_str())
    });
    if quoted_plainly {
        Origin::Shifted(word.range.start + 1)
    } else {
        Origin::Whole(word.range.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(script: &Script) -> Vec<&str> {
        script
            .commands
            .iter()
            .map(|c| c.name().unwrap_or(""))
            .collect()
    }

    fn values(command: &SimpleCommand) -> Vec<&str> {
        command.words.iter().map(|w| w.value.as_str()).collect()
    }

    fn clean(text: &str) -> Script {
        let script = parse_script(text);
        assert_eq!(script.errors, [], "errors in {text:?}");
        script
    }

    #[test]
    fn shell_script_curl_piped_to_sh() {
        let text = "curl -fsSL https://x | sh -";
        let script = clean(text);
        assert_eq!(names(&script), ["curl", "sh"]);
        let (curl, sh) = (&script.commands[0], &script.commands[1]);
        assert_eq!(
            curl.pipeline,
            Some(PipelinePos {
                id: 0,
                index: 0,
                len: 2
            })
        );
        assert_eq!(
            sh.pipeline,
            Some(PipelinePos {
                id: 0,
                index: 1,
                len: 2
            })
        );
        assert_eq!(script.pipeline_predecessor(1), Some(curl));
        assert_eq!(script.pipeline_predecessor(0), None);
        assert_eq!(&text[curl.range.clone()], "curl -fsSL https://x");
        assert_eq!(&text[sh.range.clone()], "sh -");
    }

    #[test]
    fn shell_script_wget_to_bash() {
        let script = clean("wget -qO- url | bash");
        assert_eq!(names(&script), ["wget", "bash"]);
        assert_eq!(values(&script.commands[0]), ["wget", "-qO-", "url"]);
        assert_eq!(
            script.pipeline_predecessor(1).and_then(SimpleCommand::name),
            Some("wget")
        );
    }

    #[test]
    fn shell_script_bash_c_with_substitution() {
        let text = r#"bash -c "$(curl -fsSL url)""#;
        let script = clean(text);
        assert_eq!(names(&script), ["bash", "curl"]);
        let arg = &script.commands[0].words[2];
        assert_eq!(arg.substitution_commands, 1..2);
        assert!(arg.has_expansion && arg.quoted);
        let curl = &script.commands[1];
        assert!(curl.in_substitution && !curl.in_sh_c);
        assert_eq!(curl.subshell_depth, 1);
        assert_eq!(&text[curl.range.clone()], "curl -fsSL url");
    }

    #[test]
    fn shell_script_apt_chain() {
        let text = "apt-get update && apt-get install -y --no-install-recommends a=1.0 b && rm -rf /var/lib/apt/lists/*";
        let script = clean(text);
        assert_eq!(names(&script), ["apt-get", "apt-get", "rm"]);
        let connectors: Vec<_> = script
            .commands
            .iter()
            .map(|c| (c.connector_before, c.connector_after))
            .collect();
        assert_eq!(
            connectors,
            [
                (None, Some(Connector::And)),
                (Some(Connector::And), Some(Connector::And)),
                (Some(Connector::And), None)
            ]
        );
        assert_eq!(
            values(&script.commands[2]),
            ["rm", "-rf", "/var/lib/apt/lists/*"]
        );
        assert!(script.commands.iter().all(|c| c.pipeline.is_none()));
    }

    #[test]
    fn shell_script_assignments_prefix() {
        let text = r#"FOO=bar BAZ="a b" make install"#;
        let script = clean(text);
        let make = &script.commands[0];
        assert_eq!(values(make), ["make", "install"]);
        let assignments: Vec<(&str, &str)> = make
            .assignments
            .iter()
            .map(|a| (a.name.as_str(), a.value.value.as_str()))
            .collect();
        assert_eq!(assignments, [("FOO", "bar"), ("BAZ", "a b")]);
        let baz = &make.assignments[1];
        assert_eq!(&text[baz.range.clone()], r#"BAZ="a b""#);
        assert_eq!(&text[baz.value.range.clone()], r#""a b""#);
        assert!(baz.value.quoted);
    }

    #[test]
    fn shell_script_bare_assignment_and_later_equals() {
        let script = clean("A=1 B+=2\nexport C=3; make X=1");
        assert_eq!(names(&script), ["", "export", "make"]);
        assert_eq!(script.commands[0].assignments.len(), 2);
        assert!(script.commands[0].words.is_empty());
        assert_eq!(values(&script.commands[2]), ["make", "X=1"]);
        assert_eq!(values(&script.commands[1]), ["export", "C=3"]);
    }

    #[test]
    fn shell_script_set_and_for_loop() {
        let text = "set -eux; \\\n for x in a b; do echo $x; done";
        let script = clean(text);
        assert_eq!(names(&script), ["set", "echo"]);
        assert_eq!(
            script.commands[0].connector_after,
            Some(Connector::Semicolon)
        );
        let echo = &script.commands[1];
        assert_eq!(values(echo), ["echo", "$x"]);
        assert!(echo.words[1].has_expansion);
    }

    #[test]
    fn shell_script_if_then_fi() {
        let script = clean("if [ -f x ]; then chmod 777 x; fi");
        assert_eq!(names(&script), ["[", "chmod"]);
        assert_eq!(values(&script.commands[1]), ["chmod", "777", "x"]);
        let script = clean("if a; then b; elif c; then d; else e; fi && f");
        assert_eq!(names(&script), ["a", "b", "c", "d", "e", "f"]);
    }

    #[test]
    fn shell_script_heredoc_body_is_not_commands() {
        let text = "echo 'a | b' && cat <<EOF > f\nrm -rf /\nEOF\n";
        let script = clean(text);
        assert_eq!(names(&script), ["echo", "cat"]);
        assert_eq!(values(&script.commands[0]), ["echo", "a | b"]);
        let cat = &script.commands[1];
        let heredoc = cat.redirects[0].heredoc.as_ref().unwrap();
        assert_eq!(heredoc.body, "rm -rf /\n");
        assert_eq!(&text[heredoc.range.clone()], "rm -rf /\n");
        assert!(heredoc.expands);
        assert_eq!(cat.redirects[1].op, RedirectOp::Output);
        assert_eq!(cat.redirects[1].target.value, "f");
        assert_eq!(&text[cat.range.clone()], "cat <<EOF > f");
    }

    #[test]
    fn shell_script_heredoc_variants() {
        let text = "cat <<-'END' | sh\n\techo hi\n\tEND\nls";
        let script = clean(text);
        assert_eq!(names(&script), ["cat", "sh", "ls"]);
        let heredoc = script.commands[0].redirects[0].heredoc.clone().unwrap();
        assert_eq!(
            (heredoc.body.as_str(), heredoc.expands),
            ("echo hi\n", false)
        );
        assert_eq!(
            script.commands[2].connector_before,
            Some(Connector::Newline)
        );
        let script = clean("while read l; do echo $l; done <<EOF\nnot a command\nEOF\nafter");
        assert_eq!(names(&script), ["read", "echo", "after"]);
        let script = parse_script("cat <<EOF\nno end");
        assert_eq!(script.errors.len(), 1);
        assert_eq!(
            script.commands[0].redirects[0]
                .heredoc
                .as_ref()
                .map(|h| h.body.as_str()),
            Some("no end")
        );
    }

    #[test]
    fn shell_script_redirects() {
        let script = clean("make 2>&1 >>log </dev/null &>all 3<>rw");
        let redirects: Vec<(Option<u32>, &str, &str)> = script.commands[0]
            .redirects
            .iter()
            .map(|r| (r.fd, r.op.as_str(), r.target.value.as_str()))
            .collect();
        assert_eq!(
            redirects,
            [
                (Some(2), ">&", "1"),
                (None, ">>", "log"),
                (None, "<", "/dev/null"),
                (None, "&>", "all"),
                (Some(3), "<>", "rw")
            ]
        );
        assert_eq!(values(&script.commands[0]), ["make"]);
        assert!(RedirectOp::Append.writes() && !RedirectOp::Input.writes());
    }

    #[test]
    fn shell_script_quotes_and_escapes() {
        let script = clean(r#"echo "a \"b\" \$c \x" 'd\e' f\ g $'h\ti' "$HOME"x"#);
        assert_eq!(
            values(&script.commands[0]),
            ["echo", r#"a "b" $c \x"#, r"d\e", "f g", "h\ti", "$HOMEx"]
        );
        let words = &script.commands[0].words;
        assert!(words[1].quoted && !words[1].has_expansion);
        assert!(words[5].has_expansion && words[5].quoted);
        assert!(!words[0].quoted);
    }

    #[test]
    fn shell_script_line_continuations_and_comments() {
        let text = "apt-get install \\\n  curl \\\n  git # tools\n# whole line\necho done";
        let script = clean(text);
        assert_eq!(names(&script), ["apt-get", "echo"]);
        assert_eq!(
            values(&script.commands[0]),
            ["apt-get", "install", "curl", "git"]
        );
        let script = clean("echo a#b c#d");
        assert_eq!(values(&script.commands[0]), ["echo", "a#b", "c#d"]);
    }

    #[test]
    fn shell_script_subshells_and_groups() {
        let script = clean("(cd /x && make) ; { a; b; } || c & d");
        assert_eq!(names(&script), ["cd", "make", "a", "b", "c", "d"]);
        let depths: Vec<usize> = script.commands.iter().map(|c| c.subshell_depth).collect();
        assert_eq!(depths, [1, 1, 0, 0, 0, 0]);
        assert_eq!(script.commands[4].connector_before, Some(Connector::Or));
        assert_eq!(
            script.commands[4].connector_after,
            Some(Connector::Background)
        );
        assert_eq!(
            script.commands[5].connector_before,
            Some(Connector::Background)
        );
    }

    #[test]
    fn shell_script_nested_substitutions() {
        let text = "echo $(dirname $(which python)) `date +%s` $((1 + (2*3)))";
        let script = clean(text);
        assert_eq!(names(&script), ["echo", "dirname", "which", "date"]);
        let echo = &script.commands[0];
        assert_eq!(echo.words[1].substitution_commands, 1..3);
        assert_eq!(echo.words[2].substitution_commands, 3..4);
        assert!(echo.words[3].has_expansion && echo.words[3].substitution_commands.is_empty());
        assert_eq!(script.commands[2].subshell_depth, 2);
        assert_eq!(&text[script.commands[3].range.clone()], "date +%s");
        assert_eq!(&text[script.commands[2].range.clone()], "which python");
        assert!(script.commands[1..].iter().all(|c| c.in_substitution));
    }

    #[test]
    fn shell_script_substitution_inside_arithmetic() {
        let script = clean("make -j$(( $(nproc) * 2 )) && (( n = $(id -u) ))");
        assert_eq!(names(&script), ["make", "nproc", "id"]);
        assert_eq!(script.commands[0].words[1].substitution_commands, 1..2);
        assert_eq!(
            values(&script.commands[0]),
            ["make", "-j$(( $(nproc) * 2 ))"]
        );
    }

    #[test]
    fn shell_script_escaped_backquotes_map_to_whole() {
        let text = r"echo `echo \`id\``";
        let script = clean(text);
        assert_eq!(names(&script), ["echo", "echo", "id"]);
        assert_eq!(script.commands[2].range, 5..text.len());
    }

    #[test]
    fn shell_script_sh_c_is_parsed_one_level() {
        let text =
            r#"sh -c 'apt-get update && bash -c "rm -rf /x"' && sudo -u me /bin/bash -ec "a; b""#;
        let script = clean(text);
        assert_eq!(names(&script), ["sh", "apt-get", "bash", "sudo", "a", "b"]);
        let apt = &script.commands[1];
        assert!(apt.in_sh_c && apt.subshell_depth == 1);
        assert_eq!(&text[apt.range.clone()], "apt-get update");
        assert_eq!(apt.connector_after, Some(Connector::And));
        assert_eq!(
            &text[script.commands[2].range.clone()],
            r#"bash -c "rm -rf /x""#
        );
        assert_eq!(&text[script.commands[5].range.clone()], "b");
        assert_eq!(script.commands[3].connector_before, Some(Connector::And));
    }

    #[test]
    fn shell_script_sh_c_with_escapes_maps_to_whole_argument() {
        let text = r#"bash -o pipefail -c "echo \"x\" | tee f""#;
        let script = clean(text);
        assert_eq!(names(&script), ["bash", "echo", "tee"]);
        let whole = script.commands[0].words[4].range.clone();
        assert_eq!(script.commands[1].range, whole);
        assert_eq!(values(&script.commands[1]), ["echo", "x"]);
        assert_eq!(script.commands[2].pipeline.map(|p| p.index), Some(1));
    }

    #[test]
    fn shell_script_case_statement() {
        let text = "case \"$1\" in\n  a|b) echo ab ;;\n  (*.tar.gz) tar xzf \"$1\";;\n  *) exit 1\nesac; done_x";
        let script = clean(text);
        assert_eq!(names(&script), ["echo", "tar", "exit", "done_x"]);
    }

    #[test]
    fn shell_script_while_until_and_functions() {
        let script = clean(
            "while true; do sleep 1; done\nuntil x; do y; done\nf() { g; }\nfunction h { i; }\nf",
        );
        assert_eq!(names(&script), ["true", "sleep", "x", "y", "g", "i", "f"]);
        let script = clean("for ((i=0; i<3; i++)); do echo $i; done; (( x++ ))");
        assert_eq!(names(&script), ["echo"]);
    }

    #[test]
    fn shell_script_keywords_only_in_command_position() {
        let script = clean("echo if then fi done; \"if\" x");
        assert_eq!(
            values(&script.commands[0]),
            ["echo", "if", "then", "fi", "done"]
        );
        assert_eq!(names(&script), ["echo", "if"]);
    }

    #[test]
    fn shell_script_negation_and_pipe_variants() {
        let script = clean("! grep -q x f |& tee log\n[[ -f a && $b < c ]] && echo ok");
        assert!(script.commands[0].negated && script.commands[1].negated);
        assert_eq!(names(&script), ["grep", "tee", "[[", "echo"]);
        assert_eq!(
            values(&script.commands[2]),
            ["[[", "-f", "a", "&&", "$b", "<", "c", "]]"]
        );
        assert_eq!(script.commands[3].connector_before, Some(Connector::And));
    }

    #[test]
    fn shell_script_pipelines_get_distinct_ids() {
        let script = clean("a | b; c | d | e");
        let ids: Vec<(usize, usize, usize)> = script
            .commands
            .iter()
            .filter_map(|c| c.pipeline)
            .map(|p| (p.id, p.index, p.len))
            .collect();
        assert_eq!(ids, [(0, 0, 2), (0, 1, 2), (1, 0, 3), (1, 1, 3), (1, 2, 3)]);
        assert_eq!(
            script.pipeline_predecessor(4).and_then(SimpleCommand::name),
            Some("d")
        );
    }

    #[test]
    fn shell_script_unterminated_constructs_are_best_effort() {
        let cases = [
            ("echo \"abc", 1),
            ("echo 'abc", 1),
            ("echo $(ls", 1),
            ("(a; b", 1),
            ("if a; then b", 1),
            ("for x in y; do z", 1),
            ("echo ${x", 1),
            ("echo `ls", 1),
            ("case x in a) b", 1),
            ("a && ", 1),
            ("fi; echo x", 1),
            ("echo x )", 1),
        ];
        for (text, errors) in cases {
            let script = parse_script(text);
            assert_eq!(script.errors.len(), errors, "{text:?}: {:?}", script.errors);
            assert!(!script.commands.is_empty(), "{text:?}");
        }
        let script = parse_script("echo \"abc");
        assert_eq!(values(&script.commands[0]), ["echo", "abc"]);
        assert_eq!(script.errors[0].range, 5..9);
    }

    #[test]
    fn shell_script_nesting_limit() {
        let deep = "( ".repeat(10_000) + "x" + &" )".repeat(10_000);
        let script = parse_script(&deep);
        assert!(script.errors.iter().any(|e| e.message.contains("nesting")));
        let deep = "$(".repeat(5_000) + "x";
        assert!(!parse_script(&deep).errors.is_empty());
        let deep = "`".repeat(5_001);
        let _ = parse_script(&deep);
        let deep = "sh -c \"".repeat(200);
        let _ = parse_script(&deep);
        let deep = "${".repeat(5_000);
        assert!(!parse_script(&deep).errors.is_empty());
        let fine = "( ".repeat(20) + "x" + &" )".repeat(20);
        assert_eq!(names(&clean(&fine)), ["x"]);
    }

    /// A megabyte of commands and long runs of odd characters parse without
    /// hanging. One size, so it says nothing about growth: the figures per
    /// size are in `cargo bench -p plimsoll-core` (benches/parse.rs).
    #[test]
    fn shell_script_large_input_finishes() {
        let line = "apt-get install -y \"$PKG\" 'x y' $(echo z) && echo `id` | sh -c 'a; b' > f\n";
        let text = line.repeat(1_000_000 / line.len());
        let started = std::time::Instant::now();
        let script = parse_script(&text);
        assert_eq!(script.commands.len(), 7 * (1_000_000 / line.len()));
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
        for odd in [
            "'".repeat(100_000),
            "\\".repeat(100_001),
            "$".repeat(100_000),
            "<<A ".repeat(50_000),
            ";".repeat(100_000),
            "fi ".repeat(100_000),
        ] {
            let _ = parse_script(&odd);
        }
    }

    #[test]
    fn shell_script_never_panics_on_fragments() {
        let pieces = [
            "a", " ", "'", "\"", "\\", "$", "(", ")", "{", "}", "`", "|", "&", ";", "<", ">", "\n",
            "#", "é", "if", "<<", "=", "[[", "-c", "sh",
        ];
        // Every pair and many triples of fragments.
        for a in pieces {
            for b in pieces {
                for c in ["", "x", ")", "\n", "'", "`"] {
                    let text = format!("{a}{b}{c} {b}{a}");
                    let script = parse_script(&text);
                    for command in &script.commands {
                        assert!(
                            command.range.end <= text.len()
                                && command.range.start <= command.range.end
                        );
                        assert!(text.get(command.range.clone()).is_some());
                    }
                }
            }
        }
    }
}
