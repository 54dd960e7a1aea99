//! Host directories whose contents are the host's own configuration,
//! credentials or kernel interfaces: a Compose bind mount and a Kubernetes
//! `hostPath` of one are judged alike.

/// The host's system directories (each with what lies under it).
pub(crate) const SENSITIVE: &[&str] = &[
    "/etc",
    "/root",
    "/home",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/etc/kubernetes",
    "/var/run",
    "/run",
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
];

/// `/var/run/` → `/var/run`; `//x/./y` → `/x/y`.
pub(crate) fn cleaned(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

/// The system directory a cleaned host path is or lies under.
pub(crate) fn sensitive_dir(path: &str) -> Option<&'static str> {
    SENSITIVE
        .iter()
        .copied()
        .filter(|dir| {
            path == *dir
                || path
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|dir| dir.len())
}

/// What a host system directory holds that a container should not reach
/// (EN, JA), for the directories people mount whole.
pub(crate) fn holds(dir: &str) -> (&'static str, &'static str) {
    match dir {
        "/etc" => (
            "the host's configuration, password hashes (`/etc/shadow`) and, writable, its users, sudo rules and cron jobs",
            "ホストの設定とパスワードハッシュ（`/etc/shadow`）、書き込めればユーザー・sudo の規則・cron ジョブです",
        ),
        "/proc" => (
            "every host process's environment variables and memory, and, writable, kernel settings (`/proc/sys`) that lead out of the container",
            "ホストの全プロセスの環境変数とメモリ、書き込めればコンテナの外に出られるカーネル設定（`/proc/sys`）です",
        ),
        "/sys" => (
            "the kernel's and devices' settings, some of which (cgroup release agents, the uevent helper) run a program on the host when written",
            "カーネルとデバイスの設定で、一部（cgroup の release agent、uevent helper）は書き込むとホストでプログラムを実行します",
        ),
        "/root" => (
            "root's home: its SSH keys, cloud and registry credentials, shell history",
            "root のホームディレクトリで、SSH 鍵、クラウドやレジストリの認証情報、シェルの履歴があります",
        ),
        "/home" => (
            "every user's home: SSH keys, credentials and shell histories",
            "全ユーザーのホームディレクトリで、SSH 鍵、認証情報、シェルの履歴があります",
        ),
        "/boot" => (
            "the kernel and the boot loader: written, they run the attacker's code at the next boot",
            "カーネルとブートローダーで、書き換えられると次の起動で攻撃者のコードが動きます",
        ),
        "/dev" => (
            "every device of the host, its disks among them: the container reads or writes them below any file permission",
            "ディスクを含むホストのすべてのデバイスで、コンテナはファイルの権限に関係なく読み書きできます",
        ),
        _ => (
            "a system directory of the host",
            "ホストのシステムディレクトリです",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_narrowest_system_directory_is_found() {
        assert_eq!(sensitive_dir(&cleaned("/etc/")), Some("/etc"));
        assert_eq!(
            sensitive_dir(&cleaned("/etc/kubernetes/pki")),
            Some("/etc/kubernetes")
        );
        assert_eq!(sensitive_dir("/etcetera"), None);
        assert_eq!(sensitive_dir("/srv/data"), None);
    }
}
