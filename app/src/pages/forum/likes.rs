//! Likes: under each post, how many people like it; for a person logged in to the forum,
//! the button that likes someone else's post or takes the like back (a form, so it works
//! without JavaScript; `aria-pressed` says which way it stands).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{sent, Action, IdParam};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_i18n, Arg};

/// The like button's two meanings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LikeButton {
    #[default]
    Like,
    Unlike,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LikeInput {
    pub like: LikeButton,
}

/// A person logged in to the forum likes a post, or takes the like back.
pub struct LikeAction;

impl Action for LikeAction {
    const ID: &'static str = "forum-like";
    const PATH: &'static str = "/forum/aimer/{id}";
    const EXAMPLE: &'static str = "/forum/aimer/1";
    type Params = IdParam;
    type Input = LikeInput;
    type Outcome = String;

    fn examples() -> Vec<LikeInput> {
        [LikeButton::Like, LikeButton::Unlike]
            .into_iter()
            .map(|like| LikeInput { like })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        post: IdParam,
        input: LikeInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        let on = input.like == LikeButton::Like;
        Reply::found(
            "forum like",
            backend::forum::likes::like(&caller.ctx, &member, post.id, on).await,
        )
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

/// Under post `post` (by `author`, in words): how many like it, and for a person who may
/// like it (`liked`: `None` when nobody is logged in or the post is their own), the button.
#[component]
pub fn Likes(post: i64, likes: i64, liked: Option<bool>, author: String) -> impl IntoView {
    let i18n = use_i18n();
    let count = (likes > 0).then(|| {
        view! { <span class="like-count">{i18n.ta("forum-likes", &[("n", Arg::Num(likes))])}</span> }
    });
    let button = liked.map(|liked| {
        let value = if liked {
            LikeButton::Unlike
        } else {
            LikeButton::Like
        };
        let whose = i18n.ta("forum-like-whose", &[("author", Arg::from(author))]);
        view! {
            <ActionForm<LikeAction> params=IdParam { id: post } class="inline-form">
                <button type="submit" name="like" value=sent(&value) class="button button-secondary"
                    aria-pressed=if liked { "true" } else { "false" }>
                    {i18n.t("forum-like")}<span class="visually-hidden">" " {whose}</span>
                </button>
            </ActionForm<LikeAction>>
        }
    });
    (count.is_some() || button.is_some())
        .then(|| view! { <div class="post-likes">{button} {count}</div> })
}
