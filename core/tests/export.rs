//! The export formats: the JSON contract, Markdown and SARIF.

use plimsoll_core::export::{json, markdown, sarif, FileReport};
use plimsoll_core::{check, Lang, Settings};

const DOCKERFILE: &str =
    "FROM node:latest\n# plimsoll ignore=PL201 -- demo\nFROM alpine\nRUN echo hi\n";

fn report() -> plimsoll_core::Report {
    check(DOCKERFILE, &Settings::default())
}

#[test]
fn json_contract_has_the_documented_fields() {
    let report = report();
    let file = FileReport {
        path: "Dockerfile",
        source: DOCKERFILE,
        report: &report,
    };
    let value = serde_json::to_value(json::output(&[file], Lang::En)).unwrap();
    let file = &value["files"][0];
    assert_eq!(file["path"], "Dockerfile");
    let finding = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == "PL201" && finding["line"] == 1)
        .expect("PL201 on line 1");
    for key in [
        "rule",
        "name",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "stage",
        "message",
        "aliases",
        "fix",
        "suppressed",
    ] {
        assert!(finding.get(key).is_some(), "missing {key}");
    }
    assert_eq!(finding["column"], 11);
    assert_eq!(finding["end_column"], 17);
    assert_eq!(finding["stage"], 0);
    assert_eq!(finding["suppressed"], false);
    assert!(finding["aliases"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("DL3007")));
    let suppressed = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == "PL201" && finding["line"] == 3)
        .expect("PL201 on line 3");
    assert_eq!(suppressed["suppressed"], true);
    assert_eq!(suppressed["suppression"]["reason"], "demo");
    let items = file["checklist"]["items"].as_array().unwrap();
    let pinned = items
        .iter()
        .find(|item| item["id"] == "version-pinned")
        .unwrap();
    assert_ne!(pinned["status"], "pass");
    for item in items {
        for key in ["id", "group", "status", "findings"] {
            assert!(item.get(key).is_some(), "checklist item without {key}");
        }
    }
    assert!(file["errors"].as_array().unwrap().is_empty());
    let japanese = serde_json::to_value(json::output(
        &[FileReport {
            path: "Dockerfile",
            source: DOCKERFILE,
            report: &report,
        }],
        Lang::Ja,
    ))
    .unwrap();
    assert!(japanese["files"][0]["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("タグ"));
}

#[test]
fn markdown_report_lists_checklist_and_findings() {
    let report = report();
    let text = markdown::render(
        &[FileReport {
            path: "app/Dockerfile",
            source: DOCKERFILE,
            report: &report,
        }],
        Lang::En,
    );
    assert!(text.contains("## Dockerfile security checklist: `app/Dockerfile`"));
    assert!(text.contains("Pin the base image version"));
    assert!(text.contains("| 1 | medium | `PL201`"));
    assert!(
        text.contains("<details><summary>Suppressed findings (1)</summary>"),
        "{text}"
    );
}

/// The Markdown report shows what the text format shows: a rule's repeats
/// in one row that says where the others are, info findings folded into
/// their own table, and a checklist item's findings counted per rule.
#[test]
fn markdown_report_folds_repeats_and_info_findings() {
    let source = "FROM alpine:3.20\nRUN chmod 777 /srv/a\nWORKDIR /srv\nRUN chmod 777 /srv/b\nWORKDIR /\nRUN chmod 777 /srv/c\nRUN mkdir /x\nRUN mkdir /y\nUSER 1000\n";
    let report = plimsoll_core::check(source, &plimsoll_core::Settings::default());
    let world_writable = report
        .findings
        .iter()
        .filter(|finding| finding.rule == "PL701")
        .count();
    assert_eq!(world_writable, 3);
    let info = report
        .findings
        .iter()
        .filter(|finding| finding.severity == plimsoll_core::Severity::Info)
        .count();
    let text = markdown::render(
        &[FileReport {
            path: "Dockerfile",
            source,
            report: &report,
        }],
        Lang::En,
    );
    let rows: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("`PL701`"))
        .collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(
        rows[0].ends_with("_(2 more in this file, at lines 4 and 6)_ |"),
        "{text}"
    );
    assert!(text.contains("L2 PL701 ×3"), "{text}");
    // PL924 (info): the two mkdir RUNs could be one.
    assert!(info > 0);
    let folded = text
        .split("<details><summary>Info findings")
        .nth(1)
        .expect(&text);
    assert!(folded.starts_with(&format!(" ({info}): ")), "{text}");
    let main_table = text.split("<details>").next().unwrap();
    assert!(!main_table.contains("| info |"), "{text}");
}

#[test]
fn sarif_log_has_rules_results_and_suppressions() {
    let report = report();
    let log = sarif::log(
        &[FileReport {
            path: "dir with space/Dockerfile",
            source: DOCKERFILE,
            report: &report,
        }],
        Lang::En,
        Some("https://docs.example/plimsoll/"),
    );
    let value = serde_json::to_value(&log).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let run = &value["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), plimsoll_core::rules::RULES.len());
    // Rule pages are linked on the web app the caller serves, and only then.
    assert_eq!(
        rules[0]["helpUri"],
        format!(
            "https://docs.example/plimsoll/?rule={}",
            plimsoll_core::rules::RULES[0].code
        )
    );
    assert_eq!(
        run["tool"]["driver"]["informationUri"],
        "https://docs.example/plimsoll/"
    );
    let unlinked = serde_json::to_value(sarif::log(
        &[FileReport {
            path: "Dockerfile",
            source: DOCKERFILE,
            report: &report,
        }],
        Lang::En,
        None,
    ))
    .unwrap();
    let driver = &unlinked["runs"][0]["tool"]["driver"];
    assert!(driver.get("informationUri").is_none());
    assert!(driver["rules"][0].get("helpUri").is_none());
    let results = run["results"].as_array().unwrap();
    let first = results
        .iter()
        .find(|result| result["ruleId"] == "PL201")
        .expect("a PL201 result");
    assert_eq!(first["level"], "warning");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "dir%20with%20space/Dockerfile"
    );
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 11);
    assert!(first["partialFingerprints"]["plimsoll/v1"].is_string());
    assert!(results
        .iter()
        .any(|result| result["suppressions"][0]["kind"] == "inSource"));
}

#[test]
fn parse_output_shows_stages_and_expanded_images() {
    let source = "ARG VERSION=3.19\nFROM alpine:${VERSION} AS base\nRUN <<EOF\necho hi\nEOF\nFROM base\nCOPY --from=base /a /b\nONBUILD RUN make\nFROM scratch\nCMD [\"x\"]\n";
    let output = plimsoll_core::export::parse::parse_source(source, None);
    let value = serde_json::to_value(&output).unwrap();
    let keywords: Vec<_> = value["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|instruction| {
            (
                instruction["keyword"].as_str().unwrap(),
                instruction["line"].as_u64().unwrap(),
                instruction["end_line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keywords,
        vec![
            ("ARG", 1, 1),
            ("FROM", 2, 2),
            ("RUN", 3, 5),
            ("FROM", 6, 6),
            ("COPY", 7, 7),
            ("ONBUILD", 8, 8),
            ("FROM", 9, 9),
            ("CMD", 10, 10)
        ]
    );
    assert_eq!(value["instructions"][0]["stage"], serde_json::Value::Null);
    assert_eq!(value["instructions"][2]["stage"], 0);
    assert_eq!(
        value["instructions"][2]["heredocs"][0]["content"],
        "echo hi\n"
    );
    assert_eq!(value["instructions"][5]["trigger"], "RUN");
    let stages = value["stages"].as_array().unwrap();
    assert_eq!(stages[0]["name"], "base");
    assert_eq!(stages[0]["image"]["registry"], "docker.io");
    assert_eq!(stages[0]["image"]["repository"], "library/alpine");
    assert_eq!(stages[0]["image"]["tag"], "3.19");
    assert_eq!(stages[1]["base_kind"], "stage");
    assert_eq!(stages[1]["image"], serde_json::Value::Null);
    assert_eq!(stages[2]["base_kind"], "scratch");
    assert_eq!(stages[1]["reaches_final"], false);
    assert_eq!(value["final_stage"], 2);
    assert!(value["errors"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_uris_for_absolute_and_odd_paths() {
    let report = report();
    for (path, uri) in [
        ("/srv/app/Dockerfile", "file:///srv/app/Dockerfile"),
        ("C:\\src\\Dockerfile", "file:///C:/src/Dockerfile"),
        ("a:b/Dockerfile", "a%3Ab/Dockerfile"),
        ("-", "stdin"),
    ] {
        let log = sarif::log(
            &[FileReport {
                path,
                source: DOCKERFILE,
                report: &report,
            }],
            Lang::En,
            None,
        );
        let value = serde_json::to_value(&log).unwrap();
        assert_eq!(
            value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"],
            uri
        );
    }
}

#[test]
fn sarif_written_result_by_result_is_the_log_as_one_value() {
    let report = report();
    let other = plimsoll_core::check("FROM node:latest\nUSER root\n", &Default::default());
    let files = [
        FileReport {
            path: "app/Dockerfile",
            source: DOCKERFILE,
            report: &report,
        },
        FileReport {
            path: "/abs/other.Dockerfile",
            source: "FROM node:latest\nUSER root\n",
            report: &other,
        },
    ];
    for docs_url in [None, Some("https://docs.example/plimsoll/")] {
        let whole = serde_json::to_value(sarif::log(&files, Lang::Ja, docs_url)).unwrap();
        let mut written = Vec::new();
        sarif::write(&mut written, &files, Lang::Ja, docs_url).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }
}
