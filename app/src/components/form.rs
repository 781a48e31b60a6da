//! Form widgets that follow the accessible-error pattern: an error summary with links to
//! the fields, each error tied to its field with `aria-describedby`.

use leptos::prelude::*;

use crate::forms::{ErrorCode, FormErrors};
use crate::i18n::{use_i18n, I18n};

/// Translation of an error code.
pub fn error_text(i18n: I18n, code: ErrorCode) -> String {
    i18n.t(&code.message_key())
}

/// The list of errors at the top of a form, announced when it appears.
#[component]
pub fn ErrorSummary(
    errors: RwSignal<FormErrors>,
    /// Maps a field name to the `id` of its input.
    field_id: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let errs = errors.get();
        (!errs.is_empty()).then(|| {
            let title = i18n.ta("form-error-summary", &[("count", errs.len().into())]);
            let items = errs
                .0
                .into_iter()
                .map(|e| {
                    let text = error_text(i18n, e.code);
                    match e.field {
                        Some(f) => view! {
                            <li><a href=format!("#{}", field_id(&f))>{text}</a></li>
                        }
                        .into_any(),
                        None => view! { <li>{text}</li> }.into_any(),
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
                    <p class="error-summary-title">{title}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// A labelled text input with its hint and error.
#[component]
pub fn TextField(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    /// Called when the field loses focus after a change, to validate it at once.
    on_change: Callback<()>,
    node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = hint.filter(|h| !h.is_empty());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = move || errors.with(|e| e.field(name));
    let describedby = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            {move || {
                error()
                    .map(|code| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                <span class="visually-hidden">{i18n.t("form-error-prefix")} " "</span>
                                {error_text(i18n, code)}
                            </p>
                        }
                    })
            }}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                spellcheck="false"
                value=move || value.get()
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=describedby
                node_ref=node_ref
                on:input=move |ev| value.set(event_target_value(&ev))
                on:change=move |_| on_change.run(())
            />
        </div>
    }
}

/// A form of one field that the server handles with a plain POST, with or without
/// JavaScript. Once the WASM has loaded, the field is checked as soon as it is left, and
/// a submission with errors is stopped in the browser (errors shown, focus on the field);
/// a valid one goes to the server as a normal POST. After a refused POST, the server
/// renders the page with `value` and `initial_errors`.
#[component]
pub fn OneFieldForm(
    /// The form's own URL.
    action: &'static str,
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(into)] submit: String,
    value: String,
    initial_errors: FormErrors,
    /// The same check the server makes.
    validate: fn(&str) -> FormErrors,
) -> impl IntoView {
    let value = RwSignal::new(value);
    let errors = RwSignal::new(initial_errors);
    let input = NodeRef::<leptos::html::Input>::new();
    let field_id = move |_: &str| id.to_string();
    let on_change = Callback::new(move |()| {
        let fresh = validate(&value.get_untracked());
        errors.update(|e| e.refresh_field(name, &fresh));
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let found = validate(&value.get_untracked());
        if !found.is_empty() {
            ev.prevent_default();
            errors.set(found);
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
            }
        }
    };
    view! {
        <form class="form" method="post" action=action novalidate on:submit=on_submit>
            <ErrorSummary errors field_id=field_id/>
            <TextField
                id=id
                name=name
                label=label
                hint=hint.unwrap_or_default()
                input_type=input_type
                autocomplete=autocomplete
                value
                errors
                on_change
                node_ref=input
            />
            <button type="submit" class="button">{submit}</button>
        </form>
    }
}
