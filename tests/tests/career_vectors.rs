//! Runs `tests/vectors/career.json` through the Rust API. With `CARE_VECTORS_WRITE=1` it
//! fills in each case's `output` / `error` from the current results instead (to be reviewed
//! by eye, then kept fixed).

use care_core::catalog::Catalog;
use care_core::transition::{self, PathOptions, Person};
use serde_json::{json, Value};

fn run(cat: &Catalog, f: &str, input: &Value) -> Result<Value, care_core::Error> {
    let s = |k: &str| input[k].as_str().unwrap_or_default().to_string();
    let v = |x: serde_json::Result<Value>| x.expect("serialisable");
    Ok(match f {
        "lookup" => v(serde_json::to_value(cat.lookup(&s("name"))?)),
        "classify" => v(serde_json::to_value(transition::classify(
            cat,
            &s("from"),
            &s("to"),
        )?)),
        "readiness" => {
            let person: Person = serde_json::from_value(input["person"].clone()).expect("person");
            v(serde_json::to_value(transition::readiness(
                cat,
                &person,
                &s("target"),
            )?))
        }
        "next_steps" => v(serde_json::to_value(transition::next_steps(
            cat,
            &s("role"),
        )?)),
        "paths" => {
            let options: PathOptions = match input.get("options") {
                Some(o) => serde_json::from_value(o.clone()).expect("options"),
                None => PathOptions::default(),
            };
            v(serde_json::to_value(transition::paths(
                cat,
                &s("from"),
                &s("to"),
                &options,
            )?))
        }
        "from_toml" => {
            let c = Catalog::from_toml(&s("text"))?;
            json!({ "units": c.units().len(), "roles": c.roles().len() })
        }
        "from_json" => {
            let c = Catalog::from_json(&s("text"))?;
            json!({ "units": c.units().len(), "roles": c.roles().len() })
        }
        other => panic!("unknown fn {other}"),
    })
}

#[test]
fn career_vectors() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/career.json");
    let text = std::fs::read_to_string(&path).expect("career.json");
    let mut doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let cat = Catalog::builtin().expect("built-in catalog");
    let write = std::env::var_os("CARE_VECTORS_WRITE").is_some();
    let cases = doc["cases"].as_array_mut().expect("cases");
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases.iter_mut() {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let f = case["fn"].as_str().expect("fn").to_string();
        let got = match run(&cat, &f, &case["input"]) {
            Ok(out) => json!({ "output": out }),
            Err(e) => json!({ "error": { "kind": e.kind().code(), "message": e.to_string() } }),
        };
        if write {
            let obj = case.as_object_mut().expect("case object");
            obj.remove("output");
            obj.remove("error");
            for (k, val) in got.as_object().expect("object") {
                obj.insert(k.clone(), val.clone());
            }
            continue;
        }
        let want = match (case.get("output"), case.get("error")) {
            (Some(o), None) => json!({ "output": o }),
            (None, Some(e)) => json!({ "error": e }),
            _ => panic!("case {name:?} needs exactly one of output and error"),
        };
        if got != want {
            failures.push(format!(
                "{name}:\n  want {}\n  got  {}",
                serde_json::to_string(&want).unwrap_or_default(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
        }
    }
    if write {
        let out = serde_json::to_string_pretty(&doc).expect("JSON") + "\n";
        std::fs::write(&path, out).expect("write career.json");
        return;
    }
    assert!(
        failures.is_empty(),
        "{} failing vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
