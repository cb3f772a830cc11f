# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The powerpack_info module's run: find the Powerpacks asked for, read what the task wants of them side by side,
and optionally export them as the input of the powerpacks module and role.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoApiError
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import uuid_problem
from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils._pool import pool_result
from ansible_collections.plivo.messaging.plugins.module_utils._pool import read_pool
from ansible_collections.plivo.messaging.plugins.module_utils._pool import read_services
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import KINDS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import NUMBERS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import SHORTCODES
from ansible_collections.plivo.messaging.plugins.module_utils._pool_plan import TOLLFREE
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import find_powerpacks_by_name
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import get_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import list_powerpacks
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import powerpack_result

ARGUMENT_SPEC = dict(
    uuid=dict(type="str"),
    name=dict(type="str"),
    names=dict(type="list", elements="str"),
    include_numbers=dict(type="bool", default=False),
    include_number_priority=dict(type="bool", default=True),
    number_kinds=dict(type="list", elements="str", choices=list(KINDS), default=list(KINDS)),
    export=dict(type="bool", default=False),
)
MODULE_KWARGS: dict[str, Any] = dict(mutually_exclusive=[("uuid", "name", "names")], supports_check_mode=True)


def matching_powerpacks(module: PlivoModule) -> list[dict[str, Any]]:
    """The raw Powerpacks the task asks for, as the API returned them, in the order of the API's list."""
    client = module.client
    params = module.params
    if params["uuid"] is not None:
        found = get_powerpack(client, params["uuid"])
        return [found] if found is not None else []
    if params["name"] is not None:
        return find_powerpacks_by_name(client, params["name"])
    if params["names"] is not None:
        if not params["names"]:
            return []  # nothing asked for: no request at all
        wanted = frozenset(params["names"])
        return [item for item in list_powerpacks(client) if isinstance(item.get("name"), str) and item["name"] in wanted]
    return list_powerpacks(client)


class InfoTask:
    def __init__(self, module: PlivoModule) -> None:
        self.module = module
        self.params = module.params
        self.export = bool(self.params["export"])
        self.with_priority = self.export or self.params["include_number_priority"]
        self.with_numbers = self.export or self.params["include_numbers"]
        self.kinds = KINDS if self.export else tuple(self.params["number_kinds"] or KINDS)

    def run(self) -> dict[str, Any]:
        problems = []
        if self.params["uuid"] is not None:
            problem = uuid_problem(self.params["uuid"])
            if problem:
                problems.append(problem)
        self.module.validate(problems)
        self.client = self.module.client
        found = matching_powerpacks(self.module)
        described = self.client.workers.map(self.describe, found)
        powerpacks = [powerpack for powerpack in described if powerpack is not None]
        result: dict[str, Any] = dict(changed=False, powerpacks=powerpacks)
        if self.export:
            result["plivo_powerpacks"] = [exported(powerpack) for powerpack in powerpacks]
        return result

    def describe(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        """One Powerpack in the result shape, read again by uuid when number_priority is wanted and missing (list
        items), with its pool when asked; None when it was deleted in the meantime."""
        if self.with_priority and "number_priority" not in raw and raw.get("uuid"):
            fresh = get_powerpack(self.client, check_uuid(str(raw["uuid"]), "the uuid in the Powerpack list"))
            if fresh is None:
                return None
            raw = fresh
        powerpack = powerpack_result(raw)
        if self.with_numbers:
            pool_uuid = powerpack["number_pool_uuid"]
            if pool_uuid is None:
                powerpack["number_pool"] = None
            else:
                try:
                    state = read_pool(self.client, check_uuid(pool_uuid, "the number pool uuid"), self.kinds)
                except PlivoApiError as err:
                    # A 404 of a member list is "absent" only when the Powerpack itself is gone too.
                    if err.status != 404 or get_powerpack(self.client, str(powerpack["uuid"])) is not None:
                        raise
                    return None
                if self.export:
                    # A list answer may not carry the service; the member's own answer does, and an export needs it.
                    unknown = [number for number, service in state.numbers.items() if service is None]
                    state = read_services(self.client, pool_uuid, state, unknown)
                powerpack["number_pool"] = pool_result(pool_uuid, state.as_dict(), self.kinds)
        return powerpack


def exported(powerpack: dict[str, Any]) -> dict[str, Any]:
    """A Powerpack read with every detail, as an item of the powerpacks module's and role's input.

    What the API did not report is left out, so it stays unmanaged; numbers are written in international form.
    """
    item: dict[str, Any] = dict(name=powerpack["name"])
    for flag in ("sticky_sender", "local_connect"):
        if powerpack[flag] is not None:
            item[flag] = powerpack[flag]
    if powerpack["application_id"] is not None:
        item.update(application_type=powerpack["application_type"], application_id=powerpack["application_id"])
    else:
        item["application_id"] = "none"
    entries = powerpack["number_priority"]
    if entries is not None:
        preset = number_priority.as_preset(entries)
        if preset is not None:
            item["preset"] = preset
        else:
            item["number_priority"] = entries
    pool = powerpack.get("number_pool")
    if pool:
        if pool.get(NUMBERS) is not None:
            item["numbers"] = [
                dict(number=f"+{code['number']}", service=code["service"]) if code["service"] else f"+{code['number']}" for code in pool[NUMBERS]
            ]
        if pool.get(TOLLFREE) is not None:
            item["tollfree"] = [f"+{number}" for number in pool[TOLLFREE]]
        if pool.get(SHORTCODES) is not None:
            item["shortcodes"] = list(pool[SHORTCODES])
    return item


def run_info(module: PlivoModule) -> dict[str, Any]:
    return InfoTask(module).run()
