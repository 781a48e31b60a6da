//! Who calls and what they may do: the call a handler sees and its caller, the rights of
//! admins and sub-admins over users, and the small helpers every family of endpoints shares.

use crate::model::{Instance, Version};
use crate::params::Params;
use crate::php::Php;

use super::envelope::{err, OcsError};

/// Who is calling, once authenticated.
#[derive(Clone, Debug)]
pub struct Caller {
    pub uid: String,
    pub admin: bool,
}

/// Everything a handler sees besides the instance.
pub struct Call<'a> {
    pub version: Version,
    pub method: &'a str,
    /// The route below `/ocs/v?.php`, e.g. `/cloud/users/alice`.
    pub route: &'a str,
    pub params: &'a Params,
    pub caller: Option<&'a Caller>,
    pub host: &'a str,
    /// Whether an address answers as a Nextcloud, seen from this instance
    /// (`crate::network::is_nextcloud`).
    pub reaches: &'a dyn Fn(&str) -> bool,
}

pub(super) fn caller<'a>(call: &'a Call) -> Result<&'a Caller, OcsError> {
    call.caller
        .ok_or_else(|| err(997, "Current user is not logged in"))
}

pub(super) fn ids(v: Vec<String>) -> Php {
    Php::List(v.iter().map(|s| Php::id(s)).collect())
}

pub(super) fn page(v: Vec<String>, p: &Params) -> Vec<String> {
    let offset = p.int("offset").unwrap_or(0).max(0) as usize;
    let it = v.into_iter().skip(offset);
    match p.int("limit") {
        Some(l) if l >= 0 => it.take(l as usize).collect(),
        _ => it.collect(),
    }
}

/// Whether `me` is a sub-admin of group `gid`.
pub(super) fn is_subadmin_of(inst: &Instance, me: &Caller, gid: &str) -> bool {
    inst.users
        .get(&me.uid)
        .is_some_and(|u| u.subadmin.contains(gid))
}

/// Whether `me` may act on another user: an admin, or a sub-admin of one of the user's
/// groups, the user not being an admin (`SubAdmin::isUserAccessible`).
pub(super) fn manages(inst: &Instance, me: &Caller, uid: &str) -> bool {
    me.admin
        || (!inst.is_admin(uid)
            && inst
                .groups_of(uid)
                .iter()
                .any(|g| is_subadmin_of(inst, me, g)))
}

/// Oneself, or someone one manages.
pub(super) fn can_manage(inst: &Instance, me: &Caller, uid: &str) -> bool {
    me.uid == uid || manages(inst, me, uid)
}
