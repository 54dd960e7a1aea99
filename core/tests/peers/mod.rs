//! Helpers shared by the tests that hold our rules to the peers' own test
//! cases (`peer_fixtures.rs`, `conformance_*.rs`): which rules answer a peer
//! id, what they report, and the hadolint ONBUILD variant of a case.

#![allow(dead_code)] // each test file uses its own subset

use plimsoll_core::coverage::PEER_RULES;
use plimsoll_core::project::FileKind;
use plimsoll_core::rules::{Rule, Tool};
use plimsoll_core::syntax::parse;
use plimsoll_core::Report;

/// The rules that alias a peer id; panics when there are none.
pub fn rules_for(tool: Tool, id: &str) -> Vec<&'static Rule> {
    let peer = PEER_RULES
        .iter()
        .find(|peer| peer.tool == tool && peer.id == id)
        .unwrap_or_else(|| panic!("{} has no peer id {id:?}", tool.name()));
    // The peers' Dockerfile test cases concern the rules that read
    // Dockerfiles (KICS's "Passwords And Secrets" also names PLC401).
    let rules: Vec<&'static Rule> = peer
        .rules()
        .into_iter()
        .filter(|rule| rule.check.reads() == FileKind::Dockerfile)
        .collect();
    assert!(
        !rules.is_empty(),
        "{} {id}: no Plimsoll rule aliases it",
        tool.name()
    );
    rules
}

/// Settings that run exactly `rules` (also those off by default).
pub fn only(rules: &[&'static Rule]) -> plimsoll_core::Settings {
    plimsoll_core::Settings {
        select: rules.iter().map(|rule| rule.code.to_string()).collect(),
        ..plimsoll_core::Settings::default()
    }
}

/// Findings of `rules` that answer the peer's tool (a finding can narrow its
/// rule's aliases, as PL702 does for BuildKit after an earlier WORKDIR), as
/// `CODE line N: message`.
pub fn hits(report: &Report, rules: &[&'static Rule], tool: Tool) -> Vec<String> {
    report
        .active_findings()
        .filter(|finding| rules.iter().any(|rule| rule.code == finding.rule))
        .filter(|finding| finding.answers(tool))
        .map(|finding| {
            format!(
                "{} line {}: {}",
                finding.rule, finding.location.start.line, finding.message.en
            )
        })
        .collect()
}

/// The lines the findings of `rules` that answer `tool` report, as a peer
/// reports them: the first line of the instruction holding the finding (a
/// comment or directive outside any instruction keeps its own line);
/// sorted, each once.
pub fn hit_lines(source: &str, report: &Report, rules: &[&'static Rule], tool: Tool) -> Vec<u32> {
    let instructions = parse(source).instructions;
    let mut lines: Vec<u32> = report
        .active_findings()
        .filter(|finding| rules.iter().any(|rule| rule.code == finding.rule))
        .filter(|finding| finding.answers(tool))
        .map(|finding| {
            let line = finding.location.start.line;
            instructions
                .iter()
                .find(|instruction| (instruction.line..=instruction.end_line).contains(&line))
                .map_or(line, |instruction| instruction.line)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Every `RUN` line of a case wrapped in ONBUILD (hadolint's
/// `onBuildRuleCatches`: a trigger runs the same commands in the builds
/// based on the image).
pub fn wrap_in_onbuild(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.strip_prefix("RUN ") {
            Some(rest) => format!("ONBUILD RUN {rest}\n"),
            None => format!("{line}\n"),
        })
        .collect()
}
