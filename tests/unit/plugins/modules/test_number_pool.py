# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.number_pool in-process against the simulator's core: plan, guards, check and diff mode, failures
half way."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules import number_pool
from ansible_collections.plivo.messaging.tests.unit.module_runner import API_URL
from ansible_collections.plivo.messaging.tests.unit.module_runner import AUTH_ID
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module
from ansible_collections.plivo.messaging.tests.unit.sample_account import NOT_RENTED
from ansible_collections.plivo.messaging.tests.unit.sample_account import SC
from ansible_collections.plivo.messaging.tests.unit.sample_account import SC2
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF
from ansible_collections.plivo.messaging.tests.unit.sample_account import TF2
from ansible_collections.plivo.messaging.tests.unit.sample_account import A
from ansible_collections.plivo.messaging.tests.unit.sample_account import B
from ansible_collections.plivo.messaging.tests.unit.sample_account import C
from ansible_collections.plivo.messaging.tests.unit.sample_account import D
from ansible_collections.plivo.messaging.tests.unit.sample_account import sms

NOT_RENTED_2 = "14155550178"
NO_WRITES = {"numbers": [], "tollfree": []}, {"numbers": [], "tollfree": [], "shortcodes": []}


def run(args, **modes):
    return run_module(number_pool.main, args, **modes)


def sales(simulated_api, numbers=(), tollfree=(), shortcodes=(), others=(), rented=(), **settings):
    """The account rents A, B, C, D, TF, TF2 (and rented); the Powerpack "sales" holds the given members (long codes
    as numbers or (number, service) pairs); others are more Powerpacks in the seed's shape."""
    long_codes = [{"number": entry, "service": "sms"} if isinstance(entry, str) else {"number": entry[0], "service": entry[1]} for entry in numbers]
    seed = {
        "numbers": [A, B, C, D, *rented],
        "tollfree": [TF, TF2],
        "powerpacks": [{"name": "sales", "numbers": long_codes, "tollfree": list(tollfree), "shortcodes": list(shortcodes)}, *others],
    }
    return simulated_api(seed=seed, **settings)


def no_change(result):
    return (result["added"], result["removed"]) == NO_WRITES and result["rented"] == [] and result["unrented"] == []


# --- adding -----------------------------------------------------------------------------------------


def test_add_to_an_empty_pool(simulated_api):
    api = sales(simulated_api)
    result = run(dict(powerpack="sales", numbers=[A, dict(number=B, service="mms")], tollfree=[TF]))
    assert result["changed"] is True
    assert api.members("sales") == {"numbers": {A: "sms", B: "mms"}, "tollfree": [TF], "shortcodes": []}
    assert sorted(api.writes_made()) == [
        ("POST", api.pool_path("sales", "Number", A), {"service": "sms"}),
        ("POST", api.pool_path("sales", "Number", B), {"service": "mms"}),
        ("POST", api.pool_path("sales", "Tollfree", TF), {}),
    ]
    assert result["added"] == {"numbers": [dict(number=A, service="sms"), dict(number=B, service="mms")], "tollfree": [TF]}
    assert result["removed"] == {"numbers": [], "tollfree": [], "shortcodes": []}
    assert result["rented"] == [] and result["unrented"] == []
    assert result["number_pool"] == {
        "uuid": api.powerpack("sales")["number_pool_uuid"],
        "numbers": [dict(number=A, service="sms"), dict(number=B, service="mms")],
        "tollfree": [TF],
        "shortcodes": None,  # not listed, so not read
    }


def test_requests_of_adding_n_numbers(simulated_api):
    """The Powerpack, one page of the list, one rent check per number, the other pools' lists, one POST per number."""
    api = sales(simulated_api, others=[{"name": "support", "numbers": [D], "tollfree": [TF2]}])
    uuid = api.powerpack("sales")["uuid"]
    run(dict(powerpack_uuid=uuid, numbers=[A, B, C], max_workers=1))
    support = api.powerpack("support")["number_pool_uuid"]
    assert api.requests_made() == [
        ("GET", f"Powerpack/{uuid}/"),
        ("GET", api.pool_path("sales")),
        *[("GET", f"Number/{number}/") for number in (C, A, B)],
        ("GET", "Powerpack/"),
        ("GET", f"NumberPool/{support}/Number/"),
        ("GET", f"NumberPool/{support}/Tollfree/"),
        *[("POST", api.pool_path("sales", "Number", number)) for number in (C, A, B)],
    ]


def test_numbers_are_normalised_before_comparing(simulated_api):
    api = sales(simulated_api, numbers=[A, B])
    result = run(dict(powerpack="sales", numbers=["+1 (415) 555-0101", "0014155550102", 14155550101, "+1.415.555.0102"]))
    assert result["changed"] is False and api.write_requests() == []
    assert no_change(result)


def test_converged_run_reads_the_powerpack_and_the_lists_only(simulated_api):
    api = sales(simulated_api, numbers=[A, (B, "mms")], tollfree=[TF], shortcodes=[SC])
    uuid = api.powerpack("sales")["uuid"]
    args = dict(powerpack_uuid=uuid, numbers=[A, dict(number=B, service="mms")], tollfree=[TF], shortcodes=[SC], purge=True)
    result = run(args, diff=True)
    assert result["changed"] is False
    assert api.requests_made()[0] == ("GET", f"Powerpack/{uuid}/")
    assert sorted(api.requests_made()[1:]) == sorted(("GET", api.pool_path("sales", kind)) for kind in ("Number", "Tollfree", "Shortcode"))
    assert result["diff"]["before"] == result["diff"]["after"]
    assert no_change(result)


def test_large_pool_is_read_page_by_page_once(simulated_api):
    numbers = [f"1415555{index:04d}" for index in range(1000, 1045)]
    api = sales(simulated_api, numbers=numbers)
    result = run(dict(powerpack="sales", numbers=numbers[::-1]))
    assert result["changed"] is False and api.write_requests() == []
    pool_list = api.pool_path("sales")
    pages = [entry["query"] for entry in api.requests() if api.relative(entry["path"]) == pool_list]
    assert sorted(pages, key=lambda query: int(query["offset"])) == [{"limit": "20", "offset": str(offset)} for offset in (0, 20, 40)]
    assert len(result["number_pool"]["numbers"]) == 45


def test_kinds_not_listed_are_neither_read_nor_touched(simulated_api):
    api = sales(simulated_api, numbers=[A], tollfree=[TF], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[A, B], purge=True))
    paths = [path for method, path in api.requests_made()]
    assert api.pool_path("sales", "Tollfree") not in paths and api.pool_path("sales", "Shortcode") not in paths
    assert api.members("sales") == {"numbers": {A: "sms", B: "sms"}, "tollfree": [TF], "shortcodes": [SC]}
    assert result["number_pool"]["tollfree"] is None and result["number_pool"]["shortcodes"] is None


def test_toll_free_items_in_the_number_list_are_not_purged_as_long_codes(simulated_api):
    # An API that lists toll-free members on the Number list too (type tollfree), naming them "tollfree".
    api = sales(simulated_api, numbers=[A], tollfree=[TF], number_list_tollfree="include", tollfree_field="tollfree")
    result = run(dict(powerpack="sales", numbers=[A], purge=True))
    assert result["changed"] is False and api.write_requests() == []
    assert result["number_pool"]["numbers"] == sms(A)
    assert api.members("sales")["tollfree"] == [TF]


def test_an_empty_list_without_purge_reads_nothing_of_that_kind(simulated_api):
    api = sales(simulated_api, numbers=[A])
    result = run(dict(powerpack="sales", numbers=[], tollfree=[]))
    assert result["changed"] is False
    assert api.requests_made() == [("GET", "Powerpack/")]


# --- purge -------------------------------------------------------------------------------------------


def test_purge_removes_unlisted_members_of_each_listed_kind(simulated_api):
    api = sales(simulated_api, numbers=[A, B, C], tollfree=[TF, TF2], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[A, D], tollfree=[TF], purge=True, max_workers=1))
    assert api.members("sales") == {"numbers": {A: "sms", D: "sms"}, "tollfree": [TF], "shortcodes": [SC]}
    assert result["removed"] == {"numbers": sms(C, B), "tollfree": [TF2], "shortcodes": []}
    assert result["added"] == {"numbers": sms(D), "tollfree": []}
    # Removals first, numbers stay rented (unrent false is sent explicitly), then the addition.
    assert api.writes_made() == [
        ("DELETE", api.pool_path("sales", "Number", C), {"unrent": False}),
        ("DELETE", api.pool_path("sales", "Number", B), {"unrent": False}),
        ("DELETE", api.pool_path("sales", "Tollfree", TF2), {"unrent": False}),
        ("POST", api.pool_path("sales", "Number", D), {"service": "sms"}),
    ]
    assert {B, C, TF2} <= api.rented()


def test_empty_numbers_with_purge_empties_the_long_codes_only(simulated_api):
    api = sales(simulated_api, numbers=[A, B], tollfree=[TF], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[], purge=True))
    assert result["changed"] is True
    assert api.members("sales") == {"numbers": {}, "tollfree": [TF], "shortcodes": [SC]}
    assert result["number_pool"]["numbers"] == []


def test_purging_short_codes_only_unlinks_them(simulated_api):
    api = sales(simulated_api, shortcodes=[SC, SC2])
    result = run(dict(powerpack="sales", shortcodes=[SC2], purge=True, unrent=True))
    assert api.writes_made() == [("DELETE", api.pool_path("sales", "Shortcode", SC), None)]
    assert result["removed"]["shortcodes"] == [SC] and result["unrented"] == []
    assert SC in [entry["shortcode"] for entry in api.state()["shortcodes"]]


def test_purge_with_unrent_releases_the_removed_numbers(simulated_api):
    api = sales(simulated_api, numbers=[A, B], tollfree=[TF])
    result = run(dict(powerpack="sales", numbers=[A], tollfree=[], purge=True, unrent=True))
    assert result["unrented"] == [B, TF]
    assert B not in api.rented() and TF not in api.rented() and A in api.rented()
    assert all(body == {"unrent": True} for method, path, body in api.writes_made())


# --- state=absent and unrent -----------------------------------------------------------------------------


def test_absent_removes_the_listed_members_that_are_there(simulated_api):
    api = sales(simulated_api, numbers=[A, (B, "mms")], tollfree=[TF], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[dict(number=B, service="sms"), C], tollfree=[TF2], shortcodes=[SC], state="absent"))
    assert api.members("sales") == {"numbers": {A: "sms"}, "tollfree": [TF], "shortcodes": []}
    assert result["removed"] == {"numbers": [dict(number=B, service="mms")], "tollfree": [], "shortcodes": [SC]}
    assert sorted(api.writes_made(), key=str) == sorted(
        [
            ("DELETE", api.pool_path("sales", "Shortcode", SC), None),
            ("DELETE", api.pool_path("sales", "Number", B), {"unrent": False}),
        ],
        key=str,
    )
    assert B in api.rented()  # kept by the account
    assert result["unrented"] == []


def test_absent_with_unrent_releases_the_number(simulated_api):
    api = sales(simulated_api, numbers=[A, B])
    result = run(dict(powerpack="sales", numbers=[B], state="absent", unrent=True))
    assert api.writes_made() == [("DELETE", api.pool_path("sales", "Number", B), {"unrent": True})]
    assert B not in api.rented() and A in api.rented()
    assert result["unrented"] == [B]


def test_absent_of_members_not_in_the_pool_changes_nothing(simulated_api):
    api = sales(simulated_api, numbers=[A])
    result = run(dict(powerpack="sales", numbers=[B], tollfree=[TF], state="absent"))
    assert result["changed"] is False and api.write_requests() == []


# --- service changes ------------------------------------------------------------------------------------


def test_service_change_removes_and_adds_again_without_releasing(simulated_api):
    api = sales(simulated_api, numbers=[A, B])
    result = run(dict(powerpack="sales", numbers=[dict(number=A, service="mms"), B], purge=True, unrent=True, max_workers=1))
    assert api.writes_made() == [
        ("DELETE", api.pool_path("sales", "Number", A), {"unrent": False}),
        ("POST", api.pool_path("sales", "Number", A), {"service": "mms"}),
    ]
    assert api.members("sales")["numbers"] == {A: "mms", B: "sms"} and A in api.rented()
    assert result["added"]["numbers"] == [dict(number=A, service="mms")]
    assert result["removed"]["numbers"] == [dict(number=A, service="sms")]
    assert result["unrented"] == []


def test_a_number_listed_without_a_service_keeps_its_own(simulated_api):
    api = sales(simulated_api, numbers=[(A, "mms")])
    result = run(dict(powerpack="sales", numbers=[A, B], purge=True))
    assert result["added"]["numbers"] == sms(B) and result["removed"]["numbers"] == []
    assert api.members("sales")["numbers"] == {A: "mms", B: "sms"}


def test_a_number_listed_twice_takes_the_service_one_entry_gives(simulated_api):
    api = sales(simulated_api, numbers=[A])
    result = run(dict(powerpack="sales", numbers=[A, dict(number=A, service="mms")], max_workers=1))
    assert result["changed"] is True and result["added"]["numbers"] == [dict(number=A, service="mms")]
    assert api.members("sales")["numbers"] == {A: "mms"}


# --- rent guard -------------------------------------------------------------------------------------------


def test_a_number_the_account_does_not_rent_fails_before_any_write(simulated_api):
    api = sales(simulated_api)
    result = run(dict(powerpack="sales", numbers=[A, NOT_RENTED, NOT_RENTED_2]))
    assert result["failed"] is True
    assert f"the account does not rent {NOT_RENTED}, {NOT_RENTED_2}: set rent: true to buy them" in result["msg"]
    assert result["msg"].endswith("; nothing was changed")
    assert result["not_rented"] == {"numbers": [NOT_RENTED, NOT_RENTED_2], "tollfree": []}
    assert result["changed"] is False
    assert api.write_requests() == [] and api.members("sales")["numbers"] == {}


def test_rent_buys_only_the_numbers_the_account_does_not_rent(simulated_api):
    api = sales(simulated_api)
    result = run(dict(powerpack="sales", numbers=[A, NOT_RENTED], rent=True))
    assert sorted(api.writes_made()) == [
        ("POST", api.pool_path("sales", "Number", A), {"service": "sms"}),
        ("POST", api.pool_path("sales", "Number", NOT_RENTED), {"service": "sms", "rent": True}),
    ]
    assert result["rented"] == [NOT_RENTED] and NOT_RENTED in api.rented()
    assert run(dict(powerpack="sales", numbers=[A, NOT_RENTED], rent=True))["changed"] is False


@pytest.mark.parametrize("rent", [False, True])
def test_a_toll_free_number_the_account_does_not_rent_fails_even_with_rent(simulated_api, rent):
    api = sales(simulated_api)
    result = run(dict(powerpack="sales", numbers=[A], tollfree=["18445550100"], rent=rent))
    assert result["failed"] is True
    assert "the account does not rent 18445550100" in result["msg"] and "cannot be rented through the number pool API" in result["msg"]
    assert result["not_rented"]["tollfree"] == ["18445550100"]
    assert api.write_requests() == []


def test_numbers_listed_under_the_wrong_kind_fail_before_any_request(simulated_api):
    api = sales(simulated_api)
    result = run(dict(powerpack="sales", numbers=[A, TF], tollfree=[B]))
    assert result["failed"] is True
    assert "numbers[1]: +1 800-555-0199 is a toll-free number: list it under tollfree" in result["msg"]
    assert "tollfree[0]: +1 415-555-0102 is not a toll-free number: list it under numbers" in result["msg"]
    assert api.requests() == []


def test_the_account_decides_the_kind_when_libphonenumber_cannot(simulated_api):
    # +44 20 7946 0958 is a London number to libphonenumber; the account rents it as a toll-free number.
    api = sales(simulated_api, rented=[])
    api.load_state(dict(api.state(), tollfree=[*api.state()["tollfree"], {"number": "442079460958", "country_iso2": "GB"}]))
    result = run(dict(powerpack="sales", numbers=["+44 20 7946 0958"]))
    assert result["failed"] is True
    assert "numbers: the account's Number API says 442079460958 is toll-free: list it under tollfree" in result["msg"]
    assert api.write_requests() == []


def test_numbers_already_in_the_pool_are_not_checked(simulated_api):
    api = sales(simulated_api, numbers=[A])
    run(dict(powerpack="sales", numbers=[A, B]))
    assert [path for method, path in api.requests_made() if path.startswith("Number/")] == [f"Number/{B}/"]


# --- short codes and other failures before any write ------------------------------------------------------


def test_a_short_code_cannot_be_added(simulated_api):
    api = sales(simulated_api, shortcodes=[SC2])
    result = run(dict(powerpack="sales", numbers=[A], shortcodes=[SC2, SC]))
    assert result["failed"] is True
    assert "shortcodes: 444444 is not in the pool, and the API cannot add a short code (Plivo provisions them)" in result["msg"]
    assert api.write_requests() == []


@pytest.mark.parametrize(
    "args, complaint",
    [
        (dict(numbers=[A, "415-555"]), "numbers[1]: '415-555' has no country code"),
        (dict(numbers=[A, "4155550102"]), "numbers[1]: '4155550102' has no country code"),
        (dict(numbers=[A, "+1 415 555 01O2"]), "numbers[1]: '+1 415 555 01O2' contains 'O'"),
        (dict(numbers=[dict(number=A, service="fax")]), "numbers[0].service: 'fax' is not a service"),
        (dict(numbers=[dict(number=A, servce="mms")]), "numbers[0]: unknown key servce"),
        (dict(tollfree=["free"]), "tollfree[0]: 'free' contains 'f'"),
        (dict(shortcodes=["12"]), "shortcodes[0]: '12' is not a short code"),
        (dict(numbers=[A], tollfree=["+" + A]), "is also listed as numbers[0]"),
        (dict(numbers=[A, dict(number=A, service="mms"), dict(number=A, service="sms")]), "is listed with service sms but numbers[1] lists it"),
        (dict(numbers=[A], state="absent", purge=True), "purge applies to state=present only"),
        (dict(numbers=[A], rent=True, state="absent"), "rent buys numbers"),
        (dict(numbers=[A], unrent=True), "unrent releases the numbers the task removes"),
        (dict(numbers=[A], default_country="XX"), "default_country 'XX' is not a country code"),
        (dict(numbers=[A], powerpack_uuid="../x", powerpack=None), "powerpack_uuid '../x' is not a valid uuid"),
        (dict(numbers=[A], number_pool_uuid="a/b", powerpack=None), "number_pool_uuid 'a/b' is not a valid uuid"),
        (dict(numbers=[A], powerpack_uuid="abc"), "mutually exclusive"),
        (dict(numbers=[A], powerpack=" "), "powerpack must not be empty"),
        (dict(numbers=[A], max_workers=0), "max_workers must be 1"),
    ],
)
def test_invalid_options_fail_before_any_request(simulated_api, args, complaint):
    api = sales(simulated_api)
    args = dict(dict(powerpack="sales"), **args)
    args = {key: value for key, value in args.items() if value is not None}
    result = run(args)
    assert result["failed"] is True and complaint in result["msg"], result["msg"]
    assert result["msg"].endswith("nothing was changed")
    assert api.requests() == []


def test_no_identity_fails_before_any_request(simulated_api):
    api = sales(simulated_api)
    result = run(dict(numbers=[A]))
    assert result["failed"] is True and "one of the following is required: powerpack, powerpack_uuid, number_pool_uuid" in result["msg"]
    assert api.requests() == []


def test_powerpack_given_as_null_is_not_an_identifier(simulated_api):
    # Ansible counts an option given as null as set in required_one_of: the module checks it itself.
    api = sales(simulated_api, others=[{"name": "None"}])
    result = run(dict(powerpack=None, numbers=[A]))
    assert result["failed"] is True and "one of powerpack, powerpack_uuid or number_pool_uuid must be set to a value, not null" in result["msg"]
    assert api.requests() == [] and api.members("None")["numbers"] == {}


def test_unknown_powerpack(simulated_api):
    api = sales(simulated_api)
    result = run(dict(powerpack="nope", numbers=[A]))
    assert result["failed"] is True and "there is no Powerpack named 'nope'" in result["msg"]
    result = run(dict(powerpack_uuid="0e8c5a9e-0000-4000-8000-000000000000", numbers=[A]))
    assert "there is no Powerpack with uuid 0e8c5a9e-0000-4000-8000-000000000000" in result["msg"]
    assert api.write_requests() == []


def test_ambiguous_powerpack_name_asks_for_powerpack_uuid(simulated_api):
    api = sales(simulated_api, others=[{"name": "sales"}])
    twin = api.state()["powerpacks"][1]["uuid"]
    result = run(dict(powerpack="sales", numbers=[A]))
    assert result["failed"] is True and "set powerpack_uuid" in result["msg"] and twin in result["msg"]
    assert api.write_requests() == []


def test_a_number_in_another_pool_fails_before_any_write(simulated_api):
    api = sales(simulated_api, others=[{"name": "support", "numbers": [B]}])
    for check_mode in (True, False):
        result = run(dict(powerpack="sales", numbers=[A, B, C]), check_mode=check_mode)
        assert result["failed"] is True
        assert "+1 415-555-0102 (14155550102) is in the pool of the Powerpack 'support': a number is in one pool only" in result["msg"]
        assert result["msg"].endswith("nothing was changed")
    assert api.write_requests() == []
    assert api.members("support")["numbers"] == {B: "sms"} and api.members("sales")["numbers"] == {}


# --- check mode and diff -------------------------------------------------------------------------------------


def test_check_mode_sends_no_write_and_reports_the_changes(simulated_api):
    api = sales(simulated_api, numbers=[A, B], tollfree=[TF])
    args = dict(powerpack="sales", numbers=[B, C, NOT_RENTED], tollfree=[TF2], purge=True, rent=True, unrent=True)
    result = run(args, check_mode=True)
    assert api.write_requests() == []
    assert api.members("sales") == {"numbers": {A: "sms", B: "sms"}, "tollfree": [TF], "shortcodes": []}
    assert result["changed"] is True
    assert result["added"] == {"numbers": sms(C, NOT_RENTED), "tollfree": [TF2]}
    assert result["removed"] == {"numbers": sms(A), "tollfree": [TF], "shortcodes": []}
    assert result["rented"] == [NOT_RENTED] and result["unrented"] == [A, TF]
    assert result["number_pool"]["numbers"] == sms(C, B, NOT_RENTED) and result["number_pool"]["tollfree"] == [TF2]
    # The real run does what check mode announced.
    real = run(args)
    assert (real["added"], real["removed"], real["rented"], real["unrented"]) == (result["added"], result["removed"], result["rented"], result["unrented"])
    assert real["number_pool"] == result["number_pool"]
    assert api.members("sales") == {"numbers": {B: "sms", C: "sms", NOT_RENTED: "sms"}, "tollfree": [TF2], "shortcodes": []}


def test_check_mode_fails_where_the_real_run_would(simulated_api):
    api = sales(simulated_api)
    result = run(dict(powerpack="sales", numbers=[NOT_RENTED]), check_mode=True)
    assert result["failed"] is True and "set rent: true" in result["msg"]
    assert api.write_requests() == []


def test_diff_shows_the_sorted_members_before_and_after(simulated_api):
    api = sales(simulated_api, numbers=[B, A], tollfree=[TF2])
    result = run(dict(powerpack="sales", numbers=[D, dict(number=C, service="mms")], tollfree=[TF]), check_mode=True, diff=True)
    assert result["diff"]["before"] == {"numbers": sms(A, B), "tollfree": [TF2]}
    assert result["diff"]["after"] == {
        "numbers": [dict(number=C, service="mms"), dict(number=D, service="sms"), dict(number=A, service="sms"), dict(number=B, service="sms")],
        "tollfree": [TF, TF2],
    }
    assert "diff" not in run(dict(powerpack="sales", numbers=[A]))
    assert api.write_requests() == []


# --- failures half way and lost answers ------------------------------------------------------------------------


def test_failure_half_way_reports_done_and_pending_and_a_rerun_completes(simulated_api):
    numbers = [f"1415555{index:04d}" for index in range(1200, 1212)]
    api = sales(simulated_api, rented=numbers)
    seventh = numbers[6]
    path = api.pool_path("sales", "Number", seventh)
    api.add_fault(method="POST", path=f"/{path}$", status=400, body={"api_id": "x-1", "error": "number is blocked"})
    result = run(dict(powerpack="sales", numbers=numbers, max_workers=1))
    assert result["failed"] is True and result["changed"] is True
    assert result["msg"].startswith(
        f"add numbers {seventh} (service sms) failed: Plivo API: POST {API_URL}/v1/Account/{AUTH_ID}/{path} failed with 400: number is blocked (api_id x-1); "
        "the pool was changed only in part: 6 change(s) were made (see added and removed) and 6 were not (see pending)"
    )
    assert "run the task again" in result["msg"] and "nothing was changed" not in result["msg"]
    assert (result["status"], result["method"], result["api_id"]) == (400, "POST", "x-1")
    assert result["added"]["numbers"] == sms(*numbers[:6])
    assert result["pending"] == {"add": {"numbers": sms(*numbers[6:]), "tollfree": []}, "remove": {"numbers": [], "tollfree": [], "shortcodes": []}}
    assert list(api.members("sales")["numbers"]) == numbers[:6]

    api.clear_requests()
    rerun = run(dict(powerpack="sales", numbers=numbers, max_workers=1))
    assert rerun["changed"] is True and rerun["added"]["numbers"] == sms(*numbers[6:])
    assert [path for method, path, body in api.writes_made()] == [api.pool_path("sales", "Number", number) for number in numbers[6:]]
    assert list(api.members("sales")["numbers"]) == numbers


def test_failed_first_write_reports_changed_false(simulated_api):
    api = sales(simulated_api)
    api.add_fault(method="POST", path=f"/{api.pool_path('sales', 'Number', A)}$", status=400, body={"error": "nope"})
    result = run(dict(powerpack="sales", numbers=[A]))
    assert result["failed"] is True and result["changed"] is False and result["added"]["numbers"] == []
    assert "none of the 1 changes was made (see pending)" in result["msg"]
    assert result["pending"]["add"]["numbers"] == sms(A)


LOST_AFTER_APPLY = {"dropped connection": dict(drop=True), "read timeout": dict(delay_ms=31000), "500": dict(status=500, body={"error": "internal"})}


@pytest.mark.parametrize("lost", list(LOST_AFTER_APPLY))
def test_lost_add_answer_that_was_applied_is_not_repeated(simulated_api, lost):
    api = sales(simulated_api)
    path = api.pool_path("sales", "Number", A)
    api.add_fault(method="POST", path=f"/{path}$", after_apply=True, **LOST_AFTER_APPLY[lost])
    result = run(dict(powerpack="sales", numbers=[A, B]))
    assert result.get("failed") is None and result["changed"] is True
    assert [method for method, logged in api.requests_made() if logged == path] == ["POST", "GET"]
    assert api.members("sales")["numbers"] == {A: "sms", B: "sms"}
    assert result["added"]["numbers"] == sms(A, B)


def test_lost_add_answer_that_was_not_applied_is_sent_once_more(simulated_api):
    api = sales(simulated_api)
    path = api.pool_path("sales", "Tollfree", TF)
    api.add_fault(method="POST", path=f"/{path}$", status=502, body={"error": "bad gateway"})
    result = run(dict(powerpack="sales", tollfree=[TF]))
    assert result["changed"] is True and api.members("sales")["tollfree"] == [TF]
    assert [method for method, logged in api.requests_made() if logged == path] == ["POST", "GET", "POST"]


def test_lost_answer_of_a_rent_that_was_not_applied_rents_once(simulated_api):
    api = sales(simulated_api)
    path = api.pool_path("sales", "Number", NOT_RENTED)
    api.add_fault(method="POST", path=f"/{path}$", drop=True)
    result = run(dict(powerpack="sales", numbers=[NOT_RENTED], rent=True))
    assert result["changed"] is True and api.members("sales")["numbers"] == {NOT_RENTED: "sms"}
    assert [(method, logged) for method, logged in api.requests_made() if logged in (path, f"Number/{NOT_RENTED}/")][-3:] == [
        ("GET", path),
        ("GET", f"Number/{NOT_RENTED}/"),  # not rented by the lost request: rent is sent again
        ("POST", path),
    ]
    assert [body for method, logged, body in api.writes_made()] == [{"service": "sms", "rent": True}, {"service": "sms", "rent": True}]
    assert result["rented"] == [NOT_RENTED]


def test_two_lost_answers_fail_with_pending(simulated_api):
    api = sales(simulated_api)
    path = api.pool_path("sales", "Number", A)
    api.add_fault(method="POST", path=f"/{path}$", status=500, body={"error": "internal"}, times=2)
    result = run(dict(powerpack="sales", numbers=[A]))
    assert result["failed"] is True and result["changed"] is True  # the outcome is unknown
    assert "may or may not have been applied" in result["msg"]
    assert result["pending"]["add"]["numbers"] == sms(A)
    assert [method for method, logged in api.requests_made() if logged == path] == ["POST", "GET", "POST"]


def test_retried_remove_answered_404_counts_as_removed(simulated_api):
    api = sales(simulated_api, numbers=[A])
    path = api.pool_path("sales", "Number", A)
    api.add_fault(method="DELETE", path=f"/{path}$", status=503, body={"error": "unavailable"}, after_apply=True)
    result = run(dict(powerpack="sales", numbers=[A], state="absent"))
    assert result.get("failed") is None and result["removed"]["numbers"] == sms(A)
    assert [(entry["method"], entry["status"]) for entry in api.write_requests()] == [("DELETE", 503), ("DELETE", 404)]
    assert api.members("sales")["numbers"] == {}
