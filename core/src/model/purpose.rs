//! What a stage's image is for, as far as the Dockerfile tells: run-time
//! advice (a health check, a non-root USER, no compilers) is about containers
//! that run a service, not about a stage that only carries files out of the
//! build, a build or test image, or a base image for other Dockerfiles.

use serde::{Deserialize, Serialize};

use super::{Base, ImageRef, Model};
use crate::syntax::{Args, Command, Dockerfile, Instruction, Keyword};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Starts a long-running server: it exposes a port, or its command (or,
    /// without one, its base image) is a known server.
    Service,
    /// Only carries files out (`FROM scratch` with no command, port, USER or
    /// HEALTHCHECK), for `docker build --output` or another stage's `COPY --from`.
    Export,
    /// Builds something: a stage named `build`, `builder`, `compile` ...,
    /// or a BuildKit frontend (labelled `moby.buildkit.frontend.*`).
    Build,
    /// Runs tests or a development environment: a stage named `test`,
    /// `e2e`, `dev`, `dev-envs` ..., a test runner command, or a
    /// development server that reloads on change (`air`, `--reload`).
    Test,
    /// Meant to be built upon or run with a command given at run time: it
    /// has ONBUILD triggers, its command is only a shell or an interpreter
    /// prompt (`CMD ["python3"]`), or it sets no command on an image that
    /// is not a server.
    Base,
    /// Runs a program the Dockerfile does not tell apart (a job, a tool, or
    /// a command inherited from an image it cannot see).
    Unknown,
}

impl Purpose {
    /// Whether the image is meant to run as a container of its own (a
    /// service or a program), as opposed to files exported from the build,
    /// a build or test environment, or a base for other images.
    pub fn runs(self) -> bool {
        matches!(self, Purpose::Service | Purpose::Unknown)
    }
}

/// Stage-name words that mark a build or a test stage.
const BUILD_NAMES: &[&str] = &["build", "builder", "compile", "compiler", "buildenv"];
const TEST_NAMES: &[&str] = &[
    "test",
    "tests",
    "testing",
    "e2e",
    "lint",
    "ci",
    "integration",
    // Development environments (Docker's `dev-envs` stages, devcontainers,
    // the `.dockerdev/` folder of the Ruby on Whales setup many Rails
    // projects copy): a developer's own container, not a deployment.
    "dev",
    "devel",
    "development",
    "devcontainer",
    "dockerdev",
    "envs",
];

/// Words of a path that mark browser-test tools, besides [`TEST_NAMES`].
/// Test *data* directories (`testdata`, `fixtures`) are not among them: a
/// Dockerfile kept there as a parser's or linter's input is an example of a
/// real image, and is judged as one.
const TEST_PATH_NAMES: &[&str] = &["playwright", "cypress", "selenium"];

/// What a Dockerfile's path says its images are for: `Test` when a
/// directory or its file name names tests, test data or a development
/// environment (`tests/e2e/Dockerfile`, `.devcontainer/Dockerfile`,
/// `Dockerfile.dev`, `playwright/compose/keycloak/Dockerfile`), unless a
/// word names a release (`ci/release-image/Dockerfile`).
pub fn purpose_of_path(path: &str) -> Option<Purpose> {
    let words: Vec<String> = path
        .split(['/', '\\'])
        .flat_map(|part| part.split(['-', '_', '.']))
        .map(str::to_ascii_lowercase)
        .collect();
    // `ci/release-image/Dockerfile`: what CI builds to ship is no test image.
    if words
        .iter()
        .any(|word| RELEASE_PATH_NAMES.contains(&word.as_str()))
    {
        return None;
    }
    words
        .iter()
        .any(|word| TEST_NAMES.contains(&word.as_str()) || TEST_PATH_NAMES.contains(&word.as_str()))
        .then_some(Purpose::Test)
}

/// Words of a path that say its image is the one shipped.
const RELEASE_PATH_NAMES: &[&str] = &["release", "releases", "prod", "production"];

/// Programs that run tests, and the sub-commands of build tools that do.
const TEST_RUNNERS: &[&str] = &[
    "pytest",
    "py.test",
    "tox",
    "nox",
    "jest",
    "mocha",
    "vitest",
    "bats",
    "phpunit",
    "rspec",
    "cypress",
    "playwright",
    "ctest",
];
const TEST_SUBCOMMANDS: &[&str] = &["test", "tests", "spec", "e2e"];

/// Programs that start a server.
const SERVER_PROGRAMS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2-foreground",
    "apache2ctl",
    "apachectl",
    "lighttpd",
    "caddy",
    "traefik",
    "haproxy",
    "envoy",
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "waitress-serve",
    "uwsgi",
    "puma",
    "unicorn",
    "passenger",
    "catalina.sh",
    "jetty.sh",
    "mongod",
    "mysqld",
    "mariadbd",
    "postgres",
    "memcached",
    "supervisord",
    "sshd",
    "gotty",
    "registry",
    "consul",
    "vault",
    "minio",
    "runserver",
    "serve",
];

/// Images whose own command starts a server (by repository name, any publisher).
const SERVER_IMAGES: &[&str] = &[
    "nginx",
    "httpd",
    "tomcat",
    "jetty",
    "caddy",
    "traefik",
    "haproxy",
    "postgres",
    "mysql",
    "mariadb",
    "redis",
    "mongo",
    "rabbitmq",
    "memcached",
    "elasticsearch",
    "kibana",
    "grafana",
    "prometheus",
    "registry",
    "nextcloud",
    "sonarqube",
    "teamcity-server",
    "jenkins",
    "keycloak",
    "minio",
    "nginx-unprivileged",
    "nginx-proxy",
    "webtop",
];

/// Interactive programs an image starts when it is a base for others.
pub(crate) const PROMPTS: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "zsh",
    "python",
    "python3",
    "ipython",
    "irb",
    "node",
    "php",
    "ruby",
    "perl",
    "jshell",
    "pwsh",
    "powershell",
    "powershell.exe",
    "cmd",
    "cmd.exe",
    "ghci",
    "iex",
    "erl",
    "julia",
    "R",
];

/// Programs that start the real command after them.
const LAUNCHERS: &[&str] = &["tini", "dumb-init", "--", "-g", "-s"];

/// Decides every stage's purpose (each with its `FROM <stage>` chain).
pub(super) fn decide(dockerfile: &Dockerfile, model: &Model) -> Vec<Purpose> {
    // Each stage starts from what its `FROM <stage>` base (always an
    // earlier stage) ended with, so the chain is read once.
    let mut ends: Vec<Signals> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let mut signals = match stage.base {
            Base::Stage(parent) => ends[parent].clone(),
            _ => Signals::default(),
        };
        for index in stage.instructions.clone() {
            signals.read(&dockerfile.instructions[index]);
        }
        ends.push(signals);
    }
    ends.iter()
        .enumerate()
        .map(|(stage, signals)| decide_stage(model, stage, signals))
        .collect()
}

/// What a stage and the stages it is built on say about running it.
#[derive(Clone, Default)]
struct Signals<'a> {
    entrypoint: Option<&'a Command>,
    cmd: Option<&'a Command>,
    exposes: bool,
    onbuild: bool,
    /// USER or HEALTHCHECK, which only matter to a container that runs.
    run_settings: bool,
    /// A `moby.buildkit.frontend.*` label: the image is a BuildKit frontend
    /// (`# syntax=` points at such images), which BuildKit runs in its
    /// build sandbox to read a Dockerfile.
    frontend: bool,
}

impl<'a> Signals<'a> {
    fn read(&mut self, instruction: &'a Instruction) {
        match instruction.keyword {
            Keyword::Entrypoint => self.entrypoint = instruction.command(),
            Keyword::Cmd => self.cmd = instruction.command(),
            Keyword::Expose => self.exposes = true,
            Keyword::Onbuild => self.onbuild = true,
            Keyword::User | Keyword::Healthcheck => self.run_settings = true,
            Keyword::Label => {
                if let Args::KeyValues(pairs) = &instruction.args {
                    self.frontend |= pairs.iter().any(|pair| {
                        pair.key
                            .text
                            .trim_matches(['"', '\''])
                            .starts_with("moby.buildkit.frontend.")
                    });
                }
            }
            _ => {}
        }
    }
}

fn decide_stage(model: &Model, stage: usize, signals: &Signals) -> Purpose {
    let Signals {
        entrypoint,
        cmd,
        exposes,
        onbuild,
        run_settings,
        frontend,
    } = *signals;
    let mut words = command_words(entrypoint);
    words.extend(command_words(cmd));
    let root = model.root_base(stage);
    if onbuild {
        return Purpose::Base;
    }
    if words.is_empty() && !exposes && !run_settings && *root == Base::Scratch {
        return Purpose::Export;
    }
    if runs_tests(&words) || reloads_on_change(&words) {
        return Purpose::Test;
    }
    if runs_build(&words) {
        return Purpose::Build;
    }
    if frontend {
        return Purpose::Build;
    }
    if let Some(name) = &model.stages[stage].name {
        let parts: Vec<&str> = name.split(['-', '_', '.']).collect();
        if parts.iter().any(|part| TEST_NAMES.contains(part)) {
            return Purpose::Test;
        }
        if parts.iter().any(|part| BUILD_NAMES.contains(part)) {
            return Purpose::Build;
        }
    }
    if exposes || starts_server(&words) {
        return Purpose::Service;
    }
    let root_image = match root {
        Base::Image(image) => Some(image),
        _ => None,
    };
    if words.is_empty() {
        return match root_image {
            Some(image) if is_server_image(image) => Purpose::Service,
            Some(_) => Purpose::Base,
            None => Purpose::Unknown,
        };
    }
    if is_prompt(&words) {
        return Purpose::Base;
    }
    Purpose::Unknown
}

/// The words of an ENTRYPOINT or CMD, by base name (`/usr/bin/tini` is `tini`).
fn command_words(command: Option<&Command>) -> Vec<String> {
    let words: Vec<String> = match command {
        Some(Command::Exec(words)) => words.iter().map(|word| word.text.clone()).collect(),
        Some(Command::Shell { text, .. }) => text.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    words
        .into_iter()
        .map(|word| {
            let word = word.trim_matches(['"', '\'']);
            word.rsplit(['/', '\\']).next().unwrap_or(word).to_string()
        })
        .collect()
}

/// `pytest`, `go test ./...`, `npm test`, `sh smoke-test.sh`.
fn runs_tests(words: &[String]) -> bool {
    words.iter().enumerate().any(|(position, word)| {
        TEST_RUNNERS.contains(&word.as_str())
            || (position > 0 && TEST_SUBCOMMANDS.contains(&word.as_str()))
            || (word.contains("test") && word.ends_with(".sh"))
    })
}

/// Build tools that an image started as a build environment runs.
const BUILD_TOOLS: &[&str] = &["make", "cmake", "ninja", "bazel", "bazelisk"];

/// Targets of a build tool that run the program rather than build it
/// (`make run`, `bazel run //app`).
const RUN_TARGETS: &[&str] = &["run", "start", "serve", "server", "up", "dev", "watch"];

/// An image whose start program builds something: a build tool not asked
/// to run the result, or a script named for the job (`/usr/bin/build`,
/// `compile.sh`). Such an image is a build environment run to produce
/// files, not a service.
fn runs_build(words: &[String]) -> bool {
    let Some(program) = words.first() else {
        return false;
    };
    let stem = program.strip_suffix(".sh").unwrap_or(program);
    let runs_result = words[1..]
        .iter()
        .any(|word| RUN_TARGETS.contains(&word.as_str()));
    (BUILD_TOOLS.contains(&program.as_str()) && !runs_result) || BUILD_NAMES.contains(&stem)
}

/// Programs that restart the application whenever its source changes:
/// development servers, never deployed.
const RELOADERS: &[&str] = &[
    "air",
    "nodemon",
    "reflex",
    "watchexec",
    "cargo-watch",
    "ts-node-dev",
];

/// A development server that reloads on change: a watcher (`air`,
/// `nodemon`), or a server started with `--reload` (`uvicorn app:app
/// --reload`).
fn reloads_on_change(words: &[String]) -> bool {
    words
        .first()
        .is_some_and(|first| RELOADERS.contains(&first.as_str()))
        || words.iter().any(|word| word == "--reload")
}

fn starts_server(words: &[String]) -> bool {
    let package_script = words
        .first()
        .is_some_and(|first| matches!(first.as_str(), "npm" | "yarn" | "pnpm"));
    words.iter().any(|word| {
        let lower = word.to_ascii_lowercase();
        SERVER_PROGRAMS.contains(&lower.as_str())
            || lower.starts_with("php-fpm")
            || lower.contains("server")
            || (package_script && lower.starts_with("start"))
    })
}

/// Whether a repository's last name (`mongo`, `postgres`) is that of a
/// well-known server image: a public image a project runs, not one it
/// builds.
pub(crate) fn is_server_image_name(name: &str) -> bool {
    SERVER_IMAGES.contains(&name)
}

fn is_server_image(image: &ImageRef) -> bool {
    let name = image.short_name();
    let tag = image.tag.as_deref().unwrap_or("");
    SERVER_IMAGES.contains(&name)
        || (name == "wordpress" && !tag.starts_with("cli"))
        || (name == "php" && (tag.contains("apache") || tag.contains("fpm")))
}

/// `python3`, `bash`, `docker-entrypoint.sh node`, `php -a`: a prompt.
fn is_prompt(words: &[String]) -> bool {
    let program: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|word| LAUNCHERS.contains(word) || word.contains("entrypoint"))
        .collect();
    match program.as_slice() {
        [program] => PROMPTS.contains(program),
        [program, "-a" | "-i" | "-l"] => PROMPTS.contains(program),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purpose(source: &str) -> Purpose {
        let dockerfile = crate::syntax::parse(source);
        let model = Model::build(&dockerfile, None);
        model.purposes[model.final_stage.unwrap()]
    }

    #[test]
    fn an_image_that_starts_a_build_is_a_build_environment() {
        for start in [
            "ENTRYPOINT [\"/usr/bin/build\"]",
            "CMD [\"make\", \"-j4\"]",
            "CMD ./compile.sh",
        ] {
            let source = format!(
                "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y gcc\n{start}\n"
            );
            assert_eq!(purpose(&source), Purpose::Build, "{start}");
        }
        // A build tool asked to run the program serves.
        assert_ne!(
            purpose("FROM golang:1.21\nENTRYPOINT [\"make\",\"run\"]\n"),
            Purpose::Build
        );
        // A program merely named like one (`builder-api`) is not.
        assert_ne!(
            purpose("FROM ubuntu:24.04\nCMD [\"/usr/bin/builder-api\", \"serve\"]\n"),
            Purpose::Build
        );
    }

    #[test]
    fn reads_what_the_image_is_for() {
        let export = "FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch AS binary\nCOPY --from=build /out/app /\n";
        assert_eq!(purpose(export), Purpose::Export);
        assert_eq!(
            purpose("FROM scratch\nCOPY app /app\nUSER 65532\n"),
            Purpose::Unknown
        );
        assert_eq!(
            purpose("FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n"),
            Purpose::Unknown
        );
        assert_eq!(
            purpose("FROM node:22\nEXPOSE 3000\nCMD [\"node\", \"main.js\"]\n"),
            Purpose::Service
        );
        assert_eq!(
            purpose("FROM python:3.13\nCMD [\"gunicorn\", \"app:app\"]\n"),
            Purpose::Service
        );
        assert_eq!(
            purpose("FROM node:22\nCMD [\"npm\", \"start\"]\n"),
            Purpose::Service
        );
        assert_eq!(
            purpose("FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n"),
            Purpose::Service
        );
        assert_eq!(purpose("FROM php:8.3-cli\nCOPY . /app\n"), Purpose::Base);
        assert_eq!(
            purpose("FROM debian:12\nRUN make\nCMD [\"python3\"]\n"),
            Purpose::Base
        );
        assert_eq!(
            purpose("FROM alpine:3\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"node\"]\n"),
            Purpose::Base
        );
        assert_eq!(
            purpose("FROM node:22\nONBUILD COPY . /app\n"),
            Purpose::Base
        );
        assert_eq!(
            purpose("FROM python:3.13\nCMD [\"pytest\", \"-q\"]\n"),
            Purpose::Test
        );
        assert_eq!(
            purpose("FROM golang:1.23\nCMD go test ./...\n"),
            Purpose::Test
        );
        assert_eq!(
            purpose("FROM node:22 AS e2e-tests\nCMD [\"node\", \"run.js\"]\n"),
            Purpose::Test
        );
        assert_eq!(
            purpose("FROM node:22 AS builder\nRUN npm ci\n"),
            Purpose::Build
        );
        // A BuildKit frontend, and an image built on it.
        let frontend = "FROM scratch AS release\nLABEL moby.buildkit.frontend.network.none=\"true\"\nCOPY --from=build /out /bin/\nENTRYPOINT [\"/bin/dockerfile-frontend\"]\nFROM release\n";
        assert_eq!(purpose(frontend), Purpose::Build);
        assert_eq!(
            purpose(
                "FROM alpine:3\nLABEL org.opencontainers.image.title=frontend\nCMD [\"./run\"]\n"
            ),
            Purpose::Unknown
        );
        assert_eq!(
            purpose("FROM alpine:3\nCMD [\"ps\", \"aux\"]\n"),
            Purpose::Unknown
        );
        assert_eq!(
            purpose("ARG BASE\nFROM $BASE\nRUN make\n"),
            Purpose::Unknown
        );
        // The chain counts: a stage built FROM one that exposes a port.
        assert_eq!(
            purpose("FROM node:22 AS base\nEXPOSE 80\nFROM base AS final\nCMD [\"./run\"]\n"),
            Purpose::Service
        );
    }
}
