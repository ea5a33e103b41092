//! Calibration in workbooks: a session read from the certifiers' own filled scorecard
//! workbooks, and a calibration's (or a leniency's) result written as a workbook.
//!
//! **Reading** ([`CalibrationSession::from_workbooks`]): each file is one certifier's Call
//! Cert Tracking workbook ([`super::certifier`], written by `care cert template`) for the
//! same recorded call(s), filled with marks. The certifier is the workbook's `Certifier`
//! cell (`B5`, above the items) when filled, else the file's stem (`dana-lee.xlsx` is
//! `dana-lee`). A call is the agent's name and the call's column: `Rivera, Ana call 2`; only
//! the calls marked item by item count (a typed score has no marks to compare). The
//! template is the one the item rows make, so every workbook of a session must have the same
//! items. Errors name the file, the sheet and the cell: `dana.xlsx: 'Call Cert'!G9`.
//!
//! **Writing** ([`calibration_xlsx`], [`leniency_xlsx`]): one sheet per table, each an Excel
//! table with a frozen header and filters, numbers with number formats (points `0.00`,
//! shares `0.0%`, alpha `0.000`), text cells passed through the CSV neutralisation, and a
//! red row where a certifier is flagged for review: a flag is for a person to look at, never
//! a judgement.

use super::report::{table, text, Out};
use super::write_error;
use crate::calibration::{
    leniency_label, status_label, Calibration, CalibrationCall, CalibrationSession, Leniency,
    DEVIATION_COLUMNS, STATS_COLUMNS,
};
use crate::certification::CertPolicy;
use crate::error::{Error, Result};
use crate::explain::Reason;
use crate::scorecard::Marks;
use rust_xlsxwriter::{ConditionalFormatFormula, Format, Workbook, Worksheet};
use std::collections::BTreeMap;

/// The calibration workbook's sheets, in order.
pub const CALIBRATION_SHEETS: [&str; 5] = ["Certifiers", "Deviations", "Calls", "Items", "Flags"];

/// The leniency workbook's sheets, in order.
pub const LENIENCY_SHEETS: [&str; 2] = ["Certifiers", "Flags"];

const POINTS: &str = "0.00";
const SHARE: &str = "0.0%";
const ALPHA: &str = "0.000";

/// `name` without its folders and extension: `a/dana-lee.xlsx` is `dana-lee`.
fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    }
}

/// `e` with the file's name in front of its place.
fn in_file(name: &str, e: Error) -> Error {
    match e {
        Error::Parse {
            format,
            place,
            message,
        } => Error::Parse {
            format,
            place: Some(match place {
                Some(p) => format!("{name}: {p}"),
                None => name.to_string(),
            }),
            message,
        },
        Error::InvalidScore { place, message } => Error::InvalidScore {
            place: format!("{name}: {place}"),
            message,
        },
        other => Error::invalid_input(format!("{name}: {other}")),
    }
}

impl CalibrationSession {
    /// A session from the certifiers' filled scorecard workbooks, `(file name, bytes)` each
    /// (see the [module docs](crate::workbook::calibration)); `benchmark` names the
    /// benchmark grader, if one of them is.
    ///
    /// # Errors
    ///
    /// What [`crate::workbook::certifier::read_workbook`] refuses, naming the file, sheet
    /// and cell; [`Error::InvalidInput`] for no files, two workbooks of one certifier, a
    /// workbook with no call marked, or workbooks with different items; then
    /// [`CalibrationSession::validate`]'s errors.
    pub fn from_workbooks(
        files: &[(String, Vec<u8>)],
        benchmark: Option<String>,
    ) -> Result<CalibrationSession> {
        let policy = CertPolicy::default();
        let mut sessions = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let (book, template, certifier) =
                super::certifier::read_marked(bytes, &policy).map_err(|e| in_file(name, e))?;
            let grader = certifier.unwrap_or_else(|| stem(name).to_string());
            if book.scorecards.is_empty() {
                return Err(Error::invalid_input(format!(
                    "{name}: no call is marked item by item; a calibration compares marks"
                )));
            }
            let agent = book.evaluation.agent.clone();
            let calls = book
                .scorecards
                .iter()
                .map(|(n, score)| {
                    let marks: Marks = score.items.iter().map(|i| (i.id.clone(), i.mark)).collect();
                    CalibrationCall {
                        id: format!("{agent} call {n}"),
                        title: format!("{agent}, call {n}"),
                        grades: BTreeMap::from([(grader.clone(), marks)]),
                    }
                })
                .collect();
            sessions.push(CalibrationSession {
                id: String::new(),
                template,
                benchmark: benchmark.clone(),
                calls,
            });
        }
        if files.len() > 1 {
            if let Some(first) = sessions.first() {
                for (s, (name, _)) in sessions.iter().zip(files).skip(1) {
                    if s.template != first.template {
                        return Err(Error::invalid_input(format!(
                            "{name}: its items differ from {}'s; the certifiers of a session grade on one scorecard",
                            files[0].0
                        )));
                    }
                }
            }
        }
        CalibrationSession::merge(sessions)
    }
}

fn yes_no(b: bool) -> Out {
    text(if b { "yes" } else { "no" })
}

fn reasons(rs: &[Reason]) -> Out {
    text(
        &rs.iter()
            .map(|r| r.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn opt(x: Option<f64>, format: &'static str) -> Out {
    x.map_or(Out::Empty, |v| Out::Formatted(v, format))
}

fn heads(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

/// Colours the rows of `ws` (`rows` data rows, `cols` columns) whose column `status` says
/// `review` red.
fn flag_rows(ws: &mut Worksheet, rows: usize, cols: usize, status: &str) -> Result<()> {
    let red = Format::new()
        .set_background_color("FFC7CE")
        .set_font_color("9C0006");
    let last_row = u32::try_from(rows).unwrap_or(u32::MAX).max(1);
    let last_col = u16::try_from(cols.saturating_sub(1)).unwrap_or(0);
    ws.add_conditional_format(
        1,
        0,
        last_row,
        last_col,
        &ConditionalFormatFormula::new()
            .set_rule(format!("=${status}2=\"review\"").as_str())
            .set_format(&red),
    )
    .map_err(write_error)?;
    Ok(())
}

/// The flags sheet: one row per reason that flags a certifier for review.
fn flags<'a>(
    book: &mut Workbook,
    flagged: impl Iterator<Item = (&'a str, &'a [Reason])>,
) -> Result<()> {
    let rows: Vec<Vec<Out>> = flagged
        .flat_map(|(name, rs)| {
            rs.iter()
                .filter(|r| r.message.contains("flagged for review"))
                .map(move |r| vec![text(name), text(&r.message)])
        })
        .collect();
    table(book, "Flags", &heads(&["certifier", "reason"]), &rows)?;
    Ok(())
}

/// A calibration's result as an xlsx workbook: sheets [`CALIBRATION_SHEETS`] (see the
/// [module docs](self)).
///
/// # Errors
///
/// [`Error::InvalidInput`] if the workbook cannot be written.
pub fn calibration_xlsx(c: &Calibration) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let head = heads(&[
        "certifier",
        "alignment",
        "mean_points_off",
        "max_points_off",
        "verdict_mismatches",
        "calls_with_other_verdict",
        "status",
        "reasons",
    ]);
    let rows: Vec<Vec<Out>> = c
        .certifiers
        .iter()
        .map(|x| {
            vec![
                text(&x.certifier),
                opt(x.alignment.map(|a| a / 100.0), SHARE),
                Out::Formatted(x.mean_points_off, POINTS),
                Out::Formatted(x.max_points_off, POINTS),
                Out::Number(x.verdict_mismatches.len() as f64),
                text(&x.verdict_mismatches.join(", ")),
                text(status_label(x.status)),
                reasons(&x.reasons),
            ]
        })
        .collect();
    let ws = table(&mut book, CALIBRATION_SHEETS[0], &head, &rows)?;
    flag_rows(ws, rows.len(), head.len(), "G")?;

    let mut head = heads(&DEVIATION_COLUMNS);
    head.push("status".into());
    let rows: Vec<Vec<Out>> = c
        .certifiers
        .iter()
        .flat_map(|x| {
            x.calls.iter().map(move |d| {
                vec![
                    text(&x.certifier),
                    text(&d.call),
                    Out::Formatted(d.score, POINTS),
                    Out::Formatted(d.reference_score, POINTS),
                    Out::Formatted(d.points_off, POINTS),
                    yes_no(d.passes),
                    yes_no(d.reference_passes),
                    text(status_label(x.status)),
                ]
            })
        })
        .collect();
    let ws = table(&mut book, CALIBRATION_SHEETS[1], &head, &rows)?;
    flag_rows(ws, rows.len(), head.len(), "H")?;

    let head = heads(&[
        "call",
        "title",
        "reference_score",
        "reference_passes",
        "min_score",
        "max_score",
        "passes",
        "fails",
        "pairwise_agreement",
        "alpha",
        "alpha_undefined_because",
    ]);
    let rows: Vec<Vec<Out>> = c
        .calls
        .iter()
        .map(|x| {
            vec![
                text(&x.call),
                text(&x.title),
                Out::Formatted(x.reference_score, POINTS),
                yes_no(x.reference_passes),
                Out::Formatted(x.min_score, POINTS),
                Out::Formatted(x.max_score, POINTS),
                Out::Number(x.passes as f64),
                Out::Number(x.fails as f64),
                Out::Formatted(x.pairwise_agreement / 100.0, SHARE),
                opt(x.alpha.value, ALPHA),
                text(x.alpha.undefined_reason.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    table(&mut book, CALIBRATION_SHEETS[2], &head, &rows)?;

    let head = heads(&[
        "item",
        "weight",
        "pairwise_agreement",
        "matches_reference",
        "alpha",
        "alpha_undefined_because",
        "no_consensus_on",
    ]);
    let rows: Vec<Vec<Out>> = c
        .items
        .iter()
        .map(|x| {
            vec![
                text(&x.item),
                Out::Number(x.weight),
                Out::Formatted(x.pairwise_agreement / 100.0, SHARE),
                opt(x.matches_reference.map(|v| v / 100.0), SHARE),
                opt(x.alpha.value, ALPHA),
                text(x.alpha.undefined_reason.as_deref().unwrap_or("")),
                text(&x.no_consensus.join(", ")),
            ]
        })
        .collect();
    table(&mut book, CALIBRATION_SHEETS[3], &head, &rows)?;

    flags(&mut book, c.flagged())?;
    book.save_to_buffer().map_err(write_error)
}

/// A leniency result as an xlsx workbook: sheets [`LENIENCY_SHEETS`], the pool's row first
/// (certifier `(pool)`), then each certifier's, a flagged certifier's row red.
///
/// # Errors
///
/// [`Error::InvalidInput`] if the workbook cannot be written.
pub fn leniency_xlsx(l: &Leniency) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let mut head = heads(&STATS_COLUMNS);
    head.extend(heads(&[
        "sd",
        "pass_rate_gap_points",
        "mean_score_gap",
        "status",
        "reasons",
    ]));
    let stats = |name: &str, s: &crate::calibration::CallStats| {
        vec![
            text(name),
            Out::Number(s.calls as f64),
            Out::Number(s.passes as f64),
            Out::Formatted(s.pass_rate / 100.0, SHARE),
            Out::Formatted(s.pass_rate_interval[0] / 100.0, SHARE),
            Out::Formatted(s.pass_rate_interval[1] / 100.0, SHARE),
            Out::Formatted(s.mean_score, POINTS),
            Out::Formatted(s.mean_score_interval[0], POINTS),
            Out::Formatted(s.mean_score_interval[1], POINTS),
            Out::Formatted(s.sd, POINTS),
        ]
    };
    let mut rows = vec![stats("(pool)", &l.pool)];
    rows[0].extend([Out::Empty, Out::Empty, Out::Empty, reasons(&l.reasons)]);
    rows.extend(l.certifiers.iter().map(|x| {
        let mut r = stats(&x.certifier, &x.stats);
        r.extend([
            Out::Formatted(x.pass_rate_gap, POINTS),
            Out::Formatted(x.mean_score_gap, POINTS),
            text(leniency_label(x.status)),
            reasons(&x.reasons),
        ]);
        r
    }));
    let ws = table(&mut book, LENIENCY_SHEETS[0], &head, &rows)?;
    flag_rows(ws, rows.len(), head.len(), "M")?;
    flags(&mut book, l.flagged())?;
    book.save_to_buffer().map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibration::{calibrate, CalibrationPolicy, CertifierStatus};
    use crate::scorecard::Mark;
    use crate::workbook::certifier::tests::filled;
    use crate::workbook::Workbook as Reader;

    fn three() -> Vec<(String, Vec<u8>)> {
        vec![
            (
                "in/dana.xlsx".into(),
                filled(&[(2, "yes"), (3, "yes")], &[]),
            ),
            ("omar.xlsx".into(), filled(&[(2, "yes"), (3, "no")], &[])),
            ("lee.xlsx".into(), filled(&[(2, "yes"), (3, "yes")], &[])),
        ]
    }

    #[test]
    fn a_session_from_three_scorecard_workbooks() {
        let s = CalibrationSession::from_workbooks(&three(), Some("dana".into())).unwrap();
        assert_eq!(s.graders(), vec!["dana", "lee", "omar"]);
        assert_eq!(s.calls.len(), 2);
        assert_eq!(s.calls[0].id, "Rivera, Ana call 2");
        assert_eq!(s.calls[1].grades["omar"].values().next(), Some(&Mark::No));
        let c = calibrate(&s, &CalibrationPolicy::default()).unwrap();
        let omar = c.certifiers.iter().find(|x| x.certifier == "omar").unwrap();
        assert_eq!(omar.status, CertifierStatus::Review);
        let lee = c.certifiers.iter().find(|x| x.certifier == "lee").unwrap();
        assert_eq!(lee.status, CertifierStatus::Consistent);
    }

    #[test]
    fn workbook_errors_name_the_file_sheet_and_cell() {
        let mut files = three();
        files[1].1 = filled(&[(2, "maybe")], &[]);
        let e = CalibrationSession::from_workbooks(&files, None).unwrap_err();
        assert!(e.to_string().contains("omar.xlsx: 'Call Cert'!H8"), "{e}");
        files[1].1 = filled(&[], &[]);
        let e = CalibrationSession::from_workbooks(&files, None).unwrap_err();
        assert!(
            e.to_string().contains("omar.xlsx: no call is marked"),
            "{e}"
        );
        files[1].1 = b"not a zip".to_vec();
        let e = CalibrationSession::from_workbooks(&files, None).unwrap_err();
        assert!(e.to_string().contains("omar.xlsx"), "{e}");
        assert!(CalibrationSession::from_workbooks(&[], None).is_err());
    }

    /// `files` calibrated and written as a workbook.
    fn calibrated(files: &[(String, Vec<u8>)]) -> Vec<u8> {
        let s = CalibrationSession::from_workbooks(files, None).unwrap();
        let c = calibrate(&s, &CalibrationPolicy::default()).unwrap();
        calibration_xlsx(&c).unwrap()
    }

    /// `bytes` opened, its sheets checked to be `sheets`.
    fn opened<'a>(bytes: &'a [u8], sheets: &[&str]) -> Reader<'a> {
        let book = Reader::open(bytes).unwrap();
        assert_eq!(book.sheet_names(), sheets.to_vec());
        book
    }

    #[test]
    fn the_calibration_as_a_workbook() {
        let bytes = calibrated(&three());
        let mut book = opened(&bytes, &CALIBRATION_SHEETS);
        let sheet = book.sheet(Some("Certifiers")).unwrap();
        assert_eq!(sheet.text(0, 6), Some("status"));
        let rows: Vec<(String, String)> = (1..=3)
            .map(|r| {
                (
                    sheet.text(r, 0).unwrap().to_string(),
                    sheet.text(r, 6).unwrap().to_string(),
                )
            })
            .collect();
        assert!(rows.contains(&("omar".into(), "review".into())), "{rows:?}");
        let flags = book.sheet(Some("Flags")).unwrap();
        assert_eq!(flags.text(1, 0), Some("omar"));
        let items = book.sheet(Some("Items")).unwrap();
        let template = crate::Scorecard::sample();
        assert_eq!(items.rows().count(), template.items().count() + 1);
    }

    #[test]
    fn text_cells_are_safe_from_formulas() {
        let mut files = three();
        files[0].0 = "=cmd.xlsx".into();
        let bytes = calibrated(&files);
        let mut book = opened(&bytes, &CALIBRATION_SHEETS);
        let sheet = book.sheet(Some("Certifiers")).unwrap();
        let names: Vec<&str> = (1..=3).filter_map(|r| sheet.text(r, 0)).collect();
        assert!(names.contains(&"'=cmd"), "{names:?}");
    }

    #[test]
    fn leniency_as_a_workbook() {
        use crate::calibration::{leniency, GradedCall};
        let calls: Vec<GradedCall> = (0..40)
            .map(|i| GradedCall {
                certifier: if i % 2 == 0 { "kind" } else { "strict" }.into(),
                agent: format!("a{i}"),
                call: 2,
                score: if i % 2 == 0 { 98.0 } else { 70.0 },
            })
            .collect();
        let l = leniency(&calls, &CalibrationPolicy::default()).unwrap();
        let bytes = leniency_xlsx(&l).unwrap();
        let mut book = opened(&bytes, &LENIENCY_SHEETS);
        let sheet = book.sheet(Some("Certifiers")).unwrap();
        assert_eq!(sheet.text(1, 0), Some("(pool)"));
        assert_eq!(sheet.rows().count(), 4);
    }
}
