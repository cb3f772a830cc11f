# Copyright: contributors to the plivo.messaging collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan the changes that bring a Powerpack's number pool to the state the user asked for.

Pure logic for the ``number_pool`` module: no network, nothing outside the standard library.

The three kinds of pool members, named like the module options (``KINDS``):

``numbers``
    long codes; each has a service, ``sms`` or ``mms``.
``tollfree``
    toll-free numbers.
``shortcodes``
    short codes. The API can list, find and remove (unlink) them but cannot add one: they are
    provisioned by Plivo.

Flow in the module::

    desired = desired_from_params(module.params)     # raises PhoneNumberError / PoolPlanError
    current = pool_state_from_api(number_items, tollfree_items, shortcode_items)
    plan = compute_plan(current, desired)
    if plan.has_errors: module.fail_json(msg='; '.join(plan.error_messages()))
    for step in plan.steps():                          # removals, service changes, additions
        # remove: unrent=module.params['unrent'] and step.unrent_allowed
        # add: a long code with service=step.service (and rent as the user asked)
    # report plan.changed, plan.as_dict() and the diff plan.before / plan.after

Semantics
    ``state=present``: the listed members missing from the pool are added; with ``purge``, the
    pool members of each kind the user gave (the option was set, even to ``[]``) that are not
    listed are removed. Kinds the user did not give are never touched.
    ``state=absent``: the listed members that are in the pool are removed; for long codes the
    listed service is ignored when matching. ``purge`` with ``absent`` is rejected
    (:class:`PoolPlanError`).

Service change (a long code in the pool with another service than listed)
    The API has no update, so the plan holds it in ``reassign_numbers`` (not in the add or
    remove lists): the module removes the number (never with ``unrent``: the number stays
    rented) and adds it again with the new service. :meth:`PoolPlan.steps` yields that pair.
    A pool long code whose service the API did not report (``None``) matches any listed
    service: the plan never churns a number on a guess.

Errors the plan reports instead of raising (``PoolPlan.has_errors``, ``error_messages()``)
    ``unaddable_shortcodes``: listed short codes (``present``) that are not in the pool; they
    cannot be added through the API.
    ``kind_conflicts``: a number listed under one kind while the pool holds it as the other
    (a toll-free number under ``numbers`` or a long code under ``tollfree``). Whether a number
    is toll-free is a property of the number, so the plan never adds it under the wrong kind;
    with ``absent`` the number would silently stay in the pool, so it is reported too. Such a
    number is left out of every step (not added, not purged from the other kind, no service
    change), so the plan stays the same until the user fixes the options.
    The other steps are still planned; the module is expected to fail before running any.

Diff shape (``PoolPlan.before`` / ``after``, ``PoolState.as_dict()``)
    ``{'numbers': [{'number': '14155550100', 'service': 'sms'}, ...],
    'tollfree': ['18005550100', ...], 'shortcodes': ['444444', ...]}``, every list sorted by
    number (string order): the same shape as the module options. Every list in a plan is sorted
    the same way.

Pool state read from the API (:func:`pool_state_from_api`)
    Items of the pool's Number list whose ``type`` is ``tollfree`` (or ``toll-free``) count as
    toll-free members, whatever list they came from, and a number on the Tollfree list is
    toll-free even if the Number list calls it ``fixed`` or ``mobile``: a pool state never holds a
    number as both a long code and toll-free. Long-code ``service`` is lower-cased; a
    missing service is ``None`` (unknown). A number listed twice with different services keeps
    ``mms`` over ``sms`` over unknown (how the API would report that is unknown). Toll-free items
    carry ``number`` (``tollfree`` in some SDK fixtures); short-code items carry ``shortcode``.
    Read all three kinds so that the diff and the kind-conflict check see the whole pool.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Iterable, NamedTuple

from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import (
    DEFAULT_SERVICE,
    LongCode,
    PhoneNumberError,
    locate_number,
    normalize_long_codes,
    normalize_shortcodes,
    normalize_tollfree,
)

NUMBERS = "numbers"
TOLLFREE = "tollfree"
SHORTCODES = "shortcodes"
KINDS = (NUMBERS, TOLLFREE, SHORTCODES)

PRESENT = "present"
ABSENT = "absent"
STATES = (PRESENT, ABSENT)

ADD = "add"
REMOVE = "remove"

_KIND_NAMES = {NUMBERS: "a long code (numbers)", TOLLFREE: "a toll-free number (tollfree)", SHORTCODES: "a short code (shortcodes)"}
_SERVICE_RANK = {None: 0, "sms": 1, "mms": 2}


class PoolPlanError(ValueError):
    """A desired spec, plan or API item this module cannot work with (e.g. ``purge`` with ``absent``)."""


class ServiceChange(NamedTuple):
    """A long code in the pool with service ``current`` that must have service ``desired``."""

    number: str
    current: str | None
    desired: str

    def as_dict(self) -> dict[str, str | None]:
        return {"number": self.number, "from": self.current, "to": self.desired}


class KindConflict(NamedTuple):
    """``number`` is listed under ``listed_as`` but the pool holds it as ``pool_kind``."""

    number: str
    listed_as: str
    pool_kind: str

    def message(self) -> str:
        return f"{self.listed_as}: {self.number} is in the pool as {_KIND_NAMES[self.pool_kind]}, not as {_KIND_NAMES[self.listed_as]}; list it under {self.pool_kind}"


class Step(NamedTuple):
    """One API call of a plan, in order.

    ``service`` is the service to add a long code with (``None`` otherwise). ``reassign`` marks
    the remove/add pair of a service change.
    """

    action: str
    kind: str
    member: str
    service: str | None = None
    reassign: bool = False

    @property
    def unrent_allowed(self) -> bool:
        """True when the module may pass ``unrent`` for this step.

        Only plain removals of long codes and toll-free numbers: never an add, a short code
        (only unlinked) or the removal half of a service change (the number is added back).
        """
        return self.action == REMOVE and self.kind != SHORTCODES and not self.reassign


def _sorted_codes(codes: Iterable[LongCode]) -> tuple[LongCode, ...]:
    return tuple(sorted(codes, key=lambda code: code.number))


@dataclasses.dataclass(frozen=True)
class PoolState:
    """The members of a number pool.

    ``numbers`` maps each long code to its service (``None``: the API did not say). A number
    cannot be both a long code and toll-free (:class:`PoolPlanError`).
    """

    numbers: dict[str, str | None] = dataclasses.field(default_factory=dict)
    tollfree: frozenset[str] = frozenset()
    shortcodes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        both = sorted(self.tollfree.intersection(self.numbers))
        if both:
            raise PoolPlanError("a number cannot be in the pool both as a long code and toll-free: {}".format(", ".join(both)))

    @classmethod
    def of(cls, numbers: Any = (), tollfree: Iterable[str] = (), shortcodes: Iterable[str] = ()) -> PoolState:
        """Build a state from a mapping (or pairs, e.g. ``LongCode`` tuples) and two iterables."""
        return cls(dict(numbers), frozenset(tollfree), frozenset(shortcodes))

    def long_codes(self) -> tuple[LongCode, ...]:
        return _sorted_codes(LongCode(number, service) for number, service in self.numbers.items())

    def as_dict(self) -> dict[str, list[Any]]:
        """The diff shape: ``{'numbers': [{number, service}], 'tollfree': [...], 'shortcodes': [...]}``, sorted."""
        return {
            NUMBERS: [code.as_dict() for code in self.long_codes()],
            TOLLFREE: sorted(self.tollfree),
            SHORTCODES: sorted(self.shortcodes),
        }


@dataclasses.dataclass(frozen=True)
class DesiredPool:
    """What the user asked for, normalised (build it with :func:`build_desired`).

    ``given`` holds the kinds whose option was set (even to ``[]``): only those are compared,
    and only those are purged.
    """

    numbers: tuple[LongCode, ...] = ()
    tollfree: tuple[str, ...] = ()
    shortcodes: tuple[str, ...] = ()
    given: frozenset[str] = frozenset()
    state: str = PRESENT
    purge: bool = False

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise PoolPlanError("state must be one of {}, got {!r}".format(", ".join(STATES), self.state))
        if self.purge and self.state != PRESENT:
            raise PoolPlanError("purge=true only applies to state=present")
        unknown = sorted(set(self.given) - set(KINDS))
        if unknown:
            raise PoolPlanError("unknown member kinds {}; the kinds are {}".format(", ".join(unknown), ", ".join(KINDS)))


def build_desired(numbers: Any = None, tollfree: Any = None, shortcodes: Any = None, state: str = PRESENT, purge: bool = False) -> DesiredPool:
    """Normalise the module options into a :class:`DesiredPool`.

    An option that is ``None`` was not given; ``[]`` was given. Raises :class:`PhoneNumberError`
    for a bad entry (also for a number listed under both ``numbers`` and ``tollfree``) and
    :class:`PoolPlanError` for a bad ``state``/``purge`` combination.
    """
    long_codes = normalize_long_codes(numbers, NUMBERS)
    toll_free = normalize_tollfree(tollfree, TOLLFREE)
    short_codes = normalize_shortcodes(shortcodes, SHORTCODES)
    both = sorted({code.number for code in long_codes} & set(toll_free))
    if both:
        number = both[0]
        raise PhoneNumberError(
            locate_number(tollfree, number, TOLLFREE) or TOLLFREE,
            f"{number} is also listed as {locate_number(numbers, number, NUMBERS) or NUMBERS}; a number is either a long code or toll-free",
        )
    given = frozenset(kind for kind, value in ((NUMBERS, numbers), (TOLLFREE, tollfree), (SHORTCODES, shortcodes)) if value is not None)
    return DesiredPool(tuple(long_codes), tuple(toll_free), tuple(short_codes), given, state, bool(purge))


def desired_from_params(params: Mapping) -> DesiredPool:
    """:func:`build_desired` from ``module.params`` (keys numbers, tollfree, shortcodes, state, purge)."""
    return build_desired(params.get(NUMBERS), params.get(TOLLFREE), params.get(SHORTCODES), params.get("state") or PRESENT, bool(params.get("purge")))


@dataclasses.dataclass(frozen=True)
class PoolDiff:
    """What differs between a pool state and the desired spec; empty (falsy) when converged.

    ``missing_*``: listed (``present``) but not in the pool. ``unwanted_*``: in the pool but must
    not be (not listed with ``purge``, or listed with ``absent``); long codes carry the pool's
    service. ``wrong_service``: listed long codes in the pool with another known service.
    """

    missing_numbers: tuple[LongCode, ...] = ()
    wrong_service: tuple[ServiceChange, ...] = ()
    unwanted_numbers: tuple[LongCode, ...] = ()
    missing_tollfree: tuple[str, ...] = ()
    unwanted_tollfree: tuple[str, ...] = ()
    missing_shortcodes: tuple[str, ...] = ()
    unwanted_shortcodes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(getattr(self, field.name) for field in dataclasses.fields(self))

    @property
    def empty(self) -> bool:
        return not self


def compare(state: PoolState, desired: DesiredPool) -> PoolDiff:
    """Return what still differs between ``state`` and ``desired`` (see :class:`PoolDiff`)."""
    if desired.state == ABSENT:
        listed = {code.number for code in desired.numbers}
        return PoolDiff(
            unwanted_numbers=_sorted_codes(LongCode(number, state.numbers[number]) for number in listed if number in state.numbers),
            unwanted_tollfree=tuple(sorted(state.tollfree.intersection(desired.tollfree))),
            unwanted_shortcodes=tuple(sorted(state.shortcodes.intersection(desired.shortcodes))),
        )
    missing = []
    wrong = []
    for code in desired.numbers:
        if code.number not in state.numbers:
            missing.append(code)
        else:
            current = state.numbers[code.number]
            if current is not None and current != code.service:
                wrong.append(ServiceChange(code.number, current, code.service or DEFAULT_SERVICE))
    unwanted: dict[str, tuple[Any, ...]] = {NUMBERS: (), TOLLFREE: (), SHORTCODES: ()}
    if desired.purge:
        if NUMBERS in desired.given:
            listed = {code.number for code in desired.numbers}
            unwanted[NUMBERS] = tuple(code for code in state.long_codes() if code.number not in listed)
        if TOLLFREE in desired.given:
            unwanted[TOLLFREE] = tuple(sorted(state.tollfree.difference(desired.tollfree)))
        if SHORTCODES in desired.given:
            unwanted[SHORTCODES] = tuple(sorted(state.shortcodes.difference(desired.shortcodes)))
    return PoolDiff(
        missing_numbers=_sorted_codes(missing),
        wrong_service=tuple(sorted(wrong)),
        unwanted_numbers=unwanted[NUMBERS],
        missing_tollfree=tuple(sorted(set(desired.tollfree).difference(state.tollfree))),
        unwanted_tollfree=unwanted[TOLLFREE],
        missing_shortcodes=tuple(sorted(set(desired.shortcodes).difference(state.shortcodes))),
        unwanted_shortcodes=unwanted[SHORTCODES],
    )


@dataclasses.dataclass(frozen=True)
class PoolPlan:
    """The changes for one run. Every tuple is sorted by number.

    ``remove_numbers`` carry the service the pool has; ``add_numbers`` the service to add with.
    ``before``/``after`` are :meth:`PoolState.as_dict` of the current state and of the state
    after the steps.
    """

    add_numbers: tuple[LongCode, ...] = ()
    remove_numbers: tuple[LongCode, ...] = ()
    reassign_numbers: tuple[ServiceChange, ...] = ()
    add_tollfree: tuple[str, ...] = ()
    remove_tollfree: tuple[str, ...] = ()
    remove_shortcodes: tuple[str, ...] = ()
    unaddable_shortcodes: tuple[str, ...] = ()
    kind_conflicts: tuple[KindConflict, ...] = ()
    before: dict[str, list[Any]] = dataclasses.field(default_factory=dict)
    after: dict[str, list[Any]] = dataclasses.field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True when the plan has at least one step."""
        return bool(self.add_numbers or self.remove_numbers or self.reassign_numbers or self.add_tollfree or self.remove_tollfree or self.remove_shortcodes)

    @property
    def has_errors(self) -> bool:
        return bool(self.unaddable_shortcodes or self.kind_conflicts)

    def error_messages(self) -> list[str]:
        """One readable message per error item (empty when there is none)."""
        messages = [
            f"shortcodes: {code} is not in the pool and cannot be added: short codes are provisioned by Plivo "
            "and can only be listed and removed through the API"
            for code in self.unaddable_shortcodes
        ]
        messages.extend(conflict.message() for conflict in self.kind_conflicts)
        return messages

    def steps(self) -> list[Step]:
        """The API calls in order: removals, then service changes (remove + add), then additions."""
        steps = [Step(REMOVE, SHORTCODES, code) for code in self.remove_shortcodes]
        steps.extend(Step(REMOVE, TOLLFREE, number) for number in self.remove_tollfree)
        steps.extend(Step(REMOVE, NUMBERS, code.number) for code in self.remove_numbers)
        for change in self.reassign_numbers:
            steps.append(Step(REMOVE, NUMBERS, change.number, reassign=True))
            steps.append(Step(ADD, NUMBERS, change.number, change.desired, reassign=True))
        steps.extend(Step(ADD, NUMBERS, code.number, code.service or DEFAULT_SERVICE) for code in self.add_numbers)
        steps.extend(Step(ADD, TOLLFREE, number) for number in self.add_tollfree)
        return steps

    def as_dict(self) -> dict[str, Any]:
        """A summary for the module's result."""
        return {
            NUMBERS: {
                "add": [code.as_dict() for code in self.add_numbers],
                "remove": [code.as_dict() for code in self.remove_numbers],
                "reassign": [change.as_dict() for change in self.reassign_numbers],
            },
            TOLLFREE: {"add": list(self.add_tollfree), "remove": list(self.remove_tollfree)},
            SHORTCODES: {"remove": list(self.remove_shortcodes), "unaddable": list(self.unaddable_shortcodes)},
            "kind_conflicts": [conflict._asdict() for conflict in self.kind_conflicts],
        }


def _kind_conflicts(state: PoolState, desired: DesiredPool) -> tuple[KindConflict, ...]:
    conflicts = []
    for code in desired.numbers:
        if code.number not in state.numbers and code.number in state.tollfree:
            conflicts.append(KindConflict(code.number, NUMBERS, TOLLFREE))
    for number in desired.tollfree:
        if number not in state.tollfree and number in state.numbers:
            conflicts.append(KindConflict(number, TOLLFREE, NUMBERS))
    return tuple(sorted(conflicts))


def compute_plan(state: PoolState, desired: DesiredPool) -> PoolPlan:
    """Plan the steps from ``state`` to ``desired`` (see the module docstring for the semantics)."""
    diff = compare(state, desired)
    conflicts = _kind_conflicts(state, desired)
    blocked = {conflict.number for conflict in conflicts}
    plan = PoolPlan(
        add_numbers=tuple(code for code in diff.missing_numbers if code.number not in blocked),
        remove_numbers=tuple(code for code in diff.unwanted_numbers if code.number not in blocked),
        reassign_numbers=tuple(change for change in diff.wrong_service if change.number not in blocked),
        add_tollfree=tuple(number for number in diff.missing_tollfree if number not in blocked),
        remove_tollfree=tuple(number for number in diff.unwanted_tollfree if number not in blocked),
        remove_shortcodes=diff.unwanted_shortcodes,
        unaddable_shortcodes=diff.missing_shortcodes,
        kind_conflicts=conflicts,
        before=state.as_dict(),
    )
    return dataclasses.replace(plan, after=apply_plan(state, plan).as_dict())


def apply_plan(state: PoolState, plan: PoolPlan) -> PoolState:
    """Return the state after running ``plan.steps()`` on ``state`` (``state`` is not changed).

    Strict like the API: removing a member that is not there or adding one that is raises
    :class:`PoolPlanError`.
    """
    numbers = dict(state.numbers)
    members = {TOLLFREE: set(state.tollfree), SHORTCODES: set(state.shortcodes)}
    for step in plan.steps():
        is_member = step.member in (numbers if step.kind == NUMBERS else members[step.kind])
        if is_member == (step.action == ADD):
            raise PoolPlanError("cannot {} {} {}: it is {} the pool".format(step.action, step.kind, step.member, "already in" if is_member else "not in"))
        if step.kind == NUMBERS:
            if step.action == ADD:
                numbers[step.member] = step.service
            else:
                del numbers[step.member]
        elif step.action == ADD:
            members[step.kind].add(step.member)
        else:
            members[step.kind].discard(step.member)
    return PoolState(numbers, frozenset(members[TOLLFREE]), frozenset(members[SHORTCODES]))


def _api_number(item: Any, keys: tuple[str, ...], kind: str) -> str:
    if isinstance(item, str):
        value = item
    elif isinstance(item, Mapping):
        value = next((item[key] for key in keys if item.get(key) not in (None, "")), None)
    else:
        value = None
    if value is None:
        raise PoolPlanError("a {} item from the API has no {}: {!r}".format(kind, " or ".join(keys), item))
    text = str(value).strip()
    return text[1:] if text.startswith("+") else text


def _is_tollfree_type(item: Any) -> bool:
    if not isinstance(item, Mapping):
        return False
    kind = str(item.get("type") or "").lower().replace("-", "").replace("_", "")
    return kind == "tollfree"


def _api_service(item: Any) -> str | None:
    service = item.get("service") if isinstance(item, Mapping) else None
    if service is None or str(service).strip() == "":
        return None
    return str(service).strip().lower()


def pool_state_from_api(numbers: Iterable[Any] = (), tollfree: Iterable[Any] = (), shortcodes: Iterable[Any] = ()) -> PoolState:
    """Build a :class:`PoolState` from the ``objects`` of the three pool list endpoints.

    ``numbers``: items of ``GET NumberPool/{uuid}/Number/``; ``tollfree``: of ``.../Tollfree/``;
    ``shortcodes``: of ``.../Shortcode/``. Plain strings are accepted as items too. Raises
    :class:`PoolPlanError` for an item without a number.
    """
    long_codes: dict[str, str | None] = {}
    toll_free = set()
    for item in numbers:
        # A toll-free item, where the API lists them here, may spell its number `tollfree`.
        number = _api_number(item, ("number", "tollfree"), "number")
        if _is_tollfree_type(item):
            toll_free.add(number)
            continue
        service = _api_service(item)
        if number not in long_codes or _SERVICE_RANK.get(service, 1) > _SERVICE_RANK.get(long_codes[number], 1):
            long_codes[number] = service
    for item in tollfree:
        toll_free.add(_api_number(item, ("number", "tollfree"), "toll-free"))
    short_codes = frozenset(_api_number(item, ("shortcode", "short_code"), "short code") for item in shortcodes)
    for number in toll_free:
        long_codes.pop(number, None)
    return PoolState(long_codes, frozenset(toll_free), short_codes)
