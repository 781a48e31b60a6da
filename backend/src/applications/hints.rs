//! What helps a moderator decide: hints (words that suggest a company, a public body or a
//! large organisation) and the possible duplicates of an application (same address family,
//! referent or name).

use common::states::ApplicationStatus;

use super::moderation::ApplicationDetail;
use crate::accounts::IsStaff;
use crate::{Ctx, Result};

/// Something in an application that a moderator should look at twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// Words of a company (SARL, SAS, entreprise…).
    Company,
    /// Words of a school or university.
    School,
    /// Words of a town hall or another public body.
    PublicBody,
    /// Words of a large or national organisation.
    LargeOrganisation,
    /// Asks for every account or all the storage a space has.
    NeedsAtTheLimit,
    /// A budget of more than 50,000 € a year.
    LargeBudget,
}

impl Hint {
    pub fn as_str(self) -> &'static str {
        match self {
            Hint::Company => "company",
            Hint::School => "school",
            Hint::PublicBody => "public-body",
            Hint::LargeOrganisation => "large-organisation",
            Hint::NeedsAtTheLimit => "needs-at-the-limit",
            Hint::LargeBudget => "large-budget",
        }
    }
}

/// Words that suggest what kind of body an application really comes from, matched as whole
/// words in the name and the purpose, without accents or case.
const HINT_WORDS: &[(Hint, &[&str])] = &[
    (
        Hint::Company,
        &[
            "sarl",
            "sas",
            "sasu",
            "eurl",
            "sci",
            "entreprise",
            "societe",
            "startup",
            "start-up",
            "auto-entrepreneur",
            "micro-entreprise",
            "agence",
            "cabinet",
            "ltd",
            "inc",
            "gmbh",
        ],
    ),
    (
        Hint::School,
        &[
            "ecole",
            "college",
            "lycee",
            "universite",
            "academie",
            "rectorat",
            "inspe",
            "school",
            "university",
        ],
    ),
    (
        Hint::PublicBody,
        &[
            "mairie",
            "municipalite",
            "prefecture",
            "intercommunalite",
            "agglomeration",
            "metropole",
            "ministere",
            "ccas",
        ],
    ),
    (
        Hint::LargeOrganisation,
        &["federation", "confederation", "nationale", "national"],
    ),
];

/// The words of `text`, folded to lower-case ASCII (hyphens kept inside words).
fn words(text: &str) -> Vec<String> {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The eligibility hints of an application's answers.
pub fn hints(ctx: &Ctx, a: &ApplicationDetail) -> Vec<Hint> {
    let said: Vec<String> = words(&a.structure_name)
        .into_iter()
        .chain(words(&a.purpose))
        .collect();
    let mut out: Vec<Hint> = HINT_WORDS
        .iter()
        .filter(|(_, list)| said.iter().any(|w| list.contains(&w.as_str())))
        .map(|(hint, _)| *hint)
        .collect();
    let site = &ctx.settings.site;
    if a.accounts >= site.accounts_per_space as i32 || a.storage_gb >= site.quota_gb as i32 {
        out.push(Hint::NeedsAtTheLimit);
    }
    if matches!(a.budget.as_str(), "50k-200k" | "over-200k") {
        out.push(Hint::LargeBudget);
    }
    out
}

/// Why another application looks like this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicateReason {
    SameEmail,
    SameIdentifier,
    SimilarName,
    SameAddressFamily,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub id: i64,
    pub structure_name: String,
    pub slug: String,
    pub status: ApplicationStatus,
    pub reasons: Vec<DuplicateReason>,
}

/// The root of an address's family: without a trailing number or the usual words the
/// suggestions add (`amis-etoile-2`, `amis-etoile-asso` → `amis-etoile`).
fn slug_family(slug: &str) -> &str {
    let mut root = slug;
    loop {
        let Some((head, tail)) = root.rsplit_once('-') else {
            return root;
        };
        let noise = tail.chars().all(|c| c.is_ascii_digit())
            || matches!(tail, "asso" | "association" | "collectif");
        if noise && head.len() >= 3 {
            root = head;
        } else {
            return root;
        }
    }
}

/// Other applications that may be the same structure: same e-mail, same registration
/// number, a similar name (trigram similarity), or an address of the same family.
pub async fn duplicates(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    a: &ApplicationDetail,
) -> Result<Vec<Duplicate>> {
    let family = slug_family(&a.slug).to_string();
    type Row = (
        i64,
        String,
        String,
        ApplicationStatus,
        bool,
        bool,
        bool,
        bool,
    );
    // One indexed look-up per reason, then the reasons of each one found: an `or` of the
    // four made PostgreSQL read the whole table (about 80 ms with 20,000 applications).
    // The family is `<family>` itself or `<family>-…`: the range from `<family>-` to
    // `<family>.` (the next byte) on the address in byte order.
    let rows: Vec<Row> = sqlx::query_as(
        "with found as (
             select id from applications where lower(referent_email) = lower($2)
             union
             select id from applications where identifier <> '' and identifier = $3
             union
             select id from applications where structure_name % $4
             union
             select id from applications
             where (slug collate \"C\") = $5
                or ((slug collate \"C\") >= $5 || '-' and (slug collate \"C\") < $5 || '.')
         )
         select a.id, a.structure_name, a.slug, a.status,
                lower(a.referent_email) = lower($2),
                a.identifier <> '' and a.identifier = $3,
                similarity(a.structure_name, $4) >= 0.45,
                a.slug = $5 or a.slug like $5 || '-%'
         from applications a join found using (id)
         where a.id <> $1 and a.anonymised_at is null
         order by a.id limit 20",
    )
    .bind(a.id)
    .bind(&a.referent_email)
    .bind(&a.identifier)
    .bind(&a.structure_name)
    .bind(&family)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, structure_name, slug, status, email, identifier, name, family)| {
                let reasons: Vec<DuplicateReason> = [
                    (email, DuplicateReason::SameEmail),
                    (identifier, DuplicateReason::SameIdentifier),
                    (name, DuplicateReason::SimilarName),
                    (family, DuplicateReason::SameAddressFamily),
                ]
                .into_iter()
                .filter(|(hit, _)| *hit)
                .map(|(_, reason)| reason)
                .collect();
                (!reasons.is_empty()).then_some(Duplicate {
                    id,
                    structure_name,
                    slug,
                    status,
                    reasons,
                })
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_family_drops_numbers_and_usual_words() {
        assert_eq!(slug_family("amis-etoile-2"), "amis-etoile");
        assert_eq!(slug_family("amis-etoile-asso-3"), "amis-etoile");
        assert_eq!(slug_family("amis-etoile"), "amis-etoile");
        assert_eq!(slug_family("ab-2"), "ab-2");
        assert_eq!(slug_family("velo"), "velo");
    }

    #[test]
    fn words_are_folded_for_hints() {
        assert_eq!(
            words("L’École de la SARL « Été »"),
            ["l", "ecole", "de", "la", "sarl", "ete"]
        );
    }
}
