# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests (hypothesis) of the Powerpack side: number_priority merge/normalise and planned_changes.

For any current Powerpack and any valid task: applying the planned changes (directly, or as the API would apply
the request body and read it back) gives a Powerpack for which planned_changes is empty.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils import number_priority
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import powerpack_result
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack_options import check_options, planned_changes
from ansible_collections.plivo.messaging.plugins.modules.powerpack import request_body

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COUNTRIES = ["US", "CA", "GB", "us", "Ca", "de"]
APPS = ["33660394121755210", "52049172843311907"]
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
def current_powerpacks(draw):
    attached = draw(st.booleans())
    return {
        "uuid": "86bbb125-97bb-4d72-89fd-81d5c515b015",
        "name": draw(st.sampled_from(["alpha", "beta", "Alpha"])),
        "sticky_sender": draw(st.booleans()),
        "local_connect": draw(st.booleans()),
        "application_type": draw(st.sampled_from(["xml", "phlo"])) if attached else None,
        "application_id": draw(st.sampled_from(APPS)) if attached else None,
        "number_pool_uuid": "659c7f88-c819-46e2-8af4-2d8a84249099",
        "number_priority": number_priority.normalise(draw(entries(upper_service=True))),
        "created_on": "2019-09-03T08:50:09.510692Z",
    }


@st.composite
def task_params(draw):
    params = {
        "name": draw(st.sampled_from([None, "alpha", "beta", "Alpha"])),
        "uuid": None,
        "state": "present",
        "sticky_sender": draw(st.sampled_from([None, True, False])),
        "local_connect": draw(st.sampled_from([None, True, False])),
        "application_type": None,
        "application_id": None,
        "number_priority": draw(st.one_of(st.none(), entries())),
        "unrent_numbers": False,
    }
    application = draw(st.sampled_from(["unset", "detach", "attach"]))
    if application == "detach":
        params["application_id"] = draw(st.sampled_from(["none", "None", "", " none "]))
    elif application == "attach":
        params["application_id"] = draw(st.sampled_from(APPS))
        params["application_type"] = draw(st.sampled_from(["xml", "phlo"]))
    if params["name"] is None:
        params["uuid"] = "86bbb125-97bb-4d72-89fd-81d5c515b015"
    check_options(params)  # every generated task is one the module accepts
    return params


def api_object(powerpack):
    """The API's JSON for a result-shaped Powerpack, as the simulator reads it back."""
    return {
        "uuid": powerpack["uuid"],
        "name": powerpack["name"],
        "sticky_sender": powerpack["sticky_sender"],
        "local_connect": powerpack["local_connect"],
        "application_type": (powerpack["application_type"] or "").upper(),
        "application_id": powerpack["application_id"] or "",
        "number_pool": "/v1/Account/MASIMULATOR000000001/NumberPool/{}/".format(powerpack["number_pool_uuid"]),
        "number_priority": number_priority.to_api(powerpack["number_priority"] or []),
        "created_on": powerpack["created_on"],
    }


def api_apply(raw, body):
    """The documented update semantics: the body's fields replace the Powerpack's (number_priority as a whole)."""
    updated = dict(raw)
    for key in ("name", "sticky_sender", "local_connect", "number_priority"):
        if key in body:
            updated[key] = body[key]
    if "application_id" in body:
        if str(body["application_id"]).lower() in ("", "none"):
            updated.update(application_id="", application_type="")
        else:
            updated.update(application_id=body["application_id"], application_type=body["application_type"].upper())
    return updated


@SETTINGS
@given(current_powerpacks(), task_params())
def test_applying_the_planned_changes_converges(current, params):
    changes = planned_changes(current, params)
    after = dict(current, **changes)
    assert planned_changes(after, params) == {}


@SETTINGS
@given(current_powerpacks(), task_params())
def test_the_request_body_applied_by_the_api_converges(current, params):
    raw = api_object(current)
    assert powerpack_result(raw) == current  # the read side is faithful
    changes = planned_changes(current, params)
    after = powerpack_result(api_apply(raw, request_body(changes)))
    assert planned_changes(after, params) == {}
    # Nothing the task does not set is touched.
    for key in ("sticky_sender", "local_connect", "name"):
        if params[key] is None:
            assert after[key] == current[key]


@SETTINGS
@given(current_powerpacks(), task_params())
def test_a_converged_powerpack_has_no_plan(current, params):
    converged = dict(current, **planned_changes(current, params))
    assert planned_changes(converged, params) == {}
    assert request_body(planned_changes(converged, params)) == {}


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
