//! The groups (NEXTCLOUD.md §2.1, §2.6): `/cloud/groups` and below (a group's members, their
//! details, its sub-admins).

use crate::map;
use crate::model::Instance;
use crate::php::Php;

use super::call::{caller, ids, is_subadmin_of, page, Call, Caller};
use super::envelope::{err, OcsError, OcsResult};
use super::user_details::user_details;

/// Runs a call below `/cloud/groups`; `s` holds its route's segments.
pub(super) fn handle(call: &Call, s: &[&str], inst: &mut Instance) -> OcsResult {
    let p = call.params;
    match (call.method, s) {
        // §2.1
        ("GET", ["cloud", "groups"]) => {
            let g = page(search_groups(inst, p.str("search")), p);
            Ok(map![("groups", ids(g))])
        }
        // §2.1
        ("GET", ["cloud", "groups", "details"]) => {
            let g = page(search_groups(inst, p.str("search")), p);
            let list = g
                .iter()
                .filter_map(|id| inst.groups.get(id).map(|g| (id, g)))
                .map(|(id, g)| {
                    map![
                        ("id", id.clone()),
                        ("displayname", g.display_name.clone()),
                        ("usercount", g.members.len() as i64),
                        ("disabled", 0i64),
                        ("canAdd", true),
                        ("canRemove", true),
                    ]
                })
                .collect();
            Ok(map![("groups", Php::List(list))])
        }
        // §2.6: 101 empty name, 102 exists
        ("POST", ["cloud", "groups"]) => {
            let gid = p.str("groupid").trim().to_string();
            if gid.is_empty() {
                return Err(err(101, "Invalid group name"));
            }
            if inst.groups.contains_key(&gid) {
                return Err(err(102, "group exists"));
            }
            let display = match p.str("displayname") {
                "" => gid.clone(),
                d => d.to_string(),
            };
            inst.groups.insert(
                gid,
                crate::model::Group {
                    display_name: display,
                    members: Default::default(),
                },
            );
            Ok(Php::empty())
        }
        // §2.1 (the first form is deprecated)
        ("GET", ["cloud", "groups", gid] | ["cloud", "groups", gid, "users"]) => {
            let g = members_of(inst, caller(call)?, gid)?;
            Ok(map![("users", ids(g.members.iter().cloned().collect()))])
        }
        // §2.1
        // §8b.6: without rights, 997 (`RESPOND_UNAUTHORISED`), not 403.
        ("GET", ["cloud", "groups", gid, "users", "details"]) => {
            let me = caller(call)?;
            let g = members_of(inst, me, gid).map_err(|e| {
                if e.code == 403 {
                    err(997, "User does not have access to specified group")
                } else {
                    e
                }
            })?;
            let members: Vec<String> = page(g.members.iter().cloned().collect(), p);
            let m = members
                .iter()
                .filter_map(|id| inst.users.get(id))
                .map(|u| (u.uid.clone(), user_details(inst, u, me, u.uid == me.uid)))
                .collect();
            Ok(map![("users", Php::Map(m))])
        }
        // §2.6: only displayname; another key is 997
        ("PUT", ["cloud", "groups", gid]) => {
            if p.str("key") != "displayname" {
                return Err(err(997, ""));
            }
            let g = inst
                .groups
                .get_mut(*gid)
                .ok_or_else(|| err(101, "Not supported by backend"))?;
            g.display_name = p.str("value").to_string();
            Ok(Php::empty())
        }
        // §2.6: 101 missing, 102 admin
        ("DELETE", ["cloud", "groups", gid]) => {
            if !inst.groups.contains_key(*gid) {
                return Err(err(101, ""));
            }
            if *gid == "admin" {
                return Err(err(102, ""));
            }
            inst.groups.remove(*gid);
            for u in inst.users.values_mut() {
                u.subadmin.remove(*gid);
            }
            Ok(Php::empty())
        }
        // §2.6: 101 missing group
        ("GET", ["cloud", "groups", gid, "subadmins"]) => {
            if !inst.groups.contains_key(*gid) {
                return Err(err(101, "Group does not exist"));
            }
            let subs = inst
                .users
                .values()
                .filter(|u| u.subadmin.contains(*gid))
                .map(|u| u.uid.clone())
                .collect();
            Ok(ids(subs))
        }
        _ => Err(err(998, "")),
    }
}

/// A group whose members `me` may see: its admins and sub-admins. An unknown group is 998
/// with this message (`GroupsController`), another's 403.
fn members_of<'a>(
    inst: &'a Instance,
    me: &Caller,
    gid: &str,
) -> Result<&'a crate::model::Group, OcsError> {
    let g = inst
        .groups
        .get(gid)
        .ok_or_else(|| err(404, "The requested group could not be found"))?;
    if !me.admin && !is_subadmin_of(inst, me, gid) {
        return Err(err(403, ""));
    }
    Ok(g)
}

fn search_groups(inst: &Instance, q: &str) -> Vec<String> {
    let q = q.to_lowercase();
    inst.groups
        .iter()
        .filter(|(id, g)| {
            q.is_empty()
                || id.to_lowercase().contains(&q)
                || g.display_name.to_lowercase().contains(&q)
        })
        .map(|(id, _)| id.clone())
        .collect()
}
