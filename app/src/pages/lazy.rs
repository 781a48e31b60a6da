//! Pages behind lazy routes: each one's code is a WASM chunk of its own (`cargo leptos
//! build --split`), fetched only when that page is shown. The home page (the usual first
//! visit) and the error pages stay in the main module; a visitor of the public site never
//! downloads the staff area or the development pages. On the server every page renders as
//! any page does.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{apply, dev, forum, site, space, staff};

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
    Features => site::features::FeaturesPage,
    Eligibility => site::eligibility::EligibilityPage,
    Faq => site::faq::FaqPage,
    Support => site::support::SupportPage,
    Legal => site::legal::LegalPage,
    Terms => site::legal::TermsPage,
    Accessibility => site::legal::AccessibilityPage,
    Newsletter => site::newsletter::NewsletterPage,
    NewsletterThanks => site::newsletter::ThanksPage,
    NewsletterConfirm => site::newsletter::ConfirmPage,
    NewsletterUnsubscribe => site::newsletter::UnsubscribePage,
    NewsletterConfirmed => site::newsletter::ConfirmedPage,
    NewsletterUnsubscribed => site::newsletter::UnsubscribedPage,
    Apply => apply::form::ApplyPage,
    ApplySent => apply::confirm::SentPage,
    ApplyConfirm => apply::confirm::ConfirmPage,
    ApplyConfirmed => apply::confirm::ConfirmedPage,
    ApplyStatus => apply::status::StatusPage,
    ApplyLostLink => apply::lost_link::LostLinkPage,
    ApplyLostLinkSent => apply::lost_link::LostLinkSentPage,
    SpaceDeletionCancel => space::deletion::DeletionCancelPage,
    SpaceDeletionCancelled => space::deletion::DeletionCancelledPage,
    SpaceLogin => space::login::SpaceLoginPage,
    SpaceReturn => space::login::SpaceReturnPage,
    SpaceLink => space::login::SpaceLinkPage,
    SpaceLinkSent => space::login::SpaceLinkSentPage,
    SpaceLinkUse => space::login::SpaceLinkUsePage,
    SpaceLoggedOut => space::login::SpaceLoggedOutPage,
    SpaceOverview => space::overview::SpaceOverviewPage,
    SpaceMembers => space::members_page::SpaceMembersPage,
    SpaceImport => space::import_page::SpaceImportPage,
    SpaceImportShown => space::import_page::SpaceImportShownPage,
    SpaceWelcome => space::welcome::WelcomePage,
    SpaceInvitations => space::invitations::SpaceInvitationsPage,
    SpaceSettings => space::settings::SpaceSettingsPage,
    SpaceJoin => space::join::JoinPage,
    SpaceHandover => space::handover::SpaceHandoverPage,
    SpaceHandoverAccept => space::handover::HandoverAcceptPage,
    SpaceExport => space::export::SpaceExportPage,
    SpaceDirectory => space::directory::SpaceDirectoryPage,
    SpaceJoinConfirm => space::join::JoinConfirmPage,
    ForumHome => forum::home::ForumHomePage,
    ForumCategory => forum::category::ForumCategoryPage,
    ForumTopic => forum::topic::ForumTopicPage,
    ForumSearch => forum::search::ForumSearchPage,
    ForumLogin => forum::login::ForumLoginPage,
    ForumLinkSent => forum::login::ForumLinkSentPage,
    ForumSpaceLogin => forum::login::ForumSpaceLoginPage,
    ForumLink => forum::login::ForumLinkPage,
    ForumNewTopic => forum::compose::NewTopicPage,
    ForumReply => forum::compose::ReplyPage,
    ForumFlag => forum::flag::FlagPage,
    ForumProfile => forum::people::ForumProfilePage,
    ForumAccount => forum::people::ForumAccountPage,
    ForumDelete => forum::people::ForumDeletePage,
    ForumUnsubscribe => forum::people::ForumUnsubscribePage,
    ForumUnsubscribed => forum::people::ForumUnsubscribedPage,
    ForumNotifications => forum::notifications::ForumNotificationsPage,
    ForumPending => forum::pending::ForumPendingPage,
    StaffForum => staff::forum::ForumModerationPage,
    StaffForumSanction => staff::forum_sanctions::SanctionPage,
    StaffForumMerge => staff::forum_merge::MergePage,
    StaffLogin => staff::login::StaffLoginPage,
    StaffLinkSent => staff::login::LinkSentPage,
    StaffLink => staff::login::LinkPage,
    StaffCode => staff::login::CodePage,
    StaffEnrol => staff::login::EnrolPage,
    StaffLoggedOut => staff::login::LoggedOutPage,
    StaffHome => staff::area::StaffHomePage,
    StaffAccounts => staff::area::AccountsPage,
    StaffOutbox => staff::area::OutboxPage,
    StaffQueue => staff::applications::queue::QueuePage,
    StaffApplication => staff::applications::detail::DetailPage,
    StaffTemplates => staff::applications::templates::TemplatesPage,
    StaffWindows => staff::applications::windows::WindowsPage,
    StaffSpaces => staff::spaces::list::SpacesPage,
    StaffSpace => staff::spaces::space::SpacePage,
    StaffHosts => staff::hosts::list::HostsPage,
    StaffNewHost => staff::hosts::form::NewHostPage,
    StaffJobs => staff::queue::jobs::JobsPage,
    StaffAlerts => staff::queue::alerts::AlertsPage,
    DevMails => dev::mails::MailsPage,
}
