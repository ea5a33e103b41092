//! A person's readiness for a role: each prerequisite of the target checked against their
//! history, with what is missing and how much.

use super::{classify_idx, not_found, Move, RoleRef};
use crate::catalog::{plural, Catalog, Need, Prerequisite};
use crate::error::Result;
use crate::explain::rule;
use crate::explain::{PolicyRef, Reason};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

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
///
/// [`Error::UnknownRole`]: crate::Error::UnknownRole
/// [`Error::AmbiguousRole`]: crate::Error::AmbiguousRole
/// [`Error::InvalidInput`]: crate::Error::InvalidInput
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
