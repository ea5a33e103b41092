//! The fuzz smoke pass of the test command: every fuzz target's body (care_tests::fuzz)
//! runs over its seeds and kept corpus (`fuzz/seeds/<target>/`, `fuzz/corpus/<target>/`),
//! over the crashes kept as
//! regressions (`fuzz/regressions/<target>/`), and over a few thousand inputs mutated from
//! the corpus with a fixed seed. The long runs are `cargo +nightly fuzz run <target>`
//! (fuzz/README.md); this keeps what they found from coming back, on stable Rust.

use std::path::{Path, PathBuf};

use care_tests::fuzz::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The contents of `path`; `None` when it vanished since the folder was listed (a fuzzer
/// running beside the tests rewrites `corpus/`).
fn read(path: &Path) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(d) => Some(d),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable corpus folder").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// A small xorshift generator: the same mutations on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the formats: TOML and JSON punctuation, CSV quotes, date
/// separators, digits at the edges.
const INTERESTING: &[u8] = b"\"'[]{}=,:\n\r\\/-.0129 #\0\xff";

fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << rng.below(8);
            }
            1 => v.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            2 if at < v.len() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at..end);
            }
            3 => v.truncate(at),
            4 if !v.is_empty() => {
                // Repeat a slice: long runs, deep nesting.
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(8)).min(v.len());
                let piece: Vec<u8> = v[start..end].repeat(1 + rng.below(64));
                let at = at.min(v.len());
                v.splice(at..at, piece);
            }
            _ => {
                let digits = rng.below(10).to_string();
                let at = at.min(v.len());
                v.splice(at..at, digits.bytes());
            }
        }
    }
    v
}

#[test]
fn every_target_has_seeds() {
    for (name, _) in TARGETS {
        let seeds = files(&fuzz_dir().join("seeds").join(name));
        assert!(
            !seeds.is_empty(),
            "fuzz/seeds/{name}/ is empty: seed it (fuzz/README.md)"
        );
    }
}

#[test]
fn corpus_and_regressions_replay_cleanly() {
    let mut total = 0;
    for (name, body) in TARGETS {
        for kind in ["seeds", "corpus", "regressions"] {
            for path in files(&fuzz_dir().join(kind).join(name)) {
                let Some(data) = read(&path) else { continue };
                // A panic names the file: rerun it with `cargo +nightly fuzz run <target> <file>`.
                eprintln!("{}", path.display());
                body(&data);
                total += 1;
            }
        }
    }
    assert!(total > 0);
}

#[test]
fn mutated_corpus_inputs_fail_cleanly() {
    const PER_TARGET: usize = 400;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (name, body) in TARGETS {
        let dir = fuzz_dir();
        let corpus: Vec<Vec<u8>> = files(&dir.join("seeds").join(name))
            .iter()
            .chain(files(&dir.join("corpus").join(name)).iter())
            .filter_map(|p| read(p))
            // Big seeds make slow mutants in a debug build; the long runs cover them.
            .filter(|d| d.len() <= 4096)
            .collect();
        if corpus.is_empty() {
            continue;
        }
        for i in 0..PER_TARGET {
            let seed = &corpus[rng.below(corpus.len())];
            let input = mutate(seed, &mut rng);
            let result = std::panic::catch_unwind(|| body(&input));
            if result.is_err() {
                panic!(
                    "fuzz target {name} panicked on mutant {i}: {:?}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    }
}

/// The workbook targets' seeds are valid workbooks (whole or wrapped), so the fuzzer starts
/// from inputs that reach the row rules and the scoring, not only the package checks.
#[test]
fn workbook_seeds_read() {
    use care_core::certification::CertPolicy;
    use care_core::cohort::CohortPolicy;
    use care_core::workbook::{certifier, tracker, Workbook};
    use care_tests::fuzz::workbook_input;
    let seeds = |target: &str| files(&fuzz_dir().join("seeds").join(target));
    for p in seeds("tracker_sheet") {
        let bytes = workbook_input(&read(&p).unwrap(), "Tracker");
        let c = tracker::import_tracker_xlsx(&bytes, None, &CohortPolicy::default())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(!c.agents.is_empty(), "{}", p.display());
    }
    for p in seeds("cert_workbook") {
        let bytes = workbook_input(&read(&p).unwrap(), "Call Cert");
        certifier::read_workbook(&bytes, &CertPolicy::default())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
    for p in seeds("notes_sheet") {
        let bytes = workbook_input(&read(&p).unwrap(), "Notes");
        let sheet = Workbook::open(&bytes).unwrap().sheet(None).unwrap();
        let notes =
            tracker::read_notes_sheet(&sheet).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(!notes.is_empty(), "{}", p.display());
    }
}
