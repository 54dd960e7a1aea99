//! `plimsoll.toml`: discovery, every key, and errors that name the file,
//! line and key.

use predicates::prelude::*;

use super::*;

#[test]
fn found_in_the_current_directory_or_a_parent() {
    let dir = scratch("config-discovery");
    write(&dir, "plimsoll.toml", "disable = [\"PL201\", \"PL202\"]\n");
    let nested = dir.join("services/web");
    let file = write(&nested, "Dockerfile", LATEST);
    plimsoll_in(&nested)
        .args(["check", "Dockerfile"])
        .assert()
        .code(0)
        .stdout("");
    plimsoll_in(&dir).arg("check").arg(&file).assert().code(0);
    // --no-config ignores it.
    plimsoll_in(&nested)
        .args(["--no-config", "check", "Dockerfile"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(" PL201 "));
}

#[test]
fn explicit_config_file() {
    let dir = scratch("config-explicit");
    let config = write(&dir, "ci/lint.toml", "[severity]\nPL201 = \"critical\"\n");
    let (code, stdout, _) = run(plimsoll_in(&dir)
        .arg("--config")
        .arg(&config)
        .args(["check", "--format", "json", "-"])
        .write_stdin(LATEST));
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let finding = findings.iter().find(|f| f["rule"] == "PL201").unwrap();
    assert_eq!(finding["severity"], "critical");
    plimsoll_in(&dir)
        .arg("--config")
        .arg(dir.join("missing.toml"))
        .args(["check", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(2)
        .stderr(format!(
            "plimsoll: error: {}: no such configuration file\n",
            dir.join("missing.toml").display()
        ));
}

#[test]
fn fail_on_from_the_file_and_the_command_line_wins() {
    let dir = scratch("config-fail-on");
    write(&dir, "plimsoll.toml", "fail-on = \"high\"\n");
    // PL201 is medium: below the file's threshold.
    plimsoll_in(&dir)
        .args(["check", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" PL201 "));
    plimsoll_in(&dir)
        .args(["check", "--fail-on", "medium", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(1);
}

#[test]
fn registries_labels_target_strict_and_lang() {
    let dir = scratch("config-all");
    write(
        &dir,
        "plimsoll.toml",
        r#"# every key
select = []
trusted-registries = ["registry.example.com"]
required-labels = ["org.opencontainers.image.source"]
target = "tools"
strict = true
lang = "ja"
"#,
    );
    let text = "# plimsoll ignore-file=all\nFROM alpine:3.20 AS tools\nFROM scratch\nUSER 1001\n";
    let (code, stdout, stderr) = run(plimsoll_in(&dir)
        .args(["check", "--format", "json", "-"])
        .write_stdin(text));
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["lang"], "ja");
    let file = &report["files"][0];
    let rules = rules_of(file);
    for rule in ["PL203", "PL928", "PL101"] {
        assert!(rules.contains(&rule.to_owned()), "{rule}: {rules:?}");
    }
    // strict: the file-wide suppression is ignored.
    assert!(file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|finding| finding["suppressed"] == false));
    // target: the first stage is the image.
    assert_eq!(file["stages"][0]["is_final"], true);
    // The command line overrides the language.
    let (_, stdout, _) = run(plimsoll_in(&dir)
        .args(["check", "--lang", "en", "--format", "json", "-"])
        .write_stdin(text));
    assert!(stdout.contains("\"lang\": \"en\""));
}

/// Runs `check` with `toml` as plimsoll.toml; returns the error line.
fn config_error(test: &str, toml: &str) -> String {
    let dir = scratch(test);
    write(&dir, "plimsoll.toml", toml);
    let (code, stdout, stderr) = run(plimsoll_in(&dir).args(["check", "-"]).write_stdin(CLEAN));
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let path = dir.join("plimsoll.toml");
    stderr
        .strip_prefix(&format!("plimsoll: error: {}", path.display()))
        .unwrap_or_else(|| panic!("names the file: {stderr}"))
        .trim_end()
        .to_owned()
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let error = config_error(
        "config-unknown-key",
        "strict = true\n\nfail_on = \"high\"\n",
    );
    assert!(
        error.starts_with(":3:1: `fail_on`: unknown key `fail_on`, expected one of"),
        "{error}"
    );
}

#[test]
fn bad_values_name_file_line_and_key() {
    let error = config_error("config-bad-severity", "[severity]\nPL201 = \"urgent\"\n");
    assert_eq!(
        error,
        ":2:9: `severity.PL201`: unknown severity `urgent` (expected critical, high, medium, low or info)"
    );
    let error = config_error("config-bad-type", "disable = []\nstrict = \"yes\"\n");
    assert!(
        error.starts_with(":2:10: `strict`: invalid type"),
        "{error}"
    );
    let error = config_error(
        "config-bad-rule",
        "disable = [\n  \"PL201\",\n  \"no-such-rule\",\n]\n",
    );
    assert!(
        error.starts_with(":3:3: `disable`: unknown rule `no-such-rule`"),
        "{error}"
    );
    let error = config_error("config-bad-rule-key", "[severity]\nPL9999 = \"low\"\n");
    assert!(
        error.starts_with(":2:1: `severity.PL9999`: unknown rule `PL9999`"),
        "{error}"
    );
    let error = config_error("config-bad-fail-on", "fail-on = \"sometimes\"\n");
    assert!(
        error.starts_with(":1:11: `fail-on`: unknown value `sometimes`"),
        "{error}"
    );
    let error = config_error("config-bad-lang", "lang = \"fr\"\n");
    assert!(
        error.starts_with(":1:8: `lang`: unknown language"),
        "{error}"
    );
    let error = config_error(
        "config-bad-registry",
        "trusted-registries = [\"https://registry.example.com\"]\n",
    );
    assert!(
        error.starts_with(":1:23: `trusted-registries`: "),
        "{error}"
    );
}

#[test]
fn toml_syntax_errors_have_a_line() {
    let error = config_error("config-syntax", "disable = [\"PL201\"\nstrict = true\n");
    assert!(error.starts_with(":"), "{error}");
    let line: usize = error[1..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{error}"));
    assert!((1..=2).contains(&line), "{error}");
}

#[test]
fn config_errors_stop_fix_and_parse_too() {
    let dir = scratch("config-other-commands");
    write(&dir, "plimsoll.toml", "unknown = 1\n");
    let file = write(&dir, "Dockerfile", ROOT);
    for command in ["fix", "parse"] {
        plimsoll_in(&dir)
            .arg(command)
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("plimsoll.toml:1:1: `unknown`"));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), ROOT);
}
