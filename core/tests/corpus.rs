//! Every real Dockerfile of the shared corpus parses; the few files that are
//! invalid on purpose (BuildKit's own negative tests) are listed with the
//! error BuildKit gives them.

use std::path::PathBuf;

use plimsoll_core::syntax::parse;

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real")
}

/// Files that BuildKit itself rejects, and a word of the error we must give.
/// The `parser/testfiles` ones pass BuildKit's parser but fail its next
/// stage (`instructions.Parse`), so `docker build` rejects them as we do.
const INVALID_ON_PURPOSE: &[(&str, &str)] = &[
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles-negative__empty_dockerfile__Dockerfile",
        "file with no instructions",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles-negative__only_comments__Dockerfile",
        "file with no instructions",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles-negative__env_no_value__Dockerfile",
        "ENV must have two arguments",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles-negative__shykes-nested-json__Dockerfile",
        "arrays must be comprised of strings only",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles__flags__Dockerfile",
        "unknown flag: --user",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles__health__Dockerfile",
        "HEALTHCHECK requires at least one argument",
    ),
];

#[test]
fn the_real_corpus_parses_without_errors() {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus not found at {}: skipped", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
    files.sort();
    let mut failures = Vec::new();
    let mut parsed = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "SOURCES.tsv" {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let source = String::from_utf8_lossy(&bytes);
        let dockerfile = parse(&source);
        parsed += 1;
        let expected = INVALID_ON_PURPOSE.iter().find(|(file, _)| *file == name);
        match (expected, dockerfile.errors.first()) {
            (None, None) => {}
            (Some((_, word)), Some(error)) if error.message.contains(word) => {}
            (_, error) => failures.push(format!("{name}: {error:?}")),
        }
    }
    println!("parsed {parsed} corpus files");
    assert!(
        failures.is_empty(),
        "{} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The page checks in a Web Worker and gets the report as text: every real
/// report must come back from that text unchanged.
#[test]
fn every_corpus_report_survives_the_trip_from_a_worker() {
    let Ok(entries) = std::fs::read_dir(corpus_dir()) else {
        eprintln!("corpus not found: skipped");
        return;
    };
    let settings = plimsoll_core::Settings::default();
    let mut checked = 0;
    for path in entries.flatten().map(|entry| entry.path()) {
        if path.ends_with("SOURCES.tsv") {
            continue;
        }
        let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let report = plimsoll_core::check(&source, &settings);
        let text = plimsoll_core::wire::encode(&report);
        assert_eq!(
            plimsoll_core::wire::decode(&text).as_ref(),
            Ok(&report),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked > 200, "only {checked} corpus files");
}
