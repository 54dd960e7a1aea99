//! True and false positives of the user (PL1xx) and file system (PL7xx)
//! rules, including the tricky cases peers get wrong.

mod support;

use plimsoll_core::fix::Safety;
use plimsoll_core::Severity;
use support::{findings, fixed, lines, message, rated, spans, suppressed_lines};

// ----- PL101 missing-user -----

#[test]
fn pl101_fires_on_the_final_image_without_user() {
    let source = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
    assert_eq!(spans(source, "PL101"), ["python:3.12-slim"]);
    let after = fixed(source, "PL101");
    assert!(
        after.contains("useradd --uid 1001 --gid appgroup --shell /bin/sh appuser\nUSER 1001\nCMD"),
        "{after}"
    );
    assert!(lines(&after, "PL101").is_empty());
}

#[test]
fn pl101_follows_stage_inheritance() {
    let inherited = "FROM alpine:3.19 AS base\nUSER 1001\nFROM base\nCMD [\"sh\"]\n";
    assert!(lines(inherited, "PL101").is_empty());
    // A USER in a builder stage does not reach the final image.
    let builder_only = "FROM alpine:3.19 AS build\nUSER 1001\nRUN make\nFROM alpine:3.19\nCOPY --from=build /out /out\n";
    assert_eq!(lines(builder_only, "PL101"), [4]);
}

#[test]
fn pl101_skips_images_that_run_no_service() {
    // The last stage only carries the binary out (`docker build --output`).
    let export = "FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM scratch AS binary\nCOPY --from=build /out/app /\n";
    assert!(lines(export, "PL101").is_empty());
    // Build and test images.
    assert!(lines("FROM node:22 AS test\nCOPY . .\nRUN npm ci\n", "PL101").is_empty());
    assert!(lines("FROM python:3.13\nCOPY . .\nCMD [\"pytest\"]\n", "PL101").is_empty());
    // Development servers that reload on change.
    for command in [
        "ENTRYPOINT [\"/go/bin/air\"]",
        "CMD [\"nodemon\", \"server.js\"]",
        "CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", \"--reload\"]",
    ] {
        let source = format!("FROM python:3.13\nCOPY . /app\n{command}\n");
        assert!(lines(&source, "PL101").is_empty(), "{command}");
    }
    assert_eq!(
        lines(
            "FROM python:3.13\nCOPY . /app\nCMD [\"uvicorn\", \"app.main:app\"]\n",
            "PL101"
        ),
        [1]
    );
    // A scratch image with a command runs: it is judged.
    assert_eq!(
        lines(
            "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
            "PL101"
        ),
        [1]
    );
}

#[test]
fn pl101_names_the_image_at_the_root_of_the_chain() {
    // `$TARGETOS` has BuildKit's value and an unset argument is empty, so
    // the last FROM is the stage `app-linux`, built on `alpine:3.20`.
    let source = "ARG DEBUG\nARG ALPINE=3.20\nFROM alpine:${ALPINE} AS app-linux\nFROM app-$TARGETOS${DEBUG:+-debug}\nCMD [\"/app\"]\n";
    assert_eq!(
        message(source, "PL101"),
        "the final stage never sets USER, so the container runs as the default user of `alpine:3.20`, which is root for most images; create a non-root user and switch to it with `USER 1001`"
    );
}

#[test]
fn pl101_accepts_images_that_default_to_non_root() {
    for image in [
        "gcr.io/distroless/static:nonroot",
        "gcr.io/distroless/base-debian12:debug-nonroot",
        "cgr.dev/chainguard/python:latest",
        "nginxinc/nginx-unprivileged:1.25",
        "mcr.microsoft.com/windows/nanoserver:ltsc2022",
        "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
        "quay.io/jupyter/scipy-notebook:2024-05-27",
        "bitnami/redis:7.2",
    ] {
        let source = format!("FROM {image}\nCOPY app /app\n");
        assert!(lines(&source, "PL101").is_empty(), "{image}");
    }
    assert_eq!(
        lines("FROM cgr.dev/chainguard/python:latest-dev\n", "PL101"),
        [1]
    );
    // Bitnami's minideb is a plain OS base that runs as root.
    assert_eq!(
        lines("FROM bitnami/minideb:bookworm\nCOPY app /app\n", "PL101"),
        [1]
    );
}

#[test]
fn pl101_fix_depends_on_the_distribution() {
    let alpine = fixed(
        "FROM node:20-alpine\nCMD [\"node\", \"server.js\"]\n",
        "PL101",
    );
    assert!(alpine.contains("RUN addgroup -g 1001 -S appgroup && \\\n    adduser -S appuser -u 1001 -G appgroup\nUSER 1001\nCMD"), "{alpine}");
    let scratch = "FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]";
    assert!(message(scratch, "PL101").contains("65534"));
    assert!(fixed(scratch, "PL101").contains("USER 65534:65534\nENTRYPOINT"));
    let distroless = fixed(
        "FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT [\"/app\"]",
        "PL101",
    );
    assert!(
        distroless.ends_with("COPY app /app\nUSER 65532:65532\nENTRYPOINT [\"/app\"]"),
        "{distroless}"
    );
    let unknown = fixed("FROM registry.example.com/base:1\nCMD [\"app\"]\n", "PL101");
    assert!(
        unknown.contains("\nUSER 1001\nCMD") && !unknown.contains("adduser"),
        "{unknown}"
    );
    let windows = fixed(
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD [\"app.exe\"]\n",
        "PL101",
    );
    assert!(windows.contains("USER ContainerUser\nCMD"), "{windows}");
    // Images that exist only for Windows, whatever their tag says.
    for base in [
        "mcr.microsoft.com/dotnet/framework/sdk:4.8",
        "mcr.microsoft.com/windowsservercore-insider:10.0.17744.1001",
        "mcr.microsoft.com/windows:1809",
        "stefanscherer/node-windows:8.6.0",
        "microsoft/mssql-server-windows-express",
        "microsoft/mssql-server-windows-developer:2017",
    ] {
        let source = format!("FROM {base}\nRUN setup.exe\nCMD [\"app.exe\"]\n");
        assert!(
            message(&source, "PL101").contains("`ContainerAdministrator`"),
            "{base}"
        );
        assert!(
            fixed(&source, "PL101").contains("USER ContainerUser\nCMD"),
            "{base}"
        );
    }
    // A Linux image that cross-compiles for Windows.
    let cross = "FROM dockcross/windows-static-x64:latest\nRUN make install\nCMD [\"/usr/local/bin/serve\"]\n";
    assert!(message(cross, "PL101").contains("USER 1001"));
    assert!(!message(cross, "PL101").contains("ContainerAdministrator"));
}

#[test]
fn pl101_is_suppressed_by_a_pragma_above_from() {
    // Without the comment PL101 reports the FROM; with it, the finding is
    // still there, marked suppressed.
    assert_eq!(lines("FROM postgres:16\n", "PL101"), [1]);
    let source = "# plimsoll ignore=PL101 -- drops privileges with gosu\nFROM postgres:16\n";
    assert!(lines(source, "PL101").is_empty());
    assert_eq!(suppressed_lines(source, "PL101"), [2]);
    let peer = "# checkov:skip=CKV_DOCKER_3:entrypoint drops privileges\nFROM postgres:16\n";
    assert!(lines(peer, "PL101").is_empty());
    assert_eq!(suppressed_lines(peer, "PL101"), [2]);
}

// ----- PL102 root-user -----

#[test]
fn pl102_fires_on_root_in_every_spelling() {
    for user in ["root", "0", "root:root", "0:0"] {
        let source = format!("FROM alpine:3.19\nUSER {user}\n");
        assert_eq!(spans(&source, "PL102"), [user], "{user}");
    }
    let variable = "FROM alpine:3.19\nARG RUN_AS=root\nUSER ${RUN_AS}\n";
    assert_eq!(lines(variable, "PL102"), [3]);
    assert!(message(variable, "PL102").contains("(`root`)"));
}

#[test]
fn pl102_rates_medium_a_root_start_for_an_entrypoint_that_steps_down() {
    let source = "FROM mcr.microsoft.com/mssql/server:2022-latest\nUSER root:root\nRUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*\nCOPY entrypoint.sh /\nENTRYPOINT [\"/entrypoint.sh\"]\n";
    assert_eq!(
        rated(source, "PL102"),
        [("root:root".to_string(), Severity::Medium)]
    );
    assert!(message(source, "PL102").contains("the image installs `gosu`"));
    // Without an ENTRYPOINT nothing is there to step down.
    let no_entrypoint = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu\nUSER root\nCMD [\"app\"]\n";
    assert_eq!(
        rated(no_entrypoint, "PL102"),
        [("root".to_string(), Severity::High)]
    );
}

#[test]
fn pl107_windows_administrators_and_passwordless_accounts() {
    let source = r#"FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN net user app /add /passwordreq:no
RUN net localgroup Administrators app /add
SHELL ["powershell", "-Command"]
RUN New-LocalUser -Name svc -NoPassword; Add-LocalGroupMember -Group "Administrators" -Member svc
RUN net localgroup Users app /add
USER app
"#;
    assert_eq!(lines(source, "PL107"), [2, 3, 5]);
    assert_eq!(
        spans(source, "PL107")[1],
        "net localgroup Administrators app /add"
    );
    assert!(message(
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN net localgroup Administrators app /add\n",
        "PL107"
    )
    .starts_with("`net localgroup Administrators app /add` makes `app` an administrator of the image"));
    // A builder stage that does not reach the final image is not judged.
    let builder = "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build\nRUN net localgroup Administrators app /add\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /out /out\n";
    assert!(lines(builder, "PL107").is_empty());
}

#[test]
fn pl102_windows_advice_is_windows_shaped() {
    let source = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\nCMD [\"app.exe\"]\n";
    assert_eq!(
        message(source, "PL102"),
        "`USER ContainerAdministrator` is the last USER of the final image, so the container runs as the administrator account; switch to the unprivileged `USER ContainerUser` once the steps that need it are done"
    );
    let after = fixed(source, "PL102");
    assert!(after.contains("\nUSER ContainerUser\n"), "{after}");
    assert!(lines(&after, "PL102").is_empty());
}

#[test]
fn pl102_explains_a_switch_back_to_root_and_fixes_it() {
    let source = "FROM alpine:3.19\nUSER app\nRUN id\nUSER root\nRUN apk add --no-cache curl\n";
    assert!(message(source, "PL102").contains("after `USER app` on line 2"));
    let finding = &findings(source, "PL102")[0];
    assert_eq!(finding.fix.as_ref().unwrap().safety, Safety::NeedsReview);
    assert!(fixed(source, "PL102").contains("\nUSER app\nRUN apk"));
}

#[test]
fn pl102_judges_only_the_final_stage_chain() {
    let builder_root =
        "FROM alpine:3.19 AS build\nUSER root\nRUN make\nFROM alpine:3.19\nUSER 1001\n";
    assert!(lines(builder_root, "PL102").is_empty());
    let inherited = "FROM alpine:3.19 AS base\nUSER root\nFROM base\nCMD [\"sh\"]\n";
    assert_eq!(lines(inherited, "PL102"), [2]);
    assert!(lines(
        "FROM alpine:3.19\nUSER root\nRUN apk add x\nUSER 1001\n",
        "PL102"
    )
    .is_empty());
}

// ----- PL103 sudo-in-run -----

#[test]
fn pl103_finds_sudo_wherever_it_runs() {
    let source = "FROM ubuntu:22.04\nRUN sudo apt-get update\nRUN sh -c 'sudo ls /root'\nRUN [\"sudo\", \"make\", \"install\"]\nRUN env DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl\nRUN <<EOF\nsudo make install\nEOF\n";
    assert_eq!(lines(source, "PL103"), [2, 3, 4, 5, 7]);
}

#[test]
fn pl103_does_not_call_sudo_needless_when_the_base_decides_the_user() {
    let chosen =
        "ARG base\nFROM ${base}\nRUN sudo apt-get update && sudo apt-get install -y postgresql\n";
    assert!(message(chosen, "PL103").contains("the base `${base}` is chosen at build time"));
    assert_eq!(fixed(chosen, "PL103"), chosen);
    let non_root = "FROM quay.io/keycloak/keycloak:24.0\nRUN sudo microdnf install -y curl\n";
    assert!(message(non_root, "PL103")
        .contains("the non-root user that `quay.io/keycloak/keycloak:24.0` sets"));
    // A base that runs as root: sudo is needless, and the fix removes it.
    let plain = "FROM ubuntu:22.04\nRUN sudo apt-get update\n";
    assert!(message(plain, "PL103").contains("is not needed"));
    assert_eq!(
        fixed(plain, "PL103"),
        "FROM ubuntu:22.04\nRUN apt-get update\n"
    );
}

#[test]
fn pl103_finds_sudo_in_onbuild_triggers() {
    let source = "FROM ubuntu:22.04\nONBUILD RUN apt-get update && sudo apt-get install -y git\nONBUILD RUN apt-get install -y sudo\n";
    assert_eq!(lines(source, "PL103"), [2]);
    assert_eq!(spans(source, "PL103"), ["sudo"]);
    assert!(message(source, "PL103").contains("ONBUILD RUN"));
}

#[test]
fn pl103_ignores_mentions_of_sudo() {
    let source = "FROM ubuntu:22.04\nRUN command -v sudo || echo 'no sudo'\nRUN apt-get install -y sudo\nRUN echo sudo > /tmp/x\n";
    assert!(lines(source, "PL103").is_empty());
}

#[test]
fn pl103_removes_sudo_when_the_step_runs_as_root() {
    let source = "FROM ubuntu:22.04\nRUN sudo apt-get update\n";
    assert_eq!(
        fixed(source, "PL103"),
        "FROM ubuntu:22.04\nRUN apt-get update\n"
    );
    // As a non-root user, removing sudo would break the step.
    let non_root = "FROM ubuntu:22.04\nUSER app\nRUN sudo apt-get update\n";
    assert!(message(non_root, "PL103").contains("while the stage runs as `app`"));
    assert_eq!(fixed(non_root, "PL103"), non_root);
}

#[test]
fn pl103_suggests_user_for_sudo_u() {
    let source = "FROM ruby:3.3\nRUN sudo -E -u discourse -H bundle install\n";
    assert!(message(source, "PL103").contains("switch with `USER discourse`"));
    let builder = "FROM ubuntu:22.04 AS build\nRUN sudo make\nFROM scratch\n";
    assert!(message(builder, "PL103").contains("does not reach the final image"));
}

// ----- PL104 sudo-installed -----

#[test]
fn pl104_finds_sudo_packages_in_the_final_image() {
    let source = "FROM alpine:3.19\nRUN apk add --no-cache sudo=1.9.15-r0 curl\nRUN apt-get install -y doas\n";
    assert_eq!(spans(source, "PL104"), ["sudo=1.9.15-r0", "doas"]);
    let builder = "FROM debian:12 AS build\nRUN apt-get install -y sudo\nFROM debian:12\nCOPY --from=build /out /out\n";
    assert!(lines(builder, "PL104").is_empty());
    assert!(lines(
        "FROM alpine:3.19\nRUN apk add sudo-doc-fake pip\nRUN pip install sudo\n",
        "PL104"
    )
    .is_empty());
}

#[test]
fn pl104_finds_nopasswd_rules_however_they_are_written() {
    let source = "FROM ubuntu:22.04\n\
RUN echo 'app ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers\n\
RUN echo \"%wheel ALL=(ALL) NOPASSWD: ALL\" | tee /etc/sudoers.d/wheel\n\
RUN cat <<EOF > /etc/sudoers.d/app\n\
app ALL=(ALL) NOPASSWD:ALL\n\
EOF\n\
COPY <<EOF /etc/sudoers.d/ops\n\
ops ALL=(ALL) NOPASSWD:ALL\n\
EOF\n";
    assert_eq!(spans(source, "PL104"), ["NOPASSWD"; 4]);
    assert!(lines(source, "PL107").is_empty());
}

// ----- PL105 user-not-numeric -----

#[test]
fn pl105_fires_on_names_and_computes_the_uid() {
    let source = "FROM debian:12\nRUN groupadd --gid 1001 appgroup && useradd --uid 1001 --gid appgroup appuser\nUSER appuser:appgroup\n";
    assert_eq!(spans(source, "PL105"), ["appuser:appgroup"]);
    assert!(fixed(source, "PL105").ends_with("USER 1001:1001\n"));
    let unknown = "FROM node:20\nUSER node\n";
    assert!(message(unknown, "PL105").contains("`USER <uid>`"));
    assert_eq!(fixed(unknown, "PL105"), unknown);
}

#[test]
fn pl105_skips_numbers_variables_root_and_windows() {
    for user in ["1001", "1001:1001", "$APP_USER", "${UID}:${GID}", "root"] {
        let source = format!("FROM debian:12\nUSER {user}\n");
        assert!(lines(&source, "PL105").is_empty(), "{user}");
    }
    let windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerUser\n";
    assert!(lines(windows, "PL105").is_empty());
    // Only the final image's USER counts.
    let builder = "FROM node:20 AS build\nUSER node\nFROM node:20\nUSER 1000\n";
    assert!(lines(builder, "PL105").is_empty());
}

// ----- PL106 password-set-in-image -----

#[test]
fn pl106_sed_that_empties_a_password_field() {
    let source = "FROM debian:12\nRUN sed -i -e 's/^root:[^:]*:/root::/' /etc/shadow\n";
    assert_eq!(spans(source, "PL106"), ["'s/^root:[^:]*:/root::/'"]);
    for clean in [
        "FROM debian:12\nRUN sed -i 's/^app:!:/app:*:/' /etc/shadow\n",
        "FROM debian:12\nRUN sed -i 's/a::b/c/' /etc/hosts\n",
    ] {
        assert!(spans(clean, "PL106").is_empty(), "{clean}");
    }
}

#[test]
fn pl106_finds_password_changes() {
    let source = "FROM ubuntu:22.04\n\
RUN echo 'root:secret' | chpasswd\n\
RUN passwd -d app\n\
RUN echo secret | passwd --stdin app\n\
RUN usermod -p '$6$abc' app\n\
RUN printf 'pw\\npw\\n' | passwd app\n";
    assert_eq!(lines(source, "PL106"), [2, 3, 4, 5, 6]);
}

#[test]
fn pl106_accepts_locking_and_builder_stages() {
    let source =
        "FROM ubuntu:22.04\nRUN passwd -l root && usermod -p '!' app && usermod -p '*' app2\n";
    assert!(lines(source, "PL106").is_empty());
    // A value no crypt(3) hash has: no password matches it, the account is locked.
    let not_a_hash = "FROM ubuntu:22.04\nRUN useradd -l -u 33333 -G sudo -md /home/gitpod -s /bin/bash -p gitpod gitpod\nRUN echo 'svc:nologin' | chpasswd -e\n";
    assert!(lines(not_a_hash, "PL106").is_empty());
    // Hashes (modular `$id$`, 13-character DES) and an empty field still count.
    let hashes = "FROM ubuntu:22.04\nRUN useradd -p '$6$salt$abc' a\nRUN useradd -p abJnggxhB/yWI b\nRUN usermod -p '' c\nRUN useradd -p \"$HASH\" d\n";
    assert_eq!(lines(hashes, "PL106"), [2, 3, 4, 5]);
    let builder = "FROM ubuntu:22.04 AS test\nRUN echo 'a:b' | chpasswd\nFROM ubuntu:22.04\n";
    assert!(lines(builder, "PL106").is_empty());
}

// ----- PL107 privilege-escalation-setup -----

#[test]
fn pl107_finds_capabilities_sudoers_and_preloads() {
    let source = "FROM debian:12\n\
RUN setcap cap_sys_admin,cap_net_raw+eip /usr/bin/tool\n\
RUN echo 'app ALL=(ALL) ALL' >> /etc/sudoers\n\
COPY sudoers /etc/sudoers.d/app\n\
RUN echo /opt/hook.so > /etc/ld.so.preload\n\
ENV LD_PRELOAD=/opt/hook.so\n";
    assert_eq!(lines(source, "PL107"), [2, 3, 4, 5, 6]);
}

#[test]
fn pl107_accepts_harmless_cases() {
    let source = "FROM debian:12\n\
RUN setcap cap_net_bind_service=+ep /usr/sbin/nginx\n\
RUN setcap -r /usr/bin/ping\n\
RUN setcap cap_net_raw-ep /usr/bin/ping\n\
RUN sed -i 's/^%sudo/#%sudo/' /etc/sudoers\n\
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n";
    assert!(
        lines(source, "PL107").is_empty(),
        "{:?}",
        spans(source, "PL107")
    );
    let builder = "FROM debian:12 AS build\nENV LD_PRELOAD=/x.so\nRUN echo x >> /etc/sudoers\nFROM debian:12\n";
    assert!(lines(builder, "PL107").is_empty());
}

// ----- PL108 useradd-without-no-log-init -----

#[test]
fn pl108_follows_dl3046() {
    let source = "FROM debian:12\nRUN useradd -u 1000000 app\nRUN useradd --uid 123456 b\nRUN useradd -l -u 1000000 c\nRUN useradd --no-log-init -u 1000000 d\nRUN useradd -u 1001 e\nRUN useradd -u $UID f\n";
    assert_eq!(lines(source, "PL108"), [2, 3]);
    let after = fixed(source, "PL108");
    assert!(after.contains("RUN useradd -l -u 1000000 app\nRUN useradd -l --uid 123456 b"));
    assert!(lines(&after, "PL108").is_empty());
    assert_eq!(
        findings(source, "PL108")[0].fix.as_ref().unwrap().safety,
        Safety::Safe
    );
}

// ----- PL701 world-writable-permissions -----

#[test]
fn pl701_finds_world_writable_modes() {
    let source = "FROM alpine:3.19\n\
RUN chmod -R 777 /app\n\
RUN chmod 0666 /app/config.yml\n\
RUN chmod o+w,u+x /data\n\
RUN chmod a+rwX /srv\n\
RUN mkdir -p -m 777 /cache\n\
COPY --chmod=776 app /app\n";
    assert_eq!(
        spans(source, "PL701"),
        ["777", "0666", "o+w,u+x", "a+rwX", "777", "776"]
    );
    let after = fixed(source, "PL701");
    assert!(after.contains("chmod -R 755 /app") && after.contains("chmod 0644 /app/config.yml"));
    assert!(after.contains("--chmod=754") && after.contains("-m 755 /cache"));
    // `"$@"` after `set -- ...` names the directories set there.
    let positional =
        "FROM ruby:3.3\nRUN set -- config db log; mkdir -p \"$@\"; chmod -R ugo=rwX \"$@\"\n";
    assert!(message(positional, "PL701").contains("write access to `config`, `db`, `log`"));
    // Removed by the same RUN: temporary, as when written out.
    let removed = "FROM ruby:3.3\nRUN set -- /tmp/a /tmp/b; chmod 777 \"$@\" && make && rm -rf /tmp/a /tmp/b\n";
    assert!(lines(removed, "PL701").is_empty());
}

#[test]
fn pl701_accepts_sticky_umask_temporary_and_builder_cases() {
    let source = "FROM alpine:3.19\n\
RUN chmod 1777 /tmp/shared\n\
RUN chmod +w /app/file\n\
RUN chmod 755 /app && chmod g+w /app\n\
RUN tmp=\"$(mktemp -d)\" && chmod 777 \"$tmp\" && cd \"$tmp\" && make && rm -rf \"$tmp\"\n\
RUN chmod $MODE /app\n";
    assert!(
        lines(source, "PL701").is_empty(),
        "{:?}",
        spans(source, "PL701")
    );
    let builder = "FROM alpine:3.19 AS test\nRUN chmod 777 /x\nFROM alpine:3.19\n";
    assert!(lines(builder, "PL701").is_empty());
    // A source tree unpacked in /tmp and removed with the rest of /tmp, or
    // with its own directory, by the same RUN.
    let unpacked = "FROM alpine:3.19\n\
RUN cd /tmp/geoip-1.4 && chmod 777 configure && ./configure && make install && rm -rf /tmp/*\n\
WORKDIR /src\n\
RUN tar -xf lib.tgz && chmod 777 lib/configure && cd lib && ./configure && cd / && rm -rf /src/lib\n";
    assert!(
        lines(unpacked, "PL701").is_empty(),
        "{:?}",
        spans(unpacked, "PL701")
    );
    // What stays is still reported: another directory, or a removal that
    // leaves the changed file (the folder's contents, not the folder).
    let kept = "FROM alpine:3.19\n\
RUN cd /opt/app && chmod 777 data && rm -rf /tmp/*\n\
RUN chmod 777 /srv && rm -rf /srv/*\n\
RUN cd /opt && chmod 777 configure && cd /tmp && rm -f configure\n";
    assert_eq!(lines(kept, "PL701"), [2, 3, 4]);
    // The build container's /dev/shm, /proc and /sys are mounted afresh in
    // every container: the layer keeps none of their modes. A path beside
    // them (/devices, /opt/dev) is kept.
    let mounted = "FROM ubuntu:24.04\n\
RUN chmod 777 /dev/shm && chmod -R a+w /proc/sys/kernel /sys/fs\n\
WORKDIR /dev\n\
RUN chmod 777 shm\n\
RUN chmod 777 /devices /opt/dev\n";
    assert_eq!(lines(mounted, "PL701"), [5]);
}

// ----- PL702 workdir-relative -----

#[test]
fn pl702_reports_every_relative_workdir() {
    assert_eq!(lines("FROM alpine:3.19\nWORKDIR app\n", "PL702"), [2]);
    assert_eq!(
        fixed("FROM alpine:3.19\nWORKDIR app\n", "PL702"),
        "FROM alpine:3.19\nWORKDIR /app\n"
    );
    assert_eq!(
        fixed("FROM alpine:3.19\nWORKDIR \"app\"\n", "PL702"),
        "FROM alpine:3.19\nWORKDIR \"/app\"\n"
    );
    // After an absolute WORKDIR, also one inherited from the base stage, the
    // fix writes the resolved path, `.` and `..` worked out, and is safe.
    let after = "FROM alpine:3.19 AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\nWORKDIR ./lib/../data/\nWORKDIR $HOME\nWORKDIR ${APP_DIR}\n";
    assert_eq!(lines(after, "PL702"), [4, 5]);
    let found = findings(after, "PL702");
    assert!(found
        .iter()
        .all(|finding| finding.fix.as_ref().unwrap().safety == Safety::Safe));
    assert!(found[0].message.en.contains("`/srv/app`"));
    assert_eq!(
        fixed(after, "PL702"),
        "FROM alpine:3.19 AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/app\nWORKDIR /srv/app/data\nWORKDIR $HOME\nWORKDIR ${APP_DIR}\n"
    );
    // Built on a relative chain, the path still depends on the base image.
    let chain = findings("FROM alpine:3.19\nWORKDIR app\nWORKDIR src\n", "PL702");
    assert_eq!(chain.len(), 2);
    let fix = chain[1].fix.as_ref().unwrap();
    assert_eq!(
        (fix.safety, fix.edits[0].replacement.as_str()),
        (Safety::NeedsReview, "/app/src")
    );
    // With variables in the path the fix needs review; after an unknown one
    // there is none.
    let variable = findings(
        "FROM alpine:3.19\nARG ROOT=/opt\nWORKDIR $ROOT\nWORKDIR tool\n",
        "PL702",
    );
    assert_eq!(
        variable[0].fix.as_ref().unwrap().safety,
        Safety::NeedsReview
    );
    let unknown = findings("FROM alpine:3.19\nWORKDIR $HOME\nWORKDIR tool\n", "PL702");
    assert!(unknown[0].fix.is_none());
    let windows =
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\nWORKDIR c:/tools\n";
    assert!(lines(windows, "PL702").is_empty());
    let known_relative = "FROM alpine:3.19\nARG DIR=app\nWORKDIR ${DIR}\n";
    assert!(
        lines(known_relative, "PL702").is_empty(),
        "variables are accepted"
    );
}

// ----- PL703 workdir-system-directory -----

#[test]
fn pl703_resolves_the_working_directory() {
    let source = "FROM alpine:3.19\nWORKDIR /proc/self\nWORKDIR /sys\nWORKDIR kernel\nWORKDIR /dev/../app\nWORKDIR /procfiles\nWORKDIR /boot-app\n";
    assert_eq!(lines(source, "PL703"), [2, 3, 4]);
    assert!(findings(source, "PL703")[2]
        .message
        .en
        .contains("`/sys/kernel`"));
    // On Windows `/dev` is `C:\\dev`; a Linux stage of the same file is still judged.
    let windows = "ARG WINDOWS_VERSION=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:$WINDOWS_VERSION AS builder\nWORKDIR /dev\nFROM alpine:3.19\nWORKDIR /dev\n";
    assert_eq!(lines(windows, "PL703"), [5]);
}

// ----- PL704 volume-sensitive-directory / PL705 docker-socket-volume -----

#[test]
fn pl704_and_pl705_judge_the_final_image_volumes() {
    let source = "FROM alpine:3.19\nVOLUME /sys/fs/cgroup [\"/ignored\"]\nVOLUME [\"/dev/shm\", \"/data\"]\nVOLUME /var/run/docker.sock /run\nVOLUME /var/run/app /proc\n";
    assert_eq!(
        spans(source, "PL704"),
        ["/sys/fs/cgroup", "\"/dev/shm\"", "/proc"]
    );
    assert_eq!(spans(source, "PL705"), ["/var/run/docker.sock", "/run"]);
    let builder = "FROM alpine:3.19 AS build\nVOLUME /var/run/docker.sock /sys\nFROM alpine:3.19\n";
    assert!(lines(builder, "PL704").is_empty() && lines(builder, "PL705").is_empty());
    let variable = "FROM alpine:3.19\nARG SOCK=/var/run/docker.sock\nVOLUME $SOCK\n";
    assert_eq!(lines(variable, "PL705"), [3]);
}

// ----- PL706 setuid-setgid-bit -----

#[test]
fn pl706_finds_setuid_and_setgid_modes() {
    let source = "FROM debian:12\n\
RUN chmod u+s /usr/bin/tool\n\
RUN chmod 4755 /usr/bin/tool\n\
RUN chmod +s /usr/bin/tool\n\
RUN chmod 02755 /usr/bin/tool\n\
COPY --chmod=6755 tool /usr/bin/tool\n";
    assert_eq!(
        spans(source, "PL706"),
        ["u+s", "4755", "+s", "02755", "6755"]
    );
    let after = fixed(source, "PL706");
    assert!(
        after.contains("chmod 755 /usr")
            && after.contains("chmod 00755 /usr")
            && after.contains("--chmod=755")
    );
}

#[test]
fn pl706_accepts_directories_and_removals() {
    let source = "FROM postgres:16\n\
RUN install --verbose --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql\n\
RUN mkdir -m 2775 /srv/shared\n\
RUN chmod u-s,g-s /usr/bin/tool\n\
RUN chmod 0755 /usr/bin/tool\n\
RUN chmod o+s /tmp/x\n";
    assert!(
        lines(source, "PL706").is_empty(),
        "{:?}",
        spans(source, "PL706")
    );
}

// ----- PL707 copy-relative-destination-without-workdir -----

#[test]
fn pl702_and_pl707_suggest_windows_paths_on_windows_images() {
    let source =
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY run.ps1 run.ps1\nWORKDIR tools\n";
    assert!(message(source, "PL707").contains("set `WORKDIR C:/app` first"));
    assert!(message(source, "PL702").contains("such as `C:/tools`"));
    assert!(fixed(source, "PL702").ends_with("WORKDIR C:/tools\n"));
    let linux = "FROM alpine:3.19\nCOPY run.sh run.sh\nWORKDIR tools\n";
    assert!(message(linux, "PL707").contains("set `WORKDIR /app` first"));
    assert!(fixed(linux, "PL702").ends_with("WORKDIR /tools\n"));
}

#[test]
fn pl707_needs_a_workdir_in_the_stage_chain() {
    let source =
        "FROM python:3.12\nCOPY requirements.txt .\nADD app.tar.gz app/\nWORKDIR /app\nCOPY . .\n";
    assert_eq!(lines(source, "PL707"), [2, 3]);
    let inherited = "FROM python:3.12 AS base\nWORKDIR /app\nFROM base\nCOPY . .\n";
    assert!(lines(inherited, "PL707").is_empty());
    let accepted = "FROM python:3.12\nCOPY a /app/a\nCOPY b $DEST\nCOPY [\"c\", \"/c\"]\n";
    assert!(lines(accepted, "PL707").is_empty());
}

// ----- PL708 copy-destination-not-directory -----

#[test]
fn pl708_needs_a_slash_for_several_sources() {
    let source = "FROM node:20\nCOPY package.json package-lock.json /app\nCOPY [\"a.txt\", \"b.txt\", \"/data\"]\nADD a b c /opt\n";
    assert_eq!(lines(source, "PL708"), [2, 3, 4]);
    let after = fixed(source, "PL708");
    assert!(
        after.contains("package-lock.json /app/\n")
            && after.contains("\"/data/\"]")
            && after.contains("a b c /opt/\n"),
        "{after}"
    );
    assert!(lines(&after, "PL708").is_empty());
}

#[test]
fn pl708_accepts_directories_dot_and_single_wildcards() {
    let source = "FROM node:20\nWORKDIR /app\nCOPY a b /app/\nCOPY a b .\nCOPY target/*.jar app.jar\nCOPY package*.json ./\nARG DEST=/opt/\nCOPY a b $DEST\nCOPY a b $UNKNOWN\n";
    assert!(
        lines(source, "PL708").is_empty(),
        "{:?}",
        spans(source, "PL708")
    );
}

// ----- issue 13: literal account passwords, locks, one privilege setup -----

#[test]
fn pl106_a_literal_account_password_is_critical() {
    let source = "FROM ubuntu:22.04\n\
RUN echo 'root:Docker!' | chpasswd\n\
RUN printf 'admin:hunter22\\n' | chpasswd\n\
RUN echo \"app:$APP_PASSWORD\" | chpasswd\n\
RUN echo -e \"pw1234\\npw1234\" | passwd root\n\
RUN net user builder P4ssw0rd /add\n";
    assert_eq!(
        rated(source, "PL106"),
        [
            ("Docker!".to_string(), Severity::Critical),
            ("hunter22".to_string(), Severity::Critical),
            ("chpasswd".to_string(), Severity::Medium),
            ("pw1234".to_string(), Severity::Critical),
            ("P4ssw0rd".to_string(), Severity::Critical),
        ]
    );
    assert_eq!(
        message(source, "PL106"),
        "`chpasswd` gives `root` a password written in the Dockerfile (`Do…`): anyone who can read the Dockerfile or the image history can log in as `root`, in every container of the image; remove it, leave the account without a usable password and use `USER` to switch users"
    );
    let hashed = "FROM ubuntu:22.04\nRUN useradd -m -p \"$(openssl passwd -6 -salt xyz Hunter22)\" app && usermod -p \"$(openssl passwd -1 \"$PW\")\" app2\n";
    assert_eq!(
        rated(hashed, "PL106"),
        [
            ("Hunter22".to_string(), Severity::Critical),
            ("-p".to_string(), Severity::Medium),
        ]
    );
    assert!(message(hashed, "PL106")
        .starts_with("`openssl passwd` gives `app` a password written in the Dockerfile (`Hu…`)"));
    let heredoc = "FROM ubuntu:22.04\nRUN chpasswd <<EOF\napp:s3cretpw\nEOF\n";
    assert_eq!(
        rated(heredoc, "PL106"),
        [("s3cretpw".to_string(), Severity::Critical)]
    );
    let windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN net user builder 'Passw0rd!' /add ; net user svc $env:SVC_PASSWORD /add\n";
    assert_eq!(
        rated(windows, "PL106"),
        [
            ("Passw0rd!".to_string(), Severity::Critical),
            ("$env:SVC_PASSWORD".to_string(), Severity::Medium),
        ]
    );
}

#[test]
fn pl106_chpasswd_e_with_a_lock_sets_no_password() {
    let locks = "FROM ubuntu:22.04\nRUN echo 'root:*' | chpasswd -e && echo 'app:!' | chpasswd --encrypted\nRUN net user guest * /add\n";
    assert!(
        lines(locks, "PL106").is_empty(),
        "{:?}",
        spans(locks, "PL106")
    );
    // A real hash is still a password set at build time.
    let hash = "FROM ubuntu:22.04\nRUN echo 'root:$6$salt$0123456789abcdef' | chpasswd -e\n";
    assert_eq!(
        rated(hash, "PL106"),
        [("chpasswd".to_string(), Severity::Medium)]
    );
}

#[test]
fn pl101_a_shell_command_that_ends_in_exec_runs_that_program() {
    // The shell form runs a cron daemon first, then replaces itself with
    // Apache, which drops to its workers: medium, as `apache2-foreground`.
    let source = "FROM debian:12-slim\n\
RUN apt-get update && apt-get install -y --no-install-recommends apache2 cron\n\
COPY entrypoint.sh /entrypoint.sh\n\
ENTRYPOINT [\"/entrypoint.sh\"]\n\
CMD ([ -z \"$CRON_MIN\" ] || cron) && \\\n\
\t. /etc/apache2/envvars && \\\n\
\texec apache2 -D FOREGROUND\n";
    assert_eq!(
        rated(source, "PL101"),
        [("debian:12-slim".to_string(), Severity::Medium)]
    );
    assert!(message(source, "PL101").contains("so `apache2` starts as root"));
    // `sh -c` with the same ending.
    let wrapped = "FROM debian:12-slim\nRUN apt-get update && apt-get install -y apache2\nCMD [\"sh\", \"-c\", \"a2enmod rewrite && exec apache2ctl -D FOREGROUND\"]\n";
    assert_eq!(
        rated(wrapped, "PL101"),
        [("debian:12-slim".to_string(), Severity::Medium)]
    );
    // A program started without `exec` after the server word stays high.
    let app = "FROM debian:12-slim\nCMD exec_setup && python3 /app/main.py\n";
    assert_eq!(
        rated(app, "PL101"),
        [("debian:12-slim".to_string(), Severity::High)]
    );
}

#[test]
fn pl101_a_container_that_boots_systemd_runs_it_as_root() {
    let source = "FROM ubuntu:24.04\n\
RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv iptables\n\
COPY --from=build /out/ /usr/local/\n\
RUN systemctl enable containerd buildkit && mkdir -p /etc/cni\n\
COPY docker-entrypoint.sh /docker-entrypoint.sh\n\
ENTRYPOINT [\"/docker-entrypoint.sh\"]\n\
CMD [\"bash\", \"--login\", \"-i\"]\n";
    assert_eq!(
        rated(source, "PL101"),
        [("ubuntu:24.04".to_string(), Severity::Medium)]
    );
    assert!(message(source, "PL101").contains("boots systemd as root, as an init must; the services it enables (`containerd`, `buildkit`)"));
    let init = "FROM debian:12\nRUN apt-get update && apt-get install -y systemd nginx && systemctl enable nginx\nCMD [\"/sbin/init\"]\n";
    assert_eq!(
        rated(init, "PL101"),
        [("debian:12".to_string(), Severity::Medium)]
    );
    // Units enabled in an image that starts its program directly: not booted.
    let direct = "FROM debian:12\nRUN apt-get update && apt-get install -y systemd && systemctl enable ssh\nCMD [\"python3\", \"/app/main.py\"]\n";
    assert_eq!(
        rated(direct, "PL101"),
        [("debian:12".to_string(), Severity::High)]
    );
}

#[test]
fn pl102_a_server_that_drops_to_its_workers_is_medium_as_in_pl101() {
    // Switched back to root so that Apache binds port 80 and runs its
    // workers as www-data: the same start PL101 rates medium.
    let apache = "FROM php:8.3-apache\n\
USER www-data\n\
RUN composer install\n\
USER root\n\
COPY docker-entrypoint.sh /\n\
ENTRYPOINT [\"/docker-entrypoint.sh\"]\n\
CMD [\"apache2-foreground\"]\n";
    assert_eq!(
        rated(apache, "PL102"),
        [("root".to_string(), Severity::Medium)]
    );
    assert!(message(apache, "PL102").starts_with(
        "`USER root` switches back to root after `USER www-data` on line 2, so `apache2-foreground` starts as root; its master process uses root to bind ports"
    ));
    let supervised = "FROM debian:bookworm-slim\nRUN useradd app\nUSER app\nUSER root\nCMD [\"/usr/bin/supervisord\", \"-n\"]\n";
    assert_eq!(
        rated(supervised, "PL102"),
        [("root".to_string(), Severity::Medium)]
    );
    // A build environment (its entrypoint builds) serves nobody: nothing.
    let builder = "FROM ubuntu:25.04\nUSER root\nRUN apt-get update && apt-get install -y wine\nENTRYPOINT [\"/usr/bin/build\"]\n";
    assert!(lines(builder, "PL102").is_empty());
    assert!(lines(builder, "PL101").is_empty());
    // A program that does nothing of the kind runs as root: high.
    let app = apache.replace(
        "CMD [\"apache2-foreground\"]",
        "CMD [\"php\", \"worker.php\"]",
    );
    assert_eq!(rated(&app, "PL102"), [("root".to_string(), Severity::High)]);
}

#[test]
fn pl106_a_random_password_drawn_at_build_time_is_known_to_nobody() {
    let random = "FROM alpine:3.20\n\
RUN apk add --no-cache openssl && echo \"root:$(openssl rand -base64 12)\" | chpasswd && apk del openssl\n\
RUN echo \"app:`head -c 24 /dev/urandom | base64`\" | chpasswd\n";
    assert!(
        lines(random, "PL106").is_empty(),
        "{:?}",
        spans(random, "PL106")
    );
    // A value from a variable or any other command is someone's choice.
    for source in [
        "FROM alpine:3.20\nARG PW\nRUN echo \"root:$PW\" | chpasswd\n",
        "FROM alpine:3.20\nRUN echo \"root:$(cat /pw.txt)\" | chpasswd\n",
        "FROM alpine:3.20\nRUN echo \"root:$(openssl rand -base64 12)\" \"app:$PW\" | chpasswd\n",
    ] {
        assert_eq!(lines(source, "PL106").len(), 1, "{source}");
    }
}

#[test]
fn pl104_one_privilege_setup_is_one_finding() {
    let source = "FROM ubuntu:22.04\n\
ARG USERNAME=dev\n\
RUN apt-get update && apt-get install -y sudo \\\n\
    && useradd -m $USERNAME \\\n\
    && echo \"$USERNAME ALL=(ALL) NOPASSWD:ALL\" > /etc/sudoers.d/$USERNAME \\\n\
    && echo 'Defaults !requiretty' >> /etc/sudoers \\\n\
    && chmod 0440 /etc/sudoers.d/$USERNAME\n\
USER dev\n";
    assert_eq!(spans(source, "PL104"), ["sudo"]);
    assert_eq!(
        message(source, "PL104"),
        "`sudo` is installed in the final image and `NOPASSWD` in `/etc/sudoers.d/dev` lets users of the image become root through it without a password; remove both and use `USER root` for build steps that need root"
    );
    assert!(
        lines(source, "PL107").is_empty(),
        "{:?}",
        spans(source, "PL107")
    );
    // `Defaults !authenticate` drops the password for every rule.
    let defaults = "FROM ubuntu:22.04\nRUN echo 'Defaults !authenticate' >> /etc/sudoers\n";
    assert_eq!(spans(defaults, "PL104"), ["!authenticate"]);
    assert!(lines(defaults, "PL107").is_empty());
    // Installed in one RUN, granted without a password in another: still one
    // finding, on the package, pointing at the rule too.
    let apart = "FROM debian:12\nRUN apt-get update && apt-get install -y sudo git\nRUN adduser --disabled-password coder && echo 'coder ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers.d/nopasswd\nUSER coder\n";
    let found = findings(apart, "PL104");
    assert_eq!(found.len(), 1);
    assert_eq!(spans(apart, "PL104"), ["sudo", "NOPASSWD"]);
    assert_eq!(found[0].severity, Severity::High);
    assert!(found[0].message.en.starts_with(
        "`sudo` is installed in the final image and `NOPASSWD` in `/etc/sudoers.d/nopasswd`"
    ));
}

#[test]
fn pl107_a_sudoers_defaults_line_grants_nothing() {
    let source = "FROM debian:12\n\
RUN echo 'Defaults !requiretty' >> /etc/sudoers\n\
RUN printf '# proxies\\nDefaults:app env_keep += \"HTTP_PROXY\"\\n' > /etc/sudoers.d/proxy\n\
RUN echo Defaults secure_path=/usr/sbin:/usr/bin >> /etc/sudoers\n";
    assert!(
        lines(source, "PL107").is_empty(),
        "{:?}",
        spans(source, "PL107")
    );
    let grants = "FROM debian:12\nRUN printf 'Defaults !requiretty\\napp ALL=(ALL) ALL\\n' > /etc/sudoers.d/app\n";
    assert_eq!(spans(grants, "PL107"), ["/etc/sudoers.d/app"]);
}

#[test]
fn pl104_sudo_that_nothing_grants_is_medium() {
    let alone = "FROM debian:12\nRUN apt-get install -y --no-install-recommends sudo curl\n";
    assert_eq!(
        rated(alone, "PL104"),
        [("sudo".to_string(), Severity::Medium)]
    );
    assert_eq!(
        message(alone, "PL104"),
        "`sudo` is installed in the final image; no sudoers rule or group here grants it to a user, but it is a setuid-root program (with a history of local root exploits) one rule away from a way to become root; remove it and use `USER root` for build steps that need root"
    );
    // A sudoers rule or a sudo group anywhere in the image makes it a way to root.
    for granted in [
        "RUN useradd -m app && usermod -aG sudo app\n",
        "RUN adduser app wheel\n",
        "COPY sudoers.app /etc/sudoers.d/app\n",
        "RUN echo 'app ALL=(ALL) ALL' > /etc/sudoers.d/app\n",
    ] {
        let source = format!("{alone}{granted}");
        assert_eq!(
            rated(&source, "PL104"),
            [("sudo".to_string(), Severity::High)],
            "{granted}"
        );
    }
    // `Defaults` lines and disabling edits grant nothing.
    let defaults = format!("{alone}RUN echo 'Defaults !requiretty' >> /etc/sudoers && sed -i 's/^%sudo/#%sudo/' /etc/sudoers\n");
    assert_eq!(
        rated(&defaults, "PL104"),
        [("sudo".to_string(), Severity::Medium)]
    );
}

#[test]
fn pl101_what_the_image_starts_rates_a_root_start() {
    let steps_down = "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"postgres\"]\n";
    assert_eq!(
        rated(steps_down, "PL101"),
        [("debian:bookworm-slim".to_string(), Severity::Medium)]
    );
    assert_eq!(
        message(steps_down, "PL101"),
        "the final stage never sets USER, so the container starts as root; the image installs `gosu`, which entrypoints use to switch to the service's own user before starting it: make sure the entrypoint does, so that root only runs the setup, or set `USER`"
    );
    for (source, starts) in [
        ("FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n", "`nginx` starts as root"),
        // A wrapper ENTRYPOINT given the server as its command.
        (
            "FROM nginx:1.27\nCOPY bin/docker-environment /usr/local/bin/\nENTRYPOINT [\"/usr/local/bin/docker-environment\"]\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
            "`nginx` starts as root",
        ),
        (
            "FROM php:8.3-apache\nCOPY src/ /var/www/html/\n",
            "`apache2-foreground` starts as root",
        ),
        (
            "FROM debian:12\nCOPY supervisord.conf /etc/\nCMD [\"/usr/bin/supervisord\", \"-c\", \"/etc/supervisord.conf\"]\n",
            "the process supervisor `/usr/bin/supervisord` runs as root",
        ),
        (
            "FROM rabbitmq:4.2\nRUN rabbitmq-plugins enable --offline rabbitmq_management\n",
            "the entrypoint of `rabbitmq`, kept here, switches to the service's own user",
        ),
        (
            "FROM redis:7.2\nCOPY redis.conf /usr/local/etc/redis/\nCMD [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\n",
            "the entrypoint of `redis`, kept here",
        ),
        (
            "FROM docker:28.0.1-dind\nCOPY daemon.json /etc/docker/\n",
            "`dockerd` runs as root, as a Docker daemon must",
        ),
        (
            "FROM ubuntu:24.04\nRUN apt-get install -y iptables\nENTRYPOINT [\"hack/dind\"]\n",
            "`dind` runs as root, as a Docker daemon must",
        ),
        (
            "FROM alpine:3.23\nCOPY --from=build /out/ /usr/bin/\nENTRYPOINT [\"buildkitd\"]\n",
            "`buildkitd` runs as root, as BuildKit's daemon does unless it runs rootless",
        ),
        (
            "FROM mcr.microsoft.com/dotnet/aspnet:10.0-windowsservercore-ltsc2022\nCOPY app/ /inetpub/wwwroot/\nENTRYPOINT [\"C:\\\\ServiceMonitor.exe\", \"w3svc\"]\n",
            "`ServiceMonitor.exe` runs as the administrator account `ContainerAdministrator`, as it must to watch the IIS service",
        ),
        // A start script on an image that installs Supervisor.
        (
            "FROM ubuntu:22.04\nRUN apt-get install -y supervisor nginx\nCOPY run.sh /run.sh\nCMD [\"/run.sh\"]\n",
            "`/run.sh` starts as root; the image installs Supervisor",
        ),
        (
            "FROM ruby:3.3-slim\nRUN apt-get install -y supervisor\nCOPY entrypoint.sh /sbin/\nENTRYPOINT [\"/sbin/entrypoint.sh\"]\nCMD [\"app:start\"]\n",
            "`/sbin/entrypoint.sh` starts as root; the image installs Supervisor",
        ),
        (
            "FROM centos:7\nRUN pip install supervisor==3.1.3\nCOPY entrypoint.sh /\nCMD [\"/bin/bash\", \"/entrypoint.sh\"]\n",
            "`/entrypoint.sh` starts as root; the image installs Supervisor",
        ),
        // Someone's image with only files of the build context added: its
        // user is that image's choice.
        (
            "FROM nginxproxy/nginx-proxy:1.7-alpine\nCOPY uploadsize.conf /etc/nginx/conf.d/\n",
            "only adds files to `nginxproxy/nginx-proxy:1.7-alpine`, so the container runs as the user that image sets",
        ),
    ] {
        let found = findings(source, "PL101");
        assert_eq!(found.len(), 1, "{source}");
        assert_eq!(found[0].severity, Severity::Medium, "{source}");
        assert!(found[0].message.en.contains(starts), "{}", found[0].message.en);
    }
    // A program of this build copied onto someone's toolchain image, or a
    // RUN of its own: the image is this Dockerfile's, and root.
    for source in [
        "FROM rustlang/rust:nightly AS build\nRUN cargo build --release\nFROM rustlang/rust:nightly\nCOPY --from=build /app/target/release/app /app/\nCMD [\"/app/app\"]\n",
        "FROM someone/runtime:1\nRUN pip install flask\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
        // Supervisor installed, but the image starts its program directly.
        "FROM python:3.13\nRUN pip install supervisor\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    ] {
        let found = findings(source, "PL101");
        assert_eq!(found.len(), 1, "{source}");
        assert_eq!(found[0].severity, Severity::High, "{source}");
    }
    // Image families known to set a non-root user.
    for source in [
        "ARG BASE_IMAGE=quay.io/jupyter/scipy-notebook\nFROM $BASE_IMAGE\nRUN pip install torch\n",
        "FROM jetbrains/teamcity-server:2023.11.3\nCOPY plugins/ /data/teamcity_server/datadir/plugins/\n",
        "FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCOPY app/ /app/\nENTRYPOINT [\"dotnet\", \"/app/web.dll\"]\n",
        // Vendor images that end with a non-root USER.
        "FROM quay.io/keycloak/keycloak:24.0\nENV KC_HEALTH_ENABLED=true\nENTRYPOINT [\"/opt/keycloak/bin/kc.sh\"]\n",
        "FROM grafana/grafana:11.1.0\nCOPY dashboards/ /etc/grafana/provisioning/dashboards/\n",
        "FROM prom/prometheus:v2.53.0\nCOPY prometheus.yml /etc/prometheus/\n",
        "FROM mcr.microsoft.com/mssql/server:2022-latest\nCOPY setup.sql /opt/setup/\n",
    ] {
        assert!(findings(source, "PL101").is_empty(), "{source}");
    }
    // SQL Server 2017 images still run as root.
    assert_eq!(
        findings("FROM mcr.microsoft.com/mssql/server:2017-latest\nCOPY setup.sql /opt/setup/\nCMD [\"/opt/mssql/bin/sqlservr\"]\n", "PL101").len(),
        1
    );
    // A base chosen at build time: its user is not known here.
    let chosen = "ARG BASE_IMAGE\nFROM $BASE_IMAGE\nRUN pip install torch\n";
    assert_eq!(
        rated(chosen, "PL101"),
        [("$BASE_IMAGE".to_string(), Severity::Medium)]
    );
    assert_eq!(
        message(chosen, "PL101"),
        "the final stage never sets USER and its base `$BASE_IMAGE` is chosen at build time (`--build-arg BASE_IMAGE=...`), so the container runs as whatever user that image sets, which is root for most images; set `USER` here, or build only on images that set a non-root user"
    );
    // A toolchain image that starts only an interpreter prompt: a base for others.
    let toolchain = "FROM buildpack-deps:bookworm\nENV PYTHON_VERSION=3.14.0\nRUN curl -fsSL https://example.org/python.tar.xz | tar -xJ\nCOPY docker-entrypoint.sh /usr/local/bin/\nCMD [\"python3\"]\n";
    assert_eq!(
        rated(toolchain, "PL101"),
        [("buildpack-deps:bookworm".to_string(), Severity::Low)]
    );
    assert!(message(toolchain, "PL101").starts_with(
        "the final stage never sets USER, and it starts only `python3` on `buildpack-deps:bookworm`, which makes it look like a base or toolchain image"
    ));
    // The version may be in the name of the interpreter it starts instead.
    let versioned = "FROM debian:trixie-slim\nRUN curl -fsSL https://example.org/perl-5.42.1.tar.xz | tar -xJ\nWORKDIR /usr/src/app\nCMD [\"perl5.42.1\",\"-de0\"]\n";
    assert_eq!(
        rated(versioned, "PL101"),
        [("debian:trixie-slim".to_string(), Severity::Low)]
    );
    let unversioned = "FROM debian:trixie-slim\nRUN curl -fsSL https://example.org/perl.tar.xz | tar -xJ\nCMD [\"perl5\",\"-de0\"]\n";
    assert_eq!(
        rated(unversioned, "PL101"),
        [("debian:trixie-slim".to_string(), Severity::High)]
    );
    // On Windows the images built on it run as the administrator account.
    let windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2019\nRUN curl -fSLo setup.exe https://example.org/setup.exe\n";
    assert!(message(windows, "PL101").ends_with(
        "images built `FROM` it run as the administrator account `ContainerAdministrator` unless they set `USER` themselves; if containers run this image directly, add `USER ContainerUser`"
    ));
    // No program and no application of its own: a base for others (parser
    // fixtures, tool images run with a command given at run time).
    for source in [
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        "FROM ubuntu:14.04\nRUN apt-get update && apt-get install -y curl\nENV PATH=/opt/bin:$PATH\n",
    ] {
        assert_eq!(
            findings(source, "PL101")
                .iter()
                .map(|finding| finding.severity)
                .collect::<Vec<_>>(),
            [Severity::Low],
            "{source}"
        );
        assert!(message(source, "PL101").contains("it starts no program of its own"));
    }
    // A development environment stage is not a deployment.
    let dev = "FROM node:20 AS dev-envs\nCOPY . /app\nCMD [\"npm\", \"run\", \"dev\"]\n";
    assert!(findings(dev, "PL101").is_empty());
    // Still high: an application, a script given to the interpreter, a CMD
    // that bypasses the base image's entrypoint.
    for source in [
        "FROM debian:12\nENV HELM_VERSION=2.16.7\nCOPY pwnchart /pwnchart/\nCMD [\"/bin/bash\"]\n",
        "FROM debian:12\nRUN apt-get install -y python3\nCMD [\"python3\", \"/srv/app.py\"]\n",
        "FROM redis:7-alpine\nCOPY start-redis.sh /\nCMD [\"/bin/sh\", \"/start-redis.sh\"]\n",
        // A user created but no entrypoint script to switch to it, or a
        // script that runs the tool itself.
        "FROM debian:12\nRUN useradd -r nouveau\nCMD [\"java\", \"-jar\", \"/opt/nouveau.jar\"]\n",
        "FROM python:3.11-slim\nRUN useradd -r checkov\nCOPY run_checkov.sh /app/\nENTRYPOINT [\"/app/run_checkov.sh\"]\n",
    ] {
        assert_eq!(
            findings(source, "PL101")
                .iter()
                .map(|finding| finding.severity)
                .collect::<Vec<_>>(),
            [Severity::High],
            "{source}"
        );
    }
}

#[test]
fn pl101_an_entrypoint_script_of_an_image_that_creates_its_user_is_medium() {
    // The script steps down with a tool the base already has (setpriv,
    // runuser), which the Dockerfile never names.
    let source = "FROM debian:bookworm-slim\n\
RUN groupadd -g 5984 -r couchdb && useradd -u 5984 -d /opt/couchdb -g couchdb couchdb\n\
COPY docker-entrypoint.sh /\n\
ENTRYPOINT [\"tini\", \"--\", \"/docker-entrypoint.sh\"]\n\
CMD [\"/opt/couchdb/bin/couchdb\"]\n";
    assert_eq!(
        rated(source, "PL101"),
        [("debian:bookworm-slim".to_string(), Severity::Medium)]
    );
    assert_eq!(
        message(source, "PL101"),
        "the final stage never sets USER, so the container starts as root; it creates the user `couchdb` and starts through `/docker-entrypoint.sh`, an entrypoint script of the kind that switches to such a user (with `gosu`, `su-exec`, `setpriv` or `runuser`) before starting the command: make sure this one does for every command it runs, so that root only runs the setup, or set `USER couchdb`"
    );
    // The user's name given by an ENV, as images that keep it in one place do.
    let named = "FROM ubuntu:22.04\n\
ENV APP_USER=graylog APP_GROUP=graylog\n\
RUN groupadd -r \"$APP_GROUP\" && useradd --no-log-init -r -g \"$APP_GROUP\" \"$APP_USER\"\n\
COPY entrypoint.sh /entrypoint.sh\n\
ENTRYPOINT [\"tini\", \"--\", \"/entrypoint.sh\"]\n\
CMD [\"graylog-datanode\"]\n";
    assert_eq!(
        rated(named, "PL101"),
        [("ubuntu:22.04".to_string(), Severity::Medium)]
    );
    assert!(message(named, "PL101").contains("it creates the user `graylog`"));
    // A name with no value here tells nothing: the start stays high.
    let unknown = named.replace("ENV APP_USER=graylog APP_GROUP=graylog\n", "ARG APP_USER\n");
    assert_eq!(
        rated(&unknown, "PL101"),
        [("ubuntu:22.04".to_string(), Severity::High)]
    );
    // A base image that creates a user for the images built on it stays low.
    let base = "FROM debian:bookworm-slim\nENV NODE_VERSION=24.1.0\nRUN useradd node\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"node\"]\n";
    assert_eq!(
        rated(base, "PL101"),
        [("debian:bookworm-slim".to_string(), Severity::Low)]
    );
}
