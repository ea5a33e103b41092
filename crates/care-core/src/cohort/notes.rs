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
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The longest progress note line, in bytes.
pub const MAX_NOTE_BYTES: usize = 4096;

const DASHES: [char; 3] = ['-', '\u{2013}', '\u{2014}'];

/// How many distinct note texts an import shares ([`ProgressNote::share_text`]).
pub(crate) const SHARED_TEXTS: usize = 1024;

/// One progress note: a date, an agent's name and what they reported.
///
/// Serialised as `{ "date", "name", "note", "text" }`; `text` is the line as written and
/// the only field read back (the others must agree with it when given).
///
/// Held small, since a tracker gives one a row: the name is shared (an [`Arc<str>`], one
/// per agent when the notes come from a tracker), and a line in the standard form
/// `2026-07-02 - Ana Rivera - note` is not kept beside its parts but written from them
/// ([`text`](ProgressNote::text)); only a line written otherwise is kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "NoteRepr")]
pub struct ProgressNote {
    /// The note's date.
    pub date: Date,
    /// Where the note is in `body`: 0 when `body` is the note alone (the line is in the
    /// standard form); else the line as given, which starts with the date, so never 0.
    note_at: u16,
    /// The note's length in bytes (a line has at most [`MAX_NOTE_BYTES`]).
    note_len: u16,
    name: Arc<str>,
    /// The note (standard form), or the whole line as given.
    body: Arc<str>,
}

/// The serialised shape of a [`ProgressNote`] (and its JSON Schema): the four fields.
mod shape {
    use jiff::civil::Date;
    use serde::Serialize;

    /// One progress note: a date, an agent's name and what they reported.
    ///
    /// Serialised as `{ "date", "name", "note", "text" }`; `text` is the line as written and
    /// the only field read back (the others must agree with it when given).
    #[derive(Serialize)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    pub(super) struct ProgressNote<'a> {
        /// The note's date.
        pub(super) date: Date,
        /// The agent's name as written.
        pub(super) name: &'a str,
        /// The note, without the spacing around it.
        pub(super) note: &'a str,
        /// The whole line exactly as given.
        pub(super) text: &'a str,
    }
}

impl Serialize for ProgressNote {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        shape::ProgressNote {
            date: self.date,
            name: &self.name,
            note: self.note(),
            text: &self.text(),
        }
        .serialize(s)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ProgressNote {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <shape::ProgressNote<'static> as schemars::JsonSchema>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        <shape::ProgressNote<'static> as schemars::JsonSchema>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <shape::ProgressNote<'static> as schemars::JsonSchema>::json_schema(generator)
    }
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
            || r.name.as_ref().is_some_and(|x| **x != *n.name)
            || r.note.as_ref().is_some_and(|x| x != n.note());
        if differs {
            return Err(Error::invalid_input(format!(
                "progress note {:?}: its date, name or note field disagrees with its text",
                crate::suggest::clip(&r.text)
            )));
        }
        Ok(n)
    }
}

/// The standard line of a note's parts: `2026-07-02 - Ana Rivera - note`.
fn standard_line(date: Date, name: &str, note: &str) -> String {
    format!("{date} - {name} - {note}")
}

/// Whether `line` is [`standard_line`] of the parts, without writing it.
fn is_standard(line: &str, date: Date, name: &str, note: &str) -> bool {
    let Some(rest) = line.strip_prefix(date_text(date).as_str()) else {
        return false;
    };
    rest.strip_prefix(" - ")
        .and_then(|r| r.strip_prefix(name))
        .and_then(|r| r.strip_prefix(" - "))
        .is_some_and(|r| r == note)
}

/// A date as [`Date`]'s `Display` writes it, in a buffer on the stack.
fn date_text(date: Date) -> DateText {
    use std::fmt::Write as _;
    let mut t = DateText::default();
    let _ = write!(t, "{date}");
    t
}

/// Room for a written date (`-009999-12-31` at most).
#[derive(Default)]
struct DateText {
    bytes: [u8; 16],
    len: usize,
}

impl DateText {
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl fmt::Write for DateText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whether the standard line of these parts (the note trimmed) parses back to them: the
/// name holds no dash, neither part a line break or nothing, the name is trimmed, the date
/// is written with a four-digit year and the line is not too long.
fn plain(date: Date, name: &str, note: &str) -> bool {
    (1000..=9999).contains(&date.year())
        && !name.is_empty()
        && !note.is_empty()
        && !name.contains(DASHES)
        && !name.contains(['\n', '\r'])
        && !note.contains(['\n', '\r'])
        && name.trim().len() == name.len()
        && 10 + 3 + name.len() + 3 + note.len() <= MAX_NOTE_BYTES
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
        ProgressNote::of_agent(date, &Arc::from(name.trim()), note)
    }

    /// [`ProgressNote::new`] sharing the agent's name: every note of an agent can hold the
    /// same `name` (the tracker import does). `name` is taken as it is (trim it first).
    pub fn of_agent(date: Date, name: &Arc<str>, note: &str) -> Result<ProgressNote> {
        let note = note.trim();
        // The usual case, checked without writing the line and parsing it back.
        let plain = plain(date, name, note);
        if plain {
            return Ok(ProgressNote::standard(date, Arc::clone(name), note));
        }
        let n = ProgressNote::parse(&standard_line(date, name.trim(), note))?;
        if *n.name != *name.trim() {
            return Err(Error::invalid_input(format!(
                "the name {:?} holds a dash between spaces, which would end the name in a progress note",
                crate::suggest::clip(name)
            )));
        }
        Ok(n)
    }

    /// A note in the standard form (the note shorter than [`MAX_NOTE_BYTES`]).
    fn standard(date: Date, name: Arc<str>, note: &str) -> ProgressNote {
        ProgressNote {
            date,
            note_at: 0,
            note_len: u16::try_from(note.len()).unwrap_or(u16::MAX),
            name,
            body: note.into(),
        }
    }

    /// [`ProgressNote::of_agent`] taking the note's text, kept without a copy when it needs
    /// no trimming.
    pub(crate) fn of_agent_owned(
        date: Date,
        name: &Arc<str>,
        note: String,
    ) -> Result<ProgressNote> {
        if note.trim().len() == note.len() && plain(date, name, &note) {
            return Ok(ProgressNote {
                date,
                note_at: 0,
                note_len: u16::try_from(note.len()).unwrap_or(u16::MAX),
                name: Arc::clone(name),
                body: Arc::from(note),
            });
        }
        ProgressNote::of_agent(date, name, &note)
    }

    /// Shares the note's text with an equal one of `texts` (a note in the standard form
    /// only, the text being then the note alone), or adds it to them while they are fewer
    /// than [`SHARED_TEXTS`]: a tracker's notes repeat a handful of texts.
    pub(crate) fn share_text(&mut self, texts: &mut HashSet<Arc<str>>) {
        if self.note_at != 0 {
            return;
        }
        if let Some(t) = texts.get(&*self.body) {
            self.body = Arc::clone(t);
        } else if texts.len() < SHARED_TEXTS {
            texts.insert(Arc::clone(&self.body));
        }
    }

    /// The agent's name as written.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The note, without the spacing around it.
    pub fn note(&self) -> &str {
        let at = usize::from(self.note_at);
        self.body
            .get(at..at + usize::from(self.note_len))
            .unwrap_or("")
    }

    /// The whole line exactly as given (for a note made by [`ProgressNote::new`], the
    /// standard form).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        if self.note_at == 0 {
            std::borrow::Cow::Owned(standard_line(self.date, &self.name, &self.body))
        } else {
            std::borrow::Cow::Borrowed(&self.body)
        }
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
        if self.note_at == 0 {
            write!(f, "{} - {} - {}", self.date, self.name, self.body)
        } else {
            f.write_str(&self.body)
        }
    }
}

/// Parses every non-blank line of `text` as a progress note; a bad line is an
/// [`Error::Parse`] whose place is `line N`. Blank lines are skipped.
pub fn parse_notes(text: &str) -> Result<Vec<ProgressNote>> {
    crate::policy::check_size("progress notes", text.len())?;
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
    if is_standard(line, date, name, note) {
        return Ok(ProgressNote::standard(date, Arc::from(name), note));
    }
    // The note is a part of the line, after its date: where it starts is never 0.
    let at = (note.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    match (u16::try_from(at), u16::try_from(note.len())) {
        (Ok(note_at), Ok(note_len))
            if note_at > 0 && line.get(at..at + note.len()) == Some(note) =>
        {
            Ok(ProgressNote {
                date,
                note_at,
                note_len,
                name: Arc::from(name),
                body: line.into(),
            })
        }
        _ => Err(format!("the line has more than {MAX_NOTE_BYTES} bytes")),
    }
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
    fn repeated_texts_are_shared_and_the_notes_unchanged() {
        let d = jiff::civil::date(2026, 7, 2);
        let ana: Arc<str> = Arc::from("Ana Rivera");
        let ben: Arc<str> = Arc::from("Ben Ode");
        let mut texts = HashSet::new();
        let mut a = ProgressNote::of_agent_owned(d, &ana, "on track".into()).unwrap();
        let mut b = ProgressNote::of_agent_owned(d, &ben, "on track".into()).unwrap();
        let (a0, b0) = (a.clone(), b.clone());
        a.share_text(&mut texts);
        b.share_text(&mut texts);
        assert!(Arc::ptr_eq(&a.body, &b.body));
        assert_eq!((a, b), (a0, b0));
        // A note given with spacing around it is the same note, shared or not.
        let mut odd = ProgressNote::of_agent_owned(d, &ana, " on track".into()).unwrap();
        let odd0 = odd.clone();
        odd.share_text(&mut texts);
        assert_eq!(odd, odd0);
        assert_eq!(odd.note(), "on track");
        assert_eq!(texts.len(), 1);
        // No more texts than SHARED_TEXTS are kept.
        for i in 0..SHARED_TEXTS + 5 {
            let mut n = ProgressNote::of_agent_owned(d, &ana, format!("note {i}")).unwrap();
            n.share_text(&mut texts);
        }
        assert_eq!(texts.len(), SHARED_TEXTS);
    }

    #[test]
    fn standard_and_unusual_spacing() {
        let n = ProgressNote::parse("2026-07-02 - Ana Rivera - finished call 3").unwrap();
        assert_eq!(n.date, jiff::civil::date(2026, 7, 2));
        assert_eq!((n.name(), n.note()), ("Ana Rivera", "finished call 3"));
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
        assert_eq!((n.name(), n.note()), ("Mary-Jane O'Neil", "a - b - c"));
        let n = ProgressNote::new(jiff::civil::date(2026, 7, 2), "Ana", "a - b").unwrap();
        assert_eq!(n.text(), "2026-07-02 - Ana - a - b");
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

    #[test]
    fn a_standard_line_is_not_kept_twice_and_compares_by_its_text() {
        let d = jiff::civil::date(2026, 7, 2);
        let parsed = ProgressNote::parse("2026-07-02 - Ana Rivera - call 3").unwrap();
        let made = ProgressNote::new(d, " Ana Rivera ", " call 3 ").unwrap();
        assert_eq!(parsed, made);
        assert_eq!(parsed.note_at, 0);
        assert_eq!(std::mem::size_of::<ProgressNote>(), 40);
        assert_eq!(made.text(), "2026-07-02 - Ana Rivera - call 3");
        let odd = ProgressNote::parse("7/2/2026 - Ana Rivera - call 3").unwrap();
        assert_ne!(odd, made);
        assert_eq!(odd.text(), "7/2/2026 - Ana Rivera - call 3");
        let shared: Arc<str> = Arc::from("Ana Rivera");
        let a = ProgressNote::of_agent(d, &shared, "x").unwrap();
        assert!(Arc::ptr_eq(&a.name, &shared));
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"date":"2026-07-02","name":"Ana Rivera","note":"x","text":"2026-07-02 - Ana Rivera - x"}"#
        );
    }

    proptest! {
        #[test]
        fn of_agent_is_new_written_and_parsed_back(
            name in "[ A-Za-z'.\u{e9}-]{0,12}",
            note in "[ -~\u{2013}\n]{0,20}",
            y in 0i16..=9999, m in 1i8..=12, d in 1i8..=28,
        ) {
            let date = Date::new(y, m, d).unwrap();
            let shared: Arc<str> = Arc::from(name.trim());
            let fast = ProgressNote::of_agent(date, &shared, &note);
            // The slow path: the standard line written and parsed back.
            let slow = ProgressNote::parse(&standard_line(date, name.trim(), note.trim()))
                .and_then(|n| if n.name() == name.trim() { Ok(n) } else { Err(Error::invalid_input("name")) });
            let owned = ProgressNote::of_agent_owned(date, &shared, note.clone());
            prop_assert_eq!(owned.as_ref().ok(), fast.as_ref().ok());
            match (fast, slow) {
                (Ok(f), Ok(s)) => {
                    prop_assert_eq!(f.text(), s.text());
                    prop_assert_eq!(f, s);
                }
                (Err(_), Err(_)) => {}
                (f, s) => prop_assert!(false, "{:?} vs {:?}", f, s),
            }
        }

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
            prop_assert_eq!(n.note(), note.as_str());
            prop_assert_eq!(n.name(), name.as_str());
            let back = ProgressNote::parse(&n.to_string()).unwrap();
            prop_assert_eq!(back, n);
            let us = format!("{}/{}/{} - {name} - {note}", m, d, y);
            let n = ProgressNote::parse(&us).unwrap();
            prop_assert_eq!(n.date, date);
            prop_assert_eq!(n.note(), note.as_str());
        }
    }
}
