# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_planner: the powerpacks engine's input checked as a whole, the reads it needs, its plan, and numbers moving
between pools."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils._planner import CREATE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import DELETE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import NONE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import UPDATE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import Holder
from ansible_collections.plivo.messaging.plugins.module_utils._planner import Snapshot
from ansible_collections.plivo.messaging.plugins.module_utils._planner import numbers_to_check
from ansible_collections.plivo.messaging.plugins.module_utils._planner import plan_account
from ansible_collections.plivo.messaging.plugins.module_utils._planner import read_items
from ansible_collections.plivo.messaging.plugins.module_utils._planner import reads_needed
from ansible_collections.plivo.messaging.plugins.module_utils._planner import settle_moves
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import ADD
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import REMOVE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import Step
from ansible_collections.plivo.messaging.tests.unit.scripted_transport import AUTH_ID

A = "14155550100"
B = "14155550101"
C = "14155550102"
TF = "18005550100"
PRIORITY = [{"country_iso": "US", "service_type": "sms", "priority": ["longcode", "tollfree", "shortcode"]}]


def read(*powerpacks, defaults=None, prune=False):
    return read_items(list(powerpacks), defaults or {}, prune)


def checked(*powerpacks, defaults=None, prune=False):
    items, problems = read(*powerpacks, defaults=defaults, prune=prune)
    assert problems == []
    return items


def listed(name, pool=None, **fields):
    """A Powerpack as the list endpoint answers it (no number_priority)."""
    raw = dict(
        uuid=f"uuid-{name}",
        name=name,
        sticky_sender=True,
        local_connect=True,
        application_type="",
        application_id="",
        number_pool=f"/v1/Account/{AUTH_ID}/NumberPool/{pool or 'pool-' + name}/",
        created_on="2026-01-01T00:00:00Z",
    )
    raw.update(fields)
    return raw


def plan_of(account, name):
    return next(plan for plan in account.plans if plan.name == name)


# The input as a whole


def test_a_name_given_twice_is_named_with_both_places():
    _items, problems = read({"name": "a"}, {"name": "b"}, {"name": "a"})
    assert problems == ["powerpacks[2] ('a'): the name is also given to powerpacks[0] ('a'); give each Powerpack once"]


def test_the_same_number_in_two_items_is_refused_however_it_is_written():
    _items, problems = read(
        {"name": "a", "numbers": ["+1 415 555 0100"]}, {"name": "b", "numbers": [{"number": "1-415-555-0100"}]}, {"name": "c", "numbers": [B]}
    )
    assert problems == ["powerpacks[1] ('b'): 14155550100 is also listed by powerpacks[0] ('a'); a number is in one pool only"]


def test_a_number_listed_twice_in_one_item_is_no_conflict():
    assert read({"name": "a", "numbers": [A, "+1 415 555 0100"]})[1] == []


def test_preset_and_number_priority_are_mutually_exclusive():
    _items, problems = read({"name": "a", "preset": {"name": "local_first", "countries": ["US"]}, "number_priority": PRIORITY})
    assert problems == ["powerpacks[0] ('a').preset and number_priority are mutually exclusive: give one of them"]


def test_bad_countries_of_a_preset_are_each_named():
    _items, problems = read({"name": "a"}, {"name": "b", "preset": {"name": "local_first", "countries": ["US", "USA", "ZZ"]}})
    assert problems == [
        "powerpacks[1] ('b').preset.countries[1] 'USA' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
        "powerpacks[1] ('b').preset.countries[2] 'ZZ' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
    ]


def test_a_preset_without_countries_is_refused():
    assert read({"name": "a", "preset": {"name": "local_first", "countries": []}})[1] == ["powerpacks[0] ('a').preset.countries must list at least one country"]


def test_a_preset_becomes_the_number_priority_of_every_country_and_service():
    default, narrowed = checked(
        {"name": "a", "preset": {"name": "tollfree_first", "countries": ["us", "CA"]}},
        {"name": "b", "preset": {"name": "shortcode_first", "countries": ["GB"], "services": ["mms"]}},
        defaults={"preset_services": ["sms"]},
    )
    assert default.spec.number_priority == (
        {"country_iso": "CA", "service_type": "sms", "priority": ["tollfree", "longcode", "shortcode"]},
        {"country_iso": "US", "service_type": "sms", "priority": ["tollfree", "longcode", "shortcode"]},
    )
    assert narrowed.spec.number_priority == ({"country_iso": "GB", "service_type": "mms", "priority": ["shortcode", "tollfree", "longcode"]},)


def test_every_problem_names_its_item_and_option():
    _items, problems = read(
        {"name": "ok"},
        {"name": "bad", "application_type": "xml", "numbers": ["CALL"], "default_country": "USA", "tollfree": ["+1 415 555 0100"]},
    )
    assert problems == [
        "powerpacks[1] ('bad').application_type needs application_id: set application_id to the id of the xml application, or remove application_type",
        "powerpacks[1] ('bad').default_country 'USA' is not a country code: use an ISO 3166-1 alpha-2 code such as US, CA or GB",
        "powerpacks[1] ('bad').numbers[0]: 'CALL' contains 'C', which is not part of a phone number (letters and extensions are not accepted)",
        "powerpacks[1] ('bad').tollfree[0]: +1 415-555-0100 is not a toll-free number: list it under numbers",
    ]


def test_a_wrong_kind_is_refused_for_an_absent_item_too():
    assert read({"name": "a", "state": "absent", "numbers": ["+1 800 555 0100"]})[1] == [
        "powerpacks[0] ('a').numbers[0]: +1 800-555-0100 is a toll-free number: list it under tollfree"
    ]


def test_defaults_apply_where_an_item_does_not_say():
    defaults = {"state": "present", "purge": True, "rent": True, "unrent": False, "default_country": "us"}
    plain, explicit = checked(
        {"name": "a", "numbers": ["(415) 555-0100"]}, {"name": "b", "numbers": [B], "purge": False, "rent": False, "unrent": True}, defaults=defaults
    )
    assert (plain.pool.purge, plain.rent, plain.unrent, plain.pool.entries.numbers[0].number) == (True, True, False, A)
    assert (explicit.pool.purge, explicit.rent, explicit.unrent) == (False, False, True)


def test_an_item_without_member_options_has_no_pool_and_an_absent_item_never_has_one():
    plain, absent = checked({"name": "a"}, {"name": "b", "state": "absent", "numbers": [A]})
    assert plain.pool is None and absent.pool is None


def test_prune_with_an_empty_list_is_refused():
    assert read(prune=True)[1] == ["prune with an empty powerpacks list would delete every Powerpack of the account: list the Powerpacks to keep"]
    assert read()[1] == []


# The reads a run needs


def test_a_no_change_run_reads_only_what_it_compares():
    items = checked(
        {"name": "flags", "sticky_sender": True},
        {"name": "priority", "number_priority": PRIORITY},
        {"name": "preset", "preset": {"name": "local_first", "countries": ["US"]}},
        {"name": "longcodes", "numbers": [A]},
        {"name": "purged", "tollfree": [], "shortcodes": [], "purge": True},
        {"name": "unpurged", "tollfree": [], "numbers": [B]},
        {"name": "gone", "state": "absent", "numbers": [C]},
        {"name": "new", "tollfree": [TF], "number_priority": PRIORITY},
    )
    account = [listed(name) for name in ("flags", "priority", "preset", "longcodes", "purged", "unpurged", "gone", "unmanaged")]
    details, kinds = reads_needed(items, account)
    assert details == ["uuid-priority", "uuid-preset"]
    assert kinds == {"pool-longcodes": {NUMBERS}, "pool-purged": {TOLLFREE, SHORTCODES}, "pool-unpurged": {NUMBERS}}


def test_a_number_priority_the_list_already_carries_is_not_read_again():
    items = checked({"name": "priority", "number_priority": PRIORITY})
    assert reads_needed(items, [listed("priority", number_priority=[])]) == ([], {})


def test_an_ambiguous_name_is_not_read():
    items = checked({"name": "dup", "number_priority": PRIORITY, "numbers": [A]})
    assert reads_needed(items, [listed("dup", uuid="1", pool="p1"), listed("dup", uuid="2", pool="p2")]) == ([], {})


# The plan


def test_creates_updates_unchanged_and_deletes():
    items = checked(
        {"name": "new", "local_connect": False},
        {"name": "changed", "sticky_sender": False},
        {"name": "same", "sticky_sender": True},
        {"name": "gone", "state": "absent", "unrent": True},
        {"name": "never-was", "state": "absent"},
    )
    account = plan_account(items, Snapshot([listed("changed"), listed("same"), listed("gone"), listed("unlisted")]), prune=False)
    assert account.problems == []
    assert [(plan.name, plan.action, plan.changes) for plan in account.plans] == [
        ("new", CREATE, {"name": "new", "local_connect": False}),
        ("changed", UPDATE, {"sticky_sender": False}),
        ("same", NONE, {}),
        ("gone", DELETE, {}),
        ("never-was", NONE, {}),
    ]
    gone = plan_of(account, "gone")
    assert gone.unrent_numbers and gone.pool_uuid == "pool-gone" and gone.after is None
    assert plan_of(account, "new").after["number_priority"] is None  # Plivo's defaults cannot be known beforehand
    assert [plan.changed for plan in account.plans] == [True, True, False, True, False]


def test_prune_deletes_every_powerpack_not_listed():
    account = plan_account(checked({"name": "keep"}), Snapshot([listed("keep"), listed("old"), listed("older")]), prune=True)
    assert [(plan.name, plan.action, plan.pool_uuid, plan.where) for plan in account.plans] == [
        ("keep", NONE, "pool-keep", "powerpacks[0] ('keep')"),
        ("old", DELETE, "pool-old", "Powerpack 'old' (not listed, pruned)"),
        ("older", DELETE, "pool-older", "Powerpack 'older' (not listed, pruned)"),
    ]
    assert [plan.name for plan in plan_account(checked({"name": "keep"}), Snapshot([listed("keep"), listed("old")]), prune=False).plans] == ["keep"]


def test_a_number_priority_read_by_uuid_is_compared():
    items = checked({"name": "p", "number_priority": PRIORITY})
    detail = dict(
        listed("p"),
        number_priority=[
            {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "tollfree", "priority2": "longcode", "priority3": "shortcode"}}
        ],
    )
    account = plan_account(items, Snapshot([listed("p")], details={"uuid-p": detail}), prune=False)
    assert plan_of(account, "p").changes == {"number_priority": PRIORITY}
    unread = plan_account(items, Snapshot([listed("p")]), prune=False)
    assert plan_of(unread, "p").action == NONE and plan_of(unread, "p").unverified


def test_ambiguous_names_and_pool_problems_are_collected_naming_the_item():
    items = checked({"name": "dup"}, {"name": "pool", "shortcodes": ["55555"], "numbers": [C]})
    snapshot = Snapshot([listed("dup", uuid="b"), listed("dup", uuid="a"), listed("pool")], pools={"pool-pool": PoolState({A: "sms"})})
    account = plan_account(items, snapshot, prune=False)
    assert account.problems == [
        "powerpacks[0] ('dup'): 2 Powerpacks of the account carry this name (uuids: a, b); rename all but one (by uuid, with plivo.messaging.powerpack)",
        "powerpacks[1] ('pool').shortcodes: 55555 is not in the pool, and the API cannot add a short code (Plivo provisions them): "
        "remove it from shortcodes, or ask Plivo to link it",
    ]
    assert [plan.name for plan in account.plans] == ["pool"]
    assert plan_of(account, "pool").additions() == [Step(ADD, NUMBERS, C, "sms")]


def test_a_new_powerpack_plans_a_new_empty_pool():
    account = plan_account(checked({"name": "new", "numbers": [A], "tollfree": [TF]}), Snapshot([]), prune=False)
    plan = plan_of(account, "new")
    assert plan.action == CREATE and plan.pool_uuid is None
    assert plan.additions() == [Step(ADD, NUMBERS, A, "sms"), Step(ADD, TOLLFREE, TF)]
    assert numbers_to_check(account) == [A, TF]


def test_numbers_to_check_are_the_additions_but_not_service_changes():
    items = checked({"name": "p", "numbers": [{"number": A, "service": "mms"}, C, B]})
    account = plan_account(items, Snapshot([listed("p")], pools={"pool-p": PoolState({A: "sms", B: "sms"})}), prune=False)
    assert numbers_to_check(account) == [C]


# Numbers moving between pools


def moving(giver, holders=None, prune=False, extra=()):
    """The plan of a run where 'receiver' adds A, which the pool of 'giver' holds."""
    items = checked({"name": "receiver", "numbers": [A]}, *([giver] if giver else []), *extra)
    snapshot = Snapshot(
        [listed("receiver"), listed("giver"), listed("other")], pools={"pool-receiver": PoolState(), "pool-giver": PoolState({A: "sms", B: "sms"})}
    )
    account = plan_account(items, snapshot, prune)
    settle_moves(account, {A: Holder("pool-giver", "giver", NUMBERS)} if holders is None else holders)
    return account


def test_a_number_moving_out_of_a_deleted_powerpack_is_a_move_that_never_releases_it():
    account = moving({"name": "giver", "state": "absent", "unrent": True})
    assert account.problems == []
    giver = plan_of(account, "giver")
    assert giver.action == DELETE and giver.moves_out == [Step(REMOVE, NUMBERS, A, moves=True)]
    assert giver.removals() == [Step(REMOVE, NUMBERS, A, moves=True)] and not giver.removals()[0].unrent_allowed


def test_a_number_moving_out_of_a_pruned_powerpack_is_a_move():
    account = moving(None, prune=True)
    assert account.problems == []
    assert plan_of(account, "giver").moves_out == [Step(REMOVE, NUMBERS, A, moves=True)]
    assert plan_of(account, "other").moves_out == []


def test_a_number_purged_by_its_holder_moves_and_is_never_released():
    account = moving({"name": "giver", "numbers": [B], "purge": True, "unrent": True})
    assert account.problems == []
    giver = plan_of(account, "giver")
    assert [step.member for step in giver.removals()] == [A]
    # the giver releases what it purges (unrent), but not a number another pool of the run takes
    assert not giver.removals()[0].unrent_allowed


def test_a_number_held_by_a_powerpack_that_keeps_it_is_a_problem():
    account = moving({"name": "giver", "sticky_sender": True})
    assert account.problems == [
        "powerpacks[0] ('receiver'): +1 415-555-0100 (14155550100) is in the pool of the Powerpack 'giver', which keeps it "
        "(list it there no more and set purge, or delete that Powerpack); a number is in one pool only: remove it there first"
    ]
    assert plan_of(account, "giver").moves_out == []


def test_a_number_held_by_a_powerpack_the_task_does_not_manage_is_a_problem():
    account = moving(None, holders={A: Holder("pool-other", "other", NUMBERS)})
    assert account.problems == [
        "powerpacks[0] ('receiver'): +1 415-555-0100 (14155550100) is in the pool of the Powerpack 'other', which this task does not manage; "
        "a number is in one pool only: remove it there first"
    ]


def test_a_number_in_no_pool_is_no_move():
    assert moving(None, holders={}).problems == []


def test_a_number_the_receivers_own_pool_holds_under_the_other_kind_is_a_problem():
    # The plan adds it as a long code, so the receiver's pool must hold it in a list the task did not read.
    account = moving(None, holders={A: Holder("pool-receiver", "receiver", TOLLFREE)})
    assert account.problems == [
        "powerpacks[0] ('receiver'): +1 415-555-0100 (14155550100) is in its pool as a toll-free number (tollfree): list it under tollfree"
    ]


def test_a_move_out_of_a_deleted_powerpack_uses_the_kind_its_pool_holds_it_as():
    account = moving({"name": "giver", "state": "absent"}, holders={A: Holder("pool-giver", "giver", TOLLFREE)})
    assert plan_of(account, "giver").moves_out == [Step(REMOVE, TOLLFREE, A, moves=True)]


@pytest.mark.parametrize("holder_state", ["absent", "present"])
def test_a_deleted_holder_gives_up_each_number_once(holder_state):
    # Two receivers take one number each from the same deleted giver: two moves, no problem.
    items = checked(
        {"name": "r1", "numbers": [A]}, {"name": "r2", "numbers": [B]}, {"name": "giver", "state": holder_state} if holder_state == "absent" else {"name": "x"}
    )
    snapshot = Snapshot([listed("r1"), listed("r2"), listed("giver")], pools={"pool-giver": PoolState({A: "sms", B: "sms"})})
    account = plan_account(items, snapshot, prune=holder_state == "present")
    settle_moves(account, {A: Holder("pool-giver", "giver", NUMBERS), B: Holder("pool-giver", "giver", NUMBERS)})
    assert account.problems == []
    assert plan_of(account, "giver").moves_out == [Step(REMOVE, NUMBERS, A, moves=True), Step(REMOVE, NUMBERS, B, moves=True)]
