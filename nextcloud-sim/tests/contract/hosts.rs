//! A host as the portal reaches it: the host's wrapper, remote shells, a host down, an
//! answer lost, the mails a space sends.

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!(
            the_host_wrapper_passes_secrets_from_its_input_to_occ,
            Needs::Sim,
            false,
            |t| {
                // docs/host/framaspace-occ, with a `php` that runs the stand-in's occ for the
                // space named by NEXTCLOUD_CONFIG_DIR, as Nextcloud's occ would.
                let dir = t.sim().dir.join("wrapper");
                std::fs::create_dir_all(&dir).unwrap();
                let php = dir.join("php");
                std::fs::write(
                    &php,
                    format!(
                        "#!/bin/sh\nshift\nslug=$(basename \"$(dirname \"$NEXTCLOUD_CONFIG_DIR\")\")\nexec {} occ --dir {} \"$slug\" \"$@\"\n",
                        t.sim().exe.display(),
                        t.sim().dir.display()
                    ),
                )
                .unwrap();
                chmod_x(&php);
                let wrapper =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/host/framaspace-occ");
                let template = format!(
                    "env FRAMASPACE_SPACE_USERS=0 FRAMASPACE_PHP={} FRAMASPACE_SPACES_DIR={} {} {{slug}}",
                    php.display(),
                    dir.display(),
                    wrapper.display()
                );
                let occ = Occ::new(
                    CommandTemplate::direct(&template).unwrap(),
                    "h",
                    SLUG,
                    Duration::from_secs(10),
                );
                // The wrapper runs occ only for a space that has its folder on the host.
                let missing = occ.run(&["status"], &[]).await.unwrap();
                assert_eq!(missing.code, 3, "{}", missing.stderr);
                assert!(missing.stderr.contains("no space"), "{}", missing.stderr);
                std::fs::create_dir_all(dir.join(SLUG).join("config")).unwrap();
                let uid = unique("ct-wrapper-");
                let password = Secret::new("Through-the-wrapper-password-1");
                occ.add_user(&uid, "Wanda Wrapper", None, &[], &password)
                    .await
                    .unwrap();
                assert_eq!(
                    t.ocs_as(&uid, password.expose()).me().await.unwrap().id,
                    uid
                );
                let bad = Occ::new(
                    CommandTemplate::direct(&template).unwrap(),
                    "h",
                    "../etc",
                    Duration::from_secs(10),
                );
                assert_eq!(
                    bad.run(&["status"], &[]).await.unwrap().code,
                    2,
                    "the wrapper refuses a path"
                );
            }
        ),
        case!(
            occ_arguments_survive_a_remote_shell,
            Needs::Sim,
            false,
            |t| {
                // A stand-in for ssh: joins its arguments into one shell line, as ssh does.
                let dir = t.sim().dir.join("fake-ssh");
                std::fs::create_dir_all(&dir).unwrap();
                let ssh = dir.join("ssh");
                std::fs::write(&ssh, "#!/bin/sh\nwhile [ \"${1#-}\" != \"$1\" ]; do shift; done\nshift\nexec sh -c \"$*\"\n").unwrap();
                chmod_x(&ssh);
                // autossh and an operator's own wrapper, each handing on to ssh.
                let autossh = dir.join("autossh");
                std::fs::write(
                    &autossh,
                    format!("#!/bin/sh\nshift 2\nexec {} \"$@\"\n", ssh.display()),
                )
                .unwrap();
                chmod_x(&autossh);
                let wrapper = dir.join("to-host");
                std::fs::write(
                    &wrapper,
                    format!("#!/bin/sh\nexec {} -T \"$@\"\n", ssh.display()),
                )
                .unwrap();
                chmod_x(&wrapper);
                let occ_part = format!(
                    "{{host}} {} occ --dir {} --stdin-env {{slug}}",
                    t.sim().exe.display(),
                    t.sim().dir.display()
                );
                // Whatever the program's name, the template's arguments are quoted (the
                // default): nothing says "ssh" where the program is not called ssh.
                let forms = [
                    format!("{} -T {occ_part}", ssh.display()),
                    format!("timeout 60 {} -T {occ_part}", ssh.display()),
                    format!("env {} -T {occ_part}", ssh.display()),
                    format!("{} -M 0 {occ_part}", autossh.display()),
                    format!("{} {occ_part}", wrapper.display()),
                ];
                let canary = t.sim().dir.join("pwned");
                let c = canary.display();
                let names = [
                    format!("Les $(touch {c}) d'à côté"),
                    format!("Les `touch {c}` amis"),
                    format!("A; touch {c}"),
                    format!("A | touch {c}"),
                    format!("\"quoted\" 'twice' && touch {c}"),
                    format!("Two\nlines; touch {c}"),
                ];
                for (f, template) in forms.iter().enumerate() {
                    let occ = Occ::new(
                        CommandTemplate::parse(template).unwrap(),
                        "nc-test-1",
                        SLUG,
                        Duration::from_secs(10),
                    );
                    for (n, name) in names.iter().enumerate() {
                        let uid = unique(&format!("ct-shell-{f}-{n}-"));
                        occ.add_user(
                            &uid,
                            name,
                            None,
                            &[],
                            &Secret::new("A-long-enough-password-7"),
                        )
                        .await
                        .unwrap_or_else(|e| panic!("{template} / {name:?}: {e}"));
                        assert!(!canary.exists(), "{template} ran {name:?}");
                        assert_eq!(
                            t.ocs().user(&uid).await.unwrap().unwrap().display_name,
                            *name,
                            "{template}: the name arrives as typed"
                        );
                    }
                }
                // A template for a local program that takes its arguments as they are.
                let direct = Occ::new(
                    CommandTemplate::new(
                        &format!(
                            "{} occ --dir {} --stdin-env {{slug}}",
                            t.sim().exe.display(),
                            t.sim().dir.display()
                        ),
                        Arguments::Direct,
                    )
                    .unwrap(),
                    "nc-test-1",
                    SLUG,
                    Duration::from_secs(10),
                );
                let uid = unique("ct-direct-");
                direct
                    .add_user(
                        &uid,
                        &names[0],
                        None,
                        &[],
                        &Secret::new("A-long-enough-password-7"),
                    )
                    .await
                    .unwrap();
                assert!(!canary.exists());
                assert_eq!(
                    t.ocs().user(&uid).await.unwrap().unwrap().display_name,
                    names[0]
                );
            }
        ),
        // -----------------------------------------------------------------------------------
        // The stand-in's knobs: faults, mail, usage, restarts.
        case!(
            a_host_down_is_unreachable_and_transient,
            Needs::Sim,
            false,
            |t| {
                t.sim()
                    .host
                    .set_faults(
                        None,
                        &Faults {
                            down: true,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let e = t.ocs().status().await.unwrap_err();
                assert!(matches!(e, NcError::Unreachable(_)), "{e:?}");
                assert!(e.is_transient());
                let e = t.occ().status().await.unwrap_err();
                assert!(matches!(e, NcError::Occ { code: 255, .. }), "{e:?}");
                assert!(e.is_transient());
                t.sim().host.set_faults(None, &Faults::default()).unwrap();
                t.sim()
                    .host
                    .set_faults(
                        Some(SLUG),
                        &Faults {
                            error_rate: 1.0,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let e = t.ocs().status().await.unwrap_err();
                assert_eq!(
                    e,
                    NcError::Unexpected {
                        status: 500,
                        excerpt: String::new()
                    }
                );
                assert!(e.is_transient());
                t.sim()
                    .host
                    .set_faults(
                        Some(SLUG),
                        &Faults {
                            hang: true,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let mut quick = t.access.clone();
                quick.timeout_secs = 1;
                assert_eq!(
                    Ocs::new(&quick, SLUG, None)
                        .unwrap()
                        .status()
                        .await
                        .unwrap_err(),
                    NcError::Timeout
                );
                assert_eq!(
                    quick.occ(SLUG).status().await.unwrap_err(),
                    NcError::Timeout
                );
                // Added latency longer than the caller's patience is a timeout too.
                t.sim()
                    .host
                    .set_faults(
                        None,
                        &Faults {
                            latency_ms: 2500,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                t.sim()
                    .host
                    .set_faults(Some(SLUG), &Faults::default())
                    .unwrap();
                assert_eq!(
                    Ocs::new(&quick, SLUG, None)
                        .unwrap()
                        .status()
                        .await
                        .unwrap_err(),
                    NcError::Timeout
                );
                assert_eq!(
                    quick.occ(SLUG).status().await.unwrap_err(),
                    NcError::Timeout
                );
                t.sim().host.set_faults(None, &Faults::default()).unwrap();
                assert!(t.ocs().status().await.is_ok());
            }
        ),
        case!(
            an_effect_whose_answer_was_lost_is_found_by_asking,
            Needs::Sim,
            false,
            |t| {
                // The change is saved, then the host pauses before answering; the caller gives
                // up (as a killed worker would). Asking Nextcloud finds the change.
                t.sim()
                    .host
                    .set_faults(
                        Some(SLUG),
                        &Faults {
                            pause_after_effect_ms: 3000,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let mut quick = t.access.clone();
                quick.timeout_secs = 1;
                let uid = unique("ct-lost-");
                let pw = Secret::new("A-long-enough-password-8");
                let e = quick
                    .occ(SLUG)
                    .add_user(&uid, "Lost Answer", None, &[], &pw)
                    .await
                    .unwrap_err();
                assert_eq!(e, NcError::Timeout);
                let ocs_quick = Ocs::new(
                    &quick,
                    SLUG,
                    Some(Auth::Basic {
                        user: ADMIN.into(),
                        password: t.admin_password.clone(),
                    }),
                )
                .unwrap();
                let uid2 = unique("ct-lost-");
                let e = ocs_quick
                    .create_user(&NewUser {
                        uid: &uid2,
                        password: Some(&pw),
                        ..NewUser::default()
                    })
                    .await
                    .unwrap_err();
                assert_eq!(e, NcError::Timeout);
                t.sim()
                    .host
                    .set_faults(Some(SLUG), &Faults::default())
                    .unwrap();
                assert!(t.ocs().user(&uid).await.unwrap().is_some());
                assert!(t.ocs().user(&uid2).await.unwrap().is_some());
            }
        ),
        case!(
            welcome_mails_are_written_where_a_test_reads_them,
            Needs::Sim,
            false,
            |t| {
                let uid = unique("ct-mail-");
                t.ocs()
                    .create_user(&NewUser {
                        uid: &uid,
                        email: Some("referente@example.org"),
                        display_name: Some("Rosa Référente"),
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                let mails = t.sim().host.mails(SLUG);
                let m = mails
                    .iter()
                    .find(|m| m.to == "referente@example.org")
                    .expect("a welcome mail");
                assert_eq!(m.subject, "Your Nextcloud account was created");
                assert!(
                    m.body.contains("/index.php/lostpassword/reset/form/"),
                    "{}",
                    m.body
                );
                assert!(m.body.contains(&format!("/{uid}\n")));
                assert_eq!(
                    t.ocs()
                        .create_user(&NewUser {
                            uid: "ct-nomail",
                            ..NewUser::default()
                        })
                        .await,
                    Err(NcError::EmailRequired)
                );
                t.ocs().welcome(&uid).await.unwrap();
                assert_eq!(t.sim().host.mails(SLUG).len(), mails.len() + 1);
            }
        ),
        case!(usage_per_user_adds_up_for_a_space, Needs::Sim, false, |t| {
            for (i, bytes) in [(1, 1_000_000i64), (2, 2_500_000)] {
                let uid = format!("ct-usage-{i}");
                let pw = "A-long-enough-password-9";
                user_with_password(&t, &uid, pw).await;
                web_login(&t, &uid, pw).await;
                assert!(t.sim().host.set_usage(SLUG, &uid, bytes).unwrap());
            }
            let page = t.ocs().users_details(100, 0).await.unwrap();
            let total: i64 = page.iter().map(|u| u.used).sum();
            assert_eq!(total, 3_500_000);
            assert_eq!(t.ocs().users_details(1, 1).await.unwrap().len(), 1);
        }),
        case!(state_survives_a_restart, Needs::Sim, false, |t| {
            let uid = unique("ct-restart-");
            user_with_password(&t, &uid, "A-long-enough-password-10").await;
            let dir = t.sim().dir.clone();
            let again = Host::start(
                &dir,
                HostConfig {
                    name: "ignored".into(),
                    domain: "ignored".into(),
                    version: Version::V34,
                    default_space: None,
                    sites: false,
                    apps_not_installed: Vec::new(),
                },
                "127.0.0.1:0",
            )
            .await
            .unwrap();
            assert_eq!(
                again.config.domain, "nc.test",
                "the host keeps its settings"
            );
            let mut access = t.access.clone();
            access.port = Some(again.addr.port());
            access.connect_to = Some(again.addr);
            let ocs = Ocs::new(
                &access,
                SLUG,
                Some(Auth::Basic {
                    user: ADMIN.into(),
                    password: t.admin_password.clone(),
                }),
            )
            .unwrap();
            assert!(ocs.user(&uid).await.unwrap().is_some());
        }),
        case!(hostile_values_stay_text, Needs::Http, false, |t| {
            let uid = unique("ct-hostile-");
            user_with_password(&t, &uid, "A-long-enough-password-11").await;
            for value in [
                "<script>alert(1)</script>",
                "a\r\nX-Injected: 1",
                "\u{202e}gnp.exe",
                &"x".repeat(50_000),
            ] {
                t.ocs().edit_user(&uid, "displayname", value).await.unwrap();
                assert_eq!(
                    t.ocs().user(&uid).await.unwrap().unwrap().display_name,
                    value
                );
            }
            let raw = t
                .admin_raw(
                    "GET",
                    &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                    &[],
                )
                .await;
            assert!(!raw.body.contains('<'), "JSON_HEX_TAG");
            let bad = t
                .ocs()
                .create_user(&NewUser {
                    uid: "bad/uid",
                    password: Some(&Secret::new("A-long-enough-password-12")),
                    ..NewUser::default()
                })
                .await;
            assert!(matches!(bad, Err(NcError::InvalidArgument(_))), "{bad:?}");
        }),
    ]
}
