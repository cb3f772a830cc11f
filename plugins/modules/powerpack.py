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
      - Spaces around the id are ignored, as the API ignores them.
    type: str
  number_priority:
    description:
      - Which kind of number to send from first, per destination country and service type.
      - Entries are matched by O(number_priority[].country_iso) and O(number_priority[].service_type) (case-insensitively).
        An entry replaces the Powerpack's entry of the same country and service type; entries of the Powerpack for
        countries and service types not listed here are kept, so an empty list changes nothing.
      - Most answers of the real API that have been recorded do not include the Powerpack's C(number_priority). When
        the API does not report it, the module cannot compare it, so it sends O(number_priority) only when it creates
        the Powerpack, and otherwise leaves it as it is and warns; it never reports a change because of it.
    type: list
    elements: dict
    suboptions:
      country_iso:
        description:
          - ISO 3166-1 alpha-2 country code, such as V(US) or V(CA) (case-insensitive).
          - It must be a country code libphonenumber knows; V(ZZ) or V(USA) fail the task before any request.
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
    details:
      - Sends no write request; makes the same reads as a real run and returns the Powerpack as it would be (a new one
        has O(uuid) V(null)).
      - It fails where the real run would fail before its first write, because those reads tell it so - a uuid that
        does not exist, a name that several Powerpacks carry, a rename to a name another Powerpack carries, bad options.
      - It cannot foresee what only a write can tell, such as the API refusing an O(application_id) the account does
        not have.
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
  - A rename (O(uuid) with another O(name)) first reads the Powerpack list, and fails before any write when another
    Powerpack carries the new name.
  - The module M(plivo.messaging.powerpacks) (plural) converges many Powerpacks and their pools in one task; the role
    C(plivo.messaging.powerpacks) wraps it with presets and defaults. This module (singular) manages one Powerpack.
  - If the answer to a create is lost (a server error, a timeout, a broken connection), the module looks the Powerpack up
    by name and adopts it if it was created, so it never creates a duplicate. A create refused with 400 or 409 is
    looked up the same way, once, and a Powerpack of that name that another run created meanwhile is adopted;
    otherwise the task fails with the API's refusal. A lost update is followed by a fresh read, and only what still differs is
    sent again, once.
seealso:
  - module: plivo.messaging.powerpacks
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
        - V(null) when it was not read or not reported; the Powerpack list omits it, so it is only read when the task
          sets O(number_priority) or identifies the Powerpack by O(uuid), and most recorded answers of the API omit it.
        - V(null) for a Powerpack created without O(number_priority) - Plivo applies its own defaults, which check
          mode cannot know, so neither run reports them (read them with M(plivo.messaging.powerpack_info)).
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

from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack_task import ARGUMENT_SPEC
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack_task import MODULE_KWARGS
from ansible_collections.plivo.messaging.plugins.module_utils._powerpack_task import run_powerpack


def main() -> None:
    module = PlivoModule(argument_spec=ARGUMENT_SPEC, **MODULE_KWARGS)
    module.run(lambda: run_powerpack(module))


if __name__ == "__main__":
    main()
