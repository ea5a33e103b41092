//! Policies over time from the command line: histories for --policy, counterfactuals in the
//! text, `care replay`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn care(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_care"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("care runs")
}

fn ok(args: &[&str]) -> String {
    let o = care(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn status_uses_the_escalation_version_in_force_on_the_as_of_date() {
    let h = "examples/policies/escalation-history.toml";
    let before = ok(&[
        "status",
        "--start",
        "2026-08-24",
        "--as-of",
        "2026-08-26",
        "--holidays",
        "us-federal",
        "--policy",
        h,
    ]);
    assert!(before.contains("policy: care.escalation v1"), "{before}");
    let after = ok(&[
        "status",
        "--start",
        "2026-08-31",
        "--as-of",
        "2026-09-02",
        "--holidays",
        "us-federal",
        "--policy",
        h,
    ]);
    assert!(after.contains("policy: care.escalation v2"), "{after}");
    assert!(
        after.contains("documented coaching (due Wed 2026-09-02)"),
        "{after}"
    );
    assert!(
        after
            .contains("to avoid it            completing by Thu 2026-09-03 avoids the written CAP"),
        "{after}"
    );
}

#[test]
fn ready_dates_the_months_from_the_as_of_date() {
    let out = ok(&[
        "ready",
        "--current",
        "Care Rep",
        "--target",
        "Senior Rep",
        "--months",
        "2",
        "--as-of",
        "2026-11-01",
    ]);
    assert!(
        out.contains("to reverse: 4 more months as a Care Rep: eligible from 2027-03-01"),
        "{out}"
    );
}

#[test]
fn replay_lists_the_flips_of_a_stricter_pass_mark() {
    let out = ok(&[
        "replay",
        "--as-of",
        "2026-07-10",
        "--holidays",
        "us-federal",
        "--to",
        "examples/policies/certification-v2.toml",
    ]);
    assert!(
        out.contains("care.certification v1 -> care.certification v2"),
        "{out}"
    );
    assert!(
        out.contains("11 agents; 4 certification flips; 0 escalation flips"),
        "{out}"
    );
    assert!(
        out.contains("Priya Natarajan: certification certified -> failed"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "replay",
        "--as-of",
        "2026-07-10",
        "--holidays",
        "us-federal",
        "--to",
        "examples/policies/certification-v2.toml",
    ]))
    .expect("json");
    assert_eq!(json["summary"]["certification_flips"], 4);
    assert_eq!(json["flips"].as_array().map(Vec::len), Some(4));
    // The history's version in force on 2026-09-01 is version 2: nothing flips.
    let same = ok(&[
        "replay",
        "--as-of",
        "2026-09-01",
        "--from",
        "examples/policies/certification-history.toml",
        "--to",
        "examples/policies/certification-v2.toml",
    ]);
    assert!(same.contains("0 certification flips"), "{same}");
}

#[test]
fn an_overlapping_history_is_an_error_naming_the_versions() {
    let dir = std::env::temp_dir().join(format!("care-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("overlap.toml");
    std::fs::write(
        &f,
        "[[versions]]\nversion = \"1\"\neffective_until = 2026-09-05\n[[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\n",
    )
    .unwrap();
    let o = care(&[
        "status",
        "--start",
        "2026-07-02",
        "--as-of",
        "2026-07-09",
        "--policy",
        f.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("care.escalation v1")
            && err.contains("care.escalation v2")
            && err.contains("overlap"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn career_commands_use_the_catalog_version_in_force_on_the_as_of_date() {
    let h = "examples/policies/catalog-history.toml";
    let ready = |date: &str| {
        ok(&[
            "ready",
            "--current",
            "Agent",
            "--target",
            "Senior Agent",
            "--months",
            "7",
            "--catalog",
            h,
            "--as-of",
            date,
            "--json",
        ])
    };
    let v1: serde_json::Value = serde_json::from_str(&ready("2026-12-31")).unwrap();
    assert_eq!(v1["eligible"], true);
    assert_eq!(v1["policy"]["version"], "1");
    let v2: serde_json::Value = serde_json::from_str(&ready("2027-01-01")).unwrap();
    assert_eq!(v2["eligible"], false);
    assert_eq!(v2["policy"]["version"], "2");
    assert!(
        v2["counterfactual"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("2 more months")),
        "{v2}"
    );
    // Without --as-of: the latest version (Team Lead regraded to 4: a promotion still).
    let latest = ok(&["move", "Senior Agent", "Team Lead", "--catalog", h]);
    assert!(latest.contains("example.career v2"), "{latest}");
}
