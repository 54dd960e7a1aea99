//! `plimsoll check`: inputs, exit statuses and error paths.

use std::fs;

use predicates::prelude::*;

use super::*;

#[test]
fn clean_file_exits_0_and_prints_nothing() {
    let dir = scratch("clean");
    let file = write(&dir, "Dockerfile", CLEAN);
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn finding_exits_1_and_prints_path_line_col_severity_rule() {
    let dir = scratch("finding");
    let file = write(&dir, "Dockerfile", LATEST);
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{}:1:11: medium PL201 `node:latest`",
            file.display()
        )));
}

#[test]
fn stdin_is_read_for_dash() {
    plimsoll()
        .args(["check", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(0);
    plimsoll()
        .args(["check", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:1:11: medium PL201"));
}

#[test]
fn missing_file_exits_2_and_names_it() {
    let dir = scratch("missing");
    let file = dir.join("no-such-Dockerfile");
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "plimsoll: error: {}: no such file or directory\n",
            file.display()
        ));
}

#[test]
fn directory_without_dockerfile_exits_2_and_names_it() {
    let dir = scratch("empty-directory");
    write(&dir, "README.md", "# not a Dockerfile\n");
    plimsoll()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: directory holds no Dockerfile",
            dir.display()
        )));
}

#[test]
fn a_directory_with_only_a_helm_chart_says_how_to_render_it() {
    let dir = scratch("helm-chart-only");
    write(
        &dir,
        ".helm/app/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\n",
    );
    write(
        &dir,
        ".helm/app/templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-app\n",
    );
    plimsoll()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "its Helm chart is read once rendered: `helm template {} > rendered.yaml`",
            dir.join(".helm/app").display()
        )));
}

#[test]
fn a_directory_of_compose_files_only_is_checked() {
    let dir = scratch("compose-only");
    write(
        &dir,
        "docker-compose.yml",
        "services:\n  tools:\n    image: alpine:3.20\n    privileged: true\n",
    );
    let (code, stdout, stderr) = run(plimsoll().arg("check").arg(&dir));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("docker-compose.yml:4:17: high PLC102"),
        "{stdout}"
    );
}

/// The folder checked names the project: of two images in a Compose file,
/// the one named like it (`acme/shop` in `shop/`) is the Dockerfile's, and
/// the other service's settings stay out of the Dockerfile's checklist.
#[test]
fn the_folder_name_says_which_compose_image_is_the_project_s() {
    let dir = scratch("shop");
    write(
        &dir,
        "Dockerfile",
        "FROM node:22-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n",
    );
    write(
        &dir,
        "compose.yaml",
        "services:\n  app:\n    image: ghcr.io/acme/shop:1.0\n    read_only: true\n  search:\n    image: getmeili/meilisearch:v1.13\n",
    );
    let (_, stdout, stderr) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect(&stderr);
    let files = json["files"].as_array().unwrap();
    let dockerfile = files
        .iter()
        .find(|file| file["path"].as_str().unwrap().ends_with("Dockerfile"))
        .unwrap();
    let read_only = dockerfile["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == "read-only-root-filesystem")
        .unwrap();
    let decided_by = read_only["decided_by"].to_string();
    assert!(decided_by.contains("compose.yaml"), "{read_only}");
    assert_eq!(read_only["status"], "pass", "{read_only}");
}

#[test]
fn directories_are_searched_for_dockerfiles() {
    let dir = scratch("directory");
    for name in [
        "Dockerfile",
        "api.Dockerfile",
        "Dockerfile.prod",
        "Containerfile",
        "services/web/Dockerfile",
        // Not Dockerfiles, or in folders that are skipped:
        "README.md",
        "Dockerfile.dockerignore",
        ".git/Dockerfile",
        "node_modules/pkg/Dockerfile",
    ] {
        write(&dir, name, LATEST);
    }
    let (code, stdout, stderr) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<String> = value["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let path = file["path"].as_str().unwrap();
            path.strip_prefix(&format!("{}/", dir.display()))
                .unwrap_or(path)
                .to_owned()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "Containerfile",
            "Dockerfile",
            "Dockerfile.dockerignore",
            "Dockerfile.prod",
            "api.Dockerfile",
            "services/web/Dockerfile"
        ]
    );
    // The ignore file is a file of the project, not a Dockerfile.
    let kinds: Vec<&str> = value["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[2], "dockerignore");
    assert!(value["files"][2].get("checklist").is_none());
}

#[test]
fn files_directories_and_stdin_mix() {
    let dir = scratch("mix");
    write(&dir, "sub/Dockerfile", LATEST);
    let file = write(&dir, "other.txt", LATEST);
    let (code, stdout, _) = run(plimsoll()
        .arg("check")
        .arg(dir.join("sub"))
        .arg(&file)
        .arg("-")
        .write_stdin(LATEST));
    assert_eq!(code, 1);
    // A file named on the command line is checked whatever its name.
    assert_eq!(stdout.matches(" PL201 ").count(), 3, "{stdout}");
    assert!(stdout.contains("<stdin>:1:11:"), "{stdout}");
}

#[test]
fn invalid_utf8_exits_2_with_the_byte_offset() {
    let dir = scratch("utf8");
    let file = dir.join("Dockerfile");
    fs::write(&file, b"FROM alpine:3.20\nRUN echo \xc3\x28\n").unwrap();
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: is not valid UTF-8 text (byte offset 26)",
            file.display()
        )));
}

#[cfg(target_os = "linux")]
#[test]
fn unreadable_file_exits_2_and_names_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    let file = write(&dir, "Dockerfile", LATEST);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads everything; the kernel still refuses reads of a process's
    // unmapped memory, which is a file that exists and cannot be read.
    let file = if fs::read(&file).is_ok() {
        std::path::PathBuf::from("/proc/self/mem")
    } else {
        file
    };
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: cannot read:",
            file.display()
        )));
}

#[test]
fn unreadable_input_wins_over_findings_and_others_are_still_checked() {
    let dir = scratch("mixed");
    let good = write(&dir, "Dockerfile", LATEST);
    plimsoll()
        .arg("check")
        .arg(dir.join("missing"))
        .arg(&good)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(" PL201 "))
        .stderr(predicate::str::contains("missing: no such file"));
}

#[test]
fn usage_errors_exit_2() {
    plimsoll().assert().code(2);
    plimsoll().arg("check").assert().code(2);
    plimsoll()
        .args(["check", "--no-such-flag", "x"])
        .assert()
        .code(2);
    plimsoll()
        .args(["check", "--format", "yaml", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("yaml"));
    plimsoll()
        .args(["check", "--fail-on", "urgent", "-"])
        .assert()
        .code(2);
    plimsoll()
        .args(["check", "--lang", "fr", "-"])
        .assert()
        .code(2);
    plimsoll()
        .args(["check", "-", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only once"));
    plimsoll()
        .args(["check", "--disable", "PL9999", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `PL9999`"));
}

#[test]
fn help_and_version_exit_0() {
    plimsoll()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--fail-on"));
    plimsoll()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exit status"));
    plimsoll()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

/// The exit status for every threshold follows the most severe unsuppressed
/// finding, read from the JSON report (so new rules do not break the test).
#[test]
fn fail_on_thresholds() {
    let text = "FROM alpine:3.20\nRUN apk add curl\nEXPOSE 22\n";
    let report = json_of(text, &[]);
    let order = ["info", "low", "medium", "high", "critical"];
    let worst = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["suppressed"] == false)
        .map(|finding| {
            order
                .iter()
                .position(|level| finding["severity"] == *level)
                .unwrap()
        })
        .max()
        .expect("the fixture has findings");
    for (rank, level) in order.iter().enumerate() {
        let expected = i32::from(rank <= worst);
        plimsoll()
            .args(["check", "--fail-on", level, "-"])
            .write_stdin(text)
            .assert()
            .code(expected);
    }
    plimsoll()
        .args(["check", "--fail-on", "never", "-"])
        .write_stdin(text)
        .assert()
        .code(0);
    // The default is `info`: any finding fails.
    plimsoll()
        .args(["check", "-"])
        .write_stdin(text)
        .assert()
        .code(1);
}

#[test]
fn dockerfile_errors_fail_at_every_threshold_but_never() {
    plimsoll()
        .args(["check", "--fail-on", "critical", "-"])
        .write_stdin(INVALID)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "<stdin>:1:1: error: unknown instruction",
        ));
    plimsoll()
        .args(["check", "--fail-on", "never", "-"])
        .write_stdin(INVALID)
        .assert()
        .code(0);
}

#[test]
fn suppressed_findings_do_not_count_unless_strict() {
    let text = format!("# plimsoll ignore-file=all -- legacy image\n{ROOT}");
    plimsoll()
        .args(["check", "-"])
        .write_stdin(text.as_str())
        .assert()
        .code(0)
        .stdout("");
    let report = json_of(&text, &[]);
    let findings = report["files"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|finding| finding["suppressed"] == true));
    assert_eq!(
        findings[0]["suppression"]["reason"], "legacy image",
        "{findings:?}"
    );
    plimsoll()
        .args(["check", "--strict", "-"])
        .write_stdin(text.as_str())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(" PL101 "));
}

#[test]
fn disable_removes_a_rule() {
    let report = json_of(LATEST, &["--disable", "base-image-latest-tag"]);
    assert!(!rules_of(&report["files"][0]).contains(&"PL201".to_owned()));
    plimsoll()
        .args(["check", "--disable", "PL201", "--disable", "PL202", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn target_chooses_the_final_stage() {
    let text = "FROM alpine:3.20 AS build\nRUN echo build\n\nFROM scratch AS runtime\nCOPY --from=build /etc/passwd /etc/passwd\nUSER 1001\n";
    let stages = |report: &serde_json::Value| -> Vec<(String, bool)> {
        report["files"][0]["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|stage| {
                (
                    stage["name"].as_str().unwrap().to_owned(),
                    stage["is_final"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let default = json_of(text, &[]);
    assert_eq!(
        stages(&default),
        [("build".to_owned(), false), ("runtime".to_owned(), true)]
    );
    let build = json_of(text, &["--target", "build"]);
    assert_eq!(
        stages(&build),
        [("build".to_owned(), true), ("runtime".to_owned(), false)]
    );
    // The checklist says which stage it judged, and that a build image is
    // not a container that runs, so PL101 does not claim one.
    let judged = &build["files"][0]["checklist"]["judged"];
    assert_eq!(judged["stage"], 0);
    assert_eq!(judged["purpose"], "build");
    assert!(judged["note"]
        .as_str()
        .unwrap()
        .starts_with("Judged the target stage `build` (line 1, `FROM alpine:3.20`) as the image: it is a build image"));
    assert!(!rules_of(&build["files"][0]).contains(&"PL101".to_owned()));
    // A target that does not exist is a Dockerfile error.
    plimsoll()
        .args(["check", "--target", "nope", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("nope"));
}

#[test]
fn lang_ja_translates_messages() {
    let en = json_of(LATEST, &[]);
    let ja = json_of(LATEST, &["--lang", "ja"]);
    assert_eq!(en["lang"], "en");
    assert_eq!(ja["lang"], "ja");
    let message = |report: &serde_json::Value| {
        report["files"][0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_ne!(message(&en), message(&ja));
    assert!(
        message(&ja).chars().any(|c| c as u32 > 0x3000),
        "{}",
        message(&ja)
    );
    // The global option works before the command too.
    plimsoll()
        .args(["--lang", "ja", "check", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(message(&ja)));
}

#[test]
fn closed_pipe_is_not_an_error_message() {
    // `plimsoll check … | head -0`: the reader goes away; no panic.
    let dir = scratch("pipe");
    let file = write(&dir, "Dockerfile", &LATEST.repeat(200));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .args(["--no-config", "check", "--format", "json"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            drop(child.stdout.take());
            child.wait_with_output()
        })
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
