use crate::fix::Fix;
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section};
use crate::shell::Tool;

pub const RULE: Rule = Rule {
    code: "PL504",
    name: "remote-access-server-installed",
    section: Section::Network,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[alias(crate::rules::Tool::Cis, "5.6")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// Server packages (see [`super::Installed::is_server`]) and what they run.
const SERVERS: &[(&str, (&str, &str))] = &[
    ("openssh", ("an SSH server", "SSH サーバー")),
    ("dropbear", ("an SSH server", "SSH サーバー")),
    ("dropbear-bin", ("an SSH server", "SSH サーバー")),
    ("telnetd", ("a Telnet server", "Telnet サーバー")),
    ("inetutils-telnetd", ("a Telnet server", "Telnet サーバー")),
    ("telnet-server", ("a Telnet server", "Telnet サーバー")),
    ("rsh-server", ("an rsh server", "rsh サーバー")),
    (
        "xinetd",
        (
            "the xinetd network super-server",
            "ネットワークスーパーサーバー xinetd",
        ),
    ),
    ("vsftpd", ("an FTP server", "FTP サーバー")),
    ("proftpd", ("an FTP server", "FTP サーバー")),
    ("proftpd-basic", ("an FTP server", "FTP サーバー")),
    ("pure-ftpd", ("an FTP server", "FTP サーバー")),
    ("tigervnc", ("a VNC server", "VNC サーバー")),
    (
        "tigervnc-standalone-server",
        ("a VNC server", "VNC サーバー"),
    ),
    ("tightvncserver", ("a VNC server", "VNC サーバー")),
    ("x11vnc", ("a VNC server", "VNC サーバー")),
    ("xrdp", ("an RDP server", "RDP サーバー")),
];

/// Per server package: the programs that run it and its usual ports.
const DAEMONS: &[(&str, &[&str], (u32, u32))] = &[
    ("openssh", &["sshd"], (22, 22)),
    ("dropbear", &["dropbear"], (22, 22)),
    ("dropbear-bin", &["dropbear"], (22, 22)),
    ("telnetd", &["telnetd", "in.telnetd"], (23, 23)),
    ("inetutils-telnetd", &["telnetd", "in.telnetd"], (23, 23)),
    ("telnet-server", &["telnetd", "in.telnetd"], (23, 23)),
    ("vsftpd", &["vsftpd"], (21, 21)),
    ("proftpd", &["proftpd"], (21, 21)),
    ("proftpd-basic", &["proftpd"], (21, 21)),
    ("pure-ftpd", &["pure-ftpd"], (21, 21)),
    ("tigervnc", &["Xvnc", "vncserver"], (5900, 5999)),
    (
        "tigervnc-standalone-server",
        &["Xvnc", "vncserver"],
        (5900, 5999),
    ),
    ("tightvncserver", &["Xvnc", "vncserver"], (5900, 5999)),
    ("x11vnc", &["x11vnc"], (5900, 5999)),
    ("xrdp", &["xrdp"], (3389, 3389)),
];

/// Whether the image visibly never runs the server of `package`: it starts
/// a known program of its own (not a script, shell or supervisor that
/// could start anything), not the server, and exposes none of its ports.
fn never_started(context: &Context, package: &str) -> bool {
    let Some((_, daemons, (low, high))) = DAEMONS.iter().find(|(name, _, _)| *name == package)
    else {
        return false;
    };
    let started = super::started_programs(context);
    let Some(program) = started.first() else {
        return false;
    };
    let opaque = |word: &String| {
        word.ends_with(".sh")
            || matches!(
                word.as_str(),
                "sh" | "bash"
                    | "ash"
                    | "dash"
                    | "zsh"
                    | "supervisord"
                    | "s6-svscan"
                    | "runsvdir"
                    | "init"
                    | "systemd"
                    | "tini"
                    | "dumb-init"
                    | "entrypoint"
                    | "start"
            )
    };
    let exposes = super::exposed_ports(context)
        .iter()
        .any(|port| port.ports.0 <= *high && *low <= port.ports.1);
    !opaque(program) && !started.iter().any(|word| daemons.contains(&word.as_str())) && !exposes
}

/// Whether the container starts the server of `package` as its own
/// program: the daemon itself, or a script named after it
/// (`start_vsftpd.sh`).
fn served(context: &Context, package: &str) -> bool {
    let Some((_, daemons, _)) = DAEMONS.iter().find(|(name, _, _)| *name == package) else {
        return false;
    };
    super::started_programs(context).iter().any(|word| {
        daemons.contains(&word.as_str())
            || (word.ends_with(".sh")
                && daemons.iter().any(|daemon| {
                    word.to_ascii_lowercase()
                        .contains(&daemon.to_ascii_lowercase())
                }))
    })
}

/// What to say of an image that exists to serve files over FTP or a
/// remote desktop (its container starts the server): the service is the
/// point, so the advice is to run it safely, not to remove it. `None` for
/// the other servers (SSH, Telnet, rsh, xinetd), which a container does not
/// need to get a shell.
fn purpose(name: &str, what: (&str, &str)) -> Option<(Text, Text)> {
    match what.0 {
        "an FTP server" => Some((
            crate::text!(
                format!("`{name}` makes this image an FTP server (the container starts it): plain FTP sends logins and files unencrypted; require TLS (FTPS) or serve SFTP instead, and keep accounts and passwords out of the image"),
                format!("`{name}` によってこのイメージは FTP サーバーになります（コンテナが起動します）。素の FTP はログイン情報とファイルを暗号化せずに送るため、TLS（FTPS）を必須にするか代わりに SFTP を提供し、アカウントとパスワードはイメージに含めないでください"),
            ),
            crate::text!(
                "Turn on TLS in the server's configuration (for vsftpd `ssl_enable=YES` with `force_local_logins_ssl=YES`), or serve SFTP instead; give the accounts at run time (secrets, volumes), never in the image.",
                "サーバーの設定で TLS を有効にする（vsftpd なら `ssl_enable=YES` と `force_local_logins_ssl=YES`）か、代わりに SFTP を提供します。アカウントはイメージに入れず、実行時に（シークレットやボリュームで）渡します。",
            ),
        )),
        "a VNC server" | "an RDP server" => Some((
            crate::text!(
                format!("`{name}` makes this image a remote desktop ({}, the container starts it): whoever reaches its port gets the desktop; require a strong password, publish the port only on `127.0.0.1` or a private network, and reach it through an SSH tunnel or a TLS proxy", what.0),
                format!("`{name}` によってこのイメージはリモートデスクトップ（{}、コンテナが起動します）になります。ポートに届く人は誰でもデスクトップを操作できるため、強いパスワードを必須にし、ポートは `127.0.0.1` かプライベートネットワークにだけ公開して、SSH トンネルや TLS プロキシ経由で接続してください", what.1),
            ),
            crate::text!(
                "Set a password at run time (a secret, not in the image), publish the port as `127.0.0.1:<port>:<port>`, and connect through an SSH tunnel or a TLS-terminating proxy.",
                "パスワードは実行時に（イメージではなくシークレットで）設定し、ポートは `127.0.0.1:<port>:<port>` として公開し、SSH トンネルか TLS を終端するプロキシ経由で接続します。",
            ),
        )),
        _ => None,
    }
}

fn check(context: &Context, out: &mut Diagnostics) {
    for package in context.installed_packages() {
        // Only Alpine's `openssh` is the server; elsewhere it is the common files.
        if package.name == "openssh" && package.tool != Tool::Apk {
            continue;
        }
        let Some((_, what)) = SERVERS.iter().find(|(name, _)| package.is_server(name)) else {
            continue;
        };
        let span = context.script_span(package.script, package.word_range.clone());
        let name = &package.name;
        let diagnostic = out
            .report(
                span,
                crate::text!(
                    format!("`{name}` installs {} in the final image: a remote way in that needs its own accounts, keys and patching; remove it and use `docker exec` or `kubectl exec` to get a shell", what.0),
                    format!("`{name}` は最終イメージに {} をインストールします。独自のアカウント・鍵・パッチ適用が必要な外部からの侵入口になるため削除し、シェルが必要なときは `docker exec` や `kubectl exec` を使ってください", what.1),
                ),
            )
            .with_fix(Fix::manual(crate::text!(
                format!("Remove `{name}` from the install command (and any EXPOSE or CMD that starts it). Debug with `docker exec -it <container> sh` or `kubectl exec`, and move files with `docker cp` or volumes."),
                format!("インストールコマンドから `{name}` を削除します（それを起動する EXPOSE や CMD も）。デバッグには `docker exec -it <container> sh` や `kubectl exec` を、ファイルの受け渡しには `docker cp` やボリュームを使います。"),
            )));
        if let Some(stage) = package.script.stage {
            diagnostic.in_stage(stage);
        }
        if let Some((message, fix)) = purpose(name, *what).filter(|_| served(context, name)) {
            let diagnostic = diagnostic.rated(Severity::Medium);
            diagnostic.message = message;
            diagnostic.fix = Some(Fix::manual(fix));
        } else if never_started(context, name) {
            // Installed but never run: a server waiting for a later mistake
            // (a CMD, a script) rather than an open way in.
            diagnostic.rated(Severity::Medium).message = crate::text!(
                format!("`{name}` installs {} in the final image; nothing here starts it, but it waits for the CMD or script that will: remove it and use `docker exec` or `kubectl exec` to get a shell", what.0),
                format!("`{name}` は最終イメージに {} をインストールします。ここでは起動していませんが、起動する CMD やスクリプトが加わればすぐに侵入口になります。削除し、シェルが必要なときは `docker exec` や `kubectl exec` を使ってください", what.1),
            );
        }
    }
}

const DOCS_EN: &str = r#"
# Remote-access server installed

## What it checks
Installing a remote-access server in the final image (the final stage and the stages it is
built `FROM`), with any package manager: SSH (`openssh-server`, Alpine's `openssh`,
`dropbear`), Telnet (`telnetd`, `telnet-server`), rsh, `xinetd`, FTP (`vsftpd`, `proftpd`,
`pure-ftpd`), VNC (`tigervnc-server`, `x11vnc`, `tightvncserver`) and RDP (`xrdp`). Clients
such as `openssh-client` are fine, and so are servers installed in a builder stage the final
image only copies files from.

A server the image visibly never runs (it starts a program of its own, not a script or a
supervisor, and exposes none of the server's ports) is rated medium. So is an image that
exists to serve FTP or a remote desktop (its `CMD` or `ENTRYPOINT` starts the server, or a
script named after it): there the advice is how to run that server safely, not to remove it.

## Why it is risky
A container should run one application. A remote-access server adds a second way in, with
its own accounts, keys and passwords to manage, its own vulnerabilities to patch, and often
a root login. Telnet, rsh and FTP also send passwords in plain text. Containers do not need
them: `docker exec` and `kubectl exec` give a shell, and `docker cp` or volumes move files.

## Example
```dockerfile
FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-client \
    && rm -rf /var/lib/apt/lists/*
```

## Fix
Remove the package, and whatever starts it (`CMD ["/usr/sbin/sshd", "-D"]`, `EXPOSE 22`).
For debugging use `docker exec -it <container> sh` or `kubectl exec`; for files use
`docker cp` or a volume.

## When it is acceptable
Images whose purpose is remote access, such as an SSH bastion or an SFTP server, kept
hardened and up to date.

## References
- [Docker docs: docker exec](https://docs.docker.com/reference/cli/docker/container/exec/)
- CIS Docker Benchmark 4.3 (do not install unnecessary packages) and 5.7 (do not run SSH within containers)
"#;

const DOCS_JA: &str = r#"
# リモートアクセス用サーバーをインストールしている

## チェック内容
最終イメージ（最終ステージと、その `FROM` の元になったステージ）に、パッケージマネージャーを
問わずリモートアクセス用のサーバーをインストールしているものを検出します。対象は SSH
（`openssh-server`、Alpine の `openssh`、`dropbear`）、Telnet（`telnetd`・`telnet-server`）、rsh、
`xinetd`、FTP（`vsftpd`・`proftpd`・`pure-ftpd`）、VNC（`tigervnc-server`・`x11vnc`・
`tightvncserver`）、RDP（`xrdp`）です。`openssh-client` などのクライアントや、最終イメージが
ファイルをコピーするだけのビルダーステージにインストールしたサーバーは対象外です。

イメージが明らかに起動しないサーバー（スクリプトやスーパーバイザーではない独自のプログラムを
起動し、サーバーのポートも公開していない場合）は中と評価します。FTP やリモートデスクトップを
提供すること自体が目的のイメージ（`CMD` や `ENTRYPOINT`、またはサーバー名を含むスクリプトが
サーバーを起動する場合）も中と評価し、削除ではなくそのサーバーを安全に動かす方法を示します。

## なぜ危険か
コンテナは一つのアプリケーションを動かすものです。リモートアクセス用のサーバーは二つ目の
侵入口になり、管理すべきアカウント・鍵・パスワード、パッチを当てるべき脆弱性が増え、root で
ログインできることもよくあります。Telnet・rsh・FTP はパスワードを平文で送ります。コンテナには
不要です。シェルは `docker exec` や `kubectl exec` で、ファイルの受け渡しは `docker cp` や
ボリュームで行えます。

## 問題のある例
```dockerfile
FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server \
    && rm -rf /var/lib/apt/lists/*
```

## 代わりに
```dockerfile
FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-client \
    && rm -rf /var/lib/apt/lists/*
```

## 修正方法
パッケージと、それを起動するもの（`CMD ["/usr/sbin/sshd", "-D"]`・`EXPOSE 22`）を削除します。
デバッグには `docker exec -it <container> sh` や `kubectl exec` を、ファイルには `docker cp` や
ボリュームを使います。

## 許容される場合
SSH の踏み台や SFTP サーバーなど、リモートアクセスそのものが目的のイメージで、堅牢化と更新が
行われている場合です。

## 参考資料
- [Docker ドキュメント: docker exec](https://docs.docker.com/reference/cli/docker/container/exec/)
- CIS Docker Benchmark 4.3（不要なパッケージをインストールしない）と 5.7（コンテナ内で SSH を実行しない）
"#;
