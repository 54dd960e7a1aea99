//! Conformance with the peers' own test suites, for the rules of sections 1
//! to 5 (PL1xx user, PL2xx base image, PL3xx packages, PL4xx secrets, PL5xx
//! network).
//!
//! Each table holds `(peer id, Dockerfile, lines)`: the peer id one of our
//! rules aliases, a Dockerfile of our own that reproduces the construct a
//! case of the peer's test suite exercises (names and versions varied), and
//! the lines where the rules aliasing that id must report it (`&[]`:
//! nowhere). A line is the first line of the instruction a finding is in, as
//! the peers report it. The comment above each group names the peer test it
//! mirrors. Where the peer's test says one thing and we deliberately say the
//! other, the case sits in the tool's `DELIBERATE` table with the reason;
//! the lines there are our outcome.
//!
//! Sources that have no `FROM` get `FROM debian:12-slim` in front, since
//! hadolint's and KICS's tests often give a single instruction; lines count
//! from the source as written (0 is the added FROM).

mod peers;

use peers::{hit_lines, hits, wrap_in_onbuild};
use plimsoll_core::rules::{Rule, Tool};
use plimsoll_core::{check, Settings};

/// `(peer id, Dockerfile, lines where the aliasing rules fire)`.
type Case = (&'static str, &'static str, &'static [u32]);
/// `(peer id, Dockerfile, lines (ours), why we differ from the peer)`.
type Deliberate = (&'static str, &'static str, &'static [u32], &'static str);

/// The rules that alias a peer id, all of them in sections 1-5.
fn rules_for(tool: Tool, id: &str) -> Vec<&'static Rule> {
    let rules = peers::rules_for(tool, id);
    for rule in &rules {
        let hundreds = &rule.code[2..3];
        assert!(
            ("1"..="5").contains(&hundreds),
            "{} {id} is covered by {}, outside sections 1-5",
            tool.name(),
            rule.code
        );
    }
    rules
}

fn with_from(source: &str) -> String {
    let has_from = source
        .lines()
        .any(|line| line.trim_start().to_ascii_uppercase().starts_with("FROM "));
    if has_from {
        source.to_string()
    } else {
        format!("FROM debian:12-slim\n{source}")
    }
}

fn settings(rules: &[&'static Rule], registries: &[&str]) -> Settings {
    Settings {
        trusted_registries: registries.iter().map(|r| r.to_string()).collect(),
        ..peers::only(rules)
    }
}

/// What is wrong with one case; `None` when it behaves.
fn judge(
    tool: Tool,
    id: &str,
    source: &str,
    expected: &[u32],
    registries: &[&str],
) -> Option<String> {
    let rules = rules_for(tool, id);
    let full = with_from(source);
    let added = u32::from(full.len() != source.len());
    let report = check(&full, &settings(&rules, registries));
    if !report.errors.is_empty() {
        let errors: Vec<&str> = report.errors.iter().map(|e| e.message.as_str()).collect();
        return Some(format!(
            "{} {id}: the fixture does not parse: {errors:?}\n{full}",
            tool.name()
        ));
    }
    let lines: Vec<u32> = hit_lines(&full, &report, &rules, tool)
        .into_iter()
        .map(|line| line - added)
        .collect();
    (lines != expected).then(|| {
        format!(
            "{} {id}: expected findings on lines {expected:?}, got lines {lines:?} ({:?}):\n{source}",
            tool.name(),
            hits(&report, &rules, tool)
        )
    })
}

/// Runs a tool's tables: `cases` and `deliberate` must behave; `gaps` hold
/// the peer's outcome for cases we do not match yet: they must still differ
/// (a gap that closes fails until it moves to the cases).
fn run(tool: Tool, cases: &[Case], deliberate: &[Deliberate], gaps: &[Case]) {
    let mut problems = Vec::new();
    for (id, source, lines) in cases {
        problems.extend(judge(tool, id, source, lines, &[]));
    }
    for (id, source, lines, why) in deliberate {
        assert!(!why.is_empty());
        problems.extend(judge(tool, id, source, lines, &[]));
    }
    for (id, source, lines) in gaps {
        match judge(tool, id, source, lines, &[]) {
            Some(gap) => println!("KNOWN GAP {gap}"),
            None => problems.push(format!(
                "gap closed, move it to the cases: {} {id}\n{source}",
                tool.name()
            )),
        }
    }
    println!(
        "{}: {} cases agree with the peer's tests, {} deliberately differ, {} known gaps",
        tool.name(),
        cases.len() - problems.len().min(cases.len()),
        deliberate.len(),
        gaps.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {} cases disagree:\n\n{}",
        problems.len(),
        cases.len() + deliberate.len(),
        problems.join("\n\n")
    );
}

// ---------------------------------------------------------------------------
// hadolint: test/Hadolint/Rule/DL*Spec.hs (`ruleCatches` = fires,
// `ruleCatchesNot` = quiet).
// ---------------------------------------------------------------------------

static HADOLINT: &[Case] = &[
    // DL3002Spec: the last USER of a stage is root.
    ("DL3002", "FROM scratch\nUSER root\n", &[2]),
    ("DL3002", "FROM scratch\nUSER appuser\n", &[]),
    ("DL3002", "FROM scratch\nUSER 0\n", &[2]),
    ("DL3002", "FROM scratch\nUSER root:root\n", &[2]),
    ("DL3002", "FROM scratch\nUSER 0:0\n", &[2]),
    ("DL3002", "FROM scratch\nUSER root\nRUN make install\nUSER appuser\n", &[]),
    (
        "DL3002",
        "FROM debian:12 AS base\nUSER root\nRUN make install\nFROM base\nRUN make check\n",
        &[2],
    ),
    (
        "DL3002",
        "FROM debian:12 AS base\nUSER root\nRUN make install\nUSER appuser\nFROM scratch\nRUN make check\n",
        &[],
    ),
    // DL3004Spec: sudo in RUN.
    ("DL3004", "RUN sudo apt-get update\n", &[1]),
    ("DL3004", "RUN apt-get install sudo\n", &[]),
    ("DL3004", "RUN apt-get update && sudo apt-get install\n", &[1]),
    // The same cases wrapped in ONBUILD (onBuildRuleCatches).
    ("DL3004", "ONBUILD RUN sudo apt-get update\n", &[1]),
    ("DL3004", "ONBUILD RUN apt-get install sudo\n", &[]),
    ("DL3004", "ONBUILD RUN apt-get update && sudo apt-get install\n", &[1]),
    // DL3006Spec: FROM without a tag.
    ("DL3006", "FROM debian\n", &[1]),
    ("DL3006", "FROM debian AS builder\n", &[1]),
    ("DL3006", "FROM ruby@sha256:f1dbca0f5dbc9f1dbca0f5dbc9f1dbca0f5dbc9f1dbca0f5dbc9f1dbca0f5dbc9f1d\n", &[]),
    ("DL3006", "FROM ruby:3\n", &[]),
    ("DL3006", "ARG BASE\nFROM ${BASE}\n", &[]),
    (
        "DL3006",
        "FROM golang:1.22-alpine3.20 AS build\nRUN go build ./...\nFROM build AS unit-test\nRUN go test ./...\nFROM alpine:3.20\nRUN echo done\n",
        &[],
    ),
    ("DL3006", "FROM scratch\n", &[]),
    (
        "DL3006",
        "FROM golang:1.22-alpine3.20 AS build\nRUN go build ./...\nFROM node AS unit-test\nRUN npm test\nFROM alpine:3.20\nRUN echo done\n",
        &[3],
    ),
    // DL3007Spec: FROM with the latest tag.
    ("DL3007", "FROM debian:latest\n", &[1]),
    ("DL3007", "FROM debian:latest AS builder\n", &[1]),
    ("DL3007", "FROM debian:bookworm\n", &[]),
    (
        "DL3007",
        "FROM docker.io/library/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n",
        &[],
    ),
    ("DL3007", "FROM debian:bookworm AS builder\n", &[]),
    (
        "DL3007",
        "FROM docker.io/library/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n",
        &[],
    ),
    // DL3008Spec: apt-get install without versions.
    ("DL3008", "RUN apt-get update && apt-get install python3\n", &[1]),
    (
        "DL3008",
        "RUN apt-get update \\\n && apt-get -yqq --no-install-recommends install nodejs=18.19.0 \\\n && rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    (
        "DL3008",
        "RUN apt-get update && apt-get install --no-install-recommends -y \\\npython3-yaml=6.0* \\\nwget=1.21.3* \\\ngit=1:2.39.2* \\\nruby=1:3.1.*\n",
        &[],
    ),
    ("DL3008", "RUN apt-get install -y python3=3.11.2-1\n", &[]),
    ("DL3008", "RUN apt-get install ./htmltopdf_0.12.6-1.bookworm_amd64.deb\n", &[]),
    ("DL3008", "RUN apt-get -y --no-install-recommends install nodejs=18.19.0\n", &[]),
    (
        "DL3008",
        "RUN set -e &&\\\n echo \"deb http://deb.debian.org/debian bookworm-backports main\" > /etc/apt/sources.list.d/backports.list &&\\\n apt-get update &&\\\n apt-get install -y --no-install-recommends -t bookworm-backports openjdk-17-jdk=17.0.11+9-1~bpo12+1 &&\\\n rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    // DL3009Spec: apt lists left in a stage that ends up in the image.
    ("DL3009", "FROM scratch\nRUN apt-get update && apt-get install python3\n", &[2]),
    (
        "DL3009",
        "FROM ubuntu:24.04 AS deps\nRUN apt-get update && apt-get install python3\nFROM scratch\nRUN echo ready\n",
        &[],
    ),
    (
        "DL3009",
        "FROM ubuntu:24.04 AS deps\nRUN echo ready\nFROM scratch\nRUN apt-get update && apt-get install python3\n",
        &[4],
    ),
    (
        "DL3009",
        "FROM ubuntu:24.04 AS deps\nRUN apt-get update && apt-get install python3\nFROM deps\nRUN echo ready\n",
        &[2],
    ),
    (
        "DL3009",
        "FROM ubuntu:24.04 AS deps\nRUN apt-get update && apt-get install python3 && rm -rf /var/lib/apt/lists/*\nFROM deps\nRUN echo ready\n",
        &[],
    ),
    ("DL3009", "FROM scratch\nRUN apt-get update && apt-get install python3 && rm -rf /var/lib/apt/lists/*\n", &[]),
    (
        "DL3009",
        "RUN --mount=type=cache,target=/var/lib/apt/lists \\\n    apt-get update && apt-get install python3\n",
        &[],
    ),
    (
        "DL3009",
        "RUN --mount=type=cache,target=/var/lib/apt \\\n    --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python3\n",
        &[],
    ),
    (
        "DL3009",
        "RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt \\\n    --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install jq\n",
        &[],
    ),
    (
        "DL3009",
        "RUN --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python3\n",
        &[1],
    ),
    // DL3009Spec: the lists sit in a cache mount, but docker-clean was
    // removed and /var/cache/apt is not mounted, so the .deb files stay.
    (
        "DL3009",
        "RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install python3\n",
        &[2],
    ),
    // DL3013Spec: pip install without versions.
    ("DL3013", "RUN pip2 install PyMySQL\n", &[1]),
    ("DL3013", "RUN pip3 install PyMySQL\n", &[1]),
    ("DL3013", "RUN pip3 install PyMySQL==1.1.0\n", &[]),
    ("DL3013", "RUN pip3 install mytool.whl\n", &[]),
    ("DL3013", "RUN pip3 install mytool.tar.gz\n", &[]),
    ("DL3013", "RUN pip install -r requirements.txt\n", &[]),
    ("DL3013", "RUN pip install --requirement requirements.txt\n", &[]),
    ("DL3013", "RUN pip install .\n", &[]),
    ("DL3013", "RUN pip install PyMySQL\n", &[1]),
    ("DL3013", "RUN pip install PyMySQL==1.1.0\n", &[]),
    ("DL3013", "RUN pip install PyMySQL~=1.1.0\n", &[]),
    ("DL3013", "RUN pip install PyMySQL===1.1.0\n", &[]),
    ("DL3013", "RUN pip install --ignore-installed PyMySQL==1.1.0\n", &[]),
    ("DL3013", "RUN pip3 install --build /opt/lint flake8==7.0.0\n", &[]),
    ("DL3013", "RUN pip3 install --prefix /opt/lint flake8==7.0.0\n", &[]),
    ("DL3013", "RUN pip3 install --root /opt/lint flake8==7.0.0\n", &[]),
    ("DL3013", "RUN pip3 install --target /opt/lint flake8==7.0.0\n", &[]),
    ("DL3013", "RUN pip3 install --trusted-host pypi.internal flake8==7.0.0\n", &[]),
    ("DL3013", "RUN python -m pip install flake8==7.0.0\n", &[]),
    ("DL3013", "RUN python -m pip install flake8\n", &[1]),
    ("DL3013", "RUN python -m pip install --index-url https://pypi.internal/simple flake8\n", &[1]),
    (
        "DL3013",
        "RUN pip install git+https://github.com/example/tooling.git@0.6-alpha#egg=tooling\n",
        &[],
    ),
    (
        "DL3013",
        "RUN pip install git+ssh://github.com/example/tooling.git@0.6-alpha#egg=tooling\n",
        &[],
    ),
    ("DL3013", "RUN pip install git+https://github.com/example/tooling.git#egg=tooling\n", &[1]),
    ("DL3013", "RUN pip install git+ssh://github.com/example/tooling.git#egg=tooling\n", &[1]),
    ("DL3013", "RUN pip install vendor/tooling\n", &[]),
    ("DL3013", "RUN pip install https://files.example.com/tooling.zip\n", &[]),
    ("DL3013", "RUN pip install 'sphinx>=7.0'\n", &[]),
    ("DL3013", "RUN pip install 'sphinx<8.0'\n", &[]),
    ("DL3013", "RUN pip install 'sphinx!=7.1'\n", &[]),
    ("DL3013", "RUN pip install PyMySQL==1.1.0 --user\n", &[]),
    ("DL3013", "RUN pip install PyMySQL==1.1.0 --disable-pip-version-check\n", &[]),
    ("DL3013", "RUN pip install --index-url https://pypi.internal/simple tooling==1.0.0\n", &[]),
    ("DL3013", "RUN pip install -i https://pypi.internal/simple tooling==1.0.0\n", &[]),
    (
        "DL3013",
        "RUN pip install --index-url https://pypi.internal/simple --extra-index-url https://mirror.internal/simple tooling==1.0.0\n",
        &[],
    ),
    ("DL3013", "RUN pip install PyMySQL==1.1.0 --no-cache-dir\n", &[]),
    ("DL3013", "RUN pip install kafka-python --constraint https://files.example.com/constraints.txt\n", &[]),
    ("DL3013", "RUN pip install kafka-python -c https://files.example.com/constraints.txt\n", &[]),
    (
        "DL3013",
        "RUN pip install --index-url https://ci:hunter2@pypi.internal/simple --extra-index-url https://ci:hunter2@mirror.internal/simple tooling==1.0.0\n",
        &[],
    ),
    ("DL3013", "RUN pipenv install black\n", &[]),
    // DL3014Spec: apt-get install without -y.
    ("DL3014", "RUN apt-get install python3\n", &[1]),
    ("DL3014", "RUN apt-get install -yq python3\n", &[]),
    ("DL3014", "RUN apt-get install -qq python3\n", &[]),
    ("DL3014", "RUN apt-get install -y python3\n", &[]),
    ("DL3014", "RUN apt-get -y install python3\n", &[]),
    ("DL3014", "RUN apt-get --yes install python3\n", &[]),
    ("DL3014", "RUN apt-get --assume-yes install python3\n", &[]),
    ("DL3014", "RUN apt-get install -q python3\n", &[1]),
    ("DL3014", "RUN apt-get install --quiet python3\n", &[1]),
    ("DL3014", "RUN apt-get install -q -q python3\n", &[]),
    ("DL3014", "RUN apt-get install -q=2 python3\n", &[]),
    ("DL3014", "RUN apt-get install --quiet --quiet python3\n", &[]),
    // DL3015Spec: apt-get install without --no-install-recommends.
    ("DL3015", "RUN apt-get install --no-install-recommends python3\n", &[]),
    ("DL3015", "RUN apt-get install python3\n", &[1]),
    ("DL3015", "RUN apt-get -y install python3\n", &[1]),
    ("DL3015", "RUN apt-get -o APT::Install-Recommends=false install python3\n", &[]),
    // DL3016Spec: npm install without versions.
    ("DL3016", "RUN npm install\n", &[]),
    ("DL3016", "RUN npm install --progress=false\n", &[]),
    ("DL3016", "RUN npm install lodash@4.17.21\n", &[]),
    ("DL3016", "RUN npm install @acme/widgets@\">=0.1.0\"\n", &[]),
    ("DL3016", "RUN npm install lodash@\"4.17.21\" chalk@5.3.0\n", &[]),
    ("DL3016", "RUN npm install --global lodash@\"4.17.21\"\n", &[]),
    ("DL3016", "RUN npm install -g lodash@\"4.17.21\"\n", &[]),
    ("DL3016", "RUN npm install widgets-v1.2.3.tar\n", &[]),
    ("DL3016", "RUN npm install widgets-v1.2.3.tar.gz\n", &[]),
    ("DL3016", "RUN npm install widgets-v1.2.3.tgz\n", &[]),
    ("DL3016", "RUN npm install /vendor/widgets\n", &[]),
    ("DL3016", "RUN npm install ./vendor/widgets\n", &[]),
    ("DL3016", "RUN npm install ../widgets\n", &[]),
    ("DL3016", "RUN npm install ~/widgets\n", &[]),
    ("DL3016", "RUN npm install git+ssh://git@github.com:acme/widgets.git#v1.0.27\n", &[]),
    ("DL3016", "RUN npm install git+http://dev@github.com/acme/widgets#semver:^5.0\n", &[]),
    ("DL3016", "RUN npm install git+https://dev@github.com/acme/widgets.git#v1.0.27\n", &[]),
    ("DL3016", "RUN npm install git://github.com/acme/widgets.git#v1.0.27\n", &[]),
    ("DL3016", "RUN npm run --silent install\n", &[]),
    ("DL3016", "RUN npm install @acme/widgets@\">=0.1.0 <0.2.0\"\n", &[]),
    ("DL3016", "RUN npm install lodash\n", &[1]),
    ("DL3016", "RUN npm install @acme/widgets\n", &[1]),
    ("DL3016", "RUN npm install lodash chalk@5.3.0\n", &[1]),
    ("DL3016", "RUN npm install --global lodash\n", &[1]),
    ("DL3016", "RUN npm install git+ssh://git@github.com:acme/widgets.git\n", &[1]),
    ("DL3016", "RUN npm install git+http://dev@github.com/acme/widgets\n", &[1]),
    ("DL3016", "RUN npm install git+https://dev@github.com/acme/widgets.git\n", &[1]),
    ("DL3016", "RUN npm install git://github.com/acme/widgets.git\n", &[1]),
    ("DL3016", "RUN npm install --loglevel verbose chalk@5.3.0\n", &[]),
    ("DL3016", "RUN npm install --registry https://npm.internal chalk@5.3.0\n", &[]),
    ("DL3016", "RUN npm install --registry https://npm.internal lodash\n", &[1]),
    ("DL3016", "RUN npm install --registry=https://npm.internal lodash\n", &[1]),
    // DL3018Spec: apk add without versions.
    ("DL3018", "RUN apk add bison\n", &[1]),
    ("DL3018", "RUN apk add bison=3.8.2-r1\n", &[]),
    ("DL3018", "RUN apk add --no-cache git~2.45\n", &[]),
    ("DL3018", "RUN apk add --no-cache bison=3.8.2-r1 \\\n && pip install -r requirements.txt\n", &[]),
    (
        "DL3018",
        "RUN apk add --no-cache \\\nbison=3.8.2-r1 \\\nlibffi=3.4.6-r0 \\\npython3=3.12.3-r1 \\\nlibbz2=1.0.8-r6\n",
        &[],
    ),
    (
        "DL3018",
        "RUN apk add --no-cache \\\nbison=3.8.2-r1 \\\nlibffi \\\npython3=3.12.3-r1 \\\nlibbz2=1.0.8-r6\n",
        &[1],
    ),
    (
        "DL3018",
        "RUN apk add \\\n--virtual .build-deps \\\npython3-dev=3.12.3-r1 build-base=0.5-r3 wget=1.24.5-r0 \\\n&& pip install -r requirements.txt \\\n&& python setup.py install \\\n&& apk del .build-deps\n",
        &[],
    ),
    (
        "DL3018",
        "RUN apk add --no-cache \\\n--repository https://dl-cdn.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n",
        &[],
    ),
    (
        "DL3018",
        "RUN apk add --no-cache \\\n--repository=https://dl-cdn.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n",
        &[],
    ),
    (
        "DL3018",
        "RUN apk add --no-cache \\\n-X https://dl-cdn.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0\n",
        &[],
    ),
    ("DL3018", "RUN apk add mytool-1.1.1.apk\n", &[]),
    // DL3019Spec: apk add without --no-cache.
    ("DL3019", "RUN apk add bison=3.8.2-r1\n", &[1]),
    ("DL3019", "RUN apk add --no-cache bison=3.8.2-r1\n", &[]),
    ("DL3019", "RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=8.9.0-r0\n", &[]),
    (
        "DL3019",
        "RUN --mount=type=cache,target=/var/cache/other apk add --no-cache -U curl=8.9.0-r0\n",
        &[],
    ),
    ("DL3019", "RUN --mount=type=cache,target=/var/cache/other apk add -U curl=8.9.0-r0\n", &[1]),
    // DL3027Spec: apt instead of apt-get.
    ("DL3027", "FROM ubuntu:24.04\nRUN apt install python3\n", &[2]),
    // DL3028Spec: gem install without versions.
    ("DL3028", "RUN gem i rake\n", &[1]),
    ("DL3028", "RUN gem i rake:13\n", &[]),
    ("DL3028", "RUN gem i rake:13 nokogiri\n", &[1]),
    ("DL3028", "RUN gem i rake:13 nokogiri:1\n", &[]),
    ("DL3028", "RUN gem install rake\n", &[1]),
    ("DL3028", "RUN gem install rake:13\n", &[]),
    ("DL3028", "RUN gem install rake -v '13.2.1'\n", &[]),
    ("DL3028", "RUN gem install rake --version '13.2.1'\n", &[]),
    ("DL3028", "RUN gem install rake --version='13.2.1'\n", &[]),
    ("DL3028", "RUN gem install nokogiri:1.16.5 -- --use-system-libraries=true\n", &[]),
    ("DL3028", "RUN gem install nokogiri:1.16.5 -- --use-system-libraries true\n", &[]),
    ("DL3028", "RUN gem install nokogiri:1.16.5 --use-system-libraries true\n", &[]),
    ("DL3028", "RUN gem install nokogiri:1.16.5 --use-system-libraries=true\n", &[]),
    // DL3029Spec: FROM --platform.
    ("DL3029", "FROM --platform=linux/arm64 debian:bookworm\n", &[1]),
    ("DL3029", "FROM debian:bookworm\n", &[]),
    ("DL3029", "FROM --platform=$BUILDPLATFORM debian:bookworm\n", &[]),
    ("DL3029", "FROM --platform=\"$BUILDPLATFORM\" debian:bookworm\n", &[]),
    ("DL3029", "FROM --platform=${BUILDPLATFORM} debian:bookworm\n", &[]),
    ("DL3029", "FROM --platform=${BUILDPLATFORM:-} debian:bookworm\n", &[]),
    ("DL3029", "FROM --platform=\"${BUILDPLATFORM:-}\" debian:bookworm\n", &[]),
    ("DL3029", "FROM --platform=$TARGETPLATFORM debian:bookworm\n", &[]),
    // DL3030Spec: yum install without -y.
    ("DL3030", "RUN yum install httpd-2.4.6 && yum clean all\n", &[1]),
    ("DL3030", "RUN yum install -y httpd-2.4.6 && yum clean all\n", &[]),
    ("DL3030", "RUN bash -c `# no package manager here`\n", &[]),
    // DL3032Spec: yum clean all missing.
    ("DL3032", "RUN yum install -y mariadb-10.5\n", &[1]),
    ("DL3032", "RUN yum install -y mariadb-10.5 && yum clean all\n", &[]),
    ("DL3032", "RUN bash -c `# no package manager here`\n", &[]),
    ("DL3032", "RUN yum install -y mariadb-10.5 && rm -rf /var/cache/yum/*\n", &[]),
    // DL3033Spec: yum install without versions.
    ("DL3033", "RUN yum install -y nginx && yum clean all\n", &[1]),
    ("DL3033", "RUN yum install -y nginx-1.20.1 && yum clean all\n", &[]),
    ("DL3033", "RUN yum module install -y nginx && yum clean all\n", &[1]),
    ("DL3033", "RUN yum module install -y nginx:1.20 && yum clean all\n", &[]),
    // DL3034Spec: zypper without a non-interactive switch.
    ("DL3034", "RUN zypper install apache2=2.4.58 && zypper clean\n", &[1]),
    ("DL3034", "RUN zypper install --non-interactive apache2=2.4.58 && zypper clean\n", &[]),
    ("DL3034", "RUN zypper install -y apache2=2.4.58 && zypper clean\n", &[]),
    ("DL3034", "RUN zypper install --no-confirm apache2=2.4.58 && zypper clean\n", &[]),
    // DL3035Spec: zypper dist-upgrade.
    ("DL3035", "RUN zypper dist-upgrade\n", &[1]),
    ("DL3035", "RUN zypper dup\n", &[1]),
    // DL3036Spec: zypper clean missing.
    ("DL3036", "RUN zypper install -y mariadb=10.11\n", &[1]),
    ("DL3036", "RUN zypper install -y mariadb=10.11 && zypper clean\n", &[]),
    ("DL3036", "RUN zypper install -y mariadb=10.11 && zypper cc\n", &[]),
    // DL3037Spec: zypper install without versions.
    ("DL3037", "RUN zypper install -y nginx && zypper clean\n", &[1]),
    ("DL3037", "RUN zypper install -y nginx=1.25.3 && zypper clean\n", &[]),
    ("DL3037", "RUN zypper install -y nginx\\>=1.25 && zypper clean\n", &[]),
    ("DL3037", "RUN zypper install -y nginx\\>1.25 && zypper clean\n", &[]),
    ("DL3037", "RUN zypper install -y nginx\\<=1.25 && zypper clean\n", &[]),
    ("DL3037", "RUN zypper install -y nginx\\<1.25 && zypper clean\n", &[]),
    ("DL3037", "RUN zypper install -y nginx-1.25.3-1.rpm && zypper clean\n", &[]),
    // DL3038Spec: dnf/microdnf install without -y.
    ("DL3038", "RUN dnf install httpd-2.4.57 && dnf clean all\n", &[1]),
    ("DL3038", "RUN microdnf install httpd-2.4.57 && microdnf clean all\n", &[1]),
    ("DL3038", "RUN dnf install -y httpd-2.4.57 && dnf clean all\n", &[]),
    ("DL3038", "RUN microdnf install -y httpd-2.4.57 && microdnf clean all\n", &[]),
    ("DL3038", "RUN notdnf install httpd\n", &[]),
    // DL3040Spec: dnf clean all missing.
    ("DL3040", "RUN dnf install -y mariadb-10.5\n", &[1]),
    ("DL3040", "RUN microdnf install -y mariadb-10.5\n", &[1]),
    ("DL3040", "RUN dnf install -y mariadb-10.5 && dnf clean all\n", &[]),
    ("DL3040", "RUN microdnf install -y mariadb-10.5 && microdnf clean all\n", &[]),
    ("DL3040", "RUN notdnf install mariadb\n", &[]),
    ("DL3040", "RUN dnf install -y mariadb-10.5 && rm -rf /var/cache/yum/*\n", &[]),
    ("DL3040", "RUN microdnf install -y mariadb-10.5 && rm -rf /var/cache/yum/*\n", &[]),
    // DL3041Spec: dnf install without versions.
    ("DL3041", "RUN dnf install -y nginx && dnf clean all\n", &[1]),
    ("DL3041", "RUN microdnf install -y nginx && microdnf clean all\n", &[1]),
    ("DL3041", "RUN dnf install -y nginx-1.24.0 && dnf clean all\n", &[]),
    ("DL3041", "RUN microdnf install -y nginx-1.24.0 && microdnf clean all\n", &[]),
    ("DL3041", "RUN notdnf install nginx\n", &[]),
    ("DL3041", "RUN dnf module install -y nginx && dnf clean all\n", &[1]),
    ("DL3041", "RUN microdnf module install -y nginx && microdnf clean all\n", &[1]),
    ("DL3041", "RUN dnf module install -y nginx:1.24 && dnf clean all\n", &[]),
    ("DL3041", "RUN microdnf module install -y nginx:1.24 && microdnf clean all\n", &[]),
    ("DL3041", "RUN notdnf module install nginx\n", &[]),
    // DL3042Spec: pip install without --no-cache-dir.
    ("DL3042", "RUN pip2 install PyMySQL\n", &[1]),
    ("DL3042", "RUN pip3 install PyMySQL\n", &[1]),
    ("DL3042", "RUN pip install PyMySQL\n", &[1]),
    ("DL3042", "RUN pip2 install PyMySQL --no-cache-dir\n", &[]),
    ("DL3042", "RUN pip3 install --no-cache-dir PyMySQL\n", &[]),
    ("DL3042", "RUN pip install PyMySQL --no-cache-dir\n", &[]),
    ("DL3042", "RUN pipx install httpie\n", &[]),
    ("DL3042", "Run pipx install httpie\n", &[]),
    ("DL3042", "RUN pipenv install requests\n", &[]),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=1\nRUN pip install PyMySQL\n", &[]),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=on\nRUN pip install PyMySQL\n", &[]),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=yes\nRUN pip install PyMySQL\n", &[]),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=true\nRUN pip install PyMySQL\n", &[]),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=1 pip install PyMySQL\n", &[]),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=on pip install PyMySQL\n", &[]),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=yes pip install PyMySQL\n", &[]),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=true pip install PyMySQL\n", &[]),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=1 && pip install PyMySQL\n", &[]),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=on && pip install PyMySQL\n", &[]),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=yes && pip install PyMySQL\n", &[]),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=true && pip install PyMySQL\n", &[]),
    (
        "DL3042",
        "FROM debian:bookworm AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n",
        &[],
    ),
    (
        "DL3042",
        "FROM debian:bookworm AS base\nENV PIP_NO_CACHE_DIR=1\nFROM debian:bookworm\nRUN pip install six\n",
        &[4],
    ),
    // DL3046Spec: useradd with a large UID and no -l.
    ("DL3046", "RUN useradd builder\n", &[]),
    ("DL3046", "RUN useradd -u 12345 builder\n", &[]),
    ("DL3046", "RUN useradd -l -u 123456 builder\n", &[]),
    ("DL3046", "RUN useradd -l builder\n", &[]),
    ("DL3046", "RUN useradd -u 123456 builder\n", &[1]),
    // DL3057Spec: no HEALTHCHECK.
    ("DL3057", "FROM scratch\nHEALTHCHECK NONE\n", &[]),
    ("DL3057", "FROM scratch\nHEALTHCHECK CMD /bin/probe\n", &[]),
    ("DL3057", "FROM scratch AS base\nHEALTHCHECK CMD /bin/probe\nFROM base\n", &[]),
    (
        "DL3057",
        "FROM scratch AS one\nFROM one AS two\nFROM two AS three\nFROM three AS last\nHEALTHCHECK NONE\n",
        &[],
    ),
    // DL3060Spec: yarn install without yarn cache clean.
    ("DL3060", "RUN echo nothing\n", &[]),
    ("DL3060", "RUN yarn install left-pad\n", &[1]),
    ("DL3060", "RUN yarn install left-pad && yarn cache clean\n", &[]),
    (
        "DL3060",
        "FROM node:20-alpine AS deps\nRUN echo ready\nFROM scratch\nRUN yarn install\n",
        &[4],
    ),
    (
        "DL3060",
        "FROM node:20-alpine AS deps\nRUN yarn install\nFROM deps\nRUN echo ready\n",
        &[2],
    ),
    (
        "DL3060",
        "FROM node:20-alpine AS deps\nRUN yarn install && yarn cache clean\nFROM deps\nRUN echo ready\n",
        &[],
    ),
    (
        "DL3060",
        "FROM node:20-alpine AS deps\nRUN yarn install left-pad\nFROM scratch\nRUN echo ready\n",
        &[],
    ),
    // DL3062Spec: go install/get/run without @version (the cases we agree on).
    ("DL3062", "FROM golang:1.22\nRUN go install example.com/cmd/tool@latest\n", &[2]),
    ("DL3062", "FROM golang:1.24\nRUN go install tool stringer@latest\n", &[2]),
    ("DL3062", "FROM golang:1.24\nRUN go install tool stringer@v0.24.0\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go get example.com/lib\n", &[2]),
    ("DL3062", "FROM golang:1.22\nRUN go get example.com/lib@latest\n", &[2]),
    ("DL3062", "FROM golang:1.24\nRUN go get -tool example.com/cmd/stringer\n", &[2]),
    ("DL3062", "FROM golang:1.24\nRUN go get -tool example.com/cmd/stringer@latest\n", &[2]),
    ("DL3062", "FROM golang:1.24\nRUN go get -tool example.com/cmd/stringer@v0.24.0\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run example.com/cmd/gen@latest\n", &[2]),
    ("DL3062", "FROM golang:1.22\nRUN go run example.com/cmd/gen@v1.2.3 -v\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run example.com/cmd/gen@v1.2.3 --out api\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run example.com/cmd/gen@v1.2.3 api\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run /go/src/app/cmd\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go install example.com/cmd/tool@v1.2.3\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go install /go/src/app/cmd\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go install ./cmd/app\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go install .\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go get example.com/lib@v1.2.3\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run example.com/cmd/gen@v1.2.3 -out api.go\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run ./cmd/gen\n", &[]),
    ("DL3062", "FROM golang:1.22\nRUN go run .\n", &[]),
    // DL3064Spec: secret-looking ARG or ENV names.
    ("DL3064", "FROM debian:bookworm\nRUN make\n", &[]),
    ("DL3064", "ARG variant\nFROM debian:bookworm\nRUN make\n", &[]),
    ("DL3064", "FROM debian:bookworm\nENV greeting=hello\nRUN make\n", &[]),
    ("DL3064", "ARG AWS_ACCESS_KEY_ID\nFROM debian:bookworm\nRUN make\n", &[1]),
    ("DL3064", "ARG openai_api_key\nFROM debian:bookworm\nRUN make\n", &[1]),
    (
        "DL3064",
        "FROM debian:bookworm\nENV AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH\nRUN make\n",
        &[2],
    ),
    ("DL3064", "FROM debian:bookworm\nENV db_password=s3cr3t-value-here\nRUN make\n", &[2]),
    // DL3065Spec: FROM --platform=$TARGETPLATFORM.
    ("DL3065", "FROM alpine:3.20\n", &[]),
    ("DL3065", "ARG VARIANT\nFROM --platform=$VARIANT alpine:3.20\n", &[]),
    ("DL3065", "FROM --platform=linux alpine:3.20\n", &[]),
    ("DL3065", "FROM --platform=linux/arm64 alpine:3.20\n", &[]),
    ("DL3065", "FROM --platform=$TARGETPLATFORM alpine:3.20\n", &[1]),
    ("DL3065", "FROM --platform=${TARGETPLATFORM} alpine:3.20\n", &[1]),
    // DL3066Spec: USER by name.
    ("DL3066", "USER 10001\n", &[]),
    ("DL3066", "USER 10001:10001\n", &[]),
    ("DL3066", "USER builder\n", &[1]),
    ("DL3066", "USER builder:staff\n", &[1]),
    // DL3068Spec (pecl proposal): pecl install without a version.
    ("DL3068", "RUN pecl install apcu-5.1.23\n", &[]),
    ("DL3068", "RUN pecl install apcu-5.1.23 --alldeps\n", &[]),
    ("DL3068", "RUN pecl install -f apcu-5.1.23\n", &[]),
    ("DL3068", "RUN pecl install apcu-5\n", &[]),
    ("DL3068", "RUN pecl install pecl_http-4.2.6\n", &[]),
    ("DL3068", "RUN pecl install pecl.php.net/apcu-5.1.23\n", &[]),
    ("DL3068", "RUN pecl install ourchannel/apcu-5.1.23\n", &[]),
    ("DL3068", "RUN pecl install channel://pecl.php.net/apcu-5.1.23\n", &[]),
    ("DL3068", "RUN pecl install pecl.php.net/apcu\n", &[1]),
    ("DL3068", "RUN pecl install channel://pecl.php.net/apcu\n", &[1]),
    ("DL3068", "RUN pecl install apcu-5.1.23.tgz\n", &[]),
    ("DL3068", "RUN pecl install ./dist/apcu-5.1.23.tgz\n", &[]),
    ("DL3068", "RUN pecl install /tmp/apcu-5.1.23.tgz\n", &[]),
    ("DL3068", "RUN pecl install package.xml\n", &[]),
    ("DL3068", "RUN pecl install /usr/src/apcu/package.xml\n", &[]),
    ("DL3068", "RUN pecl install https://downloads.example.com/apcu.tgz\n", &[]),
    ("DL3068", "RUN pecl install apcu\n", &[1]),
    ("DL3068", "RUN pecl install pecl_http\n", &[1]),
    ("DL3068", "RUN pecl install igbinary apcu-5.1.23\n", &[1]),
    ("DL3068", "RUN pecl install pecl.php.net/igbinary apcu-5.1.23\n", &[1]),
    ("DL3068", "RUN pecl install apcu-beta\n", &[1]),
    ("DL3068", "RUN pecl install igbinary-alpha\n", &[1]),
    ("DL3068", "RUN pecl install apcu-stable\n", &[1]),
    ("DL3068", "RUN pecl run --verbose install\n", &[]),
    // DL3068Spec (cache-mount proposal): npm without a cache mount.
    ("DL3068", "RUN npm install\n", &[1]),
    ("DL3068", "RUN npm ci\n", &[1]),
    ("DL3068", "RUN echo hi\n", &[]),
    ("DL3068", "RUN --mount=type=cache,target=/root/.npm npm install\n", &[]),
    ("DL3068", "RUN --mount=type=tmpfs,target=/root/.npm npm install\n", &[]),
    ("DL3068", "RUN --mount=type=cache,target=/var/tmp/elsewhere npm install\n", &[1]),
    ("DL3068", "RUN --mount=type=cache,target=/home/node/.npm npm install\n", &[]),
    // DL3069Spec: cargo.
    ("DL3069", "RUN cargo build\n", &[1]),
    ("DL3069", "RUN cargo install cargo-audit\n", &[1]),
    ("DL3069", "RUN echo hi\n", &[]),
    ("DL3069", "RUN --mount=type=cache,target=/root/.cargo cargo build\n", &[]),
    (
        "DL3069",
        "RUN --mount=type=cache,target=/root/.cargo/registry --mount=type=cache,target=/root/.cargo/git cargo build\n",
        &[],
    ),
    ("DL3069", "RUN --mount=type=tmpfs,target=/root/.cargo cargo build\n", &[]),
    ("DL3069", "RUN --mount=type=cache,target=/var/tmp/elsewhere cargo build\n", &[1]),
    // DL3070Spec: Go.
    ("DL3070", "RUN go build ./...\n", &[1]),
    ("DL3070", "RUN go get example.com/lib/tool\n", &[1]),
    ("DL3070", "RUN go mod download\n", &[1]),
    ("DL3070", "RUN echo hi\n", &[]),
    ("DL3070", "RUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n", &[]),
    ("DL3070", "RUN --mount=type=cache,target=/go/pkg/mod go build ./...\n", &[]),
    ("DL3070", "RUN --mount=type=tmpfs,target=/root/.cache/go-build go build ./...\n", &[]),
    ("DL3070", "RUN --mount=type=cache,target=/var/tmp/elsewhere go build ./...\n", &[1]),
    // DL3071Spec: Maven.
    ("DL3071", "RUN mvn install\n", &[1]),
    ("DL3071", "RUN mvn compile\n", &[1]),
    ("DL3071", "RUN echo hi\n", &[]),
    ("DL3071", "RUN --mount=type=cache,target=/root/.m2 mvn install\n", &[]),
    ("DL3071", "RUN --mount=type=tmpfs,target=/root/.m2 mvn install\n", &[]),
    ("DL3071", "RUN --mount=type=cache,target=/var/tmp/elsewhere mvn install\n", &[1]),
    // DL3072Spec: Gradle.
    ("DL3072", "RUN gradle build\n", &[1]),
    ("DL3072", "RUN ./gradlew build\n", &[1]),
    ("DL3072", "RUN echo hi\n", &[]),
    ("DL3072", "RUN --mount=type=cache,target=/root/.gradle gradle build\n", &[]),
    ("DL3072", "RUN --mount=type=tmpfs,target=/root/.gradle gradle build\n", &[]),
    ("DL3072", "RUN --mount=type=cache,target=/root/.gradle ./gradlew build\n", &[]),
    ("DL3072", "RUN --mount=type=cache,target=/var/tmp/elsewhere gradle build\n", &[1]),
    // DL3073Spec: Composer.
    ("DL3073", "RUN composer install\n", &[1]),
    ("DL3073", "RUN composer update\n", &[1]),
    ("DL3073", "RUN echo hi\n", &[]),
    ("DL3073", "RUN --mount=type=cache,target=/root/.composer/cache composer install\n", &[]),
    ("DL3073", "RUN --mount=type=tmpfs,target=/root/.composer/cache composer install\n", &[]),
    ("DL3073", "RUN --mount=type=cache,target=/var/tmp/elsewhere composer install\n", &[1]),
    // DL3074Spec: NuGet/.NET.
    ("DL3074", "RUN dotnet restore\n", &[1]),
    ("DL3074", "RUN dotnet build\n", &[1]),
    ("DL3074", "RUN nuget restore\n", &[1]),
    ("DL3074", "RUN echo hi\n", &[]),
    ("DL3074", "RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore\n", &[]),
    ("DL3074", "RUN --mount=type=tmpfs,target=/root/.nuget/packages dotnet restore\n", &[]),
    ("DL3074", "RUN --mount=type=cache,target=/var/tmp/elsewhere dotnet restore\n", &[1]),
    ("DL3074", "RUN --mount=type=cache,target=/home/app/.nuget/packages dotnet restore\n", &[]),
    // DL3075Spec: pnpm.
    ("DL3075", "RUN pnpm install\n", &[1]),
    ("DL3075", "RUN pnpm add zod\n", &[1]),
    ("DL3075", "RUN echo hi\n", &[]),
    ("DL3075", "RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install\n", &[]),
    ("DL3075", "RUN --mount=type=tmpfs,target=/root/.local/share/pnpm/store pnpm install\n", &[]),
    ("DL3075", "RUN --mount=type=cache,target=/var/tmp/elsewhere pnpm install\n", &[1]),
    // DL3076Spec: Mix/Hex.
    ("DL3076", "RUN mix deps.get\n", &[1]),
    ("DL3076", "RUN mix compile\n", &[1]),
    ("DL3076", "RUN echo hi\n", &[]),
    ("DL3076", "RUN --mount=type=cache,target=/root/.hex mix deps.get\n", &[]),
    ("DL3076", "RUN --mount=type=cache,target=/root/.mix mix deps.get\n", &[]),
    ("DL3076", "RUN --mount=type=tmpfs,target=/root/.hex mix deps.get\n", &[]),
    ("DL3076", "RUN --mount=type=cache,target=/var/tmp/elsewhere mix deps.get\n", &[1]),
    // DL3077Spec: gem/bundler.
    ("DL3077", "RUN gem install sinatra\n", &[1]),
    ("DL3077", "RUN bundle install\n", &[1]),
    ("DL3077", "RUN echo hi\n", &[]),
    ("DL3077", "RUN --mount=type=cache,target=/usr/local/bundle bundle install\n", &[]),
    ("DL3077", "RUN --mount=type=cache,target=/root/.gem gem install sinatra\n", &[]),
    ("DL3077", "RUN --mount=type=tmpfs,target=/usr/local/bundle bundle install\n", &[]),
    ("DL3077", "RUN --mount=type=cache,target=/var/tmp/elsewhere bundle install\n", &[1]),
    // DL4007Spec: COPY with `.` as a source.
    ("DL4007", "FROM scratch\nCOPY . .\n", &[2]),
    ("DL4007", "FROM scratch\nCOPY . /srv/app\n", &[2]),
    ("DL4007", "FROM scratch\nCOPY './' /srv/app\n", &[2]),
    ("DL4007", "FROM scratch\nCOPY lib/ .\n", &[]),
    ("DL4007", "FROM scratch\nCOPY package.json pnpm-lock.yaml /srv/app/\n", &[]),
    ("DL4007", "FROM node:20 AS build\nCOPY . .\nRUN echo built\n", &[2]),
];

static HADOLINT_DELIBERATE: &[Deliberate] = &[
    // DL3057Spec reports an empty `FROM scratch`; it runs nothing (a stage
    // that only carries files out), so PL503 has no service to check.
    ("DL3057", "FROM scratch\n", &[], "PL503 advises a health check only for an image that runs a service"),
    (
        "DL3057",
        "FROM scratch AS base\nHEALTHCHECK CMD /bin/probe\nFROM scratch\n",
        &[],
        "PL503 advises a health check only for an image that runs a service",
    ),
    // DL3002Spec reports root in any stage; PL102 judges the stages that
    // reach the final image (its docs: build stages may run as root).
    (
        "DL3002",
        "FROM debian:12 AS base\nUSER root\nRUN make install\nFROM scratch\nUSER appuser\nRUN make check\n",
        &[],
        "only the stages that reach the final image decide its user",
    ),
    // DL3034Spec accepts `zypper install -n`; after the sub-command, zypper
    // reads `-n` as `--name`, so the command still asks for confirmation.
    (
        "DL3034",
        "RUN zypper install -n apache2=2.4.58 && zypper clean\n",
        &[1],
        "zypper's `-n` is non-interactive only before the sub-command",
    ),
    // DL3042Spec reports PIP_NO_CACHE_DIR set to a false value; pip turns
    // the cache off for any valid value (0, off, no, false included).
    ("DL3042", "ENV PIP_NO_CACHE_DIR=0\nRUN pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=off\nRUN pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=no\nRUN pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "ENV PIP_NO_CACHE_DIR=false\nRUN pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=0 pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=off pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=no pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN PIP_NO_CACHE_DIR=false pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=0 && pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=off && pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=no && pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    ("DL3042", "RUN export PIP_NO_CACHE_DIR=false && pip install PyMySQL\n", &[], PIP_ANY_VALUE),
    // DL3062Spec reports `go install`/`go run` without `@version`;
    // module-aware Go builds the version go.mod requires (PL308's docs).
    ("DL3062", "FROM golang:1.22\nRUN go install example.com/cmd/tool\n", &[], GO_MODULE),
    ("DL3062", "FROM golang:1.22\nRUN go run example.com/cmd/gen\n", &[], GO_MODULE),
    ("DL3062", "FROM golang:1.24\nRUN go install tool stringer\n", &[], GO_MODULE),
];

const PIP_ANY_VALUE: &str = "pip disables its cache for any valid PIP_NO_CACHE_DIR value";
const GO_MODULE: &str = "without @version, module-aware Go uses the version go.mod requires";

static HADOLINT_GAPS: &[Case] = &[];

#[test]
fn hadolint() {
    run(Tool::Hadolint, HADOLINT, HADOLINT_DELIBERATE, HADOLINT_GAPS);
}

// DL3026Spec: base images from registries outside the allow-list.
#[test]
fn hadolint_dl3026_registries() {
    let cases: &[(&str, &[&str], &[u32])] = &[
        ("FROM registry.example.net/debian:12\n", &[], &[]),
        ("FROM registry.example.net/debian:12\n", &["docker.io"], &[1]),
        (
            "FROM registry.example.net/debian:12\n",
            &["x.example.org", "registry.example.net"],
            &[],
        ),
        ("FROM scratch\n", &["x.example.org", "registry.example.net"], &[]),
        (
            "FROM ubuntu:24.04 AS one\nFROM acme/ubuntu:24.04 AS two\nFROM docker.io/acme/ubuntu:24.04 AS three\n",
            &["docker.io"],
            &[],
        ),
        (
            "FROM registry.example.net/base:1 AS one\nFROM one AS two\n",
            &["registry.example.net"],
            &[],
        ),
        ("FROM x.example.org/debian:12\n", &["*.example.net"], &[1]),
        (
            "FROM eu.example.net/debian:12\n",
            &["x.example.org", "*.example.net"],
            &[],
        ),
        (
            "FROM ubuntu:24.04 AS one\nFROM acme/ubuntu:24.04 AS two\nFROM docker.io/acme/ubuntu:24.04 AS three\n",
            &["*"],
            &[],
        ),
    ];
    let problems: Vec<String> = cases
        .iter()
        .filter_map(|(source, registries, lines)| {
            judge(Tool::Hadolint, "DL3026", source, lines, registries)
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// ---------------------------------------------------------------------------
// Trivy: aquasecurity/trivy-checks checks/docker/*_test.rego (`count(r) ==
// 0` = quiet, otherwise fires). Their inputs are parsed instruction lists;
// these are the Dockerfiles they stand for.
// ---------------------------------------------------------------------------

static TRIVY: &[Case] = &[
    // latest_tag_test.rego (DS-0001).
    ("DS-0001", "FROM eclipse-temurin:21.0.3_9-jre\n", &[]),
    ("DS-0001", "FROM eclipse-temurin:latest\n", &[1]),
    ("DS-0001", "FROM eclipse-temurin\n", &[1]),
    ("DS-0001", "FROM scratch\n", &[]),
    ("DS-0001", "ARG IMAGE=alpine:3.20\nFROM $IMAGE\nCMD [\"/bin/sh\"]\n", &[]),
    ("DS-0001", "ARG IMAGE=all-in-one\nFROM $IMAGE\nCMD [\"/bin/sh\"]\n", &[2]),
    (
        "DS-0001",
        "FROM golang:1.22 AS builder\nRUN go build ./...\nFROM alpine:3.20\n",
        &[],
    ),
    (
        "DS-0001",
        "FROM node:20.14-bookworm AS dependencies\nRUN npm ci\nFROM dependencies AS build\n",
        &[],
    ),
    (
        "DS-0001",
        "FROM node:20.14-bookworm AS dependencies\nRUN npm ci\nFROM alpine:latest\n",
        &[3],
    ),
    (
        "DS-0001",
        "FROM node:20.14-bookworm AS dependencies\nRUN npm ci\nFROM alpine\n",
        &[3],
    ),
    ("DS-0001", "ARG TAG=\"latest\"\nFROM shop:${TAG}\n", &[2]),
    ("DS-0001", "ARG TAG\nFROM shop:${TAG}\n", &[]),
    ("DS-0001", "ARG REGISTRY\nFROM ${REGISTRY}/ubuntu\n", &[2]),
    ("DS-0001", "ARG REPO=acme\nARG IMAGE=shop\nFROM $REPO/$IMAGE:latest\n", &[3]),
    // root_user_test.rego (DS-0002).
    ("DS-0002", "FROM alpine:3.20\nUSER app\n", &[]),
    ("DS-0002", "FROM alpine:3.20\nUSER root\nUSER app\n", &[]),
    ("DS-0002", "FROM alpine:3.20\nEXPOSE 8080\n", &[1]),
    (
        "DS-0002",
        "FROM alpine:3.20\nRUN apk update\nUSER app\nRUN apk update\nUSER root\nRUN apk update\n",
        &[5],
    ),
    ("DS-0002", "FROM alpine:3.20\nUSER app\nUSER root\n", &[3]),
    ("DS-0002", "FROM alpine:3.20\nUSER app\nUSER root:root\n", &[3]),
    ("DS-0002", "FROM alpine:3.20\nUSER app\nUSER 0\n", &[3]),
    ("DS-0002", "FROM alpine:3.20\nUSER app\nUSER 0:0\n", &[3]),
    ("DS-0002", "FROM alpine:3.19\nUSER root\nFROM alpine:3.20\nUSER app\n", &[]),
    ("DS-0002", "FROM alpine:3.19\nUSER root\nFROM alpine:3.20\nCOPY bundle.zip /srv/\n", &[3]),
    // port22_test.rego (DS-0004).
    ("DS-0004", "FROM alpine:3.20\nEXPOSE 22\n", &[2]),
    ("DS-0004", "FROM alpine:3.20\nEXPOSE 22/tcp\n", &[2]),
    ("DS-0004", "FROM alpine:3.20\nEXPOSE 8080\n", &[]),
    // run_using_sudo_test.rego (DS-0010).
    (
        "DS-0010",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN sudo pip install --upgrade pip\nCMD [\"python3\", \"/srv/app.py\"]\n",
        &[3],
    ),
    ("DS-0010", "FROM alpine:3.20\nRUN apk add bash && sudo pip install --upgrade pip\n", &[2]),
    (
        "DS-0010",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN apt-get install sudo\nCMD [\"python3\", \"/srv/app.py\"]\n",
        &[],
    ),
    // yum_clean_all_missing_test.rego (DS-0015).
    (
        "DS-0015",
        "FROM centos:7\nRUN yum install vim\nRUN pip install --no-cache-dir -r /srv/requirements.txt\nCMD [\"python\", \"/srv/app.py\"]\n",
        &[2],
    ),
    ("DS-0015", "FROM centos:7\nRUN yum clean all && yum -y install vim\n", &[2]),
    ("DS-0015", "FROM centos:7\nRUN yum -y install bash && yum clean all && yum -y install zsh\n", &[2]),
    (
        "DS-0015",
        "FROM centos:7\nRUN yum -y install bash && yum clean all && yum -y install zsh && yum clean all\n",
        &[],
    ),
    ("DS-0015", "FROM centos:7\nRUN yum -y install vim && yum clean all\n", &[]),
    (
        "DS-0015",
        "FROM centos:7\nRUN if [ \"$WITH_TBB\" = \"yes\" ]; then yum -y install tbb tbb-devel && yum clean -y all; fi\n",
        &[],
    ),
    ("DS-0015", "FROM centos:7\nRUN yum -y install bash && yum clean metadata\n", &[2]),
    ("DS-0015", "FROM centos:7\nRUN yum clean all\n", &[]),
    // update_instruction_alone_test.rego (DS-0017).
    (
        "DS-0017",
        "FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends mysql-client && rm -rf /var/lib/apt/lists/*\nENTRYPOINT [\"mysql\"]\n",
        &[2],
    ),
    ("DS-0017", "FROM ubuntu:22.04\nRUN [\"apt-get\", \"update\"]\nENTRYPOINT [\"mysql\"]\n", &[2]),
    (
        "DS-0017",
        "FROM ubuntu:22.04\nRUN apt-get update && adduser --disabled-password mike\nRUN apt-get install -y --no-install-recommends mysql-client && rm -rf /var/lib/apt/lists/*\n",
        &[2],
    ),
    (
        "DS-0017",
        "FROM ubuntu:22.04\nRUN apt-get update -y && apt-get upgrade -y && apt-get install -y curl\n",
        &[],
    ),
    (
        "DS-0017",
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends mysql-client && rm -rf /var/lib/apt/lists/*\nRUN apk update && apk add --no-cache git ca-certificates\nRUN apk --update add easy-rsa\nRUN /bin/sh /scripts/maintain.sh update\n",
        &[],
    ),
    ("DS-0017", "FROM ubuntu:22.04\nRUN apt-get update -y ; apt-get install -y curl\n", &[]),
    ("DS-0017", "FROM ubuntu:22.04\nRUN test -d /srv && apt-get update && apt upgrade --yes\n", &[]),
    ("DS-0017", "FROM alpine:3.20\nRUN echo \"hello\"\n", &[]),
    ("DS-0017", "FROM sbtscala/scala-sbt:eclipse-temurin-21.0.2_13_1.9.9_3.4.0\nCOPY build.sbt version.sbt ./\nRUN sbt update\n", &[]),
    ("DS-0017", "FROM fedora:40\nRUN dnf update && dnf install -y dnf-plugins-core\n", &[]),
    ("DS-0017", "FROM opensuse/tumbleweed\nRUN zypper up -y && zypper install -y curl wget zip unzip tar git\n", &[]),
    ("DS-0017", "FROM centos:7\nRUN yum update -y && yum -y install java-11-openjdk\n", &[]),
    // missing_dnf_clean_all_test.rego (DS-0019).
    (
        "DS-0019",
        "FROM fedora:40\nRUN set -uex && dnf config-manager --add-repo https://download.docker.com/linux/fedora/docker-ce.repo && dnf install -vy docker-ce\n",
        &[2],
    ),
    (
        "DS-0019",
        "FROM fedora:40\nRUN set -uex && dnf config-manager --add-repo https://download.docker.com/linux/fedora/docker-ce.repo && dnf install -vy docker-ce && dnf clean all\n",
        &[],
    ),
    ("DS-0019", "FROM fedora:40\nRUN dnf clean all && dnf install -vy docker-ce\n", &[2]),
    ("DS-0019", "FROM fedora:40\nRUN dnf install bash && dnf clean all && dnf install zsh\n", &[2]),
    (
        "DS-0019",
        "FROM fedora:40\nRUN dnf install bash && dnf clean all && dnf install zsh && dnf clean all\n",
        &[],
    ),
    // missing_zypper_clean_test.rego (DS-0020).
    ("DS-0020", "FROM opensuse/leap:15.6\nRUN zypper install\n", &[2]),
    ("DS-0020", "FROM opensuse/leap:15.6\nRUN zypper patch bash\n", &[2]),
    ("DS-0020", "FROM opensuse/leap:15.6\nRUN zypper install bash && zypper clean\n", &[]),
    (
        "DS-0020",
        "FROM opensuse/leap:15.6\nRUN zypper install bash && zypper clean && zypper remove bash && zypper cc\n",
        &[],
    ),
    // apt_get_missing_yes_flag_to_avoid_manual_input_test.rego (DS-0021).
    ("DS-0021", "FROM node:20\nRUN apt-get install python3=3.11.2-1\n", &[2]),
    ("DS-0021", "FROM node:20\nRUN [\"apt-get\", \"install\", \"apt-utils\"]\n", &[2]),
    ("DS-0021", "FROM node:20\nRUN apt-get -fmy install apt-utils\n", &[]),
    ("DS-0021", "FROM node:20\nRUN apt-get install -fmy apt-utils\n", &[]),
    ("DS-0021", "FROM node:20\nRUN apt-get install --assume-yes apt-utils\n", &[]),
    ("DS-0021", "FROM node:20\nRUN [\"apt-get\", \"-fmy\", \"install\", \"apt-utils\"]\n", &[]),
    ("DS-0021", "FROM node:20\nRUN [\"apt-get\", \"--yes\", \"-q\", \"install\", \"apt-utils\"]\n", &[]),
    ("DS-0021", "FROM node:20\nRUN apt-get update && apt-get -y install apt-utils\n", &[]),
    (
        "DS-0021",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install tzdata postgresql-15 -y && rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    // run_apt_get_dist_upgrade_test.rego (DS-0024).
    ("DS-0024", "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade\n", &[2]),
    ("DS-0024", "FROM debian:12\nRUN apt-get update && apt-get -q dist-upgrade\n", &[2]),
    ("DS-0024", "FROM debian:12\nRUN apt-get update && apt-get --quiet dist-upgrade\n", &[2]),
    ("DS-0024", "FROM debian:12\nRUN apt-get update && apt-get upgrade\n", &[]),
    // missing_apk_no_cache_test.rego (DS-0025).
    (
        "DS-0025",
        "FROM alpine:3.20\nRUN apk add python3\nRUN pip install --no-cache-dir -r /srv/requirements.txt\nCMD [\"python3\", \"/srv/app.py\"]\n",
        &[2],
    ),
    ("DS-0025", "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"python3\"]\n", &[2]),
    ("DS-0025", "FROM alpine:3.20\nRUN apk add --no-cacher bash\n", &[2]),
    ("DS-0025", "FROM alpine:3.20\nRUN apk add bash --no-cache\n", &[]),
    ("DS-0025", "FROM alpine:3.20\nRUN apk add --no-cache python3\n", &[]),
    ("DS-0025", "FROM alpine:3.20\nRUN apk upgrade --no-cache && apk add python3\n", &[2]),
    // no_healthcheck_instruction_test.rego (DS-0026).
    (
        "DS-0026",
        "FROM golang:1.22 AS build\nCMD [\"./app\"]\nFROM alpine:3.20\nHEALTHCHECK CMD /bin/healthcheck\nCMD [\"./app\"]\n",
        &[],
    ),
    // missing_microdnf_clean_all_test.rego (DS-0027).
    ("DS-0027", "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN set -uex && microdnf install -vy docker-ce\n", &[2]),
    (
        "DS-0027",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN set -uex && microdnf install -vy docker-ce && microdnf clean all\n",
        &[],
    ),
    ("DS-0027", "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf clean all && microdnf install -vy docker-ce\n", &[2]),
    (
        "DS-0027",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install bash && microdnf clean all && microdnf install zsh\n",
        &[2],
    ),
    (
        "DS-0027",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install bash && microdnf clean all && microdnf install zsh && microdnf clean all\n",
        &[],
    ),
    // apt_get_missing_no_install_recommends_test.rego (DS-0029).
    ("DS-0029", "FROM node:20\nRUN apt-get install -y python3=3.11.2-1\n", &[2]),
    ("DS-0029", "FROM node:20\nRUN [\"apt-get\", \"install\", \"-y\", \"apt-utils\"]\n", &[2]),
    ("DS-0029", "FROM node:20\nRUN apt-get -fmy install --no-install-recommends apt-utils\n", &[]),
    ("DS-0029", "FROM node:20\nRUN apt-get --no-install-recommends install -fmy apt-utils\n", &[]),
    (
        "DS-0029",
        "FROM node:20\nRUN [\"apt-get\", \"--yes\", \"-q\", \"--no-install-recommends\", \"install\", \"apt-utils\"]\n",
        &[],
    ),
    ("DS-0029", "FROM node:20\nRUN apt-get update && apt-get --no-install-recommends -y install apt-utils\n", &[]),
    (
        "DS-0029",
        "FROM debian:12-slim\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata postgresql-15 --no-install-recommends && rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    // leaked_secrets_test.rego (DS-0031).
    ("DS-0031", "FROM busybox:1.36\nENV GITHUB_TOKEN=placeholder\n", &[2]),
    ("DS-0031", "FROM busybox:1.36\nARG GITHUB_TOKEN=placeholder\n", &[2]),
    ("DS-0031", "FROM busybox:1.36\nARG GITHUB_TOKEN\n", &[2]),
    ("DS-0031", "FROM busybox:1.36\nARG VITE_AWS_ACCESS_KEY_ID=REPLACE_WITH_YOUR_OWN\n", &[2]),
    (
        "DS-0031",
        "FROM busybox:1.36\nENV GOOGLE_APPLICATION_CREDENTIALS=/credentials/storage-service.json\n",
        &[],
    ),
    (
        "DS-0031",
        "FROM busybox:1.36\nCOPY /src /src\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/storage-service.json\n",
        &[],
    ),
    // leaked_secrets_test.rego: a credential file copied into the image and
    // named by GOOGLE_APPLICATION_CREDENTIALS or AWS_CONFIG_FILE (PL403).
    ("DS-0031", "FROM busybox:1.36\nCOPY ./config $AWS_CONFIG_FILE\n", &[2]),
    (
        "DS-0031",
        "FROM busybox:1.36\nCOPY /src /app/\nENV GOOGLE_APPLICATION_CREDENTIALS=./app/storage-service.json\n",
        &[3],
    ),
    (
        "DS-0031",
        "FROM busybox:1.36\nCOPY . .\nENV GOOGLE_APPLICATION_CREDENTIALS=\"./news-reader.json\"\n",
        &[3],
    ),
    (
        "DS-0031",
        "FROM busybox:1.36\nCOPY /src /app/\nARG GOOGLE_APPLICATION_CREDENTIALS=./app/storage-service.json\n",
        &[3],
    ),
    (
        "DS-0031",
        "FROM amazon/aws-cli:2.17.0\nRUN aws configure set aws_access_key_id example-id && aws configure set aws_secret_access_key example-key\n",
        &[2],
    ),
    (
        "DS-0031",
        "FROM amazon/aws-cli:2.17.0\nRUN --mount=type=secret,id=aws-key-id,env=AWS_ACCESS_KEY_ID --mount=type=secret,id=aws-secret-key,env=AWS_SECRET_ACCESS_KEY aws configure set aws_access_key_id $(cat /run/secrets/aws-key-id) && aws configure set aws_secret_access_key $(cat /run/secrets/aws-secret-key)\n",
        &[],
    ),
];

static TRIVY_DELIBERATE: &[Deliberate] = &[
    // no_healthcheck_instruction_test.rego: `CMD ["./app"]` with no port
    // may be a job or a tool as well as a service.
    (
        "DS-0026",
        "FROM busybox:1.36 AS build\nRUN echo build\nFROM alpine:3.20\nCMD [\"./app\"]\n",
        &[],
        "PL503 advises a health check only for an image that runs a service",
    ),
    // latest_tag_test.rego reports `FROM alpine$TAG` when TAG has no
    // default; the build argument may well hold `:3.20`, so PL201 judges
    // only what no value of the argument can change.
    (
        "DS-0001",
        "ARG TAG\nFROM alpine$TAG\n",
        &[],
        "the tag may come from the build argument",
    ),
    // update_instruction_alone_test.rego reports `yum/dnf update` and
    // `zypper up` alone; those upgrade packages (they install), they do not
    // only refresh an index for a later RUN (PL301's docs).
    (
        "DS-0017",
        "FROM fedora:40\nRUN dnf update -y\n",
        &[],
        UPGRADE_INSTALLS,
    ),
    (
        "DS-0017",
        "FROM opensuse/tumbleweed\nRUN zypper up -y\n",
        &[],
        UPGRADE_INSTALLS,
    ),
    (
        "DS-0017",
        "FROM centos:7\nRUN yum update -y\n",
        &[],
        UPGRADE_INSTALLS,
    ),
];

const UPGRADE_INSTALLS: &str =
    "an upgrade installs packages; it is not an index refresh left alone";

static TRIVY_GAPS: &[Case] = &[];

#[test]
fn trivy() {
    run(Tool::Trivy, TRIVY, TRIVY_DELIBERATE, TRIVY_GAPS);
}

// ---------------------------------------------------------------------------
// Checkov: bridgecrewio/checkov tests/dockerfile/checks/example_<Check>/
// {success,failure}*/Dockerfile and the checks' graph YAML tests.
// ---------------------------------------------------------------------------

static CHECKOV: &[Case] = &[
    // example_ExposePort22 (CKV_DOCKER_1).
    ("CKV_DOCKER_1", "FROM debian:12\nEXPOSE 3000 80 443 22\n", &[2]),
    ("CKV_DOCKER_1", "FROM debian:12\nEXPOSE 22/tcp\n", &[2]),
    ("CKV_DOCKER_1", "FROM debian:12\nEXPOSE 3000 80 443\n", &[]),
    // example_HealthcheckExists (CKV_DOCKER_2).
    (
        "CKV_DOCKER_2",
        "FROM debian:12\nLABEL team=\"web shop\"\nUSER  app\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[],
    ),
    // example_UserExists (CKV_DOCKER_3).
    ("CKV_DOCKER_3", "FROM debian:12\nLABEL team=\"web shop\"\n", &[1]),
    ("CKV_DOCKER_3", "FROM debian:12\nLABEL team=\"web shop\"\nCMD [\"gosu\"]\n", &[1]),
    ("CKV_DOCKER_3", "FROM debian:12\nLABEL team=\"web shop\"\nENTRYPOINT [\"gosu\"]\n", &[1]),
    ("CKV_DOCKER_3", "FROM debian:12\nLABEL team=\"web shop\"\nUSER app\n", &[]),
    (
        "CKV_DOCKER_3",
        "FROM debian:12\nLABEL team=\"web shop\"\nENTRYPOINT [\"gosu\", \"app\", \"tini\", \"--\", \"/bin/sh\"]\n",
        &[],
    ),
    // example_UpdateNotAlone (CKV_DOCKER_5).
    ("CKV_DOCKER_5", "FROM alpine:3.20\nRUN apk update\n", &[2]),
    (
        "CKV_DOCKER_5",
        "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends jq \\\n && echo done\nRUN apk update \\\n && apk add --no-cache git curl\nRUN apk --update add make\n",
        &[],
    ),
    // example_ReferenceLatestTag (CKV_DOCKER_7).
    ("CKV_DOCKER_7", "FROM alpine\nRUN echo hi\n", &[1]),
    ("CKV_DOCKER_7", "FROM alpine:latest\nRUN echo hi\n", &[1]),
    ("CKV_DOCKER_7", "FROM alpine:3.20\nRUN echo hi\n", &[]),
    ("CKV_DOCKER_7", "ARG BASE_IMAGE=node:20.14.0\nFROM ${BASE_IMAGE}\n", &[]),
    (
        "CKV_DOCKER_7",
        "FROM alpine:3 AS base\nCOPY run.sh /run.sh\nFROM base AS build\nLABEL team=web\nFROM base\n",
        &[],
    ),
    (
        "CKV_DOCKER_7",
        "FROM --platform=$BUILDPLATFORM python:3.12-slim AS build\nCOPY run.sh /run.sh\nFROM build as run\nLABEL team=web\n",
        &[],
    ),
    ("CKV_DOCKER_7", "FROM scratch AS base\nCOPY app /app\nFROM base\n", &[]),
    // example_RootUser (CKV_DOCKER_8).
    ("CKV_DOCKER_8", "FROM debian:12\nUSER root\n", &[2]),
    ("CKV_DOCKER_8", "FROM debian:12\nUSER root\nCOPY run.sh /run.sh\nUSER app\n", &[]),
    // example_RunUsingAPT (CKV_DOCKER_9).
    (
        "CKV_DOCKER_9",
        "FROM ubuntu:24.04\nRUN apt install curl\nRUN apt-get update && apt-get install --yes --no-install-recommends git\n",
        &[2],
    ),
    (
        "CKV_DOCKER_9",
        "FROM ubuntu:24.04\nRUN apt update && \\\n    apt-get install --yes --no-install-recommends git && \\\n    apt-get clean autoclean && \\\n    apt-get autoremove --yes\n",
        &[2],
    ),
    ("CKV_DOCKER_9", "FROM busybox:1.36\nRUN apt-get install curl\n", &[]),
    (
        "CKV_DOCKER_9",
        "FROM ubuntu:24.04\nRUN apt-get update && \\\n    apt-get install --yes --no-install-recommends git && \\\n    apt-get clean autoclean && \\\n    apt-get autoremove --yes\n",
        &[],
    ),
    (
        "CKV_DOCKER_9",
        "FROM cypress/included:13.6.1\nRUN apt-get update -qq && apt-get install -y gnupg curl && \\\n    curl -sf https://packages.example.com/apt/key.gpg | apt-key --keyring /usr/share/keyrings/example.gpg add - && \\\n    apt-get update && apt-get install -y example-sdk && apt-get clean\n",
        &[],
    ),
    // graph_builder/checks/resources/RunUsingSudo and RunChpasswd.
    ("CKV2_DOCKER_1", "FROM busybox:1.36\n\nRUN sudo apt-get install git\n", &[3]),
    ("CKV2_DOCKER_1", "FROM busybox:1.36\n\nRUN apt-get update \\\n && sudo apt-get install vim\n", &[3]),
    ("CKV2_DOCKER_1", "FROM busybox:1.36\n\nRUN apt-get install sudoku\n", &[]),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN echo 'root:root' | chpasswd\n", &[2]),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN echo 'root:' | chpasswd\n", &[2]),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN apt-get update && echo \"builder:hunter22\" | chpasswd && echo done\n", &[2]),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN apt-get update ;\\\n    apt-get clean ; \\\n    echo 'root:root' | chpasswd\n", &[2]),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN chpasswd < input.txt\n", &[2]),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN chgrp root /etc/passwd\n", &[]),
    // CKV2_DOCKER_1 (graph check): sudo in RUN.
    ("CKV2_DOCKER_1", "FROM ubuntu:24.04\nRUN sudo apt-get install -y curl\n", &[2]),
    ("CKV2_DOCKER_1", "FROM ubuntu:24.04\nRUN apt-get install -y sudo\n", &[]),
    // CKV2_DOCKER_17 (graph check): chpasswd.
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN echo 'root:toor' | chpasswd\n", &[2]),
    (
        "CKV2_DOCKER_17",
        "FROM ubuntu:24.04\nRUN useradd -m -s /bin/bash admin && echo \"admin:password\" | chpasswd\n",
        &[2],
    ),
    ("CKV2_DOCKER_17", "FROM ubuntu:24.04\nRUN useradd --no-log-init -m app\n", &[]),
];

#[test]
fn checkov() {
    run(Tool::Checkov, CHECKOV, CHECKOV_DELIBERATE, &[]);
}

static CHECKOV_DELIBERATE: &[Deliberate] = &[
    // example_HealthcheckExists: a `debian` image with no command of its
    // own is a base for other images.
    (
        "CKV_DOCKER_2",
        "FROM debian:12\nLABEL team=\"web shop\"\nUSER app\n",
        &[],
        "PL503 advises a health check only for an image that runs a service",
    ),
];

// ---------------------------------------------------------------------------
// KICS: Checkmarx/kics assets/queries/dockerfile/<query>/test/
// {positive,negative}*.dockerfile.
// ---------------------------------------------------------------------------

static KICS: &[Case] = &[
    // apt_get_install_pin_version_not_defined.
    ("Apt Get Install Pin Version Not Defined", "FROM busybox:1.36\nRUN apt-get install python3=3.11.2-1\n", &[]),
    (
        "Apt Get Install Pin Version Not Defined",
        "FROM busybox:1.36\nRUN apt-get update; \\\n    apt-get install -y \\\n    python3-yaml=6.0 \\\n    python3-pip=23.0.1 \\\n    python3-pyqt5=5.15\n",
        &[],
    ),
    (
        "Apt Get Install Pin Version Not Defined",
        "FROM busybox:1.36\nRUN apt-get install python3=3.11.2-1 ; echo \"A\" && echo \"B\"\n",
        &[],
    ),
    ("Apt Get Install Pin Version Not Defined", "from busybox:1.36\nrun apt-get install python3=3.11.2-1\n", &[]),
    ("Apt Get Install Pin Version Not Defined", "from busybox:1.36\nrun apt-get install python3\n", &[2]),
    (
        "Apt Get Install Pin Version Not Defined",
        "from busybox:1.36\nrun [\"apt-get\", \"install\", \"python3\"]\n",
        &[2],
    ),
    (
        "Apt Get Install Pin Version Not Defined",
        "from busybox:1.36\nrun apt-get update && apt-get install -y \\\n    python3-yaml \\\n    python3-pip \\\n    python3-pyqt5\n",
        &[2],
    ),
    // missing_user_instruction.
    (
        "Missing User Instruction",
        "FROM python:3.12\nRUN pip install Flask==3.0.3\nRUN useradd -ms /bin/bash pat\nCOPY --chown=pat:pat app /app\nWORKDIR /app\nUSER pat\nCMD [\"python\", \"app.py\"]\n",
        &[],
    ),
    ("Missing User Instruction", "FROM python:3.12\nRUN pip install Flask==3.0.3\nCMD [\"python\", \"app.py\"]\n", &[1]),
    (
        "Missing User Instruction",
        "FROM python:3.12\nRUN pip install Flask==3.0.3\nRUN useradd -ms /bin/bash pat\nCOPY --chown=pat:pat app /app\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n",
        &[1],
    ),
    (
        "Missing User Instruction",
        "from python:3.12\nrun pip install Flask==3.0.3\nrun useradd -ms /bin/bash pat\ncopy --chown=pat:pat app /app\nworkdir /app\ncmd [\"python\", \"app.py\"]\n",
        &[1],
    ),
    (
        "Missing User Instruction",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\n",
        &[6],
    ),
    (
        "Missing User Instruction",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[],
    ),
    // last_user_is_root.
    // last_user_is_root/test: the ways to write UID 0, and non-root users
    // whose group is root.
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN npm install\nUSER guest\n", &[]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN npm install\nUSER 1000:0\n", &[]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN npm install\nUSER guest:root\n", &[]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN npm install\nUSER 01000\n", &[]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN npm install\nuser guest\n", &[]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root:root\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER 0\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER 0:0\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root:0\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER 0:root\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root:wheel\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER 0:1000\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER 000\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER 00:1000\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER +0:wheel\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER -0\nRUN npm install\n", &[2]),
    ("Last User Is 'root'", "FROM alpine:3.20\nuser root\nRUN npm install\n", &[2]),
    (
        "Last User Is 'root'",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\nUSER root\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[],
    ),
    ("Last User Is 'root'", "FROM alpine:3.20\nRUN apk add --no-cache git\nUSER root\nCMD [\"git\"]\n", &[3]),
    ("Last User Is 'root'", "FROM alpine:3.20\nUSER root\nRUN apk add --no-cache git\nUSER git\n", &[]),
    // run_using_sudo.
    // run_using_sudo, run_using_apt, missing_flag_from_dnf_install and
    // yum_install_allows_manual_input tests.
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN pip install --upgrade pip\n", &[]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN apt-get install sudo\n", &[]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN [\"pip\", \"install\", \"--upgrade\", \"pip\"]\n", &[]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN [\"apt-get\", \"install\", \"-y\", \"vim\"]\n", &[]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN sudo pip install --upgrade pip\n", &[3]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN [\"sudo\", \"pip\", \"install\", \"--upgrade\", \"pip\"]\n", &[3]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN sudo pip install --upgrade pip\nRUN sudo apt-get install -y vim\n", &[3, 4]),
    ("Run Using Sudo", "from alpine:3.20\nrun apk add --update py3-pip\nrun sudo pip install --upgrade pip\n", &[3]),
    ("Run Using apt", "FROM busybox:1.36\nRUN apt-get install curl\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n", &[]),
    ("Run Using apt", "FROM busybox:1.36\nRUN apt install curl\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n", &[2]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN set -uex && \\\n    dnf config-manager --set-enabled docker-ce-test && \\\n    dnf install -y docker-ce && \\\n    dnf clean all\n", &[]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN set -uex && \\\n    dnf config-manager --set-enabled docker-ce-test && \\\n    dnf install docker-ce && \\\n    dnf clean all\n", &[2]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN set -uex; \\\n    dnf config-manager --set-enabled docker-ce-test; \\\n    dnf install docker-ce; \\\n    dnf clean all\n", &[2]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN set -uex\nRUN dnf config-manager --set-enabled docker-ce-test\nRUN dnf in docker-ce\nRUN dnf clean all\n", &[4]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN microdnf install -y \\\n    openssl-libs-1:3.2.2-9.fc40.x86_64 \\\n    zlib-1.3.1-1.fc40.x86_64 \\\n && microdnf clean all\n", &[]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN microdnf install \\\n    openssl-libs-1:3.2.2-9.fc40.x86_64 \\\n    zlib-1.3.1-1.fc40.x86_64 \\\n && microdnf clean all\n", &[2]),
    ("Missing Flag From Dnf Install", "ARG BASE_REGISTRY\n# hadolint ignore=DL3006\nFROM ${BASE_REGISTRY:-mcr.microsoft.com}/azure-cli AS installer\nARG TOOL_VERSION=2.12.0\nRUN tdnf install -y \\\n    jq \\\n    tar \\\n    python3-requests\n", &[]),
    ("Missing Flag From Dnf Install", "ARG BASE_REGISTRY\n# hadolint ignore=DL3006\nFROM ${BASE_REGISTRY:-mcr.microsoft.com}/azure-cli AS installer\nARG TOOL_VERSION=2.12.0\nRUN tdnf install \\\n    jq \\\n    tar \\\n    python3-requests\n", &[5]),
    ("Yum Install Allows Manual Input", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN sudo yum install -y bundler\nCMD [\"python3\", \"/srv/app.py\"]\nRUN [\"pwsh.exe\", \"-NoLogo\", \"-Command\", \"vcpkg integrate install\"]\n", &[]),
    ("Yum Install Allows Manual Input", "FROM alpine:3.20\nRUN apk add --update py3-pip\nRUN sudo yum install bundler\nCMD [\"python3\", \"/srv/app.py\"]\n", &[3]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN sudo pip install --upgrade pip\n", &[2]),
    ("Run Using Sudo", "FROM alpine:3.20\nRUN pip install --upgrade pip\n", &[]),
    // image_version_using_latest / image_version_not_explicit.
    ("Image Version Using 'latest'", "FROM alpine:latest\n", &[1]),
    ("Image Version Using 'latest'", "FROM alpine:3.20\n", &[]),
    // image_version_not_explicit/test and image_version_using_latest/test.
    (
        "Image Version Not Explicit",
        "FROM alpine:3.20\nRUN apk add --no-cache py3-pip\nEXPOSE 5000\nARG IMAGE=alpine:3.20\nFROM $IMAGE\nCMD [\"python3\", \"/srv/app.py\"]\n",
        &[],
    ),
    (
        "Image Version Not Explicit",
        "FROM ubuntu:24.04 AS test\nRUN echo hello\n\nFROM test AS build\nRUN echo build\n\nFROM build AS final\nRUN echo final\n",
        &[],
    ),
    (
        "Image Version Not Explicit",
        "FROM ubuntu@sha256:b59d21599a2b151e23eea5f6602f4af4d7d31c4e236d22bf0b62b86d2e386b8f as base\nRUN echo base\n\nFROM base\nRUN echo one\n",
        &[],
    ),
    (
        "Image Version Not Explicit",
        "FROM ubuntu:24.04 AS t1\nRUN echo 1\nFROM t1 AS t2\nRUN echo 2\nFROM t2 AS t3\nRUN echo 3\nFROM t3 AS t4\nRUN echo 4\nFROM t4\nRUN echo 5\n",
        &[],
    ),
    (
        "Image Version Not Explicit",
        "FROM ubuntu:24.04 AS test\nRUN echo hello\n\nFROM test AS build\nRUN echo build\n\nFROM construction AS final\nRUN echo final\n",
        &[7],
    ),
    (
        "Image Version Not Explicit",
        "FROM ubuntu:24.04 AS test\nRUN echo hello\n\nFROM helper\nRUN echo helper\n\nFROM helper2\nRUN echo helper2\n",
        &[4, 7],
    ),
    (
        "Image Version Not Explicit",
        "FROM ubuntu:24.04 AS t1\nRUN echo d\nFROM t1 AS t2\nRUN echo d\nFROM later_one\nRUN echo d\nFROM t3 AS later_two\nRUN echo d\nFROM t2 AS t3\nRUN echo d\nFROM t3 AS later_one\nRUN echo d\n",
        &[5, 7],
    ),
    (
        "Image Version Using 'latest'",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nCMD [\"python3\", \"/srv/app.py\"]\n\nFROM 923847651029.dkr.ecr.eu-west-1.amazonaws.com/echo/echo-fips:latest@sha256:a1f3c2e9b0d74682f5a3c1e8b2d09f47c6e1a3b8d2f04c7e9a1b3d5f7c2e4a6b\nRUN apk add --update py3-pip\n",
        &[],
    ),
    (
        "Image Version Using 'latest'",
        "FROM alpine:latest\nRUN apk add --update py3-pip\nCMD [\"python3\", \"/srv/app.py\"]\n",
        &[1],
    ),
    ("Image Version Not Explicit", "FROM alpine\nRUN apk add --no-cache git\n", &[1]),
    ("Image Version Not Explicit", "FROM alpine:3.20\nRUN apk add --no-cache git\n", &[]),
    (
        "Image Version Not Explicit",
        "FROM alpine:3.20 AS base\nRUN apk add --no-cache git\nFROM base\nRUN git --version\n",
        &[],
    ),
    // exposing_port_22.
    ("Exposing Port 22 (SSH)", "FROM gliderlabs/alpine:3.4\nEXPOSE 3000 80 443 22\n", &[2]),
    ("Exposing Port 22 (SSH)", "FROM gliderlabs/alpine:3.4\nEXPOSE 3000 80 443\n", &[]),
    (
        "Exposing Port 22 (SSH)",
        "from alpine:3.20\nrun apk --no-cache add nginx\nexpose 3000 80 443 22\ncmd [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[3],
    ),
    (
        "Exposing Port 22 (SSH)",
        "from alpine:3.20\nrun apk --no-cache add nginx\nexpose 80\ncmd [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[],
    ),
    // healthcheck_instruction_missing.
    ("Healthcheck Instruction Missing", "FROM node:20\nWORKDIR /app\nCMD [\"node\", \"server.js\"]\n", &[1]),
    // healthcheck_instruction_missing/test: positive2/3, negative2/3.
    (
        "Healthcheck Instruction Missing",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[],
    ),
    (
        "Healthcheck Instruction Missing",
        "from node:20-alpine\nworkdir /usr/src/app\ncopy package*.json ./\nrun npm ci\ncopy . .\nexpose 3000\ncmd [\"node\",\"app.js\"]\n",
        &[1],
    ),
    (
        "Healthcheck Instruction Missing",
        "from node:20-alpine\nworkdir /usr/src/app\ncopy package*.json ./\nrun npm ci\ncopy . .\nexpose 3000\nhealthcheck CMD curl --fail http://localhost:3000 || exit 1\ncmd [\"node\",\"app.js\"]\n",
        &[],
    ),
    (
        "Healthcheck Instruction Missing",
        "FROM node:20\nWORKDIR /app\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\nCMD [\"node\", \"server.js\"]\n",
        &[],
    ),
    // update_instruction_alone.
    // update_instruction_alone/test.
    (
        "Update Instruction Alone",
        "FROM ubuntu:24.04\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends mysql-client \\\n    && rm -rf /var/lib/apt/lists/*\nENTRYPOINT [\"mysql\"]\n",
        &[2],
    ),
    ("Update Instruction Alone", "FROM opensuse/leap:15.6\nRUN zypper refresh\nRUN zypper install nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", &[2]),
    ("Update Instruction Alone", "FROM debian:12\nRUN apt update\nRUN apt install nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", &[2]),
    ("Update Instruction Alone", "from alpine:3.20\nrun apk update\nrun apk add nginx\ncmd [\"nginx\", \"-g\", \"daemon off;\"]\n", &[2]),
    (
        "Update Instruction Alone",
        "FROM ubuntu:24.04\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends mysql-client \\\n    && rm -rf /var/lib/apt/lists/*\nENTRYPOINT [\"mysql\"]\n",
        &[],
    ),
    (
        "Update Instruction Alone",
        "FROM alpine:3.20\nRUN apk update && apk add nginx\nRUN apk --update-cache add vim\nRUN apk -U add nano\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[],
    ),
    (
        "Update Instruction Alone",
        "from ubuntu:24.04\nrun apt-get update \\\n    && apt-get install -y --no-install-recommends mysql-client \\\n    && rm -rf /var/lib/apt/lists/*\nrun apk update \\\n    && apk add --no-cache git ca-certificates\nrun apk --update add easy-rsa\nentrypoint [\"mysql\"]\n",
        &[],
    ),
    (
        "Update Instruction Alone",
        "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y netcat-openbsd \\\n    && apt-get update && apt-get install -y supervisor\nENTRYPOINT [\"mysql\"]\n",
        &[],
    ),
    ("Update Instruction Alone", "FROM archlinux:base\nRUN pacman -Syu && pacman -S nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", &[]),
    ("Update Instruction Alone", "FROM debian:12\nRUN apt-get update && apt-get install -y nginx\n", &[]),
    // Package flags and pins, per manager.
    // apt_get_missing_flags_to_avoid_manual_input/test: one RUN each.
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN apt-get -y install apt-utils\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN apt-get -qy install git gcc\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"apt-get\", \"-y\", \"install\", \"apt-utils\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"pwsh.exe\", \"-NoLogo\", \"-Command\", \"vcpkg integrate install\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN apt-get --yes install apt-utils\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"sudo\", \"apt-get\", \"--yes\", \"install\", \"apt-utils\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN sudo apt-get -qq install apt-utils\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"apt-get\", \"-qq\", \"install\", \"apt-utils\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN apt-get --assume-yes install apt-utils\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"sudo\", \"apt-get\", \"--assume-yes\", \"install\", \"apt-utils\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN sudo apt-get -q=2 install apt-utils\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"apt-get\", \"-q=2\", \"install\", \"apt-utils\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN apt-get --quiet --quiet install sl\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"apt-get\", \"--quiet\", \"--quiet\", \"install\", \"apt-utils\"]\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN apt-get -q -q install sl\n", &[]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"sudo\", \"apt-get\", \"-q\", \"install\", \"apt-utils\"]\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN sudo apt-get -q install apt-utils\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"sudo\", \"apt-get\", \"--quiet\", \"install\", \"apt-utils\"]\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN sudo apt-get --quiet install sl\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"apt-get\", \"--quiet\", \"install\", \"apt-utils\"]\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nRUN [\"apt-get\", \"-q\", \"install\", \"apt-utils\"]\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nrun apt-get install python3=3.11.2-1\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM node:20\nrun [\"apt-get\", \"install\", \"apt-utils\"]\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM debian:12\nRUN apt-get install python3\n", &[2]),
    ("APT-GET Missing Flags To Avoid Manual Input", "FROM debian:12\nRUN apt-get install -y python3\n", &[]),
    ("APT-GET Not Avoiding Additional Packages", "FROM debian:12\nRUN apt-get install -y python3\n", &[2]),
    // apt_get_not_avoiding_additional_packages/test.
    ("APT-GET Not Avoiding Additional Packages", "from node:20\nrun apt-get install apt-utils\n", &[2]),
    ("APT-GET Not Avoiding Additional Packages", "from node:20\nrun [\"apt-get\", \"install\", \"apt-utils\"]\n", &[2]),
    (
        "APT-GET Not Avoiding Additional Packages",
        "from node:20\nrun apt-get --no-install-recommends install apt-utils\n",
        &[],
    ),
    (
        "APT-GET Not Avoiding Additional Packages",
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends python3\n",
        &[],
    ),
    // apt_get_install_lists_were_not_deleted/test: each stage of the
    // positive and negative files as a Dockerfile of its own.
    ("Apt Get Install Lists Were Not Deleted", "FROM debian:12\nRUN apt-get update && apt-get install -y python3\n", &[2]),
    ("Apt Get Install Lists Were Not Deleted", "FROM debian:12\nRUN apt-get install python3\n", &[2]),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3\nRUN rm -rf /var/lib/apt/lists/*\n",
        &[2],
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3\nRUN rm -rf /var/lib/apt/lists/*\nRUN apt-get clean\n",
        &[2],
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends jq=1.6-2.1; \n",
        &[2],
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3 \\\n  && apt-get clean \\\n  && rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update; \\\n  apt-get install --no-install-recommends -y python3; \\\n  apt-get clean; \\\n  rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends jq=1.6-2.1; \\\n\trm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*\n",
        &[],
    ),
    // apk_add_using_local_cache_path/test: positive2/3, negative/2/3.
    (
        "Apk Add Using Local Cache Path",
        "FROM alpine:3.20\nRUN apk add --update-cache python3\nWORKDIR /app\nONBUILD COPY . /app\nONBUILD RUN virtualenv /env && /env/bin/pip install -r /app/requirements.txt\nEXPOSE 8080\nCMD [\"/env/bin/python\", \"main.py\"]\n",
        &[2],
    ),
    (
        "Apk Add Using Local Cache Path",
        "from alpine:3.20\nrun apk add --no-cache python3\nworkdir /app\nonbuild COPY . /app\nonbuild RUN virtualenv /env; \\\n    /env/bin/pip install -r /app/requirements.txt\nexpose 8080\ncmd [\"/env/bin/python\", \"main.py\"]\n",
        &[],
    ),
    ("Apk Add Using Local Cache Path", "FROM alpine:3.20\nRUN apk add --update-cache python3\n", &[2]),
    ("Apk Add Using Local Cache Path", "FROM alpine:3.20\nRUN apk add --no-cache python3\n", &[]),
    // unpinned_package_version_in_apk_add, yum_install_without_version,
    // missing_version_specification_in_dnf_install and
    // zypper_install_without_version tests, one stage or RUN each.
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add --update py3-pip\n", &[2]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add py3-pip && apk add tea\n", &[2]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add py3-pip \\\n    && rm -rf /tmp/*\n", &[2]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add --root /sysroot libimagequant \\\n    && minidlna\n", &[2]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"py3-pip\"]\n", &[2]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add --update py3-pip=24.0-r2\nRUN sudo pip install --upgrade pip\n", &[]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add --virtual .test py3-pip=24.0-r2\n", &[]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk --quiet --update --no-cache add libstdc++==13.2.1_git20240309-r0\n", &[]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN [\"apk\", \"add\", \"--virtual\", \".test\", \"py3-pip=24.0-r2\"]\n", &[]),
    ("Yum install Without Version", "FROM centos:7\nRUN yum install -y httpd && yum clean all\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n", &[2]),
    ("Yum install Without Version", "FROM centos:7\nENV RETHINKDB_PACKAGE_VERSION=2.4.0~0trusty\nRUN yum install -y rethinkdb-$RETHINKDB_PACKAGE_VERSION && yum clean all\nRUN [\"pwsh.exe\", \"-NoLogo\", \"-Command\", \"vcpkg integrate install\"]\n", &[]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN dnf -y update && dnf -y install httpd && dnf clean all\n", &[2]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN [\"dnf\", \"install\", \"httpd\"]\n", &[2]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN dnf install -v -y zip\n", &[2]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN dnf install zip -v\n", &[2]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN dnf -y update && dnf -y install httpd-2.4.62 && dnf clean all\n", &[]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN [\"dnf\", \"install\", \"httpd-2.4.62\"]\n", &[]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN dnf install -v zip-3.0\n", &[]),
    ("Zypper Install Without Version", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n", &[2]),
    ("Zypper Install Without Version", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\nRUN [\"pwsh.exe\", \"-NoLogo\", \"-Command\", \"vcpkg integrate install\"]\n", &[]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add --no-cache python3\n", &[2]),
    ("Unpinned Package Version in Apk Add", "FROM alpine:3.20\nRUN apk add --no-cache python3=3.12.3-r1\n", &[]),
    // unpinned_package_version_in_pip_install/test, one RUN each.
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN sudo pip install --upgrade pip=24.0 connexion=3.1.0\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip install --no-cache-dir -r /usr/src/app/requirements.txt\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip3 install requests=2.32.3\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip3 install -r pip_requirements.txt\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip3 install -c constraints.txt\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip install \\\n    --no-cache-dir \\\n    --index-url https://pypi.internal/simple \\\n    --trusted-host pypi.internal \\\n    requests==2.32.3 \\\n    flask==3.0.3\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip3 install --no-cache-dir --index-url https://pypi.internal/simple --trusted-host pypi.internal numpy==2.0.0\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"requests==2.32.3\"]\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN [\"pip\", \"install\", \"--trusted-host\", \"pypi.internal\", \"requests==2.32.3\"]\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip install --no-cache-dir --index-url https://pypi.internal/simple --trusted-host pypi.internal flask\n", &[2]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"requests\"]\n", &[2]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip install --upgrade pip\n", &[2]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip install --upgrade pip==24.0\n", &[]),
    ("Pip install Keeping Cached Packages", "FROM python:3.12\nRUN pip install --upgrade pip==24.0\n", &[2]),
    ("Pip install Keeping Cached Packages", "FROM python:3.12\nRUN pip install --no-cache-dir --upgrade pip==24.0\n", &[]),
    // npm_install_without_pinned_version/test: positive, positive1,
    // negative, negative1, one RUN each.
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax --no-cache\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax | grep fail && npm install sax@1.4.1\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax@1.4.1 | grep fail && npm install sax\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm i -g @angular/cli\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN [\"npm\",\"add\",\"sax\"]\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install \n", &[]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax@0.1.1\n", &[]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install git+ssh://git@github.com:acme/cli#semver:^5.0\n", &[]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install --production --no-cache\n", &[]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm config set registry https://npm.internal/ && \\\n    npm install && \\\n    npx vite build --mode $VITE_MODE\n", &[]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax\n", &[2]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install sax@1.4.1\n", &[]),
    ("NPM Install Command Without Pinned Version", "FROM node:20\nRUN npm install\n", &[]),
    // gem_install_without_version/test: positive, positive1, negative,
    // negative1 (versions given through variables count as pinned).
    (
        "Gem Install Without Version",
        "FROM ruby:3.3-alpine\nRUN apk add --no-cache py3-pip\nRUN gem install bundler\nRUN bundle install\nCOPY requirements.txt /usr/src/app/\nRUN pip install --no-cache-dir -r /usr/src/app/requirements.txt\nCMD [\"python3\", \"/usr/src/app/app.py\"]\n",
        &[3],
    ),
    ("Gem Install Without Version", "FROM ruby:3.3\nRUN [\"gem\", \"install\", \"rake\"]\n", &[2]),
    (
        "Gem Install Without Version",
        "FROM ruby:3.3-alpine\nRUN apk add --no-cache py3-pip\nRUN gem install bundler:2.5.11\nRUN bundle install\nCMD [\"python3\", \"/usr/src/app/app.py\"]\n",
        &[],
    ),
    (
        "Gem Install Without Version",
        "FROM ruby:3.3\nENV GRPC_VERSION=1.64.0\nRUN gem install grpc -v ${GRPC_RUBY_VERSION}\nRUN gem install grpc:${GRPC_VERSION} grpc-tools:${GRPC_VERSION}\n",
        &[],
    ),
    ("NPM Install Command Without Pinned Version", "from node:20\nrun npm config set registry <internal_npm_registry> && \\\n    npm install && \\\n    npx vite build --mode $VITE_MODE\n", &[]),
    ("Unpinned Package Version in Pip Install", "FROM python:3.12\nRUN pip install --user pip\n", &[2]),
    ("Unpinned Package Version in Pip Install", "from alpine:3.20\nrun sudo pip install --upgrade pip=24.0 connexion=3.1.0\nrun pip3 install requests=2.32.3\n", &[]),
    ("Gem Install Without Version", "from ruby:3.3\nrun gem install bundler:2.5.11\nrun bundle install\nenv GRPC_VERSION 1.64.0\nrun gem install grpc -v ${GRPC_RUBY_VERSION}\nrun gem install grpc:${GRPC_VERSION} grpc-tools:${GRPC_VERSION}\n", &[]),
    ("Gem Install Without Version", "from ruby:3.3\nrun gem install bundler\nrun [\"gem\", \"install\", \"rake\"]\n", &[2, 3]),
    ("Gem Install Without Version", "FROM ruby:3.3\nRUN gem install bundler\n", &[2]),
    ("Gem Install Without Version", "FROM ruby:3.3\nRUN gem install bundler:2.5.11\n", &[]),
    ("Yum install Without Version", "FROM centos:7\nRUN yum install -y httpd && yum clean all\n", &[2]),
    ("Yum install Without Version", "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n", &[]),
    ("Yum Install Allows Manual Input", "FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n", &[2]),
    ("Yum Install Allows Manual Input", "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n", &[]),
    ("Yum Clean All Missing", "FROM centos:7\nRUN yum install -y httpd-2.4.6\n", &[2]),
    ("Yum Clean All Missing", "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n", &[]),
    ("Missing Version Specification In dnf install", "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n", &[2]),
    (
        "Missing Version Specification In dnf install",
        "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
        &[],
    ),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN dnf install httpd-2.4.62 && dnf clean all\n", &[2]),
    ("Missing Flag From Dnf Install", "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n", &[]),
    ("Missing Dnf Clean All", "FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n", &[2]),
    ("Missing Dnf Clean All", "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n", &[]),
    // missing_zypper_non_interactive_switch, yum_clean_all_missing,
    // missing_dnf_clean_all and missing_zypper_clean tests. The cache
    // rules judge the stages that reach the final image, as KICS does.
    (
        "Missing Zypper Non-interactive Switch",
        "FROM opensuse/leap:15.6\nRUN zypper install httpd && zypper clean\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[2],
    ),
    (
        "Missing Zypper Non-interactive Switch",
        "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[],
    ),
    (
        "Yum Clean All Missing",
        "FROM centos:7\nRUN yum install\nCOPY requirements.txt /usr/src/app/\nCMD [\"python\", \"/usr/src/app/app.py\"]\n",
        &[2],
    ),
    (
        "Yum Clean All Missing",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\nRUN yum clean all \\\n    yum -y install\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[],
    ),
    (
        "Missing Dnf Clean All",
        "FROM fedora:40\nRUN set -uex && \\\n    dnf config-manager --add-repo https://download.docker.com/linux/fedora/docker-ce.repo && \\\n    sed -i 's/\\$releasever/40/g' /etc/yum.repos.d/docker-ce.repo && \\\n    dnf install -vy docker-ce\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[2],
    ),
    (
        "Missing Dnf Clean All",
        "FROM fedora:40\nRUN set -uex && \\\n    dnf config-manager --add-repo https://download.docker.com/linux/fedora/docker-ce.repo && \\\n    sed -i 's/\\$releasever/40/g' /etc/yum.repos.d/docker-ce.repo && \\\n    dnf install -vy docker-ce && \\\n    dnf clean all\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[],
    ),
    (
        "Missing Dnf Clean All",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\nRUN set -uex && \\\n    dnf install -vy docker-ce\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[],
    ),
    (
        "Missing Zypper Clean",
        "FROM opensuse/leap:15.6\nRUN zypper install\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[2],
    ),
    (
        "Missing Zypper Clean",
        "FROM opensuse/leap:15.6\nRUN zypper install -y httpd\\>=2.4 && zypper clean\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n",
        &[],
    ),
    (
        "Missing Zypper Clean",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\nRUN zypper install\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[],
    ),
    ("Missing Zypper Non-interactive Switch", "FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4.58 && zypper clean\n", &[2]),
    (
        "Missing Zypper Non-interactive Switch",
        "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\n",
        &[],
    ),
    ("Zypper Install Without Version", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd && zypper clean\n", &[2]),
    (
        "Zypper Install Without Version",
        "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\n",
        &[],
    ),
    ("Missing Zypper Clean", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58\n", &[2]),
    ("Missing Zypper Clean", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\n", &[]),
    ("Run Using apt", "FROM ubuntu:24.04\nRUN apt install -y curl\n", &[2]),
    ("Run Using apt", "FROM ubuntu:24.04\nRUN apt-get install -y curl\n", &[]),
    // using_platform_with_from/test.
    ("Using Platform Flag with FROM Command", "FROM alpine:3.20\nRUN apk add --update py3-pip\nLABEL maintainer=\"team@example.org\"\nCOPY requirements.txt /usr/src/app/\nFROM --platform=arm64 webbase:2.1\n", &[5]),
    ("Using Platform Flag with FROM Command", "FROM alpine:3.20\nRUN apk add --update py3-pip\nLABEL maintainer=\"team@example.org\"\nCOPY requirements.txt /usr/src/app/\nFROM --platform=arm64 webbase:2.1 AS webbase-build\n", &[5]),
    ("Using Platform Flag with FROM Command", "from alpine:3.20\nrun apk add --update py3-pip\nlabel maintainer=\"team@example.org\"\ncopy requirements.txt /usr/src/app/\nfrom --platform=arm64 webbase:2.1 as webbase-build\n", &[5]),
    ("Using Platform Flag with FROM Command", "FROM alpine:3.20\nRUN apk add --update py3-pip\nLABEL maintainer=\"team@example.org\"\nCOPY requirements.txt /usr/src/app/\nFROM webbase:2.1\n", &[]),
    ("Using Platform Flag with FROM Command", "FROM alpine:3.20\nRUN apk add --update py3-pip\nLABEL maintainer=\"team@example.org\"\nCOPY requirements.txt /usr/src/app/\nFROM webbase:2.1 as webbase-build\n", &[]),
    ("Using Platform Flag with FROM Command", "FROM --platform=arm64 alpine:3.20 AS build\nRUN echo hi\n", &[1]),
    ("Using Platform Flag with FROM Command", "FROM alpine:3.20 AS build\nRUN echo hi\n", &[]),
    // passwords_and_secrets (common query).
    // common/passwords_and_secrets/test/*.dockerfile.
    ("Passwords And Secrets", "FROM alpine:3.20\nRUN apk add --no-cache git \\\n    && git config \\\n    --global \\\n    url.\"https://${GIT_USER}:${GIT_TOKEN}@github.com\".insteadOf \\\n    \"https://github.com\"\n", &[]),
    ("Passwords And Secrets", "FROM alpine:3.20\nENV ARTEMIS_USER artemis\nRUN apk add --no-cache git \\\n    && git config \\\n    --global \\\n    url.\"https://${GIT_USER}:${GIT_TOKEN}@github.com\".insteadOf \\\n    \"https://github.com\"\n", &[]),
    ("Passwords And Secrets", "FROM alpine:3.20\nENV ARTEMIS_USER=artemis\nRUN apk add --no-cache git \\\n    && git config \\\n    --global \\\n    url.\"https://${GIT_USER}:${GIT_TOKEN}@github.com\".insteadOf \\\n    \"https://github.com\"\n", &[]),
    ("Passwords And Secrets", "FROM alpine:3.20\nRUN make\n", &[]),
    ("Passwords And Secrets", "FROM alpine:3.20\nENV ARTEMIS_USER artemis\nENV ARTEMIS_PASSWORD artemis\nRUN apk add --no-cache git \\\n    && git config \\\n    --global \\\n    url.\"https://${GIT_USER}:${GIT_TOKEN}@github.com\".insteadOf \\\n    \"https://github.com\"\n", &[3]),
    ("Passwords And Secrets", "FROM alpine:3.20\nENV ARTEMIS_USER=artemis\nENV ARTEMIS_PASSWORD=artemis\nRUN apk add --no-cache git \\\n    && git config \\\n    --global \\\n    url.\"https://${GIT_USER}:${GIT_TOKEN}@github.com\".insteadOf \\\n    \"https://github.com\"\n", &[3]),
    ("Passwords And Secrets", "FROM alpine:3.20\nARG password=pass!1213Fs\nFROM alpine:3.19\nARG password=pass!1213Fs\n", &[2, 4]),
    ("Passwords And Secrets", "FROM alpine:3.20\nARG url=\"http://bob:sekret@db.corp.internal/some/path\"\n", &[2]),
    ("Passwords And Secrets", "FROM alpine:3.20\nARG token=sq0atp-812erere3wewew45678901\n", &[2]),
    ("Passwords And Secrets", "FROM alpine:3.20\nARG picaticKey=sk_live_123as6789o1234567890123a123a5678\n", &[2]),
    ("Passwords And Secrets", "FROM alpine:3.20\nARG amazonToken=amzn.mws.643a5678-8f9f-1a2b-5c3b-e3ea43f3f4b4\n", &[2]),
    ("Passwords And Secrets", "FROM alpine:3.20\nENV DB_PASSWORD=Sup3rS3cretValue\n", &[2]),
    ("Passwords And Secrets", "FROM alpine:3.20\nENV APP_MODE=production\n", &[]),
];

static KICS_DELIBERATE: &[Deliberate] = &[
    // healthcheck_instruction_missing positive2: `CMD ["./app"]` with no
    // port may be a job or a tool as well as a service.
    (
        "Healthcheck Instruction Missing",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[],
        "PL503 advises a health check only for an image that runs a service",
    ),
    // passwords_and_secrets' positive11 puts a password in a URL to a
    // reserved example host (`example.invalid`); PL402 treats documentation
    // hosts as placeholders (the same URL to a real host is reported).
    (
        "Passwords And Secrets",
        "FROM alpine:3.20\nARG url=\"http://bob:sekret@example.invalid/some/path\"\n",
        &[],
        "a URL to a reserved example host is a placeholder",
    ),
    // missing_zypper_non_interactive_switch judges the last stage only; a
    // builder stage that waits for a confirmation breaks the build just
    // the same (hadolint DL3034 reports it too).
    (
        "Missing Zypper Non-interactive Switch",
        "FROM golang:1.22 AS builder\nWORKDIR /go/src/example.com/counter/\nCOPY app.go ./\nRUN CGO_ENABLED=0 go build -o app .\nRUN zypper install httpd && zypper clean\n\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /srv/\nCOPY --from=builder /go/src/example.com/counter/app ./\nCMD [\"./app\"]\nRUN adduser -D pat\nUSER pat\n",
        &[5],
        "a prompt in any stage stops the build",
    ),
    // yum_clean_all_missing's negative has `yum install \ yum clean all`,
    // one command that installs packages named yum, clean and all.
    (
        "Yum Clean All Missing",
        "FROM centos:7\nRUN yum install \\\n    yum clean all\nCMD [\"python\", \"/usr/src/app/app.py\"]\n",
        &[2],
        "without `&&` the clean is part of the install command",
    ),
    // update_instruction_alone's negatives: an `apk update` RUN that no
    // install follows, and `apt update && install nginx` (coreutils'
    // `install`, not a package manager). Both RUNs refresh an index and
    // install nothing, which Trivy DS-0017 and Checkov CKV_DOCKER_5 report.
    (
        "Update Instruction Alone",
        "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends mysql-client \\\n    && rm -rf /var/lib/apt/lists/*\nRUN apk update\nENTRYPOINT [\"mysql\"]\n",
        &[4],
        INDEX_ONLY,
    ),
    (
        "Update Instruction Alone",
        "FROM debian:12\nRUN apt update && install nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[2],
        INDEX_ONLY,
    ),
    // Its positive4 has `yum update` in one RUN and `yum install` in the
    // next; `yum update` upgrades packages, it is not an index refresh.
    (
        "Update Instruction Alone",
        "FROM centos:7\nRUN yum update\nRUN yum install nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[],
        UPGRADE_INSTALLS,
    ),
    // npm_install_without_pinned_version's negatives accept `sax@latest`
    // and a git URL without `#ref`; both move with every release or push
    // (PL308's docs; hadolint DL3016 agrees on the git URL).
    (
        "NPM Install Command Without Pinned Version",
        "FROM node:20\nRUN npm install sax@latest\n",
        &[2],
        "a dist-tag such as `latest` is not a version",
    ),
    (
        "NPM Install Command Without Pinned Version",
        "FROM node:20\nRUN npm install git://github.com/acme/cli.git\n",
        &[2],
        "a git URL without `#ref` follows the default branch",
    ),
    // apt_get_install_lists_were_not_deleted's negatives accept `apt-get
    // clean` alone; it empties /var/cache/apt/archives, and the lists in
    // /var/lib/apt/lists stay in the layer (PL304's concern).
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3 && apt-get clean\n",
        &[2],
        APT_CLEAN_KEEPS_LISTS,
    ),
    (
        "Apt Get Install Lists Were Not Deleted",
        "FROM debian:12\nRUN apt-get update; \\\n  apt-get install --no-install-recommends -y python3; \\\n  apt-get clean\n",
        &[2],
        APT_CLEAN_KEEPS_LISTS,
    ),

    // missing_user_instruction's negative test has a USER in an earlier
    // stage and a final `FROM scratch` stage without one; the final image
    // still runs as root, which is what PL101 reports.
    (
        "Missing User Instruction",
        "FROM python:3.12 AS app\nRUN useradd -ms /bin/bash pat\nUSER pat\nCMD [\"python\", \"app.py\"]\nFROM scratch\nCOPY --from=app /app /app\nCMD [\"/app/run\"]\n",
        &[5],
        "the final stage decides the user, not a USER in another stage",
    ),
    // apt_get_install_pin_version_not_defined's positive test has
    // `apt-get install -y -t python3`: `-t` takes the target release, so
    // `python3` is not a package.
    (
        "Apt Get Install Pin Version Not Defined",
        "FROM busybox:1.36\nrun apt-get install -y -t bookworm-backports\n",
        &[],
        "`-t` takes a release name, not a package",
    ),
];

const APT_CLEAN_KEEPS_LISTS: &str = "`apt-get clean` leaves /var/lib/apt/lists in the layer";

const INDEX_ONLY: &str = "the RUN refreshes an index and installs nothing";

#[test]
fn kics() {
    run(Tool::Kics, KICS, KICS_DELIBERATE, &[]);
}

// ---------------------------------------------------------------------------
// Semgrep: semgrep/semgrep-rules dockerfile/**/*.dockerfile (`# ruleid:` =
// the next instruction fires, `# ok:` = it does not). Each annotated line is
// a Dockerfile of its own here.
// ---------------------------------------------------------------------------

static SEMGREP: &[Case] = &[
    // dockerfile/audit/dockerfile-source-not-pinned.dockerfile.
    ("dockerfile-source-not-pinned", "FROM ocaml/opam:debian-stable\n", &[1]),
    ("dockerfile-source-not-pinned", "FROM example/ocaml:alpine-2024-07-15 as build-core\n", &[1]),
    ("dockerfile-source-not-pinned", "FROM python:3.12.4-alpine3.20\n", &[1]),
    ("dockerfile-source-not-pinned", "FROM python:3.12.4-alpine3.20@v1\n", &[1]),
    ("dockerfile-source-not-pinned", "FROM python:3.12.4-alpine3.20@sha256\n", &[1]),
    (
        "dockerfile-source-not-pinned",
        "FROM python:3.12.4-alpine3.20@sha256:4be65b406f7402b5c4fd5df7173d2fd7ea3fdaa74d9c43b6ebd896197a45c448\n",
        &[],
    ),
    // dockerfile/best-practice/avoid-latest-version.dockerfile.
    ("avoid-latest-version", "FROM debian:latest\n", &[1]),
    ("avoid-latest-version", "FROM registry.example.local/testing/tool:latest\n", &[1]),
    ("avoid-latest-version", "FROM debian:latest as base\n", &[1]),
    ("avoid-latest-version", "FROM registry.example.local/testing/tool:latest as base\n", &[1]),
    ("avoid-latest-version", "FROM debian:bookworm\n", &[]),
    ("avoid-latest-version", "FROM registry.example.local/testing/tool:42ee222\n", &[]),
    ("avoid-latest-version", "FROM debian:bookworm as base\n", &[]),
    // dockerfile/best-practice/missing-image-version.dockerfile.
    ("missing-image-version", "FROM debian\n", &[1]),
    ("missing-image-version", "FROM nixos/nix\n", &[1]),
    ("missing-image-version", "FROM debian AS base\n", &[1]),
    ("missing-image-version", "FROM nixos/nix AS build\n", &[1]),
    ("missing-image-version", "FROM --platform=linux/amd64 debian\n", &[1]),
    ("missing-image-version", "FROM --platform=linux/amd64 debian as base\n", &[1]),
    ("missing-image-version", "FROM debian:bookworm\n", &[]),
    ("missing-image-version", "FROM nixos/nix:2.24.0 AS build\n", &[]),
    ("missing-image-version", "FROM --platform=linux/amd64 debian:bookworm as base\n", &[]),
    (
        "missing-image-version",
        "FROM python@sha256:4be65b406f7402b5c4fd5df7173d2fd7ea3fdaa74d9c43b6ebd896197a45c448 AS base\n",
        &[],
    ),
    ("missing-image-version", "FROM scratch\n", &[]),
    // dockerfile/best-practice/missing-apk-no-cache.dockerfile.
    ("missing-apk-no-cache", "FROM alpine:3.20\nRUN apk add --no-cache git=2.45.2-r0\n", &[]),
    ("missing-apk-no-cache", "FROM alpine:3.20\nRUN apk add --no-cache --update git=2.45.2-r0\n", &[]),
    ("missing-apk-no-cache", "FROM alpine:3.20\nRUN apk add --update --no-cache git=2.45.2-r0\n", &[]),
    ("missing-apk-no-cache", "FROM alpine:3.20\nRUN apk add --virtual .build-deps \\\ngcc \\\nmusl-dev\n", &[2]),
    ("missing-apk-no-cache", "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps \\\ngcc \\\nmusl-dev\n", &[]),
    ("missing-apk-no-cache", "FROM alpine:3.20\nRUN apk --no-cache add\n", &[]),
    // dockerfile/best-practice/missing-pip-no-cache-dir.dockerfile.
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN pip install PyMySQL\n", &[2]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN python -m pip install PyMySQL\n", &[2]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN python3 -m pip install PyMySQL\n", &[2]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN pip install PyMySQL flask\n", &[2]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN pip install --no-cache-dir PyMySQL flask\n", &[]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN pip3 install PyMySQL\n", &[2]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN pip2 install PyMySQL\n", &[2]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nRUN pip3 install --no-cache-dir PyMySQL\n", &[]),
    ("missing-pip-no-cache-dir", "FROM python:3.12\nENV PIP_NO_CACHE_DIR=true\nRUN pip install PyMySQL\n", &[]),
    (
        "missing-pip-no-cache-dir",
        "FROM python:3.12\nENV PIP_DISABLE_PIP_VERSION_CHECK=true PIP_NO_CACHE_DIR=true\nCOPY tool /tool\nRUN TOOL_SKIP_BIN=true python -m pip install /tool && tool --version\n",
        &[],
    ),
    // dockerfile/security/missing-user.dockerfile: a commented-out USER and
    // HEALTHCHECK CMD do not count.
    (
        "missing-user",
        "FROM busybox:1.36\n#USER app\nRUN pip3 install flake8\nHEALTHCHECK --interval=30s --timeout=30s --retries=3 \\\n  CMD [ \"curl\" ]\nCMD flake8 --version\n",
        &[1],
    ),
    ("missing-user", "FROM busybox:1.36\nUSER app\nCMD flake8 --version\n", &[]),
    ("missing-user-entrypoint", "FROM busybox:1.36\nENTRYPOINT [\"/srv/run\"]\n", &[1]),
    ("missing-user-entrypoint", "FROM busybox:1.36\nUSER app\nENTRYPOINT [\"/srv/run\"]\n", &[]),
    ("last-user-is-root", "FROM busybox:1.36\nUSER app\nRUN make\nUSER root\n", &[4]),
    ("last-user-is-root", "FROM busybox:1.36\nUSER root\nRUN make\nUSER app\n", &[]),
    ("no-sudo-in-dockerfile", "FROM ubuntu:24.04\nRUN sudo apt-get install -y curl\n", &[2]),
    ("no-sudo-in-dockerfile", "FROM ubuntu:24.04\nRUN apt-get install -y curl\n", &[]),
    // dockerfile/security/run-security-insecure.dockerfile (PL109).
    ("run-security-insecure", "FROM alpine:3.20\nRUN true\n", &[]),
    ("run-security-insecure", "FROM alpine:3.20\nRUN --security=sandbox true\n", &[]),
    ("run-security-insecure", "FROM alpine:3.20\nRUN echo --security=insecure\n", &[]),
    ("run-security-insecure", "FROM alpine:3.20\nRUN --security=insecure grep Cap /proc/self/status\n", &[2]),
    ("run-security-insecure", "FROM alpine:3.20\nRUN --security=insecure [\"grep\", \"Cap\", \"/proc/self/status\"]\n", &[2]),
    ("run-security-insecure", "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/build --security=insecure make image\n", &[2]),
    ("run-security-insecure", "FROM alpine:3.20\nRUN --network=none --security=insecure make image\n", &[2]),
    (
        "run-security-insecure",
        "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/build \\\n    --security=insecure \\\n    make image\n",
        &[2],
    ),
    ("run-security-insecure", "FROM alpine:3.20\nONBUILD RUN --security=insecure make image\n", &[2]),
    // dockerfile/security/secret-in-build-arg.dockerfile.
    ("secret-in-build-arg", "ARG BASE_IMG=rust\nARG BASE_TAG=1.79\nFROM ${BASE_IMG}:${BASE_TAG}\n", &[]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG environment\n", &[]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG BUILD_PACKAGES=\"ruby-dev build-base curl-dev git openssl bash\"\n", &[]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG DEV_PACKAGES=\"postgresql-dev\"\n", &[]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG NAME_IS_OK=\"secret password token key\"\n", &[]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG SECRET_KEY_BASE\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG SECRET_TOKEN\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG AUTH_TOKEN=\"this-is-a-secret\"\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG SSH_PRIVATE_KEY\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG CERT_PASSWORD\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG DJANGO_SECRET_KEY\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG NEXUS_PASSWORD\n", &[2]),
    ("secret-in-build-arg", "FROM rust:1.79\nARG nexus_password\n", &[2]),
    // dockerfile/security/missing-user-entrypoint*.dockerfile,
    // last-user-is-root.dockerfile and no-sudo-in-dockerfile.dockerfile.
    ("missing-user-entrypoint", "FROM busybox:1.36\n#USER app\nRUN git clone https://github.com/example/tool\nRUN pip3 install flake8==7.0.0\nENTRYPOINT flake8 --select E\n", &[1]),
    ("missing-user", "FROM busybox:1.36\n#USER app\nRUN git clone https://github.com/example/tool\nRUN pip3 install flake8==7.0.0\nHEALTHCHECK --interval=30s CMD [ \"curl\" ]\nENTRYPOINT flake8 --select E\nCMD \"--statistics\"\n", &[1]),
    ("last-user-is-root", "FROM busybox:1.36\nRUN pip3 install flake8==7.0.0\nUSER builder\nUSER root\n\nUSER app\nUSER root\n", &[7]),
    ("no-sudo-in-dockerfile", "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get upgrade -y\nRUN apt-get install -y sudo\nRUN useradd -ms /bin/bash app\nRUN echo \"app ALL=(ALL:ALL) NOPASSWD:ALL\" >> /etc/sudoers\nUSER app\nCMD [\"echo\", \"hello\"]\n", &[]),
    ("no-sudo-in-dockerfile", "FROM ubuntu:24.04\nRUN useradd -ms /bin/bash app\nUSER app\nRUN sudo apt-get install -y curl\nCMD [\"echo\", \"hello\"]\n", &[4]),
    // dockerfile/best-practice/missing-no-install-recommends.dockerfile,
    // prefer-apt-get.dockerfile and avoid-platform-with-from.dockerfile;
    // dockerfile/correctness/missing-assume-yes-switch.dockerfile.
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install shellcheck=0.9.0-1\n", &[2]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install -y python3=3.11.2-1 shellcheck\n", &[2]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install shellcheck --no-install-recommends\n", &[]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install shellcheck --no-install-recommends -y\n", &[]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install --no-install-recommends shellcheck\n", &[]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install --no-install-recommends -y python3=3.11.2-1 shellcheck\n", &[]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n    python3 \\\n    python3-pip \\\n    git \\\n    ca-certificates \\\n    jq \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n", &[]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get update \\\n    && apt-get install \\\n    python3 \\\n    python3-pip \\\n    git \\\n    ca-certificates \\\n    jq \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n", &[2]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get update \\\n    && apt-get install --assume-yes \\\n    python3 \\\n    python3-pip \\\n    git \\\n    ca-certificates \\\n    jq \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n", &[2]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install shellcheck=0.9.0-1\n", &[2]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install -y python3=3.11.2-1 shellcheck\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install --no-install-recommends -y python3=3.11.2-1 shellcheck\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install --yes python3=3.11.2-1\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install -qqy\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install -yqq\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n    python3 \\\n    python3-pip \\\n    git \\\n    ca-certificates \\\n    jq \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get update \\\n    && apt-get install --no-install-recommends \\\n    python3 \\\n    python3-pip \\\n    git \\\n    ca-certificates \\\n    jq \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n", &[2]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get update \\\n    && apt-get install --assume-yes --no-install-recommends \\\n    python3 \\\n    python3-pip \\\n    git \\\n    ca-certificates \\\n    jq \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n", &[]),
    ("prefer-apt-get", "FROM busybox:1.36\nRUN apt install curl=8.5.0-2\n", &[2]),
    ("prefer-apt-get", "FROM busybox:1.36\nRUN apt-get install curl=8.5.0-2\n", &[]),
    ("avoid-platform-with-from", "FROM --platform=x86 busybox\n", &[1]),
    ("avoid-platform-with-from", "FROM --platform=x86 busybox:1.36\n", &[1]),
    ("avoid-platform-with-from", "FROM --platform=x86 busybox AS bb\n", &[1]),
    ("avoid-platform-with-from", "FROM --platform=x86 busybox:1.36 AS bb\n", &[1]),
    ("avoid-platform-with-from", "FROM busybox\n", &[]),
    ("avoid-platform-with-from", "FROM busybox:1.36\n", &[]),
    ("avoid-platform-with-from", "FROM busybox AS bb\n", &[]),
    ("avoid-platform-with-from", "FROM busybox:1.36 AS bb\n", &[]),
    // generic/dockerfile/**: the package-manager and user rules.
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnf install httpd-2.4.62 && dnf clean all\n", &[2]),
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n", &[]),
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnf install --downloadonly -y httpd-2.4.62 python3\n", &[]),
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnfinstall -y httpd-2.4.62\n", &[]),
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnf install -y --downloadonly \\\n    python3 \\\n    python3-pip \\\n    && dnf clean all\n", &[]),
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnf install --downloadonly \\\n    python3 \\\n    python3-pip \\\n    && dnf clean all\n", &[2]),
    ("missing-dnf-assume-yes-switch", "FROM rockylinux:9\nRUN dnf install --assumeyes \\\n    --downloadonly \\\n    python3 \\\n    python3-pip \\\n    && dnf clean all\n", &[]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yum install httpd-2.4.62 && yum clean all\n", &[2]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yum install -y httpd-2.4.62 && yum clean all\n", &[]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yum install --downloadonly -y httpd-2.4.62 python3\n", &[]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yuminstall -y httpd-2.4.62\n", &[]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yum install -y --downloadonly \\\n    python3 \\\n    python3-pip \\\n    && yum clean all\n", &[]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yum install --downloadonly \\\n    python3 \\\n    python3-pip \\\n    && yum clean all\n", &[2]),
    ("missing-yum-assume-yes-switch", "FROM rockylinux:9\nRUN yum install --assumeyes \\\n    --downloadonly \\\n    python3 \\\n    python3-pip \\\n    && yum clean all\n", &[]),
    ("missing-dnf-clean-all", "FROM rockylinux:9\nRUN dnf update \\\n    && dnf install tree-1.8.0 \\\n    && dnf clean all\n", &[]),
    ("missing-dnf-clean-all", "FROM rockylinux:9\nRUN dnf update && \\\n    dnf install tree-1.8.0 && \\\n    dnf clean all\n", &[]),
    ("missing-dnf-clean-all", "FROM rockylinux:9\nRUN dnf install tree-1.8.0\n", &[2]),
    ("missing-yum-clean-all", "FROM rockylinux:9\nRUN yum update \\\n    && yum install tree-1.8.0 \\\n    && yum clean all\n", &[]),
    ("missing-yum-clean-all", "FROM rockylinux:9\nRUN yum update && \\\n    yum install tree-1.8.0 && \\\n    yum clean all\n", &[]),
    ("missing-yum-clean-all", "FROM rockylinux:9\nRUN yum install tree-1.8.0\n", &[2]),
    ("missing-zypper-clean", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58\n", &[2]),
    ("missing-zypper-clean", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\n", &[]),
    ("missing-zypper-clean", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && \\\n  zypper clean\n", &[]),
    ("missing-zypper-no-confirm-switch", "FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4.58 && zypper clean\n", &[2]),
    ("missing-zypper-no-confirm-switch", "FROM opensuse/leap:15.6\nRUN zypper install -y httpd=2.4.58 && zypper clean\n", &[]),
    ("remove-package-lists", "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3\n", &[2]),
    ("remove-package-lists", "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3 \\\n && rm -rf /var/lib/apt/lists/*\n", &[]),
    ("remove-package-lists", "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3 \\\n && apt-get clean\n", &[2]),
    ("remove-package-lists", "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y python3 \\\n && apt-get clean \\\n && rm -rf /var/lib/apt/lists/*\n", &[]),
    ("remove-package-lists", "FROM debian:12\nRUN apt-get update && \\\n    apt-get install --no-install-recommends -y tini && \\\n    rm -rf /var/lib/apt/lists/*\n", &[]),
    ("remove-package-lists", "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    automake \\\n    build-essential \\\n    curl \\\n    s3cmd=2.3.* \\\n && rm -rf /var/lib/apt/lists/*\n", &[]),
    ("missing-user", "FROM busybox:1.36\nRUN pip3 install flake8==7.0.0\nCMD flake8 --version\n", &[1]),
    ("missing-user", "FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER daemon\nCMD [\"ls -ltr\"]\n", &[]),
    ("last-user-is-root", "FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl\nUSER root\nCMD [\"ls -ltr\"]\n", &[4]),
    ("last-user-is-root", "FROM busybox:1.36\nUSER root\nRUN pip3 install flake8==7.0.0\n", &[2]),
    // Other annotated files, one case each way.
    ("avoid-platform-with-from", "FROM --platform=x86_64 alpine:3.20\n", &[1]),
    ("avoid-platform-with-from", "FROM alpine:3.20\n", &[]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install -y curl\n", &[2]),
    ("missing-no-install-recommends", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", &[]),
    ("prefer-apt-get", "FROM debian:12\nRUN apt install -y curl\n", &[2]),
    ("prefer-apt-get", "FROM debian:12\nRUN apt-get install -y curl\n", &[]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install curl\n", &[2]),
    ("missing-assume-yes-switch", "FROM debian:12\nRUN apt-get install -y curl\n", &[]),
];

static SEMGREP_DELIBERATE: &[Deliberate] = &[
    // missing-pip-no-cache-dir.dockerfile marks `pip install .` ok; pip
    // still downloads the project's dependencies into its cache.
    (
        "missing-pip-no-cache-dir",
        "FROM python:3.12\nCOPY . /src\nWORKDIR /src\nRUN pip install .\n",
        &[4],
        "a local project's dependencies are downloaded and cached",
    ),
    // missing-user-entrypoint.dockerfile marks an exec-form ENTRYPOINT "ok"
    // only because of a matcher limitation (its own TODO); without USER the
    // program runs as root whatever the form.
    (
        "missing-user-entrypoint",
        "FROM busybox:1.36\n#USER app\nRUN git clone https://github.com/example/tool\nRUN pip3 install flake8==7.0.0\nENTRYPOINT [\"flake8\", \"--select\", \"E\"]\n",
        &[1],
        "exec form or shell form, no USER means root",
    ),
    // missing-apk-no-cache.dockerfile flags `apk add` without --no-cache even
    // when the same RUN removes /var/cache/apk; the layer then holds no
    // index, which is all PL305 is about (its docs accept the removal).
    (
        "missing-apk-no-cache",
        "FROM alpine:3.20\nRUN apk update \\\n    && apk add git=2.45.2-r0 \\\n    && rm -rf /var/cache/apk/*\n",
        &[],
        APK_REMOVED,
    ),
    (
        "missing-apk-no-cache",
        "FROM alpine:3.20\nRUN apk add --update git=2.45.2-r0 \\\n    && rm -rf /var/cache/apk/*\n",
        &[],
        APK_REMOVED,
    ),
];

const APK_REMOVED: &str = "the same RUN removes the apk cache, so the layer keeps none";

#[test]
fn semgrep() {
    run(Tool::Semgrep, SEMGREP, SEMGREP_DELIBERATE, &[]);
}

// ---------------------------------------------------------------------------
// BuildKit: moby/buildkit frontend/dockerfile/dockerfile_lint_test.go (the
// expected warnings of each test Dockerfile; none expected = quiet).
// ---------------------------------------------------------------------------

static BUILDKIT: &[Case] = &[
    // testSecretsUsedInArgOrEnv: one warning per secret-looking key.
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nARG SECRET_PASSPHRASE\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nENV SUPER_Secret=shop\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nENV password=shop\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nENV secret=shop\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nARG super_duper_secret_token=shop\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nARG auth=shop\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nENV apikey=shop\n",
        &[2],
    ),
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nENV sunflower=shop\n",
        &[],
    ),
    // testRedundantTargetPlatform.
    (
        "RedundantTargetPlatform",
        "FROM --platform=$TARGETPLATFORM scratch\n",
        &[1],
    ),
    (
        "RedundantTargetPlatform",
        "FROM --platform=${TARGETPLATFORM} scratch\n",
        &[1],
    ),
    (
        "RedundantTargetPlatform",
        "FROM --platform=$BUILDPLATFORM scratch\n",
        &[],
    ),
    // testFromPlatformFlagConstDisallowed: a constant, unless the stage
    // name says the platform is meant.
    (
        "FromPlatformFlagConstDisallowed",
        "FROM --platform=linux/amd64 scratch\n",
        &[1],
    ),
    (
        "FromPlatformFlagConstDisallowed",
        "FROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
        &[],
    ),
    (
        "FromPlatformFlagConstDisallowed",
        "FROM --platform=linux/amd64 scratch AS linux\n",
        &[],
    ),
    (
        "FromPlatformFlagConstDisallowed",
        "FROM --platform=$BUILDPLATFORM scratch\n",
        &[],
    ),
];

static BUILDKIT_DELIBERATE: &[Deliberate] = &[
    // testSecretsUsedInArgOrEnv also warns on `ENV git_key=`; an empty ENV
    // stores nothing, and PL401's docs leave it alone (a value given at run
    // time never reaches the image).
    (
        "SecretsUsedInArgOrEnv",
        "FROM scratch\nENV git_key=\n",
        &[],
        "an empty ENV stores no secret",
    ),
];

#[test]
fn buildkit() {
    run(Tool::Buildkit, BUILDKIT, BUILDKIT_DELIBERATE, &[]);
}

// ---------------------------------------------------------------------------
// dockle: goodwithtech/dockle pkg/assessor/manifest/manifest_test.go. dockle
// reads the built image's history; each history line is the RUN or ENV of
// a Dockerfile here.
// ---------------------------------------------------------------------------

static DOCKLE: &[Case] = &[
    // TestReducableApkAdd (DKL-DI-0004).
    ("DKL-DI-0004", "FROM alpine:3.20\nRUN apk add git\n", &[2]),
    ("DKL-DI-0004", "FROM alpine:3.20\nRUN apk add --no-cache git\n", &[]),
    // TestReducableAptGetInstall (DKL-DI-0005).
    ("DKL-DI-0005", "FROM debian:12\nRUN apt-get -y install git && apt-get update\n", &[2]),
    ("DKL-DI-0005", "FROM debian:12\nRUN apt-get update && apt-get purge -y git\n", &[2]),
    ("DKL-DI-0005", "FROM debian:12\nRUN apt-get purge -y git\n", &[]),
    ("DKL-DI-0005", "FROM debian:12\nRUN apt-get install -y git && rm -fR /var/lib/apt/lists/*\n", &[]),
    ("DKL-DI-0005", "FROM debian:12\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists\n", &[]),
    ("DKL-DI-0005", "FROM debian:12\nRUN apt-get install -y git && rm -r /var/lib/apt/lists\n", &[]),
    // TestReducableAptGetUpdate (CIS-DI-0007): an update nothing installs
    // from afterwards in the same RUN.
    ("CIS-DI-0007", "FROM debian:12\nRUN apt-get update && apt-get purge -y git\n", &[2]),
    ("CIS-DI-0007", "FROM debian:12\nRUN apt-get install -y git && apt-get purge -y vim\n", &[]),
    ("CIS-DI-0007", "FROM debian:12\nRUN apt-get update && apt-get -y --no-install-recommends install git\n", &[]),
    ("CIS-DI-0007", "FROM debian:12\nRUN apt-get -y --no-install-recommends install git && apt-get update\n", &[2]),
    ("CIS-DI-0007", "FROM debian:12\nRUN apt update && apt -y --no-install-recommends install git\n", &[]),
    (
        "CIS-DI-0007",
        "FROM alpine:3.20\nRUN set -eux; apk add --no-cache --virtual .fetch-deps gnupg; \\\n    arch=\"$(apk --print-arch)\"; \\\n    case \"$arch\" in x86_64) export GOARCH=amd64 ;; *) echo >&2 \"unsupported architecture (likely packaging update needed)\"; exit 1 ;; esac; \\\n    apk del --no-network .fetch-deps\n",
        &[],
    ),
    // TestUseDistUpgrade (DKL-DI-0003).
    ("DKL-DI-0003", "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n", &[]),
    ("DKL-DI-0003", "FROM debian:12\nRUN apt update && apt upgrade -y && addgroup --system --gid 101 web\n", &[]),
    ("DKL-DI-0003", "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\n", &[2]),
    ("DKL-DI-0003", "FROM debian:12\nRUN apt update && apt dist-upgrade -y\n", &[2]),
    ("DKL-DI-0003", "FROM python:3.12\nRUN ./tool dist-upgrade pip setuptools\n", &[]),
    // TestSensitiveVars (CIS-DI-0010).
    ("CIS-DI-0010", "FROM alpine:3.20\nENV PASS=ADMIN\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nENV PASS=\n", &[]),
    ("CIS-DI-0010", "FROM alpine:3.20\nENV PasS=ADMIN\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nENV abc=hello password=sensibledata\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nENV ABC=hello PASS=\n", &[]),
    (
        "CIS-DI-0010",
        "FROM alpine:3.20\nRUN SECRET_API_KEY=63AF7AA15067C05616FDDD88A3A2E8F226F0BC06 ./deploy.sh\n",
        &[2],
    ),
    ("CIS-DI-0010", "FROM alpine:3.20\nRUN HELLO=\"PASS=\\\"notThis\\\"\" echo \"not a secret\"\n", &[]),
    ("CIS-DI-0010", "FROM alpine:3.20\nRUN SECRET=myLittleSecret VAR2=VALUE2 ./deploy.sh\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nRUN echo 'secret = foo;' > /etc/app.conf\n", &[]),
    // pkg/assessor/credential: files whose name or extension says they hold
    // credentials, copied into the image.
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY credentials.json /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY credential.json /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY credentials /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY password.txt /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY id_rsa /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY id_ed25519 /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY credentials.xml /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY team.ovpn /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY login.keychain /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY vault.psafe3 /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY service.secret /srv/app/\n", &[2]),
    ("CIS-DI-0010", "FROM alpine:3.20\nCOPY README.md app.py /srv/app/\n", &[]),
    // pkg/assessor/passwd: accounts with an empty password field.
    ("DKL-LI-0001", "FROM debian:12\nRUN passwd -d root\n", &[2]),
    ("DKL-LI-0001", "FROM debian:12\nRUN echo 'app:' | chpasswd\n", &[2]),
    ("DKL-LI-0001", "FROM debian:12\nRUN sed -i -e 's/^root:[^:]*:/root::/' /etc/shadow\n", &[2]),
    ("DKL-LI-0001", "FROM debian:12\nRUN useradd --no-log-init -m app && passwd -l root\n", &[]),
    // TestAssess: the root default and missing HEALTHCHECK of a plain image.
    ("CIS-DI-0001", "FROM busybox:1.36\nCMD [\"/bin/sh\"]\n", &[1]),
    ("CIS-DI-0001", "FROM busybox:1.36\nUSER 65534\nCMD [\"/bin/sh\"]\n", &[]),
    ("CIS-DI-0006", "FROM busybox:1.36\nHEALTHCHECK CMD [\"/bin/true\"]\nCMD [\"/bin/sh\"]\n", &[]),
    // DKL-DI-0001 (sudo) and DKL-DI-0006 (latest) as dockle's checkpoint
    // list describes them.
    ("DKL-DI-0001", "FROM debian:12\nRUN sudo apt-get install -y git\n", &[2]),
    ("DKL-DI-0001", "FROM debian:12\nRUN apt-get install -y sudo\n", &[]),
    ("DKL-DI-0006", "FROM debian:latest\n", &[1]),
    ("DKL-DI-0006", "FROM debian:12\n", &[]),
];

static DOCKLE_DELIBERATE: &[Deliberate] = &[
    // TestAssess: an image whose command is a shell is a base for others.
    (
        "CIS-DI-0006",
        "FROM busybox:1.36\nCMD [\"/bin/sh\"]\n",
        &[],
        "PL503 advises a health check only for an image that runs a service",
    ),
    // The credential assessor also lists application files such as
    // `settings.py` and `database.yml`; a Dockerfile copies them in nearly
    // every Django or Rails image, and whether they hold a secret depends on
    // their content, which a Dockerfile does not show.
    (
        "CIS-DI-0010",
        "FROM python:3.12-slim\nCOPY mysite/settings.py /srv/mysite/\n",
        &[],
        APP_CONFIG,
    ),
    (
        "CIS-DI-0010",
        "FROM ruby:3.3\nCOPY config/database.yml /srv/config/\n",
        &[],
        APP_CONFIG,
    ),
];

const APP_CONFIG: &str = "an application config file holds secrets only by its content, which a Dockerfile does not show";

#[test]
fn dockle() {
    run(Tool::Dockle, DOCKLE, DOCKLE_DELIBERATE, &[]);
}

/// hadolint's specs give most cases as a bare `RUN …` line. BuildKit
/// refuses a file without FROM, and Plimsoll reports that as an error of the
/// file, but the rules still judge the instructions: the same outcome is
/// expected as with a `FROM` in front.
#[test]
fn hadolint_cases_without_from() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (id, source, expected) in HADOLINT {
        if source
            .lines()
            .any(|line| line.trim_start().to_ascii_uppercase().starts_with("FROM "))
        {
            continue;
        }
        checked += 1;
        let rules = rules_for(Tool::Hadolint, id);
        let report = check(source, &settings(&rules, &[]));
        let lines = hit_lines(source, &report, &rules, Tool::Hadolint);
        if lines != *expected {
            problems.push(format!(
                "{id}: expected findings on lines {expected:?}, got lines {lines:?} ({:?}):\n{source}",
                hits(&report, &rules, Tool::Hadolint)
            ));
        }
    }
    println!("hadolint cases without FROM: {checked}");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// ---------------------------------------------------------------------------
// hadolint's onBuild specs: most RUN rules run each case a second time with
// every RUN wrapped in ONBUILD (`onBuildRuleCatches`,
// `onBuildRuleCatchesNot`). A trigger runs in the builds based on the image,
// so the same outcome is expected, except where the stage decides: a
// trigger's layer lands in the child image whatever stage holds it.
// ---------------------------------------------------------------------------

/// The ids whose specs repeat their RUN cases under ONBUILD.
const HADOLINT_ONBUILD_IDS: &[&str] = &[
    "DL3004", "DL3008", "DL3009", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019",
    "DL3027", "DL3028", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037",
    "DL3038", "DL3040", "DL3041", "DL3042", "DL3060", "DL3062", "DL3068", "DL3069", "DL3070",
    "DL3071", "DL3072", "DL3073", "DL3074", "DL3075", "DL3076", "DL3077",
];

/// Cases whose ONBUILD outcome differs from the RUN one, as hadolint's
/// specs give it (the lines are the ONBUILD outcome).
static HADOLINT_ONBUILD: &[Case] = &[
    // DL3009Spec "apt-get cleanup in stage image" and "when stage not used
    // later": quiet as RUN in a stage that is only left behind, caught as a
    // trigger.
    (
        "DL3009",
        "FROM ubuntu:24.04 AS deps\nONBUILD RUN apt-get update && apt-get install python3\nFROM scratch\nONBUILD RUN echo ready\n",
        &[2],
    ),
    // DL3060Spec "ok when omitting yarn cache clean in stage that is not
    // reused later": the same for yarn's cache.
    (
        "DL3060",
        "FROM node:20-alpine AS deps\nONBUILD RUN yarn install left-pad\nFROM scratch\nONBUILD RUN echo ready\n",
        &[2],
    ),
    // DL3009Spec cache mounts: the trigger's own --mount flags count.
    (
        "DL3009",
        "FROM debian:12-slim\nONBUILD RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y python3\n",
        &[],
    ),
    (
        "DL3009",
        "FROM debian:12-slim\nONBUILD RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y python3\n",
        &[2],
    ),
    // DL3008Spec "apt-get version pinning" and "apt-get pinned".
    ("DL3008", "FROM debian:12-slim\nONBUILD RUN apt-get update && apt-get install python3\n", &[2]),
    (
        "DL3008",
        "FROM debian:12-slim\nONBUILD RUN apt-get -y --no-install-recommends install nodejs=18.19.0\n",
        &[],
    ),
];

#[test]
fn hadolint_onbuild() {
    let mut cases: Vec<(&'static str, String, &'static [u32])> = HADOLINT
        .iter()
        .filter(|(id, source, _)| {
            HADOLINT_ONBUILD_IDS.contains(id) && source.lines().any(|line| line.starts_with("RUN "))
        })
        .map(|(id, source, lines)| (*id, wrap_in_onbuild(source), *lines))
        .filter(|(id, source, _)| {
            !HADOLINT_ONBUILD
                .iter()
                .any(|(other, explicit, _)| other == id && with_from(explicit) == with_from(source))
        })
        .collect();
    cases.extend(
        HADOLINT_ONBUILD
            .iter()
            .map(|(id, source, lines)| (*id, source.to_string(), *lines)),
    );
    let mut problems = Vec::new();
    for (id, source, lines) in &cases {
        problems.extend(judge(Tool::Hadolint, id, source, lines, &[]));
    }
    println!(
        "hadolint onBuild: {} of {} cases agree",
        cases.len() - problems.len(),
        cases.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {} cases disagree:\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}
