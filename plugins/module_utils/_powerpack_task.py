# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The powerpack module's run: read the Powerpack, work out the difference, apply it (unless in check mode).

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils import _number_priority as number_priority
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoConflictError
from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoError
from ansible_collections.plivo.messaging.plugins.module_utils._identifiers import uuid_problem
from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import create_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import create_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import delete_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import diff_view
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import find_powerpack_by_name
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import find_powerpacks_by_name
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import get_powerpack
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import planned_changes
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import powerpack_result
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import predicted
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import read_again
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import read_spec
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import unverified_warning
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack import update_powerpack

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
MODULE_KWARGS: dict[str, Any] = dict(required_one_of=[("name", "uuid")], supports_check_mode=True)


class PowerpackTask:
    def __init__(self, module: PlivoModule) -> None:
        self.module = module
        self.params = module.params

    def run(self) -> dict[str, Any]:
        self.spec, problems = read_spec(self.params)
        if self.params["name"] is None and self.params["uuid"] is None:
            # required_one_of counts an option given as null as set; the Powerpack must still be named.
            problems.append("one of name or uuid must be set to a value, not null: name the Powerpack, or give its uuid")
        if self.params["uuid"] is not None:
            problem = uuid_problem(self.params["uuid"])
            if problem:
                problems.append(problem)
        if self.params["unrent_numbers"] and self.params["state"] == "present":
            problems.append("unrent_numbers releases the pool's numbers when a Powerpack is deleted: use it only with state=absent")
        self.module.validate(problems)
        self.client = self.module.client
        if self.params["state"] == "absent":
            return self.absent()
        return self.present()

    def result(self, changed: bool, powerpack: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = dict(changed=changed, powerpack=powerpack)
        if self.module.diff_mode:
            result["diff"] = dict(before=before, after=after)
        return result

    def read(self) -> dict[str, Any] | None:
        if self.params["uuid"] is not None:
            return get_powerpack(self.client, self.params["uuid"])
        return find_powerpack_by_name(self.client, self.spec.name or "")

    def present(self) -> dict[str, Any]:
        raw = self.read()
        if raw is None:
            if self.params["uuid"] is not None:
                raise PlivoError(f"there is no Powerpack with uuid {self.params['uuid']}; a Powerpack is only created by name: remove uuid to create one")
            return self.create()
        return self.update(raw)

    def create(self) -> dict[str, Any]:
        changes = create_changes(self.spec)
        wanted = predicted(None, changes)
        if not self.spec.number_priority:
            wanted["number_priority"] = None  # Plivo's defaults for a new Powerpack cannot be known beforehand
        if self.module.check_mode:
            return self.result(True, wanted, dict(state="absent"), diff_view(wanted, "present"))
        raw, adopted = create_powerpack(self.client, self.spec.name or "", changes)
        if adopted:
            return self.update(raw, created=True)
        created = powerpack_result(raw, fallback=wanted)
        if not self.spec.number_priority:
            created["number_priority"] = None
        return self.result(True, created, dict(state="absent"), diff_view(created, "present"))

    def update(self, raw: dict[str, Any], created: bool = False) -> dict[str, Any]:
        """Bring the Powerpack raw (a list item when found by name) to what the task asks for."""
        if self.params["uuid"] is None and self.spec.number_priority:
            raw = read_again(self.client, str(raw["uuid"]))  # list items lack number_priority
        current = powerpack_result(raw)
        if created and current["number_priority"] is None and self.spec.number_priority:
            # The create whose answer was lost sent the task's number_priority, and the API does not report it: it
            # stands as sent, as for a create whose answer arrived (nothing to compare, so nothing to warn about).
            current["number_priority"] = number_priority.normalise(self.spec.number_priority)
        renames = self.params["uuid"] is not None
        changes = planned_changes(current, self.spec, rename=renames)
        if changes.unverified:
            self.module.warn(unverified_warning(current["name"]))
        before = dict(state="absent") if created else diff_view(current, "present")
        if not changes.values:
            return self.result(created, current, before, diff_view(current, "present"))
        if "name" in changes.values:
            self.refuse_taken_name(current["uuid"], changes.values["name"])
        after = predicted(current, changes.values)
        if not self.module.check_mode:
            after = powerpack_result(update_powerpack(self.client, current["uuid"], changes.values, self.spec, renames), fallback=after)
            if current["number_priority"] is None:
                after["number_priority"] = None  # not read before, so check mode could not have shown it either
        return self.result(True, after, before, diff_view(after, "present"))

    def refuse_taken_name(self, uuid: str, name: str) -> None:
        """A rename to a name another Powerpack carries would be refused by the API: say so before any write."""
        others = [item for item in find_powerpacks_by_name(self.client, name) if str(item.get("uuid")) != uuid]
        if others:
            raise PlivoConflictError(
                f"cannot rename Powerpack {uuid} to {name!r}: the Powerpack {others[0].get('uuid')} already carries that name "
                "(names are unique in an account): choose another name, or rename or delete that Powerpack first"
            )

    def absent(self) -> dict[str, Any]:
        raw = self.read()
        if raw is None:
            gone = dict(state="absent")
            return self.result(False, {}, gone, gone)
        current = powerpack_result(raw)
        name = self.spec.name
        if self.params["uuid"] is not None and name is not None and current["name"] != name:
            raise PlivoError(f"Powerpack {current['uuid']} is named {current['name']!r}, not {name!r}: fix name or leave it out")
        if not self.module.check_mode:
            delete_powerpack(self.client, current["uuid"], self.params["unrent_numbers"])
        after = dict(uuid=current["uuid"], name=current["name"], state="absent", unrent_numbers=self.params["unrent_numbers"])
        return self.result(True, current, diff_view(current, "present"), after)


def run_powerpack(module: PlivoModule) -> dict[str, Any]:
    return PowerpackTask(module).run()
