#![no_main]
//! `cargo +nightly fuzz run notes_sheet`: see care_tests::fuzz::notes_sheet for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::notes_sheet(data));
