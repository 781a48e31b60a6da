//! Form widgets that follow the accessible-error pattern: an error summary with links to
//! the fields, each error tied to its field with `aria-describedby`.

use leptos::prelude::*;

use leptos_router::hooks::use_navigate;

use crate::forms::kit::{field_id, form_from, values_of, Form, FormOutcome, SubmitForm};
use crate::forms::{ErrorCode, FormErrors, Posted};
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
            // `autofocus`: a page rendered again with errors opens on its summary, even
            // without JavaScript; with it, the form moves focus there itself.
            view! {
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary" autofocus>
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
    #[prop(into)] id: String,
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
            <label for=id.clone()>{label}</label>
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
            <button type="submit" class="button" on:mousedown=keep_focus>{submit}</button>
        </form>
    }
}

/// On a submit button: pressing it leaves the focus where it is. Otherwise the field
/// being left would be checked between the press and the release, its error would push
/// the button away, and the click would land beside it. The submission checks every
/// field anyway.
fn keep_focus(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
}

/// Moves focus to the element `id` once the browser has drawn the change that shows it.
fn focus_soon(id: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// What a refused plain POST left for the page (the server provides it), sent along with
/// the page for hydration.
pub fn posted<T>() -> Posted<T>
where
    T: Clone
        + Default
        + serde::Serialize
        + for<'de> serde::Deserialize<'de>
        + Send
        + Sync
        + 'static,
{
    SharedValue::new(use_context::<Posted<T>>)
        .into_inner()
        .unwrap_or_default()
}

/// Any form on the kit (see [`crate::forms::kit`]): its fields from the declaration, the
/// error summary, a plain POST without JavaScript; with it, each field checked when left
/// and the form sent through the kit's server function.
#[component]
pub fn KitForm<F: Form>(
    /// Fluent key of a paragraph shown above the button.
    #[prop(optional)]
    note: Option<&'static str>,
    /// Names the form's type in the props (written `<KitForm<NewsletterSignup>/>`).
    #[prop(optional)]
    _form: std::marker::PhantomData<F>,
) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<F>();
    let initial = values_of(&posted.values);
    let errors = RwSignal::new(posted.errors);
    let fields = StoredValue::new(
        F::FIELDS
            .iter()
            .map(|f| {
                let value = initial.get(f.name).cloned().unwrap_or_default();
                (*f, RwSignal::new(value))
            })
            .collect::<Vec<_>>(),
    );
    let current = move || -> F {
        form_from(fields.with_value(|fs| {
            fs.iter()
                .map(|(f, v)| (f.name.to_string(), v.get_untracked()))
                .collect()
        }))
    };
    let action = ServerAction::<SubmitForm>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(FormOutcome::Done(next)) => navigate(&next, Default::default()),
                Ok(FormOutcome::Invalid(found)) => {
                    errors.set(found);
                    focus_soon("error-summary");
                }
                Err(_) => {
                    errors.set(FormErrors::form(ErrorCode::Server));
                    focus_soon("error-summary");
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = current();
        let found = FormErrors::of(&form);
        let valid = found.is_empty();
        errors.set(found);
        if valid {
            action.dispatch(SubmitForm {
                form: F::ID.to_string(),
                values: values_of(&form),
                lang: i18n.lang,
            });
        } else {
            focus_soon("error-summary");
        }
    };
    let inputs = fields.with_value(|fs| {
        fs.iter()
            .map(|(f, value)| {
                let name = f.name;
                let on_change = Callback::new(move |()| {
                    let fresh = FormErrors::of(&current());
                    errors.update(|e| e.refresh_field(name, &fresh));
                });
                let id = field_id::<F>(name);
                view! {
                    <TextField
                        id=id
                        name=name
                        label=i18n.t(f.label)
                        hint=f.hint.map(|h| i18n.t(h)).unwrap_or_default()
                        input_type=f.input.html_type()
                        autocomplete=f.autocomplete
                        value=*value
                        errors
                        on_change
                        node_ref=NodeRef::new()
                    />
                }
            })
            .collect_view()
    });
    let summary_ids = |name: &str| field_id::<F>(name);
    let path = F::PATH;
    view! {
        <form class="form" method="post" action=path novalidate on:submit=on_submit>
            <ErrorSummary errors field_id=summary_ids/>
            {inputs}
            {note.map(|key| view! { <p class="form-note">{i18n.t(key)}</p> })}
            <button
                type="submit"
                class="button"
                disabled=move || action.pending().get()
                on:mousedown=keep_focus
            >
                {move || {
                    if action.pending().get() { i18n.t(F::SUBMITTING) } else { i18n.t(F::SUBMIT) }
                }}
            </button>
        </form>
    }
}
