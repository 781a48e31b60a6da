//! Who may do what. Staff accounts (made on the command line), their single-use e-mail
//! login links, the second factor (TOTP, with single-use recovery codes), and the logins
//! that sessions point to.
//!
//! Authorisation is a value: [`Staff`] is made only by [`authenticate`] from a live
//! login, and [`Admin`] only from a `Staff` whose role is admin and who passed the second
//! factor. Backend functions reserved to a role take that value as their argument after
//! `&Ctx` (`&Staff` or `&Admin`, or `&impl IsStaff` for what every staff member may read),
//! so a caller that forgot the check does not compile; `backend/tests/all/structure.rs`
//! checks every such function. The operator at the host's shell, who can read and write
//! the database anyway, gets the same values from the two documented constructors for the
//! command line ([`Admin::command_line`], [`Staff::command_line`]), which only
//! `framaspace`'s subcommands, the demonstration's seed and the tests call.

mod login;
mod logins;
mod second_factor;
mod staff;

pub use login::{
    active_logins, authenticate, login_link_is_valid, logout, logout_everywhere, purge,
    request_login_link, use_login_link, LinkRequest, LinkUse,
};
pub use logins::Pending;
pub use second_factor::{
    begin_enrolment, check_code, code_for, confirm_again, finish_enrolment, pending_enrolment,
    CodeCheck, Enrolment, Who,
};
pub use staff::{
    add_staff, remove_staff, set_forum_moderator, set_role, staff_accounts, AddOutcome,
    StaffAccount,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The mail kinds accounts send.
pub const MAIL_LOGIN_LINK: &str = "staff-login";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reviews applications and follows the spaces.
    Moderator,
    /// Also manages staff, sees the outbox; must use a second factor.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "moderator" => Some(Role::Moderator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A staff member whose login was just checked against the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    id: i64,
    email: String,
    role: Role,
    login_id: String,
    second_factor: bool,
    logged_in_at: DateTime<Utc>,
    totp_enabled: bool,
    forum_moderator: bool,
}

impl Staff {
    pub fn id(&self) -> i64 {
        self.id
    }
    pub fn email(&self) -> &str {
        &self.email
    }
    pub fn role(&self) -> Role {
        self.role
    }
    /// The login this session belongs to (what "log out" ends).
    pub fn login_id(&self) -> &str {
        &self.login_id
    }
    /// Whether this login passed the second factor.
    pub fn second_factor(&self) -> bool {
        self.second_factor
    }
    pub fn logged_in_at(&self) -> DateTime<Utc> {
        self.logged_in_at
    }
    /// Whether the account has a second factor set up.
    pub fn totp_enabled(&self) -> bool {
        self.totp_enabled
    }
    /// Whether an admin gave this account the forum's moderation (whatever its role); see
    /// [`crate::forum::moderation::ForumModerator`].
    pub fn forum_moderator(&self) -> bool {
        self.forum_moderator
    }
    /// The admin capability: role admin, and this login passed the second factor.
    pub fn admin(&self) -> Option<Admin> {
        (self.role == Role::Admin && self.second_factor).then(|| Admin(Some(self.clone())))
    }
}

impl Staff {
    /// The staff account of `email`, acting from the operator's command line (`framaspace
    /// applications approve <id> --as <email>`), so that its decisions are recorded as that
    /// account's. For the command line only (a structure test checks who calls it).
    pub async fn command_line(
        ctx: &crate::Ctx,
        email: &crate::Email,
    ) -> crate::Result<Option<Staff>> {
        let row: Option<(i64, String, bool, bool)> = sqlx::query_as(
            "select id, role, totp_secret is not null, forum_moderator
             from staff_accounts where email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(&ctx.pool)
        .await?;
        Ok(row.and_then(|(id, role, totp_enabled, forum_moderator)| {
            Some(Staff {
                id,
                email: email.as_str().to_string(),
                role: Role::parse(&role)?,
                login_id: String::new(),
                second_factor: false,
                logged_in_at: Utc::now(),
                totp_enabled,
                forum_moderator,
            })
        }))
    }
}

/// An administrator: a login of role admin that passed the second factor, or the operator
/// at the host's command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admin(Option<Staff>);

impl Admin {
    /// The administrator's login; `None` for the operator's command line.
    pub fn staff(&self) -> Option<&Staff> {
        self.0.as_ref()
    }

    /// The operator running `framaspace` on the host, who can read and write the database
    /// anyway. For the command line only (a structure test checks who calls it).
    pub fn command_line() -> Admin {
        Admin(None)
    }
}

/// A proof that the caller is staff: a logged-in member ([`Staff`]), or an [`Admin`] (the
/// operator's command line included). What every staff member may read takes
/// `&impl IsStaff`; what is recorded as someone's act takes `&Staff`.
pub trait IsStaff: sealed::Sealed {
    /// The member's login, when the proof comes from one.
    fn member(&self) -> Option<&Staff>;
}

impl IsStaff for Staff {
    fn member(&self) -> Option<&Staff> {
        Some(self)
    }
}

impl IsStaff for Admin {
    fn member(&self) -> Option<&Staff> {
        self.staff()
    }
}

mod sealed {
    /// Only this module's proofs are proofs.
    pub trait Sealed {}
    impl Sealed for super::Staff {}
    impl Sealed for super::Admin {}
}

/// The hourly sweep of used or expired login links and ended logins.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct PurgeLogins;

impl crate::jobs::Job for PurgeLogins {
    const KIND: &'static str = "accounts.purge";
    const QUEUE: &'static str = "sweeps";
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry.sweep(
        std::time::Duration::from_secs(3600),
        PurgeLogins,
        |ctx: crate::Ctx| async move { purge(&ctx).await },
    );
}
