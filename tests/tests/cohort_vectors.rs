//! Runs `tests/vectors/cohort.json` through the Rust API (the calls are in
//! `care_tests::cohort`). `CARE_BLESS=1` writes the current answers into the file instead.

#[test]
fn cohort_vectors() {
    care_tests::check("cohort.json", 20, care_tests::cohort::run);
}
