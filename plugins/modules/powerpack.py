#!/usr/bin/python
# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: powerpack
short_description: Create, update and delete Plivo Powerpacks
version_added: 0.1.0
description:
  - Manage a Plivo Powerpack, the number pool that sends an account's messages with Sticky Sender, Local Connect,
    a number priority per country and service type, and optionally an attached XML or PHLO application.
  - The numbers of the pool are managed with other modules of this collection; deleting a Powerpack can release them
    (O(unrent_numbers)).
  - Only the options set in the task are managed. An option left out is neither compared nor sent, so a value changed
    outside Ansible is not reset to a default.
author:
  - plivo.messaging maintainers (@plivo-community)
options:
  name:
    description:
      - Name of the Powerpack, unique within the account (at most 256 characters).
      - Without O(uuid), identifies the Powerpack; matching is exact and case-sensitive.
      - With O(uuid), a different name renames the Powerpack.
      - With O(state=absent) and O(uuid), the Powerpack with that uuid is only deleted if its name is O(name).
      - One of O(name) and O(uuid) is required; creating a Powerpack needs O(name).
    type: str
  uuid:
    description:
      - The uuid of an existing Powerpack (see M(plivo.messaging.powerpack_info)).
      - When set, the module never creates a Powerpack; it fails if there is none with this uuid and O(state=present).
      - Set it when several Powerpacks share a name.
    type: str
  state:
    description:
      - V(present) creates the Powerpack or updates the options set in the task.
      - V(absent) deletes it; the options that configure a Powerpack are then ignored.
    type: str
    choices: [present, absent]
    default: present
  sticky_sender:
    description:
      - Whether messages to a destination number are always sent from the same source number.
      - Plivo enables it for a new Powerpack when not set.
    type: bool
  local_connect:
    description:
      - Whether local numbers (matched on area code and state) are preferred over the other numbers of the pool.
      - Plivo enables it for a new Powerpack when not set.
    type: bool
  application_type:
    description:
      - Type of the application with O(application_id).
      - Required when O(application_id) names an application; must not be set when it is V(none).
    type: str
    choices: [xml, phlo]
  application_id:
    description:
      - ID of the XML or PHLO application of the numbers of this Powerpack.
      - V(none) or an empty string detaches the application.
    type: str
  number_priority:
    description:
      - Which kind of number to send from first, per destination country and service type.
      - Entries are matched by O(number_priority[].country_iso) and O(number_priority[].service_type) (case-insensitively).
        An entry replaces the Powerpack's entry of the same country and service type; entries of the Powerpack for
        countries and service types not listed here are kept, so an empty list changes nothing.
    type: list
    elements: dict
    suboptions:
      country_iso:
        description: ISO 3166-1 alpha-2 country code, such as V(US) or V(CA) (case-insensitive).
        type: str
        required: true
      service_type:
        description: The message service this priority applies to.
        type: str
        required: true
        choices: [sms, mms]
      priority:
        description:
          - The three kinds of number, each exactly once, most preferred first.
        type: list
        elements: str
        required: true
        choices: [longcode, shortcode, tollfree]
  unrent_numbers:
    description:
      - With O(state=absent), also release every number of the Powerpack's pool from the Plivo account.
      - B(This cannot be undone.) Released numbers are lost to the account and may be rented by someone else.
      - When V(false), the numbers stay rented by the account, outside any Powerpack.
      - Must not be V(true) with O(state=present).
    type: bool
    default: false
extends_documentation_fragment:
  - plivo.messaging.connection
  - plivo.messaging.attributes
attributes:
  check_mode:
    support: full
    details: Sends no write request; returns the Powerpack as it would be (a new one has O(uuid) V(null)).
  diff_mode:
    support: full
  action_group:
    support: full
notes:
  - The Powerpack list has no server-side filter, so finding a Powerpack by O(name) pages through the list and stops at
    the first page that holds the name. If that page (or an earlier one) holds two Powerpacks of that name, the task fails
    listing their uuids; set O(uuid) to choose one.
  - The list does not return C(number_priority); the Powerpack is read again by uuid only when the task sets
    O(number_priority) (or identifies the Powerpack by O(uuid)).
  - If the answer to a create is lost (a server error, a timeout, a broken connection), the module looks the Powerpack up
    by name and adopts it if it was created, so it never creates a duplicate. A lost update is followed by a fresh read,
    and only what still differs is sent again, once.
seealso:
  - module: plivo.messaging.powerpack_info
  - name: Plivo Powerpack API
    description: The API this module uses.
    link: https://docs.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
# Credentials from the environment variables PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.
- name: Create or update a Powerpack
  plivo.messaging.powerpack:
    name: notifications
    sticky_sender: true
    local_connect: false
    number_priority:
      - country_iso: US
        service_type: sms
        priority: [shortcode, tollfree, longcode]
      - country_iso: CA
        service_type: sms
        priority: [longcode, tollfree, shortcode]
  register: result

- name: Attach an XML application
  plivo.messaging.powerpack:
    name: notifications
    application_type: xml
    application_id: "20342783288007824"

- name: Detach the application
  plivo.messaging.powerpack:
    name: notifications
    application_id: none

- name: Rename a Powerpack, identified by its uuid
  plivo.messaging.powerpack:
    uuid: "{{ result.powerpack.uuid }}"
    name: alerts

- name: Delete a Powerpack; its numbers stay rented by the account
  plivo.messaging.powerpack:
    name: alerts
    state: absent

- name: Delete a Powerpack AND release all its numbers (cannot be undone)
  plivo.messaging.powerpack:
    uuid: "{{ result.powerpack.uuid }}"
    state: absent
    unrent_numbers: true

# Credentials set once for every module of the collection.
- name: Manage Powerpacks
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ vault_plivo_auth_id }}"
      auth_token: "{{ vault_plivo_auth_token }}"
  tasks:
    - name: Ensure the Powerpack exists
      plivo.messaging.powerpack:
        name: notifications
"""

RETURN = r"""
powerpack:
  description:
    - The Powerpack after the task; in check mode, as it would be.
    - After a delete, the Powerpack as it was; V({}) when there was none.
  returned: always
  type: dict
  contains:
    uuid:
      description: Identifier of the Powerpack; V(null) for one that check mode would create.
      type: str
      sample: 86bbb125-97bb-4d72-89fd-81d5c515b015
    name:
      description: Name of the Powerpack.
      type: str
      sample: notifications
    sticky_sender:
      description: Whether Sticky Sender is enabled.
      type: bool
      sample: true
    local_connect:
      description: Whether Local Connect is enabled.
      type: bool
      sample: false
    application_type:
      description: Type of the attached application, lower case (V(xml) or V(phlo)); V(null) when none is attached.
      type: str
      sample: xml
    application_id:
      description: ID of the attached application; V(null) when none is attached.
      type: str
      sample: "33660394121755210"
    number_pool_uuid:
      description:
        - Uuid of the Powerpack's number pool (not the Powerpack's uuid); V(null) for one that check mode would create.
      type: str
      sample: 659c7f88-c819-46e2-8af4-2d8a84249099
    number_priority:
      description:
        - The number priority entries, in the shape of the O(number_priority) option, sorted by country and service type.
        - V(null) when it was not read; the Powerpack list omits it, so it is only read when the task sets
          O(number_priority) or identifies the Powerpack by O(uuid).
      type: list
      elements: dict
      contains:
        country_iso:
          description: Country code, upper case.
          type: str
          sample: US
        service_type:
          description: V(sms) or V(mms).
          type: str
          sample: sms
        priority:
          description: The kinds of number, most preferred first.
          type: list
          elements: str
          sample: [shortcode, tollfree, longcode]
    created_on:
      description: When the Powerpack was created (UTC); V(null) for one that check mode would create.
      type: str
      sample: "2019-09-03T08:50:09.510692Z"
"""

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils import number_priority
from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoError, PlivoOutcomeUnknown
from ansible_collections.plivo.messaging.plugins.module_utils.plivo_module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import (
    find_powerpack_by_name,
    get_powerpack,
    powerpack_path,
    powerpack_result,
)
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack_options import ARGUMENT_SPEC, check_options, planned_changes

# The documented defaults Plivo applies to a new Powerpack, used to predict one in check mode.
CREATE_DEFAULTS = dict(sticky_sender=True, local_connect=True)

# The keys of a Powerpack that are also options: the shape of the diff.
OPTION_KEYS = ("uuid", "name", "sticky_sender", "local_connect", "application_type", "application_id", "number_priority")


def diff_view(powerpack: dict[str, Any], state: str) -> dict[str, Any]:
    view = {key: powerpack.get(key) for key in OPTION_KEYS}
    view["state"] = state
    return view


def request_body(changes: dict[str, Any]) -> dict[str, Any]:
    """The API body that applies result-shaped changes."""
    body = {key: changes[key] for key in ("name", "sticky_sender", "local_connect") if key in changes}
    if "application_id" in changes:
        if changes["application_id"] is None:
            body["application_id"] = "none"
        else:
            body.update(application_id=changes["application_id"], application_type=changes["application_type"])
    if "number_priority" in changes:
        body["number_priority"] = number_priority.to_api(changes["number_priority"])
    return body


class PowerpackTask:
    """One run of the module: read the Powerpack, work out the difference, apply it (unless in check mode)."""

    def __init__(self, module: PlivoModule) -> None:
        self.module = module
        self.params = module.params
        self.client = module.client

    def run(self) -> dict[str, Any]:
        check_options(self.params)
        if self.params["state"] == "absent":
            return self.absent()
        return self.present()

    @property
    def manages_priority(self) -> bool:
        return bool(self.params["number_priority"])

    def result(self, changed: bool, powerpack: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = dict(changed=changed, powerpack=powerpack)
        if self.module.diff_mode:
            result["diff"] = dict(before=before, after=after)
        return result

    def read(self) -> dict[str, Any] | None:
        if self.params["uuid"] is not None:
            return get_powerpack(self.client, self.params["uuid"])
        return find_powerpack_by_name(self.client, self.params["name"])

    def read_again(self, uuid: str) -> dict[str, Any]:
        raw = get_powerpack(self.client, uuid)
        if raw is None:
            raise PlivoError(f"Powerpack {uuid} was deleted while this task was changing it")
        return raw

    def present(self) -> dict[str, Any]:
        raw = self.read()
        if raw is None:
            if self.params["uuid"] is not None:
                raise PlivoError(
                    "there is no Powerpack with uuid {}; a Powerpack is only created by name: remove uuid to create one".format(self.params["uuid"])
                )
            return self.create()
        return self.update(raw, created=False, listed=self.params["uuid"] is None)

    def create(self) -> dict[str, Any]:
        # Against an empty Powerpack, every option the task sets is a change: that is the create body.
        changes = planned_changes(powerpack_result(None), self.params)
        wanted = powerpack_result(None)
        wanted.update(CREATE_DEFAULTS)
        wanted.update(changes)
        before = dict(state="absent")
        if not self.module.check_mode:
            body = request_body(changes)
            try:
                response = self.client.post(powerpack_path(), body)
            except PlivoOutcomeUnknown:
                # The Powerpack may exist now: adopt it rather than create a duplicate.
                adopted = find_powerpack_by_name(self.client, self.params["name"])
                if adopted is not None:
                    return self.update(adopted, created=True, listed=True)
                response = self.client.post(powerpack_path(), body)
            wanted = powerpack_result(response, fallback=wanted)
        return self.result(True, wanted, before, diff_view(wanted, "present"))

    def update(self, raw: dict[str, Any], created: bool, listed: bool) -> dict[str, Any]:
        """Bring the Powerpack raw (a list item when listed) to what the task asks for."""
        if listed and self.manages_priority:
            raw = self.read_again(raw["uuid"])  # list items lack number_priority
        current = powerpack_result(raw)
        before = dict(state="absent") if created else diff_view(current, "present")
        changes = planned_changes(current, self.params)
        if not changes:
            return self.result(created, current, before, diff_view(current, "present"))
        after = dict(current, **changes)
        if not self.module.check_mode:
            after = powerpack_result(self.send_update(current["uuid"], changes), fallback=after)
        diff_after = diff_view(after, "present")
        if current["number_priority"] is None:
            # Not read (list items lack it), so before cannot show it: keep it out of the comparison.
            diff_after["number_priority"] = None
        return self.result(True, after, before, diff_after)

    def send_update(self, uuid: str, changes: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.client.post(powerpack_path(uuid), request_body(changes))
        except PlivoOutcomeUnknown:
            # Read again and send only what still differs, once; a second lost answer fails the task.
            raw = self.read_again(uuid)
            remaining = planned_changes(powerpack_result(raw), self.params)
            if not remaining:
                return raw
            return self.client.post(powerpack_path(uuid), request_body(remaining))

    def absent(self) -> dict[str, Any]:
        raw = self.read()
        if raw is None:
            gone = dict(state="absent")
            return self.result(False, {}, gone, gone)
        current = powerpack_result(raw)
        name = self.params["name"]
        if self.params["uuid"] is not None and name is not None and current["name"] != name:
            raise PlivoError(
                "Powerpack {} is named {!r}, not {!r}: nothing was deleted; fix name or leave it out".format(current["uuid"], current["name"], name)
            )
        if not self.module.check_mode:
            self.client.delete(powerpack_path(current["uuid"]), {"unrent_numbers": self.params["unrent_numbers"]}, missing_ok=True)
        after = dict(uuid=current["uuid"], name=current["name"], state="absent", unrent_numbers=self.params["unrent_numbers"])
        return self.result(True, current, diff_view(current, "present"), after)


def main() -> None:
    module = PlivoModule(
        argument_spec=ARGUMENT_SPEC,
        required_one_of=[("name", "uuid")],
        supports_check_mode=True,
    )
    module.run(lambda: PowerpackTask(module).run())


if __name__ == "__main__":
    main()
