//! Workshop mode: `?workshop` lists the exercises, `?workshop=<id>` opens
//! one (a link an instructor can share), `&present` switches to the
//! presenter view (large type, high contrast), `&lang=ja` picks the
//! language. The exercises, their goals and their solutions live in the core
//! ([`plimsoll_core::workshop`]), which tests that every start fails and
//! every solution passes. Project exercises show one editor per file (the
//! Dockerfile, then the Compose file, `.dockerignore` or workflow they are
//! about). Progress (texts, hints shown, done) stays in this browser's local
//! storage.

use std::collections::BTreeMap;

use leptos::prelude::*;
use plimsoll_core::workshop::{self, Attempt, Exercise, GoalKind};
use plimsoll_core::Lang;
use serde::{Deserialize, Serialize};

use crate::browser;
use crate::components::Message;
use crate::i18n;
use crate::query::query_pairs;

const PROGRESS_KEY: &str = "plimsoll.workshop.v1";
const LANG_KEY: &str = "plimsoll.lang";

/// Which workshop page, from the query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// An exercise id, or `None` for the list.
    pub exercise: Option<String>,
    /// The id asked for when no exercise has it (the list says so).
    pub unknown: Option<String>,
    pub present: bool,
    pub lang: Option<Lang>,
}

impl Route {
    /// `Some` when the query asks for the workshop.
    pub fn parse(search: &str) -> Option<Route> {
        let mut route = None::<Route>;
        let mut present = false;
        let mut lang = None;
        for (key, value) in query_pairs(search) {
            match key {
                "workshop" => {
                    let exercise = workshop::by_id(&value).map(|exercise| exercise.id.to_owned());
                    let unknown = (exercise.is_none() && !value.is_empty()).then(|| value.clone());
                    route = Some(Route {
                        exercise,
                        unknown,
                        present: false,
                        lang: None,
                    });
                }
                "present" => present = value != "0",
                "lang" => lang = Lang::parse(&value),
                _ => {}
            }
        }
        route.map(|route| Route {
            present,
            lang,
            ..route
        })
    }

    /// The exercise `offset` places away in the list (from the list: the
    /// first or the last), keeping the view and language.
    pub fn step(&self, offset: isize) -> Option<Route> {
        let all = workshop::all();
        let index = match &self.exercise {
            Some(id) => all.iter().position(|e| e.id == id)? as isize + offset,
            None if offset > 0 => 0,
            None => all.len() as isize - 1,
        };
        let next = all.get(usize::try_from(index).ok()?)?;
        Some(Route {
            exercise: Some(next.id.to_owned()),
            unknown: None,
            ..self.clone()
        })
    }

    pub fn query(&self) -> String {
        let mut query = match &self.exercise {
            Some(id) => format!("?workshop={id}"),
            None => "?workshop".to_owned(),
        };
        if self.present {
            query.push_str("&present");
        }
        if let Some(lang) = self.lang {
            query.push_str("&lang=");
            query.push_str(lang.code());
        }
        query
    }
}

pub fn requested(search: &str) -> bool {
    Route::parse(search).is_some()
}

/// One exercise's saved state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// The attendee's Dockerfile; `None` until they type.
    pub text: Option<String>,
    /// A project exercise's other files the attendee changed, by path.
    pub files: BTreeMap<String, String>,
    /// How many hints are shown.
    pub hints: usize,
    pub done: bool,
}

/// Every exercise's saved state, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Store(pub BTreeMap<String, Saved>);

impl Store {
    pub fn parse(json: Option<&str>) -> Store {
        json.and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }

    pub fn load() -> Store {
        Store::parse(browser::storage_get(PROGRESS_KEY).as_deref())
    }

    pub fn save(&self) {
        if let Ok(json) = serde_json::to_string(self) {
            browser::storage_set(PROGRESS_KEY, &json);
        }
    }

    pub fn get(&self, id: &str) -> Saved {
        self.0.get(id).cloned().unwrap_or_default()
    }

    /// What the attendee works on: the exercise's files with the saved
    /// texts in place of the starting ones.
    pub fn files(&self, exercise: &Exercise) -> Vec<(String, String)> {
        let saved = self.get(exercise.id);
        let mut files = exercise.start_files();
        for (index, (path, text)) in files.iter_mut().enumerate() {
            let own = if index == 0 {
                saved.text.as_ref()
            } else {
                saved.files.get(path.as_str())
            };
            if let Some(own) = own {
                text.clone_from(own);
            }
        }
        files
    }

    /// Saves the text of the exercise's file at `index` (0: the Dockerfile).
    pub fn save_file(&mut self, exercise: &Exercise, index: usize, path: &str, text: String) {
        self.update(exercise.id, |saved| {
            if index == 0 {
                saved.text = Some(text);
            } else {
                saved.files.insert(path.to_owned(), text);
            }
        });
    }

    pub fn update(&mut self, id: &str, change: impl FnOnce(&mut Saved)) {
        change(self.0.entry(id.to_owned()).or_default());
    }

    pub fn done_count(&self) -> usize {
        workshop::all()
            .iter()
            .filter(|exercise| self.get(exercise.id).done)
            .count()
    }
}

struct Texts {
    workshop: &'static str,
    intro: &'static str,
    exercises_done: &'static str,
    presenter: &'static str,
    leave_presenter: &'static str,
    other_language: &'static str,
    all_exercises: &'static str,
    goal: &'static str,
    goal_intro: &'static str,
    checklist_item: &'static str,
    rule: &'static str,
    not_checked: &'static str,
    met: &'static str,
    open: &'static str,
    check: &'static str,
    all_met: &'static str,
    some_met: &'static str,
    has_errors: &'static str,
    hints: &'static str,
    next_hint: &'static str,
    no_more_hints: &'static str,
    reset: &'static str,
    reset_all: &'static str,
    solution: &'static str,
    share: &'static str,
    copied: &'static str,
    previous: &'static str,
    next: &'static str,
    done: &'static str,
    section: &'static str,
    line: &'static str,
    playground: &'static str,
    reset_confirm: &'static str,
    unknown_exercise: &'static str,
    cancel: &'static str,
}

fn texts(lang: Lang) -> &'static Texts {
    const EN: Texts = Texts {
        workshop: "Plimsoll workshop",
        intro: "Exercises on the image-security guide: fix each Dockerfile until its goal is met. \
                Your work stays in this browser.",
        exercises_done: "exercises done",
        presenter: "Presenter view",
        leave_presenter: "Normal view",
        other_language: "日本語",
        all_exercises: "All exercises",
        goal: "Goal",
        goal_intro: "These must end with no finding:",
        checklist_item: "checklist",
        rule: "rule",
        not_checked: "not checked yet",
        met: "met",
        open: "open",
        check: "Check my work",
        all_met: "Well done: every goal is met.",
        some_met: "goals met. Keep going.",
        has_errors: "A file has errors; fix them first.",
        hints: "Hints",
        next_hint: "Show a hint",
        no_more_hints: "No more hints",
        reset: "Reset this exercise",
        reset_all: "Reset all progress",
        solution: "Show a reference solution",
        share: "Copy the exercise link",
        copied: "Link copied",
        previous: "Previous",
        next: "Next",
        done: "done",
        section: "Guide section",
        line: "line",
        playground: "Playground",
        reset_confirm: "Erase your text, the hints shown and this exercise's completion?",
        unknown_exercise: "There is no exercise \"{id}\". Here are all the exercises.",
        cancel: "Cancel",
    };
    const JA: Texts = Texts {
        workshop: "Plimsoll ワークショップ",
        intro: "イメージセキュリティガイドに沿った演習です。ゴールを満たすまで各Dockerfileを直してください。\
                作業内容はこのブラウザの中にだけ保存されます。",
        exercises_done: "問完了",
        presenter: "プレゼンター表示",
        leave_presenter: "通常表示",
        other_language: "English",
        all_exercises: "演習一覧",
        goal: "ゴール",
        goal_intro: "次の項目の指摘がなくなれば完了です:",
        checklist_item: "チェックリスト",
        rule: "ルール",
        not_checked: "未チェック",
        met: "達成",
        open: "未達成",
        check: "答え合わせ",
        all_met: "お見事! すべてのゴールを達成しました。",
        some_met: "個のゴールを達成。あと少しです。",
        has_errors: "ファイルにエラーがあります。先に直してください。",
        hints: "ヒント",
        next_hint: "ヒントを表示",
        no_more_hints: "ヒントはこれで全部です",
        reset: "この演習をリセット",
        reset_all: "すべての進捗をリセット",
        solution: "解答例を表示",
        share: "演習のリンクをコピー",
        copied: "リンクをコピーしました",
        previous: "前へ",
        next: "次へ",
        done: "完了",
        section: "ガイドの章",
        line: "行",
        playground: "プレイグラウンド",
        reset_confirm: "入力したテキスト、表示したヒント、この演習の完了状態を消去しますか？",
        unknown_exercise: "「{id}」という演習はありません。演習の一覧を表示しています。",
        cancel: "キャンセル",
    };
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    route: RwSignal<Route>,
    lang: Signal<Lang>,
    store: RwSignal<Store>,
}

impl Ctx {
    fn go(self, route: Route) {
        browser::push_url(&browser::page_url(&route.query(), ""));
        self.route.set(route);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    fn save(self) {
        self.store.with_untracked(Store::save);
    }
}

/// A link to another workshop page, followed without a request.
fn link(
    ctx: Ctx,
    route: Route,
    class: &'static str,
    label: impl IntoView + 'static,
) -> impl IntoView {
    let href = browser::page_url(&route.query(), "");
    let follow = move |event: leptos::ev::MouseEvent| {
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
            return;
        }
        event.prevent_default();
        ctx.go(route.clone());
    };
    view! { <a href=href class=class on:click=follow>{label}</a> }
}

#[component]
pub fn Workshop() -> impl IntoView {
    crate::offline::stylesheet();
    let route = RwSignal::new(Route::parse(&browser::location_search()).unwrap_or(Route {
        exercise: None,
        unknown: None,
        present: false,
        lang: None,
    }));
    let stored_lang = browser::storage_get(LANG_KEY).and_then(|code| Lang::parse(&code));
    let browser_lang = i18n::lang_from_browser(&browser::browser_language());
    let lang = Signal::derive(move || {
        route
            .with(|route| route.lang)
            .or(stored_lang)
            .unwrap_or(browser_lang)
    });
    let ctx = Ctx {
        route,
        lang,
        store: RwSignal::new(Store::load()),
    };
    let popstate = window_event_listener_untyped("popstate", move |_| {
        if let Some(parsed) = Route::parse(&browser::location_search()) {
            route.set(parsed);
        }
    });
    on_cleanup(move || popstate.remove());
    Effect::new(move |_| {
        let lang = lang.get();
        browser::set_root_attribute("lang", lang.code());
        browser::set_root_attribute("data-view", "workshop");
        browser::set_root_attribute(
            "data-present",
            if route.with(|r| r.present) {
                "true"
            } else {
                "false"
            },
        );
        let title = route
            .with(|r| r.exercise.clone())
            .and_then(|id| workshop::by_id(&id))
            .map(|exercise| format!("{} · {}", exercise.title.get(lang), texts(lang).workshop))
            .unwrap_or_else(|| texts(lang).workshop.to_owned());
        document().set_title(&title);
    });

    let t = move || texts(lang.get());
    let toggle_lang = move |_: leptos::ev::MouseEvent| {
        let next = match lang.get_untracked() {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        };
        browser::storage_set(LANG_KEY, next.code());
        let mut next_route = route.get_untracked();
        next_route.lang = Some(next);
        browser::replace_url(&browser::page_url(&next_route.query(), ""));
        route.set(next_route);
    };
    let toggle_present = move |_: leptos::ev::MouseEvent| {
        let mut next = route.get_untracked();
        next.present = !next.present;
        browser::replace_url(&browser::page_url(&next.query(), ""));
        route.set(next);
    };
    let list_route = move || Route {
        exercise: None,
        unknown: None,
        ..route.get()
    };
    // The presenter moves between exercises with the arrow keys, and Esc
    // leaves the presenter view.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        let in_text_field = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .is_some_and(|element| {
                matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
        let current = route.get_untracked();
        if !current.present
            || in_text_field
            || event.ctrl_key()
            || event.meta_key()
            || event.alt_key()
        {
            return;
        }
        let target = match event.key().as_str() {
            "ArrowRight" | "PageDown" => current.step(1),
            "ArrowLeft" | "PageUp" => current.step(-1),
            "Escape" => {
                let normal = Route {
                    present: false,
                    ..current
                };
                browser::replace_url(&browser::page_url(&normal.query(), ""));
                route.set(normal);
                None
            }
            _ => return,
        };
        event.prevent_default();
        if let Some(target) = target {
            ctx.go(target);
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <div class="pl-workshop" data-testid="workshop">
            <header class="pl-ws-head">
                <p class="pl-ws-brand">
                    {move || link(ctx, list_route(), "pl-ws-home", t().workshop)}
                    <span class="pl-ws-progress" data-testid="progress">
                        {move || format!(
                            "{}/{} {}",
                            ctx.store.with(Store::done_count),
                            workshop::all().len(),
                            t().exercises_done
                        )}
                    </span>
                </p>
                <nav class="pl-ws-tools">
                    <a href="./" class="pl-ws-tool">{move || t().playground}</a>
                    <button type="button" class="pl-ws-tool" data-testid="presenter"
                        aria-pressed=move || route.with(|r| r.present).to_string()
                        on:click=toggle_present>
                        {move || if route.with(|r| r.present) { t().leave_presenter } else { t().presenter }}
                    </button>
                    <button type="button" class="pl-ws-tool" data-testid="lang" on:click=toggle_lang
                        lang=move || match lang.get() { Lang::En => "ja", Lang::Ja => "en" }>
                        {move || t().other_language}
                    </button>
                </nav>
            </header>
            <main class="pl-ws-main">
                {move || match route.with(|r| r.exercise.clone()).and_then(|id| workshop::by_id(&id)) {
                    Some(exercise) => view! { <ExercisePage ctx exercise /> }.into_any(),
                    None => view! { <ExerciseList ctx /> }.into_any(),
                }}
            </main>
        </div>
    }
}

#[component]
fn ExerciseList(ctx: Ctx) -> impl IntoView {
    let t = move || texts(ctx.lang.get());
    let items = move || {
        let lang = ctx.lang.get();
        let base = ctx.route.get();
        workshop::all()
            .iter()
            .map(|exercise| {
                let done = ctx.store.with(|store| store.get(exercise.id).done);
                let route = Route {
                    exercise: Some(exercise.id.to_owned()),
                    ..base.clone()
                };
                view! {
                    <li class="pl-ws-exercise" data-testid="exercise" data-exercise=exercise.id
                        data-done=done.to_string()>
                        {link(ctx, route, "pl-ws-exercise-link", exercise.title.get(lang))}
                        <span class="pl-ws-section">{exercise.section.get(lang)}</span>
                        {done.then(|| view! { <span class="pl-ws-done">"✓ "{texts(lang).done}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    let reset_all = move |_: leptos::ev::MouseEvent| {
        ctx.store.set(Store::default());
        ctx.save();
    };
    let unknown = move || {
        ctx.route.with(|route| route.unknown.clone()).map(|id| {
            view! { <p class="pl-ws-unknown" role="alert" data-testid="unknown-exercise">{t().unknown_exercise.replace("{id}", &id)}</p> }
        })
    };
    view! {
        <h1>{move || t().workshop}</h1>
        {unknown}
        <p class="pl-ws-intro">{move || t().intro}</p>
        <ol class="pl-ws-list">{items}</ol>
        <p><button type="button" class="pl-ws-secondary" data-testid="reset-all" on:click=reset_all>
            {move || t().reset_all}
        </button></p>
    }
}

#[component]
fn ExercisePage(ctx: Ctx, exercise: &'static Exercise) -> impl IntoView {
    let lang = ctx.lang;
    let t = move || texts(lang.get());
    let saved = ctx.store.with_untracked(|store| store.get(exercise.id));
    // One editor per file: the Dockerfile first, then a project
    // exercise's other files.
    let editors: Vec<FileEditor> = ctx
        .store
        .with_untracked(|store| store.files(exercise))
        .into_iter()
        .map(|(path, text)| FileEditor {
            path,
            text: RwSignal::new(text),
            node: NodeRef::new(),
        })
        .collect();
    let editors = StoredValue::new(editors);
    let files = move || {
        editors.with_value(|editors| {
            editors
                .iter()
                .map(|editor| (editor.path.clone(), editor.text.get_untracked()))
                .collect::<Vec<_>>()
        })
    };
    let hints = RwSignal::new(saved.hints.min(exercise.hints.len()));
    // The last "check my work": `None` until the first. A completed
    // exercise is shown checked, as it was when it was completed.
    let checked = RwSignal::new(saved.done.then(|| exercise.attempt(&files())));
    let confirming_reset = RwSignal::new(false);
    let copied = RwSignal::new(false);

    let check = move |_: leptos::ev::MouseEvent| {
        let attempt = exercise.attempt(&files());
        let done = attempt.progress.done;
        checked.set(Some(attempt));
        if done {
            ctx.store
                .update(|store| store.update(exercise.id, |saved| saved.done = true));
            ctx.save();
        }
    };
    let next_hint = move |_: leptos::ev::MouseEvent| {
        let shown = (hints.get_untracked() + 1).min(exercise.hints.len());
        hints.set(shown);
        ctx.store
            .update(|store| store.update(exercise.id, |saved| saved.hints = shown));
        ctx.save();
    };
    let reset = move || {
        confirming_reset.set(false);
        editors.with_value(|editors| {
            for (editor, (_, start)) in editors.iter().zip(exercise.start_files()) {
                if let Some(area) = editor.node.get_untracked() {
                    area.set_value(&start);
                }
                editor.text.set(start);
            }
        });
        hints.set(0);
        checked.set(None);
        ctx.store.update(|store| {
            store.0.remove(exercise.id);
        });
        ctx.save();
    };
    let share_url = move || {
        let route = Route {
            exercise: Some(exercise.id.to_owned()),
            unknown: None,
            present: false,
            lang: Some(lang.get()),
        };
        browser::page_url(&route.query(), "")
    };
    let share = move |_: leptos::ev::MouseEvent| {
        browser::copy_text(share_url(), move |ok| copied.set(ok));
    };

    let neighbour = move |offset: isize| ctx.route.with(|route| route.step(offset));

    let goals =
        move || {
            let lang = lang.get();
            let t = texts(lang);
            let attempt = checked.get();
            let statuses = attempt
                .as_ref()
                .map(|attempt| attempt.progress.goals.clone());
            let entries: Vec<(GoalKind, &'static str)> = exercise
                .goal_items
                .iter()
                .map(|id| (GoalKind::Item, *id))
                .chain(
                    exercise
                        .goal_rules
                        .iter()
                        .map(|code| (GoalKind::Rule, *code)),
                )
                .collect();
            entries
                .into_iter()
                .map(|(kind, id)| {
                    let status = statuses.as_ref().and_then(|goals| {
                        goals
                            .iter()
                            .find(|goal| goal.kind == kind && goal.id == id)
                            .cloned()
                    });
                    let title = goal_title(kind, id, lang);
                    let (state, label) = match &status {
                        None => ("unchecked", t.not_checked),
                        Some(goal) if goal.met => ("met", t.met),
                        Some(_) => ("open", t.open),
                    };
                    let kind_label = match kind {
                        GoalKind::Item => t.checklist_item,
                        GoalKind::Rule => t.rule,
                    };
                    let findings = status.filter(|goal| !goal.met).zip(attempt.clone()).map(
                        |(goal, attempt)| {
                            let in_dockerfile = goal.findings.iter().filter_map(|&index| {
                                attempt
                                    .report
                                    .findings
                                    .get(index)
                                    .map(|finding| (workshop::DOCKERFILE_PATH, finding))
                            });
                            let elsewhere = goal.elsewhere.iter().filter_map(|at| {
                                attempt
                                    .finding_elsewhere(at)
                                    .map(|finding| (at.file.as_str(), finding))
                            });
                            let several = exercise.project.is_some();
                            in_dockerfile
                                .chain(elsewhere)
                                .map(|(path, finding)| {
                                    let place = if several {
                                        format!("{path}:{}", finding.location.start.line)
                                    } else {
                                        format!("{} {}", t.line, finding.location.start.line)
                                    };
                                    view! {
                                        <li data-testid="finding" data-rule=finding.rule
                                            data-path=path.to_owned()
                                            data-line=finding.location.start.line
                                            data-severity=finding.severity.as_str()>
                                            {format!("{place} ({}): ", finding.rule)}
                                            <Message text=finding.message.get(lang).to_owned() />
                                        </li>
                                    }
                                })
                                .collect_view()
                        },
                    );
                    view! {
                        <li class="pl-ws-goal" data-testid="goal" data-goal=id data-state=state>
                            <span class="pl-ws-goal-state" data-state=state>{label}</span>
                            <span class="pl-ws-goal-kind">{kind_label}" "<code>{id}</code></span>
                            <span class="pl-ws-goal-title"><Message text=title /></span>
                            <ul class="pl-ws-goal-findings">{findings}</ul>
                        </li>
                    }
                })
                .collect_view()
        };
    let verdict = move || {
        let t = t();
        checked.with(|attempt| {
            attempt.as_ref().map(|Attempt { progress, .. }| {
                let met = progress.goals.iter().filter(|goal| goal.met).count();
                let message = if progress.done {
                    t.all_met.to_owned()
                } else if progress.has_errors {
                    t.has_errors.to_owned()
                } else {
                    format!("{met}/{} {}", progress.goals.len(), t.some_met)
                };
                view! {
                    <p class="pl-ws-verdict" data-testid="result" data-done=progress.done.to_string()
                        role="status">{message}</p>
                }
            })
        })
    };
    let hint_list = move || {
        let lang = lang.get();
        exercise.hints[..hints.get()]
            .iter()
            .map(|hint| {
                let html = crate::markdown::to_html(hint.get(lang), "");
                view! { <li data-testid="hint" inner_html=html></li> }
            })
            .collect_view()
    };
    let brief = move || crate::markdown::to_html(exercise.brief.get(lang.get()), "");
    let solution = exercise
        .solution_files()
        .into_iter()
        .enumerate()
        .map(|(index, (path, text))| {
            let heading = (index > 0 || exercise.project.is_some())
                .then(|| view! { <h3><code>{path}</code></h3> });
            view! { {heading}<pre><code>{text}</code></pre> }
        })
        .collect_view();
    let editor_views = editors.with_value(|editors| {
        editors
            .iter()
            .enumerate()
            .map(|(index, editor)| {
                let FileEditor { path, text, node } = editor.clone();
                let initial = text.get_untracked();
                // Room for the solution too, so the editor does not scroll
                // while the attendee gets there.
                let solved = exercise
                    .solution_files()
                    .get(index)
                    .map_or(0, |(_, text)| text.lines().count());
                let rows = initial.lines().count().max(solved).clamp(4, 30) + 1;
                let id = if index == 0 {
                    "pl-ws-editor".to_owned()
                } else {
                    format!("pl-ws-editor-{index}")
                };
                let testid = if index == 0 { "editor" } else { "editor-file" };
                let saved_path = path.clone();
                let on_input = move |event: leptos::ev::Event| {
                    let value = event_target_value(&event);
                    text.set(value.clone());
                    ctx.store
                        .update(|store| store.save_file(exercise, index, &saved_path, value));
                    ctx.save();
                };
                view! {
                    <label class="pl-ws-editor-label" for=id.clone()>{path.clone()}</label>
                    <textarea
                        id=id
                        class="pl-ws-editor"
                        data-testid=testid
                        data-path=path
                        node_ref=node
                        rows=rows
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=initial
                        on:input=on_input
                    ></textarea>
                }
            })
            .collect_view()
    });

    view! {
        <nav class="pl-ws-crumbs">
            {move || link(ctx, Route { exercise: None, unknown: None, ..ctx.route.get() }, "pl-ws-back", format!("← {}", t().all_exercises))}
        </nav>
        <article class="pl-ws-exercise-page" data-testid="exercise-page" data-exercise=exercise.id>
            <p class="pl-ws-section">{move || format!("{}: {}", t().section, exercise.section.get(lang.get()))}</p>
            <h1>{move || exercise.title.get(lang.get())}</h1>
            <div class="pl-ws-brief" inner_html=brief></div>
            <section class="pl-ws-goals" aria-labelledby="pl-ws-goal-title">
                <h2 id="pl-ws-goal-title">{move || t().goal}</h2>
                <p>{move || t().goal_intro}</p>
                <ul>{goals}</ul>
            </section>
            {editor_views}
            <div class="pl-ws-actions">
                <button type="button" class="pl-ws-primary" data-testid="check-work" on:click=check>
                    {move || t().check}
                </button>
                <button type="button" class="pl-ws-secondary" data-testid="reset"
                    aria-expanded=move || confirming_reset.get().to_string()
                    on:click=move |_| confirming_reset.set(true)>
                    {move || t().reset}
                </button>
                <button type="button" class="pl-ws-secondary" data-testid="share-exercise" on:click=share>
                    {move || if copied.get() { t().copied } else { t().share }}
                </button>
            </div>
            <Show when=move || confirming_reset.get()>
                <p class="pl-ws-confirm" role="alert" data-testid="reset-confirm">
                    {move || t().reset_confirm}" "
                    <button type="button" class="pl-ws-secondary" data-testid="reset-yes" on:click=move |_| reset()>
                        {move || t().reset}
                    </button>" "
                    <button type="button" class="pl-ws-secondary" data-testid="reset-no" on:click=move |_| confirming_reset.set(false)>
                        {move || t().cancel}
                    </button>
                </p>
            </Show>
            {verdict}
            <section class="pl-ws-hints">
                <h2>{move || t().hints}</h2>
                <ol>{hint_list}</ol>
                <button type="button" class="pl-ws-secondary" data-testid="hint-next"
                    disabled=move || { hints.get() >= exercise.hints.len() }
                    on:click=next_hint>
                    {move || if hints.get() >= exercise.hints.len() {
                        t().no_more_hints.to_owned()
                    } else {
                        format!("{} ({}/{})", t().next_hint, hints.get() + 1, exercise.hints.len())
                    }}
                </button>
            </section>
            <details class="pl-ws-solution" data-testid="solution">
                <summary>{move || t().solution}</summary>
                {solution}
            </details>
            <p class="pl-ws-share-url"><code data-testid="exercise-link">{share_url}</code></p>
            <nav class="pl-ws-pager">
                {move || neighbour(-1).map(|route| link(ctx, route, "pl-ws-prev", format!("← {}", t().previous)))}
                {move || neighbour(1).map(|route| link(ctx, route, "pl-ws-next", format!("{} →", t().next)))}
            </nav>
        </article>
    }
}

/// One file's editor on an exercise page.
#[derive(Clone)]
struct FileEditor {
    path: String,
    text: RwSignal<String>,
    node: NodeRef<leptos::html::Textarea>,
}

/// A goal's title: the checklist item's or the rule's, in `lang`.
fn goal_title(kind: GoalKind, id: &str, lang: Lang) -> String {
    match kind {
        GoalKind::Item => checklist_title(id, lang),
        GoalKind::Rule => plimsoll_core::rules::Rule::by_code(id)
            .map(|rule| rule.title().get(lang).to_owned())
            .unwrap_or_else(|| id.to_owned()),
    }
}

fn checklist_title(id: &str, lang: Lang) -> String {
    plimsoll_core::checklist::title(id)
        .map(|title| title.get(lang).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip() {
        for route in [
            Route {
                exercise: None,
                unknown: None,
                present: false,
                lang: None,
            },
            Route {
                exercise: Some("non-root".into()),
                unknown: None,
                present: true,
                lang: Some(Lang::Ja),
            },
        ] {
            assert_eq!(Route::parse(&route.query()), Some(route));
        }
    }

    #[test]
    fn unknown_exercises_fall_back_to_the_list_and_other_queries_are_not_ours() {
        let route = Route::parse("?workshop=%3Cscript%3E").unwrap();
        assert_eq!(route.exercise, None);
        assert_eq!(route.unknown.as_deref(), Some("<script>"));
        assert_eq!(Route::parse("?workshop").unwrap().unknown, None);
        assert_eq!(Route::parse("?rules"), None);
        assert!(requested("?lang=ja&workshop=multi-stage"));
        assert_eq!(
            Route::parse("?lang=ja&workshop=multi-stage&present")
                .unwrap()
                .exercise
                .as_deref(),
            Some("multi-stage")
        );
    }

    #[test]
    fn the_presenter_steps_through_the_exercises() {
        let all = workshop::all();
        let list = Route::parse("?workshop&present").unwrap();
        let first = list.step(1).unwrap();
        assert_eq!(first.exercise.as_deref(), Some(all[0].id));
        assert!(first.present);
        assert_eq!(first.step(-1), None);
        assert_eq!(first.step(1).unwrap().exercise.as_deref(), Some(all[1].id));
        let last = list.step(-1).unwrap();
        assert_eq!(last.exercise.as_deref(), Some(all[all.len() - 1].id));
        assert_eq!(last.step(1), None);
    }

    #[test]
    fn progress_survives_a_round_trip_and_bad_storage() {
        let mut store = Store::default();
        store.update("non-root", |saved| {
            saved.text = Some("FROM a\n".into());
            saved.hints = 2;
            saved.done = true;
        });
        let json = serde_json::to_string(&store).unwrap();
        assert_eq!(Store::parse(Some(&json)), store);
        assert_eq!(store.done_count(), 1);
        assert_eq!(Store::parse(Some("{not json")), Store::default());
        assert_eq!(Store::parse(None), Store::default());
        // Unknown fields from a later version do not lose the rest.
        let later = Store::parse(Some(r#"{"non-root":{"done":true,"stars":3}}"#));
        assert!(later.get("non-root").done);
    }

    #[test]
    fn a_project_exercise_keeps_each_file_it_was_given() {
        let exercise = workshop::by_id("compose-read-only").unwrap();
        let mut store = Store::default();
        assert_eq!(store.files(exercise), exercise.start_files());
        let compose = exercise.solution_files()[1].clone();
        store.save_file(exercise, 1, &compose.0, compose.1.clone());
        let files = store.files(exercise);
        assert_eq!(
            files[0],
            exercise.start_files()[0],
            "the Dockerfile is untouched"
        );
        assert_eq!(files[1], compose);
        // Saved across a reload, and the attempt passes.
        let json = serde_json::to_string(&store).unwrap();
        let reloaded = Store::parse(Some(&json));
        assert!(exercise.attempt(&reloaded.files(exercise)).progress.done);
        // Progress saved before files existed still loads.
        let old = Store::parse(Some(
            r#"{"compose-read-only":{"text":"FROM a\n","hints":1}}"#,
        ));
        assert_eq!(old.files(exercise)[0].1, "FROM a\n");
        assert_eq!(old.files(exercise)[1], exercise.start_files()[1]);
    }

    #[test]
    fn goal_titles_exist_in_both_languages() {
        for exercise in workshop::all() {
            for id in exercise.goal_items {
                for lang in [Lang::En, Lang::Ja] {
                    assert_ne!(goal_title(GoalKind::Item, id, lang), *id);
                }
            }
            for code in exercise.goal_rules {
                assert_ne!(goal_title(GoalKind::Rule, code, Lang::Ja), *code);
            }
        }
    }
}
