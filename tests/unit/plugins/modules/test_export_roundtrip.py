# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Export round trip (issue 16), property-based: for any account, what powerpack_info exports (export: true) applied
with the powerpacks module to the same account changes nothing and sends no write, in check mode and for real, under
the documented answer shapes and under the shapes recorded in Plivo's SDK test suites.

Accounts are generated with hypothesis: Powerpacks with random flags, applications and number priorities (exactly a
preset, a preset's ranking on a subset that is not one, custom, empty, or the simulator's default), long codes with
random services (sometimes more than 20 in one pool, so that lists take two pages), toll-free numbers and short codes,
some in no pool; every phone number is valid to libphonenumber.
"""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.plugins.modules import powerpack_info
from ansible_collections.plivo.messaging.plugins.modules import powerpacks
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.simulated_api import SimulatedApi

# Each example starts its own simulator; the function-scoped fixture only clears PLIVO_* variables, once.
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

APPLICATIONS = {"33660394121755210": "xml", "20342783288007824": "xml", "52049172843311907": "phlo"}
COUNTRIES = ["US", "CA", "GB", "DE"]
LONG_CODE_PREFIXES = ["1415555", "1212555", "1416555", "1604555", "44207946"]  # US, US, CA, CA, GB (London)
TOLLFREE_PREFIXES = ["1800555", "1888555", "1877555"]
EMPTY_ADDED = {"numbers": [], "tollfree": []}


def valid(number, toll_free):
    parsed = phonenumbers.parse("+" + number)
    is_toll_free = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE
    return phonenumbers.is_valid_number(parsed) and is_toll_free == toll_free


def numbers_from(prefixes, toll_free):
    candidates = st.tuples(st.sampled_from(prefixes), st.integers(0, 9999)).map(lambda parts: f"{parts[0]}{parts[1]:04d}")
    return candidates.filter(lambda number: valid(number, toll_free))


@st.composite
def priorities(draw):
    """None (the simulator's default), or number_priority entries in the API's shape."""
    kind = draw(st.sampled_from(["default", "preset", "preset ranking on a subset", "custom", "empty"]))
    if kind == "default":
        return None
    if kind == "empty":
        return []
    if kind == "custom":
        keys = draw(st.lists(st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(number_priority.SERVICE_TYPES)), min_size=1, max_size=5, unique=True))
        entries = [
            dict(country_iso=country, service_type=service, priority=list(draw(st.permutations(number_priority.PRIORITY_VALUES)))) for country, service in keys
        ]
        return number_priority.to_api(entries)
    ranking = list(number_priority.PRESETS[draw(st.sampled_from(sorted(number_priority.PRESETS)))])
    countries = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True))
    if kind == "preset":
        services = draw(st.sampled_from([["sms", "mms"], ["sms"], ["mms"]]))
        keys = [(country, service) for country in countries for service in services]
    else:
        keys = [(countries[0], "sms")] + [(country, service) for country in countries[1:] for service in ("sms", "mms")]
        if len(keys) == 1:
            keys.append(("US" if countries[0] != "US" else "CA", "mms"))
    return number_priority.to_api([dict(country_iso=country, service_type=service, priority=ranking) for country, service in keys])


@st.composite
def accounts(draw):
    count = draw(st.integers(1, 5))
    names = draw(st.lists(st.from_regex(r"\A[a-z0-9][a-z0-9 _.-]{0,14}[a-z0-9]\Z"), min_size=count, max_size=count, unique=True))
    powerpacks_ = []
    for name in names:
        item = dict(name=name, sticky_sender=draw(st.booleans()), local_connect=draw(st.booleans()), numbers=[], tollfree=[], shortcodes=[])
        app_id = draw(st.sampled_from([None, *sorted(APPLICATIONS)]))
        if app_id is not None:
            item.update(application_id=app_id, application_type=APPLICATIONS[app_id])
        priority = draw(priorities())
        if priority is not None:
            item["number_priority"] = priority
        powerpacks_.append(item)
    owner = st.integers(-1, count - 1)  # -1: rented, in no pool
    long_codes = draw(st.lists(numbers_from(LONG_CODE_PREFIXES, False), max_size=12, unique=True))
    if draw(st.booleans()):  # one pool of more than 20 long codes
        long_codes += [number for number in (f"1310555{index:04d}" for index in range(draw(st.integers(21, 24)))) if number not in long_codes]
        big = draw(st.integers(0, count - 1))
    else:
        big = None
    rented = []
    for number in long_codes:
        holder = big if big is not None and number.startswith("1310555") else draw(owner)
        if holder < 0:
            rented.append(number)
        else:
            powerpacks_[holder]["numbers"].append(dict(number=number, service=draw(st.sampled_from(["sms", "mms"]))))
    tollfree = draw(st.lists(numbers_from(TOLLFREE_PREFIXES, True), max_size=4, unique=True))
    for number in tollfree:
        holder = draw(owner)
        if holder >= 0:
            powerpacks_[holder]["tollfree"].append(number)
    shortcodes = draw(st.lists(st.from_regex(r"\A[1-9][0-9]{2,7}\Z"), max_size=3, unique=True))
    for code in shortcodes:
        holder = draw(owner)
        if holder >= 0:
            powerpacks_[holder]["shortcodes"].append(code)
    return {
        "applications": [dict(app_id=app_id, type=app_type) for app_id, app_type in APPLICATIONS.items()],
        "numbers": rented,
        "tollfree": tollfree,
        "shortcodes": shortcodes,
        "powerpacks": powerpacks_,
    }


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("profile", ["default", "recorded"])
@SETTINGS
@given(accounts())
def test_the_export_applied_to_the_same_account_changes_nothing(profile, account):
    with pytest.MonkeyPatch.context() as monkeypatch:
        api = SimulatedApi(account, profile=profile).install(monkeypatch)
        before = api.state()
        exported = run_module(powerpack_info.main, dict(export=True))
        assert exported.get("failed") is None, exported["msg"]
        items = exported["plivo_powerpacks"]
        assert [item["name"] for item in items] == [item["name"] for item in account["powerpacks"]]
        assert api.write_requests() == []
        for check_mode in (True, False):
            api.clear_requests()
            result = run_module(powerpacks.main, dict(powerpacks=items), check_mode=check_mode, diff=True)
            assert result.get("failed") is None, result["msg"]
            assert result["changed"] is False, [entry for entry in result["powerpacks"] if entry["action"] != "none" or entry["added"] != EMPTY_ADDED]
            assert api.write_requests() == []
            assert result["totals"]["unchanged"] == len(items) and result["diff"] == []
            assert "warnings" not in result  # nothing the API does not report is in the export
        assert api.state() == before and api.sleeps == []


def test_the_generator_covers_what_the_issue_asks_for():
    """The strategies can produce each case at all (a guard against a strategy that silently never does)."""
    seen = set()

    @settings(max_examples=100, deadline=None, database=None, derandomize=True)
    @given(accounts())
    def collect(account):
        for item in account["powerpacks"]:
            entries = item.get("number_priority")
            if entries is None:
                seen.add("default priority")
            elif not entries:
                seen.add("empty priority")
            elif number_priority.as_preset(number_priority.from_api(entries)) is not None:
                seen.add("preset")
            else:
                seen.add("custom or subset")
            if len(item["numbers"]) > 20:
                seen.add("pool of more than 20")
            if any(code["service"] == "mms" for code in item["numbers"]):
                seen.add("mms")
            if item["tollfree"]:
                seen.add("toll-free in a pool")
            if item["shortcodes"]:
                seen.add("short code in a pool")
            if item.get("application_id"):
                seen.add("application")
            if any(code["number"].startswith("44") for code in item["numbers"]):
                seen.add("GB long code")

    collect()
    assert seen == {
        "default priority",
        "empty priority",
        "preset",
        "custom or subset",
        "pool of more than 20",
        "mms",
        "toll-free in a pool",
        "short code in a pool",
        "application",
        "GB long code",
    }
