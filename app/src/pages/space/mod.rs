//! What a space's referent reaches: today the pages of the link that cancels a deletion
//! asked for their space. The referent's dashboard will come here.

pub mod deletion;
