//! Runs `tests/vectors/certification.json` through the Rust API (the calls are in
//! `care_tests::certification`; the Python and Node packages run the same file).
//! `CARE_BLESS=1` writes the current answers into the file instead.

#[test]
fn certification_vectors() {
    care_tests::check("certification.json", 30, care_tests::certification::run);
}
