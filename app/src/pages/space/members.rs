//! A space's dashboard, its members: what the page shows (the list, searched and paged, the
//! member to delete once the referent asked, the latest actions), and its one action, whose
//! buttons create a member, disable, enable, delete, make or unmake a co-administrator and
//! send the welcome mail again. The page itself is [`super::members_page`].

use common::states::MemberAction;
use serde::{Deserialize, Serialize};

use super::paths::{members, MEMBERS_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, Action, SlugParam};
#[cfg(feature = "ssr")]
use crate::forms::{ErrorCode, FormErrors};

/// One member, as the list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub uid: String,
    pub name: String,
    pub email: Option<String>,
    pub enabled: bool,
    pub admin: bool,
    /// When they last logged in, in words; `None` if never.
    pub last_login: Option<String>,
    /// Bytes in their files.
    pub used: i64,
}

/// A line of the members' history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryLine {
    /// When, in words.
    pub when: String,
    pub action: MemberAction,
    pub actor: String,
    pub member: String,
}

/// The list, when the space answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub members: Vec<MemberRow>,
    pub matching: usize,
    pub accounts: usize,
    pub page: usize,
    pub pages: usize,
    /// The member the referent asked to delete (`?supprimer=`): the page asks to confirm.
    pub to_delete: Option<MemberRow>,
}

/// What the members page knows of the space's members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reached {
    Listed(Listing),
    /// The space did not answer: the page says so and shows what the portal knows.
    NotReached,
    /// The space is in maintenance mode: the same, said so.
    Maintenance,
    /// Only an active space's members are managed.
    NotActive,
}

/// What the members page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersView {
    pub slug: String,
    /// `<slug>.<domain>`.
    pub address: String,
    /// The person logged in (their login): their own account has no buttons that take it away.
    pub you: String,
    pub reached: Reached,
    pub limit: u32,
    /// The search typed (`?q=`).
    pub query: String,
    pub history: Vec<HistoryLine>,
    /// The creation form's single-use key: sent twice, it creates once.
    pub form_key: String,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/members")]
pub async fn space_members(
    #[server(default)] slug: String,
    #[server(default)] q: String,
    #[server(default)] page: u32,
    #[server(default)] delete: String,
) -> Result<Option<MembersView>, leptos::prelude::ServerFnError> {
    use backend::referents::members::{self, Refusal};
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let lang = caller.lang;
    let row = |m: members::Member| MemberRow {
        last_login: m
            .last_login_paris
            .map(|t| backend::i18n::long_date(lang, t)),
        uid: m.uid,
        name: m.display_name,
        email: m.email,
        enabled: m.enabled,
        admin: m.admin,
        used: m.used,
    };
    let page = (page as usize).max(1);
    let reached = match members::roster(ctx, &referent, &q, page).await {
        Ok(roster) => {
            let to_delete = match members::check_login(&delete) {
                Ok(Some(uid)) => match roster.members.iter().find(|m| m.uid == uid) {
                    Some(m) => Some(m.clone()),
                    None => members::member(ctx, &referent, &uid).await.ok(),
                },
                _ => None,
            }
            .map(row);
            Reached::Listed(Listing {
                matching: roster.matching,
                accounts: roster.accounts,
                page: roster.page,
                pages: roster.pages,
                members: roster.members.into_iter().map(row).collect(),
                to_delete,
            })
        }
        Err(Refusal::NotActive) => Reached::NotActive,
        Err(e) if e.maintenance() => Reached::Maintenance,
        Err(Refusal::Database(e)) => {
            return Err(crate::ssr::server_error("dashboard members", e));
        }
        Err(error) => {
            tracing::warn!(space = referent.space_id(), %error, "the members of a space could not be read");
            Reached::NotReached
        }
    };
    let history = members::history(ctx, &referent, 10)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard members history", e))?
        .into_iter()
        .map(|e| HistoryLine {
            when: backend::i18n::long_date_time(lang, e.at_paris),
            action: e.action,
            actor: if e.actor_name.is_empty() {
                e.actor_uid
            } else {
                e.actor_name
            },
            member: e.member_uid,
        })
        .collect();
    Ok(Some(MembersView {
        address: ctx.settings.site.space_address(referent.slug()),
        slug: referent.slug().to_string(),
        you: referent.uid().to_string(),
        reached,
        limit: ctx.settings.site.accounts_per_space,
        query: q,
        history,
        form_key: backend::tokens::random_token(),
    }))
}

/// The buttons of the members page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemberButton {
    #[default]
    Create,
    Disable,
    Enable,
    Delete,
    MakeAdmin,
    UnmakeAdmin,
    Welcome,
}

/// What the members page sends: a button, the member it is for, and the creation form's
/// fields (empty for the other buttons).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MembersInput {
    pub action: MemberButton,
    pub uid: String,
    pub name: String,
    pub email: String,
    pub username: String,
    pub key: String,
}

/// What came of a button of the members page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemberOutcome {
    /// Created with an e-mail: Nextcloud mailed a link to set a password.
    Created {
        compte: String,
    },
    /// Created without an e-mail: the password made, shown once ([`Reply::Show`]).
    CreatedWithPassword {
        compte: String,
        password: String,
    },
    /// The same form came twice: the account it made.
    CreatedAgain {
        compte: String,
    },
    Disabled {
        compte: String,
    },
    Enabled {
        compte: String,
    },
    Deleted {
        compte: String,
    },
    AdminMade {
        compte: String,
    },
    AdminUnmade {
        compte: String,
    },
    WelcomeSent {
        compte: String,
    },
    NoSuchMember,
    /// The space keeps one enabled co-administrator.
    LastAdmin,
    /// One's own account is not taken away here.
    Yourself,
    NoEmail,
    /// The space did not answer: nothing was done.
    NotReached,
    /// The space's answer was lost after the request reached it: it may have been done.
    MaybeDone,
    NotActive,
}

impl MemberOutcome {
    /// The message's key, and the account it names.
    pub fn said(&self) -> (&'static str, Option<&str>) {
        use MemberOutcome as O;
        match self {
            O::Created { compte } => ("dash-member-created", Some(compte)),
            O::CreatedWithPassword { compte, .. } => ("dash-member-created-password", Some(compte)),
            O::CreatedAgain { compte } => ("dash-member-created-again", Some(compte)),
            O::Disabled { compte } => ("dash-member-disabled", Some(compte)),
            O::Enabled { compte } => ("dash-member-enabled", Some(compte)),
            O::Deleted { compte } => ("dash-member-deleted", Some(compte)),
            O::AdminMade { compte } => ("dash-member-admin-made", Some(compte)),
            O::AdminUnmade { compte } => ("dash-member-admin-unmade", Some(compte)),
            O::WelcomeSent { compte } => ("dash-member-welcome-sent", Some(compte)),
            O::NoSuchMember => ("dash-member-none", None),
            O::LastAdmin => ("dash-member-last-admin", None),
            O::Yourself => ("dash-member-yourself", None),
            O::NoEmail => ("dash-member-no-email", None),
            O::NotReached => ("dash-member-not-reached", None),
            O::MaybeDone => ("dash-member-maybe-done", None),
            O::NotActive => ("dash-member-not-active", None),
        }
    }

    /// A refusal rather than something done.
    pub fn refused(&self) -> bool {
        self.said().1.is_none()
    }
}

/// The members page's buttons, for the person logged in to this space's dashboard.
pub struct MembersAction;

impl Action for MembersAction {
    const ID: &'static str = "space-members";
    const PATH: &'static str = MEMBERS_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/membres";
    const TEXT_FIELDS: &'static [&'static str] = &["uid", "name", "email", "username", "key"];
    type Params = SlugParam;
    type Input = MembersInput;
    type Outcome = MemberOutcome;

    fn examples() -> Vec<MembersInput> {
        use MemberButton as B;
        [
            B::Create,
            B::Disable,
            B::Enable,
            B::Delete,
            B::MakeAdmin,
            B::UnmakeAdmin,
            B::Welcome,
        ]
        .into_iter()
        .map(|action| MembersInput {
            action,
            uid: "camille".into(),
            name: "Camille Martin".into(),
            ..MembersInput::default()
        })
        .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: MembersInput,
        caller: crate::ssr::Caller,
    ) -> Reply<MemberOutcome> {
        use backend::referents::members::Change;
        let change = match input.action {
            MemberButton::Create => return create(&who, input, &caller).await,
            MemberButton::Disable => Change::Disable,
            MemberButton::Enable => Change::Enable,
            MemberButton::Delete => Change::Delete,
            MemberButton::MakeAdmin => Change::MakeAdmin,
            MemberButton::UnmakeAdmin => Change::UnmakeAdmin,
            MemberButton::Welcome => Change::Welcome,
        };
        change_member(&who, &input.uid, change, &caller).await
    }

    fn next(params: &SlugParam, outcome: &MemberOutcome) -> String {
        outcome_query(&members(&params.slug), outcome)
    }
}

/// A refusal of the backend as the outcome that says it, or the failure it is.
#[cfg(feature = "ssr")]
fn refused(error: backend::referents::members::Refusal) -> Reply<MemberOutcome> {
    use backend::referents::members::Refusal as R;
    Reply::Done(match error {
        R::NoSuchMember => MemberOutcome::NoSuchMember,
        R::LastAdmin => MemberOutcome::LastAdmin,
        R::Yourself => MemberOutcome::Yourself,
        R::NoEmail => MemberOutcome::NoEmail,
        R::NotActive => MemberOutcome::NotActive,
        e if e.maybe_done() => MemberOutcome::MaybeDone,
        e if e.not_reached() => MemberOutcome::NotReached,
        e => return Reply::failed("dashboard members", e),
    })
}

#[cfg(feature = "ssr")]
async fn change_member(
    who: &backend::referents::Referent,
    uid: &str,
    change: backend::referents::members::Change,
    caller: &crate::ssr::Caller,
) -> Reply<MemberOutcome> {
    use backend::referents::members::{self, Change};
    // A login Nextcloud could not have is no member's: never sent to the space.
    let Ok(Some(uid)) = members::check_login(uid) else {
        return Reply::Done(MemberOutcome::NoSuchMember);
    };
    match members::change(&caller.ctx, who, &uid, change).await {
        Ok(()) => {
            let compte = uid;
            Reply::Done(match change {
                Change::Disable => MemberOutcome::Disabled { compte },
                Change::Enable => MemberOutcome::Enabled { compte },
                Change::Delete => MemberOutcome::Deleted { compte },
                Change::MakeAdmin => MemberOutcome::AdminMade { compte },
                Change::UnmakeAdmin => MemberOutcome::AdminUnmade { compte },
                Change::Welcome => MemberOutcome::WelcomeSent { compte },
            })
        }
        Err(error) => refused(error),
    }
}

/// The creation form: checked here (the name, an e-mail if any, a login if any), then made
/// within the space's limit.
#[cfg(feature = "ssr")]
async fn create(
    who: &backend::referents::Referent,
    input: MembersInput,
    caller: &crate::ssr::Caller,
) -> Reply<MemberOutcome> {
    use backend::referents::members::{self, NewMember, Refusal};
    let ctx = &caller.ctx;
    let mut errors = FormErrors::default();
    let name = match common::application::clean_line(&input.name, 200) {
        Ok(n) if n.is_empty() => Err(ErrorCode::Required),
        Ok(n) if n.chars().count() > 64 => Err(ErrorCode::NameTooLong),
        other => other,
    };
    if let Err(code) = &name {
        errors.set_field("name", *code);
    }
    let email = match input.email.trim() {
        "" => Ok(None),
        raw => common::Email::parse(raw).map(Some),
    };
    if let Err(code) = &email {
        errors.set_field("email", *code);
    }
    let uid = members::check_login(&input.username);
    if let Err(code) = &uid {
        errors.set_field("username", *code);
    }
    let (Ok(display_name), Ok(email), Ok(uid)) = (name, email, uid) else {
        return Reply::Invalid(errors);
    };
    let key: String = input.key.trim().chars().take(64).collect();
    let new = NewMember {
        display_name,
        uid,
        email,
        groups: Vec::new(),
        quota: None,
    };
    let at = |field, code| Reply::Invalid(FormErrors::field_error(field, code));
    match members::create(ctx, who, &new, &key).await {
        Ok(made) if made.again => Reply::Done(MemberOutcome::CreatedAgain { compte: made.uid }),
        Ok(made) => match made.password {
            Some(password) => Reply::Show(MemberOutcome::CreatedWithPassword {
                compte: made.uid,
                password: password.expose().to_string(),
            }),
            None => Reply::Done(MemberOutcome::Created { compte: made.uid }),
        },
        Err(Refusal::UsernameTaken) => at("username", ErrorCode::UsernameTaken),
        Err(Refusal::UsernameRefused(message)) => {
            tracing::info!(%message, "Nextcloud refused a member's login");
            at("username", ErrorCode::UsernameInvalid)
        }
        Err(Refusal::EmailRefused(message)) => {
            tracing::info!(%message, "Nextcloud refused a member's e-mail");
            at("email", ErrorCode::EmailInvalid)
        }
        Err(Refusal::EmailRequired) => at("email", ErrorCode::EmailRequired),
        Err(Refusal::LimitReached { .. }) => {
            Reply::Invalid(FormErrors::form(ErrorCode::AccountLimit))
        }
        Err(e) if e.maybe_done() => Reply::Invalid(FormErrors::form(ErrorCode::SpaceMaybeDone)),
        Err(e) if e.not_reached() => Reply::Invalid(FormErrors::form(ErrorCode::SpaceNotReached)),
        Err(e) => refused(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::space::paths::EXAMPLE_SLUG;

    #[test]
    fn the_example_names_the_example_space() {
        assert_eq!(MembersAction::EXAMPLE, members(EXAMPLE_SLUG));
    }
}
