//! Growth of a full check with the size of the input: one-line RUNs from
//! 0.5 to 10 MB (long ones, and short ones: 10 MB is about 300,000 RUNs),
//! 1,000 to 20,000 small stages, and 5,000 to 40,000 variables (an ARG, an
//! ENV and a RUN using them each). `check` must be linear in instructions,
//! stages and findings, so each row's time per unit stays flat as the input
//! grows. For the short RUNs the table also gives the time to carry the
//! report from the page's check worker to the page (`wire::encode`, then
//! `wire::decode`) and the size of that text.
//!
//! `cargo bench -p plimsoll-core --bench scale` prints the table (add
//! `-- runs`, `-- short`, `-- stages` or `-- variables` for one part).

use std::time::Instant;

// The short RUNs, shared with `cargo xtask scale`, which times the CLI on them.
#[path = "inputs/one_line_runs.rs"]
mod one_line_runs;
use one_line_runs::{one_line_runs, short_runs};

use plimsoll_core::{check, wire, Report, Settings};

/// One-line RUN instructions, varied so that rules looking at packages,
/// downloads and caches all have something to say, until `bytes`.
fn runs(bytes: usize) -> String {
    one_line_runs(
        bytes,
        &[
            "RUN apt-get update && apt-get install -y curl git",
            "RUN pip install requests flask",
            "RUN curl -fsSL https://example.com/install.sh -o /tmp/i.sh && sh /tmp/i.sh",
            "RUN npm install -g typescript && echo done",
            "RUN cd /app && make build",
        ],
    )
}

/// `count` stages, each copying from the one before, the last one a service.
fn stages(count: usize) -> String {
    let mut text = String::new();
    for index in 0..count {
        if index == 0 {
            text.push_str("FROM alpine:3.19 AS s0\n");
        } else {
            text.push_str(&format!(
                "FROM alpine:3.19 AS s{index}\nCOPY --from=s{} /out /in\n",
                index - 1
            ));
        }
        text.push_str("RUN apk add curl && mkdir /out\n");
    }
    text.push_str("USER 1000\nEXPOSE 8080\nCMD [\"/in/app\"]\n");
    text
}

/// `count` build arguments and variables, each used by a RUN: looking a
/// variable up must not read every other definition.
fn variables(count: usize) -> String {
    let mut text = String::from("FROM alpine:3.20\n");
    for index in 0..count {
        text.push_str(&format!(
            "ARG A{index}=x{index}\nENV E{index}=${{A{index}}}-$A0\nRUN echo $A{index} $E{index} > /tmp/f{index}\n"
        ));
    }
    text
}

fn measure(label: &str, input: &str, unit: usize, unit_name: &str) -> Report {
    let started = Instant::now();
    let report = check(input, &Settings::default());
    let seconds = started.elapsed().as_secs_f64();
    print!(
        "| {label:>13} | {:>9.2} MB | {:>9} {unit_name} | {:>9} findings | {:>9.3} s | {:>7.2} µs/{unit_name} |",
        input.len() as f64 / 1e6,
        unit,
        report.findings.len(),
        seconds,
        seconds * 1e6 / unit as f64,
    );
    report
}

/// Carries `report` as the page's check worker does, and prints the time
/// each way and the size of the text.
fn measure_wire(report: &Report) {
    let started = Instant::now();
    let text = wire::encode(report);
    let encoded = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let decoded = wire::decode(&text).map(|decoded| decoded.findings.len());
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(decoded, Ok(report.findings.len()), "the report comes back");
    print!(
        " encode {encoded:>6.3} s, decode {seconds:>6.3} s, {:>7.1} MB |",
        text.len() as f64 / 1e6
    );
}

fn main() {
    let which: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|arg| arg == name);
    if wants("runs") {
        for tenths in [5, 10, 20, 50, 100] {
            let input = runs(tenths * 100_000);
            let count = input.lines().count() - 1;
            measure(
                &format!("{:.1} MB RUNs", tenths as f64 / 10.0),
                &input,
                count,
                "RUN",
            );
            println!();
        }
    }
    if wants("short") {
        for tenths in [5, 10, 20, 50, 100] {
            let input = short_runs(tenths * 100_000);
            let count = input.lines().count() - 1;
            let report = measure(
                &format!("{:.1} MB short", tenths as f64 / 10.0),
                &input,
                count,
                "RUN",
            );
            measure_wire(&report);
            println!();
        }
    }
    if wants("stages") {
        for count in [1_000, 2_000, 5_000, 10_000, 20_000] {
            measure(&format!("{count} stages"), &stages(count), count, "stage");
            println!();
        }
    }
    if wants("variables") {
        for count in [5_000, 10_000, 20_000, 40_000] {
            measure(&format!("{count} vars"), &variables(count), count, "var");
            println!();
        }
    }
}
