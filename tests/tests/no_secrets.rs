//! The source documents held credentials and phone numbers; none may enter the project.
//! This scans every text file of the tree (outside build output and installed packages)
//! and fails on a line that looks like a credential with a value or like a phone number.

use std::path::{Path, PathBuf};

const SKIP_DIRS: &[&str] = &[
    "target",
    "node_modules",
    ".git",
    ".venv",
    "__pycache__",
    "corpus",
    "artifacts",
];
const KEYS: &[&str] = &["password", "passwd", "username"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) && !name.ends_with("venv") {
                files(&path, out);
            }
        } else if !name.ends_with(".lock") && !name.ends_with("lock.json") {
            out.push(path);
        }
    }
}

/// `key` then optional spaces, `:` or `=`, optional spaces, then 3+ letters or digits.
fn credential_like(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    KEYS.iter().any(|key| {
        lower.match_indices(key).any(|(i, _)| {
            let rest = lower[i + key.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
                return false;
            };
            rest.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count()
                >= 3
        })
    })
}

/// Three digits, a separator, three digits, a separator, four digits, not inside a longer
/// run of digits.
fn phone_like(line: &str) -> bool {
    let b = line.as_bytes();
    let digits =
        |from: usize, n: usize| (from..from + n).all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let sep = |i: usize| matches!(b.get(i), Some(b' ' | b'.' | b'-'));
    (0..b.len()).any(|i| {
        (i == 0 || !b[i - 1].is_ascii_digit())
            && digits(i, 3)
            && sep(i + 3)
            && digits(i + 4, 3)
            && sep(i + 7)
            && digits(i + 8, 4)
            && !b.get(i + 12).is_some_and(u8::is_ascii_digit)
    })
}

#[test]
fn detectors_work() {
    // Built at run time so that this file does not match itself.
    assert!(credential_like(&format!("Pass{}: hunter2", "word")));
    assert!(credential_like(&format!("  user{} = agent007", "name")));
    assert!(!credential_like("a password is needed"));
    assert!(!credential_like("password: [REDACTED]"));
    assert!(phone_like(&format!(
        "call {} now",
        ["555", "123", "4567"].join("-")
    )));
    assert!(phone_like(&["555", "123", "4567"].join(".")));
    assert!(!phone_like("2026-07-02"));
    assert!(!phone_like("12555-123-45678"));
}

#[test]
fn no_credentials_or_phone_numbers_in_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(
        all.len() > 10,
        "the scan found too few files under {}",
        root.display()
    );
    let mut hits = Vec::new();
    for path in all {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if credential_like(line) || phone_like(line) {
                hits.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "lines that look like credentials or phone numbers:\n{}",
        hits.join("\n")
    );
}
