//! Workshop mode: `?workshop` lists the exercises, `?workshop=<id>` opens
//! one (a link an instructor can share), `&present` switches to the
//! presenter view (large type, high contrast), `&lang=ja` picks the
//! language. The exercises, their goals and their solutions live in the core
//! ([`plimsoll_core::workshop`]), which tests that every start fails and
//! every solution passes. Project exercises show one editor per file (the
//! Dockerfile, then the Compose file, `.dockerignore` or workflow they are
//! about). Progress (texts, hints shown, done) stays in this browser's local
//! storage.

mod exercise;
mod judge;
mod route;
mod store;
mod texts;

use leptos::prelude::*;
use plimsoll_core::workshop;
use plimsoll_core::Lang;

use crate::browser;
use crate::i18n;
use exercise::ExercisePage;
pub use route::Route;
use store::Store;
use texts::texts;

const LANG_KEY: &str = "plimsoll.lang";

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
