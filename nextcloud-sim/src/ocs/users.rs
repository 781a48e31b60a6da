//! The users (NEXTCLOUD.md §2.2 to §2.6, §2.9): `/cloud/user` (oneself), `/cloud/users` and
//! below (a user's details, groups, sub-admin groups, welcome mail, wipe), the preferences
//! of `provisioning_api`, and the rules a new user's login must follow.

use crate::map;
use crate::model::{human_size, now, parse_size, Instance, User};
use crate::php::Php;

use super::call::{caller, can_manage, ids, is_subadmin_of, manages, page, Call};
use super::envelope::{err, OcsError, OcsResult};
use super::user_details::{user_details, PROFILE_FIELDS};

/// Runs a call below `/cloud/user`, `/cloud/users` or the users' preferences; `s` holds its
/// route's segments.
pub(super) fn handle(
    call: &Call,
    s: &[&str],
    inst: &mut Instance,
    mail: &mut Vec<crate::store::Mail>,
) -> OcsResult {
    let p = call.params;
    match (call.method, s) {
        // §2.9: the caller's own details, with scopes
        ("GET", ["cloud", "user"]) => {
            let me = caller(call)?;
            let u = inst.users.get(&me.uid).ok_or_else(|| err(998, ""))?;
            Ok(user_details(inst, u, me, true))
        }
        // §2.1: the fields the caller may edit (of themselves, or of a user they manage)
        ("GET", ["cloud", "user", "fields"]) => Ok(editable_fields(true)),
        ("GET", ["cloud", "user", "fields", uid]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !can_manage(inst, me, uid) {
                return Err(err(998, ""));
            }
            Ok(editable_fields(me.uid == *uid))
        }
        // §2.1: remote wipe of the user's devices: their tokens go
        ("POST", ["cloud", "users", uid, "wipe"]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !can_manage(inst, me, uid) || me.uid == *uid {
                return Err(err(998, ""));
            }
            inst.tokens.retain(|t| t.uid != *uid);
            Ok(Php::empty())
        }
        // `PreferencesController`: a key is accepted only when an app's listener says it is
        // valid; none here, so every key is refused with 400, as on a server whose apps
        // validate no such key.
        (_, ["apps", "provisioning_api", "api", "v1", "config", "users", ..]) => Err(err(400, "")),
        // §2.4: uids, sorted, numeric ones as numbers
        ("GET", ["cloud", "users"]) => {
            let ids = list_users(call, inst, |_| true);
            Ok(map![(
                "users",
                Php::List(ids.iter().map(|u| Php::id(u)).collect())
            )])
        }
        // §2.1, §2.4: an object keyed by uid
        ("GET", ["cloud", "users", which @ ("details" | "disabled")]) => {
            let disabled_only = *which == "disabled";
            let ids = list_users(call, inst, |u| !disabled_only || !u.enabled);
            let me = caller(call)?;
            let m = ids
                .iter()
                .filter_map(|id| inst.users.get(id))
                .map(|u| (u.uid.clone(), user_details(inst, u, me, u.uid == me.uid)))
                .collect();
            Ok(map![("users", Php::Map(m))])
        }
        // §2.2
        ("POST", ["cloud", "users"]) => add_user(call, inst, mail),
        // §2.3; unknown user 404 (§8.7), another's details 998
        ("GET", ["cloud", "users", uid]) => {
            let me = caller(call)?;
            let u = inst
                .users
                .get(*uid)
                .ok_or_else(|| err(404, "User does not exist"))?;
            if !can_manage(inst, me, uid) {
                return Err(err(998, ""));
            }
            Ok(user_details(inst, u, me, me.uid == *uid))
        }
        // §2.5
        ("PUT", ["cloud", "users", uid]) => edit_user(call, inst, uid),
        // §2.6: 998 unknown or no rights, 101 oneself
        ("DELETE", ["cloud", "users", uid]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !(me.uid == *uid || manages(inst, me, uid)) {
                return Err(err(998, ""));
            }
            if me.uid == *uid {
                return Err(err(101, ""));
            }
            inst.delete_user(uid);
            Ok(Php::empty())
        }
        // §2.6, §8.7
        ("PUT", ["cloud", "users", uid, which @ ("enable" | "disable")]) => {
            let me = caller(call)?;
            // §2.6 and §8.7: an unknown user, or oneself, is 101 here, not 998.
            if me.uid == *uid || !inst.users.contains_key(*uid) {
                return Err(err(101, ""));
            }
            if !manages(inst, me, uid) {
                return Err(err(998, ""));
            }
            if let Some(u) = inst.users.get_mut(*uid) {
                u.enabled = *which == "enable";
            }
            Ok(Php::empty())
        }
        // §2.6: 998, 101 no e-mail
        ("POST", ["cloud", "users", uid, "welcome"]) => {
            let me = caller(call)?;
            let u = inst
                .users
                .get(*uid)
                .filter(|_| manages(inst, me, uid))
                .ok_or_else(|| err(998, ""))?;
            let Some(to) = u.email.clone().filter(|e| !e.is_empty()) else {
                return Err(err(101, "Email address not available"));
            };
            mail.push(welcome_mail(inst, u, &to, false, call.host));
            Ok(Php::empty())
        }
        // §2.1
        ("GET", ["cloud", "users", uid, "groups"]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !can_manage(inst, me, uid) {
                return Err(err(998, ""));
            }
            // A sub-admin sees only the groups they manage (`getUsersGroups`).
            let groups = inst
                .groups_of(uid)
                .into_iter()
                .filter(|g| me.admin || me.uid == *uid || is_subadmin_of(inst, me, g))
                .collect();
            Ok(map![("groups", ids(groups))])
        }
        // §2.6: 101 no groupid, 102 group, 103 user, 104 rights, 105 own admin group
        (m @ ("POST" | "DELETE"), ["cloud", "users", uid, "groups"]) => {
            let me = caller(call)?;
            let gid = p.str("groupid");
            if gid.is_empty() {
                return Err(err(101, ""));
            }
            if !inst.groups.contains_key(gid) {
                return Err(err(102, ""));
            }
            if !inst.users.contains_key(*uid) {
                return Err(err(103, ""));
            }
            if !me.admin && !is_subadmin_of(inst, me, gid) {
                return Err(err(104, ""));
            }
            if m == "DELETE" && gid == "admin" && me.uid == *uid {
                return Err(err(105, "Cannot remove yourself from the admin group"));
            }
            if let Some(g) = inst.groups.get_mut(gid) {
                if m == "POST" {
                    g.members.insert(uid.to_string());
                } else {
                    g.members.remove(*uid);
                }
            }
            Ok(Php::empty())
        }
        // §2.1: a bare list
        // §8b.6: an unknown user is 404 (`OCSNotFoundException`).
        ("GET", ["cloud", "users", uid, "subadmins"]) => {
            let u = inst
                .users
                .get(*uid)
                .ok_or_else(|| err(404, "User does not exist"))?;
            Ok(ids(u.subadmin.iter().cloned().collect()))
        }
        // §2.6: promote 101/102/103, demote 101/102
        (m @ ("POST" | "DELETE"), ["cloud", "users", uid, "subadmins"]) => {
            let gid = p.str("groupid").to_string();
            if !inst.users.contains_key(*uid) {
                return Err(err(101, "User does not exist"));
            }
            if !inst.groups.contains_key(&gid) {
                return Err(err(
                    if m == "POST" { 102 } else { 101 },
                    "Group does not exist",
                ));
            }
            if m == "POST" && gid == "admin" {
                return Err(err(103, "Cannot create subadmins for admin group"));
            }
            let u = inst.users.get_mut(*uid).ok_or_else(|| err(101, ""))?;
            if m == "POST" {
                u.subadmin.insert(gid);
            } else if !u.subadmin.remove(&gid) {
                return Err(err(102, "User is not a subadmin of this group"));
            }
            Ok(Php::empty())
        }
        _ => Err(err(998, "")),
    }
}

/// `GET /cloud/user/fields`: the editable fields (the scopes' ones for oneself only).
fn editable_fields(own: bool) -> Php {
    let mut f: Vec<&str> = vec!["displayname", "email", "additional_mail"];
    f.extend(
        PROFILE_FIELDS
            .iter()
            .filter(|k| **k != "profile_enabled" && **k != "pronouns" && **k != "bluesky"),
    );
    if own {
        f.push("profile_enabled");
    }
    Php::from(f.into_iter().map(str::to_string).collect::<Vec<_>>())
}

/// `Manager::search`: every backend's matches, sorted by uid with `strcasecmp` (§2.4).
/// Matching on uid, display name and e-mail is the Database backend's; not confirmed for
/// others (§9).
fn list_users(call: &Call, inst: &Instance, keep: impl Fn(&User) -> bool) -> Vec<String> {
    let Some(me) = call.caller else {
        return Vec::new();
    };
    // An admin sees everyone; a sub-admin the members of their groups; others nobody.
    let q = call.params.str("search").to_lowercase();
    let mut v: Vec<&User> = inst
        .users
        .values()
        .filter(|u| {
            me.admin
                || inst
                    .groups_of(&u.uid)
                    .iter()
                    .any(|g| is_subadmin_of(inst, me, g))
        })
        .filter(|u| keep(u))
        .filter(|u| {
            q.is_empty()
                || u.uid.to_lowercase().contains(&q)
                || u.display_name.to_lowercase().contains(&q)
                || u.email
                    .as_deref()
                    .is_some_and(|e| e.to_lowercase().contains(&q))
        })
        .collect();
    v.sort_by_key(|u| u.uid.to_lowercase());
    page(v.into_iter().map(|u| u.uid.clone()).collect(), call.params)
}

/// `OC\User\Manager::validateUserId` (NC ≥ 30 wording: "Login").
pub fn check_uid(uid: &str) -> Result<(), String> {
    if uid.is_empty() {
        return Err("A valid Login must be provided".into());
    }
    if uid.trim() != uid {
        return Err("Login contains whitespace at the beginning or at the end".into());
    }
    if uid.chars().all(|c| c == '.') {
        return Err("Login must not consist of dots only".into());
    }
    if uid.chars().count() > 64 {
        return Err("Login is too long".into());
    }
    if !uid
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " _.@-'".contains(c))
    {
        return Err(
            "Only the following characters are allowed in a Login: \"a-z\", \"A-Z\", \"0-9\", spaces and \"_.@-'\""
                .into(),
        );
    }
    Ok(())
}

/// `POST /cloud/users` (§2.2), checks in the controller's order.
fn add_user(call: &Call, inst: &mut Instance, mail: &mut Vec<crate::store::Mail>) -> OcsResult {
    let me = caller(call)?;
    let p = call.params;
    // `UsersController::addUser` (§8b.6, NC 28 copy): any logged-in account may call it;
    // the group checks refuse one that is neither admin nor sub-admin of those groups.
    let uid = p.str("userid").to_string();
    if inst.users.contains_key(&uid) {
        return Err(err(102, "User already exists"));
    }
    let groups = p.list("groups");
    if groups.is_empty() && !me.admin {
        return Err(err(106, "No group specified (required for subadmins)"));
    }
    for g in &groups {
        if !inst.groups.contains_key(g) {
            return Err(err(104, format!("Group {g} does not exist")));
        }
        if !me.admin && !is_subadmin_of(inst, me, g) {
            return Err(err(105, format!("Insufficient privileges for group {g}")));
        }
    }
    let subadmin = p.list("subadmin");
    for g in &subadmin {
        if !inst.groups.contains_key(g) {
            return Err(err(102, "Sub-admin group does not exist"));
        }
        if g == "admin" {
            return Err(err(103, "Cannot create sub-admins for admin group"));
        }
        if !me.admin && !is_subadmin_of(inst, me, g) {
            return Err(err(403, "No permissions to promote sub-admins"));
        }
    }
    let email = p.str("email").trim().to_string();
    let mut password = p.str("password").to_string();
    let generated = password.is_empty();
    if generated {
        if email.is_empty() {
            return Err(err(
                108,
                "To send a password link to the user an email address is required.",
            ));
        }
        password = crate::model::random_alnum(20);
    }
    if email.is_empty() && inst.app_value("core", "newUser.requireEmail") == Some("yes") {
        return Err(err(110, "Required email address was not provided"));
    }
    check_uid(&uid).map_err(|m| err(101, m))?;
    if password.len() > 469 {
        return Err(err(101, "Invalid password value"));
    }
    if let Some(hint) = inst.password_hint(&password).filter(|_| !generated) {
        return Err(err(107, hint));
    }
    if !email.is_empty() && !looks_like_email(&email) {
        return Err(err(101, "Invalid email address"));
    }
    inst.create_user(&uid, Some(&password), now());
    for g in &groups {
        if let Some(g) = inst.groups.get_mut(g) {
            g.members.insert(uid.clone());
        }
    }
    if let Some(u) = inst.users.get_mut(&uid) {
        u.subadmin.extend(subadmin);
        if !email.is_empty() {
            u.email = Some(email.clone());
        }
        let name = p.str("displayName");
        if !name.is_empty() {
            u.display_name = name.to_string();
        }
    }
    // Quota and language go through editUser *after* the user exists: when they fail, the
    // user stays created and the call still answers the error (`addUser`, NC 28). A retry
    // then meets 102.
    for (key, value) in [("quota", p.str("quota")), ("language", p.str("language"))] {
        if !value.is_empty() {
            set_field(inst, &uid, key, value, true)?;
        }
    }
    if !email.is_empty() && inst.app_value("core", "newUser.sendEmail") != Some("no") {
        if let Some(u) = inst.users.get(&uid) {
            mail.push(welcome_mail(inst, u, &email, generated, call.host));
        }
    }
    Ok(map![("id", uid)])
}

fn looks_like_email(e: &str) -> bool {
    let Some((local, domain)) = e.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The welcome mail of `NewUserMailHelper`: with a link to set a password when the account
/// was made without one. The wording is the stand-in's; the link's path is Nextcloud's.
pub(crate) fn welcome_mail(
    inst: &Instance,
    u: &User,
    to: &str,
    with_link: bool,
    host: &str,
) -> crate::store::Mail {
    let name = inst.app_value("theming", "name").unwrap_or("Nextcloud");
    let (button, link) = if with_link {
        let token = crate::model::random_alnum(21);
        (
            "Set your password".to_string(),
            format!(
                "https://{host}/index.php/lostpassword/reset/form/{token}/{}",
                u.uid
            ),
        )
    } else {
        (format!("Go to {name}"), format!("https://{host}/"))
    };
    let heading = if u.display_name == u.uid {
        "Welcome aboard".to_string()
    } else {
        format!("Welcome aboard {}", u.display_name)
    };
    crate::store::Mail {
        to: to.to_string(),
        subject: format!("Your {name} account was created"),
        body: format!(
            "{heading}\n\nWelcome to your {name} account, you can add, protect, and share your data.\n\nYour Login is: {}\n\n{button}: {link}\nInstall Client: https://nextcloud.com/install/#install-clients\n\n",
            u.uid
        ),
    }
}

/// `PUT /cloud/users/{id}` (§2.5).
fn edit_user(call: &Call, inst: &mut Instance, uid: &str) -> OcsResult {
    let me = caller(call)?;
    if !inst.users.contains_key(uid) || !can_manage(inst, me, uid) {
        return Err(err(998, ""));
    }
    let key = call.params.str("key");
    let value = call.params.str("value");
    let manager = manages(inst, me, uid);
    if !manager && matches!(key, "quota" | "manager") {
        return Err(err(113, "Invalid key or not allowed to set"));
    }
    set_field(inst, uid, key, value, manager)?;
    Ok(Php::empty())
}

fn set_field(
    inst: &mut Instance,
    uid: &str,
    key: &str,
    value: &str,
    admin: bool,
) -> Result<(), OcsError> {
    let check_quota = |v: &str| -> Result<String, OcsError> {
        match v {
            "none" | "default" => Ok(v.to_string()),
            _ => parse_size(v)
                .filter(|b| *b >= 0)
                .map(human_size)
                .ok_or_else(|| err(101, format!("Invalid quota value: {v}"))),
        }
    };
    let hint = if key == "password" {
        inst.password_hint(value)
    } else {
        None
    };
    let u = inst.users.get_mut(uid).ok_or_else(|| err(998, ""))?;
    match key {
        "display" | "displayname" => u.display_name = value.to_string(),
        "email" => {
            if !value.is_empty() && !looks_like_email(value) {
                return Err(err(101, "Invalid email address"));
            }
            u.email = (!value.is_empty()).then(|| value.to_string());
        }
        "quota" if admin => u.quota = check_quota(value)?,
        "password" => {
            if let Some(h) = hint {
                return Err(err(107, h));
            }
            u.password = Some(crate::model::PasswordHash::new(value));
        }
        "language" => {
            if !["en", "fr", "de", "es", "it", "nl", "pt_BR", "en_GB"].contains(&value) {
                return Err(err(101, "Invalid language"));
            }
            u.language = value.to_string();
        }
        "locale" => u.locale = value.to_string(),
        "additional_mail" => u.additional_mail.push(value.to_string()),
        "manager" if admin => {
            u.fields.insert("manager".into(), value.to_string());
        }
        k if PROFILE_FIELDS.contains(&k) || k == "notify_email" || k == "first_day_of_week" => {
            u.fields.insert(k.to_string(), value.to_string());
        }
        _ => return Err(err(113, "Invalid key or not allowed to set")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_follow_nextcloud_rules() {
        assert!(check_uid("alice").is_ok());
        assert!(check_uid("Jean-Pierre.O'Neil@x").is_ok());
        assert!(check_uid(" a").is_err());
        assert!(check_uid("...").is_err());
        assert!(check_uid("é").is_err());
        assert!(check_uid("a/b").is_err());
    }
}
