//! The `tests/vectors/bad/` corpus: inputs that must fail cleanly, one file per domain
//! (`bad/career.json` uses career.json's calls, and so on), every case an error case.
//!
//! Before the call, [`decode`] expands the compact descriptions of inputs too large to
//! store (see `docs/vectors.md`):
//!
//! - `{ "repeat": "x", "times": 1048576 }` anywhere in the input is the string `"x"`
//!   repeated that many times (with `"before"` / `"after"`, between those strings);
//! - `{ "generate_catalog_roles": 100001 }` is the JSON text of a catalog with one unit and
//!   that many roles ([`catalog_json`]).
//!
//! Scores (`score`, an element of `scores`) may be `"NaN"`, `"Infinity"` or `"-Infinity"`:
//! the non-finite floats, read by [`care_core::certification::score_from_json`] (Python and
//! Node pass them as floats). Any other string stays a string.
//!
//! Besides the domain's calls, the corpus uses a few of its own ([`run`]).

use crate::{arg, opt, to_value, Answer};
use care_core::calendar::{Calendar, CalendarSpec};
use care_core::certification::{self, CertPolicy, Session};
use care_core::cohort::CohortPolicy;
use care_core::escalation::EscalationPolicy;
use care_core::Error;
use serde_json::{Map, Value};

/// The domains of the corpus, each with its file `bad/<domain>.json`.
pub const DOMAINS: [&str; 4] = ["career", "certification", "cohort", "escalation"];

/// The JSON text of a catalog with one unit (`u`, grade 105) and `roles` roles `u/r0`,
/// `u/r1`... (title `R0`..., grade 105, leadership track), compact, in this key order: the
/// Python and Node runners write the same text.
pub fn catalog_json(roles: usize) -> String {
    let mut s = String::with_capacity(40 + roles * 72);
    s.push_str(r#"{"units":[{"id":"u","name":"U","grades":[105]}],"roles":["#);
    for i in 0..roles {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"id":"u/r{i}","title":"R{i}","unit":"u","grade":105,"track":"leadership"}}"#
        ));
    }
    s.push_str("]}");
    s
}

/// The input with its compact descriptions expanded (see the [module docs](self)).
pub fn decode(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(s) = repeated(m) {
                return Value::String(s);
            }
            if m.len() == 1 {
                if let Some(n) = m.get("generate_catalog_roles").and_then(Value::as_u64) {
                    return Value::String(catalog_json(n as usize));
                }
            }
            Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), decode(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(decode).collect()),
        other => other.clone(),
    }
}

/// `{ "repeat": s, "times": n, "before"?: a, "after"?: b }` as `a + s * n + b`; `None` for
/// any other object.
fn repeated(m: &Map<String, Value>) -> Option<String> {
    let text = |k: &str| match m.get(k) {
        None => Some(""),
        Some(v) => v.as_str(),
    };
    let allowed = ["repeat", "times", "before", "after"];
    if !m.keys().all(|k| allowed.contains(&k.as_str())) {
        return None;
    }
    let (s, n) = (m.get("repeat")?.as_str()?, m.get("times")?.as_u64()?);
    Some(format!(
        "{}{}{}",
        text("before")?,
        s.repeat(n as usize),
        text("after")?
    ))
}

/// The runner of `bad/<domain>.json`: the input decoded, then the corpus's own calls, then
/// the domain's.
pub fn runner(domain: &str) -> impl Fn(&str, &Value) -> Answer {
    let domain_run: fn(&str, &Value) -> Answer = match domain {
        "career" => crate::career::run,
        "certification" => crate::certification::run,
        "cohort" => crate::cohort::run,
        "escalation" => crate::escalation::run,
        other => panic!("no domain {other:?}"),
    };
    move |f, input| {
        let input = decode(input);
        run(f, &input).or_else(|| domain_run(f, &input))
    }
}

fn text(input: &Value) -> Result<String, Error> {
    arg(input, "text")
}

fn cert_policy(input: &Value) -> Result<CertPolicy, Error> {
    crate::certification::policy(input)
}

/// The corpus's own calls (`None` for the domains' calls):
///
/// - `evaluate_scores` `{ agent, scores, policy? }`: a session of calls 1, 2... scored
///   `scores`;
/// - `standing` `{ scores, policy? }`: where such a session stands (null = not taken);
/// - `holidays_between` `{ calendar, time_zone?, from, to }`;
/// - `<policy>_from_toml` / `<policy>_from_json` `{ text }` for `cert_policy`,
///   `escalation_policy`, `cohort_policy` and `calendar`: load the text, output `null`.
pub fn run(f: &str, input: &Value) -> Answer {
    if let Some((kind, format)) = f.rsplit_once("_from_") {
        return load(kind, format, input);
    }
    match f {
        "evaluate_scores" => Some((|| {
            let agent: String = arg(input, "agent")?;
            let scores = crate::certification::scores(input)?;
            to_value(certification::evaluate(
                &Session::from_scores(agent, &scores),
                &cert_policy(input)?,
            ))
        })()),
        "standing" => Some(
            crate::certification::scores(input)
                .and_then(|s| to_value(certification::standing(&s, &cert_policy(input)?))),
        ),
        "holidays_between" => Some((|| {
            let tz: Option<String> = opt(input, "time_zone")?;
            let cal = Calendar::by_name(
                &arg::<String>(input, "calendar")?,
                tz.as_deref().unwrap_or("UTC"),
            )?;
            to_value(cal.holidays_between(arg(input, "from")?, arg(input, "to")?))
        })()),
        _ => None,
    }
}

/// `<kind>_from_<format>`: the text loaded as care-core loads that kind of file (output
/// `null`); `None` for a kind or format the corpus does not know.
fn load(kind: &str, format: &str, input: &Value) -> Answer {
    use care_core::policy::{self, Format};
    let format = match format {
        "toml" => Format::Toml,
        "json" => Format::Json,
        _ => return None,
    };
    let load: fn(&str, Format) -> Result<(), Error> = match kind {
        "cert_policy" => |t, f| policy::load::<CertPolicy>(t, f).map(drop),
        "escalation_policy" => |t, f| policy::load::<EscalationPolicy>(t, f).map(drop),
        "cohort_policy" => |t, f| policy::load::<CohortPolicy>(t, f).map(drop),
        "calendar" => |t, f| policy::from_str::<CalendarSpec>(t, f)?.build().map(drop),
        _ => return None,
    };
    Some(
        text(input)
            .and_then(|t| load(&t, format))
            .map(|()| Value::Null),
    )
}

/// The rule of the corpus: a case is an error case (an `error`, no `output`).
pub fn is_error_case(_name: &str, case: &Value) -> Result<(), String> {
    match (case.get("error"), case.get("output")) {
        (Some(e), None) if e["kind"].is_string() && e["message"].is_string() => Ok(()),
        (_, Some(out)) => Err(format!(
            "a bad/ case must fail, but it answers {}",
            crate::outcome(Ok(out.clone()))
        )),
        _ => Err("a bad/ case needs error: { kind, message }".into()),
    }
}
