//! Workbooks, the team's own medium (feature `xlsx`): the tracker and progress notes read
//! from a sheet, the certifier's Call Cert Tracking workbook written and scored, and the
//! end-of-day report written as a workbook.
//!
//! - [`cells`]: a workbook's cells, read by calamine after care-core has checked the zip
//!   package's sizes (a file of at most [`MAX_WORKBOOK_BYTES`], at most
//!   [`MAX_UNPACKED_BYTES`] unpacked, at most [`MAX_CELLS`] cells a sheet). Every error names
//!   the sheet and, where there is one, the cell: `Tracker!C7`.
//! - [`tracker`]: the tracker sheet, read by the same row rules as the tracker CSV (one
//!   validation path, [`crate::cohort::tracker`]), progress notes from a sheet, and a
//!   tracker written as a workbook.
//! - [`certifier`]: the certifier's workbook for one agent: the five calls with the
//!   scorecard's items, drop-down lists and formulas; read back and scored by care-core.
//! - [`report`]: the end-of-day report, one sheet per section, each an Excel table.
//! - [`calibration`]: a calibration session read from the certifiers' filled scorecard
//!   workbooks, and a calibration's or a leniency's result written as a workbook.
//!
//! What care-core writes keeps text cells safe from formulas (the CSV export's
//! [`neutralize_csv_cell`](crate::cohort::report::neutralize_csv_cell)) and writes dates as
//! real Excel dates.

pub mod calibration;
pub mod cells;
pub mod certifier;
mod package;
pub mod report;
pub mod tracker;

pub use cells::{Cell, Sheet, SheetLayout, Value, Workbook};

use crate::error::Error;
use jiff::civil::Date;

/// The largest workbook file care-core reads: the same 16 MiB as every data file.
pub const MAX_WORKBOOK_BYTES: usize = crate::policy::MAX_INPUT_BYTES;

/// The most bytes a workbook's zip package may unpack to (a zip bomb is refused before any
/// sheet is read): 256 MiB.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// The most files a workbook's zip package may hold.
pub const MAX_PACKAGE_ENTRIES: usize = 10_000;

/// The most non-empty cells a sheet (or the shared-string table) may have: 4 million, room
/// for a 100,000-row tracker with every column filled.
pub const MAX_CELLS: usize = 4_000_000;

/// The rows of a sheet searched for the header row: 20.
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// A parse error of a workbook at `place` (`Tracker!C7`, or a sheet's name).
pub(crate) fn error(place: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Parse {
        format: "workbook",
        place: Some(place.into()),
        message: message.into(),
    }
}

/// A parse error of a workbook as a whole (its package, not a sheet).
pub(crate) fn package_error(message: impl Into<String>) -> Error {
    Error::Parse {
        format: "workbook",
        place: None,
        message: message.into(),
    }
}

/// An error of the xlsx writer.
pub(crate) fn write_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::invalid_input(format!("cannot write the workbook: {e}"))
}

const EPOCH: Date = jiff::civil::date(1899, 12, 30);

/// The Excel serial number (1900 date system) of `date`.
pub fn excel_serial(date: Date) -> f64 {
    let days = (date - EPOCH).get_days();
    f64::from(days)
}

/// The date of an Excel serial number (1900 date system; the time of day is dropped), if it
/// is a day from 1900-01-01 to 9999-12-31.
pub fn excel_date(serial: f64) -> Option<Date> {
    if !(serial.is_finite() && (1.0..2_958_466.0).contains(&serial)) {
        return None;
    }
    // Serial 25569 is 1970-01-01 (epoch day 0); days counted without calendar arithmetic
    // (a tracker has two dates a row).
    let days = serial.floor() as i32;
    crate::calendar::date_from_epoch_day(days - 25_569).filter(|d| d.year() >= 1900)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates() {
        let d = jiff::civil::date(2026, 7, 10);
        assert_eq!(excel_serial(d), 46213.0);
        assert_eq!(excel_date(46213.0), Some(d));
        assert_eq!(excel_date(46213.75), Some(d));
        assert_eq!(excel_date(0.0), None);
        assert_eq!(excel_date(f64::NAN), None);
        assert_eq!(excel_date(1e12), None);
        // The whole range, against calendar arithmetic.
        for serial in (1..2_958_466).step_by(997).chain([1, 60, 61, 2_958_465]) {
            let by_span = EPOCH
                .checked_add(jiff::Span::new().days(i64::from(serial)))
                .ok()
                .filter(|d| d.year() >= 1900);
            assert_eq!(excel_date(f64::from(serial)), by_span, "{serial}");
        }
    }
}
