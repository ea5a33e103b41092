//! Loading policies and other data files from TOML or JSON.
//!
//! Every number the source documents give (85, 4 of 5, 95, 4 hours, 3 days...) is a field
//! of a policy whose `Default` is the documents' value. A policy file only needs the fields
//! it changes; the rest keep their defaults (policies use `#[serde(default)]`).

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest data file (policy, catalog, scorecard, CSV) care-core reads: 16 MiB.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Reads the file at `path`, at most one byte past [`MAX_INPUT_BYTES`], the largest input
/// care-core takes (every reader then refuses it as [`Error::TooLarge`]): a device such as
/// `/dev/zero`, or a huge file, is never read whole.
///
/// # Errors
///
/// The I/O error of opening or reading the file (a missing file, a directory).
///
/// ```
/// let path = std::env::temp_dir().join("care-core-read-file-doc.toml");
/// std::fs::write(&path, "pass_mark = 90")?;
/// assert_eq!(care_core::policy::read_file(&path)?, b"pass_mark = 90");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A data file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// The format named by a file's extension (`.toml` or `.json`), if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Gives a unit-only enum of format names its `ALL`, `name()`, [`FromStr`](std::str::FromStr)
/// (ASCII case-insensitive, surrounding spaces ignored; an unknown name is
/// [`Error::UnknownName`] with the closest known one) and `Display` (the name), so the CLI
/// and the bindings parse format names through the core:
/// `named_formats!(Format, "data file format", { Toml => "toml", Json => "json" });`.
macro_rules! named_formats {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The value's name, as [`FromStr`](std::str::FromStr) reads it and serde writes it.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::error::Error;

            fn from_str(s: &str) -> $crate::error::Result<$ty> {
                let t = s.trim();
                $(
                    if t.eq_ignore_ascii_case($name) {
                        return Ok($ty::$variant);
                    }
                )+
                Err($crate::error::Error::unknown_name($what, s, [$($name),+]))
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}
pub(crate) use named_formats;

named_formats!(Format, "data file format", { Toml => "toml", Json => "json" });

/// Parses `text` as TOML into `T`, mapping the parser's message and position into an
/// [`Error::Parse`].
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size("input file", text.len())?;
    toml::from_str(text).map_err(|e| {
        let place = e.span().map(|span| line_col(text, span.start));
        Error::Parse {
            format: "TOML",
            place,
            message: e.message().trim_end().to_string(),
        }
    })
}

/// Parses `text` as JSON into `T`, mapping the parser's message and position into an
/// [`Error::Parse`].
///
/// Every care-core data file is an object at the top: text that parses as another JSON value
/// (an array, which serde would otherwise read field by field in declaration order; a string;
/// a number) is an [`Error::Parse`] too.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    check_size("input file", text.len())?;
    let start = text.len() - text.trim_start().len();
    let first = text[start..].chars().next();
    // Well-formed JSON that is not an object: say so. Malformed text: the parser's error.
    if first != Some('{') && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        return Err(Error::Parse {
            format: "JSON",
            place: Some(line_col(text, start)),
            message: format!(
                "expected an object ({{...}}) at the top, found {}",
                json_kind(first)
            ),
        });
    }
    parse_json(text)
}

/// What kind of JSON value starts with `c`, for an error: "an array", "a string"...
fn json_kind(c: Option<char>) -> &'static str {
    match c {
        Some('[') => "an array",
        Some('"') => "a string",
        Some('t' | 'f') => "a boolean",
        Some('n') => "null",
        Some(_) => "a number",
        None => "nothing",
    }
}

fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        let place = (e.line() > 0).then(|| format!("line {}, column {}", e.line(), e.column()));
        let mut message = e.to_string();
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        Error::Parse {
            format: "JSON",
            place,
            message,
        }
    })
}

/// Reads `T` from a JSON value that a binding built from a Python or JavaScript object (a
/// session, a person, a calendar spec, or a plain string, number or list argument): the same
/// fields as the JSON file, but no text, so an error names no line and column. A mismatch is
/// an [`Error::InvalidInput`]:
/// `invalid session: invalid type: string "ninety", expected a score: a number from 0 to 100`.
///
/// A struct must come from an object (a dict, a plain JS object): serde would otherwise read
/// an array field by field in declaration order (`invalid policy: expected an object, found
/// an array`). Values of other types (strings, numbers, lists) read as they are.
///
/// # Errors
///
/// [`Error::InvalidInput`] naming `what` when the value does not have `T`'s shape.
///
/// ```
/// use care_core::certification::CertPolicy;
/// use care_core::policy::from_value;
/// let e = from_value::<CertPolicy>("policy", serde_json::json!(["x", "1", 50])).unwrap_err();
/// assert_eq!(e.to_string(), "invalid policy: expected an object, found an array");
/// let n: u8 = from_value("pass rate", serde_json::json!(80))?;
/// assert_eq!(n, 80);
/// # Ok::<(), care_core::Error>(())
/// ```
///
/// A NaN or infinite float, which a binding passes as `"NaN"`, `"Infinity"` or
/// `"-Infinity"` ([`float_to_json`]) and which only a score may be, is named with its place:
/// `invalid policy: pass_mark: NaN is not a finite number`.
///
/// [`float_to_json`]: crate::certification::float_to_json
pub fn from_value<T: DeserializeOwned>(what: &str, value: serde_json::Value) -> Result<T> {
    T::deserialize(StructsFromObjects(&value)).map_err(|e| {
        let message = match non_finite_at(&value) {
            // serde names the value it could not take, not where it is: name the place.
            Some((place, x)) if e.to_string().contains(&format!("string \"{x}\"")) => {
                let place = place.trim_start_matches('.');
                let at = if place.is_empty() {
                    String::new()
                } else {
                    format!("{place}: ")
                };
                format!("{at}{x} is not a finite number")
            }
            _ => e.to_string(),
        };
        Error::invalid_input(format!("invalid {what}: {message}"))
    })
}

/// Reads `T` from a binding's JSON value ([`from_value`], an error naming `what`) and
/// validates it ([`Validate`]): a policy or data file given as a Python dict or keyword
/// arguments, or a JavaScript object.
///
/// # Errors
///
/// As [`from_value`]; then `T`'s validation error listing every problem.
///
/// ```
/// use care_core::certification::CertPolicy;
/// use care_core::policy::load_value;
/// let p: CertPolicy = load_value("policy", serde_json::json!({"pass_mark": 90}))?;
/// assert_eq!(p.pass_mark, 90.0);
/// let e = load_value::<CertPolicy>("policy", serde_json::json!({"pass_mark": "NaN"})).unwrap_err();
/// assert_eq!(e.to_string(), "invalid policy: pass_mark: NaN is not a finite number");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn load_value<T: DeserializeOwned + Validate>(
    what: &str,
    value: serde_json::Value,
) -> Result<T> {
    let value: T = from_value(what, value)?;
    value.validate()?;
    Ok(value)
}

/// The place (`.budgets.tbt_hours`, `[2]`; empty at the top) and the text of the one
/// `"NaN"`, `"Infinity"` or `"-Infinity"` string in `value`; none when there are several
/// (one may be text where text belongs, `id = "NaN"`: the place could be the wrong one).
fn non_finite_at(value: &serde_json::Value) -> Option<(String, &str)> {
    fn find<'a>(value: &'a serde_json::Value, place: String, out: &mut Vec<(String, &'a str)>) {
        use serde_json::Value;
        match value {
            Value::String(s) if crate::certification::non_finite(s).is_some() => {
                out.push((place, s))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| find(v, format!("{place}[{i}]"), out)),
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| find(v, format!("{place}.{k}"), out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    find(value, String::new(), &mut found);
    match found.len() {
        1 => found.pop(),
        _ => None,
    }
}

/// A JSON value whose top level reads as a struct only when it is an object; every other
/// request goes to the value's own deserializer unchanged.
struct StructsFromObjects<'a>(&'a serde_json::Value);

/// "an object", "an array"...: what kind of JSON value `value` is, for an error.
pub(crate) fn json_kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Object(_) => "an object",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Null => "null",
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(
                self,
                $($arg: $ty,)*
                visitor: V,
            ) -> std::result::Result<V::Value, Self::Error> {
                self.0.$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de> serde::Deserializer<'de> for StructsFromObjects<'de> {
    type Error = serde_json::Error;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        if !self.0.is_object() {
            return Err(serde::de::Error::custom(format!(
                "expected an object, found {}",
                json_kind_of(self.0)
            )));
        }
        self.0.deserialize_struct(name, fields, visitor)
    }

    forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }
}

/// Parses `text` in `format`.
pub fn from_str<T: DeserializeOwned>(text: &str, format: Format) -> Result<T> {
    match format {
        Format::Toml => from_toml(text),
        Format::Json => from_json(text),
    }
}

/// A data file type that checks itself as a whole once parsed: the policies, the scorecard
/// template, the troubleshooting list, the staff file. [`load`] parses and validates any of
/// them; each type's `from_toml` / `from_json` is [`load`] in one format.
pub trait Validate {
    /// Checks the value; the error lists every problem found.
    fn validate(&self) -> Result<()>;
}

/// Parses `text` in `format` into `T` and validates it: the one path every policy and data
/// file takes from text (a parse error names the place; a validation error lists every
/// problem). Fields a file leaves out keep their defaults where `T` has them.
///
/// # Errors
///
/// [`Error::TooLarge`] for a text over [`MAX_INPUT_BYTES`]; [`Error::Parse`] naming the line
/// and column for text that does not parse as `T` (in JSON, also a value that is not an
/// object); `T`'s validation error listing every problem ([`Error::InvalidPolicy`]...).
///
/// ```
/// use care_core::certification::CertPolicy;
/// use care_core::policy::{load, Format};
/// use care_core::ErrorKind;
/// let p: CertPolicy = load("pass_mark = 90", Format::Toml)?;
/// assert_eq!(p.pass_mark, 90.0);
/// let e = load::<CertPolicy>("pass_mark = 101", Format::Toml).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
/// let e = load::<CertPolicy>("[1, 2]", Format::Json).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::Parse);
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn load<T: DeserializeOwned + Validate>(text: &str, format: Format) -> Result<T> {
    let value: T = from_str(text, format)?;
    value.validate()?;
    Ok(value)
}

/// Gives a type with an inherent `validate(&self) -> Result<()>` its [`Validate`] impl and
/// its `from_toml` / `from_json`, both [`load`]: `loadable!(CertPolicy, "a certification
/// policy");` (the text names the type in the docs).
macro_rules! loadable {
    ($ty:ty, $what:literal) => {
        impl $crate::policy::Validate for $ty {
            fn validate(&self) -> $crate::error::Result<()> {
                <$ty>::validate(self)
            }
        }

        impl $ty {
            #[doc = concat!("Loads ", $what, " from TOML and validates it ([`load`](crate::policy::load)).")]
            pub fn from_toml(text: &str) -> $crate::error::Result<$ty> {
                $crate::policy::load(text, $crate::policy::Format::Toml)
            }

            #[doc = concat!("Loads ", $what, " from JSON and validates it ([`load`](crate::policy::load)).")]
            pub fn from_json(text: &str) -> $crate::error::Result<$ty> {
                $crate::policy::load(text, $crate::policy::Format::Json)
            }
        }
    };
}
pub(crate) use loadable;

/// Writes `value` as pretty TOML.
pub fn to_toml<T: Serialize>(value: &T) -> Result<String> {
    toml::to_string_pretty(value)
        .map_err(|e| Error::invalid_input(format!("cannot write TOML: {e}")))
}

/// Writes `value` as pretty JSON.
pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::invalid_input(format!("cannot write JSON: {e}")))
}

/// Refuses an input of `len` bytes over [`MAX_INPUT_BYTES`] as [`Error::TooLarge`] naming
/// `what`: every text reader checks it, before decoding bytes that [`read_file`] may have cut
/// inside a character.
///
/// # Errors
///
/// [`Error::TooLarge`] when `len` is over the limit.
///
/// ```
/// use care_core::policy::{check_size, MAX_INPUT_BYTES};
/// assert!(check_size("input file", MAX_INPUT_BYTES).is_ok());
/// assert!(check_size("input file", MAX_INPUT_BYTES + 1).is_err());
/// ```
pub fn check_size(what: &'static str, len: usize) -> Result<()> {
    match len > MAX_INPUT_BYTES {
        true => Err(Error::TooLarge {
            what,
            limit: MAX_INPUT_BYTES,
            actual: len,
        }),
        false => Ok(()),
    }
}

fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct P {
        pass_mark: u8,
    }

    #[test]
    fn load_parses_then_validates_in_either_format() {
        use crate::certification::CertPolicy;
        let p: CertPolicy = load("pass_mark = 90", Format::Toml).unwrap();
        assert_eq!((p.pass_mark, p.calls), (90.0, 5));
        assert_eq!(p, CertPolicy::from_toml("pass_mark = 90").unwrap());
        let p: CertPolicy = load(r#"{"pass_mark": 90}"#, Format::Json).unwrap();
        assert_eq!(p, CertPolicy::from_json(r#"{"pass_mark": 90}"#).unwrap());
        // Parsed fine, then refused by validate with every problem listed.
        let e = load::<CertPolicy>("pass_mark = 101\npasses_needed = 9", Format::Toml).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidPolicy);
        let text = e.to_string();
        assert!(
            text.contains("pass_mark") && text.contains("passes_needed"),
            "{text}"
        );
        let e = load::<CertPolicy>("{", Format::Json).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
    }

    #[test]
    fn a_non_finite_float_is_named_with_its_place() {
        use crate::escalation::EscalationPolicy;
        let value = serde_json::json!({"budgets": {"tbt_hours": "Infinity"}});
        let e = load_value::<EscalationPolicy>("policy", value).unwrap_err();
        let expected = "invalid policy: budgets.tbt_hours: Infinity is not a finite number";
        assert_eq!(
            (e.kind(), e.to_string().as_str()),
            (crate::ErrorKind::InvalidInput, expected)
        );
        let e = from_value::<u8>("pass rate", serde_json::json!("-Infinity")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid pass rate: -Infinity is not a finite number"
        );
        // Text that only looks like one, where text is read, stays text.
        assert_eq!(
            from_value::<String>("name", serde_json::json!("NaN")).unwrap(),
            "NaN"
        );
        // Two such strings, one of them text where text belongs: no place is named.
        let two = serde_json::json!({"id": "NaN", "pass_mark": "NaN"});
        let e = load_value::<crate::certification::CertPolicy>("policy", two).unwrap_err();
        assert!(!e.to_string().contains("id: NaN"), "{e}");
        // Any other mistake keeps serde's own message.
        let e = from_value::<P>("policy", serde_json::json!({"pass_mark": "x", "n": "NaN"}));
        assert!(e.unwrap_err().to_string().contains("string \"x\""));
    }

    #[test]
    fn format_names_parse_through_the_core() {
        assert_eq!("toml".parse::<Format>().unwrap(), Format::Toml);
        assert_eq!(" JSON ".parse::<Format>().unwrap(), Format::Json);
        assert_eq!(Format::Json.to_string(), "json");
        let e = "jsn".parse::<Format>().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::UnknownName);
        assert_eq!(
            e.to_string(),
            "unknown data file format \"jsn\" (did you mean \"json\"?)"
        );
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), *f);
            assert_eq!(serde_json::to_value(f).unwrap(), f.name());
        }
    }

    #[test]
    fn data_files_are_objects_at_the_top() {
        use crate::certification::CertPolicy;
        // An array was read field by field: [ "id", "version", 50 ] set the pass mark to 50.
        let e = CertPolicy::from_json(r#"["care.certification", "1", 50]"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to parse JSON at line 1, column 1: expected an object ({...}) at the top, found an array"
        );
        let e = from_value::<CertPolicy>("policy", serde_json::json!(["x", "1", 50])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid policy: expected an object, found an array"
        );
        assert_eq!(
            from_json::<CertPolicy>(" 85").unwrap_err().to_string(),
            "failed to parse JSON at line 1, column 2: expected an object ({...}) at the top, found a number"
        );
        // Malformed text keeps the parser's own message.
        let e = from_json::<CertPolicy>("[1,").unwrap_err().to_string();
        assert!(!e.contains("expected an object"), "{e}");
    }

    #[test]
    fn parse_errors_name_the_place() {
        let e = from_toml::<P>("pass_mark = 85\npass_mark = 90\n").unwrap_err();
        assert!(
            e.to_string().starts_with("failed to parse TOML at line 2"),
            "{e}"
        );
        let e = from_json::<P>("{\n \"pass_mark\": \"x\"}").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("failed to parse JSON at line 2, column"),
            "{e}"
        );
        let e = from_toml::<P>("pass_mark = 300").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
    }
}
