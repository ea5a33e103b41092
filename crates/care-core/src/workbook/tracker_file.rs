//! [`read_tracker`]: a tracker file in either format, told from a format name or its bytes.

use crate::cohort::{import_tracker, Cohort, CohortPolicy};
use crate::error::{Error, Result};

/// Imports a tracker from a file's bytes: `format` `xlsx` (or `ods`) or `csv`, any case;
/// None: xlsx when the bytes open as a zip package (`PK`), else CSV. `sheet` picks the
/// xlsx sheet (see [`import_tracker_xlsx`](super::tracker::import_tracker_xlsx)).
///
/// # Errors
///
/// [`Error::InvalidInput`] for another format or a CSV that is not UTF-8 text; else what the
/// format's importer refuses.
pub fn read_tracker(
    bytes: &[u8],
    format: Option<&str>,
    sheet: Option<&str>,
    policy: &CohortPolicy,
) -> Result<Cohort> {
    let zip = if bytes.starts_with(b"PK") {
        "xlsx"
    } else {
        "csv"
    };
    match format.unwrap_or(zip).to_ascii_lowercase().as_str() {
        "xlsx" | "ods" => super::tracker::import_tracker_xlsx(bytes, sheet, policy),
        "csv" => import_tracker(
            std::str::from_utf8(bytes).map_err(|e| {
                Error::invalid_input(format!("the tracker CSV is not UTF-8 text: {e}"))
            })?,
            policy,
        ),
        other => Err(Error::invalid_input(format!(
            "format must be xlsx or csv, not {other:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_named_or_told_from_the_bytes() {
        let csv = Cohort::sample_tracker();
        let p = CohortPolicy::default();
        let by_bytes = read_tracker(csv.as_bytes(), None, None, &p).map(|c| c.agents.len());
        assert_eq!(by_bytes, import_tracker(csv, &p).map(|c| c.agents.len()));
        assert!(read_tracker(csv.as_bytes(), Some("CSV"), None, &p).is_ok());
        // Named xlsx: the CSV bytes are not a workbook.
        assert!(read_tracker(csv.as_bytes(), Some("xlsx"), None, &p).is_err());
        let e = read_tracker(b"x", Some("pdf"), None, &p).unwrap_err();
        assert_eq!(e.to_string(), "format must be xlsx or csv, not \"pdf\"");
        let e = read_tracker(&[0xff, 0xfe], Some("csv"), None, &p).unwrap_err();
        assert!(e.to_string().contains("not UTF-8 text"), "{e}");
    }
}
