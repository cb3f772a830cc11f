"""The in-process adapter (plivosim/inprocess.py) answers like the HTTP server: same answers, log, faults, connections."""

from __future__ import annotations

import pytest
import requests
from plivosim.inprocess import InProcessSimulator
from simhelpers import CA_FIXED
from simhelpers import CA_SHORTCODE
from simhelpers import NOT_RENTED
from simhelpers import POOL_UUID
from simhelpers import POWERPACK_UUID
from simhelpers import US_FIXED
from simhelpers import US_FIXED_2
from simhelpers import US_TOLLFREE
from simhelpers import base_seed
from simhelpers import pool_path

API = "https://api.plivo.test"
# Keys whose values are fresh on every run (uuids, times), compared by presence only.
FRESH_KEYS = ("api_id", "uuid", "number_pool", "created_on", "added_on")
LOG_KEYS_COMPARED = ("method", "path", "query", "body", "status", "applied_status", "fault")

# (method, path relative to the account, JSON body, query): a mix of answers, errors included.
REQUESTS = [
    ("GET", "Powerpack/", None, None),
    ("GET", "Powerpack/", None, {"limit": "1", "offset": "0"}),
    ("GET", f"Powerpack/{POWERPACK_UUID}/", None, None),
    ("GET", "Powerpack/00000000-0000-4000-8000-000000000000/", None, None),
    ("POST", "Powerpack/", {"name": "made-in-both", "sticky_sender": "false"}, None),
    ("POST", "Powerpack/", {"name": "existing"}, None),
    ("POST", f"Powerpack/{POWERPACK_UUID}/", {"local_connect": True, "token": "secret"}, None),
    ("GET", pool_path(POOL_UUID), None, None),
    ("GET", pool_path(POOL_UUID, "Number"), None, {"service": "mms"}),
    ("GET", pool_path(POOL_UUID, "Number", CA_FIXED), None, None),
    ("POST", pool_path(POOL_UUID, "Number", US_FIXED_2), {"service": "mms"}, None),
    ("POST", pool_path(POOL_UUID, "Number", NOT_RENTED), {}, None),
    ("DELETE", pool_path(POOL_UUID, "Number", US_FIXED), {"unrent": True}, None),
    ("GET", pool_path(POOL_UUID, "Tollfree", US_TOLLFREE), None, None),
    ("DELETE", pool_path(POOL_UUID, "Shortcode", CA_SHORTCODE), None, None),
    ("POST", pool_path(POOL_UUID, "Shortcode", CA_SHORTCODE), {}, None),
    ("GET", f"Number/{US_FIXED}/", None, None),
    ("GET", "Powerpack/", None, {"limit": "0"}),
    ("DELETE", f"Powerpack/{POWERPACK_UUID}/", {"unrent_numbers": False}, None),
]


def normalised(body):
    if isinstance(body, dict):
        return {key: ("<fresh>" if key in FRESH_KEYS else normalised(value)) for key, value in body.items()}
    if isinstance(body, list):
        return [normalised(item) for item in body]
    return body


def summary(response):
    content_type = response.headers.get("Content-Type")
    body = response.json() if response.content else None
    return response.status_code, sorted(response.headers), content_type, response.headers.get("Content-Length"), normalised(body)


def http_session(sim):
    session = requests.Session()
    session.auth = (sim.auth_id, sim.auth_token)
    return session


@pytest.fixture
def inproc():
    return InProcessSimulator(seed=base_seed(), base_url=API)


def in_session(simulator):
    session = simulator.session()
    session.auth = simulator.credentials
    return session


def send(session, base, auth_id, call, **kwargs):
    method, path, body, query = call
    return session.request(method, f"{base}/v1/Account/{auth_id}/{path}", json=body, params=query, **kwargs)


def test_same_answers_and_log_as_the_http_server(sim, inproc):
    over_http, in_process = http_session(sim), in_session(inproc)
    for call in REQUESTS:
        expected = send(over_http, sim.base_url, sim.auth_id, call)
        answered = send(in_process, API, inproc.auth_id, call)
        assert summary(answered) == summary(expected), call
    assert sim.state() == normalised_state(inproc.state(), sim.state())
    logged = [{key: entry[key] for key in LOG_KEYS_COMPARED} for entry in sim.requests()]
    assert [{key: entry[key] for key in LOG_KEYS_COMPARED} for entry in inproc.requests()] == logged
    assert [entry["seq"] for entry in inproc.requests()] == list(range(1, len(REQUESTS) + 1))
    assert all(entry["duration_ms"] >= 0 for entry in inproc.requests())


def normalised_state(state, like):
    """``state`` with the uuid and creation time of the Powerpack created in the test taken from ``like``."""
    made = {pp["name"]: pp for pp in like["powerpacks"]}
    for powerpack in state["powerpacks"]:
        for key in ("uuid", "number_pool_uuid", "created_on"):
            powerpack[key] = made[powerpack["name"]][key]
    for kind in ("numbers", "tollfree"):
        added = {entry["number"]: entry["added_on"] for entry in like[kind]}
        for entry in state[kind]:
            entry["added_on"] = added.get(entry["number"], entry["added_on"])
    return state


def test_authentication_and_other_accounts(inproc):
    session = inproc.session()
    url = inproc.account_url + "Powerpack/"
    assert session.get(url).status_code == 401
    assert session.get(url, auth=(inproc.auth_id, "wrong")).status_code == 401
    other = url.replace(inproc.auth_id, "MAOTHERACCOUNT000001")
    assert session.get(other, auth=inproc.credentials).status_code == 401
    assert [entry["status"] for entry in inproc.requests()] == [401, 401, 401]


def test_other_hosts_are_refused_without_a_request(inproc):
    session = in_session(inproc)
    for url in ("https://api.plivo.com/v1/", "http://api.plivo.test/v1/", "https://api.plivo.test:8443/v1/"):
        with pytest.raises(requests.exceptions.ConnectionError, match="Connection refused"):
            session.get(url)
    assert inproc.requests() == [] and inproc.connections()["total"] == 0


# --- faults ---------------------------------------------------------------------------------------------------------


def test_status_fault_answers_instead_of_the_handler(sim, inproc):
    rule = {"method": "POST", "path": "/Powerpack/$", "status": 503, "retry_after": "2", "headers": {"X-Fault": "yes"}}
    sim.add_fault(**rule)
    inproc.add_fault(**rule)
    call = ("POST", "Powerpack/", {"name": "faulted"}, None)
    expected = send(http_session(sim), sim.base_url, sim.auth_id, call)
    answered = send(in_session(inproc), API, inproc.auth_id, call)
    assert summary(answered) == summary(expected)
    assert answered.status_code == 503 and answered.headers["Retry-After"] == "2" and answered.headers["X-Fault"] == "yes"
    assert [pp["name"] for pp in inproc.state()["powerpacks"]] == ["existing"]
    (entry,) = inproc.requests()
    assert (entry["status"], entry["applied_status"], entry["fault"]) == (503, None, "status")
    assert inproc.faults() == []


def test_after_apply_fault_applies_the_request_and_loses_the_answer(inproc):
    inproc.add_fault(method="POST", path="/Powerpack/$", status=502, body="<html>bad gateway</html>", content_type="text/html", after_apply=True)
    answered = in_session(inproc).post(inproc.account_url + "Powerpack/", json={"name": "applied"})
    assert answered.status_code == 502 and answered.text == "<html>bad gateway</html>" and answered.headers["Content-Type"] == "text/html"
    assert [pp["name"] for pp in inproc.state()["powerpacks"]] == ["existing", "applied"]
    (entry,) = inproc.requests()
    assert (entry["status"], entry["applied_status"], entry["fault"]) == (502, 200, "status")


@pytest.mark.parametrize("after_apply", [False, True])
def test_drop_raises_what_a_closed_connection_gives(sim, inproc, after_apply):
    rule = {"method": "DELETE", "path": "/Number/", "drop": True, "after_apply": after_apply}
    sim.add_fault(**rule)
    inproc.add_fault(**rule)
    call = ("DELETE", pool_path(POOL_UUID, "Number", US_FIXED), {}, None)
    with pytest.raises(requests.exceptions.ConnectionError) as over_http:
        send(http_session(sim), sim.base_url, sim.auth_id, call)
    with pytest.raises(requests.exceptions.ConnectionError) as in_process:
        send(in_session(inproc), API, inproc.auth_id, call)
    assert repr(in_process.value) == repr(over_http.value)
    assert isinstance(in_process.value.args[0], type(over_http.value.args[0]))
    members = [member["number"] for member in inproc.state()["powerpacks"][0]["numbers"]]
    assert (US_FIXED in members) is not after_apply
    (entry,) = inproc.requests()
    assert (entry["status"], entry["applied_status"], entry["fault"]) == (0, 200 if after_apply else None, "drop")


def test_delays_beyond_the_read_timeout_raise_read_timeout(inproc):
    slept = []
    inproc.sleep = slept.append
    inproc.add_fault(method="GET", path="/Powerpack/$", delay_ms=31000)  # a slow answer: the real handler runs
    session = in_session(inproc)
    with pytest.raises(requests.exceptions.ReadTimeout, match=r"Read timed out\. \(read timeout=30\)"):
        session.get(inproc.account_url + "Powerpack/", timeout=30)
    assert slept == [31.0]
    (entry,) = inproc.requests()
    assert (entry["status"], entry["applied_status"], entry["fault"]) == (200, 200, "delay")
    inproc.add_fault(method="GET", path="/Powerpack/$", delay_ms=500)
    assert session.get(inproc.account_url + "Powerpack/", timeout=(5, 1)).status_code == 200
    assert inproc.connections()["accepted"] == 2  # the timed-out connection was given up


def test_latency_is_not_slept_unless_asked():
    quiet = InProcessSimulator(seed=base_seed(), latency_ms=50)
    assert in_session(quiet).get(quiet.account_url + "Powerpack/").status_code == 200
    slept = []
    recorded = InProcessSimulator(seed=base_seed(), latency_ms=50, sleep=slept.append)
    assert in_session(recorded).get(recorded.account_url + "Powerpack/").status_code == 200
    assert slept == [0.05]


# --- connections ----------------------------------------------------------------------------------------------------


def test_one_connection_per_session(inproc):
    first, second = in_session(inproc), in_session(inproc)
    assert [first.get(inproc.account_url + "Powerpack/").status_code for attempt in range(3)] == [200, 200, 200]
    assert second.get(inproc.account_url + "Powerpack/").status_code == 200
    assert inproc.connections() == {"accepted": 2, "control": 0, "total": 2}
    ids = [entry["connection_id"] for entry in inproc.requests()]
    assert ids[:3] == [ids[0]] * 3 and ids[3] != ids[0]


def test_a_dropped_connection_is_reopened_like_over_tcp(sim, inproc):
    for simulator, base in ((sim, sim.base_url), (inproc, API)):
        simulator.reset_connections()
        simulator.add_fault(method="GET", path="/Powerpack/$", drop=True)
        session = http_session(simulator) if simulator is sim else in_session(simulator)
        url = f"{base}/v1/Account/{simulator.auth_id}/Powerpack/"
        with pytest.raises(requests.exceptions.ConnectionError):
            session.get(url)
        assert session.get(url).status_code == 200
        assert simulator.connections()["accepted"] == 2


def test_control_plane_through_a_session(inproc):
    session = inproc.session()
    assert session.get(API + "/_sim/config").json()["auth_id"] == inproc.auth_id
    assert inproc.connections() == {"accepted": 0, "control": 1, "total": 1}
    assert inproc.requests() == []


def test_settings_and_profile(inproc):
    recorded = InProcessSimulator(seed=base_seed(), profile="recorded", meta_links="absent")
    answer = in_session(recorded).get(recorded.account_url + f"Powerpack/{POWERPACK_UUID}/").json()
    assert "number_priority" not in answer
    assert recorded.config()["profile"] == "recorded" and recorded.config()["meta_links"] == "absent"
    assert "next" not in in_session(recorded).get(recorded.account_url + "Powerpack/").json()["meta"]
    assert inproc.config()["profile"] == "default"
    with pytest.raises(TypeError):
        InProcessSimulator(settings=recorded.settings, profile="recorded")


def test_control_calls(inproc):
    assert inproc.reset({"numbers": [US_FIXED]})["numbers"][0]["number"] == US_FIXED
    assert inproc.state()["powerpacks"] == []
    rule = inproc.add_fault(status=500, times=2)
    assert inproc.faults() == [rule] and rule["remaining"] == 2
    inproc.clear_faults()
    assert inproc.faults() == []
    in_session(inproc).post(inproc.account_url + "Powerpack/", json={"name": "x"})
    assert [entry["method"] for entry in inproc.write_requests()] == ["POST"]
    inproc.clear_requests()
    assert inproc.requests() == []
    assert inproc.reset_connections() == {"accepted": 0, "control": 0, "total": 0}
    assert inproc.load_state(base_seed())["powerpacks"][0]["uuid"] == POWERPACK_UUID
