//! Runs `tests/vectors/agreement.json` through care-core's agreement statistics. The file is
//! written by `scripts/gen-agreement-vectors` from reference implementations that are not
//! ours (krippendorff, statsmodels, scikit-learn, pingouin); every value must match to 1e-9,
//! and where the reference has no value (it raised or answered NaN) care-core must answer
//! "undefined" with a reason.

use care_core::agreement::{
    cohen_kappa, fleiss_kappa, icc, krippendorff_alpha, Agreement, IccForm, Level, Weights,
};
use serde_json::Value;

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .expect("a matrix")
        .iter()
        .map(|row| {
            row.as_array()
                .expect("a row")
                .iter()
                .map(|x| x.as_f64().unwrap_or(f64::NAN))
                .collect()
        })
        .collect()
}

fn labels(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("labels")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn enum_of<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).expect("a known name")
}

fn run(f: &str, input: &Value) -> Agreement {
    let r = match f {
        "krippendorff_alpha" => krippendorff_alpha(
            &matrix(&input["ratings"]),
            enum_of::<Level>(&input["level"]),
        ),
        "fleiss_kappa" => fleiss_kappa(&matrix(&input["counts"])),
        "cohen_kappa" => cohen_kappa(
            &labels(&input["a"]),
            &labels(&input["b"]),
            enum_of::<Weights>(&input["weights"]),
        ),
        "icc" => icc(
            &matrix(&input["ratings"]),
            enum_of::<IccForm>(&input["form"]),
        ),
        other => panic!("no call for fn {other:?}"),
    };
    r.unwrap_or_else(|e| panic!("{f} failed: {e}"))
}

#[test]
fn agreement_vectors_match_the_reference_packages() {
    let path = care_tests::vector_path("agreement.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let tolerance = doc["tolerance"].as_f64().unwrap();
    assert!(tolerance <= 1e-9);
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let (mut defined, mut undefined) = (0, 0);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let got = run(case["fn"].as_str().unwrap(), &case["input"]);
        match (case["output"]["value"].as_f64(), got.value) {
            (Some(want), Some(have)) => {
                defined += 1;
                if (want - have).abs() > tolerance * want.abs().max(1.0) {
                    failures.push(format!("{name}: reference {want}, care-core {have}"));
                }
            }
            (None, None) => {
                undefined += 1;
                assert!(got.undefined_reason.is_some(), "{name}: no reason");
            }
            (want, _) => failures.push(format!("{name}: reference {want:?}, care-core {got}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(
        defined >= 200 && undefined >= 10,
        "{defined} defined, {undefined} undefined"
    );
}
