//! The directory of spaces open to connections with other associations.
//!
//! A space is in it only once someone who administers it chose to be (`listed`), with a
//! name, a cause, a place and a short text of its own; it leaves as easily. Only the
//! dashboards of other spaces read it, and they see nothing of a space that did not opt in
//! or is not active: no address, no member, no figure. A search is by words (PostgreSQL's
//! French configuration, accents aside: `french_unaccent`), cause and place.

use common::application::{clean_line, clean_text, required, FIELDS_OF_ACTION};
use common::states::SpaceState;
use common::ErrorCode;

use super::Referent;
use crate::{Ctx, Result};

/// A name, at most.
pub const NAME_MAX: usize = 120;
/// The short text, at most.
pub const TEXT_MAX: usize = 600;
/// Results of a search, at most.
pub const RESULTS_MAX: i64 = 50;

/// A space's entry as its dashboard edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub listed: bool,
    pub name: String,
    /// One of [`FIELDS_OF_ACTION`].
    pub cause: String,
    /// A department's or a country's code (`common::places`).
    pub place: String,
    pub text: String,
}

/// `by`'s space's entry, or one drafted from its application (name, field of action, place),
/// not listed, when it has none yet.
pub async fn entry(ctx: &Ctx, by: &Referent) -> Result<Entry> {
    let saved: Option<(bool, String, String, String, String)> = sqlx::query_as(
        "select listed, name, cause, place, description from space_directory where space_id = $1",
    )
    .bind(by.space_id())
    .fetch_optional(&ctx.pool)
    .await?;
    if let Some((listed, name, cause, place, text)) = saved {
        return Ok(Entry {
            listed,
            name,
            cause,
            place,
            text,
        });
    }
    let drafted: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "select a.structure_name, a.field_of_action, a.location
         from spaces s left join applications a on a.id = s.application_id where s.id = $1",
    )
    .bind(by.space_id())
    .fetch_optional(&ctx.pool)
    .await?;
    let (name, cause, place) = drafted.unwrap_or_default();
    Ok(Entry {
        listed: false,
        name: name.unwrap_or_default().chars().take(NAME_MAX).collect(),
        cause: cause
            .filter(|c| FIELDS_OF_ACTION.contains(&c.as_str()))
            .unwrap_or_default(),
        place: place
            .filter(|p| common::places::Place::parse(p).is_some())
            .unwrap_or_default(),
        text: String::new(),
    })
}

/// An entry as typed, checked field by field: `(field, why)` for each one refused.
pub fn check(typed: &Entry) -> std::result::Result<Entry, Vec<(&'static str, ErrorCode)>> {
    let mut errors = Vec::new();
    let mut keep = |field: &'static str, v: std::result::Result<String, ErrorCode>| match v {
        Ok(v) => v,
        Err(code) => {
            errors.push((field, code));
            String::new()
        }
    };
    let name = keep("name", required(clean_line(&typed.name, NAME_MAX)));
    let cause = keep(
        "cause",
        Some(typed.cause.trim())
            .filter(|c| FIELDS_OF_ACTION.contains(c))
            .map(str::to_string)
            .ok_or(ErrorCode::ChoiceRequired),
    );
    let place = keep(
        "place",
        Some(typed.place.trim())
            .filter(|p| common::places::Place::parse(p).is_some())
            .map(str::to_string)
            .ok_or(ErrorCode::ChoiceRequired),
    );
    let text = keep("text", clean_text(&typed.text, TEXT_MAX));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Entry {
        listed: typed.listed,
        name,
        cause,
        place,
        text,
    })
}

/// Saves `by`'s space's entry (checked by [`check`]).
pub async fn save(ctx: &Ctx, by: &Referent, entry: &Entry) -> Result<()> {
    sqlx::query(
        "insert into space_directory (space_id, listed, name, cause, place, description)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (space_id) do update
         set listed = excluded.listed, name = excluded.name, cause = excluded.cause,
             place = excluded.place, description = excluded.description, updated_at = now()",
    )
    .bind(by.space_id())
    .bind(entry.listed)
    .bind(&entry.name)
    .bind(&entry.cause)
    .bind(&entry.place)
    .bind(&entry.text)
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

/// What a search asks: words, a cause, a place (each may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub words: String,
    pub cause: String,
    pub place: String,
}

/// A listed space, as another space's dashboard finds it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Listed {
    /// The directory's handle on it (the space's id: only listed spaces are ever shown).
    pub id: i64,
    pub name: String,
    pub cause: String,
    pub place: String,
    pub text: String,
}

/// The listed, active spaces other than `by`'s that match `search`, best first.
pub async fn search(ctx: &Ctx, by: &Referent, search: &Search) -> Result<Vec<Listed>> {
    let words: String = search.words.chars().take(200).collect();
    let words = words.trim();
    Ok(sqlx::query_as(
        "select d.space_id as id, d.name, d.cause, d.place, d.description as text
         from space_directory d join spaces s on s.id = d.space_id
         where d.listed and s.state = $2 and d.space_id <> $1
           and ($3 = '' or d.search @@ websearch_to_tsquery('french_unaccent', $3))
           and ($4 = '' or d.cause = $4)
           and ($5 = '' or d.place = $5)
         order by case when $3 = '' then 0
                       else ts_rank(d.search, websearch_to_tsquery('french_unaccent', $3)) end desc,
                  d.name
         limit $6",
    )
    .bind(by.space_id())
    .bind(SpaceState::Active)
    .bind(words)
    .bind(search.cause.trim())
    .bind(search.place.trim())
    .bind(RESULTS_MAX)
    .fetch_all(&ctx.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(name: &str, cause: &str, place: &str, text: &str) -> Entry {
        Entry {
            listed: true,
            name: name.into(),
            cause: cause.into(),
            place: place.into(),
            text: text.into(),
        }
    }

    #[test]
    fn an_entry_is_checked_field_by_field() {
        let ok = check(&typed(
            " Les Amis ",
            "culture",
            "75",
            "Un  texte\r\nsur deux lignes",
        ));
        assert_eq!(ok.unwrap().text, "Un  texte\nsur deux lignes");
        let refused = check(&typed("", "nope", "999", &"x".repeat(TEXT_MAX + 1))).unwrap_err();
        assert_eq!(
            refused,
            vec![
                ("name", ErrorCode::Required),
                ("cause", ErrorCode::ChoiceRequired),
                ("place", ErrorCode::ChoiceRequired),
                ("text", ErrorCode::TextTooLong),
            ]
        );
        let refused = check(&typed("Les\nAmis", "culture", "75", "a\u{0}b")).unwrap_err();
        assert_eq!(
            refused,
            vec![
                ("name", ErrorCode::ControlCharacters),
                ("text", ErrorCode::ControlCharacters),
            ]
        );
    }
}
