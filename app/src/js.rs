//! The browser half that the page and its worker share: the envelope every
//! posted message travels in, browser errors in words, and today's date.
//! (js-sys works in a window and in a worker alike.)

use chrono::NaiveDate;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A posted message: the JSON of a `protocol` message in `message`, and
/// what the browser hands over without copying (the chosen files, or a
/// download's blob) in `attachment`.
pub fn envelope(json: &str, attachment: Option<&JsValue>) -> Object {
    let object = Object::new();
    let _ = Reflect::set(&object, &"message".into(), &json.into());
    if let Some(attachment) = attachment {
        let _ = Reflect::set(&object, &"attachment".into(), attachment);
    }
    object
}

/// The JSON and the attachment of a posted [`envelope`].
pub fn open_envelope(data: &JsValue) -> (String, Option<JsValue>) {
    let json = Reflect::get(data, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    let attachment = Reflect::get(data, &"attachment".into())
        .ok()
        .filter(|a| !a.is_undefined());
    (json, attachment)
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
