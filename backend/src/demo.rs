//! Demo content for `make run`, written once: a marker row records that it was done, so
//! running the demo again changes nothing.

use sqlx::PgPool;

use crate::{newsletter, Lang, Result};

/// Seeds the demo content unless it was seeded before; true when it wrote something.
pub async fn seed(pool: &PgPool) -> Result<bool> {
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
            newsletter::insert_confirmed(&mut tx, email, lang).await?;
        }
    }
    tx.commit().await?;
    Ok(first)
}
