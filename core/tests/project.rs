//! Project mode: files recognised by name and content, each Dockerfile
//! checked with the ignore file BuildKit would use and its build context,
//! the checklist's `dockerignore` item decided by them.

mod support;

use plimsoll_core::checklist::Status;
use plimsoll_core::project::{
    classify, enters_directory, guess_kind, is_project_file, may_be_project_file, read_limit,
    FileKind, Project,
};
use plimsoll_core::Settings;

fn project(files: &[(&str, &str)], paths: Option<&[&str]>) -> Project {
    Project {
        files: files
            .iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect(),
        paths: paths.map(|paths| paths.iter().map(|path| path.to_string()).collect()),
        name: None,
    }
}

#[test]
fn files_are_recognised_by_name_and_content() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    let service = "apiVersion: v1\nkind: Service\n";
    let compose = "services:\n  web:\n    image: nginx\n";
    for (path, text, kind) in [
        ("Dockerfile", "", FileKind::Dockerfile),
        ("app/api.Dockerfile", "", FileKind::Dockerfile),
        ("Containerfile.prod", "", FileKind::Dockerfile),
        ("Dockerfile.dockerignore", "", FileKind::Dockerignore),
        // Templates rendered into a Dockerfile are not one.
        ("Dockerfile.j2", "FROM {{ base }}\n", FileKind::Other),
        (
            "docker/Dockerfile.template",
            "FROM x:%%TAG%%\n",
            FileKind::Other,
        ),
        ("Dockerfile.in", "FROM @BASE@\n", FileKind::Other),
        (".dockerignore", "", FileKind::Dockerignore),
        ("compose.yaml", "", FileKind::Compose),
        ("docker-compose.prod.yml", "", FileKind::Compose),
        ("compose.override.yaml", "", FileKind::Compose),
        ("deploy/stack.yml", compose, FileKind::Compose),
        ("k8s/web.yaml", deployment, FileKind::Kubernetes),
        (
            "k8s/all.yaml",
            &format!("{service}---\n{deployment}"),
            FileKind::Kubernetes,
        ),
        ("k8s/service.yaml", service, FileKind::Other),
        (
            ".github/workflows/ci.yml",
            "on: push\njobs: {}\n",
            FileKind::Workflow,
        ),
        // Elsewhere a workflow is known by its jobs.
        ("ci/empty.yml", "on: push\njobs: {}\n", FileKind::Other),
        ("README.md", "", FileKind::Other),
    ] {
        assert_eq!(classify(path, text), kind, "{path}");
        assert_eq!(guess_kind(path, text), kind, "{path} guessed");
    }
}

/// The web page labels files and picks a folder's project files with
/// `guess_kind` (it links no YAML parser): it must give `classify`'s
/// answer on real files, under their own names and under a name that says
/// nothing (`files/<name>.yaml`), so that only the content decides.
#[test]
fn the_guess_without_a_yaml_parser_agrees_with_classify() {
    let mut files: Vec<(String, String)> = Vec::new();
    for (folder, extensions) in [
        ("compose", &[".yml", ".yaml"][..]),
        ("k8s", &[".yml", ".yaml"]),
        ("workflows", &[".yml", ".yaml"]),
        ("reports", &[".json", ".sarif"]),
    ] {
        let test = "the_guess_without_a_yaml_parser_agrees_with_classify";
        let Some(paths) = support::fixtures::companion_files(test, folder, extensions, 1) else {
            return;
        };
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = support::fixtures::read_lossy(&path);
            let real = name.split("__").skip(2).collect::<Vec<_>>().join("/");
            let neutral = format!("files/{}", name.replace("compose", "stack"));
            files.push((real, text.clone()));
            files.push((neutral, text));
        }
    }
    for example in plimsoll_core::gallery::examples() {
        for (path, text) in example.companions {
            files.push((path.to_string(), text.to_string()));
            files.push((format!("files/{path}.yaml"), text.to_string()));
        }
    }
    let gitlab = [
        "stages:\n  - build\nbuild:\n  script:\n    - docker build .\n",
        "image: docker:27\nbuild:\n  extends: .base\n",
        "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n",
        "include:\n  local: ci/jobs.yml\n",
        "services:\n  - docker:dind\nvariables:\n  A: b\n",
        "default:\n  image: alpine\n",
    ];
    for (index, text) in gitlab.iter().enumerate() {
        files.push((format!("ci/{index}.yml"), text.to_string()));
    }
    let mut kinds = std::collections::BTreeMap::new();
    let mut wrong = Vec::new();
    for (path, text) in &files {
        let kind = classify(path, text);
        *kinds.entry(format!("{kind:?}")).or_insert(0) += 1;
        let guess = guess_kind(path, text);
        if guess != kind || may_be_project_file(path, text) != is_project_file(path, text) {
            wrong.push(format!("{path}: {kind:?}, guessed {guess:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every kind is among them, so each test of the guess is exercised.
    assert!(kinds.len() >= 5, "{kinds:?}");
}

/// What a walk of a project (the CLI's, a folder dropped on the page)
/// opens: candidates by name first, then the text decides.
#[test]
fn a_walk_reads_candidates_by_name_and_keeps_what_the_text_says_is_a_project_file() {
    for name in [
        "src",
        ".github",
        ".gitlab",
        "deploy",
        "k8s",
        ".docker",
        ".devcontainer",
        ".ci",
    ] {
        assert!(enters_directory(name), "{name}");
    }
    for name in [
        ".git",
        "node_modules",
        "vendor",
        "target",
        ".venv",
        ".idea",
        ".cache",
    ] {
        assert!(!enters_directory(name), "{name}");
    }
    for name in [
        "Dockerfile",
        "api.Dockerfile",
        ".dockerignore",
        "compose.yaml",
        "deploy.yml",
        "trivy.json",
        "results.sarif",
        "Kustomization",
    ] {
        assert!(read_limit(name).is_some(), "{name}");
    }
    for name in ["README.md", ".env", "main.go", "id_rsa", "package.jsonc"] {
        assert_eq!(read_limit(name), None, "{name}");
    }
    // Read to be recognised, kept only when the check reads it.
    let kustomization = "resources:\n  - web.yaml\nimages:\n  - name: web\n    newTag: \"1.2\"\n";
    assert!(is_project_file("k8s/kustomization.yaml", kustomization));
    assert!(is_project_file("compose.yaml", "services: {}\n"));
    assert!(!is_project_file("package.json", "{\"name\": \"app\"}"));
    assert!(!is_project_file(".eslintrc.yml", "root: true\n"));
    assert!(may_be_project_file("k8s/kustomization.yaml", kustomization));
    assert!(!may_be_project_file(".eslintrc.yml", "root: true\n"));
}

#[test]
fn the_dockerfile_s_own_ignore_file_wins() {
    let project = project(
        &[
            ("app/Dockerfile", "FROM alpine:3.20\n"),
            ("app/Dockerfile.dockerignore", "own\n"),
            ("app/.dockerignore", "shared\n"),
            ("app/worker.Dockerfile", "FROM alpine:3.20\n"),
            ("Dockerfile", "FROM alpine:3.20\n"),
        ],
        Some(&["app/Dockerfile", "app/src", "app/src/main.rs", "README.md"]),
    );
    let own = project.build_context("app/Dockerfile");
    assert_eq!(own.ignore.unwrap().path, "app/Dockerfile.dockerignore");
    assert_eq!(own.paths.unwrap(), ["Dockerfile", "src", "src/main.rs"]);
    let shared = project.build_context("app/worker.Dockerfile");
    assert_eq!(shared.ignore.unwrap().path, "app/.dockerignore");
    let root = project.build_context("Dockerfile");
    assert!(root.ignore.is_none());
    assert_eq!(root.paths.unwrap().len(), 4);
}

#[test]
fn the_dockerignore_item_is_decided_by_the_project() {
    let dockerfile = "FROM node:22\nWORKDIR /app\nCOPY . .\nUSER node\n";
    let settings = Settings::default();
    let item = |files: &[plimsoll_core::project::CheckedFile]| {
        let report = files[0].report.as_ref().unwrap();
        let item = report
            .checklist
            .items
            .iter()
            .find(|item| item.id == "dockerignore")
            .unwrap()
            .clone();
        item
    };

    // Alone, PL405 asks for a look at `.dockerignore`.
    let lone = project(&[("Dockerfile", dockerfile)], None).check(&settings);
    assert_eq!(item(&lone).status, Status::Warn);
    assert_eq!(item(&lone).decided_by, ["Dockerfile"]);

    let good = project(
        &[
            ("Dockerfile", dockerfile),
            (".dockerignore", ".git\n**/.env\n"),
        ],
        Some(&[".git", ".env", "server.js"]),
    )
    .check(&settings);
    assert_eq!(item(&good).status, Status::Pass);
    assert_eq!(
        item(&good).decided_by,
        ["Dockerfile", ".dockerignore", "./"]
    );

    let leaky = project(
        &[
            ("Dockerfile", dockerfile),
            (".dockerignore", "node_modules\n"),
        ],
        Some(&[".git", ".env", "server.js"]),
    )
    .check(&settings);
    assert_eq!(item(&leaky).status, Status::Fail);
    assert_eq!(leaky[1].kind, FileKind::Dockerignore);
}

#[test]
fn unreadable_companions_get_positions() {
    let files = project(
        &[
            (".dockerignore", "ok\n  [abc\n!\n"),
            ("compose.yaml", "services:\n  web:\n    image: [\n"),
            (
                "k8s/pod.yaml",
                "apiVersion: v1\nkind: Pod\nspec: !custom {containers: []}\n",
            ),
        ],
        None,
    )
    .check(&Settings::default());
    let positions: Vec<(u32, u32)> = files[0]
        .errors
        .iter()
        .map(|error| (error.location.start.line, error.location.start.column))
        .collect();
    assert_eq!(positions, [(2, 3), (3, 1)]);
    assert_eq!(files[1].kind, FileKind::Compose);
    assert_eq!(files[1].errors.len(), 1);
    assert!(
        files[1].errors[0].location.start.line >= 3,
        "{:?}",
        files[1].errors
    );
    assert_eq!(files[2].kind, FileKind::Kubernetes);
    assert!(files[2].errors.is_empty(), "custom tags are not errors");
}

/// The `.dockerignore` + Dockerfile pairs of the companion corpus, checked
/// without a context list: prints what PL420 and PL950 report per pair.
#[test]
fn corpus_dockerignore_pairs() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/companions/dockerignore");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus not found at {}: skipped", dir.display());
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut pairs = 0;
    let mut hits = std::collections::BTreeMap::<&str, usize>::new();
    for name in &names {
        let Some(prefix) = name.strip_suffix(".dockerignore") else {
            continue;
        };
        let Some(dockerfile) = names
            .iter()
            .find(|other| other.starts_with(prefix) && other.as_str() != name)
        else {
            continue;
        };
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
        // `owner__repo__dir__Dockerfile`: the files' paths in their repository.
        let in_repo = |file: &str| {
            file.splitn(3, "__")
                .nth(2)
                .unwrap_or(file)
                .replace("__", "/")
        };
        let files = project(
            &[
                (&in_repo(dockerfile), &read(dockerfile)),
                (&in_repo(name), &read(name)),
            ],
            None,
        )
        .check(&Settings::default());
        pairs += 1;
        assert!(files[1].errors.is_empty(), "{name}: {:?}", files[1].errors);
        for finding in &files[0].report.as_ref().unwrap().findings {
            if ["PL420", "PL950"].contains(&finding.rule) {
                *hits.entry(finding.rule).or_default() += 1;
                println!(
                    "{dockerfile}:{}: {} {} {}",
                    finding.location.start.line,
                    finding.rule,
                    finding.severity.as_str(),
                    finding.message.en
                );
            }
        }
    }
    println!("{pairs} pairs; findings per rule: {hits:?}");
    assert!(pairs >= 20 || pairs == 0);
}

/// A Compose file that builds the Dockerfile decides the run-time items
/// the Dockerfile alone leaves to a person; its findings about the service
/// that runs the image count, those about other services do not.
#[test]
fn compose_decides_the_run_time_items_of_the_image_it_builds() {
    let dockerfile =
        "FROM node:22-alpine\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n";
    let hardened = "services:\n  web:\n    build: ./app\n    read_only: true\n    tmpfs: [/tmp]\n    ports:\n      - \"127.0.0.1:3000:3000\"\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n  cache:\n    image: redis:7\n    ports:\n      - \"6379:6379\"\n";
    let project = project(
        &[("app/Dockerfile", dockerfile), ("compose.yaml", hardened)],
        None,
    );
    let checked = project.check(&Settings::default());
    let compose = checked
        .iter()
        .find(|file| file.kind == FileKind::Compose)
        .unwrap();
    assert!(
        compose
            .findings
            .iter()
            .any(|finding| finding.rule == "PLC501"
                && finding.resource.as_deref() == Some("cache")),
        "the cache's Redis port is reported"
    );
    let report = checked[0].report.as_ref().unwrap();
    let item = |id: &str| {
        report
            .checklist
            .items
            .iter()
            .find(|item| item.id == id)
            .unwrap()
    };
    for id in [
        "read-only-root-filesystem",
        "resource-limits",
        "minimal-ports",
    ] {
        assert_eq!(item(id).status, Status::Pass, "{id}");
        assert!(
            item(id).decided_by.contains(&"compose.yaml".to_string()),
            "{id}: {:?}",
            item(id).decided_by
        );
    }

    let root = "services:\n  web:\n    build: ./app\n    user: root\n";
    let project = project_of(&[("app/Dockerfile", dockerfile), ("compose.yaml", root)]);
    let checked = project.check(&Settings::default());
    let report = checked[0].report.as_ref().unwrap();
    let runs_as = report
        .checklist
        .items
        .iter()
        .find(|item| item.id == "runs-as-non-root")
        .unwrap();
    assert_eq!(runs_as.status, Status::Fail);
    assert_eq!(runs_as.elsewhere.len(), 1);
    assert_eq!(runs_as.elsewhere[0].file, "compose.yaml");
    let finding = &checked[1].findings[runs_as.elsewhere[0].index];
    assert_eq!(finding.rule, "PLC101");
    assert_eq!(
        finding.related[0].file.as_deref(),
        Some("app/Dockerfile"),
        "the image's own USER is shown with it"
    );
    let read_only = report
        .checklist
        .items
        .iter()
        .find(|item| item.id == "read-only-root-filesystem")
        .unwrap();
    assert_eq!(
        read_only.status,
        Status::Warn,
        "no read_only: a low finding"
    );

    // Without a file that runs the image, the item waits for one.
    let alone = project_of(&[("app/Dockerfile", dockerfile)]);
    let checked = alone.check(&Settings::default());
    let report = checked[0].report.as_ref().unwrap();
    let read_only = report
        .checklist
        .items
        .iter()
        .find(|item| item.id == "read-only-root-filesystem")
        .unwrap();
    assert_eq!(read_only.status, Status::Manual);
    assert_eq!(
        read_only.decidable_by,
        [FileKind::Compose, FileKind::Kubernetes]
    );
}

#[test]
fn yaml_suppression_comments_mark_companion_findings() {
    let compose = "services:\n  # plimsoll ignore=PLC701,PLC001 -- stateless demo\n  web:\n    image: example/web:1\n    user: root # plimsoll ignore=compose-root-user -- binds port 80\n";
    let checked = project_of(&[("compose.yaml", compose)]).check(&Settings::default());
    let findings = &checked[0].findings;
    for code in ["PLC701", "PLC001", "PLC101"] {
        let finding = findings
            .iter()
            .find(|finding| finding.rule == code)
            .unwrap();
        assert!(finding.suppressed.is_some(), "{code}");
    }
    let strict = Settings {
        strict: true,
        ..Settings::default()
    };
    let checked = project_of(&[("compose.yaml", compose)]).check(&strict);
    assert!(checked[0]
        .findings
        .iter()
        .all(|finding| finding.suppressed.is_none()));
}

fn project_of(files: &[(&str, &str)]) -> Project {
    project(files, None)
}

/// PL420's fix appends the missing patterns to the ignore file: applied
/// there, the secret no longer reaches the image.
#[test]
fn the_ignore_file_fix_appends_the_patterns_and_silences_the_finding() {
    let dockerfile = "FROM node:22\nWORKDIR /app\nCOPY . .\nUSER node\n";
    let ignore = "node_modules"; // no final line break
    let paths = ["Dockerfile", ".dockerignore", ".env", "src", "src/index.js"];
    let checked = project(
        &[("Dockerfile", dockerfile), (".dockerignore", ignore)],
        Some(&paths),
    )
    .check(&Settings::default());
    let report = checked[0].report.as_ref().unwrap();
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.rule == "PL420")
        .expect("PL420 on COPY . .");
    let fix = finding.fix.as_ref().unwrap();
    assert_eq!(fix.safety, plimsoll_core::fix::Safety::Safe);
    assert_eq!(fix.edits[0].file.as_deref(), Some(".dockerignore"));
    let (fixed, applied) = plimsoll_core::fix::apply_in_file(".dockerignore", ignore, [fix]);
    assert_eq!(applied, 1);
    assert!(fixed.starts_with("node_modules\n"), "{fixed:?}");
    // The Dockerfile itself is not touched by this fix.
    assert_eq!(plimsoll_core::fix::apply(dockerfile, [fix]).1, 0);
    let checked = project(
        &[("Dockerfile", dockerfile), (".dockerignore", &fixed)],
        Some(&paths),
    )
    .check(&Settings::default());
    let report = checked[0].report.as_ref().unwrap();
    assert!(
        !report
            .findings
            .iter()
            .any(|finding| finding.rule == "PL420"),
        "{fixed}"
    );
}

fn item<'a>(
    file: &'a plimsoll_core::project::CheckedFile,
    id: &str,
) -> &'a plimsoll_core::checklist::ChecklistItem {
    file.report
        .as_ref()
        .unwrap()
        .checklist
        .items
        .iter()
        .find(|item| item.id == id)
        .unwrap()
}

fn rules_about<'a>(
    file: &'a plimsoll_core::project::CheckedFile,
    resource: &str,
) -> Vec<(&'a str, plimsoll_core::report::Severity)> {
    file.findings
        .iter()
        .filter(|finding| finding.resource.as_deref() == Some(resource))
        .map(|finding| (finding.rule, finding.severity))
        .collect()
}

/// A manifest that runs the project's image decides its run-time items:
/// the kubelet's rules for the user (pod-level `runAsNonRoot` with a named
/// `USER` does not start; no user anywhere runs as root) are checked
/// against the Dockerfile, and the findings point at its lines.
#[test]
fn a_manifest_is_checked_against_the_image_it_runs() {
    let named_user = "FROM node:22-alpine\nCOPY . /app\nUSER node\nEXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://localhost:3000/ || exit 1\nCMD [\"node\", \"/app/server.js\"]\n";
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: web\n          image: registry.example/team/web:1.0.0\n          ports:\n            - containerPort: 8080\n";
    let checked = project_of(&[("web/Dockerfile", named_user), ("k8s/web.yaml", manifest)])
        .check(&Settings::default());
    let manifest_file = &checked[1];
    assert_eq!(manifest_file.kind, FileKind::Kubernetes);
    let about = rules_about(manifest_file, "Deployment/web/web");
    for code in ["PLK102", "PLK502", "PLK503"] {
        assert!(
            about.iter().any(|(rule, _)| *rule == code),
            "{code}: {about:?}"
        );
    }
    assert!(
        !about.iter().any(|(rule, _)| *rule == "PLK101"),
        "runAsNonRoot is set: {about:?}"
    );
    let non_numeric = manifest_file
        .findings
        .iter()
        .find(|finding| finding.rule == "PLK102")
        .unwrap();
    assert_eq!(non_numeric.location.start.line, 9, "the pod's runAsNonRoot");
    assert_eq!(
        non_numeric.related[0].file.as_deref(),
        Some("web/Dockerfile")
    );
    let runs_as = item(&checked[0], "runs-as-non-root");
    assert_eq!(runs_as.status, Status::Warn, "the pod will not start");
    assert!(runs_as.decided_by.contains(&"k8s/web.yaml".to_string()));
    assert_eq!(item(&checked[0], "healthcheck").status, Status::Warn);

    // A numeric USER starts; an image without USER and a manifest that
    // sets no user runs as root.
    let numeric = named_user.replace("USER node", "USER 1000");
    let checked = project_of(&[("web/Dockerfile", &numeric), ("k8s/web.yaml", manifest)])
        .check(&Settings::default());
    assert!(!rules_about(&checked[1], "Deployment/web/web")
        .iter()
        .any(|(rule, _)| *rule == "PLK102"));
    let root_image =
        "FROM python:3.13-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n";
    let bare = manifest.replace("      securityContext:\n        runAsNonRoot: true\n", "");
    let checked = project_of(&[("web/Dockerfile", root_image), ("k8s/web.yaml", &bare)])
        .check(&Settings::default());
    let root = checked[1]
        .findings
        .iter()
        .find(|finding| finding.rule == "PLK101")
        .unwrap();
    assert_eq!(root.severity, plimsoll_core::report::Severity::High);
    assert_eq!(item(&checked[0], "runs-as-non-root").status, Status::Fail);
    assert_eq!(
        item(&checked[0], "runs-as-non-root").elsewhere[0].file,
        "k8s/web.yaml"
    );
}

/// A project with one Dockerfile runs its image in a workload's only
/// container, but not when that container names a well-known server image
/// (`mongo:latest`): its user is that image's, not the Dockerfile's.
#[test]
fn a_well_known_server_image_is_not_the_project_s_image() {
    let root_image = "FROM node:18-alpine\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n";
    let workload = |image: &str| {
        format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: {image}\n")
    };
    let linked_root = |image: &str| {
        let manifest = workload(image);
        let checked = project_of(&[("Dockerfile", root_image), ("k8s/db.yaml", &manifest)])
            .check(&Settings::default());
        checked[1].findings.iter().any(|finding| {
            finding.rule == "PLK101" && finding.message.en.contains("`Dockerfile` sets no `USER`")
        })
    };
    assert!(!linked_root("mongo:latest"));
    assert!(!linked_root("postgres:16"));
    // A short name of the project's own still runs its image.
    assert!(linked_root("easyshop:1"));
    assert!(linked_root("team/easyshop-app:1"));
}

/// The kubelet hands `runAsUser` and `runAsNonRoot` down from the pod,
/// and a container's own value wins; `readOnlyRootFilesystem` exists only
/// on containers.
#[test]
fn pod_level_settings_reach_containers_as_the_kubelet_applies_them() {
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsUser: 1000\n    readOnlyRootFilesystem: true\n  containers:\n    - name: inherits\n      image: example/a:1\n    - name: overrides\n      image: example/b:1\n      securityContext:\n        runAsUser: 0\n";
    let checked = project_of(&[("pod.yaml", manifest)]).check(&Settings::default());
    let inherits = rules_about(&checked[0], "Pod/p/inherits");
    let overrides = rules_about(&checked[0], "Pod/p/overrides");
    assert!(
        !inherits.iter().any(|(rule, _)| *rule == "PLK101"),
        "{inherits:?}"
    );
    assert!(overrides.contains(&("PLK101", plimsoll_core::report::Severity::High)));
    assert!(
        inherits.iter().any(|(rule, _)| *rule == "PLK701"),
        "a pod-level readOnlyRootFilesystem does nothing"
    );
}

/// A hardened Deployment passes the run-time items of the image it runs,
/// decided by the manifest.
#[test]
fn a_hardened_deployment_passes_the_run_time_items() {
    let dockerfile = "FROM node:22-alpine\nCOPY . /app\nUSER 1000\nEXPOSE 3000\nCMD [\"node\", \"/app/server.js\"]\n";
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: web\n          image: example/web:1.0.0\n          ports:\n            - containerPort: 3000\n          readinessProbe:\n            httpGet: {path: /, port: 3000}\n          securityContext:\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n          resources:\n            limits:\n              cpu: \"1\"\n              memory: 256Mi\n";
    let checked = project_of(&[("Dockerfile", dockerfile), ("deploy/web.yaml", manifest)])
        .check(&Settings::default());
    assert!(
        checked[1].findings.is_empty(),
        "{:?}",
        checked[1]
            .findings
            .iter()
            .map(|finding| finding.message.en.clone())
            .collect::<Vec<_>>()
    );
    for id in [
        "runs-as-non-root",
        "read-only-root-filesystem",
        "resource-limits",
        "minimal-ports",
        "healthcheck",
    ] {
        let item = item(&checked[0], id);
        assert!(
            item.decided_by.contains(&"deploy/web.yaml".to_string()),
            "{id}: {:?}",
            item.decided_by
        );
    }
    assert_eq!(
        item(&checked[0], "read-only-root-filesystem").status,
        Status::Pass
    );
    assert_eq!(item(&checked[0], "resource-limits").status, Status::Pass);
}

/// The Kubernetes fixes edit the manifest so that it still parses, keeps
/// its containers and loses the findings they fix: applied round after
/// round on every manifest of the companion corpus.
#[test]
fn kubernetes_fixes_keep_manifests_valid() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/companions/k8s");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("corpus not found at {}: skipped", dir.display());
        return;
    };
    let settings = Settings::default();
    let count = |files: &[plimsoll_core::project::CheckedFile]| {
        files[0]
            .findings
            .iter()
            .filter(|finding| finding.fix.as_ref().is_some_and(|fix| fix.is_applicable()))
            .count()
    };
    let mut fixed_total = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        let containers_before = text.matches("image:").count();
        let mut checked = project_of(&[(&name, &text)]).check(&settings);
        for _round in 0..10 {
            if count(&checked) == 0 {
                break;
            }
            let fixes: Vec<_> = checked[0]
                .findings
                .iter()
                .filter_map(|finding| finding.fix.as_ref())
                .collect();
            let (next, applied) = plimsoll_core::fix::apply(&text, fixes);
            assert!(applied > 0, "{name}: fixes that never apply");
            fixed_total += applied;
            text = next;
            checked = project_of(&[(&name, &text)]).check(&settings);
            assert!(checked[0].errors.is_empty(), "{name}:\n{text}");
            assert_eq!(checked[0].kind, FileKind::Kubernetes, "{name}");
        }
        assert_eq!(
            count(&checked),
            0,
            "{name}: fixes left after ten rounds:\n{text}"
        );
        assert_eq!(text.matches("image:").count(), containers_before, "{name}");
    }
    println!("{fixed_total} fixes applied");
    assert!(fixed_total > 50);
}

/// An untagged image that the project's Dockerfile builds is usually a
/// deploy tool's placeholder (Skaffold, kustomize): low, where a public
/// image without a tag stays medium.
#[test]
fn an_untagged_image_the_project_builds_is_rated_low() {
    let dockerfile =
        "FROM python:3.13-slim\nUSER 10001\nCMD [\"python\", \"-m\", \"http.server\"]\n";
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: loadgenerator\n          image: loadgenerator\n        - name: cache\n          image: redis\n";
    let checked = project_of(&[
        ("src/loadgenerator/Dockerfile", dockerfile),
        ("k8s/shop.yaml", manifest),
    ])
    .check(&Settings::default());
    let tag = |resource: &str| {
        rules_about(&checked[1], resource)
            .into_iter()
            .find(|(rule, _)| *rule == "PLK201")
            .map(|(_, severity)| severity)
    };
    use plimsoll_core::report::Severity;
    assert_eq!(tag("Deployment/shop/loadgenerator"), Some(Severity::Low));
    assert_eq!(tag("Deployment/shop/cache"), Some(Severity::Medium));
}

/// Windows pods have no Linux security fields: the rules about UIDs,
/// capabilities, seccomp and a read-only root leave them alone, the others
/// still apply.
#[test]
fn windows_pods_are_not_judged_by_linux_security_fields() {
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: iis\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/os: windows\n      containers:\n        - name: iis\n          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022\n";
    let checked = project_of(&[("k8s/iis.yaml", manifest)]).check(&Settings::default());
    let rules: Vec<&str> = rules_about(&checked[0], "Deployment/iis/iis")
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    for linux_only in ["PLK101", "PLK103", "PLK105", "PLK107", "PLK701"] {
        assert!(!rules.contains(&linux_only), "{linux_only}: {rules:?}");
    }
    assert!(rules.contains(&"PLK001"), "{rules:?}");
    let linux = manifest.replace("windows\n", "linux\n");
    let checked = project_of(&[("k8s/iis.yaml", &linux)]).check(&Settings::default());
    assert!(rules_about(&checked[0], "Deployment/iis/iis")
        .iter()
        .any(|(rule, _)| *rule == "PLK701"));
}

/// The text after applying every fix of `code` in the Compose file.
fn fixed(compose: &str, code: &str) -> String {
    let checked = project_of(&[("compose.yaml", compose)]).check(&Settings::default());
    let fixes: Vec<_> = checked[0]
        .findings
        .iter()
        .filter(|finding| finding.rule == code)
        .filter_map(|finding| finding.fix.as_ref())
        .collect();
    plimsoll_core::fix::apply(compose, fixes).0
}

fn rules_fired(compose: &str) -> Vec<(String, Option<String>)> {
    project_of(&[("compose.yaml", compose)]).check(&Settings::default())[0]
        .findings
        .iter()
        .map(|finding| (finding.rule.to_string(), finding.resource.clone()))
        .collect()
}

#[test]
fn compose_hardening_fixes_merge_into_existing_lists() {
    let compose = "services:\n  block:\n    image: a:1\n    security_opt:\n      - apparmor:docker-default\n    cap_drop:\n      - NET_RAW\n  flow:\n    image: b:1\n    security_opt: [label=type:svirt_apache_t]\n    cap_drop: []\n  bare:\n    image: c:1\n";
    let hardened = fixed(&fixed(compose, "PLC105"), "PLC104");
    assert_eq!(
        hardened,
        "services:\n  block:\n    image: a:1\n    security_opt:\n      - \"no-new-privileges:true\"\n      - apparmor:docker-default\n    cap_drop:\n      - ALL\n      - NET_RAW\n  flow:\n    image: b:1\n    security_opt: [\"no-new-privileges:true\", label=type:svirt_apache_t]\n    cap_drop: [ALL]\n  bare:\n    cap_drop:\n      - ALL\n    security_opt:\n      - \"no-new-privileges:true\"\n    image: c:1\n"
    );
    let left: Vec<_> = rules_fired(&hardened)
        .into_iter()
        .filter(|(rule, _)| rule == "PLC104" || rule == "PLC105")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn compose_list_inherited_through_a_merge_key_gets_advice_not_an_edit() {
    // A new `security_opt:` in `api` would replace the inherited list.
    let compose = "x-common: &common\n  security_opt:\n    - apparmor:docker-default\nservices:\n  api:\n    <<: *common\n    image: a:1\n";
    assert_eq!(fixed(compose, "PLC105"), compose);
}

#[test]
fn a_place_shared_through_a_merge_key_is_one_finding() {
    let compose = "x-common: &common\n  privileged: true\n  environment:\n    DB_PASSWORD: hunter2hunter2\nservices:\n  api:\n    <<: *common\n    image: a:1\n  worker:\n    <<: *common\n    image: b:1\n";
    let fired = rules_fired(compose);
    for code in ["PLC102", "PLC401"] {
        let found: Vec<_> = fired.iter().filter(|(rule, _)| rule == code).collect();
        assert_eq!(found.len(), 1, "{code}: {found:?}");
        assert_eq!(found[0].1.as_deref(), Some("api"), "{code}");
    }
    // Each service's own missing settings stay one finding per service.
    let missing = fired.iter().filter(|(rule, _)| rule == "PLC105").count();
    assert_eq!(missing, 2);
}

#[test]
fn compose_secrets_read_interpolation_and_both_environment_forms() {
    let compose = "services:\n  db:\n    image: postgres:17\n    environment:\n      - POSTGRES_PASSWORD=S3cure-Pa55w0rd\n      - POSTGRES_USER=app\n      - REDIS_PASSWORD\n      - API_TOKEN=${API_TOKEN}\n      - ADMIN_PASSWORD=${ADMIN_PASS:-hunter2hunter2}\n      - DB_PASSWORD_FILE=/run/secrets/db\n      - MAIL_PASSWORD=<your-password>\n  app:\n    image: app:1\n    environment:\n      SECRET_KEY: ${SECRET_KEY:?set it}\n      AUTH_ENABLED: \"true\"\n      JWT_SECRET: 8f2d9c1e7a6b5d4c3b2a1f0e\n    build:\n      context: .\n      args:\n        NPM_TOKEN: npm_abcdefghijklmnop1234\n";
    let checked = project_of(&[("compose.yaml", compose)]).check(&Settings::default());
    let secrets: Vec<(u32, &str, &str)> = checked[0]
        .findings
        .iter()
        .filter(|finding| finding.rule == "PLC401")
        .flat_map(|finding| {
            std::iter::once(finding.location.start.line)
                .chain(finding.related.iter().map(|part| part.location.start.line))
                .map(move |line| (line, finding.severity.as_str(), finding.message.en.as_str()))
        })
        .collect();
    let lines: Vec<(u32, &str)> = secrets
        .iter()
        .map(|(line, severity, _)| (*line, *severity))
        .collect();
    assert_eq!(
        lines,
        [(5, "high"), (9, "medium"), (17, "high"), (21, "high")],
        "{secrets:#?}"
    );
    assert!(secrets
        .iter()
        .all(|(_, _, message)| !message.contains("hunter2hunter2")
            && !message.contains("S3cure-Pa55w0rd")));
    assert!(secrets[1].2.contains("`ADMIN_PASS` is unset"));
}

#[test]
fn compose_secrets_of_a_test_or_development_stack_are_rated_low() {
    let compose = "services:\n  db:\n    image: mariadb:11\n    environment:\n      MYSQL_ROOT_PASSWORD: wallaroot\n";
    let severity_in = |path: &str| {
        project_of(&[(path, compose)]).check(&Settings::default())[0]
            .findings
            .iter()
            .filter(|finding| finding.rule == "PLC401")
            .map(|finding| finding.severity.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(severity_in("tests/docker-compose.mariadb.yml"), ["low"]);
    assert_eq!(severity_in("docker-compose.dev.yml"), ["low"]);
    assert_eq!(severity_in("deploy/docker-compose.yml"), ["high"]);
}

#[test]
fn compose_healthcheck_override_points_at_the_image_s_own_check() {
    let dockerfile = "FROM alpine:3.20\nHEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1\nUSER 10001\n";
    let compose = "services:\n  web:\n    build: .\n    healthcheck:\n      test: [\"NONE\"]\n";
    let checked = project_of(&[("Dockerfile", dockerfile), ("compose.yaml", compose)])
        .check(&Settings::default());
    let compose = checked
        .iter()
        .find(|file| file.kind == FileKind::Compose)
        .unwrap();
    let finding = compose
        .findings
        .iter()
        .find(|finding| finding.rule == "PLC502")
        .unwrap();
    assert!(
        finding.message.en.contains("its image defines"),
        "{}",
        finding.message.en
    );
    assert_eq!(finding.related[0].file.as_deref(), Some("Dockerfile"));
    assert_eq!(finding.related[0].location.start.line, 2);
}

#[test]
fn compose_host_mounts_and_namespaces() {
    let compose = "services:\n  proxy:\n    image: traefik:v3\n    volumes:\n      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock:ro\n      - type: bind\n        source: /\n        target: /host\n        read_only: true\n      - ./config:/etc/traefik\n      - data:/data\n    network_mode: service:vpn\n    pid: host\n";
    let checked = project_of(&[("compose.yaml", compose)]).check(&Settings::default());
    let findings = &checked[0].findings;
    let mounts: Vec<u32> = findings
        .iter()
        .filter(|finding| finding.rule == "PLC702")
        .flat_map(|finding| {
            std::iter::once(finding.location.start.line)
                .chain(finding.related.iter().map(|part| part.location.start.line))
        })
        .collect();
    assert_eq!(mounts, [5, 6]);
    let namespaces: Vec<(u32, &str)> = findings
        .iter()
        .filter(|finding| finding.rule == "PLC107")
        .map(|finding| (finding.location.start.line, finding.severity.as_str()))
        .collect();
    assert_eq!(
        namespaces,
        [(13, "high")],
        "`service:vpn` is no host namespace"
    );
}

/// A Dockerfile's path says what its image is for: under `tests/` or
/// `.devcontainer/`, or named `Dockerfile.dev`, it is a test or development
/// image, where a missing USER is not reported and root or sudo are low.
#[test]
fn the_path_says_when_an_image_is_for_tests_or_development() {
    let dockerfile = "FROM node:22\nRUN apt-get update && apt-get install -y sudo && echo 'dev ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/dev\nCMD [\"node\", \"server.js\"]\n";
    let findings = |path: Option<&str>| {
        let settings = Settings {
            path: path.map(str::to_string),
            ..Settings::default()
        };
        plimsoll_core::check(dockerfile, &settings)
            .findings
            .into_iter()
            .map(|finding| (finding.rule, finding.severity))
            .collect::<Vec<_>>()
    };
    let deployed = findings(Some("services/api/Dockerfile"));
    assert!(
        deployed.iter().any(|(rule, _)| *rule == "PL101"),
        "{deployed:?}"
    );
    assert!(deployed
        .iter()
        .any(|(rule, severity)| *rule == "PL104" && *severity >= plimsoll_core::Severity::High));
    assert_eq!(findings(None), deployed, "no path: judged as written");
    for path in [
        ".devcontainer/Dockerfile",
        "tests/e2e/Dockerfile",
        "Dockerfile.dev",
        "e2e/playwright/Dockerfile",
        ".dockerdev/Dockerfile",
    ] {
        let found = findings(Some(path));
        assert!(
            !found.iter().any(|(rule, _)| *rule == "PL101"),
            "{path}: {found:?}"
        );
        assert!(
            found
                .iter()
                .filter(|(rule, _)| *rule == "PL104")
                .all(|(_, severity)| *severity == plimsoll_core::Severity::Low),
            "{path}: {found:?}"
        );
    }
    // Test *data* keeps its judgement: a parser's example Dockerfile is an
    // example of a real image.
    let fixture = findings(Some("parser/testdata/app/Dockerfile"));
    assert!(fixture.iter().any(|(rule, _)| *rule == "PL101"));
    // What CI builds to ship is the image itself; CI's own test image is not.
    let release = findings(Some("ci/release-image/Dockerfile"));
    assert!(
        release.iter().any(|(rule, _)| *rule == "PL101"),
        "{release:?}"
    );
    let ci = findings(Some("ci/Dockerfile"));
    assert!(!ci.iter().any(|(rule, _)| *rule == "PL101"), "{ci:?}");
}

/// A scan report beside the Dockerfile gives its image a vulnerability
/// summary: the report's own counts, the packages to upgrade first with
/// the Dockerfile line they come from, in JSON and as a table.
#[test]
fn a_scan_report_sums_up_the_image_s_vulnerabilities() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../../shared/corpus/companions/reports/aquasecurity__trivy__integration__testdata__alpine-310.json.golden",
    );
    let Ok(report_text) = std::fs::read_to_string(&path) else {
        support::fixtures::skip(
            "a_scan_report_sums_up_the_image_s_vulnerabilities",
            &format!("no report at {}", path.display()),
        );
        return;
    };
    let dockerfile = "FROM alpine:3.10\nRUN apk add --no-cache openssl\nUSER 1000\nCMD [\"app\"]\n";
    let checked = project_of(&[("Dockerfile", dockerfile), ("trivy.json", &report_text)])
        .check(&Settings::default());
    let report = checked[0].report.as_ref().unwrap();
    let summary = report.vulnerabilities.as_ref().expect("a summary");
    let parsed = plimsoll_core::companion::scan_report::parse(&report_text).unwrap();
    assert_eq!(summary.counts, parsed.counts(), "the report's own counts");
    assert_eq!(summary.reports, ["trivy.json"]);
    assert!(!summary.packages.is_empty());
    assert!(
        summary
            .packages
            .iter()
            .all(|package| package.line == Some(1)),
        "from the base image"
    );
    let table = summary.table(plimsoll_core::Lang::En);
    assert!(
        table.starts_with("Vulnerabilities (trivy.json):"),
        "{table}"
    );
    assert!(table.contains(&summary.packages[0].package), "{table}");
    let file = plimsoll_core::export::FileReport {
        path: "Dockerfile",
        source: dockerfile,
        report,
    };
    let json = serde_json::to_value(plimsoll_core::export::json::file_json(
        &file,
        plimsoll_core::Lang::En,
    ))
    .unwrap();
    assert_eq!(json["vulnerabilities"]["medium"], summary.counts.medium);
    assert_eq!(json["vulnerabilities"]["packages"][0]["line"], 1);
}

/// A scan report older than 30 days is stale: the scan item warns and says
/// how old it is; a fresh one passes; without a clock nothing is judged.
#[test]
fn a_stale_scan_report_warns() {
    let dockerfile = "FROM alpine:3.20\nUSER 1000\nCMD [\"app\"]\n";
    let report = |created: &str| {
        format!(
            r#"{{"SchemaVersion": 2, "CreatedAt": "{created}", "ArtifactName": "app:1", "ArtifactType": "container_image", "Results": []}}"#
        )
    };
    // 2026-12-04 is day 20791 since 1970-01-01.
    let status = |created: &str, today: Option<i64>| {
        let settings = Settings {
            today,
            ..Settings::default()
        };
        let checked = project_of(&[("Dockerfile", dockerfile), ("trivy.json", &report(created))])
            .check(&settings);
        let item = checked[0]
            .report
            .as_ref()
            .unwrap()
            .checklist
            .items
            .iter()
            .find(|item| item.id == "vulnerability-scan")
            .unwrap()
            .clone();
        item
    };
    let stale = status("2026-10-01T08:00:00Z", Some(20_791));
    assert_eq!(stale.status, Status::Warn);
    assert!(
        stale.note.as_ref().unwrap().en.contains("64 days old"),
        "{:?}",
        stale.note
    );
    assert_eq!(
        status("2026-11-30T08:00:00Z", Some(20_791)).status,
        Status::Pass
    );
    assert_eq!(status("2026-10-01T08:00:00Z", None).status, Status::Pass);
}

/// A bare image name that kustomize (`images:` with `newTag`) or Skaffold
/// (a build artifact) tags at deploy time is a placeholder, not `latest`.
#[test]
fn images_a_deploy_tool_tags_are_not_untagged() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: example/api\n        - name: worker\n          image: worker\n        - name: cache\n          image: redis:latest\n";
    let image_findings = |files: &[(&str, &str)]| -> Vec<String> {
        project_of(files)
            .check(&Settings::default())
            .into_iter()
            .find(|file| file.kind == FileKind::Kubernetes)
            .unwrap()
            .findings
            .iter()
            .filter(|finding| finding.rule == "PLK201")
            .map(|finding| finding.resource.clone().unwrap_or_default())
            .collect()
    };
    let alone = image_findings(&[("k8s/base/deployment.yaml", deployment)]);
    assert_eq!(alone.len(), 3, "{alone:?}");
    let overlay = "resources:\n  - ../../base\nimages:\n  - name: example/api\n    newTag: 1.4.2\n";
    let skaffold =
        "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: worker\n";
    let deployed = image_findings(&[
        ("k8s/base/deployment.yaml", deployment),
        (
            "k8s/base/kustomization.yaml",
            "resources:\n  - deployment.yaml\n",
        ),
        ("k8s/overlays/prod/kustomization.yaml", overlay),
        ("skaffold.yaml", skaffold),
    ]);
    assert_eq!(deployed.len(), 1, "{deployed:?}");
    assert!(deployed[0].ends_with("/cache"), "{deployed:?}");
    // A kustomization that only renames the image keeps its tag.
    let renamed = "resources:\n  - deployment.yaml\nimages:\n  - name: example/api\n    newName: registry.example/api\n";
    let kept = image_findings(&[
        ("k8s/base/deployment.yaml", deployment),
        ("k8s/base/kustomization.yaml", renamed),
    ]);
    assert_eq!(kept.len(), 3, "{kept:?}");
}

/// A Compose service mounting a host system directory whole is rated as a
/// Kubernetes `hostPath` of it; one read-only file of it is not reported.
#[test]
fn compose_sensitive_host_directories() {
    let compose = "services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - /etc:/host/etc\n      - /proc:/host/proc:ro\n      - /etc/localtime:/etc/localtime:ro\n      - /lib/modules:/lib/modules:ro\n      - /home/me/src:/src\n      - /sys/fs/cgroup:/sys/fs/cgroup\n      - ./data:/data\n      - type: bind\n        source: /root/\n        target: /root\n        read_only: true\n";
    let checked = project_of(&[("compose.yaml", compose)]).check(&Settings::default());
    let mounts: Vec<(u32, &str)> = checked[0]
        .findings
        .iter()
        .filter(|finding| finding.rule == "PLC702")
        .flat_map(|finding| {
            std::iter::once(finding.location.start.line)
                .chain(finding.related.iter().map(|part| part.location.start.line))
                .map(move |line| (line, finding.severity.as_str()))
        })
        .collect();
    assert_eq!(
        mounts,
        [(5, "medium"), (10, "medium"), (6, "low"), (12, "low")],
        "{:?}",
        checked[0].findings
    );
    let etc = checked[0]
        .findings
        .iter()
        .find(|finding| finding.location.start.line == 5)
        .unwrap();
    assert!(
        etc.message.en.contains("`/etc/shadow`"),
        "{}",
        etc.message.en
    );
    assert!(
        etc.message.ja.contains("`/etc/shadow`"),
        "{}",
        etc.message.ja
    );
}

#[test]
fn reports_cover_each_file_plimsoll_reads_in_order() {
    let project = project(
        &[
            ("Dockerfile", "FROM node:20\nCOPY . .\n"),
            ("notes.txt", "not a file Plimsoll reads\n"),
            (
                "compose.yaml",
                "services:\n  web:\n    build: .\n    privileged: true\n",
            ),
            ("compose.override.yaml", "services: [\n"),
        ],
        None,
    );
    let reports = project.reports(&Settings::default(), plimsoll_core::Lang::Ja);
    let paths: Vec<&str> = reports.iter().map(|(path, _, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        ["Dockerfile", "compose.yaml", "compose.override.yaml"]
    );
    let (_, text, dockerfile) = &reports[0];
    assert_eq!(text, "FROM node:20\nCOPY . .\n");
    assert!(!dockerfile.checklist.items.is_empty());
    let (_, _, compose) = &reports[1];
    assert!(
        compose.findings.iter().any(|f| f.rule.starts_with("PLC")),
        "{:?}",
        compose.findings
    );
    // A file that cannot be read says why, in the language asked for.
    let (_, _, broken) = &reports[2];
    assert!(!broken.errors.is_empty());
    assert!(
        broken.errors.iter().all(|e| !e.message.is_ascii()),
        "{:?}",
        broken.errors
    );
}

#[test]
fn a_helm_chart_says_how_to_render_it_on_the_items_a_manifest_would_decide() {
    let dockerfile =
        "FROM node:22-alpine\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n";
    let template = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"app.fullname\" . }}\nspec:\n  template:\n    spec:\n      securityContext:\n        {{- toYaml .Values.podSecurityContext | nindent 8 }}\n";
    let files = [
        ("Dockerfile", dockerfile),
        ("deploy/chart/templates/deployment.yaml", template),
    ];
    // The page and the CLI name Chart.yaml among the project's paths.
    let paths = [
        "Dockerfile",
        "deploy",
        "deploy/chart",
        "deploy/chart/Chart.yaml",
        "deploy/chart/templates/deployment.yaml",
    ];
    let checked = project(&files, Some(&paths)).check(&Settings::default());
    let note = |id| {
        item(&checked[0], id)
            .note
            .as_ref()
            .map(|note| note.en.clone())
    };
    let read_only = note("read-only-root-filesystem").expect("a note on an item left to a person");
    assert!(read_only.contains("`helm template deploy/chart > deploy/chart.rendered.yaml`"));
    assert_eq!(
        item(&checked[0], "read-only-root-filesystem").status,
        Status::Manual
    );
    // Items a manifest does not decide, and items already decided, keep theirs.
    assert_eq!(note("vulnerability-scan"), None);
    assert_eq!(note("dockerignore"), None);
    // Without a chart, no such note.
    let plain = project(&files[..1], None).check(&Settings::default());
    assert_eq!(item(&plain[0], "read-only-root-filesystem").note, None);
}

/// A Compose file that runs the project's image beside someone else's
/// (`getmeili/meilisearch`) ties only the image named like the project to
/// its one Dockerfile: the other service's settings are not this image's.
/// Without a name, neither is known to be the project's own; alone, the
/// one candidate is.
#[test]
fn beside_other_images_only_the_image_named_like_the_project_is_its_own() {
    let dockerfile =
        "FROM node:22-alpine\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n";
    let compose = "services:\n  app:\n    image: ghcr.io/acme/shop:latest\n    read_only: true\n  search:\n    image: getmeili/meilisearch:v1.13\n";
    let decided_by_compose = |project: Project| {
        let checked = project.check(&Settings::default());
        let read_only = item(&checked[0], "read-only-root-filesystem").clone();
        let search_findings: Vec<usize> = checked[1]
            .findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| finding.resource.as_deref() == Some("search"))
            .map(|(index, _)| index)
            .collect();
        assert!(
            !search_findings.is_empty(),
            "the search service has findings of its own"
        );
        assert!(
            read_only
                .elsewhere
                .iter()
                .all(|place| !search_findings.contains(&place.index)),
            "{:?}",
            read_only.elsewhere
        );
        read_only.decided_by.contains(&"compose.yaml".to_string())
    };
    let files = [("Dockerfile", dockerfile), ("compose.yaml", compose)];
    assert!(!decided_by_compose(project_of(&files)));
    let named = Project {
        name: Some("shop".to_string()),
        ..project_of(&files)
    };
    assert!(decided_by_compose(named));
    let in_a_folder = project_of(&[
        ("shop/Dockerfile", dockerfile),
        ("shop/compose.yaml", compose),
    ]);
    let checked = in_a_folder.check(&Settings::default());
    assert!(item(&checked[0], "read-only-root-filesystem")
        .decided_by
        .contains(&"shop/compose.yaml".to_string()));
    let alone = compose.split("  search:").next().unwrap();
    let checked = project_of(&[("Dockerfile", dockerfile), ("compose.yaml", alone)])
        .check(&Settings::default());
    assert!(item(&checked[0], "read-only-root-filesystem")
        .decided_by
        .contains(&"compose.yaml".to_string()));
}
