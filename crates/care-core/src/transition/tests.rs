//! Tests of moves, readiness and path search.

use super::search::k_best;
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
