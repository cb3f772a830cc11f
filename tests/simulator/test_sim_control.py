"""The /_sim/ control plane: reset, state dump and load, request log, connections, errors."""

from __future__ import annotations

import pytest
from harness import SimulatorError
from harness import http_request
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED_2
from simhelpers import create_powerpack
from simhelpers import pool_path


def test_reset_without_body_restores_the_start_seed(sim):
    create_powerpack(sim, "temporary")
    sim.add_fault(status=500, path="nothing-matches-this")
    sim.api("GET", "Powerpack/")
    sim.reset()
    assert [item["name"] for item in sim.state()["powerpacks"]] == ["existing"]
    assert sim.faults() == [] and sim.requests() == []
    assert sim.connections()["accepted"] == 0


def test_reset_with_a_seed(sim):
    state = sim.reset({"numbers": ["14155550111"], "powerpacks": [{"name": "only", "numbers": ["14155550111"]}]})
    assert [item["name"] for item in state["powerpacks"]] == ["only"]
    assert [item["number"] for item in sim.state()["numbers"]] == ["14155550111"]
    # The start seed stays the default for the next reset.
    sim.reset()
    assert sim.state()["powerpacks"][0]["uuid"] == POWERPACK_UUID


def test_invalid_reset_keeps_the_state(sim):
    with pytest.raises(SimulatorError) as error:
        sim.reset({"powerpacks": [{"name": "x", "numbers": ["not-a-number"]}]})
    assert "400" in str(error.value) and "powerpacks[0].numbers[0]" in str(error.value)
    assert sim.state()["powerpacks"][0]["name"] == "existing"


def test_state_dump_and_load_round_trip(sim):
    created = create_powerpack(sim, "round-trip", application_type="phlo", application_id="52049172843311907")
    sim.api("POST", pool_path(POOL_UUID, "Number", US_FIXED_2), {"service": "mms"})
    dump = sim.state()
    before = sim.api("GET", "Powerpack/{}/".format(created["uuid"])).json()
    numbers_before = sim.api("GET", pool_path(POOL_UUID, "Number")).json()["objects"]
    sim.reset({})
    assert sim.state()["powerpacks"] == []
    assert sim.load_state(dump) == dump
    assert sim.state() == dump
    after = sim.api("GET", "Powerpack/{}/".format(created["uuid"])).json()
    before.pop("api_id")
    after.pop("api_id")
    assert after == before
    assert sim.api("GET", pool_path(POOL_UUID, "Number")).json()["objects"] == numbers_before


def test_state_dump_shape(sim):
    state = sim.state()
    assert set(state) == {"auth_id", "applications", "numbers", "tollfree", "shortcodes", "unavailable_numbers", "powerpacks"}
    [powerpack] = state["powerpacks"]
    assert powerpack["number_pool_uuid"] == POOL_UUID
    assert [member["number"] for member in powerpack["numbers"]] == ["14155550101", "14165550190"]
    assert powerpack["shortcodes"][0]["shortcode"] == "444444"


@pytest.mark.parametrize("body", [None, [1, 2], {"powerpacks": "many"}])
def test_invalid_state_load_is_400(sim, body):
    result = http_request(sim.base_url, "PUT", "/_sim/state", body)
    assert result.status == 400 and "error" in result.json()
    assert sim.state()["powerpacks"][0]["name"] == "existing"


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("GET", "/_sim/nothing", 404),
        ("GET", "/_sim", 404),
        ("POST", "/_sim/state", 405),
        ("GET", "/_sim/reset", 405),
        ("GET", "/_sim/requests?since=abc", 400),
        ("POST", "/_sim/faults", 400),
    ],
)
def test_control_errors(sim, method, path, status):
    result = http_request(sim.base_url, method, path)
    assert result.status == status
    assert "error" in result.json()


def test_control_plane_needs_no_auth_and_is_not_logged_or_limited(launch):
    simulator = launch(rate_limit=1)
    for _dummy in range(5):
        assert http_request(simulator.base_url, "GET", "/_sim/state/").status == 200
    assert simulator.requests() == []
    assert simulator.api("GET", "Powerpack/").status == 200


def test_connection_counter(sim):
    for _dummy in range(3):
        sim.api("GET", "Powerpack/")
    snapshot = sim.connections()
    assert snapshot["accepted"] == 3 and snapshot["control"] >= 1 and snapshot["total"] >= 4
    assert sim.reset_connections()["accepted"] == 0
    sim.api("GET", "Powerpack/")
    assert sim.connections()["accepted"] == 1
