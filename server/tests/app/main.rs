//! The server over real HTTP, with a fresh PostgreSQL database per test.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap fails, as it should

mod actions;
mod applications;
mod connections;
mod dashboard;
mod directory;
mod export;
mod faults;
mod first_steps;
mod forms;
mod forum;
mod forum_details;
mod forum_held;
mod forum_ideas;
mod forum_likes;
mod forum_merge;
mod forum_moderation;
mod forum_people;
mod forum_quote;
mod forum_sanctions;
mod forum_writing;
mod handover;
mod imports;
mod invitations;
mod jobs;
mod lifecycle;
mod members;
mod moderation;
mod newsletter;
mod provisioning;
mod public_site;
mod robustness;
mod routes;
mod security;
mod settings;
mod staff;
mod support;
