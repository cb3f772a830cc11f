# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.number_pool in-process against the fake API: plan, guards, check and diff mode, failures half way."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules import number_pool
from ansible_collections.plivo.messaging.tests.unit.fake_plivo_api import connection_dropped, read_timeout, reply
from ansible_collections.plivo.messaging.tests.unit.module_runner import run_module

A = "14155550101"
B = "14155550102"
C = "12125550143"
D = "13105550178"
TF = "18005550199"
TF2 = "18885550142"
SC = "444444"
NOT_RENTED = "14155550177"


def run(args, **modes):
    return run_module(number_pool.main, args, **modes)


@pytest.fixture
def pp(fake_api):
    """A Powerpack with an empty pool; the account rents A, B, C, D, TF and TF2."""
    fake_api.rent(A, B, C, D, TF, TF2)
    return fake_api.add_powerpack("sales")


def pool_path(fake_api, pp, kind="Number", member=None):
    path = f"NumberPool/{fake_api.pool_uuid(pp)}/{kind}/"
    return path + f"{member}/" if member else path


def writes(fake_api):
    return [(sent.method, sent.path, sent.body) for sent in fake_api.writes()]


def sms(*numbers):
    return [dict(number=number, service="sms") for number in numbers]


# --- adding -----------------------------------------------------------------------------------------


def test_add_to_an_empty_pool(fake_api, pp):
    result = run(dict(powerpack="sales", numbers=[A, dict(number=B, service="mms")], tollfree=[TF]))
    assert result["changed"] is True
    assert fake_api.members(pp) == {"numbers": {A: "sms", B: "mms"}, "tollfree": [TF], "shortcodes": []}
    assert writes(fake_api) == [
        ("POST", pool_path(fake_api, pp, "Number", A), {"service": "sms"}),
        ("POST", pool_path(fake_api, pp, "Number", B), {"service": "mms"}),
        ("POST", pool_path(fake_api, pp, "Tollfree", TF), {}),
    ]
    assert result["added"] == {"numbers": [dict(number=A, service="sms"), dict(number=B, service="mms")], "tollfree": [TF]}
    assert result["removed"] == {"numbers": [], "tollfree": [], "shortcodes": []}
    assert result["rented"] == [] and result["unrented"] == []
    assert result["number_pool"] == {
        "uuid": fake_api.pool_uuid(pp),
        "numbers": [dict(number=A, service="sms"), dict(number=B, service="mms")],
        "tollfree": [TF],
        "shortcodes": None,  # not listed, so not read
    }


def test_request_count_of_adding_n_numbers(fake_api, pp):
    """One Powerpack read, one page of the list, one rent check and one POST per number."""
    run(dict(powerpack_uuid=pp["uuid"], numbers=[A, B, C]))
    assert [method for method, path in fake_api.requests_made()] == ["GET", "GET"] + ["GET"] * 3 + ["POST"] * 3
    assert fake_api.requests_made()[:2] == [("GET", "Powerpack/{}/".format(pp["uuid"])), ("GET", pool_path(fake_api, pp))]
    assert [path for method, path in fake_api.requests_made()[2:5]] == [f"Number/{number}/" for number in (C, A, B)]


def test_numbers_are_normalised_before_comparing(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B])
    result = run(dict(powerpack="sales", numbers=["+1 (415) 555-0101", "0014155550102", 14155550101]))
    assert result["changed"] is False and fake_api.writes() == []


def test_converged_run_reads_the_powerpack_and_the_list_only(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, (B, "mms")], tollfree=[TF], shortcodes=[SC])
    args = dict(powerpack_uuid=pp["uuid"], numbers=[A, dict(number=B, service="mms")], tollfree=[TF], shortcodes=[SC], purge=True)
    result = run(args, diff=True)
    assert result["changed"] is False
    assert fake_api.requests_made() == [
        ("GET", "Powerpack/{}/".format(pp["uuid"])),
        ("GET", pool_path(fake_api, pp, "Number")),
        ("GET", pool_path(fake_api, pp, "Tollfree")),
        ("GET", pool_path(fake_api, pp, "Shortcode")),
    ]
    assert result["diff"]["before"] == result["diff"]["after"]
    assert result["added"] == {"numbers": [], "tollfree": []}


def test_large_pool_is_read_page_by_page_once(fake_api, pp):
    numbers = [f"1415555{index:04d}" for index in range(45)]
    fake_api.put_in_pool(pp, numbers=numbers)
    result = run(dict(powerpack="sales", numbers=numbers[::-1]))
    assert result["changed"] is False and fake_api.writes() == []
    lists = [sent.query for sent in fake_api.sent if sent.path == pool_path(fake_api, pp)]
    assert lists == [{"limit": "20", "offset": "0"}, {"limit": "20", "offset": "20"}, {"limit": "20", "offset": "40"}]
    assert len(result["number_pool"]["numbers"]) == 45


def test_kinds_not_listed_are_neither_read_nor_touched(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A], tollfree=[TF], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[A, B], purge=True))
    paths = [path for method, path in fake_api.requests_made()]
    assert pool_path(fake_api, pp, "Tollfree") not in paths and pool_path(fake_api, pp, "Shortcode") not in paths
    assert fake_api.members(pp)["tollfree"] == [TF] and fake_api.members(pp)["shortcodes"] == [SC]
    assert result["number_pool"]["tollfree"] is None and result["number_pool"]["shortcodes"] is None


def test_toll_free_items_in_the_number_list_are_not_purged_as_long_codes(fake_api, pp):
    # The API might list toll-free members on the Number list too, possibly naming them "tollfree".
    page = {
        "meta": {"limit": 20, "offset": 0, "total_count": 2},
        "objects": [
            {"number": A, "type": "fixed", "service": "sms"},
            {"tollfree": TF, "type": "tollfree", "service": "sms"},
        ],
    }
    fake_api.fail("GET", pool_path(fake_api, pp), reply(200, page))
    result = run(dict(powerpack="sales", numbers=[A], purge=True))
    assert result["changed"] is False and fake_api.writes() == []
    assert result["number_pool"]["numbers"] == sms(A)


def test_an_empty_list_without_purge_reads_nothing_of_that_kind(fake_api, pp):
    result = run(dict(powerpack="sales", numbers=[], tollfree=[]))
    assert result["changed"] is False
    assert fake_api.requests_made() == [("GET", "Powerpack/")]


# --- purge -------------------------------------------------------------------------------------------


def test_purge_removes_unlisted_members_of_each_listed_kind(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B, C], tollfree=[TF, TF2], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[A, D], tollfree=[TF], purge=True))
    assert fake_api.members(pp) == {"numbers": {A: "sms", D: "sms"}, "tollfree": [TF], "shortcodes": [SC]}
    assert result["removed"] == {"numbers": sms(C, B), "tollfree": [TF2], "shortcodes": []}
    assert result["added"] == {"numbers": sms(D), "tollfree": []}
    # Removals first, numbers stay rented (unrent false is sent explicitly), then the addition.
    assert [(method, body) for method, path, body in writes(fake_api)] == [
        ("DELETE", {"unrent": False}),
        ("DELETE", {"unrent": False}),
        ("DELETE", {"unrent": False}),
        ("POST", {"service": "sms"}),
    ]
    assert {B, C, TF2} <= set(fake_api.rented)


def test_empty_numbers_with_purge_empties_the_long_codes_only(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B], tollfree=[TF], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[], purge=True))
    assert result["changed"] is True
    assert fake_api.members(pp) == {"numbers": {}, "tollfree": [TF], "shortcodes": [SC]}
    assert result["number_pool"]["numbers"] == []


def test_purging_short_codes_only_unlinks_them(fake_api, pp):
    fake_api.put_in_pool(pp, shortcodes=[SC, "55555"])
    result = run(dict(powerpack="sales", shortcodes=["55555"], purge=True, unrent=True))
    assert writes(fake_api) == [("DELETE", pool_path(fake_api, pp, "Shortcode", SC), None)]
    assert result["removed"]["shortcodes"] == [SC] and result["unrented"] == []
    assert SC in fake_api.shortcodes


def test_purge_with_unrent_releases_the_removed_numbers(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B], tollfree=[TF])
    result = run(dict(powerpack="sales", numbers=[A], tollfree=[], purge=True, unrent=True))
    assert result["unrented"] == [B, TF]
    assert B not in fake_api.rented and TF not in fake_api.rented and A in fake_api.rented
    assert all(body == {"unrent": True} for method, path, body in writes(fake_api))


# --- state=absent and unrent -----------------------------------------------------------------------------


def test_absent_removes_the_listed_members_that_are_there(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, (B, "mms")], tollfree=[TF], shortcodes=[SC])
    result = run(dict(powerpack="sales", numbers=[dict(number=B, service="sms"), C], tollfree=[TF2], shortcodes=[SC], state="absent"))
    assert fake_api.members(pp) == {"numbers": {A: "sms"}, "tollfree": [TF], "shortcodes": []}
    assert result["removed"] == {"numbers": [dict(number=B, service="mms")], "tollfree": [], "shortcodes": [SC]}
    assert writes(fake_api) == [
        ("DELETE", pool_path(fake_api, pp, "Shortcode", SC), None),
        ("DELETE", pool_path(fake_api, pp, "Number", B), {"unrent": False}),
    ]
    assert B in fake_api.rented  # kept by the account
    assert result["unrented"] == []


def test_absent_with_unrent_releases_the_number(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B])
    result = run(dict(powerpack="sales", numbers=[B], state="absent", unrent=True))
    assert writes(fake_api) == [("DELETE", pool_path(fake_api, pp, "Number", B), {"unrent": True})]
    assert B not in fake_api.rented and A in fake_api.rented
    assert result["unrented"] == [B]


def test_absent_of_members_not_in_the_pool_changes_nothing(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A])
    result = run(dict(powerpack="sales", numbers=[B], tollfree=[TF], state="absent"))
    assert result["changed"] is False and fake_api.writes() == []


# --- service changes ------------------------------------------------------------------------------------


def test_service_change_removes_and_adds_again_without_releasing(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B])
    result = run(dict(powerpack="sales", numbers=[dict(number=A, service="mms"), B], purge=True, unrent=True))
    assert writes(fake_api) == [
        ("DELETE", pool_path(fake_api, pp, "Number", A), {"unrent": False}),
        ("POST", pool_path(fake_api, pp, "Number", A), {"service": "mms"}),
    ]
    assert fake_api.members(pp)["numbers"] == {A: "mms", B: "sms"} and A in fake_api.rented
    assert result["added"]["numbers"] == [dict(number=A, service="mms")]
    assert result["removed"]["numbers"] == [dict(number=A, service="sms")]
    assert result["unrented"] == []


# --- rent guard -------------------------------------------------------------------------------------------


def test_a_number_the_account_does_not_rent_fails_before_any_write(fake_api, pp):
    result = run(dict(powerpack="sales", numbers=[A, NOT_RENTED, "14155550178"]))
    assert result["failed"] is True
    assert "the account does not rent 14155550177, 14155550178" in result["msg"] and "rent: true" in result["msg"]
    assert "nothing was changed" in result["msg"]
    assert result["not_rented"] == {"numbers": [NOT_RENTED, "14155550178"], "tollfree": []}
    assert result["changed"] is False
    assert fake_api.writes() == [] and fake_api.members(pp)["numbers"] == {}


def test_rent_buys_only_the_numbers_the_account_does_not_rent(fake_api, pp):
    result = run(dict(powerpack="sales", numbers=[A, NOT_RENTED], rent=True))
    assert writes(fake_api) == [
        ("POST", pool_path(fake_api, pp, "Number", A), {"service": "sms"}),
        ("POST", pool_path(fake_api, pp, "Number", NOT_RENTED), {"service": "sms", "rent": True}),
    ]
    assert result["rented"] == [NOT_RENTED] and NOT_RENTED in fake_api.rented
    assert run(dict(powerpack="sales", numbers=[A, NOT_RENTED], rent=True))["changed"] is False


@pytest.mark.parametrize("rent", [False, True])
def test_a_toll_free_number_the_account_does_not_rent_fails_even_with_rent(fake_api, pp, rent):
    result = run(dict(powerpack="sales", numbers=[A], tollfree=["18445550100"], rent=rent))
    assert result["failed"] is True
    assert "the account does not rent 18445550100" in result["msg"] and "cannot be rented through the number pool API" in result["msg"]
    assert result["not_rented"]["tollfree"] == ["18445550100"]
    assert fake_api.writes() == []


def test_numbers_listed_under_the_wrong_kind_fail_before_any_write(fake_api, pp):
    result = run(dict(powerpack="sales", numbers=[A, TF], tollfree=[B]))
    assert result["failed"] is True
    assert "numbers: 18005550199 is a toll-free number: list it under tollfree" in result["msg"]
    assert "tollfree: 14155550102 is not a toll-free number" in result["msg"]
    assert fake_api.writes() == []


def test_numbers_already_in_the_pool_are_not_checked(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A])
    run(dict(powerpack="sales", numbers=[A, B]))
    assert [path for method, path in fake_api.requests_made() if path.startswith("Number/")] == [f"Number/{B}/"]


# --- short codes and other failures before any write ------------------------------------------------------


def test_a_short_code_cannot_be_added(fake_api, pp):
    fake_api.put_in_pool(pp, shortcodes=["55555"])
    result = run(dict(powerpack="sales", numbers=[A], shortcodes=["55555", SC]))
    assert result["failed"] is True
    assert "shortcodes: 444444 is not in the pool and cannot be added" in result["msg"] and "provisioned by Plivo" in result["msg"]
    assert fake_api.writes() == []


@pytest.mark.parametrize(
    "args, complaint",
    [
        (dict(numbers=[A, "415-555"]), "numbers[1]: '415-555' is not a phone number"),
        (dict(numbers=[dict(number=A, service="fax")]), "numbers[0].service: 'fax' is not a service"),
        (dict(tollfree=["free"]), "tollfree[0]: 'free' is not a phone number"),
        (dict(shortcodes=["12"]), "shortcodes[0]: '12' is not a short code"),
        (dict(numbers=[A], tollfree=["+" + A]), "is also listed as numbers[0]"),
        (dict(numbers=[A], state="absent", purge=True), "purge applies to state=present only"),
        (dict(numbers=[A], rent=True, state="absent"), "rent buys numbers"),
        (dict(numbers=[A], unrent=True), "unrent releases the numbers the task removes"),
        (dict(numbers=[A], powerpack_uuid="../x", powerpack=None), "powerpack_uuid '../x' is not a valid uuid"),
        (dict(numbers=[A], powerpack_uuid="abc"), "mutually exclusive"),
        (dict(numbers=[A], powerpack=None), "one of the following is required"),
        (dict(numbers=[A], powerpack=" "), "powerpack must not be empty"),
    ],
)
def test_invalid_options_fail_before_any_request(fake_api, pp, args, complaint):
    args = dict(dict(powerpack="sales"), **args)
    args = {key: value for key, value in args.items() if value is not None}
    result = run(args)
    assert result["failed"] is True and complaint in result["msg"], result["msg"]
    assert fake_api.sent == []


def test_powerpack_given_as_null_is_not_an_identifier(fake_api, pp):
    # Ansible counts an option set to null as given in required_one_of, so the module checks it itself.
    result = run(dict(powerpack=None, numbers=[A]))
    assert result["failed"] is True and "one of powerpack, powerpack_uuid and number_pool_uuid is required" in result["msg"]
    assert fake_api.sent == []


def test_unknown_powerpack(fake_api, pp):
    result = run(dict(powerpack="nope", numbers=[A]))
    assert result["failed"] is True and "there is no Powerpack named 'nope'" in result["msg"]
    result = run(dict(powerpack_uuid="0e8c5a9e-0000-4000-8000-000000000000", numbers=[A]))
    assert "there is no Powerpack with uuid 0e8c5a9e-0000-4000-8000-000000000000" in result["msg"]
    assert fake_api.writes() == []


def test_ambiguous_powerpack_name_asks_for_powerpack_uuid(fake_api, pp):
    twin = fake_api.add_powerpack("sales")
    result = run(dict(powerpack="sales", numbers=[A]))
    assert result["failed"] is True and "set powerpack_uuid" in result["msg"] and twin["uuid"] in result["msg"]
    assert fake_api.writes() == []


# --- check mode and diff -------------------------------------------------------------------------------------


def test_check_mode_sends_no_write_and_reports_the_changes(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A, B], tollfree=[TF])
    args = dict(powerpack="sales", numbers=[B, C, NOT_RENTED], tollfree=[TF2], purge=True, rent=True, unrent=True)
    result = run(args, check_mode=True)
    assert fake_api.writes() == []
    assert fake_api.members(pp) == {"numbers": {A: "sms", B: "sms"}, "tollfree": [TF], "shortcodes": []}
    assert result["changed"] is True
    assert result["added"] == {"numbers": sms(C, NOT_RENTED), "tollfree": [TF2]}
    assert result["removed"] == {"numbers": sms(A), "tollfree": [TF], "shortcodes": []}
    assert result["rented"] == [NOT_RENTED] and result["unrented"] == [A, TF]
    assert result["number_pool"]["numbers"] == sms(C, B, NOT_RENTED) and result["number_pool"]["tollfree"] == [TF2]
    # The real run does what check mode announced.
    real = run(args)
    assert (real["added"], real["removed"], real["rented"], real["unrented"]) == (result["added"], result["removed"], result["rented"], result["unrented"])
    assert real["number_pool"] == result["number_pool"]


def test_check_mode_fails_where_the_real_run_would(fake_api, pp):
    result = run(dict(powerpack="sales", numbers=[NOT_RENTED]), check_mode=True)
    assert result["failed"] is True and "set rent: true" in result["msg"]


def test_diff_shows_the_sorted_members_before_and_after(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[B, A], tollfree=[TF2])
    result = run(dict(powerpack="sales", numbers=[D, dict(number=C, service="mms")], tollfree=[TF]), check_mode=True, diff=True)
    assert result["diff"]["before"] == {"numbers": sms(A, B), "tollfree": [TF2]}
    assert result["diff"]["after"] == {
        "numbers": [dict(number=C, service="mms"), dict(number=D, service="sms"), dict(number=A, service="sms"), dict(number=B, service="sms")],
        "tollfree": [TF, TF2],
    }
    assert "diff" not in run(dict(powerpack="sales", numbers=[A]))


# --- failures half way and lost answers ------------------------------------------------------------------------


def twelve_numbers():
    return [f"1415555{index:04d}" for index in range(200, 212)]


def test_failure_half_way_reports_done_and_pending_and_a_rerun_completes(fake_api, pp):
    numbers = twelve_numbers()
    fake_api.rent(*numbers)
    seventh = numbers[6]
    fake_api.fail("POST", pool_path(fake_api, pp, "Number", seventh), reply(400, {"api_id": "x-1", "error": "number is blocked"}))
    result = run(dict(powerpack="sales", numbers=numbers))
    assert result["failed"] is True and result["changed"] is True
    assert result["msg"].startswith(
        "step 7 of 12 failed (add numbers {} (service sms)): Plivo API: POST /{} failed with 400: number is blocked".format(
            seventh, pool_path(fake_api, pp, "Number", seventh)
        )
    )
    assert "6 step(s) were done" in result["msg"] and "6 were not" in result["msg"] and "run the task again" in result["msg"]
    assert (result["status"], result["method"], result["api_id"]) == (400, "POST", "x-1")
    assert result["added"]["numbers"] == sms(*numbers[:6])
    assert result["pending"] == {"add": {"numbers": sms(*numbers[6:]), "tollfree": []}, "remove": {"numbers": [], "tollfree": [], "shortcodes": []}}
    assert list(fake_api.members(pp)["numbers"]) == numbers[:6]

    fake_api.sent.clear()
    rerun = run(dict(powerpack="sales", numbers=numbers))
    assert rerun["changed"] is True and rerun["added"]["numbers"] == sms(*numbers[6:])
    assert [path for method, path, body in writes(fake_api)] == [pool_path(fake_api, pp, "Number", number) for number in numbers[6:]]
    assert list(fake_api.members(pp)["numbers"]) == numbers


def test_number_in_another_pool_surfaces_the_api_error(fake_api, pp):
    other = fake_api.add_powerpack("support")
    fake_api.put_in_pool(other, numbers=[B])
    result = run(dict(powerpack="sales", numbers=[A, B, C]))
    assert result["failed"] is True
    assert f"add numbers {B}" in result["msg"]
    assert "already in the number pool of another Powerpack ('support', uuid {})".format(other["uuid"]) in result["msg"]
    assert result["status"] == 400
    # Sorted order: C and A were added before B failed; nothing after B was tried.
    assert result["added"]["numbers"] == sms(C, A)
    assert result["pending"]["add"]["numbers"] == sms(B)
    assert fake_api.members(other)["numbers"] == {B: "sms"}


def test_failed_first_write_reports_changed_false(fake_api, pp):
    fake_api.fail("POST", pool_path(fake_api, pp, "Number", A), reply(400, {"error": "nope"}))
    result = run(dict(powerpack="sales", numbers=[A]))
    assert result["failed"] is True and result["changed"] is False and result["added"]["numbers"] == []
    assert "no step was done before it and 1 are pending (see pending)" in result["msg"]


@pytest.mark.parametrize("lost", [connection_dropped(), read_timeout(), reply(500, {"error": "internal"})])
def test_lost_add_answer_that_was_applied_is_not_repeated(fake_api, pp, lost):
    fake_api.fail("POST", pool_path(fake_api, pp, "Number", A), lost, apply=True)
    result = run(dict(powerpack="sales", numbers=[A, B]))
    assert result.get("failed") is None and result["changed"] is True
    posts = [path for method, path in fake_api.requests_made() if method == "POST"]
    assert posts.count(pool_path(fake_api, pp, "Number", A)) == 1
    assert ("GET", pool_path(fake_api, pp, "Number", A)) in fake_api.requests_made()
    assert fake_api.members(pp)["numbers"] == {A: "sms", B: "sms"}
    assert result["added"]["numbers"] == sms(A, B)


def test_lost_add_answer_that_was_not_applied_is_sent_once_more(fake_api, pp):
    fake_api.fail("POST", pool_path(fake_api, pp, "Tollfree", TF), reply(502, {"error": "bad gateway"}))
    result = run(dict(powerpack="sales", tollfree=[TF]))
    assert result["changed"] is True and fake_api.members(pp)["tollfree"] == [TF]
    assert [method for method, path in fake_api.requests_made() if path == pool_path(fake_api, pp, "Tollfree", TF)] == ["POST", "GET", "POST"]


def test_lost_rent_answer_does_not_rent_twice(fake_api, pp):
    # The number got rented but the answer was lost, and it is not in the pool: add it without rent.
    def rent_only(sent):
        fake_api.rent(NOT_RENTED)
        return connection_dropped()

    fake_api.fail("POST", pool_path(fake_api, pp, "Number", NOT_RENTED), rent_only)
    result = run(dict(powerpack="sales", numbers=[NOT_RENTED], rent=True))
    assert result["changed"] is True and fake_api.members(pp)["numbers"] == {NOT_RENTED: "sms"}
    bodies = [body for method, path, body in writes(fake_api)]
    assert bodies == [{"service": "sms", "rent": True}, {"service": "sms"}]


def test_two_lost_answers_fail_with_pending(fake_api, pp):
    fake_api.fail("POST", pool_path(fake_api, pp, "Number", A), reply(500, {"error": "internal"}), times=2)
    result = run(dict(powerpack="sales", numbers=[A]))
    assert result["failed"] is True and result["changed"] is True  # the outcome is unknown
    assert "may or may not have been applied" in result["msg"]
    assert result["pending"]["add"]["numbers"] == sms(A)
    assert [method for method, path in fake_api.requests_made() if path == pool_path(fake_api, pp, "Number", A)] == ["POST", "GET", "POST"]


def test_retried_remove_answered_404_counts_as_removed(fake_api, pp):
    fake_api.put_in_pool(pp, numbers=[A])
    fake_api.fail("DELETE", pool_path(fake_api, pp, "Number", A), reply(503, {"error": "unavailable"}), apply=True)
    result = run(dict(powerpack="sales", numbers=[A], state="absent"))
    assert result.get("failed") is None and result["removed"]["numbers"] == sms(A)
    assert [method for method, path in fake_api.requests_made() if method == "DELETE"] == ["DELETE", "DELETE"]
    assert fake_api.members(pp)["numbers"] == {}
