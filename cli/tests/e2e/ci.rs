//! The CI templates: the composite GitHub Action (`action.yml`) and the
//! GitLab CI job (`docs/gitlab-ci.yml`). Their shell steps run here as the
//! CI services run them, with the binary under test, on a fixture repository.

use std::collections::BTreeMap;

use plimsoll_core::companion::yaml::{Value, Yaml};

use super::*;

/// A repository whose Dockerfile runs as root (PL101, high) and whose
/// service's Dockerfile is clean.
fn fixture_repository(test: &str) -> PathBuf {
    let repository = scratch(test);
    write(&repository, "app/Dockerfile", ROOT);
    write(&repository, "app/.dockerignore", ".git\n");
    write(&repository, "svc/Dockerfile", CLEAN);
    repository
}

fn text<'a>(value: &Value<'a>, key: &str) -> Option<&'a str> {
    value.get(key).and_then(|value| value.as_str())
}

/// Replaces `${{ inputs.NAME }}` and `${{ steps.ID.outputs.NAME }}`, the
/// only expressions the action's `env:` and `with:` values use.
fn expand(
    template: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, BTreeMap<String, String>>,
) -> String {
    let mut expanded = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${{") {
        expanded += &rest[..start];
        let end = rest[start..].find("}}").expect("a closed expression") + start;
        let expression = rest[start + 3..end].trim();
        let value = if let Some(name) = expression.strip_prefix("inputs.") {
            inputs
                .get(name)
                .unwrap_or_else(|| panic!("unknown input {name}"))
                .clone()
        } else if let Some(path) = expression.strip_prefix("steps.") {
            let (step, name) = path.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            outputs
                .get(step)
                .and_then(|values| values.get(name))
                .cloned()
                .unwrap_or_default()
        } else {
            panic!("an expression the test does not evaluate: {expression}")
        };
        expanded += &value;
        rest = &rest[end + 2..];
    }
    expanded + rest
}

/// What one run step did.
struct StepRun {
    status: i32,
    stdout: String,
}

/// Runs the action's steps the way a runner does: each `run:` with
/// `bash --noprofile --norc -eo pipefail` in the workspace, its `env:`
/// expanded, `GITHUB_ACTION_PATH` at the action's checkout, outputs through
/// `GITHUB_OUTPUT`. `uses:` steps are checked (pinned by commit) and their
/// `with:` values expanded, not run. Stops at the first failing step, as
/// Actions does.
fn run_action(
    repository: &Path,
    given: &[(&str, &str)],
) -> (Vec<(String, StepRun)>, BTreeMap<String, String>) {
    let text_of = fs::read_to_string(repository_root().join("action.yml")).unwrap();
    let yaml = Yaml::parse(&text_of);
    let action = yaml.document(0).unwrap();
    assert_eq!(
        action.path(&["runs", "using"]).and_then(|v| v.as_str()),
        Some("composite")
    );
    let mut inputs = BTreeMap::new();
    for (name, input) in action.get("inputs").expect("inputs").entries() {
        let name = name.as_str().unwrap().to_owned();
        assert!(text(&input, "description").is_some(), "{name}");
        inputs.insert(name, text(&input, "default").unwrap_or("").to_owned());
    }
    for (name, value) in given {
        assert!(inputs.contains_key(*name), "no input {name}");
        inputs.insert((*name).to_owned(), (*value).to_owned());
    }
    let temp = repository.join("../runner-temp");
    fs::create_dir_all(&temp).unwrap();
    let mut outputs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut runs = Vec::new();
    let mut uploaded = BTreeMap::new();
    for step in action.path(&["runs", "steps"]).expect("steps").items() {
        let name = text(&step, "name").expect("every step is named").to_owned();
        if let Some(uses) = text(&step, "uses") {
            let (action_name, reference) = uses.split_once('@').unwrap();
            assert!(
                reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit()),
                "{action_name} is not pinned by commit: {uses}"
            );
            for (key, value) in step
                .get("with")
                .map(|with| with.entries())
                .unwrap_or_default()
            {
                uploaded.insert(
                    key.as_str().unwrap().to_owned(),
                    expand(value.as_str().unwrap(), &inputs, &outputs),
                );
            }
            continue;
        }
        let script = text(&step, "run").expect("a run or uses step");
        assert_eq!(text(&step, "shell"), Some("bash"), "{name}");
        let output_file = temp.join("output");
        fs::write(&output_file, "").unwrap();
        let mut command = std::process::Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(repository)
            .env("GITHUB_ACTION_PATH", repository_root())
            .env("RUNNER_TEMP", &temp)
            .env("GITHUB_OUTPUT", &output_file)
            .env("PLIMSOLL_BIN", assert_cmd::cargo::cargo_bin("plimsoll"))
            .env_remove("NO_COLOR");
        for (key, value) in step.get("env").map(|env| env.entries()).unwrap_or_default() {
            command.env(
                key.as_str().unwrap(),
                expand(value.as_str().unwrap(), &inputs, &outputs),
            );
        }
        let output = command.output().unwrap();
        if let Some(id) = text(&step, "id") {
            let written = fs::read_to_string(&output_file).unwrap();
            outputs.insert(
                id.to_owned(),
                written
                    .lines()
                    .filter_map(|line| line.split_once('='))
                    .map(|(key, value)| (key.to_owned(), value.to_owned()))
                    .collect(),
            );
        }
        let status = output.status.code().unwrap();
        runs.push((
            name,
            StepRun {
                status,
                stdout: String::from_utf8(output.stdout).unwrap()
                    + &String::from_utf8(output.stderr).unwrap(),
            },
        ));
        if status != 0 {
            break;
        }
    }
    (runs, uploaded)
}

#[test]
fn github_action_uploads_sarif_and_fails_on_the_chosen_severity() {
    let repository = fixture_repository("action");
    let (runs, uploaded) = run_action(&repository, &[("paths", "app svc")]);
    let step = |name: &str| {
        &runs
            .iter()
            .find(|(step, _)| step == name)
            .unwrap_or_else(|| panic!("step {name} did not run"))
            .1
    };
    assert_eq!(step("Build plimsoll").status, 0);
    assert!(step("Build plimsoll").stdout.starts_with("plimsoll "));
    let check = step("Check");
    assert_eq!(check.status, 0, "{}", check.stdout);
    // The default format: annotations on the Dockerfile's lines.
    assert!(
        check.stdout.contains("::error file=app/Dockerfile,line="),
        "{}",
        check.stdout
    );
    // Uploaded: the SARIF of both Dockerfiles, with the high finding.
    let sarif_path = uploaded.get("sarif_file").expect("sarif_file");
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|result| result["ruleId"] == "PL101"
        && result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "app/Dockerfile"));
    assert_eq!(
        uploaded.get("category").map(String::as_str),
        Some("plimsoll")
    );
    // The high finding fails the last step, after the upload.
    let last = runs.last().unwrap();
    assert_eq!(last.0, "Fail on findings at or above fail-on");
    assert_eq!(last.1.status, 1, "{}", last.1.stdout);
    assert!(last.1.stdout.contains("::error title=Plimsoll::"));

    // Only the clean Dockerfile, or a threshold above what is found: passes.
    for given in [
        [("paths", "svc"), ("fail-on", "high")],
        [("paths", "app svc"), ("fail-on", "critical")],
    ] {
        let (runs, _) = run_action(&repository, &given);
        assert!(
            runs.iter().all(|(_, run)| run.status == 0),
            "{given:?}: {:?}",
            runs.iter()
                .map(|(name, run)| (name, run.status, &run.stdout))
                .collect::<Vec<_>>()
        );
        assert_eq!(runs.len(), 3, "every run step ran");
    }

    // A path that does not exist stops at the check, before any upload.
    let (runs, uploaded) = run_action(&repository, &[("paths", "nowhere")]);
    assert_eq!(runs.last().unwrap().0, "Check");
    assert_ne!(runs.last().unwrap().1.status, 0);
    assert!(uploaded.is_empty(), "{uploaded:?}");
}

#[test]
fn gitlab_job_writes_a_code_quality_report_and_fails_on_high() {
    let repository = fixture_repository("gitlab");
    let text_of = fs::read_to_string(repository_root().join("docs/gitlab-ci.yml")).unwrap();
    let yaml = Yaml::parse(&text_of);
    let job = yaml
        .document(0)
        .unwrap()
        .get("plimsoll")
        .expect("the plimsoll job");
    let image = text(&job, "image").unwrap();
    assert!(image.contains("@sha256:"), "{image}");
    let report = job
        .path(&["artifacts", "reports", "codequality"])
        .and_then(|value| value.as_str())
        .expect("a codequality report");
    assert_eq!(
        job.path(&["artifacts", "when"]).and_then(|v| v.as_str()),
        Some("always")
    );
    let variables: Vec<(String, String)> = job
        .get("variables")
        .unwrap()
        .entries()
        .iter()
        .map(|(key, value)| {
            (
                key.as_str().unwrap().to_owned(),
                value.as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The cached install, as a pipeline after the first finds it.
    let bin = repository.join(".plimsoll/bin");
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(
        assert_cmd::cargo::cargo_bin("plimsoll"),
        bin.join("plimsoll"),
    )
    .unwrap();
    let script: Vec<&str> = job
        .get("script")
        .unwrap()
        .items()
        .map(|line| line.as_str().unwrap())
        .collect();
    assert!(script[0].contains("cargo install"), "{script:?}");
    let mut statuses = Vec::new();
    // GitLab runs the lines in one shell and stops at the first failure.
    for line in &script {
        let output = std::process::Command::new("sh")
            .args(["-c", line])
            .current_dir(&repository)
            .envs(variables.iter().map(|(key, value)| (key, value)))
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        statuses.push(output.status.code().unwrap());
        if !output.status.success() {
            break;
        }
    }
    assert_eq!(statuses, [0, 0, 1], "the high finding fails the job");

    let issues: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(repository.join(report)).unwrap()).unwrap();
    let root = issues
        .iter()
        .find(|issue| issue["check_name"] == "PL101")
        .expect("PL101 in the report");
    assert_eq!(root["location"]["path"], "app/Dockerfile");
    assert_eq!(root["severity"], "critical");
    assert!(root["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    for issue in &issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].as_str().is_some(), "{key}: {issue}");
        }
        // The install cache is hidden, so never checked.
        assert!(!issue["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with(".plimsoll"));
    }
}
