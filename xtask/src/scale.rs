//! The scale guard of `cargo xtask test`: the release CLI checks 1 MB and
//! 8 MB of one-line RUNs (the scale bench's short ones), and the larger
//! may take at most 16 times as long. Linear growth is 8 (about 6 on two
//! cores, where the larger file is split over both). A path that reads
//! every instruction for every RUN grows as the square and takes about 25
//! times as long; it allocates nothing, so `core/tests/scaling.rs`, which
//! counts allocations, cannot see it (a `Vec::contains` over the final
//! stage's instructions per RUN once made 10 MB take 13 s instead of 2.4).
//! Also prints the time of 10 MB, issue 13's figure (under 3 s on two
//! cores), which depends on the machine and is not asserted.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../core/benches/inputs/one_line_runs.rs"]
mod one_line_runs;

use crate::jsapi::target_directory;
use crate::paths::Paths;
use crate::run::run;

/// How much longer 8 MB may take than 1 MB.
const MAX_GROWTH: f64 = 16.0;

/// Each size is checked this many times; the fastest counts, as noise
/// only ever adds time.
const RUNS: usize = 3;

/// The fastest of [`RUNS`] checks of `file` by `cli`.
fn fastest(cli: &Path, file: &Path) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let started = Instant::now();
        let status = Command::new(cli)
            .args(["check", "--no-config"])
            .arg(file)
            .stdout(Stdio::null())
            .status()
            .map_err(|error| format!("could not start {}: {error}", cli.display()))?;
        // 1: findings, as expected; 2 or a signal: trouble.
        if status.code() != Some(1) {
            return Err(format!("checking {} failed ({status})", file.display()));
        }
        best = best.min(started.elapsed());
    }
    Ok(best)
}

pub fn guard(paths: &Paths) -> Result<(), String> {
    let cargo = paths.cargo();
    run(Command::new(&cargo).current_dir(&paths.root).args([
        "build",
        "--profile",
        "release-cli",
        "-p",
        "plimsoll-cli",
    ]))?;
    let target = target_directory(paths, &cargo)?;
    let cli = target.join("release-cli").join("plimsoll");
    let inputs = target.join("scale-guard");
    std::fs::create_dir_all(&inputs).map_err(|error| format!("{}: {error}", inputs.display()))?;
    let mut times = Vec::new();
    for megabytes in [1, 8, 10] {
        let file = inputs.join(format!("runs-{megabytes}mb.Dockerfile"));
        std::fs::write(&file, one_line_runs::short_runs(megabytes * 1_000_000))
            .map_err(|error| format!("{}: {error}", file.display()))?;
        let time = fastest(&cli, &file)?;
        println!(
            "  {megabytes:>2} MB of one-line RUNs: {:.2} s (fastest of {RUNS})",
            time.as_secs_f64()
        );
        times.push(time.as_secs_f64());
    }
    let growth = times[1] / times[0];
    println!("  8 MB takes {growth:.1} times as long as 1 MB (at most {MAX_GROWTH}; linear is 8)");
    if growth > MAX_GROWTH {
        return Err(format!(
            "checking grows faster than the input: 8 MB takes {growth:.1} times as long as 1 MB \
             (at most {MAX_GROWTH}); look for work per RUN that reads every instruction"
        ));
    }
    Ok(())
}
