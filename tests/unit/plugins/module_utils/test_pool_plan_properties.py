# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests of phone_numbers and pool_plan (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import (
    PhoneNumberError,
    normalize_long_codes,
    normalize_number,
    normalize_shortcode,
)
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import (
    NUMBERS,
    TOLLFREE,
    PoolDiff,
    PoolState,
    apply_plan,
    build_desired,
    compare,
    compute_plan,
)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Small universes so that desired and current members overlap often.
LONG_CODES = ["14155550100", "14155550101", "447700900123", "49301234567", "12025550100", "33612345678"]
TOLL_FREE = ["18005550100", "18885550199", "18775550100", "448000123456"]
SHORT_CODES = ["444444", "12345", "55555", "123", "12345678"]

e164_digits = st.integers(min_value=1, max_value=9).flatmap(lambda first: st.text("0123456789", min_size=7, max_size=14).map(lambda rest: str(first) + rest))


@st.composite
def spelling(draw, number):
    """A valid way to write ``number`` (E.164 digits): prefix, groups, separators, parentheses, padding."""
    prefix = draw(st.sampled_from(["", "+", "00", "+ "]))
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=len(number) - 1), max_size=4)))
    groups = [number[start:end] for start, end in zip([0, *cuts], [*cuts, len(number)])]
    paren = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(groups) - 1)))
    text = prefix
    for index, group in enumerate(groups):
        if index:
            text += draw(st.sampled_from(["", " ", "-", ".", " - ", "  "]))
        text += f"({group})" if index == paren else group
    padding = draw(st.sampled_from(["", " ", "\t", "\n"]))
    return padding + text + draw(st.sampled_from(["", " ", "\n"]))


@st.composite
def long_code_entry(draw, number, service):
    """An entry of the ``numbers`` option for ``number`` with ``service``."""
    written = draw(spelling(number))
    if service == "sms" and draw(st.booleans()):
        return written if draw(st.booleans()) else {"number": written}
    return {"number": written, "service": draw(st.sampled_from([service, service.upper(), service.capitalize()]))}


@st.composite
def long_code_entries(draw):
    """A valid ``numbers`` option: entries in any spelling, some listed twice (with the same service)."""
    long_numbers = subset(draw, LONG_CODES + TOLL_FREE[:1])
    services = {number: draw(st.sampled_from(["sms", "mms"])) for number in long_numbers}
    numbers = [draw(long_code_entry(number, services[number])) for number in long_numbers for _repeat in range(draw(st.integers(1, 2)))]
    return draw(st.permutations(numbers))


def subset(draw, universe):
    """Each member of ``universe`` with probability 1/2 (hypothesis' own list sizes favour tiny lists)."""
    return [member for member in universe if draw(st.booleans())]


@st.composite
def option_entries(draw):
    """Raw ``numbers``/``tollfree``/``shortcodes`` option values (None = not given), valid, with duplicates.

    One toll-free number may be listed as a long code and one long code as toll-free (never the same
    number under both options, which build_desired rejects), so kind conflicts occur.
    """
    numbers = draw(long_code_entries())
    listed = normalize_long_codes(numbers)
    free = [number for number in TOLL_FREE + LONG_CODES[:1] if number not in {code.number for code in listed}]
    tollfree = [draw(spelling(number)) for number in subset(draw, free) + subset(draw, free)]
    shortcodes = [draw(st.sampled_from([code, f" {code} ", int(code)])) for code in subset(draw, SHORT_CODES) + subset(draw, SHORT_CODES)]
    values = {"numbers": numbers, "tollfree": tollfree, "shortcodes": shortcodes}
    return {kind: values[kind] if draw(st.integers(0, 3)) else None for kind in values}


@st.composite
def desired_specs(draw):
    options = draw(option_entries())
    state = draw(st.sampled_from(["present", "absent"]))
    purge = state == "present" and draw(st.booleans())
    return build_desired(state=state, purge=purge, **options)


@st.composite
def pool_states(draw):
    """Any pool: each number of the universe is absent, a long code with a service (None: unknown) or toll-free."""
    numbers = {}
    tollfree = set()
    for number in LONG_CODES + TOLL_FREE:
        role = draw(st.sampled_from(["absent", "sms", "mms", "unknown", "tollfree"]))
        if role == "tollfree":
            tollfree.add(number)
        elif role != "absent":
            numbers[number] = None if role == "unknown" else role
    return PoolState(numbers, frozenset(tollfree), frozenset(subset(draw, SHORT_CODES)))


def without(diff, numbers):
    """``diff`` less every entry about one of ``numbers``."""

    def keep(items):
        return tuple(item for item in items if (item if isinstance(item, str) else item.number) not in numbers)

    return PoolDiff(*(keep(getattr(diff, field)) for field in PoolDiff.__dataclass_fields__))


def assert_residual_is_explained(residual, plan, desired):
    """After applying a plan, what may honestly still differ is its error items, and nothing else.

    Unaddable short codes stay missing; a number under a kind conflict is left alone, so it stays
    missing under the kind it is listed as (and, with purge, unwanted under the kind it has).
    """
    conflicted = {conflict.number for conflict in plan.kind_conflicts}
    assert without(residual, conflicted) == PoolDiff(missing_shortcodes=plan.unaddable_shortcodes)
    if desired.state == "present":
        for conflict in plan.kind_conflicts:
            missing = residual.missing_numbers if conflict.listed_as == NUMBERS else residual.missing_tollfree
            assert conflict.number in [item if isinstance(item, str) else item.number for item in missing]
    else:
        assert residual == PoolDiff()


def assert_sorted_and_disjoint(plan):
    """Every list of the plan is sorted by number without repeats, and a long code is in one list at most."""
    for members in (plan.add_tollfree, plan.remove_tollfree, plan.remove_shortcodes, plan.unaddable_shortcodes):
        assert list(members) == sorted(set(members))
    for codes in (plan.add_numbers, plan.remove_numbers, plan.reassign_numbers, plan.kind_conflicts):
        assert [code.number for code in codes] == sorted({code.number for code in codes})
    touched = [code.number for code in plan.add_numbers] + [code.number for code in plan.remove_numbers] + [change.number for change in plan.reassign_numbers]
    assert len(touched) == len(set(touched))
    for kind in ("numbers", "tollfree", "shortcodes"):
        shown = [item["number"] if isinstance(item, dict) else item for item in plan.after[kind]]
        assert shown == sorted(shown)


@SETTINGS
@given(state=pool_states(), desired=desired_specs())
def test_applying_the_plan_converges(state, desired):
    plan = compute_plan(state, desired)
    after = apply_plan(state, plan)  # strict: raises if a step is impossible
    assert_residual_is_explained(compare(after, desired), plan, desired)
    assert plan.after == after.as_dict()
    assert plan.before == state.as_dict()
    # kinds the user did not give are never touched
    if NUMBERS not in desired.given:
        assert after.numbers == state.numbers
    if TOLLFREE not in desired.given:
        assert after.tollfree == state.tollfree
    if "shortcodes" not in desired.given:
        assert after.shortcodes == state.shortcodes
    # short codes are never added; without purge, present removes nothing but the halves of service changes
    assert after.shortcodes <= state.shortcodes
    if desired.state == "present" and not desired.purge:
        assert not plan.remove_numbers and not plan.remove_tollfree and not plan.remove_shortcodes
    # the plan for the converged state is empty, and its error items are the same
    again = compute_plan(after, desired)
    assert not again.changed
    assert again.steps() == []
    assert again.unaddable_shortcodes == plan.unaddable_shortcodes
    assert again.kind_conflicts == plan.kind_conflicts
    # a number under a kind conflict is in no step
    conflicted = {conflict.number for conflict in plan.kind_conflicts}
    assert not conflicted.intersection(step.member for step in plan.steps())
    assert_sorted_and_disjoint(plan)


@SETTINGS
@given(number=e164_digits, data=st.data())
def test_spelling_variants_normalise_to_the_same_number(number, data):
    assert normalize_number(number) == number
    assert normalize_number(data.draw(spelling(number))) == number
    assert normalize_number("+" + number) == number


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 +-.()/aZ\u0661\uff10\u00a0\t")), max_size=22))
def test_normalise_is_idempotent_or_rejects_cleanly(text):
    try:
        number = normalize_number(text, "numbers[0]")
    except PhoneNumberError as error:
        assert str(error).startswith(f"numbers[0]: {text!r} is not a phone number: ")
        return
    assert normalize_number(number) == number
    assert number.isascii() and number.isdigit() and 8 <= len(number) <= 15 and not number.startswith("0")


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 +-a\u0661")), max_size=10))
def test_shortcode_normalise_is_idempotent_or_rejects_cleanly(text):
    try:
        code = normalize_shortcode(text, "shortcodes[0]")
    except PhoneNumberError as error:
        assert str(error).startswith(f"shortcodes[0]: {text!r} is not a short code: ")
        return
    assert normalize_shortcode(code) == code


@SETTINGS
@given(entries=long_code_entries())
def test_long_code_normalisation_is_idempotent(entries):
    codes = normalize_long_codes(entries)
    assert normalize_long_codes([code.as_dict() for code in codes]) == codes
    assert normalize_long_codes(codes) == codes
    assert len({code.number for code in codes}) == len(codes)
