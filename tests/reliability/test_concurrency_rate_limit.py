# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrent runs of the role, and the role under the API's rate limit."""

from __future__ import annotations

import tempfile

import pytest
import relhelpers as rh

ROLE_INPUT = [
    {"name": rh.EXISTING, "local_connect": True, "numbers": [rh.US_1, rh.US_2], "purge": True},
    {"name": "reli-conc-a", "sticky_sender": False, "numbers": [rh.US_3]},
    {"name": "reli-conc-b", "preset": {"name": "local_first", "countries": ["US"]}, "numbers": [rh.CA_2], "tollfree": [rh.TOLLFREE_2]},
]


def pools_by_name(state):
    return {item["name"]: (sorted(m["number"] for m in item["numbers"]), sorted(m["number"] for m in item["tollfree"])) for item in state["powerpacks"]}


@pytest.mark.parametrize(
    "duplicate_name, rounds",
    [
        pytest.param("error", 1, id="duplicate-name-error"),
        pytest.param("conflict", 2, marks=pytest.mark.full, id="duplicate-name-conflict-x2"),
        pytest.param("error", 3, marks=pytest.mark.full, id="duplicate-name-error-x3"),
    ],
)
def test_four_concurrent_role_runs(launch, duplicate_name, rounds):
    """Every run succeeds: a Powerpack or a member another run created since the listing is adopted, not refused."""
    sim = launch(duplicate_name=duplicate_name)
    for dummy in range(rounds):
        sim.reset()
        started = [rh.start_playbook(sim, [rh.role_step("run", ROLE_INPUT)]) for dummy in range(4)]
        runs = [finish() for dummy, finish in started]
        for run in runs:
            assert run.rc == 0 and "run" in run.steps, run.describe()
            assert not run["run"]["failed"], rh.messages(run["run"]["result"])
        state = sim.state()
        per_name = {name: rh.powerpack_names(state).count(name) for name in set(rh.powerpack_names(state))}
        assert per_name == {rh.EXISTING: 1, "reli-conc-a": 1, "reli-conc-b": 1}
        pools = pools_by_name(state)
        assert pools[rh.EXISTING] == ([rh.US_1, rh.US_2], [rh.TOLLFREE_1])
        assert pools["reli-conc-a"] == ([rh.US_3], [])
        assert pools["reli-conc-b"] == ([rh.CA_2], [rh.TOLLFREE_2])
        assert sorted(entry["number"] for entry in state["numbers"]) == sorted(rh.SEED["numbers"])
        final = rh.run_playbook(sim, [rh.role_step("again", ROLE_INPUT)])
        assert final.rc == 0 and not final["again"]["failed"], final.describe()
        assert not final["again"]["result"]["changed"]
        rh.record(
            "concurrency",
            variant=f"duplicate-name {duplicate_name}",
            runs=len(runs),
            succeeded=len(runs),
            conflicts=0,
            per_name=per_name,
            rerun_changed=False,
            throttled=sum(1 for entry in sim.requests() if entry["status"] == 429),
        )


def many_powerpacks(count, numbers_each=0, every=6):
    """count Powerpacks; every ``every``-th gets ``numbers_each`` (at least 1) long codes of its own, rented in no pool."""
    per_item = max(1, numbers_each)
    numbers = [f"1415666{index:04d}" for index in range(count * per_item)]
    items = []
    for index in range(count):
        item = {"name": f"reli-rate-{index:03d}", "sticky_sender": index % 2 == 0}
        if index % every == 0:
            item["numbers"] = numbers[index * per_item : (index + 1) * per_item]
        items.append(item)
    seed = dict(rh.SEED, numbers=rh.SEED["numbers"] + numbers)
    return items, seed


def own_retry_settings(sim):
    """The connection with the modules' own retry settings (max_retries 5, max_retry_delay 30): no tuning for the limit."""
    return dict(api_url=sim.api_url, auth_id=sim.auth_id, auth_token=sim.auth_token)


def converge_with_the_role(sim, items):
    """One run of the role on items, which must succeed and leave the account as they say; its run and the request log."""
    run = rh.run_playbook(sim, [rh.role_step("run", items)], connection=own_retry_settings(sim), directory=tempfile.mkdtemp(prefix="reli-rate-"))
    assert run.rc == 0 and "run" in run.steps, run.describe()
    assert not run["run"]["failed"], rh.messages(run["run"]["result"])
    state = sim.state()
    names = rh.powerpack_names(state)
    assert sorted(name for name in names if name.startswith("reli-rate-")) == sorted(item["name"] for item in items)
    pools = pools_by_name(state)
    for item in items:
        assert pools[item["name"]][0] == sorted(item.get("numbers", []))
    return run, sim.requests()


def retry_gaps(logged):
    """For each 429, how many requests the simulator logged between it and the retry of the same request.

    A 429 holds every worker of the run until its Retry-After (or a backoff) has passed: only the requests already
    in flight may arrive after it, then the workers start again together; a worker that kept sending would put many
    more there.
    """
    keys = [(entry["method"], entry["path"], repr(entry.get("query")), repr(entry.get("body"))) for entry in logged]
    gaps = []
    for index, entry in enumerate(logged):
        if entry["status"] != 429:
            continue
        later = [position for position in range(index + 1, len(logged)) if keys[position] == keys[index]]
        gaps.append(later[0] - index - 1 if later else None)
    return gaps


@pytest.mark.parametrize(
    "count, numbers_each",
    [
        # 1 listing + 16 creates + 160 reads (is it rented?) + 160 additions = 337 requests, over the 300 of one window.
        pytest.param(16, 10, id="16x10-337-requests"),
        pytest.param(40, 10, marks=pytest.mark.full, id="40x10-841-requests"),
    ],
)
def test_engine_at_the_default_limit_meets_no_429(launch, count, numbers_each):
    """The module's own limiter (300 per 5 s, the default) keeps a run under the simulator's 300 per 5 s."""
    items, seed = many_powerpacks(count, numbers_each, every=1)
    sim = launch(seed=seed)
    run, logged = converge_with_the_role(sim, items)
    assert len(logged) > 300, "fewer requests than one window holds: the test proves nothing"
    throttled = sum(1 for entry in logged if entry["status"] == 429)
    assert throttled == 0, f"{throttled} of {len(logged)} requests answered 429 at the default rate_limit"
    rh.record(
        "rate_limit",
        variant=f"engine {count}x{numbers_each} at the default limit",
        powerpacks=count,
        limit=300,
        window=5,
        requests=len(logged),
        throttled=throttled,
        seconds=round(run.seconds, 1),
        failed_tasks=0,
    )


@pytest.mark.parametrize(
    "count, limit, window, retry_after",
    [
        # A run sends its first requests within milliseconds, so 3 per 2 s throttles even on a slow machine.
        pytest.param(6, 3, 2, "none", id="6-powerpacks-3-per-2s-no-retry-after"),
        pytest.param(30, 20, 5, "auto", id="30-powerpacks-20-per-5s-retry-after"),
        pytest.param(60, 20, 5, "auto", marks=pytest.mark.full, id="60-powerpacks-20-per-5s-retry-after"),
        pytest.param(60, 20, 5, "none", marks=pytest.mark.full, id="60-powerpacks-20-per-5s-no-retry-after"),
    ],
)
def test_role_under_rate_limit(launch, count, limit, window, retry_after):
    """The simulator's limit far below the module's rate_limit (left at its default, 300 per 5 s): the 429s are
    absorbed, every worker waits out each one, no task fails."""
    items, seed = many_powerpacks(count)
    sim = launch(seed=seed, rate_limit=limit, rate_window=window, retry_after=retry_after)
    run, logged = converge_with_the_role(sim, items)
    throttled = sum(1 for entry in logged if entry["status"] == 429)
    assert throttled > 0, "the limit was never reached: the test proves nothing"
    gaps = retry_gaps(logged)
    assert all(gap is not None for gap in gaps), "a request answered 429 was never sent again"
    rh.record(
        "rate_limit",
        variant=f"{count} Powerpacks, Retry-After {retry_after}",
        powerpacks=count,
        limit=limit,
        window=window,
        requests=len(logged),
        throttled=throttled,
        seconds=round(run.seconds, 1),
        failed_tasks=0,
        largest_retry_gap=max(gaps),
    )


def test_a_429_holds_every_worker(launch):
    """One read among 120 side by side is answered 429 with Retry-After: 2 while every other request would succeed:
    the other workers send nothing new until it has passed. At 50 ms per request the 8 workers move in step, so
    between the 429 and its retry the log may hold the 7 others of its round, the 7 of the next round (sent before
    the answer was read) and the 7 sent with the retry: 3 x 7. Workers that did not wait would read the other 99
    numbers in those 2 s."""
    numbers = [f"1415666{index:04d}" for index in range(120)]
    sim = launch(seed=dict(rh.SEED, numbers=rh.SEED["numbers"] + numbers), latency_ms=50)
    sim.add_fault(method="GET", path=rf"/Account/[^/]+/Number/{numbers[20]}/$", status=429, retry_after="2")
    step = rh.module_step("run", "powerpacks", {"max_workers": 8, "powerpacks": [{"name": "reli-hold", "numbers": numbers}]})
    run = rh.run_playbook(sim, [step], connection=own_retry_settings(sim))
    assert run.rc == 0 and not run["run"]["failed"], run.describe()
    assert sim.faults() == []
    logged = sim.requests()
    gaps = retry_gaps(logged)
    workers = 8
    assert len(gaps) == 1 and gaps[0] is not None and gaps[0] <= 3 * (workers - 1), gaps
    rh.record("retry_after", requests=len(logged), gap=gaps[0], seconds=round(run.seconds, 1))
