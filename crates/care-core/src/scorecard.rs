//! The `scorecard` module (being written).
