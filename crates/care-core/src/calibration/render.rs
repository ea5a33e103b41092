//! Calibration and leniency as text, Markdown and CSV (cells safe for spreadsheets).

use super::fmt_num;
use super::leniency::{Leniency, LeniencyStatus};
use super::result::{Calibration, CertifierStatus, Reference};
use crate::agreement::Agreement;
use crate::cohort::report::neutralize_csv_cell;
use crate::error::{Error, Result};
use crate::explain::Reason;
use std::fmt::Write;

fn alpha(a: &Agreement) -> String {
    match a.value {
        Some(v) => format!("{v:.3}"),
        None => "undefined".to_string(),
    }
}

fn signed(x: f64) -> String {
    let s = fmt_num(x);
    if x > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{}%", fmt_num(v)))
}

/// A certifier's calibration status as the tables write it.
pub(crate) fn status(s: CertifierStatus) -> &'static str {
    match s {
        CertifierStatus::Consistent => "consistent",
        CertifierStatus::Review => "review",
    }
}

/// A certifier's leniency status as the tables write it.
pub(crate) fn lstatus(s: LeniencyStatus) -> &'static str {
    match s {
        LeniencyStatus::InLine => "in line",
        LeniencyStatus::Review => "review",
        LeniencyStatus::TooFewCalls => "too few calls",
    }
}

fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '|' | '*' | '_' | '`' | '<' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How a list of reasons is written.
#[derive(Clone, Copy)]
enum Style {
    /// Indented `  - name: reason` lines.
    Text,
    /// `- **name**: reason` list items, escaped for Markdown.
    Markdown,
}

/// Writes the "flagged for review" reasons of each certifier in `certifiers` (name, reasons).
fn flagged<'a>(
    s: &mut String,
    style: Style,
    certifiers: impl Iterator<Item = (&'a str, &'a [Reason])>,
) {
    for (name, reasons) in certifiers {
        for r in reasons
            .iter()
            .filter(|r| r.message.contains("flagged for review"))
        {
            let _ = match style {
                Style::Text => writeln!(s, "  - {name}: {}", r.message),
                Style::Markdown => writeln!(s, "- **{}**: {}", md(name), md(&r.message)),
            };
        }
    }
}

/// The end of a text render: the reasons under `why`, the certifiers flagged for review,
/// and the policy.
fn text_end<'a>(
    s: &mut String,
    reasons: &[Reason],
    certifiers: impl Iterator<Item = (&'a str, &'a [Reason])>,
    policy: &impl std::fmt::Display,
) {
    s.push_str("\nwhy\n");
    for r in reasons {
        let _ = writeln!(s, "  - {}", r.message);
    }
    flagged(s, Style::Text, certifiers);
    let _ = writeln!(s, "\npolicy {policy}");
}

/// A table column: its name (lower case; capitalised in Markdown), its narrowest text width,
/// and whether its cells are right-aligned in text and in Markdown.
struct Column {
    name: &'static str,
    /// The narrowest the column is in text (it is at least as wide as its name and cells).
    min_width: usize,
    text_right: bool,
    markdown_right: bool,
}

/// The columns of a calibration's certifiers' table.
const CERTIFIER_COLUMNS: [Column; 6] = [
    Column {
        name: "certifier",
        min_width: 0,
        text_right: false,
        markdown_right: false,
    },
    Column {
        name: "alignment",
        min_width: 0,
        text_right: true,
        markdown_right: true,
    },
    Column {
        name: "mean off",
        min_width: 0,
        text_right: true,
        markdown_right: true,
    },
    Column {
        name: "max off",
        min_width: 0,
        text_right: true,
        markdown_right: true,
    },
    Column {
        name: "verdicts",
        min_width: 9,
        text_right: true,
        markdown_right: false,
    },
    Column {
        name: "status",
        min_width: 0,
        text_right: false,
        markdown_right: false,
    },
];

/// Writes a table of `rows` under `columns`: in text, columns padded to their widest cell
/// (the last one not padded) two spaces apart; in Markdown, a pipe table with escaped cells.
fn table(s: &mut String, style: Style, columns: &[Column], rows: &[Vec<String>]) {
    match style {
        Style::Text => {
            let widths: Vec<usize> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    rows.iter()
                        .filter_map(|r| r.get(i))
                        .map(|cell| cell.chars().count())
                        .fold(c.name.chars().count().max(c.min_width), usize::max)
                })
                .collect();
            let line = |s: &mut String, cells: &mut dyn Iterator<Item = &str>| {
                for (i, (cell, (c, &w))) in cells.zip(columns.iter().zip(&widths)).enumerate() {
                    if i > 0 {
                        s.push_str("  ");
                    }
                    let _ = match (i + 1 == columns.len(), c.text_right) {
                        (true, _) => write!(s, "{cell}"),
                        (false, true) => write!(s, "{cell:>w$}"),
                        (false, false) => write!(s, "{cell:<w$}"),
                    };
                }
                s.push('\n');
            };
            line(s, &mut columns.iter().map(|c| c.name));
            for r in rows {
                line(s, &mut r.iter().map(String::as_str));
            }
        }
        Style::Markdown => {
            let capitalised = |name: &str| {
                let mut chars = name.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            };
            let head: Vec<String> = columns.iter().map(|c| capitalised(c.name)).collect();
            let _ = writeln!(s, "| {} |", head.join(" | "));
            let rule: Vec<&str> = columns
                .iter()
                .map(|c| if c.markdown_right { "---:" } else { "---" })
                .collect();
            let _ = writeln!(s, "|{}|", rule.join("|"));
            for r in rows {
                let cells: Vec<String> = r.iter().map(|c| md(c)).collect();
                let _ = writeln!(s, "| {} |", cells.join(" | "));
            }
        }
    }
}

fn csv_out(rows: Vec<Vec<String>>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Numbers stay numbers (-30 is a number, not a formula); text is made safe.
        w.write_record(row.iter().map(|c| {
            if c.parse::<f64>().is_ok() {
                c.clone()
            } else {
                neutralize_csv_cell(c).into_owned()
            }
        }))
        .map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::invalid_input(format!("cannot write CSV: {e}")))
}

impl Calibration {
    /// The certifiers flagged for review, with their reasons.
    pub(crate) fn flagged(&self) -> impl Iterator<Item = (&str, &[Reason])> {
        self.certifiers
            .iter()
            .filter(|c| c.status == CertifierStatus::Review)
            .map(|c| (c.certifier.as_str(), c.reasons.as_slice()))
    }

    /// The certifiers' table: one row per certifier, cells as [`CERTIFIER_COLUMNS`].
    fn certifier_rows(&self) -> Vec<Vec<String>> {
        self.certifiers
            .iter()
            .map(|c| {
                vec![
                    c.certifier.clone(),
                    pct(c.alignment),
                    signed(c.mean_points_off),
                    fmt_num(c.max_points_off),
                    if c.verdict_mismatches.is_empty() {
                        "same".to_string()
                    } else {
                        format!("{} differ", c.verdict_mismatches.len())
                    },
                    status(c.status).to_string(),
                ]
            })
            .collect()
    }

    fn headline(&self) -> String {
        let reference = match &self.reference {
            Reference::Benchmark { name } => format!("the benchmark grader, {name}"),
            Reference::Consensus => "the group's consensus (median)".to_string(),
        };
        format!(
            "{} call{}, {} certifier{}, compared with {reference}; alpha of the marks {}, of the scores {}",
            self.calls.len(),
            if self.calls.len() == 1 { "" } else { "s" },
            self.certifiers.len(),
            if self.certifiers.len() == 1 { "" } else { "s" },
            alpha(&self.alpha_marks),
            alpha(&self.alpha_scores)
        )
    }

    fn title(&self) -> String {
        if self.session.is_empty() {
            format!("Calibration on {}", self.template)
        } else {
            format!("Calibration {:?} on {}", self.session, self.template)
        }
    }

    /// The result as plain text: the certifiers, the calls, the items with the least
    /// agreement first, and the reasons of every certifier flagged for review.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n{}\n\n", self.title(), self.headline());
        table(
            &mut s,
            Style::Text,
            &CERTIFIER_COLUMNS,
            &self.certifier_rows(),
        );
        s.push_str("\ncalls\n");
        for c in &self.calls {
            let _ = writeln!(
                s,
                "  {}: reference {} ({}), scores {} to {}, {} pass / {} fail, pairwise agreement {}%, alpha {}",
                c.call,
                fmt_num(c.reference_score),
                if c.reference_passes { "pass" } else { "fail" },
                fmt_num(c.min_score),
                fmt_num(c.max_score),
                c.passes,
                c.fails,
                fmt_num(c.pairwise_agreement),
                alpha(&c.alpha)
            );
        }
        let mut items: Vec<_> = self.items.iter().collect();
        items.sort_by(|a, b| a.pairwise_agreement.total_cmp(&b.pairwise_agreement));
        s.push_str("\nitems, least agreement first\n");
        for i in items.iter().take(5) {
            let _ = writeln!(
                s,
                "  {}: pairwise agreement {}%, matches the reference {}, alpha {}",
                i.item,
                fmt_num(i.pairwise_agreement),
                pct(i.matches_reference),
                alpha(&i.alpha)
            );
        }
        text_end(&mut s, &self.reasons, self.flagged(), &self.policy);
        s
    }

    /// The result as Markdown: a heading, the certifiers' table, the calls' table and the
    /// reasons.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("# {}\n\n{}\n\n", md(&self.title()), md(&self.headline()));
        table(
            &mut s,
            Style::Markdown,
            &CERTIFIER_COLUMNS,
            &self.certifier_rows(),
        );
        s.push_str("\n| Call | Reference | Scores | Pass / fail | Pairwise agreement | Alpha |\n|---|---:|---|---|---:|---:|\n");
        for c in &self.calls {
            let _ = writeln!(
                s,
                "| {} | {} | {} to {} | {} / {} | {}% | {} |",
                md(&c.call),
                fmt_num(c.reference_score),
                fmt_num(c.min_score),
                fmt_num(c.max_score),
                c.passes,
                c.fails,
                fmt_num(c.pairwise_agreement),
                alpha(&c.alpha)
            );
        }
        s.push('\n');
        for r in &self.reasons {
            let _ = writeln!(s, "- {}", md(&r.message));
        }
        flagged(&mut s, Style::Markdown, self.flagged());
        s
    }

    /// The result as CSV: one row per certifier and call.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if the CSV writer fails (it does not on valid text).
    pub fn to_csv(&self) -> Result<String> {
        let mut head: Vec<String> = DEVIATION_COLUMNS.map(String::from).to_vec();
        head.extend(["alignment", "status"].map(String::from));
        let mut rows = vec![head];
        for c in &self.certifiers {
            for d in &c.calls {
                rows.push(vec![
                    c.certifier.clone(),
                    d.call.clone(),
                    fmt_num(d.score),
                    fmt_num(d.reference_score),
                    fmt_num(d.points_off),
                    d.passes.to_string(),
                    d.reference_passes.to_string(),
                    c.alignment.map(fmt_num).unwrap_or_default(),
                    status(c.status).to_string(),
                ]);
            }
        }
        csv_out(rows)
    }
}

/// The leading columns of a calibration's table of deviations: a certifier on a call.
pub(crate) const DEVIATION_COLUMNS: [&str; 7] = [
    "certifier",
    "call",
    "score",
    "reference_score",
    "points_off",
    "passes",
    "reference_passes",
];

/// The leading columns of a leniency table: the certifier and their calls' figures.
pub(crate) const STATS_COLUMNS: [&str; 9] = [
    "certifier",
    "calls",
    "passes",
    "pass_rate",
    "pass_rate_low",
    "pass_rate_high",
    "mean_score",
    "mean_score_low",
    "mean_score_high",
];

impl Leniency {
    /// The certifiers flagged for review, with their reasons.
    pub(crate) fn flagged(&self) -> impl Iterator<Item = (&str, &[Reason])> {
        self.certifiers
            .iter()
            .filter(|c| c.status == LeniencyStatus::Review)
            .map(|c| (c.certifier.as_str(), c.reasons.as_slice()))
    }

    fn headline(&self) -> String {
        let p = &self.pool;
        format!(
            "{} graded calls by {} certifiers; the pool passes {}% (interval {} to {}%), mean score {}",
            p.calls,
            self.certifiers.len(),
            fmt_num(p.pass_rate),
            fmt_num(p.pass_rate_interval[0]),
            fmt_num(p.pass_rate_interval[1]),
            fmt_num(p.mean_score)
        )
    }

    /// The result as plain text: one line per certifier, then the reasons of those flagged
    /// for review.
    pub fn to_text(&self) -> String {
        let mut s = format!("Certifier leniency\n{}\n\n", self.headline());
        let w = self
            .certifiers
            .iter()
            .map(|c| c.certifier.chars().count())
            .max()
            .unwrap_or(9)
            .max(9);
        let _ = writeln!(
            s,
            "{:<w$}  {:>5}  {:>22}  {:>6}  {:>22}  {:>6}  status",
            "certifier", "calls", "pass rate (interval)", "gap", "mean score (interval)", "gap"
        );
        for c in &self.certifiers {
            let st = &c.stats;
            let _ = writeln!(
                s,
                "{:<w$}  {:>5}  {:>22}  {:>6}  {:>22}  {:>6}  {}",
                c.certifier,
                st.calls,
                format!(
                    "{}% ({}-{})",
                    fmt_num(st.pass_rate),
                    fmt_num(st.pass_rate_interval[0]),
                    fmt_num(st.pass_rate_interval[1])
                ),
                signed(c.pass_rate_gap),
                format!(
                    "{} ({}-{})",
                    fmt_num(st.mean_score),
                    fmt_num(st.mean_score_interval[0]),
                    fmt_num(st.mean_score_interval[1])
                ),
                signed(c.mean_score_gap),
                lstatus(c.status)
            );
        }
        text_end(&mut s, &self.reasons, self.flagged(), &self.policy);
        s
    }

    /// The result as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("# Certifier leniency\n\n{}\n\n", md(&self.headline()));
        s.push_str("| Certifier | Calls | Pass rate | Interval | Gap | Mean score | Interval | Gap | Status |\n|---|---:|---:|---|---:|---:|---|---:|---|\n");
        for c in &self.certifiers {
            let st = &c.stats;
            let _ = writeln!(
                s,
                "| {} | {} | {}% | {} to {}% | {} | {} | {} to {} | {} | {} |",
                md(&c.certifier),
                st.calls,
                fmt_num(st.pass_rate),
                fmt_num(st.pass_rate_interval[0]),
                fmt_num(st.pass_rate_interval[1]),
                signed(c.pass_rate_gap),
                fmt_num(st.mean_score),
                fmt_num(st.mean_score_interval[0]),
                fmt_num(st.mean_score_interval[1]),
                signed(c.mean_score_gap),
                lstatus(c.status)
            );
        }
        s.push('\n');
        flagged(&mut s, Style::Markdown, self.flagged());
        s
    }

    /// The result as CSV: one row per certifier, then the pool.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if the CSV writer fails (it does not on valid text).
    pub fn to_csv(&self) -> Result<String> {
        let mut head: Vec<String> = STATS_COLUMNS.map(String::from).to_vec();
        head.extend(["pass_rate_gap", "mean_score_gap", "status"].map(String::from));
        let mut rows = vec![head];
        let row =
            |name: &str, st: &super::leniency::CallStats, g1: String, g2: String, status: &str| {
                vec![
                    name.to_string(),
                    st.calls.to_string(),
                    st.passes.to_string(),
                    fmt_num(st.pass_rate),
                    fmt_num(st.pass_rate_interval[0]),
                    fmt_num(st.pass_rate_interval[1]),
                    fmt_num(st.mean_score),
                    fmt_num(st.mean_score_interval[0]),
                    fmt_num(st.mean_score_interval[1]),
                    g1,
                    g2,
                    status.to_string(),
                ]
            };
        for c in &self.certifiers {
            rows.push(row(
                &c.certifier,
                &c.stats,
                fmt_num(c.pass_rate_gap),
                fmt_num(c.mean_score_gap),
                lstatus(c.status),
            ));
        }
        rows.push(row("(pool)", &self.pool, String::new(), String::new(), ""));
        csv_out(rows)
    }
}
