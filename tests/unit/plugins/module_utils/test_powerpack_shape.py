# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Powerpack result shape, the pool uuid, and number_priority in both shapes."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import number_priority
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils.identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import RESULT_KEYS, number_pool_uuid, powerpack_result
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import load_fixture, priority_entry


def test_result_of_the_sdk_get_fixture():
    assert powerpack_result(load_fixture("py-powerpackResponse.json")) == {
        "uuid": "86bbb125-97bb-4d72-89fd-81d5c515b015",
        "name": "vishnu_sep_01",
        "sticky_sender": True,
        "local_connect": False,
        "application_type": "xml",
        "application_id": "33660394121755210",
        "number_pool_uuid": "659c7f88-c819-46e2-8af4-2d8a84249099",
        "number_priority": None,
        "created_on": "2019-09-03T08:50:09.510692Z",
    }


def test_result_of_the_java_fixture_with_number_priority_and_no_application():
    result = powerpack_result(load_fixture("java-numberPoolPowerPack.json"))
    assert result["application_type"] is None and result["application_id"] is None
    assert result["number_pool_uuid"] == "2b3aae01-22ae-4137-8730-8e0cd057f944"
    assert result["number_priority"] == [
        {"country_iso": "CA", "service_type": "mms", "priority": ["shortcode", "longcode", "tollfree"]},
        {"country_iso": "CA", "service_type": "sms", "priority": ["shortcode", "longcode", "tollfree"]},
        {"country_iso": "US", "service_type": "mms", "priority": ["shortcode", "tollfree", "longcode"]},
        {"country_iso": "US", "service_type": "sms", "priority": ["shortcode", "tollfree", "longcode"]},
    ]


def test_result_is_whitelisted():
    raw = dict(load_fixture("py-powerpackResponse.json"), secret_field="x", number_pool_internal_id=5)
    assert tuple(powerpack_result(raw)) == RESULT_KEYS
    assert "api_id" not in powerpack_result(raw)


def test_list_items_take_missing_keys_from_the_fallback():
    item = load_fixture("py-powerpackListResponse.json")["objects"][1]
    fallback = {"number_priority": [{"country_iso": "US", "service_type": "sms", "priority": ["a"]}], "name": "old"}
    result = powerpack_result(item, fallback=fallback)
    assert result["name"] == "Neel_ppk_sdk-14"  # present in the API object: the API wins
    assert result["number_priority"] == fallback["number_priority"]


def test_result_of_nothing_is_all_none():
    assert powerpack_result(None) == dict.fromkeys(RESULT_KEYS)


@pytest.mark.parametrize(
    "number_pool, expected",
    [
        ("/v1/Account/MAODZKMDFJMJU3MTEYNG/NumberPool/659c7f88-c819-46e2-8af4-2d8a84249099/", "659c7f88-c819-46e2-8af4-2d8a84249099"),
        ("/v1/Account/MA/NumberPool/abc", "abc"),
        ("https://api.plivo.com/v1/Account/MA/NumberPool/abc/", "abc"),
        ("/v1/Account/MA/NumberPool/", None),
        ("", None),
        (None, None),
        (17, None),
    ],
)
def test_number_pool_uuid(number_pool, expected):
    assert number_pool_uuid(number_pool) == expected


def test_number_pool_uuid_agrees_with_the_sdks_segment_5():
    path = load_fixture("py-powerpackListResponse.json")["objects"][0]["number_pool"]
    assert number_pool_uuid(path) == path.split("/")[5]


def test_number_priority_round_trip():
    wanted = [{"country_iso": "us", "service_type": "SMS", "priority": ["longcode", "tollfree", "shortcode"]}]
    api = number_priority.to_api(wanted)
    assert api == [priority_entry("US", "SMS", "longcode", "tollfree", "shortcode")]
    assert number_priority.from_api(api) == [{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]}]


def test_number_priority_reads_priorities_in_rank_order_whatever_the_key_order():
    entry = {"country_iso": "US", "service_type": "SMS", "priority": {"priority3": "c", "priority1": "a", "priority2": "b"}}
    assert number_priority.from_api([entry])[0]["priority"] == ["a", "b", "c"]


def test_merge_replaces_matching_keys_case_insensitively_and_keeps_the_others():
    current = number_priority.from_api(load_fixture("java-numberPoolPowerPack.json")["number_priority"])
    merged = number_priority.merge(current, [{"country_iso": "us", "service_type": "SMS", "priority": ["longcode", "shortcode", "tollfree"]}])
    assert len(merged) == 4
    assert {"country_iso": "US", "service_type": "sms", "priority": ["longcode", "shortcode", "tollfree"]} in merged
    assert [entry for entry in merged if entry["country_iso"] == "CA"] == [entry for entry in current if entry["country_iso"] == "CA"]


@pytest.mark.parametrize(
    "entries, complaint",
    [
        ([{"country_iso": "USA", "service_type": "sms", "priority": ["longcode", "shortcode", "tollfree"]}], "country_iso 'USA'"),
        ([{"country_iso": "U1", "service_type": "sms", "priority": ["longcode", "shortcode", "tollfree"]}], "ISO 3166"),
        ([{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "shortcode"]}], "exactly once each"),
        ([{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "longcode", "tollfree"]}], "exactly once each"),
        (
            [
                {"country_iso": "US", "service_type": "sms", "priority": ["longcode", "shortcode", "tollfree"]},
                {"country_iso": "us", "service_type": "SMS", "priority": ["tollfree", "shortcode", "longcode"]},
            ],
            "number_priority[1] repeats country_iso US with service_type sms",
        ),
    ],
)
def test_number_priority_checks(entries, complaint):
    with pytest.raises(PlivoValidationError) as caught:
        number_priority.check_entries(entries)
    assert complaint in str(caught.value)


@pytest.mark.parametrize("value", ["", "a/b", "..", "x y", "abc?", "é", "a" * 65])
def test_check_uuid_refuses_what_cannot_be_a_uuid(value):
    with pytest.raises(PlivoValidationError) as caught:
        check_uuid(value)
    assert "uuid" in str(caught.value) and "letters, digits and '-'" in str(caught.value)


def test_check_uuid_accepts_uuids():
    assert check_uuid("86bbb125-97bb-4d72-89fd-81d5c515b015") == "86bbb125-97bb-4d72-89fd-81d5c515b015"
