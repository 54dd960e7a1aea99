//! Our parser against an independent one: the npm package `dockerfile-ast`
//! (pinned in tests/package.json, installed into .tools/node by `cargo
//! xtask test`) reads every file of the real corpus, and the instruction
//! keywords and line ranges must agree. Where we follow BuildKit and the
//! reference does not, the file is listed below with the reason.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use plimsoll_core::syntax::parse;
use support::fixtures::{corpus_files, npm_tool, read_lossy};

/// Files where the two parsers differ on purpose, and why.
const EXPECTED_DIFFERENCES: &[(&str, &str)] = &[
    (
        "digininja__DVWA__Dockerfile",
        "the last instruction ends with a line continuation at the end of the file: dockerfile-ast \
         extends it to the empty line after the final newline; BuildKit ends it on its last line",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles__env__Dockerfile",
        "the same continuation at the end of the file (this BuildKit test file exists for it)",
    ),
    (
        "moby__buildkit__frontend__dockerfile__parser__testfiles__trailing-backslash__Dockerfile",
        "a line ending in an escaped escape (`\\\\`) does not continue in BuildKit \
         (`([^\\\\])\\\\[ \\t]*$`); dockerfile-ast continues it (this BuildKit test file exists for it)",
    ),
    (
        "docker-library__mongo__8.2__windows__nanoserver-ltsc2022__Dockerfile",
        "the COPY's destination `C:\\\\Windows\\\\System32\\\\` ends in an escaped backslash: BuildKit \
         ends the instruction there, dockerfile-ast continues it into the ENV below",
    ),
];

/// Prints, for each file given on the command line, one JSON line:
/// `[[KEYWORD, first_line, last_line], ...]` with 1-based lines.
const REFERENCE_SCRIPT: &str = r#"
const { DockerfileParser } = require(process.argv[1] + '/dockerfile-ast');
const fs = require('fs');
for (const file of process.argv.slice(2)) {
  const dockerfile = DockerfileParser.parse(fs.readFileSync(file, 'utf8'));
  const rows = dockerfile.getInstructions().map((instruction) => {
    const range = instruction.getRange();
    return [instruction.getKeyword(), range.start.line + 1, range.end.line + 1];
  });
  console.log(JSON.stringify(rows));
}
"#;

type Rows = Vec<(String, u64, u64)>;

fn ours(source: &str) -> Rows {
    parse(source)
        .instructions
        .iter()
        .map(|instruction| {
            (
                instruction.keyword_text.to_uppercase(),
                u64::from(instruction.line),
                u64::from(instruction.end_line),
            )
        })
        .collect()
}

fn reference(node_modules: &Path, files: &[PathBuf]) -> Vec<Rows> {
    let output = Command::new("node")
        .arg("-e")
        .arg(REFERENCE_SCRIPT)
        .arg(node_modules)
        .args(files)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "dockerfile-ast failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let rows: Vec<(String, u64, u64)> = serde_json::from_str(line).expect("reference JSON");
            rows
        })
        .collect()
}

#[test]
fn instructions_agree_with_dockerfile_ast_on_the_corpus() {
    let test = "instructions_agree_with_dockerfile_ast_on_the_corpus";
    let Some(node_modules) = npm_tool(test, "dockerfile-ast") else {
        return;
    };
    let Some(files) = corpus_files(test) else {
        return;
    };
    let theirs = reference(&node_modules, &files);
    assert_eq!(theirs.len(), files.len());
    let mut unexpected = Vec::new();
    let mut differing = Vec::new();
    for (file, their_rows) in files.iter().zip(theirs) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let our_rows = ours(&read_lossy(file));
        if our_rows == their_rows {
            continue;
        }
        differing.push(name.clone());
        let first = our_rows
            .iter()
            .zip(&their_rows)
            .position(|(a, b)| a != b)
            .unwrap_or(our_rows.len().min(their_rows.len()));
        let detail = format!(
            "{name}: {} vs {} instructions; first difference: ours {:?}, dockerfile-ast {:?}",
            our_rows.len(),
            their_rows.len(),
            our_rows.get(first),
            their_rows.get(first)
        );
        if EXPECTED_DIFFERENCES.iter().any(|(file, _)| *file == name) {
            println!("expected: {detail}");
        } else {
            unexpected.push(detail);
        }
    }
    let stale: Vec<_> = EXPECTED_DIFFERENCES
        .iter()
        .filter(|(file, _)| !differing.iter().any(|name| name == file))
        .map(|(file, _)| *file)
        .collect();
    println!(
        "{} files compared, {} differ as expected",
        files.len(),
        differing.len() - unexpected.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected differences:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as different but now agreeing: {stale:?}"
    );
}
