//! Every sheet of a workbook as care-core reads it (`care_core::workbook::Workbook`), one
//! CSV per sheet: `DIR/<stem>-<sheet>.csv`, the file names LibreOffice's CSV export gives
//! (`soffice --convert-to csv:...,-1`). Dates are written yyyy-mm-dd, numbers without a
//! trailing `.0`. scripts/check-libreoffice compares the two.
//! Usage: `sheets_csv WORKBOOK DIR`.

use care_core::workbook::{Value, Workbook};
use std::path::PathBuf;

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: sheets_csv WORKBOOK DIR");
        std::process::exit(2);
    };
    let file = PathBuf::from(file);
    let dir = PathBuf::from(dir);
    let bytes = std::fs::read(&file).expect("the workbook can be read");
    let mut book = match Workbook::open(&bytes) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("book");
    std::fs::create_dir_all(&dir).expect("the folder can be made");
    for name in book.sheet_names() {
        let sheet = book.sheet(Some(&name)).expect("a listed sheet reads");
        let mut out = String::new();
        let width = sheet.cells.iter().map(|c| c.col + 1).max().unwrap_or(0);
        let mut next_row = 0;
        for (r, cells) in sheet.rows() {
            // LibreOffice writes the empty rows between rows too.
            while next_row < r {
                out.push_str(&",".repeat(width.saturating_sub(1) as usize));
                out.push('\n');
                next_row += 1;
            }
            let mut line = vec![String::new(); width as usize];
            for c in cells {
                line[c.col as usize] = match &c.value {
                    Value::Number(n) => n.to_string(),
                    v => v.to_text(),
                };
            }
            let line: Vec<String> = line.iter().map(|s| quote(s)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
            next_row = r + 1;
        }
        let path = dir.join(format!("{stem}-{name}.csv"));
        std::fs::write(&path, out).expect("the CSV is written");
    }
}
