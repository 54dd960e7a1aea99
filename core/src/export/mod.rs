//! Reports in the formats people and tools read: JSON (the stable contract
//! of the CLI and the JavaScript API), Markdown, SARIF 2.1.0 and GitLab Code
//! Quality. Built here so the CLI and the web app export exactly the same
//! thing.

use std::collections::BTreeMap;

use crate::report::Finding;
use crate::span::LineIndex;

pub mod catalog;
pub mod gitlab;
pub mod json;
pub mod markdown;
pub mod parse;
pub mod sarif;

/// A checked file: where it came from and its report.
pub struct FileReport<'a> {
    /// The path as the user gave it (`-` for standard input).
    pub path: &'a str,
    pub source: &'a str,
    pub report: &'a crate::Report,
}

impl<'a> FileReport<'a> {
    /// The `(path, source, report)` entries of a project
    /// ([`crate::project::Project::reports`]) as file reports.
    pub fn all(entries: &'a [(String, String, crate::Report)]) -> Vec<FileReport<'a>> {
        entries
            .iter()
            .map(|(path, source, report)| FileReport {
                path,
                source,
                report,
            })
            .collect()
    }
}

/// A fingerprint that survives unrelated edits: the rule, the trimmed text
/// of the finding's line, and how many times that pair occurred before in
/// the file (`seen` counts them). Code-scanning services match findings
/// across commits with it.
pub(crate) fn fingerprint(
    finding: &Finding,
    source: &str,
    index: &LineIndex,
    seen: &mut BTreeMap<(&'static str, u64), u32>,
) -> String {
    let line = (finding.location.start.line as usize).saturating_sub(1);
    let end = if line + 1 < index.line_count() {
        index.line_start(line + 1) as usize
    } else {
        source.len()
    };
    let line = source
        .get(index.line_start(line) as usize..end)
        .unwrap_or("")
        .trim();
    let hash = fnv1a(line.as_bytes());
    let count = seen.entry((finding.rule, hash)).or_insert(0);
    *count += 1;
    format!("{hash:016x}:{count}")
}

pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
