# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_pool_plan: the pool state from the API, and the plan from a pool to what a task asks for."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._numbers import read_pool_entries
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import ADD
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import REMOVE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import DesiredPool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolPlanError
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import Step
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import plan_pool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import pool_state_from_api
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import unknown_services
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import load_fixture

A = "14155550100"
B = "14155550101"
C = "14155550102"
TF1 = "18005550100"
TF2 = "18885550199"


def fixture_objects(name):
    body = load_fixture(name)
    return body.get("objects", [body])


def desired(numbers=None, tollfree=None, shortcodes=None, state="present", purge=False):
    entries, problems = read_pool_entries(numbers, tollfree, shortcodes)
    assert problems == []
    return DesiredPool(entries, state, purge)


def pool(numbers=None, tollfree=(), shortcodes=()):
    return PoolState(dict(numbers or {}), frozenset(tollfree), frozenset(shortcodes))


def full_pool():
    return pool({A: "sms", B: "mms"}, [TF1, TF2], ["444444", "12345"])


def converged(state, want):
    """The plan, after checking that its steps lead to its after state and that this state plans no step."""
    plan = plan_pool(state, want)
    assert plan.before == state
    assert plan.after == state.after(plan.steps)
    assert plan_pool(plan.after, want).steps == ()
    return plan


# Pool state from API items


def test_pool_state_from_sdk_fixtures():
    state = pool_state_from_api(
        fixture_objects("py-numberpoolListResponse.json") + fixture_objects("java-numberpoolListResponse.json"),
        fixture_objects("go-numberpoolTollfreeResponse.json") + fixture_objects("java-tollfreeListResponse.json"),
        fixture_objects("go-numberpoolShortCodeResponse.json"),
    )
    # the fixtures carry no service: unknown, not a guess
    assert state == pool({"15799140348": None}, ["18772209942", "18889140579"], ["444444"])


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
        [{"shortcode": "444444"}, "12345", {"short_code": "55555"}],
    )
    assert state == pool({A: "sms", B: "mms", C: None}, [TF1, TF2], ["444444", "12345", "55555"])


def test_pool_state_number_listed_with_two_services_keeps_mms():
    items = [{"number": A, "service": "sms"}, {"number": A, "service": "MMS"}, {"number": A}, {"number": B}, {"number": B, "service": "sms"}]
    assert pool_state_from_api(items).numbers == {A: "mms", B: "sms"}


def test_pool_state_number_on_the_tollfree_list_is_toll_free_even_if_the_number_list_says_fixed():
    state = pool_state_from_api([{"number": TF1, "type": "fixed", "service": "sms"}, {"number": A, "type": "fixed"}], [{"number": TF1}])
    assert state == pool({A: None}, [TF1])


def test_pool_state_item_without_number_is_an_error():
    with pytest.raises(PoolPlanError, match="a short code item from the API has no shortcode or short_code"):
        pool_state_from_api(shortcodes=[{"country_iso2": "CA"}])
    with pytest.raises(PoolPlanError, match="a toll-free item from the API has no number or tollfree"):
        pool_state_from_api(tollfree=[{"number": ""}])


def test_pool_state_holds_and_diff_shape():
    state = full_pool()
    assert (state.holds(A), state.holds(TF1), state.holds("12345"), state.holds(C)) == (NUMBERS, TOLLFREE, SHORTCODES, None)
    assert state.as_dict() == {
        "numbers": [{"number": A, "service": "sms"}, {"number": B, "service": "mms"}],
        "tollfree": [TF1, TF2],
        "shortcodes": ["12345", "444444"],
    }


def test_after_is_pure_and_strict_like_the_api():
    state = full_pool()
    assert state.after([Step(REMOVE, NUMBERS, A), Step(ADD, NUMBERS, C, "mms")]).numbers == {B: "mms", C: "mms"}
    assert state == full_pool()
    with pytest.raises(PoolPlanError, match="cannot add numbers 14155550100: it is already in the pool"):
        state.after([Step(ADD, NUMBERS, A, "sms")])
    with pytest.raises(PoolPlanError, match="cannot remove tollfree 18005550100: it is not in the pool"):
        pool().after([Step(REMOVE, TOLLFREE, TF1)])


# What a task gives and reads


def test_given_kinds_are_the_options_set_even_to_an_empty_list():
    assert desired(numbers=[A], shortcodes=[]).given == (NUMBERS, SHORTCODES)


@pytest.mark.parametrize(
    "want, kinds",
    [
        pytest.param(desired(numbers=[A]), (NUMBERS,), id="present-numbers"),
        pytest.param(desired(numbers=[A], tollfree=[], shortcodes=[]), (NUMBERS,), id="empty-lists-without-purge"),
        pytest.param(desired(numbers=[A], tollfree=[], purge=True), (NUMBERS, TOLLFREE), id="empty-list-with-purge"),
        pytest.param(desired(shortcodes=["444444"]), (SHORTCODES,), id="shortcodes"),
        pytest.param(desired(numbers=[A], state="absent"), (NUMBERS, TOLLFREE), id="absent-reads-both-number-kinds"),
        pytest.param(desired(tollfree=[TF1], state="absent"), (NUMBERS, TOLLFREE), id="absent-tollfree"),
        pytest.param(desired(shortcodes=["444444"], state="absent"), (SHORTCODES,), id="absent-shortcodes"),
        pytest.param(desired(), (), id="nothing"),
    ],
)
def test_kinds_to_read(want, kinds):
    assert want.kinds_to_read() == kinds


# Plans: present


def test_add_to_an_empty_pool():
    plan = converged(pool(), desired(numbers=[B, {"number": A, "service": "mms"}], tollfree=[TF2, TF1]))
    assert plan.steps == (Step(ADD, NUMBERS, A, "mms"), Step(ADD, NUMBERS, B, "sms"), Step(ADD, TOLLFREE, TF1), Step(ADD, TOLLFREE, TF2))
    assert plan.changed and plan.problems == () and plan.removals() == ()
    assert plan.after.as_dict() == {"numbers": [{"number": A, "service": "mms"}, {"number": B, "service": "sms"}], "tollfree": [TF1, TF2], "shortcodes": []}


def test_a_converged_pool_plans_nothing():
    want = desired(numbers=[A, {"number": B, "service": "mms"}], tollfree=[TF1, TF2], shortcodes=["444444", "12345"], purge=True)
    plan = plan_pool(full_pool(), want)
    assert plan.steps == () and not plan.changed and plan.problems == () and plan.after == full_pool()


def test_a_long_code_listed_without_a_service_keeps_the_pools_and_gets_sms_only_when_added():
    plan = converged(pool({A: "mms"}), desired(numbers=[A, C]))
    assert plan.steps == (Step(ADD, NUMBERS, C, "sms"),)
    assert plan.after.numbers == {A: "mms", C: "sms"}


def test_present_without_purge_never_removes():
    plan = converged(full_pool(), desired(numbers=[C], tollfree=[], shortcodes=["444444"]))
    assert plan.steps == (Step(ADD, NUMBERS, C, "sms"),)


def test_purge_touches_only_the_kinds_given():
    plan = converged(full_pool(), desired(numbers=[A], purge=True))
    assert plan.steps == (Step(REMOVE, NUMBERS, B),)
    assert plan.after == pool({A: "sms"}, [TF1, TF2], ["444444", "12345"])


def test_an_empty_list_with_purge_empties_that_kind_only():
    plan = converged(full_pool(), desired(numbers=[], purge=True))
    assert plan.steps == (Step(REMOVE, NUMBERS, A), Step(REMOVE, NUMBERS, B))
    assert plan.after == pool({}, [TF1, TF2], ["444444", "12345"])


def test_purge_tollfree_and_shortcodes():
    plan = converged(full_pool(), desired(tollfree=[TF2], shortcodes=["444444"], purge=True))
    assert plan.steps == (Step(REMOVE, TOLLFREE, TF1), Step(REMOVE, SHORTCODES, "12345"))


def test_a_service_change_removes_and_adds_again_and_never_releases():
    plan = converged(full_pool(), desired(numbers=[{"number": A, "service": "mms"}, {"number": B, "service": "SMS"}]))
    assert plan.steps == (
        Step(REMOVE, NUMBERS, A, reassign=True),
        Step(REMOVE, NUMBERS, B, reassign=True),
        Step(ADD, NUMBERS, A, "mms", reassign=True),
        Step(ADD, NUMBERS, B, "sms", reassign=True),
    )
    assert not any(step.unrent_allowed for step in plan.steps)
    assert plan.after.numbers == {A: "mms", B: "sms"}


def test_an_unknown_pool_service_is_never_churned_on_a_guess():
    state = pool({A: None})
    for service in ("sms", "mms"):
        want = desired(numbers=[{"number": A, "service": service}])
        assert plan_pool(state, want).steps == ()
        assert unknown_services(state, want) == [A]


def test_unknown_services_lists_only_what_a_present_task_sets_a_service_for():
    state = pool({A: None, B: None, C: "sms"})
    assert unknown_services(state, desired(numbers=[{"number": A, "service": "mms"}, B, {"number": C, "service": "mms"}])) == [A]
    assert unknown_services(state, desired(numbers=[{"number": A, "service": "mms"}], state="absent")) == []
    assert unknown_services(state, desired(tollfree=[TF1])) == []


def test_a_short_code_not_in_the_pool_cannot_be_added():
    plan = plan_pool(full_pool(), desired(shortcodes=["444444", "55555", "66666"], numbers=[C]))
    assert plan.problems == (
        "shortcodes: 55555, 66666 are not in the pool, and the API cannot add a short code (Plivo provisions them): "
        "remove it from shortcodes, or ask Plivo to link it",
    )
    # the rest is still planned; a short code never becomes a step to add
    assert plan.steps == (Step(ADD, NUMBERS, C, "sms"),)
    one = plan_pool(full_pool(), desired(shortcodes=["55555"]))
    assert one.problems[0].startswith("shortcodes: 55555 is not in the pool")


def test_a_number_listed_under_the_other_kind_than_the_pool_holds_it_is_a_problem_not_a_step():
    state = pool({TF1: "sms"}, [A])
    plan = plan_pool(state, desired(numbers=[A, C], tollfree=[TF1]))
    assert plan.problems == (
        "numbers: 14155550100 is in the pool as a toll-free number (tollfree), not as a long code (numbers); list it under tollfree",
        "tollfree: 18005550100 is in the pool as a long code (numbers), not as a toll-free number (tollfree); list it under numbers",
    )
    assert plan.steps == (Step(ADD, NUMBERS, C, "sms"),)


def test_steps_are_removals_then_additions_each_by_kind_then_number():
    state = pool({A: "sms", B: "sms"}, [TF1], ["444444"])
    plan = converged(state, desired(numbers=[{"number": A, "service": "mms"}, C], tollfree=[TF2], shortcodes=[], purge=True))
    assert plan.steps == (
        Step(REMOVE, NUMBERS, A, reassign=True),
        Step(REMOVE, NUMBERS, B),
        Step(REMOVE, TOLLFREE, TF1),
        Step(REMOVE, SHORTCODES, "444444"),
        Step(ADD, NUMBERS, A, "mms", reassign=True),
        Step(ADD, NUMBERS, C, "sms"),
        Step(ADD, TOLLFREE, TF2),
    )
    assert plan.removals() == plan.steps[:4] and plan.additions() == plan.steps[4:]
    assert [step.unrent_allowed for step in plan.steps] == [False, True, True, False, False, False, False]


def test_plan_lists_are_sorted_by_number():
    state = pool({"447400123456": "sms", "14155550199": "sms", "33612345678": "mms"}, ["18885550199", "18005550100"], ["99999", "123", "5555"])
    plan = converged(state, desired(numbers=["+49 30 123456", "+1 202 555 0100"], tollfree=["18775550100", "18445550100"], shortcodes=[], purge=True))
    assert [(step.action, step.kind, step.member) for step in plan.steps] == [
        *[(REMOVE, NUMBERS, member) for member in ("14155550199", "33612345678", "447400123456")],
        *[(REMOVE, TOLLFREE, member) for member in ("18005550100", "18885550199")],
        *[(REMOVE, SHORTCODES, member) for member in ("123", "5555", "99999")],
        *[(ADD, NUMBERS, member) for member in ("12025550100", "4930123456")],
        *[(ADD, TOLLFREE, member) for member in ("18445550100", "18775550100")],
    ]


# Plans: absent


def test_absent_removes_the_listed_members_that_are_in_the_pool():
    plan = converged(full_pool(), desired(numbers=[{"number": B, "service": "sms"}, C], tollfree=[TF1], shortcodes=["12345", "55555"], state="absent"))
    # the listed service is not compared: the number goes, whatever its service
    assert plan.steps == (Step(REMOVE, NUMBERS, B), Step(REMOVE, TOLLFREE, TF1), Step(REMOVE, SHORTCODES, "12345"))
    assert plan.after == pool({A: "sms"}, [TF2], ["444444"])
    assert plan.problems == ()


def test_absent_removes_a_number_from_whichever_kind_the_pool_holds_it_as():
    # The API files A as toll-free while libphonenumber calls it a long code: it is still removed.
    plan = converged(pool({TF1: "sms"}, [A]), desired(numbers=[A], tollfree=[TF1], state="absent"))
    assert plan.steps == (Step(REMOVE, NUMBERS, TF1), Step(REMOVE, TOLLFREE, A))
    assert plan.after == pool()


def test_absent_with_nothing_to_remove():
    plan = plan_pool(full_pool(), desired(numbers=[C], state="absent"))
    assert plan.steps == () and not plan.changed and plan.after == full_pool()


# Steps


@pytest.mark.parametrize(
    "step, allowed",
    [
        (Step(REMOVE, NUMBERS, A), True),
        (Step(REMOVE, TOLLFREE, TF1), True),
        (Step(REMOVE, SHORTCODES, "444444"), False),
        (Step(REMOVE, NUMBERS, A, reassign=True), False),
        (Step(REMOVE, NUMBERS, A, moves=True), False),
        (Step(REMOVE, TOLLFREE, TF1, moves=True), False),
        (Step(ADD, NUMBERS, A, "sms"), False),
        (Step(ADD, TOLLFREE, TF1), False),
    ],
)
def test_only_plain_removals_of_numbers_may_release_them(step, allowed):
    assert step.unrent_allowed is allowed


def test_step_descriptions():
    assert Step(ADD, NUMBERS, A, "mms").describe() == "add numbers 14155550100 (service mms)"
    assert Step(REMOVE, TOLLFREE, TF1).describe() == "remove tollfree 18005550100"
    assert Step(REMOVE, SHORTCODES, "444444").describe() == "remove shortcodes 444444"
