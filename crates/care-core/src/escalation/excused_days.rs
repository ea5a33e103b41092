//! [`ExcusedDays`]: the excused days as a caller gives them, in any of the three shapes that a
//! binding or a JSON file may hold.

use super::Excused;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

/// Excused days read from a map date -> reason (`{"2026-07-06": "IT outage"}`), a list of
/// `[date, reason]` pairs, or a list of `{"date": ..., "reason": ...}` objects; null is none.
/// Each entry is then read as an [`Excused`], so an error names the bad field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExcusedDays(pub Vec<Excused>);

impl<'de> Deserialize<'de> for ExcusedDays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pair = |date: Value, reason: Value| json!({"date": date, "reason": reason});
        let value = match Value::deserialize(d)? {
            Value::Null => return Ok(ExcusedDays::default()),
            Value::Object(m) => m
                .into_iter()
                .map(|(d, r)| pair(Value::String(d), r))
                .collect(),
            Value::Array(items) => items
                .into_iter()
                .map(|i| match i {
                    Value::Array(p) if p.len() == 2 => {
                        let mut p = p.into_iter();
                        pair(p.next().unwrap_or_default(), p.next().unwrap_or_default())
                    }
                    other => other,
                })
                .collect(),
            other => other,
        };
        Vec::<Excused>::deserialize(value)
            .map(ExcusedDays)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn read(v: Value) -> Result<Vec<Excused>, String> {
        crate::policy::from_value::<ExcusedDays>("excused", v)
            .map(|x| x.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_three_shapes_read_alike() {
        let want = vec![Excused::new(date(2026, 7, 6), "IT outage")];
        assert_eq!(read(json!({"2026-07-06": "IT outage"})), Ok(want.clone()));
        assert_eq!(read(json!([["2026-07-06", "IT outage"]])), Ok(want.clone()));
        assert_eq!(
            read(json!([{"date": "2026-07-06", "reason": "IT outage"}])),
            Ok(want)
        );
        assert_eq!(read(Value::Null), Ok(vec![]));
    }

    #[test]
    fn errors_name_the_bad_field() {
        let e = read(json!({"2026-07-06": 5})).unwrap_err();
        assert!(
            e.starts_with("invalid excused: invalid type: integer `5`, expected a string"),
            "{e}"
        );
        let e = read(json!([{"date": "2026-07-06", "reason": "x", "why": 1}])).unwrap_err();
        assert!(e.contains("unknown field `why`"), "{e}");
        assert!(read(json!("2026-07-06")).is_err());
    }
}
