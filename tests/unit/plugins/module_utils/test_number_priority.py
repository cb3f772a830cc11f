# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_number_priority: the checks of a number_priority option, its two shapes, merging, and the presets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import load_fixture
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import priority_entry

GOOD = ["longcode", "shortcode", "tollfree"]
LOCAL_FIRST = ["longcode", "tollfree", "shortcode"]
TOLLFREE_FIRST = ["tollfree", "longcode", "shortcode"]
SHORTCODE_FIRST = ["shortcode", "tollfree", "longcode"]
SHORTCODE_LONGCODE_TOLLFREE = ["shortcode", "longcode", "tollfree"]


def entry(country, service, priority):
    return {"country_iso": country, "service_type": service, "priority": list(priority)}


# entries_problems


def test_good_entries_have_no_problem():
    entries = [entry("US", "sms", GOOD), entry("us", "MMS", ["TollFree", "longcode", "shortcode"]), entry("CA", "sms", GOOD)]
    assert number_priority.entries_problems(entries) == []


def test_every_problem_is_reported_at_once_naming_the_entry_and_the_fix():
    entries = [
        entry("USA", "sms", GOOD),
        entry("US", "fax", GOOD),
        entry("US", "sms", ["longcode", "shortcode"]),
        entry("GB", "sms", ["longcode", "longcode", "tollfree"]),
        "US:sms",
        entry("CA", "sms", GOOD),
        entry("ca", "SMS", ["tollfree", "shortcode", "longcode"]),
        {"country_iso": "ZZ", "service_type": "mms", "priority": "longcode"},
    ]
    assert number_priority.entries_problems(entries, "powerpacks[1] ('alerts').number_priority") == [
        "powerpacks[1] ('alerts').number_priority[0].country_iso 'USA' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
        "powerpacks[1] ('alerts').number_priority[1].service_type must be one of sms, mms, got 'fax'",
        "powerpacks[1] ('alerts').number_priority[2].priority must list longcode, shortcode, tollfree exactly once each, most preferred first; "
        "got ['longcode', 'shortcode']",
        "powerpacks[1] ('alerts').number_priority[3].priority must list longcode, shortcode, tollfree exactly once each, most preferred first; "
        "got ['longcode', 'longcode', 'tollfree']",
        "powerpacks[1] ('alerts').number_priority[4] must be a dictionary with the keys country_iso, service_type and priority, got str 'US:sms'",
        "powerpacks[1] ('alerts').number_priority[6] repeats country_iso CA with service_type sms: give one entry per country and service type",
        "powerpacks[1] ('alerts').number_priority[7].country_iso 'ZZ' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
        "powerpacks[1] ('alerts').number_priority[7].priority must list longcode, shortcode, tollfree exactly once each, most preferred first; got 'longcode'",
    ]


def test_number_priority_that_is_not_a_list():
    assert number_priority.entries_problems("US:sms") == [
        "number_priority must be a list of entries with the keys country_iso, service_type and priority, got str 'US:sms'"
    ]


def test_a_repeat_is_reported_even_when_the_entry_has_another_problem():
    problems = number_priority.entries_problems([entry("US", "sms", GOOD), entry("US", "SMS", ["longcode"])])
    assert [problem.split(" ", 1)[0] for problem in problems] == ["number_priority[1].priority", "number_priority[1]"]


# The two shapes


def test_to_api_and_back():
    wanted = [entry("us", "SMS", LOCAL_FIRST), entry("CA", "mms", SHORTCODE_LONGCODE_TOLLFREE)]
    api = number_priority.to_api(wanted)
    assert api == [priority_entry("CA", "MMS", "shortcode", "longcode", "tollfree"), priority_entry("US", "SMS", "longcode", "tollfree", "shortcode")]
    assert number_priority.from_api(api) == [entry("CA", "mms", SHORTCODE_LONGCODE_TOLLFREE), entry("US", "sms", LOCAL_FIRST)]


def test_from_api_reads_the_ranks_in_order_whatever_the_key_order():
    api = [{"country_iso": "US", "service_type": "SMS", "priority": {"priority3": "c", "priority10": "j", "priority1": "a", "priority2": "b"}}]
    assert number_priority.from_api(api)[0]["priority"] == ["a", "b", "c", "j"]


def test_from_api_without_number_priority_is_unknown_not_empty():
    assert number_priority.from_api(None) is None
    assert number_priority.from_api([]) == []


def test_from_api_skips_what_is_not_an_entry():
    assert number_priority.from_api(["x", priority_entry("US", "SMS", "longcode", "tollfree", "shortcode")]) == [entry("US", "sms", LOCAL_FIRST)]
    assert number_priority.from_api("garbage") == []


def test_from_api_of_the_sdk_fixture():
    assert number_priority.from_api(load_fixture("java-numberPoolPowerPack.json")["number_priority"]) == [
        entry("CA", "mms", SHORTCODE_LONGCODE_TOLLFREE),
        entry("CA", "sms", SHORTCODE_LONGCODE_TOLLFREE),
        entry("US", "mms", SHORTCODE_FIRST),
        entry("US", "sms", SHORTCODE_FIRST),
    ]


def test_normalise_sorts_and_canonicalises_case():
    assert number_priority.normalise([entry(" us ", " SMS ", ["LongCode", "TOLLFREE", "shortcode"]), entry("ca", "mms", GOOD)]) == [
        entry("CA", "mms", GOOD),
        entry("US", "sms", LOCAL_FIRST),
    ]


# merge


def test_merge_replaces_the_entries_of_the_same_country_and_service_and_keeps_the_others():
    current = number_priority.from_api(load_fixture("java-numberPoolPowerPack.json")["number_priority"])
    merged = number_priority.merge(current, [entry("us", "SMS", ["longcode", "shortcode", "tollfree"]), entry("GB", "sms", GOOD)])
    assert merged == [
        entry("CA", "mms", SHORTCODE_LONGCODE_TOLLFREE),
        entry("CA", "sms", SHORTCODE_LONGCODE_TOLLFREE),
        entry("GB", "sms", GOOD),
        entry("US", "mms", SHORTCODE_FIRST),
        entry("US", "sms", ["longcode", "shortcode", "tollfree"]),
    ]


def test_merge_of_what_is_there_already_changes_nothing():
    current = [entry("US", "sms", GOOD), entry("CA", "mms", GOOD)]
    assert number_priority.merge(current, [entry("us", "SMS", GOOD)]) == number_priority.normalise(current)


# Presets


def test_the_presets():
    assert number_priority.PRESETS == {"local_first": LOCAL_FIRST, "tollfree_first": TOLLFREE_FIRST, "shortcode_first": SHORTCODE_FIRST}


def test_expand_preset_gives_one_entry_per_country_and_service():
    assert number_priority.expand_preset("tollfree_first", ["US", "CA"], ["sms", "mms"]) == [
        entry("US", "sms", TOLLFREE_FIRST),
        entry("US", "mms", TOLLFREE_FIRST),
        entry("CA", "sms", TOLLFREE_FIRST),
        entry("CA", "mms", TOLLFREE_FIRST),
    ]


def test_an_expanded_preset_has_no_problem():
    for name in number_priority.PRESETS:
        assert number_priority.entries_problems(number_priority.expand_preset(name, ["US", "gb"], ["sms", "mms"])) == []


def test_as_preset_of_the_entries_of_a_preset():
    entries = number_priority.expand_preset("local_first", ["us", "CA"], ["mms", "sms"])
    assert number_priority.as_preset(entries) == {"name": "local_first", "countries": ["CA", "US"], "services": ["sms", "mms"]}


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param([], id="empty"),
        pytest.param([entry("US", "sms", LOCAL_FIRST), entry("CA", "sms", TOLLFREE_FIRST)], id="two-rankings"),
        pytest.param([entry("US", "sms", ["longcode", "shortcode", "tollfree"])], id="ranking-of-no-preset"),
        pytest.param([entry("US", "sms", LOCAL_FIRST), entry("US", "mms", LOCAL_FIRST), entry("CA", "sms", LOCAL_FIRST)], id="countries-with-other-services"),
    ],
)
def test_as_preset_of_what_is_no_preset_is_none(entries):
    assert number_priority.as_preset(entries) is None


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(sorted(number_priority.PRESETS)),
    countries=st.lists(st.sampled_from(["US", "CA", "GB", "DE", "in", "au"]), min_size=1, max_size=4, unique=True),
    services=st.lists(st.sampled_from(["sms", "mms"]), min_size=1, max_size=2, unique=True),
)
def test_as_preset_round_trip(name, countries, services):
    entries = number_priority.expand_preset(name, countries, services)
    preset = number_priority.as_preset(entries)
    assert preset == {"name": name, "countries": sorted(country.upper() for country in countries), "services": [s for s in ("sms", "mms") if s in services]}
    # what the API answers for those entries reads back as the same preset
    assert number_priority.as_preset(number_priority.from_api(number_priority.to_api(entries))) == preset
    assert number_priority.normalise(number_priority.expand_preset(preset["name"], preset["countries"], preset["services"])) == number_priority.normalise(
        entries
    )
