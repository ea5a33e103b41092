//! Every `care ...` line of the README's `sh` code blocks runs, as written, against the built
//! binary and answers (exit code 0). The Rust block runs as a doctest of care-core; the Python
//! and Node blocks are run by their packages' tests.

use std::process::Command;

/// The `care` command lines of the README's `sh` blocks, comments removed.
fn care_lines(readme: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            in_sh = !in_sh && lang.trim() == "sh";
            continue;
        }
        if in_sh && t.starts_with("care ") {
            lines.push(strip_comment(t).trim().to_string());
        }
    }
    lines
}

/// The line up to a `#` that starts a comment (outside quotes, after a space).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// Splits a command line as `sh` would for these lines: words, "double" and 'single' quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (_, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

#[test]
fn every_care_line_of_the_readme_runs() {
    let readme = include_str!("../../../README.md");
    let lines = care_lines(readme);
    assert!(lines.len() >= 10, "found only {lines:?}");
    // A scratch folder that sees the repository's data (examples/, tests/, crates/) as the
    // README's lines expect from the repository root, so what a line writes lands there.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("care-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["examples", "tests", "crates"] {
        let link = dir.join(name);
        if !link.exists() {
            std::os::unix::fs::symlink(root.join(name), link).unwrap();
        }
    }
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_care"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for line in &lines {
        // As written, through sh: redirections and `||` are the shell's.
        let o = Command::new("sh")
            .args(["-c", line])
            .env("PATH", &path)
            .current_dir(&dir)
            .output()
            .expect("sh runs");
        assert!(
            o.status.success(),
            "README line failed: {line}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let redirected = line.contains('>') || line.contains(" -o ");
        assert!(
            redirected || !o.stdout.is_empty() || !o.stderr.is_empty(),
            "README line said nothing: {line}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lines_are_split_as_sh_splits_them() {
    assert_eq!(
        words(r#"care map --highlight "Care Rep,Manager, Process" -o map.svg"#),
        [
            "care",
            "map",
            "--highlight",
            "Care Rep,Manager, Process",
            "-o",
            "map.svg"
        ]
    );
    assert_eq!(
        strip_comment(r#"care paths "A # B" C -k 3  # the shortest"#),
        r#"care paths "A # B" C -k 3  "#
    );
}
