use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, ComposeContext, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{colon_parts, label, services, with_defaults};
use crate::rules::host_dirs::{cleaned, holds, sensitive_dir};

pub const RULE: Rule = Rule {
    code: "PLC702",
    name: "compose-socket-or-host-root-mount",
    section: Section::Filesystem,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Docker Socket Mounted In Container"),
        alias(Tool::Kics, "Volume Has Sensitive Host Directory"),
        alias(Tool::Semgrep, "exposing-docker-socket-volume"),
        alias(Tool::Cis, "5.5"),
        alias(Tool::Cis, "5.31"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Compose(check),
};

/// The file names of container runtimes' API sockets, and the runtime.
const SOCKETS: &[(&str, &str)] = &[
    ("docker.sock", "Docker"),
    ("containerd.sock", "containerd"),
    ("podman.sock", "Podman"),
    ("crio.sock", "CRI-O"),
    ("cri-dockerd.sock", "Docker"),
    ("dockershim.sock", "Docker"),
];

/// Host directories that hold a runtime's socket: mounting one mounts the
/// socket.
const SOCKET_DIRECTORIES: &[(&str, &str)] = &[
    ("/run", "Docker"),
    ("/var/run", "Docker"),
    ("/run/containerd", "containerd"),
    ("/var/run/containerd", "containerd"),
    ("/run/podman", "Podman"),
    ("/var/run/podman", "Podman"),
    ("/run/crio", "CRI-O"),
    ("/var/run/crio", "CRI-O"),
];

/// What a bind mount's host path hands to the container.
enum Exposure {
    /// A runtime's API, by name.
    Socket(&'static str),
    HostRoot,
    /// A system directory of the host (`/etc`, `/proc`, ...) or a path in
    /// one, and whether the mount is the directory itself.
    System {
        dir: &'static str,
        whole: bool,
    },
}

fn exposure(source: &str) -> Option<Exposure> {
    let resolved = with_defaults(source);
    let mut path = resolved.trim().replace("//", "/");
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path == "/" {
        return Some(Exposure::HostRoot);
    }
    let file = path.rsplit('/').next().unwrap_or("");
    let socket = SOCKETS
        .iter()
        .find(|(name, _)| file == *name)
        .or_else(|| SOCKET_DIRECTORIES.iter().find(|(dir, _)| path == *dir))
        .map(|(_, runtime)| Exposure::Socket(runtime));
    socket.or_else(|| {
        // A relative or named source (`./data`, `db-data`) is not a host
        // system path.
        if !path.starts_with('/') {
            return None;
        }
        let path = cleaned(&path);
        let dir = sensitive_dir(&path)?;
        Some(Exposure::System {
            dir,
            whole: path == dir,
        })
    })
}

/// A volume's host path and whether it is read-only: the short syntax
/// `SOURCE:TARGET[:MODE]` (at the colons outside `${...}`) or the long
/// syntax's `source` and `read_only`.
fn host_path(volume: crate::companion::yaml::Value) -> Option<(String, bool)> {
    if volume.is_mapping() {
        let source = volume.get("source")?.as_str()?;
        let read_only = volume
            .get("read_only")
            .and_then(|value| value.as_bool())
            .unwrap_or(false);
        return Some((source.to_string(), read_only));
    }
    let text = volume.as_str()?;
    let parts = colon_parts(text);
    if parts.len() < 2 {
        return None;
    }
    let read_only = parts
        .get(2)
        .is_some_and(|mode| mode.split(',').any(|flag| flag.trim() == "ro"));
    Some((parts[0].to_string(), read_only))
}

fn check(context: &ComposeContext, out: &mut Diagnostics) {
    for (service, _) in services(context) {
        let Some(volumes) = service.get("volumes") else {
            continue;
        };
        let name = label(service);
        for volume in volumes.items() {
            let Some((source, read_only)) = host_path(volume) else {
                continue;
            };
            let Some(exposure) = exposure(&source) else {
                continue;
            };
            let (en, ja) = match exposure {
                Exposure::Socket(runtime) => {
                    let (en_ro, ja_ro) = if read_only {
                        (", and read-only does not protect the API behind it", "。読み取り専用で守られるのはソケットファイルだけで、その先の API は守られません")
                    } else {
                        ("", "")
                    };
                    (
                        format!("service {name} mounts the {runtime} API socket (`{source}`){en_ro}: whoever controls the service can start a privileged container and own the host; remove it, or put an API proxy that allows only the calls it needs in front"),
                        format!("サービス {name} は {runtime} の API ソケット（`{source}`）をマウントしています{ja_ro}。サービスを乗っ取った者は特権コンテナを起動してホストを奪えます。削除するか、必要な呼び出しだけを許可する API プロキシを間に置いてください"),
                    )
                }
                Exposure::HostRoot => (
                    format!("service {name} mounts the host's root file system (`{source}`): the service reads every secret of the host (`/etc/shadow`, SSH keys, other containers' data){}; mount only the directories it needs", if read_only { "" } else { " and can change its programs" }),
                    format!("サービス {name} はホストのルートファイルシステム（`{source}`）をマウントしています。ホストのすべての秘密情報（`/etc/shadow`、SSH 鍵、ほかのコンテナのデータ）を読め{}。必要なディレクトリだけをマウントしてください", if read_only { "ます" } else { "、プログラムを書き換えることもできます" }),
                ),
                // One file or subdirectory, read-only (`/etc/localtime`,
                // `/lib/modules`), is what a service that needs the host
                // should mount; a user's own directory is data, and a
                // service's socket directory (`/var/run/postgresql`) is
                // how it is shared.
                Exposure::System { dir, whole: false }
                    if read_only || ["/home", "/run", "/var/run"].contains(&dir) =>
                {
                    continue
                }
                Exposure::System { dir, whole } => {
                    let (en_mode, ja_mode) = if read_only {
                        ("read-only", "読み取り専用")
                    } else {
                        ("writable", "書き込み可能")
                    };
                    let (what_en, what_ja) = if whole {
                        let (en, ja) = holds(dir);
                        (en.to_string(), ja.to_string())
                    } else {
                        (
                            format!("a path in the host's `{dir}`, whose programs or the host itself read what the service writes there"),
                            format!("ホストの `{dir}` の中のパスで、サービスが書いたものをホストやそのプログラムが読みます"),
                        )
                    };
                    (
                        format!("service {name} mounts the host's `{source}` {en_mode}: {what_en}; mount only the files it needs, read-only"),
                        format!("サービス {name} はホストの `{source}` を{ja_mode}でマウントしています。{what_ja}。必要なファイルだけを読み取り専用でマウントしてください"),
                    )
                }
            };
            // As a Kubernetes `hostPath` of the same directory is rated.
            let rating = match exposure {
                Exposure::System { .. } if read_only => Some(Severity::Low),
                Exposure::System { .. } => Some(Severity::Medium),
                _ => None,
            };
            let diagnostic = out.report(volume.span(), crate::text!(en, ja));
            if let Some(rating) = rating {
                diagnostic.rated(rating);
            }
            diagnostic
                .about(service.name)
                .with_fix(Fix::manual(crate::text!(
                    "Remove the mount. A service that must use the container API gets a proxy that allows only the calls it needs (read-only container listing for a reverse proxy or a dashboard); a monitoring agent gets the few host directories it reads, read-only.",
                    "マウントを削除します。コンテナ API を使う必要のあるサービスには、必要な呼び出しだけを許可するプロキシを用意します（リバースプロキシやダッシュボードならコンテナ一覧の読み取りだけ）。監視エージェントには読むホストのディレクトリだけを読み取り専用で与えます。",
                )));
        }
    }
}

const DOCS_EN: &str = r#"
# Compose service mounts a container runtime socket, the host's root or a system directory

## What it checks
A Compose service volume, in the short (`/var/run/docker.sock:/var/run/docker.sock:ro`)
or long syntax (`type: bind`, `source:`), whose host path is a container runtime's API
socket (`docker.sock`, `containerd.sock`, `podman.sock`, `crio.sock`, also under
`$XDG_RUNTIME_DIR`), a directory that holds one (`/run`, `/var/run`, `/run/containerd`
...), or the host's root directory `/`. Variable defaults are read
(`${DOCKER_SOCK:-/var/run/docker.sock}`). A read-only mount is still reported.

It also reports a host system directory mounted whole (`/etc`, `/proc`, `/sys`, `/dev`,
`/boot`, `/root`, `/home`, `/usr`, `/lib`, `/var/lib/docker` ...), rated medium when
writable and low when read-only, as Kubernetes `hostPath` mounts of them are (PLK702), and
a writable file or subdirectory of one (not of `/home`, where users keep their data, nor of
`/run` and `/var/run`, where services share their sockets). One
file or subdirectory mounted read-only (`/etc/localtime:/etc/localtime:ro`,
`/lib/modules:/lib/modules:ro`) is the narrow mount this rule asks for, and is not reported.

## Why it is risky
The runtime's socket is its whole API, and the daemon behind it runs as root. Whoever can
write to the socket, which `:ro` does not prevent (it only stops changes to the socket
file), can start a privileged container that mounts the host's disk: one compromised
process in a reverse proxy, dashboard or CI runner becomes root on the host. Mounting the
host's `/` hands over every secret of the host at once, and, when writable, its programs.

## Example
```yaml file=compose.yaml
services:
  proxy:
    image: traefik:v3.2
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
```

## Use instead
```yaml file=compose.yaml
services:
  proxy:
    image: traefik:v3.2
    command: --providers.file.filename=/etc/traefik/routes.yml
    volumes:
      - ./routes.yml:/etc/traefik/routes.yml:ro
```

## Fix
Remove the mount. A reverse proxy can read its routes from a file instead of container
labels; a service that must read labels can talk to a socket proxy that allows only the
read calls it needs (the proxy alone mounts the socket, on an internal network). CI runners that start containers are better served by
rootless Docker or a build service. A monitoring agent needs a few host directories,
read-only, not `/`.

## When it is acceptable
Tools whose job is to manage containers (Portainer, Watchtower, CI runners) on a host set
apart for them, reviewed as host-level software with the same care as root access.

## References
- [Docker: protect the Docker daemon socket](https://docs.docker.com/engine/security/protect-access/)
- [Compose file reference: volumes](https://docs.docker.com/reference/compose-file/services/#volumes)
- CIS Docker Benchmark 5.5 and 5.31 (do not mount sensitive host directories or the Docker socket)
"#;

const DOCS_JA: &str = r#"
# Compose のサービスがコンテナランタイムのソケット、ホストのルートかシステムディレクトリをマウントしている

## チェック内容
Compose サービスのボリュームのうち、短い書き方（`/var/run/docker.sock:/var/run/docker.sock:ro`）
か長い書き方（`type: bind`、`source:`）のホスト側のパスが、コンテナランタイムの API ソケット
（`docker.sock`、`containerd.sock`、`podman.sock`、`crio.sock`、`$XDG_RUNTIME_DIR` 以下のものも）、
それを含むディレクトリ（`/run`、`/var/run`、`/run/containerd` など）、ホストのルートディレクトリ
`/` であるものを検出します。変数の既定値も読みます（`${DOCKER_SOCK:-/var/run/docker.sock}`）。
読み取り専用のマウントも検出します。

ホストのシステムディレクトリ（`/etc`、`/proc`、`/sys`、`/dev`、`/boot`、`/root`、`/home`、`/usr`、
`/lib`、`/var/lib/docker` など）を丸ごとマウントしているものも検出し、Kubernetes の `hostPath`
（PLK702）と同じく、書き込み可能なら medium、読み取り専用なら low とします。その中のファイルや
サブディレクトリを書き込み可能でマウントしているもの（ユーザーがデータを置く `/home` と、サービスが
ソケットを共有する `/run`、`/var/run` は除く）も
検出します。ファイルやサブディレクトリを 1 つだけ読み取り専用でマウントするもの
（`/etc/localtime:/etc/localtime:ro`、`/lib/modules:/lib/modules:ro`）は、このルールが求める狭い
マウントなので検出しません。

## なぜ危険か
ランタイムのソケットはその API のすべてで、その先のデーモンは root で動きます。ソケットに書き
込める者は（`:ro` では防げません。止まるのはソケットファイル自体の変更だけです）、ホストの
ディスクをマウントする特権コンテナを起動できます。リバースプロキシやダッシュボード、CI
ランナーのプロセス 1 つが侵害されると、ホストの root を奪われます。ホストの `/` をマウント
すると、ホストのすべての秘密情報を一度に渡し、書き込み可能ならプログラムも渡します。

## 問題のある例
```yaml file=compose.yaml
services:
  proxy:
    image: traefik:v3.2
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
```

## 代わりに
```yaml file=compose.yaml
services:
  proxy:
    image: traefik:v3.2
    command: --providers.file.filename=/etc/traefik/routes.yml
    volumes:
      - ./routes.yml:/etc/traefik/routes.yml:ro
```

## 修正方法
マウントを削除します。リバースプロキシはコンテナのラベルの代わりにファイルからルートを読めます。
ラベルを読む必要のあるサービスは、必要な読み取りの呼び出しだけを許可するソケットプロキシ
（ソケットをマウントするのはプロキシだけで、内部ネットワークに置きます）経由で通信できます。コンテナを起動する CI ランナーには rootless Docker やビルドサービスの方が
適しています。監視エージェントに必要なのは `/` ではなく、いくつかのホストのディレクトリを
読み取り専用で与えることです。

## 許容される場合
コンテナを管理することが役目のツール（Portainer、Watchtower、CI ランナー）を専用のホストで
動かし、root 権限と同じ注意でホストレベルのソフトウェアとしてレビューしている場合です。

## 参考資料
- [Docker: Docker デーモンのソケットを守る](https://docs.docker.com/engine/security/protect-access/)
- [Compose ファイルリファレンス: volumes](https://docs.docker.com/reference/compose-file/services/#volumes)
- CIS Docker Benchmark 5.5、5.31（ホストの重要なディレクトリや Docker ソケットをマウントしない）
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_their_directories_and_the_host_root() {
        let runtime = |source: &str| match exposure(source) {
            Some(Exposure::Socket(runtime)) => runtime,
            Some(Exposure::HostRoot) => "host root",
            Some(Exposure::System { dir, whole: true }) => dir,
            Some(Exposure::System { .. }) => "in a system directory",
            None => "",
        };
        assert_eq!(runtime("/var/run/docker.sock"), "Docker");
        assert_eq!(runtime("${XDG_RUNTIME_DIR}/docker.sock"), "Docker");
        assert_eq!(runtime("${SOCK:-/run/podman/podman.sock}"), "Podman");
        assert_eq!(runtime("/run/containerd/containerd.sock"), "containerd");
        assert_eq!(runtime("/var/run/"), "Docker");
        assert_eq!(runtime("//"), "host root");
        assert_eq!(runtime("/"), "host root");
        assert_eq!(runtime("/var/run/postgresql"), "in a system directory");
        assert_eq!(runtime("/etc/"), "/etc");
        assert_eq!(runtime("/srv/etc"), "");
        assert_eq!(runtime("./docker.sockets"), "");
        assert_eq!(runtime("data"), "");
    }
}
