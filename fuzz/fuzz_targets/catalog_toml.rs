#![no_main]
//! `cargo +nightly fuzz run catalog_toml`: see care_tests::fuzz::catalog_toml for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::catalog_toml(data));
