//! The browser half that the page and its worker share: the envelope every
//! posted message travels in, browser errors in words, and today's date.
//! (js-sys works in a window and in a worker alike.)

use chrono::NaiveDate;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// A posted message: the bytes of a `protocol` message in `message`, and
/// what the browser hands over without copying (the chosen files, or a
/// download's blob) in `attachment`.
pub fn envelope(bytes: &[u8], attachment: Option<&JsValue>) -> Object {
    let object = Object::new();
    let _ = Reflect::set(&object, &"message".into(), &Uint8Array::from(bytes));
    if let Some(attachment) = attachment {
        let _ = Reflect::set(&object, &"attachment".into(), attachment);
    }
    object
}

/// The bytes and the attachment of a posted [`envelope`].
pub fn open_envelope(data: &JsValue) -> (Vec<u8>, Option<JsValue>) {
    let bytes = Reflect::get(data, &"message".into())
        .ok()
        .and_then(|m| m.dyn_into::<Uint8Array>().ok())
        .map(|m| m.to_vec())
        .unwrap_or_default();
    let attachment = Reflect::get(data, &"attachment".into())
        .ok()
        .filter(|a| !a.is_undefined());
    (bytes, attachment)
}

/// Why the worker could not start, when `app/worker.js` says so: it posts
/// `{ failed: "…" }`, plain JavaScript, because the wasm that would
/// encode a message is what failed.
pub fn start_failure(data: &JsValue) -> Option<String> {
    Reflect::get(data, &"failed".into()).ok().and_then(|f| f.as_string())
}

/// A browser error in words.
pub fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser refused".into())
}

/// The browser's local calendar date.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default())
}
