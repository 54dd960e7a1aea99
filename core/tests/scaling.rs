//! `check` grows linearly with the input: twice the instructions, stages or
//! suppression comments cost about twice the work. Work is counted here as
//! heap allocations and allocated bytes, not wall time (the figures are
//! `benches/scale.rs`'s job), which catches the quadratic paths that build
//! something per pair of instructions: a list of earlier stages per stage, a
//! lower-cased copy of the text before every RUN. Paths that only read
//! (a search through the text before every RUN) allocate nothing and show
//! in the benchmark's table instead.

use std::alloc::System;

use plimsoll_core::{check, wire, Settings};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and allocated bytes of one check.
fn work(source: &str) -> (usize, usize) {
    let region = Region::new(GLOBAL);
    let report = check(source, &Settings::default());
    let change = region.change();
    drop(report);
    (change.allocations, change.bytes_allocated)
}

/// Allocations and allocated bytes of carrying a check's report from the
/// page's check worker to the page: [`wire::encode`], then [`wire::decode`].
fn wire_work(source: &str) -> (usize, usize) {
    let report = check(source, &Settings::default());
    let region = Region::new(GLOBAL);
    let decoded = wire::decode(&wire::encode(&report));
    let change = region.change();
    assert_eq!(decoded.as_ref(), Ok(&report), "the report comes back whole");
    (change.allocations, change.bytes_allocated)
}

/// Checks `input(count)` and `input(2 * count)`: the second may cost at
/// most 2.5 times the first (linear growth is 2; quadratic is 4).
fn assert_linear(what: &str, count: usize, input: impl Fn(usize) -> String) {
    assert_linear_work(what, count, input, work);
}

/// [`assert_linear`] for the work `work` measures.
fn assert_linear_work(
    what: &str,
    count: usize,
    input: impl Fn(usize) -> String,
    work: impl Fn(&str) -> (usize, usize),
) {
    // Whatever is set up once per process is not growth.
    work(&input(10));
    let (small, large) = (input(count), input(2 * count));
    let (small_allocations, small_bytes) = work(&small);
    let (large_allocations, large_bytes) = work(&large);
    let allocations = large_allocations as f64 / small_allocations as f64;
    let bytes = large_bytes as f64 / small_bytes as f64;
    println!(
        "{what}: {count} → {}: allocations ×{allocations:.2}, bytes ×{bytes:.2}",
        2 * count
    );
    assert!(
        allocations < 2.5 && bytes < 2.5,
        "{what}: doubling from {count} multiplies allocations by {allocations:.2} and bytes by {bytes:.2}"
    );
}

/// A line of each kind rules look at: packages, downloads, caches,
/// variables, users, files, suppression comments.
const LINES: [&str; 12] = [
    "RUN apt-get update && apt-get install -y curl git",
    "RUN pip install requests flask",
    "RUN curl -fsSL https://example.com/install.sh | sh",
    "# plimsoll ignore=PL920 -- the build dir",
    "RUN cd /app && make build",
    "ENV APP_HOME=/app TOKEN=abc123",
    "ARG VERSION=1.0",
    "WORKDIR /app",
    "COPY . .",
    "USER root",
    "RUN npm install -g typescript",
    "# hadolint ignore=DL3008",
];

// One test: the allocator's counts are global, and tests run in parallel.
#[test]
fn check_grows_linearly() {
    instructions_of_one_stage();
    independent_stages();
    stages_built_on_each_other();
    report_carried_to_the_page();
}

/// `count` instructions of one stage, each kind in turn.
fn one_stage(count: usize) -> String {
    let mut text = String::from("FROM ubuntu:22.04\n");
    for line in LINES.iter().cycle().take(count) {
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn instructions_of_one_stage() {
    assert_linear("instructions", 2_000, one_stage);
}

fn report_carried_to_the_page() {
    assert_linear_work("wire encode and decode", 2_000, one_stage, wire_work);
}

fn independent_stages() {
    assert_linear("stages", 1_000, |count| {
        let mut text = String::new();
        for stage in 0..count {
            text.push_str(&format!("FROM alpine:3.19 AS s{stage}\n"));
            if stage > 0 {
                text.push_str(&format!("COPY --from=s{} / /\n", stage - 1));
            }
            text.push_str("RUN apk add curl wget && mkdir /out\nWORKDIR /out\n");
        }
        text + "CMD [\"/app\"]\n"
    });
}

fn stages_built_on_each_other() {
    assert_linear("chained stages", 1_000, |count| {
        let mut text = String::from("FROM alpine:3.19 AS s0\n");
        for stage in 1..count {
            text.push_str(&format!(
                "FROM s{} AS s{stage}\nRUN apk add curl\nWORKDIR /srv\n",
                stage - 1
            ));
        }
        text + "CMD [\"/app\"]\n"
    });
}
