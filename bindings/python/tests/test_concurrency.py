"""Many Python threads calling the batch functions at once get the same answers as one thread
(the functions share nothing mutable: a policy or calendar is read, never written), and the
batch functions release the GIL while care-core works."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import numpy as np
import pytest

import care_core

THREADS = 16
ROWS = 50_000


def scores_u8(seed: int) -> np.ndarray:
    """Rows of 5 calls: the coached call 100, the rest 60 to 100 or not taken (255)."""
    rng = np.random.default_rng(seed)
    s = rng.integers(60, 101, size=(ROWS, 5), dtype=np.uint8)
    s[:, 0] = 100
    s[rng.random((ROWS, 5)) < 0.1] = 255
    s[:, 0] = 100
    return s


def as_f64(s: np.ndarray) -> np.ndarray:
    f = s.astype(np.float64)
    f[s == 255] = np.nan
    return f


POLICIES = [None, care_core.CertPolicy(pass_mark=80), care_core.CertPolicy(early_decision=False)]
CALENDARS = [care_core.Calendar.by_name("us-federal", "America/New_York"), care_core.Calendar.by_name("none")]
AS_OF = dt.date(2026, 7, 13)


def starts(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(20_500, 20_650, size=ROWS, dtype=np.int64)


def task(k: int) -> Callable[[], Any]:
    """The k-th piece of work, as plain data to compare."""
    s = scores_u8(k % 4)
    policy = POLICIES[k % len(POLICIES)]
    calendar = CALENDARS[k % len(CALENDARS)]

    def run() -> Any:
        u8 = care_core.evaluate_batch(s, policy)
        f64 = care_core.evaluate_batch(as_f64(s), policy)
        steps = care_core.escalation_steps(starts(k % 3), AS_OF, calendar)
        return [c.tobytes() for c in (*u8, *f64)] + [steps.tobytes()]

    return run


def test_threads_give_the_answers_of_one_thread() -> None:
    tasks = [task(k) for k in range(4 * THREADS)]
    alone = [t() for t in tasks]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for _ in range(2):
            together = list(pool.map(lambda t: t(), tasks))
            assert together == alone
    # The uint8 and float64 inputs describe the same sessions.
    for answer in alone:
        assert answer[:3] == answer[3:6]


def test_threads_share_one_input_array() -> None:
    s = scores_u8(7)
    want = [c.tobytes() for c in care_core.evaluate_batch(s)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        got = list(pool.map(lambda _: [c.tobytes() for c in care_core.evaluate_batch(s)], range(64)))
    assert all(g == want for g in got)


def test_evaluate_frame_in_threads() -> None:
    pytest.importorskip("pandas")
    frames = [as_f64(scores_u8(k)) for k in range(4)]
    alone = [care_core.evaluate_frame(f) for f in frames]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        together = list(pool.map(lambda k: care_core.evaluate_frame(frames[k % 4]), range(32)))
    for k, frame in enumerate(together):
        assert frame.equals(alone[k % 4])


def test_errors_in_threads_are_each_threads_own() -> None:
    """A thread whose input is bad gets its own error; the others are not disturbed."""
    good = scores_u8(1)
    bad = good.copy()
    bad[123, 2] = 101

    def run(k: int) -> Any:
        if k % 2:
            with pytest.raises(care_core.InvalidScoreError) as info:
                care_core.evaluate_batch(bad)
            return str(info.value)
        return [c.tobytes() for c in care_core.evaluate_batch(good)]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(run, range(32)))
    want_good = [c.tobytes() for c in care_core.evaluate_batch(good)]
    for k, r in enumerate(results):
        if k % 2:
            assert r == "invalid score for agent row 123, call 3: 101 is outside 0 to 100 (255 means not taken)"
        else:
            assert r == want_good


@pytest.mark.parametrize("call", ["evaluate_batch_u8", "evaluate_batch_f64", "escalation_steps"])
def test_the_gil_is_released_during_a_batch(call: str) -> None:
    """No timing: with the interpreter's switch interval set far out, a thread holding the GIL
    is never preempted, so a second thread can only run Python code during the batch call if
    the call releases the GIL. The second thread counts the moments it sees the call under way;
    a call that kept the GIL would leave the count at exactly 0. A released GIL lets the
    second thread in as soon as the OS schedules it; the call is repeated (at most 50 times)
    until it has, so a busy machine delays the test but does not fail it."""
    big = np.tile(scores_u8(3), (40, 1))  # 2 million rows, C-contiguous uint8
    args: dict[str, Callable[[], Any]] = {
        "evaluate_batch_u8": lambda: care_core.evaluate_batch(big),
        "evaluate_batch_f64": (lambda f: lambda: care_core.evaluate_batch(f))(as_f64(big)),
        "escalation_steps": (lambda d: lambda: care_core.escalation_steps(d, AS_OF, CALENDARS[0]))(
            np.tile(starts(0), 40)
        ),
    }
    work = args[call]
    state = {"in_call": False, "seen": 0, "done": False}

    def watcher() -> None:
        import time

        while not state["done"]:
            if state["in_call"]:
                state["seen"] += 1
            time.sleep(1e-4)  # gives the GIL back, so the main thread can take it again

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    t = threading.Thread(target=watcher)
    try:
        t.start()
        for _ in range(50):
            state["in_call"] = True
            work()
            state["in_call"] = False
            if state["seen"]:
                break
    finally:
        state["done"] = True
        sys.setswitchinterval(old)
        t.join()
    assert state["seen"] > 0, f"{call} kept the GIL for the whole call"
