//! The checklist's statuses and score for known Dockerfiles, worked out by
//! hand: a decided item counts 1 when it passes, 0.5 when it warns and 0 when
//! it fails; manual items do not count; the score is the share of 100,
//! rounded down.

mod support;

use plimsoll_core::checklist::{Checklist, Status};
use plimsoll_core::model::Purpose;
use plimsoll_core::{check, Settings};
use support::fixtures::{corpus_files, read_lossy};

fn checklist(source: &str) -> Checklist {
    let report = check(source, &Settings::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.checklist
}

/// The items that are not `pass` or `manual`, with their status.
fn flagged(checklist: &Checklist) -> Vec<(&'static str, Status)> {
    checklist
        .items
        .iter()
        .filter(|item| !matches!(item.status, Status::Pass | Status::Manual))
        .map(|item| (item.id, item.status))
        .collect()
}

/// (pass, warn, fail, manual) and the score.
fn tally(checklist: &Checklist) -> ((usize, usize, usize, usize), u32) {
    let counts = checklist.counts;
    (
        (counts.pass, counts.warn, counts.fail, counts.manual),
        checklist
            .score
            .expect("a Dockerfile with a stage is judged"),
    )
}

#[test]
fn a_clean_dockerfile_scores_100() {
    let clean = checklist(
        "FROM debian:12.8-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER 1001\nHEALTHCHECK CMD [\"/app/health\"]\nCMD [\"/app/run\"]\n",
    );
    assert_eq!(flagged(&clean), []);
    assert_eq!(tally(&clean), ((9, 0, 0, 6), 100));
}

#[test]
fn a_warning_counts_half() {
    // `latest` (PL201 medium, PL202 low) warns on one item: 8.5 of 9 items.
    let latest = checklist(
        "FROM node:latest\nUSER 1001\nHEALTHCHECK CMD [\"/app/health\"]\nCMD [\"node\", \"app.js\"]\n",
    );
    assert_eq!(flagged(&latest), [("version-pinned", Status::Warn)]);
    assert_eq!(tally(&latest), ((8, 1, 0, 6), 94));
    // HEALTHCHECK NONE (PL505 low): the same share through another item.
    let disabled = checklist("FROM scratch\nCOPY app /app\nUSER 1000\nHEALTHCHECK NONE\n");
    assert_eq!(flagged(&disabled), [("healthcheck", Status::Warn)]);
    assert_eq!(tally(&disabled), ((8, 1, 0, 6), 94));
}

#[test]
fn failures_count_nothing() {
    // Root (PL101 high) fails two items; no digest, `apk add` keeping its
    // cache and no health check for the service warn: (4 + 3 / 2) / 9 = 61.1%.
    let root = checklist("FROM alpine:3.20\nRUN apk add curl\nEXPOSE 8080\n");
    assert_eq!(
        flagged(&root),
        [
            ("version-pinned", Status::Warn),
            ("non-root-user-created", Status::Fail),
            ("unneeded-packages-removed", Status::Warn),
            ("runs-as-non-root", Status::Fail),
            ("healthcheck", Status::Warn),
        ]
    );
    assert_eq!(tally(&root), ((4, 3, 2, 6), 61));
}

#[test]
fn says_which_stage_it_judged() {
    let export = checklist(
        "FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch AS binary\nCOPY --from=build /out/app /\n",
    );
    let judged = export.judged.as_ref().expect("a stage was judged");
    assert_eq!((judged.stage, judged.purpose), (1, Purpose::Export));
    assert_eq!(
        judged.note.en,
        "Judged the last stage `binary` (line 3, `FROM scratch`): it only carries files out of the build (no CMD, ENTRYPOINT or port), for `docker build --output` or `COPY --from`, so it is not a running container and the run-time items do not apply; pass `--target <stage>` to judge the stage that runs."
    );
    // Nothing claims a running container there: no USER or HEALTHCHECK advice.
    assert_eq!(flagged(&export), [("version-pinned", Status::Warn)]);
    let service = checklist("FROM nginx:1.27\nEXPOSE 80\n").judged.unwrap();
    assert_eq!(service.purpose, Purpose::Service);
    assert_eq!(
        service.note.ja,
        "最後のステージ #0（1 行目、`FROM nginx:1.27`）をイメージとして判定しました。このイメージはサービスを動かします。"
    );
    assert!(check("ARG A=1\n", &Settings::default())
        .checklist
        .judged
        .is_none());
}

#[test]
fn a_suppressed_finding_does_not_lower_the_score() {
    let suppressed = checklist(
        "# plimsoll ignore=PL201,PL202 -- pinned by Renovate\nFROM node:latest\nUSER 1001\nHEALTHCHECK CMD [\"/app/health\"]\nCMD [\"node\", \"app.js\"]\n",
    );
    assert_eq!(tally(&suppressed), ((9, 0, 0, 6), 100));
}

/// On every real Dockerfile the counts are the statuses' and the score is
/// the share of the decided items.
#[test]
fn the_score_of_every_corpus_file_follows_its_statuses() {
    let Some(files) = corpus_files("the_score_of_every_corpus_file_follows_its_statuses") else {
        return;
    };
    let mut scores = std::collections::BTreeSet::new();
    for path in &files {
        let checklist = check(&read_lossy(path), &Settings::default()).checklist;
        if checklist.score.is_none() {
            // No build stage (a fragment): no verdict, and nothing passes.
            assert!(checklist.items.is_empty() && checklist.no_verdict.is_some());
            continue;
        }
        let count = |status| {
            checklist
                .items
                .iter()
                .filter(|item| item.status == status)
                .count()
        };
        let (pass, warn, fail) = (
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail),
        );
        let counts = checklist.counts;
        let name = path.display();
        assert_eq!(
            (counts.pass, counts.warn, counts.fail, counts.manual),
            (pass, warn, fail, count(Status::Manual)),
            "{name}"
        );
        // Halves: pass 2, warn 1, fail 0, out of twice the decided items.
        let decided = pass + warn + fail;
        let expected = (pass * 2 + warn) * 100 / (decided * 2);
        let score = checklist
            .score
            .expect("a Dockerfile with a stage is judged");
        assert_eq!(score as usize, expected, "{name}");
        scores.insert(score);
    }
    assert!(
        scores.len() > 5,
        "the corpus gives too few distinct scores: {scores:?}"
    );
}
