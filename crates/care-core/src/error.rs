//! The one error type of care-core.
//!
//! Every fallible function returns [`Result<T>`](crate::Result). An [`Error`] says what went
//! wrong in a sentence that names the offending input and, where it can, what would be right
//! (the closest known name, the allowed range). Messages are lowercase and carry no trailing
//! period, so they compose: `failed to load catalog: unknown unit "Care Ops" (did you mean
//! "Care Operations"?)`.
//!
//! The bindings map [`Error::kind`] to an exception class (Python) or an error `code`
//! (Node) and keep [`Error`]'s `Display` text whole.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A `Result` whose error is care-core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem found while validating a data file (a catalog, a policy, a scorecard, a CSV).
///
/// `place` says where, in the file's own terms (`roles[3].grade`, `line 4, column "start"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    /// Where the problem is, e.g. `roles[12].prerequisites[0].role`.
    pub place: String,
    /// What is wrong there.
    pub message: String,
}

impl Problem {
    /// A problem at `place`.
    pub fn new(place: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            place: place.into(),
            message: message.into(),
        }
    }
}

impl Problem {
    /// The problems of a policy's `id` and `version`: each must not be blank.
    pub(crate) fn id_and_version(id: &str, version: &str) -> Vec<Problem> {
        let mut problems = Vec::new();
        if id.trim().is_empty() {
            problems.push(Problem::new("id", "is empty"));
        }
        if version.trim().is_empty() {
            problems.push(Problem::new("version", "is empty"));
        }
        problems
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Everything that can go wrong in care-core.
///
/// The enum is `non_exhaustive`: match on [`Error::kind`] when you only need the category.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No role has this id or title.
    #[error("unknown role {name:?}{}", did_you_mean(suggestion))]
    UnknownRole {
        /// The name as given.
        name: String,
        /// The closest known role (id or title), if one is close enough.
        suggestion: Option<String>,
    },
    /// A title matches several roles (titles are not unique across units).
    #[error("role name {name:?} is ambiguous: it matches {}; use a unit-qualified id", candidates.join(", "))]
    AmbiguousRole {
        /// The name as given.
        name: String,
        /// The ids of every role it matches.
        candidates: Vec<String>,
    },
    /// A name of some other kind (unit, time zone, calendar, agent, certifier, symptom, step)
    /// is not known.
    #[error("unknown {what} {name:?}{}", did_you_mean(suggestion))]
    UnknownName {
        /// What kind of name, e.g. `"unit"`, `"time zone"`, `"holiday calendar"`.
        what: &'static str,
        /// The name as given.
        name: String,
        /// The closest known name, if one is close enough.
        suggestion: Option<String>,
    },
    /// The input asks for something the rules do not define (a move from a role to itself,
    /// a path with `k = 0`, a session with two calls numbered 3...).
    #[error("{message}")]
    InvalidInput {
        /// What is wrong, naming the input.
        message: String,
    },
    /// A score is outside 0 to 100, not a number, or not allowed where it is.
    #[error("invalid score for {place}: {message}")]
    InvalidScore {
        /// Which score, e.g. `call 3` or `agent 17, call 2`.
        place: String,
        /// What is wrong with it.
        message: String,
    },
    /// A policy's fields contradict each other or are out of range.
    #[error("invalid policy {policy:?}: {}", join_problems(problems))]
    InvalidPolicy {
        /// The policy's id.
        policy: String,
        /// Every problem found, not only the first.
        problems: Vec<Problem>,
    },
    /// A catalog (the career map) failed validation.
    #[error("invalid catalog: {}", join_problems(problems))]
    InvalidCatalog {
        /// Every problem found, not only the first.
        problems: Vec<Problem>,
    },
    /// A QA scorecard template or a marked scorecard failed validation.
    #[error("invalid scorecard: {}", join_problems(problems))]
    InvalidScorecard {
        /// Every problem found, not only the first.
        problems: Vec<Problem>,
    },
    /// A date, time, time zone or date range is malformed or impossible.
    #[error("invalid date {input:?}: {message}")]
    InvalidDate {
        /// The input as given.
        input: String,
        /// What is wrong with it.
        message: String,
    },
    /// A text could not be parsed in its format (TOML, JSON, CSV, a progress note).
    #[error("failed to parse {format}{}: {message}", at(place))]
    Parse {
        /// The format, e.g. `"TOML"`, `"JSON"`, `"CSV"`, `"progress note"`.
        format: &'static str,
        /// Where: `line 3, column 7`, or `line 4, column "start"` for CSV.
        place: Option<String>,
        /// What the parser said.
        message: String,
    },
    /// An input is larger than the documented limit.
    #[error("{what} is too large: {actual} is over the limit of {limit}")]
    TooLarge {
        /// What is too large, e.g. `"catalog"` or `"agent name"`.
        what: &'static str,
        /// The documented limit.
        limit: usize,
        /// The size given.
        actual: usize,
    },
}

/// Calls `$callback!` with every error kind, once each, as
/// `(Variant, ClassName, "code", "summary")` tuples separated by commas.
///
/// This is the one place the kinds are spelled: [`ErrorKind`] is declared by it, and the
/// bindings declare their exception classes (Python) and error codes (Node) with it, so a kind
/// added here reaches every language without another list to keep.
///
/// ```
/// macro_rules! codes {
///     ($(($variant:ident, $class:ident, $code:literal, $summary:literal)),* $(,)?) => {
///         [$($code),*]
///     };
/// }
/// let codes = care_core::for_each_error_kind!(codes);
/// assert_eq!(codes[0], "unknown_role");
/// assert_eq!(codes.len(), care_core::ErrorKind::ALL.len());
/// ```
#[macro_export]
macro_rules! for_each_error_kind {
    ($callback:ident) => {
        $callback! {
            (UnknownRole, UnknownRoleError, "unknown_role", "No role has this id or title."),
            (AmbiguousRole, AmbiguousRoleError, "ambiguous_role",
                "A title matches several roles; use a unit-qualified id."),
            (UnknownName, UnknownNameError, "unknown_name",
                "A unit, time zone, calendar, agent, certifier or other name is not known."),
            (InvalidInput, InvalidInputError, "invalid_input",
                "The input asks for something the rules do not define, or is of the wrong type."),
            (InvalidScore, InvalidScoreError, "invalid_score",
                "A score is outside 0 to 100, not a number, or not allowed where it is."),
            (InvalidPolicy, InvalidPolicyError, "invalid_policy",
                "A policy's fields contradict each other or are out of range."),
            (InvalidCatalog, InvalidCatalogError, "invalid_catalog",
                "A catalog (the career map) failed validation."),
            (InvalidScorecard, InvalidScorecardError, "invalid_scorecard",
                "A QA scorecard template or a marked scorecard failed validation."),
            (InvalidDate, InvalidDateError, "invalid_date",
                "A date, time, time zone or date range is malformed, impossible or out of range."),
            (Parse, ParseError, "parse",
                "A text could not be parsed in its format (TOML, JSON, CSV, a progress note)."),
            (TooLarge, TooLargeError, "too_large", "An input is larger than the documented limit."),
        }
    };
}

macro_rules! declare_error_kind {
    ($(($variant:ident, $class:ident, $code:literal, $summary:literal)),* $(,)?) => {
        /// The category of an [`Error`], stable across releases: the bindings turn it into an
        /// exception class (Python) or an error `code` (Node). Declared by
        /// [`for_each_error_kind!`](crate::for_each_error_kind).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ErrorKind {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),*];

            /// The stable snake_case code, e.g. `"unknown_role"`, used in test vectors and by
            /// the bindings (Python's `kind`, Node's `kind`; Node's `code` is it in capitals).
            pub fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $code,)*
                }
            }

            /// The Python exception class's name, e.g. `"UnknownRoleError"`.
            pub fn class_name(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => stringify!($class),)*
                }
            }

            /// One sentence on what the kind means.
            pub fn summary(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $summary,)*
                }
            }

            /// The kind whose [`code`](ErrorKind::code) is `code`.
            pub fn from_code(code: &str) -> Option<ErrorKind> {
                match code {
                    $($code => Some(ErrorKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

for_each_error_kind!(declare_error_kind);

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Error {
    /// `Ok(())` when `problems` is empty, else [`Error::InvalidPolicy`] of `policy` listing
    /// every problem.
    pub(crate) fn policy_check(policy: &str, problems: Vec<Problem>) -> Result<()> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidPolicy {
                policy: policy.to_string(),
                problems,
            })
        }
    }

    /// The category of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::UnknownRole { .. } => ErrorKind::UnknownRole,
            Error::AmbiguousRole { .. } => ErrorKind::AmbiguousRole,
            Error::UnknownName { .. } => ErrorKind::UnknownName,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::InvalidScore { .. } => ErrorKind::InvalidScore,
            Error::InvalidPolicy { .. } => ErrorKind::InvalidPolicy,
            Error::InvalidCatalog { .. } => ErrorKind::InvalidCatalog,
            Error::InvalidScorecard { .. } => ErrorKind::InvalidScorecard,
            Error::InvalidDate { .. } => ErrorKind::InvalidDate,
            Error::Parse { .. } => ErrorKind::Parse,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
        }
    }

    /// The closest known name, for an unknown role or name (what a binding shows as
    /// `suggestion`).
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Error::UnknownRole { suggestion, .. } | Error::UnknownName { suggestion, .. } => {
                suggestion.as_deref()
            }
            _ => None,
        }
    }

    /// Every problem found, for an invalid policy, catalog or scorecard (empty for the other
    /// kinds; what a binding shows as `problems`).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::InvalidPolicy { problems, .. }
            | Error::InvalidCatalog { problems }
            | Error::InvalidScorecard { problems } => problems,
            _ => &[],
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid_input(message: impl Into<String>) -> Error {
        Error::InvalidInput {
            message: message.into(),
        }
    }

    /// Shorthand for [`Error::InvalidScore`].
    pub fn invalid_score(place: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidScore {
            place: place.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`Error::InvalidDate`].
    pub fn invalid_date(input: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidDate {
            input: input.into(),
            message: message.into(),
        }
    }

    /// An [`Error::UnknownName`] with the closest of `known` as its suggestion.
    pub fn unknown_name<'a>(
        what: &'static str,
        name: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Error {
        Error::UnknownName {
            what,
            name: crate::suggest::clip(name),
            suggestion: crate::suggest::closest(name, known),
        }
    }
}

/// Runs `f`, a binding's call into the core, catching a panic (a bug: the core means to
/// have none) so that it never unwinds into Python or JavaScript. `Err` is the message to
/// raise for it: `internal error in care-core (please report it): ` and the panic's text.
///
/// ```
/// let r = care_core::error::catch_panic(|| -> u8 { std::panic::panic_any("boundary check") });
/// assert_eq!(r.unwrap_err(), "internal error in care-core (please report it): boundary check");
/// assert_eq!(care_core::error::catch_panic(|| 7), Ok(7));
/// ```
#[inline]
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let text = p.downcast_ref::<&str>().map(|s| s.to_string());
        let text = text.or_else(|| p.downcast_ref::<String>().cloned());
        format!(
            "internal error in care-core (please report it): {}",
            text.unwrap_or_default()
        )
    })
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean {s:?}?)"),
        None => String::new(),
    }
}

fn at(place: &Option<String>) -> String {
    match place {
        Some(p) => format!(" at {p}"),
        None => String::new(),
    }
}

fn join_problems(problems: &[Problem]) -> String {
    match problems {
        [] => "no details".to_string(),
        [one] => one.to_string(),
        many => {
            let mut s = format!("{} problems: ", many.len());
            for (i, p) in many.iter().enumerate() {
                if i > 0 {
                    s.push_str("; ");
                }
                s.push_str(&p.to_string());
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_input_and_suggest() {
        let e = Error::UnknownRole {
            name: "Senoir Rep".into(),
            suggestion: Some("Senior Rep".into()),
        };
        assert_eq!(
            e.to_string(),
            r#"unknown role "Senoir Rep" (did you mean "Senior Rep"?)"#
        );
        assert_eq!(e.kind().code(), "unknown_role");
        let e = Error::InvalidCatalog {
            problems: vec![
                Problem::new("roles[0].id", "duplicate id"),
                Problem::new("roles[2].grade", "110 is outside 105..=109"),
            ],
        };
        assert_eq!(
            e.to_string(),
            "invalid catalog: 2 problems: roles[0].id: duplicate id; roles[2].grade: 110 is outside 105..=109"
        );
    }

    #[test]
    fn a_panic_is_caught_with_its_text() {
        let owned = catch_panic(|| -> () { std::panic::panic_any(format!("row {}", 7)) });
        assert_eq!(
            owned.unwrap_err(),
            "internal error in care-core (please report it): row 7"
        );
        let other = catch_panic(|| -> () { std::panic::panic_any(7_u8) });
        assert_eq!(
            other.unwrap_err(),
            "internal error in care-core (please report it): "
        );
    }

    #[test]
    fn every_kind_has_a_distinct_code() {
        let mut codes: Vec<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ErrorKind::ALL.len());
    }
}
