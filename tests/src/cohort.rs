//! `tests/vectors/cohort.json`: cohort operations (notes, tracker import, pairing, reports,
//! forecasts). Every `fn` first sets up the calendar (`holidays`, a built-in name in UTC,
//! default `none`) and the policy (`policy`, a partial `CohortPolicy`), so their errors come
//! first, as in the Python and Node runners.

use crate::{arg, opt, to_value, Answer};
use care_core::cohort::{self, Certifier, Cohort, CohortPolicy};
use care_core::{Calendar, Error};
use serde_json::Value;

fn setup(input: &Value) -> Result<(Calendar, CohortPolicy), Error> {
    let holidays: String = opt(input, "holidays")?.unwrap_or_else(|| "none".into());
    let calendar = Calendar::by_name(&holidays, "UTC")?;
    let policy = match input.get("policy") {
        None | Some(Value::Null) => CohortPolicy::default(),
        Some(p) => CohortPolicy::from_json(&p.to_string())?,
    };
    Ok((calendar, policy))
}

fn cohort_of(input: &Value, policy: &CohortPolicy) -> Result<Cohort, Error> {
    let mut c = cohort::import_tracker(&arg::<String>(input, "tracker")?, policy)?;
    if let Some(certifiers) = opt::<Vec<Certifier>>(input, "certifiers")? {
        c.certifiers = certifiers;
    }
    Ok(c)
}

/// The call `f` of cohort.json on `input`.
pub fn run(f: &str, input: &Value) -> Answer {
    let known = [
        "parse_note",
        "parse_notes",
        "import_tracker",
        "pair",
        "report",
        "to_csv",
        "forecast",
        "neutralize_csv_cell",
        "sessions_per_certifier",
    ];
    if !known.contains(&f) {
        return None;
    }
    Some(setup(input).and_then(|(calendar, policy)| call(f, input, &calendar, &policy)))
}

fn call(
    f: &str,
    input: &Value,
    calendar: &Calendar,
    policy: &CohortPolicy,
) -> Result<Value, Error> {
    match f {
        "parse_note" => to_value(cohort::ProgressNote::parse(&arg::<String>(input, "text")?)),
        "parse_notes" => to_value(cohort::parse_notes(&arg::<String>(input, "text")?)),
        "import_tracker" => to_value(cohort::import_tracker(
            &arg::<String>(input, "tracker")?,
            policy,
        )),
        "pair" => to_value(cohort::pair(
            &cohort_of(input, policy)?,
            arg(input, "day")?,
            calendar,
            policy,
        )),
        "report" => to_value(cohort::report(
            &cohort_of(input, policy)?,
            arg(input, "as_of")?,
            calendar,
            policy,
        )),
        "to_csv" => to_value(
            cohort::report(
                &cohort_of(input, policy)?,
                arg(input, "as_of")?,
                calendar,
                policy,
            )?
            .to_csv(),
        ),
        "forecast" => to_value(cohort::forecast(
            arg(input, "agents")?,
            arg(input, "certifiers")?,
            arg(input, "start")?,
            calendar,
            policy,
        )),
        "neutralize_csv_cell" => Ok(Value::String(
            cohort::report::neutralize_csv_cell(&arg::<String>(input, "cell")?).into_owned(),
        )),
        "sessions_per_certifier" => to_value(Ok(policy.sessions_per_certifier())),
        other => Err(Error::invalid_input(format!("no cohort call {other:?}"))),
    }
}
