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
                "rule" if is_code(value) => return View::Rule(value.to_ascii_uppercase()),
                _ => {}
            }
        }
        View::Playground
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

fn is_code(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 16
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
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
}
