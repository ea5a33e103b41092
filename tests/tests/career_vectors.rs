//! Runs `tests/vectors/career.json` through the Rust API (the calls are in
//! `care_tests::career`). `CARE_BLESS=1` writes the current answers into the file instead.

#[test]
fn career_vectors() {
    care_tests::check("career.json", 30, care_tests::career::run);
}
