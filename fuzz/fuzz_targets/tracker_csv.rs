#![no_main]
//! `cargo +nightly fuzz run tracker_csv`: see care_tests::fuzz::tracker_csv for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::tracker_csv(data));
