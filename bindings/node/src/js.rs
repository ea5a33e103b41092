//! The one way values cross: JavaScript arguments are walked into `serde_json::Value`
//! (own enumerable keys only, sizes checked before anything is allocated) and read into the
//! core's types by serde; answers go out through napi's serde serializer; care-core errors
//! become JavaScript `Error`s with `kind`, `code`, `suggestion` and `problems`.

use care_core::escalation as esc;
use care_core::Error;
use napi::bindgen_prelude::{
    ClassInstance, FromNapiValue, Function, FunctionRef, JsObjectValue, JsValue, KeyCollectionMode,
    KeyConversion, KeyFilter, Object, Unknown, Utf16String,
};
use napi::{sys, Env, ValueType};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::slice::from_raw_parts;

/// What every export returns.
pub type Result<T> = napi::Result<T>;

/// The most elements an array argument may have, and the most values one argument may hold.
pub const MAX_ITEMS: usize = 1 << 20;
/// The deepest nesting of objects and arrays an argument may have.
const MAX_DEPTH: usize = 64;

/// A care-core error as a thrown JavaScript `Error` with the fields Python's errors have.
pub fn throw(env: &Env, e: Error) -> napi::Error {
    error(env, e.to_string(), e.kind().code(), e.suggestion(), e.problems())
}

/// A thrown `Error` with `message`, `kind`, `code` (the kind in capitals), `suggestion` and
/// `problems`.
fn error(
    env: &Env, message: String, kind: &str, suggestion: Option<&str>, problems: &[care_core::Problem],
) -> napi::Error {
    let build = || -> Result<napi::Error> {
        let mut obj = env.create_error(napi::Error::from_reason(message))?;
        obj.set_named_property("kind", kind)?;
        obj.set_named_property("code", kind.to_ascii_uppercase())?;
        obj.set_named_property("suggestion", suggestion)?;
        obj.set_named_property("problems", env.to_js_value(&problems)?)?;
        Ok(napi::Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|f| f)
}

/// Runs an export's body: a panic in it (a bug) becomes what Python raises for one, a
/// care-core error of kind `internal` (napi's `catch_unwind` stays as the last resort).
pub fn guard<T>(env: &Env, body: impl FnOnce() -> Result<T>) -> Result<T> {
    care_core::error::catch_panic(body).unwrap_or_else(|message| Err(internal(env, message)))
}

/// The error of a panic, kind `internal`; `message` is the core's ([`catch_panic`]).
///
/// [`catch_panic`]: care_core::error::catch_panic
pub fn internal(env: &Env, message: String) -> napi::Error {
    error(env, message, "internal", None, &[])
}

/// An `INVALID_INPUT` error for argument `what`.
pub fn invalid(env: &Env, what: &str, message: impl std::fmt::Display) -> napi::Error {
    throw(env, Error::invalid_input(format!("invalid {what}: {message}")))
}

/// A napi failure while reading `what`, as care-core's `INVALID_INPUT`.
fn napi_err<'a>(env: &'a Env, what: &'a str) -> impl Fn(napi::Error) -> napi::Error + 'a {
    move |e| invalid(env, what, format_args!("{} ({})", e.reason.trim_end_matches('.'), e.status))
}

/// Runs a core call, turning its error into a thrown care-core error.
pub fn core<T>(env: &Env, r: care_core::Result<T>) -> Result<T> {
    r.map_err(|e| throw(env, e))
}

/// An answer as the plain object serde describes (same keys as its JSON): written as JSON
/// text by serde and read by V8's `JSON.parse`, one crossing instead of one napi call per
/// key and value (several times faster for an `Evaluation`).
pub fn out<'env, T: Serialize + ?Sized>(env: &'env Env, value: &T) -> Result<Unknown<'env>> {
    // Room for an `Evaluation` from the start (no regrowing).
    let mut text = Vec::with_capacity(4096);
    let mut json = serde_json::Serializer::with_formatter(&mut text, WholeFloats);
    value.serialize(&mut json).map_err(|e| invalid(env, "result", e))?;
    let text = String::from_utf8(text).map_err(|e| invalid(env, "result", e))?;
    json_parse(env)?.call(text)
}

/// serde_json's compact JSON with a whole `f64` written as an integer (`100`, not `100.0`):
/// the same JavaScript number, which `JSON.parse` reads on its fast path for integers.
struct WholeFloats;

impl serde_json::ser::Formatter for WholeFloats {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, x: f64) -> std::io::Result<()> {
        let mut plain = serde_json::ser::CompactFormatter;
        // -0 stays `-0.0`, which JSON.parse reads as -0.
        let negative_zero = x == 0.0 && x.is_sign_negative();
        match x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 && !negative_zero {
            true => plain.write_i64(w, x as i64),
            false => plain.write_f64(w, x),
        }
    }
}

/// V8's `JSON.parse`, looked up once per environment (kept as the addon's instance data).
fn json_parse(env: &Env) -> Result<Function<'_, String, Unknown<'static>>> {
    if let Some(parse) = env.get_instance_data::<FunctionRef<String, Unknown<'static>>>()? {
        return parse.borrow_back(env);
    }
    let json: Object = env.get_global()?.get_named_property_unchecked("JSON")?;
    let parse: Function<String, Unknown> = json.get_named_property_unchecked("parse")?;
    env.set_instance_data(parse.create_ref()?, (), |_| {})?;
    Ok(parse)
}

/// A core call's answer as the plain object serde describes ([`out`]), or its error thrown.
pub fn answer<T: Serialize>(env: &Env, r: care_core::Result<T>) -> Result<Unknown<'_>> {
    out(env, &core(env, r)?)
}

/// Whether `v` is `undefined` or `null` (an argument left out).
pub fn absent(v: &Unknown<'_>) -> bool {
    matches!(v.get_type(), Ok(ValueType::Undefined | ValueType::Null))
}

/// Walks argument `what` into JSON; see the module documentation.
pub fn value(env: &Env, what: &'static str, v: Unknown<'_>) -> Result<Value> {
    let mut budget = MAX_ITEMS;
    walk(env, what, v, 0, &mut budget)
}

fn too_large(env: &Env, what: &'static str, actual: usize) -> napi::Error {
    throw(env, Error::TooLarge { what, limit: MAX_ITEMS, actual })
}

fn number(x: f64) -> Value {
    // A whole number as an integer, so serde reads it into integer fields (or refuses it when
    // out of their range); never wrapped. NaN and ±∞ by name, which the core reads back as the
    // float where a score may be one. (The fraction of NaN or ±∞ is NaN.)
    match x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        true => Value::from(x as i64),
        false => care_core::certification::float_to_json(x),
    }
}

fn walk(env: &Env, what: &'static str, v: Unknown<'_>, depth: usize, budget: &mut usize) -> Result<Value> {
    let err = napi_err(env, what);
    *budget = budget.checked_sub(1).ok_or_else(|| too_large(env, what, MAX_ITEMS + 1))?;
    match v.get_type().map_err(&err)? {
        ValueType::Undefined | ValueType::Null => Ok(Value::Null),
        ValueType::Boolean => Ok(Value::Bool(bool::from_unknown(v).map_err(&err)?)),
        ValueType::Number => Ok(number(f64::from_unknown(v).map_err(&err)?)),
        // Texts are size-checked by the core, which names them.
        ValueType::String => Ok(Value::String(string(env, what, v)?)),
        ValueType::Object if depth < MAX_DEPTH => {
            if v.is_typedarray().map_err(&err)? {
                // The length first: nothing is copied from a typed array over the budget.
                let len = view(env, what, &v)?.2;
                *budget = budget.checked_sub(len).ok_or_else(|| too_large(env, what, len))?;
                let values = match borrow(env, what, &v)? {
                    Typed::U8(s) => s.iter().map(|&x| number(f64::from(x))).collect(),
                    Typed::F64(s) => s.iter().map(|&x| number(x)).collect(),
                    Typed::I32(s) => s.iter().map(|&x| number(f64::from(x))).collect(),
                };
                return Ok(Value::Array(values));
            }
            let obj = Object::from_unknown(v).map_err(&err)?;
            if v.is_array().map_err(&err)? {
                // The length first: a sparse array of 2**32-1 holes is refused unread.
                let len = obj.get_array_length().map_err(&err)? as usize;
                if len > *budget {
                    return Err(too_large(env, what, len));
                }
                let mut items = Vec::with_capacity(len);
                for i in 0..len as u32 {
                    if !obj.has_own_property(&i.to_string()).map_err(&err)? {
                        return Err(invalid(env, what, format_args!("element {i} is missing")));
                    }
                    let item = obj.get_element::<Unknown>(i).map_err(&err)?;
                    items.push(walk(env, what, item, depth + 1, budget)?);
                }
                return Ok(Value::Array(items));
            }
            let mut map = serde_json::Map::new();
            for (key, item) in entries(env, what, &obj, budget)? {
                map.insert(key, walk(env, what, item, depth + 1, budget)?);
            }
            Ok(Value::Object(map))
        }
        ValueType::Object => Err(invalid(env, what, "nested too deeply")),
        other => Err(invalid(env, what, format_args!("a {} is not data", type_name(other)))),
    }
}

/// The text of string `v` (a value or a key of argument `what`); a lone surrogate, which V8
/// would write as U+FFFD, is an error.
fn string(env: &Env, what: &str, v: Unknown<'_>) -> Result<String> {
    let err = napi_err(env, what);
    let text = String::from_unknown(v).map_err(&err)?;
    if text.contains('\u{FFFD}') && String::from_utf16(&Utf16String::from_unknown(v).map_err(&err)?).is_err()
    {
        return Err(invalid(env, what, "the text has a lone surrogate: it is not valid Unicode"));
    }
    Ok(text)
}

fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::BigInt => "bigint",
        ValueType::Symbol => "symbol",
        ValueType::Function => "function",
        _ => "value of this type",
    }
}

/// Argument `what` read into a core type through serde, by the core's one reader (a struct
/// only from an object; unknown keys are errors where the core type denies them).
pub fn arg<T: DeserializeOwned>(env: &Env, what: &'static str, v: Unknown<'_>) -> Result<T> {
    core(env, care_core::policy::from_value(what, value(env, what, v)?))
}

/// An optional argument: `None` when left out (`undefined` or `null`).
pub fn opt<T: DeserializeOwned>(env: &Env, what: &'static str, v: Option<Unknown<'_>>) -> Result<Option<T>> {
    v.filter(|v| !absent(v)).map(|v| arg(env, what, v)).transpose()
}

/// A date or date-time argument (`2026-07-09` or `2026-07-09T10:30`, in the site's zone).
pub fn moment(env: &Env, what: &'static str, v: Unknown<'_>) -> Result<esc::Moment> {
    core(env, arg::<String>(env, what, v)?.parse())
}

/// An ISO date argument.
pub fn date(env: &Env, what: &'static str, v: Unknown<'_>) -> Result<jiff::civil::Date> {
    let t: String = arg(env, what, v)?;
    t.trim().parse().map_err(|e: jiff::Error| {
        throw(env, Error::invalid_date(&t, format!("{what} must be a date like 2026-03-02: {e}")))
    })
}

/// A policy-like argument `what`: an instance of the class `C` (its value taken as it is),
/// or a plain object with the fields it changes (the core's `load_value`: read and checked
/// as Python's keyword arguments are).
pub fn data<T, C>(env: &Env, what: &'static str, v: Unknown<'_>, get: fn(&C) -> &T) -> Result<T>
where
    T: DeserializeOwned + care_core::policy::Validate + Clone,
    C: 'static + napi::bindgen_prelude::MaybeTypeTag,
{
    if let Ok(c) = ClassInstance::<C>::from_unknown(v) {
        return Ok(get(&c).clone());
    }
    core(env, care_core::policy::load_value(what, value(env, what, v)?))
}

/// A class an option or an optional argument is read into by [`export!`](crate::export) (its
/// core value: a policy, a calendar), or a core type with a default: the value, or the default
/// when it is left out (`None`, `undefined` or `null`).
pub trait OptArg {
    /// What is read.
    type Value;
    /// Reads `v`, or the default.
    fn arg(env: &Env, v: Option<Unknown<'_>>) -> Result<Self::Value>;
}

/// The own enumerable string-keyed properties of plain object `obj` with their values (getters
/// run; inherited properties are never read; a key set to `undefined` is a key left out).
///
/// Only a plain object is data: its prototype is null, or an object whose prototype is null
/// (`Object.prototype`, of any realm). An instance of a class (a `Calendar` where a policy
/// goes, a `Date`, a `Map`) keeps its state in no own key: read as data it would be `{}`, the
/// defaults, so it is refused.
fn entries<'a>(
    env: &Env, what: &'static str, obj: &Object<'a>, budget: &mut usize,
) -> Result<Vec<(String, Unknown<'a>)>> {
    let err = napi_err(env, what);
    // V8 answers null for a Proxy's prototype without asking it: JavaScript is asked then.
    let proto_of = |o: Unknown<'a>| -> Result<Option<Unknown<'a>>> {
        let mut proto = Object::from_unknown(o).and_then(|o| o.get_prototype()).map_err(&err)?;
        if proto.get_type().map_err(&err)? == ValueType::Null {
            let object: Object = env.get_global()?.get_named_property_unchecked("Object")?;
            proto = object
                .get_named_property_unchecked::<Function<Unknown, Unknown>>("getPrototypeOf")?
                .call(o)?;
        }
        Ok((proto.get_type().map_err(&err)? != ValueType::Null).then_some(proto))
    };
    if proto_of(obj.to_unknown())?.map(proto_of).transpose()?.flatten().is_some() {
        return Err(invalid(env, what, "an instance of a class is not data: give a plain object"));
    }
    let (own, enumerable) = (KeyCollectionMode::OwnOnly, KeyFilter::Enumerable);
    let keys = obj.get_all_property_names(own, enumerable, KeyConversion::NumbersToStrings);
    let keys = keys.map_err(&err)?;
    let n = keys.get_array_length().map_err(&err)? as usize;
    *budget = budget.checked_sub(n).ok_or_else(|| too_large(env, what, n))?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n as u32 {
        let key = keys.get_element::<Unknown>(i).map_err(&err)?;
        if key.get_type().map_err(&err)? == ValueType::String {
            let item = obj.get_property_unchecked::<Unknown, Unknown>(key).map_err(&err)?;
            if item.get_type().map_err(&err)? != ValueType::Undefined {
                out.push((string(env, what, key)?, item));
            }
        }
    }
    Ok(out)
}

/// An options object: its own keys checked against `allowed` (a misspelt key is an error),
/// then each allowed key's value (`None` when left out), in `allowed`'s order.
pub fn options<'a, const N: usize>(
    env: &Env, v: Option<Unknown<'a>>, allowed: [&str; N],
) -> Result<[Option<Unknown<'a>>; N]> {
    let mut found = [None; N];
    let Some(v) = v.filter(|v| !absent(v)) else {
        return Ok(found);
    };
    if v.get_type().map_err(napi_err(env, "options"))? != ValueType::Object {
        return Err(invalid(env, "options", "expected an object"));
    }
    let obj = Object::from_unknown(v).map_err(napi_err(env, "options"))?;
    for (key, item) in entries(env, "options", &obj, &mut { MAX_ITEMS })? {
        let Some(i) = allowed.iter().position(|k| *k == key) else {
            return Err(throw(env, Error::unknown_name("option", &key, allowed)));
        };
        found[i] = (!absent(&item)).then_some(item);
    }
    Ok(found)
}

/// An options object (named `what` in errors) read in one step by serde into core type `T`
/// (left out: its default), after its own keys are checked against `allowed` (a misspelt key
/// is an error).
pub fn opts<T: DeserializeOwned + Default, const N: usize>(
    env: &Env, what: &'static str, v: Option<Unknown<'_>>, allowed: [&str; N],
) -> Result<T> {
    options(env, v, allowed)?;
    Ok(opt(env, what, v)?.unwrap_or_default())
}

/// A typed array's memory, borrowed: valid only until JavaScript runs again.
pub enum Typed<'a> {
    /// A `Uint8Array`.
    U8(&'a [u8]),
    /// A `Float64Array`.
    F64(&'a [f64]),
    /// An `Int32Array`.
    I32(&'a [i32]),
}

/// The element type, memory and length of typed array `v` (argument `what`), whose buffer is
/// checked not to be detached. Runs no JavaScript.
pub fn view(env: &Env, what: &str, v: &Unknown<'_>) -> Result<(i32, *mut u8, usize)> {
    let (mut kind, mut len, mut data) = (0, 0usize, std::ptr::null_mut());
    let (mut buffer, mut offset, mut detached) = (std::ptr::null_mut(), 0usize, false);
    // SAFETY: plain napi queries on a live value of this environment, on its thread; they
    // run no JavaScript. A detached buffer is refused (tested by hardening.test.mjs).
    let ok = unsafe {
        sys::napi_get_typedarray_info(
            env.raw(),
            v.raw(),
            &mut kind,
            &mut len,
            &mut data,
            &mut buffer,
            &mut offset,
        ) == sys::Status::napi_ok
            && sys::napi_is_detached_arraybuffer(env.raw(), buffer, &mut detached) == sys::Status::napi_ok
    };
    match (ok, detached) {
        (false, _) => Err(invalid(env, what, "expected a typed array")),
        (_, true) => Err(invalid(env, what, "its ArrayBuffer is detached")),
        // A zero-length view may have a null pointer: a dangling aligned one stands for it.
        _ if len == 0 => Ok((kind, std::ptr::NonNull::<f64>::dangling().as_ptr().cast(), 0)),
        _ => Ok((kind, data.cast(), len)),
    }
}

/// Borrows the memory of typed array `v` (argument `what`). The caller must not let any
/// JavaScript run while it holds the slice: read every other argument first.
pub fn borrow<'a>(env: &Env, what: &str, v: &Unknown<'a>) -> Result<Typed<'a>> {
    let (kind, data, len) = view(env, what, v)?;
    // SAFETY: `data` points at `len` elements of the array's type (or dangles, aligned, for
    // none), which V8 keeps in place while no JavaScript runs (no GC moves a typed array's
    // backing store; only JavaScript can detach or resize it, and the caller runs none while
    // it holds the slice). V8 rejects a misaligned offset when a view is created.
    unsafe {
        match kind {
            sys::TypedarrayType::uint8_array => Ok(Typed::U8(from_raw_parts(data, len))),
            sys::TypedarrayType::float64_array => Ok(Typed::F64(from_raw_parts(data.cast(), len))),
            sys::TypedarrayType::int32_array => Ok(Typed::I32(from_raw_parts(data.cast(), len))),
            _ => Err(invalid(env, what, "expected a Uint8Array, a Float64Array or an Int32Array")),
        }
    }
}

/// Arguments the binding reads itself (with [`arg`], [`data`], [`options`]...),
/// named for their TypeScript types (declared in `dts-header.d.ts`).
pub type Str<'a> = Unknown<'a>;
/// A number argument (TypeScript `number`).
pub type Num<'a> = Unknown<'a>;
/// An ISO date argument (TypeScript `string`).
pub type IsoDate<'a> = Unknown<'a>;
/// A date or date-time argument (TypeScript `string`).
pub type Moment<'a> = Unknown<'a>;
/// A data argument read by serde into the core type the export needs (its TypeScript type
/// given by the export).
pub type Data<'a> = Unknown<'a>;
/// An argument the export reads itself (its TypeScript type given by the export).
pub type Raw<'a> = Unknown<'a>;
/// Bytes answered as a `Buffer` (TypeScript `Uint8Array`, which a `Buffer` is).
pub type Bytes = napi::bindgen_prelude::Buffer;
/// A `CertPolicy` or the fields it changes.
pub type CertPolicyArg<'a> = Unknown<'a>;
