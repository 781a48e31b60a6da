//! Every declared write of the portal, listed once: the actions ([`crate::actions`]) and
//! the one server function that serves them with JavaScript. Above the pages and the
//! kits, so that neither imports the other.

use leptos::prelude::*;

use crate::actions::Action;
#[cfg(feature = "ssr")]
use crate::actions::{params_from, perform, Access, Proof, Reply};
use serde::{Deserialize, Serialize};

use crate::forms::FormErrors;
use crate::i18n::Lang;

/// Something done for every action of the portal: [`each_action`] calls `visit` once per
/// action.
pub trait ActionVisitor {
    fn visit<A: Action>(&mut self);
}

/// Every declared action, once.
pub fn each_action(visitor: &mut impl ActionVisitor) {
    use crate::pages::public::link_actions as links;
    use crate::pages::staff::{account, fleet_actions as fleet, moderation};
    visitor.visit::<links::ConfirmSubscription>();
    visitor.visit::<links::Unsubscribe>();
    visitor.visit::<links::ConfirmApplication>();
    visitor.visit::<links::StatusChange>();
    visitor.visit::<links::CancelDeletion>();
    visitor.visit::<account::StartEnrolment>();
    visitor.visit::<account::LogOut>();
    visitor.visit::<account::LogOutEverywhere>();
    visitor.visit::<moderation::Moderate>();
    visitor.visit::<moderation::BulkApprove>();
    visitor.visit::<moderation::Digest>();
    visitor.visit::<fleet::SpaceChange>();
    visitor.visit::<fleet::HostChange>();
    visitor.visit::<fleet::JobChange>();
}

/// An action's declaration, as data (for the route list and the generated tests).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct ActionInfo {
    pub id: &'static str,
    pub path: &'static str,
    pub example: &'static str,
    /// The least a caller must be.
    pub access: Access,
    pub text_fields: &'static [&'static str],
    /// Each button's input, as a form would post it, and who may press it.
    pub examples: Vec<(String, Access)>,
}

/// Every action's declaration.
#[cfg(feature = "ssr")]
pub fn actions() -> Vec<ActionInfo> {
    struct Collect(Vec<ActionInfo>);
    impl ActionVisitor for Collect {
        fn visit<A: Action>(&mut self) {
            self.0.push(ActionInfo {
                id: A::ID,
                path: A::PATH,
                example: A::EXAMPLE,
                access: <A::Who as Proof>::ACCESS,
                text_fields: A::TEXT_FIELDS,
                examples: A::examples()
                    .iter()
                    .map(|input| {
                        let body = serde_urlencoded::to_string(input).unwrap_or_default();
                        (body, A::access(input))
                    })
                    .collect(),
            });
        }
    }
    let mut all = Collect(Vec::new());
    each_action(&mut all);
    all.0
}

/// What the server function answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionReply {
    /// Go to this page (it shows the outcome).
    Go(String),
    /// A text refused: show these errors, keep what was typed.
    Invalid(FormErrors),
}

/// The client path of every action: finds it by `action` (its id), reads `params` (the
/// path's, URL-encoded) and `body` (what the form holds, URL-encoded) as the plain POST
/// does, and runs it.
#[server(prefix = "/api", endpoint = "actions/run")]
pub async fn run_action(
    action: String,
    params: String,
    body: String,
    lang: Lang,
) -> Result<ActionReply, ServerFnError> {
    use std::future::Future;
    use std::pin::Pin;

    type Pending = Pin<Box<dyn Future<Output = Result<ActionReply, u16>> + Send>>;
    struct Find {
        id: String,
        params: String,
        body: String,
        caller: Option<crate::ssr::Caller>,
        found: Option<Pending>,
    }
    impl ActionVisitor for Find {
        fn visit<A: Action>(&mut self) {
            if A::ID != self.id {
                return;
            }
            let Some(caller) = self.caller.take() else {
                return;
            };
            let params = params_from::<A::Params>(&self.params);
            let body = std::mem::take(&mut self.body);
            self.found = Some(Box::pin(async move {
                let Some(params) = params else {
                    return Err(404);
                };
                match perform::<A>(caller, params.clone(), body.as_bytes()).await {
                    Reply::Done(outcome) => Ok(ActionReply::Go(A::next(&params, &outcome))),
                    Reply::Invalid(errors) => Ok(ActionReply::Invalid(errors)),
                    Reply::Unavailable => Ok(ActionReply::Invalid(FormErrors::form(
                        crate::forms::ErrorCode::Server,
                    ))),
                    Reply::Page(status) => Err(status),
                    Reply::NotFound => Err(404),
                    Reply::Unprocessable => Err(422),
                    Reply::Denied(denied) => Err(denied.status().as_u16()),
                }
            }));
        }
    }
    let mut caller = crate::ssr::caller().await?;
    caller.lang = lang;
    let mut find = Find {
        id: action,
        params,
        body,
        caller: Some(caller),
        found: None,
    };
    each_action(&mut find);
    let Some(pending) = find.found else {
        return Err(ServerFnError::new("unknown action"));
    };
    match pending.await {
        Ok(reply) => Ok(reply),
        Err(status) => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(
                    axum::http::StatusCode::from_u16(status)
                        .unwrap_or(axum::http::StatusCode::BAD_REQUEST),
                );
            }
            Err(ServerFnError::new(match status {
                401 | 403 => crate::site::denied_code(status),
                404 => "not-found",
                _ => "refused",
            }))
        }
    }
}
