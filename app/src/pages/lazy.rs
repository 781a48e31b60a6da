//! Pages behind lazy routes: each one's code is a WASM chunk of its own (`cargo leptos
//! build --split`), fetched only when that page is shown. The home page (the usual first
//! visit) and the error pages stay in the main module; a visitor of the public site never
//! downloads the staff area or the development pages. On the server every page renders as
//! any page does.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{dev, public, staff};

macro_rules! lazy_pages {
    ($($name:ident => $page:path),* $(,)?) => {$(
        #[doc = concat!("The lazy route of `", stringify!($page), "`.")]
        pub struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                $name
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    Features => public::features::FeaturesPage,
    Eligibility => public::eligibility::EligibilityPage,
    Faq => public::faq::FaqPage,
    Support => public::support::SupportPage,
    Legal => public::legal::LegalPage,
    Terms => public::legal::TermsPage,
    Accessibility => public::legal::AccessibilityPage,
    Newsletter => public::newsletter::NewsletterPage,
    NewsletterThanks => public::newsletter::ThanksPage,
    NewsletterConfirm => public::newsletter::ConfirmPage,
    NewsletterUnsubscribe => public::newsletter::UnsubscribePage,
    NewsletterConfirmed => public::newsletter::ConfirmedPage,
    NewsletterUnsubscribed => public::newsletter::UnsubscribedPage,
    Apply => public::apply::ApplyPage,
    ApplySent => public::apply::SentPage,
    ApplyConfirm => public::apply::ConfirmPage,
    ApplyConfirmed => public::apply::ConfirmedPage,
    ApplyStatus => public::apply::StatusPage,
    ApplyLostLink => public::apply::LostLinkPage,
    ApplyLostLinkSent => public::apply::LostLinkSentPage,
    SpaceDeletionCancel => public::space::DeletionCancelPage,
    SpaceDeletionCancelled => public::space::DeletionCancelledPage,
    StaffLogin => staff::login::StaffLoginPage,
    StaffLinkSent => staff::login::LinkSentPage,
    StaffLink => staff::login::LinkPage,
    StaffCode => staff::login::CodePage,
    StaffEnrol => staff::login::EnrolPage,
    StaffLoggedOut => staff::login::LoggedOutPage,
    StaffHome => staff::area::StaffHomePage,
    StaffAccounts => staff::area::AccountsPage,
    StaffOutbox => staff::area::OutboxPage,
    StaffQueue => staff::applications::QueuePage,
    StaffApplication => staff::applications::DetailPage,
    StaffTemplates => staff::templates::TemplatesPage,
    StaffWindows => staff::windows::WindowsPage,
    StaffSpaces => staff::fleet::SpacesPage,
    StaffSpace => staff::fleet::SpacePage,
    StaffHosts => staff::fleet::HostsPage,
    StaffNewHost => staff::host_form::NewHostPage,
    StaffJobs => staff::jobs::JobsPage,
    StaffAlerts => staff::jobs::AlertsPage,
    DevMails => dev::mails::MailsPage,
}
