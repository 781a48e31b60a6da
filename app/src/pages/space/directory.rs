//! The directory of associations with a space: the space's own entry (in the directory only
//! once ticked), its connections with other spaces ([`super::connections`]), and a search of
//! the other listed spaces by words, cause and place (a GET form: the search is in the
//! address, and works without JavaScript), each found space with a button to propose a
//! connection.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::connections::{ConnectionRow, ConnectionsPanel, ProposeOrWhy};
pub use super::directory_action::{
    DirectoryAction, DirectoryButton, DirectoryInput, DirectoryOutcome,
};
use super::nav::{answer, DashboardNav};
use super::paths::directory;
use crate::actions::{outcome_in, SlugParam};
use crate::components::action_form::ActionForm;
use crate::components::fields::{
    field_of_action_options, place_options, CheckboxField, ErrorSummary, SelectField, TextField,
};
use crate::components::form::posted;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::PostedValues;
use crate::i18n::{use_i18n, Arg};

/// A listed space, as a search shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedRow {
    /// Its handle in the directory, which a proposal names.
    pub id: i64,
    pub name: String,
    pub cause: String,
    pub place: String,
    pub text: String,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryView {
    pub slug: String,
    pub listed: bool,
    pub name: String,
    pub cause: String,
    pub place: String,
    pub text: String,
    pub name_max: usize,
    pub text_max: usize,
    /// What was searched, and what was found (`None`: nothing searched yet).
    pub searched: (String, String, String),
    pub found: Option<Vec<ListedRow>>,
    /// Whether the person is the referent on file, who alone proposes and accepts.
    pub is_referent: bool,
    pub connections: Vec<ConnectionRow>,
}

/// The search's fields, as the address carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Searched {
    pub words: String,
    pub cause: String,
    pub place: String,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/directory")]
pub async fn space_directory(
    #[server(default)] slug: String,
    #[server(default)] search: Option<Searched>,
) -> Result<Option<DirectoryView>, ServerFnError> {
    use backend::referents::directory::{entry, search as find, Search, NAME_MAX, TEXT_MAX};
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let e = entry(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard directory", e))?;
    let lang = caller.lang.as_str();
    let found = match &search {
        None => None,
        Some(s) => Some(
            find(
                ctx,
                &referent,
                &Search {
                    words: s.words.clone(),
                    cause: s.cause.clone(),
                    place: s.place.clone(),
                },
            )
            .await
            .map_err(|e| crate::ssr::server_error("dashboard directory search", e))?
            .into_iter()
            .map(|l| ListedRow {
                id: l.id,
                name: l.name,
                cause: l.cause,
                place: common::places::place_name(&l.place, lang),
                text: l.text,
            })
            .collect(),
        ),
    };
    let (is_referent, connections) = super::connections::rows(
        ctx,
        &referent,
        backend::i18n::Lang::parse(lang).unwrap_or_default(),
    )
    .await
    .map_err(|e| crate::ssr::server_error("dashboard connections", e))?;
    let searched = search.unwrap_or_default();
    Ok(Some(DirectoryView {
        slug: referent.slug().to_string(),
        listed: e.listed,
        name: e.name,
        cause: e.cause,
        place: e.place,
        text: e.text,
        name_max: NAME_MAX,
        text_max: TEXT_MAX,
        searched: (searched.words, searched.cause, searched.place),
        found,
        is_referent,
        connections,
    }))
}

/// The space's own entry.
#[component]
fn EntryForm(v: DirectoryView) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let typed = |field: &str, now: String| {
        if posted.values.is_empty() {
            now
        } else {
            posted.values.get(field).cloned().unwrap_or_default()
        }
    };
    let listed = RwSignal::new(typed(
        "listed",
        if v.listed {
            "yes".into()
        } else {
            String::new()
        },
    ));
    let name = RwSignal::new(typed("name", v.name.clone()));
    let cause = RwSignal::new(typed("cause", v.cause.clone()));
    let place = RwSignal::new(typed("place", v.place.clone()));
    let text = RwSignal::new(typed("text", v.text.clone()));
    let errors = RwSignal::new(posted.errors.clone());
    view! {
        <ActionForm<DirectoryAction> params=SlugParam { slug: v.slug.clone() } class="form" errors=Some(errors)>
            <ErrorSummary errors field_id=|f: &str| format!("directory-{f}")/>
            <CheckboxField
                id="directory-listed".into()
                name="listed"
                label=i18n.t("directory-listed")
                hint=i18n.t("directory-listed-hint")
                value=listed
                errors
                on_change=Callback::new(|()| ())
            />
            <TextField
                id="directory-name"
                name="name"
                label=i18n.t("directory-name")
                hint=i18n.ta("directory-name-hint", &[("max", Arg::Num(v.name_max as i64))])
                value=name
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <SelectField
                id="directory-cause".into()
                name="cause"
                label=i18n.t("directory-cause")
                hint=String::new()
                options=field_of_action_options(i18n)
                value=cause
                errors
                on_change=Callback::new(|()| ())
            />
            <SelectField
                id="directory-place".into()
                name="place"
                label=i18n.t("directory-place")
                hint=String::new()
                options=place_options(i18n)
                value=place
                errors
                on_change=Callback::new(|()| ())
            />
            <TextField
                id="directory-text"
                name="text"
                label=i18n.t("directory-text")
                hint=i18n.ta("directory-text-hint", &[("max", Arg::Num(v.text_max as i64))])
                multiline=true
                value=text
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <button type="submit" class="button">{i18n.t("directory-save")}</button>
        </ActionForm<DirectoryAction>>
    }
}

/// The search of the other listed spaces, and what it found.
#[component]
fn SearchPanel(v: DirectoryView) -> impl IntoView {
    let i18n = use_i18n();
    let (words, cause, place) = v.searched.clone();
    let cause_options = field_of_action_options(i18n);
    let place_groups = place_options(i18n);
    let option = move |(value, label): (String, String), chosen: &str| {
        let selected = value == chosen;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let causes = cause_options
        .into_iter()
        .flat_map(|(_, o)| o)
        .map(|o| option(o, &cause))
        .collect_view();
    let places = place_groups
        .into_iter()
        .map(|(label, o)| {
            let options = o.into_iter().map(|o| option(o, &place)).collect_view();
            view! { <optgroup label=label.unwrap_or_default()>{options}</optgroup> }
        })
        .collect_view();
    let results = v.found.clone().map(|found| {
        if found.is_empty() {
            return view! { <p role="status">{i18n.t("directory-nothing-found")}</p> }.into_any();
        }
        let count = found.len();
        let items = found
            .into_iter()
            .map(|l| {
                let existing = v.connections.iter().find(|c| c.peer == l.id).cloned();
                view! {
                    <li class="directory-entry">
                        <h3>{l.name.clone()}</h3>
                        <p>{i18n.t(&format!("application-field_of_action-{}", l.cause))}" · "{l.place}</p>
                        {(!l.text.is_empty()).then(|| view! { <p class="directory-text">{l.text}</p> })}
                        <ProposeOrWhy
                            slug=v.slug.clone()
                            peer=l.id
                            name=l.name
                            existing
                            listed=v.listed
                            is_referent=v.is_referent
                        />
                    </li>
                }
            })
            .collect_view();
        view! {
            <p role="status">{i18n.ta("directory-found", &[("count", Arg::Num(count as i64))])}</p>
            <ul class="directory-results">{items}</ul>
        }
        .into_any()
    });
    view! {
        <form method="get" action=directory(&v.slug) class="form" role="search">
            <div class="field">
                <label for="directory-q">{i18n.t("directory-search-words")}</label>
                <input id="directory-q" name="q" type="search" value=words/>
            </div>
            <div class="field">
                <label for="directory-search-cause">{i18n.t("directory-filter-cause")}</label>
                <select id="directory-search-cause" name="cause">
                    <option value="">{i18n.t("directory-any-cause")}</option>
                    {causes}
                </select>
            </div>
            <div class="field">
                <label for="directory-search-place">{i18n.t("directory-filter-place")}</label>
                <select id="directory-search-place" name="lieu">
                    <option value="">{i18n.t("directory-any-place")}</option>
                    {places}
                </select>
            </div>
            <button type="submit" class="button button-secondary">{i18n.t("directory-search")}</button>
        </form>
        {results}
    }
}

#[component]
fn Directory(v: DirectoryView, outcome: Option<DirectoryOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    view! {
        <PageTitle text=title_with_errors("directory-title", has_errors)/>
        <DashboardNav slug=v.slug.clone() current="directory"/>
        {outcome.map(|o| view! {
            <div class="notice" role="status" tabindex="-1" id="directory-outcome" autofocus>
                <p>{i18n.t(match o {
                    DirectoryOutcome::Listed => "directory-saved-listed",
                    DirectoryOutcome::Unlisted => "directory-saved-unlisted",
                    DirectoryOutcome::Proposed => "connection-proposed",
                    DirectoryOutcome::Accepted => "connection-accepted",
                    DirectoryOutcome::Declined => "connection-declined",
                    DirectoryOutcome::Disconnected => "connection-disconnected",
                    DirectoryOutcome::TriedAgain => "connection-tried-again",
                    DirectoryOutcome::NotReferent => "connection-not-referent",
                    DirectoryOutcome::NotListed => "connection-not-listed",
                    DirectoryOutcome::Gone => "connection-gone",
                    DirectoryOutcome::Exists => "connection-exists",
                })}</p>
            </div>
        })}
        <h1>{i18n.t("directory-title")}</h1>
        <p class="lead">{i18n.t("directory-lead")}</p>
        <section class="panel" aria-labelledby="directory-entry-title">
            <h2 id="directory-entry-title">{i18n.t("directory-entry-title")}</h2>
            <p>{i18n.t(if v.listed { "directory-is-listed" } else { "directory-not-listed" })}</p>
            <EntryForm v=v.clone()/>
        </section>
        <section class="panel" aria-labelledby="directory-connections-title">
            <h2 id="directory-connections-title">{i18n.t("connection-title")}</h2>
            <ConnectionsPanel slug=v.slug.clone() rows=v.connections.clone() is_referent=v.is_referent/>
        </section>
        <section class="panel" aria-labelledby="directory-search-title">
            <h2 id="directory-search-title">{i18n.t("directory-search-title")}</h2>
            <SearchPanel v=v.clone()/>
        </section>
    }
}

#[component]
pub fn SpaceDirectoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let source = move || {
        let slug = params.with(|p| p.get("slug").unwrap_or_default());
        let search = query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            let s = Searched {
                words: get("q"),
                cause: get("cause"),
                place: get("lieu"),
            };
            (q.get("q").is_some() || q.get("cause").is_some() || q.get("lieu").is_some())
                .then_some(s)
        });
        (slug, search)
    };
    let data = crate::actions::page_data(source, |(slug, search)| space_directory(slug, search));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let slug = params.with(|p| p.get("slug").unwrap_or_default());
                answer(slug, data.await, |v| {
                    let outcome = query.with(outcome_in::<DirectoryOutcome>);
                    view! { <Directory v outcome/> }.into_any()
                })
            })}
        </Suspense>
    }
}
