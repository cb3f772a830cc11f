# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The powerpacks engine: many Powerpacks and their pools converged by one module run.

This module_utils is private to the collection: its names may change in any release.

1. The whole input is checked before the first request (_planner.read_items).
2. Reads: the Powerpack list (its pages side by side), then only what must be compared (number priorities, member
   lists), side by side through the client's worker pool and rate limiter.
3. The plan (_planner.plan_account), then the checks that only the account can answer (rented numbers, numbers in
   other pools): every refusal is known before the first write.
4. Writes in an order that is safe for numbers moving between pools: creates and updates, then removals, then
   additions, then deletions; each phase side by side. A failure stops new writes and reports, per Powerpack, what
   was done and what is pending; a re-run completes it.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoConflictError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoPartialFailure
from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils._planner import CREATE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import DEFAULT_OPTIONS
from ansible_collections.plivo.messaging.plugins.module_utils._planner import DELETE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import ITEM_OPTIONS
from ansible_collections.plivo.messaging.plugins.module_utils._planner import NONE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import UPDATE
from ansible_collections.plivo.messaging.plugins.module_utils._planner import AccountPlan
from ansible_collections.plivo.messaging.plugins.module_utils._planner import Holder
from ansible_collections.plivo.messaging.plugins.module_utils._planner import PowerpackPlan
from ansible_collections.plivo.messaging.plugins.module_utils._planner import Snapshot
from ansible_collections.plivo.messaging.plugins.module_utils._planner import numbers_to_check
from ansible_collections.plivo.messaging.plugins.module_utils._planner import plan_account
from ansible_collections.plivo.messaging.plugins.module_utils._planner import read_items
from ansible_collections.plivo.messaging.plugins.module_utils._planner import reads_needed
from ansible_collections.plivo.messaging.plugins.module_utils._planner import settle_moves
from ansible_collections.plivo.messaging.plugins.module_utils._pool import changes_made
from ansible_collections.plivo.messaging.plugins.module_utils._pool import pool_path
from ansible_collections.plivo.messaging.plugins.module_utils._pool import pool_result
from ansible_collections.plivo.messaging.plugins.module_utils._pool import read_services
from ansible_collections.plivo.messaging.plugins.module_utils._pool import rent_problems
from ansible_collections.plivo.messaging.plugins.module_utils._pool import rented_numbers
from ansible_collections.plivo.messaging.plugins.module_utils._pool import send_step
from ansible_collections.plivo.messaging.plugins.module_utils._pool_apply import failure_result
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import KINDS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import Step
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import pool_state_from_api
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import unknown_services
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import OPTION_KEYS
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import create_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import delete_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import get_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import list_powerpacks
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import number_pool_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import planned_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import powerpack_result
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import read_again
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import unverified_warning
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import update_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._workers import run_phases

ARGUMENT_SPEC = dict(
    powerpacks=dict(type="list", elements="dict", required=True, options=ITEM_OPTIONS),
    defaults=dict(type="dict", options=DEFAULT_OPTIONS, apply_defaults=True),
    prune=dict(type="bool", default=False),
)
MODULE_KWARGS: dict[str, Any] = dict(supports_check_mode=True, item_lists=("powerpacks",))

TOTALS = (
    "created",
    "updated",
    "deleted",
    "unchanged",
    "numbers_added",
    "numbers_removed",
    "tollfree_added",
    "tollfree_removed",
    "shortcodes_removed",
    "rented",
    "unrented",
)


class Work:
    """One write of the run: a Powerpack's create, update or delete, or one step of its pool."""

    def __init__(self, plan: PowerpackPlan, step: Step | None = None) -> None:
        self.plan = plan
        self.step = step

    def describe(self) -> str:
        if self.step is None:
            return f"{self.plan.action} {self.plan.where}"
        return f"{self.step.describe()} of {self.plan.where}"


class Engine:
    def __init__(self, module: PlivoModule) -> None:
        self.module = module
        self.params = module.params

    def run(self) -> dict[str, Any]:
        items, problems = read_items(self.params["powerpacks"], self.params["defaults"] or {}, self.params["prune"])
        self.module.validate(problems)
        self.client: PlivoClient = self.module.client
        snapshot = self.snapshot = self.read(items)
        account = plan_account(items, snapshot, self.params["prune"])
        self.check_numbers(account, snapshot)
        if account.problems:
            raise PlivoConflictError("; ".join(account.problems), problems=account.problems)
        self.warn(account, snapshot)
        if not self.module.check_mode:
            self.apply(account)
        return self.result(account)

    # --- reads --------------------------------------------------------------------------------------------------

    def read(self, items: list[Any]) -> Snapshot:
        listed = list_powerpacks(self.client)
        details, kinds = reads_needed(items, listed)
        snapshot = Snapshot(listed)
        self.read_into(snapshot, details, kinds)
        pools = {str(raw.get("name")): number_pool_uuid(raw.get("number_pool")) for raw in listed}
        for desired in items:
            pool_uuid = pools.get(desired.name)
            if desired.pool is not None and pool_uuid in snapshot.pools:
                state = snapshot.pools[pool_uuid]
                snapshot.pools[pool_uuid] = read_services(self.client, pool_uuid, state, unknown_services(state, desired.pool))
        return snapshot

    def read_into(self, snapshot: Snapshot, details: list[str], kinds: dict[str, set[str]]) -> None:
        """Read the Powerpacks by uuid and the member lists by pool and kind, all side by side, into snapshot."""
        jobs: list[tuple[str, str, str]] = [("detail", uuid, "") for uuid in details]
        jobs += [("pool", pool_uuid, kind) for pool_uuid, wanted in kinds.items() for kind in KINDS if kind in wanted]

        def read(job: tuple[str, str, str]) -> Any:
            what, key, kind = job
            if what == "detail":
                return get_powerpack(self.client, key)
            return self.client.list_all(pool_path(key, kind))

        answers = self.client.workers.map(read, jobs)
        lists: dict[str, dict[str, list[Any]]] = {}
        for (what, key, kind), answer in zip(jobs, answers):
            if what == "detail":
                if answer is not None:
                    snapshot.details[key] = answer
            else:
                lists.setdefault(key, {})[kind] = answer
        for pool_uuid, members in lists.items():
            known = snapshot.pools.get(pool_uuid)
            state = pool_state_from_api(members.get(NUMBERS, []), members.get(TOLLFREE, []), members.get(SHORTCODES, []))
            if known is not None:  # merge with the kinds read before
                state = PoolState({**known.numbers, **state.numbers}, known.tollfree | state.tollfree, known.shortcodes | state.shortcodes)
            snapshot.pools[pool_uuid] = state
            snapshot.pool_kinds.setdefault(pool_uuid, set()).update(members)

    def check_numbers(self, account: AccountPlan, snapshot: Snapshot) -> None:
        """The checks only the account can answer, before the first write: is each number to add rented (and of its
        kind), and is it in another pool (then it moves, when that pool gives it up in this run)."""
        numbers = numbers_to_check(account)
        if not numbers:
            return
        rented = rented_numbers(self.client, numbers)
        for plan in account.plans:
            if plan.desired is None or not plan.additions():
                continue
            problems, plan.to_rent, _not_rented = rent_problems(plan.additions(), rented, plan.desired.rent, plan.where + ".")
            account.problems.extend(problems)
        in_account = [number for number in numbers if rented.get(number) is not None]
        if in_account:
            settle_moves(account, self.holders(in_account, snapshot))

    def holders(self, numbers: list[str], snapshot: Snapshot) -> dict[str, Holder]:
        """Which pool holds each of numbers: the pools read already, then the long-code and toll-free lists of every
        other pool of the account."""
        missing: dict[str, set[str]] = {}
        names = {}
        for raw in snapshot.listed:
            pool_uuid = number_pool_uuid(raw.get("number_pool"))
            if pool_uuid is None:
                continue
            names[pool_uuid] = str(raw.get("name"))
            unread = {NUMBERS, TOLLFREE} - snapshot.pool_kinds.get(pool_uuid, set())
            if unread:
                missing[pool_uuid] = unread
        self.read_into(snapshot, [], missing)
        wanted = set(numbers)
        holders: dict[str, Holder] = {}
        for pool_uuid, state in snapshot.pools.items():
            for number in wanted.intersection(state.numbers):
                holders[number] = Holder(pool_uuid, names.get(pool_uuid, pool_uuid), NUMBERS)
            for number in wanted.intersection(state.tollfree):
                holders[number] = Holder(pool_uuid, names.get(pool_uuid, pool_uuid), TOLLFREE)
        return holders

    def warn(self, account: AccountPlan, snapshot: Snapshot) -> None:
        for plan in account.plans:
            if plan.unverified:
                self.module.warn(unverified_warning(plan.name))
            if plan.desired is not None and plan.desired.pool is not None and plan.pool_uuid in snapshot.pools:
                unknown = unknown_services(snapshot.pools[plan.pool_uuid or ""], plan.desired.pool)
                if unknown:
                    self.module.warn(
                        f"{plan.where}: the API reported no service for {', '.join(unknown)}, so the services listed for them could not be compared "
                        "and were not changed"
                    )

    # --- writes -------------------------------------------------------------------------------------------------

    def apply(self, account: AccountPlan) -> None:
        plans = account.plans
        phases = (
            lambda: [Work(plan) for plan in plans if plan.action in (CREATE, UPDATE)],
            lambda: [Work(plan, step) for plan in plans for step in plan.removals()],
            lambda: [Work(plan, step) for plan in plans if plan.pool_uuid for step in plan.additions()],
            lambda: [Work(plan) for plan in plans if plan.action == DELETE],
        )
        report = run_phases(self.client.workers, phases, self.send)
        if report.failure is None:
            return
        message, result = failure_result(report)
        done: dict[int, list[Work]] = {}
        pending: dict[int, list[Work]] = {}
        for works, grouped in ((report.done, done), (report.not_done, pending)):
            for work in works:
                grouped.setdefault(id(work.plan), []).append(work)
        result.update(self.result(account, done=done, pending=pending))
        result["changed"] = bool(report.done) or isinstance(report.failure.error, PlivoOutcomeUnknown)
        progress = (
            f"{len(report.done)} change(s) were made and {len(report.not_done)} were not (see pending of each Powerpack)"
            if report.done
            else f"none of the {len(report.not_done)} changes was made"
        )
        raise PlivoPartialFailure(f"{report.failure.item.describe()} failed: {message}; {progress}: fix the cause if needed and run the task again", **result)

    def send(self, work: Work) -> None:
        plan = work.plan
        current = plan.current or {}
        if work.step is not None:
            unrent = bool(plan.desired and plan.desired.unrent)
            send_step(self.client, str(plan.pool_uuid), work.step, plan.to_rent, unrent)
        elif plan.action == CREATE:
            self.create(plan)
        elif plan.action == UPDATE and plan.desired is not None:
            answer = update_powerpack(self.client, current["uuid"], plan.changes, plan.desired.spec, rename=False)
            outcome = powerpack_result(answer, fallback=plan.after)
            if current["number_priority"] is None:
                outcome["number_priority"] = None  # not read before, so check mode could not have shown it either
            plan.outcome = outcome
        elif plan.action == DELETE:
            delete_powerpack(self.client, current["uuid"], plan.unrent_numbers)

    def create(self, plan: PowerpackPlan) -> None:
        if plan.desired is None:  # only items of the input are created
            return
        expected = plan.after
        raw, adopted = create_powerpack(self.client, plan.name, plan.changes)
        if adopted:
            if plan.desired.spec.number_priority:
                raw = read_again(self.client, str(raw.get("uuid")))
            remaining = planned_changes(powerpack_result(raw), plan.desired.spec, rename=False).values
            if remaining:
                raw = update_powerpack(self.client, str(raw.get("uuid")), remaining, plan.desired.spec, rename=False)
        created = powerpack_result(raw, fallback=expected)
        if created["number_pool_uuid"] is None and created["uuid"]:
            created = powerpack_result(read_again(self.client, created["uuid"]), fallback=created)
        if not plan.desired.spec.number_priority:
            created["number_priority"] = None
        plan.outcome, plan.pool_uuid = created, created["number_pool_uuid"]

    # --- result -------------------------------------------------------------------------------------------------

    def result(self, account: AccountPlan, done: dict[int, list[Work]] | None = None, pending: dict[int, list[Work]] | None = None) -> dict[str, Any]:
        entries = []
        diffs = []
        totals = dict.fromkeys(TOTALS, 0)
        for plan in account.plans:
            entry = self.entry(plan, done, pending)
            entries.append(entry)
            if done is None or self.own_work_done(plan, done):  # after a failure, only what was done counts
                totals[{CREATE: "created", UPDATE: "updated", DELETE: "deleted", NONE: "unchanged"}[plan.action]] += 1
            for kind, key in ((NUMBERS, "numbers"), (TOLLFREE, "tollfree"), (SHORTCODES, "shortcodes")):
                if kind != SHORTCODES:
                    totals[f"{key}_added"] += len(entry["added"].get(kind, []))
                totals[f"{key}_removed"] += len(entry["removed"].get(kind, []))
            totals["rented"] += len(entry["rented"])
            totals["unrented"] += len(entry["unrented"])
            if plan.changed:
                diffs.append(self.diff(plan))
        result: dict[str, Any] = dict(changed=any(plan.changed for plan in account.plans), powerpacks=entries, totals=totals)
        if self.module.diff_mode:
            result["diff"] = diffs
        return result

    @staticmethod
    def own_work_done(plan: PowerpackPlan, done: dict[int, list[Work]]) -> bool:
        """After a failure: whether the Powerpack's own create, update or delete (if it has one) was made."""
        return plan.action == NONE or any(work.step is None for work in done.get(id(plan), []))

    def entry(self, plan: PowerpackPlan, done: dict[int, list[Work]] | None, pending: dict[int, list[Work]] | None) -> dict[str, Any]:
        """One Powerpack of the result: as planned, or after a failure part-way (done given) as it is."""
        unrent = bool(plan.desired and plan.desired.unrent)
        steps = plan.removals() + plan.additions()
        state = "absent" if plan.action == DELETE or (plan.desired and plan.desired.state == "absent") else "present"
        powerpack = plan.current if plan.action == DELETE else plan.after or {}
        if done is not None:
            steps = [work.step for work in done.get(id(plan), []) if work.step is not None]
            if not self.own_work_done(plan, done):  # still as it was: absent (a create), or as read (an update, a delete)
                state = "absent" if plan.action == CREATE else "present"
                powerpack = {} if plan.action == CREATE else plan.current or {}
        # A Powerpack without a pool plan (deleted) may still give numbers up to other pools: their services are in
        # the snapshot, which read its pool to find them.
        before = plan.pool.before if plan.pool else self.snapshot.pools.get(plan.pool_uuid or "", PoolState())
        entry: dict[str, Any] = dict(
            name=plan.name,
            state=state,
            action=plan.action,
            uuid=(plan.after or plan.current or {}).get("uuid"),
            powerpack=powerpack,
            number_pool=self.pool_view(plan, None if done is None else steps),
        )
        entry.update(changes_made(steps, before, plan.to_rent, unrent))
        if plan.action == DELETE and plan.unrent_numbers and (done is None or self.own_work_done(plan, done)):
            # The delete releases every number left in the pool (read for this), but none of those moving elsewhere.
            held = self.snapshot.pools.get(plan.pool_uuid or "", PoolState())
            moving = {step.member for step in plan.moves_out}
            entry["unrented"] = sorted(set(held.numbers).union(held.tollfree).difference(moving))
        if pending is not None:
            left = pending.get(id(plan), [])
            left_steps = [work.step for work in left if work.step is not None]
            left_made = changes_made(left_steps, before, plan.to_rent, unrent)
            entry["pending"] = dict(
                powerpack=next((plan.action for work in left if work.step is None), None),
                add=left_made["added"],
                remove=left_made["removed"],
            )
        return entry

    @staticmethod
    def pool_view(plan: PowerpackPlan, steps: list[Step] | None = None) -> dict[str, Any] | None:
        """The pool once the plan is made, or once only steps are (after a failure part-way: the pool as it is)."""
        if plan.pool is None or plan.action == DELETE:
            return None
        given = plan.desired.pool.given if plan.desired and plan.desired.pool else ()
        after = plan.pool.after if steps is None else plan.pool.before.after(steps)
        return pool_result(plan.pool_uuid, after.as_dict(), given)

    @staticmethod
    def diff(plan: PowerpackPlan) -> dict[str, Any]:
        def view(powerpack: dict[str, Any] | None, pool: PoolState | None) -> dict[str, Any]:
            if powerpack is None:
                return dict(state="absent")
            shown = {key: powerpack.get(key) for key in OPTION_KEYS if key != "uuid"}
            shown["state"] = "present"
            if pool is not None and plan.desired is not None and plan.desired.pool is not None:
                members = pool.as_dict()
                shown.update((kind, members[kind]) for kind in plan.desired.pool.given)
            return shown

        before = view(plan.current, plan.pool.before if plan.pool else None)
        after = view(plan.after, plan.pool.after if plan.pool else None)
        if plan.current is not None and plan.current.get("number_priority") is None and after.get("state") == "present":
            after["number_priority"] = before.get("number_priority")  # not read: keep it out of the comparison
        return dict(before=before, after=after, before_header=f"Powerpack {plan.name}", after_header=f"Powerpack {plan.name}")


def run_powerpacks(module: PlivoModule) -> dict[str, Any]:
    return Engine(module).run()
