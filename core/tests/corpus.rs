//! Every real Dockerfile of the shared corpus parses; the few files that are
//! invalid on purpose (BuildKit's own negative tests) are listed with the
//! error BuildKit gives them.

mod support;

use plimsoll_core::syntax::parse;
use support::fixtures::{corpus_files, read_lossy};

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
    let Some(files) = corpus_files("the_real_corpus_parses_without_errors") else {
        return;
    };
    let mut failures = Vec::new();
    let mut parsed = 0;
    let mut invalid_seen = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let dockerfile = parse(&read_lossy(&path));
        parsed += 1;
        let expected = INVALID_ON_PURPOSE.iter().find(|(file, _)| *file == name);
        match (expected, dockerfile.errors.first()) {
            (None, None) => {}
            (Some((file, word)), Some(error)) if error.message.contains(word) => {
                invalid_seen.push(*file);
            }
            (_, error) => failures.push(format!("{name}: {error:?}")),
        }
    }
    println!("parsed {parsed} corpus files");
    let unseen: Vec<&str> = INVALID_ON_PURPOSE
        .iter()
        .map(|(file, _)| *file)
        .filter(|file| !invalid_seen.contains(file))
        .collect();
    assert!(
        unseen.is_empty(),
        "listed as invalid but not in the corpus: {unseen:?}"
    );
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
    let Some(files) = corpus_files("every_corpus_report_survives_the_trip_from_a_worker") else {
        return;
    };
    let settings = plimsoll_core::Settings::default();
    for path in &files {
        let source = read_lossy(path);
        let report = plimsoll_core::check(&source, &settings);
        let text = plimsoll_core::wire::encode(&report);
        assert_eq!(
            plimsoll_core::wire::decode(&text).as_ref(),
            Ok(&report),
            "{}",
            path.display()
        );
    }
}
