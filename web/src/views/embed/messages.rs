//! What the widget and its parent page say to each other: the result of
//! each check and the content height going up, new files coming down. The
//! files' text is never posted.

use plimsoll_core::checklist::Status;
use plimsoll_core::project::FileKind;
use plimsoll_core::Lang;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use leptos::prelude::window;

use super::checked::Checked;
use super::options::EmbedOptions;
use crate::project::{self, Companion, Companions};

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
    /// The files checked: the Dockerfile first, then the files beside it.
    pub files: Vec<FileMessage>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileMessage {
    pub path: String,
    /// What the check read it as (`other`: not read).
    pub kind: FileKind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemMessage {
    pub id: &'static str,
    pub status: Status,
    pub title: String,
    /// The findings that decided it, in any file.
    pub findings: usize,
    /// The files beside the Dockerfile that decided it.
    pub decided_by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingMessage {
    /// The file it is in.
    pub path: String,
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorMessage {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ResultMessage {
    /// What the parent learns: the (filtered) checklist and findings, in `lang`.
    pub fn new(checked: &Checked, options: &EmbedOptions, lang: Lang) -> Self {
        let report = &checked.report;
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
                    findings: item.findings.len() + item.elsewhere.len(),
                    decided_by: item.decided_by.clone(),
                })
                .collect(),
            findings: checked
                .findings()
                .into_iter()
                .filter(|(_, finding)| options.shows_rule(finding.rule))
                .map(|(path, finding)| FindingMessage {
                    path: path.to_owned(),
                    rule: finding.rule,
                    name: finding.name,
                    severity: finding.severity.as_str(),
                    line: finding.location.start.line,
                    column: finding.location.start.column,
                    message: finding.message.get(lang).to_owned(),
                })
                .collect(),
            errors: checked
                .errors()
                .into_iter()
                .map(|(path, error)| ErrorMessage {
                    path: path.to_owned(),
                    line: error.location.start.line,
                    column: error.location.start.column,
                    message: error.message.clone(),
                })
                .collect(),
            files: std::iter::once(FileMessage {
                path: checked.path.clone(),
                kind: FileKind::Dockerfile,
            })
            .chain(checked.companions.iter().map(|file| FileMessage {
                path: file.path.clone(),
                kind: file.kind,
            }))
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

/// The most text the parent may send at once: as much as a link carries.
const MAX_SET_BYTES: usize = 8 * 1024 * 1024;

/// What the parent page sent: a new Dockerfile, new files beside it, or both.
#[derive(Debug, Default, PartialEq)]
pub struct SetMessage {
    pub dockerfile: Option<String>,
    /// In place of the files beside the Dockerfile (`[]` removes them).
    pub files: Option<Companions>,
}

/// `{type: "plimsoll:set", dockerfile?, files?: [{path, text}]}` sent
/// by the parent window, nobody else. `Err` says why files cannot be used
/// (the message is then ignored); `Ok(None)`: not a set message.
pub fn set_from_parent(
    event: &web_sys::Event,
    dockerfile_path: &str,
) -> Result<Option<SetMessage>, SetError> {
    let event: &JsValue = event.as_ref();
    let field = |value: &JsValue, name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let (Some(source), Some(Some(parent))) = (field(event, "source"), window().parent().ok())
    else {
        return Ok(None);
    };
    if !js_sys::Object::is(&source, &parent.into()) {
        return Ok(None);
    }
    let Some(data) = field(event, "data") else {
        return Ok(None);
    };
    if field(&data, "type")
        .and_then(|kind| kind.as_string())
        .as_deref()
        != Some("plimsoll:set")
    {
        return Ok(None);
    }
    let dockerfile = field(&data, "dockerfile").and_then(|text| text.as_string());
    let files = match field(&data, "files").filter(|files| !files.is_undefined()) {
        None => None,
        Some(files) => {
            let files: &js_sys::Array = files.dyn_ref().ok_or(SetError::NotFiles)?;
            let files = files
                .iter()
                .map(|file| {
                    let path = field(&file, "path").and_then(|path| path.as_string());
                    let text = field(&file, "text").and_then(|text| text.as_string());
                    Some((path?, text?))
                })
                .collect::<Option<Vec<_>>>()
                .ok_or(SetError::NotFiles)?;
            Some(companions(files, dockerfile_path)?)
        }
    };
    let size = dockerfile.as_ref().map_or(0, String::len)
        + files.as_ref().map_or(0, |files: &Companions| {
            files.files.iter().map(|file| file.text.len()).sum()
        });
    if size > MAX_SET_BYTES {
        return Err(SetError::TooLarge);
    }
    Ok(Some(SetMessage {
        // The same normalisation as pasted text: CRLF and CR become LF.
        dockerfile: dockerfile.map(|text| normalise(&text)),
        files,
    }))
}

/// Why the parent's files were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetError {
    /// `files` is not a list of `{path, text}`.
    NotFiles,
    /// A path is absolute, leaves the project, is the Dockerfile's or
    /// comes twice.
    BadPath,
    TooLarge,
}

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The files beside the Dockerfile at `dockerfile_path`, from `(path,
/// text)`, each of the kind its name and text suggest (the project check,
/// which reads them, has the last word).
fn companions(files: Vec<(String, String)>, dockerfile_path: &str) -> Result<Companions, SetError> {
    let mut companions = Companions::default();
    for (path, text) in files {
        let path = path.trim().to_owned();
        if !project::is_relative(&path)
            || path == dockerfile_path
            || companions.index_of(&path).is_some()
        {
            return Err(SetError::BadPath);
        }
        let text = normalise(&text);
        let kind = plimsoll_core::project::guess_kind(&path, &text);
        companions.files.push(Companion { path, kind, text });
    }
    Ok(companions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_core::project::Project;
    use plimsoll_core::Settings;

    #[test]
    fn the_result_message_follows_the_filters() {
        let report = plimsoll_core::check("FROM node:latest\nEXPOSE 22\n", &Settings::default());
        let checked = Checked::alone("Dockerfile", report);
        let all = ResultMessage::new(&checked, &EmbedOptions::default(), Lang::En);
        assert!(all.findings.iter().any(|f| f.rule == "PL101"));
        assert!(all.checklist.len() > 10);
        let options = EmbedOptions::parse("?rules=PL101&items=runs-as-non-root");
        let some = ResultMessage::new(&checked, &options, Lang::Ja);
        assert!(some.findings.iter().all(|f| f.rule == "PL101"));
        assert_eq!(some.checklist.len(), 1);
        assert_eq!(some.checklist[0].status, Status::Fail);
        let json = serde_json::to_value(&some).unwrap();
        assert_eq!(json["type"], "plimsoll:result");
        assert_eq!(json["checklist"][0]["status"], "fail");
        assert_eq!(json["findings"][0]["line"], 1);
        assert_eq!(json["findings"][0]["path"], "Dockerfile");
        assert_eq!(
            json["files"],
            serde_json::json!([{"path": "Dockerfile", "kind": "dockerfile"}])
        );
    }

    #[test]
    fn a_project_result_names_the_file_of_each_finding_and_what_decided_each_item() {
        let project = Project {
            files: vec![
                (
                    "Dockerfile".to_owned(),
                    "FROM node:22-alpine\nUSER node\n".to_owned(),
                ),
                (
                    "docker-compose.yml".to_owned(),
                    "services:\n  web:\n    build: .\n    privileged: true\n".to_owned(),
                ),
            ],
            paths: None,
            name: None,
        };
        let checked = Checked::of_project(project.check(&Settings::default()), Lang::En).unwrap();
        let message = ResultMessage::new(&checked, &EmbedOptions::default(), Lang::En);
        let privileged = message
            .findings
            .iter()
            .find(|finding| finding.path == "docker-compose.yml" && finding.line == 4)
            .expect("the Compose file's `privileged: true`, with its path");
        assert_eq!(privileged.rule, "PLC102", "{privileged:?}");
        assert!(message.checklist.iter().any(|item| item
            .decided_by
            .contains(&"docker-compose.yml".to_owned())
            && item.findings > 0));
        assert_eq!(message.files[1].kind, FileKind::Compose);
    }

    #[test]
    fn files_from_the_parent_stay_inside_the_project_and_are_read_as_their_name_says() {
        let file = |path: &str| {
            (
                path.to_owned(),
                "services:\r\n  app:\r\n    image: a\r\n".to_owned(),
            )
        };
        let files = companions(
            vec![
                file("deploy/compose.yaml"),
                file("stack.yml"),
                file("notes"),
            ],
            "Dockerfile",
        )
        .unwrap();
        let kinds: Vec<FileKind> = files.files.iter().map(|file| file.kind).collect();
        assert_eq!(
            kinds,
            [FileKind::Compose, FileKind::Compose, FileKind::Other]
        );
        assert_eq!(files.files[0].text, "services:\n  app:\n    image: a\n");
        for paths in [
            vec!["/etc/compose.yaml"],
            vec!["../compose.yaml"],
            vec!["a.yaml", " a.yaml"],
            vec!["Dockerfile"],
        ] {
            let files = paths.iter().map(|path| file(path)).collect();
            assert_eq!(
                companions(files, "Dockerfile"),
                Err(SetError::BadPath),
                "{paths:?}"
            );
        }
    }
}
