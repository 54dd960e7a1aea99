//! What the parser and the model understood, for `plimsoll parse --format
//! json`: instructions with their lines and stage, stages with their base
//! image after ARG expansion, and the errors.

use serde::Serialize;

use crate::model::{Base, ImageRef, Model};
use crate::syntax::{Args, Command, Dockerfile};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParseOutput {
    pub escape: String,
    pub directives: Vec<ParsedDirective>,
    pub instructions: Vec<ParsedInstruction>,
    pub stages: Vec<ParsedStage>,
    pub final_stage: Option<usize>,
    pub errors: Vec<ParseErrorJson>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedDirective {
    pub name: String,
    pub value: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedInstruction {
    /// Upper case; `UNKNOWN` for unknown instructions (see `raw_keyword`).
    pub keyword: &'static str,
    pub raw_keyword: String,
    pub line: u32,
    pub end_line: u32,
    pub stage: Option<usize>,
    /// `exec`, `shell` or null for instructions without a command form.
    pub form: Option<&'static str>,
    pub flags: Vec<ParsedFlag>,
    /// The arguments after the flags, as joined by the parser.
    pub arguments: String,
    pub heredocs: Vec<ParsedHeredoc>,
    /// For ONBUILD: the wrapped instruction's keyword.
    pub trigger: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedFlag {
    pub name: String,
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedHeredoc {
    pub name: String,
    pub expand: bool,
    pub chomp: bool,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedStage {
    pub index: usize,
    pub name: Option<String>,
    pub line: u32,
    /// The base as written.
    pub base: String,
    /// `image`, `scratch`, `stage`, `unresolved` or `invalid`.
    pub base_kind: &'static str,
    /// The base image after ARG expansion; null for scratch and stage bases.
    pub image: Option<ParsedImage>,
    /// For a stage base: the index of that stage.
    pub base_stage: Option<usize>,
    pub platform: Option<String>,
    pub depends_on: Vec<usize>,
    pub reaches_final: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedImage {
    pub registry: String,
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParseErrorJson {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl From<&ImageRef> for ParsedImage {
    fn from(image: &ImageRef) -> Self {
        ParsedImage {
            registry: image.registry.clone(),
            repository: image.repository.clone(),
            tag: image.tag.clone(),
            digest: image.digest.clone(),
        }
    }
}

pub fn output(source: &str, dockerfile: &Dockerfile, model: &Model) -> ParseOutput {
    let index = &dockerfile.line_index;
    let line_of = |offset: u32| index.position(source, offset).line;
    let instructions = dockerfile
        .instructions
        .iter()
        .enumerate()
        .map(|(position, instruction)| ParsedInstruction {
            keyword: instruction.keyword.as_str(),
            raw_keyword: instruction.keyword_text.clone(),
            line: instruction.line,
            end_line: instruction.end_line,
            stage: model.instruction_stage.get(position).copied().flatten(),
            form: match instruction.effective().command() {
                Some(Command::Exec(_)) => Some("exec"),
                Some(Command::Shell { .. }) => Some("shell"),
                _ => None,
            },
            flags: instruction
                .flags
                .iter()
                .map(|flag| ParsedFlag {
                    name: flag.name.clone(),
                    value: flag.value.clone(),
                })
                .collect(),
            arguments: instruction.args_text().to_string(),
            heredocs: instruction
                .heredocs
                .iter()
                .map(|heredoc| ParsedHeredoc {
                    name: heredoc.name.clone(),
                    expand: heredoc.expand,
                    chomp: heredoc.chomp,
                    content: heredoc.content().into_owned(),
                })
                .collect(),
            trigger: match &instruction.args {
                Args::Onbuild(Some(inner)) => Some(inner.keyword.as_str()),
                _ => None,
            },
        })
        .collect();
    let stages = model
        .stages
        .iter()
        .map(|stage| {
            let (base_kind, image, base_stage) = match &stage.base {
                Base::Scratch => ("scratch", None, None),
                Base::Stage(parent) => ("stage", None, Some(*parent)),
                Base::Image(image) => ("image", Some(ParsedImage::from(image)), None),
                Base::Unresolved { .. } => ("unresolved", None, None),
                Base::Invalid { .. } => ("invalid", None, None),
            };
            ParsedStage {
                index: stage.index,
                name: stage.name.clone(),
                line: dockerfile.instructions[stage.from].line,
                base: stage.base_text.clone(),
                base_kind,
                image,
                base_stage,
                platform: stage.platform.clone(),
                depends_on: stage.depends_on.clone(),
                reaches_final: model.reaches_final[stage.index],
            }
        })
        .collect();
    let errors = dockerfile
        .errors
        .iter()
        .map(|error| (error.span, &error.message))
        .chain(
            model
                .errors
                .iter()
                .map(|error| (error.span, &error.message)),
        )
        .map(|(span, message)| {
            let position = index.position(source, span.start);
            ParseErrorJson {
                line: position.line,
                column: position.column,
                message: message.clone(),
            }
        })
        .collect();
    ParseOutput {
        escape: dockerfile.escape.to_string(),
        directives: dockerfile
            .directives
            .iter()
            .map(|directive| ParsedDirective {
                name: directive.name.clone(),
                value: directive.value.clone(),
                line: line_of(directive.span.start),
            })
            .collect(),
        instructions,
        stages,
        final_stage: model.final_stage,
        errors,
    }
}

/// Parses and models `source` and returns what was understood.
pub fn parse_source(source: &str, target: Option<&str>) -> ParseOutput {
    let dockerfile = crate::syntax::parse(source);
    let model = Model::build(&dockerfile, target);
    output(source, &dockerfile, &model)
}
