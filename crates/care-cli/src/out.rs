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
#[allow(dead_code)]
pub fn read_file(path: &Path) -> CliResult<String> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Prints `value` as pretty JSON when `--json` was given, else the text `text()` makes.
#[allow(dead_code)]
pub fn emit<T: Serialize>(ctx: &Ctx, value: &T, text: impl FnOnce() -> String) -> CliResult {
    if ctx.json {
        println!("{}", care_core::policy::to_json(value)?);
    } else {
        let t = text();
        print!("{t}");
        if !t.ends_with('\n') {
            println!();
        }
    }
    Ok(())
}
