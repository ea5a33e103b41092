//! The `transition` module (being written).
