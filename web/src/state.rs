//! The page's shared state, provided once at the root as context: signals
//! in one `Copy` struct, and the actions that change them.

use leptos::html;
use leptos::prelude::*;
use plimsoll_core::Lang;

use crate::analysis::{Analysis, FindingKey};
use crate::browser;
use crate::checker::{self, Message, Queue, Request};
use crate::editing;
use crate::route::View;
use crate::share::{self, Options, ShareError, Shared};

const TEXT_KEY: &str = "plimsoll.text";
const OPTIONS_KEY: &str = "plimsoll.options";
const LANG_KEY: &str = "plimsoll.lang";
const THEME_KEY: &str = "plimsoll.theme";
/// Larger texts are not kept across reloads (local storage holds ~5 MB).
const MAX_STORED_CHARS: usize = 1_000_000;

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

/// The panel shown on narrow screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Editor,
    Findings,
    Checklist,
}

/// A message in the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    LinkBroken,
    LinkForeign,
    Shared { url: String, long: bool },
    Copied,
    NothingToFix,
    Fixed(usize),
}

impl From<ShareError> for Notice {
    fn from(error: ShareError) -> Notice {
        match error {
            ShareError::Foreign => Notice::LinkForeign,
            ShareError::Broken => Notice::LinkBroken,
        }
    }
}

/// The page's side of checking: the worker, once it says it is ready, and
/// what it has to do.
#[derive(Default)]
struct Checks {
    worker: Option<web_sys::Worker>,
    ready: bool,
    queue: Queue,
    /// The last request, to skip checking the same text twice.
    last: Option<Request>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    pub view: RwSignal<View>,
    pub tab: RwSignal<Tab>,
    /// The text last checked (the textarea runs ahead while typing).
    pub source: RwSignal<String>,
    /// Lines and widest line of the textarea's current text.
    pub size: RwSignal<(usize, usize)>,
    pub options: RwSignal<Options>,
    /// The analysis of `source`.
    pub analysis: RwSignal<Analysis>,
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
    pub shortcuts: NodeRef<html::Dialog>,
}

impl AppState {
    /// Restores the last session, or the shared link in the URL.
    pub fn restore() -> Self {
        let lang = browser::storage_get(LANG_KEY)
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_else(|| crate::i18n::lang_from_browser(&browser::browser_language()));
        let theme = Theme::parse(&browser::storage_get(THEME_KEY).unwrap_or_default());
        let stored = || Shared {
            text: browser::storage_get(TEXT_KEY).unwrap_or_default(),
            options: browser::storage_get(OPTIONS_KEY)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            version: String::new(),
        };
        let (initial, notice) = match share::decode(&browser::location_hash()) {
            Ok(Some(shared)) => (shared, None),
            Ok(None) => (stored(), None),
            Err(error) => (stored(), Some(Notice::from(error))),
        };
        let text = editing::normalize_line_breaks(&initial.text);
        // The first check runs here: the worker is not ready this early.
        let analysis = RwSignal::new(Analysis::check(&text, &initial.options.settings()));
        let checks = StoredValue::new_local(Checks {
            last: Some(Request {
                text: text.clone(),
                options: initial.options.clone(),
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
            size: RwSignal::new(editing::text_size(&text)),
            source,
            options,
            analysis,
            checks,
            caret: RwSignal::new(0),
            notice: RwSignal::new(notice),
            check_ms: RwSignal::new(0.0),
            checked_off_the_page: RwSignal::new(false),
            shown: RwSignal::new(0),
            update_ms: RwSignal::new(0.0),
            editor: NodeRef::new(),
            shortcuts: NodeRef::new(),
        }
    }

    /// Keeps text, options and preferences across reloads, and drops a
    /// share fragment from the address bar once the text has moved on.
    pub fn persist(self) {
        Effect::new(move |_| {
            let text = self.source.get();
            let options = self.options.get();
            if text.len() <= MAX_STORED_CHARS {
                browser::storage_set(TEXT_KEY, &text);
            }
            browser::storage_set(
                OPTIONS_KEY,
                &serde_json::to_string(&options).unwrap_or_default(),
            );
            let hash = browser::location_hash();
            let current = |shared: Shared| shared.text == text && shared.options == options;
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

    /// The textarea changed (typing, pasting): size the editor now.
    pub fn typed(self, text: &str) {
        let size = editing::text_size(text);
        if self.size.get_untracked() != size {
            self.size.set(size);
        }
    }

    /// Starts the check worker, and checks again when the options change.
    pub fn start_checking(self) {
        let worker = checker::start(move |message| self.heard(message));
        self.checks.update_value(|checks| checks.worker = worker);
        Effect::new(move |previous: Option<()>| {
            self.options.track();
            if previous.is_some() {
                let last = self.checks.with_value(|checks| checks.last.clone());
                if let Some(last) = last {
                    self.check(last.text);
                }
            }
        });
    }

    /// Whether checks run in the worker (typing need not pause for them).
    pub fn checks_off_the_page(self) -> bool {
        self.checks.with_value(|checks| checks.ready)
    }

    /// Checks the text (typing paused, or the text was replaced); the
    /// page shows the result when the check is done.
    pub fn check(self, text: String) {
        let request = Request {
            text: editing::normalize_line_breaks(&text),
            options: self.options.get_untracked(),
        };
        let sent = self.checks.try_update_value(|checks| {
            if checks.last.as_ref() == Some(&request) {
                return true;
            }
            checks.last = Some(request.clone());
            if !checks.ready || request.text.trim().is_empty() {
                return false;
            }
            if let (Some(worker), Some(sent)) = (
                &checks.worker,
                checks.queue.push(request.clone(), browser::now_ms()),
            ) {
                checker::send(worker, sent);
            }
            true
        });
        if sent != Some(true) {
            self.check_here(request);
        }
    }

    /// Checks on the page itself (no worker, or it failed).
    fn check_here(self, request: Request) {
        let started = browser::now_ms();
        let analysis = Analysis::check(&request.text, &request.options.settings());
        let check_ms = browser::now_ms() - started;
        self.show(request.text, analysis, check_ms, started, false);
    }

    /// Shows an analysis, and times until the page has drawn it.
    fn show(self, text: String, analysis: Analysis, check_ms: f64, started: f64, in_worker: bool) {
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

    /// What the check worker said.
    fn heard(self, message: Message) {
        match message {
            Message::Ready => {
                self.checks.update_value(|checks| checks.ready = true);
                self.send_waiting();
            }
            Message::Answer(answer) => {
                let sent = self
                    .checks
                    .try_update_value(|checks| checks.queue.answered(answer.id))
                    .flatten();
                if let Some(sent) = sent {
                    match plimsoll_core::wire::decode(&answer.report) {
                        Ok(report) => self.show(
                            sent.request.text,
                            Analysis::from_report(report),
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
                let requests = self
                    .checks
                    .try_update_value(|checks| {
                        if let Some(worker) = checks.worker.take() {
                            worker.terminate();
                        }
                        checks.ready = false;
                        checks.queue.drain()
                    })
                    .unwrap_or_default();
                // Only the newest text matters.
                if let Some(request) = requests.into_iter().last() {
                    self.check_here(request);
                }
            }
        }
    }

    /// Sends the waiting request to the worker, if it is idle.
    fn send_waiting(self) {
        self.checks.update_value(|checks| {
            if !checks.ready {
                return;
            }
            if let (Some(worker), Some(sent)) =
                (&checks.worker, checks.queue.send_waiting(browser::now_ms()))
            {
                checker::send(worker, sent);
            }
        });
    }

    /// Replaces the whole text (fixes, examples, links) and puts the caret at `caret`.
    pub fn replace_text(self, text: &str, caret: u32) {
        let text = editing::normalize_line_breaks(text);
        if let Some(editor) = self.editor.get_untracked() {
            browser::replace_textarea_value(&editor, &text);
            let _ = editor.set_selection_range(caret, caret);
        }
        self.typed(&text);
        self.caret.set(caret);
        self.check(text);
    }

    /// Moves the caret to a finding, selects its span and shows the editor.
    pub fn jump_to(self, key: FindingKey) {
        let Some((start, end, line)) = self
            .analysis
            .with_untracked(|a| a.finding(key).map(|f| (f.start, f.end, f.line)))
        else {
            return;
        };
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
        set_timeout(select, std::time::Duration::ZERO);
        self.caret.set(start);
    }

    /// Jumps to the next (or previous) finding from the caret.
    pub fn step(self, forward: bool) {
        let caret = self.caret.get_untracked();
        if let Some(key) = self
            .analysis
            .with_untracked(|a| a.next_from(caret, forward).map(|f| f.key))
        {
            self.jump_to(key);
        }
    }

    pub fn apply_fix(self, key: FindingKey) {
        let source = self.source.get_untracked();
        let fixed = self.analysis.with_untracked(|a| {
            let finding = a.finding(key)?;
            let (text, applied) = plimsoll_core::fix::apply(&source, finding.fix.as_ref());
            (applied > 0).then_some((text, finding.start))
        });
        match fixed {
            Some((text, caret)) => {
                self.replace_text(&text, caret);
                self.notice.set(Some(Notice::Fixed(1)));
            }
            None => self.notice.set(Some(Notice::NothingToFix)),
        }
    }

    /// Applies the fix of the finding at the caret (keyboard shortcut).
    pub fn apply_fix_at_caret(self) {
        let caret = self.caret.get_untracked();
        if let Some(key) = self.analysis.with_untracked(|a| a.at(caret).map(|f| f.key)) {
            self.apply_fix(key);
        }
    }

    pub fn apply_all_safe_fixes(self) {
        let settings = self.options.with_untracked(Options::settings);
        let source = self.source.get_untracked();
        let (text, applied) = editing::apply_safe_fixes(&source, |text| {
            Analysis::check(text, &settings)
                .safe_fixes()
                .cloned()
                .collect()
        });
        if applied == 0 {
            self.notice.set(Some(Notice::NothingToFix));
            return;
        }
        let caret = self.caret.get_untracked();
        self.replace_text(&text, caret.min(editing::utf16_len(&text, text.len())));
        self.notice.set(Some(Notice::Fixed(applied)));
    }

    /// Writes a suppression comment for the finding, with the reason given.
    pub fn ignore(self, key: FindingKey, reason: &str) {
        let source = self.source.get_untracked();
        let Some((at, rule)) = self
            .analysis
            .with_untracked(|a| a.finding(key).map(|f| (f.span.start, f.rule)))
        else {
            return;
        };
        let (text, comment_at) = editing::insert_ignore(&source, at, rule, reason);
        self.replace_text(&text, editing::utf16_len(&text, comment_at));
    }

    /// Puts the text and options into the address bar's fragment and copies the link.
    pub fn share(self) {
        let shared = Shared {
            text: self.source.get_untracked(),
            options: self.options.get_untracked(),
            version: plimsoll_core::VERSION.to_owned(),
        };
        let url = browser::page_url("", &share::encode(&shared));
        self.view.set(View::Playground);
        browser::replace_url(&url);
        let long = url.len() > share::LONG_LINK_CHARS;
        self.notice.set(Some(Notice::Shared {
            url: url.clone(),
            long,
        }));
        browser::copy_text(url, |_| ());
    }

    /// Loads the share link in the address bar (pasted while the page is open).
    pub fn follow_link(self) {
        match share::decode(&browser::location_hash()) {
            Ok(Some(shared)) => {
                self.options.set(shared.options);
                self.replace_text(&shared.text, 0);
                self.notice.set(None);
            }
            Ok(None) => {}
            Err(error) => self.notice.set(Some(Notice::from(error))),
        }
    }

    /// Loads a Dockerfile (an example) into the playground.
    pub fn open(self, text: &str) {
        self.navigate(View::Playground);
        self.replace_text(text, 0);
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
