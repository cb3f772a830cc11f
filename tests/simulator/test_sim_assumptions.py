"""Every switch for behaviour the real API does not document (defaults are covered by the endpoint tests)."""

from __future__ import annotations

import pytest
from simhelpers import CA_FIXED
from simhelpers import CA_TOLLFREE
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_TOLLFREE
from simhelpers import create_powerpack
from simhelpers import pool_path
from simhelpers import priority

ALTERNATIVES = {
    "duplicate_name": "conflict",
    "name_match": "ignore-case",
    "add_existing": "ok",
    "remove_missing": "400",
    "priority_update": "merge",
    "default_priorities": "none",
    "delete_status": "204",
    "number_list_tollfree": "include",
    "plus_in_number": "strip",
    "tollfree_field": "both",
}


@pytest.fixture
def alt(module_launch):
    """One simulator with every switch set away from its default."""
    return module_launch(**ALTERNATIVES)


def test_config_shows_the_switches(alt, sim):
    config = alt.config()
    for name, value in ALTERNATIVES.items():
        assert config[name] == value
    assert sim.config()["duplicate_name"] == "error"
    assert "auth_token" not in config


def test_duplicate_name_conflict_is_409(alt):
    result = alt.api("POST", "Powerpack/", {"name": "existing"})
    assert result.status == 409
    assert "already exists" in result.json()["error"]


def test_name_match_ignore_case(alt, sim):
    assert alt.api("POST", "Powerpack/", {"name": "EXISTING"}).status == 409
    other = create_powerpack(alt, "other")
    assert alt.api("POST", "Powerpack/{}/".format(other["uuid"]), {"name": "Existing"}).status == 409
    assert sim.api("POST", "Powerpack/", {"name": "EXISTING"}).status == 200


def test_duplicate_name_allow(launch):
    simulator = launch(duplicate_name="allow")
    first = create_powerpack(simulator, "existing")
    second = create_powerpack(simulator, "existing")
    assert first["uuid"] != second["uuid"]
    assert [item["name"] for item in simulator.api("GET", "Powerpack/").json()["objects"]] == ["existing"] * 3


def test_add_existing_ok_is_idempotent_and_updates_service(alt):
    result = alt.api("POST", pool_path(POOL_UUID, "Number", US_FIXED), {"service": "mms"})
    assert result.status == 200
    assert result.json()["service"] == "mms"
    assert alt.api("GET", pool_path(POOL_UUID, "Number")).json()["meta"]["total_count"] == 3  # 2 long codes + 1 toll-free
    # Still one pool per number.
    pool = create_powerpack(alt, "second")["number_pool"].split("/")[5]
    assert alt.api("POST", pool_path(pool, "Number", US_FIXED), {}).status == 400


def test_remove_missing_400(alt):
    result = alt.api("DELETE", pool_path(POOL_UUID, "Number", US_FIXED_2))
    assert result.status == 400
    assert "not in this number pool" in result.json()["error"]


def test_remove_missing_ok(launch):
    simulator = launch(remove_missing="ok")
    for path in (pool_path(POOL_UUID, "Number", US_FIXED_2), pool_path(POOL_UUID, "Tollfree", CA_TOLLFREE), pool_path(POOL_UUID, "Shortcode", "55555")):
        result = simulator.api("DELETE", path)
        assert result.status == 200 and result.json()["response"] == "success"
    # An unknown pool is still 404.
    assert simulator.api("DELETE", pool_path("no-pool", "Number", US_FIXED_2)).status == 404


def test_priority_update_merge(alt):
    us_sms = priority("US", "SMS", "shortcode", "tollfree", "longcode")
    body = create_powerpack(alt, "merge", number_priority=[us_sms, priority("CA", "SMS", "shortcode", "longcode", "tollfree")])
    changes = [priority("CA", "sms", "longcode", "shortcode", "tollfree"), priority("US", "mms", "tollfree", "longcode", "shortcode")]
    updated = alt.api("POST", "Powerpack/{}/".format(body["uuid"]), {"number_priority": changes}).json()
    merged = [us_sms, priority("CA", "SMS", "longcode", "shortcode", "tollfree"), priority("US", "MMS", "tollfree", "longcode", "shortcode")]
    assert updated["number_priority"] == merged


def test_default_priorities_none(alt):
    assert create_powerpack(alt, "bare")["number_priority"] == []


def test_delete_status_204_has_no_body(alt):
    for path in (
        pool_path(POOL_UUID, "Number", US_FIXED),
        pool_path(POOL_UUID, "Tollfree", US_TOLLFREE),
        pool_path(POOL_UUID, "Shortcode", "444444"),
        f"Powerpack/{POWERPACK_UUID}/",
    ):
        result = alt.api("DELETE", path)
        assert result.status == 204 and result.body == b""
    assert alt.api("GET", f"Powerpack/{POWERPACK_UUID}/").status == 404


def test_delete_status_202(launch):
    simulator = launch(delete_status="202")
    result = simulator.api("DELETE", f"Powerpack/{POWERPACK_UUID}/")
    assert result.status == 202 and result.json()["response"] == "success"


def test_number_list_includes_tollfree(alt):
    body = alt.api("GET", pool_path(POOL_UUID, "Number")).json()
    assert [(item["number"], item["type"]) for item in body["objects"]] == [(US_FIXED, "fixed"), (CA_FIXED, "fixed"), (US_TOLLFREE, "tollfree")]
    assert [item["number"] for item in alt.api("GET", pool_path(POOL_UUID, "Number"), query={"type": "tollfree"}).json()["objects"]] == [US_TOLLFREE]
    assert alt.api("GET", pool_path(POOL_UUID, "Number", US_TOLLFREE)).status == 200
    # A rented toll-free can be added through the Number endpoint and shows on the Tollfree list too.
    assert alt.api("POST", pool_path(POOL_UUID, "Number", CA_TOLLFREE), {}).status == 200
    tollfree = [item["number"] for item in alt.api("GET", pool_path(POOL_UUID, "Tollfree")).json()["objects"]]
    assert tollfree == [US_TOLLFREE, CA_TOLLFREE]
    assert alt.api("DELETE", pool_path(POOL_UUID, "Number", US_TOLLFREE)).status == 204
    assert alt.api("GET", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE)).status == 404


def test_plus_in_number_strip(alt):
    result = alt.api("POST", pool_path(POOL_UUID, "Number", "+" + US_FIXED_2), {})
    assert result.status == 200 and result.json()["number"] == US_FIXED_2
    assert alt.api("GET", pool_path(POOL_UUID, "Number", "%2B" + US_FIXED_2)).status == 200


def test_tollfree_field_both(alt):
    [item] = alt.api("GET", pool_path(POOL_UUID, "Tollfree")).json()["objects"]
    assert item["number"] == US_TOLLFREE and item["tollfree"] == US_TOLLFREE


def test_tollfree_field_tollfree(launch):
    simulator = launch(tollfree_field="tollfree")
    [item] = simulator.api("GET", pool_path(POOL_UUID, "Tollfree")).json()["objects"]
    assert item["tollfree"] == US_TOLLFREE and "number" not in item
    single = simulator.api("GET", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE)).json()
    assert single["tollfree"] == US_TOLLFREE and "number" not in single
    # Long codes keep "number".
    assert simulator.api("GET", pool_path(POOL_UUID, "Number", US_FIXED)).json()["number"] == US_FIXED
