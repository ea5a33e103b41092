//! A tracker's format told from what the caller knows (a format name, a file extension) or
//! from its first bytes, and the tracker read in that format: one rule for the command line,
//! Python and Node.
//!
//! The order: a format named by the caller wins; else the file's extension (`.csv`,
//! `.xlsx`, `.ods`; an old `.xls` is an error); else the bytes: a zip package is a workbook
//! (an OpenDocument spreadsheet when its first part, `mimetype`, says so, else xlsx), an OLE
//! compound file (`D0 CF 11 E0`, an old binary `.xls` or a password-protected workbook) is
//! an error, anything else is CSV text.
//!
//! ```
//! use care_core::cohort::source::{read_tracker, TrackerFormat, TrackerOptions};
//! use care_core::cohort::CohortPolicy;
//! let csv = b"date,agent,start\n2026-07-06,Ana Rivera,2026-07-06\n";
//! assert_eq!(TrackerFormat::detect(None, None, csv)?, TrackerFormat::Csv);
//! assert_eq!(TrackerFormat::detect(None, Some("XLSX"), csv)?, TrackerFormat::Xlsx);
//! let cohort = read_tracker(csv, &TrackerOptions::default(), &CohortPolicy::default())?;
//! assert_eq!(cohort.agents.len(), 1);
//! let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
//! assert!(TrackerFormat::detect(None, None, &xls).unwrap_err().to_string().contains(".xls"));
//! # Ok::<(), care_core::Error>(())
//! ```

use super::{Cohort, CohortPolicy};
use crate::error::{Error, Result};
use jiff::civil::Date;

/// The formats a tracker is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrackerFormat {
    /// The tracker CSV (UTF-8 text).
    Csv,
    /// An Excel workbook (`.xlsx`).
    Xlsx,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
}

/// The first bytes of an OLE compound file: an old binary `.xls`, or a password-protected
/// workbook.
const OLE_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

impl TrackerFormat {
    /// Every format, in the order of [`name`](Self::name)s listed in messages.
    pub const ALL: [TrackerFormat; 3] =
        [TrackerFormat::Csv, TrackerFormat::Xlsx, TrackerFormat::Ods];

    /// The format's name, which is also its file extension: `csv`, `xlsx`, `ods`.
    pub fn name(self) -> &'static str {
        match self {
            TrackerFormat::Csv => "csv",
            TrackerFormat::Xlsx => "xlsx",
            TrackerFormat::Ods => "ods",
        }
    }

    /// The format named `name` (any case, a leading `.` allowed).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the formats for any other name; an old binary `xls`
    /// is told to be saved as xlsx.
    pub fn from_name(name: &str) -> Result<TrackerFormat> {
        let n = name.trim().trim_start_matches('.');
        if n.eq_ignore_ascii_case("xls") {
            return Err(old_xls());
        }
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(n))
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "the tracker format must be csv, xlsx or ods, not {:?}",
                    crate::suggest::clip(name)
                ))
            })
    }

    /// The format of a file with extension `ext` (`xlsx` or `.xlsx`, any case); `None` for an
    /// extension that names none (the bytes then tell).
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] for `.xls`, an old binary workbook care-core cannot read.
    pub fn from_extension(ext: &str) -> Result<Option<TrackerFormat>> {
        match Self::from_name(ext) {
            Ok(f) => Ok(Some(f)),
            Err(e @ Error::Parse { .. }) => Err(e),
            Err(_) => Ok(None),
        }
    }

    /// The format told by the bytes alone: a zip package is a workbook (`.ods` when its
    /// `mimetype` part, stored first as OpenDocument requires, names a spreadsheet, else
    /// `.xlsx`); anything else is CSV.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] for an OLE compound file: an old binary `.xls` or a
    /// password-protected workbook.
    pub fn sniff(bytes: &[u8]) -> Result<TrackerFormat> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(ole_error(bytes));
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return Ok(TrackerFormat::Csv);
        }
        // A local file header is 30 bytes, then the name; OpenDocument stores `mimetype`
        // first and uncompressed, so its content follows the name.
        let ods = bytes.get(30..38) == Some(b"mimetype".as_slice())
            && bytes
                .get(38..bytes.len().min(38 + 64))
                .is_some_and(|t| t.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"));
        Ok(if ods {
            TrackerFormat::Ods
        } else {
            TrackerFormat::Xlsx
        })
    }

    /// The format of a tracker: `format` when the caller names one, else the file's
    /// extension `ext` when it names a format, else [`sniff`](Self::sniff).
    ///
    /// # Errors
    ///
    /// As [`from_name`](Self::from_name), [`from_extension`](Self::from_extension) and
    /// [`sniff`](Self::sniff).
    pub fn detect(format: Option<&str>, ext: Option<&str>, bytes: &[u8]) -> Result<TrackerFormat> {
        if let Some(f) = format {
            return Self::from_name(f);
        }
        if let Some(f) = ext.map(Self::from_extension).transpose()?.flatten() {
            return Ok(f);
        }
        Self::sniff(bytes)
    }
}

impl std::fmt::Display for TrackerFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

fn old_xls() -> Error {
    Error::Parse {
        format: "workbook",
        place: None,
        message: "this is an old binary Excel file (.xls); save it as an Excel workbook (.xlsx)"
            .to_string(),
    }
}

/// The error for an OLE compound file (it starts `D0 CF 11 E0`): a password-protected
/// workbook when it has an `EncryptionInfo` stream, else an old binary `.xls`.
pub(crate) fn ole_error(bytes: &[u8]) -> Error {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        Error::Parse {
            format: "workbook",
            place: None,
            message:
                "the workbook is password-protected; remove the password in Excel and save it again"
                    .to_string(),
        }
    } else {
        old_xls()
    }
}

/// How [`read_tracker`] reads a tracker; every field may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrackerOptions<'a> {
    /// The format named by the caller (`csv`, `xlsx`, `ods`).
    pub format: Option<&'a str>,
    /// The file's extension, when the tracker comes from a file.
    pub extension: Option<&'a str>,
    /// A workbook's sheet (default: the sheet `Tracker`, else the first sheet).
    pub sheet: Option<&'a str>,
    /// Read the tracker as it stood at the end of this day: later rows do not count (every
    /// row is still checked).
    pub as_of: Option<Date>,
}

/// Reads a tracker in the format [`TrackerFormat::detect`] tells from `options` and the
/// bytes: CSV by [`import_tracker`](super::import_tracker), a workbook by
/// [`import_tracker_xlsx`](crate::workbook::tracker::import_tracker_xlsx) (feature `xlsx`).
///
/// # Errors
///
/// Those of [`TrackerFormat::detect`] and of the reader; [`Error::InvalidInput`] for CSV
/// that is not UTF-8 text, or a workbook without the `xlsx` feature.
pub fn read_tracker(
    bytes: &[u8],
    options: &TrackerOptions<'_>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    let format = TrackerFormat::detect(options.format, options.extension, bytes)?;
    match format {
        TrackerFormat::Csv => {
            crate::policy::check_size("tracker CSV", bytes.len())?;
            let text = std::str::from_utf8(bytes).map_err(|e| {
                Error::invalid_input(format!("the tracker CSV is not UTF-8 text: {e}"))
            })?;
            match options.as_of {
                Some(d) => super::import_tracker_as_of(text, d, policy),
                None => super::import_tracker(text, policy),
            }
        }
        TrackerFormat::Xlsx | TrackerFormat::Ods => read_workbook(bytes, options, policy),
    }
}

#[cfg(feature = "xlsx")]
fn read_workbook(
    bytes: &[u8],
    options: &TrackerOptions<'_>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    use crate::workbook::tracker::{import_tracker_xlsx, import_tracker_xlsx_as_of};
    match options.as_of {
        Some(d) => import_tracker_xlsx_as_of(bytes, options.sheet, d, policy),
        None => import_tracker_xlsx(bytes, options.sheet, policy),
    }
}

#[cfg(not(feature = "xlsx"))]
fn read_workbook(_: &[u8], _: &TrackerOptions<'_>, _: &CohortPolicy) -> Result<Cohort> {
    Err(Error::invalid_input(
        "this build of care-core reads no workbooks (the cargo feature `xlsx` is off); give the tracker as CSV",
    ))
}

/// Reads progress notes in the format [`TrackerFormat::detect`] tells from `options` and the
/// bytes, as `care report --notes FILE` reads them: text (the `csv` format) is CSV with the
/// columns `date`, `name` (or `agent`), `note` when its first line is such a header, else one
/// `Date - Name - Note` line a line; each note's place is `line N`. A workbook's sheet
/// (`options.sheet`, default the first) is read by
/// [`read_notes_sheet`](crate::workbook::tracker::read_notes_sheet) (columns date, name,
/// note, or lines in column A; places `Notes!A7`). `options.as_of` is not used. Give the
/// notes to [`merge_notes`](crate::workbook::tracker::merge_notes), which reports duplicates.
///
/// # Errors
///
/// Those of [`TrackerFormat::detect`] and of the reader; [`Error::InvalidInput`] for text
/// that is not UTF-8, or a workbook without the `xlsx` feature.
pub fn read_notes(
    bytes: &[u8],
    options: &TrackerOptions<'_>,
) -> Result<Vec<(String, super::ProgressNote)>> {
    match TrackerFormat::detect(options.format, options.extension, bytes)? {
        TrackerFormat::Csv => {
            crate::policy::check_size("progress notes", bytes.len())?;
            let text = std::str::from_utf8(bytes).map_err(|e| {
                Error::invalid_input(format!("the progress notes are not UTF-8 text: {e}"))
            })?;
            if let Some(notes) = notes_csv(text)? {
                return Ok(notes);
            }
            let notes = super::parse_notes(text)?;
            let places = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, _)| format!("line {}", i + 1));
            Ok(places.zip(notes).collect())
        }
        TrackerFormat::Xlsx | TrackerFormat::Ods => notes_workbook(bytes, options.sheet),
    }
}

/// Progress notes from CSV text whose first non-blank line is a header naming `date`, `name`
/// (or `agent`) and `note`; `None` when it is not (the text is then `Date - Name - Note` lines).
fn notes_csv(text: &str) -> Result<Option<Vec<(String, super::ProgressNote)>>> {
    crate::policy::check_size("progress notes", text.len())?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let keys: Vec<String> = first
        .split(',')
        .map(|k| k.trim().trim_matches('"').trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| keys.iter().position(|k| names.contains(&k.as_str()));
    let (Some(dc), Some(nc), Some(tc)) = (col(&["date"]), col(&["name", "agent"]), col(&["note"]))
    else {
        return Ok(None);
    };
    let bad = |line: u64, column: &str, message: String| Error::Parse {
        format: "progress notes CSV",
        place: Some(format!("line {line}, column \"{column}\"")),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start().as_bytes());
    let skipped = (text.len() - text.trim_start().len()) as u64;
    let lead = text[..skipped as usize].matches('\n').count() as u64;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Parse {
            format: "progress notes CSV",
            place: None,
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line()) + lead;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |c: usize| record.get(c).unwrap_or("").trim();
        let date = super::notes::parse_date(get(dc)).map_err(|m| bad(line, "date", m))?;
        if get(nc).is_empty() {
            return Err(bad(line, &keys[nc], "the name is missing".to_string()));
        }
        let note = super::ProgressNote::new(date, get(nc), get(tc)).map_err(|e| match e {
            Error::Parse { message, .. } => bad(line, "note", message),
            other => other,
        })?;
        out.push((format!("line {line}"), note));
    }
    Ok(Some(out))
}

#[cfg(feature = "xlsx")]
fn notes_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Vec<(String, super::ProgressNote)>> {
    let mut book = crate::workbook::Workbook::open(bytes)?;
    crate::workbook::tracker::read_notes_sheet(&book.sheet(sheet)?)
}

#[cfg(not(feature = "xlsx"))]
fn notes_workbook(_: &[u8], _: Option<&str>) -> Result<Vec<(String, super::ProgressNote)>> {
    Err(Error::invalid_input(
        "this build of care-core reads no workbooks (the cargo feature `xlsx` is off); give the notes as text",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_read_past_the_limit_is_too_large_even_when_cut_inside_a_character() {
        // What `policy::read_file` returns for a long file of 'é': one byte past the limit.
        let cut = "é"
            .repeat(crate::policy::MAX_INPUT_BYTES / 2 + 1)
            .into_bytes();
        let cut = &cut[..crate::policy::MAX_INPUT_BYTES + 1];
        let csv = TrackerOptions {
            format: Some("csv"),
            ..Default::default()
        };
        let e = read_tracker(cut, &csv, &CohortPolicy::default()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::TooLarge, "{e}");
        assert_eq!(
            read_notes(cut, &csv).unwrap_err().kind(),
            crate::ErrorKind::TooLarge
        );
    }

    #[test]
    fn the_caller_then_the_extension_then_the_bytes_tell_the_format() {
        let zip = b"PK\x03\x04rest of a zip";
        assert_eq!(
            TrackerFormat::detect(None, None, zip).unwrap(),
            TrackerFormat::Xlsx
        );
        assert_eq!(
            TrackerFormat::detect(None, None, b"date,agent").unwrap(),
            TrackerFormat::Csv
        );
        assert_eq!(
            TrackerFormat::detect(None, None, b"").unwrap(),
            TrackerFormat::Csv
        );
        assert_eq!(
            TrackerFormat::detect(None, Some(".CSV"), zip).unwrap(),
            TrackerFormat::Csv
        );
        assert_eq!(
            TrackerFormat::detect(Some("xlsx"), Some("csv"), b"").unwrap(),
            TrackerFormat::Xlsx
        );
        // An extension that names no format leaves it to the bytes.
        assert_eq!(
            TrackerFormat::detect(None, Some("txt"), zip).unwrap(),
            TrackerFormat::Xlsx
        );
        let e = TrackerFormat::detect(Some("xslx"), None, zip).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("csv, xlsx or ods"), "{e}");
        for e in [
            TrackerFormat::detect(None, Some("xls"), b"").unwrap_err(),
            TrackerFormat::detect(Some(".XLS"), None, b"").unwrap_err(),
            TrackerFormat::detect(None, None, &[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err(),
        ] {
            assert_eq!(e.kind(), crate::ErrorKind::Parse);
            assert!(e.to_string().contains(".xls"), "{e}");
        }
    }

    #[test]
    fn an_ods_package_is_told_by_its_mimetype() {
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend([0u8; 26]);
        ods.extend(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(TrackerFormat::sniff(&ods).unwrap(), TrackerFormat::Ods);
        let mut odt = ods.clone();
        odt.truncate(38);
        odt.extend(b"application/vnd.oasis.opendocument.text");
        assert_eq!(TrackerFormat::sniff(&odt).unwrap(), TrackerFormat::Xlsx);
    }

    #[test]
    fn csv_that_is_not_text_is_an_error() {
        let e = read_tracker(
            b"date,agent\xff",
            &TrackerOptions::default(),
            &CohortPolicy::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }

    #[test]
    fn notes_text_have_line_places() {
        let text = b"2026-07-02 - Ana - ok\n\n2026-07-03 - Ben - done\n";
        let notes = read_notes(text, &TrackerOptions::default()).unwrap();
        let places: Vec<&str> = notes.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(places, ["line 1", "line 3"]);
        assert_eq!(notes[1].1.name(), "Ben");
        let e = read_notes(b"2026-07-02 Ana ok", &TrackerOptions::default()).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[cfg(feature = "xlsx")]
    #[test]
    fn notes_workbook_read_and_merged_once() {
        let mut cohort = Cohort::sample();
        let name = cohort.agents[0].name.clone();
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write(0, 0, format!("2026-07-02 - {name} - finished call 3"))
            .unwrap();
        ws.write(1, 0, format!("2026-07-02 - {name} - Finished  call 3"))
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let notes = read_notes(&bytes, &TrackerOptions::default()).unwrap();
        assert_eq!(notes.len(), 2);
        let m = crate::workbook::tracker::merge_notes(&mut cohort, notes).unwrap();
        assert_eq!((m.added, m.duplicates.len()), (1, 1));
        assert!(
            m.duplicates[0].place.ends_with("!A2"),
            "{}",
            m.duplicates[0].place
        );
    }

    #[test]
    fn notes_csv_with_columns() {
        let text = b"\nDate,Agent,Note\n2026-07-02,Ana,\"ok, done\"\n,,\n7/3/2026,Ben,TBT\n";
        let notes = read_notes(text, &TrackerOptions::default()).unwrap();
        let got: Vec<(&str, &str, &str)> = notes
            .iter()
            .map(|(p, n)| (p.as_str(), n.name(), n.note()))
            .collect();
        assert_eq!(
            got,
            [("line 3", "Ana", "ok, done"), ("line 5", "Ben", "TBT")]
        );
        assert_eq!(notes[1].1.date.to_string(), "2026-07-03");
        let e = read_notes(
            b"date,name,note\n2026-02-30,Ana,x\n",
            &TrackerOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 2, column \"date\""), "{e}");
        let e = read_notes(
            b"date,name,note\n2026-07-02,,x\n",
            &TrackerOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("column \"name\""), "{e}");
    }
}
