//! Moves between roles: a move classified ([`classify`]), a person's readiness for a role
//! ([`readiness`]), the well-matched next steps from a role ([`next_steps`]) and career paths
//! of well-matched steps ([`paths`]).
//!
//! The rules (see `docs/rules/career.md`):
//! - `move.direction`: by grade: higher is promotional, equal lateral, lower a step down.
//! - `move.scope`: a different unit makes a move a cross-functional transfer.
//! - `move.well_matched`: lateral; or a promotion to the next grade the *target* unit has
//!   above the current grade (Care Operations has no 108, so 107 to 109 is one step there);
//!   or a career match the guide names. The target's prerequisites are listed with the move;
//!   whether a person meets them is [`readiness`].
//!
//! Path searches work on role indexes and generate neighbours on the fly from the catalog's
//! groups (roles by grade, roles by unit and grade, career-match lists), so the dense lateral
//! edges are never materialised: a query is two breadth-first searches that scan each group
//! at most once, then a best-first enumeration over the shortest-path DAG.

use crate::catalog::{join_or, plural, Catalog, Grade, Prerequisite, Track};
use crate::error::{Error, Result};
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use serde::{Deserialize, Serialize};

/// The most paths one [`paths`] query may ask for.
pub const MAX_PATHS: usize = 1_000;

/// The direction of a move, by grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// To a higher grade.
    Promotional,
    /// To the same grade.
    Lateral,
    /// To a lower grade.
    StepDown,
}

impl Direction {
    /// The opposite direction (the move back).
    pub fn reverse(self) -> Direction {
        match self {
            Direction::Promotional => Direction::StepDown,
            Direction::Lateral => Direction::Lateral,
            Direction::StepDown => Direction::Promotional,
        }
    }
}

/// The scope of a move, by unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Both roles are in one unit.
    WithinUnit,
    /// The roles are in different units: a cross-functional transfer.
    CrossFunctional,
}

/// Why a move is a well-matched step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchBasis {
    /// Same grade.
    Lateral,
    /// The next grade the target unit has above the current grade.
    NextGrade,
    /// A career match the guide names.
    CareerMatch,
}

/// A role in a move, with what the classification looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoleRef {
    /// The role's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its unit's id.
    pub unit: String,
    /// Its grade.
    pub grade: Grade,
    /// Its track.
    pub track: Track,
}

impl RoleRef {
    fn of(role: &crate::catalog::Role) -> RoleRef {
        RoleRef {
            id: role.id.clone(),
            title: role.title.clone(),
            unit: role.unit.clone(),
            grade: role.grade,
            track: role.track,
        }
    }
}

/// A move from one role to another, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Move {
    /// Where from.
    pub from: RoleRef,
    /// Where to.
    pub to: RoleRef,
    /// Promotional, lateral or step down.
    pub direction: Direction,
    /// Within the unit or cross-functional.
    pub scope: Scope,
    /// The grade difference, signed (`to - from`).
    pub grade_steps: i32,
    /// Steps on the target unit's own grade ladder, signed: Care Operations has no 108, so
    /// 107 to 109 there is 1.
    pub unit_steps: i32,
    /// Whether the move is a well-matched career step.
    pub well_matched: bool,
    /// Every reason it is well-matched (empty when it is not).
    pub matched_by: Vec<MatchBasis>,
    /// The target's prerequisites (whether a person meets them is [`readiness`]).
    pub prerequisites: Vec<Prerequisite>,
    /// The explanation, rule by rule.
    pub reasons: Vec<Reason>,
    /// The policy that classified it.
    pub policy: PolicyRef,
}

impl Move {
    /// The move and its reasons as text for people, one reason a line.
    pub fn explain(&self) -> String {
        let mut s = format!(
            "{} ({}, {}) -> {} ({}, {}): {}, {}, {}\n",
            self.from.title,
            self.from.unit,
            self.from.grade,
            self.to.title,
            self.to.unit,
            self.to.grade,
            match self.direction {
                Direction::Promotional => "promotional",
                Direction::Lateral => "lateral",
                Direction::StepDown => "step down",
            },
            match self.scope {
                Scope::WithinUnit => "within the unit",
                Scope::CrossFunctional => "cross-functional",
            },
            if self.well_matched {
                "well-matched"
            } else {
                "not well-matched"
            }
        );
        for r in &self.reasons {
            s.push_str(&format!("  - {} [{}]\n", r.message, r.rule));
        }
        s.push_str(&format!("  policy {}\n", self.policy));
        s
    }
}

/// Classifies the move from `from` to `to` (ids or names, looked up forgivingly).
///
/// # Errors
///
/// [`Error::UnknownRole`] (with the closest name) or [`Error::AmbiguousRole`] (with the
/// candidates) for a name that does not name one role; [`Error::InvalidInput`] for a role to
/// itself.
///
/// ```
/// use care_core::{transition, Catalog, ErrorKind};
/// let catalog = Catalog::builtin()?;
/// let step = transition::classify(&catalog, "Care Rep", "Senior Rep")?;
/// assert!(step.well_matched);
/// let e = transition::classify(&catalog, "Senoir Rep", "Care Rep").unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::UnknownRole);
/// assert!(transition::classify(&catalog, "Care Rep", "Care Rep").is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn classify(catalog: &Catalog, from: &str, to: &str) -> Result<Move> {
    let (a, b) = two_roles(catalog, from, to)?;
    classify_idx(catalog, a, b)
}

/// The indexes of roles `from` and `to`, which must be two different roles.
fn two_roles(catalog: &Catalog, from: &str, to: &str) -> Result<(u32, u32)> {
    let a = catalog.lookup_index(from)?;
    let b = catalog.lookup_index(to)?;
    if a == b {
        return Err(Error::invalid_input(format!(
            "{:?} to {:?} is not a move: both name the role {:?}",
            crate::suggest::clip(from),
            crate::suggest::clip(to),
            catalog.id_of(a)
        )));
    }
    Ok((a, b))
}

fn not_found(catalog: &Catalog, i: u32) -> Error {
    Error::invalid_input(format!(
        "role index {i} is outside the catalog of {} roles",
        catalog.roles().len()
    ))
}

/// Whether a -> b is well-matched, and on which bases; indexes only, no strings.
fn match_bases(catalog: &Catalog, a: u32, b: u32) -> [bool; 3] {
    let ix = catalog.index();
    let (ga, gb) = (grade_of(catalog, a), grade_of(catalog, b));
    let lateral = ga == gb;
    let next = gb > ga
        && ix
            .next_up
            .get(ug(catalog, unit_of(catalog, b), ga))
            .copied()
            .flatten()
            == Some(gb);
    let matched = ix
        .matches_out
        .get(a as usize)
        .is_some_and(|v| v.contains(&b));
    [lateral, next, matched]
}

#[cfg(test)]
fn is_well_matched(catalog: &Catalog, a: u32, b: u32) -> bool {
    a != b && match_bases(catalog, a, b).iter().any(|&x| x)
}

fn grade_of(catalog: &Catalog, i: u32) -> u8 {
    catalog
        .index()
        .role_grade
        .get(i as usize)
        .copied()
        .unwrap_or(0)
}

fn unit_of(catalog: &Catalog, i: u32) -> u32 {
    catalog
        .index()
        .role_unit
        .get(i as usize)
        .copied()
        .unwrap_or(0)
}

fn ug(catalog: &Catalog, unit: u32, grade: u8) -> usize {
    unit as usize * catalog.index().grade_count + usize::from(grade)
}

fn classify_idx(catalog: &Catalog, a: u32, b: u32) -> Result<Move> {
    let from = catalog.role_at(a).ok_or_else(|| not_found(catalog, a))?;
    let to = catalog.role_at(b).ok_or_else(|| not_found(catalog, b))?;
    let input = format!("{} -> {}", from.id, to.id);
    let grade_steps = i32::from(to.grade) - i32::from(from.grade);
    let direction = match grade_steps {
        s if s > 0 => Direction::Promotional,
        0 => Direction::Lateral,
        _ => Direction::StepDown,
    };
    let scope = if from.unit == to.unit {
        Scope::WithinUnit
    } else {
        Scope::CrossFunctional
    };
    let to_unit = catalog.unit_of(to);
    let to_unit_name = catalog.unit_name(&to.unit);
    let from_unit_name = catalog.unit_name(&from.unit);
    let unit_grades: Vec<Grade> = to_unit.map(|u| u.grades.clone()).unwrap_or_default();
    let (lo, hi) = (from.grade.min(to.grade), from.grade.max(to.grade));
    let between = unit_grades
        .iter()
        .filter(|&&g| {
            if direction == Direction::Promotional {
                g > lo && g <= hi
            } else {
                g >= lo && g < hi
            }
        })
        .count() as i32;
    let unit_steps = if direction == Direction::StepDown {
        -between
    } else {
        between
    };
    let mut reasons = Vec::new();
    reasons.push(Reason::new(
        rule::MOVE_DIRECTION,
        input.clone(),
        match direction {
            Direction::Promotional => format!(
                "grade {} is above grade {}: a promotion ({} up)",
                to.grade,
                from.grade,
                plural(grade_steps.unsigned_abs().into(), "grade")
            ),
            Direction::Lateral => format!("both roles are grade {}: a lateral move", to.grade),
            Direction::StepDown => format!(
                "grade {} is below grade {}: a step down ({} down)",
                to.grade,
                from.grade,
                plural(grade_steps.unsigned_abs().into(), "grade")
            ),
        },
    ));
    reasons.push(Reason::new(
        rule::MOVE_SCOPE,
        input.clone(),
        match scope {
            Scope::WithinUnit => {
                format!("both roles are in {to_unit_name}: a move within the unit")
            }
            Scope::CrossFunctional => {
                format!("{from_unit_name} to {to_unit_name}: a cross-functional transfer")
            }
        },
    ));
    if from.track != to.track {
        reasons.push(Reason::new(
            rule::MOVE_TRACK,
            input.clone(),
            format!("from the {} track to the {} track", from.track, to.track),
        ));
    }
    let [lateral, next, matched] = match_bases(catalog, a, b);
    let mut matched_by = Vec::new();
    if lateral {
        matched_by.push(MatchBasis::Lateral);
        reasons.push(Reason::new(
            rule::MOVE_WELL_MATCHED,
            input.clone(),
            "a lateral move is a well-matched step",
        ));
    }
    if next {
        matched_by.push(MatchBasis::NextGrade);
        let skipped: Vec<String> = (from.grade + 1..to.grade).map(|g| g.to_string()).collect();
        let mut msg = format!(
            "{} is the next grade {to_unit_name} has above {}: a well-matched step",
            to.grade, from.grade
        );
        if !skipped.is_empty() {
            msg.push_str(&format!(
                " ({to_unit_name} has no grade {}, so {} to {} is one step there)",
                join_or(&skipped),
                from.grade,
                to.grade
            ));
        }
        reasons.push(Reason::new(rule::MOVE_WELL_MATCHED, input.clone(), msg));
    }
    if matched {
        matched_by.push(MatchBasis::CareerMatch);
        reasons.push(Reason::new(
            rule::MOVE_WELL_MATCHED,
            input.clone(),
            format!(
                "the guide names {} as a career match for {}: a well-matched step",
                from.title, to.title
            ),
        ));
    }
    if matched_by.is_empty() {
        let msg = match direction {
            Direction::StepDown => {
                "not a well-matched step: a step down is neither lateral nor a promotion, and no career match names it".to_string()
            }
            _ => {
                let next_grade = unit_grades.iter().copied().filter(|&g| g > from.grade).min();
                match next_grade {
                    Some(n) => format!(
                        "not a well-matched step: the next grade {to_unit_name} has above {} is {n}, and {} is {} up on its ladder; no career match names it",
                        from.grade,
                        to.grade,
                        plural(u64::from(unit_steps.unsigned_abs()), "step")
                    ),
                    None => format!(
                        "not a well-matched step: {to_unit_name} has no grade above {}",
                        from.grade
                    ),
                }
            }
        };
        reasons.push(Reason::new(rule::MOVE_WELL_MATCHED, input.clone(), msg));
    }
    if to.prerequisites.is_empty() {
        reasons.push(Reason::new(
            rule::MOVE_PREREQUISITES,
            to.id.clone(),
            format!("no prerequisites are listed for {}", to.title),
        ));
    }
    for p in &to.prerequisites {
        reasons.push(Reason::new(
            rule::MOVE_PREREQUISITES,
            to.id.clone(),
            format!("{}: {}", to.title, p.describe(catalog)),
        ));
    }
    Ok(Move {
        from: RoleRef::of(from),
        to: RoleRef::of(to),
        direction,
        scope,
        grade_steps,
        unit_steps,
        well_matched: !matched_by.is_empty(),
        matched_by,
        prerequisites: to.prerequisites.clone(),
        reasons,
        policy: catalog.policy().policy_ref(),
    })
}

mod person;
mod search;
#[cfg(test)]
mod tests;

pub use person::{readiness, Person, PrerequisiteCheck, Readiness, Shortfall};
pub use search::{next_steps, paths, CareerPath, PathOptions};
