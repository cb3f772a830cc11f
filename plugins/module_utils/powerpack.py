# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading Powerpacks (endpoints 1 and 2) and the result shape every module returns for one."""

from __future__ import annotations

from typing import Any, Callable

from ansible_collections.plivo.messaging.plugins.module_utils import number_priority
from ansible_collections.plivo.messaging.plugins.module_utils.client import PlivoClient, build_path
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoAmbiguousNameError

RESOURCE = "Powerpack"


def powerpack_path(uuid: str | None = None) -> str:
    """The path of the Powerpack list, or of one Powerpack (quoted); check the uuid with identifiers.check_uuid first."""
    return build_path(RESOURCE, uuid) if uuid is not None else build_path(RESOURCE)


def get_powerpack(client: PlivoClient, uuid: str) -> dict[str, Any] | None:
    """The Powerpack with this uuid (with number_priority), or None when the API answers 404."""
    return client.get(powerpack_path(uuid), missing_ok=True)


def list_powerpacks(client: PlivoClient) -> list[dict[str, Any]]:
    """Every Powerpack of the account, all pages. List items carry no number_priority."""
    return list(client.paginate(powerpack_path()))


def find_powerpacks_by_name(client: PlivoClient, name: str) -> list[dict[str, Any]]:
    """Powerpacks whose name is exactly name, reading pages only until the first page holding one.

    There is no server-side filter, so the list is paged; the page holding the first match is read whole,
    so a second Powerpack of that name on the same page (or an earlier one) is found as well.
    """
    for page in client.pages(powerpack_path()):
        matches = [item for item in page if isinstance(item, dict) and item.get("name") == name]
        if matches:
            return matches
    return []


def find_powerpack_by_name(client: PlivoClient, name: str) -> dict[str, Any] | None:
    """The one Powerpack called name, or None; PlivoAmbiguousNameError (listing the uuids) when several are."""
    matches = find_powerpacks_by_name(client, name)
    if len(matches) > 1:
        raise PlivoAmbiguousNameError("Powerpack", name, [str(item.get("uuid")) for item in matches])
    return matches[0] if matches else None


def lookup_powerpack(client: PlivoClient, uuid: str | None = None, name: str | None = None) -> dict[str, Any] | None:
    """The Powerpack identified by uuid when given (1 GET), otherwise by name (list pages up to the match)."""
    if uuid is not None:
        return get_powerpack(client, uuid)
    if name is not None:
        return find_powerpack_by_name(client, name)
    raise ValueError("lookup_powerpack needs a uuid or a name")


def number_pool_uuid(number_pool: Any) -> str | None:
    """The pool uuid from a Powerpack's number_pool, "/v1/Account/{auth_id}/NumberPool/{pool_uuid}/".

    The SDKs take segment 5 of split('/'); looking for the segment after "NumberPool" gives the same answer and
    also copes with a full URL or a missing leading slash.
    """
    if not isinstance(number_pool, str):
        return None
    segments = number_pool.split("/")
    for index, segment in enumerate(segments[:-1]):
        if segment == "NumberPool" and segments[index + 1]:
            return segments[index + 1]
    return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _application_type(value: Any) -> str | None:
    return str(value).lower() if value else None


def _application_id(value: Any) -> str | None:
    # The API reads "" for no application; "none" is how one is detached on write.
    if value is None or str(value) == "" or str(value).lower() == "none":
        return None
    return str(value)


# The whitelisted result shape: result key, field of the API object, how to read it.
_FIELDS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("uuid", "uuid", _text),
    ("name", "name", _text),
    ("sticky_sender", "sticky_sender", _flag),
    ("local_connect", "local_connect", _flag),
    ("application_type", "application_type", _application_type),
    ("application_id", "application_id", _application_id),
    ("number_pool_uuid", "number_pool", number_pool_uuid),
    ("number_priority", "number_priority", number_priority.from_api),
    ("created_on", "created_on", _text),
)

RESULT_KEYS = tuple(field[0] for field in _FIELDS)


def powerpack_result(raw: dict[str, Any] | None, fallback: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Powerpack as modules return it: only whitelisted keys, module-shaped values.

    A key whose field the API object lacks takes its value from fallback (a result-shaped dict), else None:
    list items lack number_priority, and an update's answer may be partial.
    """
    raw = raw or {}
    fallback = fallback or {}
    return {key: parse(raw[field]) if field in raw else fallback.get(key) for key, field, parse in _FIELDS}
