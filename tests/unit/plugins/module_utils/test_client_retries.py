# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the client retries, how long it waits, and which writes it refuses to repeat."""

from __future__ import annotations

import email.utils
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoApiError, PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils.retry import backoff_delay, parse_retry_after, retry_delay
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import (
    connect_timeout,
    connection_dropped,
    connection_refused,
    load_fixture,
    read_timeout,
    reply,
    scripted_client,
)

OK = reply(200, load_fixture("py-powerpackResponse.json"))
THROTTLED = reply(429, {"api_id": "t", "error": "too many requests"})


def test_429_waits_as_long_as_retry_after_says():
    client, transport, sleeps = scripted_client(reply(429, {"error": "slow down"}, headers={"Retry-After": "3"}), OK)
    assert client.get("Powerpack/x/")["uuid"] == "86bbb125-97bb-4d72-89fd-81d5c515b015"
    assert sleeps == [3.0] and len(transport.sent) == 2


def test_429_without_retry_after_backs_off_exponentially():
    client, _dummy, sleeps = scripted_client(THROTTLED, THROTTLED, THROTTLED, OK)
    client.get("Powerpack/")
    # rand is fixed at 0.5: each wait is 3/4 of the exponential step 1, 2, 4 s.
    assert sleeps == [0.75, 1.5, 3.0]


def test_retry_after_as_http_date():
    when = email.utils.formatdate(time.time() + 8, usegmt=True)
    client, _dummy, sleeps = scripted_client(reply(429, {}, headers={"Retry-After": when}), OK)
    client.get("Powerpack/")
    assert len(sleeps) == 1 and 6 <= sleeps[0] <= 8


def test_retry_after_is_capped_by_max_retry_delay():
    client, _dummy, sleeps = scripted_client(reply(429, {}, headers={"Retry-After": "3600"}), OK, max_retry_delay=10)
    client.get("Powerpack/")
    assert sleeps == [10]


def test_backoff_is_capped_by_max_retry_delay():
    client, _dummy, sleeps = scripted_client(*([THROTTLED] * 6 + [OK]), max_retries=6, max_retry_delay=2)
    client.get("Powerpack/")
    assert sleeps == [0.75, 1.5, 2, 2, 2, 2]


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_429_is_retried_for_every_method(method):
    client, transport, _dummy = scripted_client(THROTTLED, OK)
    client.request(method, "Powerpack/x/", body={"name": "n"} if method == "POST" else None)
    assert [sent.method for sent in transport.sent] == [method, method]
    if method == "POST":
        assert transport.sent[1].body == {"name": "n"}


def test_retry_exhaustion_says_how_often_it_tried():
    client, transport, sleeps = scripted_client(*([THROTTLED] * 4), max_retries=3)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert str(caught.value) == ("Plivo API: GET /Powerpack/ failed with 429: too many requests (api_id t); gave up after 4 attempts (max_retries=3)")
    assert len(transport.sent) == 4 and len(sleeps) == 3


def test_max_retries_zero_never_retries():
    client, transport, sleeps = scripted_client(THROTTLED, max_retries=0)
    with pytest.raises(PlivoApiError):
        client.get("Powerpack/")
    assert len(transport.sent) == 1 and sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_on_reads_are_retried(status):
    client, transport, sleeps = scripted_client(reply(status, {"error": "oops"}), OK)
    assert client.get("Powerpack/x/")["name"] == "vishnu_sep_01"
    assert len(transport.sent) == 2 and sleeps == [0.75]


def test_retry_after_on_a_503_is_honoured_too():
    client, _dummy, sleeps = scripted_client(reply(503, {"error": "maintenance"}, headers={"Retry-After": "4"}), OK)
    client.get("Powerpack/")
    assert sleeps == [4.0]


@pytest.mark.parametrize("failure", [connection_refused, connect_timeout, connection_dropped, read_timeout])
def test_transport_failures_on_reads_are_retried(failure):
    client, transport, _dummy = scripted_client(failure(), OK)
    assert client.get("Powerpack/x/")["name"] == "vishnu_sep_01"
    assert len(transport.sent) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 501])
def test_client_errors_are_not_retried(status):
    client, transport, _dummy = scripted_client(reply(status, {"error": "no"}))
    with pytest.raises(PlivoApiError):
        client.get("Powerpack/")
    assert len(transport.sent) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_on_a_post_is_not_repeated(status):
    client, transport, sleeps = scripted_client(reply(status, {"api_id": "p", "error": "boom"}))
    with pytest.raises(PlivoOutcomeUnknown) as caught:
        client.post("Powerpack/", {"name": "n"})
    assert len(transport.sent) == 1 and sleeps == []
    assert caught.value.status == status and caught.value.api_id == "p"


@pytest.mark.parametrize("failure", [read_timeout, connection_dropped])
def test_lost_answer_on_a_post_is_not_repeated(failure):
    client, transport, _dummy = scripted_client(failure())
    with pytest.raises(PlivoOutcomeUnknown) as caught:
        client.post("Powerpack/", {"name": "n"})
    assert len(transport.sent) == 1 and caught.value.status is None


@pytest.mark.parametrize("failure", [connection_refused, connect_timeout])
def test_post_that_never_connected_is_retried(failure):
    client, transport, _dummy = scripted_client(failure(), OK)
    assert client.post("Powerpack/", {"name": "n"})["name"] == "vishnu_sep_01"
    assert [sent.method for sent in transport.sent] == ["POST", "POST"]


def test_post_that_never_connects_gives_up_with_a_plain_error():
    client, _dummy, _dummy2 = scripted_client(connection_refused(), connection_refused(), max_retries=1)
    with pytest.raises(PlivoApiError) as caught:
        client.post("Powerpack/", {"name": "n"})
    assert not isinstance(caught.value, PlivoOutcomeUnknown)


def test_retried_delete_answering_404_counts_as_done_with_missing_ok():
    client, transport, _dummy = scripted_client(reply(503, {"error": "busy"}), reply(404, {"error": "not found"}))
    assert client.delete("Powerpack/x/", {"unrent_numbers": False}, missing_ok=True) is None
    assert [sent.method for sent in transport.sent] == ["DELETE", "DELETE"]
    assert transport.sent[1].body == {"unrent_numbers": False}


def test_delete_404_without_missing_ok_is_an_error():
    client, _dummy, _dummy2 = scripted_client(reply(404, {"error": "not found"}))
    with pytest.raises(PlivoApiError) as caught:
        client.delete("Powerpack/x/")
    assert caught.value.status == 404


def test_get_404_with_missing_ok_is_none():
    client, _dummy, _dummy2 = scripted_client(reply(404, {}))
    assert client.get("Powerpack/x/", missing_ok=True) is None


@pytest.mark.parametrize(
    "header, expected",
    [("5", 5.0), (" 2.5 ", 2.5), ("0", 0.0), ("-3", 0.0), ("", None), (None, None), ("soon", None), ("nan", None)],
)
def test_parse_retry_after(header, expected):
    assert parse_retry_after(header) == expected


def test_parse_retry_after_http_dates():
    now = 1700000000.0
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now=now) == 30
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0


@given(attempt=st.integers(min_value=1, max_value=40), cap=st.floats(min_value=0, max_value=600), jitter=st.floats(min_value=0, max_value=0.999))
def test_backoff_stays_between_half_the_step_and_the_cap(attempt, cap, jitter):
    delay = backoff_delay(attempt, cap, lambda: jitter)
    step = 2.0 ** (attempt - 1)
    assert 0 <= delay <= cap
    assert delay >= min(cap, step / 2)


def test_retry_after_wins_over_backoff():
    assert retry_delay(5, 30, lambda: 0.5, "2") == 2
    assert retry_delay(5, 30, lambda: 0.5, None) == 12
