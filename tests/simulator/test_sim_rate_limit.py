"""The sliding-window rate limit (default: the documented 300 requests per 5 seconds)."""

from __future__ import annotations

import time


def statuses(simulator, count):
    return [simulator.api("GET", "Powerpack/").status for dummy in range(count)]


def test_default_limit_is_the_documented_one(sim):
    config = sim.config()
    assert (config["rate_limit"], config["rate_window"], config["retry_after"]) == (300, 5.0, "none")


def test_sixth_request_within_the_default_window_is_429(launch):
    simulator = launch(rate_limit=5)
    assert statuses(simulator, 6) == [200] * 5 + [429]
    result = simulator.api("POST", "Powerpack/", {"name": "throttled"})
    assert result.status == 429
    assert set(result.json()) == {"api_id", "error"}
    assert "retry-after" not in result.headers
    # Not applied, control plane not limited, 429s are logged.
    assert [item["name"] for item in simulator.state()["powerpacks"]] == ["existing"]
    assert [entry["status"] for entry in simulator.requests()] == [200] * 5 + [429, 429]


def test_requests_succeed_again_after_the_window(launch):
    simulator = launch(rate_limit=5, rate_window=1)
    assert statuses(simulator, 5) == [200] * 5
    accepted_by = time.monotonic()
    # Refused requests do not count, so they do not extend the wait.
    assert statuses(simulator, 3) == [429] * 3
    time.sleep(max(0.0, accepted_by + 1.02 - time.monotonic()))
    assert statuses(simulator, 5) == [200] * 5
    assert statuses(simulator, 1) == [429]


def test_unauthenticated_requests_are_not_counted(launch):
    simulator = launch(rate_limit=3, rate_window=5)
    assert [simulator.api("GET", "Powerpack/", auth=None).status for dummy in range(5)] == [401] * 5
    assert statuses(simulator, 4) == [200] * 3 + [429]


def test_retry_after_auto(launch):
    simulator = launch(rate_limit=2, rate_window=3, retry_after="auto")
    statuses(simulator, 2)
    result = simulator.api("GET", "Powerpack/")
    assert result.status == 429
    assert 1 <= int(result.headers["retry-after"]) <= 3


def test_retry_after_fixed(launch):
    simulator = launch(rate_limit=1, retry_after="7")
    statuses(simulator, 1)
    assert simulator.api("GET", "Powerpack/").headers["retry-after"] == "7"


def test_rate_limit_zero_disables_limiting(launch):
    simulator = launch(rate_limit=0)
    assert statuses(simulator, 30) == [200] * 30


def test_reset_clears_the_window(launch):
    simulator = launch(rate_limit=2, rate_window=30)
    assert statuses(simulator, 3) == [200, 200, 429]
    simulator.reset()
    assert statuses(simulator, 2) == [200, 200]
