//! Workshop exercises built on the seed document's sections: each one starts
//! from a Dockerfile with one kind of mistake, states its goal as checklist
//! items and rule codes that must end with no finding, reveals hints one by
//! one and carries a reference solution. The tests at the bottom run every
//! start and every solution through [`crate::check`], so an exercise cannot
//! rot when the rules change.

use serde::Serialize;

use crate::checklist::Status;
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
        let mut goals = Vec::new();
        for id in self.goal_items {
            let item = report.checklist.items.iter().find(|item| item.id == *id);
            let (title, findings) = match item {
                Some(item) => (item.title.clone(), item.findings.clone()),
                None => (Text::new(*id, *id), Vec::new()),
            };
            // Manual items (read-only file system, .dockerignore) cannot pass
            // from a Dockerfile alone: their goal is "no finding left".
            let met = item.is_some_and(|item| {
                matches!(item.status, Status::Pass | Status::Manual) && findings.is_empty()
            });
            goals.push(GoalStatus {
                kind: GoalKind::Item,
                id,
                title,
                met,
                findings,
            });
        }
        for code in self.goal_rules {
            let findings: Vec<usize> = report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, finding)| finding.suppressed.is_none() && finding.rule == *code)
                .map(|(index, _)| index)
                .collect();
            let title = crate::rules::Rule::by_code(code)
                .map(|rule| rule.title())
                .unwrap_or_else(|| Text::new(*code, *code));
            goals.push(GoalStatus {
                kind: GoalKind::Rule,
                id: code,
                title,
                met: findings.is_empty(),
                findings,
            });
        }
        let has_errors = !report.errors.is_empty();
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
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_start_fails_and_every_solution_passes() {
        for exercise in all() {
            let (_, start) = exercise.check(exercise.start);
            assert!(
                !start.done,
                "{}: the starting Dockerfile already meets the goal",
                exercise.id
            );
            assert!(!start.has_errors, "{}: the start has errors", exercise.id);
            // Each goal entry should be something the exercise teaches:
            // at least one of them is open at the start.
            assert!(start.goals.iter().any(|goal| !goal.met), "{}", exercise.id);
            let (report, solution) = exercise.check(exercise.solution);
            assert!(
                solution.done,
                "{}: the solution does not meet the goal: {:?}\n{:#?}",
                exercise.id,
                solution.goals.iter().filter(|g| !g.met).collect::<Vec<_>>(),
                report.active_findings().map(|f| f.rule).collect::<Vec<_>>()
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
            assert!(exercise.start.ends_with('\n') && exercise.solution.ends_with('\n'));
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
    fn a_broken_dockerfile_is_never_done() {
        let exercise = by_id("non-root").unwrap();
        let (_, progress) = exercise.check("FROM\nUSER 1001\n");
        assert!(!progress.done);
    }
}
