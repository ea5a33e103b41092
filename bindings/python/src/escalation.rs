//! Calendars and escalation: business days, the coaching / CAP / termination-review ladder,
//! time budgets, and the numpy batch of escalation steps.

use care_core::calendar as cal;
use care_core::escalation as core;
use jiff::civil::Date;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::sync::OnceLock;

use crate::errors::{care, invalid, raise, run, to_pyerr};
use crate::values::{arg, class_arg, date, kwargs, opt_arg, out, to_value, type_name, Opt};

crate::results!(
    Timeline(core::Timeline) => to_string,
    EscalationStatus(core::Status),
    BudgetCheck(core::BudgetCheck),
);

crate::data_class!(
    /// A business-day calendar: working weekdays, holidays and the site's time zone.
    /// `Calendar()` is Monday to Friday, no holidays, UTC; keyword arguments are the fields
    /// of `to_dict()`.
    Calendar(cal::Calendar), |s| s.inner.spec()
);

/// The calendar argument: a `Calendar`, or None for Monday to Friday without holidays, UTC.
pub fn calendar_arg<'a>(py: Python<'_>, c: Opt<'a, '_>) -> PyResult<&'a cal::Calendar> {
    static DEFAULT: OnceLock<cal::Calendar> = OnceLock::new();
    match (class_arg::<Calendar>("calendar", c)?, DEFAULT.get()) {
        (Some(c), _) => Ok(&c.inner),
        (None, Some(d)) => Ok(d),
        (None, None) => {
            let d = care(py, || cal::CalendarSpec::default().build())?;
            Ok(DEFAULT.get_or_init(|| d))
        }
    }
}

#[pymethods]
impl Calendar {
    #[new]
    #[pyo3(signature = (**fields))]
    fn py_new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<Calendar> {
        let spec: cal::CalendarSpec = kwargs(py, "calendar", fields)?;
        Calendar::wrap(py, care(py, || spec.build())?)
    }

    /// (name: str, tz: str | None = None) -> Calendar
    /// The built-in calendar `name` (`"us-federal"` or `"none"`) in time zone `tz` (None: UTC).
    #[staticmethod]
    #[pyo3(signature = (name, tz=None))]
    fn by_name(py: Python<'_>, name: &Bound<'_, PyAny>, tz: Opt) -> PyResult<Calendar> {
        let (name, tz) =
            (arg::<String>("name", name)?, opt_arg("tz", tz)?.unwrap_or_else(|| "UTC".to_string()));
        Calendar::wrap(py, care(py, || cal::Calendar::by_name(&name, &tz))?)
    }

    /// (self, date: datetime.date | str) -> bool
    /// Whether `date` is a business day.
    fn is_business_day(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        let d = self::date("date", date)?;
        care(py, || self.inner.is_business_day(d))
    }

    /// (self, date: datetime.date | str, n: int) -> datetime.date
    /// `date` moved by `n` business days (negative: back).
    fn add_business_days(
        &self, py: Python<'_>, date: &Bound<'_, PyAny>, n: &Bound<'_, PyAny>,
    ) -> PyResult<Date> {
        let (d, n) = (self::date("date", date)?, arg("n", n)?);
        care(py, || self.inner.add_business_days(d, n))
    }

    /// (self, a: datetime.date | str, b: datetime.date | str) -> int
    /// Business days from `a` to `b`.
    fn business_days_between(
        &self, py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>,
    ) -> PyResult<i64> {
        let (a, b) = (date("a", a)?, date("b", b)?);
        care(py, || self.inner.business_days_between(a, b))
    }

    /// (self, date: datetime.date | str) -> datetime.date
    /// `date`, or the next business day if it is not one.
    fn roll_forward(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<Date> {
        let d = self::date("date", date)?;
        care(py, || self.inner.roll_forward(d))
    }

    /// (self, start: datetime.date | str, end: datetime.date | str) -> list[datetime.date]
    /// The holidays from `start` to `end`.
    fn holidays_between(
        &self, py: Python<'_>, start: &Bound<'_, PyAny>, end: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Date>> {
        let (a, b) = (date("start", start)?, date("end", end)?);
        care(py, || self.inner.holidays_between(a, b))
    }
}

crate::data_class!(
    /// The escalation ladder and time budgets; keyword arguments (the fields of `to_dict()`)
    /// change only what they name.
    EscalationPolicy(core::EscalationPolicy), |s| &s.inner
);

pub(crate) fn policy<'a>(p: Opt<'a, '_>) -> PyResult<&'a core::EscalationPolicy> {
    static DEFAULT: OnceLock<core::EscalationPolicy> = OnceLock::new();
    let p = class_arg::<EscalationPolicy>("policy", p)?;
    Ok(p.map_or_else(|| DEFAULT.get_or_init(core::EscalationPolicy::default), |p| &p.inner))
}

#[pymethods]
impl EscalationPolicy {
    #[new]
    #[pyo3(signature = (**fields))]
    fn py_new(py: Python<'_>, fields: Option<&Bound<'_, PyDict>>) -> PyResult<EscalationPolicy> {
        let p: core::EscalationPolicy = kwargs(py, "policy", fields)?;
        care(py, || p.validate())?;
        EscalationPolicy::wrap(py, p)
    }
}

/// A moment: a `datetime.date` (the end of that day), a `datetime.datetime` (naive: in the
/// site's time zone) or ISO 8601 text.
fn moment(name: &str, ob: &Bound<'_, PyAny>) -> PyResult<core::Moment> {
    match to_value(ob)? {
        Value::String(text) => care(ob.py(), || text.parse::<core::Moment>()),
        _ => Err(to_pyerr(
            ob.py(),
            &care_core::Error::invalid_date(
                type_name(ob),
                format!("give {name} as a datetime.date, a datetime.datetime or ISO 8601 text"),
            ),
        )),
    }
}

/// Excused days: a dict date -> reason, or a list of `(date, reason)` pairs or of
/// `{"date": ..., "reason": ...}` dicts.
fn excused(ob: Opt) -> PyResult<Vec<core::Excused>> {
    let Some(ob) = ob.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    let value = match to_value(ob)? {
        Value::Object(m) => m.into_iter().map(|(d, r)| json!({"date": d, "reason": r})).collect(),
        Value::Array(items) => items
            .into_iter()
            .map(|i| match i {
                Value::Array(pair) if pair.len() == 2 => {
                    json!({"date": pair[0], "reason": pair[1]})
                }
                other => other,
            })
            .collect(),
        other => other,
    };
    care(ob.py(), || crate::values::read("excused", value))
}

/// (start: datetime.date | str, calendar: Calendar | None = None, excused: Mapping[datetime.date, str] | Sequence[tuple[datetime.date, str]] | None = None, policy: EscalationPolicy | None = None) -> Timeline
/// The escalation timeline of an agent who starts on `start`.
#[pyfunction]
#[pyo3(signature = (start, calendar=None, excused=None, policy=None))]
fn timeline(
    py: Python<'_>, start: &Bound<'_, PyAny>, calendar: Opt, excused: Opt, policy: Opt,
) -> PyResult<Timeline> {
    let (start, c, x, p) =
        (date("start", start)?, calendar_arg(py, calendar)?, self::excused(excused)?, self::policy(policy)?);
    out(py, || core::timeline(start, c, &x, p))
}

/// (start: datetime.date | str, as_of: datetime.date | datetime.datetime | str, completed: datetime.date | datetime.datetime | str | None = None, calendar: Calendar | None = None, excused: Mapping[datetime.date, str] | Sequence[tuple[datetime.date, str]] | None = None, policy: EscalationPolicy | None = None) -> EscalationStatus
/// An agent's escalation status as of `as_of`, with the moment certs and TBTs were
/// completed, if they were.
#[pyfunction]
#[pyo3(signature = (start, as_of, completed=None, calendar=None, excused=None, policy=None))]
fn escalation_status(
    py: Python<'_>, start: &Bound<'_, PyAny>, as_of: &Bound<'_, PyAny>, completed: Opt, calendar: Opt,
    excused: Opt, policy: Opt,
) -> PyResult<EscalationStatus> {
    let (c, x, p) = (calendar_arg(py, calendar)?, self::excused(excused)?, self::policy(policy)?);
    let (start, as_of) = (date("start", start)?, moment("as_of", as_of)?);
    let completed = completed.filter(|c| !c.is_none()).map(|c| moment("completed", c)).transpose()?;
    out(py, || core::status(start, &as_of, completed.as_ref(), c, &x, p))
}

/// (start: datetime.date | str, finished: datetime.date | datetime.datetime | str, calendar: Calendar | None = None, excused: Mapping[datetime.date, str] | Sequence[tuple[datetime.date, str]] | None = None, policy: EscalationPolicy | None = None) -> BudgetCheck
/// Certs and TBTs together from `start` to `finished`, against the combined budget.
#[pyfunction]
#[pyo3(signature = (start, finished, calendar=None, excused=None, policy=None))]
fn combined_budget(
    py: Python<'_>, start: &Bound<'_, PyAny>, finished: &Bound<'_, PyAny>, calendar: Opt, excused: Opt,
    policy: Opt,
) -> PyResult<BudgetCheck> {
    let (c, x, p) = (calendar_arg(py, calendar)?, self::excused(excused)?, self::policy(policy)?);
    let (start, finished) = (date("start", start)?, moment("finished", finished)?);
    out(py, || core::combined_budget(start, &finished, c, &x, p))
}

/// (connected: datetime.date | datetime.datetime | str, finished: datetime.date | datetime.datetime | str, calendar: Calendar | None = None, policy: EscalationPolicy | None = None) -> BudgetCheck
/// A call-cert session from the certifier's connection to its end, against its budget.
#[pyfunction]
#[pyo3(signature = (connected, finished, calendar=None, policy=None))]
fn cert_session_budget(
    py: Python<'_>, connected: &Bound<'_, PyAny>, finished: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
) -> PyResult<BudgetCheck> {
    let (c, p) = (calendar_arg(py, calendar)?, self::policy(policy)?);
    let (a, b) = (moment("connected", connected)?, moment("finished", finished)?);
    out(py, || core::cert_session_budget(&a, &b, c, p))
}

/// (started: datetime.date | datetime.datetime | str, finished: datetime.date | datetime.datetime | str, calendar: Calendar | None = None, policy: EscalationPolicy | None = None) -> BudgetCheck
/// The TBTs from start to finish, against their budget.
#[pyfunction]
#[pyo3(signature = (started, finished, calendar=None, policy=None))]
fn tbt_budget(
    py: Python<'_>, started: &Bound<'_, PyAny>, finished: &Bound<'_, PyAny>, calendar: Opt, policy: Opt,
) -> PyResult<BudgetCheck> {
    let (c, p) = (calendar_arg(py, calendar)?, self::policy(policy)?);
    let (a, b) = (moment("started", started)?, moment("finished", finished)?);
    out(py, || core::tbt_budget(&a, &b, c, p))
}

/// (starts: numpy.typing.ArrayLike, as_of: datetime.date | str, calendar: Calendar | None = None, policy: EscalationPolicy | None = None) -> numpy.typing.NDArray[numpy.uint8]
/// The escalation step code of each agent as of `as_of`; `starts` is a numpy
/// `datetime64[D]` (or int64 days since 1970-01-01) array. `STEP_NAMES` names the codes
/// (255: start out of range). The GIL is released while care-core works.
#[pyfunction]
#[pyo3(signature = (starts, as_of, calendar=None, policy=None))]
fn escalation_steps<'py>(
    py: Python<'py>, starts: &Bound<'py, PyAny>, as_of: &Bound<'py, PyAny>, calendar: Opt<'_, 'py>,
    policy: Opt<'_, 'py>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let (c, p, as_of) = (calendar_arg(py, calendar)?, self::policy(policy)?, date("as_of", as_of)?);
    let dtype = starts.getattr("dtype").map(|d| d.to_string()).unwrap_or_default();
    // datetime64[D] viewed as int64 days (no copy).
    let days = match dtype.as_str() {
        "datetime64[D]" => starts.call_method1("view", ("int64",))?,
        d if d.starts_with("datetime64") => {
            return Err(invalid(
                py,
                format!("starts is {d}: give datetime64[D] dates (astype(\"datetime64[D]\"))"),
            ))
        }
        _ => starts.clone(),
    };
    let arr = days.extract::<PyReadonlyArray1<'py, i64>>().map_err(|_| {
        invalid(py, "starts must be a 1-D numpy array of datetime64[D] or int64 days since 1970-01-01")
    })?;
    let slice = arr.as_slice().map_or_else(|_| Cow::Owned(arr.as_array().to_vec()), Cow::Borrowed);
    let codes = py.detach(|| {
        run(|| {
            let mut codes = vec![0u8; slice.len()];
            core::escalation_steps_i64(&slice, as_of, c, p, &mut codes)?;
            Ok(codes)
        })
    });
    Ok(PyArray1::from_vec(py, codes.map_err(|e| raise(py, e))?))
}

crate::register! {
    [Calendar, EscalationPolicy, Timeline, EscalationStatus, BudgetCheck],
    [timeline, escalation_status, combined_budget, cert_session_budget, tbt_budget, escalation_steps]
}
