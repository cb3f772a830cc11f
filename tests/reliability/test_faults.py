# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults injected through the simulator's control plane, for every module and the role.

Each case is one ansible-playbook run of steps with the same input: the faulted run, then a re-run. The
faulted run must succeed (the API recovered within the retry budget) and the re-run change nothing; or the
faulted run must fail with a message naming the operation, the re-run succeed and a third run change nothing. Afterwards every fault rule
must have been used up, and the account must hold exactly what one clean run gives (no duplicate Powerpack,
no number lost from a pool or released from the account).
"""

from __future__ import annotations

import time

import pytest
import relhelpers as rh

# The input of each target: it reads, and (except powerpack_info) writes, on the seeded account.
SCENARIOS = {
    "powerpack_create": (
        "module",
        "powerpack",
        {
            "name": "reli-new",
            "sticky_sender": False,
            "application_type": "xml",
            "application_id": rh.XML_APP,
            "number_priority": [{"country_iso": "US", "service_type": "sms", "priority": ["tollfree", "longcode", "shortcode"]}],
        },
    ),
    "powerpack_update": (
        "module",
        "powerpack",
        {
            "name": rh.EXISTING,
            "local_connect": True,
            "number_priority": [{"country_iso": "CA", "service_type": "sms", "priority": ["tollfree", "longcode", "shortcode"]}],
        },
    ),
    "powerpack_info": ("module", "powerpack_info", {"name": rh.EXISTING, "include_numbers": True}),
    "number_pool": (
        "module",
        "number_pool",
        {"powerpack": rh.EXISTING, "numbers": [rh.US_1, "+1 415 555 0102", {"number": rh.CA_2, "service": "mms"}], "purge": True},
    ),
    "role": (
        "role",
        None,
        [
            {"name": rh.EXISTING, "local_connect": True, "numbers": [rh.US_1, rh.US_2], "purge": True},
            {
                "name": "reli-role-new",
                "sticky_sender": False,
                "preset": {"name": "local_first", "countries": ["US"]},
                "numbers": [rh.US_3],
                "tollfree": [rh.TOLLFREE_2],
            },
        ],
    ),
    # The engine module with 8 workers: 1 update, 3 creates, 1 removal and 13 additions, each phase side by side.
    "powerpacks": (
        "module",
        "powerpacks",
        {
            "max_workers": 8,
            "powerpacks": [
                {"name": rh.EXISTING, "local_connect": True, "numbers": [rh.US_1, rh.US_2], "purge": True},
                {"name": "reli-eng-a", "preset": {"name": "local_first", "countries": ["US", "CA"]}, "numbers": [rh.US_3, rh.CA_2, *rh.SPARE[:3]]},
                {"name": "reli-eng-b", "sticky_sender": False, "numbers": rh.SPARE[3:8], "tollfree": [rh.TOLLFREE_2]},
                {"name": "reli-eng-c", "application_type": "xml", "application_id": rh.XML_APP, "numbers": rh.SPARE[8:10]},
            ],
        },
    ),
}

ALL = tuple(SCENARIOS)
WRITERS = ("powerpack_create", "powerpack_update", "number_pool", "role", "powerpacks")
ENGINES = ("role", "powerpacks")

HTML = "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1>upstream down</body></html>"
POOL_NUMBER = r"/NumberPool/[^/]+/Number/\d+/$"
POWERPACK_ONE = r"/Powerpack/[0-9a-f-]{36}/$"
ACCOUNT_NUMBER = r"/Account/[^/]+/Number/\d+/$"

# name: (rule, expected outcome of the faulted run, targets, text the failure message must hold)
FAULTS = {
    "429_retry_after": (dict(status=429, retry_after="1", times=3), "ok", ALL, None),
    "429_no_retry_after": (dict(status=429, times=3), "ok", ALL, None),
    "get_500": (dict(method="GET", status=500, times=2), "ok", ALL, None),
    "get_502": (dict(method="GET", status=502, times=2), "ok", ALL, None),
    "get_503": (dict(method="GET", status=503, times=2), "ok", ALL, None),
    "get_504": (dict(method="GET", status=504, times=2), "ok", ALL, None),
    "get_drop": (dict(method="GET", drop=True, times=1), "ok", ALL, None),
    "get_slower_than_timeout": (dict(method="GET", delay_ms=3000, times=1), "ok", ALL, None),
    "html_page_once": (dict(method="GET", status=503, body=HTML, content_type="text/html", times=1), "ok", ALL, None),
    # 1 + max_retries attempts, all answered by the proxy page: the task fails and says what it got.
    "html_page_persistent": (dict(method="GET", status=503, body=HTML, content_type="text/html", times=5), "fail", ALL, "Service Unavailable"),
    "401": (dict(status=401, times=1), "fail", ALL, "401"),
    "create_lost_502": (dict(method="POST", path=r"/Powerpack/$", status=502, after_apply=True), "ok", ("powerpack_create", "role", "powerpacks"), None),
    "create_lost_drop": (dict(method="POST", path=r"/Powerpack/$", drop=True, after_apply=True), "ok", ("powerpack_create", "role", "powerpacks"), None),
    "create_slower_than_timeout": (dict(method="POST", path=r"/Powerpack/$", delay_ms=3000), "ok", ("powerpack_create", "role", "powerpacks"), None),
    "create_503_not_applied": (dict(method="POST", path=r"/Powerpack/$", status=503), "ok", ("powerpack_create", "role", "powerpacks"), None),
    "update_lost_503": (dict(method="POST", path=POWERPACK_ONE, status=503, after_apply=True), "ok", ("powerpack_update", "role", "powerpacks"), None),
    "update_lost_drop": (dict(method="POST", path=POWERPACK_ONE, drop=True, after_apply=True), "ok", ("powerpack_update", "role", "powerpacks"), None),
    "add_lost_503": (dict(method="POST", path=POOL_NUMBER, status=503, after_apply=True), "ok", ("number_pool", "role", "powerpacks"), None),
    "add_lost_drop": (dict(method="POST", path=POOL_NUMBER, drop=True, after_apply=True), "ok", ("number_pool", "role", "powerpacks"), None),
    "add_429": (dict(method="POST", path=POOL_NUMBER, status=429, times=2), "ok", ("number_pool", "role", "powerpacks"), None),
    "remove_lost_503": (dict(method="DELETE", path=POOL_NUMBER, status=503, after_apply=True), "ok", ("number_pool", "role", "powerpacks"), None),
    "remove_lost_drop": (dict(method="DELETE", path=POOL_NUMBER, drop=True, after_apply=True), "ok", ("number_pool", "role", "powerpacks"), None),
    # Faults in the middle of the engine's concurrent writes: the task either recovers, or fails part-way with
    # every Powerpack's pending work reported, and the re-run completes it.
    "update_500_not_applied": (dict(method="POST", path=POWERPACK_ONE, status=500), "ok", ENGINES, None),
    "create_refused_400": (dict(method="POST", path=r"/Powerpack/$", status=400, body={"error": "refused by the fault"}), "fail", ENGINES, "refused"),
    "add_refused_400": (dict(method="POST", path=POOL_NUMBER, status=400, body={"error": "refused by the fault"}), "fail", ENGINES, "refused"),
    "add_lost_drop_x3": (dict(method="POST", path=POOL_NUMBER, drop=True, after_apply=True, times=3), "ok", ("powerpacks",), None),
    "add_slower_than_timeout_x2": (dict(method="POST", path=POOL_NUMBER, delay_ms=3000, times=2), "ok", ("powerpacks",), None),
    "remove_503_persistent": (dict(method="DELETE", path=POOL_NUMBER, status=503, times=5), "fail", ENGINES, "503"),
    # 12 x 429 on the side-by-side reads of the account's numbers (13 of them): every worker waits out the hold.
    "429_burst_concurrent": (dict(method="GET", path=ACCOUNT_NUMBER, status=429, retry_after="1", times=12), "ok", ("powerpacks",), None),
}

# make test: every fault kind once and every target several times; make test-reliability: every combination.
# (A role run costs about four module runs, so the role takes the cases that hit several of its modules.)
REPRESENTATIVE = {
    ("429_no_retry_after", "powerpack_info"),
    ("get_503", "number_pool"),
    ("401", "powerpack_create"),
    ("create_lost_drop", "powerpack_create"),
    ("update_lost_503", "powerpack_update"),
    ("remove_lost_drop", "role"),
    ("create_lost_drop", "powerpacks"),
    ("add_refused_400", "powerpacks"),
    ("add_lost_drop_x3", "powerpacks"),
}

# Known bugs: (fault, target) -> reason; the test is xfail(strict=True) until the lead fixes them.
KNOWN_BUGS: dict = {}


def cases():
    for fault, (_dummy_rule, _dummy_expected, targets, _dummy_text) in FAULTS.items():
        for target in targets:
            marks = [] if (fault, target) in REPRESENTATIVE else [pytest.mark.full]
            if (fault, target) in KNOWN_BUGS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[(fault, target)]))
            yield pytest.param(fault, target, marks=marks, id=f"{fault}-{target}")


def step(target, step_id):
    kind, module, args = SCENARIOS[target]
    if kind == "role":
        return rh.role_step(step_id, args)
    return rh.module_step(step_id, module, args)


_REFERENCE: dict = {}


def faulted_requests_logged(sim, rule):
    """The request log once every faulted request is in it. A request the simulator holds back (delay_ms) is logged
    when its handler has slept and answered, which can be after the playbook ended: the client gave up on it at its
    timeout and went on. Its late effect (applied, or refused because the retry already did it) is then in the state."""
    deadline = time.monotonic() + rule.get("delay_ms", 0) / 1000.0 + 5
    while True:
        logged = sim.requests()
        faulted = sum(1 for entry in logged if entry["fault"])
        if faulted >= rule.get("times", 1) or time.monotonic() > deadline:
            return logged
        time.sleep(0.2)


def pending_work(pending):
    return bool(pending["powerpack"]) or any(pending["add"].values()) or any(pending["remove"].values())


def reference_state(sim, target):
    """What one clean run of the target's input leaves in the account (computed once per target and worker)."""
    if target not in _REFERENCE:
        sim.reset()
        run = rh.run_playbook(sim, [step(target, "clean")])
        assert run.rc == 0 and not run["clean"]["failed"], run.describe()
        _REFERENCE[target] = rh.comparable_state(sim.state())
        sim.reset()
    return _REFERENCE[target]


@pytest.mark.parametrize("fault, target", list(cases()))
def test_fault(sim, fault, target):
    rule, expected, _dummy_targets, text = FAULTS[fault]
    want = reference_state(sim, target)
    sim.add_fault(**rule)
    steps = [step(target, "faulted"), step(target, "rerun")]
    if expected == "fail":
        steps.append(step(target, "converged"))
    run = rh.run_playbook(sim, steps)
    assert run.rc == 0 and len(run.steps) == len(steps), run.describe()

    faulted = run["faulted"]
    if expected == "ok":
        assert not faulted["failed"], "the API recovered within the retry budget, yet: {}".format(rh.messages(faulted["result"]))
    else:
        assert faulted["failed"], "expected a failure, got {}".format(faulted["result"])
        found = rh.messages(faulted["result"])
        assert any(rh.OPERATION_RE.search(msg) and text in msg for msg in found), found
        if target in ENGINES and faulted["result"].get("totals") is not None:
            # Failed part-way: every Powerpack's entry tells what is pending, and the failed write at least is.
            entries = faulted["result"]["powerpacks"]
            assert all("pending" in entry for entry in entries), entries
            assert any(pending_work(entry["pending"]) for entry in entries), entries
    last = steps[-1][0]
    assert not run["rerun"]["failed"], rh.messages(run["rerun"]["result"])
    assert not run[last]["failed"], rh.messages(run[last]["result"])
    assert not run[last]["result"]["changed"], run[last]["result"]

    assert sim.faults() == [], "the fault was never triggered: the case tests nothing"
    logged = faulted_requests_logged(sim, rule)
    assert any(entry["fault"] for entry in logged)
    assert rh.comparable_state(sim.state()) == want
    rh.record(
        "fault",
        fault=fault,
        target=target,
        expected=expected,
        outcome="converged",
        runs=len(steps),
        faulted_requests=sum(1 for entry in logged if entry["fault"]),
        seconds=round(run.seconds, 1),
    )
