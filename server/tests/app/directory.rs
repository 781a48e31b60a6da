//! The directory of associations: a space is in it only once its administrators tick the
//! box, with what they wrote; other spaces find it by words, cause and place, and find
//! nothing of a space that did not opt in, left, or is not active.

use sqlx::PgPool;

use app::pages::space::directory::DirectoryOutcome;

use crate::support::{shown_in_main, TestApp};

const OURS: &str = "/espace/les-amis/associations";
const THEIRS: &str = "/espace/autre-asso/associations";

async fn two_spaces(app: &TestApp) -> (String, String) {
    let ctx = app.state.ctx.clone();
    testkit::applicants::space_without_host(&ctx, "les-amis", "amis@example.org").await;
    testkit::applicants::space_without_host(&ctx, "autre-asso", "autre@example.org").await;
    let ours = app.log_in_to_space("les-amis", "amis@example.org").await;
    let theirs = app.log_in_to_space("autre-asso", "autre@example.org").await;
    (ours, theirs)
}

const ENTRY: &str =
    "listed=yes&name=Les%20Amis%20du%20Quartier&cause=culture&place=75&text=Jardin%20partag%C3%A9%20et%20f%C3%AAtes%20de%20rue";

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_space_opts_in_and_others_find_only_what_it_wrote(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (ours, theirs) = two_spaces(&app).await;

    // The page drafts an entry from the application, not listed; a GET writes nothing.
    let page = app.get_with(OURS, &[("cookie", &ours)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(shown_in_main(
        &page.body,
        "Votre association n’est pas dans l’annuaire"
    ));
    assert_eq!(app.count("space_directory").await, 0);

    // Refused beside each field, what was typed kept, nothing saved.
    let res = app
        .post_with(
            OURS,
            &ours,
            "listed=yes&name=&cause=astrologie&place=999&text=Un%20texte%20gard%C3%A9",
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    for id in [
        "directory-name-error",
        "directory-cause-error",
        "directory-place-error",
    ] {
        assert!(res.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(res.body.contains("Un texte gardé"), "what was typed stays");
    assert_eq!(app.count("space_directory").await, 0);

    // Saved, listed.
    let res = app.post_with(OURS, &ours, ENTRY).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        res.header("location"),
        Some(app::actions::outcome_query(OURS, &DirectoryOutcome::Listed).as_str())
    );

    // The other space finds it by words (accents and plurals aside), cause and place.
    for (query, found) in [
        ("?q=jardins", true),
        ("?q=fete", true),
        ("?q=potager", false),
        ("?q=f%C3%AAtes&cause=culture", true),
        ("?cause=sport", false),
        ("?lieu=75", true),
        ("?lieu=13", false),
        ("?q=&cause=&lieu=", true),
    ] {
        let page = app
            .get_with(&format!("{THEIRS}{query}"), &[("cookie", &theirs)])
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(
            shown_in_main(&page.body, "Les Amis du Quartier"),
            found,
            "{query}"
        );
    }
    // A space does not find itself, nor one that did not opt in.
    let page = app
        .get_with(&format!("{OURS}?q="), &[("cookie", &ours)])
        .await;
    assert!(shown_in_main(
        &page.body,
        "Aucune association ne correspond"
    ));

    // Markup in what a space wrote is shown as text.
    let res = app
        .post_with(
            OURS,
            &ours,
            "listed=yes&name=%3Cb%3ELes%20Amis%3C%2Fb%3E&cause=culture&place=75&text=",
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = app
        .get_with(&format!("{THEIRS}?q="), &[("cookie", &theirs)])
        .await;
    assert!(page.body.contains("&lt;b&gt;Les Amis&lt;/b&gt;"));
    assert!(!page.body.contains("<b>Les Amis</b>"));

    // Suspended, then out of the directory: found no more.
    let id: i64 = sqlx::query_scalar("select id from spaces where slug = 'les-amis'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    testkit::hosts::set_state(&app.pool, id, common::states::SpaceState::Suspended).await;
    let page = app
        .get_with(&format!("{THEIRS}?q="), &[("cookie", &theirs)])
        .await;
    assert!(!shown_in_main(&page.body, "&lt;b&gt;Les Amis&lt;/b&gt;"));
    testkit::hosts::set_state(&app.pool, id, common::states::SpaceState::Active).await;
    let res = app
        .post_with(OURS, &ours, "name=Les%20Amis&cause=culture&place=75&text=")
        .await;
    assert_eq!(
        res.header("location"),
        Some(app::actions::outcome_query(OURS, &DirectoryOutcome::Unlisted).as_str())
    );
    let page = app
        .get_with(&format!("{THEIRS}?q="), &[("cookie", &theirs)])
        .await;
    assert!(!shown_in_main(&page.body, "Les Amis Partis"));
    assert!(shown_in_main(
        &page.body,
        "Aucune association ne correspond"
    ));
    let page = app.get_with(OURS, &[("cookie", &ours)]).await;
    assert!(shown_in_main(
        &page.body,
        "Votre association n’est pas dans l’annuaire"
    ));
}
