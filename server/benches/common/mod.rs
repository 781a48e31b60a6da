//! What the server's benches share: the real server (production mode) on loopback, a
//! stand-in Nextcloud host in this process, an application approved and its space
//! provisioned through the real queue and steps, and its referent logged in by the mailed
//! link as a browser without JavaScript does; and how a case's latencies are summed up.

use backend::Ctx;
use nextcloud_sim::Version;
use server::config::{Config, Mode};
use server::{http, AppState};
use testkit::hosts::StandIn;

/// A space ready to be measured.
pub struct Bench {
    pub base: String,
    pub client: reqwest::Client,
    /// The referent's session.
    pub cookie: String,
    pub ctx: Ctx,
    pub pool: sqlx::PgPool,
    pub host: nextcloud_sim::Host,
    pub slug: String,
    pub space_id: i64,
}

/// The value at `percentile` of `sorted` milliseconds.
pub fn at(sorted: &[f64], percentile: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((percentile / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The server and a provisioned space on host `host_name`, in database `db` (recreated);
/// `tweak` changes the server's settings first.
pub async fn space(
    db: &str,
    host_name: &str,
    connections: usize,
    tweak: impl FnOnce(&mut Config),
) -> Bench {
    let pool = testkit::database::fresh_database(db, 20).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let mut config = Config::default();
    config.server.mode = Mode::Production;
    config.site.public_url = base.clone();
    config.secret_key = Some(backend::Secret::new(
        "bench-secret-bench-secret-bench-secret-0123",
    ));
    config.mail.file_dir =
        std::env::temp_dir().join(format!("framaspace-bench-{db}-mail-{}", std::process::id()));
    tweak(&mut config);
    let state = AppState::new(config, pool.clone());
    let ctx = state.ctx.clone();
    tokio::spawn(http::serve(
        listener,
        http::router(state.clone()),
        std::future::pending(),
    ));
    let host = StandIn::new(host_name, Version::V35).start(&ctx).await;
    testkit::applicants::open(&ctx).await;
    let (space_id, slug) = testkit::hosts::approved(&ctx, "collabora").await;
    testkit::hosts::drain(&ctx).await.unwrap();

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(connections)
        .build()
        .unwrap();
    let asked = client
        .post(format!("{base}/espace/connexion/lien"))
        .header("origin", &base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("address={slug}"))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 303, "the login link was not sent");
    let mail: String = sqlx::query_scalar(
        "select body_text from mail_outbox where kind = 'referent-login' order by id desc limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let at = mail.find("/espace/connexion/lien/").unwrap();
    let link = mail[at..].split_whitespace().next().unwrap();
    let opened = client
        .post(format!("{base}{link}"))
        .header("origin", &base)
        .send()
        .await
        .unwrap();
    let cookie = opened
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    Bench {
        base,
        client,
        cookie,
        ctx,
        pool,
        host,
        slug,
        space_id,
    }
}
