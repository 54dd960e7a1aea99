//! PL420 and PL950: what the build context and its ignore file let into
//! the image, with and without a listed context.

use plimsoll_core::companion::context::{BuildContext, LinkedIgnore};
use plimsoll_core::companion::dockerignore::IgnoreFile;
use plimsoll_core::{check_in_context, Settings};

fn build(ignore: Option<&str>, paths: Option<&[&str]>) -> BuildContext {
    BuildContext {
        ignore: ignore.map(|text| LinkedIgnore {
            path: ".dockerignore".into(),
            file: IgnoreFile::parse(text),
        }),
        paths: paths.map(|paths| paths.iter().map(|path| path.to_string()).collect()),
        is_project_root: true,
    }
}

/// (rule, line, severity, English message) of the findings of `rules`.
fn findings(dockerfile: &str, context: &BuildContext, rule: &str) -> Vec<(u32, String, String)> {
    check_in_context("Dockerfile", dockerfile, &Settings::default(), context)
        .findings
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .map(|finding| {
            (
                finding.location.start.line,
                finding.severity.as_str().to_string(),
                finding.message.en,
            )
        })
        .collect()
}

const APP: &str = "FROM node:22\nWORKDIR /app\nCOPY . .\n";

#[test]
fn listed_secrets_are_named_with_their_patterns() {
    let context = build(
        Some("node_modules\n.env\n"),
        Some(&[
            ".env",
            "api/.env",
            ".aws/credentials",
            ".aws/config",
            "deploy/prod.tfstate",
            "src/.env.example",
            "README.md",
        ]),
    );
    let found = findings(APP, &context, "PL420");
    assert_eq!(found.len(), 1, "{found:?}");
    let (line, severity, message) = &found[0];
    assert_eq!((*line, severity.as_str()), (3, "high"));
    // The root `.env` is excluded; the nested one is not.
    assert!(message.contains("`api/.env`"), "{message}");
    assert!(!message.contains("`.env` ("), "{message}");
    assert!(message.contains("`.aws`"), "{message}");
    assert!(!message.contains(".env.example"), "{message}");
    assert!(message.contains("`**/.env`, `**/.aws`"), "{message}");
}

#[test]
fn a_complete_ignore_file_or_a_narrow_copy_passes() {
    let paths: &[&str] = &[".env", ".git", "src/main.js", "package.json"];
    let good = build(Some("**/.env\n.git\n"), Some(paths));
    assert!(findings(APP, &good, "PL420").is_empty());
    let narrow = build(Some(""), Some(paths));
    let dockerfile = "FROM node:22\nCOPY package.json src/ ./\n";
    assert!(findings(dockerfile, &narrow, "PL420").is_empty());
    // `--exclude` on the COPY leaves them out too.
    let excluded = "FROM node:22\nCOPY --exclude=.env --exclude=.git . .\n";
    assert!(findings(excluded, &narrow, "PL420").is_empty());
}

#[test]
fn builder_stages_that_the_image_does_not_copy_are_not_reported() {
    let context = build(None, Some(&[".env", "main.go"]));
    let dockerfile = "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n";
    assert!(findings(dockerfile, &context, "PL420").is_empty());
}

#[test]
fn without_a_listed_context_the_ignore_file_is_judged_alone() {
    let none = findings(APP, &build(Some("node_modules\n"), None), "PL420");
    assert_eq!(none.len(), 1);
    assert_eq!(none[0].1, "medium");
    assert!(
        none[0].2.contains("`.git`") && none[0].2.contains("`**/.env`"),
        "{}",
        none[0].2
    );

    let root_only = findings(APP, &build(Some(".git\n.env\n"), None), "PL420");
    assert_eq!(root_only.len(), 1);
    assert_eq!(root_only[0].1, "low");
    assert!(root_only[0].2.contains("`*/.env`"), "{}", root_only[0].2);

    assert!(findings(APP, &build(Some(".git\n**/.env\n"), None), "PL420").is_empty());
    // An allow-list leaves everything else out.
    assert!(findings(APP, &build(Some("*\n!src\n!package.json\n"), None), "PL420").is_empty());
    // A subdirectory's context has no `.git`.
    let subdirectory = BuildContext {
        is_project_root: false,
        ..build(Some("node_modules\n"), None)
    };
    let found = findings(APP, &subdirectory, "PL420");
    assert!(!found[0].2.contains(".git"), "{}", found[0].2);
    // A copy of a subdirectory is not judged without the list.
    let sub = "FROM node:22\nCOPY src/ /app/\n";
    assert!(findings(sub, &build(Some(""), None), "PL420").is_empty());
}

#[test]
fn copy_of_an_ignored_path() {
    let context = build(Some("docs\n!docs/README.md\nsecrets\n*.log\n"), None);
    let dockerfile = "FROM alpine:3.20\nCOPY docs /docs\nCOPY secrets/key.txt /key\nCOPY ./app.log /var/log/\nCOPY *.log /logs/\n";
    let found = findings(dockerfile, &context, "PL950");
    let lines: Vec<u32> = found.iter().map(|(line, _, _)| *line).collect();
    // `docs` keeps its README; a wildcard needs the listed context.
    assert_eq!(lines, [3, 4], "{found:?}");
    assert!(
        found[0].2.contains("`secrets` (.dockerignore line 3)"),
        "{}",
        found[0].2
    );

    let listed = build(Some("*.log\n"), Some(&["a.log", "b.log", "main.c"]));
    let found = findings("FROM alpine:3.20\nCOPY *.log /logs/\n", &listed, "PL950");
    assert_eq!(found.len(), 1);
}
