//! PL301-PL314: package managers, updates and caches. True and false
//! positives (many from the peers' issue trackers) and what the fixes produce.

use plimsoll_core::docs::DocSection;
use plimsoll_core::fix::Safety;
use plimsoll_core::report::Severity;
use plimsoll_core::rules::Rule;
use plimsoll_core::{check, fix, Settings};

mod support;
use support::{findings, fixed, lines, message, rated, spans};

fn fires(source: &str, code: &str) -> bool {
    !findings(source, code).is_empty()
}

#[test]
fn fixes_of_the_bad_examples_parse_and_clear_the_rule() {
    for number in 301..=315 {
        let rule = Rule::by_code(&format!("PL{number}")).expect("registered");
        for example in rule
            .docs(plimsoll_core::Lang::En)
            .code_blocks(DocSection::Example)
        {
            let after = fixed(&example, rule.code);
            if after == example {
                continue;
            }
            let report = check(&after, &Settings::default());
            assert!(report.errors.is_empty(), "{}: {after}", rule.code);
            assert!(
                !fires(&after, rule.code),
                "{} still fires after its fix:\n{after}",
                rule.code
            );
        }
    }
}

// ----- PL301 package-index-update-alone -----

#[test]
fn pl301_update_alone() {
    let source = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
    assert_eq!(spans(source, "PL301"), ["apt-get update"]);
    assert!(fires("FROM alpine:3.20\nRUN apk update\n", "PL301"));
    assert!(fires(
        "FROM opensuse/leap:15\nRUN zypper --non-interactive refresh\n",
        "PL301"
    ));
    // Cleanup next to it does not install anything.
    assert!(fires(
        "FROM debian:12\nRUN apt-get update && rm -rf /tmp/* && echo done\n",
        "PL301"
    ));
    // In a builder stage: still a stale-cache problem, with a note.
    let builder = "FROM debian:12 AS build\nRUN apt-get update\nFROM scratch\n";
    assert!(message(builder, "PL301").contains("stage `build`"));
}

#[test]
fn pl301_update_with_install_or_unknown_commands() {
    for source in [
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
        "FROM alpine:3.20\nRUN apk update && apk upgrade\n",
        "FROM debian:12\nRUN apt-get update && xargs apt-get install -y < pkgs.txt\n",
        "FROM debian:12\nRUN apt-get update && ./install-deps.sh\n",
        "FROM debian:12\nRUN apt-get update && $INSTALL curl\n",
        "FROM debian:12\nRUN apt-get update && sh -c 'apt-get install -y curl'\n",
        "FROM debian:12\nRUN apt-get update && dpkg -i /tmp/x.deb\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
        // `yum update` upgrades packages: it is not an index refresh.
        "FROM centos:7\nRUN yum update -y\n",
        "FROM opensuse/leap:15\nRUN zypper -n update\n",
    ] {
        assert!(!fires(source, "PL301"), "{source}");
    }
}

// ----- PL302 install-without-assume-yes -----

#[test]
fn pl302_missing_switch() {
    let source = "FROM debian:12\nRUN apt-get install curl\n";
    assert_eq!(spans(source, "PL302"), ["apt-get install"]);
    assert_eq!(
        fixed(source, "PL302"),
        "FROM debian:12\nRUN apt-get install -y curl\n"
    );
    assert!(fires("FROM debian:12\nRUN apt-get remove curl\n", "PL302"));
    assert!(fires("FROM centos:7\nRUN yum install httpd\n", "PL302"));
    assert!(fires("FROM fedora:40\nRUN dnf upgrade\n", "PL302"));
    // microdnf answers yes unless configured otherwise: low.
    assert_eq!(
        rated(
            "FROM ubi9/ubi-minimal\nRUN microdnf install nginx\n",
            "PL302"
        ),
        [("microdnf install".to_string(), Severity::Low)]
    );
    assert_eq!(
        rated(source, "PL302"),
        [("apt-get install".to_string(), Severity::Medium)]
    );
    // One `-q` is not enough, and zypper's `-n` after the sub-command is `--name`.
    assert!(fires(
        "FROM debian:12\nRUN apt-get -q install curl\n",
        "PL302"
    ));
    let zypper = "FROM opensuse/leap:15\nRUN zypper install -n curl\n";
    assert!(fires(zypper, "PL302"));
    assert_eq!(
        fixed(zypper, "PL302"),
        "FROM opensuse/leap:15\nRUN zypper -n install -n curl\n"
    );
    let finding = &findings(source, "PL302")[0];
    assert_eq!(
        finding.fix.as_ref().map(|fix| fix.safety),
        Some(Safety::Safe)
    );
}

#[test]
fn pl302_non_interactive_forms() {
    for source in [
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get -y install curl\n",
        "FROM debian:12\nRUN apt-get install --yes curl\n",
        "FROM debian:12\nRUN apt-get install --assume-yes curl\n",
        "FROM debian:12\nRUN apt-get install -qq curl\n",
        "FROM debian:12\nRUN apt-get install -q -q curl\n",
        "FROM debian:12\nRUN apt-get install -q=2 curl\n",
        "FROM debian:12\nRUN apt-get install --quiet=2 curl\n",
        "FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n",
        "FROM debian:12\nRUN apt-get -yq install curl\n",
        "FROM debian:12\nRUN yes | apt-get install curl\n",
        "FROM debian:12\nRUN apt-get install -s curl\n",
        "FROM debian:12\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n",
        "FROM debian:12\nRUN apt-get update\n",
        "FROM centos:7\nRUN yum install -y httpd\n",
        "FROM centos:7\nRUN yum --assumeyes install httpd\n",
        "FROM centos:7\nRUN echo assumeyes=1 >> /etc/yum.conf\nRUN yum install httpd\n",
        "FROM fedora:40\nRUN dnf -y install httpd\n",
        "FROM opensuse/leap:15\nRUN zypper -n install curl\n",
        "FROM opensuse/leap:15\nRUN zypper --non-interactive in curl\n",
        "FROM opensuse/leap:15\nRUN zypper install -y curl\n",
        "FROM opensuse/leap:15\nRUN zypper in --no-confirm curl\n",
        "FROM alpine:3.20\nRUN apk add curl\n",
    ] {
        assert!(!fires(source, "PL302"), "{source}");
    }
}

#[test]
fn pl302_fix_is_placed_in_heredocs_and_skipped_in_escaped_json() {
    let heredoc = "FROM debian:12\nRUN <<EOF\napt-get install curl\nEOF\n";
    assert_eq!(
        fixed(heredoc, "PL302"),
        "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n"
    );
    let exec = "FROM debian:12\nRUN [\"apt-get\", \"install\", \"curl\"]\n";
    assert!(fires(exec, "PL302"));
    assert_eq!(fixed(exec, "PL302"), exec);
}

// ----- PL303 apt-install-recommends -----

#[test]
fn pl303_options_held_in_a_variable() {
    // The shell splits the value into words: the command reads the options.
    let source = "FROM debian:12\nARG NO_RECS=--no-install-recommends\nENV APT_OPTS=\"-y --no-install-recommends\"\nARG EMPTY\nRUN apt-get install -y $NO_RECS curl\nRUN apt-get install ${APT_OPTS} wget\nRUN apt-get install -y \"$NO_RECS\" git\nRUN apt-get install -y $EMPTY vim\nRUN apt-get install \"$APT_OPTS\" less\n";
    assert_eq!(lines(source, "PL303"), [8, 9]);
    // A variable with no value, or a value that is not options, adds nothing.
    assert!(fires(
        "FROM debian:12\nARG PKG=curl\nRUN apt-get install -y $PKG\n",
        "PL303"
    ));
}

#[test]
fn pl303_recommends() {
    let source = "FROM debian:12\nRUN apt-get install -y curl\n";
    assert_eq!(spans(source, "PL303"), ["apt-get install"]);
    assert_eq!(
        fixed(source, "PL303"),
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n"
    );
    // With PL302's fix the two edits do not collide.
    let both = "FROM debian:12\nRUN apt-get install curl\n";
    let report = check(both, &Settings::default());
    let both_fixes = report
        .findings
        .iter()
        .filter(|finding| ["PL302", "PL303"].contains(&finding.rule))
        .filter_map(|finding| finding.fix.as_ref());
    assert_eq!(
        fix::apply(both, both_fixes).0,
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n"
    );
    assert!(fires(
        "FROM ubuntu:24.04\nRUN apt install -y curl\n",
        "PL303"
    ));
}

#[test]
fn pl303_accepted() {
    for source in [
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12\nRUN apt-get --no-install-recommends install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n",
        "FROM debian:12\nRUN apt-get install -y --install-recommends=no curl\n",
        "FROM debian:12\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/01norecommend\nRUN apt-get install -y curl\n",
        // Nothing to install, or only a simulation.
        "FROM debian:12\nRUN apt-get install -y -f\n",
        "FROM debian:12\nRUN apt-get install -s curl\n",
        // A builder stage that is only copied from.
        "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n",
    ] {
        assert!(!fires(source, "PL303"), "{source}");
    }
    // A stage the final one is built FROM does end up in the image.
    assert!(fires(
        "FROM debian:12 AS base\nRUN apt-get install -y curl\nFROM base\n",
        "PL303"
    ));
}

// ----- PL304 apt-lists-not-removed -----

#[test]
fn pl304_lists_left() {
    let source = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
    assert_eq!(spans(source, "PL304"), ["apt-get update"]);
    assert_eq!(
        fixed(source, "PL304"),
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    );
    let finding = &findings(source, "PL304")[0];
    assert_eq!(
        finding.fix.as_ref().map(|fix| fix.safety),
        Some(Safety::NeedsReview)
    );
    // A trailing `;` or continuation lines.
    assert_eq!(
        fixed("FROM debian:12\nRUN apt-get update; apt-get install -y curl;\n", "PL304"),
        "FROM debian:12\nRUN apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists/*\n"
    );
    let multiline =
        "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl\n\nCMD [\"sh\"]\n";
    assert_eq!(
        fixed(multiline, "PL304"),
        "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n\nCMD [\"sh\"]\n"
    );
}

#[test]
fn pl304_no_fix_where_appending_is_unsafe() {
    for source in [
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl # tools\n",
        "FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get update && apt-get install -y curl\"]\n",
    ] {
        assert!(fires(source, "PL304"), "{source}");
        assert_eq!(fixed(source, "PL304"), source);
    }
}

#[test]
fn pl304_cleaned() {
    for source in [
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && sudo rm -fr /var/lib/apt/*\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -delete\n",
        "FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get distclean\n",
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        // The builder's layers are thrown away.
        "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12-slim\nCOPY --from=build /out /out\n",
    ] {
        assert!(!fires(source, "PL304"), "{source}");
    }
}

// ----- PL305 apk-add-without-no-cache -----

#[test]
fn pl305_apk_cache() {
    let source = "FROM alpine:3.20\nRUN apk add curl\n";
    assert_eq!(
        fixed(source, "PL305"),
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n"
    );
    assert_eq!(
        spans(
            "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n",
            "PL305"
        ),
        ["apk update"]
    );
    assert_eq!(
        fixed(
            "FROM alpine:3.20\nRUN apk update && apk add curl\n",
            "PL305"
        ),
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n"
    );
    assert_eq!(
        fixed(
            "FROM alpine:3.20\nRUN apk update \\\n && apk upgrade\n",
            "PL305"
        ),
        "FROM alpine:3.20\nRUN apk upgrade --no-cache\n"
    );
    // Alone, or before a subshell: no edit.
    for source in [
        "FROM alpine:3.20\nRUN apk update\n",
        "FROM alpine:3.20\nRUN apk update && (apk add --no-cache x)\n",
    ] {
        assert!(fires(source, "PL305"));
        assert_eq!(fixed(source, "PL305"), source);
    }
    for source in [
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        "FROM alpine:3.20\nRUN apk --no-cache add curl\n",
        "FROM alpine:3.20\nRUN apk upgrade --no-cache\n",
        "FROM alpine:3.20\nRUN apk add curl && rm -rf /var/cache/apk/*\n",
        "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
        "FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n",
        "FROM alpine:3.20\nRUN apk add --no-network --virtual .rundeps $deps\n",
        "FROM alpine:3.20\nRUN apk del .build-deps\n",
        "FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM scratch\nCOPY --from=build /out /out\n",
    ] {
        assert!(!fires(source, "PL305"), "{source}");
    }
}

// ----- PL306 rpm-cache-not-cleaned -----

#[test]
fn pl306_rpm_and_zypper_caches() {
    let source = "FROM centos:7\nRUN yum install -y httpd\n";
    assert!(message(source, "PL306").contains("yum clean all"));
    assert_eq!(
        fixed(source, "PL306"),
        "FROM centos:7\nRUN yum install -y httpd && yum clean all\n"
    );
    let micro = "FROM ubi9/ubi-minimal\nRUN microdnf install -y nginx\n";
    assert!(message(micro, "PL306").contains("microdnf clean all"));
    let zypper = "FROM opensuse/leap:15\nRUN zypper -n install curl\n";
    assert_eq!(
        fixed(zypper, "PL306"),
        "FROM opensuse/leap:15\nRUN zypper -n install curl && zypper clean --all\n"
    );
    for source in [
        "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
        "FROM fedora:40\nRUN dnf install -y httpd && yum clean all\n",
        "FROM fedora:40\nRUN dnf install -y httpd && rm -rf /var/cache/dnf\n",
        "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd\n",
        "FROM opensuse/leap:15\nRUN zypper -n install curl && zypper cc -a\n",
        "FROM opensuse/leap:15\nRUN zypper -n install curl && zypper clean\n",
        "FROM centos:7\nRUN yum update -y && yum clean all\n",
        "FROM centos:7 AS build\nRUN yum install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n",
    ] {
        assert!(!fires(source, "PL306"), "{source}");
    }
}

// ----- PL307 os-packages-unpinned -----

#[test]
fn pl307_os_pins() {
    let source = "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 git ./local.deb\n";
    assert_eq!(spans(source, "PL307"), ["git"]);
    assert!(message(source, "PL307").contains("`git`"));
    assert!(!message(source, "PL307").contains("curl"));
    assert!(fires(
        "FROM alpine:3.20\nRUN apk add --no-cache mkcert@testing\n",
        "PL307"
    ));
    assert!(fires(
        "FROM fedora:40\nRUN dnf install -y python3-pip\n",
        "PL307"
    ));
    for source in [
        "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n",
        "FROM debian:12\nRUN apt-get install -y \"curl=${CURL_VERSION}\" $EXTRA\n",
        "FROM debian:12\nRUN apt-get install -y /tmp/pkg.deb\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0 git~2.45 'bash>5'\n",
        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps $DEPS\n",
        "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 nginx-1:1.26.1-1.fc40 /tmp/x.rpm @development-tools\n",
        "FROM fedora:40\nRUN dnf install -y 'dnf-command(config-manager)'\n",
        "FROM opensuse/leap:15\nRUN zypper -n install curl=8.6.0 'git>=2.40'\n",
        "FROM opensuse/leap:15\nRUN zypper -n install -t pattern devel_basis\n",
    ] {
        assert!(!fires(source, "PL307"), "{source}");
    }
}

// ----- PL308 language-packages-unpinned -----

#[test]
fn pl308_unpinned_language_packages() {
    for (source, span) in [
        (
            "FROM python:3\nRUN pip install --no-cache-dir flask==3.0.3 gunicorn\n",
            "gunicorn",
        ),
        (
            "FROM python:3\nRUN pip install --no-cache-dir -r req.txt requests[socks]\n",
            "requests[socks]",
        ),
        (
            "FROM python:3\nRUN pip install --no-cache-dir git+https://github.com/a/b.git\n",
            "git+https://github.com/a/b.git",
        ),
        (
            "FROM node:20\nRUN npm install -g typescript\n",
            "typescript",
        ),
        (
            "FROM node:20\nRUN npm install -g npm@latest\n",
            "npm@latest",
        ),
        ("FROM node:20\nRUN npm i @angular/cli\n", "@angular/cli"),
        (
            "FROM node:20\nRUN npm install github:user/repo\n",
            "github:user/repo",
        ),
        (
            "FROM node:20\nRUN yarn global add @vue/cli && yarn cache clean\n",
            "@vue/cli",
        ),
        ("FROM ruby:3\nRUN gem install rails\n", "rails"),
        (
            "FROM golang:1.22\nRUN go install golang.org/x/tools/cmd/goimports@latest\n",
            "golang.org/x/tools/cmd/goimports@latest",
        ),
        (
            "FROM golang:1.22\nRUN go install example.com/cmd@main\n",
            "example.com/cmd@main",
        ),
        // `go get` without a version upgrades to the newest release.
        (
            "FROM golang:1.22\nRUN go get example.com/tool\n",
            "example.com/tool",
        ),
        (
            "FROM golang:1.22\nRUN go run example.com/gen@latest -o api.go\n",
            "example.com/gen@latest",
        ),
    ] {
        assert_eq!(spans(source, "PL308"), [span], "{source}");
    }
}

#[test]
fn pl308_pinned_or_not_packages() {
    for source in [
        "FROM python:3\nRUN pip install --no-cache-dir 'flask>=3,<4' gunicorn~=22.0 uvicorn!=0.1\n",
        "FROM python:3\nRUN pip install --no-cache-dir -r requirements.txt\n",
        "FROM python:3\nRUN pip install --no-cache-dir -c constraints.txt flask\n",
        "FROM python:3\nRUN pip install --no-cache-dir . ./lib /tmp/x.whl dist/pkg.tar.gz\n",
        "FROM python:3\nRUN pip install --no-cache-dir -e .\n",
        "FROM python:3\nRUN pip install --no-cache-dir git+https://github.com/a/b.git@v1.0\n",
        "FROM python:3\nRUN pip install --no-cache-dir --no-index --find-links /wheels app\n",
        "FROM python:3\nRUN pip install --no-cache-dir $PACKAGES\n",
        "FROM node:20\nRUN npm ci\n",
        "FROM node:20\nRUN npm install\n",
        "FROM node:20\nRUN npm install -g pnpm@9.12.0 @scope/x@^1.2 y@~2 z@v3.0.0\n",
        "FROM node:20\nRUN npm install ./pkg.tgz https://x/y.tgz git+https://github.com/a/b.git#v1 user/repo#abc\n",
        "FROM ruby:3\nRUN gem install rails -v 7.1.3\n",
        "FROM ruby:3\nRUN gem install bundler:2.5.0 ./local.gem\n",
        "FROM golang:1.22\nRUN go install golang.org/x/tools/cmd/goimports@v0.24.0\n",
        "FROM golang:1.22\nRUN go install example.com/cmd@0123abcd\n",
        // Module-aware Go builds what go.mod requires.
        "FROM golang:1.22\nRUN go install ./cmd/... example.com/tool\n",
        "FROM golang:1.22\nRUN go run example.com/tool -o out\n",
        "FROM golang:1.22\nRUN go get -d ./...\n",
        "FROM golang:1.22\nRUN go run example.com/gen@v1.4.0 latest\n",
        // What follows `--` goes to the gem's native build.
        "FROM ruby:3\nRUN gem install nokogiri:1.16.5 -- --use-system-libraries\n",
        "FROM node:20\nRUN npm install ./vendor/widget-1.0.0.tar\n",
    ] {
        assert!(!fires(source, "PL308"), "{source}");
    }
}

// ----- PL309 apt-instead-of-apt-get -----

#[test]
fn pl309_apt_in_scripts() {
    let source = "FROM ubuntu:24.04\nRUN apt update && apt install -y curl\n";
    assert_eq!(spans(source, "PL309"), ["apt", "apt"]);
    assert_eq!(
        fixed(source, "PL309"),
        "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n"
    );
    // `apt upgrade` installs new dependencies, `apt-get upgrade` does not: no automatic fix.
    let upgrade = "FROM ubuntu:24.04\nRUN apt upgrade -y\n";
    assert!(fires(upgrade, "PL309"));
    assert_eq!(fixed(upgrade, "PL309"), upgrade);
    assert!(
        message("FROM ubuntu:24.04\nRUN apt list --installed\n", "PL309").contains("apt-cache")
    );
    for source in [
        "FROM ubuntu:24.04\nRUN apt-get update && apt-cache policy curl\n",
        "FROM ubuntu:24.04\nRUN rm -rf /var/lib/apt/lists/* && echo apt\n",
        "FROM ubuntu:24.04\nRUN apt-key list\n",
    ] {
        assert!(!fires(source, "PL309"), "{source}");
    }
}

// ----- PL310 pip-cache-kept -----

#[test]
fn pl310_pip_cache() {
    let source = "FROM python:3\nRUN pip install --upgrade pip\n";
    assert_eq!(
        fixed(source, "PL310"),
        "FROM python:3\nRUN pip install --no-cache-dir --upgrade pip\n"
    );
    assert!(fires(
        "FROM python:3\nRUN python3 -m pip install -r r.txt\n",
        "PL310"
    ));
    // `--no-c` is ambiguous (--no-cache-dir, --no-color, --no-clean, --no-compile).
    assert!(fires(
        "FROM python:3\nRUN pip install --no-c -r r.txt\n",
        "PL310"
    ));
    for source in [
        "FROM python:3\nRUN pip install --no-cache-dir -r r.txt\n",
        // optparse: an unambiguous prefix of --no-cache-dir.
        "FROM python:3\nRUN pip install --no-cache -r r.txt\n",
        "FROM python:3\nRUN pip3 install --no-cache-d -r r.txt\n",
        "FROM python:3\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r r.txt\n",
        "FROM python:3\nARG PIP_NO_CACHE_DIR=1\nRUN pip install -r r.txt\n",
        "FROM python:3 AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install -r r.txt\n",
        "FROM python:3\nRUN PIP_NO_CACHE_DIR=1 pip install -r r.txt\n",
        "FROM python:3\nRUN export PIP_NO_CACHE_DIR=1 && pip install -r r.txt\n",
        "FROM python:3\nRUN pip config set global.no-cache-dir false\nRUN pip install -r r.txt\n",
        "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n",
        "FROM python:3\nRUN --mount=type=cache,target=/home/app/.cache pip install -r r.txt\n",
        "FROM python:3\nRUN --mount=type=cache,target=/pipcache pip install --cache-dir /pipcache -r r.txt\n",
        "FROM python:3\nRUN pip install -r r.txt && rm -rf /root/.cache/pip\n",
        "FROM python:3\nRUN pip install -r r.txt && pip cache purge\n",
        "FROM python:3\nRUN pip download -d /wheels flask\n",
        "FROM python:3 AS build\nRUN pip install -r r.txt\nFROM python:3-slim\nCOPY --from=build /venv /venv\n",
    ] {
        assert!(!fires(source, "PL310"), "{source}");
    }
}

// ----- PL311 dist-upgrade -----

#[test]
fn pl311_dist_upgrade() {
    assert_eq!(
        spans(
            "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\n",
            "PL311"
        ),
        ["apt-get dist-upgrade"]
    );
    assert!(fires(
        "FROM ubuntu:24.04\nRUN apt full-upgrade -y\n",
        "PL311"
    ));
    assert!(fires(
        "FROM opensuse/tumbleweed\nRUN zypper -n dup\n",
        "PL311"
    ));
    for source in [
        "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
        "FROM alpine:3.20\nRUN apk upgrade --no-cache\n",
        "FROM opensuse/leap:15\nRUN zypper -n update\n",
        "FROM centos:7\nRUN yum update -y\n",
    ] {
        assert!(!fires(source, "PL311"), "{source}");
    }
}

// ----- PL312 debian-frontend-persisted -----

#[test]
fn pl312_debian_frontend() {
    let source = "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\n";
    assert_eq!(spans(source, "PL312"), ["DEBIAN_FRONTEND"]);
    assert_eq!(
        fixed(source, "PL312"),
        "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\n"
    );
    assert_eq!(
        fixed(
            "FROM debian:12\nENV DEBIAN_FRONTEND noninteractive\n",
            "PL312"
        ),
        "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\n"
    );
    let shared = "FROM debian:12\nENV A=1 \\\n    DEBIAN_FRONTEND=noninteractive \\\n    B=2\n";
    let after = fixed(shared, "PL312");
    assert_eq!(
        after,
        "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\nENV A=1 \\\n    B=2\n"
    );
    assert!(!fires(&after, "PL312"));
    let first = "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive TZ=UTC\n";
    assert_eq!(
        fixed(first, "PL312"),
        "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\nENV TZ=UTC\n"
    );
    // A stage built FROM this one loses the setting with ARG: review needed.
    let derived = "FROM debian:12 AS base\nENV DEBIAN_FRONTEND=noninteractive\nFROM base\nRUN apt-get install -y tzdata\n";
    let finding = &findings(derived, "PL312")[0];
    assert_eq!(
        finding.fix.as_ref().map(|fix| fix.safety),
        Some(Safety::NeedsReview)
    );
    for source in [
        "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\n",
        "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y tzdata\nENV DEBIAN_FRONTEND=dialog\n",
        "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nENV DEBIAN_FRONTEND=\n",
        "FROM debian:12 AS build\nENV DEBIAN_FRONTEND=noninteractive\nFROM scratch\nCOPY --from=build /out /out\n",
        "FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata\n",
    ] {
        assert!(!fires(source, "PL312"), "{source}");
    }
}

// ----- PL313 yarn-cache-not-cleaned -----

#[test]
fn pl313_yarn_cache() {
    let source = "FROM node:20\nRUN yarn install --frozen-lockfile\n";
    assert_eq!(
        fixed(source, "PL313"),
        "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n"
    );
    assert_eq!(
        spans("FROM node:20\nRUN yarn --production\n", "PL313"),
        ["yarn"]
    );
    for source in [
        "FROM node:20\nRUN yarn install && yarn cache clean\n",
        "FROM node:20\nRUN yarn install && yarn cache clean --all\n",
        "FROM node:20\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n",
        "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
        "FROM node:20\nRUN --mount=type=cache,target=/root/.yarn/berry/cache yarn install\n",
        "FROM node:20\nRUN yarn build\n",
        "FROM node:20\nRUN yarn --version\n",
        "FROM node:20 AS build\nRUN yarn install && yarn build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
    ] {
        assert!(!fires(source, "PL313"), "{source}");
    }
}

// ----- PL314 apt-key-used -----

#[test]
fn pl314_apt_key() {
    let source = "FROM debian:12\nRUN curl -fsSL https://x/key.gpg | apt-key add -\n";
    assert_eq!(spans(source, "PL314"), ["apt-key add"]);
    assert!(!message(source, "PL314").contains("plain HTTP"));
    let keyserver = "FROM debian:12\nRUN apt-key adv --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys 7EA0A9C3F273FCD8\n";
    assert!(message(keyserver, "PL314").contains("plain HTTP"));
    let fingerprint = "FROM debian:12\nRUN apt-key adv --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys 9DC858229FC7DD38854AE2D88D81803C0EBFCD88\n";
    assert!(fires(fingerprint, "PL314"));
    assert!(!message(fingerprint, "PL314").contains("plain HTTP"));
    for source in [
        "FROM debian:12\nRUN apt-key list\n",
        "FROM debian:12\nRUN curl -fsSL https://x/key.asc -o /etc/apt/keyrings/x.asc\n",
    ] {
        assert!(!fires(source, "PL314"), "{source}");
    }
}

#[test]
fn pl304_reports_the_package_cache_once_docker_clean_is_gone() {
    let kept = "FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y jq\n";
    assert_eq!(spans(kept, "PL304"), ["apt-get install"]);
    assert!(message(kept, "PL304").contains("/var/cache/apt"));
    for clean in [
        "FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && apt-get install -y jq\n",
        "FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install -y jq && apt-get clean\n",
        // docker-clean removed in another, unrelated stage.
        "FROM debian:12 AS other\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y jq\n",
    ] {
        assert!(!fires(clean, "PL304"), "{clean}");
    }
}

#[test]
fn pl301_an_update_after_the_last_install_is_alone() {
    let late =
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends git && apt-get update\n";
    assert_eq!(spans(late, "PL301"), ["apt-get update"]);
    let used =
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends git\n";
    assert!(!fires(used, "PL301"));
}

// ----- PL308 pecl -----

#[test]
fn pl308_pecl_install() {
    let source = "FROM php:8.3-cli\nRUN pecl install -o -f redis-6.1.0 igbinary && docker-php-ext-enable redis\n";
    assert_eq!(spans(source, "PL308"), ["igbinary"]);
    assert!(message(source, "PL308").contains("igbinary-<version>"));
    for clean in [
        "FROM php:8.3-cli\nRUN pecl install redis-6.1.0\n",
        "FROM php:8.3-cli\nRUN pecl install channel://pecl.php.net/xdebug-3.3.2\n",
        "FROM php:8.3-cli\nRUN pecl install /tmp/redis-6.1.0.tgz\n",
        // The value of --configureoptions is not a package.
        "FROM php:8.3-cli\nRUN pecl install --configureoptions 'enable-redis-igbinary=\"no\"' redis-6.1.0\n",
        "FROM php:8.3-cli\nRUN pecl install \"$EXTENSION\"\n",
        "FROM php:8.3-cli\nRUN pecl channel-update pecl.php.net\n",
    ] {
        assert!(!fires(clean, "PL308"), "{clean}");
    }
    for moving in ["redis-beta", "pecl.php.net/redis", "redis-stable"] {
        let source = format!("FROM php:8.3-cli\nRUN pecl install {moving}\n");
        assert!(fires(&source, "PL308"), "{source}");
    }
}

// ----- PL315 language-cache-kept -----

#[test]
fn pl315_language_caches() {
    let cases: &[(&str, &str)] = &[
        ("FROM node:20-slim\nRUN npm ci --omit=dev\n", "npm ci"),
        (
            "FROM node:20-slim\nRUN npm install -g pnpm@9.12.0\n",
            "npm install",
        ),
        (
            "FROM node:20-slim\nRUN pnpm install --frozen-lockfile\n",
            "pnpm install",
        ),
        (
            "FROM rust:1.80\nRUN cargo install --locked cargo-audit\n",
            "cargo install",
        ),
        (
            "FROM golang:1.22\nRUN CGO_ENABLED=0 go build -o /app .\n",
            "go build",
        ),
        (
            "FROM maven:3.9-eclipse-temurin-21\nRUN mvn -B -q package\n",
            "mvn -B -q package",
        ),
        (
            "FROM eclipse-temurin:21-jdk\nRUN ./gradlew --no-daemon bootJar\n",
            "./gradlew",
        ),
        (
            "FROM composer:2.7\nRUN composer install --no-dev\n",
            "composer install",
        ),
        (
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -c Release -o /out\n",
            "dotnet publish",
        ),
        (
            "FROM elixir:1.17\nRUN mix deps.get --only prod\n",
            "mix deps.get",
        ),
        (
            "FROM ruby:3.3\nRUN bundle install --jobs 4\n",
            "bundle install",
        ),
        (
            "FROM ruby:3.3\nRUN sudo gem install bundler:2.5.16\n",
            "gem install",
        ),
    ];
    for (source, span) in cases {
        assert_eq!(spans(source, "PL315"), [*span], "{source}");
    }
    // Removing something else that mentions the tool is not a cleanup.
    for kept in [
        "FROM node:20-slim\nRUN npm ci && rm -f .npmrc\n",
        "FROM ruby:3.3\nRUN gem install rails:7.1.3 && rm -f /root/.gemrc\n",
        "FROM ruby:3.3\nRUN bundle install && rm -rf /usr/local/bundle/gems/*/test\n",
    ] {
        assert!(fires(kept, "PL315"), "{kept}");
    }
    // One finding per tool and RUN.
    let twice = "FROM node:20-slim\nRUN npm install -g pnpm@9.12.0 && pnpm install && npm ci\n";
    assert_eq!(spans(twice, "PL315"), ["npm install", "pnpm install"]);
}

#[test]
fn pl315_cleaned_mounted_or_left_behind() {
    for clean in [
        "FROM node:20-slim\nRUN npm ci && npm cache clean --force\n",
        "FROM node:20-slim\nRUN npm ci && rm -rf /root/.npm\n",
        "FROM node:20-slim\nRUN --mount=type=cache,target=/home/node/.npm npm ci\n",
        "FROM golang:1.22\nRUN go build -o /app . && go clean -cache -modcache\n",
        "FROM rust:1.80\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\n",
        "FROM composer:2.7\nRUN composer install --no-dev --no-cache\n",
        "FROM composer:2.7\nRUN composer install --no-dev && composer clear-cache\n",
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore && dotnet nuget locals all --clear\n",
        "FROM ruby:3.3\nRUN bundle install && rm -rf /usr/local/bundle/cache\n",
        "FROM node:20-slim\nRUN npm ci && rm -rf ~/.npm/_cacache\n",
        "FROM eclipse-temurin:21-jdk\nRUN ./gradlew build && rm -rf /root/.gradle\n",
        // Not a fetch.
        "FROM node:20-slim\nRUN npm run build\n",
        "FROM golang:1.22\nRUN go version\n",
        "FROM node:20-slim\nRUN echo npm install\n",
        // A builder stage the final image only copies from.
        "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n",
    ] {
        assert!(!fires(clean, "PL315"), "{clean}");
    }
}

#[test]
fn pl315_fix_appends_the_clean_command() {
    let source = "FROM node:20-slim\nRUN npm ci --omit=dev\n";
    assert_eq!(
        fixed(source, "PL315"),
        "FROM node:20-slim\nRUN npm ci --omit=dev && npm cache clean --force\n"
    );
    let finding = &findings(source, "PL315")[0];
    assert_eq!(
        finding.fix.as_ref().map(|fix| fix.safety),
        Some(Safety::NeedsReview)
    );
    // Without a clean command, the fix is advice.
    let cargo = "FROM rust:1.80\nRUN cargo build --release\n";
    assert_eq!(fixed(cargo, "PL315"), cargo);
    assert!(message(cargo, "PL315").contains("--mount=type=cache,target=/root/.cargo/registry"));
}
