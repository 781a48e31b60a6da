//! The server over real HTTP, with a fresh PostgreSQL database per test.

mod newsletter;
mod public_site;
mod security;
mod support;
