//! The form of a declared action ([`crate::actions`]). Without JavaScript it is a plain
//! POST to the action's path. With it, the same form goes through the server function
//! [`run_action`]: the page then goes to the page that shows the outcome without loading
//! again (its data fetched afresh, focus on the outcome's notice), shows a refused text's
//! error beside it with what was typed kept, or shows in place what must never be in an
//! address. When the server refuses the call itself (a session that ended, a page gone),
//! the form posts as it would without JavaScript, so that the page says why.

use leptos::prelude::*;

use super::fields::ErrorSummary;
use crate::actions::{address, params_query, Action};
use crate::forms::FormErrors;
#[cfg(feature = "hydrate")]
use crate::{
    actions::{run_action, ActionReply, Written},
    forms::ErrorCode,
    i18n::use_i18n,
};

/// A declared action's form, written `<ActionForm<SpaceChange> params=…>`: its hidden
/// inputs and its button are the children.
#[component]
pub fn ActionForm<A: Action>(
    /// Names the action's type in the props.
    #[prop(optional)]
    _action: std::marker::PhantomData<A>,
    /// The path's parameters (`{id}`, `{token}`).
    params: A::Params,
    #[prop(optional)] class: Option<&'static str>,
    /// Where a refused text's errors show (a text form's own field and summary); without
    /// it, the form shows them above its button.
    #[prop(default = None)]
    errors: Option<RwSignal<FormErrors>>,
    /// Where an outcome shown in place ([`crate::actions::Reply::Show`]) goes.
    #[prop(default = None)]
    shown: Option<RwSignal<Option<A::Outcome>>>,
    /// A check made in the browser before anything is sent: `false` stops the submission
    /// (the check shows why).
    #[prop(default = None)]
    check: Option<Callback<(), bool>>,
    /// Called when the server refused a text (a secret field is emptied, as the plain
    /// POST's page leaves it).
    #[prop(default = None)]
    on_invalid: Option<Callback<()>>,
    /// Set while the form is on its way (a button that says so).
    #[prop(default = None)]
    busy: Option<RwSignal<bool>>,
    children: Children,
) -> impl IntoView {
    // Once what is shown is drawn, the focus goes to the page's heading, as a new page
    // would open: the form that had it is gone.
    let on_shown = shown.map(|shown| {
        Callback::new(move |json: String| match serde_json::from_str(&json) {
            Ok(outcome) => {
                if shown.try_set(Some(outcome)).is_none() {
                    #[cfg(feature = "hydrate")]
                    focus_heading();
                }
            }
            Err(_) => leptos::logging::error!("an outcome shown could not be read"),
        })
    });
    let action = address::<A>(&params);
    let params = params_query(&params);
    view! {
        <SentForm
            id=A::ID
            action
            params
            class
            errors
            on_shown
            check
            on_invalid
            busy
        >
            {children()}
        </SentForm>
    }
}

/// What [`ActionForm`] renders, once for every action (only the outcome's type is
/// particular to one, and it is read before this).
#[component]
fn SentForm(
    id: &'static str,
    action: String,
    params: String,
    class: Option<&'static str>,
    errors: Option<RwSignal<FormErrors>>,
    on_shown: Option<Callback<String>>,
    check: Option<Callback<(), bool>>,
    on_invalid: Option<Callback<()>>,
    busy: Option<RwSignal<bool>>,
    children: Children,
) -> impl IntoView {
    let own_errors = errors.is_none();
    let errors = errors.unwrap_or_else(|| RwSignal::new(FormErrors::default()));
    let busy = busy.unwrap_or_else(|| RwSignal::new(false));
    let form = NodeRef::<leptos::html::Form>::new();
    let sending = Sending {
        id,
        params,
        form,
        busy,
        errors,
        on_shown,
        on_invalid,
    };
    view! {
        <form
            method="post"
            action=action
            class=class
            novalidate
            node_ref=form
            aria-busy=move || busy.get().then_some("true")
            on:submit=sending.on_submit(check)
        >
            {own_errors.then(|| view! { <ErrorSummary errors field_id=|name: &str| name.to_string()/> })}
            {children()}
        </form>
    }
}

/// How a declared action's form is sent once the WASM runs: the action's id and path
/// parameters, the form element, and where the reply goes. [`SentForm`] and the kit's
/// forms ([`super::form::KitForm`], whose path has no parameter and whose outcome is never
/// shown in place) lay out their own `<form>` and share this. The server renders the form
/// without reading it.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) struct Sending {
    pub id: &'static str,
    /// [`params_query`] of the path's parameters.
    pub params: String,
    pub form: NodeRef<leptos::html::Form>,
    /// Set while the form is on its way.
    pub busy: RwSignal<bool>,
    /// Where a refused text's errors show.
    pub errors: RwSignal<FormErrors>,
    /// Where an outcome shown in place goes, as JSON.
    pub on_shown: Option<Callback<String>>,
    /// Called when the server refused a text.
    pub on_invalid: Option<Callback<()>>,
}

impl Sending {
    /// The form's `submit` handler: `check` first (`false` stops the submission), then
    /// the server function; without the WASM, the browser's plain POST.
    pub fn on_submit(
        self,
        check: Option<Callback<(), bool>>,
    ) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
        let send = sender(self);
        move |ev: leptos::ev::SubmitEvent| {
            if check.is_some_and(|check| !check.run(())) {
                ev.prevent_default();
                return;
            }
            send(ev);
        }
    }
}

/// The form's submit handler: through the server function once the WASM runs.
#[cfg(feature = "hydrate")]
fn sender(sending: Sending) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    let Sending {
        id,
        params,
        form,
        busy,
        errors,
        on_shown,
        on_invalid,
    } = sending;
    let lang = use_i18n().lang;
    let written = use_context::<Written>();
    let navigate = leptos_router::hooks::use_navigate();
    // Set when the server refused the call itself: the next submission is a plain POST.
    let plain = StoredValue::new(false);
    move |ev: leptos::ev::SubmitEvent| {
        if plain.try_get_value().unwrap_or(true) {
            return;
        }
        let Some(element) = form.get_untracked() else {
            return;
        };
        let submitter = ev.submitter();
        let Some(body) = body_of(&element, submitter.as_ref()) else {
            return;
        };
        ev.prevent_default();
        if busy.get_untracked() {
            // Pressed again while the first press is on its way.
            return;
        }
        busy.set(true);
        let params = params.clone();
        let navigate = navigate.clone();
        let before = notice_now();
        leptos::task::spawn_local(async move {
            let reply = run_action(id.to_string(), params, body, lang).await;
            // The form may be gone meanwhile (its page drawn again with fresh data): then
            // only a `Go` is followed, and nothing else of the form is touched.
            let _ = busy.try_set(false);
            match reply {
                // Another site (a space's login page): the browser goes there.
                Ok(ActionReply::Go(next))
                    if next.starts_with("https://") || next.starts_with("http://") =>
                {
                    let _ = window().location().set_href(&next);
                }
                Ok(ActionReply::Go(next)) => {
                    // The same page again: its data are fetched afresh. Another page fetches
                    // its own as it opens.
                    let here = window().location().pathname().unwrap_or_default();
                    let same_page = next.split(['?', '#']).next() == Some(here.as_str());
                    navigate(&next, Default::default());
                    if let (true, Some(written)) = (same_page, written) {
                        written.count();
                    }
                    focus_new_notice(before, 60);
                }
                Ok(ActionReply::Show(json)) => match on_shown {
                    Some(on_shown) => {
                        let _ = on_shown.try_run(json);
                    }
                    None => refused(errors, ErrorCode::Server),
                },
                Ok(ActionReply::Invalid(found)) => {
                    if let Some(on_invalid) = on_invalid {
                        let _ = on_invalid.try_run(());
                    }
                    if errors.try_set(found).is_none() {
                        super::fields::focus_soon("error-summary");
                    }
                }
                // The server refused the call before doing anything (401, 403, 404, 422): the
                // plain POST shows the page that says why.
                Err(ServerFnError::ServerError(_)) => {
                    if plain.try_set_value(true).is_none() {
                        let _ = element.request_submit_with_submitter(submitter.as_ref());
                    }
                }
                // Never sent, or no answer: nothing is known to be done, nothing typed is lost.
                Err(_) => refused(errors, ErrorCode::Server),
            }
        });
    }
}

#[cfg(not(feature = "hydrate"))]
fn sender(_: Sending) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    |_| {}
}

#[cfg(feature = "hydrate")]
fn refused(errors: RwSignal<FormErrors>, code: ErrorCode) {
    if errors.try_set(FormErrors::form(code)).is_none() {
        super::fields::focus_soon("error-summary");
    }
}

/// What the form holds, URL-encoded as the browser would post it (the pressed button's
/// own name and value included).
#[cfg(feature = "hydrate")]
fn body_of(
    form: &web_sys::HtmlFormElement,
    submitter: Option<&web_sys::HtmlElement>,
) -> Option<String> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    if let Some(name) = submitter.and_then(|b| b.get_attribute("name")) {
        let value = submitter
            .and_then(|b| b.get_attribute("value"))
            .unwrap_or_default();
        data.append_with_str(&name, &value).ok()?;
    }
    let query = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    Some(query.to_string().into())
}

/// Once what is shown in place is drawn, moves focus to the page's heading, as a new page
/// would open: the form that had it is gone.
#[cfg(feature = "hydrate")]
fn focus_heading() {
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        if let Some(h1) = document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = h1.set_attribute("tabindex", "-1");
            let _ = h1.focus();
        }
    });
}

/// The outcome's notice a page opens on (`autofocus`), if any.
#[cfg(feature = "hydrate")]
fn notice_now() -> Option<web_sys::Element> {
    document()
        .query_selector("main [role=status][autofocus], main [role=alert][autofocus]")
        .ok()
        .flatten()
}

/// Once the page shows the outcome's notice (a new one: the page's data come back after
/// the navigation), moves focus there, as a page load would (`autofocus`). Tries for three
/// seconds; a page without a notice keeps the focus where the router leaves it.
#[cfg(feature = "hydrate")]
fn focus_new_notice(before: Option<web_sys::Element>, tries: u32) {
    use wasm_bindgen::JsCast;
    if let Some(now) = notice_now() {
        let same = before.as_ref().is_some_and(|b| b.is_same_node(Some(&now)));
        if !same {
            if let Ok(el) = now.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            return;
        }
    }
    if tries > 0 {
        set_timeout(
            move || focus_new_notice(before, tries - 1),
            std::time::Duration::from_millis(50),
        );
    }
}
