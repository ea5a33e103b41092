//! The command line's conventions (README, "Conventions"), one test each, checked on every
//! command they concern: dates, the time-zone option, `-` for stdin and stdout,
//! `--input-format`, exit codes, JSON errors with `--json`, a closed stdout, `care help`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn care(args: &[&str]) -> Output {
    care_in(args, None)
}

fn care_in(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the care binary runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

#[test]
fn one_range_error_for_dates_beyond_the_calendar() {
    for args in [
        &["status", "--start", "2026-07-02", "--as-of", "9999-12-31"][..],
        &["timeline", "--start", "9999-12-31"],
        &["report", "--as-of", "9999-12-31"],
    ] {
        let o = care(args);
        let err = text(&o.stderr);
        assert_eq!(code(&o), 2, "{args:?}: {err}");
        assert!(
            err.contains("outside the calendar's supported range 1900-01-01 to 2200-12-31"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("overflowed"), "{args:?}: {err}");
    }
}

#[test]
fn one_time_zone_option_and_one_date_parser_everywhere() {
    let zone = "America/New_York";
    for flag in ["--time-zone", "--tz"] {
        for args in [
            vec!["timeline", "--start", "7/2/2026", flag, zone],
            vec![
                "status", "--start", "7/2/2026", "--as-of", "7/9/2026", flag, zone,
            ],
            vec!["calendar", "add", "7/2/2026", "3", flag, zone],
            vec!["report", "--as-of", "7/10/2026", flag, zone],
            vec!["pair", "--day", "7/10/2026", flag, zone],
            vec![
                "forecast",
                "--agents",
                "10",
                "--certifiers",
                "2",
                "--start",
                "7/6/2026",
                flag,
                zone,
            ],
        ] {
            let o = care(&args);
            assert_eq!(code(&o), 0, "{args:?}: {}", text(&o.stderr));
        }
    }
    // A bad date is a usage error (exit code 2) in every command.
    for args in [
        &["timeline", "--start", "2026-13-01"][..],
        &["status", "--start", "2026-07-02", "--as-of", "July 9"],
        &["calendar", "is-business-day", "31/12/2026"],
        &["report", "--as-of", "2026-02-30"],
        &["pair", "--day", "tomorrow"],
        &[
            "forecast",
            "--agents",
            "1",
            "--certifiers",
            "1",
            "--start",
            "x",
        ],
    ] {
        let o = care(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o.stderr));
    }
}

#[test]
fn dash_is_stdin_and_stdout() {
    let dir = std::env::temp_dir().join(format!("care-dash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(["map", "--format", "mermaid", "-o", "-"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("flowchart"));
    assert!(!dir.join("-").exists(), "map -o - wrote a file called '-'");
    std::fs::remove_dir_all(&dir).ok();

    // A policy from stdin: the format comes from --input-format.
    let args = [
        "cert",
        "score",
        "100",
        "88",
        "88",
        "88",
        "88",
        "--agent",
        "Rivera, Ana",
        "--policy",
        "-",
    ];
    let o = care_in(
        &[&args[..], &["--input-format", "toml", "--json"]].concat(),
        Some("pass_mark = 90\n"),
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["status"], "failed", "{v}");
    // Without it, the format cannot be told: a usage error that says what to give.
    let o = care_in(&args, Some("pass_mark = 90\n"));
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("--input-format"),
        "{}",
        text(&o.stderr)
    );
    // A calendar spec from stdin.
    let o = care_in(
        &[
            "calendar",
            "is-business-day",
            "2026-07-06",
            "--calendar",
            "-",
            "--input-format",
            "json",
        ],
        Some(r#"{"holidays": ["2026-07-06"]}"#),
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("is not a business day"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn errors_are_json_on_stderr_with_json() {
    let o = care(&["move", "Senoir Rep", "Care Rep", "--json"]);
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).expect("JSON on stderr");
    assert_eq!(v["error"]["kind"], "unknown_role");
    assert_eq!(v["error"]["exit_code"], 1);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Senior Rep"));

    let o = care(&["report", "--as-of", "someday", "--json"]);
    assert_eq!(code(&o), 2);
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).expect("JSON on stderr");
    assert_eq!(v["error"]["kind"], "usage");
    assert_eq!(v["error"]["exit_code"], 2);

    let o = care(&[
        "report",
        "/no/such/tracker.csv",
        "--as-of",
        "2026-07-10",
        "--json",
    ]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).expect("JSON on stderr");
    assert_eq!(v["error"]["kind"], "io");
    assert_eq!(v["error"]["path"], "/no/such/tracker.csv");
}

#[test]
fn output_lost_to_a_closed_stdout_is_a_failure() {
    let Ok(full) = std::fs::File::create("/dev/full") else {
        return; // not Linux
    };
    let o = Command::new(env!("CARGO_BIN_EXE_care"))
        .args(["roles"])
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("<stdout>"), "{}", text(&o.stderr));
}

#[test]
fn help_is_an_answer() {
    for args in [
        &["help"][..],
        &["help", "--help"],
        &["help", "map"],
        &["help", "cert", "score"],
        &["--help"],
        &["map", "--help"],
    ] {
        let o = care(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stdout).contains("Usage"), "{args:?}");
    }
    let o = care(&["help", "mpa"]);
    assert_eq!(code(&o), 2);
}
