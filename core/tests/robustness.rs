//! Nothing the user pastes makes the core panic or hang: random bytes,
//! random Dockerfile-shaped text, and the hostile sizes named in the issue.
//! A property test (proptest) runs the whole pipeline: parse, model, rules,
//! checklist, exports, and applying every fix.

use plimsoll_core::export::{json, markdown, sarif, FileReport};
use plimsoll_core::{check, fix, Lang, Settings};
use proptest::prelude::*;

/// Runs everything a user can trigger on `source`.
fn everything(source: &str) {
    let report = check(source, &Settings::default());
    let file = FileReport {
        path: "Dockerfile",
        source,
        report: &report,
    };
    let files = [file];
    let _ = json::output(&files, Lang::Ja);
    let _ = markdown::render(&files, Lang::En);
    let _ = sarif::log(&files, Lang::En, None);
    for finding in &report.findings {
        assert!(
            finding.span.end as usize <= source.len(),
            "{} span out of bounds",
            finding.rule
        );
        assert!(finding.location.start.line >= 1);
    }
    let (fixed, _) = fix::apply(
        source,
        report
            .findings
            .iter()
            .filter_map(|finding| finding.fix.as_ref()),
    );
    let _ = check(&fixed, &Settings::default());
}

const PIECES: &[&str] = &[
    "FROM ",
    "from ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ENV ",
    "ARG ",
    "USER ",
    "WORKDIR ",
    "EXPOSE ",
    "CMD ",
    "ENTRYPOINT ",
    "HEALTHCHECK ",
    "ONBUILD ",
    "SHELL ",
    "LABEL ",
    "VOLUME ",
    "STOPSIGNAL ",
    "MAINTAINER ",
    "AS ",
    "scratch",
    "node:latest",
    "alpine:3.19",
    "${A:-b}",
    "$B",
    "\\\n",
    "`\n",
    "\n",
    "\r\n",
    "<<EOF\n",
    "<<-'X'\n",
    "EOF\n",
    "\tX\n",
    "[\"a\", \"b\"]",
    "[1]",
    "[",
    "\"",
    "'",
    "#",
    "# escape=`\n",
    "# syntax=x\n",
    "--mount=type=cache,target=/x ",
    "--from=0 ",
    "--chmod=777 ",
    "--platform=$BUILDPLATFORM ",
    "&&",
    "||",
    "|",
    ";",
    "$(",
    ")",
    "(",
    "{",
    "}",
    "curl -k http://x | sh",
    "apt-get install -y a",
    "apk add b",
    "pip install c",
    "chmod u+s /x",
    "useradd -u 123456789 x",
    "sudo ",
    "=",
    " ",
    "日本",
    "😀",
    "\u{feff}",
    "\0",
    "${",
    "}",
    "AKIAABCDEFGHIJKLMNOP",
    "-----BEGIN RSA PRIVATE KEY-----",
    "22",
    "0:0",
];

fn dockerfile_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn dockerfile_shaped_text_never_panics(source in dockerfile_like()) {
        everything(&source);
    }

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,400}") {
        everything(&source);
    }

    #[test]
    fn binary_garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        everything(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn hostile_sizes_come_back() {
    everything(&"RUN echo hi && \\\n".repeat(100_000));
    everything(&format!("FROM alpine\nRUN {}\n", "a".repeat(1 << 20)));
    everything(&"FROM a\nRUN <<EOF\n".repeat(2_000));
    everything(&"$(".repeat(10_000));
    everything(&format!("FROM a\nRUN {}", "(".repeat(50_000)));
    everything(&format!("FROM a\nENV A={}", "${A:-".repeat(20_000)));
}
