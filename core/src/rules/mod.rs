//! The rules: one file per rule, grouped in modules by the seed document's
//! sections, each listed once in [`registry::RULES`].

use std::sync::OnceLock;

use serde::Serialize;

use crate::companion::compose::Service;
use crate::companion::context::BuildContext;
use crate::companion::kubernetes::Container;
use crate::companion::workflow::{ImageSteps, Workflow};
use crate::companion::{FileKind, ImageFacts};
use crate::fix::Fix;
use crate::model::{Model, PowerShellRun, RunScript};
use crate::report::{Severity, Text};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::Dockerfile;

pub mod base_image;
pub mod compose;
pub mod dockerfile;
pub mod filesystem;
mod host_dirs;
mod image_facts;
pub mod kubernetes;
pub mod minimal;
pub mod network;
pub mod packages;
mod registry;
pub mod secrets;
pub mod supply_chain;
pub mod user;
pub mod workflow;

pub(crate) use image_facts::image_facts;
pub use registry::{OFF_BY_DEFAULT, RULES};

/// The sections of the seed document that rules are grouped by. Rule codes
/// take their hundreds digit from the section (`PL2xx` = base image).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// PL1xx: non-root user, privileges.
    User,
    /// PL2xx: trusted, pinned base images.
    BaseImage,
    /// PL3xx: packages and vulnerabilities.
    Packages,
    /// PL4xx: secrets.
    Secrets,
    /// PL5xx: ports and health checks.
    Network,
    /// PL6xx: minimal images.
    MinimalImage,
    /// PL7xx: file system, ownership and modes.
    Filesystem,
    /// PL8xx: remote content and transport security.
    SupplyChain,
    /// PL9xx: Dockerfile correctness and style.
    Dockerfile,
    /// PL0xx: how a container runs, set outside the image (resource limits
    /// in Compose and Kubernetes).
    Runtime,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::User,
        Section::BaseImage,
        Section::Packages,
        Section::Secrets,
        Section::Network,
        Section::MinimalImage,
        Section::Filesystem,
        Section::SupplyChain,
        Section::Dockerfile,
        Section::Runtime,
    ];

    /// The hundreds digit of its rules' codes.
    pub fn digit(self) -> u8 {
        match self {
            Section::Runtime => 0,
            section => {
                let position = Section::ALL
                    .iter()
                    .position(|each| *each == section)
                    .unwrap_or(0);
                u8::try_from(position + 1).unwrap_or(9)
            }
        }
    }

    pub fn title(self) -> Text {
        let (en, ja) = match self {
            Section::User => ("Non-root user", "非rootユーザー"),
            Section::BaseImage => ("Base image", "ベースイメージ"),
            Section::Packages => ("Packages and vulnerabilities", "パッケージと脆弱性"),
            Section::Secrets => ("Secrets", "シークレット管理"),
            Section::Network => ("Network", "ネットワーク"),
            Section::MinimalImage => ("Minimal image", "最小イメージ"),
            Section::Filesystem => ("File system", "ファイルシステム"),
            Section::SupplyChain => (
                "Downloads and supply chain",
                "ダウンロードとサプライチェーン",
            ),
            Section::Dockerfile => ("Dockerfile correctness", "Dockerfileの正しさ"),
            Section::Runtime => ("Run-time settings", "実行時の設定"),
        };
        crate::text!(en, ja)
    }
}

/// Whether a rule can fix what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    None,
    /// Always a safe edit.
    Safe,
    /// An edit that a person should review.
    NeedsReview,
    /// Sometimes: depends on the case.
    Sometimes,
}

/// The tools whose rule ids we map to ours.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Hadolint,
    Trivy,
    Checkov,
    Buildkit,
    Kics,
    Semgrep,
    Dockle,
    Cis,
    KubeLinter,
    Polaris,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Hadolint => "hadolint",
            Tool::Trivy => "Trivy",
            Tool::Checkov => "Checkov",
            Tool::Buildkit => "BuildKit checks",
            Tool::Kics => "KICS",
            Tool::Semgrep => "Semgrep",
            Tool::Dockle => "dockle",
            Tool::Cis => "CIS Docker Benchmark",
            Tool::KubeLinter => "kube-linter",
            Tool::Polaris => "Polaris",
        }
    }
}

/// A peer tool's id for the same concern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub tool: Tool,
    pub id: &'static str,
}

/// Shorthand for alias tables in rule files.
pub(crate) const fn alias(tool: Tool, id: &'static str) -> Alias {
    Alias { tool, id }
}

/// Everything known about a rule, and its check.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable code, never reused (`PL201`).
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub section: Section,
    pub severity: Severity,
    pub fix: FixAvailability,
    pub aliases: &'static [Alias],
    /// Markdown docs with fixed sections, `rule_docs!(DOCS_EN, DOCS_JA)`; see
    /// [`crate::docs`].
    pub docs: crate::docs::Docs,
    pub check: Check,
}

/// What a rule reads, and its check over it.
#[derive(Clone, Copy)]
pub enum Check {
    Dockerfile(fn(&Context, &mut Diagnostics)),
    /// A Compose file, service by service.
    Compose(fn(&ComposeContext, &mut Diagnostics)),
    /// A Kubernetes manifest, container by container.
    Kubernetes(fn(&KubernetesContext, &mut Diagnostics)),
    /// A CI workflow, job by job.
    Workflow(fn(&WorkflowContext, &mut Diagnostics)),
}

impl Check {
    /// The kind of file the rule reads.
    pub fn reads(self) -> FileKind {
        match self {
            Check::Dockerfile(_) => FileKind::Dockerfile,
            Check::Compose(_) => FileKind::Compose,
            Check::Kubernetes(_) => FileKind::Kubernetes,
            Check::Workflow(_) => FileKind::Workflow,
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

impl Rule {
    pub fn by_code(code: &str) -> Option<&'static Rule> {
        RULES
            .iter()
            .copied()
            .find(|rule| rule.code.eq_ignore_ascii_case(code) || rule.name == code)
    }

    /// Our rule for a peer's id (`DL3007`, `DS-0001`, `CKV_DOCKER_7`, ...).
    pub fn by_alias(id: &str) -> impl Iterator<Item = &'static Rule> + '_ {
        let id = id.trim().trim_start_matches("AVD-");
        RULES.iter().copied().filter(move |rule| {
            rule.aliases
                .iter()
                .any(|alias| alias.id.eq_ignore_ascii_case(id))
        })
    }

    /// The rule's documentation; only its title while the docs of a build
    /// without the `docs` feature are not [provided](crate::docs::provide).
    pub fn docs(&self, lang: crate::Lang) -> crate::docs::RuleDoc<'static> {
        match self.docs.markdown(self.code, lang) {
            Some(markdown) => crate::docs::RuleDoc::parse(markdown),
            None => crate::docs::RuleDoc {
                title: self.docs.title(lang),
                sections: Vec::new(),
                unknown_headings: Vec::new(),
            },
        }
    }

    pub fn title(&self) -> Text {
        crate::text!(
            self.docs.title(crate::Lang::En),
            self.docs.title(crate::Lang::Ja),
        )
    }
}

/// What a rule looks at.
pub struct Context<'a> {
    pub source: &'a str,
    pub dockerfile: &'a Dockerfile,
    pub model: &'a Model,
    pub settings: &'a Settings,
    /// The parsed shell scripts of every RUN.
    pub scripts: &'a [RunScript],
    /// The build context and its ignore file, when the Dockerfile is
    /// checked with the files around it (`None` for a lone Dockerfile).
    pub build_context: Option<&'a BuildContext>,
    /// What several rules read, worked out once per check on first use: a
    /// rule that rebuilt it would make the check as slow as the file is
    /// long times the number of rules reading it.
    runs: OnceLock<Vec<packages::Run<'a>>>,
    powershell_runs: OnceLock<Vec<PowerShellRun>>,
    installed_packages: OnceLock<Vec<network::Installed<'a>>>,
    file_writes: OnceLock<Vec<user::FileWrite>>,
    mode_changes: OnceLock<Vec<filesystem::ModeChange>>,
    sudo_setups: OnceLock<Vec<user::sudo_installed::SudoSetup>>,
}

impl<'a> Context<'a> {
    pub fn new(
        source: &'a str,
        dockerfile: &'a Dockerfile,
        model: &'a Model,
        settings: &'a Settings,
        scripts: &'a [RunScript],
        build_context: Option<&'a BuildContext>,
    ) -> Self {
        Context {
            source,
            dockerfile,
            model,
            settings,
            scripts,
            build_context,
            runs: OnceLock::new(),
            powershell_runs: OnceLock::new(),
            installed_packages: OnceLock::new(),
            file_writes: OnceLock::new(),
            mode_changes: OnceLock::new(),
            sudo_setups: OnceLock::new(),
        }
    }

    /// Every file the build writes ([`user::file_writes`]).
    pub(crate) fn file_writes(&self) -> &[user::FileWrite] {
        self.file_writes.get_or_init(|| user::file_writes(self))
    }

    /// Every mode the Dockerfile gives files ([`filesystem::mode_changes`]).
    pub(crate) fn mode_changes(&self) -> &[filesystem::ModeChange] {
        self.mode_changes
            .get_or_init(|| filesystem::mode_changes(self))
    }

    /// The sudo setups of the final image
    /// ([`user::sudo_installed::sudo_setups`]).
    pub(crate) fn sudo_setups(&self) -> &[user::sudo_installed::SudoSetup] {
        self.sudo_setups
            .get_or_init(|| user::sudo_installed::sudo_setups(self))
    }

    /// Every package the final chain installs
    /// ([`network::installed_packages`]).
    pub(crate) fn installed_packages(&self) -> &[network::Installed<'a>] {
        self.installed_packages
            .get_or_init(|| network::installed_packages(self))
    }

    /// Every RUN with a parsed script, its commands recognized
    /// ([`packages::runs`]).
    pub(crate) fn runs(&self) -> &[packages::Run<'a>] {
        self.runs.get_or_init(|| packages::runs(self.scripts))
    }

    /// Every PowerShell RUN ([`crate::model::powershell_runs`]).
    pub fn powershell_runs(&self) -> &[PowerShellRun] {
        self.powershell_runs
            .get_or_init(|| crate::model::powershell_runs(self.dockerfile, self.model))
    }

    /// The source span of a range of a RUN script.
    pub fn script_span(&self, script: &RunScript, range: std::ops::Range<usize>) -> Span {
        script.span(self.dockerfile, range)
    }

    /// The parsed scripts of one RUN (its shell text and heredoc bodies).
    pub fn scripts_of(&self, instruction: usize) -> &[RunScript] {
        self.scripts_within(instruction..instruction + 1)
    }

    /// The parsed scripts of the RUNs of one stage.
    pub fn scripts_of_stage(&self, stage: usize) -> &[RunScript] {
        self.model
            .stages
            .get(stage)
            .map_or(&[], |stage| self.scripts_within(stage.instructions.clone()))
    }

    /// The parsed scripts of the RUNs among a range of instructions.
    fn scripts_within(&self, instructions: std::ops::Range<usize>) -> &[RunScript] {
        // `scripts` is in instruction order.
        let start = self
            .scripts
            .partition_point(|script| script.instruction < instructions.start);
        let end = self
            .scripts
            .partition_point(|script| script.instruction < instructions.end);
        &self.scripts[start..end]
    }

    /// Where the source first mentions `needle` (lower-case; the source is
    /// compared ignoring ASCII case). For settings a file turns on by
    /// writing them earlier: a rule finds the first mention once and
    /// compares it with [`Context::written_before`], instead of searching
    /// the text before every instruction.
    pub fn first_mention(&self, needle: &str) -> Option<Span> {
        self.source.to_ascii_lowercase().find(needle).map(|at| {
            Span::new(
                crate::span::to_u32(at),
                crate::span::to_u32(at + needle.len()),
            )
        })
    }

    /// Whether a mention ends before `instruction` starts.
    pub fn written_before(&self, mention: Option<Span>, instruction: usize) -> bool {
        mention.is_some_and(|span| span.end <= self.dockerfile.instructions[instruction].span.start)
    }

    /// The stage an instruction belongs to, if any.
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        self.model
            .instruction_stage
            .get(instruction)
            .copied()
            .flatten()
    }

    /// Whether an instruction's stage can reach the final image.
    pub fn reaches_final(&self, instruction: usize) -> bool {
        self.stage_of(instruction)
            .is_some_and(|stage| self.model.reaches_final[stage])
    }
}

/// What a Compose rule looks at: one Compose file.
pub struct ComposeContext<'a> {
    /// The file's path in the project.
    pub path: &'a str,
    pub source: &'a str,
    pub settings: &'a Settings,
    pub services: &'a [Service<'a>],
    /// Per service (same order): the image it builds from a Dockerfile of
    /// the project, when it builds one.
    pub images: &'a [Option<&'a ImageFacts>],
}

/// What a Kubernetes rule looks at: one manifest file.
pub struct KubernetesContext<'a> {
    /// The file's path in the project.
    pub path: &'a str,
    pub source: &'a str,
    pub settings: &'a Settings,
    /// Every container of every workload, in order.
    pub containers: &'a [Container<'a>],
    /// Per container (same order): the image of the project's Dockerfile
    /// it runs, when the project links one to it.
    pub images: &'a [Option<&'a ImageFacts>],
    /// Image names (no tag or digest) that a deploy tool of the project
    /// (kustomize `images:`, Skaffold) gives a tag when it deploys this
    /// manifest.
    pub replaced_images: &'a [String],
}

/// What a workflow rule looks at: one CI workflow file.
pub struct WorkflowContext<'a> {
    /// The file's path in the project.
    pub path: &'a str,
    pub source: &'a str,
    pub settings: &'a Settings,
    pub workflow: &'a Workflow<'a>,
    /// Its builds, pushes and scans.
    pub steps: &'a ImageSteps<'a>,
    /// Another workflow file of the project scans images (a reusable
    /// workflow, a scheduled scan).
    pub scanned_elsewhere: bool,
}

/// Another place a finding concerns, as a rule reports it (see
/// [`Diagnostic::also`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The file of the place, when it is not the file the finding is in
    /// (a Dockerfile's `USER` behind a manifest's `runAsNonRoot`).
    pub file: Option<String>,
    pub span: Span,
    /// What is wrong there, when it differs from the finding's message.
    pub message: Option<Text>,
}

/// A finding as a rule reports it, before settings and suppressions apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub span: Span,
    pub message: Text,
    /// The other places of the same instruction the finding concerns, in
    /// source order: a rule reports one finding per instruction, so six
    /// unpinned packages of one RUN are one finding with six spans.
    pub related: Vec<Part>,
    pub stage: Option<usize>,
    /// In a Compose file or manifest: the service or container the finding
    /// is about (`web`, `Deployment/api/app`).
    pub resource: Option<String>,
    pub fix: Option<Fix>,
    /// Peer tools whose alias of the rule this finding does not answer (see
    /// [`Diagnostic::not_for`]).
    pub not_for: &'static [Tool],
    /// This finding's own rating, when it differs from the rule's (see
    /// [`Diagnostic::rated`]).
    pub severity: Option<Severity>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// Where rules put their findings.
pub struct Diagnostics {
    rule: &'static Rule,
    found: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new(rule: &'static Rule) -> Self {
        Self {
            rule,
            found: Vec::new(),
        }
    }

    /// Reports a finding; chain [`Diagnostic`] setters on the result.
    pub fn report(&mut self, span: Span, message: Text) -> &mut Diagnostic {
        self.found.push(Diagnostic {
            rule: self.rule,
            span,
            message,
            related: Vec::new(),
            stage: None,
            resource: None,
            fix: None,
            not_for: &[],
            severity: None,
        });
        let last = self.found.len() - 1;
        &mut self.found[last]
    }

    /// Rates every finding so far at most `severity`: for a rule whose
    /// findings matter less in some images (root in a development image).
    pub(crate) fn cap(&mut self, severity: Severity) {
        for diagnostic in &mut self.found {
            let rated = diagnostic.severity.unwrap_or(diagnostic.rule.severity);
            diagnostic.severity = Some(rated.min(severity));
        }
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.found
    }
}

impl Diagnostic {
    pub fn in_stage(&mut self, stage: usize) -> &mut Self {
        self.stage = Some(stage);
        self
    }

    /// Rates this finding `severity` instead of the rule's default, for a
    /// case of the rule that an attacker gains less (or more) from. A
    /// severity the user sets for the rule still wins.
    pub fn rated(&mut self, severity: Severity) -> &mut Self {
        self.severity = Some(severity);
        self
    }

    /// Adds another place of the same instruction this finding concerns
    /// (`message`: what is wrong there, when it differs).
    pub fn also(&mut self, span: Span, message: Option<Text>) -> &mut Self {
        self.related.push(Part {
            file: None,
            span,
            message,
        });
        self
    }

    /// Adds a place in another file of the project (`file`, its path).
    pub fn also_in(&mut self, file: &str, span: Span, message: Option<Text>) -> &mut Self {
        self.related.push(Part {
            file: Some(file.to_string()),
            span,
            message,
        });
        self
    }

    /// Names the Compose service or Kubernetes container the finding is about.
    pub fn about(&mut self, resource: impl Into<String>) -> &mut Self {
        self.resource = Some(resource.into());
        self
    }

    pub fn with_fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    /// Narrows the finding's peer ids: the rule's aliases of these tools do
    /// not name this case (the peer stays quiet on it), so the finding does
    /// not claim them in exports and their suppression comments skip it.
    pub fn not_for(&mut self, tools: &'static [Tool]) -> &mut Self {
        self.not_for = tools;
        self
    }
}

/// Runs every rule enabled by `settings`: their diagnostics in source
/// order, rules by code at the same place.
pub fn run(context: &Context) -> InOrder {
    let rules: Vec<&'static Rule> = RULES
        .iter()
        .copied()
        .filter(|rule| {
            context.settings.is_enabled(rule) && matches!(rule.check, Check::Dockerfile(_))
        })
        .collect();
    // Each thread takes the next rule not taken yet.
    let taken = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut lists = Vec::new();
        while let Some(&rule) = rules.get(taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
        {
            let Check::Dockerfile(check) = rule.check else {
                continue;
            };
            let mut diagnostics = Diagnostics::new(rule);
            check(context, &mut diagnostics);
            let mut found = one_per_instruction(context.dockerfile, diagnostics.into_vec());
            if !found.is_empty() {
                // Held until every rule is done and their findings made.
                found.shrink_to_fit();
                lists.push((rule.code, found));
            }
        }
        lists
    };
    // On a very large file, two threads take rules in turn (alone, the
    // first takes them all).
    let two = crate::threads::worth_two(context.dockerfile.instructions.len());
    let (mut lists, theirs) = crate::threads::join(two, work, work);
    lists.extend(theirs);
    InOrder::merge(lists)
}

/// Several rules' diagnostics, each rule's in source order, merged into
/// one sequence in source order, rules by code at the same place. A merge
/// instead of a sort of them all: each diagnostic moves once, and the
/// check of 300,000 RUNs has 660,000 of them.
pub struct InOrder {
    /// The rules' lists, by rule code.
    lists: Vec<std::vec::IntoIter<Diagnostic>>,
    /// The start of each list's next diagnostic, and the list's position:
    /// the smallest is taken next.
    next: std::collections::BinaryHeap<std::cmp::Reverse<(u32, usize)>>,
    remaining: usize,
}

impl InOrder {
    fn merge(mut lists: Vec<(&'static str, Vec<Diagnostic>)>) -> InOrder {
        crate::order::sort_by_key(&mut lists, |(code, _)| *code);
        InOrder::of(lists.into_iter().map(|(_, list)| list).collect())
    }

    /// `lists` (each in source order, the lists by rule code) merged.
    fn of(lists: Vec<Vec<Diagnostic>>) -> InOrder {
        let remaining = lists.iter().map(Vec::len).sum();
        let lists: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
        let next = lists
            .iter()
            .enumerate()
            .filter_map(|(at, list)| {
                Some(std::cmp::Reverse((list.as_slice().first()?.span.start, at)))
            })
            .collect();
        InOrder {
            lists,
            next,
            remaining,
        }
    }

    /// The diagnostics that start before `offset`, then the others: the
    /// first followed by the second is `self`. Two threads make the
    /// findings of a very large file's halves.
    pub fn split_at(self, offset: u32) -> (InOrder, InOrder) {
        let (before, after): (Vec<_>, Vec<_>) = self
            .lists
            .into_iter()
            .map(|list| {
                let mut before: Vec<Diagnostic> = list.collect();
                let after = before.split_off(before.partition_point(|d| d.span.start < offset));
                (before, after)
            })
            .unzip();
        (InOrder::of(before), InOrder::of(after))
    }
}

impl Iterator for InOrder {
    type Item = Diagnostic;

    fn next(&mut self) -> Option<Diagnostic> {
        let std::cmp::Reverse((_, at)) = self.next.pop()?;
        let list = &mut self.lists[at];
        let diagnostic = list.next()?;
        if let Some(following) = list.as_slice().first() {
            self.next
                .push(std::cmp::Reverse((following.span.start, at)));
        }
        self.remaining -= 1;
        Some(diagnostic)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for InOrder {}

/// Runs every enabled Compose rule on one Compose file. A place that
/// several services share through a merge key or an alias (`<<: *common`
/// holding `privileged: true`) is one finding, on the first service.
pub fn run_compose(context: &ComposeContext) -> Vec<Diagnostic> {
    let mut found = run_companion(context.settings, |check, diagnostics| match check {
        Check::Compose(check) => {
            check(context, diagnostics);
            true
        }
        _ => false,
    });
    let mut seen = std::collections::HashSet::new();
    found.retain(|diagnostic| {
        seen.insert((
            diagnostic.rule.code,
            diagnostic.span.start,
            diagnostic.span.end,
            diagnostic.severity,
        ))
    });
    found
}

/// Runs every enabled Kubernetes rule on one manifest.
pub fn run_kubernetes(context: &KubernetesContext) -> Vec<Diagnostic> {
    run_companion(context.settings, |check, diagnostics| match check {
        Check::Kubernetes(check) => {
            check(context, diagnostics);
            true
        }
        _ => false,
    })
}

/// Runs every enabled workflow rule on one CI workflow.
pub fn run_workflow(context: &WorkflowContext) -> Vec<Diagnostic> {
    run_companion(context.settings, |check, diagnostics| match check {
        Check::Workflow(check) => {
            check(context, diagnostics);
            true
        }
        _ => false,
    })
}

/// Runs the enabled rules that `run` takes (it says whether it ran one),
/// one finding per rule, service or container, and rating.
fn run_companion(
    settings: &Settings,
    mut run: impl FnMut(Check, &mut Diagnostics) -> bool,
) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for rule in RULES.iter().copied() {
        if !settings.is_enabled(rule) {
            continue;
        }
        let mut diagnostics = Diagnostics::new(rule);
        if run(rule.check, &mut diagnostics) {
            all.extend(one_per_resource(diagnostics.into_vec()));
        }
    }
    crate::order::sort_by_key(&mut all, |diagnostic| {
        (diagnostic.span.start, diagnostic.rule.code)
    });
    all
}

/// Merges one rule's diagnostics about the same service or container and
/// with the same rating into one, as [`one_per_instruction`] does.
fn one_per_resource(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(found.len());
    for diagnostic in found {
        let lead = diagnostic.resource.as_ref().and_then(|resource| {
            merged.iter().position(|lead| {
                lead.resource.as_ref() == Some(resource) && lead.severity == diagnostic.severity
            })
        });
        match lead {
            Some(lead) => merged[lead].absorb(diagnostic),
            None => merged.push(diagnostic),
        }
    }
    merged
}

/// Merges one rule's diagnostics that fall in the same instruction into
/// one, the first in source order leading, the others its related places.
/// A finding outside every instruction stays on its own, and so does a
/// place the rule rated differently (a literal password next to a variable
/// one): a finding has one severity, and it stays true for every place.
fn one_per_instruction(dockerfile: &Dockerfile, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if found.len() < 2 {
        return found;
    }
    if !found.is_sorted_by_key(|diagnostic| diagnostic.span.start) {
        crate::order::sort_by_key(&mut found, |diagnostic| diagnostic.span.start);
    }
    // The instruction of each diagnostic, the diagnostics in source order:
    // one walk over the instructions.
    let instructions = &dockerfile.instructions;
    let mut after = 0;
    let within: Vec<Option<usize>> = found
        .iter()
        .map(|diagnostic| {
            let start = diagnostic.span.start;
            while instructions
                .get(after)
                .is_some_and(|instruction| instruction.span.start <= start)
            {
                after += 1;
            }
            let index = after.checked_sub(1)?;
            instructions[index]
                .full_span()
                .contains(start)
                .then_some(index)
        })
        .collect();
    // Most rules find at most one thing per instruction: nothing to merge.
    let merges = within
        .windows(2)
        .any(|pair| pair[0].is_some() && pair[0] == pair[1]);
    if !merges {
        return found;
    }
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(found.len());
    // Per instruction and rating, where its finding is in `merged`.
    let mut leads: Vec<(usize, Option<Severity>, usize)> = Vec::new();
    for (diagnostic, instruction) in found.into_iter().zip(within) {
        let Some(instruction) = instruction else {
            merged.push(diagnostic);
            continue;
        };
        if leads.last().is_some_and(|(at, ..)| *at != instruction) {
            leads.clear();
        }
        match leads
            .iter()
            .find(|(_, severity, _)| *severity == diagnostic.severity)
        {
            Some(&(.., lead)) => merged[lead].absorb(diagnostic),
            None => {
                leads.push((instruction, diagnostic.severity, merged.len()));
                merged.push(diagnostic);
            }
        }
    }
    merged
}

impl Diagnostic {
    /// Takes in a diagnostic of the same rule, instruction and rating: its
    /// places become related places, its fix's edits join this fix (all of
    /// them apply together), and the finding answers the peers either does.
    fn absorb(&mut self, other: Diagnostic) {
        let message = (other.message != self.message).then_some(other.message);
        self.related.push(Part {
            file: None,
            span: other.span,
            message,
        });
        for part in other.related {
            let message = part.message.filter(|message| *message != self.message);
            self.related.push(Part { message, ..part });
        }
        let not_for = self.not_for;
        if other.not_for != not_for {
            // Answer a peer when either part does: the smaller list, or
            // none when neither holds the other.
            self.not_for = if other.not_for.iter().all(|tool| not_for.contains(tool)) {
                other.not_for
            } else if not_for.iter().all(|tool| other.not_for.contains(tool)) {
                not_for
            } else {
                &[]
            };
        }
        self.fix = match (self.fix.take(), other.fix) {
            (Some(mine), Some(theirs)) => Some(mine.join(theirs)),
            (mine, theirs) => mine.or(theirs),
        };
    }
}
