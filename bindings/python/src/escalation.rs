//! Calendars and escalation: business days, the coaching / CAP / termination-review ladder,
//! time budgets, and the numpy batch of escalation steps.

use care_core::calendar as cal;
use care_core::escalation as core;
use jiff::civil::Date;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use std::sync::OnceLock;

use crate::errors::{care, run, to_pyerr};
use crate::record::{dumps, to_json_text, to_plain};
use crate::record_class;

record_class!(
    Timeline,
    "Timeline",
    "An agent's escalation timeline from their start date.",
    [
        start,
        day1,
        day2,
        expected_completion,
        steps,
        excused,
        calendar,
        time_zone,
        reasons,
        policy
    ]
);
record_class!(
    EscalationStatus,
    "EscalationStatus",
    "An agent's escalation status as of a date or time.",
    [
        start,
        as_of,
        as_of_time,
        day,
        expected_completion,
        completed,
        completed_on,
        days_late,
        current_step,
        step_code,
        next_step,
        reasons,
        policy
    ]
);
record_class!(
    BudgetCheck,
    "BudgetCheck",
    "A time budget checked: the time used against the limit.",
    []
);

/// A business-day calendar: working weekdays, holidays and the site's time zone.
#[pyclass(frozen, module = "care_core")]
pub struct Calendar {
    pub(crate) inner: cal::Calendar,
}

#[pymethods]
impl Calendar {
    /// A calendar from its fields (`weekdays`, `holidays`, `builtin`, `time_zone`); with none,
    /// Monday to Friday, no holidays, UTC.
    #[new]
    #[pyo3(signature = (**fields))]
    fn new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Calendar> {
        let text = match fields {
            Some(d) => dumps(d.as_any())?,
            None => "{}".to_string(),
        };
        care(py, || cal::Calendar::from_json(&text)).map(|inner| Calendar { inner })
    }

    /// The built-in calendar `name` (`"us-federal"` or `"none"`) in time zone `tz`.
    #[staticmethod]
    #[pyo3(signature = (name, tz="UTC"))]
    fn by_name(py: Python<'_>, name: &str, tz: &str) -> PyResult<Calendar> {
        care(py, || cal::Calendar::by_name(name, tz)).map(|inner| Calendar { inner })
    }

    /// Loads a calendar from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Calendar> {
        care(py, || cal::Calendar::from_toml(text)).map(|inner| Calendar { inner })
    }

    /// Loads a calendar from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Calendar> {
        care(py, || cal::Calendar::from_json(text)).map(|inner| Calendar { inner })
    }

    /// The calendar's name (`us-federal`, `none`, `custom`).
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The site's time zone.
    #[getter]
    fn time_zone(&self) -> &str {
        self.inner.time_zone_name()
    }

    /// Whether `date` is a business day.
    fn is_business_day(&self, py: Python<'_>, date: Date) -> PyResult<bool> {
        care(py, || self.inner.is_business_day(date))
    }

    /// `date` moved by `n` business days (negative: back).
    fn add_business_days(&self, py: Python<'_>, date: Date, n: i64) -> PyResult<Date> {
        care(py, || self.inner.add_business_days(date, n))
    }

    /// Business days from `a` to `b`.
    fn business_days_between(&self, py: Python<'_>, a: Date, b: Date) -> PyResult<i64> {
        care(py, || self.inner.business_days_between(a, b))
    }

    /// `date`, or the next business day if it is not one.
    fn roll_forward(&self, py: Python<'_>, date: Date) -> PyResult<Date> {
        care(py, || self.inner.roll_forward(date))
    }

    /// The holidays from `start` to `end`.
    fn holidays_between(&self, py: Python<'_>, start: Date, end: Date) -> PyResult<Vec<Date>> {
        care(py, || self.inner.holidays_between(start, end))
    }

    /// The calendar's spec as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, self.inner.spec())
    }

    fn __repr__(&self) -> String {
        format!(
            "Calendar(name={:?}, time_zone={:?})",
            self.inner.name(),
            self.inner.time_zone_name()
        )
    }
}

/// The escalation ladder and time budgets; keyword arguments change only what they name.
#[pyclass(frozen, module = "care_core", eq)]
#[derive(PartialEq)]
pub struct EscalationPolicy {
    inner: core::EscalationPolicy,
}

fn default_policy() -> &'static core::EscalationPolicy {
    static DEFAULT: OnceLock<core::EscalationPolicy> = OnceLock::new();
    DEFAULT.get_or_init(core::EscalationPolicy::default)
}

fn policy_or_default<'a>(p: Option<&'a Bound<'_, EscalationPolicy>>) -> &'a core::EscalationPolicy {
    match p {
        Some(p) => &p.get().inner,
        None => default_policy(),
    }
}

fn default_calendar() -> Option<&'static cal::Calendar> {
    static DEFAULT: OnceLock<Option<cal::Calendar>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| cal::Calendar::new(cal::CalendarSpec::default()).ok())
        .as_ref()
}

pub(crate) fn calendar_or_default<'a>(
    py: Python<'_>,
    c: Option<&'a Bound<'_, Calendar>>,
) -> PyResult<&'a cal::Calendar> {
    match c {
        Some(c) => Ok(&c.get().inner),
        None => default_calendar().ok_or_else(|| {
            to_pyerr(
                py,
                &care_core::Error::invalid_input("the default calendar failed to build"),
            )
        }),
    }
}

#[pymethods]
impl EscalationPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<EscalationPolicy> {
        let text = match fields {
            Some(d) => dumps(d.as_any())?,
            None => "{}".to_string(),
        };
        care(py, || {
            let p: core::EscalationPolicy = care_core::policy::from_json(&text)?;
            p.validate()?;
            Ok(p)
        })
        .map(|inner| EscalationPolicy { inner })
    }

    /// Loads and validates a policy from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<EscalationPolicy> {
        care(py, || core::EscalationPolicy::from_toml(text)).map(|inner| EscalationPolicy { inner })
    }

    /// Loads and validates a policy from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<EscalationPolicy> {
        care(py, || core::EscalationPolicy::from_json(text)).map(|inner| EscalationPolicy { inner })
    }

    /// The policy as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_plain(py, &self.inner)
    }

    /// The policy as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        to_json_text(py, &self.inner)
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    fn __repr__(&self) -> String {
        let steps: Vec<String> = self
            .inner
            .steps
            .iter()
            .map(|s| format!("{} (day {})", s.name, s.day))
            .collect();
        format!(
            "EscalationPolicy(id={:?}, version={:?}, steps=[{}])",
            self.inner.id,
            self.inner.version,
            steps.join(", ")
        )
    }
}

/// A moment from Python: `datetime.date` (the end of that day), a naive `datetime.datetime`
/// (in the site's time zone), an aware one, or ISO 8601 text.
fn moment(py: Python<'_>, ob: &Bound<'_, PyAny>) -> PyResult<core::Moment> {
    if ob.is_instance_of::<PyString>() {
        let text: String = ob.extract()?;
        return care(py, || text.parse::<core::Moment>());
    }
    if let Ok(dt) = ob.extract::<jiff::civil::DateTime>() {
        return Ok(core::Moment::DateTime(dt));
    }
    if let Ok(z) = ob.extract::<jiff::Zoned>() {
        return Ok(core::Moment::Zoned(z));
    }
    if let Ok(d) = ob.extract::<Date>() {
        return Ok(core::Moment::Date(d));
    }
    Err(to_pyerr(
        py,
        &care_core::Error::invalid_date(
            ob.repr()
                .map_or_else(|_| "?".to_string(), |r| r.to_string()),
            "give a datetime.date, a datetime.datetime or ISO 8601 text",
        ),
    ))
}

fn excused_list(
    py: Python<'_>,
    excused: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<core::Excused>> {
    let Some(ob) = excused else {
        return Ok(Vec::new());
    };
    // A dict date -> reason, or a list of (date, reason) pairs.
    let pairs: Vec<(Date, String)> = if let Ok(d) = ob.cast::<PyDict>() {
        d.iter()
            .map(|(k, v)| Ok((k.extract::<Date>()?, v.extract::<String>()?)))
            .collect::<PyResult<_>>()?
    } else {
        ob.extract()?
    };
    let _ = py;
    Ok(pairs
        .into_iter()
        .map(|(d, r)| core::Excused::new(d, r))
        .collect())
}

/// The escalation timeline of an agent who starts on `start`. `excused` maps excused dates
/// to their reasons (or is a list of `(date, reason)` pairs).
#[pyfunction]
#[pyo3(signature = (start, calendar=None, excused=None, policy=None))]
fn timeline(
    py: Python<'_>,
    start: Date,
    calendar: Option<&Bound<'_, Calendar>>,
    excused: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, EscalationPolicy>>,
) -> PyResult<Py<Timeline>> {
    let calendar = calendar_or_default(py, calendar)?;
    let excused = excused_list(py, excused)?;
    let t = care(py, || {
        core::timeline(start, calendar, &excused, policy_or_default(policy))
    })?;
    Timeline::create(py, t)
}

/// An agent's escalation status as of `as_of` (a date, a datetime or ISO text), with the
/// moment certs and TBTs were completed, if they were.
#[pyfunction]
#[pyo3(signature = (start, as_of, completed=None, calendar=None, excused=None, policy=None))]
#[allow(clippy::too_many_arguments)]
fn status(
    py: Python<'_>,
    start: Date,
    as_of: &Bound<'_, PyAny>,
    completed: Option<&Bound<'_, PyAny>>,
    calendar: Option<&Bound<'_, Calendar>>,
    excused: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, EscalationPolicy>>,
) -> PyResult<Py<EscalationStatus>> {
    let calendar = calendar_or_default(py, calendar)?;
    let excused = excused_list(py, excused)?;
    let as_of = moment(py, as_of)?;
    let completed = completed.map(|c| moment(py, c)).transpose()?;
    let s = care(py, || {
        core::status(
            start,
            &as_of,
            completed.as_ref(),
            calendar,
            &excused,
            policy_or_default(policy),
        )
    })?;
    EscalationStatus::create(py, s)
}

/// Certs and TBTs together from `start` to `finished`, against the combined budget.
#[pyfunction]
#[pyo3(signature = (start, finished, calendar=None, excused=None, policy=None))]
fn combined_budget(
    py: Python<'_>,
    start: Date,
    finished: &Bound<'_, PyAny>,
    calendar: Option<&Bound<'_, Calendar>>,
    excused: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, EscalationPolicy>>,
) -> PyResult<Py<BudgetCheck>> {
    let calendar = calendar_or_default(py, calendar)?;
    let excused = excused_list(py, excused)?;
    let finished = moment(py, finished)?;
    let b = care(py, || {
        core::combined_budget(
            start,
            &finished,
            calendar,
            &excused,
            policy_or_default(policy),
        )
    })?;
    BudgetCheck::create(py, b)
}

/// A call-cert session from the certifier's connection to its end, against its budget.
#[pyfunction]
#[pyo3(signature = (connected, finished, calendar=None, policy=None))]
fn cert_session_budget(
    py: Python<'_>,
    connected: &Bound<'_, PyAny>,
    finished: &Bound<'_, PyAny>,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, EscalationPolicy>>,
) -> PyResult<Py<BudgetCheck>> {
    let calendar = calendar_or_default(py, calendar)?;
    let (a, b) = (moment(py, connected)?, moment(py, finished)?);
    let r = care(py, || {
        core::cert_session_budget(&a, &b, calendar, policy_or_default(policy))
    })?;
    BudgetCheck::create(py, r)
}

/// The TBTs from start to finish, against their budget.
#[pyfunction]
#[pyo3(signature = (started, finished, calendar=None, policy=None))]
fn tbt_budget(
    py: Python<'_>,
    started: &Bound<'_, PyAny>,
    finished: &Bound<'_, PyAny>,
    calendar: Option<&Bound<'_, Calendar>>,
    policy: Option<&Bound<'_, EscalationPolicy>>,
) -> PyResult<Py<BudgetCheck>> {
    let calendar = calendar_or_default(py, calendar)?;
    let (a, b) = (moment(py, started)?, moment(py, finished)?);
    let r = care(py, || {
        core::tbt_budget(&a, &b, calendar, policy_or_default(policy))
    })?;
    BudgetCheck::create(py, r)
}

/// The escalation step code of each agent as of `as_of`: `starts` is a numpy
/// `datetime64[D]` (or int64 days since 1970-01-01) array. Codes: 0 none, 1 coaching,
/// 2 written CAP, 3 final CAP, 4 termination review, 255 start out of range. The GIL is
/// released while care-core works.
#[pyfunction]
#[pyo3(signature = (starts, as_of, calendar=None, policy=None))]
fn escalation_steps<'py>(
    py: Python<'py>,
    starts: &Bound<'py, PyAny>,
    as_of: Date,
    calendar: Option<&Bound<'py, Calendar>>,
    policy: Option<&Bound<'py, EscalationPolicy>>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let calendar = calendar_or_default(py, calendar)?;
    let policy = policy_or_default(policy);
    // datetime64[D] viewed as int64 days (no copy).
    let as_days = match starts.getattr("dtype").and_then(|d| d.getattr("kind")) {
        Ok(kind) if kind.extract::<String>().ok().as_deref() == Some("M") => {
            let unit = starts.getattr("dtype")?.str()?.to_string();
            if unit != "datetime64[D]" {
                return Err(to_pyerr(
                    py,
                    &care_core::Error::invalid_input(format!(
                        "starts is {unit}: give datetime64[D] dates (astype(\"datetime64[D]\"))"
                    )),
                ));
            }
            starts.call_method1("view", ("int64",))?
        }
        _ => starts.clone(),
    };
    let arr = as_days
        .extract::<PyReadonlyArray1<'py, i64>>()
        .map_err(|_| {
            to_pyerr(
            py,
            &care_core::Error::invalid_input(
                "starts must be a 1-D numpy array of datetime64[D] or int64 days since 1970-01-01",
            ),
        )
        })?;
    let owned;
    let slice = match arr.as_slice() {
        Ok(s) => s,
        Err(_) => {
            owned = arr.as_array().iter().copied().collect::<Vec<i64>>();
            owned.as_slice()
        }
    };
    let out = py.detach(|| {
        run(|| {
            let mut out = vec![0u8; slice.len()];
            core::escalation_steps_i64(slice, as_of, calendar, policy, &mut out)?;
            Ok(out)
        })
    });
    let out = out.map_err(|e| e.into_pyerr(py))?;
    Ok(PyArray1::from_vec(py, out))
}

/// Adds the classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Calendar>()?;
    m.add_class::<EscalationPolicy>()?;
    m.add_class::<Timeline>()?;
    m.add_class::<EscalationStatus>()?;
    m.add_class::<BudgetCheck>()?;
    m.add_function(wrap_pyfunction!(timeline, m)?)?;
    m.add_function(wrap_pyfunction!(status, m)?)?;
    m.add_function(wrap_pyfunction!(combined_budget, m)?)?;
    m.add_function(wrap_pyfunction!(cert_session_budget, m)?)?;
    m.add_function(wrap_pyfunction!(tbt_budget, m)?)?;
    m.add_function(wrap_pyfunction!(escalation_steps, m)?)?;
    Ok(())
}
