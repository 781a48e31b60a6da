//! The background work as the staff see it: the job queue (`jobs`) and its buttons
//! (`actions`), and the alerts (`alerts`).

pub mod actions;
pub mod alerts;
pub mod jobs;
