//! Flagging a post (`/forum/signaler/<id>`): every post of a topic links here, for everyone
//! (the page a reader without a session gets is the same for all); the page says how to
//! log in, and logged in, it asks why (spam, hurtful words, off topic, personal data,
//! another reason said in words) and sends the flag to the forum's moderators
//! (`backend::forum::moderation`). The page then says it was received, and leads back to
//! the topic.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::compose::LogInFirst;
use super::login::{MemberBar, MemberView};
use super::{AuthorName, Crumbs, NoIndex};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_in, outcome_query, Action, IdParam};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ChoiceField, ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{FormErrors, PostedValues};
use crate::i18n::{use_i18n, Arg};
use common::states::FlagReason;

pub const FLAG_PATH: &str = "/forum/signaler/{id}";

/// The flag page's address for post `id`.
pub fn flag_path(id: i64) -> String {
    format!("/forum/signaler/{id}")
}

/// The post being flagged, and who is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagView {
    pub post_id: i64,
    pub topic_title: String,
    pub path: String,
    pub author: AuthorName,
    pub excerpt: String,
    pub member: Option<MemberView>,
}

#[leptos::server(prefix = "/api", endpoint = "forum/flag-target")]
pub async fn forum_flag_target(id: i64) -> Result<Option<FlagView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::forum::moderation::flag_target(&caller.ctx, id)
        .await
        .map_err(|e| crate::ssr::server_error("forum flag target", e))?;
    let Some(p) = found else {
        crate::ssr::not_found();
        return Ok(None);
    };
    Ok(Some(FlagView {
        post_id: p.post_id,
        topic_title: p.topic_title,
        path: p.path,
        author: p.author.into(),
        excerpt: p.excerpt,
        member: MemberView::load(&caller).await?,
    }))
}

/// What the flag form sends: the reason's spelling ([`FlagReason`]) and the words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlagInput {
    pub reason: String,
    pub detail: String,
}

/// What came of a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flagged {
    Flagged,
    AlreadyFlagged,
    OwnPost,
}

/// A person logged in to the forum flags a post for the moderators.
pub struct FlagAction;

impl Action for FlagAction {
    const ID: &'static str = "forum-flag";
    const PATH: &'static str = FLAG_PATH;
    const EXAMPLE: &'static str = "/forum/signaler/1";
    const TEXT_FIELDS: &'static [&'static str] = &["reason", "detail"];
    type Params = IdParam;
    type Input = FlagInput;
    type Outcome = Flagged;

    fn examples() -> Vec<FlagInput> {
        vec![FlagInput {
            reason: FlagReason::Other.as_str().into(),
            detail: "Ce message donne le numéro de téléphone de quelqu’un.".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        post: IdParam,
        input: FlagInput,
        caller: crate::ssr::Caller,
    ) -> Reply<Flagged> {
        use backend::forum::moderation::{self as m, FlagRefused};
        let Some(reason) = FlagReason::parse(&input.reason) else {
            return Reply::Invalid(FormErrors::field_error(
                "reason",
                common::ErrorCode::ChoiceRequired,
            ));
        };
        match m::flag(&caller.ctx, &member, post.id, reason, &input.detail).await {
            Ok(Ok(m::Flagged::Flagged)) => Reply::Done(Flagged::Flagged),
            Ok(Ok(m::Flagged::AlreadyFlagged)) => Reply::Done(Flagged::AlreadyFlagged),
            Ok(Ok(m::Flagged::OwnPost)) => Reply::Done(Flagged::OwnPost),
            Ok(Err(FlagRefused::NoPost)) => Reply::NotFound,
            Ok(Err(FlagRefused::Field(r))) => {
                Reply::Invalid(FormErrors::field_error(r.field, r.code))
            }
            Err(error) => Reply::failed("forum flag", error),
        }
    }

    fn next(post: &IdParam, outcome: &Flagged) -> String {
        outcome_query(&flag_path(post.id), outcome)
    }
}

#[component]
fn FlagForm(id: i64, values: PostedValues, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let value = |name: &str| RwSignal::new(values.get(name).cloned().unwrap_or_default());
    let (reason, detail) = (value("reason"), value("detail"));
    let errors = RwSignal::new(errors);
    let field_id = |name: &str| format!("forum-flag-{name}");
    view! {
        <ActionForm<FlagAction> params=IdParam { id } class="form" errors=Some(errors)>
            <ErrorSummary errors field_id/>
            <ChoiceField
                id="forum-flag-reason".to_string()
                name="reason"
                label=i18n.t("forum-flag-reason")
                hint=String::new()
                values=FlagReason::SPELLINGS
                option_prefix="forum-flag"
                value=reason
                errors
                on_change=Callback::new(|()| {})
            />
            <TextField
                id="forum-flag-detail"
                name="detail"
                label=i18n.t("forum-flag-detail")
                hint=i18n.t("forum-flag-detail-hint")
                multiline=true
                value=detail
                errors
                on_change=Callback::new(|()| {})
                node_ref=NodeRef::new()
            />
            <div class="buttons">
                <button type="submit" class="button">{i18n.t("forum-flag-send")}</button>
            </div>
        </ActionForm<FlagAction>>
    }
}

#[component]
pub fn FlagPage() -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let has_errors = !posted.errors.is_empty();
    let params = leptos_router::hooks::use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let query = leptos_router::hooks::use_query_map();
    // Fetched again once the flag is sent (with JavaScript), to show what came of it.
    let data = crate::actions::page_data(
        move || id,
        |id| async move {
            match id {
                Some(id) => forum_flag_target(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense>
            {move || {
                let (values, errors) = (posted.values.clone(), posted.errors.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => {
                            let outcome = query.with(outcome_in::<Flagged>);
                            let heading = i18n.t("forum-flag-title");
                            let title = title_with_errors("forum-flag-title", has_errors);
                            let author = v.author.words(i18n);
                            let body = match (outcome, v.member) {
                                (Some(done), _) => {
                                    let key = match done {
                                        Flagged::Flagged => "forum-flag-done",
                                        Flagged::AlreadyFlagged => "forum-flag-already",
                                        Flagged::OwnPost => "forum-flag-own",
                                    };
                                    view! {
                                        <div class="notice" role="status" tabindex="-1" autofocus>
                                            <p>{i18n.t(key)}</p>
                                        </div>
                                    }
                                    .into_any()
                                }
                                (None, Some(m)) if m.sanction.is_some() => view! { <MemberBar member=m/> }.into_any(),
                                (None, Some(m)) => view! {
                                    <MemberBar member=m/>
                                    <p>{i18n.t("forum-flag-lead")}</p>
                                    <FlagForm id=v.post_id values errors/>
                                }
                                .into_any(),
                                (None, None) => view! {
                                    <LogInFirst text="forum-flag-log-in" back=flag_path(v.post_id)/>
                                }
                                .into_any(),
                            };
                            view! {
                                <PageTitle text=title/>
                                <NoIndex/>
                                <Crumbs/>
                                <h1>{heading}</h1>
                                <figure class="flagged-post">
                                    <blockquote><p>{v.excerpt}</p></blockquote>
                                    <figcaption>
                                        {i18n.ta("forum-flag-post-of", &[
                                            ("author", Arg::from(author)),
                                            ("title", Arg::from(v.topic_title)),
                                        ])}
                                    </figcaption>
                                </figure>
                                {body}
                                <p><a href=v.path>{i18n.t("forum-flag-back")}</a></p>
                            }
                            .into_any()
                        }
                        Ok(None) => view! { <crate::pages::site::errors::ErrorView status=404/> }.into_any(),
                        Err(_) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
