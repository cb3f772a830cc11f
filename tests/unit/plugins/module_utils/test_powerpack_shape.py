# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_powerpack and _identifiers: the Powerpack result shape, the pool uuid, uuids, what a task wants of a Powerpack and what differs."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import uuid_problem
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import CREATE_DEFAULTS
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import PowerpackSpec
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import create_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import number_pool_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import planned_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import powerpack_result
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import predicted
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import read_spec
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import request_body
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import load_fixture
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import priority_entry


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


@pytest.mark.parametrize("value", ["", "a/b", "..", "x y", "abc?", "é", "a" * 65])
def test_check_uuid_refuses_what_cannot_be_a_uuid(value):
    with pytest.raises(PlivoValidationError) as caught:
        check_uuid(value)
    assert "uuid" in str(caught.value) and "letters, digits and '-'" in str(caught.value)


def test_check_uuid_accepts_uuids():
    assert check_uuid("86bbb125-97bb-4d72-89fd-81d5c515b015") == "86bbb125-97bb-4d72-89fd-81d5c515b015"


def test_uuid_problem_names_the_option_and_cuts_a_long_value():
    assert uuid_problem("a/b", "powerpack_uuid") == (
        "powerpack_uuid 'a/b' is not a valid uuid: use only letters, digits and '-' (at most 64 characters), as shown by plivo.messaging.powerpack_info"
    )
    assert "'" + "x" * 80 + "...'" in uuid_problem("x" * 200)
    assert uuid_problem(None) is not None


# What a task wants of a Powerpack

PRIORITY = [{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]}]


def current(**changes):
    powerpack = powerpack_result(load_fixture("py-powerpackResponse.json"))
    powerpack.update(changes)
    return powerpack


def test_read_spec_of_good_options():
    spec, problems = read_spec(dict(name="alerts", sticky_sender=False, application_id=" 12 ", application_type="XML", number_priority=PRIORITY))
    assert problems == []
    assert spec == PowerpackSpec(
        name="alerts", sticky_sender=False, local_connect=None, application_id="12", application_type="xml", number_priority=tuple(PRIORITY)
    )


@pytest.mark.parametrize("value", ["none", "None", " NONE ", ""])
def test_application_id_none_or_empty_detaches(value):
    spec, problems = read_spec(dict(application_id=value))
    assert problems == [] and spec.detaches and spec.application_type is None


def test_read_spec_reports_every_problem_naming_the_option():
    _spec, problems = read_spec(
        dict(name=" ", application_type="voice", number_priority=[{"country_iso": "USA", "service_type": "sms", "priority": ["longcode"]}]),
        where="powerpacks[0] ('x').",
    )
    assert problems == [
        "powerpacks[0] ('x').name must not be empty",
        "powerpacks[0] ('x').application_type must be one of xml, phlo, got 'voice'",
        "powerpacks[0] ('x').application_type needs application_id: set application_id to the id of the voice application, or remove application_type",
        "powerpacks[0] ('x').number_priority[0].country_iso 'USA' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
        "powerpacks[0] ('x').number_priority[0].priority must list longcode, shortcode, tollfree exactly once each, most preferred first; got ['longcode']",
    ]


@pytest.mark.parametrize(
    "options, problem",
    [
        (dict(name="n" * 257), "name is 257 characters long: use at most 256"),
        (dict(application_id="12"), "application_id needs application_type: set application_type to xml or phlo"),
        (
            dict(application_id="none", application_type="xml"),
            "application_type must not be set when application_id is none or empty (that detaches the application): remove application_type",
        ),
    ],
)
def test_read_spec_problems(options, problem):
    assert read_spec(options)[1] == [problem]


def test_nothing_differs_for_what_the_task_does_not_manage():
    assert planned_changes(current(), PowerpackSpec()).values == {}


def test_planned_changes_of_flags_application_and_name():
    spec = PowerpackSpec(name="renamed", sticky_sender=False, local_connect=True, application_id="99", application_type="phlo")
    assert planned_changes(current(), spec).values == dict(
        name="renamed", sticky_sender=False, local_connect=True, application_id="99", application_type="phlo"
    )
    assert "name" not in planned_changes(current(), spec, rename=False).values


def test_detaching_an_application():
    assert planned_changes(current(), PowerpackSpec(application_id="")).values == dict(application_id=None, application_type=None)
    assert planned_changes(current(application_id=None, application_type=None), PowerpackSpec(application_id="")).values == {}
    assert request_body(dict(application_id=None, application_type=None)) == {"application_id": "none"}


def test_number_priority_is_merged_and_compared():
    known = current(number_priority=[{"country_iso": "CA", "service_type": "sms", "priority": ["shortcode", "longcode", "tollfree"]}])
    changes = planned_changes(known, PowerpackSpec(number_priority=tuple(PRIORITY)))
    assert changes.values["number_priority"] == known["number_priority"] + PRIORITY and not changes.unverified
    assert planned_changes(dict(known, number_priority=changes.values["number_priority"]), PowerpackSpec(number_priority=tuple(PRIORITY))).values == {}


def test_number_priority_the_api_did_not_report_cannot_be_compared():
    changes = planned_changes(current(number_priority=None), PowerpackSpec(number_priority=tuple(PRIORITY)))
    assert changes.values == {} and changes.unverified


def test_create_sets_everything_the_task_manages_and_predicts_the_defaults():
    changes = create_changes(PowerpackSpec(name="new", local_connect=False, number_priority=tuple(PRIORITY)))
    assert changes == dict(name="new", local_connect=False, number_priority=PRIORITY)
    after = predicted(None, changes)
    assert after["sticky_sender"] is CREATE_DEFAULTS["sticky_sender"] and after["local_connect"] is False and after["name"] == "new"
    body = request_body(changes)
    assert body == {"name": "new", "local_connect": False, "number_priority": [priority_entry("US", "SMS", "longcode", "tollfree", "shortcode")]}


def test_request_body_of_an_application():
    body = request_body(dict(application_id="12", application_type="xml", sticky_sender=True))
    assert body == {"sticky_sender": True, "application_id": "12", "application_type": "xml"}
