//! Every declared write of the portal, listed once: the forms on the kit
//! ([`crate::forms::kit`], each also an action) and the other actions
//! ([`crate::actions`]), and the ways the server functions find them by id. Above the
//! pages and the kits, so that neither imports the other.

use crate::actions::Action;
#[cfg(feature = "ssr")]
use crate::actions::{params_from, perform, Access, Proof, Reply, Then};
use serde::Serialize;

use std::collections::BTreeMap;

use crate::forms::action::Kit;
use crate::forms::kit::{form_from, Field, Form, FormVisitor};
use crate::forms::FormErrors;

/// Every form on the kit, once.
pub fn each_form(visitor: &mut impl FormVisitor) {
    visitor.visit::<crate::pages::site::newsletter::NewsletterSignup>();
    visitor.visit::<crate::pages::staff::login::StaffLogin>();
    visitor.visit::<common::application::ApplicationForm>();
    visitor.visit::<crate::pages::apply::lost_link::LostLink>();
    visitor.visit::<crate::pages::staff::applications::templates::RejectTemplateForm>();
    visitor.visit::<crate::pages::staff::applications::windows::WindowForm>();
    visitor.visit::<crate::pages::staff::hosts::form::HostForm>();
    visitor.visit::<crate::pages::forum::login::ForumLogin>();
    visitor.visit::<crate::pages::forum::people::ForumSettings>();
}

/// A form's declaration, as data (for the route list's tests and the end-to-end suite).
#[derive(Clone, Debug, Serialize)]
pub struct FormInfo {
    pub id: &'static str,
    pub path: &'static str,
    pub fields: &'static [Field],
    /// The form's rules, on values by field name.
    #[serde(skip)]
    pub errors: fn(BTreeMap<String, String>, &common::SiteInfo) -> FormErrors,
}

/// Every form's declaration.
pub fn forms() -> Vec<FormInfo> {
    struct Collect(Vec<FormInfo>);
    impl FormVisitor for Collect {
        fn visit<F: Form>(&mut self) {
            self.0.push(FormInfo {
                id: F::ID,
                path: F::PATH,
                fields: F::FIELDS,
                errors: |values, site| form_from::<F>(values).errors(site),
            });
        }
    }
    let mut all = Collect(Vec::new());
    each_form(&mut all);
    all.0
}

/// The kit's way to its forms' live checks, for its server function (the server provides
/// it in every request's context): finds a form by its id.
#[cfg(feature = "ssr")]
pub fn kit_forms() -> crate::forms::kit::KitForms {
    use crate::forms::kit::{live_check, KitForms, LiveCheck, Pending};
    use crate::ssr::Caller;

    fn check(
        id: &str,
        field: &str,
        values: BTreeMap<String, String>,
        caller: Caller,
    ) -> Option<Pending<LiveCheck>> {
        struct Find<'a> {
            id: &'a str,
            field: &'a str,
            values: BTreeMap<String, String>,
            caller: Option<Caller>,
            found: Option<Pending<LiveCheck>>,
        }
        impl FormVisitor for Find<'_> {
            fn visit<F: Form>(&mut self) {
                if F::ID != self.id || !F::LIVE.contains(&self.field) {
                    return;
                }
                if let Some(caller) = self.caller.take() {
                    let form = form_from::<F>(std::mem::take(&mut self.values));
                    let field = self.field.to_string();
                    self.found = Some(Box::pin(live_check(form, field, caller)));
                }
            }
        }
        let mut find = Find {
            id,
            field,
            values,
            caller: Some(caller),
            found: None,
        };
        each_form(&mut find);
        find.found
    }

    KitForms { check }
}

/// Something done for every action of the portal: [`each_action`] calls `visit` once per
/// action.
pub trait ActionVisitor {
    fn visit<A: Action>(&mut self);
}

/// Every declared action, once: the kit's forms (each as [`Kit`]), then the others.
pub fn each_action(visitor: &mut impl ActionVisitor) {
    struct Forms<'a, V>(&'a mut V);
    impl<V: ActionVisitor> FormVisitor for Forms<'_, V> {
        fn visit<F: Form>(&mut self) {
            self.0.visit::<Kit<F>>();
        }
    }
    each_form(&mut Forms(visitor));
    use crate::pages::apply::{confirm, status};
    use crate::pages::site::newsletter;
    use crate::pages::space::{
        dashboard, deletion, directory, export, handover, import, invitations, join,
        login as space_login, members, settings,
    };
    use crate::pages::staff::applications::moderation;
    use crate::pages::staff::{account, hosts, login, queue, spaces};
    visitor.visit::<login::UseLoginLink>();
    visitor.visit::<login::EnterCode>();
    visitor.visit::<login::FinishEnrolment>();
    visitor.visit::<newsletter::ConfirmSubscription>();
    visitor.visit::<newsletter::Unsubscribe>();
    visitor.visit::<confirm::ConfirmApplication>();
    visitor.visit::<status::StatusChange>();
    visitor.visit::<deletion::CancelDeletion>();
    visitor.visit::<space_login::StartSpaceLogin>();
    visitor.visit::<space_login::FinishSpaceLogin>();
    visitor.visit::<space_login::RequestSpaceLink>();
    visitor.visit::<space_login::UseSpaceLink>();
    visitor.visit::<dashboard::DashboardAction>();
    visitor.visit::<members::MembersAction>();
    visitor.visit::<import::UploadAction>();
    visitor.visit::<import::ImportAction>();
    visitor.visit::<invitations::InvitationsAction>();
    visitor.visit::<settings::SettingsAction>();
    visitor.visit::<settings::LogoAction>();
    visitor.visit::<handover::HandoverAction>();
    visitor.visit::<handover::AcceptHandoverAction>();
    visitor.visit::<export::ExportAction>();
    visitor.visit::<directory::DirectoryAction>();
    visitor.visit::<join::JoinAction>();
    visitor.visit::<join::ConfirmJoinAction>();
    visitor.visit::<account::StartEnrolment>();
    visitor.visit::<account::LogOut<false>>();
    visitor.visit::<account::LogOut<true>>();
    visitor.visit::<moderation::Moderate>();
    visitor.visit::<moderation::BulkApprove>();
    visitor.visit::<moderation::Digest>();
    visitor.visit::<spaces::actions::SpaceChange>();
    visitor.visit::<hosts::actions::HostChange>();
    visitor.visit::<crate::pages::staff::area::ForumRoleChange>();
    visitor.visit::<queue::actions::JobChange>();
    use crate::pages::forum::{compose, login as forum_login};
    visitor.visit::<forum_login::StartForumSpaceLogin>();
    visitor.visit::<forum_login::UseForumLink>();
    visitor.visit::<forum_login::ForumLogOut>();
    visitor.visit::<compose::NewTopicAction>();
    visitor.visit::<compose::ReplyAction>();
    visitor.visit::<crate::pages::forum::topic::SolveAction>();
    visitor.visit::<crate::pages::forum::likes::LikeAction>();
    visitor.visit::<crate::pages::forum::flag::FlagAction>();
    visitor.visit::<crate::pages::forum::ideas::VoteAction>();
    visitor.visit::<crate::pages::forum::people::DeleteForumAccount>();
    visitor.visit::<crate::pages::forum::people::ForumUnsubscribe>();
    visitor.visit::<crate::pages::forum::notifications::MarkReadAction>();
    visitor.visit::<crate::pages::forum::notifications::WatchTopic>();
    visitor.visit::<crate::pages::forum::notifications::WatchCategory>();
    visitor.visit::<crate::pages::forum::ideas::IdeaStateAction>();
    visitor.visit::<crate::pages::staff::forum::DecideAction>();
    visitor.visit::<crate::pages::staff::forum::TopicModeration>();
    visitor.visit::<crate::pages::staff::forum::TopicMove>();
    visitor.visit::<crate::pages::staff::forum_merge::TopicMerge>();
    visitor.visit::<crate::pages::staff::forum_sanctions::SanctionAction>();
    visitor.visit::<crate::pages::staff::forum_sanctions::LiftSanction>();
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
    pub text_fields: Vec<&'static str>,
    /// The fields never shown again (a second-factor code).
    pub secret_fields: &'static [&'static str],
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
                text_fields: A::text_fields(),
                secret_fields: A::SECRET_FIELDS,
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

/// The server function's way to the actions ([`crate::actions::run_action`]): finds one by
/// its id, reads `params` (the path's, URL-encoded) and `body` (what the form holds,
/// URL-encoded) as the plain POST does, and makes it ready to run. A login step's session
/// change is made in the request's session, as the plain POST makes it.
#[cfg(feature = "ssr")]
pub fn action_runner() -> crate::actions::ActionRunner {
    use crate::actions::{ActionReply, ActionRunner, PendingAction};

    fn find(
        id: &str,
        params: String,
        body: String,
        caller: crate::ssr::Caller,
    ) -> Option<PendingAction> {
        struct Find<'a> {
            id: &'a str,
            params: String,
            body: String,
            caller: Option<crate::ssr::Caller>,
            found: Option<PendingAction>,
        }
        impl ActionVisitor for Find<'_> {
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
                    let unavailable =
                        || ActionReply::Invalid(FormErrors::form(crate::forms::ErrorCode::Server));
                    let go = |outcome: &A::Outcome| ActionReply::Go(A::next(&params, outcome));
                    // As JSON, read back as the outcome's type by the page that sent it.
                    let show = |outcome: &A::Outcome| match serde_json::to_string(outcome) {
                        Ok(json) => ActionReply::Show(json),
                        Err(error) => {
                            tracing::error!(%error, "an outcome to show could not be written");
                            unavailable()
                        }
                    };
                    let session = caller.session().cloned();
                    match perform::<A>(caller, params.clone(), body.as_bytes()).await {
                        Reply::Done(outcome) => Ok(go(&outcome)),
                        Reply::Show(outcome) | Reply::Preview(outcome) => Ok(show(&outcome)),
                        Reply::LogIn {
                            session: change,
                            then,
                        } => {
                            if !change.begin(session.as_ref()).await {
                                return Ok(unavailable());
                            }
                            Ok(match then {
                                Then::Done(outcome) => go(&outcome),
                                Then::Show(outcome) => show(&outcome),
                            })
                        }
                        Reply::Invalid(errors) => Ok(ActionReply::Invalid(errors)),
                        Reply::Unavailable => Ok(unavailable()),
                        Reply::Page(status) => Err(status),
                        Reply::NotFound => Err(404),
                        Reply::Unprocessable => Err(422),
                        Reply::Denied(denied) => Err(denied.status().as_u16()),
                    }
                }));
            }
        }
        let mut find = Find {
            id,
            params,
            body,
            caller: Some(caller),
            found: None,
        };
        each_action(&mut find);
        find.found
    }
    ActionRunner { find }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::kit::values_of;

    /// The names in `FIELDS` are the struct's fields, all of them.
    #[test]
    fn every_forms_fields_match_its_struct() {
        struct Check;
        impl FormVisitor for Check {
            fn visit<F: Form>(&mut self) {
                let names: Vec<String> = values_of(&F::default()).into_keys().collect();
                let mut declared: Vec<String> =
                    F::FIELDS.iter().map(|f| f.name.to_string()).collect();
                declared.sort();
                assert_eq!(names, declared, "{}", F::ID);
                let mut filled = BTreeMap::new();
                for f in F::FIELDS {
                    filled.insert(f.name.to_string(), format!("value of {}", f.name));
                }
                filled.insert("not-a-field".into(), "ignored".into());
                let form: F = form_from(filled.clone());
                filled.remove("not-a-field");
                assert_eq!(values_of(&form), filled, "{}", F::ID);
            }
        }
        each_form(&mut Check);
    }

    #[test]
    fn form_ids_and_paths_are_unique() {
        let all = forms();
        let mut ids: Vec<_> = all.iter().map(|f| f.id).collect();
        let mut paths: Vec<_> = all.iter().map(|f| f.path).collect();
        ids.sort();
        ids.dedup();
        paths.sort();
        paths.dedup();
        assert_eq!((ids.len(), paths.len()), (all.len(), all.len()));
    }
}
