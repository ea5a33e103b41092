//! Loading a catalog, finding roles and units, and the map at a glance.

use super::*;

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

    /// The map's identity: its policy id and version (`care.career v1`), which every
    /// decision made with it names, and by which a [`crate::History`] of catalogs names its
    /// versions.
    pub fn policy_ref(&self) -> PolicyRef {
        self.data.policy.policy_ref()
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
