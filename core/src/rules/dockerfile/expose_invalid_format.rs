use crate::fix::{Edit, Fix};
use crate::report::Severity;
use crate::rules::{alias, Context, Diagnostics, FixAvailability, Rule, Section, Tool};

use super::shared::expose_ports;

pub const RULE: Rule = Rule {
    code: "PL910",
    name: "expose-invalid-format",
    section: Section::Dockerfile,
    severity: Severity::Medium,
    fix: FixAvailability::Safe,
    aliases: &[alias(Tool::Buildkit, "ExposeInvalidFormat")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

fn check(context: &Context, out: &mut Diagnostics) {
    for port in expose_ports(context) {
        let Some(host) = &port.host else {
            continue;
        };
        let written = &port.word.text;
        let host_text = port.text(host);
        // What BuildKit records: the container port and protocol after the last `:`.
        let kept = &written[host.end + 1..];
        if kept.is_empty() {
            continue;
        }
        let what = if host_text.contains(':') {
            (
                "an IP address and a host port",
                "IPアドレスとホスト側のポート",
            )
        } else if host_text.contains(['.', '[']) {
            ("an IP address", "IPアドレス")
        } else {
            ("a host port", "ホスト側のポート")
        };
        let diagnostic = out.report(
            port.span(host),
            crate::text!(
                format!("`EXPOSE {written}` gives {}, which EXPOSE cannot set: it only records the container port `{kept}` and publishes nothing; write `EXPOSE {kept}` and publish with `docker run -p {written}`", what.0),
                format!("`EXPOSE {written}` は{}を指定していますが、EXPOSEでは設定できません。EXPOSEはコンテナのポート `{kept}` を記録するだけで公開はしません。`EXPOSE {kept}` と書き、公開は `docker run -p {written}` で行ってください", what.1),
            ),
        );
        diagnostic.with_fix(Fix::safe(
            crate::text!(
                format!("Keep only the container port: `EXPOSE {kept}`."),
                format!("コンテナのポートだけを残します: `EXPOSE {kept}`。"),
            ),
            vec![Edit::replace(port.word.span, kept)],
        ));
        if let Some(stage) = context.stage_of(port.instruction) {
            diagnostic.in_stage(stage);
        }
    }
}

const DOCS_EN: &str = r#"
# EXPOSE with an IP address or a host port

## What it checks
An `EXPOSE` port written like a `docker run -p` mapping: `8080:80`, `127.0.0.1:80:80` or
`[::1]:80:80`.

## Why it is risky
`EXPOSE` only documents which port the container listens on; it never publishes a port
or binds an address. BuildKit keeps the container port (`80`) and drops the rest, so a line
such as `EXPOSE 127.0.0.1:8080:80` suggests the service is bound to localhost on 8080
when nothing of the kind happens: whoever runs the container decides that. Wrong beliefs
about what is reachable lead to exposed services. BuildKit will reject this form in a
future release.

## Example
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 127.0.0.1:8080:80
```

## Use instead
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80
```

## Fix
The fix keeps only the container port and protocol, which is what BuildKit records. Publish
the port when you run the container: `docker run -p 127.0.0.1:8080:80 ...`, or the
`ports:` of a Compose file.

## When it is acceptable
Never.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Docker docs: publishing ports](https://docs.docker.com/engine/network/#published-ports)
- [Build checks: ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
"#;

const DOCS_JA: &str = r#"
# EXPOSEにIPアドレスやホスト側のポートを書いている

## チェック内容
`8080:80`、`127.0.0.1:80:80`、`[::1]:80:80` のように、`docker run -p` の対応付けの形で
書かれた `EXPOSE` のポートを検出します。

## なぜ危険か
`EXPOSE` はコンテナが待ち受けるポートを記録するだけで、ポートを公開したりアドレスに
バインドしたりはしません。BuildKitはコンテナ側のポート（`80`）だけを残して残りを捨てます。
そのため `EXPOSE 127.0.0.1:8080:80` のような行は、サービスがlocalhostの8080に限定されて
いるように見えますが、実際にはそうなりません。決めるのはコンテナを実行する側です。
どこから到達できるかを誤解すると、サービスの公開しすぎにつながります。BuildKitは将来の
リリースでこの書き方をエラーにする予定です。

## 問題のある例
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 127.0.0.1:8080:80
```

## 代わりに
```dockerfile
FROM nginx:1.27-alpine
EXPOSE 80
```

## 修正方法
自動修正は、BuildKitが記録するコンテナ側のポートとプロトコルだけを残します。ポートの公開は
コンテナ実行時に `docker run -p 127.0.0.1:8080:80 ...` やComposeファイルの `ports:` で
行ってください。

## 許容される場合
ありません。

## 参考資料
- [Dockerfile リファレンス: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
- [Docker ドキュメント: ポートの公開](https://docs.docker.com/engine/network/#published-ports)
- [Build checks: ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
"#;
