# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The powerpacks engine's decisions, without requests: the input of many Powerpacks checked as a whole, and the plan
that brings an account from what was read to what the input asks for.

This module_utils is private to the collection: its names may change in any release.

Every decision about one Powerpack or one pool is made by the same code as in the powerpack and number_pool modules
(_powerpack.planned_changes, _pool_plan.plan_pool); this module adds what only a whole account shows: duplicate names,
a number listed in two Powerpacks, numbers moving between pools, and the Powerpacks the input does not name (prune).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import country_problem
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import international
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import normalize_country
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import read_pool_entries
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import ABSENT
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import KIND_NAMES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PRESENT
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import REMOVE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import DesiredPool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolPlan
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import Step
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import plan_pool
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import PowerpackSpec
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import create_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import number_pool_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import planned_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import powerpack_result
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import predicted
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import read_spec

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
NONE = "none"

PRIORITY_ENTRY = dict(
    country_iso=dict(type="str", required=True),
    service_type=dict(type="str", required=True, choices=list(number_priority.SERVICE_TYPES)),
    priority=dict(type="list", elements="str", required=True, choices=list(number_priority.PRIORITY_VALUES)),
)
# One item of the engine's powerpacks option (and of the role's plivo_powerpacks).
ITEM_OPTIONS = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", choices=[PRESENT, ABSENT]),
    sticky_sender=dict(type="bool"),
    local_connect=dict(type="bool"),
    application_type=dict(type="str", choices=["xml", "phlo"]),
    application_id=dict(type="str"),
    number_priority=dict(type="list", elements="dict", options=PRIORITY_ENTRY),
    preset=dict(
        type="dict",
        options=dict(
            name=dict(type="str", required=True, choices=list(number_priority.PRESETS)),
            countries=dict(type="list", elements="str", required=True),
            services=dict(type="list", elements="str", choices=list(number_priority.SERVICE_TYPES)),
        ),
    ),
    numbers=dict(type="list", elements="raw"),
    tollfree=dict(type="list", elements="raw"),
    shortcodes=dict(type="list", elements="raw"),
    default_country=dict(type="str"),
    purge=dict(type="bool"),
    rent=dict(type="bool"),
    unrent=dict(type="bool"),
)
DEFAULT_OPTIONS = dict(
    state=dict(type="str", choices=[PRESENT, ABSENT], default=PRESENT),
    purge=dict(type="bool", default=False),
    rent=dict(type="bool", default=False),
    unrent=dict(type="bool", default=False),
    preset_services=dict(type="list", elements="str", choices=list(number_priority.SERVICE_TYPES), default=list(number_priority.SERVICE_TYPES)),
    default_country=dict(type="str"),
)
POOL_KEYS = (NUMBERS, TOLLFREE, SHORTCODES)


@dataclasses.dataclass(frozen=True)
class DesiredPowerpack:
    """One item of the input, read and checked, with the defaults applied."""

    index: int
    name: str
    state: str
    spec: PowerpackSpec
    pool: DesiredPool | None
    rent: bool
    unrent: bool

    @property
    def where(self) -> str:
        return f"powerpacks[{self.index}] ({self.name!r})"


def _given(item: Mapping[str, Any], key: str, defaults: Mapping[str, Any]) -> Any:
    value = item.get(key)
    return defaults.get(key) if value is None else value


def read_item(index: int, item: Mapping[str, Any], defaults: Mapping[str, Any]) -> tuple[DesiredPowerpack, list[str]]:
    name = str(item.get("name") or "")
    where = f"powerpacks[{index}] ({name!r})."
    problems = []
    options = dict(item)
    preset = item.get("preset")
    if preset is not None and item.get("number_priority") is not None:
        problems.append(f"{where}preset and number_priority are mutually exclusive: give one of them")
    elif preset is not None:
        services = preset.get("services") or defaults.get("preset_services") or list(number_priority.SERVICE_TYPES)
        countries = preset.get("countries") or []
        if not countries:
            problems.append(f"{where}preset.countries must list at least one country")
        country_problems = [country_problem(country, f"{where}preset.countries[{number}]") for number, country in enumerate(countries)]
        problems.extend(problem for problem in country_problems if problem)
        if not any(country_problems):
            options["number_priority"] = number_priority.expand_preset(preset["name"], countries, services)
    spec, spec_problems = read_spec(options, where)
    problems.extend(spec_problems)
    state = _given(item, "state", defaults) or PRESENT
    country = _given(item, "default_country", defaults)
    if country is not None:
        problem = country_problem(country, f"{where}default_country")
        if problem:
            problems.append(problem)
            country = None
        else:
            country = normalize_country(country)
    pool = None
    if any(item.get(key) is not None for key in POOL_KEYS):
        entries, entry_problems = read_pool_entries(item.get(NUMBERS), item.get(TOLLFREE), item.get(SHORTCODES), where, country)
        problems.extend(entry_problems)
        if state == PRESENT:
            pool = DesiredPool(entries, PRESENT, bool(_given(item, "purge", defaults)))
    desired = DesiredPowerpack(
        index=index,
        name=name,
        state=state,
        spec=spec,
        pool=pool,
        rent=bool(_given(item, "rent", defaults)),
        unrent=bool(_given(item, "unrent", defaults)),
    )
    return desired, problems


def read_items(powerpacks: list[Mapping[str, Any]], defaults: Mapping[str, Any], prune: bool) -> tuple[list[DesiredPowerpack], list[str]]:
    """Every item read and checked; every problem of the whole input, each naming its item and option."""
    items = []
    problems = []
    for index, item in enumerate(powerpacks):
        desired, item_problems = read_item(index, item, defaults)
        items.append(desired)
        problems.extend(item_problems)
    first: dict[str, DesiredPowerpack] = {}
    for desired in items:
        if desired.name in first:
            problems.append(f"{desired.where}: the name is also given to {first[desired.name].where}; give each Powerpack once")
        else:
            first[desired.name] = desired
    problems.extend(_listed_twice(items))
    if prune and not items:
        problems.append("prune with an empty powerpacks list would delete every Powerpack of the account: list the Powerpacks to keep")
    return items, problems


def _listed_twice(items: list[DesiredPowerpack]) -> list[str]:
    owner: dict[str, DesiredPowerpack] = {}
    problems = []
    for desired in items:
        if desired.pool is None:
            continue
        entries = desired.pool.entries
        members = [code.number for code in entries.numbers or ()] + list(entries.tollfree or ()) + list(entries.shortcodes or ())
        for member in members:
            if member in owner and owner[member] is not desired:
                problems.append(f"{desired.where}: {member} is also listed by {owner[member].where}; a number is in one pool only")
            owner.setdefault(member, desired)
    return problems


@dataclasses.dataclass
class Snapshot:
    """What the engine read: the Powerpack list, some Powerpacks by uuid, and pool member lists by pool and kind."""

    listed: list[dict[str, Any]]
    details: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    pools: dict[str, PoolState] = dataclasses.field(default_factory=dict)
    pool_kinds: dict[str, set[str]] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class PowerpackPlan:
    """What happens to one Powerpack: its action, its changes, its pool's plan, the moves out of its pool."""

    name: str
    action: str
    desired: DesiredPowerpack | None = None
    current: dict[str, Any] | None = None
    changes: dict[str, Any] = dataclasses.field(default_factory=dict)
    unverified: bool = False
    pool_uuid: str | None = None
    pool: PoolPlan | None = None
    moves_out: list[Step] = dataclasses.field(default_factory=list)
    to_rent: list[str] = dataclasses.field(default_factory=list)
    unrent_numbers: bool = False
    outcome: dict[str, Any] | None = None  # the Powerpack as the API answered the real run's write

    @property
    def where(self) -> str:
        return self.desired.where if self.desired is not None else f"Powerpack {self.name!r} (not listed, pruned)"

    @property
    def after(self) -> dict[str, Any] | None:
        """The Powerpack once the plan is made (result-shaped): as the API answered, or as predicted; None when absent."""
        if self.action == DELETE or (self.desired is not None and self.desired.state == ABSENT):
            return None
        if self.outcome is not None:
            return self.outcome
        after = predicted(self.current, self.changes)
        if self.action == CREATE and not (self.desired and self.desired.spec.number_priority):
            after["number_priority"] = None  # Plivo's defaults for a new Powerpack cannot be known beforehand
        return after

    def removals(self) -> list[Step]:
        return list(self.pool.removals() if self.pool else ()) + self.moves_out

    def gives_up(self, member: str) -> None:
        """Mark the pool's removal of member as a move: another pool of the run takes it, so it is never released."""
        if self.pool is not None:
            steps = tuple(
                step._replace(moves=True) if step.action == REMOVE and step.member == member and not step.reassign else step for step in self.pool.steps
            )
            self.pool = dataclasses.replace(self.pool, steps=steps)

    def additions(self) -> list[Step]:
        return list(self.pool.additions() if self.pool else ())

    @property
    def changed(self) -> bool:
        return self.action in (CREATE, UPDATE, DELETE) or bool(self.removals() or self.additions())


@dataclasses.dataclass
class AccountPlan:
    plans: list[PowerpackPlan]
    problems: list[str]


def _matches(listed: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_name: dict[str, list[dict[str, Any]]] = {}
    for raw in listed:
        by_name.setdefault(str(raw.get("name")), []).append(raw)
    return by_name


def reads_needed(items: list[DesiredPowerpack], listed: list[dict[str, Any]]) -> tuple[list[str], dict[str, set[str]]]:
    """The Powerpacks to read by uuid (to compare number_priority) and the member lists to read, by pool uuid."""
    by_name = _matches(listed)
    details = []
    kinds: dict[str, set[str]] = {}
    for desired in items:
        found = by_name.get(desired.name, [])
        if len(found) != 1:
            continue
        pool_uuid = number_pool_uuid(found[0].get("number_pool"))
        if desired.state != PRESENT:
            if desired.unrent and pool_uuid is not None:  # the numbers the delete releases, to report them
                kinds.setdefault(pool_uuid, set()).update((NUMBERS, TOLLFREE))
            continue
        if desired.spec.number_priority and "number_priority" not in found[0]:
            details.append(str(found[0].get("uuid")))
        if desired.pool is not None and pool_uuid is not None and desired.pool.kinds_to_read():
            kinds.setdefault(pool_uuid, set()).update(desired.pool.kinds_to_read())
    return details, kinds


def plan_account(items: list[DesiredPowerpack], snapshot: Snapshot, prune: bool) -> AccountPlan:
    """Plan every Powerpack against the snapshot; the problems found (ambiguous names, short codes that cannot be
    added, kind conflicts) are returned, not raised, so that all of them are reported at once."""
    by_name = _matches(snapshot.listed)
    plans = []
    problems = []
    for desired in items:
        found = by_name.get(desired.name, [])
        if len(found) > 1:
            uuids = ", ".join(sorted(str(raw.get("uuid")) for raw in found))
            problems.append(
                f"{desired.where}: {len(found)} Powerpacks of the account carry this name (uuids: {uuids}); "
                "rename all but one (by uuid, with plivo.messaging.powerpack)"
            )
            continue
        raw = found[0] if found else None
        if raw is not None and str(raw.get("uuid")) in snapshot.details:
            raw = snapshot.details[str(raw.get("uuid"))]
        plans.append(_plan_one(desired, raw, snapshot, problems))
    if prune:
        named = {desired.name for desired in items}
        for raw in snapshot.listed:
            if str(raw.get("name")) not in named:
                current = powerpack_result(raw)
                plans.append(PowerpackPlan(current["name"], DELETE, current=current, pool_uuid=current["number_pool_uuid"]))
    return AccountPlan(plans, problems)


def _plan_one(desired: DesiredPowerpack, raw: dict[str, Any] | None, snapshot: Snapshot, problems: list[str]) -> PowerpackPlan:
    if desired.state == ABSENT:
        if raw is None:
            return PowerpackPlan(desired.name, NONE, desired)
        current = powerpack_result(raw)
        return PowerpackPlan(desired.name, DELETE, desired, current, pool_uuid=current["number_pool_uuid"], unrent_numbers=desired.unrent)
    if raw is None:
        plan = PowerpackPlan(desired.name, CREATE, desired, changes=create_changes(desired.spec))
        state = PoolState()
    else:
        current = powerpack_result(raw)
        changes = planned_changes(current, desired.spec, rename=False)
        action = UPDATE if changes.values else NONE
        plan = PowerpackPlan(desired.name, action, desired, current, changes.values, changes.unverified, current["number_pool_uuid"])
        state = snapshot.pools.get(plan.pool_uuid or "", PoolState())
        if desired.pool is not None and plan.pool_uuid is None:
            problems.append(f"{desired.where}: the API answered the Powerpack {current['uuid']} without a number_pool path, so its pool cannot be managed")
    if desired.pool is not None:
        plan.pool = plan_pool(state, desired.pool)
        problems.extend(f"{desired.where}.{problem}" for problem in plan.pool.problems)
    return plan


def numbers_to_check(account: AccountPlan) -> list[str]:
    """The long codes and toll-free numbers to add (not service changes), whose rental the account must confirm."""
    return sorted({step.member for plan in account.plans for step in plan.additions() if step.kind in (NUMBERS, TOLLFREE) and not step.reassign})


class Holder(NamedTuple):
    """The pool that holds a number: its uuid, its Powerpack's name, and the kind it holds the number as."""

    pool_uuid: str
    name: str
    kind: str


def settle_moves(account: AccountPlan, holders: dict[str, Holder]) -> None:
    """Numbers to add that sit in another pool: a move when that pool gives them up in this run (its Powerpack is
    deleted, or purges them), a problem otherwise."""
    by_pool = {plan.pool_uuid: plan for plan in account.plans if plan.pool_uuid}
    leaving = {(plan.pool_uuid, step.member): plan for plan in account.plans for step in plan.removals() if not step.reassign}
    for plan in account.plans:
        for step in plan.additions():
            if step.reassign or step.member not in holders:
                continue
            pool_uuid, name, kind = holders[step.member]
            if pool_uuid == plan.pool_uuid:
                # The plan adds it, so its own pool holds it under the other kind, in a list the task did not read.
                account.problems.append(
                    f"{plan.where}: {international(step.member)} ({step.member}) is in its pool as {KIND_NAMES.get(kind, kind)}: list it under {kind}"
                )
                continue
            if (pool_uuid, step.member) in leaving:
                leaving[(pool_uuid, step.member)].gives_up(step.member)  # the pool purges it: never released, even with unrent
                continue
            giver = by_pool.get(pool_uuid)
            if giver is not None and giver.action == DELETE:
                giver.moves_out.append(Step(REMOVE, kind, step.member, moves=True))
                continue
            account.problems.append(
                f"{plan.where}: {international(step.member)} ({step.member}) is in the pool of the Powerpack {name!r}"
                + (
                    ", which keeps it (list it there no more and set purge, or delete that Powerpack)"
                    if giver is not None
                    else ", which this task does not manage"
                )
                + "; a number is in one pool only: remove it there first"
            )
