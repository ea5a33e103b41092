//! Progress notes from a sheet, and notes merged into a cohort.

use crate::cohort::notes::ProgressNote;
use crate::cohort::Cohort;
use crate::error::{Error, Result};
use crate::suggest::normalize;
use crate::workbook::cells::{Sheet, Value};
use crate::workbook::error;
use serde::{Deserialize, Serialize};

/// What merging progress notes into a cohort did.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotesMerge {
    /// Notes added.
    pub added: usize,
    /// Notes already there (same agent, date and note), with where they came from.
    pub duplicates: Vec<DuplicateNote>,
}

/// A progress note that was already in the cohort (or earlier in the same sheet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DuplicateNote {
    /// Where it is: `Notes!A7`.
    pub place: String,
    /// The note.
    pub note: ProgressNote,
}

/// Reads progress notes from a sheet: either columns `date`, `name` (or `agent`), `note`
/// under a header row in the first rows, or one `Date - Name - Note` line per row in the
/// first column. Returns each note with its place (`Notes!A7`).
///
/// # Errors
///
/// [`Error::Parse`] naming the cell of a bad date, an empty name or note, or a line that
/// is not `Date - Name - Note`.
pub fn read_notes_sheet(sheet: &Sheet) -> Result<Vec<(String, ProgressNote)>> {
    let key = |v: &Value| match v {
        Value::Text(t) => Some(t.trim().to_ascii_lowercase()),
        _ => None,
    };
    let header = sheet.find_header(|cells| {
        let keys: Vec<String> = cells.iter().filter_map(|c| key(&c.value)).collect();
        keys.iter().any(|k| k == "date")
            && keys.iter().any(|k| k == "name" || k == "agent")
            && keys.iter().any(|k| k == "note")
    });
    let mut out = Vec::new();
    match header {
        Some((hr, cells)) => {
            sheet.refuse_merged_from(hr)?;
            let find = |names: &[&str]| {
                cells
                    .iter()
                    .find(|c| key(&c.value).is_some_and(|k| names.contains(&k.as_str())))
                    .map(|c| c.col)
            };
            let (Some(dc), Some(nc), Some(tc)) =
                (find(&["date"]), find(&["name", "agent"]), find(&["note"]))
            else {
                return Err(error(
                    sheet.place(hr, 0),
                    "the header needs date, name and note",
                ));
            };
            for (r, row) in sheet.rows().filter(|(r, _)| *r > hr) {
                if row.iter().all(|c| c.value.to_text().trim().is_empty()) {
                    continue;
                }
                let get = |col: u32| row.iter().find(|c| c.col == col).map(|c| &c.value);
                let date = get(dc).and_then(Value::as_date).ok_or_else(|| {
                    error(sheet.place(r, dc), "the date is missing or not a date")
                })?;
                let name = get(nc).map(Value::to_text).unwrap_or_default();
                let text = get(tc).map(Value::to_text).unwrap_or_default();
                if name.trim().is_empty() {
                    return Err(error(sheet.place(r, nc), "the name is missing"));
                }
                let note = ProgressNote::new(date, &name, &text)
                    .map_err(|e| error(sheet.place(r, tc), strip(e)))?;
                out.push((sheet.place(r, dc), note));
            }
        }
        None => {
            sheet.refuse_merged_from(0)?;
            for (r, row) in sheet.rows() {
                for c in row {
                    let text = c.value.to_text();
                    if text.trim().is_empty() {
                        continue;
                    }
                    if c.col != 0 {
                        return Err(error(
                            sheet.place(r, c.col),
                            "a notes sheet without a date, name, note header has one Date - Name - Note line per row in column A",
                        ));
                    }
                    let note = ProgressNote::parse(&text)
                        .map_err(|e| error(sheet.place(r, c.col), strip(e)))?;
                    out.push((sheet.place(r, c.col), note));
                }
            }
        }
    }
    Ok(out)
}

fn strip(e: Error) -> String {
    match e {
        Error::Parse { message, .. } => message,
        other => other.to_string(),
    }
}

/// Merges notes (from [`read_notes_sheet`]) into the cohort: a note whose agent, date and
/// note text (ignoring case and spacing) are already there is reported as a duplicate and
/// not added. Nothing is added when a note names no agent.
///
/// # Errors
///
/// [`Error::UnknownName`] (with the closest agent and the note's place) for a note naming
/// no agent of the cohort.
pub fn merge_notes(cohort: &mut Cohort, notes: Vec<(String, ProgressNote)>) -> Result<NotesMerge> {
    let mut targets = Vec::with_capacity(notes.len());
    for (place, n) in &notes {
        let key = normalize(n.name());
        let i = cohort
            .agents
            .iter()
            .position(|a| normalize(&a.name) == key)
            .ok_or_else(
                || match Error::unknown_name("agent", n.name(), cohort.agent_names()) {
                    Error::UnknownName {
                        what,
                        name,
                        suggestion,
                    } => Error::UnknownName {
                        what,
                        name: format!("{name} (at {place})"),
                        suggestion,
                    },
                    other => other,
                },
            )?;
        targets.push(i);
    }
    let mut merge = NotesMerge::default();
    for (i, (place, note)) in targets.into_iter().zip(notes) {
        let Some(agent) = cohort.agents.get_mut(i) else {
            continue;
        };
        let same =
            |n: &ProgressNote| n.date == note.date && normalize(n.note()) == normalize(note.note());
        if agent.notes.iter().any(same) {
            merge.duplicates.push(DuplicateNote { place, note });
        } else {
            agent.notes.push(note);
            merge.added += 1;
        }
    }
    Ok(merge)
}
