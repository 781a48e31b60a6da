//! The OCS API's shapes and traps (NEXTCLOUD.md §8: 1 to 7, 10, 11) and `status.php`.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!(
            status_php_and_capabilities_carry_the_version,
            Needs::Http,
            true,
            |t| {
                let s = t.ocs().status().await.unwrap();
                assert!(s.installed && !s.maintenance);
                assert_eq!(s.version.split('.').count(), 4, "four parts: {}", s.version);
                let caps = t.ocs().capabilities().await.unwrap();
                let v = &caps["version"];
                assert_eq!(v["string"].as_str().unwrap(), s.versionstring);
                if t.major > 0 {
                    assert_eq!(v["major"].as_u64(), Some(t.major as u64));
                }
                for k in [
                    "major",
                    "minor",
                    "micro",
                    "string",
                    "edition",
                    "extendedSupport",
                ] {
                    assert!(v.get(k).is_some(), "version.{k}");
                }
                let raw = t.raw("GET", "/status.php", None, &[], &[]).await;
                assert_eq!(raw.header("access-control-allow-origin"), Some("*"));
                let keys: Vec<String> = raw
                    .body
                    .split('"')
                    .skip(1)
                    .step_by(2)
                    .take(1)
                    .map(String::from)
                    .collect();
                assert_eq!(keys, vec!["installed"], "status.php starts with installed");
            }
        ),
        case!(
            trap1_v1_answers_200_for_errors_and_v2_passes_the_status,
            Needs::Http,
            false,
            |t| {
                let uid = unique("ct-dup-");
                let form = [
                    ("userid", uid.as_str()),
                    ("password", "A-long-enough-password-1"),
                ];
                assert_eq!(
                    t.admin_raw("POST", "/ocs/v2.php/cloud/users?format=json", &form)
                        .await
                        .status,
                    200
                );
                let v1 = t
                    .admin_raw("POST", "/ocs/v1.php/cloud/users?format=json", &form)
                    .await;
                assert_eq!((v1.status, v1.code()), (200, 102));
                assert_eq!(v1.json()["ocs"]["meta"]["status"], "failure");
                let v2 = t
                    .admin_raw("POST", "/ocs/v2.php/cloud/users?format=json", &form)
                    .await;
                assert_eq!((v2.status, v2.code()), (400, 102));
                let missing = t
                    .admin_raw(
                        "GET",
                        "/ocs/v1.php/cloud/users/nobody-here?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((missing.status, missing.code()), (200, 404));
                let missing = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/users/nobody-here?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((missing.status, missing.code()), (404, 404));
                let ok = t
                    .admin_raw("GET", "/ocs/v1.php/cloud/users?format=json", &[])
                    .await;
                assert_eq!((ok.status, ok.code()), (200, 100));
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            trap2_a_missing_ocs_header_is_a_bare_412_even_on_get,
            Needs::Http,
            false,
            |t| {
                let (a, p) = (t.admin.clone(), t.admin_password.expose().to_string());
                for method in ["GET", "POST"] {
                    let r = t
                        .raw(
                            method,
                            "/ocs/v2.php/cloud/users?format=json",
                            Some((&a, &p)),
                            &[],
                            &[],
                        )
                        .await;
                    assert_eq!(r.status, 412, "{method}");
                    assert_eq!(
                        r.json(),
                        serde_json::json!({"message": "CSRF check failed"}),
                        "{method}: no OCS envelope"
                    );
                }
                // The driver always sends the header.
                t.ocs().users("", Some(1), 0).await.unwrap();
            }
        ),
        case!(
            trap3_xml_is_the_default_and_accept_counts_only_whole_tokens,
            Needs::Http,
            false,
            |t| {
                let (a, p) = (t.admin.clone(), t.admin_password.expose().to_string());
                let get = |accept: Option<&'static str>, path: &'static str, pw: String| {
                    let t = t.clone();
                    let a = a.clone();
                    async move {
                        let mut h = vec![("OCS-APIRequest", "true")];
                        if let Some(acc) = accept {
                            h.push(("Accept", acc));
                        }
                        t.raw("GET", path, Some((&a, &pw)), &h, &[]).await
                    }
                };
                let xml = get(None, "/ocs/v2.php/cloud/user", p.clone()).await;
                assert!(
                    xml.body.starts_with(
                        "<?xml version=\"1.0\"?>\n<ocs>\n <meta>\n  <status>ok</status>"
                    ),
                    "{}",
                    xml.body
                );
                assert!(xml.header("content-type").unwrap_or("").contains("xml"));
                assert!(get(
                    Some("application/json"),
                    "/ocs/v2.php/cloud/user",
                    p.clone()
                )
                .await
                .body
                .starts_with("{\"ocs\""));
                let with_charset = get(
                    Some("application/json; charset=utf-8"),
                    "/ocs/v2.php/cloud/user",
                    p.clone(),
                )
                .await;
                assert!(
                    with_charset.body.starts_with("<?xml"),
                    "a parameter spoils the token"
                );
                assert!(get(Some("*/*"), "/ocs/v2.php/cloud/user", p.clone())
                    .await
                    .body
                    .starts_with("<?xml"));
                // Errors raised before routing look only at ?format=.
                let bad = get(
                    Some("application/json"),
                    "/ocs/v2.php/cloud/user",
                    "wrong".into(),
                )
                .await;
                assert_eq!(bad.status, 401);
                assert!(bad.body.starts_with("<?xml"), "{}", bad.body);
                let bad = get(None, "/ocs/v2.php/cloud/user?format=json", "wrong".into()).await;
                assert_eq!(bad.code(), 997);
            }
        ),
        case!(
            trap4_bad_credentials_and_no_credentials_are_two_different_401s,
            Needs::Http,
            false,
            |t| {
                let a = t.admin.clone();
                let bad = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/user?format=json",
                        Some((&a, "wrong")),
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!((bad.status, bad.code()), (401, 997));
                assert_eq!(bad.json()["ocs"]["meta"]["message"], "Unauthorised");
                assert!(bad
                    .header("www-authenticate")
                    .unwrap_or("")
                    .starts_with("Basic realm="));
                let none = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/user?format=json",
                        None,
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!((none.status, none.code()), (401, 997));
                assert_eq!(
                    none.json()["ocs"]["meta"]["message"],
                    "Current user is not logged in"
                );
                assert_eq!(
                    t.ocs_as(&a, "wrong").me().await,
                    Err(NcError::BadCredentials)
                );
                let anonymous = Ocs::new(&t.access, &t.slug, None).unwrap();
                assert_eq!(anonymous.me().await, Err(NcError::NotLoggedIn));
                let bearer = Ocs::new(
                    &t.access,
                    &t.slug,
                    Some(Auth::Bearer(Secret::new("not-a-token"))),
                )
                .unwrap();
                assert_eq!(bearer.me().await, Err(NcError::NotLoggedIn));
            }
        ),
        case!(
            trap5_empty_data_is_a_list_and_numeric_ids_are_numbers,
            Needs::Http,
            false,
            |t| {
                let uid = format!("{}", 900_000 + N.fetch_add(1, Ordering::SeqCst));
                user_with_password(&t, &uid, "A-long-enough-password-2").await;
                let list = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users?format=json&search={uid}"),
                        &[],
                    )
                    .await;
                assert_eq!(
                    list.json()["ocs"]["data"]["users"],
                    serde_json::json!([uid.parse::<i64>().unwrap()])
                );
                let v1 = t
                    .admin_raw("GET", "/ocs/v1.php/cloud/users?format=json&limit=1", &[])
                    .await;
                assert_eq!(v1.json()["ocs"]["meta"]["totalitems"], "");
                assert_eq!(v1.json()["ocs"]["meta"]["itemsperpage"], "");
                let details = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/details?format=json&search={uid}"),
                        &[],
                    )
                    .await;
                assert!(
                    details.json()["ocs"]["data"]["users"].is_object(),
                    "details are keyed by uid"
                );
                let none = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/users/details?format=json&search=zz-nobody-zz",
                        &[],
                    )
                    .await;
                assert!(
                    none.body.contains(r#""data":{"users":[]}"#),
                    "{}",
                    none.body
                );
                let del = t
                    .admin_raw(
                        "DELETE",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await;
                assert!(del.body.ends_with(r#""data":[]}}"#), "{}", del.body);
                // The driver reads numeric ids back as strings.
                assert!(t.ocs().user(&uid).await.unwrap().is_none());
            }
        ),
        case!(
            trap6_last_login_is_in_milliseconds_and_unlimited_quota_is_minus_3,
            Needs::Sim,
            false,
            |t| {
                let uid = unique("ct-login-");
                let pw = "A-long-enough-password-3";
                user_with_password(&t, &uid, pw).await;
                // Never logged in: no home yet, the short quota form.
                let fresh = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await
                    .json();
                assert_eq!(
                    fresh["ocs"]["data"]["quota"],
                    serde_json::json!({"quota": "none", "used": 0})
                );
                assert_eq!(fresh["ocs"]["data"]["lastLogin"], 0);
                web_login(&t, &uid, pw).await;
                t.sim().host.set_usage(SLUG, &uid, 123_456).unwrap();
                let d = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await
                    .json();
                let d = &d["ocs"]["data"];
                let secs = d["lastLoginTimestamp"].as_i64().unwrap();
                assert!(secs > 1_700_000_000);
                assert_eq!(d["lastLogin"].as_i64(), Some(secs * 1000));
                assert_eq!(d["quota"]["quota"], -3);
                assert_eq!(d["quota"]["used"], 123_456);
                assert_eq!(d["enabled"], true, "a bool");
                let u = t.ocs().user(&uid).await.unwrap().unwrap();
                assert_eq!(
                    (u.quota, u.used, u.last_login, u.enabled),
                    (None, 123_456, secs, Some(true))
                );
                t.ocs().edit_user(&uid, "quota", "1 GB").await.unwrap();
                let u = t.ocs().user(&uid).await.unwrap().unwrap();
                assert_eq!(u.quota, Some(1024 * 1024 * 1024));
            }
        ),
        case!(
            trap7_unknown_users_answer_404_101_and_998,
            Needs::Http,
            false,
            |t| {
                let r = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/users/ct-nobody?format=json", &[])
                    .await;
                assert_eq!((r.status, r.code()), (404, 404));
                let r = t
                    .admin_raw(
                        "PUT",
                        "/ocs/v2.php/cloud/users/ct-nobody/enable?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (400, 101));
                let r = t
                    .admin_raw(
                        "DELETE",
                        "/ocs/v2.php/cloud/users/ct-nobody?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 998));
                assert_eq!(t.ocs().delete_user("ct-nobody").await, Ok(false));
                assert!(matches!(
                    t.ocs().set_enabled("ct-nobody", false).await,
                    Err(NcError::InvalidArgument(_))
                ));
            }
        ),
        case!(
            trap10_app_config_answers_nest_data_data,
            Needs::Http,
            false,
            |t| {
                t.ocs()
                    .set_app_value("theming", "slogan", "Un espace à soi")
                    .await
                    .unwrap();
                let raw = t
                .admin_raw("GET", "/ocs/v2.php/apps/provisioning_api/api/v1/config/apps/theming/slogan?format=json", &[])
                .await;
                assert_eq!(
                    raw.json()["ocs"]["data"],
                    serde_json::json!({"data": "Un espace à soi"})
                );
                assert_eq!(
                    t.ocs().app_value("theming", "slogan").await.unwrap(),
                    "Un espace à soi"
                );
                let forbidden = t
                .admin_raw("POST", "/ocs/v2.php/apps/provisioning_api/api/v1/config/apps/files/enabled?format=json", &[("value", "no")])
                .await;
                assert_eq!(forbidden.status, 403);
                assert_eq!(
                    forbidden.json()["ocs"]["data"]["data"]["message"],
                    "The given key can not be set"
                );
            }
        ),
        case!(
            trap11_the_apps_list_is_a_json_list,
            Needs::Http,
            false,
            |t| {
                let r = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/apps?format=json&filter=enabled",
                        &[],
                    )
                    .await;
                assert!(r.json()["ocs"]["data"]["apps"].is_array(), "{}", r.body);
                let bad = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/apps?format=json&filter=some", &[])
                    .await;
                assert_eq!((bad.status, bad.code()), (400, 101));
                assert!(
                    t.ocs()
                        .apps(Some("enabled"))
                        .await
                        .unwrap()
                        .contains(&"provisioning_api".to_string())
                        || t.major == 0
                );
            }
        ),
    ]
}
