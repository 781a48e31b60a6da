//! The members page of a space's dashboard: accounts used of the limit, a search, the list
//! page by page with a button for each thing a referent may do to a member, the form that
//! adds one, and the latest actions. Deleting asks first, on the same page
//! (`?supprimer=<login>`), and says what is lost. A password made for a member without an
//! e-mail is shown once, in the answer itself, never in an address.

use common::states::MemberAction;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::members::{
    space_members, Listing, MemberButton, MemberOutcome, MemberRow, MembersAction, MembersView,
    Reached,
};
use super::nav::{answer, DashboardNav};
use super::overview::gib;
use super::paths::{import, members};
use crate::actions::{escape, outcome_in, sent, use_shown, SlugParam, Written};
use crate::components::action_form::ActionForm;
use crate::components::fields::{error_text, ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::forms::{ErrorCode, PostedValues};
use crate::i18n::{use_i18n, Arg, I18n};

/// `bytes` in words: MB under a GB, GB with one decimal above.
fn size(i18n: I18n, bytes: i64) -> String {
    let mib = bytes.max(0) as f64 / f64::from(1u32 << 20);
    if mib < 1024.0 {
        i18n.ta("dash-size-mib", &[("n", Arg::Num(mib.round() as i64))])
    } else {
        gib(i18n, bytes)
    }
}

/// A button of one member's row: its label says whose it is to a screen reader.
#[component]
fn RowButton(
    slug: String,
    uid: String,
    name: String,
    action: MemberButton,
    label: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm<MembersAction> params=SlugParam { slug } class="inline-form">
            <input type="hidden" name="action" value=sent(&action)/>
            <input type="hidden" name="uid" value=uid/>
            <button type="submit" class="button button-secondary button-small">
                {i18n.t(label)}
                <span class="visually-hidden">" "{name}</span>
            </button>
        </ActionForm<MembersAction>>
    }
}

#[component]
fn Row(slug: String, m: MemberRow, you: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = match (m.enabled, m.admin) {
        (false, _) => i18n.t("dash-member-status-disabled"),
        (true, true) => i18n.t("dash-member-status-admin"),
        (true, false) => i18n.t("dash-member-status-active"),
    };
    let last = m
        .last_login
        .clone()
        .unwrap_or_else(|| i18n.t("dash-member-never"));
    let button = |action, label| {
        view! { <RowButton slug=slug.clone() uid=m.uid.clone() name=m.name.clone() action label/> }
    };
    let delete = format!("{}?supprimer={}", members(&slug), escape(&m.uid));
    view! {
        <tr>
            <th scope="row">
                {m.name.clone()}
                {you.then(|| view! { " "<span class="badge">{i18n.t("dash-member-you")}</span> })}
            </th>
            <td><code>{m.uid.clone()}</code></td>
            <td>{m.email.clone().unwrap_or_default()}</td>
            <td>{status}</td>
            <td>{last}</td>
            <td>{size(i18n, m.used)}</td>
            <td class="row-actions">
                {(!you).then(|| if m.enabled {
                    button(MemberButton::Disable, "dash-member-disable").into_any()
                } else {
                    button(MemberButton::Enable, "dash-member-enable").into_any()
                })}
                {(!you || !m.admin).then(|| if m.admin {
                    button(MemberButton::UnmakeAdmin, "dash-member-unmake-admin").into_any()
                } else {
                    button(MemberButton::MakeAdmin, "dash-member-make-admin").into_any()
                })}
                {m.email.is_some().then(|| button(MemberButton::Welcome, "dash-member-welcome"))}
                {(!you).then(|| view! {
                    <a class="button button-secondary button-small button-danger" href=delete>
                        {i18n.t("dash-member-delete")}
                        <span class="visually-hidden">" "{m.name.clone()}</span>
                    </a>
                })}
            </td>
        </tr>
    }
}

/// Asks before a member is deleted, and says what is lost.
#[component]
fn ConfirmDelete(slug: String, m: MemberRow) -> impl IntoView {
    let i18n = use_i18n();
    let back = members(&slug);
    view! {
        <section class="panel panel-warning" aria-labelledby="delete-title">
            <h2 id="delete-title">
                {i18n.ta("dash-member-delete-title", &[("name", Arg::from(&m.name))])}
            </h2>
            <p>{i18n.ta("dash-member-delete-text", &[("login", Arg::from(&m.uid))])}</p>
            <p>{i18n.t("dash-member-delete-instead")}</p>
            <ActionForm<MembersAction> params=SlugParam { slug } class="inline-form">
                <input type="hidden" name="action" value=sent(&MemberButton::Delete)/>
                <input type="hidden" name="uid" value=m.uid.clone()/>
                <button type="submit" class="button button-danger">
                    {i18n.t("dash-member-delete-confirm")}
                </button>
            </ActionForm<MembersAction>>
            " "
            <a class="button button-secondary" href=back>{i18n.t("dash-member-delete-cancel")}</a>
        </section>
    }
}

/// The form that adds a member.
#[component]
fn CreateForm(slug: String, form_key: String) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let kept = |name: &str| RwSignal::new(posted.values.get(name).cloned().unwrap_or_default());
    let (name, email, username) = (kept("name"), kept("email"), kept("username"));
    // A refused form keeps its key: sent again after an answer was lost, it makes one member.
    let form_key = posted.values.get("key").cloned().unwrap_or(form_key);
    let errors = RwSignal::new(posted.errors.clone());
    let field_id = |field: &str| format!("member-{field}");
    let shown = use_context::<ShownSignal>().map(|s| s.0);
    view! {
        <ActionForm<MembersAction> params=SlugParam { slug } class="form" errors=Some(errors) shown>
            <input type="hidden" name="action" value=sent(&MemberButton::Create)/>
            <input type="hidden" name="key" value=form_key/>
            <ErrorSummary errors field_id/>
            <TextField
                id="member-name"
                name="name"
                label=i18n.t("dash-member-name")
                hint=i18n.t("dash-member-name-hint")
                autocomplete="off"
                value=name
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <TextField
                id="member-email"
                name="email"
                label=i18n.t("dash-member-email")
                hint=i18n.t("dash-member-email-hint")
                input_type="email"
                autocomplete="off"
                value=email
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <TextField
                id="member-username"
                name="username"
                label=i18n.t("dash-member-username")
                hint=i18n.t("dash-member-username-hint")
                autocomplete="off"
                value=username
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <button type="submit" class="button">{i18n.t("dash-member-create")}</button>
        </ActionForm<MembersAction>>
    }
}

/// The password made for a member without an e-mail, shown this once.
#[component]
fn ShownPassword(login: String, password: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice" role="status" aria-labelledby="password-title" tabindex="-1" id="member-password">
            <p id="password-title"><strong>{i18n.ta("dash-member-created-password", &[("login", Arg::from(&login))])}</strong></p>
            <dl class="facts">
                <dt>{i18n.t("dash-member-username")}</dt>
                <dd><code>{login}</code></dd>
                <dt>{i18n.t("dash-member-password")}</dt>
                <dd><code class="secret">{password}</code></dd>
            </dl>
            <p>{i18n.t("dash-member-password-once")}</p>
            <p>{i18n.t("dash-member-password-change")}</p>
        </section>
    }
}

fn history_key(action: MemberAction) -> &'static str {
    match action {
        MemberAction::Created => "dash-history-created",
        MemberAction::Disabled => "dash-history-disabled",
        MemberAction::Enabled => "dash-history-enabled",
        MemberAction::Deleted => "dash-history-deleted",
        MemberAction::AdminMade => "dash-history-admin-made",
        MemberAction::AdminUnmade => "dash-history-admin-unmade",
        MemberAction::WelcomeSent => "dash-history-welcome-sent",
        MemberAction::Joined => "dash-history-joined",
        MemberAction::ReferentOffered => "dash-history-referent-offered",
        MemberAction::ReferentHanded => "dash-history-referent-handed",
    }
}

/// The list, the search and the pages.
#[component]
fn List(v: MembersView, l: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let slug = v.slug.clone();
    let here = members(&slug);
    let page_link = {
        let here = here.clone();
        let q = escape(&v.query);
        move |page: usize| format!("{here}?q={q}&page={page}")
    };
    let rows = l
        .members
        .iter()
        .cloned()
        .map(|m| {
            let you = m.uid == v.you;
            view! { <Row slug=slug.clone() m you/> }
        })
        .collect_view();
    let found = if v.query.is_empty() {
        None
    } else {
        Some(i18n.ta(
            "dash-members-found",
            &[
                ("count", Arg::Num(l.matching as i64)),
                ("query", Arg::from(&v.query)),
            ],
        ))
    };
    view! {
        <form method="get" action=here.clone() class="search-form" role="search">
            <label for="members-search">{i18n.t("dash-members-search")}</label>
            <input id="members-search" type="search" name="q" value=v.query.clone()/>
            <button type="submit" class="button button-secondary">{i18n.t("dash-members-search-submit")}</button>
        </form>
        {found.map(|f| view! { <p role="status">{f}</p> })}
        {(l.matching == 0).then(|| view! { <p>{i18n.t("dash-members-none")}</p> })}
        {(l.matching > 0).then(|| view! {
            <TableWrap label=i18n.t("dash-members-caption")>
                <table>
                    <caption>{i18n.t("dash-members-caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("dash-member-name")}</th>
                            <th scope="col">{i18n.t("dash-member-username")}</th>
                            <th scope="col">{i18n.t("dash-member-email")}</th>
                            <th scope="col">{i18n.t("dash-member-status")}</th>
                            <th scope="col">{i18n.t("dash-member-last-login")}</th>
                            <th scope="col">{i18n.t("dash-member-used")}</th>
                            <th scope="col">{i18n.t("dash-member-actions")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableWrap>
        })}
        {(l.pages > 1).then(|| view! {
            <nav aria-label=i18n.t("dash-members-pages") class="pager">
                {(l.page > 1).then(|| view! { <a href=page_link(l.page - 1) rel="prev">{i18n.t("dash-members-previous")}</a> })}
                " "
                <span aria-current="page">
                    {i18n.ta("dash-members-page", &[("page", Arg::Num(l.page as i64)), ("pages", Arg::Num(l.pages as i64))])}
                </span>
                " "
                {(l.page < l.pages).then(|| view! { <a href=page_link(l.page + 1) rel="next">{i18n.t("dash-members-next")}</a> })}
            </nav>
        })}
    }
}

#[component]
fn Members(v: MembersView, outcome: Option<MemberOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = v.slug.clone();
    let title = i18n.ta("dash-members-title", &[("space", Arg::from(&v.address))]);
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    let notice = outcome
        .filter(|o| !matches!(o, MemberOutcome::CreatedWithPassword { .. }))
        .map(|o| {
            let (key, login) = o.said();
            let text = match login {
                Some(login) => i18n.ta(key, &[("login", Arg::from(login))]),
                None => i18n.t(key),
            };
            view! {
                <div class="notice" class:notice-error=o.refused() role="status" tabindex="-1" id="members-outcome" autofocus>
                    <p>{text}</p>
                </div>
            }
        });
    let accounts = match &v.reached {
        Reached::Listed(l) => Some(l.accounts),
        _ => None,
    };
    let full = accounts.is_some_and(|n| n >= v.limit as usize);
    let body = match v.reached.clone() {
        Reached::Listed(l) => {
            let confirm = l
                .to_delete
                .clone()
                .map(|m| view! { <ConfirmDelete slug=slug.clone() m/> });
            view! { {confirm} <List v=v.clone() l/> }.into_any()
        }
        Reached::NotReached => {
            view! { <p class="notice notice-error">{i18n.t("dash-members-not-reached")}</p> }
                .into_any()
        }
        Reached::Maintenance => {
            view! { <p class="notice notice-error">{i18n.t("dash-members-maintenance")}</p> }
                .into_any()
        }
        Reached::NotActive => {
            view! { <p class="notice">{i18n.t("dash-member-not-active")}</p> }.into_any()
        }
    };
    let history = v
        .history
        .iter()
        .map(|h| {
            view! {
                <li>
                    <time>{h.when.clone()}</time>" : "
                    {i18n.ta(history_key(h.action), &[("actor", Arg::from(&h.actor)), ("login", Arg::from(&h.member))])}
                </li>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=if has_errors { format!("{} {}", i18n.t("form-error-prefix"), title) } else { title.clone() }/>
        <DashboardNav slug=slug.clone() current="members"/>
        {notice}
        <h1>{title}</h1>
        {accounts.map(|n| view! {
            <p class="lead">
                {i18n.ta("dash-accounts-figures", &[("count", Arg::Num(n as i64)), ("limit", Arg::Num(i64::from(v.limit)))])}
            </p>
        })}
        {body}
        <section class="panel" aria-labelledby="create-title">
            <h2 id="create-title">{i18n.t("dash-member-create-title")}</h2>
            {if full {
                view! { <p>{error_text(i18n, ErrorCode::AccountLimit)}</p> }.into_any()
            } else if matches!(v.reached, Reached::Listed(_)) || has_errors {
                // A creation refused while the space is down keeps its form and what was
                // typed.
                view! { <CreateForm slug=slug.clone() form_key=v.form_key.clone()/> }.into_any()
            } else {
                view! { <p>{i18n.t("dash-member-create-later")}</p> }.into_any()
            }}
            <p><a href=import(&slug)>{i18n.t("dash-members-import")}</a></p>
        </section>
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">{i18n.t("dash-history-title")}</h2>
            {if v.history.is_empty() {
                view! { <p>{i18n.t("dash-history-none")}</p> }.into_any()
            } else {
                view! { <ul class="history">{history}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn SpaceMembersPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let source = move || {
        let q = query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1u32),
                q.get("supprimer").unwrap_or_default(),
            )
        });
        (slug(), q)
    };
    let data = crate::actions::page_data(source, |(slug, (q, page, delete))| {
        space_members(slug, q, page, delete)
    });
    // A password shown once: the plain POST's answer brings it; with JavaScript the form
    // sets it, and the list is fetched again so that the new member is in it.
    let shown = RwSignal::new(use_shown::<MembersAction>());
    if let Some(written) = use_context::<Written>() {
        Effect::watch(
            move || shown.get().is_some(),
            move |_, _, _| written.count(),
            false,
        );
    }
    provide_context(ShownSignal(shown));
    view! {
        {move || match shown.get() {
            Some(MemberOutcome::CreatedWithPassword { compte, password }) => {
                Some(view! { <ShownPassword login=compte password/> })
            }
            _ => None,
        }}
        <Suspense>
            {move || Suspend::new(async move {
                let slug = slug();
                answer(slug, data.await, |v| {
                    let outcome = query.with(outcome_in::<MemberOutcome>);
                    view! { <Members v outcome/> }.into_any()
                })
            })}
        </Suspense>
    }
}

/// Where the creation form puts a password shown in place.
#[derive(Clone, Copy)]
pub struct ShownSignal(pub RwSignal<Option<MemberOutcome>>);
