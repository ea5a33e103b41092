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

/// A small, fast, non-cryptographic hasher (FxHash's multiply-rotate) for the lookup index:
/// catalogs are loaded often and their keys are not attacker-chosen hash-flooding targets
/// of any consequence (a slow lookup, never a wrong one).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            if let Some(dst) = b.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl FastHasher {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

fn fast_map<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, Default::default())
}

/// The roles a name points at: usually one, so no allocation for it.
#[derive(Debug, Clone)]
enum Hits {
    One(u32),
    Many(Vec<u32>),
}

impl Hits {
    fn as_slice(&self) -> &[u32] {
        match self {
            Hits::One(x) => std::slice::from_ref(x),
            Hits::Many(v) => v,
        }
    }
    fn add(&mut self, x: u32) {
        match self {
            Hits::One(y) if *y == x => {}
            Hits::One(y) => *self = Hits::Many(vec![*y, x]),
            Hits::Many(v) => push_unique(v, x),
        }
    }
}

/// The 64-bit hash a key is filed under in the index's maps. The maps keep no key strings
/// (no allocation per key): a lookup checks each hit against the role itself, so two keys
/// sharing a hash only cost a comparison, never a wrong answer.
fn key_hash(key: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = FastHasher::default();
    h.write(key.as_bytes());
    h.write_usize(key.len());
    h.finish()
}

/// Adds role `x` under `key`.
fn add_hit(map: &mut FastMap<u64, Hits>, key: &str, x: u32) {
    match map.entry(key_hash(key)) {
        std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().add(x),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(Hits::One(x));
        }
    }
}

/// The role ids filed by hash, and every repeated id as `(index, index of its first use)`.
fn role_id_map(roles: &[Role]) -> (FastMap<u64, Hits>, Vec<(usize, usize)>) {
    let mut ids: FastMap<u64, Hits> = fast_map(roles.len());
    let mut repeats = Vec::new();
    for (i, r) in roles.iter().enumerate() {
        let ri = i as u32;
        match ids.entry(key_hash(&r.id)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Hits::One(ri));
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let first = e
                    .get()
                    .as_slice()
                    .iter()
                    .copied()
                    .find(|&j| roles.get(j as usize).is_some_and(|o| o.id == r.id));
                match first {
                    Some(j) => repeats.push((i, j as usize)),
                    None => e.get_mut().add(ri),
                }
            }
        }
    }
    (ids, repeats)
}

/// The index of the role with exactly this id.
fn find_id(ids: &FastMap<u64, Hits>, roles: &[Role], id: &str) -> Option<u32> {
    ids.get(&key_hash(id))?
        .as_slice()
        .iter()
        .copied()
        .find(|&i| roles.get(i as usize).is_some_and(|r| r.id == id))
}

const BUILTIN_TOML: &str = include_str!("../data/catalog.toml");

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

impl Catalog {
    /// The guide's built-in career map.
    ///
    /// The embedded file is checked by a test; the `Result` only guards against a broken
    /// build. It is parsed and validated once per process; later calls return a copy of
    /// that catalog (a few microseconds instead of a TOML parse).
    pub fn builtin() -> Result<Catalog> {
        // A memo of a pure function of the embedded text, not mutable state: every call
        // returns an equal, independent catalog.
        static BUILTIN: std::sync::OnceLock<Result<Catalog>> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| Catalog::from_toml(BUILTIN_TOML))
            .clone()
    }

    /// The built-in map's TOML text (a template for an organisation's own).
    pub fn builtin_toml() -> &'static str {
        BUILTIN_TOML
    }

    /// Parses and validates a catalog from TOML.
    ///
    /// # Errors
    ///
    /// [`Error::Parse`] naming the place for text that does not parse;
    /// [`Error::InvalidCatalog`] listing every problem (no unit or no role, an unknown unit
    /// or grade, a duplicate id, a prerequisite naming no role...); [`Error::TooLarge`] for
    /// more than [`MAX_ROLES`] roles or [`MAX_UNITS`] units.
    ///
    /// ```
    /// use care_core::{Catalog, ErrorKind};
    /// let c = Catalog::from_toml(Catalog::builtin_toml())?;
    /// assert_eq!(c.lookup("Care Rep")?.id, "care-operations/rep");
    /// assert_eq!(Catalog::from_toml("").unwrap_err().kind(), ErrorKind::InvalidCatalog);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Catalog> {
        Catalog::from_str_in(text, crate::policy::Format::Toml)
    }

    /// Parses and validates a catalog from JSON.
    pub fn from_json(text: &str) -> Result<Catalog> {
        Catalog::from_str_in(text, crate::policy::Format::Json)
    }

    /// Parses and validates a catalog in `format` (a catalog is validated as it is built:
    /// [`Catalog::new`]).
    pub fn from_str_in(text: &str, format: crate::policy::Format) -> Result<Catalog> {
        Catalog::new(crate::policy::from_str::<CatalogData>(text, format)?)
    }

    /// The catalog as TOML.
    pub fn to_toml(&self) -> Result<String> {
        crate::policy::to_toml(&self.data)
    }

    /// The catalog as JSON.
    pub fn to_json(&self) -> Result<String> {
        crate::policy::to_json(&self.data)
    }

    /// Validates `data` (every problem, each with its place) and builds the lookup index.
    ///
    /// More than [`MAX_ROLES`] roles or [`MAX_UNITS`] units is [`Error::TooLarge`].
    pub fn new(data: CatalogData) -> Result<Catalog> {
        if data.roles.len() > MAX_ROLES {
            return Err(Error::TooLarge {
                what: "catalog",
                limit: MAX_ROLES,
                actual: data.roles.len(),
            });
        }
        if data.units.len() > MAX_UNITS {
            return Err(Error::TooLarge {
                what: "catalog's unit list",
                limit: MAX_UNITS,
                actual: data.units.len(),
            });
        }
        let (ids, repeats) = role_id_map(&data.roles);
        let problems = validate(&data, &ids, &repeats);
        if !problems.is_empty() {
            return Err(Error::InvalidCatalog { problems });
        }
        let index = build_index(&data, ids);
        Ok(Catalog { data, index })
    }

    /// The catalog's data.
    pub fn data(&self) -> &CatalogData {
        &self.data
    }

    /// The grade ladder and policy identity.
    pub fn policy(&self) -> &CareerPolicy {
        &self.data.policy
    }

    /// The units, in file order.
    pub fn units(&self) -> &[Unit] {
        &self.data.units
    }

    /// The roles, in file order.
    pub fn roles(&self) -> &[Role] {
        &self.data.roles
    }

    /// The grades of the ladder, lowest first.
    pub fn grades(&self) -> Vec<Grade> {
        (self.data.policy.lowest_grade..=self.data.policy.highest_grade).collect()
    }

    /// The role with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Role> {
        find_id(&self.index.ids, &self.data.roles, id).and_then(|i| self.data.roles.get(i as usize))
    }

    /// The roles whose title is exactly `title`.
    pub fn with_title(&self, title: &str) -> Vec<&Role> {
        self.data
            .roles
            .iter()
            .filter(|r| r.title == title)
            .collect()
    }

    /// Finds a role by id, title, alias or level name, forgivingly (see the module docs).
    ///
    /// # Errors
    ///
    /// A name matching several roles is [`Error::AmbiguousRole`] listing their ids; an
    /// unknown one is [`Error::UnknownRole`] with the closest suggestion; an empty one
    /// [`Error::InvalidInput`].
    ///
    /// ```
    /// use care_core::{Catalog, ErrorKind};
    /// let c = Catalog::builtin()?;
    /// assert_eq!(c.lookup("Sr. Rep")?.id, "care-operations/senior-rep");
    /// assert_eq!(c.lookup("Senoir Rep").unwrap_err().kind(), ErrorKind::UnknownRole);
    /// let e = c.lookup("Senior Analyst, Business Analytics").unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::AmbiguousRole);
    /// # Ok::<(), care_core::Error>(())
    /// ```
    pub fn lookup(&self, name: &str) -> Result<&Role> {
        let i = self.lookup_index(name)?;
        self.data
            .roles
            .get(i as usize)
            .ok_or_else(|| self.unknown_role(name))
    }

    pub(crate) fn lookup_index(&self, name: &str) -> Result<u32> {
        if let Some(i) = find_id(&self.index.ids, &self.data.roles, name.trim()) {
            return Ok(i);
        }
        let key = name_key(name);
        if key.is_empty() {
            return Err(Error::invalid_input(
                "a role name is empty: give a role id or title, e.g. \"care-operations/rep\"",
            ));
        }
        let mut hits = self.hits_for(&self.index.names, &key, false);
        if hits.is_empty() {
            hits = self.hits_for(&self.index.words, &words_key(&key), true);
        }
        match hits.as_slice() {
            [one] => Ok(*one),
            many if !many.is_empty() => {
                let mut candidates: Vec<String> =
                    many.iter().map(|&i| self.id_of(i).to_string()).collect();
                candidates.sort();
                Err(Error::AmbiguousRole {
                    name: suggest::clip(name),
                    candidates,
                })
            }
            _ => Err(self.unknown_role(name)),
        }
    }

    /// The roles filed under `key`'s hash in `map` that really have a name with this key
    /// (or, with `words`, this sorted-word key).
    fn hits_for(&self, map: &FastMap<u64, Hits>, key: &str, words: bool) -> Vec<u32> {
        let Some(hits) = map.get(&key_hash(key)) else {
            return Vec::new();
        };
        let (mut name_buf, mut words_buf, mut spans) = (String::new(), String::new(), Vec::new());
        hits.as_slice()
            .iter()
            .copied()
            .filter(|&i| {
                self.data.roles.get(i as usize).is_some_and(|r| {
                    role_names(r).any(|name| {
                        push_name_key(name, &mut name_buf);
                        if !words {
                            return name_buf == key;
                        }
                        push_words_key(&name_buf, &mut spans, &mut words_buf);
                        words_buf == key
                    })
                })
            })
            .collect()
    }

    fn unknown_role(&self, name: &str) -> Error {
        let known =
            self.data.roles.iter().flat_map(|r| {
                std::iter::once(r.title.as_str()).chain(std::iter::once(r.id.as_str()))
            });
        Error::UnknownRole {
            name: suggest::clip(name),
            suggestion: suggest::closest(name, known),
        }
    }

    /// Finds a unit by id, name or alias, forgivingly.
    pub fn unit(&self, name: &str) -> Result<&Unit> {
        self.unit_index(name)
            .and_then(|i| self.data.units.get(i as usize))
            .ok_or_else(|| {
                Error::unknown_name(
                    "unit",
                    name,
                    self.data
                        .units
                        .iter()
                        .flat_map(|u| [u.id.as_str(), u.name.as_str()]),
                )
            })
    }

    pub(crate) fn unit_index(&self, name: &str) -> Option<u32> {
        self.index.unit_names.get(&name_key(name)).copied()
    }

    /// The unit a role belongs to.
    pub fn unit_of(&self, role: &Role) -> Option<&Unit> {
        self.data.units.iter().find(|u| u.id == role.unit)
    }

    /// The unit's display name for a unit id (the id itself if unknown).
    pub fn unit_name<'a>(&'a self, unit_id: &'a str) -> &'a str {
        self.index
            .unit_names
            .get(&name_key(unit_id))
            .and_then(|&i| self.data.units.get(i as usize))
            .map_or(unit_id, |u| u.name.as_str())
    }

    /// The roles that pass `filter`, in file order.
    pub fn filter(&self, filter: &RoleFilter) -> Result<Vec<&Role>> {
        let unit = match &filter.unit {
            Some(u) => Some(self.unit(u)?.id.as_str()),
            None => None,
        };
        Ok(self
            .data
            .roles
            .iter()
            .filter(|r| unit.is_none_or(|u| r.unit == u))
            .filter(|r| filter.grade.is_none_or(|g| r.grade == g))
            .filter(|r| filter.track.is_none_or(|t| r.track == t))
            .collect())
    }

    /// Units by grades with the number of roles in each cell.
    pub fn overview(&self) -> Overview {
        let grades = self.grades();
        let units = self
            .data
            .units
            .iter()
            .map(|u| OverviewRow {
                unit: u.id.clone(),
                name: u.name.clone(),
                roles: grades
                    .iter()
                    .map(|&g| {
                        (
                            g,
                            self.data
                                .roles
                                .iter()
                                .filter(|r| r.unit == u.id && r.grade == g)
                                .count(),
                        )
                    })
                    .filter(|&(g, n)| n > 0 || u.grades.contains(&g))
                    .collect(),
            })
            .collect();
        Overview {
            grades,
            units,
            total_roles: self.data.roles.len(),
        }
    }

    /// The role at index `i` (internal to path searches).
    pub(crate) fn role_at(&self, i: u32) -> Option<&Role> {
        self.data.roles.get(i as usize)
    }

    pub(crate) fn id_of(&self, i: u32) -> &str {
        self.role_at(i).map_or("", |r| r.id.as_str())
    }

    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    /// "a Care Rep", "an Analyst, Vendor Transition" or "a Care Rep or a Senior Rep".
    pub(crate) fn role_list(&self, ids: &[String]) -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|id| with_article(self.get(id).map_or(id.as_str(), |r| r.title.as_str())))
            .collect();
        join_or(&names)
    }
}

/// A filter over roles for [`Catalog::filter`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RoleFilter {
    /// Only this unit (id, name or alias).
    pub unit: Option<String>,
    /// Only this grade.
    pub grade: Option<Grade>,
    /// Only this track.
    pub track: Option<Track>,
}

/// Units by grades with role counts: the map at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Overview {
    /// The ladder's grades, lowest first.
    pub grades: Vec<Grade>,
    /// One row per unit.
    pub units: Vec<OverviewRow>,
    /// All roles.
    pub total_roles: usize,
}

/// One unit's row of an [`Overview`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverviewRow {
    /// The unit's id.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// Grade -> number of roles, for the grades the unit has.
    pub roles: BTreeMap<Grade, usize>,
}

/// "a Care Rep", "an Analyst, ...".
pub(crate) fn with_article(title: &str) -> String {
    let vowel = title
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {title}", if vowel { "an" } else { "a" })
}

/// "x", "x or y", "x, y or z".
pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "1 month", "4 months".
pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The forgiving key of a name: normalised, abbreviations expanded, filler words dropped.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    push_name_key(name, &mut out);
    out
}

/// [`name_key`] into a reusable buffer (cleared first): one pass over `name`, no other
/// allocation. Same result as normalising ([`suggest::normalize`]) and then mapping each word.
fn push_name_key(name: &str, out: &mut String) {
    out.clear();
    out.reserve(name.len() + 16);
    if name.is_ascii() {
        // no UTF-8 decoding for the usual case
        push_key_chars(name.bytes().map(char::from), out);
    } else {
        push_key_chars(name.chars(), out);
    }
}

fn push_key_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    // Where the current word starts in `out`, while inside one.
    let mut word: Option<usize> = None;
    for ch in chars {
        if ch.is_alphanumeric() {
            let start = match word {
                Some(s) => s,
                None => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.len()
                }
            };
            word = Some(start);
            if ch.is_ascii() {
                out.push(ch.to_ascii_lowercase());
            } else {
                out.extend(ch.to_lowercase());
            }
        } else if let Some(start) = word.take() {
            finish_word(out, start);
        }
    }
    if let Some(start) = word {
        finish_word(out, start);
    }
}

/// Expands the abbreviation `out[start..]` in place, or drops it (and its separating space)
/// when it is a filler word.
fn finish_word(out: &mut String, start: usize) {
    let expanded = match out.get(start..).unwrap_or("") {
        "sr" | "snr" => "senior",
        "jr" => "junior",
        "rp" => "resource planning",
        "cdr" | "coord" => "coordinator",
        "mgr" => "manager",
        "assoc" => "associate",
        "mgmt" => "management",
        "ops" => "operations",
        "representative" => "rep",
        "technician" => "tech",
        "license" => "licence",
        "of" | "the" | "and" => {
            out.truncate(start.saturating_sub(1));
            return;
        }
        _ => return,
    };
    out.truncate(start);
    out.push_str(expanded);
}

fn words_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    push_words_key(key, &mut Vec::new(), &mut out);
    out
}

/// The words of `key`, sorted and without repeats, into `out` (cleared first); `spans` is
/// scratch space.
fn push_words_key(key: &str, spans: &mut Vec<(usize, usize)>, out: &mut String) {
    out.clear();
    spans.clear();
    let mut start = 0;
    for (i, b) in key.bytes().enumerate() {
        if b == b' ' {
            spans.push((start, i));
            start = i + 1;
        }
    }
    spans.push((start, key.len()));
    let word = |&(a, b): &(usize, usize)| key.get(a..b).unwrap_or("");
    spans.sort_unstable_by(|x, y| word(x).cmp(word(y)));
    spans.dedup_by(|x, y| word(x) == word(y));
    for (n, s) in spans.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word(s));
    }
}

fn validate(
    data: &CatalogData,
    role_ids: &FastMap<u64, Hits>,
    role_repeats: &[(usize, usize)],
) -> Vec<Problem> {
    let mut problems = data.policy.problems("policy");
    // An empty text or `{}` parses to a catalog of nothing: a mistake, not a map.
    if data.units.is_empty() {
        problems.push(Problem::new(
            "units",
            "there are none; give at least one unit",
        ));
    }
    if data.roles.is_empty() {
        problems.push(Problem::new(
            "roles",
            "there are none; give at least one role",
        ));
    }
    let policy = &data.policy;
    let mut unit_ids: FastMap<&str, usize> = fast_map(data.units.len());
    for (i, u) in data.units.iter().enumerate() {
        let place = format!("units[{i}]");
        if u.id.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.id"), "the id is empty"));
        } else if let Some(first) = unit_ids.insert(u.id.as_str(), i) {
            unit_ids.insert(u.id.as_str(), first);
            problems.push(Problem::new(
                format!("{place}.id"),
                format!("duplicate unit id {:?} (first at units[{first}])", u.id),
            ));
        }
        if u.name.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.name"), "the name is empty"));
        }
        if u.grades.is_empty() {
            problems.push(Problem::new(
                format!("{place}.grades"),
                "a unit needs at least one grade",
            ));
        }
        for (j, &g) in u.grades.iter().enumerate() {
            if !policy.contains(g) {
                problems.push(Problem::new(
                    format!("{place}.grades[{j}]"),
                    format!(
                        "grade {g} is outside {}..={}",
                        policy.lowest_grade, policy.highest_grade
                    ),
                ));
            }
        }
    }
    for &(i, first) in role_repeats {
        let id = data.roles.get(i).map_or("", |r| r.id.as_str());
        problems.push(Problem::new(
            format!("roles[{i}].id"),
            format!("duplicate role id {id:?} (first at roles[{first}])"),
        ));
    }
    let unit_known: Vec<&str> = data.units.iter().map(|u| u.id.as_str()).collect();
    for (i, r) in data.roles.iter().enumerate() {
        let place = RolePlace(i);
        if r.id.trim().is_empty() {
            problems.push(Problem::new(format!("{place}.id"), "the id is empty"));
        }
        if r.title.trim().is_empty() {
            problems.push(Problem::new(
                format!("{place}.title"),
                format!("the title of {:?} is empty", r.id),
            ));
        }
        match unit_ids.get(r.unit.as_str()) {
            None => {
                let e = Error::unknown_name("unit", &r.unit, unit_known.iter().copied());
                problems.push(Problem::new(format!("{place}.unit"), e.to_string()));
            }
            Some(&u) => {
                let Some(unit) = data.units.get(u) else {
                    continue;
                };
                let prefix_ok =
                    r.id.strip_prefix(unit.id.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                        .is_some_and(|rest| !rest.is_empty());
                if !prefix_ok {
                    problems.push(Problem::new(
                        format!("{place}.id"),
                        format!(
                            "role id {:?} should start with its unit: \"{}/...\"",
                            r.id, unit.id
                        ),
                    ));
                }
                if policy.contains(r.grade) && !unit.grades.contains(&r.grade) {
                    problems.push(Problem::new(
                        format!("{place}.grade"),
                        format!(
                            "grade {} is not a grade of unit {:?} (it has {})",
                            r.grade,
                            unit.id,
                            unit.grades
                                .iter()
                                .map(|g| g.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
        }
        if !policy.contains(r.grade) {
            problems.push(Problem::new(
                format!("{place}.grade"),
                format!(
                    "grade {} is outside {}..={}",
                    r.grade, policy.lowest_grade, policy.highest_grade
                ),
            ));
        }
        for (j, p) in r.prerequisites.iter().enumerate() {
            let pplace = PrereqPlace(i, j);
            match p {
                Prerequisite::RoleExperience { roles, .. }
                | Prerequisite::CareerMatch { roles, .. } => {
                    if roles.is_empty() {
                        problems.push(Problem::new(
                            format!("{pplace}.roles"),
                            "names no role: list at least one role id",
                        ));
                    }
                    for (k, id) in roles.iter().enumerate() {
                        if find_id(role_ids, &data.roles, id).is_none() {
                            let known = data.roles.iter().map(|r| r.id.as_str());
                            let e = Error::UnknownRole {
                                name: suggest::clip(id),
                                suggestion: suggest::closest(id, known),
                            };
                            problems
                                .push(Problem::new(format!("{pplace}.roles[{k}]"), e.to_string()));
                        } else if id == &r.id {
                            problems.push(Problem::new(
                                format!("{pplace}.roles[{k}]"),
                                format!("role {:?} names itself as a prerequisite", r.id),
                            ));
                        }
                    }
                }
                Prerequisite::Credential { credential, .. } => {
                    if credential.trim().is_empty() {
                        problems.push(Problem::new(
                            format!("{pplace}.credential"),
                            "the credential's name is empty",
                        ));
                    }
                }
                Prerequisite::CallCenterExperience { .. } => {}
            }
        }
    }
    problems
}

/// `roles[i].prerequisites[j]`, formatted only when a problem is reported.
struct PrereqPlace(usize, usize);

impl fmt::Display for PrereqPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "roles[{}].prerequisites[{}]", self.0, self.1)
    }
}

/// `roles[i]`, formatted only when a problem is reported.
struct RolePlace(usize);

impl fmt::Display for RolePlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "roles[{}]", self.0)
    }
}

/// The names a role is found by: its id, title, aliases and level names.
fn role_names(r: &Role) -> impl Iterator<Item = &String> {
    std::iter::once(&r.id)
        .chain(std::iter::once(&r.title))
        .chain(r.aliases.iter())
        .chain(r.levels.iter())
}

fn build_index(data: &CatalogData, ids: FastMap<u64, Hits>) -> Index {
    let policy = &data.policy;
    let grade_count = usize::from(policy.highest_grade.saturating_sub(policy.lowest_grade)) + 1;
    let n = data.roles.len();
    let mut ix = Index {
        grade_count,
        by_grade: vec![Vec::new(); grade_count],
        by_unit_grade: vec![Vec::new(); grade_count * data.units.len()],
        next_up: vec![None; grade_count * data.units.len()],
        next_down: vec![None; grade_count * data.units.len()],
        matches_out: vec![Vec::new(); n],
        matches_in: vec![Vec::new(); n],
        ids,
        names: fast_map(n * 3),
        words: fast_map(n * 3),
        role_unit: Vec::with_capacity(n),
        role_grade: Vec::with_capacity(n),
        unit_names: fast_map(data.units.len() * 3),
    };
    let offset =
        |g: Grade| -> u8 { u8::try_from(g.saturating_sub(policy.lowest_grade)).unwrap_or(u8::MAX) };
    let mut unit_by_id: FastMap<&str, u32> = fast_map(data.units.len());
    for (ui, u) in data.units.iter().enumerate() {
        let ui = ui as u32;
        unit_by_id.insert(u.id.as_str(), ui);
        for name in [&u.id, &u.name].into_iter().chain(u.aliases.iter()) {
            ix.unit_names.entry(name_key(name)).or_insert(ui);
        }
        let mut offs: Vec<u8> = u.grades.iter().map(|&g| offset(g)).collect();
        offs.sort_unstable();
        offs.dedup();
        for g in 0..grade_count {
            let base = ui as usize * grade_count + g;
            ix.next_up[base] = offs.iter().copied().find(|&o| usize::from(o) > g);
            ix.next_down[base] = offs.iter().rev().copied().find(|&o| usize::from(o) < g);
        }
    }
    // Reused for every name: the name's key, its sorted words and the words' places.
    let mut key = String::new();
    let mut words = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, r) in data.roles.iter().enumerate() {
        let ri = i as u32;
        let ui = unit_by_id.get(r.unit.as_str()).copied().unwrap_or(0);
        let g = offset(r.grade);
        ix.role_unit.push(ui);
        ix.role_grade.push(g);
        if let Some(v) = ix.by_grade.get_mut(usize::from(g)) {
            v.push(ri);
        }
        if let Some(v) = ix
            .by_unit_grade
            .get_mut(ui as usize * grade_count + usize::from(g))
        {
            v.push(ri);
        }
        for name in role_names(r) {
            push_name_key(name, &mut key);
            if key.is_empty() {
                continue;
            }
            add_hit(&mut ix.names, &key, ri);
            if key.contains(' ') {
                push_words_key(&key, &mut spans, &mut words);
                add_hit(&mut ix.words, &words, ri);
            } else {
                add_hit(&mut ix.words, &key, ri);
            }
        }
    }
    for (i, r) in data.roles.iter().enumerate() {
        let ri = i as u32;
        for p in &r.prerequisites {
            if let Prerequisite::CareerMatch { roles, .. } = p {
                for id in roles {
                    if let Some(src) = find_id(&ix.ids, &data.roles, id) {
                        if src != ri {
                            if let Some(v) = ix.matches_out.get_mut(src as usize) {
                                push_unique(v, ri);
                            }
                            if let Some(v) = ix.matches_in.get_mut(i) {
                                push_unique(v, src);
                            }
                        }
                    }
                }
            }
        }
    }
    ix
}

fn push_unique(v: &mut Vec<u32>, x: u32) {
    if !v.contains(&x) {
        v.push(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every title of the guide's job function index (`seeds/000_482b5ca6cd329e25.txt`, the
    /// lines `Job Grade - NNN TITLE`), as the guide writes it, names its role: one role of
    /// that grade, or (a title the guide gives two roles, or two units) only roles of that
    /// grade, listed as candidates.
    #[test]
    fn every_index_title_of_the_guide_resolves() {
        let c = Catalog::builtin().unwrap();
        let titles: [(u16, &str); 37] = [
            (105, "Cdr, Client Liaison"),
            (105, "Cdr, Resource Planning"),
            (105, "Rep I, Rep II, Member Advocate"),
            (105, "Rep I, Rep II, Rep III, Customer Care"),
            (105, "Tech I, Tech II, Tech III, Participant Services"),
            (106, "Senior Cdr, Quality"),
            (106, "Senior Cdr, Resource Planning"),
            (106, "Senior Rep, Care Case Review / Senior Team"),
            (106, "Senior Tech, Participant Services"),
            (107, "Analyst, Business Analytics"),
            (107, "Analyst, Client Liaison"),
            (107, "Analyst, Project Management"),
            (107, "Analyst, Reporting Strategy"),
            (107, "Analyst, Resource Planning"),
            (107, "Analyst, Vendor Transition"),
            (
                107,
                "Supervisor, Customer Care, Care Operations / Senior Team",
            ),
            (107, "Supervisor, Participant Services"),
            (107, "Supervisor, Resource Planning"),
            (108, "Assoc. Manager, Resource Planning"),
            (108, "Senior Analyst, Business Analytics"),
            (108, "Senior Analyst, Client Operations"),
            (108, "Senior Analyst, Project"),
            (108, "Senior Analyst, Reporting Strategy"),
            (108, "Senior Analyst, Testing or Business Analytics"),
            (108, "Senior Analyst, Vendor Management"),
            (108, "Sr. Analyst, Reporting Strategy"),
            (108, "Sr. Analyst, Resource Planning"),
            (109, "Manager, Business Analytics"),
            (109, "Manager, Client Operations"),
            (109, "Manager, Customer Care, Care Operations / Senior Team"),
            (109, "Manager, Operations"),
            (
                109,
                "Manager, Participant Services or Mgr, Pharmacy Ops RPh",
            ),
            (109, "Manager, Process"),
            (109, "Manager, Project Management"),
            (109, "Manager, Reporting Strategy"),
            (109, "Manager, Resource Planning"),
            (109, "Manager, Vendor Management"),
        ];
        let mut bad = Vec::new();
        for (grade, title) in titles {
            match c.lookup(title) {
                Ok(r) if r.grade == grade => {}
                Ok(r) => bad.push(format!("{title:?} -> {} (grade {})", r.id, r.grade)),
                Err(Error::AmbiguousRole { candidates, .. })
                    if candidates
                        .iter()
                        .all(|id| c.lookup(id).is_ok_and(|r| r.grade == grade)) => {}
                Err(e) => bad.push(format!("{title:?}: {e}")),
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    fn builtin() -> Catalog {
        Catalog::builtin().expect("the built-in catalog is valid")
    }

    #[test]
    fn builtin_has_seven_units_and_all_roles() {
        let c = builtin();
        assert_eq!(c.units().len(), 7);
        assert_eq!(c.roles().len(), 41);
        let grades = |id: &str| c.unit(id).unwrap().grades.clone();
        assert_eq!(grades("care-operations"), vec![105, 106, 107, 109]);
        assert_eq!(grades("participant-services"), vec![105, 106, 107, 109]);
        assert_eq!(grades("member-experience"), vec![105, 106, 108, 109]);
        assert_eq!(grades("resource-planning"), vec![105, 106, 107, 108, 109]);
        assert_eq!(grades("vendor-management"), vec![107, 108, 109]);
        assert_eq!(grades("client-operations"), vec![105, 107, 108, 109]);
        assert_eq!(grades("continuous-improvement"), vec![107, 108, 109]);
        let count = |u: &str| c.roles().iter().filter(|r| r.unit == u).count();
        assert_eq!(count("care-operations"), 4);
        assert_eq!(count("participant-services"), 5);
        assert_eq!(count("member-experience"), 6);
        assert_eq!(count("resource-planning"), 11);
        assert_eq!(count("vendor-management"), 3);
        assert_eq!(count("client-operations"), 4);
        assert_eq!(count("continuous-improvement"), 8);
        // every unit's grade set is exactly the grades its roles have
        for u in c.units() {
            let mut have: Vec<Grade> = c
                .roles()
                .iter()
                .filter(|r| r.unit == u.id)
                .map(|r| r.grade)
                .collect();
            have.sort();
            have.dedup();
            assert_eq!(have, u.grades, "{}", u.id);
        }
        for r in c.roles() {
            assert!(!r.summary.is_empty(), "{} has no summary", r.id);
        }
    }

    #[test]
    fn forgiving_lookups() {
        let c = builtin();
        let id = |n: &str| c.lookup(n).map(|r| r.id.clone());
        assert_eq!(id("care-operations/rep").unwrap(), "care-operations/rep");
        assert_eq!(
            id("Customer Service Representative").unwrap(),
            "care-operations/rep"
        );
        assert_eq!(id("ccr").unwrap(), "care-operations/rep");
        assert_eq!(id("Rep III").unwrap(), "care-operations/rep");
        assert_eq!(id("sr. rep").unwrap(), "care-operations/senior-rep");
        assert_eq!(
            id("Sr. Analyst, RP").unwrap(),
            "resource-planning/sr-analyst"
        );
        assert_eq!(
            id("Assoc. Mgr, RP").unwrap(),
            "resource-planning/assoc-manager"
        );
        assert_eq!(id("Cdr, RP").unwrap(), "resource-planning/cdr");
        assert_eq!(
            id("Resource Planning Manager").unwrap(),
            "resource-planning/manager"
        );
        assert_eq!(id("Manager of RP").unwrap(), "resource-planning/manager");
        assert_eq!(
            id("Mgr, Pharmacy Ops RPh").unwrap(),
            "participant-services/manager-pharmacy-ops-rph"
        );
        let e = c.lookup("Senior Analyst, Business Analytics").unwrap_err();
        assert_eq!(
            e,
            Error::AmbiguousRole {
                name: "Senior Analyst, Business Analytics".into(),
                candidates: vec![
                    "continuous-improvement/sr-analyst-business-analytics".into(),
                    "member-experience/sr-analyst-business-analytics".into()
                ]
            }
        );
        let e = c.lookup("Rep I").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::AmbiguousRole);
        let e = c.lookup("Senoir Rep").unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"unknown role "Senoir Rep" (did you mean "Senior Rep"?)"#
        );
        assert_eq!(
            c.lookup("  ").unwrap_err().kind(),
            crate::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn validation_names_every_problem() {
        let text = r#"
[[units]]
id = "a"
name = "A"
grades = [105, 106, 110]

[[roles]]
id = "a/x"
title = ""
unit = "a"
grade = 105
track = "leadership"

[[roles]]
id = "a/x"
title = "X"
unit = "aa"
grade = 111
track = "leadership"
[[roles.prerequisites]]
kind = "role_experience"
need = "required"
roles = ["a/y"]
months = 3
"#;
        let e = Catalog::from_toml(text).unwrap_err();
        let Error::InvalidCatalog { problems } = &e else {
            panic!("{e}")
        };
        let places: Vec<&str> = problems.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(
            places,
            [
                "units[0].grades[2]",
                "roles[1].id",
                "roles[0].title",
                "roles[1].unit",
                "roles[1].grade",
                "roles[1].prerequisites[0].roles[0]"
            ],
            "{e}"
        );
        assert!(
            e.to_string()
                .contains(r#"unknown unit "aa" (did you mean "a"?)"#),
            "{e}"
        );
    }

    #[test]
    fn too_large_catalog_is_refused() {
        let data = CatalogData {
            policy: CareerPolicy::default(),
            units: vec![],
            roles: vec![
                Role {
                    id: "x/y".into(),
                    title: "Y".into(),
                    unit: "x".into(),
                    grade: 105,
                    track: Track::Leadership,
                    levels: vec![],
                    lateral_skills: vec![],
                    summary: String::new(),
                    prerequisites: vec![],
                    aliases: vec![],
                };
                MAX_ROLES + 1
            ],
        };
        assert_eq!(
            Catalog::new(data).unwrap_err().kind(),
            crate::ErrorKind::TooLarge
        );
    }

    #[test]
    fn builtin_copies_equal_a_fresh_parse() {
        let fresh = Catalog::from_toml(Catalog::builtin_toml()).unwrap();
        assert_eq!(builtin(), fresh);
        assert_eq!(builtin(), builtin());
        assert_eq!(
            builtin().lookup("sr. rep").unwrap().id,
            "care-operations/senior-rep"
        );
    }

    #[test]
    fn round_trips_through_toml_and_json() {
        let c = builtin();
        let t = c.to_toml().unwrap();
        assert_eq!(Catalog::from_toml(&t).unwrap(), c);
        let j = c.to_json().unwrap();
        assert_eq!(Catalog::from_json(&j).unwrap(), c);
        let via_serde: Catalog = serde_json::from_str(&j).unwrap();
        assert_eq!(via_serde, c);
    }

    #[test]
    fn overview_counts_roles_per_cell() {
        let o = builtin().overview();
        assert_eq!(o.total_roles, 41);
        let ops = &o.units[0];
        assert_eq!(ops.unit, "care-operations");
        assert_eq!(ops.roles.get(&108), None);
        assert_eq!(ops.roles.get(&105), Some(&1));
    }

    /// The straightforward key: normalise, then map each word (what `name_key` must equal).
    fn reference_name_key(name: &str) -> String {
        let norm = suggest::normalize(name);
        let mut words = Vec::new();
        for word in norm.split(' ') {
            let expanded = match word {
                "sr" | "snr" => "senior",
                "jr" => "junior",
                "rp" => "resource planning",
                "cdr" | "coord" => "coordinator",
                "mgr" => "manager",
                "assoc" => "associate",
                "mgmt" => "management",
                "ops" => "operations",
                "rep" | "representative" => "rep",
                "technician" => "tech",
                "license" => "licence",
                "of" | "the" | "and" | "" => continue,
                w => w,
            };
            words.push(expanded);
        }
        words.join(" ")
    }

    fn reference_words_key(key: &str) -> String {
        let mut words: Vec<&str> = key.split(' ').collect();
        words.sort_unstable();
        words.dedup();
        words.join(" ")
    }

    #[test]
    fn name_keys_match_the_reference() {
        for name in [
            "",
            "  ",
            "Sr. Analyst, RP",
            "The Manager of the Ops",
            "of",
            "and  the",
            "Mgr, Pharmacy Ops RPh",
            "  Rep   III ",
            "ÉLAN Straße İstanbul",
            "care-operations/senior-rep",
            "rep rep Rep",
        ] {
            assert_eq!(name_key(name), reference_name_key(name), "{name:?}");
            let k = name_key(name);
            assert_eq!(words_key(&k), reference_words_key(&k), "{name:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn name_keys_match_the_reference_on_any_text(
            name in "[ a-zA-Z0-9.,/&-]{0,40}|(sr|rp|of|the|mgr|ops|Rep|\\PC| |,){0,12}"
        ) {
            let k = name_key(&name);
            proptest::prop_assert_eq!(&k, &reference_name_key(&name));
            if !k.is_empty() {
                proptest::prop_assert_eq!(words_key(&k), reference_words_key(&k));
            }
        }
    }

    #[test]
    fn tracks_parse_forgivingly() {
        assert_eq!(Track::parse("IC").unwrap(), Track::IndividualContributor);
        assert_eq!(Track::parse("Leadership").unwrap(), Track::Leadership);
        assert!(Track::parse("boss").is_err());
    }
}
