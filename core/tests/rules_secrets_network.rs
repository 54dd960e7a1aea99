//! True and false positives of the secrets (PL4xx) and network (PL5xx) rules.

mod support;

use plimsoll_core::report::Severity;
use plimsoll_core::{check, Settings};
use support::{findings, fixed, message, messages, place_messages, rated, spans as hits};

fn assert_hits(code: &str, source: &str, expected: &[&str]) {
    let report = check(source, &Settings::default());
    assert!(report.errors.is_empty(), "{source}\n{:?}", report.errors);
    assert_eq!(hits(source, code), expected, "{code} on:\n{source}");
}

fn assert_none(code: &str, source: &str) {
    assert_hits(code, source, &[]);
}

// ----- PL401 secret-in-arg-or-env -----

#[test]
fn pl401_seed_examples() {
    let source = "FROM node:20-alpine\nENV API_KEY=sk-xxxxx\nENV DATABASE_PASSWORD=secret123\nARG SECRET_KEY\nENV SECRET_KEY=${SECRET_KEY}\n";
    assert_hits(
        "PL401",
        source,
        &["API_KEY", "DATABASE_PASSWORD", "SECRET_KEY", "SECRET_KEY"],
    );
    // `sk-xxxxx` is the seed's placeholder, not a key; `secret123` is a real password.
    assert_hits("PL402", source, &["secret123"]);
}

#[test]
fn pl401_names() {
    assert_hits(
        "PL401",
        "FROM alpine\nARG apiKey\nARG GITHUB_TOKEN=\nARG AWS_ACCESS_KEY_ID\nENV PGPASSWORD=x$Y\n",
        &["apiKey", "GITHUB_TOKEN", "AWS_ACCESS_KEY_ID", "PGPASSWORD"],
    );
    assert_none(
        "PL401",
        "FROM python:3.12\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\nENV GPG_KEYS=1 PASSWORD_FILE=/run/secrets/db\nARG NEXT_PUBLIC_API_KEY\nENV API_KEY=\"\"\nENV SSL_KEY=/etc/ssl/private/key.pem\nENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1 NODE_VERSION=20 AUTH_URL=https://x\n",
    );
}

#[test]
fn pl401_a_key_fingerprint_names_a_public_key() {
    // Written here, or taken from the ARG that holds it.
    assert_none(
        "PL401",
        "FROM debian:bookworm-slim\nENV GPG_COUCH_KEY \\\n# the signing key\n    390EF70BB1EA12B2773962950EE62FB37A00258D\nARG SWIFT_SIGNING_KEY=A62AE125BBBFBB96A6E042EC925CC1CCED3D1561\nENV SWIFT_SIGNING_KEY=$SWIFT_SIGNING_KEY\nARG RELEASE_KEY=\"B42F 6819 007F 00F8\"\n",
    );
    // A name that says secret or token, or that is no signing key's, keeps
    // its finding whatever the value.
    assert_hits(
        "PL401",
        "FROM alpine\nARG API_SECRET_KEY=63AF7AA15067C05616FDDD88A3A2E8F226F0BC06\nARG API_KEY=63AF7AA15067C05616FDDD88A3A2E8F226F0BC06\nARG SIGNING_KEY=not-a-fingerprint\nARG DEPLOY_KEY\nENV DEPLOY_KEY=$DEPLOY_KEY\n",
        &["API_SECRET_KEY", "API_KEY", "SIGNING_KEY", "DEPLOY_KEY", "DEPLOY_KEY"],
    );
}

#[test]
fn pl401_an_env_marked_to_be_given_at_run_time_holds_nothing() {
    assert_none(
        "PL401",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV sa_password=\"_\" \\\n    ACCEPT_EULA=\"_\"\nENV DB_PASSWORD=- API_TOKEN='***'\n",
    );
    // A build argument still expects a value; a key placeholder still marks where a key goes.
    assert_hits(
        "PL401",
        "FROM alpine\nARG DB_PASSWORD=_\nENV API_KEY=sk-xxxxx\nENV DB_PASS=_x\n",
        &["DB_PASSWORD", "API_KEY", "DB_PASS"],
    );
}

#[test]
fn pl401_builder_stage_is_named_in_the_message() {
    let source = "FROM golang:1.22 AS build\nARG GITHUB_TOKEN\nRUN go build ./...\nFROM scratch\nCOPY --from=build /app /app\n";
    let found = findings(source, "PL401");
    assert_eq!(found.len(), 1);
    assert!(found[0]
        .message
        .en
        .contains("in builder stage `build`, which the final image is not built on (only files copied from it reach the image); its value still sits in the build cache and history of that stage"));
}

// ----- PL402 hardcoded-secret-value -----

#[test]
fn pl402_token_formats_are_masked() {
    let token = "ghp_1234567890abcdefghijKLMNOPQRSTUVwxyz";
    let source = format!("FROM alpine\nRUN git clone https://{token}@github.com/a/b.git\n");
    let found = findings(&source, "PL402");
    assert_eq!(found.len(), 1);
    assert_eq!(&source[found[0].span.range()], token);
    assert!(found[0].message.en.contains("`ghp_…wxyz`"));
    assert!(!found[0].message.en.contains(token) && !found[0].message.ja.contains(token));
    assert_hits(
        "PL402",
        "FROM alpine\nLABEL slack=xoxb-1234567890-abcdefghij\nENV G=AIzaSyA1234567890abcdefghijklmnopqrstuv\n",
        &["xoxb-1234567890-abcdefghij", "AIzaSyA1234567890abcdefghijklmnopqrstuv"],
    );
}

#[test]
fn pl402_aws_keys() {
    assert_hits(
        "PL402",
        "FROM alpine\nRUN aws configure set aws_access_key_id AKIA2E0A8F3B244C9986 && aws configure set aws_secret_access_key k9Zr2mQ8xV4bN7cT1pL6wY3sH0dF5gJ8aE2uR7iO\n",
        &["AKIA2E0A8F3B244C9986", "k9Zr2mQ8xV4bN7cT1pL6wY3sH0dF5gJ8aE2uR7iO"],
    );
    // AWS's documented example keys.
    assert_none(
        "PL402",
        "FROM alpine\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
}

#[test]
fn pl402_private_key_in_heredoc() {
    let source = "FROM alpine\nCOPY <<EOF /root/.ssh/id_rsa\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\nEOF\n";
    assert_hits("PL402", source, &["-----BEGIN OPENSSH PRIVATE KEY-----"]);
    // A script that only looks for the header holds no key.
    assert_none(
        "PL402",
        "FROM alpine\nRUN grep -q -- '-----BEGIN RSA PRIVATE KEY-----' /tmp/k || true\n",
    );
}

#[test]
fn pl402_named_values_in_run_and_files() {
    assert_hits(
        "PL402",
        "FROM alpine\nRUN export API_TOKEN=f00dbabe1234 && DB_PASSWORD='hunter2!' ./setup --password=Sup3rS3cret x\n",
        &["f00dbabe1234", "'hunter2!'", "Sup3rS3cret"],
    );
    assert_hits(
        "PL402",
        "FROM alpine\nCOPY <<EOF /app/.env\nAPI_KEY=live_0123456789\nDEBUG=1\nEOF\n",
        &["live_0123456789"],
    );
}

#[test]
fn pl402_url_passwords() {
    assert_hits(
        "PL402",
        "FROM alpine\nENV DATABASE_URL=postgres://app:Tr0ub4dor@db.internal:5432/app\n",
        &["Tr0ub4dor"],
    );
    assert_none(
        "PL402",
        "FROM alpine\nENV DATABASE_URL=postgresql://user:pass@localhost:5432/dummy\nRUN git clone https://${USER}:${TOKEN}@git.internal/x.git\nRUN curl -u \"$U:$P\" https://x.internal/\n",
    );
}

#[test]
fn pl402_placeholders_and_fingerprints() {
    assert_none(
        "PL402",
        "FROM alpine\nENV API_KEY=<your-api-key> TOKEN=xxxxxxxx PASSWORD=${PASSWORD} SECRET=\"$(cat /run/secrets/s)\"\nENV DB_PASSWORD_FILE=/run/secrets/db AUTH_ENABLED=true\nRUN key='B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8'; gpg --recv-keys \"$key\"\nRUN KEY_SHA512=\"e09fa32f0a0eab2b879ccbbc4d0e4fb9751486eedda75e35fac65802cc9faa266425\" && echo ok\n",
    );
}

// ----- PL403 secret-file-copied -----

#[test]
fn pl403_keys_generated_into_the_image() {
    let source = "FROM ubuntu:24.04\n\
RUN ssh-keygen -m PEM -q -t rsa -N '' -f /root/.ssh/id_rsa && cp -f /root/.ssh/id_rsa.pub /root/.ssh/authorized_keys\n\
RUN apk add openssh && ssh-keygen -A\n\
RUN openssl req -x509 -nodes -newkey rsa:2048 -out /cert/cert.crt -keyout /cert/key.pem -subj /CN=localhost\n\
RUN openssl genrsa -out /tmp/sign.key 2048 && ./sign --key /tmp/sign.key && rm -rf /tmp/sign.key\n\
RUN ssh-keygen -l -f /etc/ssh/ssh_host_rsa_key.pub && openssl ecparam -name prime256v1 -out /p.pem\n";
    assert_eq!(
        rated(source, "PL403"),
        [
            ("ssh-keygen".to_string(), Severity::High),
            ("ssh-keygen".to_string(), Severity::Medium),
            ("openssl".to_string(), Severity::Medium),
        ]
    );
    assert_eq!(
        message(source, "PL403"),
        "`ssh-keygen` writes the private key `/root/.ssh/id_rsa` into a layer of the image, so every container of the image has the same key and anyone with the image can extract it and log in where it is accepted; generate the key when the container starts, or mount it at run time (a volume or a secret)"
    );
    // A builder stage's key stays out of the image.
    let builder = "FROM alpine:3.20 AS certs\nRUN openssl genpkey -algorithm ed25519 -out /k.pem\nFROM alpine:3.20\nCOPY --from=certs /etc/hostname /x\n";
    assert!(hits(builder, "PL403").is_empty());
}

#[test]
fn pl403_secret_files() {
    assert_hits(
        "PL403",
        "FROM alpine\nCOPY .env id_ed25519 server.key secrets/ /app/\nCOPY .env.production .ssh/ /root/\nCOPY credentials.json my-service-account.json /keys/\nCOPY .git .git\n",
        &[
            ".env",
            "id_ed25519",
            "server.key",
            "secrets/",
            ".env.production",
            ".ssh/",
            "credentials.json",
            "my-service-account.json",
            ".git",
        ],
    );
    assert_none(
        "PL403",
        "FROM alpine\nCOPY .env.example .env.sample id_rsa.pub ca.pem cert.pem fullchain.pem /app/\nCOPY nodesource.gpg.key /etc/apt/keyrings/\nCOPY jenkins.io-2026.key /war/jenkins-key.pub\nCOPY .ssh/known_hosts /root/.ssh/known_hosts\nCOPY src/ /app/src/\n",
    );
}

#[test]
fn pl403_messages_follow_the_stage() {
    let source = "FROM node:20 AS build\nCOPY .npmrc ./\nFROM node:20 AS unused\nCOPY .env ./\nFROM node:20-slim\nCOPY --from=build /app /app\n";
    let found = findings(source, "PL403");
    assert_eq!(found.len(), 2);
    assert!(found[0]
        .message
        .en
        .contains("whose files later stages copy from"));
    assert!(found[1]
        .message
        .en
        .contains("which does not reach the final image"));
}

// ----- PL404 build-arg-secret-used-in-run -----

#[test]
fn pl404_secret_arg_in_run() {
    let source = "FROM node:20-alpine\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n";
    assert_hits("PL404", source, &["${NPM_TOKEN}"]);
    let after = fixed(source, "PL404");
    assert!(after.starts_with(
        "FROM node:20-alpine\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo"
    ));
    assert_none("PL404", &after);
}

#[test]
fn pl404_not_reported() {
    assert_none(
        "PL404",
        "FROM node:20-alpine\nARG NPM_TOKEN\nARG VERSION\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\nRUN echo '$NPM_TOKEN' $VERSION\nRUN --mount=type=secret,id=npm NPM_TOKEN=$(cat /run/secrets/npm) && echo $NPM_TOKEN\nENV NPM_TOKEN=\nRUN echo $NPM_TOKEN\n",
    );
}

// ----- PL405 copy-whole-context -----

#[test]
fn pl405_whole_context() {
    assert_hits(
        "PL405",
        "FROM node:20\nCOPY . .\nADD ./ /app\nCOPY [\".\", \"/srv\"]\n",
        &[".", "./", "\".\""],
    );
    // The seed's distroless pattern: the builder's context copy does not reach the image.
    assert_none(
        "PL405",
        "FROM node:20-alpine AS builder\nWORKDIR /app\nCOPY . .\nRUN pnpm run build\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=builder /app/dist /app\nCOPY --from=builder . /x\nCOPY --exclude=.git . /src\n",
    );
}

// ----- PL406 credentials-in-run -----

#[test]
fn pl406_credential_commands() {
    let source = "FROM alpine\n\
RUN aws configure set default.aws_secret_access_key \"$K\"\n\
RUN gcloud auth activate-service-account --key-file=/tmp/k.json\n\
RUN az login --service-principal -u \"$U\" -p \"$P\" --tenant t\n\
RUN doctl auth init -t \"$T\"\n\
RUN echo \"$P\" | docker login -u me --password-stdin\n\
RUN npm config set //registry.npmjs.org/:_authToken \"$T\"\n\
RUN echo \"//registry.npmjs.org/:_authToken=$T\" > ~/.npmrc\n\
RUN git config --global credential.helper store\n\
RUN git clone https://${GITHUB_TOKEN}@github.com/o/r.git\n\
RUN printf 'machine github.com login x password %s' \"$T\" | tee /root/.netrc\n";
    assert_eq!(
        findings(source, "PL406").len(),
        10,
        "{:#?}",
        hits(source, "PL406")
    );
}

#[test]
fn pl406_not_reported() {
    assert_none(
        "PL406",
        "FROM alpine\n\
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws configure set aws_secret_access_key x\n\
RUN az login --identity && aws configure set region eu-west-1\n\
RUN git clone https://github.com/o/r.git && git config --global user.name x\n\
RUN echo registry=https://npm.internal/ > .npmrc.template && docker logout\n",
    );
}

// ----- PL501 expose-ssh-port -----

#[test]
fn pl501_ssh_port() {
    assert_hits(
        "PL501",
        "FROM ubuntu:24.04\nARG SSH_PORT=22\nEXPOSE 22/tcp 20-25 ${SSH_PORT} 2222\n",
        &["22/tcp", "20-25", "${SSH_PORT}"],
    );
    assert_none(
        "PL501",
        "FROM ubuntu:24.04 AS tools\nEXPOSE 22\nFROM ubuntu:24.04\nCOPY --from=tools /x /x\nEXPOSE 2222 8022\n",
    );
}

#[test]
fn pl501_pl502_expose_inherited_through_from_stage() {
    // The final stage is built FROM `base`: its EXPOSE is the image's.
    let source = "FROM ubuntu:24.04 AS base\nEXPOSE 22 5432\nFROM base\nCMD [\"app\"]\n";
    assert_hits("PL501", source, &["22"]);
    assert_hits("PL502", source, &["5432"]);
    // Two steps up the chain, and a stage aside that the image is not built on.
    let chain = "FROM ubuntu:24.04 AS base\nEXPOSE 22\nFROM base AS mid\nRUN true\nFROM ubuntu:24.04 AS aside\nEXPOSE 2375\nFROM mid\nCMD [\"app\"]\n";
    assert_hits("PL501", chain, &["22"]);
    assert_none("PL502", chain);
}

#[test]
fn pl501_fix_removes_the_port() {
    assert_eq!(
        fixed("FROM ubuntu:24.04\nEXPOSE 22 3000\n", "PL501"),
        "FROM ubuntu:24.04\nEXPOSE 3000\n"
    );
    assert_eq!(
        fixed("FROM ubuntu:24.04\nEXPOSE 22\nCMD [\"app\"]\n", "PL501"),
        "FROM ubuntu:24.04\nCMD [\"app\"]\n"
    );
}

// ----- PL502 expose-risky-port -----

#[test]
fn pl502_risky_ports() {
    assert_hits(
        "PL502",
        "FROM node:20-alpine\nRUN apk add --no-cache postgresql-client redis-tools\nEXPOSE 3000 5432 6379 2375 23\n",
        &["5432", "6379", "2375", "23"],
    );
}

#[test]
fn pl502_the_image_is_the_server() {
    assert_none("PL502", "FROM postgres:16\nEXPOSE 5432\n");
    assert_none("PL502", "FROM bitnami/redis:7.2\nEXPOSE 6379\n");
    assert_none(
        "PL502",
        "FROM debian:bookworm-slim\nENV PG_MAJOR=16\nRUN apt-get install -y \"postgresql-$PG_MAJOR\"\nEXPOSE 5432\n",
    );
    assert_none(
        "PL502",
        "FROM debian:bookworm-slim\nCOPY redis-server /usr/local/bin/\nCMD [\"redis-server\"]\nEXPOSE 6379\n",
    );
}

// ----- PL503 missing-healthcheck -----

#[test]
fn pl503_missing_healthcheck() {
    assert_hits(
        "PL503",
        "FROM node:20-alpine\nEXPOSE 3000\nCMD [\"node\", \"app.js\"]\n",
        &["node:20-alpine"],
    );
    assert_eq!(
        message("FROM node:20-alpine\nEXPOSE 3000\nCMD [\"node\", \"app.js\"]\n", "PL503"),
        "the final image (built on `node:20-alpine`) runs a service but defines no HEALTHCHECK, so Docker cannot tell a hung service from a healthy one (a check in the base image, if any, cannot be seen from here); add one such as `HEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://localhost:3000/health || exit 1`"
    );
    // A check in a builder stage does not reach the final image.
    assert_hits(
        "PL503",
        "FROM node:20 AS build\nHEALTHCHECK CMD true\nFROM nginx:1.27\nCOPY --from=build /app /usr/share/nginx/html\n",
        &["nginx:1.27"],
    );
    let found = findings(
        "FROM scratch\nCOPY app /app\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n",
        "PL503",
    );
    assert!(found[0].message.en.contains("exec-form probe"));
}

#[test]
fn pl503_names_the_image_not_a_stage() {
    // `FROM final` is a stage: the message names the image at the root of the chain.
    let source = "ARG REPO=mcr.microsoft.com/dotnet/aspnet\nFROM $REPO:10.0 AS final\nEXPOSE 8080\nFROM golang:1.23 AS build\nRUN go build\nFROM final\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n";
    assert_hits("PL503", source, &["final"]);
    assert!(message(source, "PL503").starts_with(
        "the final image (built on `mcr.microsoft.com/dotnet/aspnet:10.0`) runs a service"
    ));
}

#[test]
fn pl503_windows_probe() {
    let source = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nEXPOSE 80\nCMD [\"C:\\\\ServiceMonitor.exe\", \"w3svc\"]\n";
    let text = message(source, "PL503");
    assert!(text.contains("CMD powershell -Command"), "{text}");
    assert!(!text.contains("curl"), "{text}");
}

#[test]
fn pl503_only_for_services() {
    // Files carried out with `docker build --output`.
    assert_none(
        "PL503",
        "FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch AS binary\nCOPY --from=build /out/app /\n",
    );
    // Build and test images.
    assert_none(
        "PL503",
        "FROM node:22 AS test\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    );
    assert_none(
        "PL503",
        "FROM python:3.13\nCOPY . .\nCMD [\"pytest\", \"-q\"]\n",
    );
    assert_none("PL503", "FROM golang:1.23 AS builder\nRUN go build ./...\n");
    // Base images: ONBUILD triggers, a prompt as the command, no command at all.
    assert_none("PL503", "FROM node:22\nONBUILD COPY . /app\n");
    assert_none(
        "PL503",
        "FROM debian:12-slim\nRUN make install\nCMD [\"python3\"]\n",
    );
    assert_none("PL503", "FROM debian:12-slim\nRUN apt-get update\n");
    // Jobs and tools.
    assert_none(
        "PL503",
        "FROM alpine:3.20\nCOPY tool /usr/bin/\nENTRYPOINT [\"tool\"]\n",
    );
    // A server image whose command is inherited still runs a service.
    assert_hits(
        "PL503",
        "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n",
        &["nginx:1.27"],
    );
    assert_hits(
        "PL503",
        "FROM python:3.13\nCMD [\"gunicorn\", \"app:app\"]\n",
        &["python:3.13"],
    );
}

#[test]
fn pl503_inherited_healthcheck() {
    assert_none(
        "PL503",
        "FROM node:20 AS base\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nFROM base\nCMD [\"node\", \"app.js\"]\n",
    );
    assert_none("PL503", "FROM nginx:1.27\nHEALTHCHECK NONE\n");
}

// ----- PL504 remote-access-server-installed -----

#[test]
fn pl504_servers() {
    assert_hits(
        "PL504",
        "FROM ubuntu:24.04\nRUN apt-get install -y openssh-server=1:9.6p1-3 vsftpd xinetd\nFROM alpine:3.20\nRUN apk add --no-cache openssh dropbear\n",
        &["openssh", "dropbear"],
    );
    assert_hits(
        "PL504",
        "FROM ubuntu:24.04\nRUN apt-get install -y openssh-server=1:9.6p1-3 vsftpd xinetd\n",
        &["openssh-server=1:9.6p1-3", "vsftpd", "xinetd"],
    );
    assert_none(
        "PL504",
        "FROM fedora:40 AS build\nRUN dnf install -y openssh-server\nFROM fedora:40\nCOPY --from=build /x /x\nRUN dnf install -y openssh openssh-clients && apt-get install -y openssh-client telnet\n",
    );
}

// ----- PL505 healthcheck-disabled -----

#[test]
fn pl505_healthcheck_disabled() {
    assert_hits("PL505", "FROM nginx:1.27\nHEALTHCHECK NONE\n", &["NONE"]);
    assert_none(
        "PL505",
        "FROM nginx:1.27 AS base\nHEALTHCHECK NONE\nFROM base\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
    );
    assert_none(
        "PL505",
        "FROM nginx:1.27 AS unused\nHEALTHCHECK NONE\nFROM nginx:1.27\nCMD [\"nginx\"]\n",
    );
}

#[test]
fn pl403_credential_variables_pointing_into_the_image() {
    let copied = "FROM python:3.12-slim\nCOPY . /srv\nENV GOOGLE_APPLICATION_CREDENTIALS=/srv/keys/sa.json\n";
    assert_eq!(hits(copied, "PL403"), ["/srv/keys/sa.json"]);
    let relative = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nARG GOOGLE_APPLICATION_CREDENTIALS=keys/sa.json\n";
    assert_eq!(hits(relative, "PL403"), ["keys/sa.json"]);
    let same_file = "FROM python:3.12-slim\nCOPY sa.json /srv/sa.json\nENV GOOGLE_APPLICATION_CREDENTIALS=/srv/sa.json\n";
    assert_eq!(hits(same_file, "PL403").len(), 1);
    let destination = "FROM amazon/aws-cli:2.17.0\nCOPY aws.conf ${AWS_CONFIG_FILE}\n";
    assert_eq!(hits(destination, "PL403"), ["${AWS_CONFIG_FILE}"]);
    for clean in [
        // Mounted at run time: nothing was copied there.
        "FROM python:3.12-slim\nCOPY . /srv\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/sa.json\n",
        "FROM python:3.12-slim\nENV GOOGLE_APPLICATION_CREDENTIALS=/srv/keys/sa.json\n",
        // An ordinary variable, and a credential variable in a builder stage.
        "FROM python:3.12-slim\nCOPY . /srv\nENV APP_CONFIG=/srv/app.json\n",
        "FROM python:3.12-slim AS build\nCOPY . /srv\nENV GOOGLE_APPLICATION_CREDENTIALS=/srv/sa.json\nFROM python:3.12-slim\nCOPY --from=build /srv/dist /dist\n",
    ] {
        assert!(hits(clean, "PL403").is_empty(), "{clean}");
    }
}

#[test]
fn pl401_pl402_short_pass_names_and_fingerprint_shaped_secrets() {
    assert_eq!(
        hits("FROM alpine:3.20\nARG DB_PASS\n", "PL401"),
        ["DB_PASS"]
    );
    assert!(hits("FROM alpine:3.20\nENV BYPASS_PROXY=1\n", "PL401").is_empty());
    let hex = "63AF7AA15067C05616FDDD88A3A2E8F226F0BC06";
    let secret = format!("FROM alpine:3.20\nRUN SECRET_API_KEY={hex} ./deploy.sh\n");
    assert_eq!(hits(&secret, "PL402").len(), 1);
    // Official images keep GPG fingerprints in `*_KEY` variables.
    let gpg = format!("FROM alpine:3.20\nENV NODE_GPG_KEY={hex}\n");
    assert!(hits(&gpg, "PL402").is_empty());
}

#[test]
fn pl403_password_lists_key_chains_and_vpn_profiles() {
    for (source, copied) in [
        (
            "FROM alpine:3.20\nCOPY password.txt /etc/app/\n",
            "password.txt",
        ),
        (
            "FROM alpine:3.20\nCOPY client.ovpn /etc/openvpn/\n",
            "client.ovpn",
        ),
        ("FROM alpine:3.20\nCOPY vault.kdbx /data/\n", "vault.kdbx"),
        (
            "FROM alpine:3.20\nCOPY config/credential.json /srv/\n",
            "config/credential.json",
        ),
    ] {
        assert_eq!(hits(source, "PL403"), [copied], "{source}");
    }
    assert!(hits("FROM alpine:3.20\nCOPY passwords.md /docs/\n", "PL403").is_empty());
}

// ----- issue 13: values that are not secrets, passwords inside commands -----

#[test]
fn pl402_a_stand_in_for_one_build_step_is_not_a_leaked_credential() {
    let marked = "FROM python:3.12-slim\nRUN SECRET_KEY=build-only python manage.py collectstatic --noinput\n";
    assert_eq!(
        rated(marked, "PL402"),
        [("build-only".to_string(), Severity::Info)]
    );
    assert_eq!(
        findings(marked, "PL402")[0].message.en,
        "`SECRET_KEY` gets a stand-in value (`build-only`) for this RUN only, not a credential: there is nothing to revoke and it is not kept in the image; keep it inside this RUN, and if the step needs the real secret, pass it with `RUN --mount=type=secret,id=secret_key,env=SECRET_KEY`"
    );
    assert_eq!(
        rated(
            "FROM ruby:3.3\nRUN APP_SECRET_TOKEN=dummy bundle exec rake assets:precompile\n",
            "PL402"
        ),
        [("dummy".to_string(), Severity::Info)]
    );
    // An unmarked value given only to a step that loads the settings: low.
    let unmarked =
        "FROM ruby:3.3\nRUN SECRET_KEY_BASE=8f3a1c9e7b2d4f60 bundle exec rails assets:precompile\n";
    assert_eq!(
        rated(unmarked, "PL402"),
        [("8f3a1c9e7b2d4f60".to_string(), Severity::Low)]
    );
    let found = findings(unmarked, "PL402");
    assert_eq!(
        found[0].message.en,
        "`SECRET_KEY_BASE` gets a value (`8f3a…4f60`) for this command only, and `assets:precompile` needs the variable set, not the real secret: a stand-in value is not a leaked credential; keep it inside this command, and never put the real secret here (a step that needs it reads it with `RUN --mount=type=secret,id=secret_key_base,env=SECRET_KEY_BASE`)"
    );
    for finding in findings(marked, "PL402").iter().chain(&found) {
        let fix = &finding.fix.as_ref().unwrap().description;
        for text in [&finding.message.en, &fix.en] {
            assert!(!text.to_lowercase().contains("revoke it"), "{text}");
            assert!(!text.to_lowercase().contains("rotate"), "{text}");
        }
    }
    // The same value given to any other command is still a credential.
    assert_eq!(
        rated(
            "FROM python:3.12-slim\nRUN SECRET_KEY=8f3a1c9e7b2d4f60 python deploy.py\n",
            "PL402"
        ),
        [("8f3a1c9e7b2d4f60".to_string(), Severity::Critical)]
    );
}

#[test]
fn pl402_the_word_for_the_slot_given_to_one_command_is_a_stand_in() {
    // `secret` as the value of `APP_SECRET_TOKEN` for `bundle install` (a
    // step that loads the settings but is not on the list of asset steps)
    // says it is no real token, like `dummy`.
    let source = "FROM ruby:3.3\n\
RUN APP_SECRET_TOKEN=secret DATABASE_ADAPTER=mysql2 bundle install\n\
RUN APP_SECRET_TOKEN=secret bundle exec bootsnap precompile --gemfile app/\n\
RUN PGPASSWORD=password psql -h db -c 'select 1'\n";
    assert_eq!(
        rated(source, "PL402"),
        [
            ("secret".to_string(), Severity::Info),
            ("secret".to_string(), Severity::Info),
            ("password".to_string(), Severity::Info),
        ]
    );
    // A chosen value for the same command is still a credential.
    assert_eq!(
        rated(
            "FROM ruby:3.3\nRUN APP_SECRET_TOKEN=s3cretTok3n bundle install\n",
            "PL402"
        ),
        [("s3cretTok3n".to_string(), Severity::Critical)]
    );
}

#[test]
fn pl402_hex_word_filler_is_a_placeholder_not_a_key() {
    let source = "FROM node:20-alpine AS installer\n\
ARG NEXT_PRIVATE_ENCRYPTION_KEY=\"CAFEBABE\"\n\
ARG NEXT_PRIVATE_ENCRYPTION_SECONDARY_KEY=\"DEADBEEF\"\n\
ENV SIGNING_SECRET=deadbeef-cafebabe\n\
FROM node:20-alpine\n\
CMD [\"node\", \"server.js\"]\n";
    assert_none("PL402", source);
    // Hex digits that only start with such a word are a key.
    assert_eq!(
        rated(
            "FROM node:20-alpine\nENV API_KEY=deadbeef93a1c07e55f2\n",
            "PL402"
        ),
        [("deadbeef93a1c07e55f2".to_string(), Severity::Critical)]
    );
}

#[test]
fn pl401_pl402_switches_and_references_are_not_secrets() {
    let source = "FROM ruby:3.3\n\
ENV SECRET_KEY_BASE_DUMMY=1 AUTH_ENABLED=true USE_TOKEN=false\n\
ARG DB_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db\n\
ENV RAILS_MASTER_KEY=config/master.key PASSWORD_FILE=/run/secrets/db\n\
ARG AUTH=0\n\
RUN SECRET_KEY_BASE_DUMMY=1 bundle exec rails assets:precompile\n";
    assert_none("PL401", source);
    assert_none("PL402", source);
    // A default that only stands for a secret given later is still one.
    assert_hits(
        "PL401",
        "FROM node:20\nARG NPM_TOKEN=none\nARG argBasedPassword=\"default\"\n",
        &["NPM_TOKEN", "argBasedPassword"],
    );
}

#[test]
fn pl402_passwords_inside_commands() {
    let source = "FROM ubuntu:22.04\n\
RUN mysql -uroot -pS3cretPass -e 'CREATE DATABASE app'\n\
RUN mysqladmin -u root --password=R00tPass create app\n\
RUN mysql -e \"CREATE USER 'app'@'%' IDENTIFIED BY 'appPass123'\"\n\
RUN mysql -e \"ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY 'nat1vePw'\"\n\
RUN psql -c \"ALTER USER postgres WITH PASSWORD 'pgpass99';\"\n\
RUN echo \"mysql-server mysql-server/root_password password rootpw1\" | debconf-set-selections\n\
RUN htpasswd -bc /etc/nginx/.htpasswd admin adminpass\n\
RUN curl -u admin:admin123 -H 'Authorization: Bearer tok3nValue' https://nexus.corp.io/x\n\
RUN wget --http-password=Wg3tPass https://files.corp.io/a\n";
    assert_eq!(
        rated(source, "PL402"),
        [
            "S3cretPass",
            "R00tPass",
            "appPass123",
            "nat1vePw",
            "pgpass99",
            "rootpw1",
            "adminpass",
            "admin123",
            "tok3nValue",
            "Wg3tPass",
        ]
        .map(|span| (span.to_string(), Severity::Critical))
    );
    let messages = place_messages(source, "PL402");
    assert!(
        messages[0].starts_with("the MySQL password (`S3…`) is written in the Dockerfile, where anyone with the Dockerfile, the image or its history can read it; revoke it and provide a new one at build time with `RUN --mount=type=secret` or at run time with `docker run -e`"),
        "{}",
        messages[0]
    );
    assert!(messages[2].starts_with("the database password (`ap…`)"));
    assert!(messages[5].starts_with("a debconf password answer (`ro…`)"));
    assert!(messages[6].starts_with("the htpasswd password (`ad…`)"));
    assert!(messages[8].starts_with("the credential in the `Authorization` header (`to…`)"));
}

#[test]
fn pl402_prompts_variables_and_hashes_are_not_literal_passwords() {
    assert_none(
        "PL402",
        "FROM ubuntu:22.04\n\
ARG DB_PASS\n\
RUN mysql -uroot -p -e 'SELECT 1' && mysql -uroot -p\"$DB_PASS\" app\n\
RUN mysql -e \"CREATE USER 'app'@'%' IDENTIFIED BY '${DB_PASS}'\"\n\
RUN mysql -e \"CREATE USER 'old'@'%' IDENTIFIED BY PASSWORD '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'\"\n\
RUN echo \"mysql-server mysql-server/root_password password $DB_PASS\" | debconf-set-selections\n\
RUN htpasswd -c /etc/nginx/.htpasswd admin && curl -u admin https://x.corp.io/ && curl -u \"$U:$P\" https://x.corp.io/\n\
RUN curl -H 'Accept: application/json' -H \"Authorization: Bearer $TOKEN\" -H 'Authorization: Bearer' https://x.corp.io/\n",
    );
}

#[test]
fn pl404_a_build_argument_given_as_a_password() {
    let source = "FROM ubuntu:22.04\nARG ROOT_PW\nRUN mysql -uroot -p$ROOT_PW -e 'SELECT 1'\n";
    assert_hits("PL404", source, &["$ROOT_PW"]);
    assert_eq!(
        findings(source, "PL404")[0].message.en,
        "`$ROOT_PW` passes the build argument `ROOT_PW`, used here as a password, to this RUN, and BuildKit records build arguments with their values in the image history, where `docker history` shows them; read it from a secret mount with `RUN --mount=type=secret,id=root_pw,env=ROOT_PW` instead"
    );
    assert_none("PL402", source);
    // Not a password there: an ordinary argument.
    assert_none(
        "PL404",
        "FROM ubuntu:22.04\nARG ROOT_PW\nRUN echo $ROOT_PW\n",
    );
}

#[test]
fn pl403_public_material_is_not_a_private_key() {
    assert_none(
        "PL403",
        "FROM debian:12\n\
COPY target/shared/ffdhe4096.pem /etc/postfix/dhparams.pem\n\
COPY dhparam.pem dh2048.pem public.pem pubkey.pem release-pub.key /etc/ssl/\n\
COPY ca-bundle.pem server-cert.pem rootCA.pem chain.pem /etc/ssl/certs/\n",
    );
    assert_hits(
        "PL403",
        "FROM debian:12\nCOPY ca-key.pem rootCA-key.pem local.pem root.key dh-private.pem /etc/ssl/\n",
        &[
            "ca-key.pem",
            "rootCA-key.pem",
            "local.pem",
            "root.key",
            "dh-private.pem",
        ],
    );
}

#[test]
fn pl402_pl403_text_that_asks_for_a_value_and_project_npmrc() {
    // A default that tells the builder to configure the value holds none.
    assert_none(
        "PL402",
        "FROM alpine:3.20\nARG GOOGLE_SERVICE_ACCOUNT_KEY=\"if_you_see_this_configure_the_google_service_account_properly\"\nENV API_TOKEN=set-me DB_PASSWORD=your_password_here\n",
    );
    // A project's `.npmrc` holds a token only when one is written into it.
    let npmrc = "FROM node:20\nCOPY package.json pnpm-lock.yaml .npmrc ./\n";
    assert_eq!(
        rated(npmrc, "PL403"),
        [(".npmrc".to_string(), Severity::Medium)]
    );
    assert!(findings(npmrc, "PL403")[0].message.en.starts_with(
        "`.npmrc` is an npm configuration file, which usually holds only the project's settings but holds a registry token too when a CI job writes one into it before the build, and it is copied into a layer of the image"
    ));
}

#[test]
fn pl402_a_stand_in_kept_by_env_or_arg() {
    let source = "FROM python:3.12-slim\nENV SECRET_KEY=build-only\nARG API_TOKEN=not-a-secret\n";
    assert_eq!(
        rated(source, "PL402"),
        [
            ("build-only".to_string(), Severity::Medium),
            ("not-a-secret".to_string(), Severity::Low),
        ]
    );
    let messages: Vec<String> = findings(source, "PL402")
        .into_iter()
        .map(|finding| finding.message.en)
        .collect();
    assert_eq!(
        messages[0],
        "`SECRET_KEY` is set to a stand-in value (`build-only`) that stays in the image, not a leaked credential, but every container started without the real value runs with this known one; set it only in the RUN that needs it (`SECRET_KEY=build-only <command>`) and give the real value at run time"
    );
    assert_eq!(
        messages[1],
        "`ARG API_TOKEN` defaults to a stand-in value (`not-a-secret`), not a leaked credential: build steps get it unless `--build-arg` gives another; keep it a stand-in, and give a real secret with `RUN --mount=type=secret,id=api_token,env=API_TOKEN`, never with `--build-arg`"
    );
}

#[test]
fn pl402_a_value_that_only_names_the_slot_is_a_stand_in() {
    let source = "FROM node:18 AS builder\nARG NEXTAUTH_SECRET=secret\nARG ENCRYPTION_KEY=Secret\nFROM node:18\nENV DB_PASSWORD=password\nENV ADMIN_PASSWORD=secret123\n";
    assert_eq!(
        rated(source, "PL402"),
        [
            ("secret".to_string(), Severity::Low),
            ("Secret".to_string(), Severity::Low),
            ("password".to_string(), Severity::Medium),
            ("secret123".to_string(), Severity::Critical),
        ]
    );
    assert!(!message(source, "PL402").contains("revoke"));
}

#[test]
fn pl402_passwords_given_to_what_the_image_starts() {
    let source = "FROM redis:7\n\
CMD [\"redis-server\", \"--requirepass\", \"r3disPass\"]\n\
HEALTHCHECK CMD redis-cli -a r3disPass ping || exit 1\n\
FROM mysql:8.4\n\
RUN mysqladmin -u root password 'N3wRootPw'\n\
HEALTHCHECK CMD mysqladmin ping -uroot -pHcPass99\n\
ENTRYPOINT [\"app\", \"--password=\\\\u0041pp\", \"--token=t0kenValue\"]\n\
FROM redis:7\n\
CMD [\"sh\", \"-c\", \"exec redis-server --requirepass Sh3llPass\"]\n";
    assert_eq!(
        rated(source, "PL402"),
        [
            "r3disPass",
            "r3disPass",
            "'N3wRootPw'",
            "HcPass99",
            "\"--password=\\\\u0041pp\"",
            "t0kenValue",
            "Sh3llPass",
        ]
        .map(|span| (span.to_string(), Severity::Critical))
    );
    assert!(findings(source, "PL402")[0]
        .message
        .en
        .starts_with("the Redis password (`r3…`)"));
    assert_none(
        "PL402",
        "FROM redis:7\nCMD [\"sh\", \"-c\", \"redis-server --requirepass $REDIS_PASSWORD\"]\nHEALTHCHECK CMD mysqladmin ping -uroot -p\"$MYSQL_ROOT_PASSWORD\"\n",
    );
}

#[test]
fn pl504_an_ftp_or_remote_desktop_image_is_told_how_to_serve_safely() {
    let finding = |source: &str| {
        let found = findings(source, "PL504");
        (found[0].severity, found[0].message.en.clone())
    };
    for ftp in [
        "FROM alpine:3.20\nRUN apk add --no-cache vsftpd\nEXPOSE 21\nCMD [\"vsftpd\", \"/etc/vsftpd/vsftpd.conf\"]\n",
        "FROM alpine:3.20\nRUN apk add --no-cache vsftpd\nCOPY start_vsftpd.sh /bin/\nCMD [\"/bin/start_vsftpd.sh\"]\n",
    ] {
        let (severity, message) = finding(ftp);
        assert_eq!(severity, plimsoll_core::Severity::Medium, "{ftp}");
        assert!(message.contains("makes this image an FTP server") && message.contains("FTPS"), "{message}");
    }
    let (severity, message) = finding(
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends x11vnc xvfb\nENTRYPOINT [\"x11vnc\", \"-forever\"]\n",
    );
    assert_eq!(severity, plimsoll_core::Severity::Medium);
    assert!(message.contains("remote desktop"), "{message}");
    // An FTP server an opaque script may start, and an SSH server the
    // container starts, keep the advice to remove them.
    for kept in [
        "FROM alpine:3.20\nRUN apk add --no-cache vsftpd\nENTRYPOINT [\"/entrypoint.sh\"]\n",
        "FROM alpine:3.20\nRUN apk add --no-cache openssh\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n",
    ] {
        let (severity, message) = finding(kept);
        assert_eq!(severity, plimsoll_core::Severity::High, "{kept}");
        assert!(message.contains("remove it"), "{message}");
    }
}

#[test]
fn pl504_is_medium_for_a_server_the_image_never_starts() {
    let rating = |source: &str| {
        check(source, &Settings::default())
            .findings
            .into_iter()
            .find(|finding| finding.rule == "PL504")
            .map(|finding| finding.severity)
    };
    let unused =
        "FROM alpine:3.20\nRUN apk add --no-cache openssh git\nENTRYPOINT [\"buildkitd\"]\n";
    assert_eq!(rating(unused), Some(plimsoll_core::Severity::Medium));
    let started =
        "FROM alpine:3.20\nRUN apk add --no-cache openssh\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n";
    assert_eq!(rating(started), Some(plimsoll_core::Severity::High));
    let exposed =
        "FROM alpine:3.20\nRUN apk add --no-cache openssh\nEXPOSE 22\nENTRYPOINT [\"app\"]\n";
    assert_eq!(rating(exposed), Some(plimsoll_core::Severity::High));
    let script =
        "FROM alpine:3.20\nRUN apk add --no-cache openssh\nENTRYPOINT [\"/entrypoint.sh\"]\n";
    assert_eq!(
        rating(script),
        Some(plimsoll_core::Severity::High),
        "a script may start it"
    );
}

/// A well-known default (`123456`, `changeme`) is still reported, at the
/// same severity, but not as a leak to revoke: it asks for a strong value
/// per deployment. A weak password that is no such default keeps "revoke".
#[test]
fn pl402_a_well_known_default_asks_for_a_strong_value_not_a_revocation() {
    let source = "FROM nextcloud:30\nENV AIO_TOKEN=123456\nENV ADMIN_PASSWORD=ChangeMe\nENV DB_PASSWORD=secret123\n";
    assert_eq!(
        rated(source, "PL402"),
        [
            ("123456".to_string(), Severity::Critical),
            ("ChangeMe".to_string(), Severity::Critical),
            ("secret123".to_string(), Severity::Critical),
        ]
    );
    let said = messages(source, "PL402");
    for default in &said[..2] {
        assert!(default.contains("well-known default"), "{default}");
        assert!(!default.contains("revoke"), "{default}");
    }
    assert!(said[2].contains("revoke"), "{}", said[2]);
}
