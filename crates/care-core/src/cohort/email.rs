//! The end-of-day report as an email draft: an HTML body ([`report_html`]: inline styles,
//! a table layout, no scripts or external images) and a whole RFC 5322 message
//! ([`report_eml`]: multipart/alternative plain text and HTML, the report workbook attached
//! in base64, `To` the policy's distribution list, `X-Unsent: 1` so a mail client opens it
//! as a draft). care-core never sends mail.

use super::report::Report;
use super::CohortPolicy;
use crate::error::{Error, Result};
use std::fmt::Write as _;

/// Checks one address of a distribution list: `name@domain`, one line, no spaces, commas,
/// angle brackets or quotes (nothing that could add a header or a recipient).
pub(crate) fn check_address(address: &str) -> std::result::Result<(), String> {
    let bad = address.is_empty()
        || address.len() > 254
        || address
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "<>,;\"()[]\\".contains(c))
        || !matches!(address.split_once('@'), Some((l, d)) if !l.is_empty() && d.contains('.') && !d.contains('@'));
    if bad {
        Err(format!(
            "{:?} is not an email address like ops-leadership@example.com",
            crate::suggest::clip(address)
        ))
    } else {
        Ok(())
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const TD: &str = "padding:4px 8px;border:1px solid #d0d7de;font-family:Arial,Helvetica,sans-serif;font-size:13px;";
const TH: &str = "padding:4px 8px;border:1px solid #d0d7de;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;font-size:13px;text-align:left;";

fn state_style(label: &str) -> &'static str {
    match label {
        "certified" => "background:#C6EFCE;color:#006100;",
        "failed" => "background:#FFC7CE;color:#9C0006;",
        _ => "",
    }
}

fn fmt_score(s: Option<f64>) -> String {
    match s {
        None => "-".into(),
        Some(x) => {
            let t = format!("{x:.2}");
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// The report as an HTML email body: one table per section, inline styles only.
pub fn report_html(report: &Report) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Call Cert EOD report {}</title></head>\n<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#1f2328;\">\n",
        report.as_of
    );
    let _ = writeln!(
        h,
        "<h2 style=\"font-size:18px;margin:0 0 8px 0;\">End-of-day call cert report, {}</h2>",
        esc(&report.as_of.strftime("%a %Y-%m-%d").to_string())
    );
    if !report.coordinator.is_empty() {
        let _ = writeln!(
            h,
            "<p style=\"margin:0 0 8px 0;font-size:13px;\">Coordinator: {}</p>",
            esc(&report.coordinator)
        );
    }
    let t = &report.totals;
    let _ = writeln!(
        h,
        "<p style=\"margin:0 0 12px 0;font-size:13px;\">{} agents: {} certified, {} failed, {} in certification, {} waiting, {} blocked by equipment</p>",
        t.agents, t.certified, t.failed, t.in_certification, t.waiting, t.blocked_by_equipment
    );
    let table = |h: &mut String,
                 title: &str,
                 head: &[&str],
                 rows: Vec<Vec<(String, &'static str)>>| {
        let _ = writeln!(
            h,
            "<h3 style=\"font-size:15px;margin:16px 0 6px 0;\">{}</h3>",
            esc(title)
        );
        if rows.is_empty() {
            h.push_str("<p style=\"margin:0;font-size:13px;\">none</p>\n");
            return;
        }
        h.push_str("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\">\n<tr>");
        for c in head {
            let _ = write!(h, "<th style=\"{TH}\">{}</th>", esc(c));
        }
        h.push_str("</tr>\n");
        for r in rows {
            h.push_str("<tr>");
            for (c, style) in r {
                let _ = write!(h, "<td style=\"{TD}{style}\">{}</td>", esc(&c));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
    };
    let agents = report
        .agents
        .iter()
        .map(|a| {
            let step = match (&a.current_step, &a.next_step) {
                (Some(c), _) => format!("{} due {}", c.name, c.date),
                (None, Some(n)) => format!("next {} {}", n.name, n.date),
                (None, None) => "-".into(),
            };
            vec![
                (a.name.clone(), ""),
                (a.day.to_string(), ""),
                (a.state.label().to_string(), state_style(a.state.label())),
                (
                    a.scores
                        .iter()
                        .map(|s| fmt_score(*s))
                        .collect::<Vec<_>>()
                        .join(" "),
                    "",
                ),
                (format!("{}%", a.pass_rate), ""),
                (
                    step,
                    if a.current_step.is_some() {
                        "background:#FFEB9C;color:#9C5700;"
                    } else {
                        ""
                    },
                ),
                (a.missing_self_reports.len().to_string(), ""),
                (super::report::or_dash(a.what_would_change_it()), ""),
            ]
        })
        .collect();
    table(
        &mut h,
        "Agents",
        &[
            "Agent",
            "Day",
            "State",
            "Scores",
            "Pass rate",
            "Escalation",
            "Missing reports",
            "What would change it",
        ],
        agents,
    );
    let esc_rows = report
        .agents
        .iter()
        .filter(|a| a.current_step.is_some() || a.next_step.is_some())
        .map(|a| {
            let cur = a
                .current_step
                .as_ref()
                .map(|s| format!("{} ({})", s.name, s.date))
                .unwrap_or_default();
            let next = a
                .next_step
                .as_ref()
                .map(|s| format!("{} ({})", s.name, s.date))
                .unwrap_or_default();
            let style = if a.current_step.is_some() {
                "background:#FFEB9C;color:#9C5700;"
            } else {
                ""
            };
            vec![(a.name.clone(), ""), (cur, style), (next, "")]
        })
        .collect();
    table(
        &mut h,
        "Escalations",
        &["Agent", "Step reached", "Next step"],
        esc_rows,
    );
    let missing = report
        .agents
        .iter()
        .filter(|a| !a.missing_self_reports.is_empty())
        .map(|a| {
            vec![
                (a.name.clone(), ""),
                (
                    a.missing_self_reports
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    "",
                ),
            ]
        })
        .collect();
    table(&mut h, "Missing self-reports", &["Agent", "Days"], missing);
    let open = report
        .agents
        .iter()
        .filter_map(|a| {
            a.equipment_issue_since
                .map(|d| vec![(a.name.clone(), ""), (d.to_string(), "")])
        })
        .collect();
    table(
        &mut h,
        "Open equipment issues",
        &["Agent", "Open since"],
        open,
    );
    let notes = report
        .agents
        .iter()
        .filter_map(|a| {
            a.last_note
                .as_ref()
                .map(|n| vec![(a.name.clone(), ""), (n.clone(), "")])
        })
        .collect();
    table(&mut h, "Notes", &["Agent", "Last note"], notes);
    let _ = writeln!(
        h,
        "<p style=\"margin:16px 0 0 0;font-size:11px;color:#57606a;\">Policy: {}</p>\n</body></html>",
        esc(&report.policy.to_string())
    );
    h
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (RFC 4648) in lines of 76 characters ending in CRLF, as MIME wants it.
pub fn base64_lines(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 38 + 8);
    let mut col = 0;
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            let c = if i <= chunk.len() {
                B64[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            };
            out.push(c);
        }
        col += 4;
        if col == 76 {
            out.push_str("\r\n");
            col = 0;
        }
    }
    if col > 0 {
        out.push_str("\r\n");
    }
    out
}

/// The email's subject: `Call Cert EOD report 2026-07-10`.
pub fn subject(report: &Report) -> String {
    format!("Call Cert EOD report {}", report.as_of)
}

/// The report as a whole RFC 5322 message (CRLF line ends): `To` the policy's distribution
/// list, the subject [`subject`], `X-Unsent: 1`, a multipart/alternative body (the plain
/// text of [`Report::to_text`] and [`report_html`]) and, when given, the report workbook
/// attached as `workbook_name` (base64).
///
/// # Errors
///
/// [`Error::InvalidPolicy`] when the distribution list is empty or holds a bad address.
pub fn report_eml(
    report: &Report,
    policy: &CohortPolicy,
    workbook: Option<(&str, &[u8])>,
) -> Result<String> {
    policy.validate()?;
    if policy.distribution_list.is_empty() {
        return Err(Error::InvalidPolicy {
            policy: policy.id.clone(),
            problems: vec![crate::error::Problem::new(
                "distribution_list",
                "is empty; name who the end-of-day report goes to",
            )],
        });
    }
    let stamp = report.as_of.to_string().replace('-', "");
    let outer = format!("care-eod-mixed-{stamp}");
    let inner = format!("care-eod-alt-{stamp}");
    let mut m = String::new();
    let _ = write!(m, "To: {}\r\n", policy.distribution_list.join(", "));
    let _ = write!(m, "Subject: {}\r\n", subject(report));
    let _ = write!(
        m,
        "Date: {}\r\n",
        report.as_of.strftime("%a, %d %b %Y 17:00:00 +0000")
    );
    m.push_str("X-Unsent: 1\r\nMIME-Version: 1.0\r\n");
    let _ = write!(
        m,
        "Content-Type: multipart/mixed; boundary=\"{outer}\"\r\n\r\n"
    );
    m.push_str("This is a multi-part message in MIME format.\r\n");
    let _ = write!(m, "--{outer}\r\n");
    let _ = write!(
        m,
        "Content-Type: multipart/alternative; boundary=\"{inner}\"\r\n\r\n"
    );
    for (kind, body) in [
        ("text/plain", report.to_text()),
        ("text/html", report_html(report)),
    ] {
        let _ = write!(
            m,
            "--{inner}\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
            base64_lines(body.as_bytes())
        );
    }
    let _ = write!(m, "--{inner}--\r\n");
    if let Some((name, bytes)) = workbook {
        let name: String = name
            .chars()
            .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
            .collect();
        let _ = write!(
            m,
            "--{outer}\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
            base64_lines(bytes)
        );
    }
    let _ = write!(m, "--{outer}--\r\n");
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{report, Cohort};

    fn sample() -> Report {
        let cal = crate::Calendar::us_federal("America/New_York").unwrap();
        report(
            &Cohort::sample(),
            jiff::civil::date(2026, 7, 10),
            &cal,
            &CohortPolicy::default(),
        )
        .unwrap()
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        assert_eq!(base64_lines(b""), "");
        assert_eq!(base64_lines(b"f"), "Zg==\r\n");
        assert_eq!(base64_lines(b"fo"), "Zm8=\r\n");
        assert_eq!(base64_lines(b"foobar"), "Zm9vYmFy\r\n");
        let long = base64_lines(&[0u8; 100]);
        assert!(long.lines().all(|l| l.len() <= 76));
    }

    #[test]
    fn html_has_no_scripts_or_external_images_and_escapes_names() {
        let mut r = sample();
        r.agents[0].name = "<script>alert(1)</script>".into();
        let h = report_html(&r);
        assert!(!h.contains("<script"));
        assert!(!h.contains("<img"));
        assert!(!h.contains("<style"));
        assert!(h.contains("&lt;script&gt;"));
    }

    #[test]
    fn eml_is_a_draft_to_the_list() {
        let r = sample();
        let m = report_eml(
            &r,
            &CohortPolicy::default(),
            Some(("eod.xlsx", b"PK\x03\x04")),
        )
        .unwrap();
        assert!(m.starts_with("To: ops-leadership@example.invalid\r\n"));
        assert!(m.contains("\r\nSubject: Call Cert EOD report 2026-07-10\r\n"));
        assert!(m.contains("\r\nX-Unsent: 1\r\n"));
        assert!(m.contains("multipart/alternative"));
        assert!(m.contains("filename=\"eod.xlsx\""));
        let p = CohortPolicy {
            distribution_list: vec!["a@b.example\r\nBcc: x@y.z".into()],
            ..CohortPolicy::default()
        };
        assert!(report_eml(&r, &p, None).is_err());
    }
}
