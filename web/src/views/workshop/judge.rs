//! Checking an attempt: a Dockerfile exercise on the page, at once; a
//! project exercise in the project worker (`project-worker/`), since the
//! page itself does not carry the project check.

use leptos::prelude::*;
use plimsoll_core::workshop::{Attempt, Exercise};
use plimsoll_core::Settings;
use web_sys::Worker;

use crate::checker::{self, Message};

/// Judges one exercise's attempts into `attempt`; `failed` says the
/// project worker could not start (the attempt cannot be judged here).
#[derive(Clone, Copy)]
pub struct Judge {
    exercise: &'static Exercise,
    attempt: RwSignal<Option<Attempt>>,
    failed: RwSignal<bool>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
    ready: StoredValue<bool>,
    /// The newest request: only its answer counts, and it waits here
    /// until the worker is ready.
    newest: StoredValue<u32>,
    waiting: StoredValue<Option<plimsoll_core::project::Project>>,
}

impl Judge {
    pub fn new(
        exercise: &'static Exercise,
        attempt: RwSignal<Option<Attempt>>,
        failed: RwSignal<bool>,
    ) -> Self {
        Judge {
            exercise,
            attempt,
            failed,
            worker: StoredValue::new_local(None),
            ready: StoredValue::new(false),
            newest: StoredValue::new(0),
            waiting: StoredValue::new(None),
        }
    }

    /// Checks `files` (`(path, text)`, the Dockerfile first); the verdict
    /// arrives in `attempt`.
    pub fn judge(self, files: &[(String, String)]) {
        let Some(project) = self.exercise.project(files) else {
            let source = files.first().map_or("", |(_, text)| text.as_str());
            self.attempt
                .set(Some(self.exercise.attempt_dockerfile(source)));
            return;
        };
        // Until the worker answers, no verdict is shown (not the last one).
        self.attempt.set(None);
        self.newest.update_value(|id| *id += 1);
        self.waiting.set_value(Some(project));
        if self.worker.with_value(Option::is_none) {
            match checker::start_project(move |message| self.heard(message)) {
                Some(worker) => self.worker.set_value(Some(worker)),
                None => self.failed.set(true),
            }
        }
        self.send_waiting();
    }

    fn send_waiting(self) {
        if !self.ready.get_value() {
            return;
        }
        let Some(project) = self.waiting.try_update_value(Option::take).flatten() else {
            return;
        };
        let id = self.newest.get_value();
        let sent = self.worker.with_value(|worker| {
            worker.as_ref().is_some_and(|worker| {
                checker::send_project(worker, id, &project, Settings::default())
            })
        });
        if !sent {
            self.failed.set(true);
        }
    }

    fn heard(self, message: Message) {
        match message {
            Message::Ready => {
                self.ready.set_value(true);
                self.send_waiting();
            }
            Message::Answer(answer) if answer.id == self.newest.get_value() => {
                match plimsoll_core::wire::decode_project(&answer.report) {
                    Ok(checked) => {
                        self.failed.set(false);
                        self.attempt.set(Some(self.exercise.judge_project(checked)));
                    }
                    Err(_) => self.failed.set(true),
                }
            }
            Message::Answer(_) | Message::Exported { .. } => {}
            Message::Failed => self.failed.set(true),
        }
    }
}
