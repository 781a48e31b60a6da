//! `occ`: its commands, outputs and exit codes, what the driver asks of it, and its standard
//! input (secrets, `config:import`, §8b.9).

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!(
            trap7_occ_user_delete_of_nobody_exits_0,
            Needs::Occ,
            false,
            |t| {
                let out = t
                    .occ()
                    .run(&["user:delete", "ct-nobody"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 0, "{}", out.stderr);
                assert!(!t.occ().user_exists("ct-nobody").await.unwrap());
            }
        ),
        case!(
            config_list_masks_what_is_sensitive_and_config_import_reads_standard_input,
            Needs::Occ,
            true,
            |t| {
                let occ = t.occ();
                let mut values = serde_json::Map::new();
                values.insert("mail_smtphost".into(), "relay.example".into());
                values.insert("ct_port".into(), 2525.into());
                occ.import_system(&values).await.unwrap();
                let listed = occ.system_config().await.unwrap();
                assert_eq!(
                    listed["mail_smtphost"], "***REMOVED SENSITIVE VALUE***",
                    "masked without --private"
                );
                assert_eq!(listed["passwordsalt"], "***REMOVED SENSITIVE VALUE***");
                assert_eq!(listed["ct_port"], 2525);
                assert_eq!(
                    occ.system_value(&["mail_smtphost"])
                        .await
                        .unwrap()
                        .as_deref(),
                    Some("relay.example")
                );
                let mut gone = serde_json::Map::new();
                gone.insert("ct_port".into(), serde_json::Value::Null);
                occ.import_system(&gone).await.unwrap();
                assert_eq!(occ.system_value(&["ct_port"]).await.unwrap(), None);
                for (input, said) in [
                    ("[]", "The file must contain a valid json array"),
                    ("{\"other\":{}}", "Found invalid entries in root: other"),
                ] {
                    let out = occ
                        .run_with_input(&["config:import"], &[], input)
                        .await
                        .unwrap();
                    assert_eq!(out.code, 1, "{input}");
                    assert!(
                        format!("{}{}", out.stdout, out.stderr).contains(said),
                        "{input}: {out:?}"
                    );
                }
            }
        ),
        case!(
            one_config_import_sets_system_and_app_values_or_nothing,
            Needs::Occ,
            true,
            |t| {
                // §6: `system` and `apps` in one document, as the settings step sends them.
                let occ = t.occ();
                let key = unique("ct_both_");
                let count = format!("{key}_n");
                let mut system = serde_json::Map::new();
                system.insert(key.clone(), "on".into());
                let mut values = serde_json::Map::new();
                values.insert(key.clone(), "on".into());
                values.insert(count.clone(), 3.into());
                let mut apps = serde_json::Map::new();
                apps.insert("ct_contract".into(), values.into());
                occ.import(&system, &apps).await.unwrap();
                assert_eq!(
                    occ.system_value(&[key.as_str()]).await.unwrap().as_deref(),
                    Some("on")
                );
                assert_eq!(
                    occ.app_value("ct_contract", &key).await.unwrap().as_deref(),
                    Some("on")
                );
                assert_eq!(
                    occ.app_value("ct_contract", &count)
                        .await
                        .unwrap()
                        .as_deref(),
                    Some("3")
                );
                // One app value of a type Nextcloud refuses: the whole document is refused
                // before anything is written, its system part too (`validateArray`).
                let other = unique("ct_none_");
                let mut system = serde_json::Map::new();
                system.insert(other.clone(), "on".into());
                let mut bad = serde_json::Map::new();
                bad.insert(other.clone(), true.into());
                let mut apps = serde_json::Map::new();
                apps.insert("ct_contract".into(), bad.into());
                let e = occ.import(&system, &apps).await.unwrap_err();
                assert!(
                    matches!(&e, NcError::Occ { code: 1, stderr }
                        if stderr.contains("Only integers, strings and null")),
                    "{e:?}"
                );
                assert_eq!(occ.system_value(&[other.as_str()]).await.unwrap(), None);
                assert_eq!(occ.app_value("ct_contract", &other).await.unwrap(), None);
                // Null deletes, in both parts.
                let mut system = serde_json::Map::new();
                system.insert(key.clone(), serde_json::Value::Null);
                let mut values = serde_json::Map::new();
                values.insert(key.clone(), serde_json::Value::Null);
                values.insert(count.clone(), serde_json::Value::Null);
                let mut apps = serde_json::Map::new();
                apps.insert("ct_contract".into(), values.into());
                occ.import(&system, &apps).await.unwrap();
                assert_eq!(occ.system_value(&[key.as_str()]).await.unwrap(), None);
                assert_eq!(occ.app_value("ct_contract", &key).await.unwrap(), None);
                assert_eq!(occ.app_value("ct_contract", &count).await.unwrap(), None);
            }
        ),
        case!(
            does_the_user_exist_is_asked_of_nextcloud,
            Needs::Http,
            false,
            |t| {
                let uid = unique("ct-exists-");
                assert!(t.ocs().user(&uid).await.unwrap().is_none());
                let new = NewUser {
                    uid: &uid,
                    password: Some(&Secret::new("A-long-enough-password-6")),
                    email: Some("ct@example.org"),
                    display_name: Some("Ct <b>Exists</b>"),
                    ..NewUser::default()
                };
                t.ocs().create_user(&new).await.unwrap();
                assert_eq!(t.ocs().create_user(&new).await, Err(NcError::UserExists));
                let u = t.ocs().user(&uid).await.unwrap().unwrap();
                assert_eq!(
                    (u.display_name.as_str(), u.email.as_deref()),
                    ("Ct <b>Exists</b>", Some("ct@example.org"))
                );
                if t.has_occ {
                    assert!(t.occ().user_exists(&uid).await.unwrap());
                }
                assert!(t.ocs().delete_user(&uid).await.unwrap());
            }
        ),
        case!(
            is_the_app_enabled_is_asked_of_nextcloud,
            Needs::Occ,
            false,
            |t| {
                let occ = t.occ();
                let before = occ.apps().await.unwrap();
                assert!(before.enabled.contains_key("files"));
                assert!(occ
                    .enable_apps(&["calendar", "contacts", "deck"])
                    .await
                    .unwrap());
                assert!(
                    !occ.enable_apps(&["calendar", "contacts", "deck"])
                        .await
                        .unwrap(),
                    "nothing to do twice"
                );
                let enabled = t.ocs().apps(Some("enabled")).await.unwrap();
                assert!(enabled.contains(&"deck".to_string()));
                let out = occ.run(&["app:enable", "no-such-app"], &[]).await.unwrap();
                assert_eq!((out.code, out.stdout.trim()), (1, "no-such-app not found"));
                let out = occ.run(&["app:disable", "deck"], &[]).await.unwrap();
                assert_eq!(out.code, 0);
                let out = occ.run(&["app:disable", "deck"], &[]).await.unwrap();
                assert_eq!(
                    (out.code, out.stdout.trim()),
                    (0, "No such app enabled: deck")
                );
            }
        ),
        case!(
            is_this_client_registered_is_asked_of_nextcloud,
            Needs::Sim,
            true,
            |t| {
                let (client_id, secret) = register_client(&t, "https://portal.example/cb").await;
                let o = OAuth::new(
                    &t.access,
                    &t.slug,
                    &client_id,
                    &secret,
                    "https://portal.example/cb",
                )
                .unwrap();
                assert!(o.client_registered().await.unwrap());
                let none = OAuth::new(
                    &t.access,
                    &t.slug,
                    &"x".repeat(64),
                    &secret,
                    "https://portal.example/cb",
                )
                .unwrap();
                assert!(!none.client_registered().await.unwrap());
            }
        ),
        case!(
            is_the_space_configured_is_asked_of_nextcloud,
            Needs::Occ,
            false,
            |t| {
                let occ = t.occ();
                let domain = format!("{}.{}", t.slug, t.access.domain);
                if occ
                    .system_value(&["trusted_domains", "1"])
                    .await
                    .unwrap()
                    .as_deref()
                    != Some(domain.as_str())
                {
                    occ.set_system_value(&["trusted_domains", "1"], &domain, "string")
                        .await
                        .unwrap();
                }
                assert_eq!(
                    occ.system_value(&["trusted_domains", "1"])
                        .await
                        .unwrap()
                        .as_deref(),
                    Some(domain.as_str())
                );
                assert_eq!(
                    occ.system_value(&["ct_never_set"]).await.unwrap(),
                    None,
                    "a missing key exits 1 with nothing"
                );
                let bad = occ
                    .run(
                        &[
                            "config:system:set",
                            "ct_flag",
                            "--value=maybe",
                            "--type=boolean",
                        ],
                        &[],
                    )
                    .await
                    .unwrap();
                assert_eq!(bad.code, 1);
                assert_eq!(occ.app_value("ct_app", "ct_key").await.unwrap(), None);
                occ.set_app_value("ct_app", "ct_key", "Les Amis")
                    .await
                    .unwrap();
                assert_eq!(
                    occ.app_value("ct_app", "ct_key").await.unwrap().as_deref(),
                    Some("Les Amis")
                );
                assert_eq!(
                    t.ocs().app_value("ct_app", "ct_key").await.unwrap(),
                    "Les Amis",
                    "OCS reads what occ wrote"
                );
            }
        ),
        case!(
            activate_config_resets_the_callback_and_fails_while_the_office_is_out_of_reach,
            Needs::Sim,
            true,
            |t| {
                // §8b.3: without --callback-url the callback URL is reset to ''; discovery
                // and the WOPI check failing exit 1 (the stand-in's `office_down` knob).
                let occ = t.occ();
                occ.enable_apps(&["richdocuments"]).await.unwrap();
                occ.set_app_value("richdocuments", "wopi_callback_url", "https://old.example")
                    .await
                    .unwrap();
                let activate = [
                    "richdocuments:activate-config",
                    "--wopi-url",
                    "https://office.example",
                ];
                let down = Faults {
                    office_down: true,
                    ..Faults::default()
                };
                t.sim().host.set_faults(Some(&t.slug), &down).unwrap();
                let r = occ.run(&activate, &[]).await.unwrap();
                t.sim()
                    .host
                    .set_faults(Some(&t.slug), &Faults::default())
                    .unwrap();
                assert_eq!(r.code, 1, "{r:?}");
                let r = occ.run(&activate, &[]).await.unwrap();
                assert_eq!(r.code, 0, "{r:?}");
                assert_eq!(
                    occ.app_value("richdocuments", "wopi_callback_url")
                        .await
                        .unwrap()
                        .unwrap_or_default(),
                    ""
                );
            }
        ),
        case!(
            occ_office_suites_trusted_servers_and_notifications,
            Needs::Sim,
            true,
            |t| {
                let occ = t.occ();
                let r = occ
                    .run(&["richdocuments:activate-config"], &[])
                    .await
                    .unwrap();
                assert!(
                    r.stderr
                        .contains("no commands defined in the \"richdocuments\" namespace"),
                    "disabled app: {}",
                    r.stderr
                );
                occ.enable_apps(&["richdocuments", "onlyoffice", "notifications"])
                    .await
                    .unwrap();
                let r = occ
                    .run(&["richdocuments:activate-config"], &[])
                    .await
                    .unwrap();
                assert_eq!(r.code, 1, "no WOPI URL yet");
                occ.set_app_value("richdocuments", "wopi_url", "https://office.example")
                    .await
                    .unwrap();
                let r = occ
                    .ok(&["richdocuments:activate-config"], &[])
                    .await
                    .unwrap();
                assert!(r.stdout.contains("https://office.example"));
                assert_eq!(
                    occ.run(&["onlyoffice:documentserver", "--check"], &[])
                        .await
                        .unwrap()
                        .code,
                    1
                );
                occ.set_app_value(
                    "onlyoffice",
                    "DocumentServerUrl",
                    "https://onlyoffice.example/",
                )
                .await
                .unwrap();
                let r = occ
                    .ok(&["onlyoffice:documentserver", "--check"], &[])
                    .await
                    .unwrap();
                assert!(r.stdout.contains("successfully connected"));
                let r = occ
                    .ok(
                        &[
                            "notification:generate",
                            ADMIN,
                            "Votre espace est prêt",
                            "--output-id-only",
                        ],
                        &[],
                    )
                    .await
                    .unwrap();
                assert!(r.stdout.trim().parse::<u64>().is_ok(), "{}", r.stdout);
                assert_eq!(
                    occ.run(&["notification:generate", "nobody", "x"], &[])
                        .await
                        .unwrap()
                        .code,
                    1
                );
                let r = occ
                    .run(
                        &[
                            "federation:trusted-servers",
                            "--add",
                            "https://autre-asso.nc.test",
                        ],
                        &[],
                    )
                    .await
                    .unwrap();
                if t.major >= 35 {
                    assert_eq!(r.code, 0, "{}", r.stderr);
                    assert!(r.stdout.contains("https://autre-asso.nc.test added"));
                    let again = occ
                        .ok(
                            &[
                                "federation:trusted-servers",
                                "--add",
                                "https://autre-asso.nc.test",
                            ],
                            &[],
                        )
                        .await
                        .unwrap();
                    assert!(again.stdout.contains("already trusted, skipping"));
                    let list = occ
                        .ok(&["federation:trusted-servers", "--list"], &[])
                        .await
                        .unwrap();
                    assert!(list.stdout.contains("https://autre-asso.nc.test"));
                } else {
                    assert_eq!(r.code, 1);
                    assert!(
                        r.stderr
                            .contains("Command \"federation:trusted-servers\" is not defined."),
                        "{}",
                        r.stderr
                    );
                }
            }
        ),
        // -----------------------------------------------------------------------------------
        // occ
        case!(
            occ_status_install_and_unknown_commands,
            Needs::Sim,
            true,
            |t| {
                let occ = t.access.occ("fresh");
                let s = occ.status().await.unwrap();
                assert!(!s.installed);
                let out = occ.run(&["user:list"], &[]).await.unwrap();
                assert_eq!(out.code, 1);
                assert!(out.stderr.contains(
                    "Nextcloud is not installed - only a limited number of commands are available"
                ));
                assert!(out
                    .stderr
                    .contains("There are no commands defined in the \"user\" namespace."));
                // Not installed: OCS answers a bare redirect, status.php says so.
                let r = t
                    .access
                    .http_client()
                    .unwrap()
                    .get(format!(
                        "{}/ocs/v2.php/cloud/users",
                        t.access.base_url("fresh")
                    ))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 302);
                let fresh = Ocs::new(&t.access, "fresh", None).unwrap();
                assert!(!fresh.status().await.unwrap().installed);
                assert!(install(&occ, &Secret::new("x-Admin-password-1")).await);
                assert!(
                    !install(&occ, &Secret::new("x-Admin-password-1")).await,
                    "asked first, not run twice"
                );
                let out = occ
                    .run(&["maintenance:install", "--admin-pass=x"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out
                    .stderr
                    .contains("Command \"maintenance:install\" is not defined."));
                let out = occ.run(&["status", "--output=json"], &[]).await.unwrap();
                assert!(
                    out.stdout.starts_with("{\"installed\":true,\"version\":\""),
                    "{}",
                    out.stdout
                );
            }
        ),
        case!(
            occ_app_commands_vanish_in_maintenance_mode,
            Needs::Sim,
            false,
            |t| {
                let occ = t.occ();
                occ.maintenance(true).await.unwrap();
                let r = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/users?format=json", &[])
                    .await;
                assert_eq!(
                    (r.status, r.header("x-nextcloud-maintenance-mode")),
                    (503, Some("1"))
                );
                assert_eq!(r.code(), 503);
                let v1 = t
                    .admin_raw("GET", "/ocs/v1.php/cloud/users?format=json", &[])
                    .await;
                assert_eq!(v1.status, 503, "v1 too");
                assert_eq!(t.ocs().users("", None, 0).await, Err(NcError::Maintenance));
                assert!(
                    t.ocs().status().await.unwrap().maintenance,
                    "status.php answers 200 in maintenance"
                );
                let out = occ
                    .run(&["theming:config", "name", "X"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out
                    .stderr
                    .contains("There are no commands defined in the \"theming\" namespace."));
                let out = occ.run(&["status", "-e"], &[]).await.unwrap();
                assert_eq!(out.code, 1);
                occ.maintenance(false).await.unwrap();
                occ.theming("name", "Les Amis du Quartier").await.unwrap();
                assert!(!t.ocs().status().await.unwrap().maintenance);
                let caps = t.ocs().capabilities().await.unwrap();
                assert_eq!(
                    caps["capabilities"]["theming"]["name"],
                    "Les Amis du Quartier"
                );
            }
        ),
        case!(
            theming_takes_the_primary_colour_and_an_image_by_its_path,
            Needs::Occ,
            true,
            |t| {
                // §6 theming (NC ≥ 30): `color` is taken as `primary_color`, with a warning.
                let occ = t.occ();
                let out = occ
                    .run(&["theming:config", "color", "#1a6b3c"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 0, "{out:?}");
                assert!(
                    out.stdout.contains("use \"primary_color\" instead"),
                    "{out:?}"
                );
                assert!(
                    out.stdout.contains("Updated primary_color to #1a6b3c"),
                    "{out:?}"
                );
                let out = occ
                    .run(&["theming:config", "primary_color", "vert"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(
                    out.stdout.contains("The given color is invalid: vert"),
                    "{out:?}"
                );
                let caps = t.ocs().capabilities().await.unwrap();
                assert_eq!(caps["capabilities"]["theming"]["color"], "#1a6b3c");
                // An image by its absolute path: its type stored as `logoMime`.
                let dir = std::env::temp_dir().join(unique("ct-logo-"));
                std::fs::create_dir_all(&dir).unwrap();
                let png = dir.join("logo.png");
                std::fs::write(&png, b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR").unwrap();
                let path = png.display().to_string();
                let out = occ
                    .run(&["theming:config", "logo", &path], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 0, "{out:?}");
                assert!(
                    out.stdout.contains("Updated logoMime to image/png"),
                    "{out:?}"
                );
                let out = occ
                    .run(&["theming:config", "logo", "logo.png"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out
                    .stdout
                    .contains("needs to be provided as an absolute path"));
                let gone = dir.join("none.png").display().to_string();
                let out = occ
                    .run(&["theming:config", "logo", &gone], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out.stdout.contains("File could not be found"), "{out:?}");
                let text = dir.join("logo.txt");
                std::fs::write(&text, b"not an image").unwrap();
                let out = occ
                    .run(
                        &["theming:config", "logo", &text.display().to_string()],
                        &[],
                    )
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out.stderr.contains("Unsupported image type"), "{out:?}");
                let _ = std::fs::remove_dir_all(&dir);
            }
        ),
        case!(
            occ_errors_are_on_standard_output_and_exceptions_on_standard_error,
            Needs::Occ,
            true,
            |t| {
                // §8b.2: a command's own <error> line goes through $output->writeln.
                let occ = t.occ();
                let uid = unique("ct-twice-");
                let pw = Secret::new("A-long-enough-password-20");
                occ.add_user(&uid, "Deux Fois", None, &[], &pw)
                    .await
                    .unwrap();
                let again = occ
                    .run(
                        &["user:add", "--password-from-env", "--", &uid],
                        &[("OC_PASS", &pw)],
                    )
                    .await
                    .unwrap();
                assert_eq!(again.code, 1);
                assert!(again.stdout.contains("already exists"), "{}", again.stdout);
                assert!(!again.stderr.contains("already exists"), "{}", again.stderr);
                assert_eq!(
                    occ.add_user(&uid, "Deux Fois", None, &[], &pw).await,
                    Err(NcError::UserExists),
                    "the driver reads both streams"
                );
                // An unknown command is Symfony's exception: standard error.
                let unknown = occ.run(&["nosuchcommand"], &[]).await.unwrap();
                assert_eq!(unknown.code, 1);
                assert!(
                    unknown.stderr.contains("is not defined"),
                    "{}",
                    unknown.stderr
                );
                // What the driver reports of a failure quotes the command's own words.
                let failed = occ
                    .ok(
                        &["user:add", "--password-from-env", "--", &uid],
                        &[("OC_PASS", &pw)],
                    )
                    .await;
                match failed {
                    Err(NcError::Occ { code: 1, stderr }) => {
                        assert!(stderr.contains("already exists"), "{stderr}")
                    }
                    other => panic!("{other:?}"),
                }
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            occ_oauth2_add_client_exists_only_on_35,
            Needs::Sim,
            true,
            |t| {
                let r = t
                    .occ()
                    .add_oauth_client("Portail", "https://portal.example/cb")
                    .await;
                if t.major >= 35 {
                    let c = r.unwrap();
                    assert_eq!((c.client_id.len(), c.secret.expose().len()), (64, 64));
                    let bad = t
                        .occ()
                        .run(&["oauth2:add-client", "Portail", "not-a-url"], &[])
                        .await
                        .unwrap();
                    assert_eq!(bad.code, 1);
                    // Its own error, on standard output (§8b.2).
                    assert!(bad
                        .stdout
                        .contains("Your redirect URL needs to be a full URL"));
                    assert!(bad.stderr.trim().is_empty(), "{}", bad.stderr);
                } else {
                    match r {
                        Err(NcError::Occ { code: 1, stderr }) => assert!(
                            stderr.contains(
                                "There are no commands defined in the \"oauth2\" namespace."
                            ),
                            "{stderr}"
                        ),
                        other => panic!("34 has no oauth2:add-client: {other:?}"),
                    }
                }
            }
        ),
        case!(
            occ_secrets_travel_on_standard_input,
            Needs::Sim,
            false,
            |t| {
                // A template whose program records its arguments and its input, then runs occ.
                let dir = t.sim().dir.join("spy");
                std::fs::create_dir_all(&dir).unwrap();
                let script = dir.join("occ-spy");
                std::fs::write(
                &script,
                format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > {d}/argv\ntee {d}/stdin | exec {exe} occ --dir {h} --stdin-env \"$@\"\n",
                    d = dir.display(), exe = t.sim().exe.display(), h = t.sim().dir.display()),
            )
            .unwrap();
                chmod_x(&script);
                let occ = Occ::new(
                    CommandTemplate::direct(&format!("{} {{slug}}", script.display())).unwrap(),
                    "h",
                    SLUG,
                    Duration::from_secs(10),
                );
                let uid = unique("ct-stdin-");
                let password = Secret::new("The-password-nobody-sees-1");
                occ.add_user(
                    &uid,
                    "Sam Stdin",
                    Some("sam@example.org"),
                    &["membres"],
                    &password,
                )
                .await
                .unwrap();
                let argv = std::fs::read_to_string(dir.join("argv")).unwrap();
                assert!(!argv.contains(password.expose()), "{argv}");
                assert!(std::fs::read_to_string(dir.join("stdin"))
                    .unwrap()
                    .contains(password.expose()));
                assert!(
                    t.ocs_as(&uid, password.expose()).me().await.is_ok(),
                    "the password reached Nextcloud"
                );
                assert_eq!(
                    occ.add_user(&uid, "Sam", None, &[], &password).await,
                    Err(NcError::UserExists)
                );
                // An app password for the portal's own account logs in over OCS.
                let token = t.occ().app_password(&uid).await.unwrap();
                assert_eq!(token.expose().len(), 72);
                assert_eq!(t.ocs_as(&uid, token.expose()).me().await.unwrap().id, uid);
                assert!(!format!("{token:?}").contains(token.expose()));
            }
        ),
        case!(
            config_import_reads_only_the_input_already_there,
            Needs::Occ,
            true,
            |t| {
                // §8b.9: occ reads its standard input without waiting. The same command and
                // input, once with the input at once, once with it three seconds late (after
                // the first line, which the host's wrapper reads for secrets): the late one
                // is read as nothing, and nothing is set.
                let key = unique("ct_import_");
                let json = format!("{{\"apps\":{{\"ct_contract\":{{\"{key}\":\"set\"}}}}}}");
                let template = t.access.occ.behind(&[
                    "sh",
                    "-c",
                    "{ IFS= read -r first; printf '%s\\n' \"$first\"; sleep 3; cat; } | \"$@\"",
                    "late",
                ]);
                let late = Occ::new(template, &t.access.name, &t.slug, Duration::from_secs(30));
                let out = late
                    .run_with_input(&["config:import"], &[], &json)
                    .await
                    .unwrap();
                assert_ne!(out.code, 0, "{out:?}");
                assert_eq!(t.occ().app_value("ct_contract", &key).await.unwrap(), None);
                let out = t
                    .occ()
                    .run_with_input(&["config:import"], &[], &json)
                    .await
                    .unwrap();
                assert_eq!(out.code, 0, "{out:?}");
                assert_eq!(
                    t.occ()
                        .app_value("ct_contract", &key)
                        .await
                        .unwrap()
                        .as_deref(),
                    Some("set")
                );
                t.occ()
                    .ok(&["config:app:delete", "ct_contract", &key], &[])
                    .await
                    .unwrap();
            }
        ),
    ]
}
