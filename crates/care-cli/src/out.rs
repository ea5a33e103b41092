//! Output and errors shared by every command.

use serde::Serialize;
use std::fmt;
use std::path::Path;

/// What every command knows about how it was called.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// `--json` was given.
    pub json: bool,
}

/// An error of the command line: the library's, or a file that could not be read or written.
#[derive(Debug)]
pub enum CliError {
    /// The library said no; its message is kept whole.
    Core(care_core::Error),
    /// A file could not be read or written.
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "{e}"),
            CliError::Io { path, source } => write!(f, "cannot read or write {path:?}: {source}"),
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

/// Reads a whole text file, naming it in the error.
pub fn read_file(path: &Path) -> CliResult<String> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads a whole file as bytes (a workbook), naming it in the error.
pub fn read_bytes(path: &Path) -> CliResult<Vec<u8>> {
    std::fs::read(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Writes `bytes` to `path`, naming it in the error.
pub fn write_file(path: &Path, bytes: &[u8]) -> CliResult {
    std::fs::write(path, bytes).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
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

/// Writes `text` to stdout as it is. A reader that went away (`care report | head`) ends
/// the output quietly instead of failing.
pub fn write_stdout(text: &str) -> CliResult {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Io {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
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
