//! Every `--format` of `plimsoll check`, and the JSON contract.

use std::collections::BTreeSet;

use predicates::prelude::*;

use super::*;

const ESC: char = '\u{1b}';

fn check_output(format: &str, extra: &[&str], text: &str) -> (i32, String) {
    let (code, stdout, stderr) = run(plimsoll()
        .args(["check", "--format", format])
        .args(extra)
        .arg("-")
        .write_stdin(text));
    assert!(stderr.is_empty(), "{stderr}");
    (code, stdout)
}

#[test]
fn text_is_one_line_per_finding_when_piped() {
    let (code, out) = check_output("text", &[], LATEST);
    assert_eq!(code, 1);
    assert!(!out.contains(ESC), "{out:?}");
    for line in out.lines() {
        assert!(line.starts_with("<stdin>:"), "{out}");
    }
}

#[test]
fn text_frames_show_the_source_underlined() {
    let (code, out) = check_output("text", &["--frames", "always", "--no-color"], LATEST);
    assert_eq!(code, 1);
    assert!(!out.contains(ESC), "{out:?}");
    assert!(out.contains("medium[PL201]: `node:latest`"), "{out}");
    assert!(out.contains("<stdin>:1:11"), "{out}");
    assert!(out.contains("1 │ FROM node:latest"), "{out}");
    assert!(out.contains("━━━━━━ base-image-latest-tag"), "{out}");
    assert!(
        out.contains("note: explain: `plimsoll explain PL201`"),
        "{out}"
    );
    assert!(!out.contains("https://"), "no page without docs-url: {out}");
    assert!(out.contains("1 file checked:"), "{out}");
}

#[test]
fn text_folds_info_and_groups_a_rules_repeats() {
    let source = "FROM node:latest AS build\nRUN wget -O /tmp/a https://example.com/a && sha256sum -c /tmp/a.sha\nFROM node:latest\nUSER node\n";
    let (_, out) = check_output("text", &["--frames", "never"], source);
    assert!(!out.contains(" info PL926 "), "info is folded: {out}");
    let latest: Vec<&str> = out
        .lines()
        .filter(|line| line.contains(" PL201 "))
        .collect();
    assert_eq!(latest.len(), 1, "{out}");
    assert!(latest[0].starts_with("<stdin>:1:"), "{out}");
    assert!(
        latest[0].ends_with("[1 more in this file, at line 3]"),
        "{out}"
    );
    let (_, frames) = check_output("text", &["--frames", "always", "--no-color"], source);
    assert!(
        frames.contains("info not shown (`--show-info`)"),
        "{frames}"
    );
    let (_, all) = check_output("text", &["--frames", "never", "--show-info"], source);
    assert!(all.contains(" info PL926 "), "{all}");
}

#[test]
fn text_frames_link_the_hosted_rule_page_when_configured() {
    let (_, out) = check_output(
        "text",
        &[
            "--frames",
            "always",
            "--docs-url",
            "https://plimsoll.example.com/",
        ],
        LATEST,
    );
    assert!(
        out.contains("`plimsoll explain PL201` or https://plimsoll.example.com/?rule=PL201"),
        "{out}"
    );
    let (code, _, err) = run(plimsoll().args(["check", "--docs-url", "plimsoll.example.com", "-"]));
    assert_eq!(code, 2);
    assert!(err.contains("not an http(s) address"), "{err}");
}

#[test]
fn text_frames_show_fixes_and_errors() {
    let (_, out) = check_output("text", &["--frames", "always"], ROOT);
    assert!(out.contains("help: safe fix: "), "{out}");
    assert!(out.contains("fixable with `plimsoll fix`"), "{out}");
    let (_, out) = check_output("text", &["--frames", "always"], INVALID);
    assert!(out.contains("error: unknown instruction"), "{out}");
    assert!(out.contains(" Dockerfile error"), "{out}");
}

#[test]
fn text_frames_of_crlf_with_a_byte_order_mark() {
    let text = "\u{feff}FROM node:latest\r\nRUN apk add \\\r\n    curl\r\n";
    let (_, out) = check_output("text", &["--frames", "always"], text);
    assert!(out.contains("<stdin>:1:11"), "columns after the BOM: {out}");
    assert!(out.contains("1 │ FROM node:latest\n"), "{out:?}");
    assert!(!out.contains('\r') && !out.contains('\u{feff}'), "{out:?}");
    let (_, compact) = check_output("text", &[], text);
    assert!(compact.contains("<stdin>:1:11: medium PL201"), "{compact}");
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let (_, out) = check_output("text", &["--frames", "always", "--color", "always"], LATEST);
    assert!(out.contains(ESC), "{out:?}");
    // Not a terminal here: auto means no colors.
    let (_, out) = check_output("text", &["--frames", "always"], LATEST);
    assert!(!out.contains(ESC), "{out:?}");
    // --no-color and --color conflict.
    plimsoll()
        .args(["check", "--no-color", "--color", "always", "-"])
        .assert()
        .code(2);
    // NO_COLOR does not override an explicit --color always.
    let (_, stdout, _) = run(plimsoll()
        .env("NO_COLOR", "1")
        .args(["check", "--frames", "always", "--color", "always", "-"])
        .write_stdin(LATEST));
    assert!(stdout.contains(ESC));
}

#[test]
fn text_in_japanese() {
    let (_, out) = check_output("text", &["--frames", "always", "--lang", "ja"], LATEST);
    assert!(out.contains("中[PL201]"), "{out}");
    assert!(out.contains("ファイルをチェック"), "{out}");
}

#[test]
fn github_annotations() {
    let dir = scratch("github");
    let file = write(&dir, "we,ird/Dockerfile", LATEST);
    let (code, stdout, _) = run(plimsoll().args(["check", "--format", "github"]).arg(&file));
    assert_eq!(code, 1);
    let escaped = file
        .display()
        .to_string()
        .replace(',', "%2C")
        .replace(':', "%3A");
    let expected = format!(
        "::warning file={escaped},line=1,col=11,endLine=1,endColumn=17,title=PL201 base-image-latest-tag (medium)::`node:latest` uses the `latest` tag"
    );
    assert!(
        stdout.lines().any(|line| line.starts_with(&expected)),
        "{expected}\n{stdout}"
    );
    for line in stdout.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
    }
    // Severities map to the three annotation levels; errors are errors.
    let (_, out) = check_output("github", &[], ROOT);
    assert!(out.contains("::error file=<stdin>,line=1,col=6"), "{out}");
    let (_, out) = check_output("github", &[], INVALID);
    assert!(
        out.starts_with(
            "::error file=<stdin>,line=1,col=1,title=Dockerfile error::unknown instruction"
        ),
        "{out}"
    );
    // The runner shows ten annotations of a kind: a rule's repeats are one,
    // info findings only when asked for (PL924: one-command RUNs in a row).
    let repeated =
        "FROM alpine:3.20\nRUN chmod 777 /a\nRUN chmod 777 /b\nRUN mkdir /c\nUSER 1000\n";
    let (_, out) = check_output("github", &[], repeated);
    let world_writable: Vec<&str> = out.lines().filter(|line| line.contains("PL701")).collect();
    assert_eq!(world_writable.len(), 1, "{out}");
    assert!(
        world_writable[0].ends_with("(1 more in this file, at line 3)"),
        "{out}"
    );
    assert!(!out.contains("PL924"), "{out}");
    let (_, out) = check_output("github", &["--show-info"], repeated);
    assert!(out.contains("PL924"), "{out}");
}

#[test]
fn markdown_report_with_the_checklist() {
    let (code, out) = check_output("markdown", &[], LATEST);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("## Dockerfile security checklist: `<stdin>`"),
        "{out}"
    );
    assert!(out.contains("### Checklist"), "{out}");
    // One item warns, eight pass: 8.5 of 9.
    assert!(
        out.contains("**Score: 94/100** · ✅ 8 · ⚠️ 1 · ❌ 0 · 📝 6\n"),
        "{out}"
    );
    assert!(
        out.contains("| 1 | medium | `PL201` base-image-latest-tag |"),
        "{out}"
    );
    let (_, out) = check_output("markdown", &["--lang", "ja"], LATEST);
    assert!(out.contains("### チェックリスト"), "{out}");
}

#[test]
fn checklist_with_statuses_and_guidance() {
    let (code, out) = check_output("checklist", &[], ROOT);
    assert_eq!(code, 1);
    // Two items fail (root), three warn, four pass: (4 + 3 / 2) / 9.
    assert!(
        out.starts_with(
            "<stdin>: security checklist, score 61/100 (4 pass, 3 warn, 2 fail, 6 to check by hand)\n"
        ),
        "{out}"
    );
    assert!(out.contains("[FAIL]   Create a non-root user"), "{out}");
    assert!(out.contains("<stdin>:1:6 high PL101"), "{out}");
    assert!(out.contains("[CHECK]  Run a vulnerability scan"), "{out}");
    assert!(out.contains("trivy image"), "manual guidance: {out}");
    assert!(out.contains("[PASS]"), "{out}");
    let (_, out) = check_output("checklist", &["--lang", "ja"], ROOT);
    assert!(
        out.starts_with(
            "<stdin>: セキュリティチェックリスト スコア 61/100（合格 4、注意 3、不合格 2、要確認 6）\n"
        ),
        "{out}"
    );
    assert!(out.contains("[不合格]"), "{out}");
    assert!(out.contains("[要確認]"), "{out}");
    let (_, out) = check_output("checklist", &["--color", "always"], ROOT);
    assert!(out.contains(ESC));
}

/// An item lists a rule's findings once, saying where the others are.
#[test]
fn checklist_lists_a_rules_repeats_once() {
    let source = "FROM alpine:3.20\nRUN chmod 777 /srv/a\nRUN chmod 777 /srv/b\nRUN chmod 777 /srv/c\nUSER 1000\n";
    let (_, out) = check_output("checklist", &[], source);
    let lines: Vec<&str> = out
        .lines()
        .filter(|line| line.contains(" PL701 "))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].ends_with("[2 more in this file, at lines 3 and 4]"),
        "{out}"
    );
}

#[test]
fn no_verdict_without_a_build_stage() {
    let (code, out) = check_output("checklist", &[], "hello world\n");
    assert_eq!(code, 1, "an invalid Dockerfile fails");
    assert!(
        out.starts_with(
            "<stdin>: security checklist, no verdict\n  No verdict: there is no build stage"
        ),
        "{out}"
    );
    assert!(!out.contains("[PASS]"), "{out}");
    let (_, out) = check_output("json", &[], "# only a comment\n");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let checklist = &json["files"][0]["checklist"];
    assert_eq!(checklist["score"], serde_json::Value::Null, "{out}");
    assert!(
        checklist["no_verdict"]
            .as_str()
            .is_some_and(|why| why.contains("FROM")),
        "{out}"
    );
    let (_, out) = check_output("markdown", &["--lang", "ja"], "");
    assert!(out.contains("**スコア: –** 判定できません。"), "{out}");
}

fn keys(value: &serde_json::Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(names: &[&'a str]) -> BTreeSet<&'a str> {
    names.iter().copied().collect()
}

/// The JSON contract of the checklist issue, field by field: a change here
/// breaks CI scripts and the JavaScript API's users.
#[test]
fn json_contract_is_stable() {
    let text = "FORM x\n# plimsoll ignore=PL201 -- pinned elsewhere\nFROM node:latest AS app\nRUN apk add curl\n";
    let report = json_of(text, &[]);
    assert_eq!(keys(&report), set(&["tool", "version", "lang", "files"]));
    assert_eq!(report["tool"], "plimsoll");
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    let file = &report["files"][0];
    assert_eq!(
        keys(file),
        set(&["path", "kind", "findings", "checklist", "stages", "errors"])
    );
    assert_eq!(file["path"], "-");
    assert_eq!(file["kind"], "dockerfile");

    let findings = file["findings"].as_array().unwrap();
    let finding_keys = set(&[
        "rule",
        "name",
        "title",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "related",
        "stage",
        "stage_name",
        "message",
        "aliases",
        "fix",
        "suppressed",
        "suppression",
    ]);
    for finding in findings {
        assert_eq!(keys(finding), finding_keys);
    }
    let latest = findings
        .iter()
        .find(|finding| finding["rule"] == "PL201")
        .unwrap();
    assert_eq!(
        (
            &latest["line"],
            &latest["column"],
            &latest["end_line"],
            &latest["end_column"]
        ),
        (
            &serde_json::json!(3),
            &serde_json::json!(11),
            &serde_json::json!(3),
            &serde_json::json!(17)
        )
    );
    assert_eq!(latest["severity"], "medium");
    assert_eq!(latest["stage"], 0);
    assert_eq!(latest["stage_name"], "app");
    assert_eq!(latest["suppressed"], true);
    assert_eq!(
        keys(&latest["suppression"]),
        set(&["reason", "scope", "line"])
    );
    assert_eq!(latest["suppression"]["reason"], "pinned elsewhere");
    assert_eq!(latest["suppression"]["line"], 2);
    assert!(latest["aliases"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("DL3007")));

    let fixed = findings
        .iter()
        .find(|finding| finding["rule"] == "PL305")
        .expect("apk add without --no-cache");
    assert_eq!(
        keys(&fixed["fix"]),
        set(&["description", "safety", "edits"])
    );
    assert_eq!(fixed["fix"]["safety"], "safe");
    assert_eq!(
        keys(&fixed["fix"]["edits"][0]),
        set(&[
            "line",
            "column",
            "end_line",
            "end_column",
            "start",
            "end",
            "replacement"
        ])
    );

    let checklist = &file["checklist"];
    assert_eq!(
        keys(checklist),
        set(&["score", "pass", "warn", "fail", "manual", "judged", "items"])
    );
    // PL201 is suppressed, so `version-pinned` only warns (PL202); a base
    // image that starts nothing of its own leaves USER to the images built
    // on it, so root only warns (PL101, low) on two items, and `apk add`
    // warns: with five passes, (5 + 4 / 2) / 9 = 77%.
    let flagged: Vec<(&str, &str)> = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap(),
                item["status"].as_str().unwrap(),
            )
        })
        .filter(|(_, status)| !["pass", "manual"].contains(status))
        .collect();
    assert_eq!(
        flagged,
        [
            ("version-pinned", "warn"),
            ("non-root-user-created", "warn"),
            ("unneeded-packages-removed", "warn"),
            ("runs-as-non-root", "warn"),
        ]
    );
    // A `node` image with no command of its own is a base for other images:
    // no health-check advice, and the checklist says so.
    assert_eq!(file["checklist"]["judged"]["purpose"], "base");
    let counts: Vec<&serde_json::Value> = ["score", "pass", "warn", "fail", "manual"]
        .iter()
        .map(|key| &checklist[key])
        .collect();
    assert_eq!(counts, [77, 5, 4, 0, 6]);
    for item in checklist["items"].as_array().unwrap() {
        // An item left to a person names the files that would decide it.
        let mut expected = set(&[
            "id", "group", "title", "status", "rules", "findings", "guidance",
        ]);
        if item.get("decidable_by").is_some() {
            assert_eq!(item["status"], "manual", "{item}");
            expected.insert("decidable_by");
        }
        assert_eq!(keys(item), expected);
        assert!(["pass", "warn", "fail", "manual"].contains(&item["status"].as_str().unwrap()));
        assert!(["build", "scan", "runtime"].contains(&item["group"].as_str().unwrap()));
    }
    let read_only = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == "read-only-root-filesystem")
        .unwrap();
    assert_eq!(
        read_only["decidable_by"],
        serde_json::json!(["compose", "kubernetes"])
    );
    let ids: Vec<&str> = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    for id in [
        "official-base-image",
        "version-pinned",
        "non-root-user-created",
        "vulnerability-scan",
    ] {
        assert!(ids.contains(&id), "{ids:?}");
    }

    let stage = &file["stages"][0];
    assert_eq!(
        keys(stage),
        set(&[
            "index",
            "name",
            "line",
            "base",
            "base_kind",
            "reaches_final",
            "builds_final",
            "is_final",
            "purpose"
        ])
    );
    assert_eq!(stage["base"], "node:latest");
    let error = &file["errors"][0];
    assert_eq!(keys(error), set(&["line", "column", "message"]));
    assert_eq!(error["line"], 1);
}

#[test]
fn sarif_links_rule_pages_on_the_served_app() {
    let (_, out) = check_output("sarif", &["--docs-url", "https://docs.example/app"], LATEST);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    let latest = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|rule| rule["id"] == "PL201")
        .unwrap();
    assert_eq!(latest["helpUri"], "https://docs.example/app/?rule=PL201");
    assert_eq!(driver["informationUri"], "https://docs.example/app");
}

#[test]
fn sarif_shape() {
    let (_, out) = check_output("sarif", &[], LATEST);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "Plimsoll");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    // No dead links: rule pages only with `--docs-url`.
    assert!(rules.iter().all(|rule| rule.get("helpUri").is_none()
        && rule["help"]["text"].is_string()
        && rule["help"]["markdown"].is_string()));
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["ruleId"] == "PL201")
        .unwrap();
    assert_eq!(result["level"], "warning");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 1);
    assert_eq!(region["startColumn"], 11);
    assert_eq!(region["endColumn"], 17);
    assert!(result["partialFingerprints"].is_object());
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "PL201"
    );
}

#[test]
fn every_format_of_several_files() {
    let dir = scratch("several");
    let a = write(&dir, "a/Dockerfile", LATEST);
    let b = write(&dir, "b/Dockerfile", ROOT);
    for format in ["text", "json", "sarif", "markdown", "github", "checklist"] {
        plimsoll()
            .args(["check", "--format", format])
            .arg(&a)
            .arg(&b)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("a/Dockerfile"))
            .stdout(predicate::str::contains("b/Dockerfile"));
    }
}
