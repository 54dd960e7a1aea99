use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::final_volumes;

pub const RULE: Rule = Rule {
    code: "PL705",
    name: "docker-socket-volume",
    section: Section::Filesystem,
    severity: Severity::Critical,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Semgrep, "dockerfile-dockerd-socket-mount")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// The Docker daemon's socket and the directories that hold it.
const SOCKET_PATHS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run",
    "/run",
];

fn check(context: &Context, out: &mut Diagnostics) {
    for (path, word) in final_volumes(context) {
        // `VOLUME /var/run/docker.sock:/var/run/docker.sock` is a path with a
        // colon to Docker, but it shows the same intent as a run-time mount.
        if !path
            .split(':')
            .any(|part| SOCKET_PATHS.contains(&part.trim_end_matches('/')))
        {
            continue;
        }
        out.report(word.span, crate::text!(
            format!("`VOLUME {path}` expects the Docker socket to be mounted into the container, and access to it is root on the host: anyone in the container can start a privileged container; remove it and use a narrowly scoped API proxy if the program must talk to Docker"),
            format!("`VOLUME {path}` はコンテナへの Docker ソケットのマウントを前提にしています。ソケットへのアクセスはホストの root と同じで、コンテナ内の誰もが特権コンテナを起動できます。削除し、Docker と通信する必要があるなら範囲を絞った API プロキシを使ってください"),
        ))
        .with_fix(Fix::manual(crate::text!(
            "Remove the VOLUME. If the program must use the Docker API, put a proxy that allows only the needed calls in front of it, or use rootless Docker.",
            "VOLUME を削除してください。プログラムが Docker API を使う必要がある場合は、必要な呼び出しだけを許可するプロキシを間に置くか、rootless Docker を使ってください。",
        )));
    }
}

const DOCS_EN: &str = r#"
# VOLUME for the Docker socket

## What it checks
A `VOLUME` of the final image on the Docker daemon's socket, `/var/run/docker.sock` or
`/run/docker.sock`, or on the directory that holds it (`/var/run`, `/run`), also when
written as a `host:container` mapping. Variables are expanded first.

## Why it is risky
The image declares that it expects the host's Docker socket. Whoever can talk to that socket
controls the Docker daemon, which runs as root: they can start a privileged container that
mounts the host's root file system. A single compromised process in the container becomes a
full host compromise, with no escape exploit needed.

## Example
```dockerfile
FROM docker:24-cli
VOLUME /var/run/docker.sock
USER 1001
```

## Use instead
```dockerfile
FROM docker:24-cli
ENV DOCKER_HOST=tcp://docker-proxy:2375
USER 1001
```

## Fix
Remove the `VOLUME`. If the program really needs the Docker API, point it at a proxy that
only allows the calls it needs (such as a socket proxy with most endpoints disabled), or use
rootless Docker, and make that an explicit decision at deployment time.

## When it is acceptable
CI runners and Docker management tools whose purpose is to drive the daemon; they should
still be deployed on hosts dedicated to that purpose, and the mount given at run time rather
than declared in the image.

## References
- [Dockerfile reference: VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
- [Docker docs: protect the Docker daemon socket](https://docs.docker.com/engine/security/protect-access/)
- CIS Docker Benchmark 5.31 (do not mount the Docker socket inside containers)
"#;

const DOCS_JA: &str = r#"
# Docker ソケットへの VOLUME

## チェック内容
最終イメージの `VOLUME` が Docker デーモンのソケット（`/var/run/docker.sock`、
`/run/docker.sock`）や、それを含むディレクトリ（`/var/run`、`/run`）を指している場合に
検出します。`ホスト:コンテナ` の形で書かれていても同じです。変数は先に展開します。

## なぜ危険か
イメージがホストの Docker ソケットを前提にしていることを宣言しています。このソケットと通信
できる者は root で動く Docker デーモンを操作でき、ホストのルートファイルシステムをマウントした
特権コンテナを起動できます。コンテナ内のプロセスが一つ乗っ取られるだけで、脱出の脆弱性も
なしにホスト全体が乗っ取られます。

## 問題のある例
```dockerfile
FROM docker:24-cli
VOLUME /var/run/docker.sock
USER 1001
```

## 代わりに
```dockerfile
FROM docker:24-cli
ENV DOCKER_HOST=tcp://docker-proxy:2375
USER 1001
```

## 修正方法
`VOLUME` を削除します。プログラムが本当に Docker API を必要とするなら、必要な呼び出しだけを
許可するプロキシ（ほとんどのエンドポイントを無効にしたソケットプロキシなど）を使うか、
rootless Docker を使い、デプロイ時の明示的な判断にしてください。

## 許容される場合
デーモンを操作することが目的の CI ランナーや Docker 管理ツールです。その場合も専用のホストに
デプロイし、マウントはイメージで宣言せず実行時に与えてください。

## 参考資料
- [Dockerfile リファレンス: VOLUME](https://docs.docker.com/reference/dockerfile/#volume)
- [Docker ドキュメント: Docker デーモンのソケットを保護する](https://docs.docker.com/engine/security/protect-access/)
- CIS Docker Benchmark 5.31（コンテナ内に Docker ソケットをマウントしない）
"#;
