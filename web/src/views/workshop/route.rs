//! Which workshop page the query string asks for.

use plimsoll_core::workshop;
use plimsoll_core::Lang;

use crate::query::query_pairs;

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
        assert!(Route::parse("?lang=ja&workshop=multi-stage").is_some());
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
}
