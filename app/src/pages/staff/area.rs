//! The staff area: who is logged in, logging out (here or everywhere), setting up the
//! second factor, and for administrators the staff accounts and the mail outbox (metadata
//! only, never a body).

use crate::components::form::posted;
use crate::components::table::TableWrap;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{Posted, PostedValues};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ACCOUNTS_PATH, OUTBOX_PATH};
use crate::actions::{Action, NoParams};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_i18n, Arg};
use crate::pages::site::errors::ErrorView;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub email: String,
    pub role: String,
    pub logged_in_at: String,
    pub totp_enabled: bool,
    pub active_logins: i64,
    pub is_admin: bool,
    /// Moderates the forum (given the role, or an admin).
    pub forum_moderator: bool,
    /// Receives the daily digest of moderation.
    pub digest: bool,
}

#[cfg(feature = "ssr")]
fn server_error(error: backend::Error) -> ServerFnError {
    crate::ssr::server_error("staff area", error)
}

#[cfg(feature = "ssr")]
fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[server(prefix = "/api", endpoint = "staff/overview")]
pub async fn staff_overview() -> Result<Overview, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let staff = caller.staff().map_err(|d| d.into_server_error())?;
    let active_logins = backend::accounts::active_logins(&caller.ctx, staff)
        .await
        .map_err(server_error)?;
    let digest = backend::applications::digest::wants_digest(&caller.ctx, staff)
        .await
        .map_err(server_error)?;
    Ok(Overview {
        email: staff.email().to_string(),
        role: staff.role().as_str().to_string(),
        logged_in_at: when(staff.logged_in_at()),
        totp_enabled: staff.totp_enabled(),
        active_logins,
        is_admin: staff.admin().is_some(),
        forum_moderator: backend::forum::moderation::ForumModerator::of(staff).is_some(),
        digest,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub email: String,
    pub role: String,
    pub forum_moderator: bool,
    /// An administrator, who moderates the forum by their role.
    pub admin: bool,
    pub created_at: String,
    pub totp_enabled: bool,
    pub active_logins: i64,
}

#[server(prefix = "/api", endpoint = "staff/accounts")]
pub async fn staff_accounts() -> Result<Vec<AccountRow>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let admin = caller.admin().map_err(|d| d.into_server_error())?;
    let rows = backend::accounts::staff_accounts(&caller.ctx, &admin)
        .await
        .map_err(server_error)?;
    Ok(rows
        .into_iter()
        .map(|a| AccountRow {
            email: a.email,
            role: a.role.as_str().to_string(),
            forum_moderator: a.forum_moderator,
            admin: a.role == backend::accounts::Role::Admin,
            created_at: when(a.created_at),
            totp_enabled: a.totp_enabled,
            active_logins: a.active_logins,
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub created_at: String,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
}

#[server(prefix = "/api", endpoint = "staff/outbox")]
pub async fn staff_outbox() -> Result<Vec<OutboxRow>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let admin = caller.admin().map_err(|d| d.into_server_error())?;
    let rows = backend::mail::outbox_metadata(&caller.ctx, &admin, 200)
        .await
        .map_err(|e| server_error(e.into()))?;
    Ok(rows
        .into_iter()
        .map(|m| OutboxRow {
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            created_at: when(m.created_at),
            state: m.state.to_string(),
            attempts: m.attempts,
            last_error: m.last_error,
        })
        .collect())
}

/// Shows `ok` with the loaded value, the 401 or 403 page when the caller may not see it,
/// or the 500 page.
pub(crate) fn guarded<T, V>(result: Result<T, ServerFnError>, ok: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => ok(value).into_any(),
        Err(e) => {
            let status = crate::site::denied_status(&e).unwrap_or(500);
            view! { <ErrorView status/> }.into_any()
        }
    }
}

/// A staff page about what its address's `id` names (the post whose author is sanctioned,
/// the topic to merge): its data from `fetch` (`None`: 404), given to `show` with that id,
/// the page's title (`title`, marked when a form of the page was refused) and what that
/// form sent.
pub(crate) fn id_form_page<T, Fut, V>(
    title: &'static str,
    fetch: fn(Option<i64>) -> Fut,
    show: fn(T, i64, String, Posted<PostedValues>) -> V,
) -> impl IntoView
where
    T: Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, ServerFnError>> + Send + 'static,
    V: IntoView + 'static,
{
    let sent = posted::<PostedValues>();
    let title = title_with_errors(title, !sent.errors.is_empty());
    let id = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let data = Resource::new_blocking(move || id, fetch);
    view! {
        <Suspense>
            {move || {
                let (title, sent) = (title.clone(), sent.clone());
                Suspend::new(async move {
                    guarded(data.await, move |v| match v {
                        Some(v) => show(v, id.unwrap_or_default(), title, sent).into_any(),
                        None => view! { <ErrorView status=404/> }.into_any(),
                    })
                })
            }}
        </Suspense>
    }
}

/// The one button of action `A`, which takes nothing else.
#[component]
fn PostButton<A: Action<Params = NoParams>>(
    #[prop(optional)] _action: std::marker::PhantomData<A>,
    label: String,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <ActionForm<A> params=NoParams::default() class="inline-form">
            <button type="submit" class="button" class:button-secondary=secondary>{label}</button>
        </ActionForm<A>>
    }
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    let i18n = use_i18n();
    // Fetched again once a button of the page did its work (with JavaScript).
    let overview = crate::actions::page_data(|| (), |()| staff_overview());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(overview.await, |o| {
                    let role = i18n.t(&format!("staff-role-{}", o.role));
                    view! {
                        <PageTitle text=i18n.t("staff-area-title")/>
                        <h1>{i18n.t("staff-area-title")}</h1>
                        <p class="lead">
                            {i18n.ta("staff-area-who", &[("email", Arg::from(o.email.clone())), ("role", Arg::from(role))])}
                        </p>
                        <p>{i18n.ta("staff-area-since", &[("when", Arg::from(o.logged_in_at.clone()))])}</p>
                        <p>{i18n.ta("staff-area-sessions", &[("count", Arg::Num(o.active_logins))])}</p>
                        <p class="actions">
                            <a class="button" href=super::APPLICATIONS_PATH>{i18n.t("staff-queue-title")}</a>
                            " "
                            <a class="button button-secondary" href=super::SPACES_PATH>{i18n.t("spaces-title")}</a>
                            " "
                            <a class="button button-secondary" href=super::ALERTS_PATH>{i18n.t("alerts-title")}</a>
                            {o.forum_moderator.then(|| view! {
                                " "
                                <a class="button button-secondary" href=super::FORUM_MODERATION_PATH>{i18n.t("forum-mod-title")}</a>
                            })}
                        </p>
                        <section aria-labelledby="digest-title" class="panel">
                            <h2 id="digest-title">{i18n.t("staff-digest-title")}</h2>
                            <p>{i18n.t(if o.digest { "staff-digest-on" } else { "staff-digest-off" })}</p>
                            <ActionForm<super::applications::moderation::Digest> params=NoParams::default() class="inline-form">
                                <input type="hidden" name="recevoir" value=crate::actions::sent(if o.digest { &super::applications::moderation::Wanted::No } else { &super::applications::moderation::Wanted::Yes })/>
                                <button type="submit" class="button button-secondary">
                                    {i18n.t(if o.digest { "staff-digest-stop" } else { "staff-digest-start" })}
                                </button>
                            </ActionForm<super::applications::moderation::Digest>>
                        </section>
                        <section aria-labelledby="security-title" class="panel">
                            <h2 id="security-title">{i18n.t("staff-area-security")}</h2>
                            {if o.totp_enabled {
                                view! { <p>{i18n.t("staff-area-totp-on")}</p> }.into_any()
                            } else {
                                view! {
                                    <p>{i18n.t("staff-area-totp-off")}</p>
                                    <PostButton<super::account::StartEnrolment> label=i18n.t("staff-area-totp-start")/>
                                }
                                .into_any()
                            }}
                            <div class="actions">
                                <PostButton<super::account::LogOut<false>> label=i18n.t("staff-logout")/>
                                <PostButton<super::account::LogOut<true>> label=i18n.t("staff-logout-everywhere") secondary=true/>
                            </div>
                        </section>
                        {o.is_admin.then(|| view! {
                            <section aria-labelledby="admin-title">
                                <h2 id="admin-title">{i18n.t("staff-area-admin")}</h2>
                                <ul>
                                    <li><a href=ACCOUNTS_PATH>{i18n.t("staff-accounts-title")}</a></li>
                                    <li><a href=OUTBOX_PATH>{i18n.t("staff-outbox-title")}</a></li>
                                    <li><a href=super::TEMPLATES_PATH>{i18n.t("templates-title")}</a></li>
                                    <li><a href=super::WINDOWS_PATH>{i18n.t("windows-title")}</a></li>
                                    <li><a href=super::HOSTS_PATH>{i18n.t("hosts-title")}</a></li>
                                    <li><a href=super::JOBS_PATH>{i18n.t("jobs-title")}</a></li>
                                </ul>
                            </section>
                        })}
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new_blocking(|| (), |_| staff_accounts());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(rows.await, |rows| view! {
                    <PageTitle text=i18n.t("staff-accounts-title")/>
                    <h1>{i18n.t("staff-accounts-title")}</h1>
                    <p class="lead">{i18n.t("staff-accounts-intro")}</p>
                    <TableWrap label=i18n.t("staff-accounts-title")>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t("staff-col-email")}</th>
                                    <th scope="col">{i18n.t("staff-col-role")}</th>
                                    <th scope="col">{i18n.t("staff-col-totp")}</th>
                                    <th scope="col">{i18n.t("staff-col-sessions")}</th>
                                    <th scope="col">{i18n.t("staff-col-created")}</th>
                                    <th scope="col">{i18n.t("staff-col-forum")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|a| view! {
                                    <tr>
                                        <td>{a.email.clone()}</td>
                                        <td>{i18n.t(&format!("staff-role-{}", a.role))}</td>
                                        <td>{i18n.t(if a.totp_enabled { "yes" } else { "no" })}</td>
                                        <td>{a.active_logins}</td>
                                        <td>{a.created_at.clone()}</td>
                                        <td><ForumRole a/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                })
            })}
        </Suspense>
    }
}

/// Whether an account moderates the forum, with the button that gives or takes the role
/// (an administrator moderates it by their role).
#[component]
fn ForumRole(a: AccountRow) -> impl IntoView {
    let i18n = use_i18n();
    if a.admin {
        return view! { <span>{i18n.t("staff-forum-by-role")}</span> }.into_any();
    }
    let (state, button, label) = if a.forum_moderator {
        ("yes", ForumRoleButton::Take, "staff-forum-take")
    } else {
        ("no", ForumRoleButton::Give, "staff-forum-give")
    };
    view! {
        <span>{i18n.t(state)}</span>
        <ActionForm<ForumRoleChange> params=NoParams::default() class="inline-form">
            <input type="hidden" name="email" value=a.email.clone()/>
            <input type="hidden" name="action" value=crate::actions::sent(&button)/>
            <button type="submit" class="button button-secondary">
                {i18n.t(label)}
                <span class="visually-hidden">{format!(" ({})", a.email)}</span>
            </button>
        </ActionForm<ForumRoleChange>>
    }
    .into_any()
}

/// The buttons of the forum's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForumRoleButton {
    Give,
    Take,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumRoleInput {
    pub action: ForumRoleButton,
    /// The staff account's address.
    #[serde(default)]
    pub email: String,
}

/// An administrator gives the forum's moderation to a staff account or takes it back:
/// moderating applications does not make one a forum moderator.
pub struct ForumRoleChange;

impl Action for ForumRoleChange {
    const ID: &'static str = "staff-forum-role";
    const PATH: &'static str = ACCOUNTS_PATH;
    const EXAMPLE: &'static str = ACCOUNTS_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["email"];
    type Params = NoParams;
    type Input = ForumRoleInput;
    type Outcome = ();

    fn examples() -> Vec<ForumRoleInput> {
        [ForumRoleButton::Give, ForumRoleButton::Take]
            .into_iter()
            .map(|action| ForumRoleInput {
                action,
                email: "moderation@exemple.fr".into(),
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    async fn run(
        admin: backend::accounts::Admin,
        _: NoParams,
        input: ForumRoleInput,
        caller: crate::ssr::Caller,
    ) -> crate::actions::Reply<()> {
        use crate::actions::Reply;
        let Ok(email) = backend::Email::parse(&input.email) else {
            return Reply::NotFound;
        };
        let on = input.action == ForumRoleButton::Give;
        match backend::accounts::set_forum_moderator(&caller.ctx, &admin, &email, on).await {
            Ok(true) => {
                tracing::info!(on, "the forum's moderation given or taken by an admin");
                Reply::Done(())
            }
            Ok(false) => Reply::NotFound,
            Err(error) => Reply::failed("forum role", error),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        ACCOUNTS_PATH.to_string()
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new_blocking(|| (), |_| staff_outbox());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(rows.await, |rows| view! {
                    <PageTitle text=i18n.t("staff-outbox-title")/>
                    <h1>{i18n.t("staff-outbox-title")}</h1>
                    <p class="lead">{i18n.t("staff-outbox-intro")}</p>
                    {rows.is_empty().then(|| view! { <p>{i18n.t("staff-outbox-empty")}</p> })}
                    <TableWrap label=i18n.t("staff-outbox-title")>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t("staff-col-created")}</th>
                                    <th scope="col">{i18n.t("staff-col-kind")}</th>
                                    <th scope="col">{i18n.t("staff-col-recipient")}</th>
                                    <th scope="col">{i18n.t("staff-col-state")}</th>
                                    <th scope="col">{i18n.t("staff-col-attempts")}</th>
                                    <th scope="col">{i18n.t("staff-col-error")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|m| view! {
                                    <tr>
                                        <td>{m.created_at}</td>
                                        <td><code>{m.kind}</code></td>
                                        <td>{m.recipient}</td>
                                        <td>{i18n.t(&format!("staff-mail-{}", m.state))}</td>
                                        <td>{m.attempts}</td>
                                        <td>{m.last_error.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableWrap>
                })
            })}
        </Suspense>
    }
}
