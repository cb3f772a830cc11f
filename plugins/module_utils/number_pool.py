# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a Powerpack's number pool (endpoints 7-17) and the account's Number resource, and the pool's result shape.

Shared by the number_pool module and powerpack_info (include_numbers), so both return a pool the same way:
``{"uuid": ..., "numbers": [{"number", "service"}], "tollfree": [...], "shortcodes": [...]}``, every list sorted.
"""

from __future__ import annotations

from typing import Any, Iterable

from ansible_collections.plivo.messaging.plugins.module_utils.client import PlivoClient, build_path
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoApiError, PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils.identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import (
    KINDS,
    NUMBERS,
    SHORTCODES,
    TOLLFREE,
    PoolPlanError,
    PoolState,
    pool_state_from_api,
)
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import number_pool_uuid

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
    """The pool uuid of a Powerpack read from the API; PlivoError when the answer lacks a usable one."""
    pool_uuid = number_pool_uuid(powerpack.get("number_pool"))
    if pool_uuid is None:
        raise PlivoError("the API answered Powerpack {} without a number_pool path: {!r}".format(powerpack.get("uuid"), powerpack.get("number_pool")))
    return check_uuid(pool_uuid, "the number pool uuid of Powerpack {}".format(powerpack.get("uuid")))


def read_pool(client: PlivoClient, pool_uuid: str, kinds: Iterable[str] = KINDS) -> PoolState:
    """The pool's members of the given kinds, each list read page by page once; the other kinds read as empty."""
    kinds = tuple(kinds)
    items = {kind: list(client.paginate(pool_path(pool_uuid, kind))) if kind in kinds else [] for kind in KINDS}
    try:
        return pool_state_from_api(items[NUMBERS], items[TOLLFREE], items[SHORTCODES])
    except PoolPlanError as err:
        raise PlivoError(f"unexpected answer from the number pool {pool_uuid}: {err}") from None


def pool_result(pool_uuid: str | None, members: dict[str, list[Any]], kinds: Iterable[str] = KINDS) -> dict[str, Any]:
    """The result shape of a pool from PoolState.as_dict()-shaped members; a kind that was not read is None."""
    kinds = tuple(kinds)
    result: dict[str, Any] = dict(uuid=pool_uuid)
    for kind in KINDS:
        result[kind] = list(members.get(kind, [])) if kind in kinds else None
    return result


def describe_pool(client: PlivoClient, pool_uuid: str, kinds: Iterable[str] = KINDS) -> dict[str, Any] | None:
    """The pool's members of the given kinds (default all) in the result shape, one list read page by page per kind;
    a kind not read is None. None when the pool is gone (404)."""
    kinds = tuple(kinds)
    try:
        state = read_pool(client, check_uuid(pool_uuid, "the number pool uuid"), kinds)
    except PlivoApiError as err:
        if err.status == 404:
            return None
        raise
    return pool_result(pool_uuid, state.as_dict(), kinds)


def find_member(client: PlivoClient, pool_uuid: str, kind: str, member: str) -> dict[str, Any] | None:
    """The pool member (endpoints 8, 12, 16), or None when it is not in the pool."""
    return client.get(pool_path(pool_uuid, kind, member), missing_ok=True)


def rented_number(client: PlivoClient, number: str) -> dict[str, Any] | None:
    """The account's Number resource (200), or None when the account does not rent the number (404)."""
    return client.get(account_number_path(number), missing_ok=True)


def is_tollfree_number(resource: dict[str, Any]) -> bool | None:
    """Whether a Number resource is toll-free; None when it does not say (no number_type)."""
    number_type = resource.get("number_type")
    if not isinstance(number_type, str) or not number_type.strip():
        return None
    return number_type.strip().lower() in TOLLFREE_TYPES
