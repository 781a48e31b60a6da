//! Applications as the staff see them: the queue (`queue`), one application (`detail`), the
//! moderators' buttons (`moderation`), and the admins' settings of moderation: the
//! registration windows (`windows`) and the rejection templates (`templates`).

pub mod detail;
pub mod moderation;
pub mod queue;
pub mod templates;
pub mod windows;
