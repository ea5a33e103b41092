//! The tracker sheet and progress notes from a workbook, and a tracker written as one.
//!
//! The sheet has the tracker CSV's columns ([`crate::cohort::tracker`]) under a header row
//! that may stand anywhere in the first [`HEADER_SEARCH_ROWS`] rows (title rows above it are
//! skipped); dates may be Excel dates or text, yes/no cells booleans or text, scores numbers
//! or text; blank rows are skipped. Every row below the header lands in the cohort or the
//! import fails naming the cell (`Tracker!C7`): a value under no header, merged cells, a
//! formula in a typed column (a date, number or yes/no column), an error value such as
//! `#N/A`. The rows then take the CSV's own validation path, so both formats follow one set
//! of rules.
//!
//! - [`notes`](read_notes_sheet): progress notes from a sheet, merged into a cohort;
//! - [`write`](tracker_xlsx): a tracker written as CSV or as a workbook.

mod notes;
mod write;

pub use notes::{merge_notes, read_notes_sheet, DuplicateNote, NotesMerge};
pub use write::{tracker_csv, tracker_xlsx, TrackerRow};

use super::cells::{Cell, Sheet, SheetLayout, Value, Workbook};
use super::{error, HEADER_SEARCH_ROWS};
use crate::cohort::tracker::{
    build, col_name, column_of, missing_required, parse_row, Col, Field, Fold, Places, Pushed, Row,
};
use crate::cohort::{Cohort, CohortPolicy};
use crate::error::{Error, Result};
use jiff::civil::Date;

/// The tracker sheet's usual name; without it a workbook's first sheet is read.
pub const TRACKER_SHEET: &str = "Tracker";

/// The progress-notes sheet's usual name.
pub const NOTES_SHEET: &str = "Notes";

fn typed(col: Col) -> bool {
    !matches!(col, Col::Agent | Col::Certifier | Col::Excused | Col::Note)
}

/// Imports the tracker sheet of an xlsx workbook: `sheet`, else the sheet named
/// [`TRACKER_SHEET`], else the first sheet. See the [module docs](self). The sheet is read
/// row by row ([`Workbook::stream_rows`]): its cells are never all in memory at once.
///
/// # Errors
///
/// Everything [`Workbook::open`] refuses; [`Error::UnknownName`] for a missing sheet;
/// [`Error::Parse`] naming the sheet and cell (`Tracker!C7`) for a bad cell, under the
/// same rules as [`import_tracker`](crate::cohort::import_tracker).
pub fn import_tracker_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    import_book(bytes, sheet, None, policy)
}

/// [`import_tracker_xlsx`] as the tracker stood at the end of `as_of`: only rows dated on or
/// before it are applied, as [`import_tracker_as_of`](crate::cohort::import_tracker_as_of)
/// does for a CSV. Every row is still read and checked.
///
/// # Errors
///
/// As [`import_tracker_xlsx`].
pub fn import_tracker_xlsx_as_of(
    bytes: &[u8],
    sheet: Option<&str>,
    as_of: jiff::civil::Date,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    import_book(bytes, sheet, Some(as_of), policy)
}

/// [`import_tracker_xlsx`] (with `as_of`, [`import_tracker_xlsx_as_of`]) from a reader, a
/// file in a `BufReader` say: the workbook is read as it is needed ([`Workbook::from_reader`]),
/// never held whole, which keeps a large tracker's import smaller by the file's size. The
/// same cohort and the same errors as from the file's bytes.
///
/// # Errors
///
/// As [`import_tracker_xlsx`].
pub fn import_tracker_xlsx_from_reader<R: std::io::Read + std::io::Seek>(
    reader: R,
    sheet: Option<&str>,
    as_of: Option<Date>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    policy.validate()?;
    read_book(Workbook::from_reader(reader)?, sheet, as_of, policy)
}

fn import_book(
    bytes: &[u8],
    sheet: Option<&str>,
    as_of: Option<Date>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    policy.validate()?;
    read_book(Workbook::open(bytes)?, sheet, as_of, policy)
}

fn read_book(
    mut book: Workbook<'_>,
    sheet: Option<&str>,
    as_of: Option<Date>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    let name = match sheet {
        Some(s) => Some(s),
        None if book.has_sheet(TRACKER_SHEET) => Some(TRACKER_SHEET),
        None => None,
    };
    let name = book.resolve(name)?;
    // Each row is folded into its agent as it is read; an agent's rows out of date order
    // stop the fold, and the sheet is read again with its rows held and sorted.
    let mut table = Table::new(as_of, policy, true);
    let streamed = book.stream(&name, |layout, r, cells| table.row(layout, r, cells));
    if table.out_of_order {
        let mut table = Table::new(as_of, policy, false);
        return match book.stream(&name, |layout, r, cells| table.row(layout, r, cells))? {
            Ok(layout) => table.finish(&layout),
            Err(_) => import_sheet(&book.sheet(Some(&name))?, as_of, policy),
        };
    }
    match streamed? {
        Ok(layout) => {
            // The workbook (its shared strings, the package's index) is let go before the
            // agents are finished, where the import's memory peaks.
            drop(book);
            table.finish(&layout)
        }
        // Sheet rows out of order in the file (no spreadsheet program writes them, a script
        // may): the sheet is read whole and sorted instead.
        Err(_) => import_sheet(&book.sheet(Some(&name))?, as_of, policy),
    }
}

/// Imports a tracker from a sheet already read.
///
/// # Errors
///
/// As [`import_tracker_xlsx`].
pub fn import_tracker_sheet(sheet: &Sheet, policy: &CohortPolicy) -> Result<Cohort> {
    policy.validate()?;
    import_sheet(sheet, None, policy)
}

fn import_sheet(sheet: &Sheet, as_of: Option<Date>, policy: &CohortPolicy) -> Result<Cohort> {
    let layout = SheetLayout {
        name: sheet.name.clone(),
        formulas: sheet.formulas.clone(),
        merged: sheet.merged.clone(),
    };
    let mut table = Table::new(as_of, policy, false);
    for (r, cells) in sheet.rows() {
        table.row(&layout, r, cells)?;
    }
    table.finish(&layout)
}

/// Where a [`Table`]'s parsed rows go.
// One per import: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
enum Sink<'p> {
    /// Not yet chosen: the header is not found.
    None,
    /// Folded into their agents as they come.
    Fold(Fold<'p>),
    /// Held, for [`build`] to sort.
    Rows(Vec<Row>),
}

/// The tracker table read one sheet row at a time: the header row searched for, then each
/// row below it parsed by the CSV's row rules and folded into its agent (or held, when
/// `fold` is off).
struct Table<'p> {
    policy: &'p CohortPolicy,
    as_of: Option<Date>,
    fold: bool,
    /// The header's row and where each tracker column is, once found.
    header: Option<(u32, Places)>,
    sink: Sink<'p>,
    /// The fold met an agent's rows out of date order: read the sheet again without it.
    out_of_order: bool,
}

impl<'p> Table<'p> {
    fn new(as_of: Option<Date>, policy: &'p CohortPolicy, fold: bool) -> Self {
        Table {
            policy,
            as_of,
            fold,
            header: None,
            sink: Sink::None,
            out_of_order: false,
        }
    }

    fn no_header(layout: &SheetLayout) -> Error {
        error(
            crate::cell_ref::sheet_prefix(&layout.name),
            format!(
                "no header row naming date, agent and start in the first {HEADER_SEARCH_ROWS} rows"
            ),
        )
    }

    /// Takes the sheet's row `r` (its non-empty cells, in column order).
    fn row(&mut self, layout: &SheetLayout, r: u32, cells: &[Cell]) -> Result<()> {
        let policy = self.policy;
        let Some((_, places)) = &self.header else {
            if r >= HEADER_SEARCH_ROWS {
                return Err(Self::no_header(layout));
            }
            let cols: Vec<Col> = cells
                .iter()
                .filter_map(|c| match &c.value {
                    Value::Text(t) => column_of(t, policy).ok(),
                    _ => None,
                })
                .collect();
            if missing_required(&cols).is_none() {
                let places = header_places(layout, cells, policy)?;
                self.sink = if self.fold {
                    Sink::Fold(Fold::new(policy, places.clone()))
                } else {
                    Sink::Rows(Vec::new())
                };
                self.header = Some((r, places));
                layout.refuse_merged_from(r)?;
            }
            return Ok(());
        };
        let Places::Sheet { columns, .. } = places else {
            return Ok(());
        };
        let mut fields = Vec::with_capacity(cells.len());
        for c in cells {
            let place = || layout.place(c.row, c.col);
            let Some((col, _)) = columns.iter().find(|(_, i)| *i == c.col) else {
                if matches!(&c.value, Value::Text(t) if t.trim().is_empty()) {
                    continue;
                }
                return Err(error(
                    place(),
                    format!(
                        "{:?} stands under no column header; give the column a header or clear the cell",
                        crate::suggest::clip(&c.value.to_text())
                    ),
                ));
            };
            if typed(*col) && layout.formulas.contains(&(c.row, c.col)) {
                return Err(error(
                    place(),
                    format!(
                        "a formula in the {:?} column; paste its value instead",
                        col_name(*col)
                    ),
                ));
            }
            let field = match &c.value {
                Value::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() {
                        continue;
                    }
                    Field::Text(t)
                }
                Value::Number(n) => Field::Number(*n),
                Value::Bool(b) => Field::Bool(*b),
                Value::Date(s) => Field::Date(super::excel_date(*s).ok_or_else(|| {
                    error(place(), format!("{s} is not a date from 1900 to 9999"))
                })?),
                Value::Error(e) => {
                    return Err(error(place(), format!("the cell shows the error {e}")))
                }
            };
            fields.push((*col, field));
        }
        if fields.is_empty() {
            return Ok(());
        }
        let row = parse_row(u64::from(r) + 1, fields, places, policy)?;
        if self.as_of.is_none_or(|d| row.date.is_some_and(|r| r <= d)) {
            match &mut self.sink {
                Sink::Fold(fold) => {
                    if fold.push(row) == Pushed::OutOfOrder {
                        self.out_of_order = true;
                        return Err(Error::invalid_input("an agent's rows out of date order"));
                    }
                }
                Sink::Rows(rows) => rows.push(row),
                Sink::None => {}
            }
        }
        Ok(())
    }

    /// The cohort of the rows read.
    fn finish(self, layout: &SheetLayout) -> Result<Cohort> {
        let Some((_, places)) = self.header else {
            return Err(Self::no_header(layout));
        };
        match self.sink {
            Sink::Fold(fold) => fold.finish(),
            Sink::Rows(mut rows) => {
                rows.shrink_to_fit();
                build(rows, self.policy, &places)
            }
            Sink::None => Err(Self::no_header(layout)),
        }
    }
}

/// The tracker columns of the header row `cells`.
fn header_places(layout: &SheetLayout, cells: &[Cell], policy: &CohortPolicy) -> Result<Places> {
    let mut columns: Vec<(Col, u32)> = Vec::new();
    for c in cells {
        let text = c.value.to_text();
        let col = column_of(&text, policy).map_err(|m| {
            error(
                layout.place(c.row, c.col),
                format!("{:?}: {m}", crate::suggest::clip(&text)),
            )
        })?;
        if columns.iter().any(|(k, _)| *k == col) {
            return Err(error(
                layout.place(c.row, c.col),
                format!("the column {:?} is given twice", col_name(col)),
            ));
        }
        columns.push((col, c.col));
    }
    Ok(Places::Sheet {
        sheet: layout.name.clone(),
        columns,
    })
}

#[cfg(test)]
pub(crate) mod tests;
