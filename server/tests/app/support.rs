//! `spawn_app`: the real server on a free port with the test's own database, and a small
//! HTTP/1.1 client that shows exactly what goes over the wire.

#![allow(dead_code)]

use std::net::SocketAddr;

use server::config::{Config, Mode};
use server::{http, AppState};
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct TestApp {
    pub addr: SocketAddr,
    pub pool: PgPool,
    pub state: AppState,
}

pub fn test_config() -> Config {
    let mut config = Config::default();
    config.server.mode = Mode::Development;
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.newsletter.signups_per_hour_per_address = 1000;
    config
}

pub async fn spawn_app(pool: PgPool, tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with(pool, tweak, axum::Router::new()).await
}

/// The role GET requests use in every test: it may read every table and write none, so a
/// GET that changes state fails with "permission denied".
pub const READER_ROLE: &str = "framaspace_test_reader";

/// A pool on the test's database as [`READER_ROLE`].
pub async fn read_only_pool(pool: &PgPool) -> PgPool {
    // Roles belong to the cluster, and tests create them concurrently.
    sqlx::query(&format!(
        "do $$ begin create role {READER_ROLE} login;
         exception when duplicate_object or unique_violation then null; end $$"
    ))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(&format!(
        "grant select on all tables in schema public to {READER_ROLE}"
    ))
    .execute(pool)
    .await
    .unwrap();
    let options = (*pool.connect_options()).clone().username(READER_ROLE);
    // Ten, as the writer's: with four, a GET of the read-only test and one of the
    // hostile-values test each waited out the 30-second time-out now and then, in full runs
    // only (sqlx's pool can leave a waiter unwoken, sqlx#3241).
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(10)
        .connect_with(options)
        .await
        .unwrap()
}

/// Log lines written while a test runs on this thread (the test runtime has one thread,
/// which also runs the server).
///
/// The subscriber is the process's global one, installed once by every `spawn_app`, and
/// writes into the buffer of the thread that logs if that thread is capturing
/// ([`capture_logs`]), or else into the test's own output, which the test runner shows
/// when the test fails: a failed test shows what the server said meanwhile. A
/// thread-scoped subscriber (`set_default`) is not enough: tests run on parallel threads,
/// and tracing caches per call site whether anyone listens; a call site first reached on
/// a thread with no subscriber while this one was being set up was cached as unheard, and
/// lines went missing now and then.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

thread_local! {
    static CAPTURING: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// Writes to the capturing buffer of the current thread, or to the test's output.
struct ThisThread;

impl std::io::Write for ThisThread {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let captured = CAPTURING.with(|c| {
            let c = c.borrow();
            let Some(Captured(bytes)) = c.as_ref() else {
                return false;
            };
            bytes.lock().unwrap().extend_from_slice(buf);
            true
        });
        if !captured {
            // `print!`, which the test runner captures per test (not `io::stdout`, which
            // it does not).
            print!("{}", String::from_utf8_lossy(buf));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the process's log subscriber, once.
pub fn install_logs() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_max_level(tracing::Level::INFO)
            .with_writer(|| ThisThread)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other test installs a global subscriber");
    });
}

/// Starts capturing this thread's log lines into a buffer, until the guard is dropped.
pub fn capture_logs() -> (Captured, impl Drop) {
    install_logs();
    struct Stop;
    impl Drop for Stop {
        fn drop(&mut self) {
            CAPTURING.with(|c| *c.borrow_mut() = None);
        }
    }
    let logs = Captured::default();
    CAPTURING.with(|c| *c.borrow_mut() = Some(logs.clone()));
    (logs, Stop)
}

/// The server with `extra` routes inside all its layers.
pub async fn spawn_app_with(
    pool: PgPool,
    tweak: impl FnOnce(&mut Config),
    extra: axum::Router<AppState>,
) -> TestApp {
    install_logs();
    let mut config = test_config();
    tweak(&mut config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    config.site.public_url = format!("http://{addr}");
    config.mail.file_dir =
        std::env::temp_dir().join(format!("framaspace-test-mail-{}", addr.port()));
    let reader = read_only_pool(&pool).await;
    // The server writes through a pool of its own, as in production. The test's pool
    // closes its idle connections after a second and borrows from a pool every test
    // shares; a request served through it has waited, now and then, for a connection until
    // the 30-second time-out while the database was idle and no lock was held.
    // Ten connections, as in production (`database.max_connections`): with five, one
    // of them listening, a request of the hostile-values test once waited out the
    // 30 seconds with four idle (sqlx's pool can leave a waiter unwoken, sqlx#3241).
    let writer = sqlx::postgres::PgPoolOptions::new()
        .max_connections(10)
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    let state = AppState::with_read_pool(config, writer, reader);
    let router = http::router_with(state.clone(), extra);
    tokio::spawn(http::serve(listener, router, std::future::pending()));
    TestApp { addr, pool, state }
}

/// The server's pools are the test's own: closed as the test ends, so that the test
/// database can be dropped at once (PostgreSQL waits for its sessions to leave).
impl Drop for TestApp {
    fn drop(&mut self) {
        self.state.public.stop();
        let reader = self.state.read_ctx.pool.clone();
        let writer = self.state.ctx.pool.clone();
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                reader.close().await;
                writer.close().await;
            });
        }
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A session of `pg_stat_activity`: pid, state, what it waits for, its query.
type Activity = (
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl TestApp {
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], "").await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        self.request("GET", path, headers, "").await
    }

    /// A form POST as a browser on this site sends it.
    pub async fn post_form(&self, path: &str, body: &str) -> Response {
        let origin = self.origin();
        self.request(
            "POST",
            path,
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", &origin),
            ],
            body,
        )
        .await
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Response {
        self.request_bytes(method, path, headers, body.as_bytes())
            .await
    }

    /// As [`TestApp::request`], with a body of any bytes (a file sent by a form). Sent again
    /// once, and said on standard error, when it waited out the server's 30-second time-out:
    /// sqlx's pool can leave a waiter unwoken with idle connections at hand and no lock held
    /// (sqlx#3241), which full runs of the suite met about once in three, on any request
    /// (a staff form, a dashboard's setting). What a request really breaks fails again.
    pub async fn request_bytes(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let started = std::time::Instant::now();
        let res = self.request_once(method, path, headers, body).await;
        if res.status == 503 && started.elapsed() >= std::time::Duration::from_secs(29) {
            eprintln!(
                "{method} {path}: 503 after {:?} (the pool's stall), sent again",
                started.elapsed()
            );
            return self.request_once(method, path, headers, body).await;
        }
        res
    }

    async fn request_once(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).await.unwrap();
        // A server that answers before reading a large body may close the connection
        // meanwhile: what it answered is still read.
        let _ = stream.write_all(body).await;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        parse(&raw)
    }

    /// Runs every queued job (mail written to a folder of the test's own) and fails when
    /// one is left waiting or dead. Returns how many mails went. A space's provisioning
    /// may wait (a fleet without room, in tests that have no host): it may be left queued,
    /// never dead.
    pub async fn drain_jobs(&self) -> i64 {
        use backend::jobs::Job;
        let registry = std::sync::Arc::new(backend::portal::jobs(&self.state.ctx.settings));
        let exempt = [backend::provisioning::steps::ProvisionSpace::KIND];
        backend::jobs::drain(&self.state.ctx, registry, &exempt)
            .await
            .unwrap_or_else(|left| panic!("jobs left: {left}"));
        sqlx::query_scalar("select count(*) from mail_outbox where sent_at is not null")
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// What the test database's sessions are doing, and the locks they wait for, read on a
    /// connection of its own (the pool may be the one exhausted): for the message of a
    /// request that failed with a 5xx, so that an intermittent hang says what held it.
    pub async fn database_activity(&self) -> String {
        use sqlx::Connection;
        let options = self.pool.connect_options().as_ref().clone();
        let Ok(mut conn) = sqlx::PgConnection::connect_with(&options).await else {
            return "(no connection to read the activity)".into();
        };
        let rows: Vec<Activity> = sqlx::query_as(
            "select pid, state, wait_event_type, wait_event,
                        left(regexp_replace(query, '\\s+', ' ', 'g'), 160)
                 from pg_stat_activity
                 where datname = current_database() and pid <> pg_backend_pid()",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
        let waiting: Vec<(i32, String, Option<String>)> = sqlx::query_as(
            "select pid, mode, relation::regclass::text from pg_locks where not granted",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
        let mut out = format!("{} sessions of the test database:\n", rows.len());
        for r in rows {
            out.push_str(&format!("  {r:?}\n"));
        }
        let server = &self.state.ctx.pool;
        out.push_str(&format!(
            "the server's pool: {} open, {} idle; locks waited for: {waiting:?}",
            server.size(),
            server.num_idle()
        ));
        out
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The mails sent to `to` (a job sends them, and the outbox then erases their words),
    /// as the mail folder keeps them, quoted-printable undone: the newest first.
    pub fn sent_mails(&self, to: &str) -> Vec<String> {
        let dir = &self.state.ctx.settings.mail.file_dir;
        let mut found: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| {
                        let raw = std::fs::read_to_string(e.path()).ok()?;
                        let to_line = format!("To: {to}");
                        raw.lines().any(|l| l.trim() == to_line).then(|| {
                            let at = e.metadata().and_then(|m| m.modified()).ok();
                            (at.unwrap_or(std::time::UNIX_EPOCH), unquote(&raw))
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        found.into_iter().map(|(_, text)| text).collect()
    }
}

/// Quoted-printable undone: soft line breaks joined, `=XX` as its byte.
fn unquote(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        });
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body: String::from_utf8(body).expect("utf-8 body"),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_line = String::from_utf8_lossy(&data[..eol]);
        let size =
            usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// Every `<h1` in a page.
pub fn h1_count(html: &str) -> usize {
    html.matches("<h1").count()
}

/// The session cookie a response set (`name=value`), if any.
pub fn session_cookie(res: &Response) -> Option<String> {
    res.headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.split(';').next().unwrap_or("").to_string())
        .find(|c| c.starts_with("session=") || c.starts_with("__Host-session="))
}

/// The full `Set-Cookie` line of the session cookie.
pub fn session_set_cookie(res: &Response) -> Option<String> {
    res.headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.clone())
        .find(|v| v.starts_with("session=") || v.starts_with("__Host-session="))
}

impl TestApp {
    /// A form POST from this site with a cookie.
    pub async fn post_with(&self, path: &str, cookie: &str, body: &str) -> Response {
        let origin = self.origin();
        self.request(
            "POST",
            path,
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", &origin),
                ("cookie", cookie),
            ],
            body,
        )
        .await
    }

    /// The newest login link sent to `email`, as a path.
    pub async fn login_link(&self, email: &str) -> String {
        let text: String = sqlx::query_scalar(
            "select body_text from mail_outbox where recipient = $1 and kind = 'staff-login'
             order by id desc limit 1",
        )
        .bind(email)
        .fetch_one(&self.pool)
        .await
        .expect("a login mail");
        let start = text.find("/equipe/connexion/").expect("a link");
        text[start..].split_whitespace().next().unwrap().to_string()
    }

    /// The link of the last dashboard login mail to `email`.
    pub async fn space_login_link(&self, email: &str) -> String {
        let text: String = sqlx::query_scalar(
            "select body_text from mail_outbox where recipient = $1 and kind = 'referent-login'
             order by id desc limit 1",
        )
        .bind(email)
        .fetch_one(&self.pool)
        .await
        .expect("a dashboard login mail");
        let start = text.find("/espace/connexion/lien/").expect("a link");
        text[start..].split_whitespace().next().unwrap().to_string()
    }

    /// Logs in to the dashboard of the space at `slug` as its referent on file (`email`),
    /// by the mailed link: the session cookie.
    pub async fn log_in_to_space(&self, slug: &str, email: &str) -> String {
        let asked = self
            .post_form("/espace/connexion/lien", &format!("address={slug}"))
            .await;
        assert_eq!(
            asked.header("location"),
            Some("/espace/connexion/lien/envoye"),
            "{}",
            asked.body
        );
        let link = self.space_login_link(email).await;
        let opened = self.post_form(&link, "").await;
        assert_eq!(
            opened.header("location"),
            Some(format!("/espace/{slug}").as_str()),
            "{}",
            opened.body
        );
        session_cookie(&opened).expect("a session")
    }

    /// Logs in to the forum as `email`, by the mailed link, as a person a moderator approved
    /// already (what they write is shown at once): the session cookie. A new person, whose
    /// posts are held, is [`Self::log_in_to_forum_as_new`].
    pub async fn log_in_to_forum(&self, email: &str) -> String {
        let cookie = self.log_in_to_forum_as_new(email).await;
        sqlx::query(
            "update forum_people set approved_at = coalesce(approved_at, now())
             where lower(email) = lower($1) and nc_uid is null and deleted_at is null",
        )
        .bind(email)
        .execute(&self.pool)
        .await
        .unwrap();
        cookie
    }

    /// Logs in to the forum as `email`, by the mailed link: the session cookie. Made now,
    /// the person's posts wait for a moderator's approval.
    pub async fn log_in_to_forum_as_new(&self, email: &str) -> String {
        let asked = self
            .post_form(
                "/forum/connexion",
                &format!("email={}", email.replace('@', "%40")),
            )
            .await;
        assert_eq!(
            asked.header("location"),
            Some("/forum/connexion/envoye"),
            "{}",
            asked.body
        );
        let text: String = sqlx::query_scalar(
            "select body_text from mail_outbox where lower(recipient) = lower($1) and kind = 'forum-login'
             order by id desc limit 1",
        )
        .bind(email)
        .fetch_one(&self.pool)
        .await
        .expect("a forum login mail");
        let start = text.find("/forum/connexion/lien/").expect("a link");
        let link = text[start..].split_whitespace().next().unwrap().to_string();
        let opened = self.post_form(&link, "").await;
        assert_eq!(opened.status, 303, "{}", opened.body);
        session_cookie(&opened).expect("a session")
    }

    /// Asks for a login link for `email` and opens it: the response of the link's button.
    pub async fn open_login_link(&self, email: &str) -> Response {
        let asked = self
            .post_form(
                "/equipe/connexion",
                &format!("email={}", email.replace('@', "%40")),
            )
            .await;
        assert_eq!(asked.status, 303, "{}", asked.body);
        let link = self.login_link(email).await;
        self.post_form(&link, "").await
    }

    /// The code an authenticator app shows now for `email`'s key being set up.
    pub async fn pending_totp_code(&self, email: &str) -> String {
        self.code_for_column(email, "totp_pending", 0).await
    }

    /// The code for `email`'s key in use, `steps_ahead` steps of 30 s from now.
    pub async fn totp_code(&self, email: &str, steps_ahead: u64) -> String {
        self.code_for_column(email, "totp_secret", steps_ahead)
            .await
    }

    async fn code_for_column(&self, email: &str, column: &str, steps_ahead: u64) -> String {
        let sealed: Vec<u8> = sqlx::query_scalar(&format!(
            "select {column} from staff_accounts where email = $1"
        ))
        .bind(email)
        .fetch_one(&self.pool)
        .await
        .unwrap();
        totp_code(&self.state, &sealed, steps_ahead)
    }

    /// A logged-in staff member's session cookie: account made, link followed, and for an
    /// admin the second factor set up, as a person would.
    pub async fn log_in_as(&self, email: &str, role: backend::accounts::Role) -> String {
        backend::accounts::add_staff(
            &self.state.ctx,
            &backend::accounts::Admin::command_line(),
            &crate::support::email(email),
            role,
        )
        .await
        .unwrap();
        let opened = self.open_login_link(email).await;
        assert_eq!(opened.status, 303, "{}", opened.body);
        let cookie = session_cookie(&opened).expect("a session");
        if role == backend::accounts::Role::Moderator {
            assert_eq!(opened.header("location"), Some("/equipe"));
            return cookie;
        }
        assert_eq!(
            opened.header("location"),
            Some("/equipe/double-authentification")
        );
        let code = self.pending_totp_code(email).await;
        let done = self
            .post_with(
                "/equipe/double-authentification",
                &cookie,
                &format!("code={code}"),
            )
            .await;
        assert_eq!(done.status, 200, "{}", done.body);
        session_cookie(&done).expect("a new session id")
    }
}

fn totp_code(state: &AppState, sealed: &[u8], steps_ahead: u64) -> String {
    let secret = backend::crypto::open(&state.ctx.settings.secret_key, "totp", sealed).unwrap();
    let base32 = base32_encode(&secret);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    backend::accounts::code_for(&base32, now + steps_ahead * 30).unwrap()
}

fn base32_encode(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(A[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(A[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// True when `text` is inside the page's `<main>` as the server sent it, where a browser
/// without JavaScript shows it (not in a streamed template after the document).
pub fn shown_in_main(body: &str, text: &str) -> bool {
    match (body.find("<main"), body.find("</main>")) {
        (Some(start), Some(end)) if start < end => body[start..end].contains(text),
        _ => false,
    }
}

/// A checked address, as the backend takes it.
pub fn email(address: &str) -> backend::Email {
    backend::Email::parse(address).unwrap()
}

/// Runs the `framaspace` command line against `pool`'s database: `(exit code, stdout,
/// stderr)`.
/// The URL of the test's database, for processes the test starts.
pub fn database_url(pool: &PgPool) -> String {
    let options = pool.connect_options();
    format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}

pub fn cli(pool: &PgPool) -> impl Fn(&[&str]) -> (Option<i32>, String, String) {
    let url = database_url(pool);
    move |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_framaspace"))
            .args(args)
            .env("DATABASE_URL", &url)
            .env("FRAMASPACE_SERVER__MODE", "development")
            .env_remove("FRAMASPACE_CONFIG")
            .output()
            .expect("the framaspace binary runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }
}

/// Polls `done` every 20 ms for at most ten seconds: what happens on another connection
/// (a notification) takes its time, and a test that waited a fixed time would either waste
/// it or fail by chance.
pub async fn soon(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{what}: not within ten seconds");
}
