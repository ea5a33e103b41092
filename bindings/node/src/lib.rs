//! Node.js bindings for care-core (napi-rs).
//!
//! The binding only converts: JavaScript values in (plain objects through serde, ISO date
//! strings, typed arrays), care-core's answers out (plain objects exactly as serde writes
//! them), and [`care_core::Error`] into a JavaScript `Error` whose `code` is the upper-case
//! [`care_core::ErrorKind::code`]. Every export runs its body under [`guard`], so a bug in
//! Rust becomes a thrown `INTERNAL` error instead of aborting Node.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod catalog;
pub mod certification;
pub mod cohort;
pub mod convert;
pub mod errors;
pub mod escalation;
pub mod fast;
pub mod transition;
pub mod troubleshoot;

pub use errors::{Code, Result};

use napi_derive::napi;

/// The version of the care-core package.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every error `code` care-core throws, in the core's order (`UNKNOWN_ROLE`, ...).
#[napi]
pub fn error_codes() -> Vec<String> {
    care_core::ErrorKind::ALL
        .iter()
        .map(|k| errors::code_of(*k))
        .collect()
}
