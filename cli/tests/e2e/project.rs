//! `plimsoll check DIR`: each Dockerfile found builds from its directory,
//! with the `.dockerignore` BuildKit would use there.

use super::{plimsoll, run, scratch, write};

fn rules_in(json: &str) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap().to_string();
            file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |finding| (path.clone(), finding["rule"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_directory_is_the_build_context() {
    let dir = scratch("project-context");
    write(
        &dir,
        "app/Dockerfile",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nUSER node\n",
    );
    write(&dir, "app/.dockerignore", "node_modules\n.env\n");
    write(&dir, "app/.env", "");
    write(&dir, "app/src/.env", "TOKEN=x\n");
    write(&dir, "app/src/index.js", "");
    write(&dir, "app/.git/config", "");
    let (_, stdout, _) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    let rules = rules_in(&stdout);
    assert!(rules.iter().any(|(_, rule)| rule == "PL420"), "{rules:?}");
    assert!(!rules.iter().any(|(_, rule)| rule == "PL405"), "{rules:?}");
    assert!(stdout.contains("src/.env"), "{stdout}");
    assert!(stdout.contains("\"decided_by\""), "{stdout}");

    // `--no-companions` checks the Dockerfile alone.
    let (_, stdout, _) = run(plimsoll()
        .args(["check", "--format", "json", "--no-companions"])
        .arg(&dir));
    let rules = rules_in(&stdout);
    assert!(!rules.iter().any(|(_, rule)| rule == "PL420"), "{rules:?}");
    assert!(rules.iter().any(|(_, rule)| rule == "PL405"), "{rules:?}");
}

#[test]
fn the_dockerfile_s_own_ignore_file_is_used() {
    let dir = scratch("project-own-ignore");
    write(
        &dir,
        "Dockerfile",
        "FROM nginx:1.27\nCOPY conf/nginx.conf /etc/nginx/nginx.conf\n",
    );
    write(&dir, "Dockerfile.dockerignore", "conf\n");
    write(&dir, ".dockerignore", "");
    write(&dir, "conf/nginx.conf", "");
    let (_, stdout, _) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    assert!(
        stdout.contains("Dockerfile.dockerignore line 1"),
        "{stdout}"
    );
}

/// A directory with a Dockerfile and the Compose file that builds it: the
/// Compose findings sit in the Compose file's entry, the Dockerfile's
/// checklist is decided with them, and every format shows them.
#[test]
fn compose_files_are_checked_with_the_image_they_build() {
    let dir = scratch("project-compose");
    write(
        &dir,
        "app/Dockerfile",
        "FROM node:22-alpine\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n",
    );
    write(
        &dir,
        "compose.yaml",
        "services:\n  web:\n    build: ./app\n    user: root\n    ports:\n      - \"5432:5432\"\n",
    );
    write(&dir, "docs/mkdocs.yml", "site_name: not a project file\n");
    let (code, stdout, stderr) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files = value["files"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = files
        .iter()
        .map(|file| {
            let path = file["path"].as_str().unwrap();
            (
                path.rsplit_once(&format!("{}/", dir.display()))
                    .map_or(path, |(_, rest)| rest),
                file["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("app/Dockerfile", "dockerfile"),
            ("compose.yaml", "compose")
        ]
    );
    let rules = rules_in(&stdout);
    assert!(rules
        .iter()
        .any(|(path, rule)| rule == "PLC101" && path.ends_with("compose.yaml")));
    let root = files[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == "PLC101")
        .unwrap();
    assert_eq!(root["line"], 4);
    assert!(root["related"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("app/Dockerfile"));
    let items = files[0]["checklist"]["items"].as_array().unwrap();
    let runs_as = items
        .iter()
        .find(|item| item["id"] == "runs-as-non-root")
        .unwrap();
    assert_eq!(runs_as["status"], "fail");
    assert_eq!(
        runs_as["elsewhere"][0]["file"],
        dir.join("compose.yaml").display().to_string(),
        "named like the file's own entry"
    );

    // SARIF points at the Compose file, and at the Dockerfile for the
    // image's own user.
    let (_, sarif, _) = run(plimsoll().args(["check", "--format", "sarif"]).arg(&dir));
    assert!(sarif.contains("compose.yaml"), "{sarif}");
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["ruleId"] == "PLC101")
        .unwrap();
    let related_uri = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(related_uri.ends_with("app/Dockerfile"), "{related_uri}");

    // Text frames show the Compose line and name the Dockerfile's.
    let (_, text, _) = run(plimsoll()
        .args(["check", "--frames", "always", "--color", "never"])
        .arg(&dir));
    assert!(text.contains("user: root"), "{text}");
    assert!(text.contains("app/Dockerfile:3:6"), "{text}");

    // Markdown gives the Compose file its findings, not a checklist; GitHub
    // annotations point at its lines.
    let (_, markdown, _) = run(plimsoll().args(["check", "--format", "markdown"]).arg(&dir));
    let compose_part = markdown.split("compose.yaml`").nth(1).unwrap_or("");
    assert!(compose_part.contains("PLC101"), "{markdown}");
    assert!(!compose_part.contains("Score"), "{markdown}");
    let (_, github, _) = run(plimsoll().args(["check", "--format", "github"]).arg(&dir));
    assert!(
        github
            .lines()
            .any(|line| line.contains("compose.yaml") && line.contains("line=4")),
        "{github}"
    );

    // Files given one by one are linked too.
    let (_, stdout, _) = run(plimsoll().current_dir(&dir).args([
        "check",
        "--format",
        "json",
        "app/Dockerfile",
        "compose.yaml",
    ]));
    let rules = rules_in(&stdout);
    assert!(
        rules.contains(&("compose.yaml".to_string(), "PLC101".to_string())),
        "{rules:?}"
    );
}

/// `check DIR` judges `compose.yaml` with `compose.override.yaml` merged
/// over it, as `docker compose up` runs them; `fix DIR` edits the file that
/// defines the service.
#[test]
fn the_override_file_is_merged_over_the_compose_file() {
    let dir = scratch("project-compose-override");
    write(
        &dir,
        "Dockerfile",
        "FROM node:22-alpine\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n",
    );
    write(
        &dir,
        "compose.yaml",
        "services:\n  web:\n    build: .\n    ports:\n      - \"9000:9000\"\n",
    );
    let override_ = "services:\n  web:\n    read_only: true\n    privileged: true\n    cap_drop:\n      - NET_RAW\n    ports:\n      - \"8080:80\"\n";
    write(&dir, "compose.override.yaml", override_);
    let (_, stdout, _) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    let rules = rules_in(&stdout);
    let in_file = |name: &str| -> Vec<&str> {
        rules
            .iter()
            .filter(|(path, _)| path.ends_with(&format!("/{name}")))
            .map(|(_, rule)| rule.as_str())
            .collect()
    };
    // The override's own settings are judged where it writes them; the
    // ports of both files are one finding, at the first.
    assert_eq!(
        in_file("compose.override.yaml"),
        ["PLC102", "PLC104"],
        "{rules:?}"
    );
    let base = in_file("compose.yaml");
    assert!(
        !base.contains(&"PLC701"),
        "the override sets read_only: {base:?}"
    );
    assert!(
        base.contains(&"PLC105") && base.contains(&"PLC501"),
        "{base:?}"
    );

    let (_, text, _) = run(plimsoll().args(["check", "--color", "never"]).arg(&dir));
    assert!(
        text.contains("compose.override.yaml:4:17")
            && text.contains("nor does `compose.override.yaml`"),
        "{text}"
    );

    // Each file gets its own edits and the edits of the other file's
    // findings (the ports), in one pass.
    run(plimsoll().args(["fix", "--unsafe"]).arg(&dir));
    let base = std::fs::read_to_string(dir.join("compose.yaml")).unwrap();
    assert!(base.contains("no-new-privileges"), "{base}");
    assert!(base.contains("\"127.0.0.1:9000:9000\""), "{base}");
    assert!(
        !base.contains("read_only") && !base.contains("cap_drop"),
        "set by the override: {base}"
    );
    let fixed = std::fs::read_to_string(dir.join("compose.override.yaml")).unwrap();
    assert_eq!(
        fixed,
        override_
            .replace("- NET_RAW", "- ALL\n      - NET_RAW")
            .replace("\"8080:80\"", "\"127.0.0.1:8080:80\"")
    );
}

/// A Compose file or manifest given alone is checked as what it is, not
/// as a Dockerfile.
#[test]
fn a_companion_file_alone_is_checked_as_what_it_is() {
    let dir = scratch("project-lone-companion");
    write(
        &dir,
        "docker-compose.yml",
        "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n    image: example/web:1\n    privileged: true\n",
    );
    let (_, stdout, _) =
        run(plimsoll()
            .current_dir(&dir)
            .args(["check", "--format", "json", "docker-compose.yml"]));
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let file = &value["files"][0];
    assert_eq!(file["kind"], "compose", "{stdout}");
    assert!(
        file["errors"].as_array().is_none_or(Vec::is_empty),
        "{stdout}"
    );
    let rules = rules_in(&stdout);
    assert!(rules.iter().any(|(_, rule)| rule == "PLC102"), "{rules:?}");
    assert!(
        !rules.iter().any(|(_, rule)| rule.starts_with("PL9")),
        "{rules:?}"
    );
}

/// A directory inside a repository is checked with the repository's CI
/// workflows, and `--report` adds a scan report: the scan items are decided.
#[test]
fn the_repository_s_workflows_and_given_reports_decide_the_scan_items() {
    let repo = scratch("project-repository");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(
        &repo,
        "services/api/Dockerfile",
        "FROM alpine:3.20\nRUN apk add --no-cache openssl\nUSER 1000\nCMD [\"api\"]\n",
    );
    write(
        &repo,
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -f services/api/Dockerfile -t registry.example/api:1 .\n      - run: docker push registry.example/api:1\n",
    );
    let report = write(
        &repo,
        "scans/trivy.json",
        r#"{"SchemaVersion": 2, "ArtifactName": "registry.example/api:1", "ArtifactType": "container_image", "Results": [{"Target": "alpine", "Vulnerabilities": [{"VulnerabilityID": "CVE-2024-0001", "PkgName": "openssl", "InstalledVersion": "3.1.0-r0", "FixedVersion": "3.1.1-r0", "Severity": "HIGH"}]}]}"#,
    );
    let (_, stdout, stderr) = run(plimsoll()
        .args(["check", "--format", "json", "--report"])
        .arg(&report)
        .arg(repo.join("services/api")));
    let value: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stdout}{stderr}"));
    let files = value["files"].as_array().unwrap();
    let kinds: Vec<&str> = files
        .iter()
        .map(|file| file["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"workflow"), "{kinds:?}");
    let dockerfile = files
        .iter()
        .find(|file| file["kind"] == "dockerfile")
        .unwrap();
    let item = |id: &str| {
        dockerfile["checklist"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        item("scan-in-ci")["status"],
        "fail",
        "{}",
        item("scan-in-ci")
    );
    assert_eq!(item("critical-high-fixed")["status"], "fail");
    assert_eq!(dockerfile["vulnerabilities"]["high"], 1);
    assert_eq!(
        dockerfile["vulnerabilities"]["packages"][0]["line"], 2,
        "the RUN installing openssl"
    );
}
