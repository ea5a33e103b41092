//! Conversions between JavaScript values and care-core's serde types, and the caches of
//! constants (the built-in catalog, the built-in calendars).

use crate::errors::{self, core, Result};
use care_core::calendar::{Calendar, CalendarSpec};
use napi::bindgen_prelude::{Function, JsObjectValue, Object, Unknown};
use napi::Env;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::{Mutex, OnceLock};

/// A Rust value as the plain JavaScript object serde describes (same keys as its JSON).
///
/// The value is written to JSON text in Rust and read back with V8's own `JSON.parse`: one
/// crossing instead of one napi call per key and value, several times faster than napi's
/// serde serializer for results of more than a few fields. The JSON is exactly what serde
/// writes, so the object's keys and values are the ones the vectors hold.
pub fn to_js<'env, T: Serialize + ?Sized>(env: &Env, value: &T) -> Result<Unknown<'env>> {
    let text = serde_json::to_string(value).map_err(|e| {
        core(care_core::Error::invalid_input(format!(
            "cannot write the result as JSON: {e}"
        )))
    })?;
    parse_json(env, &text)
}

/// JSON text as a JavaScript value, through the global `JSON.parse`.
pub fn parse_json<'env>(env: &Env, text: &str) -> Result<Unknown<'env>> {
    let run = || -> napi::Result<Unknown<'env>> {
        let global = env.get_global()?;
        let json: Object = global.get_named_property_unchecked("JSON")?;
        let parse: Function<napi::JsString, Unknown<'env>> =
            json.get_named_property_unchecked("parse")?;
        parse.call(env.create_string(text)?)
    };
    run().map_err(|e| errors::napi("result", e))
}

/// A plain JavaScript value read as a care-core type through serde
/// (`care_core::policy::from_value`: an error is `INVALID_INPUT` `invalid <what>: ...`).
pub fn from_json<T: DeserializeOwned>(what: &str, value: serde_json::Value) -> Result<T> {
    care_core::policy::from_value(what, value).map_err(core)
}

/// `JSON.stringify` with non-finite numbers as their names; a function or a symbol, which
/// `JSON.stringify` would silently leave out, is an error (as napi's own conversion says).
/// `undefined` in an object is left out, as a missing key (JavaScript's usual reading).
const STRINGIFY: &str = "(v) => JSON.stringify(v, (k, x) => {
  if (typeof x === 'number' && !Number.isFinite(x)) return String(x)
  if (typeof x === 'function' || typeof x === 'symbol') {
    throw new TypeError((k === '' ? 'the value' : 'the value of ' + JSON.stringify(k)) + ' is a ' + typeof x + ', not data')
  }
  return x
})";

/// A JavaScript value as JSON for care-core. napi's own conversion refuses NaN and the
/// infinities (its error names neither the value nor the field); for those, the value is
/// written by `JSON.stringify` with each non-finite number as the string `"NaN"`,
/// `"Infinity"` or `"-Infinity"`, which care-core reads back as that float where a score may
/// be one (and rejects as an invalid score). `what` names the value in errors. See
/// [`STRINGIFY`] for functions, symbols and `undefined`.
pub fn value_of(env: &Env, what: &str, value: Unknown<'_>) -> Result<serde_json::Value> {
    use napi::bindgen_prelude::FromNapiValue;
    if let Ok(v) = serde_json::Value::from_unknown(value) {
        return Ok(v);
    }
    let run = || -> napi::Result<String> {
        let stringify: Function<Unknown, Option<String>> = env.run_script(STRINGIFY)?;
        Ok(stringify.call(value)?.unwrap_or_else(|| "null".to_string()))
    };
    let text = run().map_err(|mut e| {
        if let Some(rest) = e.reason.strip_prefix("TypeError: ") {
            e.reason = rest.to_string();
        }
        errors::napi(what, e)
    })?;
    serde_json::from_str(&text).map_err(|e| {
        core(care_core::Error::invalid_input(format!(
            "invalid {what}: {e}"
        )))
    })
}

/// A score argument: a number as it is (NaN and the infinities included, for care-core to
/// reject), anything else care-core's `INVALID_SCORE` error for `place` (`"ninety"` is not a
/// score) instead of napi's conversion error.
pub fn score(env: &Env, place: &str, value: Unknown<'_>) -> Result<f64> {
    use napi::bindgen_prelude::FromNapiValue;
    if value.get_type().map_err(|e| errors::napi(place, e))? == napi::ValueType::Number {
        return f64::from_unknown(value).map_err(|e| errors::napi(place, e));
    }
    let v = value_of(env, place, value)?;
    care_core::certification::score_from_json(place, &v).map_err(core)
}

/// A list of score arguments (calls 1, 2, ...), see [`score`].
pub fn scores(env: &Env, values: Vec<Unknown<'_>>) -> Result<Vec<f64>> {
    use napi::bindgen_prelude::FromNapiValue;
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            // A number, the usual case, needs no place name; anything else is read (and its
            // error named) by `score`.
            if v.get_type().ok() == Some(napi::ValueType::Number) {
                if let Ok(x) = f64::from_unknown(v) {
                    return Ok(x);
                }
            }
            score(env, &format!("call {}", i + 1), v)
        })
        .collect()
}

/// A policy (or other data file) given as a plain object, read exactly as a JSON file of
/// the same content: the same defaults for missing fields and the same `PARSE` errors as
/// `care_core::policy::from_json`.
pub fn from_data<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T> {
    care_core::policy::from_json(&value.to_string()).map_err(core)
}

/// The guide's built-in catalog, built once (it is a constant; building it takes a third of
/// a millisecond).
pub fn builtin_catalog() -> Result<&'static care_core::Catalog> {
    static BUILTIN: OnceLock<std::result::Result<care_core::Catalog, String>> = OnceLock::new();
    match BUILTIN.get_or_init(|| care_core::Catalog::builtin().map_err(|e| e.to_string())) {
        Ok(c) => Ok(c),
        Err(m) => Err(core(care_core::Error::invalid_input(format!(
            "the built-in catalog failed to load: {m}"
        )))),
    }
}

/// A calendar named `name` (`"us-federal"`, `"none"`) in the time zone `tz`, built once per
/// pair and then shared (a `Calendar` is an `Arc` over precomputed tables).
pub fn named_calendar(name: &str, tz: &str) -> Result<Calendar> {
    static CACHE: OnceLock<Mutex<Vec<(String, String, Calendar)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    if let Ok(list) = cache.lock() {
        if let Some((_, _, c)) = list.iter().find(|(n, z, _)| n == name && z == tz) {
            return Ok(c.clone());
        }
    }
    let c = Calendar::by_name(name, tz).map_err(core)?;
    if let Ok(mut list) = cache.lock() {
        // A handful of names and zones in practice; keep the cache bounded anyway.
        if list.len() < 64 {
            list.push((name.to_string(), tz.to_string(), c.clone()));
        }
    }
    Ok(c)
}

/// The calendar option of the date functions: a built-in name (`"us-federal"`, `"none"`) in
/// `time_zone` (UTC when left out), a calendar spec object (`{ builtin, time_zone, holidays,
/// weekdays }`), or Monday to Friday in `time_zone` when left out.
pub fn calendar(value: Option<&serde_json::Value>, time_zone: Option<&str>) -> Result<Calendar> {
    let tz = time_zone.unwrap_or("UTC");
    match value {
        None | Some(serde_json::Value::Null) => named_calendar("none", tz),
        Some(serde_json::Value::String(name)) => named_calendar(name, tz),
        Some(v) => {
            let spec: CalendarSpec = from_json("calendar", v.clone())?;
            spec.build().map_err(core)
        }
    }
}

/// A data file format named by a loader's `format` argument: `"toml"` or `"json"`.
pub fn format(name: &str) -> Result<care_core::policy::Format> {
    match name {
        "toml" => Ok(care_core::policy::Format::Toml),
        "json" => Ok(care_core::policy::Format::Json),
        other => Err(core(care_core::Error::invalid_input(format!(
            "unknown policy format {other:?}: use \"toml\" or \"json\""
        )))),
    }
}

/// A policy file's text in `format` (`"toml"` or `"json"`) loaded and validated as care-core
/// loads it ([`care_core::policy::load`]), as its plain object.
pub fn load_to_js<'env, T>(env: &Env, text: &str, format: &str) -> Result<Unknown<'env>>
where
    T: DeserializeOwned + Serialize + care_core::policy::Validate,
{
    let value: T = care_core::policy::load(text, self::format(format)?).map_err(core)?;
    to_js(env, &value)
}

/// An ISO date (`2026-07-02`) named `what` in error messages.
pub fn date(what: &str, text: &str) -> Result<jiff::civil::Date> {
    text.trim().parse().map_err(|e: jiff::Error| {
        core(care_core::Error::invalid_date(
            text,
            format!("{what} must be a date like 2026-03-02: {e}"),
        ))
    })
}
