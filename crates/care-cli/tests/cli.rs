//! The `care` binary run as a user runs it: exit codes, stdout, stderr, `--json`.

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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_tours_every_part() {
    let o = care(&["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for part in [
        "The career map",
        "promotional, within the unit, well-matched",
        "4 more months as a Care Rep",
        "Rivera_Ana_80%",
        "day 4: documented coaching  Wed 2026-07-08",
        "End-of-day call cert report",
    ] {
        assert!(text.contains(part), "demo output lacks {part:?}:\n{text}");
    }
}

#[test]
fn demo_json_is_one_object_with_every_part() {
    let o = care(&["demo", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    for key in ["career", "certification", "escalation", "cohort"] {
        assert!(v.get(key).is_some(), "no {key:?} in {v}");
    }
    assert_eq!(v["certification"]["file_stem"], "Rivera_Ana_80%");
}

#[test]
fn answers_match_the_library() {
    let o = care(&["move", "Care Rep", "Sr. Rep", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["direction"], "promotional");
    assert_eq!(v["well_matched"], true);

    let o = care(&[
        "cert",
        "score",
        "100",
        "90",
        "84",
        "88",
        "92",
        "--agent",
        "Rivera, Ana",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("certified"), "{}", stdout(&o));

    let o = care(&["troubleshoot", "20 error"]);
    assert!(
        stdout(&o).contains("Reboot the computer."),
        "{}",
        stdout(&o)
    );
}

#[test]
fn errors_go_to_stderr_with_the_library_message_and_exit_1() {
    let o = care(&["move", "Senoir Rep", "Care Rep"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.starts_with("error: unknown role \"Senoir Rep\""),
        "{err}"
    );
    assert!(err.contains("did you mean"), "{err}");

    let o = care(&["move", "Care Rep", "Care Rep"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a move"), "{}", stderr(&o));

    let o = care(&["cert", "score", "100", "101", "--agent", "Rivera, Ana"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid score for call 2"),
        "{}",
        stderr(&o)
    );

    // A date that does not exist is caught while parsing the arguments: a usage error.
    let o = care(&["timeline", "--start", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("'2026-02-30'"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let o = care(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(["map", "--format", "svg"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then hang up, like `care map | head -c 100`.
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        String::from_utf8_lossy(&first).starts_with("<svg")
            || String::from_utf8_lossy(&first).starts_with("<?xml")
    );
}

/// A report or pairing as of a day uses only tracker rows dated on or before it: scores in a
/// row dated 2026-07-20 do not certify an agent as of 2026-07-06.
#[test]
fn rows_from_the_future_do_not_count() {
    let dir = std::env::temp_dir().join(format!("care-cli-future-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tracker = dir.join("tracker.csv");
    std::fs::write(
        &tracker,
        "date,agent,start,day1_done,role_plays_done,call1,call2,call3,call4,call5\n\
         2026-07-06,\"Rivera, Ana\",2026-07-06,yes,yes,,,,,\n\
         2026-07-20,\"Rivera, Ana\",2026-07-06,yes,yes,100,90,90,90,90\n",
    )
    .unwrap();
    let t = tracker.to_str().unwrap();
    let o = care(&["report", t, "--as-of", "2026-07-06", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_ne!(v["agents"][0]["state"], "certified", "{v}");
    let o = care(&["report", t, "--as-of", "2026-07-20", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["agents"][0]["state"], "certified", "{v}");

    let o = care(&["pair", t, "--day", "2026-07-07", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["pairs"][0]["agent"], "Rivera, Ana", "{v}");

    // The sample cohort before anyone started: no agent, so none certified.
    let o = care(&["report", "--as-of", "1900-01-01", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let certified = v["agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["state"] == "certified")
        .count();
    assert_eq!(certified, 0, "{v}");
    std::fs::remove_dir_all(&dir).ok();
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn calibrate_compares_certifiers_with_the_benchmark() {
    let toml = data("calibration.toml");
    let csv = data("calibration-extra.csv");
    let o = care(&["calibrate", &toml, &csv]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for part in [
        "compared with the benchmark grader, Dana Lee",
        "Lucia Ferraro        75%",
        "Omar Haddad          95%",
        "flagged for review",
        "policy care.calibration v1",
    ] {
        assert!(
            text.contains(part),
            "calibrate output lacks {part:?}:\n{text}"
        );
    }
    let o = care(&["calibrate", &toml, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["reference"]["name"], "Dana Lee");
    assert_eq!(v["certifiers"][0]["certifier"], "Lucia Ferraro");
    assert_eq!(v["certifiers"][0]["status"], "review");
    assert_eq!(v["certifiers"][0]["alignment"], 75.0);
    let o = care(&["calibrate", &toml, "--format", "csv"]);
    let text = stdout(&o);
    assert!(
        text.starts_with("certifier,call,score,reference_score,points_off"),
        "{text}"
    );
    assert!(
        text.contains("Lucia Ferraro,call-a,70,100,-30,false,true,75,review"),
        "{text}"
    );
    let o = care(&["calibrate", &toml, "--format", "markdown"]);
    assert!(stdout(&o).contains("| Certifier | Alignment |"));
}

#[test]
fn calibrate_errors_name_the_file_and_place() {
    let dir = std::env::temp_dir().join(format!("care-cli-cal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "call,certifier,greeting,verification,accuracy,closing\ncall-a,Ravi,yes,maybe,no,yes\n",
    )
    .unwrap();
    let o = care(&[
        "calibrate",
        &data("calibration.toml"),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(r#"bad.csv: failed to parse CSV at line 2, column "verification": "maybe" is not a mark; write yes, no or na"#),
        "{err}"
    );
    let o = care(&["calibrate", &data("calibration-extra.csv")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown column"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn certifiers_reads_the_tracker() {
    let tracker = format!(
        "{}/../care-core/data/sample-cohort.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = care(&["certifiers", &tracker]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("graded calls by"), "{text}");
    assert!(text.contains("too few calls"), "{text}");
    let o = care(&["certifiers", &tracker, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["leniency"]["pool"]["calls"].as_u64().unwrap() > 10);
    let o = care(&["certifiers", &tracker, "--format", "csv"]);
    assert!(stdout(&o).starts_with("certifier,calls,passes,pass_rate"));
    let o = care(&["certifiers", "/nonexistent/tracker.csv"]);
    assert_eq!(o.status.code(), Some(1));
}
