//! Runs every rule (also those off by default) on the real corpus, prints how
//! many files each fires on, and holds the rules that fire on none to a
//! list: a rule that stops firing on all 264 real Dockerfiles has most likely
//! broken. `PLIMSOLL_SHOW=PL301 cargo test -p plimsoll-core --test
//! corpus_rules -- --nocapture` also prints every hit of that rule, for
//! reading by hand.

mod support;

use plimsoll_core::project::FileKind;
use plimsoll_core::rules::RULES;
use plimsoll_core::{check, Settings};
use support::fixtures::{corpus_files, read_lossy};

/// The rule needs a setting the defaults leave empty.
const POLICY: &str =
    "needs a policy (trusted registries, required labels) the default settings do not set";
/// The rule has firing tests of its own, and the corpus (mostly official and
/// widely used images) does not make the mistake.
const NOT_IN_CORPUS: &str = "a mistake none of the corpus files makes";
/// The rule judges the Dockerfile with its `.dockerignore` and build
/// context, which a lone corpus Dockerfile does not have (`core/tests/
/// project.rs` runs it on the companion corpus).
const PROJECT: &str = "needs the Dockerfile's project (its .dockerignore or build context)";

/// Rules that fire on no file of the corpus, and why that is expected.
const SILENT_ON_CORPUS: &[(&str, &str)] = &[
    ("PL108", NOT_IN_CORPUS),
    ("PL109", NOT_IN_CORPUS),
    ("PL203", POLICY),
    ("PL206", NOT_IN_CORPUS),
    ("PL207", NOT_IN_CORPUS),
    ("PL306", NOT_IN_CORPUS),
    ("PL311", NOT_IN_CORPUS),
    ("PL314", NOT_IN_CORPUS),
    ("PL406", NOT_IN_CORPUS),
    ("PL420", PROJECT),
    ("PL501", NOT_IN_CORPUS),
    ("PL502", NOT_IN_CORPUS),
    ("PL505", NOT_IN_CORPUS),
    ("PL602", NOT_IN_CORPUS),
    ("PL702", NOT_IN_CORPUS),
    ("PL703", NOT_IN_CORPUS),
    ("PL704", NOT_IN_CORPUS),
    ("PL705", NOT_IN_CORPUS),
    ("PL706", NOT_IN_CORPUS),
    ("PL708", NOT_IN_CORPUS),
    ("PL808", NOT_IN_CORPUS),
    ("PL901", NOT_IN_CORPUS),
    ("PL902", NOT_IN_CORPUS),
    ("PL903", NOT_IN_CORPUS),
    ("PL905", NOT_IN_CORPUS),
    ("PL909", NOT_IN_CORPUS),
    ("PL910", NOT_IN_CORPUS),
    ("PL911", NOT_IN_CORPUS),
    ("PL912", NOT_IN_CORPUS),
    ("PL914", NOT_IN_CORPUS),
    ("PL917", NOT_IN_CORPUS),
    ("PL918", NOT_IN_CORPUS),
    ("PL919", NOT_IN_CORPUS),
    ("PL923", NOT_IN_CORPUS),
    ("PL925", NOT_IN_CORPUS),
    ("PL928", POLICY),
    ("PL950", PROJECT),
];

#[test]
fn rule_hits_on_the_real_corpus() {
    let Some(files) = corpus_files("rule_hits_on_the_real_corpus") else {
        return;
    };
    let show = std::env::var("PLIMSOLL_SHOW").unwrap_or_default();
    let settings = Settings {
        select: RULES.iter().map(|rule| rule.code.to_string()).collect(),
        ..Settings::default()
    };
    let mut hits: Vec<usize> = vec![0; RULES.len()];
    for path in &files {
        let source = read_lossy(path);
        let report = check(&source, &settings);
        for (index, rule) in RULES.iter().enumerate() {
            let found: Vec<_> = report
                .active_findings()
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
    println!("{} files", files.len());
    for (rule, count) in RULES.iter().zip(&hits) {
        println!("{count:>4} files  {} {}", rule.code, rule.name);
    }
    let silent: Vec<&str> = RULES
        .iter()
        .zip(&hits)
        // Compose and Kubernetes rules run on the companion corpus
        // (`companion_rules.rs`).
        .filter(|(rule, count)| **count == 0 && rule.check.reads() == FileKind::Dockerfile)
        .map(|(rule, _)| rule.code)
        .collect();
    let listed: Vec<&str> = SILENT_ON_CORPUS.iter().map(|(code, _)| *code).collect();
    assert_eq!(
        silent, listed,
        "the rules that fire on no corpus file changed: a rule that stopped firing is \
         probably broken; one that starts firing can leave SILENT_ON_CORPUS; a new rule \
         the corpus never shows joins it with the reason"
    );
}
