//! `plimsoll rules`, `plimsoll explain` and `plimsoll parse`.

use predicates::prelude::*;

use super::*;

#[test]
fn rules_as_text_and_json() {
    let (code, text, _) = run(plimsoll().arg("rules"));
    assert_eq!(code, 0);
    let line = text
        .lines()
        .find(|line| line.starts_with("PL201 "))
        .expect("PL201 listed");
    assert!(line.contains("medium"), "{line}");
    assert!(line.contains("base-image-latest-tag"), "{line}");

    let (code, json, _) = run(plimsoll().args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rules.len(), text.lines().count());
    let latest = rules.iter().find(|rule| rule["code"] == "PL201").unwrap();
    assert_eq!(latest["name"], "base-image-latest-tag");
    assert_eq!(latest["severity"], "medium");
    assert!(latest["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|alias| alias["tool"] == "hadolint" && alias["id"] == "DL3007"));
    for rule in &rules {
        for key in [
            "code", "name", "title", "summary", "section", "severity", "fix",
        ] {
            assert!(!rule[key].is_null(), "{key}: {rule}");
        }
        // No page to link until plimsoll.toml says where the app is served.
        assert!(rule.get("url").is_none(), "{rule}");
    }
    let (_, ja, _) = run(plimsoll().args(["rules", "--lang", "ja"]));
    assert_ne!(ja, text);
}

#[test]
fn explain_by_code_name_or_peer_id() {
    let (code, page, _) = run(plimsoll().args(["explain", "PL201"]));
    assert_eq!(code, 0);
    assert!(page.starts_with("# PL201: "), "{page}");
    assert!(page.contains("## "), "{page}");
    for other in ["pl201", "base-image-latest-tag", "DL3007"] {
        let (code, same, _) = run(plimsoll().args(["explain", other]));
        assert_eq!(code, 0, "{other}");
        assert!(same.contains(&page), "{other}");
    }
    let (code, ja, _) = run(plimsoll().args(["explain", "PL201", "--lang", "ja"]));
    assert_eq!(code, 0);
    assert!(ja.starts_with("# PL201: "), "{ja}");
    assert!(ja.contains("重大度"), "{ja}");
    plimsoll()
        .args(["explain", "PL9999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `PL9999`"));
}

const MULTI_STAGE: &str = "\
ARG ALPINE=3.20
FROM --platform=linux/amd64 alpine:${ALPINE} AS build
RUN apk add --no-cache gcc \\
    && make
FROM build
FROM ghcr.io/acme/runtime:1.2@sha256:0000000000000000000000000000000000000000000000000000000000000000
COPY --from=build /out /app
";

#[test]
fn parse_json_shape() {
    let dir = scratch("parse");
    let file = write(&dir, "Dockerfile", MULTI_STAGE);
    let (code, stdout, stderr) = run(plimsoll().arg("parse").arg(&file));
    assert_eq!(code, 0, "{stderr}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();

    let instructions: Vec<(String, u64, u64, Option<u64>)> = parsed["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|instruction| {
            (
                instruction["keyword"].as_str().unwrap().to_owned(),
                instruction["line"].as_u64().unwrap(),
                instruction["end_line"].as_u64().unwrap(),
                instruction["stage"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        instructions,
        [
            ("ARG".to_owned(), 1, 1, None),
            ("FROM".to_owned(), 2, 2, Some(0)),
            ("RUN".to_owned(), 3, 4, Some(0)),
            ("FROM".to_owned(), 5, 5, Some(1)),
            ("FROM".to_owned(), 6, 6, Some(2)),
            ("COPY".to_owned(), 7, 7, Some(2)),
        ]
    );

    let stages = parsed["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 3);
    let build = &stages[0];
    assert_eq!(build["index"], 0);
    assert_eq!(build["name"], "build");
    assert_eq!(build["line"], 2);
    assert_eq!(build["base"], "alpine:${ALPINE}");
    assert_eq!(
        build["image"],
        serde_json::json!({
            "registry": "docker.io",
            "repository": "library/alpine",
            "tag": "3.20",
            "digest": null
        })
    );
    assert_eq!(stages[1]["name"], serde_json::Value::Null);
    assert_eq!(stages[1]["base"], "build");
    assert_eq!(stages[1]["image"], serde_json::Value::Null);
    let runtime = &stages[2]["image"];
    assert_eq!(runtime["registry"], "ghcr.io");
    assert_eq!(runtime["repository"], "acme/runtime");
    assert_eq!(runtime["tag"], "1.2");
    assert_eq!(
        runtime["digest"],
        "sha256:0000000000000000000000000000000000000000000000000000000000000000"
    );
    assert_eq!(parsed["errors"], serde_json::json!([]));
}

#[test]
fn parse_reports_errors_with_lines() {
    let (code, stdout, _) = run(plimsoll()
        .args(["parse", "-"])
        .write_stdin("FROM alpine:3.20\nFORM x\n"));
    assert_eq!(code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let error = &parsed["errors"][0];
    assert_eq!(error["line"], 2);
    assert!(
        error["message"].as_str().unwrap().contains("FORM"),
        "{error}"
    );
}

#[test]
fn parse_text_and_target() {
    let (code, stdout, _) = run(plimsoll()
        .args(["parse", "--format", "text", "--target", "build", "-"])
        .write_stdin(MULTI_STAGE));
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("stage 0 build (line 2): image alpine:${ALPINE} = docker.io/library/alpine:3.20 [final]\n"),
        "{stdout}"
    );
    assert!(stdout.contains("     3-4    RUN\n"), "{stdout}");
}

#[test]
fn parse_input_errors() {
    let dir = scratch("parse-errors");
    plimsoll()
        .arg("parse")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    plimsoll()
        .arg("parse")
        .arg(dir.join("missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing: no such file"));
}
