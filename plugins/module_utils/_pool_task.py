# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The number_pool module's run: read the pool, plan, check before the first write, apply, report.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoConflictError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import uuid_problem
from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import country_problem
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import normalize_country
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import read_pool_entries
from ansible_collections.plivo.messaging.plugins.module_utils._pool import changes_made
from ansible_collections.plivo.messaging.plugins.module_utils._pool import holder_problems
from ansible_collections.plivo.messaging.plugins.module_utils._pool import pool_holders
from ansible_collections.plivo.messaging.plugins.module_utils._pool import pool_result
from ansible_collections.plivo.messaging.plugins.module_utils._pool import powerpack_pool_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._pool import read_pool
from ansible_collections.plivo.messaging.plugins.module_utils._pool import read_services
from ansible_collections.plivo.messaging.plugins.module_utils._pool import rent_problems
from ansible_collections.plivo.messaging.plugins.module_utils._pool import rented_numbers
from ansible_collections.plivo.messaging.plugins.module_utils._pool_apply import apply_pool_steps
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import ABSENT
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import KINDS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PRESENT
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import DesiredPool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolPlan
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import plan_pool
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import unknown_services
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import find_powerpack_by_name
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import get_powerpack

ARGUMENT_SPEC = dict(
    powerpack=dict(type="str"),
    powerpack_uuid=dict(type="str"),
    number_pool_uuid=dict(type="str"),
    numbers=dict(type="list", elements="raw"),
    tollfree=dict(type="list", elements="raw"),
    shortcodes=dict(type="list", elements="raw"),
    default_country=dict(type="str"),
    state=dict(type="str", choices=[PRESENT, ABSENT], default=PRESENT),
    purge=dict(type="bool", default=False),
    rent=dict(type="bool", default=False),
    unrent=dict(type="bool", default=False),
)
# The ways to name the pool, exactly one per task.
IDENTITY_OPTIONS = ("powerpack", "powerpack_uuid", "number_pool_uuid")


def read_options(params: dict[str, Any]) -> tuple[DesiredPool, list[str]]:
    """The desired pool, and every problem of the options, each naming the option or entry."""
    problems = []
    name = params["powerpack"]
    if all(params.get(option) is None for option in IDENTITY_OPTIONS):
        # required_one_of counts an option given as null as set; the pool must still be named.
        problems.append("one of powerpack, powerpack_uuid or number_pool_uuid must be set to a value, not null: name the Powerpack whose pool is managed")
    if name is not None and not str(name).strip():
        problems.append("powerpack must not be empty: give the Powerpack's name, or use powerpack_uuid")
    for option in ("powerpack_uuid", "number_pool_uuid"):
        if params.get(option) is not None:
            problem = uuid_problem(params[option], option)
            if problem:
                problems.append(problem)
    state = params["state"]
    if params["purge"] and state == ABSENT:
        problems.append("purge applies to state=present only; with state=absent the listed members are removed and the others kept: remove purge")
    if params["rent"] and state == ABSENT:
        problems.append("rent buys numbers to add them to the pool: it applies to state=present only; remove rent")
    if params["unrent"] and state == PRESENT and not params["purge"]:
        problems.append(
            "unrent releases the numbers the task removes, and with state=present and purge=false it removes none: "
            "use state=absent or purge=true, or remove unrent"
        )
    country = params.get("default_country")
    if country is not None:
        problem = country_problem(country, "default_country")
        if problem:
            problems.append(problem)
            country = None
        else:
            country = normalize_country(country)
    entries, entry_problems = read_pool_entries(params["numbers"], params["tollfree"], params["shortcodes"], default_country=country)
    problems.extend(entry_problems)
    return DesiredPool(entries, state, bool(params["purge"]) and state == PRESENT), problems


class NumberPoolTask:
    def __init__(self, module: PlivoModule) -> None:
        self.module = module
        self.params = module.params

    def run(self) -> dict[str, Any]:
        desired, problems = read_options(self.params)
        self.module.validate(problems)
        self.client = self.module.client
        kinds = desired.kinds_to_read()
        pool_uuid = self.params.get("number_pool_uuid")
        if pool_uuid is None:
            powerpack = self.powerpack()
            if powerpack is None:
                return self.planned_for_new_powerpack(desired)
            pool_uuid = powerpack_pool_uuid(powerpack)
        state = self.read_pool(pool_uuid, kinds)
        state = read_services(self.client, pool_uuid, state, unknown_services(state, desired))
        plan = plan_pool(state, desired)
        self.warn_unknown_services(plan, desired)
        to_rent = self.check_before_writing(plan, pool_uuid)
        if not self.module.check_mode and plan.steps:
            apply_pool_steps(self.client, pool_uuid, plan, to_rent, self.params["unrent"])
        return self.result(pool_uuid, plan, to_rent, kinds)

    def result(self, pool_uuid: str | None, plan: PoolPlan, to_rent: list[str], kinds: tuple[str, ...]) -> dict[str, Any]:
        result = dict(changed=plan.changed, number_pool=pool_result(pool_uuid, plan.after.as_dict(), kinds))
        result.update(changes_made(plan.steps, plan.before, to_rent, self.params["unrent"]))
        if self.module.diff_mode:
            before, after = plan.before.as_dict(), plan.after.as_dict()
            result["diff"] = dict(before={kind: before[kind] for kind in KINDS if kind in kinds}, after={kind: after[kind] for kind in KINDS if kind in kinds})
        return result

    def powerpack(self) -> dict[str, Any] | None:
        uuid = self.params["powerpack_uuid"]
        if uuid is not None:
            found = get_powerpack(self.client, uuid)
            if found is None:
                raise PlivoError(f"there is no Powerpack with uuid {uuid}: create it with plivo.messaging.powerpack first")
            return found
        name = str(self.params["powerpack"])
        found = find_powerpack_by_name(self.client, name, "set powerpack_uuid to choose one")
        if found is None and not self.module.check_mode:
            raise PlivoError(f"there is no Powerpack named {name!r}: create it with plivo.messaging.powerpack first")
        return found

    def planned_for_new_powerpack(self, desired: DesiredPool) -> dict[str, Any]:
        """Check mode, and the Powerpack does not exist yet (an earlier task of the play would create it): its pool
        is new and empty, so the plan adds every listed member; the account's numbers are still checked."""
        self.module.warn(
            f"check mode: there is no Powerpack named {self.params['powerpack']!r} yet (an earlier task would create it), "
            "so its pool was planned as a new, empty pool"
        )
        plan = plan_pool(PoolState(), desired)
        to_rent = self.check_before_writing(plan, None)
        return self.result(None, plan, to_rent, desired.kinds_to_read() or desired.given)

    def read_pool(self, pool_uuid: str, kinds: tuple[str, ...]) -> PoolState:
        try:
            return read_pool(self.client, pool_uuid, kinds)
        except PlivoApiError as err:
            if err.status != 404 or self.params.get("number_pool_uuid") is None:
                raise
        raise PlivoError(f"there is no number pool with uuid {pool_uuid} (number_pool_uuid is the pool's uuid, not the Powerpack's)")

    def check_before_writing(self, plan: PoolPlan, pool_uuid: str | None) -> list[str]:
        """Every refusal the reads can foresee, before the first write; the long codes to rent."""
        problems = list(plan.problems)
        additions = [step for step in plan.additions() if not step.reassign]
        rented = rented_numbers(self.client, [step.member for step in additions])
        rent_issues, to_rent, not_rented = rent_problems(additions, rented, self.params["rent"])
        problems.extend(rent_issues)
        already_rented = [number for number, resource in rented.items() if resource is not None]
        if not problems and already_rented:
            problems.extend(holder_problems(pool_holders(self.client, already_rented, [pool_uuid] if pool_uuid else [])))
        if problems:
            raise PlivoConflictError("; ".join(problems), not_rented=not_rented)
        return to_rent

    def warn_unknown_services(self, plan: PoolPlan, desired: DesiredPool) -> None:
        unknown = list(unknown_services(plan.before, desired))
        if unknown:
            self.module.warn(
                f"numbers: the API reported no service for {', '.join(unknown)}, so the services listed for them could not be compared and were not changed"
            )


def run_number_pool(module: PlivoModule) -> dict[str, Any]:
    return NumberPoolTask(module).run()


MODULE_KWARGS: dict[str, Any] = dict(
    required_one_of=[IDENTITY_OPTIONS],
    mutually_exclusive=[IDENTITY_OPTIONS],
    supports_check_mode=True,
)
