//! Runs the bad-input corpus `tests/vectors/bad/*.json` through the Rust API: every case
//! must fail with its `error.kind` and the whole `error.message` (no panic, no hang, no
//! answer). The calls and input encodings are in `care_tests::bad`; the Python and Node
//! packages run the same files. `CARE_BLESS=1` writes the current answers instead.

use care_tests::bad::{is_error_case, runner, DOMAINS};

fn run(domain: &str, min_cases: usize) {
    care_tests::check_with(
        &format!("bad/{domain}.json"),
        min_cases,
        is_error_case,
        runner(domain),
    );
}

#[test]
fn every_bad_file_has_a_runner() {
    let dir = care_tests::vector_path("bad");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/vectors/bad")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let want: Vec<String> = DOMAINS.iter().map(|d| format!("{d}.json")).collect();
    assert_eq!(
        files, want,
        "every file of tests/vectors/bad needs a domain"
    );
}

#[test]
fn bad_career() {
    run("career", 10);
}

#[test]
fn bad_certification() {
    run("certification", 20);
}

#[test]
fn bad_cohort() {
    run("cohort", 10);
}

#[test]
fn bad_escalation() {
    run("escalation", 10);
}

#[test]
fn decoding() {
    use serde_json::json;
    let v = care_tests::bad::decode(&json!({
        "a": [{"repeat": "ab", "times": 3}, {"before": "<", "repeat": "-", "times": 2, "after": ">"}],
        "b": {"generate_catalog_roles": 2},
        "c": {"repeat": "x", "times": 2, "other": 1},
    }));
    assert_eq!(v["a"][0], "ababab");
    assert_eq!(v["a"][1], "<-->");
    assert_eq!(v["c"]["other"], 1);
    let cat = care_core::catalog::Catalog::from_json(v["b"].as_str().unwrap()).unwrap();
    assert_eq!(cat.roles().len(), 2);
}
