# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Number pools: reading their members (endpoints 6-17) and the account's numbers, the checks made before the first
write, the writes themselves, and the result shape of a pool.

This module_utils is private to the collection: its names may change in any release.

Shared by the number_pool module, powerpack_info and the powerpacks engine. Reads that do not depend on each other go
through the client's worker pool, side by side.
"""

from __future__ import annotations

from typing import Any
from typing import Iterable

from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils._client import build_path
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import international
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import ADD
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import KINDS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolPlanError
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import PoolState
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import Step
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import api_service
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import pool_state_from_api
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import list_powerpacks
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import number_pool_uuid

# The API resource of each kind of pool member, named like the module options.
RESOURCES = {NUMBERS: "Number", TOLLFREE: "Tollfree", SHORTCODES: "Shortcode"}
TOLLFREE_TYPES = ("tollfree", "toll-free", "toll_free")


def pool_path(pool_uuid: str, kind: str | None = None, member: str | None = None) -> str:
    """NumberPool/{pool}/, NumberPool/{pool}/{Number|Tollfree|Shortcode}/ or .../{member}/, every segment quoted."""
    segments = ["NumberPool", pool_uuid]
    if kind is not None:
        segments.append(RESOURCES[kind])
        if member is not None:
            segments.append(member)
    return build_path(*segments)


def account_number_path(number: str) -> str:
    """Number/{number}/: Plivo's Number API, the account_phone_number_resource of every pool item."""
    return build_path("Number", number)


def powerpack_pool_uuid(powerpack: dict[str, Any]) -> str:
    """The pool uuid of a raw Powerpack; PlivoError when the answer lacks a usable one."""
    pool_uuid = number_pool_uuid(powerpack.get("number_pool"))
    if pool_uuid is None:
        raise PlivoError(f"the API answered Powerpack {powerpack.get('uuid')} without a number_pool path: {powerpack.get('number_pool')!r}")
    return check_uuid(pool_uuid, f"the number pool uuid of Powerpack {powerpack.get('uuid')}")


def read_pool(client: PlivoClient, pool_uuid: str, kinds: Iterable[str] = KINDS) -> PoolState:
    """The pool's members of the given kinds (each list read whole, the lists side by side); other kinds read as empty."""
    wanted = tuple(kind for kind in KINDS if kind in tuple(kinds))
    lists = client.workers.map(lambda kind: client.list_all(pool_path(pool_uuid, kind)), wanted)
    items = dict(zip(wanted, lists))
    try:
        return pool_state_from_api(items.get(NUMBERS, []), items.get(TOLLFREE, []), items.get(SHORTCODES, []))
    except PoolPlanError as err:
        raise PoolPlanError(f"unexpected answer from the number pool {pool_uuid}: {err}") from None


def read_services(client: PlivoClient, pool_uuid: str, state: PoolState, numbers: list[str]) -> PoolState:
    """The state with the service of each of numbers read from the member itself (the list may not carry it)."""
    if not numbers:
        return state
    answers = client.workers.map(lambda number: client.get(pool_path(pool_uuid, NUMBERS, number), missing_ok=True), numbers)
    services = dict(state.numbers)
    for number, answer in zip(numbers, answers):
        if answer is not None and number in services:
            services[number] = api_service(answer)
    return PoolState(services, state.tollfree, state.shortcodes)


def pool_result(pool_uuid: str | None, members: dict[str, list[Any]], kinds: Iterable[str] = KINDS) -> dict[str, Any]:
    """The result shape of a pool from PoolState.as_dict() members; a kind that was not read is None."""
    kinds = tuple(kinds)
    result: dict[str, Any] = dict(uuid=pool_uuid)
    for kind in KINDS:
        result[kind] = list(members.get(kind, [])) if kind in kinds else None
    return result


def rented_numbers(client: PlivoClient, numbers: list[str]) -> dict[str, dict[str, Any] | None]:
    """The account's Number resource of each number (None when the account does not rent it), read side by side."""
    answers = client.workers.map(lambda number: client.get(account_number_path(number), missing_ok=True), numbers)
    return dict(zip(numbers, answers))


def is_tollfree_number(resource: dict[str, Any]) -> bool | None:
    """Whether a Number resource is toll-free; None when it does not say (no number_type)."""
    number_type = resource.get("number_type")
    if not isinstance(number_type, str) or not number_type.strip():
        return None
    return number_type.strip().lower() in TOLLFREE_TYPES


def rent_problems(
    additions: Iterable[Step], rented: dict[str, dict[str, Any] | None], rent: bool, where: str = ""
) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Before the first write: (problems, the long codes to rent, the numbers the account does not rent by kind).

    Every number to add must be rented by the account (long codes may be rented with rent=true; toll-free numbers
    cannot be rented through the pool API), and of the kind it is listed under, as the account's Number API says.
    """
    problems = []
    not_rented: dict[str, list[str]] = {NUMBERS: [], TOLLFREE: []}
    for step in additions:
        if step.kind not in not_rented or step.reassign:
            continue
        resource = rented.get(step.member)
        if resource is None:
            not_rented[step.kind].append(step.member)
        elif step.kind == NUMBERS and is_tollfree_number(resource) is True:
            problems.append(f"{where}numbers: the account's Number API says {step.member} is toll-free: list it under tollfree")
        elif step.kind == TOLLFREE and is_tollfree_number(resource) is False:
            problems.append(f"{where}tollfree: {step.member} is not a toll-free number (its type is {resource.get('number_type')}): list it under numbers")
    if not_rented[NUMBERS] and not rent:
        listing = ", ".join(not_rented[NUMBERS])
        pronoun = "them" if len(not_rented[NUMBERS]) > 1 else "it"
        problems.append(f"{where}numbers: the account does not rent {listing}: set rent: true to buy {pronoun} and add {pronoun} to the pool")
    if not_rented[TOLLFREE]:
        problems.append(
            f"{where}tollfree: the account does not rent {', '.join(not_rented[TOLLFREE])}: toll-free numbers cannot be rented through the "
            "number pool API (rent does not apply to them); rent them in the Plivo console first"
        )
    return problems, (list(not_rented[NUMBERS]) if rent else []), not_rented


def pool_holders(client: PlivoClient, numbers: Iterable[str], skip_pools: Iterable[str] = ()) -> dict[str, str]:
    """The name of the Powerpack whose pool holds each of numbers, among every Powerpack of the account except those
    whose pool is in skip_pools; numbers in no other pool are left out. Reads the Powerpack list and the long-code and
    toll-free lists of those pools, side by side."""
    wanted = set(numbers)
    if not wanted:
        return {}
    skip = set(skip_pools)
    owners = []
    for powerpack in list_powerpacks(client):
        pool_uuid = number_pool_uuid(powerpack.get("number_pool"))
        if pool_uuid is not None and pool_uuid not in skip:
            owners.append((str(powerpack.get("name")), check_uuid(pool_uuid, f"the number pool uuid of Powerpack {powerpack.get('uuid')}")))
    states = client.workers.map(lambda owner: read_pool(client, owner[1], (NUMBERS, TOLLFREE)), owners)
    holders: dict[str, str] = {}
    for (name, _pool), state in zip(owners, states):
        for number in wanted.intersection(state.numbers).union(wanted.intersection(state.tollfree)):
            holders.setdefault(number, name)
    return holders


def holder_problems(holders: dict[str, str], where: str = "") -> list[str]:
    return [
        f"{where}{international(number)} ({number}) is in the pool of the Powerpack {name!r}: a number is in one pool only; "
        "remove it there first (plivo.messaging.number_pool with state: absent, without unrent)"
        for number, name in sorted(holders.items())
    ]


def add_member(client: PlivoClient, pool_uuid: str, step: Step, rent: bool) -> None:
    path = pool_path(pool_uuid, step.kind, step.member)
    body: dict[str, Any] = {}
    if step.kind == NUMBERS:
        body["service"] = step.service
        if rent:
            body["rent"] = True
    try:
        client.post(path, body)
    except PlivoOutcomeUnknown:
        # The answer was lost: continue from what the API says, and send the addition once more only when needed.
        if client.get(path, missing_ok=True) is not None:
            return
        if rent and client.get(account_number_path(step.member), missing_ok=True) is not None:
            body.pop("rent")  # the lost request rented the number without adding it
        client.post(path, body)
    except PlivoApiError as err:
        # Refused: when the member is in this pool now (another run added it since the pool was read), it is done.
        if err.status != 400 or client.get(path, missing_ok=True) is None:
            raise


def remove_member(client: PlivoClient, pool_uuid: str, step: Step, unrent: bool) -> None:
    body = None if step.kind == SHORTCODES else {"unrent": unrent}
    # Deletes are retried by the client; a 404 then means an earlier attempt (or someone else) removed it.
    client.delete(pool_path(pool_uuid, step.kind, step.member), body, missing_ok=True)


def send_step(client: PlivoClient, pool_uuid: str, step: Step, to_rent: Iterable[str], unrent: bool) -> None:
    if step.action == ADD:
        add_member(client, pool_uuid, step, step.member in to_rent)
    else:
        remove_member(client, pool_uuid, step, unrent and step.unrent_allowed)


def changes_made(steps: Iterable[Step], state: PoolState, to_rent: Iterable[str], unrent: bool) -> dict[str, Any]:
    """added, removed, rented and unrented, from the steps that were (or in check mode would be) made."""
    to_rent = set(to_rent)
    added: dict[str, list[Any]] = {NUMBERS: [], TOLLFREE: []}
    removed: dict[str, list[Any]] = {NUMBERS: [], TOLLFREE: [], SHORTCODES: []}
    bought = []
    released = []
    for step in steps:
        if step.action == ADD:
            added[step.kind].append(dict(number=step.member, service=step.service) if step.kind == NUMBERS else step.member)
            if step.member in to_rent:
                bought.append(step.member)
            continue
        removed[step.kind].append(dict(number=step.member, service=state.numbers.get(step.member)) if step.kind == NUMBERS else step.member)
        if unrent and step.unrent_allowed:
            released.append(step.member)
    return dict(
        added={kind: _sorted(items) for kind, items in added.items()},
        removed={kind: _sorted(items) for kind, items in removed.items()},
        rented=sorted(bought),
        unrented=sorted(released),
    )


def _sorted(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item["number"] if isinstance(item, dict) else item)
