//! `tests/vectors/certification.json`: call certification.
//!
//! Inputs by `fn`:
//! - `evaluate`: `{ session, policy? }` (a partial policy: the rest defaults);
//! - `file_stem`: `{ agent, pass_rate }`;
//! - `qa_audit`: `{ score, policy? }`;
//! - `score_scorecard`: `{ template?, marks }` (the sample template when left out);
//! - `evaluate_batch`: `{ scores: [u8], policy? }`;
//! - `evaluate_batch_f64`: `{ scores: [number | null], policy? }` (null stands for NaN,
//!   which JSON cannot hold: a call not taken);
//! - `validate`: `{ policy }`, output `null`.
//!
//! A score (`score`, an element of `scores`) may also be `"NaN"`, `"Infinity"` or
//! `"-Infinity"`, read as that float ([`care_core::certification::score_from_json`]).

use crate::{arg, opt, to_value, Answer};
use care_core::certification::{self, score_from_json, CertPolicy, Session};
use care_core::scorecard::{Marks, Scorecard};
use care_core::Error;
use serde_json::Value;

/// The case's `policy` (a partial policy object), or the default.
pub fn policy(input: &Value) -> Result<CertPolicy, Error> {
    match input.get("policy") {
        None => Ok(CertPolicy::default()),
        Some(p) => care_core::policy::from_json(&p.to_string()),
    }
}

/// `input.scores` as floats: null is NaN (not taken), a string names a non-finite float.
pub fn scores(input: &Value) -> Result<Vec<f64>, Error> {
    let list: Vec<Value> = arg(input, "scores")?;
    list.iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Null => Ok(f64::NAN),
            v => score_from_json(&format!("call {}", i + 1), v),
        })
        .collect()
}

/// The call `f` of certification.json on `input`.
pub fn run(f: &str, input: &Value) -> Answer {
    Some(match f {
        "evaluate" => care_core::policy::from_value::<Session>("session", input["session"].clone())
            .and_then(|s| to_value(certification::evaluate(&s, &policy(input)?))),
        "file_stem" => arg::<String>(input, "agent")
            .and_then(|agent| to_value(certification::file_stem(&agent, arg(input, "pass_rate")?))),
        "qa_audit" => score_from_json("QA audit", &input["score"])
            .and_then(|s| to_value(certification::qa_audit(s, &policy(input)?))),
        "score_scorecard" => (|| {
            let template = opt::<Scorecard>(input, "template")?.unwrap_or_else(Scorecard::sample);
            let marks: Marks = arg(input, "marks")?;
            to_value(care_core::scorecard::score_scorecard(&template, &marks))
        })(),
        "evaluate_batch" => arg::<Vec<u8>>(input, "scores")
            .and_then(|s| to_value(certification::evaluate_batch(&s, &policy(input)?))),
        "evaluate_batch_f64" => scores(input)
            .and_then(|s| to_value(certification::evaluate_batch_f64(&s, &policy(input)?))),
        "validate" => arg::<CertPolicy>(input, "policy").and_then(|p| to_value(p.validate())),
        _ => return None,
    })
}
