"""Fault injection through /_sim/faults."""

from __future__ import annotations

import http.client
import time

import pytest
from harness import SimulatorError
from simhelpers import POWERPACK_UUID


def powerpack_names(sim):
    return [item["name"] for item in sim.state()["powerpacks"]]


def test_status_fault_with_retry_after_then_normal(sim):
    rule = sim.add_fault(method="POST", path="/Powerpack/$", status=503, retry_after="2")
    assert rule["remaining"] == 1 and rule["kind"] == "status"
    result = sim.api("POST", "Powerpack/", {"name": "faulted"})
    assert result.status == 503
    assert result.headers["retry-after"] == "2"
    assert set(result.json()) == {"api_id", "error"}
    assert "faulted" not in powerpack_names(sim)
    [entry] = sim.requests()
    assert (entry["status"], entry["fault"], entry["applied_status"], entry["body"]) == (503, "status", None, {"name": "faulted"})
    assert sim.faults() == []
    assert sim.api("POST", "Powerpack/", {"name": "faulted"}).status == 200


def test_status_fault_without_retry_after(sim):
    sim.add_fault(status=500)
    result = sim.api("GET", "Powerpack/")
    assert result.status == 500 and "retry-after" not in result.headers


def test_html_body(sim):
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    sim.add_fault(method="GET", status=502, body=html, content_type="text/html")
    result = sim.api("GET", "Powerpack/")
    assert result.status == 502
    assert result.headers["content-type"] == "text/html"
    assert result.text == html


def test_json_body_and_extra_headers(sim):
    sim.add_fault(status=400, body={"error": {"error": "nested"}}, headers={"X-Test": "yes"})
    result = sim.api("GET", "Powerpack/")
    assert result.status == 400 and result.json() == {"error": {"error": "nested"}}
    assert result.headers["content-type"] == "application/json" and result.headers["x-test"] == "yes"


def test_times_n_then_normal(sim):
    sim.add_fault(method="GET", path="Powerpack", status=429, times=3)
    assert [sim.api("GET", "Powerpack/").status for dummy in range(4)] == [429, 429, 429, 200]


def test_unlimited_until_cleared(sim):
    sim.add_fault(method="GET", status=503, times=None)
    assert [sim.api("GET", "Powerpack/").status for dummy in range(3)] == [503] * 3
    assert sim.faults()[0]["remaining"] is None
    sim.clear_faults()
    assert sim.api("GET", "Powerpack/").status == 200


def test_method_and_path_select_requests(sim):
    sim.add_fault(method="DELETE", path="/Tollfree/", status=500, times=5)
    assert sim.api("GET", "Powerpack/").status == 200
    assert sim.api("DELETE", "Powerpack/nope/").status == 404
    assert sim.api("DELETE", "NumberPool/x/Tollfree/18005550199/").status == 500
    assert sim.faults()[0]["remaining"] == 4


def test_rules_apply_in_order(sim):
    sim.add_fault(status=501)
    sim.add_fault(status=502)
    assert [sim.api("GET", "Powerpack/").status for dummy in range(3)] == [501, 502, 200]


def test_faults_come_before_authentication(sim):
    sim.add_fault(status=503)
    assert sim.api("GET", "Powerpack/", auth=None).status == 503


def test_control_plane_is_never_faulted(sim):
    sim.add_fault(path=".*", status=500, times=None)
    assert sim.state()["powerpacks"]
    assert len(sim.faults()) == 1


def test_delay_only_fault_slows_a_real_answer(sim):
    sim.add_fault(method="GET", delay_ms=300)
    started = time.monotonic()
    result = sim.api("GET", "Powerpack/")
    assert result.status == 200 and time.monotonic() - started >= 0.3
    [entry] = sim.requests()
    assert entry["fault"] == "delay" and entry["status"] == 200
    started = time.monotonic()
    sim.api("GET", "Powerpack/")
    assert time.monotonic() - started < 0.3


def test_delay_with_status(sim):
    sim.add_fault(delay_ms=200, status=504)
    started = time.monotonic()
    assert sim.api("GET", "Powerpack/").status == 504
    assert time.monotonic() - started >= 0.2


def test_drop_closes_the_connection_without_answer(sim):
    sim.add_fault(method="POST", path="/Powerpack/$", drop=True)
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        sim.api("POST", "Powerpack/", {"name": "dropped"})
    assert "dropped" not in powerpack_names(sim)
    [entry] = sim.requests()
    assert entry["status"] == 0 and entry["fault"] == "drop" and entry["applied_status"] is None
    assert sim.api("POST", "Powerpack/", {"name": "dropped"}).status == 200


def test_after_apply_status_the_change_happens_but_the_answer_is_lost(sim):
    sim.add_fault(method="POST", path="/Powerpack/$", status=500, after_apply=True)
    result = sim.api("POST", "Powerpack/", {"name": "applied"})
    assert result.status == 500
    assert "applied" in powerpack_names(sim)
    [entry] = sim.requests()
    assert (entry["status"], entry["applied_status"], entry["fault"]) == (500, 200, "status")
    # A retry by a naive client now hits the name check.
    assert sim.api("POST", "Powerpack/", {"name": "applied"}).status == 400


def test_after_apply_drop(sim):
    sim.add_fault(method="DELETE", drop=True, after_apply=True)
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        sim.api("DELETE", f"Powerpack/{POWERPACK_UUID}/")
    assert sim.state()["powerpacks"] == []
    [entry] = sim.requests()
    assert (entry["status"], entry["applied_status"]) == (0, 200)


def test_faulted_requests_are_logged(sim):
    sim.add_fault(status=503, times=2)
    for _dummy in range(3):
        sim.api("GET", "Powerpack/")
    assert [(entry["status"], entry["fault"]) for entry in sim.requests()] == [(503, "status"), (503, "status"), (200, None)]


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 503, "tims": 2},
        {"path": "(", "status": 500},
        {"status": 500, "times": 0},
        {"status": "500"},
        {"status": 700},
        {"method": "GET"},
        {"drop": "yes"},
        {"delay_ms": -5},
    ],
)
def test_invalid_rules_are_rejected(sim, rule):
    with pytest.raises(SimulatorError) as error:
        sim.add_fault(**rule)
    assert "400" in str(error.value)
    assert sim.faults() == []


def test_fault_list_and_clear(sim):
    sim.add_fault(method="post", path="Number", status=500, times=2)
    [rule] = sim.faults()
    assert rule["method"] == "post" and rule["remaining"] == 2 and rule["id"]
    sim.clear_faults()
    assert sim.faults() == []
