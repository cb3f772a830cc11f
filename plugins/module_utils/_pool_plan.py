# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan the changes that bring a Powerpack's number pool to the state a task asks for. Pure logic, no requests.

This module_utils is private to the collection: its names may change in any release.

The three kinds of pool members, named like the module options (``KINDS``): ``numbers`` (long codes, each with a
service, ``sms`` or ``mms``), ``tollfree`` (toll-free numbers) and ``shortcodes`` (short codes; the API can list,
find and remove them but cannot add one: Plivo provisions them).

Semantics
    ``state=present``: the listed members missing from the pool are added; with ``purge``, the pool members of each
    kind the task gives (the option was set, even to ``[]``) that are not listed are removed. Kinds the task does
    not give are never touched.
    ``state=absent``: the listed members that are in the pool are removed, from whichever kind the pool holds them
    as (a number the API files as toll-free while libphonenumber calls it a long code is still removed).

Services
    A long code listed without a service keeps the service it has in the pool; ``sms`` applies only when it is
    added. A long code listed with another service than it has is removed (never released) and added again with
    the listed one: the API has no update. A pool long code whose service is unknown (the API did not say) is never
    churned on a guess: the caller reads the member itself first (``unknown_services``).

Errors the plan reports instead of raising (``PoolPlan.problems``)
    short codes to add (present) that are not in the pool, and a number listed under one kind while the pool holds
    it as the other (present: it is never added under the wrong kind). The other steps are still planned; the
    caller fails before sending any of them.

Diff shape (``PoolState.as_dict()``): ``{'numbers': [{'number', 'service'}], 'tollfree': [...], 'shortcodes': [...]}``,
every list sorted by number: the shape of the options.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from typing import Iterable
from typing import NamedTuple

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import DEFAULT_SERVICE
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import LongCode
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import PoolEntries
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import digits_of_api_number

NUMBERS = "numbers"
TOLLFREE = "tollfree"
SHORTCODES = "shortcodes"
KINDS = (NUMBERS, TOLLFREE, SHORTCODES)

PRESENT = "present"
ABSENT = "absent"

ADD = "add"
REMOVE = "remove"

KIND_NAMES = {NUMBERS: "a long code (numbers)", TOLLFREE: "a toll-free number (tollfree)", SHORTCODES: "a short code (shortcodes)"}
_SERVICE_RANK = {None: 0, "sms": 1, "mms": 2}


class PoolPlanError(PlivoError):
    """An answer of the API that a pool state cannot be built from (a member without a number, a number twice)."""


class Step(NamedTuple):
    """One request of a plan. ``service``: the service to add a long code with. ``reassign``: half of a service change.
    ``moves``: the removal of a number that another pool of the same run takes."""

    action: str
    kind: str
    member: str
    service: str | None = None
    reassign: bool = False
    moves: bool = False

    @property
    def unrent_allowed(self) -> bool:
        """Only plain removals of long codes and toll-free numbers may release a number: never an add, a short code
        (only unlinked), the removal half of a service change (the number is added back) or a number that moves."""
        return self.action == REMOVE and self.kind != SHORTCODES and not self.reassign and not self.moves

    def describe(self) -> str:
        if self.kind == NUMBERS and self.action == ADD:
            return f"add numbers {self.member} (service {self.service})"
        return f"{self.action} {self.kind} {self.member}"


@dataclasses.dataclass(frozen=True)
class PoolState:
    """The members of a pool: ``numbers`` maps each long code to its service (None: the API did not say)."""

    numbers: dict[str, str | None] = dataclasses.field(default_factory=dict)
    tollfree: frozenset[str] = frozenset()
    shortcodes: frozenset[str] = frozenset()

    def long_codes(self) -> list[LongCode]:
        return sorted((LongCode(number, service) for number, service in self.numbers.items()), key=lambda code: code.number)

    def holds(self, member: str) -> str | None:
        """The kind the pool holds member as, or None."""
        if member in self.numbers:
            return NUMBERS
        if member in self.tollfree:
            return TOLLFREE
        if member in self.shortcodes:
            return SHORTCODES
        return None

    def as_dict(self) -> dict[str, list[Any]]:
        return {
            NUMBERS: [code.as_dict() for code in self.long_codes()],
            TOLLFREE: sorted(self.tollfree),
            SHORTCODES: sorted(self.shortcodes),
        }

    def after(self, steps: Iterable[Step]) -> PoolState:
        """The state once the steps are made (strict like the API: removing a member that is not there, or adding one
        that is, raises PoolPlanError)."""
        numbers = dict(self.numbers)
        members = {TOLLFREE: set(self.tollfree), SHORTCODES: set(self.shortcodes)}
        for step in steps:
            held = step.member in (numbers if step.kind == NUMBERS else members[step.kind])
            if held == (step.action == ADD):
                raise PoolPlanError(f"cannot {step.action} {step.kind} {step.member}: it is {'already in' if held else 'not in'} the pool")
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


@dataclasses.dataclass(frozen=True)
class DesiredPool:
    """The members a task lists (None for a kind it does not give), what to do with them, and whether to purge."""

    entries: PoolEntries
    state: str = PRESENT
    purge: bool = False

    @property
    def given(self) -> tuple[str, ...]:
        return tuple(kind for kind in KINDS if getattr(self.entries, kind) is not None)

    def kinds_to_read(self) -> tuple[str, ...]:
        """The member lists the task needs: a kind it lists members of, or sets (even to []) with purge; with
        state=absent both number kinds, so a number the API files under the other kind is still found."""
        listed = {kind for kind in self.given if getattr(self.entries, kind) or (self.purge and self.state == PRESENT)}
        if self.state == ABSENT and listed & {NUMBERS, TOLLFREE}:
            listed |= {NUMBERS, TOLLFREE}
        return tuple(kind for kind in KINDS if kind in listed)


@dataclasses.dataclass(frozen=True)
class PoolPlan:
    """The steps from ``before`` to ``after`` (removals first, then additions), and what makes the task impossible."""

    steps: tuple[Step, ...]
    before: PoolState
    after: PoolState
    problems: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.steps)

    def removals(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.action == REMOVE)

    def additions(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.action == ADD)


def unknown_services(state: PoolState, desired: DesiredPool) -> list[str]:
    """The listed long codes in the pool whose service the task sets but the API's list did not report."""
    if desired.state != PRESENT or desired.entries.numbers is None:
        return []
    return [code.number for code in desired.entries.numbers if code.service is not None and code.number in state.numbers and state.numbers[code.number] is None]


def plan_pool(state: PoolState, desired: DesiredPool) -> PoolPlan:
    """Plan the steps from state to desired (see the module docstring)."""
    if desired.state == ABSENT:
        return _plan_absent(state, desired)
    entries = desired.entries
    problems = []
    removals: list[Step] = []
    additions: list[Step] = []
    for code in entries.numbers or ():
        held = state.holds(code.number)
        if held == NUMBERS:
            current = state.numbers[code.number]
            if code.service is not None and current is not None and current != code.service:
                removals.append(Step(REMOVE, NUMBERS, code.number, reassign=True))
                additions.append(Step(ADD, NUMBERS, code.number, code.service, reassign=True))
        elif held is None:
            additions.append(Step(ADD, NUMBERS, code.number, code.service or DEFAULT_SERVICE))
        else:
            problems.append(_kind_conflict(code.number, NUMBERS, held))
    for number in entries.tollfree or ():
        held = state.holds(number)
        if held is None:
            additions.append(Step(ADD, TOLLFREE, number))
        elif held != TOLLFREE:
            problems.append(_kind_conflict(number, TOLLFREE, held))
    unaddable = sorted(code for code in entries.shortcodes or () if code not in state.shortcodes)
    if unaddable:
        problems.append(
            f"shortcodes: {', '.join(unaddable)} {'is' if len(unaddable) == 1 else 'are'} not in the pool, and the API cannot add a short code "
            "(Plivo provisions them): remove it from shortcodes, or ask Plivo to link it"
        )
    if desired.purge:
        if entries.numbers is not None:
            listed = {code.number for code in entries.numbers}
            removals.extend(Step(REMOVE, NUMBERS, code.number) for code in state.long_codes() if code.number not in listed)
        if entries.tollfree is not None:
            removals.extend(Step(REMOVE, TOLLFREE, number) for number in sorted(state.tollfree.difference(entries.tollfree)))
        if entries.shortcodes is not None:
            removals.extend(Step(REMOVE, SHORTCODES, code) for code in sorted(state.shortcodes.difference(entries.shortcodes)))
    return _plan(state, removals, additions, problems)


def _plan_absent(state: PoolState, desired: DesiredPool) -> PoolPlan:
    listed = [code.number for code in desired.entries.numbers or ()] + list(desired.entries.tollfree or ()) + list(desired.entries.shortcodes or ())
    removals = []
    for member in dict.fromkeys(listed):
        held = state.holds(member)
        if held is not None:
            removals.append(Step(REMOVE, held, member))
    return _plan(state, removals, [], [])


def _plan(state: PoolState, removals: list[Step], additions: list[Step], problems: list[str]) -> PoolPlan:
    order = {NUMBERS: 0, TOLLFREE: 1, SHORTCODES: 2}
    steps = tuple(sorted(removals, key=lambda step: (order[step.kind], step.member))) + tuple(
        sorted(additions, key=lambda step: (order[step.kind], step.member))
    )
    return PoolPlan(steps, state, state.after(steps), tuple(problems))


def _kind_conflict(number: str, listed_as: str, held_as: str) -> str:
    return f"{listed_as}: {number} is in the pool as {KIND_NAMES[held_as]}, not as {KIND_NAMES[listed_as]}; list it under {held_as}"


def _api_number(item: Any, keys: tuple[str, ...], kind: str) -> str:
    value = item if isinstance(item, str) else None
    if isinstance(item, Mapping):
        value = next((item[key] for key in keys if item.get(key) not in (None, "")), None)
    if value is None:
        raise PoolPlanError(f"a {kind} item from the API has no {' or '.join(keys)}: {item!r}")
    return digits_of_api_number(value)


def _is_tollfree_type(item: Any) -> bool:
    kind = str(item.get("type") or "") if isinstance(item, Mapping) else ""
    return kind.lower().replace("-", "").replace("_", "") == "tollfree"


def api_service(item: Any) -> str | None:
    """The service of a pool member answer, lower case; None when the answer does not carry one (unknown)."""
    service = item.get("service") if isinstance(item, Mapping) else None
    if service is None or str(service).strip() == "":
        return None
    return str(service).strip().lower()


def pool_state_from_api(numbers: Iterable[Any] = (), tollfree: Iterable[Any] = (), shortcodes: Iterable[Any] = ()) -> PoolState:
    """A PoolState from the objects of the three pool list endpoints.

    Items of the Number list whose type is toll-free, and every item of the Tollfree list, are toll-free members;
    a number never counts as both. A number listed twice keeps mms over sms over unknown. Toll-free items carry
    ``number`` (``tollfree`` in some SDK fixtures); short-code items carry ``shortcode``.
    """
    long_codes: dict[str, str | None] = {}
    toll_free = set()
    for item in numbers:
        number = _api_number(item, ("number", "tollfree"), "number")
        if _is_tollfree_type(item):
            toll_free.add(number)
            continue
        service = api_service(item)
        if number not in long_codes or _SERVICE_RANK.get(service, 1) > _SERVICE_RANK.get(long_codes[number], 1):
            long_codes[number] = service
    for item in tollfree:
        toll_free.add(_api_number(item, ("number", "tollfree"), "toll-free"))
    short_codes = frozenset(_api_number(item, ("shortcode", "short_code"), "short code") for item in shortcodes)
    for number in toll_free:
        long_codes.pop(number, None)
    return PoolState(long_codes, frozenset(toll_free), short_codes)
