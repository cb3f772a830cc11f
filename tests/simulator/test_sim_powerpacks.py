"""Endpoints 1-5 (Powerpacks) and the account rules around them."""

from __future__ import annotations

import pytest
from simhelpers import CA_FIXED
from simhelpers import CA_SHORTCODE
from simhelpers import CREATED_ON_RE
from simhelpers import PHLO_APP
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_TOLLFREE
from simhelpers import UUID_RE
from simhelpers import XML_APP
from simhelpers import create_powerpack
from simhelpers import held
from simhelpers import pool_path
from simhelpers import pool_uuid_of
from simhelpers import priority
from simhelpers import priority_set

PRIORITIES = [priority("US", "sms", "longcode", "tollfree", "shortcode")]


def test_list_has_the_seeded_powerpack_without_number_priority(sim):
    body = sim.api("GET", "Powerpack/").json()
    assert body["meta"]["total_count"] == 1
    [item] = body["objects"]
    assert item == {
        "application_id": XML_APP,
        "application_type": "XML",
        "created_on": "2019-09-03T08:50:09.510692Z",
        "local_connect": False,
        "name": "existing",
        "number_pool": f"/v1/Account/{sim.auth_id}/NumberPool/{POOL_UUID}/",
        "sticky_sender": True,
        "uuid": POWERPACK_UUID,
    }


def test_get_returns_the_full_object_with_api_id(sim):
    result = sim.api("GET", f"Powerpack/{POWERPACK_UUID}/")
    assert result.status == 200
    body = result.json()
    assert UUID_RE.match(body["api_id"])
    assert body["uuid"] == POWERPACK_UUID
    assert body["created_on"] == "2019-09-03T08:50:09.510692Z"
    assert isinstance(body["number_priority"], list)


@pytest.mark.parametrize(
    "method, uuid, body", [("GET", "00000000-0000-0000-0000-000000000000", None), ("POST", "nope", {"name": "x"}), ("DELETE", "nope", None)]
)
def test_unknown_powerpack_is_404(sim, method, uuid, body):
    result = sim.api(method, f"Powerpack/{uuid}/", body)
    assert result.status == 404
    assert set(result.json()) == {"api_id", "error"}


def test_create_with_defaults(sim):
    result = sim.api("POST", "Powerpack/", {"name": "fresh"})
    assert result.status == 200
    body = result.json()
    assert UUID_RE.match(body["uuid"]) and UUID_RE.match(body["api_id"])
    assert body["sticky_sender"] is True and body["local_connect"] is True
    assert body["application_type"] == "" and body["application_id"] == ""
    assert CREATED_ON_RE.match(body["created_on"])
    pool = pool_uuid_of(body)
    assert UUID_RE.match(pool) and pool != body["uuid"]
    assert body["number_pool"] == f"/v1/Account/{sim.auth_id}/NumberPool/{pool}/"
    # The new pool exists and is empty.
    assert sim.api("GET", pool_path(pool, "Number")).json()["meta"]["total_count"] == 0
    assert sim.api("GET", "Powerpack/{}/".format(body["uuid"])).json()["name"] == "fresh"


def test_create_with_every_field(sim):
    body = create_powerpack(
        sim, "full", sticky_sender=False, local_connect="false", application_type="phlo", application_id=PHLO_APP, number_priority=PRIORITIES
    )
    assert body["sticky_sender"] is False and body["local_connect"] is False
    assert body["application_type"] == "PHLO" and body["application_id"] == PHLO_APP
    assert body["number_priority"] == [priority("US", "SMS", "longcode", "tollfree", "shortcode")]


def test_create_accepts_upper_case_service_type_and_string_booleans(sim):
    body = create_powerpack(sim, "strings", sticky_sender="TRUE", number_priority=[priority("ca", "MMS", "shortcode", "longcode", "tollfree")])
    assert body["sticky_sender"] is True
    assert body["number_priority"] == [priority("CA", "MMS", "shortcode", "longcode", "tollfree")]


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({}, "name is required"),
        ({"name": ""}, "name"),
        ({"name": 12}, "name"),
        ({"name": "x", "sticky_sender": "yes"}, "sticky_sender"),
        ({"name": "x", "local_connect": 1}, "local_connect"),
        ({"name": "x", "application_id": XML_APP}, "application_type"),
        ({"name": "x", "application_type": "json", "application_id": XML_APP}, "application_type"),
        ({"name": "x", "application_type": "phlo", "application_id": XML_APP}, "no phlo application"),
        ({"name": "x", "application_type": "xml", "application_id": "999"}, "no xml application"),
        ({"name": "x", "application_type": "xml", "application_id": "abc"}, "application_id"),
        ({"name": "x", "number_priority": {"country_iso": "US"}}, "list"),
        ({"name": "x", "number_priority": [priority("US", "voice", "longcode", "tollfree", "shortcode")]}, "service_type"),
        ({"name": "x", "number_priority": [priority("USA", "sms", "longcode", "tollfree", "shortcode")]}, "country_iso"),
        ({"name": "x", "number_priority": [priority("US", "sms", "longcode", "longcode", "shortcode")]}, "once each"),
        ({"name": "x", "number_priority": [priority("US", "sms", "longcode", "tollfree", "random")]}, "priority3"),
        ({"name": "x", "number_priority": [priority("US", "sms", "longcode", "tollfree", "shortcode")] * 2}, "more than one"),
        ({"name": "x", "number_priority": [{"country_iso": "US", "service_type": "sms"}]}, "priority"),
    ],
)
def test_create_validation_errors_are_400(sim, body, fragment):
    result = sim.api("POST", "Powerpack/", body)
    assert result.status == 400, result
    assert fragment in result.json()["error"]
    assert sim.api("GET", "Powerpack/").json()["meta"]["total_count"] == 1


def test_application_none_or_empty_means_no_application(sim):
    for index, value in enumerate(("none", "", "NONE")):
        body = create_powerpack(sim, f"detached-{index:d}", application_id=value)
        assert body["application_id"] == "" and body["application_type"] == ""


def test_update_changes_only_given_fields(sim):
    body = create_powerpack(sim, "to-update", application_type="xml", application_id=XML_APP, number_priority=PRIORITIES)
    result = sim.api("POST", "Powerpack/{}/".format(body["uuid"]), {"sticky_sender": False, "unknown_key": 1})
    assert result.status == 200
    updated = result.json()
    assert updated["sticky_sender"] is False
    assert updated["name"] == "to-update" and updated["local_connect"] is True
    assert updated["application_id"] == XML_APP and updated["application_type"] == "XML"
    assert updated["number_priority"] == body["number_priority"]
    assert updated["uuid"] == body["uuid"] and updated["number_pool"] == body["number_pool"]
    assert updated["api_id"] != body["api_id"]
    assert sim.api("GET", "Powerpack/{}/".format(body["uuid"])).json()["sticky_sender"] is False


def test_update_name_application_and_detach(sim):
    uuid = POWERPACK_UUID
    renamed = sim.api("POST", f"Powerpack/{uuid}/", {"name": "renamed", "application_type": "phlo", "application_id": PHLO_APP}).json()
    assert renamed["name"] == "renamed" and renamed["application_type"] == "PHLO" and renamed["application_id"] == PHLO_APP
    detached = sim.api("POST", f"Powerpack/{uuid}/", {"application_id": "none"}).json()
    assert detached["application_type"] == "" and detached["application_id"] == ""


def test_update_with_invalid_field_changes_nothing(sim):
    result = sim.api("POST", f"Powerpack/{POWERPACK_UUID}/", {"name": "new-name", "local_connect": "maybe"})
    assert result.status == 400
    assert sim.api("GET", f"Powerpack/{POWERPACK_UUID}/").json()["name"] == "existing"


def test_update_needs_type_with_application_id(sim):
    result = sim.api("POST", f"Powerpack/{POWERPACK_UUID}/", {"application_id": PHLO_APP})
    assert result.status == 400
    assert "application_type" in result.json()["error"]


def test_duplicate_name_is_400_on_create_and_rename(sim):
    result = sim.api("POST", "Powerpack/", {"name": "existing"})
    assert result.status == 400
    assert "already exists" in result.json()["error"]
    other = create_powerpack(sim, "other")
    result = sim.api("POST", "Powerpack/{}/".format(other["uuid"]), {"name": "existing"})
    assert result.status == 400
    # Renaming a Powerpack to its own name is no conflict.
    assert sim.api("POST", f"Powerpack/{POWERPACK_UUID}/", {"name": "existing"}).status == 200


def test_name_uniqueness_is_case_sensitive_by_default(sim):
    assert sim.api("POST", "Powerpack/", {"name": "EXISTING"}).status == 200


def test_delete_keeps_numbers_rented_by_default(sim):
    result = sim.api("DELETE", f"Powerpack/{POWERPACK_UUID}/")
    assert result.status == 200
    body = result.json()
    assert set(body) == {"api_id", "response"} and body["response"] == "success"
    assert sim.api("GET", f"Powerpack/{POWERPACK_UUID}/").status == 404
    # The pool died with its Powerpack.
    assert sim.api("GET", pool_path(POOL_UUID, "Number")).status == 404
    assert sim.api("GET", pool_path(POOL_UUID)).status == 404
    assert {US_FIXED, CA_FIXED, US_TOLLFREE} <= held(sim) | held(sim, "tollfree")
    # ...and free to join another pool.
    pool = pool_uuid_of(create_powerpack(sim, "second"))
    assert sim.api("POST", pool_path(pool, "Number", US_FIXED), {}).status == 200
    assert sim.api("POST", pool_path(pool, "Tollfree", US_TOLLFREE), {}).status == 200


def test_delete_with_unrent_numbers_releases_long_codes_and_tollfree_not_short_codes(sim):
    result = sim.api("DELETE", f"Powerpack/{POWERPACK_UUID}/", {"unrent_numbers": True})
    assert result.status == 200
    numbers = held(sim)
    assert US_FIXED not in numbers and CA_FIXED not in numbers and US_TOLLFREE not in held(sim, "tollfree")
    assert US_FIXED_2 in numbers
    assert CA_SHORTCODE in held(sim, "shortcodes")
    # A released number can no longer be added without renting it again.
    pool = pool_uuid_of(create_powerpack(sim, "after"))
    assert sim.api("POST", pool_path(pool, "Number", US_FIXED), {}).status == 400
    assert sim.api("POST", pool_path(pool, "Number", US_FIXED), {"rent": True}).status == 200


def test_delete_accepts_string_boolean_and_rejects_garbage(sim):
    assert sim.api("DELETE", f"Powerpack/{POWERPACK_UUID}/", {"unrent_numbers": "sometimes"}).status == 400
    assert sim.api("DELETE", f"Powerpack/{POWERPACK_UUID}/", {"unrent_numbers": "true"}).status == 200
    assert US_FIXED not in held(sim)


def test_default_priorities_are_the_four_us_ca_entries(sim):
    body = create_powerpack(sim, "defaults")
    assert priority_set(body["number_priority"]) == priority_set(
        [
            priority("US", "SMS", "shortcode", "tollfree", "longcode"),
            priority("US", "MMS", "shortcode", "tollfree", "longcode"),
            priority("CA", "SMS", "shortcode", "longcode", "tollfree"),
            priority("CA", "MMS", "shortcode", "longcode", "tollfree"),
        ]
    )


def test_update_replaces_number_priority_by_default(sim):
    body = create_powerpack(sim, "replace")
    updated = sim.api("POST", "Powerpack/{}/".format(body["uuid"]), {"number_priority": PRIORITIES}).json()
    assert updated["number_priority"] == [priority("US", "SMS", "longcode", "tollfree", "shortcode")]


def test_list_is_in_creation_order(sim):
    names = ["b", "a", "c"]
    for name in names:
        create_powerpack(sim, name)
    listed = [item["name"] for item in sim.api("GET", "Powerpack/").json()["objects"]]
    assert listed == ["existing", *names]
