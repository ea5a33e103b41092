//! Node.js bindings for care-core (napi-rs): the private native module behind the package's
//! facade (`index.js`). Values cross one way ([`js`]): arguments are walked into JSON and
//! read by serde into the core's types; answers are written by serde. Panics are caught by
//! napi (`#[napi(catch_unwind)]` on every export).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod agreement;
pub mod calibration;
pub mod career;
pub mod certification;
pub mod cohort;
pub mod escalation;
pub mod export;
pub mod js;

use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;

/// The facade's constants, from the core's lists: `version`, `errorKinds`, `statusNames` (the
/// batch status codes' names, by code) and `stepNames` (the escalation step codes' names, by
/// code; 255 is `out_of_range`).
#[napi(js_name = "_constants", skip_typescript, catch_unwind)]
pub fn constants(env: &Env) -> js::Result<Unknown<'_>> {
    let kinds: Vec<_> = care_core::ErrorKind::ALL.iter().map(|k| k.code()).collect();
    let status: Vec<_> = care_core::certification::Status::ALL.iter().map(|s| s.name()).collect();
    let steps = care_core::escalation::StepCode::ALL.iter();
    let steps: serde_json::Map<_, _> = steps.map(|s| (s.as_u8().to_string(), s.name().into())).collect();
    let all = serde_json::json!({ "version": env!("CARGO_PKG_VERSION"), "errorKinds": kinds,
        "statusNames": status, "stepNames": steps });
    js::out(env, &all)
}

/// The data types as TypeScript declarations, rendered by the core from their JSON Schemas
/// (for `scripts/typegen.mjs`).
#[napi(js_name = "_types", skip_typescript, catch_unwind)]
pub fn types(env: &Env) -> js::Result<Unknown<'_>> {
    js::out(env, &care_core::schema::typescript())
}

/// Declares a class over a loadable core data type `$ty` (a policy, a list): a constructor
/// taking the fields it changes (TypeScript `$fields`), `fromToml`, `fromJson`, `toToml` and
/// `toJSON` (`$data`). Its value when left out is `$default()`, else the type's default.
#[macro_export]
macro_rules! data_class {
    ($name:ident, $ty:ty, $fields:literal, $data:literal) => {
        $crate::data_class!($name, $ty, $fields, $data, <$ty>::default);
    };
    ($name:ident, $ty:ty, $fields:literal, $data:literal, $default:expr) => {
        #[doc = concat!("A validated `", $data, "`.")]
        #[napi_derive::napi]
        pub struct $name {
            pub(crate) inner: $ty,
        }

        $crate::export! {
            #[doc = "The documents' value with the fields `fields` changes."]
            fn $name::new(env, fields: Option<Raw> = $fields) -> $name =
                Ok($name { inner: <$name as $crate::js::OptArg>::arg(env, fields)? });
        }

        /// An instance, or the fields it changes (read as a JSON file of them), or left out (the
        /// default) ([`js::data`](crate::js::data)); named `policy` in errors.
        impl $crate::js::OptArg for $name {
            type Value = $ty;
            fn arg(
                env: &napi::Env, v: Option<napi::bindgen_prelude::Unknown<'_>>,
            ) -> $crate::js::Result<$ty> {
                match v.filter(|v| !$crate::js::absent(v)) {
                    Some(v) => $crate::js::data(env, "policy", v, |c: &$name| &c.inner),
                    None => Ok($default()),
                }
            }
        }

        $crate::loaders!($name, $ty, $data, |d| d);
    };
}

/// Declares `fromToml`, `fromJson`, `toToml` and `toJSON` of class `$name` over `$ty`, whose
/// data (what `toJSON` writes, typed `$data`, and `toToml` as TOML) is `$json` of the inner value.
#[macro_export]
macro_rules! loaders {
    ($name:ident, $ty:ty, $data:literal, |$d:ident| $json:expr) => {
        $crate::export! {
            #[doc = "Loads and validates TOML text. A policy or catalog file may hold several versions: the"]
            #[doc = "one in force on `as_of` (ISO date) is loaded, the latest without it (other files have no"]
            #[doc = "versions: give no `as_of`)."]
            fn $name::from_toml(env, text: Str, options { as_of: Option<IsoDate> } = "{ as_of?: string }") -> $name =
                <$ty as care_core::LoadAsOf>::load_as_of(&text, care_core::policy::Format::Toml, as_of)
                    .map(|inner| $name { inner });
            #[doc = "Loads and validates JSON text; `as_of` as for `fromToml`."]
            fn $name::from_json(env, text: Str, options { as_of: Option<IsoDate> } = "{ as_of?: string }") -> $name =
                <$ty as care_core::LoadAsOf>::load_as_of(&text, care_core::policy::Format::Json, as_of)
                    .map(|inner| $name { inner });
            #[doc = "As TOML text."]
            fn $name::to_toml(env, &$d) -> String = care_core::policy::to_toml($json);
            #[doc = "As a plain object (what `JSON.stringify` writes)."]
            fn $name::to_json(env, &$d) -> $data = Ok($json);
        }
    };
}

/// Panics: for the test that a panic reaches JavaScript as a `CareError` of kind `internal`.
/// Internal: the facade does not export it, the types do not declare it.
#[napi(js_name = "_panic", skip_typescript, catch_unwind)]
#[allow(clippy::panic)]
pub fn panic_for_test(env: &Env) -> js::Result<()> {
    js::guard(env, || panic!("a deliberate panic (test of the panic path)"))
}
