//! Wishes for Nextcloud, on a topic's page in a category of ideas: its votes and state,
//! the vote button for a person logged in to the forum (one vote each, withdrawn by the same
//! button), and for a forum moderator the form that sets the idea's state with its reason
//! (`backend::forum::ideas`). The category lists the ideas by votes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::IdeaView;
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{sent, Action, IdParam};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, SelectField, TextField};
use crate::components::form::posted;
use crate::forms::PostedValues;
use crate::i18n::{use_i18n, Arg};
use common::states::IdeaState;

/// The vote button's two meanings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteButton {
    #[default]
    For,
    Withdraw,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoteInput {
    pub vote: VoteButton,
}

/// A person logged in to the forum votes for an idea, or withdraws their vote.
pub struct VoteAction;

impl Action for VoteAction {
    const ID: &'static str = "forum-vote";
    const PATH: &'static str = "/forum/vote/{id}";
    const EXAMPLE: &'static str = "/forum/vote/1";
    type Params = IdParam;
    type Input = VoteInput;
    type Outcome = String;

    fn examples() -> Vec<VoteInput> {
        [VoteButton::For, VoteButton::Withdraw]
            .into_iter()
            .map(|vote| VoteInput { vote })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        topic: IdParam,
        input: VoteInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        let on = input.vote == VoteButton::For;
        Reply::found(
            "forum vote",
            backend::forum::ideas::vote(&caller.ctx, &member, topic.id, on).await,
        )
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

/// A topic's address, as the idea's state form posts to it (its page shows a refused
/// reason beside the field).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicParams {
    pub slug: String,
    pub id: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdeaStateInput {
    /// The state's spelling ([`IdeaState`]).
    pub state: String,
    pub reason: String,
}

/// A forum moderator sets an idea's state, with a reason (required to decline).
pub struct IdeaStateAction;

impl Action for IdeaStateAction {
    const ID: &'static str = "forum-idea-state";
    const PATH: &'static str = "/forum/t/{slug}/{id}";
    const EXAMPLE: &'static str = "/forum/t/bienvenue-sur-le-forum-d-entraide/1";
    const TEXT_FIELDS: &'static [&'static str] = &["state", "reason"];
    type Params = TopicParams;
    type Input = IdeaStateInput;
    type Outcome = String;

    fn examples() -> Vec<IdeaStateInput> {
        vec![IdeaStateInput {
            state: IdeaState::Declined.as_str().into(),
            reason: "Nextcloud le fait déjà : voir l’application Formulaires.".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        topic: TopicParams,
        input: IdeaStateInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        use backend::forum::ideas::{set_state, StateRefused};
        let Some(state) = IdeaState::parse(&input.state) else {
            return Reply::Invalid(crate::forms::FormErrors::field_error(
                "state",
                common::ErrorCode::ChoiceRequired,
            ));
        };
        match set_state(&caller.ctx, &moderator, topic.id, state, &input.reason).await {
            Ok(Ok(path)) => Reply::Done(format!("{path}#votes")),
            Ok(Err(StateRefused::NoIdea)) => Reply::NotFound,
            Ok(Err(StateRefused::Field(r))) => {
                Reply::Invalid(crate::forms::FormErrors::field_error(r.field, r.code))
            }
            Err(error) => Reply::failed("forum idea state", error),
        }
    }

    fn next(_: &TopicParams, path: &String) -> String {
        path.clone()
    }
}

/// An idea's box, under its question: its state and votes, the reason given with its state,
/// the vote button (or how to log in to vote), and for a moderator the state's form.
#[component]
pub fn IdeaBox(
    topic: i64,
    slug: String,
    idea: IdeaView,
    /// Whether the person reading voted for it; `None` when nobody is logged in to the forum.
    voted: Option<bool>,
    moderator: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let button = match voted {
        Some(voted) => {
            let (value, label) = if voted {
                (VoteButton::Withdraw, "forum-vote-withdraw")
            } else {
                (VoteButton::For, "forum-vote-for")
            };
            view! {
                <ActionForm<VoteAction> params=IdParam { id: topic } class="inline-form">
                    <button type="submit" name="vote" value=sent(&value) class="button" class:button-secondary=voted>
                        {i18n.t(label)}
                    </button>
                </ActionForm<VoteAction>>
            }
            .into_any()
        }
        None => view! {
            <p><a href=super::login_to(&format!("/forum/t/{slug}/{topic}#votes"))>
                {i18n.t("forum-vote-log-in")}
            </a></p>
        }
        .into_any(),
    };
    let reason = (!idea.reason.is_empty()).then(|| {
        view! { <p class="idea-reason">{i18n.ta("forum-idea-reason", &[("reason", Arg::from(idea.reason.clone()))])}</p> }
    });
    view! {
        <section class="idea panel" id="votes" aria-labelledby="forum-idea-title">
            <h2 id="forum-idea-title">{i18n.t("forum-idea")}</h2>
            <p>
                <super::IdeaMark state=idea.state/>
                " "
                <strong>{i18n.ta("forum-votes", &[("n", Arg::Num(idea.votes))])}</strong>
            </p>
            {reason}
            {button}
            {moderator.then(|| view! { <IdeaStateForm topic slug idea/> })}
        </section>
    }
}

/// The moderator's form that sets an idea's state.
#[component]
fn IdeaStateForm(topic: i64, slug: String, idea: IdeaView) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let value =
        |name: &str, or: String| RwSignal::new(posted.values.get(name).cloned().unwrap_or(or));
    let state = value("state", idea.state.as_str().to_string());
    let reason = value("reason", idea.reason.clone());
    let errors = RwSignal::new(posted.errors);
    let options = IdeaState::ALL
        .iter()
        .map(|s| {
            let spelling = s.as_str().to_string();
            let label = i18n.t(&format!("forum-idea-{spelling}"));
            (spelling, label)
        })
        .collect();
    let no_check = Callback::new(|()| {});
    view! {
        <ActionForm<IdeaStateAction> params=TopicParams { slug, id: topic } class="form" errors=Some(errors)>
            <ErrorSummary errors field_id=|name| format!("forum-idea-{name}")/>
            <SelectField
                id="forum-idea-state".to_string()
                name="state"
                label=i18n.t("forum-idea-state")
                hint=String::new()
                options=vec![(None, options)]
                value=state
                errors
                on_change=no_check
            />
            <TextField
                id="forum-idea-reason"
                name="reason"
                label=i18n.t("forum-mod-reason")
                hint=i18n.t("forum-idea-reason-hint")
                value=reason
                errors
                on_change=no_check
                node_ref=NodeRef::new()
            />
            <div class="buttons">
                <button type="submit" class="button button-secondary">{i18n.t("forum-idea-set")}</button>
            </div>
        </ActionForm<IdeaStateAction>>
    }
}
