# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the client retries, how long it waits (a 429 holds every worker), and which writes it refuses to repeat."""

from __future__ import annotations

import email.utils
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._retry import backoff_delay
from ansible_collections.plivo.messaging.plugins.module_utils._retry import parse_retry_after
from ansible_collections.plivo.messaging.plugins.module_utils._retry import retry_delay
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import API_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import BASE_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import FakeClock
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import connect_timeout
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import connection_dropped
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import connection_refused
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import load_fixture
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import read_timeout
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import reply

OK = reply(200, load_fixture("py-powerpackResponse.json"))
THROTTLED = reply(429, {"api_id": "t", "error": "too many requests"})


def test_429_waits_as_long_as_retry_after_says(scripted):
    client, transport, sleeps = scripted(reply(429, {"error": "slow down"}, headers={"Retry-After": "3"}), OK)
    assert client.get("Powerpack/x/")["uuid"] == "86bbb125-97bb-4d72-89fd-81d5c515b015"
    assert sleeps == [3.0] and len(transport.sent) == 2


@pytest.mark.parametrize(
    "script, options, expected",
    [
        # rand is fixed at 0.5: each wait is 3/4 of the exponential step 1, 2, 4 s.
        pytest.param([THROTTLED] * 3 + [OK], {}, [0.75, 1.5, 3.0], id="429-without-retry-after-backs-off-exponentially"),
        pytest.param([reply(429, {}, headers={"Retry-After": "3600"}), OK], dict(max_retry_delay=10), [10], id="retry-after-is-capped-by-max-retry-delay"),
        pytest.param([THROTTLED] * 6 + [OK], dict(max_retries=6, max_retry_delay=2), [0.75, 1.5, 2, 2, 2, 2], id="backoff-is-capped-by-max-retry-delay"),
        pytest.param([reply(503, {"error": "maintenance"}, headers={"Retry-After": "4"}), OK], {}, [4.0], id="retry-after-on-a-503-is-honoured-too"),
    ],
)
def test_the_waits_before_each_retry(scripted, script, options, expected):
    client, _transport, sleeps = scripted(*script, **options)
    client.get("Powerpack/")
    assert sleeps == expected


def test_retry_after_as_http_date(scripted):
    when = email.utils.formatdate(time.time() + 8, usegmt=True)
    client, _dummy, sleeps = scripted(reply(429, {}, headers={"Retry-After": when}), OK)
    client.get("Powerpack/")
    assert len(sleeps) == 1 and 6 <= sleeps[0] <= 8


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_429_is_retried_for_every_method(scripted, method):
    client, transport, _dummy = scripted(THROTTLED, OK)
    client.request(method, "Powerpack/x/", body={"name": "n"} if method == "POST" else None)
    assert [sent.method for sent in transport.sent] == [method, method]
    if method == "POST":
        assert transport.sent[1].body == {"name": "n"}


def test_retry_exhaustion_says_how_often_it_tried(scripted):
    client, transport, sleeps = scripted(*([THROTTLED] * 4), max_retries=3)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/")
    assert str(caught.value) == f"Plivo API: GET {BASE_URL}Powerpack/ failed with 429: too many requests (api_id t); gave up after 4 attempts (max_retries=3)"
    assert len(transport.sent) == 4 and len(sleeps) == 3


def test_max_retries_zero_never_retries(scripted):
    client, transport, sleeps = scripted(THROTTLED, max_retries=0)
    with pytest.raises(PlivoApiError):
        client.get("Powerpack/")
    assert len(transport.sent) == 1 and sleeps == []


def test_a_429_the_client_gives_up_on_still_holds_its_next_request(scripted):
    """The account is over its limit whether or not the request is tried again: the next request waits for Retry-After."""
    client, transport, sleeps = scripted(reply(429, {"error": "slow down"}, headers={"Retry-After": "4"}), OK, max_retries=0)
    with pytest.raises(PlivoApiError):
        client.get("Powerpack/")
    assert sleeps == []
    client.get("Powerpack/")
    assert sleeps == [4.0] and len(transport.sent) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_on_reads_are_retried(scripted, status):
    client, transport, sleeps = scripted(reply(status, {"error": "oops"}), OK)
    assert client.get("Powerpack/x/")["name"] == "vishnu_sep_01"
    assert len(transport.sent) == 2 and sleeps == [0.75]


@pytest.mark.parametrize("failure", [connection_refused, connect_timeout, connection_dropped, read_timeout])
def test_transport_failures_on_reads_are_retried(scripted, failure):
    client, transport, _dummy = scripted(failure(), OK)
    assert client.get("Powerpack/x/")["name"] == "vishnu_sep_01"
    assert len(transport.sent) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 501])
def test_client_errors_are_not_retried(scripted, status):
    client, transport, _dummy = scripted(reply(status, {"error": "no"}))
    with pytest.raises(PlivoApiError):
        client.get("Powerpack/")
    assert len(transport.sent) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_on_a_post_is_not_repeated(scripted, status):
    client, transport, sleeps = scripted(reply(status, {"api_id": "p", "error": "boom"}))
    with pytest.raises(PlivoOutcomeUnknown) as caught:
        client.post("Powerpack/", {"name": "n"})
    assert len(transport.sent) == 1 and sleeps == []
    assert caught.value.status == status and caught.value.api_id == "p"


@pytest.mark.parametrize("failure", [read_timeout, connection_dropped])
def test_lost_answer_on_a_post_is_not_repeated(scripted, failure):
    client, transport, _dummy = scripted(failure())
    with pytest.raises(PlivoOutcomeUnknown) as caught:
        client.post("Powerpack/", {"name": "n"})
    assert len(transport.sent) == 1 and caught.value.status is None


@pytest.mark.parametrize("failure", [connection_refused, connect_timeout])
def test_post_that_never_connected_is_retried(scripted, failure):
    client, transport, _dummy = scripted(failure(), OK)
    assert client.post("Powerpack/", {"name": "n"})["name"] == "vishnu_sep_01"
    assert [sent.method for sent in transport.sent] == ["POST", "POST"]


def test_post_that_never_connects_gives_up_with_a_plain_error(scripted):
    client, _dummy, _dummy2 = scripted(connection_refused(), connection_refused(), max_retries=1)
    with pytest.raises(PlivoApiError) as caught:
        client.post("Powerpack/", {"name": "n"})
    assert not isinstance(caught.value, PlivoOutcomeUnknown)


def test_retried_delete_answering_404_counts_as_done_with_missing_ok(scripted):
    client, transport, _dummy = scripted(reply(503, {"error": "busy"}), reply(404, {"error": "not found"}), reply(200, {"objects": []}))
    assert client.delete("Powerpack/x/", {"unrent_numbers": False}, missing_ok=True) is None
    assert [sent.method for sent in transport.sent] == ["DELETE", "DELETE", "GET"]  # the GET confirms the API answered the 404
    assert transport.sent[1].body == {"unrent_numbers": False}


def test_delete_404_without_missing_ok_is_an_error(scripted):
    client, _dummy, _dummy2 = scripted(reply(404, {"error": "not found"}))
    with pytest.raises(PlivoApiError) as caught:
        client.delete("Powerpack/x/")
    assert caught.value.status == 404


def test_get_404_with_missing_ok_is_none(scripted):
    client, _dummy, _dummy2 = scripted(reply(200, {}), reply(404, {}))
    client.get("Powerpack/")
    assert client.get("Powerpack/x/", missing_ok=True) is None


# Unreachable API: a refused connection or an unknown host fails fast


def unknown_host():
    return connection_refused("[Errno -2] Name or service not known")


@pytest.mark.parametrize("failure", [connection_refused, unknown_host])
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unreachable_api_fails_after_one_short_retry_whatever_max_retries_says(scripted, failure, method):
    client, transport, sleeps = scripted(failure(), failure(), failure(), max_retries=5)
    with pytest.raises(PlivoApiError) as caught:
        client.request(method, "Powerpack/", body={"name": "n"} if method == "POST" else None)
    assert len(transport.sent) == 2 and sleeps == [0.5]
    assert not isinstance(caught.value, PlivoOutcomeUnknown)  # nothing was sent
    assert str(caught.value).startswith(f"Plivo API: {method} {BASE_URL}Powerpack/ failed: could not connect to {API_URL}: Failed to establish")
    assert str(caught.value).endswith("; check api_url and the network")


def test_an_unreachable_api_is_not_retried_with_max_retries_zero(scripted):
    client, transport, sleeps = scripted(connection_refused(), max_retries=0)
    with pytest.raises(PlivoApiError):
        client.get("Powerpack/")
    assert len(transport.sent) == 1 and sleeps == []


def test_an_api_that_comes_back_after_the_short_retry_answers(scripted):
    client, _transport, sleeps = scripted(connection_refused(), OK)
    assert client.get("Powerpack/x/")["name"] == "vishnu_sep_01"
    assert sleeps == [0.5]


def test_a_connect_timeout_may_heal_and_backs_off_up_to_max_retries(scripted):
    client, _transport, sleeps = scripted(connect_timeout(), connect_timeout(), connect_timeout(), OK, max_retries=3)
    assert client.get("Powerpack/x/")["name"] == "vishnu_sep_01"
    assert sleeps == [0.75, 1.5, 3.0]


# A 429 holds every worker, not only the one that met it


class GatedClock(FakeClock):
    """A FakeClock on which the sleeps of one thread (the worker that met the 429) wait until the gate opens, so that
    the other workers' requests happen before its wait moves the clock on."""

    def __init__(self):
        super().__init__()
        self.gated = None
        self.waiting = threading.Event()
        self.gate = threading.Event()

    def sleep(self, seconds):
        if threading.get_ident() == self.gated:
            self.waiting.set()
            self.gate.wait(10)
        super().sleep(seconds)


def test_a_429_with_retry_after_holds_the_requests_of_other_workers(scripted):
    clock = GatedClock()
    in_flight = threading.Barrier(3, timeout=10)  # three reads are sent side by side before any answer
    lock = threading.Lock()
    sent_at = {}

    def answer(sent):
        with lock:
            sent_at.setdefault(sent.path, []).append(clock())
            first = len(sent_at[sent.path]) == 1
            if not first and all(len(sent_at.get(f"Powerpack/{name}/", ())) == 2 for name in "bc"):
                clock.gate.set()
        if not first:
            return reply(200, {"uuid": sent.path})
        in_flight.wait()
        if sent.path == "Powerpack/a/":
            clock.gated = threading.get_ident()
            return reply(429, {"error": "too many requests"}, headers={"Retry-After": "7"})
        clock.waiting.wait(10)  # the 429's worker holds the limiter and waits: now fail once, to be sent again
        return reply(503, {"error": "busy"})

    client, _transport, sleeps = scripted(*[answer] * 6, max_workers=3, clock=clock)
    answers = client.workers.map(lambda name: client.get(f"Powerpack/{name}/"), ["a", "b", "c"])
    assert [body["uuid"] for body in answers] == ["Powerpack/a/", "Powerpack/b/", "Powerpack/c/"]
    throttled = sent_at["Powerpack/a/"][0]
    # b and c were sent again before the worker of a stopped waiting, yet only once the Retry-After of a had passed
    assert sent_at["Powerpack/b/"][1] >= throttled + 7 and sent_at["Powerpack/c/"][1] >= throttled + 7, (sent_at, sleeps)
    assert sent_at["Powerpack/a/"][1] >= throttled + 7


@pytest.mark.parametrize("header, expected", [("5", 5.0), (" 2.5 ", 2.5), ("0", 0.0), ("-3", 0.0), ("", None), (None, None), ("soon", None), ("nan", None)])
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
