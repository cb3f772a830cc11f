"""HTTP behaviour: authentication, trailing slashes, 404/405, JSON bodies, keep-alive, request log, latency."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import time

import pytest
from harness import basic_auth_header
from simhelpers import CA_SHORTCODE
from simhelpers import CA_TOLLFREE
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_TOLLFREE

POOL = f"NumberPool/{POOL_UUID}"
# One call per endpoint (the 17 of the reference), each expected to succeed on the base seed.
ENDPOINTS = [
    ("GET", "Powerpack", None),
    ("GET", f"Powerpack/{POWERPACK_UUID}", None),
    ("POST", "Powerpack", {"name": "slashes"}),
    ("POST", f"Powerpack/{POWERPACK_UUID}", {"sticky_sender": False}),
    ("DELETE", f"Powerpack/{POWERPACK_UUID}", {"unrent_numbers": False}),
    ("GET", POOL, None),
    ("GET", POOL + "/Number", None),
    ("GET", POOL + "/Number/" + US_FIXED, None),
    ("POST", POOL + "/Number/" + US_FIXED_2, {"service": "sms"}),
    ("DELETE", POOL + "/Number/" + US_FIXED, {"unrent": False}),
    ("GET", POOL + "/Shortcode", None),
    ("GET", POOL + "/Shortcode/" + CA_SHORTCODE, None),
    ("DELETE", POOL + "/Shortcode/" + CA_SHORTCODE, None),
    ("POST", POOL + "/Tollfree/" + CA_TOLLFREE, None),
    ("GET", POOL + "/Tollfree", None),
    ("GET", POOL + "/Tollfree/" + US_TOLLFREE, None),
    ("DELETE", POOL + "/Tollfree/" + US_TOLLFREE, {"unrent": False}),
]


@pytest.mark.parametrize("slashes", ["", "/", "//"])
@pytest.mark.parametrize("method, path, body", ENDPOINTS)
def test_every_endpoint_accepts_zero_one_or_two_trailing_slashes(sim, method, path, body, slashes):
    result = sim.api(method, path + slashes, body)
    assert result.status == 200, result
    assert "api_id" in result.json()
    assert int(result.headers["content-length"]) == len(result.body)


@pytest.mark.parametrize("method, path, body", ENDPOINTS)
def test_three_trailing_slashes_are_not_found(sim, method, path, body):
    assert sim.api(method, path + "///", body).status == 404


@pytest.mark.parametrize("auth", [None, ("MASIMULATOR000000001", "wrong-token"), ("MAOTHER0000000000001", "x")])
def test_bad_credentials_are_401_with_json_error(sim, auth):
    result = sim.api("GET", "Powerpack/", auth=auth)
    assert result.status == 401
    body = result.json()
    assert set(body) == {"api_id", "error"} and body["error"]


@pytest.mark.parametrize("header", ["Bearer abc", "Basic !!!notbase64", "Basic " + "bm9jb2xvbg=="])
def test_malformed_authorization_header_is_401(sim, header):
    result = sim.api("GET", "Powerpack/", auth=None, headers={"Authorization": header})
    assert result.status == 401


def test_auth_id_in_path_must_match_the_credentials(sim):
    other = "/v1/Account/MAOTHER0000000000001/Powerpack/"
    result = sim.api("GET", other)
    assert result.status == 401
    assert "path" in result.json()["error"]


def test_auth_is_checked_before_routing(sim):
    assert sim.api("GET", "NoSuchThing/", auth=None).status == 401
    assert sim.api("GET", "NoSuchThing/").status == 404


@pytest.mark.parametrize("path", ["/", "/v1/", "/v1/Account/", "/v2/Account/MASIMULATOR000000001/Powerpack/"])
def test_paths_outside_the_api_are_404(sim, path):
    result = sim.api("GET", path)
    assert result.status == 404
    assert "error" in result.json()


@pytest.mark.parametrize(
    "method, path",
    [
        ("PUT", "Powerpack/"),
        ("DELETE", "Powerpack/"),
        ("PATCH", f"Powerpack/{POWERPACK_UUID}/"),
        ("POST", POOL + "/"),
        ("POST", POOL + "/Number/"),
        ("PUT", POOL + f"/Tollfree/{US_TOLLFREE}/"),
    ],
)
def test_unsupported_methods_are_405_with_allow(sim, method, path):
    result = sim.api(method, path, {})
    assert result.status == 405
    assert method not in result.headers["allow"].split(", ")
    assert set(result.json()) == {"api_id", "error"}


@pytest.mark.parametrize("method, path", [("POST", "Powerpack/"), ("DELETE", f"Powerpack/{POWERPACK_UUID}/")])
@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"name"', "\xff"])
def test_invalid_json_bodies_are_400(sim, method, path, raw):
    result = sim.api(method, path, raw.encode("latin-1"), headers={"Content-Type": "application/json"})
    assert result.status == 400
    assert "JSON" in result.json()["error"]
    assert sim.api("GET", f"Powerpack/{POWERPACK_UUID}/").status == 200


def test_unknown_query_parameters_and_body_keys_are_ignored(sim):
    assert sim.api("GET", "Powerpack/", query={"name": "x", "foo": "bar"}).status == 200
    result = sim.api("POST", "Powerpack/", {"name": "ignored-keys", "colour": "blue", "nested": {"a": 1}})
    assert result.status == 200
    assert "colour" not in result.json()


def test_api_ids_are_fresh(sim):
    ids = {sim.api("GET", "Powerpack/").json()["api_id"] for dummy in range(5)}
    assert len(ids) == 5


def test_keep_alive_requests_share_one_connection(sim):
    sim.reset_connections()
    connection = http.client.HTTPConnection("127.0.0.1", int(sim.base_url.rsplit(":", 1)[1]), timeout=10)
    headers = {"Authorization": basic_auth_header(sim.auth_id, sim.auth_token), "Content-Type": "application/json"}
    try:
        for _dummy in range(4):
            connection.request("GET", sim.account_path + "Powerpack/", headers=headers)
            response = connection.getresponse()
            assert response.status == 200
            assert response.getheader("Connection", "").lower() != "close"
            response.read()
        connection.request("POST", sim.account_path + "Powerpack/", body=json.dumps({"name": "keep-alive"}), headers=headers)
        response = connection.getresponse()
        assert response.status == 200
        response.read()
        connection.request("DELETE", sim.account_path + "Powerpack/nope/", headers=headers)
        response = connection.getresponse()
        assert response.status == 404
        response.read()
    finally:
        connection.close()
    assert sim.connections()["accepted"] == 1
    entries = sim.requests()
    assert len(entries) == 6
    assert len({entry["connection_id"] for entry in entries}) == 1
    sim.api("GET", "Powerpack/")
    assert sim.connections()["accepted"] == 2
    assert sim.requests()[-1]["connection_id"] != entries[0]["connection_id"]


def test_request_log_entries(sim):
    sim.api("GET", "Powerpack/", query={"limit": "5", "offset": "0"})
    sim.api("POST", "Powerpack/", {"name": "logged", "auth_token": "top-secret", "sticky_sender": True})
    sim.api("GET", "Powerpack/", auth=("MASIMULATOR000000001", "wrong-token"))
    sim.state()  # control-plane calls are not logged
    entries = sim.requests()
    assert [(entry["method"], entry["status"]) for entry in entries] == [("GET", 200), ("POST", 200), ("GET", 401)]
    first, second = entries[0], entries[1]
    assert first["path"] == f"/v1/Account/{sim.auth_id}/Powerpack/"
    assert first["query"] == {"limit": "5", "offset": "0"}
    for key in ("seq", "method", "path", "query", "status", "connection_id", "duration_ms"):
        assert key in first
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert second["seq"] > first["seq"]
    assert second["body"]["name"] == "logged" and second["body"]["auth_token"] == "***"
    dumped = json.dumps(entries)
    assert "top-secret" not in dumped and sim.auth_token not in dumped and "Authorization" not in dumped
    assert [entry["method"] for entry in sim.write_requests()] == ["POST"]
    assert sim.requests(since=second["seq"]) == [entries[2]]
    sim.clear_requests()
    assert sim.requests() == []
    sim.api("GET", "Powerpack/")
    assert sim.requests()[0]["seq"] > entries[2]["seq"]


def test_a_reused_connection_adds_no_delay(sim):
    # Without TCP_NODELAY every answer on a kept-alive connection waited ~40 ms for the client's delayed ACK, which
    # made connection reuse look slower than a new connection per request.
    connection = http.client.HTTPConnection("127.0.0.1", int(sim.base_url.rsplit(":", 1)[1]), timeout=10)
    headers = {"Authorization": basic_auth_header(sim.auth_id, sim.auth_token)}
    seconds = []
    try:
        for _dummy in range(15):
            started = time.monotonic()
            connection.request("GET", sim.account_path + "Powerpack/", headers=headers)
            response = connection.getresponse()
            response.read()
            seconds.append(time.monotonic() - started)
    finally:
        connection.close()
    assert sorted(seconds)[len(seconds) // 2] < 0.02, seconds


def test_latency_is_added_to_api_requests_only(launch):
    simulator = launch(latency_ms=300)
    started = time.monotonic()
    assert simulator.api("GET", "Powerpack/").status == 200
    assert time.monotonic() - started >= 0.3
    assert simulator.requests()[0]["duration_ms"] >= 300
    started = time.monotonic()
    simulator.state()
    assert time.monotonic() - started < 0.3


def test_chunked_request_body(sim):
    connection = http.client.HTTPConnection("127.0.0.1", int(sim.base_url.rsplit(":", 1)[1]), timeout=10)
    headers = {"Authorization": basic_auth_header(sim.auth_id, sim.auth_token), "Content-Type": "application/json"}
    try:
        connection.request("POST", sim.account_path + "Powerpack/", body=iter([b'{"name": ', b'"chunked"}']), headers=headers, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["name"] == "chunked"
    finally:
        connection.close()


def test_concurrent_creates_with_one_name_succeed_once(sim):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        same = list(pool.map(lambda index: sim.api("POST", "Powerpack/", {"name": "race"}).status, range(8)))
        unique = list(pool.map(lambda index: sim.api("POST", "Powerpack/", {"name": f"u-{index:d}"}).status, range(16)))
    assert sorted(same) == [200] + [400] * 7
    assert unique == [200] * 16
    assert sim.api("GET", "Powerpack/").json()["meta"]["total_count"] == 1 + 1 + 16
