//! Conversions between JavaScript values and care-core's serde types.

use crate::errors::{self, Result};
use napi::bindgen_prelude::Unknown;
use napi::Env;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A Rust value as the plain JavaScript object serde describes (same keys as its JSON).
pub fn to_js<'env, T: Serialize + ?Sized>(env: &Env, value: &T) -> Result<Unknown<'env>> {
    env.to_js_value(&value)
        .map_err(|e| errors::napi("result", e))
}

/// A plain JavaScript value read as a care-core type through serde.
pub fn from_json<T: DeserializeOwned>(what: &str, value: serde_json::Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| {
        errors::core(care_core::Error::invalid_input(format!(
            "invalid {what}: {e}"
        )))
    })
}
