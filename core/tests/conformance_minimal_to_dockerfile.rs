//! Conformance with the peers' own test suites, for the rules of sections 6-9
//! (PL6xx minimal image, PL7xx file system, PL8xx supply chain, PL9xx
//! Dockerfile correctness).
//!
//! Each table lists `(peer id, Dockerfile, lines)`: the construct a peer's own
//! test exercises (hadolint's specs, BuildKit's lint tests and check docs,
//! trivy-checks' Rego tests, Checkov's test resources, KICS's positive and
//! negative samples, semgrep-rules' annotated Dockerfiles), written again in
//! our own words with other names, and the lines where the Plimsoll rules
//! that alias the peer id must report it (`&[]`: nowhere). A line is the first
//! line of the instruction a finding is in, as the peers report it. Only
//! those rules run, so a case says nothing about other rules.
//!
//! Where we knowingly disagree with a peer (its docs or ours explain why), the
//! case asserts our behaviour and its comment starts with `we disagree:`.
//!
//! A finding counts for a peer id only when it answers that id: a finding can
//! narrow its rule's aliases (PL702 does not claim BuildKit's
//! `WorkdirRelativePath` for a relative WORKDIR after an earlier one).

mod peers;

use peers::{hit_lines, hits, rules_for, wrap_in_onbuild};
use plimsoll_core::rules::{Rule, Tool};
use plimsoll_core::{check, Settings};

/// `(peer id, Dockerfile, lines where the aliasing rules fire)`.
type Case = (&'static str, &'static str, &'static [u32]);
/// A case built at run time.
type OwnedCase = (&'static str, String, &'static [u32]);

/// The label the hadolint label-schema cases require.
const REQUIRED_LABEL: &str = "org.opencontainers.image.vendor";

fn settings(rules: &[&'static Rule]) -> Settings {
    Settings {
        required_labels: vec![REQUIRED_LABEL.to_string()],
        ..peers::only(rules)
    }
}

/// What is wrong with one case; `None` when it behaves.
fn judge(tool: Tool, id: &str, source: &str, expected: &[u32]) -> Option<String> {
    let rules = rules_for(tool, id);
    let report = check(source, &settings(&rules));
    let lines = hit_lines(source, &report, &rules, tool);
    let codes: Vec<&str> = rules.iter().map(|rule| rule.code).collect();
    (lines != expected).then(|| {
        format!(
            "{} {id}: {codes:?} should fire on lines {expected:?}, fire on {lines:?} ({:#?}):\n{source}",
            tool.name(),
            hits(&report, &rules, tool)
        )
    })
}

fn run(tool: Tool, cases: &[OwnedCase]) {
    let problems: Vec<String> = cases
        .iter()
        .filter_map(|(id, source, lines)| judge(tool, id, source, lines))
        .collect();
    println!(
        "{}: {} cases, {} agree",
        tool.name(),
        cases.len(),
        cases.len() - problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {} cases disagree:\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}

fn owned(cases: &[Case]) -> Vec<OwnedCase> {
    cases
        .iter()
        .map(|(id, source, lines)| (*id, source.to_string(), *lines))
        .collect()
}

/// Checkov's resources hold one case per instruction: every instruction of
/// `body` becomes its own Dockerfile after `from` (one line), so a firing
/// case fires on line 2. An instruction starts on a line that is not
/// indented and does not follow a line ending in `\`.
fn per_instruction(id: &'static str, from: &str, body: &str, fires: bool) -> Vec<OwnedCase> {
    let lines: &'static [u32] = if fires { &[2] } else { &[] };
    let mut instructions: Vec<String> = Vec::new();
    let mut continued = false;
    for line in body.lines() {
        let starts = !continued && !line.starts_with([' ', '\t']) && !line.trim().is_empty();
        if starts {
            instructions.push(String::new());
        }
        if let Some(current) = instructions.last_mut() {
            if !line.trim().is_empty() || continued {
                current.push_str(line);
                current.push('\n');
            }
        }
        continued = line.trim_end().ends_with('\\');
    }
    instructions
        .into_iter()
        .map(|instruction| (id, format!("{from}\n{instruction}"), lines))
        .collect()
}

// ---------------------------------------------------------------------------
// hadolint: test/Hadolint/Rule/DL*Spec.hs. hadolint's specs often lint a
// fragment without FROM; both the fragment and, where the stage matters, a
// whole file are kept.

const HADOLINT: &[Case] = &[
    // DL3000Spec: relative WORKDIR, also quoted; variables and Windows drives
    // count as absolute.
    ("DL3000", "FROM alpine:3.20\nWORKDIR app/data\n", &[2]),
    ("DL3000", "WORKDIR app/data\n", &[1]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app/data\n", &[3]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR /srv/data\n", &[]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR ${APP_HOME}\n", &[]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR 'app/data'\n", &[2]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR '/srv/data'\n", &[]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR \"app/data\"\n", &[2]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR \"/srv/data\"\n", &[]),
    ("DL3000", "FROM alpine:3.20\nWORKDIR \"${APP_HOME}\"\n", &[]),
    ("DL3000", "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:/\n", &[]),
    ("DL3000", "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR \"C:/\"\n", &[]),
    ("DL3000", "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR 'C:\\'\n", &[]),
    ("DL3000", "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR D:\\data\n", &[]),
    // DL3001Spec: `top` makes no sense in a build, installing ssh does; also
    // inside ONBUILD.
    ("DL3001", "FROM debian:12-slim\nRUN top\n", &[2]),
    ("DL3001", "RUN top\n", &[1]),
    ("DL3001", "FROM debian:12-slim\nONBUILD RUN top\n", &[2]),
    ("DL3001", "FROM debian:12-slim\nRUN apt-get install ssh\n", &[]),
    ("DL3001", "FROM debian:12-slim\nONBUILD RUN apt-get install ssh\n", &[]),
    // DL3003Spec: `cd` in RUN versus WORKDIR.
    ("DL3003", "FROM debian:12-slim\nWORKDIR /opt\n", &[]),
    ("DL3003", "FROM debian:12-slim\nRUN cd /opt\n", &[2]),
    ("DL3003", "RUN cd /opt\n", &[1]),
    // DL3011Spec: EXPOSE outside 0-65535.
    ("DL3011", "FROM nginx:1.27\nEXPOSE 80000\n", &[2]),
    ("DL3011", "EXPOSE 80000\n", &[1]),
    ("DL3011", "FROM nginx:1.27\nEXPOSE 60000\n", &[]),
    ("DL3011", "FROM nginx:1.27\nEXPOSE ${HTTP_PORT}\n", &[]),
    ("DL3011", "FROM nginx:1.27\nEXPOSE 40000-80000/tcp\n", &[2]),
    ("DL3011", "FROM nginx:1.27\nEXPOSE 40000-60000/tcp\n", &[]),
    ("DL3011", "FROM nginx:1.27\nEXPOSE 40000-${LAST_PORT}\n", &[]),
    // DL3012Spec: two HEALTHCHECKs in one stage.
    ("DL3012", "FROM scratch\n", &[]),
    ("DL3012", "FROM scratch\nHEALTHCHECK CMD /bin/probe\n", &[]),
    (
        "DL3012",
        "FROM scratch\nHEALTHCHECK CMD /bin/probe-a\nFROM scratch\nHEALTHCHECK CMD /bin/probe-b\n",
        &[],
    ),
    (
        "DL3012",
        "FROM scratch\nHEALTHCHECK CMD /bin/probe-a\nHEALTHCHECK CMD /bin/probe-b\n",
        &[2],
    ),
    // DL3020Spec: ADD of plain files; archives (not zip) and URLs are fine.
    ("DL3020", "FROM alpine:3.20\nADD bundle.tar /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD bundle.gz /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD bundle.bz2 /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD bundle.xz /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD bundle.tgz /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD http://downloads.example.com /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD settings /opt/app/\n", &[2]),
    ("DL3020", "ADD settings /opt/app/\n", &[1]),
    ("DL3020", "FROM alpine:3.20\nADD bundle.zip /opt/app/\n", &[2]),
    ("DL3020", "FROM alpine:3.20\nADD \"bundle.tgz\" /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD \"http://downloads.example.com\" /opt/app/\n", &[]),
    ("DL3020", "FROM alpine:3.20\nADD \"bundle.zip\" /opt/app/\n", &[2]),
    // DL3021Spec: several sources need a destination ending in `/`.
    ("DL3021", "FROM alpine:3.20\nCOPY main.py app.py\n", &[]),
    ("DL3021", "FROM alpine:3.20\nCOPY main.py util.py app\n", &[2]),
    ("DL3021", "COPY main.py util.py app\n", &[1]),
    ("DL3021", "FROM alpine:3.20\nCOPY main.py util.py app/\n", &[]),
    ("DL3021", "FROM alpine:3.20\nCOPY main.py util.py \"app\"\n", &[2]),
    ("DL3021", "FROM alpine:3.20\nCOPY main.py util.py \"app/\"\n", &[]),
    // DL3022Spec: COPY --from must name a stage defined before it.
    ("DL3022", "FROM alpine:3.20\nCOPY --from=assets site .\n", &[2]),
    (
        "DL3022",
        "FROM scratch\nCOPY --from=builder app .\nFROM node:20 AS builder\nRUN npm ci\n",
        &[2],
    ),
    (
        "DL3022",
        "FROM scratch AS builder\nRUN make\nFROM node:20\nCOPY --from=builder app .\nRUN npm ci\n",
        &[],
    ),
    ("DL3022", "FROM alpine:3.20\nCOPY --from=haskell:9.8 tool .\n", &[]),
    ("DL3022", "FROM alpine:3.20\nCOPY --from=0 tool .\n", &[2]),
    (
        "DL3022",
        "FROM scratch AS builder\nRUN make\nFROM node:20\nCOPY --from=0 app .\n",
        &[],
    ),
    ("DL3022", "FROM scratch\nRUN make\nFROM node:20\nCOPY --from=0 app .\n", &[]),
    // DL3023Spec: COPY --from names its own stage.
    ("DL3023", "FROM node:20 AS web\nCOPY --from=web dist .\n", &[2]),
    (
        "DL3023",
        "FROM scratch AS builder\nRUN make\nFROM node:20 AS web\nCOPY --from=builder dist .\nRUN npm ci\n",
        &[],
    ),
    // DL3024Spec: duplicate stage names.
    (
        "DL3024",
        "FROM node:20 AS deps\nRUN npm ci\nFROM scratch AS deps\nRUN true\n",
        &[3],
    ),
    (
        "DL3024",
        "FROM scratch AS builder\nRUN make\nFROM node:20 AS web\nRUN npm ci\n",
        &[],
    ),
    // DL3025Spec: CMD and ENTRYPOINT in shell form.
    ("DL3025", "FROM node:20 AS web\nENTRYPOINT server\n", &[2]),
    ("DL3025", "FROM scratch AS web\nENTRYPOINT [\"server\", \"--port\"]\n", &[]),
    ("DL3025", "FROM node:20 AS web\nCMD server\n", &[2]),
    (
        "DL3025",
        "FROM scratch AS web\nCMD [\"server\", \"--port\"]\nCMD [ \"server\", \"--port\" ]\n",
        &[],
    ),
    (
        "DL3025",
        "FROM alpine:3.20\nCMD [ \"/bin/sh\", \"-c\", \\\n      \"echo one && \\\n       echo two\" \\\n    ]\n",
        &[],
    ),
    // DL3044Spec: ENV referring to a variable of the same instruction.
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\"\nENV DATA=\"${BASE}/data\"\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"${XBASE}/data\"\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"${BASEX}/data\"\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"$XBASE/data\"\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"$BASEX/data\"\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"$BASE/$BASEX/data\"\n", &[2]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"BASE/$BASEX/BASE\"\n", &[]),
    ("DL3044", "FROM alpine:3.20\nARG BASE\nENV BASE=${BASE}\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV BASE opt\nENV BASE=${BASE}\n", &[]),
    ("DL3044", "FROM alpine:3.20\nENV PATH=/opt/bin:${PATH}\n", &[]),
    (
        "DL3044",
        "FROM alpine:3.20\nENV PATH=/opt/bin:${PATH}\nENV PATH=/srv/bin:${PATH}\n",
        &[],
    ),
    ("DL3044", "FROM alpine:3.20\nENV PATH=/opt/bin:${PATH} PATH=/srv/bin:${PATH}\n", &[2]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"${BASE}/data\"\n", &[2]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"$BASE/data\"\n", &[2]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"$BASE\"\n", &[2]),
    ("DL3044", "FROM alpine:3.20\nENV BASE=\"opt\" DATA=\"${BASE}\"\n", &[2]),
    ("DL3044", "ENV BASE=\"opt\" DATA=\"${BASE}\"\n", &[1]),
    // DL3045Spec: COPY to a relative destination with no WORKDIR in the
    // stage or the stages it inherits from.
    ("DL3045", "COPY run.sh /usr/local/bin/run.sh\n", &[]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh /usr/local/bin/run.sh\n", &[]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh \"/usr/local/bin/run.sh\"\n", &[]),
    ("DL3045", "FROM debian:12-slim\nONBUILD COPY run.sh /usr/local/bin/run.sh\n", &[]),
    ("DL3045", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY run.ps1 c:\\tools\\run.ps1\n", &[]),
    ("DL3045", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY run.ps1 \"d:\\tools\\run.ps1\"\n", &[]),
    ("DL3045", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY run.ps1 c:/tools/run.ps1\n", &[]),
    ("DL3045", "FROM scratch\nWORKDIR /usr\nCOPY run.sh run.sh\n", &[]),
    ("DL3045", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR c:\\tools\nCOPY run.ps1 run.ps1\n", &[]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh ${TOOLS_DIR}\n", &[]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh $TOOLS_DIR\n", &[]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh \"${TOOLS_DIR}\"\n", &[]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh \"$TOOLS_DIR\"\n", &[]),
    ("DL3045", "COPY run.sh runner.sh\n", &[1]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh runner.sh\n", &[2]),
    ("DL3045", "FROM debian:12-slim\nCOPY run.sh \"runner.sh\"\n", &[2]),
    ("DL3045", "FROM debian:12-slim\nONBUILD COPY run.sh runner.sh\n", &[2]),
    (
        "DL3045",
        "FROM debian:12-slim AS first\nWORKDIR /usr\nFROM debian:12-slim\nCOPY conf settings\n",
        &[4],
    ),
    (
        "DL3045",
        "FROM debian:12-slim AS base\nWORKDIR /usr\nFROM debian:12-slim AS other\nRUN true\nFROM base\nCOPY conf settings\n",
        &[],
    ),
    (
        "DL3045",
        "FROM debian:12-slim AS one\nWORKDIR /usr\nFROM one AS two\nRUN true\nFROM two\nCOPY conf settings\n",
        &[],
    ),
    (
        "DL3045",
        "FROM debian:12-slim\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY conf settings\n",
        &[],
    ),
    ("DL3045", "FROM debian:12-slim\nCOPY a b\n", &[2]),
    // DL3047Spec: wget without a progress, quiet or log option.
    ("DL3047", "FROM node:20 AS web\nRUN wget downloads.example.com\n", &[2]),
    ("DL3047", "FROM node:20 AS web\nONBUILD RUN wget downloads.example.com\n", &[2]),
    ("DL3047", "FROM node:20 AS web\nONBUILD RUN wget -q downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nONBUILD RUN wget --progress=dot:giga downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget --progress=dot:giga downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget -q downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget --quiet downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget -nv downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget --no-verbose downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget --output-file=/tmp/fetch.log downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget -o /tmp/fetch.log downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget --append-output=/tmp/fetch.log downloads.example.com\n", &[]),
    ("DL3047", "FROM node:20 AS web\nRUN wget -a /tmp/fetch.log downloads.example.com\n", &[]),
    // DL3048Spec: label keys.
    ("DL3048", "FROM alpine:3.20\nLABEL com.docker.tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL io.docker.tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL org.dockerproject.tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nONBUILD LABEL com.docker.tier=\"web\"\n", &[2]),
    // we disagree: Docker expands variables in LABEL keys, so `bad$key` is
    // `bad` followed by the value of `key`; PL927 skips keys built from
    // variables rather than guess what they become.
    ("DL3048", "FROM alpine:3.20\nLABEL bad$key=\"web\"\n", &[]),
    ("DL3048", "FROM alpine:3.20\nLABEL .tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL -tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL 1tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL app..tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL app--tier=\"web\"\n", &[2]),
    ("DL3048", "FROM alpine:3.20\nLABEL org.some-team.tier2=\"web\"\n", &[]),
    ("DL3048", "FROM alpine:3.20\nLABEL tier=\"web\"\n", &[]),
    ("DL3048", "FROM alpine:3.20\nONBUILD LABEL tier=\"web\"\n", &[]),
    // DL3049Spec: a label the schema requires is missing (here
    // `org.opencontainers.image.vendor`).
    ("DL3049", "FROM debian:12-slim\n", &[1]),
    ("DL3049", "FROM debian:12-slim\nLABEL tier=\"web\"\n", &[1]),
    ("DL3049", "FROM debian:12-slim\nLABEL org.opencontainers.image.vendor=\"Example\"\n", &[]),
    ("DL3049", "FROM debian:12-slim\nFROM alpine:3.20\n", &[2]),
    (
        "DL3049",
        "FROM debian:12-slim\nLABEL tier=\"web\"\nFROM alpine:3.20\nLABEL tier=\"api\"\n",
        &[3],
    ),
    (
        "DL3049",
        "FROM debian:12-slim AS base\nLABEL org.opencontainers.image.vendor=\"Example\"\nFROM base\n",
        &[],
    ),
    // we disagree: hadolint also wants the label on stages that do not reach
    // the final image, or whose label the final stage sets; PL928 judges the
    // final image only, which is what users and registries see.
    (
        "DL3049",
        "FROM debian:12-slim\nFROM alpine:3.20\nLABEL org.opencontainers.image.vendor=\"Example\"\n",
        &[],
    ),
    (
        "DL3049",
        "FROM debian:12-slim AS base\nFROM base\nLABEL org.opencontainers.image.vendor=\"Example\"\n",
        &[],
    ),
    // DL3051Spec: a required label is empty.
    ("DL3051", "FROM debian:12-slim\nLABEL org.opencontainers.image.vendor=\"\"\n", &[2]),
    ("DL3051", "FROM debian:12-slim\nLABEL org.opencontainers.image.vendor=\"Example\"\n", &[]),
    (
        "DL3051",
        "FROM debian:12-slim\nLABEL org.opencontainers.image.vendor=\"Example\" tier=\"\"\n",
        &[],
    ),
    // DL3059Spec: consecutive RUNs that could be one.
    ("DL3059", "FROM debian:12-slim\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN /build.sh\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN /build.sh\nWORKDIR /\nRUN /test.sh\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN /build.sh\nRUN /test.sh\n", &[3]),
    ("DL3059", "RUN /build.sh\nRUN /test.sh\n", &[2]),
    ("DL3059", "FROM debian:12-slim\nRUN /build.sh\n# then test\nRUN /test.sh\n", &[4]),
    (
        "DL3059",
        "FROM debian:12-slim\nRUN /build.sh\n# then test\n# quickly\nRUN /test.sh\n",
        &[5],
    ),
    ("DL3059", "FROM debian:12-slim\n# build it\nRUN /build.sh\n", &[]),
    (
        "DL3059",
        "FROM debian:12-slim\nRUN --mount=type=secret,id=npmrc /build.sh\nRUN /test.sh\n",
        &[],
    ),
    (
        "DL3059",
        "FROM debian:12-slim\nRUN --mount=type=secret,id=npmrc /build.sh\nRUN --mount=type=secret,id=pip /test.sh\n",
        &[],
    ),
    (
        "DL3059",
        "FROM debian:12-slim\nRUN --mount=type=secret,id=npmrc /build.sh\nRUN --mount=type=secret,id=npmrc /test.sh\n",
        &[3],
    ),
    ("DL3059", "FROM debian:12-slim\nRUN make && make check\nRUN make install\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN make; make check\nRUN make install\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN make install\nRUN make && make check\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN make install\nRUN make; make check\n", &[]),
    ("DL3059", "FROM debian:12-slim\nRUN make && make check\nRUN make; make install\n", &[]),
    (
        "DL3059",
        "FROM debian:12-slim\nRUN make && make check\nRUN make install\nRUN make clean\n",
        &[4],
    ),
    // DL3063Spec: reserved stage names.
    ("DL3063", "FROM node:20 AS scratch\n", &[1]),
    ("DL3063", "FROM node:20 AS context\n", &[1]),
    ("DL3063", "FROM node:20 AS webapp\n", &[]),
    // DL3067Spec: COPY --from=<stage> / /.
    ("DL3067", "FROM alpine:3.20 AS build\nRUN make\nFROM scratch\nCOPY --from=build / /\n", &[4]),
    // we disagree: with no stage named `build`, `--from=build` is an
    // external image, which PL602 leaves alone (it holds only what its
    // publisher put there; `FROM scratch` + `COPY --from=busybox / /`).
    ("DL3067", "COPY --from=build / /\n", &[]),
    (
        "DL3067",
        "FROM alpine:3.20 AS build\nRUN make\nFROM scratch\nCOPY --from=build \"/\" \"/\"\n",
        &[4],
    ),
    ("DL3067", "FROM scratch\nCOPY / /\n", &[]),
    (
        "DL3067",
        "FROM alpine:3.20 AS build\nRUN make\nFROM scratch\nCOPY --from=build /srv /\n",
        &[],
    ),
    // we disagree: copied into a subdirectory, the builder's whole file
    // system (package manager, caches, credentials) still ships in the final
    // image, which is what PL602 is about.
    (
        "DL3067",
        "FROM alpine:3.20 AS build\nRUN make\nFROM scratch\nCOPY --from=build / /srv\n",
        &[4],
    ),
    // DL4000Spec: MAINTAINER.
    ("DL4000", "FROM busybox:1.36\nMAINTAINER ops@example.com\n", &[2]),
    ("DL4000", "FROM debian:12-slim\nMAINTAINER Ops Team\n", &[2]),
    ("DL4000", "MAINTAINER Ops Team\nFROM debian:12-slim\n", &[1]),
    ("DL4000", "FROM debian:12-slim\n", &[]),
    // DL4001Spec: wget and curl in one stage.
    (
        "DL4001",
        "FROM node:20 AS web\nRUN wget downloads.example.com\nRUN curl localhost\n",
        &[3],
    ),
    ("DL4001", "FROM node:20 AS web\nRUN wget downloads.example.com && curl localhost\n", &[2]),
    ("DL4001", "FROM node:20 AS web\nRUN wget downloads.example.com\n", &[]),
    (
        "DL4001",
        "FROM node:20 AS web\nRUN wget downloads.example.com\nFROM scratch\nRUN curl localhost\n",
        &[],
    ),
    // we disagree: PL925 is about the size and attack surface of the final
    // image; a build stage that does not reach it may use both tools.
    (
        "DL4001",
        "FROM node:20 AS web\nRUN wget downloads.example.com\nRUN curl localhost\nFROM scratch\nRUN curl localhost\n",
        &[],
    ),
    (
        "DL4001",
        "FROM node:20 AS web\nRUN wget downloads.example.com\nRUN curl downloads.example.com\nRUN echo done\n",
        &[3],
    ),
    // DL4003Spec: several CMDs in a stage.
    ("DL4003", "FROM debian:12-slim\nCMD bash\nRUN make\nCMD other\n", &[2]),
    (
        "DL4003",
        "FROM debian:12-slim AS one\nCMD bash\nRUN make\nFROM debian:12-slim AS two\nCMD other\n",
        &[],
    ),
    (
        "DL4003",
        "FROM debian:12-slim AS one\nCMD bash\nRUN make\nCMD other\nFROM debian:12-slim AS two\nCMD other\n",
        &[2],
    ),
    ("DL4003", "CMD /bin/true\n", &[]),
    // DL4004Spec: several ENTRYPOINTs in a stage.
    ("DL4004", "FROM busybox:1.36\n", &[]),
    ("DL4004", "FROM debian:12-slim\nENTRYPOINT bash\nRUN make\nENTRYPOINT other\n", &[2]),
    (
        "DL4004",
        "FROM debian:12-slim AS one\nENTRYPOINT bash\nRUN make\nFROM debian:12-slim AS two\nENTRYPOINT other\n",
        &[],
    ),
    (
        "DL4004",
        "FROM debian:12-slim AS one\nENTRYPOINT bash\nRUN make\nENTRYPOINT other\nFROM debian:12-slim AS two\nENTRYPOINT other\n",
        &[2],
    ),
    ("DL4004", "ENTRYPOINT /bin/true\n", &[]),
    // DL4005Spec: ln replacing /bin/sh.
    ("DL4005", "FROM debian:12-slim\nRUN ln -sfv /bin/bash /bin/sh\n", &[2]),
    ("DL4005", "FROM debian:12-slim\nONBUILD RUN ln -sfv /bin/bash /bin/sh\n", &[2]),
    ("DL4005", "FROM debian:12-slim\nRUN ln -sf /bin/true /sbin/initctl\n", &[]),
    (
        "DL4005",
        "FROM debian:12-slim\nRUN ln -s src dst && other && something_with /bin/sh\n",
        &[],
    ),
    // DL4006Spec: a pipe without pipefail.
    ("DL4006", "FROM scratch\nRUN wget -O - https://example.com | wc -l > /count\n", &[2]),
    ("DL4006", "FROM scratch AS build\nRUN wget -O - https://example.com && wc -l page > /count\n", &[]),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/bash\", \"-e\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/bash\", \"-o\", \"errexit\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/usr/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/usr/local/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-ChildItem Env: | Select-Object -ExpandProperty Name\n",
        &[],
    ),
    // we disagree: `sh -o pipefail` either sets pipefail (busybox ash, recent
    // dash) or makes every RUN fail loudly with an illegal option; no pipe
    // failure goes unseen either way.
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\nFROM scratch AS again\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[5],
    ),
    (
        "DL4006",
        "FROM scratch AS build\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\nSHELL [\"/bin/sh\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[5],
    ),
    (
        "DL4006",
        "FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL [ \"pwsh\", \"-c\" ]\nRUN Get-ChildItem Env: | Select-Object -ExpandProperty Name\n",
        &[],
    ),
    (
        "DL4006",
        "FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL [ \"powershell.exe\" ]\nRUN Get-ChildItem Env: | Select-Object -ExpandProperty Name\n",
        &[],
    ),
    (
        "DL4006",
        "FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL [ \"cmd.exe\", \"/c\" ]\nRUN dir | more\n",
        &[],
    ),
    // The fragments hadolint's specs lint as written: no FROM, often no final
    // newline.
    ("DL3000", "WORKDIR 'C:\\'", &[]),
    ("DL3000", "WORKDIR \"C:\\\"", &[]),
    ("DL3000", "WORKDIR \"relative/dir\"", &[1]),
    ("DL3020", "ADD \"bundle.zip\" /opt/app/", &[1]),
    ("DL3020", "ADD bundle.tgz /opt/app/", &[]),
    ("DL3045", "COPY run.ps1 c:\\tools\\run.ps1", &[]),
    ("DL3045", "COPY run.ps1 \"d:\\tools\\run.ps1\"", &[]),
    ("DL3045", "COPY a b", &[1]),
    ("DL3048", "LABEL com.docker.tier=\"web\"", &[1]),
    ("DL3048", "LABEL tier=\"web\"", &[]),
    ("DL3059", "RUN /build.sh\n# then test\nRUN /test.sh", &[3]),
    ("DL3059", "RUN /build.sh\nWORKDIR /\nRUN /test.sh", &[]),
    ("DL4005", "RUN ln -sfv /bin/bash /bin/sh", &[1]),
    ("DL4005", "RUN ln -sf /bin/true /sbin/initctl", &[]),
];

#[test]
fn hadolint_specs() {
    run(Tool::Hadolint, &owned(HADOLINT));
}

// ---------------------------------------------------------------------------
// BuildKit: frontend/dockerfile/dockerfile_lint_test.go and the examples of
// frontend/dockerfile/docs/rules/*.md.

const BUILDKIT: &[Case] = &[
    // testStageName, stage-name-casing.md
    ("StageNameCasing", "FROM scratch AS BuildStage\n", &[1]),
    ("StageNameCasing", "FROM alpine:3.20 AS CompileBase\n", &[1]),
    ("StageNameCasing", "FROM alpine:3.20 AS compile-base\n", &[]),
    ("StageNameCasing", "FROM scratch AS stage3\n", &[]),
    // testStageName, from-as-casing.md
    ("FromAsCasing", "#\nFROM scratch as second\n", &[2]),
    ("FromAsCasing", "from scratch AS first\n", &[1]),
    ("FromAsCasing", "FROM scratch AS third\n", &[]),
    ("FromAsCasing", "from scratch as second\n", &[]),
    ("FromAsCasing", "FROM debian:12 as builder\n", &[1]),
    ("FromAsCasing", "FROM debian:12 AS deb-builder\n", &[]),
    ("FromAsCasing", "from debian:12 as deb-builder\n", &[]),
    // testNoEmptyContinuation, no-empty-continuation.md
    ("NoEmptyContinuation", "FROM scratch\nCOPY notes.txt \\\n\n.\n", &[2]),
    ("NoEmptyContinuation", "FROM scratch\nCOPY notes.txt \\\n.\n", &[]),
    ("NoEmptyContinuation", "FROM alpine:3.20\nEXPOSE \\\n\n8080\n", &[2]),
    ("NoEmptyContinuation", "FROM alpine:3.20\nEXPOSE \\\n# the port\n8080\n", &[]),
    (
        "NoEmptyContinuation",
        "FROM alpine:3.20\nRUN apk add \\\n\n    gnupg \\\n\n    curl\n",
        &[2],
    ),
    // testConsistentInstructionCasing, consistent-instruction-casing.md
    ("ConsistentInstructionCasing", "#\nFrom scratch as base\nFROM scratch AS base2\n", &[2]),
    ("ConsistentInstructionCasing", "FROM scratch\ncopy notes.txt /a\nCOPY notes.txt /b\n", &[2]),
    ("ConsistentInstructionCasing", "#\nfrOM scratch as base\nfrom scratch as base2\n", &[2]),
    ("ConsistentInstructionCasing", "from scratch\nCOPY notes.txt /a\ncopy notes.txt /b\n", &[2]),
    (
        "ConsistentInstructionCasing",
        "from scratch\nCOPY notes.txt /a\nCOPY notes.txt /b\nCOPY notes.txt /c\n",
        &[1],
    ),
    (
        "ConsistentInstructionCasing",
        "FROM scratch\ncopy notes.txt /a\ncopy notes.txt /b\ncopy notes.txt /c\n",
        &[1],
    ),
    ("ConsistentInstructionCasing", "from scratch\ncopy notes.txt /a\ncopy notes.txt /b\n", &[]),
    ("ConsistentInstructionCasing", "FROM scratch\nCOPY notes.txt /a\nCOPY notes.txt /b\n", &[]),
    ("ConsistentInstructionCasing", "FROM alpine:3.20\nRUN <<'EOT'\nenv\nEOT\n", &[]),
    (
        "ConsistentInstructionCasing",
        "From alpine:3.20\nRun echo hi > /hello.txt\nEntRYpOiNT [\"cat\", \"/hello.txt\"]\n",
        &[1, 2, 3],
    ),
    (
        "ConsistentInstructionCasing",
        "from alpine:3.20\nrun echo hi > /hello.txt\nentrypoint [\"cat\", \"/hello.txt\"]\n",
        &[],
    ),
    // testDuplicateStageName, duplicate-stage-name.md
    ("DuplicateStageName", "FROM scratch AS b\nFROM scratch AS b\n", &[2]),
    ("DuplicateStageName", "FROM scratch AS b1\nFROM scratch AS b2\n", &[]),
    (
        "DuplicateStageName",
        "FROM debian:12 AS builder\nRUN apt-get update; apt-get install -y curl\n\nFROM golang:1.22 AS builder\n",
        &[4],
    ),
    // testReservedStageName
    ("ReservedStageName", "FROM scratch AS scratch\n", &[1]),
    ("ReservedStageName", "FROM scratch AS context\n", &[1]),
    ("ReservedStageName", "FROM scratch\nFROM scratch AS a\n", &[]),
    // testJSONArgsRecommended, json-args-recommended.md: shell form, unless a
    // SHELL (also inherited from the parent stage) makes it deliberate.
    ("JSONArgsRecommended", "FROM scratch\nCMD serve\n", &[2]),
    ("JSONArgsRecommended", "FROM scratch\nENTRYPOINT serve\n", &[2]),
    ("JSONArgsRecommended", "FROM scratch\nSHELL [\"/usr/bin/myshell\"]\nCMD serve\n", &[]),
    ("JSONArgsRecommended", "FROM scratch\nSHELL [\"/usr/bin/myshell\"]\nENTRYPOINT serve\n", &[]),
    (
        "JSONArgsRecommended",
        "FROM scratch AS base\nSHELL [\"/usr/bin/myshell\"]\n\nFROM base\nCMD serve\n",
        &[],
    ),
    (
        "JSONArgsRecommended",
        "FROM scratch AS base\nSHELL [\"/usr/bin/myshell\"]\n\nFROM base\nENTRYPOINT serve\n",
        &[],
    ),
    ("JSONArgsRecommended", "FROM alpine:3.20\nENTRYPOINT [\"my-program\", \"start\"]\n", &[]),
    (
        "JSONArgsRecommended",
        "FROM alpine:3.20\nRUN apk add bash\nSHELL [\"/bin/bash\", \"-c\"]\nENTRYPOINT echo \"hello world\"\n",
        &[],
    ),
    // testMaintainerDeprecated, maintainer-deprecated.md
    ("MaintainerDeprecated", "FROM scratch\nMAINTAINER ops@example.org\n", &[2]),
    ("MaintainerDeprecated", "MAINTAINER ops@example.org\n", &[1]),
    (
        "MaintainerDeprecated",
        "FROM scratch\nLABEL org.opencontainers.image.authors=\"ops@example.org\"\n",
        &[],
    ),
    // testWarningsBeforeError: warnings still come before an unknown
    // instruction.
    (
        "StageNameCasing",
        "FROM scratch AS WrongCase\nMAINTAINER ops@example.org\nNOTACMD\n",
        &[1],
    ),
    (
        "MaintainerDeprecated",
        "FROM scratch AS WrongCase\nMAINTAINER ops@example.org\nNOTACMD\n",
        &[2],
    ),
    // testUndeclaredArg
    ("UndefinedArgInFrom", "ARG base=scratch\nFROM $base\nCOPY notes.txt .\n", &[]),
    (
        "UndefinedArgInFrom",
        "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY notes.txt .\n",
        &[],
    ),
    ("UndefinedArgInFrom", "FROM --platform=$BUILDPLATFORM scratch\nCOPY notes.txt .\n", &[]),
    ("UndefinedArgInFrom", "ARG DEBUG\nFROM scratch${DEBUG}\nCOPY notes.txt .\n", &[]),
    ("UndefinedArgInFrom", "ARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY notes.txt .\n", &[]),
    ("UndefinedArgInFrom", "ARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\nCOPY notes.txt .\n", &[]),
    ("UndefinedArgInFrom", "FROM --platform=$BUILDPLATFOMR scratch\nCOPY notes.txt .\n", &[1]),
    (
        "UndefinedArgInFrom",
        "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY notes.txt .\n",
        &[3],
    ),
    ("UndefinedArgInFrom", "ARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY notes.txt .\n", &[2]),
    // testWorkdirRelativePath, workdir-relative-path.md
    ("WorkdirRelativePath", "FROM scratch\nWORKDIR app/\n", &[2]),
    // After an earlier WORKDIR (here inherited from stage `a`) BuildKit is
    // quiet: PL702 still reports it for the other peers, without BuildKit's
    // id (`workdir_after_an_earlier_one_does_not_claim_buildkit` below).
    ("WorkdirRelativePath", "FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n", &[]),
    ("WorkdirRelativePath", "FROM alpine:3.20\nWORKDIR /srv/app\nWORKDIR data\n", &[]),
    ("WorkdirRelativePath", "FROM alpine:3.20\nWORKDIR ${APP_HOME}\nWORKDIR data\n", &[]),
    ("WorkdirRelativePath", "FROM nginx:1.27 AS web\nWORKDIR usr/share/nginx/html\nCOPY public .\n", &[2]),
    ("WorkdirRelativePath", "FROM nginx:1.27 AS web\nWORKDIR /usr/share/nginx/html\nCOPY public .\n", &[]),
    // testUnmatchedVars, testAllTargetUnmarshal, undefined-var.md
    ("UndefinedVar", "FROM scratch\nARG name\nCOPY notes${name} .\n", &[]),
    ("UndefinedVar", "FROM alpine:3.20 AS base\nARG name=notes.txt\n\nFROM base\nCOPY $name .\n", &[]),
    ("UndefinedVar", "FROM alpine:3.20\nRUN echo $PATH\n", &[]),
    ("UndefinedVar", "FROM alpine:3.20\nCOPY $name .\nARG name=notes\nRUN echo $name\n", &[2]),
    (
        "UndefinedVar",
        "FROM alpine:3.20\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n",
        &[5],
    ),
    ("UndefinedVar", "FROM alpine:3.20\nENV PATH=$PAHT:/tmp/bin\n", &[2]),
    ("UndefinedVar", "FROM scratch AS first\nCOPY $one .\n\nFROM scratch AS second\nCOPY $two .\n", &[2, 5]),
    ("UndefinedVar", "FROM alpine:3.20 AS base\nCOPY $name .\n", &[2]),
    ("UndefinedVar", "FROM alpine:3.20 AS base\nARG name\nCOPY $name .\n", &[]),
    // testMultipleInstructionsDisallowed, multiple-instructions-disallowed.md
    (
        "MultipleInstructionsDisallowed",
        "FROM scratch\nENTRYPOINT [\"/app\"]\nENTRYPOINT [\"/other\"]\n",
        &[2],
    ),
    ("MultipleInstructionsDisallowed", "FROM scratch\nCMD [\"/app\"]\nCMD [\"/other\"]\n", &[2]),
    (
        "MultipleInstructionsDisallowed",
        "FROM scratch\nHEALTHCHECK CMD [\"/app\"]\nHEALTHCHECK CMD [\"/other\"]\n",
        &[2],
    ),
    (
        "MultipleInstructionsDisallowed",
        "FROM scratch\nENTRYPOINT [\"/app\"]\nCMD [\"/app\"]\nHEALTHCHECK CMD [\"/app\"]\nCOPY <<EOF /greeting.txt\nhello\nEOF\nENTRYPOINT [\"/other\"]\nCMD [\"/other\"]\nHEALTHCHECK CMD [\"/other\"]\n",
        &[2, 3, 4],
    ),
    (
        "MultipleInstructionsDisallowed",
        "FROM scratch AS a\nENTRYPOINT [\"/app\"]\nCMD [\"/app\"]\nHEALTHCHECK CMD [\"/app\"]\n\nFROM a AS b\nENTRYPOINT [\"/other\"]\nCMD [\"/other\"]\nHEALTHCHECK CMD [\"/other\"]\n",
        &[],
    ),
    (
        "MultipleInstructionsDisallowed",
        "FROM alpine:3.20\nCMD echo \"one\"\nCMD echo \"two\"\n",
        &[2],
    ),
    (
        "MultipleInstructionsDisallowed",
        "FROM alpine:3.20\nCMD echo \"one\"; echo \"two\"\n",
        &[],
    ),
    (
        "MultipleInstructionsDisallowed",
        "FROM python:3.12-alpine\nRUN apk add curl\nHEALTHCHECK --interval=1s --timeout=3s \\\n  CMD curl -f http://localhost:8080 || exit 1\nCMD python -m http.server 8080\n",
        &[],
    ),
    // testLegacyKeyValueFormat, legacy-key-value-format.md
    ("LegacyKeyValueFormat", "FROM scratch\nENV mode production\n", &[2]),
    ("LegacyKeyValueFormat", "FROM scratch\nLABEL tier web\n", &[2]),
    ("LegacyKeyValueFormat", "FROM scratch\nENV mode=production\nLABEL tier=web\n", &[]),
    (
        "LegacyKeyValueFormat",
        "FROM scratch AS a\n\nFROM a AS b\nENV mode production\nLABEL tier web\n\nFROM a AS c\n",
        &[4, 5],
    ),
    // we disagree with the docs' ARG example: BuildKit parses `ARG a b` as
    // two build arguments without values (its linter checks ENV and LABEL).
    ("LegacyKeyValueFormat", "FROM alpine:3.20\nARG mode production\n", &[]),
    ("LegacyKeyValueFormat", "FROM alpine:3.20\nARG mode=production\n", &[]),
    // testInvalidDefaultArgInFrom, invalid-default-arg-in-from.md
    ("InvalidDefaultArgInFrom", "ARG VERSION\nFROM busybox:$VERSION\n", &[2]),
    ("InvalidDefaultArgInFrom", "ARG IMAGE\nFROM $IMAGE\n", &[2]),
    ("InvalidDefaultArgInFrom", "ARG SFX=\"box:\"\nFROM busy${SFX}\n", &[2]),
    ("InvalidDefaultArgInFrom", "ARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n", &[]),
    ("InvalidDefaultArgInFrom", "ARG VARIANT=\"\"\nFROM busybox:stable${VARIANT}\n", &[]),
    ("InvalidDefaultArgInFrom", "ARG VARIANT\nFROM busybox:stable${VARIANT}\n", &[]),
    ("InvalidDefaultArgInFrom", "ARG TAG\nFROM busybox:${TAG}\n", &[2]),
    ("InvalidDefaultArgInFrom", "ARG TAG=latest\nFROM busybox:${TAG}\n", &[]),
    ("InvalidDefaultArgInFrom", "ARG TAG\nFROM alpine:${TAG:-3.14}\n", &[]),
    // testDefinitionDescription, invalid-definition-description.md
    (
        "InvalidDefinitionDescription",
        "# check=experimental=InvalidDefinitionDescription\n# name the default name\nARG name=web\n\n# base the base image\nFROM scratch AS base\n\n# version the version number\nARG version=latest\n\n# other the other value\nARG name=api other=worker third=cron\n#\nARG bare=value\n\n# a comment for something else\nCOPY notes.txt .\n",
        &[],
    ),
    (
        "InvalidDefinitionDescription",
        "# check=experimental=InvalidDefinitionDescription\n# wrong this is another name\nARG name=web\n",
        &[2],
    ),
    ("InvalidDefinitionDescription", "# Base this is the Base image\nFROM scratch AS base\n", &[1]),
    ("InvalidDefinitionDescription", "FROM scratch AS base\n# surely a bad comment\nARG version=latest\n", &[2]),
    (
        "InvalidDefinitionDescription",
        "FROM scratch AS base\n# surely a bad comment\nARG one=a two=b three=c\n",
        &[2],
    ),
    (
        "InvalidDefinitionDescription",
        "# a comment that describes nothing\nFROM scratch AS base\n\n# another comment\nARG VERSION=1\n",
        &[1, 4],
    ),
    (
        "InvalidDefinitionDescription",
        "# a comment that describes nothing\n\nFROM scratch AS base\n\n# another comment\n\nARG VERSION=1\n",
        &[],
    ),
    (
        "InvalidDefinitionDescription",
        "# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\nARG VERSION=1\n",
        &[],
    ),
    // expose-proto-casing.md
    ("ExposeProtoCasing", "FROM alpine:3.20\nEXPOSE 8080/TcP\n", &[2]),
    ("ExposeProtoCasing", "FROM alpine:3.20\nEXPOSE 8080/tcp\n", &[]),
    // expose-invalid-format.md
    ("ExposeInvalidFormat", "FROM alpine:3.20\nEXPOSE 127.0.0.1:8080:8080\n", &[2]),
    ("ExposeInvalidFormat", "FROM alpine:3.20\nEXPOSE 8080:8080\n", &[2]),
    ("ExposeInvalidFormat", "FROM alpine:3.20\nEXPOSE 8080\n", &[]),
];

#[test]
fn buildkit_lint_tests_and_check_docs() {
    run(Tool::Buildkit, &owned(BUILDKIT));
}

// ---------------------------------------------------------------------------
// Trivy: trivy-checks checks/docker/*_test.rego (their input is a parsed
// Dockerfile; here it is written back as one).

const TRIVY: &[Case] = &[
    // add_instead_of_copy_test.rego (DS-0005)
    (
        "DS-0005",
        "FROM alpine:3.20\nADD /target/assets.tar.gz assets.jar\nADD /target/service.jar service.jar\n",
        &[3],
    ),
    ("DS-0005", "FROM alpine:3.20\nADD /target/service.jar service.jar\n", &[2]),
    ("DS-0005", "FROM alpine:3.20\nRUN tar -xjf /tmp/package.tar.gz\n", &[]),
    ("DS-0005", "FROM alpine:3.20\nCOPY notes.txt notes2.txt\n", &[]),
    ("DS-0005", "FROM alpine:3.20\nADD /target/assets.tar.gz assets.tar.gz\n", &[]),
    ("DS-0005", "FROM alpine:3.20\nADD http://example.com/notes.txt notes.txt\n", &[]),
    ("DS-0005", "FROM alpine:3.20\nADD https://example.com/notes.txt notes.txt\n", &[]),
    ("DS-0005", "FROM alpine:3.20\nADD git@github.com:example/tools.git /usr/src/tools/\n", &[]),
    // copy_from_references_current_from_alias_test.rego (DS-0006)
    (
        "DS-0006",
        "FROM golang:1.22 AS dep\nCOPY --from=dep /binary /\nFROM alpine:3.20\nENTRYPOINT [\"/opt/app/run.sh\", \"--port\", \"8080\"]\n",
        &[2],
    ),
    ("DS-0006", "FROM golang:1.22 AS Builder\nCOPY --from=builder /binary /\n", &[2]),
    ("DS-0006", "FROM golang:1.22 as   dep\nCOPY --from=dep /binary /\n", &[2]),
    (
        "DS-0006",
        "FROM golang:1.22 AS builder\nWORKDIR /src/\nRUN go mod download\nCOPY app.go .\nRUN go build -o app .\nFROM alpine:3.20\nRUN apk --no-cache add ca-certificates\nWORKDIR /root/\nCOPY --from=builder /src/app .\nCMD [\"./app\"]\n",
        &[],
    ),
    (
        "DS-0006",
        "FROM golang:1.22\nCOPY --from=dep /binary /\nFROM golang:1.22\nCOPY --from=0 app/ /app/\n",
        &[],
    ),
    // multiple_entrypoint_instructions_listed_test.rego (DS-0007)
    (
        "DS-0007",
        "FROM golang:1.22\nENTRYPOINT [\"/app\"]\nENTRYPOINT [\"/apps\"]\nFROM alpine:3.20\nENTRYPOINT [\"/app\"]\n",
        &[2],
    ),
    (
        "DS-0007",
        "FROM golang:1.22\nENTRYPOINT [\"/app\"]\nFROM alpine:3.20\nENTRYPOINT [\"/app\"]\n",
        &[],
    ),
    // unix_ports_out_of_range_test.rego (DS-0008)
    (
        "DS-0008",
        "FROM alpine:3.20\nRUN apk --no-cache add nginx\nEXPOSE 65536/tcp 80 443 22\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[3],
    ),
    (
        "DS-0008",
        "FROM alpine:3.20\nRUN apk --no-cache add nginx\nEXPOSE 65530/tcp 80 443 22\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        &[],
    ),
    // workdir_path_not_absolute_test.rego (DS-0009): any relative WORKDIR,
    // also after an absolute one.
    ("DS-0009", "FROM alpine:3.20\nRUN apk add --update py3-pip\nWORKDIR /srv/app\nWORKDIR data\n", &[4]),
    ("DS-0009", "FROM alpine:3.20\nWORKDIR data\n", &[2]),
    ("DS-0009", "FROM alpine:3.20\nRUN apk --no-cache add nginx\n", &[]),
    ("DS-0009", "FROM alpine:3.20\nWORKDIR /srv/app\n", &[]),
    ("DS-0009", "FROM alpine:3.20\nWORKDIR \"/srv/app\"\n", &[]),
    // copy_with_more_than_two_arguments_not_ending_with_slash_test.rego (DS-0011)
    ("DS-0011", "FROM node:20\nCOPY package.json yarn.lock webapp\n", &[2]),
    ("DS-0011", "FROM node:20\nCOPY package.json yarn.lock\n", &[]),
    ("DS-0011", "FROM node:20\nCOPY package.json yarn.lock webapp/\n", &[]),
    // same_alias_in_different_froms_test.rego (DS-0012)
    (
        "DS-0012",
        "FROM baseimage AS bi\nRUN make\nFROM debian:12 AS build\nRUN make\nFROM debian:11 AS build\nRUN make\n",
        &[5],
    ),
    (
        "DS-0012",
        "FROM baseimage\nRUN make\nFROM debian:12 AS build\nRUN make\nFROM debian:11 as    build\nRUN make\n",
        &[5],
    ),
    ("DS-0012", "FROM baseimage\nRUN make\nFROM debian:12 AS build\nRUN make\n", &[]),
    (
        "DS-0012",
        "FROM baseimage\nRUN make\nFROM debian:12 AS build2\nRUN make\nFROM debian:11 AS build1\nRUN make\n",
        &[],
    ),
    // run_command_cd_instead_of_workdir_test.rego (DS-0013)
    (
        "DS-0013",
        "FROM nginx:1.27\nRUN cd /usr/share/nginx/html\nCMD cd /usr/share/nginx/html && sed -e s/Docker/\"$AUTHOR\"/ hello.html > index.html ; nginx -g 'daemon off;'\n",
        &[2],
    ),
    (
        "DS-0013",
        "FROM nginx:1.27\nENV AUTHOR Docker\nRUN apt-get install vim && cd /usr/share/nginx/html\n",
        &[3],
    ),
    (
        "DS-0013",
        "FROM nginx:1.27\nWORKDIR /usr/share/nginx/html\nCOPY hello.html /usr/share/nginx/html\nCMD cd /usr/share/nginx/html && sed -e s/Docker/\"$AUTHOR\"/ hello.html > index.html ; nginx -g 'daemon off;'\n",
        &[],
    ),
    // run_using_wget_and_curl_test.rego (DS-0014)
    ("DS-0014", "FROM debian:12\nRUN wget http://example.com\nRUN curl http://example.org\n", &[3]),
    ("DS-0014", "FROM debian:12\nRUN wget http://example.com\nRUN [\"curl\", \"http://example.org\"]\n", &[3]),
    ("DS-0014", "FROM debian:12\nRUN curl http://example.org\nRUN curl http://example.com\n", &[]),
    (
        "DS-0014",
        "FROM debian:12\nRUN [\"curl\", \"http://example.org\"]\nRUN [\"curl\", \"http://example.com\"]\n",
        &[],
    ),
    (
        "DS-0014",
        "FROM debian:12\nRUN curl http://example.org\nRUN apt-get update && apt-get install wget\n",
        &[],
    ),
    (
        "DS-0014",
        "FROM alpine:3.20\nRUN wget http://example.com\nFROM alpine:3.20\nRUN curl http://example.org\n",
        &[],
    ),
    // multiple_cmd_instructions_listed_test.rego (DS-0016)
    (
        "DS-0016",
        "FROM golang:1.22\nCMD ./app\nCMD ./apps\nFROM alpine:3.20\nCMD ./app\n",
        &[2],
    ),
    ("DS-0016", "FROM golang:1.22\nCMD ./app\nFROM alpine:3.20\nCMD ./app\n", &[]),
    // maintainer_is_deprecated_test.rego (DS-0022)
    ("DS-0022", "FROM alpine:3.20\nMAINTAINER ops@example.com\n", &[2]),
    ("DS-0022", "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"ops@example.com\"\n", &[]),
    // multiple_healthcheck_instructions_test.rego (DS-0023)
    (
        "DS-0023",
        "FROM busybox:1.36\nHEALTHCHECK CMD curl http://localhost:8080\nHEALTHCHECK CMD /bin/healthcheck\nFROM alpine:3.20\nHEALTHCHECK CMD /bin/healthcheck\nCMD ./app\n",
        &[2],
    ),
    (
        "DS-0023",
        "FROM golang:1.22\nHEALTHCHECK CMD /bin/healthcheck\nCMD ./app\nFROM alpine:3.20\nCMD ./app\n",
        &[],
    ),
    ("DS-0023", "FROM golang:1.22\nHEALTHCHECK NONE\nCMD ./app\nFROM alpine:3.20\nCMD ./app\n", &[]),
    // prevent_sys_workdir_mounts_test.rego (DS-0030)
    ("DS-0030", "FROM alpine:3.20\nRUN apk add --update py3-pip\nWORKDIR /proc/self/fd/1\n", &[3]),
    ("DS-0030", "FROM alpine:3.20\nRUN apk --no-cache add nginx\n", &[]),
    ("DS-0030", "FROM alpine:3.20\nWORKDIR /srv/app\n", &[]),
    ("DS-0030", "FROM alpine:3.20\nWORKDIR /development\n", &[]),
    ("DS-0030", "FROM alpine:3.20\nWORKDIR \"/srv/app\"\n", &[]),
    ("DS-0030", "FROM alpine:3.20\nWORKDIR \"/proc/self/fd/1\"\n", &[2]),
    // The good and bad examples of checks/docker/*.yaml.
    (
        "DS-0005",
        "FROM alpine:3.20\nUSER app\nADD \"/target/assets.tar.gz\" \"assets\"\n",
        &[],
    ),
    (
        "DS-0005",
        "FROM alpine:3.20\nUSER app\nADD \"/target/assets.tar.gz\" \"assets.jar\"\nADD \"/target/service.jar\" \"service.jar\"\n",
        &[4],
    ),
    (
        "DS-0011",
        "FROM alpine:3.20\nUSER app\nCOPY [\"package.json\", \"yarn.lock\", \"webapp\"]\n",
        &[3],
    ),
    (
        "DS-0011",
        "FROM alpine:3.20\nUSER app\nCOPY [\"package.json\", \"yarn.lock\", \"webapp/\"]\n",
        &[],
    ),
    ("DS-0009", "FROM alpine:3.20\nUSER app\nWORKDIR srv/app\n", &[3]),
    ("DS-0009", "FROM alpine:3.20\nUSER app\nWORKDIR /srv/app\n", &[]),
    (
        "DS-0013",
        "FROM nginx:1.27\nRUN cd /usr/share/nginx/html\nUSER app\nCMD cd /usr/share/nginx/html && nginx -g 'daemon off;'\n",
        &[2],
    ),
    (
        "DS-0013",
        "FROM nginx:1.27\nWORKDIR /usr/share/nginx/html\nUSER app\nCMD cd /usr/share/nginx/html && nginx -g 'daemon off;'\n",
        &[],
    ),
    (
        "DS-0014",
        "FROM debian:12\nRUN curl http://example.org\nRUN curl http://example.com\n\nFROM baseimage:1.0\nUSER app\nRUN curl http://example.org\n",
        &[],
    ),
    // we disagree: PL925 judges the stages that reach the final image (its
    // docs advise downloading in a builder stage, so the final image needs
    // neither tool); this first stage is not used by the last.
    (
        "DS-0014",
        "FROM debian:12\nRUN wget http://example.org\nRUN curl http://example.com\n\nFROM baseimage:1.0\nUSER app\nRUN curl http://example.org\n",
        &[],
    ),
    // run_pipefail_test.rego, run_pipefail.yaml (DS-0032)
    ("DS-0032", "FROM alpine:3.20\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[2]),
    ("DS-0032", "FROM debian:12\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[2]),
    ("DS-0032", "FROM alpine:3.20\nRUN curl -fsSL https://example.com/list | wc -l > /count\nRUN wget -qO- https://example.com/tool.sh | sh\n", &[2, 3]),
    // we disagree: reading a local file into grep fails only on a programming
    // error, and pipefail would turn grep's "no match" into a failed build;
    // PL921 leaves `cat ... | grep` alone.
    ("DS-0032", "FROM alpine:3.20\nRUN cat /etc/group | grep wheel\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nRUN set -o pipefail && curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-e\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-o\", \"errexit\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nSHELL [\"/bin/zsh\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[3]),
    // we disagree: see DL4006 above; `sh -o pipefail` either sets pipefail
    // or makes every RUN fail loudly.
    ("DS-0032", "FROM alpine:3.20\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-ChildItem Env: | Select-Object -ExpandProperty Name\n", &[]),
    ("DS-0032", "FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL [\"powershell.exe\"]\nRUN Get-ChildItem Env: | Select-Object -ExpandProperty Name\n", &[]),
    ("DS-0032", "FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL [\"cmd.exe\", \"/c\"]\nRUN Get-ChildItem Env: | Select-Object -ExpandProperty Name\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n", &[]),
    ("DS-0032", "FROM alpine:3.20\nRUN echo \"left|right\"\n", &[]),
    (
        "DS-0032",
        "FROM alpine:3.20 AS first\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\nFROM alpine:3.20 AS second\nRUN curl -fsSL https://example.com/list | wc -l > /count\n",
        &[5],
    ),
    (
        "DS-0032",
        "FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\nSHELL [\"/bin/sh\", \"-c\"]\nRUN curl -fsSL https://example.com/list | wc -l > /count\n",
        &[5],
    ),
];

#[test]
fn trivy_rego_tests() {
    run(Tool::Trivy, &owned(TRIVY));
}

// ---------------------------------------------------------------------------
// Checkov: tests/dockerfile/checks/example_*/ and
// tests/dockerfile/graph_builder/checks/resources/*/{fail,pass}/. Checkov
// reports each instruction as a resource, so each instruction is a case.

/// `(peer id, FROM line, instructions, whether each fires)`.
type Resources = (&'static str, &'static str, &'static str, bool);

const CHECKOV_FILES: &[Case] = &[
    // example_AddExists/failure
    (
        "CKV_DOCKER_4",
        "FROM base:1.0\n\nLABEL tier=\"web app\"\nADD http://example.com/bundle.zip /tmp\nUSER app\n",
        &[4],
    ),
    ("CKV_DOCKER_4", "FROM base:1.0\nCOPY bundle.zip /tmp\n", &[]),
    // example_AliasIsUnique
    (
        "CKV_DOCKER_11",
        "FROM baseimage:1.0\nRUN make\n\nFROM debian:12 as build\nRUN make\n\nFROM debian:11 as build\nRUN make check\n",
        &[7],
    ),
    (
        "CKV_DOCKER_11",
        "FROM debian:12 as build\nRUN make\n\nFROM debian:12 as another-name\nRUN make check\n",
        &[],
    ),
    (
        "CKV_DOCKER_11",
        "FROM --platform=linux/amd64 node:20 as FIRST\nRUN npm install\n\nFROM --platform=linux/amd64 node:20 as SECOND\nRUN npm run\n\nUSER nobody\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\n\nCMD start.sh\n",
        &[],
    ),
    // example_MaintainerExists/failure
    ("CKV_DOCKER_6", "FROM  base:1.0\n\nMAINTAINER someone\n", &[3]),
    ("CKV_DOCKER_6", "FROM  base:1.0\n\nLABEL maintainer=someone\n", &[]),
    // example_WorkdirIsAbsolute: a relative WORKDIR after an absolute one
    // in the same stage fires too.
    (
        "CKV_DOCKER_10",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nWORKDIR /srv/app\nWORKDIR data\nCOPY requirements.txt /srv/app/\n",
        &[4],
    ),
    ("CKV_DOCKER_10", "FROM alpine:3.20\n\nWORKDIR data\n", &[3]),
    (
        "CKV_DOCKER_10",
        "FROM alpine:3.20\nWORKDIR /srv/app\nWORKDIR /\nWORKDIR c:\\\\windows\nENV DIRPATH=/srv\nENV ARCHIVE_NAME tools5\nWORKDIR $DIRPATH/$DIRNAME\nWORKDIR ${TOOLS_HOME}/bin\nCOPY requirements.txt /srv/app/\n",
        &[],
    ),
];

const CHECKOV_RESOURCES: &[Resources] = &[
    // EnvGitSslNoVerify (CKV2_DOCKER_14): any value disables verification.
    (
        "CKV2_DOCKER_14",
        "FROM alpine:3.20",
        "ENV GIT_SSL_NO_VERIFY 0\nENV GIT_SSL_NO_VERIFY=0\nENV GIT_SSL_NO_VERIFY=\"0\"\nENV GIT_SSL_NO_VERIFY='0'\nARG GIT_SSL_NO_VERIFY=0\nARG GIT_SSL_NO_VERIFY=\"0\"\nARG GIT_SSL_NO_VERIFY='0'\nENV OTHER=1 GIT_SSL_NO_VERIFY=0\nENV GIT_SSL_NO_VERIFY=0 OTHER=1\nENV GIT_SSL_NO_VERIFY    0\nENV GIT_SSL_NO_VERIFY=1\nENV GIT_SSL_NO_VERIFY true\nARG GIT_SSL_NO_VERIFY=true\nENV BUILD_MODE=release \\\n    CGO_ENABLED=0 \\\n    GIT_SSL_NO_VERIFY=1\n",
        true,
    ),
    (
        "CKV2_DOCKER_14",
        "FROM alpine:3.20",
        "RUN GIT_SSL_NO_VERIFY=0 git clone https://example.com/tools.git\nRUN GIT_SSL_NO_VERIFY=\"0\" OTHER='x' git clone https://example.com/tools.git\nRUN OTHER=1 GIT_SSL_NO_VERIFY='0' git clone https://example.com/tools.git\nRUN A=\"1\" \\\n    GIT_SSL_NO_VERIFY=0 \\\n    B=\"2\" \\\n    git clone https://example.com/tools.git\nRUN A=1 echo start; GIT_SSL_NO_VERIFY=0 git clone https://example.com/tools.git ;B=2 echo done;\nRUN A=1 echo start&&GIT_SSL_NO_VERIFY=0 git clone https://example.com/tools.git&&B=2 echo done;\nRUN A=1 echo start||GIT_SSL_NO_VERIFY=0 git clone https://example.com/tools.git||B=2 echo done;\nRUN A=1 echo start|GIT_SSL_NO_VERIFY=0 git clone https://example.com/tools.git|B=2 echo done;\nRUN GIT_SSL_NO_VERIFY=0 OTHER=\"x\\\"\" git clone https://example.com/tools.git\nRUN export GIT_SSL_NO_VERIFY=1\nRUN export GIT_SSL_NO_VERIFY=1 && git clone --depth 1 https://example.com/tools.git\nRUN cd $HOME && export GIT_SSL_NO_VERIFY=true \\\n    && git clone https://example.com/tools.git\nRUN GIT_SSL_NO_VERIFY=yes \\\n    git clone https://example.com/tools.git\nRUN apk add git && GIT_SSL_NO_VERIFY=true git clone https://example.com/tools.git\nRUN export DEBIAN_FRONTEND='noninteractive' && \\\n    export GIT_SSL_NO_VERIFY=1 && echo done\n",
        true,
    ),
    (
        "CKV2_DOCKER_14",
        "FROM alpine:3.20",
        "ENV XGIT_SSL_NO_VERIFY=1\nENV XGIT_SSL_NO_VERIFY 1\nARG GIT_SSL_NO_VERIFYX=1\nARG GIT_SSL_NO_VERIFYX 1\nENV OTHER=1 XGIT_SSL_NO_VERIFY=0\nENV OTHER=1 \\\n    XGIT_SSL_NO_VERIFY=0\nRUN unset GIT_SSL_NO_VERIFY\nRUN git clone https://example.com/tools.git tools\nRUN XGIT_SSL_NO_VERIFY=1 git clone https://example.com/tools.git tools\nRUN OTHER=1 GIT_SSL_NO_VERIFYX=1 git clone https://example.com/tools.git tools\n",
        false,
    ),
    // EnvGoInsecure (CKV2_DOCKER_18): any value makes Go skip certificate
    // checks for those module paths.
    (
        "CKV2_DOCKER_18",
        "FROM golang:1.22",
        "ENV GOINSECURE git.corp.example\nENV GOINSECURE=git.corp.example\nENV GOINSECURE=\"git.corp.example\"\nENV GOINSECURE='git.corp.example'\nARG GOINSECURE=git.corp.example\nARG GOINSECURE=\"git.corp.example\"\nARG GOINSECURE='git.corp.example'\nENV MODE=release GOINSECURE=git.corp.example\nENV GOINSECURE=git.corp.example MODE=release\nENV GOINSECURE    git.corp.example\nENV GOINSECURE *.corp.example\n",
        true,
    ),
    (
        "CKV2_DOCKER_18",
        "FROM golang:1.22",
        "RUN GOINSECURE=git.corp.example go mod download\nRUN GOINSECURE=\"git.corp.example\" go mod download\nRUN GOINSECURE='git.corp.example' MODE=x go mod download\nRUN A=1 GOINSECURE=git.corp.example go mod download\nRUN A=\"1\" \\\n    GOINSECURE=git.corp.example \\\n    B='2' \\\n    go mod download\nRUN \\\n     A=1\\\n     GOINSECURE='git.corp.example' \\\n     go mod download\nRUN export GOINSECURE=mods.corp.example,*.corp.example && go mod tidy\nRUN set -ex \\\n    && GOINSECURE=git.corp.example/* GOPRIVATE=git.corp.example/* go mod vendor\n",
        true,
    ),
    (
        "CKV2_DOCKER_18",
        "FROM golang:1.22",
        "ENV XGOINSECURE=git.corp.example\nENV XGOINSECURE git.corp.example\nARG GOINSECUREX=git.corp.example\nENV MODE=1 XGOINSECURE=0\nENV XGOINSECURE=0 MODE=1\nRUN go build ./...\nRUN go mod download\nRUN XGOINSECURE=git.corp.example go mod download\nRUN GOINSECUREX=git.corp.example \\\n    XGOINSECURE=git.corp.example go mod download\n",
        false,
    ),
    // we disagree: as for PIP_TRUSTED_HOST above, `ARG NAME value` declares
    // two build arguments without values.
    ("CKV2_DOCKER_18", "FROM golang:1.22", "ARG GOINSECURE git.corp.example\n", false),
    // EnvNodeTlsRejectUnauthorized (CKV2_DOCKER_6)
    (
        "CKV2_DOCKER_6",
        "FROM alpine:3.20",
        "ENV NODE_TLS_REJECT_UNAUTHORIZED 0\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nENV NODE_TLS_REJECT_UNAUTHORIZED=\"0\"\nENV NODE_TLS_REJECT_UNAUTHORIZED='0'\nARG NODE_TLS_REJECT_UNAUTHORIZED=0\nARG NODE_TLS_REJECT_UNAUTHORIZED='0'\nENV OTHER=5 NODE_TLS_REJECT_UNAUTHORIZED=0\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 OTHER=5\nENV NODE_TLS_REJECT_UNAUTHORIZED    0\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 node build.js\nRUN NODE_TLS_REJECT_UNAUTHORIZED=\"0\" MODE='x' node build.js\nRUN A=1 NODE_TLS_REJECT_UNAUTHORIZED='0' node build.js\nRUN A=\"1\" \\\n    NODE_TLS_REJECT_UNAUTHORIZED=0 \\\n    node build.js\nRUN A=1 echo start; NODE_TLS_REJECT_UNAUTHORIZED=0 node build.js ;B=2 echo done;\nRUN A=1 echo start&&NODE_TLS_REJECT_UNAUTHORIZED=0 node build.js&&B=2 echo done;\nRUN A=1 echo start|NODE_TLS_REJECT_UNAUTHORIZED=0 node build.js|B=2 echo done;\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 MODE=\"x\\\"\" node build.js\nRUN A=\"1\"        NODE_TLS_REJECT_UNAUTHORIZED=0  node build.js\n",
        true,
    ),
    (
        "CKV2_DOCKER_6",
        "FROM alpine:3.20",
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=1\nENV NODE_TLS_REJECT_UNAUTHORIZED 1\nENV NODE_TLS_REJECT_UNAUTHORIZED 555\nARG NODE_TLS_REJECT_UNAUTHORIZED=1\nENV OTHER=5 XNODE_TLS_REJECT_UNAUTHORIZED=0\nENV OTHER=5 \\\n    XNODE_TLS_REJECT_UNAUTHORIZED=0\nARG NODE_TLS_REJECT_UNAUTHORIZEDX=0\nRUN node build.js\nRUN NODE_TLS_REJECT_UNAUTHORIZED=1 node build.js\nRUN NODE_TLS_REJECT_UNAUTHORIZED=\"1\" node build.js\nRUN NODE_TLS_REJECT_UNAUTHORIZED=\"0\\\"\" node build.js\nRUN A=1 \\\n    XNODE_TLS_REJECT_UNAUTHORIZED=0 node build.js\nRUN NODE_TLS_REJECT_UNAUTHORIZEDX=0 node build.js\n",
        false,
    ),
    // EnvNpmConfigStrictSsl (CKV2_DOCKER_12)
    (
        "CKV2_DOCKER_12",
        "FROM node:20",
        "ENV NPM_CONFIG_STRICT_SSL false\nENV NPM_CONFIG_STRICT_SSL=false\nENV NPM_CONFIG_STRICT_SSL=\"false\"\nARG NPM_CONFIG_STRICT_SSL='false'\nENV OTHER=5 NPM_CONFIG_STRICT_SSL=false\nENV NPM_CONFIG_STRICT_SSL    false\nENV npm_config_strict_ssl false\nENV npm_config_strict_ssl=\"false\"\nARG npm_config_strict_ssl=false\nRUN NPM_CONFIG_STRICT_SSL=false npm ci\nRUN npm_config_strict_ssl='false' npm ci\nRUN A=1 npm_config_strict_ssl=false npm ci\nRUN A=\"1\" \\\n    NPM_CONFIG_STRICT_SSL=false \\\n    npm ci\nRUN A=1 echo start; NPM_CONFIG_STRICT_SSL=false npm ci ;B=2 echo done;\nRUN A=1 echo start&& npm_config_strict_ssl=false npm ci &&B=2 echo done;\n",
        true,
    ),
    (
        "CKV2_DOCKER_12",
        "FROM node:20",
        "ENV NPM_CONFIG_STRICT_SSL=true\nENV NPM_CONFIG_STRICT_SSL true\nENV NPM_CONFIG_STRICT_SSL whatever\nARG NPM_CONFIG_STRICT_SSL=true\nENV OTHER=1 XNPM_CONFIG_STRICT_SSL=false\nENV NPM_CONFIG_STRICT_SSL      \"true\"\nARG NPM_CONFIG_STRICT_SSLX=false\nENV npm_config_strict_ssl=true\nENV other=1 xnpm_config_strict_ssl=false\nRUN npm install\nRUN NPM_CONFIG_STRICT_SSL=true npm install\nRUN NPM_CONFIG_STRICT_SSL=\"false\\\"\" npm install\nRUN A=1 \\\n    XNPM_CONFIG_STRICT_SSL=\"false\" npm install\nRUN npm_config_strict_sslx=false npm install\n",
        false,
    ),
    // EnvPipTrustedHost (CKV2_DOCKER_16)
    (
        "CKV2_DOCKER_16",
        "FROM python:3.12",
        "ENV PIP_TRUSTED_HOST pypi.example.org\nENV PIP_TRUSTED_HOST=pypi.example.org\nENV PIP_TRUSTED_HOST=\"pypi.example.org\"\nARG PIP_TRUSTED_HOST='pypi.example.org'\nENV OTHER=1 PIP_TRUSTED_HOST=pypi.example.org\nRUN export PIP_TRUSTED_HOST=pypi.example.org && pip install tool\nRUN PIP_TRUSTED_HOST=pypi.example.org pip install tool\nRUN PIP_TRUSTED_HOST=\"pypi.example.org\" MODE=\"x\" pip install tool\nRUN A=1 PIP_TRUSTED_HOST='pypi.example.org' pip install tool\nRUN A=\"1\" \\\n    PIP_TRUSTED_HOST=pypi.example.org \\\n    B=\"2\" \\\n    pip install tool\n",
        true,
    ),
    (
        "CKV2_DOCKER_16",
        "FROM python:3.12",
        "RUN pip3 install tool\nRUN PIP_TRUSTED_HOSTX=test pip install tool\nRUN XPIP_TRUSTED_HOST=test pip install tool\nRUN echo PIP_TRUSTED_HOST | pip install tool &&\\\n    echo \"PIP_TRUSTED_HOST\"\n",
        false,
    ),
    // EnvPythonHttpsVerify (CKV2_DOCKER_5)
    (
        "CKV2_DOCKER_5",
        "FROM alpine:3.20",
        "ENV PYTHONHTTPSVERIFY 0\nENV PYTHONHTTPSVERIFY=0\nARG PYTHONHTTPSVERIFY=0\nENV OTHER=5 PYTHONHTTPSVERIFY=0\nENV PYTHONHTTPSVERIFY=0 OTHER=5\nENV PYTHONHTTPSVERIFY    0\nRUN PYTHONHTTPSVERIFY=0 python fetch.py\nRUN PYTHONHTTPSVERIFY=\"0\" python fetch.py\nRUN A=1 PYTHONHTTPSVERIFY='0' python fetch.py\nRUN A=\"1\" \\\n    PYTHONHTTPSVERIFY=0 \\\n    python fetch.py\n",
        true,
    ),
    (
        "CKV2_DOCKER_5",
        "FROM alpine:3.20",
        "ENV PYTHONHTTPSVERIFY=1\nENV PYTHONHTTPSVERIFY 1\nENV PYTHONHTTPSVERIFY 555\nARG PYTHONHTTPSVERIFY=1\nENV OTHER=5 XPYTHONHTTPSVERIFY=0\nARG PYTHONHTTPSVERIFYX=0\nRUN python fetch.py\nRUN PYTHONHTTPSVERIFY=1 python fetch.py\nRUN PYTHONHTTPSVERIFY=\"0\\\"\" python fetch.py\nRUN A=1 \\\n    XPYTHONHTTPSVERIFY=0 python fetch.py\nRUN PYTHONHTTPSVERIFYX=0 python fetch.py\n",
        false,
    ),
    // we disagree: Checkov reads `ARG NAME value` like `ENV NAME value`, but
    // BuildKit parses ARG as a list of names, so this declares two build
    // arguments without values and sets nothing.
    (
        "CKV2_DOCKER_16",
        "FROM python:3.12",
        "ARG PIP_TRUSTED_HOST pypi.example.org\n",
        false,
    ),
    ("CKV2_DOCKER_5", "FROM alpine:3.20", "ARG PYTHONHTTPSVERIFY 0\n", false),
    // RunApkAllowUntrusted (CKV2_DOCKER_7)
    (
        "CKV2_DOCKER_7",
        "FROM alpine:3.20",
        "RUN apk add --allow-untrusted python3\nRUN apk --allow-untrusted add python3\nRUN apk \\\n    --allow-untrusted \\\n    add python3\nRUN apk \\\n    add python3 \\\n    --allow-untrusted\nRUN echo \"start\" && apk --allow-untrusted add python3\n",
        true,
    ),
    (
        "CKV2_DOCKER_7",
        "FROM alpine:3.20",
        "RUN apk add a-tool\nRUN apk add a-tool | grep \"--allow-untrusted\"\nRUN apk upgrade --no-cache && apk add \\\n    a-tool b-tool\nRUN apk upgrade &&\\\n    echo \"--allow-untrusted\"\n",
        false,
    ),
    // RunAptGetAllowUnauthenticated (CKV2_DOCKER_8), RunAptGetForceYes (CKV2_DOCKER_11)
    (
        "CKV2_DOCKER_8",
        "FROM debian:12",
        "RUN apt-get install --allow-unauthenticated python3\nRUN apt-get --allow-unauthenticated install python3\nRUN apt-get \\\n    --allow-unauthenticated \\\n    install python3\nRUN apt-get \\\n    install python3 \\\n    --allow-unauthenticated\nRUN echo \"start\" && apt-get --allow-unauthenticated install python3\n",
        true,
    ),
    (
        "CKV2_DOCKER_8",
        "FROM debian:12",
        "RUN apt-get install python3\nRUN apt-get install python3 | grep \"--allow-unauthenticated\"\nRUN apt-get update && apt-get install \\\n    python3\nRUN apt-get update &&\\\n    echo \"--allow-unauthenticated\"\n",
        false,
    ),
    (
        "CKV2_DOCKER_11",
        "FROM debian:12",
        "RUN apt-get install --force-yes python3\nRUN apt-get --force-yes install python3\nRUN apt-get \\\n    --force-yes \\\n    install python3\nRUN apt-get \\\n    install python3 \\\n    --force-yes\nRUN echo \"start\" && apt-get --force-yes install python3\n",
        true,
    ),
    (
        "CKV2_DOCKER_11",
        "FROM debian:12",
        "RUN apt-get install python3\nRUN apt-get install python3 | grep \"--force-yes\"\nRUN apt-get update &&\\\n    echo \"--force-yes\"\n",
        false,
    ),
    // RunNpmConfigSetStrictSsl (CKV2_DOCKER_13)
    (
        "CKV2_DOCKER_13",
        "FROM node:20",
        "RUN npm config set strict-ssl=false\nRUN npm config set \"strict-ssl\"=false\nRUN npm config set 'strict-ssl'='false'\nRUN npm config set strict-ssl false\nRUN npm config set \"strict-ssl\" false\nRUN npm      config     set     'strict-ssl'   'false'\nRUN npm set strict-ssl false\nRUN npm      set     \"strict-ssl\"   \"false\"\nRUN npm c set strict-ssl false\nRUN set -eux \\\n    &&  if [ -n \"${NPM_PROXY}\" ]; then \\\n          npm config set proxy $NPM_PROXY; \\\n          npm config set strict-ssl  false; \\\n        fi \\\n    &&  npm install npm-proxy-cache -g\nRUN npm config set strict-ssl false -g\nRUN yarn config set strict-ssl false --global\nRUN npm set strict-ssl false && npm install --only=development\nRUN yarn config set strict-ssl false\nRUN yarn config set strict-ssl=\"false\"\nRUN yarn config set 'strict-ssl'=false\nRUN yarn set strict-ssl false\nRUN yarn      set     'strict-ssl'   \"false\"\n",
        true,
    ),
    (
        "CKV2_DOCKER_13",
        "FROM node:20",
        "RUN npm config set strict-ssl=true\nRUN yarn config set \"strict-ssl\"=true\nRUN npm config set strict-ssl true\nRUN yarn      config     set     'strict-ssl'    true\nRUN npm set strict-ssl true\nRUN npm config set audit false\nRUN yarn set audit false\nRUN npm config set strict-ssl true || false\nRUN npm config get strict-ssl || false\nRUN npm install strict-ssl false\nRUN yarn install strict-ssl false\nRUN true && npm install strict-ssl true || false\nRUN echo false | yarn install strict-ssl true > out.txt\nRUN npm  \\\n    set   \\\n    strict-ssl  \\\n    true && gcc -Wpedantic main.c\n",
        false,
    ),
    // RunPipTrustedHost (CKV2_DOCKER_4)
    (
        "CKV2_DOCKER_4",
        "FROM alpine:3.20",
        "RUN pip install tool --trusted-host pypi.org --trusted-host files.pythonhosted.org\nRUN pip install tool --trusted-host=pypi.example.org --trusted-host=pypi.org\nRUN pip3 install tool --trusted-host pypi.org\nRUN pip \\\n    --trusted-host pypi.org \\\n    install tool\nRUN pip \\\n    install tool \\\n    --trusted-host=pypi.org\nRUN echo \"start\" && pip --trusted-host=pypi.example.org --trusted-host=pypi.org install tool\n",
        true,
    ),
    (
        "CKV2_DOCKER_4",
        "FROM alpine:3.20",
        "RUN pip install tool\nRUN pip3 install tool\nRUN pip install tool | grep \"--trusted-host\"\nRUN pip3 install tool; grep \"--trusted-host\"\nRUN pip install tool &&\\\n    echo \"--trusted-host\"\nRUN pip3 install tool ||\\\n    grep \"--trusted-host\" /etc/passwd\n",
        false,
    ),
    // RunRpmNoGpgCheck, RunRpmNoSignature (CKV2_DOCKER_10)
    (
        "CKV2_DOCKER_10",
        "FROM fedora:40",
        "RUN rpm -i --nodigest --nosignature --noverify --nofiledigest tool.rpm\nRUN rpm -i --nodigest tool.rpm\nRUN rpm -i --nosignature tool.rpm\nRUN rpm -i --noverify tool.rpm\nRUN rpm -i --nofiledigest tool.rpm\nRUN rpm \\\n    --nodigest \\\n    --nosignature \\\n    -i tool.rpm\nRUN echo \"start\" && rpm --nodigest --nosignature --noverify --nofiledigest -i tool.rpm\n",
        true,
    ),
    (
        "CKV2_DOCKER_10",
        "FROM fedora:40",
        "RUN rpm -i tool.rpm\nRUN rpm -i tool.rpm | grep \"--nosignature\"\nRUN rpm -i tool.rpm && rpm -V \\\n    tool\nRUN rpm -i tool.rpm ;\\\n    echo \"--nodigest\"\nRUN rpm -i tool.rpm ;\\\n    echo \"--noverify\"\n",
        false,
    ),
    (
        "CKV2_DOCKER_9",
        "FROM fedora:40",
        "RUN rpm -i --nogpgcheck tool.rpm\nRUN rpm --nogpgcheck -i tool.rpm\nRUN rpm \\\n    -i tool.rpm \\\n    --nogpgcheck\nRUN dnf install -y --nogpgcheck python3\nRUN dnf --nogpgcheck install -y python3\nRUN dnf \\\n    install -y python3 \\\n    --nogpgcheck\nRUN tdnf install -y --nogpgcheck python3\nRUN tdnf --nogpgcheck install -y python3\nRUN tdnf -y update && \\\n    tdnf install -y ${package} shadow-utils --nogpgcheck && \\\n    tdnf clean all\nRUN yum install -y --nogpgcheck python3\nRUN yum --nogpgcheck install -y python3\nRUN echo \"start\" && yum --nogpgcheck -y install python3\n",
        true,
    ),
    (
        "CKV2_DOCKER_9",
        "FROM fedora:40",
        "RUN yum install python3\nRUN dnf install -y python3\nRUN rpm -i tool.rpm\nRUN yum install python3 | grep \"--nogpgcheck\"\nRUN yum update && yum upgrade \\\n    python3\nRUN rpm -i tool.rpm && rpm -V \\\n    tool\nRUN yum update &&\\\n    echo \"--nogpgcheck\"\nRUN dnf update ||\\\n    echo \"--nogpgcheck\"\nRUN rpm -i tool.rpm ;\\\n    echo \"--nogpgcheck\"\n",
        false,
    ),
    // RunUnsafeCurl (CKV2_DOCKER_2)
    (
        "CKV2_DOCKER_2",
        "FROM alpine:3.20",
        "RUN curl -Lkv https://example.com\nRUN curl --insecure https://example.com\nRUN curl \\\n    --insecure \\\n    https://example.com\nRUN echo -n -Lv https://example.com && curl -k https://example.com\nRUN curl -k https://example.com\n",
        true,
    ),
    (
        "CKV2_DOCKER_2",
        "FROM alpine:3.20",
        "RUN curl https://example.com\nRUN curl --fake https://example.com\nRUN curl -lol https://example.com\nRUN curl https://example.com | grep -k lol\nRUN curl https://example.com; grep /etc/passwd -k lol\nRUN curl https://example.com &&\\\n    grep /etc/passwd -k lol\nRUN curl https://example.com ||\\\n    grep /etc/passwd -k lol\n",
        false,
    ),
    // RunUnsafeWget (CKV2_DOCKER_3)
    (
        "CKV2_DOCKER_3",
        "FROM alpine:3.20",
        "RUN wget --no-progress --no-check-certificate -o file https://example.com\nRUN wget \\\n    --no-check-certificate \\\n    https://example.com\nRUN echo \"start\" && wget --no-check-certificate https://example.com\n",
        true,
    ),
    (
        "CKV2_DOCKER_3",
        "FROM alpine:3.20",
        "RUN wget https://example.com\nRUN wget --no-progress -o file https://example.com\nRUN wget -lol https://example.com\nRUN wget https://example.com | grep \"--no-check-certificate\" /etc/passwd\nRUN wget https://example.com; grep \"--no-check-certificate\" /etc/passwd\nRUN wget https://example.com &&\\\n    echo \"--no-check-certificate\"\n",
        false,
    ),
    // RunYumConfigManagerSslVerify (CKV2_DOCKER_15)
    (
        "CKV2_DOCKER_15",
        "FROM fedora:40",
        "RUN dnf-config-manager --save --setopt=sslverify=0\nRUN dnf-config-manager --save --setopt=sslverify=false\nRUN dnf-config-manager --setopt=sslverify=No --save\nRUN dnf-config-manager --save --setopt=updates.sslverify=0\nRUN yum config-manager --save --setopt=sslverify=0\nRUN dnf           config-manager           --save           --setopt=sslverify=0\nRUN yum-config-manager --save --setopt=extras.sslverify=0 extras\nRUN yum-config-manager --setopt=\"epel.sslverify=0\" --save\nRUN yum-config-manager --save --setopt=\\*.sslverify=false\nRUN yum-config-manager --save --setopt=sslverify='False'\nRUN yum-config-manager --save --setopt=sslverify=\"No\"\nRUN yum-config-manager \\\n    --setopt=sslverify=0 \\\n    --save\nRUN echo \"start\" && yum-config-manager --setopt=\"extras.sslverify\"=0 --save\nRUN echo \"start\" && yum-config-manager --setopt='extras.sslverify=false' --save\n",
        true,
    ),
    (
        "CKV2_DOCKER_15",
        "FROM fedora:40",
        "RUN yum-config-manager --disable updates\nRUN yum-config-manager --disable sslverify\nRUN yum-config-manager --disable \\* &> /dev/null\nRUN yum-config-manager --setopt=install_weak_deps=False --save\nRUN yum-config-manager --save --setopt=proxy=http://proxy.example.com >/dev/null\nRUN yum-config-manager --save --setopt=extras.sslverify=1\nRUN yum-config-manager --save --setopt=sslverify=true\nRUN yum-config-manager --save --setopt=sslverify=yes\nRUN yum-config-manager --save --setopt=notthis=0\nRUN yum-config-manager --setopt=sslverify=yes --add-repo https://example.com/tools.repo\nRUN yum-config-manager --save --setopt=install_weak_deps=False | echo \"--setopt=extras.sslverify=0\"\nRUN yum-config-manager --save --setopt=install_weak_deps=False && echo \"--setopt=main.sslverify=0\"\n",
        false,
    ),
];

#[test]
fn checkov_test_resources() {
    let mut cases = owned(CHECKOV_FILES);
    for (id, from, body, fires) in CHECKOV_RESOURCES {
        cases.extend(per_instruction(id, from, body, *fires));
    }
    run(Tool::Checkov, &cases);
}

// ---------------------------------------------------------------------------
// KICS: assets/queries/dockerfile/<query>/test/{positive,negative}*.dockerfile
// (upper- and lower-case spellings of the same sample are both kept).

const KICS: &[Case] = &[
    // add_instead_of_copy
    (
        "Add Instead of Copy",
        "FROM eclipse-temurin:21-jdk\nVOLUME /tmp\nADD http://example.com/bundle.tar.gz /tmp\nRUN tar -xzf /tmp/bundle.tar.gz \\\n  && make -C /tmp/bundle\nARG JAR_FILE\nADD ${JAR_FILE} service.jar\nENTRYPOINT [\"java\", \"-jar\", \"/service.jar\"]\n",
        &[7],
    ),
    (
        "Add Instead of Copy",
        "from eclipse-temurin:21-jdk\nvolume /tmp\nadd http://example.com/bundle.tar.gz /tmp\narg JAR_FILE\nadd ${JAR_FILE} service.jar\n",
        &[5],
    ),
    (
        "Add Instead of Copy",
        "FROM eclipse-temurin:21-jdk\nADD ${JAR_FILE} service.jar\n\nFROM eclipse-temurin:21-jdk\nADD ${JAR_FILE} service.jar\n",
        &[2, 5],
    ),
    (
        "Add Instead of Copy",
        "FROM eclipse-temurin:21-jdk\nVOLUME /tmp\nARG JAR_FILE\nCOPY ${JAR_FILE} service.jar\nENTRYPOINT [\"java\", \"-jar\", \"/service.jar\"]\nADD http://example.com/bundle.tar.gz /tmp\nRUN tar -xzf /tmp/bundle.tar.gz \\\n  && make -C /tmp/bundle\n",
        &[],
    ),
    (
        "Add Instead of Copy",
        "from eclipse-temurin:21-jdk\narg JAR_FILE\ncopy ${JAR_FILE} service.jar\nadd http://example.com/bundle.tar.gz /tmp\n# a trailing comment\n",
        &[],
    ),
    // curl_or_wget_instead_of_add
    (
        "Curl or Wget Instead of Add",
        "FROM eclipse-temurin:21-jdk\nVOLUME /tmp\nADD https://example.com/big.tar.xz /usr/src/things/\nRUN tar -xJf /usr/src/things/big.tar.xz -C /usr/src/things\n",
        &[3],
    ),
    (
        "Curl or Wget Instead of Add",
        "FROM eclipse-temurin:21-jdk\nRUN mkdir -p /usr/src/things \\\n    && curl -SL https://example.com/big.tar.xz \\\n    | tar -xJC /usr/src/things \\\n    && make -C /usr/src/things all\n",
        &[],
    ),
    // workdir_path_not_absolute
    (
        "WORKDIR Path Not Absolute",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nWORKDIR /srv/app\nWORKDIR data\nCOPY requirements.txt /srv/app/\n",
        &[4],
    ),
    ("WORKDIR Path Not Absolute", "FROM alpine:3.20\nWORKDIR data\nCOPY requirements.txt data/\n", &[2]),
    ("WORKDIR Path Not Absolute", "from alpine:3.20\nworkdir data\n", &[2]),
    (
        "WORKDIR Path Not Absolute",
        "from alpine:3.20\nrun apk add --update py3-pip\nworkdir /srv/app\nworkdir data\ncopy requirements.txt /srv/app/\n",
        &[4],
    ),
    (
        "WORKDIR Path Not Absolute",
        "FROM alpine:3.20\nWORKDIR /srv/app\nWORKDIR \"/srv/app\"\nWORKDIR /\nWORKDIR c:\\\\windows\nENV DIRPATH=/srv\nENV ARCHIVE_NAME tools5\nWORKDIR $DIRPATH/$DIRNAME\nWORKDIR ${TOOLS_HOME}/bin\n",
        &[],
    ),
    (
        "WORKDIR Path Not Absolute",
        "from alpine:3.20\nworkdir /srv/app\nworkdir \"/srv/app\"\nworkdir /\nenv DIRPATH=/srv\nworkdir $DIRPATH/$DIRNAME\n",
        &[],
    ),
    // shell_running_a_pipe_without_pipefail_flag
    ("Shell Running A Pipe Without Pipefail Flag", "from node:20\nrun zsh ./produce | ./consume\n", &[2]),
    (
        "Shell Running A Pipe Without Pipefail Flag",
        "FROM node:20\nSHELL [ \"zsh\", \"-o\",\"pipefail\" ]\nRUN zsh ./produce | ./consume\nSHELL [ \"/bin/bash\", \"-o\",\"pipefail\" ]\nRUN [ \"/bin/bash\", \"./produce\", \"./consume\" ]\n",
        &[],
    ),
    // we disagree: KICS reads the exec form's `|` element as a pipe, but no
    // shell runs it (bash gets `|` as an argument), and it skips a pipe under
    // the default /bin/sh unless the command names bash, zsh or ash; a pipe
    // under /bin/sh hides failures just the same (hadolint DL4006, Trivy
    // DS-0032).
    (
        "Shell Running A Pipe Without Pipefail Flag",
        "from node:20\nrun [ \"/bin/bash\", \"./produce\", \"|\", \"./consume\" ]\n",
        &[],
    ),
    ("Shell Running A Pipe Without Pipefail Flag", "FROM node:20\nRUN pwsh produce | consume\n", &[2]),
    // run_utilities_and_posix_commands
    ("Run Utilities And POSIX Commands", "FROM golang:1.22\nWORKDIR /go\nCOPY . /go\nRUN top\nCMD [\"go\", \"run\", \"main.go\"]\n", &[4]),
    ("Run Utilities And POSIX Commands", "from golang:1.22\nrun [\"ps\", \"-d\"]\n", &[2]),
    (
        "Run Utilities And POSIX Commands",
        "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y x11vnc xvfb firefox\nRUN mkdir ~/.vnc\nRUN x11vnc -storepasswd 1234 ~/.vnc/passwd\nRUN bash -c 'echo \"firefox\" >> /.bashrc'\nRUN apt-get install nano vim\nEXPOSE 5900\nCMD [\"x11vnc\", \"-forever\", \"-usepw\", \"-create\"]\n",
        &[],
    ),
    // multiple_run_add_copy_instructions_listed
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nRUN apt-get install -y wget\nRUN wget https://example.com/tool.tar\nRUN tar xvzf tool.tar\nRUN rm tool.tar\nRUN apt-get remove wget\n",
        &[3, 4, 5, 6],
    ),
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nCOPY README.md ./\nCOPY package.json ./\nCOPY gulpfile.js ./\nCOPY BUILD_NUMBER ./\n",
        &[3, 4, 5],
    ),
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nADD tool.spec /rpmbuild/SOURCES\nADD tool-1.2.3.tar.xz /rpmbuild/SOURCES\nADD tool-fix.patch /rpmbuild/SOURCES\n",
        &[3, 4],
    ),
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nRUN apt-get install wget && wget https://example.com/tool.tar && tar xvzf tool.tar && rm tool.tar && apt-get remove wget\n",
        &[],
    ),
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nCOPY README.md package.json gulpfile.js BUILD_NUMBER ./\n",
        &[],
    ),
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nADD tool.spec tool-1.2.3.tar.xz tool-fix.patch  /rpmbuild/SOURCES\n",
        &[],
    ),
    (
        "Multiple RUN, ADD, COPY, Instructions Listed",
        "FROM ubuntu:24.04\nCOPY README.md ./one\nCOPY package.json ./two\nCOPY gulpfile.js ./three\n\nFROM ubuntu:22.04\nADD README.md ./one\nADD package.json ./two\n",
        &[],
    ),
    // maintainer_instruction_being_used
    ("MAINTAINER Instruction Being Used", "FROM alpine:3.20\nMAINTAINER \"Ops <ops@example.com>\"\n", &[2]),
    ("MAINTAINER Instruction Being Used", "from alpine:3.20\nmaintainer ops@example.com\n", &[2]),
    (
        "MAINTAINER Instruction Being Used",
        "FROM alpine:3.20\nLABEL maintainer=\"Ops <ops@example.com>\"\n",
        &[],
    ),
    // copy_from_references_current_from_alias
    ("COPY '--from' References Current FROM Alias", "FROM myimage:1.0 AS dep\nCOPY --from=dep /binary /\n", &[2]),
    (
        "COPY '--from' References Current FROM Alias",
        "FROM golang:1.22 AS builder\nWORKDIR /src/\nCOPY app.go .\nRUN go build -o app .\n\nFROM alpine:3.20\nWORKDIR /root/\nCOPY --from=builder /src/app .\nCMD [\"./app\"]\n",
        &[],
    ),
    // copy_with_more_than_two_arguments_not_ending_with_slash
    ("Copy With More Than Two Arguments Not Ending With Slash", "FROM node:20\nCOPY package.json yarn.lock webapp\n", &[2]),
    ("Copy With More Than Two Arguments Not Ending With Slash", "FROM node:20\nCOPY package.json yarn.lock\n", &[]),
    ("Copy With More Than Two Arguments Not Ending With Slash", "from node:20\ncopy package.json yarn.lock webapp/\n", &[]),
    (
        "Copy With More Than Two Arguments Not Ending With Slash",
        "# escape=`\nARG BASE_IMAGE=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM ${BASE_IMAGE}\nCOPY readme.md *.xml* .\\Config\\example\\\n",
        &[],
    ),
    // multiple_cmd_instructions_listed, multiple_entrypoint_instructions_listed
    ("Multiple CMD Instructions Listed", "FROM golang:1.22\nCMD [\"./app\"]\nCMD [\"./apps\"]\n", &[2]),
    (
        "Multiple CMD Instructions Listed",
        "FROM golang:1.22 AS build\nCMD [\"./app\"]\nFROM alpine:3.20\nCMD [\"./app\"]\n",
        &[],
    ),
    ("Multiple ENTRYPOINT Instructions Listed", "FROM golang:1.22\nENTRYPOINT [\"./app\"]\nENTRYPOINT [\"./apps\"]\n", &[2]),
    (
        "Multiple ENTRYPOINT Instructions Listed",
        "FROM golang:1.22 AS build\nENTRYPOINT [\"./app\"]\nFROM alpine:3.20\nENTRYPOINT [\"./app\"]\n",
        &[],
    ),
    // multiple_entrypoint_instructions_listed, multiple_cmd_instructions_listed
    (
        "Multiple ENTRYPOINT Instructions Listed",
        "FROM golang:1.22\nWORKDIR /src/\nCOPY app.go .\nRUN go build -o app .\nENTRYPOINT [ \"/opt/app/run.sh\", \"--port\", \"8080\" ]\nENTRYPOINT [ \"/opt/app/run.sh\", \"--port\", \"8000\" ]\n\nFROM alpine:3.20\nWORKDIR /root/\nCOPY --from=0 /src/app .\nENTRYPOINT [ \"/opt/app/run.sh\", \"--port\", \"8080\" ]\n",
        &[5],
    ),
    (
        "Multiple ENTRYPOINT Instructions Listed",
        "from golang:1.22\nworkdir /src/\nrun go build -o app .\nentrypoint [ \"/opt/app/run.sh\" ]\n\nfrom alpine:3.20\ncopy --from=0 /src/app .\nentrypoint [ \"/opt/app/run.sh\" ]\n",
        &[],
    ),
    // we disagree: KICS skips a stage that is only copied from; BuildKit's
    // MultipleInstructionsDisallowed (and PL907) judge every stage, since
    // the earlier instruction is dead either way.
    (
        "Multiple ENTRYPOINT Instructions Listed",
        "FROM golang:1.22 AS builder\nWORKDIR /src/\nRUN go build -o app .\nENTRYPOINT [ \"/opt/app/run.sh\", \"--port\", \"8080\" ]\nENTRYPOINT [ \"/opt/app/run.sh\", \"--port\", \"8000\" ]\n\nFROM alpine:3.20\nWORKDIR /root/\nCOPY --from=builder /src/app ./\nCMD [\"./app\"]\nUSER 1000\n",
        &[4],
    ),
    (
        "Multiple CMD Instructions Listed",
        "FROM golang:1.22\nWORKDIR /src/\nRUN go build -o app .\n\nFROM alpine:3.20\nWORKDIR /root/\nCOPY --from=0 /src/app .\nCMD [\"./app\"] \nCMD [\"./apps\"] \n",
        &[8],
    ),
    (
        "Multiple CMD Instructions Listed",
        "FROM golang:1.22\nRUN go build -o app .\nCMD [\"./app\"] \n\nFROM alpine:3.20\nCOPY --from=0 /src/app .\nCMD [\"./app\"] \n",
        &[],
    ),
    // we disagree: as above, for CMD.
    (
        "Multiple CMD Instructions Listed",
        "FROM golang:1.22 AS builder\nRUN go build -o app .\nCMD [\"./app\"] \nCMD [\"./apps\"] \n\nFROM alpine:3.20\nCOPY --from=builder /src/app ./\nCMD [\"./app\"]\n",
        &[3],
    ),
    // curl_or_wget_instead_of_add: ADD of a local file is another query's.
    (
        "Curl or Wget Instead of Add",
        "FROM eclipse-temurin:21-jdk\nADD ./proxy-header.conf /etc/apache2/conf-available\nRUN curl -SL https://example.com/big.tar.xz | tar -xJC /usr/src/things\n",
        &[],
    ),
    // run_command_cd_instead_of_workdir
    (
        "RUN Instruction Using 'cd' Instead of WORKDIR",
        "from nginx:1.27\nenv AUTHOR=Docker\nworkdir /usr/share/nginx/html\ncopy hello.html /usr/share/nginx/html\ncmd cd /usr/share/nginx/html && nginx -g 'daemon off;'\n",
        &[],
    ),
    (
        "RUN Instruction Using 'cd' Instead of WORKDIR",
        "from nginx:1.27\nenv AUTHOR=Docker\nrun cd ../share/nginx/html\n",
        &[3],
    ),
    (
        "RUN Instruction Using 'cd' Instead of WORKDIR",
        "FROM nginx:1.27\nENV AUTHOR=Docker\nRUN cd /usr/share/nginx/html\nCOPY hello.html /usr/share/nginx/html\n",
        &[3],
    ),
    ("RUN Instruction Using 'cd' Instead of WORKDIR", "FROM nginx:1.27\nRUN cd /../share/nginx/html\n", &[2]),
    ("RUN Instruction Using 'cd' Instead of WORKDIR", "FROM nginx:1.27\nRUN cd ../share/nginx/html\n", &[2]),
    ("RUN Instruction Using 'cd' Instead of WORKDIR", "FROM nginx:1.27\nRUN cd /usr/../share/nginx/html\n", &[2]),
    (
        "RUN Instruction Using 'cd' Instead of WORKDIR",
        "FROM nginx:1.27\nWORKDIR /usr/share/nginx/html\nCOPY hello.html /usr/share/nginx/html\nCMD cd /usr/share/nginx/html && sed -e s/Docker/\"$AUTHOR\"/ hello.html > index.html ; nginx -g 'daemon off;'\n",
        &[],
    ),
    (
        "RUN Instruction Using 'cd' Instead of WORKDIR",
        "FROM nginx:1.27\nRUN apk add --no-cache python \\\n    cd /usr/share/nginx/html\n",
        &[],
    ),
    // same_alias_in_different_froms
    (
        "Same Alias In Different Froms",
        "FROM baseimage:1.0\nRUN make\nFROM debian:12 AS build\nRUN make\nFROM debian:11 AS build\nRUN make\n",
        &[5],
    ),
    (
        "Same Alias In Different Froms",
        "FROM baseimage:1.0\nRUN make\nFROM debian:12 AS build\nRUN make\nFROM debian:11 AS other\nRUN make\n",
        &[],
    ),
    // unix_ports_out_of_range
    (
        "UNIX Ports Out Of Range",
        "FROM alpine:3.20\nRUN apk --no-cache add nginx\nEXPOSE 65536/tcp 80 443 22\n",
        &[3],
    ),
    ("UNIX Ports Out Of Range", "from alpine:3.20\nexpose 65536/tcp 80 443 22\n", &[2]),
    (
        "UNIX Ports Out Of Range",
        "FROM alpine:3.20\nRUN apk --no-cache add nginx\nEXPOSE 3000 80 443 22\n",
        &[],
    ),
    // run_using_wget_and_curl
    (
        "Run Using 'wget' and 'curl'",
        "FROM debian:12\nRUN wget http://example.com\nRUN curl http://example.org\n\nFROM debian:11\nRUN wget http://example.net\nRUN curl http://example.org\nRUN [\"curl\", \"http://example.org\"]\n",
        &[7],
    ),
    (
        "Run Using 'wget' and 'curl'",
        "from debian:12\nrun curl http://example.com\nrun curl http://example.org\nrun [\"curl\", \"http://example.org\"]\n",
        &[],
    ),
    // changing_default_shell_using_run_command
    (
        "Changing Default Shell Using RUN Command",
        "from alpine:3.20\nrun apk add --update py3-pip\nrun ln -sfv /bin/bash /bin/sh\ncopy requirements.txt /srv/app/\n",
        &[3],
    ),
    (
        "Changing Default Shell Using RUN Command",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nSHELL [\"/bin/bash\", \"-c\"]\nCOPY requirements.txt /srv/app/\n",
        &[],
    ),
    (
        "Changing Default Shell Using RUN Command",
        "FROM alpine:3.20\nRUN apk add --update py3-pip\nSHELL [\"cmd\", \"/S\", \"/C\"]\n",
        &[],
    ),
    // we disagree: KICS reports any RUN that starts powershell; running a
    // program does not change the shell later RUNs use.
    (
        "Changing Default Shell Using RUN Command",
        "FROM alpine:3.20\nRUN powershell -command\n",
        &[],
    ),
    // not_using_json_in_cmd_and_entrypoint_arguments: `[python, app.py]` is
    // not JSON, so Docker runs it with the shell.
    (
        "Not Using JSON In CMD And ENTRYPOINT Arguments",
        "FROM alpine:3.20\nCMD [python, /srv/app/app.py]\n",
        &[2],
    ),
    ("Not Using JSON In CMD And ENTRYPOINT Arguments", "FROM alpine:3.20\nENTRYPOINT [top, -b]\n", &[2]),
    (
        "Not Using JSON In CMD And ENTRYPOINT Arguments",
        "FROM alpine:3.20\nCMD [\"python\", \"/srv/app/app.py\"] \nENTRYPOINT [\"top\", \"-b\"]\n",
        &[],
    ),
];

#[test]
fn kics_samples() {
    run(Tool::Kics, &owned(KICS));
}

// ---------------------------------------------------------------------------
// Semgrep: semgrep-rules dockerfile/**/*.dockerfile and
// generic/dockerfile/**/*.dockerfile; `# ruleid:` lines fire, `# ok:` lines
// do not.

const SEMGREP: &[Case] = &[
    // dockerfile/audit/dockerfile-pip-extra-index-url.dockerfile (PL810)
    (
        "dockerfile-pip-extra-index-url",
        "FROM python:3.12-slim\nRUN pip install billing==${BILLING_VERSION} \\\n    --index-url https://${REPO_TOKEN}@pypi.corp.example/simple/ \\\n    --extra-index-url https://pypi.org/simple/\n",
        &[2],
    ),
    (
        "dockerfile-pip-extra-index-url",
        "FROM python:3.12-slim\nRUN --mount=type=secret,id=index_url \\\n    pip install --extra-index-url \"$(cat /run/secrets/index_url)\" -r requirements.txt --no-cache-dir\n",
        &[2],
    ),
    (
        "dockerfile-pip-extra-index-url",
        "FROM python:3.12-slim\nRUN --mount=type=secret,id=netrc,target=/root/.netrc pip3 install --no-cache-dir \\\n                 --extra-index-url https://repo.corp.example/python/simple \\\n                 --trusted-host repo.corp.example -r requirements.txt\n",
        &[2],
    ),
    ("dockerfile-pip-extra-index-url", "FROM python:3.12-slim\nRUN pip install --index-url https://repo.corp.example/simple -r requirements.txt\n", &[]),
    ("dockerfile-pip-extra-index-url", "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n", &[]),
    // prefer-copy-over-add (PL807 URL, PL808 archive)
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD http://example.com/tool /opt/tool\n", &[2]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD https://example.com/tool /opt/tool\n", &[2]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD tool.tar.gz /opt/tool\n", &[2]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD tool.bz2 /opt/tool\n", &[2]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD tool /opt/tool\n", &[]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD tool* /opt/\n", &[]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD not?.txt /opt/o\n", &[]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD list[[]0].txt /opt/o\n", &[]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD --chown=55:staff files* /srv/\n", &[]),
    ("prefer-copy-over-add", "FROM busybox:1.36\nADD --chown=bin files* /srv/\n", &[]),
    // prefer-json-notation
    ("prefer-json-notation", "FROM busybox:1.36\nENTRYPOINT s3cmd\n", &[2]),
    ("prefer-json-notation", "FROM busybox:1.36\nENTRYPOINT tool first second\n", &[2]),
    ("prefer-json-notation", "FROM busybox:1.36\nCMD tool\n", &[2]),
    ("prefer-json-notation", "FROM busybox:1.36\nCMD my-service serve\n", &[2]),
    ("prefer-json-notation", "FROM busybox:1.36\nENTRYPOINT [\"s3cmd\"]\n", &[]),
    ("prefer-json-notation", "FROM busybox:1.36\nENTRYPOINT [\"tool\", \"first\", \"second\"]\n", &[]),
    ("prefer-json-notation", "FROM busybox:1.36\nCMD [\"my-service\", \"serve\"]\n", &[]),
    // set-pipefail
    ("set-pipefail", "FROM debian:12\nRUN wget -O - https://example.com | wc -l > /count\n", &[2]),
    (
        "set-pipefail",
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    (
        "set-pipefail",
        "FROM debian:12\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com | wc -l > /count\n",
        &[],
    ),
    // use-either-wget-or-curl
    ("use-either-wget-or-curl", "FROM debian:12\nRUN wget http://example.com\nRUN curl http://example.org\n", &[3]),
    ("use-either-wget-or-curl", "FROM debian:12\nRUN curl http://example.org\n", &[]),
    // use-shell-instruction
    ("use-shell-instruction", "FROM busybox:1.36\nRUN ln -sfv /bin/bash /bin/sh\n", &[2]),
    ("use-shell-instruction", "FROM busybox:1.36\nRUN ln -sfv /bin/zsh /bin/sh\n", &[2]),
    ("use-shell-instruction", "FROM busybox:1.36\nSHELL [\"/bin/bash\", \"-c\"]\n", &[]),
    // use-workdir
    ("use-workdir", "FROM busybox:1.36\nRUN cd tools && git clone https://example.com/tools.git\n", &[2]),
    // The generic-matcher version of the rule marks this `ruleid`, the
    // Dockerfile-language version `ok`; going back up changes nothing a
    // WORKDIR would express.
    ("use-workdir", "FROM busybox:1.36\nRUN pip3 install tool && cd ..\n", &[]),
    ("use-workdir", "FROM busybox:1.36\nRUN tool -f rules.yml\n", &[]),
    ("use-workdir", "FROM busybox:1.36\nRUN helper\n", &[]),
    ("use-workdir", "FROM busybox:1.36\nRUN helper helpercd\n", &[]),
    // invalid-port
    ("invalid-port", "FROM busybox:1.36\nEXPOSE 65535\n", &[]),
    ("invalid-port", "FROM busybox:1.36\nEXPOSE 65536\n", &[2]),
    ("invalid-port", "FROM busybox:1.36\nEXPOSE 0\n", &[]),
    ("invalid-port", "FROM busybox:1.36\nEXPOSE -1\n", &[2]),
    // multiple-entrypoint-instructions, multiple-cmd-instructions
    (
        "multiple-entrypoint-instructions",
        "FROM busybox:1.36\nENTRYPOINT /bin/true\nRUN echo hello\nENTRYPOINT /bin/false\n",
        &[2],
    ),
    ("multiple-cmd-instructions", "FROM busybox:1.36\nCMD /bin/true\nCMD /bin/false\n", &[2]),
    (
        "multiple-cmd-instructions",
        "FROM busybox:1.36 AS stage1\nCMD /bin/true\nFROM stage1 AS stage2\nCMD /bin/false\n",
        &[],
    ),
    // dockerfile-dockerd-socket-mount
    (
        "dockerfile-dockerd-socket-mount",
        "FROM docker:27\n\nWORKDIR /app\n\nVOLUME /var/run/docker.sock:/var/run/docker.sock\n\nCMD [\"docker\", \"images\"]\n",
        &[5],
    ),
    ("dockerfile-dockerd-socket-mount", "FROM docker:27\nVOLUME /var/run/docker.sock\n", &[2]),
    ("dockerfile-dockerd-socket-mount", "FROM docker:27\nVOLUME /data\n", &[]),
    // maintainer-is-deprecated
    ("maintainer-is-deprecated", "FROM busybox:1.36\n\nMAINTAINER Ops Team <ops@example.com>\n", &[3]),
    ("maintainer-is-deprecated", "FROM busybox:1.36\nLABEL maintainer=\"ops@example.com\"\n", &[]),
    // nonsensical-command
    ("nonsensical-command", "FROM busybox:1.36\nRUN top\n", &[2]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN kill 1234\n", &[2]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN ifconfig\n", &[2]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN ps -ef\n", &[2]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN vim /var/log/app/error.log\n", &[2]),
    // The rule's list (and KICS's) also names nano.
    ("nonsensical-command", "FROM busybox:1.36\nRUN nano /etc/app.conf\n", &[2]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN git clone https://example.com/tools.git\n", &[]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN pip3 install tool\n", &[]),
    ("nonsensical-command", "FROM busybox:1.36\nRUN tool -f rules.yml\n", &[]),
    // use-absolute-workdir
    ("use-absolute-workdir", "FROM busybox:1.36\nWORKDIR usr/src/app\n", &[2]),
    ("use-absolute-workdir", "FROM busybox:1.36\nWORKDIR /usr/src/app\n", &[]),
    ("use-absolute-workdir", "FROM busybox:1.36\nENV base /srv\nWORKDIR ${base}\n", &[]),
    // alias-must-be-unique
    (
        "alias-must-be-unique",
        "FROM debian:12 as build\n\nRUN make\n\nFROM debian:12 as build\n\nRUN make check\n",
        &[5],
    ),
    ("alias-must-be-unique", "FROM debian:12 as build\nRUN make\nFROM debian:12 as another\nRUN make\n", &[]),
    // copy-from-own-alias
    (
        "copy-from-own-alias",
        "FROM debian:12 as build\n\nRUN make\n\nCOPY --from=build some/stuff ./\n",
        &[5],
    ),
    ("copy-from-own-alias", "FROM debian:12 AS other\n\nCOPY some/stuff ./\n", &[]),
];

#[test]
fn semgrep_rule_tests() {
    run(Tool::Semgrep, &owned(SEMGREP));
}

// ---------------------------------------------------------------------------
// dockle: pkg/assessor/* judge the built image (its config and history);
// here, the Dockerfile lines that produce what they look for.

const DOCKLE: &[Case] = &[
    // manifest.go: VOLUME of /sys, /dev or /proc (DKL-DI-0002)
    ("DKL-DI-0002", "FROM alpine:3.20\nVOLUME /sys\n", &[2]),
    ("DKL-DI-0002", "FROM alpine:3.20\nVOLUME /dev\n", &[2]),
    ("DKL-DI-0002", "FROM alpine:3.20\nVOLUME [\"/proc\"]\n", &[2]),
    ("DKL-DI-0002", "FROM alpine:3.20\nVOLUME /data\n", &[]),
    // manifest.go: an ADD layer after the base (CIS-DI-0009)
    ("CIS-DI-0009", "FROM alpine:3.20\nADD app.py /srv/app.py\n", &[2]),
    ("CIS-DI-0009", "FROM alpine:3.20\nADD https://example.com/tool /usr/local/bin/tool\n", &[2]),
    ("CIS-DI-0009", "FROM alpine:3.20\nADD rootfs.tar.gz /\n", &[2]),
    ("CIS-DI-0009", "FROM alpine:3.20\nCOPY app.py /srv/app.py\n", &[]),
    // we disagree: an ADD whose download is checked against a digest is the
    // way to fetch a file without curl in the image (PL807's advice).
    (
        "CIS-DI-0009",
        "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool /usr/local/bin/tool\n",
        &[],
    ),
    // contentTrust / setuid files (CIS-DI-0008): the Dockerfile sets them.
    ("CIS-DI-0008", "FROM alpine:3.20\nRUN chmod u+s /usr/local/bin/helper\n", &[2]),
    ("CIS-DI-0008", "FROM alpine:3.20\nRUN chmod 4755 /usr/local/bin/helper\n", &[2]),
    ("CIS-DI-0008", "FROM alpine:3.20\nRUN chmod g+s /srv/shared\n", &[2]),
    ("CIS-DI-0008", "FROM alpine:3.20\nRUN chmod 755 /usr/local/bin/helper\n", &[]),
    // unverified packages (CIS-DI-0011)
    (
        "CIS-DI-0011",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --allow-unauthenticated curl\n",
        &[2],
    ),
    ("CIS-DI-0011", "FROM alpine:3.20\nRUN apk add --allow-untrusted tool.apk\n", &[2]),
    ("CIS-DI-0011", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", &[]),
    // unnecessary packages (CIS-DI-0003): compilers left in the final image.
    (
        "CIS-DI-0003",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /src\nRUN make -C /src\nCMD [\"/src/app\"]\n",
        &[2],
    ),
    (
        "CIS-DI-0003",
        "FROM debian:12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make libc6-dev\nCOPY . /src\nRUN make -C /src\nFROM debian:12-slim\nCOPY --from=build /src/app /usr/local/bin/app\nCMD [\"app\"]\n",
        &[],
    ),
];

#[test]
fn dockle_checkpoints() {
    run(Tool::Dockle, &owned(DOCKLE));
}

// ---------------------------------------------------------------------------
// Parse-level cases: what BuildKit refuses to build is an error of the file
// (hadolint's DL3043 and DL3061 specs, BuildKit's testWarningsBeforeError),
// and the rule findings before it are still reported (see BUILDKIT above).

/// `(Dockerfile, whether the parser reports an error)`.
const PARSE: &[(&str, bool)] = &[
    // DL3043Spec: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.
    ("FROM debian:12\nONBUILD ONBUILD RUN make\n", true),
    ("FROM debian:12\nONBUILD FROM debian:12\n", true),
    ("FROM debian:12\nONBUILD MAINTAINER \"Ops Team\"\n", true),
    ("FROM debian:12\nONBUILD ADD bundle /srv/\n", false),
    ("FROM debian:12\nONBUILD USER app\n", false),
    ("FROM debian:12\nONBUILD LABEL tier=\"web\"\n", false),
    ("FROM debian:12\nONBUILD STOPSIGNAL SIGTERM\n", false),
    ("FROM debian:12\nONBUILD COPY bundle /srv/\n", false),
    ("FROM debian:12\nONBUILD RUN make\n", false),
    ("FROM debian:12\nONBUILD CMD serve\n", false),
    (
        "FROM debian:12\nONBUILD SHELL [\"/bin/bash\", \"-c\"]\n",
        false,
    ),
    ("FROM debian:12\nONBUILD WORKDIR /srv\n", false),
    ("FROM debian:12\nONBUILD EXPOSE 69\n", false),
    ("FROM debian:12\nONBUILD VOLUME /data\n", false),
    ("FROM debian:12\nONBUILD ENTRYPOINT serve\n", false),
    ("FROM debian:12\nONBUILD ENV MODE=\"web\"\n", false),
    ("FROM debian:12\nONBUILD ARG MODE\n", false),
    ("FROM debian:12\nONBUILD HEALTHCHECK NONE\n", false),
    ("FROM debian:12\nMAINTAINER \"Ops Team\"\n", false),
    // DL3061Spec: only ARG (and comments, directives) before the first FROM.
    ("LABEL tier=web\nFROM debian:12\n", true),
    ("FROM debian:12\nLABEL tier=web\n", false),
    ("ARG MODE=web\nFROM debian:12\nLABEL tier=web\n", false),
    (
        "# syntax = docker/dockerfile:1\nFROM node:20-alpine\n",
        false,
    ),
    ("FROM debian:12\nARG MODE=web\nRUN echo $MODE\n", false),
    // testWarningsBeforeError: an unknown instruction.
    (
        "FROM scratch AS WrongCase\nMAINTAINER ops@example.org\nNOTACMD\n",
        true,
    ),
    // testUndeclaredArg: a misspelt ARG in FROM is a lint warning, not a
    // parse error (the build fails later, at solve time).
    (
        "FROM --platform=$BUILDPLATFOMR scratch\nCOPY notes.txt .\n",
        false,
    ),
];

#[test]
fn parse_errors_match_what_buildkit_refuses() {
    let problems: Vec<String> = PARSE
        .iter()
        .filter_map(|(source, error)| {
            let report = check(source, &Settings::default());
            (report.errors.is_empty() == *error).then(|| {
                format!(
                    "expected {} on:\n{source}\ngot {:?}",
                    if *error {
                        "a parse error"
                    } else {
                        "no parse error"
                    },
                    report
                        .errors
                        .iter()
                        .map(|error| error.message.as_str())
                        .collect::<Vec<_>>()
                )
            })
        })
        .collect();
    println!(
        "parse: {} cases, {} agree",
        PARSE.len(),
        PARSE.len() - problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// PL702 reports a relative WORKDIR after an earlier one for hadolint, Trivy,
/// Checkov, KICS and Semgrep, but BuildKit's WorkdirRelativePath stays quiet
/// there: the finding must not claim BuildKit's id anywhere it shows ids.
#[test]
fn workdir_after_an_earlier_one_does_not_claim_buildkit() {
    use plimsoll_core::export::{json, sarif, FileReport};
    use plimsoll_core::Lang;

    let settings = Settings {
        select: vec!["PL702".into()],
        ..Settings::default()
    };
    let after = "FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR sub/../subdir/\n";
    let report = check(after, &settings);
    let findings: Vec<_> = report.active_findings().collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = findings[0];
    assert!(!finding.answers(Tool::Buildkit));
    for tool in [
        Tool::Hadolint,
        Tool::Trivy,
        Tool::Checkov,
        Tool::Kics,
        Tool::Semgrep,
    ] {
        assert!(finding.answers(tool), "{tool:?}");
    }
    let fix = finding.fix.as_ref().expect("a fix");
    assert_eq!(fix.safety, plimsoll_core::fix::Safety::Safe);
    assert_eq!(fix.edits[0].replacement, "/app/subdir");

    let file = FileReport {
        path: "Dockerfile",
        source: after,
        report: &report,
    };
    let output = json::file_json(&file, Lang::En);
    let aliases = &output.findings[0].aliases;
    assert!(aliases.contains(&"DL3000") && aliases.contains(&"use-absolute-workdir"));
    assert!(!aliases.contains(&"WorkdirRelativePath"), "{aliases:?}");
    let log = serde_json::to_string(&sarif::log(&[file], Lang::En, None)).unwrap();
    assert!(log.contains("\"aliases\":[\"DL3000\""), "{log}");

    // BuildKit's skip directive names a check that does not apply here;
    // hadolint's pragma does.
    let skipped = check(
        &format!("# check=skip=WorkdirRelativePath\n{after}"),
        &settings,
    );
    assert_eq!(skipped.active_findings().count(), 1);
    let ignored = after.replace("WORKDIR sub", "# hadolint ignore=DL3000\nWORKDIR sub");
    assert_eq!(check(&ignored, &settings).active_findings().count(), 0);

    // With no earlier WORKDIR the finding is BuildKit's case as well.
    let first = check("FROM scratch\nWORKDIR app/\n", &settings);
    let finding = first.active_findings().next().expect("a finding");
    assert!(finding.answers(Tool::Buildkit));
    let file = FileReport {
        path: "Dockerfile",
        source: "FROM scratch\nWORKDIR app/\n",
        report: &first,
    };
    assert!(json::file_json(&file, Lang::En).findings[0]
        .aliases
        .contains(&"WorkdirRelativePath"));
}

/// hadolint's onBuild specs: DL3001, DL3047, DL4001 and DL4005 run their
/// RUN cases again with every RUN wrapped in ONBUILD (`onBuildRuleCatches`,
/// `onBuildRuleCatchesNot`) and expect the same outcome: a trigger runs the
/// same commands in the builds based on the image.
const HADOLINT_ONBUILD_IDS: &[&str] = &["DL3001", "DL3047", "DL4001", "DL4005"];

#[test]
fn hadolint_onbuild_specs() {
    let cases: Vec<OwnedCase> = HADOLINT
        .iter()
        .filter(|(id, source, _)| {
            HADOLINT_ONBUILD_IDS.contains(id) && source.lines().any(|line| line.starts_with("RUN "))
        })
        .map(|(id, source, lines)| (*id, wrap_in_onbuild(source), *lines))
        .collect();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    run(Tool::Hadolint, &cases);
}
