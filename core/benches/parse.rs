//! Speed of the front end and of a full check, on the real corpus and on
//! synthetic inputs of 1, 2, 4 and 8 MB (time must grow linearly).
//!
//! `cargo bench -p plimsoll-core --bench parse` prints, before divan's
//! table, the corpus throughput in MB/s and the per-file median.

use std::path::PathBuf;
use std::time::Instant;

use divan::counter::BytesCount;
use divan::Bencher;
use plimsoll_core::model::Model;
use plimsoll_core::syntax::parse;
use plimsoll_core::{check, Settings};

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|path| !path.ends_with("SOURCES.tsv"))
        .map(|path| String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned())
        .collect()
}

fn parse_and_model(source: &str) -> usize {
    let dockerfile = parse(source);
    let model = Model::build(&dockerfile, None);
    dockerfile.instructions.len() + model.stages.len()
}

/// A realistic Dockerfile repeated until it reaches `bytes`.
fn synthetic(bytes: usize) -> String {
    let unit = "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && \\\n    npm run build\nENV NODE_ENV=production PORT=3000\nRUN apk add --no-cache curl && curl -fsSL https://example.com/x.tgz -o /tmp/x.tgz \\\n && echo \"abc  /tmp/x.tgz\" | sha256sum -c -\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app/dist /app\nUSER 1001\nCMD [\"index.js\"]\n";
    unit.repeat(bytes / unit.len() + 1)
}

fn median_micros(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn print_figures() {
    let files = corpus();
    if files.is_empty() {
        println!("corpus not found: corpus figures skipped");
        return;
    }
    let total: usize = files.iter().map(String::len).sum();
    let rounds = 20;
    let started = Instant::now();
    for _ in 0..rounds {
        for file in &files {
            divan::black_box(parse_and_model(divan::black_box(file)));
        }
    }
    let seconds = started.elapsed().as_secs_f64() / f64::from(rounds);
    let per_file: Vec<f64> = files
        .iter()
        .map(|file| {
            let started = Instant::now();
            for _ in 0..rounds {
                divan::black_box(parse_and_model(divan::black_box(file)));
            }
            started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
        })
        .collect();
    println!(
        "parse + model, {} corpus files, {:.2} MB: {:.1} MB/s, per-file median {:.1} µs",
        files.len(),
        total as f64 / 1e6,
        total as f64 / 1e6 / seconds,
        median_micros(per_file)
    );
    let started = Instant::now();
    for file in &files {
        divan::black_box(check(divan::black_box(file), &Settings::default()));
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "full check (all rules), corpus: {:.1} MB/s",
        total as f64 / 1e6 / seconds
    );
    for megabytes in [1, 2, 4, 8] {
        let input = synthetic(megabytes << 20);
        let started = Instant::now();
        divan::black_box(parse_and_model(&input));
        let parse_ms = started.elapsed().as_secs_f64() * 1e3;
        let started = Instant::now();
        divan::black_box(check(&input, &Settings::default()));
        let check_ms = started.elapsed().as_secs_f64() * 1e3;
        println!("{megabytes} MB: parse + model {parse_ms:.0} ms, full check {check_ms:.0} ms");
    }
}

fn main() {
    print_figures();
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn corpus_parse_and_model(bencher: Bencher) {
    let files = corpus();
    let total: usize = files.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(total)).bench(|| {
        files
            .iter()
            .map(|file| parse_and_model(divan::black_box(file)))
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 10)]
fn corpus_full_check(bencher: Bencher) {
    let files = corpus();
    let total: usize = files.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(total)).bench(|| {
        files
            .iter()
            .map(|file| {
                check(divan::black_box(file), &Settings::default())
                    .findings
                    .len()
            })
            .sum::<usize>()
    });
}

#[divan::bench(args = [1, 2, 4, 8], sample_count = 3)]
fn synthetic_parse_and_model(bencher: Bencher, megabytes: usize) {
    let input = synthetic(megabytes << 20);
    bencher
        .counter(BytesCount::new(input.len()))
        .bench(|| parse_and_model(divan::black_box(&input)));
}
