//! `care lint` and `care policy diff | default` run as a user runs them.

use std::process::{Command, Output};

fn care(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_care"))
        .args(args)
        .output()
        .expect("the care binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("care-cli-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn lint_passes_the_builtins_and_fails_a_broken_policy() {
    for kind in [
        "cert",
        "escalation",
        "cohort",
        "calendar",
        "scorecard",
        "catalog",
    ] {
        let o = care(&["policy", "default", kind]);
        assert!(o.status.success());
        let path = temp(&format!("default-{kind}.toml"), &stdout(&o));
        let o = care(&["lint", path.to_str().unwrap()]);
        assert!(o.status.success(), "{kind}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("0 errors, 0 warnings"),
            "{}",
            stdout(&o)
        );
    }
    let bad = temp("bad.toml", "passes_needed = 6\npass_mak = 90\n");
    let o = care(&["lint", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("error    passes_needed:"), "{text}");
    assert!(text.contains("rename it to \"pass_mark\""), "{text}");

    let o = care(&["lint", bad.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["kind_of_file"], "cert_policy");
    let fields: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["pass_mak", "passes_needed"]);
}

#[test]
fn lint_takes_a_kind_when_the_fields_do_not_tell() {
    let f = temp("empty.toml", "id = \"x\"\n");
    let o = care(&["lint", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("give --kind"), "{}", stdout(&o));
    let o = care(&["lint", f.to_str().unwrap(), "--kind", "cert"]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn policy_diff_lists_changed_fields_with_their_rules() {
    let old = temp("old.toml", "pass_mark = 85\n");
    let new = temp("new.json", "{\"pass_mark\": 80, \"passes_needed\": 3}");
    let o = care(&[
        "policy",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("pass_mark: 85.0 -> 80.0"), "{text}");
    assert!(text.contains("read by cert.pass_mark"), "{text}");
    let o = care(&[
        "policy",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["changes"][0]["field"], "pass_mark");
    assert_eq!(v["changes"][1]["field"], "passes_needed");
}

#[test]
fn lint_and_diff_read_history_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policies");
    let catalog = root.join("catalog-history.toml");
    let catalog = catalog.to_str().unwrap();
    let o = care(&["lint", catalog]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("(catalog): 0 errors"), "{}", stdout(&o));
    let broken = temp(
        "history.toml",
        "[[versions]]\nversion = \"1\"\neffective_until = 2026-09-05\n\
         [[versions]]\nversion = \"2\"\neffective_from = 2026-09-01\npass_mark = 101\n",
    );
    let o = care(&["lint", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("versions[1].pass_mark: v2: "), "{out}");
    assert!(out.contains("(overlap)"), "{out}");
    // Diff: each version with the next; --from-version/--to-version pick two.
    let o = care(&["policy", "diff", catalog]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.starts_with("example.career v1 -> example.career v2 (from 2027-01-01)"),
        "{out}"
    );
    assert!(
        out.contains("roles[support/team-lead].grade: regraded 3 -> 4"),
        "{out}"
    );
    let o = care(&[
        "policy",
        "diff",
        catalog,
        "--from-version",
        "1",
        "--to-version",
        "2",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["steps"][0]["to"], "example.career v2");
    let o = care(&["policy", "diff", catalog, catalog]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("history"));
}

#[test]
#[cfg(unix)]
fn a_file_that_never_ends_is_too_large_not_a_hang() {
    // /dev/zero (as a .toml file) is read to one byte past the largest input, then refused.
    let dir = std::env::temp_dir().join(format!("care-cli-zero-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zero = dir.join("zero.toml");
    let _ = std::fs::remove_file(&zero);
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    // A long file of two-byte characters, cut inside one at the limit: too large, not "not UTF-8".
    let wide = dir.join("wide.toml");
    std::fs::write(&wide, "é".repeat(9 * 1024 * 1024)).unwrap();
    for file in [zero, wide] {
        let o = care(&["lint", file.to_str().unwrap()]);
        let out = stdout(&o) + &String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && out.contains("too large"), "{out}");
    }
}
