//! Peer parity: the peer table of `plimsoll_core::coverage`, the rules'
//! aliases and the committed COVERAGE.md agree.
//!
//! Regenerate COVERAGE.md with
//! `UPDATE_COVERAGE=1 cargo test -p plimsoll-core --test coverage`.

use std::collections::HashSet;
use std::path::PathBuf;

use plimsoll_core::coverage::{self, PEER_RULES};

const REGENERATE: &str = "UPDATE_COVERAGE=1 cargo test -p plimsoll-core --test coverage";

#[test]
fn peer_ids_are_listed_once() {
    let mut seen = HashSet::new();
    let twice: Vec<String> = PEER_RULES
        .iter()
        .filter(|peer| !seen.insert((peer.tool, peer.id)))
        .map(|peer| format!("{} {}", peer.tool.name(), peer.id))
        .collect();
    assert!(twice.is_empty(), "peer ids listed twice: {twice:?}");
}

#[test]
fn every_peer_id_is_covered_or_explained() {
    let unexplained: Vec<String> = coverage::unexplained()
        .iter()
        .map(|peer| format!("  {} {} ({})", peer.tool.name(), peer.id, peer.what))
        .collect();
    let stale: Vec<String> = coverage::stale_reasons()
        .iter()
        .map(|(peer, rules)| {
            let codes: Vec<&str> = rules.iter().map(|rule| rule.code).collect();
            format!(
                "  {} {}: covered by {} but still says \"{}\"",
                peer.tool.name(),
                peer.id,
                codes.join(", "),
                peer.reason.map_or("", |reason| reason.label())
            )
        })
        .collect();
    let mut message = String::new();
    if !unexplained.is_empty() {
        message.push_str(
            "peer ids that no rule aliases and core/src/coverage.rs does not explain \
             (add the alias to the rule, or a reason to the peer table):\n",
        );
        message.push_str(&unexplained.join("\n"));
        message.push('\n');
    }
    if !stale.is_empty() {
        message.push_str(
            "peer ids whose reason in core/src/coverage.rs is stale (remove the `.because(...)`):\n",
        );
        message.push_str(&stale.join("\n"));
        message.push('\n');
    }
    assert!(message.is_empty(), "{message}");
}

#[test]
fn every_alias_names_a_peer_id() {
    let unknown: Vec<String> = coverage::unknown_aliases()
        .iter()
        .map(|(rule, alias)| {
            let hint = PEER_RULES
                .iter()
                .find(|peer| peer.id.eq_ignore_ascii_case(alias.id))
                .map(|peer| format!(" (did you mean {} \"{}\"?)", peer.tool.name(), peer.id))
                .unwrap_or_default();
            format!(
                "  {} {}: {} \"{}\"{hint}",
                rule.code,
                rule.name,
                alias.tool.name(),
                alias.id
            )
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "rule aliases that name no id of the peer table in core/src/coverage.rs \
         (ids must match exactly, KICS names included):\n{}",
        unknown.join("\n")
    );
}

#[test]
fn coverage_md_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../COVERAGE.md");
    let expected = coverage::render();
    if std::env::var_os("UPDATE_COVERAGE").is_some() {
        std::fs::write(&path, &expected).expect("write COVERAGE.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != expected {
        let line = committed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || committed.lines().count().min(expected.lines().count()) + 1,
                |index| index + 1,
            );
        panic!(
            "COVERAGE.md is out of date (first difference at line {line}: committed {:?}, expected {:?}).\n\
             Regenerate it with:\n    {REGENERATE}",
            committed.lines().nth(line - 1).unwrap_or(""),
            expected.lines().nth(line - 1).unwrap_or(""),
        );
    }
}
