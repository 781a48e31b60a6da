//! The fields of a form, following the accessible-error pattern: an error summary with links
//! to the fields, each error tied to its field with `aria-describedby`. The forms that lay
//! them out are in [`super::form`].

use leptos::prelude::*;

use crate::forms::{ErrorCode, FormErrors};
use crate::i18n::{use_i18n, Arg, I18n};

/// The operator's settings that labels, hints and error messages may state.
fn site_args() -> Vec<(&'static str, Arg)> {
    let site = crate::site::use_env().site;
    let limits = &site.applications;
    vec![
        ("line_max", limits.line_max.into()),
        ("text_max", limits.text_max.into()),
        ("members_max", (limits.members_max as usize).into()),
        ("max_accounts", (site.accounts_per_space as usize).into()),
        ("quota", (site.quota_gb as usize).into()),
        ("domain", Arg::from(site.domain_suffix)),
    ]
}

/// A form's text (label, hint) in the page's language, with the site's settings.
pub(super) fn form_text(i18n: I18n, key: &str) -> String {
    i18n.ta(key, &site_args())
}

/// Translation of an error code, given the limits some messages state.
pub fn error_text(i18n: I18n, code: ErrorCode) -> String {
    form_text(i18n, &code.message_key())
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
    /// Several lines: a `<textarea>`.
    #[prop(optional)]
    multiline: bool,
    /// Digits: phones show a numeric keyboard.
    #[prop(optional)]
    numeric: bool,
    #[prop(optional)] autocomplete: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    /// Called when the field loses focus after a change, to validate it at once.
    on_change: Callback<()>,
    node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let Described {
        hint,
        error,
        describedby,
        invalid,
    } = described(&id, name, hint.unwrap_or_default(), errors);
    let aria_invalid = {
        let invalid = invalid.clone();
        move || invalid().then_some("true")
    };
    view! {
        <div class="field" class:field-invalid=move || invalid()>
            <label for=id.clone()>{label}</label>
            {hint}
            {error}
            {if multiline {
                view! {
                    <textarea
                        id=id
                        name=name
                        rows="5"
                        aria-invalid=aria_invalid
                        aria-describedby=describedby
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                        on:change=move |_| {
                            // A field removed while focused (its form replaced by what
                            // the action showed) may still say it changed: nothing to check.
                            let _ = on_change.try_run(());
                        }
                    >
                        {textarea_text(value.get_untracked())}
                    </textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=id
                        name=name
                        type=input_type
                        inputmode=numeric.then_some("numeric")
                        autocomplete=autocomplete
                        spellcheck="false"
                        // The attribute for the page as it arrives; the property for a value
                        // set afterwards (a suggestion picked), once the field was typed in.
                        value=move || value.get()
                        prop:value=move || value.get()
                        aria-invalid=aria_invalid
                        aria-describedby=describedby
                        node_ref=node_ref
                        on:input=move |ev| value.set(event_target_value(&ev))
                        on:change=move |_| {
                            let _ = on_change.try_run(());
                        }
                    />
                }
                .into_any()
            }}
        </div>
    }
}

/// What a `<textarea>` holds as the page arrives. The renderer writes a textarea's children
/// unescaped (it is raw text to HTML), so the server escapes them itself, or a value holding
/// `</textarea>` would end the field and run as markup; the browser reads the entities back
/// to the very text typed. In the browser, the text is set as it is.
fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        crate::components::title::escape_raw_text(&text)
    } else {
        text
    }
}

/// The hint and the error of a field, and the `aria-describedby` that ties them to it.
struct Described {
    hint: Option<AnyView>,
    error: Box<dyn Fn() -> Option<AnyView> + Send + Sync>,
    describedby: Box<dyn Fn() -> Option<String> + Send + Sync>,
    invalid: std::sync::Arc<dyn Fn() -> bool + Send + Sync>,
}

fn described(
    id: &str,
    name: &'static str,
    hint: String,
    errors: RwSignal<FormErrors>,
) -> Described {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = !hint.is_empty();
    let error = move || errors.with(|e| e.field(name));
    let ids = (hint_id.clone(), error_id.clone());
    Described {
        hint: has_hint.then(|| view! { <p class="field-hint" id=hint_id>{hint}</p> }.into_any()),
        error: Box::new(move || {
            error().map(|code| {
                view! {
                    <p class="field-error" id=error_id.clone()>
                        <span class="visually-hidden">{i18n.t("form-error-prefix")} " "</span>
                        {error_text(i18n, code)}
                    </p>
                }
                .into_any()
            })
        }),
        describedby: Box::new(move || {
            let mut out = Vec::new();
            if has_hint {
                out.push(ids.0.clone());
            }
            if error().is_some() {
                out.push(ids.1.clone());
            }
            (!out.is_empty()).then(|| out.join(" "))
        }),
        invalid: std::sync::Arc::new(move || error().is_some()),
    }
}

/// One answer among a few, as radio buttons in a fieldset. The first button carries the
/// field's id, for the error summary's link.
#[component]
pub(crate) fn ChoiceField(
    id: String,
    name: &'static str,
    label: String,
    hint: String,
    values: &'static [&'static str],
    /// The form's id: each value's label is `<form id>-<field>-<value>`.
    option_prefix: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Described {
        hint,
        error,
        describedby,
        invalid,
    } = described(&id, name, hint, errors);
    let describedby = std::sync::Arc::new(describedby);
    let buttons = values
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let input_id = if n == 0 {
                id.clone()
            } else {
                format!("{id}-{v}")
            };
            let describedby = describedby.clone();
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=input_id.clone()
                        name=name
                        value=*v
                        checked=move || value.get() == *v
                        aria-describedby=move || describedby()
                        on:change=move |_| {
                            value.set(v.to_string());
                            let _ = on_change.try_run(());
                        }
                    />
                    <label for=input_id>{i18n.t(&format!("{option_prefix}-{name}-{v}"))}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" class:field-invalid=move || invalid()>
            <legend>{label}</legend>
            {hint}
            {error}
            {buttons}
        </fieldset>
    }
}

/// Options of a drop-down list, under an optional group label: `(value, label)` each.
pub type OptionGroup = (Option<String>, Vec<(String, String)>);

/// `(value, label)` of each value, labelled `<form id>-<field>-<value>`.
pub(super) fn keyed_options(
    i18n: I18n,
    form: &str,
    field: &str,
    values: &'static [&'static str],
) -> Vec<OptionGroup> {
    vec![(
        None,
        values
            .iter()
            .map(|v| (v.to_string(), i18n.t(&format!("{form}-{field}-{v}"))))
            .collect(),
    )]
}

/// The fields of action of the application form, labelled as it labels them.
pub(crate) fn field_of_action_options(i18n: I18n) -> Vec<OptionGroup> {
    keyed_options(
        i18n,
        "application",
        "field_of_action",
        common::application::FIELDS_OF_ACTION,
    )
}

/// The departments, then the French-speaking countries, in two groups.
pub(crate) fn place_options(i18n: I18n) -> Vec<OptionGroup> {
    let lang = i18n.lang.as_str();
    vec![
        (
            Some(i18n.t("place-group-departments")),
            common::places::DEPARTMENTS
                .iter()
                .map(|(code, _)| (code.to_string(), common::places::place_name(code, lang)))
                .collect(),
        ),
        (
            Some(i18n.t("place-group-countries")),
            common::places::COUNTRIES
                .iter()
                .map(|(code, _, _)| (code.to_string(), common::places::place_name(code, lang)))
                .collect(),
        ),
    ]
}

/// One answer in a drop-down list, with an empty first choice.
#[component]
pub fn SelectField(
    id: String,
    name: &'static str,
    label: String,
    hint: String,
    /// Groups of `(value, label)`, each with its optional group label.
    options: Vec<OptionGroup>,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Described {
        hint,
        error,
        describedby,
        invalid,
    } = described(&id, name, hint, errors);
    let option = move |(v, text): (String, String)| {
        let current = v.clone();
        view! { <option value=v selected=move || value.get() == current>{text}</option> }
    };
    let groups = options
        .into_iter()
        .map(|(group, items)| match group {
            Some(label) => view! {
                <optgroup label=label>{items.into_iter().map(option).collect_view()}</optgroup>
            }
            .into_any(),
            None => items.into_iter().map(option).collect_view().into_any(),
        })
        .collect_view();
    view! {
        <div class="field" class:field-invalid=move || invalid()>
            <label for=id.clone()>{label}</label>
            {hint}
            {error}
            <select
                id=id
                name=name
                aria-invalid={
                    let invalid = invalid.clone();
                    move || invalid().then_some("true")
                }
                aria-describedby=describedby
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    let _ = on_change.try_run(());
                }
            >
                <option value="" selected=move || value.get().is_empty()>{i18n.t("form-choose")}</option>
                {groups}
            </select>
        </div>
    }
}

/// A box to tick; its value is `yes` when ticked.
#[component]
pub(crate) fn CheckboxField(
    id: String,
    name: &'static str,
    label: String,
    hint: String,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    on_change: Callback<()>,
) -> impl IntoView {
    let Described {
        hint,
        error,
        describedby,
        invalid,
    } = described(&id, name, hint, errors);
    view! {
        <div class="field field-checkbox" class:field-invalid=move || invalid()>
            {error}
            <div class="choice">
                <input
                    type="checkbox"
                    id=id.clone()
                    name=name
                    value="yes"
                    checked=move || value.get() == "yes"
                    aria-invalid={
                    let invalid = invalid.clone();
                    move || invalid().then_some("true")
                }
                    aria-describedby=describedby
                    on:change=move |ev| {
                        value.set(if event_target_checked(&ev) { "yes".into() } else { String::new() });
                        let _ = on_change.try_run(());
                    }
                />
                <label for=id>{label}</label>
            </div>
            {hint}
        </div>
    }
}

/// A field robots fill and people never see: off screen, out of the tab order, hidden
/// from assistive technologies, never autofilled.
#[component]
pub(super) fn TrapField(
    id: String,
    name: &'static str,
    label: String,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="trap" aria-hidden="true">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type="text"
                tabindex="-1"
                autocomplete="off"
                value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// Moves focus to the element `id` once the browser has drawn the change that shows it.
pub(crate) fn focus_soon(id: &'static str) {
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
