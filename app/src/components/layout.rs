//! The frame of every page: skip link, header with navigation and language switch, main
//! landmark, footer.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

/// Percent-encodes a path for use as a query value.
fn encode_query_value(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let env = use_env();
    let site = env.site.clone();
    let other = i18n.lang.other();
    let location = use_location();
    // A plain link to the server, which sets the cookie and comes back here: it works
    // without JavaScript, and `rel="external"` keeps the router from intercepting it.
    let switch_href = move || {
        format!(
            "/langue/{}?retour={}",
            other.as_str(),
            encode_query_value(&location.pathname.get())
        )
    };
    let nav = [
        ("/fonctionnalites", "nav-features"),
        ("/qui-peut-en-beneficier", "nav-eligibility"),
        ("/questions", "nav-faq"),
        ("/soutenir", "nav-support"),
    ];
    let in_forum = move || crate::pages::forum::is_forum_path(&location.pathname.get());
    view! {
        // `rel="external"`: the browser, not the router, follows it, so focus moves to the content.
        <a class="skip-link" href="#contenu" rel="external">{i18n.t("skip-link")}</a>
        <header class="site-header">
            <div class="wrap header-inner">
                <a class="brand" href="/">
                    <span class="brand-name">{site.name.clone()}</span>
                    <span class="brand-tagline">{i18n.t("site-tagline")}</span>
                </a>
                <a
                    class="lang-switch"
                    href=switch_href
                    rel="external"
                    hreflang=other.as_str()
                    lang=other.as_str()
                >
                    <span class="visually-hidden" lang=i18n.lang.as_str()>
                        {i18n.t("lang-switch-label")} " "
                    </span>
                    {i18n.t("lang-switch-link")}
                </a>
            </div>
            <nav class="main-nav" aria-label=i18n.t("nav-label")>
                <ul class="wrap">
                    <li>
                        <A href="/" exact=true>{i18n.t("nav-home")}</A>
                    </li>
                    {nav
                        .into_iter()
                        .map(|(href, key)| view! { <li><A href=href>{i18n.t(key)}</A></li> })
                        .collect_view()}
                    // Another area, with messages of its own: a full page load.
                    <li>
                        <a href="/forum" rel="external" aria-current=move || in_forum().then_some("page")>
                            {i18n.t("nav-forum")}
                        </a>
                    </li>
                </ul>
            </nav>
        </header>
        <main id="contenu" tabindex="-1">
            <div class="wrap">{children()}</div>
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    {i18n.ta(
                        "footer-about",
                        &[("site", Arg::from(&site.name)), ("publisher", Arg::from(&site.publisher))],
                    )}
                </p>
                <nav aria-label=i18n.t("footer-label")>
                    <ul class="footer-links">
                        <li><A href="/lettre">{i18n.t("nav-newsletter")}</A></li>
                        <li><A href="/mentions-legales">{i18n.t("footer-legal")}</A></li>
                        <li><A href="/conditions">{i18n.t("footer-terms")}</A></li>
                        <li><A href="/accessibilite">{i18n.t("footer-accessibility")}</A></li>
                        <li>
                            <a href=format!("mailto:{}", site.contact_email)>{i18n.t("footer-contact")}</a>
                        </li>
                        // A full page load: the server answers 401 with its own page when nobody
                        // is logged in.
                        <li><a href="/equipe" rel="external">{i18n.t("footer-staff")}</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn return_path_is_encoded() {
        assert_eq!(super::encode_query_value("/lettre/merci"), "/lettre/merci");
        assert_eq!(super::encode_query_value("/a b&c"), "/a%20b%26c");
    }
}
