//! What the widget and its parent page say to each other: the result of
//! each check and the content height going up, new text coming down. The
//! text itself is never posted.

use plimsoll_core::checklist::Status;
use plimsoll_core::{Lang, Report};
use serde::Serialize;
use wasm_bindgen::JsValue;

use leptos::prelude::window;

use super::options::EmbedOptions;

/// The widget's content height in CSS pixels, posted to the parent page
/// when it changes (only when no `height` option fixes it).
#[derive(Serialize)]
pub struct HeightMessage {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub height: i32,
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

pub fn post_to_parent(message: &impl Serialize) {
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
pub fn dockerfile_from_parent(event: &web_sys::Event) -> Option<String> {
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
    use plimsoll_core::Settings;

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
