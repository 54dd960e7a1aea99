//! One exercise: its brief, goal, editors (one per file), hints and
//! reference solution.

use leptos::prelude::*;
use plimsoll_core::docs::keys;
use plimsoll_core::workshop::{self, Attempt, Exercise, GoalKind};
use plimsoll_core::Lang;

use super::judge::Judge;
use super::route::Route;
use super::texts::texts;
use super::{link, Ctx};
use crate::browser;
use crate::components::doc_html::DocHtml;
use crate::components::Message;

#[component]
pub fn ExercisePage(ctx: Ctx, exercise: &'static Exercise) -> impl IntoView {
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
    // The last "check my work": `None` until the first.
    let checked = RwSignal::new(None::<Attempt>);
    let cannot_check = RwSignal::new(false);
    let judge = Judge::new(exercise, checked, cannot_check);
    // A completed exercise is shown checked, as it was when it was
    // completed.
    if saved.done {
        judge.judge(&files());
    }
    Effect::new(move |_| {
        if checked.with(|attempt| attempt.as_ref().is_some_and(|a| a.progress.done)) {
            ctx.store
                .update(|store| store.update(exercise.id, |saved| saved.done = true));
            ctx.save();
        }
    });
    let confirming_reset = RwSignal::new(false);
    let copied = RwSignal::new(false);

    let check = move |_: leptos::ev::MouseEvent| judge.judge(&files());
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
        if cannot_check.get() {
            return Some(view! {
                <p class="pl-ws-verdict" data-testid="cannot-check" role="alert">{t.cannot_check}</p>
            }
            .into_any());
        }
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
                .into_any()
            })
        })
    };
    let hint_list = move || {
        (0..hints.get())
            .map(|index| {
                view! { <li data-testid="hint"><DocHtml name=keys::hint(exercise.id, index) lang /></li> }
            })
            .collect_view()
    };
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
            <DocHtml name=keys::brief(exercise.id) lang class="pl-ws-brief" />
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
