//! `plimsoll lsp`: a language server over standard input and output.
//!
//! Diagnostics for Dockerfiles as they are typed and, when the editor opens
//! a folder, for the whole folder as a project (the folder is the build
//! context; Compose files, manifests, `.dockerignore` files and workflows
//! are checked with the Dockerfiles they concern, unsaved editor texts
//! winning over the disk). Quick fixes for every fix a finding has (safe
//! ones preferred), a suppression comment with a reason to fill in, the
//! rule's documentation on hover, and the checklist's score as a code lens
//! on the first `FROM`. Settings: `plimsoll.toml` of the folder (or
//! `--config`), then the client's `initializationOptions` (same keys), then
//! `--lang`.
//!
//! Positions are converted between byte offsets and LSP's UTF-16 code units
//! per line, so lines with non-ASCII text stay right.

// `lsp_types::Uri` hashes and compares by its text; the interior mutability
// clippy sees is fluent-uri's parse cache, and `WorkspaceEdit::changes` is a
// map keyed by it anyway.
#![allow(clippy::mutable_key_type)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ExtractError, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, CodeLensRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionProviderCapability, CodeLens,
    CodeLensOptions, Command, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, HoverProviderCapability, InitializeParams, MarkupContent, MarkupKind,
    MessageType, NumberOrString, Position, PublishDiagnosticsParams, Range, ServerCapabilities,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};
use plimsoll_core::fix::Safety;
use plimsoll_core::project::{classify, FileKind, Project};
use plimsoll_core::syntax::Keyword;
use plimsoll_core::{Finding, Lang, LineIndex, Report, Settings, Span};

use crate::config::{self, Config};
use crate::context;
use crate::input::Input;

/// What the command line adds to the settings.
pub struct Options {
    /// `--config FILE`, instead of the folder's plimsoll.toml.
    pub config: Option<PathBuf>,
    /// `--no-config`.
    pub no_config: bool,
    /// `--lang`, over every other setting.
    pub lang: Option<Lang>,
}

/// Serves one client until it says `exit`.
pub fn run(options: Options) -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    let params = connection
        .initialize(capabilities)
        .map_err(|error| format!("the client did not initialize: {error}"))?;
    let params: InitializeParams = serde_json::from_value(params)
        .map_err(|error| format!("bad initialize parameters: {error}"))?;
    #[allow(deprecated)] // `rootUri`: older clients send only this
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(params.root_uri.as_ref())
        .and_then(path_of);
    let mut server = Server {
        connection,
        root,
        options,
        client_options: params.initialization_options.clone(),
        config: Config::default(),
        documents: HashMap::new(),
        disk: None,
        results: HashMap::new(),
        published: HashMap::new(),
        backlog: std::collections::VecDeque::new(),
    };
    server.load_config();
    server.read_disk();
    server.main_loop()?;
    drop(server);
    threads
        .join()
        .map_err(|error| format!("the connection failed: {error}"))
}

/// An open document.
struct Document {
    text: String,
    version: i32,
    /// `dockerfile` from the editor makes any file name a Dockerfile.
    language: String,
}

/// The last check of one file (open, or read from the project folder).
struct Checked {
    text: String,
    kind: FileKind,
    report: Report,
}

struct Server {
    connection: Connection,
    /// The workspace folder: a project, and where plimsoll.toml is found.
    root: Option<PathBuf>,
    options: Options,
    /// `initializationOptions`, then `workspace/didChangeConfiguration`.
    client_options: Option<serde_json::Value>,
    config: Config,
    documents: HashMap<Uri, Document>,
    /// The folder as last read from disk (at start, on open, save and
    /// close); open documents replace their files' texts in each check.
    disk: Option<(Project, Vec<Input>)>,
    results: HashMap<Uri, Checked>,
    /// What each file's diagnostics were when last sent.
    published: HashMap<Uri, Vec<Diagnostic>>,
    /// Messages read ahead while gathering changes, handled next.
    backlog: std::collections::VecDeque<Message>,
}

impl Server {
    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let message = match self.backlog.pop_front() {
                Some(message) => message,
                None => match self.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(request) => {
                    let shutdown = self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|error| error.to_string())?;
                    if shutdown {
                        return Ok(());
                    }
                    let response = self.respond(request);
                    self.send(Message::Response(response));
                }
                Message::Notification(notification) => self.notified(notification),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: Message) {
        // The client is gone when this fails; the loop ends with the input.
        let _ = self.connection.sender.send(message);
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )));
    }

    fn show_error(&self, message: String) {
        self.notify::<ShowMessage>(ShowMessageParams {
            typ: MessageType::ERROR,
            message: format!("plimsoll: {message}"),
        });
    }

    fn lang(&self) -> Lang {
        self.options.lang.or(self.config.lang).unwrap_or_default()
    }

    /// plimsoll.toml (or `--config`), with the client's options over it.
    /// A bad setting is shown, and the defaults are used instead.
    fn load_config(&mut self) {
        let file = if self.options.no_config {
            None
        } else if let Some(explicit) = &self.options.config {
            Some(explicit.clone())
        } else {
            self.root.as_deref().and_then(config::discover)
        };
        let mut table = toml::Table::new();
        let mut name = String::from("initializationOptions");
        if let Some(path) = &file {
            let read = std::fs::read_to_string(path)
                .map_err(|error| format!("{}: cannot read: {error}", path.display()))
                .and_then(|text| {
                    // Checked alone first, so its errors point into it.
                    config::parse(&path.display().to_string(), &text)
                        .map_err(|error| error.to_string())?;
                    toml::from_str::<toml::Table>(&text).map_err(|error| error.to_string())
                });
            match read {
                Ok(read) => table = read,
                Err(message) => self.show_error(message),
            }
            name = format!("{} and initializationOptions", path.display());
        }
        let client = self
            .client_options
            .as_ref()
            .filter(|value| !value.is_null())
            .map(|value| {
                // `{"plimsoll": {...}}` as VS Code's settings send it, or the keys.
                let value = value.get("plimsoll").unwrap_or(value);
                serde_json::from_value::<toml::Table>(value.clone())
                    .map_err(|error| format!("initializationOptions: {error}"))
            });
        match client {
            Some(Ok(client)) => table.extend(client),
            Some(Err(message)) => self.show_error(message),
            None => {}
        }
        self.config = toml::to_string(&table)
            .map_err(|error| error.to_string())
            .and_then(|text| config::parse(&name, &text).map_err(|error| error.to_string()))
            .unwrap_or_else(|message| {
                self.show_error(message);
                Config::default()
            });
    }

    /// Reads the workspace folder as a project, when it is one.
    fn read_disk(&mut self) {
        self.disk = self
            .root
            .as_deref()
            .and_then(|root| context::read_directory(root, &[], true).ok());
    }

    /// Applies a `didChange` to its document; returns the document's URI
    /// when it is open.
    fn apply_change(&mut self, notification: Notification) -> Option<Uri> {
        let params = notification
            .extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
            .ok()?;
        let uri = params.text_document.uri;
        let document = self.documents.get_mut(&uri)?;
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&document.text);
                    let span = span_of(&document.text, &index, range);
                    document.text.replace_range(span.range(), &change.text);
                }
            }
        }
        document.version = params.text_document.version;
        Some(uri)
    }

    fn notified(&mut self, notification: Notification) {
        let method = notification.method.clone();
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let document = params.text_document;
                    self.documents.insert(
                        document.uri.clone(),
                        Document {
                            text: document.text,
                            version: document.version,
                            language: document.language_id,
                        },
                    );
                    self.read_disk();
                    self.check(std::slice::from_ref(&document.uri));
                }
            }
            DidChangeTextDocument::METHOD => {
                // Changes typed while the last check ran are applied together
                // and checked once: the newest text is the one that matters.
                let mut changed: Vec<Uri> = self.apply_change(notification).into_iter().collect();
                while let Ok(next) = self.connection.receiver.try_recv() {
                    match next {
                        Message::Notification(next)
                            if next.method == DidChangeTextDocument::METHOD =>
                        {
                            changed.extend(self.apply_change(next));
                        }
                        other => {
                            self.backlog.push_back(other);
                            break;
                        }
                    }
                }
                if !changed.is_empty() {
                    self.check(&changed);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    self.read_disk();
                    self.check(std::slice::from_ref(&params.text_document.uri));
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.documents.remove(&params.text_document.uri);
                    self.read_disk();
                    self.check(&[]);
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(params) = notification.extract::<lsp_types::DidChangeConfigurationParams>(
                    DidChangeConfiguration::METHOD,
                ) {
                    if !params.settings.is_null() {
                        self.client_options = Some(params.settings);
                    }
                    self.load_config();
                    self.check(&[]);
                }
            }
            _ => {}
        }
    }

    /// Checks the folder's project (with the open documents' texts) and the
    /// open documents outside it, and sends the diagnostics that changed;
    /// `changed`'s always (the client waits for its new version's).
    fn check(&mut self, changed: &[Uri]) {
        let lang = self.lang();
        let settings = self.config.settings.clone();
        let mut results = HashMap::new();
        let mut in_project = Vec::new();
        if let Some((project, inputs)) = &self.disk {
            let mut project = project.clone();
            let mut inputs = inputs.clone();
            for (uri, document) in &self.documents {
                let Some(path) = path_of(uri) else { continue };
                if let Some(index) = inputs
                    .iter()
                    .position(|input| input.path.as_deref() == Some(path.as_path()))
                {
                    inputs[index].text.clone_from(&document.text);
                    project.files[index].1.clone_from(&document.text);
                    in_project.push(uri.clone());
                }
            }
            let kinds: Vec<FileKind> = project
                .files
                .iter()
                .map(|(path, text)| classify(path, text))
                .collect();
            let kind_of: HashMap<PathBuf, FileKind> = inputs
                .iter()
                .zip(kinds)
                .filter_map(|(input, kind)| Some((input.path.clone()?, kind)))
                .collect();
            for (input, report) in context::checked_entries(&project, inputs, &settings, lang) {
                let Some(path) = input.path else { continue };
                let uri = self
                    .documents
                    .keys()
                    .find(|uri| path_of(uri).as_deref() == Some(path.as_path()))
                    .cloned()
                    .unwrap_or_else(|| uri_of(&path));
                let kind = kind_of.get(&path).copied().unwrap_or(FileKind::Other);
                results.insert(
                    uri,
                    Checked {
                        text: input.text,
                        kind,
                        report,
                    },
                );
            }
        }
        for (uri, document) in &self.documents {
            if in_project.contains(uri) {
                continue;
            }
            let name = self.project_name(uri);
            let is_dockerfile = document.language.eq_ignore_ascii_case("dockerfile");
            let kind = if is_dockerfile {
                FileKind::Dockerfile
            } else {
                classify(&name, &document.text)
            };
            let report = match kind {
                FileKind::Dockerfile => {
                    let settings = Settings {
                        path: Some(name),
                        ..settings.clone()
                    };
                    plimsoll_core::check(&document.text, &settings)
                }
                FileKind::Other => continue,
                // A Compose file or manifest alone: the project check reads
                // what it is.
                _ => {
                    let input = Input {
                        path: None,
                        name,
                        text: document.text.clone(),
                    };
                    match context::check_files(vec![input], &settings, lang).pop() {
                        Some((_, report)) => report,
                        None => continue,
                    }
                }
            };
            results.insert(
                uri.clone(),
                Checked {
                    text: document.text.clone(),
                    kind,
                    report,
                },
            );
        }
        self.results = results;
        self.publish(changed);
    }

    /// The path a document has in its project: relative to the folder, or
    /// its file name (the path tells what the image is for: `tests/`).
    fn project_name(&self, uri: &Uri) -> String {
        let Some(path) = path_of(uri) else {
            return uri
                .path()
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or("Dockerfile")
                .to_owned();
        };
        self.root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok())
            .map(|relative| relative.to_string_lossy().replace('\\', "/"))
            .or_else(|| Some(path.file_name()?.to_string_lossy().into_owned()))
            .unwrap_or_default()
    }

    fn publish(&mut self, changed: &[Uri]) {
        let lang = self.lang();
        let mut fresh: HashMap<Uri, Vec<Diagnostic>> = self
            .results
            .iter()
            .map(|(uri, checked)| (uri.clone(), diagnostics(uri, checked, lang, &self.config)))
            .collect();
        // Files that had diagnostics and are no longer checked are cleared.
        for uri in self.published.keys() {
            fresh.entry(uri.clone()).or_default();
        }
        let sends: Vec<(Uri, Vec<Diagnostic>)> = fresh
            .into_iter()
            .filter(|(uri, diagnostics)| {
                changed.contains(uri)
                    || match self.published.get(uri) {
                        Some(before) => before != diagnostics,
                        None => !diagnostics.is_empty(),
                    }
            })
            .collect();
        for (uri, diagnostics) in sends {
            let version = self.documents.get(&uri).map(|document| document.version);
            self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: diagnostics.clone(),
                version,
            });
            if diagnostics.is_empty() {
                self.published.remove(&uri);
            } else {
                self.published.insert(uri, diagnostics);
            }
        }
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            CodeActionRequest::METHOD => extract::<lsp_types::CodeActionParams>(request)
                .map(|params| serde_json::to_value(self.code_actions(&params))),
            HoverRequest::METHOD => extract::<lsp_types::HoverParams>(request)
                .map(|params| serde_json::to_value(self.hover(&params))),
            CodeLensRequest::METHOD => extract::<lsp_types::CodeLensParams>(request)
                .map(|params| serde_json::to_value(self.code_lenses(&params.text_document.uri))),
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("plimsoll does not handle `{}`", request.method),
                )
            }
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(error)) => Response::new_err(
                id,
                lsp_server::ErrorCode::InternalError as i32,
                error.to_string(),
            ),
            Err(message) => {
                Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, message)
            }
        }
    }

    /// A quick fix per fix of each finding in the range (safe ones
    /// preferred), and a suppression comment for each.
    fn code_actions(&self, params: &lsp_types::CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(checked) = self.results.get(uri) else {
            return Vec::new();
        };
        let lang = self.lang();
        let index = LineIndex::new(&checked.text);
        let wanted = span_of(&checked.text, &index, params.range);
        let mut actions = Vec::new();
        for finding in checked.report.active_findings() {
            let touches = finding.spans().any(|span| {
                span.start <= wanted.end && wanted.start <= span.end.max(span.start + 1)
            });
            if !touches {
                continue;
            }
            let diagnostic = diagnostic(uri, &checked.text, &index, finding, lang, &self.config);
            if let Some(fix) = finding
                .fix
                .as_ref()
                .filter(|fix| fix.safety != Safety::Manual && !fix.edits.is_empty())
            {
                let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
                for edit in &fix.edits {
                    let (target, text) = match &edit.file {
                        None => (uri.clone(), checked.text.clone()),
                        Some(file) => {
                            let target = uri_of(Path::new(file));
                            let text = self.results.get(&target).map_or_else(
                                || std::fs::read_to_string(file).unwrap_or_default(),
                                |other| other.text.clone(),
                            );
                            (target, text)
                        }
                    };
                    changes.entry(target).or_default().push(TextEdit {
                        range: range_of(&text, &LineIndex::new(&text), edit.span),
                        new_text: edit.replacement.clone(),
                    });
                }
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.description.get(lang).to_owned(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(changes),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(fix.safety == Safety::Safe),
                    ..CodeAction::default()
                }));
            }
            let yaml = checked.kind != FileKind::Dockerfile;
            let (title, edit) =
                plimsoll_core::suppress::suggestion(&checked.text, yaml, finding, lang);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(
                        uri.clone(),
                        vec![TextEdit {
                            range: range_of(&checked.text, &index, edit.span),
                            new_text: edit.replacement,
                        }],
                    )])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(false),
                ..CodeAction::default()
            }));
        }
        actions
    }

    /// The message and the rule's documentation of each finding under the
    /// cursor.
    fn hover(&self, params: &lsp_types::HoverParams) -> Option<Hover> {
        let at = &params.text_document_position_params;
        let checked = self.results.get(&at.text_document.uri)?;
        let index = LineIndex::new(&checked.text);
        let offset = offset_of(&checked.text, &index, at.position);
        let lang = self.lang();
        let mut pages = Vec::new();
        let mut range = None;
        for finding in checked.report.active_findings() {
            let Some(span) = finding
                .spans()
                .find(|span| span.start <= offset && offset <= span.end)
            else {
                continue;
            };
            range.get_or_insert(range_of(&checked.text, &index, span));
            pages.push(format!(
                "**{}** {}\n\n---\n\n{}",
                finding.rule,
                finding.message.get(lang),
                plimsoll_core::export::catalog::explain(finding.definition, lang)
            ));
        }
        (!pages.is_empty()).then(|| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: pages.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    /// The checklist's headline on a Dockerfile's first FROM.
    fn code_lenses(&self, uri: &Uri) -> Vec<CodeLens> {
        let Some(checked) = self
            .results
            .get(uri)
            .filter(|checked| checked.kind == FileKind::Dockerfile)
        else {
            return Vec::new();
        };
        let parsed = plimsoll_core::syntax::parse(&checked.text);
        let Some(from) = parsed
            .instructions
            .iter()
            .find(|instruction| instruction.keyword == Keyword::From)
        else {
            return Vec::new();
        };
        vec![CodeLens {
            range: range_of(
                &checked.text,
                &LineIndex::new(&checked.text),
                from.keyword_span,
            ),
            command: Some(Command {
                title: checked
                    .report
                    .checklist
                    .headline()
                    .get(self.lang())
                    .to_owned(),
                // The client may show the checklist; plimsoll needs nothing back.
                command: "plimsoll.checklist".to_owned(),
                arguments: None,
            }),
            data: None,
        }]
    }
}

fn extract<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, String> {
    let method = request.method.clone();
    request
        .extract::<P>(&method)
        .map(|(_, params): (RequestId, P)| params)
        .map_err(|error| match error {
            ExtractError::JsonError { error, .. } => format!("bad `{method}` parameters: {error}"),
            ExtractError::MethodMismatch(_) => format!("not `{method}`"),
        })
}

/// Every unsuppressed finding of a file as a diagnostic.
fn diagnostics(uri: &Uri, checked: &Checked, lang: Lang, config: &Config) -> Vec<Diagnostic> {
    let index = LineIndex::new(&checked.text);
    checked
        .report
        .active_findings()
        .map(|finding| diagnostic(uri, &checked.text, &index, finding, lang, config))
        .chain(checked.report.errors.iter().map(|error| Diagnostic {
            range: range_of(&checked.text, &index, error.span),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("plimsoll".to_owned()),
            message: error.message.clone(),
            ..Diagnostic::default()
        }))
        .collect()
}

fn diagnostic(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    finding: &Finding,
    lang: Lang,
    config: &Config,
) -> Diagnostic {
    use plimsoll_core::Severity;
    let related: Vec<DiagnosticRelatedInformation> = finding
        .local_related()
        .map(|related| DiagnosticRelatedInformation {
            location: lsp_types::Location {
                uri: uri.clone(),
                range: range_of(text, index, related.span),
            },
            message: related
                .message
                .as_ref()
                .unwrap_or(&finding.message)
                .get(lang)
                .to_owned(),
        })
        .collect();
    let code_description = config.docs_url.as_deref().and_then(|url| {
        let page = plimsoll_core::export::catalog::rule_page(finding.definition, url);
        Some(lsp_types::CodeDescription {
            href: page.parse().ok()?,
        })
    });
    Diagnostic {
        range: range_of(text, index, finding.span),
        severity: Some(match finding.severity {
            Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
            Severity::Medium => DiagnosticSeverity::WARNING,
            Severity::Low => DiagnosticSeverity::INFORMATION,
            Severity::Info => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description,
        source: Some("plimsoll".to_owned()),
        message: finding.message.get(lang).to_owned(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// A byte offset as an LSP position: 0-based line, UTF-16 units into it
/// (the core counts UTF-16 units from the start of the text).
fn position_of(text: &str, index: &LineIndex, offset: u32) -> Position {
    let at = index.position(text, offset);
    let line = at.line - 1;
    let line_start = index.position(text, index.line_start(line as usize));
    Position {
        line,
        character: at.utf16_offset - line_start.utf16_offset,
    }
}

fn range_of(text: &str, index: &LineIndex, span: Span) -> Range {
    Range {
        start: position_of(text, index, span.start),
        end: position_of(text, index, span.end),
    }
}

/// An LSP position as a byte offset; past the end of a line means its end.
fn offset_of(text: &str, index: &LineIndex, position: Position) -> u32 {
    let line = position.line as usize;
    if line >= index.line_count() {
        return u32::try_from(text.len()).unwrap_or(u32::MAX);
    }
    let start = index.line_start(line) as usize;
    let rest = &text[start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let mut units = 0;
    for (at, character) in line_text.char_indices() {
        if units >= position.character as usize {
            return u32::try_from(start + at).unwrap_or(u32::MAX);
        }
        units += character.len_utf16();
    }
    u32::try_from(start + line_text.len()).unwrap_or(u32::MAX)
}

fn span_of(text: &str, index: &LineIndex, range: Range) -> Span {
    let start = offset_of(text, index, range.start);
    Span::new(start, offset_of(text, index, range.end).max(start))
}

/// A `file:` URI's path, percent-decoded.
fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path` names another machine; only local files are read.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(decoded).ok().map(PathBuf::from)
}

/// A path as a `file:` URI, percent-encoding what a URI path cannot hold.
fn uri_of(path: &Path) -> Uri {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char);
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.parse().expect("a percent-encoded file URI parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_per_line() {
        let text = "FROM a\nRUN echo 日本 😀 && apk add curl\n";
        let index = LineIndex::new(text);
        let apk = text.find("apk").unwrap() as u32;
        // "RUN echo " 9, "日本" 2, " " 1, "😀" 2 (a surrogate pair), " && " 4.
        let position = position_of(text, &index, apk);
        assert_eq!((position.line, position.character), (1, 18));
        assert_eq!(offset_of(text, &index, position), apk);
        // Past the end of a line: its end; past the last line: the text's end.
        let end_of_first = offset_of(
            text,
            &index,
            Position {
                line: 0,
                character: 99,
            },
        );
        assert_eq!(end_of_first, 6);
        let end = offset_of(
            text,
            &index,
            Position {
                line: 9,
                character: 0,
            },
        );
        assert_eq!(end as usize, text.len());
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/work/my project/日本/Dockerfile");
        let uri = uri_of(path);
        assert_eq!(
            uri.as_str(),
            "file:///work/my%20project/%E6%97%A5%E6%9C%AC/Dockerfile"
        );
        assert_eq!(path_of(&uri).as_deref(), Some(path));
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of(&untitled), None);
    }
}
