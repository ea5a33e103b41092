//! The `troubleshoot` module (being written).
