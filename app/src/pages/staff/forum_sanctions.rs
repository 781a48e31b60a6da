//! Sanctions of the forum's people: each post's card on the moderation page links to the
//! page that silences or bans its author (`/equipe/forum/sanction/<post>`), through a day
//! and for a reason ([`SanctionAction`]); the moderation page lists the sanctions in force,
//! each with its button to lift it ([`LiftSanction`]).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, Action, IdParam, NoParams};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ChoiceField, ErrorSummary, TextField};
use crate::components::title::PageTitle;
use crate::forms::{FormErrors, PostedValues};
use crate::i18n::{use_i18n, Arg};
use common::states::SanctionKind;

use super::FORUM_MODERATION_PATH;

/// The page that sanctions the author of post `post`.
pub fn sanction_path(post: i64) -> String {
    format!("{FORUM_MODERATION_PATH}/sanction/{post}")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SanctionInput {
    /// Chosen on purpose: no button is checked at first.
    pub kind: Option<SanctionKind>,
    /// The sanction's last day, `2027-01-31`.
    pub until: String,
    pub reason: String,
}

/// What came of a sanction's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sanctioned {
    Silenced,
    Banned,
    Lifted,
}

impl Sanctioned {
    /// The notice the moderation page shows.
    pub fn key(self) -> &'static str {
        match self {
            Sanctioned::Silenced => "forum-sanction-done-silence",
            Sanctioned::Banned => "forum-sanction-done-ban",
            Sanctioned::Lifted => "forum-sanction-done-lift",
        }
    }
}

/// A forum moderator silences or bans the author of a post, from its page.
pub struct SanctionAction;

impl Action for SanctionAction {
    const ID: &'static str = "forum-sanction";
    const PATH: &'static str = "/equipe/forum/sanction/{id}";
    const EXAMPLE: &'static str = "/equipe/forum/sanction/1";
    const TEXT_FIELDS: &'static [&'static str] = &["until", "reason"];
    type Params = IdParam;
    type Input = SanctionInput;
    type Outcome = Sanctioned;

    fn examples() -> Vec<SanctionInput> {
        SanctionKind::ALL
            .iter()
            .map(|kind| SanctionInput {
                kind: Some(*kind),
                until: "2030-01-31".into(),
                reason: "Publicités répétées malgré un premier avertissement.".into(),
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        post: IdParam,
        input: SanctionInput,
        caller: crate::ssr::Caller,
    ) -> Reply<Sanctioned> {
        use backend::forum::sanctions::{sanction, SanctionRefused};
        use common::ErrorCode;
        let Some(kind) = input.kind else {
            return Reply::Invalid(FormErrors::field_error("kind", ErrorCode::ChoiceRequired));
        };
        let done = match kind {
            SanctionKind::Silence => Sanctioned::Silenced,
            SanctionKind::Ban => Sanctioned::Banned,
        };
        let ctx = &caller.ctx;
        match sanction(ctx, &moderator, post.id, kind, &input.until, &input.reason).await {
            Ok(Ok(_)) => Reply::Done(done),
            Ok(Err(SanctionRefused::NoPerson)) => Reply::NotFound,
            Ok(Err(SanctionRefused::Field(r))) => {
                Reply::Invalid(FormErrors::field_error(r.field, r.code))
            }
            Err(error) => Reply::failed("forum sanction", error),
        }
    }

    fn next(_: &IdParam, outcome: &Sanctioned) -> String {
        outcome_query(FORUM_MODERATION_PATH, outcome)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiftInput {
    pub person: i64,
}

/// A forum moderator lifts a sanction before its end.
pub struct LiftSanction;

impl Action for LiftSanction {
    const ID: &'static str = "forum-sanction-lift";
    const PATH: &'static str = "/equipe/forum/sanction/lever";
    const EXAMPLE: &'static str = "/equipe/forum/sanction/lever";
    type Params = NoParams;
    type Input = LiftInput;
    type Outcome = Sanctioned;

    fn examples() -> Vec<LiftInput> {
        vec![LiftInput { person: 1 }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        _: NoParams,
        input: LiftInput,
        caller: crate::ssr::Caller,
    ) -> Reply<Sanctioned> {
        let lifted = backend::forum::sanctions::lift(&caller.ctx, &moderator, input.person).await;
        Reply::found(
            "forum sanction lift",
            lifted.map(|l| l.then_some(Sanctioned::Lifted)),
        )
    }

    fn next(_: &NoParams, outcome: &Sanctioned) -> String {
        outcome_query(FORUM_MODERATION_PATH, outcome)
    }
}

/// The post whose author a moderator sanctions, and the sanction they have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionTarget {
    pub pseudonym: String,
    pub topic_title: String,
    pub path: String,
    pub excerpt: String,
    pub current: Option<SanctionRow>,
}

/// The post `post` and its author, for the page that sanctions them; `None` (404) when no
/// living person wrote it. The id is optional so that the role is checked first.
#[leptos::server(prefix = "/api", endpoint = "staff/forum-sanction")]
pub async fn staff_forum_sanction(
    post: Option<i64>,
) -> Result<Option<SanctionTarget>, ServerFnError> {
    use backend::forum::{moderation as m, sanctions, Author};
    let caller = crate::ssr::caller().await?;
    let moderator = caller
        .forum_moderator()
        .map_err(|d| d.into_server_error())?;
    let failed = |e| crate::ssr::server_error("forum sanction target", e);
    let ctx = &caller.ctx;
    let found = match post {
        Some(post) => m::post(ctx, &moderator, post).await.map_err(failed)?,
        None => None,
    };
    let Some(p) = found else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let Author::Person { id, pseudonym, .. } = p.author else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let current = sanctions::in_force_of(ctx, &moderator, id)
        .await
        .map_err(failed)?;
    Ok(Some(SanctionTarget {
        pseudonym,
        topic_title: p.topic_title,
        path: p.path,
        excerpt: p.excerpt,
        current: current.map(|s| SanctionRow::of(caller.lang, s)),
    }))
}

/// The page that silences or bans the author of a post.
#[component]
pub fn SanctionPage() -> impl IntoView {
    super::area::id_form_page(
        "forum-sanction-title",
        staff_forum_sanction,
        |v, id, title, sent| {
            let i18n = use_i18n();
            let name = Arg::from(v.pseudonym.clone());
            view! {
                <PageTitle text=title/>
                <h1>{i18n.ta("forum-sanction-summary", &[("name", name)])}</h1>
                <p>
                    {i18n.ta("forum-sanction-post", &[("title", Arg::from(v.topic_title))])}
                    " " <a href=v.path>{i18n.t("forum-mod-read")}</a>
                </p>
                <blockquote><p>{v.excerpt}</p></blockquote>
                {v.current.map(|c| view! {
                    <div class="notice" role="status">
                        <p>{i18n.ta("forum-sanction-current", &[
                            ("kind", Arg::from(i18n.t(&format!("forum-sanction-kind-{}", c.kind)))),
                            ("until", Arg::from(c.last_day)),
                            ("reason", Arg::from(c.reason)),
                        ])}</p>
                    </div>
                })}
                <SanctionForm post=id values=sent.values errors=sent.errors/>
                <p><a href=FORUM_MODERATION_PATH>{i18n.t("forum-mod-queue-link")}</a></p>
            }
        },
    )
}

/// The form that sanctions the author of post `post`, with what a refused form sent.
#[component]
fn SanctionForm(post: i64, values: PostedValues, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let value = |name: &str| RwSignal::new(values.get(name).cloned().unwrap_or_default());
    let (kind, until, reason) = (value("kind"), value("until"), value("reason"));
    let errors = RwSignal::new(errors);
    let no_change = Callback::new(|()| {});
    view! {
        <ActionForm<SanctionAction> params=IdParam { id: post } class="form" errors=Some(errors)>
            <ErrorSummary errors field_id=|field| format!("forum-sanction-{field}")/>
            <ChoiceField
                id="forum-sanction-kind".to_string()
                name="kind"
                label=i18n.t("forum-sanction-kind")
                hint=i18n.t("forum-sanction-kind-hint")
                values=SanctionKind::SPELLINGS
                option_prefix="forum-sanction"
                value=kind
                errors
                on_change=no_change
            />
            <TextField
                id="forum-sanction-until"
                name="until"
                input_type="date"
                label=i18n.t("forum-sanction-until")
                hint=i18n.t("forum-sanction-until-hint")
                value=until
                errors
                on_change=no_change
                node_ref=NodeRef::new()
            />
            <TextField
                id="forum-sanction-reason"
                name="reason"
                label=i18n.t("forum-sanction-reason")
                hint=i18n.t("forum-sanction-reason-hint")
                value=reason
                errors
                on_change=no_change
                node_ref=NodeRef::new()
            />
            <button type="submit" class="button">{i18n.t("forum-sanction-submit")}</button>
        </ActionForm<SanctionAction>>
    }
}

/// A sanction in force, as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionRow {
    pub person: i64,
    pub pseudonym: Option<String>,
    pub kind: SanctionKind,
    pub last_day: String,
    pub reason: String,
    pub by: Option<String>,
    pub at: String,
}

#[cfg(feature = "ssr")]
impl SanctionRow {
    pub fn of(lang: crate::i18n::Lang, s: backend::forum::sanctions::InForce) -> Self {
        SanctionRow {
            person: s.person_id,
            pseudonym: s.pseudonym,
            kind: s.kind,
            last_day: backend::i18n::long_date(lang, s.last_day),
            reason: s.reason,
            by: s.by,
            at: backend::i18n::long_date_time(lang, s.at_paris),
        }
    }
}

/// The sanctions in force, the soonest to end first, each with its button to lift it.
#[component]
pub fn SanctionsInForce(rows: Vec<SanctionRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p>{i18n.t("forum-sanctions-none")}</p> }.into_any();
    }
    view! {
        <crate::components::table::TableWrap label=i18n.t("forum-sanctions")>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("forum-sanctions-col-who")}</th>
                        <th scope="col">{i18n.t("forum-sanctions-col-kind")}</th>
                        <th scope="col">{i18n.t("forum-sanctions-col-until")}</th>
                        <th scope="col">{i18n.t("forum-mod-col-reason")}</th>
                        <th scope="col">{i18n.t("forum-sanctions-col-by")}</th>
                        <th scope="col">{i18n.t("forum-sanctions-col-lift")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let name = r.pseudonym.clone().unwrap_or_else(|| i18n.t("forum-gone"));
                        let lift = i18n.ta("forum-sanctions-lift", &[("name", Arg::from(name.clone()))]);
                        view! {
                            <tr>
                                <td>
                                    {match r.pseudonym {
                                        Some(p) => {
                                            let href = common::forum::profile_path(&p);
                                            view! { <a href=href>{p}</a> }.into_any()
                                        }
                                        None => name.into_any(),
                                    }}
                                </td>
                                <td>{i18n.t(&format!("forum-sanction-kind-{}", r.kind))}</td>
                                <td>{r.last_day}</td>
                                <td>{r.reason}</td>
                                <td>{r.by.unwrap_or_else(|| i18n.t("forum-gone"))} " · " {r.at}</td>
                                <td>
                                    <ActionForm<LiftSanction> params=NoParams {} class="inline-form">
                                        <input type="hidden" name="person" value=r.person.to_string()/>
                                        <button type="submit" class="button button-secondary" aria-label=lift>
                                            {i18n.t("forum-sanctions-lift-button")}
                                        </button>
                                    </ActionForm<LiftSanction>>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </crate::components::table::TableWrap>
    }
    .into_any()
}
