//! The fleet against a real PostgreSQL: hosts checked before anything is written, and the
//! placement of new spaces (most room first, draining hosts and full ones skipped, storage
//! counted, never past capacity with many workers at once).

use backend::accounts::Admin;
use backend::provisioning::fleet::{self, HostError, HostState, NewHost};
use backend::Secret;
use common::states::SpaceState;
use sqlx::PgPool;
use testkit::ctx;

/// A change to the usual host.
type Edit = Box<dyn Fn(&mut NewHost)>;

fn host(name: &str, spaces: i32, storage: &str) -> NewHost {
    NewHost {
        name: name.into(),
        occ_template: "ssh -T {host} sudo -u www-data /usr/local/bin/framaspace-occ {slug}".into(),
        host_script: Some("ssh -T {host} sudo /usr/local/sbin/framaspace-host {slug}".into()),
        ocs_url: "https://{slug}.frama.space".into(),
        nextcloud_version: 35,
        database_server: "db1.internal:5432".into(),
        office_url: Some("https://office.frama.space".into()),
        office_secret: Some(Secret::new("wopi-secret")),
        capacity_spaces: spaces,
        capacity_bytes: fleet::parse_bytes(storage).unwrap(),
        max_parallel: 2,
        connect_to: None,
        direct_arguments: false,
    }
}

async fn space(pool: &PgPool, slug: &str) -> i64 {
    sqlx::query_scalar("insert into spaces (slug, office) values ($1, 'collabora') returning id")
        .bind(slug)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn place(pool: &PgPool, id: i64) -> Option<String> {
    let mut tx = pool.begin().await.unwrap();
    let h = fleet::place(&mut tx, id).await.unwrap();
    tx.commit().await.unwrap();
    match h {
        Some(h) => sqlx::query_scalar("select name from hosts where id = $1")
            .bind(h)
            .fetch_one(pool)
            .await
            .unwrap(),
        None => None,
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_host_is_checked_before_anything_is_written(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    let long = "x".repeat(50_000);
    let cases: Vec<(&str, Edit)> = vec![
        ("name", Box::new(|h| h.name = "<b>nc1</b>".into())),
        ("name", Box::new(|h| h.name = "nc1\r\nX: y".into())),
        (
            "occ",
            Box::new(|h| h.occ_template = "ssh {host} occ".into()),
        ),
        (
            "occ",
            Box::new(move |h| h.occ_template = format!("{long} {{slug}}")),
        ),
        (
            "occ",
            Box::new(|h| h.occ_template = "ssh {host}\nrm -rf / {slug}".into()),
        ),
        (
            "host-script",
            Box::new(|h| h.host_script = Some("ssh {host} framaspace-host".into())),
        ),
        (
            "host-script",
            Box::new(|h| h.host_script = Some("<b>{slug}</b>\r\n".into())),
        ),
        (
            "ocs-url",
            Box::new(|h| h.ocs_url = "https://frama.space".into()),
        ),
        (
            "ocs-url",
            Box::new(|h| h.ocs_url = "javascript:{slug}".into()),
        ),
        ("version", Box::new(|h| h.nextcloud_version = 27)),
        (
            "database",
            Box::new(|h| h.database_server = "db1\u{0}".into()),
        ),
        (
            "office-url",
            Box::new(|h| h.office_url = Some("https://office\r\n.example".into())),
        ),
        ("spaces", Box::new(|h| h.capacity_spaces = 0)),
        ("storage", Box::new(|h| h.capacity_bytes = 0)),
        ("parallel", Box::new(|h| h.max_parallel = 65)),
    ];
    for (field, edit) in cases {
        let mut h = host("nc1.frama.space", 10, "1 TB");
        edit(&mut h);
        match fleet::add_host(&ctx, &admin, &h).await {
            Err(HostError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(
        fleet::hosts(&ctx, &admin).await.unwrap().is_empty(),
        "nothing half-written"
    );
    fleet::add_host(&ctx, &admin, &host("nc1.frama.space", 10, "1 TB"))
        .await
        .unwrap();
    assert!(matches!(
        fleet::add_host(&ctx, &admin, &host("nc1.frama.space", 10, "1 TB")).await,
        Err(HostError::Exists(_))
    ));
    let stored: Vec<u8> = sqlx::query_scalar("select office_secret from hosts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&stored).contains("wopi-secret"),
        "sealed at rest"
    );
    let h = fleet::host(&ctx, &admin, "nc1.frama.space")
        .await
        .unwrap()
        .unwrap();
    let access = h.access().unwrap();
    assert_eq!(access.base_url("mon-asso"), "https://mon-asso.frama.space");
    assert_eq!(access.connect_to, None);
    let mut private = host("nc2.frama.space", 10, "1 TB");
    private.connect_to = Some("10.0.0.7:443".parse().unwrap());
    fleet::add_host(&ctx, &admin, &private).await.unwrap();
    let h = fleet::host(&ctx, &admin, "nc2.frama.space")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        h.access().unwrap().connect_to,
        Some("10.0.0.7:443".parse().unwrap())
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_new_space_goes_to_the_active_host_with_the_most_room(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    fleet::add_host(&ctx, &admin, &host("a.frama.space", 3, "1 TB"))
        .await
        .unwrap();
    fleet::add_host(&ctx, &admin, &host("b.frama.space", 5, "1 TB"))
        .await
        .unwrap();
    fleet::add_host(&ctx, &admin, &host("c.frama.space", 100, "10 TB"))
        .await
        .unwrap();
    assert!(
        fleet::set_state(&ctx, &admin, "c.frama.space", HostState::Draining)
            .await
            .unwrap()
    );
    assert!(
        !fleet::set_state(&ctx, &admin, "nowhere", HostState::Draining)
            .await
            .unwrap()
    );
    let mut order = Vec::new();
    for i in 0..9 {
        let id = space(&pool, &format!("asso-{i}")).await;
        order.push(place(&pool, id).await);
    }
    let names: Vec<&str> = order.iter().map(|h| h.as_deref().unwrap_or("-")).collect();
    // b (5 free), b (4), then a and b take turns by free places, a first on a tie (older).
    assert_eq!(
        names,
        [
            "b.frama.space",
            "b.frama.space",
            "a.frama.space",
            "b.frama.space",
            "a.frama.space",
            "b.frama.space",
            "a.frama.space",
            "b.frama.space",
            "-"
        ]
    );
    // The last one waits until a host has room: here, when c becomes active again.
    let waiting: i64 = sqlx::query_scalar("select id from spaces where slug = 'asso-8'")
        .fetch_one(&pool)
        .await
        .unwrap();
    fleet::set_state(&ctx, &admin, "c.frama.space", HostState::Active)
        .await
        .unwrap();
    assert_eq!(
        place(&pool, waiting).await.as_deref(),
        Some("c.frama.space")
    );
    assert_eq!(
        place(&pool, waiting).await.as_deref(),
        Some("c.frama.space"),
        "a placed space keeps its host"
    );
    let hosts = fleet::hosts(&ctx, &admin).await.unwrap();
    let counts: Vec<(String, i64)> = hosts.iter().map(|h| (h.name.clone(), h.spaces)).collect();
    assert_eq!(
        counts,
        [
            ("a.frama.space".into(), 3),
            ("b.frama.space".into(), 5),
            ("c.frama.space".into(), 1)
        ]
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn storage_counts_as_room_too(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    // 100 GiB holds two spaces of 40 GiB, not three.
    fleet::add_host(&ctx, &admin, &host("small.frama.space", 50, "100 GB"))
        .await
        .unwrap();
    let mut placed = Vec::new();
    for i in 0..3 {
        let id = space(&pool, &format!("big-{i}")).await;
        placed.push(place(&pool, id).await.is_some());
    }
    assert_eq!(placed, [true, true, false]);
    let h = fleet::host(&ctx, &admin, "small.frama.space")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(h.reserved_bytes, 2 * (40i64 << 30));
}

/// Each host's counters against a count of its spaces, after every kind of change.
async fn assert_counters_hold(pool: &PgPool, after: &str) {
    let wrong: Vec<(String, i32, i64, i64, i64)> = sqlx::query_as(
        "select h.name, h.spaces_placed, h.bytes_placed, count(s.id),
                coalesce(sum(s.quota_bytes), 0)::bigint
         from hosts h left join spaces s on s.host_id = h.id and s.state <> $1
         group by h.id
         having h.spaces_placed <> count(s.id)
             or h.bytes_placed <> coalesce(sum(s.quota_bytes), 0)",
    )
    .bind(SpaceState::Deleted)
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(wrong.is_empty(), "after {after}: {wrong:?}");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn each_hosts_counters_follow_its_spaces(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    for name in ["a.frama.space", "b.frama.space"] {
        fleet::add_host(&ctx, &admin, &host(name, 10, "10 TB"))
            .await
            .unwrap();
    }
    let mut ids = Vec::new();
    for i in 0..4 {
        let id = space(&pool, &format!("count-{i}")).await;
        place(&pool, id).await.unwrap();
        ids.push(id);
    }
    assert_counters_hold(&pool, "placing").await;
    let state = "update spaces set state = $2 where id = $1";
    let changes = [
        (
            "a state that keeps the space",
            state,
            Some(SpaceState::Active),
        ),
        (
            "a bigger quota",
            "update spaces set quota_bytes = quota_bytes * 2 where id = $1",
            None,
        ),
        (
            "a move to the other host",
            "update spaces set host_id = (select id from hosts where id <> host_id limit 1)
             where id = $1",
            None,
        ),
        (
            "no host",
            "update spaces set host_id = null where id = $1",
            None,
        ),
        ("a deletion", state, Some(SpaceState::Deleted)),
    ];
    for (what, sql, new_state) in changes {
        for &id in &ids[..2] {
            let query = sqlx::query(sql).bind(id);
            let query = match new_state {
                Some(s) => query.bind(s),
                None => query,
            };
            query.execute(&pool).await.unwrap();
        }
        assert_counters_hold(&pool, what).await;
    }
    sqlx::query("delete from spaces where id = $1")
        .bind(ids[3])
        .execute(&pool)
        .await
        .unwrap();
    assert_counters_hold(&pool, "a row deleted").await;
    let placed: i64 = sqlx::query_scalar("select sum(spaces_placed) from hosts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(placed, 1, "the one space left placed and not deleted");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn placements_never_overfill_a_host_with_many_workers(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    fleet::add_host(&ctx, &admin, &host("p.frama.space", 10, "10 TB"))
        .await
        .unwrap();
    fleet::add_host(&ctx, &admin, &host("q.frama.space", 10, "10 TB"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(space(&pool, &format!("rush-{i}")).await);
    }
    let mut tasks = Vec::new();
    for chunk in ids.chunks(4) {
        let (pool, chunk) = (pool.clone(), chunk.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut placed = 0;
            for id in chunk {
                placed += usize::from(place(&pool, id).await.is_some());
            }
            placed
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    assert_eq!(total, 20);
    for h in fleet::hosts(&ctx, &admin).await.unwrap() {
        assert_eq!(h.spaces, 10, "{}", h.name);
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_host_runs_at_most_its_parallel_steps_whatever_the_workers(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    let mut h = host("busy.frama.space", 10, "1 TB");
    h.max_parallel = 2;
    let id = fleet::add_host(&ctx, &admin, &h).await.unwrap();
    let lease = std::time::Duration::from_secs(60);
    // Eight workers ask at once: two get a slot.
    let mut tasks = Vec::new();
    for w in 0..8 {
        let ctx = ctx.clone();
        tasks.push(tokio::spawn(async move {
            fleet::take_slot(&ctx, id, &format!("worker-{w}"), lease)
                .await
                .unwrap()
        }));
    }
    let mut held = Vec::new();
    for t in tasks {
        if let Some(s) = t.await.unwrap() {
            held.push(s);
        }
    }
    assert_eq!(held.len(), 2);
    assert_ne!(held[0].slot, held[1].slot);
    // Asking again renews one's own slot rather than taking another.
    let again = fleet::take_slot(&ctx, id, &held[0].holder, lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, held[0]);
    assert_eq!(
        fleet::take_slot(&ctx, id, "late", lease).await.unwrap(),
        None
    );
    // A slot given back is free for the next one.
    assert!(fleet::release_slot(&ctx, &held[0]).await.unwrap());
    let next = fleet::take_slot(&ctx, id, "late", lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.slot, held[0].slot);
    // A holder that died: its lease lapses and the slot is taken over; the dead one can no
    // longer give back what it lost.
    sqlx::query("update host_slots set expires_at = now() - interval '1 second' where holder = $1")
        .bind(&held[1].holder)
        .execute(&pool)
        .await
        .unwrap();
    let taken_over = fleet::take_slot(&ctx, id, "heir", lease)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken_over.slot, held[1].slot);
    assert!(!fleet::release_slot(&ctx, &held[1]).await.unwrap());
    assert_eq!(
        fleet::take_slot(&ctx, 999_999, "nobody", lease)
            .await
            .unwrap(),
        None,
        "no such host"
    );
}
