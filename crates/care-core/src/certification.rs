//! The `certification` module (being written).
