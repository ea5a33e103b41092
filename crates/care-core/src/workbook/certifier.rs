//! The certifier's Call Cert Tracking workbook for one agent: all the calls on one sheet.
//!
//! [`template_xlsx`] writes it: the agent's name cells, one row per scorecard item (id,
//! section, text, weight, critical, bonus), one column per call (`Call 2 (PDP)`; call 1 is
//! the coached call, scored automatically), a drop-down list (yes / no / N/A) on every mark
//! cell and a number range (0 to 100) on the typed-score row, and formulas that show each
//! call's score, result, the passes, the pass rate and the file name as the certifier
//! grades, so the workbook is useful on its own.
//!
//! [`read_workbook`] reads a filled workbook's cell values and scores it with care-core's
//! own rules (the formulas are only for people); where a formula's cached value disagrees
//! with care-core, the answer lists it.

use super::cells::{Sheet, Value, Workbook};
use super::{error, write_error};
use crate::cell_ref::column_letters;
use crate::certification::{evaluate, Call, CallKind, CertPolicy, Evaluation, PersonName, Session};
use crate::error::{Error, Result};
use crate::scorecard::{Item, Mark, Marks, Scorecard, ScorecardScore, Section};
use serde::{Deserialize, Serialize};

/// The sheet's name.
pub const SHEET: &str = "Call Cert";

const HEADER_ROW: u32 = 6;
const FIRST_CALL_COL: u16 = 6;
const LAST_NAME: &str = "Agent last name";
const FIRST_NAME: &str = "Agent first name";
const TYPED: &str = "Score (typed, instead of marks)";
const SCORE: &str = "Score";
const CERTIFIER: &str = "Certifier";

fn kind_of(n: u8, policy: &CertPolicy) -> CallKind {
    if n <= policy.pdp_calls {
        CallKind::Pdp
    } else {
        CallKind::Mapd
    }
}

/// Writes the Call Cert Tracking workbook for `agent` (may be empty: the certifier fills
/// the name cells) with `template`'s items and `policy`'s calls.
///
/// # Errors
///
/// An invalid template or policy; [`Error::InvalidInput`] if the workbook cannot be written.
pub fn template_xlsx(agent: &str, template: &Scorecard, policy: &CertPolicy) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{
        DataValidation, DataValidationRule, Format, Formula, Workbook as Writer,
    };
    template.validate()?;
    policy.validate()?;
    let name = PersonName::parse(agent);
    let mut book = Writer::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_text_wrap();
    let input = Format::new().set_background_color("FFF2CC").set_unlocked();
    let ws = book.add_worksheet();
    ws.set_name(SHEET).map_err(write_error)?;
    // A formula's cached value is what a reader that does not recalculate shows (LibreOffice
    // by default, calamine, openpyxl): blank, unless a value is given below for the fresh
    // template (the coached call's score, its pass, the passes, the pass rate, the name).
    ws.set_formula_result_default("");
    let w = |e| write_error(e);
    ws.write_string_with_format(0, 0, "Call Cert Tracking", &bold)
        .map_err(w)?;
    ws.write_string(2, 0, LAST_NAME).map_err(w)?;
    ws.write_string_with_format(
        2,
        1,
        crate::cohort::report::neutralize_csv_cell(&name.last),
        &input,
    )
    .map_err(w)?;
    ws.write_string(3, 0, FIRST_NAME).map_err(w)?;
    ws.write_string_with_format(
        3,
        1,
        crate::cohort::report::neutralize_csv_cell(&name.first),
        &input,
    )
    .map_err(w)?;
    ws.write_string(4, 0, CERTIFIER).map_err(w)?;
    ws.write_blank(4, 1, &input).map_err(w)?;
    let cols = [
        "Item",
        "Section",
        "What the certifier looks for",
        "Weight",
        "Critical",
        "Bonus",
    ];
    for (i, h) in cols.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *h, &head)
            .map_err(w)?;
    }
    for n in 1..=policy.calls {
        let kind = kind_of(n, policy);
        let label = if n == policy.coached_call {
            format!("Call {n} ({kind}, coached)")
        } else {
            format!("Call {n} ({kind})")
        };
        ws.write_string_with_format(HEADER_ROW, FIRST_CALL_COL + u16::from(n) - 1, label, &head)
            .map_err(w)?;
    }
    let items: Vec<(&Section, &Item)> = template.items().collect();
    let first = HEADER_ROW + 1;
    let last = first + u32::try_from(items.len()).unwrap_or(0) - 1;
    for (i, (s, item)) in items.iter().enumerate() {
        let r = first + i as u32;
        ws.write_string(r, 0, &item.id).map_err(w)?;
        ws.write_string(r, 1, if s.title.is_empty() { &s.id } else { &s.title })
            .map_err(w)?;
        ws.write_string(r, 2, &item.text).map_err(w)?;
        ws.write_number(r, 3, item.weight).map_err(w)?;
        if item.critical {
            ws.write_string(r, 4, "yes").map_err(w)?;
        }
        if item.bonus {
            ws.write_string(r, 5, "yes").map_err(w)?;
        }
    }
    // Section ids for reading back, in a hidden column.
    let sec_col = FIRST_CALL_COL + u16::from(policy.calls) + 1;
    ws.write_string(HEADER_ROW, sec_col, "section_id")
        .map_err(w)?;
    for (i, (s, _)) in items.iter().enumerate() {
        ws.write_string(first + i as u32, sec_col, &s.id)
            .map_err(w)?;
    }
    ws.set_column_hidden(sec_col).map_err(w)?;
    let last_call = FIRST_CALL_COL + u16::from(policy.calls) - 1;
    let marks = DataValidation::new()
        .allow_list_strings(&["yes", "no", "N/A"])
        .map_err(w)?;
    ws.add_data_validation(first, FIRST_CALL_COL, last, last_call, &marks)
        .map_err(w)?;
    let typed_row = last + 1;
    let score_row = last + 2;
    let result_row = last + 3;
    ws.write_string_with_format(typed_row, 0, TYPED, &bold)
        .map_err(w)?;
    ws.write_string_with_format(score_row, 0, SCORE, &bold)
        .map_err(w)?;
    ws.write_string_with_format(result_row, 0, "Result", &bold)
        .map_err(w)?;
    let range = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_error_message("A score is a number from 0 to 100")
        .map_err(w)?;
    ws.add_data_validation(typed_row, FIRST_CALL_COL, typed_row, last_call, &range)
        .map_err(w)?;
    let (r1, r2) = (first + 1, last + 1);
    let n_items = items.len();
    // The fresh template's values: only the coached call is scored.
    let coached_passes = policy.coached_call >= 1
        && policy.coached_call <= policy.calls
        && policy.coached_score >= policy.pass_mark;
    let fresh_passes = u8::from(coached_passes);
    let fresh_rate = crate::certification::pass_rate(fresh_passes, policy.calls)?;
    for n in 1..=policy.calls {
        let c = FIRST_CALL_COL + u16::from(n) - 1;
        let l = column_letters(u32::from(c));
        let m = format!("{l}{r1}:{l}{r2}");
        let typed = format!("{l}{}", typed_row + 1);
        let f = if n == policy.coached_call {
            format!("=IF({typed}<>\"\",{typed},{})", policy.coached_score)
        } else {
            let reg = format!("($F${r1}:$F${r2}<>\"yes\")*$D${r1}:$D${r2}");
            format!(
                "=IF({typed}<>\"\",{typed},IF(COUNTA({m})<{n_items},\"\",IF(SUMPRODUCT(($E${r1}:$E${r2}=\"yes\")*({m}=\"no\"))>0,0,ROUND(MIN(100,ROUND(SUMPRODUCT({reg}*({m}=\"yes\"))*100/SUMPRODUCT({reg}*(({m}=\"yes\")+({m}=\"no\"))),2)+ROUND(SUMPRODUCT(($F${r1}:$F${r2}=\"yes\")*$D${r1}:$D${r2}*({m}=\"yes\")),2)),2))))"
            )
        };
        let coached = n == policy.coached_call;
        let (score, result) = if coached {
            let verdict = if policy.coached_score >= policy.pass_mark {
                "pass"
            } else {
                "fail"
            };
            (policy.coached_score.to_string(), verdict)
        } else {
            (String::new(), "")
        };
        ws.write_formula(score_row, c, Formula::new(f).set_result(score))
            .map_err(w)?;
        let s = format!("{l}{}", score_row + 1);
        ws.write_formula(
            result_row,
            c,
            Formula::new(format!(
                "=IF({s}=\"\",\"\",IF({s}>={},\"pass\",\"fail\"))",
                policy.pass_mark
            ))
            .set_result(result),
        )
        .map_err(w)?;
    }
    let lc = column_letters(u32::from(last_call));
    let fc = column_letters(u32::from(FIRST_CALL_COL));
    let res = format!("{fc}{}:{lc}{}", result_row + 1, result_row + 1);
    let sum = result_row + 2;
    ws.write_string_with_format(sum, 0, "Passes", &bold)
        .map_err(w)?;
    ws.write_formula(
        sum,
        1,
        Formula::new(format!("=COUNTIF({res},\"pass\")")).set_result(fresh_passes.to_string()),
    )
    .map_err(w)?;
    ws.write_string_with_format(sum + 1, 0, "Pass rate", &bold)
        .map_err(w)?;
    ws.write_formula_with_format(
        sum + 1,
        1,
        Formula::new(format!("=FLOOR(B{}/{},0.01)", sum + 1, policy.calls))
            .set_result((f64::from(fresh_rate) / 100.0).to_string()),
        &Format::new().set_num_format("0%"),
    )
    .map_err(w)?;
    ws.write_string_with_format(sum + 2, 0, "Save as", &bold)
        .map_err(w)?;
    ws.write_formula(
        sum + 2,
        1,
        Formula::new(format!("=B3&\"_\"&B4&\"_\"&TEXT(B{},\"0%\")", sum + 2)).set_result(format!(
            "{}_{}_{fresh_rate}%",
            crate::cohort::report::neutralize_csv_cell(&name.last),
            crate::cohort::report::neutralize_csv_cell(&name.first)
        )),
    )
    .map_err(w)?;
    ws.set_column_width(0, 30).map_err(w)?;
    ws.set_column_width(1, 22).map_err(w)?;
    ws.set_column_width(2, 60).map_err(w)?;
    for c in FIRST_CALL_COL..=last_call {
        ws.set_column_width(c, 14).map_err(w)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 1).map_err(w)?;
    book.save_to_buffer().map_err(write_error)
}

/// A formula's cached value that disagrees with care-core's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Disagreement {
    /// The cell: `'Call Cert'!H31`.
    pub place: String,
    /// What the workbook shows.
    pub shown: String,
    /// What care-core computes.
    pub computed: f64,
}

/// A filled Call Cert Tracking workbook, scored by care-core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CertWorkbook {
    /// The certification.
    pub evaluation: Evaluation,
    /// The scorecards of the calls graded with marks, by call number.
    pub scorecards: Vec<(u8, ScorecardScore)>,
    /// Formula cells whose cached value disagrees with care-core.
    pub disagreements: Vec<Disagreement>,
}

fn parse_mark(v: &Value) -> Option<Mark> {
    match v.to_text().trim().to_ascii_lowercase().as_str() {
        "yes" | "y" => Some(Mark::Yes),
        "no" | "n" => Some(Mark::No),
        "n/a" | "na" | "not applicable" => Some(Mark::NotApplicable),
        _ => None,
    }
}

/// Reads and scores a filled Call Cert Tracking workbook (see the [module docs](self)).
///
/// # Errors
///
/// Everything [`Workbook::open`] refuses; [`Error::Parse`] naming the sheet and cell of a
/// missing layout part, a mark that is not yes / no / N/A, text where a score belongs, a
/// call marked on some items only; the certification's own errors.
pub fn read_workbook(bytes: &[u8], policy: &CertPolicy) -> Result<CertWorkbook> {
    policy.validate()?;
    let mut book = Workbook::open(bytes)?;
    let name = book.has_sheet(SHEET).then_some(SHEET);
    let sheet = book.sheet(name)?;
    score_sheet(&sheet, policy).map(|(w, _)| w)
}

/// A filled workbook read as [`read_workbook`] reads it, with the template its item rows
/// make and the certifier's name cell (`Certifier`, above the items), when filled.
pub(crate) fn read_marked(
    bytes: &[u8],
    policy: &CertPolicy,
) -> Result<(CertWorkbook, Scorecard, Option<String>)> {
    policy.validate()?;
    let mut book = Workbook::open(bytes)?;
    let name = book.has_sheet(SHEET).then_some(SHEET);
    let sheet = book.sheet(name)?;
    let (w, template) = score_sheet(&sheet, policy)?;
    let certifier = label_row(&sheet, CERTIFIER, 0)
        .and_then(|r| sheet.get(r, 1))
        .map(|v| v.to_text().trim().to_string())
        .filter(|t| !t.is_empty());
    Ok((w, template, certifier))
}

fn label_row(sheet: &Sheet, label: &str, from: u32) -> Option<u32> {
    sheet
        .rows()
        .filter(|(r, _)| *r >= from)
        .find(|(r, _)| {
            sheet
                .text(*r, 0)
                .is_some_and(|t| t.eq_ignore_ascii_case(label))
        })
        .map(|(r, _)| r)
}

fn score_sheet(sheet: &Sheet, policy: &CertPolicy) -> Result<(CertWorkbook, Scorecard)> {
    let at = |r: u32, c: u32| sheet.place(r, c);
    let Some((hr, head)) = sheet.find_header(|cells| {
        cells
            .first()
            .is_some_and(|c| c.col == 0 && c.value.to_text().trim().eq_ignore_ascii_case("item"))
    }) else {
        return Err(error(
            crate::cell_ref::sheet_prefix(&sheet.name),
            "no header row starting with \"Item\"; use the workbook care cert template writes",
        ));
    };
    sheet.refuse_merged_from(hr)?;
    let mut calls: Vec<(u8, u32)> = Vec::new();
    let mut sec_col = None;
    for c in head {
        let t = c.value.to_text();
        if let Some(rest) = t.trim().strip_prefix("Call ") {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = n.parse::<u8>() {
                calls.push((n, c.col));
            }
        } else if t == "section_id" {
            sec_col = Some(c.col);
        }
    }
    let name_of = |label: &str| -> Result<String> {
        let r = label_row(sheet, label, 0)
            .filter(|r| *r < hr)
            .ok_or_else(|| {
                error(
                    sheet.place(0, 0),
                    format!("no {label:?} cell above the items"),
                )
            })?;
        sheet
            .get(r, 1)
            .map(Value::to_text)
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| error(at(r, 1), format!("the {} is empty", label.to_lowercase())))
    };
    let agent = format!(
        "{}, {}",
        name_of(LAST_NAME)?.trim(),
        name_of(FIRST_NAME)?.trim()
    );
    let typed_row = label_row(sheet, TYPED, hr + 1).ok_or_else(|| {
        error(
            sheet.place(hr, 0),
            format!("no {TYPED:?} row below the items"),
        )
    })?;
    let score_row = label_row(sheet, SCORE, typed_row + 1);
    // Items.
    let mut sections: Vec<Section> = Vec::new();
    let mut item_rows = Vec::new();
    for r in hr + 1..typed_row {
        let Some(id) = sheet.text(r, 0) else { continue };
        let weight = match sheet.get(r, 3) {
            Some(Value::Number(x)) => *x,
            other => {
                return Err(error(
                    at(r, 3),
                    format!(
                        "{:?} is not a weight; give a number above 0",
                        other.map(Value::to_text).unwrap_or_default()
                    ),
                ))
            }
        };
        let yes = |c: u32| {
            sheet
                .text(r, c)
                .is_some_and(|t| t.eq_ignore_ascii_case("yes"))
        };
        let sec_id = sec_col
            .and_then(|c| sheet.text(r, c))
            .or_else(|| sheet.text(r, 1))
            .unwrap_or("items")
            .to_string();
        let item = Item {
            id: id.to_string(),
            text: sheet.text(r, 2).unwrap_or("").to_string(),
            weight,
            critical: yes(4),
            bonus: yes(5),
        };
        match sections.last_mut() {
            Some(s) if s.id == sec_id => s.items.push(item),
            _ => sections.push(Section {
                id: sec_id,
                title: sheet.text(r, 1).unwrap_or("").to_string(),
                items: vec![item],
            }),
        }
        item_rows.push((r, id.to_string()));
    }
    let template = Scorecard {
        id: "workbook".into(),
        name: sheet.name.clone(),
        version: String::new(),
        sections,
    };
    template
        .validate()
        .map_err(|e| error(sheet.place(hr, 0), e.to_string()))?;
    let mut session_calls = Vec::new();
    let mut scorecards = Vec::new();
    for &(n, col) in &calls {
        let typed = match sheet.get(typed_row, col) {
            None => None,
            Some(Value::Number(x)) => Some(*x),
            Some(v) => {
                return Err(Error::InvalidScore {
                    place: at(typed_row, col),
                    message: format!(
                        "{:?} is text where a score belongs; give a number from 0 to 100",
                        crate::suggest::clip(&v.to_text())
                    ),
                })
            }
        };
        let mut marks = Marks::new();
        let mut missing = None;
        for (r, id) in &item_rows {
            match sheet.get(*r, col) {
                None => {
                    missing.get_or_insert(*r);
                }
                Some(v) => {
                    let m = parse_mark(v).ok_or_else(|| {
                        error(
                            at(*r, col),
                            format!(
                                "{:?} is not a mark; choose yes, no or N/A",
                                crate::suggest::clip(&v.to_text())
                            ),
                        )
                    })?;
                    marks.insert(id.clone(), m);
                }
            }
        }
        let mut call = Call::scored(n, 0.0);
        call.score = None;
        call.kind = Some(kind_of(n, policy));
        if let Some(s) = typed {
            call.score = Some(s);
        } else if n == policy.coached_call || marks.is_empty() {
            // The coached call is scored automatically; an unmarked call is not taken.
            if n != policy.coached_call {
                continue;
            }
        } else if let Some(r) = missing {
            return Err(error(
                at(r, col),
                format!(
                    "call {n} is marked on {} of {} items; mark this one yes, no or N/A",
                    marks.len(),
                    item_rows.len()
                ),
            ));
        } else {
            let s = template
                .score(&marks)
                .map_err(|e| error(at(hr, col), format!("call {n}: {e}")))?;
            call.score = Some(s.score);
            scorecards.push((n, s));
        }
        session_calls.push(call);
    }
    let session = Session {
        agent,
        calls: session_calls,
    };
    let evaluation = evaluate(&session, policy)?;
    let mut disagreements = Vec::new();
    if let Some(sr) = score_row {
        for &(n, col) in &calls {
            let computed = evaluation
                .calls
                .iter()
                .find(|c| c.number == n)
                .and_then(|c| c.score);
            let shown = sheet.get(sr, col);
            let differs = match (shown, computed) {
                (Some(Value::Number(x)), Some(c)) => (x - c).abs() > 0.005,
                (Some(Value::Number(_)), None) => true,
                (Some(v), Some(_)) => !v.to_text().trim().is_empty(),
                _ => false,
            };
            if differs {
                if let Some(c) = computed {
                    disagreements.push(Disagreement {
                        place: at(sr, col),
                        shown: shown.map(Value::to_text).unwrap_or_default(),
                        computed: c,
                    });
                }
            }
        }
    }
    Ok((
        CertWorkbook {
            evaluation,
            scorecards,
            disagreements,
        },
        template,
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The template for Rivera, Ana with `marks[call]` written into every item row.
    pub(crate) fn filled(marks: &[(u16, &str)], typed: &[(u16, &str)]) -> Vec<u8> {
        let p = CertPolicy::default();
        let t = Scorecard::sample();
        let bytes = template_xlsx("Rivera, Ana", &t, &p).unwrap();
        let n = t.items().count() as u32;
        super::super::tracker::tests::rezip(&bytes, |name, data| {
            if name != "xl/worksheets/sheet1.xml" {
                return data;
            }
            let mut s = String::from_utf8(data).unwrap();
            for &(call, mark) in marks {
                let col = column_letters(u32::from(FIRST_CALL_COL + call - 1));
                for r in HEADER_ROW + 2..HEADER_ROW + 2 + n {
                    let cell =
                        format!("<c r=\"{col}{r}\" t=\"inlineStr\"><is><t>{mark}</t></is></c>");
                    s = s.replacen(
                        &format!("<row r=\"{r}\""),
                        &format!("<row r=\"{r}\" x=\"\""),
                        1,
                    );
                    let at = s.find(&format!("<row r=\"{r}\" x=\"\"")).unwrap();
                    let end = at + s[at..].find("</row>").unwrap();
                    s.insert_str(end, &cell);
                    s = s.replacen(" x=\"\"", "", 1);
                }
            }
            for &(call, v) in typed {
                let col = column_letters(u32::from(FIRST_CALL_COL + call - 1));
                let r = HEADER_ROW + 2 + n;
                let at = s.find(&format!("<row r=\"{r}\"")).unwrap();
                let end = at + s[at..].find("</row>").unwrap();
                s.insert_str(
                    end,
                    &format!("<c r=\"{col}{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"),
                );
            }
            s.into_bytes()
        })
    }

    #[test]
    fn a_template_filled_in_is_scored_by_care_core() {
        let bytes = filled(&[(2, "yes"), (3, "yes"), (4, "yes"), (5, "yes")], &[]);
        let w = read_workbook(&bytes, &CertPolicy::default()).unwrap();
        assert_eq!(w.evaluation.file_stem, "Rivera_Ana_100%");
        assert_eq!(w.scorecards.len(), 4);
        // The graded calls' formulas have blank cached values (nothing recalculated them):
        // blank is not a disagreement.
        assert_eq!(w.disagreements, vec![]);
        let e = read_workbook(&filled(&[(2, "maybe")], &[]), &CertPolicy::default()).unwrap_err();
        assert!(e.to_string().contains("'Call Cert'!H8"), "{e}");
        let e = read_workbook(&filled(&[], &[(3, "ninety")]), &CertPolicy::default()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidScore);
        assert!(e.to_string().contains("'Call Cert'!I"), "{e}");
    }

    #[test]
    fn a_fresh_template_caches_the_coached_call() {
        let p = CertPolicy::default();
        let bytes = template_xlsx("Rivera, Ana", &Scorecard::sample(), &p).unwrap();
        let w = read_workbook(&bytes, &p).unwrap();
        assert_eq!(
            w.disagreements,
            vec![],
            "a fresh template agrees with care-core"
        );
        assert_eq!(w.evaluation.file_stem, "Rivera_Ana_20%");
        let sheet = Workbook::open(&bytes).unwrap().sheet(Some(SHEET)).unwrap();
        let row_of = |label: &str| label_row(&sheet, label, 0).unwrap();
        let score = row_of(SCORE);
        let g = u32::from(FIRST_CALL_COL);
        assert_eq!(sheet.get(score, g), Some(&Value::Number(100.0)));
        assert_eq!(sheet.get(score + 1, g), Some(&Value::Text("pass".into())));
        assert!(sheet
            .get(score, g + 1)
            .is_none_or(|v| v.to_text().is_empty()));
        let passes = row_of("Passes");
        assert_eq!(sheet.get(passes, 1), Some(&Value::Number(1.0)));
        assert_eq!(sheet.get(passes + 1, 1), Some(&Value::Number(0.2)));
        assert_eq!(
            sheet.get(passes + 2, 1),
            Some(&Value::Text("Rivera_Ana_20%".into()))
        );
    }
}
