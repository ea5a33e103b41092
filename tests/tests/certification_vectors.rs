//! Runs `tests/vectors/certification.json` through the Rust API (the Python and Node packages
//! run the same file).
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
//! With `CARE_BLESS=1` the runner writes the actual results to
//! `target/certification-vectors-actual.json` instead of comparing.

use care_core::certification::{self, CertPolicy, Session};
use care_core::scorecard::{Marks, Scorecard};
use serde_json::{json, Value};

fn policy(input: &Value) -> Result<CertPolicy, care_core::Error> {
    match input.get("policy") {
        None => Ok(CertPolicy::default()),
        Some(p) => care_core::policy::from_json(&p.to_string()),
    }
}

fn field<T: serde::de::DeserializeOwned>(input: &Value, name: &str) -> T {
    serde_json::from_value(input[name].clone())
        .unwrap_or_else(|e| panic!("vector input {name:?} is malformed: {e}"))
}

fn out<T: serde::Serialize>(r: care_core::Result<T>) -> care_core::Result<Value> {
    r.map(|v| serde_json::to_value(v).expect("results serialise"))
}

fn run(f: &str, input: &Value) -> care_core::Result<Value> {
    match f {
        "evaluate" => {
            let session: Session = field(input, "session");
            out(certification::evaluate(&session, &policy(input)?))
        }
        "file_stem" => out(certification::file_stem(
            &field::<String>(input, "agent"),
            field(input, "pass_rate"),
        )),
        "qa_audit" => out(certification::qa_audit(
            field(input, "score"),
            &policy(input)?,
        )),
        "score_scorecard" => {
            let template = match input.get("template") {
                Some(t) => serde_json::from_value(t.clone()).expect("template is malformed"),
                None => Scorecard::sample(),
            };
            let marks: Marks = field(input, "marks");
            out(care_core::scorecard::score_scorecard(&template, &marks))
        }
        "evaluate_batch" => {
            let scores: Vec<u8> = field(input, "scores");
            out(certification::evaluate_batch(&scores, &policy(input)?))
        }
        "evaluate_batch_f64" => {
            let scores: Vec<Option<f64>> = field(input, "scores");
            let scores: Vec<f64> = scores.into_iter().map(|s| s.unwrap_or(f64::NAN)).collect();
            out(certification::evaluate_batch_f64(&scores, &policy(input)?))
        }
        "validate" => {
            let p: CertPolicy =
                serde_json::from_value(input["policy"].clone()).expect("policy is malformed");
            out(p.validate())
        }
        other => panic!("unknown fn {other:?}"),
    }
}

#[test]
fn certification_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/certification.json");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = file["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let bless = std::env::var_os("CARE_BLESS").is_some();
    let mut actual = Vec::new();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let f = case["fn"].as_str().expect("fn");
        let got = match run(f, &case["input"]) {
            Ok(v) => json!({ "output": v }),
            Err(e) => json!({ "error": { "kind": e.kind().code(), "message": e.to_string() } }),
        };
        if bless {
            actual.push(json!({ "name": name, "result": got }));
            continue;
        }
        let want = match (case.get("output"), case.get("error")) {
            (Some(o), None) => json!({ "output": o }),
            (None, Some(e)) => json!({ "error": e }),
            _ => panic!("case {name:?} needs exactly one of output and error"),
        };
        if got != want {
            failures.push(format!("{name}:\n  want {want}\n  got  {got}"));
        }
    }
    if bless {
        let out = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/certification-vectors-actual.json"
        );
        std::fs::write(out, serde_json::to_string_pretty(&actual).unwrap()).unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "{} failing vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
