//! The broken-copies corpus (`tests/lint/`, written by `scripts/gen-broken-policies`): 100
//! copies of the built-in policies, calendar, scorecard and catalog, each with one field
//! broken and recorded in `manifest.json`. Lint must tell each copy's kind from its fields and
//! name the broken field in a finding.

use care_core::lint::{self, FileKind};
use care_core::policy::Format;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Manifest {
    copies: Vec<Copy>,
}

#[derive(serde::Deserialize)]
struct Copy {
    file: String,
    kind: FileKind,
    field: String,
    broken: String,
}

#[test]
fn lint_names_the_broken_field_of_every_copy() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lint");
    let text =
        std::fs::read_to_string(dir.join("manifest.json")).expect("tests/lint/manifest.json");
    let manifest: Manifest = serde_json::from_str(&text).expect("a manifest");
    assert_eq!(manifest.copies.len(), 100);
    let mut missed = Vec::new();
    for c in &manifest.copies {
        let path = dir.join(&c.file);
        let text = std::fs::read_to_string(&path).expect("a broken copy");
        let format = Format::from_path(&path).expect(".toml or .json");
        let value = lint::parse_value(&text, format).expect("parses");
        let kind = lint::detect_kind(&value);
        let findings = lint::lint_value(&value, c.kind);
        let named = findings
            .iter()
            .any(|f| f.field == c.field || f.field.split(", ").any(|p| p == c.field));
        if kind != Some(c.kind) || !named {
            missed.push(format!(
                "{} ({}, {}): detected {:?}, findings {:?}",
                c.file,
                c.broken,
                c.field,
                kind,
                findings.iter().map(|f| &f.field).collect::<Vec<_>>()
            ));
        }
    }
    let caught = manifest.copies.len() - missed.len();
    println!("caught {caught} of {}", manifest.copies.len());
    assert!(
        caught >= 95,
        "caught {caught} of 100; missed:\n{}",
        missed.join("\n")
    );
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

/// Lint never panics: every file of the fuzz corpora and seeds of the policy, catalog and
/// scorecard parsers, as TOML and as JSON, with and without a kind.
#[test]
fn lint_and_diff_never_panic_on_the_fuzz_corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut n = 0;
    for top in ["corpus", "seeds"] {
        for target in ["policy", "catalog_toml", "catalog_json", "scorecard"] {
            let Ok(entries) = std::fs::read_dir(root.join(top).join(target)) else {
                continue;
            };
            for e in entries.flatten().take(150) {
                let Ok(bytes) = std::fs::read(e.path()) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes);
                for format in [Format::Toml, Format::Json] {
                    let _ = lint::lint_text(&text, format, None);
                    if let Ok(value) = lint::parse_value(&text, format) {
                        for kind in FileKind::ALL {
                            let _ = lint::lint_value(&value, kind);
                        }
                        let _ = care_core::diff::diff_values(&value, &value, FileKind::Catalog);
                    }
                }
                n += 1;
            }
        }
    }
    assert!(n > 0, "no fuzz inputs found under {}", root.display());
}
