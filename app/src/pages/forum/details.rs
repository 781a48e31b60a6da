//! The details of a space a question may carry (issue 22, point 8). The dashboard's help
//! link opens « Poser une question » with its space's Nextcloud version and office suite in
//! the address (`/forum/nouveau?nextcloud=30.0.4&bureautique=collabora`); the composer
//! writes them out in words, in a box closed by default, which the person may change or
//! empty before sending; they end the question as its last paragraph. Nothing else of the
//! space travels (never its members nor its data), and a forged address can only carry a
//! version made of digits and dots and one of the office suites.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::components::fields::TextField;
use crate::forms::FormErrors;
use crate::i18n::{use_i18n, Arg, I18n};

/// The new question's parameters: the Nextcloud version and the office suite.
const VERSION_PARAM: &str = "nextcloud";
const OFFICE_PARAM: &str = "bureautique";
/// Its parameter of a category chosen.
pub const CATEGORY_PARAM: &str = "categorie";

/// Where a space's dashboard sends to ask a question about it: running Nextcloud `version`
/// (when the last check read it) with the office suite `office`.
pub fn ask_about(version: Option<&str>, office: &str) -> String {
    let mut pairs = vec![(OFFICE_PARAM.to_string(), office.to_string())];
    if let Some(version) = version.filter(|v| is_version(v)) {
        pairs.push((VERSION_PARAM.to_string(), version.to_string()));
    }
    format!(
        "{}?{}",
        super::NEW_TOPIC_PATH,
        crate::actions::query_of(&pairs)
    )
}

/// A version as `status.php` gives it: digits and dots, at most twenty.
fn is_version(v: &str) -> bool {
    v.len() <= 20
        && v.starts_with(|c: char| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The words the composer opens with, from the page's `query`: `None` when it names no
/// office suite (the page was not opened from a dashboard).
pub fn from_query(i18n: I18n, query: &ParamsMap) -> Option<String> {
    let office = common::application::office_name(&query.get(OFFICE_PARAM)?)?;
    Some(match query.get(VERSION_PARAM).filter(|v| is_version(v)) {
        Some(version) => i18n.ta(
            "forum-details-text",
            &[
                ("version", Arg::from(version)),
                ("office", Arg::from(office)),
            ],
        ),
        None => i18n.ta("forum-details-office", &[("office", Arg::from(office))]),
    })
}

/// The page the login returns to: the new question's, with what `query` names of it.
pub fn back(query: &ParamsMap) -> String {
    let pairs: Vec<(String, String)> = [CATEGORY_PARAM, OFFICE_PARAM, VERSION_PARAM]
        .into_iter()
        .filter_map(|name| query.get(name).map(|v| (name.to_string(), v)))
        .collect();
    match pairs.is_empty() {
        true => super::NEW_TOPIC_PATH.to_string(),
        false => format!(
            "{}?{}",
            super::NEW_TOPIC_PATH,
            crate::actions::query_of(&pairs)
        ),
    }
}

/// The box of the details, closed unless they were refused.
#[component]
pub fn DetailsField(value: RwSignal<String>, errors: RwSignal<FormErrors>) -> impl IntoView {
    let i18n = use_i18n();
    let refused = move || errors.with(|e| e.field("details").is_some());
    view! {
        <details class="composer-details" open=refused>
            <summary>{i18n.t("forum-details-summary")}</summary>
            <TextField
                id="forum-details"
                name="details"
                label=i18n.t("forum-details")
                hint=i18n.t("forum-details-hint")
                multiline=true
                value
                errors
                on_change=Callback::new(|()| {})
                node_ref=NodeRef::new()
            />
        </details>
    }
}
