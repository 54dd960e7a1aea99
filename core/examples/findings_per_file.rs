//! How loud the default is: the distribution of findings per file on a
//! corpus, every active finding against what the text format and the page
//! show by default (info folded away, a rule's repeats grouped under its
//! first finding; see `Report::shown`), overall and per severity.
//!
//! `cargo run -p plimsoll-core --example findings_per_file [DIR]` (default:
//! `../shared/corpus/real/` next to the repository).

use std::path::PathBuf;

use plimsoll_core::{check, Report, Settings, Severity};

/// min, median, p90 and max of `counts`.
fn summary(mut counts: Vec<usize>) -> String {
    counts.sort_unstable();
    let at = |fraction: f64| counts[((counts.len() - 1) as f64 * fraction).round() as usize];
    format!(
        "min {:>2}  median {:>4.1}  p90 {:>2}  max {:>3}  total {:>5}",
        counts[0],
        if counts.len() % 2 == 0 {
            (counts[counts.len() / 2 - 1] + counts[counts.len() / 2]) as f64 / 2.0
        } else {
            counts[counts.len() / 2] as f64
        },
        at(0.9),
        counts[counts.len() - 1],
        counts.iter().sum::<usize>()
    )
}

fn print(title: &str, per_file: &[Vec<Severity>]) {
    println!("{title}");
    println!(
        "  {:<9} {}",
        "all",
        summary(per_file.iter().map(Vec::len).collect())
    );
    for severity in Severity::ALL {
        let counts = per_file
            .iter()
            .map(|found| found.iter().filter(|&&each| each == severity).count())
            .collect();
        println!("  {:<9} {}", severity.as_str(), summary(counts));
    }
}

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real"),
        PathBuf::from,
    );
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && !path.ends_with("SOURCES.tsv"))
        .collect();
    paths.sort();
    let reports: Vec<Report> = paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            check(&String::from_utf8_lossy(&bytes), &Settings::default())
        })
        .collect();
    let every: Vec<Vec<Severity>> = reports
        .iter()
        .map(|report| {
            report
                .active_findings()
                .map(|finding| finding.severity)
                .collect()
        })
        .collect();
    let shown: Vec<Vec<Severity>> = reports
        .iter()
        .map(|report| {
            report
                .shown(false)
                .iter()
                .map(|shown| report.findings[shown.index].severity)
                .collect()
        })
        .collect();
    println!("{} files in {}\n", paths.len(), dir.display());
    print(
        "every active finding (JSON, SARIF, --show-info lists all but the grouping):",
        &every,
    );
    println!();
    print(
        "shown by default (info folded, a rule's repeats grouped):",
        &shown,
    );
    // Nothing high or critical may be lost: each is shown, or folded under
    // a shown finding of its rule and severity.
    let mut lost = 0;
    for report in &reports {
        let entries = report.shown(false);
        for (index, finding) in report.findings.iter().enumerate() {
            if finding.suppressed.is_some() || finding.severity < Severity::High {
                continue;
            }
            let kept = entries.iter().any(|entry| {
                entry.index == index
                    || (entry.repeats.contains(&index)
                        && report.findings[entry.index].severity >= Severity::High)
            });
            lost += usize::from(!kept);
        }
    }
    println!("\nhigh or critical findings neither shown nor grouped under a high one: {lost}");
}
