//! Progress notes in the tracker's `Date - Name - Note` form, parsed and written back
//! without losing a character.
//!
//! - The date comes first, in one of a few common forms: `2026-07-02`, `2026/07/02`,
//!   `7/2/2026` or `7/2/26` (month first, as in the US; a two-digit year is 20xx).
//! - The first separator is a dash (`-`, `–` or `—`) with any spacing around it.
//! - The second separator is the first dash after the name with a space on at least one side,
//!   so hyphenated names (`Mary-Jane`) stay whole; everything after it is the note, including
//!   any further ` - ` (a name cannot hold ` - `).
//! - A [`ProgressNote`] keeps the line exactly as given: `to_string()` gives it back, byte
//!   for byte, whatever the spacing or the dash.

use crate::error::{Error, Result};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The longest progress note line, in bytes.
pub const MAX_NOTE_BYTES: usize = 4096;

const DASHES: [char; 3] = ['-', '\u{2013}', '\u{2014}'];

/// One progress note: a date, an agent's name and what they reported.
///
/// Serialised as `{ "date", "name", "note", "text" }`; `text` is the line as written and
/// the only field read back (the others must agree with it when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "NoteRepr")]
pub struct ProgressNote {
    /// The note's date.
    pub date: Date,
    /// The agent's name as written.
    pub name: String,
    /// The note, without the spacing around it.
    pub note: String,
    /// The whole line exactly as given.
    pub text: String,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct NoteRepr {
    text: String,
    #[serde(default)]
    date: Option<Date>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl TryFrom<NoteRepr> for ProgressNote {
    type Error = Error;
    fn try_from(r: NoteRepr) -> Result<ProgressNote> {
        let n = ProgressNote::parse(&r.text)?;
        let differs = r.date.is_some_and(|d| d != n.date)
            || r.name.as_ref().is_some_and(|x| *x != n.name)
            || r.note.as_ref().is_some_and(|x| *x != n.note);
        if differs {
            return Err(Error::invalid_input(format!(
                "progress note {:?}: its date, name or note field disagrees with its text",
                crate::suggest::clip(&r.text)
            )));
        }
        Ok(n)
    }
}

impl ProgressNote {
    /// Parses one line. A bad line is an [`Error::Parse`] (format `"progress note"`) that
    /// says what is wrong; [`parse_notes`] adds the line number.
    pub fn parse(line: &str) -> Result<ProgressNote> {
        parse_line(line).map_err(|message| Error::Parse {
            format: "progress note",
            place: None,
            message,
        })
    }

    /// A note written in the standard form `2026-07-02 - Ana Rivera - note`.
    pub fn new(date: Date, name: &str, note: &str) -> Result<ProgressNote> {
        let text = format!("{date} - {} - {}", name.trim(), note.trim());
        let n = ProgressNote::parse(&text)?;
        if n.name != name.trim() {
            return Err(Error::invalid_input(format!(
                "the name {:?} holds a dash between spaces, which would end the name in a progress note",
                crate::suggest::clip(name)
            )));
        }
        Ok(n)
    }
}

impl FromStr for ProgressNote {
    type Err = Error;
    fn from_str(s: &str) -> Result<ProgressNote> {
        ProgressNote::parse(s)
    }
}

impl fmt::Display for ProgressNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Parses every non-blank line of `text` as a progress note; a bad line is an
/// [`Error::Parse`] whose place is `line N`. Blank lines are skipped.
pub fn parse_notes(text: &str) -> Result<Vec<ProgressNote>> {
    if text.len() > crate::policy::MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            what: "progress notes",
            limit: crate::policy::MAX_INPUT_BYTES,
            actual: text.len(),
        });
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = parse_line(line).map_err(|message| Error::Parse {
            format: "progress note",
            place: Some(format!("line {}", i + 1)),
            message,
        })?;
        out.push(n);
    }
    Ok(out)
}

fn parse_line(line: &str) -> std::result::Result<ProgressNote, String> {
    if line.len() > MAX_NOTE_BYTES {
        return Err(format!(
            "the line has {} bytes; a note may have at most {MAX_NOTE_BYTES}",
            line.len()
        ));
    }
    if line.contains(['\n', '\r']) {
        return Err("a progress note is one line".into());
    }
    let form = "write it as Date - Name - Note, e.g. 2026-07-02 - Ana Rivera - finished call 3";
    let body = line.trim_start();
    // The date: the leading run of digits, '/' and '-', without trailing dashes.
    let run = body
        .find(|c: char| !(c.is_ascii_digit() || c == '/' || c == '-'))
        .unwrap_or(body.len());
    let date_text = body.get(..run).unwrap_or("").trim_end_matches('-');
    if date_text.is_empty() {
        return Err(format!("the line does not start with a date; {form}"));
    }
    let date = parse_date(date_text)?;
    // The first separator.
    let rest = body.get(date_text.len()..).unwrap_or("");
    let after_ws = rest.trim_start();
    let Some(after_dash) = after_ws.strip_prefix(DASHES) else {
        return Err(format!("no dash after the date {date_text:?}; {form}"));
    };
    let name_part = after_dash.trim_start();
    // The second separator: the first dash with a space on at least one side.
    let mut split = None;
    let mut prev: Option<char> = None;
    for (i, c) in name_part.char_indices() {
        if DASHES.contains(&c) {
            let next = name_part
                .get(i + c.len_utf8()..)
                .and_then(|s| s.chars().next());
            if prev.is_some_and(char::is_whitespace) || next.is_some_and(char::is_whitespace) {
                split = Some((i, c.len_utf8()));
                break;
            }
        }
        prev = Some(c);
    }
    let Some((at, dash_len)) = split else {
        return Err(format!(
            "no dash with a space next to it between the name and the note; {form}"
        ));
    };
    let name = name_part.get(..at).unwrap_or("").trim();
    if name.is_empty() {
        return Err(format!("the name is empty; {form}"));
    }
    let note = name_part.get(at + dash_len..).unwrap_or("").trim();
    if note.is_empty() {
        return Err(format!("the note after {name:?} is empty; {form}"));
    }
    Ok(ProgressNote {
        date,
        name: name.to_string(),
        note: note.to_string(),
        text: line.to_string(),
    })
}

/// Parses a date in one of the tracker's forms: `2026-07-02`, `2026/07/02`, `7/2/2026` or
/// `7/2/26` (month first; a two-digit year is 20xx). The error says what was expected.
pub fn parse_date(text: &str) -> std::result::Result<Date, String> {
    let t = text.trim();
    let shown = crate::suggest::clip(t);
    let bad = || format!("{shown:?} is not a date; write it like 2026-07-02 or 7/2/2026");
    let sep = if t.contains('/') { '/' } else { '-' };
    if t.contains('/') && t.contains('-') {
        return Err(bad());
    }
    let parts: Vec<&str> = t.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str, max_len: usize| -> std::result::Result<i16, String> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<i16>().map_err(|_| bad())
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a, 4)?, num(b, 2)?, num(c, 2)?)
    } else if sep == '/' && (c.len() == 4 || c.len() == 2) {
        let y = num(c, 4)?;
        let y = if c.len() == 2 { 2000 + y } else { y };
        (y, num(a, 2)?, num(b, 2)?)
    } else {
        return Err(bad());
    };
    let m8 = i8::try_from(m).map_err(|_| bad())?;
    let d8 = i8::try_from(d).map_err(|_| bad())?;
    Date::new(y, m8, d8).map_err(|_| {
        format!("{shown:?} is not a real date: month {m}, day {d} does not exist in {y}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn standard_and_unusual_spacing() {
        let n = ProgressNote::parse("2026-07-02 - Ana Rivera - finished call 3").unwrap();
        assert_eq!(n.date, jiff::civil::date(2026, 7, 2));
        assert_eq!(
            (n.name.as_str(), n.note.as_str()),
            ("Ana Rivera", "finished call 3")
        );
        for line in [
            "7/2/2026 -Ana Rivera-  waiting - on IT - again ",
            "  2026/07/02 – Mary-Jane O'Neil — TBT 3 of 5",
            "2026-07-02-Ana - x",
            "7/2/26 - Ana - ok",
        ] {
            let n = ProgressNote::parse(line).unwrap();
            assert_eq!(n.to_string(), line);
            assert_eq!(n.date, jiff::civil::date(2026, 7, 2), "{line}");
        }
        let n = ProgressNote::parse("2026-07-02 - Mary-Jane O'Neil - a - b - c").unwrap();
        assert_eq!(
            (n.name.as_str(), n.note.as_str()),
            ("Mary-Jane O'Neil", "a - b - c")
        );
        let n = ProgressNote::new(jiff::civil::date(2026, 7, 2), "Ana", "a - b").unwrap();
        assert_eq!(n.text, "2026-07-02 - Ana - a - b");
        assert!(ProgressNote::new(jiff::civil::date(2026, 7, 2), "Ana - B", "x").is_err());
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_notes("2026-07-02 - Ana - ok\n\n2026-02-30 - Ana - x\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "failed to parse progress note at line 3: \"2026-02-30\" is not a real date: month 2, day 30 does not exist in 2026"
        );
        assert!(
            matches!(e, Error::Parse { format: "progress note", place: Some(ref p), .. } if p == "line 3")
        );
        for bad in [
            "",
            "Ana - 2026-07-02 - x",
            "2026-07-02 Ana - x",
            "2026-07-02 - Ana",
            "2026-07-02 -  - x",
            "2026-07-02 - Ana - ",
            "13/2/2026 - Ana - x",
            "2026-7/2 - Ana - x",
            "99999-1-1 - a - b",
        ] {
            assert!(ProgressNote::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_notes("\n  \n").unwrap(), vec![]);
    }

    #[test]
    fn serde_keeps_the_text() {
        let n = ProgressNote::parse("7/2/2026 -  Ana -x - y").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(
            json,
            r#"{"date":"2026-07-02","name":"Ana","note":"x - y","text":"7/2/2026 -  Ana -x - y"}"#
        );
        assert_eq!(serde_json::from_str::<ProgressNote>(&json).unwrap(), n);
        assert!(serde_json::from_str::<ProgressNote>(
            r#"{"text":"7/2/2026 - Ana - x","name":"Bob"}"#
        )
        .is_err());
    }

    proptest! {
        #[test]
        fn any_line_that_parses_round_trips(line in "[ \t]{0,2}[0-9/-]{6,10}[ \t]{0,2}[-–—][ \t]{0,2}[A-Za-z' -]{1,12}[ \t]{0,2}[-–—][ \t]{0,2}[ -~]{0,30}") {
            if let Ok(n) = ProgressNote::parse(&line) {
                prop_assert_eq!(n.to_string(), line.clone());
                prop_assert_eq!(ProgressNote::parse(&n.to_string()).unwrap(), n);
            }
        }

        #[test]
        fn arbitrary_text_never_panics_and_round_trips(line in "\\PC{0,80}") {
            if let Ok(n) = ProgressNote::parse(&line) {
                prop_assert_eq!(n.to_string(), line);
            }
        }

        #[test]
        fn notes_keep_inner_separators(
            name in "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?",
            parts in proptest::collection::vec("[a-z0-9]{1,6}", 1..5),
            y in 2000i16..2100, m in 1i8..=12, d in 1i8..=28,
        ) {
            let note = parts.join(" - ");
            let date = Date::new(y, m, d).unwrap();
            let n = ProgressNote::new(date, &name, &note).unwrap();
            prop_assert_eq!(&n.note, &note);
            prop_assert_eq!(&n.name, &name);
            let back = ProgressNote::parse(&n.to_string()).unwrap();
            prop_assert_eq!(back, n);
            let us = format!("{}/{}/{} - {name} - {note}", m, d, y);
            let n = ProgressNote::parse(&us).unwrap();
            prop_assert_eq!(n.date, date);
            prop_assert_eq!(n.note, note);
        }
    }
}
