//! The page's end of the worker: starts it, queues messages until it says
//! it is ready, and hands its answers to one callback.

use std::cell::RefCell;

use inventory_app::js::{envelope, open_envelope, start_failure};
use inventory_app::protocol::{FromWorker, ToWorker};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, File, MessageEvent, Worker};

/// The worker's loader, next to index.html in dist/ (see `app/worker.js`).
const WORKER_SCRIPT: &str = "./worker.js";

struct Link {
    worker: Worker,
    /// Messages posted before the worker was ready, in order.
    waiting: Option<Vec<Object>>,
}

thread_local! {
    static LINK: RefCell<Option<Link>> = const { RefCell::new(None) };
}

/// Starts the worker; `on_answer` gets each of its messages (with the blob
/// of a download), `on_failure` a reason when the worker cannot run.
pub fn start(on_answer: impl Fn(FromWorker, Option<Blob>) + 'static, on_failure: impl Fn(String) + Clone + 'static) {
    let worker = match Worker::new(WORKER_SCRIPT) {
        Ok(worker) => worker,
        Err(e) => return on_failure(format!("the page's worker did not start: {e:?}")),
    };
    let on_bad_message = on_failure.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(reason) = start_failure(&event.data()) {
            return on_bad_message(reason);
        }
        let (bytes, attachment) = open_envelope(&event.data());
        let blob = attachment.and_then(|b| b.dyn_into::<Blob>().ok());
        match FromWorker::from_bytes(&bytes) {
            Ok(FromWorker::Ready) => flush(),
            Ok(answer) => on_answer(answer, blob),
            Err(e) => on_bad_message(e),
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
        on_failure(format!("the page's worker failed: {}", event.message()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    LINK.set(Some(Link {
        worker,
        waiting: Some(Vec::new()),
    }));
}

/// Sends `message`, with `files` when it is a `Load`.
pub fn send(message: &ToWorker, files: &[File]) {
    let list: Array = files.iter().collect();
    let object = envelope(&message.to_bytes(), (!files.is_empty()).then_some::<&JsValue>(&list));
    LINK.with_borrow_mut(|link| {
        let Some(link) = link else { return };
        match &mut link.waiting {
            Some(waiting) => waiting.push(object),
            None => {
                let _ = link.worker.post_message(&object);
            }
        }
    });
}

/// The worker is ready: sends what waited, and marks the page
/// (`<html data-worker="ready">`) so tests and tools can tell.
fn flush() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-worker", "ready");
    }
    LINK.with_borrow_mut(|link| {
        let Some(link) = link else { return };
        for object in link.waiting.take().unwrap_or_default() {
            let _ = link.worker.post_message(&object);
        }
    });
}
