//! Workshop exercises built on the seed document's sections: each one starts
//! from a Dockerfile with one kind of mistake, states its goal as checklist
//! items and rule codes that must end with no finding, reveals hints one by
//! one and carries a reference solution. The tests at the bottom run every
//! start and every solution through [`crate::check`], so an exercise cannot
//! rot when the rules change.

use serde::Serialize;

use crate::checklist::{FindingRef, Status};
use crate::companion::FileKind;
use crate::project::{CheckedFile, Project};
use crate::report::{Lang, Report, Text};
use crate::settings::Settings;

/// A text in both languages, as a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Tr {
    pub en: &'static str,
    pub ja: &'static str,
}

impl Tr {
    pub const fn new(en: &'static str, ja: &'static str) -> Self {
        Self { en, ja }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }

    pub fn text(self) -> Text {
        Text::new(self.en, self.ja)
    }
}

/// One exercise.
#[derive(Debug, Serialize)]
pub struct Exercise {
    /// Stable, URL-safe: `/?workshop=<id>`.
    pub id: &'static str,
    /// The seed document's section the exercise practises.
    pub section: Tr,
    pub title: Tr,
    /// Markdown: what to do and why.
    pub brief: Tr,
    /// The Dockerfile attendees start from.
    pub start: &'static str,
    /// Checklist items (ids) that must end with no finding.
    pub goal_items: &'static [&'static str],
    /// Rule codes that must end with no finding.
    pub goal_rules: &'static [&'static str],
    /// Revealed one at a time, in order.
    pub hints: &'static [Tr],
    /// One Dockerfile that meets the goal.
    pub solution: &'static str,
    /// The files around the Dockerfile, for exercises on the project
    /// (`None`: the Dockerfile alone).
    pub project: Option<ExerciseProject>,
}

/// The Dockerfile's path in a project exercise.
pub const DOCKERFILE_PATH: &str = "Dockerfile";

/// The files of a project exercise besides its Dockerfile.
#[derive(Debug, Serialize)]
pub struct ExerciseProject {
    pub files: &'static [ExerciseFile],
    /// The other paths of the build context, names only: what a
    /// `.dockerignore` must keep out of `COPY . .`.
    pub context: &'static [&'static str],
}

/// One file of a project exercise, as attendees get it and as solved.
#[derive(Debug, Serialize)]
pub struct ExerciseFile {
    /// Relative to the project root, `/`-separated.
    pub path: &'static str,
    pub start: &'static str,
    pub solution: &'static str,
}

/// One checked attempt at an exercise.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// The Dockerfile's report.
    pub report: Report,
    /// The project's other files, checked (empty for a Dockerfile exercise).
    pub others: Vec<CheckedFile>,
    pub progress: Progress,
}

impl Attempt {
    /// The finding a goal's [`FindingRef`] points at.
    pub fn finding_elsewhere(&self, at: &FindingRef) -> Option<&crate::report::Finding> {
        self.others
            .iter()
            .find(|file| file.path == at.file)
            .and_then(|file| file.findings.get(at.index))
    }
}

/// What one goal entry refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalKind {
    /// A checklist item id.
    Item,
    /// A rule code.
    Rule,
}

/// One entry of an exercise's goal, decided for one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalStatus {
    pub kind: GoalKind,
    /// Checklist item id or rule code.
    pub id: &'static str,
    pub title: Text,
    pub met: bool,
    /// Indices into the report's findings that keep this goal open.
    pub findings: Vec<usize>,
    /// Findings in the project's other files that keep it open.
    pub elsewhere: Vec<FindingRef>,
}

/// How far a Dockerfile is from an exercise's goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub goals: Vec<GoalStatus>,
    /// The Dockerfile has errors (it would not build): never done.
    pub has_errors: bool,
    /// Every goal met and no errors.
    pub done: bool,
}

impl Exercise {
    /// Judges `report` (from [`crate::check`] with default settings) against the goal.
    pub fn evaluate(&self, report: &Report) -> Progress {
        self.judge(report, &[])
    }

    /// Judges the Dockerfile's `report` and the project's `others` files:
    /// items from the Dockerfile's checklist (with what the other files
    /// decided), rule goals over every file.
    fn judge(&self, report: &Report, others: &[CheckedFile]) -> Progress {
        let mut goals = Vec::new();
        for id in self.goal_items {
            let item = report.checklist.items.iter().find(|item| item.id == *id);
            let (title, findings, elsewhere) = match item {
                Some(item) => (
                    item.title.clone(),
                    item.findings.clone(),
                    item.elsewhere.clone(),
                ),
                None => (Text::new(*id, *id), Vec::new(), Vec::new()),
            };
            // From a Dockerfile alone, manual items (read-only file system,
            // .dockerignore) cannot pass: their goal is "no finding left".
            // A project exercise brings the files that decide them.
            let met = item.is_some_and(|item| {
                let decided = match self.project {
                    Some(_) => item.status == Status::Pass,
                    None => matches!(item.status, Status::Pass | Status::Manual),
                };
                decided && findings.is_empty() && elsewhere.is_empty()
            });
            goals.push(GoalStatus {
                kind: GoalKind::Item,
                id,
                title,
                met,
                findings,
                elsewhere,
            });
        }
        for code in self.goal_rules {
            let open = |findings: &[crate::report::Finding]| -> Vec<usize> {
                findings
                    .iter()
                    .enumerate()
                    .filter(|(_, finding)| finding.suppressed.is_none() && finding.rule == *code)
                    .map(|(index, _)| index)
                    .collect()
            };
            let findings = open(&report.findings);
            let elsewhere: Vec<FindingRef> = others
                .iter()
                .flat_map(|file| {
                    open(&file.findings).into_iter().map(|index| FindingRef {
                        file: file.path.clone(),
                        index,
                    })
                })
                .collect();
            let title = crate::rules::Rule::by_code(code)
                .map(|rule| rule.title())
                .unwrap_or_else(|| Text::new(*code, *code));
            goals.push(GoalStatus {
                kind: GoalKind::Rule,
                id: code,
                title,
                met: findings.is_empty() && elsewhere.is_empty(),
                findings,
                elsewhere,
            });
        }
        let has_errors =
            !report.errors.is_empty() || others.iter().any(|file| !file.errors.is_empty());
        let done = !has_errors && goals.iter().all(|goal| goal.met);
        Progress {
            goals,
            has_errors,
            done,
        }
    }

    /// Checks `source` with the default settings and judges it.
    pub fn check(&self, source: &str) -> (Report, Progress) {
        let report = crate::check(source, &Settings::default());
        let progress = self.evaluate(&report);
        (report, progress)
    }

    /// Checks an attempt's `files` (`(path, text)`, the Dockerfile first,
    /// at [`DOCKERFILE_PATH`]) and judges it: a project exercise as a
    /// project with the exercise's build context, the others as the
    /// Dockerfile alone.
    pub fn attempt(&self, files: &[(String, String)]) -> Attempt {
        match self.project(files) {
            Some(project) => self.judge_project(project.check(&Settings::default())),
            None => self.attempt_dockerfile(files.first().map_or("", |(_, text)| text.as_str())),
        }
    }

    /// Checks a Dockerfile exercise's `source` and judges it.
    pub fn attempt_dockerfile(&self, source: &str) -> Attempt {
        let (report, progress) = self.check(source);
        Attempt {
            report,
            others: Vec::new(),
            progress,
        }
    }

    /// A project exercise's `files` as the project to check (with the
    /// exercise's build context); `None` for a Dockerfile exercise. The
    /// page checks it away from the page (the project worker) and judges
    /// the result with [`Exercise::judge_project`].
    pub fn project(&self, files: &[(String, String)]) -> Option<Project> {
        let project = self.project.as_ref()?;
        Some(Project::with_context(files.to_vec(), project.context))
    }

    /// Judges a checked project exercise (the files of
    /// [`Exercise::project`], checked with the default settings).
    pub fn judge_project(&self, mut checked: Vec<CheckedFile>) -> Attempt {
        let dockerfile = checked
            .iter()
            .position(|file| file.path == DOCKERFILE_PATH && file.kind == FileKind::Dockerfile);
        let report = match dockerfile {
            Some(index) => checked.remove(index).report.unwrap_or_default(),
            None => crate::check("", &Settings::default()),
        };
        let progress = self.judge(&report, &checked);
        Attempt {
            report,
            others: checked,
            progress,
        }
    }

    /// The files attendees start from: the Dockerfile first.
    pub fn start_files(&self) -> Vec<(String, String)> {
        self.files(self.start, |file| file.start)
    }

    /// The reference solution's files: the Dockerfile first.
    pub fn solution_files(&self) -> Vec<(String, String)> {
        self.files(self.solution, |file| file.solution)
    }

    fn files(
        &self,
        dockerfile: &str,
        text: fn(&ExerciseFile) -> &'static str,
    ) -> Vec<(String, String)> {
        let others = self
            .project
            .as_ref()
            .map_or(&[][..], |project| project.files);
        std::iter::once((DOCKERFILE_PATH.to_string(), dockerfile.to_string()))
            .chain(
                others
                    .iter()
                    .map(|file| (file.path.to_string(), text(file).to_string())),
            )
            .collect()
    }
}

/// Every exercise, in the order a workshop runs them.
pub fn all() -> &'static [Exercise] {
    EXERCISES
}

pub fn by_id(id: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|exercise| exercise.id == id)
}

const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "non-root",
        section: Tr::new("Non-root user", "非rootユーザー"),
        title: Tr::new("Run as a non-root user", "非rootユーザーで実行する"),
        brief: Tr::new(
            "This Node.js image never sets `USER`, so the application runs as **root**. \
             If it is compromised, the attacker is root inside the container, one kernel bug \
             away from the host. Create a dedicated user with a fixed UID, give it the \
             application files, and switch to it.",
            "このNode.jsイメージは `USER` を一度も指定していないため、アプリケーションが**root**で動きます。\
             侵害されると攻撃者はコンテナ内のrootになり、カーネルの脆弱性ひとつでホストに届きます。\
             固定UIDの専用ユーザーを作り、アプリケーションのファイルをそのユーザーの所有にして、\
             そのユーザーに切り替えてください。",
        ),
        start: r#"FROM node:20.11-alpine3.19
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src/ ./src/
EXPOSE 3000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        goal_items: &["runs-as-non-root", "non-root-user-created"],
        goal_rules: &["PL101", "PL102"],
        hints: &[
            Tr::new(
                "On Alpine, `addgroup -S` and `adduser -S` create system accounts; give both a \
                 fixed id (`-g 1001`, `-u 1001`).",
                "Alpineでは `addgroup -S` と `adduser -S` でシステムアカウントを作れます。\
                 どちらにも固定のID（`-g 1001`、`-u 1001`）を付けましょう。",
            ),
            Tr::new(
                "`COPY --chown=1001:1001 src/ ./src/` hands the files to the new user without an \
                 extra `chown` layer.",
                "`COPY --chown=1001:1001 src/ ./src/` なら、`chown` のための余分なレイヤーなしで\
                 ファイルを新しいユーザーの所有にできます。",
            ),
            Tr::new(
                "Add `USER 1001` before `CMD`. A numeric UID lets Kubernetes `runAsNonRoot` verify \
                 it.",
                "`CMD` の前に `USER 1001` を追加します。数値のUIDならKubernetesの `runAsNonRoot` \
                 が検証できます。",
            ),
        ],
        solution: r#"FROM node:20.11-alpine3.19
RUN addgroup -g 1001 -S appgroup \
    && adduser -S appuser -u 1001 -G appgroup
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --chown=1001:1001 src/ ./src/
USER 1001
EXPOSE 3000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        project: None,
    },
    Exercise {
        id: "pin-base-image",
        section: Tr::new("Base image security", "ベースイメージのセキュリティ"),
        title: Tr::new(
            "Pin the base image by tag and digest",
            "ベースイメージをタグとダイジェストで固定する",
        ),
        brief: Tr::new(
            "`python:latest` is a different image every few weeks: a rebuild can change Python's \
             major version or pull in a compromised image without any change to this file. \
             Name an exact version, then pin the content itself with its `@sha256:` digest.",
            "`python:latest` は数週間ごとに別のイメージになります。このファイルを変えなくても、\
             再ビルドでPythonのメジャーバージョンが変わったり、改ざんされたイメージを取り込んだりします。\
             具体的なバージョンを指定し、さらに `@sha256:` ダイジェストで中身そのものを固定してください。",
        ),
        start: r#"FROM python:latest
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ ./app/
USER 10001
HEALTHCHECK CMD ["python", "-m", "app.healthcheck"]
CMD ["python", "-m", "app"]
"#,
        goal_items: &["version-pinned"],
        goal_rules: &["PL201", "PL202"],
        hints: &[
            Tr::new(
                "Start with the tag: a full version and the distribution, such as \
                 `python:3.12.4-slim-bookworm`.",
                "まずタグから。`python:3.12.4-slim-bookworm` のように、完全なバージョンと\
                 ディストリビューションを指定します。",
            ),
            Tr::new(
                "`docker buildx imagetools inspect python:3.12.4-slim-bookworm` prints the digest \
                 (`Digest: sha256:…`).",
                "`docker buildx imagetools inspect python:3.12.4-slim-bookworm` でダイジェスト\
                 （`Digest: sha256:…`）が表示されます。",
            ),
            Tr::new(
                "Write both: `FROM python:3.12.4-slim-bookworm@sha256:<64 hex digits>`. The tag \
                 documents the version, the digest decides the content.",
                "両方を書きます: `FROM python:3.12.4-slim-bookworm@sha256:<16進64桁>`。\
                 タグはバージョンの説明に、ダイジェストは中身の決定になります。",
            ),
        ],
        solution: r#"# The digest is an example: take the current one from
# `docker buildx imagetools inspect python:3.12.4-slim-bookworm`.
FROM python:3.12.4-slim-bookworm@sha256:2fba8e70a87bcc9f6edd20dda0a1d4adb32046d2a9dd5e3b7e00ba5a8c6ae1a6
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ ./app/
USER 10001
HEALTHCHECK CMD ["python", "-m", "app.healthcheck"]
CMD ["python", "-m", "app"]
"#,
        project: None,
    },
    Exercise {
        id: "build-secret",
        section: Tr::new("Secrets management", "シークレット管理"),
        title: Tr::new(
            "Move a secret from ENV to a BuildKit secret mount",
            "シークレットをENVからBuildKitのシークレットマウントへ移す",
        ),
        brief: Tr::new(
            "The npm token is written into the Dockerfile and stored in the image configuration \
             by `ENV`: anyone with the image can read it with `docker inspect`, and the `.npmrc` \
             written in the same layer history leaks it again. Remove it from the file and give \
             it to the one `RUN` that needs it with a BuildKit secret mount. (The token in this \
             exercise is fake; a real one would now have to be revoked.)",
            "npmトークンがDockerfileに書かれ、`ENV` でイメージ設定に保存されています。\
             イメージを持つ人なら誰でも `docker inspect` で読めますし、同じレイヤーで書いた `.npmrc` \
             からも漏れます。ファイルから削除し、必要な `RUN` ひとつだけにBuildKitのシークレット\
             マウントで渡してください（この演習のトークンは偽物です。本物なら失効させる必要があります）。",
        ),
        start: r#"FROM node:20.11-alpine3.19
ENV NPM_TOKEN=npm_Xb7kP2qL9vR4tY6wZ8aC1dE3fG5hJ7kM9nQ0
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc \
    && npm ci --omit=dev \
    && rm .npmrc
COPY src/ ./src/
USER 1000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        goal_items: &["no-secrets-in-image"],
        goal_rules: &["PL401", "PL402", "PL406"],
        hints: &[
            Tr::new(
                "Delete the `ENV NPM_TOKEN=…` line: nothing secret belongs in the Dockerfile.",
                "`ENV NPM_TOKEN=…` の行を削除します。秘密の値はDockerfileに書きません。",
            ),
            Tr::new(
                "Keep the token in your own `~/.npmrc` and mount that file for the one command \
                 that needs it: `RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev`. \
                 The file exists only while that command runs.",
                "トークンは手元の `~/.npmrc` に置き、必要なコマンドひとつにだけそのファイルを\
                 マウントします: `RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev`。\
                 ファイルはそのコマンドの実行中にしか存在しません。",
            ),
            Tr::new(
                "Build with `docker build --secret id=npmrc,src=$HOME/.npmrc .`. The secret never \
                 reaches a layer, and no `echo … > .npmrc` is needed.",
                "`docker build --secret id=npmrc,src=$HOME/.npmrc .` でビルドします。\
                 シークレットはどのレイヤーにも残らず、`echo … > .npmrc` も不要になります。",
            ),
        ],
        solution: r#"# syntax=docker/dockerfile:1
FROM node:20.11-alpine3.19
WORKDIR /app
COPY package.json package-lock.json ./
# docker build --secret id=npmrc,src=$HOME/.npmrc .
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc \
    npm ci --omit=dev
COPY src/ ./src/
USER 1000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        project: None,
    },
    Exercise {
        id: "multi-stage",
        section: Tr::new("Minimal images", "最小イメージ"),
        title: Tr::new(
            "Convert to a multi-stage build with a distroless or scratch final stage",
            "マルチステージビルドにして、最終ステージをdistrolessかscratchにする",
        ),
        brief: Tr::new(
            "This Go service ships the whole `golang` toolchain image: the compiler, the sources, \
             the module cache and a full Debian, hundreds of megabytes an attacker can use and a \
             scanner will report. Build in a first stage and copy only the static binary into a \
             final stage based on `scratch` or `gcr.io/distroless/static`.",
            "このGoサービスは `golang` ツールチェーンイメージをそのまま出荷しています。\
             コンパイラ、ソース、モジュールキャッシュ、Debian一式という数百MBが、攻撃者の道具になり、\
             スキャナーの指摘対象になります。最初のステージでビルドし、静的バイナリだけを \
             `scratch` か `gcr.io/distroless/static` の最終ステージにコピーしてください。",
        ),
        start: r#"FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ ./cmd/
COPY internal/ ./internal/
RUN CGO_ENABLED=0 go build -o /usr/local/bin/app ./cmd/app
USER 65532
EXPOSE 8080
HEALTHCHECK CMD ["/usr/local/bin/app", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/app"]
"#,
        goal_items: &["unneeded-packages-removed"],
        goal_rules: &["PL601", "PL603"],
        hints: &[
            Tr::new(
                "Name the first stage: `FROM golang:1.22 AS build`. Everything up to `go build` \
                 stays there.",
                "最初のステージに名前を付けます: `FROM golang:1.22 AS build`。\
                 `go build` までの手順はそのステージに残します。",
            ),
            Tr::new(
                "`CGO_ENABLED=0` already makes a static binary, so it runs on \
                 `gcr.io/distroless/static-debian12:nonroot` or even `scratch`.",
                "`CGO_ENABLED=0` で静的バイナリになっているので、\
                 `gcr.io/distroless/static-debian12:nonroot` や `scratch` でも動きます。",
            ),
            Tr::new(
                "In the final stage: `COPY --from=build /out/app /app`, then the `USER`, `EXPOSE`, \
                 `HEALTHCHECK` and `ENTRYPOINT` lines pointing at `/app`.",
                "最終ステージでは `COPY --from=build /out/app /app` のあと、`/app` を指す \
                 `USER`、`EXPOSE`、`HEALTHCHECK`、`ENTRYPOINT` を書きます。",
            ),
        ],
        solution: r#"FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ ./cmd/
COPY internal/ ./internal/
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532
EXPOSE 8080
HEALTHCHECK CMD ["/app", "healthcheck"]
ENTRYPOINT ["/app"]
"#,
        project: None,
    },
    Exercise {
        id: "ports-healthcheck",
        section: Tr::new("Network security", "ネットワークセキュリティ"),
        title: Tr::new(
            "Drop the SSH port and add a HEALTHCHECK",
            "SSHポートを削除してHEALTHCHECKを追加する",
        ),
        brief: Tr::new(
            "The image installs an SSH server and exposes port 22 next to the application's \
             port 8080: a second way in, with its own keys and patches. Containers are entered \
             with `docker exec`, not SSH. Remove the server and the port, then add a \
             `HEALTHCHECK` so Docker can tell a hung application from a healthy one.",
            "このイメージはSSHサーバーをインストールし、アプリケーションの8080番に加えて22番ポートも\
             公開しています。鍵とパッチ管理が別に必要な、もうひとつの侵入口です。\
             コンテナにはSSHではなく `docker exec` で入ります。サーバーとポートを削除し、\
             Dockerが応答しないアプリケーションを見分けられるよう `HEALTHCHECK` を追加してください。",
        ),
        start: r#"FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server python3 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY app/ ./app/
USER 10001
EXPOSE 22 8080
CMD ["python3", "-m", "app"]
"#,
        goal_items: &["minimal-ports", "healthcheck"],
        goal_rules: &["PL501", "PL503", "PL504"],
        hints: &[
            Tr::new(
                "Take `openssh-server` out of `apt-get install`; nothing else needs it.",
                "`apt-get install` から `openssh-server` を外します。他に必要とするものはありません。",
            ),
            Tr::new(
                "`EXPOSE 8080` is enough: expose only the application's own port.",
                "`EXPOSE 8080` だけで十分です。アプリケーション自身のポートだけを公開します。",
            ),
            Tr::new(
                "There is no curl in this image, so let Python probe itself: `HEALTHCHECK \
                 --interval=30s --timeout=3s CMD [\"python3\", \"-c\", \"import urllib.request; \
                 urllib.request.urlopen('http://localhost:8080/health')\"]`.",
                "このイメージにはcurlがないので、Python自身で確認します: `HEALTHCHECK \
                 --interval=30s --timeout=3s CMD [\"python3\", \"-c\", \"import urllib.request; \
                 urllib.request.urlopen('http://localhost:8080/health')\"]`。",
            ),
        ],
        solution: r#"FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY app/ ./app/
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s \
  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8080/health')"]
CMD ["python3", "-m", "app"]
"#,
        project: None,
    },
    Exercise {
        id: "no-curl-pipe-sh",
        section: Tr::new("Base image security: trusted sources", "ベースイメージのセキュリティ: 信頼できる入手元"),
        title: Tr::new("Remove `curl | sh`", "`curl | sh` をやめる"),
        brief: Tr::new(
            "`curl … | sh` runs whatever the server sends, unchecked, with the build's \
             privileges: whoever controls that server, its CDN or the network path runs commands \
             in your image. Download a fixed release to a file, verify its SHA-256 checksum, and \
             only then install it.",
            "`curl … | sh` はサーバーが返したものを検証せずに、ビルドの権限で実行します。\
             そのサーバー、CDN、通信経路を握った人があなたのイメージでコマンドを実行できます。\
             固定したリリースをファイルにダウンロードし、SHA-256チェックサムを検証してから\
             インストールしてください。",
        ),
        start: r#"FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://get.example.com/install.sh | sh
USER 10001
HEALTHCHECK CMD ["tool", "--version"]
CMD ["tool", "serve"]
"#,
        goal_items: &["verified-downloads"],
        goal_rules: &["PL801", "PL802"],
        hints: &[
            Tr::new(
                "Download a versioned release archive instead of an installer script: \
                 `curl -fsSLo /tmp/tool.tar.gz https://downloads.example.com/tool/v1.4.2/tool-linux-amd64.tar.gz`.",
                "インストーラースクリプトではなく、バージョン付きのリリースアーカイブをダウンロードします: \
                 `curl -fsSLo /tmp/tool.tar.gz https://downloads.example.com/tool/v1.4.2/tool-linux-amd64.tar.gz`。",
            ),
            Tr::new(
                "Check it in the same `RUN`: `echo \"<sha256>  /tmp/tool.tar.gz\" | sha256sum -c -`. \
                 The build stops when the file differs.",
                "同じ `RUN` の中で検証します: `echo \"<sha256>  /tmp/tool.tar.gz\" | sha256sum -c -`。\
                 ファイルが違えばビルドが止まります。",
            ),
            Tr::new(
                "Then unpack the binary into `/usr/local/bin` and remove the archive.",
                "その後バイナリを `/usr/local/bin` に展開し、アーカイブを削除します。",
            ),
        ],
        solution: r#"FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
# The checksum published with the release (example value).
ARG TOOL_SHA256=5d41402abc4b2a76b9719d911017c592ae2d1ac8a8c5b6e6f7a1e2b3c4d5e6f7
RUN curl -fsSLo /tmp/tool.tar.gz https://downloads.example.com/tool/v1.4.2/tool-linux-amd64.tar.gz \
    && echo "${TOOL_SHA256}  /tmp/tool.tar.gz" | sha256sum -c - \
    && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin tool \
    && rm /tmp/tool.tar.gz
USER 10001
HEALTHCHECK CMD ["tool", "--version"]
CMD ["tool", "serve"]
"#,
        project: None,
    },
    Exercise {
        id: "clean-caches",
        section: Tr::new("Vulnerability scanning: package updates", "脆弱性スキャン: パッケージの更新"),
        title: Tr::new("Clean package caches", "パッケージキャッシュを削除する"),
        brief: Tr::new(
            "Every `RUN` is a layer, and files deleted in a later layer still ship. Here the apt \
             package lists, recommended packages nobody asked for and pip's download cache all \
             stay in the image: size for nothing, and more packages for the scanner to flag. \
             Update and install in one `RUN`, skip recommends, remove the lists in that same \
             `RUN`, and tell pip not to keep its cache.",
            "`RUN` はそれぞれレイヤーになり、後のレイヤーで削除したファイルも出荷されます。\
             ここではaptのパッケージリスト、頼んでいない推奨パッケージ、pipのダウンロードキャッシュが\
             すべてイメージに残っています。無駄なサイズであり、スキャナーが指摘するパッケージも増えます。\
             更新とインストールをひとつの `RUN` にまとめ、推奨パッケージを入れず、同じ `RUN` で\
             リストを削除し、pipにはキャッシュを残さないよう指示してください。",
        ),
        start: r#"FROM python:3.12-slim-bookworm
RUN apt-get update
RUN apt-get install -y libpq5 curl
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY app/ ./app/
USER 10001
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8000/health"]
CMD ["python", "-m", "app"]
"#,
        goal_items: &["unneeded-packages-removed"],
        goal_rules: &["PL301", "PL303", "PL304", "PL310"],
        hints: &[
            Tr::new(
                "Join the two apt lines: `RUN apt-get update && apt-get install -y …`, so the \
                 index is never cached apart from the install.",
                "2つのaptの行を `RUN apt-get update && apt-get install -y …` にまとめ、\
                 インデックスがインストールと別にキャッシュされないようにします。",
            ),
            Tr::new(
                "Add `--no-install-recommends`, and end that `RUN` with \
                 `&& rm -rf /var/lib/apt/lists/*`.",
                "`--no-install-recommends` を付け、その `RUN` の最後に \
                 `&& rm -rf /var/lib/apt/lists/*` を追加します。",
            ),
            Tr::new(
                "`pip install --no-cache-dir -r requirements.txt` keeps nothing in `~/.cache/pip`.",
                "`pip install --no-cache-dir -r requirements.txt` なら `~/.cache/pip` に何も残りません。",
            ),
        ],
        solution: r#"FROM python:3.12-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ ./app/
USER 10001
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8000/health"]
CMD ["python", "-m", "app"]
"#,
        project: None,
    },
    Exercise {
        id: "file-permissions",
        section: Tr::new("File system security", "ファイルシステムセキュリティ"),
        title: Tr::new(
            "Read-only friendly file permissions",
            "読み取り専用に向いたファイル権限",
        ),
        brief: Tr::new(
            "`chmod -R 777` lets any process in the container rewrite the application, and the \
             setuid bit turns a script into a way to gain its owner's rights. Give the code \
             read and execute permissions only, keep one writable directory for logs owned by \
             the application user, and drop the setuid bit. Then the container can run with \
             `docker run --read-only --tmpfs /tmp`.",
            "`chmod -R 777` はコンテナ内のどのプロセスにもアプリケーションの書き換えを許し、\
             setuidビットはスクリプトを所有者の権限を得る手段に変えます。コードには読み取りと実行の\
             権限だけを与え、書き込み可能なのはアプリケーションユーザーが所有するログ用ディレクトリ\
             ひとつに限り、setuidビットは付けないでください。そうすれば \
             `docker run --read-only --tmpfs /tmp` で実行できます。",
        ),
        start: r#"FROM node:20.11-alpine3.19
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src/ ./src/
RUN chmod -R 777 /app && chmod u+s /app/src/server.js
USER 1000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        goal_items: &["read-only-root-filesystem"],
        goal_rules: &["PL701", "PL706"],
        hints: &[
            Tr::new(
                "`COPY --chmod=555 src/ ./src/` copies the code as read and execute only, owned by \
                 root: the running user cannot change it.",
                "`COPY --chmod=555 src/ ./src/` ならコードは読み取りと実行のみ、所有者はrootで\
                 コピーされ、実行ユーザーは変更できません。",
            ),
            Tr::new(
                "Only the log directory needs writing: \
                 `RUN mkdir -p /app/logs && chown 1000:1000 /app/logs && chmod 700 /app/logs`.",
                "書き込みが必要なのはログディレクトリだけです: \
                 `RUN mkdir -p /app/logs && chown 1000:1000 /app/logs && chmod 700 /app/logs`。",
            ),
            Tr::new(
                "Remove `chmod u+s` entirely: a Node.js script never needs setuid.",
                "`chmod u+s` は丸ごと削除します。Node.jsのスクリプトにsetuidは不要です。",
            ),
        ],
        solution: r#"FROM node:20.11-alpine3.19
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --chmod=555 src/ ./src/
RUN mkdir -p /app/logs && chown 1000:1000 /app/logs && chmod 700 /app/logs
USER 1000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        project: None,
    },
    Exercise {
        id: "compose-read-only",
        section: Tr::new(
            "File system security: read-only root file system",
            "ファイルシステムセキュリティ: 読み取り専用ルートファイルシステム",
        ),
        title: Tr::new(
            "Run the Compose service with a read-only root file system",
            "Compose のサービスを読み取り専用のルートファイルシステムで動かす",
        ),
        brief: Tr::new(
            "The Dockerfile is in good shape, but the `compose.yaml` that runs it leaves the \
             container's root file system writable: an attacker who gets code execution can \
             change the application's files or drop tools into the image's directories. Make \
             the `web` service's root file system read-only, and give it a `tmpfs` where it \
             really writes (`/tmp`).",
            "Dockerfile は問題ありませんが、それを動かす `compose.yaml` ではコンテナのルート\
             ファイルシステムが書き込み可能なままです。コードを実行できた攻撃者は、アプリケーションの\
             ファイルを書き換えたり、イメージのディレクトリにツールを置いたりできます。`web` サービスの\
             ルートファイルシステムを読み取り専用にし、実際に書き込む場所（`/tmp`）には `tmpfs` を\
             用意してください。",
        ),
        start: PROJECT_NODE_DOCKERFILE,
        goal_items: &["read-only-root-filesystem"],
        goal_rules: &["PLC701"],
        hints: &[
            Tr::new(
                "In Compose, `read_only: true` on a service is `docker run --read-only`.",
                "Compose ではサービスの `read_only: true` が `docker run --read-only` に当たります。",
            ),
            Tr::new(
                "Most applications still write temporary files: add `tmpfs:` with `- /tmp` under \
                 the same service, so those writes go to memory and vanish with the container.",
                "多くのアプリケーションは一時ファイルを書きます。同じサービスに `tmpfs:` と `- /tmp` を\
                 追加すると、その書き込みはメモリに置かれ、コンテナと一緒に消えます。",
            ),
        ],
        solution: PROJECT_NODE_DOCKERFILE,
        project: Some(ExerciseProject {
            files: &[ExerciseFile {
                path: "compose.yaml",
                start: r#"services:
  web:
    build: .
    ports:
      - "127.0.0.1:3000:3000"
    environment:
      NODE_ENV: production
"#,
                solution: r#"services:
  web:
    build: .
    read_only: true
    tmpfs:
      - /tmp
    ports:
      - "127.0.0.1:3000:3000"
    environment:
      NODE_ENV: production
"#,
            }],
            context: &[],
        }),
    },
    Exercise {
        id: "compose-capabilities-limits",
        section: Tr::new(
            "Security checklist: run time",
            "セキュリティチェックリスト: 実行時",
        ),
        title: Tr::new(
            "Drop capabilities and set resource limits",
            "ケーパビリティを外し、リソース制限を設定する",
        ),
        brief: Tr::new(
            "The `worker` service runs with Docker's default capabilities, may gain privileges \
             through setuid programs, and has no limits: one runaway job can take the host's \
             memory and processes. Drop every capability, forbid new privileges, and cap its \
             memory, CPU and number of processes.",
            "`worker` サービスは Docker の既定のケーパビリティのまま動き、setuid プログラムで権限を\
             得ることができ、リソースの制限もありません。暴走したジョブひとつでホストのメモリやプロセスを\
             使い切れます。ケーパビリティをすべて外し、新しい権限の取得を禁止し、メモリ・CPU・\
             プロセス数に上限を設けてください。",
        ),
        start: PROJECT_NODE_DOCKERFILE,
        goal_items: &["resource-limits"],
        goal_rules: &["PLC001", "PLC104", "PLC105"],
        hints: &[
            Tr::new(
                "`cap_drop: [ALL]` removes every capability; a Node.js worker that listens on a \
                 port above 1024 needs none back.",
                "`cap_drop: [ALL]` ですべてのケーパビリティを外せます。1024 より大きいポートで待ち受ける\
                 Node.js のワーカーには、戻すべきものはありません。",
            ),
            Tr::new(
                "`security_opt: [\"no-new-privileges:true\"]` stops setuid programs from raising \
                 privileges.",
                "`security_opt: [\"no-new-privileges:true\"]` で setuid プログラムによる権限の昇格を\
                 止められます。",
            ),
            Tr::new(
                "Limits go under `deploy.resources.limits`: `memory: 512M`, `cpus: \"0.5\"`, \
                 `pids: 100`.",
                "制限は `deploy.resources.limits` の下に書きます: `memory: 512M`、`cpus: \"0.5\"`、\
                 `pids: 100`。",
            ),
        ],
        solution: PROJECT_NODE_DOCKERFILE,
        project: Some(ExerciseProject {
            files: &[ExerciseFile {
                path: "compose.yaml",
                start: r#"services:
  worker:
    build: .
    read_only: true
    tmpfs:
      - /tmp
    environment:
      QUEUE_URL: redis://queue:6379
"#,
                solution: r#"services:
  worker:
    build: .
    read_only: true
    tmpfs:
      - /tmp
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
    deploy:
      resources:
        limits:
          memory: 512M
          cpus: "0.5"
          pids: 100
    environment:
      QUEUE_URL: redis://queue:6379
"#,
            }],
            context: &[],
        }),
    },
    Exercise {
        id: "dockerignore-secrets",
        section: Tr::new(
            "Secrets management: COPY of secret files",
            "シークレット管理: シークレットファイルの COPY",
        ),
        title: Tr::new(
            "Keep secret files out of `COPY . .` with `.dockerignore`",
            "`.dockerignore` でシークレットファイルを `COPY . .` から外す",
        ),
        brief: Tr::new(
            "`COPY . .` copies the whole build context, and this project's context holds a \
             `.env` with the database password, the Git history and an AWS credentials file. \
             The `.dockerignore` only leaves out Python's caches. Add the patterns that keep \
             the secrets (and `.git`) out of the image, at any depth.",
            "`COPY . .` はビルドコンテキスト全体をコピーします。このプロジェクトのコンテキストには、\
             データベースのパスワードを含む `.env`、Git の履歴、AWS の認証情報ファイルがあります。\
             `.dockerignore` は Python のキャッシュしか除外していません。シークレット（と `.git`）を\
             どの階層にあってもイメージに入れないパターンを追加してください。",
        ),
        start: PROJECT_PYTHON_DOCKERFILE,
        goal_items: &["dockerignore", "no-secrets-in-image"],
        goal_rules: &["PL420"],
        hints: &[
            Tr::new(
                "A pattern without a slash matches only at the context root: `.env` misses \
                 `config/.env`. `**/.env` matches at every depth.",
                "スラッシュを含まないパターンはコンテキストのルートにしか一致しません。`.env` では \
                 `config/.env` を外せません。`**/.env` ならどの階層でも一致します。",
            ),
            Tr::new(
                "Excluding a directory excludes everything in it: `.git` and `**/.aws` are enough \
                 for the history and the credentials.",
                "ディレクトリを除外すると中身もすべて除外されます。履歴と認証情報には `.git` と \
                 `**/.aws` で足ります。",
            ),
        ],
        solution: PROJECT_PYTHON_DOCKERFILE,
        project: Some(ExerciseProject {
            files: &[ExerciseFile {
                path: ".dockerignore",
                start: "__pycache__\n*.pyc\n",
                solution: "__pycache__\n*.pyc\n.git\n**/.env\n**/.aws\n",
            }],
            context: &[
                ".env",
                ".git",
                ".git/HEAD",
                ".git/config",
                ".aws",
                ".aws/credentials",
                "app",
                "app/__init__.py",
                "app/views.py",
                "requirements.txt",
            ],
        }),
    },
    Exercise {
        id: "ci-scan-gate",
        section: Tr::new(
            "Vulnerability scanning: automatic scans in GitHub Actions",
            "脆弱性スキャン: GitHub Actions での自動スキャン",
        ),
        title: Tr::new(
            "Make the CI scan fail on CRITICAL and HIGH vulnerabilities",
            "CI のスキャンが CRITICAL と HIGH の脆弱性で失敗するようにする",
        ),
        brief: Tr::new(
            "The workflow builds the image and scans it with Trivy, but the scan step always \
             succeeds: a report nobody reads stops nothing. Make the step fail the pipeline when \
             it finds CRITICAL or HIGH vulnerabilities, before the image goes anywhere.",
            "このワークフローはイメージをビルドして Trivy でスキャンしますが、スキャンのステップは\
             常に成功します。誰も読まないレポートでは何も止められません。CRITICAL か HIGH の脆弱性が\
             見つかったらパイプラインを失敗させ、イメージがどこにも出ないようにしてください。",
        ),
        start: PROJECT_NODE_DOCKERFILE,
        goal_items: &["scan-in-ci"],
        goal_rules: &["PLW301"],
        hints: &[
            Tr::new(
                "`trivy-action` exits with 0 whatever it finds unless `exit-code` says otherwise.",
                "`trivy-action` は `exit-code` を指定しない限り、何が見つかっても 0 で終了します。",
            ),
            Tr::new(
                "Under the step's `with:`, set `exit-code: '1'` and `severity: CRITICAL,HIGH`.",
                "ステップの `with:` に `exit-code: '1'` と `severity: CRITICAL,HIGH` を設定します。",
            ),
        ],
        solution: PROJECT_NODE_DOCKERFILE,
        project: Some(ExerciseProject {
            files: &[ExerciseFile {
                path: ".github/workflows/image.yml",
                start: r#"name: image
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: Build image
        run: docker build -t myapp:${{ github.sha }} .
      - name: Scan image
        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0
        with:
          image-ref: myapp:${{ github.sha }}
"#,
                solution: r#"name: image
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: Build image
        run: docker build -t myapp:${{ github.sha }} .
      - name: Scan image
        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0
        with:
          image-ref: myapp:${{ github.sha }}
          exit-code: '1'
          severity: CRITICAL,HIGH
"#,
            }],
            context: &[],
        }),
    },
];

/// The Dockerfile of the project exercises on a Node.js service: already
/// in good shape, so the exercise is about the files around it.
const PROJECT_NODE_DOCKERFILE: &str = r#"FROM node:20.11-alpine3.19@sha256:6fc2e4a8d5c2ad0e0c6a9f6c1b0dc2e4e1c0e7f3d8f9a4b1c2d3e4f5a6b7c8d9
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY src/ ./src/
USER 1001
EXPOSE 3000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#;

/// The Dockerfile of the `.dockerignore` exercise: it copies the whole
/// build context.
const PROJECT_PYTHON_DOCKERFILE: &str = r#"FROM python:3.12.4-slim-bookworm@sha256:2fba8e70a87bcc9f6edd20dda0a1d4adb32046d2a9dd5e3b7e00ba5a8c6ae1a6
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 10001
EXPOSE 8000
HEALTHCHECK CMD ["python", "-m", "app.healthcheck"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:create_app()"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_start_fails_and_every_solution_passes() {
        for exercise in all() {
            let start = exercise.attempt(&exercise.start_files()).progress;
            assert!(
                !start.done,
                "{}: the starting Dockerfile already meets the goal",
                exercise.id
            );
            assert!(!start.has_errors, "{}: the start has errors", exercise.id);
            // Each goal entry should be something the exercise teaches:
            // at least one of them is open at the start.
            assert!(start.goals.iter().any(|goal| !goal.met), "{}", exercise.id);
            let Attempt {
                report,
                others,
                progress: solution,
            } = exercise.attempt(&exercise.solution_files());
            assert!(
                solution.done,
                "{}: the solution does not meet the goal: {:?}\n{:#?}",
                exercise.id,
                solution.goals.iter().filter(|g| !g.met).collect::<Vec<_>>(),
                report
                    .active_findings()
                    .chain(others.iter().flat_map(|file| &file.findings))
                    .map(|f| f.rule)
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_issue_asks_for_these_exercises() {
        for id in [
            "non-root",
            "pin-base-image",
            "build-secret",
            "multi-stage",
            "ports-healthcheck",
            "no-curl-pipe-sh",
            "clean-caches",
            "file-permissions",
            // Project exercises (issue 16).
            "compose-read-only",
            "compose-capabilities-limits",
            "dockerignore-secrets",
            "ci-scan-gate",
        ] {
            assert!(by_id(id).is_some(), "missing exercise {id}");
        }
    }

    #[test]
    fn goals_name_real_items_and_rules() {
        let items: Vec<&str> = crate::checklist::ids().collect();
        for exercise in all() {
            assert!(
                !exercise.goal_items.is_empty() || !exercise.goal_rules.is_empty(),
                "{}: empty goal",
                exercise.id
            );
            for id in exercise.goal_items {
                assert!(items.contains(id), "{}: unknown item {id}", exercise.id);
            }
            for code in exercise.goal_rules {
                assert!(
                    crate::rules::Rule::by_code(code).is_some(),
                    "{}: unknown rule {code}",
                    exercise.id
                );
            }
        }
    }

    #[test]
    fn ids_are_unique_url_safe_and_texts_bilingual() {
        let mut seen = std::collections::BTreeSet::new();
        for exercise in all() {
            assert!(seen.insert(exercise.id), "duplicate id {}", exercise.id);
            assert!(exercise
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            assert!(exercise.hints.len() >= 2, "{}: too few hints", exercise.id);
            for text in [exercise.section, exercise.title, exercise.brief]
                .iter()
                .chain(exercise.hints)
            {
                assert!(!text.en.trim().is_empty() && !text.ja.trim().is_empty());
                assert_ne!(text.en, text.ja, "{}: untranslated text", exercise.id);
            }
            for (start, solution) in exercise.start_files().iter().zip(exercise.solution_files()) {
                assert_eq!(start.0, solution.0);
                assert!(start.1.ends_with('\n') && solution.1.ends_with('\n'));
            }
        }
    }

    #[test]
    fn goal_findings_point_at_the_mistake() {
        let exercise = by_id("non-root").unwrap();
        let (report, progress) = exercise.check(exercise.start);
        let open: Vec<&str> = progress
            .goals
            .iter()
            .filter(|goal| !goal.met)
            .flat_map(|goal| goal.findings.iter().map(|&i| report.findings[i].rule))
            .collect();
        assert!(open.contains(&"PL101"), "{open:?}");
    }

    #[test]
    fn project_goals_name_the_file_that_keeps_them_open() {
        for (id, file, rule) in [
            ("compose-read-only", "compose.yaml", "PLC701"),
            ("compose-capabilities-limits", "compose.yaml", "PLC104"),
            ("ci-scan-gate", ".github/workflows/image.yml", "PLW301"),
        ] {
            let exercise = by_id(id).unwrap();
            let start = exercise.attempt(&exercise.start_files());
            let goal = start
                .progress
                .goals
                .iter()
                .find(|goal| goal.id == rule)
                .unwrap();
            assert!(!goal.met && goal.findings.is_empty(), "{id}: {goal:?}");
            let open = &goal.elsewhere[0];
            assert_eq!(open.file, file, "{id}");
            assert_eq!(start.finding_elsewhere(open).unwrap().rule, rule, "{id}");
            // Every item goal is decided by that file once solved.
            let report = exercise.attempt(&exercise.solution_files()).report;
            for item in exercise.goal_items {
                let item = report
                    .checklist
                    .items
                    .iter()
                    .find(|i| i.id == *item)
                    .unwrap();
                assert_eq!(item.status, Status::Pass, "{id}: {}", item.id);
                assert!(
                    item.decided_by.iter().any(|path| path == file),
                    "{id}: {:?}",
                    item.decided_by
                );
            }
        }
        // The .dockerignore exercise: the COPY in the Dockerfile is what
        // lets the secrets in, and the ignore file decides the item.
        let exercise = by_id("dockerignore-secrets").unwrap();
        let Attempt {
            report, progress, ..
        } = exercise.attempt(&exercise.start_files());
        let goal = progress
            .goals
            .iter()
            .find(|goal| goal.id == "PL420")
            .unwrap();
        let finding = &report.findings[goal.findings[0]];
        assert!(
            finding.message.en.contains(".env"),
            "{}",
            finding.message.en
        );
        let report = exercise.attempt(&exercise.solution_files()).report;
        let item = report
            .checklist
            .items
            .iter()
            .find(|i| i.id == "dockerignore")
            .unwrap();
        assert!(
            item.decided_by.iter().any(|path| path == ".dockerignore"),
            "{:?}",
            item.decided_by
        );
    }

    #[test]
    fn a_broken_companion_is_never_done() {
        let exercise = by_id("compose-read-only").unwrap();
        let mut files = exercise.solution_files();
        files[1].1.push_str("  bad: [\n");
        let progress = exercise.attempt(&files).progress;
        assert!(progress.has_errors && !progress.done);
    }

    #[test]
    fn a_broken_dockerfile_is_never_done() {
        let exercise = by_id("non-root").unwrap();
        let (_, progress) = exercise.check("FROM\nUSER 1001\n");
        assert!(!progress.done);
    }
}
