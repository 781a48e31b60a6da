//! The settings of a space's dashboard: its office suite (switched by a change of the space,
//! its progress shown), the apps offered on or off (those confusing newcomers folded away,
//! those the host lacks said so), and its look (name, colour, logo). What the space has is
//! read in its Nextcloud: a choice made there shows here and is kept. The logo's form sends
//! a file, so it is a plain form (`multipart/form-data`) with or without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::nav::{dashboard_page, DashboardNav};
use super::paths::{settings, settings_logo, SETTINGS_LOGO_PATH, SETTINGS_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, sent, Action, SlugParam};
use crate::components::action_form::ActionForm;
use crate::components::fields::{error_text, ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::title::PageTitle;
use crate::forms::{ErrorCode, FormErrors, PostedValues};
use crate::i18n::{use_i18n, Arg};

/// A wish of the referent, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishRow {
    pub value: String,
    pub when: String,
    pub pending: bool,
    /// Not applied: the space did not answer (`pending`, tried again), or refused it.
    pub failed: bool,
}

/// An offered app, as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRow {
    pub id: String,
    pub at_first: bool,
    /// `None`: not on this space's host.
    pub on: Option<bool>,
    pub wish: Option<WishRow>,
}

/// Where the latest change of office suite stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeStage {
    Running,
    Done,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeChangeRow {
    pub when: String,
    pub stage: ChangeStage,
}

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub slug: String,
    pub address: String,
    pub active: bool,
    pub office: String,
    pub host_has_office: bool,
    pub busy: bool,
    pub office_change: Option<OfficeChangeRow>,
    /// `None`: the space did not answer.
    pub apps: Option<Vec<AppRow>>,
    pub name: Option<String>,
    pub color: Option<String>,
    pub name_wish: Option<WishRow>,
    pub color_wish: Option<WishRow>,
    pub logo_wish: Option<WishRow>,
    pub name_max: usize,
    /// When the deletion asked will be done, in words.
    pub delete_after: Option<String>,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/settings")]
pub async fn space_settings(
    #[server(default)] slug: String,
) -> Result<Option<SettingsView>, ServerFnError> {
    use backend::referents::settings;
    use common::states::{JobState, SpaceState};
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let lang = caller.lang;
    let when =
        |t: chrono::DateTime<chrono::Utc>| backend::i18n::long_date_time(lang, t.naive_utc());
    let now = settings::now(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard settings", e))?;
    let wish = |topic: &str| {
        now.wishes
            .iter()
            .find(|w| w.topic == topic)
            .map(|w| WishRow {
                value: w.value.clone(),
                when: when(w.asked_at),
                pending: w.pending(),
                failed: w.error.is_some(),
            })
    };
    let apps = now.apps.as_ref().ok().map(|apps| {
        apps.iter()
            .map(|a| AppRow {
                id: a.id.to_string(),
                at_first: a.at_first,
                on: a.on,
                wish: wish(&format!("app:{}", a.id)),
            })
            .collect()
    });
    let office_change = now.office.change.as_ref().map(|c| OfficeChangeRow {
        when: when(c.at),
        stage: match c.job {
            Some(JobState::Done) => ChangeStage::Done,
            Some(JobState::Dead | JobState::Cancelled) => ChangeStage::Failed,
            // Finished long ago and forgotten by the queue: done.
            None => ChangeStage::Done,
            Some(_) => ChangeStage::Running,
        },
    });
    let look = now.look.as_ref().ok();
    Ok(Some(SettingsView {
        address: ctx.settings.site.space_address(referent.slug()),
        slug: referent.slug().to_string(),
        active: now.state == SpaceState::Active,
        office: now.office.office.clone(),
        host_has_office: now.office.host_has_office,
        busy: now.busy,
        office_change,
        apps,
        name: look.map(|l| l.name.clone()),
        color: look.map(|l| l.color.clone()),
        name_wish: wish("name"),
        color_wish: wish("color"),
        logo_wish: wish("logo"),
        name_max: settings::NAME_MAX_CHARS,
        delete_after: now.delete_after.map(when),
    }))
}

/// The buttons of the settings page (the logo has its own form, [`LogoAction`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingsButton {
    #[default]
    Office,
    App,
    Name,
    Color,
    /// Ask for the space's deletion (`confirm`: its address, typed again).
    Delete,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub action: SettingsButton,
    /// The office suite to switch to (`collabora` or `onlyoffice`).
    pub suite: String,
    /// The app turned on or off, and which (`on` or `off`).
    pub app: String,
    pub to: String,
    pub name: String,
    pub color: String,
    pub confirm: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SettingsOutcome {
    OfficeAsked,
    /// Noted: the change is applied in a moment.
    Asked,
    /// Another change of the space is under way.
    Busy,
    SameOffice,
    /// The space is not active (suspended, being removed).
    NotActive,
    DeletionAsked,
    /// A deletion was asked already.
    DeletionPending,
}

impl SettingsOutcome {
    fn key(self) -> &'static str {
        match self {
            SettingsOutcome::OfficeAsked => "settings-done-office",
            SettingsOutcome::Asked => "settings-done-wish",
            SettingsOutcome::Busy => "settings-office-busy",
            SettingsOutcome::SameOffice => "settings-office-same",
            SettingsOutcome::NotActive => "settings-not-active",
            SettingsOutcome::DeletionAsked => "settings-deletion-asked",
            SettingsOutcome::DeletionPending => "settings-deletion-pending",
        }
    }
}

#[cfg(feature = "ssr")]
async fn wish(
    ctx: &backend::Ctx,
    who: &backend::referents::Referent,
    wish: backend::referents::settings::Wish,
) -> Reply<SettingsOutcome> {
    use backend::referents::settings::{ask, WishError};
    match ask(ctx, who, wish).await {
        Ok(()) => Reply::Done(SettingsOutcome::Asked),
        Err(WishError::NotActive) => Reply::Done(SettingsOutcome::NotActive),
        Err(WishError::Database(e)) => Reply::failed("dashboard settings", e),
    }
}

pub struct SettingsAction;

impl Action for SettingsAction {
    const ID: &'static str = "space-settings";
    const PATH: &'static str = SETTINGS_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/reglages";
    const TEXT_FIELDS: &'static [&'static str] =
        &["suite", "app", "to", "name", "color", "confirm"];
    type Params = SlugParam;
    type Input = SettingsInput;
    type Outcome = SettingsOutcome;

    fn examples() -> Vec<SettingsInput> {
        vec![
            SettingsInput {
                action: SettingsButton::Office,
                suite: "onlyoffice".into(),
                ..SettingsInput::default()
            },
            SettingsInput {
                action: SettingsButton::App,
                app: "cospend".into(),
                to: "off".into(),
                ..SettingsInput::default()
            },
            SettingsInput {
                action: SettingsButton::Name,
                name: "Les Amis du quartier".into(),
                ..SettingsInput::default()
            },
            SettingsInput {
                action: SettingsButton::Color,
                color: "#1a6b3c".into(),
                ..SettingsInput::default()
            },
            SettingsInput {
                action: SettingsButton::Delete,
                confirm: "les-amis".into(),
                ..SettingsInput::default()
            },
        ]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: SettingsInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SettingsOutcome> {
        use backend::provisioning::apps::offered;
        use backend::provisioning::lifecycle::{self, Refused};
        use backend::referents::settings::{check_color, check_name, Wish};
        let ctx = &caller.ctx;
        match input.action {
            SettingsButton::Office => {
                let office = match input.suite.as_str() {
                    "collabora" => "collabora",
                    "onlyoffice" => "onlyoffice",
                    _ => return Reply::Unprocessable,
                };
                match lifecycle::change_office_as_referent(ctx, &who, office).await {
                    Ok(_) => Reply::Done(SettingsOutcome::OfficeAsked),
                    Err(Refused::Busy) => Reply::Done(SettingsOutcome::Busy),
                    Err(Refused::SameOffice) => Reply::Done(SettingsOutcome::SameOffice),
                    Err(Refused::State(_) | Refused::DeletionPending) => {
                        Reply::Done(SettingsOutcome::NotActive)
                    }
                    Err(Refused::NotFound) => Reply::NotFound,
                    Err(e) => Reply::failed("dashboard office change", e),
                }
            }
            SettingsButton::App => {
                // Only an app of the offered list, by the list's own name.
                let Some((app, _)) = offered().find(|(a, _)| *a == input.app) else {
                    return Reply::Unprocessable;
                };
                let on = match input.to.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => return Reply::Unprocessable,
                };
                wish(ctx, &who, Wish::App { app, on }).await
            }
            SettingsButton::Name => match check_name(&input.name) {
                Ok(name) => wish(ctx, &who, Wish::Name(name)).await,
                Err(code) => Reply::Invalid(FormErrors::field_error("name", code)),
            },
            SettingsButton::Color => match check_color(&input.color) {
                Ok(color) => wish(ctx, &who, Wish::Color(color)).await,
                Err(code) => Reply::Invalid(FormErrors::field_error("color", code)),
            },
            SettingsButton::Delete => {
                // The address typed again, as it is or whole (`les-amis.frama.space`).
                let typed = input.confirm.trim().to_lowercase();
                let address = ctx.settings.site.space_address(who.slug());
                if typed != who.slug() && typed != address {
                    return Reply::Invalid(FormErrors::field_error(
                        "confirm",
                        ErrorCode::DeleteConfirm,
                    ));
                }
                match lifecycle::ask_deletion_as_referent(ctx, &who).await {
                    Ok(_) => Reply::Done(SettingsOutcome::DeletionAsked),
                    Err(Refused::DeletionPending) => Reply::Done(SettingsOutcome::DeletionPending),
                    Err(Refused::Busy) => Reply::Done(SettingsOutcome::Busy),
                    Err(Refused::State(_)) => Reply::Done(SettingsOutcome::NotActive),
                    Err(Refused::NotFound) => Reply::NotFound,
                    Err(e) => Reply::failed("dashboard deletion", e),
                }
            }
        }
    }

    fn next(params: &SlugParam, outcome: &SettingsOutcome) -> String {
        outcome_query(&settings(&params.slug), outcome)
    }
}

/// The logo's form: a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogoInput {
    #[serde(skip)]
    pub file: Vec<u8>,
}

pub struct LogoAction;

impl Action for LogoAction {
    const ID: &'static str = "space-settings-logo";
    const PATH: &'static str = SETTINGS_LOGO_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/reglages/logo";
    const TEXT_FIELDS: &'static [&'static str] = &[];
    /// A logo of 1 MB, and the form around it.
    const BODY_LIMIT: usize = 1024 * 1024 + 64 * 1024;
    type Params = SlugParam;
    type Input = LogoInput;
    type Outcome = SettingsOutcome;

    fn examples() -> Vec<LogoInput> {
        vec![LogoInput::default()]
    }

    fn too_large() -> FormErrors {
        FormErrors::field_error("logo", ErrorCode::LogoTooLarge)
    }

    #[cfg(feature = "ssr")]
    fn input_from(body: &[u8]) -> Option<LogoInput> {
        let Some(parts) = crate::multipart::parts(body) else {
            return serde_urlencoded::from_bytes(body).ok();
        };
        let file = parts
            .into_iter()
            .find(|p| p.name == "logo" && p.file_name.is_some())
            .map(|p| p.bytes)
            .unwrap_or_default();
        Some(LogoInput { file })
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: LogoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SettingsOutcome> {
        use backend::referents::settings::{Logo, Wish};
        match Logo::check(input.file) {
            Ok(logo) => wish(&caller.ctx, &who, Wish::Logo(logo)).await,
            Err(code) => Reply::Invalid(FormErrors::field_error("logo", code)),
        }
    }

    fn next(params: &SlugParam, outcome: &SettingsOutcome) -> String {
        outcome_query(&settings(&params.slug), outcome)
    }
}

/// `#rgb` or `#rrggbb`.
fn is_color_code(c: &str) -> bool {
    c.strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// What became of a wish: pending, retried, refused, or nothing to say once applied.
#[component]
fn WishState(wish: Option<WishRow>) -> impl IntoView {
    let i18n = use_i18n();
    wish.and_then(|w| {
        let key = match (w.pending, w.failed) {
            (true, false) => "settings-wish-pending",
            (true, true) => "settings-wish-retrying",
            (false, true) => "settings-wish-refused",
            (false, false) => return None,
        };
        Some(view! {
            <p class="field-hint" role="status">{i18n.ta(key, &[("date", Arg::from(&w.when))])}</p>
        })
    })
}

#[component]
fn OfficePanel(v: SettingsView) -> impl IntoView {
    let i18n = use_i18n();
    let suite = move |office: &str| {
        i18n.t(if office == "onlyoffice" {
            "settings-office-onlyoffice"
        } else {
            "settings-office-collabora"
        })
    };
    let other = if v.office == "onlyoffice" {
        "collabora"
    } else {
        "onlyoffice"
    };
    let running = v
        .office_change
        .as_ref()
        .is_some_and(|c| c.stage == ChangeStage::Running);
    let change = v.office_change.clone().map(|c| {
        let state = match c.stage {
            ChangeStage::Running => "settings-office-state-running",
            ChangeStage::Done => "settings-office-state-done",
            ChangeStage::Failed => "settings-office-state-failed",
        };
        view! {
            <p role="status">
                {i18n.ta("settings-office-change", &[("date", Arg::from(&c.when)), ("state", Arg::from(&i18n.t(state)))])}
            </p>
        }
    });
    view! {
        <section class="panel" aria-labelledby="office-title">
            <h2 id="office-title">{i18n.t("settings-office-title")}</h2>
            <p>{i18n.ta("settings-office-now", &[("suite", Arg::from(&suite(&v.office)))])}</p>
            <p class="field-hint">{i18n.t("settings-office-explain")}</p>
            {(!v.host_has_office).then(|| view! { <p>{i18n.t("settings-office-no-server")}</p> })}
            {change}
            {if running {
                view! {
                    <form method="get" action=settings(&v.slug)>
                        <button type="submit" class="button button-secondary">{i18n.t("settings-refresh")}</button>
                    </form>
                }.into_any()
            } else if v.busy || !v.active {
                view! { <p>{i18n.t("settings-office-busy")}</p> }.into_any()
            } else {
                view! {
                    <ActionForm<SettingsAction> params=SlugParam { slug: v.slug.clone() } class="inline-form">
                        <input type="hidden" name="action" value=sent(&SettingsButton::Office)/>
                        <input type="hidden" name="suite" value=other/>
                        <button type="submit" class="button">
                            {i18n.ta("settings-office-switch", &[("suite", Arg::from(&suite(other)))])}
                        </button>
                    </ActionForm<SettingsAction>>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AppItem(slug: String, app: AppRow) -> impl IntoView {
    let i18n = use_i18n();
    let name = i18n.t(&format!("app-{}-name", app.id));
    let state = match app.on {
        Some(true) => i18n.t("settings-app-on"),
        Some(false) => i18n.t("settings-app-off"),
        None => i18n.t("settings-app-missing"),
    };
    let pending = app.wish.as_ref().is_some_and(|w| w.pending);
    let (id, hidden_name) = (app.id.clone(), name.clone());
    let button = app.on.filter(|_| !pending).map(move |on| {
        let (to, label) = if on {
            ("off", "settings-app-disable")
        } else {
            ("on", "settings-app-enable")
        };
        view! {
            <ActionForm<SettingsAction> params=SlugParam { slug: slug.clone() } class="inline-form">
                <input type="hidden" name="action" value=sent(&SettingsButton::App)/>
                <input type="hidden" name="app" value=id/>
                <input type="hidden" name="to" value=to/>
                <button type="submit" class="button button-secondary button-small">
                    {i18n.t(label)}<span class="visually-hidden">" "{hidden_name}</span>
                </button>
            </ActionForm<SettingsAction>>
        }
    });
    view! {
        <li class="app-setting" id=format!("app-{}", app.id)>
            <p><strong>{name.clone()}</strong>" · "{state}</p>
            <p class="field-hint">{i18n.t(&format!("app-{}-text", app.id))}</p>
            <WishState wish=app.wish.clone()/>
            {button}
        </li>
    }
}

#[component]
fn AppsPanel(slug: String, apps: Option<Vec<AppRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let list = |rows: Vec<AppRow>| {
        rows.into_iter()
            .map(|app| view! { <AppItem slug=slug.clone() app/> })
            .collect_view()
    };
    let body = match apps {
        None => view! { <p role="status">{i18n.t("settings-apps-unreachable")}</p> }.into_any(),
        Some(apps) => {
            let (first, later): (Vec<_>, Vec<_>) = apps.into_iter().partition(|a| a.at_first);
            view! {
                <ul class="app-settings">{list(first)}</ul>
                <details>
                    <summary>{i18n.t("settings-apps-more")}</summary>
                    <ul class="app-settings">{list(later)}</ul>
                </details>
            }
            .into_any()
        }
    };
    view! {
        <section class="panel" aria-labelledby="apps-title">
            <h2 id="apps-title">{i18n.t("settings-apps-title")}</h2>
            <p>{i18n.t("settings-apps-lead")}</p>
            {body}
        </section>
    }
}

#[component]
fn LookPanel(v: SettingsView) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let which = posted.values.get("action").cloned().unwrap_or_default();
    let mine = |b: SettingsButton| which == sent(&b);
    let form_errors = |b: SettingsButton| {
        if mine(b) {
            posted.errors.clone()
        } else {
            FormErrors::default()
        }
    };
    let typed = |b: SettingsButton, field: &str, now: Option<String>| {
        if mine(b) {
            posted.values.get(field).cloned().unwrap_or_default()
        } else {
            now.unwrap_or_default()
        }
    };
    let name = RwSignal::new(typed(SettingsButton::Name, "name", v.name.clone()));
    let color = RwSignal::new(typed(SettingsButton::Color, "color", v.color.clone()));
    let name_errors = RwSignal::new(form_errors(SettingsButton::Name));
    let color_errors = RwSignal::new(form_errors(SettingsButton::Color));
    // The logo's form is a plain one: its errors come with the page (no `action` field).
    let logo_error = posted.errors.field("logo");
    let logo_errors = RwSignal::new(if logo_error.is_some() {
        posted.errors.clone()
    } else {
        FormErrors::default()
    });
    let slug = v.slug.clone();
    view! {
        <section class="panel" aria-labelledby="look-title">
            <h2 id="look-title">{i18n.t("settings-look-title")}</h2>
            <p>{i18n.t("settings-look-lead")}</p>
            <ActionForm<SettingsAction> params=SlugParam { slug: slug.clone() } class="form" errors=Some(name_errors)>
                <input type="hidden" name="action" value=sent(&SettingsButton::Name)/>
                <ErrorSummary errors=name_errors field_id=|f: &str| format!("settings-{f}")/>
                <TextField
                    id="settings-name"
                    name="name"
                    label=i18n.t("settings-name")
                    hint=i18n.ta("settings-name-hint", &[("max", Arg::Num(v.name_max as i64))])
                    value=name
                    errors=name_errors
                    on_change=Callback::new(|()| ())
                    node_ref=NodeRef::new()
                />
                <WishState wish=v.name_wish.clone()/>
                <button type="submit" class="button">{i18n.t("settings-name-save")}</button>
            </ActionForm<SettingsAction>>
            <ActionForm<SettingsAction> params=SlugParam { slug: slug.clone() } class="form" errors=Some(color_errors)>
                <input type="hidden" name="action" value=sent(&SettingsButton::Color)/>
                <ErrorSummary errors=color_errors field_id=|f: &str| format!("settings-{f}")/>
                // The colour as Nextcloud tells it, drawn only when it is a colour code (an
                // attribute, not a style: the pages' policy allows no inline style).
                {v.color.clone().filter(|c| is_color_code(c)).map(|c| view! {
                    <p>
                        <svg class="color-swatch" width="20" height="20" aria-hidden="true">
                            <rect width="20" height="20" fill=c.clone()/>
                        </svg>
                        " "{i18n.ta("settings-color-now", &[("color", Arg::from(&c))])}
                    </p>
                })}
                <TextField
                    id="settings-color"
                    name="color"
                    label=i18n.t("settings-color")
                    hint=i18n.t("settings-color-hint")
                    value=color
                    errors=color_errors
                    on_change=Callback::new(|()| ())
                    node_ref=NodeRef::new()
                />
                <WishState wish=v.color_wish.clone()/>
                <button type="submit" class="button">{i18n.t("settings-color-save")}</button>
            </ActionForm<SettingsAction>>
            <form method="post" action=settings_logo(&slug) enctype="multipart/form-data" class="form">
                <ErrorSummary errors=logo_errors field_id=|f: &str| format!("settings-{f}")/>
                <div class="field" class:field-invalid=logo_error.is_some()>
                    <label for="settings-logo">{i18n.t("settings-logo")}</label>
                    <p class="field-hint" id="settings-logo-hint">{i18n.t("settings-logo-hint")}</p>
                    {logo_error.map(|code| view! {
                        <p class="field-error" id="settings-logo-error">
                            <span class="visually-hidden">{i18n.t("form-error-prefix")} " "</span>
                            {error_text(i18n, code)}
                        </p>
                    })}
                    <input
                        type="file"
                        id="settings-logo"
                        name="logo"
                        accept="image/png,image/jpeg"
                        aria-describedby=if logo_error.is_some() { "settings-logo-hint settings-logo-error" } else { "settings-logo-hint" }
                        aria-invalid=logo_error.is_some().then_some("true")
                    />
                </div>
                {v.logo_wish.clone().filter(|w| !w.pending && !w.failed).map(|w| view! {
                    <p>{i18n.ta("settings-logo-set", &[("date", Arg::from(&w.when)), ("what", Arg::from(&w.value))])}</p>
                })}
                <WishState wish=v.logo_wish.clone()/>
                <button type="submit" class="button">{i18n.t("settings-logo-save")}</button>
            </form>
        </section>
    }
}

/// Leaving: the deletion asked, with its date and the way to cancel it, or the form that
/// asks for it (the space's address typed again).
#[component]
fn LeavePanel(v: SettingsView) -> impl IntoView {
    use super::dashboard::{DashboardAction, DashboardButton};
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let mine =
        posted.values.get("action").cloned().unwrap_or_default() == sent(&SettingsButton::Delete);
    let confirm = RwSignal::new(if mine {
        posted.values.get("confirm").cloned().unwrap_or_default()
    } else {
        String::new()
    });
    let errors = RwSignal::new(if mine {
        posted.errors.clone()
    } else {
        FormErrors::default()
    });
    let body = match v.delete_after.clone() {
        Some(date) => view! {
            <p role="status">{i18n.ta("settings-deletion-date", &[("date", Arg::from(&date))])}</p>
            <ActionForm<DashboardAction> params=SlugParam { slug: v.slug.clone() } class="inline-form">
                <input type="hidden" name="action" value=sent(&DashboardButton::CancelDeletion)/>
                <button type="submit" class="button">{i18n.t("dash-deletion-cancel")}</button>
            </ActionForm<DashboardAction>>
        }
        .into_any(),
        None => view! {
            <p>{i18n.t("settings-delete-text")}</p>
            <ActionForm<SettingsAction> params=SlugParam { slug: v.slug.clone() } class="form" errors=Some(errors)>
                <input type="hidden" name="action" value=sent(&SettingsButton::Delete)/>
                <ErrorSummary errors field_id=|f: &str| format!("settings-{f}")/>
                <TextField
                    id="settings-confirm"
                    name="confirm"
                    label=i18n.ta("settings-delete-confirm", &[("address", Arg::from(&v.address))])
                    value=confirm
                    errors
                    on_change=Callback::new(|()| ())
                    node_ref=NodeRef::new()
                />
                <button type="submit" class="button">{i18n.t("settings-delete-submit")}</button>
            </ActionForm<SettingsAction>>
        }
        .into_any(),
    };
    view! {
        <section class="panel" aria-labelledby="leave-title">
            <h2 id="leave-title">{i18n.t("settings-leave-title")}</h2>
            {body}
        </section>
    }
}

#[component]
fn Settings(v: SettingsView, outcome: Option<SettingsOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.ta("settings-title", &[("space", Arg::from(&v.address))]);
    let pending = v
        .apps
        .iter()
        .flatten()
        .any(|a| a.wish.as_ref().is_some_and(|w| w.pending))
        || [&v.name_wish, &v.color_wish, &v.logo_wish]
            .iter()
            .any(|w| w.as_ref().is_some_and(|w| w.pending));
    view! {
        <PageTitle text=title.clone()/>
        <DashboardNav slug=v.slug.clone() current="options"/>
        {outcome.map(|o| view! {
            <div class="notice" role="status" tabindex="-1" id="settings-outcome" autofocus>
                <p>{i18n.t(o.key())}</p>
            </div>
        })}
        <h1>{title}</h1>
        <p class="lead">{i18n.t("settings-lead")}</p>
        {(pending).then(|| view! {
            <form method="get" action=settings(&v.slug)>
                <p>{i18n.t("settings-pending")}" "
                    <button type="submit" class="button button-secondary button-small">{i18n.t("settings-refresh")}</button>
                </p>
            </form>
        })}
        <OfficePanel v=v.clone()/>
        <AppsPanel slug=v.slug.clone() apps=v.apps.clone()/>
        <LookPanel v=v.clone()/>
        <LeavePanel v/>
    }
}

#[component]
pub fn SpaceSettingsPage() -> impl IntoView {
    dashboard_page(space_settings, |v, outcome: Option<SettingsOutcome>| {
        view! { <Settings v outcome/> }.into_any()
    })
}
