#![no_main]
//! `cargo +nightly fuzz run policy`: see care_tests::fuzz::policy for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::policy(data));
