//! Where the page's checks run: in the check worker ([`crate::worker`]) once
//! it is ready, so typing never waits for a check; on the page itself until
//! then, or for good if the worker cannot start (an old browser, a host that
//! does not serve `check-worker.js`).
//!
//! At most one check is in the worker at a time. While it runs, only the
//! newest request waits: a text typed over is never checked.

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

/// What the worker needs, besides the text and options, to check a project.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ProjectPart {
    pub path: String,
    pub companions: Companions,
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
    /// A new request at `now`: what to send to the worker now, if it is idle.
    /// Otherwise the request replaces the one waiting.
    pub fn push(&mut self, request: Request, now: f64) -> Option<&Sent> {
        self.waiting = Some(request);
        self.send_waiting(now)
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
    /// It could not load the module (or sent something else).
    Failed,
}

fn read(data: &JsValue) -> Message {
    if data.as_string().as_deref() == Some("ready") {
        return Message::Ready;
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
    let on_message = std::rc::Rc::new(on_message);
    let on_failure = on_message.clone();
    let message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        on_message(read(&event.data()));
    });
    let error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| on_failure(Message::Failed));
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    // The page keeps one worker for its whole life.
    message.forget();
    error.forget();
    let urls = js_sys::Array::of2(&JsValue::from_str(&glue), &JsValue::from_str(&wasm));
    worker.post_message(&urls).ok()?;
    Some(worker)
}

/// Sends one request to the worker: `[id, text, options, project]`, the
/// project part empty for a Dockerfile alone.
pub fn send(worker: &Worker, sent: &Sent) -> bool {
    let request = &sent.request;
    let options = serde_json::to_string(&request.options).unwrap_or_default();
    let project = if request.companions.is_empty() {
        String::new()
    } else {
        let part = ProjectPart {
            path: request.path.clone(),
            companions: request.companions.clone(),
        };
        serde_json::to_string(&part).unwrap_or_default()
    };
    let message = js_sys::Array::of4(
        &JsValue::from_f64(f64::from(sent.id)),
        &JsValue::from_str(&request.text),
        &JsValue::from_str(&options),
        &JsValue::from_str(&project),
    );
    worker.post_message(&message).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let sent = queue.push(request("FROM a"), 5.0).cloned().unwrap();
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
        let first = queue.push(request("1"), 0.0).cloned().unwrap();
        assert!(queue.push(request("2"), 1.0).is_none());
        assert!(queue.push(request("3"), 2.0).is_none());
        assert!(queue.send_waiting(3.0).is_none(), "the worker is busy");
        assert!(queue.answered(first.id).is_some());
        assert!(queue.is_busy(), "the newest request waits");
        let next = queue.send_waiting(4.0).cloned().unwrap();
        assert_eq!(next.request, request("3"));
        assert_ne!(next.id, first.id);
    }

    #[test]
    fn a_stale_or_unknown_answer_is_ignored() {
        let mut queue = Queue::default();
        let sent = queue.push(request("1"), 0.0).cloned().unwrap();
        assert!(queue.answered(sent.id + 7).is_none());
        assert!(queue.answered(sent.id).is_some());
        assert!(queue.answered(sent.id).is_none());
    }

    #[test]
    fn a_failed_worker_hands_back_its_requests_in_order() {
        let mut queue = Queue::default();
        queue.push(request("1"), 0.0);
        queue.push(request("2"), 1.0);
        assert_eq!(queue.drain(), [request("1"), request("2")]);
        assert!(queue.drain().is_empty());
    }
}
