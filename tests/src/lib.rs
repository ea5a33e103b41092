//! Workspace tests for care-core. The tests live in `tests/tests/`; the vectors they read
//! (shared with the Python and Node packages) live in `tests/vectors/`, the format is in
//! `docs/vectors.md`.
//!
//! This library holds what every vector runner shares: [`check`] (read a file, run each
//! case, compare or bless) and, per domain, the map from a case's `fn` to a Rust call
//! ([`career::run`], [`certification::run`], [`cohort::run`], [`escalation::run`]). The
//! `bad/` corpus adds its own calls and input encodings in [`bad`]. [`fuzz`] holds the
//! bodies of the cargo-fuzz targets in `fuzz/`.

pub mod bad;
pub mod career;
pub mod certification;
pub mod cohort;
pub mod escalation;
pub mod fuzz;

use care_core::Error;
use serde_json::{json, Value};

/// What a domain's `run` answers: `None` when it has no call for the `fn` (the case fails).
pub type Answer = Option<Result<Value, Error>>;

/// A vector file's path from its name under `tests/vectors` (`"career.json"`,
/// `"bad/career.json"`).
pub fn vector_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(name)
}

/// A result as a case writes it: `{ "output": ... }` or `{ "error": { kind, message } }`.
pub fn outcome(r: Result<Value, Error>) -> Value {
    match r {
        Ok(v) => json!({ "output": v }),
        Err(e) => json!({ "error": { "kind": e.kind().code(), "message": e.to_string() } }),
    }
}

/// A serialisable result as JSON.
pub fn to_value<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Error> {
    r.and_then(|v| {
        serde_json::to_value(v).map_err(|e| Error::invalid_input(format!("cannot write JSON: {e}")))
    })
}

/// Whether the runners rewrite the files instead of comparing (`CARE_BLESS=1`; the older
/// names `CARE_VECTORS_WRITE` and `BLESS_VECTORS` still work).
pub fn blessing() -> bool {
    ["CARE_BLESS", "CARE_VECTORS_WRITE", "BLESS_VECTORS"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Runs every case of the vector file `name` through `run` and panics listing every case
/// whose answer differs from its `output` / `error` (or whose `fn` has no call). The file
/// must hold at least `min_cases` cases. With [`blessing`] it writes the current answers
/// into the file instead (review the diff before committing).
pub fn check(name: &str, min_cases: usize, run: impl Fn(&str, &Value) -> Answer) {
    check_with(name, min_cases, |_, _| Ok(()), run);
}

/// [`check`] with an extra rule every case must meet (`Err` names what is wrong), e.g. "is
/// an error case" for the `bad/` corpus.
pub fn check_with(
    name: &str,
    min_cases: usize,
    rule: impl Fn(&str, &Value) -> Result<(), String>,
    run: impl Fn(&str, &Value) -> Answer,
) {
    let path = vector_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()));
    let bless = blessing();
    let cases = doc["cases"].as_array_mut().expect("a \"cases\" array");
    assert!(
        cases.len() >= min_cases,
        "{name}: only {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in cases.iter_mut() {
        let case_name = case["name"].as_str().unwrap_or("?").to_string();
        let f = case["fn"].as_str().unwrap_or("?").to_string();
        let Some(result) = run(&f, &case["input"]) else {
            failures.push(format!("{case_name}: no Rust call for fn {f:?}"));
            continue;
        };
        let got = outcome(result);
        if bless {
            let obj = case.as_object_mut().expect("case object");
            obj.remove("output");
            obj.remove("error");
            for (k, v) in got.as_object().expect("object") {
                obj.insert(k.clone(), v.clone());
            }
        }
        if let Err(why) = rule(&case_name, case) {
            failures.push(format!("{case_name}: {why}"));
            continue;
        }
        if bless {
            continue;
        }
        let want = match (case.get("output"), case.get("error")) {
            (Some(o), None) => json!({ "output": o }),
            (None, Some(e)) => json!({ "error": e }),
            _ => {
                failures.push(format!(
                    "{case_name}: needs exactly one of output and error"
                ));
                continue;
            }
        };
        if got != want {
            failures.push(format!(
                "{case_name} ({f}):\n  want {}\n  got  {}",
                short(&want),
                short(&got)
            ));
        }
    }
    if bless {
        let out = serde_json::to_string_pretty(&doc).expect("JSON") + "\n";
        std::fs::write(&path, out).expect("write the vector file");
    }
    assert!(
        failures.is_empty(),
        "{name}: {} failing vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A JSON value for a failure message, clipped so that a megabyte input stays readable.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() <= 2000 {
        return s;
    }
    let mut end = 2000;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &s[..end], s.len())
}

/// `input[key]` as a `T`; a malformed vector input is an [`Error::InvalidInput`] naming the
/// key (the case then fails with it, it does not panic).
pub fn arg<T: serde::de::DeserializeOwned>(input: &Value, key: &str) -> Result<T, Error> {
    let v = input.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(v).map_err(|e| Error::invalid_input(format!("vector input {key}: {e}")))
}

/// `input[key]` as a `T` when present and not null.
pub fn opt<T: serde::de::DeserializeOwned>(input: &Value, key: &str) -> Result<Option<T>, Error> {
    match input.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => arg(input, key).map(Some),
    }
}
