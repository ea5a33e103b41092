//! certifier (in progress).
