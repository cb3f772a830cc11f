#!/usr/bin/python
# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: number_pool
short_description: Add and remove the long codes, toll-free numbers and short codes of a Plivo Powerpack's number pool
version_added: 0.1.0
description:
  - Manage the members of the number pool of a Plivo Powerpack, the numbers its messages are sent from.
    A pool holds long codes (O(numbers)), toll-free numbers (O(tollfree)) and short codes (O(shortcodes)).
  - Only the kinds of member the task lists are managed; a kind left out (not set) is neither read nor changed.
  - Numbers are compared in E.164 form without C(+), so V(+1 (415\) 555-0100), V(1-415-555-0100) and V(14155550100)
    are the same number. An entry that cannot be a phone number (or short code) fails the task before any request,
    naming the entry, for example C(numbers[3]).
  - Before the first write the module checks the entries, the short codes to add (they cannot be added), that the
    account rents every number to add and that each is listed under its kind; a task failing one of these checks
    changes nothing. A number in another Powerpack's pool is only refused by the API when it is added (see the notes).
  - The API has no way to change the service of a pool number; a long code listed with another service than it has
    in the pool is removed (never released) and added again with the listed service.
author:
  - plivo.messaging maintainers (@plivo-community)
options:
  powerpack:
    description:
      - Name of the Powerpack whose pool is managed (exact, case-sensitive).
      - The Powerpack list has no filter, so it is paged through up to the page that holds the name.
      - One of O(powerpack), O(powerpack_uuid) and O(number_pool_uuid) is required; they are mutually exclusive.
    type: str
  powerpack_uuid:
    description:
      - Uuid of the Powerpack whose pool is managed (see M(plivo.messaging.powerpack_info)); one request finds it.
      - This is the Powerpack's uuid, not the uuid of its number pool.
    type: str
  number_pool_uuid:
    description:
      - Uuid of the number pool itself, as RV(plivo.messaging.powerpack#module:powerpack.number_pool_uuid) and
        M(plivo.messaging.powerpack_info) return it; the Powerpack is then not read at all, which saves a request.
      - This is not the Powerpack's uuid. A pool uuid the account does not have fails the task when the pool is read.
    type: str
  numbers:
    description:
      - Long codes, each a number (a string such as V(+14155550100)) or a dictionary with the keys C(number) and
        C(service).
      - C(service) is V(sms) or V(mms) (default V(sms)); with O(state=absent) it is ignored.
      - An empty list with O(purge=true) removes every long code from the pool.
    type: list
    elements: raw
  tollfree:
    description:
      - Toll-free numbers, such as V(+18005550199).
      - A toll-free number must already be rented by the account; O(rent) does not apply to it.
    type: list
    elements: str
  shortcodes:
    description:
      - Short codes (3 to 8 digits), such as V(444444).
      - The API cannot add a short code to a pool (Plivo provisions them), so with O(state=present) a listed short
        code that is not in the pool fails the task; listing one that is there keeps it, which matters with O(purge).
      - Removing a short code only unlinks it from the pool; it is never released from the account, whatever
        O(unrent) says.
    type: list
    elements: str
  state:
    description:
      - V(present) makes sure the listed members are in the pool (and, with O(purge), that no other member of each
        listed kind is).
      - V(absent) makes sure the listed members are not in the pool; the other members are kept.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also remove the pool members of each kind the task lists that are not in its list.
        A kind not set in the task is never purged; an empty list (for example O(numbers=[])) purges the whole kind.
      - Must not be V(true) with O(state=absent).
    type: bool
    default: false
  rent:
    description:
      - Buy the listed long codes the account does not rent yet, and add them to the pool (Plivo charges for them).
      - When V(false), a listed long code the account does not rent fails the task before any change.
      - Toll-free numbers cannot be rented this way.
      - Must not be V(true) with O(state=absent).
    type: bool
    default: false
  unrent:
    description:
      - Also release every long code and toll-free number the task removes from the pool from the Plivo account.
      - B(THIS CANNOT BE UNDONE.) Released numbers are lost to the account and can be rented by anyone else; getting
        one back is not possible through the API.
      - When V(false), removed numbers stay rented by the account, outside any pool.
      - Short codes are only unlinked, never released. A long code removed and added again to change its service is
        never released.
      - Needs O(state=absent), or O(state=present) with O(purge=true); otherwise the task removes nothing.
    type: bool
    default: false
extends_documentation_fragment:
  - plivo.messaging.connection
  - plivo.messaging.attributes
attributes:
  check_mode:
    support: full
    details:
      - Sends no write request; reads the pool and checks that the numbers to add are rented, so it fails where
        the real run would fail before its first write, and returns what would be added, removed, rented and released.
  diff_mode:
    support: full
    details:
      - The sorted members of each kind the task lists, before and after.
  action_group:
    support: full
notes:
  - "Requests: one to find the Powerpack (by O(powerpack_uuid); by O(powerpack), one per page of the Powerpack list
    up to the match; none with O(number_pool_uuid)), one per page of 20 of each member list the task needs (long codes,
    toll-free numbers, short codes; a kind is read only when the task lists members of it, or sets it with O(purge=true)), one per number to
    add that is not in the pool to check that the account rents it (Plivo's C(Number) API), and one per member to
    add or remove. A task with nothing to change sends no write request."
  - Removals are sent first, then service changes, then additions. If a request fails half way, the task fails with
    what was done (RV(added), RV(removed), RV(rented), RV(unrented)) and what was not (RV(pending)); running the
    task again completes the rest.
  - If the answer to an addition is lost (a server error, a timeout, a broken connection), the module reads the pool
    member and sends the addition once more only when the member is not there, so a lost answer never adds twice.
    A removal that is retried and answered 404 counts as done.
  - A number can be in one pool only; adding a number that is in another Powerpack's pool fails with the API's
    message naming that Powerpack. Remove it there first (with O(state=absent), without O(unrent)).
seealso:
  - module: plivo.messaging.powerpack
  - module: plivo.messaging.powerpack_info
  - name: Plivo Powerpack API
    description: The number pool endpoints this module uses.
    link: https://docs.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
# Credentials from the environment variables PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.
- name: Make sure these numbers are in the pool of the Powerpack "notifications"
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+1 415 555 0101"
      - number: "+14155550102"
        service: mms
    tollfree:
      - "+18005550199"

- name: Make the long codes of the pool exactly these, keep its toll-free numbers and short codes
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+14155550101"
      - "+14155550102"
    purge: true

- name: Buy two numbers and add them
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+12125550143"
      - "+13105550178"
    rent: true

- name: Take a number out of the pool; it stays rented by the account
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+14155550102"
    state: absent

- name: Take a number out of the pool AND release it from the account (cannot be undone)
  plivo.messaging.number_pool:
    powerpack_uuid: 86bbb125-97bb-4d72-89fd-81d5c515b015
    numbers:
      - "+13105550178"
    state: absent
    unrent: true

- name: Unlink every short code from the pool
  plivo.messaging.number_pool:
    powerpack: notifications
    shortcodes: []
    purge: true

# Credentials set once for every module of the collection.
- name: Manage number pools
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ vault_plivo_auth_id }}"
      auth_token: "{{ vault_plivo_auth_token }}"
  tasks:
    - name: Preview the change
      plivo.messaging.number_pool:
        powerpack: notifications
        numbers: "{{ notification_numbers }}"
        purge: true
      check_mode: true
      diff: true
      register: preview

    - name: Show what would change
      ansible.builtin.debug:
        msg: "add {{ preview.added.numbers | map(attribute='number') }}, remove {{ preview.removed.numbers | map(attribute='number') }}"
"""

RETURN = r"""
number_pool:
  description:
    - The pool after the task; in check mode, as it would be.
    - A kind the task did not need to read is V(null).
  returned: success
  type: dict
  contains:
    uuid:
      description: Uuid of the number pool (not the Powerpack's uuid).
      type: str
      sample: 659c7f88-c819-46e2-8af4-2d8a84249099
    numbers:
      description: The long codes, sorted by number; C(service) is V(null) when the API did not report it.
      type: list
      elements: dict
      sample: [{"number": "14155550101", "service": "sms"}, {"number": "14155550102", "service": "mms"}]
    tollfree:
      description: The toll-free numbers, sorted.
      type: list
      elements: str
      sample: ["18005550199"]
    shortcodes:
      description: The short codes, sorted.
      type: list
      elements: str
      sample: ["444444"]
added:
  description:
    - The members added to the pool (in check mode, that would be), sorted. A long code whose service was changed is
      in RV(added) with its new service and in RV(removed) with its old one.
    - On a failure half way, what was added before the failure.
  returned: success, and on a failure after the first write
  type: dict
  contains:
    numbers:
      description: Long codes, with the service they were added with.
      type: list
      elements: dict
      sample: [{"number": "14155550102", "service": "sms"}]
    tollfree:
      description: Toll-free numbers.
      type: list
      elements: str
      sample: ["18885550142"]
removed:
  description:
    - The members removed from the pool (in check mode, that would be), sorted.
    - On a failure half way, what was removed before the failure.
  returned: success, and on a failure after the first write
  type: dict
  contains:
    numbers:
      description: Long codes, with the service they had in the pool.
      type: list
      elements: dict
      sample: [{"number": "12125550143", "service": "sms"}]
    tollfree:
      description: Toll-free numbers.
      type: list
      elements: str
      sample: []
    shortcodes:
      description: Short codes (only unlinked, never released).
      type: list
      elements: str
      sample: ["444444"]
rented:
  description: The long codes the account bought for the pool (O(rent=true)), sorted.
  returned: success, and on a failure after the first write
  type: list
  elements: str
  sample: ["13105550178"]
unrented:
  description: The numbers released from the account (O(unrent=true)), sorted. They are no longer the account's.
  returned: success, and on a failure after the first write
  type: list
  elements: str
  sample: ["12125550143"]
pending:
  description:
    - The changes that were not made because a request failed half way; the first is the one that failed.
      Running the task again makes them.
  returned: on a failure after the plan was made and the first write was attempted
  type: dict
  contains:
    add:
      description: What was still to be added, shaped like RV(added).
      type: dict
      sample: {"numbers": [{"number": "14155550107", "service": "sms"}], "tollfree": []}
    remove:
      description: What was still to be removed, shaped like RV(removed).
      type: dict
      sample: {"numbers": [], "tollfree": [], "shortcodes": []}
not_rented:
  description: The listed numbers the account does not rent, when that failed the task (nothing was changed).
  returned: on that failure
  type: dict
  contains:
    numbers:
      description: Long codes (set O(rent=true) to buy them).
      type: list
      elements: str
      sample: ["14155550177"]
    tollfree:
      description: Toll-free numbers (they cannot be rented through the pool API).
      type: list
      elements: str
      sample: []
"""

from typing import Any, Iterable

from ansible_collections.plivo.messaging.plugins.module_utils.errors import (
    PlivoAmbiguousNameError,
    PlivoApiError,
    PlivoError,
    PlivoOutcomeUnknown,
)
from ansible_collections.plivo.messaging.plugins.module_utils.number_pool import (
    find_member,
    is_tollfree_number,
    pool_path,
    pool_result,
    powerpack_pool_uuid,
    read_pool,
    rented_number,
)
from ansible_collections.plivo.messaging.plugins.module_utils.number_pool_options import (
    ARGUMENT_SPEC,
    IDENTITY_OPTIONS,
    NOTHING_CHANGED,
    check_options,
    kinds_to_read,
)
from ansible_collections.plivo.messaging.plugins.module_utils.plivo_module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import (
    ADD,
    KINDS,
    NUMBERS,
    SHORTCODES,
    TOLLFREE,
    PoolPlan,
    PoolState,
    Step,
    compute_plan,
)
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import lookup_powerpack


class TaskFailed(PlivoError):
    """A failure that carries result keys besides msg (what was done, what is pending ...)."""

    def __init__(self, msg: str, **result: Any) -> None:
        super().__init__(msg)
        self.result = result


def only(members: dict[str, Any], kinds: Iterable[str]) -> dict[str, Any]:
    """The diff view: the member lists of the kinds that were read."""
    return {kind: members[kind] for kind in KINDS if kind in kinds}


def _sorted_numbers(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda entry: entry["number"])


def changes_made(steps: Iterable[Step], state: PoolState, rented: frozenset, unrent: bool) -> dict[str, Any]:
    """added, removed, rented and unrented, from the steps that were (or in check mode would be) made."""
    added: dict[str, list[Any]] = {NUMBERS: [], TOLLFREE: []}
    removed: dict[str, list[Any]] = {NUMBERS: [], TOLLFREE: [], SHORTCODES: []}
    bought = []
    released = []
    for step in steps:
        if step.action == ADD:
            if step.kind == NUMBERS:
                added[NUMBERS].append(dict(number=step.member, service=step.service))
                if step.member in rented:
                    bought.append(step.member)
            else:
                added[step.kind].append(step.member)
            continue
        if step.kind == NUMBERS:
            removed[NUMBERS].append(dict(number=step.member, service=state.numbers.get(step.member)))
        else:
            removed[step.kind].append(step.member)
        if unrent and step.unrent_allowed:
            released.append(step.member)
    return dict(
        added={kind: _sorted_numbers(items) if kind == NUMBERS else sorted(items) for kind, items in added.items()},
        removed={kind: _sorted_numbers(items) if kind == NUMBERS else sorted(items) for kind, items in removed.items()},
        rented=sorted(bought),
        unrented=sorted(released),
    )


def describe_step(step: Step) -> str:
    if step.kind == NUMBERS and step.action == ADD:
        return f"add {step.kind} {step.member} (service {step.service})"
    return f"{step.action} {step.kind} {step.member}"


def _listing(numbers: list[str]) -> str:
    return ", ".join(numbers)


class NumberPoolTask:
    def __init__(self, module: PlivoModule) -> None:
        self.module = module
        self.params = module.params
        self.client = module.client

    def run(self) -> dict[str, Any]:
        desired = check_options(self.params)
        pool_uuid = self.params.get("number_pool_uuid")
        if pool_uuid is None:
            pool_uuid = powerpack_pool_uuid(self.powerpack())
        kinds = kinds_to_read(desired)
        state = self.read_pool(pool_uuid, kinds)
        plan = compute_plan(state, desired)
        if plan.has_errors:
            raise TaskFailed("; ".join(plan.error_messages()) + "; " + NOTHING_CHANGED)
        to_rent = self.rent_guard(plan)
        steps = plan.steps()
        if not self.module.check_mode:
            self.apply(pool_uuid, steps, state, to_rent)
        result = dict(changed=plan.changed, number_pool=pool_result(pool_uuid, plan.after, kinds))
        result.update(changes_made(steps, state, to_rent, self.params["unrent"]))
        if self.module.diff_mode:
            result["diff"] = dict(before=only(plan.before, kinds), after=only(plan.after, kinds))
        return result

    def read_pool(self, pool_uuid: str, kinds: tuple[str, ...]) -> PoolState:
        try:
            return read_pool(self.client, pool_uuid, kinds)
        except PlivoApiError as err:
            if err.status != 404 or self.params.get("number_pool_uuid") is None:
                raise
        raise PlivoError(f"there is no number pool with uuid {pool_uuid} (number_pool_uuid is the pool's uuid, not the Powerpack's); {NOTHING_CHANGED}")

    def powerpack(self) -> dict[str, Any]:
        uuid = self.params["powerpack_uuid"]
        name = self.params["powerpack"]
        try:
            found = lookup_powerpack(self.client, uuid=uuid, name=name)
        except PlivoAmbiguousNameError as err:
            uuids = err.uuids
        else:
            if found is None:
                what = f"with uuid {uuid}" if uuid is not None else f"named {name!r}"
                raise PlivoError(f"there is no Powerpack {what}: create it with plivo.messaging.powerpack first; {NOTHING_CHANGED}")
            return found
        raise PlivoError(
            "Powerpack name {!r} is not unique: {} Powerpacks carry it (uuids: {}); set powerpack_uuid to choose one; {}".format(
                name, len(uuids), ", ".join(uuids), NOTHING_CHANGED
            )
        )

    def rent_guard(self, plan: PoolPlan) -> frozenset:
        """Check, before any write, that every number to add is rented and of the listed kind; the long codes to rent."""
        not_rented: dict[str, list[str]] = {NUMBERS: [], TOLLFREE: []}
        problems = []
        for number in [code.number for code in plan.add_numbers]:
            resource = rented_number(self.client, number)
            if resource is None:
                not_rented[NUMBERS].append(number)
            elif is_tollfree_number(resource) is True:
                problems.append(f"numbers: {number} is a toll-free number: list it under tollfree")
        for number in plan.add_tollfree:
            resource = rented_number(self.client, number)
            if resource is None:
                not_rented[TOLLFREE].append(number)
            elif is_tollfree_number(resource) is False:
                problems.append("tollfree: {} is not a toll-free number (its type is {}): list it under numbers".format(number, resource.get("number_type")))
        if not_rented[NUMBERS] and not self.params["rent"]:
            problems.append(
                "numbers: the account does not rent {0}: set rent: true to buy {1} and add {1} to the pool".format(
                    _listing(not_rented[NUMBERS]), "them" if len(not_rented[NUMBERS]) > 1 else "it"
                )
            )
        if not_rented[TOLLFREE]:
            problems.append(
                f"tollfree: the account does not rent {_listing(not_rented[TOLLFREE])}: toll-free numbers cannot be rented through the number pool API "
                "(rent does not apply to them); rent them in the Plivo console first"
            )
        if problems:
            raise TaskFailed("; ".join(problems) + "; " + NOTHING_CHANGED, changed=False, not_rented=not_rented)
        return frozenset(not_rented[NUMBERS]) if self.params["rent"] else frozenset()

    def apply(self, pool_uuid: str, steps: list[Step], state: PoolState, to_rent: frozenset) -> None:
        """Send the steps in order; a failure raises TaskFailed with what was done and what is pending."""
        unrent = self.params["unrent"]
        for index, step in enumerate(steps):
            error = self.send(pool_uuid, step, step.member in to_rent, unrent and step.unrent_allowed)
            if error is None:
                continue
            done = changes_made(steps[:index], state, to_rent, unrent)
            pending = changes_made(steps[index:], state, to_rent, unrent)
            result = error.to_result() if isinstance(error, PlivoApiError) else dict(msg=str(error))
            if index == 0:
                progress = f"no step was done before it and {len(steps)} are pending (see pending)"
            else:
                progress = (
                    f"the pool was changed only in part: {index} step(s) were done (see added and removed) and {len(steps) - index} were not (see pending)"
                )
            msg = "step {} of {} failed ({}): {}; {}: fix the cause if needed and run the task again to complete them".format(
                index + 1, len(steps), describe_step(step), result.pop("msg"), progress
            )
            result.update(done)
            # A lost answer may have applied the failing step too.
            result.update(changed=index > 0 or isinstance(error, PlivoOutcomeUnknown), pending=dict(add=pending["added"], remove=pending["removed"]))
            raise TaskFailed(msg, **result)

    def send(self, pool_uuid: str, step: Step, rent: bool, unrent: bool) -> PlivoError | None:
        """Make one step; the error when it failed."""
        try:
            if step.action == ADD:
                self.add(pool_uuid, step, rent)
            else:
                self.remove(pool_uuid, step, unrent)
        except PlivoError as err:
            return err
        return None

    def add(self, pool_uuid: str, step: Step, rent: bool) -> None:
        path = pool_path(pool_uuid, step.kind, step.member)
        body: dict[str, Any] = {}
        if step.kind == NUMBERS:
            body["service"] = step.service
            if rent:
                body["rent"] = True
        try:
            self.client.post(path, body)
        except PlivoOutcomeUnknown:
            # The answer was lost: continue from what the API says, and send the addition once more only when needed.
            if find_member(self.client, pool_uuid, step.kind, step.member) is not None:
                return
            if rent and rented_number(self.client, step.member) is not None:
                body.pop("rent")  # the lost request rented the number without adding it
            self.client.post(path, body)

    def remove(self, pool_uuid: str, step: Step, unrent: bool) -> None:
        body = None if step.kind == SHORTCODES else {"unrent": unrent}
        # Deletes are retried by the client; a 404 then means an earlier attempt (or someone else) removed it.
        self.client.delete(pool_path(pool_uuid, step.kind, step.member), body, missing_ok=True)


def run_task(module: PlivoModule) -> dict[str, Any]:
    failure: TaskFailed | None = None
    result: dict[str, Any] = {}
    try:
        result = NumberPoolTask(module).run()
    except TaskFailed as err:
        failure = err
    if failure is not None:
        module.fail(str(failure), **failure.result)
    return result


def main() -> None:
    module = PlivoModule(
        argument_spec=ARGUMENT_SPEC,
        required_one_of=[IDENTITY_OPTIONS],
        mutually_exclusive=[IDENTITY_OPTIONS],
        supports_check_mode=True,
    )
    module.run(lambda: run_task(module))


if __name__ == "__main__":
    main()
