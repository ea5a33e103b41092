#![no_main]
//! `cargo +nightly fuzz run scorecard`: see care_tests::fuzz::scorecard for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::scorecard(data));
