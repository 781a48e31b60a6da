//! A space's connections with other associations' spaces, on the directory's page: the
//! proposals received (with what accepting means, said before the button), those sent, the
//! connections made, and their buttons. Each button is a form of the directory's action
//! ([`DirectoryAction`], which runs them), so it works without JavaScript.

use common::states::ConnectionState;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::directory_action::{DirectoryAction, DirectoryButton};
use crate::actions::{sent, SlugParam};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_i18n, Arg};

/// A connection, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRow {
    pub id: i64,
    /// The other space's handle in the directory.
    pub peer: i64,
    pub name: String,
    /// The other space's address, once accepted.
    pub address: Option<String>,
    pub state: ConnectionState,
    /// Whether this space proposed it.
    pub ours: bool,
    /// When it was proposed, in words.
    pub asked: String,
}

/// The rows of `by`'s connections, and whether they are the referent on file.
#[cfg(feature = "ssr")]
pub(super) async fn rows(
    ctx: &backend::Ctx,
    by: &backend::referents::Referent,
    lang: backend::i18n::Lang,
) -> backend::Result<(bool, Vec<ConnectionRow>)> {
    use backend::i18n::long_date;
    let found = backend::referents::connections::list(ctx, by).await?;
    let rows = found
        .items
        .into_iter()
        .map(|c| ConnectionRow {
            id: c.id,
            peer: c.peer,
            name: c.peer_name,
            address: c.peer_address,
            state: c.state,
            ours: c.ours,
            asked: long_date(lang, c.asked_paris),
        })
        .collect();
    Ok((found.is_referent, rows))
}

/// One button of a connection (or of a space found), for `with`.
#[component]
pub(super) fn ConnectionButton(
    slug: String,
    button: DirectoryButton,
    with: i64,
    label: &'static str,
    /// Who it is about, for a screen reader's list of buttons.
    about: String,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if danger {
        "button button-danger button-small"
    } else if button == DirectoryButton::Accept || button == DirectoryButton::Propose {
        "button button-small"
    } else {
        "button button-secondary button-small"
    };
    view! {
        <ActionForm<DirectoryAction> params=SlugParam { slug } class="inline-form">
            <input type="hidden" name="action" value=sent(&button)/>
            <input type="hidden" name="with" value=with.to_string()/>
            <button type="submit" class=class>
                {i18n.t(label)}
                <span class="visually-hidden">" "{about}</span>
            </button>
        </ActionForm<DirectoryAction>>
    }
}

/// The state of a connection in words.
fn state_key(c: &ConnectionRow) -> &'static str {
    match (c.state, c.ours) {
        (ConnectionState::Asked, true) => "connection-state-asked-ours",
        (ConnectionState::Asked, false) => "connection-state-asked-theirs",
        (ConnectionState::Declined, true) => "connection-state-declined-ours",
        (ConnectionState::Declined, false) => "connection-state-declined-theirs",
        (ConnectionState::Linking, _) => "connection-state-linking",
        (ConnectionState::Connected, _) => "connection-state-connected",
        (ConnectionState::Unlinking, _) => "connection-state-unlinking",
        (ConnectionState::Unavailable, _) => "connection-state-unavailable",
        (ConnectionState::Failed, _) => "connection-state-failed",
    }
}

/// One connection, with its buttons.
#[component]
fn Item(slug: String, c: ConnectionRow, is_referent: bool) -> impl IntoView {
    let i18n = use_i18n();
    let about = c.name.clone();
    let button = |button, label, danger| {
        view! {
            <ConnectionButton slug=slug.clone() button with=c.id label about=about.clone() danger/>
        }
    };
    let buttons = match (c.state, c.ours) {
        (ConnectionState::Asked, false) => view! {
            <p class="connection-warning">{i18n.t("connection-accept-means")}</p>
            {if is_referent {
                button(DirectoryButton::Accept, "connection-accept", false).into_any()
            } else {
                view! { <p>{i18n.t("connection-referent-only")}</p> }.into_any()
            }}
            {button(DirectoryButton::Decline, "connection-decline", false)}
        }
        .into_any(),
        (ConnectionState::Asked, true) => {
            button(DirectoryButton::Disconnect, "connection-withdraw", false).into_any()
        }
        (ConnectionState::Declined | ConnectionState::Unlinking, _) => ().into_any(),
        (ConnectionState::Unavailable | ConnectionState::Failed, _) => view! {
            {is_referent.then(|| button(DirectoryButton::TryAgain, "connection-try-again", false))}
            {button(DirectoryButton::Disconnect, "connection-disconnect", true)}
        }
        .into_any(),
        (ConnectionState::Linking | ConnectionState::Connected, _) => {
            button(DirectoryButton::Disconnect, "connection-disconnect", true).into_any()
        }
    };
    let address = c.address.clone();
    view! {
        <li class="connection">
            <h3>{c.name.clone()}</h3>
            <p class="connection-state">{i18n.ta(state_key(&c), &[("date", Arg::from(&c.asked))])}</p>
            {(c.state == ConnectionState::Connected).then(|| address.map(|a| view! {
                <p>{i18n.ta("connection-share-with", &[("address", Arg::from(&a))])}</p>
            }))}
            <div class="connection-buttons">{buttons}</div>
        </li>
    }
}

/// The space's connections.
#[component]
pub(super) fn ConnectionsPanel(
    slug: String,
    rows: Vec<ConnectionRow>,
    is_referent: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = if rows.is_empty() {
        view! { <p>{i18n.t("connection-none")}</p> }.into_any()
    } else {
        let items = rows
            .into_iter()
            .map(|c| view! { <Item slug=slug.clone() c is_referent/> })
            .collect_view();
        view! { <ul class="connections">{items}</ul> }.into_any()
    };
    view! {
        <p>{i18n.t("connection-lead")}</p>
        {list}
    }
}

/// What a space found by a search offers: a button to propose a connection, or why not.
#[component]
pub(super) fn ProposeOrWhy(
    slug: String,
    peer: i64,
    name: String,
    /// The connection with it, if any.
    existing: Option<ConnectionRow>,
    listed: bool,
    is_referent: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    match existing {
        Some(c) => view! { <p class="connection-state">{i18n.ta(state_key(&c), &[("date", Arg::from(&c.asked))])}</p> }
            .into_any(),
        None if !listed => view! { <p class="hint">{i18n.t("connection-list-first")}</p> }.into_any(),
        None if !is_referent => {
            view! { <p class="hint">{i18n.t("connection-referent-proposes")}</p> }.into_any()
        }
        None => view! {
            <ConnectionButton slug button=DirectoryButton::Propose with=peer label="connection-propose" about=name/>
        }
        .into_any(),
    }
}
