#![no_main]
//! `cargo +nightly fuzz run dates`: see care_tests::fuzz::dates for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::dates(data));
