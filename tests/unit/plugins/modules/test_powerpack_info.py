# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpack_info in-process against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.modules import number_pool, powerpack, powerpack_info
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import reply
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module

A = "14155550101"
B = "14155550102"
TF = "18005550199"
TF2 = "18885550142"
SC = "444444"


def run(args, **modes):
    return run_module(powerpack_info.main, args, **modes)


@pytest.mark.parametrize("check_mode", [False, True])
def test_lists_every_powerpack_over_all_pages_with_number_priority(fake_api, check_mode):
    stored = [fake_api.add_powerpack(f"pp{index}") for index in range(23)]
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
    assert fake_api.requests_made() == [("GET", "Powerpack/"), ("GET", "Powerpack/{}/".format(wanted["uuid"]))]


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
    assert fake_api.requests_made() == [("GET", "Powerpack/{}/".format(stored["uuid"]))]


def test_unknown_uuid_is_an_empty_list(fake_api):
    assert run(dict(uuid="0e8c5a9e-0000-4000-8000-000000000000"))["powerpacks"] == []


def test_powerpack_deleted_between_list_and_get_is_left_out(fake_api):
    gone = fake_api.add_powerpack("gone")
    kept = fake_api.add_powerpack("kept")
    fake_api.fail("GET", "Powerpack/{}/".format(gone["uuid"]), reply(404, {"error": "not found"}))
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


def test_include_numbers_adds_each_pool_sorted(fake_api):
    pp = fake_api.add_powerpack("sales")
    fake_api.put_in_pool(pp, numbers=[B, (A, "mms")], tollfree=[TF2, TF], shortcodes=[SC])
    empty = fake_api.add_powerpack("empty")
    result = run(dict(include_numbers=True))
    first, second = result["powerpacks"]
    assert first["number_pool"] == {
        "uuid": fake_api.pool_uuid(pp),
        "numbers": [dict(number=A, service="mms"), dict(number=B, service="sms")],
        "tollfree": [TF, TF2],
        "shortcodes": [SC],
    }
    assert second["number_pool"] == {"uuid": fake_api.pool_uuid(empty), "numbers": [], "tollfree": [], "shortcodes": []}
    assert fake_api.writes() == []
    # The same shape as the number_pool module returns when it reads every kind.
    managed = run_module(number_pool.main, dict(powerpack="sales", numbers=[dict(number=A, service="mms")], tollfree=[TF], shortcodes=[SC]))
    assert managed["changed"] is False
    assert managed["number_pool"] == first["number_pool"]


def test_include_numbers_reads_three_lists_per_powerpack_only_when_asked(fake_api):
    pp = fake_api.add_powerpack("sales")
    run(dict(uuid=pp["uuid"], include_numbers=True))
    assert [path for method, path in fake_api.requests_made()] == [
        "Powerpack/{}/".format(pp["uuid"]),
        f"NumberPool/{fake_api.pool_uuid(pp)}/Number/",
        f"NumberPool/{fake_api.pool_uuid(pp)}/Tollfree/",
        f"NumberPool/{fake_api.pool_uuid(pp)}/Shortcode/",
    ]
    fake_api.sent.clear()
    result = run(dict(uuid=pp["uuid"]))
    assert "number_pool" not in result["powerpacks"][0]
    assert len(fake_api.sent) == 1


def test_include_numbers_leaves_out_a_powerpack_deleted_meanwhile(fake_api):
    gone = fake_api.add_powerpack("gone")
    kept = fake_api.add_powerpack("kept")
    fake_api.fail("GET", f"NumberPool/{fake_api.pool_uuid(gone)}/Number/", reply(404, {"error": "not found"}))
    assert [item["uuid"] for item in run(dict(include_numbers=True))["powerpacks"]] == [kept["uuid"]]


def test_include_numbers_failure_is_structured(fake_api):
    pp = fake_api.add_powerpack("sales")
    fake_api.fail("GET", f"NumberPool/{fake_api.pool_uuid(pp)}/Tollfree/", reply(401, {"error": "Authentication failed"}))
    result = run(dict(include_numbers=True))
    assert result["failed"] is True and result["status"] == 401
    assert result["path"] == f"/NumberPool/{fake_api.pool_uuid(pp)}/Tollfree/"


# --- names and number_kinds ---------------------------------------------------------------------------


def test_names_returns_only_the_named_powerpacks_in_list_order(fake_api):
    packs = [fake_api.add_powerpack(name) for name in ("alerts", "sales", "dup", "other", "dup", "support")]
    result = run(dict(names=["support", "dup", "absent", "alerts"]))
    assert result["changed"] is False and result.get("failed") is None
    assert [(item["name"], item["uuid"]) for item in result["powerpacks"]] == [
        (pack["name"], pack["uuid"]) for pack in packs if pack["name"] in ("alerts", "dup", "support")
    ]
    assert all(tuple(item) == RESULT_KEYS and item["number_priority"] for item in result["powerpacks"])
    assert fake_api.writes() == []


def test_names_reads_the_whole_list_and_details_only_of_the_named_ones(fake_api):
    packs = [fake_api.add_powerpack(f"pp-{index:02d}") for index in range(25)]
    named = [packs[3], packs[22]]
    result = run(dict(names=[pack["name"] for pack in named], include_numbers=True))
    assert [item["uuid"] for item in result["powerpacks"]] == [pack["uuid"] for pack in named]
    paths = [path for method, path in fake_api.requests_made()]
    assert paths.count("Powerpack/") == 2  # every page, even after the last name was found
    details = sorted(path for path in paths if path != "Powerpack/")
    assert details == sorted(
        ["Powerpack/{}/".format(pack["uuid"]) for pack in named]
        + [f"NumberPool/{fake_api.pool_uuid(pack)}/{kind}/" for pack in named for kind in ("Number", "Tollfree", "Shortcode")]
    )


def test_names_without_number_priority_reads_only_the_list(fake_api):
    packs = [fake_api.add_powerpack(f"pp-{index:02d}") for index in range(3)]
    result = run(dict(names=[packs[1]["name"]], include_number_priority=False))
    assert [item["uuid"] for item in result["powerpacks"]] == [packs[1]["uuid"]]
    assert result["powerpacks"][0]["number_priority"] is None
    assert fake_api.requests_made() == [("GET", "Powerpack/")]


def test_empty_names_sends_no_request(fake_api):
    fake_api.add_powerpack("alerts")
    assert run(dict(names=[], include_numbers=True)) == {"changed": False, "powerpacks": []}
    assert fake_api.sent == []


def test_names_none_found_is_an_empty_list(fake_api):
    fake_api.add_powerpack("alerts")
    assert run(dict(names=["Alerts", "sales"]))["powerpacks"] == []
    assert fake_api.requests_made() == [("GET", "Powerpack/")]


@pytest.mark.parametrize(
    "args",
    [
        dict(names=["alerts"], name="alerts"),
        dict(names=["alerts"], uuid="0e8c5a9e-0000-4000-8000-000000000000"),
        dict(names=[], name="alerts"),
    ],
)
def test_names_with_name_or_uuid_fails_before_any_request(fake_api, args):
    fake_api.add_powerpack("alerts")
    result = run(args)
    assert result["failed"] is True and "mutually exclusive" in result["msg"]
    assert fake_api.sent == []


def test_number_kinds_numbers_reads_only_the_long_codes(fake_api):
    first = fake_api.add_powerpack("sales")
    fake_api.put_in_pool(first, numbers=[B, (A, "mms")], tollfree=[TF], shortcodes=[SC])
    second = fake_api.add_powerpack("support")
    result = run(dict(include_numbers=True, include_number_priority=False, number_kinds=["numbers"]))
    assert [item["number_pool"] for item in result["powerpacks"]] == [
        {"uuid": fake_api.pool_uuid(first), "numbers": [dict(number=A, service="mms"), dict(number=B, service="sms")], "tollfree": None, "shortcodes": None},
        {"uuid": fake_api.pool_uuid(second), "numbers": [], "tollfree": None, "shortcodes": None},
    ]
    assert [path for method, path in fake_api.requests_made()] == [
        "Powerpack/",
        f"NumberPool/{fake_api.pool_uuid(first)}/Number/",
        f"NumberPool/{fake_api.pool_uuid(second)}/Number/",
    ]


def test_number_kinds_tollfree_and_shortcodes(fake_api):
    pp = fake_api.add_powerpack("sales")
    fake_api.put_in_pool(pp, numbers=[A], tollfree=[TF], shortcodes=[SC])
    result = run(dict(uuid=pp["uuid"], include_numbers=True, number_kinds=["shortcodes", "tollfree"]))
    assert result["powerpacks"][0]["number_pool"] == {"uuid": fake_api.pool_uuid(pp), "numbers": None, "tollfree": [TF], "shortcodes": [SC]}
    assert [path for method, path in fake_api.requests_made()] == [
        "Powerpack/{}/".format(pp["uuid"]),
        f"NumberPool/{fake_api.pool_uuid(pp)}/Tollfree/",
        f"NumberPool/{fake_api.pool_uuid(pp)}/Shortcode/",
    ]


def test_default_number_kinds_reads_every_kind(fake_api):
    pp = fake_api.add_powerpack("sales")
    fake_api.put_in_pool(pp, numbers=[A], tollfree=[TF], shortcodes=[SC])
    default = run(dict(uuid=pp["uuid"], include_numbers=True))
    default_requests = fake_api.requests_made()
    fake_api.sent.clear()
    explicit = run(dict(uuid=pp["uuid"], include_numbers=True, number_kinds=["numbers", "tollfree", "shortcodes"]))
    assert default == explicit
    assert default["powerpacks"][0]["number_pool"] == {
        "uuid": fake_api.pool_uuid(pp),
        "numbers": [dict(number=A, service="sms")],
        "tollfree": [TF],
        "shortcodes": [SC],
    }
    assert fake_api.requests_made() == default_requests and len(default_requests) == 4


def test_number_kinds_without_include_numbers_has_no_effect(fake_api):
    pp = fake_api.add_powerpack("sales")
    result = run(dict(uuid=pp["uuid"], number_kinds=["numbers"]))
    assert "number_pool" not in result["powerpacks"][0]
    assert len(fake_api.sent) == 1


def test_unknown_number_kind_fails_before_any_request(fake_api):
    result = run(dict(include_numbers=True, number_kinds=["longcodes"]))
    assert result["failed"] is True and "number_kinds" in result["msg"]
    assert fake_api.sent == []
