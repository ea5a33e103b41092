use super::fields::{exact, normalize, table};
use super::*;
use crate::lint::template;

/// Every field path of a value, list indexes as `[]` (an empty list as `x[]`).
fn paths(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                paths(v, &join(path, k), out);
            }
        }
        Value::Array(a) if a.is_empty() => out.push(format!("{path}[]")),
        Value::Array(a) => {
            for v in a {
                paths(v, &format!("{path}[]"), out);
            }
        }
        _ => out.push(path.to_string()),
    }
}

#[test]
fn every_field_of_every_kind_has_an_entry() {
    for kind in FileKind::ALL {
        let mut all = Vec::new();
        paths(&template(kind), "", &mut all);
        all.sort();
        all.dedup();
        assert!(all.len() > 3, "{kind}: {all:?}");
        for field in all {
            let rules = exact(kind, &field);
            assert!(
                rules.as_ref().is_some_and(|r| !r.is_empty()),
                "{kind}: field {field:?} has no entry in diff::fields; add the rules that read it"
            );
        }
    }
}

fn read_tree(dir: &std::path::Path, out: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            read_tree(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "md") {
            if p.ends_with("diff/fields.rs") {
                continue;
            }
            out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
        }
    }
}

#[test]
fn every_rule_in_the_tables_is_a_rule_of_the_core_or_the_docs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    read_tree(&root.join("src"), &mut text);
    read_tree(&root.join("../../docs/rules"), &mut text);
    let pseudo = ["policy.ref", "policy.validate", "catalog.lookup", "display"];
    for kind in FileKind::ALL {
        for (field, rules) in table(kind) {
            for rule in *rules {
                assert!(
                    pseudo.contains(rule) || text.contains(&format!("\"{rule}\"")) || text.contains(&format!("`{rule}`")),
                    "{kind}: {field} names rule {rule:?}, which neither the core nor docs/rules use"
                );
            }
        }
    }
}

#[test]
fn fields_normalize_and_fall_back_to_the_enclosing_entry() {
    assert_eq!(
        normalize("roles[care-operations/rep].prerequisites[0].roles[1]"),
        "roles[].prerequisites[].roles[]"
    );
    assert!(rules_for(FileKind::EscalationPolicy, "steps[2].day").contains(&"escalation.step"));
    let r = rules_for(
        FileKind::CohortPolicy,
        "escalation.budgets.cert_session_hours",
    );
    assert!(
        r.contains(&"pair.capacity") && r.contains(&"report.escalation"),
        "{r:?}"
    );
    assert!(rules_for(FileKind::CohortPolicy, "cert.pass_mark").contains(&"cert.pass_mark"));
    assert!(rules_for(FileKind::CertPolicy, "nonsense").is_empty());
}

#[test]
fn defaults_written_out_compare_equal_to_fields_left_out() {
    let full = crate::policy::to_toml(&crate::EscalationPolicy::default()).unwrap();
    let d = diff_text(&full, "[budgets]\ntbt_hours = 8", Format::Toml, None).unwrap();
    assert_eq!(d.kind_of_file, FileKind::EscalationPolicy);
    assert!(d.changes.is_empty(), "{d:#?}");
    let d = diff_text(&full, "[budgets]\ntbt_hours = 6", Format::Toml, None).unwrap();
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].field, "budgets.tbt_hours");
    assert_eq!(d.rules(), ["budget.tbt", "report.tbt_budget"]);
}

#[test]
fn steps_compare_by_id() {
    let old = crate::EscalationPolicy::default();
    let mut new = old.clone();
    new.steps.remove(1);
    new.steps[1].day = 8;
    new.steps.swap(1, 2);
    let (a, b) = (
        serde_json::to_value(&old).unwrap(),
        serde_json::to_value(&new).unwrap(),
    );
    let d = diff_values(&a, &b, FileKind::EscalationPolicy).unwrap();
    let got: Vec<(&str, ChangeKind)> = d
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.change))
        .collect();
    assert_eq!(
        got,
        [
            ("steps[written-cap]", ChangeKind::Removed),
            ("steps[final-cap].day", ChangeKind::Changed),
            ("steps", ChangeKind::Changed),
        ]
    );
    assert!(d.changes[1].rules.contains(&"escalation.step".to_string()));
}

#[test]
fn catalogs_compare_roles_by_id() {
    let old = crate::Catalog::builtin().unwrap().data().clone();
    let mut new = old.clone();
    new.roles.swap(0, 1); // order does not count
    let removed = new.roles.remove(2);
    new.roles[0].grade = 107;
    new.roles[0].prerequisites.clear();
    new.roles[3].title = "Renamed".into();
    let mut added = removed.clone();
    added.id = "care-operations/new-role".into();
    new.roles.push(added);
    let changes = diff_catalogs(&old, &new);
    let got: Vec<(&str, ChangeKind)> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.change))
        .collect();
    let senior = &old.roles[1].id;
    assert!(
        got.contains(&(&format!("roles[{senior}].grade"), ChangeKind::Regraded)),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            &format!("roles[{senior}].prerequisites"),
            ChangeKind::PrerequisitesChanged
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(&format!("roles[{}]", removed.id), ChangeKind::Removed)),
        "{got:?}"
    );
    assert!(
        got.contains(&("roles[care-operations/new-role]", ChangeKind::Added)),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(f, c)| f.ends_with(".title") && *c == ChangeKind::Changed),
        "{got:?}"
    );
    let regraded = changes
        .iter()
        .find(|c| c.change == ChangeKind::Regraded)
        .unwrap();
    assert!(regraded.rules.contains(&"move.direction".to_string()));
}

#[test]
fn different_kinds_do_not_compare() {
    let e = diff_text(
        "pass_mark = 85",
        "[budgets]\ntbt_hours = 6",
        Format::Toml,
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("one kind"), "{e}");
}

#[test]
fn a_history_diffs_each_version_with_the_next() {
    let text = "[[versions]]\nversion = \"1\"\neffective_until = 2026-08-31\n\
                [[versions]]\nversion = \"3\"\neffective_from = 2027-01-01\npass_mark = 90\n\
                [[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\npass_mark = 88\n";
    let h = diff_history(text, Format::Toml, None, None, None).unwrap();
    assert_eq!(h.kind_of_file, FileKind::CertPolicy);
    // In the order they take effect, not file order; the dates are not fields.
    let names: Vec<(&str, &str)> = h
        .steps
        .iter()
        .map(|s| (s.from.as_str(), s.to.as_str()))
        .collect();
    assert_eq!(names, [("v1", "v2"), ("v2", "v3")]);
    assert_eq!(
        h.steps[1].effective_from,
        Some("2027-01-01".parse().unwrap())
    );
    for s in &h.steps {
        let fields: Vec<&str> = s.diff.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["pass_mark", "version"]);
    }
    let pick = diff_history(text, Format::Toml, None, Some("1"), Some("3")).unwrap();
    assert_eq!(pick.steps.len(), 1);
    assert_eq!(
        pick.steps[0].diff.changes[0].new,
        Some(serde_json::json!(90.0))
    );
    let e = diff_history(text, Format::Toml, None, Some("9"), None).unwrap_err();
    assert!(e.to_string().contains("v1, v2, v3"), "{e}");
    // Two files, one a history: pointed to the one-file form.
    let e = diff_text(text, "pass_mark = 80", Format::Toml, None).unwrap_err();
    assert!(e.to_string().contains("history"), "{e}");
    let e = diff_history("pass_mark = 80", Format::Toml, None, None, None).unwrap_err();
    assert!(e.to_string().contains("not a history"), "{e}");
}

#[test]
fn a_catalog_history_diffs_by_role() {
    let text = include_str!("../../../../examples/policies/catalog-history.toml");
    let h = diff_history(text, Format::Toml, None, None, None).unwrap();
    assert_eq!(h.kind_of_file, FileKind::Catalog);
    assert_eq!(
        (h.steps[0].from.as_str(), h.steps[0].to.as_str()),
        ("example.career v1", "example.career v2")
    );
    let kinds: Vec<(&str, ChangeKind)> = h.steps[0]
        .diff
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.change))
        .collect();
    assert!(kinds.contains(&("roles[support/team-lead].grade", ChangeKind::Regraded)));
    assert!(kinds.contains(&(
        "roles[support/senior-agent].prerequisites",
        ChangeKind::PrerequisitesChanged
    )));
}
