#!/usr/bin/python
# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: powerpacks
short_description: Converge many Plivo Powerpacks and their number pools in one task
version_added: 1.0.0
description:
  - Bring the Powerpacks listed in O(powerpacks), with the members of their number pools, to the state each item
    describes, in one module run; with O(prune=true), also delete the Powerpacks of the account the list does not name.
  - This module (plural) is the engine of the role C(plivo.messaging.powerpacks), which adds role variables for the
    defaults, for AWX surveys and extra vars. M(plivo.messaging.powerpack) (singular) and
    M(plivo.messaging.number_pool) manage one Powerpack or one pool with the same rules.
  - The whole list is checked before the first request, and every problem is reported at once, naming the item and
    the option - types, names given twice, a number listed under two kinds or in two Powerpacks, bad phone numbers,
    presets and countries.
  - Then the module reads the Powerpack list and only what it must compare (the number priority of the items that
    set one, the member lists of the kinds the items list), side by side, and plans every Powerpack with the code of
    M(plivo.messaging.powerpack) and M(plivo.messaging.number_pool). Every refusal its reads can foresee (a number the
    account does not rent, a number held by a Powerpack that keeps it, a short code that cannot be added, a name that
    several Powerpacks carry) fails the task before the first write.
  - Writes go in an order that is safe for numbers moving between pools - creates and updates, then removals from
    pools, then additions, then deletions - each phase side by side, within the rate limit.
  - A key left out of an item is not managed - neither compared nor sent - except those with a default in
    O(defaults).
author:
  - plivo.messaging maintainers (@plivo-community)
options:
  powerpacks:
    description:
      - The Powerpacks to manage, each identified by its name. Powerpacks of the account that are not listed are left
        alone, unless O(prune=true).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the Powerpack (exact, case-sensitive; at most 256 characters). Each name may be given once.
          - A name that several Powerpacks of the account carry fails the task, listing their uuids.
        type: str
        required: true
      state:
        description:
          - V(present) creates or updates the Powerpack and its pool; V(absent) deletes it, with its pool.
          - Default O(defaults.state).
        type: str
        choices: [present, absent]
      sticky_sender:
        description: Whether messages to a destination always go out from the same number.
        type: bool
      local_connect:
        description: Whether numbers local to the destination are preferred.
        type: bool
      application_type:
        description: V(xml) or V(phlo); needed when O(powerpacks[].application_id) names an application.
        type: str
        choices: [xml, phlo]
      application_id:
        description: ID of the application to attach; V(none) detaches it. Spaces around it are ignored.
        type: str
      number_priority:
        description:
          - Number priority entries, as O(plivo.messaging.powerpack#module:number_priority) takes them, merged the same
            way (entries of other countries and services are kept). Mutually exclusive with O(powerpacks[].preset).
        type: list
        elements: dict
        suboptions:
          country_iso:
            description: ISO 3166-1 alpha-2 country code such as V(US), one libphonenumber knows.
            type: str
            required: true
          service_type:
            description: V(sms) or V(mms).
            type: str
            required: true
            choices: [sms, mms]
          priority:
            description: The three kinds of number, each once, most preferred first.
            type: list
            elements: str
            required: true
            choices: [longcode, shortcode, tollfree]
      preset:
        description:
          - A common number priority, expanded to one O(powerpacks[].number_priority) entry per country and service.
            Mutually exclusive with O(powerpacks[].number_priority).
        type: dict
        suboptions:
          name:
            description:
              - V(local_first) is longcode, tollfree, shortcode; V(tollfree_first) is tollfree, longcode, shortcode;
                V(shortcode_first) is shortcode, tollfree, longcode.
            type: str
            required: true
            choices: [local_first, tollfree_first, shortcode_first]
          countries:
            description: ISO 3166-1 alpha-2 country codes such as V(US) and V(CA). A comma-separated string is split.
            type: list
            elements: str
            required: true
          services:
            description: The services the priority applies to. Default O(defaults.preset_services).
            type: list
            elements: str
            choices: [sms, mms]
      numbers:
        description:
          - Long codes of the pool, each a phone number or a dictionary with C(number) and C(service) (V(sms) or V(mms)),
            read as M(plivo.messaging.number_pool) reads them.
          - A long code without a service keeps the service it has in the pool; V(sms) applies only when it is added.
          - Not set, the long codes of the pool are not managed.
        type: list
        elements: raw
      tollfree:
        description: Toll-free numbers of the pool (rented by the account already). Not set, not managed.
        type: list
        elements: raw
      shortcodes:
        description: Short codes of the pool (Plivo provisions them; they can be kept or removed, not added). Not set, not managed.
        type: list
        elements: raw
      default_country:
        description:
          - The country of the item's numbers written without their country code. Default O(defaults.default_country).
        type: str
      purge:
        description:
          - Also remove the pool members of each kind the item lists that are not listed.
          - Default O(defaults.purge).
        type: bool
      rent:
        description: Buy listed long codes the account does not rent yet (Plivo charges). Default O(defaults.rent).
        type: bool
      unrent:
        description:
          - Release from the account the numbers that leave the pool - the ones O(powerpacks[].purge) removes, or all of
            them when the Powerpack is deleted. B(This cannot be undone.) A number that moves to another pool of the
            list is never released.
          - Default O(defaults.unrent).
        type: bool
  defaults:
    description: What an item of O(powerpacks) gets for a key it leaves out.
    type: dict
    suboptions:
      state:
        description: O(powerpacks[].state) of an item that does not set it.
        type: str
        choices: [present, absent]
        default: present
      purge:
        description: O(powerpacks[].purge) of an item that does not set it.
        type: bool
        default: false
      rent:
        description: O(powerpacks[].rent) of an item that does not set it.
        type: bool
        default: false
      unrent:
        description: O(powerpacks[].unrent) of an item that does not set it.
        type: bool
        default: false
      preset_services:
        description: The services of a preset that does not list them.
        type: list
        elements: str
        choices: [sms, mms]
        default: [sms, mms]
      default_country:
        description: O(powerpacks[].default_country) of an item that does not set it.
        type: str
  prune:
    description:
      - Also delete every Powerpack of the account that O(powerpacks) does not name. Their numbers stay rented by the
        account, outside any pool, except those another item of the list takes.
      - Refused with an empty O(powerpacks), which would delete every Powerpack.
    type: bool
    default: false
extends_documentation_fragment:
  - plivo.messaging.connection
  - plivo.messaging.concurrency
  - plivo.messaging.attributes
attributes:
  check_mode:
    support: full
    details:
      - Sends no write request; makes the reads of a real run and returns the plan in the same shape as a real run.
        The pool of a Powerpack that would be created is planned as a new, empty pool, and its numbers are still
        checked against the account.
      - It fails where the real run would fail before its first write. It cannot foresee what only a write can tell,
        such as the API refusing an application id the account does not have.
  diff_mode:
    support: full
    details: One diff per Powerpack that changes, in the shape of its item (the pool kinds it lists included).
  action_group:
    support: full
notes:
  - "Requests of a run that changes nothing: one per page of 20 of the Powerpack list (the pages after the first side
    by side), then, side by side, one per listed Powerpack that sets a number priority (the list does not carry it) and
    one per page of 20 of each member list an item needs. Nothing else, and no write."
  - "A run that changes things adds one read per number it adds (is it rented?), and, when the account rents some of
    them already, the member lists of the pools not read yet, to find where they are; for a Powerpack deleted with
    O(powerpacks[].unrent=true), its long-code and toll-free lists, to report the numbers the delete releases. Then one
    write per change."
  - A number moves from one pool to another in one run when the Powerpack that holds it gives it up in the same run -
    it is deleted (O(powerpacks[].state=absent) or O(prune)), or purges it. Otherwise the task fails before any write.
  - If a write fails, no new write starts; the task fails with RV(powerpacks) telling, per Powerpack, what was done
    and what is pending (C(pending)), and running it again completes the rest. A write whose answer was lost is never
    repeated blindly, and a Powerpack or pool member that another run created since the reads is adopted rather than
    refused, so concurrent runs with the same input all succeed (see M(plivo.messaging.powerpack) and
    M(plivo.messaging.number_pool)).
  - Where the API does not report a Powerpack's C(number_priority), it is set when the Powerpack is created and
    otherwise left as it is, with a warning; it never makes a run report a change.
seealso:
  - module: plivo.messaging.powerpack
  - module: plivo.messaging.number_pool
  - module: plivo.messaging.powerpack_info
  - name: Plivo Powerpack API
    description: The API this module uses.
    link: https://docs.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
# Credentials from the environment variables PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.
- name: Two Powerpacks with their numbers, and an old one deleted
  plivo.messaging.powerpacks:
    powerpacks:
      - name: appointment-reminders
        sticky_sender: true
        local_connect: true
        application_type: xml
        application_id: "20342783288007824"
        preset: {name: local_first, countries: [US, CA]}
        numbers: ["+14155550101", {number: "+14165550190", service: mms}]
        purge: true
      - name: support
        tollfree: ["+18005550199"]
      - name: old-campaign
        state: absent
  register: converged

- name: Show what changed
  ansible.builtin.debug:
    var: converged.totals

- name: Make the account hold exactly these Powerpacks; numbers written as dialled in the US
  plivo.messaging.powerpacks:
    powerpacks: "{{ plivo_powerpacks }}"
    defaults:
      default_country: US
      purge: true
    prune: true
    max_workers: 4
"""

RETURN = r"""
powerpacks:
  description:
    - One entry per item of O(powerpacks), in order, then one per Powerpack deleted by O(prune). In check mode, as it
      would be; after a failure part-way, as it is, with C(pending).
  returned: always, and on a failure after the first write
  type: list
  elements: dict
  contains:
    name:
      description: Name of the Powerpack.
      type: str
      sample: appointment-reminders
    state:
      description: V(present) or V(absent), once the task is done.
      type: str
      sample: present
    action:
      description: V(create), V(update), V(delete) or V(none) (the Powerpack itself is as wanted; its pool may still change).
      type: str
      sample: update
    uuid:
      description: Uuid of the Powerpack; V(null) for one that check mode would create, or that was not there.
      type: str
      sample: 86bbb125-97bb-4d72-89fd-81d5c515b015
    powerpack:
      description:
        - The Powerpack after the task, in the shape M(plivo.messaging.powerpack) returns; for one deleted, as it was;
          V({}) for one absent.
      type: dict
      sample: {"name": "appointment-reminders", "sticky_sender": true, "local_connect": true, "number_priority": null}
    number_pool:
      description:
        - The pool after the task, in the shape M(plivo.messaging.number_pool) returns, with the kinds the item lists;
          V(null) when the item lists no member or the Powerpack is deleted.
      type: dict
      sample:
        uuid: 659c7f88-c819-46e2-8af4-2d8a84249099
        numbers: [{"number": "14155550101", "service": "sms"}]
        tollfree: null
        shortcodes: null
    added:
      description: The members added (in check mode, that would be), as M(plivo.messaging.number_pool) returns them.
      type: dict
      sample: {"numbers": [{"number": "14155550101", "service": "sms"}], "tollfree": []}
    removed:
      description: The members removed, as M(plivo.messaging.number_pool) returns them.
      type: dict
      sample: {"numbers": [], "tollfree": [], "shortcodes": []}
    rented:
      description: The long codes bought for the pool.
      type: list
      elements: str
      sample: []
    unrented:
      description: The numbers released from the account.
      type: list
      elements: str
      sample: []
    pending:
      description:
        - After a failure part-way, what was not done - C(powerpack) (the Powerpack's own V(create), V(update) or
          V(delete), or V(null)), C(add) and C(remove) (members, shaped like RV(powerpacks[].added) and
          RV(powerpacks[].removed)). Running the task again does it.
      returned: on a failure after the first write
      type: dict
      sample:
        powerpack: null
        add: {"numbers": [{"number": "14155550102", "service": "sms"}], "tollfree": []}
        remove: {"numbers": [], "tollfree": [], "shortcodes": []}
totals:
  description: How many Powerpacks were created, updated, deleted and left unchanged, and how many members changed.
  returned: always, and on a failure after the first write
  type: dict
  sample:
    created: 1
    updated: 0
    deleted: 1
    unchanged: 38
    numbers_added: 10
    numbers_removed: 0
    tollfree_added: 0
    tollfree_removed: 0
    shortcodes_removed: 0
    rented: 0
    unrented: 0
"""

from ansible_collections.plivo.messaging.plugins.module_utils._engine import ARGUMENT_SPEC
from ansible_collections.plivo.messaging.plugins.module_utils._engine import MODULE_KWARGS
from ansible_collections.plivo.messaging.plugins.module_utils._engine import run_powerpacks
from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule


def main() -> None:
    module = PlivoModule(argument_spec=ARGUMENT_SPEC, concurrency=True, **MODULE_KWARGS)
    module.run(lambda: run_powerpacks(module))


if __name__ == "__main__":
    main()
