# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of the powerpack module: their spec, their checks, and the changes they ask of a Powerpack.

Shared by the module and by the plivo.messaging.powerpacks_plan filter, which tells the powerpacks role which
Powerpacks already match, so both judge a Powerpack with the same code.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils import number_priority
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError
from ansible_collections.plivo.messaging.plugins.module_utils.identifiers import check_uuid

NAME_MAX_LENGTH = 256

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    uuid=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    sticky_sender=dict(type="bool"),
    local_connect=dict(type="bool"),
    application_type=dict(type="str", choices=["xml", "phlo"]),
    application_id=dict(type="str"),
    number_priority=dict(
        type="list",
        elements="dict",
        options=dict(
            country_iso=dict(type="str", required=True),
            service_type=dict(type="str", required=True, choices=list(number_priority.SERVICE_TYPES)),
            priority=dict(type="list", elements="str", required=True, choices=list(number_priority.PRIORITY_VALUES)),
        ),
    ),
    unrent_numbers=dict(type="bool", default=False),
)


def detaches(application_id: str | None) -> bool:
    return application_id is not None and application_id.strip().lower() in ("", "none")


def check_options(params: dict[str, Any]) -> None:
    """Refuse contradictory or malformed options before any request, naming the option and the fix."""
    name = params["name"]
    if name is not None:
        if not name.strip():
            raise PlivoValidationError("name must not be empty: give the Powerpack's name, or use uuid")
        if len(name) > NAME_MAX_LENGTH:
            raise PlivoValidationError(f"name is {len(name)} characters long: use at most {NAME_MAX_LENGTH}")
    if params["uuid"] is not None:
        check_uuid(params["uuid"])
    if params["unrent_numbers"] and params["state"] == "present":
        raise PlivoValidationError("unrent_numbers releases the pool's numbers when a Powerpack is deleted: use it only with state=absent")
    application_id = params["application_id"]
    application_type = params["application_type"]
    if application_id is None and application_type is not None:
        raise PlivoValidationError(
            f"application_type needs application_id: set application_id to the id of the {application_type} application, or remove application_type"
        )
    if detaches(application_id) and application_type is not None:
        raise PlivoValidationError(
            "application_type must not be set when application_id is none or empty (that detaches the application): remove application_type"
        )
    if application_id is not None and not detaches(application_id) and application_type is None:
        raise PlivoValidationError("application_id needs application_type: set application_type to xml or phlo")
    number_priority.check_entries(params["number_priority"] or [])


def planned_changes(current: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The result-shaped values that differ from what the task asks for, only for the options it sets."""
    changes: dict[str, Any] = {}
    if params["name"] is not None and params["name"] != current["name"]:
        changes["name"] = params["name"]
    for flag in ("sticky_sender", "local_connect"):
        if params[flag] is not None and params[flag] != current[flag]:
            changes[flag] = params[flag]
    application_id = params["application_id"]
    if detaches(application_id):
        if current["application_id"] is not None or current["application_type"] is not None:
            changes.update(application_id=None, application_type=None)
    elif application_id is not None and (application_id, params["application_type"]) != (current["application_id"], current["application_type"]):
        changes.update(application_id=application_id, application_type=params["application_type"])
    if params["number_priority"]:
        have = current["number_priority"] or []
        merged = number_priority.merge(have, params["number_priority"])
        if merged != number_priority.normalise(have):
            changes["number_priority"] = merged
    return changes
