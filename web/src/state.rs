//! The page's shared state, provided once at the root as context: signals
//! in one `Copy` struct, and the actions that change them.

use leptos::html;
use leptos::prelude::*;
use plimsoll_core::project::FileKind;
use plimsoll_core::Lang;

use crate::analysis::{recheck_delay, Analysis, FindingKey, FindingOrder, MAX_CHECKED_BYTES};
use crate::browser;
use crate::checker::{self, ExportFormat, Message, Queue, Request};
use crate::editing;
use crate::project::{self, Companions};
use crate::route::View;
use crate::share::{self, Options, ShareError, Shared};

const TEXT_KEY: &str = "plimsoll.text";
const OPTIONS_KEY: &str = "plimsoll.options";
const LANG_KEY: &str = "plimsoll.lang";
const THEME_KEY: &str = "plimsoll.theme";
/// The panel last chosen beside the editor (`checklist` or `findings`).
const SIDE_KEY: &str = "plimsoll.side";
/// The draft a link or an example replaced, until it is restored.
const PREVIOUS_KEY: &str = "plimsoll.previous";
/// The files beside the draft a link or an example replaced, as JSON.
const PREVIOUS_FILES_KEY: &str = "plimsoll.previous.files";
/// The files beside the Dockerfile, as JSON ([`Companions`]).
const COMPANIONS_KEY: &str = "plimsoll.companions";
/// The name of the file the Dockerfile was opened from (empty: none).
const PATH_KEY: &str = "plimsoll.path";
/// Larger projects (the Dockerfile and the files beside it) are not kept
/// across reloads (local storage holds ~5 MB).
pub const MAX_STORED_CHARS: usize = 1_000_000;
/// Texts with more lines say that they are being checked (it takes a while).
const CHECKING_SHOWN_FROM_LINES: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn parse(code: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.code() == code)
            .unwrap_or(Theme::System)
    }
}

/// The panel shown on narrow screens; beside the editor on wider ones,
/// the last one chosen other than the editor ([`AppState::side`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Editor,
    Findings,
    Checklist,
    /// Offered when a scan report is among the files.
    Vulnerabilities,
}

/// A message in the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    LinkBroken,
    LinkForeign,
    LinkNewer,
    Shared {
        url: String,
        long: bool,
        /// The build context's names did not fit in the link.
        context_left_out: bool,
    },
    /// The project is too large for a link (its link would be this many
    /// characters): the JSON export is offered instead.
    ShareTooLarge(usize),
    /// The project worker, which writes the exports, could not start.
    ExportFailed,
    /// The project worker could not start or stopped: the files beside the
    /// Dockerfile are not checked, the Dockerfile is checked alone.
    ProjectCheckFailed,
    Copied,
    NothingToFix,
    Fixed(usize),
    /// A link or an example replaced the text: the draft before it is kept
    /// (when there was one), and a link's settings are not stored.
    Opened {
        draft_kept: bool,
        link_settings: bool,
    },
    /// A folder is being read.
    ReadingFolder,
    /// What the page took from a folder.
    Folder(Box<crate::folder::FolderSummary>),
}

/// The files (as JSON) kept under `key`.
fn stored_files(key: &str) -> Option<Companions> {
    browser::storage_get(key).and_then(|json| serde_json::from_str(&json).ok())
}

/// The project kept from the last visit, with the person's own settings.
fn stored_project() -> Shared {
    Shared {
        text: browser::storage_get(TEXT_KEY).unwrap_or_default(),
        path: browser::storage_get(PATH_KEY).filter(|path| !path.is_empty()),
        companions: stored_files(COMPANIONS_KEY).unwrap_or_default(),
        options: stored_options(),
        version: String::new(),
    }
}

/// Why the project will not be there after a reload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsaved {
    /// The Dockerfile's size in bytes is over [`MAX_STORED_CHARS`].
    TooLarge(usize),
    /// The Dockerfile's and the other files' size in bytes is over
    /// [`MAX_STORED_CHARS`].
    ProjectTooLarge(usize),
    /// The files are kept, but not the names of the other files of the
    /// folder read (this many), which would pass [`MAX_STORED_CHARS`].
    ContextLeftOut(usize),
    /// The browser refused (storage full or turned off).
    Refused,
}

impl From<ShareError> for Notice {
    fn from(error: ShareError) -> Notice {
        match error {
            ShareError::Foreign => Notice::LinkForeign,
            ShareError::Newer => Notice::LinkNewer,
            ShareError::Broken => Notice::LinkBroken,
        }
    }
}

/// Where a check runs.
enum Route {
    /// The same text with the same options was checked last.
    AlreadyChecked,
    Worker,
    Here,
    /// A project, but the project worker cannot start: the Dockerfile is
    /// checked alone, and the page says so.
    HereWithoutProject,
}

/// Keeps the draft (the Dockerfile `draft` and the files beside it) aside
/// when a link or an example replaces it with `incoming` and
/// `incoming_files`, unless there is nothing to lose. Whether it was kept.
fn keep_draft(
    draft: &str,
    draft_files: &Companions,
    incoming: &str,
    incoming_files: &Companions,
) -> bool {
    let text_lost = !draft.trim().is_empty()
        && editing::normalize_line_breaks(draft) != editing::normalize_line_breaks(incoming);
    let files_lost = *draft_files != Companions::default() && draft_files != incoming_files;
    let files = serde_json::to_string(draft_files).unwrap_or_default();
    (text_lost || files_lost)
        && browser::storage_set(PREVIOUS_KEY, draft)
        && browser::storage_set(PREVIOUS_FILES_KEY, &files)
}

/// The person's own settings, as stored (a link's settings are not).
fn stored_options() -> Options {
    browser::storage_get(OPTIONS_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The page's side of checking: the worker, once it says it is ready, and
/// what it has to do.
#[derive(Default)]
struct Checks {
    worker: Option<web_sys::Worker>,
    ready: bool,
    /// The project worker, started when a file is first added beside the
    /// Dockerfile; the page itself cannot check projects.
    project: Option<web_sys::Worker>,
    project_ready: bool,
    /// It could not start: projects are checked as a Dockerfile alone.
    project_failed: bool,
    queue: Queue,
    /// The last request, to skip checking the same text twice.
    last: Option<Request>,
    exports: Exports,
}

/// The exports asked of the project worker (it writes them; the page has
/// no exporter of its own).
#[derive(Default)]
struct Exports {
    next_id: u32,
    /// Asked before the worker was ready: sent once it is.
    unsent: Vec<js_sys::Array>,
    /// What to do with each answer, by export id.
    waiting: Vec<(u32, ExportDone)>,
}

/// What to do with an exported report.
type ExportDone = Box<dyn FnOnce(String)>;

impl Checks {
    /// Starts the project worker, unless it runs already or could not
    /// start: whether it takes requests (now, or once it is ready).
    fn start_project(&mut self, on_message: impl Fn(Message) + 'static) -> bool {
        if self.project.is_none() && !self.project_failed {
            self.project = checker::start_project(on_message);
            self.project_failed = self.project.is_none();
        }
        !self.project_failed
    }

    /// Sends the exports asked before the project worker was ready.
    fn send_exports(&mut self) {
        let (Some(worker), true) = (&self.project, self.project_ready) else {
            return;
        };
        for message in self.exports.unsent.drain(..) {
            let _ = worker.post_message(&message);
        }
    }

    /// Sends the waiting request to its worker, if that one is ready and
    /// no request is in a worker.
    fn send_waiting(&mut self) {
        let Some(request) = self.queue.waiting() else {
            return;
        };
        let worker = if request.is_project() {
            self.project.as_ref().filter(|_| self.project_ready)
        } else {
            self.worker.as_ref().filter(|_| self.ready)
        };
        // Only to a ready worker: taking the request out of the queue sends it.
        let Some(worker) = worker else {
            return;
        };
        if let Some(sent) = self.queue.send_waiting(browser::now_ms()) {
            checker::send(worker, sent);
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    pub view: RwSignal<View>,
    pub tab: RwSignal<Tab>,
    /// The panel beside the editor on wide screens (never the editor).
    pub side: RwSignal<Tab>,
    /// The text last checked (the textarea runs ahead while typing).
    pub source: RwSignal<String>,
    /// Lines and widest line of the textarea's current text.
    pub size: RwSignal<(usize, usize)>,
    pub options: RwSignal<Options>,
    /// `options` came from a link and are not stored until the person says so.
    pub link_settings: RwSignal<bool>,
    /// Why the text is not kept across reloads, if it is not.
    pub unsaved: RwSignal<Option<Unsaved>>,
    /// Lines of the text being checked, while a long check runs.
    pub checking: RwSignal<Option<usize>>,
    /// The analysis of `source`.
    pub analysis: RwSignal<Analysis>,
    /// The name of the file the text was opened from, if it was (exports
    /// use it as the path).
    pub file_name: RwSignal<Option<String>>,
    /// The files around the Dockerfile, as typed: with some, the Dockerfile
    /// is checked as a project with them.
    pub companions: RwSignal<Companions>,
    /// The file in the editor: `None` for the Dockerfile, or the path of a
    /// file beside it.
    pub active: RwSignal<Option<String>>,
    /// The Dockerfile's text while another file is in the editor.
    dockerfile_draft: StoredValue<String>,
    /// How the findings list is ordered, and the one severity it shows.
    pub order: RwSignal<FindingOrder>,
    pub only_severity: RwSignal<Option<plimsoll_core::Severity>>,
    /// The findings list shows info findings (folded away by default, as
    /// in the CLI's text: hygiene that does not count in the score).
    pub show_info: RwSignal<bool>,
    /// The findings whose rule's repeats are listed under them.
    pub unfolded: RwSignal<Vec<crate::analysis::FindingKey>>,
    checks: StoredValue<Checks, LocalStorage>,
    /// UTF-16 offset of the caret in the editor.
    pub caret: RwSignal<u32>,
    pub notice: RwSignal<Option<Notice>>,
    /// Time the last check took, in ms.
    pub check_ms: RwSignal<f64>,
    /// The last check ran in the worker, not on the page.
    pub checked_off_the_page: RwSignal<bool>,
    /// How many analyses the page has shown (a hook for tests to wait on).
    pub shown: RwSignal<u32>,
    /// Time from the end of typing to the updated page, in ms.
    pub update_ms: RwSignal<f64>,
    pub editor: NodeRef<html::Textarea>,
    /// The check waiting for typing to pause.
    pending_check: StoredValue<Option<TimeoutHandle>>,
    /// The selection made again once the editor is drawn; a newer one
    /// replaces it, so quick F8 presses never end on an older finding.
    pending_select: StoredValue<Option<TimeoutHandle>>,
    pub shortcuts: NodeRef<html::Dialog>,
}

impl AppState {
    /// Restores the last session, or the shared link in the URL.
    pub fn restore() -> Self {
        let lang = browser::storage_get(LANG_KEY)
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_else(|| crate::i18n::lang_from_browser(&browser::browser_language()));
        let theme = Theme::parse(&browser::storage_get(THEME_KEY).unwrap_or_default());
        // A link is the project it carries (a `#v1.` link, a Dockerfile
        // alone): the person's own project is kept aside.
        let (initial, notice, link_settings) = match share::decode(&browser::location_hash()) {
            Ok(Some(shared)) => {
                let own = stored_project();
                let draft_kept =
                    keep_draft(&own.text, &own.companions, &shared.text, &shared.companions);
                let link_settings = shared.options != own.options;
                let notice = (draft_kept || link_settings).then_some(Notice::Opened {
                    draft_kept,
                    link_settings,
                });
                (shared, notice, link_settings)
            }
            Ok(None) => (stored_project(), None, false),
            Err(error) => (stored_project(), Some(Notice::from(error)), false),
        };
        let text = editing::normalize_line_breaks(&initial.text);
        // The first check runs here: the worker is not ready this early.
        let analysis = RwSignal::new(Analysis::check(&text, &initial.options.settings()));
        let checks = StoredValue::new_local(Checks {
            last: Some(Request {
                text: text.clone(),
                options: initial.options.clone(),
                path: project::dockerfile_path(initial.path.as_deref()),
                companions: Companions::default(),
            }),
            ..Checks::default()
        });
        let source = RwSignal::new(text.clone());
        let options = RwSignal::new(initial.options);
        Self {
            lang: RwSignal::new(lang),
            theme: RwSignal::new(theme),
            view: RwSignal::new(View::parse(&browser::location_search())),
            tab: RwSignal::new(Tab::Editor),
            side: RwSignal::new(match browser::storage_get(SIDE_KEY).as_deref() {
                Some("findings") => Tab::Findings,
                _ => Tab::Checklist,
            }),
            size: RwSignal::new(editing::text_size(&text)),
            source,
            options,
            link_settings: RwSignal::new(link_settings),
            unsaved: RwSignal::new(None),
            checking: RwSignal::new(None),
            analysis,
            file_name: RwSignal::new(initial.path),
            companions: RwSignal::new(initial.companions),
            active: RwSignal::new(None),
            dockerfile_draft: StoredValue::new(String::new()),
            order: RwSignal::new(FindingOrder::default()),
            only_severity: RwSignal::new(None),
            show_info: RwSignal::new(false),
            unfolded: RwSignal::new(Vec::new()),
            checks,
            caret: RwSignal::new(0),
            notice: RwSignal::new(notice),
            check_ms: RwSignal::new(0.0),
            checked_off_the_page: RwSignal::new(false),
            shown: RwSignal::new(0),
            update_ms: RwSignal::new(0.0),
            editor: NodeRef::new(),
            pending_check: StoredValue::new(None),
            pending_select: StoredValue::new(None),
            shortcuts: NodeRef::new(),
        }
    }

    /// Keeps the project (the Dockerfile, its name, the files beside it),
    /// the options and the preferences across reloads, and drops a share
    /// fragment from the address bar once the project has moved on.
    pub fn persist(self) {
        // Written again only when the files change, not at each check.
        let files = Memo::new(move |_| {
            self.companions
                .with(|companions| serde_json::to_string(companions).unwrap_or_default())
        });
        Effect::new(move |_| {
            let text = self.source.get();
            let options = self.options.get();
            let path = self.file_name.get().unwrap_or_default();
            let unsaved = files.with(|whole| {
                let size_of = |files: &str| text.len() + path.len() + files.len();
                let with_files = self
                    .companions
                    .with_untracked(|c| *c != Companions::default());
                // Over the limit with a folder's names: the files without them.
                let without_names = (size_of(whole) > MAX_STORED_CHARS)
                    .then(|| {
                        self.companions.with_untracked(|companions| {
                            let names = companions.context.len();
                            let files = Companions {
                                files: companions.files.clone(),
                                context: Vec::new(),
                                name: companions.name.clone(),
                            };
                            (names > 0)
                                .then(|| (serde_json::to_string(&files).unwrap_or_default(), names))
                        })
                    })
                    .flatten();
                let (files, left_out) = match &without_names {
                    Some((files, names)) => (files, Some(Unsaved::ContextLeftOut(*names))),
                    None => (whole, None),
                };
                let size = size_of(files);
                if size > MAX_STORED_CHARS {
                    // The last project that fit stays, whole.
                    Some(match with_files {
                        true => Unsaved::ProjectTooLarge(size),
                        false => Unsaved::TooLarge(size),
                    })
                } else if !(browser::storage_set(TEXT_KEY, &text)
                    && browser::storage_set(COMPANIONS_KEY, files)
                    && browser::storage_set(PATH_KEY, &path))
                {
                    Some(Unsaved::Refused)
                } else {
                    left_out
                }
            });
            if self.unsaved.get_untracked() != unsaved {
                self.unsaved.set(unsaved);
            }
            if !self.link_settings.get() {
                browser::storage_set(
                    OPTIONS_KEY,
                    &serde_json::to_string(&options).unwrap_or_default(),
                );
            }
            let hash = browser::location_hash();
            let current = |shared: Shared| {
                shared.text == text
                    && shared.options == options
                    && shared.path.unwrap_or_default() == path
                    && self.companions.with(|c| shared.companions == *c)
            };
            if !hash.is_empty() && !share::decode(&hash).ok().flatten().is_some_and(current) {
                browser::replace_url(&browser::page_url(&browser::location_search(), ""));
            }
        });
        Effect::new(move |_| {
            let lang = self.lang.get();
            browser::storage_set(LANG_KEY, lang.code());
            browser::set_root_attribute("lang", lang.code());
        });
        Effect::new(move |_| {
            let theme = self.theme.get();
            browser::storage_set(THEME_KEY, theme.code());
            browser::set_root_attribute("data-theme", theme.code());
        });
    }

    /// The textarea changed (typing, pasting): size the editor now, and
    /// check once typing pauses.
    pub fn typed(self, text: &str) {
        self.resize(text);
        self.cancel_pending_check();
        self.show_checking();
        let delay = recheck_delay(self.size.get_untracked().0, self.checks_off_the_page());
        // The text is read when the timer fires: a fix applied meanwhile
        // must not be checked over by the text from before it.
        let check = move || match self.active.get_untracked() {
            None => self.check(self.editor_text()),
            // The new text is checked with the Dockerfile (`start_checking`).
            Some(path) => self.keep_companion_text(&path),
        };
        self.pending_check
            .set_value(set_timeout_with_handle(check, delay).ok());
    }

    /// Says that a long text is being checked (until [`Self::show`]).
    fn show_checking(self) {
        let lines = self.size.get_untracked().0;
        if lines > CHECKING_SHOWN_FROM_LINES && self.checking.get_untracked() != Some(lines) {
            self.checking.set(Some(lines));
        }
    }

    fn resize(self, text: &str) {
        let size = editing::text_size(text);
        if self.size.get_untracked() != size {
            self.size.set(size);
        }
    }

    fn cancel_pending_check(self) {
        if let Some(timer) = self.pending_check.get_value() {
            timer.clear();
        }
    }

    /// The Dockerfile's text now (in the editor, it runs ahead of `source`
    /// while typing).
    pub fn editor_text(self) -> String {
        if self.active.with_untracked(Option::is_some) {
            return self.dockerfile_draft.get_value();
        }
        self.textarea_text()
            .unwrap_or_else(|| self.source.get_untracked())
    }

    fn textarea_text(self) -> Option<String> {
        let editor = self.editor.get_untracked()?;
        Some(editing::normalize_line_breaks(&editor.value()))
    }

    /// Stores the editor's text as the text of the file beside the
    /// Dockerfile at `path`.
    fn keep_companion_text(self, path: &str) {
        let Some(text) = self.textarea_text() else {
            return;
        };
        let index = self.companions.with_untracked(|c| c.index_of(path));
        let changed = index.is_some_and(|index| {
            self.companions
                .with_untracked(|c| c.files[index].text != text)
        });
        if let (Some(index), true) = (index, changed) {
            self.companions.update(|c| c.set_text(index, &text));
        }
    }

    /// Puts a file in the editor: the Dockerfile (`None`) or the file
    /// beside it at `path`. What was typed in the one it replaces is kept
    /// and checked.
    pub fn show_file(self, path: Option<String>) {
        let current = self.active.get_untracked();
        if current == path {
            return;
        }
        self.cancel_pending_check();
        match &current {
            None => {
                let text = self.editor_text();
                self.dockerfile_draft.set_value(text.clone());
                self.check(text);
            }
            Some(current) => self.keep_companion_text(current),
        }
        let text = match &path {
            None => self.dockerfile_draft.get_value(),
            Some(path) => self.companions.with_untracked(|c| {
                c.index_of(path)
                    .map(|index| c.files[index].text.clone())
                    .unwrap_or_default()
            }),
        };
        self.active.set(path);
        if let Some(editor) = self.editor.get_untracked() {
            browser::replace_textarea_value(&editor, &text);
            let _ = editor.set_selection_range(0, 0);
        }
        self.resize(&text);
        self.caret.set(0);
    }

    /// Adds a file of `kind` beside the Dockerfile (with its starter text)
    /// and puts it in the editor.
    pub fn add_file(self, kind: FileKind) {
        let dockerfile = self.dockerfile_path();
        let lang = self.lang.get_untracked();
        let mut added = None;
        self.companions.update(|c| {
            added = c
                .add(kind, lang, &dockerfile)
                .map(|index| c.files[index].path.clone());
        });
        if let Some(path) = added {
            self.show_file(Some(path));
        }
    }

    /// Renames the file beside the Dockerfile at `path`.
    pub fn rename_file(self, path: &str, new_path: &str) -> Result<(), project::NameError> {
        let dockerfile = self.dockerfile_path();
        let Some(index) = self.companions.with_untracked(|c| c.index_of(path)) else {
            return Ok(());
        };
        let mut renamed = self.companions.get_untracked();
        renamed.rename(index, new_path, &dockerfile)?;
        let new_path = renamed.files[index].path.clone();
        if self.active.get_untracked().as_deref() == Some(path) {
            self.active.set(Some(new_path));
        }
        self.companions.set(renamed);
        Ok(())
    }

    /// Removes the file beside the Dockerfile at `path` (the Dockerfile is
    /// shown if it was in the editor).
    pub fn remove_file(self, path: &str) {
        if self.active.get_untracked().as_deref() == Some(path) {
            self.show_file(None);
        }
        if let Some(index) = self.companions.with_untracked(|c| c.index_of(path)) {
            self.companions.update(|c| c.remove(index));
        }
    }

    /// The path of the file in the editor (tracked).
    pub fn shown_path(self) -> String {
        self.active
            .get()
            .unwrap_or_else(|| project::dockerfile_path(self.file_name.get().as_deref()))
    }

    /// The kind of the file at `path` beside the Dockerfile (tracked): as
    /// the project check read it once it answered, else as it was added.
    pub fn kind_of(self, path: &str) -> FileKind {
        self.analysis
            .with(|a| a.companion(path).map(|file| file.kind))
            .or_else(|| {
                self.companions
                    .with(|c| c.index_of(path).map(|index| c.files[index].kind))
            })
            .unwrap_or(FileKind::Other)
    }

    /// The kind of the file in the editor (tracked).
    pub fn shown_kind(self) -> FileKind {
        match self.active.get() {
            None => FileKind::Dockerfile,
            Some(path) => self.kind_of(&path),
        }
    }

    /// Whether a suppression comment can be written in the file in the
    /// editor: a Dockerfile or a YAML file, not a scan report (tracked).
    pub fn shown_file_takes_suppressions(self) -> bool {
        let kind = self.shown_kind();
        kind == FileKind::Dockerfile || kind.is_yaml()
    }

    /// [`Self::shown_kind`] without tracking.
    fn shown_kind_untracked(self) -> FileKind {
        untrack(|| self.shown_kind())
    }

    /// Reads the analysis of the file in the editor, and the text it was
    /// checked as.
    pub fn with_shown<R>(self, read: impl FnOnce(&Analysis, &str) -> R) -> R {
        let active = self.active.get();
        self.analysis
            .with(|a| match active.and_then(|path| a.companion(&path)) {
                Some(file) => read(&file.analysis, &file.text),
                None if self.active.with(Option::is_some) => read(&Analysis::default(), ""),
                None => self.source.with(|text| read(a, text)),
            })
    }

    /// [`Self::with_shown`] without tracking.
    pub fn with_shown_untracked<R>(self, read: impl FnOnce(&Analysis, &str) -> R) -> R {
        untrack(|| self.with_shown(read))
    }

    /// Starts the check worker, and checks again when the options or the
    /// files around the Dockerfile change.
    pub fn start_checking(self) {
        let worker = checker::start(move |message| self.heard(false, message));
        self.checks.update_value(|checks| checks.worker = worker);
        Effect::new(move |previous: Option<()>| {
            self.options.track();
            let restored = self.companions.with(|companions| !companions.is_empty());
            // Files kept from the last visit: the first check (on the
            // page, of the Dockerfile alone) is followed by the project's.
            if previous.is_some() || restored {
                let last = self.checks.with_value(|checks| checks.last.clone());
                if let Some(last) = last {
                    self.check(last.text);
                }
            }
        });
    }

    /// Whether checks run in the worker (typing need not pause for them).
    fn checks_off_the_page(self) -> bool {
        self.checks.with_value(|checks| checks.ready)
    }

    /// Checks the text (typing paused, or the text was replaced); the
    /// page shows the result when the check is done.
    pub fn check(self, text: String) {
        let request = self.request(editing::normalize_line_breaks(&text));
        let route = self.checks.try_update_value(|checks| {
            if checks.last.as_ref() == Some(&request) {
                return Route::AlreadyChecked;
            }
            checks.last = Some(request.clone());
            if request.is_project() {
                if checks.start_project(move |message| self.heard(true, message)) {
                    checks.queue.wait(request.clone());
                    checks.send_waiting();
                    return Route::Worker;
                }
                return Route::HereWithoutProject;
            }
            let quick = request.text.trim().is_empty() || request.text.len() > MAX_CHECKED_BYTES;
            if !checks.ready || quick {
                return Route::Here;
            }
            checks.queue.wait(request.clone());
            checks.send_waiting();
            Route::Worker
        });
        match route {
            Some(Route::Worker) => self.show_checking(),
            Some(Route::AlreadyChecked) => self.checking.set(None),
            Some(Route::HereWithoutProject) => {
                self.notice.set(Some(Notice::ProjectCheckFailed));
                self.check_here(request);
            }
            Some(Route::Here) | None => self.check_here(request),
        }
    }

    /// Checks on the page itself (no worker, or it failed): the Dockerfile
    /// alone, as the page cannot check projects.
    fn check_here(self, request: Request) {
        let started = browser::now_ms();
        let analysis = Analysis::check(&request.text, &request.options.settings());
        let check_ms = browser::now_ms() - started;
        self.show(request.text, analysis, check_ms, started, false);
    }

    /// A request to check the Dockerfile `text` as things are now.
    fn request(self, text: String) -> Request {
        Request {
            text,
            options: self.options.get_untracked(),
            path: self.dockerfile_path(),
            companions: self.companions.get_untracked(),
        }
    }

    /// The path the project check gives the Dockerfile.
    pub fn dockerfile_path(self) -> String {
        project::dockerfile_path(self.file_name.get_untracked().as_deref())
    }

    /// Shows an analysis, and times until the page has drawn it.
    fn show(self, text: String, analysis: Analysis, check_ms: f64, started: f64, in_worker: bool) {
        let waiting = self.checks.with_value(|checks| checks.queue.is_busy());
        if !waiting {
            self.checking.set(None);
        }
        self.source.set(text);
        self.analysis.set(analysis);
        self.check_ms.set(check_ms);
        self.checked_off_the_page.set(in_worker);
        set_timeout(
            move || {
                self.update_ms.set(browser::now_ms() - started);
                self.shown.update(|shown| *shown = shown.wrapping_add(1));
            },
            std::time::Duration::ZERO,
        );
    }

    /// What the check worker (or the project worker) said.
    fn heard(self, project: bool, message: Message) {
        match message {
            Message::Ready => {
                self.checks.update_value(|checks| {
                    if project {
                        checks.project_ready = true;
                        checks.send_exports();
                    } else {
                        checks.ready = true;
                    }
                });
                self.send_waiting();
            }
            Message::Exported { id, text } => {
                let done = self.checks.try_update_value(|checks| {
                    let waiting = &mut checks.exports.waiting;
                    let at = waiting.iter().position(|(waits, _)| *waits == id)?;
                    Some(waiting.remove(at).1)
                });
                if let Some(done) = done.flatten() {
                    done(text);
                }
            }
            Message::Answer(answer) => {
                // An older text is shown while a newer one waits (the page
                // keeps up with typing), but never over a newer text checked
                // on the page meanwhile (a blank or too large one).
                let sent = self
                    .checks
                    .try_update_value(|checks| {
                        let sent = checks.queue.answered(answer.id)?;
                        let newest = checks.last.as_ref() == Some(&sent.request);
                        (newest || checks.queue.is_busy()).then_some(sent)
                    })
                    .flatten();
                if let Some(sent) = sent {
                    match self.read_answer(&sent.request, &answer.report) {
                        Ok(analysis) => self.show(
                            sent.request.text.clone(),
                            analysis,
                            answer.check_ms,
                            sent.at,
                            true,
                        ),
                        Err(_) => self.check_here(sent.request),
                    }
                }
                self.send_waiting();
            }
            Message::Failed => {
                let mut exports_lost = false;
                let requests = self
                    .checks
                    .try_update_value(|checks| {
                        let worker = if project {
                            checks.project_ready = false;
                            checks.project_failed = true;
                            exports_lost = !checks.exports.waiting.is_empty();
                            checks.exports = Exports::default();
                            checks.project.take()
                        } else {
                            checks.ready = false;
                            checks.worker.take()
                        };
                        if let Some(worker) = worker {
                            worker.terminate();
                        }
                        checks.queue.drain()
                    })
                    .unwrap_or_default();
                if exports_lost {
                    self.notice.set(Some(Notice::ExportFailed));
                } else if project && !self.companions.with_untracked(Companions::is_empty) {
                    self.notice.set(Some(Notice::ProjectCheckFailed));
                }
                // Only the newest text matters.
                if let Some(request) = requests.into_iter().last() {
                    self.check_here(request);
                }
            }
        }
    }

    /// The analysis in the worker's answer to `request`.
    fn read_answer(self, request: &Request, report: &str) -> Result<Analysis, String> {
        let settings = request.options.settings();
        if !request.is_project() {
            let report = plimsoll_core::wire::decode(report)?;
            return Ok(Analysis::from_report(report, &settings));
        }
        let checked = plimsoll_core::wire::decode_project(report)?;
        Ok(Analysis::from_project(
            checked,
            &request.companions,
            &settings,
            self.lang.get_untracked(),
        ))
    }

    /// Sends the waiting request to its worker, if that one is idle.
    fn send_waiting(self) {
        self.checks.update_value(Checks::send_waiting);
    }

    /// Replaces the whole text (fixes, examples, links) and puts the caret at `caret`.
    pub fn replace_text(self, text: &str, caret: u32) {
        self.show_file(None);
        let text = editing::normalize_line_breaks(text);
        if let Some(editor) = self.editor.get_untracked() {
            browser::replace_textarea_value(&editor, &text);
            let _ = editor.set_selection_range(caret, caret);
        }
        self.cancel_pending_check();
        self.resize(&text);
        self.caret.set(caret);
        self.check(text);
    }

    /// Opens the file a finding is in (`None`: the Dockerfile) and goes to it.
    pub fn jump_to_file(self, path: Option<String>, key: FindingKey) {
        self.show_file(path);
        self.jump_to(key);
    }

    /// Moves the caret to a finding of the file in the editor, selects its
    /// span and shows the editor.
    pub fn jump_to(self, key: FindingKey) {
        let Some((start, end, line)) =
            self.with_shown_untracked(|a, _| a.finding(key).map(|f| (f.start, f.end, f.line)))
        else {
            return;
        };
        self.select(start, end, line);
    }

    /// Shows the editor with UTF-16 offsets `start..end` selected, scrolled
    /// to `line`.
    fn select(self, start: u32, end: u32, line: u32) {
        self.tab.set(Tab::Editor);
        let select = move || {
            if let Some(editor) = self.editor.get_untracked() {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = editor.focus_with_options(&options);
                let _ = editor.set_selection_range(start, end);
            }
            browser::scroll_into_view(&format!("line-{line}"));
        };
        select();
        // Again after this turn: switching the tab or the file redraws the
        // editor, which would otherwise drop the selection.
        if let Some(older) = self.pending_select.get_value() {
            older.clear();
        }
        self.pending_select
            .set_value(set_timeout_with_handle(select, std::time::Duration::ZERO).ok());
        self.caret.set(start);
    }

    /// Opens the Dockerfile at line `line` (1-based), the line selected.
    pub fn jump_to_dockerfile_line(self, line: u32) {
        self.show_file(None);
        let text = self.editor_text();
        let Some((start, end)) = editing::line_range(&text, line) else {
            return;
        };
        self.select(start, end, line);
    }

    /// Shows `tab`: on narrow screens the panel, on wide ones beside the
    /// editor (the editor is always shown there).
    /// The checklist or the findings stay chosen across reloads (the
    /// vulnerabilities need a report, which may be gone by then).
    pub fn show_panel(self, tab: Tab) {
        self.tab.set(tab);
        if tab != Tab::Editor {
            self.side.set(tab);
        }
        match tab {
            Tab::Checklist => browser::storage_set(SIDE_KEY, "checklist"),
            Tab::Findings => browser::storage_set(SIDE_KEY, "findings"),
            Tab::Editor | Tab::Vulnerabilities => false,
        };
    }

    /// Applies the fix of a finding of the file at `path` (`None`: the
    /// Dockerfile), opening that file in the editor.
    pub fn apply_fix_in(self, path: Option<String>, key: FindingKey) {
        self.show_file(path);
        self.apply_fix(key);
    }

    /// Jumps to the next (or previous) finding from the caret.
    pub fn step(self, forward: bool) {
        let caret = self.caret.get_untracked();
        if let Some(key) =
            self.with_shown_untracked(|a, _| a.next_from(caret, forward).map(|f| f.key))
        {
            self.jump_to(key);
        }
    }

    /// Applies the fix of a finding to the editor's text. Typing since the
    /// last check is kept: the fix moves with it, or is computed again when
    /// the typing touched what it edits.
    pub fn apply_fix(self, key: FindingKey) {
        let current = self.shown_text();
        let carried = self.with_shown_untracked(|a, checked| {
            let fix = a.finding(key)?.fix.as_ref()?;
            editing::Change::between(checked, &current).carry(fix)
        });
        let fix = carried.or_else(|| self.fresh_fix(&current, key));
        let fixed = fix.and_then(|fix| {
            let (text, applied) = plimsoll_core::fix::apply(&current, [&fix]);
            let first = fix.edits.iter().map(|edit| edit.span.start).min()?;
            (applied > 0).then(|| {
                let caret = editing::utf16_len(&text, first as usize);
                (text, caret)
            })
        });
        match fixed {
            Some((text, caret)) => {
                self.replace_shown_text(&text, caret);
                self.focus_editor();
                self.notice.set(Some(Notice::Fixed(1)));
            }
            None => self.notice.set(Some(Notice::NothingToFix)),
        }
    }

    /// The text of the file in the editor, as typed.
    fn shown_text(self) -> String {
        match self.active.get_untracked() {
            None => self.editor_text(),
            Some(_) => self.textarea_text().unwrap_or_default(),
        }
    }

    /// The fix of the finding `key` of the file in the editor, checked
    /// again with its text `current` (typing touched what the fix edits).
    /// Only for the Dockerfile: the page cannot check the files beside it
    /// (the project worker does), so a fix typed over there waits for it.
    fn fresh_fix(self, current: &str, key: FindingKey) -> Option<plimsoll_core::fix::Fix> {
        if self.active.with_untracked(Option::is_some) {
            return None;
        }
        let settings = self.options.with_untracked(Options::settings);
        Analysis::check(current, &settings)
            .finding(key)?
            .fix
            .clone()
    }

    /// Replaces the text of the file in the editor (a fix, a suppression
    /// comment) and puts the caret at `caret`.
    fn replace_shown_text(self, text: &str, caret: u32) {
        let Some(path) = self.active.get_untracked() else {
            return self.replace_text(text, caret);
        };
        if let Some(editor) = self.editor.get_untracked() {
            browser::replace_textarea_value(&editor, text);
            let _ = editor.set_selection_range(caret, caret);
        }
        self.cancel_pending_check();
        self.resize(text);
        self.caret.set(caret);
        self.keep_companion_text(&path);
    }

    /// Applies the fix of the finding at the caret (keyboard shortcut).
    pub fn apply_fix_at_caret(self) {
        let caret = self.caret.get_untracked();
        if let Some(key) = self.with_shown_untracked(|a, _| a.at(caret).map(|f| f.key)) {
            self.apply_fix(key);
        }
    }

    pub fn apply_all_safe_fixes(self) {
        let (text, applied) = if self.active.with_untracked(Option::is_some) {
            // A file beside the Dockerfile: the safe fixes of its last check.
            let current = self.shown_text();
            self.with_shown_untracked(|a, checked| {
                if checked == current {
                    plimsoll_core::fix::apply(&current, a.safe_fixes())
                } else {
                    (current.clone(), 0)
                }
            })
        } else {
            let settings = self.options.with_untracked(Options::settings);
            Analysis::fixed_text(&self.editor_text(), &settings)
        };
        if applied == 0 {
            self.notice.set(Some(Notice::NothingToFix));
            return;
        }
        let caret = self.caret.get_untracked();
        self.replace_shown_text(&text, caret.min(editing::utf16_len(&text, text.len())));
        self.focus_editor();
        self.notice.set(Some(Notice::Fixed(applied)));
    }

    /// Writes a suppression comment for the finding, with the reason given.
    pub fn ignore(self, key: FindingKey, reason: &str) {
        let current = self.shown_text();
        let found = self.with_shown_untracked(|a, checked| {
            let change = editing::Change::between(checked, &current);
            let finding = a.finding(key)?;
            Some((change.moved(finding.span.start), finding.rule, change.start))
        });
        let Some((at, rule, change_start)) = found else {
            return;
        };
        // Typed over: the finding's place is wherever the typing is.
        let at = at.unwrap_or(change_start as u32);
        let yaml = self.shown_kind_untracked().is_yaml();
        let (edit, _) = plimsoll_core::suppress::comment(&current, yaml, at, rule, reason);
        let comment_at = edit.span.start as usize;
        let mut text = current;
        text.insert_str(comment_at, &edit.replacement);
        self.replace_shown_text(&text, editing::utf16_len(&text, comment_at));
        self.focus_editor();
    }

    /// Gives the editor the keyboard focus, caret where it is, after a
    /// button that changed the text (its row may be gone with its finding).
    pub fn focus_editor(self) {
        self.tab.set(Tab::Editor);
        // Now, and once a phone's editor tab is shown.
        let focus = move || {
            if let Some(editor) = self.editor.get_untracked() {
                let _ = editor.focus();
            }
        };
        focus();
        set_timeout(focus, std::time::Duration::ZERO);
    }

    /// Puts the project (the Dockerfile, the files beside it) and the
    /// options into the address bar's fragment and copies the link; a
    /// project too large for a link is told so.
    pub fn share(self) {
        if let Some(path) = self.active.get_untracked() {
            self.keep_companion_text(&path);
        }
        let shared = Shared {
            text: self.editor_text(),
            path: self.file_name.get_untracked(),
            companions: self.companions.get_untracked(),
            options: self.options.get_untracked(),
            version: plimsoll_core::VERSION.to_owned(),
        };
        self.view.set(View::Playground);
        let link = match share::encode(&shared) {
            Ok(link) => link,
            Err(share::TooLarge(chars)) => {
                self.notice.set(Some(Notice::ShareTooLarge(chars)));
                return;
            }
        };
        let url = browser::page_url("", &link.fragment);
        browser::replace_url(&url);
        let long = url.len() > share::LONG_LINK_CHARS;
        self.notice.set(Some(Notice::Shared {
            url: url.clone(),
            long,
            context_left_out: link.context_left_out,
        }));
        browser::copy_text(url, |_| ());
    }

    /// The project as exports cover it: the Dockerfile as last checked
    /// and, when there are some, the files beside it.
    fn export_project(self) -> plimsoll_core::project::Project {
        if let Some(path) = self.active.get_untracked() {
            self.keep_companion_text(&path);
        }
        let text = self.source.get_untracked();
        self.companions.with_untracked(|companions| {
            if companions.is_empty() {
                plimsoll_core::project::Project {
                    files: vec![(self.export_path(), text)],
                    paths: None,
                    name: None,
                }
            } else {
                companions.project(&self.dockerfile_path(), &text)
            }
        })
    }

    /// Asks the project worker (started now if it is not running) for the
    /// report in `format`, in the page's language, and hands it to `done`.
    pub fn export(self, format: ExportFormat, done: impl FnOnce(String) + 'static) {
        let project = self.export_project();
        let settings = self.options.with_untracked(Options::settings);
        let lang = self.lang.get_untracked();
        // SARIF links the rule pages of this page (`?rule=PL101`).
        let app = browser::page_url("", "");
        let asked = self.checks.try_update_value(move |checks| {
            if !checks.start_project(move |message| self.heard(true, message)) {
                return false;
            }
            let exports = &mut checks.exports;
            exports.next_id = exports.next_id.wrapping_add(1);
            let id = exports.next_id;
            exports.unsent.push(checker::export_message(
                id, &project, settings, format, lang, &app,
            ));
            exports.waiting.push((id, Box::new(done)));
            checks.send_exports();
            true
        });
        if asked != Some(true) {
            self.notice.set(Some(Notice::ExportFailed));
        }
    }

    /// Offers the report in `format` as a download.
    pub fn download_export(self, format: ExportFormat) {
        let name = format!("{}.plimsoll.{}", self.export_path(), format.extension());
        self.export(format, move |text| {
            browser::download(&name, format.mime(), &text);
        });
    }

    /// Loads the share link in the address bar (pasted while the page is open).
    pub fn follow_link(self) {
        match share::decode(&browser::location_hash()) {
            Ok(Some(shared)) => {
                self.open_text(
                    &shared.text,
                    shared.path,
                    Some(shared.companions),
                    Some(shared.options),
                );
            }
            Ok(None) => {}
            Err(error) => self.notice.set(Some(Notice::from(error))),
        }
    }

    /// Loads a Dockerfile (an example) into the playground, beside the
    /// files already there.
    pub fn open(self, text: &str) {
        self.navigate(View::Playground);
        self.open_text(text, None, None, None);
    }

    /// Opens a gallery example: its Dockerfile and, for an example
    /// project, its other files and build context in place of the files
    /// beside the Dockerfile.
    pub fn open_example(self, example: &'static plimsoll_core::gallery::GalleryExample) {
        self.navigate(View::Playground);
        let files = example
            .is_project()
            .then(|| Companions::of_example(example));
        self.open_text(example.source, None, files, None);
    }

    /// Loads a file the person opened or dropped on the editor.
    pub fn open_file(self, file: web_sys::File) {
        browser::read_file(file, move |name, text| {
            self.navigate(View::Playground);
            self.open_text(&text, Some(name), None, None);
        });
    }

    /// Takes a folder the person dropped or chose, in place of the project
    /// (kept aside as a draft): its Dockerfile in the editor (or the one
    /// there, when it has none), its other project files as tabs, the names
    /// of the rest as the build context. Says what was read.
    pub fn open_folder(self, folder: crate::folder::Folder) {
        let crate::folder::Folder {
            dockerfile,
            companions,
            mut summary,
        } = folder;
        let (text, path) = match dockerfile {
            Some((path, text)) => (text, Some(path)),
            None => (self.editor_text(), self.file_name.get_untracked()),
        };
        summary.draft_kept = self.open_text(&text, path, Some(companions), None);
        self.notice.set(Some(Notice::Folder(Box::new(summary))));
    }

    /// The path exports name: the opened file's name, or `Dockerfile`.
    pub fn export_path(self) -> String {
        self.file_name
            .get_untracked()
            .unwrap_or_else(|| "Dockerfile".to_owned())
    }

    /// Replaces the draft with a link's, an example's or a folder's
    /// Dockerfile `text` (opened from the file `path`, if it was) and, when
    /// given, `files` beside it, keeping the draft aside; a link's `options`
    /// apply to its project only. Whether the draft was kept.
    fn open_text(
        self,
        text: &str,
        path: Option<String>,
        files: Option<Companions>,
        options: Option<Options>,
    ) -> bool {
        // What was typed in a file beside the Dockerfile is kept first.
        self.show_file(None);
        let draft_kept = self.companions.with_untracked(|own| {
            keep_draft(
                &self.editor_text(),
                own,
                text,
                files.as_ref().unwrap_or(own),
            )
        });
        self.file_name.set(path);
        if let Some(files) = files {
            self.companions.set(files);
        }
        let mut link_settings = false;
        if let Some(options) = options {
            link_settings = options != stored_options();
            self.link_settings.set(link_settings);
            self.options.set(options);
        }
        self.replace_text(text, 0);
        self.notice
            .set((draft_kept || link_settings).then_some(Notice::Opened {
                draft_kept,
                link_settings,
            }));
        draft_kept
    }

    /// Brings back the draft a link or an example replaced (the Dockerfile
    /// and the files that were beside it), with the person's own settings;
    /// the project it replaces is kept aside in turn.
    pub fn restore_draft(self) {
        let Some(previous) = browser::storage_get(PREVIOUS_KEY) else {
            return;
        };
        let previous_files = stored_files(PREVIOUS_FILES_KEY);
        self.show_file(None);
        self.companions.with_untracked(|own| {
            keep_draft(
                &self.editor_text(),
                own,
                &previous,
                previous_files.as_ref().unwrap_or(own),
            )
        });
        self.file_name.set(None);
        if let Some(files) = previous_files {
            self.companions.set(files);
        }
        if self.link_settings.get_untracked() {
            self.link_settings.set(false);
            self.options.set(stored_options());
        }
        self.replace_text(&previous, 0);
        self.notice.set(None);
    }

    /// Stores a link's settings as the person's own.
    pub fn keep_link_settings(self) {
        self.link_settings.set(false);
        self.notice.update(|notice| {
            if let Some(Notice::Opened { draft_kept, .. }) = *notice {
                *notice = draft_kept.then_some(Notice::Opened {
                    draft_kept,
                    link_settings: false,
                });
            }
        });
    }

    /// The person changed a setting: from now on the settings are theirs.
    pub fn edit_options(self, change: impl FnOnce(&mut Options)) {
        if self.link_settings.get_untracked() {
            self.keep_link_settings();
        }
        self.options.update(change);
    }

    /// Shows `view` and records it in the address bar (no request is made).
    pub fn navigate(self, view: View) {
        let hash = browser::location_hash();
        browser::push_url(&browser::page_url(
            &view.query(),
            hash.trim_start_matches('#'),
        ));
        self.view.set(view);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

impl AppState {
    pub fn show_shortcuts(self) {
        if let Some(dialog) = self.shortcuts.get_untracked() {
            let _ = dialog.show_modal();
        }
    }
}
