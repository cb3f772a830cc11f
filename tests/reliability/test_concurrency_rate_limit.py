# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrent runs of the role, and the role under the API's rate limit."""

from __future__ import annotations

import re
import tempfile

import pytest
import relhelpers as rh

ROLE_INPUT = [
    {"name": rh.EXISTING, "local_connect": True, "numbers": [rh.US_1, rh.US_2], "purge": True},
    {"name": "reli-conc-a", "sticky_sender": False, "numbers": [rh.US_3]},
    {"name": "reli-conc-b", "preset": {"name": "local_first", "countries": ["US"]}, "numbers": [rh.CA_2], "tollfree": [rh.TOLLFREE_2]},
]

# What a run that lost a race may say: the API refused a duplicate name or a member already added.
CONFLICT_RE = re.compile(r"already exists|already in this number pool|already in|409|not unique")


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
    sim = launch(duplicate_name=duplicate_name)
    for dummy in range(rounds):
        sim.reset()
        started = [rh.start_playbook(sim, [rh.role_step("run", ROLE_INPUT)]) for dummy in range(4)]
        runs = [finish() for dummy, finish in started]
        succeeded = conflicts = 0
        for run in runs:
            assert run.rc == 0 and "run" in run.steps, run.describe()
            if not run["run"]["failed"]:
                succeeded += 1
                continue
            found = rh.messages(run["run"]["result"])
            assert any(CONFLICT_RE.search(msg) and rh.OPERATION_RE.search(msg) for msg in found), found
            conflicts += 1
        state = sim.state()
        per_name = {name: rh.powerpack_names(state).count(name) for name in set(rh.powerpack_names(state))}
        assert per_name == {rh.EXISTING: 1, "reli-conc-a": 1, "reli-conc-b": 1}
        pools = pools_by_name(state)
        assert pools[rh.EXISTING] == ([rh.US_1, rh.US_2], [rh.TOLLFREE_1])
        assert pools["reli-conc-a"] == ([rh.US_3], [])
        assert pools["reli-conc-b"] == ([rh.CA_2], [rh.TOLLFREE_2])
        assert sorted(entry["number"] for entry in state["numbers"]) == sorted([rh.US_1, rh.US_2, rh.US_3, rh.CA_1, rh.CA_2])
        final = rh.run_playbook(sim, [rh.role_step("again", ROLE_INPUT)])
        assert final.rc == 0 and not final["again"]["failed"], final.describe()
        assert not final["again"]["result"]["changed"]
        rh.record(
            "concurrency",
            variant=f"duplicate-name {duplicate_name}",
            runs=len(runs),
            succeeded=succeeded,
            conflicts=conflicts,
            per_name=per_name,
            rerun_changed=False,
        )


def many_powerpacks(count):
    # Every sixth Powerpack gets a long code of its own, so number_pool runs too.
    numbers = [f"1415666{index:04d}" for index in range(count)]
    items = []
    for index in range(count):
        item = {"name": f"reli-rate-{index:03d}", "sticky_sender": index % 2 == 0}
        if index % 6 == 0:
            item["numbers"] = [numbers[index]]
        items.append(item)
    seed = dict(rh.SEED, numbers=rh.SEED["numbers"] + numbers)
    return items, seed


@pytest.mark.parametrize(
    "count, limit, window",
    [
        # A module run sends its few requests within milliseconds, so 3 per 2 s throttles even on a slow machine.
        pytest.param(6, 3, 2, id="6-powerpacks-3-per-2s"),
        pytest.param(60, 20, 5, marks=pytest.mark.full, id="60-powerpacks-20-per-5s"),
    ],
)
def test_role_under_rate_limit(launch, count, limit, window):
    items, seed = many_powerpacks(count)
    sim = launch(seed=seed, rate_limit=limit, rate_window=window)
    # The modules' own retry settings (max_retries 5, max_retry_delay 30): no tuning for the limit.
    connection = dict(api_url=sim.api_url, auth_id=sim.auth_id, auth_token=sim.auth_token)
    run = rh.run_playbook(sim, [rh.role_step("run", items)], connection=connection, directory=tempfile.mkdtemp(prefix="reli-rate-"))
    assert run.rc == 0 and "run" in run.steps, run.describe()
    assert not run["run"]["failed"], rh.messages(run["run"]["result"])
    state = sim.state()
    names = rh.powerpack_names(state)
    assert sorted(name for name in names if name.startswith("reli-rate-")) == sorted(item["name"] for item in items)
    pools = pools_by_name(state)
    for item in items:
        assert pools[item["name"]][0] == sorted(item.get("numbers", []))
    logged = sim.requests()
    throttled = sum(1 for entry in logged if entry["status"] == 429)
    assert throttled > 0, "the limit was never reached: the test proves nothing"
    rh.record(
        "rate_limit",
        variant=f"{count:d} Powerpacks",
        powerpacks=count,
        limit=limit,
        window=window,
        requests=len(logged),
        throttled=throttled,
        seconds=round(run.seconds, 1),
        failed_tasks=0,
    )
