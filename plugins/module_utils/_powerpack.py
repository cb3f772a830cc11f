# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Powerpacks: reading them (endpoints 1-2), what a task wants of one, what differs, and the writes (3-5).

This module_utils is private to the collection: its names may change in any release.

Shared by the powerpack module (one Powerpack) and the powerpacks engine (many), so both decide the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from typing import Callable

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.plugins.module_utils._client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils._client import build_path
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoAmbiguousNameError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import check_uuid

RESOURCE = "Powerpack"
NAME_MAX_LENGTH = 256
APPLICATION_TYPES = ("xml", "phlo")
# The documented defaults Plivo applies to a new Powerpack, used to predict one in check mode.
CREATE_DEFAULTS = dict(sticky_sender=True, local_connect=True)
# The keys of a Powerpack that are also options: the shape of a diff.
OPTION_KEYS = ("uuid", "name", "sticky_sender", "local_connect", "application_type", "application_id", "number_priority")


def powerpack_path(uuid: str | None = None) -> str:
    """The path of the Powerpack list, or of one Powerpack (quoted); check the uuid with check_uuid first."""
    return build_path(RESOURCE, uuid) if uuid is not None else build_path(RESOURCE)


def get_powerpack(client: PlivoClient, uuid: str) -> dict[str, Any] | None:
    """The Powerpack with this uuid, or None when the API answers that there is none."""
    return client.get(powerpack_path(uuid), missing_ok=True)


def list_powerpacks(client: PlivoClient) -> list[dict[str, Any]]:
    """Every Powerpack of the account (list items carry no number_priority)."""
    return [item for item in client.list_all(powerpack_path()) if isinstance(item, dict)]


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


def find_powerpack_by_name(client: PlivoClient, name: str, choose: str = "set uuid to choose one") -> dict[str, Any] | None:
    """The one Powerpack called name, or None; PlivoAmbiguousNameError (listing the uuids) when several are."""
    matches = find_powerpacks_by_name(client, name)
    if len(matches) > 1:
        raise PlivoAmbiguousNameError(name, [str(item.get("uuid")) for item in matches], choose)
    return matches[0] if matches else None


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
    return str(value).strip().lower() if value else None


def _application_id(value: Any) -> str | None:
    # The API reads "" for no application; "none" is how one is detached on write.
    text = "" if value is None else str(value).strip()
    return None if text in ("", "none") else text


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

    A key the API object lacks takes its value from fallback (a result-shaped dict), else None (unknown): list
    items lack number_priority, and most recorded get/create/update answers do too.
    """
    raw = raw or {}
    fallback = fallback or {}
    return {key: parse(raw[field]) if field in raw else fallback.get(key) for key, field, parse in _FIELDS}


def diff_view(powerpack: dict[str, Any], state: str) -> dict[str, Any]:
    view = {key: powerpack.get(key) for key in OPTION_KEYS}
    view["state"] = state
    return view


@dataclasses.dataclass(frozen=True)
class PowerpackSpec:
    """What a task wants of a Powerpack; None for what it does not manage. application_id "" detaches."""

    name: str | None = None
    sticky_sender: bool | None = None
    local_connect: bool | None = None
    application_id: str | None = None
    application_type: str | None = None
    number_priority: tuple[dict[str, Any], ...] | None = None

    @property
    def detaches(self) -> bool:
        return self.application_id == ""


def read_spec(options: Mapping[str, Any], where: str = "") -> tuple[PowerpackSpec, list[str]]:
    """The PowerpackSpec of module options (name, sticky_sender, local_connect, application_type, application_id,
    number_priority), and every problem of them, each naming the option (prefixed with where)."""
    problems = []
    name = options.get("name")
    if name is not None:
        name = str(name)
        if not name.strip():
            problems.append(f"{where}name must not be empty")
        elif len(name) > NAME_MAX_LENGTH:
            problems.append(f"{where}name is {len(name)} characters long: use at most {NAME_MAX_LENGTH}")
    application_id = options.get("application_id")
    application_type = options.get("application_type")
    if application_id is not None:
        application_id = str(application_id).strip()
        if application_id.lower() == "none":
            application_id = ""
    if application_type is not None:
        application_type = str(application_type).strip().lower()
        if application_type not in APPLICATION_TYPES:
            problems.append(f"{where}application_type must be one of {', '.join(APPLICATION_TYPES)}, got {options.get('application_type')!r}")
    if application_id is None and application_type is not None:
        problems.append(
            f"{where}application_type needs application_id: set application_id to the id of the {application_type} application, or remove application_type"
        )
    elif application_id == "" and application_type is not None:
        problems.append(
            f"{where}application_type must not be set when application_id is none or empty (that detaches the application): remove application_type"
        )
    elif application_id and application_type is None:
        problems.append(f"{where}application_id needs application_type: set application_type to xml or phlo")
    entries = options.get("number_priority")
    priority = None
    if entries is not None:
        entry_problems = number_priority.entries_problems(entries, f"{where}number_priority")
        problems.extend(entry_problems)
        if not entry_problems and entries:
            priority = tuple(number_priority.normalise(entries))
    spec = PowerpackSpec(
        name=name,
        sticky_sender=options.get("sticky_sender"),
        local_connect=options.get("local_connect"),
        application_id=application_id,
        application_type=application_type if application_id else None,
        number_priority=priority,
    )
    return spec, problems


@dataclasses.dataclass(frozen=True)
class Changes:
    """Result-shaped values that differ from what a task wants. ``unverified``: number_priority is wanted but the
    API did not report the Powerpack's, so it cannot be compared (it is then neither sent nor counted)."""

    values: dict[str, Any]
    unverified: bool = False


def planned_changes(current: dict[str, Any], spec: PowerpackSpec, rename: bool = True) -> Changes:
    """What differs between the result-shaped current Powerpack and spec, only for what spec manages."""
    changes: dict[str, Any] = {}
    if rename and spec.name is not None and spec.name != current["name"]:
        changes["name"] = spec.name
    for flag in ("sticky_sender", "local_connect"):
        wanted = getattr(spec, flag)
        if wanted is not None and wanted != current[flag]:
            changes[flag] = wanted
    if spec.detaches:
        if current["application_id"] is not None or current["application_type"] is not None:
            changes.update(application_id=None, application_type=None)
    elif spec.application_id is not None and (spec.application_id, spec.application_type) != (current["application_id"], current["application_type"]):
        changes.update(application_id=spec.application_id, application_type=spec.application_type)
    unverified = False
    if spec.number_priority:
        if current["number_priority"] is None:
            unverified = True
        else:
            merged = number_priority.merge(current["number_priority"], spec.number_priority)
            if merged != number_priority.normalise(current["number_priority"]):
                changes["number_priority"] = merged
    return Changes(changes, unverified)


def create_changes(spec: PowerpackSpec) -> dict[str, Any]:
    """The result-shaped values a create sets: everything spec manages."""
    changes = planned_changes(dict.fromkeys(RESULT_KEYS), spec).values
    if spec.number_priority:
        changes["number_priority"] = number_priority.normalise(spec.number_priority)
    return changes


def predicted(current: dict[str, Any] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """The result-shaped Powerpack once changes are applied to current (None: a new one, with Plivo's defaults)."""
    if current is None:
        current = powerpack_result(None)
        current.update(CREATE_DEFAULTS)
    return dict(current, **changes)


def request_body(changes: dict[str, Any]) -> dict[str, Any]:
    """The API body that applies result-shaped changes."""
    body: dict[str, Any] = {key: changes[key] for key in ("name", "sticky_sender", "local_connect") if key in changes}
    if "application_id" in changes:
        if changes["application_id"] is None:
            body["application_id"] = "none"
        else:
            body.update(application_id=changes["application_id"], application_type=changes["application_type"])
    if "number_priority" in changes:
        body["number_priority"] = number_priority.to_api(changes["number_priority"])
    return body


# What the API answers to a create whose name another Powerpack took (400 as documented for errors, 409 by some APIs).
REFUSED_CREATE_STATUSES = (400, 409)


def create_powerpack(client: PlivoClient, name: str, changes: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Create the Powerpack; (its raw answer, whether it was adopted) — a create whose answer was lost is looked up
    by name and adopted rather than sent again, so a lost answer never makes a duplicate."""
    body = request_body(changes)
    try:
        return client.post(powerpack_path(), body), False
    except PlivoOutcomeUnknown:
        adopted = find_powerpack_by_name(client, name)
        if adopted is not None:
            return adopted, True
        return client.post(powerpack_path(), body), False
    except PlivoApiError as err:
        # Refused (400 or 409): if another run created a Powerpack of this name since it was listed, that one is
        # adopted like a create whose answer was lost; otherwise the refusal stands.
        if err.status not in REFUSED_CREATE_STATUSES:
            raise
        adopted = find_powerpack_by_name(client, name)
        if adopted is None:
            raise
        return adopted, True


def read_again(client: PlivoClient, uuid: str) -> dict[str, Any]:
    raw = get_powerpack(client, check_uuid(uuid, "the uuid the API gave the Powerpack"))
    if raw is None:
        raise PlivoError(f"Powerpack {uuid} was deleted while this task was changing it")
    return raw


def update_powerpack(client: PlivoClient, uuid: str, changes: dict[str, Any], spec: PowerpackSpec, rename: bool = True) -> dict[str, Any]:
    """Send the changes; a lost answer is followed by a fresh read and only what still differs is sent, once."""
    try:
        return client.post(powerpack_path(uuid), request_body(changes))
    except PlivoOutcomeUnknown:
        raw = read_again(client, uuid)
        remaining = planned_changes(powerpack_result(raw), spec, rename).values
        if not remaining:
            return raw
        return client.post(powerpack_path(uuid), request_body(remaining))


def delete_powerpack(client: PlivoClient, uuid: str, unrent_numbers: bool) -> None:
    """Delete it; a retried delete answered 404 counts as done (an earlier attempt whose answer was lost did it)."""
    client.delete(powerpack_path(uuid), {"unrent_numbers": unrent_numbers}, missing_ok=True)


def unverified_warning(name: str) -> str:
    return (
        f"Powerpack {name!r}: the API did not report its number_priority, so it cannot be compared with the task's; "
        "it was not sent (number_priority is only sent when the module can compare it, or when it creates the Powerpack)"
    )
