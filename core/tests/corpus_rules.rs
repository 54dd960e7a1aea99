//! Runs every rule on the real corpus and prints how many files each rule
//! fires on. `PLIMSOLL_SHOW=PL301 cargo test -p plimsoll-core --test
//! corpus_rules -- --nocapture` also prints every hit of that rule, for
//! reading by hand. A report, and a guard that nothing panics.

use plimsoll_core::rules::RULES;
use plimsoll_core::{check, Settings};

#[test]
fn rule_hits_on_the_real_corpus() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus not found at {}: skipped", dir.display());
        return;
    };
    let show = std::env::var("PLIMSOLL_SHOW").unwrap_or_default();
    let mut files: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
    files.sort();
    let mut hits: Vec<usize> = vec![0; RULES.len()];
    let mut total = 0;
    for path in files.iter().filter(|path| !path.ends_with("SOURCES.tsv")) {
        let source = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let report = check(&source, &Settings::default());
        total += 1;
        for (index, rule) in RULES.iter().enumerate() {
            let found: Vec<_> = report
                .findings
                .iter()
                .filter(|finding| finding.rule == rule.code)
                .collect();
            if !found.is_empty() {
                hits[index] += 1;
            }
            if show.split(',').any(|code| code == rule.code) {
                for finding in found {
                    let line = source
                        .lines()
                        .nth(finding.location.start.line as usize - 1)
                        .unwrap_or("");
                    println!(
                        "{}:{}: {}\n    {}",
                        path.file_name().unwrap().to_string_lossy(),
                        finding.location.start.line,
                        finding.message.en,
                        line.trim()
                    );
                }
            }
        }
    }
    println!("{total} files");
    for (rule, count) in RULES.iter().zip(hits) {
        println!("{:>4} files  {} {}", count, rule.code, rule.name);
    }
}
