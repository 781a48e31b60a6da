//! Where a forum login returns to: the page that asked for it (the question being flagged,
//! the topic replied to, the idea voted for), carried by the login's address
//! (`/forum/connexion?retour=…`), its form, and its mailed link. Only one of the forum's
//! own pages is ever followed, so no address given to the login page leads elsewhere.

/// The page of a person's posts held for a moderator's approval (issue 22, point 5).
pub const PENDING_PATH: &str = "/forum/en-attente";

/// The reply page's query that quotes a post of its topic (`?citer=<post>`), and the
/// passage of it the reader selected (`&passage=…`, with JavaScript).
pub const QUOTE_PARAM: &str = "citer";
pub const PASSAGE_PARAM: &str = "passage";

/// The longest passage quoted, in characters: a few lines, not the thread.
pub const PASSAGE_MAX: usize = 4000;

/// A person's profile address: `/forum/u/` and their pseudonym, percent-encoded (the pages'
/// links and the posts' mentions both).
pub fn profile_path(pseudonym: &str) -> String {
    format!("/forum/u/{}", crate::percent_encode(pseudonym))
}

/// The longest page address kept.
pub const RETURN_MAX: usize = 300;

/// The forum's page `raw`, if it is one to return to after logging in: a path of the
/// forum's own (`/forum`, `/forum/…`, with a query and an anchor), in plain characters
/// (no `//`, no `/.`, no `\`, no percent-encoding, nothing a browser would read as another
/// site), and not the login pages themselves.
pub fn forum_return(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix("/forum")?;
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~/?=&#".contains(c);
    let ok = raw.len() <= RETURN_MAX
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
        && raw.chars().all(plain)
        && !raw.contains("//")
        && !raw.contains("/.")
        && !rest.starts_with("/connexion")
        && !rest.starts_with("/deconnexion");
    ok.then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::forum_return;

    #[test]
    fn only_the_forums_own_pages_are_returned_to() {
        for good in [
            "/forum",
            "/forum/signaler/12",
            "/forum/nouveau?categorie=premiers-pas",
            "/forum/t/partager-un-dossier/3?page=2#votes",
            "/forum#x",
        ] {
            assert_eq!(forum_return(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "/",
            "/forumx",
            "/forum-evil",
            "//evil.example/forum",
            "/forum//evil.example",
            "https://evil.example/forum",
            "/forum/../equipe",
            "/forum/./x",
            "/forum/%2F%2Fevil.example",
            "/forum/\\evil.example",
            "/forum/x\r\nSet-Cookie: a=b",
            "/forum/x\"><script>",
            "/forum/connexion",
            "/forum/connexion/lien/abc",
            "/forum/deconnexion",
            "/forum/é",
            " /forum",
        ] {
            assert_eq!(forum_return(bad), None, "{bad:?}");
        }
        assert_eq!(forum_return(&format!("/forum/{}", "a".repeat(400))), None);
    }
}
