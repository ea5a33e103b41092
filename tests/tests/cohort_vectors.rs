//! Runs `tests/vectors/cohort.json` through the Rust API. With `CARE_BLESS=1` it writes the
//! current answers into the file instead (review the diff before committing).

use care_core::cohort::{self, Certifier, Cohort, CohortPolicy};
use care_core::{Calendar, Error};
use serde_json::{json, Value};

fn arg<T: serde::de::DeserializeOwned>(input: &Value, key: &str) -> Result<T, Error> {
    let v = input.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(v).map_err(|e| Error::invalid_input(format!("vector input {key}: {e}")))
}

fn opt<T: serde::de::DeserializeOwned>(input: &Value, key: &str) -> Result<Option<T>, Error> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => arg(input, key).map(Some),
    }
}

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

fn to<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::invalid_input(e.to_string()))
}

fn run(f: &str, input: &Value) -> Result<Value, Error> {
    let (calendar, policy) = setup(input)?;
    match f {
        "parse_note" => to(cohort::ProgressNote::parse(&arg::<String>(input, "text")?)?),
        "parse_notes" => to(cohort::parse_notes(&arg::<String>(input, "text")?)?),
        "import_tracker" => to(cohort::import_tracker(
            &arg::<String>(input, "tracker")?,
            &policy,
        )?),
        "pair" => to(cohort::pair(
            &cohort_of(input, &policy)?,
            arg(input, "day")?,
            &calendar,
            &policy,
        )?),
        "report" => to(cohort::report(
            &cohort_of(input, &policy)?,
            arg(input, "as_of")?,
            &calendar,
            &policy,
        )?),
        "to_csv" => to(cohort::report(
            &cohort_of(input, &policy)?,
            arg(input, "as_of")?,
            &calendar,
            &policy,
        )?
        .to_csv()?),
        "forecast" => to(cohort::forecast(
            arg(input, "agents")?,
            arg(input, "certifiers")?,
            arg(input, "start")?,
            &calendar,
            &policy,
        )?),
        "neutralize_csv_cell" => to(cohort::report::neutralize_csv_cell(&arg::<String>(
            input, "cell",
        )?)),
        "sessions_per_certifier" => to(policy.sessions_per_certifier()),
        other => panic!("unknown fn {other}"),
    }
}

#[test]
fn cohort_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/cohort.json");
    let text = std::fs::read_to_string(path).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let bless = std::env::var("CARE_BLESS").is_ok_and(|v| v == "1");
    let cases = doc["cases"].as_array_mut().unwrap();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases.iter_mut() {
        let name = case["name"].as_str().unwrap().to_string();
        let f = case["fn"].as_str().unwrap().to_string();
        let got = run(&f, &case["input"]);
        if bless {
            let obj = case.as_object_mut().unwrap();
            obj.remove("output");
            obj.remove("error");
            match got {
                Ok(v) => obj.insert("output".into(), v),
                Err(e) => obj.insert(
                    "error".into(),
                    json!({"kind": e.kind().code(), "message": e.to_string()}),
                ),
            };
            continue;
        }
        let ok = match (&got, case.get("output"), case.get("error")) {
            (Ok(v), Some(want), None) => v == want,
            (Err(e), None, Some(want)) => {
                want["kind"] == e.kind().code() && want["message"] == e.to_string()
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{name}: got {got:?}"));
        }
    }
    if bless {
        std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
