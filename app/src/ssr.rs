//! Server-side glue: what the server hands to the pages through the request, and the one
//! helper every server function starts with.

use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use leptos::prelude::*;

use crate::i18n::{negotiate, Lang};
use crate::site::{DevMode, PageEnv, SiteInfo};

/// The CSP nonce the server chose for this response; the page puts it on its scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Picks the visitor's language from the request and joins the site settings.
pub fn page_env() -> PageEnv {
    let lang = use_context::<Parts>()
        .map(|parts| request_lang(&parts))
        .unwrap_or_default();
    PageEnv {
        lang,
        site: use_context::<SiteInfo>().unwrap_or_default(),
    }
}

pub fn request_lang(parts: &Parts) -> Lang {
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    negotiate(header(COOKIE), header(ACCEPT_LANGUAGE))
}

pub fn provide_request_nonce() {
    if let Some(nonce) =
        use_context::<Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Who is calling a server function, and the services to serve them. Today every caller
/// is an anonymous visitor; sessions for applicants, staff and referents will add a role
/// here, checked before anything else.
pub struct Caller {
    pub ctx: backend::Ctx,
    pub client: backend::ClientAddr,
    pub dev_mode: bool,
}

impl Caller {
    /// The caller of a request the server handles itself (the plain-POST forms).
    pub fn from_parts(ctx: backend::Ctx, parts: &Parts, dev_mode: bool) -> Self {
        Self {
            ctx,
            client: client_addr(Some(parts)),
            dev_mode,
        }
    }
}

/// The address the server's middleware put in the request.
fn client_addr(parts: Option<&Parts>) -> backend::ClientAddr {
    parts
        .and_then(|p| p.extensions.get::<backend::ClientAddr>().cloned())
        .unwrap_or_else(|| backend::ClientAddr("unknown".into()))
}

/// The caller of a server function.
pub fn caller() -> Result<Caller, ServerFnError> {
    let ctx = use_context::<backend::Ctx>()
        .ok_or_else(|| ServerFnError::new("server context missing"))?;
    Ok(Caller {
        ctx,
        client: client_addr(use_context::<Parts>().as_ref()),
        dev_mode: use_context::<DevMode>().unwrap_or_default().0,
    })
}
