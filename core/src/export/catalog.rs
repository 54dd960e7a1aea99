//! The rule catalog: every rule with its metadata (`plimsoll rules`, the
//! JavaScript API's `rules()`) and the generated rule reference `RULES.md`.

use std::fmt::Write;

use serde::Serialize;

use crate::docs::{DocSection, SECTIONS};
use crate::fix::Safety;
use crate::report::Lang;
use crate::rules::{FixAvailability, Rule, Section, Tool, RULES};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleJson {
    pub code: &'static str,
    pub name: &'static str,
    pub title: String,
    pub summary: String,
    pub section: Section,
    pub section_title: String,
    pub severity: &'static str,
    pub fix: FixAvailability,
    pub aliases: Vec<AliasJson>,
    /// The rule's page on the hosted web app, when the caller says where
    /// the app is served (`docs-url`); absent otherwise: there is no public
    /// page to link to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AliasJson {
    pub tool: Tool,
    pub id: &'static str,
}

pub fn rule_json(rule: &Rule, lang: Lang, docs_url: Option<&str>) -> RuleJson {
    let doc = rule.docs(lang);
    RuleJson {
        code: rule.code,
        name: rule.name,
        title: doc.title.to_string(),
        summary: crate::docs::one_line(doc.summary()),
        section: rule.section,
        section_title: rule.section.title().get(lang).to_string(),
        severity: rule.severity.as_str(),
        fix: rule.fix,
        aliases: rule
            .aliases
            .iter()
            .map(|alias| AliasJson {
                tool: alias.tool,
                id: alias.id,
            })
            .collect(),
        url: docs_url.map(|url| rule_page(rule, url)),
    }
}

/// Every rule (`docs_url`: where the web app is served, for their pages).
pub fn rules_json(lang: Lang, docs_url: Option<&str>) -> Vec<RuleJson> {
    RULES
        .iter()
        .map(|rule| rule_json(rule, lang, docs_url))
        .collect()
}

/// A rule's page on a hosted Plimsoll web app (`docs_url`, its address):
/// the app shows rule pages at `?rule=PL101`.
pub fn rule_page(rule: &Rule, docs_url: &str) -> String {
    format!("{}/?rule={}", docs_url.trim_end_matches('/'), rule.code)
}

/// Where to read more about a rule, for a note under a finding: the
/// command that prints its page, and its hosted page when the user
/// configured where the web app is served (`docs-url`).
pub fn explain_note(rule: &Rule, docs_url: Option<&str>, lang: Lang) -> String {
    let command = format!("`plimsoll explain {}`", rule.code);
    match (docs_url, lang) {
        (None, Lang::En) => format!("explain: {command}"),
        (None, Lang::Ja) => format!("解説: {command}"),
        (Some(url), Lang::En) => format!("explain: {command} or {}", rule_page(rule, url)),
        (Some(url), Lang::Ja) => format!("解説: {command} または {}", rule_page(rule, url)),
    }
}

/// A rule's documentation as Markdown, headed by its code and title (what
/// `plimsoll explain` prints).
pub fn explain(rule: &Rule, lang: Lang) -> String {
    let mut out = explain_head(rule, lang);
    out.push('\n');
    for (_, heading, body) in explain_sections(rule, lang) {
        let _ = writeln!(out, "## {heading}\n\n{body}\n");
    }
    crate::docs::join_wrapped_cjk(&out)
}

/// The head of [`explain`]: the code and title, then what the rule is (name,
/// severity, section, fix, the peers' ids), as Markdown.
pub fn explain_head(rule: &Rule, lang: Lang) -> String {
    let doc = rule.docs(lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", rule.code, doc.title);
    let labels = match lang {
        Lang::En => ("Name", "Severity", "Section", "Also known as", "Fix"),
        Lang::Ja => ("名前", "重大度", "セクション", "他ツールでのID", "自動修正"),
    };
    let _ = writeln!(out, "- {}: `{}`", labels.0, rule.name);
    let _ = writeln!(out, "- {}: {}", labels.1, rule.severity.label().get(lang));
    let _ = writeln!(out, "- {}: {}", labels.2, rule.section.title().get(lang));
    let _ = writeln!(out, "- {}: {}", labels.4, fix_label(rule.fix, lang));
    if !rule.aliases.is_empty() {
        let aliases: Vec<String> = rule
            .aliases
            .iter()
            .map(|alias| format!("{} `{}`", alias.tool.name(), alias.id))
            .collect();
        let _ = writeln!(out, "- {}: {}", labels.3, aliases.join(", "));
    }
    out
}

/// The sections of [`explain`] the rule has, in order: each with its
/// heading in `lang` and its Markdown body.
pub fn explain_sections(
    rule: &Rule,
    lang: Lang,
) -> impl Iterator<Item = (DocSection, &'static str, &'static str)> {
    let doc = rule.docs(lang);
    SECTIONS.into_iter().filter_map(move |(section, en, ja)| {
        let heading = if lang == Lang::Ja { ja } else { en };
        doc.section(section).map(|body| (section, heading, body))
    })
}

fn fix_label(fix: FixAvailability, lang: Lang) -> &'static str {
    match (fix, lang) {
        (FixAvailability::None, Lang::En) => "none",
        (FixAvailability::None, Lang::Ja) => "なし",
        (FixAvailability::Safe, Lang::En) => "safe",
        (FixAvailability::Safe, Lang::Ja) => "安全",
        (FixAvailability::NeedsReview, Lang::En) => "needs review",
        (FixAvailability::NeedsReview, Lang::Ja) => "要確認",
        (FixAvailability::Sometimes, Lang::En) => "sometimes",
        (FixAvailability::Sometimes, Lang::Ja) => "場合による",
    }
}

/// How a fix's safety is shown next to it.
pub fn safety_label(safety: Safety, lang: Lang) -> &'static str {
    match (safety, lang) {
        (Safety::Safe, Lang::En) => "safe fix",
        (Safety::Safe, Lang::Ja) => "安全な修正",
        (Safety::NeedsReview, Lang::En) => "fix to review",
        (Safety::NeedsReview, Lang::Ja) => "確認が必要な修正",
        (Safety::Manual, Lang::En) => "manual fix",
        (Safety::Manual, Lang::Ja) => "手動での修正",
    }
}

/// `RULES.md` (or `RULES.ja.md`): an index by section, then every rule's page.
pub fn reference(lang: Lang) -> String {
    let mut out = String::new();
    let (title, intro, regenerate) = match lang {
        Lang::En => (
            "# Plimsoll rules",
            "Every rule Plimsoll checks, grouped by the sections of the container image security guide it implements. Codes are stable: a code is never reused.",
            "Generated from the rules' own documentation by `UPDATE_RULES=1 cargo test -p plimsoll-core --test catalog`; do not edit by hand.",
        ),
        Lang::Ja => (
            "# Plimsoll ルール一覧",
            "Plimsoll がチェックするすべてのルールを、実装しているコンテナイメージセキュリティガイドのセクションごとにまとめています。コードは固定で、再利用されることはありません。",
            "各ルールのドキュメントから `UPDATE_RULES=1 cargo test -p plimsoll-core --test catalog` で生成しています。手で編集しないでください。",
        ),
    };
    let _ = writeln!(out, "{title}\n\n{intro}\n\n_{regenerate}_\n");
    for section in Section::ALL {
        let rules: Vec<&Rule> = RULES
            .iter()
            .copied()
            .filter(|rule| rule.section == section)
            .collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", section.title().get(lang));
        out.push_str(match lang {
            Lang::En => "| Code | Name | Severity | Title |\n|---|---|---|---|\n",
            Lang::Ja => "| コード | 名前 | 重大度 | タイトル |\n|---|---|---|---|\n",
        });
        for rule in &rules {
            let _ = writeln!(
                out,
                "| [{code}](#{anchor}) | `{name}` | {severity} | {title} |",
                code = rule.code,
                anchor = rule.code.to_ascii_lowercase(),
                name = rule.name,
                severity = rule.severity.label().get(lang),
                title = rule.docs(lang).title.replace('|', "\\|"),
            );
        }
        out.push('\n');
    }
    for rule in RULES {
        // Rule pages one level down, so their `##` sections become `###`.
        let page = explain(rule, lang).replace("\n## ", "\n### ");
        let page = page.replacen("# ", "## ", 1);
        out.push_str(&page);
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}
