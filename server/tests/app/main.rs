//! The server over real HTTP, with a fresh PostgreSQL database per test.

mod newsletter;
mod public_site;
mod robustness;
mod routes;
mod security;
mod staff;
mod support;
