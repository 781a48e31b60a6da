//! Accounts and groups: `user:*` (with the app passwords of `user:auth-tokens:*`) and
//! `group:*`.

use std::collections::HashMap;

use crate::map;
use crate::model::{now, Instance};
use crate::ocs::check_uid;
use crate::php::Php;
use crate::store::Mail;

use super::args::Args;
use super::common::{need, not_defined, symfony_block, write_array, Outcome};

/// Runs the `user:` and `group:` commands.
pub(super) fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    mails: &mut Vec<Mail>,
    domain: &str,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
    let p = |i: usize| a.pos.get(i).map(String::as_str);
    let env_pass = || {
        env.get("NC_PASS")
            .filter(|v| !v.is_empty())
            .or_else(|| env.get("OC_PASS").filter(|v| !v.is_empty()))
            .cloned()
    };
    match name {
        // §6 users (User/Add.php, NC ≥ 30 wording "account")
        "user:add" => {
            let uid = need!(o, a, 0, "uid");
            if inst.users.contains_key(&uid) {
                return o.fail(
                    1,
                    format!("<error>The account \"{uid}\" already exists.</error>"),
                );
            }
            let password = if a.has("password-from-env") {
                match env_pass() {
                    Some(p) => p,
                    None => return o.fail(
                        1,
                        "<error>--password-from-env given, but NC_PASS/OC_PASS is empty!</error>",
                    ),
                }
            } else if a.has("generate-password") {
                crate::model::random_alnum(20)
            } else {
                return o.fail(1, "<error>Interactive input or --password-from-env or --generate-password is needed for setting a password!</error>");
            };
            if let Err(e) = check_uid(&uid) {
                return o.fail(1, format!("<error>{e}</error>"));
            }
            if let Some(h) = inst
                .password_hint(&password)
                .filter(|_| !a.has("generate-password"))
            {
                return o.fail(1, format!("<error>{h}</error>"));
            }
            inst.create_user(&uid, Some(&password), now());
            o.out(format!("The account \"{uid}\" was created successfully"));
            if let Some(d) = a.opt("display-name") {
                if let Some(u) = inst.users.get_mut(&uid) {
                    u.display_name = d.to_string();
                }
                o.out(format!("Display name set to \"{d}\""));
            }
            for g in a.all("group") {
                if !inst.groups.contains_key(&g) {
                    inst.groups.insert(
                        g.clone(),
                        crate::model::Group {
                            display_name: g.clone(),
                            members: Default::default(),
                        },
                    );
                    o.out(format!("Created group \"{g}\""));
                }
                if let Some(grp) = inst.groups.get_mut(&g) {
                    grp.members.insert(uid.clone());
                }
                o.out(format!("Account \"{uid}\" added to group \"{g}\""));
            }
            if let Some(e) = a.opt("email") {
                if !e.contains('@') || e.chars().any(char::is_whitespace) {
                    return o.fail(1, format!("<error>The given email address \"{e}\" is invalid. Email not set for the user.</error>"));
                }
                if let Some(u) = inst.users.get_mut(&uid) {
                    u.email = Some(e.to_string());
                }
                if inst.app_value("core", "newUser.sendEmail") != Some("no") {
                    if let Some(u) = inst.users.get(&uid) {
                        mails.push(crate::ocs::welcome_mail(inst, u, e, true, domain));
                    }
                    o.out(format!("Welcome email sent to {e}"));
                }
            }
        }
        // §6 (User/Info.php)
        "user:info" => {
            let uid = need!(o, a, 0, "user");
            let Some(u) = inst.users.get(&uid) else {
                return o.fail(1, "<error>user not found</error>");
            };
            let q = inst.quota_bytes(u);
            let seen = |t: i64| {
                if t < 0 {
                    "unknown".to_string()
                } else if t == 0 {
                    "never".to_string()
                } else {
                    chrono::DateTime::from_timestamp(t, 0)
                        .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
                        .unwrap_or_default()
                }
            };
            let free = q.map_or(100_000_000_000, |q| (q - u.used).max(0));
            let quota_text = if u.quota == "default" {
                inst.app_value("files", "default_quota")
                    .unwrap_or("none")
                    .to_string()
            } else {
                u.quota.clone()
            };
            let v = map![
                ("user_id", u.uid.clone()),
                ("display_name", u.display_name.clone()),
                ("email", u.email.clone().unwrap_or_default()),
                ("cloud_id", format!("{}@{domain}", u.uid)),
                ("enabled", u.enabled),
                ("groups", inst.groups_of(&u.uid)),
                ("quota", quota_text),
                (
                    "storage",
                    map![
                        ("free", free),
                        ("used", u.used),
                        ("quota", q.unwrap_or(-3)),
                        ("total", q.unwrap_or(free + u.used)),
                    ]
                ),
                ("first_seen", seen(u.first_login)),
                ("last_seen", seen(u.last_login)),
                ("user_directory", format!("{}/{}", inst.data_dir(), u.uid)),
                ("backend", "Database"),
            ];
            write_array(&mut o, a, &v);
        }
        // §6: default limit 500
        "user:list" => {
            let limit = a
                .opt("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(500usize);
            let offset = a
                .opt("offset")
                .and_then(|l| l.parse().ok())
                .unwrap_or(0usize);
            let mut users: Vec<_> = inst
                .users
                .values()
                .filter(|u| !a.has("disabled") || !u.enabled)
                .collect();
            users.sort_by_key(|u| u.uid.to_lowercase());
            let v = Php::Map(
                users
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|u| {
                        let val = if a.has("info") {
                            map![
                                ("user_id", u.uid.clone()),
                                ("display_name", u.display_name.clone()),
                                ("email", u.email.clone().unwrap_or_default()),
                                ("cloud_id", format!("{}@{domain}", u.uid)),
                                ("enabled", u.enabled),
                                ("groups", inst.groups_of(&u.uid)),
                                ("quota", u.quota.clone()),
                                (
                                    "last_seen",
                                    if u.last_login == 0 {
                                        "never".to_string()
                                    } else {
                                        u.last_login.to_string()
                                    }
                                ),
                                ("user_directory", format!("{}/{}", inst.data_dir(), u.uid)),
                                ("backend", "Database"),
                            ]
                        } else {
                            Php::Str(u.display_name.clone())
                        };
                        (u.uid.clone(), val)
                    })
                    .collect(),
            );
            write_array(&mut o, a, &v);
        }
        // §6, §8.7
        "user:delete" => {
            let uid = need!(o, a, 0, "uid");
            if !inst.users.contains_key(&uid) {
                // §6 and §8.7: a missing user is exit 0.
                o.err("<error>User does not exist</error>");
                return o;
            }
            inst.delete_user(&uid);
            o.out("The specified user was deleted");
        }
        // §6
        n @ ("user:enable" | "user:disable") => {
            let uid = need!(o, a, 0, "uid");
            let Some(u) = inst.users.get_mut(&uid) else {
                return o.fail(1, "<error>User does not exist</error>");
            };
            u.enabled = n == "user:enable";
            o.out(format!(
                "<info>The specified user is {}</info>",
                if u.enabled { "enabled" } else { "disabled" }
            ));
        }
        // §6
        "user:resetpassword" => {
            let uid = need!(o, a, 0, "user");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>User does not exist</error>");
            }
            let Some(pass) = a.has("password-from-env").then(env_pass).flatten() else {
                return o.fail(1, "<error>Interactive input or --password-from-env is needed for entering a new password!</error>");
            };
            if let Some(h) = inst.password_hint(&pass) {
                return o.fail(1, format!("<error>{h}</error>"));
            }
            if let Some(u) = inst.users.get_mut(&uid) {
                u.password = Some(crate::model::PasswordHash::new(&pass));
            }
            o.out(format!(
                "<info>Successfully reset password for {uid}</info>"
            ));
        }
        // §6; core/Command/User/AuthTokens/Add.php (NC ≥ 28, alias user:add-app-password)
        "user:auth-tokens:add" | "user:add-app-password" => {
            // core/Command/User/AuthTokens/Add.php: no --name, the token is named "cli".
            let uid = need!(o, a, 0, "user");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>Account does not exist</error>");
            }
            if a.has("password-from-env") && env_pass().is_none() {
                return o.fail(
                    1,
                    "<error>--password-from-env given, but NC_PASS/OC_PASS is empty!</error>",
                );
            }
            if !a.has("password-from-env") {
                o.out("<info>No password provided. The generated app password will therefore have limited capabilities. Any operation that requires the login password will fail.</info>");
            }
            let (_, token) = inst.add_token(&uid, "cli", None, None);
            o.out("app password:");
            o.out(token);
        }
        // core/Command/User/AuthTokens/ListCommand.php: each token's jsonSerialize() without
        // its secrets: id, name, lastActivity, type (0 temporary, 1 permanent, 2 wipe), scope.
        "user:auth-tokens:list" => {
            let uid = need!(o, a, 0, "user");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>user not found</error>");
            }
            let tokens: Vec<Php> = inst
                .tokens
                .iter()
                .filter(|t| t.uid == uid)
                .map(|t| {
                    map![
                        ("id", t.id as i64),
                        ("name", t.name.clone()),
                        ("lastActivity", t.last_activity),
                        ("type", 1i64),
                        ("scope", map![("filesystem", true)]),
                    ]
                })
                .collect();
            if a.json() {
                write_array(&mut o, a, &Php::List(tokens));
            } else {
                o.out("+----+------+--------------+------+-------+");
                o.out("| id | name | lastActivity | type | scope |");
                o.out("+----+------+--------------+------+-------+");
                for t in inst.tokens.iter().filter(|t| t.uid == uid) {
                    let at = chrono::DateTime::from_timestamp(t.last_activity, 0)
                        .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
                        .unwrap_or_default();
                    o.out(format!(
                        "| {} | {} | {at} | permanent | filesystem |",
                        t.id, t.name
                    ));
                }
                o.out("+----+------+--------------+------+-------+");
            }
        }
        // core/Command/User/AuthTokens/Delete.php: neither the user nor the id is checked;
        // an unknown one deletes nothing, silently, exit 0.
        "user:auth-tokens:delete" => {
            let uid = need!(o, a, 0, "uid");
            match p(1).map(str::parse::<u64>) {
                Some(Ok(id)) => inst.tokens.retain(|t| !(t.uid == uid && t.id == id)),
                Some(Err(_)) => {}
                None if a.opt("last-used-before").is_some() => {
                    return o.fail(1, symfony_block(&["Option --last-used-before is not supported by this stand-in."]))
                }
                None => {
                    return o.fail(
                        1,
                        symfony_block(&["Not enough arguments. Specify the token <id> or use the --last-used-before option."]),
                    )
                }
            }
        }
        // §6 groups (Group/Add.php)
        "group:add" => {
            let gid = need!(o, a, 0, "groupid");
            if inst.groups.contains_key(&gid) {
                return o.fail(1, format!("<error>Group \"{gid}\" already exists.</error>"));
            }
            inst.groups.insert(
                gid.clone(),
                crate::model::Group {
                    display_name: a.opt("display-name").unwrap_or(&gid).to_string(),
                    members: Default::default(),
                },
            );
            o.out(format!("Created group \"{gid}\""));
        }
        // §6: no output on success
        n @ ("group:adduser" | "group:removeuser") => {
            let gid = need!(o, a, 0, "group");
            let uid = need!(o, a, 1, "user");
            if !inst.groups.contains_key(&gid) {
                return o.fail(1, "<error>group not found</error>");
            }
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>user not found</error>");
            }
            if let Some(g) = inst.groups.get_mut(&gid) {
                if n == "group:adduser" {
                    g.members.insert(uid);
                } else {
                    g.members.remove(&uid);
                }
            }
        }
        // §6
        "group:list" => {
            let v = Php::Map(
                inst.groups
                    .iter()
                    .map(|(id, g)| {
                        (
                            id.clone(),
                            Php::from(g.members.iter().cloned().collect::<Vec<_>>()),
                        )
                    })
                    .collect(),
            );
            write_array(&mut o, a, &v);
        }
        // §6
        "group:delete" => {
            let gid = need!(o, a, 0, "groupid");
            if gid == "admin" {
                return o.fail(1, "<error>Group \"admin\" could not be deleted.</error>");
            }
            if inst.groups.remove(&gid).is_none() {
                return o.fail(1, format!("<error>Group \"{gid}\" does not exist.</error>"));
            }
            o.out(format!("Group \"{gid}\" was removed"));
        }
        other => return not_defined(o, other),
    }
    o
}
