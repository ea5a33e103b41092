//! The end-of-day report as a workbook: one sheet per section (agents, escalations,
//! missing self-reports, open equipment issues, notes), each an Excel table with a frozen
//! header and filters, real Excel dates, widths that fit the text, conditional formats
//! (certified green, failed red, a reached escalation step amber) and text cells passed
//! through the CSV neutralisation.
//!
//! The agents sheet has the columns of [`Report::to_csv`](crate::cohort::Report::to_csv),
//! so a spreadsheet's CSV of it equals care-core's CSV.

use super::{excel_serial, write_error};
use crate::cohort::email::report_eml;
use crate::cohort::report::{neutralize_csv_cell, Report};
use crate::cohort::CohortPolicy;
use crate::error::Result;
use jiff::civil::Date;
use rust_xlsxwriter::{
    ConditionalFormatFormula, ConditionalFormatText, ConditionalFormatTextRule, Format, Table,
    TableColumn, Workbook, Worksheet,
};

/// The sheets' names, in order.
pub const SHEETS: [&str; 5] = [
    "Agents",
    "Escalations",
    "Missing self-reports",
    "Equipment issues",
    "Notes",
];

/// A cell of a table sheet (shared by the report and the calibration workbooks).
pub(crate) enum Out {
    /// Text, passed through the CSV neutralisation.
    Text(String),
    /// A number in the general format.
    Number(f64),
    /// A number with an Excel number format, e.g. `0.0%`.
    Formatted(f64, &'static str),
    /// A real Excel date.
    Date(Date),
    /// Nothing.
    Empty,
}

/// A text cell, empty for an empty string.
pub(crate) fn text(s: &str) -> Out {
    if s.is_empty() {
        Out::Empty
    } else {
        Out::Text(s.to_string())
    }
}

fn date(d: Option<Date>) -> Out {
    d.map_or(Out::Empty, Out::Date)
}

fn score(x: f64) -> Out {
    Out::Number(x)
}

/// Adds sheet `name` holding `rows` under `head` as an Excel table (filters), with a frozen
/// header row, real dates, number formats and widths that fit the text.
pub(crate) fn table<'b>(
    book: &'b mut Workbook,
    name: &str,
    head: &[String],
    rows: &[Vec<Out>],
) -> Result<&'b mut Worksheet> {
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name(name).map_err(write_error)?;
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count() + 4).collect();
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (j, cell) in row.iter().enumerate() {
            let c = u16::try_from(j).unwrap_or(u16::MAX);
            let w = match cell {
                Out::Text(s) => {
                    ws.write_string(r, c, neutralize_csv_cell(s))
                        .map_err(write_error)?;
                    s.chars().count() + 3
                }
                Out::Number(x) => {
                    ws.write_number(r, c, *x).map_err(write_error)?;
                    x.to_string().len() + 2
                }
                Out::Formatted(x, f) => {
                    ws.write_number_with_format(r, c, *x, &Format::new().set_num_format(*f))
                        .map_err(write_error)?;
                    x.to_string().len().min(12) + 2
                }
                Out::Date(d) => {
                    ws.write_number_with_format(r, c, excel_serial(*d), &date_fmt)
                        .map_err(write_error)?;
                    12
                }
                Out::Empty => 0,
            };
            if let Some(m) = widths.get_mut(j) {
                *m = (*m).max(w.min(80));
            }
        }
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
    let last_col = u16::try_from(head.len().saturating_sub(1)).unwrap_or(0);
    let columns: Vec<TableColumn> = head
        .iter()
        .map(|h| TableColumn::new().set_header(h))
        .collect();
    let table_name: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    let t = Table::new().set_name(table_name).set_columns(&columns);
    ws.add_table(0, 0, last_row, last_col, &t)
        .map_err(write_error)?;
    ws.set_freeze_panes(1, 0).map_err(write_error)?;
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(j).unwrap_or(0), *w as f64)
            .map_err(write_error)?;
    }
    Ok(ws)
}

fn steps(report: &Report) -> (Vec<String>, Vec<Vec<Out>>) {
    let head = [
        "agent",
        "current_step",
        "current_step_date",
        "next_step",
        "next_step_date",
    ]
    .map(String::from)
    .to_vec();
    let rows = report
        .agents
        .iter()
        .filter(|a| a.current_step.is_some() || a.next_step.is_some())
        .map(|a| {
            vec![
                text(&a.name),
                a.current_step
                    .as_ref()
                    .map_or(Out::Empty, |s| text(&s.name)),
                date(a.current_step.as_ref().map(|s| s.date)),
                a.next_step.as_ref().map_or(Out::Empty, |s| text(&s.name)),
                date(a.next_step.as_ref().map(|s| s.date)),
            ]
        })
        .collect();
    (head, rows)
}

/// The end-of-day report as an xlsx workbook. See the [module docs](self).
///
/// # Errors
///
/// [`Error::InvalidInput`](crate::Error::InvalidInput) if the workbook cannot be written.
pub fn report_xlsx(report: &Report) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let green = Format::new()
        .set_background_color("C6EFCE")
        .set_font_color("006100");
    let red = Format::new()
        .set_background_color("FFC7CE")
        .set_font_color("9C0006");
    let amber = Format::new()
        .set_background_color("FFEB9C")
        .set_font_color("9C5700");

    // Agents: the CSV's columns.
    let calls = report.most_calls();
    let head = crate::cohort::report::agent_columns(calls);
    let rows: Vec<Vec<Out>> = report
        .agents
        .iter()
        .map(|a| {
            let mut r = vec![
                text(&a.name),
                Out::Date(a.start),
                Out::Number(f64::from(a.day)),
                text(a.state.label()),
            ];
            for i in 0..calls {
                r.push(a.scores.get(i).copied().flatten().map_or(Out::Empty, score));
            }
            r.extend([
                Out::Number(f64::from(a.passes)),
                Out::Number(f64::from(a.pass_rate)),
                Out::Number(a.tbt_hours),
                text(if a.tbt_done { "yes" } else { "no" }),
                text(a.certifier.as_deref().unwrap_or("")),
                date(a.completed_on),
                text(a.current_step.as_ref().map_or("", |s| s.id.as_str())),
                text(a.next_step.as_ref().map_or("", |s| s.id.as_str())),
                date(a.next_step.as_ref().map(|s| s.date)),
                text(
                    &a.missing_self_reports
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                date(a.equipment_issue_since),
                text(&a.file_stem),
                text(
                    a.step_before_completion
                        .as_ref()
                        .map_or("", |s| s.id.as_str()),
                ),
                text(&a.what_would_change_it()),
            ]);
            r
        })
        .collect();
    let n = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
    let ws = table(&mut book, SHEETS[0], &head, &rows)?;
    let state = ConditionalFormatText::new();
    ws.add_conditional_format(
        1,
        3,
        n,
        3,
        &state
            .clone()
            .set_rule(ConditionalFormatTextRule::BeginsWith("certified".into()))
            .set_format(&green),
    )
    .map_err(write_error)?;
    ws.add_conditional_format(
        1,
        3,
        n,
        3,
        &state
            .set_rule(ConditionalFormatTextRule::BeginsWith("failed".into()))
            .set_format(&red),
    )
    .map_err(write_error)?;

    let (head, rows) = steps(report);
    let n = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
    let ws = table(&mut book, SHEETS[1], &head, &rows)?;
    ws.add_conditional_format(
        1,
        0,
        n,
        4,
        &ConditionalFormatFormula::new()
            .set_rule("=$B2<>\"\"")
            .set_format(&amber),
    )
    .map_err(write_error)?;

    let head = ["agent", "date"].map(String::from).to_vec();
    let rows: Vec<Vec<Out>> = report
        .agents
        .iter()
        .flat_map(|a| {
            a.missing_self_reports
                .iter()
                .map(|d| vec![text(&a.name), Out::Date(*d)])
        })
        .collect();
    table(&mut book, SHEETS[2], &head, &rows)?;

    let head = ["agent", "open_since"].map(String::from).to_vec();
    let rows: Vec<Vec<Out>> = report
        .agents
        .iter()
        .filter_map(|a| {
            a.equipment_issue_since
                .map(|d| vec![text(&a.name), Out::Date(d)])
        })
        .collect();
    table(&mut book, SHEETS[3], &head, &rows)?;

    let head = ["agent", "last_note"].map(String::from).to_vec();
    let rows: Vec<Vec<Out>> = report
        .agents
        .iter()
        .filter_map(|a| a.last_note.as_ref().map(|n| vec![text(&a.name), text(n)]))
        .collect();
    table(&mut book, SHEETS[4], &head, &rows)?;
    book.save_to_buffer().map_err(write_error)
}

/// The end-of-day report as an email draft ([`report_eml`]) with its workbook
/// ([`report_xlsx`]) attached as `Call_Cert_EOD_<as of>.xlsx`: what `care report --format eml`
/// writes.
///
/// # Errors
///
/// Those of [`report_xlsx`] and [`report_eml`] (an empty or bad distribution list).
pub fn report_eml_with_workbook(report: &Report, policy: &CohortPolicy) -> Result<String> {
    let book = report_xlsx(report)?;
    let name = format!("Call_Cert_EOD_{}.xlsx", report.as_of);
    report_eml(report, policy, Some((&name, &book)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{report, Cohort};
    use crate::workbook::Workbook as Reader;

    /// The sample cohort's report on Friday 2026-07-10 (US federal holidays, New York).
    fn sample_report() -> Report {
        let cal = crate::Calendar::us_federal("America/New_York").unwrap();
        let day = jiff::civil::date(2026, 7, 10);
        report(&Cohort::sample(), day, &cal, &CohortPolicy::default()).unwrap()
    }

    #[test]
    fn the_sample_report_as_a_workbook() {
        let r = sample_report();
        let bytes = report_xlsx(&r).unwrap();
        let mut book = Reader::open(&bytes).unwrap();
        assert_eq!(book.sheet_names(), SHEETS.map(String::from).to_vec());
        let agents = book.sheet(Some("Agents")).unwrap();
        assert_eq!(agents.text(1, 0), Some(r.agents[0].name.as_str()));
        assert_eq!(
            agents.get(1, 1).and_then(crate::workbook::Value::as_date),
            Some(r.agents[0].start)
        );
        let rows = agents.rows().count();
        assert_eq!(rows, r.agents.len() + 1);
    }

    #[test]
    fn the_email_draft_attaches_the_workbook() {
        let r = sample_report();
        let eml = report_eml_with_workbook(&r, &CohortPolicy::default()).unwrap();
        let without = report_eml(&r, &CohortPolicy::default(), None).unwrap();
        assert!(
            eml.contains("filename=\"Call_Cert_EOD_2026-07-10.xlsx\""),
            "{eml}"
        );
        assert!(!without.contains("Call_Cert_EOD_"));
        let nobody = CohortPolicy {
            distribution_list: Vec::new(),
            ..CohortPolicy::default()
        };
        let err = report_eml_with_workbook(&r, &nobody).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidPolicy);
    }
}
