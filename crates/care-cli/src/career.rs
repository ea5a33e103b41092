//! `care roles | role | move | ready | next | paths | map`.

use crate::out::{emit, read_file, CliResult, Ctx};
use care_core::catalog::{Catalog, RoleFilter, Track};
use care_core::rule;
use care_core::transition::{self, PathOptions, Person};
use care_core::Error;
use clap::Args;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `--catalog FILE` and `--as-of DATE`, shared by every career command.
#[derive(Debug, Args)]
pub struct CatalogArg {
    /// Use an organisation's own career map (a .toml or .json file) instead of the built-in
    /// one; it may hold several versions with effective dates (`[[versions]]`).
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// The day the answer is for: a catalog history uses the version in force that day (the
    /// latest without it); `care ready` also dates when the months are reached ("eligible
    /// from 2027-03-01").
    #[arg(long, value_name = "DATE")]
    as_of: Option<jiff::civil::Date>,
}

impl CatalogArg {
    fn load(&self) -> CliResult<Catalog> {
        match &self.catalog {
            None => Ok(Catalog::builtin()?),
            Some(path) => {
                let format = crate::out::data_format(path)?;
                let text = read_file(path)?;
                let history = care_core::History::<Catalog>::load(&text, format)?;
                Ok(history.as_of(self.as_of)?.clone())
            }
        }
    }
}

/// `care roles`.
#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Only roles of this unit (id, name or alias, e.g. RP).
    #[arg(long)]
    unit: Option<String>,
    /// Only roles of this grade.
    #[arg(long)]
    grade: Option<u16>,
    /// Only roles on this track: leadership or individual_contributor (ic).
    #[arg(long)]
    track: Option<String>,
    #[command(flatten)]
    catalog: CatalogArg,
}

/// `care role NAME`.
#[derive(Debug, Args)]
pub struct RoleArgs {
    /// A role id, title or alias ("Sr. Analyst, RP" works).
    name: String,
    #[command(flatten)]
    catalog: CatalogArg,
}

/// `care move FROM TO`.
#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The current role.
    from: String,
    /// The role to move to.
    to: String,
    #[command(flatten)]
    catalog: CatalogArg,
}

/// `care ready --current ROLE --target ROLE ...`.
#[derive(Debug, Args)]
pub struct ReadyArgs {
    /// The person's current role.
    #[arg(long)]
    current: String,
    /// The role they want.
    #[arg(long)]
    target: String,
    /// Months in a role, as ROLE=N (repeatable); a bare N means months in the current role.
    #[arg(long, value_name = "ROLE=N")]
    months: Vec<String>,
    /// Whole years of call-center experience.
    #[arg(long, default_value_t = 0)]
    years: u32,
    /// A credential held (repeatable), e.g. "Certified Pharmacy Technician".
    #[arg(long)]
    credential: Vec<String>,
    #[command(flatten)]
    catalog: CatalogArg,
}

/// `care next ROLE`.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// The current role.
    role: String,
    #[command(flatten)]
    catalog: CatalogArg,
}

/// `care paths FROM TO`.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The current role.
    from: String,
    /// The goal.
    to: String,
    /// How many paths at most.
    #[arg(short = 'k', long, default_value_t = 3)]
    k: usize,
    /// Keep to one track: leadership or individual_contributor (ic).
    #[arg(long)]
    track: Option<String>,
    /// Keep to these units (repeatable).
    #[arg(long)]
    unit: Vec<String>,
    #[command(flatten)]
    catalog: CatalogArg,
}

fn track(t: &Option<String>) -> CliResult<Option<Track>> {
    Ok(match t {
        Some(t) => Some(Track::parse(t)?),
        None => None,
    })
}

pub fn roles(ctx: &Ctx, a: RolesArgs) -> CliResult {
    let cat = a.catalog.load()?;
    let filter = RoleFilter {
        unit: a.unit,
        grade: a.grade,
        track: track(&a.track)?,
    };
    let roles = cat.filter(&filter)?;
    emit(ctx, &roles, || {
        let mut s = String::new();
        let mut unit = "";
        for r in &roles {
            if r.unit != unit {
                unit = &r.unit;
                s.push_str(&format!("{}\n", cat.unit_name(unit)));
            }
            s.push_str(&format!(
                "  {}  {:<38} {:<52} {}\n",
                r.grade,
                r.title,
                r.id,
                match r.track {
                    Track::Leadership => "leadership",
                    Track::IndividualContributor => "individual contributor",
                }
            ));
        }
        s.push_str(&format!("{} roles\n", roles.len()));
        s
    })
}

pub fn role(ctx: &Ctx, a: RoleArgs) -> CliResult {
    let cat = a.catalog.load()?;
    let r = cat.lookup(&a.name)?;
    emit(ctx, r, || {
        let mut s = format!(
            "{} ({})\n  unit: {}\n  grade: {}\n  track: {}\n",
            r.title,
            r.id,
            cat.unit_name(&r.unit),
            r.grade,
            r.track
        );
        if !r.summary.is_empty() {
            s.push_str(&format!("  what it does: {}\n", r.summary));
        }
        if !r.levels.is_empty() {
            s.push_str(&format!(
                "  levels within the grade: {}\n",
                r.levels.join(", ")
            ));
        }
        if !r.lateral_skills.is_empty() {
            s.push_str(&format!(
                "  lateral growth: {}\n",
                r.lateral_skills.join(", ")
            ));
        }
        if r.prerequisites.is_empty() {
            s.push_str("  prerequisites: none listed\n");
        } else {
            s.push_str("  prerequisites:\n");
            for p in &r.prerequisites {
                s.push_str(&format!("    - {}\n", p.describe(&cat)));
            }
        }
        if !r.aliases.is_empty() {
            s.push_str(&format!("  also known as: {}\n", r.aliases.join("; ")));
        }
        s
    })
}

pub fn classify(ctx: &Ctx, a: MoveArgs) -> CliResult {
    let cat = a.catalog.load()?;
    let m = transition::classify(&cat, &a.from, &a.to)?;
    emit(ctx, &m, || m.explain())
}

fn parse_months(
    cat: &Catalog,
    current: &str,
    items: &[String],
) -> CliResult<BTreeMap<String, u32>> {
    let mut out: BTreeMap<String, u32> = BTreeMap::new();
    for item in items {
        let (role, n) = match item.rsplit_once('=') {
            Some((role, n)) => (role.trim().to_string(), n.trim()),
            None => (current.to_string(), item.trim()),
        };
        let n: u32 = n.parse().map_err(|_| {
            Error::invalid_input(format!(
                "--months {item:?}: the months must be a whole number, as ROLE=N (e.g. \"Care Rep=8\") or N"
            ))
        })?;
        let id = cat.lookup(&role)?.id.clone();
        let e = out.entry(id).or_insert(0);
        *e = e.saturating_add(n);
    }
    Ok(out)
}

pub fn ready(ctx: &Ctx, a: ReadyArgs) -> CliResult {
    let cat = a.catalog.load()?;
    let person = Person {
        months_in_role: parse_months(&cat, &a.current, &a.months)?,
        current_role: a.current,
        call_center_years: a.years,
        credentials: a.credential,
    };
    let mut r = transition::readiness(&cat, &person, &a.target)?;
    if a.catalog.as_of.is_some() {
        r.counterfactual = r.counterfactual_as_of(a.catalog.as_of);
    }
    emit(ctx, &r, || match &r.counterfactual {
        Some(c) => format!("{}to reverse: {c}\n", r.explain()),
        None => r.explain(),
    })
}

pub fn next(ctx: &Ctx, a: NextArgs) -> CliResult {
    let cat = a.catalog.load()?;
    let moves = transition::next_steps(&cat, &a.role)?;
    emit(ctx, &moves, || {
        let Some(first) = moves.first() else {
            return format!("no well-matched moves from {}\n", a.role);
        };
        let mut s = format!(
            "well-matched moves from {} ({}):\n",
            first.from.title, first.from.id
        );
        for m in &moves {
            let why: Vec<&str> = m
                .reasons
                .iter()
                .filter(|r| r.rule == rule::MOVE_WELL_MATCHED)
                .map(|r| r.message.as_ref())
                .collect();
            s.push_str(&format!(
                "  {} {:<38} {:<12} {:<16} {}\n      {}\n",
                m.to.grade,
                m.to.title,
                direction(m),
                scope(m),
                m.to.id,
                why.join("; ")
            ));
            for p in &m.prerequisites {
                s.push_str(&format!("      prerequisite: {}\n", p.describe(&cat)));
            }
        }
        s
    })
}

fn direction(m: &transition::Move) -> &'static str {
    match m.direction {
        transition::Direction::Promotional => "promotional",
        transition::Direction::Lateral => "lateral",
        transition::Direction::StepDown => "step down",
    }
}

fn scope(m: &transition::Move) -> &'static str {
    match m.scope {
        transition::Scope::WithinUnit => "within unit",
        transition::Scope::CrossFunctional => "cross-functional",
    }
}

fn path_text(p: &transition::CareerPath) -> String {
    let mut s = String::new();
    for step in &p.steps {
        let why: Vec<&str> = step
            .reasons
            .iter()
            .filter(|r| r.rule == rule::MOVE_WELL_MATCHED)
            .map(|r| r.message.as_ref())
            .collect();
        s.push_str(&format!(
            "    {} ({}) -> {} ({}): {}, {}; {}\n",
            step.from.title,
            step.from.grade,
            step.to.title,
            step.to.grade,
            direction(step),
            scope(step),
            why.join("; ")
        ));
    }
    s
}

pub fn paths(ctx: &Ctx, a: PathsArgs) -> CliResult {
    let cat = a.catalog.load()?;
    let options = PathOptions {
        k: a.k,
        track: track(&a.track)?,
        units: a.unit,
    };
    let ps = transition::paths(&cat, &a.from, &a.to, &options)?;
    emit(ctx, &ps, || {
        if ps.is_empty() {
            return format!(
                "no path of well-matched steps from {} to {} within these limits\n",
                a.from, a.to
            );
        }
        let mut s = String::new();
        for (i, p) in ps.iter().enumerate() {
            s.push_str(&format!(
                "path {}: {}, {}\n",
                i + 1,
                counted(p.steps.len(), "step", "steps"),
                counted(
                    p.transfers,
                    "cross-functional transfer",
                    "cross-functional transfers"
                )
            ));
            s.push_str(&path_text(p));
        }
        s
    })
}

/// The career part of `care demo`: the map at a glance, a move, a readiness check, a path.
pub fn demo_career() -> CliResult<crate::out::Section> {
    let cat = Catalog::builtin()?;
    let overview = cat.overview();
    let m = transition::classify(&cat, "Care Rep", "Senior Rep")?;
    let person = Person {
        current_role: "care-operations/rep".into(),
        months_in_role: [("care-operations/rep".to_string(), 2)].into(),
        ..Person::default()
    };
    let r = transition::readiness(&cat, &person, "Senior Rep")?;
    let ps = transition::paths(
        &cat,
        "Care Rep",
        "Senior Analyst, Project",
        &PathOptions {
            k: 1,
            ..PathOptions::default()
        },
    )?;
    let value = serde_json::json!({
        "overview": overview, "move": m, "readiness": r, "path": ps.first(),
    });
    crate::out::section(&value, || {
        let mut s = String::from("== The career map: roles per unit and grade ==\n");
        s.push_str(&format!("{:<36}", "unit"));
        for g in &overview.grades {
            s.push_str(&format!("{g:>6}"));
        }
        s.push('\n');
        for row in &overview.units {
            s.push_str(&format!("{:<36}", row.name));
            for g in &overview.grades {
                match row.roles.get(g) {
                    Some(n) => s.push_str(&format!("{n:>6}")),
                    None => s.push_str(&format!("{:>6}", "-")),
                }
            }
            s.push('\n');
        }
        s.push_str(&format!(
            "{} roles in {} units ('-': the unit has no such grade)\n\n",
            overview.total_roles,
            overview.units.len()
        ));
        s.push_str("== A move ==\n");
        s.push_str(&m.explain());
        s.push_str("\n== Readiness: a Care Rep with 2 months, aiming at Senior Rep ==\n");
        s.push_str(&r.explain());
        if let Some(p) = ps.first() {
            s.push_str(&format!(
                "\n== A path: Care Rep to Senior Analyst, Project ({}, {}) ==\n",
                counted(p.steps.len(), "step", "steps"),
                counted(p.transfers, "transfer", "transfers")
            ));
            s.push_str(&path_text(p));
        }
        s
    })
}

/// `n` with the noun that agrees with it: `1 step`, `2 steps`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
