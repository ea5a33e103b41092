//! Runs `tests/vectors/escalation.json` through the Rust API (the calls are in
//! `care_tests::escalation`). `CARE_BLESS=1` writes the current answers into the file
//! instead.

#[test]
fn escalation_vectors() {
    care_tests::check("escalation.json", 30, care_tests::escalation::run);
}
