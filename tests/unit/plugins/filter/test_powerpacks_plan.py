# Copyright: contributors to the plivo.messaging collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the plivo.messaging.powerpacks_plan filter.

The role skips the tasks this filter calls in sync, so the tests that matter most run the real modules (check mode,
against the fake API) on the same account and compare: a task the filter calls in sync must change nothing, and for
what the listing shows, a task it calls out of sync must change something.
"""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.filter.powerpacks_plan import FilterModule, FilterTypeError, powerpacks_plan
from ansible_collections.plivo.messaging.plugins.modules import number_pool, powerpack, powerpack_info
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module

DEFAULTS = dict(
    state="present",
    purge=False,
    rent=False,
    unrent=False,
    preset_services=["sms", "mms"],
    presets=dict(local_first=["longcode", "tollfree", "shortcode"], shortcode_first=["shortcode", "tollfree", "longcode"]),
)
APP_ID = "33660394121755210"


def test_registered_under_its_name():
    assert FilterModule().filters() == {"powerpacks_plan": powerpacks_plan}


def test_options_apply_the_preset_and_the_role_defaults():
    item = dict(name="a", sticky_sender=False, preset=dict(name="local_first", countries=["US", "CA"]), numbers=["14155550101"])
    [entry] = powerpacks_plan([item], dict(DEFAULTS, purge=True, unrent=True, rent=True))
    assert entry["powerpack"] == dict(
        name="a",
        state="present",
        sticky_sender=False,
        unrent_numbers=False,
        number_priority=[
            dict(country_iso=country, service_type=service, priority=["longcode", "tollfree", "shortcode"])
            for country in ("US", "CA")
            for service in ("sms", "mms")
        ],
    )
    assert entry["number_pool"] == dict(numbers=["14155550101"], purge=True, rent=True, unrent=True)
    assert entry["reads_number_priority"] is True and entry["read_kinds"] == ["numbers"]
    # Without a listing, nothing counts as in sync.
    assert entry["powerpack_in_sync"] is False and entry["number_pool_in_sync"] is False


def test_item_keys_win_over_the_defaults():
    item = dict(name="a", state="absent", unrent=True)
    [entry] = powerpacks_plan([item], DEFAULTS)
    assert entry["powerpack"] == dict(name="a", state="absent", unrent_numbers=True)
    assert entry["number_pool"] is None and entry["read_kinds"] == [] and entry["reads_number_priority"] is False
    [entry] = powerpacks_plan([dict(name="b", numbers=[], shortcodes=["444444"], purge=False, unrent=True, preset=None)], DEFAULTS)
    # unrent only applies with purge; [] without purge is not read.
    assert entry["number_pool"] == dict(numbers=[], shortcodes=["444444"], purge=False, rent=False, unrent=False)
    assert entry["read_kinds"] == ["shortcodes"]
    assert "number_priority" not in entry["powerpack"]


def test_flags_are_read_as_ansible_reads_booleans():
    # Extra vars from an AWX survey arrive as strings: "no" must not count as true.
    item = dict(name="a", numbers=["14155550101"], purge="no", unrent="yes")
    [entry] = powerpacks_plan([item], dict(DEFAULTS, rent="false"))
    assert entry["number_pool"] == dict(numbers=["14155550101"], purge=False, rent=False, unrent=False)
    [entry] = powerpacks_plan([dict(name="a", state="absent", unrent="no")], dict(DEFAULTS, unrent="yes"))
    assert entry["powerpack"]["unrent_numbers"] is False
    [entry] = powerpacks_plan([dict(name="a", numbers=[], purge="sometimes")], DEFAULTS)
    assert entry["number_pool"]["purge"] == "sometimes"  # passed on for number_pool to refuse, naming the option


@pytest.mark.parametrize(
    "powerpacks, defaults, listed",
    [
        pytest.param({"name": "a"}, DEFAULTS, None, id="not-a-list"),
        pytest.param([{"numbers": []}], DEFAULTS, None, id="no-name"),
        pytest.param([{"name": "a"}], {"state": "present"}, None, id="defaults-incomplete"),
        pytest.param([{"name": "a"}], DEFAULTS, {"powerpacks": []}, id="listed-not-a-list"),
    ],
)
def test_bad_input_is_refused(powerpacks, defaults, listed):
    with pytest.raises(FilterTypeError):
        powerpacks_plan(powerpacks, defaults, listed)


def test_names_carried_twice_are_never_in_sync():
    listed = [dict(name="a", uuid="u1", number_pool_uuid="p1"), dict(name="a", uuid="u2", number_pool_uuid="p2")]
    [entry] = powerpacks_plan([dict(name="a", state="absent")], DEFAULTS, listed)
    assert entry["duplicates"] == ["u1", "u2"] and entry["uuid"] is None
    assert entry["powerpack_in_sync"] is False


# --- against the modules ---------------------------------------------------------------------------------------------


@pytest.fixture
def account(fake_api):
    """ "kept": sticky sender, the fake API's default number priority, an XML application, one long code (sms) and a
    short code in its pool."""
    pack = fake_api.add_powerpack("kept", application_type="XML", application_id=APP_ID)
    fake_api.put_in_pool(pack, numbers=["14155550101"], shortcodes=["444444"])
    fake_api.rent("14155550102", "18005550199")
    return pack


IN_SYNC = dict(
    name="kept",
    sticky_sender=True,
    local_connect=True,
    application_type="xml",
    application_id=APP_ID,
    preset=dict(name="shortcode_first", countries=["US"]),
    numbers=["+1 415 555 0101"],
)

CASES = [
    pytest.param(IN_SYNC, (True, True), id="in-sync"),
    pytest.param(
        dict(IN_SYNC, numbers=[{"number": "14155550101", "service": "sms"}], shortcodes=["444444"], purge=True), (True, True), id="in-sync-with-purge"
    ),
    pytest.param(dict(name="kept", numbers=[]), (True, True), id="empty-list-without-purge"),
    pytest.param(dict(IN_SYNC, sticky_sender=False), (False, True), id="sticky-sender-differs"),
    pytest.param(dict(IN_SYNC, application_type="phlo"), (False, True), id="application-type-differs"),
    pytest.param(dict(IN_SYNC, application_id="none", application_type=None), (False, True), id="detach-application"),
    pytest.param(dict(IN_SYNC, preset=dict(name="local_first", countries=["US"])), (False, True), id="preset-differs"),
    pytest.param(dict(IN_SYNC, preset=dict(name="shortcode_first", countries=["US"], services=["sms"])), (True, True), id="preset-subset-is-merged"),
    pytest.param(dict(IN_SYNC, numbers=["14155550101", "14155550102"]), (True, False), id="long-code-to-add"),
    pytest.param(dict(IN_SYNC, numbers=[{"number": "14155550101", "service": "mms"}]), (True, False), id="service-differs"),
    pytest.param(dict(IN_SYNC, purge=True), (True, True), id="purge-leaves-kinds-not-listed"),
    pytest.param(dict(IN_SYNC, numbers=[], purge=True), (True, False), id="purge-empties"),
    pytest.param(dict(IN_SYNC, shortcodes=["444444"], tollfree=["18005550199"]), (True, False), id="tollfree-to-add"),
    pytest.param(dict(name="kept", state="absent"), (False, True), id="delete"),
    pytest.param(dict(name="gone", state="absent"), (True, True), id="already-absent"),
]


def _listing(plan, names):
    kinds = sorted({kind for entry in plan for kind in entry["read_kinds"]})
    args = dict(names=names, include_number_priority=any(entry["reads_number_priority"] for entry in plan), include_numbers=bool(kinds))
    if kinds:
        args["number_kinds"] = kinds
    result = run_module(powerpack_info.main, args)
    assert "failed" not in result, result
    return result["powerpacks"]


def _changed(entry):
    """Whether the powerpack and the number_pool task, run in check mode as the role runs them, would change anything."""
    options = dict(entry["powerpack"].items())
    if entry["uuid"]:
        options["uuid"] = entry["uuid"]
    result = run_module(powerpack.main, options, check_mode=True)
    assert "failed" not in result, result
    pool_changed = False
    if entry["number_pool"] is not None:
        pool = run_module(number_pool.main, dict(entry["number_pool"], number_pool_uuid=entry["number_pool_uuid"]), check_mode=True)
        assert "failed" not in pool, pool
        pool_changed = pool["changed"]
    return result["changed"], pool_changed


@pytest.mark.parametrize("item, in_sync", CASES)
def test_in_sync_exactly_when_the_modules_would_change_nothing(fake_api, account, item, in_sync):
    names = [item["name"]]
    listed = _listing(powerpacks_plan([item], DEFAULTS), names)
    [entry] = powerpacks_plan([item], DEFAULTS, listed)
    assert (entry["powerpack_in_sync"], entry["number_pool_in_sync"]) == in_sync
    assert _changed(entry) == (not in_sync[0], not in_sync[1])
    assert fake_api.writes() == []


def test_what_the_listing_did_not_read_is_not_in_sync(fake_api, account):
    item = dict(IN_SYNC, tollfree=[])
    listed = run_module(powerpack_info.main, dict(names=["kept"], include_number_priority=False, include_numbers=True, number_kinds=["numbers"]))["powerpacks"]
    # Neither the number priority (the preset compares it) nor the toll-free list (purge compares tollfree: []) was read.
    [entry] = powerpacks_plan([item], DEFAULTS, listed)
    assert entry["powerpack_in_sync"] is False
    [entry] = powerpacks_plan([dict(item, preset=None, purge=True)], DEFAULTS, listed)
    assert entry["powerpack_in_sync"] is True
    assert entry["number_pool_in_sync"] is False  # purge compares tollfree, which was not read


def test_options_a_module_would_refuse_are_left_to_the_module(fake_api, account):
    item = dict(name="kept", application_type="xml", sticky_sender="maybe", numbers=["not a number"])
    listed = run_module(powerpack_info.main, dict(names=["kept"], include_numbers=True))["powerpacks"]
    [entry] = powerpacks_plan([item], DEFAULTS, listed)
    assert entry["powerpack_in_sync"] is False and entry["number_pool_in_sync"] is False
    assert run_module(powerpack.main, dict(entry["powerpack"], uuid=entry["uuid"]), check_mode=True)["failed"] is True
