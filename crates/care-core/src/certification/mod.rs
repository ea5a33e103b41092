//! Call certification: the role-played certification calls scored against the pass mark, one
//! agent at a time ([`evaluate`]) or millions at once ([`evaluate_batch_into`]).
//!
//! The rules, all fields of [`CertPolicy`] (defaults from the call certification document and
//! `DECISIONS.md`):
//!
//! - a session has five calls, three PDP and two MAPD;
//! - call 1 is the coached practice call: it is scored 100 automatically and counts as a pass;
//! - a call passes at a score of at least 85;
//! - an agent is certified with at least 4 passing calls;
//! - the outcome is decided early once 4 calls passed (certified) or once so many calls failed
//!   that 4 passes are out of reach (failed: 2 fails with the defaults);
//! - the pass rate is passes / calls as a whole percent, rounded down (100, 80, 60...);
//! - the scorecard file is named `LastName_FirstName_NN%` ([`file_stem`]);
//! - after training, a QA audit passes at a score of at least 95 ([`qa_audit`]).
//!
//! One rule decides an agent's status from the counts of passing, failing and pending calls:
//! [`decide`]. [`evaluate`] calls it directly; the batch functions use a table filled by
//! calling it for every possible count, so both give the same answer by construction (and a
//! property test checks it on random input).

use crate::error::{Error, Problem, Result};
use crate::explain::{PolicyRef, Reason, Text};
use crate::scorecard::{MarkedScorecard, ScorecardScore};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most calls a certification policy may have.
pub const MAX_CALLS: u8 = 100;

/// The longest part (last or first name) of a file stem, in bytes of UTF-8; longer parts are
/// cut at a character boundary so the whole stem stays well under every file system's limit.
pub const MAX_NAME_PART_BYTES: usize = 100;

/// The longest agent name, in characters (the same limit as a cohort's names); a longer one
/// is [`Error::TooLarge`] rather than a file stem cut from a megabyte of input.
pub const MAX_AGENT_NAME_CHARS: usize = 200;

/// In a batch of `u8` scores, the value that means "this call has not been taken yet".
pub const NOT_TAKEN: u8 = 255;

/// The kind of a certification call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum CallKind {
    /// A Medicare Part D prescription drug plan call.
    Pdp,
    /// A Medicare Advantage prescription drug plan call.
    Mapd,
}

impl fmt::Display for CallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallKind::Pdp => "PDP",
            CallKind::Mapd => "MAPD",
        })
    }
}

mod audit;
mod batch;
mod decision;
mod evaluate;
mod format;
mod policy;
mod score;
mod session;
mod stem;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_batch;

pub use audit::*;
pub use batch::*;
pub use decision::*;
pub use evaluate::*;
pub use format::format_score;
#[allow(unused_imports)]
use format::*;
pub use policy::*;
pub use score::*;
pub use session::*;
pub use stem::*;
