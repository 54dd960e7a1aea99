//! The rule reference: the index of every rule (with its search) and a page
//! per rule, whose documentation is fetched the first time one opens.

use leptos::prelude::*;
use plimsoll_core::docs::DocSection;
use plimsoll_core::rules::{Rule, Section, RULES};

use crate::components::doc_html::DocHtml;
use crate::components::{texts, use_state, Message, ViewLink};
use crate::route::View;
use crate::rule_docs;
use crate::share::Options;

#[component]
pub fn RuleIndex() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let query = RwSignal::new(String::new());
    let matching = Memo::new(move |_| {
        let lang = state.lang.get();
        // The search reads the summaries too: with the docs here (fetched
        // once a query is typed), matches update.
        if query.with(|query| !query.trim().is_empty()) {
            rule_docs::docs(lang);
        }
        query.with(|query| crate::rule_search::matching_rules(query, lang))
    });
    let section = move |section: Section| {
        let lang = state.lang.get();
        let rules: Vec<_> = matching.with(|codes| {
            RULES
                .iter()
                .filter(|rule| rule.section == section && codes.contains(&rule.code))
                .collect()
        });
        (!rules.is_empty()).then(|| {
            let rules = rules.into_iter().map(|rule| {
                view! {
                    <li data-testid="rule-link" data-rule=rule.code>
                        <ViewLink view=View::Rule(rule.code.to_owned())>
                            <code>{rule.code}</code>
                            " "
                            <Message text=rule.docs(lang).title.to_owned() />
                        </ViewLink>
                        <span class="severity" data-severity=rule.severity.as_str()>{rule.severity.label().get(lang).to_owned()}</span>
                    </li>
                }
            });
            view! {
                <h2>{section.title().get(lang).to_owned()}</h2>
                <ul class="rule-list">{rules.collect_view()}</ul>
            }
        })
    };
    view! {
        <article class="page" data-testid="rule-index">
            <ViewLink view=View::Playground>{move || t().back_to_playground}</ViewLink>
            <h1>{move || t().rules}</h1>
            <p>{move || t().rules_intro}</p>
            <label class="rule-search">
                <span class="visually-hidden">{move || t().search_rules}</span>
                <input
                    type="search"
                    data-testid="rule-search"
                    placeholder=move || t().search_rules
                    prop:value=move || query.get()
                    on:input=move |e| query.set(event_target_value(&e))
                />
            </label>
            <p data-testid="rule-search-none" hidden=move || !matching.with(Vec::is_empty)>{move || t().no_rule_matches}</p>
            {move || Section::ALL.map(section).collect_view()}
        </article>
    }
}

#[component]
pub fn RulePage(code: String) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let rule = Rule::by_code(&code);
    let examples = move || {
        let rule = rule?;
        let lang = state.lang.get();
        rule_docs::pending(lang).is_none().then_some(())?;
        let doc = rule.docs(lang);
        let examples = [DocSection::Example, DocSection::UseInstead]
            .into_iter()
            .flat_map(|section| doc.examples(section))
            // Compose and manifest examples wait for the page's project view.
            .filter(|example| example.file.is_none());
        Some(
            examples
                .map(|example| {
                    let settings = example.settings();
                    let code = example.code.clone();
                    let open = move |_| {
                        state.options.set(Options {
                            target: settings.target.clone().unwrap_or_default(),
                            trusted_registries: settings.trusted_registries.clone(),
                            required_labels: settings.required_labels.clone(),
                            strict: false,
                        });
                        state.open(&code);
                    };
                    view! {
                        <li>
                            <pre><code>{example.code.clone()}</code></pre>
                            <button type="button" data-testid="open-example" on:click=open>{move || t().open_in_playground}</button>
                        </li>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <article class="page" data-testid="rule-page" data-rule=code.clone()>
            <ViewLink view=View::Rules>{move || t().rules}</ViewLink>
            <p hidden=rule.is_some()>{move || t().unknown_rule}</p>
            <DocHtml name=plimsoll_core::docs::keys::rule(&code) lang=state.lang />
            <ul class="examples-to-open">{examples}</ul>
        </article>
    }
}
