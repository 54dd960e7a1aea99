//! Helpers for PL901-PL915: stage references, EXPOSE ports, quoting, line deletion.

use crate::fix::Edit;
use crate::model::Stage;
use crate::rules::Context;
use crate::span::{to_u32, Span};
use crate::syntax::{Args, Keyword, Word};

/// A `COPY --from=` or `RUN --mount=...,from=` reference to a stage or image.
pub(crate) struct FromReference {
    /// The stage the instruction belongs to.
    pub stage: usize,
    /// The value as BuildKit reads it (quotes removed, not expanded).
    pub value: String,
    /// The value in the source.
    pub span: Span,
    /// False when `span` is the whole flag because the value could not be
    /// located exactly (a quoted mount option): no edit should touch it.
    pub exact: bool,
}

/// Every `--from` reference of COPY and `RUN --mount`, in source order.
/// ONBUILD triggers are left out: they name stages of another build.
pub(crate) fn from_references(context: &Context) -> Vec<FromReference> {
    let mut references = Vec::new();
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let Some(stage) = context.stage_of(index) else {
            continue;
        };
        match instruction.keyword {
            Keyword::Copy => {
                if let Some(flag) = instruction.flag("from") {
                    let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
                        continue;
                    };
                    references.push(FromReference {
                        stage,
                        value: value.clone(),
                        span,
                        exact: true,
                    });
                }
            }
            Keyword::Run => {
                for flag in instruction.flags_named("mount") {
                    let Some(value_span) = flag.value_span else {
                        continue;
                    };
                    let written = &context.source[value_span.range()];
                    if let Some((value, span, exact)) = mount_from_option(written, value_span) {
                        references.push(FromReference {
                            stage,
                            value,
                            span: if exact { span } else { flag.span },
                            exact,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    references
}

/// Finds `from=` among a mount's comma-separated options as written.
fn mount_from_option(written: &str, value_span: Span) -> Option<(String, Span, bool)> {
    let mut offset = 0;
    for field in written.split(',') {
        let start = offset;
        offset += field.len() + 1;
        let Some((key, value)) = field.split_once('=') else {
            continue;
        };
        if !key.trim().trim_matches('"').eq_ignore_ascii_case("from") {
            continue;
        }
        let exact = !field.contains('"');
        let value_start = start + key.len() + 1;
        let span = Span::new(
            value_span.start + to_u32(value_start),
            value_span.start + to_u32(value_start + value.len()),
        );
        return Some((value.trim_matches('"').to_string(), span, exact));
    }
    None
}

/// How messages name a stage: its name, or its index when unnamed.
pub(crate) fn stage_label(stage: &Stage) -> String {
    stage
        .name
        .clone()
        .unwrap_or_else(|| stage.index.to_string())
}

/// The stage name as written in `FROM ... AS <name>`.
pub(crate) fn stage_name_word<'a>(context: &'a Context, stage: &Stage) -> Option<&'a Word> {
    match &context.dockerfile.instructions[stage.from].args {
        Args::From(from) => from.name.as_ref(),
        _ => None,
    }
}

/// A note for messages about a stage that does not reach the final image
/// (empty otherwise): its CMD or HEALTHCHECK only matters when it is built
/// as a target of its own.
pub(crate) fn unused_stage_note(context: &Context, stage: usize) -> (String, String) {
    if context
        .model
        .reaches_final
        .get(stage)
        .copied()
        .unwrap_or(true)
    {
        return (String::new(), String::new());
    }
    let label = stage_label(&context.model.stages[stage]);
    (
        format!(" (stage `{label}` does not reach the final image)"),
        format!("（ステージ `{label}` は最終イメージに含まれません）"),
    )
}

/// One port of an EXPOSE, split as BuildKit splits `[ip:]host:container/proto`.
pub(crate) struct ExposePort<'a> {
    pub instruction: usize,
    pub word: &'a Word,
    /// Everything before the last `:` (an IP address and/or a host port).
    pub host: Option<std::ops::Range<usize>>,
    /// The container port or range.
    pub port: std::ops::Range<usize>,
    /// What follows `/`.
    pub protocol: Option<std::ops::Range<usize>>,
}

impl ExposePort<'_> {
    pub fn text(&self, range: &std::ops::Range<usize>) -> &str {
        &self.word.text[range.clone()]
    }

    /// The source span of a part of the word, or the whole word when the word
    /// is not written literally on one line.
    pub fn span(&self, range: &std::ops::Range<usize>) -> Span {
        if self.word.span.len() as usize != self.word.text.len() {
            return self.word.span;
        }
        Span::new(
            self.word.span.start + to_u32(range.start),
            self.word.span.start + to_u32(range.end),
        )
    }
}

/// The ports of every EXPOSE (ONBUILD EXPOSE included); words with
/// variables are skipped because their value is only known at build time.
pub(crate) fn expose_ports<'a>(context: &'a Context) -> Vec<ExposePort<'a>> {
    let mut ports = Vec::new();
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if instruction.keyword != Keyword::Expose {
            continue;
        }
        let Args::List { items, .. } = &instruction.args else {
            continue;
        };
        for word in items.iter().filter(|word| !word.text.contains('$')) {
            let text = &word.text;
            let (host, container_start) = match text.rfind(':') {
                Some(colon) => (Some(0..colon), colon + 1),
                None => (None, 0),
            };
            let (port, protocol) = match text[container_start..].find('/') {
                Some(slash) => (
                    container_start..container_start + slash,
                    Some(container_start + slash + 1..text.len()),
                ),
                None => (container_start..text.len(), None),
            };
            ports.push(ExposePort {
                instruction: index,
                word,
                host,
                port,
                protocol,
            });
        }
    }
    ports
}

/// Appends `ch` to a double-quoted Dockerfile word so that it stays literal.
pub(crate) fn push_quoted_literal(out: &mut String, ch: char, escape: char) {
    if ch == '"' || ch == '$' || ch == escape {
        out.push(escape);
    }
    out.push(ch);
}

/// `text` as a double-quoted word whose value is exactly `text`.
pub(crate) fn double_quoted_literal(text: &str, escape: char) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        push_quoted_literal(&mut out, ch, escape);
    }
    out.push('"');
    out
}

/// An edit deleting the whole lines a span touches, line breaks included.
pub(crate) fn delete_lines(context: &Context, span: Span) -> Edit {
    let lines = &context.dockerfile.line_index;
    let first = lines.line_of(span.start);
    let last = lines.line_of(span.end.max(span.start + 1) - 1);
    let end = if last + 1 < lines.line_count() {
        lines.line_start(last + 1)
    } else {
        to_u32(context.source.len())
    };
    Edit::replace(Span::new(lines.line_start(first), end), "")
}

/// Whether a comment line sits inside a span (rewriting the span would drop it).
pub(crate) fn has_comment_inside(context: &Context, span: Span) -> bool {
    context
        .dockerfile
        .comments
        .iter()
        .any(|comment| span.start < comment.span.start && comment.span.start < span.end)
}
