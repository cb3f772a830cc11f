# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the client's failures reach the user: one error type, readable messages with the full URL, never the token."""

from __future__ import annotations

import base64
import json
import re

import pytest
import requests

from ansible_collections.plivo.messaging.plugins.module_utils._errors import REDACTED
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import API_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_TOKEN
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import BASE_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import connection_dropped
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import connection_refused
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import read_timeout
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import reply

BASIC = base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode()
URL = BASE_URL + "Powerpack/"


@pytest.fixture
def failure_of(scripted):
    """The PlivoApiError of one request answered by the script, never retried."""

    def fail(*script, method="GET", path="Powerpack/", params=None, **options):
        client, _transport, _sleeps = scripted(*script, max_retries=0, **options)
        with pytest.raises(PlivoApiError) as caught:
            client.request(method, path, params=params, body={"name": "n"} if method == "POST" else None)
        return caught.value

    return fail


# Every 8-character piece of the token and of the Basic header: none may show in a message.
SECRET_PIECES = {secret[start : start + 8] for secret in (AUTH_TOKEN, BASIC) for start in range(len(secret) - 7)}


def assert_no_secret(err):
    texts = [str(err), repr(err), json.dumps(err.to_result()), err.error or "", err.detail or "", err.url]
    for text in texts:
        shown = [piece for piece in SECRET_PIECES if piece in text]
        assert not shown, f"{shown[:3]} in {text!r}"


def test_message_names_method_full_url_status_error_and_api_id(failure_of):
    err = failure_of(reply(400, {"api_id": "b2e2", "error": "name is required"}), method="POST")
    assert str(err) == f"Plivo API: POST {URL} failed with 400: name is required (api_id b2e2)"
    assert (err.status, err.method, err.path, err.url, err.error, err.api_id) == (400, "POST", "/Powerpack/", URL, "name is required", "b2e2")
    assert err.to_result() == dict(msg=str(err), status=400, api_id="b2e2", method="POST", path="/Powerpack/", url=URL)


def test_the_url_in_a_message_carries_the_query_string(failure_of):
    err = failure_of(reply(400, {"error": "bad offset"}), params={"limit": 20, "offset": 40})
    assert str(err) == f"Plivo API: GET {URL}?limit=20&offset=40 failed with 400: bad offset"


def test_error_object_holding_error(failure_of):
    err = failure_of(reply(400, {"api_id": "a1", "error": {"error": "invalid number_priority"}}))
    assert err.error == "invalid number_priority" and err.api_id == "a1"


def test_error_object_holding_the_api_id(failure_of):
    err = failure_of(reply(400, {"error": {"message": "bad", "api_id": "inner"}}))
    assert (err.error, err.api_id) == ("bad", "inner")


def test_401_without_api_id(failure_of):
    err = failure_of(reply(401, {"error": "Authentication credentials invalid"}))
    assert str(err) == f"Plivo API: GET {URL} failed with 401: Authentication credentials invalid"
    assert err.api_id is None


def test_empty_object_body_uses_the_status_reason(failure_of):
    err = failure_of(reply(404, {}), path="Powerpack/x/")
    assert str(err) == f"Plivo API: GET {URL}x/ failed with 404: Not Found"


def test_empty_body(failure_of):
    err = failure_of(reply(405))
    assert err.status == 405 and err.error == "Method Not Allowed"


def test_error_as_a_list_and_message_key(failure_of):
    assert failure_of(reply(400, {"error": ["limit too big", "offset negative"]})).error == "limit too big; offset negative"
    assert failure_of(reply(400, {"api_id": "z", "message": "bad request"})).error == "bad request"


def test_json_error_body_that_is_not_an_object(failure_of):
    assert failure_of(reply(400, ["no", "good"])).error == '["no", "good"]'


def test_html_error_page_gives_status_content_type_and_a_short_clean_excerpt(failure_of):
    page = (
        "<html><head><style>body{color:red}</style><script>var x=1;</script></head><body><h1>502 Bad Gateway</h1>" + ("<p>nginx</p>" * 100) + "</body></html>"
    )
    err = failure_of(reply(502, text=page, headers={"Content-Type": "text/html; charset=utf-8"}))
    assert err.status == 502
    assert err.error.startswith("the answer is not JSON (text/html; charset=utf-8): 502 Bad Gateway nginx nginx")
    assert err.error.endswith("...")
    assert "<" not in err.error and "color" not in err.error and "var x" not in err.error
    assert len(err.error) < 300


def test_html_answer_with_a_success_status_is_an_error_too(failure_of):
    err = failure_of(reply(200, text="<html>captive portal</html>", headers={"Content-Type": "text/html"}))
    assert str(err) == f"Plivo API: GET {URL} failed with 200: the answer is not JSON (text/html): captive portal"


def test_json_that_is_not_an_object_on_success(failure_of):
    err = failure_of(reply(200, ["a"]))
    assert err.error == "expected a JSON object, got list"


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_a_json_null_on_success_reads_as_an_empty_object(scripted, method):
    client, _transport, _sleeps = scripted(reply(200, text="null", headers={"Content-Type": "application/json"}))
    assert client.request(method, "Powerpack/x/") == {}


def test_a_list_answer_without_an_objects_list_is_an_error(scripted):
    client, _transport, _sleeps = scripted(reply(200, {"meta": {}, "objects": {"a": 1}}))
    with pytest.raises(PlivoApiError) as caught:
        client.list_all("Powerpack/")
    assert str(caught.value) == f"Plivo API: GET {URL}?limit=20&offset=0 failed with 200: the list answer has no 'objects' list"


def test_connection_refused_has_no_status_and_a_human_message(failure_of):
    err = failure_of(connection_refused())
    assert err.status is None
    assert str(err) == (
        f"Plivo API: GET {URL} failed: could not connect to {API_URL}: Failed to establish a new connection: [Errno 111] Connection refused; "
        "check api_url and the network"
    )


def test_read_timeout_names_the_timeout(failure_of):
    err = failure_of(read_timeout(), timeout=12.0)
    assert err.status is None and f"failed: no answer from {API_URL} within 12.0 seconds (timeout)" in str(err)


def test_tls_failure_suggests_validate_certs_and_is_not_retried(scripted):
    client, transport, _sleeps = scripted(requests.exceptions.SSLError("certificate verify failed"), max_retries=3)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert str(caught.value) == (
        f"Plivo API: GET {URL} failed: TLS error talking to {API_URL}: certificate verify failed "
        "(for a test API with a self-signed certificate set validate_certs: false)"
    )
    assert len(transport.sent) == 1


def test_other_request_failures_are_not_retried(scripted):
    client, transport, _sleeps = scripted(requests.exceptions.InvalidURL("bad url"), max_retries=3)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert str(caught.value) == f"Plivo API: GET {URL} failed: the request could not be sent: bad url"
    assert len(transport.sent) == 1


def test_outcome_unknown_is_an_api_error(failure_of):
    err = failure_of(reply(503, {"api_id": "q", "error": "unavailable"}), method="POST")
    assert isinstance(err, PlivoOutcomeUnknown)
    assert str(err) == (f"Plivo API: POST {URL} failed with 503: unavailable (api_id q); the answer was lost, so the request may or may not have been applied")


def test_dropped_connection_reads_plainly(failure_of):
    err = failure_of(connection_dropped())
    assert f"the connection to {API_URL} broke before the answer arrived: Connection aborted: [Errno 104] Connection reset by peer" in str(err)


def test_client_repr_shows_no_token(scripted):
    client, _transport, _sleeps = scripted()
    assert AUTH_TOKEN not in repr(client)
    assert AUTH_ID in repr(client)


# The token never reaches a message


@pytest.mark.parametrize(
    "outcome",
    [
        pytest.param(reply(400, {"api_id": "x", "error": f"token {AUTH_TOKEN} is wrong"}), id="json-error"),
        pytest.param(reply(401, {"error": {"error": "bad header Basic " + BASIC}}), id="basic-header"),
        pytest.param(reply(500, text=f"<p>debug: auth_token={AUTH_TOKEN}</p>", headers={"Content-Type": "text/html"}), id="html"),
        pytest.param(reply(400, {"api_id": AUTH_TOKEN, "error": "bad"}), id="api-id"),
        pytest.param(reply(400, {"error": {"api_id": AUTH_TOKEN[5:30], "message": "bad"}}), id="inner-api-id-piece"),
        pytest.param(reply(302, headers={"Location": f"https://login.example/?t={AUTH_TOKEN}"}), id="redirect"),
        pytest.param(requests.exceptions.ConnectionError(f"proxy said: {AUTH_TOKEN}"), id="transport"),
        pytest.param(requests.exceptions.InvalidURL(f"https://x:{AUTH_TOKEN}@host/"), id="invalid-url"),
        pytest.param(reply(400, {"error": f"echo {AUTH_TOKEN[3:15]} and {AUTH_TOKEN[20:29]}"}), id="pieces"),
    ],
)
def test_the_token_never_appears_in_an_error(failure_of, outcome):
    err = failure_of(outcome)
    assert_no_secret(err)
    assert REDACTED in str(err)


@pytest.mark.parametrize("cut", range(-12, 13, 3))
@pytest.mark.parametrize("limit, shape", [(200, "html"), (500, "json")])
def test_the_token_cut_short_at_the_end_of_an_excerpt_never_shows(failure_of, cut, limit, shape):
    # The issue: an excerpt was cut inside a token echoed by the body, and "QlrFBNZJGTiQ..." reached the message.
    if shape == "html":
        filler = "x" * (limit - len("debug ") + cut)
        answer = reply(500, text=f"<p>debug {filler}{AUTH_TOKEN} more</p>", headers={"Content-Type": "text/html"})
    else:
        filler = "y" * (limit - len("echo ") + cut)
        answer = reply(400, {"error": f"echo {filler}{AUTH_TOKEN} more"})
    err = failure_of(answer)
    assert_no_secret(err)
    assert re.search(r"\.\.\.|\*{4}", err.error)


def test_a_token_shaped_like_the_issue_is_never_shown_in_part(scripted):
    from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient

    token = "QlrFBNZJGTiQx7Kw2mPq9sVb4nYc3dEf"
    _unused, transport, _sleeps = scripted(reply(502, text="<p>" + "z" * 190 + token + "</p>", headers={"Content-Type": "text/html"}))
    client = PlivoClient(AUTH_ID, token, api_url=API_URL, max_retries=0, sleep=lambda _seconds: None)  # its sessions go to transport too
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert len(transport.sent) == 1
    assert "QlrFBNZJ" not in str(caught.value) and REDACTED in str(caught.value)
