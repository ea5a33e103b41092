//! The `render` module (being written).
