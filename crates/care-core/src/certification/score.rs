//! Scores: checking a score and reading one from JSON (numbers, numeric strings, null).

#[allow(unused_imports)]
use super::*;

pub(crate) fn check_score(place: &str, score: f64) -> Result<()> {
    if score.is_nan() {
        return Err(Error::invalid_score(
            place,
            "not a number; give a score from 0 to 100",
        ));
    }
    if !(0.0..=100.0).contains(&score) {
        return Err(Error::invalid_score(
            place,
            format!("{score} is outside 0 to 100"),
        ));
    }
    Ok(())
}

/// A score given as a JSON value, by a binding (a Python or JavaScript argument) or a data
/// file: a number, or one of the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, the
/// floats JSON cannot hold (JavaScript's `String(x)` writes them so). The value is not
/// range-checked here; [`call_verdict`], [`evaluate`] and [`qa_audit`] do that.
///
/// Anything else, text such as `"ninety"` included, is an [`Error::InvalidScore`] for
/// `place` (e.g. `call 2`, `QA audit`).
///
/// ```
/// use care_core::certification::score_from_json;
/// assert!(score_from_json("call 2", &serde_json::json!("NaN")).unwrap().is_nan());
/// let e = score_from_json("call 2", &serde_json::json!("ninety")).unwrap_err();
/// assert_eq!(e.to_string(), r#"invalid score for call 2: "ninety" is not a number; give a score from 0 to 100"#);
/// ```
pub fn score_from_json(place: &str, value: &serde_json::Value) -> Result<f64> {
    use serde_json::Value;
    match value {
        Value::Number(n) => n.as_f64().ok_or_else(|| {
            Error::invalid_score(place, format!("{n} is not a number from 0 to 100"))
        }),
        Value::String(s) => non_finite(s).ok_or_else(|| {
            Error::invalid_score(
                place,
                format!(
                    "{:?} is not a number; give a score from 0 to 100",
                    crate::suggest::clip(s)
                ),
            )
        }),
        Value::Null => Err(Error::invalid_score(
            place,
            "no score (null); give a score from 0 to 100",
        )),
        Value::Bool(b) => Err(Error::invalid_score(
            place,
            format!("{b} is not a number; give a score from 0 to 100"),
        )),
        Value::Array(_) | Value::Object(_) => Err(Error::invalid_score(
            place,
            "a list or an object is not a number; give a score from 0 to 100",
        )),
    }
}

/// The most scores a list of calls may hold: a session has at most 255 calls.
pub const MAX_SCORES: usize = 255;

/// The scores of calls 1, 2, ... given as a JSON list (a binding's `scores` argument), each
/// read by [`score_from_json`] naming its call; with `pending`, null is a call not taken yet
/// (NaN, as [`standing`] reads it).
///
/// # Errors
///
/// [`Error::InvalidInput`] when `value` is not a list, or has more than [`MAX_SCORES`]
/// items; [`Error::InvalidScore`] naming the call of an item that is not a score.
///
/// ```
/// use care_core::certification::scores_from_json;
/// let scores = scores_from_json(&serde_json::json!([90, null]), true)?;
/// assert!(scores[0] == 90.0 && scores[1].is_nan());
/// let e = scores_from_json(&serde_json::json!([90, null]), false).unwrap_err();
/// assert_eq!(e.to_string(), "invalid score for call 2: no score (null); give a score from 0 to 100");
/// let e = scores_from_json(&serde_json::json!(8), false).unwrap_err();
/// assert_eq!(e.to_string(), "invalid scores: expected a list of numbers, found a number");
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn scores_from_json(value: &serde_json::Value, pending: bool) -> Result<Vec<f64>> {
    let Some(items) = value.as_array() else {
        let found = crate::policy::json_kind_of(value);
        return Err(Error::invalid_input(format!(
            "invalid scores: expected a list of numbers, found {found}"
        )));
    };
    if items.len() > MAX_SCORES {
        return Err(Error::invalid_input(format!(
            "scores has more than {MAX_SCORES} items; a session has at most {MAX_SCORES} calls"
        )));
    }
    let one = |(i, s): (usize, &serde_json::Value)| match s {
        serde_json::Value::Null if pending => Ok(f64::NAN),
        // A number is its score; only another value needs its place, for the error.
        s => s
            .as_f64()
            .map_or_else(|| score_from_json(&format!("call {}", i + 1), s), Ok),
    };
    items.iter().enumerate().map(one).collect()
}

/// A float as a JSON value, as a binding passes one to the core: a number, or the name of
/// one JSON cannot hold (`"NaN"`, `"Infinity"`, `"-Infinity"`), which [`score_from_json`]
/// reads back as that float (and every other reader rejects by its own rules).
///
/// ```
/// use care_core::certification::{float_to_json, score_from_json};
/// assert_eq!(float_to_json(2.5), serde_json::json!(2.5));
/// assert_eq!(float_to_json(f64::NEG_INFINITY), serde_json::json!("-Infinity"));
/// assert!(score_from_json("call 1", &float_to_json(f64::NAN)).unwrap().is_nan());
/// ```
#[inline]
pub fn float_to_json(x: f64) -> serde_json::Value {
    match serde_json::Number::from_f64(x) {
        Some(n) => serde_json::Value::Number(n),
        None if x.is_nan() => "NaN".into(),
        None => (if x > 0.0 { "Infinity" } else { "-Infinity" }).into(),
    }
}

/// The float that `"NaN"`, `"Infinity"` or `"-Infinity"` stands for.
pub(crate) fn non_finite(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// [`Call::score`] from JSON: a number, null, or a non-finite float's name (see
/// [`score_from_json`]).
pub(crate) fn deserialize_score<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<f64>, D::Error> {
    struct ScoreVisitor;
    impl<'de> serde::de::Visitor<'de> for ScoreVisitor {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a score: a number from 0 to 100")
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            non_finite(v)
                .map(Some)
                .ok_or_else(|| E::invalid_type(serde::de::Unexpected::Str(v), &self))
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(
            self,
            d: D2,
        ) -> std::result::Result<Self::Value, D2::Error> {
            d.deserialize_any(ScoreVisitor)
        }
    }
    deserializer.deserialize_option(ScoreVisitor)
}
