//! Demo content for `make run`, written once: a marker row records that it was done, so
//! running the demo again changes nothing.

use crate::accounts::{self, Role};
use crate::{newsletter, Ctx, Email, Lang, Result};

pub const DEMO_ADMIN: &str = "admin@demo.frama.example";
pub const DEMO_MODERATOR: &str = "moderation@demo.frama.example";

fn demo_email(address: &str) -> Email {
    Email::parse(address).expect("the demo addresses are valid")
}

/// Seeds the demo content unless it was seeded before; true when it wrote something.
pub async fn seed(ctx: &Ctx) -> Result<bool> {
    let pool = &ctx.pool;
    let mut tx = pool.begin().await?;
    let first = sqlx::query("insert into demo_seed (name) values ('v1') on conflict do nothing")
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if first {
        for (email, lang) in [
            ("camille@asso-des-jardins.example", Lang::Fr),
            ("dominique@collectif-velo.example", Lang::Fr),
            ("sam@food-coop.example", Lang::En),
        ] {
            newsletter::insert_confirmed(&mut tx, &demo_email(email), lang).await?;
        }
    }
    // Registrations open for two months from the first demo run, so that the form is there.
    let window =
        sqlx::query("insert into demo_seed (name) values ('v2-window') on conflict do nothing")
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if window {
        sqlx::query(
            "insert into registration_windows (opens_at, closes_at, note_fr, note_en)
             values (now() - interval '1 day', date_trunc('day', now()) + interval '60 days 18 hours',
                     'Vague de démonstration : les demandes ne créent aucun espace réel.',
                     'Demonstration wave: applications create no real space.')
             on conflict do nothing",
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if first {
        // The team of the demo: log in at /equipe/connexion, read the link at /dev/courriels.
        accounts::add_staff(ctx, &demo_email(DEMO_ADMIN), Role::Admin).await?;
        accounts::add_staff(ctx, &demo_email(DEMO_MODERATOR), Role::Moderator).await?;
    }
    Ok(first || window)
}
