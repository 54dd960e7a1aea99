//! Where the page's checks run: in the check worker ([`crate::worker`]) once
//! it is ready, so typing never waits for a check; on the page itself until
//! then, or for good if the worker cannot start (an old browser, a host that
//! does not serve `check-worker.js`).
//!
//! At most one check is in the worker at a time. While it runs, only the
//! newest request waits: a text typed over is never checked.

use leptos::prelude::{LocalStorage, StoredValue, UpdateValue, WithValue};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::project::Companions;
use crate::share::Options;

/// A Dockerfile to check, with the settings to check it with and the files
/// around it (checked as a project when there are some).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub text: String,
    pub options: Options,
    /// The Dockerfile's path in the project.
    pub path: String,
    pub companions: Companions,
}

impl Request {
    /// Whether the project worker checks it (there are files beside the
    /// Dockerfile, and the Dockerfile is worth checking).
    pub fn is_project(&self) -> bool {
        !self.companions.is_empty()
            && !self.text.trim().is_empty()
            && self.text.len() <= crate::analysis::MAX_CHECKED_BYTES
    }
}

/// A request sent to the worker, and when (ms), to time the round trip.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub id: u32,
    pub request: Request,
    pub at: f64,
}

/// Which request is in the worker and which one waits.
#[derive(Debug, Default)]
pub struct Queue {
    in_worker: Option<Sent>,
    waiting: Option<Request>,
    next_id: u32,
}

impl Queue {
    /// A new request, in place of the one waiting (sent by [`Self::send_waiting`]).
    pub fn wait(&mut self, request: Request) {
        self.waiting = Some(request);
    }

    /// The worker answered `id`: the request it answered, if that was the
    /// one in the worker. The next one to send, if any, is [`Self::send_waiting`]'s.
    pub fn answered(&mut self, id: u32) -> Option<Sent> {
        match &self.in_worker {
            Some(sent) if sent.id == id => self.in_worker.take(),
            _ => None,
        }
    }

    /// Moves the waiting request into the worker, if it is idle.
    pub fn send_waiting(&mut self, now: f64) -> Option<&Sent> {
        if self.in_worker.is_some() {
            return None;
        }
        let request = self.waiting.take()?;
        self.next_id = self.next_id.wrapping_add(1);
        self.in_worker = Some(Sent {
            id: self.next_id,
            request,
            at: now,
        });
        self.in_worker.as_ref()
    }

    /// The request waiting for the worker, if any.
    pub fn waiting(&self) -> Option<&Request> {
        self.waiting.as_ref()
    }

    /// Whether a request is in the worker or waiting for it.
    pub fn is_busy(&self) -> bool {
        self.in_worker.is_some() || self.waiting.is_some()
    }

    /// The worker is gone: every request it had or would have had, oldest first.
    pub fn drain(&mut self) -> Vec<Request> {
        let sent = self.in_worker.take().map(|sent| sent.request);
        sent.into_iter().chain(self.waiting.take()).collect()
    }
}

/// The worker's answer to one request.
pub struct Answer {
    pub id: u32,
    pub check_ms: f64,
    pub report: String,
}

/// What the worker says.
pub enum Message {
    Ready,
    Answer(Answer),
    /// The project worker's answer to export `id`.
    Exported {
        id: u32,
        text: String,
    },
    /// It could not load the module (or sent something else).
    Failed,
}

fn read(data: &JsValue) -> Message {
    if data.as_string().as_deref() == Some("ready") {
        return Message::Ready;
    }
    if let Some(array) = data.dyn_ref::<js_sys::Array>() {
        if array.get(0).as_string().as_deref() == Some("exported") {
            let exported = array.get(1).as_f64().zip(array.get(2).as_string());
            return exported.map_or(Message::Failed, |(id, text)| Message::Exported {
                id: id as u32,
                text,
            });
        }
    }
    let answer = data.dyn_ref::<js_sys::Array>().and_then(|array| {
        Some(Answer {
            id: array.get(0).as_f64()? as u32,
            check_ms: array.get(1).as_f64()?,
            report: array.get(2).as_string()?,
        })
    });
    answer.map_or(Message::Failed, Message::Answer)
}

/// The module's two files, as the page's `<head>` preloads them.
fn module_urls() -> Option<(String, String)> {
    let document = leptos::prelude::document();
    let href = |selector: &str| {
        let link = document.query_selector(selector).ok()??;
        Some(link.dyn_into::<web_sys::HtmlLinkElement>().ok()?.href())
    };
    Some((
        href("link[rel=modulepreload][href$='.js']")?,
        href("link[rel=preload][href$='.wasm']")?,
    ))
}

/// Starts the check worker; `on_message` hears everything it says. `None`
/// when the browser cannot start it (the page then checks by itself).
pub fn start(on_message: impl Fn(Message) + 'static) -> Option<Worker> {
    let (glue, wasm) = module_urls()?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options("check-worker.js", &options).ok()?;
    listen(&worker, on_message);
    let urls = js_sys::Array::of2(&JsValue::from_str(&glue), &JsValue::from_str(&wasm));
    worker.post_message(&urls).ok()?;
    Some(worker)
}

/// Starts the project worker (`public/project-worker.js` loads the module
/// `project-worker/` builds); `on_message` hears everything it says. `None`
/// when it cannot start.
pub fn start_project(on_message: impl Fn(Message) + 'static) -> Option<Worker> {
    let worker = Worker::new("project-worker.js").ok()?;
    listen(&worker, on_message);
    Some(worker)
}

fn listen(worker: &Worker, on_message: impl Fn(Message) + 'static) {
    let on_message = std::rc::Rc::new(on_message);
    let on_failure = on_message.clone();
    let message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        on_message(read(&event.data()));
    });
    let error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| on_failure(Message::Failed));
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    // The page keeps its workers for its whole life.
    message.forget();
    error.forget();
}

/// Sends a project to the project worker as request `id`, checked with
/// `settings`: its files (`(path, text)`, the Dockerfile first) and, when
/// known, every path of the project (the build contexts are cut from it).
pub fn send_project(
    worker: &Worker,
    id: u32,
    project: &plimsoll_core::project::Project,
    settings: plimsoll_core::Settings,
) -> bool {
    let message = project_message(&JsValue::from_f64(f64::from(id)), project, settings);
    worker.post_message(&message).is_ok()
}

/// `[id, files, settings, paths or null, null, folder name or null]` for
/// the project worker (an export fills the fifth place), with today's date
/// for the age of scan reports.
fn project_message(
    id: &JsValue,
    project: &plimsoll_core::project::Project,
    mut settings: plimsoll_core::Settings,
) -> js_sys::Array {
    settings.today = Some((js_sys::Date::now() / 86_400_000.0).floor() as i64);
    let paths = project.paths.as_ref().map_or(JsValue::NULL, |paths| {
        JsValue::from_str(&serde_json::to_string(paths).unwrap_or_default())
    });
    let name = project
        .name
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    let message = js_sys::Array::of5(
        id,
        &JsValue::from_str(&serde_json::to_string(&project.files).unwrap_or_default()),
        &JsValue::from_str(&serde_json::to_string(&settings).unwrap_or_default()),
        &paths,
        &JsValue::NULL,
    );
    message.push(&name);
    message
}

/// The report formats the project worker writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
    Sarif,
}

impl ExportFormat {
    /// The format's name in the worker's protocol.
    fn code(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::Json => "json",
            ExportFormat::Sarif => "sarif",
        }
    }

    /// The extension of a download (`Dockerfile.plimsoll.<extension>`).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
            ExportFormat::Sarif => "sarif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "text/markdown",
            ExportFormat::Json => "application/json",
            ExportFormat::Sarif => "application/sarif+json",
        }
    }
}

/// `[id, files, settings, paths or null, export, folder name or null]`:
/// asks the project worker for the report of `project` (a Dockerfile alone
/// too) in `format`, in `lang`; SARIF links the rule pages of the page at
/// `app`.
pub fn export_message(
    id: u32,
    project: &plimsoll_core::project::Project,
    settings: plimsoll_core::Settings,
    format: ExportFormat,
    lang: plimsoll_core::Lang,
    app: &str,
) -> js_sys::Array {
    let message = project_message(&JsValue::from_f64(f64::from(id)), project, settings);
    let export = serde_json::json!({"format": format.code(), "lang": lang.code(), "app": app});
    message.set(4, JsValue::from_str(&export.to_string()));
    message
}

/// Sends one request to its worker: a Dockerfile alone to the check worker
/// (`[id, text, options]`), a project to the project worker (`[id, files,
/// settings]`).
pub fn send(worker: &Worker, sent: &Sent) -> bool {
    let request = &sent.request;
    let id = JsValue::from_f64(f64::from(sent.id));
    let message = if request.is_project() {
        let project = request.companions.project(&request.path, &request.text);
        project_message(&id, &project, request.options.settings())
    } else {
        let options = serde_json::to_string(&request.options).unwrap_or_default();
        js_sys::Array::of3(
            &id,
            &JsValue::from_str(&request.text),
            &JsValue::from_str(&options),
        )
    };
    worker.post_message(&message).is_ok()
}

/// What the project worker made of the newest project sent to a
/// [`ProjectChecker`]: every file checked, or `Err` when the worker could
/// not start, failed, or sent something it cannot read.
pub type ProjectAnswer = Result<Vec<plimsoll_core::project::CheckedFile>, ()>;

/// Checks projects, and nothing else, in a project worker of its own
/// (started with the first project): one project in the worker at a time,
/// the newest one waiting (sent when the worker is ready or idle), and only
/// the answer to the newest one counts. The workshop's judge and the embed
/// widget use it; the playground's state also queues Dockerfile checks and
/// exports, and keeps its own.
#[derive(Clone, Copy)]
pub struct ProjectChecker(StoredValue<ProjectChecks, LocalStorage>);

/// A [`ProjectChecker`]'s state (one stored value: each one costs the
/// page's first load).
struct ProjectChecks {
    worker: Option<Worker>,
    ready: bool,
    /// The worker failed: every later project is answered `Err` at once.
    failed: bool,
    in_worker: bool,
    newest: u32,
    waiting: Option<(plimsoll_core::project::Project, plimsoll_core::Settings)>,
    answered: std::rc::Rc<dyn Fn(ProjectAnswer)>,
}

impl ProjectChecker {
    /// A checker that hands each answer to `answered`.
    pub fn new(answered: impl Fn(ProjectAnswer) + 'static) -> Self {
        ProjectChecker(StoredValue::new_local(ProjectChecks {
            worker: None,
            ready: false,
            failed: false,
            in_worker: false,
            newest: 0,
            waiting: None,
            answered: std::rc::Rc::new(answered),
        }))
    }

    /// Checks `project` with `settings`: its answer goes to `answered`,
    /// unless a newer project (or [`Self::forget`]) comes first.
    pub fn check(
        self,
        project: plimsoll_core::project::Project,
        settings: plimsoll_core::Settings,
    ) {
        let start = self.0.try_update_value(|checks| {
            checks.newest = checks.newest.wrapping_add(1);
            checks.waiting = Some((project, settings));
            !checks.failed && checks.worker.is_none()
        });
        if start == Some(true) {
            let worker = start_project(move |message| self.heard(message));
            let started = worker.is_some();
            self.0.update_value(|checks| checks.worker = worker);
            if !started {
                return self.fail();
            }
        }
        if self.0.with_value(|checks| checks.failed) {
            return self.fail();
        }
        self.send_waiting();
    }

    /// No answer is wanted for the projects sent so far (the view checks
    /// something else now).
    pub fn forget(self) {
        self.0.update_value(|checks| {
            checks.newest = checks.newest.wrapping_add(1);
            checks.waiting = None;
        });
    }

    fn send_waiting(self) {
        let sent = self.0.try_update_value(|checks| {
            if !checks.ready || checks.in_worker {
                return true;
            }
            let Some((project, settings)) = checks.waiting.take() else {
                return true;
            };
            let sent = checks
                .worker
                .as_ref()
                .is_some_and(|worker| send_project(worker, checks.newest, &project, settings));
            checks.in_worker = sent;
            sent
        });
        if sent == Some(false) {
            self.fail();
        }
    }

    fn heard(self, message: Message) {
        match message {
            Message::Ready => {
                self.0.update_value(|checks| checks.ready = true);
                self.send_waiting();
            }
            Message::Answer(answer) => {
                let newest = self.0.try_update_value(|checks| {
                    checks.in_worker = false;
                    answer.id == checks.newest
                });
                if newest == Some(true) {
                    self.answer(
                        plimsoll_core::wire::decode_project(&answer.report).map_err(|_| ()),
                    );
                }
                self.send_waiting();
            }
            Message::Exported { .. } => {}
            Message::Failed => self.fail(),
        }
    }

    /// The worker is gone for good: the project waiting, if any, is
    /// answered `Err`, and so is every later one.
    fn fail(self) {
        let worker = self.0.try_update_value(|checks| {
            checks.failed = true;
            checks.ready = false;
            checks.waiting = None;
            checks.worker.take()
        });
        if let Some(worker) = worker.flatten() {
            worker.terminate();
        }
        self.answer(Err(()));
    }

    /// Hands `answer` over, the state unlocked (`answered` may check again).
    fn answer(self, answer: ProjectAnswer) {
        if let Some(answered) = self.0.try_with_value(|checks| checks.answered.clone()) {
            answered(answer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new request at `now`: what is sent to the worker, if it was idle.
    fn push(queue: &mut Queue, request: Request, now: f64) -> Option<Sent> {
        queue.wait(request);
        queue.send_waiting(now).cloned()
    }

    fn request(text: &str) -> Request {
        Request {
            text: text.to_owned(),
            options: Options::default(),
            path: "Dockerfile".to_owned(),
            companions: Companions::default(),
        }
    }

    #[test]
    fn an_idle_worker_gets_the_request_at_once() {
        let mut queue = Queue::default();
        let sent = push(&mut queue, request("FROM a"), 5.0).unwrap();
        assert_eq!((sent.request.text.as_str(), sent.at), ("FROM a", 5.0));
        assert_eq!(
            queue.answered(sent.id).map(|s| s.request),
            Some(request("FROM a"))
        );
        assert!(queue.send_waiting(6.0).is_none());
        assert!(!queue.is_busy());
    }

    #[test]
    fn only_the_newest_request_waits_for_a_busy_worker() {
        let mut queue = Queue::default();
        let first = push(&mut queue, request("1"), 0.0).unwrap();
        assert!(push(&mut queue, request("2"), 1.0).is_none());
        assert!(push(&mut queue, request("3"), 2.0).is_none());
        assert!(queue.send_waiting(3.0).is_none(), "the worker is busy");
        assert!(queue.answered(first.id).is_some());
        assert!(queue.is_busy(), "the newest request waits");
        let next = queue.send_waiting(4.0).unwrap();
        assert_eq!(next.request, request("3"));
        assert_ne!(next.id, first.id);
    }

    #[test]
    fn a_stale_or_unknown_answer_is_ignored() {
        let mut queue = Queue::default();
        let sent = push(&mut queue, request("1"), 0.0).unwrap();
        assert!(queue.answered(sent.id + 7).is_none());
        assert!(queue.answered(sent.id).is_some());
        assert!(queue.answered(sent.id).is_none());
    }

    #[test]
    fn a_failed_worker_hands_back_its_requests_in_order() {
        let mut queue = Queue::default();
        push(&mut queue, request("1"), 0.0);
        push(&mut queue, request("2"), 1.0);
        assert_eq!(queue.drain(), [request("1"), request("2")]);
        assert!(queue.drain().is_empty());
    }
}
