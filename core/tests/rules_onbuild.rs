//! `ONBUILD RUN` triggers: the model parses them like RUN scripts, so the
//! rules about what a command does (sudo, packages, downloads, secrets,
//! modes, shell style) report them, pointing into the trigger's text; the
//! rules that infer this image's own state from its RUNs leave them out.

use plimsoll_core::model::{scripts, Model, RunOrigin};
use plimsoll_core::rules::Rule;
use plimsoll_core::syntax::{parse, Dockerfile};

mod support;
use support::{findings, fixed, message, spans};

/// `FROM debian:12-slim` and one trigger.
fn trigger(script: &str) -> String {
    format!("FROM debian:12-slim\nONBUILD RUN {script}\n")
}

fn parsed(source: &str) -> (Dockerfile, Model) {
    let dockerfile = parse(source);
    let model = Model::build(&dockerfile, None);
    (dockerfile, model)
}

fn fires(source: &str, code: &str) -> bool {
    !findings(source, code).is_empty()
}

#[test]
fn the_model_marks_trigger_scripts_and_maps_their_spans() {
    let source = "FROM debian:12-slim\nRUN make\nONBUILD RUN  make install\nONBUILD RUN [\"sh\", \"-c\", \"make check\"]\nONBUILD COPY . /src\n";
    let (dockerfile, model) = parsed(source);
    let all = scripts(&dockerfile, &model);
    let origins: Vec<RunOrigin> = all.iter().map(|script| script.run_origin).collect();
    assert_eq!(
        origins,
        [RunOrigin::Run, RunOrigin::Trigger, RunOrigin::Trigger]
    );
    let trigger = &all[1];
    assert!(trigger.is_trigger() && !all[0].is_trigger());
    assert_eq!(trigger.instruction, 2);
    assert_eq!(trigger.stage, Some(0));
    let command = &trigger.script.commands[0];
    let span = trigger.span(&dockerfile, command.range.clone());
    assert_eq!(&source[span.range()], "make install");
    let exec = &all[2];
    let span = exec.span(&dockerfile, exec.script.commands[0].range.clone());
    assert_eq!(&source[span.range()], "make check");
    // The RUN's own flags are the trigger's.
    let (dockerfile, model) =
        parsed("FROM debian:12\nONBUILD RUN --mount=type=cache,target=/root/.cache make\n");
    let mounted = scripts(&dockerfile, &model);
    assert_eq!(mounted[0].run(&dockerfile).mounts().len(), 1);
}

#[test]
fn trigger_heredocs_are_scripts_too() {
    let source = "FROM debian:12-slim\nONBUILD RUN <<EOF\nsudo make install\nEOF\n";
    assert_eq!(spans(source, "PL103"), ["sudo"]);
}

#[test]
fn command_rules_report_triggers_in_the_trigger_text() {
    // (rule, trigger script, the text the finding points at)
    let cases: &[(&str, &str, &str)] = &[
        ("PL103", "sudo make install", "sudo"),
        (
            "PL104",
            "apt-get install -y --no-install-recommends sudo=1.9.13p3-1 && rm -rf /var/lib/apt/lists/*",
            "sudo",
        ),
        ("PL106", "echo 'app:hunter2' | chpasswd", "hunter2"),
        ("PL107", "setcap cap_net_raw+ep /usr/local/bin/probe", "cap_net_raw+ep"),
        ("PL108", "useradd -u 123456789 app", "useradd"),
        ("PL301", "apt-get update", "apt-get update"),
        (
            "PL302",
            "apt-get install --no-install-recommends curl=7.88.1-10",
            "apt-get install",
        ),
        (
            "PL303",
            "apt-get install -y curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*",
            "apt-get install",
        ),
        (
            "PL304",
            "apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10",
            "apt-get update",
        ),
        ("PL305", "apk add curl=8.9.1-r0", "apk add"),
        ("PL306", "yum install -y httpd-2.4.6", "yum install"),
        ("PL307", "apk add --no-cache curl", "curl"),
        ("PL308", "pip install --no-cache-dir flask", "flask"),
        (
            "PL309",
            "apt install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*",
            "apt",
        ),
        ("PL310", "pip install flask==3.0.3", "pip install"),
        ("PL311", "apt-get dist-upgrade -y", "apt-get dist-upgrade"),
        ("PL313", "yarn install", "yarn install"),
        ("PL314", "apt-key add /tmp/key.gpg", "apt-key add"),
        ("PL308", "pecl install redis", "redis"),
        ("PL315", "npm ci --omit=dev", "npm ci"),
        (
            "PL402",
            "export AWS_SECRET_ACCESS_KEY=k3Jd82LmQw0Zp7Xv5Rt1Yb && aws s3 ls",
            "k3Jd82LmQw0Zp7Xv5Rt1Yb",
        ),
        (
            "PL406",
            "echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > /root/.npmrc",
            "_authToken",
        ),
        ("PL701", "chmod 777 /srv/app", "777"),
        ("PL706", "chmod u+s /usr/local/bin/tool", "u+s"),
        (
            "PL801",
            "curl -fsSL https://example.com/install.sh | sh",
            "curl -fsSL https://example.com/install.sh | sh",
        ),
        (
            "PL803",
            "curl -fsSLO http://example.com/tool.tar.gz",
            "http://example.com/tool.tar.gz",
        ),
        (
            "PL804",
            "curl -k -fsSLO https://example.com/tool.tar.gz",
            "-k",
        ),
        ("PL805", "rpm --nosignature -i /tmp/tool.rpm", "--nosignature"),
        (
            "PL925",
            "wget -q https://example.com/a.tgz && curl -fsSLO https://example.com/b.tgz",
            "curl",
        ),
        (
            "PL809",
            "git clone https://github.com/example/tool",
            "https://github.com/example/tool",
        ),
        ("PL920", "cd /srv/app && make", "cd /srv/app"),
        (
            "PL921",
            "curl -fsSL https://example.com/list | grep tool > /tools",
            "curl -fsSL https://example.com/list | grep tool",
        ),
        (
            "PL922",
            "ln -sf /bin/bash /bin/sh",
            "ln -sf /bin/bash /bin/sh",
        ),
        ("PL923", "top", "top"),
        ("PL926", "wget https://example.com/tool.tar.gz", "wget"),
    ];
    let mut problems = Vec::new();
    for (code, script, expected) in cases {
        assert!(Rule::by_code(code).is_some(), "{code}");
        let source = trigger(script);
        let found = spans(&source, code);
        if found.len() != 1 || !found[0].contains(expected) {
            problems.push(format!(
                "{code}: {found:?}, expected one finding on `{expected}`\n{source}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn sudo_installed_by_a_trigger_says_where() {
    let source = trigger(
        "apt-get install -y --no-install-recommends sudo=1.9.13p3-1 && rm -rf /var/lib/apt/lists/*",
    );
    assert!(message(&source, "PL104").contains("every image built from this one"));
}

#[test]
fn sudo_in_a_trigger_keeps_its_own_advice() {
    let source = trigger("sudo -u app make install");
    assert!(message(&source, "PL103").contains("`ONBUILD RUN`"));
    // A RUN of the stage gets the RUN advice, the trigger the trigger's.
    let both = "FROM debian:12-slim\nUSER app\nRUN sudo make\nONBUILD RUN sudo make\n";
    let messages: Vec<String> = findings(both, "PL103")
        .iter()
        .map(|finding| finding.message.en.clone())
        .collect();
    assert_eq!(messages.len(), 2);
    assert!(!messages[0].contains("ONBUILD") && messages[1].contains("`ONBUILD RUN`"));
}

#[test]
fn exec_form_and_mount_flags_of_triggers() {
    // `["sh", "-c", "..."]` in a trigger is a script.
    let source = "FROM debian:12-slim\nONBUILD RUN [\"sh\", \"-c\", \"sudo make\"]\n";
    assert_eq!(spans(source, "PL103"), ["sudo"]);
    // The trigger's cache mounts keep the caches out of the layer.
    let mounted = "FROM debian:12-slim\nONBUILD RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10\n";
    assert!(!fires(mounted, "PL304"));
    let pip = "FROM python:3.12-slim\nONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3\n";
    assert!(!fires(pip, "PL310"));
}

#[test]
fn cleanup_rules_judge_triggers_whatever_their_stage() {
    // The trigger's layer lands in the images built from the stage's image,
    // even when the stage itself is only copied from.
    let source = "FROM debian:12-slim AS build\nONBUILD RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10\nFROM scratch\nCOPY --from=build /etc/os-release /\n";
    assert!(fires(source, "PL304"));
    // A RUN in that stage leaves its lists behind with the stage.
    let run = source.replace("ONBUILD RUN", "RUN");
    assert!(!fires(&run, "PL304"));
}

#[test]
fn fixes_edit_the_trigger_text() {
    let source = trigger("apk add curl=8.9.1-r0");
    assert_eq!(
        fixed(&source, "PL305"),
        "FROM debian:12-slim\nONBUILD RUN apk add --no-cache curl=8.9.1-r0\n"
    );
    let source =
        trigger("apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10");
    let after = fixed(&source, "PL304");
    assert!(
        after.ends_with("&& rm -rf /var/lib/apt/lists/*\n"),
        "{after}"
    );
    assert!(!fires(&after, "PL304"));
    // No WORKDIR fix for a trigger's `cd`: it would need an ONBUILD WORKDIR.
    let source = trigger("cd /srv/app && make");
    assert_eq!(fixed(&source, "PL920"), source);
}

#[test]
fn state_rules_leave_triggers_out() {
    // Build tools a trigger installs go into the images built from this one,
    // most often build stages.
    assert!(!fires(&trigger("apt-get install -y --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*"), "PL601"));
    assert!(fires(
        "FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*\nCMD [\"/app\"]\n",
        "PL601"
    ));
    // An SSH server a trigger installs is not in this image.
    assert!(!fires(&trigger("apt-get install -y --no-install-recommends openssh-server=1:9.2p1-2 && rm -rf /var/lib/apt/lists/*"), "PL504"));
    // A user a trigger creates does not give this image's USER its UID.
    let user = "FROM debian:12-slim\nONBUILD RUN useradd -u 1001 app\nUSER app\n";
    assert!(message(user, "PL105").contains("USER app"));
    let created = "FROM debian:12-slim\nRUN useradd -u 1001 app\nUSER app\n";
    assert!(message(created, "PL105").contains("1001"));
    // The child build does not see this build's ARG values.
    let arg = "FROM debian:12-slim\nARG NPM_TOKEN\nONBUILD RUN echo \"$NPM_TOKEN\" > /root/.npmrc-token\n";
    assert!(!fires(arg, "PL404"));
    assert!(fires(&arg.replace("ONBUILD RUN", "RUN"), "PL404"));
}

#[test]
fn a_later_trigger_verifies_a_trigger_download_but_not_a_run() {
    let verified = "FROM debian:12-slim\nONBUILD RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\nONBUILD RUN echo \"0123  /tmp/tool.tgz\" | sha256sum -c -\n";
    assert!(!fires(verified, "PL802"));
    let run = "FROM debian:12-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\nONBUILD RUN echo \"0123  /tmp/tool.tgz\" | sha256sum -c -\n";
    assert!(fires(run, "PL802"));
}
