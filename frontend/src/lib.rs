//! The WASM entry point: fetches the page's language's messages, then hydrates the
//! server-rendered page.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The id of the page's `<link rel="preload">` that names its messages (`app::shell`).
const MESSAGES_LINK: &str = "messages";

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    // Asynchronous: the messages are fetched first (the preload started that fetch with
    // the page), and a page behind a lazy route fetches its WASM chunk before it can be
    // hydrated.
    wasm_bindgen_futures::spawn_local(async move {
        let Some(body) = document.body() else {
            return;
        };
        let Some(root) = document.document_element() else {
            return;
        };
        let lang = root
            .get_attribute("lang")
            .and_then(|l| common::Lang::parse(&l));
        let address = document
            .get_element_by_id(MESSAGES_LINK)
            .and_then(|link| link.get_attribute("href"));
        let (Some(lang), Some(address)) = (lang, address) else {
            return;
        };
        // Without its words the page is not hydrated: it stays as the server rendered it,
        // and every form on it works without JavaScript.
        let source = match fetch_text(&window, &address).await {
            Some(source) => source,
            None => {
                web_sys::console::warn_1(&"messages not fetched: the page stays as it is".into());
                return;
            }
        };
        if let Err(error) = common::install(lang, source) {
            web_sys::console::warn_1(&error.into());
            return;
        }
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Tells tests (and styles, if ever needed) that the page is now interactive.
        let _ = root.set_attribute("data-hydrated", "");
    });
}

/// The body of a successful GET of `address`, as text.
async fn fetch_text(window: &web_sys::Window, address: &str) -> Option<String> {
    let response = JsFuture::from(window.fetch_with_str(address)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    text.as_string()
}
