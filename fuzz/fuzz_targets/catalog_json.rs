#![no_main]
//! `cargo +nightly fuzz run catalog_json`: see care_tests::fuzz::catalog_json for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::catalog_json(data));
