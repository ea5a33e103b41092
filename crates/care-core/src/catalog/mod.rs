//! The career map: business units, job grades, roles and their prerequisites.
//!
//! [`Catalog::builtin`] is the career-mapping guide's map (seven units, 41 roles from the unit
//! charts and the job function index together). An organisation loads its own with
//! [`Catalog::from_toml`] or [`Catalog::from_json`]; both validate the whole file and report
//! every problem with its place ([`Error::InvalidCatalog`]).
//!
//! Roles are found by id (`care-operations/senior-rep`), by title, or forgivingly
//! ([`Catalog::lookup`]): case and punctuation do not matter, common abbreviations are
//! expanded (`Sr.` = Senior, `RP` = Resource Planning, `Cdr` = Coordinator, `Mgr` = Manager,
//! `Assoc.` = Associate), word order does not matter, and aliases and level names (`Rep II`)
//! count. The index behind it is built once, when the catalog is built.
//!
//! For large catalogs JSON is the fast format: loading and validating 10,000 roles from
//! compact JSON takes about as long as `serde_json` parsing the text into a `Value`, while
//! the `toml` crate's parse alone takes roughly twice that (see `benches/benches/career.rs`).

mod hash;
mod index;
mod lookup;
mod names;
mod validate;

#[cfg(test)]
mod tests;

use crate::error::{Error, Problem, Result};
use crate::explain::PolicyRef;
use crate::suggest;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The most roles a catalog may hold; a larger one is [`Error::TooLarge`].
pub const MAX_ROLES: usize = 100_000;
/// The most units a catalog may hold; a larger one is [`Error::TooLarge`].
pub const MAX_UNITS: usize = 10_000;
/// The widest grade range (`highest_grade - lowest_grade + 1`) a catalog may declare.
pub const MAX_GRADE_SPAN: u32 = 100;

use hash::*;
use index::*;
use names::*;
use validate::*;

pub use lookup::{Overview, OverviewRow, RoleFilter};
pub use names::name_key;
pub(crate) use names::{join_or, plural, with_article};

const BUILTIN_TOML: &str = include_str!("../../data/catalog.toml");

/// A job grade, e.g. 105.
pub type Grade = u16;

/// The knobs of the career map: the grade ladder and the policy's identity.
///
/// Its `Default` is the guide's: grades 105 to 109.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CareerPolicy {
    /// The policy's id, carried in every outcome's [`PolicyRef`].
    pub id: String,
    /// The policy's version.
    pub version: String,
    /// The lowest job grade (the guide: 105).
    pub lowest_grade: Grade,
    /// The highest job grade (the guide: 109).
    pub highest_grade: Grade,
}

impl Default for CareerPolicy {
    fn default() -> Self {
        CareerPolicy {
            id: "care.career".to_string(),
            version: "1".to_string(),
            lowest_grade: 105,
            highest_grade: 109,
        }
    }
}

impl CareerPolicy {
    /// Checks the policy on its own; returns [`Error::InvalidPolicy`] with every problem.
    pub fn validate(&self) -> Result<()> {
        let problems = self.problems("policy");
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                policy: self.id.clone(),
                problems,
            })
        }
    }

    fn problems(&self, place: &str) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.id.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.id"), "the id is empty"));
        }
        if self.lowest_grade > self.highest_grade {
            problems.push(Problem::new(
                format!("{place}.lowest_grade"),
                format!(
                    "lowest grade {} is above highest grade {}",
                    self.lowest_grade, self.highest_grade
                ),
            ));
        } else if u32::from(self.highest_grade) - u32::from(self.lowest_grade) + 1 > MAX_GRADE_SPAN
        {
            problems.push(Problem::new(
                format!("{place}.highest_grade"),
                format!(
                    "grades {}..={} span more than {MAX_GRADE_SPAN} grades",
                    self.lowest_grade, self.highest_grade
                ),
            ));
        }
        problems
    }

    /// The policy's id and version.
    pub fn policy_ref(&self) -> PolicyRef {
        PolicyRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    /// Whether `grade` is on the ladder.
    pub fn contains(&self, grade: Grade) -> bool {
        (self.lowest_grade..=self.highest_grade).contains(&grade)
    }
}

/// A role's track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// Supervisors, associate managers and managers.
    Leadership,
    /// Reps, techs, coordinators, analysts and the like.
    IndividualContributor,
}

impl Track {
    /// Every track.
    pub const ALL: [Track; 2] = [Track::Leadership, Track::IndividualContributor];

    /// The snake_case name used in files (`leadership`, `individual_contributor`).
    pub fn code(self) -> &'static str {
        match self {
            Track::Leadership => "leadership",
            Track::IndividualContributor => "individual_contributor",
        }
    }

    /// Parses a track forgivingly: `leadership`, `lead`, `individual contributor`, `ic`.
    pub fn parse(name: &str) -> Result<Track> {
        match suggest::normalize(name).replace(' ', "").as_str() {
            "leadership" | "lead" | "leader" | "l" => Ok(Track::Leadership),
            "individualcontributor" | "ic" | "individual" | "contributor" => {
                Ok(Track::IndividualContributor)
            }
            _ => Err(Error::unknown_name(
                "track",
                name,
                ["leadership", "individual_contributor"],
            )),
        }
    }
}

impl fmt::Display for Track {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Track::Leadership => "leadership",
            Track::IndividualContributor => "individual contributor",
        })
    }
}

/// Whether a prerequisite must be met or only helps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Must be met to be eligible.
    Required,
    /// Helps; not needed to be eligible.
    Recommended,
}

/// One prerequisite of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Prerequisite {
    /// At least `months` in the named roles (added together), e.g. 6 months as a Care Rep.
    RoleExperience {
        /// Required or recommended.
        need: Need,
        /// Role ids; time in any of them counts.
        roles: Vec<String>,
        /// How many months in total.
        months: u32,
    },
    /// At least `years` of call-center experience.
    CallCenterExperience {
        /// Required or recommended.
        need: Need,
        /// How many years.
        years: u32,
    },
    /// A credential held, e.g. Certified Pharmacy Technician.
    Credential {
        /// Required or recommended.
        need: Need,
        /// The credential's name.
        credential: String,
    },
    /// The guide's "career match": the roles this one suits as a next step. Besides being a
    /// prerequisite, each listed role has a well-matched move to this one.
    CareerMatch {
        /// Required or recommended (the guide's are recommended).
        need: Need,
        /// Role ids the guide names.
        roles: Vec<String>,
        /// Months in those roles (added together), when the guide gives a number; otherwise
        /// any time in one of them counts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        months: Option<u32>,
    },
}

impl Prerequisite {
    /// Required or recommended.
    pub fn need(&self) -> Need {
        match self {
            Prerequisite::RoleExperience { need, .. }
            | Prerequisite::CallCenterExperience { need, .. }
            | Prerequisite::Credential { need, .. }
            | Prerequisite::CareerMatch { need, .. } => *need,
        }
    }

    /// The role ids it names (none for years or credentials).
    pub fn roles(&self) -> &[String] {
        match self {
            Prerequisite::RoleExperience { roles, .. }
            | Prerequisite::CareerMatch { roles, .. } => roles,
            _ => &[],
        }
    }

    /// The prerequisite in a sentence, with role titles from `catalog`.
    pub fn describe(&self, catalog: &Catalog) -> String {
        let need = match self.need() {
            Need::Required => "required",
            Need::Recommended => "recommended",
        };
        let what = match self {
            Prerequisite::RoleExperience { roles, months, .. } => format!(
                "at least {} as {}",
                plural(u64::from(*months), "month"),
                catalog.role_list(roles)
            ),
            Prerequisite::CallCenterExperience { years, .. } => format!(
                "at least {} of call-center experience",
                plural(u64::from(*years), "year")
            ),
            Prerequisite::Credential { credential, .. } => {
                format!("the credential {credential}")
            }
            Prerequisite::CareerMatch { roles, months, .. } => match months {
                Some(m) => format!(
                    "career match: at least {} as {}",
                    plural(u64::from(*m), "month"),
                    catalog.role_list(roles)
                ),
                None => format!("career match: experience as {}", catalog.role_list(roles)),
            },
        };
        format!("{what} ({need})")
    }
}

/// A business unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable id, e.g. `care-operations`.
    pub id: String,
    /// Display name, e.g. `Care Operations`.
    pub name: String,
    /// What the unit does, in a line.
    #[serde(default)]
    pub summary: String,
    /// The grades the unit has, e.g. Care Operations: 105, 106, 107, 109 (no 108).
    pub grades: Vec<Grade>,
    /// Other names, e.g. `RP`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A role (job) of the career map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Unit-qualified id, e.g. `care-operations/senior-rep`.
    pub id: String,
    /// Title, e.g. `Senior Rep`. Titles are not unique across units.
    pub title: String,
    /// The unit's id.
    pub unit: String,
    /// The job grade.
    pub grade: Grade,
    /// Leadership or individual contributor.
    pub track: Track,
    /// Steps within the grade, e.g. Rep I, Rep II, Rep III.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// Lateral growth inside the role, e.g. the call queues a Care Rep can learn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lateral_skills: Vec<String>,
    /// What the role does, in a line.
    #[serde(default)]
    pub summary: String,
    /// Prerequisites, required and recommended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<Prerequisite>,
    /// Other names, e.g. `Customer Service Representative`, `CCR`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The serialised form of a [`Catalog`]: what a TOML or JSON file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogData {
    /// The grade ladder and the policy's identity.
    #[serde(default)]
    pub policy: CareerPolicy,
    /// The business units.
    #[serde(default)]
    pub units: Vec<Unit>,
    /// The roles.
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// A validated career map with its lookup index.
///
/// Built from [`CatalogData`] by [`Catalog::new`] (or `from_toml` / `from_json`), which
/// checks it and builds the index once. Serialises as its [`CatalogData`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "CatalogData", into = "CatalogData")]
pub struct Catalog {
    data: CatalogData,
    index: Index,
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
}

impl TryFrom<CatalogData> for Catalog {
    type Error = Error;
    fn try_from(data: CatalogData) -> Result<Catalog> {
        Catalog::new(data)
    }
}

impl crate::policy::Validate for Catalog {
    /// A `Catalog` is checked when it is built, so this never fails.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
}

impl From<Catalog> for CatalogData {
    fn from(c: Catalog) -> CatalogData {
        c.data
    }
}

/// The derived structure behind lookups and path searches (role indexes, not strings).
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Hash of a role id -> role index (see [`key_hash`]; [`find_id`] checks the id).
    ids: FastMap<u64, Hits>,
    /// Hash of a normalised name (id, title, alias, level) -> role indexes.
    names: FastMap<u64, Hits>,
    /// Hash of the sorted-word key of every name -> role indexes (word order does not
    /// matter).
    words: FastMap<u64, Hits>,
    /// Normalised unit id, name or alias -> unit index.
    unit_names: FastMap<String, u32>,
    /// Per role: its unit's index.
    pub(crate) role_unit: Vec<u32>,
    /// Per role: its grade's offset from the lowest grade.
    pub(crate) role_grade: Vec<u8>,
    /// Number of grades on the ladder.
    pub(crate) grade_count: usize,
    /// Per grade offset: the roles at that grade.
    pub(crate) by_grade: Vec<Vec<u32>>,
    /// Per `unit * grade_count + grade`: the roles of that unit at that grade.
    pub(crate) by_unit_grade: Vec<Vec<u32>>,
    /// Per `unit * grade_count + grade`: the next grade offset the unit has above it.
    pub(crate) next_up: Vec<Option<u8>>,
    /// Per `unit * grade_count + grade`: the grade offset the unit has just below it.
    pub(crate) next_down: Vec<Option<u8>>,
    /// Per role: the roles whose career-match list names it (explicit moves out of it).
    pub(crate) matches_out: Vec<Vec<u32>>,
    /// Per role: the roles its own career-match lists name (explicit moves into it).
    pub(crate) matches_in: Vec<Vec<u32>>,
}
