#![no_main]
//! `cargo +nightly fuzz run tracker_sheet`: see care_tests::fuzz::tracker_sheet for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::tracker_sheet(data));
