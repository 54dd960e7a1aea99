//! The seed document's security checklist (build time, scan, run time), each
//! item decided from the findings where a Dockerfile can tell, and otherwise
//! marked `manual` with what to check and the commands to do it. Two items
//! come from the seed's sections rather than its checklist: verified
//! downloads (its trusted-source advice applied to everything a build
//! fetches) and the health check (its network section).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::companion::FileKind;
use crate::model::Purpose;
use crate::report::{Finding, Lang, Severity, StageSummary, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Build,
    Scan,
    Runtime,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Build, Group::Scan, Group::Runtime];

    pub fn title(self) -> Text {
        match self {
            Group::Build => Text::new("Build time", "ビルド時"),
            Group::Scan => Text::new("Scanning", "スキャン"),
            Group::Runtime => Text::new("Run time", "実行時"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    /// Cannot be decided from a Dockerfile: `guidance` says what to check.
    Manual,
}

/// How an item is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decision {
    /// From the findings of its rules: pass when there are none.
    Findings,
    /// Needs a person, but findings of its rules still show problems.
    Manual,
}

struct ItemSpec {
    id: &'static str,
    group: Group,
    title_en: &'static str,
    title_ja: &'static str,
    rules: &'static [&'static str],
    /// The rules of Compose files and manifests that decide the item for
    /// the image they run.
    runtime_rules: &'static [&'static str],
    /// The files that decide the item when the Dockerfile cannot.
    decidable_by: &'static [FileKind],
    decision: Decision,
    guidance_en: &'static str,
    guidance_ja: &'static str,
}

/// One checklist item, decided for one Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub id: &'static str,
    pub group: Group,
    pub title: Text,
    pub status: Status,
    /// The rules that decide this item.
    pub rules: &'static [&'static str],
    /// Indices into the report's findings that decided the status.
    pub findings: Vec<usize>,
    /// Findings of the Compose files and manifests that run the image,
    /// which decided the status with the Dockerfile's own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<FindingRef>,
    /// The project files that decided the item (empty when the item was
    /// judged from a lone Dockerfile, or left to a person).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<String>,
    /// For an item left to a person: the kinds of file that would decide
    /// it if the project had one.
    #[serde(skip_serializing_if = "<[FileKind]>::is_empty")]
    pub decidable_by: &'static [FileKind],
    /// Markdown: what to check by hand, with commands and snippets.
    pub guidance: Text,
    /// For an item decided by a CI workflow or a scan report: what in them
    /// decided it (the scan and what it fails on, the counts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl ChecklistItem {
    /// For an item left to a person: which file would decide it (`Add a
    /// Compose file or a Kubernetes manifest to the project to decide this
    /// item.`); `None` when no file can.
    pub fn decidable_note(&self) -> Option<Text> {
        let labels: Vec<Text> = self.decidable_by.iter().map(|kind| kind.label()).collect();
        let (last, rest) = labels.split_last()?;
        let join = |lang: Lang, or: &str| {
            let mut words: Vec<&str> = rest.iter().map(|label| label.get(lang)).collect();
            words.push(last.get(lang));
            match words.as_slice() {
                [one] => (*one).to_string(),
                [init @ .., last] => format!("{}{or}{last}", init.join(", ")),
                [] => String::new(),
            }
        };
        Some(Text::new(
            format!(
                "Add {} to the project to decide this item.",
                join(Lang::En, " or ")
            ),
            format!(
                "プロジェクトに{}を追加すると、この項目を判定できます。",
                join(Lang::Ja, "か")
            ),
        ))
    }
}

/// A finding in another file of the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRef {
    /// The file's path in the project.
    pub file: String,
    /// Index into that file's findings.
    pub index: usize,
}

/// A Compose file or manifest that runs the image: its findings about the
/// services or containers that run it, with their indices in the file.
pub struct RuntimeEvidence<'a> {
    pub path: &'a str,
    pub findings: Vec<(usize, &'a Finding)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
    /// 0 to 100: passed items count 1, warnings 0.5, failures 0; manual
    /// items do not count. `None` when there is nothing to judge.
    pub score: Option<u32>,
    pub counts: Counts,
    /// The stage judged as the image and what it is for; `None` without stages.
    pub judged: Option<Judged>,
    /// Why there is no verdict, when there is none: without a build stage
    /// there is no image, and "every item passed" would be a false promise.
    pub no_verdict: Option<Text>,
}

/// The stage the run-time items were judged on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Judged {
    pub stage: usize,
    pub purpose: Purpose,
    /// One sentence: which stage, and whether run-time advice applies to it.
    pub note: Text,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub manual: usize,
}

impl Counts {
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Counts {
        let mut counts = Counts::default();
        for status in statuses {
            match status {
                Status::Pass => counts.pass += 1,
                Status::Warn => counts.warn += 1,
                Status::Fail => counts.fail += 1,
                Status::Manual => counts.manual += 1,
            }
        }
        counts
    }

    /// The score of these items: a pass counts 1, a warning half, a failure
    /// nothing, manual items not at all (100 when none is decided).
    pub fn score(&self) -> u32 {
        let decided = self.pass + self.warn + self.fail;
        if decided == 0 {
            return 100;
        }
        u32::try_from((self.pass * 200 + self.warn * 100) / (decided * 2)).unwrap_or(100)
    }
}

/// The rule codes the checklist refers to (a test checks they exist).
pub fn referenced_rules() -> impl Iterator<Item = &'static str> {
    ITEMS
        .iter()
        .flat_map(|item| item.rules.iter().chain(item.runtime_rules).copied())
}

pub fn ids() -> impl Iterator<Item = &'static str> {
    ITEMS.iter().map(|item| item.id)
}

/// The title of the item `id`.
pub fn title(id: &str) -> Option<Text> {
    let spec = ITEMS.iter().find(|item| item.id == id)?;
    Some(Text::new(spec.title_en, spec.title_ja))
}

/// What to check by hand for the item `id` (Markdown).
pub fn guidance(id: &str) -> Option<Text> {
    let spec = ITEMS.iter().find(|item| item.id == id)?;
    Some(Text::new(spec.guidance_en.trim(), spec.guidance_ja.trim()))
}

/// The kinds of file that would decide the item `id` when a Dockerfile
/// alone leaves it to a person.
pub(crate) fn decidable_by(id: &str) -> &'static [FileKind] {
    ITEMS
        .iter()
        .find(|item| item.id == id)
        .map_or(&[], |item| item.decidable_by)
}

/// How one entry of [`ChecklistItem::decided_by`] reads: a file is its
/// path; a directory (`./`, `services/api/`) stands for the file names
/// listed in it, the build context the `.dockerignore` was matched with.
pub fn decided_by_label(entry: &str) -> Text {
    if entry.ends_with('/') {
        Text::new(
            format!("the file names in `{entry}` (the build context)"),
            format!("`{entry}` のファイル名（ビルドコンテキスト）"),
        )
    } else {
        Text::new(format!("`{entry}`"), format!("`{entry}`"))
    }
}

/// Decides every item from the (unsuppressed) findings; `stages` says
/// which stage was judged as the image. Without a stage there is no verdict.
pub fn evaluate(findings: &[Finding], stages: &[StageSummary]) -> Checklist {
    evaluate_with(findings, stages, &[], &[], &[])
}

/// Decides every item from the findings of a Dockerfile checked with the
/// files around it: `dockerfiles` are the paths its own items are decided
/// by, and `companions` names, per item id, the files that decide an item
/// a Dockerfile alone leaves to a person (`("dockerignore",
/// [".dockerignore"])`), and `runtime` are the Compose files and manifests
/// that run the image, whose findings decide the run-time items with the
/// Dockerfile's.
pub fn evaluate_with(
    findings: &[Finding],
    stages: &[StageSummary],
    dockerfiles: &[String],
    companions: &[(&str, Vec<String>)],
    runtime: &[RuntimeEvidence],
) -> Checklist {
    if stages.is_empty() {
        return Checklist {
            no_verdict: Some(Text::new(
                "No verdict: there is no build stage (no valid `FROM` instruction), so there is no image to judge. Fix the Dockerfile errors, or paste a Dockerfile.",
                "判定できません。ビルドステージ（有効な `FROM` 命令）がないため、判定するイメージがありません。Dockerfile のエラーを直すか、Dockerfile を貼り付けてください。",
            )),
            ..Checklist::default()
        };
    }
    // The findings of each item, in one pass over the findings: a file can
    // have hundreds of thousands.
    let mut items_of_rule: HashMap<&str, Vec<usize>> = HashMap::new();
    for (item, spec) in ITEMS.iter().enumerate() {
        for rule in spec.rules {
            let items = items_of_rule.entry(rule).or_default();
            if !items.contains(&item) {
                items.push(item);
            }
        }
    }
    let mut linked_to: Vec<Vec<usize>> = vec![Vec::new(); ITEMS.len()];
    for (index, finding) in findings.iter().enumerate() {
        if finding.suppressed.is_some() {
            continue;
        }
        for &item in items_of_rule.get(finding.rule).into_iter().flatten() {
            linked_to[item].push(index);
        }
    }
    let items: Vec<ChecklistItem> = ITEMS
        .iter()
        .zip(linked_to)
        .map(|(spec, linked)| {
            let evidence = companions
                .iter()
                .find(|(id, files)| *id == spec.id && !files.is_empty())
                .map(|(_, files)| files);
            let runs = if spec.runtime_rules.is_empty() {
                &[]
            } else {
                runtime
            };
            let elsewhere: Vec<(&str, usize, &Finding)> = runs
                .iter()
                .flat_map(|file| {
                    file.findings
                        .iter()
                        .filter(|(_, finding)| {
                            finding.suppressed.is_none()
                                && spec.runtime_rules.contains(&finding.rule)
                        })
                        .map(|&(index, finding)| (file.path, index, finding))
                })
                .collect();
            // Info findings are advice: listed with the item, they do not
            // move its status or the score.
            let worst = linked
                .iter()
                .map(|&index| &findings[index])
                .chain(elsewhere.iter().map(|(_, _, finding)| *finding))
                .map(|finding| finding.severity)
                .filter(|&severity| severity > Severity::Info)
                .max();
            let decision = match (evidence, runs.is_empty()) {
                (Some(_), _) | (None, false) => Decision::Findings,
                (None, true) => spec.decision,
            };
            let status = match (worst, decision) {
                (Some(severity), _) if severity >= Severity::High => Status::Fail,
                (Some(_), _) => Status::Warn,
                (None, Decision::Findings) => Status::Pass,
                (None, Decision::Manual) => Status::Manual,
            };
            let decided_by = match (status, evidence) {
                (Status::Manual, _) => Vec::new(),
                (_, Some(files)) => dockerfiles.iter().chain(files).cloned().collect(),
                (_, None) => dockerfiles
                    .iter()
                    .cloned()
                    .chain(runs.iter().map(|file| file.path.to_string()))
                    .collect(),
            };
            ChecklistItem {
                id: spec.id,
                group: spec.group,
                title: Text::new(spec.title_en, spec.title_ja),
                status,
                rules: spec.rules,
                findings: linked,
                elsewhere: elsewhere
                    .into_iter()
                    .map(|(file, index, _)| FindingRef {
                        file: file.to_string(),
                        index,
                    })
                    .collect(),
                decided_by,
                decidable_by: if status == Status::Manual {
                    spec.decidable_by
                } else {
                    &[]
                },
                guidance: Text::new(spec.guidance_en.trim(), spec.guidance_ja.trim()),
                note: None,
            }
        })
        .collect();
    let counts = Counts::of(items.iter().map(|item| item.status));
    Checklist {
        items,
        score: Some(counts.score()),
        counts,
        judged: stages
            .iter()
            .find(|stage| stage.is_final)
            .map(|stage| Judged {
                stage: stage.index,
                purpose: stage.purpose,
                note: judged_note(stage, stages.len()),
            }),
        no_verdict: None,
    }
}

/// An item decided by files no rule of the Dockerfile reads: a CI
/// workflow or a scan report.
pub struct Decided {
    pub id: &'static str,
    pub status: Status,
    pub decided_by: Vec<String>,
    pub note: Text,
}

impl Checklist {
    /// One line for a heading or an editor's code lens: the score and the
    /// counts, or that there is no verdict.
    pub fn headline(&self) -> Text {
        let Counts {
            pass,
            warn,
            fail,
            manual,
        } = self.counts;
        match self.score {
            None => Text::new(
                "security checklist, no verdict",
                "セキュリティチェックリスト 判定なし",
            ),
            Some(score) => Text::new(
                format!(
                    "security checklist, score {score}/100 ({pass} pass, {warn} warn, {fail} fail, {manual} to check by hand)"
                ),
                format!(
                    "セキュリティチェックリスト スコア {score}/100（合格 {pass}、注意 {warn}、不合格 {fail}、要確認 {manual}）"
                ),
            ),
        }
    }

    /// Puts `note` on the items left to a person that a file of `kind`
    /// would decide, unless they have a note already.
    pub fn note_undecided(&mut self, kind: FileKind, note: &Text) {
        for item in &mut self.items {
            if item.status == Status::Manual
                && item.decidable_by.contains(&kind)
                && item.note.is_none()
            {
                item.note = Some(note.clone());
            }
        }
    }

    /// Sets an item's status from a workflow or a report, and the counts
    /// and score with it. A checklist without a verdict stays without one.
    pub fn decide(&mut self, decided: Decided) {
        if self.score.is_none() {
            return;
        }
        let Some(item) = self.items.iter_mut().find(|item| item.id == decided.id) else {
            return;
        };
        item.status = decided.status;
        item.decided_by = decided.decided_by;
        item.note = Some(decided.note);
        if decided.status != Status::Manual {
            item.decidable_by = &[];
        }
        self.counts = Counts::of(self.items.iter().map(|item| item.status));
        self.score = Some(self.counts.score());
    }
}

/// "Judged stage `runtime` (line 12, `FROM node:22`) as the image: ..."
fn judged_note(stage: &StageSummary, stage_count: usize) -> Text {
    let label = match &stage.name {
        Some(name) => format!("`{name}`"),
        None => format!("#{}", stage.index),
    };
    let (line, base) = (stage.line, &stage.base);
    let (what_en, what_ja) = if stage.index + 1 == stage_count {
        ("the last stage", "最後のステージ")
    } else {
        ("the target stage", "ターゲットのステージ")
    };
    let (en, ja) = match stage.purpose {
        Purpose::Export => (
            format!("Judged {what_en} {label} (line {line}, `FROM {base}`): it only carries files out of the build (no CMD, ENTRYPOINT or port), for `docker build --output` or `COPY --from`, so it is not a running container and the run-time items do not apply; pass `--target <stage>` to judge the stage that runs."),
            format!("{what_ja} {label}（{line} 行目、`FROM {base}`）を判定しました。このステージはビルドからファイルを取り出すだけ（CMD・ENTRYPOINT・ポートなし）で、`docker build --output` や `COPY --from` 用です。実行されるコンテナではないため、実行時の項目は当てはまりません。実行されるステージを判定するには `--target <ステージ>` を指定してください。"),
        ),
        Purpose::Build | Purpose::Test => {
            let (kind_en, kind_ja) = if stage.purpose == Purpose::Build {
                ("a build image", "ビルド用イメージ")
            } else {
                ("a test image", "テスト用イメージ")
            };
            (
                format!("Judged {what_en} {label} (line {line}, `FROM {base}`) as the image: it is {kind_en}, not a service that runs, so the run-time items do not apply to it."),
                format!("{what_ja} {label}（{line} 行目、`FROM {base}`）をイメージとして判定しました。これは{kind_ja}で、動き続けるサービスではないため、実行時の項目は当てはまりません。"),
            )
        }
        Purpose::Base => (
            format!("Judged {what_en} {label} (line {line}, `FROM {base}`) as the image: it is a base for other images (it starts no service of its own), so health-check advice does not apply to it."),
            format!("{what_ja} {label}（{line} 行目、`FROM {base}`）をイメージとして判定しました。これは他のイメージのベースで、自身ではサービスを起動しないため、ヘルスチェックの助言は当てはまりません。"),
        ),
        Purpose::Service => (
            format!("Judged {what_en} {label} (line {line}, `FROM {base}`) as the image: it runs a service."),
            format!("{what_ja} {label}（{line} 行目、`FROM {base}`）をイメージとして判定しました。このイメージはサービスを動かします。"),
        ),
        Purpose::Unknown => (
            format!("Judged {what_en} {label} (line {line}, `FROM {base}`) as the image: the Dockerfile does not tell whether it runs a service."),
            format!("{what_ja} {label}（{line} 行目、`FROM {base}`）をイメージとして判定しました。サービスを動かすかどうかは Dockerfile からは分かりません。"),
        ),
    };
    Text::new(en, ja)
}

const ITEMS: &[ItemSpec] = &[
    ItemSpec {
        id: "official-base-image",
        group: Group::Build,
        title_en: "Use an official or verified base image",
        title_ja: "公式/検証済みベースイメージを使用",
        rules: &["PL203", "PL204"],
        runtime_rules: &[],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
Prefer Docker Official Images (`node`, `python`, `golang` ...) or images from a
Verified Publisher or your own registry. Avoid images of unknown origin.

```dockerfile
# Official image
FROM node:20-alpine
# The same, fully qualified
FROM docker.io/library/node:20-alpine
# Avoid: unknown publisher, floating tag
FROM random-user/node:latest
```
"#,
        guidance_ja: r#"
Docker公式イメージ（`node`、`python`、`golang` など）、検証済みパブリッシャーのイメージ、
または自組織のレジストリのイメージを使い、出所不明のイメージは避けます。

```dockerfile
# 公式イメージ
FROM node:20-alpine
# 同じイメージを完全修飾名で
FROM docker.io/library/node:20-alpine
# 避ける: 出所不明、タグが固定されていない
FROM random-user/node:latest
```
"#,
    },
    ItemSpec {
        id: "version-pinned",
        group: Group::Build,
        title_en: "Pin the base image version",
        title_ja: "バージョンを固定",
        rules: &["PL201", "PL202", "PL205"],
        runtime_rules: &[],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
Name an exact version, and pin the digest for builds that must not change.

```dockerfile
FROM node:20.10.0-alpine3.18
FROM node:20-alpine@sha256:<digest>
```

Look up a digest with `docker buildx imagetools inspect node:20-alpine` or `crane digest node:20-alpine`.
"#,
        guidance_ja: r#"
具体的なバージョンを指定し、変わってはならないビルドではダイジェストも固定します。

```dockerfile
FROM node:20.10.0-alpine3.18
FROM node:20-alpine@sha256:<digest>
```

ダイジェストは `docker buildx imagetools inspect node:20-alpine` または `crane digest node:20-alpine` で調べられます。
"#,
    },
    ItemSpec {
        id: "non-root-user-created",
        group: Group::Build,
        title_en: "Create a non-root user",
        title_ja: "非rootユーザーを作成",
        rules: &["PL101", "PL102", "PL108"],
        runtime_rules: &[],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
Create a dedicated user with a fixed numeric UID and give it only the files it must write.

```dockerfile
# Alpine
RUN addgroup -g 1001 -S appgroup && adduser -S appuser -u 1001 -G appgroup
# Debian/Ubuntu
RUN groupadd --gid 1001 appgroup && useradd --uid 1001 --gid appgroup --shell /bin/sh appuser
COPY --chown=appuser:appgroup . .
USER 1001
```
"#,
        guidance_ja: r#"
固定の数値UIDを持つ専用ユーザーを作成し、書き込みが必要なファイルだけを与えます。

```dockerfile
# Alpine
RUN addgroup -g 1001 -S appgroup && adduser -S appuser -u 1001 -G appgroup
# Debian/Ubuntu
RUN groupadd --gid 1001 appgroup && useradd --uid 1001 --gid appgroup --shell /bin/sh appuser
COPY --chown=appuser:appgroup . .
USER 1001
```
"#,
    },
    ItemSpec {
        id: "unneeded-packages-removed",
        group: Group::Build,
        title_en: "Remove unneeded packages",
        title_ja: "不要なパッケージを削除",
        rules: &[
            "PL104", "PL303", "PL304", "PL305", "PL306", "PL310", "PL313", "PL315", "PL504",
            "PL601", "PL602", "PL603",
        ],
        runtime_rules: &[],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
Install only what the application needs at run time, clean package caches in the same
`RUN`, and build in a separate stage so that compilers and tools stay out of the final image.

```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache ca-certificates
```
"#,
        guidance_ja: r#"
実行時に必要なものだけをインストールし、パッケージキャッシュは同じ `RUN` で削除します。
ビルドは別ステージで行い、コンパイラやツールを最終イメージに残さないようにします。

```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache ca-certificates
```
"#,
    },
    ItemSpec {
        id: "no-secrets-in-image",
        group: Group::Build,
        title_en: "Keep secrets out of the image",
        title_ja: "シークレットをイメージに含めない",
        rules: &["PL401", "PL402", "PL403", "PL404", "PL406"],
        runtime_rules: &[],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
Never put secrets in `ENV`, `ARG` or copied files: they stay in the image and its history.
Pass them at run time, or mount them only for the build step that needs them.

```dockerfile
# syntax=docker/dockerfile:1
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN=$(cat /run/secrets/npm_token) pnpm install
```

```bash
docker build --secret id=npm_token,src=./npm_token.txt .
docker run -e API_KEY="$API_KEY" myapp
```
"#,
        guidance_ja: r#"
シークレットを `ENV`・`ARG`・コピーするファイルに入れてはいけません。イメージと履歴に残ります。
実行時に渡すか、必要なビルドステップだけにマウントします。

```dockerfile
# syntax=docker/dockerfile:1
RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN=$(cat /run/secrets/npm_token) pnpm install
```

```bash
docker build --secret id=npm_token,src=./npm_token.txt .
docker run -e API_KEY="$API_KEY" myapp
```
"#,
    },
    ItemSpec {
        id: "verified-downloads",
        group: Group::Build,
        title_en: "Verify what the build downloads",
        title_ja: "ビルドでダウンロードするものを検証",
        rules: &[
            "PL314", "PL801", "PL802", "PL803", "PL804", "PL805", "PL807", "PL809", "PL810",
        ],
        runtime_rules: &[],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
Beyond the base image, everything a build fetches becomes part of the image. Download over
HTTPS with certificate checks on, check a published checksum or signature before using a
file, and never pipe a download straight into a shell.

```dockerfile
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.3.tgz \
 && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tgz -C /usr/local/bin
ADD --checksum=sha256:<sha256> https://example.com/tool-1.2.3.tgz /tmp/
```
"#,
        guidance_ja: r#"
ベースイメージ以外にも、ビルド中に取得したものはすべてイメージの一部になります。
証明書の検証を有効にしたHTTPSでダウンロードし、使う前に公開されているチェックサムや署名を確認し、
ダウンロードしたものをシェルに直接パイプしないでください。

```dockerfile
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.3.tgz \
 && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tgz -C /usr/local/bin
ADD --checksum=sha256:<sha256> https://example.com/tool-1.2.3.tgz /tmp/
```
"#,
    },
    ItemSpec {
        id: "dockerignore",
        group: Group::Build,
        title_en: "Exclude sensitive files with .dockerignore",
        title_ja: ".dockerignoreで機密ファイルを除外",
        rules: &["PL403", "PL405", "PL420"],
        runtime_rules: &[],
        decidable_by: &[FileKind::Dockerignore],
        decision: Decision::Manual,
        guidance_en: r#"
A Dockerfile cannot show what `.dockerignore` excludes: check that it lists secrets and
clutter before any `COPY . .`.

```text
.git
.env
*.pem
id_rsa*
node_modules
```
"#,
        guidance_ja: r#"
`.dockerignore` が何を除外するかはDockerfileからは分かりません。`COPY . .` の前に、
シークレットや不要なファイルが列挙されているか確認してください。

```text
.git
.env
*.pem
id_rsa*
node_modules
```
"#,
    },
    ItemSpec {
        id: "vulnerability-scan",
        group: Group::Scan,
        title_en: "Run a vulnerability scan",
        title_ja: "脆弱性スキャンを実施",
        rules: &[],
        runtime_rules: &[],
        decidable_by: &[FileKind::ScanReport, FileKind::Workflow],
        decision: Decision::Manual,
        guidance_en: r#"
Scan the built image, not only the Dockerfile.

```bash
docker scout cves myapp:latest
docker scout recommendations myapp:latest
trivy image myapp:latest
```
"#,
        guidance_ja: r#"
Dockerfileだけでなく、ビルドしたイメージをスキャンします。

```bash
docker scout cves myapp:latest
docker scout recommendations myapp:latest
trivy image myapp:latest
```
"#,
    },
    ItemSpec {
        id: "critical-high-fixed",
        group: Group::Scan,
        title_en: "Fix CRITICAL and HIGH vulnerabilities",
        title_ja: "CRITICAL/HIGHの脆弱性を解消",
        rules: &[],
        runtime_rules: &[],
        decidable_by: &[FileKind::ScanReport],
        decision: Decision::Manual,
        guidance_en: r#"
List the serious findings, then update the base image or the packages and rebuild.

```bash
trivy image --severity CRITICAL,HIGH myapp:latest
```

```dockerfile
FROM node:20-alpine
RUN apk upgrade --no-cache
```
"#,
        guidance_ja: r#"
重大な脆弱性を一覧し、ベースイメージやパッケージを更新して再ビルドします。

```bash
trivy image --severity CRITICAL,HIGH myapp:latest
```

```dockerfile
FROM node:20-alpine
RUN apk upgrade --no-cache
```
"#,
    },
    ItemSpec {
        id: "scan-in-ci",
        group: Group::Scan,
        title_en: "Automate scanning in CI/CD",
        title_ja: "CI/CDに自動スキャンを組み込み",
        rules: &[],
        runtime_rules: &[],
        decidable_by: &[FileKind::Workflow],
        decision: Decision::Manual,
        guidance_en: r#"
Fail the pipeline on serious vulnerabilities, for example with GitHub Actions:

```yaml
- name: Build image
  run: docker build -t myapp:test .
- name: Run Trivy vulnerability scanner
  uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0
  with:
    image-ref: 'myapp:test'
    exit-code: '1'
    severity: 'CRITICAL,HIGH'
```

Or in any CI: `trivy image --exit-code 1 --severity CRITICAL,HIGH myapp:latest`. Pin
actions to a full commit SHA: a moved tag runs someone else's code next to your registry
credentials.
"#,
        guidance_ja: r#"
重大な脆弱性があればパイプラインを失敗させます。GitHub Actions の例:

```yaml
- name: Build image
  run: docker build -t myapp:test .
- name: Run Trivy vulnerability scanner
  uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0
  with:
    image-ref: 'myapp:test'
    exit-code: '1'
    severity: 'CRITICAL,HIGH'
```

他のCIでも `trivy image --exit-code 1 --severity CRITICAL,HIGH myapp:latest` が使えます。
アクションはコミットSHA全体で固定します。タグが動かされると、レジストリの認証情報のそばで他人のコードが動きます。
"#,
    },
    ItemSpec {
        id: "runs-as-non-root",
        group: Group::Runtime,
        title_en: "Run as a non-root user",
        title_ja: "非rootユーザーで実行",
        rules: &["PL101", "PL102", "PL103", "PL104", "PL106", "PL107"],
        runtime_rules: &["PLC101", "PLK101", "PLK102"],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
The final stage should end with a non-root `USER`, and the container should not regain
root through `sudo`. Orchestrators can enforce it too (`runAsNonRoot: true` in Kubernetes).
"#,
        guidance_ja: r#"
最終ステージは非rootの `USER` で終わり、`sudo` でrootに戻れないようにします。
オーケストレーター側でも強制できます（Kubernetesの `runAsNonRoot: true`）。
"#,
    },
    ItemSpec {
        id: "read-only-root-filesystem",
        group: Group::Runtime,
        title_en: "Read-only root file system (where possible)",
        title_ja: "読み取り専用ファイルシステム（可能な場合）",
        rules: &["PL701", "PL704", "PL705", "PL706"],
        runtime_rules: &["PLC701", "PLK701"],
        decidable_by: &[FileKind::Compose, FileKind::Kubernetes],
        decision: Decision::Manual,
        guidance_en: r#"
Run the container with a read-only root file system and writable temporary mounts only
where the application writes.

```bash
docker run --read-only --tmpfs /tmp myapp:latest
```

```yaml
services:
  app:
    image: myapp:latest
    read_only: true
    tmpfs:
      - /tmp
      - /app/cache
```

In Kubernetes, in the container's `securityContext`, with an `emptyDir` volume mounted where
it writes:

```yaml
securityContext:
  readOnlyRootFilesystem: true
volumeMounts:
  - name: tmp
    mountPath: /tmp
```
"#,
        guidance_ja: r#"
ルートファイルシステムを読み取り専用にし、アプリが書き込む場所だけを一時的な書き込み可能マウントにします。

```bash
docker run --read-only --tmpfs /tmp myapp:latest
```

```yaml
services:
  app:
    image: myapp:latest
    read_only: true
    tmpfs:
      - /tmp
      - /app/cache
```

Kubernetes ではコンテナの `securityContext` で設定し、書き込む場所に `emptyDir` ボリュームを
マウントします。

```yaml
securityContext:
  readOnlyRootFilesystem: true
volumeMounts:
  - name: tmp
    mountPath: /tmp
```
"#,
    },
    ItemSpec {
        id: "minimal-ports",
        group: Group::Runtime,
        title_en: "Expose only the ports you need",
        title_ja: "最小限のポートを公開",
        rules: &["PL501", "PL502"],
        runtime_rules: &["PLC501", "PLK501"],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
`EXPOSE` only the application's own port; never SSH, Docker API or database ports.

```dockerfile
EXPOSE 3000
```
"#,
        guidance_ja: r#"
アプリケーション自身のポートだけを `EXPOSE` し、SSH・Docker API・データベースのポートは公開しません。

```dockerfile
EXPOSE 3000
```
"#,
    },
    ItemSpec {
        id: "healthcheck",
        group: Group::Runtime,
        title_en: "Define a health check",
        title_ja: "ヘルスチェックを定義",
        rules: &["PL503", "PL505"],
        runtime_rules: &["PLC502", "PLK503"],
        decidable_by: &[],
        decision: Decision::Findings,
        guidance_en: r#"
A `HEALTHCHECK` lets Docker notice a container that is running but no longer serving.
Orchestrators such as Kubernetes use their own probes instead.

```dockerfile
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -f http://localhost:3000/health || exit 1
```
"#,
        guidance_ja: r#"
`HEALTHCHECK` があると、動いているが応答しなくなったコンテナをDockerが検知できます。
Kubernetesなどのオーケストレーターは独自のプローブを使います。

```dockerfile
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -f http://localhost:3000/health || exit 1
```
"#,
    },
    ItemSpec {
        id: "resource-limits",
        group: Group::Runtime,
        title_en: "Set resource limits",
        title_ja: "リソース制限を設定",
        rules: &[],
        runtime_rules: &["PLC001", "PLK001"],
        decidable_by: &[FileKind::Compose, FileKind::Kubernetes],
        decision: Decision::Manual,
        guidance_en: r#"
Limits are set where the container runs, not in the Dockerfile.

```bash
docker run --memory 512m --cpus 1 --pids-limit 100 myapp:latest
```

```yaml
services:
  app:
    deploy:
      resources:
        limits:
          cpus: "1"
          memory: 512M
```

In Kubernetes, per container:

```yaml
resources:
  requests:
    cpu: 250m
    memory: 512Mi
  limits:
    memory: 512Mi
```
"#,
        guidance_ja: r#"
制限はDockerfileではなく、コンテナを実行する側で設定します。

```bash
docker run --memory 512m --cpus 1 --pids-limit 100 myapp:latest
```

```yaml
services:
  app:
    deploy:
      resources:
        limits:
          cpus: "1"
          memory: 512M
```

Kubernetes ではコンテナごとに設定します。

```yaml
resources:
  requests:
    cpu: 250m
    memory: 512Mi
  limits:
    memory: 512Mi
```
"#,
    },
];
