# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection converges whichever way the real API behaves where the reference says "unknown".

Every switch of the simulator (tests/simulator/README.md, "Assumptions" and "Recorded answer shapes") stands for a
behaviour of the real API that is undocumented or recorded differently; each alternative value is one way the real
API may behave. For each alternative, the powerpacks engine walks the same ladder in-process: converge an account,
re-run (no change, no write), preview a change in check mode, make it (the same result), re-run, delete, re-run.
"""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules import powerpacks
from ansible_collections.plivo.messaging.tests.simulator.plivosim.settings import ASSUMPTIONS
from ansible_collections.plivo.messaging.tests.simulator.plivosim.settings import PROFILES
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import SC
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF2
from ansible_collections.plivo.messaging.tests.unit.sample_account import XML_APP
from ansible_collections.plivo.messaging.tests.unit.sample_account import A
from ansible_collections.plivo.messaging.tests.unit.sample_account import B
from ansible_collections.plivo.messaging.tests.unit.sample_account import C
from ansible_collections.plivo.messaging.tests.unit.sample_account import D
from ansible_collections.plivo.messaging.tests.unit.sample_account import without

ALTERNATIVES = sorted((name, value) for name, (values, default) in ASSUMPTIONS.items() for value in values if value != default)
RECORDED = sorted(PROFILES["recorded"].items())


def seed():
    return {
        "applications": [{"app_id": XML_APP, "type": "xml"}],
        "numbers": [A, B, C, D],
        "tollfree": [TF, TF2],
        "shortcodes": [SC],
        "powerpacks": [{"name": "existing", "numbers": [{"number": A, "service": "sms"}], "tollfree": [TF], "shortcodes": [SC]}],
    }


def wanted(existing_numbers, new_numbers):
    return [
        {
            "name": "existing",
            "sticky_sender": False,
            "application_type": "xml",
            "application_id": XML_APP,
            "preset": {"name": "local_first", "countries": ["US"], "services": ["sms"]},
            "numbers": existing_numbers,
            "tollfree": [TF],
            "shortcodes": [SC],
            "purge": True,
        },
        {"name": "new", "local_connect": False, "numbers": new_numbers, "tollfree": [TF2], "purge": True},
    ]


def run(items, check_mode=False):
    return run_module(powerpacks.main, dict(powerpacks=items, max_workers=4), check_mode=check_mode)


def pools(api):
    """Each Powerpack's members as the simulator holds them: {name: (long codes with services, toll-free, short codes)}."""
    held = {}
    for powerpack in api.state()["powerpacks"]:
        numbers = sorted((member["number"], member["service"]) for member in powerpack["numbers"])
        tollfree = sorted(member["number"] for member in powerpack["tollfree"])
        shortcodes = sorted(member["shortcode"] for member in powerpack["shortcodes"])
        held[powerpack["name"]] = (numbers, tollfree, shortcodes)
    return held


def assert_converged(items, api):
    """A re-run changes nothing and sends no write."""
    writes = len(api.write_requests())
    again = run(items)
    assert not again.get("failed"), again["msg"]
    assert again["changed"] is False
    assert api.write_requests()[writes:] == []


def walk_the_ladder(api):
    first = wanted([A, {"number": B, "service": "mms"}], [C])
    created = run(first)
    assert not created.get("failed"), created["msg"]
    assert [(entry["name"], entry["action"]) for entry in created["powerpacks"]] == [("existing", "update"), ("new", "create")]
    assert pools(api) == {"existing": ([(A, "sms"), (B, "mms")], [TF], [SC]), "new": ([(C, "sms")], [TF2], [])}
    assert_converged(first, api)

    # B moves from existing (which purges it) to new, with another service; D is rented and added.
    second = wanted([A], [C, {"number": B, "service": "sms"}, D])
    writes = len(api.write_requests())
    preview = run(second, check_mode=True)
    assert len(api.write_requests()) == writes, "check mode sent a write"
    made = run(second)
    assert not made.get("failed"), made["msg"]
    assert without(preview) == without(made)
    assert pools(api) == {"existing": ([(A, "sms")], [TF], [SC]), "new": (sorted([(B, "sms"), (C, "sms"), (D, "sms")]), [TF2], [])}
    assert {A, B, C, D} <= api.rented(), "a number was released"
    assert_converged(second, api)

    gone = [{"name": "existing", "state": "absent"}, {"name": "new", "state": "absent"}]
    deleted = run(gone)
    assert not deleted.get("failed"), deleted["msg"]
    assert deleted["totals"]["deleted"] == 2 and api.state()["powerpacks"] == []
    assert_converged(gone, api)


@pytest.mark.parametrize(("switch", "value"), ALTERNATIVES, ids=[f"{name}={value}" for name, value in ALTERNATIVES])
def test_the_engine_converges_whichever_way_the_api_behaves_where_it_is_undocumented(simulated_api, switch, value):
    api = simulated_api(seed=seed(), **{switch: value})
    walk_the_ladder(api)


@pytest.mark.parametrize(("switch", "value"), RECORDED, ids=[f"{name}={value}" for name, value in RECORDED])
def test_the_engine_converges_on_each_answer_shape_recorded_from_the_real_api(simulated_api, switch, value):
    api = simulated_api(seed=seed(), **{switch: value})
    walk_the_ladder(api)


def test_the_engine_converges_on_all_recorded_answer_shapes_at_once(simulated_api):
    walk_the_ladder(simulated_api(seed=seed(), profile="recorded"))
