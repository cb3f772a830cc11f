# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of pool_plan: desired spec, pool state from the API, plan, apply and compare."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import LongCode, PhoneNumberError
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import (
    DesiredPool,
    KindConflict,
    PoolDiff,
    PoolPlan,
    PoolPlanError,
    PoolState,
    ServiceChange,
    Step,
    apply_plan,
    build_desired,
    compare,
    compute_plan,
    desired_from_params,
    pool_state_from_api,
)

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "plivo_api")

A = "14155550100"
B = "14155550101"
C = "14155550102"
TF1 = "18005550100"
TF2 = "18885550199"


def fixture_objects(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        body = json.load(handle)
    return body.get("objects", [body])


def full_pool():
    return PoolState.of({A: "sms", B: "mms"}, [TF1, TF2], ["444444", "12345"])


def assert_converged(state, desired):
    plan = compute_plan(state, desired)
    after = apply_plan(state, plan)
    assert compare(after, desired).empty
    assert after.as_dict() == plan.after
    assert not compute_plan(after, desired).changed
    return plan, after


# Desired spec


def test_build_desired_normalises_and_records_given_kinds():
    desired = build_desired(numbers=["+1 415 555 0100", {"number": B, "service": "MMS"}], shortcodes=[], purge=True)
    assert desired == DesiredPool(
        numbers=(LongCode(A, "sms"), LongCode(B, "mms")), tollfree=(), shortcodes=(), given=frozenset(["numbers", "shortcodes"]), state="present", purge=True
    )


def test_desired_from_params():
    params = {"numbers": None, "tollfree": ["+1 800 555 0100"], "shortcodes": None, "state": "absent", "purge": False, "unrent": True}
    desired = desired_from_params(params)
    assert desired.tollfree == (TF1,)
    assert desired.given == frozenset(["tollfree"])
    assert desired.state == "absent"


def test_purge_with_absent_is_rejected():
    with pytest.raises(PoolPlanError, match="purge=true only applies to state=present"):
        build_desired(numbers=[A], state="absent", purge=True)
    with pytest.raises(PoolPlanError):
        DesiredPool(state="absent", purge=True)


def test_bad_state_and_kind_are_rejected():
    with pytest.raises(PoolPlanError, match="state must be one of present, absent, got 'gone'"):
        build_desired(numbers=[A], state="gone")
    with pytest.raises(PoolPlanError, match="unknown member kinds longcodes"):
        DesiredPool(given=frozenset(["longcodes"]))


def test_number_listed_as_long_code_and_tollfree_is_rejected_naming_both():
    with pytest.raises(PhoneNumberError) as caught:
        build_desired(numbers=[A, {"number": "+1 800 555 0100"}], tollfree=[TF2, "1-800-555-0100"])
    assert str(caught.value) == "tollfree[1]: 18005550100 is also listed as numbers[1]; a number is either a long code or toll-free"


def test_bad_entries_propagate_from_build_desired():
    with pytest.raises(PhoneNumberError, match=r"^shortcodes\[0\]: '1' is not a short code"):
        build_desired(shortcodes=["1"])


# Pool state from API items


def test_pool_state_from_sdk_fixtures():
    state = pool_state_from_api(
        fixture_objects("py-numberpoolListResponse.json") + fixture_objects("java-numberpoolListResponse.json"),
        fixture_objects("go-numberpoolTollfreeResponse.json") + fixture_objects("java-tollfreeListResponse.json"),
        fixture_objects("go-numberpoolShortCodeResponse.json"),
    )
    # the fixtures carry no service: unknown, not a guess
    assert state == PoolState.of({"15799140348": None}, ["18772209942", "18889140579"], ["444444"])


def test_pool_state_from_single_item_fixtures():
    state = pool_state_from_api(
        fixture_objects("py-numberpoolResponse.json"),
        fixture_objects("go-numberpoolSingleTollfreeResponse.json"),
        fixture_objects("go-numberpoolSingleShortcodeResponse.json"),
    )
    assert state.as_dict() == {"numbers": [{"number": "15799140348", "service": None}], "tollfree": ["18772209942"], "shortcodes": ["444444"]}


def test_pool_state_variants():
    state = pool_state_from_api(
        [
            {"number": A, "type": "fixed", "service": "SMS"},
            {"number": "+" + B, "type": "mobile", "service": "Mms"},
            {"number": TF1, "type": "tollfree", "service": "sms"},  # toll-free in the Number list
            {"number": TF2, "type": "toll-free"},
            {"number": C, "type": "fixed", "service": ""},
        ],
        [{"tollfree": TF1}, {"number": TF2}],
        [{"shortcode": "444444"}, "12345"],
    )
    assert state == PoolState.of({A: "sms", B: "mms", C: None}, [TF1, TF2], ["444444", "12345"])


def test_pool_state_number_listed_with_two_services_keeps_mms():
    items = [{"number": A, "service": "sms"}, {"number": A, "service": "MMS"}, {"number": A}, {"number": B}, {"number": B, "service": "sms"}]
    assert pool_state_from_api(items).numbers == {A: "mms", B: "sms"}


def test_pool_state_item_without_number_is_an_error():
    with pytest.raises(PoolPlanError, match="a short code item from the API has no shortcode or short_code"):
        pool_state_from_api(shortcodes=[{"country_iso2": "CA"}])
    with pytest.raises(PoolPlanError, match="a toll-free item from the API has no number or tollfree"):
        pool_state_from_api(tollfree=[{"number": ""}])


# Plans


def test_add_to_empty_pool():
    desired = build_desired(numbers=[B, {"number": A, "service": "mms"}], tollfree=[TF2, TF1])
    plan, after = assert_converged(PoolState(), desired)
    assert plan.add_numbers == (LongCode(A, "mms"), LongCode(B, "sms"))
    assert plan.add_tollfree == (TF1, TF2)
    assert plan.remove_numbers == plan.remove_tollfree == plan.remove_shortcodes == plan.reassign_numbers == ()
    assert plan.before == {"numbers": [], "tollfree": [], "shortcodes": []}
    assert plan.after == {"numbers": [{"number": A, "service": "mms"}, {"number": B, "service": "sms"}], "tollfree": [TF1, TF2], "shortcodes": []}
    assert plan.steps() == [
        Step("add", "numbers", A, "mms"),
        Step("add", "numbers", B, "sms"),
        Step("add", "tollfree", TF1),
        Step("add", "tollfree", TF2),
    ]
    assert plan.changed and not plan.has_errors
    assert after == PoolState.of({A: "mms", B: "sms"}, [TF1, TF2])


def test_converged_pool_gives_empty_plan():
    desired = build_desired(numbers=[A, {"number": B, "service": "mms"}], tollfree=[TF1, TF2], shortcodes=["444444", "12345"], purge=True)
    plan = compute_plan(full_pool(), desired)
    assert plan == PoolPlan(before=full_pool().as_dict(), after=full_pool().as_dict())
    assert not plan.changed and not plan.has_errors and plan.steps() == [] and plan.error_messages() == []
    assert compare(full_pool(), desired) == PoolDiff()
    assert not compare(full_pool(), desired)


def test_present_without_purge_never_removes():
    desired = build_desired(numbers=[C], tollfree=[], shortcodes=["444444"])
    plan, _after = assert_converged(full_pool(), desired)
    assert plan.add_numbers == (LongCode(C, "sms"),)
    assert [step.action for step in plan.steps()] == ["add"]


def test_purge_touches_only_given_kinds():
    desired = build_desired(numbers=[A], purge=True)
    plan, after = assert_converged(full_pool(), desired)
    assert plan.remove_numbers == (LongCode(B, "mms"),)
    assert plan.remove_tollfree == plan.remove_shortcodes == ()
    assert after == PoolState.of({A: "sms"}, [TF1, TF2], ["444444", "12345"])


def test_empty_numbers_with_purge_empties_long_codes_only():
    desired = build_desired(numbers=[], purge=True)
    plan, after = assert_converged(full_pool(), desired)
    assert plan.remove_numbers == (LongCode(A, "sms"), LongCode(B, "mms"))
    assert after == PoolState.of({}, [TF1, TF2], ["444444", "12345"])
    assert plan.after == {"numbers": [], "tollfree": [TF1, TF2], "shortcodes": ["12345", "444444"]}


def test_purge_tollfree_and_shortcodes():
    desired = build_desired(tollfree=[TF2], shortcodes=["444444"], purge=True)
    plan, after = assert_converged(full_pool(), desired)
    assert plan.remove_tollfree == (TF1,)
    assert plan.remove_shortcodes == ("12345",)
    assert plan.remove_numbers == ()
    assert after.numbers == full_pool().numbers


def test_state_absent_removes_listed_members_in_the_pool():
    desired = build_desired(numbers=[{"number": B, "service": "sms"}, C], tollfree=[TF1], shortcodes=["12345", "55555"], state="absent")
    plan, after = assert_converged(full_pool(), desired)
    # the listed service is ignored when matching; removals carry the pool's service
    assert plan.remove_numbers == (LongCode(B, "mms"),)
    assert plan.remove_tollfree == (TF1,)
    assert plan.remove_shortcodes == ("12345",)
    assert plan.add_numbers == plan.add_tollfree == plan.unaddable_shortcodes == ()
    assert after == PoolState.of({A: "sms"}, [TF2], ["444444"])
    assert all(step.unrent_allowed == (step.kind != "shortcodes") for step in plan.steps())


def test_state_absent_with_nothing_to_do():
    desired = build_desired(numbers=[C], state="absent")
    plan = compute_plan(full_pool(), desired)
    assert not plan.changed
    assert plan.before == plan.after


def test_service_change_is_an_explicit_reassign():
    desired = build_desired(numbers=[{"number": A, "service": "mms"}, {"number": B, "service": "SMS"}])
    plan, after = assert_converged(full_pool(), desired)
    assert plan.reassign_numbers == (ServiceChange(A, "sms", "mms"), ServiceChange(B, "mms", "sms"))
    assert plan.add_numbers == plan.remove_numbers == ()
    assert plan.steps() == [
        Step("remove", "numbers", A, reassign=True),
        Step("add", "numbers", A, "mms", reassign=True),
        Step("remove", "numbers", B, reassign=True),
        Step("add", "numbers", B, "sms", reassign=True),
    ]
    assert not any(step.unrent_allowed for step in plan.steps())
    assert after.numbers == {A: "mms", B: "sms"}
    assert plan.as_dict()["numbers"]["reassign"] == [{"number": A, "from": "sms", "to": "mms"}, {"number": B, "from": "mms", "to": "sms"}]


def test_unknown_pool_service_matches_any_listed_service():
    state = PoolState.of({A: None})
    for service in ("sms", "mms"):
        plan = compute_plan(state, build_desired(numbers=[{"number": A, "service": service}]))
        assert not plan.changed


def test_unaddable_shortcode_is_an_error_item():
    desired = build_desired(shortcodes=["444444", "55555"], numbers=[C])
    plan = compute_plan(full_pool(), desired)
    assert plan.unaddable_shortcodes == ("55555",)
    assert plan.has_errors
    assert plan.error_messages() == [
        "shortcodes: 55555 is not in the pool and cannot be added: short codes are provisioned by Plivo and can only be listed and removed through the API"
    ]
    # the rest is still planned; the short code never becomes a step
    assert plan.add_numbers == (LongCode(C, "sms"),)
    assert all(step.kind != "shortcodes" for step in plan.steps())
    after = apply_plan(full_pool(), plan)
    assert compare(after, desired) == PoolDiff(missing_shortcodes=("55555",))


def test_kind_conflicts():
    state = PoolState.of({A: "sms"}, [TF1])
    present = build_desired(numbers=[TF1], tollfree=[A])
    plan = compute_plan(state, present)
    assert plan.kind_conflicts == (KindConflict(A, "tollfree", "numbers"), KindConflict(TF1, "numbers", "tollfree"))
    assert plan.add_numbers == plan.add_tollfree == ()
    assert not plan.changed and plan.has_errors
    assert plan.error_messages() == [
        "tollfree: 14155550100 is in the pool as a long code (numbers), not as a toll-free number (tollfree); list it under numbers",
        "numbers: 18005550100 is in the pool as a toll-free number (tollfree), not as a long code (numbers); list it under tollfree",
    ]
    absent = compute_plan(state, build_desired(numbers=[TF1], state="absent"))
    assert absent.kind_conflicts == (KindConflict(TF1, "numbers", "tollfree"),)
    assert not absent.changed


def test_plan_lists_and_diff_are_sorted():
    state = PoolState.of({"447700900123": "sms", "14155550199": "sms", "33612345678": "mms"}, ["18885550199", "18005550100"], ["99999", "123", "5555"])
    desired = build_desired(numbers=["+49 30 1234567", "+1 202 555 0100"], tollfree=["18775550100", "18445550100"], shortcodes=[], purge=True)
    plan, _after = assert_converged(state, desired)
    assert plan.add_numbers == (LongCode("12025550100", "sms"), LongCode("49301234567", "sms"))
    assert plan.remove_numbers == (LongCode("14155550199", "sms"), LongCode("33612345678", "mms"), LongCode("447700900123", "sms"))
    assert plan.add_tollfree == ("18445550100", "18775550100")
    assert plan.remove_tollfree == ("18005550100", "18885550199")
    assert plan.remove_shortcodes == ("123", "5555", "99999")
    assert plan.before == {
        "numbers": [{"number": "14155550199", "service": "sms"}, {"number": "33612345678", "service": "mms"}, {"number": "447700900123", "service": "sms"}],
        "tollfree": ["18005550100", "18885550199"],
        "shortcodes": ["123", "5555", "99999"],
    }
    assert plan.after == {
        "numbers": [{"number": "12025550100", "service": "sms"}, {"number": "49301234567", "service": "sms"}],
        "tollfree": ["18445550100", "18775550100"],
        "shortcodes": [],
    }


def test_steps_order_removals_then_reassign_then_adds():
    state = PoolState.of({A: "sms", B: "sms"}, [TF1], ["444444"])
    desired = build_desired(numbers=[{"number": A, "service": "mms"}, C], tollfree=[TF2], shortcodes=[], purge=True)
    plan = compute_plan(state, desired)
    assert plan.steps() == [
        Step("remove", "shortcodes", "444444"),
        Step("remove", "tollfree", TF1),
        Step("remove", "numbers", B),
        Step("remove", "numbers", A, reassign=True),
        Step("add", "numbers", A, "mms", reassign=True),
        Step("add", "numbers", C, "sms"),
        Step("add", "tollfree", TF2),
    ]
    assert [step.unrent_allowed for step in plan.steps()] == [False, True, True, False, False, False, False]


def test_plan_summary():
    desired = build_desired(numbers=[C], shortcodes=["55555"], tollfree=[], purge=True)
    summary = compute_plan(full_pool(), desired).as_dict()
    assert summary == {
        "numbers": {"add": [{"number": C, "service": "sms"}], "remove": [{"number": A, "service": "sms"}, {"number": B, "service": "mms"}], "reassign": []},
        "tollfree": {"add": [], "remove": [TF1, TF2]},
        "shortcodes": {"remove": ["12345", "444444"], "unaddable": ["55555"]},
        "kind_conflicts": [],
    }


def test_apply_plan_is_pure_and_strict():
    state = full_pool()
    snapshot = state.as_dict()
    plan = compute_plan(state, build_desired(numbers=[], purge=True))
    apply_plan(state, plan)
    assert state.as_dict() == snapshot
    with pytest.raises(PoolPlanError, match="cannot add numbers 14155550100: it is already in the pool"):
        apply_plan(state, PoolPlan(add_numbers=(LongCode(A, "sms"),)))
    with pytest.raises(PoolPlanError, match="cannot remove tollfree 18005550100: it is not in the pool"):
        apply_plan(PoolState(), PoolPlan(remove_tollfree=(TF1,)))


def test_compare_reports_what_differs():
    desired = build_desired(numbers=[{"number": A, "service": "mms"}, C], tollfree=[TF1], shortcodes=["55555"], purge=True)
    assert compare(full_pool(), desired) == PoolDiff(
        missing_numbers=(LongCode(C, "sms"),),
        wrong_service=(ServiceChange(A, "sms", "mms"),),
        unwanted_numbers=(LongCode(B, "mms"),),
        unwanted_tollfree=(TF2,),
        missing_shortcodes=("55555",),
        unwanted_shortcodes=("12345", "444444"),
    )


def test_pool_state_number_on_tollfree_list_is_tollfree_even_if_number_list_says_fixed():
    state = pool_state_from_api([{"number": TF1, "type": "fixed", "service": "sms"}, {"number": A, "type": "fixed"}], [{"number": TF1}])
    assert state == PoolState.of({A: None}, [TF1])


def test_pool_state_cannot_hold_a_number_as_both_kinds():
    with pytest.raises(PoolPlanError, match="a number cannot be in the pool both as a long code and toll-free: 18005550100"):
        PoolState.of({TF1: "sms"}, [TF1])
