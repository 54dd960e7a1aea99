//! Which view the page shows, from the query string of its own URL
//! (`?rules`, `?rule=PL201`, `?privacy`), so every view works on a plain
//! static file server. The fragment stays for shared content.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Playground,
    Rules,
    Rule(String),
    Privacy,
}

impl View {
    /// Reads `location.search` (with or without `?`).
    pub fn parse(search: &str) -> View {
        let search = search.strip_prefix('?').unwrap_or(search);
        for pair in search.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "rules" => return View::Rules,
                "privacy" => return View::Privacy,
                "rule" if is_code(value) => return View::Rule(rule_code(value)),
                _ => {}
            }
        }
        View::Playground
    }

    /// The page title for this view in `lang`.
    pub fn title(&self, lang: plimsoll_core::Lang) -> String {
        let ui = crate::i18n::ui(lang);
        match self {
            View::Playground => ui.page_title.to_owned(),
            View::Rules => format!("{} · Plimsoll", ui.rules),
            View::Rule(code) => match plimsoll_core::rules::Rule::by_code(code) {
                Some(rule) => format!(
                    "{code}: {} · Plimsoll",
                    crate::analysis::plain_text(rule.docs(lang).title)
                ),
                None => format!("{code} · Plimsoll"),
            },
            View::Privacy => format!("{} · Plimsoll", ui.privacy_page_title),
        }
    }

    /// The query string for this view (empty for the playground).
    pub fn query(&self) -> String {
        match self {
            View::Playground => String::new(),
            View::Rules => "?rules".to_owned(),
            View::Rule(code) => format!("?rule={code}"),
            View::Privacy => "?privacy".to_owned(),
        }
    }
}

/// The code of the rule `value` names (a code, a rule name such as
/// `missing-user`, or a peer's id such as `DL3002`); an unknown value as
/// written, in capitals, for the page that says there is no such rule.
fn rule_code(value: &str) -> String {
    use plimsoll_core::rules::Rule;
    Rule::by_code(value)
        .or_else(|| Rule::by_alias(value).next())
        .map_or_else(|| value.to_ascii_uppercase(), |rule| rule.code.to_owned())
}

fn is_code(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 48
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_round_trip_through_the_query() {
        for view in [
            View::Playground,
            View::Rules,
            View::Rule("PL201".into()),
            View::Privacy,
        ] {
            assert_eq!(View::parse(&view.query()), view);
        }
    }

    #[test]
    fn odd_queries_fall_back_to_the_playground() {
        assert_eq!(View::parse("?rule=pl201&x=1"), View::Rule("PL201".into()));
        assert_eq!(View::parse("?utm=1&rules"), View::Rules);
        assert_eq!(View::parse("?rule=%3Cscript%3E"), View::Playground);
        assert_eq!(View::parse(""), View::Playground);
    }

    #[test]
    fn titles_say_the_view_in_its_language() {
        use plimsoll_core::Lang;
        assert_ne!(View::Rules.title(Lang::En), View::Rules.title(Lang::Ja));
        assert!(View::Rule("PL201".into())
            .title(Lang::Ja)
            .starts_with("PL201: "));
        assert!(!View::Rule("PL201".into()).title(Lang::En).contains('`'));
        assert_ne!(
            View::Playground.title(Lang::En),
            View::Playground.title(Lang::Ja)
        );
    }

    #[test]
    fn a_rule_name_or_peer_id_opens_the_rule() {
        let rule = plimsoll_core::rules::Rule::by_code("PL101").unwrap();
        assert_eq!(
            View::parse(&format!("?rule={}", rule.name)),
            View::Rule("PL101".into())
        );
        assert_eq!(View::parse("?rule=dl3007"), View::Rule("PL201".into()));
        assert_eq!(
            View::parse("?rule=nothing-like-this"),
            View::Rule("NOTHING-LIKE-THIS".into())
        );
    }
}
