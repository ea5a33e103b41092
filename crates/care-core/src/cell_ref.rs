//! Spreadsheet cell references for error places: `Tracker!C7`, `'Call Cert'!B3`.

/// The column letters of a 0-based column: 0 is `A`, 25 is `Z`, 26 is `AA`.
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A sheet name as a reference writes it: quoted (`'Call Cert'`) unless it is plain letters,
/// digits and underscores not starting with a digit.
pub(crate) fn sheet_prefix(sheet: &str) -> String {
    let plain = !sheet.is_empty()
        && sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// `Sheet!C7` for 0-based `row` and `col`.
pub(crate) fn sheet_cell(sheet: &str, row: u32, col: u32) -> String {
    format!(
        "{}!{}{}",
        sheet_prefix(sheet),
        column_letters(col),
        u64::from(row) + 1
    )
}

/// `Sheet!7:7`, the whole of 0-based `row`.
pub(crate) fn sheet_row(sheet: &str, row: u32) -> String {
    let r = u64::from(row) + 1;
    format!("{}!{r}:{r}", sheet_prefix(sheet))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(sheet_cell("Tracker", 6, 2), "Tracker!C7");
        assert_eq!(sheet_cell("Call Cert", 2, 1), "'Call Cert'!B3");
        assert_eq!(sheet_row("Tracker", 0), "Tracker!1:1");
    }
}
