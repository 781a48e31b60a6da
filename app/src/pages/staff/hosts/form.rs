//! Admins add a Nextcloud host to the fleet from the staff area: the same rules as
//! `framaspace hosts add` (`common::hosts`), checked in the browser as the admin types and
//! again by the backend before it writes. The office server's secret is sealed at rest.
//!
//! A host's command templates run on every space it will hold: the form says whether their
//! arguments reach a shell (quoted, the default) and takes them only with a fresh
//! second-factor code, as if the admin logged in again: adding the host takes the proof
//! of it, [`crate::proofs::AdminAgain`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::form::KitForm;
use crate::components::title::PageTitle;
use crate::forms::{ErrorCode, Field, Form, FormErrors, Input};
use crate::i18n::use_i18n;
use crate::pages::staff::area::guarded;
use crate::pages::staff::{HOSTS_PATH, NEW_HOST_PATH};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HostForm {
    pub name: String,
    pub ocs_url: String,
    pub version: String,
    pub occ: String,
    pub host_script: String,
    pub database: String,
    pub spaces: String,
    pub storage: String,
    pub parallel: String,
    pub office_url: String,
    pub office_secret: String,
    pub connect_to: String,
    /// `shell` (the templates' arguments reach a shell: quoted) or `direct`.
    pub arguments: String,
    /// A fresh second-factor code.
    pub code: String,
}

/// How the templates' programs receive their arguments.
pub const ARGUMENTS: &[&str] = &["shell", "direct"];

/// The longest office secret taken (a JWT or WOPI secret is far shorter).
const SECRET_MAX: usize = 500;

/// An optional field: empty, or what `rule` accepts.
fn optional(raw: &str, rule: impl FnOnce(&str) -> Result<(), ErrorCode>) -> Result<(), ErrorCode> {
    match raw.trim() {
        "" => Ok(()),
        value => rule(value),
    }
}

impl HostForm {
    /// The host as the backend takes it, once the rules passed.
    #[cfg(feature = "ssr")]
    fn host(&self) -> backend::provisioning::fleet::NewHost {
        use common::hosts as rule;
        let number = |v: &str| rule::whole_number(v).unwrap_or_default();
        let some = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        backend::provisioning::fleet::NewHost {
            name: self.name.trim().to_string(),
            occ_template: self.occ.trim().to_string(),
            host_script: some(&self.host_script),
            ocs_url: self.ocs_url.trim().to_string(),
            nextcloud_version: number(&self.version),
            database_server: self.database.trim().to_string(),
            office_url: some(&self.office_url),
            office_secret: some(&self.office_secret).map(backend::Secret::new),
            capacity_spaces: number(&self.spaces),
            capacity_bytes: rule::storage(&self.storage).unwrap_or_default(),
            max_parallel: number(&self.parallel),
            connect_to: rule::connect_to(&self.connect_to).ok(),
            direct_arguments: self.arguments == "direct",
        }
    }

    /// Adds the host, for an administrator who has just typed a fresh code.
    #[cfg(feature = "ssr")]
    async fn add(
        &self,
        ctx: &backend::Ctx,
        again: &crate::proofs::AdminAgain,
    ) -> crate::forms::Submitted {
        use crate::forms::Submitted;
        use backend::provisioning::fleet::{self, HostError};
        let admin = again.admin();
        let host = self.host();
        match fleet::add_host(ctx, admin, &host).await {
            Ok(id) => {
                let by = admin.staff().map(|s| s.email()).unwrap_or_default();
                tracing::info!(host = %host.name, id, by = %by, "host added by staff");
                Submitted::Done(HOSTS_PATH)
            }
            Err(HostError::Exists(_)) => {
                Submitted::Invalid(FormErrors::field_error("name", ErrorCode::HostExists))
            }
            // The form's rules are the backend's: this is only a rule changed on one side.
            Err(HostError::Invalid { field, code }) => {
                Submitted::Invalid(FormErrors::field_error(&field.replace('-', "_"), code))
            }
            Err(HostError::Backend(error)) => {
                tracing::error!(%error, "adding a host failed");
                Submitted::Unavailable
            }
        }
    }
}

impl Form for HostForm {
    const ID: &'static str = "host";
    const PATH: &'static str = NEW_HOST_PATH;
    const FIELDS: &'static [Field] = &[
        Field::plain("name", Input::Text, "host-name", Some("host-name-hint")),
        Field::plain(
            "ocs_url",
            Input::Text,
            "host-ocs_url",
            Some("host-ocs_url-hint"),
        ),
        Field::plain(
            "version",
            Input::Number,
            "host-version",
            Some("host-version-hint"),
        ),
        Field::plain("occ", Input::Text, "host-occ", Some("host-occ-hint")),
        Field::plain(
            "host_script",
            Input::Text,
            "host-host_script",
            Some("host-host_script-hint"),
        ),
        Field::plain(
            "database",
            Input::Text,
            "host-database",
            Some("host-database-hint"),
        ),
        Field::plain(
            "spaces",
            Input::Number,
            "host-spaces",
            Some("host-spaces-hint"),
        ),
        Field::plain(
            "storage",
            Input::Text,
            "host-storage",
            Some("host-storage-hint"),
        ),
        Field::plain(
            "parallel",
            Input::Number,
            "host-parallel",
            Some("host-parallel-hint"),
        ),
        Field::plain(
            "office_url",
            Input::Text,
            "host-office_url",
            Some("host-office_url-hint"),
        ),
        Field::plain(
            "office_secret",
            Input::Secret,
            "host-office_secret",
            Some("host-office_secret-hint"),
        ),
        Field::plain(
            "connect_to",
            Input::Text,
            "host-connect_to",
            Some("host-connect_to-hint"),
        ),
        Field::plain(
            "arguments",
            Input::Radios(ARGUMENTS),
            "host-arguments",
            Some("host-arguments-hint"),
        ),
        Field {
            autocomplete: "one-time-code",
            ..Field::plain("code", Input::Text, "host-code", Some("host-code-hint"))
        },
    ];
    const SUBMIT: &'static str = "host-submit";
    const SUBMITTING: &'static str = "host-submitting";

    fn errors(&self, _site: &common::SiteInfo) -> FormErrors {
        use common::application::clean_line;
        use common::hosts as rule;
        let number = |raw: &str, range: fn(i32) -> Result<(), ErrorCode>| {
            rule::whole_number(raw).and_then(range)
        };
        // A secret says nothing without the server it is for.
        let office_url = if self.office_url.trim().is_empty() && !self.office_secret.is_empty() {
            Err(ErrorCode::Required)
        } else {
            optional(&self.office_url, rule::web_address)
        };
        let checks = [
            ("name", rule::host_name(self.name.trim())),
            ("ocs_url", rule::ocs_url(self.ocs_url.trim())),
            ("version", number(&self.version, rule::version)),
            ("occ", rule::command_template(self.occ.trim())),
            (
                "host_script",
                rule::command_template(self.host_script.trim()),
            ),
            ("database", rule::database_server(&self.database)),
            ("spaces", number(&self.spaces, rule::capacity_spaces)),
            ("storage", rule::storage(&self.storage).map(drop)),
            ("parallel", number(&self.parallel, rule::parallel)),
            ("office_url", office_url),
            (
                "office_secret",
                optional(&self.office_secret, |s| clean_line(s, SECRET_MAX).map(drop)),
            ),
            (
                "connect_to",
                optional(&self.connect_to, |s| rule::connect_to(s).map(drop)),
            ),
            (
                "arguments",
                if ARGUMENTS.contains(&self.arguments.as_str()) {
                    Ok(())
                } else {
                    Err(ErrorCode::Required)
                },
            ),
            ("code", crate::pages::staff::login::code_rule(&self.code)),
        ];
        FormErrors::from_checks(checks)
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        admin: backend::accounts::Admin,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::proofs::AdminAgain;
        async move {
            // The templates will run on every space of the host: a fresh code first.
            match AdminAgain::confirm(&caller.ctx, admin, "code", &self.code).await {
                Ok(again) => self.add(&caller.ctx, &again).await,
                Err(refused) => refused.into(),
            }
        }
    }
}

#[component]
pub fn NewHostPage() -> impl IntoView {
    let i18n = use_i18n();
    // The fleet's server function answers admins only: the page is theirs too.
    let fleet = Resource::new_blocking(|| (), |_| super::list::staff_hosts());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(fleet.await, move |hosts| {
                    let opening = HostForm {
                        parallel: "2".into(),
                        arguments: "shell".into(),
                        ..HostForm::default()
                    };
                    view! {
                        <PageTitle text=i18n.t("host-new-title")/>
                        <p><a href=HOSTS_PATH>{i18n.t("host-new-back")}</a></p>
                        <h1>{i18n.t("host-new-title")}</h1>
                        <p class="lead">{i18n.t("host-new-intro")}</p>
                        {(!hosts.is_empty()).then(|| view! {
                            <p>{i18n.t("host-new-taken")} " "
                                {hosts.iter().map(|h| h.name.clone()).collect::<Vec<_>>().join(", ")}</p>
                        })}
                        <KitForm<HostForm> values=opening/>
                    }
                })
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> HostForm {
        HostForm {
            name: "nc1.frama.space".into(),
            ocs_url: "https://{slug}.frama.space".into(),
            version: "35".into(),
            occ: "ssh nc1 sudo -u www-data php /srv/{slug}/occ".into(),
            host_script: "ssh nc1 sudo framaspace-host {slug}".into(),
            database: "db1.internal".into(),
            spaces: "250".into(),
            storage: "10 To".into(),
            parallel: "2".into(),
            arguments: "shell".into(),
            code: "123 456".into(),
            ..HostForm::default()
        }
    }

    #[test]
    fn a_whole_host_passes_and_each_broken_field_is_named() {
        let site = common::SiteInfo::default();
        assert_eq!(good().errors(&site), FormErrors::default());
        type Case = (&'static str, fn(&mut HostForm), ErrorCode);
        let cases: Vec<Case> = vec![
            (
                "name",
                |f| f.name = "NC 1".into(),
                ErrorCode::HostNameInvalid,
            ),
            (
                "ocs_url",
                |f| f.ocs_url = "https://frama.space".into(),
                ErrorCode::OcsUrlInvalid,
            ),
            (
                "version",
                |f| f.version = "27".into(),
                ErrorCode::VersionRange,
            ),
            (
                "version",
                |f| f.version = "trente".into(),
                ErrorCode::NumberInvalid,
            ),
            ("occ", |f| f.occ = "php occ".into(), ErrorCode::TemplateSlug),
            (
                "host_script",
                |f| f.host_script.clear(),
                ErrorCode::Required,
            ),
            (
                "database",
                |f| f.database = "db 1".into(),
                ErrorCode::DatabaseInvalid,
            ),
            (
                "spaces",
                |f| f.spaces = "0".into(),
                ErrorCode::HostSpacesRange,
            ),
            (
                "storage",
                |f| f.storage = "beaucoup".into(),
                ErrorCode::SizeInvalid,
            ),
            (
                "parallel",
                |f| f.parallel = "".into(),
                ErrorCode::NumberRequired,
            ),
            (
                "office_url",
                |f| f.office_secret = "s3cret".into(),
                ErrorCode::Required,
            ),
            (
                "office_url",
                |f| f.office_url = "office.example".into(),
                ErrorCode::WebAddressInvalid,
            ),
            (
                "office_secret",
                |f| {
                    f.office_url = "https://office.example".into();
                    f.office_secret = "a\r\nb".into();
                },
                ErrorCode::ControlCharacters,
            ),
            (
                "connect_to",
                |f| f.connect_to = "nc1".into(),
                ErrorCode::SocketAddressInvalid,
            ),
            (
                "arguments",
                |f| f.arguments = "bash".into(),
                ErrorCode::Required,
            ),
            ("code", |f| f.code.clear(), ErrorCode::CodeRequired),
            ("code", |f| f.code = "12345".into(), ErrorCode::CodeInvalid),
        ];
        for (field, edit, code) in cases {
            let mut f = good();
            edit(&mut f);
            let errors = f.errors(&site);
            assert_eq!(errors.field(field), Some(code), "{field}: {errors:?}");
            assert_eq!(errors.len(), 1, "{field}: only its own error: {errors:?}");
        }
    }
}
