use crate::fix::Fix;
use crate::report::Severity;
use crate::rules::secrets::{is_secret_name, literal_secret_of, mask};
use crate::rules::{alias, Diagnostics, FixAvailability, KubernetesContext, Rule, Section, Tool};

use super::{containers, label};

pub const RULE: Rule = Rule {
    code: "PLK401",
    name: "k8s-secret-in-env",
    section: Section::Secrets,
    severity: Severity::High,
    fix: FixAvailability::None,
    aliases: &[alias(Tool::Kics, "Passwords And Secrets")],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Kubernetes(check),
};

fn check(context: &KubernetesContext, out: &mut Diagnostics) {
    for (container, _) in containers(context) {
        let Some(env) = container.get("env") else {
            continue;
        };
        for variable in env.items() {
            let Some(name) = variable.get("name").and_then(|name| name.as_str()) else {
                continue;
            };
            // `valueFrom` (a Secret, a ConfigMap, a field) is the way to
            // do it; only a `value` written here is the file's.
            let Some(value) = variable.get("value") else {
                continue;
            };
            let Some(secret) = value
                .as_str()
                .filter(|_| is_secret_name(name))
                .and_then(|raw| literal_secret_of(name, raw))
            else {
                continue;
            };
            let masked = mask(secret);
            let who = label(container);
            out.report(
                value.span(),
                crate::text!(
                    format!("{} sets `{name}` to a literal secret (`{masked}`) in the manifest, which is in version control and readable by anyone who can read the workload; put it in a Secret and use `valueFrom.secretKeyRef`", who.en),
                    format!("{}は `{name}` にシークレットの値（`{masked}`）をマニフェストで直接設定しています。値はバージョン管理に残り、ワークロードを読める人なら誰でも読めます。Secret に入れて `valueFrom.secretKeyRef` で参照してください", who.ja),
                ),
            )
            .about(container.resource())
            .with_fix(Fix::manual(crate::text!(
                "Rotate the secret, since the manifest has published it. Create a Secret (`kubectl create secret generic app --from-literal=...`, or from a secrets manager through an operator) and refer to it with `valueFrom: {secretKeyRef: {name: app, key: ...}}`, or mount it as a file.",
                "マニフェストで公開されてしまったので、シークレットを変更します。Secret を作り（`kubectl create secret generic app --from-literal=...`、またはオペレーター経由でシークレット管理サービスから）、`valueFrom: {secretKeyRef: {name: app, key: ...}}` で参照するか、ファイルとしてマウントします。",
            )));
        }
    }
}

const DOCS_EN: &str = r#"
# Kubernetes container sets a secret in plain text

## What it checks
An entry of a container's `env:` (init, app and ephemeral containers) whose name says it
holds a secret (`DB_PASSWORD`, `API_TOKEN`, `SECRET_KEY` ...) and whose `value:` is written
in the manifest. The value is shown masked. Not reported: values from `valueFrom`
(`secretKeyRef`, `configMapKeyRef`, `fieldRef`), references to other variables
(`$(DB_PASSWORD)`), paths to a file holding the secret (`/var/run/secrets/db`), switches
(`true`, `0`) and placeholders (`<token>`, `xxx`, `change_this`). Weak defaults such as
`changeme` or `postgres` are reported: they are the first passwords an attacker tries.

## Why it is risky
A manifest is committed, reviewed, copied into Helm charts and applied by CI: every copy
carries the secret, and the history keeps it after it is removed. In the cluster, anyone
allowed to read the Deployment (not only its Secrets) sees the value, and so does every
tool that lists workloads.

## Example
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example/api:1.4.2
          env:
            - name: DB_PASSWORD
              value: S3cure-Pa55w0rd
```

## Use instead
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example/api:1.4.2
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: api-db
                  key: password
```

## Fix
Rotate the secret: the manifest has published it. Keep it in a Secret (created from a
secrets manager by an operator, or sealed before it is committed) and refer to it with
`valueFrom.secretKeyRef`, or mount the Secret as a file, which also keeps it out of the
process environment.

## When it is acceptable
A throw-away value for a local cluster or a test (`kind`, `minikube`) that guards nothing.
Say so with a suppression comment; a value that reaches a shared cluster is not one.

## References
- [Kubernetes: Secrets](https://kubernetes.io/docs/concepts/configuration/secret/)
- [Kubernetes: Good practices for Secrets](https://kubernetes.io/docs/concepts/security/secrets-good-practices/)
"#;

const DOCS_JA: &str = r#"
# Kubernetes のコンテナがシークレットを平文で設定している

## チェック内容
コンテナ（init、通常、エフェメラル）の `env:` のうち、名前がシークレットを表し
（`DB_PASSWORD`、`API_TOKEN`、`SECRET_KEY` など）、`value:` がマニフェストに直接書かれているもの。
値は伏せて表示します。`valueFrom`（`secretKeyRef`、`configMapKeyRef`、`fieldRef`）の値、
ほかの変数の参照（`$(DB_PASSWORD)`）、シークレットを収めたファイルのパス（`/var/run/secrets/db`）、
スイッチ（`true`、`0`）、プレースホルダー（`<token>`、`xxx`、`change_this`）は報告しません。
`changeme` や `postgres` のような弱い既定値は報告します。攻撃者が最初に試すパスワードだからです。

## なぜ危険か
マニフェストはコミットされ、レビューされ、Helm チャートにコピーされ、CI から適用されます。
そのすべての写しがシークレットを持ち運び、削除しても履歴に残ります。クラスターの中では、
Secret ではなく Deployment を読めるだけの人にも値が見え、ワークロードを一覧するツールにも見えます。

## 問題のある例
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example/api:1.4.2
          env:
            - name: DB_PASSWORD
              value: S3cure-Pa55w0rd
```

## 代わりに
```yaml file=deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example/api:1.4.2
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: api-db
                  key: password
```

## 修正方法
マニフェストで公開されてしまったので、まずシークレットを変更します。そのうえで Secret に置き
（オペレーターでシークレット管理サービスから作るか、暗号化してからコミットします）、
`valueFrom.secretKeyRef` で参照するか、Secret をファイルとしてマウントします。ファイルにすれば
プロセスの環境変数にも残りません。

## 許容される場合
ローカルのクラスターやテスト（`kind`、`minikube`）のための、何も守っていない使い捨ての値。
抑制コメントでその旨を書いてください。共有のクラスターに届く値はこれに当たりません。

## 参考資料
- [Kubernetes: Secrets](https://kubernetes.io/docs/concepts/configuration/secret/)
- [Kubernetes: Secrets の良い使い方](https://kubernetes.io/docs/concepts/security/secrets-good-practices/)
"#;
