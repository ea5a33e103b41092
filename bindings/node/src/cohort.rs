//! The cohort's day (`Cohort`, `CohortPolicy`, `parseNote`, `parseNotes`, `forecast`,
//! `neutralizeCsvCell`), QA scorecards (`Scorecard`) and troubleshooting (`Troubleshooting`).

use crate::escalation::Calendar;
use crate::js::{self, core, Bytes, Data, IsoDate, Num, OptArg, Raw, Result, Str};
use care_core::cohort as co;
use care_core::replay::PolicySource;
use care_core::workbook::report as book;
use care_core::{scorecard as sc, troubleshoot as tr};
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

crate::data_class!(CohortPolicy, co::CohortPolicy, "Partial<T.CohortPolicy>", "T.CohortPolicy");
crate::data_class!(Scorecard, sc::Scorecard, "T.Scorecard", "T.Scorecard", sc::Scorecard::sample);
crate::data_class!(
    Troubleshooting,
    tr::Troubleshooting,
    "T.Troubleshooting",
    "T.Troubleshooting",
    tr::Troubleshooting::builtin
);

/// A certification cohort: agents, certifiers and the coordinator.
#[napi]
pub struct Cohort {
    inner: co::Cohort,
}

crate::export! {
    #[doc = "The sample QA scorecard template."]
    fn Scorecard::sample(env) -> Scorecard = Ok(Scorecard { inner: sc::Scorecard::sample() });
    #[doc = "The documents' fixes."]
    fn Troubleshooting::builtin(env) -> Troubleshooting =
        Ok(Troubleshooting { inner: tr::Troubleshooting::builtin() });
    #[doc = "The sample cohort: eleven agents with made-up names, ten certifiers, a coordinator."]
    fn Cohort::sample(env) -> Cohort = Ok(Cohort { inner: co::Cohort::sample() });
    #[doc = "The sample tracker CSV (a template for a site's own)."]
    fn Cohort::sample_tracker(env) -> String = Ok(co::Cohort::sample_tracker().into());
    #[doc = "Imports the tracker spreadsheet (CSV text); every problem names its line and column."]
    fn Cohort::from_tracker(env, csv: Str,
        policy: Option<Raw> = "CohortPolicy | Partial<T.CohortPolicy>") -> Cohort =
        co::import_tracker(&csv, &CohortPolicy::arg(env, policy)?).map(|inner| Cohort { inner });
    #[doc = "A cohort from its JSON text (what `JSON.stringify` writes)."]
    fn Cohort::from_json(env, text: Str) -> Cohort =
        care_core::policy::from_json(&text).map(|inner| Cohort { inner });
    #[doc = "The cohort as a plain object."]
    fn Cohort::to_json(env, &c) -> "T.Cohort" = Ok(c);
}

/// The bytes of a `Buffer` / `Uint8Array` argument, copied (read after every other argument).
pub(crate) fn bytes(env: &Env, what: &str, v: &Unknown<'_>) -> Result<Vec<u8>> {
    match js::borrow(env, what, v)? {
        js::Typed::U8(b) => Ok(b.to_vec()),
        _ => Err(js::invalid(env, what, "expected a Buffer or a Uint8Array")),
    }
}

/// Progress notes with their places from `withNotes` / `mergeNotes` arguments: a string of
/// lines, or a Buffer read by the core's `read_notes` in `format`, from `sheet`.
fn notes_arg(
    env: &Env, notes: Unknown<'_>, format: Option<String>, sheet: Option<String>,
) -> Result<Vec<(String, co::ProgressNote)>> {
    let (bytes, format) = match notes.get_type() {
        Ok(napi::ValueType::String) => (js::arg::<String>(env, "notes", notes)?.into_bytes(), Some("csv")),
        _ => (bytes(env, "notes", &notes)?, format.as_deref()),
    };
    let options = co::TrackerOptions { format, sheet: sheet.as_deref(), ..Default::default() };
    core(env, co::read_notes(&bytes, &options))
}

crate::export! {
    #[doc = "Scores one call's marks (`{ itemId: \"yes\" | \"no\" | \"na\" }`)."]
    fn Scorecard::score(env, &s, marks: Data = "Record<string, 'yes' | 'no' | 'na'>"
        as "scorecard marks") -> "T.ScorecardScore" = s.score(&marks);
    #[doc = "The fix for a symptom described in free text."]
    fn Troubleshooting::lookup(env, &t, symptom: Str) -> "T.Fix" = t.lookup(&symptom);
    #[doc = "The end-of-day report as of the end of `asOf` (ISO date)."]
    fn Cohort::report(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> "T.Report" =
        co::report(c, as_of, &calendar, &policy);
    #[doc = "The end-of-day report as CSV text (formula-like cells neutralised)."]
    fn Cohort::report_csv(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> String =
        co::report(c, as_of, &calendar, &policy).and_then(|r| r.to_csv());
    #[doc = "The end-of-day report as text for people."]
    fn Cohort::report_text(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> String =
        co::report(c, as_of, &calendar, &policy).map(|r| r.to_text());
    #[doc = "The end-of-day report as Markdown."]
    fn Cohort::report_markdown(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> String =
        co::report(c, as_of, &calendar, &policy).map(|r| r.to_markdown());
    #[doc = "The end-of-day report as an HTML email body."]
    fn Cohort::report_html(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> String =
        co::report(c, as_of, &calendar, &policy).map(|r| co::email::report_html(&r));
    #[doc = "The end-of-day report as an xlsx workbook (a Buffer), one sheet per section."]
    fn Cohort::report_xlsx(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> Bytes =
        co::report(c, as_of, &calendar, &policy).and_then(|r| book::report_xlsx(&r)).map(Bytes::from);
    #[doc = "The end-of-day report as an email draft (.eml text) to the policy's distribution"]
    #[doc = "list, the workbook attached."]
    fn Cohort::report_eml(env, &c, as_of: IsoDate as "as of",
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> String =
        co::report(c, as_of, &calendar, &policy).and_then(|r| book::report_eml_with_workbook(&r, &policy));
    #[doc = "A copy of this cohort with these certifiers (`[{ name, off }]`) and coordinator."]
    fn Cohort::with_certifiers(env, &c, certifiers: Data = "T.Certifier[]",
        coordinator: Option<Str>) -> Cohort = Ok(Cohort { inner: c.clone().with_certifiers(certifiers, coordinator) });
    #[doc = "A copy of this cohort with progress notes added: `Date - Name - Note` lines (a"]
    #[doc = "string), or a notes file (a Buffer: text, or a workbook whose sheet has columns date,"]
    #[doc = "name, note or lines in column A; `format` and `sheet` as in `readTracker`). A note"]
    #[doc = "already there (same agent, date and note) is not added twice, as `care report"]
    #[doc = "--notes`; `mergeNotes` reports those duplicates. A note naming no agent throws and"]
    #[doc = "nothing is added."]
    fn Cohort::with_notes(env, &c, notes: Raw = "string | Uint8Array",
        options { format: Option<Str>, sheet: Option<Str> } = "{ format?: 'csv' | 'xlsx' | 'ods'; sheet?: string }") -> Cohort = {
        let notes = notes_arg(env, notes, format, sheet)?;
        let mut inner = c.clone();
        care_core::workbook::tracker::merge_notes(&mut inner, notes).map(|_| Cohort { inner })
    };
    #[doc = "What `withNotes(notes, options)` does to this cohort (which stays unchanged): how many"]
    #[doc = "notes it adds, and the duplicates it finds (each with its place: `line 3`,"]
    #[doc = "`Notes!A7`) and does not add again."]
    fn Cohort::merge_notes(env, &c, notes: Raw = "string | Uint8Array",
        options { format: Option<Str>, sheet: Option<Str> } = "{ format?: 'csv' | 'xlsx' | 'ods'; sheet?: string }") -> "T.NotesMerge" = {
        let notes = notes_arg(env, notes, format, sheet)?;
        care_core::workbook::tracker::merge_notes(&mut c.clone(), notes)
    };
    #[doc = "The agents' names, in tracker order."]
    fn Cohort::agent_names(env, &c) -> "string[]" = Ok(c.agent_names().collect::<Vec<_>>());
    #[doc = "One agent by name (forgiving of case and punctuation)."]
    fn Cohort::agent(env, &c, name: Str) -> "T.Agent" = c.agent(&name);
    #[doc = "The pairing of certifiers with ready agents on `day` (an ISO business day)."]
    fn Cohort::pair(env, &c, day: IsoDate,
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> "T.Pairing" =
        co::pair(c, day, &calendar, &policy);
    #[doc = "Every agent re-decided as of `asOf` under two cohort policy versions: what flips. A"]
    #[doc = "side given as a string is a policy file's text, read as `care replay` reads it (any"]
    #[doc = "policy kind, or a history: the version in force on `asOf`)."]
    fn Cohort::replay(env, &c, as_of: IsoDate as "as of",
        from_policy: Raw = "CohortPolicy | Partial<T.CohortPolicy> | string",
        to_policy: Raw = "CohortPolicy | Partial<T.CohortPolicy> | string",
        options { calendar: Calendar } = "{ calendar?: CalendarArg }") -> "T.Replay" = {
        let side = |v: Unknown<'_>| match v.get_type() {
            Ok(napi::ValueType::String) => {
                core(env, PolicySource::Text(js::arg::<String>(env, "policy", v)?).policy(as_of))
            }
            _ => CohortPolicy::arg(env, Some(v)),
        };
        let (f, t) = (side(from_policy)?, side(to_policy)?);
        care_core::replay::replay(c, as_of, &calendar, &f, &t)
    };
    #[doc = "Imports a tracker from a Buffer (`format`: `csv`, `xlsx` or `ods`, default from the"]
    #[doc = "bytes: a zip package is a workbook, an old `.xls` an error, anything else CSV; `sheet`:"]
    #[doc = "the workbook's sheet; `as_of`: only rows dated on or before it count, as `care report"]
    #[doc = "--as-of` reads a tracker)."]
    fn read_tracker(env, data: Raw = "Uint8Array", options { format: Option<Str>, policy: CohortPolicy,
        sheet: Option<Str>, as_of: Option<IsoDate> } = "{ format?: 'csv' | 'xlsx' | 'ods'; policy?: CohortPolicy | Partial<T.CohortPolicy>; sheet?: string; as_of?: string }")
        -> Cohort = {
        let bytes = bytes(env, "data", &data)?;
        let (format, sheet) = (format.as_deref(), sheet.as_deref());
        let options = co::TrackerOptions { format, extension: None, sheet, as_of };
        co::read_tracker(&bytes, &options, &policy).map(|inner| Cohort { inner })
    };
    #[doc = "Parses one progress note, `Date - Name - Note`."]
    fn parse_note(env, text: Str) -> "T.ProgressNote" = co::ProgressNote::parse(&text);
    #[doc = "Parses progress notes, one a line (blank lines skipped)."]
    fn parse_notes(env, text: Str) -> "T.ProgressNote[]" = co::parse_notes(&text);
    #[doc = "When `agents` agents starting on `start` (ISO) with `certifiers` certifiers finish."]
    fn forecast(env, agents: Num, certifiers: Num, start: IsoDate,
        options { calendar: Calendar, policy: CohortPolicy } = "CohortOptions") -> "T.Forecast" = co::forecast(agents, certifiers, start, &calendar, &policy);
    #[doc = "A CSV cell made safe for spreadsheets (a leading `=`, `+`, `-`, `@`... is quoted away)."]
    fn neutralize_csv_cell(env, cell: Str) -> String =
        Ok(co::report::neutralize_csv_cell(&cell).into_owned());
}
