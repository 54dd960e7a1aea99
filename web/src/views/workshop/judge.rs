//! Checking an attempt: a Dockerfile exercise on the page, at once; a
//! project exercise in the project worker (`project-worker/`), since the
//! page itself does not carry the project check.

use leptos::prelude::*;
use plimsoll_core::workshop::{Attempt, Exercise};
use plimsoll_core::Settings;

use crate::checker::ProjectChecker;

/// Judges one exercise's attempts into `attempt`; `failed` says the
/// project worker could not start (the attempt cannot be judged here).
#[derive(Clone, Copy)]
pub struct Judge {
    exercise: &'static Exercise,
    attempt: RwSignal<Option<Attempt>>,
    checker: ProjectChecker,
}

impl Judge {
    pub fn new(
        exercise: &'static Exercise,
        attempt: RwSignal<Option<Attempt>>,
        failed: RwSignal<bool>,
    ) -> Self {
        let checker = ProjectChecker::new(move |answer| match answer {
            Ok(checked) => {
                failed.set(false);
                attempt.set(Some(exercise.judge_project(checked)));
            }
            Err(()) => failed.set(true),
        });
        Judge {
            exercise,
            attempt,
            checker,
        }
    }

    /// Checks `files` (`(path, text)`, the Dockerfile first); the verdict
    /// arrives in `attempt`.
    pub fn judge(self, files: &[(String, String)]) {
        let Some(project) = self.exercise.project(files) else {
            self.checker.forget();
            let source = files.first().map_or("", |(_, text)| text.as_str());
            self.attempt
                .set(Some(self.exercise.attempt_dockerfile(source)));
            return;
        };
        // Until the worker answers, no verdict is shown (not the last one).
        self.attempt.set(None);
        self.checker.check(project, Settings::default());
    }
}
