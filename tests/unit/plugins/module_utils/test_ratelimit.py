# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_ratelimit: the sliding-window limiter every request of a run passes, on a fake clock."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import API_RATE_LIMIT
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import API_RATE_WINDOW
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import WINDOW_MARGIN
from ansible_collections.plivo.messaging.plugins.module_utils._ratelimit import RateLimiter
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import FakeClock


class GrantClock(FakeClock):
    """A FakeClock that remembers, per thread, the last time it told: after acquire(), the moment of the grant
    (another thread's sleep may have moved the clock on since)."""

    def __init__(self, start):
        super().__init__(start)
        self.told = threading.local()

    def __call__(self):
        self.told.last = super().__call__()
        return self.told.last


def limiter(limit, window, start=0.0):
    clock = GrantClock(start)
    return RateLimiter(limit, window, clock=clock, sleep=clock.sleep), clock


def grants_on_threads(rate, clock, threads, each):
    """Start ``threads`` threads that each acquire ``each`` times; the moments of the grants, sorted."""
    granted = []
    lock = threading.Lock()

    def worker():
        for _attempt in range(each):
            rate.acquire()
            with lock:
                granted.append(clock.told.last)

    started = [threading.Thread(target=worker) for _thread in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(10)
    return sorted(granted)


def test_the_defaults_are_the_apis_documented_limit():
    assert (API_RATE_LIMIT, API_RATE_WINDOW) == (300, 5.0)
    assert RateLimiter().limit == 300 and RateLimiter().window == pytest.approx(5.0 + WINDOW_MARGIN)


def test_the_request_over_the_limit_waits_exactly_until_the_oldest_leaves_the_window():
    rate, clock = limiter(3, 5.0)
    assert [rate.acquire() for _attempt in range(3)] == [0.0, 0.0, 0.0]
    clock.now = 1.0
    assert rate.acquire() == pytest.approx(4.0 + WINDOW_MARGIN)  # the first three left at 0
    assert clock.now == pytest.approx(5.0 + WINDOW_MARGIN)
    assert sum(clock.sleeps) == pytest.approx(4.0 + WINDOW_MARGIN)


def test_requests_spread_over_the_window_do_not_wait():
    rate, clock = limiter(3, 5.0)
    for _attempt in range(10):
        assert rate.acquire() == 0.0
        clock.now += 2.0
    assert clock.sleeps == []


@settings(max_examples=150, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=6),
    window=st.floats(min_value=0.5, max_value=4.0),
    gaps=st.lists(st.floats(min_value=0.0, max_value=3.0), min_size=1, max_size=40),
)
def test_never_more_than_limit_in_any_window_and_never_a_wait_too_many(limit, window, gaps):
    rate, clock = limiter(limit, window)
    span = window + WINDOW_MARGIN
    granted = []
    for gap in gaps:
        clock.now += gap
        arrival = clock.now
        waited = rate.acquire()
        granted.append(clock.now)
        assert clock.now == pytest.approx(arrival + waited)
        # the earliest moment allowed: now, or when the request `limit` places back leaves the window
        earliest = arrival if len(granted) <= limit else max(arrival, granted[-1 - limit] + span)
        assert clock.now == pytest.approx(earliest, abs=1e-9)
    for first, later in zip(granted, granted[limit:]):
        assert later - first >= span - 1e-9


def test_hold_delays_the_next_acquisition():
    rate, clock = limiter(100, 5.0)
    rate.hold(2.5)
    assert rate.acquire() == pytest.approx(2.5)
    assert clock.now == pytest.approx(2.5)
    assert rate.acquire() == 0.0  # the hold is over


def test_a_shorter_hold_never_shortens_a_longer_one_and_a_negative_one_holds_nothing():
    rate, _clock = limiter(100, 5.0)
    rate.hold(3.0)
    rate.hold(1.0)
    rate.hold(-5.0)
    assert rate.acquire() == pytest.approx(3.0)
    rate.hold(-1.0)
    assert rate.acquire() == 0.0


def test_hold_delays_every_acquirer_on_every_thread():
    rate, clock = limiter(100, 5.0, start=1000.0)
    rate.hold(4.0)
    seen = grants_on_threads(rate, clock, threads=5, each=1)
    assert len(seen) == 5
    assert min(seen) >= 1004.0


def test_limit_zero_disables_the_limit_but_not_a_hold():
    rate, clock = limiter(0, 5.0)
    assert all(rate.acquire() == 0.0 for _attempt in range(10000))
    assert clock.sleeps == []
    rate.hold(1.5)
    assert rate.acquire() == pytest.approx(1.5)


def test_threads_share_one_limit():
    rate, clock = limiter(4, 1.0)
    granted = grants_on_threads(rate, clock, threads=4, each=5)
    assert len(granted) == 20
    for first, later in zip(granted, granted[4:]):
        assert later - first >= 1.0 + WINDOW_MARGIN - 1e-9
