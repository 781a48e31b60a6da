//! Staff login: the e-mail form, the link's page, the second-factor code, and setting up
//! the second factor. Every form is a plain POST handled by the server (see
//! `server/src/staff.rs`), with or without JavaScript; the WASM only checks fields early.

use crate::components::title::{title_with_errors, PageTitle};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use super::{AREA_PATH, CODE_PATH, ENROL_PATH, LOGIN_PATH};
use crate::components::form::{posted, KitForm, OneFieldForm};
use crate::components::notice::{Notice, TokenPage};
use crate::forms::{invalid, ErrorCode, Field, Form, FormErrors, Input, Posted};
use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct StaffLogin {
    #[validate(custom(function = "crate::forms::email_address"))]
    pub email: String,
}

impl Form for StaffLogin {
    const ID: &'static str = "staff-login";
    const PATH: &'static str = LOGIN_PATH;
    const FIELDS: &'static [Field] = &[Field {
        name: "email",
        input: Input::Email,
        autocomplete: "email",
        label: "staff-login-email",
        hint: None,
        section: None,
    }];
    const SUBMIT: &'static str = "staff-login-submit";
    const SUBMITTING: &'static str = "staff-login-submitting";

    fn errors(&self, _site: &common::SiteInfo) -> FormErrors {
        FormErrors::of(self)
    }

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::forms::kit::{backend_outcome, email_in};
        async move {
            let email = match email_in("email", &self.email) {
                Ok(email) => email,
                Err(refused) => return refused,
            };
            let asked = backend::accounts::request_login_link(
                &caller.ctx,
                &email,
                caller.lang,
                &caller.client.0,
            )
            .await;
            // The same answer whether or not the address is staff.
            backend_outcome(asked, super::LINK_SENT_PATH, "staff login link request")
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct SecondFactorCode {
    #[validate(custom(function = "code_format"))]
    pub code: String,
}

/// Six digits from an app (spaces allowed, as apps show them), or a recovery code
/// (`abcde-fghij`).
pub fn code_format(value: &str) -> Result<(), ValidationError> {
    code_rule(value).map_err(invalid)
}

/// [`code_format`]'s rule, for the forms of the kit.
pub fn code_rule(value: &str) -> Result<(), ErrorCode> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.is_empty() {
        Err(ErrorCode::CodeRequired)
    } else if (compact.len() == 6 && compact.chars().all(|c| c.is_ascii_digit()))
        || (compact.len() == 10 && compact.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        Ok(())
    } else {
        Err(ErrorCode::CodeInvalid)
    }
}

fn check_code(value: &str) -> FormErrors {
    FormErrors::of(&SecondFactorCode {
        code: value.to_string(),
    })
}

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<StaffLogin>();
    let minutes = use_env().login_link_minutes;
    view! {
        <PageTitle text=title_with_errors("staff-login-title", !posted.errors.is_empty())/>
        <h1>{i18n.t("staff-login-title")}</h1>
        <p class="lead">{i18n.ta("staff-login-intro", &[("minutes", Arg::from(minutes.to_string()))])}</p>
        <section class="panel">
            <KitForm<StaffLogin>/>
        </section>
    }
}

#[component]
pub fn LinkSentPage() -> impl IntoView {
    view! {
        <Notice
            title="staff-link-sent-title"
            paragraphs=&["staff-link-sent-text", "newsletter-thanks-spam"]
            link=("/", "back-home")
        />
    }
}

/// Whether a login link would work. Reads only: the page asks before using it.
#[server(prefix = "/api", endpoint = "staff/link-valid")]
pub async fn link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::accounts::login_link_is_valid(&caller.ctx, &token)
        .await
        .map_err(|error| crate::ssr::server_error("login link check", error))
}

#[component]
fn Expired() -> impl IntoView {
    view! {
        <Notice
            title="staff-link-invalid-title"
            paragraphs=&["staff-link-invalid-text"]
            link=(LOGIN_PATH, "staff-login-again")
        />
    }
}

#[component]
pub fn LinkPage() -> impl IntoView {
    view! {
        <TokenPage
            check=link_is_valid
            title="staff-link-title"
            text="staff-link-text"
            submit="staff-link-submit"
            action_prefix=LOGIN_PATH
            invalid=|| view! { <Expired/> }.into_any()
        />
    }
}

/// Whether this session has a login waiting for its second factor.
#[server(prefix = "/api", endpoint = "staff/login-pending")]
pub async fn login_pending() -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    Ok(caller.pending().await.is_some())
}

#[component]
pub fn CodePage() -> impl IntoView {
    let i18n = use_i18n();
    let pending = Resource::new_blocking(|| (), |_| login_pending());
    let posted = posted::<SecondFactorCode>();
    let has_errors = !posted.errors.is_empty();
    view! {
        <Suspense>
            {move || {
                let posted = posted.clone();
                Suspend::new(async move {
                    if pending.await.unwrap_or(false) {
                        view! {
                            <PageTitle text=title_with_errors("staff-code-title", has_errors)/>
                            <h1>{i18n.t("staff-code-title")}</h1>
                            <p class="lead">{i18n.t("staff-code-intro")}</p>
                            <CodeForm action=CODE_PATH hint="staff-code-hint" submit="staff-code-submit" posted/>
                        }
                        .into_any()
                    } else {
                        view! { <Expired/> }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}

/// The code field of the second factor, for logging in and for setting it up.
#[component]
fn CodeForm(
    action: &'static str,
    /// Keys of the field's hint and the button's text.
    hint: &'static str,
    submit: &'static str,
    posted: Posted<SecondFactorCode>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <OneFieldForm
                action
                id="staff-code"
                name="code"
                label=i18n.t("staff-code-label")
                hint=i18n.t(hint)
                autocomplete="one-time-code"
                submit=i18n.t(submit)
                value=posted.values.code
                initial_errors=posted.errors
                validate=check_code
            />
        </section>
    }
}

/// The key to set up, for a login waiting for its second factor or a logged-in member who
/// began setting one up. Reads only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    pub secret: String,
    pub uri: String,
    pub qr_svg: String,
}

#[server(prefix = "/api", endpoint = "staff/enrolment")]
pub async fn enrolment() -> Result<Option<EnrolmentView>, ServerFnError> {
    use backend::accounts::{pending_enrolment, Who};
    let caller = crate::ssr::caller().await?;
    let pending = caller.pending().await;
    let who = match (&pending, caller.staff()) {
        (Some(p), _) => Who::from(p),
        (None, Ok(staff)) => Who::from(staff),
        (None, Err(_)) => return Ok(None),
    };
    let found = pending_enrolment(&caller.ctx, who)
        .await
        .map_err(|error| crate::ssr::server_error("second-factor set-up", error))?;
    Ok(found.map(|e| EnrolmentView {
        secret: e.secret,
        uri: e.uri,
        qr_svg: e.qr_svg,
    }))
}

/// Recovery codes, shown once, right after the second factor was set up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes(pub Vec<String>);

#[component]
pub fn EnrolPage() -> impl IntoView {
    let codes = SharedValue::new(use_context::<RecoveryCodes>).into_inner();
    match codes {
        Some(codes) => view! { <RecoveryCodesView codes/> }.into_any(),
        None => view! { <EnrolForm/> }.into_any(),
    }
}

#[component]
fn EnrolForm() -> impl IntoView {
    let i18n = use_i18n();
    let found = Resource::new_blocking(|| (), |_| enrolment());
    let posted = posted::<SecondFactorCode>();
    let has_errors = !posted.errors.is_empty();
    view! {
        <Suspense>
            {move || {
                let posted = posted.clone();
                Suspend::new(async move {
                    match found.await.ok().flatten() {
                        Some(e) => view! {
                            <PageTitle text=title_with_errors("staff-enrol-title", has_errors)/>
                            <h1>{i18n.t("staff-enrol-title")}</h1>
                            <p class="lead">{i18n.t("staff-enrol-intro")}</p>
                            <ol class="steps">
                                <li>{i18n.t("staff-enrol-step-app")}</li>
                                <li>
                                    {i18n.t("staff-enrol-step-scan")}
                                    <div class="qr" role="img" aria-label=i18n.t("staff-enrol-qr-label") inner_html=e.qr_svg></div>
                                    <p>{i18n.t("staff-enrol-key")} " " <code class="secret">{e.secret}</code></p>
                                </li>
                                <li>{i18n.t("staff-enrol-step-code")}</li>
                            </ol>
                            <CodeForm action=ENROL_PATH hint="staff-enrol-hint" submit="staff-enrol-submit" posted/>
                        }
                        .into_any(),
                        None => view! { <Expired/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn RecoveryCodesView(codes: RecoveryCodes) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=i18n.t("staff-recovery-title")/>
        <h1>{i18n.t("staff-recovery-title")}</h1>
        <p class="lead">{i18n.t("staff-recovery-intro")}</p>
        <ul class="recovery-codes">
            {codes.0.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ul>
        <p>{i18n.t("staff-recovery-once")}</p>
        <p><a class="button" href=AREA_PATH>{i18n.t("staff-recovery-continue")}</a></p>
    }
}

#[component]
pub fn LoggedOutPage() -> impl IntoView {
    view! {
        <Notice
            title="staff-logged-out-title"
            paragraphs=&["staff-logged-out-text"]
            link=("/", "back-home")
        />
    }
}
