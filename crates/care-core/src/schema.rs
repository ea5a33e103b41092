//! JSON Schemas of every type that crosses into Python and Node (feature `schema`).
//!
//! The bindings do not spell a field of a result or a policy: they move values with serde,
//! and their type files (`_native.pyi`, `types.d.ts`) are generated from these schemas. A
//! type added here appears in both languages' type files the next time they are generated.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};

mod python;
mod typescript;
pub use python::python_fields;
pub use typescript::typescript;

/// The JSON Schemas (draft 2020-12, as the values are *written*) of the types that cross a
/// language boundary, as one object: `{"$defs": {"Evaluation": {...}, ...}}`. Every type
/// reachable from a listed one is in `$defs` too, under the name its schema `$ref`s use.
pub fn definitions() -> serde_json::Value {
    let mut generator = SchemaGenerator::new(SchemaSettings::draft2020_12().for_serialize());
    macro_rules! roots {
        ($($t:ty),* $(,)?) => { $( generator.subschema_for::<$t>(); )* };
    }
    use crate::{calendar, catalog, certification, cohort, escalation, scorecard, transition};
    roots!(
        // Results.
        certification::Evaluation,
        certification::Standing,
        certification::AuditResult,
        certification::Decision,
        certification::BatchColumns,
        transition::Move,
        transition::Readiness,
        transition::CareerPath,
        catalog::Role,
        catalog::Unit,
        catalog::Overview,
        escalation::Timeline,
        escalation::Status,
        escalation::BudgetCheck,
        escalation::StepCode,
        scorecard::ScorecardScore,
        cohort::Pairing,
        cohort::Forecast,
        cohort::Report,
        cohort::ProgressNote,
        crate::troubleshoot::Fix,
        crate::render::Edge,
        crate::error::Problem,
        crate::error::ErrorKind,
        crate::agreement::Agreement,
        crate::calibration::Calibration,
        crate::calibration::Leniency,
        crate::lint::Finding,
        crate::diff::PolicyDiff,
        crate::diff::HistoryDiff,
        crate::replay::Replay,
        crate::replay::BatchReplay,
        // Inputs and policies, as they are written back.
        certification::CertPolicy,
        certification::Session,
        escalation::EscalationPolicy,
        escalation::Excused,
        cohort::CohortPolicy,
        cohort::Staff,
        catalog::CareerPolicy,
        calendar::CalendarSpec,
        scorecard::Scorecard,
        scorecard::MarkedScorecard,
        transition::Person,
        transition::PathOptions,
        crate::calibration::CalibrationPolicy,
        crate::calibration::CalibrationSession,
        // The data of the bindings' classes, as their `toJSON` / `to_dict` write it.
        catalog::CatalogData,
        cohort::Cohort,
        crate::render::MapOptions,
        crate::troubleshoot::Troubleshooting,
    );
    #[cfg(feature = "xlsx")]
    roots!(
        crate::workbook::certifier::CertWorkbook,
        crate::workbook::tracker::NotesMerge
    );
    serde_json::json!({ "$defs": generator.take_definitions(true) })
}

/// The schema of one type, as [`definitions`] writes it.
pub fn of<T: JsonSchema>() -> serde_json::Value {
    let generator = SchemaGenerator::new(SchemaSettings::draft2020_12().for_serialize());
    generator.into_root_schema_for::<T>().to_value()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_root_is_defined_once_under_its_name() {
        let defs = super::definitions();
        let defs = defs["$defs"].as_object().unwrap();
        for name in [
            "Evaluation",
            "EscalationStatus",
            "Status",
            "Report",
            "CertPolicy",
            "Role",
            "Replay",
            "ReplaySummary",
            "Counterfactual",
            "CounterfactualChange",
            "Change",
        ] {
            assert!(defs.contains_key(name), "{name} missing: {:?}", defs.keys());
        }
        // Two types of one name would be told apart by a number (`Change2`).
        for name in defs.keys() {
            assert!(!name.ends_with(|c: char| c.is_ascii_digit()), "{name}");
        }
    }
}
