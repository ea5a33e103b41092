//! A calibration session as data: the scorecard template, the recorded call(s), and each
//! certifier's marks per item, optionally with a benchmark grader.
//!
//! From TOML or JSON ([`CalibrationSession::from_toml`], [`CalibrationSession::from_json`]):
//!
//! ```toml
//! id = "2026-07-09 calibration"
//! benchmark = "Dana Lee"            # optional: without it, the group's consensus
//! [template]                        # optional: the sample scorecard when left out
//! id = "mini"
//! sections = [ { id = "all", items = [ { id = "greet", weight = 1 }, { id = "verify", weight = 3 } ] } ]
//! [[calls]]
//! id = "call-a"
//! title = "PDP: a formulary question"
//! grades."Dana Lee"    = { greet = "yes", verify = "yes" }
//! grades."Omar Haddad" = { greet = "yes", verify = "no" }
//! ```
//!
//! From CSV ([`CalibrationSession::from_csv`]), one row per certifier and call, the
//! template's item ids as columns (the template and the benchmark come with the call):
//!
//! ```text
//! call,certifier,greet,verify
//! call-a,Dana Lee,yes,yes
//! call-a,Omar Haddad,yes,no
//! ```
//!
//! Marks are `yes`, `no` or `na` (also `y`, `n`, `n/a`). Every grade marks every item (a
//! scorecard cannot be scored otherwise); a certifier may skip a call. Several files of one
//! session (one per certifier, say) are joined with [`CalibrationSession::merge`].

use crate::error::{Error, Problem, Result};
use crate::scorecard::{Mark, Marks, Scorecard};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The most calls a session may have.
pub const MAX_CALLS: usize = 10_000;
/// The most graders (certifiers and the benchmark) a session may have.
pub const MAX_GRADERS: usize = 1_000;

/// A calibration session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CalibrationSession {
    /// The session's id, e.g. `2026-07-09 calibration`.
    #[serde(default)]
    pub id: String,
    /// The scorecard template; the sample when left out.
    #[serde(default = "Scorecard::sample")]
    pub template: Scorecard,
    /// The benchmark grader's name, when one grades the calls as the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<String>,
    /// The calls graded.
    pub calls: Vec<CalibrationCall>,
}

/// One recorded call of a session, with every grader's marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CalibrationCall {
    /// The call's id.
    pub id: String,
    /// What the call is, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Each grader's marks: grader name to item id to mark.
    pub grades: BTreeMap<String, Marks>,
}

crate::policy::loadable!(CalibrationSession, "a calibration session");

impl CalibrationSession {
    /// Every grader's name (the certifiers and the benchmark), sorted.
    pub fn graders(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .calls
            .iter()
            .flat_map(|c| c.grades.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Checks the session as one file of it (one certifier's grades may be all a file has):
    /// the error lists every problem: an invalid template, empty or duplicate call ids, a call
    /// nobody graded, a grade with an unknown or missing item.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidScorecard`] for the template; [`Error::InvalidInput`] listing every
    /// other problem with its place (`calls[1].grades."Omar Haddad".greet`);
    /// [`Error::TooLarge`] over [`MAX_CALLS`] calls or [`MAX_GRADERS`] graders.
    pub fn validate(&self) -> Result<()> {
        self.check(false)
    }

    /// Checks the session as a whole, ready to calibrate: [`CalibrationSession::validate`],
    /// and at least one call, two graders or more, a certifier besides the benchmark, and a
    /// benchmark (when named) that graded every call.
    ///
    /// # Errors
    ///
    /// As [`CalibrationSession::validate`], listing these problems too.
    pub fn validate_complete(&self) -> Result<()> {
        self.check(true)
    }

    fn check(&self, complete: bool) -> Result<()> {
        self.template.validate()?;
        if self.calls.len() > MAX_CALLS {
            return Err(Error::TooLarge {
                what: "calibration calls",
                limit: MAX_CALLS,
                actual: self.calls.len(),
            });
        }
        let graders = self.graders();
        if graders.len() > MAX_GRADERS {
            return Err(Error::TooLarge {
                what: "calibration graders",
                limit: MAX_GRADERS,
                actual: graders.len(),
            });
        }
        let mut problems = Vec::new();
        if complete && self.calls.is_empty() {
            problems.push(Problem::new(
                "calls",
                "there are none; give at least one call",
            ));
        }
        let items: Vec<&str> = self.template.items().map(|(_, i)| i.id.as_str()).collect();
        let known: HashSet<&str> = items.iter().copied().collect();
        let mut ids = HashSet::new();
        for (ci, call) in self.calls.iter().enumerate() {
            let place = format!("calls[{ci}]");
            if call.id.trim().is_empty() {
                problems.push(Problem::new(format!("{place}.id"), "is empty"));
            } else if !ids.insert(call.id.as_str()) {
                problems.push(Problem::new(
                    format!("{place}.id"),
                    format!("duplicate call id {:?}", call.id),
                ));
            }
            if call.grades.is_empty() {
                problems.push(Problem::new(
                    format!("{place}.grades"),
                    format!("nobody graded call {:?}", call.id),
                ));
            }
            for (grader, marks) in &call.grades {
                let gplace = format!("{place}.grades.{:?}", crate::suggest::clip(grader));
                if grader.trim().is_empty() {
                    problems.push(Problem::new(gplace.clone(), "the grader's name is empty"));
                }
                for id in marks.keys() {
                    if !known.contains(id.as_str()) {
                        let hint = crate::suggest::closest(id, items.iter().copied())
                            .map(|s| format!(" (did you mean {s:?}?)"))
                            .unwrap_or_default();
                        problems.push(Problem::new(
                            format!("{gplace}.{}", crate::suggest::clip(id)),
                            format!("unknown item{hint}"),
                        ));
                    }
                }
                for id in &items {
                    if !marks.contains_key(*id) {
                        problems.push(Problem::new(
                            format!("{gplace}.{id}"),
                            "missing; mark it yes, no or na",
                        ));
                    }
                }
            }
            if let (true, Some(b)) = (complete, &self.benchmark) {
                if !call.grades.is_empty() && !call.grades.contains_key(b) {
                    problems.push(Problem::new(
                        format!("{place}.grades"),
                        format!(
                            "the benchmark {b:?} did not grade call {:?}; the benchmark grades every call",
                            call.id
                        ),
                    ));
                }
            }
        }
        let certifiers = graders
            .iter()
            .filter(|g| self.benchmark.as_deref() != Some(**g))
            .count();
        if !complete || self.calls.is_empty() {
            // Nothing more to check in one file of a session.
        } else if graders.len() < 2 {
            problems.push(Problem::new(
                "calls",
                "only one grader; calibration compares two or more",
            ));
        } else if certifiers == 0 {
            problems.push(Problem::new(
                "calls",
                "only the benchmark graded; calibration needs certifiers to compare with it",
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid_input(format!(
                "invalid calibration session{}: {}",
                if self.id.is_empty() {
                    String::new()
                } else {
                    format!(" {:?}", self.id)
                },
                join(&problems)
            )))
        }
    }

    /// Reads a session from CSV: a header `call,certifier,<item ids...>` (the template's items,
    /// in any order; an optional `title` column), then one row per certifier and call, marks
    /// `yes`, `no` or `na`. The template and the benchmark are given, not in the file.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] naming the line and column of a bad cell, an unknown or missing
    /// column, a certifier graded twice on one call; then [`CalibrationSession::validate`]'s
    /// errors; [`Error::TooLarge`] over [`crate::policy::MAX_INPUT_BYTES`].
    pub fn from_csv(
        text: &str,
        template: Scorecard,
        benchmark: Option<String>,
    ) -> Result<CalibrationSession> {
        crate::policy::check_size("calibration CSV", text.len())?;
        template.validate()?;
        let err = |line: u64, col: Option<&str>, message: String| Error::Parse {
            format: "CSV",
            place: Some(match col {
                Some(c) => format!("line {line}, column {c:?}"),
                None => format!("line {line}"),
            }),
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| err(1, None, e.to_string()))?
            .clone();
        let items: Vec<String> = template.items().map(|(_, i)| i.id.clone()).collect();
        let mut cols: Vec<Option<usize>> = Vec::new(); // None = call/certifier/title; Some(i) = item i
        let (mut call_col, mut cert_col, mut title_col) = (None, None, None);
        let mut seen = HashSet::new();
        for (i, name) in header.iter().enumerate() {
            let key = name.to_ascii_lowercase();
            if !seen.insert(name.to_string()) {
                return Err(err(1, Some(name), "the column is given twice".into()));
            }
            match key.as_str() {
                "call" => call_col = Some(i),
                "certifier" | "grader" => cert_col = Some(i),
                "title" => title_col = Some(i),
                _ => match items.iter().position(|it| it == name) {
                    Some(p) => {
                        cols.resize(i + 1, None);
                        cols[i] = Some(p);
                        continue;
                    }
                    None => {
                        let hint = crate::suggest::closest(name, items.iter().map(String::as_str))
                            .map(|s| format!(" (did you mean {s:?}?)"))
                            .unwrap_or_else(|| {
                                format!("; the template {:?} has no such item", template.id)
                            });
                        return Err(err(
                            1,
                            Some(&crate::suggest::clip(name)),
                            format!("unknown column{hint}"),
                        ));
                    }
                },
            }
            cols.resize(i + 1, None);
        }
        let (Some(call_col), Some(cert_col)) = (call_col, cert_col) else {
            return Err(err(
                1,
                None,
                "the header needs a \"call\" and a \"certifier\" column".into(),
            ));
        };
        let mut calls: Vec<CalibrationCall> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                err(line, None, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let call_id = record.get(call_col).unwrap_or("").to_string();
            let certifier = record.get(cert_col).unwrap_or("").to_string();
            if call_id.is_empty() {
                return Err(err(line, Some("call"), "the call is missing".into()));
            }
            if certifier.is_empty() {
                return Err(err(
                    line,
                    Some("certifier"),
                    "the certifier is missing".into(),
                ));
            }
            let mut marks = Marks::new();
            for (i, cell) in record.iter().enumerate() {
                let Some(Some(item)) = cols.get(i) else {
                    continue;
                };
                let name = &items[*item];
                let mark = parse_mark(cell).ok_or_else(|| {
                    err(
                        line,
                        Some(name),
                        format!(
                            "{:?} is not a mark; write yes, no or na",
                            crate::suggest::clip(cell)
                        ),
                    )
                })?;
                marks.insert(name.clone(), mark);
            }
            let idx = match calls.iter().position(|c| c.id == call_id) {
                Some(i) => i,
                None => {
                    calls.push(CalibrationCall {
                        id: call_id.clone(),
                        title: String::new(),
                        grades: BTreeMap::new(),
                    });
                    calls.len() - 1
                }
            };
            let call = &mut calls[idx];
            if let Some(t) = title_col.and_then(|c| record.get(c)) {
                if call.title.is_empty() {
                    call.title = t.to_string();
                }
            }
            if call.grades.insert(certifier.clone(), marks).is_some() {
                return Err(err(
                    line,
                    Some("certifier"),
                    format!("{certifier} graded call {call_id:?} twice; give one row per certifier and call"),
                ));
            }
        }
        let session = CalibrationSession {
            id: String::new(),
            template,
            benchmark,
            calls,
        };
        session.validate()?;
        Ok(session)
    }

    /// Joins several files of one session (one per certifier, say): calls with the same id
    /// join their grades. The sessions must share one template and name the same benchmark
    /// (or none); the first id that is not empty is the joined session's.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when there are no sessions, templates or benchmarks differ, or
    /// a grader graded the same call in two files; then [`CalibrationSession::validate`]'s.
    pub fn merge(sessions: Vec<CalibrationSession>) -> Result<CalibrationSession> {
        let mut it = sessions.into_iter();
        let Some(mut out) = it.next() else {
            return Err(Error::invalid_input("no calibration session to read"));
        };
        for (n, s) in it.enumerate() {
            let file = n + 2;
            if s.template != out.template {
                return Err(Error::invalid_input(format!(
                    "calibration file {file} uses template {:?}; file 1 uses {:?}; a session has one template",
                    s.template.id, out.template.id
                )));
            }
            if s.benchmark.is_some() && out.benchmark.is_some() && s.benchmark != out.benchmark {
                return Err(Error::invalid_input(format!(
                    "calibration file {file} names benchmark {:?}; an earlier file names {:?}",
                    s.benchmark.unwrap_or_default(),
                    out.benchmark.unwrap_or_default()
                )));
            }
            if out.benchmark.is_none() {
                out.benchmark = s.benchmark;
            }
            if out.id.is_empty() {
                out.id = s.id;
            }
            for call in s.calls {
                match out.calls.iter_mut().find(|c| c.id == call.id) {
                    None => out.calls.push(call),
                    Some(existing) => {
                        if existing.title.is_empty() {
                            existing.title = call.title;
                        }
                        for (grader, marks) in call.grades {
                            if existing.grades.contains_key(&grader) {
                                return Err(Error::invalid_input(format!(
                                    "{grader} graded call {:?} in two files (file {file} and an earlier one)",
                                    existing.id
                                )));
                            }
                            existing.grades.insert(grader, marks);
                        }
                    }
                }
            }
        }
        out.validate()?;
        Ok(out)
    }
}

fn parse_mark(s: &str) -> Option<Mark> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" => Some(Mark::Yes),
        "no" | "n" => Some(Mark::No),
        "na" | "n/a" | "not_applicable" => Some(Mark::NotApplicable),
        _ => None,
    }
}

fn join(problems: &[Problem]) -> String {
    match problems {
        [one] => one.to_string(),
        many => format!(
            "{} problems: {}",
            many.len(),
            many.iter()
                .map(Problem::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const MINI: &str = r#"
id = "mini-cal"
benchmark = "Dana"
[template]
id = "mini"
sections = [ { id = "all", items = [ { id = "greet", weight = 1 }, { id = "verify", weight = 3 } ] } ]
[[calls]]
id = "a"
grades.Dana = { greet = "yes", verify = "yes" }
grades.Omar = { greet = "yes", verify = "no" }
"#;

    #[test]
    fn toml_csv_and_merge() {
        let s = CalibrationSession::from_toml(MINI).unwrap();
        assert_eq!(s.graders(), vec!["Dana", "Omar"]);
        let c = CalibrationSession::from_csv(
            "call,certifier,verify,greet\na,Lucia,y,n/a\n",
            s.template.clone(),
            Some("Dana".into()),
        );
        // Lucia alone, with a benchmark that graded nothing here: one file of a session, not
        // a session to calibrate.
        let e = c.unwrap().validate_complete().unwrap_err().to_string();
        assert!(e.contains("benchmark \"Dana\" did not grade"), "{e}");
        assert!(e.contains("only one grader"), "{e}");
        let c = CalibrationSession::from_csv(
            "call,certifier,verify,greet\na,Lucia,y,n/a\na,Ravi,no,yes\n",
            s.template.clone(),
            None,
        )
        .unwrap();
        let m = CalibrationSession::merge(vec![s, c]).unwrap();
        assert_eq!(m.graders(), vec!["Dana", "Lucia", "Omar", "Ravi"]);
        assert_eq!(m.calls.len(), 1);
        assert_eq!(m.benchmark.as_deref(), Some("Dana"));
    }

    #[test]
    fn bad_sessions_name_every_problem() {
        let t = CalibrationSession::from_toml(MINI).unwrap().template;
        let e = CalibrationSession::from_csv("call,certifier,greet,verfy\n", t.clone(), None)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"failed to parse CSV at line 1, column "verfy": unknown column (did you mean "verify"?)"#
        );
        let e = CalibrationSession::from_csv(
            "call,certifier,greet,verify\na,Omar,yes,maybe\n",
            t.clone(),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"failed to parse CSV at line 2, column "verify": "maybe" is not a mark; write yes, no or na"#
        );
        let e = CalibrationSession::from_csv(
            "call,certifier,greet,verify\na,Omar,yes,no\na,Omar,yes,no\n",
            t.clone(),
            None,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("Omar graded call \"a\" twice"),
            "{e}"
        );
        let e = CalibrationSession::from_toml(&MINI.replace(
            r#"greet = "yes", verify = "no""#,
            r#"greet = "yes", verifi = "no""#,
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"invalid calibration session "mini-cal": 2 problems: calls[0].grades."Omar".verifi: unknown item (did you mean "verify"?); calls[0].grades."Omar".verify: missing; mark it yes, no or na"#
        );
        let e = CalibrationSession::from_json(r#"{"calls": []}"#)
            .unwrap()
            .validate_complete()
            .unwrap_err();
        assert!(e.to_string().contains("calls: there are none"), "{e}");
    }
}
