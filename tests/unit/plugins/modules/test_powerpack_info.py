# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpack_info in-process against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.modules import powerpack, powerpack_info
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import reply
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module


def run(args, **modes):
    return run_module(powerpack_info.main, args, **modes)


@pytest.mark.parametrize("check_mode", [False, True])
def test_lists_every_powerpack_over_all_pages_with_number_priority(fake_api, check_mode):
    stored = [fake_api.add_powerpack("pp{0}".format(index)) for index in range(23)]
    result = run({}, check_mode=check_mode)
    assert result["changed"] is False
    assert [item["uuid"] for item in result["powerpacks"]] == [item["uuid"] for item in stored]
    assert all(tuple(item) == RESULT_KEYS and len(item["number_priority"]) == 4 for item in result["powerpacks"])
    lists = [sent.query for sent in fake_api.sent if sent.path == "Powerpack/"]
    assert lists == [{"limit": "20", "offset": "0"}, {"limit": "20", "offset": "20"}]
    assert len(fake_api.sent) == 2 + 23 and fake_api.writes() == []


def test_no_powerpacks_is_an_empty_list(fake_api):
    assert run({}) == {"changed": False, "powerpacks": []}


def test_by_name(fake_api):
    fake_api.add_powerpack("alerts")
    wanted = fake_api.add_powerpack("notifications", application_type="XML", application_id="12")
    result = run(dict(name="notifications"))
    assert [item["uuid"] for item in result["powerpacks"]] == [wanted["uuid"]]
    assert result["powerpacks"][0]["application_type"] == "xml"
    assert fake_api.requests_made() == [("GET", "Powerpack/"), ("GET", "Powerpack/{0}/".format(wanted["uuid"]))]


def test_by_name_not_found_is_an_empty_list(fake_api):
    fake_api.add_powerpack("alerts")
    assert run(dict(name="Alerts"))["powerpacks"] == []


def test_duplicate_names_are_all_returned(fake_api):
    first = fake_api.add_powerpack("dup")
    second = fake_api.add_powerpack("dup")
    result = run(dict(name="dup"))
    assert result.get("failed") is None
    assert [item["uuid"] for item in result["powerpacks"]] == [first["uuid"], second["uuid"]]


def test_by_uuid_is_one_get(fake_api):
    stored = fake_api.add_powerpack("alerts")
    result = run(dict(uuid=stored["uuid"]))
    assert [item["name"] for item in result["powerpacks"]] == ["alerts"]
    assert fake_api.requests_made() == [("GET", "Powerpack/{0}/".format(stored["uuid"]))]


def test_unknown_uuid_is_an_empty_list(fake_api):
    assert run(dict(uuid="0e8c5a9e-0000-4000-8000-000000000000"))["powerpacks"] == []


def test_powerpack_deleted_between_list_and_get_is_left_out(fake_api):
    gone = fake_api.add_powerpack("gone")
    kept = fake_api.add_powerpack("kept")
    fake_api.fail("GET", "Powerpack/{0}/".format(gone["uuid"]), reply(404, {"error": "not found"}))
    assert [item["uuid"] for item in run({})["powerpacks"]] == [kept["uuid"]]


def test_same_shape_as_the_powerpack_module(fake_api):
    stored = fake_api.add_powerpack("alerts", application_type="PHLO", application_id="3")
    info = run(dict(uuid=stored["uuid"]))["powerpacks"][0]
    managed = run_module(powerpack.main, dict(uuid=stored["uuid"]))["powerpack"]
    assert info == managed


@pytest.mark.parametrize(
    "args, complaint",
    [
        (dict(uuid="x/../y"), "is not a valid uuid"),
        (dict(uuid="abc", name="alerts"), "mutually exclusive"),
    ],
)
def test_invalid_options_fail_before_any_request(fake_api, args, complaint):
    result = run(args)
    assert result["failed"] is True and complaint in result["msg"]
    assert fake_api.sent == []


def test_api_failure_is_structured(fake_api):
    fake_api.fail("GET", "Powerpack/", reply(401, {"error": "Authentication failed"}))
    result = run({})
    assert result["failed"] is True and result["status"] == 401 and result["method"] == "GET" and result["path"] == "/Powerpack/"
    assert result["msg"] == "Plivo API: GET /Powerpack/ failed with 401: Authentication failed"
