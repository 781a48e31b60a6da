//! Forms that follow the accessible-error pattern: a one-field form, a note form and the
//! kit's form ([`KitForm`]), which lays out the fields of [`super::fields`].

use leptos::prelude::*;

use super::action_form::{ActionForm, Sending};
use super::fields::{
    focus_soon, form_text, keyed_options, place_options, CheckboxField, ChoiceField, ErrorSummary,
    SelectField, TextField, TrapField,
};
use crate::actions::Action;
use crate::forms::kit::{field_id, form_from, values_of, CheckField, Form, Input, LiveCheck};
use crate::forms::{FormErrors, Posted, PostedValues};
use crate::i18n::use_i18n;

/// The form of one field of action `A` (a second-factor code). Once the WASM has loaded,
/// the field is checked as soon as it is left, and a submission with errors is stopped in
/// the browser (errors shown, focus on the field); a valid one goes to the server through
/// the action's server function ([`ActionForm`]). Without JavaScript it is a plain POST,
/// and after a refused one the server renders the page with `value` and `initial_errors`.
#[component]
pub fn OneFieldForm<A: Action>(
    /// Names the action's type in the props (written `<OneFieldForm<EnterCode> …>`).
    #[prop(optional)]
    _action: std::marker::PhantomData<A>,
    params: A::Params,
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
    /// Where an outcome shown in place goes (see [`ActionForm`]).
    #[prop(default = None)]
    shown: Option<RwSignal<Option<A::Outcome>>>,
) -> impl IntoView {
    let value = RwSignal::new(value);
    let errors = RwSignal::new(initial_errors);
    let input = NodeRef::<leptos::html::Input>::new();
    let field_id = move |_: &str| id.to_string();
    let on_change = Callback::new(move |()| {
        let fresh = validate(&value.get_untracked());
        errors.update(|e| e.refresh_field(name, &fresh));
    });
    let check = Callback::new(move |()| {
        let found = validate(&value.get_untracked());
        let valid = found.is_empty();
        if !valid {
            errors.set(found);
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
            }
        }
        valid
    });
    // A refused secret (a code) is never kept: the field is empty again, as without
    // JavaScript.
    let secret = A::SECRET_FIELDS.contains(&name);
    let on_invalid = secret.then(|| Callback::new(move |()| value.set(String::new())));
    view! {
        <ActionForm<A> params class="form" errors=Some(errors) check=Some(check) shown on_invalid>
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
        </ActionForm<A>>
    }
}

/// The form of an action's long text among others on a page (a question, a note, an
/// answer). The server checks the text; when it refuses it, it renders the page again
/// (without JavaScript) or answers with the errors (with it, see [`ActionForm`]), this
/// form's text kept and its error beside the field and summarised above it.
/// The form posts its `id` as `form`, so that the server knows which one to show again.
#[component]
pub fn NoteForm<A: Action>(
    /// Names the action's type in the props (written `<NoteForm<SpaceChange> …>`).
    #[prop(optional)]
    _action: std::marker::PhantomData<A>,
    /// The action's path parameters.
    params: A::Params,
    /// The form's name among the page's, and its text field's id.
    id: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] submit: String,
    /// A secondary action: a plainer button.
    #[prop(optional)]
    secondary: bool,
    /// One line (an address) rather than several.
    #[prop(optional)]
    one_line: bool,
    /// What the field takes, under its label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Hidden fields and other controls, placed before the text.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let mut posted = posted::<PostedValues>();
    let mine = posted.values.get("form").map(String::as_str) == Some(id);
    let value = RwSignal::new(if mine {
        posted.values.remove("text").unwrap_or_default()
    } else {
        String::new()
    });
    let errors = RwSignal::new(if mine {
        posted.errors
    } else {
        FormErrors::default()
    });
    view! {
        <ActionForm<A> params class="form" errors=Some(errors)>
            <input type="hidden" name="form" value=id/>
            {children.map(|c| c())}
            <ErrorSummary errors field_id=move |_| id.to_string()/>
            <TextField
                id=id
                name="text"
                label=label
                hint=hint.unwrap_or_default()
                multiline=!one_line
                value
                errors
                on_change=Callback::new(|()| {})
                node_ref=NodeRef::new()
            />
            <button type="submit" class=if secondary { "button button-secondary" } else { "button" }>
                {submit}
            </button>
        </ActionForm<A>>
    }
}

/// On a submit button: pressing it leaves the focus where it is. Otherwise the field
/// being left would be checked between the press and the release, its error would push
/// the button away, and the click would land beside it. The submission checks every
/// field anyway.
fn keep_focus(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
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
/// and the form sent as the action it is ([`crate::forms::action::Kit`], through [`Sending`]).
#[component]
pub fn KitForm<F: Form>(
    /// Fluent key of a paragraph shown above the button.
    #[prop(optional)]
    note: Option<&'static str>,
    /// Names the form's type in the props (written `<KitForm<NewsletterSignup>/>`).
    #[prop(optional)]
    _form: std::marker::PhantomData<F>,
    /// The values the form opens with (an item being edited), unless a refused POST
    /// brought back what was typed.
    #[prop(optional)]
    values: Option<F>,
) -> impl IntoView {
    let i18n = use_i18n();
    // What a refused plain POST brought back, read as the form reads a body.
    let posted = posted::<PostedValues>();
    let initial = match values {
        Some(values) if posted.values.is_empty() => values_of(&values),
        _ => values_of(&form_from::<F>(posted.values)),
    };
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
    let site = StoredValue::new(crate::site::use_env().site);
    let check = move |form: &F| site.with_value(|site| form.errors(site));
    let busy = RwSignal::new(false);
    // The server's check of the `LIVE` fields as they are left (an address taken): its
    // refusal shows as the field's error, with values that would do.
    let live = ServerAction::<CheckField>::new();
    let live_field = StoredValue::new("");
    let live_result = RwSignal::new(None::<(&'static str, LiveCheck)>);
    Effect::new(move |_| {
        if let Some(Ok(result)) = live.value().get() {
            let name = live_field.get_value();
            if let LiveCheck::Refused { code, .. } = &result {
                errors.update(|e| e.set_field(name, *code));
            }
            live_result.set(Some((name, result)));
        }
    });
    // Every rule, in the browser, before the form is sent: the first error takes focus.
    let check_all = Callback::new(move |()| {
        let found = check(&current());
        let valid = found.is_empty();
        errors.set(found);
        if !valid {
            focus_soon("error-summary");
        }
        valid
    });
    // A field is checked as soon as it is left, but not while a pointer is pressed:
    // pressing another control is what leaves the field, and an error appearing then would
    // push that control away before the press ends, losing the click. Such a check waits
    // for the release (and the click it makes).
    let pressing = StoredValue::new(false);
    let waiting = StoredValue::new(Vec::<&'static str>::new());
    let refresh = move |name: &'static str| {
        let form = current();
        let fresh = check(&form);
        errors.update(|e| e.refresh_field(name, &fresh));
        if F::LIVE.contains(&name) {
            live_result.set(None);
            let values = values_of(&form);
            let typed = values.get(name).is_some_and(|v| !v.trim().is_empty());
            if fresh.field(name).is_none() && typed {
                live_field.set_value(name);
                live.dispatch(CheckField {
                    form: F::ID.to_string(),
                    field: name.to_string(),
                    values,
                    lang: i18n.lang,
                });
            }
        }
    };
    // A value the server offers for another field, taken if that field is still empty,
    // then checked as if it had been typed.
    Effect::new(move |_| {
        if let Some(Ok(LiveCheck::Fill { field, value })) = live.value().get() {
            let target = fields.with_value(|fs| {
                fs.iter()
                    .find(|(f, _)| f.name == field)
                    .map(|(f, v)| (f.name, *v))
            });
            if let Some((name, signal)) = target {
                if !value.is_empty() && signal.get_untracked().trim().is_empty() {
                    signal.set(value);
                    refresh(name);
                }
            }
        }
    });
    #[cfg(feature = "hydrate")]
    {
        use leptos::leptos_dom::helpers::{set_timeout, window_event_listener};
        let down = window_event_listener(leptos::ev::pointerdown, move |_| {
            pressing.set_value(true);
        });
        let release = move || {
            pressing.set_value(false);
            set_timeout(
                move || {
                    let names = waiting.try_update_value(std::mem::take).unwrap_or_default();
                    for name in names {
                        refresh(name);
                    }
                },
                std::time::Duration::ZERO,
            );
        };
        let up = window_event_listener(leptos::ev::pointerup, move |_| release());
        let cancel = window_event_listener(leptos::ev::pointercancel, move |_| release());
        on_cleanup(move || {
            down.remove();
            up.remove();
            cancel.remove();
        });
    }
    let inputs = fields.with_value(|fs| {
        fs.iter()
            .map(|(f, value)| {
                let name = f.name;
                let on_change = Callback::new(move |()| {
                    if pressing.get_value() {
                        waiting.update_value(|w| {
                            if !w.contains(&name) {
                                w.push(name);
                            }
                        });
                    } else {
                        refresh(name);
                    }
                });
                let id = field_id::<F>(name);
                let label = form_text(i18n, f.label);
                let hint = f.hint.map(|h| form_text(i18n, h)).unwrap_or_default();
                let value = *value;
                let field = match f.input {
                    Input::Radios(values) => view! {
                        <ChoiceField id name label hint values option_prefix=F::ID value errors on_change/>
                    }
                    .into_any(),
                    Input::Select(values) => view! {
                        <SelectField id name label hint options=keyed_options(i18n, F::ID, name, values) value errors on_change/>
                    }
                    .into_any(),
                    Input::Place => view! {
                        <SelectField id name label hint options=place_options(i18n) value errors on_change/>
                    }
                    .into_any(),
                    Input::Checkbox => view! {
                        <CheckboxField id name label hint value errors on_change/>
                    }
                    .into_any(),
                    Input::Trap => view! { <TrapField id name label value/> }.into_any(),
                    Input::Hidden => view! {
                        <input type="hidden" name=name value=move || value.get()/>
                    }
                    .into_any(),
                    input => view! {
                        <TextField
                            id=id
                            name=name
                            label=label
                            hint=hint
                            input_type=input.html_type()
                            multiline=input == Input::LongText
                            numeric=input == Input::Number
                            autocomplete=f.autocomplete
                            value=value
                            errors
                            on_change
                            node_ref=NodeRef::new()
                        />
                    }
                    .into_any(),
                };
                let section = f.section.map(|key| {
                    view! { <h2 class="form-section">{i18n.t(key)}</h2> }
                });
                let note = F::LIVE.contains(&name).then(|| {
                    let fine_key = format!("{}-{name}-fine", F::ID);
                    view! {
                        <div class="live-check" aria-live="polite" id=format!("{}-live", field_id::<F>(name))>
                            {move || match live_result.get() {
                                Some((n, LiveCheck::Fine)) if n == name => {
                                    view! { <p class="field-fine">{form_text(i18n, &fine_key)}</p> }.into_any()
                                }
                                Some((n, LiveCheck::Refused { suggestions, .. })) if n == name && !suggestions.is_empty() => {
                                    view! {
                                        <p>{i18n.t("form-suggestions")}</p>
                                        <ul class="suggestions">
                                            {suggestions.into_iter().map(|s| {
                                                let pick = s.clone();
                                                view! {
                                                    <li>
                                                        <button
                                                            type="button"
                                                            class="button button-secondary"
                                                            on:click=move |_| {
                                                                value.set(pick.clone());
                                                                refresh(name);
                                                            }
                                                        >
                                                            {s}
                                                        </button>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }
                                    .into_any()
                                }
                                _ => ().into_any(),
                            }}
                        </div>
                    }
                });
                view! { {section} {field} {note} }
            })
            .collect_view()
    });
    let summary_ids = |name: &str| field_id::<F>(name);
    // Sent as the action `Kit<F>` is: its path has no parameter, and its outcome is never
    // shown in place.
    let form = NodeRef::<leptos::html::Form>::new();
    let sending = Sending {
        id: F::ID,
        params: String::new(),
        form,
        busy,
        errors,
        on_shown: None,
        on_invalid: None,
    };
    view! {
        <form
            class="form"
            method="post"
            action=F::PATH
            novalidate
            node_ref=form
            on:submit=sending.on_submit(Some(check_all))
        >
            <ErrorSummary errors field_id=summary_ids/>
            {inputs}
            {note.map(|key| view! { <p class="form-note">{i18n.t(key)}</p> })}
            <button
                type="submit"
                class="button"
                disabled=move || busy.get()
                on:mousedown=keep_focus
            >
                {move || if busy.get() { i18n.t(F::SUBMITTING) } else { i18n.t(F::SUBMIT) }}
            </button>
        </form>
    }
}
