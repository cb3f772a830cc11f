# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request budget of a no-change run, request by request (docs/dev/performance.md), against the simulator's core.

Request counts are deterministic, unlike times: each module must send exactly the reads below when nothing changes.
With max_workers 1 every request of a run goes over one keep-alive connection; with more, over at most max_workers
(the in-process simulator counts the sessions' connections; the request_budget integration target counts real TCP
connections, and checks that the role's no-change run sends what one run of the powerpacks module sends).
"""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules import number_pool
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.plugins.modules import powerpack_info
from ansible_collections.plivo.messaging.plugins.modules import powerpacks
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module

US_SMS = {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}
PRIORITY = [dict(country_iso="US", service_type="sms", priority=["shortcode", "tollfree", "longcode"])]


def numbers(count, start=0):
    return [f"1415{2000000 + start + index:07d}" for index in range(count)]


@pytest.fixture
def api(simulated_api):
    """45 Powerpacks (three pages of the list), the one at index 30 holding 25 long codes (two pages)."""
    powerpacks = [{"name": f"pp-{index:02d}", "number_priority": [US_SMS]} for index in range(45)]
    powerpacks[30]["numbers"] = numbers(25)
    return simulated_api(seed={"powerpacks": powerpacks})


@pytest.fixture
def account(api):
    return api.state()["powerpacks"]


def gets(api):
    assert api.write_requests() == []
    return [path for method, path in api.requests_made()]


def pool_pages(pack, pages, kind="Number"):
    return [f"NumberPool/{pack['number_pool_uuid']}/{kind}/"] * pages


def no_change_reads(api, result):
    """The paths a run that changed nothing read (GETs only), checking that they went over one connection."""
    assert result["changed"] is False
    assert api.connections()["accepted"] == 1
    return gets(api)


def test_powerpack_by_uuid_is_one_get(api, account):
    pack = account[30]
    result = run_module(powerpack.main, dict(uuid=pack["uuid"], name=pack["name"], sticky_sender=True, number_priority=PRIORITY))
    assert no_change_reads(api, result) == [f"Powerpack/{pack['uuid']}/"]


@pytest.mark.parametrize("index, pages", [(0, 1), (19, 1), (20, 2), (44, 3)])
def test_powerpack_by_name_reads_the_pages_up_to_the_one_holding_it(api, account, index, pages):
    result = run_module(powerpack.main, dict(name=account[index]["name"], sticky_sender=True))
    assert no_change_reads(api, result) == ["Powerpack/"] * pages
    assert [entry["query"]["offset"] for entry in api.requests()] == [str(20 * page) for page in range(pages)]


def test_powerpack_by_name_with_number_priority_reads_it_once_more(api, account):
    pack = account[20]
    result = run_module(powerpack.main, dict(name=pack["name"], number_priority=PRIORITY))
    assert no_change_reads(api, result) == ["Powerpack/", "Powerpack/", f"Powerpack/{pack['uuid']}/"]


def test_number_pool_by_powerpack_uuid_is_one_read_plus_the_member_pages(api, account):
    pack = account[30]
    result = run_module(number_pool.main, dict(powerpack_uuid=pack["uuid"], numbers=numbers(25), max_workers=1))
    assert no_change_reads(api, result) == [f"Powerpack/{pack['uuid']}/", *pool_pages(pack, 2)]


def test_number_pool_by_name_is_the_list_pages_plus_the_member_pages(api, account):
    pack = account[30]
    result = run_module(number_pool.main, dict(powerpack=pack["name"], numbers=numbers(25), purge=True, max_workers=1))
    assert no_change_reads(api, result) == ["Powerpack/", "Powerpack/", *pool_pages(pack, 2)]


def test_number_pool_by_pool_uuid_reads_only_the_member_pages(api, account):
    pack = account[30]
    result = run_module(number_pool.main, dict(number_pool_uuid=pack["number_pool_uuid"], numbers=numbers(25), purge=True))
    assert result["changed"] is False
    assert result["number_pool"]["uuid"] == pack["number_pool_uuid"]
    assert gets(api) == pool_pages(pack, 2)
    assert api.connections()["accepted"] <= 2  # the second page may go on a second worker's connection


def test_number_pool_by_pool_uuid_adds_like_by_powerpack(api, account):
    """No read of the Powerpack itself; the Powerpack list is read only to make sure no other pool holds the numbers."""
    pack = account[3]
    api.load_state(dict(api.state(), numbers=[*api.state()["numbers"], *numbers(2, start=100)]))
    result = run_module(number_pool.main, dict(number_pool_uuid=pack["number_pool_uuid"], numbers=numbers(2, start=100)))
    assert result["changed"] is True
    assert sorted(api.members(pack["name"])["numbers"]) == numbers(2, start=100)  # added side by side, in any order
    assert not any(path.startswith("Powerpack/") and path != "Powerpack/" for method, path in api.requests_made())
    other_pools = {f"NumberPool/{other['number_pool_uuid']}/{kind}/" for other in account if other is not pack for kind in ("Number", "Tollfree")}
    assert {path for method, path in api.requests_made() if path.startswith("NumberPool/") and method == "GET"} - other_pools == {
        f"NumberPool/{pack['number_pool_uuid']}/Number/"
    }


def test_number_pool_with_an_unknown_pool_uuid_fails_clearly(api):
    result = run_module(number_pool.main, dict(number_pool_uuid="0e8c5a9e-0000-4000-8000-000000000000", numbers=numbers(1)))
    assert result["failed"] is True
    assert "there is no number pool with uuid 0e8c5a9e-0000-4000-8000-000000000000" in result["msg"]
    assert api.write_requests() == []


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(number_pool_uuid="../Powerpack"), "number_pool_uuid '../Powerpack' is not a valid uuid"),
        (dict(number_pool_uuid="a-b", powerpack="x"), "mutually exclusive"),
        (dict(number_pool_uuid="a-b", powerpack_uuid="c-d"), "mutually exclusive"),
    ],
)
def test_number_pool_uuid_is_checked_before_any_request(api, args, message):
    result = run_module(number_pool.main, dict(args, numbers=numbers(1)))
    assert result["failed"] is True and message in result["msg"]
    assert api.requests() == []


def test_powerpack_info_listing_without_number_priority_reads_only_the_pages(api, account):
    result = run_module(powerpack_info.main, dict(include_number_priority=False, max_workers=1))
    assert gets(api) == ["Powerpack/"] * 3
    assert [item["name"] for item in result["powerpacks"]] == [pack["name"] for pack in account]
    assert all(item["number_priority"] is None and item["number_pool_uuid"] for item in result["powerpacks"])
    assert api.connections()["accepted"] == 1


def test_powerpack_info_listing_with_number_priority_reads_each_powerpack(api, account):
    result = run_module(powerpack_info.main, dict(max_workers=4))
    assert sorted(gets(api)) == sorted(["Powerpack/"] * 3 + [f"Powerpack/{pack['uuid']}/" for pack in account])
    assert all(item["number_priority"] for item in result["powerpacks"])
    assert 1 <= api.connections()["accepted"] <= 4


def test_powerpack_info_with_names_reads_the_list_and_only_the_named_powerpacks(api, account):
    named = [account[5], account[30]]
    result = run_module(
        powerpack_info.main,
        dict(names=[pack["name"] for pack in named], include_number_priority=True, include_numbers=True, number_kinds=["numbers"], max_workers=1),
    )
    assert [item["uuid"] for item in result["powerpacks"]] == [pack["uuid"] for pack in named]
    assert [len(item["number_pool"]["numbers"]) for item in result["powerpacks"]] == [0, 25]
    assert gets(api) == (
        ["Powerpack/"] * 3 + [f"Powerpack/{named[0]['uuid']}/"] + pool_pages(named[0], 1) + [f"Powerpack/{named[1]['uuid']}/"] + pool_pages(named[1], 2)
    )
    assert api.connections()["accepted"] == 1


def test_powerpack_info_side_by_side_sends_the_requests_of_one_at_a_time_and_returns_the_same(api, account):
    args = dict(names=[account[0]["name"], account[21]["name"], account[30]["name"]], include_numbers=True, number_kinds=["numbers"])
    one_at_a_time = run_module(powerpack_info.main, dict(args, max_workers=1))
    sequential = gets(api)
    api.clear_requests()
    side_by_side = run_module(powerpack_info.main, dict(args, max_workers=8))
    # The three pages of the list, the three Powerpacks (their number_priority), their long codes (1 + 1 + 2 pages).
    assert len(sequential) == 10 and sorted(gets(api)) == sorted(sequential)
    assert side_by_side == one_at_a_time


def test_a_name_two_powerpacks_carry_on_different_pages_stops_the_engine_before_any_write(api, account):
    twin = dict(account[0], uuid="0b0d6e7a-0000-4000-8000-0000000000ff", number_pool_uuid="0b0d6e7a-1111-4000-8000-0000000000ff")
    api.load_state(dict(api.state(), powerpacks=[*account, twin]))  # the twin is the 46th: on the third page
    result = run_module(powerpacks.main, dict(powerpacks=[{"name": "pp-00", "sticky_sender": False}, {"name": "pp-21", "local_connect": False}]))
    assert result["failed"] is True
    uuids = ", ".join(sorted([account[0]["uuid"], twin["uuid"]]))
    assert f"powerpacks[0] ('pp-00'): 2 Powerpacks of the account carry this name (uuids: {uuids})" in result["msg"]
    assert gets(api).count("Powerpack/") == 3  # every page of the list, and no write


@pytest.mark.parametrize("max_workers", [1, 3])
def test_powerpacks_no_change_run_is_the_list_pages_and_what_it_must_compare(api, account, max_workers):
    """The list pages, one GET per item that sets a number priority (or a preset), one page per member list an item
    needs; no write."""
    items = [{"name": pack["name"]} for pack in account]
    items[2].update(number_priority=PRIORITY)
    items[7].update(number_priority=PRIORITY, sticky_sender=True)
    items[9].update(preset=dict(name="shortcode_first", countries=["US"], services=["sms"]))  # the same priority as a preset
    items[30].update(numbers=numbers(25), purge=True)
    items[31].update(tollfree=[], shortcodes=[], purge=True)
    items[32].update(numbers=[])  # nothing listed and no purge: nothing to read
    result = run_module(powerpacks.main, dict(powerpacks=items, max_workers=max_workers))
    assert result["changed"] is False and result.get("failed") is None
    assert result["totals"]["unchanged"] == 45 and sum(result["totals"].values()) == 45
    expected = (
        ["Powerpack/"] * 3
        + [f"Powerpack/{account[index]['uuid']}/" for index in (2, 7, 9)]
        + pool_pages(account[30], 2)
        + pool_pages(account[31], 1, "Tollfree")
        + pool_pages(account[31], 1, "Shortcode")
    )
    assert sorted(gets(api)) == sorted(expected)
    assert 1 <= api.connections()["accepted"] <= max_workers
    assert api.sleeps == []
