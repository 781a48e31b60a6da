//! The `oauth2` app (§5, §8 trap 8), maintenance on its routes (§8b.1), clients deleted by
//! name (§8b.4), and strict password confirmation (§8b.8).

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![
        case!(
            trap8_the_token_endpoint_answers_400_with_an_error_word,
            Needs::Http,
            false,
            |t| {
                let post = |form: Vec<(&'static str, &'static str)>| {
                    let t = t.clone();
                    async move {
                        t.raw(
                            "POST",
                            "/index.php/apps/oauth2/api/v1/token",
                            None,
                            &[],
                            &form,
                        )
                        .await
                    }
                };
                let r = post(vec![("grant_type", "password")]).await;
                assert_eq!(
                    (r.status, r.json()["error"].as_str()),
                    (400, Some("invalid_grant"))
                );
                let r = post(vec![
                    ("grant_type", "authorization_code"),
                    ("code", "nope"),
                    ("client_id", "x"),
                    ("client_secret", "y"),
                ])
                .await;
                assert_eq!(
                    (r.status, r.json()["error"].as_str()),
                    (400, Some("invalid_request"))
                );
            }
        ),
        case!(
            trap8_oauth_client_errors_codes_refresh_and_redirects,
            Needs::Sim,
            true,
            |t| {
                let redirect = "https://portal.example/auth/nextcloud/callback";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                assert!(oauth.client_registered().await.unwrap());
                let stranger =
                    OAuth::new(&t.access, &t.slug, "unknown-client", &secret, redirect).unwrap();
                assert!(!stranger.client_registered().await.unwrap());
                let uid = unique("ct-oauth-");
                let pw = "A-long-enough-password-4";
                t.ocs()
                    .create_user(&NewUser {
                        uid: &uid,
                        password: Some(&Secret::new(pw)),
                        display_name: Some("Odile Auth"),
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                // The redirect URI the client asks for is ignored: the registered one is used.
                let auth = oauth.authorize();
                let asked = auth
                    .url
                    .replace(&enc(redirect), &enc("https://evil.example/steal"));
                let back = browser_grant(&t, &asked, &uid, pw).await;
                assert!(back.starts_with(redirect), "{back}");
                assert!(back.contains(&format!("state={}", auth.state)));
                let code = query_value(&back, "code").unwrap();
                assert_eq!(code.len(), 128);
                // A wrong secret: invalid_client, as HTTP 400.
                let wrong = OAuth::new(
                    &t.access,
                    &t.slug,
                    &client_id,
                    &Secret::new("wrong"),
                    redirect,
                )
                .unwrap();
                assert_eq!(
                    wrong.exchange(&code, &auth.verifier).await.unwrap_err(),
                    NcError::OAuth("invalid_client".into())
                );
                let tokens = oauth.exchange(&code, &auth.verifier).await.unwrap();
                assert_eq!(tokens.user_id, uid);
                assert_eq!(tokens.expires_in, Duration::from_secs(3600));
                assert_eq!(tokens.access.expose().len(), 72);
                // A code is single-use.
                assert_eq!(
                    oauth.exchange(&code, &auth.verifier).await.unwrap_err(),
                    NcError::OAuth("invalid_request".into())
                );
                let me = oauth.identity(&tokens.access).await.unwrap();
                assert_eq!(
                    (me.id.as_str(), me.display_name.as_str()),
                    (uid.as_str(), "Odile Auth")
                );
                // A refresh rotates both tokens; the old refresh token is spent, the old access
                // token revoked.
                let next = oauth.refresh(&tokens.refresh).await.unwrap();
                assert_ne!(next.access.expose(), tokens.access.expose());
                assert_eq!(
                    oauth.refresh(&tokens.refresh).await.unwrap_err(),
                    NcError::OAuth("invalid_request".into())
                );
                assert_eq!(
                    oauth.identity(&tokens.access).await.unwrap_err(),
                    NcError::NotLoggedIn
                );
                assert_eq!(oauth.identity(&next.access).await.unwrap().id, uid);
                // A Bearer token needs no OCS-APIRequest header (§1.4).
                let r = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/user?format=json",
                        None,
                        &[("Authorization", &format!("Bearer {}", next.access.expose()))],
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 200);
            }
        ),
        case!(
            trap8_codes_last_600_s_tokens_3600_s_and_secrets_may_come_in_the_body,
            Needs::Sim,
            false,
            |t| {
                let redirect = "https://portal.example/cb";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let uid = unique("ct-ttl-");
                let pw = "A-long-enough-password-18";
                user_with_password(&t, &uid, pw).await;
                // A code older than 600 s is refused.
                let auth = oauth.authorize();
                let code =
                    query_value(&browser_grant(&t, &auth.url, &uid, pw).await, "code").unwrap();
                t.sim()
                    .host
                    .store
                    .update(SLUG, |i| {
                        i.oauth_grants
                            .iter_mut()
                            .for_each(|g| g.code_created -= 601)
                    })
                    .unwrap();
                assert_eq!(
                    oauth.exchange(&code, &auth.verifier).await.unwrap_err(),
                    NcError::OAuth("invalid_request".into())
                );
                // Client authentication in the body (client_secret_post) works as Basic does.
                let auth = oauth.authorize();
                let code =
                    query_value(&browser_grant(&t, &auth.url, &uid, pw).await, "code").unwrap();
                let form = [
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("client_id", client_id.as_str()),
                    ("client_secret", secret.expose()),
                    ("code_verifier", auth.verifier.expose()),
                    ("redirect_uri", redirect),
                ];
                let r = t
                    .raw(
                        "POST",
                        "/index.php/apps/oauth2/api/v1/token",
                        None,
                        &[],
                        &form,
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let j = r.json();
                assert_eq!(
                    (
                        j["token_type"].as_str(),
                        j["expires_in"].as_i64(),
                        j["user_id"].as_str()
                    ),
                    (Some("Bearer"), Some(3600), Some(uid.as_str()))
                );
                let access = Secret::new(j["access_token"].as_str().unwrap());
                assert_eq!(oauth.identity(&access).await.unwrap().id, uid);
                // An access token older than 3600 s no longer logs in.
                t.sim()
                    .host
                    .store
                    .update(SLUG, |i| {
                        i.tokens
                            .iter_mut()
                            .for_each(|tk| tk.expires = tk.expires.map(|e| e - 3601))
                    })
                    .unwrap();
                assert_eq!(
                    oauth.identity(&access).await.unwrap_err(),
                    NcError::NotLoggedIn
                );
            }
        ),
        case!(
            trap8_pkce_is_checked_on_35_and_ignored_on_34,
            Needs::Sim,
            true,
            |t| {
                let redirect = "https://portal.example/cb";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let uid = unique("ct-pkce-");
                let pw = "A-long-enough-password-5";
                user_with_password(&t, &uid, pw).await;
                let auth = oauth.authorize();
                let code =
                    query_value(&browser_grant(&t, &auth.url, &uid, pw).await, "code").unwrap();
                let other_verifier = Secret::new("a".repeat(43));
                let r = oauth.exchange(&code, &other_verifier).await;
                if t.major >= 35 {
                    assert_eq!(r.unwrap_err(), NcError::OAuth("invalid_grant".into()));
                    assert!(oauth.exchange(&code, &auth.verifier).await.is_ok());
                    // A challenge without S256 is refused at the authorize step.
                    let plain = auth
                        .url
                        .replace("code_challenge_method=S256", "code_challenge_method=plain");
                    let back = browser_grant_expect_redirect(&t, &plain).await;
                    assert!(back.contains("error=invalid_request"), "{back}");
                } else {
                    assert!(r.is_ok(), "34 has no PKCE: the verifier is not checked");
                }
            }
        ),
        case!(
            trap8_nothing_is_granted_without_the_consent_click,
            Needs::Sim,
            false,
            |t| {
                let redirect = "https://portal.example/cb";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let auth = oauth.authorize();
                let client = t.access.http_client().unwrap();
                let r = client.get(&auth.url).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 303);
                let location = r.headers()["location"].to_str().unwrap().to_string();
                assert!(location.contains("/login/flow"), "{location}");
                let cookie = r.headers()["set-cookie"]
                    .to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string();
                // Not logged in: the flow sends the person to the login page, never to the client.
                let r = client
                    .get(t.url(&location))
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .unwrap();
                assert!(r.headers()["location"]
                    .to_str()
                    .unwrap()
                    .contains("/index.php/login?"));
                // A grant POST without the page's request token is refused.
                let r = client
                    .post(t.url("/index.php/login/flow"))
                    .header("cookie", &cookie)
                    .form(&[("clientIdentifier", client_id.as_str())])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                assert!(r.headers().get("location").is_none());
            }
        ),
        case!(
            maintenance_covers_the_oauth2_endpoints_and_a_refresh_waits_for_its_end,
            Needs::Occ,
            true,
            |t| {
                // §8b.1: the index.php routes answer 503 with the maintenance header too.
                let redirect = "https://portal.example/auth/nextcloud/callback";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let uid = unique("ct-maint-");
                let pw = "A-long-enough-password-19";
                user_with_password(&t, &uid, pw).await;
                let auth = oauth.authorize();
                let back = browser_grant(&t, &auth.url, &uid, pw).await;
                let code = query_value(&back, "code").unwrap();
                let tokens = oauth.exchange(&code, &auth.verifier).await.unwrap();
                let occ = t.occ();
                occ.maintenance(true).await.unwrap();
                let refresh = oauth.refresh(&tokens.refresh).await;
                let probe = oauth.client_registered().await;
                let page = t
                    .raw("GET", "/index.php/apps/oauth2/authorize", None, &[], &[])
                    .await;
                occ.maintenance(false).await.unwrap();
                assert_eq!(
                    (page.status, page.header("x-nextcloud-maintenance-mode")),
                    (503, Some("1"))
                );
                let refused = refresh.unwrap_err();
                assert_eq!(refused, NcError::Maintenance);
                assert!(refused.is_transient(), "a refresh is tried again later");
                assert_eq!(
                    probe.unwrap_err(),
                    NcError::Maintenance,
                    "never \"unknown client\""
                );
                // The refresh token was not spent: once maintenance ends, it works.
                let next = oauth.refresh(&tokens.refresh).await.unwrap();
                assert_eq!(oauth.identity(&next.access).await.unwrap().id, uid);
            }
        ),
        case!(
            deleting_a_client_revokes_the_tokens_of_every_client_of_its_name,
            Needs::Occ,
            true,
            |t| {
                // §8b.4: ClientService::deleteClient deletes the app tokens by the client's
                // name. Two clients of one name, a token each; one deleted by its id.
                let redirect = "https://portal.example/auth/nextcloud/callback";
                let uid = unique("ct-twins-");
                let pw = "A-long-enough-password-5";
                user_with_password(&t, &uid, pw).await;
                let mut granted = Vec::new();
                for _ in 0..2 {
                    let (client_id, secret) = register_client(&t, redirect).await;
                    let oauth =
                        OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                    let auth = oauth.authorize();
                    let back = browser_grant(&t, &auth.url, &uid, pw).await;
                    let code = query_value(&back, "code").unwrap();
                    let tokens = oauth.exchange(&code, &auth.verifier).await.unwrap();
                    assert_eq!(oauth.identity(&tokens.access).await.unwrap().id, uid);
                    granted.push((client_id, oauth, tokens.access));
                }
                let listed = t.ocs().oauth_clients().await.unwrap();
                let first = listed.iter().find(|c| c.client_id == granted[0].0).unwrap();
                t.ocs().delete_oauth_client(first.id).await.unwrap();
                let (_, other, access) = &granted[1];
                assert!(
                    other.client_registered().await.unwrap(),
                    "the other client stays"
                );
                assert_eq!(
                    other.identity(access).await.unwrap_err(),
                    NcError::NotLoggedIn,
                    "but its token went with its namesake's"
                );
            }
        ),
        case!(
            enabling_an_app_asks_the_login_password_itself,
            Needs::Occ,
            true,
            |t| {
                // §8b.8: strict password confirmation; an app password is refused.
                let token = t.occ().app_password(&t.admin).await.unwrap();
                let enable = "/ocs/v2.php/cloud/apps/weather_status?format=json";
                let headers = [("OCS-APIRequest", "true")];
                let r = t
                    .raw(
                        "POST",
                        enable,
                        Some((t.admin.as_str(), token.expose())),
                        &headers,
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 403, "{}", r.body);
                let r = t.admin_raw("POST", enable, &[]).await;
                assert_eq!(r.status, 200, "{}", r.body);
                if t.major >= 35 {
                    let form = [
                        ("name", "ct-strict"),
                        ("redirectUri", "https://example.org/cb"),
                    ];
                    let r = t
                        .raw(
                            "POST",
                            "/index.php/apps/oauth2/clients",
                            Some((t.admin.as_str(), token.expose())),
                            &headers,
                            &form,
                        )
                        .await;
                    assert_eq!(r.status, 403, "{}", r.body);
                }
            }
        ),
    ]
}
