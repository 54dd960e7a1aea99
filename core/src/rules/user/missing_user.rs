use crate::fix::{Edit, Fix};
use crate::model::{Base, Purpose, Stage, DOCKER_HUB, PROMPTS};
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::script::basename;
use crate::shell::Tool as Cmd;
use crate::syntax::{Args, Command, Keyword};

use super::{
    after_instruction, defaults_to_non_root, distro, final_chain, in_final_chain, line_start_of,
    Distro,
};

pub const RULE: Rule = Rule {
    code: "PL101",
    name: "missing-user",
    section: Section::User,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Trivy, "DS-0002"),
        alias(Tool::Checkov, "CKV_DOCKER_3"),
        alias(Tool::Kics, "Missing User Instruction"),
        alias(Tool::Semgrep, "missing-user"),
        alias(Tool::Semgrep, "missing-user-entrypoint"),
        alias(Tool::Dockle, "CIS-DI-0001"),
        alias(Tool::Cis, "4.1"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    let Some(stage) = context.model.final_stage() else {
        return;
    };
    // Files exported from the build and build or test images are not
    // containers that serve anyone: nobody runs them with this user.
    if context.model.stage_end(stage.index).user.is_some()
        || matches!(
            context.model.purposes[stage.index],
            Purpose::Export | Purpose::Build | Purpose::Test
        )
    {
        return;
    }
    // A WebAssembly module (`ENTRYPOINT ["app.wasm"]`) is run by a Wasm
    // runtime in its sandbox, not as a Linux process with a UID.
    let starts_wasm = crate::rules::network::started_programs(context)
        .first()
        .is_some_and(|program| program.ends_with(".wasm"));
    let ancestry = context.model.ancestry(stage.index);
    let root = &context.model.stages[*ancestry.last().unwrap_or(&stage.index)];
    if starts_wasm || defaults_to_non_root(&root.base) || drops_privileges(context, stage) {
        return;
    }
    let base = context.model.base_image_name(stage.index);
    let escape = context.dockerfile.escape;
    let (message, lines, owner) = match distro(&root.base) {
        Distro::Scratch => (
            crate::text!(
                "the final stage is built `FROM scratch` and never sets USER, so the program runs as UID 0 (root); add `USER 65534:65534` (nobody)",
                "最終ステージは `FROM scratch` で USER を一度も設定していないため、プログラムは UID 0（root）で動きます。`USER 65534:65534`（nobody）を追加してください",
            ),
            "USER 65534:65534\n".to_string(),
            Some("65534:65534"),
        ),
        Distro::Distroless => (
            crate::text!(
                format!("the final stage never sets USER and `{base}` runs as root; use its `:nonroot` variant or add `USER 65532:65532`"),
                format!("最終ステージは USER を一度も設定しておらず、`{base}` は root で動きます。`:nonroot` 版を使うか `USER 65532:65532` を追加してください"),
            ),
            "USER 65532:65532\n".to_string(),
            Some("65532:65532"),
        ),
        Distro::Windows => (
            crate::text!(
                format!("the final stage never sets USER, so the container runs as the default user of `{base}`, the administrator account `ContainerAdministrator`; switch to `USER ContainerUser`"),
                format!("最終ステージは USER を一度も設定していないため、コンテナは `{base}` のデフォルトユーザーである管理者アカウント `ContainerAdministrator` で動きます。`USER ContainerUser` に切り替えてください"),
            ),
            "USER ContainerUser\n".to_string(),
            None,
        ),
        distro => (
            crate::text!(
                format!("the final stage never sets USER, so the container runs as the default user of `{base}`, which is root for most images; create a non-root user and switch to it with `USER 1001`"),
                format!("最終ステージは USER を一度も設定していないため、コンテナは `{base}` のデフォルトユーザーで動きます。多くのイメージでは root です。非rootユーザーを作成し、`USER 1001` で切り替えてください"),
            ),
            match distro {
                Distro::Alpine => format!("RUN addgroup -g 1001 -S appgroup && {escape}\n    adduser -S appuser -u 1001 -G appgroup\nUSER 1001\n"),
                Distro::Debian => format!("RUN groupadd --gid 1001 appgroup && {escape}\n    useradd --uid 1001 --gid appgroup --shell /bin/sh appuser\nUSER 1001\n"),
                _ => "USER 1001\n".to_string(),
            },
            Some("1001:1001"),
        ),
    };
    let instructions = &context.dockerfile.instructions;
    let (at, text) = match stage.instructions.clone().find(|&index| {
        matches!(
            instructions[index].keyword,
            Keyword::Cmd | Keyword::Entrypoint
        )
    }) {
        Some(command) => (line_start_of(context, command), lines),
        None => {
            let last = stage.instructions.clone().last().unwrap_or(stage.from);
            let (at, newline) = after_instruction(context, last);
            (at, format!("{newline}{lines}"))
        }
    };
    // The ownership advice names the user the fix switches to.
    let (chown_en, chown_ja) = owner.map_or_else(Default::default, |owner| {
        (
            format!(" Files the program writes must belong to it (`COPY --chown={owner}`)."),
            format!("プログラムが書き込むファイルはそのユーザーの所有にしてください（`COPY --chown={owner}`）。"),
        )
    });
    let description = if distro(&root.base) == Distro::Unknown {
        crate::text!(
            format!("Switch to UID 1001 before the container starts. The base image's distribution is unknown, so no user is created: a numeric UID works without an /etc/passwd entry, or create the user with the image's own tools.{chown_en}"),
            format!("コンテナ起動前に UID 1001 へ切り替えます。ベースイメージのディストリビューションが分からないため、ユーザーは作成しません。数値UIDは /etc/passwd に登録がなくても使えます。必要ならイメージのツールでユーザーを作成してください。{chown_ja}"),
        )
    } else {
        crate::text!(
            format!("Run as a non-root user before the container starts.{chown_en}"),
            format!("コンテナ起動前に非rootユーザーへ切り替えます。{chown_ja}"),
        )
    };
    let fix = Fix::needs_review(description, vec![Edit::insert(at, text)]);
    if let Base::Unresolved { missing, .. } = &root.base {
        // The base is chosen at build time: its user is not known here.
        let argument = missing.first().map_or("", String::as_str);
        out.report(stage.base_span, crate::text!(
            format!("the final stage never sets USER and its base `{base}` is chosen at build time (`--build-arg {argument}=...`), so the container runs as whatever user that image sets, which is root for most images; set `USER` here, or build only on images that set a non-root user"),
            format!("最終ステージは USER を一度も設定しておらず、ベースの `{base}` はビルド時に選ばれます（`--build-arg {argument}=...`）。コンテナはそのイメージが設定するユーザーで動き、多くのイメージでは root です。ここで `USER` を設定するか、非rootユーザーを設定したイメージだけを土台にしてください"),
        ))
        .in_stage(stage.index)
        .rated(Severity::Medium)
        .with_fix(fix);
        return;
    }
    // An image others build on or run with their own command: nothing of its
    // own runs as root, the images built FROM it decide.
    // With no start command of its own the image runs whatever it is given;
    // with only a prompt, files of an application say it is run as it is.
    let chain = final_chain(context);
    let instructions = &context.dockerfile.instructions;
    let starts_nothing = !chain.iter().any(|&index| {
        matches!(
            instructions[index].keyword,
            Keyword::Cmd | Keyword::Entrypoint
        )
    });
    let ships_application = chain
        .iter()
        .any(|&index| copies_application_files(&instructions[index]));
    let start = match root_start(context, &root.base) {
        // What it starts still explains root (a Docker daemon, a database
        // image's entrypoint): that says more than "a base image".
        found @ (None | Some(RootStart::BaseImage(_)))
            if context.model.purposes[stage.index] == Purpose::Base
                && (starts_nothing || !ships_application) =>
        {
            Some(RootStart::BaseImage(found.and_then(RootStart::into_prompt)))
        }
        found => found,
    };
    match start {
        None if only_adds_files(context, &chain) && is_someones_image(&root.base) => {
            out.report(stage.base_span, crate::text!(
                format!("the final stage never sets USER and only adds files to `{base}`, so the container runs as the user that image sets, which this Dockerfile does not show; check that `{base}` runs as a non-root user, or set `USER` here"),
                format!("最終ステージは USER を一度も設定しておらず、`{base}` にファイルを追加するだけなので、コンテナはそのイメージが設定するユーザーで動きます。この Dockerfile からは分かりません。`{base}` が非rootユーザーで動くことを確かめるか、ここで `USER` を設定してください"),
            ))
            .in_stage(stage.index)
            .rated(Severity::Medium)
            .with_fix(fix);
        }
        None => {
            out.report(stage.base_span, message)
                .in_stage(stage.index)
                .with_fix(fix);
        }
        Some(start) => {
            let windows = distro(&root.base) == Distro::Windows;
            let (message, severity, fix) = start.advice(&base, windows);
            out.report(stage.base_span, message)
                .in_stage(stage.index)
                .rated(severity)
                .with_fix(fix);
        }
    }
}

/// Why a container that starts as root may not run its work as root: what
/// the image starts says so.
enum RootStart {
    /// The image installs a tool entrypoints use to switch to the service's
    /// user before starting it (`gosu`, `su-exec`).
    StepsDown(&'static str),
    /// A Docker daemon (Docker-in-Docker), which needs root by design.
    DockerDaemon(String),
    /// BuildKit's daemon (`buildkitd`), which runs as root unless it is
    /// started rootless.
    BuildKitDaemon(String),
    /// systemd as the container's init, with the units the image enables:
    /// systemd runs as root, and each service as its unit says.
    Systemd(Vec<String>),
    /// IIS's `ServiceMonitor.exe`, which must run as an administrator to
    /// watch the IIS service; the sites run as their application pools'
    /// identities.
    IisServiceMonitor(String),
    /// The base is an official server image whose entrypoint steps down,
    /// and the image keeps its command.
    BaseStepsDown(String),
    /// The image creates a user it never switches to and starts through an
    /// entrypoint script: the script is where such images step down (with a
    /// tool the base already has, `setpriv` or `runuser`).
    EntrypointMaySwitch { user: String, script: String },
    /// A server whose master process starts as root to bind its ports and
    /// runs its workers as an unprivileged user (nginx, Apache, php-fpm, sshd).
    DropsToWorkers(String),
    /// A process supervisor that starts each service as its own user.
    Supervisor(String),
    /// A start script on an image that installs Supervisor, which the
    /// script starts.
    SupervisorScript(String),
    /// Nothing is started but a shell or an interpreter's prompt on an
    /// operating system image that installs a toolchain of a set version: a
    /// base or toolchain image others build `FROM`.
    BaseImage(Option<String>),
}

/// Tools that run a command as another user, which entrypoint scripts use to
/// step down from root.
const STEP_DOWN_TOOLS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "runuser",
    "s6-setuidgid",
    "chpst",
];

/// Servers whose master process drops to an unprivileged user for the work.
const DROPPING_SERVERS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2",
    "apache2-foreground",
    "apache2ctl",
    "apachectl",
    "php-fpm",
    "sshd",
    "postfix",
    "dovecot",
    "exim",
    "haproxy",
    "lighttpd",
    "vsftpd",
    "proftpd",
    "squid",
    "unbound",
    "dnsmasq",
    "smbd",
];

/// Process supervisors.
const SUPERVISORS: &[&str] = &["supervisord", "init", "s6-svscan", "runsvdir", "my_init"];

/// Init wrappers that start the real program (`tini -- app`).
const INITS: &[&str] = &["tini", "dumb-init", "catatonit", "tini-static"];

/// Operating system images that toolchain images are built on.
const OS_IMAGES: &[&str] = &[
    "debian",
    "ubuntu",
    "alpine",
    "buildpack-deps",
    "fedora",
    "centos",
    "rockylinux",
    "almalinux",
    "oraclelinux",
    "amazonlinux",
    "opensuse",
    "archlinux",
    "servercore",
    "nanoserver",
    "runtime-deps",
    "runtime",
];

impl RootStart {
    /// The prompt a base image starts, if that is what was found.
    fn into_prompt(self) -> Option<String> {
        match self {
            RootStart::BaseImage(prompt) => prompt,
            _ => None,
        }
    }

    /// What to say and do; `windows`: the image is a Windows image, whose
    /// administrator is `ContainerAdministrator`.
    fn advice(&self, base: &str, windows: bool) -> (Text, Severity, Fix) {
        match self {
            RootStart::DockerDaemon(daemon) => (
                crate::text!(
                    format!("the final stage never sets USER, so `{daemon}` runs as root, as a Docker daemon must (with `--privileged`): whoever reaches it controls the container and usually the host; prefer rootless Docker (`docker:dind-rootless`) and keep the daemon's socket and port away from untrusted clients"),
                    format!("最終ステージは USER を一度も設定していないため、`{daemon}` は root で動きます。Docker デーモンとしては必要なことですが（`--privileged` も必要です）、デーモンに届く人はコンテナを、多くの場合ホストも支配できます。rootless Docker（`docker:dind-rootless`）を選び、デーモンのソケットやポートを信頼できないクライアントから遠ざけてください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    "Use the rootless variant (`docker:dind-rootless`) where it works, and expose the daemon only over TLS to trusted clients.",
                    "使える場合は rootless 版（`docker:dind-rootless`）を使い、デーモンは TLS で信頼できるクライアントにだけ公開してください。",
                )),
            ),
            RootStart::Systemd(units) => {
                let units = units
                    .iter()
                    .map(|unit| format!("`{unit}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    crate::text!(
                        format!("the final stage never sets USER, so the container boots systemd as root, as an init must; the services it enables ({units}) run as their unit files say: give each unit that needs no root a `User=`, and keep the container's extra privileges (`--privileged`, writable cgroups) to what the services need"),
                        format!("最終ステージは USER を一度も設定していないため、コンテナは systemd を root で起動します。init としては必要なことです。有効にしたサービス（{units}）はユニットファイルの指定どおりのユーザーで動きます。root が不要なユニットには `User=` を指定し、コンテナに与える追加の権限（`--privileged`、書き込み可能な cgroup）はサービスに必要な範囲にとどめてください"),
                    ),
                    Severity::Medium,
                    Fix::manual(crate::text!(
                        "Set `User=` in the units that need no root (a drop-in under `/etc/systemd/system/<unit>.d/`), and run the container with only the privileges systemd and its services need.",
                        "root が不要なユニットに `User=` を指定し（`/etc/systemd/system/<unit>.d/` のドロップイン）、コンテナは systemd とサービスに必要な権限だけで動かしてください。",
                    )),
                )
            }
            RootStart::BuildKitDaemon(daemon) => (
                crate::text!(
                    format!("the final stage never sets USER, so `{daemon}` runs as root, as BuildKit's daemon does unless it runs rootless (it needs `--privileged` too): whoever reaches its socket can build and run anything in the container, and usually on the host; prefer the rootless image (`moby/buildkit:rootless`) and keep the daemon's socket away from untrusted clients"),
                    format!("最終ステージは USER を一度も設定していないため、`{daemon}` は root で動きます。rootless で動かさない限り BuildKit のデーモンはそう動きます（`--privileged` も必要です）。ソケットに届く人はコンテナ内で、多くの場合ホストでも、何でもビルドして実行できます。rootless のイメージ（`moby/buildkit:rootless`）を選び、デーモンのソケットを信頼できないクライアントから遠ざけてください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    "Use the rootless variant (`moby/buildkit:rootless`, `USER 1000:1000` with `rootlesskit buildkitd`) where it works, and expose the daemon only over TLS to trusted clients.",
                    "使える場合は rootless 版（`moby/buildkit:rootless`、`rootlesskit buildkitd` と `USER 1000:1000`）を使い、デーモンは TLS で信頼できるクライアントにだけ公開してください。",
                )),
            ),
            RootStart::IisServiceMonitor(monitor) => (
                crate::text!(
                    format!("the final stage never sets USER, so `{monitor}` runs as the administrator account `ContainerAdministrator`, as it must to watch the IIS service; the sites run as their application pools' identities: keep every pool on its default identity (`ApplicationPoolIdentity`), never `LocalSystem` or an administrator account"),
                    format!("最終ステージは USER を一度も設定していないため、`{monitor}` は管理者アカウント `ContainerAdministrator` で動きます。IIS サービスを監視するために必要なことで、サイトはアプリケーションプールの ID で動きます。どのプールも既定の ID（`ApplicationPoolIdentity`）のままにし、`LocalSystem` や管理者アカウントにしないでください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    "Keep each IIS application pool on `ApplicationPoolIdentity` (or a standard account), and do the setup that needs an administrator during the build.",
                    "IIS の各アプリケーションプールは `ApplicationPoolIdentity`（または標準アカウント）のままにし、管理者が必要な準備はビルド中に行ってください。",
                )),
            ),
            RootStart::BaseStepsDown(image) => (
                crate::text!(
                    format!("the final stage never sets USER, so the container starts as root; the entrypoint of `{image}`, kept here, switches to the service's own user before starting the server it is given: make sure the command still starts that server, so that root only runs the setup, or set `USER`"),
                    format!("最終ステージは USER を一度も設定していないため、コンテナは root で起動します。ここで引き継いでいる `{image}` のエントリポイントは、渡されたサーバーを起動する前にサービス専用のユーザーに切り替えます。root が準備だけに使われるよう、コマンドがそのサーバーを起動したままであることを確かめるか、`USER` を設定してください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    format!("Keep the command of `{image}` (a custom CMD that starts something else bypasses the step-down), or add `USER` if the setup needs no root."),
                    format!("`{image}` のコマンドを変えないでください（別のものを起動する独自の CMD は切り替えを迂回します）。準備に root が不要なら `USER` を追加してください。"),
                )),
            ),
            RootStart::EntrypointMaySwitch { user, script } => (
                crate::text!(
                    format!("the final stage never sets USER, so the container starts as root; it creates the user `{user}` and starts through `{script}`, an entrypoint script of the kind that switches to such a user (with `gosu`, `su-exec`, `setpriv` or `runuser`) before starting the command: make sure this one does for every command it runs, so that root only runs the setup, or set `USER {user}`"),
                    format!("最終ステージは USER を一度も設定していないため、コンテナは root で起動します。イメージはユーザー `{user}` を作成し、`{script}` から起動します。この種のエントリポイントスクリプトは、コマンドを起動する前に（`gosu`、`su-exec`、`setpriv`、`runuser` で）そのユーザーに切り替えるのが一般的です。root が準備だけに使われるよう、このスクリプトが実行するすべてのコマンドで切り替えていることを確かめるか、`USER {user}` を設定してください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    format!("Check that `{script}` runs every command as `{user}` (`exec gosu {user} \"$@\"`, `exec setpriv --reuid={user} ...`); if the setup needs no root, add `USER {user}` instead."),
                    format!("`{script}` がすべてのコマンドを `{user}` として実行していること（`exec gosu {user} \"$@\"`、`exec setpriv --reuid={user} ...`）を確認してください。準備に root が不要なら、代わりに `USER {user}` を追加してください。"),
                )),
            ),
            RootStart::StepsDown(tool) => (
                crate::text!(
                    format!("the final stage never sets USER, so the container starts as root; the image installs `{tool}`, which entrypoints use to switch to the service's own user before starting it: make sure the entrypoint does, so that root only runs the setup, or set `USER`"),
                    format!("最終ステージは USER を一度も設定していないため、コンテナは root で起動します。イメージには `{tool}` が入っており、エントリポイントはこれでサービス専用のユーザーに切り替えてから起動するのが一般的です。root が準備だけに使われるよう、エントリポイントが切り替えていることを確かめるか、`USER` を設定してください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    format!("Check that the entrypoint runs the service through `{tool}` as a non-root user for every command it accepts (a custom CMD can bypass it); if the setup needs no root, add `USER` instead."),
                    format!("エントリポイントが、受け付けるすべてのコマンドで `{tool}` を通して非rootユーザーとしてサービスを起動していることを確認してください（独自の CMD で迂回されることがあります）。準備に root が不要なら、代わりに `USER` を追加してください。"),
                )),
            ),
            RootStart::DropsToWorkers(server) => (
                crate::text!(
                    format!("the final stage never sets USER, so `{server}` starts as root; its master process uses root to bind ports and read its keys and runs the workers as an unprivileged user, but a flaw in the master is a root flaw: run it as non-root with a port above 1024 (an unprivileged variant of the image), or keep the workers' user set in its configuration"),
                    format!("最終ステージは USER を一度も設定していないため、`{server}` は root で起動します。マスタープロセスはポートのバインドや鍵の読み込みに root を使い、ワーカーは非特権ユーザーで動かしますが、マスターの欠陥は root の欠陥になります。1024 より大きいポートを使って非rootで動かす（イメージの unprivileged 版など）か、設定でワーカーのユーザーを指定したままにしてください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    format!("Use an unprivileged build of `{server}` (for nginx, `nginxinc/nginx-unprivileged`), or make it listen above 1024 and own its runtime files, then add `USER`."),
                    format!("`{server}` の unprivileged 版（nginx なら `nginxinc/nginx-unprivileged`）を使うか、1024 より大きいポートで待ち受け、実行時のファイルを所有するようにしてから `USER` を追加してください。"),
                )),
            ),
            RootStart::Supervisor(supervisor) => (
                crate::text!(
                    format!("the final stage never sets USER, so the process supervisor `{supervisor}` runs as root; it starts each service as the user its configuration names: make sure every service has a non-root user there, or run the supervisor itself as non-root"),
                    format!("最終ステージは USER を一度も設定していないため、プロセススーパーバイザー `{supervisor}` は root で動きます。各サービスは設定で指定したユーザーで起動されるため、すべてのサービスに非rootユーザーを指定していることを確かめるか、スーパーバイザー自体を非rootで動かしてください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    "Give every service in the supervisor's configuration a non-root user, or run the supervisor as non-root if its services need no root.",
                    "スーパーバイザーの設定ですべてのサービスに非rootユーザーを指定するか、サービスが root を必要としないならスーパーバイザー自体を非rootで動かしてください。",
                )),
            ),
            RootStart::SupervisorScript(script) => (
                crate::text!(
                    format!("the final stage never sets USER, so `{script}` starts as root; the image installs Supervisor, which such scripts start to run each service as the user its configuration names: make sure the script does, and that every service has a non-root user there, or set `USER`"),
                    format!("最終ステージは USER を一度も設定していないため、`{script}` は root で起動します。イメージには Supervisor が入っており、こうしたスクリプトはそれを起動して、各サービスを設定で指定したユーザーで動かすのが一般的です。スクリプトがそうしていること、すべてのサービスに非rootユーザーが指定されていることを確かめるか、`USER` を設定してください"),
                ),
                Severity::Medium,
                Fix::manual(crate::text!(
                    "Check that the script ends by starting `supervisord` and give every service in its configuration a non-root `user=`; if nothing needs root, add `USER`.",
                    "スクリプトが最後に `supervisord` を起動していることを確認し、設定のすべてのサービスに非rootの `user=` を指定してください。root が不要なら `USER` を追加してください。",
                )),
            ),
            RootStart::BaseImage(start) => {
                let starts = match start {
                    Some(program) => (
                        format!("it starts only `{program}`"),
                        format!("起動するのは `{program}` だけ"),
                    ),
                    None => (
                        "it starts no program of its own".to_string(),
                        "独自のプログラムを起動しない".to_string(),
                    ),
                };
                // Who the images run as, and the user to switch to.
                let (root, user) = if windows {
                    (
                        (
                            "the administrator account `ContainerAdministrator`",
                            "管理者アカウント `ContainerAdministrator`",
                        ),
                        ("`USER ContainerUser`", "`USER ContainerUser`"),
                    )
                } else {
                    (("root", "root"), ("a non-root `USER`", "非rootの `USER`"))
                };
                (
                    crate::text!(
                        format!("the final stage never sets USER, and {} on `{base}`, which makes it look like a base or toolchain image: images built `FROM` it run as {} unless they set `USER` themselves; if containers run this image directly, add {}", starts.0, root.0, user.0),
                        format!("最終ステージは USER を一度も設定しておらず、`{base}` の上で{}のため、ベースイメージやツールチェーンのイメージと見られます。これを `FROM` にするイメージは、自分で `USER` を設定しない限り {} で動きます。このイメージをそのままコンテナとして動かすなら、{} を追加してください", starts.1, root.1, user.1),
                    ),
                    Severity::Low,
                    Fix::manual(crate::text!(
                        "Set `USER` in the images built on this one (after their root build steps); add it here only if this image is run as it is.",
                        "このイメージを土台にするイメージで（root が必要なビルド手順の後に）`USER` を設定してください。このイメージをそのまま動かす場合に限り、ここに追加します。",
                    )),
                )
            }
        }
    }
}

/// A program the final image starts that uses root by design and hands
/// the work to unprivileged users itself: a server whose master binds the
/// ports and runs its workers as another user (`apache2-foreground`,
/// `php-fpm`), or a process supervisor (`supervisord`). `true` for a
/// supervisor.
pub(super) fn root_by_design(context: &Context) -> Option<(String, bool)> {
    let stage = context.model.final_stage()?;
    let ancestry = context.model.ancestry(stage.index);
    let root = &context.model.stages[*ancestry.last().unwrap_or(&stage.index)];
    match root_start(context, &root.base)? {
        RootStart::DropsToWorkers(server) => Some((server, false)),
        RootStart::Supervisor(supervisor) => Some((supervisor, true)),
        _ => None,
    }
}

/// The tool the final image installs for its ENTRYPOINT to switch to the
/// service's own user (`gosu`, `su-exec` ...), when it has an ENTRYPOINT.
pub(super) fn entrypoint_step_down_tool(context: &Context) -> Option<&'static str> {
    step_down_tool(context, &final_chain(context))
}

fn step_down_tool(context: &Context, chain: &[usize]) -> Option<&'static str> {
    let instructions = &context.dockerfile.instructions;
    if !chain
        .iter()
        .any(|&index| instructions[index].keyword == Keyword::Entrypoint)
    {
        return None;
    }
    chain.iter().find_map(|&index| {
        let instruction = &instructions[index];
        if !matches!(
            instruction.keyword,
            Keyword::Run | Keyword::Copy | Keyword::Add
        ) {
            return None;
        }
        // One pass over the words (an instruction can be long); the first
        // tool of the list that occurs.
        let mut found = [false; STEP_DOWN_TOOLS.len()];
        for word in instruction
            .text
            .as_str()
            .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'))
        {
            if let Some(at) = STEP_DOWN_TOOLS.iter().position(|tool| *tool == word) {
                found[at] = true;
            }
        }
        STEP_DOWN_TOOLS
            .iter()
            .zip(found)
            .find_map(|(tool, found)| found.then_some(*tool))
    })
}

/// What the final image starts, when that explains a root start.
fn root_start(context: &Context, root: &Base) -> Option<RootStart> {
    let chain = final_chain(context);
    let instructions = &context.dockerfile.instructions;
    let last = |keyword: Keyword| {
        chain
            .iter()
            .rev()
            .find(|&&index| instructions[index].keyword == keyword)
            .map(|&index| start_words(&instructions[index].args))
    };
    let command = started_command(last(Keyword::Entrypoint), last(Keyword::Cmd))
        .or_else(|| inherited_program(root).map(|program| vec![program]));
    let program = command.as_ref().map(|words| words[0].clone());
    let has_entrypoint = chain
        .iter()
        .any(|&index| instructions[index].keyword == Keyword::Entrypoint);
    if let Some(tool) = step_down_tool(context, &chain) {
        return Some(RootStart::StepsDown(tool));
    }
    if let Some(image) = stepping_down_base(root, command.as_deref(), has_entrypoint) {
        return Some(RootStart::BaseStepsDown(image));
    }
    let name = program.as_deref().map(program_name);
    let dind_base = matches!(root, Base::Image(image)
        if image.short_name() == "docker"
            && image.tag.as_deref().is_some_and(|tag| tag.contains("dind")));
    if let Some(monitor) = name.filter(|name| {
        name.eq_ignore_ascii_case("ServiceMonitor.exe")
            || name.eq_ignore_ascii_case("ServiceMonitor")
    }) {
        return Some(RootStart::IisServiceMonitor(monitor.to_string()));
    }
    if let Some(units) = systemd_boot(context, name, has_entrypoint) {
        return Some(RootStart::Systemd(units));
    }
    if let Some(daemon) = name.filter(|name| name.starts_with("buildkitd")) {
        return Some(RootStart::BuildKitDaemon(daemon.to_string()));
    }
    // `dind` is Docker's Docker-in-Docker wrapper (moby's `hack/dind`),
    // which prepares the privileged container for a nested daemon.
    if dind_base || name.is_some_and(|name| name.starts_with("dockerd") || name == "dind") {
        return Some(RootStart::DockerDaemon(
            name.map_or_else(|| "dockerd".to_string(), str::to_string),
        ));
    }
    match name {
        Some(name)
            if DROPPING_SERVERS
                .iter()
                .any(|server| is_program(name, server)) =>
        {
            return Some(RootStart::DropsToWorkers(name.to_string()));
        }
        Some(name) if SUPERVISORS.contains(&name) => {
            return Some(RootStart::Supervisor(program.clone().unwrap_or_default()));
        }
        _ => {}
    }
    // A start script on an image that installs Supervisor: the script
    // (`run.sh`, `bash /entrypoint.sh`, `entrypoint.sh app:start`) hands
    // over to `supervisord`.
    let start_script = [last(Keyword::Entrypoint), last(Keyword::Cmd)]
        .into_iter()
        .find_map(|words| {
            words?.into_iter().find(|word| {
                let name = program_name(word);
                !word.starts_with('-')
                    && !INITS.contains(&name)
                    && !matches!(name, "sh" | "bash" | "ash" | "dash")
            })
        })
        .filter(|word| {
            let name = program_name(word);
            name.ends_with(".sh") || name.contains("entrypoint")
        });
    if let Some(script) = start_script.filter(|_| {
        context
            .installed_packages()
            .iter()
            .any(|package| package.name == "supervisor")
    }) {
        return Some(RootStart::SupervisorScript(script));
    }
    // `python3` alone, `php -a`: a prompt; `python3 app.py` runs a program.
    let prompt = command.as_ref().is_none_or(|words| {
        PROMPTS
            .iter()
            .any(|prompt| is_program(program_name(&words[0]), prompt))
            && words[1..].iter().all(|word| word.starts_with('-'))
    });
    let on_os = match root {
        Base::Image(image) => OS_IMAGES.contains(&image.short_name()),
        _ => false,
    };
    let ships_content = chain
        .iter()
        .any(|&index| copies_application_files(&instructions[index]));
    // Toolchain images say which version of the toolchain they install: in
    // an ENV, or in the name of the interpreter they start (`perl5.42.1`).
    let versioned_prompt = command.as_ref().is_some_and(|words| {
        let name = program_name(&words[0]);
        PROMPTS.iter().any(|prompt| {
            name.strip_prefix(prompt).is_some_and(|version| {
                version.contains('.') && version.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            })
        })
    });
    let names_a_version = versioned_prompt
        || chain.iter().any(|&index| {
            let instruction = &instructions[index];
            let Args::KeyValues(pairs) = &instruction.args else {
                return false;
            };
            instruction.keyword == Keyword::Env
                && pairs.iter().any(|pair| pair.key.text.ends_with("_VERSION"))
        });
    if prompt && on_os && names_a_version && !ships_content {
        return Some(RootStart::BaseImage(program));
    }
    // A setup script named for the job (`docker-entrypoint.sh`, `start.sh`),
    // and a user the image creates for it; a script that runs the tool
    // itself (`run_checkov.sh`) is no step-down point.
    let entrypoint_script = last(Keyword::Entrypoint).and_then(|words| {
        words
            .into_iter()
            .find(|word| !word.starts_with('-') && !INITS.contains(&program_name(word)))
            .filter(|word| {
                let name = program_name(word);
                name.contains("entrypoint") || (name.starts_with("start") && name.ends_with(".sh"))
            })
    })?;
    let user = created_user(context)?;
    Some(RootStart::EntrypointMaySwitch {
        user,
        script: entrypoint_script,
    })
}

/// The units a RUN of the chain enables with `systemctl enable`, when the
/// container boots systemd: it starts `/sbin/init` or `systemd`, or an
/// entrypoint script hands over to it (the image enables units, which only
/// a booted systemd starts).
fn systemd_boot(
    context: &Context,
    program: Option<&str>,
    has_entrypoint: bool,
) -> Option<Vec<String>> {
    let units: Vec<String> = context
        .scripts
        .iter()
        .filter(|script| !script.is_trigger() && in_final_chain(context, script.instruction))
        .flat_map(|script| &script.script.commands)
        .filter(|command| {
            command.words.first().map(|word| program_name(&word.value)) == Some("systemctl")
                && command
                    .words
                    .get(1)
                    .is_some_and(|word| word.value == "enable")
        })
        .flat_map(|command| &command.words[2..])
        .filter(|word| !word.value.starts_with('-'))
        .map(|word| word.value.clone())
        .collect();
    let boots = program.is_some_and(|name| matches!(name, "init" | "systemd"));
    (!units.is_empty() && (boots || has_entrypoint)).then_some(units)
}

/// The user a RUN of the chain creates (`useradd ... couchdb`,
/// `adduser -S app`, `useradd "$APP_USER"` with the value an ENV or ARG
/// gives it), the last one when there are several.
fn created_user(context: &Context) -> Option<String> {
    context
        .scripts
        .iter()
        .filter(|script| !script.is_trigger() && in_final_chain(context, script.instruction))
        .flat_map(|script| {
            script
                .script
                .commands
                .iter()
                .map(move |command| (script.instruction, command))
        })
        .filter_map(|(instruction, command)| {
            let recognized = crate::shell::classify(command)?;
            if !matches!(recognized.tool, Cmd::Useradd | Cmd::Adduser) {
                return None;
            }
            let user = &recognized.operands.last()?.value;
            if user.contains('$') {
                context.model.expand(context.dockerfile, instruction, user)
            } else {
                Some(user.clone())
            }
        })
        .filter(|user| !user.is_empty() && !user.contains('$') && !super::is_root(user))
        .last()
}

/// The final image's own instructions run nothing (no RUN) and bring no
/// program built elsewhere (no `COPY --from`): it adds files and settings
/// from the build context to its base, whose program and user it keeps. A
/// program built in an earlier stage and copied onto a toolchain image
/// (`rustlang/rust`) runs as that image's root.
fn only_adds_files(context: &Context, chain: &[usize]) -> bool {
    let instructions = &context.dockerfile.instructions;
    !chain.iter().any(|&index| {
        let instruction = &instructions[index];
        instruction.keyword == Keyword::Run || instruction.flag("from").is_some()
    })
}

/// An image of a person or project on Docker Hub (`owner/app`), whose user
/// is its maker's choice: unlike official images, distribution and language
/// images, nothing says it is root.
fn is_someones_image(base: &Base) -> bool {
    matches!(base, Base::Image(image) if image.registry == DOCKER_HUB && !image.is_official())
}

/// A COPY or ADD of build-context files other than tools and scripts (into a
/// `bin` directory, or `*.sh`): the image carries an application, so it is
/// run as it is rather than built on.
fn copies_application_files(instruction: &crate::syntax::Instruction) -> bool {
    let Args::Copy(copy) = &instruction.args else {
        return false;
    };
    if instruction.flag("from").is_some() || !instruction.heredocs.is_empty() {
        return false;
    }
    let into_bin = copy
        .destination
        .as_ref()
        .is_some_and(|destination| destination.text.contains("/bin"));
    !into_bin
        && copy
            .sources
            .iter()
            .any(|source| !source.text.contains("://") && !source.text.ends_with(".sh"))
}

/// The words of a CMD or ENTRYPOINT (a shell form split at blanks).
fn start_words(args: &Args) -> Vec<String> {
    match args {
        Args::Command(Command::Exec(words)) => words.iter().map(|word| word.text.clone()).collect(),
        Args::Command(Command::Shell { text, .. }) => shell_start(text),
        _ => Vec::new(),
    }
}

/// The words of a shell command from the program the container ends up
/// running: after the last `exec`, which replaces the shell
/// (`[ -z "$CRON" ] || cron && exec apache2 -D FOREGROUND`), or all of them.
fn shell_start(script: &str) -> Vec<String> {
    let words: Vec<&str> = script.split_whitespace().collect();
    let from = words
        .iter()
        .rposition(|word| *word == "exec")
        .filter(|&at| at + 1 < words.len())
        .map_or(0, |at| at + 1);
    words[from..]
        .iter()
        .map(|word| (*word).to_string())
        .collect()
}

/// The command a container runs, from its program on: the ENTRYPOINT's, past
/// init wrappers (`tini --`), or the CMD's when the ENTRYPOINT is a setup
/// script that runs its arguments (`docker-entrypoint.sh`, or any program
/// given a server to start), and inside `sh -c '...'`.
fn started_command(
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
) -> Option<Vec<String>> {
    let command = |words: &[String]| -> Option<Vec<String>> {
        let rest: Vec<String> = words
            .iter()
            .skip_while(|word| INITS.contains(&program_name(word)) || word.starts_with('-'))
            .cloned()
            .collect();
        let program = rest.first()?;
        if matches!(program_name(program), "sh" | "bash" | "ash") {
            if let Some(script) = rest[1..].iter().find(|word| !word.starts_with('-')) {
                return Some(shell_start(script));
            }
        }
        Some(rest)
    };
    let entry = entrypoint.as_deref().and_then(command);
    let cmd = cmd.as_deref().and_then(command);
    // A CMD that starts a server (`nginx -g 'daemon off;'`) is no argument
    // of a program: the ENTRYPOINT before it is a wrapper that runs it.
    let cmd_starts_server = cmd.as_ref().is_some_and(|words| {
        let name = program_name(&words[0]);
        DROPPING_SERVERS
            .iter()
            .any(|server| is_program(name, server))
    });
    match entry {
        Some(script)
            if (program_name(&script[0]).ends_with(".sh")
                || program_name(&script[0]).contains("entrypoint")
                || cmd_starts_server)
                && cmd.is_some() =>
        {
            cmd
        }
        Some(words) => Some(words),
        None => cmd,
    }
}

/// Official server images whose entrypoint starts their server through
/// `gosu` or `su-exec` as the service's user, with the server it starts.
const STEPPING_DOWN_IMAGES: &[(&str, &str)] = &[
    ("postgres", "postgres"),
    ("redis", "redis-server"),
    ("mongo", "mongod"),
    ("mysql", "mysqld"),
    ("mariadb", "mariadbd"),
    ("rabbitmq", "rabbitmq-server"),
    ("couchdb", "couchdb"),
    ("cassandra", "cassandra"),
];

/// The base image, when it is one of [`STEPPING_DOWN_IMAGES`] and this
/// image keeps its entrypoint and starts its server (no command, or one
/// that starts the same server). A custom command bypasses the step-down.
fn stepping_down_base(
    root: &Base,
    command: Option<&[String]>,
    own_entrypoint: bool,
) -> Option<String> {
    let Base::Image(image) = root else {
        return None;
    };
    let (_, server) = STEPPING_DOWN_IMAGES
        .iter()
        .find(|(name, _)| image.is_official() && image.short_name() == *name)?;
    let keeps_command = command.is_none_or(|words| program_name(&words[0]) == *server);
    (!own_entrypoint && keeps_command).then(|| image.familiar_name())
}

/// What well-known server images start when the Dockerfile does not say.
fn inherited_program(root: &Base) -> Option<String> {
    let Base::Image(image) = root else {
        return None;
    };
    let tag = image.tag.as_deref().unwrap_or("");
    let program = match image.short_name() {
        // linuxserver.io images start the s6-overlay supervisor.
        _ if image.repository.starts_with("linuxserver/") => "/init",
        "nginx" => "nginx",
        "httpd" => "httpd-foreground",
        _ if tag.contains("apache") => "apache2-foreground",
        _ if tag.contains("fpm") => "php-fpm",
        _ => return None,
    };
    Some(program.to_string())
}

/// `/usr/sbin/nginx` → `nginx`.
fn program_name(word: &str) -> &str {
    word.rsplit(['/', '\\']).next().unwrap_or(word)
}

/// `php-fpm8.2` and `php-fpm` are `php-fpm`; `python3.12` is `python3`.
fn is_program(name: &str, wanted: &str) -> bool {
    name.strip_prefix(wanted)
        .is_some_and(|rest| rest.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// The program the container starts runs as another user anyway: the last
/// ENTRYPOINT (or, without one, CMD) of the stage is `gosu <user> <command>`
/// or `su-exec <user> <command>` with a user other than root.
fn drops_privileges(context: &Context, stage: &Stage) -> bool {
    let instructions = &context.dockerfile.instructions;
    let starts = |keyword: Keyword| {
        stage
            .instructions
            .clone()
            .rev()
            .find(|&index| instructions[index].keyword == keyword)
    };
    let Some(index) = starts(Keyword::Entrypoint).or_else(|| starts(Keyword::Cmd)) else {
        return false;
    };
    let words: Vec<&str> = match &instructions[index].args {
        Args::Command(Command::Exec(words)) => {
            words.iter().map(|word| word.text.as_str()).collect()
        }
        Args::Command(Command::Shell { text, .. }) => text.split_whitespace().collect(),
        _ => return false,
    };
    let [program, user, _command, ..] = words.as_slice() else {
        return false;
    };
    let program = basename(program);
    matches!(program, "gosu" | "su-exec") && !user.is_empty() && !super::is_root(user)
}

const DOCS_EN: &str = r#"
# Final image runs as root because USER is never set

## What it checks
The final stage, together with the stages it is built `FROM`, has no `USER` instruction.
The container then runs as the base image's default user, which is root for most images
(`node`, `python`, `ubuntu`, `alpine`, `scratch`, plain distroless). Builder stages that
do not reach the final image are not judged. Images known to default to a non-root user
are accepted: tags or names containing `nonroot` (such as `gcr.io/distroless/static:nonroot`),
`unprivileged` or `rootless`, Chainguard images (`cgr.dev/chainguard/...`, except the
`-dev` variants), .NET's `chiseled` images, Windows Nano Server, the Jupyter Docker Stacks
(`quay.io/jupyter/*-notebook`, user `jovyan`), Bitnami's application images, JetBrains'
TeamCity images, and vendor images whose makers document a non-root user: Keycloak, Grafana
and Loki, the Prometheus project's images (`prom/*`), Jenkins, SonarQube, Nexus, Elastic's
images, Airflow, n8n, Confluent's (`confluentinc/cp-*`), Selenium's, code-server, and SQL
Server from 2019 on (`mcr.microsoft.com/mssql/server`). So is a final `ENTRYPOINT` (or `CMD`) that starts
the program through `gosu` or `su-exec` with a non-root user, since the program then runs as
that user. A last stage that only carries files out (`FROM scratch` without a command, for
`docker build --output`), build or test images (a stage named `build` or `test`, a test
runner or a build as the command: `make`, `/usr/bin/build`, `compile.sh`, a BuildKit frontend labelled `moby.buildkit.frontend.*`) and development environments (a stage named `dev`, `dev-envs`,
`development` or `devcontainer`, or a Dockerfile whose path says so: `tests/`,
`.devcontainer/`, `.dockerdev/`, `Dockerfile.dev`, `playwright/`, unless a word of the path names a release,
as in `ci/release-image/`; or a development server that reloads on
change: `air`, `nodemon`, `uvicorn --reload`) run no container that serves anyone, so
they are not judged either, nor is a WebAssembly module (`ENTRYPOINT ["app.wasm"]`), which a
Wasm runtime runs in its sandbox rather than as a Linux user.
The finding sits on the final stage's `FROM` image.

What the image starts can show that its work does not run as root, and the finding is then
rated lower and says what to check (so is a base chosen at build time, `FROM $BASE_IMAGE`
with no default, whose user is not known here: medium):

- medium when the image installs a tool that entrypoints use to step down to the service's
  user (`gosu`, `su-exec`, `setpriv`, `runuser`, `s6-setuidgid`, `chpst`) and has an
  `ENTRYPOINT`, as the official database images do; when it creates a user (named here or by
  an `ENV` or `ARG` value, `useradd "$APP_USER"`) it never switches to and starts through an entrypoint script named for that job (`docker-entrypoint.sh`,
  `start.sh`; not a script that runs the tool itself, such as `run_checkov.sh`), which is
  where such images step down with a tool their base already has (CouchDB's `setpriv`,
  Neo4j's `runuser`), unless it is a base image (below); or keeps the entrypoint and server of such an official
  image (`FROM redis` without a command of its own; a command that starts something else
  bypasses the step-down and stays high); when it starts a Docker daemon, which needs root by
  design (`docker:*-dind`, `dockerd`, Docker's `dind` wrapper), or BuildKit's daemon (`buildkitd`), which runs as root
  unless it is started rootless, or IIS's `ServiceMonitor.exe`, which must run as
  `ContainerAdministrator` while the sites run as their application pools' identities; when
  it boots systemd, an init that runs as root, with units it enables (`systemctl enable`) and
  `/sbin/init` or an entrypoint script as its start; when
  the final image runs nothing of its own (no `RUN`) and
  only adds files of the build context (no `COPY --from`) to a Docker Hub image of a person
  or project (`owner/app`), whose user is that image's choice and not shown in the
  Dockerfile; when it starts a server whose master process runs its
  workers as an unprivileged user (`nginx`, Apache `httpd`, `php-fpm`, `sshd`, `postfix`,
  `haproxy` ..., also inherited from the official `nginx`, `httpd` and `php:*-apache` /
  `php:*-fpm` images, or named after the last `exec` of a shell-form command, as in
  `cron && exec apache2 -D FOREGROUND`); or when it starts a process supervisor (`supervisord`, s6's `/init`,
  `runsvdir`) that starts each service as its own user, or a start script (`run.sh`,
  `entrypoint.sh`) on an image that installs Supervisor, which such scripts hand over to;
- low when it starts nothing but a shell or an interpreter's prompt (`python3`, `irb`,
  `php -a`) on an operating system image, sets the version of what it installs
  (`ENV PYTHON_VERSION=...`, or in the name of the interpreter it starts, `perl5.42.1`) and
  copies in no application files, or when it sets no command
  at all on an image that is not a known server, or only a prompt and no application files:
  a base or toolchain image that other images are built `FROM` (or that is run with a command
  given at run time), where a `USER` would get in their way.

## Why it is risky
A process running as root inside the container is root on the container's file system and
keeps many kernel capabilities. If the application is compromised, an attacker can change
any file of the image, install tools, and has far better odds of escaping the container;
any escape lands as root on the host unless user namespaces are in use. Running as an
unprivileged user follows the principle of least privilege and limits the damage.

## Example
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
WORKDIR /app
COPY --chown=appuser:appgroup . .
USER 1001
CMD ["node", "server.js"]
```

## Fix
Create a user with a fixed UID and switch to it before `CMD`/`ENTRYPOINT`. The fix inserts
the commands for the base image's distribution: `addgroup`/`adduser` on Alpine,
`groupadd`/`useradd` on Debian and Ubuntu, then `USER 1001`. For distroless images it uses
`USER 65532:65532` (the `nonroot` user they ship), for `scratch` `USER 65534:65534`
(nobody), for Windows Server Core `USER ContainerUser`; for other images only `USER 1001`.
Give the user the files it must write (`COPY --chown=...`), and keep everything else owned
by root. Review the change: the program loses root rights, so ports below 1024 and
root-owned files stop working.

If the application then fails with "permission denied" when it writes a file, give the user
that directory rather than going back to root:

```sh
RUN mkdir -p /app/data && chown appuser:appgroup /app/data
```

## When it is acceptable
Images whose entrypoint drops privileges itself at start (with `gosu` or `su-exec`, as the
official database images do), and images that must run as root by design, such as some
system agents. Say so with a suppression comment above `FROM`.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- CIS Docker Benchmark 4.1 (create a user for the container)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#;

const DOCS_JA: &str = r#"
# USER が設定されず、最終イメージが root で動く

## チェック内容
最終ステージと、その `FROM` 元のステージのどこにも `USER` 命令がない場合に検出します。
この場合コンテナはベースイメージのデフォルトユーザーで動き、多くのイメージ（`node`、
`python`、`ubuntu`、`alpine`、`scratch`、通常の distroless）では root です。最終イメージに
含まれないビルド用ステージは判定しません。デフォルトで非rootユーザーを使うことが分かっている
イメージは対象外です。タグや名前に `nonroot`（`gcr.io/distroless/static:nonroot` など）、
`unprivileged`、`rootless` を含むもの、Chainguard のイメージ（`cgr.dev/chainguard/...`、
`-dev` 版を除く）、.NET の `chiseled` イメージ、Windows Nano Server、Jupyter Docker Stacks
（`quay.io/jupyter/*-notebook`、ユーザー `jovyan`）、Bitnami のアプリケーションイメージ、
JetBrains の TeamCity のイメージ、そして作成元が非rootユーザーで動くと明記しているベンダーの
イメージ（Keycloak、Grafana と Loki、Prometheus プロジェクトのイメージ（`prom/*`）、Jenkins、
SonarQube、Nexus、Elastic のイメージ、Airflow、n8n、Confluent のイメージ（`confluentinc/cp-*`）、
Selenium のイメージ、code-server、2019 以降の SQL Server（`mcr.microsoft.com/mssql/server`））が
これに当たります。最終的な `ENTRYPOINT`（または
`CMD`）が `gosu` や `su-exec` で非rootユーザーに切り替えてプログラムを起動している場合も、
プログラムはそのユーザーで動くため対象外です。ファイルを取り出すだけの最後のステージ
（コマンドのない `FROM scratch`、`docker build --output` 用）や、ビルド用・テスト用のイメージ
（`build` や `test` という名前のステージ、テストランナーやビルド（`make`、`/usr/bin/build`、`compile.sh`）をコマンドにしたもの、
`moby.buildkit.frontend.*` のラベルを持つ BuildKit のフロントエンド）、開発環境
（`dev`、`dev-envs`、`development`、`devcontainer` という名前のステージや、`tests/`、
`.devcontainer/`、`.dockerdev/`、`Dockerfile.dev`、`playwright/` のようにパスがそう示す Dockerfile（ただし
`ci/release-image/` のようにパスの語がリリースを示す場合は除きます）、変更のたびに
再起動する開発用サーバー（`air`、`nodemon`、`uvicorn --reload`））も、
誰かにサービスを提供するコンテナとして動くものではないため判定しません。Wasm ランタイムが
サンドボックスで実行する WebAssembly モジュール（`ENTRYPOINT ["app.wasm"]`）も、Linux の
ユーザーとして動くものではないため対象外です。指摘は最終ステージの `FROM` のイメージに付きます。

イメージが起動するものから、実際の処理が root で動かないと分かる場合は、重大度を下げ、
確認すべき点を伝えます（ベースをビルド時に選ぶ場合、つまりデフォルトのない `FROM $BASE_IMAGE`
も、そのユーザーがここでは分からないため medium とします）。

- medium: サービス専用のユーザーに切り替えるためにエントリポイントが使うツール（`gosu`、
  `su-exec`、`setpriv`、`runuser`、`s6-setuidgid`、`chpst`）を入れ、`ENTRYPOINT` を持つ場合（公式の
  データベースイメージがこの形です）。ユーザー（名前は直接でも、`useradd "$APP_USER"` のように `ENV`・`ARG` の値でも構いません）を作成しながらそのユーザーに切り替えず、
  その役目の名前を持つエントリポイントスクリプト（`docker-entrypoint.sh`、`start.sh`。
  `run_checkov.sh` のようにツール自体を動かすスクリプトは除きます）から起動する場合（下のベース
  イメージに当たる場合を除きます）。こうしたイメージはベースにあるツール（CouchDB の `setpriv`、
  Neo4j の `runuser`）でスクリプトの中で切り替えます。そうした公式イメージのエントリポイントとサーバーを
  引き継ぐ場合（独自のコマンドを持たない `FROM redis` など。別のものを起動するコマンドは切り替えを
  迂回するため high のままです）。設計上 root が必要な Docker デーモンを起動する場合
  （`docker:*-dind`、`dockerd`、Docker の `dind` ラッパー）や、rootless で起動しない限り root で動く BuildKit の
  デーモン（`buildkitd`）や、サイトがアプリケーションプールの ID で動く一方で自身は
  `ContainerAdministrator` で動く必要がある IIS の `ServiceMonitor.exe` を起動する場合。`systemctl enable` で
  ユニットを有効にし、`/sbin/init` やエントリポイントスクリプトから systemd（root で動く init）を起動する場合。最終イメージが自分では何も実行せず（`RUN` がなく）、
  個人やプロジェクトの Docker Hub のイメージ（`owner/app`）にビルドコンテキストのファイルを
  追加するだけの場合（`COPY --from` もない場合）
  （ユーザーはそのイメージが決め、Dockerfile からは分かりません）。マスタープロセスがワーカーを非特権ユーザーで動かす
  サーバー（`nginx`、Apache の `httpd`、`php-fpm`、`sshd`、`postfix`、`haproxy` など。公式の
  `nginx`・`httpd`・`php:*-apache`・`php:*-fpm` イメージから引き継ぐ場合や、シェル形式のコマンドの最後の
  `exec` の後に書かれた場合（`cron && exec apache2 -D FOREGROUND`）も含みます）を起動する
  場合。各サービスをそれぞれのユーザーで起動するプロセススーパーバイザー（`supervisord`、s6 の
  `/init`、`runsvdir`）を起動する場合や、Supervisor を入れたイメージが起動スクリプト（`run.sh`、
  `entrypoint.sh`）を起動する場合（こうしたスクリプトは Supervisor に引き継ぎます）。
- low: OS のイメージの上で、シェルやインタープリターの対話環境（`python3`、`irb`、`php -a`）
  しか起動せず、インストールするもののバージョンを設定し（`ENV PYTHON_VERSION=...`、または
  起動するインタープリターの名前で `perl5.42.1` のように）、
  アプリケーションのファイルもコピーしない場合。また、既知のサーバーではないイメージの上で
  コマンドをまったく設定しない場合や、対話環境だけを起動してアプリケーションのファイルを
  コピーしない場合。ほかのイメージの `FROM` になる（または実行時にコマンドを渡して使う）
  ベースイメージやツールチェーンのイメージであり、`USER` を設定するとそれらの妨げになります。

## なぜ危険か
コンテナ内で root として動くプロセスは、コンテナのファイルシステム上で何でもでき、多くの
カーネルケーパビリティも持ったままです。アプリケーションが乗っ取られると、攻撃者はイメージ内の
あらゆるファイルを書き換え、ツールを入れられ、コンテナ脱出の可能性も大きく高まります。
ユーザー名前空間を使っていなければ、脱出した先でもホストの root です。権限のないユーザーで
動かすことは最小権限の原則に沿い、被害の範囲を限定します。

## 問題のある例
```dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## 代わりに
```dockerfile
FROM node:20-alpine
RUN addgroup -g 1001 -S appgroup && \
    adduser -S appuser -u 1001 -G appgroup
WORKDIR /app
COPY --chown=appuser:appgroup . .
USER 1001
CMD ["node", "server.js"]
```

## 修正方法
UID を固定したユーザーを作成し、`CMD`/`ENTRYPOINT` の前で切り替えます。自動修正はベース
イメージのディストリビューションに合わせたコマンドを挿入します。Alpine では `addgroup`/`adduser`、
Debian と Ubuntu では `groupadd`/`useradd` を使い、続けて `USER 1001` とします。distroless では
同梱の `nonroot` ユーザーである `USER 65532:65532`、`scratch` では `USER 65534:65534`
（nobody）、Windows Server Core では `USER ContainerUser`、それ以外のイメージでは
`USER 1001` だけを挿入します。書き込みが必要なファイルだけを
そのユーザーの所有にし（`COPY --chown=...`）、それ以外は root 所有のままにしてください。
プログラムが root 権限を失うため、1024 未満のポートや root 所有のファイルへの書き込みは
動かなくなります。変更内容を確認してください。

その後、アプリがファイル書き込みで「permission denied」になる場合は、root に戻すのではなく、
書き込み先のディレクトリをそのユーザーに与えます。

```sh
RUN mkdir -p /app/data && chown appuser:appgroup /app/data
```

## 許容される場合
エントリーポイントが起動時に自分で権限を落とすイメージ（公式のデータベースイメージのように
`gosu` や `su-exec` を使うもの）や、一部のシステムエージェントのように設計上 root が必要な
イメージです。`FROM` の上に抑制コメントを書いて理由を残してください。

## 参考資料
- [Dockerfile リファレンス: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker ドキュメント: ベストプラクティス（USER）](https://docs.docker.com/build/building/best-practices/#user)
- CIS Docker Benchmark 4.1（コンテナ用のユーザーを作成する）
- [CWE-250: 不要な特権での実行](https://cwe.mitre.org/data/definitions/250.html)
"#;
