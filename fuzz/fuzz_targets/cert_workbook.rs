#![no_main]
//! `cargo +nightly fuzz run cert_workbook`: see care_tests::fuzz::cert_workbook for what it checks.
libfuzzer_sys::fuzz_target!(|data: &[u8]| care_tests::fuzz::cert_workbook(data));
