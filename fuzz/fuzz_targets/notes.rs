#![no_main]
//! `cargo +nightly fuzz run notes`: see care_tests::fuzz::notes for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::notes(data));
