//! Runs every Compose, Kubernetes and workflow rule on the companion corpus
//! (real Compose files, manifests and CI workflows from public projects), prints how many files
//! each fires on, and holds the rules that fire on none to a list, as
//! `corpus_rules.rs` does for the Dockerfile rules.
//! `PLIMSOLL_SHOW=PLC501 cargo test -p plimsoll-core --test companion_rules
//! -- --nocapture` prints every hit of that rule, for reading by hand.

mod support;

use plimsoll_core::project::{FileKind, Project};
use plimsoll_core::rules::RULES;
use plimsoll_core::Settings;
use support::fixtures::{companion_files, read_lossy};

/// Companion rules that fire on no file of the companion corpus, and why.
const SILENT_ON_CORPUS: &[(&str, &str)] = &[
    (
        "PLK102",
        "a cross-check with the image's Dockerfile: the corpus holds manifests alone",
    ),
    (
        "PLK502",
        "a cross-check with the image's Dockerfile: the corpus holds manifests alone",
    ),
    (
        "PLW401",
        "the corpus workflows pass only versions and switches as build arguments (BASE_IMAGE, CLANG_VERSION, VERSION_ARG, SCANNER); none passes a secret",
    ),
];

#[test]
fn companion_rule_hits_on_the_companion_corpus() {
    let test = "companion_rule_hits_on_the_companion_corpus";
    let Some(compose) = companion_files(test, "compose", &[".yml", ".yaml"], 30) else {
        return;
    };
    let Some(manifests) = companion_files(test, "k8s", &[".yml", ".yaml"], 30) else {
        return;
    };
    let Some(workflows) = companion_files(test, "workflows", &[".yml", ".yaml"], 25) else {
        return;
    };
    let show = std::env::var("PLIMSOLL_SHOW").unwrap_or_default();
    let settings = Settings::default();
    let companion_rules: Vec<_> = RULES
        .iter()
        .filter(|rule| rule.check.reads() != FileKind::Dockerfile)
        .collect();
    let mut hits = vec![0usize; companion_rules.len()];
    let mut findings = 0;
    for (path, name) in compose
        .iter()
        .map(|path| (path, "compose.yaml"))
        .chain(manifests.iter().map(|path| (path, "manifest.yaml")))
        .chain(workflows.iter().map(|path| (path, "workflow")))
    {
        let text = read_lossy(path);
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let project = Project {
            files: vec![(
                // The corpus names files `owner__repo__path`; the rules
                // need the kind, which a Compose file takes from its name
                // and a workflow from its place in the repository.
                match name {
                    "compose.yaml" => name.to_string(),
                    "workflow" => file_name.split("__").skip(2).collect::<Vec<_>>().join("/"),
                    _ => file_name,
                },
                text.clone(),
            )],
            paths: None,
            name: None,
        };
        let checked = project.check(&settings);
        let file = &checked[0];
        assert!(
            file.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            file.errors
        );
        findings += file.findings.len();
        for (index, rule) in companion_rules.iter().enumerate() {
            let found: Vec<_> = file
                .findings
                .iter()
                .filter(|finding| finding.rule == rule.code && finding.suppressed.is_none())
                .collect();
            if !found.is_empty() {
                hits[index] += 1;
            }
            if show.split(',').any(|code| code == rule.code) {
                for finding in found {
                    let line = text
                        .lines()
                        .nth(finding.location.start.line as usize - 1)
                        .unwrap_or("");
                    println!(
                        "{}:{}: {} {}\n    {}",
                        path.file_name().unwrap().to_string_lossy(),
                        finding.location.start.line,
                        finding.severity.as_str(),
                        finding.message.en,
                        line.trim()
                    );
                }
            }
        }
    }
    println!(
        "{} Compose files, {} manifests, {} workflows, {findings} findings",
        compose.len(),
        manifests.len(),
        workflows.len()
    );
    for (rule, count) in companion_rules.iter().zip(&hits) {
        println!("{count:>4} files  {} {}", rule.code, rule.name);
    }
    let silent: Vec<&str> = companion_rules
        .iter()
        .zip(&hits)
        .filter(|(_, count)| **count == 0)
        .map(|(rule, _)| rule.code)
        .collect();
    let listed: Vec<&str> = SILENT_ON_CORPUS.iter().map(|(code, _)| *code).collect();
    assert_eq!(
        silent, listed,
        "the companion rules that fire on no corpus file changed"
    );
}
