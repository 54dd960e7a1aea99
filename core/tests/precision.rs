//! Our own precision suite: every high and critical finding on the real
//! corpus (`shared/corpus/real/`, and the Compose files, Kubernetes
//! manifests and CI workflows of `shared/corpus/companions/`, each checked
//! on its own as `plimsoll check FILE` does; their labels name them
//! `compose/<file>`, `k8s/<file>`, `workflows/<file>`), labelled by hand in
//! `tests/precision/labels.tsv` as a true or a false statement about that
//! file, with a reason. The test fails when
//! - a high/critical finding has no label (whoever changes a rule reads and
//!   labels its new hits),
//! - a finding labelled false is back (or still there),
//! - a finding labelled true is gone (a rule lost a real problem),
//! - a labelled finding changed severity (the verdict was given at the old one).
//!
//! A labelled-false finding that disappears is the goal and passes; its
//! label is then stale and listed so that it can be removed.
//!
//! Labels are keyed by file, rule, the first line of the instruction the
//! finding points into, and an excerpt of the source at the finding: a
//! label matches a finding of the same file and rule whose instruction
//! contains the excerpt, the nearest one to the labelled line winning. So a
//! finding whose span moves inside its instruction, or merges with its
//! siblings, keeps its label, and so does a line that moves.
//!
//! The precision per rule (true / (true + false)), the labelled false
//! positives still reported and those no longer found are written to
//! `target/tmp/precision.txt` on every run and printed with
//! `PRINT_PRECISION=1`; the table is also part of every failure message.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use plimsoll_core::project::Project;
use plimsoll_core::syntax::parse;
use plimsoll_core::{check, Finding, Settings, Severity};
use support::fixtures::{companion_files, corpus_files, read_lossy};

const LABELS: &str = "tests/precision/labels.tsv";
const HEADER: &str = "file\tline\trule\tseverity\texcerpt\tverdict\treason";
/// How many characters of the source at a finding a new label keeps.
const EXCERPT_CHARS: usize = 48;

/// One row of the label file.
#[derive(Clone, Debug)]
struct Label {
    row: usize,
    file: String,
    line: u32,
    rule: String,
    severity: Severity,
    excerpt: String,
    verdict: Verdict,
    reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    True,
    False,
    Fixed,
}

/// One high or critical finding, with what it is matched on.
struct Seen {
    file: String,
    /// First line of the instruction the finding points into (the finding's
    /// own line outside instructions).
    line: u32,
    rule: &'static str,
    severity: Severity,
    message: String,
    /// The finding's own source text, whitespace collapsed.
    span_text: String,
    /// The whole instruction (or line), whitespace collapsed.
    anchor_text: String,
}

/// Runs of whitespace (line breaks of continued instructions included)
/// become one space, so that an excerpt survives re-wrapping.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_labels(text: &str) -> Result<Vec<Label>, String> {
    let mut labels = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let row = index + 1;
        if row == 1 {
            if line != HEADER {
                problems.push(format!("{LABELS}:1: the header must be `{HEADER}`"));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [file, line_number, rule, severity, excerpt, verdict, reason] = fields[..] else {
            problems.push(format!(
                "{LABELS}:{row}: expected 7 tab-separated fields, found {}",
                fields.len()
            ));
            continue;
        };
        let line_number = line_number.parse::<u32>();
        let severity = Severity::parse(severity).filter(|s| *s >= Severity::High);
        let verdict = match verdict {
            "true" => Some(Verdict::True),
            "false" => Some(Verdict::False),
            "fixed" => Some(Verdict::Fixed),
            _ => None,
        };
        match (line_number, severity, verdict) {
            (Ok(line_number), Some(severity), Some(verdict))
                if !excerpt.trim().is_empty() && !reason.trim().is_empty() =>
            {
                labels.push(Label {
                    row,
                    file: file.to_string(),
                    line: line_number,
                    rule: rule.to_string(),
                    severity,
                    excerpt: collapse(excerpt),
                    verdict,
                    reason: reason.to_string(),
                });
            }
            _ => problems.push(format!(
                "{LABELS}:{row}: needs a line number, a severity of high or critical, \
                 an excerpt, a verdict (`true`, `false` or `fixed`) and a reason"
            )),
        }
    }
    let mut keys: Vec<_> = labels
        .iter()
        .map(|label| {
            (
                label.file.as_str(),
                label.line,
                label.rule.as_str(),
                label.row,
            )
        })
        .collect();
    keys.sort();
    let rows: Vec<usize> = keys.iter().map(|key| key.3).collect();
    if !rows.windows(2).all(|pair| pair[0] < pair[1]) {
        problems.push(format!(
            "{LABELS}: rows must be sorted by file, line and rule (keeps diffs readable)"
        ));
    }
    if problems.is_empty() {
        Ok(labels)
    } else {
        Err(problems.join("\n"))
    }
}

/// The high and critical findings of one corpus file.
fn high_findings(file: &str, source: &str) -> Vec<Seen> {
    let dockerfile = parse(source);
    // The corpus names files `owner__repo__path__Dockerfile`: the path in
    // the repository is what the CLI sees when it checks the file there.
    let path = file.split("__").skip(2).collect::<Vec<_>>().join("/");
    let settings = Settings {
        path: Some(path),
        ..Settings::default()
    };
    let report = check(source, &settings);
    report
        .active_findings()
        .filter(|finding| finding.severity >= Severity::High)
        .map(|finding: &Finding| {
            let instruction = dockerfile.instructions.iter().find(|instruction| {
                let span = instruction.full_span();
                span.start <= finding.span.start
                    && finding.span.start < span.end.max(span.start + 1)
            });
            let (line, anchor) = match instruction {
                Some(instruction) => (instruction.line, &source[instruction.full_span().range()]),
                None => {
                    let line = finding.location.start.line;
                    (line, source.lines().nth(line as usize - 1).unwrap_or(""))
                }
            };
            let span_text = collapse(&source[finding.span.range()]);
            Seen {
                file: file.to_string(),
                line,
                rule: finding.rule,
                severity: finding.severity,
                message: finding.message.en.clone(),
                span_text,
                anchor_text: collapse(anchor),
            }
        })
        .collect()
}

/// The folders of `companions/` whose files are checked on their own, and
/// how many files each has at least.
const COMPANION_FOLDERS: [(&str, usize); 3] = [("compose", 30), ("k8s", 30), ("workflows", 10)];

/// The high and critical findings of one companion file (`folder/name`),
/// checked alone. A finding is anchored on its own line.
fn companion_high_findings(label: &str, name: &str, source: &str) -> Vec<Seen> {
    let path = name.split("__").skip(2).collect::<Vec<_>>().join("/");
    let project = Project {
        files: vec![(path, source.to_string())],
        paths: None,
        name: None,
    };
    project
        .check(&Settings::default())
        .into_iter()
        .flat_map(|checked| checked.findings)
        .filter(|finding| finding.severity >= Severity::High && finding.suppressed.is_none())
        .map(|finding| {
            let line = finding.location.start.line;
            let anchor = source.lines().nth(line as usize - 1).unwrap_or("");
            Seen {
                file: label.to_string(),
                line,
                rule: finding.rule,
                severity: finding.severity,
                message: finding.message.en.clone(),
                span_text: collapse(&source[finding.span.range()]),
                anchor_text: collapse(anchor),
            }
        })
        .collect()
}

/// The excerpt a new label starts with: the finding's own text, or its
/// instruction's when the span is empty.
fn new_excerpt(seen: &Seen) -> String {
    let text = if seen.span_text.is_empty() {
        &seen.anchor_text
    } else {
        &seen.span_text
    };
    text.chars()
        .take(EXCERPT_CHARS)
        .collect::<String>()
        .replace('\t', " ")
}

/// The index of a finding's label: same file and rule, excerpt inside the
/// finding's instruction; one whose excerpt is the finding's own text first,
/// then the nearest line.
fn label_of(seen: &Seen, labels: &[Label]) -> Option<usize> {
    labels
        .iter()
        .enumerate()
        .filter(|(_, label)| {
            label.file == seen.file
                && label.rule == seen.rule
                && seen.anchor_text.contains(&label.excerpt)
        })
        .min_by_key(|(_, label)| {
            (
                !seen.span_text.contains(&label.excerpt),
                label.line.abs_diff(seen.line),
            )
        })
        .map(|(index, _)| index)
}

#[derive(Clone, Copy, Default)]
struct Tally {
    true_positives: usize,
    false_positives: usize,
    unlabelled: usize,
    /// Labelled false positives no longer reported.
    fixed: usize,
}

impl Tally {
    fn add(self, other: &Tally) -> Tally {
        Tally {
            true_positives: self.true_positives + other.true_positives,
            false_positives: self.false_positives + other.false_positives,
            unlabelled: self.unlabelled + other.unlabelled,
            fixed: self.fixed + other.fixed,
        }
    }

    fn row(&self, name: &str) -> String {
        let (yes, no) = (self.true_positives, self.false_positives);
        let precision = if yes + no == 0 {
            "-".to_string()
        } else {
            format!("{:.0}%", 100.0 * yes as f64 / (yes + no) as f64)
        };
        format!(
            "{name:<6} {yes:>5} {no:>6} {:>11} {:>6}  {precision:>9}\n",
            self.unlabelled, self.fixed
        )
    }
}

fn precision_table(tallies: &BTreeMap<&str, Tally>, files: usize) -> String {
    let all = tallies.values().fold(Tally::default(), Tally::add);
    let mut table = format!(
        "precision of high/critical findings on {files} corpus files \
         ({} findings: {} true, {} false, {} unlabelled; {} false positives fixed)\n\
         rule    true  false  unlabelled  fixed  precision\n",
        all.true_positives + all.false_positives + all.unlabelled,
        all.true_positives,
        all.false_positives,
        all.unlabelled,
        all.fixed,
    );
    for (rule, tally) in tallies {
        table += &tally.row(rule);
    }
    table += &all.row("all");
    table
}

fn report_path() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("precision.txt")
}

#[test]
fn high_and_critical_findings_on_the_real_corpus_match_their_labels() {
    let Some(paths) =
        corpus_files("high_and_critical_findings_on_the_real_corpus_match_their_labels")
    else {
        return;
    };
    let label_text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(LABELS))
        .unwrap_or_default();
    let labels = read_labels(&label_text).unwrap_or_else(|problems| panic!("{problems}"));

    let mut seen = Vec::new();
    for path in &paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        seen.extend(high_findings(&file, &read_lossy(path)));
    }
    let mut files = paths.len();
    for (folder, at_least) in COMPANION_FOLDERS {
        let test = "high_and_critical_findings_on_the_real_corpus_match_their_labels";
        let Some(paths) = companion_files(test, folder, &[".yml", ".yaml"], at_least) else {
            continue;
        };
        files += paths.len();
        for path in &paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let label = format!("{folder}/{name}");
            seen.extend(companion_high_findings(&label, &name, &read_lossy(path)));
        }
    }

    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut unlabelled = Vec::new();
    let mut known_false = Vec::new();
    let mut false_back = Vec::new();
    let mut rated_again = Vec::new();
    let mut matched = vec![false; labels.len()];
    for finding in &seen {
        let tally = tallies.entry(finding.rule).or_default();
        let where_ = format!(
            "{}:{} {} {}: {}",
            finding.file,
            finding.line,
            finding.rule,
            finding.severity.as_str(),
            finding.message
        );
        let Some(index) = label_of(finding, &labels) else {
            tally.unlabelled += 1;
            unlabelled.push(format!(
                "{where_}\n    row to fill in: {}\t{}\t{}\t{}\t{}\t?\t?",
                finding.file,
                finding.line,
                finding.rule,
                finding.severity.as_str(),
                new_excerpt(finding)
            ));
            continue;
        };
        matched[index] = true;
        let label = &labels[index];
        if label.severity != finding.severity {
            tally.unlabelled += 1;
            rated_again.push(format!(
                "{where_}\n    labelled at {} ({LABELS}:{}): read it again and relabel",
                label.severity.as_str(),
                label.row
            ));
        } else {
            match label.verdict {
                Verdict::True => tally.true_positives += 1,
                Verdict::False => {
                    tally.false_positives += 1;
                    known_false.push(format!(
                        "{}:{} {}: {}",
                        finding.file, finding.line, finding.rule, label.reason
                    ));
                }
                Verdict::Fixed => {
                    tally.false_positives += 1;
                    false_back.push(format!(
                        "{where_}\n    fixed false positive ({LABELS}:{}): {}",
                        label.row, label.reason
                    ));
                }
            }
        }
    }
    let mut true_gone = Vec::new();
    let mut stale = Vec::new();
    // A label that is no finding's best one is still present when a finding
    // of its instruction carries its text (findings that merged into one).
    let present = |label: &Label| {
        seen.iter().any(|finding| {
            finding.file == label.file
                && finding.rule == label.rule
                && finding.line == label.line
                && finding.anchor_text.contains(&label.excerpt)
        })
    };
    for (label, _) in labels
        .iter()
        .zip(&matched)
        .filter(|(label, found)| !**found && !present(label))
    {
        let text = format!(
            "{}:{} {} ({LABELS}:{}): {}",
            label.file, label.line, label.rule, label.row, label.reason
        );
        match label.verdict {
            Verdict::True => true_gone.push(text),
            Verdict::False => stale.push(text),
            Verdict::Fixed => {}
        }
        if label.verdict != Verdict::True {
            tallies.entry(&label.rule).or_default().fixed += 1;
        }
    }

    let table = precision_table(&tallies, files);
    let mut report = table.clone();
    for line in &known_false {
        let _ = writeln!(report, "false positive still reported: {line}");
    }
    for line in &stale {
        let _ = writeln!(
            report,
            "labelled false and no longer found (make it `fixed`): {line}"
        );
    }
    let _ = std::fs::write(report_path(), &report);
    if std::env::var_os("PRINT_PRECISION").is_some() {
        // Bypasses the test harness's capture: asked for, so shown.
        let _ = write!(std::io::stderr(), "{report}");
    }

    let mut failure = String::new();
    let mut section = |title: &str, items: &[String]| {
        if !items.is_empty() {
            let _ = writeln!(failure, "\n{title} ({}):", items.len());
            for item in items {
                let _ = writeln!(failure, "  {item}");
            }
        }
    };
    section(
        "new high/critical finding without a label (read it, then add a row to \
         core/tests/precision/labels.tsv: verdict true or false and a one-line reason)",
        &unlabelled,
    );
    section("severity changed since it was labelled", &rated_again);
    section(
        "false positive that was fixed is back (fix the rule, or relabel with a reason)",
        &false_back,
    );
    section(
        "finding labelled true is gone (a real problem is no longer reported)",
        &true_gone,
    );
    if !failure.is_empty() {
        panic!("{failure}\n{table}");
    }
}

/// A label file of `rows` (without the header).
fn label_file(rows: &[&str]) -> String {
    std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n")
}

const PLAIN_HTTP: &str = "f\t2\tPL803\thigh\thttp://example.com/a.tgz\ttrue\tplain download";

#[test]
fn a_label_follows_its_instruction_when_lines_move() {
    let labels = read_labels(&label_file(&[PLAIN_HTTP])).unwrap();
    let moved = "FROM alpine:3.20\n\n# a new comment\nRUN curl -fsS \\\n    http://example.com/a.tgz | tar xz\n";
    let seen = high_findings("f", moved);
    let plain_http: Vec<_> = seen.iter().filter(|seen| seen.rule == "PL803").collect();
    assert_eq!(plain_http.len(), 1);
    assert_eq!(plain_http[0].line, 4);
    assert_eq!(label_of(plain_http[0], &labels), Some(0));
}

#[test]
fn a_label_matches_only_its_file_rule_and_text() {
    let source = "FROM alpine:3.20\nRUN curl -fsS http://example.org/b.tgz | tar xz\n";
    let seen = high_findings("f", source);
    let plain_http = seen.iter().find(|seen| seen.rule == "PL803").unwrap();
    let other_text = read_labels(&label_file(&[PLAIN_HTTP])).unwrap();
    assert_eq!(label_of(plain_http, &other_text), None);
    let other_file = read_labels(&label_file(&[&PLAIN_HTTP
        .replacen('f', "g", 1)
        .replace("example.com/a", "example.org/b")]))
    .unwrap();
    assert_eq!(label_of(plain_http, &other_file), None);
}

#[test]
fn of_two_identical_instructions_each_takes_the_label_at_its_line() {
    let source = "FROM alpine:3.20\nRUN curl http://example.com/a.tgz | tar xz\nRUN curl http://example.com/a.tgz | tar xz\n";
    let second = PLAIN_HTTP
        .replacen("\t2\t", "\t3\t", 1)
        .replace("\ttrue\t", "\tfalse\t");
    let labels = read_labels(&label_file(&[PLAIN_HTTP, &second])).unwrap();
    let found: Vec<_> = high_findings("f", source)
        .iter()
        .filter(|seen| seen.rule == "PL803")
        .map(|seen| label_of(seen, &labels))
        .collect();
    assert_eq!(found, [Some(0), Some(1)]);
}

#[test]
fn a_label_file_with_bad_rows_is_refused_with_their_row_numbers() {
    let unsorted = PLAIN_HTTP.replacen("\t2\t", "\t1\t", 1);
    let problems = read_labels(&label_file(&[PLAIN_HTTP, &unsorted])).unwrap_err();
    assert!(problems.contains("sorted"), "{problems}");
    let no_reason = PLAIN_HTTP.replace("\tplain download", "\t");
    let problems = read_labels(&label_file(&[&no_reason])).unwrap_err();
    assert!(problems.contains(":2:"), "{problems}");
    let maybe = PLAIN_HTTP.replace("\ttrue\t", "\tmaybe\t");
    assert!(read_labels(&label_file(&[&maybe])).is_err());
    let medium = PLAIN_HTTP.replace("\thigh\t", "\tmedium\t");
    assert!(read_labels(&label_file(&[&medium])).is_err());
}
