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

use crate::catalog::{join_or, plural, Catalog, Grade, Need, Prerequisite, Track};
use crate::error::{Error, Result};
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

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
    classify_idx(catalog, a, b)
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

// ------------------------------------------------------------------------------ readiness

/// A person: their current role and history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The current role (id or name).
    pub current_role: String,
    /// Months spent in roles (ids or names), the current one included.
    #[serde(default)]
    pub months_in_role: BTreeMap<String, u32>,
    /// Whole years of call-center experience.
    #[serde(default)]
    pub call_center_years: u32,
    /// Credentials held, e.g. `Certified Pharmacy Technician`.
    #[serde(default)]
    pub credentials: Vec<String>,
}

/// What a person still lacks for a prerequisite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shortfall {
    /// More months in the named roles.
    Months {
        /// How many more months.
        months: u32,
        /// In any of these roles.
        roles: Vec<String>,
    },
    /// Some time (any) in one of the named roles.
    Experience {
        /// In any of these roles.
        roles: Vec<String>,
    },
    /// More years of call-center experience.
    Years {
        /// How many more years.
        years: u32,
    },
    /// A credential not held.
    Credential {
        /// Its name.
        credential: String,
    },
}

/// One prerequisite checked against a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrerequisiteCheck {
    /// The prerequisite.
    pub prerequisite: Prerequisite,
    /// Whether the person meets it.
    pub met: bool,
    /// What is missing, when not met.
    pub missing: Option<Shortfall>,
    /// The check in a sentence: what is missing ("4 more months as a Care Rep") or what
    /// meets it.
    pub message: String,
}

/// A person's readiness for a target role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Readiness {
    /// The person's current role.
    pub current: RoleRef,
    /// The target role.
    pub target: RoleRef,
    /// Every required prerequisite is met.
    pub eligible: bool,
    /// The move classified (`None` when the target is the current role).
    pub step: Option<Move>,
    /// The required prerequisites, checked.
    pub required: Vec<PrerequisiteCheck>,
    /// The recommended prerequisites, checked.
    pub recommended: Vec<PrerequisiteCheck>,
    /// The explanation.
    pub reasons: Vec<Reason>,
    /// The policy used.
    pub policy: PolicyRef,
    /// The smallest change that would make the person eligible (none when eligible): each
    /// missing required prerequisite, months without a date (see
    /// [`Readiness::counterfactual_as_of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterfactual: Option<crate::counterfactual::Counterfactual>,
}

impl Readiness {
    /// The counterfactual with the date the months in the current role are reached, counted
    /// from `as_of` ("4 more months as a Care Rep: eligible from 2027-03-01"); `None` when
    /// eligible.
    pub fn counterfactual_as_of(
        &self,
        as_of: Option<jiff::civil::Date>,
    ) -> Option<crate::counterfactual::Counterfactual> {
        let missing: Vec<(&Shortfall, &str)> = self
            .required
            .iter()
            .filter_map(|c| c.missing.as_ref().map(|m| (m, c.message.as_str())))
            .collect();
        crate::counterfactual::readiness(&self.current.id, &missing, as_of)
    }

    /// The answer and its reasons as text for people.
    pub fn explain(&self) -> String {
        let mut s = format!(
            "{} -> {}: {}\n",
            self.current.title,
            self.target.title,
            if self.eligible {
                "eligible"
            } else {
                "not yet eligible"
            }
        );
        for (label, checks) in [
            ("required", &self.required),
            ("recommended", &self.recommended),
        ] {
            if checks.is_empty() {
                continue;
            }
            s.push_str(&format!("  {label}:\n"));
            for c in checks {
                let mark = if c.met { "met" } else { "missing" };
                s.push_str(&format!("    [{mark}] {}\n", c.message));
            }
        }
        if self.required.is_empty() && self.recommended.is_empty() {
            s.push_str("  no prerequisites are listed\n");
        }
        if let Some(step) = &self.step {
            s.push_str(&format!(
                "  the move: {}\n",
                if step.well_matched {
                    "a well-matched step"
                } else {
                    "not a well-matched step"
                }
            ));
        }
        for r in &self.reasons {
            s.push_str(&format!("  - {} [{}]\n", r.message, r.rule));
        }
        s
    }
}

/// Checks `person` against `target`'s prerequisites: eligible when every required one is
/// met; each one says what is missing and how much.
///
/// # Errors
///
/// [`Error::UnknownRole`] / [`Error::AmbiguousRole`] for a target or a role of the person's
/// history that names no one role; [`Error::InvalidInput`] for input the rules do not define
/// (the person's current role as the target).
///
/// ```
/// use care_core::{transition, Catalog, Person};
/// let catalog = Catalog::builtin()?;
/// let person: Person = care_core::policy::from_json(
///     r#"{"current_role": "Care Rep", "months_in_role": {"Care Rep": 2}}"#,
/// )?;
/// let r = transition::readiness(&catalog, &person, "Senior Rep")?;
/// assert!(!r.eligible);
/// assert!(transition::readiness(&catalog, &person, "Senoir Rep").is_err());
/// # Ok::<(), care_core::Error>(())
/// ```
pub fn readiness(catalog: &Catalog, person: &Person, target: &str) -> Result<Readiness> {
    let current = catalog.lookup_index(&person.current_role)?;
    let t = catalog.lookup_index(target)?;
    let target_role = catalog.role_at(t).ok_or_else(|| not_found(catalog, t))?;
    let current_role = catalog
        .role_at(current)
        .ok_or_else(|| not_found(catalog, current))?;
    let mut months: HashMap<&str, u32> = HashMap::new();
    for (name, &m) in &person.months_in_role {
        let r = catalog.lookup(name)?;
        let e = months.entry(r.id.as_str()).or_insert(0);
        *e = e.saturating_add(m);
    }
    let held: Vec<String> = person
        .credentials
        .iter()
        .map(|c| crate::catalog::name_key(c))
        .collect();
    let months_in = |roles: &[String]| -> u32 {
        roles
            .iter()
            .map(|id| months.get(id.as_str()).copied().unwrap_or(0))
            .fold(0u32, u32::saturating_add)
    };
    let mut required = Vec::new();
    let mut recommended = Vec::new();
    let mut reasons = Vec::new();
    for p in &target_role.prerequisites {
        let check = match p {
            Prerequisite::RoleExperience {
                roles,
                months: need,
                ..
            }
            | Prerequisite::CareerMatch {
                roles,
                months: Some(need),
                ..
            } => {
                let have = months_in(roles);
                let list = catalog.role_list(roles);
                if have >= *need {
                    ok(
                        p,
                        format!(
                            "{} as {list} meets the {} needed",
                            plural(have.into(), "month"),
                            need
                        ),
                    )
                } else {
                    let more = need - have;
                    missing(
                        p,
                        Shortfall::Months {
                            months: more,
                            roles: roles.clone(),
                        },
                        format!(
                            "{} more {} as {list}",
                            more,
                            if more == 1 { "month" } else { "months" }
                        ),
                    )
                }
            }
            Prerequisite::CareerMatch {
                roles,
                months: None,
                ..
            } => {
                let list = catalog.role_list(roles);
                let in_role = roles.iter().any(|id| id == &current_role.id);
                if months_in(roles) > 0 || in_role {
                    ok(p, format!("has experience as {list}"))
                } else {
                    missing(
                        p,
                        Shortfall::Experience {
                            roles: roles.clone(),
                        },
                        format!("experience as {list}"),
                    )
                }
            }
            Prerequisite::CallCenterExperience { years, .. } => {
                let have = person.call_center_years;
                if have >= *years {
                    ok(
                        p,
                        format!(
                            "{} of call-center experience meets the {} needed",
                            plural(have.into(), "year"),
                            years
                        ),
                    )
                } else {
                    let more = years - have;
                    missing(
                        p,
                        Shortfall::Years { years: more },
                        format!(
                            "{more} more {} of call-center experience",
                            if more == 1 { "year" } else { "years" }
                        ),
                    )
                }
            }
            Prerequisite::Credential { credential, .. } => {
                let key = crate::catalog::name_key(credential);
                if held.contains(&key) {
                    ok(p, format!("holds the credential {credential}"))
                } else {
                    missing(
                        p,
                        Shortfall::Credential {
                            credential: credential.clone(),
                        },
                        format!("the credential {credential}"),
                    )
                }
            }
        };
        let need = match p.need() {
            Need::Required => "required",
            Need::Recommended => "recommended",
        };
        reasons.push(Reason::new(
            rule::READY_PREREQUISITE,
            target_role.id.clone(),
            if check.met {
                format!("{need}, met: {}", check.message)
            } else {
                format!("{need}, missing: {}", check.message)
            },
        ));
        match p.need() {
            Need::Required => required.push(check),
            Need::Recommended => recommended.push(check),
        }
    }
    let eligible = required.iter().all(|c| c.met);
    let missing_required: Vec<String> = required
        .iter()
        .filter(|c| !c.met)
        .map(|c| c.message.clone())
        .collect();
    reasons.push(Reason::new(
        rule::READY_ELIGIBLE,
        target_role.id.clone(),
        if eligible {
            if required.is_empty() {
                format!(
                    "eligible for {}: it has no required prerequisites",
                    target_role.title
                )
            } else {
                format!(
                    "eligible for {}: every required prerequisite is met",
                    target_role.title
                )
            }
        } else {
            format!(
                "not yet eligible for {}: missing {}",
                target_role.title,
                missing_required.join("; ")
            )
        },
    ));
    let step = if current == t {
        None
    } else {
        Some(classify_idx(catalog, current, t)?)
    };
    let mut readiness = Readiness {
        current: RoleRef::of(current_role),
        target: RoleRef::of(target_role),
        eligible,
        step,
        required,
        recommended,
        reasons,
        policy: catalog.policy().policy_ref(),
        counterfactual: None,
    };
    readiness.counterfactual = readiness.counterfactual_as_of(None);
    Ok(readiness)
}

fn ok(p: &Prerequisite, message: String) -> PrerequisiteCheck {
    PrerequisiteCheck {
        prerequisite: p.clone(),
        met: true,
        missing: None,
        message,
    }
}

fn missing(p: &Prerequisite, shortfall: Shortfall, message: String) -> PrerequisiteCheck {
    PrerequisiteCheck {
        prerequisite: p.clone(),
        met: false,
        missing: Some(shortfall),
        message,
    }
}

// ------------------------------------------------------------------------------ next steps

/// The well-matched moves from `role`, each classified: promotions first, then lateral
/// moves; within the unit before cross-functional; then by grade and catalog order.
pub fn next_steps(catalog: &Catalog, role: &str) -> Result<Vec<Move>> {
    let a = catalog.lookup_index(role)?;
    let mut targets: Vec<u32> = Vec::new();
    for_each_successor(catalog, a, |b| {
        if b != a {
            targets.push(b);
        }
    });
    targets.sort_unstable();
    targets.dedup();
    let mut moves = targets
        .into_iter()
        .map(|b| classify_idx(catalog, a, b).map(|m| (b, m)))
        .collect::<Result<Vec<_>>>()?;
    moves.sort_by_key(|(b, m)| (m.direction, m.scope, m.to.grade, *b));
    Ok(moves.into_iter().map(|(_, m)| m).collect())
}

/// Calls `f` for every well-matched successor of `a` (maybe more than once).
fn for_each_successor(catalog: &Catalog, a: u32, mut f: impl FnMut(u32)) {
    let ix = catalog.index();
    let g = grade_of(catalog, a);
    for &b in ix.by_grade.get(usize::from(g)).into_iter().flatten() {
        f(b);
    }
    for u in 0..catalog.units().len() as u32 {
        if let Some(Some(h)) = ix.next_up.get(ug(catalog, u, g)) {
            for &b in ix
                .by_unit_grade
                .get(ug(catalog, u, *h))
                .into_iter()
                .flatten()
            {
                f(b);
            }
        }
    }
    for &b in ix.matches_out.get(a as usize).into_iter().flatten() {
        f(b);
    }
}

// ------------------------------------------------------------------------------ paths

/// Options of a [`paths`] query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PathOptions {
    /// How many paths at most (1 to [`MAX_PATHS`]); 0 is an error. Default 3.
    pub k: usize,
    /// Keep every role after the first on this track.
    pub track: Option<Track>,
    /// Keep every role after the first in these units (ids or names); empty = all units.
    pub units: Vec<String>,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            k: 3,
            track: None,
            units: Vec::new(),
        }
    }
}

/// One career path: well-matched steps from the first role to the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CareerPath {
    /// The role ids in order, first and last included.
    pub roles: Vec<String>,
    /// How many cross-functional transfers it makes.
    pub transfers: usize,
    /// Each step, classified.
    pub steps: Vec<Move>,
}

/// Up to `options.k` shortest career paths of well-matched steps from `from` to `to`: fewest
/// steps, then fewest cross-functional transfers, then catalog order. Empty when no path
/// exists.
pub fn paths(
    catalog: &Catalog,
    from: &str,
    to: &str,
    options: &PathOptions,
) -> Result<Vec<CareerPath>> {
    if options.k == 0 {
        return Err(Error::invalid_input(
            "k = 0 asks for no paths: give k of at least 1",
        ));
    }
    if options.k > MAX_PATHS {
        return Err(Error::invalid_input(format!(
            "k = {} is over the limit of {MAX_PATHS} paths",
            options.k
        )));
    }
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
    let mut allowed_units: Option<Vec<bool>> = None;
    if !options.units.is_empty() {
        let mut v = vec![false; catalog.units().len()];
        for name in &options.units {
            catalog.unit(name)?;
            if let Some(slot) = catalog.unit_index(name).and_then(|u| v.get_mut(u as usize)) {
                *slot = true;
            }
        }
        allowed_units = Some(v);
    }
    let allowed = |i: u32| -> bool {
        options
            .track
            .is_none_or(|t| catalog.role_at(i).is_some_and(|r| r.track == t))
            && allowed_units.as_ref().is_none_or(|v| {
                v.get(unit_of(catalog, i) as usize)
                    .copied()
                    .unwrap_or(false)
            })
    };
    if !allowed(b) {
        let target = catalog.role_at(b).ok_or_else(|| not_found(catalog, b))?;
        return Err(Error::invalid_input(format!(
            "the target {:?} is outside the path's limits ({} track, unit {}): widen the track or unit limits",
            target.id, target.track, target.unit
        )));
    }
    let seqs = k_best(catalog, a, b, options.k, &allowed);
    seqs.into_iter()
        .map(|seq| {
            let steps = seq
                .windows(2)
                .map(|w| match w {
                    [x, y] => classify_idx(catalog, *x, *y),
                    _ => Err(Error::invalid_input("a path step needs two roles")),
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(CareerPath {
                roles: seq.iter().map(|&i| catalog.id_of(i).to_string()).collect(),
                transfers: steps
                    .iter()
                    .filter(|m| m.scope == Scope::CrossFunctional)
                    .count(),
                steps,
            })
        })
        .collect()
}

const UNSEEN: u32 = u32::MAX;

/// Per unit: the fewest transfers to the target over the groups reachable from one grade;
/// and the two best (transfers, unit) pairs with distinct units.
type GradeBest = (HashMap<u32, u32>, [(u32, u32); 2]);

/// Breadth-first distances from `start` (forward or backward), up to `limit` steps, scanning
/// each group of roles at most once.
fn bfs(
    catalog: &Catalog,
    start: u32,
    forward: bool,
    limit: u32,
    allowed: &dyn Fn(u32) -> bool,
    stop_at: Option<u32>,
) -> Vec<u32> {
    let ix = catalog.index();
    let n = catalog.roles().len();
    let gc = ix.grade_count;
    let units = catalog.units().len();
    let mut dist = vec![UNSEEN; n];
    // forward: lateral scans by grade and promotion scans by source grade;
    // backward: any scan of a whole grade group.
    let mut grade_done = vec![false; gc];
    let mut promo_done = vec![false; gc];
    if let Some(d) = dist.get_mut(start as usize) {
        *d = 0;
    }
    let mut frontier = vec![start];
    let mut next = Vec::new();
    let mut depth = 0u32;
    while !frontier.is_empty() && depth < limit {
        depth += 1;
        let visit = |v: u32, next: &mut Vec<u32>, dist: &mut Vec<u32>| {
            if let Some(d) = dist.get_mut(v as usize) {
                if *d == UNSEEN && allowed(v) {
                    *d = depth;
                    next.push(v);
                }
            }
        };
        for &u in &frontier {
            let g = usize::from(grade_of(catalog, u));
            if forward {
                if !grade_done.get(g).copied().unwrap_or(true) {
                    grade_done[g] = true;
                    for &v in ix.by_grade.get(g).into_iter().flatten() {
                        visit(v, &mut next, &mut dist);
                    }
                }
                if !promo_done.get(g).copied().unwrap_or(true) {
                    promo_done[g] = true;
                    for unit in 0..units {
                        if let Some(Some(h)) = ix.next_up.get(unit * gc + g) {
                            for &v in ix
                                .by_unit_grade
                                .get(unit * gc + usize::from(*h))
                                .into_iter()
                                .flatten()
                            {
                                visit(v, &mut next, &mut dist);
                            }
                        }
                    }
                }
                for &v in ix.matches_out.get(u as usize).into_iter().flatten() {
                    visit(v, &mut next, &mut dist);
                }
            } else {
                // predecessors: every grade from the unit's grade below this one (whose next
                // grade up is this one) to this one (lateral)
                let base = unit_of(catalog, u) as usize * gc + g;
                let low = match ix.next_down.get(base).copied().flatten() {
                    Some(d) => usize::from(d),
                    None => 0,
                };
                for x in low..=g {
                    if !grade_done.get(x).copied().unwrap_or(true) {
                        grade_done[x] = true;
                        for &v in ix.by_grade.get(x).into_iter().flatten() {
                            visit(v, &mut next, &mut dist);
                        }
                    }
                }
                for &v in ix.matches_in.get(u as usize).into_iter().flatten() {
                    visit(v, &mut next, &mut dist);
                }
            }
        }
        if stop_at.is_some_and(|s| dist.get(s as usize).is_some_and(|&d| d != UNSEEN)) {
            break;
        }
        std::mem::swap(&mut frontier, &mut next);
        next.clear();
    }
    dist
}

/// The k best role sequences from a to b over the shortest-path DAG, ordered by (steps,
/// transfers, role indexes).
fn k_best(
    catalog: &Catalog,
    a: u32,
    b: u32,
    k: usize,
    allowed: &dyn Fn(u32) -> bool,
) -> Vec<Vec<u32>> {
    let ix = catalog.index();
    let gc = ix.grade_count;
    let df = bfs(catalog, a, true, u32::MAX, allowed, Some(b));
    let total = match df.get(b as usize) {
        Some(&d) if d != UNSEEN => d,
        _ => return Vec::new(),
    };
    let allowed_or_start = |i: u32| i == a || allowed(i);
    let db = bfs(catalog, b, false, total, &allowed_or_start, None);
    // layers of the DAG
    let layers_n = total as usize + 1;
    let mut layers: Vec<Vec<u32>> = vec![Vec::new(); layers_n];
    for (i, (&f, &bk)) in df.iter().zip(db.iter()).enumerate() {
        if f != UNSEEN && bk != UNSEEN && f.checked_add(bk) == Some(total) {
            if let Some(l) = layers.get_mut(f as usize) {
                l.push(i as u32);
            }
        }
    }
    // t[v]: fewest transfers from v to b inside the DAG
    let mut t: HashMap<u32, u32> = HashMap::new();
    t.insert(b, 0);
    // per layer: groups (unit*gc+grade) -> members sorted by (t, index)
    let mut groups: Vec<HashMap<usize, Vec<(u32, u32)>>> = vec![HashMap::new(); layers_n];
    let next_up = |unit: usize, g: usize| ix.next_up.get(unit * gc + g).copied().flatten();
    for layer in (0..layers_n).rev() {
        if layer + 1 < layers_n {
            // best per (source grade) over reachable groups in layer+1: per unit minimum, and
            // the two best distinct units
            let succ = &groups[layer + 1];
            let mut per_grade: HashMap<usize, GradeBest> = HashMap::new();
            for &u in layers.get(layer).into_iter().flatten() {
                let g = usize::from(grade_of(catalog, u));
                let entry = per_grade.entry(g).or_insert_with(|| {
                    let mut by_unit: HashMap<u32, u32> = HashMap::new();
                    for (&key, members) in succ {
                        let (unit, h) = (key / gc.max(1), key % gc.max(1));
                        let reachable = h == g || next_up(unit, g) == Some(h as u8);
                        if let (true, Some(&(tv, _))) = (reachable, members.first()) {
                            let e = by_unit.entry(unit as u32).or_insert(u32::MAX);
                            *e = (*e).min(tv);
                        }
                    }
                    let mut best = [(u32::MAX, u32::MAX); 2];
                    for (&unit, &tv) in &by_unit {
                        if tv < best[0].0 {
                            best[1] = best[0];
                            best[0] = (tv, unit);
                        } else if tv < best[1].0 {
                            best[1] = (tv, unit);
                        }
                    }
                    (by_unit, best)
                });
                let own = unit_of(catalog, u);
                let mut cost = entry.0.get(&own).copied().unwrap_or(u32::MAX);
                let other = if entry.1[0].1 == own {
                    entry.1[1].0
                } else {
                    entry.1[0].0
                };
                cost = cost.min(other.saturating_add(1));
                for &v in ix.matches_out.get(u as usize).into_iter().flatten() {
                    if df.get(v as usize) == Some(&(layer as u32 + 1)) {
                        if let Some(&tv) = t.get(&v) {
                            let c = tv + u32::from(unit_of(catalog, v) != own);
                            cost = cost.min(c);
                        }
                    }
                }
                if cost != u32::MAX {
                    t.insert(u, cost);
                }
            }
        }
        let mut map: HashMap<usize, Vec<(u32, u32)>> = HashMap::new();
        for &v in layers.get(layer).into_iter().flatten() {
            if let Some(&tv) = t.get(&v) {
                let key = ug(catalog, unit_of(catalog, v), grade_of(catalog, v));
                map.entry(key).or_default().push((tv, v));
            }
        }
        for members in map.values_mut() {
            members.sort_unstable();
        }
        if let Some(slot) = groups.get_mut(layer) {
            *slot = map;
        }
    }
    let Some(&t0) = t.get(&a) else {
        return Vec::new();
    };
    // best-first enumeration; key (transfers so far + t[last], sequence)
    let mut heap: BinaryHeap<Reverse<(u32, Vec<u32>, u32)>> = BinaryHeap::new();
    heap.push(Reverse((t0, vec![a], 0)));
    let mut out = Vec::new();
    while let Some(Reverse((_, seq, so_far))) = heap.pop() {
        let Some(&u) = seq.last() else { continue };
        if u == b {
            out.push(seq);
            if out.len() >= k {
                break;
            }
            continue;
        }
        let layer = seq.len() - 1;
        let Some(succ) = groups.get(layer + 1) else {
            continue;
        };
        let g = usize::from(grade_of(catalog, u));
        let own = unit_of(catalog, u);
        // the k best successors by (step cost + t, index)
        let mut cands: Vec<(u32, u32, u32)> = Vec::new(); // (f, v, step cost)
        for (&key, members) in succ {
            let (unit, h) = (key / gc.max(1), key % gc.max(1));
            if !(h == g || next_up(unit, g) == Some(h as u8)) {
                continue;
            }
            let c = u32::from(unit as u32 != own);
            for &(tv, v) in members.iter().take(k) {
                cands.push((tv + c, v, c));
            }
        }
        for &v in ix.matches_out.get(u as usize).into_iter().flatten() {
            if df.get(v as usize) == Some(&(layer as u32 + 1)) {
                if let Some(&tv) = t.get(&v) {
                    let c = u32::from(unit_of(catalog, v) != own);
                    cands.push((tv + c, v, c));
                }
            }
        }
        cands.sort_unstable();
        cands.dedup_by_key(|x| x.1);
        cands.sort_unstable();
        for (_, v, c) in cands.into_iter().take(k) {
            let mut s = seq.clone();
            s.push(v);
            let tv = t.get(&v).copied().unwrap_or(0);
            heap.push(Reverse((so_far + c + tv, s, so_far + c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalog {
        Catalog::builtin().expect("built-in catalog")
    }

    #[test]
    fn rep_to_senior_rep_is_a_well_matched_promotion() {
        let m = classify(&cat(), "Care Rep", "Senior Rep").unwrap();
        assert_eq!(m.direction, Direction::Promotional);
        assert_eq!(m.scope, Scope::WithinUnit);
        assert_eq!(m.grade_steps, 1);
        assert!(m.well_matched);
        assert_eq!(m.matched_by, vec![MatchBasis::NextGrade]);
    }

    #[test]
    fn care_operations_107_to_109_is_one_step() {
        let m = classify(
            &cat(),
            "care-operations/supervisor",
            "care-operations/manager",
        )
        .unwrap();
        assert_eq!(m.grade_steps, 2);
        assert_eq!(m.unit_steps, 1);
        assert!(m.well_matched);
        let m = classify(
            &cat(),
            "resource-planning/supervisor",
            "resource-planning/manager",
        )
        .unwrap();
        assert_eq!(m.unit_steps, 2);
        assert!(!m.well_matched);
    }

    #[test]
    fn a_role_to_itself_is_not_a_move() {
        let e = classify(&cat(), "Care Rep", "CCR").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(e.to_string().contains("is not a move"), "{e}");
    }

    #[test]
    fn readiness_says_what_is_missing() {
        let p = Person {
            current_role: "Care Rep".into(),
            months_in_role: [("Care Rep".to_string(), 2)].into(),
            ..Person::default()
        };
        let r = readiness(&cat(), &p, "Senior Rep").unwrap();
        assert!(!r.eligible);
        assert_eq!(r.required[0].message, "4 more months as a Care Rep");
        let p = Person {
            current_role: "Care Rep".into(),
            call_center_years: 1,
            ..Person::default()
        };
        let r = readiness(&cat(), &p, "Analyst, Vendor Transition").unwrap();
        assert_eq!(
            r.required[0].message,
            "2 more years of call-center experience"
        );
        let r = readiness(&cat(), &p, "Tech").unwrap();
        assert_eq!(
            r.required[0].message,
            "the credential Certified Pharmacy Technician"
        );
        let p = Person {
            current_role: "Care Rep".into(),
            credentials: vec!["certified pharmacy technician".into()],
            ..Person::default()
        };
        assert!(readiness(&cat(), &p, "Tech").unwrap().eligible);
    }

    #[test]
    fn paths_are_shortest_and_well_matched() {
        let c = cat();
        let ps = paths(
            &c,
            "Care Rep",
            "Manager, Customer Care",
            &PathOptions::default(),
        )
        .unwrap();
        assert!(!ps.is_empty());
        // 105 -> 107 in a unit without 106, then 107 -> 109 in Care Operations (no 108)
        assert_eq!(
            ps[0].roles,
            [
                "care-operations/rep",
                "vendor-management/analyst-vendor-transition",
                "care-operations/manager"
            ]
        );
        assert_eq!(ps[0].transfers, 2);
        let ps3 = paths(
            &c,
            "Care Rep",
            "Manager, Customer Care",
            &PathOptions {
                units: vec!["Care Operations".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ps3.len(), 1);
        assert_eq!(ps3[0].roles.len(), 4);
        assert_eq!(ps3[0].transfers, 0);
        for p in &ps {
            assert!(p.steps.iter().all(|s| s.well_matched));
            assert_eq!(p.steps.len(), 2);
        }
        let e = paths(
            &c,
            "Care Rep",
            "Senior Rep",
            &PathOptions {
                k: 0,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    }

    #[test]
    fn paths_agree_with_a_naive_search() {
        let c = cat();
        let n = c.roles().len() as u32;
        for a in 0..n {
            // naive BFS over every pair
            let mut dist = vec![u32::MAX; n as usize];
            dist[a as usize] = 0;
            let mut q = std::collections::VecDeque::from([a]);
            while let Some(u) = q.pop_front() {
                for v in 0..n {
                    if is_well_matched(&c, u, v) && dist[v as usize] == u32::MAX {
                        dist[v as usize] = dist[u as usize] + 1;
                        q.push_back(v);
                    }
                }
            }
            for b in 0..n {
                if a == b {
                    continue;
                }
                let got = k_best(&c, a, b, 5, &|_| true);
                if dist[b as usize] == u32::MAX {
                    assert!(got.is_empty());
                    continue;
                }
                // every shortest path, by brute force, ordered by (transfers, sequence)
                let d = dist[b as usize];
                let mut all: Vec<(usize, Vec<u32>)> = Vec::new();
                let mut stack = vec![vec![a]];
                while let Some(p) = stack.pop() {
                    let u = *p.last().unwrap();
                    if p.len() as u32 - 1 == d {
                        if u == b {
                            let tr = p
                                .windows(2)
                                .filter(|w| unit_of(&c, w[0]) != unit_of(&c, w[1]))
                                .count();
                            all.push((tr, p));
                        }
                        continue;
                    }
                    for v in 0..n {
                        if is_well_matched(&c, u, v) && !p.contains(&v) {
                            let mut q = p.clone();
                            q.push(v);
                            stack.push(q);
                        }
                    }
                }
                all.sort();
                let want: Vec<Vec<u32>> = all.into_iter().take(5).map(|(_, p)| p).collect();
                assert_eq!(got, want, "{a}->{b}");
            }
        }
    }

    #[test]
    fn next_steps_from_a_rep() {
        let steps = next_steps(&cat(), "Care Rep").unwrap();
        assert_eq!(steps[0].to.id, "care-operations/senior-rep");
        assert!(steps.iter().all(|m| m.well_matched));
        assert!(steps
            .iter()
            .any(|m| m.to.id == "continuous-improvement/analyst-project-management"));
    }

    #[test]
    fn explanations_snapshot() {
        let c = cat();
        insta::assert_snapshot!(
            "classify_rep_to_senior_rep",
            classify(&c, "Care Rep", "Senior Rep").unwrap().explain()
        );
        insta::assert_snapshot!(
            "classify_ops_107_to_109",
            classify(&c, "care-operations/supervisor", "care-operations/manager")
                .unwrap()
                .explain()
        );
        insta::assert_snapshot!(
            "classify_rp_107_to_109",
            classify(
                &c,
                "resource-planning/supervisor",
                "resource-planning/manager"
            )
            .unwrap()
            .explain()
        );
        let p = Person {
            current_role: "Care Rep".into(),
            months_in_role: [("Care Rep".to_string(), 2)].into(),
            ..Person::default()
        };
        insta::assert_snapshot!(
            "readiness_rep_2_months",
            readiness(&c, &p, "Senior Rep").unwrap().explain()
        );
        let p = Person {
            current_role: "Supervisor, Participant Services".into(),
            call_center_years: 4,
            ..Person::default()
        };
        insta::assert_snapshot!(
            "readiness_rph_manager",
            readiness(&c, &p, "Manager, Pharmacy Ops RPh")
                .unwrap()
                .explain()
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            #[test]
            fn reverse_move_has_opposite_direction_and_same_scope(a in 0usize..41, b in 0usize..41) {
                let c = cat();
                prop_assume!(a != b);
                let (ra, rb) = (&c.roles()[a].id, &c.roles()[b].id);
                let ab = classify(&c, ra, rb).unwrap();
                let ba = classify(&c, rb, ra).unwrap();
                prop_assert_eq!(ab.direction.reverse(), ba.direction);
                prop_assert_eq!(ab.scope, ba.scope);
                prop_assert_eq!(ab.grade_steps, -ba.grade_steps);
            }

            #[test]
            fn every_step_of_every_path_is_well_matched(a in 0usize..41, b in 0usize..41, k in 1usize..6) {
                let c = cat();
                prop_assume!(a != b);
                let ps = paths(&c, &c.roles()[a].id, &c.roles()[b].id, &PathOptions { k, ..Default::default() }).unwrap();
                prop_assert!(ps.len() <= k);
                let mut last: Option<(usize, usize)> = None;
                for p in &ps {
                    prop_assert!(p.steps.iter().all(|s| s.well_matched));
                    prop_assert_eq!(p.roles.first(), Some(&c.roles()[a].id));
                    prop_assert_eq!(p.roles.last(), Some(&c.roles()[b].id));
                    let key = (p.steps.len(), p.transfers);
                    if let Some(l) = last { prop_assert!(l <= key); }
                    last = Some(key);
                }
            }

            #[test]
            fn generated_catalogs_round_trip(n_units in 1usize..6, n_roles in 1usize..40, seed in any::<u64>()) {
                let mut data = crate::catalog::CatalogData {
                    policy: crate::catalog::CareerPolicy::default(),
                    units: (0..n_units).map(|u| crate::catalog::Unit {
                        id: format!("u{u}"), name: format!("Unit {u}"), summary: String::new(),
                        grades: vec![105, 106, 107, 108, 109], aliases: vec![],
                    }).collect(),
                    roles: vec![],
                };
                let mut x = seed;
                for i in 0..n_roles {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let unit = (x >> 33) as usize % n_units;
                    let grade = 105 + ((x >> 40) % 5) as u16;
                    let mut prerequisites = vec![];
                    if i > 0 && x % 3 == 0 {
                        prerequisites.push(Prerequisite::RoleExperience { need: crate::catalog::Need::Required, roles: vec![data.roles[0].id.clone()], months: (x % 24) as u32 });
                    }
                    if x % 5 == 0 {
                        prerequisites.push(Prerequisite::CareerMatch { need: crate::catalog::Need::Recommended, roles: vec![data.roles.first().map_or_else(String::new, |r: &crate::catalog::Role| r.id.clone())].into_iter().filter(|s| !s.is_empty()).collect(), months: None });
                        if let Some(Prerequisite::CareerMatch { roles, .. }) = prerequisites.last() { if roles.is_empty() { prerequisites.pop(); } }
                    }
                    data.roles.push(crate::catalog::Role {
                        id: format!("u{unit}/r{i}"), title: format!("Role \"{i}\" ü"), unit: format!("u{unit}"), grade,
                        track: if x % 2 == 0 { Track::Leadership } else { Track::IndividualContributor },
                        levels: vec![], lateral_skills: vec![], summary: "s".into(), prerequisites, aliases: vec![],
                    });
                }
                let c = Catalog::new(data).unwrap();
                prop_assert_eq!(&Catalog::from_json(&c.to_json().unwrap()).unwrap(), &c);
                prop_assert_eq!(&Catalog::from_toml(&c.to_toml().unwrap()).unwrap(), &c);
            }
        }
    }
}
