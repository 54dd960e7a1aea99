//! A project: Dockerfiles with the files around them. Files are recognised
//! by name and content; each Dockerfile is checked with its build context
//! (the ignore file BuildKit would use, and the context's paths when the
//! caller lists them); companion files that cannot be read get errors with
//! their line and column.

use serde::{Deserialize, Serialize};

use crate::checklist::RuntimeEvidence;
use crate::companion::context::{BuildContext, LinkedIgnore};
use crate::companion::dockerignore::{IgnoreFile, PatternError};
use crate::companion::kubernetes::{self, Container};
use crate::companion::yaml::Yaml;
pub use crate::companion::FileKind;
use crate::companion::{compose, deploy_tools, helm, scan_report, workflow, ImageFacts};
use crate::report::{self, Finding, Report, Text};
use crate::rules::{self, ComposeContext, Diagnostic, KubernetesContext, WorkflowContext};
use crate::settings::Settings;
use crate::span::{LineIndex, Location, Span};
use crate::suppress;

/// The workload kinds whose pods run containers, and `List`.
const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "List",
];

/// The last part of a `/`-separated path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The directory of a path (`""` at the root).
pub(crate) fn directory(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Extensions of templates that a tool renders into a Dockerfile
/// (`Dockerfile.j2`, balena's `Dockerfile.template`): their placeholders
/// are not Dockerfile syntax, and the Dockerfile built is another file.
const TEMPLATE_EXTENSIONS: &[&str] = &[
    "template", "tmpl", "tpl", "j2", "jinja", "jinja2", "twig", "erb", "mustache", "hbs", "gotmpl",
    "in", "m4",
];

/// `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile` and the
/// like, in any letter case; not the per-Dockerfile ignore files, nor
/// templates of Dockerfiles.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") {
        return false;
    }
    if lower
        .rsplit_once('.')
        .is_some_and(|(_, extension)| TEMPLATE_EXTENSIONS.contains(&extension))
    {
        return false;
    }
    ["dockerfile", "containerfile"].iter().any(|base| {
        lower == *base
            || lower
                .strip_suffix(base)
                .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'))
            || lower
                .strip_prefix(base)
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with('.'))
    })
}

/// Compose's file names: `compose.yaml`, `docker-compose.yml`, and their
/// override and environment variants (`compose.override.yaml`,
/// `docker-compose.prod.yml`).
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    ["compose", "docker-compose"].iter().any(|base| {
        stem == *base
            || stem
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// GitHub Actions' and GitLab CI's own places: `.github/workflows/*.yml`,
/// `.gitlab-ci.yml`.
fn is_workflow_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = file_name(&lower);
    directory(&lower).ends_with(".github/workflows") || name == ".gitlab-ci.yml"
}

/// Folders a walk of a project lists but does not enter: version control,
/// dependencies, virtual environments, caches, editor state and build
/// output, whose contents can be huge and are never project files. Other
/// hidden folders are entered: projects keep their container files in
/// `.docker/`, `.devcontainer/`, `.ci/` or `.github/`.
pub const NOT_ENTERED: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    "vendor",
    ".venv",
    "venv",
    "__pycache__",
    ".terraform",
    ".terragrunt-cache",
    ".cache",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".gradle",
    ".m2",
    ".npm",
    ".yarn",
    ".pnpm-store",
    ".next",
    ".nuxt",
    ".svelte-kit",
    ".angular",
    ".turbo",
    ".parcel-cache",
    ".dart_tool",
    ".bundle",
    ".cargo",
    ".idea",
    ".vscode",
    ".vs",
    ".history",
    ".direnv",
    ".vagrant",
    ".serverless",
    ".aws-sam",
    ".stack-work",
];

/// Whether a walk of a project goes into the folder `name` (its last part).
pub fn enters_directory(name: &str) -> bool {
    !NOT_ENTERED.contains(&name)
}

/// Whether the project check may read a file of this name, before its text
/// is known: Dockerfiles, ignore files, YAML (Compose files, manifests,
/// workflows, deploy tools), JSON and SARIF (scan reports); and the largest
/// it reads, in bytes. [`is_project_file`] then says from the text whether
/// it is one.
pub fn read_limit(name: &str) -> Option<u64> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") || lower.ends_with(".sarif") {
        return u64::try_from(scan_report::MAX_BYTES).ok();
    }
    (is_dockerfile_name(name)
        || lower.ends_with(".dockerignore")
        || is_compose_name(name)
        || lower.ends_with(".yaml")
        || lower.ends_with(".yml")
        // kustomize's third file name, without an extension.
        || name == "Kustomization")
        .then(|| u64::try_from(crate::companion::yaml::MAX_BYTES).unwrap_or(u64::MAX))
}

/// Whether the project check reads `path` with this text: a file of a kind
/// it checks, or a deploy tool's file (kustomize, Skaffold) that changes
/// what the manifests run.
pub fn is_project_file(path: &str, text: &str) -> bool {
    classify(path, text) != FileKind::Other || deploy_tools::is_deploy_tool(path)
}

/// [`is_project_file`] by [`guess_kind`]: without parsing YAML.
pub fn may_be_project_file(path: &str, text: &str) -> bool {
    guess_kind(path, text) != FileKind::Other || deploy_tools::is_deploy_tool(path)
}

/// What `path` holds, from its name and, for YAML and JSON, its content.
pub fn classify(path: &str, text: &str) -> FileKind {
    if let Some(kind) = kind_unless_yaml(path, text) {
        return kind;
    }
    if text.len() > crate::companion::yaml::MAX_BYTES {
        // Too large to parse: its first lines say what it is, and the
        // check then reports it as too large instead of skipping it.
        let mut cut = 64 * 1024;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        return yaml_kind_by_lines(path, &text[..cut]);
    }
    let yaml = Yaml::parse(text);
    if is_workflow_path(path) || workflow::parse(path, text, &yaml).is_some() {
        return FileKind::Workflow;
    }
    if yaml.documents().any(|document| {
        document.get("apiVersion").is_some()
            && document
                .get("kind")
                .and_then(|kind| kind.as_str())
                .is_some_and(|kind| WORKLOAD_KINDS.contains(&kind))
    }) {
        return FileKind::Kubernetes;
    }
    let compose_like = yaml.document(0).is_some_and(|document| {
        document.get("apiVersion").is_none()
            && document.get("services").is_some_and(|services| {
                services.entries().iter().any(|(_, service)| {
                    service.get("image").is_some() || service.get("build").is_some()
                })
            })
    });
    if compose_like {
        FileKind::Compose
    } else {
        FileKind::Other
    }
}

/// [`classify`] without a YAML parser: the same answer from the name and,
/// for YAML, from its keys as its lines show them (block style, as people
/// write these files). The web page labels files with it and so links no
/// YAML parser; the project check, which parses them, has the last word.
pub fn guess_kind(path: &str, text: &str) -> FileKind {
    kind_unless_yaml(path, text).unwrap_or_else(|| yaml_kind_by_lines(path, text))
}

/// The kind of a file that the name says, or that is not YAML (a scan
/// report by its JSON); `None` for YAML, whose content says.
fn kind_unless_yaml(path: &str, text: &str) -> Option<FileKind> {
    let name = file_name(path);
    if is_dockerfile_name(name) {
        return Some(FileKind::Dockerfile);
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") {
        return Some(FileKind::Dockerignore);
    }
    if is_compose_name(name) {
        return Some(FileKind::Compose);
    }
    if [".json", ".sarif", ".json.golden"]
        .iter()
        .any(|extension| lower.ends_with(extension))
    {
        return Some(if scan_report::looks_like_report(text) {
            FileKind::ScanReport
        } else {
            FileKind::Other
        });
    }
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return Some(FileKind::Other);
    }
    None
}

/// One key of a block mapping as a line shows it: `key: value`, at an
/// indentation.
struct KeyLine<'a> {
    indent: usize,
    /// The first key of a sequence item (`- key: value`).
    item: bool,
    key: &'a str,
    value: &'a str,
}

/// The `key: value` lines of YAML text (comments, sequence items and
/// document markers left out; a `- key: value` item counts as its key, one
/// level deeper).
fn key_lines(text: &str) -> impl Iterator<Item = KeyLine<'_>> {
    text.lines().filter_map(|line| {
        let content = line.trim_start();
        let mut indent = line.len() - content.len();
        let item = content.starts_with("- ");
        let content = match content.strip_prefix("- ") {
            Some(rest) => {
                indent += 2;
                rest.trim_start()
            }
            None => content,
        };
        if content.starts_with('#') || content.starts_with("---") {
            return None;
        }
        let (key, value) = content.split_once(':')?;
        if !(value.is_empty() || value.starts_with([' ', '\t'])) {
            return None;
        }
        let key = key.trim().trim_matches(['"', '\'']);
        (!key.is_empty() && !key.contains(' ')).then(|| KeyLine {
            indent,
            item,
            key,
            value: value.trim().trim_matches(['"', '\'']),
        })
    })
}

/// [`classify`]'s answer for YAML read from its key lines: the same tests
/// (a workflow's place or its jobs, a manifest's `apiVersion` and workload
/// `kind`, Compose's services with an image or a build), on the keys at
/// the top level and under them.
fn yaml_kind_by_lines(path: &str, text: &str) -> FileKind {
    if is_workflow_path(path) {
        return FileKind::Workflow;
    }
    // Top-level keys with the keys under them (any depth).
    let mut blocks: Vec<(KeyLine, Vec<KeyLine>)> = Vec::new();
    for line in key_lines(text) {
        match blocks.last_mut() {
            Some((_, under)) if line.indent > 0 => under.push(line),
            _ if line.indent == 0 => blocks.push((line, Vec::new())),
            _ => {}
        }
    }
    let top = |key: &str| blocks.iter().find(|(line, _)| line.key == key);
    let has_api_version = top("apiVersion").is_some();
    if !has_api_version && yaml_is_workflow(path, &blocks) {
        return FileKind::Workflow;
    }
    if has_api_version
        && blocks
            .iter()
            .any(|(line, _)| line.key == "kind" && WORKLOAD_KINDS.contains(&line.value))
    {
        return FileKind::Kubernetes;
    }
    let compose_like = !has_api_version
        && top("services").is_some_and(|(_, under)| {
            // The services' own keys are one level below their names.
            let names = under.first().map_or(0, |line| line.indent);
            let keys = under
                .iter()
                .map(|line| line.indent)
                .find(|&indent| indent > names);
            let service_keys = || under.iter().filter(move |line| Some(line.indent) == keys);
            let sets_image = |line: &KeyLine| line.key == "image" || line.key == "build";
            // A service may take its image from an anchored block
            // (`<<: *defaults`), written elsewhere (`x-defaults: &defaults`).
            service_keys().any(&sets_image)
                || (service_keys().any(|line| line.key == "<<")
                    && blocks.iter().any(|(line, under)| {
                        line.key != "services" && under.iter().any(sets_image)
                    }))
        });
    if compose_like {
        FileKind::Compose
    } else {
        FileKind::Other
    }
}

/// A GitHub Actions workflow (jobs that run somewhere or have steps) or a
/// GitLab CI file (named so, or with jobs that have scripts, or stages),
/// as [`workflow::parse`] tells them apart.
fn yaml_is_workflow(path: &str, blocks: &[(KeyLine, Vec<KeyLine>)]) -> bool {
    let top = |key: &str| blocks.iter().find(|(line, _)| line.key == key);
    let github = top("jobs").is_some_and(|(_, under)| {
        under
            .iter()
            .any(|line| ["runs-on", "steps", "uses"].contains(&line.key))
    });
    if github {
        return true;
    }
    let name = file_name(path).to_ascii_lowercase();
    if name.ends_with(".gitlab-ci.yml") || name.ends_with(".gitlab-ci.yaml") {
        return true;
    }
    if top("services").is_some() && top("stages").is_none() {
        return false;
    }
    let jobs_with_scripts = blocks.iter().any(|(line, under)| {
        !workflow::is_gitlab_keyword(line.key)
            && under.first().is_some_and(|first| {
                under.iter().any(|child| {
                    child.indent == first.indent
                        && ["script", "extends", "trigger"].contains(&child.key)
                })
            })
    });
    // A list of stages (plain items show no key lines); includes of other
    // projects, templates or URLs, or a list of them.
    let is_list = |(line, under): &&(KeyLine, Vec<KeyLine>)| {
        line.value.starts_with('[')
            || under.first().is_some_and(|first| first.item)
            || (line.value.is_empty() && under.is_empty())
    };
    let layout = top("stages").is_some_and(|block| is_list(&block))
        || top("include").is_some_and(|block| {
            is_list(&block)
                || block.1.first().is_some_and(|first| first.key != "local")
                || block.0.value.contains("://")
        });
    jobs_with_scripts || layout
}

/// A project's files and, when known, every path in it.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// `(path, text)`, paths relative to the project root, `/`-separated.
    pub files: Vec<(String, String)>,
    /// Every path of the project (files and directories, relative to its
    /// root), when the caller lists them; the build contexts are cut from
    /// it.
    pub paths: Option<Vec<String>>,
    /// The project folder's own name (`linkwarden` for a clone of
    /// linkwarden/linkwarden), when known: an image named like it
    /// (`ghcr.io/linkwarden/linkwarden`) is the project's own.
    pub name: Option<String>,
}

/// One file of a checked project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckedFile {
    pub path: String,
    pub kind: FileKind,
    /// For a Dockerfile: its findings and checklist, checked with its
    /// build context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// For a Dockerfile: the ignore file its build uses, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerignore: Option<String>,
    /// For a Compose file or manifest: its findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// Problems that keep the file from being read (or, in an ignore file,
    /// patterns that make BuildKit fail).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FileError>,
}

impl CheckedFile {
    /// The file as one report, the shape every output format takes: a
    /// Dockerfile's own report; for the other files their findings, and
    /// what keeps them from being read as errors (in `lang`).
    pub fn into_report(self, lang: crate::Lang) -> Report {
        let mut report = self.report.unwrap_or_default();
        report.version = crate::VERSION;
        report.findings.extend(self.findings);
        report
            .errors
            .extend(self.errors.into_iter().map(|error| report::ErrorReport {
                message: error.message.get(lang).to_string(),
                span: error.span,
                location: error.location,
            }));
        report
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    pub message: Text,
    pub span: Span,
    pub location: Location,
}

impl Project {
    /// A project of `files` whose other paths (names only) are `context`:
    /// every path of it is then known, the files' and the context's.
    pub fn with_context<S: AsRef<str>>(files: Vec<(String, String)>, context: &[S]) -> Project {
        let paths = files
            .iter()
            .map(|(path, _)| path.clone())
            .chain(context.iter().map(|path| path.as_ref().to_owned()))
            .collect();
        Project {
            files,
            paths: Some(paths),
            name: None,
        }
    }

    /// The build context of the Dockerfile at `dockerfile`, built from its
    /// directory as `docker build -f <dockerfile> <its directory>` would:
    /// `<Dockerfile>.dockerignore` beside it wins over the context's
    /// `.dockerignore`, as in BuildKit.
    pub fn build_context(&self, dockerfile: &str) -> BuildContext {
        let root = directory(dockerfile);
        let in_root = |name: &str| {
            if root.is_empty() {
                name.to_string()
            } else {
                format!("{root}/{name}")
            }
        };
        let own = format!("{dockerfile}.dockerignore");
        let ignore = [own, in_root(".dockerignore")]
            .into_iter()
            .find_map(|path| {
                self.files
                    .iter()
                    .find(|(file, _)| *file == path)
                    .map(|(path, text)| LinkedIgnore {
                        path: path.clone(),
                        file: IgnoreFile::parse(text),
                    })
            });
        let paths = self.paths.as_ref().map(|paths| {
            paths
                .iter()
                .filter_map(|path| {
                    if root.is_empty() {
                        Some(path.clone())
                    } else {
                        path.strip_prefix(root)
                            .and_then(|rest| rest.strip_prefix('/'))
                            .map(str::to_string)
                    }
                })
                .filter(|path| !path.is_empty())
                .collect()
        });
        BuildContext {
            ignore,
            paths,
            is_project_root: root.is_empty(),
        }
    }

    /// Checks every file: Dockerfiles with their build contexts, Compose
    /// files and manifests with the images of the project they run, and
    /// each Dockerfile's checklist decided with the files that run it.
    pub fn check(&self, settings: &Settings) -> Vec<CheckedFile> {
        let kinds: Vec<FileKind> = self
            .files
            .iter()
            .map(|(path, text)| classify(path, text))
            .collect();
        // Every YAML companion parsed once, for its errors, the links and
        // the rules.
        let yamls: Vec<Option<Yaml>> = self
            .files
            .iter()
            .zip(&kinds)
            .map(|((_, text), kind)| {
                matches!(
                    kind,
                    FileKind::Compose | FileKind::Kubernetes | FileKind::Workflow
                )
                .then(|| Yaml::parse(text))
            })
            .collect();
        let mut checked: Vec<CheckedFile> = self
            .files
            .iter()
            .zip(&kinds)
            .zip(&yamls)
            .map(|(((path, text), &kind), yaml)| {
                let mut file = CheckedFile {
                    path: path.clone(),
                    kind,
                    report: None,
                    dockerignore: None,
                    findings: Vec::new(),
                    errors: Vec::new(),
                };
                match kind {
                    FileKind::Dockerfile => {
                        let build_context = self.build_context(path);
                        let report = crate::check_in_context(path, text, settings, &build_context);
                        file.dockerignore = build_context.ignore.map(|ignore| ignore.path);
                        file.report = Some(report);
                    }
                    FileKind::Dockerignore => file.errors = ignore_errors(text),
                    FileKind::Compose | FileKind::Kubernetes | FileKind::Workflow => {
                        file.errors = yaml
                            .as_ref()
                            .map_or_else(Vec::new, |yaml| yaml_errors(text, yaml));
                    }
                    FileKind::ScanReport => file.errors = report_errors(text),
                    FileKind::Other => {}
                }
                file
            })
            .collect();
        let images: Vec<(usize, ImageFacts)> = checked
            .iter()
            .enumerate()
            .filter_map(|(index, file)| {
                file.report
                    .as_ref()
                    .map(|report| (index, report.image.clone()))
            })
            .collect();
        let linker = Linker::new(self, &kinds, &yamls, &images);
        let deploy_tools: Vec<deploy_tools::DeployTool> = self
            .files
            .iter()
            .filter_map(|(path, text)| deploy_tools::read(path, text))
            .collect();
        // Per Dockerfile (file index): the files that run its image, with
        // the services or containers in them.
        let mut runs: Vec<(usize, usize, Vec<String>)> = Vec::new();
        let mut companion_findings = Vec::new();
        // Workflow files that scan an image: a workflow that only builds
        // may leave the scan to them.
        let scanning: Vec<usize> = self
            .files
            .iter()
            .zip(&kinds)
            .enumerate()
            .filter(|(_, (_, kind))| **kind == FileKind::Workflow)
            .filter(|(index, ((path, text), _))| {
                yamls[*index].as_ref().is_some_and(|yaml| {
                    workflow::parse(path, text, yaml)
                        .is_some_and(|workflow| !workflow.image_steps().scans.is_empty())
                })
            })
            .map(|(index, _)| index)
            .collect();
        for (index, ((path, text), &kind)) in self.files.iter().zip(&kinds).enumerate() {
            if !matches!(kind, FileKind::Kubernetes | FileKind::Workflow) {
                continue;
            }
            let Some(yaml) = &yamls[index] else {
                continue;
            };
            if yaml.documents.is_empty() {
                // Unreadable or empty: its errors say why, nothing to check.
                continue;
            }
            let (diagnostics, linked) = match kind {
                FileKind::Workflow => {
                    let Some(workflow) = workflow::parse(path, text, yaml) else {
                        continue;
                    };
                    let steps = workflow.image_steps();
                    let context = WorkflowContext {
                        path,
                        source: text,
                        settings,
                        workflow: &workflow,
                        steps: &steps,
                        scanned_elsewhere: scanning.iter().any(|&file| file != index),
                    };
                    (rules::run_workflow(&context), Vec::new())
                }
                _ => {
                    let containers: Vec<Container> = kubernetes::workloads(yaml, text)
                        .iter()
                        .flat_map(|workload| workload.containers())
                        .collect();
                    let linked = linker.containers(path, &containers);
                    let facts = facts_of(&linked, &images);
                    let deployed_as = deploy_tools::replaced_images(&deploy_tools, path);
                    let context = KubernetesContext {
                        path,
                        source: text,
                        settings,
                        containers: &containers,
                        images: &facts,
                        replaced_images: &deployed_as,
                    };
                    let names = containers.iter().map(Container::resource);
                    (rules::run_kubernetes(&context), names.zip(linked).collect())
                }
            };
            for (resource, dockerfile) in linked {
                let Some(dockerfile) = dockerfile else {
                    continue;
                };
                add_run(&mut runs, dockerfile, index, resource);
            }
            companion_findings.push((index, self.file_findings(index, diagnostics, settings)));
        }
        let mut compose_diagnostics: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
        for run in compose_runs(&self.files, &kinds) {
            let checked_run = self.check_compose_run(&run, &yamls, &linker, &images, settings);
            for (file, dockerfile, service) in checked_run.runs {
                add_run(&mut runs, dockerfile, file, service);
            }
            for (file, diagnostics) in checked_run.diagnostics {
                match compose_diagnostics.iter_mut().find(|(at, _)| *at == file) {
                    Some((_, all)) => all.extend(diagnostics),
                    None => compose_diagnostics.push((file, diagnostics)),
                }
            }
        }
        for (index, mut diagnostics) in compose_diagnostics {
            crate::order::sort_by_key(&mut diagnostics, |diagnostic| {
                (diagnostic.span.start, diagnostic.rule.code)
            });
            diagnostics.dedup_by(|later, earlier| {
                later.rule == earlier.rule
                    && later.span == earlier.span
                    && later.resource == earlier.resource
            });
            companion_findings.push((index, self.file_findings(index, diagnostics, settings)));
        }
        for (index, findings) in companion_findings {
            checked[index].findings = findings;
        }
        for &(dockerfile, _) in &images {
            let runtime: Vec<RuntimeEvidence> = runs
                .iter()
                .filter(|(at, ..)| *at == dockerfile)
                .map(|(_, file, resources)| RuntimeEvidence {
                    path: &checked[*file].path,
                    findings: checked[*file]
                        .findings
                        .iter()
                        .enumerate()
                        .filter(|(_, finding)| {
                            finding
                                .resource
                                .as_ref()
                                .is_none_or(|resource| resources.contains(resource))
                        })
                        .collect(),
                })
                .collect();
            if runtime.is_empty() {
                continue;
            }
            let path = &self.files[dockerfile].0;
            let build_context = self.build_context(path);
            let Some(report) = checked[dockerfile].report.as_ref() else {
                continue;
            };
            let checklist =
                crate::pipeline::checklist_in_context(report, path, &build_context, &runtime);
            if let Some(report) = checked[dockerfile].report.as_mut() {
                report.checklist = checklist;
            }
        }
        self.note_helm_charts(&mut checked);
        crate::scan_evidence::decide(self, &kinds, &yamls, &mut checked, settings.today);
        checked
    }

    /// A chart's templates are not manifests until rendered: the items a
    /// manifest would decide say so, with the command that renders it.
    fn note_helm_charts(&self, checked: &mut [CheckedFile]) {
        let charts = match &self.paths {
            Some(paths) => helm::charts(paths.iter().map(String::as_str)),
            None => helm::charts(self.files.iter().map(|(path, _)| path.as_str())),
        };
        if charts.is_empty() {
            return;
        }
        let note = helm::render_note(&charts);
        for report in checked.iter_mut().filter_map(|file| file.report.as_mut()) {
            report.checklist.note_undecided(FileKind::Kubernetes, &note);
        }
    }

    /// The project checked as the output formats take it (`plimsoll
    /// check DIR --format ...`, the playground's exports, the JS API):
    /// `(path, text, report)` for each file Plimsoll reads, in the
    /// project's order, each file one report in `lang`
    /// ([`CheckedFile::into_report`]).
    pub fn reports(&self, settings: &Settings, lang: crate::Lang) -> Vec<(String, String, Report)> {
        self.check(settings)
            .into_iter()
            .zip(&self.files)
            .filter(|(checked, _)| checked.kind != FileKind::Other)
            .map(|(checked, (_, text))| {
                (
                    checked.path.clone(),
                    text.clone(),
                    checked.into_report(lang),
                )
            })
            .collect()
    }

    /// A companion file's diagnostics (spans in the file, in file order) as
    /// findings: its suppression comments apply, places get line and column.
    fn file_findings(
        &self,
        index: usize,
        diagnostics: Vec<Diagnostic>,
        settings: &Settings,
    ) -> Vec<Finding> {
        let text = &self.files[index].1;
        let suppressions = if settings.strict {
            Vec::new()
        } else {
            suppress::collect_yaml(text)
        };
        let lines = LineIndex::new(text);
        crate::pipeline::findings(
            diagnostics,
            &suppressions,
            settings,
            |file, span| match file {
                None => lines.location(text, span),
                Some(other) => self.locate(other, span),
            },
            |_| None,
        )
    }

    /// Runs the Compose rules on the files of `run` merged as Compose merges
    /// them, and gives each finding back to the file that set what it
    /// points at.
    fn check_compose_run(
        &self,
        run: &ComposeRun,
        yamls: &[Option<Yaml>],
        linker: &Linker,
        images: &[(usize, ImageFacts)],
        settings: &Settings,
    ) -> CheckedRun {
        let mut checked = CheckedRun::default();
        // Unreadable or empty files: their errors say why; the others merge.
        let files: Vec<(usize, &Yaml)> = run
            .files
            .iter()
            .filter_map(|&index| Some((index, yamls[index].as_ref()?)))
            .filter(|(_, yaml)| !yaml.documents.is_empty())
            .collect();
        if files.is_empty()
            || run
                .only
                .is_some_and(|only| files.iter().all(|(at, _)| *at != only))
        {
            return checked;
        }
        // The files' texts joined, each at its offset (one line break
        // between them): the merged tree's spans index this text.
        let mut joined = String::new();
        let mut parts = Vec::with_capacity(files.len());
        let mut segments = Vec::with_capacity(files.len());
        for &(index, yaml) in &files {
            let offset = crate::span::to_u32(joined.len());
            joined.push_str(&self.files[index].1);
            joined.push('\n');
            parts.push((yaml, offset));
            segments.push(Segment {
                file: index,
                start: offset,
                end: crate::span::to_u32(joined.len()),
            });
        }
        let merged = Yaml::merged(&parts, &compose::merge_rule);
        let base_path = &self.files[files[0].0].0;
        let services = compose::services(&merged);
        let linked = linker.services(base_path, &services);
        let facts = facts_of(&linked, images);
        let context = ComposeContext {
            path: base_path,
            source: &joined,
            settings,
            services: &services,
            images: &facts,
        };
        // Where each file defines each service: the files that contribute
        // to it, and the key an absence finding names in each.
        let defined: Vec<(usize, String, Span)> = files
            .iter()
            .flat_map(|&(index, yaml)| {
                compose::services(yaml)
                    .into_iter()
                    .map(move |service| (index, service.name.to_string(), service.key.span()))
            })
            .collect();
        for (service, dockerfile) in services.iter().zip(&linked) {
            let Some(dockerfile) = *dockerfile else {
                continue;
            };
            for (file, ..) in defined.iter().filter(|(file, name, _)| {
                name == service.name && run.only.is_none_or(|only| only == *file)
            }) {
                checked
                    .runs
                    .push((*file, dockerfile, service.name.to_string()));
            }
        }
        for diagnostic in rules::run_compose(&context) {
            let service = services
                .iter()
                .find(|service| diagnostic.resource.as_deref() == Some(service.name));
            // A finding on the service's key is about what the service does
            // not set: for a fragment of a service (no image, no build: a
            // partial override judged without its base) nothing is known.
            let absence = service.filter(|service| diagnostic.span == service.key.span());
            if absence.is_some_and(|service| {
                service.get("image").is_none() && service.get("build").is_none()
            }) {
                continue;
            }
            let Some((file, mut diagnostic)) = localise(diagnostic, &segments, &self.files) else {
                continue;
            };
            if run.only.is_some_and(|only| only != file) {
                continue;
            }
            if let Some(service) = absence {
                for (other, _, key) in defined
                    .iter()
                    .filter(|(other, name, _)| *other != file && name == service.name)
                {
                    let path = &self.files[*other].0;
                    let name = file_name(path);
                    diagnostic.message = Text::new(
                        format!(
                            "{} (nor does `{name}`, which Compose merges over this file)",
                            diagnostic.message.en
                        ),
                        format!(
                            "{}（Compose がこのファイルに重ねる `{name}` でも設定されていません）",
                            diagnostic.message.ja
                        ),
                    );
                    diagnostic.related.push(rules::Part {
                        file: Some(path.clone()),
                        span: *key,
                        message: Some(Text::new(
                            format!("the service in `{name}`, which Compose merges over this file"),
                            format!("Compose がこのファイルに重ねる `{name}` のサービス"),
                        )),
                    });
                }
            }
            match checked.diagnostics.iter_mut().find(|(at, _)| *at == file) {
                Some((_, all)) => all.push(diagnostic),
                None => checked.diagnostics.push((file, vec![diagnostic])),
            }
        }
        checked
    }

    /// Line and column of `span` in the project file `path`.
    fn locate(&self, path: &str, span: Span) -> Location {
        self.files
            .iter()
            .find(|(file, _)| file == path)
            .map(|(_, text)| LineIndex::new(text).location(text, span))
            .unwrap_or_else(|| LineIndex::new("").location("", Span::new(0, 0)))
    }
}

/// Records that `file` runs the image of `dockerfile` in `resource`.
fn add_run(
    runs: &mut Vec<(usize, usize, Vec<String>)>,
    dockerfile: usize,
    file: usize,
    resource: String,
) {
    match runs
        .iter_mut()
        .find(|(at, other, _)| *at == dockerfile && *other == file)
    {
        Some((.., resources)) if resources.contains(&resource) => {}
        Some((.., resources)) => resources.push(resource),
        None => runs.push((dockerfile, file, vec![resource])),
    }
}

/// Compose files that Compose reads together, earliest first, and the
/// file whose own findings the run reports (`None`: every file's).
struct ComposeRun {
    files: Vec<usize>,
    only: Option<usize>,
}

/// The Compose runs of a project, per directory as `docker compose` reads
/// it: the default file (`compose.yaml`, …) with the default override
/// (`compose.override.yaml`, …) merged over it, as `docker compose up`
/// runs them; every other `compose.<name>.yaml` / `docker-compose.<name>.yml`
/// beside them is an overlay for `-f`, judged merged over the default file
/// (as `docker compose -f compose.yaml -f compose.prod.yaml` runs it) for
/// what it sets itself, the default run having judged the rest. Files
/// without a default file beside them, and files named otherwise, are
/// judged alone.
fn compose_runs(files: &[(String, String)], kinds: &[FileKind]) -> Vec<ComposeRun> {
    let compose: Vec<usize> = (0..files.len())
        .filter(|&index| kinds[index] == FileKind::Compose)
        .collect();
    let mut runs = Vec::new();
    let mut placed = vec![false; files.len()];
    let mut directories: Vec<&str> = compose
        .iter()
        .map(|&index| directory(&files[index].0))
        .collect();
    directories.dedup();
    directories.sort_unstable();
    directories.dedup();
    for dir in directories {
        let here: Vec<usize> = compose
            .iter()
            .copied()
            .filter(|&index| directory(&files[index].0) == dir)
            .collect();
        let named = |names: &[&str]| {
            names.iter().find_map(|name| {
                here.iter()
                    .copied()
                    .find(|&index| file_name(&files[index].0) == *name)
            })
        };
        let Some(base) = named(&compose::DEFAULT_FILES) else {
            continue;
        };
        let mut default = vec![base];
        default.extend(named(&compose::OVERRIDE_FILES));
        for &index in &default {
            placed[index] = true;
        }
        runs.push(ComposeRun {
            files: default,
            only: None,
        });
        for index in here {
            let name = file_name(&files[index].0);
            if placed[index] || !is_compose_name(name) || compose::DEFAULT_FILES.contains(&name) {
                continue;
            }
            placed[index] = true;
            runs.push(ComposeRun {
                files: vec![base, index],
                only: Some(index),
            });
        }
    }
    runs.extend(
        compose
            .into_iter()
            .filter(|&index| !placed[index])
            .map(|index| ComposeRun {
                files: vec![index],
                only: None,
            }),
    );
    runs
}

/// What a Compose run found: per file, the diagnostics pinned in it (spans
/// in that file); and which file runs which Dockerfile's image in which
/// service.
#[derive(Default)]
struct CheckedRun {
    diagnostics: Vec<(usize, Vec<Diagnostic>)>,
    runs: Vec<(usize, usize, String)>,
}

/// A file's place in the joined text of a Compose run.
struct Segment {
    file: usize,
    start: u32,
    end: u32,
}

/// A span of the joined text as the file it falls in and the span in that
/// file.
fn in_file(segments: &[Segment], span: Span) -> Option<(usize, Span)> {
    let segment = segments
        .iter()
        .find(|segment| segment.start <= span.start && span.start < segment.end)?;
    let length = segment.end - segment.start - 1;
    let local = |at: u32| (at - segment.start).min(length);
    Some((
        segment.file,
        Span::new(local(span.start), local(span.end.max(span.start))),
    ))
}

/// A diagnostic of a merged run moved to the file its span falls in; its
/// other places and its fix's edits point into their own files.
fn localise(
    mut diagnostic: Diagnostic,
    segments: &[Segment],
    files: &[(String, String)],
) -> Option<(usize, Diagnostic)> {
    let (file, span) = in_file(segments, diagnostic.span)?;
    diagnostic.span = span;
    let elsewhere = |at: usize| (at != file).then(|| files[at].0.clone());
    for part in &mut diagnostic.related {
        if part.file.is_none() {
            if let Some((at, span)) = in_file(segments, part.span) {
                part.file = elsewhere(at);
                part.span = span;
            }
        }
    }
    if let Some(fix) = &mut diagnostic.fix {
        for edit in &mut fix.edits {
            if edit.file.is_none() {
                if let Some((at, span)) = in_file(segments, edit.span) {
                    edit.file = elsewhere(at);
                    edit.span = span;
                }
            }
        }
    }
    Some((file, diagnostic))
}

/// The facts of the image each resource runs (`linked`: file indices of
/// Dockerfiles).
fn facts_of<'a>(
    linked: &[Option<usize>],
    images: &'a [(usize, ImageFacts)],
) -> Vec<Option<&'a ImageFacts>> {
    linked
        .iter()
        .map(|dockerfile| {
            dockerfile.and_then(|dockerfile| {
                images
                    .iter()
                    .find(|(index, _)| *index == dockerfile)
                    .map(|(_, facts)| facts)
            })
        })
        .collect()
}

/// Which Dockerfile of the project a Compose service or a container runs.
struct Linker<'a> {
    project: &'a Project,
    /// File indices of the Dockerfiles.
    dockerfiles: Vec<usize>,
    /// Image repositories (no registry, tag or digest) that Compose
    /// services build, with the Dockerfile they build them from.
    built_images: Vec<(String, usize)>,
}

impl<'a> Linker<'a> {
    fn new(
        project: &'a Project,
        kinds: &[FileKind],
        yamls: &[Option<Yaml>],
        images: &[(usize, ImageFacts)],
    ) -> Self {
        let mut linker = Linker {
            project,
            dockerfiles: images.iter().map(|(index, _)| *index).collect(),
            built_images: Vec::new(),
        };
        for (((path, _), kind), yaml) in project.files.iter().zip(kinds).zip(yamls) {
            let (FileKind::Compose, Some(yaml)) = (kind, yaml) else {
                continue;
            };
            for service in compose::services(yaml) {
                let image = service.get("image").and_then(|image| image.as_str());
                if let (Some(image), Some(dockerfile)) = (image, linker.built_by(path, &service)) {
                    linker.built_images.push((repository(image), dockerfile));
                }
            }
        }
        linker
    }

    /// The Dockerfile a service's `build:` names, resolved from the Compose
    /// file's directory.
    fn built_by(&self, compose_path: &str, service: &compose::Service) -> Option<usize> {
        let build = service.build()?;
        let wanted = clean_path(&format!(
            "{}/{}/{}",
            directory(compose_path),
            build.context,
            build.dockerfile
        ));
        self.dockerfiles
            .iter()
            .copied()
            .find(|&index| clean_path(&self.project.files[index].0) == wanted)
    }

    /// The Dockerfile each service of a Compose file (or run) builds or
    /// runs.
    fn services(&self, compose_path: &str, services: &[compose::Service]) -> Vec<Option<usize>> {
        let links = services
            .iter()
            .map(|service| match self.built_by(compose_path, service) {
                Some(dockerfile) => (None, Link::Sure(dockerfile)),
                None => {
                    let image = service.get("image").and_then(|image| image.as_str());
                    (
                        image,
                        image.map_or(Link::None, |image| self.by_image(image, false)),
                    )
                }
            })
            .collect();
        self.settle(compose_path, links)
    }

    fn containers(&self, manifest_path: &str, containers: &[Container]) -> Vec<Option<usize>> {
        let links = containers
            .iter()
            .map(|container| {
                let Some(image) = container.get("image").and_then(|image| image.as_str()) else {
                    return (None, Link::None);
                };
                let only = containers
                    .iter()
                    .filter(|other| {
                        other.role == kubernetes::ContainerRole::App
                            && other.workload.pod_spec.span() == container.workload.pod_spec.span()
                    })
                    .count()
                    == 1;
                let link = self.by_image(
                    image,
                    only && container.role == kubernetes::ContainerRole::App,
                );
                (Some(image), link)
            })
            .collect();
        self.settle(manifest_path, links)
    }

    /// The Dockerfiles a file's images run. An image linked to the
    /// project's one Dockerfile for want of another candidate keeps the
    /// link when no other image of the file is such a candidate, or when its
    /// name is the project's (`ghcr.io/linkwarden/linkwarden` in
    /// `linkwarden/`); beside `getmeili/meilisearch` in the same Compose
    /// file, neither would otherwise be known to be this project's.
    fn settle(&self, path: &str, links: Vec<(Option<&str>, Link)>) -> Vec<Option<usize>> {
        let mut candidates: Vec<String> = links
            .iter()
            .filter(|(_, link)| matches!(link, Link::OnlyDockerfile(_)))
            .filter_map(|(image, _)| image.map(repository))
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        links
            .into_iter()
            .map(|(image, link)| match link {
                Link::Sure(dockerfile) => Some(dockerfile),
                Link::OnlyDockerfile(dockerfile) => (candidates.len() <= 1
                    || image.is_some_and(|image| {
                        let folders = [path, &self.project.files[dockerfile].0];
                        named_like(&repository(image), self.project.name.as_deref(), &folders)
                    }))
                .then_some(dockerfile),
                Link::None => None,
            })
            .collect()
    }

    /// The Dockerfile of the image a container or service runs: a Compose
    /// service builds that image, or the Dockerfile's directory (or
    /// `<name>.Dockerfile`) is named like it, or the project has one
    /// Dockerfile and the image is not a well-known public one (`only`:
    /// the container is its workload's only one, so it runs this project's
    /// code even under a short name, unless that name is a well-known
    /// server's, `mongo:latest` in a StatefulSet of its own).
    fn by_image(&self, image: &str, only: bool) -> Link {
        let repository = repository(image);
        if let Some((_, dockerfile)) = self
            .built_images
            .iter()
            .find(|(built, _)| *built == repository)
        {
            return Link::Sure(*dockerfile);
        }
        let short = repository.rsplit('/').next().unwrap_or(&repository);
        let named: Vec<usize> = self
            .dockerfiles
            .iter()
            .copied()
            .filter(|&index| dockerfile_label(&self.project.files[index].0) == Some(short))
            .collect();
        if let [dockerfile] = named.as_slice() {
            return Link::Sure(*dockerfile);
        }
        let public = !repository.contains('/');
        let server = public && crate::model::is_server_image_name(&repository);
        match self.dockerfiles.as_slice() {
            [dockerfile] if (only && !server) || !public => Link::OnlyDockerfile(*dockerfile),
            _ => Link::None,
        }
    }
}

/// How an image is tied to a Dockerfile of the project.
enum Link {
    /// A Compose service builds it, or a Dockerfile is named like it.
    Sure(usize),
    /// The project's one Dockerfile, for want of another candidate.
    OnlyDockerfile(usize),
    None,
}

/// Whether a repository (`linkwarden/linkwarden`, `team/api`) is named
/// like the project (`project`, its folder's name) or a folder of one of
/// `paths`: one of its parts is that name.
fn named_like(repository: &str, project: Option<&str>, paths: &[&str]) -> bool {
    let mut folders = paths
        .iter()
        .flat_map(|path| directory(path).split('/'))
        .chain(project);
    folders.any(|folder| {
        repository
            .split('/')
            .any(|part| folder.eq_ignore_ascii_case(part))
    })
}

/// An image reference without registry host, tag or digest:
/// `registry.example:5000/team/app:1.2@sha256:…` → `team/app`;
/// `docker.io/library/nginx` → `nginx`.
pub(crate) fn repository(image: &str) -> String {
    let image = image.split('@').next().unwrap_or(image);
    let mut parts: Vec<&str> = image.split('/').collect();
    if parts.len() > 1 {
        let first = parts[0];
        if first.contains('.') || first.contains(':') || first == "localhost" {
            parts.remove(0);
        }
    }
    if parts.len() == 2 && parts[0] == "library" {
        parts.remove(0);
    }
    let mut repository = parts.join("/");
    if let Some(colon) = repository.rfind(':') {
        if !repository[colon..].contains('/') {
            repository.truncate(colon);
        }
    }
    repository.to_ascii_lowercase()
}

/// The name a Dockerfile's path gives its image: its directory's name
/// (`src/api/Dockerfile` → `api`) or the name in `api.Dockerfile` /
/// `Dockerfile.api`.
fn dockerfile_label(path: &str) -> Option<&str> {
    let name = file_name(path);
    let lower = name.to_ascii_lowercase();
    for base in ["dockerfile", "containerfile"] {
        if lower.len() > base.len() + 1 {
            if lower.ends_with(base) {
                return Some(&name[..name.len() - base.len() - 1]);
            }
            if lower.starts_with(base) {
                return Some(&name[base.len() + 1..]);
            }
        }
    }
    let dir = directory(path);
    (!dir.is_empty()).then(|| file_name(dir))
}

/// `a/./b/../c` → `a/c`, relative to the project root (a leading `/`,
/// from joining an empty directory, dropped), as BuildKit cleans paths.
pub(crate) fn clean_path(path: &str) -> String {
    crate::companion::dockerignore::clean(path.trim_start_matches('/'))
}

fn file_error(text: &str, message: Text, span: Span) -> FileError {
    FileError {
        location: LineIndex::new(text).location(text, span),
        message,
        span,
    }
}

/// Patterns BuildKit refuses: the build fails before it starts.
fn ignore_errors(text: &str) -> Vec<FileError> {
    IgnoreFile::parse(text)
        .errors()
        .map(|(pattern, error)| {
            let message = match error {
                PatternError::LoneExclamation => Text::new(
                    "`!` alone is not a pattern: BuildKit stops the build (illegal exclusion pattern); write the path to re-include after it",
                    "`!` だけではパターンになりません。BuildKit はビルドを止めます（illegal exclusion pattern）。再び含めるパスを続けて書いてください",
                ),
                PatternError::Malformed => Text::new(
                    format!("`{}` is not a valid pattern (an unclosed `[`, an empty or reversed range, or a trailing `\\`): BuildKit stops the build (syntax error in pattern)", pattern.text),
                    format!("`{}` は正しいパターンではありません（閉じていない `[`、空または逆順の範囲、末尾の `\\`）。BuildKit はビルドを止めます（syntax error in pattern）", pattern.text),
                ),
                PatternError::UnsupportedEscape(escape) => Text::new(
                    format!("`\\{escape}` in `{}` is read by BuildKit as a regular-expression escape; Plimsoll does not evaluate this pattern, so write the character itself", pattern.text),
                    format!("`{}` の `\\{escape}` は BuildKit では正規表現のエスケープとして読まれます。Plimsoll はこのパターンを評価しないため、文字そのものを書いてください", pattern.text),
                ),
            };
            file_error(text, message, pattern.span)
        })
        .collect()
}

fn yaml_errors(text: &str, yaml: &Yaml) -> Vec<FileError> {
    yaml.error
        .clone()
        .map(|error| {
            let message = Text::new(
                format!("invalid YAML: {}", error.message),
                format!("YAML として読めません: {}", error.message),
            );
            file_error(text, message, error.span)
        })
        .into_iter()
        .collect()
}

/// A report that cannot be read: the parser's message and position.
fn report_errors(text: &str) -> Vec<FileError> {
    let Err(error) = scan_report::parse(text) else {
        return Vec::new();
    };
    // serde_json's line and column are 1-based, the column in bytes.
    let line_start = LineIndex::new(text).line_start(error.line.saturating_sub(1));
    let offset =
        crate::span::to_u32((line_start as usize + error.column.saturating_sub(1)).min(text.len()));
    let message = Text::new(
        error.message.clone(),
        format!("スキャンレポートとして読めません: {}", error.message),
    );
    vec![file_error(text, message, Span::new(offset, offset))]
}
