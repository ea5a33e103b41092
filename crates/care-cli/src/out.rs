//! Output and errors shared by every command.

use care_core::escalation::Moment;
use care_core::policy::Format;
use jiff::civil::Date;
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// What every command knows about how it was called.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// `--json` was given.
    pub json: bool,
}

/// An error of the command line: the library's, a file that could not be read or written, or
/// a command line that asks for something impossible.
#[derive(Debug)]
pub enum CliError {
    /// The library said no; its message is kept whole.
    Core(care_core::Error),
    /// A file could not be read or written.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// The command line itself is wrong (exit code 2).
    Usage(String),
}

impl CliError {
    /// The exit code: 2 for a usage error, 1 for everything else (a data or rule error).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Core(_) | CliError::Io { .. } => 1,
        }
    }

    /// The error as the JSON written to stderr with `--json`:
    /// `{"error": {"kind": ..., "message": ..., "exit_code": ...}}` (`path` for a file error).
    pub fn to_json(&self) -> serde_json::Value {
        let kind = match self {
            CliError::Core(e) => e.kind().code(),
            CliError::Io { .. } => "io",
            CliError::Usage(_) => "usage",
        };
        let mut error = serde_json::json!({
            "kind": kind,
            "message": self.to_string(),
            "exit_code": self.exit_code(),
        });
        if let CliError::Io { path, .. } = self {
            error["path"] = serde_json::Value::from(path.as_str());
        }
        serde_json::json!({ "error": error })
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "{e}"),
            CliError::Io { path, source } => write!(f, "cannot read or write {path:?}: {source}"),
            CliError::Usage(m) => f.write_str(m),
        }
    }
}

impl From<care_core::Error> for CliError {
    fn from(e: care_core::Error) -> Self {
        CliError::Core(e)
    }
}

/// The result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

/// The global `--input-format`, set once by `main`.
static INPUT_FORMAT: std::sync::OnceLock<Option<Format>> = std::sync::OnceLock::new();

/// Sets the global `--input-format` (once, from `main`).
pub fn set_input_format(format: Option<Format>) {
    let _ = INPUT_FORMAT.set(format);
}

/// Whether `path` is `-`: stdin for a file read, stdout for a file written.
pub fn is_std(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a text file, at most one byte past the largest input care-core takes, naming it in
/// the error; `-` reads stdin.
pub fn read_file(path: &Path) -> CliResult<String> {
    use std::io::Read;
    let (stdin, limit, mut bytes) = (is_std(path), care_core::policy::MAX_INPUT_BYTES, Vec::new());
    // Both at most one byte past the largest input care-core takes (which it then refuses).
    let read = match stdin {
        true => std::io::stdin()
            .lock()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map(|_| bytes),
        false => care_core::policy::read_file(path),
    };
    let io = |source| CliError::Io {
        path: if stdin {
            "<stdin>".into()
        } else {
            path.display().to_string()
        },
        source,
    };
    let bytes = read.map_err(io)?;
    // Too large first: the last byte read may be inside a character.
    care_core::policy::check_size("input file", bytes.len()).map_err(CliError::Core)?;
    String::from_utf8(bytes)
        .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Reads a file as bytes (a workbook), at most one byte past the largest input care-core
/// takes, naming it in the error.
pub fn read_bytes(path: &Path) -> CliResult<Vec<u8>> {
    care_core::policy::read_file(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Opens a file to be read as it is needed (a workbook, by a reader that seeks), naming it
/// in the error.
pub fn open_file(path: &Path) -> CliResult<std::io::BufReader<std::fs::File>> {
    let io = |source| CliError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        // As reading it whole would say.
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "Is a directory",
        )));
    }
    Ok(std::io::BufReader::new(file))
}

/// The format of a data file (TOML or JSON): its extension, else `--input-format` (needed for
/// `-`, stdin, and for a name without `.toml` or `.json`).
pub fn data_format(path: &Path) -> CliResult<Format> {
    match Format::from_path(path).or(INPUT_FORMAT.get().copied().flatten()) {
        Some(f) => Ok(f),
        None => Err(CliError::Usage(format!(
            "cannot tell the format of {:?}: name it .toml or .json, or give --input-format toml|json",
            if is_std(path) {
                "<stdin>".to_string()
            } else {
                path.display().to_string()
            }
        ))),
    }
}

/// Writes `bytes` to the file `path`, or to stdout for `-`.
pub fn write_file(path: &Path, bytes: &[u8]) -> CliResult {
    if is_std(path) {
        return write_stdout_bytes(bytes);
    }
    std::fs::write(path, bytes).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Writes to `path` (`-` or `None`: stdout) what `write` writes, as it writes it (for an
/// answer too large to hold whole, such as a large cohort's CSV report). A failed write is
/// an error naming the file or stdout; when `write` fails, a file begun is removed, while
/// stdout keeps what was written before the error.
pub fn write_streamed(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> care_core::Result<()>,
) -> CliResult {
    use std::io::Write;
    /// Keeps the first error of the writer under it, for the message to name the file.
    struct Noted<W> {
        inner: W,
        failed: Option<std::io::Error>,
    }
    impl<W: Write> Write for Noted<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.inner.write(buf).inspect_err(|e| {
                self.failed
                    .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
            })
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush().inspect_err(|e| {
                self.failed
                    .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
            })
        }
    }
    fn run<W: Write>(
        inner: W,
        shown: String,
        write: impl FnOnce(&mut dyn Write) -> care_core::Result<()>,
    ) -> CliResult {
        let mut out = Noted {
            inner: std::io::BufWriter::with_capacity(64 * 1024, inner),
            failed: None,
        };
        let done = write(&mut out).and_then(|()| {
            out.flush()
                .map_err(|e| care_core::Error::invalid_input(e.to_string()))
        });
        match (done, out.failed) {
            (Ok(()), _) => Ok(()),
            (Err(_), Some(source)) => Err(CliError::Io {
                path: shown,
                source,
            }),
            (Err(e), None) => Err(e.into()),
        }
    }
    match path {
        None => run(std::io::stdout().lock(), "<stdout>".into(), write),
        Some(p) if is_std(p) => run(std::io::stdout().lock(), "<stdout>".into(), write),
        Some(p) => {
            let shown = p.display().to_string();
            let file = std::fs::File::create(p).map_err(|source| CliError::Io {
                path: shown.clone(),
                source,
            })?;
            let result = run(file, shown, write);
            if result.is_err() {
                let _ = std::fs::remove_file(p);
            }
            result
        }
    }
}

/// The one date parser of every command's date arguments: `2026-07-10`, `2026/07/10`,
/// `7/10/2026` or `7/10/26` (month first), within the calendar's range. For clap's
/// `value_parser`, so a bad date is a usage error (exit code 2) everywhere.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let d = care_core::cohort::notes::parse_date(text)?;
    let (first, last) = (
        care_core::calendar::FIRST_SUPPORTED,
        care_core::calendar::LAST_SUPPORTED,
    );
    if !(first..=last).contains(&d) {
        return Err(format!(
            "{text:?}: the date is outside the calendar's supported range {first} to {last}"
        ));
    }
    Ok(d)
}

/// A moment for `--as-of` and `--completed`: a date in any form [`parse_date`] reads (the end
/// of that day), or a date and time / instant as [`Moment`] reads it (`2026-07-09T10:30`).
pub fn parse_moment(text: &str) -> Result<Moment, String> {
    if care_core::cohort::notes::parse_date(text).is_ok() {
        return parse_date(text).map(Moment::Date);
    }
    let m: Moment = text.parse().map_err(|e: care_core::Error| e.to_string())?;
    Ok(m)
}

/// Prints `value` as pretty JSON when `--json` was given, else the text `text()` makes.
pub fn emit<T: Serialize>(ctx: &Ctx, value: &T, text: impl FnOnce() -> String) -> CliResult {
    if ctx.json {
        let mut json = care_core::policy::to_json(value)?;
        json.push('\n');
        write_stdout(&json)
    } else {
        let mut t = text();
        if !t.ends_with('\n') {
            t.push('\n');
        }
        write_stdout(&t)
    }
}

/// Writes `text` to stdout as it is. Output that cannot be written (a closed stdout, a
/// reader that went away) is an error: the command exits non-zero, never as if it answered.
pub fn write_stdout(text: &str) -> CliResult {
    write_stdout_bytes(text.as_bytes())
}

/// Writes `bytes` to stdout (a workbook to `-o -`), failing on a closed pipe.
pub fn write_stdout_bytes(bytes: &[u8]) -> CliResult {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Io {
            path: "<stdout>".into(),
            source: e,
        })
}

/// One part of `care demo`: its answer as JSON and as text.
pub struct Section {
    /// The answer as JSON.
    pub json: serde_json::Value,
    /// The answer as text for people.
    pub text: String,
}

/// Builds a [`Section`] from a value and its text.
pub fn section<T: Serialize>(value: &T, text: impl FnOnce() -> String) -> CliResult<Section> {
    let json = serde_json::to_value(value)
        .map_err(|e| care_core::Error::invalid_input(format!("cannot write JSON: {e}")))?;
    Ok(Section { json, text: text() })
}
