use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::{exposed_ports, remove_exposed};

pub const RULE: Rule = Rule {
    code: "PL501",
    name: "expose-ssh-port",
    section: Section::Network,
    severity: Severity::High,
    fix: FixAvailability::NeedsReview,
    aliases: &[
        alias(Tool::Trivy, "DS-0004"),
        alias(Tool::Checkov, "CKV_DOCKER_1"),
        alias(Tool::Kics, "Exposing Port 22 (SSH)"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

const SSH: u32 = 22;

fn check(context: &Context, out: &mut Diagnostics) {
    for port in exposed_ports(context) {
        let (low, high) = port.ports;
        if !(low..=high).contains(&SSH) {
            continue;
        }
        let written = &port.word.text;
        let (en, ja) = if low == high {
            (
                format!("`EXPOSE {written}` publishes the SSH port"),
                format!("`EXPOSE {written}` は SSH のポートを公開します"),
            )
        } else {
            (
                format!("`EXPOSE {written}` includes the SSH port 22"),
                format!("`EXPOSE {written}` は SSH のポート 22 を含みます"),
            )
        };
        let stage = context.stage_of(port.instruction);
        let diagnostic = out
            .report(
                port.word.span,
                crate::text!(
                    format!("{en}: an SSH server in a container is a remote way in that needs its own keys and patching; drop it and use `docker exec` (or `kubectl exec`) to get a shell"),
                    format!("{ja}。コンテナ内の SSH サーバーは、独自の鍵管理とパッチ適用が必要な外部からの侵入口になります。削除し、シェルが必要なときは `docker exec`（または `kubectl exec`）を使ってください"),
                ),
            )
            .with_fix(Fix::needs_review(
                crate::text!(
                    format!("Remove `{written}` from EXPOSE, and the SSH server that listens on it."),
                    format!("EXPOSE から `{written}` を削除し、そのポートで待ち受ける SSH サーバーも削除します。"),
                ),
                vec![remove_exposed(context, &port)],
            ));
        if let Some(stage) = stage {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# SSH port exposed

## What it checks
An `EXPOSE` of port 22 (`22`, `22/tcp`, or a range such as `20-25`) in the final image,
that is in the final stage or a stage it is built `FROM`. Variables are expanded first.
`EXPOSE` in builder stages does not reach the final image and is not reported.

## Why it is risky
`EXPOSE` tells users and tools (`docker run -P`, orchestrators, scanners) that the image
serves SSH. An SSH server in a container is another way in: it needs host keys, accounts
and patching of its own, and it is a favourite target of password guessing. Containers do
not need it: `docker exec` and `kubectl exec` give a shell without opening a port.

## Example
```dockerfile
FROM ubuntu:24.04
EXPOSE 22
```

## Use instead
```dockerfile
FROM ubuntu:24.04
EXPOSE 3000
# For a shell: docker exec -it <container> sh
```

## Fix
Remove port 22 from `EXPOSE` (the suggested edit does this) and remove the SSH server from
the image (see PL504). Use `docker exec -it <container> sh` or `kubectl exec` for debugging,
and `docker cp` or volumes to move files.

## When it is acceptable
An image whose purpose is to be an SSH endpoint, such as a bastion host or a Git server
over SSH, hardened and kept up to date.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Docker docs: docker exec](https://docs.docker.com/reference/cli/docker/container/exec/)
- CIS Docker Benchmark 5.7 (do not run SSH within containers)
"#;

const DOCS_JA: &str = r#"
# SSH のポートを公開している

## チェック内容
最終イメージ（最終ステージと、その `FROM` の元になったステージ）にある、ポート 22 の `EXPOSE`
（`22`・`22/tcp`、または `20-25` のような範囲）を検出します。変数は先に展開します。
ビルダーステージの `EXPOSE` は最終イメージに届かないため対象外です。

## なぜ危険か
`EXPOSE` は、このイメージが SSH を提供していることを利用者やツール（`docker run -P`・
オーケストレーター・スキャナー）に伝えます。コンテナ内の SSH サーバーはもう一つの侵入口です。
ホスト鍵・アカウント・パッチ適用を別途管理する必要があり、パスワード総当たり攻撃の格好の標的にも
なります。コンテナには不要です。`docker exec` や `kubectl exec` なら、ポートを開けずにシェルを
使えます。

## 問題のある例
```dockerfile
FROM ubuntu:24.04
EXPOSE 22
```

## 代わりに
```dockerfile
FROM ubuntu:24.04
EXPOSE 3000
# For a shell: docker exec -it <container> sh
```

## 修正方法
`EXPOSE` からポート 22 を削除し（提案する修正がこれを行います）、イメージから SSH サーバーも
削除します（PL504 を参照）。デバッグには `docker exec -it <container> sh` や `kubectl exec` を、
ファイルの受け渡しには `docker cp` やボリュームを使います。

## 許容される場合
踏み台ホストや SSH 経由の Git サーバーなど、SSH の接続先になることが目的のイメージで、
堅牢化と更新が行われている場合です。

## 参考資料
- [Dockerfile リファレンス: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Docker ドキュメント: docker exec](https://docs.docker.com/reference/cli/docker/container/exec/)
- CIS Docker Benchmark 5.7（コンテナ内で SSH を実行しない）
"#;
