//! `framaspace`: the portal's one binary.

use std::path::PathBuf;
use std::process::ExitCode;

use server::config::Config;
use server::{http, telemetry, AppState};

mod cli;
mod staff_cli;
use cli::{connect, USAGE};
use staff_cli::staff;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut config_path = std::env::var_os("FRAMASPACE_CONFIG").map(PathBuf::from);
    let mut command = None;
    let mut rest = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" | "-c" => config_path = args.next().map(PathBuf::from),
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if command.is_none() => command = Some(arg),
            _ => rest.push(arg),
        }
    }
    let Some(command) = command else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if command == "routes" {
        return routes(&rest);
    }
    if !matches!(
        command.as_str(),
        "staff" | "jobs" | "registrations" | "applications" | "hosts"
    ) && !rest.is_empty()
    {
        eprintln!("unexpected argument: {}\n\n{USAGE}", rest[0]);
        return ExitCode::from(2);
    }
    let config = match Config::load(config_path.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("framaspace: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result = runtime.block_on(async {
        match command.as_str() {
            "serve" => serve(config).await,
            "worker" => worker(config).await,
            "migrate" => migrate(config).await,
            "demo" => demo(config).await,
            "staff" => staff(config, &rest).await,
            "jobs" => jobs(config, &rest).await,
            "registrations" => registrations(config, &rest).await,
            "applications" => applications(config, &rest).await,
            "hosts" => hosts(config, &rest).await,
            "config" => {
                println!("{config:#?}");
                Ok(())
            }
            other => Err(format!("unknown command: {other}\n\n{USAGE}")),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("framaspace: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

async fn serve(config: Config) -> Result<(), String> {
    let pool = connect(&config).await?;
    let read_pool = match &config.database.read_url {
        Some(url) => backend::db::connect(url.expose(), config.database.max_connections)
            .await
            .map_err(|e| format!("cannot connect to the read database: {e}"))?,
        None => pool.clone(),
    };
    let listen = config.server.listen;
    let metrics_listen = config.server.metrics_listen;
    let embedded_worker = config.server.embedded_worker;
    let state = AppState::with_read_pool(config, pool.clone(), read_pool);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };
    let mut tasks = Vec::new();
    if let Some(addr) = metrics_listen {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("metrics address {addr}: {e}"))?;
        tracing::info!(%addr, "metrics listening");
        let router = http::metrics_router(state.clone());
        tasks.push(tokio::spawn(http::serve(listener, router, stopped())));
    }
    if embedded_worker {
        let ctx = state.ctx.clone();
        let stop = stopped();
        tasks.push(tokio::spawn(async move {
            let registry = std::sync::Arc::new(backend::portal::jobs(&ctx.settings));
            backend::jobs::Worker::run_all(ctx, registry, stop).await;
            Ok(())
        }));
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("address {listen}: {e}"))?;
    let actual = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(addr = %actual, "listening");
    let main = http::serve(listener, http::router(state), async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    main.await.map_err(|e| e.to_string())?;
    for t in tasks {
        let _ = t.await;
    }
    pool.close().await;
    Ok(())
}

async fn worker(config: Config) -> Result<(), String> {
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let registry = std::sync::Arc::new(backend::portal::jobs(&ctx.settings));
    backend::jobs::Worker::run_all(ctx, registry, shutdown_signal()).await;
    pool.close().await;
    Ok(())
}

async fn migrate(config: Config) -> Result<(), String> {
    let pool = connect(&config).await?;
    backend::db::migrate(&pool)
        .await
        .map_err(|e| e.to_string())?;
    println!("migrations applied");
    Ok(())
}

async fn demo(config: Config) -> Result<(), String> {
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let seeded = backend::demo::seed(&ctx).await.map_err(|e| e.to_string())?;
    println!(
        "{}",
        if seeded {
            "demo content seeded"
        } else {
            "demo content already there"
        }
    );
    Ok(())
}

/// `framaspace routes [--json]`: the one list of routes, for people and for the end-to-end
/// suite's page walk.
fn routes(args: &[String]) -> ExitCode {
    let all = app::routes::all();
    if args.iter().any(|a| a == "--json") {
        match serde_json::to_string_pretty(&all) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("framaspace: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        for r in &all {
            println!(
                "{:<5} {:<45} {:<10} {:?}",
                r.method,
                r.path,
                format!("{:?}", r.kind),
                r.access
            );
        }
    }
    ExitCode::SUCCESS
}

/// `framaspace registrations ...`: registration windows, for the operator.
async fn registrations(config: Config, args: &[String]) -> Result<(), String> {
    use backend::applications::windows::{self, NewWindow, WindowError};
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let operator = backend::accounts::Admin::command_line();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let failed = |e: backend::Error| e.to_string();
    let time = |raw: &str| {
        chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
            .map_err(|_| format!("{raw:?} is not a time such as 2027-01-15T09:00"))
    };
    match args.as_slice() {
        [] | ["list"] => {
            let state = backend::applications::registration(&ctx, backend::Lang::En)
                .await
                .map_err(failed)?;
            println!("now: {state:?}");
            for w in windows::list_windows(&ctx, &operator)
                .await
                .map_err(failed)?
            {
                let cap = w
                    .max_applications
                    .map_or("no cap".to_string(), |c| format!("cap {c}"));
                println!(
                    "{}\t{} → {} (Paris)\t{} applications, {cap}\t{}",
                    w.id,
                    w.opens.format("%Y-%m-%d %H:%M"),
                    w.closes.format("%Y-%m-%d %H:%M"),
                    w.applications,
                    w.note_fr
                );
            }
        }
        ["open", opens, closes, options @ ..] => {
            let mut window = NewWindow {
                opens: time(opens)?,
                closes: time(closes)?,
                max_applications: None,
                note_fr: String::new(),
                note_en: String::new(),
            };
            let mut options = options.iter();
            while let Some(option) = options.next() {
                let value = options
                    .next()
                    .ok_or_else(|| format!("{option} needs a value"))?;
                match *option {
                    "--cap" => {
                        let cap = value
                            .parse::<i32>()
                            .ok()
                            .filter(|c| *c > 0)
                            .ok_or_else(|| format!("{value:?} is not a positive number"))?;
                        window.max_applications = Some(cap);
                    }
                    "--note-fr" => window.note_fr = value.to_string(),
                    "--note-en" => window.note_en = value.to_string(),
                    other => return Err(format!("registrations open: unknown option {other}")),
                }
            }
            match windows::create_window(&ctx, &operator, &window).await {
                Ok(id) => println!("window {id} planned"),
                Err(WindowError::Backend(e)) => return Err(failed(e)),
                Err(e) => return Err(e.to_string()),
            }
        }
        _ => return Err(format!("registrations: unexpected arguments\n\n{USAGE}")),
    }
    pool.close().await;
    Ok(())
}

/// `framaspace applications ...`: moderation and applicants' data, for the operator,
/// through the same backend functions as the staff pages.
async fn hosts(config: Config, args: &[String]) -> Result<(), String> {
    use backend::provisioning::fleet::{self, HostError, HostState, NewHost};
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool, config.backend_settings());
    let operator = backend::accounts::Admin::command_line();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let gib = |b: i64| b as f64 / (1u64 << 30) as f64;
    match args.as_slice() {
        [] | ["list"] => {
            println!("name\tstate\tnextcloud\tspaces\tstorage (GiB)\tparallel");
            for h in fleet::hosts(&ctx, &operator)
                .await
                .map_err(|e| e.to_string())?
            {
                println!(
                    "{}\t{}\t{}\t{}/{}\t{:.0}/{:.0}\t{}",
                    h.name,
                    h.state,
                    h.nextcloud_version,
                    h.spaces,
                    h.capacity_spaces,
                    gib(h.reserved_bytes),
                    gib(h.capacity_bytes),
                    h.max_parallel
                );
            }
            Ok(())
        }
        ["add", name, rest @ ..] => {
            let mut h = NewHost {
                name: name.to_string(),
                max_parallel: 2,
                ..NewHost::default()
            };
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                let value = it
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value"))?
                    .to_string();
                let number = |v: &str| {
                    v.parse::<i32>()
                        .map_err(|_| format!("{flag}: {v:?} is not a number"))
                };
                match *flag {
                    "--occ" => h.occ_template = value,
                    "--host-script" => h.host_script = Some(value),
                    "--ocs-url" => h.ocs_url = value,
                    "--version" => h.nextcloud_version = number(&value)?,
                    "--database" => h.database_server = value,
                    "--spaces" => h.capacity_spaces = number(&value)?,
                    "--storage" => {
                        h.capacity_bytes = fleet::parse_bytes(&value).ok_or_else(|| {
                            format!("--storage: {value:?} is not a size like 40 TB")
                        })?
                    }
                    "--parallel" => h.max_parallel = number(&value)?,
                    "--arguments" => {
                        h.direct_arguments = match value.as_str() {
                            "shell" => false,
                            "direct" => true,
                            _ => {
                                return Err(format!(
                                    "--arguments: {value:?} is neither shell nor direct"
                                ))
                            }
                        }
                    }
                    "--office-url" => h.office_url = Some(value),
                    "--connect-to" => {
                        h.connect_to = Some(value.parse().map_err(|_| {
                            format!("--connect-to: {value:?} is not an address like 10.0.0.7:443")
                        })?)
                    }
                    "--office-secret-from-env" => {
                        let secret = std::env::var(&value)
                            .map_err(|_| format!("--office-secret-from-env: {value} is not set"))?;
                        h.office_secret = Some(backend::Secret::new(secret));
                    }
                    other => return Err(format!("unknown option {other}\n\n{USAGE}")),
                }
            }
            match fleet::add_host(&ctx, &operator, &h).await {
                Ok(id) => {
                    println!(
                        "host {name} added (id {id}), {}",
                        HostState::Active.as_str()
                    );
                    Ok(())
                }
                Err(HostError::Invalid {
                    field: "name",
                    code,
                }) => Err(format!("<name>: {}", fleet::sentence(code))),
                Err(HostError::Invalid { field, code }) => {
                    Err(format!("--{field}: {}", fleet::sentence(code)))
                }
                Err(e) => Err(e.to_string()),
            }
        }
        [verb @ ("drain" | "activate"), name] => {
            let state = if *verb == "drain" {
                HostState::Draining
            } else {
                HostState::Active
            };
            if fleet::set_state(&ctx, &operator, name, state)
                .await
                .map_err(|e| e.to_string())?
            {
                println!("host {name}: {}", state.as_str());
                Ok(())
            } else {
                Err(format!("no host named {name}"))
            }
        }
        _ => Err(format!("unknown hosts command\n\n{USAGE}")),
    }
}

async fn applications(config: Config, args: &[String]) -> Result<(), String> {
    use backend::applications::hints;
    use backend::applications::moderation::{self, DecideError, Decision, QueueFilter};
    use backend::applications::privacy::{self, EraseOutcome};
    use common::states::ApplicationStatus;
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let operator = backend::accounts::Admin::command_line();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let failed = |e: backend::Error| e.to_string();
    let id = |raw: &str| {
        raw.parse::<i64>()
            .map_err(|_| format!("{raw:?} is not an application id"))
    };
    let moderator = |raw: &str| {
        let ctx = ctx.clone();
        let raw = raw.to_string();
        async move {
            let email = backend::Email::parse(&raw)
                .map_err(|code| format!("{raw:?} is not a valid e-mail address ({code})"))?;
            backend::accounts::Staff::command_line(&ctx, &email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("{raw} is not a staff account"))
        }
    };
    let decide = |id: i64, decision: Decision, by: backend::accounts::Staff| {
        let ctx = ctx.clone();
        async move {
            let current = moderation::detail(&ctx, &by, id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no application {id}"))?;
            match moderation::decide(&ctx, &by, id, current.version, &decision).await {
                Ok(()) => Ok(()),
                Err(DecideError::Backend(e)) => Err(e.to_string()),
                Err(e) => Err(format!("application {id}: {e}")),
            }
        }
    };
    match args.as_slice() {
        [] | ["list"] | ["list", _] => {
            let status = args
                .get(1)
                .map(|s| {
                    ApplicationStatus::parse(s)
                        .ok_or_else(|| format!("unknown status {s:?}\n\n{USAGE}"))
                })
                .transpose()?;
            let filter = QueueFilter {
                status,
                ..Default::default()
            };
            let mut after = None;
            loop {
                let page = moderation::queue(&ctx, &operator, &filter, after, 500)
                    .await
                    .map_err(failed)?;
                for r in &page.rows {
                    println!(
                        "{}\t{}\t{} days{}\t{}\t{}\t{}",
                        r.id,
                        r.status,
                        r.age_days,
                        if r.overdue { " (overdue)" } else { "" },
                        r.slug,
                        r.kind,
                        r.structure_name
                    );
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
        }
        ["show", raw] => {
            let id = id(raw)?;
            let a = moderation::detail(&ctx, &operator, id)
                .await
                .map_err(failed)?
                .ok_or_else(|| format!("no application {id}"))?;
            println!("{a:#?}");
            println!("hints: {:?}", hints::hints(&ctx, &a));
            for d in hints::duplicates(&ctx, &operator, &a)
                .await
                .map_err(failed)?
            {
                println!(
                    "possible duplicate: {} {} ({:?})",
                    d.id, d.structure_name, d.reasons
                );
            }
            for e in moderation::history(&ctx, &operator, id)
                .await
                .map_err(failed)?
            {
                println!(
                    "{} {} {} {}",
                    e.paris,
                    e.staff_email.unwrap_or(e.actor),
                    e.kind,
                    e.body
                );
            }
        }
        ["approve", raw, "--as", by] => {
            let id = id(raw)?;
            decide(id, Decision::Approve, moderator(by).await?).await?;
            println!("application {id} approved; its space waits for provisioning");
        }
        ["reject", raw, "--as", by, "--reason", reason, rest @ ..] => {
            let id = id(raw)?;
            let note = match rest {
                [] => String::new(),
                ["--note", note] => note.to_string(),
                _ => {
                    return Err(format!(
                        "applications reject: unexpected arguments\n\n{USAGE}"
                    ))
                }
            };
            use backend::applications::templates::{self, Unknown};
            let decision = match templates::rejection(&ctx, &operator, id, reason, note)
                .await
                .map_err(failed)?
            {
                Ok(decision) => decision,
                Err(Unknown::Application) => return Err(format!("no application {id}")),
                Err(Unknown::Reason) => {
                    let offered = templates::list(&ctx, &operator, false)
                        .await
                        .map_err(failed)?;
                    let codes: Vec<&str> = offered.iter().map(|t| t.code.as_str()).collect();
                    return Err(format!(
                        "{reason:?} is not a reason; offered: {}",
                        codes.join(", ")
                    ));
                }
            };
            decide(id, decision, moderator(by).await?).await?;
            println!("application {id} rejected");
        }
        ["export", raw] => {
            let id = id(raw)?;
            let data = privacy::export(&ctx, &operator, id)
                .await
                .map_err(failed)?
                .ok_or_else(|| format!("no application {id}"))?;
            println!(
                "{}",
                serde_json::to_string_pretty(&data).map_err(|e| e.to_string())?
            );
        }
        ["erase", raw] => {
            let id = id(raw)?;
            match privacy::erase(&ctx, &operator, id).await.map_err(failed)? {
                EraseOutcome::Erased => {
                    println!("application {id} erased, with its history and mails")
                }
                EraseOutcome::HasSpace => {
                    return Err(format!(
                        "application {id} has a space: close the space first"
                    ))
                }
                EraseOutcome::NotFound => return Err(format!("no application {id}")),
            }
        }
        _ => return Err(format!("applications: unexpected arguments\n\n{USAGE}")),
    }
    pool.close().await;
    Ok(())
}

/// `framaspace jobs ...`: the job queue, for the operator.
async fn jobs(config: Config, args: &[String]) -> Result<(), String> {
    use backend::jobs::{self, Change, JobState};
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let failed = |e: sqlx::Error| e.to_string();
    let id = |raw: &str| {
        raw.parse::<i64>()
            .map_err(|_| format!("{raw:?} is not a job id"))
    };
    let said = |change: Change, id: i64, what: &str| match change {
        Change::Done => {
            println!("job {id} {what}");
            Ok(())
        }
        Change::NotFound => Err(format!("no job {id}")),
        Change::Refused(why) => Err(format!("job {id} was not {what}: {why}")),
    };
    match args.as_slice() {
        [] | ["list"] | ["list", _] => {
            let state = args
                .get(1)
                .map(|s| {
                    JobState::parse(s).ok_or_else(|| format!("unknown state {s:?}\n\n{USAGE}"))
                })
                .transpose()?;
            let stats = jobs::stats(&pool).await.map_err(failed)?;
            println!(
                "{} {}, {} {}, {} {}, {} {}, {} {}",
                JobState::Ready.as_str(),
                stats.ready,
                JobState::Running.as_str(),
                stats.running,
                JobState::Done.as_str(),
                stats.done,
                JobState::Dead.as_str(),
                stats.dead,
                JobState::Cancelled.as_str(),
                stats.cancelled
            );
            for j in jobs::list(&ctx, state, 50).await.map_err(failed)? {
                println!(
                    "{:>8} {:<30} {:<9} attempts {:<3} {} {}",
                    j.id,
                    j.kind,
                    // `as_str`: the padding applies to a string, not to the state's `Display`.
                    j.state.as_str(),
                    j.attempts,
                    j.created_at.format("%Y-%m-%d %H:%M:%S"),
                    j.last_error.unwrap_or_default()
                );
            }
        }
        ["retry", raw] => {
            let id = id(raw)?;
            said(
                jobs::retry(&ctx, id).await.map_err(failed)?,
                id,
                "queued again",
            )?;
        }
        ["cancel", raw] => {
            let id = id(raw)?;
            said(
                jobs::cancel(&ctx, id).await.map_err(failed)?,
                id,
                JobState::Cancelled.as_str(),
            )?;
        }
        _ => return Err(format!("jobs: unexpected arguments\n\n{USAGE}")),
    }
    pool.close().await;
    Ok(())
}
