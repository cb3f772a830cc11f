#!/usr/bin/python
# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: powerpack_info
short_description: List Plivo Powerpacks
version_added: 0.1.0
description:
  - Return one Powerpack (by O(uuid) or O(name)) or every Powerpack of the account, each in the shape that
    M(plivo.messaging.powerpack) returns.
  - Reads only; never reports a change.
author:
  - plivo.messaging maintainers (@plivo-community)
options:
  uuid:
    description:
      - Return only the Powerpack with this uuid; an empty list when there is none.
      - Mutually exclusive with O(name) and O(names).
    type: str
  name:
    description:
      - Return only the Powerpacks with exactly this name (case-sensitive); an empty list when there is none.
      - The list is paged through up to the first page holding the name; every Powerpack of that name on the
        pages read is returned, so duplicates show up with their uuids.
      - Mutually exclusive with O(uuid) and O(names).
    type: str
  names:
    description:
      - Return only the Powerpacks whose name is one of these (exact, case-sensitive), in the order of the API's list.
      - The API has no filter, so every page of the Powerpack list is read; then only the Powerpacks returned are read
        further (by uuid for C(number_priority) unless O(include_number_priority=false), and their pool with
        O(include_numbers=true)).
      - Meant for a caller that manages a few Powerpacks of a large account, such as the role
        C(plivo.messaging.powerpacks); it reads the list once and the details only of the Powerpacks it manages.
      - A name that no Powerpack carries is simply not in the result; every Powerpack of a listed name is returned, so
        duplicates show up with their uuids.
      - An empty list sends no request and returns no Powerpack.
      - Mutually exclusive with O(uuid) and O(name).
    type: list
    elements: str
    version_added: 1.0.0
  include_numbers:
    description:
      - Also return the members of each Powerpack's number pool, under C(number_pool) of each Powerpack, in the shape
        RV(plivo.messaging.number_pool#module:number_pool) returns.
      - Reads one more list per Powerpack for each kind of O(number_kinds) (by default all three, long codes, toll-free
        numbers and short codes), one request per page of 20 members each.
    type: bool
    default: false
  number_kinds:
    description:
      - Which member lists of each pool O(include_numbers=true) reads, one list (page by page) per kind and pool.
      - A kind left out is not read and is returned as V(null) under C(number_pool).
      - Without O(include_numbers=true) this has no effect.
    type: list
    elements: str
    choices: [numbers, tollfree, shortcodes]
    default: [numbers, tollfree, shortcodes]
    version_added: 1.0.0
  include_number_priority:
    description:
      - Whether to return C(number_priority). The Powerpack list leaves it out, so each Powerpack the list finds is
        read once more by uuid (one request each).
      - V(false) skips those reads and returns C(number_priority) as V(null) (except for a Powerpack read by O(uuid),
        whose answer has it anyway); listing every Powerpack then takes one request per page of 20.
    type: bool
    default: true
  export:
    description:
      - Also return RV(plivo_powerpacks), the Powerpacks found written as the input of the module
        M(plivo.messaging.powerpacks) and of the role C(plivo.messaging.powerpacks), to bring an existing account
        under management.
      - Implies reading every detail - O(include_number_priority=true), O(include_numbers=true) and all
        O(number_kinds); a long code whose service the pool's list does not report is read on its own (one request
        each), so that the export holds every service the API knows.
    type: bool
    default: false
    version_added: 1.0.0
extends_documentation_fragment:
  - plivo.messaging.connection
  - plivo.messaging.concurrency
  - plivo.messaging.attributes
attributes:
  check_mode:
    support: full
    details: The module only reads, in check mode as in a normal run.
  diff_mode:
    support: N/A
    details: The module changes nothing, so it has no diff.
  action_group:
    support: full
notes:
  - Without O(uuid) and O(name), every page of the Powerpack list is read (also with O(names)).
  - The list does not return C(number_priority), so each Powerpack found is read once more by uuid (one request each),
    unless O(include_number_priority=false).
  - The reads that follow the first page of the list are sent side by side (O(max_workers)).
  - A Powerpack deleted while the module reads it is left out of the result; a member list answered 404 counts as
    deleted only when the Powerpack itself is gone too.
seealso:
  - module: plivo.messaging.powerpack
  - name: Plivo Powerpack API
    description: The API this module uses.
    link: https://docs.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
- name: List every Powerpack (credentials from PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN)
  plivo.messaging.powerpack_info:
  register: all_powerpacks

- name: Find a Powerpack by name
  plivo.messaging.powerpack_info:
    name: notifications
  register: found

- name: Show its number pool
  ansible.builtin.debug:
    msg: "{{ found.powerpacks[0].number_pool_uuid }}"
  when: found.powerpacks | length == 1

- name: List a Powerpack with the numbers of its pool
  plivo.messaging.powerpack_info:
    name: notifications
    include_numbers: true
  register: with_numbers

- name: Show the long codes of its pool
  ansible.builtin.debug:
    msg: "{{ with_numbers.powerpacks[0].number_pool.numbers | map(attribute='number') }}"
  when: with_numbers.powerpacks | length == 1

- name: Read a few Powerpacks of a large account, with the long codes of their pools only
  plivo.messaging.powerpack_info:
    names:
      - notifications
      - alerts
    include_numbers: true
    number_kinds:
      - numbers
  register: managed

- name: Show the long codes of each of them (tollfree and shortcodes are null, not read)
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.number_pool.numbers | map(attribute='number') }}"
  loop: "{{ managed.powerpacks }}"
  loop_control:
    label: "{{ item.uuid }}"

- name: Export the account's Powerpacks as the input of the powerpacks role
  plivo.messaging.powerpack_info:
    export: true
  register: exported

- name: Write them to a vars file to review and commit
  ansible.builtin.copy:
    content: "{{ {'plivo_powerpacks': exported.plivo_powerpacks} | to_nice_yaml(indent=2, sort_keys=false) }}"
    dest: plivo_powerpacks.yml
    mode: "0644"

- name: List every Powerpack, one request per page of 20 (number_priority is then null)
  plivo.messaging.powerpack_info:
    include_number_priority: false
  register: listed

- name: Read a Powerpack by uuid, credentials from module_defaults
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ vault_plivo_auth_id }}"
      auth_token: "{{ vault_plivo_auth_token }}"
  block:
    - name: Read one Powerpack
      plivo.messaging.powerpack_info:
        uuid: 86bbb125-97bb-4d72-89fd-81d5c515b015
"""

RETURN = r"""
powerpacks:
  description:
    - The Powerpacks found, in the order of the API's list; an empty list when none matches.
    - Each item has the shape of RV(plivo.messaging.powerpack#module:powerpack); C(number_priority) is read unless
      O(include_number_priority=false).
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: Identifier of the Powerpack.
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
      description: Uuid of the Powerpack's number pool (not the Powerpack's uuid).
      type: str
      sample: 659c7f88-c819-46e2-8af4-2d8a84249099
    number_priority:
      description:
        - The number priority entries, sorted by country and service type; V(null) if the API did not return any, or
          with O(include_number_priority=false).
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
      description: When the Powerpack was created (UTC).
      type: str
      sample: "2019-09-03T08:50:09.510692Z"
    number_pool:
      description:
        - The members of the Powerpack's number pool, every list sorted; V(null) if the Powerpack has no pool path.
      returned: when O(include_numbers=true)
      type: dict
      contains:
        uuid:
          description: Uuid of the number pool.
          type: str
          sample: 659c7f88-c819-46e2-8af4-2d8a84249099
        numbers:
          description:
            - The long codes with their service (V(sms) or V(mms); V(null) when the API did not report it).
            - V(null) when V(numbers) is left out of O(number_kinds).
          type: list
          elements: dict
          sample: [{"number": "14155550101", "service": "sms"}]
        tollfree:
          description:
            - The toll-free numbers.
            - V(null) when V(tollfree) is left out of O(number_kinds).
          type: list
          elements: str
          sample: ["18005550199"]
        shortcodes:
          description:
            - The short codes.
            - V(null) when V(shortcodes) is left out of O(number_kinds).
          type: list
          elements: str
          sample: ["444444"]
plivo_powerpacks:
  description:
    - With O(export=true), the Powerpacks found as items of the O(plivo.messaging.powerpacks#module:powerpacks)
      option of M(plivo.messaging.powerpacks) and of the role's C(plivo_powerpacks), in the order of the API's list.
    - Each item has C(name), C(sticky_sender), C(local_connect), C(application_type) and C(application_id)
      (V(none) when no application is attached), C(preset) when the number priority is exactly one of the presets
      (with its countries and services) or C(number_priority) otherwise, and C(numbers) (each with its C(service)
      where the API reports it), C(tollfree) and C(shortcodes), numbers in international form.
    - A value the API does not report is left out, so it stays unmanaged; applying the items to the same account
      changes nothing.
  returned: when O(export=true)
  type: list
  elements: dict
  sample:
    - name: notifications
      sticky_sender: true
      local_connect: false
      application_type: xml
      application_id: "33660394121755210"
      preset: {name: local_first, countries: [CA, US], services: [sms, mms]}
      numbers: [{number: "+14155550101", service: sms}]
      tollfree: ["+18005550199"]
      shortcodes: ["444444"]
"""

from ansible_collections.plivo.messaging.plugins.module_utils._info import ARGUMENT_SPEC
from ansible_collections.plivo.messaging.plugins.module_utils._info import MODULE_KWARGS
from ansible_collections.plivo.messaging.plugins.module_utils._info import run_info
from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule


def main() -> None:
    module = PlivoModule(argument_spec=ARGUMENT_SPEC, concurrency=True, **MODULE_KWARGS)
    module.run(lambda: run_info(module))


if __name__ == "__main__":
    main()
