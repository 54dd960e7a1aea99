//! The scan evidence models: CI workflows (what builds, pushes and scans an
//! image, and what each scan fails the pipeline on) and scan reports
//! (vulnerabilities by severity and fixability), on fixtures for every
//! action and gotcha, and on the companion corpus, whose findings are
//! printed for reading by hand (`-- --nocapture`).

mod support;

use plimsoll_core::checklist::{Group, Status};
use plimsoll_core::companion::scan_report::{self, Format};
use plimsoll_core::companion::workflow::{self, Gate, Level, NoGate, Platform, Scanner};
use plimsoll_core::companion::yaml::Yaml;
use plimsoll_core::project::{classify, FileKind, Project};
use plimsoll_core::Settings;
use support::fixtures::{companion_files, read_lossy};

/// The scans of a workflow: (scanner, image, gate).
fn scans(path: &str, text: &str) -> Vec<(Scanner, Option<String>, Gate)> {
    let yaml = Yaml::parse(text);
    let workflow = workflow::parse(path, text, &yaml).expect("a workflow");
    workflow
        .image_steps()
        .scans
        .into_iter()
        .map(|scan| (scan.scanner, scan.image, scan.gate))
        .collect()
}

fn reason(gate: &Gate) -> Option<NoGate> {
    match gate {
        Gate::ReportsOnly(reason, _) => Some(*reason),
        _ => None,
    }
}

#[test]
fn trivy_action_fails_only_with_an_exit_code() {
    let text = "\
on: push
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:ci .
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: app:ci
          severity: CRITICAL,HIGH
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: app:ci
          exit-code: '1'
          severity: CRITICAL,HIGH
      - uses: aquasecurity/trivy-action@0.28.0
        continue-on-error: true
        with:
          image-ref: app:ci
          exit-code: 1
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          scan-type: fs
          exit-code: 1
";
    let found = scans(".github/workflows/ci.yml", text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(reason(&found[0].2), Some(NoGate::ExitCodeZero));
    assert_eq!(found[1].2, Gate::Fails(Level::High));
    assert_eq!(reason(&found[2].2), Some(NoGate::ContinueOnError));
    assert_eq!(found[0].1.as_deref(), Some("app:ci"));
    // The missing input is reported where `with:` is.
    let Gate::ReportsOnly(_, span) = &found[0].2 else {
        unreachable!()
    };
    assert_eq!(&text[span.range()], "with");
}

#[test]
fn other_actions_and_their_defaults() {
    let text = "\
on: push
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: anchore/scan-action@v6
        with: {image: app:ci}
      - uses: anchore/scan-action@v6
        with:
          image: app:ci
          fail-build: false
      - uses: anchore/scan-action@v6
        with:
          image: app:ci
          severity-cutoff: critical
      - uses: docker/scout-action@v1
        with:
          command: cves,recommendations
          image: app:ci
      - uses: docker/scout-action@v1
        with:
          command: cves
          image: app:ci
          exit-code: true
          only-severities: critical,high
      - uses: snyk/actions/docker@master
        with:
          image: app:ci
          args: --severity-threshold=high
";
    let found: Vec<Gate> = scans("ci.yml", text)
        .into_iter()
        .map(|(.., gate)| gate)
        .collect();
    assert_eq!(found[0], Gate::Fails(Level::Medium));
    assert_eq!(reason(&found[1]), Some(NoGate::FailBuildFalse));
    assert_eq!(found[2], Gate::Fails(Level::Critical));
    assert_eq!(reason(&found[3]), Some(NoGate::ScoutNoExitCode));
    assert_eq!(found[4], Gate::Fails(Level::High));
    assert_eq!(found[5], Gate::Fails(Level::High));
}

#[test]
fn scripts_build_push_and_scan() {
    let text = r#"
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - name: Build
        run: |
          docker buildx build --platform linux/amd64 \
            -f docker/api.Dockerfile --build-arg NPM_TOKEN=${{ secrets.NPM_TOKEN }} \
            -t ghcr.io/acme/api:${{ github.sha }} --push docker
      - run: trivy image --exit-code 1 --severity CRITICAL ghcr.io/acme/api:${{ github.sha }}
      - run: grype ghcr.io/acme/api:latest || true
      - run: grype ghcr.io/acme/api:latest --fail-on high || true
      - run: docker scout cves --exit-code --only-severity critical,high ghcr.io/acme/api
"#;
    let yaml = Yaml::parse(text);
    let workflow = workflow::parse("x.yml", text, &yaml).unwrap();
    let steps = workflow.image_steps();
    assert_eq!(steps.builds.len(), 1);
    let build = &steps.builds[0];
    assert_eq!(build.dockerfile.as_deref(), Some("docker/api.Dockerfile"));
    assert_eq!(build.context.as_deref(), Some("docker"));
    assert!(build.pushes);
    assert_eq!(build.tags.len(), 1);
    // Spans point into the literal block, expressions included.
    assert_eq!(
        &text[build.tags[0].1.range()],
        "ghcr.io/acme/api:${{ github.sha }}"
    );
    assert_eq!(build.build_args[0].0, "NPM_TOKEN");
    assert_eq!(
        &text[build.build_args[0].2.range()],
        "NPM_TOKEN=${{ secrets.NPM_TOKEN }}"
    );
    let gates: Vec<&Gate> = steps.scans.iter().map(|scan| &scan.gate).collect();
    assert_eq!(gates[0], &Gate::Fails(Level::Critical));
    assert_eq!(reason(gates[1]), Some(NoGate::ExitCodeZero));
    assert_eq!(reason(gates[2]), Some(NoGate::OrTrue));
    assert_eq!(gates[3], &Gate::Fails(Level::High));
    assert_eq!(steps.scans[0].scanner, Scanner::Trivy);
}

#[test]
fn gitlab_jobs_templates_and_kaniko() {
    let text = r#"
include:
  - template: Jobs/Container-Scanning.gitlab-ci.yml
stages: [build, test]
build:
  stage: build
  image: gcr.io/kaniko-project/executor:debug
  script:
    - /kaniko/executor --context "$CI_PROJECT_DIR" --dockerfile "$CI_PROJECT_DIR/Dockerfile" --destination "$CI_REGISTRY_IMAGE:latest"
trivy:
  stage: test
  allow_failure: true
  script:
    - trivy image --exit-code 1 "$CI_REGISTRY_IMAGE:latest"
late:
  script: [echo]
  after_script:
    - trivy image --exit-code 1 "$CI_REGISTRY_IMAGE:latest"
container_scanning:
  variables:
    CS_IMAGE: $CI_REGISTRY_IMAGE:latest
"#;
    assert_eq!(classify(".gitlab-ci.yml", text), FileKind::Workflow);
    let yaml = Yaml::parse(text);
    let workflow = workflow::parse(".gitlab-ci.yml", text, &yaml).unwrap();
    assert_eq!(workflow.platform, Platform::GitLab);
    let steps = workflow.image_steps();
    assert_eq!(steps.builds.len(), 1);
    assert!(steps.builds[0].pushes);
    assert_eq!(steps.builds[0].tags[0].0, "$CI_REGISTRY_IMAGE:latest");
    let gates: Vec<(Scanner, Option<NoGate>)> = steps
        .scans
        .iter()
        .map(|scan| (scan.scanner, reason(&scan.gate)))
        .collect();
    assert_eq!(
        gates,
        [
            (Scanner::Trivy, Some(NoGate::AllowFailure)),
            (Scanner::Trivy, Some(NoGate::AfterScript)),
            (Scanner::GitLabContainerScanning, Some(NoGate::AllowFailure)),
        ]
    );
    assert_eq!(
        steps.scans[2].image.as_deref(),
        Some("$CI_REGISTRY_IMAGE:latest")
    );
}

#[test]
fn workflows_are_recognised_by_place_and_content() {
    let github = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: []\n";
    assert_eq!(classify(".github/workflows/ci.yml", ""), FileKind::Workflow);
    assert_eq!(classify("ci/build.yaml", github), FileKind::Workflow);
    assert_eq!(
        classify("ci/pipeline.yml", "stages: [a]\nbuild:\n  script: make\n"),
        FileKind::Workflow
    );
    // Compose and Kubernetes stay what they are; other YAML is not read.
    assert_eq!(
        classify("deploy/stack.yml", "services:\n  web:\n    image: nginx\n"),
        FileKind::Compose
    );
    assert_eq!(
        classify("values.yaml", "replicas: 2\nimage: {tag: x}\n"),
        FileKind::Other
    );
}

#[test]
fn reports_read_in_every_format() {
    let trivy = r#"{"SchemaVersion": 2, "ArtifactName": "app:1", "ArtifactType": "container_image",
      "CreatedAt": "2026-11-01T00:00:00Z",
      "Results": [{"Target": "app:1 (debian 12.1)", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-1", "PkgName": "openssl", "InstalledVersion": "3.0.1", "FixedVersion": "3.0.2", "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-2", "PkgName": "zlib", "InstalledVersion": "1.2", "Severity": "HIGH"}]},
        {"Target": "app/package-lock.json"}]}"#;
    assert_eq!(classify("trivy.json", trivy), FileKind::ScanReport);
    let report = scan_report::parse(trivy).unwrap();
    assert_eq!(report.format, Format::Trivy);
    assert_eq!(report.artifact.as_deref(), Some("app:1"));
    let counts = report.counts();
    assert_eq!((counts.critical, counts.critical_fixable), (1, 1));
    assert_eq!((counts.high, counts.high_fixable), (1, 0));

    let grype = r#"{"matches": [{"vulnerability": {"id": "CVE-3", "severity": "High", "fix": {"versions": ["1.1"], "state": "fixed"}},
      "artifact": {"name": "curl", "version": "1.0"}}], "source": {"type": "image", "target": {"userInput": "app:1"}}}"#;
    let report = scan_report::parse(grype).unwrap();
    assert_eq!(
        (report.format, report.artifact.as_deref()),
        (Format::Grype, Some("app:1"))
    );
    assert_eq!(report.vulnerabilities[0].fixed.as_deref(), Some("1.1"));

    let sarif = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy", "rules": [
      {"id": "CVE-4", "properties": {"tags": ["vulnerability", "HIGH"], "security-severity": "7.5"}}]}},
      "results": [{"ruleId": "CVE-4", "message": {"text": "Package: libssl3\nInstalled Version: 3.0.1\nVulnerability CVE-4\nSeverity: HIGH\nFixed Version: 3.0.9\n"}}]}]}"#;
    assert_eq!(classify("results.sarif", sarif), FileKind::ScanReport);
    let report = scan_report::parse(sarif).unwrap();
    assert_eq!(
        report.vulnerabilities[0],
        scan_report::Vulnerability {
            id: "CVE-4".into(),
            package: "libssl3".into(),
            installed: "3.0.1".into(),
            fixed: Some("3.0.9".into()),
            severity: Level::High,
            ecosystem: None,
        }
    );

    let gitlab = r#"{"version": "15.0.6", "vulnerabilities": [{"id": "x", "severity": "Critical",
      "solution": "Upgrade openssl to 3.0.9-1", "identifiers": [{"type": "cve", "name": "CVE-5", "value": "CVE-5"}],
      "location": {"dependency": {"package": {"name": "openssl"}, "version": "3.0.1"}, "image": "registry/app:1"}}],
      "scan": {"type": "container_scanning", "end_time": "2026-11-01T00:00:00", "scanner": {"name": "Trivy"}}}"#;
    let report = scan_report::parse(gitlab).unwrap();
    assert_eq!(report.format, Format::GitLab);
    assert_eq!(report.vulnerabilities[0].fixed.as_deref(), Some("3.0.9-1"));
    assert_eq!(report.artifact.as_deref(), Some("registry/app:1"));
}

/// Real reports committed to repositories: a Grype report that found
/// nothing, and one saved with the scanner's log around the JSON
/// (`grype dir:. > grype-report.json 2>&1`).
#[test]
fn an_empty_grype_report_and_one_wrapped_in_log_lines_are_read() {
    let empty = r#"{"matches":[],"source":{"type":"image","target":{"userInput":"klass-web:latest"}},"distro":{"name":"","version":""},"descriptor":{"name":"grype","version":"0.107.1","timestamp":"2025-11-03T10:00:00Z"}}"#;
    assert!(scan_report::looks_like_report(empty));
    assert_eq!(classify("grype-report.json", empty), FileKind::ScanReport);
    let report = scan_report::parse(empty).unwrap();
    assert_eq!(report.format, Format::Grype);
    assert!(report.vulnerabilities.is_empty());
    assert_eq!(report.artifact.as_deref(), Some("klass-web:latest"));

    let logged = "[0000]  WARN no explicit name and version provided for directory source\n\
error purl scheme is not \"pkg\": \"\"\n\
{\"matches\":[{\"vulnerability\":{\"id\":\"CVE-2025-61723\",\"severity\":\"High\",\"fix\":{\"versions\":[\"1.24.8\"],\"state\":\"fixed\"}},\"artifact\":{\"name\":\"stdlib\",\"version\":\"go1.23.12\",\"type\":\"go-module\"}}],\"source\":{\"type\":\"directory\",\"target\":\".\"},\"descriptor\":{\"name\":\"grype\",\"version\":\"0.104.1\"}}\n\
[0019] ERROR discovered vulnerabilities at or above the severity threshold\n";
    assert!(scan_report::looks_like_report(logged));
    let report = scan_report::parse(logged).unwrap();
    assert_eq!(report.vulnerabilities.len(), 1);
    assert_eq!(report.vulnerabilities[0].id, "CVE-2025-61723");
    // An error inside the JSON is placed on the file's line.
    let broken = "[0000]  WARN starting\n{\"SchemaVersion\": 2,\n \"Results\": [}\n";
    assert_eq!(scan_report::parse(broken).unwrap_err().line, 3);
    // Text that only mentions the keys in prose is no report.
    assert!(!scan_report::looks_like_report(
        "Grype prints \"matches\" and a \"descriptor\"."
    ));
}

/// Trivy before 0.20 wrote only its results, as an array (reports of that
/// age are still committed to repositories).
#[test]
fn an_old_trivy_report_of_results_only_is_read() {
    let old = r#"[
  {
    "Target": "php-app/composer.lock",
    "Vulnerabilities": null
  },
  {
    "Target": "node-app/package-lock.json",
    "Vulnerabilities": [
      {
        "VulnerabilityID": "CVE-2018-16487",
        "PkgName": "lodash",
        "InstalledVersion": "4.17.4",
        "FixedVersion": ">=4.17.11",
        "Severity": "HIGH"
      }
    ]
  }
]"#;
    assert!(scan_report::looks_like_report(old));
    assert_eq!(classify("trivy-results.json", old), FileKind::ScanReport);
    let report = scan_report::parse(old).unwrap();
    assert_eq!(report.format, Format::Trivy);
    assert_eq!(report.vulnerabilities.len(), 1);
    assert_eq!(report.vulnerabilities[0].package, "lodash");
    assert_eq!(report.created, None);
    // It names no artifact, and the checklist note then names none; it has
    // no date either, which the note says, as its age cannot be judged.
    let items = scan_items(&[("Dockerfile", DOCKERFILE), ("trivy-results.json", old)]);
    let (_, _, _, note) = items
        .iter()
        .find(|(_, id, _, _)| *id == "vulnerability-scan")
        .unwrap();
    assert_eq!(
        note,
        "Trivy report `trivy-results.json`. It does not say when it was made: make sure it is a recent scan of the current image."
    );
    // Another JSON array is no report.
    assert!(!scan_report::looks_like_report(r#"[{"name": "a"}]"#));
}

#[test]
fn broken_reports_say_where() {
    let error = scan_report::parse("{\"SchemaVersion\": 2,\n \"Results\": [}").unwrap_err();
    assert_eq!(error.line, 2);
    assert!(error.column > 0, "{error:?}");
    let error = scan_report::parse(r#"{"SchemaVersion": 3, "Results": []}"#).unwrap_err();
    assert!(error.message.contains("SchemaVersion 3"), "{error:?}");
    let error = scan_report::parse(r#"{"Results": 5}"#).unwrap_err();
    assert!(!error.message.is_empty());
    // Deep nesting is refused by the parser, not the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(scan_report::parse(&deep).is_err());
}

#[test]
fn corpus_workflows_read_by_hand() {
    let test = "corpus_workflows_read_by_hand";
    let Some(files) = companion_files(test, "workflows", &[".yml", ".yaml"], 25) else {
        return;
    };
    let (mut builds, mut scans, mut pushes) = (0, 0, 0);
    for path in &files {
        let text = read_lossy(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The corpus flattens paths: `owner__repo__.github__workflows__x.yml`.
        let project_path = name.split("__").skip(2).collect::<Vec<_>>().join("/");
        assert_eq!(
            classify(&project_path, &text),
            FileKind::Workflow,
            "{project_path}"
        );
        let yaml = Yaml::parse(&text);
        assert!(yaml.error.is_none(), "{name}: {:?}", yaml.error);
        let workflow = workflow::parse(&project_path, &text, &yaml).unwrap();
        let steps = workflow.image_steps();
        println!(
            "{name}: {:?}, {} jobs",
            workflow.platform,
            workflow.jobs.len()
        );
        for build in &steps.builds {
            let line = text[..build.span.start as usize].matches('\n').count() + 1;
            println!(
                "  {line}: build file={:?} context={:?} push={} tags={:?} args={:?}",
                build.dockerfile,
                build.context,
                build.pushes,
                build.tags.iter().map(|(tag, _)| tag).collect::<Vec<_>>(),
                build
                    .build_args
                    .iter()
                    .map(|(name, ..)| name)
                    .collect::<Vec<_>>()
            );
        }
        for push in &steps.pushes {
            let line = text[..push.span.start as usize].matches('\n').count() + 1;
            println!("  {line}: push {}", push.image);
        }
        for scan in &steps.scans {
            let line = text[..scan.span.start as usize].matches('\n').count() + 1;
            println!(
                "  {line}: scan {} image={:?} {:?}",
                scan.scanner.name(),
                scan.image,
                scan.gate
            );
        }
        builds += steps.builds.len();
        scans += steps.scans.len();
        pushes += steps.pushes.len();
    }
    println!(
        "{} workflows: {builds} builds, {pushes} pushes, {scans} scans",
        files.len()
    );
    assert!(builds > 10 && scans > 10, "{builds} builds, {scans} scans");
}

#[test]
fn corpus_reports_round_trip() {
    let test = "corpus_reports_round_trip";
    let Some(files) = companion_files(test, "reports", &[".json", ".golden"], 8) else {
        return;
    };
    for path in &files {
        let text = read_lossy(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(classify(&name, &text), FileKind::ScanReport, "{name}");
        let report = scan_report::parse(&text).unwrap_or_else(|error| panic!("{name}: {error:?}"));
        let counts = report.counts();
        println!(
            "{name}: {:?} {:?} image={:?} created={:?} {} vulnerabilities {counts:?}",
            report.format,
            report.artifact,
            report.is_image,
            report.created,
            report.vulnerabilities.len()
        );
        // The tool's own count: one entry per vulnerability object.
        let written = match report.format {
            Format::Trivy => text.matches("\"VulnerabilityID\"").count(),
            Format::Grype => text.matches("\"relatedVulnerabilities\"").count(),
            _ => report.vulnerabilities.len(),
        };
        assert_eq!(report.vulnerabilities.len(), written, "{name}");
        let total = counts.critical + counts.high + counts.medium + counts.low + counts.other;
        assert_eq!(total, written, "{name}");
    }
}

/// The scan items of each Dockerfile's checklist: (path, id, status, note).
fn scan_items(files: &[(&str, &str)]) -> Vec<(String, &'static str, Status, String)> {
    let project = Project {
        files: files
            .iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect(),
        paths: None,
        name: None,
    };
    project
        .check(&Settings::default())
        .into_iter()
        .filter_map(|file| Some((file.path, file.report?)))
        .flat_map(|(path, report)| {
            report
                .checklist
                .items
                .into_iter()
                .filter(|item| item.group == Group::Scan)
                .map(move |item| {
                    let note = item.note.map(|note| note.en).unwrap_or_default();
                    (path.clone(), item.id, item.status, note)
                })
        })
        .collect()
}

const DOCKERFILE: &str = "FROM alpine:3.20\nUSER 1000\n";

#[test]
fn a_gating_scan_passes_scan_in_ci() {
    let workflow = "\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app:ci .
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: app:ci
          exit-code: '1'
          severity: CRITICAL,HIGH
";
    let items = scan_items(&[
        ("Dockerfile", DOCKERFILE),
        (".github/workflows/ci.yml", workflow),
    ]);
    let status = |id: &str| items.iter().find(|item| item.1 == id).unwrap();
    assert_eq!(status("scan-in-ci").2, Status::Pass, "{items:?}");
    assert!(status("scan-in-ci").3.contains("ci.yml:7"), "{items:?}");
    assert_eq!(status("vulnerability-scan").2, Status::Pass);
    assert_eq!(status("critical-high-fixed").2, Status::Manual);
}

#[test]
fn builds_link_to_their_dockerfile_and_fail_without_a_scan() {
    let workflow = "\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -f web/Dockerfile -t acme/web:1 --push web
";
    let items = scan_items(&[
        ("api/Dockerfile", DOCKERFILE),
        ("web/Dockerfile", DOCKERFILE),
        (".github/workflows/ci.yml", workflow),
    ]);
    let of = |path: &str| {
        items
            .iter()
            .find(|item| item.0 == path && item.1 == "scan-in-ci")
            .unwrap()
            .2
    };
    assert_eq!(of("web/Dockerfile"), Status::Fail, "{items:?}");
    assert_eq!(of("api/Dockerfile"), Status::Manual, "{items:?}");
    // An image built by a Makefile and pushed by the workflow.
    let gitlab = "release:\n  script:\n    - make image\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG\n";
    let items = scan_items(&[("Dockerfile", DOCKERFILE), (".gitlab-ci.yml", gitlab)]);
    let scan = items.iter().find(|item| item.1 == "scan-in-ci").unwrap();
    assert_eq!(scan.2, Status::Fail, "{items:?}");
    assert!(scan.3.contains("pushes the image"), "{scan:?}");
}

#[test]
fn reporting_only_scans_warn() {
    let gitlab = "\
include:
  - template: Security/Container-Scanning.gitlab-ci.yml
build:
  script:
    - docker build -t $CI_REGISTRY_IMAGE .
";
    let items = scan_items(&[("Dockerfile", DOCKERFILE), (".gitlab-ci.yml", gitlab)]);
    let scan = items.iter().find(|item| item.1 == "scan-in-ci").unwrap();
    assert_eq!(scan.2, Status::Warn, "{items:?}");
    assert!(scan.3.contains("allow_failure"), "{scan:?}");
}

#[test]
fn reports_decide_critical_high_fixed() {
    let report = |fixed: &str| {
        format!(
            r#"{{"SchemaVersion": 2, "ArtifactName": "app:1", "ArtifactType": "container_image",
          "Results": [{{"Target": "app", "Vulnerabilities": [
          {{"VulnerabilityID": "CVE-1", "PkgName": "openssl", "InstalledVersion": "3.0.1", {fixed} "Severity": "CRITICAL"}},
          {{"VulnerabilityID": "CVE-2", "PkgName": "zlib", "InstalledVersion": "1.2", "Severity": "LOW"}}]}}]}}"#
        )
    };
    let fixable = report(r#""FixedVersion": "3.0.2","#);
    let items = scan_items(&[("Dockerfile", DOCKERFILE), ("trivy.json", &fixable)]);
    let item = |id: &str| items.iter().find(|item| item.1 == id).unwrap().clone();
    assert_eq!(item("vulnerability-scan").2, Status::Pass);
    let fixed = item("critical-high-fixed");
    assert_eq!(fixed.2, Status::Fail);
    assert!(
        fixed
            .3
            .contains("CVE-1 openssl 3.0.1 → 3.0.2 (base image `alpine:3.20`, line 1)"),
        "{fixed:?}"
    );
    // A package a RUN installs is traced to that RUN.
    let installs = "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl openssl\nUSER 1000\n";
    let items = scan_items(&[("Dockerfile", installs), ("trivy.json", &fixable)]);
    let fixed = items
        .iter()
        .find(|item| item.1 == "critical-high-fixed")
        .unwrap();
    assert!(fixed.3.contains("3.0.2 (`RUN`, line 2)"), "{fixed:?}");
    let unfixed = report("");
    let items = scan_items(&[("Dockerfile", DOCKERFILE), ("trivy.json", &unfixed)]);
    let fixed = items
        .iter()
        .find(|item| item.1 == "critical-high-fixed")
        .unwrap();
    assert_eq!(fixed.2, Status::Warn, "{fixed:?}");
}

#[test]
fn language_packages_trace_to_the_run_of_their_package_manager() {
    let report = r#"{"SchemaVersion": 2, "ArtifactName": "app:1", "ArtifactType": "container_image",
      "Results": [
        {"Target": "app:1 (alpine 3.19.1)", "Class": "os-pkgs", "Type": "alpine", "Vulnerabilities": [
          {"VulnerabilityID": "CVE-1", "PkgName": "libssl3", "InstalledVersion": "3.1.4", "FixedVersion": "3.1.6", "Severity": "CRITICAL"}]},
        {"Target": "app/package-lock.json", "Class": "lang-pkgs", "Type": "npm", "Vulnerabilities": [
          {"VulnerabilityID": "CVE-2", "PkgName": "braces", "InstalledVersion": "3.0.2", "FixedVersion": "3.0.3", "Severity": "HIGH"}]},
        {"Target": "usr/local/bin/api", "Class": "lang-pkgs", "Type": "gobinary", "Vulnerabilities": [
          {"VulnerabilityID": "CVE-3", "PkgName": "golang.org/x/net", "InstalledVersion": "v0.1.0", "FixedVersion": "0.23.0", "Severity": "HIGH"}]}]}"#;
    let dockerfile = "FROM golang:1.22 AS build\nRUN go build -o /api ./cmd/api\n\
                      FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n\
                      COPY --from=build /api /usr/local/bin/api\nUSER 1000\n";
    let items = scan_items(&[("Dockerfile", dockerfile), ("trivy.json", report)]);
    let fixed = &items
        .iter()
        .find(|item| item.1 == "critical-high-fixed")
        .unwrap()
        .3;
    // The distribution's package: the final stage's base image.
    assert!(
        fixed.contains("libssl3 3.1.4 → 3.1.6 (base image `node:20-alpine`, line 3)"),
        "{fixed}"
    );
    // npm's: the `npm ci` of the final stage, not the base image.
    assert!(
        fixed.contains("braces 3.0.2 → 3.0.3 (`RUN`, line 6)"),
        "{fixed}"
    );
    // A Go module compiled in the build stage and copied: its `go build`.
    assert!(
        fixed.contains("golang.org/x/net v0.1.0 → 0.23.0 (`RUN`, line 2)"),
        "{fixed}"
    );
}

#[test]
fn the_summary_keeps_every_package_and_the_text_lists_the_first_ten() {
    let vulnerabilities: Vec<String> = (0..15)
        .map(|i| {
            format!(
                r#"{{"VulnerabilityID": "CVE-{i}", "PkgName": "lib{i}", "InstalledVersion": "1.{i}", "FixedVersion": "2.{i}", "Severity": "{}"}}"#,
                if i < 3 { "CRITICAL" } else { "LOW" }
            )
        })
        .collect();
    let report = format!(
        r#"{{"SchemaVersion": 2, "ArtifactName": "app:1", "ArtifactType": "container_image",
          "Results": [{{"Target": "app", "Class": "os-pkgs", "Vulnerabilities": [{}]}}]}}"#,
        vulnerabilities.join(",")
    );
    let project = Project {
        files: vec![
            ("Dockerfile".to_string(), DOCKERFILE.to_string()),
            ("trivy.json".to_string(), report),
        ],
        paths: None,
        name: None,
    };
    let checked = project.check(&Settings::default());
    let summary = checked[0]
        .report
        .as_ref()
        .unwrap()
        .vulnerabilities
        .clone()
        .unwrap();
    assert_eq!(summary.packages.len(), 15);
    // The most severe first.
    assert!(summary.packages[..3]
        .iter()
        .all(|p| p.severity() == "critical"));
    assert_eq!(summary.rows(plimsoll_core::Lang::En).len(), 10);
    assert_eq!(summary.unlisted(), 5);
    let table = summary.table(plimsoll_core::Lang::En);
    assert!(
        table.ends_with("  and 5 more packages (the JSON export lists them all)\n"),
        "{table}"
    );
}

#[test]
fn literal_blocks_with_a_blank_first_line_keep_their_lines() {
    let text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n\n          echo hi\n          docker build --push -t a/b:1 .\n";
    let yaml = Yaml::parse(text);
    let workflow = workflow::parse("ci.yml", text, &yaml).unwrap();
    let build = &workflow.image_steps().builds[0];
    assert_eq!(&text[build.span.range()], "docker build --push -t a/b:1 .");
}

/// The workflow's findings of `rule` in a one-file project.
fn workflow_findings(text: &str, rule: &str) -> Vec<plimsoll_core::Finding> {
    let project = Project {
        files: vec![(".github/workflows/ci.yml".to_string(), text.to_string())],
        paths: None,
        name: None,
    };
    let checked = project.check(&Settings::default());
    assert!(checked[0].errors.is_empty(), "{:?}", checked[0].errors);
    checked[0]
        .findings
        .iter()
        .filter(|finding| finding.rule == rule)
        .cloned()
        .collect()
}

#[test]
fn scan_fixes_add_the_missing_input_and_the_finding_goes() {
    let text = "\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: anchore/scan-action@v6
        with:
          image: app:ci
          fail-build: false
      - uses: aquasecurity/trivy-action@0.28.0
        with:
          image-ref: app:ci
          format: sarif
          severity: CRITICAL,HIGH
";
    let findings = workflow_findings(text, "PLW301");
    assert_eq!(findings.len(), 2, "{findings:?}");
    let fixes: Vec<_> = findings
        .iter()
        .filter_map(|finding| finding.fix.as_ref())
        .collect();
    let (fixed, applied) = plimsoll_core::fix::apply(text, fixes);
    assert_eq!(applied, 2, "{fixed}");
    assert!(fixed.contains("          fail-build: true\n"), "{fixed}");
    assert!(
        fixed.contains("          exit-code: '1'\n          image-ref"),
        "{fixed}"
    );
    assert!(
        fixed.contains("limit-severities-for-sarif: true"),
        "{fixed}"
    );
    assert!(workflow_findings(&fixed, "PLW301").is_empty(), "{fixed}");
}

/// A workflow that scans nothing is one finding, whatever the number of
/// jobs that push: the first push, with every other as a related place.
#[test]
fn an_unscanned_workflow_is_one_finding_over_its_pushes() {
    let text = "\
name: images
on: push
jobs:
  api:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: example/api:1
  worker:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t example/worker:1 . && docker push example/worker:1
";
    let findings = workflow_findings(text, "PLW302");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].location.start.line, 7);
    assert_eq!(findings[0].related.len(), 1, "{findings:?}");
    assert_eq!(findings[0].related[0].location.start.line, 14);
    assert!(findings[0].related[0]
        .message
        .as_ref()
        .is_some_and(|message| message.en.starts_with("`example/worker:1` is pushed")));
}

/// A report of tens of megabytes is read whole (typed, skipping the fields
/// it does not keep); the time is printed, not asserted.
#[test]
fn large_reports_are_read() {
    let entry = r#"{"VulnerabilityID": "CVE-2026-0001", "PkgName": "openssl", "InstalledVersion": "3.0.1", "FixedVersion": "3.0.2", "Severity": "HIGH", "Description": "a long description that a real report carries for every vulnerability, with references and CVSS vectors that the reader skips without keeping them"}"#;
    let count = 100_000;
    let mut text = String::from(
        r#"{"SchemaVersion": 2, "ArtifactName": "app:1", "Results": [{"Target": "app", "Vulnerabilities": ["#,
    );
    for index in 0..count {
        if index > 0 {
            text.push(',');
        }
        text.push_str(entry);
    }
    text.push_str("]}]}");
    let started = std::time::Instant::now();
    let report = scan_report::parse(&text).unwrap();
    println!(
        "{} MB, {} vulnerabilities read in {:?}",
        text.len() / 1_000_000,
        report.vulnerabilities.len(),
        started.elapsed()
    );
    assert_eq!(report.counts().high_fixable, count);
    // Past the bound: a message, not an attempt.
    let huge = " ".repeat(scan_report::MAX_BYTES + 1);
    let error = scan_report::parse(&huge).unwrap_err();
    assert!(error.message.contains("bytes"), "{error:?}");
}
