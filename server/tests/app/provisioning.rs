//! Provisioning on the command line: the fleet of Nextcloud hosts.

use backend::provisioning::fleet;
use sqlx::PgPool;

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn hosts_are_managed_on_the_command_line(pool: PgPool) {
    let run = crate::support::cli(&pool);
    let add = |name: &str, version: &str| {
        run(&[
            "hosts",
            "add",
            name,
            "--occ",
            "ssh -T {host} sudo -u www-data /usr/local/bin/framaspace-occ {slug}",
            "--ocs-url",
            "https://{slug}.frama.space",
            "--version",
            version,
            "--database",
            "db1.internal:5432",
            "--spaces",
            "250",
            "--storage",
            "10 TB",
        ])
    };
    let (code, out, err) = add("nc1.frama.space", "35");
    assert_eq!(code, Some(0), "{out}{err}");
    let (code, _, err) = add("nc1.frama.space", "35");
    assert_ne!(code, Some(0));
    assert!(err.contains("exists already"), "{err}");
    let (code, _, err) = add("nc2.frama.space", "27");
    assert_ne!(code, Some(0));
    assert!(err.contains("--version"), "{err}");
    let (code, _, err) = add("<b>nc3</b>", "35");
    assert_ne!(code, Some(0));
    assert!(err.contains("<name>"), "{err}");
    let (code, _, err) = run(&["hosts", "add", "nc4.frama.space", "--storage", "lots"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("--storage"), "{err}");
    let (code, _, err) = run(&["hosts", "add", "nc5.frama.space", "--connect-to", "nope"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("--connect-to"), "{err}");
    let (code, _, _) = run(&["hosts", "drain", "nc1.frama.space"]);
    assert_eq!(code, Some(0));
    let (code, _, err) = run(&["hosts", "drain", "nowhere.frama.space"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("no host"), "{err}");
    let (_, out, _) = run(&["hosts", "list"]);
    assert!(
        out.contains("nc1.frama.space\tdraining\t35\t0/250\t0/10240\t2"),
        "{out}"
    );
    let ctx = backend::Ctx::new(pool.clone(), backend::Settings::for_tests());
    assert_eq!(
        fleet::hosts(&ctx).await.unwrap().len(),
        1,
        "nothing else written"
    );
}
