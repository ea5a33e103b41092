//! # care-core
//!
//! A contact center's career map and agent-certification process as rules that software can
//! run, check and explain.
//!
//! - [`catalog`]: the career map: business units, job grades 105 to 109, roles and their
//!   prerequisites. The guide's map is built in ([`catalog::Catalog::builtin`]); an
//!   organisation can load its own from TOML or JSON.
//! - [`transition`]: a move between two roles classified (promotional, lateral, step down;
//!   within a unit or a cross-functional transfer; well-matched or not), a person's
//!   readiness for a role, next steps and career paths.
//! - [`render`]: the map as Mermaid, Graphviz DOT or a self-contained SVG.
//! - [`certification`]: the five role-played certification calls scored against pass marks,
//!   one agent at a time or ten million at once; [`scorecard`]: QA scorecards as data.
//! - [`calendar`]: business-day calendars with holidays and the site's time zone;
//!   [`escalation`]: the coaching / CAP / termination-review ladder and time budgets.
//! - [`calibration`]: are the certifiers fair and consistent? Calibration sessions (every
//!   certifier grades the same calls) against a benchmark or the consensus, and certifier
//!   leniency from the tracker; [`agreement`]: Krippendorff's alpha, Fleiss' and Cohen's
//!   kappa and intraclass correlations as plain functions.
//! - [`cohort`]: the certification cohort's day: pairing, progress notes, the end-of-day
//!   report, forecasts and tracker import; [`troubleshoot`]: the documents' fixes by symptom.
//! - [`lint`]: policies, calendars, scorecards and catalogs that cannot work or are likely
//!   mistakes, each finding naming its field; [`diff`]: what changed between two versions of
//!   one, and which rules read each change.
//! - `workbook` (feature `xlsx`): the tracker and progress notes from a sheet, the
//!   certifier's Call Cert Tracking workbook, the end-of-day report as a workbook.
//!
//! - [`arrow`] (cargo feature `arrow`): certification and escalation over Arrow record
//!   batches and streams of them.
//!
//! Every number from the source documents is a field of a policy whose default is the
//! documents' value; every outcome carries its [`Reason`]s and the [`PolicyRef`] that made it;
//! every failure is an [`Error`] with a message that names the input. There is no global
//! state and no panic on any input.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agreement;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod calendar;
pub mod calibration;
pub mod catalog;
mod cell_ref;
pub mod certification;
pub mod cohort;
pub mod counterfactual;
pub mod diff;
pub mod error;
pub mod escalation;
pub mod explain;
pub mod history;
pub mod lint;
pub mod policy;
pub mod render;
pub mod replay;
#[cfg(feature = "schema")]
pub mod schema;
pub mod scorecard;
pub mod suggest;
pub mod transition;
pub mod troubleshoot;
#[cfg(feature = "xlsx")]
pub mod workbook;

pub use agreement::{
    cohen_kappa, fleiss_kappa, icc, krippendorff_alpha, Agreement, IccForm, Level, Undefined,
    Weights,
};
pub use calendar::{Calendar, CalendarSpec};
pub use calibration::{
    calibrate, leniency, Calibration, CalibrationPolicy, CalibrationSession, Leniency,
};
pub use catalog::{CareerPolicy, Catalog, Prerequisite, Role, Track, Unit};
pub use certification::{
    evaluate, evaluate_batch, evaluate_batch_into, qa_audit, BatchColumns, BatchOut, Call,
    CallKind, CertPolicy, Evaluation, PreparedCertPolicy, Session, Standing,
};
pub use counterfactual::{Change, Counterfactual};
pub use error::{Error, ErrorKind, Problem, Result};
pub use escalation::{EscalationPolicy, Excused, Moment, StepCode, Timeline};
pub use explain::{rule, PolicyRef, Reason};
pub use history::{History, LoadAsOf, Version};
pub use scorecard::{Mark, MarkedScorecard, Scorecard};
pub use transition::{
    classify, next_steps, paths, readiness, CareerPath, Direction, Move, PathOptions, Person,
    Readiness, Scope,
};

/// The README's Rust example, compiled and run as a doctest so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
