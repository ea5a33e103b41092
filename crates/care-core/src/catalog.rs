//! The `catalog` module (being written).
