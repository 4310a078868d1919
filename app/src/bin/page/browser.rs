//! The few browser services the page needs, behind plain functions:
//! today's date, localStorage, saving downloads,
//! and the visible panic message.

pub use inventory_app::js::today;
use inventory_app::js::describe;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Blob, HtmlAnchorElement, HtmlElement, Url};

const SETTINGS_KEY: &str = "twilio-inventory.settings.v1";
const RULES_KEY: &str = "twilio-inventory.rules.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn save(key: &str, value: &str) {
    // Private windows may refuse storage; the page works without it.
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn load_settings() -> Option<String> {
    load(SETTINGS_KEY)
}

pub fn save_settings(text: &str) {
    save(SETTINGS_KEY, text);
}

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
        if let Some(s) = storage() {
            let _ = s.remove_item(SETTINGS_KEY);
            let _ = s.remove_item(RULES_KEY);
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
    let url = Url::create_object_url_with_blob(blob).map_err(fail)?;
    let link: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&link).map_err(fail)?;
    link.click();
    link.remove();
    // Revoke later: the download may not have started yet.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 30_000);
    Ok(())
}

/// Shows the static crash panel of index.html with `message`.
pub fn show_panic(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(text) = document.get_element_by_id("panic-message") {
        text.set_text_content(Some(message));
    }
    if let Some(panel) = document.get_element_by_id("panic").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        panel.set_hidden(false);
    }
}

/// Removes the "Loading…" placeholder once the page is mounted.
pub fn remove_boot_message() {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("booting")) {
        el.remove();
    }
}
