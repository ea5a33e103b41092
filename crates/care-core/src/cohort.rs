//! The `cohort` module (being written).
