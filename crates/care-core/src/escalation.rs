//! The `escalation` module (being written).
