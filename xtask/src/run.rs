//! Running commands and named, timed steps.

use std::process::Command;
use std::time::{Duration, Instant};

/// `cargo clippy --workspace …`, for headers and error messages.
/// Programs are shown by name (`cargo`, not the toolchain's full path).
pub fn command_line(command: &Command) -> String {
    let program = std::path::Path::new(command.get_program());
    let mut line = program
        .file_name()
        .unwrap_or(program.as_os_str())
        .to_string_lossy()
        .into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Runs `command` with the terminal attached; an error names the command.
pub fn run(command: &mut Command) -> Result<(), String> {
    let line = command_line(command);
    println!("  $ {line}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs `command` quietly and returns its standard output.
pub fn output_of(command: &mut Command) -> Result<String, String> {
    let line = command_line(command);
    let output = command
        .output()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "`{line}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// A sequence of named steps: each prints a header and its time, and the first
/// failure stops the sequence, naming the step.
pub struct Steps {
    task: &'static str,
    total: usize,
    done: Vec<(String, Duration)>,
    started: Instant,
}

impl Steps {
    pub fn new(task: &'static str, total: usize) -> Self {
        Self {
            task,
            total,
            done: Vec::new(),
            started: Instant::now(),
        }
    }

    pub fn step(
        &mut self,
        name: &str,
        body: impl FnOnce() -> Result<(), String>,
    ) -> Result<(), String> {
        let number = self.done.len() + 1;
        println!();
        println!("==> [{number}/{}] {name}", self.total);
        let started = Instant::now();
        let result = body();
        let took = started.elapsed();
        match result {
            Ok(()) => {
                println!(
                    "<== [{number}/{}] {name}: ok in {}",
                    self.total,
                    seconds(took)
                );
                self.done.push((name.to_owned(), took));
                Ok(())
            }
            Err(why) => {
                println!();
                Err(format!(
                    "{}: step [{number}/{}] \"{name}\" failed after {}: {why}",
                    self.task,
                    self.total,
                    seconds(took)
                ))
            }
        }
    }

    pub fn summary(&self) {
        println!();
        println!("{}: all {} steps passed", self.task, self.done.len());
        for (name, took) in &self.done {
            println!("  {:>8}  {name}", seconds(*took));
        }
        println!("  {:>8}  total", seconds(self.started.elapsed()));
    }
}

pub fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}
