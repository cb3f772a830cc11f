# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request budget of a no-change run, request by request (docs/performance.md).

Request counts are deterministic, unlike times: each module must send exactly the reads below when nothing changes,
and every request of a module run goes through one HTTP session (one keep-alive TCP connection). The TCP
connections themselves are counted against the simulator by the request_budget integration target.
"""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import client as client_module
from ansible_collections.plivo.messaging.plugins.modules import number_pool, powerpack, powerpack_info
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module

PRIORITY = [dict(country_iso="US", service_type="sms", priority=["shortcode", "tollfree", "longcode"])]  # as the fake API stores it


def numbers(count, start=0):
    return [f"1415{2000000 + start + index:07d}" for index in range(count)]


@pytest.fixture
def sessions(fake_api, monkeypatch):
    """Count the HTTP sessions the modules open (each is one keep-alive connection)."""
    opened = []

    def new_session():
        opened.append(1)
        return fake_api.session()

    monkeypatch.setattr(client_module, "new_session", new_session)
    return opened


@pytest.fixture
def account(fake_api):
    """45 Powerpacks (three pages of the list), the one at index 30 holding 25 long codes (two pages)."""
    packs = [fake_api.add_powerpack(f"pp-{index:02d}") for index in range(45)]
    fake_api.put_in_pool(packs[30], numbers=numbers(25))
    return packs


def gets(fake_api):
    assert all(method == "GET" for method, path in fake_api.requests_made()), fake_api.requests_made()
    return [path for method, path in fake_api.requests_made()]


def pool_pages(fake_api, pack, pages):
    pool = fake_api.pool_uuid(pack)
    return [f"NumberPool/{pool}/Number/"] * pages


def test_powerpack_by_uuid_is_one_get(fake_api, account, sessions):
    pack = account[30]
    result = run_module(powerpack.main, dict(uuid=pack["uuid"], name=pack["name"], sticky_sender=True, number_priority=PRIORITY))
    assert result["changed"] is False
    assert gets(fake_api) == ["Powerpack/{}/".format(pack["uuid"])]
    assert len(sessions) == 1


@pytest.mark.parametrize("index, pages", [(0, 1), (19, 1), (20, 2), (44, 3)])
def test_powerpack_by_name_reads_the_pages_up_to_the_one_holding_it(fake_api, account, sessions, index, pages):
    result = run_module(powerpack.main, dict(name=account[index]["name"], sticky_sender=True))
    assert result["changed"] is False
    assert gets(fake_api) == ["Powerpack/"] * pages
    assert [sent.query["offset"] for sent in fake_api.sent] == [str(20 * page) for page in range(pages)]
    assert len(sessions) == 1


def test_powerpack_by_name_with_number_priority_reads_it_once_more(fake_api, account, sessions):
    pack = account[20]
    result = run_module(powerpack.main, dict(name=pack["name"], number_priority=PRIORITY))
    assert result["changed"] is False
    assert gets(fake_api) == ["Powerpack/", "Powerpack/", "Powerpack/{}/".format(pack["uuid"])]
    assert len(sessions) == 1


def test_number_pool_by_powerpack_uuid_is_one_read_plus_the_member_pages(fake_api, account, sessions):
    pack = account[30]
    result = run_module(number_pool.main, dict(powerpack_uuid=pack["uuid"], numbers=numbers(25)))
    assert result["changed"] is False
    assert gets(fake_api) == ["Powerpack/{}/".format(pack["uuid"]), *pool_pages(fake_api, pack, 2)]
    assert len(sessions) == 1


def test_number_pool_by_name_is_the_list_pages_plus_the_member_pages(fake_api, account, sessions):
    pack = account[30]
    result = run_module(number_pool.main, dict(powerpack=pack["name"], numbers=numbers(25), purge=True))
    assert result["changed"] is False
    assert gets(fake_api) == ["Powerpack/", "Powerpack/", *pool_pages(fake_api, pack, 2)]
    assert len(sessions) == 1


def test_number_pool_by_pool_uuid_reads_only_the_member_pages(fake_api, account, sessions):
    pack = account[30]
    result = run_module(number_pool.main, dict(number_pool_uuid=fake_api.pool_uuid(pack), numbers=numbers(25), purge=True))
    assert result["changed"] is False
    assert result["number_pool"]["uuid"] == fake_api.pool_uuid(pack)
    assert gets(fake_api) == pool_pages(fake_api, pack, 2)
    assert len(sessions) == 1


def test_number_pool_by_pool_uuid_adds_like_by_powerpack(fake_api, account):
    pack = account[3]
    fake_api.rent(*numbers(2, start=100))
    result = run_module(number_pool.main, dict(number_pool_uuid=fake_api.pool_uuid(pack), numbers=numbers(2, start=100)))
    assert result["changed"] is True
    assert list(fake_api.members(pack)["numbers"]) == numbers(2, start=100)
    assert not any(path.startswith("Powerpack") for method, path in fake_api.requests_made())


def test_number_pool_with_an_unknown_pool_uuid_fails_clearly(fake_api, account):
    result = run_module(number_pool.main, dict(number_pool_uuid="0e8c5a9e-0000-4000-8000-000000000000", numbers=numbers(1)))
    assert result["failed"] is True
    assert "there is no number pool with uuid 0e8c5a9e-0000-4000-8000-000000000000" in result["msg"]
    assert fake_api.writes() == []


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(number_pool_uuid="../Powerpack"), "number_pool_uuid '../Powerpack' is not a valid uuid"),
        (dict(number_pool_uuid="a-b", powerpack="x"), "mutually exclusive"),
        (dict(number_pool_uuid="a-b", powerpack_uuid="c-d"), "mutually exclusive"),
    ],
)
def test_number_pool_uuid_is_checked_before_any_request(fake_api, args, message):
    result = run_module(number_pool.main, dict(args, numbers=numbers(1)))
    assert result["failed"] is True and message in result["msg"]
    assert fake_api.sent == []


def test_powerpack_info_listing_without_number_priority_reads_only_the_pages(fake_api, account, sessions):
    result = run_module(powerpack_info.main, dict(include_number_priority=False))
    assert gets(fake_api) == ["Powerpack/"] * 3
    assert [item["name"] for item in result["powerpacks"]] == [pack["name"] for pack in account]
    assert all(item["number_priority"] is None and item["number_pool_uuid"] for item in result["powerpacks"])
    assert len(sessions) == 1


def test_powerpack_info_listing_with_number_priority_reads_each_powerpack(fake_api, account):
    result = run_module(powerpack_info.main, dict())
    assert len(gets(fake_api)) == 3 + len(account)
    assert all(item["number_priority"] for item in result["powerpacks"])


def test_powerpack_info_with_names_reads_the_list_and_only_the_named_powerpacks(fake_api, account, sessions):
    named = [account[5], account[30]]
    result = run_module(
        powerpack_info.main,
        dict(names=[pack["name"] for pack in named], include_number_priority=True, include_numbers=True, number_kinds=["numbers"]),
    )
    assert [item["uuid"] for item in result["powerpacks"]] == [pack["uuid"] for pack in named]
    assert [len(item["number_pool"]["numbers"]) for item in result["powerpacks"]] == [0, 25]
    assert gets(fake_api) == (
        ["Powerpack/"] * 3
        + ["Powerpack/{}/".format(named[0]["uuid"])]
        + pool_pages(fake_api, named[0], 1)
        + ["Powerpack/{}/".format(named[1]["uuid"])]
        + pool_pages(fake_api, named[1], 2)
    )
    assert len(sessions) == 1
