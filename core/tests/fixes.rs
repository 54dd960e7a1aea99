//! Applying every safe fix leaves a Dockerfile that still parses and no
//! longer raises what was fixed: on every rule's bad examples and on the
//! real corpus.

use plimsoll_core::docs::{DocSection, RuleDoc};
use plimsoll_core::fix::{self, Safety};
use plimsoll_core::rules::RULES;
use plimsoll_core::{check, Settings};

/// Applies safe fixes until none is left (overlapping fixes need a second
/// pass). Returns the final text and what still has a safe fix.
fn fix_all(source: &str) -> (String, Vec<String>) {
    let settings = Settings::default();
    let mut text = source.to_string();
    for _ in 0..6 {
        let report = check(&text, &settings);
        let safe: Vec<_> = report
            .findings
            .iter()
            .filter_map(|finding| {
                finding
                    .fix
                    .as_ref()
                    .filter(|fix| fix.safety == Safety::Safe && fix.is_applicable())
            })
            .collect();
        if safe.is_empty() {
            return (text, Vec::new());
        }
        let (fixed, applied) = fix::apply(&text, safe);
        assert!(applied > 0, "safe fixes exist but none applies to:\n{text}");
        text = fixed;
    }
    let report = check(&text, &settings);
    let left = report
        .findings
        .iter()
        .filter(|finding| {
            finding
                .fix
                .as_ref()
                .is_some_and(|fix| fix.safety == Safety::Safe)
        })
        .map(|finding| {
            format!(
                "{} line {}: {}",
                finding.rule, finding.location.start.line, finding.message.en
            )
        })
        .collect();
    (text, left)
}

fn assert_fixed(name: &str, source: &str) {
    let errors_before = check(source, &Settings::default()).errors.len();
    let (fixed, left) = fix_all(source);
    let after = check(&fixed, &Settings::default());
    assert!(
        after.errors.len() <= errors_before,
        "{name}: safe fixes broke the file: {:?}\n{fixed}",
        after.errors
    );
    assert!(
        left.is_empty(),
        "{name}: safe fixes do not converge: {left:?}\n{fixed}"
    );
}

#[test]
fn safe_fixes_on_every_bad_example() {
    for rule in RULES {
        for example in RuleDoc::parse(rule.docs_en).examples(DocSection::Example) {
            assert_fixed(rule.code, &example.code);
        }
    }
}

#[test]
fn safe_fixes_on_the_real_corpus() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus not found at {}: skipped", dir.display());
        return;
    };
    let mut fixed_files = 0;
    for path in entries.flatten().map(|entry| entry.path()) {
        if path.ends_with("SOURCES.tsv") {
            continue;
        }
        let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_fixed(&name, &source);
        fixed_files += 1;
    }
    println!("safe fixes applied and re-checked on {fixed_files} files");
}
