//! Who may call a backend function is in its signature: every `pub async fn` of the backend
//! that takes `&Ctx` first takes a role proof next (`&Staff`, `&Admin`), a value only the
//! authentication code and the command line's documented constructor make. The functions
//! every caller may use are listed below with why; the queue (`jobs`), the pool (`db`) and
//! the rate limits are infrastructure and not read.

use std::path::Path;

/// The proofs a privileged function takes right after `&Ctx`, by reference.
const PROOFS: &[&str] = &[
    "Staff",
    "Admin",
    "impl IsStaff",
    "Referent",
    "Member",
    "ForumModerator",
];

/// The files that may call the command line's constructors of a proof (`command_line`):
/// the command line itself, and the demonstration's seed that `make run` runs through it.
pub const COMMAND_LINE: &[&str] = &[
    "server/src/main.rs",
    "server/src/staff_cli.rs",
    "backend/src/demo.rs",
    "backend/src/accounts/mod.rs",
];

/// Functions any caller may use, by file (from `backend/src`) and name, with why: a
/// visitor's or an applicant's own action bound to the token they were mailed, the login
/// in progress, the public pages' reads, and the work of the job worker and its sweeps.
pub const EXCEPTIONS: &[(&str, &[&str], &str)] = &[
    (
        "accounts/login.rs",
        &[
            "request_login_link",
            "login_link_is_valid",
            "use_login_link",
            "authenticate",
            "purge",
        ],
        "the login itself, which makes the proof; its sweep",
    ),
    (
        "referents/login.rs",
        &["start", "finish", "request_link", "link_is_valid", "use_link", "space_origins"],
        "a dashboard's login itself, which makes the proof (bound to the session or the mailed token); where spaces answer, for its pages' policy",
    ),
    (
        "referents/mod.rs",
        &["authenticate", "purge"],
        "the dashboard login's check, which makes the proof; its sweep",
    ),
    (
        "referents/invitations.rs",
        &["link", "ask", "request", "join"],
        "an invitation link's public page and its confirmation, bound to the link's token and the mailed code",
    ),
    (
        "referents/handover.rs",
        &["offered", "accept"],
        "the page of an offer of the referent's role and its button, bound to the mailed link's token",
    ),
    (
        "forum/mod.rs",
        &["categories", "category_names", "latest", "category", "topic", "topic_row", "newest"],
        "the forum's pages and feeds, which anyone may read (they read what is visible only)",
    ),
    (
        "forum/merge.rs",
        &["merged_into"],
        "where a merged topic's old address leads, which anyone may follow (to a visible topic only)",
    ),
    (
        "forum/quote.rs",
        &["quoted"],
        "a post quoted in the reply form, which anyone may read (a visible post of a visible topic)",
    ),
    (
        "forum/profile.rs",
        &["profile"],
        "a person's profile, which anyone may read (what is visible, their space only if they chose so)",
    ),
    (
        "forum/notify.rs",
        &["unsubscribe", "send_digests"],
        "the one-click unsubscribe, bound to the signed token of the mail's link; the digests' sweep",
    ),
    (
        "forum/people.rs",
        &[
            "request_link",
            "link_is_valid",
            "use_link",
            "log_in_with_space",
            "authenticate",
            "log_out",
        ],
        "the forum's login: a link mailed to the address typed (the same answer whatever it \
         is), its page and its button bound to its token, the login with a space once the \
         space said who the person is, and the session's own login",
    ),
    (
        "forum/moderation.rs",
        &["flag_target"],
        "the flag page's post, which anyone may read (a visible post of a visible topic)",
    ),
    (
        "forum/search.rs",
        &["search", "similar"],
        "the forum's search, which anyone may run (it finds what is visible only)",
    ),
    (
        "referents/first_steps.rs",
        &["welcome"],
        "the members' welcome page, bound to its unguessable token",
    ),
    (
        "accounts/second_factor.rs",
        &[
            "begin_enrolment",
            "pending_enrolment",
            "finish_enrolment",
            "check_code",
        ],
        "the second factor of a login in progress, bound to it",
    ),
    (
        "applications/mod.rs",
        &[
            "reserved",
            "slug_availability",
            "submit",
            "confirm_link_is_valid",
            "confirm",
            "status",
            "withdraw",
            "answer",
            "send_lost_links",
            "expire_unconfirmed",
        ],
        "an applicant's form and own application, bound to its mailed token; the sweep",
    ),
    (
        "applications/windows.rs",
        &["registration"],
        "whether registrations are open, as the public pages say",
    ),
    (
        "applications/privacy.rs",
        &["anonymise_finished"],
        "the worker's sweep",
    ),
    (
        "newsletter/mod.rs",
        &[
            "subscribe",
            "confirm",
            "confirm_link_is_valid",
            "unsubscribe",
            "purge_unconfirmed",
        ],
        "a visitor's own subscription, bound to its mailed token; the sweep",
    ),
    ("mail/mod.rs", &["erase_dead_bodies"], "the worker's sweep"),
    (
        "provisioning/alerts.rs",
        &["mail_staff"],
        "the worker's sweep",
    ),
    (
        "provisioning/fleet.rs",
        &["take_slot", "release_slot"],
        "the worker's provisioning",
    ),
    (
        "provisioning/health.rs",
        &["sweep", "check_host", "record"],
        "the worker's sweep",
    ),
    (
        "provisioning/lifecycle.rs",
        &["pending_deletion", "cancel_deletion_by_link", "deletions"],
        "a referent's cancellation, bound to its mailed token; the sweep",
    ),
    (
        "provisioning/spaces.rs",
        &["progress"],
        "an applicant's status page, after its token named the application",
    ),
    (
        "demo.rs",
        &["seed"],
        "the demonstration's content, from `make run`",
    ),
];

/// Functions that must take a proof and do not yet: the list only shrinks (the test fails
/// when one of them takes its proof, so that it leaves the list).
pub const NOT_YET: &[(&str, &[&str])] = &[];

/// Each `pub async fn` taking `&Ctx` first, as `(file, name, second parameter's type)`.
pub fn functions(src: &Path) -> Vec<(String, String, Option<String>)> {
    let mut files = Vec::new();
    super::rust_files(src, &mut files);
    let mut out = Vec::new();
    for f in files {
        let name = f
            .strip_prefix(src)
            .unwrap_or(&f)
            .display()
            .to_string()
            .replace('\\', "/");
        if name == "db.rs" || name == "rate_limit.rs" || name.starts_with("jobs/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{name}: {e}"));
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for item in parsed.items {
            let syn::Item::Fn(func) = item else {
                continue;
            };
            let public = matches!(func.vis, syn::Visibility::Public(_));
            if !public || func.sig.asyncness.is_none() {
                continue;
            }
            let types: Vec<String> = func
                .sig
                .inputs
                .iter()
                .filter_map(|a| match a {
                    syn::FnArg::Typed(t) => Some(type_name(&t.ty)),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            if types.first().map(String::as_str) != Some("&Ctx") {
                continue;
            }
            out.push((
                name.clone(),
                func.sig.ident.to_string(),
                types.get(1).cloned(),
            ));
        }
    }
    out
}

/// A type as `&Name` (its last path segment), enough to tell a proof and the context.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Reference(r) => format!("&{}", type_name(&r.elem)),
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        syn::Type::ImplTrait(t) => match t.bounds.first() {
            Some(syn::TypeParamBound::Trait(b)) => format!(
                "impl {}",
                b.path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default()
            ),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// Whether a parameter's type is a proof.
pub fn is_proof(ty: Option<&str>) -> bool {
    ty.and_then(|t| t.strip_prefix('&'))
        .is_some_and(|t| PROOFS.contains(&t))
}

#[test]
fn a_parameter_is_a_proof_only_when_it_is_one_by_reference() {
    let ty = |s: &str| type_name(&syn::parse_str::<syn::Type>(s).unwrap());
    assert_eq!(ty("&crate::Ctx"), "&Ctx");
    assert!(is_proof(Some(&ty("&crate::accounts::Admin"))));
    assert!(is_proof(Some(&ty("&Staff"))));
    assert!(is_proof(Some(&ty("&impl crate::accounts::IsStaff"))));
    assert!(!is_proof(Some(&ty("&impl Into<String>"))));
    assert!(!is_proof(Some(&ty("Admin"))));
    assert!(!is_proof(Some(&ty("&str"))));
    assert!(!is_proof(None));
}
