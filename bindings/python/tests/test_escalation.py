"""Calendars, escalation timelines and statuses, and the numpy batch of steps."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import care_core
from care_core import Calendar


def test_calendar() -> None:
    us = Calendar.by_name("us-federal", "America/New_York")
    assert us.time_zone == "America/New_York"
    assert not us.is_business_day(dt.date(2026, 7, 3))  # Independence Day observed
    assert us.roll_forward(dt.date(2026, 7, 4)) == dt.date(2026, 7, 6)
    assert us.add_business_days(dt.date(2026, 7, 2), 1) == dt.date(2026, 7, 6)
    assert dt.date(2026, 7, 3) in us.holidays_between(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    plain = Calendar()
    assert plain.time_zone == "UTC" and plain.is_business_day(dt.date(2026, 7, 3))
    custom = Calendar(holidays=["2026-12-24"], time_zone="America/Chicago")
    assert not custom.is_business_day(dt.date(2026, 12, 24))
    with pytest.raises(care_core.UnknownNameError):
        Calendar.by_name("mars")
    with pytest.raises(care_core.CareError):
        Calendar(time_zone="Mars/Olympus")


def test_timeline_and_status() -> None:
    start = dt.date(2026, 7, 6)
    t = care_core.timeline(start)
    assert t.day1 == "2026-07-06"
    assert [s["day"] for s in t.steps] == [4, 5, 6, 7]
    s = care_core.escalation_status(start, dt.date(2026, 7, 9))
    assert isinstance(s, care_core.EscalationStatus)
    assert s.day == 4 and s.step_code == 1 and s.current_step["id"] == "coaching"
    s2 = care_core.escalation_status(start, dt.datetime(2026, 7, 9, 10, 30))
    assert s2.as_of_time is not None
    s3 = care_core.escalation_status(start, "2026-07-09T10:30:00Z")
    assert s3.as_of == "2026-07-09"
    aware = dt.datetime(2026, 7, 9, 10, 30, tzinfo=dt.timezone.utc)
    assert care_core.escalation_status(start, aware).as_of == "2026-07-09"
    done = care_core.escalation_status(start, dt.date(2026, 7, 20), completed=dt.date(2026, 7, 7))
    assert done.completed and done.step_code == 0
    excused = care_core.escalation_status(start, dt.date(2026, 7, 9), excused={dt.date(2026, 7, 7): "laptop"})
    assert excused.day == 3
    with pytest.raises(care_core.InvalidDateError):
        care_core.escalation_status(start, "not a date")
    with pytest.raises(care_core.InvalidDateError):
        care_core.escalation_status(start, 12)  # type: ignore[arg-type]


def test_budgets() -> None:
    b = care_core.cert_session_budget("2026-07-06T09:00", "2026-07-06T14:00")
    assert b.to_dict()["reasons"]
    c = care_core.combined_budget(dt.date(2026, 7, 6), dt.date(2026, 7, 10))
    assert c.to_dict()


def test_batch_matches_single() -> None:
    as_of = dt.date(2026, 7, 20)
    starts = np.arange("2026-06-20", "2026-07-21", dtype="datetime64[D]")
    codes = care_core.escalation_steps(starts, as_of)
    assert codes.dtype == np.uint8 and codes.shape == starts.shape
    for s, code in zip(starts.tolist(), codes.tolist()):
        assert care_core.escalation_status(s, as_of).step_code == code
    as_int = care_core.escalation_steps(starts.view("int64"), as_of)
    assert (as_int == codes).all()
    far = np.array(["1500-01-01"], dtype="datetime64[D]")
    assert care_core.escalation_steps(far, as_of).tolist() == [255]
    with pytest.raises(care_core.InvalidInputError):
        care_core.escalation_steps(starts.astype("datetime64[s]"), as_of)
    with pytest.raises(care_core.InvalidInputError):
        care_core.escalation_steps(np.zeros(3, dtype=np.float32), as_of)
