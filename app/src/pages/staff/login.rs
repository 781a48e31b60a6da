//! Staff login: the e-mail form, the link's page, the second-factor code, and setting up
//! the second factor. The e-mail form is on the kit; the link's button, the code and the
//! set-up are declared actions ([`crate::actions`]: [`UseLoginLink`], [`EnterCode`],
//! [`FinishEnrolment`]), each a plain POST with or without JavaScript (the WASM only checks
//! the code's form early). Each step begins the session afresh (`Reply::LogIn`: a new
//! session id, then the login or the login waiting for its second factor), a code is never
//! shown again, and the recovery codes are shown once, by the set-up page's answer itself.

use crate::components::title::{title_with_errors, PageTitle};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use super::{AREA_PATH, CODE_PATH, ENROL_PATH, LOGIN_PATH};
use crate::actions::{use_shown, Action, NoInput, NoParams, TokenParam};
#[cfg(feature = "ssr")]
use crate::actions::{Anyone, Reply, Then};
use crate::components::form::{posted, KitForm, OneFieldForm};
use crate::components::notice::{Notice, TokenPage};
use crate::forms::{invalid, ErrorCode, Field, Form, FormErrors, Input, PostedValues};
use crate::i18n::{use_i18n, Arg};
#[cfg(feature = "ssr")]
use crate::proofs::code_checked;
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
    type Who = crate::actions::Anyone;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        _: crate::actions::Anyone,
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

/// Where a step of the login leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoginStep {
    /// Logged in: the staff area.
    LoggedIn,
    /// The second factor's code. When the login waiting for it expired, its page says so
    /// and leads back to the login form.
    Code,
    /// Setting up the second factor first (an administrator's first login).
    Enrolment,
}

impl LoginStep {
    fn path(self) -> &'static str {
        match self {
            LoginStep::LoggedIn => AREA_PATH,
            LoginStep::Code => CODE_PATH,
            LoginStep::Enrolment => ENROL_PATH,
        }
    }
}

/// What a second-factor code taken answers: a login waiting for it begins its session
/// afresh, with its new login id; a logged-in member who set up a factor keeps the session.
#[cfg(feature = "ssr")]
fn after_code<O>(login_id: Option<String>, then: Then<O>) -> Reply<O> {
    match login_id {
        Some(login) => Reply::LogIn {
            session: crate::ssr::SessionChange::LoggedIn(login),
            then,
        },
        None => then.into(),
    }
}

/// The button of the login link's page: the link is used up, and the login goes on to the
/// staff area, or waits in the session for the second factor's code or its set-up. A link
/// that no longer works shows its page again, which says so (400). Open to anyone: the
/// link's token is the proof.
pub struct UseLoginLink;

impl Action for UseLoginLink {
    const ID: &'static str = "use-login-link";
    const PATH: &'static str = "/equipe/connexion/{token}";
    const EXAMPLE: &'static str = "/equipe/connexion/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = LoginStep;

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        link: TokenParam,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<LoginStep> {
        use crate::ssr::SessionChange;
        use backend::accounts::LinkUse;
        let used = backend::accounts::use_login_link(&caller.ctx, &link.token).await;
        let (session, step) = match used {
            Ok(LinkUse::Invalid) => return Reply::Page(400),
            Ok(LinkUse::LoggedIn(login)) => (SessionChange::LoggedIn(login), LoginStep::LoggedIn),
            Ok(LinkUse::NeedsCode(pending)) => (SessionChange::Pending(pending), LoginStep::Code),
            Ok(LinkUse::NeedsEnrolment(pending)) => {
                (SessionChange::Pending(pending), LoginStep::Enrolment)
            }
            Err(error) => return Reply::failed("login link", error),
        };
        Reply::LogIn {
            session,
            then: Then::Done(step),
        }
    }

    fn next(_: &TokenParam, step: &LoginStep) -> String {
        step.path().to_string()
    }
}

/// The second factor's code, for a login waiting for it (the link's button put it in the
/// session). Open to anyone: what the session holds is the proof, checked by `run`.
pub struct EnterCode;

impl Action for EnterCode {
    const ID: &'static str = "second-factor-code";
    const PATH: &'static str = CODE_PATH;
    const EXAMPLE: &'static str = CODE_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["code"];
    /// Spent or wrong: never shown again.
    const SECRET_FIELDS: &'static [&'static str] = &["code"];
    type Params = NoParams;
    type Input = SecondFactorCode;
    type Outcome = LoginStep;

    fn examples() -> Vec<SecondFactorCode> {
        vec![SecondFactorCode {
            code: "000000".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        _: NoParams,
        form: SecondFactorCode,
        caller: crate::ssr::Caller,
    ) -> Reply<LoginStep> {
        let Some(pending) = caller.pending().await else {
            // Expired, or never begun: the code's page says so.
            return Reply::Done(LoginStep::Code);
        };
        let errors = FormErrors::of(&form);
        if !errors.is_empty() {
            return Reply::Invalid(errors);
        }
        let check = backend::accounts::check_code(&caller.ctx, &pending, &form.code).await;
        match code_checked("code", check) {
            Ok(accepted) => after_code(accepted.login_id, Then::Done(LoginStep::LoggedIn)),
            Err(refused) => refused.into(),
        }
    }

    fn next(_: &NoParams, step: &LoginStep) -> String {
        step.path().to_string()
    }
}

/// What came of setting up the second factor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Enrolled {
    /// Nothing waits to be set up for this session (the login waiting for it expired):
    /// the set-up page says so.
    Expired,
    /// Set up: the ten recovery codes, shown once by the set-up page's answer itself
    /// (`Reply::Show`), never in an address.
    RecoveryCodes(Vec<String>),
}

/// Finishing the second factor's set-up with a first code from the app, for a login
/// waiting for it or a logged-in member who began it (`account::StartEnrolment`).
pub struct FinishEnrolment;

impl Action for FinishEnrolment {
    const ID: &'static str = "finish-enrolment";
    const PATH: &'static str = ENROL_PATH;
    const EXAMPLE: &'static str = ENROL_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["code"];
    /// Spent or wrong: never shown again.
    const SECRET_FIELDS: &'static [&'static str] = &["code"];
    type Params = NoParams;
    type Input = SecondFactorCode;
    type Outcome = Enrolled;

    fn examples() -> Vec<SecondFactorCode> {
        vec![SecondFactorCode {
            code: "000000".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        _: NoParams,
        form: SecondFactorCode,
        caller: crate::ssr::Caller,
    ) -> Reply<Enrolled> {
        use backend::accounts::Who;
        let pending = caller.pending().await;
        let who = match (&pending, caller.staff()) {
            (Some(p), _) => Who::from(p),
            (None, Ok(staff)) => Who::from(staff),
            // Expired, or never begun: the set-up page says so.
            (None, Err(_)) => return Reply::Done(Enrolled::Expired),
        };
        let errors = FormErrors::of(&form);
        if !errors.is_empty() {
            return Reply::Invalid(errors);
        }
        let check = backend::accounts::finish_enrolment(&caller.ctx, who, &form.code).await;
        match code_checked("code", check) {
            Ok(accepted) => after_code(
                accepted.login_id,
                Then::Show(Enrolled::RecoveryCodes(accepted.recovery_codes)),
            ),
            Err(refused) => refused.into(),
        }
    }

    /// The set-up page, whatever came of it: it says that nothing waits to be set up, or
    /// (in the answer itself, never through this address) shows the recovery codes.
    fn next(_: &NoParams, _: &Enrolled) -> String {
        ENROL_PATH.to_string()
    }
}

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
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
        <TokenPage<UseLoginLink, _, _>
            check=link_is_valid
            title="staff-link-title"
            text="staff-link-text"
            submit="staff-link-submit"
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
    // The code itself is never handed back (`SECRET_FIELDS`): only its error.
    let errors = posted::<PostedValues>().errors;
    let has_errors = !errors.is_empty();
    view! {
        <Suspense>
            {move || {
                let errors = errors.clone();
                Suspend::new(async move {
                    if pending.await.unwrap_or(false) {
                        view! {
                            <PageTitle text=title_with_errors("staff-code-title", has_errors)/>
                            <h1>{i18n.t("staff-code-title")}</h1>
                            <p class="lead">{i18n.t("staff-code-intro")}</p>
                            <CodeForm<EnterCode> hint="staff-code-hint" submit="staff-code-submit" errors/>
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

/// The code field of the second factor, for logging in and for setting it up. After a
/// refused code the field is empty again: a code is never shown again.
#[component]
fn CodeForm<A: Action<Params = NoParams>>(
    /// The step the code is for ([`EnterCode`], [`FinishEnrolment`]).
    #[prop(optional)]
    _action: std::marker::PhantomData<A>,
    /// Keys of the field's hint and the button's text.
    hint: &'static str,
    submit: &'static str,
    errors: FormErrors,
    /// Where the outcome shown in place goes (the recovery codes).
    #[prop(default = None)]
    shown: Option<RwSignal<Option<A::Outcome>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <OneFieldForm<A>
                params=NoParams::default()
                shown
                id="staff-code"
                name="code"
                label=i18n.t("staff-code-label")
                hint=i18n.t(hint)
                autocomplete="one-time-code"
                submit=i18n.t(submit)
                value=String::new()
                initial_errors=errors
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

#[component]
pub fn EnrolPage() -> impl IntoView {
    // The recovery codes, in the one answer that shows them (`Reply::Show`): the page
    // rendered by the plain POST, or the server function's answer with JavaScript.
    let shown = RwSignal::new(use_shown::<FinishEnrolment>());
    move || match shown.get() {
        Some(Enrolled::RecoveryCodes(codes)) => view! { <RecoveryCodesView codes/> }.into_any(),
        Some(Enrolled::Expired) | None => view! { <EnrolForm shown/> }.into_any(),
    }
}

#[component]
fn EnrolForm(shown: RwSignal<Option<Enrolled>>) -> impl IntoView {
    let i18n = use_i18n();
    let found = Resource::new_blocking(|| (), |_| enrolment());
    // The code itself is never handed back (`SECRET_FIELDS`): only its error.
    let errors = posted::<PostedValues>().errors;
    let has_errors = !errors.is_empty();
    view! {
        <Suspense>
            {move || {
                let errors = errors.clone();
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
                            <CodeForm<FinishEnrolment> hint="staff-enrol-hint" submit="staff-enrol-submit" errors shown=Some(shown)/>
                        }
                        .into_any(),
                        None => view! { <Expired/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The recovery codes, shown once, right after the second factor was set up.
#[component]
fn RecoveryCodesView(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=i18n.t("staff-recovery-title")/>
        <h1>{i18n.t("staff-recovery-title")}</h1>
        <p class="lead">{i18n.t("staff-recovery-intro")}</p>
        <ul class="recovery-codes">
            {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_leads_to_its_page_and_codes_never_into_an_address() {
        let next = |step| UseLoginLink::next(&TokenParam::default(), &step);
        assert_eq!(next(LoginStep::LoggedIn), AREA_PATH);
        assert_eq!(next(LoginStep::Code), CODE_PATH);
        assert_eq!(next(LoginStep::Enrolment), ENROL_PATH);
        let codes = Enrolled::RecoveryCodes(vec!["abcde-fghij".into()]);
        assert_eq!(FinishEnrolment::next(&NoParams {}, &codes), ENROL_PATH);
        // A code is never shown again, by either form.
        assert_eq!(<EnterCode as Action>::SECRET_FIELDS, &["code"]);
        assert_eq!(<FinishEnrolment as Action>::SECRET_FIELDS, &["code"]);
    }
}
