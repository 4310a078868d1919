//! The few browser services the page needs, behind plain functions:
//! today's date, the remembered settings (localStorage, by gloo-storage),
//! saving downloads (an object URL, by gloo-file), the clipboard, and the
//! visible panic message.

use gloo_file::ObjectUrl;
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use inventory_app::js::describe;
pub use inventory_app::js::today;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ClipboardItem, HtmlAnchorElement, HtmlElement};

const SETTINGS_KEY: &str = "twilio-inventory.settings.v1";
const RULES_KEY: &str = "twilio-inventory.rules.v1";

/// Whether the browser lets the page keep anything: private windows and
/// blocked site data may refuse localStorage (gloo-storage would throw),
/// and the page works without it.
fn storage_allowed() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

fn load(key: &str) -> Option<String> {
    if !storage_allowed() {
        return None;
    }
    match LocalStorage::get::<String>(key) {
        Ok(text) => Some(text),
        // Kept bare (not as JSON) by the page before gloo-storage: read as it is.
        Err(StorageError::SerdeError(_)) => LocalStorage::raw().get_item(key).ok().flatten(),
        Err(_) => None,
    }
}

fn save(key: &str, value: &str) {
    if storage_allowed() {
        let _ = LocalStorage::set(key, value);
    }
}

/// The remembered settings, as `model::settings_to_text` wrote them.
pub fn load_settings() -> Option<String> {
    load(SETTINGS_KEY)
}

pub fn save_settings(text: &str) {
    save(SETTINGS_KEY, text);
}

/// The remembered rules, as a rules CSV.
pub fn load_rules() -> Option<String> {
    load(RULES_KEY)
}

pub fn save_rules(csv: &str) {
    save(RULES_KEY, csv);
}

/// "Start over" after a crash links to `?reset`: forget the remembered
/// settings (they may be what crashed the page) and drop the query.
pub fn reset_if_asked() {
    let Some(window) = web_sys::window() else { return };
    let asked = window.location().search().map(|s| s.contains("reset")).unwrap_or(false);
    if asked {
        if storage_allowed() {
            LocalStorage::delete(SETTINGS_KEY);
            LocalStorage::delete(RULES_KEY);
        }
        let path = window.location().pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
}

/// Saves `blob` (made by the worker) as a download named `name`.
pub fn download(name: &str, blob: &Blob) -> Result<(), String> {
    let fail = |e: JsValue| format!("the download of {name} failed: {}", describe(&e));
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let url = ObjectUrl::from(blob.clone());
    let link: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&link).map_err(fail)?;
    link.click();
    link.remove();
    // Revoked when dropped, 30 s from now: the download may not have started yet.
    let revoke = Closure::once_into_js(move || drop(url));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 30_000);
    Ok(())
}

/// Puts `html` and `text` on the clipboard as one item, so a mail client
/// pastes the table and a plain editor the text; where the browser has no
/// `ClipboardItem`, the text alone. `Err` says why nothing was copied.
pub async fn copy_to_clipboard(html: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("the page has no window")?;
    let navigator = window.navigator();
    // Missing outside a secure context (https or localhost) and in old browsers.
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return Err("this browser gives the page no clipboard".into());
    }
    let clipboard = navigator.clipboard();
    let record = js_sys::Object::new();
    for (mime, content) in [("text/html", html), ("text/plain", text)] {
        let blob = gloo_file::Blob::new_with_options(content, Some(mime));
        js_sys::Reflect::set(&record, &JsValue::from_str(mime), blob.as_ref()).map_err(|e| describe(&e))?;
    }
    let written = match ClipboardItem::new_with_record_from_str_to_blob_promise(&record) {
        Ok(item) => JsFuture::from(clipboard.write(&js_sys::Array::of1(&item))).await,
        Err(_) => JsFuture::from(clipboard.write_text(text)).await,
    };
    written.map(drop).map_err(|e| describe(&e))
}

/// Shows the static crash panel of index.html with `message`.
pub fn show_panic(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(text) = document.get_element_by_id("panic-message") {
        text.set_text_content(Some(message));
    }
    if let Some(panel) = document
        .get_element_by_id("panic")
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        panel.set_hidden(false);
    }
}

/// Removes the "Loading…" placeholder once the page is mounted.
pub fn remove_boot_message() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("booting"))
    {
        el.remove();
    }
}
