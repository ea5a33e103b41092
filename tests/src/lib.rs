//! Workspace tests for care-core. The tests live in `tests/tests/`; the vectors they read
//! (shared with the Python and Node packages) live in `tests/vectors/`.

pub mod fuzz;
