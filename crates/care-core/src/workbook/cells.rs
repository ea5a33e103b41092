//! A workbook's cells: the zip package checked, then read with calamine.
//!
//! Before calamine sees a byte, [`Workbook::open`] checks the file: at most
//! [`MAX_WORKBOOK_BYTES`](super::MAX_WORKBOOK_BYTES); not an old binary `.xls` or a password-protected workbook (both
//! are OLE compound files, told apart by the encryption stream); a zip package that opens,
//! with at most [`MAX_PACKAGE_ENTRIES`](super::MAX_PACKAGE_ENTRIES) files that unpack (really, not as declared) to at most
//! [`MAX_UNPACKED_BYTES`](super::MAX_UNPACKED_BYTES); a shared-string table that declares at most [`MAX_CELLS`] strings.
//! A sheet is then read cell by cell (never as a dense rectangle, so a huge declared
//! dimension costs nothing), up to [`MAX_CELLS`] cells, with its formulas and merged regions.

pub use super::package::check_package;
use super::package::scan_package;
use super::{error, excel_date, package_error, HEADER_SEARCH_ROWS, MAX_CELLS};
use crate::cell_ref::sheet_cell;
use crate::error::{Error, Result};
use calamine::{DataRef, Reader, Xlsx};
use jiff::civil::Date;
use std::collections::HashSet;
use std::io::{Cursor, Read, Seek};

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date (a cell formatted as a date or time), as an Excel serial number in the 1900
    /// date system (a 1904 workbook's serials are converted).
    Date(f64),
    /// An error value such as `#N/A`.
    Error(String),
}

impl Value {
    /// The value as a date: a date cell, or text in one of the tracker's date forms.
    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(s) => excel_date(*s),
            Value::Text(t) => crate::cohort::notes::parse_date(t).ok(),
            _ => None,
        }
    }

    /// The value as text, as a person reads it (numbers without a trailing `.0`).
    pub fn to_text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(s) => excel_date(*s).map_or_else(|| s.to_string(), |d| d.to_string()),
            Value::Error(e) => e.clone(),
        }
    }
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The 0-based row.
    pub row: u32,
    /// The 0-based column.
    pub col: u32,
    /// The value (a formula's cached value).
    pub value: Value,
}

/// A merged region: 0-based first and last row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

/// One sheet's non-empty cells in row order, its formula cells and its merged regions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The non-empty cells, sorted by row then column.
    pub cells: Vec<Cell>,
    /// The cells that hold a formula (row, column).
    pub formulas: HashSet<(u32, u32)>,
    /// The merged regions.
    pub merged: Vec<Merged>,
}

impl Sheet {
    /// `Sheet!C7` for a 0-based row and column of this sheet.
    pub fn place(&self, row: u32, col: u32) -> String {
        sheet_cell(&self.name, row, col)
    }

    /// The cell at `row`, `col`, if it is not empty.
    pub fn get(&self, row: u32, col: u32) -> Option<&Value> {
        self.cells
            .binary_search_by(|c| (c.row, c.col).cmp(&(row, col)))
            .ok()
            .and_then(|i| self.cells.get(i))
            .map(|c| &c.value)
    }

    /// The text of a cell, trimmed; `None` when empty or not text.
    pub fn text(&self, row: u32, col: u32) -> Option<&str> {
        match self.get(row, col) {
            Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        }
    }

    /// The rows, each as its cells, in order (rows without cells are not listed).
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Cell])> {
        self.cells
            .chunk_by(|a, b| a.row == b.row)
            .filter_map(|chunk| chunk.first().map(|c| (c.row, chunk)))
    }

    /// The first row among the first [`HEADER_SEARCH_ROWS`] for which `is_header` holds.
    pub fn find_header(&self, is_header: impl Fn(&[Cell]) -> bool) -> Option<(u32, &[Cell])> {
        self.rows()
            .take_while(|(r, _)| *r < HEADER_SEARCH_ROWS)
            .find(|(_, cells)| is_header(cells))
    }

    /// An error if a merged region touches the rows from `first_row` on: merged cells there
    /// would hide which row or column a value belongs to.
    pub fn refuse_merged_from(&self, first_row: u32) -> Result<()> {
        refuse_merged(&self.name, &self.merged, first_row)
    }
}

/// What is known of a sheet before its cells are read row by row
/// ([`Workbook::stream_rows`]): its name, formula cells and merged regions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SheetLayout {
    /// The sheet's name.
    pub name: String,
    /// The cells that hold a formula (row, column).
    pub formulas: HashSet<(u32, u32)>,
    /// The merged regions.
    pub merged: Vec<Merged>,
}

impl SheetLayout {
    /// `Sheet!C7` for a 0-based row and column of this sheet.
    pub fn place(&self, row: u32, col: u32) -> String {
        sheet_cell(&self.name, row, col)
    }

    /// As [`Sheet::refuse_merged_from`].
    pub fn refuse_merged_from(&self, first_row: u32) -> Result<()> {
        refuse_merged(&self.name, &self.merged, first_row)
    }
}

fn refuse_merged(sheet: &str, merged: &[Merged], first_row: u32) -> Result<()> {
    if let Some(m) = merged.iter().find(|m| m.last_row >= first_row) {
        return Err(error(
            sheet_cell(sheet, m.first_row, m.first_col),
            format!(
                "merged cells ({}:{}) in the table; unmerge them and give each row its own values",
                crate::cell_ref::column_letters(m.first_col) + &(m.first_row + 1).to_string(),
                crate::cell_ref::column_letters(m.last_col) + &(m.last_row + 1).to_string()
            ),
        ));
    }
    Ok(())
}

/// What a workbook is read from: bytes in memory, or a file read as it is needed.
trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// An opened workbook (xlsx), its package checked.
pub struct Workbook<'a> {
    xlsx: Xlsx<Box<dyn ReadSeek + 'a>>,
    /// Whether any part of the package has a formula (an `<f>` tag): when none has, a
    /// sheet is read in one pass, without the pass that finds formula cells.
    has_formulas: bool,
}

impl std::fmt::Debug for Workbook<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("sheets", &self.sheet_names())
            .finish()
    }
}

fn xlsx_error(place: &str, e: calamine::XlsxError) -> Error {
    match e {
        calamine::XlsxError::Password => package_error(
            "the workbook is password-protected; remove the password in Excel and save it again",
        ),
        other => error(place, format!("cannot read the sheet: {other}")),
    }
}

impl<'a> Workbook<'a> {
    /// Checks the package ([`check_package`]) and opens the workbook.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] for a file or package over the limits; [`Error::Parse`] for a file
    /// that is not an xlsx workbook (a corrupt zip, an old `.xls`, a password-protected file).
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>> {
        Self::from_reader(Cursor::new(bytes))
    }

    /// [`open`](Self::open) from a reader, a file say (in a `BufReader`): the package is
    /// read as it is needed and never held whole, so a large workbook costs its cells and
    /// shared strings but not its bytes. The size limit is checked first, from the reader's
    /// end.
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open); [`Error::Parse`] for a reader that fails.
    pub fn from_reader<R: Read + Seek + 'a>(mut reader: R) -> Result<Workbook<'a>> {
        let scan = scan_package(&mut reader)?;
        reader
            .rewind()
            .map_err(|e| package_error(format!("the workbook cannot be read: {e}")))?;
        let reader: Box<dyn ReadSeek + 'a> = Box::new(reader);
        let xlsx = Xlsx::new(reader).map_err(|e| match e {
            calamine::XlsxError::Password => package_error(
                "the workbook is password-protected; remove the password in Excel and save it again",
            ),
            other => package_error(format!("not a readable Excel workbook: {other}")),
        })?;
        Ok(Workbook {
            xlsx,
            has_formulas: scan.has_formulas,
        })
    }

    /// The sheets' names, in order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    /// The sheet named `name` (exactly, or ignoring case); when `name` is `None`, the first
    /// sheet.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] (with the closest sheet) for a sheet the workbook lacks;
    /// [`Error::TooLarge`] for more than [`MAX_CELLS`] cells; [`Error::Parse`] naming the
    /// sheet when its XML cannot be read.
    pub fn sheet(&mut self, name: Option<&str>) -> Result<Sheet> {
        let name = self.resolve(name)?;
        self.read_sheet(&name)
    }

    /// Whether the workbook has a sheet named `name` (ignoring case).
    pub fn has_sheet(&self, name: &str) -> bool {
        self.sheet_names()
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
    }

    /// The name of the sheet [`sheet`](Self::sheet) reads for `name`.
    pub(crate) fn resolve(&self, name: Option<&str>) -> Result<String> {
        let names = self.sheet_names();
        let found = match name {
            None => names.first().cloned(),
            Some(n) => names
                .iter()
                .find(|s| s.as_str() == n)
                .or_else(|| names.iter().find(|s| s.eq_ignore_ascii_case(n)))
                .cloned(),
        };
        found.ok_or_else(|| {
            Error::unknown_name(
                "sheet",
                name.unwrap_or("(first sheet)"),
                names.iter().map(String::as_str),
            )
        })
    }

    fn read_sheet(&mut self, name: &str) -> Result<Sheet> {
        let layout = self.layout(name)?;
        let mut cells = Vec::new();
        self.read_cells(&layout, |cell| {
            cells.push(cell);
            Ok(())
        })?;
        cells.sort_by_key(|c| (c.row, c.col));
        cells.dedup_by_key(|c| (c.row, c.col));
        Ok(Sheet {
            name: layout.name,
            cells,
            formulas: layout.formulas,
            merged: layout.merged,
        })
    }

    /// Reads the sheet named `name` (as [`sheet`](Self::sheet) finds it) row by row, without
    /// holding more than one row's cells: first its [`SheetLayout`] (formula cells, merged
    /// regions), then `on_row(layout, row, cells)` for each row with a non-empty cell, its
    /// cells in column order (a cell given twice counts once, as in [`Sheet`]). An error of
    /// `on_row` stops the reading and is returned. Rows must come in order, as every
    /// spreadsheet program writes them: a row that comes after a later one is an error naming
    /// its first cell ([`sheet`](Self::sheet) reads such a sheet). At most [`MAX_CELLS`]
    /// cells.
    ///
    /// # Errors
    ///
    /// As [`sheet`](Self::sheet), and `on_row`'s errors.
    pub fn stream_rows(
        &mut self,
        name: Option<&str>,
        on_row: impl FnMut(&SheetLayout, u32, &[Cell]) -> Result<()>,
    ) -> Result<SheetLayout> {
        let name = self.resolve(name)?;
        match self.stream(&name, on_row)? {
            Ok(layout) => Ok(layout),
            Err((layout, (r, c), (r0, c0))) => Err(error(
                layout.place(r, c),
                format!(
                    "the row comes after {} in the file: the sheet's rows are out of order; \
                     open the workbook in a spreadsheet program and save it again",
                    layout.place(r0, c0)
                ),
            )),
        }
    }

    /// [`stream_rows`](Self::stream_rows) of the sheet named exactly `name`; `Ok(Err(..))`
    /// when a row comes after a later one: the layout, that cell and the cell before it.
    #[allow(clippy::type_complexity)]
    pub(crate) fn stream(
        &mut self,
        name: &str,
        mut on_row: impl FnMut(&SheetLayout, u32, &[Cell]) -> Result<()>,
    ) -> Result<std::result::Result<SheetLayout, (SheetLayout, (u32, u32), (u32, u32))>> {
        let layout = self.layout(name)?;
        let mut row: Vec<Cell> = Vec::new();
        let mut flush = |row: &mut Vec<Cell>, layout: &SheetLayout| -> Result<()> {
            if let Some(r) = row.first().map(|c| c.row) {
                row.sort_by_key(|c| c.col);
                row.dedup_by_key(|c| c.col);
                on_row(layout, r, row)?;
                row.clear();
            }
            Ok(())
        };
        let mut backwards = None;
        self.read_cells(&layout, |cell| {
            match row.last() {
                Some(last) if cell.row < last.row => {
                    backwards = Some(((cell.row, cell.col), (last.row, last.col)));
                    return Err(Error::invalid_input("rows out of order"));
                }
                Some(last) if cell.row > last.row => flush(&mut row, &layout)?,
                _ => {}
            }
            row.push(cell);
            Ok(())
        })
        .or_else(|e| if backwards.is_some() { Ok(()) } else { Err(e) })?;
        if let Some((at, before)) = backwards {
            return Ok(Err((layout, at, before)));
        }
        flush(&mut row, &layout)?;
        Ok(Ok(layout))
    }

    /// Each non-empty cell of the sheet of `layout`, in the file's order, to `on_cell`; at
    /// most [`MAX_CELLS`].
    fn read_cells(
        &mut self,
        layout: &SheetLayout,
        mut on_cell: impl FnMut(Cell) -> Result<()>,
    ) -> Result<()> {
        let is_1904 = self.xlsx.has_1904_epoch();
        let place = crate::cell_ref::sheet_prefix(&layout.name);
        let mut reader = self
            .xlsx
            .worksheet_cells_reader(&layout.name)
            .map_err(|e| xlsx_error(&place, e))?;
        let mut count: usize = 0;
        while let Some(cell) = reader.next_cell().map_err(|e| xlsx_error(&place, e))? {
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::Empty => continue,
                DataRef::String(s) if s.is_empty() => continue,
                DataRef::SharedString("") => continue,
                DataRef::String(s) => Value::Text(s.clone()),
                DataRef::SharedString(s) => Value::Text((*s).to_string()),
                DataRef::Float(f) => Value::Number(*f),
                DataRef::Int(i) => Value::Number(*i as f64),
                DataRef::Bool(b) => Value::Bool(*b),
                DataRef::DateTime(d) => {
                    let s = d.as_f64();
                    Value::Date(if is_1904 { s + 1462.0 } else { s })
                }
                DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
                DataRef::Error(e) => Value::Error(e.to_string()),
            };
            count += 1;
            if count > MAX_CELLS {
                return Err(Error::TooLarge {
                    what: "sheet cells",
                    limit: MAX_CELLS,
                    actual: count,
                });
            }
            on_cell(Cell { row, col, value })?;
        }
        Ok(())
    }

    /// The formula cells and merged regions of the sheet `name` (its exact name).
    fn layout(&mut self, name: &str) -> Result<SheetLayout> {
        let place = crate::cell_ref::sheet_prefix(name);
        let mut formulas = HashSet::new();
        if self.has_formulas {
            let mut reader = self
                .xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| xlsx_error(&place, e))?;
            while let Some(cell) = reader.next_formula().map_err(|e| xlsx_error(&place, e))? {
                if !cell.get_value().is_empty() {
                    if formulas.len() >= MAX_CELLS {
                        return Err(Error::TooLarge {
                            what: "sheet formulas",
                            limit: MAX_CELLS,
                            actual: formulas.len() + 1,
                        });
                    }
                    formulas.insert(cell.get_position());
                }
            }
        }
        let merged = match self.xlsx.worksheet_merge_cells(name) {
            Some(Ok(dims)) => dims
                .iter()
                .map(|d| Merged {
                    first_row: d.start.0,
                    first_col: d.start.1,
                    last_row: d.end.0,
                    last_col: d.end.1,
                })
                .collect(),
            Some(Err(e)) => return Err(xlsx_error(&place, e)),
            None => Vec::new(),
        };
        Ok(SheetLayout {
            name: name.to_string(),
            formulas,
            merged,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::package::RefScanner;

    fn bad(xml: &str) -> Option<String> {
        let mut s = RefScanner::default();
        // In two pieces: a reference may be split between reads.
        let (a, b) = xml.split_at(xml.len() / 2);
        s.scan(a.as_bytes());
        s.scan(b.as_bytes());
        s.bad
    }

    fn formula(xml: &str) -> bool {
        let mut s = RefScanner::default();
        s.scan(xml.as_bytes());
        s.formula
    }

    #[test]
    fn formula_tags_are_seen() {
        assert!(formula(r#"<c r="A1"><f>SUM(B1:B2)</f><v>3</v></c>"#));
        assert!(formula(r#"<c r="A1"><x:f t="shared" si="0"/></c>"#));
        assert!(!formula(
            r#"<c r="A1" t="s"><v>0</v></c><fonts><font/></fonts><t>f</t>"#
        ));
    }

    #[test]
    fn an_ods_file_is_refused_by_name() {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", opts).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        z.start_file("content.xml", opts).unwrap();
        z.write_all(b"<office:document-content/>").unwrap();
        let bytes = z.finish().unwrap().into_inner();
        let e = super::check_package(&bytes).unwrap_err();
        assert!(e.to_string().contains(".ods"), "{e}");
    }

    #[test]
    fn references_beyond_the_last_cell_are_found() {
        assert_eq!(
            bad(r#"<dimension ref="A1:XFD1048576"/><row r="7"><c r="C7" s="1">"#),
            None
        );
        assert_eq!(
            bad(r#"<row r="12345678901"><c r="A1"/></row>"#).as_deref(),
            Some("12345678901")
        );
        assert_eq!(bad("<c\n r = 'ABCDE1'/>").as_deref(), Some("ABCDE1"));
        assert_eq!(
            bad(r#"<mergeCell ref="A1:B99999999"/>"#).as_deref(),
            Some("A1:B99999999")
        );
        // A range that ends before it starts.
        assert_eq!(
            bad(r#"<dimension ref="Q1:M17"/>"#).as_deref(),
            Some("Q1:M17")
        );
        assert_eq!(bad(r#"<mergeCell ref="A9:B2"/>"#).as_deref(), Some("A9:B2"));
        assert_eq!(bad(r#"<x ref="A1:B2 C3:C3 AA10:AB11"/>"#), None);
        // Other attributes and text between tags are not references.
        assert_eq!(
            bad(r#"<x sqref="A123456789" rr="A123456789" r:id="rId1"/>"#),
            None
        );
        assert_eq!(bad(r#"<t> r="AAAAAAAA99999999"</t>"#), None);
    }
}
