//! Demo content for `make run`, written once: a marker row records that it was done, so
//! running the demo again changes nothing.

use crate::accounts::{self, Admin, Role};
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
        // `make run`'s own command line seeds it.
        let operator = Admin::command_line();
        accounts::add_staff(ctx, &operator, &demo_email(DEMO_ADMIN), Role::Admin).await?;
        accounts::add_staff(ctx, &operator, &demo_email(DEMO_MODERATOR), Role::Moderator).await?;
    }
    let applications = seed_applications(ctx).await?;
    Ok(first || window || applications)
}

/// A dozen applications of every sort, for the moderation queue: `(name, kind, place,
/// identifier, field, purpose, accounts, storage, budget, slug, e-mail, days since
/// confirmation)`.
type DemoApplication = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
);

const DEMO_APPLICATIONS: &[DemoApplication] = &[
    ("Les Jardins partagés du Blosne", "association", "35", "W352004512", "environment",
     "Partager le planning d’arrosage, les comptes et les photos des récoltes entre les 40 jardiniers.",
     "15", "10", "under-1k", "jardins-blosne", "alex@jardins-blosne.example", 41),
    ("Collectif Vélo Libre", "collective", "69", "", "environment",
     "Organiser nos ateliers d’autoréparation et partager les tutoriels.", "8", "5", "none",
     "velo-libre", "dominique@velo-libre.example", 24),
    ("Amicale des locataires de la Croix-Rousse", "club", "69", "W691003344", "housing",
     "Diffuser les comptes rendus d’assemblée et garder les courriers au bailleur.", "12", "4",
     "under-1k", "locataires-croix-rousse", "sam@locataires.example", 17),
    ("Vélo Services SARL", "other", "75", "", "other",
     "Gérer les plannings de nos techniciens et la facturation de nos clients.", "50", "40",
     "over-200k", "velo-services", "contact@velo-services.example", 12),
    ("Les Jardins partagés du Blosne (bureau)", "association", "35", "W352004512", "environment",
     "Un espace pour le bureau de l’association.", "5", "2", "under-1k", "jardins-blosne-2",
     "alex@jardins-blosne.example", 9),
    ("Chorale Arc-en-Ciel", "association", "31", "W313001122", "culture",
     "Partager les partitions, les enregistrements des répétitions et l’agenda des concerts.", "30",
     "20", "1k-10k", "chorale-arc-en-ciel", "camille@chorale.example", 8),
    ("Solidarité Exilés Calais", "association", "62", "W622005678", "solidarity",
     "Coordonner les maraudes et les permanences juridiques de nos 60 bénévoles.", "40", "15",
     "10k-50k", "solidarite-exiles-calais", "coordination@solidarite-exiles.example", 6),
    ("Association sportive de Sarreguemines", "association", "57", "Volume 45 folio 12", "sport",
     "Les licences, les plannings d’entraînement et les photos des matchs.", "20", "10",
     "1k-10k", "as-sarreguemines", "bureau@as-sarreguemines.example", 5),
    ("Radio Pikez", "association", "29", "W294000777", "media",
     "Stocker nos émissions et préparer les grilles à plusieurs.", "10", "40", "10k-50k",
     "radio-pikez", "antenne@radio-pikez.example", 3),
    ("Les Amis de la Bibliothèque de Liège", "association", "BE", "", "culture",
     "Préparer nos lectures publiques et partager les listes de livres.", "6", "3", "none",
     "amis-bibliotheque-liege", "amis@biblio-liege.example", 2),
    ("Repair Café Montreuil", "collective", "93", "", "digital-commons",
     "Le planning des bénévoles et la liste des objets réparés.", "10", "5", "none",
     "repair-cafe-montreuil", "repair@montreuil.example", 1),
    ("Parents d’élèves de l’école Jean-Jaurès", "association", "44", "W442009876", "education",
     "Les comptes rendus des conseils d’école et l’organisation de la kermesse.", "12", "5",
     "under-1k", "parents-jaures", "parents@jaures.example", 0),
];

/// Seeds the demo applications (once): sent and confirmed as an applicant would, aged,
/// one with a question from the demo moderator waiting for its answer.
async fn seed_applications(ctx: &Ctx) -> Result<bool> {
    use crate::applications::{self, moderation, ApplicationForm, Checked};
    let first = sqlx::query(
        "insert into demo_seed (name) values ('v3-applications') on conflict do nothing",
    )
    .execute(&ctx.pool)
    .await?
    .rows_affected()
        == 1;
    if !first {
        return Ok(false);
    }
    let mut ids = Vec::new();
    for (n, a) in DEMO_APPLICATIONS.iter().enumerate() {
        let (
            name,
            kind,
            place,
            identifier,
            field,
            purpose,
            accounts,
            storage,
            budget,
            slug,
            email,
            days,
        ) = *a;
        let form = ApplicationForm {
            structure_name: name.into(),
            kind: kind.into(),
            location: place.into(),
            identifier: identifier.into(),
            field_of_action: field.into(),
            field_detail: if field == "other" {
                "Services aux entreprises".into()
            } else {
                String::new()
            },
            purpose: purpose.into(),
            members: accounts.into(),
            accounts: accounts.into(),
            storage_gb: storage.into(),
            budget: budget.into(),
            slug: slug.into(),
            office: if n % 3 == 0 {
                "onlyoffice".into()
            } else {
                "collabora".into()
            },
            referent_name: "Camille Démo".into(),
            referent_email: email.into(),
            referent_role: "Secrétaire".into(),
            terms: "yes".into(),
            ..Default::default()
        };
        let Checked::Valid(app) = applications::check(&form, &ctx.settings.site) else {
            tracing::warn!(slug, "demo application refused by the form's rules");
            continue;
        };
        let client = crate::ClientAddr(format!("demo-{n}"));
        let sent = match applications::submit(ctx, &app, Lang::Fr, &client).await {
            Ok(sent) => sent,
            Err(error) => {
                tracing::warn!(slug, %error, "demo application not sent");
                continue;
            }
        };
        applications::confirm(ctx, &sent.confirm_token).await?;
        sqlx::query(
            "update applications set submitted_at = now() - make_interval(days => $2, hours => 2),
                 confirmed_at = now() - make_interval(days => $2)
             where id = $1",
        )
        .bind(sent.id)
        .bind(days)
        .execute(&ctx.pool)
        .await?;
        ids.push(sent.id);
    }
    // One waits for its answer to the demo moderator's question.
    if let (Some(id), Some(by)) = (
        ids.get(1),
        accounts::Staff::command_line(ctx, &demo_email(DEMO_MODERATOR)).await?,
    ) {
        let version: i32 = sqlx::query_scalar("select version from applications where id = $1")
            .bind(id)
            .fetch_one(&ctx.pool)
            .await?;
        let question = moderation::Decision::Ask {
            question: "Combien de personnes utiliseront l’espace régulièrement ?".into(),
        };
        if let Err(error) = moderation::decide(ctx, &by, *id, version, &question).await {
            tracing::warn!(%error, "demo question not asked");
        }
    }
    Ok(true)
}
