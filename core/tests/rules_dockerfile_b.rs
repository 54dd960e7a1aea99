//! PL916-PL929: true positives, the false positives peers are known for, and
//! fixes that apply cleanly.

mod support;

use support::{fixed, messages, spans as pointed};

/// How many places a rule points at (one finding can point at several).
fn fires(source: &str, code: &str) -> usize {
    pointed(source, code).len()
}

// ----- PL916 undefined-variable -----

#[test]
fn pl916_global_arg_not_redeclared_in_the_stage() {
    let source = "ARG VERSION=1.2\nFROM alpine:3.20\nCOPY app-${VERSION}.tgz /tmp/\n";
    let found = messages(source, "PL916");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("global ARG `VERSION`"), "{found:?}");
    assert_eq!(pointed(source, "PL916"), ["${VERSION}"]);
    let after = fixed(source, "PL916");
    assert_eq!(
        after,
        "ARG VERSION=1.2\nFROM alpine:3.20\nARG VERSION\nCOPY app-${VERSION}.tgz /tmp/\n"
    );
    assert_eq!(fires(&after, "PL916"), 0);
}

#[test]
fn pl916_suggests_a_close_name() {
    let source = "FROM alpine:3.20\nENV PATH=$PAHT:/app/bin\n";
    let found = messages(source, "PL916");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("did you mean `$PATH`"), "{found:?}");
    let source = "FROM alpine:3.20\nARG APP_DIR=/app\nWORKDIR $APP_DRI\n";
    assert_eq!(
        fixed(source, "PL916"),
        "FROM alpine:3.20\nARG APP_DIR=/app\nWORKDIR $APP_DIR\n"
    );
}

#[test]
fn pl916_scratch_and_lower_case_names_are_certain() {
    assert_eq!(fires("FROM scratch\nCOPY $APP_BINARY /app\n", "PL916"), 1);
    assert_eq!(fires("FROM alpine:3.20\nCOPY $foo .\n", "PL916"), 1);
}

#[test]
fn pl916_declared_elsewhere() {
    let other = "FROM alpine:3.20 AS build\nARG VERSION=1\nFROM alpine:3.20\nCOPY --from=build /app-$VERSION /app\n";
    let found = messages(other, "PL916");
    assert!(
        found[0].contains("only declared in stage `build`"),
        "{found:?}"
    );
    let later = "FROM alpine:3.20\nCOPY app-$VERSION /app\nARG VERSION=1\n";
    assert!(messages(later, "PL916")[0].contains("used before"));
}

#[test]
fn pl916_leaves_what_the_base_image_or_scope_may_define() {
    for source in [
        // The image may define upper-case ENV (JAVA_HOME in eclipse-temurin).
        "FROM eclipse-temurin:21\nCOPY app.jar $JAVA_HOME/lib/\n",
        "FROM golang:1.22\nWORKDIR $GOPATH/src/app\n",
        "FROM alpine:3.20\nCOPY ${TARGET:-app} /app\n",
        "FROM alpine:3.20\nARG TARGET\nCOPY $TARGET /app\n",
        "FROM alpine:3.20 AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\n",
        "FROM alpine:3.20\nLABEL proxy=$http_proxy\n",
        "FROM alpine:3.20\nLABEL literal='$foo'\n",
        "FROM alpine:3.20\nLABEL literal=\\$foo\n",
        "FROM alpine:3.20\nRUN echo $foo\n",
        "FROM alpine:3.20\nONBUILD COPY $foo /x\n",
        "ARG foo=1\nFROM alpine:3.20\nARG foo\nENV bar=$foo\n",
    ] {
        assert_eq!(fires(source, "PL916"), 0, "{source}");
    }
}

#[test]
fn pl916_leaves_same_env_references_to_pl919() {
    let source = "FROM alpine:3.20\nENV app=/app bin=$app/bin\n";
    assert_eq!(fires(source, "PL916"), 0);
    assert_eq!(fires(source, "PL919"), 1);
}

// ----- PL917 undefined-arg-in-from -----

#[test]
fn pl917_typo_in_from() {
    let source = "ARG NODE_VERSION=20\nFROM node:${NODE_VERSON}-alpine\n";
    let found = messages(source, "PL917");
    assert!(
        found[0].contains("did you mean `NODE_VERSION`"),
        "{found:?}"
    );
    assert_eq!(pointed(source, "PL917"), ["${NODE_VERSON}"]);
    assert_eq!(
        fixed(source, "PL917"),
        "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\n"
    );
}

#[test]
fn pl917_arg_declared_inside_a_stage() {
    let source = "FROM alpine:3.20 AS base\nARG IMAGE_TAG=3.20\nFROM alpine:$IMAGE_TAG\n";
    let found = messages(source, "PL917");
    assert!(
        found[0].contains("move `ARG IMAGE_TAG` above the first FROM"),
        "{found:?}"
    );
}

#[test]
fn pl917_fallback_is_reported_and_fixed() {
    let source = "# syntax=docker/dockerfile:1\nFROM alpine:${ALPINE_TAG:-3.20}\n";
    assert!(messages(source, "PL917")[0].contains("fallback is always used"));
    let after = fixed(source, "PL917");
    assert_eq!(
        after,
        "# syntax=docker/dockerfile:1\nARG ALPINE_TAG\nFROM alpine:${ALPINE_TAG:-3.20}\n"
    );
    assert_eq!(fires(&after, "PL917"), 0);
}

#[test]
fn pl917_platform_args_and_globals_are_known() {
    for source in [
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n",
        "ARG BASE=alpine:3.20\nFROM $BASE\n",
        "FROM alpine:3.20 AS base\nFROM base\n",
    ] {
        assert_eq!(fires(source, "PL917"), 0, "{source}");
    }
    assert_eq!(fires("FROM --platform=$PLATFORM alpine:3.20\n", "PL917"), 1);
}

// ----- PL918 invalid-default-arg-in-from -----

#[test]
fn pl918_invalid_with_defaults() {
    let source = "ARG TAG\nFROM alpine:${TAG}\n";
    let found = messages(source, "PL918");
    assert!(found[0].contains("becomes `alpine:`"), "{found:?}");
    assert!(found[0].contains("`TAG` has no default"), "{found:?}");
    assert_eq!(fires("ARG TAG=\nFROM alpine:$TAG\n", "PL918"), 1);
    assert_eq!(fires("ARG REGISTRY\nFROM ${REGISTRY}/app:1\n", "PL918"), 1);
}

#[test]
fn pl918_valid_defaults_and_fallbacks() {
    for source in [
        "ARG VARIANT\nFROM busybox:stable${VARIANT}\n",
        "ARG TAG\nFROM alpine:${TAG:-3.20}\n",
        "ARG TAG=3.20\nFROM alpine:${TAG}\n",
        // Undeclared: PL917's finding only.
        "FROM alpine:$UNDECLARED\n",
        "FROM --platform=$BUILDPLATFORM ${TARGETARCH}/alpine:3.20\n",
        "ARG BASE=build\nFROM alpine:3.20 AS build\nFROM ${BASE}\n",
    ] {
        assert_eq!(fires(source, "PL918"), 0, "{source}");
    }
}

// ----- PL919 env-self-reference -----

#[test]
fn pl919_value_uses_a_name_set_by_the_same_env() {
    let source = "FROM alpine:3.20\nENV APP_HOME=/app APP_BIN=$APP_HOME/bin\n";
    assert_eq!(pointed(source, "PL919"), ["$APP_HOME"]);
    assert!(messages(source, "PL919")[0].contains("empty string"));
    let after = fixed(source, "PL919");
    assert_eq!(
        after,
        "FROM alpine:3.20\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin\n"
    );
    assert_eq!(fires(&after, "PL919"), 0);
    let older = "FROM alpine:3.20\nENV V=1\nENV V=2 OLD=${V}\n";
    assert!(messages(older, "PL919")[0].contains("(`1`)"));
}

#[test]
fn pl919_leaves_own_and_earlier_references() {
    for source in [
        "FROM alpine:3.20\nENV PATH=/app/bin:$PATH\n",
        "FROM alpine:3.20\nENV B=$A A=1\n",
        "FROM alpine:3.20\nENV A=1\nENV B=$A\n",
        "FROM alpine:3.20\nENV A $A/x\n",
        // An ARG made an ENV keeps its value, which the later pair reads too.
        "FROM node:18\nARG DATABASE_URL\nENV DATABASE_URL=$DATABASE_URL \\\n    DIRECT_URL=$DATABASE_URL\n",
        "FROM node:18\nARG URL=http://localhost:3000\nENV URL=\"${URL}\" BUILT_URL=${URL}\n",
    ] {
        assert_eq!(fires(source, "PL919"), 0, "{source}");
    }
    // Set to anything else, even from itself, it is a new value.
    for source in [
        "FROM node:18\nARG URL\nENV URL=${URL:-http://x} BUILT_URL=$URL\n",
        "FROM node:18\nARG URL\nENV URL=$URL URL=/new COPY_URL=$URL\n",
    ] {
        assert_eq!(fires(source, "PL919"), 1, "{source}");
    }
}

// ----- PL920 cd-in-run -----

#[test]
fn pl920_cd_that_stays() {
    let source = "FROM node:20-alpine\nRUN cd /app && npm ci\n";
    assert_eq!(pointed(source, "PL920"), ["cd /app"]);
    let after = fixed(source, "PL920");
    assert_eq!(after, "FROM node:20-alpine\nWORKDIR /app\nRUN npm ci\n");
    assert_eq!(fires(&after, "PL920"), 0);
    assert_eq!(
        fires("FROM alpine:3.20\nRUN set -eux; cd /srv; make\n", "PL920"),
        1
    );
    let heredoc = "FROM alpine:3.20\nRUN <<EOF\ncd /srv\nmake\nEOF\n";
    assert_eq!(fires(heredoc, "PL920"), 1);
    assert_eq!(fixed(heredoc, "PL920"), heredoc);
}

#[test]
fn pl920_trailing_cd_changes_nothing() {
    // A `cd` that ends the script is lost when the RUN ends (Trivy DS-0013,
    // KICS, hadolint DL3003 report it too); returning with `cd ..` is fine.
    for source in [
        "FROM alpine:3.20\nRUN make && cd /app\n",
        "FROM alpine:3.20\nRUN cd /opt\n",
        "FROM alpine:3.20\nRUN cd ../lib\n",
        "FROM alpine:3.20\nWORKDIR /srv\nRUN make; cd /tmp\n",
    ] {
        assert_eq!(fires(source, "PL920"), 1, "{source}");
        assert!(
            messages(source, "PL920")[0].contains("changes nothing"),
            "{source}"
        );
    }
    for source in [
        "FROM alpine:3.20\nRUN make && cd ..\n",
        "FROM alpine:3.20\nRUN make && cd ../..\n",
        "FROM alpine:3.20\nRUN make && cd -\n",
        "FROM alpine:3.20\nRUN make && cd\n",
    ] {
        assert_eq!(fires(source, "PL920"), 0, "{source}");
    }
}

#[test]
fn pl920_excursions_and_temporary_directories() {
    for source in [
        "FROM alpine:3.20\nRUN (cd /src && make) && make -C /other\n",
        "FROM alpine:3.20\nRUN cd /tmp && wget -q https://x/y.tgz && tar xzf y.tgz\n",
        "FROM alpine:3.20\nRUN cd /src && make && cd / && rm -rf /src\n",
        "FROM alpine:3.20\nRUN cd /usr/src/app && make install && rm -rf /usr/src/app\n",
        "FROM alpine:3.20\nRUN cd \"$(mktemp -d)\" && make\n",
        "FROM alpine:3.20\nRUN cd foo-1.0 && make && cd .. && rm -rf foo-1.0\n",
        "FROM alpine:3.20\nRUN cd - && make\n",
        "FROM alpine:3.20\nWORKDIR /var/www\nRUN cd /etc/php && cp a b\n",
        "FROM alpine:3.20\nRUN git clone https://x/r.git /src && cd /src && make install\n",
        "FROM alpine:3.20\nRUN set -eux; cd /tmp; wget -q https://x/a.tgz; tar xzf a.tgz\n",
    ] {
        assert_eq!(fires(source, "PL920"), 0, "{source}");
    }
}

// ----- PL921 pipe-without-pipefail -----

#[test]
fn pl921_pipe_in_default_shell() {
    let debian = "FROM debian:bookworm-slim\nRUN curl -fsSL https://x/a.tgz | tar -xz\nRUN wget -qO- https://x/b | sh\n";
    assert_eq!(fires(debian, "PL921"), 2);
    let after = fixed(debian, "PL921");
    assert_eq!(
        after,
        "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://x/a.tgz | tar -xz\nRUN wget -qO- https://x/b | sh\n"
    );
    assert_eq!(fires(&after, "PL921"), 0);
    let alpine = "FROM alpine:3.20\nRUN wget -qO- https://x/a.tgz | tar -xz\n";
    assert_eq!(
        fixed(alpine, "PL921"),
        "FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://x/a.tgz | tar -xz\n"
    );
    let bash =
        "FROM fedora:40\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl -fsSL https://x | tar -xz\n";
    assert_eq!(fires(bash, "PL921"), 1);
}

#[test]
fn pl921_pipefail_set_or_pipe_harmless() {
    for source in [
        "FROM debian:bookworm\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://x | tar -xz\n",
        "FROM debian:bookworm\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://x | tar -xz\n",
        "FROM debian:bookworm\nRUN set -euo pipefail; curl -fsSL https://x | tar -xz\n",
        "FROM debian:bookworm\nRUN <<EOF\nset -o pipefail\ncurl -fsSL https://x | tar -xz\nEOF\n",
        // hadolint #1137: a heredoc run by the SHELL gets its options.
        "FROM debian:bookworm\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\ncurl -fsSL https://x | tar -xz\nEOF\n",
        "FROM debian:bookworm\nRUN diff /a /b | awk '{print $2}'\n",
        "FROM debian:bookworm\nRUN echo 'root:x' | chpasswd\n",
        "FROM debian:bookworm\nRUN yes | apt-get install -y foo\n",
        "FROM debian:bookworm\nRUN ls /x | grep y || true\n",
        "FROM debian:bookworm\nRUN [\"bash\", \"-o\", \"pipefail\", \"-c\", \"curl -fsSL https://x | tar -xz\"]\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n",
        "FROM debian:bookworm\nRUN bash -c 'curl -fsSL https://x | tar -xz'\n",
    ] {
        assert_eq!(fires(source, "PL921"), 0, "{source}");
    }
}

// ----- PL922 shell-changed-with-run -----

#[test]
fn pl922_swapping_bin_sh() {
    for source in [
        "FROM ubuntu:24.04\nRUN ln -sf /bin/bash /bin/sh\n",
        "FROM ubuntu:24.04\nRUN rm /bin/sh && ln -s /bin/bash /bin/sh\n",
        "FROM ubuntu:24.04\nRUN mv /bin/bash /bin/sh\n",
        "FROM ubuntu:24.04\nRUN echo 'dash dash/sh boolean false' | debconf-set-selections && dpkg-reconfigure dash\n",
        "FROM ubuntu:24.04\nRUN chsh -s /bin/zsh root\n",
    ] {
        assert_eq!(fires(source, "PL922"), 1, "{source}");
    }
    assert!(
        messages("FROM ubuntu:24.04\nRUN ln -sf /bin/bash /bin/sh\n", "PL922")[0]
            .contains("with `/bin/bash`")
    );
    for source in [
        "FROM ubuntu:24.04\nRUN ln -s /usr/bin/python3 /usr/bin/python\n",
        "FROM ubuntu:24.04\nRUN cp /bin/sh /tmp/sh\n",
    ] {
        assert_eq!(fires(source, "PL922"), 0, "{source}");
    }
}

// ----- PL923 pointless-command -----

#[test]
fn pl923_commands_of_an_interactive_machine() {
    assert_eq!(
        pointed(
            "FROM ubuntu:24.04\nRUN apt-get update && service nginx start\n",
            "PL923"
        ),
        ["service"]
    );
    assert_eq!(
        fires("FROM ubuntu:24.04\nRUN ps aux && free -m\n", "PL923"),
        2
    );
    assert_eq!(
        fires("FROM ubuntu:24.04\nRUN sudo shutdown -h now\n", "PL923"),
        1
    );
    for source in [
        "FROM ubuntu:24.04\nRUN service mysql start && mysql -e 'CREATE DATABASE app' && service mysql stop\n",
        "FROM ubuntu:24.04\nRUN mysqld & sleep 5 && mysql < seed.sql && kill %1\n",
        "FROM ubuntu:24.04\nRUN vim +PlugInstall +qall\n",
        "FROM ubuntu:24.04\nRUN --mount=type=ssh ssh -T git@github.com || true\n",
        "FROM ubuntu:24.04\nRUN apt-get install -y procps vim openssh-client\n",
        "FROM ubuntu:24.04\nRUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts\n",
    ] {
        assert_eq!(fires(source, "PL923"), 0, "{source}");
    }
}

// ----- PL924 mergeable-run -----

#[test]
fn pl924_consecutive_short_runs() {
    let source = "FROM alpine:3.20\nRUN apk add --no-cache git\n# configure\nRUN git config --system a.b c\n";
    assert_eq!(pointed(source, "PL924"), ["RUN"]);
    // The comment between them would be lost: no edit.
    assert_eq!(fixed(source, "PL924"), source);
    let plain = "FROM alpine:3.20\nRUN apk add --no-cache git\nRUN git config --system a.b c\nRUN mkdir /app\n";
    assert_eq!(fires(plain, "PL924"), 2);
    let after = fixed(plain, "PL924");
    assert_eq!(after, "FROM alpine:3.20\nRUN apk add --no-cache git && \\\n    git config --system a.b c && \\\n    mkdir /app\n");
    assert_eq!(fires(&after, "PL924"), 0);
}

#[test]
fn pl924_runs_that_stay_apart() {
    for source in [
        "FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache pip install a\nRUN pip install b\n",
        "FROM alpine:3.20\nRUN <<EOF\napk add git\nEOF\nRUN git --version\n",
        "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"git\"]\nRUN git --version\n",
        "FROM alpine:3.20\nRUN apk add a && apk add b && apk add c\nRUN make\n",
        "FROM alpine:3.20\nRUN apk add git\nWORKDIR /app\nRUN git init\n",
        "FROM alpine:3.20 AS a\nRUN apk add git\nFROM alpine:3.20\nRUN apk add make\n",
    ] {
        assert_eq!(fires(source, "PL924"), 0, "{source}");
    }
}

// ----- PL925 wget-and-curl -----

#[test]
fn pl925_both_tools_in_the_final_stage() {
    let source = "FROM debian:bookworm\nRUN curl -fsSLo /a https://x/a\nWORKDIR /x\nRUN wget -q https://x/b\n";
    let found = messages(source, "PL925");
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("`curl` on line 2"), "{found:?}");
    assert_eq!(pointed(source, "PL925"), ["wget"]);
}

#[test]
fn pl925_fallbacks_and_builder_stages() {
    for source in [
        "FROM debian:bookworm\nRUN curl -fsSL https://x -o /a || wget -q -O /a https://x\n",
        "FROM debian:bookworm\nRUN if command -v curl; then curl -fsSLO https://x; else wget -q https://x; fi\n",
        "FROM debian:bookworm AS fetch\nRUN curl -fsSLO https://x/a\nFROM debian:bookworm\nCOPY --from=fetch /a /a\nRUN wget -q https://x/b\n",
        "FROM debian:bookworm\nRUN apt-get install -y curl wget\n",
    ] {
        assert_eq!(fires(source, "PL925"), 0, "{source}");
    }
}

// ----- PL926 wget-without-progress -----

#[test]
fn pl926_wget_with_default_progress_bar() {
    let debian = "FROM debian:bookworm\nRUN wget -O /tmp/a https://x/a\n";
    assert_eq!(pointed(debian, "PL926"), ["wget"]);
    let after = fixed(debian, "PL926");
    assert_eq!(
        after,
        "FROM debian:bookworm\nRUN wget --progress=dot:giga -O /tmp/a https://x/a\n"
    );
    assert_eq!(fires(&after, "PL926"), 0);
    let alpine = "FROM alpine:3.20\nRUN wget https://x/a\n";
    assert_eq!(
        fixed(alpine, "PL926"),
        "FROM alpine:3.20\nRUN wget -q https://x/a\n"
    );
    for source in [
        "FROM debian:bookworm\nRUN wget -q https://x/a\n",
        "FROM debian:bookworm\nRUN wget -qO- https://x/a | tar x\n",
        "FROM debian:bookworm\nRUN wget -nv https://x/a\n",
        "FROM debian:bookworm\nRUN wget --no-verbose https://x/a\n",
        "FROM debian:bookworm\nRUN wget --progress=bar:force https://x/a\n",
        "FROM debian:bookworm\nRUN wget -o /dev/null https://x/a\n",
    ] {
        assert_eq!(fires(source, "PL926"), 0, "{source}");
    }
}

// ----- PL927 invalid-label-key -----

#[test]
fn pl927_label_keys() {
    let source = "FROM alpine:3.20\nLABEL Maintainer=a build_date=b com.docker.x=c ok.key-1=d a..b=e \"$KEY\"=f\n";
    assert_eq!(
        pointed(source, "PL927"),
        ["Maintainer", "build_date", "com.docker.x", "a..b"]
    );
    let after = fixed(source, "PL927");
    assert!(
        after.contains("LABEL maintainer=a build-date=b com.docker.x=c"),
        "{after}"
    );
    assert_eq!(
        fires(
            "FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://x version=1\n",
            "PL927"
        ),
        0
    );
}

// ----- PL929 invalid-definition-description -----

#[test]
fn pl929_descriptions() {
    let source = "# Compile stage\nFROM golang:1.22 AS build\n# version to build\nARG VERSION=1\n";
    assert_eq!(
        pointed(source, "PL929"),
        ["# Compile stage", "# version to build"]
    );
    let after = fixed(source, "PL929");
    assert_eq!(
        after,
        "# Compile stage\n\nFROM golang:1.22 AS build\n# version to build\n\nARG VERSION=1\n"
    );
    assert_eq!(fires(&after, "PL929"), 0);
    // BuildKit compares the first word with the lower-cased stage name
    // exactly (its lint test: `# BasE ...` above `AS base` is reported).
    assert_eq!(
        fires(
            "# Build compiles the binary\nFROM golang:1.22 AS build\n",
            "PL929"
        ),
        1
    );
    assert_eq!(
        fires(
            "# build compiles the binary\nFROM golang:1.22 AS Build\n",
            "PL929"
        ),
        0
    );
    for source in [
        "# build compiles the binary\nFROM golang:1.22 AS build\n",
        "# VERSION is the release\nARG VERSION=1\n",
        "# OS and ARCH\nARG ARCH OS\n",
        "# comment\n\nFROM golang:1.22 AS build\n",
        "# comment\n#\nFROM golang:1.22 AS build\n",
        "# hadolint ignore=DL3006\nFROM golang AS build\n",
        "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\n",
        "# Copyright 2024\n# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\n",
        "# base image\nFROM golang:1.22\n",
    ] {
        assert_eq!(fires(source, "PL929"), 0, "{source}");
    }
}
