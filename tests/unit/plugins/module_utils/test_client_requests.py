# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the client puts on the wire: URL, headers, auth, bodies, timeout, TLS verification, path quoting, and the
connections (sessions) it opens."""

from __future__ import annotations

import base64
import platform
import threading

import pytest
import yaml
from ansible.module_utils.ansible_release import __version__ as ansible_core_version

from ansible_collections.plivo.messaging.plugins.module_utils._client import build_path
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils._version import COLLECTION_VERSION
from ansible_collections.plivo.messaging.plugins.module_utils._version import user_agent
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_TOKEN
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import BASE_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import FIXTURES
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import connection_refused
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import load_fixture
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import reply


def test_collection_version_matches_galaxy_yml():
    galaxy = yaml.safe_load((FIXTURES.parents[2] / "galaxy.yml").read_text(encoding="utf-8"))
    assert galaxy["version"] == COLLECTION_VERSION


def test_user_agent_names_collection_version_and_runtimes():
    assert user_agent() == f"plivo.messaging/{COLLECTION_VERSION} (ansible-core/{ansible_core_version}; Python/{platform.python_version()})"


def test_get_sends_account_url_basic_auth_and_json_headers(scripted):
    client, transport, _dummy = scripted(reply(200, load_fixture("py-powerpackResponse.json")))
    body = client.get("Powerpack/86bbb125-97bb-4d72-89fd-81d5c515b015/")
    assert body["name"] == "vishnu_sep_01"
    sent = transport.sent[0]
    assert sent.method == "GET"
    assert sent.url == BASE_URL + "Powerpack/86bbb125-97bb-4d72-89fd-81d5c515b015/"
    expected_auth = "Basic " + base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode()
    assert sent.headers["Authorization"] == expected_auth
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["User-Agent"] == user_agent()
    assert sent.body is None


def test_get_params_go_in_the_query_string(scripted):
    client, transport, _dummy = scripted(reply(200, {"objects": []}))
    client.get("Powerpack/", params={"limit": 20, "offset": 40})
    assert transport.sent[0].query == {"limit": "20", "offset": "40"}
    assert transport.sent[0].body is None


def test_post_and_delete_send_json_bodies(scripted):
    client, transport, _dummy = scripted(reply(200, load_fixture("py-powerpackResponse.json")), reply(200, load_fixture("py-powerpackDeleteResponse.json")))
    client.post("Powerpack/", {"name": "n", "sticky_sender": False})
    client.delete("Powerpack/abc/", {"unrent_numbers": False})
    assert [(sent.method, sent.body, sent.query) for sent in transport.sent] == [
        ("POST", {"name": "n", "sticky_sender": False}, {}),
        ("DELETE", {"unrent_numbers": False}, {}),
    ]


@pytest.mark.parametrize("status", [200, 201, 202])
def test_success_statuses_return_the_json_body(scripted, status):
    client, _dummy, _dummy2 = scripted(reply(status, load_fixture("py-powerpackDeleteResponse.json")))
    assert client.delete("Powerpack/abc/") == {"api_id": "964edb6e-3f08-11e7-920b-0600a1193e9b", "response": "success"}


def test_204_without_body_is_success(scripted):
    client, _dummy, _dummy2 = scripted(reply(204))
    assert client.delete("Powerpack/abc/", {"unrent_numbers": False}) == {}


def test_every_request_carries_the_timeout_and_the_verify_flag(scripted):
    client, transport, _dummy = scripted(reply(200, {}), reply(200, {}), reply(200, {}), timeout=7.5, validate_certs=False)
    client.get("Powerpack/")
    client.post("Powerpack/", {"name": "n"})
    client.delete("Powerpack/x/")
    assert [(sent.timeout, sent.verify) for sent in transport.sent] == [(7.5, False)] * 3


def test_tls_verification_is_on_by_default(scripted):
    client, transport, _dummy = scripted(reply(200, {}))
    client.get("Powerpack/")
    # requests may swap True for the CA bundle named by REQUESTS_CA_BUNDLE: still verifying.
    assert transport.sent[0].verify not in (False, None, "")


def test_api_url_trailing_slash_is_dropped(scripted):
    client, transport, _dummy = scripted(reply(200, {}), api_url="http://127.0.0.1:8080/")
    client.get("Powerpack/")
    assert transport.sent[0].url == f"http://127.0.0.1:8080/v1/Account/{AUTH_ID}/Powerpack/"


def test_one_session_serves_every_request_made_one_at_a_time(scripted):
    client, transport, _dummy = scripted(*[reply(200, {"objects": []})] * 5, max_workers=4)
    client.get("Powerpack/")
    client.post("Powerpack/", {"name": "n"})
    client.list_all("NumberPool/p/Number/")
    client.delete("Powerpack/x/")
    client.get("Powerpack/")
    assert len(transport.sessions) == 1 and client.connections == 1 and len(transport.sent) == 5


@pytest.mark.parametrize("max_workers", [2, 3, 5])
def test_requests_side_by_side_use_at_most_max_workers_sessions(scripted, max_workers):
    together = threading.Barrier(max_workers, timeout=10)  # the first max_workers reads must be in flight at once
    lock = threading.Lock()
    count = []

    def answer(sent):
        with lock:
            count.append(sent)
            first = len(count) <= max_workers
        if first:
            together.wait()
        return reply(200, {"uuid": sent.path})

    client, transport, _dummy = scripted(*[answer] * 12, max_workers=max_workers)
    answers = client.workers.map(lambda index: client.get(f"Powerpack/{index}/"), range(12))
    assert [body["uuid"] for body in answers] == [f"Powerpack/{index}/" for index in range(12)]
    assert len(transport.sessions) == max_workers == client.connections
    for session in transport.sessions:
        assert session.auth == (AUTH_ID, AUTH_TOKEN)
        assert session.headers["User-Agent"] == user_agent()
    client.close()


def test_writes_attempted_counts_the_writes_sent_not_their_retries_nor_reads(scripted):
    throttled = reply(429, {"error": "slow down"}, headers={"Retry-After": "1"})
    client, _transport, _dummy = scripted(reply(200, {}), throttled, reply(200, {}), reply(200, {}), connection_refused(), connection_refused(), max_retries=3)
    client.get("Powerpack/")
    assert client.writes_attempted == 0
    client.post("Powerpack/", {"name": "n"})  # retried once after the 429
    client.delete("Powerpack/x/")
    assert client.writes_attempted == 2
    with pytest.raises(PlivoApiError):
        client.post("Powerpack/", {"name": "m"})  # refused twice: never sent, but attempted
    assert client.writes_attempted == 3


def test_redirects_are_not_followed(scripted):
    client, transport, _dummy = scripted(reply(301, headers={"Location": "https://elsewhere.test/"}))
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert str(caught.value) == f"Plivo API: GET {BASE_URL}Powerpack/ failed with 301: unexpected redirect to 'https://elsewhere.test/'; check api_url"
    assert len(transport.sent) == 1


@pytest.mark.parametrize(
    "segments, expected",
    [
        (("Powerpack",), "Powerpack/"),
        (("Powerpack", "86bbb125-97bb"), "Powerpack/86bbb125-97bb/"),
        (("Powerpack", "a/b"), "Powerpack/a%2Fb/"),
        (("Powerpack", "a?b#c"), "Powerpack/a%3Fb%23c/"),
        (("Powerpack", "x/../../Number"), "Powerpack/x%2F..%2F..%2FNumber/"),
        (("NumberPool", "p", "Number", 14155550100), "NumberPool/p/Number/14155550100/"),
    ],
)
def test_build_path_quotes_every_segment(segments, expected):
    assert build_path(*segments) == expected


@pytest.mark.parametrize("segment", ["", ".", ".."])
def test_build_path_refuses_dot_segments(segment):
    with pytest.raises(PlivoValidationError):
        build_path("Powerpack", segment)


def test_quoted_segment_reaches_the_wire_quoted(scripted):
    client, transport, _dummy = scripted(reply(404, {}), reply(200, {"objects": []}))
    client.get(build_path("Powerpack", "../Number"), missing_ok=True)
    assert transport.sent[0].raw_path == f"/v1/Account/{AUTH_ID}/Powerpack/..%2FNumber/"
