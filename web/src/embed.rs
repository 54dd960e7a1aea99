//! Embed mode: `embed.html?embed&…#v1.…` (or `/?embed…` where the host
//! allows framing the whole site). A chrome-less editor with the checklist
//! and/or the findings, for documentation pages; `public/embed.js` builds
//! these iframes. Options are query parameters ([`EmbedOptions`]), the
//! Dockerfile is in the fragment (the share-link codec, [`crate::share`]).
//!
//! After every check the view posts `{type: "plimsoll:result", checklist,
//! findings, score, errors}` to the parent page, and it accepts
//! `{type: "plimsoll:set", dockerfile}` from it. The text itself is never
//! posted, and nothing is sent anywhere else.

use leptos::prelude::*;
use plimsoll_core::checklist::Status;
use plimsoll_core::export::catalog;
use plimsoll_core::rules::Rule;
use plimsoll_core::{Lang, Report, Settings};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser;
use crate::i18n;
use crate::rule_docs;
use crate::share::{self, ShareError};

const RECHECK_DELAY: std::time::Duration = std::time::Duration::from_millis(120);

/// Is this page load the embed view? `?embed` anywhere in the query, or the
/// separate `embed.html` entry page (hosts can allow framing for that path only).
pub fn requested(search: &str, pathname: &str) -> bool {
    pathname.ends_with("/embed.html") || query_pairs(search).any(|(key, _)| key == "embed")
}

/// What the panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    Checklist,
    Findings,
    #[default]
    Both,
}

/// The embed view's options, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    pub readonly: bool,
    /// Height in CSS pixels: the loader sizes the iframe with it, and the
    /// view fills its iframe.
    pub height: Option<u32>,
    /// `light`, `dark` or `system`.
    pub theme: Option<&'static str>,
    pub lang: Option<Lang>,
    pub show: Show,
    /// Only these checklist items (ids); all when empty.
    pub items: Vec<String>,
    /// Only findings of these rules (codes, upper case); all when empty.
    pub rules: Vec<String>,
    /// Open the first finding of this rule.
    pub open: Option<String>,
    /// What the query asked for that the widget does not know, as written
    /// (`name` or `name=value`); the widget lists them.
    pub unknown: Vec<String>,
}

/// The query keys the embed view reads.
const OPTION_NAMES: [&str; 10] = [
    "embed", "readonly", "editable", "height", "theme", "lang", "show", "items", "rules", "open",
];

/// The code of the rule `entry` names (code, name or a peer's id).
fn rule_code(entry: &str) -> Option<String> {
    Rule::by_code(entry)
        .or_else(|| Rule::by_alias(entry).next())
        .map(|rule| rule.code.to_owned())
}

impl EmbedOptions {
    pub fn parse(search: &str) -> Self {
        let mut options = EmbedOptions::default();
        for (key, value) in query_pairs(search) {
            let mut understood = true;
            match key {
                "readonly" => options.readonly = value != "0" && value != "false",
                "editable" => options.readonly = value == "0" || value == "false",
                "height" => {
                    options.height = value.parse().ok().filter(|h| (80..=4000).contains(h));
                    understood = options.height.is_some();
                }
                "theme" => {
                    options.theme = ["light", "dark", "system"]
                        .into_iter()
                        .find(|theme| *theme == value);
                    understood = options.theme.is_some();
                }
                "lang" => {
                    options.lang = Lang::parse(&value);
                    understood = options.lang.is_some();
                }
                "show" => {
                    options.show = match value.as_str() {
                        "checklist" => Show::Checklist,
                        "findings" => Show::Findings,
                        "both" | "" => Show::Both,
                        _ => {
                            understood = false;
                            Show::Both
                        }
                    }
                }
                "items" => {
                    for entry in list(&value) {
                        if plimsoll_core::checklist::ids().any(|id| id == entry) {
                            options.items.push(entry);
                        } else {
                            options.unknown.push(format!("items={entry}"));
                        }
                    }
                }
                "rules" | "open" => {
                    for entry in list(&value) {
                        match rule_code(&entry) {
                            Some(code) if key == "rules" => options.rules.push(code),
                            Some(code) => options.open = options.open.take().or(Some(code)),
                            None => options.unknown.push(format!("{key}={entry}")),
                        }
                    }
                }
                _ => understood = OPTION_NAMES.contains(&key),
            }
            if !understood {
                options.unknown.push(if value.is_empty() {
                    key.to_owned()
                } else {
                    format!("{key}={value}")
                });
            }
        }
        options
    }

    fn shows_item(&self, id: &str) -> bool {
        self.items.is_empty() || self.items.iter().any(|item| item == id)
    }

    fn shows_rule(&self, code: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|rule| rule == code)
    }

    /// The score of what the widget shows: the items asked for, or the
    /// whole checklist; none without a verdict.
    pub fn score(&self, report: &Report) -> Option<u32> {
        let checklist = &report.checklist;
        if self.items.is_empty() || checklist.no_verdict.is_some() {
            return checklist.score;
        }
        let shown = checklist
            .items
            .iter()
            .filter(|item| self.shows_item(item.id))
            .map(|item| item.status);
        Some(plimsoll_core::checklist::Counts::of(shown).score())
    }
}

/// `a=1&b&c=x%20y` as decoded pairs (values are percent-decoded, `+` is a space).
pub fn query_pairs(search: &str) -> impl Iterator<Item = (&str, String)> {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key, percent_decode(value))
        })
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Comma-separated, trimmed, non-empty, at most 64 entries of 40 bytes.
fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .take(64)
        .map(|entry| entry.chars().take(40).collect())
        .collect()
}

/// The widget's content height in CSS pixels, posted to the parent page
/// when it changes (only when no `height` option fixes it).
#[derive(Serialize)]
struct HeightMessage {
    #[serde(rename = "type")]
    kind: &'static str,
    height: i32,
}

/// The message posted to the parent page after each check.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResultMessage {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub version: &'static str,
    /// `None` when there is nothing to judge (no build stage).
    pub score: Option<u32>,
    pub checklist: Vec<ItemMessage>,
    pub findings: Vec<FindingMessage>,
    pub errors: Vec<ErrorMessage>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemMessage {
    pub id: &'static str,
    pub status: Status,
    pub title: String,
    pub findings: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingMessage {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorMessage {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ResultMessage {
    /// What the parent learns: the (filtered) checklist and findings, in `lang`.
    pub fn new(report: &Report, options: &EmbedOptions, lang: Lang) -> Self {
        ResultMessage {
            kind: "plimsoll:result",
            version: plimsoll_core::VERSION,
            score: options.score(report),
            checklist: report
                .checklist
                .items
                .iter()
                .filter(|item| options.shows_item(item.id))
                .map(|item| ItemMessage {
                    id: item.id,
                    status: item.status,
                    title: item.title.get(lang).to_owned(),
                    findings: item.findings.len(),
                })
                .collect(),
            findings: report
                .active_findings()
                .filter(|finding| options.shows_rule(finding.rule))
                .map(|finding| FindingMessage {
                    rule: finding.rule,
                    name: finding.name,
                    severity: finding.severity.as_str(),
                    line: finding.location.start.line,
                    column: finding.location.start.column,
                    message: finding.message.get(lang).to_owned(),
                })
                .collect(),
            errors: report
                .errors
                .iter()
                .map(|error| ErrorMessage {
                    line: error.location.start.line,
                    column: error.location.start.column,
                    message: error.message.clone(),
                })
                .collect(),
        }
    }
}

/// Texts of the embed view's own chrome.
struct Texts {
    dockerfile: &'static str,
    readonly: &'static str,
    open_full: &'static str,
    local: &'static str,
    link_broken: &'static str,
    link_foreign: &'static str,
    line: &'static str,
    why: &'static str,
    unknown_options: &'static str,
    no_finding_of: &'static str,
}

fn texts(lang: Lang) -> &'static Texts {
    const EN: Texts = Texts {
        dockerfile: "Dockerfile",
        readonly: "read-only",
        open_full: "Open in Plimsoll",
        local: "Checked in your browser",
        link_broken: "This example's text is damaged and cannot be read.",
        link_foreign: "This example's text is not in a format Plimsoll reads.",
        line: "line",
        why: "Why and how to fix",
        unknown_options: "Options this widget does not know, ignored: {options}",
        no_finding_of: "No finding of {rules} in this Dockerfile.",
    };
    const JA: Texts = Texts {
        dockerfile: "Dockerfile",
        readonly: "読み取り専用",
        open_full: "Plimsollで開く",
        local: "ブラウザ内でチェック",
        link_broken: "この例のテキストは壊れていて読み込めません。",
        link_foreign: "この例のテキストはPlimsollが読める形式ではありません。",
        line: "行",
        why: "理由と直し方",
        unknown_options: "このウィジェットが知らないオプションを無視しました: {options}",
        no_finding_of: "この Dockerfile に {rules} の検出事項はありません。",
    };
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    }
}

/// Stable hooks (`data-*`) share the playground's names so tests and
/// embedders can use one vocabulary.
#[component]
pub fn Embed() -> impl IntoView {
    let options = EmbedOptions::parse(&browser::location_search());
    let lang = options
        .lang
        .unwrap_or_else(|| i18n::lang_from_browser(&browser::browser_language()));
    let t = texts(lang);
    if let Some(theme) = options.theme {
        browser::set_root_attribute("data-theme", theme);
    }
    browser::set_root_attribute("lang", lang.code());
    browser::set_root_attribute("data-view", "embed");
    crate::offline::stylesheet();

    let (initial, settings, problem) = match share::decode(&browser::location_hash()) {
        Ok(Some(shared)) => (shared.text, shared.options.settings(), None),
        Ok(None) => (String::new(), Settings::default(), None),
        Err(ShareError::Broken) => (String::new(), Settings::default(), Some(t.link_broken)),
        Err(ShareError::Foreign) => (String::new(), Settings::default(), Some(t.link_foreign)),
    };
    let text = RwSignal::new(initial);
    let report = Memo::new(move |_| text.with(|text| plimsoll_core::check(text, &settings)));
    let editor = NodeRef::<leptos::html::Textarea>::new();
    let options = StoredValue::new(options);

    // Results to the parent page after every check.
    Effect::new(move |_| {
        let message =
            report.with(|report| options.with_value(|o| ResultMessage::new(report, o, lang)));
        post_to_parent(&message);
    });
    // Without a fixed height the widget is as tall as its content, and tells
    // the parent (the loader sizes the iframe with it) whenever that changes.
    let fits_content = options.with_value(|o| o.height.is_none());
    let posted_height = StoredValue::new(0_i32);
    let post_height = move || {
        request_animation_frame(move || {
            let Some(widget) = document().query_selector(".pl-embed").ok().flatten() else {
                return;
            };
            let height = widget.scroll_height();
            if height != posted_height.get_value() {
                posted_height.set_value(height);
                post_to_parent(&HeightMessage {
                    kind: "plimsoll:height",
                    height,
                });
            }
        });
    };
    let widget = NodeRef::<leptos::html::Div>::new();
    if fits_content {
        browser::set_root_attribute("data-embed-height", "content");
        // The content grows after a check, and again when the rule docs an
        // opened finding shows arrive (fetched later): only watching the
        // element's own size sees every change.
        Effect::new(move |_| {
            if let Some(element) = widget.get() {
                observe_size(&element, post_height);
            }
        });
    }
    // New text from the parent page.
    let listener = window_event_listener_untyped("message", move |event| {
        let Some(dockerfile) = dockerfile_from_parent(&event) else {
            return;
        };
        if let Some(area) = editor.get_untracked() {
            area.set_value(&dockerfile);
        }
        text.set(dockerfile);
    });
    on_cleanup(move || listener.remove());
    post_to_parent(
        &serde_json::json!({ "type": "plimsoll:ready", "version": plimsoll_core::VERSION }),
    );

    let mut recheck =
        leptos::leptos_dom::helpers::debounce(RECHECK_DELAY, move |value: String| text.set(value));
    let readonly = options.with_value(|o| o.readonly);
    let show = options.with_value(|o| o.show);
    let full_link = move || {
        let fragment = share::encode(&share::Shared {
            text: text.get(),
            version: plimsoll_core::VERSION.to_owned(),
            ..Default::default()
        });
        format!("./#{fragment}")
    };
    let jump = move |offset: u32| {
        let Some(area) = editor.get_untracked() else {
            return;
        };
        let _ = area.focus();
        let _ = area.set_selection_range(offset, offset);
    };

    view! {
        <div class="pl-embed" data-testid="embed" data-readonly=readonly.to_string() node_ref=widget>
            <div class="pl-embed-editor">
                <label for="pl-embed-text" class="pl-embed-label">
                    {t.dockerfile}
                    {readonly.then(|| view! { <span class="pl-embed-badge">{t.readonly}</span> })}
                </label>
                <textarea
                    id="pl-embed-text"
                    data-testid="editor"
                    node_ref=editor
                    spellcheck="false"
                    autocomplete="off"
                    readonly=readonly
                    rows=move || text.with(|text| text.lines().count().clamp(3, 40) + 1)
                    prop:value=text.get_untracked()
                    on:input=move |event| recheck(event_target_value(&event))
                ></textarea>
            </div>
            <div class="pl-embed-results" aria-live="polite">
                {problem.map(|message| view! { <p class="pl-embed-problem" role="alert">{message}</p> })}
                {options.with_value(|o| (!o.unknown.is_empty()).then(|| {
                    let text = t.unknown_options.replace("{options}", &o.unknown.join(", "));
                    view! { <p class="pl-embed-problem" role="alert" data-testid="unknown-options">{text}</p> }
                }))}
                <ul class="pl-embed-errors">
                    {move || report.with(|report| report.errors.iter().map(|error| {
                        view! { <li data-testid="error" data-line=error.location.start.line>
                            {format!("{} {}: {}", t.line, error.location.start.line, error.message)}
                        </li> }
                    }).collect_view())}
                </ul>
                {(show != Show::Findings).then(|| view! {
                    <EmbedChecklist report options lang />
                })}
                {(show != Show::Checklist).then(|| view! {
                    <EmbedFindings report options lang jump />
                })}
                <p class="pl-embed-footer">
                    <span>{t.local}" · "{format!("Plimsoll {}", plimsoll_core::VERSION)}</span>
                    <a href=full_link target="_blank" rel="noopener">{t.open_full}" ↗"</a>
                </p>
            </div>
        </div>
    }
}

#[component]
fn EmbedChecklist(
    report: Memo<Report>,
    options: StoredValue<EmbedOptions>,
    lang: Lang,
) -> impl IntoView {
    let ui = i18n::ui(lang);
    let rows = move || {
        report.with(|report| {
            report
                .checklist
                .items
                .iter()
                .filter(|item| options.with_value(|o| o.shows_item(item.id)))
                .map(|item| {
                    let status = status_code(item.status);
                    view! {
                        <li class="pl-embed-item" data-testid="checklist-item" data-item=item.id data-status=status>
                            <span class="pl-embed-status" data-status=status>{ui.status(item.status)}</span>
                            <span><crate::components::Message text=item.title.get(lang).to_owned() /></span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let score = move || report.with(|report| options.with_value(|o| o.score(report)));
    let no_verdict = move || {
        report.with(|report| {
            let why = report.checklist.no_verdict.as_ref()?.get(lang).to_owned();
            Some(view! { <p class="pl-embed-no-verdict" data-testid="no-verdict"><crate::components::Message text=why /></p> })
        })
    };
    view! {
        <section class="pl-embed-checklist">
            <h2>{ui.checklist}" "<span class="pl-embed-score" data-testid="score" data-score=move || score().map(|s| s.to_string())>{move || crate::i18n::score_label(score())}</span></h2>
            {no_verdict}
            <ul>{rows}</ul>
        </section>
    }
}

#[component]
fn EmbedFindings(
    report: Memo<Report>,
    options: StoredValue<EmbedOptions>,
    lang: Lang,
    jump: impl Fn(u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ui = i18n::ui(lang);
    let t = texts(lang);
    let open = options.with_value(|o| o.open.clone());
    let rows = move || {
        report.with(|report| {
            let mut opened = false;
            report
                .active_findings()
                .filter(|finding| options.with_value(|o| o.shows_rule(finding.rule)))
                .map(|finding| {
                    let is_open = !opened && open.as_deref() == Some(finding.rule);
                    opened |= is_open;
                    let line = finding.location.start.line;
                    let offset = finding.location.start.utf16_offset;
                    // The docs are fetched when a finding is first opened
                    // (the page loads only what the widget shows).
                    let shown = RwSignal::new(is_open);
                    let rule = Rule::by_code(finding.rule);
                    let docs = move || {
                        let Some(rule) = rule.filter(|_| shown.get()) else {
                            return String::new();
                        };
                        match rule_docs::pending(lang) {
                            Some(pending) => crate::markdown::to_html(pending, ui.copy),
                            None => without_inline_styles(&crate::markdown::to_html(&catalog::explain(rule, lang), ui.copy)),
                        }
                    };
                    view! {
                        <li class="pl-embed-finding" data-testid="finding" data-rule=finding.rule
                            data-line=line data-severity=finding.severity.as_str()>
                            <details open=is_open on:toggle=move |_| shown.set(true)>
                                <summary>
                                    <span class="pl-embed-severity" data-severity=finding.severity.as_str()>
                                        {finding.severity.label().get(lang).to_owned()}
                                    </span>
                                    " "<code>{finding.rule}</code>" "
                                    <button type="button" class="link" on:click=move |_| jump(offset)>
                                        {format!("{} {line}", t.line)}
                                    </button>
                                    ": "<crate::components::Message text=finding.message.get(lang).to_owned() />
                                </summary>
                                <div class="pl-embed-docs" aria-label=t.why inner_html=docs></div>
                            </details>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let count = move || {
        report.with(|report| {
            report
                .active_findings()
                .filter(|finding| options.with_value(|o| o.shows_rule(finding.rule)))
                .count()
        })
    };
    // With a rule filter, "no findings" is about those rules only.
    let none = options.with_value(|o| {
        if o.rules.is_empty() {
            ui.no_findings.to_owned()
        } else {
            t.no_finding_of.replace("{rules}", &o.rules.join(", "))
        }
    });
    view! {
        <section class="pl-embed-findings">
            <h2>{ui.findings}" "<span data-testid="summary" data-findings=count>{move || format!("({})", count())}</span></h2>
            <p class="pl-embed-none" data-testid="no-findings" hidden=move || count() != 0>{none}</p>
            <ul>{rows}</ul>
        </section>
    }
}

/// Table cells of the docs carry `style="text-align: …"`, which the page's
/// `style-src 'self'` refuses (and reports); alignment is not worth it.
pub fn without_inline_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(" style=\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start + " style=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

fn status_code(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Manual => "manual",
    }
}

/// Calls `changed` whenever `element`'s size changes, for as long as the
/// page lives (the observer and its callback are leaked on purpose: the
/// widget is the whole page).
fn observe_size(element: &web_sys::Element, changed: impl Fn() + 'static) {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(changed);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(element);
    }
    callback.forget();
}

fn post_to_parent(message: &impl Serialize) {
    let window = window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Ok(json) = serde_json::to_string(message) else {
        return;
    };
    let Ok(value) = js_sys::JSON::parse(&json) else {
        return;
    };
    // Any origin: whoever embeds the widget gave it the Dockerfile.
    let _ = parent.post_message(&value, "*");
}

/// `{type: "plimsoll:set", dockerfile}` sent by the parent window, nobody else.
fn dockerfile_from_parent(event: &web_sys::Event) -> Option<String> {
    let event: &JsValue = event.as_ref();
    let source = js_sys::Reflect::get(event, &"source".into()).ok()?;
    let parent: JsValue = window().parent().ok()??.into();
    if !js_sys::Object::is(&source, &parent) {
        return None;
    }
    let data = js_sys::Reflect::get(event, &"data".into()).ok()?;
    let kind = js_sys::Reflect::get(&data, &"type".into())
        .ok()?
        .as_string()?;
    if kind != "plimsoll:set" {
        return None;
    }
    let text = js_sys::Reflect::get(&data, &"dockerfile".into())
        .ok()?
        .as_string()?;
    // The same normalisation as pasted text: CRLF and CR become LF.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    (text.len() <= 1_000_000).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_come_from_the_query_or_the_entry_page() {
        assert!(requested("?embed", "/"));
        assert!(requested("?lang=ja&embed&readonly", "/docs/"));
        assert!(requested("", "/plimsoll/embed.html"));
        assert!(!requested("?embedded=1", "/"));
        assert!(!requested("?rules", "/index.html"));
    }

    #[test]
    fn options_parse_with_defaults() {
        assert_eq!(EmbedOptions::parse("?embed"), EmbedOptions::default());
        let options = EmbedOptions::parse(
            "?embed&readonly&height=320&theme=dark&lang=ja&show=checklist\
             &items=runs-as-non-root,%20healthcheck&rules=pl101,PL503&open=pl101",
        );
        assert!(options.readonly);
        assert_eq!(options.height, Some(320));
        assert_eq!(options.theme, Some("dark"));
        assert_eq!(options.lang, Some(Lang::Ja));
        assert_eq!(options.show, Show::Checklist);
        assert_eq!(options.items, ["runs-as-non-root", "healthcheck"]);
        assert_eq!(options.rules, ["PL101", "PL503"]);
        assert_eq!(options.open.as_deref(), Some("PL101"));
    }

    #[test]
    fn odd_options_are_ignored() {
        let options = EmbedOptions::parse(
            "?embed&height=99999&theme=%3Cscript%3E&lang=fr&show=x&rules=%3Cb%3E,PL1&readonly=0",
        );
        assert_eq!(options.height, None);
        assert_eq!(options.theme, None);
        assert_eq!(options.lang, None);
        assert_eq!(options.show, Show::Both);
        assert!(options.rules.is_empty());
        assert!(!options.readonly);
        assert_eq!(
            options.unknown,
            [
                "height=99999",
                "theme=<script>",
                "lang=fr",
                "show=x",
                "rules=<b>",
                "rules=PL1"
            ]
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%E6%97%A5+x"), "日 x");
    }

    #[test]
    fn unknown_options_items_and_rules_are_reported_and_names_resolve() {
        let options = EmbedOptions::parse(
            "?embed&colour=red&items=healthcheck,no-such-item&rules=missing-user,DL3007,PL9999&open=PL9",
        );
        assert_eq!(options.items, ["healthcheck"]);
        assert_eq!(options.rules, ["PL101", "PL201"]);
        assert_eq!(options.open, None);
        assert_eq!(
            options.unknown,
            [
                "colour=red",
                "items=no-such-item",
                "rules=PL9999",
                "open=PL9"
            ]
        );
        assert!(EmbedOptions::parse("?embed&readonly&show=both")
            .unknown
            .is_empty());
    }

    #[test]
    fn a_filtered_widget_scores_the_items_it_shows() {
        let report = plimsoll_core::check("FROM node:latest\nEXPOSE 22\n", &Settings::default());
        let all = EmbedOptions::default();
        assert_eq!(all.score(&report), report.checklist.score);
        let one = EmbedOptions::parse("?items=runs-as-non-root");
        assert_eq!(one.score(&report), Some(0));
        assert_eq!(ResultMessage::new(&report, &one, Lang::En).score, Some(0));
        let nothing = plimsoll_core::check("hello\n", &Settings::default());
        assert_eq!(one.score(&nothing), None);
    }

    #[test]
    fn inline_styles_are_dropped_from_docs() {
        let html = "<table><tr><th style=\"text-align: left\">a</th><td>b</td></tr></table>";
        assert_eq!(
            without_inline_styles(html),
            "<table><tr><th>a</th><td>b</td></tr></table>"
        );
        for rule in plimsoll_core::rules::RULES {
            let html = crate::markdown::to_html(&catalog::explain(rule, Lang::En), "Copy");
            assert!(
                !without_inline_styles(&html).contains("style="),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn the_result_message_follows_the_filters() {
        let report = plimsoll_core::check("FROM node:latest\nEXPOSE 22\n", &Settings::default());
        let all = ResultMessage::new(&report, &EmbedOptions::default(), Lang::En);
        assert!(all.findings.iter().any(|f| f.rule == "PL101"));
        assert!(all.checklist.len() > 10);
        let options = EmbedOptions::parse("?rules=PL101&items=runs-as-non-root");
        let some = ResultMessage::new(&report, &options, Lang::Ja);
        assert!(some.findings.iter().all(|f| f.rule == "PL101"));
        assert_eq!(some.checklist.len(), 1);
        assert_eq!(some.checklist[0].status, Status::Fail);
        let json = serde_json::to_value(&some).unwrap();
        assert_eq!(json["type"], "plimsoll:result");
        assert_eq!(json["checklist"][0]["status"], "fail");
        assert_eq!(json["findings"][0]["line"], 1);
    }
}
