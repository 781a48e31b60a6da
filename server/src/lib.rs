//! The `framaspace` server: configuration, HTTP router and middleware, metrics, and the
//! subcommands that run them.

mod actions;
pub mod config;
pub mod dashboard;
pub mod errors;
pub mod feeds;
pub mod http;
pub mod metrics;
pub mod middleware;
pub mod page_cache;
mod render;
pub mod sessions;
pub mod staff;
pub mod telemetry;

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

pub use config::Config;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    /// For requests that may change state (POST).
    pub ctx: backend::Ctx,
    /// For GET and HEAD requests: a pool that should only read (`database.read_url`: a
    /// replica, or a role without write rights; the same pool when unset). The test suite
    /// gives it a role that cannot write, so a GET that writes fails a test.
    pub read_ctx: backend::Ctx,
    pub site: app::site::SiteInfo,
    pub config: Arc<Config>,
    pub metrics: Arc<metrics::Metrics>,
    /// What every public page reads, kept a few seconds and forgotten at every change.
    pub public: Arc<backend::applications::public_state::PublicState>,
    /// The public pages, kept rendered for a second (`page_cache`).
    pub pages: Arc<page_cache::PageCache>,
    /// Where spaces answer, as CSP sources, read again once a minute (`middleware`).
    pub space_origins: Arc<std::sync::Mutex<Option<(std::time::Instant, String)>>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    /// One pool for everything.
    pub fn new(config: Config, pool: sqlx::PgPool) -> Self {
        Self::with_read_pool(config, pool.clone(), pool)
    }

    pub fn with_read_pool(config: Config, pool: sqlx::PgPool, read_pool: sqlx::PgPool) -> Self {
        let leptos = LeptosOptions::builder()
            .output_name("framaspace")
            .site_root(config.server.site_root.as_str())
            .site_pkg_dir("pkg")
            .hash_files(hash_file_present())
            .build();
        let public = backend::applications::public_state::PublicState::new(pool.clone());
        Self {
            leptos,
            ctx: backend::Ctx::new(pool, config.backend_settings()),
            read_ctx: backend::Ctx::new(read_pool, config.backend_settings()),
            site: config.site.clone(),
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::default()),
            public,
            pages: page_cache::PageCache::new(),
            space_origins: Arc::default(),
        }
    }

    /// What server functions and pages find in their context. A GET or HEAD request gets
    /// the read-only services: rendering a page never changes state.
    pub fn leptos_context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let write = self.ctx.clone();
        let read = self.read_ctx.clone();
        let site = self.site.clone();
        let dev_mode = app::site::DevMode(self.config.dev_mode());
        let public = self.public.clone();
        move || {
            use axum::http::{request::Parts, Method};
            let safe = leptos::prelude::use_context::<Parts>()
                .is_none_or(|p| p.method == Method::GET || p.method == Method::HEAD);
            let ctx = if safe { read.clone() } else { write.clone() };
            leptos::prelude::provide_context(ctx);
            leptos::prelude::provide_context(site.clone());
            leptos::prelude::provide_context(dev_mode);
            leptos::prelude::provide_context(public.clone());
            // The server functions find the forms and the actions through the registry.
            leptos::prelude::provide_context(app::registry::kit_forms());
            leptos::prelude::provide_context(app::registry::action_runner());
        }
    }
}

/// cargo-leptos writes `hash.txt` beside the binary when it hashes asset names; Leptos
/// reads it there. Without it (tests, `cargo run`), names are unhashed.
fn hash_file_present() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("hash.txt")))
        .is_some_and(|p| p.exists())
}
