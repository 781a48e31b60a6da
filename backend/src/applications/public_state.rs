//! What every public page reads, kept: whether registrations are open (the window, its cap,
//! the platform's capacity). It is read from the database at most once per [`MAX_AGE`] per
//! language, never past the moment a window opens or closes, and forgotten as soon as
//! PostgreSQL says something it is made of changed: triggers on the windows, the
//! applications and the spaces send `NOTIFY public_state` when their transaction commits.
//! While the server does not listen (connecting, or the connection lost), nothing is kept.
//!
//! Only what the pages show goes through here; an application is accepted or refused on
//! what its own transaction reads (`windows::registration_on`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::windows::{registration, Moment, Registration};
use crate::{Ctx, Lang, Result};

/// The channel the triggers notify (migration `public_state_notify`).
pub const CHANNEL: &str = "public_state";

/// The channel the forum's triggers notify (migration `forum_changes`): its categories,
/// topics, posts or people's names changed. Nothing is kept here for it; the servers' kept
/// pages count these changes (`forum_changes_heard`).
pub const FORUM_CHANNEL: &str = "forum";

/// The longest a kept state is shown without being read again, even when no notification
/// came (one lost while the connection was being replaced, say).
pub const MAX_AGE: Duration = Duration::from_secs(5);

/// The kept state, shared by every request of a server.
pub struct PublicState {
    /// Where to listen: the primary (a replica hears no notification).
    primary: sqlx::PgPool,
    kept: Mutex<Vec<(Lang, Instant, Registration)>>,
    /// Bumped by every change heard: a state read before it is not kept.
    generation: AtomicU64,
    /// Bumped by every change of the forum heard.
    forum: AtomicU64,
    listening: AtomicBool,
    listener: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl PublicState {
    /// A state that will listen on `primary` once first asked.
    pub fn new(primary: sqlx::PgPool) -> Arc<Self> {
        Arc::new(Self {
            primary,
            kept: Mutex::default(),
            generation: AtomicU64::default(),
            forum: AtomicU64::default(),
            listening: AtomicBool::default(),
            listener: Mutex::default(),
        })
    }

    /// Whether registrations are open, as the public pages say it in `lang` (read with
    /// `ctx`, which may be a replica's).
    pub async fn registration(self: &Arc<Self>, ctx: &Ctx, lang: Lang) -> Result<Registration> {
        self.start();
        if let Some(kept) = self.kept(lang) {
            return Ok(kept);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let read = registration(ctx, lang).await?;
        self.keep(lang, generation, &read);
        Ok(read)
    }

    /// Stops listening (the server stops; a test ends).
    pub fn stop(&self) {
        self.listening.store(false, Ordering::Release);
        if let Some(task) = self
            .listener
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            task.abort();
        }
        self.forget();
    }

    /// How many changes were heard (or the connection replaced) since the server started.
    pub fn changes_heard(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// How many changes of the forum were heard since the server started. A page of the
    /// forum kept while neither count moved shows what the database holds (a change heard
    /// with the connection replaced bumps [`Self::changes_heard`]).
    pub fn forum_changes_heard(&self) -> u64 {
        self.forum.load(Ordering::Acquire)
    }

    /// Whether changes are heard (nothing is kept otherwise).
    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// Starts listening, if not yet (the first state asked does it too).
    pub fn start(self: &Arc<Self>) {
        let mut listener = self.listener.lock().unwrap_or_else(|p| p.into_inner());
        if listener.is_none() {
            let pool = self.primary.clone();
            *listener = Some(tokio::spawn(listen(pool, Arc::downgrade(self))));
        }
    }

    fn kept(&self, lang: Lang) -> Option<Registration> {
        if !self.is_listening() {
            return None;
        }
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        kept.iter()
            .find(|(l, until, _)| *l == lang && *until > now)
            .map(|(_, _, r)| r.clone())
    }

    fn keep(&self, lang: Lang, generation: u64, read: &Registration) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        // A change heard while it was read, or no one listening: it may be stale already.
        if self.generation.load(Ordering::Acquire) != generation || !self.is_listening() {
            return;
        }
        kept.retain(|(l, _, _)| *l != lang);
        kept.push((lang, valid_until(read), read.clone()));
    }

    fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// Until when a state read now may be shown: [`MAX_AGE`], and never past the moment the
/// window it names opens or closes.
fn valid_until(read: &Registration) -> Instant {
    let now = Instant::now();
    let until = now + MAX_AGE;
    let boundary = match read {
        Registration::Open { closes, .. } => Some(closes),
        Registration::Closed { next, .. } | Registration::WindowFull { next } => next.as_ref(),
        Registration::CapacityReached => None,
    };
    match boundary.map(|m: &Moment| (m.utc - chrono::Utc::now()).to_std()) {
        Some(Ok(left)) => until.min(now + left),
        // Already past: not kept.
        Some(Err(_)) => now,
        None => until,
    }
}

/// Forgets the kept state at every notification; keeps nothing while not connected, and
/// connects again after a second (saying so once per outage).
async fn listen(pool: sqlx::PgPool, state: Weak<PublicState>) {
    // Said once per outage.
    let mut said = false;
    let say = |said: &mut bool, error: &dyn std::fmt::Display| {
        if !std::mem::replace(said, true) {
            tracing::warn!(%error, "public state: changes unheard; read at every request meanwhile");
        }
    };
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen_all([CHANNEL, FORUM_CHANNEL]).await {
                Ok(()) => {
                    let Some(s) = state.upgrade() else { return };
                    said = false;
                    s.forget();
                    s.listening.store(true, Ordering::Release);
                    drop(s);
                    loop {
                        // `try_recv`, not `recv`: `recv` would reconnect by itself and
                        // never say that notifications were missed meanwhile.
                        match listener.try_recv().await {
                            Ok(Some(heard)) => match state.upgrade() {
                                Some(s) if heard.channel() == FORUM_CHANNEL => {
                                    s.forum.fetch_add(1, Ordering::AcqRel);
                                }
                                Some(s) => s.forget(),
                                None => return,
                            },
                            Ok(None) => {
                                say(&mut said, &"the connection was lost");
                                break;
                            }
                            Err(error) => {
                                say(&mut said, &error);
                                break;
                            }
                        }
                    }
                }
                Err(error) => say(&mut said, &error),
            },
            Err(error) => say(&mut said, &error),
        }
        match state.upgrade() {
            Some(s) => {
                s.listening.store(false, Ordering::Release);
                s.forget();
            }
            None => return,
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
