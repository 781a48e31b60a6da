## Shared page frame

site-tagline = Free and open collaborative spaces for associations and collectives
site-description = { $site } gives small associations and collectives a free Nextcloud space: files, calendars, video calls, office suite, without Google or Microsoft.
skip-link = Skip to content
nav-label = Main menu
nav-home = Home
nav-features = Features
nav-eligibility = Who can apply?
nav-faq = FAQ
nav-forum = Help forum
nav-support = Support us
nav-newsletter = Newsletter
lang-switch-label = Language:
lang-switch-link = Français
lang-switch-hreflang = fr
footer-label = Footer
footer-about = { $site } is a service run by { $publisher } and funded by your donations.
footer-legal = Legal notice
footer-terms = Terms of use
footer-accessibility = Accessibility: partially compliant
footer-contact = Contact
title-with-site = { $page } – { $site }

## Home

home-title = A free and open collaborative space for your association
home-lead = { $site } gives small associations and activist collectives a complete Nextcloud space to work together: files, calendars, video calls, an office suite… No Google, no Microsoft, no ads.
home-cta-eligibility = Check whether your group can apply
home-cta-features = See all the features
home-gives-title = What your space gives you
home-figures-title = Your space at a glance
home-figure-accounts = { $accounts } accounts for your members
home-figure-storage = { $quota } GB of shared storage
home-figure-price = Free, with no ads and no data resale
home-figure-address = An address in your name: my-group.{ $domain }
home-why-title = Why we do this
home-why-1 = For lack of a simple alternative, many associations hand their documents, their conversations and their members' data to Google Workspace, Microsoft 365 or Zoom. Those services live off data collection and make leaving hard.
home-why-2 = With { $site }, we want associations working for a fairer society to organise themselves with free software, hosted ethically, without having to run a server.
home-why-3 = Each space is a Nextcloud of its own: your data stays yours, and you can take it with you whenever you wish.
home-for-whom-title = Who is it for?
home-for-whom-text = Small associations and collectives with modest means: neighbourhood associations, activist groups, mutual aid groups, small cultural or sports clubs… We can host up to { $capacity } spaces.
home-for-whom-link = Read the criteria in full
home-newsletter-title = Hear when registrations open
home-newsletter-text = Applications open in waves. Leave your address: we will write when the next round opens, and for nothing else.

## Features

feature-files-title = Shared files
feature-files-text = Store and share your association's documents, synchronised on your computers and phones.
feature-calendar-title = Calendars
feature-calendar-text = Shared calendars for meetings, opening hours and events, on everyone's phone.
feature-contacts-title = Contacts
feature-contacts-text = A shared address book for your volunteers, partners and suppliers.
feature-photos-title = Shared photo albums
feature-photos-text = Gather the photos of your events and share them with a simple link.
feature-kanban-title = Kanban project boards
feature-kanban-text = Organise your projects in cards and columns: who does what, and by when.
feature-wiki-title = Wiki-style documentation
feature-wiki-text = Write your association's memory together: procedures, minutes, welcome guides.
feature-video-title = Video calls
feature-video-text = Video meetings and chat, for about ten people at a time.
feature-office-title = Online office suite
feature-office-text = Edit documents, spreadsheets and presentations together in the browser, with Collabora (the default) or OnlyOffice.

features-title = Features
features-intro = Every { $site } space is a complete Nextcloud, installed and kept up to date for you. Here is what your members will find in it.
features-admin-title = A space you manage yourselves
features-admin-text = A referent runs the space from a simple dashboard: create your members' accounts or invite them with a link, import a list from a spreadsheet, choose the office suite, set the name and colours, connect your space with other associations' spaces.
features-quota-text = Up to { $accounts } accounts and { $quota } GB shared between all accounts.
features-limits-title = What the space does not do
features-limits-mail = It does not host mailboxes or mailing lists.
features-limits-web = It does not host your association's website.
features-limits-e2ee = It does not encrypt your files end to end (the FAQ explains why).

## Who can apply

eligibility-title = Who can get a space?
eligibility-intro = { $site } is a limited resource, funded by donations. We keep it for groups that need it most and have little money.
eligibility-yes-title = You can apply if…
eligibility-yes-1 = you are an association (French "loi 1901" or equivalent) or a collective, registered or not;
eligibility-yes-2 = your work serves the common good: solidarity, popular education, ecology, culture or human rights;
eligibility-yes-3 = your yearly budget is modest and you have few or no employees;
eligibility-yes-4 = { $accounts } accounts and { $quota } GB are enough for your group;
eligibility-yes-5 = someone in your group agrees to be the space's referent.
eligibility-no-title = { $site } is not meant for…
eligibility-no-companies = businesses, even small ones, and sole traders;
eligibility-no-schools = schools and universities;
eligibility-no-public = town halls, local authorities and other public bodies;
eligibility-no-large = large associations, federations and national networks, which can afford paid hosting.
eligibility-alternatives-title = Other options for you
eligibility-chatons = The CHATONS collective gathers alternative hosts that are transparent, open, neutral and fair. Several of them offer Nextcloud spaces, sometimes paid, often better suited to larger organisations.
eligibility-chatons-link = Find a CHATONS host
eligibility-paid = Many companies also offer paid Nextcloud hosting with professional support.
eligibility-paid-link = See Nextcloud hosting providers
eligibility-review-title = How are applications reviewed?
eligibility-review-text = A person from our team reads every application. An answer can take up to 30 days: thank you for your patience.

## FAQ

faq-title = Frequently asked questions
faq-intro = Can't find your answer? Write to us at { $email }.
faq-data-q = Where is our data, and who can see it?
faq-data-a = Your data is hosted by { $host }, in the European Union, on servers run by { $publisher }. We do not read it, analyse it or sell it. Only a few members of the technical team have administrator access, for maintenance, and they are bound to confidentiality. The GDPR applies.
faq-e2ee-q = Why are your files not end-to-end encrypted?
faq-e2ee-a = End-to-end encryption would stop the online office suite, photo previews, search and link sharing from working, and a lost password would lose the files forever. Your connection to the space is encrypted (HTTPS), and access to the servers is strictly limited.
faq-custom-q = Can we customise our space?
faq-custom-a = Yes: your space's name, logo and colours, the choice of office suite, and apps from a selection we maintain. For security and maintenance reasons, we cannot install just any app.
faq-central-q = "Isn't this centralisation?"
faq-central-a = It is a fair question, and we ask it too. Each space remains an independent Nextcloud whose data you can export at any time to move to another host. We encourage groups that can to turn to the hosts of the CHATONS collective, and we document what we do openly so that others can do it too.
faq-review-q = How long does it take to get an answer?
faq-review-a = Every application is reviewed by hand; an answer can take up to 30 days. You get an e-mail as soon as a decision is made, and you can follow your application online.
faq-free-q = Is it really free?
faq-free-a = Yes. The service is funded by donations to { $publisher }. There are no ads, no data resale and no hidden paid plan.
faq-leave-q = What if we want to leave?
faq-leave-a = You can download your files, calendars and contacts in open formats at any time, then ask for your space to be deleted.

## Support us

support-title = Support { $site }
support-text = { $site } is free for associations because thousands of people give, a little or a lot, to { $publisher }. Donations pay for the servers and the work they need.
support-donate = Make a donation
support-tax = In France, a donation to a public-interest association gives a tax reduction.
support-other-title = Other ways to help
support-other-text = Tell others about { $site }, help newcomers on the help forum, or tell us what could be simpler.

## Legal notice

legal-title = Legal notice
legal-publisher-title = Publisher
legal-publisher-text = This site is published by { $publisher }, { $address }.
legal-director = Publication director: { $director }.
legal-contact = Contact: { $email }.
legal-host-title = Hosting
legal-host-text = The site and the spaces are hosted by { $host }, { $address }.
legal-data-title = Personal data
legal-data-newsletter = If you subscribe to the newsletter, we keep your e-mail address and language, to write to you and for nothing else. An unconfirmed subscription is erased after 7 days; unsubscribing erases the address at once.
legal-data-rights = You can access your data, have it corrected or erased by writing to { $email }. You can also lodge a complaint with the CNIL, the French data protection authority.
legal-cookies-title = Cookies
legal-cookies-text = This site sets a single cookie, and only if you change the language: it remembers your choice. No audience measurement or advertising cookies.

## Terms of use

terms-title = Terms of use
terms-purpose-title = Purpose
terms-purpose-text = These terms govern the use of the { $site } portal and of the collaborative spaces offered free of charge to the associations and collectives that are accepted.
terms-service-title = The service
terms-service-text = Each space includes up to { $accounts } accounts and { $quota } GB of storage. { $publisher } does its best to keep the spaces available and backed up, with no guarantee of results: keep a copy of your important data.
terms-use-title = Your commitments
terms-use-text = You use the space for your group's activity and within the law: no illegal content, no bulk unsolicited messages, no commercial use. The referent makes sure the members use the space properly.
terms-end-title = End of service
terms-end-text = You can close your space at any time. Should we stop the service or close a space for a serious breach, we would tell you, except in an emergency, at least 30 days in advance, so that you have time to retrieve your data.
terms-changes-title = Changes to these terms
terms-changes-text = These terms may change; referents are told by e-mail of any significant change.

## Accessibility statement

a11y-title = Accessibility statement
a11y-intro = { $publisher } is committed to making its digital services accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005.
a11y-scope = This statement applies to the { $site } portal ({ $url }).
a11y-status-title = Compliance status
a11y-status = The { $site } portal is partially compliant with the French accessibility framework (RGAA), version 4.1.2.
a11y-results-title = Test results
a11y-results = Every page is checked automatically with axe-core (WCAG 2.1 levels A and AA) at every change, and tested with the keyboard and without JavaScript. No full RGAA audit has yet been carried out by an independent body: this is why we declare partial compliance.
a11y-nonconform-title = Non-accessible content
a11y-nonconform = No non-compliance is known to date. If you come across one, tell us: we will fix it and list it here.
a11y-date = This statement was drawn up on { $date }.
a11y-tech-title = Technologies used
a11y-tech = HTML, CSS and WebAssembly. Every page and every form also works without JavaScript.
a11y-feedback-title = Feedback and contact
a11y-feedback = If you cannot access some content or a service, write to us at { $email }: we will point you to an accessible alternative or provide the content in another form.
a11y-recourse-title = Remedies
a11y-recourse-intro = If you told us about an accessibility problem that keeps you from some content or a service and did not get a satisfactory answer, you can:
a11y-recourse-form = write to the Défenseur des droits (the French rights ombudsman);
a11y-recourse-delegate = contact the Défenseur des droits' delegate in your region;
a11y-recourse-mail = send a letter by post (free of charge, no stamp needed): Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, France.

back-home = Back to the home page
