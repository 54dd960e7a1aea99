//! Focused true- and false-positive cases for the base image (PL201-PL207),
//! minimal image (PL6xx) and supply chain (PL8xx) rules, many taken from
//! the peers' issue trackers.

mod support;

use plimsoll_core::{check, Settings, Severity};
use support::{
    findings, findings_with, fixed, lines, message, messages, places_lines, rated, spans,
};

/// The lines (1-based) of every place `code` fires on with `settings`.
fn lines_with(source: &str, code: &str, settings: &Settings) -> Vec<u32> {
    places_lines(&findings_with(source, code, settings))
}

fn trusted(registries: &[&str]) -> Settings {
    Settings {
        trusted_registries: registries.iter().map(|entry| entry.to_string()).collect(),
        ..Settings::default()
    }
}

const DIGEST: &str = "sha256:0d8e9e4d33a3a1c2b8b74b4e3b8ab5ab8b8a7d6f3d2b1e4a5c6d7e8f9a0b1c2d";

// ----- PL201 -----

#[test]
fn pl201_variant_tags_float_like_latest() {
    let source = "FROM python:slim\nFROM node:alpine\nFROM nginx:mainline-alpine\nFROM debian:stable-slim\nFROM rust:nightly-bookworm\n";
    assert_eq!(
        spans(source, "PL201"),
        [
            "slim",
            "alpine",
            "mainline-alpine",
            "stable-slim",
            "nightly-bookworm"
        ]
    );
    assert_eq!(
        message("FROM node:alpine\n", "PL201"),
        "`node:alpine` names only the variant `alpine` and no version, so like `latest` it moves to every new release; pin a version such as `node:<version>-alpine`"
    );
    // Versions, distribution codenames and Node.js release lines pin.
    let pinned = "FROM python:3.13-slim\nFROM debian:bookworm-slim\nFROM ubuntu:noble\nFROM buildpack-deps:trixie-scm\nFROM node:carbon\nFROM alpine:3.20\n";
    assert!(lines(pinned, "PL201").is_empty());
    assert_eq!(lines("FROM node:bookworm\n", "PL201"), [1]);
    // Old release names, and distroless repositories named for their release.
    let released =
        "FROM ubuntu:trusty\nFROM debian:wheezy\nFROM gcr.io/distroless/static-debian12:nonroot\nFROM gcr.io/distroless/cc-debian13\nFROM ubuntu:resolute\n";
    assert!(lines(released, "PL201").is_empty());
    // Other makers' operating system bases name the release the same way;
    // a codename on a language image still floats with the language.
    let os_bases = "FROM mcr.microsoft.com/devcontainers/base:trixie\nFROM ghcr.io/linuxserver/baseimage-ubuntu:resolute\nFROM balenalib/raspberrypi3-debian:bookworm-run\nFROM mcr.microsoft.com/devcontainers/python:bookworm\nFROM someone/base:slim\n";
    assert_eq!(lines(os_bases, "PL201"), [4, 5]);
    // ROS distributions are releases; `rolling` moves.
    assert!(lines(
        "FROM osrf/ros:jazzy-desktop-full\nFROM ros:noetic\n",
        "PL201"
    )
    .is_empty());
    assert_eq!(lines("FROM osrf/ros:rolling-desktop\n", "PL201"), [1]);
    // Distroless has no version tags: the release goes in the name.
    assert_eq!(
        message("FROM gcr.io/distroless/static:nonroot\n", "PL201"),
        "`gcr.io/distroless/static:nonroot` names no Debian release, so it moves to the next one when distroless does (distroless publishes no version tags); name the release, such as `gcr.io/distroless/static-debian12:nonroot`, and pin its digest"
    );
    assert!(message("FROM gcr.io/distroless/base\n", "PL201")
        .contains("such as `gcr.io/distroless/base-debian12:latest`"));
    // The suggested tag drops the release channel the version replaces.
    for (source, pinned) in [
        ("FROM node:lts-alpine\n", "`node:<version>-alpine`"),
        ("FROM nginx:mainline-alpine\n", "`nginx:<version>-alpine`"),
        ("FROM debian:stable\n", "`debian:<version>`"),
    ] {
        assert!(
            message(source, "PL201").ends_with(&format!("pin a version such as {pinned}")),
            "{source}"
        );
    }
}

#[test]
fn pl201_keeps_the_full_image_name() {
    assert_eq!(
        message("FROM prom/busybox\n", "PL201"),
        "`prom/busybox` has no tag, so it means `latest` and moves to a new image without notice; pin a version such as `prom/busybox:<version>`"
    );
    assert!(
        message("FROM registry.example.com/team/app:latest\n", "PL201")
            .ends_with("pin a version such as `registry.example.com/team/app:<version>`")
    );
}

#[test]
fn pl201_pl202_judge_images_copied_or_mounted_from() {
    let source = format!(
        "FROM golang:1.22@{DIGEST} AS build\nCOPY --from=composer:latest /usr/bin/composer /usr/bin/\nRUN --mount=from=prom/busybox,source=/bin,target=/b ls /b\nCOPY --from=build /out /out\nCOPY --from=ghcr.io/astral-sh/uv:0.5.1@{DIGEST} /uv /bin/\nCOPY --from=templates /t /t\n"
    );
    assert_eq!(
        spans(&source, "PL201"),
        ["latest", "--mount=from=prom/busybox,source=/bin,target=/b"]
    );
    assert_eq!(lines(&source, "PL202"), [2, 3]);
    assert!(message("FROM alpine:3.20@sha256:0d8e9e4d33a3a1c2b8b74b4e3b8ab5ab8b8a7d6f3d2b1e4a5c6d7e8f9a0b1c2d\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n", "PL202")
        .starts_with("`nginx:1.27` is not pinned by digest"));
}

// ----- PL202 -----

#[test]
fn pl202_every_external_base_but_not_scratch_stages_or_digests() {
    let source = format!(
        "FROM golang:1.22 AS build\nFROM build AS test\nFROM scratch\nFROM alpine:3.20@{DIGEST}\nFROM $UNSET\n"
    );
    assert_eq!(lines(&source, "PL202"), [1]);
}

#[test]
fn pl202_resolves_build_arguments() {
    let source =
        format!("ARG BASE=node:20@{DIGEST}\nARG OTHER=node:20\nFROM ${{BASE}}\nFROM $OTHER\n");
    let report = check(&source, &Settings::default());
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "PL202")
        .collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].message.en.contains("`$OTHER` (`node:20`)"));
}

// ----- PL203 -----

#[test]
fn pl203_only_with_a_policy_and_for_every_image_source() {
    let source = "FROM node:20\nCOPY --from=quay.io/a/b:1 /x /x\nRUN --mount=from=ghcr.io/c/d:1,target=/m true\nFROM registry.example.com/base:1\n";
    assert!(lines(source, "PL203").is_empty());
    assert_eq!(
        lines_with(source, "PL203", &trusted(&["*.example.com"])),
        [1, 2, 3]
    );
    assert_eq!(
        lines_with(
            source,
            "PL203",
            &trusted(&["docker.io", "*.example.com", "quay.io/a"])
        ),
        [3]
    );
}

// ----- PL204 -----

#[test]
fn pl204_final_root_base_only() {
    let source = "FROM random-user/tool:1 AS tool\nFROM node:20-alpine AS base\nFROM base\nCOPY --from=tool /t /t\n";
    assert!(lines(source, "PL204").is_empty());
    let source = "FROM random-user/node:20 AS base\nFROM base\n";
    assert_eq!(lines(source, "PL204"), [1]);
    for vendor in [
        "gcr.io/distroless/static-debian12",
        "mcr.microsoft.com/dotnet/aspnet:8.0",
        "registry.access.redhat.com/ubi9/ubi-minimal",
        "cgr.dev/chainguard/static",
        "docker.io/library/node:20",
        "scratch",
    ] {
        assert!(
            lines(&format!("FROM {vendor}\n"), "PL204").is_empty(),
            "{vendor}"
        );
    }
    assert!(lines_with(
        "FROM random-user/node:20\n",
        "PL204",
        &trusted(&["docker.io"])
    )
    .is_empty());
}

// ----- PL205 -----

#[test]
fn pl205_syntax_directive() {
    assert_eq!(
        spans("# syntax=docker/dockerfile:1.7\nFROM scratch\n", "PL205"),
        ["docker/dockerfile:1.7"]
    );
    let pinned = format!("# syntax=docker/dockerfile:1@{DIGEST}\nFROM scratch\n");
    assert!(lines(&pinned, "PL205").is_empty());
    assert!(lines("FROM scratch\n# syntax=docker/dockerfile:1\n", "PL205").is_empty());
}

// ----- PL206, PL207 -----

#[test]
fn pl206_constant_platform_unless_variable_or_named() {
    let source = "FROM --platform=linux/amd64 alpine:3.20 AS build_amd64\nFROM --platform=linux/arm64 alpine:3.20 AS tools\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=${TARGETPLATFORM} alpine:3.20\n";
    assert_eq!(lines(source, "PL206"), [2]);
    assert_eq!(lines(source, "PL207"), [4]);
}

#[test]
fn pl207_fix_removes_the_flag() {
    let source = "FROM --platform=$TARGETPLATFORM alpine:3.20 AS app\n";
    let after = fixed(source, "PL207");
    assert_eq!(after, "FROM alpine:3.20 AS app\n");
    assert!(lines(&after, "PL207").is_empty());
}

// ----- PL601 -----

#[test]
fn pl601_final_stage_only() {
    let builder = "FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y gcc make\nFROM python:3.12-slim\nCOPY --from=build /w /w\n";
    assert!(lines(builder, "PL601").is_empty());
    let inherited =
        "FROM alpine:3.20 AS base\nRUN apk add --no-cache build-base\nFROM base\nCMD [\"/app\"]\n";
    assert_eq!(lines(inherited, "PL601"), [2]);
    // Build tools belong in a build or test image and in a base for other
    // images (no command of its own, or only a prompt).
    for purpose in [
        "FROM alpine:3.20 AS builder\nRUN apk add --no-cache build-base\n",
        "FROM alpine:3.20 AS test\nRUN apk add --no-cache build-base\nCMD [\"./run\"]\n",
        "FROM alpine:3.20\nRUN apk add --no-cache build-base\nCMD [\"pytest\"]\n",
        "FROM alpine:3.20\nRUN apk add --no-cache build-base\n",
        "FROM alpine:3.20\nRUN apk add --no-cache build-base\nCMD [\"python3\"]\n",
    ] {
        assert!(lines(purpose, "PL601").is_empty(), "{purpose}");
    }
}

#[test]
fn pl601_removed_build_dependencies_are_fine() {
    let virtual_group = "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir psutil==5.9.8 \\\n && apk del .build-deps\n";
    assert!(lines(virtual_group, "PL601").is_empty());
    let purged = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \\\n && make && apt-get purge -y --auto-remove gcc libc6-dev\n";
    assert!(lines(purged, "PL601").is_empty());
    let one_header = "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends libpq-dev=15.6-0+deb12u1\n";
    assert!(lines(one_header, "PL601").is_empty());
    let toolchain = "FROM golang:1.22\nRUN apt-get install -y gcc\n";
    assert!(lines(toolchain, "PL601").is_empty());
}

// ----- PL602 -----

#[test]
fn pl602_whole_filesystem_from_a_builder() {
    let source = "FROM alpine:3.20 AS build\nRUN apk add --no-cache git\nFROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4 AS xx\nFROM scratch AS rootfs\nCOPY --from=build /etc/ssl /etc/ssl\nFROM alpine:3.20\nCOPY --from=build / /\nCOPY --from=xx / /\nCOPY --from=rootfs / /\nCOPY --from=busybox:1.36 / /\nCOPY --from=build /app /app\n";
    assert_eq!(lines(source, "PL602"), [7]);
}

#[test]
fn pl602_every_spelling_of_the_root() {
    for root in ["/", "/.", "/*", ".", "./", "./*", "\"/\""] {
        let source = format!(
            "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build {root} /\n"
        );
        assert_eq!(spans(&source, "PL602"), [root], "{root}");
    }
    let narrow = "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/ /usr/local/bin/\nCOPY --from=build /out/app .\n";
    assert!(lines(narrow, "PL602").is_empty());
}

#[test]
fn pl602_stage_named_by_its_index() {
    let source =
        "FROM golang:1.22\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=0 / /\n";
    assert_eq!(lines(source, "PL602"), [4]);
    assert!(message(source, "PL602")
        .starts_with("`COPY --from=0 /` copies the whole file system of `0`"));
    // Index 1 is a `FROM scratch` stage: it holds only what was put there.
    let scratch = "FROM golang:1.22\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=0 /out/app /app\nFROM alpine:3.20\nCOPY --from=1 / /\n";
    assert!(lines(scratch, "PL602").is_empty());
}

#[test]
fn pl602_only_in_stages_that_reach_the_final_image() {
    // `debug` copies the builder whole but nothing is built from it; the
    // final stage is built on `runtime`, whose copy reaches the image.
    let source = "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20 AS debug\nCOPY --from=build / /\nFROM alpine:3.20 AS runtime\nCOPY --from=build / /\nFROM runtime\nCMD [\"/out/app\"]\n";
    assert_eq!(lines(source, "PL602"), [6]);
}

// ----- PL603 -----

#[test]
fn pl603_toolchain_image_that_builds() {
    assert_eq!(
        lines(
            "FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn -B package\nCMD [\"java\", \"-jar\", \"target/app.jar\"]\n",
            "PL603"
        ),
        [1]
    );
    // Without a command of its own, it is a build environment.
    assert!(lines(
        "FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn -B package\n",
        "PL603"
    )
    .is_empty());
    assert!(lines(
        "FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\n",
        "PL603"
    )
    .is_empty());
    assert!(lines("FROM golang:1.22\nRUN go version\n", "PL603").is_empty());
    assert!(lines("FROM rust:1.79 AS build\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /t /t\n", "PL603").is_empty());
    assert!(lines("FROM node:20\nRUN npm run build\n", "PL603").is_empty());
}

// ----- PL801 -----

#[test]
fn pl801_pipes_and_substitutions() {
    let source = r#"FROM debian:bookworm-slim
RUN curl -fsSL https://a.example/install.sh | sudo bash -s -- -y
RUN wget -qO- https://b.example/i.sh | sh
RUN sh -c "$(curl -fsSL https://c.example/i.sh)"
RUN bash <(curl -fsSL https://d.example/i.sh)
RUN python3 -c "$(curl -fsSL https://e.example/i.py)"
RUN curl -sSL https://f.example/get-poetry.py | python3 -
RUN eval "$(curl -fsSL https://g.example/env)"
RUN curl -fsSL https://h.example/i.sh | tee /tmp/i.sh | sh
RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer
RUN curl -fsSL https://j.example/i.pl | perl
"#;
    assert_eq!(lines(source, "PL801"), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert_eq!(
        spans(source, "PL801")[1],
        "wget -qO- https://b.example/i.sh | sh"
    );
    assert_eq!(
        message("FROM alpine:3.20\nRUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin\n", "PL801"),
        "`curl … | php` runs a script downloaded from `https://getcomposer.org/installer` without checking it, so whoever controls that server, or the connection to it, runs commands in your build; download it to a file, verify its checksum or signature, then run it"
    );
}

#[test]
fn pl801_powershell_invoke_expression_of_a_download() {
    let source = r#"FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))
RUN Invoke-WebRequest https://a.example/i.ps1 -UseBasicParsing | Invoke-Expression
RUN iex 'Write-Host https://a.example/docs'; Invoke-WebRequest https://a.example/x.zip -OutFile x.zip
"#;
    assert_eq!(spans(source, "PL801"), ["iex", "Invoke-Expression"]);
    assert!(message(
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command \"iwr https://a.example/i.ps1 | iex\"\n",
        "PL801"
    )
    .starts_with("`iex` runs a PowerShell script downloaded from `https://a.example/i.ps1`"));
}

#[test]
fn pl801_not_when_the_interpreter_runs_its_own_code() {
    let source = r#"FROM debian:bookworm-slim
RUN curl -fsSL https://a.example/data.json | python3 parse.py
RUN curl -fsSL https://a.example/data.json | python3 -c 'import json,sys; json.load(sys.stdin)'
RUN curl -fsSLo /tmp/i.sh https://a.example/i.sh | sh
RUN wget https://a.example/i.sh | sh
RUN VERSION="$(curl -fsSL https://a.example/version)" && echo "$VERSION"
RUN curl -fsSL https://a.example/key.asc | gpg --dearmor -o /usr/share/keyrings/a.gpg
RUN curl -fsSL https://a.example/data.json | php -r 'echo json_decode(stream_get_contents(STDIN))->v;'
RUN curl -fsSL https://a.example/data.json | php parse.php -- --strict
"#;
    assert!(lines(source, "PL801").is_empty());
}

// ----- PL802 -----

#[test]
fn pl802_powershell_downloads() {
    let source = r#"# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN $url = 'https://a.example/python.exe'; Invoke-WebRequest -Uri $url -OutFile 'python.exe'
RUN (New-Object System.Net.WebClient).DownloadFile('https://a.example/m.msi', 'm.msi')
RUN Start-BitsTransfer -Source https://a.example/z.zip -Destination z.zip; `
    curl.exe -o w.zip https://a.example/w.zip
RUN $sums = (Invoke-WebRequest -Uri https://a.example/SHA256SUMS -UseBasicParsing).Content
"#;
    assert_eq!(
        spans(source, "PL802"),
        [
            "$url",
            "'https://a.example/m.msi'",
            "https://a.example/z.zip",
            "https://a.example/w.zip"
        ]
    );
    assert_eq!(
        messages(source, "PL802")[0],
        "`$url` is saved as `python.exe` by `Invoke-WebRequest` without a `Get-FileHash` or signature check in this or a later RUN of the stage, so a tampered or truncated download goes into the image unnoticed; compare its hash before use, e.g. `if ((Get-FileHash python.exe -Algorithm SHA256).Hash -ne $sha256) { exit 1 }`"
    );
    // A hash compared in the same RUN or a later RUN of the stage.
    let verified = r#"FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Invoke-WebRequest -Uri https://a.example/go.zip -OutFile go.zip; if ((Get-FileHash go.zip -Algorithm sha256).Hash -ne $env:GO_SHA256) { exit 1 }
RUN iwr https://a.example/git.zip -OutFile git.zip
RUN if ((Get-FileHash git.zip).Hash -ne $env:GIT_SHA256) { exit 1 }
"#;
    assert!(lines(verified, "PL802").is_empty());
    // `RUN powershell -Command …` under the default shell.
    let wrapped = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -NoProfile -Command Invoke-WebRequest -OutFile C:\\sm.exe https://a.example/sm.exe\n";
    assert_eq!(spans(wrapped, "PL802"), ["https://a.example/sm.exe"]);
}

#[test]
fn pl802_verified_in_the_same_or_a_later_run() {
    let source = r#"FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/a.tgz https://a.example/a.tgz && echo "abc  /tmp/a.tgz" | sha256sum -c -
RUN wget -O /tmp/b.tgz https://a.example/b.tgz
RUN sha256sum -c /tmp/b.tgz.sha256
RUN curl -fsSLO https://a.example/c.tgz.asc && curl -fsSLO https://a.example/c.tgz && gpg --batch --verify c.tgz.asc c.tgz
"#;
    assert!(lines(source, "PL802").is_empty());
}

#[test]
fn pl802_downloads_without_checks() {
    let source = r#"FROM debian:bookworm-slim
RUN curl -fsSL https://a.example/a.tgz | tar -xz -C /opt
RUN curl -fsSL https://a.example/b > /usr/local/bin/b
RUN wget -q https://a.example/c.zip
RUN curl -fsSL https://a.example/d.asc -o /tmp/d.asc
RUN curl -fsS -o /dev/null -w '%{http_code}' https://a.example/health
RUN curl -X POST -d x=1 https://a.example/hook
RUN curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc
FROM debian:bookworm-slim
RUN sha256sum -c /tmp/x.sha256
"#;
    assert_eq!(lines(source, "PL802"), [2, 3, 4]);
}

#[test]
fn pl802_a_release_list_read_by_jq_is_data_and_curl_pairs_its_outputs() {
    let source = r#"FROM debian:bookworm-slim
RUN curl -sSL "https://api.github.com/repos/prometheus/prometheus/releases" -o /tmp/releases.json \
    && VERSION="$(jq -r '.[0].tag_name' /tmp/releases.json)" \
    && curl -fsSLO "https://github.com/prometheus/prometheus/releases/download/${VERSION}/prometheus.tar.gz" \
    && tar -xzf prometheus.tar.gz
"#;
    // The release list is skipped; the tarball it leads to is reported.
    assert_eq!(
        spans(source, "PL802"),
        ["\"https://github.com/prometheus/prometheus/releases/download/${VERSION}/prometheus.tar.gz\""]
    );
    // A JSON file nothing queries is a download like any other.
    let config = "FROM debian:bookworm-slim\nRUN curl -fsSL https://a.example/seccomp.json -o /etc/seccomp.json\n";
    assert_eq!(lines(config, "PL802"), [2]);
    // Each `-o` names the file of the URL in the same place.
    let two = "FROM php:8.3-apache\nRUN curl --create-dirs -o /usr/local/bin/wp https://a.example/wp-cli.phar -o /etc/bash_completion.d/wp-cli https://a.example/wp-completion.bash\n";
    let found = findings(two, "PL802");
    assert!(
        found[0]
            .message
            .en
            .starts_with("`https://a.example/wp-cli.phar` is saved as `/usr/local/bin/wp`"),
        "{}",
        found[0].message.en
    );
}

#[test]
fn pl802_a_file_pinned_to_a_commit_is_low() {
    let commit = "0123456789abcdef0123456789abcdef01234567";
    let source = format!(
        "FROM debian:bookworm-slim\nRUN curl -fsSL -o /usr/local/bin/JSON.sh https://raw.githubusercontent.com/dominictarr/JSON.sh/{commit}/JSON.sh\nRUN curl -fsSL -o /usr/local/bin/t.sh https://raw.githubusercontent.com/o/r/main/t.sh\n"
    );
    let found = support::findings(&source, "PL802");
    let rated: Vec<_> = found
        .iter()
        .map(|finding| (finding.location.start.line, finding.severity))
        .collect();
    assert_eq!(
        rated,
        [
            (2, plimsoll_core::Severity::Low),
            (3, plimsoll_core::Severity::Medium)
        ]
    );
    assert!(
        found[0].message.en.contains("names commit `0123456`"),
        "{}",
        found[0].message.en
    );
}

#[test]
fn pl802_takes_an_interpreter_hashing_the_file_as_a_check() {
    let source = r#"FROM php:8.3-cli
RUN curl -sS https://getcomposer.org/installer -o composer-setup.php \
    && php -r "if (hash_file('sha384', 'composer-setup.php') === getenv('SIG')) { echo 'ok'; } else { exit(1); }" \
    && php composer-setup.php
FROM python:3.12-slim
RUN curl -sSLo /tmp/t.tgz https://dl.example/t.tgz \
    && python3 -c "import hashlib,sys; sys.exit(hashlib.sha256(open('/tmp/t.tgz','rb').read()).hexdigest() != 'abc')"
FROM php:8.3-cli
RUN curl -sSLo /tmp/u.phar https://dl.example/u.phar && php -r "echo 'hash_file';" && php -r 'echo 1;'
"#;
    assert_eq!(lines(source, "PL802"), [9]);
}

// ----- PL803 -----

#[test]
fn pl803_plain_http_fetches() {
    let source = r#"FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/a http://a.example/a
RUN pip install --index-url=http://pypi.example/simple requests==2.32.3
RUN git clone http://git.example/repo.git
ADD http://a.example/b.tgz /tmp/
RUN curl -fsS http://localhost:8080/health http://127.0.0.1/x http://nexus:8081/x
RUN echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/bp.list
RUN echo "see http://a.example/docs" > /README
RUN svn checkout http://svn.example/repo/trunk /src && hg clone http://hg.example/repo /hg
RUN svn checkout https://svn.example/repo/trunk /src2
"#;
    assert_eq!(lines(source, "PL803"), [2, 3, 4, 5, 7, 9, 9]);
    assert_eq!(
        spans(source, "PL803")[5..],
        ["http://svn.example/repo/trunk", "http://hg.example/repo"]
    );
    let report = check(source, &Settings::default());
    let apt = report
        .findings
        .iter()
        .find(|f| f.rule == "PL803" && f.location.start.line == 7)
        .unwrap();
    assert!(apt
        .message
        .en
        .contains("checks the repository's signatures"));
}

#[test]
fn pl803_rates_low_a_download_checked_by_checksum_after_it() {
    let source = r#"FROM debian:bookworm-slim
ARG TOOL_SHA1=0123456789abcdef0123456789abcdef01234567
RUN curl -o tool.deb -sSL http://dl.example/tool.deb \
    && echo "${TOOL_SHA1} tool.deb" | sha1sum -c - \
    && apt-get install -y ./tool.deb
RUN curl -o other.tgz -sSL http://dl.example/other.tgz && tar -xzf other.tgz
FROM debian:bookworm-slim
RUN curl -o late.tgz -sSL http://dl.example/late.tgz
RUN echo "0123456789abcdef0123456789abcdef01234567 late.tgz" | sha1sum -c -
"#;
    assert_eq!(
        rated(source, "PL803"),
        [
            ("http://dl.example/tool.deb".to_string(), Severity::Low),
            ("http://dl.example/other.tgz".to_string(), Severity::High),
            ("http://dl.example/late.tgz".to_string(), Severity::Low),
        ]
    );
    assert!(messages(source, "PL803")[0].contains("the checksum or signature check that follows"));
    // A file checksum says nothing of a checkout or a package install over
    // HTTP in the same stage: those stay high.
    let checkout = r#"FROM debian:bookworm-slim
RUN svn checkout http://svn.example/repo/trunk /src
RUN git clone http://git.example/repo.git /repo
RUN pip install --index-url=http://pypi.example/simple requests==2.32.3
RUN curl -fsSLo /tmp/a.tgz https://dl.example/a.tgz && echo "0123456789abcdef0123456789abcdef01234567  /tmp/a.tgz" | sha1sum -c -
"#;
    assert!(rated(checkout, "PL803")
        .iter()
        .all(|(_, severity)| *severity == Severity::High));
    assert_eq!(rated(checkout, "PL803").len(), 3);
}

#[test]
fn pl803_reads_a_url_held_in_an_env_or_arg() {
    let source = r#"FROM alpine:3.20
ENV HAPROXY_SRC_URL=http://www.haproxy.example/download HAPROXY_MINOR=3.3.13
ARG MIRROR=http://mirror.example
RUN curl -sfSL "${HAPROXY_SRC_URL}/src/haproxy-${HAPROXY_MINOR}.tar.gz" -o haproxy.tar.gz \
    && echo "$HAPROXY_SHA256 *haproxy.tar.gz" | sha256sum -c -
RUN curl -fsSLo /tmp/tool "$MIRROR/tool"
RUN BASE=http://local.example; curl -fsSLo /tmp/x "$BASE/x"
ENV SECURE=https://dl.example
RUN curl -fsSLo /tmp/y "$SECURE/y"
"#;
    assert_eq!(
        rated(source, "PL803"),
        [
            (
                "\"${HAPROXY_SRC_URL}/src/haproxy-${HAPROXY_MINOR}.tar.gz\"".to_string(),
                Severity::Low
            ),
            ("\"$MIRROR/tool\"".to_string(), Severity::High),
        ]
    );
    assert!(messages(source, "PL803")[1]
        .starts_with("`http://mirror.example/tool` is fetched over plain HTTP"));
    // The scheme is not written here: no edit.
    assert_eq!(fixed(source, "PL803"), source);
}

#[test]
fn pl803_reads_powershell_downloads() {
    let source = r#"FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN (New-Object System.Net.WebClient).DownloadFile('http://dl.example/tools.exe', 'tools.exe')
RUN Invoke-WebRequest -Uri http://dl.example/a.zip -OutFile a.zip; Invoke-WebRequest https://dl.example/b.zip -OutFile b.zip
RUN iex ((New-Object Net.WebClient).DownloadString('http://dl.example/install.ps1'))
RUN Write-Host 'see http://dl.example/docs'
"#;
    assert_eq!(lines(source, "PL803"), [3, 4, 5]);
    assert_eq!(
        spans(source, "PL803"),
        [
            "http://dl.example/tools.exe",
            "http://dl.example/a.zip",
            "http://dl.example/install.ps1"
        ]
    );
}

#[test]
fn pl803_fix_switches_to_https() {
    let source = "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/a \"http://a.example/a\"\nADD http://a.example/b.tgz /tmp/\n";
    let after = fixed(source, "PL803");
    assert_eq!(after, "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/a \"https://a.example/a\"\nADD https://a.example/b.tgz /tmp/\n");
    assert!(lines(&after, "PL803").is_empty());
}

// ----- PL804 -----

#[test]
fn pl804_flags_settings_and_variables() {
    let source = r#"FROM node:20
ARG PIP_TRUSTED_HOST=pypi.example
ENV GIT_SSL_NO_VERIFY=1 PYTHONHTTPSVERIFY=0
RUN curl -fsSLk https://a.example/x -o /x
RUN wget --no-check-certificate https://a.example/y
RUN npm config set strict-ssl false
RUN yarn config set strict-ssl false
RUN git config --global http.sslVerify false
RUN git -c http.sslVerify=false clone https://a.example/r.git
RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci
RUN export NPM_CONFIG_STRICT_SSL=false && npm ci
RUN dnf config-manager --setopt=myrepo.sslverify=0 --save
"#;
    assert_eq!(
        lines(source, "PL804"),
        [2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    );
}

#[test]
fn pl804_not_when_verification_stays_on() {
    let source = r#"FROM node:20
ARG PIP_TRUSTED_HOST
ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1
RUN npm config set strict-ssl true
RUN git config --global http.sslVerify true
RUN curl --cacert /etc/ssl/corp.pem https://a.example/x
"#;
    assert!(lines(source, "PL804").is_empty());
}

#[test]
fn pl804_fix_removes_standalone_flags() {
    let source = "FROM debian:bookworm-slim\nRUN curl -k -fsSL https://a.example/x && pip install --trusted-host h -r r.txt\n";
    let after = fixed(source, "PL804");
    assert_eq!(
        after,
        "FROM debian:bookworm-slim\nRUN curl -fsSL https://a.example/x && pip install -r r.txt\n"
    );
}

// ----- PL805 -----

#[test]
fn pl805_signature_checks_off() {
    let source = r#"FROM debian:bookworm-slim
RUN apt-get install -y --allow-unauthenticated a
RUN apt-get -o APT::Get::AllowUnauthenticated=true install -y b
RUN echo "deb [trusted=yes] https://r.example/ ./" > /etc/apt/sources.list.d/r.list
RUN dnf install -y --nogpgcheck c
RUN rpm -ivh --nosignature /tmp/d.rpm
RUN printf '[r]\nbaseurl=https://r.example\ngpgcheck=0\n' > /etc/yum.repos.d/r.repo
COPY <<EOF /etc/yum.repos.d/s.repo
[s]
gpgcheck=0
EOF
RUN rpm --import https://r.example/key && rpm -K /tmp/e.rpm
"#;
    assert_eq!(lines(source, "PL805"), [2, 3, 4, 5, 6, 7, 10]);
}

#[test]
fn pl805_force_yes_becomes_yes() {
    let source = "FROM debian:bookworm-slim\nRUN apt-get install --force-yes a\nRUN apt-get install -y --force-yes b\n";
    assert_eq!(
        fixed(source, "PL805"),
        "FROM debian:bookworm-slim\nRUN apt-get install -y a\nRUN apt-get install -y b\n"
    );
}

#[test]
fn pl804_goinsecure_and_config_manager_spellings() {
    // Checkov's EnvGoInsecure, RunNpmConfigSetStrictSsl (`npm c`) and
    // RunYumConfigManagerSslVerify (`dnf-config-manager`) resources.
    let source = "FROM golang:1.22\nENV GOINSECURE=git.example.com\nRUN GOINSECURE=git.example.com go mod download\nENV GOINSECURE=\nRUN npm c set strict-ssl false\nRUN dnf-config-manager --save --setopt=sslverify=0\n";
    assert_eq!(lines(source, "PL804"), [2, 3, 5, 6]);
}

// ----- PL806, PL807, PL808 -----

#[test]
fn pl806_to_pl808_split_add_by_source() {
    let commit = "a".repeat(40);
    let source = format!(
        r#"FROM alpine:3.20
ARG JAR=target/app.jar
ARG UNKNOWN
ADD ${{JAR}} /app.jar
ADD ${{UNKNOWN}} /x
ADD rootfs.tar.xz /
ADD --unpack=true vendor.tgz /opt/
ADD app.zip /app.zip
ADD https://a.example/x.tgz /x.tgz
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://a.example/y /y
ADD https://github.com/a/b.git#v1.0 /src
ADD https://github.com/a/b.git#{commit} /src
ADD --keep-git-dir=true https://github.com/a/b.git#{commit} /src
add <<EOF /etc/motd
hello
EOF
"#
    );
    // `ADD ${UNKNOWN} /x` reads as a local file (KICS's `ADD ${JAR_FILE}`).
    assert_eq!(lines(&source, "PL806"), [4, 5, 8, 14]);
    assert_eq!(lines(&source, "PL807"), [9, 11]);
    assert_eq!(lines(&source, "PL808"), [6]);
}

#[test]
fn pl806_fix_keeps_case_and_flags() {
    let source = "FROM alpine:3.20\nADD --chown=1000:1000 --link app/ /srv/\nadd a b\n";
    let after = fixed(source, "PL806");
    assert_eq!(
        after,
        "FROM alpine:3.20\nCOPY --chown=1000:1000 --link app/ /srv/\ncopy a b\n"
    );
    assert!(lines(&after, "PL806").is_empty());
}

// ----- PL809 -----

#[test]
fn pl809_a_checkout_in_a_later_run_of_the_stage_pins() {
    let source = "FROM debian:12 AS src\nRUN git clone https://github.com/a/b.git /b\nWORKDIR /b\nRUN git checkout v1.2.3\nFROM debian:12\nRUN git clone https://github.com/a/c.git /c\nRUN git clone https://github.com/a/d.git /d\nRUN git -C /d checkout main\nFROM debian:12\nRUN git -C /c checkout 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\n";
    // A branch pins nothing, and a checkout in another stage is another image.
    assert_eq!(lines(source, "PL809"), [6, 7]);
}

#[test]
fn pl809_unpinned_git_sources() {
    let source = r#"FROM python:3.12
RUN git clone --depth 1 --branch main https://github.com/a/b.git
RUN git clone --branch v1.2.3 https://github.com/a/c.git
RUN git clone https://github.com/a/d.git && cd d && git checkout 3f7c2a9e8b1d4c6f0a5e2b7d9c8a1f3e6b4d2c0a
RUN git clone https://github.com/a/e.git /e && git -C /e checkout "$E_REF"
RUN pip install git+https://github.com/a/f.git#egg=f
RUN pip install "git+https://github.com/a/g.git@v2.0#egg=g"
RUN npm install github:a/h lodash@4.17.21 @scope/pkg@1.0.0
RUN npm install github:a/i#semver:^1.2.0
RUN cargo install --git https://github.com/a/j.git
RUN cargo install --git https://github.com/a/k.git --tag v1.0.0
RUN git clone /local/repo /copy
"#;
    assert_eq!(lines(source, "PL809"), [2, 6, 8, 10]);
}

#[test]
fn pl803_rates_a_signed_repository_below_a_plain_download() {
    let source = "FROM debian:12-slim\nRUN echo 'deb http://deb.example.org/debian bookworm main' > /etc/apt/sources.list.d/x.list\nRUN curl -fsSLo /usr/local/bin/tool http://downloads.example.org/tool\n";
    let found = support::findings(source, "PL803");
    let severities: Vec<_> = found
        .iter()
        .map(|finding| (finding.location.start.line, finding.severity))
        .collect();
    assert_eq!(
        severities,
        [
            (2, plimsoll_core::Severity::Medium),
            (3, plimsoll_core::Severity::High)
        ]
    );
    // A severity the user sets for the rule still wins over the finding's own.
    let settings = Settings {
        severity_overrides: vec![("PL803".into(), plimsoll_core::Severity::Low)],
        ..Settings::default()
    };
    let overridden = findings_with(source, "PL803", &settings);
    assert!(overridden
        .iter()
        .all(|finding| finding.severity == plimsoll_core::Severity::Low));
}

#[test]
fn pl805_is_low_for_packages_a_stage_of_the_build_made() {
    let built = "FROM alpine:3.20 AS builder\nRUN mkdir /out && abuild -P /out\nFROM alpine:3.20\nRUN --mount=type=bind,from=builder,source=/out,target=/tmp/packages \\\n    apk add --no-cache --allow-untrusted /tmp/packages/tool-*.apk\n";
    let report = check(built, &Settings::default());
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.rule == "PL805")
        .expect("still reported");
    assert_eq!(finding.severity, plimsoll_core::Severity::Low);
    assert!(
        finding.message.en.contains("stage `builder`"),
        "{}",
        finding.message.en
    );
    // A package file that is not under a stage's mount stays high.
    let downloaded = "FROM alpine:3.20\nRUN --mount=type=bind,from=builder,target=/tmp/packages wget -O /tmp/tool.apk https://example.com/tool.apk && apk add --allow-untrusted /tmp/tool.apk\n";
    let report = check(downloaded, &Settings::default());
    let finding = report
        .findings
        .iter()
        .find(|finding| finding.rule == "PL805")
        .unwrap();
    assert_eq!(finding.severity, plimsoll_core::Severity::High);
}
