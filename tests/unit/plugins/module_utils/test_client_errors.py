# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How failures reach the user: one exception type, readable messages, never the auth token."""

from __future__ import annotations

import base64

import pytest
import requests

from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoApiError, PlivoOutcomeUnknown, redact
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import (
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    connection_dropped,
    connection_refused,
    read_timeout,
    reply,
    scripted_client,
)

BASIC = base64.b64encode(f"{AUTH_ID}:{AUTH_TOKEN}".encode()).decode()


def failure_of(*script, method="GET", path="Powerpack/", **options):
    client, _dummy, _dummy2 = scripted_client(*script, max_retries=0, **options)
    with pytest.raises(PlivoApiError) as caught:
        client.request(method, path, body={"name": "n"} if method == "POST" else None)
    return caught.value


def test_message_names_method_path_status_error_and_api_id():
    err = failure_of(reply(400, {"api_id": "b2e2", "error": "name is required"}), method="POST")
    assert str(err) == "Plivo API: POST /Powerpack/ failed with 400: name is required (api_id b2e2)"
    assert (err.status, err.method, err.path, err.error, err.api_id) == (400, "POST", "/Powerpack/", "name is required", "b2e2")
    assert err.to_result() == dict(msg=str(err), status=400, api_id="b2e2", method="POST", path="/Powerpack/")


def test_error_object_holding_error():
    err = failure_of(reply(400, {"api_id": "a1", "error": {"error": "invalid number_priority"}}))
    assert err.error == "invalid number_priority" and err.api_id == "a1"


def test_401_without_api_id():
    err = failure_of(reply(401, {"error": "Authentication credentials invalid"}))
    assert str(err) == "Plivo API: GET /Powerpack/ failed with 401: Authentication credentials invalid"
    assert err.api_id is None


def test_empty_object_body_uses_the_status_reason():
    err = failure_of(reply(404, {}), path="Powerpack/x/")
    assert str(err) == "Plivo API: GET /Powerpack/x/ failed with 404: Not Found"


def test_empty_body():
    err = failure_of(reply(405))
    assert err.status == 405 and err.error == "Method Not Allowed"


def test_error_as_a_list_and_message_key():
    assert failure_of(reply(400, {"error": ["limit too big", "offset negative"]})).error == "limit too big; offset negative"
    assert failure_of(reply(400, {"api_id": "z", "message": "bad request"})).error == "bad request"


def test_html_error_page_gives_status_content_type_and_a_short_clean_excerpt():
    page = (
        "<html><head><style>body{color:red}</style><script>var x=1;</script></head><body><h1>502 Bad Gateway</h1>" + ("<p>nginx</p>" * 100) + "</body></html>"
    )
    err = failure_of(reply(502, text=page, headers={"Content-Type": "text/html; charset=utf-8"}))
    assert err.status == 502
    assert "not JSON (text/html; charset=utf-8)" in err.error
    assert "502 Bad Gateway nginx" in err.error
    assert "<" not in err.error and "color" not in err.error and "var x" not in err.error
    assert len(err.error) < 300


def test_html_answer_with_a_success_status_is_an_error_too():
    err = failure_of(reply(200, text="<html>captive portal</html>", headers={"Content-Type": "text/html"}))
    assert err.status == 200 and "captive portal" in err.error


def test_json_that_is_not_an_object_on_success():
    err = failure_of(reply(200, ["a"]))
    assert "expected a JSON object" in err.error


def test_connection_refused_has_no_status_and_a_human_message():
    err = failure_of(connection_refused())
    assert err.status is None
    assert str(err) == (
        f"Plivo API: GET /Powerpack/ failed: could not connect to {API_URL}: "
        "Failed to establish a new connection: [Errno 111] Connection refused; gave up after 1 attempts (max_retries=0)"
    )


def test_read_timeout_names_the_timeout():
    err = failure_of(read_timeout(), timeout=12.0)
    assert err.status is None and f"no answer from {API_URL} within 12.0 seconds" in str(err)


def test_tls_failure_suggests_validate_certs_and_is_not_retried():
    client, transport, _dummy = scripted_client(requests.exceptions.SSLError("certificate verify failed"), max_retries=3)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert "validate_certs" in str(caught.value) and len(transport.sent) == 1


def test_other_request_failures_are_not_retried():
    client, transport, _dummy = scripted_client(requests.exceptions.InvalidURL("bad url"), max_retries=3)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert "bad url" in str(caught.value) and len(transport.sent) == 1


@pytest.mark.parametrize(
    "outcome",
    [
        reply(400, {"api_id": "x", "error": f"token {AUTH_TOKEN} is wrong"}),
        reply(401, {"error": {"error": "bad header Basic " + BASIC}}),
        reply(500, text=f"<p>debug: auth_token={AUTH_TOKEN}</p>", headers={"Content-Type": "text/html"}),
        requests.exceptions.ConnectionError(f"proxy said: {AUTH_TOKEN}"),
        requests.exceptions.InvalidURL(f"https://x:{AUTH_TOKEN}@host/"),
    ],
)
def test_the_token_never_appears_in_an_error(outcome):
    err = failure_of(outcome)
    for text in (str(err), repr(err), repr(err.to_result()), err.error or "", err.detail or ""):
        assert AUTH_TOKEN not in text and BASIC not in text
    assert "********" in str(err)


def test_client_repr_shows_no_token():
    client, _dummy, _dummy2 = scripted_client()
    assert AUTH_TOKEN not in repr(client)
    assert AUTH_ID in repr(client)


def test_redact_leaves_short_strings_alone():
    assert redact("an ok message", ["ok", ""]) == "an ok message"
    assert redact("x s3cr3t-value y", ["s3cr3t-value"]) == "x ******** y"
    assert redact(None, ["s3cr3t-value"]) is None


def test_outcome_unknown_is_an_api_error():
    err = failure_of(reply(503, {"api_id": "q", "error": "unavailable"}), method="POST")
    assert isinstance(err, PlivoOutcomeUnknown)
    assert str(err).startswith("Plivo API: POST /Powerpack/ failed with 503: unavailable (api_id q); ")
    assert "may or may not have been applied" in str(err)


def test_dropped_connection_reads_plainly():
    err = failure_of(connection_dropped())
    assert "broke before the answer arrived: Connection aborted: [Errno 104] Connection reset by peer" in str(err)
