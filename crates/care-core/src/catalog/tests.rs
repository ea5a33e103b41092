//! Tests of the catalog: the guide's map, lookups, validation, name keys.

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
