//! Form widgets that follow the accessible-error pattern: an error summary with links to
//! the fields, each error tied to its field with `aria-describedby`.

use leptos::prelude::*;

use crate::forms::FormErrors;
use crate::i18n::{use_i18n, I18n};

/// Translation of an error code.
pub fn error_text(i18n: I18n, code: &str) -> String {
    i18n.t(&format!("error-{code}"))
}

/// The list of errors at the top of a form, announced when it appears.
#[component]
pub fn ErrorSummary(
    errors: RwSignal<FormErrors>,
    /// Maps a field name to the `id` of its input.
    field_id: fn(&str) -> String,
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
                    let text = error_text(i18n, &e.code);
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
                                {error_text(i18n, &code)}
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
