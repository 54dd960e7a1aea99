//! The semantic model: build stages and their graph, variable scopes with
//! BuildKit's expansion rules, and the effective USER, WORKDIR and SHELL at
//! every instruction.

mod image;
mod purpose;
mod run;

use std::collections::HashMap;

pub use image::{ImageRef, InvalidReference, DOCKER_HUB};
pub use purpose::Purpose;
pub(crate) use purpose::PROMPTS;
pub(crate) use purpose::{is_server_image_name, purpose_of_path};
pub(crate) use run::is_posix_shell;
pub use run::{powershell_runs, scripts, PowerShellRun, RunOrigin, RunScript};

use crate::shell::expand_word;
use crate::span::Span;
use crate::syntax::{Args, Dockerfile, Instruction, Keyword, Word};

/// Platform ARGs BuildKit defines for FROM lines without a declaration.
pub const AUTOMATIC_PLATFORM_ARGS: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// The value BuildKit gives an automatic platform ARG on the usual build
/// machine and target (`linux/amd64`): enough to resolve `FROM
/// build-$TARGETOS` to its stage and to read a URL built from `$TARGETARCH`.
pub fn automatic_platform_value(name: &str) -> Option<&'static str> {
    match name {
        "TARGETPLATFORM" | "BUILDPLATFORM" => Some("linux/amd64"),
        "TARGETOS" | "BUILDOS" => Some("linux"),
        "TARGETARCH" | "BUILDARCH" => Some("amd64"),
        "TARGETVARIANT" | "BUILDVARIANT" => Some(""),
        _ => None,
    }
}

/// Proxy ARGs every build knows without a declaration.
pub const PREDEFINED_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    Image(ImageRef),
    /// Depends on build arguments with no default value.
    Unresolved {
        expanded: String,
        missing: Vec<String>,
    },
    Invalid {
        expanded: String,
        reason: String,
    },
}

/// A build stage: `FROM ... [AS name]` and the instructions up to the next FROM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Lower-cased, as BuildKit compares names.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// Index of the FROM instruction.
    pub from: usize,
    /// Indices of the stage's instructions after FROM.
    pub instructions: std::ops::Range<usize>,
    /// The base image as written.
    pub base_text: String,
    pub base_span: Span,
    pub base: Base,
    pub platform: Option<String>,
    /// Stages this one needs: its base, `COPY --from`, `RUN --mount=from=`.
    pub depends_on: Vec<usize>,
    /// External images copied or mounted from (`COPY --from=nginx:1.25`).
    pub external_sources: Vec<(ImageRef, Span)>,
}

/// Whether a variable came from ARG or ENV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Arg,
    Env,
}

/// A variable definition in a stage's scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarDef {
    pub name: String,
    pub kind: VarKind,
    /// The expanded value; `None` for an ARG without default.
    pub value: Option<String>,
    /// The instruction that defines it (for ENV inherited from a base stage,
    /// the ENV instruction of that stage).
    pub instruction: usize,
    pub name_span: Span,
    pub value_span: Option<Span>,
}

/// USER, WORKDIR and SHELL in effect at an instruction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effective {
    /// The last USER (expanded) and its instruction; `None`: the base image's user.
    pub user: Option<(String, usize)>,
    pub workdir: Option<String>,
    /// `None`: the default `/bin/sh -c`.
    pub shell: Option<Vec<String>>,
}

/// The error for a target stage (`--target`, a setting) that no stage is
/// named: the setting is wrong, not the Dockerfile, so the web app shows it
/// at the setting and finds it by this text.
pub fn unknown_target_error(target: &str) -> String {
    format!("target stage {target:?} could not be found")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    pub message: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    pub stages: Vec<Stage>,
    /// ARGs before the first FROM.
    pub global_args: Vars,
    /// The stage that becomes the image: the target, or the last stage.
    pub final_stage: Option<usize>,
    /// Per stage: whether its content can reach the final image.
    pub reaches_final: Vec<bool>,
    /// Per stage: what its image is for (a service, exported files, a build ...).
    pub purposes: Vec<Purpose>,
    /// Per instruction: its stage (`None` before the first FROM).
    pub instruction_stage: Vec<Option<usize>>,
    /// Per instruction: how many variables of its stage (or of the global
    /// ARGs) it sees. Scopes only grow within a stage, so a length is enough.
    scope_lens: Vec<usize>,
    /// Per instruction: USER, WORKDIR and SHELL in effect when it runs.
    pub effective: Vec<Effective>,
    /// Per stage: USER, WORKDIR and SHELL after its last instruction.
    pub stage_ends: Vec<Effective>,
    /// Per stage: its variables in definition order (inherited ENV first).
    stage_scopes: Vec<Vars>,
    /// Per stage: whether it is the final stage or one the final stage is
    /// built `FROM` (directly or not).
    final_chain: Vec<bool>,
    /// Per stage: the root of its `FROM <stage>` chain.
    roots: Vec<usize>,
    /// Stage names (lower-cased) and the first stage that carries each.
    stage_names: HashMap<String, usize>,
    pub errors: Vec<ModelError>,
}

impl Model {
    pub fn build(dockerfile: &Dockerfile, target: Option<&str>) -> Model {
        Builder::new(dockerfile).run(target)
    }

    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.instruction_stage
            .get(instruction)
            .copied()
            .flatten()
            .map(|index| &self.stages[index])
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.final_stage.map(|index| &self.stages[index])
    }

    /// Stages whose content can reach the final image.
    pub fn stages_reaching_final(&self) -> impl Iterator<Item = &Stage> {
        self.stages
            .iter()
            .filter(|stage| self.reaches_final[stage.index])
    }

    /// The variables visible to an instruction, latest definition last.
    pub fn scope(&self, instruction: usize) -> &[VarDef] {
        let Some(&len) = self.scope_lens.get(instruction) else {
            return &[];
        };
        self.visible(instruction, len).defs()
    }

    /// The variables an instruction sees, `len` of them, to look up by name.
    fn visible(&self, instruction: usize, len: usize) -> Scope<'_> {
        let vars = match self.instruction_stage[instruction] {
            Some(stage) => self.stage_scopes.get(stage),
            None => Some(&self.global_args),
        };
        match vars {
            Some(vars) => vars.upto(len),
            None => Scope::EMPTY,
        }
    }

    /// The variables of [`Model::scope`], to look up by name.
    fn scope_of(&self, instruction: usize) -> Scope<'_> {
        match self.scope_lens.get(instruction) {
            Some(&len) => self.visible(instruction, len),
            None => Scope::EMPTY,
        }
    }

    /// The definition of `name` that an instruction sees.
    pub fn lookup(&self, instruction: usize, name: &str) -> Option<&VarDef> {
        self.scope_of(instruction).find(name)
    }

    /// Expands a word the way BuildKit would for this instruction.
    pub fn expand(
        &self,
        dockerfile: &Dockerfile,
        instruction: usize,
        word: &str,
    ) -> Option<String> {
        let scope = self.scope_of(instruction);
        expand_word(word, dockerfile.escape, &|name| scope.value(name))
            .ok()
            .map(|expansion| expansion.value)
    }

    /// The first stage named `name` (compared as BuildKit does, ignoring
    /// ASCII case).
    pub fn first_stage_named(&self, name: &str) -> Option<usize> {
        self.stage_names.get(&name.to_ascii_lowercase()).copied()
    }

    /// The chain of stages from `stage` down through `FROM <stage>` bases.
    pub fn ancestry(&self, stage: usize) -> Vec<usize> {
        let mut chain = vec![stage];
        // A `FROM <stage>` base is always an earlier stage, so the chain
        // cannot loop.
        while let Base::Stage(parent) = self.stages[chain[chain.len() - 1]].base {
            chain.push(parent);
        }
        chain
    }

    /// Whether `stage` is the final stage or one it is built `FROM`: its
    /// layers, ENV and metadata are part of the image.
    pub fn in_final_chain(&self, stage: usize) -> bool {
        self.final_chain.get(stage).copied().unwrap_or(false)
    }

    /// The external image at the root of a stage's `FROM <stage>` chain.
    pub fn root_base(&self, stage: usize) -> &Base {
        &self.stages[self.roots[stage]].base
    }

    /// The image a stage is built on at the root of its `FROM <stage>`
    /// chain, as written, or expanded when written with variables
    /// (`$REPO:10.0` is `mcr.microsoft.com/dotnet/aspnet:10.0`): messages
    /// name this image rather than a stage name.
    pub fn base_image_name(&self, stage: usize) -> String {
        let root = &self.stages[*self.ancestry(stage).last().unwrap_or(&stage)];
        match &root.base {
            Base::Image(image) if root.base_text.contains('$') => {
                let mut name = image.familiar_name();
                if let Some(tag) = &image.tag {
                    name = format!("{name}:{tag}");
                }
                if let Some(digest) = &image.digest {
                    name = format!("{name}@{digest}");
                }
                name
            }
            Base::Scratch => "scratch".to_string(),
            _ => root.base_text.clone(),
        }
    }

    /// Applies what the Dockerfile's path says its images are for (see
    /// [`purpose::purpose_of_path`]): stages the file itself does not mark
    /// as exports or builds are judged as test or development images.
    pub fn judge_by_path(&mut self, path: &str) {
        let Some(purpose) = purpose::purpose_of_path(path) else {
            return;
        };
        for each in &mut self.purposes {
            if matches!(each, Purpose::Service | Purpose::Unknown | Purpose::Base) {
                *each = purpose;
            }
        }
    }

    /// What the final image is for; `None` without a stage.
    pub fn final_purpose(&self) -> Option<Purpose> {
        self.final_stage.map(|stage| self.purposes[stage])
    }

    /// USER, WORKDIR and SHELL after a stage's last instruction.
    pub fn stage_end(&self, stage: usize) -> &Effective {
        &self.stage_ends[stage]
    }
}

/// Variable definitions in definition order, with where each name is
/// defined: the latest definition of a name is found without reading the
/// others (a Dockerfile can define thousands of ARGs and ENVs, each
/// referenced again).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vars {
    defs: Vec<VarDef>,
    positions: HashMap<String, Vec<usize>>,
}

impl Vars {
    fn push(&mut self, def: VarDef) {
        self.positions
            .entry(def.name.clone())
            .or_default()
            .push(self.defs.len());
        self.defs.push(def);
    }

    /// The first `len` definitions.
    fn upto(&self, len: usize) -> Scope<'_> {
        Scope {
            vars: Some(self),
            len: len.min(self.defs.len()),
        }
    }

    /// Every definition.
    fn all(&self) -> Scope<'_> {
        self.upto(self.defs.len())
    }
}

impl std::ops::Deref for Vars {
    type Target = [VarDef];

    fn deref(&self) -> &[VarDef] {
        &self.defs
    }
}

impl Extend<VarDef> for Vars {
    fn extend<T: IntoIterator<Item = VarDef>>(&mut self, defs: T) {
        for def in defs {
            self.push(def);
        }
    }
}

impl FromIterator<VarDef> for Vars {
    fn from_iter<T: IntoIterator<Item = VarDef>>(defs: T) -> Self {
        let mut vars = Vars::default();
        vars.extend(defs);
        vars
    }
}

/// The first definitions of a [`Vars`]: what one instruction (or one value
/// of an ENV) sees.
#[derive(Clone, Copy)]
struct Scope<'a> {
    vars: Option<&'a Vars>,
    len: usize,
}

impl<'a> Scope<'a> {
    const EMPTY: Scope<'static> = Scope { vars: None, len: 0 };

    fn defs(self) -> &'a [VarDef] {
        self.vars.map_or(&[], |vars| &vars.defs[..self.len])
    }

    /// The latest definition of `name` in the scope.
    fn find(self, name: &str) -> Option<&'a VarDef> {
        let vars = self.vars?;
        let positions = vars.positions.get(name)?;
        let seen = positions.partition_point(|&position| position < self.len);
        seen.checked_sub(1).map(|last| &vars.defs[positions[last]])
    }

    /// The value of `name` in the scope, if it has one.
    fn value(self, name: &str) -> Option<String> {
        self.find(name).and_then(|def| def.value.clone())
    }
}

struct Builder<'a> {
    dockerfile: &'a Dockerfile,
    model: Model,
}

impl<'a> Builder<'a> {
    fn new(dockerfile: &'a Dockerfile) -> Self {
        let count = dockerfile.instructions.len();
        Builder {
            dockerfile,
            model: Model {
                instruction_stage: vec![None; count],
                scope_lens: vec![0; count],
                effective: vec![Effective::default(); count],
                ..Model::default()
            },
        }
    }

    fn run(mut self, target: Option<&str>) -> Model {
        let instructions = &self.dockerfile.instructions;
        let mut current: Option<usize> = None;
        let mut scope = Vars::default();
        let mut state = Effective::default();
        for (index, instruction) in instructions.iter().enumerate() {
            if instruction.keyword == Keyword::From {
                if let Some(stage) = current {
                    self.end_stage(stage, index, std::mem::take(&mut scope), &state);
                }
                let stage = self.start_stage(index, instruction);
                (scope, state) = self.stage_start_state(stage);
                current = Some(stage);
            } else if current.is_none() && instruction.keyword != Keyword::Arg {
                self.error(
                    format!(
                        "{} comes before the first FROM; only ARG may appear there",
                        instruction.keyword_text.to_uppercase()
                    ),
                    instruction.keyword_span,
                );
            }
            self.model.instruction_stage[index] = current;
            self.model.scope_lens[index] = if current.is_some() {
                scope.len()
            } else {
                self.model.global_args.len()
            };
            self.model.effective[index] = state.clone();
            match current {
                None if instruction.keyword == Keyword::Arg => {
                    let globals =
                        self.declare_args(index, instruction, self.model.global_args.all(), true);
                    self.model.global_args.extend(globals);
                }
                Some(stage) if instruction.keyword != Keyword::From => {
                    self.apply(index, instruction, stage, &mut scope, &mut state);
                }
                _ => {}
            }
        }
        if let Some(stage) = current {
            self.end_stage(stage, instructions.len(), scope, &state);
        }
        self.finish(target);
        self.model
    }

    fn end_stage(&mut self, stage: usize, end: usize, scope: Vars, state: &Effective) {
        self.model.stages[stage].instructions.end = end;
        self.model.stage_scopes.push(scope);
        self.model.stage_ends.push(state.clone());
    }

    fn error(&mut self, message: String, span: Span) {
        self.model.errors.push(ModelError { message, span });
    }

    fn start_stage(&mut self, index: usize, instruction: &Instruction) -> usize {
        let stage_index = self.model.stages.len();
        let from = match &instruction.args {
            Args::From(from) => Some(from),
            _ => None,
        };
        let image = from.and_then(|from| from.image.as_ref());
        let name_word = from.and_then(|from| from.name.as_ref());
        let (base_text, base_span) = image
            .map_or((String::new(), instruction.keyword_span), |word| {
                (word.text.clone(), word.span)
            });
        let base = self.resolve_base(&base_text);
        let name = name_word.map(|word| word.text.to_ascii_lowercase());
        if let Some(name) = &name {
            self.model
                .stage_names
                .entry(name.clone())
                .or_insert(stage_index);
        }
        let (depends_on, root) = match base {
            Base::Stage(parent) => (vec![parent], self.model.roots[parent]),
            _ => (Vec::new(), stage_index),
        };
        self.model.roots.push(root);
        self.model.stages.push(Stage {
            index: stage_index,
            name,
            name_span: name_word.map(|word| word.span),
            from: index,
            instructions: index + 1..index + 1,
            base_text,
            base_span,
            base,
            platform: instruction
                .flag("platform")
                .and_then(|flag| flag.value.clone()),
            depends_on,
            external_sources: Vec::new(),
        });
        stage_index
    }

    /// Expands FROM's image with the global ARGs and decides what it is.
    fn resolve_base(&self, text: &str) -> Base {
        let globals = self.model.global_args.all();
        let expansion = expand_word(text, self.dockerfile.escape, &|name| {
            globals
                .value(name)
                .or_else(|| automatic_platform_value(name).map(str::to_string))
        });
        let expansion = match expansion {
            Ok(expansion) => expansion,
            Err(error) => {
                return Base::Invalid {
                    expanded: text.to_string(),
                    reason: error.message,
                }
            }
        };
        let expanded = expansion.value;
        // A build without `--build-arg` leaves the arguments empty: when that
        // names an earlier stage (`buildkit-$TARGETOS${DEBUG:+-debug}`), the
        // stage is built on it.
        if let Some(&stage) = self.model.stage_names.get(&expanded.to_ascii_lowercase()) {
            return Base::Stage(stage);
        }
        if !expansion.unset.is_empty() {
            return Base::Unresolved {
                expanded,
                missing: expansion.unset,
            };
        }
        if expanded.eq_ignore_ascii_case("scratch") {
            return Base::Scratch;
        }
        match ImageRef::parse(&expanded) {
            Ok(image) => Base::Image(image),
            Err(InvalidReference(reason)) => Base::Invalid { expanded, reason },
        }
    }

    /// Scope and USER/WORKDIR/SHELL a new stage starts with: a stage built on
    /// another inherits its ENV and its USER, WORKDIR and SHELL.
    fn stage_start_state(&self, stage: usize) -> (Vars, Effective) {
        match self.model.stages[stage].base {
            Base::Stage(parent) => {
                let scope = self.model.stage_scopes[parent]
                    .iter()
                    .filter(|def| def.kind == VarKind::Env)
                    .cloned()
                    .collect();
                (scope, self.model.stage_ends[parent].clone())
            }
            _ => (Vars::default(), Effective::default()),
        }
    }

    fn apply(
        &mut self,
        index: usize,
        instruction: &Instruction,
        stage: usize,
        scope: &mut Vars,
        state: &mut Effective,
    ) {
        let expand = |word: &str, scope: Scope| {
            expand_word(word, self.dockerfile.escape, &|name| scope.value(name))
                .map_or_else(|_| word.to_string(), |expansion| expansion.value)
        };
        match &instruction.args {
            Args::Arg(_) => {
                let mut defs = self.declare_args(index, instruction, scope.all(), false);
                // A stage ARG with no default takes the global ARG's default,
                // or BuildKit's value for an automatic platform ARG.
                for def in &mut defs {
                    if def.value.is_none() {
                        def.value =
                            self.model.global_args.all().value(&def.name).or_else(|| {
                                automatic_platform_value(&def.name).map(str::to_string)
                            });
                    }
                }
                scope.extend(defs);
            }
            Args::KeyValues(pairs) if instruction.keyword == Keyword::Env => {
                // All values of one ENV see the scope from before it.
                let before = scope.len();
                for pair in pairs {
                    let value = expand(&pair.value.text, scope.upto(before));
                    scope.push(VarDef {
                        name: unquote(&pair.key.text),
                        kind: VarKind::Env,
                        value: Some(value),
                        instruction: index,
                        name_span: pair.key.span,
                        value_span: Some(pair.value.span),
                    });
                }
            }
            Args::Text(Some(word)) if instruction.keyword == Keyword::User => {
                state.user = Some((expand(&word.text, scope.all()), index));
            }
            Args::Text(Some(word)) if instruction.keyword == Keyword::Workdir => {
                let path = expand(&word.text, scope.all());
                state.workdir = Some(match &state.workdir {
                    Some(current) if !path.starts_with('/') && !is_windows_absolute(&path) => {
                        format!("{}/{}", current.trim_end_matches('/'), path)
                    }
                    _ => path,
                });
            }
            Args::Command(crate::syntax::Command::Exec(words))
                if instruction.keyword == Keyword::Shell =>
            {
                state.shell = Some(words.iter().map(|word| word.text.clone()).collect());
            }
            Args::Copy(_) => self.copy_sources(instruction, stage, scope.all()),
            _ => {}
        }
        if instruction.keyword == Keyword::Run {
            for mount in instruction.mounts() {
                if let Some(from) = mount.option(&["from"]) {
                    let from = expand(from, scope.all());
                    self.add_source(stage, &from, mount.span);
                }
            }
        }
    }

    fn copy_sources(&mut self, instruction: &Instruction, stage: usize, scope: Scope) {
        let Some(flag) = instruction.flag("from") else {
            return;
        };
        let Some(value) = &flag.value else { return };
        let from = expand_word(value, self.dockerfile.escape, &|name| scope.value(name))
            .map_or_else(|_| value.clone(), |expansion| expansion.value);
        let span = flag.value_span.unwrap_or(flag.span);
        self.add_source(stage, &from, span);
    }

    /// Records a `--from` reference: a stage name, an index, or an image.
    fn add_source(&mut self, stage: usize, from: &str, span: Span) {
        let lower = from.to_ascii_lowercase();
        let referenced = self.model.stage_names.get(&lower).copied().or_else(|| {
            lower
                .parse::<usize>()
                .ok()
                .filter(|&index| index < self.model.stages.len())
        });
        match referenced {
            Some(source) if source != stage => {
                if !self.model.stages[stage].depends_on.contains(&source) {
                    self.model.stages[stage].depends_on.push(source);
                }
            }
            Some(_) => {}
            None => {
                if let Ok(image) = ImageRef::parse(from) {
                    self.model.stages[stage]
                        .external_sources
                        .push((image, span));
                }
            }
        }
    }

    /// Reads an ARG instruction's declarations; defaults expand with `scope`.
    fn declare_args(
        &self,
        index: usize,
        instruction: &Instruction,
        scope: Scope,
        global: bool,
    ) -> Vec<VarDef> {
        let Args::Arg(decls) = &instruction.args else {
            return Vec::new();
        };
        let mut defs: Vec<VarDef> = Vec::new();
        for decl in decls {
            let value = decl.default.as_ref().map(|default| {
                expand_word(&default.text, self.dockerfile.escape, &|name| {
                    // The declarations before this one in the same ARG, then the scope.
                    match defs.iter().rev().find(|def| def.name == name) {
                        Some(def) => def.value.clone(),
                        None => scope.value(name),
                    }
                    .or_else(|| {
                        // Global ARG defaults may use the automatic platform ARGs.
                        global
                            .then(|| automatic_platform_value(name).map(str::to_string))
                            .flatten()
                    })
                })
                .map_or_else(|_| default.text.clone(), |expansion| expansion.value)
            });
            let def = VarDef {
                name: decl.name.text.clone(),
                kind: VarKind::Arg,
                value,
                instruction: index,
                name_span: decl.name.span,
                value_span: decl.default.as_ref().map(|word: &Word| word.span),
            };
            defs.push(def);
        }
        defs
    }

    fn finish(&mut self, target: Option<&str>) {
        let last = self.model.stages.len().checked_sub(1);
        let final_stage = match target {
            Some(target) => {
                let found = self
                    .model
                    .stage_names
                    .get(&target.to_ascii_lowercase())
                    .copied();
                if found.is_none() && last.is_some() {
                    self.error(unknown_target_error(target), Span::default());
                }
                found.or(last)
            }
            None => last,
        };
        let mut reaches = vec![false; self.model.stages.len()];
        let mut pending: Vec<usize> = final_stage.into_iter().collect();
        while let Some(stage) = pending.pop() {
            if std::mem::replace(&mut reaches[stage], true) {
                continue;
            }
            pending.extend(self.model.stages[stage].depends_on.iter().copied());
        }
        if self.model.stages.is_empty() && !self.dockerfile.instructions.is_empty() {
            self.error(
                "the Dockerfile has no FROM instruction".to_string(),
                Span::default(),
            );
        }
        let mut final_chain = vec![false; self.model.stages.len()];
        if let Some(final_stage) = final_stage {
            for stage in self.model.ancestry(final_stage) {
                final_chain[stage] = true;
            }
        }
        self.model.final_stage = final_stage;
        self.model.reaches_final = reaches;
        self.model.final_chain = final_chain;
        self.model.purposes = purpose::decide(self.dockerfile, &self.model);
    }
}

/// Removes surrounding quotes from an ENV/LABEL key.
pub fn unquote(text: &str) -> String {
    let bytes = text.as_bytes();
    if bytes.len() >= 2
        && (bytes[0] == b'"' || bytes[0] == b'\'')
        && bytes[bytes.len() - 1] == bytes[0]
    {
        text[1..text.len() - 1].to_string()
    } else {
        text.to_string()
    }
}

fn is_windows_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_platform_args_have_buildkit_values() {
        let dockerfile = crate::syntax::parse(
            "ARG ARCH=${TARGETARCH}\nARG DEBUG\nFROM alpine:3.20 AS tools-linux\nFROM tools-$TARGETOS${DEBUG:+-debug}\nARG TARGETARCH\nARG TARGETPLATFORM\nRUN echo\n",
        );
        let model = Model::build(&dockerfile, None);
        assert_eq!(model.global_args[0].value.as_deref(), Some("amd64"));
        // Unset DEBUG is empty in a build without --build-arg: the stage.
        assert_eq!(model.stages[1].base, Base::Stage(0));
        let value = |name| model.lookup(6, name).and_then(|def| def.value.clone());
        assert_eq!(value("TARGETARCH").as_deref(), Some("amd64"));
        assert_eq!(value("TARGETPLATFORM").as_deref(), Some("linux/amd64"));
    }

    #[test]
    fn an_instruction_sees_the_latest_earlier_definition_of_a_name() {
        let dockerfile = crate::syntax::parse(
            "ARG V=global\nFROM alpine:3.20 AS one\nRUN echo 1\nARG V\nENV V=env-$V W=$V\nRUN echo 2\nENV V=again\nRUN echo 3\nFROM one\nRUN echo 4\n",
        );
        let model = Model::build(&dockerfile, None);
        let value = |instruction, name| {
            model
                .lookup(instruction, name)
                .and_then(|def| def.value.clone())
        };
        // The global ARG is not seen in a stage until it is declared there.
        assert_eq!(value(2, "V"), None);
        // Values of one ENV see the scope from before it.
        assert_eq!(value(5, "V").as_deref(), Some("env-global"));
        assert_eq!(value(5, "W").as_deref(), Some("global"));
        assert_eq!(value(7, "V").as_deref(), Some("again"));
        // A stage built FROM another inherits its ENV, not its ARGs.
        assert_eq!(value(9, "V").as_deref(), Some("again"));
        assert_eq!(value(9, "W").as_deref(), Some("global"));
        assert_eq!(
            model
                .scope(9)
                .iter()
                .map(|def| def.name.as_str())
                .collect::<Vec<_>>(),
            ["V", "W", "V"]
        );
    }
}
