//! Peer parity: every rule id of the tools users migrate from, and how
//! Plimsoll answers it.
//!
//! A peer id is *covered* when a rule lists it in its `aliases` (that is also
//! what makes the peer's suppression comments work on our findings). Every
//! other id carries a [`Reason`]. `core/tests/coverage.rs` keeps the two
//! consistent and renders `COVERAGE.md` from this table with [`render`]:
//!
//! ```text
//! UPDATE_COVERAGE=1 cargo test -p plimsoll-core --test coverage
//! ```
//!
//! Sources: `shared/research/rules-anchors.md` sections 1 to 8 (hadolint
//! master after v2.15.1, trivy-checks, Checkov, BuildKit's linter, dockle,
//! KICS 2.x, semgrep-rules) and the CIS Docker Benchmark, section 4.

use std::fmt::Write as _;

use crate::rules::{Alias, Rule, Tool, RULES};

/// Why a peer id has no rule of ours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Needs the built image, the registry, the build context or the host.
    NotADockerfileCheck(&'static str),
    /// We looked at the evidence and do not report it, or report the opposite.
    WeDisagree(&'static str),
    /// Reported as an error of the Dockerfile itself, not as a rule finding.
    ParseError(&'static str),
    /// The peer removed the rule; kept so old pragmas and configs make sense.
    Removed(&'static str),
    /// A gap we agree with and have not closed yet.
    NotYet(&'static str),
}

impl Reason {
    /// The short label shown in the Plimsoll column.
    pub fn label(self) -> &'static str {
        match self {
            Reason::NotADockerfileCheck(_) => "not a Dockerfile check",
            Reason::WeDisagree(_) => "we disagree",
            Reason::ParseError(_) => "parse error",
            Reason::Removed(_) => "retired",
            Reason::NotYet(_) => "not yet",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Reason::NotADockerfileCheck(text)
            | Reason::WeDisagree(text)
            | Reason::ParseError(text)
            | Reason::Removed(text)
            | Reason::NotYet(text) => text,
        }
    }
}

/// One rule id of a peer tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerRule {
    pub tool: Tool,
    /// Exactly as the tool spells it (KICS: the query's display name).
    pub id: &'static str,
    /// What it checks, in our words.
    pub what: &'static str,
    /// Why no rule covers it; `None` when one must.
    pub reason: Option<Reason>,
    /// Another peer id that names the same check, whose rules also cover this
    /// one (CIS Benchmark items and dockle's `CIS-DI-00nn` checkpoints).
    pub same_as: Option<Alias>,
}

impl PeerRule {
    const fn new(tool: Tool, id: &'static str, what: &'static str) -> Self {
        PeerRule {
            tool,
            id,
            what,
            reason: None,
            same_as: None,
        }
    }

    const fn because(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }

    const fn same_as(mut self, tool: Tool, id: &'static str) -> Self {
        self.same_as = Some(Alias { tool, id });
        self
    }

    /// Our rules that cover this id, in registry order.
    pub fn rules(&self) -> Vec<&'static Rule> {
        RULES
            .iter()
            .copied()
            .filter(|rule| {
                rule.aliases.iter().any(|alias| {
                    (alias.tool == self.tool && alias.id == self.id)
                        || self
                            .same_as
                            .is_some_and(|same| alias.tool == same.tool && alias.id == same.id)
                })
            })
            .collect()
    }

    /// Whether the tool still ships this rule.
    pub fn is_active(&self) -> bool {
        !matches!(self.reason, Some(Reason::Removed(_)))
    }
}

/// The tools in the order COVERAGE.md shows them.
pub const TOOLS: [Tool; 10] = [
    Tool::Hadolint,
    Tool::Trivy,
    Tool::Checkov,
    Tool::Buildkit,
    Tool::Kics,
    Tool::Semgrep,
    Tool::Dockle,
    Tool::Cis,
    Tool::KubeLinter,
    Tool::Polaris,
];

/// The peer rule with this tool and exact id.
pub fn find(tool: Tool, id: &str) -> Option<&'static PeerRule> {
    PEER_RULES
        .iter()
        .find(|peer| peer.tool == tool && peer.id == id)
}

/// Peer ids that no rule covers and that give no reason.
pub fn unexplained() -> Vec<&'static PeerRule> {
    PEER_RULES
        .iter()
        .filter(|peer| peer.reason.is_none() && peer.rules().is_empty())
        .collect()
}

/// Peer ids that give a reason although a rule now covers them. A retired id
/// may be covered as well (old pragmas then keep working).
pub fn stale_reasons() -> Vec<(&'static PeerRule, Vec<&'static Rule>)> {
    PEER_RULES
        .iter()
        .filter(|peer| peer.reason.is_some() && peer.is_active())
        .filter_map(|peer| {
            let rules = peer.rules();
            (!rules.is_empty()).then_some((peer, rules))
        })
        .collect()
}

/// Rule aliases that name no peer id of the table (typos, wrong tool).
pub fn unknown_aliases() -> Vec<(&'static Rule, Alias)> {
    RULES
        .iter()
        .copied()
        .flat_map(|rule| rule.aliases.iter().map(move |alias| (rule, *alias)))
        .filter(|(_, alias)| find(alias.tool, alias.id).is_none())
        .collect()
}

/// Counts for one tool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Rules the tool ships today.
    pub active: usize,
    pub covered: usize,
    pub parse_error: usize,
    pub not_dockerfile: usize,
    pub disagree: usize,
    pub not_yet: usize,
    /// Retired rules listed for migration (not in `active`).
    pub retired: usize,
}

pub fn counts(tool: Tool) -> Counts {
    let mut counts = Counts::default();
    for peer in PEER_RULES.iter().filter(|peer| peer.tool == tool) {
        if !peer.is_active() {
            counts.retired += 1;
            continue;
        }
        counts.active += 1;
        if !peer.rules().is_empty() {
            counts.covered += 1;
            continue;
        }
        match peer.reason {
            Some(Reason::ParseError(_)) => counts.parse_error += 1,
            Some(Reason::NotADockerfileCheck(_)) => counts.not_dockerfile += 1,
            Some(Reason::WeDisagree(_)) => counts.disagree += 1,
            Some(Reason::NotYet(_)) => counts.not_yet += 1,
            Some(Reason::Removed(_)) | None => {}
        }
    }
    counts
}

fn anchor(tool: Tool) -> &'static str {
    match tool {
        Tool::Hadolint => "hadolint",
        Tool::Trivy => "trivy",
        Tool::Checkov => "checkov",
        Tool::Buildkit => "buildkit-checks",
        Tool::Kics => "kics",
        Tool::Semgrep => "semgrep",
        Tool::Dockle => "dockle",
        Tool::Cis => "cis-docker-benchmark-section-4",
        Tool::KubeLinter => "kube-linter",
        Tool::Polaris => "polaris",
    }
}

fn intro(tool: Tool) -> &'static str {
    match tool {
        Tool::Hadolint => "Rules of hadolint 2.15 (`DL` codes), and the newer ones its repository has specs for (`DL3068`-`DL3077`, `DL4007`; two proposals both use `DL3068`, and both are covered). ShellCheck's `SC` codes, which hadolint runs on every shell-form `RUN`, are a separate tool and are not listed: Plimsoll parses `RUN` scripts to understand them, not to lint shell style, so keep ShellCheck if you relied on it. `DL1000` is hadolint's code for a parse error, which Plimsoll reports as an error of the file.",
        Tool::Trivy => "Trivy's Dockerfile misconfiguration checks (trivy-checks, `DS-00nn`; `AVD-DS-00nn` in pragmas). DS-0003 and DS-0028 were never used. Then its Kubernetes checks of pods and containers (`KSV-nnnn`) that the PLK rules answer, with their neighbours; its RBAC, namespace and registry checks concern other resources and are not listed.",
        Tool::Checkov => "Checkov's Dockerfile checks: Python checks `CKV_DOCKER_n` and graph checks `CKV2_DOCKER_n`. Then its Kubernetes checks of pods and containers (`CKV_K8S_n`) that the PLK rules answer, with their neighbours; its API server, kubelet, etcd and RBAC checks concern the cluster, not a workload, and are not listed.",
        Tool::Buildkit => "The build checks of BuildKit's Dockerfile frontend (`docker build --check`), by rule name.",
        Tool::Kics => "KICS Dockerfile and Docker Compose queries by display name (KICS 2.x), plus the common query \"Passwords And Secrets\", which also scans Dockerfiles and Compose files. Queries KICS dropped from its current list are marked retired.",
        Tool::Semgrep => "Rules of semgrep-rules for the Dockerfile language (`dockerfile/`), the generic matcher (`generic/dockerfile/`) and Compose files (`yaml/docker-compose/`), by short rule id.",
        Tool::Dockle => "dockle's checkpoints. dockle inspects a built image; its checks are matched here where the Dockerfile shows the same thing. The four CIS checkpoints dockle lists as unsupported (CIS-DI-0002, 0003, 0004, 0011) are included.",
        Tool::Cis => "The CIS Docker Benchmark, section 4 \"Container Images and Build File Configuration\" (dockle's `CIS-DI-00nn` checkpoints carry the same numbers, so a rule aliasing either covers the item) and section 5 \"Container Runtime\" as a Compose file sets it.",
        Tool::KubeLinter => "kube-linter's built-in checks of containers and pods (by check name), the ones the PLK rules answer and their neighbours; its checks of Services, RBAC, PodDisruptionBudgets and the like are not listed.",
        Tool::Polaris => "Polaris's checks of containers and pods (by check id), the ones the PLK rules answer and their neighbours; its RBAC, HPA and PodDisruptionBudget checks are not listed.",
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn rule_list(rules: &[&Rule]) -> String {
    rules
        .iter()
        .map(|rule| {
            format!(
                "[{}](RULES.md#{}) {}",
                rule.code,
                rule.code.to_ascii_lowercase(),
                rule.name
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// COVERAGE.md, from the table and the registered rules' aliases.
pub fn render() -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str("\n## Summary\n\n");
    out.push_str("| Tool | Rules | Covered | Parse error | Not a Dockerfile check | We disagree | Not yet | Retired (listed) |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut total = Counts::default();
    for tool in TOOLS {
        let counts = counts(tool);
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} | {} | {} | {} |",
            tool.name(),
            anchor(tool),
            counts.active,
            counts.covered,
            counts.parse_error,
            counts.not_dockerfile,
            counts.disagree,
            counts.not_yet,
            counts.retired
        );
        total.active += counts.active;
        total.covered += counts.covered;
        total.parse_error += counts.parse_error;
        total.not_dockerfile += counts.not_dockerfile;
        total.disagree += counts.disagree;
        total.not_yet += counts.not_yet;
        total.retired += counts.retired;
    }
    let _ = writeln!(
        out,
        "| **All** | {} | {} | {} | {} | {} | {} | {} |",
        total.active,
        total.covered,
        total.parse_error,
        total.not_dockerfile,
        total.disagree,
        total.not_yet,
        total.retired
    );
    out.push_str(
        "\n\"Rules\" counts the rules each tool ships today; \"Covered\" those that at least one \
         Plimsoll rule aliases. Retired rules are listed below but not counted.\n",
    );
    for tool in TOOLS {
        let _ = write!(out, "\n## {}\n\n{}\n\n", tool.name(), intro(tool));
        out.push_str("| Peer id | What it checks | Plimsoll | Note |\n");
        out.push_str("|---|---|---|---|\n");
        for peer in PEER_RULES.iter().filter(|peer| peer.tool == tool) {
            let rules = peer.rules();
            let (ours, note) = if !rules.is_empty() {
                let note = match (peer.reason, peer.same_as) {
                    (Some(reason), _) => format!("{}: {}", reason.label(), reason.text()),
                    (None, Some(same)) => format!("as {} {}", same.tool.name(), same.id),
                    (None, None) => String::new(),
                };
                (rule_list(&rules), note)
            } else if let Some(reason) = peer.reason {
                (reason.label().to_string(), reason.text().to_string())
            } else {
                ("**missing**".to_string(), String::new())
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(peer.id),
                cell(peer.what),
                ours,
                cell(&note)
            );
        }
    }
    out
}

const HEADER: &str = "# Peer coverage

<!-- Generated from core/src/coverage.rs and the rules' aliases; do not edit by hand.
     Regenerate with: UPDATE_COVERAGE=1 cargo test -p plimsoll-core --test coverage -->

> Generated by `UPDATE_COVERAGE=1 cargo test -p plimsoll-core --test coverage`.
> The same test fails when this file, a rule's aliases or the peer table disagree.

Every rule of hadolint, Trivy, Checkov, BuildKit's build checks, KICS, Semgrep and dockle
that looks at a Dockerfile or a Compose file, and every item of the CIS Docker Benchmark's
sections 4 and 5, with the Plimsoll rule that reports the same concern.

## How to read it

Each tool has a table with one row per rule id. The **Plimsoll** column names our rules
(code and name, linked to [RULES.md](RULES.md)). Several peer ids often map to one rule of
ours (every \"clean the package cache\" rule maps to one rule that knows yum, dnf, microdnf
and zypper), and one id can map to several when we split a concern (Checkov's
`CKV_DOCKER_4`, \"any ADD\", maps to ADD of local files, ADD of a URL and ADD of an archive).
Covered means the same concern, not the same behaviour: our rules judge the stages that
reach the final image, resolve `ARG` values and read `RUN` scripts as shell, so a rule and
its peer can disagree on a given line (`scripts/hadolint-compare` lists every such case
against hadolint on a corpus of real Dockerfiles). Otherwise the column says:

- **not a Dockerfile check**: it needs the built image, the registry, the build context or
  the host, which a Dockerfile alone does not show;
- **we disagree**: we do not report it, or report the opposite, for the reason given;
- **parse error**: Plimsoll reports it as an error of the Dockerfile itself (BuildKit
  refuses to build it), not as a rule finding;
- **not yet**: a real gap, not closed yet;
- **retired**: the tool removed the rule; listed so that old pragmas and configurations
  still make sense.

## Migrating

Peers' suppression comments keep working: a pragma that names a peer id suppresses every
Plimsoll rule that lists the id in its aliases (the rows below).

| Tool | Comment | Scope |
|---|---|---|
| hadolint | `# hadolint ignore=DL3008,DL3015` | next instruction |
| hadolint | `# hadolint stage ignore=DL3008` | rest of the stage |
| hadolint | `# hadolint global ignore=DL3008` | whole file |
| Trivy | `# trivy:ignore:DS-0001` or `# trivy:ignore:AVD-DS-0001` | next instruction |
| Checkov | `# checkov:skip=CKV_DOCKER_2:reason` | whole file (as Checkov reads it) |
| BuildKit | `# check=skip=JSONArgsRecommended,StageNameCasing` | whole file |
| Plimsoll | `# plimsoll ignore=PL201 -- reason`, `ignore-stage=`, `ignore-file=` | next instruction, stage, file |

KICS (`# kics-scan ignore-line`), Semgrep (`# nosemgrep`) and dockle (`.dockleignore`)
suppressions are not read: rewrite them as `# plimsoll ignore=` with the codes below. To
turn a peer's rule off everywhere, disable the Plimsoll rule that aliases it.
";

use Reason::{NotADockerfileCheck, NotYet, ParseError, Removed, WeDisagree};
use Tool::{Buildkit, Checkov, Cis, Dockle, Hadolint, Kics, KubeLinter, Polaris, Semgrep, Trivy};

const fn p(tool: Tool, id: &'static str, what: &'static str) -> PeerRule {
    PeerRule::new(tool, id, what)
}

const UPGRADES: Reason = WeDisagree(
    "Upgrading packages at build time installs the security fixes published after the base \
     image was built. hadolint removed its upgrade rules for this reason (PR #677, \"Allow \
     upgrades\"), Trivy deprecated DS-0024 and KICS dropped its upgrade queries. PL311 reports \
     only distribution upgrades (`dist-upgrade`, `full-upgrade`, `zypper dup`), which add and \
     remove packages.",
);

const LABEL_TYPES: Reason = NotYet(
    "Typed label schemas (URL, RFC 3339 date, SPDX, git hash, semver, e-mail) are planned with \
     the optional label schema; PL928 checks that required labels are present and not empty.",
);

const K8S_REQUESTS: Reason = NotYet(
    "Requests tell the scheduler what a pod needs; they protect availability rather than \
     security. PLK001 reports missing limits; a request rule is planned with the reliability \
     checks.",
);

const K8S_PULL_POLICY: Reason = WeDisagree(
    "With a version tag or a digest (PLK201) the pull policy changes nothing about what runs; \
     `Always` only adds a registry round trip and an outage when the registry is down.",
);

const K8S_HIGH_UID: Reason = WeDisagree(
    "Any non-root UID keeps root's powers away; a high UID only avoids sharing a UID with a \
     user of the node, which user namespaces and `runAsNonRoot` address better. PLK101 \
     reports root.",
);

/// Reasons shared by the Compose rows of KICS and the CIS Benchmark.
const CPU_LIMIT: Reason = WeDisagree(
    "A service without a CPU limit slows its neighbours but the scheduler still shares the CPU; \
     memory is what one service can take from all the others, so PLC001 reports a missing \
     memory limit and names the missing CPU and process limits with it.",
);

const PIDS_LIMIT: Reason = NotYet(
    "PLC001 names a missing process limit when the memory limit is missing too; a service with \
     a memory limit and no `pids` limit is not reported yet.",
);

const COMPOSE_HEALTHCHECK: Reason = NotYet(
    "A service's health check usually comes from its image's HEALTHCHECK (PL503); PLC502 reports \
     a Compose file that turns one off. A service with neither is not reported yet.",
);

const CGROUP_PARENT: Reason = WeDisagree(
    "`cgroup_parent` places the container under another cgroup with that cgroup's limits, which \
     is how hosts group services; it weakens nothing by itself.",
);

const DEFAULT_BRIDGE: Reason = WeDisagree(
    "Compose never uses the default bridge `docker0`: each project gets its own network unless \
     a service sets `network_mode: bridge`.",
);

const LOW_PORTS: Reason = WeDisagree(
    "A host port below 1024 is opened by the daemon, not by the container, and the standard web \
     ports are how public services are reached; PLC501 reports ports published on every interface.",
);

const RESTART_POLICY: Reason = WeDisagree(
    "A restart policy is about availability, not security; `unless-stopped` and `always` are \
     sound choices for long-running services.",
);

const MOUNT_PROPAGATION: Reason =
    NotYet("Bind mounts with `shared` or `slave` propagation are not checked yet.");

/// The peer table. Order within a tool is the order of COVERAGE.md.
pub static PEER_RULES: &[PeerRule] = &[
    // hadolint (src/Hadolint/Rule/*.hs)
    p(Hadolint, "DL1001", "Any inline `# hadolint ignore` pragma (opt-in policy against inline suppressions).")
        .because(WeDisagree("A ban on inline suppressions is a policy for the run, not a defect of the file: Plimsoll's `strict` setting ignores every suppression comment, as hadolint's `--disable-ignore-pragma` does.")),
    p(Hadolint, "DL3000", "WORKDIR is a relative path."),
    p(Hadolint, "DL3001", "RUN calls a command that makes no sense in an image build (ssh, vim, service, ps, top, kill, mount, shutdown...)."),
    p(Hadolint, "DL3002", "The last USER of a stage is root."),
    p(Hadolint, "DL3003", "`cd` in RUN where WORKDIR would do."),
    p(Hadolint, "DL3004", "`sudo` in RUN."),
    p(Hadolint, "DL3005", "`apt-get dist-upgrade` in RUN.")
        .because(Removed("Retired upstream in hadolint PR #964. PL311 still reports distribution upgrades.")),
    p(Hadolint, "DL3006", "FROM image without a tag."),
    p(Hadolint, "DL3007", "FROM image with the `latest` tag."),
    p(Hadolint, "DL3008", "`apt-get install` without package versions."),
    p(Hadolint, "DL3009", "apt package lists left in the image."),
    p(Hadolint, "DL3010", "A local archive is COPY'd and then unpacked in RUN (hadolint suggests ADD's auto-extraction instead).")
        .because(WeDisagree("We advise the opposite: ADD extracts by file content, not name, so what lands in the image is implicit, and PL808 reports it. Unpacking explicitly in RUN (in a build stage, or from a `RUN --mount=type=bind` source to avoid the extra layer) is clearer. CIS 4.9, Checkov CKV_DOCKER_4, dockle CIS-DI-0009 and Semgrep prefer-copy-over-add agree.")),
    p(Hadolint, "DL3011", "EXPOSE port outside 0-65535."),
    p(Hadolint, "DL3012", "More than one HEALTHCHECK in a stage."),
    p(Hadolint, "DL3013", "`pip install` without package versions."),
    p(Hadolint, "DL3014", "`apt-get install` without `-y`."),
    p(Hadolint, "DL3015", "`apt-get install` without `--no-install-recommends`."),
    p(Hadolint, "DL3016", "`npm install` without package versions."),
    p(Hadolint, "DL3017", "`apk upgrade` in RUN.")
        .because(Removed("Retired upstream in hadolint PR #677 (\"Allow upgrades\"); upgrading to get security fixes is fine.")),
    p(Hadolint, "DL3018", "`apk add` without package versions."),
    p(Hadolint, "DL3019", "`apk add` without `--no-cache`."),
    p(Hadolint, "DL3020", "ADD for local files or folders where COPY would do."),
    p(Hadolint, "DL3021", "COPY with several sources to a destination not ending in `/`."),
    p(Hadolint, "DL3022", "`COPY --from` names a stage not defined before it."),
    p(Hadolint, "DL3023", "`COPY --from` names its own stage."),
    p(Hadolint, "DL3024", "Two stages with the same name."),
    p(Hadolint, "DL3025", "CMD or ENTRYPOINT in shell form instead of JSON (exec) form."),
    p(Hadolint, "DL3026", "Base image from a registry outside the configured allow-list."),
    p(Hadolint, "DL3027", "`apt` used in a script instead of `apt-get`."),
    p(Hadolint, "DL3028", "`gem install` without versions."),
    p(Hadolint, "DL3029", "`FROM --platform` used."),
    p(Hadolint, "DL3030", "`yum install` without `-y`."),
    p(Hadolint, "DL3031", "`yum update` in RUN.")
        .because(Removed("Retired upstream in hadolint PR #677 (\"Allow upgrades\").")),
    p(Hadolint, "DL3032", "`yum clean all` missing after yum."),
    p(Hadolint, "DL3033", "`yum install` without versions."),
    p(Hadolint, "DL3034", "zypper without its non-interactive switch."),
    p(Hadolint, "DL3035", "`zypper dist-upgrade` used."),
    p(Hadolint, "DL3036", "`zypper clean` missing after zypper."),
    p(Hadolint, "DL3037", "`zypper install` without versions."),
    p(Hadolint, "DL3038", "`dnf install` without `-y`."),
    p(Hadolint, "DL3039", "`dnf update` in RUN.")
        .because(Removed("Retired upstream in hadolint PR #677 (\"Allow upgrades\").")),
    p(Hadolint, "DL3040", "`dnf clean all` missing after dnf."),
    p(Hadolint, "DL3041", "`dnf install` without versions."),
    p(Hadolint, "DL3042", "`pip install` without `--no-cache-dir`."),
    p(Hadolint, "DL3043", "ONBUILD triggering ONBUILD, FROM or MAINTAINER.")
        .because(ParseError("BuildKit refuses `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`; Plimsoll's parser reports them as errors of the file.")),
    p(Hadolint, "DL3044", "ENV refers to a variable defined in the same ENV instruction."),
    p(Hadolint, "DL3045", "COPY to a relative destination in a stage without WORKDIR."),
    p(Hadolint, "DL3046", "`useradd` with a large UID without `-l` (bloats the image with a sparse lastlog)."),
    p(Hadolint, "DL3047", "`wget` without a progress option (bloated build logs)."),
    p(Hadolint, "DL3048", "Label key with invalid characters or a reserved namespace."),
    p(Hadolint, "DL3049", "A label required by the label schema is missing."),
    p(Hadolint, "DL3050", "A label not in the label schema is present (strict labels).")
        .because(NotYet("An allow-list of labels (hadolint's `--strict-labels`) is planned with the optional label schema.")),
    p(Hadolint, "DL3051", "A label value is empty."),
    p(Hadolint, "DL3052", "A label's value is not a valid URL.").because(LABEL_TYPES),
    p(Hadolint, "DL3053", "A label's value is not an RFC 3339 timestamp.").because(LABEL_TYPES),
    p(Hadolint, "DL3054", "A label's value is not an SPDX license identifier.").because(LABEL_TYPES),
    p(Hadolint, "DL3055", "A label's value is not a git commit hash.").because(LABEL_TYPES),
    p(Hadolint, "DL3056", "A label's value is not a semantic version.").because(LABEL_TYPES),
    p(Hadolint, "DL3057", "No HEALTHCHECK instruction (off by default in hadolint)."),
    p(Hadolint, "DL3058", "A label's value is not an RFC 5322 e-mail address.").because(LABEL_TYPES),
    p(Hadolint, "DL3059", "Consecutive RUN instructions that could be merged."),
    p(Hadolint, "DL3060", "`yarn install` without `yarn cache clean`."),
    p(Hadolint, "DL3061", "An instruction other than ARG before the first FROM.")
        .because(ParseError("BuildKit refuses any instruction but ARG before the first FROM; Plimsoll reports it as an error of the file.")),
    p(Hadolint, "DL3062", "`go install` without `@version`."),
    p(Hadolint, "DL3063", "Stage named `scratch` or `context`."),
    p(Hadolint, "DL3064", "ARG or ENV whose name looks like a secret."),
    p(Hadolint, "DL3065", "`FROM --platform=$TARGETPLATFORM`, which is the default anyway."),
    p(Hadolint, "DL3066", "USER given by name instead of numeric UID."),
    p(Hadolint, "DL3067", "`COPY --from=<stage> / /` copies another stage's whole file system."),
    p(Hadolint, "DL3068", "Two proposals use this id: `pecl install` without a version (`name-1.2.3`), and `npm install`/`ci` without a BuildKit cache mount on `~/.npm`."),
    p(Hadolint, "DL3069", "`cargo build`/`install`/`fetch`/`test` without a BuildKit cache mount on `~/.cargo`."),
    p(Hadolint, "DL3070", "`go build`/`get`/`install`/`test`/`mod` without a BuildKit cache mount on the Go build or module cache."),
    p(Hadolint, "DL3071", "`mvn install`/`package`/`compile`/... without a BuildKit cache mount on `~/.m2`."),
    p(Hadolint, "DL3072", "`gradle` or `./gradlew` without a BuildKit cache mount on `~/.gradle`."),
    p(Hadolint, "DL3073", "`composer install`/`update`/`require` without a BuildKit cache mount on Composer's cache."),
    p(Hadolint, "DL3074", "`dotnet restore`/`build`/`publish`/`test` or `nuget restore` without a BuildKit cache mount on `~/.nuget/packages`."),
    p(Hadolint, "DL3075", "`pnpm install`/`add`/`fetch` without a BuildKit cache mount on pnpm's store."),
    p(Hadolint, "DL3076", "`mix deps.get`/`compile` without a BuildKit cache mount on `~/.hex` or `~/.mix`."),
    p(Hadolint, "DL3077", "`gem install` or `bundle install`/`update` without a BuildKit cache mount on the gem cache."),
    p(Hadolint, "DL4000", "MAINTAINER is deprecated."),
    p(Hadolint, "DL4001", "Both wget and curl are used."),
    p(Hadolint, "DL4003", "More than one CMD in a stage."),
    p(Hadolint, "DL4004", "More than one ENTRYPOINT in a stage."),
    p(Hadolint, "DL4005", "`ln` replaces `/bin/sh` instead of using SHELL."),
    p(Hadolint, "DL4006", "A pipe in RUN without `set -o pipefail` (via SHELL)."),
    p(Hadolint, "DL4007", "COPY with `.` as a source (the whole build context, `.git` and `.env` included)."),
    // Trivy (trivy-checks checks/docker/*.rego)
    p(Trivy, "DS-0001", "FROM uses `latest` or no tag."),
    p(Trivy, "DS-0002", "No USER, or the last USER is root."),
    p(Trivy, "DS-0004", "EXPOSE 22 (SSH)."),
    p(Trivy, "DS-0005", "ADD where COPY would do (URLs and tar files allowed)."),
    p(Trivy, "DS-0006", "`COPY --from` names its own stage."),
    p(Trivy, "DS-0007", "More than one ENTRYPOINT."),
    p(Trivy, "DS-0008", "EXPOSE port outside 0-65535."),
    p(Trivy, "DS-0009", "WORKDIR is a relative path."),
    p(Trivy, "DS-0010", "`sudo` in RUN."),
    p(Trivy, "DS-0011", "COPY with several sources to a destination not ending in `/`."),
    p(Trivy, "DS-0012", "Two stages with the same name."),
    p(Trivy, "DS-0013", "`cd` in RUN where WORKDIR would do."),
    p(Trivy, "DS-0014", "Both wget and curl are used."),
    p(Trivy, "DS-0015", "`yum clean all` missing after `yum install`."),
    p(Trivy, "DS-0016", "More than one CMD."),
    p(Trivy, "DS-0017", "A package index update not followed by an install in the same RUN."),
    p(Trivy, "DS-0018", "`COPY --from` names a stage not defined before it.")
        .because(Removed("Removed from Trivy after false positives on external images (aquasecurity/defsec #287, appshield #146). PL906 reports unknown stage names and leaves image references alone.")),
    p(Trivy, "DS-0019", "`dnf clean all` missing after dnf."),
    p(Trivy, "DS-0020", "`zypper clean` missing after zypper."),
    p(Trivy, "DS-0021", "`apt-get` without `-y`."),
    p(Trivy, "DS-0022", "MAINTAINER is deprecated."),
    p(Trivy, "DS-0023", "More than one HEALTHCHECK."),
    p(Trivy, "DS-0024", "`apt-get dist-upgrade` (deprecated in Trivy, still shipped)."),
    p(Trivy, "DS-0025", "`apk add` without `--no-cache`."),
    p(Trivy, "DS-0026", "No HEALTHCHECK."),
    p(Trivy, "DS-0027", "`microdnf clean all` missing after microdnf."),
    p(Trivy, "DS-0029", "`apt-get install` without `--no-install-recommends`."),
    p(Trivy, "DS-0030", "WORKDIR under a system directory (/proc, /boot, /dev...)."),
    p(Trivy, "DS-0031", "Secrets in the final stage: secret-like ARG/ENV names, credential files, cloud CLI logins in RUN."),
    p(Trivy, "DS-0032", "A pipe in RUN without pipefail (`set -o pipefail` or a SHELL of bash, zsh or ash with `-o pipefail`)."),
    // Checkov (checkov/dockerfile/checks)
    p(Checkov, "CKV_DOCKER_1", "EXPOSE 22 (SSH)."),
    p(Checkov, "CKV_DOCKER_2", "No HEALTHCHECK."),
    p(Checkov, "CKV_DOCKER_3", "No USER instruction."),
    p(Checkov, "CKV_DOCKER_4", "Any ADD instruction (local files, URLs and archives alike)."),
    p(Checkov, "CKV_DOCKER_5", "A package index update used alone."),
    p(Checkov, "CKV_DOCKER_6", "MAINTAINER is deprecated."),
    p(Checkov, "CKV_DOCKER_7", "FROM uses `latest` or no tag."),
    p(Checkov, "CKV_DOCKER_8", "The last USER is root."),
    p(Checkov, "CKV_DOCKER_9", "`apt` used instead of `apt-get`."),
    p(Checkov, "CKV_DOCKER_10", "WORKDIR is a relative path."),
    p(Checkov, "CKV_DOCKER_11", "Two stages with the same name."),
    p(Checkov, "CKV2_DOCKER_1", "`sudo` in RUN."),
    p(Checkov, "CKV2_DOCKER_2", "curl with `-k`/`--insecure`."),
    p(Checkov, "CKV2_DOCKER_3", "wget with `--no-check-certificate`."),
    p(Checkov, "CKV2_DOCKER_4", "pip with `--trusted-host`."),
    p(Checkov, "CKV2_DOCKER_5", "`PYTHONHTTPSVERIFY=0`."),
    p(Checkov, "CKV2_DOCKER_6", "`NODE_TLS_REJECT_UNAUTHORIZED=0`."),
    p(Checkov, "CKV2_DOCKER_7", "apk with `--allow-untrusted`."),
    p(Checkov, "CKV2_DOCKER_8", "apt-get with `--allow-unauthenticated`."),
    p(Checkov, "CKV2_DOCKER_9", "yum/dnf/tdnf with `--nogpgcheck`."),
    p(Checkov, "CKV2_DOCKER_10", "rpm with `--nosignature`, `--nodigest`, `--noverify` or `--nofiledigest`."),
    p(Checkov, "CKV2_DOCKER_11", "apt-get with `--force-yes`."),
    p(Checkov, "CKV2_DOCKER_12", "`NPM_CONFIG_STRICT_SSL=false`."),
    p(Checkov, "CKV2_DOCKER_13", "`npm`/`yarn config set strict-ssl false`."),
    p(Checkov, "CKV2_DOCKER_14", "`GIT_SSL_NO_VERIFY` set."),
    p(Checkov, "CKV2_DOCKER_15", "yum/dnf config-manager turning `sslverify` off."),
    p(Checkov, "CKV2_DOCKER_16", "`PIP_TRUSTED_HOST` set."),
    p(Checkov, "CKV2_DOCKER_17", "`chpasswd` sets or removes passwords."),
    p(Checkov, "CKV2_DOCKER_18", "`GOINSECURE` set (Go fetches those modules without certificate checks)."),
    // BuildKit build checks (frontend/dockerfile/linter/ruleset.go)
    p(Buildkit, "StageNameCasing", "Stage names should be lowercase."),
    p(Buildkit, "FromAsCasing", "The `AS` keyword's case should match `FROM`'s."),
    p(Buildkit, "NoEmptyContinuation", "Empty line inside a continued instruction."),
    p(Buildkit, "ConsistentInstructionCasing", "Instructions mix upper and lower case."),
    p(Buildkit, "DuplicateStageName", "Two stages with the same name."),
    p(Buildkit, "ReservedStageName", "Stage named `scratch` or `context`."),
    p(Buildkit, "JSONArgsRecommended", "CMD or ENTRYPOINT in shell form."),
    p(Buildkit, "MaintainerDeprecated", "MAINTAINER is deprecated."),
    p(Buildkit, "UndefinedArgInFrom", "FROM uses an ARG that is not declared."),
    p(Buildkit, "WorkdirRelativePath", "Relative WORKDIR without an earlier absolute one."),
    p(Buildkit, "UndefinedVar", "A variable is used before it is defined."),
    p(Buildkit, "MultipleInstructionsDisallowed", "More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage."),
    p(Buildkit, "LegacyKeyValueFormat", "`ENV key value` / `LABEL key value` instead of `key=value`."),
    p(Buildkit, "InvalidBaseImagePlatform", "The pulled base image's platform differs from the target platform.")
        .because(NotADockerfileCheck("Needs the base image's manifest from the registry; the Dockerfile does not say which platforms an image has.")),
    p(Buildkit, "RedundantTargetPlatform", "`FROM --platform=$TARGETPLATFORM`, which is the default anyway."),
    p(Buildkit, "SecretsUsedInArgOrEnv", "ARG or ENV whose name contains a secret word."),
    p(Buildkit, "InvalidDefaultArgInFrom", "A global ARG default makes the FROM image empty or invalid."),
    p(Buildkit, "FromPlatformFlagConstDisallowed", "`FROM --platform` with a constant value."),
    p(Buildkit, "CopyIgnoredFile", "A COPY/ADD source is excluded by `.dockerignore`.")
        .because(NotADockerfileCheck("Needs the build context's `.dockerignore`: PL950 checks it when the Dockerfile is checked with its project.")),
    p(Buildkit, "InvalidDefinitionDescription", "The comment above a stage or ARG is not `# <name> <description>` (experimental)."),
    p(Buildkit, "ExposeProtoCasing", "EXPOSE protocol not in lowercase."),
    p(Buildkit, "ExposeInvalidFormat", "EXPOSE with an IP address or a host:container mapping."),
    // KICS (assets/queries/dockerfile, docs/queries/dockerfile-queries.md)
    p(Kics, "Last User Is 'root'", "The last USER is root."),
    p(Kics, "Missing User Instruction", "No USER instruction."),
    p(Kics, "Changing Default Shell Using RUN Command", "RUN changes the default shell (ln, mv, chsh, usermod) instead of SHELL."),
    p(Kics, "Image Version Using 'latest'", "FROM uses the `latest` tag."),
    p(Kics, "Not Using JSON In CMD And ENTRYPOINT Arguments", "CMD or ENTRYPOINT in shell form."),
    p(Kics, "Run Using Sudo", "`sudo` in RUN."),
    p(Kics, "Add Instead of Copy", "ADD of a non-archive source where COPY would do."),
    p(Kics, "Apt Get Install Pin Version Not Defined", "`apt-get install` without versions."),
    p(Kics, "Gem Install Without Version", "`gem install` without versions."),
    p(Kics, "Image Version Not Explicit", "FROM without a tag."),
    p(Kics, "Missing Version Specification In dnf install", "`dnf install` without versions."),
    p(Kics, "Missing Zypper Non-interactive Switch", "zypper without `-n`/`-y`."),
    p(Kics, "NPM Install Command Without Pinned Version", "`npm install` without versions."),
    p(Kics, "Unpinned Package Version in Apk Add", "`apk add` without versions."),
    p(Kics, "Unpinned Package Version in Pip Install", "`pip install` without versions."),
    p(Kics, "Yum install Without Version", "`yum install` without versions."),
    p(Kics, "Chown Flag Exists", "Any `--chown` on COPY/ADD.")
        .because(WeDisagree("`COPY --chown` is how Docker's documentation gives the runtime user the files it must own, and it avoids a `RUN chown -R` layer that duplicates them; flagging every use is noise. What matters is that program files stay unwritable by the runtime user, which PL701 checks for world-writable modes.")),
    p(Kics, "Curl or Wget Instead of Add", "ADD of an http(s) URL."),
    p(Kics, "Exposing Port 22 (SSH)", "EXPOSE 22 (SSH)."),
    p(Kics, "MAINTAINER Instruction Being Used", "MAINTAINER is deprecated."),
    p(Kics, "Missing Dnf Clean All", "`dnf clean all` missing after dnf."),
    p(Kics, "Missing Zypper Clean", "`zypper clean` missing after zypper."),
    p(Kics, "Multiple RUN, ADD, COPY, Instructions Listed", "Consecutive RUNs, or ADD/COPY to the same destination, that could be merged."),
    p(Kics, "Pip install Keeping Cached Packages", "`pip install` without `--no-cache-dir`."),
    p(Kics, "Yum Clean All Missing", "`yum clean all` missing after yum."),
    p(Kics, "COPY '--from' References Current FROM Alias", "`COPY --from` names its own stage."),
    p(Kics, "Copy With More Than Two Arguments Not Ending With Slash", "COPY with several sources to a destination not ending in `/`."),
    p(Kics, "Multiple CMD Instructions Listed", "More than one CMD."),
    p(Kics, "Multiple ENTRYPOINT Instructions Listed", "More than one ENTRYPOINT."),
    p(Kics, "RUN Instruction Using 'cd' Instead of WORKDIR", "`cd` in RUN where WORKDIR would do."),
    p(Kics, "Same Alias In Different Froms", "Two stages with the same name."),
    p(Kics, "Update Instruction Alone", "A package index update not followed by an install in the same RUN."),
    p(Kics, "Using Unnamed Build Stages", "`COPY --from` uses a stage number instead of a name.")
        .because(WeDisagree("`--from=<number>` is valid and common in two-stage files, and hadolint accepts it too. PL906 reports a number that points at a later or missing stage, which breaks the build; naming stages is a readability choice we leave to the author.")),
    p(Kics, "WORKDIR Path Not Absolute", "WORKDIR is a relative path."),
    p(Kics, "Healthcheck Instruction Missing", "No HEALTHCHECK."),
    p(Kics, "Shell Running A Pipe Without Pipefail Flag", "A pipe in RUN without `-o pipefail`."),
    p(Kics, "APT-GET Missing Flags To Avoid Manual Input", "`apt-get` without `-y`."),
    p(Kics, "Missing Flag From Dnf Install", "`dnf install` without `-y`."),
    p(Kics, "Run Using 'wget' and 'curl'", "Both wget and curl are used."),
    p(Kics, "Run Using apt", "`apt` used instead of `apt-get`."),
    p(Kics, "Yum Install Allows Manual Input", "`yum install` without `-y`."),
    p(Kics, "Zypper Install Without Version", "`zypper install` without versions."),
    p(Kics, "Using Platform Flag with FROM Command", "`FROM --platform` used."),
    p(Kics, "UNIX Ports Out Of Range", "EXPOSE port outside 0-65535."),
    p(Kics, "Apk Add Using Local Cache Path", "`apk add` without `--no-cache`."),
    p(Kics, "Apt Get Install Lists Were Not Deleted", "apt package lists left in the image."),
    p(Kics, "APT-GET Not Avoiding Additional Packages", "`apt-get install` without `--no-install-recommends`."),
    p(Kics, "Run Utilities And POSIX Commands", "RUN calls interactive or system commands (ps, shutdown, service, top, kill, mount, vim...)."),
    p(Kics, "Passwords And Secrets", "Passwords, keys and tokens written in the file (common query, also run on Dockerfiles)."),
    p(Kics, "Run Using Upgrade Commands", "`apt-get upgrade` or `dist-upgrade`.")
        .because(Removed("No longer in KICS's current Dockerfile query list. PL311 reports distribution upgrades.")),
    p(Kics, "Run Using dnf Update", "`dnf update`.")
        .because(Removed("No longer in KICS's current Dockerfile query list.")),
    p(Kics, "Use of Apk Upgrade", "`apk upgrade`.")
        .because(Removed("No longer in KICS's current Dockerfile query list.")),
    p(Kics, "Yum Update Enabled", "`yum update`.")
        .because(Removed("No longer in KICS's current Dockerfile query list.")),
    p(Kics, "Run Using Zypper Update", "`zypper update`.")
        .because(Removed("No longer in KICS's current Dockerfile query list.")),
    p(Kics, "Vulnerable OpenSSL Version", "An OpenSSL version with known vulnerabilities is installed.")
        .because(Removed("No longer in KICS's current Dockerfile query list; vulnerable versions are a job for an image scanner.")),
    p(Kics, "Secrets Stored In Dockerfile", "Secrets written in the Dockerfile.")
        .because(Removed("Replaced by the common query \"Passwords And Secrets\".")),
    // Semgrep (semgrep-rules dockerfile/ and generic/dockerfile/)
    p(Semgrep, "dockerfile-source-not-pinned", "FROM not pinned to a `@sha256:` digest."),
    p(Semgrep, "dockerfile-pip-extra-index-url", "`pip install --extra-index-url` (dependency confusion)."),
    p(Semgrep, "avoid-apk-upgrade", "`apk upgrade`.").because(UPGRADES),
    p(Semgrep, "avoid-apt-get-upgrade", "`apt-get upgrade` or `dist-upgrade`.").because(UPGRADES),
    p(Semgrep, "avoid-dnf-update", "`dnf update`.").because(UPGRADES),
    p(Semgrep, "avoid-latest-version", "FROM uses the `latest` tag."),
    p(Semgrep, "avoid-platform-with-from", "`FROM --platform` used."),
    p(Semgrep, "avoid-yum-update", "`yum update`.").because(UPGRADES),
    p(Semgrep, "avoid-zypper-update", "`zypper update`.").because(UPGRADES),
    p(Semgrep, "maintainer-is-deprecated", "MAINTAINER is deprecated."),
    p(Semgrep, "missing-apk-no-cache", "`apk add` without `--no-cache`."),
    p(Semgrep, "missing-dnf-assume-yes-switch", "`dnf install` without `-y`."),
    p(Semgrep, "missing-dnf-clean-all", "`dnf clean all` missing."),
    p(Semgrep, "missing-image-version", "FROM without a tag."),
    p(Semgrep, "missing-no-install-recommends", "`apt-get install` without `--no-install-recommends`."),
    p(Semgrep, "missing-pip-no-cache-dir", "`pip install` without `--no-cache-dir`."),
    p(Semgrep, "missing-yum-assume-yes-switch", "`yum install` without `-y`."),
    p(Semgrep, "missing-zypper-clean", "`zypper clean` missing."),
    p(Semgrep, "nonsensical-command", "RUN calls a command that makes no sense in an image build."),
    p(Semgrep, "prefer-apt-get", "`apt` used instead of `apt-get`."),
    p(Semgrep, "prefer-copy-over-add", "ADD of a URL or an archive."),
    p(Semgrep, "prefer-json-notation", "CMD or ENTRYPOINT in shell form."),
    p(Semgrep, "remove-package-cache", "`apt-get update` without `apt-get clean`.")
        .because(WeDisagree("Debian and Ubuntu images already empty `/var/cache/apt` after every install (their `/etc/apt/apt.conf.d/docker-clean`), so `apt-get clean` changes nothing there; what does stay is `/var/lib/apt/lists`, which PL304 reports.")),
    p(Semgrep, "remove-package-lists", "`apt-get update` without removing `/var/lib/apt/lists`."),
    p(Semgrep, "set-pipefail", "A pipe in RUN without pipefail."),
    p(Semgrep, "use-either-wget-or-curl", "Both wget and curl are used."),
    p(Semgrep, "use-shell-instruction", "`/bin/sh` replaced in RUN instead of using SHELL."),
    p(Semgrep, "use-workdir", "`cd` in RUN where WORKDIR would do."),
    p(Semgrep, "invalid-port", "EXPOSE port outside 0-65535."),
    p(Semgrep, "missing-assume-yes-switch", "`apt-get install` without `-y`."),
    p(Semgrep, "multiple-entrypoint-instructions", "More than one ENTRYPOINT."),
    p(Semgrep, "dockerfile-dockerd-socket-mount", "VOLUME of the Docker socket."),
    p(Semgrep, "last-user-is-root", "The last USER is root."),
    p(Semgrep, "missing-user-entrypoint", "ENTRYPOINT with no USER before it."),
    p(Semgrep, "missing-user", "CMD with no USER before it."),
    p(Semgrep, "no-sudo-in-dockerfile", "`sudo` used."),
    p(Semgrep, "run-security-insecure", "`RUN --security=insecure` (build step without the sandbox)."),
    p(Semgrep, "secret-in-build-arg", "ARG whose name looks like a secret."),
    p(Semgrep, "missing-yum-clean-all", "`yum clean all` missing."),
    p(Semgrep, "use-absolute-workdir", "WORKDIR is a relative path."),
    p(Semgrep, "alias-must-be-unique", "Two stages with the same name."),
    p(Semgrep, "copy-from-own-alias", "`COPY --from` names its own stage."),
    p(Semgrep, "multiple-cmd-instructions", "More than one CMD."),
    p(Semgrep, "missing-zypper-no-confirm-switch", "`zypper install` without `-y`."),
    // Kubernetes workloads, answered by the PLK rules: Checkov
    // (checkov/kubernetes/checks/resource/k8s), Trivy (trivy-checks
    // checks/kubernetes), kube-linter (pkg/builtinchecks/yamls), Polaris
    // (pkg/config/checks), Semgrep (semgrep-rules yaml/kubernetes/security).
    p(Checkov, "CKV_K8S_8", "Containers without a liveness probe."),
    p(Checkov, "CKV_K8S_9", "Containers without a readiness probe."),
    p(Checkov, "CKV_K8S_10", "Containers without a CPU request.").because(K8S_REQUESTS),
    p(Checkov, "CKV_K8S_11", "Containers without a CPU limit."),
    p(Checkov, "CKV_K8S_12", "Containers without a memory request.").because(K8S_REQUESTS),
    p(Checkov, "CKV_K8S_13", "Containers without a memory limit."),
    p(Checkov, "CKV_K8S_14", "Image without a tag or with `latest`."),
    p(Checkov, "CKV_K8S_15", "Image pull policy is not `Always`.").because(K8S_PULL_POLICY),
    p(Checkov, "CKV_K8S_16", "Privileged containers."),
    p(Checkov, "CKV_K8S_17", "Pods sharing the node's PID namespace."),
    p(Checkov, "CKV_K8S_18", "Pods sharing the node's IPC namespace."),
    p(Checkov, "CKV_K8S_19", "Pods sharing the node's network namespace."),
    p(Checkov, "CKV_K8S_20", "Containers that allow privilege escalation."),
    p(Checkov, "CKV_K8S_22", "Containers without a read-only root file system."),
    p(Checkov, "CKV_K8S_23", "Containers admitted as root (no `runAsNonRoot` or non-root `runAsUser`)."),
    p(Checkov, "CKV_K8S_25", "Containers with added capabilities."),
    p(Checkov, "CKV_K8S_26", "Container ports with a `hostPort`."),
    p(Checkov, "CKV_K8S_27", "The Docker socket mounted from the node."),
    p(Checkov, "CKV_K8S_28", "Containers that do not drop `NET_RAW`."),
    p(Checkov, "CKV_K8S_31", "No `RuntimeDefault` seccomp profile."),
    p(Checkov, "CKV_K8S_37", "Containers that do not drop every capability."),
    p(Checkov, "CKV_K8S_38", "Service account tokens mounted where they are not needed."),
    p(Checkov, "CKV_K8S_39", "Containers with `SYS_ADMIN`."),
    p(Checkov, "CKV_K8S_40", "Containers running with a UID below 10000.").because(K8S_HIGH_UID),
    p(Checkov, "CKV_K8S_43", "Images not pinned by digest.")
        .because(NotYet("PLK201 asks for a version tag or a digest; a digest-only policy for manifests is planned as an option, as PL202 is for `FROM`.")),
    p(Trivy, "KSV-0001", "Containers that may escalate privileges."),
    p(Trivy, "KSV-0002", "AppArmor profile not the runtime default."),
    p(Trivy, "KSV-0003", "Containers that do not drop every capability."),
    p(Trivy, "KSV-0004", "Containers that drop no capability."),
    p(Trivy, "KSV-0005", "Containers with `SYS_ADMIN`."),
    p(Trivy, "KSV-0006", "The Docker socket mounted from the node."),
    p(Trivy, "KSV-0008", "Pods sharing the node's IPC namespace."),
    p(Trivy, "KSV-0009", "Pods sharing the node's network namespace."),
    p(Trivy, "KSV-0010", "Pods sharing the node's PID namespace."),
    p(Trivy, "KSV-0011", "Containers without a CPU limit."),
    p(Trivy, "KSV-0012", "Containers that may run as root."),
    p(Trivy, "KSV-0013", "Images with the `latest` tag."),
    p(Trivy, "KSV-0014", "Containers without a read-only root file system."),
    p(Trivy, "KSV-0015", "Containers without a CPU request.").because(K8S_REQUESTS),
    p(Trivy, "KSV-0016", "Containers without a memory request.").because(K8S_REQUESTS),
    p(Trivy, "KSV-0017", "Privileged containers."),
    p(Trivy, "KSV-0018", "Containers without a memory limit."),
    p(Trivy, "KSV-0020", "Containers running with a UID of 10000 or below.").because(K8S_HIGH_UID),
    p(Trivy, "KSV-0021", "Containers running with a GID of 10000 or below.").because(K8S_HIGH_UID),
    p(Trivy, "KSV-0022", "Containers adding capabilities beyond the baseline set."),
    p(Trivy, "KSV-0023", "`hostPath` volumes."),
    p(Trivy, "KSV-0024", "Container ports with a `hostPort`."),
    p(Trivy, "KSV-0030", "No `RuntimeDefault` seccomp profile."),
    p(Trivy, "KSV-0036", "Service account tokens mounted."),
    p(Trivy, "KSV-0104", "Seccomp profile `Unconfined`."),
    p(Trivy, "KSV-0105", "Containers with `runAsUser: 0`."),
    p(Trivy, "KSV-0119", "Containers adding `NET_RAW`."),
    p(Trivy, "KSV-0120", "Containers adding `SYS_MODULE`."),
    p(KubeLinter, "run-as-non-root", "Containers not required to run as a non-root user."),
    p(KubeLinter, "privilege-escalation-container", "Containers that allow privilege escalation."),
    p(KubeLinter, "privileged-container", "Privileged containers."),
    p(KubeLinter, "drop-net-raw-capability", "Containers that do not drop `NET_RAW`."),
    p(KubeLinter, "host-pid", "Pods sharing the node's PID namespace."),
    p(KubeLinter, "host-ipc", "Pods sharing the node's IPC namespace."),
    p(KubeLinter, "host-network", "Pods sharing the node's network namespace."),
    p(KubeLinter, "docker-sock", "The Docker socket mounted from the node."),
    p(KubeLinter, "sensitive-host-mounts", "System directories of the node mounted."),
    p(KubeLinter, "writable-host-mount", "Node paths mounted writable."),
    p(KubeLinter, "latest-tag", "Images with the `latest` tag."),
    p(KubeLinter, "no-read-only-root-fs", "Containers without a read-only root file system."),
    p(KubeLinter, "unset-cpu-requirements", "Containers without CPU requests and limits."),
    p(KubeLinter, "unset-memory-requirements", "Containers without memory requests and limits."),
    p(KubeLinter, "no-liveness-probe", "Containers without a liveness probe."),
    p(KubeLinter, "no-readiness-probe", "Containers without a readiness probe."),
    p(Polaris, "runAsRootAllowed", "Containers allowed to run as root."),
    p(Polaris, "privilegeEscalationAllowed", "Containers that allow privilege escalation."),
    p(Polaris, "runAsPrivileged", "Privileged containers."),
    p(Polaris, "dangerousCapabilities", "Containers with dangerous capabilities (`ALL`, `SYS_ADMIN`, `NET_ADMIN`)."),
    p(Polaris, "insecureCapabilities", "Containers keeping insecure default capabilities."),
    p(Polaris, "hostPIDSet", "Pods sharing the node's PID namespace."),
    p(Polaris, "hostIPCSet", "Pods sharing the node's IPC namespace."),
    p(Polaris, "hostNetworkSet", "Pods sharing the node's network namespace."),
    p(Polaris, "hostPortSet", "Container ports with a `hostPort`."),
    p(Polaris, "hostPathSet", "`hostPath` volumes."),
    p(Polaris, "linuxHardening", "No seccomp, AppArmor, SELinux or dropped capabilities."),
    p(Polaris, "tagNotSpecified", "Images without a tag or with `latest`."),
    p(Polaris, "pullPolicyNotAlways", "Image pull policy is not `Always`.").because(K8S_PULL_POLICY),
    p(Polaris, "notReadOnlyRootFilesystem", "Containers without a read-only root file system."),
    p(Polaris, "cpuLimitsMissing", "Containers without a CPU limit."),
    p(Polaris, "memoryLimitsMissing", "Containers without a memory limit."),
    p(Polaris, "cpuRequestsMissing", "Containers without a CPU request.").because(K8S_REQUESTS),
    p(Polaris, "memoryRequestsMissing", "Containers without a memory request.").because(K8S_REQUESTS),
    p(Polaris, "livenessProbeMissing", "Containers without a liveness probe."),
    p(Polaris, "readinessProbeMissing", "Containers without a readiness probe."),
    p(Polaris, "automountServiceAccountToken", "Service account tokens mounted."),
    // Semgrep's `privileged-container` and `run-as-non-root` are spelled as
    // kube-linter's checks above, whose rows (and aliases) answer them too.
    p(Semgrep, "allow-privilege-escalation", "A container `securityContext` without `allowPrivilegeEscalation: false`."),
    p(Semgrep, "allow-privilege-escalation-no-securitycontext", "A container without a `securityContext` (privilege escalation allowed)."),
    p(Semgrep, "allow-privilege-escalation-true", "A container with `allowPrivilegeEscalation: true`."),
    p(Semgrep, "hostnetwork-pod", "A pod with `hostNetwork: true`."),
    p(Semgrep, "hostpid-pod", "A pod with `hostPID: true`."),
    p(Semgrep, "hostipc-pod", "A pod with `hostIPC: true`."),
    p(Semgrep, "exposing-docker-socket-hostpath", "A `hostPath` volume of the Docker socket."),
    p(Semgrep, "run-as-non-root-unsafe-value", "`runAsNonRoot: false`."),
    p(Semgrep, "writable-filesystem-container", "A container without `readOnlyRootFilesystem: true`."),
    // dockle (pkg/types/checkpoint.go, CHECKPOINT.md)
    p(Dockle, "CIS-DI-0001", "The image runs as root (no USER, or USER root)."),
    p(Dockle, "CIS-DI-0002", "Use trusted base images (not implemented by dockle)."),
    p(Dockle, "CIS-DI-0003", "No unnecessary packages (not implemented by dockle)."),
    p(Dockle, "CIS-DI-0004", "Scan and rebuild images for security patches (not implemented by dockle).")
        .because(NotADockerfileCheck("Needs a vulnerability scan of the built image (Trivy, Grype) and a rebuild policy; the Dockerfile does not show which package versions end up installed.")),
    p(Dockle, "CIS-DI-0005", "Content trust not enabled (`DOCKER_CONTENT_TRUST`)."),
    p(Dockle, "CIS-DI-0006", "No HEALTHCHECK."),
    p(Dockle, "CIS-DI-0007", "A package index update used alone."),
    p(Dockle, "CIS-DI-0008", "Files with setuid or setgid bits."),
    p(Dockle, "CIS-DI-0009", "ADD used instead of COPY."),
    p(Dockle, "CIS-DI-0010", "Credentials in environment variables or files."),
    p(Dockle, "CIS-DI-0011", "Only verified packages installed (not implemented by dockle)."),
    p(Dockle, "DKL-DI-0001", "`sudo` used."),
    p(Dockle, "DKL-DI-0002", "VOLUME of a sensitive directory (/sys, /dev, /proc)."),
    p(Dockle, "DKL-DI-0003", "`apt-get dist-upgrade` used."),
    p(Dockle, "DKL-DI-0004", "`apk add` without `--no-cache`."),
    p(Dockle, "DKL-DI-0005", "apt caches and lists not cleared."),
    p(Dockle, "DKL-DI-0006", "The `latest` tag."),
    p(Dockle, "DKL-LI-0001", "Accounts with an empty password."),
    p(Dockle, "DKL-LI-0002", "Duplicate UIDs or GIDs.")
        .because(NotADockerfileCheck("Needs the image's `/etc/passwd` and `/etc/group`, which start from the base image's accounts the Dockerfile does not show.")),
    p(Dockle, "DKL-LI-0003", "Unneeded files shipped (.git, .cache, .aws, IDE folders, Dockerfile...)."),
    // CIS Docker Benchmark section 4
    p(Cis, "4.1", "Create a user for the container.").same_as(Dockle, "CIS-DI-0001"),
    p(Cis, "4.2", "Use only trusted base images.").same_as(Dockle, "CIS-DI-0002"),
    p(Cis, "4.3", "Do not install unnecessary packages.").same_as(Dockle, "CIS-DI-0003"),
    p(Cis, "4.4", "Scan images and rebuild them to include security patches.")
        .same_as(Dockle, "CIS-DI-0004")
        .because(NotADockerfileCheck("Needs a vulnerability scan of the built image and a rebuild policy; the Dockerfile does not show which package versions end up installed.")),
    p(Cis, "4.5", "Enable content trust for Docker.").same_as(Dockle, "CIS-DI-0005"),
    p(Cis, "4.6", "Add a HEALTHCHECK to container images.").same_as(Dockle, "CIS-DI-0006"),
    p(Cis, "4.7", "Do not use package index update instructions alone.").same_as(Dockle, "CIS-DI-0007"),
    p(Cis, "4.8", "Remove setuid and setgid permissions.").same_as(Dockle, "CIS-DI-0008"),
    p(Cis, "4.9", "Use COPY instead of ADD.").same_as(Dockle, "CIS-DI-0009"),
    p(Cis, "4.10", "Do not store secrets in Dockerfiles.").same_as(Dockle, "CIS-DI-0010"),
    p(Cis, "4.11", "Install only verified packages.").same_as(Dockle, "CIS-DI-0011"),
    p(Cis, "4.12", "Validate all signed artifacts.")
        .because(NotADockerfileCheck("Asks the pipeline to verify the signatures of the artifacts it builds and publishes, at the registry and at deploy time. Inside the Dockerfile, PL802 reports downloads used without a checksum or signature check.")),
    // Compose. KICS (assets/queries/dockerCompose, current query names).
    p(Kics, "Privileged Containers Enabled", "A Compose service with `privileged: true`."),
    p(Kics, "Container Capabilities Unrestricted", "A Compose service adds capabilities or does not drop them."),
    p(Kics, "Docker Socket Mounted In Container", "A Compose volume mounts the Docker socket."),
    p(Kics, "Volume Has Sensitive Host Directory", "A Compose volume mounts a sensitive host directory."),
    p(Kics, "Host Namespace is Shared", "A Compose service with `pid: host`."),
    p(Kics, "Shared Host IPC Namespace", "A Compose service with `ipc: host`."),
    p(Kics, "Shared Host Network Namespace", "A Compose service with `network_mode: host`."),
    p(Kics, "Shared Host User Namespace", "A Compose service with `userns_mode: host`."),
    p(Kics, "No New Privileges Not Set", "A Compose service without `no-new-privileges:true`."),
    p(Kics, "Security Opt Not Set", "A Compose service without `security_opt`."),
    p(Kics, "Default Seccomp Profile Disabled", "A Compose service with `seccomp:unconfined`."),
    p(Kics, "Memory Not Limited", "A Compose service without a memory limit."),
    p(Kics, "Cpus Not Limited", "A Compose service without a CPU limit.").because(CPU_LIMIT),
    p(Kics, "Pids Limit Not Set", "A Compose service without `pids_limit`.").because(PIDS_LIMIT),
    p(Kics, "Container Traffic Not Bound To Host Interface", "A Compose port published without a host address."),
    p(Kics, "Healthcheck Not Set", "A Compose service without `healthcheck`.").because(COMPOSE_HEALTHCHECK),
    p(Kics, "Cgroup Not Default", "A Compose service with `cgroup_parent`.").because(CGROUP_PARENT),
    p(Kics, "Networks Not Set", "A Compose service without `networks`.").because(DEFAULT_BRIDGE),
    p(Kics, "Privileged Ports Mapped In Container", "A Compose port below 1024.").because(LOW_PORTS),
    p(Kics, "Restart Policy On Failure Not Set To 5", "A Compose service whose restart policy is not `on-failure:5`.").because(RESTART_POLICY),
    p(Kics, "Shared Volumes Between Containers", "Two Compose services mount the same volume.")
        .because(WeDisagree("Named volumes shared between services are how Compose services exchange files (a web server serving what an application writes); the risk is in what each service may write, which `:ro` on the reader answers.")),
    p(Kics, "Volume Mounted In Multiple Containers", "A Compose bind mount with `shared` or `slave` propagation.").because(MOUNT_PROPAGATION),
    // Semgrep (semgrep-rules yaml/docker-compose/security)
    p(Semgrep, "privileged-service", "A Compose service with `privileged: true`."),
    p(Semgrep, "exposing-docker-socket-volume", "A Compose volume mounts the Docker socket."),
    p(Semgrep, "no-new-privileges", "A Compose service without `no-new-privileges:true`."),
    p(Semgrep, "seccomp-confinement-disabled", "A Compose service with `seccomp:unconfined`."),
    p(Semgrep, "selinux-separation-disabled", "A Compose service with `label:disable`."),
    p(Semgrep, "service-runs-as-root", "A Compose service with `user: root`."),
    p(Semgrep, "writable-filesystem-service", "A Compose service without `read_only: true`."),
    // CIS Docker Benchmark section 5 (container runtime), as Compose sets it
    p(Cis, "5.1", "Enable an AppArmor profile, if applicable."),
    p(Cis, "5.2", "Set SELinux security options, if applicable."),
    p(Cis, "5.3", "Restrict Linux kernel capabilities within containers."),
    p(Cis, "5.4", "Do not use privileged containers."),
    p(Cis, "5.5", "Do not mount sensitive host system directories on containers."),
    p(Cis, "5.6", "Do not run sshd within containers."),
    p(Cis, "5.7", "Do not map privileged ports within containers.").because(LOW_PORTS),
    p(Cis, "5.8", "Open only the ports the container needs.")
        .because(NotYet("Which ports a service needs is the application's to say; PL502 reports risky EXPOSE ports and PLC501 ports published on every interface.")),
    p(Cis, "5.9", "Do not share the host's network namespace."),
    p(Cis, "5.10", "Limit the container's memory."),
    p(Cis, "5.11", "Set CPU priority appropriately.").because(CPU_LIMIT),
    p(Cis, "5.12", "Mount the container's root file system read-only."),
    p(Cis, "5.13", "Bind incoming container traffic to a specific host interface."),
    p(Cis, "5.14", "Set the `on-failure` restart policy to 5.").because(RESTART_POLICY),
    p(Cis, "5.15", "Do not share the host's process namespace."),
    p(Cis, "5.16", "Do not share the host's IPC namespace."),
    p(Cis, "5.17", "Do not expose host devices directly to containers."),
    p(Cis, "5.18", "Override the default ulimit at run time only if needed.")
        .because(WeDisagree("The item asks to keep the daemon's default ulimits; a Compose `ulimits:` raises or lowers them for a reason the file cannot show, and lowering them is hardening.")),
    p(Cis, "5.19", "Do not set mount propagation to shared.").because(MOUNT_PROPAGATION),
    p(Cis, "5.20", "Do not share the host's UTS namespace."),
    p(Cis, "5.21", "Do not disable the default seccomp profile."),
    p(Cis, "5.22", "Do not use `docker exec` with `--privileged`.")
        .because(NotADockerfileCheck("An operator's command on a running container, not a setting of a file.")),
    p(Cis, "5.23", "Do not use `docker exec` with `--user=root`.")
        .because(NotADockerfileCheck("An operator's command on a running container, not a setting of a file.")),
    p(Cis, "5.24", "Confirm cgroup usage.").because(CGROUP_PARENT),
    p(Cis, "5.25", "Restrict the container from acquiring additional privileges."),
    p(Cis, "5.26", "Check container health at run time."),
    p(Cis, "5.27", "Make Docker commands use the latest version of their image.")
        .because(NotADockerfileCheck("About pulling images before running them (`docker compose pull`), not a setting of a file.")),
    p(Cis, "5.28", "Use the PIDs cgroup limit.").because(PIDS_LIMIT),
    p(Cis, "5.29", "Do not use Docker's default bridge `docker0`.").because(DEFAULT_BRIDGE),
    p(Cis, "5.30", "Do not share the host's user namespaces."),
    p(Cis, "5.31", "Do not mount the Docker socket inside any container."),
];
