//! Applications for a space (issue "Applications and moderation"). For now, the rules of a
//! space's address that need more than `common::Slug`: the reserved names, and the
//! suggestion made from a structure's name in any script.

mod slug;

pub use slug::{check_not_reserved, suggest_slug, DEFAULT_RESERVED};
