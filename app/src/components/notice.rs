//! Pages that only say something, or ask for one click.

use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::actions::{Action, TokenParam};
use crate::components::action_form::ActionForm;
use crate::i18n::use_i18n;
use crate::pages::site::errors::ErrorView;

/// A page that only says something: a title, paragraphs (the first one a lead), a link on.
#[component]
pub fn Notice(
    title: &'static str,
    paragraphs: &'static [&'static str],
    /// `(href, key of the link text)`.
    link: (&'static str, &'static str),
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=i18n.t(title)/>
        <h1>{i18n.t(title)}</h1>
        {paragraphs
            .iter()
            .enumerate()
            .map(|(n, key)| view! { <p class:lead={n == 0}>{i18n.t(key)}</p> })
            .collect_view()}
        <p><A href=link.0>{i18n.t(link.1)}</A></p>
    }
}

/// A page that asks for one click on the button of action `A`, which POSTs to the page's
/// own URL: what the links in mails open, since mail scanners follow links but do not press
/// buttons.
#[component]
pub fn ConfirmButton<A: Action<Params = TokenParam>>(
    #[prop(optional)] _action: std::marker::PhantomData<A>,
    title: &'static str,
    text: &'static str,
    submit: &'static str,
    token: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let params = TokenParam { token };
    view! {
        <PageTitle text=i18n.t(title)/>
        <h1>{i18n.t(title)}</h1>
        <p class="lead">{i18n.t(text)}</p>
        <ActionForm<A> params>
            <button type="submit" class="button">{i18n.t(submit)}</button>
        </ActionForm<A>>
    }
}

/// The `:token` parameter of the page's path.
pub fn token_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()))
}

/// The page a link from a mail opens: it checks the link (reading only), then asks for one
/// click on the button of action `A` (whose path is the page's own), or shows `invalid`
/// when the link no longer works.
#[component]
pub fn TokenPage<A, F, Fut>(
    #[prop(optional)] _action: std::marker::PhantomData<A>,
    /// The server function that tells whether the token still works.
    check: F,
    title: &'static str,
    text: &'static str,
    submit: &'static str,
    invalid: fn() -> AnyView,
) -> impl IntoView
where
    A: Action<Params = TokenParam>,
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<bool, ServerFnError>> + Send + 'static,
{
    let token = token_param();
    let valid = Resource::new_blocking(move || token.get(), check);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match valid.await {
                    Ok(true) => {
                        let token = token.get_untracked();
                        view! { <ConfirmButton<A> title text submit token/> }.into_any()
                    }
                    Ok(false) => invalid(),
                    // Trouble on our side is not "this link no longer works".
                    Err(_) => view! { <ErrorView status=500/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
