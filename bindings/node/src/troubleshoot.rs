//! The documents' troubleshooting steps: `Troubleshooting` and `troubleshoot`.

use crate::convert::to_js;
use crate::errors::{core, guard, Result};
use care_core::troubleshoot as tr;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

/// A list of known problems and their fixes (the documents' four by default).
#[napi]
pub struct Troubleshooting {
    inner: tr::Troubleshooting,
}

#[napi]
impl Troubleshooting {
    /// The documents' fixes.
    #[napi(factory)]
    pub fn builtin() -> Result<Troubleshooting> {
        guard(|| {
            Ok(Troubleshooting {
                inner: tr::Troubleshooting::builtin(),
            })
        })
    }

    /// Loads and validates a list from TOML text.
    #[napi(factory)]
    pub fn from_toml(text: String) -> Result<Troubleshooting> {
        guard(|| {
            Ok(Troubleshooting {
                inner: tr::Troubleshooting::from_toml(&text).map_err(core)?,
            })
        })
    }

    /// Loads and validates a list from JSON text.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Troubleshooting> {
        guard(|| {
            Ok(Troubleshooting {
                inner: tr::Troubleshooting::from_json(&text).map_err(core)?,
            })
        })
    }

    /// The fix for a symptom described in free text (`UNKNOWN_NAME` if nothing matches).
    #[napi(ts_return_type = "Fix")]
    pub fn lookup<'env>(&self, env: &'env Env, symptom: String) -> Result<Unknown<'env>> {
        guard(|| to_js(env, &self.inner.lookup(&symptom).map_err(core)?))
    }

    /// The list as a plain object (also what `JSON.stringify` writes).
    #[napi(js_name = "toJSON", ts_return_type = "TroubleshootingData")]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(|| to_js(env, &self.inner))
    }
}

/// Looks a symptom up in the documents' fixes.
#[napi(ts_return_type = "Fix")]
pub fn troubleshoot<'env>(env: &'env Env, symptom: String) -> Result<Unknown<'env>> {
    guard(|| {
        to_js(
            env,
            &tr::Troubleshooting::builtin()
                .lookup(&symptom)
                .map_err(core)?,
        )
    })
}
