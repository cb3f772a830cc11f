# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests (hypothesis) of _pool_plan and of the number reading it is fed by (_numbers)."""

from __future__ import annotations

import phonenumbers
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils._numbers import LongCode
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import PoolEntries
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import parse_number
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import parse_shortcode
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import read_pool_entries
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import ABSENT
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PRESENT
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import REMOVE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import DesiredPool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import plan_pool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import unknown_services

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Small universes so that desired and current members overlap often; every number is valid for libphonenumber.
LONG_CODES = ["14155550100", "14155550101", "447400123456", "4930123456", "12025550100", "33612345678"]
TOLL_FREE = ["18005550100", "18885550199", "18775550100", "448001234567"]
SHORT_CODES = ["444444", "12345", "55555", "123", "12345678"]


@st.composite
def spelling(draw, number):
    """A way to write ``number`` (E.164 digits) that needs no default_country: prefix, groups, separators, padding."""
    prefix = draw(st.sampled_from(["", "+", "00", "+ ", "00 "]))
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=len(number) - 1), max_size=4)))
    groups = [number[start:end] for start, end in zip([0, *cuts], [*cuts, len(number)])]
    text = prefix
    for index, group in enumerate(groups):
        if index:
            text += draw(st.sampled_from(["", " ", "-", ".", "/", " - "]))
        text += group
    padding = draw(st.sampled_from(["", " ", "\t", "\n"]))
    return padding + text + draw(st.sampled_from(["", " ", "\n"]))


def subset(draw, universe):
    """Each member of ``universe`` with probability 1/2 (hypothesis' own list sizes favour tiny lists)."""
    return [member for member in universe if draw(st.booleans())]


@st.composite
def option_entries(draw):
    """Raw numbers/tollfree/shortcodes option values (None: not given), valid, in any spelling, some listed twice."""
    numbers = []
    for number in subset(draw, LONG_CODES):
        service = draw(st.sampled_from([None, "sms", "mms"]))
        for _repeat in range(draw(st.integers(1, 2))):
            written = draw(spelling(number))
            if service is None:
                numbers.append(written if draw(st.booleans()) else {"number": written})
            else:
                numbers.append({"number": written, "service": draw(st.sampled_from([service, service.upper()]))})
    numbers = draw(st.permutations(numbers))
    tollfree = [draw(spelling(number)) for number in subset(draw, TOLL_FREE) + subset(draw, TOLL_FREE)]
    shortcodes = [draw(st.sampled_from([code, f" {code} ", int(code)])) for code in subset(draw, SHORT_CODES) + subset(draw, SHORT_CODES)]
    values = {NUMBERS: numbers, TOLLFREE: tollfree, SHORTCODES: shortcodes}
    return {kind: values[kind] if draw(st.integers(0, 3)) else None for kind in values}


@st.composite
def desired_pools(draw):
    """What a task asks for, as read_pool_entries gives it (its reading of spellings is tested on its own below)."""
    numbers = tuple(LongCode(number, draw(st.sampled_from([None, "sms", "mms"]))) for number in draw(st.permutations(subset(draw, LONG_CODES))))
    values = {NUMBERS: numbers, TOLLFREE: tuple(draw(st.permutations(subset(draw, TOLL_FREE)))), SHORTCODES: tuple(subset(draw, SHORT_CODES))}
    entries = PoolEntries(*(values[kind] if draw(st.integers(0, 3)) else None for kind in (NUMBERS, TOLLFREE, SHORTCODES)))
    state = draw(st.sampled_from([PRESENT, ABSENT]))
    return DesiredPool(entries, state, state == PRESENT and draw(st.booleans()))


@st.composite
def pool_states(draw):
    """Any pool: each number absent, a long code with a service (None: unknown) or toll-free, whatever libphonenumber
    calls it (so that numbers are listed under another kind than the pool holds them as)."""
    numbers = {}
    tollfree = set()
    for number in LONG_CODES + TOLL_FREE:
        role = draw(st.sampled_from(["absent", "sms", "mms", "unknown", "tollfree"]))
        if role == "tollfree":
            tollfree.add(number)
        elif role != "absent":
            numbers[number] = None if role == "unknown" else role
    return PoolState(numbers, frozenset(tollfree), frozenset(subset(draw, SHORT_CODES)))


def listed(want):
    entries = want.entries
    return {code.number: code.service for code in entries.numbers or ()}, set(entries.tollfree or ()), set(entries.shortcodes or ())


@SETTINGS
@given(state=pool_states(), want=desired_pools())
def test_the_plan_reaches_the_desired_state(state, want):
    plan = plan_pool(state, want)
    after = state.after(plan.steps)  # strict: raises if a step is impossible
    assert plan.after == after and plan.before == state
    numbers, tollfree, shortcodes = listed(want)
    given_kinds = want.given
    assert after.shortcodes <= state.shortcodes  # short codes are never added
    if want.state == ABSENT:
        # every listed member is gone, from whichever kind the pool held it as; nothing else is touched
        members = set(numbers) | tollfree | shortcodes
        assert all(after.holds(member) is None for member in members)
        assert {number: service for number, service in state.numbers.items() if number not in members} == after.numbers
        assert state.tollfree - members == after.tollfree and state.shortcodes - members == after.shortcodes
        assert plan.problems == () and plan.additions() == ()
        return
    # kinds the task does not give are never touched
    if NUMBERS not in given_kinds:
        assert after.numbers == state.numbers
    if TOLLFREE not in given_kinds:
        assert after.tollfree == state.tollfree
    if SHORTCODES not in given_kinds:
        assert after.shortcodes == state.shortcodes
    conflicts = set()
    for number, service in numbers.items():
        if state.holds(number) == TOLLFREE:
            conflicts.add(number)
            continue
        assert number in after.numbers
        if number not in state.numbers:
            assert after.numbers[number] == (service or "sms")
        elif service is None or state.numbers[number] is None:
            assert after.numbers[number] == state.numbers[number]  # kept, never churned on a guess
        else:
            assert after.numbers[number] == service
    for number in tollfree:
        if state.holds(number) == NUMBERS:
            conflicts.add(number)
        else:
            assert number in after.tollfree
    assert after.shortcodes & shortcodes == state.shortcodes & shortcodes
    if want.purge:
        if NUMBERS in given_kinds:
            assert set(after.numbers) <= set(numbers)
        if TOLLFREE in given_kinds:
            assert after.tollfree <= tollfree
        if SHORTCODES in given_kinds:
            assert after.shortcodes == state.shortcodes & shortcodes
    else:
        assert all(step.reassign for step in plan.removals())
    # a problem for every conflict and unaddable short code, and a conflicting number is never added
    assert len(plan.problems) == len(conflicts) + bool(shortcodes - state.shortcodes)
    assert not conflicts & {step.member for step in plan.additions()}


@SETTINGS
@given(state=pool_states(), want=desired_pools())
def test_a_converged_state_plans_no_step(state, want):
    plan = plan_pool(state, want)
    if plan.problems:
        return  # the task fails before its first write: this plan is never made
    again = plan_pool(plan.after, want)
    assert again.steps == ()
    assert again.after == plan.after
    assert again.problems == plan.problems


@SETTINGS
@given(state=pool_states(), want=desired_pools())
def test_only_plain_removals_may_release_a_number_and_unknown_services_are_only_read_for_a_reason(state, want):
    plan = plan_pool(state, want)
    for step in plan.steps:
        assert step.unrent_allowed == (step.action == REMOVE and step.kind != SHORTCODES and not step.reassign)
    for number in unknown_services(state, want):
        assert state.numbers[number] is None and want.state == PRESENT


@SETTINGS
@given(number=st.sampled_from(LONG_CODES + TOLL_FREE), data=st.data())
def test_every_spelling_of_a_number_reads_as_that_number(number, data):
    assert parse_number(number, "numbers[0]") == (number, None)
    assert parse_number(data.draw(spelling(number)), "numbers[0]") == (number, None)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 +-.()/aZx\u0661\uff10\u00a0\t")), max_size=22), country=st.sampled_from([None, "US", "GB", "DE"]))
def test_any_text_reads_as_a_valid_number_or_is_refused_naming_its_entry(text, country):
    digits, problem = parse_number(text, "numbers[0]", country)
    if digits is None:
        assert problem.startswith("numbers[0]: ")
        return
    assert problem is None
    assert digits.isascii() and digits.isdigit()
    assert phonenumbers.is_valid_number(phonenumbers.parse("+" + digits, None))
    assert parse_number(digits, "numbers[0]") == (digits, None)  # what is read reads again the same, as the API writes it


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 +-a\u0661")), max_size=10))
def test_a_short_code_reads_the_same_again_or_is_refused_naming_its_entry(text):
    code, problem = parse_shortcode(text, "shortcodes[0]")
    if code is None:
        assert problem.startswith(f"shortcodes[0]: {text!r} is not a short code") or problem == "shortcodes[0]: the short code is empty"
        return
    assert parse_shortcode(code, "shortcodes[0]") == (code, None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # libphonenumber reads some 30 spellings per example
@given(options=option_entries())
def test_entries_read_again_from_their_own_shape_are_the_same(options):
    entries, _problems = read_pool_entries(options[NUMBERS], options[TOLLFREE], options[SHORTCODES])
    again, problems = read_pool_entries(
        None if entries.numbers is None else [code.as_dict() for code in entries.numbers],
        None if entries.tollfree is None else list(entries.tollfree),
        None if entries.shortcodes is None else list(entries.shortcodes),
    )
    assert problems == [] and again == entries
    assert len({code.number for code in entries.numbers or ()}) == len(entries.numbers or ())
