//! A space's first steps, the checklist of its dashboard's overview: personalise the
//! space's name and colour, invite the first members, create a shared calendar and a shared
//! folder, install the phone and desktop apps, find help. A step is ticked by itself where
//! the portal can see it (members besides the referent; a name or colour other than those
//! provisioning set, read from the space's public capabilities), by hand otherwise (kept in
//! `first_steps`, with who ticked it).
//!
//! Each space also has a welcome page for its members, at an unguessable address (the
//! space's `welcome_token`, made by the database at random), which its referent sends them:
//! how to log in, the apps, where to ask. The referent may change its address if it leaked.

use chrono::NaiveDateTime;
use common::states::{FirstStep, MemberAction, SpaceHealth, SpaceState};

use super::space::space_url;
use super::{Referent, SpaceOnFile};
use crate::{Ctx, Result};

/// Nextcloud's own primary colour (`ThemingDefaults`), which provisioning leaves as it is.
const DEFAULT_COLOR: &str = "#00679e";

/// How a step came to be done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Done {
    No,
    /// The portal saw it done in the space.
    Seen,
    /// Ticked by hand, by this person, then (Paris time).
    ByHand {
        by: String,
        at: NaiveDateTime,
    },
}

/// The checklist of a space, in its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    pub steps: Vec<(FirstStep, Done)>,
    /// The members' welcome page's token.
    pub welcome_token: String,
}

impl Checklist {
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|(_, d)| *d != Done::No).count()
    }
}

/// The checklist of the referent's space. The appearance is read from the space's public
/// capabilities (within the dashboard's five seconds); a space that does not answer leaves
/// that step as it was ticked by hand, or not done.
pub async fn checklist(ctx: &Ctx, referent: &Referent) -> Result<Checklist> {
    let space_id = referent.space_id();
    let by_hand: Vec<(FirstStep, String, NaiveDateTime)> = sqlx::query_as(
        "select step, done_by, done_at at time zone 'Europe/Paris'
         from first_steps where space_id = $1",
    )
    .bind(space_id)
    .fetch_all(&ctx.pool)
    .await?;
    type Row = (
        String,
        Option<i32>,
        bool,
        Option<String>,
        SpaceState,
        Option<SpaceHealth>,
    );
    let (welcome_token, accounts, members_made, name, state, health): Row = sqlx::query_as(
        "select s.welcome_token, s.accounts,
                exists (select 1 from member_events e where e.space_id = s.id
                        and e.action = any($2)),
                a.structure_name, s.state, s.health
         from spaces s left join applications a on a.id = s.application_id
         where s.id = $1",
    )
    .bind(space_id)
    .bind(vec![MemberAction::Created, MemberAction::Joined])
    .fetch_one(&ctx.pool)
    .await?;
    let members_seen = members_made || accounts.is_some_and(|n| n > 1);
    // A space the sweep found unhealthy is not asked: the page must not wait for it.
    let answers = health.is_none_or(|h| h == SpaceHealth::Ok);
    let appearance_seen =
        state == SpaceState::Active && answers && appearance_changed(ctx, space_id, name).await;
    let steps = FirstStep::ALL
        .iter()
        .map(|&step| {
            let seen = match step {
                FirstStep::Appearance => appearance_seen,
                FirstStep::Members => members_seen,
                _ => false,
            };
            let done = match by_hand.iter().find(|(s, _, _)| *s == step) {
                _ if seen => Done::Seen,
                Some((_, by, at)) => Done::ByHand {
                    by: by.clone(),
                    at: *at,
                },
                None => Done::No,
            };
            (step, done)
        })
        .collect();
    Ok(Checklist {
        steps,
        welcome_token,
    })
}

/// Whether the space's name or colour is no longer what provisioning left (read from the
/// capabilities any client reads; `false` when the space does not answer).
async fn appearance_changed(ctx: &Ctx, space_id: i64, provisioned_name: Option<String>) -> bool {
    let Ok(Some(space)) = SpaceOnFile::load(ctx, space_id).await else {
        return false;
    };
    let Ok(ocs) = space.dashboard_ocs(ctx).await else {
        return false;
    };
    let Ok(caps) = ocs.capabilities().await else {
        return false;
    };
    let theming = &caps["capabilities"]["theming"];
    let color = theming["color"].as_str().unwrap_or(DEFAULT_COLOR);
    let name = theming["name"].as_str().unwrap_or_default();
    let provisioned: String = provisioned_name
        .unwrap_or_else(|| space.slug.clone())
        .chars()
        .filter(|c| !c.is_control())
        .take(250)
        .collect();
    !color.eq_ignore_ascii_case(DEFAULT_COLOR) || name != provisioned
}

/// Ticks `step` by hand (`done`), or takes the tick back.
pub async fn tick(ctx: &Ctx, referent: &Referent, step: FirstStep, done: bool) -> Result<()> {
    if done {
        sqlx::query(
            "insert into first_steps (space_id, step, done_by) values ($1, $2, left($3, 200))
             on conflict (space_id, step) do nothing",
        )
        .bind(referent.space_id())
        .bind(step)
        .bind(referent.display_name())
        .execute(&ctx.pool)
        .await?;
    } else {
        sqlx::query("delete from first_steps where space_id = $1 and step = $2")
            .bind(referent.space_id())
            .bind(step)
            .execute(&ctx.pool)
            .await?;
    }
    Ok(())
}

/// Gives the members' welcome page a new address; the old one stops working.
pub async fn new_welcome_address(ctx: &Ctx, referent: &Referent) -> Result<()> {
    sqlx::query(
        "update spaces set welcome_token = replace(gen_random_uuid()::text, '-', '')
                                         || replace(gen_random_uuid()::text, '-', '')
         where id = $1",
    )
    .bind(referent.space_id())
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

/// What the members' welcome page of a space says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Welcome {
    /// The association's name, as it applied.
    pub name: String,
    /// The space's address.
    pub url: String,
    pub forum_url: String,
    /// Whether the space is open now.
    pub open: bool,
}

/// The welcome page of the space whose token `token` is (anyone holding the address may read
/// it: it says nothing a member would not be told); `None` for any other token.
pub async fn welcome(ctx: &Ctx, token: &str) -> Result<Option<Welcome>> {
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let row: Option<(String, Option<String>, SpaceState, Option<String>)> = sqlx::query_as(
        "select s.slug, a.structure_name, s.state, h.ocs_url
         from spaces s left join applications a on a.id = s.application_id
              left join hosts h on h.id = s.host_id
         where s.welcome_token = $1 and s.state <> $2",
    )
    .bind(token)
    .bind(SpaceState::Deleted)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(row.map(|(slug, name, state, ocs_url)| Welcome {
        url: space_url(ctx, ocs_url.as_deref(), &slug),
        name: name.unwrap_or(slug),
        forum_url: ctx.settings.dashboard.forum_url.clone(),
        open: state == SpaceState::Active,
    }))
}
