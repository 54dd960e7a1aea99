//! The JavaScript API: `check(text, options)`, `rules(lang)` and
//! `explain(code, lang)`, returning plain objects with the same shape as the
//! CLI's JSON output (`plimsoll check --format json`, one file).

use plimsoll_core::export::{catalog, json, FileReport};
use plimsoll_core::rules::Rule;
use plimsoll_core::{Lang, Settings, Severity};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
export interface CheckOptions {
  /** "en" (default) or "ja": the language of messages and texts. */
  lang?: "en" | "ja";
  /** The stage to judge as the final image (the last one by default). */
  target?: string;
  /** Only run these rules (codes or names). */
  select?: string[];
  /** Do not run these rules (codes or names). */
  disable?: string[];
  /** Severity overrides, e.g. { "PL503": "info" }. */
  severity?: Record<string, "critical" | "high" | "medium" | "low" | "info">;
  /** Registries base images may come from; enables PL203. */
  trustedRegistries?: string[];
  /** Labels the final image must carry; enables PL928. */
  requiredLabels?: string[];
  /** Ignore suppression comments. */
  strict?: boolean;
  /** The file name shown in the result (default "Dockerfile"). */
  path?: string;
}

export interface Finding {
  rule: string; name: string; title: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  line: number; column: number; end_line: number; end_column: number;
  stage: number | null; stage_name: string | null;
  message: string; aliases: string[];
  fix: { description: string; safety: "safe" | "needs-review" | "manual";
         edits: { line: number; column: number; end_line: number; end_column: number;
                  start: number; end: number; replacement: string }[] } | null;
  suppressed: boolean;
  suppression: { reason: string | null; scope: "instruction" | "stage" | "file"; line: number } | null;
}

export interface ChecklistItem {
  id: string; group: "build" | "scan" | "runtime"; title: string;
  status: "pass" | "warn" | "fail" | "manual";
  rules: string[]; findings: number[]; guidance: string;
}

export interface CheckResult {
  path: string;
  findings: Finding[];
  checklist: { score: number; pass: number; warn: number; fail: number; manual: number; items: ChecklistItem[] };
  stages: { index: number; name: string | null; line: number; base: string; base_kind: string;
            reaches_final: boolean; is_final: boolean }[];
  errors: { line: number; column: number; message: string }[];
}

export interface RuleInfo {
  code: string; name: string; title: string; summary: string;
  section: string; section_title: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  fix: "none" | "safe" | "needs-review" | "sometimes";
  aliases: { tool: string; id: string }[];
  url: string;
}

/** Checks a Dockerfile. Never throws for bad Dockerfile text: problems are in `errors`. */
export function check(text: string, options?: CheckOptions): CheckResult;
/** Every rule with its metadata. */
export function rules(lang?: "en" | "ja"): RuleInfo[];
/** A rule's documentation as Markdown, or undefined for an unknown code. */
export function explain(code: string, lang?: "en" | "ja"): string | undefined;
/** The version of the rule set. */
export function version(): string;
"#;

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct CheckOptions {
    lang: Option<String>,
    target: Option<String>,
    select: Vec<String>,
    disable: Vec<String>,
    severity: std::collections::BTreeMap<String, String>,
    trusted_registries: Vec<String>,
    required_labels: Vec<String>,
    strict: bool,
    path: Option<String>,
}

fn lang(value: Option<&str>) -> Result<Lang, JsError> {
    match value {
        None => Ok(Lang::En),
        Some(text) => Lang::parse(text).ok_or_else(|| {
            JsError::new(&format!("unknown language {text:?}: use \"en\" or \"ja\""))
        }),
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|error| JsError::new(&error.to_string()))
}

impl CheckOptions {
    fn settings(&self) -> Result<Settings, JsError> {
        let severity_overrides = self
            .severity
            .iter()
            .map(|(rule, level)| {
                Severity::parse(level)
                    .map(|severity| (rule.clone(), severity))
                    .ok_or_else(|| JsError::new(&format!("unknown severity {level:?} for {rule}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Settings {
            target: self.target.clone(),
            select: self.select.clone(),
            disabled: self.disable.clone(),
            severity_overrides,
            trusted_registries: self.trusted_registries.clone(),
            required_labels: self.required_labels.clone(),
            strict: self.strict,
        })
    }
}

/// Checks a Dockerfile and returns the CLI's JSON shape for one file.
#[wasm_bindgen(skip_typescript)]
pub fn check(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: CheckOptions = if options.is_undefined() || options.is_null() {
        CheckOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|error| JsError::new(&format!("invalid options: {error}")))?
    };
    let lang = lang(options.lang.as_deref())?;
    let report = plimsoll_core::check(text, &options.settings()?);
    let file = FileReport {
        path: options.path.as_deref().unwrap_or("Dockerfile"),
        source: text,
        report: &report,
    };
    to_js(&json::file_json(&file, lang))
}

#[wasm_bindgen(skip_typescript)]
pub fn rules(lang_code: Option<String>) -> Result<JsValue, JsError> {
    to_js(&catalog::rules_json(lang(lang_code.as_deref())?))
}

#[wasm_bindgen(skip_typescript)]
pub fn explain(code: &str, lang_code: Option<String>) -> Result<Option<String>, JsError> {
    let lang = lang(lang_code.as_deref())?;
    Ok(Rule::by_code(code).map(|rule| catalog::explain(rule, lang)))
}

#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    plimsoll_core::VERSION.to_string()
}
