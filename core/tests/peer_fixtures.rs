//! Our own firing and clean fixture for every peer rule id that a Plimsoll
//! rule covers (issue 5: "for each peer rule id marked as covered, at least
//! one firing and one clean fixture of our own in the test suite").
//!
//! An id is covered when [`PeerRule::rules`] is not empty, exactly as
//! `core/tests/coverage.rs` and COVERAGE.md count it (a rule's `aliases`
//! lists it, or, for CIS items, lists the dockle `CIS-DI-00nn` checkpoint of
//! the same number). [`FIXTURES`] holds one entry per covered id:
//!
//! - the firing Dockerfile parses without errors and raises at least one
//!   finding of a rule covering the id;
//! - the clean Dockerfile parses without errors and raises none of them.
//!
//! [`KNOWN_GAPS`] holds further entries whose firing Dockerfile shows a case the
//! peer's rule reports and ours does not. A gap does not count as a fixture
//! (its id needs a `FIXTURES` entry too), and each must still be a gap: when
//! one closes the test fails until the entry moves to `FIXTURES`.

mod peers;

use std::collections::{BTreeMap, BTreeSet};

use peers::hits;
use plimsoll_core::coverage::{PeerRule, PEER_RULES, TOOLS};
use plimsoll_core::project::{FileKind, Project};
use plimsoll_core::rules::Rule;
use plimsoll_core::{check, Lang, Report, Settings};

const COMPOSE_PRIVILEGED: (&str, &str) = (
    "services:\n  agent:\n    image: example/agent:1\n    privileged: true\n",
    "services:\n  agent:\n    image: example/agent:1\n    privileged: false\n",
);
const COMPOSE_CAPABILITIES: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    cap_add:\n      - SYS_ADMIN\n",
    "services:\n  app:\n    image: example/app:1\n    cap_drop:\n      - ALL\n    cap_add:\n      - NET_BIND_SERVICE\n",
);
const COMPOSE_SOCKET: (&str, &str) = (
    "services:\n  proxy:\n    image: example/proxy:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n",
    "services:\n  proxy:\n    image: example/proxy:1\n    volumes:\n      - ./routes.yml:/etc/proxy/routes.yml:ro\n",
);
const COMPOSE_PID: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    pid: host\n",
    "services:\n  app:\n    image: example/app:1\n    pid: service:main\n",
);
const COMPOSE_IPC: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    ipc: host\n",
    "services:\n  app:\n    image: example/app:1\n    ipc: private\n",
);
const COMPOSE_NETWORK: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    network_mode: host\n",
    "services:\n  app:\n    image: example/app:1\n    network_mode: service:vpn\n",
);
const COMPOSE_USERNS: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    userns_mode: host\n",
    "services:\n  app:\n    image: example/app:1\n",
);
const COMPOSE_NO_NEW_PRIVILEGES: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - apparmor:docker-default\n",
    "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - no-new-privileges:true\n",
);
const COMPOSE_SECCOMP: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - seccomp:unconfined\n",
    "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - seccomp:./seccomp.json\n",
);
const COMPOSE_SELINUX: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - label:disable\n",
    "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - label:type:svirt_apache_t\n",
);
const COMPOSE_MEMORY: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n",
    "services:\n  app:\n    image: example/app:1\n    mem_limit: 512m\n",
);
const COMPOSE_PORT: (&str, &str) = (
    "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"5432:5432\"\n",
    "services:\n  db:\n    image: postgres:17\n    ports:\n      - \"127.0.0.1:5432:5432\"\n",
);
const COMPOSE_READ_ONLY: (&str, &str) = (
    "services:\n  app:\n    image: example/app:1\n",
    "services:\n  app:\n    image: example/app:1\n    read_only: true\n",
);

/// `(peer id, firing Dockerfile or Compose file, clean one)`.
type Fixture = (&'static str, &'static str, &'static str);

// Shared concerns: several peers name the same check. Each pair is
// `(firing, clean)`; tool-specific spellings get their own pair below.

const WORKDIR_RELATIVE: (&str, &str) = (
    "FROM node:20-slim\nWORKDIR app\nCOPY package.json ./\nRUN npm ci\n",
    "FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\n",
);
const POINTLESS: (&str, &str) = (
    "FROM debian:12-slim\nRUN service nginx start && ps aux\n",
    "FROM debian:12-slim\nRUN mkdir -p /var/www/html\n",
);
const LAST_USER_ROOT: (&str, &str) = (
    "FROM python:3.12-slim\nRUN useradd --create-home app\nUSER app\nRUN pip --version\nUSER root\nCMD [\"python\", \"-m\", \"http.server\"]\n",
    "FROM python:3.12-slim\nRUN useradd --create-home app\nUSER root\nRUN pip --version\nUSER app\nCMD [\"python\", \"-m\", \"http.server\"]\n",
);
const NO_USER: (&str, &str) = (
    "FROM python:3.12-slim\nCOPY app.py /srv/app.py\nCMD [\"python\", \"/srv/app.py\"]\n",
    "FROM python:3.12-slim\nRUN useradd --uid 10001 app\nCOPY app.py /srv/app.py\nUSER 10001\nCMD [\"python\", \"/srv/app.py\"]\n",
);
const CD_IN_RUN: (&str, &str) = (
    "FROM golang:1.22\nCOPY . /src\nRUN cd /src && go build -o /out/app .\n",
    "FROM golang:1.22\nCOPY . /src\nWORKDIR /src\nRUN go build -o /out/app .\n",
);
const SUDO: (&str, &str) = (
    "FROM ubuntu:22.04\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.16 && rm -rf /var/lib/apt/lists/*\n",
    "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.16 && rm -rf /var/lib/apt/lists/*\n",
);
const NO_TAG: (&str, &str) = (
    "FROM nginx\nCOPY site/ /usr/share/nginx/html/\n",
    "FROM nginx:1.27.0\nCOPY site/ /usr/share/nginx/html/\n",
);
const LATEST: (&str, &str) = (
    "FROM alpine:latest\nRUN echo hello\n",
    "FROM alpine:3.20\nRUN echo hello\n",
);
const APT_UNPINNED: (&str, &str) = (
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ca-certificates=20230311 && rm -rf /var/lib/apt/lists/*\n",
);
const APT_LISTS: (&str, &str) = (
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
);
const PORT_RANGE: (&str, &str) = (
    "FROM nginx:1.27.0\nEXPOSE 80 70000\n",
    "FROM nginx:1.27.0\nEXPOSE 80 8443\n",
);
const TWO_HEALTHCHECKS: (&str, &str) = (
    "FROM nginx:1.27.0\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1\n",
    "FROM nginx:1.27.0\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1\n",
);
const TWO_CMDS: (&str, &str) = (
    "FROM node:20-slim\nCMD [\"node\", \"server.js\"]\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n",
    "FROM node:20-slim\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n",
);
const TWO_ENTRYPOINTS: (&str, &str) = (
    "FROM alpine:3.20\nENTRYPOINT [\"/bin/sh\"]\nCOPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]\n",
    "FROM alpine:3.20\nCOPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]\n",
);
const PIP_UNPINNED: (&str, &str) = (
    "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask requests\n",
    "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 requests==2.32.3\n",
);
const APT_NO_Y: (&str, &str) = (
    "FROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
);
const APT_RECOMMENDS: (&str, &str) = (
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
);
const NPM_UNPINNED: (&str, &str) = (
    "FROM node:20-slim\nRUN npm install -g typescript\n",
    "FROM node:20-slim\nRUN npm install -g typescript@5.4.5\n",
);
const APK_UNPINNED: (&str, &str) = (
    "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\n",
);
const APK_CACHE: (&str, &str) = (
    "FROM alpine:3.20\nRUN apk update && apk add curl=8.9.0-r0\n",
    "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\n",
);
const ADD_LOCAL: (&str, &str) = (
    "FROM nginx:1.27.0\nADD nginx.conf /etc/nginx/nginx.conf\n",
    "FROM nginx:1.27.0\nCOPY nginx.conf /etc/nginx/nginx.conf\n",
);
const COPY_MULTI_DEST: (&str, &str) = (
    "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app\n",
    "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json /app/\n",
);
const COPY_FROM_UNKNOWN: (&str, &str) = (
    "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:12-slim\nCOPY --from=builder /out/app /usr/local/bin/app\n",
    "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n",
);
const COPY_FROM_OWN: (&str, &str) = (
    "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:12-slim AS runtime\nCOPY --from=runtime /out/app /usr/local/bin/app\n",
    "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:12-slim AS runtime\nCOPY --from=build /out/app /usr/local/bin/app\n",
);
const DUPLICATE_STAGE: (&str, &str) = (
    "FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim AS build\nCOPY --from=build /app /app\n",
    "FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim AS build\nCOPY --from=deps /app /app\n",
);
const SHELL_FORM: (&str, &str) = (
    "FROM node:20-slim\nCOPY . /app\nCMD node /app/server.js\n",
    "FROM node:20-slim\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n",
);
const APT: (&str, &str) = (
    "FROM ubuntu:22.04\nRUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*\n",
    "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
);
const GEM_UNPINNED: (&str, &str) = (
    "FROM ruby:3.3-slim\nRUN gem install bundler\n",
    "FROM ruby:3.3-slim\nRUN gem install bundler -v 2.5.11\n",
);
const FROM_PLATFORM: (&str, &str) = (
    "FROM --platform=linux/amd64 debian:12-slim\nRUN echo hello\n",
    "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go version\nFROM debian:12-slim\nCOPY --from=build /usr/local/go/VERSION /VERSION\n",
);
const YUM_NO_Y: (&str, &str) = (
    "FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n",
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
);
const YUM_CLEAN: (&str, &str) = (
    "FROM centos:7\nRUN yum install -y httpd-2.4.6\n",
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
);
const YUM_UNPINNED: (&str, &str) = (
    "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
);
const ZYPPER_NO_Y: (&str, &str) = (
    "FROM opensuse/leap:15.6\nRUN zypper install nginx=1.21.5 && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y nginx=1.21.5 && zypper clean\n",
);
const ZYPPER_DUP: (&str, &str) = (
    "FROM opensuse/leap:15.6\nRUN zypper dist-upgrade -y && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y nginx=1.21.5 && zypper clean\n",
);
const ZYPPER_CLEAN: (&str, &str) = (
    "FROM opensuse/leap:15.6\nRUN zypper install -y nginx=1.21.5\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y nginx=1.21.5 && zypper clean\n",
);
const ZYPPER_UNPINNED: (&str, &str) = (
    "FROM opensuse/leap:15.6\nRUN zypper install -y nginx && zypper clean\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y nginx=1.21.5 && zypper clean\n",
);
const DNF_NO_Y: (&str, &str) = (
    "FROM fedora:40\nRUN dnf install nginx-1.26.1 && dnf clean all\n",
    "FROM fedora:40\nRUN dnf install -y nginx-1.26.1 && dnf clean all\n",
);
const DNF_CLEAN: (&str, &str) = (
    "FROM fedora:40\nRUN dnf install -y nginx-1.26.1\n",
    "FROM fedora:40\nRUN dnf install -y nginx-1.26.1 && dnf clean all\n",
);
const DNF_UNPINNED: (&str, &str) = (
    "FROM fedora:40\nRUN dnf install -y nginx && dnf clean all\n",
    "FROM fedora:40\nRUN dnf install -y nginx-1.26.1 && dnf clean all\n",
);
const PIP_CACHE: (&str, &str) = (
    "FROM python:3.12-slim\nRUN pip install flask==3.0.3\n",
    "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
);
const MISSING_HEALTHCHECK: (&str, &str) = (
    "FROM nginx:1.27.0\nCOPY site/ /usr/share/nginx/html/\n",
    "FROM nginx:1.27.0\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n",
);
const MERGEABLE_RUN: (&str, &str) = (
    "FROM debian:12-slim\nRUN mkdir -p /app/data\nRUN chown -R 10001 /app/data\n",
    "FROM debian:12-slim\nRUN mkdir -p /app/data && chown -R 10001 /app/data\n",
);
const SECRET_NAME: (&str, &str) = (
    "FROM node:20-slim\nARG NPM_TOKEN\nENV DB_PASSWORD=changeme\nRUN npm ci\n",
    "FROM node:20-slim\nARG NODE_VERSION_LABEL\nENV NODE_ENV=production\nRUN npm ci\n",
);
const MAINTAINER: (&str, &str) = (
    "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
    "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"jane@example.com\"\n",
);
const WGET_CURL: (&str, &str) = (
    "FROM debian:12-slim\nRUN curl -fsSL https://example.com/a.sh -o /a.sh && wget -q https://example.com/b.sh -O /b.sh\n",
    "FROM debian:12-slim\nRUN curl -fsSL https://example.com/a.sh -o /a.sh && curl -fsSL https://example.com/b.sh -o /b.sh\n",
);
const LN_SH: (&str, &str) = (
    "FROM debian:12-slim\nRUN ln -sf /bin/bash /bin/sh\n",
    "FROM debian:12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo hello\n",
);
const PIPEFAIL: (&str, &str) = (
    "FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | bash\n",
    "FROM debian:12-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/install.sh | bash\n",
);
const SSH_PORT: (&str, &str) = (
    "FROM debian:12-slim\nEXPOSE 22\n",
    "FROM debian:12-slim\nEXPOSE 8080\n",
);
const UPDATE_ALONE: (&str, &str) = (
    "FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*\n",
);
const DIST_UPGRADE: (&str, &str) = (
    "FROM debian:12-slim\nRUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12-slim\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n",
);
const ADD_URL: (&str, &str) = (
    "FROM debian:12-slim\nADD https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz\n",
    "FROM debian:12-slim\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz\n",
);
const ANY_ADD: (&str, &str) = (
    "FROM debian:12-slim\nADD app.tar.gz /opt/\n",
    "FROM debian:12-slim\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n",
);
const TLS_CURL: (&str, &str) = (
    "FROM debian:12-slim\nRUN curl -k -fsSL https://example.com/tool -o /usr/local/bin/tool\n",
    "FROM debian:12-slim\nRUN curl -fsSL https://example.com/tool -o /usr/local/bin/tool\n",
);
const SIGNATURE_APK: (&str, &str) = (
    "FROM alpine:3.20\nCOPY pkgs/ /tmp/pkgs/\nRUN apk add --no-cache --allow-untrusted /tmp/pkgs/tool-1.0.apk\n",
    "FROM alpine:3.20\nCOPY pkgs/ /tmp/pkgs/\nRUN apk add --no-cache /tmp/pkgs/tool-1.0.apk\n",
);
const SIGNATURE_NOGPG: (&str, &str) = (
    "FROM fedora:40\nRUN dnf install -y --nogpgcheck nginx-1.26.1 && dnf clean all\n",
    "FROM fedora:40\nRUN dnf install -y nginx-1.26.1 && dnf clean all\n",
);
const SECRET_VALUE: (&str, &str) = (
    "FROM python:3.12-slim\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    "FROM python:3.12-slim\nENV AWS_REGION=eu-west-1\n",
);
const SECRET_FILE: (&str, &str) = (
    "FROM python:3.12-slim\nCOPY .aws/credentials /root/.aws/credentials\nCOPY app.py /app/app.py\n",
    "FROM python:3.12-slim\nCOPY app.py /app/app.py\n",
);
const DIGEST: (&str, &str) = (
    "FROM python:3.12-slim\nCOPY app.py /app/app.py\n",
    "FROM python:3.12-slim@sha256:2fba8e70a87bcc9f6edd20dda0a1d4adb32046d2f9b8dc8f23a2cd3e2d7a9c9b\nCOPY app.py /app/app.py\n",
);
const UNOFFICIAL: (&str, &str) = (
    "FROM someuser/python-base:3.12\nCOPY app.py /app/app.py\n",
    "FROM python:3.12-slim\nCOPY app.py /app/app.py\n",
);
const BUILD_TOOLS: (&str, &str) = (
    "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9 && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir psycopg2==2.9.9\nCMD [\"python\", \"app.py\"]\n",
    "FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9 && rm -rf /var/lib/apt/lists/*\nRUN pip wheel --wheel-dir /wheels psycopg2==2.9.9\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\nCMD [\"python\", \"app.py\"]\n",
);
const SETUID: (&str, &str) = (
    "FROM debian:12-slim\nCOPY tool /usr/local/bin/tool\nRUN chmod u+s /usr/local/bin/tool\n",
    "FROM debian:12-slim\nCOPY tool /usr/local/bin/tool\nRUN chmod 0755 /usr/local/bin/tool\n",
);
const CHPASSWD: (&str, &str) = (
    "FROM debian:12-slim\nRUN useradd app && echo 'app:secret' | chpasswd\n",
    "FROM debian:12-slim\nRUN useradd --no-log-init app\n",
);
const UNNEEDED_FILES: (&str, &str) = (
    "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    "FROM node:20-slim\nWORKDIR /app\nCOPY package.json server.js ./\nCMD [\"node\", \"server.js\"]\n",
);
const RESERVED_STAGE: (&str, &str) = (
    "FROM golang:1.22 AS context\nRUN go version\n",
    "FROM golang:1.22 AS build\nRUN go version\n",
);
const REDUNDANT_PLATFORM: (&str, &str) = (
    "FROM --platform=$TARGETPLATFORM debian:12-slim\nRUN echo hello\n",
    "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go version\nFROM debian:12-slim\nCOPY --from=build /usr/local/go/VERSION /VERSION\n",
);
const SHELL_CHANGE_CHSH: (&str, &str) = (
    "FROM debian:12-slim\nRUN chsh -s /bin/bash root\n",
    "FROM debian:12-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo hello\n",
);

macro_rules! same {
    ($id:literal, $pair:ident) => {
        ($id, $pair.0, $pair.1)
    };
}

/// One entry per covered peer id, in the order of the peer table.
// Kubernetes manifests: one Deployment, changed one field at a time from a
// hardened base that no PLK rule reports.
macro_rules! k8s {
    ($pod:expr, $container:expr) => {
        concat!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n",
            $pod,
            "      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: api\n          image: example/api:1.4.2\n          readinessProbe:\n            httpGet: {path: /, port: 8080}\n          resources:\n            limits: {cpu: \"1\", memory: 256Mi}\n          securityContext:\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n",
            $container
        )
    };
}

const K8S_CLEAN: &str = k8s!("", "");
const K8S_ROOT: (&str, &str) = (k8s!("", "            runAsUser: 0\n"), K8S_CLEAN);
const K8S_NON_ROOT_FALSE: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: false\n  containers:\n    - name: app\n      image: example/api:1.4.2\n",
    K8S_CLEAN,
);
const K8S_PRIVILEGED: (&str, &str) = (k8s!("", "            privileged: true\n"), K8S_CLEAN);
const K8S_ESCALATION: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n      securityContext:\n        allowPrivilegeEscalation: true\n",
    K8S_CLEAN,
);
const K8S_SYS_ADMIN: (&str, &str) = (k8s!("", "              add: [SYS_ADMIN]\n"), K8S_CLEAN);
const K8S_NET_RAW: (&str, &str) = (k8s!("", "              add: [NET_RAW]\n"), K8S_CLEAN);
const K8S_SYS_MODULE: (&str, &str) = (k8s!("", "              add: [SYS_MODULE]\n"), K8S_CLEAN);
const K8S_NO_DROP: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n",
    K8S_CLEAN,
);
const K8S_HOST_PID: (&str, &str) = (k8s!("      hostPID: true\n", ""), K8S_CLEAN);
const K8S_HOST_IPC: (&str, &str) = (k8s!("      hostIPC: true\n", ""), K8S_CLEAN);
const K8S_HOST_NETWORK: (&str, &str) = (k8s!("      hostNetwork: true\n", ""), K8S_CLEAN);
const K8S_HOST_PORT: (&str, &str) = (
    k8s!(
        "",
        "          ports:\n            - containerPort: 8080\n              hostPort: 8080\n"
    ),
    K8S_CLEAN,
);
const K8S_SECCOMP: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n",
    K8S_CLEAN,
);
const K8S_SECCOMP_UNCONFINED: (&str, &str) = (
    k8s!(
        "",
        "            seccompProfile:\n              type: Unconfined\n"
    ),
    K8S_CLEAN,
);
const K8S_APPARMOR_UNCONFINED: (&str, &str) = (
    k8s!(
        "",
        "            appArmorProfile:\n              type: Unconfined\n"
    ),
    K8S_CLEAN,
);
const K8S_LATEST: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:latest\n",
    K8S_CLEAN,
);
const K8S_NO_LIMITS: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n",
    K8S_CLEAN,
);
const K8S_CPU_LIMIT: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n      resources:\n        limits:\n          memory: 256Mi\n",
    K8S_CLEAN,
);
const K8S_HOST_PATH: (&str, &str) = (
    k8s!(
        "      volumes:\n        - name: logs\n          hostPath:\n            path: /var/log\n",
        "          volumeMounts:\n            - name: logs\n              mountPath: /logs\n"
    ),
    K8S_CLEAN,
);
const K8S_DOCKER_SOCK: (&str, &str) = (
    k8s!("      volumes:\n        - name: docker\n          hostPath:\n            path: /var/run/docker.sock\n", "          volumeMounts:\n            - name: docker\n              mountPath: /var/run/docker.sock\n"),
    K8S_CLEAN,
);
const K8S_ETC_MOUNT: (&str, &str) = (
    k8s!(
        "      volumes:\n        - name: etc\n          hostPath:\n            path: /etc\n",
        "          volumeMounts:\n            - name: etc\n              mountPath: /host/etc\n"
    ),
    K8S_CLEAN,
);
const K8S_NO_PROBES: (&str, &str) = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: example/api:1.4.2\n",
    K8S_CLEAN,
);
const K8S_WRITABLE: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n",
    K8S_CLEAN,
);
const K8S_TOKEN: (&str, &str) = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example/api:1.4.2\n",
    K8S_CLEAN,
);

static FIXTURES: &[Fixture] = &[
    // hadolint
    same!("DL3000", WORKDIR_RELATIVE),
    same!("DL3001", POINTLESS),
    same!("DL3002", LAST_USER_ROOT),
    same!("DL3003", CD_IN_RUN),
    same!("DL3004", SUDO),
    same!("DL3006", NO_TAG),
    same!("DL3007", LATEST),
    same!("DL3008", APT_UNPINNED),
    same!("DL3009", APT_LISTS),
    same!("DL3011", PORT_RANGE),
    same!("DL3012", TWO_HEALTHCHECKS),
    same!("DL3013", PIP_UNPINNED),
    same!("DL3014", APT_NO_Y),
    same!("DL3015", APT_RECOMMENDS),
    same!("DL3016", NPM_UNPINNED),
    same!("DL3018", APK_UNPINNED),
    same!("DL3019", APK_CACHE),
    same!("DL3020", ADD_LOCAL),
    same!("DL3021", COPY_MULTI_DEST),
    same!("DL3022", COPY_FROM_UNKNOWN),
    same!("DL3023", COPY_FROM_OWN),
    same!("DL3024", DUPLICATE_STAGE),
    same!("DL3025", SHELL_FORM),
    (
        "DL3026",
        "FROM ghcr.io/acme/base:1.4.2\nRUN echo hello\n",
        "FROM registry.example.com/acme/base:1.4.2\nRUN echo hello\n",
    ),
    same!("DL3027", APT),
    same!("DL3028", GEM_UNPINNED),
    same!("DL3029", FROM_PLATFORM),
    same!("DL3030", YUM_NO_Y),
    same!("DL3032", YUM_CLEAN),
    same!("DL3033", YUM_UNPINNED),
    same!("DL3034", ZYPPER_NO_Y),
    same!("DL3035", ZYPPER_DUP),
    same!("DL3036", ZYPPER_CLEAN),
    same!("DL3037", ZYPPER_UNPINNED),
    same!("DL3038", DNF_NO_Y),
    same!("DL3040", DNF_CLEAN),
    same!("DL3041", DNF_UNPINNED),
    same!("DL3042", PIP_CACHE),
    (
        "DL3044",
        "FROM debian:12-slim\nENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH\n",
        "FROM debian:12-slim\nENV APP_HOME=/opt/app\nENV PATH=$APP_HOME/bin:$PATH\n",
    ),
    (
        "DL3045",
        "FROM node:20-slim\nCOPY package.json .\nRUN npm ci\n",
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\n",
    ),
    (
        "DL3046",
        "FROM debian:12-slim\nRUN useradd -u 1000000 app\nUSER app\n",
        "FROM debian:12-slim\nRUN useradd -l -u 1000000 app\nUSER app\n",
    ),
    (
        "DL3047",
        "FROM debian:12-slim\nRUN wget https://example.com/tool.tar.gz -O /tmp/tool.tar.gz\n",
        "FROM debian:12-slim\nRUN wget --progress=dot:giga https://example.com/tool.tar.gz -O /tmp/tool.tar.gz\n",
    ),
    (
        "DL3048",
        "FROM alpine:3.20\nLABEL com.docker.thing=\"x\" \"my label\"=\"y\"\n",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"shop\" com.example.team=\"web\"\n",
    ),
    (
        "DL3049",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"shop\"\n",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/shop\"\n",
    ),
    (
        "DL3051",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"\"\n",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/shop\"\n",
    ),
    same!("DL3057", MISSING_HEALTHCHECK),
    same!("DL3059", MERGEABLE_RUN),
    (
        "DL3060",
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
    ),
    (
        "DL3062",
        "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n",
        "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.15.3\n",
    ),
    (
        "DL3063",
        "FROM golang:1.22 AS scratch\nRUN go version\n",
        "FROM golang:1.22 AS build\nRUN go version\n",
    ),
    same!("DL3064", SECRET_NAME),
    same!("DL3065", REDUNDANT_PLATFORM),
    (
        "DL3066",
        "FROM debian:12-slim\nRUN useradd --uid 10001 app\nUSER app\n",
        "FROM debian:12-slim\nRUN useradd --uid 10001 app\nUSER 10001\n",
    ),
    (
        "DL3067",
        "FROM debian:12-slim AS build\nRUN mkdir /out\nFROM debian:12-slim\nCOPY --from=build / /\n",
        "FROM debian:12-slim AS build\nRUN mkdir /out\nFROM debian:12-slim\nCOPY --from=build /out/ /opt/app/\n",
    ),
    (
        "DL3068",
        "FROM php:8.3-cli\nRUN pecl install redis && docker-php-ext-enable redis\n",
        "FROM php:8.3-cli\nRUN pecl install redis-6.1.0 && docker-php-ext-enable redis\n",
    ),
    (
        "DL3069",
        "FROM rust:1.80\nWORKDIR /src\nCOPY . .\nRUN cargo install --path .\n",
        "FROM rust:1.80\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo install --path .\n",
    ),
    (
        "DL3070",
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\n",
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /usr/local/bin/app .\n",
    ),
    (
        "DL3071",
        "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /src\nCOPY . .\nRUN mvn -B package\n",
        "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/root/.m2 mvn -B package\n",
    ),
    (
        "DL3072",
        "FROM eclipse-temurin:21-jdk\nWORKDIR /src\nCOPY . .\nRUN ./gradlew bootJar\n",
        "FROM eclipse-temurin:21-jdk\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/root/.gradle ./gradlew bootJar\n",
    ),
    (
        "DL3073",
        "FROM composer:2.7\nWORKDIR /app\nCOPY composer.json composer.lock ./\nRUN composer install --no-dev\n",
        "FROM composer:2.7\nWORKDIR /app\nCOPY composer.json composer.lock ./\nRUN composer install --no-dev && composer clear-cache\n",
    ),
    (
        "DL3074",
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY app.csproj .\nRUN dotnet restore\n",
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY app.csproj .\nRUN --mount=type=cache,target=/root/.nuget/packages dotnet restore\n",
    ),
    (
        "DL3075",
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml ./\nRUN pnpm install --frozen-lockfile\n",
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml ./\nRUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile\n",
    ),
    (
        "DL3076",
        "FROM elixir:1.17\nWORKDIR /app\nCOPY mix.exs mix.lock ./\nRUN mix deps.get --only prod\n",
        "FROM elixir:1.17\nWORKDIR /app\nCOPY mix.exs mix.lock ./\nRUN --mount=type=cache,target=/root/.hex mix deps.get --only prod\n",
    ),
    (
        "DL3077",
        "FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\n",
        "FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN --mount=type=cache,target=/usr/local/bundle/cache bundle install\n",
    ),
    same!("DL4000", MAINTAINER),
    same!("DL4001", WGET_CURL),
    same!("DL4003", TWO_CMDS),
    same!("DL4004", TWO_ENTRYPOINTS),
    same!("DL4005", LN_SH),
    same!("DL4006", PIPEFAIL),
    (
        "DL4007",
        "FROM node:20-slim\nWORKDIR /app\nCOPY './' .\n",
        "FROM node:20-slim\nWORKDIR /app\nCOPY package.json server.js ./\n",
    ),
    // Trivy
    (
        "DS-0001",
        "FROM redis\nCOPY redis.conf /usr/local/etc/redis/redis.conf\n",
        "FROM redis:7.2.5\nCOPY redis.conf /usr/local/etc/redis/redis.conf\n",
    ),
    (
        "DS-0002",
        "FROM python:3.12-slim\nRUN useradd app\nUSER app\nRUN pip --version\nUSER root\n",
        "FROM python:3.12-slim\nRUN useradd app\nUSER 10001\n",
    ),
    same!("DS-0004", SSH_PORT),
    (
        "DS-0005",
        "FROM python:3.12-slim\nADD requirements.txt /app/requirements.txt\n",
        "FROM python:3.12-slim\nCOPY requirements.txt /app/requirements.txt\n",
    ),
    same!("DS-0006", COPY_FROM_OWN),
    same!("DS-0007", TWO_ENTRYPOINTS),
    (
        "DS-0008",
        "FROM node:20-slim\nEXPOSE 65536\n",
        "FROM node:20-slim\nEXPOSE 65535\n",
    ),
    (
        "DS-0009",
        "FROM python:3.12-slim\nWORKDIR src/app\n",
        "FROM python:3.12-slim\nWORKDIR /src/app\n",
    ),
    (
        "DS-0010",
        "FROM debian:12-slim\nRUN sudo mkdir -p /opt/app\n",
        "FROM debian:12-slim\nRUN mkdir -p /opt/app\n",
    ),
    (
        "DS-0011",
        "FROM python:3.12-slim\nCOPY app.py config.py /srv/app\n",
        "FROM python:3.12-slim\nCOPY app.py config.py /srv/app/\n",
    ),
    same!("DS-0012", DUPLICATE_STAGE),
    (
        "DS-0013",
        "FROM node:20-slim\nCOPY . /app\nRUN cd /app && npm ci\n",
        "FROM node:20-slim\nCOPY . /app\nWORKDIR /app\nRUN npm ci\n",
    ),
    same!("DS-0014", WGET_CURL),
    same!("DS-0015", YUM_CLEAN),
    same!("DS-0016", TWO_CMDS),
    (
        "DS-0017",
        "FROM ubuntu:22.04\nRUN apt-get update\n",
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\n",
    ),
    same!("DS-0019", DNF_CLEAN),
    same!("DS-0020", ZYPPER_CLEAN),
    (
        "DS-0021",
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\n",
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\n",
    ),
    same!("DS-0022", MAINTAINER),
    same!("DS-0023", TWO_HEALTHCHECKS),
    same!("DS-0024", DIST_UPGRADE),
    same!("DS-0025", APK_CACHE),
    same!("DS-0026", MISSING_HEALTHCHECK),
    (
        "DS-0027",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y nginx-1.20.1\n",
        "FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y nginx-1.20.1 && microdnf clean all\n",
    ),
    same!("DS-0029", APT_RECOMMENDS),
    (
        "DS-0030",
        "FROM debian:12-slim\nWORKDIR /proc/app\n",
        "FROM debian:12-slim\nWORKDIR /opt/app\n",
    ),
    (
        "DS-0031",
        "FROM python:3.12-slim\nARG GITHUB_TOKEN\nRUN pip install --no-cache-dir flask==3.0.3\n",
        "FROM python:3.12-slim\nARG PYTHON_VERSION_TAG\nRUN pip install --no-cache-dir flask==3.0.3\n",
    ),
    (
        "DS-0032",
        "FROM alpine:3.20\nRUN wget -qO- https://example.com/releases.txt | head -n 1 > /version\n",
        "FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/releases.txt | head -n 1 > /version\n",
    ),
    // Checkov
    (
        "CKV_DOCKER_1",
        "FROM ubuntu:22.04\nEXPOSE 3000 22\n",
        "FROM ubuntu:22.04\nEXPOSE 3000\n",
    ),
    same!("CKV_DOCKER_2", MISSING_HEALTHCHECK),
    same!("CKV_DOCKER_3", NO_USER),
    same!("CKV_DOCKER_4", ANY_ADD),
    (
        "CKV_DOCKER_5",
        "FROM alpine:3.20\nRUN apk update\nRUN apk add --no-cache curl=8.9.0-r0\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\n",
    ),
    same!("CKV_DOCKER_6", MAINTAINER),
    (
        "CKV_DOCKER_7",
        "FROM python:latest\nCOPY app.py /app.py\n",
        "FROM python:3.12-slim\nCOPY app.py /app.py\n",
    ),
    (
        "CKV_DOCKER_8",
        "FROM node:20-slim\nUSER node\nRUN npm --version\nUSER root\nCMD [\"node\"]\n",
        "FROM node:20-slim\nUSER root\nRUN npm --version\nUSER node\nCMD [\"node\"]\n",
    ),
    same!("CKV_DOCKER_9", APT),
    (
        "CKV_DOCKER_10",
        "FROM golang:1.22\nWORKDIR go/src/app\n",
        "FROM golang:1.22\nWORKDIR /go/src/app\n",
    ),
    same!("CKV_DOCKER_11", DUPLICATE_STAGE),
    (
        "CKV2_DOCKER_1",
        "FROM ubuntu:22.04\nRUN sudo chown -R 1000 /opt\n",
        "FROM ubuntu:22.04\nRUN chown -R 1000 /opt\n",
    ),
    same!("CKV2_DOCKER_2", TLS_CURL),
    (
        "CKV2_DOCKER_3",
        "FROM debian:12-slim\nRUN wget --no-check-certificate https://example.com/tool -O /usr/local/bin/tool\n",
        "FROM debian:12-slim\nRUN wget https://example.com/tool -O /usr/local/bin/tool\n",
    ),
    (
        "CKV2_DOCKER_4",
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir --trusted-host pypi.example.com flask==3.0.3\n",
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    ),
    (
        "CKV2_DOCKER_5",
        "FROM python:3.12-slim\nENV PYTHONHTTPSVERIFY=0\n",
        "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\n",
    ),
    (
        "CKV2_DOCKER_6",
        "FROM node:20-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
        "FROM node:20-slim\nENV NODE_ENV=production\n",
    ),
    same!("CKV2_DOCKER_7", SIGNATURE_APK),
    (
        "CKV2_DOCKER_8",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends --allow-unauthenticated curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    ),
    (
        "CKV2_DOCKER_9",
        "FROM centos:7\nRUN yum install -y --nogpgcheck httpd-2.4.6 && yum clean all\n",
        "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    ),
    (
        "CKV2_DOCKER_10",
        "FROM fedora:40\nCOPY tool.rpm /tmp/tool.rpm\nRUN rpm -i --nosignature /tmp/tool.rpm\n",
        "FROM fedora:40\nCOPY tool.rpm /tmp/tool.rpm\nRUN rpm -i /tmp/tool.rpm\n",
    ),
    (
        "CKV2_DOCKER_11",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --force-yes --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    ),
    (
        "CKV2_DOCKER_12",
        "FROM node:20-slim\nENV NPM_CONFIG_STRICT_SSL=false\n",
        "FROM node:20-slim\nENV NPM_CONFIG_LOGLEVEL=warn\n",
    ),
    (
        "CKV2_DOCKER_13",
        "FROM node:20-slim\nRUN npm config set strict-ssl false\n",
        "FROM node:20-slim\nRUN npm config set fund false\n",
    ),
    (
        "CKV2_DOCKER_14",
        "FROM alpine/git:2.45.2\nENV GIT_SSL_NO_VERIFY=1\n",
        "FROM alpine/git:2.45.2\nENV GIT_TERMINAL_PROMPT=0\n",
    ),
    (
        "CKV2_DOCKER_15",
        "FROM fedora:40\nRUN dnf config-manager --save --setopt=sslverify=false\n",
        "FROM fedora:40\nRUN dnf config-manager --save --setopt=install_weak_deps=False\n",
    ),
    (
        "CKV2_DOCKER_16",
        "FROM python:3.12-slim\nENV PIP_TRUSTED_HOST=pypi.example.com\n",
        "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\n",
    ),
    same!("CKV2_DOCKER_17", CHPASSWD),
    (
        "CKV2_DOCKER_18",
        "FROM golang:1.22\nENV GOINSECURE=git.corp.example\nRUN go mod download\n",
        "FROM golang:1.22\nENV GOPRIVATE=git.corp.example\nRUN go mod download\n",
    ),
    // BuildKit
    (
        "StageNameCasing",
        "FROM golang:1.22 AS Build\nRUN go version\n",
        "FROM golang:1.22 AS build\nRUN go version\n",
    ),
    (
        "FromAsCasing",
        "FROM golang:1.22 as build\nRUN go version\n",
        "FROM golang:1.22 AS build\nRUN go version\n",
    ),
    (
        "NoEmptyContinuation",
        "FROM debian:12-slim\nRUN apt-get update && \\\n\n    apt-get install -y --no-install-recommends curl\n",
        "FROM debian:12-slim\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n",
    ),
    (
        "ConsistentInstructionCasing",
        "FROM alpine:3.20\nrun echo hello\n",
        "FROM alpine:3.20\nRUN echo hello\n",
    ),
    same!("DuplicateStageName", DUPLICATE_STAGE),
    same!("ReservedStageName", RESERVED_STAGE),
    same!("JSONArgsRecommended", SHELL_FORM),
    same!("MaintainerDeprecated", MAINTAINER),
    (
        "UndefinedArgInFrom",
        "FROM python:${PYTHON_VERSION}-slim\nRUN python --version\n",
        "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\nRUN python --version\n",
    ),
    (
        "WorkdirRelativePath",
        "FROM alpine:3.20\nWORKDIR app\n",
        "FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app\n",
    ),
    (
        "UndefinedVar",
        "FROM alpine:3.20 AS base\nCOPY $foo .\n",
        "FROM alpine:3.20 AS base\nARG foo=app.tar.gz\nCOPY $foo .\n",
    ),
    (
        "MultipleInstructionsDisallowed",
        "FROM alpine:3.20\nCMD [\"echo\", \"one\"]\nCMD [\"echo\", \"two\"]\n",
        "FROM alpine:3.20\nCMD [\"echo\", \"two\"]\n",
    ),
    (
        "LegacyKeyValueFormat",
        "FROM alpine:3.20\nENV APP_HOME /opt/app\n",
        "FROM alpine:3.20\nENV APP_HOME=/opt/app\n",
    ),
    same!("RedundantTargetPlatform", REDUNDANT_PLATFORM),
    (
        "SecretsUsedInArgOrEnv",
        "FROM alpine:3.20\nARG API_SECRET\n",
        "FROM alpine:3.20\nARG API_BASE_URL\n",
    ),
    (
        "InvalidDefaultArgInFrom",
        "ARG TAG\nFROM alpine:${TAG}\nRUN echo hello\n",
        "ARG TAG=3.20\nFROM alpine:${TAG}\nRUN echo hello\n",
    ),
    (
        "FromPlatformFlagConstDisallowed",
        "FROM --platform=linux/arm64 alpine:3.20\nRUN echo hello\n",
        "FROM --platform=$BUILDPLATFORM alpine:3.20 AS build\nRUN echo hello\n",
    ),
    (
        "InvalidDefinitionDescription",
        "# compile the binary\nFROM golang:1.22 AS build\nRUN go build -o /out/app .\n",
        "# build compiles the binary\nFROM golang:1.22 AS build\nRUN go build -o /out/app .\n",
    ),
    (
        "ExposeProtoCasing",
        "FROM alpine:3.20\nEXPOSE 53/UDP\n",
        "FROM alpine:3.20\nEXPOSE 53/udp\n",
    ),
    (
        "ExposeInvalidFormat",
        "FROM alpine:3.20\nEXPOSE 8080:80\n",
        "FROM alpine:3.20\nEXPOSE 80\n",
    ),
    // KICS
    same!("Last User Is 'root'", LAST_USER_ROOT),
    same!("Missing User Instruction", NO_USER),
    same!("Changing Default Shell Using RUN Command", SHELL_CHANGE_CHSH),
    same!("Image Version Using 'latest'", LATEST),
    same!("Not Using JSON In CMD And ENTRYPOINT Arguments", SHELL_FORM),
    same!("Run Using Sudo", SUDO),
    same!("Add Instead of Copy", ADD_LOCAL),
    same!("Apt Get Install Pin Version Not Defined", APT_UNPINNED),
    same!("Gem Install Without Version", GEM_UNPINNED),
    same!("Image Version Not Explicit", NO_TAG),
    same!("Missing Version Specification In dnf install", DNF_UNPINNED),
    (
        "Missing Zypper Non-interactive Switch",
        "FROM opensuse/leap:15.6\nRUN zypper install nginx=1.21.5 && zypper clean\n",
        "FROM opensuse/leap:15.6\nRUN zypper -n install nginx=1.21.5 && zypper clean\n",
    ),
    same!("NPM Install Command Without Pinned Version", NPM_UNPINNED),
    same!("Unpinned Package Version in Apk Add", APK_UNPINNED),
    same!("Unpinned Package Version in Pip Install", PIP_UNPINNED),
    same!("Yum install Without Version", YUM_UNPINNED),
    same!("Curl or Wget Instead of Add", ADD_URL),
    same!("Exposing Port 22 (SSH)", SSH_PORT),
    same!("MAINTAINER Instruction Being Used", MAINTAINER),
    same!("Missing Dnf Clean All", DNF_CLEAN),
    same!("Missing Zypper Clean", ZYPPER_CLEAN),
    same!("Multiple RUN, ADD, COPY, Instructions Listed", MERGEABLE_RUN),
    same!("Pip install Keeping Cached Packages", PIP_CACHE),
    same!("Yum Clean All Missing", YUM_CLEAN),
    same!("COPY '--from' References Current FROM Alias", COPY_FROM_OWN),
    same!("Copy With More Than Two Arguments Not Ending With Slash", COPY_MULTI_DEST),
    same!("Multiple CMD Instructions Listed", TWO_CMDS),
    same!("Multiple ENTRYPOINT Instructions Listed", TWO_ENTRYPOINTS),
    same!("RUN Instruction Using 'cd' Instead of WORKDIR", CD_IN_RUN),
    same!("Same Alias In Different Froms", DUPLICATE_STAGE),
    same!("Update Instruction Alone", UPDATE_ALONE),
    same!("WORKDIR Path Not Absolute", WORKDIR_RELATIVE),
    same!("Healthcheck Instruction Missing", MISSING_HEALTHCHECK),
    same!("Shell Running A Pipe Without Pipefail Flag", PIPEFAIL),
    same!("APT-GET Missing Flags To Avoid Manual Input", APT_NO_Y),
    same!("Missing Flag From Dnf Install", DNF_NO_Y),
    same!("Run Using 'wget' and 'curl'", WGET_CURL),
    same!("Run Using apt", APT),
    same!("Yum Install Allows Manual Input", YUM_NO_Y),
    same!("Zypper Install Without Version", ZYPPER_UNPINNED),
    same!("Using Platform Flag with FROM Command", FROM_PLATFORM),
    same!("UNIX Ports Out Of Range", PORT_RANGE),
    same!("Apk Add Using Local Cache Path", APK_CACHE),
    same!("Apt Get Install Lists Were Not Deleted", APT_LISTS),
    same!("APT-GET Not Avoiding Additional Packages", APT_RECOMMENDS),
    same!("Run Utilities And POSIX Commands", POINTLESS),
    same!("Passwords And Secrets", SECRET_VALUE),
    // Semgrep
    same!("dockerfile-source-not-pinned", DIGEST),
    same!("avoid-latest-version", LATEST),
    same!("avoid-platform-with-from", FROM_PLATFORM),
    same!("maintainer-is-deprecated", MAINTAINER),
    same!("missing-apk-no-cache", APK_CACHE),
    same!("missing-dnf-assume-yes-switch", DNF_NO_Y),
    same!("missing-dnf-clean-all", DNF_CLEAN),
    same!("missing-image-version", NO_TAG),
    same!("missing-no-install-recommends", APT_RECOMMENDS),
    same!("missing-pip-no-cache-dir", PIP_CACHE),
    same!("missing-yum-assume-yes-switch", YUM_NO_Y),
    same!("missing-zypper-clean", ZYPPER_CLEAN),
    same!("nonsensical-command", POINTLESS),
    same!("prefer-apt-get", APT),
    same!("prefer-copy-over-add", ADD_URL),
    same!("prefer-json-notation", SHELL_FORM),
    same!("remove-package-lists", APT_LISTS),
    same!("set-pipefail", PIPEFAIL),
    same!("use-either-wget-or-curl", WGET_CURL),
    same!("use-shell-instruction", LN_SH),
    same!("use-workdir", CD_IN_RUN),
    same!("invalid-port", PORT_RANGE),
    same!("missing-assume-yes-switch", APT_NO_Y),
    same!("multiple-entrypoint-instructions", TWO_ENTRYPOINTS),
    (
        "dockerfile-dockerd-socket-mount",
        "FROM docker:26-cli\nVOLUME /var/run/docker.sock\n",
        "FROM docker:26-cli\nVOLUME /var/lib/app\n",
    ),
    same!("last-user-is-root", LAST_USER_ROOT),
    (
        "missing-user-entrypoint",
        "FROM alpine:3.20\nCOPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]\n",
        "FROM alpine:3.20\nCOPY run.sh /run.sh\nUSER 10001\nENTRYPOINT [\"/run.sh\"]\n",
    ),
    same!("missing-user", NO_USER),
    same!("no-sudo-in-dockerfile", SUDO),
    (
        "run-security-insecure",
        "FROM debian:12-slim\nRUN --security=insecure mount -t tmpfs none /srv/scratch && make\n",
        "FROM debian:12-slim\nRUN --mount=type=tmpfs,target=/srv/scratch make\n",
    ),
    (
        "dockerfile-pip-extra-index-url",
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir --extra-index-url https://pypi.corp.example/simple ledger==1.2.0\n",
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir --index-url https://pypi.corp.example/simple ledger==1.2.0\n",
    ),
    (
        "secret-in-build-arg",
        "FROM node:20-slim\nARG NPM_AUTH_TOKEN\nRUN npm ci\n",
        "FROM node:20-slim\nARG NODE_OPTIONS\nRUN npm ci\n",
    ),
    same!("missing-yum-clean-all", YUM_CLEAN),
    same!("use-absolute-workdir", WORKDIR_RELATIVE),
    same!("alias-must-be-unique", DUPLICATE_STAGE),
    same!("copy-from-own-alias", COPY_FROM_OWN),
    same!("multiple-cmd-instructions", TWO_CMDS),
    same!("missing-zypper-no-confirm-switch", ZYPPER_NO_Y),
    // dockle
    same!("CIS-DI-0001", NO_USER),
    same!("CIS-DI-0002", UNOFFICIAL),
    same!("CIS-DI-0003", BUILD_TOOLS),
    same!("CIS-DI-0005", DIGEST),
    same!("CIS-DI-0006", MISSING_HEALTHCHECK),
    same!("CIS-DI-0007", UPDATE_ALONE),
    same!("CIS-DI-0008", SETUID),
    same!("CIS-DI-0009", ANY_ADD),
    same!("CIS-DI-0010", SECRET_VALUE),
    same!("CIS-DI-0011", SIGNATURE_NOGPG),
    same!("DKL-DI-0001", SUDO),
    (
        "DKL-DI-0002",
        "FROM debian:12-slim\nVOLUME /proc\n",
        "FROM debian:12-slim\nVOLUME /var/lib/data\n",
    ),
    same!("DKL-DI-0003", DIST_UPGRADE),
    same!("DKL-DI-0004", APK_CACHE),
    same!("DKL-DI-0005", APT_LISTS),
    same!("DKL-DI-0006", LATEST),
    (
        "DKL-LI-0001",
        "FROM debian:12-slim\nRUN useradd app && passwd -d app\n",
        "FROM debian:12-slim\nRUN useradd --no-log-init app\n",
    ),
    same!("DKL-LI-0003", UNNEEDED_FILES),
    // CIS Docker Benchmark, section 4
    same!("4.1", LAST_USER_ROOT),
    same!("4.2", UNOFFICIAL),
    same!("4.3", BUILD_TOOLS),
    same!("4.5", DIGEST),
    same!("4.6", MISSING_HEALTHCHECK),
    same!("4.7", UPDATE_ALONE),
    same!("4.8", SETUID),
    same!("4.9", ADD_LOCAL),
    same!("4.10", SECRET_FILE),
    same!("4.11", SIGNATURE_APK),
    // Kubernetes (PLK rules)
    ("CKV_K8S_8", K8S_NO_PROBES.0, K8S_NO_PROBES.1),
    ("CKV_K8S_9", K8S_NO_PROBES.0, K8S_NO_PROBES.1),
    ("CKV_K8S_11", K8S_CPU_LIMIT.0, K8S_CPU_LIMIT.1),
    ("CKV_K8S_13", K8S_NO_LIMITS.0, K8S_NO_LIMITS.1),
    ("CKV_K8S_14", K8S_LATEST.0, K8S_LATEST.1),
    ("CKV_K8S_16", K8S_PRIVILEGED.0, K8S_PRIVILEGED.1),
    ("CKV_K8S_17", K8S_HOST_PID.0, K8S_HOST_PID.1),
    ("CKV_K8S_18", K8S_HOST_IPC.0, K8S_HOST_IPC.1),
    ("CKV_K8S_19", K8S_HOST_NETWORK.0, K8S_HOST_NETWORK.1),
    ("CKV_K8S_20", K8S_ESCALATION.0, K8S_ESCALATION.1),
    ("CKV_K8S_22", K8S_WRITABLE.0, K8S_WRITABLE.1),
    ("CKV_K8S_23", K8S_ROOT.0, K8S_ROOT.1),
    ("CKV_K8S_25", K8S_SYS_ADMIN.0, K8S_SYS_ADMIN.1),
    ("CKV_K8S_26", K8S_HOST_PORT.0, K8S_HOST_PORT.1),
    ("CKV_K8S_27", K8S_DOCKER_SOCK.0, K8S_DOCKER_SOCK.1),
    ("CKV_K8S_28", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("CKV_K8S_31", K8S_SECCOMP.0, K8S_SECCOMP.1),
    ("CKV_K8S_37", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("CKV_K8S_38", K8S_TOKEN.0, K8S_TOKEN.1),
    ("CKV_K8S_39", K8S_SYS_ADMIN.0, K8S_SYS_ADMIN.1),
    ("KSV-0001", K8S_ESCALATION.0, K8S_ESCALATION.1),
    ("KSV-0002", K8S_APPARMOR_UNCONFINED.0, K8S_APPARMOR_UNCONFINED.1),
    ("KSV-0003", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("KSV-0004", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("KSV-0005", K8S_SYS_ADMIN.0, K8S_SYS_ADMIN.1),
    ("KSV-0006", K8S_DOCKER_SOCK.0, K8S_DOCKER_SOCK.1),
    ("KSV-0008", K8S_HOST_IPC.0, K8S_HOST_IPC.1),
    ("KSV-0009", K8S_HOST_NETWORK.0, K8S_HOST_NETWORK.1),
    ("KSV-0010", K8S_HOST_PID.0, K8S_HOST_PID.1),
    ("KSV-0011", K8S_CPU_LIMIT.0, K8S_CPU_LIMIT.1),
    ("KSV-0012", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("KSV-0013", K8S_LATEST.0, K8S_LATEST.1),
    ("KSV-0014", K8S_WRITABLE.0, K8S_WRITABLE.1),
    ("KSV-0017", K8S_PRIVILEGED.0, K8S_PRIVILEGED.1),
    ("KSV-0018", K8S_NO_LIMITS.0, K8S_NO_LIMITS.1),
    ("KSV-0022", K8S_NET_RAW.0, K8S_NET_RAW.1),
    ("KSV-0023", K8S_HOST_PATH.0, K8S_HOST_PATH.1),
    ("KSV-0024", K8S_HOST_PORT.0, K8S_HOST_PORT.1),
    ("KSV-0030", K8S_SECCOMP.0, K8S_SECCOMP.1),
    ("KSV-0036", K8S_TOKEN.0, K8S_TOKEN.1),
    ("KSV-0104", K8S_SECCOMP_UNCONFINED.0, K8S_SECCOMP_UNCONFINED.1),
    ("KSV-0105", K8S_ROOT.0, K8S_ROOT.1),
    ("KSV-0119", K8S_NET_RAW.0, K8S_NET_RAW.1),
    ("KSV-0120", K8S_SYS_MODULE.0, K8S_SYS_MODULE.1),
    ("run-as-non-root", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("privilege-escalation-container", K8S_ESCALATION.0, K8S_ESCALATION.1),
    ("privileged-container", K8S_PRIVILEGED.0, K8S_PRIVILEGED.1),
    ("drop-net-raw-capability", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("host-pid", K8S_HOST_PID.0, K8S_HOST_PID.1),
    ("host-ipc", K8S_HOST_IPC.0, K8S_HOST_IPC.1),
    ("host-network", K8S_HOST_NETWORK.0, K8S_HOST_NETWORK.1),
    ("docker-sock", K8S_DOCKER_SOCK.0, K8S_DOCKER_SOCK.1),
    ("sensitive-host-mounts", K8S_ETC_MOUNT.0, K8S_ETC_MOUNT.1),
    ("writable-host-mount", K8S_HOST_PATH.0, K8S_HOST_PATH.1),
    ("latest-tag", K8S_LATEST.0, K8S_LATEST.1),
    ("no-read-only-root-fs", K8S_WRITABLE.0, K8S_WRITABLE.1),
    ("unset-cpu-requirements", K8S_CPU_LIMIT.0, K8S_CPU_LIMIT.1),
    ("unset-memory-requirements", K8S_NO_LIMITS.0, K8S_NO_LIMITS.1),
    ("no-liveness-probe", K8S_NO_PROBES.0, K8S_NO_PROBES.1),
    ("no-readiness-probe", K8S_NO_PROBES.0, K8S_NO_PROBES.1),
    ("runAsRootAllowed", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("privilegeEscalationAllowed", K8S_ESCALATION.0, K8S_ESCALATION.1),
    ("runAsPrivileged", K8S_PRIVILEGED.0, K8S_PRIVILEGED.1),
    ("dangerousCapabilities", K8S_SYS_ADMIN.0, K8S_SYS_ADMIN.1),
    ("insecureCapabilities", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("hostPIDSet", K8S_HOST_PID.0, K8S_HOST_PID.1),
    ("hostIPCSet", K8S_HOST_IPC.0, K8S_HOST_IPC.1),
    ("hostNetworkSet", K8S_HOST_NETWORK.0, K8S_HOST_NETWORK.1),
    ("hostPortSet", K8S_HOST_PORT.0, K8S_HOST_PORT.1),
    ("hostPathSet", K8S_HOST_PATH.0, K8S_HOST_PATH.1),
    ("linuxHardening", K8S_SECCOMP.0, K8S_SECCOMP.1),
    ("tagNotSpecified", K8S_LATEST.0, K8S_LATEST.1),
    ("notReadOnlyRootFilesystem", K8S_WRITABLE.0, K8S_WRITABLE.1),
    ("cpuLimitsMissing", K8S_CPU_LIMIT.0, K8S_CPU_LIMIT.1),
    ("memoryLimitsMissing", K8S_NO_LIMITS.0, K8S_NO_LIMITS.1),
    ("livenessProbeMissing", K8S_NO_PROBES.0, K8S_NO_PROBES.1),
    ("readinessProbeMissing", K8S_NO_PROBES.0, K8S_NO_PROBES.1),
    ("automountServiceAccountToken", K8S_TOKEN.0, K8S_TOKEN.1),
    ("allow-privilege-escalation", K8S_ESCALATION.0, K8S_ESCALATION.1),
    ("allow-privilege-escalation-no-securitycontext", K8S_NO_DROP.0, K8S_NO_DROP.1),
    ("allow-privilege-escalation-true", K8S_ESCALATION.0, K8S_ESCALATION.1),
    ("hostnetwork-pod", K8S_HOST_NETWORK.0, K8S_HOST_NETWORK.1),
    ("hostpid-pod", K8S_HOST_PID.0, K8S_HOST_PID.1),
    ("hostipc-pod", K8S_HOST_IPC.0, K8S_HOST_IPC.1),
    ("exposing-docker-socket-hostpath", K8S_DOCKER_SOCK.0, K8S_DOCKER_SOCK.1),
    ("run-as-non-root-unsafe-value", K8S_NON_ROOT_FALSE.0, K8S_NON_ROOT_FALSE.1),
    ("writable-filesystem-container", K8S_WRITABLE.0, K8S_WRITABLE.1),
    // Compose (KICS, Semgrep, CIS section 5): Compose files of our own.
    ("Privileged Containers Enabled", COMPOSE_PRIVILEGED.0, COMPOSE_PRIVILEGED.1),
    ("privileged-service", COMPOSE_PRIVILEGED.0, COMPOSE_PRIVILEGED.1),
    ("5.4", COMPOSE_PRIVILEGED.0, COMPOSE_PRIVILEGED.1),
    ("Container Capabilities Unrestricted", COMPOSE_CAPABILITIES.0, COMPOSE_CAPABILITIES.1),
    ("5.3", COMPOSE_CAPABILITIES.0, COMPOSE_CAPABILITIES.1),
    ("Docker Socket Mounted In Container", COMPOSE_SOCKET.0, COMPOSE_SOCKET.1),
    ("exposing-docker-socket-volume", COMPOSE_SOCKET.0, COMPOSE_SOCKET.1),
    ("5.31", COMPOSE_SOCKET.0, COMPOSE_SOCKET.1),
    (
        "Volume Has Sensitive Host Directory",
        "services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - /:/host:ro\n",
        "services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - /srv/agent:/data:ro\n",
    ),
    (
        "5.5",
        "services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - type: bind\n        source: /\n        target: /host\n",
        "services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - agent-data:/data\n",
    ),
    ("Host Namespace is Shared", COMPOSE_PID.0, COMPOSE_PID.1),
    ("5.15", COMPOSE_PID.0, COMPOSE_PID.1),
    ("Shared Host IPC Namespace", COMPOSE_IPC.0, COMPOSE_IPC.1),
    ("5.16", COMPOSE_IPC.0, COMPOSE_IPC.1),
    ("Shared Host Network Namespace", COMPOSE_NETWORK.0, COMPOSE_NETWORK.1),
    ("5.9", COMPOSE_NETWORK.0, COMPOSE_NETWORK.1),
    ("Shared Host User Namespace", COMPOSE_USERNS.0, COMPOSE_USERNS.1),
    ("5.30", COMPOSE_USERNS.0, COMPOSE_USERNS.1),
    (
        "5.20",
        "services:\n  app:\n    image: example/app:1\n    uts: host\n",
        "services:\n  app:\n    image: example/app:1\n    hostname: app\n",
    ),
    ("No New Privileges Not Set", COMPOSE_NO_NEW_PRIVILEGES.0, COMPOSE_NO_NEW_PRIVILEGES.1),
    ("no-new-privileges", COMPOSE_NO_NEW_PRIVILEGES.0, COMPOSE_NO_NEW_PRIVILEGES.1),
    ("5.25", COMPOSE_NO_NEW_PRIVILEGES.0, COMPOSE_NO_NEW_PRIVILEGES.1),
    (
        "Security Opt Not Set",
        "services:\n  app:\n    image: example/app:1\n",
        "services:\n  app:\n    image: example/app:1\n    security_opt: [no-new-privileges]\n",
    ),
    ("Default Seccomp Profile Disabled", COMPOSE_SECCOMP.0, COMPOSE_SECCOMP.1),
    ("seccomp-confinement-disabled", COMPOSE_SECCOMP.0, COMPOSE_SECCOMP.1),
    ("5.21", COMPOSE_SECCOMP.0, COMPOSE_SECCOMP.1),
    ("selinux-separation-disabled", COMPOSE_SELINUX.0, COMPOSE_SELINUX.1),
    ("5.2", COMPOSE_SELINUX.0, COMPOSE_SELINUX.1),
    (
        "5.1",
        "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - apparmor=unconfined\n",
        "services:\n  app:\n    image: example/app:1\n    security_opt:\n      - apparmor=docker-default\n",
    ),
    ("Memory Not Limited", COMPOSE_MEMORY.0, COMPOSE_MEMORY.1),
    ("5.10", COMPOSE_MEMORY.0, COMPOSE_MEMORY.1),
    ("Container Traffic Not Bound To Host Interface", COMPOSE_PORT.0, COMPOSE_PORT.1),
    ("5.13", COMPOSE_PORT.0, COMPOSE_PORT.1),
    (
        "service-runs-as-root",
        "services:\n  app:\n    image: example/app:1\n    user: root\n",
        "services:\n  app:\n    image: example/app:1\n    user: \"10001:10001\"\n",
    ),
    ("writable-filesystem-service", COMPOSE_READ_ONLY.0, COMPOSE_READ_ONLY.1),
    ("5.12", COMPOSE_READ_ONLY.0, COMPOSE_READ_ONLY.1),
    (
        "5.17",
        "services:\n  vm:\n    image: example/vm:1\n    devices:\n      - /dev/kvm:/dev/kvm\n",
        "services:\n  vm:\n    image: example/vm:1\n",
    ),
    (
        "5.26",
        "services:\n  api:\n    image: example/api:1\n    healthcheck:\n      test: [\"NONE\"]\n",
        "services:\n  api:\n    image: example/api:1\n    healthcheck:\n      test: [\"CMD\", \"/app/healthcheck\"]\n",
    ),
    (
        "5.6",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server=1:9.2p1-2 && rm -rf /var/lib/apt/lists/*\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n",
    ),
];

/// Entries whose firing Dockerfile shows a case the peer reports and the
/// mapped rule misses. Each carries a `// KNOWN GAP:` comment.
/// An id may appear here and in `FIXTURES` at once: the fixture there shows
/// a case the rule reports, the gap here one it misses.
static KNOWN_GAPS: &[Fixture] = &[
    // KNOWN GAP: PL916 undefined-variable does not report an upper-case name
    // that no ARG or ENV defines (`$APP_NAME` on alpine), because the base
    // image's ENV might define it and a static check cannot see that ENV
    // (a trade-off its docs state). BuildKit reads the base image's config
    // and reports it.
    (
        "UndefinedVar",
        "FROM alpine:3.20\nCOPY app /opt/$APP_NAME/\n",
        "FROM alpine:3.20\nARG APP_NAME=shop\nCOPY app /opt/$APP_NAME/\n",
    ),
    // KNOWN GAP: PL308 language-packages-unpinned does not report `go install`
    // without `@version`, hadolint's headline DL3062 case; by design (its
    // docs: module-aware Go then builds the version go.mod requires, and
    // refuses to run outside a module).
    (
        "DL3062",
        "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls\n",
        "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.15.3\n",
    ),
    // KNOWN GAP: PL920 cd-in-run leaves `cd` into a temporary directory alone
    // (by design: WORKDIR /tmp would keep the directory in a layer); hadolint
    // DL3003 reports every `cd`.
    (
        "DL3003",
        "FROM alpine:3.20\nRUN cd /tmp && wget -q https://example.com/tool.tar.gz && tar -xzf tool.tar.gz\n",
        "FROM alpine:3.20\nWORKDIR /tmp\nRUN wget -q https://example.com/tool.tar.gz && tar -xzf tool.tar.gz\n",
    ),
    // KNOWN GAP: PL401 secret-in-arg-or-env leaves names that point at a
    // secret (`PASSWORD_FILE`, `*_PATH`) alone, by design; BuildKit's
    // SecretsUsedInArgOrEnv matches the word `password` and reports it.
    (
        "SecretsUsedInArgOrEnv",
        "FROM postgres:16\nARG POSTGRES_PASSWORD_FILE\n",
        "FROM postgres:16\nARG POSTGRES_DB\n",
    ),
];

/// The covered peer ids, computed as `core/tests/coverage.rs` and
/// COVERAGE.md do: a peer id whose [`PeerRule::rules`] is not empty.
fn covered() -> Vec<&'static PeerRule> {
    PEER_RULES
        .iter()
        .filter(|peer| !peer.rules().is_empty())
        .collect()
}

fn peer(id: &str) -> &'static PeerRule {
    let matches: Vec<&PeerRule> = covered().into_iter().filter(|peer| peer.id == id).collect();
    assert_eq!(
        matches.len(),
        1,
        "fixture id {id:?} must name exactly one covered peer id, found {}",
        matches.len()
    );
    matches[0]
}

/// Only the rules that cover the id run, so rules that are off by default
/// (PL929) run too; PL203 and PL928 get the policy they need.
fn settings(rules: &[&'static Rule]) -> Settings {
    let codes: Vec<&str> = rules.iter().map(|rule| rule.code).collect();
    let mut settings = peers::only(rules);
    if codes.contains(&"PL203") {
        settings.trusted_registries = vec!["docker.io".into(), "registry.example.com".into()];
    }
    if codes.contains(&"PL928") {
        settings.required_labels = vec!["org.opencontainers.image.source".into()];
    }
    settings
}

fn codes(rules: &[&'static Rule]) -> String {
    rules
        .iter()
        .map(|rule| format!("{} {}", rule.code, rule.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn errors(report: &Report) -> Vec<String> {
    report
        .errors
        .iter()
        .map(|error| error.message.clone())
        .collect()
}

/// A fixture's report: a Dockerfile checked alone, or a Compose file (a
/// fixture starting with `services:`) or Kubernetes manifest (starting with
/// `apiVersion:`) checked as a project of that one file.
fn check_fixture(fixture: &str, settings: &Settings) -> Report {
    let (name, kind) = if fixture.starts_with("services:") {
        ("compose.yaml", FileKind::Compose)
    } else if fixture.starts_with("apiVersion:") {
        ("manifest.yaml", FileKind::Kubernetes)
    } else {
        return check(fixture, settings);
    };
    let project = Project {
        files: vec![(name.to_string(), fixture.to_string())],
        paths: None,
        name: None,
    };
    let file = project.check(settings).remove(0);
    assert_eq!(file.kind, kind);
    file.into_report(Lang::En)
}

/// What is wrong with one entry; empty when it behaves.
fn judge(id: &str, firing: &str, clean: &str) -> Vec<String> {
    let peer = peer(id);
    let rules = peer.rules();
    let settings = settings(&rules);
    let mut problems = Vec::new();
    let fired = check_fixture(firing, &settings);
    if !fired.errors.is_empty() {
        problems.push(format!(
            "{} {id}: the firing fixture does not parse: {:?}",
            peer.tool.name(),
            errors(&fired)
        ));
    }
    if hits(&fired, &rules, peer.tool).is_empty() {
        problems.push(format!(
            "{} {id}: the firing fixture raises no finding of {}:\n{firing}",
            peer.tool.name(),
            codes(&rules)
        ));
    }
    let clean_report = check_fixture(clean, &settings);
    if !clean_report.errors.is_empty() {
        problems.push(format!(
            "{} {id}: the clean fixture does not parse: {:?}",
            peer.tool.name(),
            errors(&clean_report)
        ));
    }
    let stray = hits(&clean_report, &rules, peer.tool);
    if !stray.is_empty() {
        problems.push(format!(
            "{} {id}: the clean fixture raises {stray:?}:\n{clean}",
            peer.tool.name()
        ));
    }
    problems
}

#[test]
fn every_covered_peer_id_has_a_fixture_and_no_other() {
    let mut twice = Vec::new();
    for list in [FIXTURES, KNOWN_GAPS] {
        let mut seen = BTreeSet::new();
        for (id, _, _) in list {
            if !seen.insert(*id) {
                twice.push(*id);
            }
        }
    }
    // Only a fixture that fires shows coverage; a known gap shows a miss.
    let fixtures: BTreeSet<&str> = FIXTURES.iter().map(|(id, _, _)| *id).collect();
    let covered_ids: BTreeSet<&str> = covered().iter().map(|peer| peer.id).collect();
    let missing: Vec<String> = covered()
        .iter()
        .filter(|peer| !fixtures.contains(peer.id))
        .map(|peer| format!("{} {} ({})", peer.tool.name(), peer.id, peer.what))
        .collect();
    let stale: Vec<&str> = FIXTURES
        .iter()
        .chain(KNOWN_GAPS)
        .map(|(id, _, _)| *id)
        .filter(|id| !covered_ids.contains(id))
        .collect();
    assert!(
        twice.is_empty() && missing.is_empty() && stale.is_empty(),
        "peer fixtures out of step with core/src/coverage.rs and the rules' aliases:\n\
         listed twice: {twice:?}\n\
         covered ids without a fixture: {missing:#?}\n\
         fixtures for ids no rule covers: {stale:?}"
    );
}

#[test]
fn firing_fixtures_fire_and_clean_fixtures_stay_clean() {
    let mut problems = Vec::new();
    let mut per_tool: BTreeMap<usize, usize> = BTreeMap::new();
    for (id, firing, clean) in FIXTURES {
        problems.extend(judge(id, firing, clean));
        let tool = peer(id).tool;
        let index = TOOLS.iter().position(|t| *t == tool).unwrap();
        *per_tool.entry(index).or_insert(0) += 1;
    }
    println!("peer ids checked with a firing and a clean fixture:");
    for (index, count) in &per_tool {
        println!("  {:<22} {count}", TOOLS[*index].name());
    }
    println!("  {:<22} {}", "all", FIXTURES.len());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn known_gaps_are_still_gaps() {
    let mut closed = Vec::new();
    for (id, firing, clean) in KNOWN_GAPS {
        let peer = peer(id);
        let problems = judge(id, firing, clean);
        if problems.is_empty() {
            closed.push(format!(
                "{} {id} ({})",
                peer.tool.name(),
                codes(&peer.rules())
            ));
        } else {
            println!(
                "KNOWN GAP {} {id} ({}):",
                peer.tool.name(),
                codes(&peer.rules())
            );
            for problem in problems {
                println!("  {problem}");
            }
        }
    }
    assert!(
        closed.is_empty(),
        "known gaps that now behave (move them to FIXTURES, or drop them when FIXTURES has the case): {closed:#?}"
    );
}
