//! Trusted servers (§6 federation): the OCS routes an admin calls to list, add and remove
//! them, the check of `status.php` before adding, and, on the stand-in, the exchange of
//! secrets between two instances that trust each other and the address-book sync that
//! turns them ok.

use backend::nextcloud::federation::{same_server, Added, STATUS_OK};

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!(
            trusted_servers_are_listed_added_after_a_check_and_removed_by_admins,
            Needs::Http,
            true,
            |t| {
                let ocs = t.ocs();
                let before = ocs.trusted_servers().await.unwrap().expect("offered");
                // An address that does not answer as a Nextcloud: 404, nothing added.
                let nowhere = format!("https://{}.invalid", unique("ct-nowhere-"));
                assert_eq!(
                    ocs.add_trusted_server(&nowhere).await.unwrap(),
                    Added::NotNextcloud
                );
                let raw = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/apps/federation/trusted-servers?format=json",
                        &[("url", &nowhere)],
                    )
                    .await;
                assert_eq!(raw.status, 404, "{}", raw.body);
                assert_eq!(
                    raw.json()["ocs"]["meta"]["message"],
                    "No server to federate with found"
                );
                assert_eq!(ocs.trusted_servers().await.unwrap().unwrap(), before);
                // An unknown id: 404, read as nothing removed.
                assert!(!ocs.remove_trusted_server(987_654_321).await.unwrap());
                // The list's shape: an array of {url, id, status}, never the secret.
                let raw = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/apps/federation/trusted-servers?format=json",
                        &[],
                    )
                    .await;
                assert_eq!(raw.status, 200, "{}", raw.body);
                assert!(raw.json()["ocs"]["data"].is_array(), "{}", raw.body);
                assert!(!raw.body.contains("secret"));
                // Not an admin: 403, before anything is checked.
                let user = unique("ct-fed-");
                let password = "A-long-password-for-this-user-42";
                ocs.create_user(&NewUser {
                    uid: &user,
                    password: Some(&Secret::new(password)),
                    display_name: None,
                    email: None,
                    groups: &[],
                    quota: None,
                    language: None,
                })
                .await
                .unwrap();
                let raw = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/apps/federation/trusted-servers?format=json",
                        Some((&user, password)),
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!(raw.status, 403, "{}", raw.body);
                ocs.delete_user(&user).await.unwrap();
            }
        ),
        case!(
            two_instances_that_trust_each_other_exchange_keys_and_turn_ok_at_the_sync,
            Needs::Sim,
            true,
            |t| {
                // A second instance on the stand-in's host.
                let other = "asso-b";
                assert!(install(&t.access.occ(other), &t.admin_password).await);
                let ours = t.ocs();
                let ocs_of = |slug: &str| {
                    Ocs::new(
                        &t.access,
                        slug,
                        Some(Auth::Basic {
                            user: t.admin.clone(),
                            password: t.admin_password.clone(),
                        }),
                    )
                    .unwrap()
                };
                let theirs = ocs_of(other);
                let (our_url, their_url) = (t.url(""), t.access.base_url(other));
                for (ocs, slug) in [(&ours, SLUG), (&theirs, other)] {
                    t.access
                        .occ(slug)
                        .ok(
                            &[
                                "config:system:set",
                                "overwrite.cli.url",
                                "--value",
                                &t.access.base_url(slug),
                            ],
                            &[],
                        )
                        .await
                        .unwrap();
                    assert_eq!(ocs.trusted_servers().await.unwrap(), Some(Vec::new()));
                }
                // Trusted one way: pending, and the sync changes nothing.
                assert_eq!(
                    ours.add_trusted_server(&their_url).await.unwrap(),
                    Added::Trusted
                );
                let status = |ocs: Ocs, url: String| async move {
                    ocs.trusted_servers()
                        .await
                        .unwrap()
                        .unwrap()
                        .into_iter()
                        .find(|s| same_server(&s.url, &url))
                        .map(|s| s.status)
                };
                t.occ().sync_addressbooks().await.unwrap();
                assert_eq!(status(t.ocs(), their_url.clone()).await, Some(2));
                // Again: 409, read as trusted.
                let raw = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/apps/federation/trusted-servers?format=json",
                        &[("url", &their_url)],
                    )
                    .await;
                assert_eq!(raw.status, 409, "{}", raw.body);
                // Both ways: the keys are exchanged; ok only after each side's sync.
                theirs.add_trusted_server(&our_url).await.unwrap();
                assert_eq!(status(t.ocs(), their_url.clone()).await, Some(2));
                t.occ().sync_addressbooks().await.unwrap();
                t.access.occ(other).sync_addressbooks().await.unwrap();
                assert_eq!(status(t.ocs(), their_url.clone()).await, Some(STATUS_OK));
                assert_eq!(
                    status(ocs_of(other), our_url.clone()).await,
                    Some(STATUS_OK)
                );
                // Removed on one side: the other's next sync finds its access revoked.
                let id = ours
                    .trusted_servers()
                    .await
                    .unwrap()
                    .unwrap()
                    .into_iter()
                    .find(|s| same_server(&s.url, &their_url))
                    .unwrap()
                    .id;
                assert!(ours.remove_trusted_server(id).await.unwrap());
                assert_eq!(status(t.ocs(), their_url.clone()).await, None);
                t.access.occ(other).sync_addressbooks().await.unwrap();
                assert_eq!(status(theirs, our_url).await, Some(4));
                // The app off: no routes (998), which the driver reads as "not offered".
                t.occ()
                    .ok(&["app:disable", "federation"], &[])
                    .await
                    .unwrap();
                assert_eq!(t.ocs().trusted_servers().await.unwrap(), None);
                assert!(matches!(
                    t.ocs().add_trusted_server(&their_url).await,
                    Err(NcError::NotFound)
                ));
            }
        ),
    ]
}
