//! How values cross, both ways, for every type: in, a Python value becomes a JSON value
//! (bounded: depth, list length) that care-core deserializes into its own type, so errors
//! name the field and booleans are never numbers; out, a care-core value is kept whole in a
//! frozen object whose attributes, `to_dict()` and pickle come from its serde form.

use care_core::{agreement::IccForm, catalog::Track, lint::FileKind, Error};
use jiff::civil::Date;
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateTime, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet,
    PyString, PyTuple,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::OnceLock;

use crate::errors::{care, invalid, to_pyerr};

/// An optional argument.
pub type Opt<'a, 'py> = Option<&'a Bound<'py, PyAny>>;

/// How deep [`to_value`] follows nested dicts and lists.
const MAX_DEPTH: usize = 64;
/// The most items a list (or any iterable) may have; counted while iterating, never from
/// `__len__`.
pub const MAX_ITEMS: usize = 1_000_000;

/// A Python value (None, bool, int, float, str, date, dict, list, tuple, numpy scalar) as a
/// JSON value. A NaN or infinite float becomes `"NaN"`, `"Infinity"`, `"-Infinity"`, which
/// care-core reads as that float where a score may be one (and rejects by its own rules).
pub fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    value_at(obj, 0)
}

fn value_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    let unread = || invalid(py, format!("a {} is not a value care-core reads", type_name(obj)));
    if depth > MAX_DEPTH {
        let msg = format!("the value is nested more than {MAX_DEPTH} levels deep (or contains itself)");
        return Err(invalid(py, msg));
    }
    // The usual score first; type checks that make no error object on the way.
    if obj.is_instance_of::<PyFloat>() {
        Ok(care_core::certification::float_to_json(obj.extract()?))
    } else if obj.is_none() {
        Ok(Value::Null)
    } else if obj.is_instance_of::<PyBool>() {
        Ok(Value::Bool(obj.is_truthy()?))
    } else if obj.is_instance_of::<PyInt>() {
        let out_of_range = |_| invalid(py, format!("the integer {obj} is out of range"));
        obj.extract::<i64>()
            .map(Value::from)
            .or_else(|_| obj.extract::<u64>().map(Value::from).map_err(out_of_range))
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(text(s)?.into_owned()))
    } else if obj.is_instance_of::<PyDateTime>() || obj.is_instance_of::<PyDate>() {
        // A subclass's own isoformat may raise or answer something else.
        Ok(Value::String(obj.call_method0("isoformat").and_then(|t| t.extract()).map_err(|_| unread())?))
    } else if let Ok(d) = obj.cast::<PyDict>() {
        if d.len() > MAX_ITEMS {
            return Err(to_pyerr(py, &Error::TooLarge { what: "dict", limit: MAX_ITEMS, actual: d.len() }));
        }
        let mut map = serde_json::Map::new();
        // A copy: code run while reading (an isoformat, an item) may change the dict.
        for (k, v) in d.copy()?.iter() {
            // Keys that are not text (dates, numbers) become their JSON text, as json.dumps does.
            let key = match value_at(&k, depth + 1)? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            map.insert(key, value_at(&v, depth + 1)?);
        }
        Ok(Value::Object(map))
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        Ok(Value::Array(items(obj, |x| value_at(x, depth + 1))?))
    } else if obj.hasattr("dtype").unwrap_or(false) && obj.hasattr("item").unwrap_or(false) {
        // A numpy scalar: its Python value (an array of more than one value has none, a
        // longdouble or a masked value no plain one).
        let plain = obj.call_method0("item").map_err(|_| unread())?;
        if plain.hasattr("dtype").unwrap_or(true) {
            Err(unread())
        } else {
            value_at(&plain, depth + 1)
        }
    } else {
        Err(unread())
    }
}

/// The items of an iterable, each through `f`, at most [`MAX_ITEMS`] (counted as they come:
/// a lying `__len__` is never read).
pub fn items<T>(
    obj: &Bound<'_, PyAny>, mut f: impl FnMut(&Bound<'_, PyAny>) -> PyResult<T>,
) -> PyResult<Vec<T>> {
    let py = obj.py();
    let iter = obj.try_iter().map_err(|_| invalid(py, format!("a {} is not a list", type_name(obj))))?;
    let mut out = Vec::new();
    for item in iter {
        if out.len() == MAX_ITEMS {
            return Err(to_pyerr(
                py,
                &Error::TooLarge { what: "list", limit: MAX_ITEMS, actual: MAX_ITEMS + 1 },
            ));
        }
        out.push(f(&item?)?);
    }
    Ok(out)
}

/// The values of numpy array `a` in C order: borrowed when contiguous, else copied into `owned`.
pub fn c_order<'a, T: numpy::Element + Copy>(
    a: &'a numpy::PyReadonlyArrayDyn<'_, T>, owned: &'a mut Vec<T>,
) -> &'a [T] {
    use numpy::PyUntypedArrayMethods;
    match a.as_slice() {
        Ok(s) if a.is_c_contiguous() => s,
        _ => {
            *owned = a.as_array().iter().copied().collect();
            owned
        }
    }
}

/// The text of `s`; a lone surrogate (which UTF-8 cannot hold) is an `InvalidInputError`.
pub fn text<'a>(s: &'a Bound<'_, PyString>) -> PyResult<std::borrow::Cow<'a, str>> {
    s.to_cow().map_err(|_| invalid(s.py(), "the text has a lone surrogate: it is not valid Unicode"))
}

/// Refuses a numpy masked array as argument `name`: read as an array, its masked cells would
/// count with the values they hide.
pub fn unmasked(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let masked = obj.py().import("numpy.ma")?.getattr("MaskedArray")?;
    match obj.is_instance(&masked)? {
        true => {
            Err(invalid(obj.py(), format!("{name} is a masked array: fill its masked cells first (filled)")))
        }
        false => Ok(()),
    }
}

/// The Python type name of `obj`.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
}

/// The argument `name` as the care-core type `T`: through [`to_value`] and serde, so a wrong
/// type, a fraction, a bool or an out-of-range number is an `InvalidInputError` naming it
/// and unknown keys of a dict are errors.
pub fn arg<T: DeserializeOwned>(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<T> {
    let py = obj.py();
    let value =
        to_value(obj).map_err(|e| match e.is_instance_of::<crate::errors::InvalidInputError>(py) {
            true => invalid(py, format!("invalid {name}: {}", e.value(py))),
            false => e,
        })?;
    care(py, || care_core::policy::from_value(name, value))
}

/// An argument of a binding function read from the Python object given as `name` (None: not
/// given, or Python's None), so that an error names it. [`export!`] reads every argument so.
pub trait Arg<'a, 'py>: Sized {
    /// Reads the argument; a wrong type or value is a care-core error naming `name`.
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self>;
}

/// `Arg` for types care-core deserializes: through [`arg`] (None reads as JSON null).
macro_rules! serde_args {
    ($($t:ty),* $(,)?) => {$(
        impl<'a, 'py> Arg<'a, 'py> for $t {
            fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
                let null = || care(py, || care_core::policy::from_value(name, Value::Null));
                obj.map_or_else(null, |o| arg(name, o))
            }
        }
    )*};
}
serde_args!(String, u8, u16, u32, usize, i32, i64, bool, Vec<String>, care_core::certification::Session);
serde_args!(care_core::transition::Person, care_core::scorecard::Marks, Vec<care_core::cohort::Certifier>);
serde_args!(care_core::escalation::ExcusedDays, Value);
serde_args!(care_core::agreement::Level, care_core::agreement::Weights, care_core::policy::Format);

/// `Arg` for care-core types read from text by their own forgiving `parse` (`kind` of lint
/// and diff: `cert`, `cert_policy`, `calendar`...; ICC `kind` `"2,1"`; a role's track).
macro_rules! parsed_args {
    ($($t:ty = $parse:expr),* $(,)?) => {$(
        impl<'a, 'py> Arg<'a, 'py> for $t {
            fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
                let text = String::arg(py, name, obj)?;
                care(py, || $parse(&text))
            }
        }
    )*};
}
parsed_args!(FileKind = FileKind::parse, Track = Track::parse, IccForm = str::parse::<IccForm>);

impl<'a, 'py, T: Arg<'a, 'py>> Arg<'a, 'py> for Option<T> {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        obj.map(|o| T::arg(py, name, Some(o))).transpose()
    }
}

/// Any object, for the function to read itself (None: Python's None, or not given).
impl<'a, 'py> Arg<'a, 'py> for Opt<'a, 'py> {
    fn arg(_: Python<'py>, _: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        Ok(obj)
    }
}

/// A date: a `datetime.date` or ISO 8601 text.
impl<'a, 'py> Arg<'a, 'py> for Date {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        let bad = |text: &str, why: String| to_pyerr(py, &Error::invalid_date(text, why));
        let obj = &obj.cloned().unwrap_or_else(|| py.None().into_bound(py));
        match (obj.extract::<Date>(), obj.cast::<PyString>()) {
            (Ok(d), _) => Ok(d),
            (_, Ok(s)) => text(s)?.parse().map_err(|e: jiff::Error| bad(&s.to_string(), e.to_string())),
            _ => Err(bad(&type_name(obj), format!("give {name} as a datetime.date or ISO 8601 text"))),
        }
    }
}

/// Scores of calls 1, 2, ... (any iterable, read by the core's `scores_from_json`);
/// `PENDING`: None is a call not taken yet.
pub struct Scores<const PENDING: bool>(pub Vec<f64>);

impl<'a, 'py, const PENDING: bool> Arg<'a, 'py> for Scores<PENDING> {
    fn arg(py: Python<'py>, _: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        use care_core::certification::{scores_from_json, MAX_SCORES};
        let obj = &obj.cloned().unwrap_or_else(|| py.None().into_bound(py));
        // A list or a tuple (the usual case) needs no other check.
        let list = obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>();
        macro_rules! any_of { ($($t:ty),*) => { false $(|| obj.is_instance_of::<$t>())* }; }
        if !list && any_of!(PyDict, PySet, PyFrozenSet, PyString, PyBytes, PyByteArray) {
            return Err(invalid(py, format!("scores is a {}: give a list, in call order", type_name(obj))));
        } else if !list && obj.hasattr("dtype").unwrap_or(false) {
            unmasked("scores", obj)?;
        }
        // Read one past the most a session holds (an endless iterable ends there), for the core.
        let scores = match obj.try_iter() {
            Ok(it) => Value::Array(it.take(MAX_SCORES + 1).map(|s| to_value(&s?)).collect::<PyResult<_>>()?),
            Err(_) => to_value(obj)?,
        };
        care(py, || scores_from_json(&scores, PENDING)).map(Scores)
    }
}

/// A score argument as it was given, read by the core's `score_from_json` once its place
/// (`call 2`, `QA audit`) is known.
pub type Score = Value;

/// A file's content: `bytes`, or the file at a path (`str`, `os.PathLike`) with the path's
/// extension (lower case).
pub struct Data {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The extension of the path, if a path was given.
    pub ext: Option<String>,
}

impl<'a, 'py> Arg<'a, 'py> for Data {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        let data = obj.ok_or_else(|| invalid(py, format!("{name} must be bytes or a path, not NoneType")))?;
        if let Ok(b) = data.cast::<PyBytes>() {
            return Ok(Data { bytes: b.as_bytes().to_vec(), ext: None });
        }
        let path: std::path::PathBuf = data
            .extract()
            .map_err(|_| invalid(py, format!("{name} must be bytes or a path, not {}", type_name(data))))?;
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        Ok(Data { bytes: care_core::policy::read_file(&path)?, ext })
    }
}

/// Named files: a list of paths (`str`, `os.PathLike`; the name is the path) or of
/// `(name, bytes)` pairs.
pub struct Files(pub Vec<(String, Vec<u8>)>);

impl<'a, 'py> Arg<'a, 'py> for Files {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        let wrong = |o: &Bound<'_, PyAny>| {
            let not = type_name(o);
            invalid(py, format!("{name} must be a list of paths or (name, bytes) pairs, not {not}"))
        };
        let list = &obj.cloned().unwrap_or_else(|| py.None().into_bound(py));
        if list.is_instance_of::<PyString>() || list.is_instance_of::<PyBytes>() || list.try_iter().is_err() {
            return Err(wrong(list));
        }
        items(list, |item| match item.extract::<(String, Bound<'_, PyBytes>)>() {
            Ok((n, b)) => Ok((n, b.as_bytes().to_vec())),
            Err(_) => {
                let path: std::path::PathBuf = item.extract().map_err(|_| wrong(item))?;
                Ok((path.display().to_string(), care_core::policy::read_file(&path)?))
            }
        })
        .map(Files)
    }
}

/// A column of codes that goes to Python as a numpy uint8 array.
pub struct Column(pub Vec<u8>);

impl<'py> IntoPyObject<'py> for Column {
    type Target = numpy::PyArray1<u8>;
    type Output = Bound<'py, Self::Target>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(numpy::PyArray1::from_vec(py, self.0))
    }
}

/// `Arg` for `&Core`, read from an object of class `$class` (its `inner`), None: `$default`
/// (made once; it may return early with `?`).
#[macro_export]
macro_rules! class_arg {
    ($class:ty => $core:ty, |$py:ident| $default:expr) => {
        impl<'a, 'py> $crate::values::Arg<'a, 'py> for &'a $core {
            fn arg($py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
                static DEFAULT: std::sync::OnceLock<$core> = std::sync::OnceLock::new();
                match (obj.filter(|o| !o.is_none()), DEFAULT.get()) {
                    (Some(o), _) => o.cast::<$class>().map(|c| &c.get().inner).map_err(|_| {
                        let (class, not) = (stringify!($class), $crate::values::type_name(o));
                        $crate::errors::invalid($py, format!("{name} must be a {class}, not {not}"))
                    }),
                    (None, Some(d)) => Ok(d),
                    (None, None) => {
                        let d = $default;
                        Ok(DEFAULT.get_or_init(|| d))
                    }
                }
            }
        }
    };
}

/// The arguments of an [`export!`] function as text, `self, name: Type = None, ...`.
#[macro_export]
macro_rules! sig {
    () => { "" };
    ($a:ident: $t:ty $(= $d:ident)? $(, $($rest:tt)+)?) => {
        concat!(stringify!($a), ": ", stringify!($t) $(, " = ", stringify!($d))? $(, ", ", $crate::sig!($($rest)+))?)
    };
    ($s:ident, $($rest:tt)+) => { concat!("self, ", $crate::sig!($($rest)+)) };
    ($s:ident,) => { "self" };
}

/// Declares Python functions, or (after `impl Class;`) methods: `fn name(py, arg: Type, opt:
/// Type = None) -> Ret = body;`, `fn name(&self, py, ...)` for a method. Each argument is
/// read by its [`Arg`] (an error names it; a trailing `_` is not part of the name);
/// `body`, a care-core call, runs through [`out`]. The docstring opens with the signature
/// in Rust types ([`sig!`]), which the stub generator turns into Python's.
#[macro_export]
macro_rules! export {
    (impl $class:ty; $($fns:tt)*) => { $crate::export!(@in ($class) $($fns)*); };
    (@in $in:tt $($(#[$m:meta])* fn $name:ident($(&$s:ident,)? $py:ident $(, $a:ident: $t:ty $(= $d:ident)?)*)
        -> $ret:ty = $body:expr;)*) => {$(
        $crate::export!(@item $in {
            #[doc = concat!("(", $crate::sig!($($s,)? $($a: $t $(= $d)?),*), ") -> ", stringify!($ret))]
            $(#[$m])*
            #[pyo3(signature = ($($a $(= $d)?),*))]
            fn $name($(&$s,)? $py: Python<'_>, $($a: Option<&Bound<'_, PyAny>>),*) -> PyResult<$ret> {
                $(let $a: $t = $crate::values::Arg::arg($py, stringify!($a).trim_end_matches('_'), $a)?;)*
                $crate::values::out($py, || $body)
            }
        });
    )*};
    // A function, or a method in an `impl` block of its own (pyo3's `multiple-pymethods`).
    (@item () {$($f:tt)*}) => { #[pyo3::pyfunction] $($f)* };
    (@item ($class:ty) {$($f:tt)*}) => { #[pyo3::pymethods] impl $class { $($f)* } };
    ($($fns:tt)*) => { $crate::export!(@in () $($fns)*); };
}

/// `value` as plain Python objects (dicts, lists, str, numbers, None): what serde writes.
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| invalid(py, format!("cannot convert: {e}")))
}

/// The field `name` (`from_` reads `from`) of `value`, serialized once into `cell`, as a
/// fresh Python object.
pub fn field<'py, T: Serialize>(
    py: Python<'py>, cell: &OnceLock<Value>, value: &T, class: &str, name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let key = name.strip_suffix('_').unwrap_or(name);
    if cell.get().is_none() {
        let v = serde_json::to_value(value).map_err(|e| invalid(py, format!("cannot write: {e}")))?;
        let _ = cell.set(v);
    }
    match cell.get().and_then(|v| v.get(key)) {
        Some(v) if !name.starts_with("__") => to_py(py, v),
        _ => Err(PyAttributeError::new_err(format!("{class} has no attribute {name:?}"))),
    }
}

/// `Name(key=value, ...)` (nested dicts abbreviated), or an HTML table of the same, for
/// notebooks.
pub fn show(class: &str, dict: &Bound<'_, PyAny>, html: bool) -> PyResult<String> {
    let esc = |s: Bound<'_, PyString>| {
        s.to_string().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    };
    let mut parts = Vec::new();
    for (k, v) in dict.cast::<PyDict>()?.iter() {
        let long = v.is_instance_of::<PyDict>() || (v.is_instance_of::<PyList>() && v.len()? > 4);
        parts.push(match (html, long) {
            (true, _) => format!("<tr><th>{}</th><td>{}</td></tr>", esc(k.str()?), esc(v.str()?)),
            (false, true) if v.is_instance_of::<PyDict>() => format!("{k}={{...}}"),
            (false, true) => format!("{k}=[{} items]", v.len()?),
            (false, false) => format!("{k}={}", v.repr()?),
        });
    }
    Ok(match html {
        true => format!("<table class=\"care-record\"><caption>{class}</caption>{}</table>", parts.concat()),
        false => format!("{class}({})", parts.join(", ")),
    })
}

/// A care-core value that becomes a Python object of its result class (`Py`).
pub trait Out {
    /// The Python-side type.
    type Py;
    /// The value in it.
    fn out(self) -> PyResult<Self::Py>;
}

impl<T: Out> Out for Vec<T> {
    type Py = Vec<T::Py>;
    fn out(self) -> PyResult<Self::Py> {
        self.into_iter().map(Out::out).collect()
    }
}

/// A value made with Python's help (a body that needs `py`), or its exception.
impl<T: Out> Out for PyResult<T> {
    type Py = T::Py;
    fn out(self) -> PyResult<Self::Py> {
        self?.out()
    }
}

/// Values that are already Python's.
macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Out for $t {
            type Py = $t;
            fn out(self) -> PyResult<$t> {
                Ok(self)
            }
        }
    )*};
}
plain!(String, &'static str, u8, u32, i64, bool, Date, (), Column);
// `Cow<[u8]>` goes to Python as `bytes` (a `Vec<u8>` would be a list of ints).
plain!(std::borrow::Cow<'static, [u8]>, (Column, Column, Column));

/// Runs a care-core call (see [`care`]) and puts its answer in its result class.
pub fn out<T: Out>(py: Python<'_>, f: impl FnOnce() -> care_core::Result<T>) -> PyResult<T::Py> {
    care(py, f).and_then(Out::out)
}

/// The common methods of a class over a serde value: attributes from its fields,
/// `to_dict()`, `to_json()`, `repr`, an HTML view, `==` and pickling. `$value` gets the
/// value from `self`; `$load` is the static method that reads `to_json()` back.
#[macro_export]
macro_rules! serde_methods {
    ($name:ident, |$s:ident| $value:expr, $load:literal) => {
        #[pyo3::pymethods]
        impl $name {
            fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
                let $s = self;
                $crate::values::field(py, &self.json, $value, stringify!($name), name)
            }
            /// (self) -> dict[str, Any]
            /// The value as plain Python objects: exactly the JSON serde writes (a fresh copy).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let $s = self;
                $crate::values::to_py(py, $value)
            }
            /// (self) -> str
            /// The value as JSON text (as `care --json` prints it).
            fn to_json(&self, py: Python<'_>) -> PyResult<String> {
                let $s = self;
                serde_json::to_string($value)
                    .map_err(|e| $crate::errors::invalid(py, format!("cannot write JSON: {e}")))
            }
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                $crate::values::show(stringify!($name), &self.to_dict(py)?, false)
            }
            fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
                $crate::values::show(stringify!($name), &self.to_dict(py)?, true)
            }
            fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                match other.cast::<Self>() {
                    Ok(o) => Ok(self.to_json(py)? == o.get().to_json(py)?),
                    Err(_) => Ok(false),
                }
            }
            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
                Ok((slf.get_type().getattr($load)?, (slf.get().to_json(slf.py())?,)))
            }
        }
    };
}

/// Declares the result classes: `Name(core::Type)`, or `Name(core::Type) => method` for a
/// class with `explain()` (the core's `method`, text for people).
#[macro_export]
macro_rules! results {
    ($($name:ident($ty:ty) $(=> $explain:ident)?),* $(,)?) => {$(
        $crate::data_class!(@struct
            #[doc = concat!("A result (`", stringify!($ty), "`): read-only; its attributes are the fields of `to_dict()`.")]
            $name($ty)
        );
        $crate::serde_methods!($name, |s| &s.inner, "_from_json");

        $crate::export! { impl $name;
            #[staticmethod]
            fn _from_json(py, text: String) -> $name = care_core::policy::from_json::<$ty>(&text);
            $(
                /// The result explained in sentences, for people.
                fn explain(&self, py) -> String = Ok(self.inner.$explain());
            )?
        }
    )*};
}

/// Declares a class over a care-core data file type (`$core`, kept in `inner`) with the
/// common methods, the core's `from_toml` / `from_json` (which validate) and `to_toml`;
/// with `new`, a constructor from keyword arguments (the fields, validated; `new "what" Fields
/// => |f| build`: read as `Fields`, an error naming `what`, then built).
/// `|s| value` is what it serializes.
#[macro_export]
macro_rules! data_class {
    ($(#[$m:meta])* $name:ident($core:ty), |$s:ident| $value:expr $(, $new:ident $($spec:tt)*)?) => {
        $($crate::data_class!(@$new $name($core) $($spec)*);)?
        $crate::data_class!(@struct $(#[$m])* $name($core));
        $crate::data_class!(@methods $name($core), |$s| $value);
    };
    (@struct $(#[$m:meta])* $name:ident($core:ty)) => {
        $(#[$m])*
        #[pyo3::pyclass(frozen, module = "care_core")]
        pub struct $name {
            inner: $core,
            json: std::sync::OnceLock<serde_json::Value>,
        }
        impl $crate::values::Out for $core {
            type Py = $name;
            fn out(self) -> PyResult<$name> {
                Ok($name { inner: self, json: std::sync::OnceLock::new() })
            }
        }
    };
    (@new $name:ident($core:ty)) => {
        $crate::data_class!(@new $name($core) "policy" $core => |p| care_core::policy::Validate::validate(&p).map(|()| p));
    };
    (@new $name:ident($core:ty) $what:literal $fields:ty => |$f:ident| $build:expr) => {
        #[pyo3::pymethods]
        impl $name {
            #[new]
            #[pyo3(signature = (**fields))]
            fn py_new(py: Python<'_>, fields: Option<&Bound<'_, pyo3::types::PyDict>>) -> PyResult<$name> {
                let fields = fields.cloned().unwrap_or_else(|| pyo3::types::PyDict::new(py));
                let $f: $fields = $crate::values::arg($what, fields.as_any())?;
                $crate::values::out(py, || $build)
            }
        }
    };
    (@methods $name:ident($core:ty), |$s:ident| $value:expr) => {
        $crate::serde_methods!($name, |$s| $value, "from_json");
        $crate::export! { impl $name;
            /// Loads and validates it from TOML (fields not named keep their defaults). A policy
            /// or catalog file may hold several versions: the one in force on `as_of` is loaded,
            /// the latest when None (other files have no versions: give no `as_of`).
            #[staticmethod]
            fn from_toml(py, text: String, as_of: Option<jiff::civil::Date> = None) -> $name =
                <$core as care_core::LoadAsOf>::load_as_of(&text, care_core::policy::Format::Toml, as_of);
            /// Loads and validates it from JSON (fields not named keep their defaults); `as_of`
            /// as for `from_toml`.
            #[staticmethod]
            fn from_json(py, text: String, as_of: Option<jiff::civil::Date> = None) -> $name =
                <$core as care_core::LoadAsOf>::load_as_of(&text, care_core::policy::Format::Json, as_of);
            /// As TOML.
            fn to_toml(&self, py) -> String = care_core::policy::to_toml({ let $s = self; $value });
        }
    };
}

/// The module's `register(m)`: adds these classes and functions.
#[macro_export]
macro_rules! register {
    ([$($class:ident),* $(,)?], [$($func:ident),* $(,)?]) => {
        /// Adds the classes and functions to the module.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_class::<$class>()?;)*
            $(m.add_function(wrap_pyfunction!($func, m)?)?;)*
            Ok(())
        }
    };
}
