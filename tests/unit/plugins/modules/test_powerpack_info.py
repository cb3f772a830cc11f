# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpack_info in-process against the simulator's core."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import RESULT_KEYS
from ansible_collections.plivo.messaging.plugins.modules import number_pool
from ansible_collections.plivo.messaging.plugins.modules import powerpack
from ansible_collections.plivo.messaging.plugins.modules import powerpack_info
from ansible_collections.plivo.messaging.tests.unit.module_runner import API_URL
from ansible_collections.plivo.messaging.tests.unit.module_runner import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import SC
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF2
from ansible_collections.plivo.messaging.tests.unit.sample_account import XML_APP
from ansible_collections.plivo.messaging.tests.unit.sample_account import A
from ansible_collections.plivo.messaging.tests.unit.sample_account import B
from ansible_collections.plivo.messaging.tests.unit.sample_account import seed_powerpacks
from ansible_collections.plivo.messaging.tests.unit.sample_account import sms

MISSING_UUID = "0e8c5a9e-0000-4000-8000-000000000000"
KINDS = ("Number", "Tollfree", "Shortcode")


def run(args, **modes):
    return run_module(powerpack_info.main, args, **modes)


def account(simulated_api, *powerpacks, **settings):
    """Powerpacks given as names or dicts in the seed's shape, with the XML application XML_APP to attach."""
    seed = {"applications": [{"app_id": XML_APP, "type": "xml"}], "powerpacks": seed_powerpacks(powerpacks)}
    return simulated_api(seed=seed, **settings)


def uuids(api):
    return [powerpack["uuid"] for powerpack in api.state()["powerpacks"]]


def pool(api, name):
    return api.powerpack(name)["number_pool_uuid"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_lists_every_powerpack_over_all_pages_with_number_priority(simulated_api, check_mode):
    api = account(simulated_api, *(f"pp{index}" for index in range(23)))
    result = run({}, check_mode=check_mode)
    assert result["changed"] is False
    assert [item["uuid"] for item in result["powerpacks"]] == uuids(api)
    assert all(tuple(item) == RESULT_KEYS and len(item["number_priority"]) == 4 for item in result["powerpacks"])
    lists = [entry["query"] for entry in api.requests() if api.relative(entry["path"]) == "Powerpack/"]
    assert sorted(lists, key=lambda query: query["offset"]) == [{"limit": "20", "offset": "0"}, {"limit": "20", "offset": "20"}]
    assert len(api.requests()) == 2 + 23 and api.write_requests() == []


def test_no_powerpacks_is_an_empty_list(simulated_api):
    account(simulated_api)
    assert run({}) == {"changed": False, "powerpacks": []}


def test_by_name(simulated_api):
    api = account(simulated_api, "alerts", dict(name="notifications", application_type="xml", application_id=XML_APP))
    wanted = api.powerpack("notifications")["uuid"]
    result = run(dict(name="notifications"))
    assert [item["uuid"] for item in result["powerpacks"]] == [wanted]
    assert (result["powerpacks"][0]["application_type"], result["powerpacks"][0]["application_id"]) == ("xml", XML_APP)
    assert api.requests_made() == [("GET", "Powerpack/"), ("GET", f"Powerpack/{wanted}/")]


def test_by_name_not_found_is_an_empty_list(simulated_api):
    account(simulated_api, "alerts")
    assert run(dict(name="Alerts"))["powerpacks"] == []


def test_duplicate_names_are_all_returned(simulated_api):
    api = account(simulated_api, "dup", "other", "dup")
    result = run(dict(name="dup"))
    assert result.get("failed") is None
    assert [item["uuid"] for item in result["powerpacks"]] == [uuids(api)[0], uuids(api)[2]]


def test_by_uuid_is_one_get(simulated_api):
    api = account(simulated_api, "alerts")
    result = run(dict(uuid=uuids(api)[0]))
    assert [item["name"] for item in result["powerpacks"]] == ["alerts"]
    assert api.requests_made() == [("GET", f"Powerpack/{uuids(api)[0]}/")]


def test_unknown_uuid_is_an_empty_list(simulated_api):
    api = account(simulated_api, "alerts")
    assert run(dict(uuid=MISSING_UUID))["powerpacks"] == []
    # The 404 counts as "absent" because the account's Powerpack list answers on the same URL.
    assert api.requests_made() == [("GET", f"Powerpack/{MISSING_UUID}/"), ("GET", "Powerpack/")]


def test_a_404_from_something_that_is_not_the_api_fails(simulated_api):
    api = account(simulated_api, "alerts")
    api.add_fault(method="GET", status=404, body="<html>Not Found</html>", times=None)
    result = run(dict(uuid=MISSING_UUID))
    assert result["failed"] is True and "check api_url" in result["msg"]
    assert result["msg"].endswith("nothing was changed")


def test_powerpack_deleted_between_list_and_get_is_left_out(simulated_api):
    api = account(simulated_api, "gone", "kept")
    gone, kept = uuids(api)
    api.add_fault(method="GET", path=f"/Powerpack/{gone}/$", status=404, body={"error": "not found"})
    assert [item["uuid"] for item in run({})["powerpacks"]] == [kept]


def test_same_shape_as_the_powerpack_module(simulated_api):
    api = account(simulated_api, dict(name="alerts", application_type="xml", application_id=XML_APP, local_connect=False))
    info = run(dict(uuid=uuids(api)[0]))["powerpacks"][0]
    managed = run_module(powerpack.main, dict(uuid=uuids(api)[0]))["powerpack"]
    assert info == managed


@pytest.mark.parametrize(
    "args, complaint",
    [
        (dict(uuid="x/../y"), "is not a valid uuid"),
        (dict(uuid="abc", name="alerts"), "mutually exclusive"),
        (dict(max_workers=0), "max_workers must be 1"),
        (dict(rate_limit=-1), "rate_limit must be 0"),
    ],
)
def test_invalid_options_fail_before_any_request(simulated_api, args, complaint):
    api = account(simulated_api, "alerts")
    result = run(args)
    assert result["failed"] is True and complaint in result["msg"]
    assert api.requests() == []


def test_api_failure_is_structured(simulated_api):
    api = account(simulated_api, "alerts")
    api.add_fault(method="GET", path="/Powerpack/$", status=401, body={"error": "Authentication failed"})
    result = run({})
    assert result["failed"] is True and result["status"] == 401 and result["method"] == "GET" and result["path"] == "/Powerpack/"
    assert result["msg"] == (
        f"Plivo API: GET {API_URL}/v1/Account/{AUTH_ID}/Powerpack/?limit=20&offset=0 failed with 401: Authentication failed; nothing was changed"
    )


def test_include_numbers_adds_each_pool_sorted(simulated_api):
    sales = dict(name="sales", numbers=[B, {"number": A, "service": "mms"}], tollfree=[TF2, TF], shortcodes=[SC])
    api = account(simulated_api, sales, "empty")
    result = run(dict(include_numbers=True))
    first, second = result["powerpacks"]
    assert first["number_pool"] == {
        "uuid": pool(api, "sales"),
        "numbers": [dict(number=A, service="mms"), dict(number=B, service="sms")],
        "tollfree": [TF, TF2],
        "shortcodes": [SC],
    }
    assert second["number_pool"] == {"uuid": pool(api, "empty"), "numbers": [], "tollfree": [], "shortcodes": []}
    assert api.write_requests() == []
    # The same shape as the number_pool module returns when it reads every kind.
    managed = run_module(number_pool.main, dict(powerpack="sales", numbers=[dict(number=A, service="mms")], tollfree=[TF], shortcodes=[SC]))
    assert managed["changed"] is False
    assert managed["number_pool"] == first["number_pool"]


def test_include_numbers_reads_three_lists_per_powerpack_only_when_asked(simulated_api):
    api = account(simulated_api, "sales")
    uuid = uuids(api)[0]
    run(dict(uuid=uuid, include_numbers=True))
    assert api.requests_made()[0] == ("GET", f"Powerpack/{uuid}/")
    assert sorted(path for method, path in api.requests_made()[1:]) == sorted(f"NumberPool/{pool(api, 'sales')}/{kind}/" for kind in KINDS)
    api.clear_requests()
    result = run(dict(uuid=uuid))
    assert "number_pool" not in result["powerpacks"][0]
    assert len(api.requests()) == 1


def test_include_numbers_leaves_out_a_powerpack_deleted_meanwhile(simulated_api):
    api = account(simulated_api, "gone", "kept")
    gone, kept = uuids(api)
    api.add_fault(method="GET", path=f"/NumberPool/{pool(api, 'gone')}/Number/$", status=404, body={"error": "not found"})
    api.add_fault(method="GET", path=f"/Powerpack/{gone}/$", status=404, body={"error": "not found"})
    result = run(dict(include_numbers=True, include_number_priority=False))
    assert [item["uuid"] for item in result["powerpacks"]] == [kept]


def test_a_member_list_answered_404_while_the_powerpack_exists_fails(simulated_api):
    api = account(simulated_api, "sales")
    api.add_fault(method="GET", path=f"/NumberPool/{pool(api, 'sales')}/Number/$", status=404, body={"error": "not found"})
    result = run(dict(include_numbers=True, include_number_priority=False))
    assert result["failed"] is True and result["status"] == 404
    assert result["path"] == f"/NumberPool/{pool(api, 'sales')}/Number/"


def test_include_numbers_failure_is_structured(simulated_api):
    api = account(simulated_api, "sales")
    api.add_fault(method="GET", path=f"/NumberPool/{pool(api, 'sales')}/Tollfree/$", status=401, body={"error": "Authentication failed"})
    result = run(dict(include_numbers=True))
    assert result["failed"] is True and result["status"] == 401
    assert result["path"] == f"/NumberPool/{pool(api, 'sales')}/Tollfree/"


# --- names and number_kinds ---------------------------------------------------------------------------


def test_names_returns_only_the_named_powerpacks_in_list_order(simulated_api):
    api = account(simulated_api, "alerts", "sales", "dup", "other", "dup", "support")
    stored = api.state()["powerpacks"]
    result = run(dict(names=["support", "dup", "absent", "alerts"]))
    assert result["changed"] is False and result.get("failed") is None
    assert [(item["name"], item["uuid"]) for item in result["powerpacks"]] == [
        (pack["name"], pack["uuid"]) for pack in stored if pack["name"] in ("alerts", "dup", "support")
    ]
    assert all(tuple(item) == RESULT_KEYS and item["number_priority"] for item in result["powerpacks"])
    assert api.write_requests() == []


def test_names_reads_the_whole_list_and_details_only_of_the_named_ones(simulated_api):
    api = account(simulated_api, *(f"pp-{index:02d}" for index in range(25)))
    stored = api.state()["powerpacks"]
    named = [stored[3], stored[22]]
    result = run(dict(names=[pack["name"] for pack in named], include_numbers=True))
    assert [item["uuid"] for item in result["powerpacks"]] == [pack["uuid"] for pack in named]
    paths = [path for method, path in api.requests_made()]
    assert paths.count("Powerpack/") == 2  # every page, even after the last name was found
    details = sorted(path for path in paths if path != "Powerpack/")
    assert details == sorted(
        [f"Powerpack/{pack['uuid']}/" for pack in named] + [f"NumberPool/{pack['number_pool_uuid']}/{kind}/" for pack in named for kind in KINDS]
    )


def test_names_without_number_priority_reads_only_the_list(simulated_api):
    api = account(simulated_api, "pp-00", "pp-01", "pp-02")
    result = run(dict(names=["pp-01"], include_number_priority=False))
    assert [item["uuid"] for item in result["powerpacks"]] == [uuids(api)[1]]
    assert result["powerpacks"][0]["number_priority"] is None
    assert api.requests_made() == [("GET", "Powerpack/")]


def test_empty_names_sends_no_request(simulated_api):
    api = account(simulated_api, "alerts")
    assert run(dict(names=[], include_numbers=True)) == {"changed": False, "powerpacks": []}
    assert api.requests() == []


def test_names_none_found_is_an_empty_list(simulated_api):
    api = account(simulated_api, "alerts")
    assert run(dict(names=["Alerts", "sales"]))["powerpacks"] == []
    assert api.requests_made() == [("GET", "Powerpack/")]


@pytest.mark.parametrize("args", [dict(names=["alerts"], name="alerts"), dict(names=["alerts"], uuid=MISSING_UUID), dict(names=[], name="alerts")])
def test_names_with_name_or_uuid_fails_before_any_request(simulated_api, args):
    api = account(simulated_api, "alerts")
    result = run(args)
    assert result["failed"] is True and "mutually exclusive" in result["msg"]
    assert api.requests() == []


def test_number_kinds_numbers_reads_only_the_long_codes(simulated_api):
    api = account(simulated_api, dict(name="sales", numbers=[B, {"number": A, "service": "mms"}], tollfree=[TF], shortcodes=[SC]), "support")
    result = run(dict(include_numbers=True, include_number_priority=False, number_kinds=["numbers"]))
    assert [item["number_pool"] for item in result["powerpacks"]] == [
        {"uuid": pool(api, "sales"), "numbers": [dict(number=A, service="mms"), dict(number=B, service="sms")], "tollfree": None, "shortcodes": None},
        {"uuid": pool(api, "support"), "numbers": [], "tollfree": None, "shortcodes": None},
    ]
    assert api.requests_made()[0] == ("GET", "Powerpack/")
    assert sorted(path for method, path in api.requests_made()[1:]) == sorted(f"NumberPool/{pool(api, name)}/Number/" for name in ("sales", "support"))


def test_number_kinds_tollfree_and_shortcodes(simulated_api):
    api = account(simulated_api, dict(name="sales", numbers=[A], tollfree=[TF], shortcodes=[SC]))
    uuid = uuids(api)[0]
    result = run(dict(uuid=uuid, include_numbers=True, number_kinds=["shortcodes", "tollfree"]))
    assert result["powerpacks"][0]["number_pool"] == {"uuid": pool(api, "sales"), "numbers": None, "tollfree": [TF], "shortcodes": [SC]}
    assert api.requests_made()[0] == ("GET", f"Powerpack/{uuid}/")
    assert sorted(path for method, path in api.requests_made()[1:]) == sorted(f"NumberPool/{pool(api, 'sales')}/{kind}/" for kind in ("Tollfree", "Shortcode"))


def test_default_number_kinds_reads_every_kind(simulated_api):
    api = account(simulated_api, dict(name="sales", numbers=[A], tollfree=[TF], shortcodes=[SC]))
    uuid = uuids(api)[0]
    default = run(dict(uuid=uuid, include_numbers=True))
    default_requests = sorted(api.requests_made())
    api.clear_requests()
    explicit = run(dict(uuid=uuid, include_numbers=True, number_kinds=["numbers", "tollfree", "shortcodes"]))
    assert default == explicit
    assert default["powerpacks"][0]["number_pool"] == {"uuid": pool(api, "sales"), "numbers": sms(A), "tollfree": [TF], "shortcodes": [SC]}
    assert sorted(api.requests_made()) == default_requests and len(default_requests) == 4


def test_number_kinds_without_include_numbers_has_no_effect(simulated_api):
    api = account(simulated_api, "sales")
    result = run(dict(uuid=uuids(api)[0], number_kinds=["numbers"]))
    assert "number_pool" not in result["powerpacks"][0]
    assert len(api.requests()) == 1


def test_unknown_number_kind_fails_before_any_request(simulated_api):
    api = account(simulated_api, "sales")
    result = run(dict(include_numbers=True, number_kinds=["longcodes"]))
    assert result["failed"] is True and "number_kinds" in result["msg"]
    assert api.requests() == []


# --- export ---------------------------------------------------------------------------------------------


def test_export_writes_the_account_as_the_powerpacks_input(simulated_api):
    us_ca_local_first = [
        {"country_iso": country, "service_type": service, "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}
        for country in ("US", "CA")
        for service in ("SMS", "MMS")
    ]
    custom = [{"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "tollfree", "priority2": "shortcode", "priority3": "longcode"}}]
    api = account(
        simulated_api,
        dict(
            name="sales",
            sticky_sender=False,
            application_type="xml",
            application_id=XML_APP,
            number_priority=us_ca_local_first,
            numbers=[B, {"number": A, "service": "mms"}],
            tollfree=[TF],
            shortcodes=[SC],
        ),
        dict(name="custom", local_connect=False, number_priority=custom),
        dict(name="none", number_priority=[]),
    )
    result = run(dict(export=True, include_numbers=False, include_number_priority=False, number_kinds=["numbers"]))
    assert result["changed"] is False and api.write_requests() == []
    custom_us_sms = {"country_iso": "US", "service_type": "sms", "priority": ["tollfree", "shortcode", "longcode"]}
    no_members = {"numbers": [], "tollfree": [], "shortcodes": []}
    assert result["plivo_powerpacks"] == [
        {
            "name": "sales",
            "sticky_sender": False,
            "local_connect": True,
            "application_type": "xml",
            "application_id": XML_APP,
            "preset": {"name": "local_first", "countries": ["CA", "US"], "services": ["sms", "mms"]},
            "numbers": [{"number": f"+{A}", "service": "mms"}, {"number": f"+{B}", "service": "sms"}],
            "tollfree": [f"+{TF}"],
            "shortcodes": [SC],
        },
        {"name": "custom", "sticky_sender": True, "local_connect": False, "application_id": "none", "number_priority": [custom_us_sms], **no_members},
        {"name": "none", "sticky_sender": True, "local_connect": True, "application_id": "none", "number_priority": [], **no_members},
    ]
    # export implies every detail, whatever the other options say
    assert all(item["number_priority"] is not None and item["number_pool"]["tollfree"] is not None for item in result["powerpacks"])
