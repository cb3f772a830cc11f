# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A 404 means "absent" only when it comes from the account's API; from anything else it is an error naming the URL."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import BASE_URL
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import reply

NOT_FOUND = reply(404, {"api_id": "n", "error": "not found"})
LIST = reply(200, {"meta": {"total_count": 0}, "objects": []})
CONFIRM = ("GET", "Powerpack/", {"limit": "1", "offset": "0"})


def requests_of(transport):
    return [(sent.method, sent.path, sent.query) for sent in transport.sent]


def test_a_json_404_after_a_read_that_reached_the_api_is_absent_without_another_request(scripted):
    client, transport, _sleeps = scripted(reply(200, {"uuid": "a"}), NOT_FOUND, NOT_FOUND)
    client.get("Powerpack/a/")
    assert client.get("Powerpack/b/", missing_ok=True) is None
    assert client.delete("Powerpack/c/", {"unrent_numbers": False}, missing_ok=True) is None
    assert [sent.path for sent in transport.sent] == ["Powerpack/a/", "Powerpack/b/", "Powerpack/c/"]


def test_the_first_json_404_of_a_run_is_confirmed_by_one_list_read(scripted):
    client, transport, _sleeps = scripted(NOT_FOUND, LIST, NOT_FOUND)
    assert client.get("Powerpack/b/", missing_ok=True) is None
    assert client.get("Powerpack/c/", missing_ok=True) is None
    assert requests_of(transport) == [("GET", "Powerpack/b/", {}), CONFIRM, ("GET", "Powerpack/c/", {})]


@pytest.mark.parametrize("answer", [reply(404), reply(404, text=" ")], ids=["no-body", "blank-body"])
def test_a_404_without_a_body_is_confirmed_too(scripted, answer):
    client, transport, _sleeps = scripted(answer, LIST)
    assert client.delete("NumberPool/p/Number/14155550100/", {"unrent": False}, missing_ok=True) is None
    assert requests_of(transport)[1] == CONFIRM


def test_a_404_whose_confirming_read_is_not_found_either_is_an_error_naming_the_url(scripted):
    client, transport, _sleeps = scripted(NOT_FOUND, reply(404, {"error": "no such route"}))
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/b/", missing_ok=True)
    assert str(caught.value) == (
        f"Plivo API: GET {BASE_URL}Powerpack/?limit=1&offset=0 failed with 404: no such route; the account's Powerpack list is not found there "
        "either, so this is not the Plivo API: check api_url (only the scheme, host and optional port, e.g. https://api.plivo.com)"
    )
    assert caught.value.url == f"{BASE_URL}Powerpack/?limit=1&offset=0"
    assert len(transport.sent) == 2


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_an_html_404_is_an_error_naming_the_full_url_without_another_request(scripted, method):
    page = "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>"
    client, transport, _sleeps = scripted(reply(404, text=page, headers={"Content-Type": "text/html"}))
    with pytest.raises(PlivoApiError) as caught:
        client.request(method, "Powerpack/b/", missing_ok=True)
    assert str(caught.value) == (
        f"Plivo API: {method} {BASE_URL}Powerpack/b/ failed with 404: the answer is not JSON (text/html): 404 Not Found 404 Not Found nginx; "
        "a 404 that is not the API's JSON answer: check api_url"
    )
    assert len(transport.sent) == 1


def test_an_html_404_is_an_error_even_after_the_api_was_confirmed(scripted):
    client, _transport, _sleeps = scripted(LIST, reply(404, text="<h1>gone</h1>", headers={"Content-Type": "text/html"}))
    client.list_all("Powerpack/")
    with pytest.raises(PlivoApiError, match="a 404 that is not the API's JSON answer: check api_url"):
        client.get("Powerpack/b/", missing_ok=True)


def test_a_json_404_that_is_not_an_object_is_not_the_apis_answer(scripted):
    client, _transport, _sleeps = scripted(reply(404, ["not", "found"]))
    with pytest.raises(PlivoApiError, match="a 404 that is not the API's JSON answer"):
        client.get("Powerpack/b/", missing_ok=True)


def test_confirm_api_reads_nothing_once_a_request_reached_the_api(scripted):
    client, transport, _sleeps = scripted(LIST)
    client.confirm_api()
    client.confirm_api()
    assert requests_of(transport) == [CONFIRM]


def test_a_404_without_missing_ok_is_an_error_without_a_confirming_read(scripted):
    client, transport, _sleeps = scripted(NOT_FOUND)
    with pytest.raises(PlivoApiError) as caught:
        client.get("Powerpack/b/")
    assert str(caught.value) == f"Plivo API: GET {BASE_URL}Powerpack/b/ failed with 404: not found (api_id n)"
    assert len(transport.sent) == 1
