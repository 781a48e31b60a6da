//! Every form on the kit as a declared action: [`Kit<F>`] is form `F` seen as an
//! [`Action`], so that the actions' one plain-POST handler, their one server function,
//! the route list and the generated role and hostile-values tests serve the kit's forms
//! too. What is particular to a form (its fields, its rules, its live checks, the
//! `KitForm` that lays it out) stays in [`super::kit`].

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use super::kit::{Form, Input};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{Action, NoParams};

/// Form `F` as an action.
pub struct Kit<F>(PhantomData<F>);

/// Where an accepted form goes: the page its `submit` named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Next(pub String);

impl<F: Form> Action for Kit<F> {
    const ID: &'static str = F::ID;
    const PATH: &'static str = F::PATH;
    const EXAMPLE: &'static str = F::PATH;
    type Params = NoParams;
    type Input = F;
    type Outcome = Next;

    /// The empty form: refused by its rules, or by the caller's lack of the proof.
    fn examples() -> Vec<F> {
        vec![F::default()]
    }

    /// Every field a person types into (a choice among given values is not one).
    fn text_fields() -> Vec<&'static str> {
        F::FIELDS
            .iter()
            .filter(|f| {
                !matches!(
                    f.input,
                    Input::Radios(_) | Input::Select(_) | Input::Place | Input::Checkbox
                )
            })
            .map(|f| f.name)
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = F::Who;

    /// By field name, as the kit reads a form: a field the browser leaves out (an unticked
    /// box) is empty, a name the form does not have is ignored.
    #[cfg(feature = "ssr")]
    fn input_from(body: &[u8]) -> Option<F> {
        let values = serde_urlencoded::from_bytes(body).ok()?;
        Some(super::kit::form_from(values))
    }

    #[cfg(feature = "ssr")]
    async fn run(who: F::Who, _: NoParams, form: F, caller: crate::ssr::Caller) -> Reply<Next> {
        let errors = form.errors(&caller.ctx.settings.site);
        if !errors.is_empty() {
            return Reply::Invalid(errors);
        }
        match form.submit(who, caller).await {
            super::Submitted::Done(next) => Reply::Done(Next(next.to_string())),
            super::Submitted::Invalid(errors) => Reply::Invalid(errors),
            super::Submitted::Unavailable => Reply::Unavailable,
        }
    }

    fn next(_: &NoParams, next: &Next) -> String {
        next.0.clone()
    }
}
