//! Runs `tests/vectors/escalation.json` through the Rust API. With `BLESS_VECTORS=1` it
//! rewrites every case's `output` / `error` from what the API answers (review the diff).

use care_core::calendar::{Calendar, CalendarSpec};
use care_core::escalation::{self, EscalationPolicy, Excused, Moment};
use care_core::{Error, Result};
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn arg<T: DeserializeOwned>(input: &Value, key: &str) -> T {
    serde_json::from_value(input[key].clone())
        .unwrap_or_else(|e| panic!("input {key:?} of {input}: {e}"))
}

fn moment(input: &Value, key: &str) -> Result<Moment> {
    arg::<String>(input, key).parse()
}

fn calendar(input: &Value) -> Result<Calendar> {
    let tz = input["time_zone"].as_str().unwrap_or("UTC");
    match &input["calendar"] {
        Value::String(name) => Calendar::by_name(name, tz),
        spec @ Value::Object(_) => serde_json::from_value::<CalendarSpec>(spec.clone())
            .map_err(|e| Error::invalid_input(e.to_string()))?
            .build(),
        _ => Calendar::weekdays_only(tz),
    }
}

fn to_json<T: serde::Serialize>(r: Result<T>) -> Result<Value> {
    r.map(|v| serde_json::to_value(v).expect("serialisable"))
}

fn run(f: &str, input: &Value) -> Result<Value> {
    let policy = EscalationPolicy::default();
    let cal = calendar(input)?;
    let excused: Vec<Excused> = if input.get("excused").is_some() {
        arg(input, "excused")
    } else {
        Vec::new()
    };
    match f {
        "is_business_day" => to_json(cal.is_business_day(arg(input, "date"))),
        "add_business_days" => to_json(cal.add_business_days(arg(input, "date"), arg(input, "n"))),
        "business_days_between" => {
            to_json(cal.business_days_between(arg(input, "a"), arg(input, "b")))
        }
        "timeline" => to_json(escalation::timeline(
            arg(input, "start"),
            &cal,
            &excused,
            &policy,
        )),
        "status" => {
            let as_of = moment(input, "as_of")?;
            let completed = match input.get("completed") {
                Some(_) => Some(moment(input, "completed")?),
                None => None,
            };
            to_json(escalation::status(
                arg(input, "start"),
                &as_of,
                completed.as_ref(),
                &cal,
                &excused,
                &policy,
            ))
        }
        "cert_session_budget" => to_json(escalation::cert_session_budget(
            &moment(input, "connected")?,
            &moment(input, "finished")?,
            &cal,
            &policy,
        )),
        "tbt_budget" => to_json(escalation::tbt_budget(
            &moment(input, "started")?,
            &moment(input, "finished")?,
            &cal,
            &policy,
        )),
        "combined_budget" => to_json(escalation::combined_budget(
            arg(input, "start"),
            &moment(input, "finished")?,
            &cal,
            &excused,
            &policy,
        )),
        "escalation_steps" => {
            let starts: Vec<i32> = arg(input, "starts");
            let as_of: Date = arg(input, "as_of");
            let mut out = vec![0u8; starts.len()];
            escalation::escalation_steps(&starts, as_of, &cal, &policy, &mut out)?;
            Ok(json!(out))
        }
        other => panic!("unknown fn {other:?}"),
    }
}

#[test]
fn escalation_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/escalation.json");
    let text = std::fs::read_to_string(path).expect("vectors file");
    let mut doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let bless = std::env::var_os("BLESS_VECTORS").is_some();
    let cases = doc["cases"].as_array_mut().expect("cases");
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases.iter_mut() {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let f = case["fn"].as_str().expect("fn").to_string();
        let got = match run(&f, &case["input"]) {
            Ok(v) => json!({ "output": v }),
            Err(e) => json!({ "error": { "kind": e.kind().code(), "message": e.to_string() } }),
        };
        if bless {
            let obj = case.as_object_mut().expect("case object");
            obj.remove("output");
            obj.remove("error");
            for (k, v) in got.as_object().expect("object") {
                obj.insert(k.clone(), v.clone());
            }
            continue;
        }
        let want = match (case.get("output"), case.get("error")) {
            (Some(o), None) => json!({ "output": o }),
            (None, Some(e)) => json!({ "error": e }),
            _ => panic!("case {name:?} needs exactly one of output and error"),
        };
        if got != want {
            failures.push(format!("{name} ({f}):\n  want {want}\n  got  {got}"));
        }
    }
    if bless {
        let text = serde_json::to_string_pretty(&doc).expect("serialise") + "\n";
        std::fs::write(path, text).expect("write vectors");
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
