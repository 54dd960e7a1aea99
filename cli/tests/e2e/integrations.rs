//! Where users already work: shell completions and manual pages generated
//! from the argument definitions, our own image, the pre-commit hooks.

use super::*;

/// Every command `plimsoll --help` lists, read from the help itself so a new
/// command is covered without touching this test.
fn commands() -> Vec<String> {
    let (code, help, _) = run(plimsoll().arg("--help"));
    assert_eq!(code, 0);
    let listed: Vec<String> = help
        .split("Commands:\n")
        .nth(1)
        .expect("the help lists commands")
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect();
    for known in ["check", "fix", "explain", "completions", "man"] {
        assert!(listed.iter().any(|name| name == known), "{known}: {help}");
    }
    listed
}

#[test]
fn completions_name_every_command_and_the_check_options() {
    let commands = commands();
    let (code, bash, stderr) = run(plimsoll().args(["completions", "bash"]));
    assert_eq!(code, 0, "{stderr}");
    for command in &commands {
        assert!(
            bash.contains(&format!("plimsoll,{command})")),
            "bash does not complete `{command}`"
        );
    }
    for option in ["--fail-on", "--format", "--no-companions", "--lang"] {
        assert!(bash.contains(option), "bash lacks {option}");
    }
    assert!(bash.contains("complete -F _plimsoll"), "{bash}");
    // The script is valid bash (syntax only: nothing runs).
    let dir = scratch("completions");
    let script = write(&dir, "plimsoll.bash", &bash);
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(syntax.status.success(), "{syntax:?}");

    let (code, zsh, _) = run(plimsoll().args(["completions", "zsh"]));
    assert_eq!(code, 0);
    assert!(zsh.starts_with("#compdef plimsoll"), "{zsh}");
    let (code, fish, _) = run(plimsoll().args(["completions", "fish"]));
    assert_eq!(code, 0);
    for command in &commands {
        assert!(zsh.contains(&format!("'{command}:")), "zsh lacks {command}");
        assert!(
            fish.contains(&format!("-a \"{command}\"")),
            "fish lacks {command}"
        );
    }
    // Severity values are offered where a severity is asked for.
    assert!(
        fish.contains("-l fail-on") && fish.contains("critical"),
        "{fish}"
    );

    let (code, _, stderr) = run(plimsoll().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("bash"), "{stderr}");
}

#[test]
fn man_pages_have_name_synopsis_and_the_options() {
    let (code, page, stderr) = run(plimsoll().arg("man"));
    assert_eq!(code, 0, "{stderr}");
    assert!(page.contains(".TH plimsoll 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}: {page}");
    }
    // roff escapes hyphens in options.
    for option in ["\\-\\-config", "\\-\\-lang", "\\-\\-no\\-color"] {
        assert!(page.contains(option), "{option}");
    }
    for command in commands() {
        assert!(
            page.contains(&format!("plimsoll\\-{command}(1)")),
            "{command}"
        );
        let (code, sub, stderr) = run(plimsoll().args(["man", &command]));
        assert_eq!(code, 0, "{command}: {stderr}");
        assert!(sub.contains(&format!(".TH plimsoll-{command} 1")), "{sub}");
        assert!(
            sub.contains(".SH NAME") && sub.contains(".SH SYNOPSIS"),
            "{sub}"
        );
        assert!(sub.contains(&format!("plimsoll {command}")), "{sub}");
    }
    let (_, check, _) = run(plimsoll().args(["man", "check"]));
    for option in [
        "\\-\\-fail\\-on",
        "\\-\\-format",
        "\\-\\-strict",
        "\\-\\-report",
    ] {
        assert!(check.contains(option), "{option}: {check}");
    }
    assert!(check.contains("sarif"), "the formats are listed");

    let (code, _, stderr) = run(plimsoll().args(["man", "nope"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no manual page for `nope`"), "{stderr}");
}

#[test]
fn our_own_image_scores_100_without_a_finding() {
    let root = repository_root();
    // The whole repository as a project, as `plimsoll check .` in a clone:
    // the Dockerfile is judged with its real build context and the
    // .dockerignore BuildKit would use (a COPY of an ignored folder fails).
    let (_, stdout, stderr) = run(plimsoll()
        .args(["check", "--format", "json", "."])
        .current_dir(&root));
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let file = |path: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|file| file["path"] == path)
            .unwrap_or_else(|| panic!("{path} not checked: {stdout}"))
            .clone()
    };
    let dockerfile = file("Dockerfile");
    let ignore = file(".dockerignore");
    for checked in [&dockerfile, &ignore] {
        assert_eq!(
            checked["findings"].as_array().unwrap().len(),
            0,
            "{checked:#}"
        );
        assert_eq!(
            checked["errors"].as_array().map_or(0, Vec::len),
            0,
            "{checked:#}"
        );
    }
    assert_eq!(dockerfile["checklist"]["score"], 100, "{dockerfile:#}");
    let items = dockerfile["checklist"]["items"].as_array().unwrap();
    for item in items {
        assert!(
            item["status"] == "pass" || item["status"] == "manual",
            "{item:#}"
        );
    }
    // The ignore file decides its item: it was read as the build's.
    let ignore_item = items
        .iter()
        .find(|item| item["id"] == "dockerignore")
        .expect("the .dockerignore item");
    assert_eq!(ignore_item["status"], "pass");
}

/// One hook of `.pre-commit-hooks.yaml`.
struct Hook {
    id: String,
    entry: Vec<String>,
    language: String,
    files: regex::Regex,
    exclude: Option<regex::Regex>,
    pass_filenames: bool,
}

impl Hook {
    /// Whether pre-commit hands this path to the hook (`re.search` on the
    /// path relative to the repository).
    fn takes(&self, path: &str) -> bool {
        self.files.is_match(path) && !self.exclude.as_ref().is_some_and(|re| re.is_match(path))
    }

    /// Runs the hook as pre-commit does: the entry (relative to the hook
    /// repository) with the files appended, in the user's repository, with
    /// the binary under test instead of a fresh build.
    fn run(&self, repository: &Path, files: &[&str]) -> (i32, String, String) {
        assert_eq!(self.language, "script", "{}", self.id);
        let mut command = std::process::Command::new(repository_root().join(&self.entry[0]));
        command
            .args(&self.entry[1..])
            .args(if self.pass_filenames { files } else { &[] })
            .current_dir(repository)
            .env("PLIMSOLL_BIN", assert_cmd::cargo::cargo_bin("plimsoll"))
            .env_remove("NO_COLOR");
        let output = command.output().expect("the hook's entry runs");
        (
            output.status.code().expect("exited"),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }
}

fn pre_commit_hooks() -> Vec<Hook> {
    let text = fs::read_to_string(repository_root().join(".pre-commit-hooks.yaml")).unwrap();
    let yaml = plimsoll_core::companion::yaml::Yaml::parse(&text);
    let hooks = yaml.document(0).expect("one YAML document");
    assert!(hooks.is_sequence(), "a list of hooks");
    let pattern = |hook: &plimsoll_core::companion::yaml::Value, key: &str| {
        hook.get(key)
            .and_then(|value| value.as_str())
            .map(|text| regex::Regex::new(text).unwrap_or_else(|e| panic!("{key}: {e}")))
    };
    hooks
        .items()
        .map(|hook| {
            let text = |key: &str| hook.get(key).and_then(|value| value.as_str());
            let id = text("id").expect("id").to_owned();
            assert!(text("name").is_some(), "{id}: name");
            Hook {
                entry: text("entry")
                    .expect("entry")
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                language: text("language").expect("language").to_owned(),
                files: pattern(&hook, "files").expect("files"),
                exclude: pattern(&hook, "exclude"),
                pass_filenames: hook
                    .get("pass_filenames")
                    .and_then(|value| value.as_bool())
                    .unwrap_or(true),
                id,
            }
        })
        .collect()
}

#[test]
fn pre_commit_hooks_run_the_cli_on_the_files_they_name() {
    let hooks = pre_commit_hooks();
    let hook = |id: &str| {
        hooks
            .iter()
            .find(|hook| hook.id == id)
            .unwrap_or_else(|| panic!("hook {id}"))
    };
    let dockerfiles = hook("plimsoll");
    let project = hook("plimsoll-project");
    for hook in &hooks {
        let script = repository_root().join(&hook.entry[0]);
        let mode = fs::metadata(&script)
            .unwrap_or_else(|e| panic!("{}: {e}", script.display()))
            .permissions();
        assert!(
            std::os::unix::fs::PermissionsExt::mode(&mode) & 0o111 != 0,
            "{} is not executable",
            script.display()
        );
        assert_eq!(hook.entry[1], "check", "{}", hook.id);
    }

    // The Dockerfile hook takes exactly the names `check DIR` finds.
    for path in [
        "Dockerfile",
        "dockerfile",
        "app/api.Dockerfile",
        "docker/Dockerfile.prod",
        "Containerfile",
        "web/Containerfile.dev",
        "Dockerfile.dockerignore",
        ".dockerignore",
        "Dockerfile.",
        ".Dockerfile",
        "MyDockerfile",
        "Dockerfiles/README.md",
        "compose.yaml",
        "Dockerfile.j2",
        "docker/Dockerfile.template",
        "Dockerfile.in",
    ] {
        let name = path.rsplit('/').next().unwrap();
        assert_eq!(
            dockerfiles.takes(path),
            plimsoll_core::project::is_dockerfile_name(name),
            "{path}"
        );
    }
    // The project hook also runs when a file that decides a checklist changes.
    for path in [
        "Dockerfile",
        "svc/.dockerignore",
        "api.Dockerfile.dockerignore",
        "compose.yaml",
        "k8s/deploy.yml",
        ".github/workflows/ci.yml",
    ] {
        assert!(project.takes(path), "{path}");
    }
    for path in ["README.md", "src/main.rs", "Cargo.toml"] {
        assert!(!project.takes(path), "{path}");
    }

    // A repository whose Dockerfile runs as root; its Compose file adds a
    // finding of its own that only the project hook sees.
    let repository = scratch("pre-commit");
    write(&repository, "app/Dockerfile", ROOT);
    write(&repository, "app/.dockerignore", ".git\n");
    write(
        &repository,
        "compose.yaml",
        "services:\n  app:\n    build: ./app\n    privileged: true\n",
    );
    let (code, stdout, stderr) = dockerfiles.run(&repository, &["app/Dockerfile"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("app/Dockerfile:"), "{stdout}");
    assert!(stdout.contains("PL101"), "{stdout}");
    assert!(!stdout.contains("compose.yaml"), "{stdout}");

    let (code, stdout, stderr) = project.run(&repository, &["compose.yaml"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("app/Dockerfile:"), "{stdout}");
    assert!(stdout.contains("compose.yaml:"), "{stdout}");

    // A clean Dockerfile passes.
    write(&repository, "app/Dockerfile", CLEAN);
    let (code, stdout, stderr) = dockerfiles.run(&repository, &["app/Dockerfile"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}
