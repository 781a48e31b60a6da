//! `framaspace`: the portal's one binary.

use std::path::PathBuf;
use std::process::ExitCode;

use server::config::Config;
use server::{http, telemetry, AppState};

const USAGE: &str = "\
Usage: framaspace [--config FILE] <command>

Commands:
  serve     serve the portal (and the metrics, if configured)
  worker    send queued mail and do periodic housekeeping
  migrate   apply database migrations
  demo      seed demo content (once; running it again changes nothing)
  config    print the configuration in effect, secrets hidden

The configuration file defaults to $FRAMASPACE_CONFIG; environment variables
FRAMASPACE_<SECTION>__<KEY> and DATABASE_URL override it.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut config_path = std::env::var_os("FRAMASPACE_CONFIG").map(PathBuf::from);
    let mut command = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" | "-c" => config_path = args.next().map(PathBuf::from),
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if command.is_none() => command = Some(arg),
            _ => {
                eprintln!("unexpected argument: {arg}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(command) = command else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
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

async fn connect(config: &Config) -> Result<sqlx::PgPool, String> {
    backend::db::connect(
        config.database.url.expose(),
        config.database.max_connections,
    )
    .await
    .map_err(|e| format!("cannot connect to the database: {e}"))
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
    let listen = config.server.listen;
    let metrics_listen = config.server.metrics_listen;
    let embedded_worker = config.server.embedded_worker;
    let state = AppState::new(config, pool.clone());
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
        let w = mail_worker(&state.ctx);
        let stop = stopped();
        let housekeeping = spawn_housekeeping(pool.clone());
        tasks.push(tokio::spawn(async move {
            w.run(stop).await;
            housekeeping.abort();
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

fn mail_worker(ctx: &backend::Ctx) -> backend::mail::Worker {
    backend::mail::Worker {
        pool: ctx.pool.clone(),
        transport: backend::mail::Transport::from_settings(&ctx.settings.mail),
        settings: ctx.settings.mail.clone(),
    }
}

/// Forgets expired newsletter sign-ups and old rate-limit counters, hourly.
fn spawn_housekeeping(pool: sqlx::PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match backend::newsletter::purge_unconfirmed(&pool).await {
                Ok(n) if n > 0 => tracing::info!(n, "forgot expired newsletter sign-ups"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
            }
            let _ = backend::rate_limit::purge(&pool, 86_400).await;
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    })
}

async fn worker(config: Config) -> Result<(), String> {
    let pool = connect(&config).await?;
    let ctx = backend::Ctx::new(pool.clone(), config.backend_settings());
    let housekeeping = spawn_housekeeping(pool.clone());
    tracing::info!("mail worker running");
    mail_worker(&ctx).run(shutdown_signal()).await;
    housekeeping.abort();
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
    let seeded = backend::demo::seed(&pool)
        .await
        .map_err(|e| e.to_string())?;
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
