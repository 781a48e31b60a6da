//! The second factor: a TOTP key (RFC 6238, what authenticator apps use) kept encrypted,
//! each code accepted once, and ten single-use recovery codes kept hashed.

use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

use super::logins::{open_login, stored_login_id, Pending};
use super::Staff;
use crate::{crypto, rate_limit, Ctx, Result};

const PURPOSE: &str = "totp";
const STEP: u64 = 30;
const RECOVERY_CODES: usize = 10;

/// Who is setting up or using a second factor: someone half-way through logging in, or a
/// logged-in staff member adding one from the staff area.
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Pending(&'a Pending),
    Staff(&'a Staff),
}

impl<'a> From<&'a Pending> for Who<'a> {
    fn from(p: &'a Pending) -> Self {
        Who::Pending(p)
    }
}

impl<'a> From<&'a Staff> for Who<'a> {
    fn from(s: &'a Staff) -> Self {
        Who::Staff(s)
    }
}

impl Who<'_> {
    fn id(&self) -> i64 {
        match self {
            Who::Pending(p) => p.staff_id(),
            Who::Staff(s) => s.id(),
        }
    }

    /// Whether this caller may replace a second factor the account already has: only a
    /// login that passed it. A login link alone (a pending login, or a session opened before
    /// the factor was set up) may set one up only where there is none yet, so a stolen
    /// mailbox can neither read a pending key nor swap the factor.
    fn may_replace(&self) -> bool {
        match self {
            Who::Pending(_) => false,
            Who::Staff(s) => s.second_factor(),
        }
    }
}

/// How long a key begun and not confirmed stays usable.
const PENDING_MINUTES: i32 = 15;

struct PendingKey {
    email: String,
    sealed: Vec<u8>,
    key: Vec<u8>,
}

/// What the set-up page shows: the key as text and as a QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrolment {
    /// Base32, in groups of four for reading aloud or typing.
    pub secret: String,
    /// `otpauth://` URI, what the QR code holds.
    pub uri: String,
    /// The QR code as inline SVG.
    pub qr_svg: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// Accepted. For a pending login, the new login id; for a logged-in member, none.
    Accepted {
        login_id: Option<String>,
        /// Set when the second factor was just set up: shown once, never again.
        recovery_codes: Vec<String>,
    },
    Wrong,
    RateLimited,
}

fn totp(secret: Vec<u8>) -> Option<TOTP> {
    TOTP::new(Algorithm::SHA1, 6, 1, STEP, secret).ok()
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The time step a code belongs to (now, or one step either side), if it matches.
fn matching_step(totp: &TOTP, code: &str, now: u64) -> Option<i64> {
    let current = now / STEP;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| {
            let expected = totp.generate(step * STEP);
            constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
        .map(|s| s as i64)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Draws a new key and keeps it, encrypted, as the account's pending key (replacing any
/// earlier one) for [`PENDING_MINUTES`]. Done by a POST: the set-up page only reads it.
/// Returns false, and changes nothing, when the caller may not set up a factor (the account
/// has one and this login did not pass it).
pub async fn begin_enrolment<'a>(ctx: &Ctx, who: impl Into<Who<'a>>) -> Result<bool> {
    let who = who.into();
    let mut secret = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut secret);
    let begun = sqlx::query(
        "update staff_accounts set totp_pending = $2, totp_pending_at = now()
         where id = $1 and (totp_secret is null or $3)",
    )
    .bind(who.id())
    .bind(crypto::seal(&ctx.settings.secret_key, PURPOSE, &secret))
    .bind(who.may_replace())
    .execute(&ctx.pool)
    .await?;
    Ok(begun.rows_affected() == 1)
}

/// The pending key this caller may use: begun less than [`PENDING_MINUTES`] ago, and on an
/// account without a second factor unless this login passed it.
/// Gives the account's address, the key as stored (sealed) and the key.
async fn pending_key(ctx: &Ctx, who: Who<'_>) -> Result<Option<PendingKey>> {
    let row: Option<(String, Vec<u8>)> = sqlx::query_as(
        "select email, totp_pending from staff_accounts
         where id = $1 and totp_pending is not null
           and totp_pending_at > now() - make_interval(mins => $2)
           and (totp_secret is null or $3)",
    )
    .bind(who.id())
    .bind(PENDING_MINUTES)
    .bind(who.may_replace())
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(row.and_then(|(email, sealed)| {
        let key = crypto::open(&ctx.settings.secret_key, PURPOSE, &sealed)?;
        Some(PendingKey { email, sealed, key })
    }))
}

/// The pending key to show, if set-up has begun. Reads only.
pub async fn pending_enrolment<'a>(
    ctx: &Ctx,
    who: impl Into<Who<'a>>,
) -> Result<Option<Enrolment>> {
    let Some(PendingKey { email, key, .. }) = pending_key(ctx, who.into()).await? else {
        return Ok(None);
    };
    let Some(totp) = totp(key) else {
        return Ok(None);
    };
    let base32 = totp.get_secret_base32();
    let issuer = &ctx.settings.site.name;
    let uri = format!(
        "otpauth://totp/{}:{}?secret={base32}&issuer={}&algorithm=SHA1&digits=6&period={STEP}",
        encode(issuer),
        encode(&email),
        encode(issuer)
    );
    let qr_svg = qrcode::QrCode::new(uri.as_bytes())
        .map(|code| {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .build();
            // Inline in a page: no XML prolog.
            match svg.find("<svg") {
                Some(i) => svg[i..].to_string(),
                None => svg,
            }
        })
        .unwrap_or_default();
    let secret = base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Some(Enrolment {
        secret,
        uri,
        qr_svg,
    }))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Confirms set-up with a code from the app: the pending key becomes the account's key,
/// ten recovery codes are made, and the login passes the second factor.
pub async fn finish_enrolment<'a>(
    ctx: &Ctx,
    who: impl Into<Who<'a>>,
    code: &str,
) -> Result<CodeCheck> {
    let who = who.into();
    if !attempt_allowed(ctx, who).await? {
        return Ok(CodeCheck::RateLimited);
    }
    let Some(PendingKey { sealed, key, .. }) = pending_key(ctx, who).await? else {
        return Ok(CodeCheck::Wrong);
    };
    let Some(step) = totp(key).and_then(|t| matching_step(&t, &digits(code), now_secs())) else {
        return Ok(CodeCheck::Wrong);
    };
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let mut tx = ctx.pool.begin().await?;
    // The same conditions as the read, again in the write: a factor set up meanwhile by
    // another login, or the key replaced, leaves this code refused.
    let confirmed = sqlx::query(
        "update staff_accounts set totp_secret = totp_pending, totp_pending = null,
           totp_pending_at = null, totp_last_step = $2, totp_enabled_at = now()
         where id = $1 and totp_pending = $3
           and totp_pending_at > now() - make_interval(mins => $4)
           and (totp_secret is null or $5)",
    )
    .bind(who.id())
    .bind(step)
    .bind(&sealed)
    .bind(PENDING_MINUTES)
    .bind(who.may_replace())
    .execute(&mut *tx)
    .await?;
    if confirmed.rows_affected() != 1 {
        return Ok(CodeCheck::Wrong);
    }
    sqlx::query("delete from staff_recovery_codes where staff_id = $1")
        .bind(who.id())
        .execute(&mut *tx)
        .await?;
    for code in &codes {
        sqlx::query("insert into staff_recovery_codes (staff_id, code_hash) values ($1, $2)")
            .bind(who.id())
            .bind(hash_recovery(code))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let login_id = after_second_factor(ctx, who).await?;
    Ok(CodeCheck::Accepted {
        login_id,
        recovery_codes: codes,
    })
}

/// Checks a code for a login waiting for its second factor: a code from the app (each
/// accepted once) or an unused recovery code (then used up).
pub async fn check_code(ctx: &Ctx, pending: &Pending, code: &str) -> Result<CodeCheck> {
    let who = Who::Pending(pending);
    if !attempt_allowed(ctx, who).await? {
        return Ok(CodeCheck::RateLimited);
    }
    if !code_accepted(ctx, who, code).await? {
        return Ok(CodeCheck::Wrong);
    }
    Ok(CodeCheck::Accepted {
        login_id: after_second_factor(ctx, who).await?,
        recovery_codes: Vec::new(),
    })
}

/// An administrator proves again, with a fresh code, that the second factor is at hand,
/// before an action that could reach every space (a host's command templates). The same
/// codes as at login, each accepted once, under the same rate limit. Changes no login.
pub async fn confirm_again(ctx: &Ctx, admin: &super::Admin, code: &str) -> Result<CodeCheck> {
    // The operator's command line has no second factor to show.
    let Some(staff) = admin.staff() else {
        return Ok(CodeCheck::Wrong);
    };
    let who = Who::Staff(staff);
    if !attempt_allowed(ctx, who).await? {
        return Ok(CodeCheck::RateLimited);
    }
    if !code_accepted(ctx, who, code).await? {
        return Ok(CodeCheck::Wrong);
    }
    Ok(CodeCheck::Accepted {
        login_id: None,
        recovery_codes: Vec::new(),
    })
}

/// Whether `code` is the account's: a code from its app for a step later than the last one
/// used, or an unused recovery code; either is used up.
async fn code_accepted(ctx: &Ctx, who: Who<'_>, code: &str) -> Result<bool> {
    let sealed: Option<Vec<u8>> =
        sqlx::query_scalar("select totp_secret from staff_accounts where id = $1")
            .bind(who.id())
            .fetch_optional(&ctx.pool)
            .await?
            .flatten();
    let secret = sealed.and_then(|s| crypto::open(&ctx.settings.secret_key, PURPOSE, &s));
    let step = secret
        .and_then(totp)
        .and_then(|t| matching_step(&t, &digits(code), now_secs()));
    let accepted = match step {
        // A code is good once: the step must be later than the last one used.
        Some(step) => {
            sqlx::query(
                "update staff_accounts set totp_last_step = $2
                 where id = $1 and (totp_last_step is null or totp_last_step < $2)",
            )
            .bind(who.id())
            .bind(step)
            .execute(&ctx.pool)
            .await?
            .rows_affected()
                == 1
        }
        None => {
            sqlx::query(
                "update staff_recovery_codes set used_at = now()
                 where staff_id = $1 and code_hash = $2 and used_at is null",
            )
            .bind(who.id())
            .bind(hash_recovery(code))
            .execute(&ctx.pool)
            .await?
            .rows_affected()
                == 1
        }
    };
    Ok(accepted)
}

/// A pending login becomes a login; a logged-in member's login is marked as having
/// passed the second factor.
async fn after_second_factor(ctx: &Ctx, who: Who<'_>) -> Result<Option<String>> {
    match who {
        Who::Pending(p) => Ok(Some(open_login(ctx, p.staff_id(), true).await?)),
        Who::Staff(s) => {
            sqlx::query("update staff_logins set second_factor = true where id = $1")
                .bind(stored_login_id(s.login_id()))
                .execute(&ctx.pool)
                .await?;
            Ok(None)
        }
    }
}

async fn attempt_allowed(ctx: &Ctx, who: Who<'_>) -> Result<bool> {
    Ok(rate_limit::hit(
        &ctx.pool,
        &format!("staff-code:{}", who.id()),
        ctx.settings.staff.code_attempts_per_quarter_hour,
        900,
    )
    .await?)
}

/// What was typed, without spaces (apps show codes as "123 456").
fn digits(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Ten characters without look-alikes, as `abcde-fghij`.
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let raw: String = (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..5], &raw[5..])
}

fn hash_recovery(code: &str) -> Vec<u8> {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Sha256::digest(normal.as_bytes()).to_vec()
}

/// The code an authenticator app shows now for the account's key; for tests and tools.
pub fn code_for(secret_base32: &str, at: u64) -> Option<String> {
    let raw = totp_rs::Secret::Encoded(secret_base32.replace(' ', ""))
        .to_bytes()
        .ok()?;
    Some(totp(raw)?.generate(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vector() {
        // RFC 6238, appendix B: the ASCII key "12345678901234567890" at 59 s gives
        // 94287082 in eight digits; six digits are its last six.
        let t = totp(b"12345678901234567890".to_vec()).unwrap();
        assert_eq!(t.generate(59), "287082");
        assert_eq!(matching_step(&t, "287082", 59), Some(1));
        assert_eq!(
            matching_step(&t, "287082", 59 + 30),
            Some(1),
            "one step late"
        );
        assert_eq!(matching_step(&t, "287082", 59 + 90), None);
    }

    #[test]
    fn recovery_codes_are_typed_loosely() {
        let c = recovery_code();
        assert_eq!(c.len(), 11);
        assert_eq!(
            hash_recovery(&c),
            hash_recovery(&c.to_uppercase().replace('-', " "))
        );
    }
}
