//! The one conversion from care-core's errors to JavaScript errors, and the panic guard.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// A JavaScript error `code`: `UNKNOWN_ROLE`, `INVALID_SCORE`..., or `INTERNAL` for a bug
/// caught in Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(pub String);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The result of every export: a thrown error carries a [`Code`].
pub type Result<T> = napi::Result<T, Code>;

/// The `code` of a kind: its [`care_core::ErrorKind::code`] in upper case.
pub fn code_of(kind: care_core::ErrorKind) -> String {
    kind.code().to_ascii_uppercase()
}

/// The one conversion: a care-core error becomes a JavaScript `Error` with the kind's code
/// and the whole message.
pub fn core(e: care_core::Error) -> napi::Error<Code> {
    napi::Error::new(Code(code_of(e.kind())), e.to_string())
}

/// A napi failure (a value that could not be converted either way) as an
/// `INVALID_INPUT` error whose message says what was being converted.
pub fn napi(what: &str, e: napi::Error) -> napi::Error<Code> {
    core(care_core::Error::invalid_input(format!(
        "invalid {what}: {}",
        e.reason.trim_end_matches('.')
    )))
}

/// Runs an export's body, turning a panic into a thrown `INTERNAL` error so that Node never
/// aborts.
pub fn guard<T>(body: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(internal(&payload)),
    }
}

/// A caught panic as an `INTERNAL` error.
pub fn internal(payload: &Box<dyn std::any::Any + Send>) -> napi::Error<Code> {
    let what = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    };
    napi::Error::new(
        Code("INTERNAL".to_string()),
        format!("internal error in care-core (please report it): {what}"),
    )
}

/// An error with a [`Code`] as a plain `napi::Error` that carries the JavaScript `Error`
/// object itself, for the places napi only accepts its own error type (an async task's
/// rejection): the promise rejects with that object, `code` and all.
pub fn rejection(env: &napi::Env, e: napi::Error<Code>) -> napi::Error {
    let status = e.status.0.clone();
    let reason = e.reason.clone();
    let js = napi::JsError::from(e).into_unknown(*env);
    let mut out = napi::Error::from(js);
    if out.reason.is_empty() {
        out.reason = format!("{status}: {reason}");
    }
    out
}
