# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paging by limit/offset: every page of a list (the pages after the first side by side), and finding a Powerpack
by name without reading more pages than needed."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoAmbiguousNameError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import find_powerpack_by_name
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import find_powerpacks_by_name
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import get_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import list_powerpacks
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import load_fixture
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import reply


def page(names, offset, total, limit=20, next_link="/api/v1/account/MA/Powerpack?offset=999&limit=20"):
    objects = [{"uuid": f"uuid-{name}", "name": name} for name in names]
    meta = {"limit": limit, "offset": offset, "total_count": total, "next": next_link, "previous": None}
    return reply(200, {"api_id": "l", "meta": meta, "objects": objects})


def names(count, start=0):
    return [f"pp{index}" for index in range(start, start + count)]


def offsets(transport):
    return [(int(sent.query["limit"]), int(sent.query["offset"])) for sent in transport.sent]


def test_reads_every_page_until_total_count(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 45), page(names(20, 20), 20, 45), page(names(5, 40), 40, 45))
    assert [item["name"] for item in list_powerpacks(client)] == names(45)
    assert offsets(transport) == [(20, 0), (20, 20), (20, 40)]


def test_full_last_page_reaching_total_count_ends_without_another_request(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 40), page(names(20, 20), 20, 40))
    assert len(list_powerpacks(client)) == 40
    assert len(transport.sent) == 2


def test_one_page_after_another_a_short_page_ends_the_list_even_if_total_count_promises_more(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 100), page(names(3, 20), 20, 100))
    assert len([item for items in client.pages("Powerpack/") for item in items]) == 23
    assert len(transport.sent) == 2


def test_one_page_after_another_an_empty_page_ends_the_list(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 60), page([], 20, 60))
    assert len(list(client.paginate("Powerpack/"))) == 20
    assert len(transport.sent) == 2


def test_list_all_reads_every_page_total_count_promises_and_keeps_what_short_ones_hold(scripted):
    # Read side by side, the pages after the first cannot stop each other: a short page in the middle loses nothing.
    client, transport, _dummy = scripted(page(names(20), 0, 60), page(names(3, 20), 20, 60), page([], 40, 60))
    assert [item["name"] for item in list_powerpacks(client)] == names(23)
    assert offsets(transport) == [(20, 0), (20, 20), (20, 40)]


def test_total_count_smaller_than_the_objects_sent_keeps_the_objects(scripted):
    # The Python SDK's fixture says total_count 0 next to two objects.
    client, transport, _dummy = scripted(reply(200, load_fixture("py-powerpackListResponse.json")))
    assert [item["name"] for item in list_powerpacks(client)] == ["vishnu_sep_01", "Neel_ppk_sdk-14"]
    assert len(transport.sent) == 1


def test_missing_meta_relies_on_short_pages(scripted):
    client, _transport, _dummy = scripted(reply(200, {"objects": [{"name": n} for n in names(20)]}), reply(200, {"objects": [{"name": "last"}]}))
    assert len(list_powerpacks(client)) == 21


def test_smaller_page_size_chosen_by_the_api_is_followed(scripted):
    client, transport, _dummy = scripted(page(names(10), 0, 25, limit=10), page(names(10, 10), 10, 25, limit=10), page(names(5, 20), 20, 25, limit=10))
    assert len(list_powerpacks(client)) == 25
    assert offsets(transport) == [(20, 0), (20, 10), (20, 20)]


def test_next_link_is_never_followed(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 21), page(["x"], 20, 21))
    list_powerpacks(client)
    assert all("999" not in sent.url for sent in transport.sent)


def test_api_ignoring_offset_is_detected_one_page_after_another(scripted):
    client, _dummy, _dummy2 = scripted(page(names(20), 0, 100), page(names(20), 0, 100))
    with pytest.raises(PlivoApiError) as caught:
        find_powerpack_by_name(client, "nope")
    assert "failed with 200: the API answered offset 20 with the previous page again" in str(caught.value)


def test_objects_that_are_not_a_list_are_an_error(scripted):
    client, _dummy, _dummy2 = scripted(reply(200, {"meta": {}, "objects": {"a": 1}}))
    with pytest.raises(PlivoApiError):
        list_powerpacks(client)


def test_name_lookup_stops_at_the_page_that_holds_the_name(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 60), page(names(20, 20), 20, 60))
    found = find_powerpack_by_name(client, "pp25")
    assert found == {"uuid": "uuid-pp25", "name": "pp25"}
    assert len(transport.sent) == 2  # page 3 is never read


def test_name_lookup_reads_every_page_when_the_name_is_absent(scripted):
    client, transport, _dummy = scripted(page(names(20), 0, 30), page(names(10, 20), 20, 30))
    assert find_powerpack_by_name(client, "nope") is None
    assert len(transport.sent) == 2


def test_name_lookup_is_exact(scripted):
    client, _dummy, _dummy2 = scripted(page(["Notify", "notify ", "notify"], 0, 3))
    assert find_powerpack_by_name(client, "notify")["uuid"] == "uuid-notify"


def test_duplicate_names_on_the_page_read_fail_listing_the_uuids(scripted):
    body = {
        "meta": {"limit": 20, "offset": 0, "total_count": 3},
        "objects": [{"uuid": "b-2", "name": "dup"}, {"uuid": "x", "name": "other"}, {"uuid": "a-1", "name": "dup"}],
    }
    client, _dummy, _dummy2 = scripted(reply(200, body))
    with pytest.raises(PlivoAmbiguousNameError) as caught:
        find_powerpack_by_name(client, "dup")
    assert caught.value.uuids == ["a-1", "b-2"]
    assert "a-1, b-2" in str(caught.value) and "set uuid" in str(caught.value)


def test_find_all_by_name_returns_every_match_of_the_page(scripted):
    body = {"meta": {"limit": 20, "offset": 0, "total_count": 2}, "objects": [{"uuid": "1", "name": "dup"}, {"uuid": "2", "name": "dup"}]}
    client, _dummy, _dummy2 = scripted(reply(200, body))
    assert [item["uuid"] for item in find_powerpacks_by_name(client, "dup")] == ["1", "2"]


def test_get_by_uuid_is_one_get_and_none_when_missing(scripted):
    # The API's JSON 404 is "absent" once a read confirms the account's API answers there (one list read of 1).
    client, transport, _dummy = scripted(reply(404, {"api_id": "n", "error": "not found"}), page([], 0, 0))
    assert get_powerpack(client, "0e8c") is None
    assert [(sent.method, sent.path, sent.query) for sent in transport.sent] == [
        ("GET", "Powerpack/0e8c/", {}),
        ("GET", "Powerpack/", {"limit": "1", "offset": "0"}),
    ]


def routed(pages_by_offset, gate=None):
    """An answer for any page request, by its offset; gate(offset) runs first (to hold requests side by side)."""

    def answer(sent):
        offset = int(sent.query["offset"])
        if gate is not None:
            gate(offset)
        return pages_by_offset[offset]

    return answer


def test_list_all_reads_the_pages_after_the_first_side_by_side_in_order(scripted):
    pages = {offset: page(names(20, offset) if offset < 100 else names(7, offset), offset, 107) for offset in range(0, 120, 20)}
    later = threading.Barrier(3, timeout=10)  # three later pages must be in flight at once, or this times out

    def gate(offset):
        if 20 <= offset <= 60:
            later.wait()

    client, transport, _dummy = scripted(*[routed(pages, gate)] * 6, max_workers=3)
    assert [item["name"] for item in list_powerpacks(client)] == names(107)
    assert offsets(transport)[0] == (20, 0)
    assert sorted(offsets(transport)) == [(20, offset) for offset in range(0, 120, 20)]


def test_list_all_without_a_total_count_reads_one_page_after_another(scripted):
    pages = {0: reply(200, {"objects": [{"name": n} for n in names(20)]}), 20: reply(200, {"objects": [{"name": n} for n in names(20, 20)]})}
    pages[40] = reply(200, {"objects": []})
    client, transport, _dummy = scripted(*[routed(pages)] * 3, max_workers=4)
    assert len(list_powerpacks(client)) == 40
    assert offsets(transport) == [(20, 0), (20, 20), (20, 40)]


def test_list_all_of_an_api_ignoring_offset_is_an_error_not_duplicates(scripted):
    same = page(names(20), 0, 60)
    client, _transport, _dummy = scripted(same, same, same, max_workers=2)
    with pytest.raises(PlivoApiError) as caught:
        list_powerpacks(client)
    assert "failed with 200: the API answered offset 20 with the previous page again" in str(caught.value)
