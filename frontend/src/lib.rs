//! The WASM entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Asynchronous: a page behind a lazy route (the staff area) fetches its WASM chunk
    // before it can be hydrated.
    wasm_bindgen_futures::spawn_local(async move {
        let Some(body) = document.body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Tells tests (and styles, if ever needed) that the page is now interactive.
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
