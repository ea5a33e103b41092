//! Calendars and escalation: business days, the coaching / CAP / termination-review ladder,
//! time budgets, and the numpy batch of escalation steps.

use care_core::calendar as cal;
use care_core::escalation as core;
use jiff::civil::Date;
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use serde_json::Value;
use std::borrow::Cow;

use crate::errors::{care, invalid, to_pyerr};
use crate::values::{to_value, type_name, Arg, Column};

crate::results!(
    Timeline(core::Timeline) => to_string,
    EscalationStatus(core::Status),
    BudgetCheck(core::BudgetCheck),
);

crate::data_class!(
    /// A business-day calendar: working weekdays, holidays and the site's time zone.
    /// `Calendar()` is Monday to Friday, no holidays, UTC; keyword arguments are the fields
    /// of `to_dict()`.
    Calendar(cal::Calendar), |s| s.inner.spec(), new "calendar" cal::CalendarSpec => |spec| spec.build()
);

// The calendar argument: a `Calendar`, or None for Monday to Friday without holidays, UTC.
crate::class_arg!(Calendar => cal::Calendar, |py| care(py, || cal::CalendarSpec::default().build())?);

crate::export! { impl Calendar;
    /// The built-in calendar `name` (`"us-federal"` or `"none"`) in time zone `tz` (None: UTC).
    #[staticmethod]
    fn by_name(py, name: String, tz: Option<String> = None) -> Calendar =
        cal::Calendar::by_name(&name, tz.as_deref().unwrap_or("UTC"));
    /// Whether `date` is a business day.
    fn is_business_day(&self, py, date: Date) -> bool = self.inner.is_business_day(date);
    /// `date` moved by `n` business days (negative: back).
    fn add_business_days(&self, py, date: Date, n: i64) -> Date = self.inner.add_business_days(date, n);
    /// Business days from `a` to `b`.
    fn business_days_between(&self, py, a: Date, b: Date) -> i64 = self.inner.business_days_between(a, b);
    /// `date`, or the next business day if it is not one.
    fn roll_forward(&self, py, date: Date) -> Date = self.inner.roll_forward(date);
    /// The holidays from `start` to `end`.
    fn holidays_between(&self, py, start: Date, end: Date) -> Vec<Date> = self.inner.holidays_between(start,
        end);
}

crate::data_class!(
    /// The escalation ladder and time budgets; keyword arguments (the fields of `to_dict()`)
    /// change only what they name.
    EscalationPolicy(core::EscalationPolicy), |s| &s.inner, new
);

crate::class_arg!(EscalationPolicy => core::EscalationPolicy, |_py| core::EscalationPolicy::default());

/// A moment argument: a `datetime.date` (the end of that day), a `datetime.datetime` (naive:
/// in the site's time zone) or ISO 8601 text.
impl<'a, 'py> Arg<'a, 'py> for core::Moment {
    fn arg(py: Python<'py>, name: &str, ob: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        if let Some(Value::String(text)) = ob.map(to_value).transpose()? {
            return care(py, || text.parse::<core::Moment>());
        }
        let what = ob.map_or_else(|| "NoneType".into(), type_name);
        let why = format!("give {name} as a datetime.date, a datetime.datetime or ISO 8601 text");
        Err(to_pyerr(py, &care_core::Error::invalid_date(what, why)))
    }
}

crate::export! {
    /// The escalation timeline of an agent who starts on `start`.
    fn timeline(py, start: Date, calendar: &cal::Calendar = None, excused: core::ExcusedDays = None,
        policy: &core::EscalationPolicy = None) -> Timeline =
        core::timeline(start, calendar, &excused.0, policy);
    /// An agent's escalation status as of `as_of`, with the moment certs and TBTs were
    /// completed, if they were.
    fn escalation_status(py, start: Date, as_of: core::Moment, completed: Option<core::Moment> = None,
        calendar: &cal::Calendar = None, excused: core::ExcusedDays = None,
        policy: &core::EscalationPolicy = None) -> EscalationStatus =
        core::status(start, &as_of, completed.as_ref(), calendar, &excused.0, policy);
    /// Certs and TBTs together from `start` to `finished`, against the combined budget.
    fn combined_budget(py, start: Date, finished: core::Moment, calendar: &cal::Calendar = None,
        excused: core::ExcusedDays = None, policy: &core::EscalationPolicy = None) -> BudgetCheck =
        core::combined_budget(start, &finished, calendar, &excused.0, policy);
    /// A call-cert session from the certifier's connection to its end, against its budget.
    fn cert_session_budget(py, connected: core::Moment, finished: core::Moment,
        calendar: &cal::Calendar = None, policy: &core::EscalationPolicy = None) -> BudgetCheck =
        core::cert_session_budget(&connected, &finished, calendar, policy);
    /// The TBTs from start to finish, against their budget.
    fn tbt_budget(py, started: core::Moment, finished: core::Moment, calendar: &cal::Calendar = None,
        policy: &core::EscalationPolicy = None) -> BudgetCheck =
        core::tbt_budget(&started, &finished, calendar, policy);
}

/// Start dates: a 1-D numpy `datetime64[D]` array (viewed as int64 days, no copy) or int64
/// days since 1970-01-01.
pub struct Days<'py>(PyReadonlyArray1<'py, i64>);

impl<'a, 'py> Arg<'a, 'py> for Days<'py> {
    fn arg(py: Python<'py>, name: &str, obj: Option<&'a Bound<'py, PyAny>>) -> PyResult<Self> {
        let starts = obj.cloned().unwrap_or_else(|| py.None().into_bound(py));
        crate::values::unmasked(name, &starts)?;
        let dtype = starts.getattr("dtype").map(|d| d.to_string()).unwrap_or_default();
        let days = match dtype.as_str() {
            "datetime64[D]" => starts
                .call_method1("view", ("int64",))
                .map_err(|_| invalid(py, format!("{name}: cannot view its dates as days")))?,
            d if d.starts_with("datetime64") => {
                let give = "give datetime64[D] dates (astype(\"datetime64[D]\"))";
                return Err(invalid(py, format!("{name} is {d}: {give}")));
            }
            _ => starts,
        };
        let give = "a 1-D numpy array of datetime64[D] or int64 days since 1970-01-01";
        days.extract().map(Days).map_err(|_| invalid(py, format!("{name} must be {give}")))
    }
}

crate::export! {
    /// The escalation step code of each agent as of `as_of`; `starts` is a numpy
    /// `datetime64[D]` (or int64 days since 1970-01-01) array. `STEP_NAMES` names the codes
    /// (255: start out of range). The GIL is released while care-core works.
    fn escalation_steps(py, starts: Days<'_>, as_of: Date, calendar: &cal::Calendar = None,
        policy: &core::EscalationPolicy = None) -> Column = {
        let days = starts.0.as_slice();
        let days = days.map_or_else(|_| Cow::Owned(starts.0.as_array().to_vec()), Cow::Borrowed);
        let mut codes = vec![0u8; days.len()];
        py.detach(|| core::escalation_steps_i64(&days, as_of, calendar, policy, &mut codes))?;
        Ok(Column(codes))
    };
}

crate::register! {
    [Calendar, EscalationPolicy, Timeline, EscalationStatus, BudgetCheck],
    [timeline, escalation_status, combined_budget, cert_session_budget, tbt_budget, escalation_steps]
}
