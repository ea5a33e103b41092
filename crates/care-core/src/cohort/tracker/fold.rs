//! Validated rows folded into their agents: the second half of the one path every tracker
//! format takes.
//!
//! [`Fold`] takes rows as they are read, without keeping them: each goes straight into its
//! agent (an index by normalized name finds the agent). That is exact while each agent's
//! rows come in date order, as a tracker written day by day has them; a row dated before
//! one of its agent's earlier rows makes [`Fold::push`] answer [`Pushed::OutOfOrder`], and
//! the reader falls back to [`build`], which holds every row, sorts them by agent and date,
//! and folds them in that order. Both give the same cohort and the same first error: an
//! agent's errors are kept (the first of each kind) and reported, agent by agent in order
//! of first appearance, when the fold finishes, in the order a sorted pass finds them.

use super::{Col, Places, Row};
use crate::certification::PreparedCertPolicy;
use crate::certification::Status;
use crate::cohort::{Agent, Cohort, CohortPolicy, EquipmentIssue, ProgressNote, MAX_AGENTS};
use crate::error::{Error, Result};
use crate::escalation::Excused;
use crate::suggest::{normalize, push_normalized};
use jiff::civil::Date;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

/// The bits of a name's hash the index keeps: all of them, and in the unit tests two, so that
/// most agents' hashes collide and every test takes the path of names that share one.
#[cfg(not(test))]
const HASH_MASK: u64 = u64::MAX;
#[cfg(test)]
const HASH_MASK: u64 = 0b11;
use std::sync::Arc;

/// What [`Fold::push`] did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pushed {
    /// The row is in its agent (or its error is kept for [`Fold::finish`]).
    Folded,
    /// The row is dated before one of its agent's earlier rows: the fold cannot take it;
    /// read the rows again with [`build`].
    OutOfOrder,
}

/// Rows folded into agents as they come. See the [module docs](self).
pub(crate) struct Fold<'p> {
    policy: &'p CohortPolicy,
    /// The certification policy prepared once, for each agent's standing.
    prepared: Option<PreparedCertPolicy>,
    /// The normalized name of the row being folded (a buffer reused from row to row).
    key: String,
    places: Places,
    /// Each agent's number, by the hash of their normalized name (the names themselves are
    /// the agents'; a hit is checked against the agent's name). 16 bytes an agent, against
    /// 32 and a copy of the name.
    index: HashMap<u64, u32>,
    /// The agents whose normalized name hashes as an earlier agent's does, by that name.
    collided: HashMap<String, u32>,
    hasher: RandomState,
    /// A buffer for the normalized name of the agent a hash found.
    found: String,
    /// The agents, as their rows have made them so far.
    agents: Vec<Agent>,
    /// What each agent's fold keeps besides the agent (beside the agents, not in them, so
    /// that the agents become the cohort's list where they are, without a copy).
    states: Vec<Building>,
    /// The line that recorded each agent's call scores (0: none), the agent's `calls` lines
    /// at `number * calls`: one list, not a small allocation an agent.
    call_lines: Vec<u32>,
    /// The notes' texts, shared when repeated ([`ProgressNote::share_text`]).
    texts: HashSet<Arc<str>>,
    /// More agents than [`MAX_AGENTS`] were named.
    too_many: bool,
}

impl<'p> Fold<'p> {
    /// An empty fold.
    pub(crate) fn new(policy: &'p CohortPolicy, places: Places) -> Self {
        Fold {
            policy,
            prepared: policy.cert.prepare().ok(),
            key: String::new(),
            places,
            index: HashMap::new(),
            collided: HashMap::new(),
            hasher: RandomState::new(),
            found: String::new(),
            agents: Vec::new(),
            states: Vec::new(),
            call_lines: Vec::new(),
            texts: HashSet::new(),
            too_many: false,
        }
    }

    /// Folds one validated row (rows come in line order).
    pub(crate) fn push(&mut self, row: Row) -> Pushed {
        if self.too_many {
            return Pushed::Folded;
        }
        self.key.clear();
        push_normalized(&mut self.key, &row.agent);
        let hash = self.hasher.hash_one(self.key.as_str()) & HASH_MASK;
        let known = match self.index.get(&hash) {
            Some(&n) => {
                self.found.clear();
                if let Some(a) = self.agents.get(n as usize) {
                    push_normalized(&mut self.found, &a.name);
                }
                if self.found == self.key {
                    Some(n)
                } else {
                    self.collided.get(self.key.as_str()).copied()
                }
            }
            None => None,
        };
        let n = match known {
            Some(n) => n,
            None => {
                if self.agents.len() >= MAX_AGENTS {
                    // Reported by `finish`, after every row is read and checked, as `build`
                    // does.
                    self.too_many = true;
                    self.index = HashMap::new();
                    self.collided = HashMap::new();
                    self.agents = Vec::new();
                    self.states = Vec::new();
                    self.call_lines = Vec::new();
                    return Pushed::Folded;
                }
                let n = u32::try_from(self.agents.len()).unwrap_or(u32::MAX);
                match self.index.entry(hash) {
                    Entry::Occupied(_) => {
                        self.collided.insert(self.key.clone(), n);
                    }
                    Entry::Vacant(v) => {
                        v.insert(n);
                    }
                }
                self.agents.push(new_agent(row.agent.clone(), self.policy));
                self.states.push(Building::new(row.line));
                let calls = usize::from(self.policy.cert.calls);
                self.call_lines.resize(self.call_lines.len() + calls, 0);
                n
            }
        };
        let calls = usize::from(self.policy.cert.calls);
        let at = n as usize * calls;
        match (
            self.agents.get_mut(n as usize),
            self.states.get_mut(n as usize),
            self.call_lines.get_mut(at..at + calls),
        ) {
            (Some(a), Some(b), Some(lines)) => b.push(
                a,
                lines,
                &mut self.texts,
                row,
                self.policy,
                self.prepared.as_ref(),
                &self.places,
            ),
            _ => Pushed::Folded,
        }
    }

    /// The cohort, or the first error (see the [module docs](self)).
    pub(crate) fn finish(self) -> Result<Cohort> {
        if self.too_many {
            return Err(too_many());
        }
        // The index goes before the agents are finished: the peak of memory is here.
        drop(self.index);
        drop(self.collided);
        drop(self.call_lines);
        drop(self.texts);
        let agents = finish_all(self.agents, self.states, &self.places)?;
        Ok(Cohort {
            coordinator: String::new(),
            certifiers: Vec::new(),
            agents,
        })
    }
}

/// The agents finished where they are (the list is the cohort's, not copied).
fn finish_all(
    mut agents: Vec<Agent>,
    states: Vec<Building>,
    places: &Places,
) -> Result<Vec<Agent>> {
    for (a, b) in agents.iter_mut().zip(states) {
        b.finish(a, places)?;
    }
    Ok(agents)
}

/// An agent whose first row names them `name`, before any row is applied.
fn new_agent(name: String, policy: &CohortPolicy) -> Agent {
    let mut agent = Agent::new(name, Date::MIN);
    agent.scores = vec![None; usize::from(policy.cert.calls)];
    agent
}

fn too_many() -> Error {
    Error::TooLarge {
        what: "tracker agents",
        limit: MAX_AGENTS,
        actual: MAX_AGENTS + 1,
    }
}

/// A line or sheet row as the fold keeps it (see [`Building::first_line`]; saturating).
fn line32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// What the fold keeps of one agent besides the agent, as the agent's rows come in.
struct Building {
    /// The line of the agent's first row (the one that names them). Lines are kept as
    /// `u32` ([`line32`]): a line or sheet row, at most 16 million for a tracker of 16 MiB,
    /// fits, and 20,000 agents keep 480 kB less than with `u64`.
    first_line: u32,
    /// The start date and the line that first gave it.
    start: Option<(Date, u32)>,
    /// The latest row's date and line.
    last: Option<(Date, u32)>,
    /// The first start date that disagrees with the first one given (boxed, as the other
    /// error: one agent in the `Vec` of the fold is kept small).
    start_err: Option<Box<Error>>,
    /// The first error of a row (after it, the agent's rows are only checked for order
    /// and start dates).
    row_err: Option<Box<Error>>,
    /// The agent's name as every note of theirs holds it (one copy, made at the first note).
    note_name: Option<Arc<str>>,
}

impl Building {
    fn new(first_line: u64) -> Self {
        Building {
            first_line: line32(first_line),
            start: None,
            last: None,
            start_err: None,
            row_err: None,
            note_name: None,
        }
    }

    /// Folds the agent's next row; `call_lines` is the line that recorded each of the
    /// agent's call scores (0: none).
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        agent: &mut Agent,
        call_lines: &mut [u32],
        texts: &mut HashSet<Arc<str>>,
        r: Row,
        policy: &CohortPolicy,
        prepared: Option<&PreparedCertPolicy>,
        places: &Places,
    ) -> Pushed {
        let Some(date) = r.date else {
            return Pushed::Folded;
        };
        if self.last.is_some_and(|(d0, _)| date < d0) {
            return Pushed::OutOfOrder;
        }
        let noun = places.noun();
        if let Some(s) = r.start {
            match self.start {
                None => self.start = Some((s, line32(r.line))),
                Some((s0, l0)) if s0 != s && self.start_err.is_none() => {
                    self.start_err = Some(Box::new(places.error(
                        r.line,
                        Some(Col::Start),
                        format!(
                            "{}'s start is {s} here but {s0} on {noun} {l0}; give one start date",
                            agent.name
                        ),
                    )));
                }
                Some(_) => {}
            }
        }
        let last = self.last.replace((date, line32(r.line)));
        if self.row_err.is_none() {
            if let Err(e) = self.apply(
                agent, call_lines, texts, r, date, last, policy, prepared, places,
            ) {
                self.row_err = Some(Box::new(e));
            }
        }
        Pushed::Folded
    }

    /// Applies the row dated `date`; `last` is the agent's row before it.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        agent: &mut Agent,
        call_lines: &mut [u32],
        texts: &mut HashSet<Arc<str>>,
        mut r: Row,
        date: Date,
        last: Option<(Date, u32)>,
        policy: &CohortPolicy,
        prepared: Option<&PreparedCertPolicy>,
        places: &Places,
    ) -> Result<()> {
        let noun = places.noun();
        let name = agent.name.as_str();
        if let Some((d0, l0)) = last {
            if d0 == date {
                return Err(places.error(
                    r.line,
                    Some(Col::Date),
                    format!("a second row for {name} on {date} (the first is {noun} {l0}); give one row per agent and day"),
                ));
            }
        }
        if let Some(open) = r.equipment {
            let current = agent
                .equipment_issues
                .last_mut()
                .filter(|i| i.closed.is_none());
            match (open, current) {
                (true, None) => agent.equipment_issues.push(EquipmentIssue {
                    opened: date,
                    closed: None,
                }),
                (false, Some(issue)) => issue.closed = Some(date),
                _ => {}
            }
        }
        if let Some(b) = r.day1 {
            agent.day1_done = b;
        }
        if let Some(b) = r.role_plays {
            agent.role_plays_done = b;
        }
        if let Some(h) = r.tbt_hours {
            agent.tbt_hours = h;
        }
        if let Some(b) = r.tbt_done {
            agent.tbt_done = b;
        }
        if let Some(c) = r.certifier.take() {
            agent.certifier = Some(c);
        }
        for (n, s) in std::mem::take(&mut r.calls) {
            let i = usize::from(n).saturating_sub(1);
            if let (Some(slot), Some(line_slot)) = (agent.scores.get_mut(i), call_lines.get_mut(i))
            {
                let recorded = (*line_slot != 0).then_some(u64::from(*line_slot));
                match (*slot, recorded) {
                    (Some(old), Some(l0)) if old != s => {
                        return Err(places.error(
                            r.line,
                            Some(Col::Call(n)),
                            format!("call {n} of {name} was scored {old} on {noun} {l0}; a recorded score does not change"),
                        ))
                    }
                    (Some(_), _) => {}
                    _ => {
                        *slot = Some(s);
                        *line_slot = line32(r.line);
                    }
                }
            }
        }
        if let Some(reason) = r.excused.take() {
            agent.excused.push(Excused::new(date, reason));
        }
        if let Some(text) = r.note.take() {
            let shared = self.note_name.get_or_insert_with(|| Arc::from(name.trim()));
            let mut note = ProgressNote::of_agent_owned(date, shared, text)
                .map_err(|e| places.error(r.line, Some(Col::Note), strip_parse(e)))?;
            note.share_text(texts);
            // Grown one at a time while short: an agent has a note a day, a handful in all,
            // and the doubling of a `Vec` would leave room unused in every agent.
            if agent.notes.len() == agent.notes.capacity() {
                let more = if agent.notes.len() < 8 {
                    1
                } else {
                    agent.notes.len() / 2
                };
                agent.notes.reserve_exact(more);
            }
            agent.notes.push(note);
        }
        if agent.completed_on.is_none() && agent.tbt_done {
            // The standing (numbers only) decides as the evaluation does; the evaluation,
            // sentences and all, is made only to give its error.
            let status = match prepared.map(|p| agent.standing(p)) {
                Some(Ok(standing)) => standing.status,
                _ => {
                    agent
                        .evaluation(&policy.cert)
                        .map_err(|e| places.error(r.line, Some(Col::Agent), e.to_string()))?
                        .status
                }
            };
            if status != Status::InProgress {
                agent.completed_on = Some(date);
            }
        }
        Ok(())
    }

    fn finish(self, agent: &mut Agent, places: &Places) -> Result<()> {
        if let Some(e) = self.start_err {
            return Err(*e);
        }
        let Some((start, _)) = self.start else {
            return Err(places.error(
                u64::from(self.first_line),
                Some(Col::Start),
                format!(
                    "no row gives {}'s start date; give it at least on their first row",
                    agent.name
                ),
            ));
        };
        if let Some(e) = self.row_err {
            return Err(*e);
        }
        agent.start = start;
        while agent.scores.last().is_some_and(Option::is_none) {
            agent.scores.pop();
        }
        agent.notes.shrink_to_fit();
        agent.excused.shrink_to_fit();
        Ok(())
    }
}

fn strip_parse(e: Error) -> String {
    match e {
        Error::Parse { message, .. } => message,
        other => other.to_string(),
    }
}

/// Builds the cohort from validated rows held whole, in any order: they are sorted in
/// place by agent (in order of first appearance), date and line, then folded.
pub(crate) fn build(mut rows: Vec<Row>, policy: &CohortPolicy, places: &Places) -> Result<Cohort> {
    // Each row gets its agent's number; each agent's name and first line come from its
    // first row.
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut firsts: Vec<(String, u64)> = Vec::new();
    let mut keys: Vec<u32> = Vec::with_capacity(rows.len());
    for row in &rows {
        let key = normalize(&row.agent);
        let n = match numbers.get(&key) {
            Some(n) => *n,
            None => {
                if numbers.len() >= MAX_AGENTS {
                    return Err(too_many());
                }
                let n = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
                numbers.insert(key, n);
                firsts.push((row.agent.clone(), row.line));
                n
            }
        };
        keys.push(n);
    }
    drop(numbers);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| {
        let r = &rows[i];
        (keys[i], r.date, r.line)
    });
    let sorted: Vec<u32> = order.iter().map(|&i| keys[i]).collect();
    drop(keys);
    permute(&mut rows, order);
    let prepared = policy.cert.prepare().ok();
    let mut states: Vec<Building> = firsts
        .iter()
        .map(|(_, line)| Building::new(*line))
        .collect();
    let calls = usize::from(policy.cert.calls);
    let mut call_lines = vec![0u32; states.len() * calls];
    let mut texts = HashSet::new();
    let mut agents: Vec<Agent> = firsts
        .into_iter()
        .map(|(name, _)| new_agent(name, policy))
        .collect();
    for (row, key) in rows.into_iter().zip(sorted) {
        let at = key as usize * calls;
        if let (Some(a), Some(b), Some(lines)) = (
            agents.get_mut(key as usize),
            states.get_mut(key as usize),
            call_lines.get_mut(at..at + calls),
        ) {
            // Sorted by date: never out of order.
            b.push(a, lines, &mut texts, row, policy, prepared.as_ref(), places);
        }
    }
    let agents = finish_all(agents, states, places)?;
    Ok(Cohort {
        coordinator: String::new(),
        certifiers: Vec::new(),
        agents,
    })
}

/// Puts `rows[order[i]]` at `i`, in place (following each cycle of the permutation).
fn permute<T>(rows: &mut [T], mut order: Vec<usize>) {
    for i in 0..order.len() {
        let mut current = i;
        while order[current] != i {
            let next = order[current];
            rows.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}
