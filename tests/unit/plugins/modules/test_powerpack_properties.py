# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests (hypothesis) of the Powerpack side, against the simulator's core.

For any stored Powerpack and any valid powerpack task: check mode announces what the real run then does, the real run
leaves the Powerpack as the task asks (one run is enough: a second run changes nothing and writes nothing), whether the
API replaces or merges number_priority on update, and what the task does not set is not touched. And number_priority
merge/normalise keep their algebraic properties.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import read_spec
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import SERVER_GIVEN
from ansible_collections.plivo.messaging.tests.unit.sample_account import without
from ansible_collections.plivo.messaging.tests.unit.simulated_api import SimulatedApi

# Each example starts its own simulator (the function-scoped fixture only clears PLIVO_* variables, once).
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

COUNTRIES = ["US", "CA", "GB", "us", "Ca", "de"]
APPS = {"33660394121755210": "xml", "52049172843311907": "phlo"}
UUID = "86bbb125-97bb-4d72-89fd-81d5c515b015"
orders = st.permutations(list(number_priority.PRIORITY_VALUES))


@st.composite
def entries(draw, upper_service=False, max_size=4):
    """Distinct (country, service) entries, countries in any case."""
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(number_priority.SERVICE_TYPES)),
            max_size=max_size,
            unique_by=lambda key: (key[0].upper(), key[1]),
        )
    )
    return [
        {"country_iso": country, "service_type": service.upper() if upper_service else service, "priority": list(draw(orders))} for country, service in keys
    ]


@st.composite
def stored_powerpacks(draw):
    """A Powerpack in the seed's shape (number_priority in the API's shape)."""
    stored = {
        "uuid": UUID,
        "name": draw(st.sampled_from(["alpha", "beta", "Alpha"])),
        "sticky_sender": draw(st.booleans()),
        "local_connect": draw(st.booleans()),
        "number_priority": number_priority.to_api(draw(entries())),
    }
    if draw(st.booleans()):
        app_id = draw(st.sampled_from(sorted(APPS)))
        stored.update(application_id=app_id, application_type=APPS[app_id])
    return stored


@st.composite
def task_params(draw):
    params = {
        "name": draw(st.sampled_from([None, "alpha", "beta", "Alpha"])),
        "sticky_sender": draw(st.sampled_from([None, True, False])),
        "local_connect": draw(st.sampled_from([None, True, False])),
        "number_priority": draw(st.one_of(st.none(), entries())),
    }
    application = draw(st.sampled_from(["unset", "detach", "attach"]))
    if application == "detach":
        params["application_id"] = draw(st.sampled_from(["none", "None", "", " none "]))
    elif application == "attach":
        params["application_id"] = draw(st.sampled_from(sorted(APPS)))
        params["application_type"] = APPS[params["application_id"]]
    if params["name"] is None or draw(st.booleans()):
        params["uuid"] = UUID
    spec_problems = read_spec(params)[1]
    assert spec_problems == []  # every generated task is one the module accepts
    return {key: value for key, value in params.items() if value is not None}


def start(monkeypatch, stored, **settings_):
    apps = [{"app_id": app_id, "type": app_type} for app_id, app_type in APPS.items()]
    return SimulatedApi({"applications": apps, "powerpacks": [stored]}, **settings_).install(monkeypatch)


@pytest.mark.usefixtures("clean_env")
@SETTINGS
@given(stored_powerpacks(), task_params(), st.sampled_from(["replace", "merge"]))
def test_check_mode_announces_the_real_run_and_one_run_converges(stored, params, priority_update):
    with pytest.MonkeyPatch.context() as monkeypatch:
        api = start(monkeypatch, stored, priority_update=priority_update)
        check = run_module(powerpack.main, params, check_mode=True, diff=True)
        assert check.get("failed") is None, check["msg"]
        assert api.write_requests() == []
        real = run_module(powerpack.main, params, diff=True)
        assert real.get("failed") is None, real["msg"]
        assert real["changed"] == check["changed"] == bool(api.write_requests())
        created = check["powerpack"]["uuid"] is None
        ignored = SERVER_GIVEN if created else ()
        assert without(real["powerpack"], ignored) == without(check["powerpack"], ignored)
        assert without(real["diff"]["after"], ignored) == without(check["diff"]["after"], ignored)
        assert real["diff"]["before"] == check["diff"]["before"]

        api.clear_requests()
        again = run_module(powerpack.main, params)
        assert again["changed"] is False and api.write_requests() == []

        (after,) = [item for item in api.state()["powerpacks"] if (item["uuid"] != UUID) == created]
        for flag in ("sticky_sender", "local_connect"):
            assert after[flag] == params.get(flag, True if created else stored[flag])  # Plivo's default for a new one
        if not created and "number_priority" not in params:
            assert after["number_priority"] == stored["number_priority"]
        if not created and "application_id" not in params:
            assert after.get("application_id") == stored.get("application_id", "")


@SETTINGS
@given(entries(upper_service=True), entries())
def test_merge_properties(have, wanted):
    merged = number_priority.merge(have, wanted)
    assert number_priority.merge(merged, wanted) == merged  # idempotent
    assert number_priority.normalise(merged) == merged  # canonical
    keys = [number_priority.entry_key(entry) for entry in merged]
    assert keys == sorted(set(keys))  # one entry per key, sorted
    by_key = {number_priority.entry_key(entry): entry for entry in merged}
    for entry in number_priority.normalise(wanted):
        assert by_key[number_priority.entry_key(entry)] == entry  # wanted entries win
    assert set(by_key) == set(map(number_priority.entry_key, have)) | set(map(number_priority.entry_key, wanted))
    assert number_priority.from_api(number_priority.to_api(merged)) == merged  # the API round trip keeps it
