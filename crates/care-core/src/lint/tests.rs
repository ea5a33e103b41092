use super::*;
use crate::policy::Format;

fn lint(text: &str) -> Vec<Finding> {
    lint_text(text, Format::Toml, None).unwrap()
}

fn fields(findings: &[Finding], severity: Severity) -> Vec<&str> {
    findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.field.as_str())
        .collect()
}

#[test]
fn the_builtins_have_no_errors_or_warnings() {
    for (kind, text) in [
        (
            FileKind::CertPolicy,
            crate::policy::to_toml(&crate::CertPolicy::default()).unwrap(),
        ),
        (
            FileKind::EscalationPolicy,
            crate::policy::to_toml(&crate::EscalationPolicy::default()).unwrap(),
        ),
        (
            FileKind::CohortPolicy,
            crate::policy::to_toml(&crate::cohort::CohortPolicy::default()).unwrap(),
        ),
        (
            FileKind::Calendar,
            "builtin = \"us-federal\"\ntime_zone = \"America/New_York\"".into(),
        ),
        (
            FileKind::Scorecard,
            crate::scorecard::SAMPLE_TOML.to_string(),
        ),
        (
            FileKind::Catalog,
            crate::Catalog::builtin_toml().to_string(),
        ),
    ] {
        let value = parse_value(&text, Format::Toml).unwrap();
        assert_eq!(detect_kind(&value), Some(kind), "{text}");
        let findings = lint_text(&text, Format::Toml, None).unwrap();
        let bad: Vec<_> = findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{kind}: {bad:#?}");
    }
}

#[test]
fn cert_policies_that_cannot_work_name_the_field() {
    let f = lint("passes_needed = 6");
    assert_eq!(fields(&f, Severity::Error), ["passes_needed"]);
    assert!(f[0].suggestion.contains("at most 5"), "{f:#?}");
    let f = lint("coached_call = 7\npass_mark = 101");
    assert_eq!(fields(&f, Severity::Error), ["coached_call", "pass_mark"]);
    let f = lint("qa_audit_pass_mark = 80");
    assert_eq!(fields(&f, Severity::Warning), ["qa_audit_pass_mark"]);
    let f = lint("calls = 6");
    assert!(fields(&f, Severity::Error).contains(&"calls"), "{f:#?}");
}

#[test]
fn files_the_loader_rejects_are_explained_field_by_field() {
    let f = lint("pass_mak = 85\nearly_decision = \"yes\"");
    // Fields come in name order (the file is read to a map).
    assert_eq!(
        fields(&f, Severity::Error),
        ["early_decision", "pass_mak"],
        "{f:#?}"
    );
    assert_eq!(f[1].rule, "lint.unknown_field");
    assert!(f[1].suggestion.contains("pass_mark"), "{f:#?}");
    let f = lint("passes_needed = 300\ncalls = -1");
    assert_eq!(fields(&f, Severity::Error).len(), 2, "{f:#?}");
    let f = lint("certifier_hours_per_day = 8\npairing_order = \"escalation_frist\"");
    assert_eq!(f[0].field, "pairing_order", "{f:#?}");
    assert!(f[0].suggestion.contains("escalation_first"), "{f:#?}");
    let f = lint("[budgets]\ncert_session_hours = 4\n[[steps]]\nid = \"a\"\nname = \"b\"\ndya = 4");
    assert_eq!(f[0].field, "steps[0].dya", "{f:#?}");
}

#[test]
fn escalation_steps_out_of_order() {
    let mut p = crate::EscalationPolicy::default();
    p.steps.swap(1, 2);
    let f = lint_escalation_policy(&p);
    assert_eq!(fields(&f, Severity::Error), ["steps[2].day"], "{f:#?}");
}

#[test]
fn catalog_cycles_and_unreachable_roles() {
    let mut data = crate::Catalog::builtin().unwrap().data().clone();
    let rep = data.roles[0].id.clone();
    let senior = data.roles[1].id.clone();
    data.roles[0]
        .prerequisites
        .push(crate::Prerequisite::RoleExperience {
            need: crate::catalog::Need::Required,
            roles: vec![senior],
            months: 6,
        });
    assert_eq!(data.roles[1].prerequisites[0].roles(), [rep]);
    let f = lint_catalog(&data);
    let cycle: Vec<_> = f
        .iter()
        .filter(|f| f.rule == "lint.catalog.prerequisite_cycle")
        .collect();
    assert_eq!(cycle.len(), 1, "{f:#?}");
    assert_eq!(cycle[0].severity, Severity::Error);
    assert_eq!(cycle[0].field, "roles[0].prerequisites[0]");
}

#[test]
fn unknown_kinds_ask_for_one() {
    assert_eq!(
        lint_text("x = 1", Format::Toml, None).unwrap_err().kind(),
        crate::ErrorKind::InvalidInput
    );
    assert_eq!(
        FileKind::parse("escalation").unwrap(),
        FileKind::EscalationPolicy
    );
    assert!(FileKind::parse("catalgo")
        .unwrap_err()
        .to_string()
        .contains("catalog"));
    // A file that is not an object at all is the loader's parse error, said the same way.
    let e = lint_text("[1, 2]", Format::Json, Some(FileKind::Calendar)).unwrap_err();
    assert!(e.to_string().contains("expected an object"), "{e}");
}

#[test]
fn a_role_whose_grade_its_unit_lacks_is_unreachable_when_alone_at_it() {
    let text = r#"{
      "units": [
        {"id": "a", "name": "A", "grades": [105, 106]},
        {"id": "b", "name": "B", "grades": [105]}
      ],
      "roles": [
        {"id": "a/one", "title": "One", "unit": "a", "grade": 105, "track": "individual_contributor"},
        {"id": "a/two", "title": "Two", "unit": "a", "grade": 106, "track": "individual_contributor"},
        {"id": "b/lost", "title": "Lost", "unit": "b", "grade": 107, "track": "leadership"}
      ]
    }"#;
    let f = lint_text(text, Format::Json, None).unwrap();
    let lost: Vec<_> = f
        .iter()
        .filter(|f| f.field.starts_with("roles[2]"))
        .collect();
    assert!(
        lost.iter()
            .any(|f| f.rule == "lint.catalog.unreachable" && f.field == "roles[2]"),
        "{f:#?}"
    );
    assert!(lost
        .iter()
        .any(|f| f.field == "roles[2].grade" && f.severity == Severity::Error));
    assert!(!f.iter().any(|f| f.field == "roles[1]"), "{f:#?}");
}

#[test]
fn every_lint_rule_is_in_the_docs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("../../docs/policy-tools.md")).unwrap();
    let mut source = String::new();
    for file in [
        "mod.rs",
        "shape.rs",
        "checks.rs",
        "catalog.rs",
        "history.rs",
    ] {
        source += &std::fs::read_to_string(root.join("src/lint").join(file)).unwrap();
    }
    let mut n = 0;
    for piece in source.split("\"lint.").skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let id = format!("lint.{}", &piece[..end]);
        if id.contains(['{', ' ']) {
            continue;
        }
        n += 1;
        let last = id.rsplit('.').next().unwrap_or("");
        let generic = format!("`lint.<kind>.{last}`");
        assert!(
            docs.contains(&format!("`{id}`")) || docs.contains(&generic),
            "lint rule {id} is not in docs/policy-tools.md"
        );
    }
    assert!(n > 30, "{n}");
}

#[test]
fn unreadable_list_elements_are_named_in_the_files_own_places() {
    let mut data = serde_json::to_value(crate::Catalog::builtin().unwrap().data()).unwrap();
    let roles = data["roles"].as_array_mut().unwrap();
    roles[2].as_object_mut().unwrap().remove("title");
    roles[1]["prerequisites"] = serde_json::json!([
        {"kind": "degree", "need": "required"},
        {"kind": "credential", "need": "must", "credential": "x"}
    ]);
    roles[30]["track"] = "boss".into();
    let f = lint_value(&data, FileKind::Catalog);
    let named: Vec<&str> = f.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        named,
        [
            "roles[1].prerequisites[0]",
            "roles[1].prerequisites[1].need",
            "roles[2].title",
            "roles[30].track"
        ],
        "{f:#?}"
    );
    assert_eq!(
        f[3].suggestion,
        "use one of leadership, individual_contributor"
    );
    assert_eq!(f[2].suggestion, "add title");
}

mod agrees_with_the_loader {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Lint reports an error exactly when the loader refuses the policy.
        #[test]
        fn cert_policy(
            calls in 0u8..8, pdp in 0u8..6, mapd in 0u8..4, coached in 0u8..8,
            coached_score in -10.0f64..120.0, pass_mark in -10.0f64..120.0,
            passes in 0u8..8, audit in -10.0f64..120.0,
        ) {
            let p = crate::CertPolicy {
                calls, pdp_calls: pdp, mapd_calls: mapd, coached_call: coached,
                coached_score, pass_mark, passes_needed: passes, qa_audit_pass_mark: audit,
                ..crate::CertPolicy::default()
            };
            let findings = lint_cert_policy(&p);
            // The one error the loader does not make: every call needed, and the coached
            // call can never pass.
            let impossible = findings.iter().any(|f| f.message.contains("always fails: no agent"));
            prop_assert_eq!(has_errors(&findings), p.validate().is_err() || impossible, "{:#?}", findings);
        }

        #[test]
        fn escalation_policy(days in proptest::collection::vec(0u32..12, 0..6), combined in 0u32..6, session in -1.0f64..30.0) {
            let mut p = crate::EscalationPolicy::default();
            p.steps.truncate(days.len());
            for (s, d) in p.steps.iter_mut().zip(&days) {
                s.day = *d;
            }
            p.budgets.combined_business_days = combined;
            p.budgets.cert_session_hours = session;
            let findings = lint_escalation_policy(&p);
            prop_assert_eq!(has_errors(&findings), p.validate().is_err(), "{:#?}", findings);
        }
    }
}

#[test]
fn histories_are_linted_version_by_version_and_as_a_whole() {
    let text = "[[versions]]\nversion = \"1\"\neffective_until = 2026-09-05\npass_mark = 101\n\
                [[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\npasses_neded = 4\n";
    let found = lint(text);
    assert!(found.iter().all(|f| f.kind_of_file == FileKind::CertPolicy));
    let errors = fields(&found, Severity::Error);
    assert!(errors.contains(&"versions[0].pass_mark"), "{found:?}");
    assert!(errors.contains(&"versions[1].passes_neded"), "{found:?}");
    let overlap = found
        .iter()
        .find(|f| f.rule == "lint.history.dates")
        .expect("the overlap is found");
    assert!(overlap.field.contains("versions[0] (v1), versions[1] (v2)"));
    assert!(overlap.message.contains("overlap"));
    let named = found
        .iter()
        .find(|f| f.field == "versions[0].pass_mark")
        .unwrap();
    assert!(named.message.starts_with("v1: "), "{named:?}");
    // A gap, a bad date, something beside the versions.
    let gap = "[[versions]]\nversion = \"1\"\neffective_until = 2026-08-01\n\
               [[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\npass_mark = 88\n";
    assert!(lint(gap).iter().any(|f| f.message.contains("(gap)")));
    let bad = "pass_mark = 90\n[[versions]]\nversion = \"1\"\neffective_from = \"soon\"\n";
    let found = lint(bad);
    let errors = fields(&found, Severity::Error);
    assert!(errors.contains(&"pass_mark"), "{found:?}");
    assert!(errors.contains(&"versions[0].effective_from"), "{found:?}");
    // The shipped histories are clean, catalogs included, and keep their kinds.
    for (text, kind) in [
        (
            include_str!("../../../../examples/policies/certification-history.toml"),
            FileKind::CertPolicy,
        ),
        (
            include_str!("../../../../examples/policies/escalation-history.toml"),
            FileKind::EscalationPolicy,
        ),
        (
            include_str!("../../../../examples/policies/catalog-history.toml"),
            FileKind::Catalog,
        ),
    ] {
        let value = parse_value(text, Format::Toml).unwrap();
        let (k, found) = lint_document(&value, None).unwrap();
        assert_eq!(k, kind);
        assert!(found.is_empty(), "{found:?}");
    }
    // A catalog version that breaks names its version (the catalog's policy version).
    let broken = include_str!("../../../../examples/policies/catalog-history.toml").replace(
        "grade = 4\ntrack = \"leadership\"",
        "grade = 7\ntrack = \"leadership\"",
    );
    let found = lint(&broken);
    assert!(
        found.iter().any(|f| f.severity == Severity::Error
            && f.field.starts_with("versions[1].roles[2]")
            && f.message.starts_with("example.career v2: ")),
        "{found:?}"
    );
    // Dates at the top of a one-version file.
    let found = lint("effective_from = 2026-09-01\neffective_until = 2026-08-01\npass_mark = 90\n");
    assert_eq!(fields(&found, Severity::Error), ["effective_until"]);
}

#[test]
fn text_options_read_in_one_step_with_defaults_and_typed_errors() {
    let read = |v| crate::policy::from_value::<TextOptions>("options", v);
    let o = read(serde_json::json!({})).unwrap();
    assert_eq!((o.format(), o.kind().unwrap()), (Format::Toml, None));
    let o = read(serde_json::json!({ "format": "json", "kind": "cert" })).unwrap();
    assert_eq!(
        (o.format(), o.kind().unwrap()),
        (Format::Json, Some(FileKind::CertPolicy))
    );
    let e = read(serde_json::json!({ "kind": "doom" }))
        .unwrap()
        .kind()
        .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::UnknownName);
    for bad in [
        serde_json::json!({ "format": "yaml" }),
        serde_json::json!({ "fromat": "json" }),
    ] {
        assert_eq!(
            read(bad).unwrap_err().kind(),
            crate::ErrorKind::InvalidInput
        );
    }
}
