//! Accounts over OCS: sub-admins, logins of every kind, fields and preferences, the
//! Provisioning API's codes and defaults (§8b.6, §8b.7), password confirmation (§8, trap 9).

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!(
            trap9_a_cookie_keeping_client_must_confirm_its_password_after_30_minutes,
            Needs::Sim,
            false,
            |t| {
                let (a, p) = (t.admin.clone(), t.admin_password.expose().to_string());
                let first = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/user?format=json", &[])
                    .await;
                let cookie = first
                    .header("set-cookie")
                    .expect("a login sets a session cookie")
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string();
                let with_cookie = |uid: String| {
                    let (t, a, p, cookie) = (t.clone(), a.clone(), p.clone(), cookie.clone());
                    async move {
                        let form = [
                            ("userid", uid.as_str()),
                            ("password", "A-long-enough-password-13"),
                        ];
                        let h = [("OCS-APIRequest", "true"), ("Cookie", cookie.as_str())];
                        t.raw(
                            "POST",
                            "/ocs/v2.php/cloud/users?format=json",
                            Some((&a, &p)),
                            &h,
                            &form,
                        )
                        .await
                    }
                };
                assert_eq!(with_cookie(unique("ct-cookie-")).await.status, 200);
                t.sim().host.web.age_sessions(31 * 60);
                let late = with_cookie(unique("ct-cookie-")).await;
                assert_eq!((late.status, late.code()), (403, 403));
                assert_eq!(
                    late.json()["ocs"]["meta"]["message"],
                    "Password confirmation is required"
                );
                // The driver keeps no cookies: each request logs in, which confirms the password.
                let ocs = t.ocs();
                ocs.users("", Some(1), 0).await.unwrap();
                t.sim().host.web.age_sessions(31 * 60);
                let uid = unique("ct-cookie-");
                ocs.create_user(&NewUser {
                    uid: &uid,
                    password: Some(&Secret::new("A-long-enough-password-14")),
                    ..NewUser::default()
                })
                .await
                .unwrap();
            }
        ),
        case!(
            sub_admins_manage_the_users_of_their_groups,
            Needs::Http,
            false,
            |t| {
                let ocs = t.ocs();
                let (g, other) = (unique("ct-g-"), unique("ct-h-"));
                ocs.create_group(&g, "Bureau").await.unwrap();
                ocs.create_group(&other, "Autre").await.unwrap();
                let pw = "A-long-enough-password-15";
                let (sa, sb, sc) = (unique("ct-sa-"), unique("ct-sb-"), unique("ct-sc-"));
                for (u, groups) in [
                    (&sa, vec![]),
                    (&sb, vec![g.as_str()]),
                    (&sc, vec![other.as_str()]),
                ] {
                    ocs.create_user(&NewUser {
                        uid: u,
                        password: Some(&Secret::new(pw)),
                        groups: &groups,
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                }
                let r = t
                    .admin_raw(
                        "POST",
                        &format!("/ocs/v2.php/cloud/users/{sa}/subadmins?format=json"),
                        &[("groupid", g.as_str())],
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let as_sa = t.ocs_as(&sa, pw);
                assert_eq!(
                    as_sa.users("", None, 0).await.unwrap(),
                    vec![sb.clone()],
                    "the union of their groups' members"
                );
                let seen = as_sa.user(&sb).await.unwrap().unwrap();
                assert_eq!(seen.enabled, Some(true), "a sub-admin sees `enabled`");
                assert!(
                    as_sa.user(&sc).await.unwrap().is_none(),
                    "another group's user is 998"
                );
                as_sa
                    .edit_user(&sb, "displayname", "Renommé")
                    .await
                    .unwrap();
                assert_eq!(
                    as_sa.edit_user(&sc, "displayname", "x").await,
                    Err(NcError::NotFound)
                );
                let orphan = unique("ct-orphan-");
                let r = as_sa
                    .create_user(&NewUser {
                        uid: &orphan,
                        password: Some(&Secret::new(pw)),
                        ..NewUser::default()
                    })
                    .await;
                assert_eq!(
                    r,
                    Err(NcError::Ocs {
                        code: 106,
                        message: "No group specified (required for subadmins)".into()
                    })
                );
                let r = as_sa
                    .create_user(&NewUser {
                        uid: &orphan,
                        password: Some(&Secret::new(pw)),
                        groups: &[other.as_str()],
                        ..NewUser::default()
                    })
                    .await;
                assert!(matches!(r, Err(NcError::Ocs { code: 105, .. })), "{r:?}");
                as_sa
                    .create_user(&NewUser {
                        uid: &orphan,
                        password: Some(&Secret::new(pw)),
                        groups: &[g.as_str()],
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                for u in [&sa, &sb, &sc, &orphan] {
                    ocs.delete_user(u).await.unwrap();
                }
            }
        ),
        case!(
            an_app_password_login_counts_as_a_login_too,
            Needs::Occ,
            true,
            |t| {
                // §8b.5: Session::completeLogin updates the last login for token logins too.
                let uid = unique("ct-token-");
                user_with_password(&t, &uid, "A-long-enough-password-17").await;
                assert_eq!(t.ocs().user(&uid).await.unwrap().unwrap().last_login, 0);
                let token = t.occ().app_password(&uid).await.unwrap();
                t.ocs_as(&uid, token.expose()).me().await.unwrap();
                assert!(t.ocs().user(&uid).await.unwrap().unwrap().last_login > 0);
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            a_password_login_counts_as_a_login,
            Needs::Http,
            false,
            |t| {
                let uid = unique("ct-basic-");
                let pw = "A-long-enough-password-16";
                user_with_password(&t, &uid, pw).await;
                assert_eq!(t.ocs().user(&uid).await.unwrap().unwrap().last_login, 0);
                t.ocs_as(&uid, pw).me().await.unwrap();
                let d = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await
                    .json();
                assert!(d["ocs"]["data"]["lastLogin"].as_i64().unwrap() > 0);
                assert!(d["ocs"]["data"]["firstLoginTimestamp"].as_i64().unwrap() > 0);
                assert!(
                    d["ocs"]["data"]["quota"].get("free").is_some(),
                    "the home exists: the full quota form"
                );
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            empty_basic_credentials_are_no_login,
            Needs::Http,
            false,
            |t| {
                let h = [("OCS-APIRequest", "true"), ("Authorization", "Basic Og==")];
                let caps = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/capabilities?format=json",
                        None,
                        &h,
                        &[],
                    )
                    .await;
                assert_eq!(caps.status, 200, "public capabilities: {}", caps.body);
                assert!(caps.json()["ocs"]["data"]["capabilities"]["theming"]["logo"].is_string());
                let me = t
                    .raw("GET", "/ocs/v2.php/cloud/user?format=json", None, &h, &[])
                    .await;
                assert_eq!(me.status, 401);
                assert_eq!(
                    me.json()["ocs"]["meta"]["message"],
                    "Current user is not logged in"
                );
            }
        ),
        case!(
            editable_fields_wipe_and_preferences,
            Needs::Http,
            false,
            |t| {
                let f = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/user/fields?format=json", &[])
                    .await;
                let fields = f.json()["ocs"]["data"].clone();
                assert!(
                    fields
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x == "displayname"),
                    "{}",
                    f.body
                );
                let r = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/users/ct-nobody/wipe?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 998));
                let uid = unique("ct-wipe-");
                user_with_password(&t, &uid, "A-long-enough-password-17").await;
                let r = t
                    .admin_raw(
                        "POST",
                        &format!("/ocs/v2.php/cloud/users/{uid}/wipe?format=json"),
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let r = t
                .admin_raw("POST", "/ocs/v2.php/apps/provisioning_api/api/v1/config/users/ct_app/ct_key?format=json", &[("configValue", "v")])
                .await;
                assert_eq!(
                    (r.status, r.code()),
                    (400, 400),
                    "no app validates that key"
                );
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        // -----------------------------------------------------------------------------------
        // Idempotency questions: each answered by Nextcloud, not by the portal's database.
        case!(
            the_password_policy_answers_107_with_its_hint,
            Needs::Http,
            false,
            |t| {
                let r = t
                    .ocs()
                    .create_user(&NewUser {
                        uid: &unique("ct-short-"),
                        password: Some(&Secret::new("short")),
                        ..NewUser::default()
                    })
                    .await;
                match r {
                    Err(NcError::PasswordRejected(hint)) => {
                        assert!(hint.contains("characters"), "{hint}")
                    }
                    other => panic!("{other:?}"),
                }
            }
        ),
        case!(
            provisioning_api_codes_for_callers_without_rights,
            Needs::Http,
            true,
            |t| {
                // §8b.6, UsersController::addUser and GroupsController, in their order.
                let (plain, group) = (unique("ct-plain-"), unique("ct-grp-"));
                let password = "Plain-user-password-123";
                let made = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/users?format=json",
                        &[("userid", plain.as_str()), ("password", password)],
                    )
                    .await;
                assert_eq!(made.status, 200, "{}", made.body);
                let g = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/groups?format=json",
                        &[("groupid", group.as_str())],
                    )
                    .await;
                assert_eq!(g.status, 200, "{}", g.body);
                let as_plain = |path: &'static str, form: Vec<(&'static str, String)>| {
                    let t = t.clone();
                    let plain = plain.clone();
                    async move {
                        let form: Vec<(&str, &str)> =
                            form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        t.raw(
                            if form.is_empty() { "GET" } else { "POST" },
                            path,
                            Some((plain.as_str(), password)),
                            &[("OCS-APIRequest", "true")],
                            &form,
                        )
                        .await
                    }
                };
                // Neither admin nor sub-admin: 106 without groups, 105 with one.
                let new = unique("ct-new-");
                let r = as_plain(
                    "/ocs/v1.php/cloud/users?format=json",
                    vec![("userid", new.clone()), ("password", password.into())],
                )
                .await;
                assert_eq!(r.code(), 106, "{}", r.body);
                let r = as_plain(
                    "/ocs/v1.php/cloud/users?format=json",
                    vec![
                        ("userid", new.clone()),
                        ("password", password.into()),
                        ("groups[]", group.clone()),
                    ],
                )
                .await;
                assert_eq!(r.code(), 105, "{}", r.body);
                // A missing sub-admin group: 102 (not 109).
                let r = t
                    .admin_raw(
                        "POST",
                        "/ocs/v1.php/cloud/users?format=json",
                        &[
                            ("userid", new.as_str()),
                            ("password", password),
                            ("subadmin[]", "ct-no-such-group"),
                        ],
                    )
                    .await;
                assert_eq!(r.code(), 102, "{}", r.body);
                // The sub-admins of an unknown user, a missing group: 404.
                let r = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/users/ct-nobody-here/subadmins?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 404), "{}", r.body);
                let r = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/groups/ct-no-such-group?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 404), "{}", r.body);
                // A group's users' details without rights on it: 997.
                let details = format!("/ocs/v1.php/cloud/groups/{group}/users/details?format=json");
                let r = t
                    .raw(
                        "GET",
                        &details,
                        Some((plain.as_str(), password)),
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!(r.code(), 997, "{}", r.body);
                t.ocs().delete_user(&plain).await.unwrap();
                t.admin_raw("DELETE", &format!("/ocs/v2.php/cloud/groups/{group}"), &[])
                    .await;
            }
        ),
        case!(
            user_details_defaults_timezone_language_and_free_space,
            Needs::Http,
            true,
            |t| {
                // §8b.7: `timezone` '' when unset, `language` the system's default when unset.
                let uid = unique("ct-defaults-");
                let made = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/users?format=json",
                        &[
                            ("userid", uid.as_str()),
                            ("password", "Defaults-password-123"),
                        ],
                    )
                    .await;
                assert_eq!(made.status, 200, "{}", made.body);
                let path = format!("/ocs/v2.php/cloud/users/{uid}?format=json");
                let d = t.admin_raw("GET", &path, &[]).await.json();
                let data = &d["ocs"]["data"];
                assert_eq!(data["timezone"], "", "{data}");
                let system_default = t
                    .occ()
                    .system_value(&["default_language"])
                    .await
                    .ok()
                    .flatten();
                if let Some(lang) = system_default {
                    assert_eq!(data["language"], lang.as_str(), "{data}");
                }
                // Over quota, `free` goes below zero (the stand-in sets the bytes used: a real
                // server would need the files).
                if let Some(sim) = &t.sim {
                    t.admin_raw(
                        "PUT",
                        &format!("/ocs/v2.php/cloud/users/{uid}"),
                        &[("key", "quota"), ("value", "1 KB")],
                    )
                    .await;
                    sim.host.set_usage(&t.slug, &uid, 4096).unwrap();
                    let d = t.admin_raw("GET", &path, &[]).await.json();
                    let q = &d["ocs"]["data"]["quota"];
                    assert_eq!(q["free"], -3072, "{q}");
                }
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
    ]
}
