//! A workbook file checked before calamine sees a byte: size, kind, the zip package's real
//! unpacked size, cell references and the shared-string count (see [`super::cells`]).

use super::{
    package_error, MAX_CELLS, MAX_PACKAGE_ENTRIES, MAX_UNPACKED_BYTES, MAX_WORKBOOK_BYTES,
};
use crate::error::{Error, Result};
use std::io::{Cursor, Read, Seek, SeekFrom};

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Checks a workbook file before any of it is parsed: size, kind, the zip package's real
/// unpacked size and the shared-string count. See the [module docs](super::cells).
pub fn check_package(bytes: &[u8]) -> Result<()> {
    scan_package(&mut Cursor::new(bytes)).map(|_| ())
}

/// What [`check_package`] learns of a package besides its checks.
pub(super) struct PackageScan {
    /// Whether any part has a formula.
    pub(super) has_formulas: bool,
}

/// [`check_package`], telling also whether any part has a formula; the package is read
/// from `r` (its size from its end, before anything is read).
pub(super) fn scan_package<R: Read + Seek>(r: &mut R) -> Result<PackageScan> {
    let unreadable = |e: std::io::Error| package_error(format!("the workbook cannot be read: {e}"));
    let len = r.seek(SeekFrom::End(0)).map_err(unreadable)?;
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if len > MAX_WORKBOOK_BYTES {
        return Err(Error::TooLarge {
            what: "workbook",
            limit: MAX_WORKBOOK_BYTES,
            actual: len,
        });
    }
    r.rewind().map_err(unreadable)?;
    let mut magic = Vec::with_capacity(OLE_MAGIC.len());
    (&mut *r)
        .take(OLE_MAGIC.len() as u64)
        .read_to_end(&mut magic)
        .map_err(unreadable)?;
    if magic.starts_with(&OLE_MAGIC) {
        // An old .xls or a password-protected workbook (within the size limit): told apart
        // by its streams' names.
        let mut bytes = magic;
        r.read_to_end(&mut bytes).map_err(unreadable)?;
        return Err(crate::cohort::source::ole_error(&bytes));
    }
    if !magic.starts_with(b"PK") {
        return Err(package_error(
            "not an Excel workbook (.xlsx): the file is not a zip package",
        ));
    }
    r.rewind().map_err(unreadable)?;
    let mut zip = zip::ZipArchive::new(&mut *r)
        .map_err(|e| package_error(format!("the zip package is corrupt: {e}")))?;
    if zip.len() > MAX_PACKAGE_ENTRIES {
        return Err(Error::TooLarge {
            what: "workbook package (files)",
            limit: MAX_PACKAGE_ENTRIES,
            actual: zip.len(),
        });
    }
    // An OpenDocument package names its kind in its first part, `mimetype`.
    if let Ok(file) = zip.by_name("mimetype") {
        let mut kind = Vec::new();
        let _ = file.take(80).read_to_end(&mut kind);
        if kind.starts_with(b"application/vnd.oasis.opendocument") {
            return Err(package_error(
                "this is an OpenDocument file (.ods); save it as an Excel workbook (.xlsx)",
            ));
        }
    }
    let limit = MAX_UNPACKED_BYTES;
    let too_large = |actual: u64| Error::TooLarge {
        what: "workbook unpacked",
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
        actual: usize::try_from(actual).unwrap_or(usize::MAX),
    };
    let mut total: u64 = 0;
    let mut has_formulas = false;
    for i in 0..zip.len() {
        let mut file = zip
            .by_index(i)
            .map_err(|e| package_error(format!("the zip package is corrupt: {e}")))?;
        if file.encrypted() {
            return Err(package_error(
                "the workbook is password-protected; remove the password in Excel and save it again",
            ));
        }
        let declared = file.size();
        if total.saturating_add(declared) > limit {
            return Err(too_large(total.saturating_add(declared)));
        }
        let name = file.name().to_string();
        let left = limit - total;
        let mut head = Vec::new();
        let mut reader = (&mut file).take(left + 1);
        let mut refs = RefScanner::default();
        let corrupt =
            |e: std::io::Error| package_error(format!("the zip package is corrupt ({name}): {e}"));
        let counted = if name == "xl/sharedStrings.xml" {
            (&mut reader)
                .take(4096)
                .read_to_end(&mut head)
                .map_err(corrupt)?;
            refs.scan(&head);
            let rest = std::io::copy(&mut reader, &mut refs).map_err(corrupt)?;
            head.len() as u64 + rest
        } else {
            std::io::copy(&mut reader, &mut refs).map_err(corrupt)?
        };
        total = total.saturating_add(counted);
        if total > limit {
            return Err(too_large(total));
        }
        has_formulas |= refs.formula;
        if let Some(bad) = refs.bad {
            return Err(package_error(format!(
                "{name}: {bad:?} is not a cell or range a sheet can have (the last cell is \
                 XFD1048576, and a range ends after it starts)"
            )));
        }
        if !head.is_empty() {
            check_shared_strings(&head)?;
        }
    }
    Ok(PackageScan { has_formulas })
}

/// Finds cell references (the `r` and `ref` attributes of the package's XML tags) with more
/// than 3 letters or 7 digits, beyond Excel's last cell `XFD1048576`. calamine adds up such a
/// reference's digits in a `u32` without checking, so one is refused before calamine parses
/// it. Bytes are scanned as they are unpacked; text between tags is not looked at.
#[derive(Default)]
pub(super) struct RefScanner {
    state: RefState,
    in_tag: bool,
    letters: u8,
    digits: u8,
    token: String,
    /// The first reference found beyond the last cell (its first 32 characters).
    pub(super) bad: Option<String>,
    /// The name of the tag being read, up to 8 bytes (`None` past them or once it ended).
    tag_name: Option<([u8; 8], usize)>,
    /// Whether an `<f>` tag (a formula, with or without a namespace prefix) was seen.
    pub(super) formula: bool,
    /// The column and row of the reference being read (saturating).
    col: u32,
    row: u32,
    /// After a `:`, the column and row of the range's start.
    range_start: Option<(u32, u32)>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum RefState {
    #[default]
    Other,
    Space,
    /// `r`, `re` or `ref` read after a space.
    Name(u8),
    AfterName,
    AfterEq,
    Value(u8),
}

impl RefScanner {
    /// The end of one cell reference: too long, or the end of a range (`Q1:M17`) before its
    /// start, which calamine subtracts without checking.
    fn end_part(&mut self) {
        let reversed = self
            .range_start
            .is_some_and(|(col, row)| self.col < col || self.row < row);
        if self.bad.is_none() && (self.letters > 3 || self.digits > 7 || reversed) {
            self.bad = Some(self.token.clone());
        }
        self.range_start = None;
        self.letters = 0;
        self.digits = 0;
        self.col = 0;
        self.row = 0;
    }

    /// The end of a reference or range (a space or the attribute's end).
    fn end_token(&mut self) {
        self.end_part();
        self.token.clear();
    }

    pub(super) fn scan(&mut self, mut bytes: &[u8]) {
        use RefState::*;
        while let Some((&b, rest)) = bytes.split_first() {
            bytes = rest;
            if self.bad.is_some() {
                return;
            }
            if !self.in_tag && b != b'<' {
                // Text between tags: skip to the next tag.
                match bytes.iter().position(|&c| c == b'<') {
                    Some(i) => bytes = &bytes[i..],
                    None => return,
                }
                continue;
            }
            let space = matches!(b, b' ' | b'\t' | b'\r' | b'\n');
            if let Value(quote) = self.state {
                if b == quote {
                    self.end_token();
                    self.state = Other;
                } else if space {
                    self.end_token();
                } else if b == b':' {
                    let start = (self.col, self.row);
                    self.end_part();
                    self.range_start = Some(start);
                    if self.token.len() < 32 {
                        self.token.push(':');
                    }
                } else {
                    if b.is_ascii_alphabetic() {
                        self.letters = self.letters.saturating_add(1);
                        let v = u32::from(b.to_ascii_uppercase() - b'A') + 1;
                        self.col = self.col.saturating_mul(26).saturating_add(v);
                    } else if b.is_ascii_digit() {
                        self.digits = self.digits.saturating_add(1);
                        let v = u32::from(b - b'0');
                        self.row = self.row.saturating_mul(10).saturating_add(v);
                    }
                    if self.token.len() < 32 {
                        self.token.push(char::from(b));
                    }
                }
                continue;
            }
            if let Some((name, len)) = &mut self.tag_name {
                if matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n') {
                    let name = &name[..*len];
                    if name == b"f" || name.ends_with(b":f") {
                        self.formula = true;
                    }
                    self.tag_name = None;
                } else if *len < 8 {
                    name[*len] = b;
                    *len += 1;
                } else {
                    self.tag_name = None;
                }
            }
            if b == b'<' {
                self.in_tag = true;
                self.state = Other;
                self.tag_name = Some(([0; 8], 0));
                continue;
            }
            if b == b'>' {
                self.in_tag = false;
                self.state = Other;
                continue;
            }
            if !self.in_tag {
                continue;
            }
            self.state = match (self.state, b) {
                (_, b'"' | b'\'') if self.state == AfterEq => Value(b),
                (Space | AfterName | AfterEq, _) if space => self.state,
                (Space, b'r') => Name(1),
                (Name(1), b'e') => Name(2),
                (Name(2), b'f') => Name(3),
                (Name(1 | 3), _) if space => AfterName,
                (Name(1 | 3) | AfterName, b'=') => AfterEq,
                (_, _) if space => Space,
                _ => Other,
            };
        }
    }
}

impl std::io::Write for RefScanner {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.scan(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The shared-string table's declared counts, which calamine reserves room for.
fn check_shared_strings(head: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(head);
    for attr in ["uniqueCount=\"", "count=\""] {
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| t.find(attr)) {
            let start = from + i + attr.len();
            let digits: String = text
                .get(start..)
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let n: u128 = digits.parse().unwrap_or(0);
            if n > MAX_CELLS as u128 || digits.len() > 20 {
                return Err(Error::TooLarge {
                    what: "workbook shared-string table",
                    limit: MAX_CELLS,
                    actual: usize::try_from(n).unwrap_or(usize::MAX),
                });
            }
            from = start;
        }
    }
    Ok(())
}
