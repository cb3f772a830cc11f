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
    version_added: 0.2.0
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
    version_added: 0.2.0
  include_number_priority:
    description:
      - Whether to return C(number_priority). The Powerpack list leaves it out, so each Powerpack the list finds is
        read once more by uuid (one request each).
      - V(false) skips those reads and returns C(number_priority) as V(null) (except for a Powerpack read by O(uuid),
        whose answer has it anyway); listing every Powerpack then takes one request per page of 20.
    type: bool
    default: true
extends_documentation_fragment:
  - plivo.messaging.connection
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
  - A Powerpack deleted while the module reads it is left out of the result.
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
"""

from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils.client import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.identifiers import check_uuid
from ansible_collections.plivo.messaging.plugins.module_utils.number_pool import describe_pool
from ansible_collections.plivo.messaging.plugins.module_utils.plivo_module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils.pool_plan import KINDS
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack import (
    find_powerpacks_by_name,
    get_powerpack,
    list_powerpacks,
    powerpack_result,
)

ARGUMENT_SPEC = dict(
    uuid=dict(type="str"),
    name=dict(type="str"),
    names=dict(type="list", elements="str"),
    include_numbers=dict(type="bool", default=False),
    include_number_priority=dict(type="bool", default=True),
    number_kinds=dict(type="list", elements="str", choices=list(KINDS), default=list(KINDS)),
)


def matching_powerpacks(client: PlivoClient, uuid: str | None, name: str | None, names: list[str] | None = None) -> list[dict[str, Any]]:
    """The raw Powerpacks the task asks for, as the API returned them, in the order of the API's list."""
    if uuid is not None:
        found = get_powerpack(client, uuid)
        return [found] if found is not None else []
    if name is not None:
        return find_powerpacks_by_name(client, name)
    if names is not None:
        if not names:
            return []  # nothing asked for: no request at all
        wanted = frozenset(names)
        return [item for item in list_powerpacks(client) if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"] in wanted]
    return list_powerpacks(client)


def describe(client: PlivoClient, raw: dict[str, Any], with_priority: bool = True) -> dict[str, Any] | None:
    """One Powerpack in the result shape, read again by uuid when number_priority is wanted and missing (list
    items); None when it was deleted in the meantime."""
    if with_priority and "number_priority" not in raw and raw.get("uuid"):
        raw = get_powerpack(client, check_uuid(str(raw["uuid"]), "the uuid in the Powerpack list"))
        if raw is None:
            return None
    return powerpack_result(raw)


def run(module: PlivoModule) -> dict[str, Any]:
    uuid = module.params["uuid"]
    if uuid is not None:
        check_uuid(uuid)
    powerpacks = []
    kinds = KINDS if module.params["number_kinds"] is None else tuple(module.params["number_kinds"])
    for raw in matching_powerpacks(module.client, uuid, module.params["name"], module.params["names"]):
        described = describe(module.client, raw, module.params["include_number_priority"])
        if described is None:
            continue
        if module.params["include_numbers"]:
            pool_uuid = described["number_pool_uuid"]
            pool = describe_pool(module.client, pool_uuid, kinds) if pool_uuid is not None else None
            if pool_uuid is not None and pool is None:
                continue  # the Powerpack, and its pool with it, was deleted in the meantime
            described["number_pool"] = pool
        powerpacks.append(described)
    return dict(changed=False, powerpacks=powerpacks)


def main() -> None:
    module = PlivoModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("uuid", "name", "names")],
        supports_check_mode=True,
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
