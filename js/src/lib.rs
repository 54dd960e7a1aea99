//! The JavaScript API: `check(text, options)`, `rules(lang)` and
//! `explain(code, lang)`, returning plain objects with the same shape as the
//! CLI's JSON output (`plimsoll check --format json`, one file).

use plimsoll_core::export::{catalog, json, FileReport};
use plimsoll_core::project::Project;
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
  /** The other places of the same instruction (six unpinned packages: five here). */
  related: { line: number; column: number; end_line: number; end_column: number;
             message?: string }[];
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
  /** For an item decided by a CI workflow or a scan report: what in them decided it. */
  note?: string;
}

/** What an image is for: run-time advice (health check, USER) is about services. */
export type Purpose = "service" | "export" | "build" | "test" | "base" | "unknown";

export interface CheckResult {
  path: string;
  findings: Finding[];
  /** `score` is null and `no_verdict` says why when there is nothing to judge (no build stage). */
  checklist: { score: number | null; no_verdict?: string; pass: number; warn: number; fail: number; manual: number;
               judged: { stage: number; purpose: Purpose; note: string } | null; items: ChecklistItem[] };
  stages: { index: number; name: string | null; line: number; base: string; base_kind: string;
            reaches_final: boolean; builds_final: boolean; is_final: boolean; purpose: Purpose }[];
  errors: { line: number; column: number; message: string }[];
}

export interface RuleInfo {
  code: string; name: string; title: string; summary: string;
  section: string; section_title: string;
  severity: "critical" | "high" | "medium" | "low" | "info";
  fix: "none" | "safe" | "needs-review" | "sometimes";
  aliases: { tool: string; id: string }[];
  /** Not set: the API does not know where the rule pages are served. */
  url?: string;
}

export interface ProjectOptions extends Omit<CheckOptions, "path"> {
  /** Every path of the project (files and directories, relative to its root, "/"-separated):
   *  the build contexts are cut from it. Names only: nothing is read. */
  paths?: string[];
}

export interface ProjectFile extends Omit<CheckResult, "checklist"> {
  /** What the file is. Files Plimsoll does not read are left out of the result. */
  kind: "dockerfile" | "dockerignore" | "compose" | "kubernetes" | "workflow" | "scan-report";
  /** Only for Dockerfiles: the checklist of the image, decided with the files that run it. */
  checklist?: CheckResult["checklist"];
}

/** Checks a project: Dockerfiles with their build contexts and `.dockerignore`, Compose files
 *  and Kubernetes manifests with the images they run. `files` maps paths to texts. */
export function checkProject(files: Record<string, string>, options?: ProjectOptions): { files: ProjectFile[] };
/**
 * Checks a Dockerfile. Never throws for bad Dockerfile text: problems are in
 * `errors`. Throws a TypeError when `text` is not a string or `options` not an
 * object, and an Error for an unknown option, language, severity or rule.
 */
export function check(text: string, options?: CheckOptions): CheckResult;
/** Every rule with its metadata. */
export function rules(lang?: "en" | "ja"): RuleInfo[];
/** A rule's documentation as Markdown, or undefined for an unknown code. */
export function explain(code: string, lang?: "en" | "ja"): string | undefined;
/** The version of the rule set. */
export function version(): string;
"#;

/// The keys of `CheckOptions` as JavaScript spells them.
const OPTION_NAMES: &[&str] = &[
    "lang",
    "target",
    "select",
    "disable",
    "severity",
    "trustedRegistries",
    "requiredLabels",
    "strict",
    "path",
];

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
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

/// Rule lists and severity overrides name rules that exist: a misspelt
/// code would otherwise silently select or disable nothing.
fn check_rule_names<'a>(
    option: &str,
    names: impl IntoIterator<Item = &'a String>,
) -> Result<(), JsError> {
    match names.into_iter().find(|name| Rule::by_code(name).is_none()) {
        Some(name) => Err(JsError::new(&format!(
            "invalid options: unknown rule {name:?} in {option} (use a code such as \"PL201\" or a name such as \"base-image-latest-tag\"; rules() lists them)"
        ))),
        None => Ok(()),
    }
}

/// A `TypeError`, as JavaScript throws for an argument of the wrong type.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// How a value looks in an error message: its type, or `null`.
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if js_sys::Array::is_array(value) {
        "an array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

impl CheckOptions {
    fn settings(&self) -> Result<Settings, JsError> {
        check_rule_names("select", &self.select)?;
        check_rule_names("disable", &self.disable)?;
        check_rule_names("severity", self.severity.keys())?;
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
            path: self.path.clone(),
            // Stale reports are judged where a clock is: the CLI.
            today: None,
        })
    }
}

/// Reads an options object whose keys must be among `names`: a misspelt
/// option is an error instead of silently doing nothing.
fn read_options<T: Default + serde::de::DeserializeOwned>(
    options: JsValue,
    names: &[&str],
) -> Result<T, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(T::default());
    }
    // serde-wasm-bindgen reads only the fields a struct names, so
    // `deny_unknown_fields` never fires: look at the keys first.
    let keys: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
        serde_wasm_bindgen::from_value(options.clone())
            .map_err(|error| JsError::new(&format!("invalid options: {error}")))?;
    if let Some(unknown) = keys.keys().find(|key| !names.contains(&key.as_str())) {
        return Err(JsError::new(&format!(
            "invalid options: unknown option {unknown:?}, expected one of {}",
            names.join(", ")
        )));
    }
    serde_wasm_bindgen::from_value(options)
        .map_err(|error| JsError::new(&format!("invalid options: {error}")))
}

/// The options of `checkProject`: those of `check` but `path`, and the
/// project's paths.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct ProjectOptions {
    #[serde(flatten)]
    check: CheckOptions,
    paths: Option<Vec<String>>,
}

/// Checks a project (`files`: path → text) and returns the CLI's JSON
/// shape, one entry per file Plimsoll reads.
#[wasm_bindgen(js_name = checkProject, skip_typescript)]
pub fn check_project(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let files: std::collections::BTreeMap<String, String> = serde_wasm_bindgen::from_value(files)
        .map_err(|error| {
        JsError::new(&format!(
            "invalid files: expected an object mapping paths to texts ({error})"
        ))
    })?;
    let names: Vec<&str> = OPTION_NAMES
        .iter()
        .copied()
        .filter(|name| *name != "path")
        .chain(["paths"])
        .collect();
    let options: ProjectOptions = read_options(options, &names)?;
    let lang = lang(options.check.lang.as_deref())?;
    let project = Project {
        files: files.into_iter().collect(),
        paths: options.paths,
        name: None,
    };
    let entries = project.reports(&options.check.settings()?, lang);
    let reports = FileReport::all(&entries);
    to_js(&json::output(&reports, lang))
}

/// Checks a Dockerfile and returns the CLI's JSON shape for one file.
#[wasm_bindgen(skip_typescript)]
pub fn check(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let Some(text) = text.as_string() else {
        return Err(type_error(&format!(
            "check(text, options): text must be a string (the Dockerfile), not {}",
            describe(&text)
        )));
    };
    if !(options.is_undefined() || options.is_null() || options.is_object())
        || js_sys::Array::is_array(&options)
    {
        return Err(type_error(&format!(
            "check(text, options): options must be an object, not {}",
            describe(&options)
        )));
    }
    check_text(&text, options).map_err(JsValue::from)
}

fn check_text(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: CheckOptions = read_options(options, OPTION_NAMES)?;
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
    to_js(&catalog::rules_json(lang(lang_code.as_deref())?, None))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_names_are_exactly_the_fields() {
        // serde_json honours deny_unknown_fields: every listed name is a
        // field, and a name that is not is refused.
        let all = r#"{"lang": "en", "target": "t", "select": [], "disable": [], "severity": {},
            "trustedRegistries": [], "requiredLabels": [], "strict": false, "path": "p"}"#;
        let keys: serde_json::Map<String, serde_json::Value> = serde_json::from_str(all).unwrap();
        assert_eq!(keys.keys().collect::<Vec<_>>().len(), OPTION_NAMES.len());
        assert!(OPTION_NAMES.iter().all(|name| keys.contains_key(*name)));
        let options: Result<CheckOptions, _> = serde_json::from_str(all);
        assert!(options.is_ok(), "{:?}", options.err());
        // Every listed name is read (a number fits none of the fields'
        // types), and an unlisted one is not (so read_options must refuse it).
        for name in OPTION_NAMES {
            let wrong: Result<CheckOptions, _> =
                serde_json::from_str(&format!("{{\"{name}\": 1}}"));
            assert!(wrong.is_err(), "{name} is not a field");
        }
        let typo: Result<CheckOptions, _> = serde_json::from_str(r#"{"selct": 1}"#);
        assert!(typo.is_ok());
    }
}
