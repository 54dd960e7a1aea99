//! The attendee's progress, kept in this browser's local storage.

use std::collections::BTreeMap;

use plimsoll_core::workshop::{self, Exercise};
use serde::{Deserialize, Serialize};

use crate::browser;

const PROGRESS_KEY: &str = "plimsoll.workshop.v1";

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
