#!/usr/bin/python
# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: number_pool
short_description: Add and remove the long codes, toll-free numbers and short codes of a Plivo Powerpack's number pool
version_added: 0.1.0
description:
  - Manage the members of the number pool of a Plivo Powerpack, the numbers its messages are sent from.
    A pool holds long codes (O(numbers)), toll-free numbers (O(tollfree)) and short codes (O(shortcodes)).
  - Only the kinds of member the task lists are managed; a kind left out (not set) is neither read nor changed.
  - Phone numbers are read and validated with libphonenumber and compared in E.164 form, so V(+1 (415\) 555-0100),
    V(+1-415-555-0100) and V(14155550100) are the same number. A number written without its country code, such as
    V((415\) 555-0100), is refused unless O(default_country) says which country it belongs to. See the notes for every
    form that is accepted.
  - A toll-free number under O(numbers), or a long code under O(tollfree), is told from the number itself and fails
    the task before any request, whatever O(state) and O(rent) say.
  - Before the first write the module checks everything its reads can tell - the entries, the short codes to add
    (they cannot be added), that the account rents every number to add and that each is of the kind it is listed
    under, and that no other Powerpack's pool holds a number to add - so a task failing one of these checks changes
    nothing, in check mode as in a real run.
  - The API has no way to change the service of a pool number; a long code listed with another service than it has
    in the pool is removed (never released) and added again with the listed service.
  - M(plivo.messaging.powerpacks) converges many Powerpacks and their pools in one task, with the same rules.
author:
  - plivo.messaging maintainers (@plivo-community)
options:
  powerpack:
    description:
      - Name of the Powerpack whose pool is managed (exact, case-sensitive).
      - The Powerpack list has no filter, so it is paged through up to the page that holds the name.
      - One of O(powerpack), O(powerpack_uuid) and O(number_pool_uuid) is required; they are mutually exclusive.
      - In check mode, a Powerpack of this name that does not exist yet (an earlier task of the play would create it)
        is not an error - its pool is planned as a new, empty pool, and the task warns.
    type: str
  powerpack_uuid:
    description:
      - Uuid of the Powerpack whose pool is managed (see M(plivo.messaging.powerpack_info)); one request finds it.
      - This is the Powerpack's uuid, not the uuid of its number pool.
    type: str
  number_pool_uuid:
    description:
      - Uuid of the number pool itself, as RV(plivo.messaging.powerpack#module:powerpack.number_pool_uuid) and
        M(plivo.messaging.powerpack_info) return it; the Powerpack is then not read at all, which saves a request.
      - This is not the Powerpack's uuid. A pool uuid the account does not have fails the task when the pool is read.
    type: str
  numbers:
    description:
      - Long codes, each a phone number (a string such as V(+14155550100)) or a dictionary with the keys C(number)
        and C(service).
      - C(service) is V(sms) or V(mms). A long code listed without a service keeps the service it has in the pool;
        V(sms) applies only to a long code the task adds. With O(state=absent) the service is ignored.
      - An empty list with O(purge=true) removes every long code from the pool.
    type: list
    elements: raw
  tollfree:
    description:
      - Toll-free numbers, such as V(+18005550199).
      - A toll-free number must already be rented by the account; O(rent) does not apply to it.
    type: list
    elements: raw
  shortcodes:
    description:
      - Short codes (3 to 8 digits), such as V(444444).
      - The API cannot add a short code to a pool (Plivo provisions them), so with O(state=present) a listed short
        code that is not in the pool fails the task; listing one that is there keeps it, which matters with O(purge).
      - Removing a short code only unlinks it from the pool; it is never released from the account, whatever
        O(unrent) says.
    type: list
    elements: raw
  default_country:
    description:
      - The country (ISO 3166-1 alpha-2 code, such as V(US) or V(GB)) of the numbers written without their country
        code, which are then read as written in that country, national formats included (V((415\) 555-0100) with
        V(US), V(030 123456) with V(DE)).
      - Numbers starting with V(+) or V(00) are international whatever this says.
      - Not set, a number without its country code fails the task.
    type: str
    version_added: 1.0.0
  state:
    description:
      - V(present) makes sure the listed members are in the pool (and, with O(purge), that no other member of each
        listed kind is).
      - V(absent) makes sure the listed members are not in the pool, whichever kind the pool holds them as; the other
        members are kept.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also remove the pool members of each kind the task lists that are not in its list.
        A kind not set in the task is never purged; an empty list (for example O(numbers=[])) purges the whole kind.
      - Must not be V(true) with O(state=absent).
    type: bool
    default: false
  rent:
    description:
      - Buy the listed long codes the account does not rent yet, and add them to the pool (Plivo charges for them).
      - When V(false), a listed long code the account does not rent fails the task before any change.
      - Toll-free numbers cannot be rented this way.
      - Must not be V(true) with O(state=absent).
    type: bool
    default: false
  unrent:
    description:
      - Also release every long code and toll-free number the task removes from the pool from the Plivo account.
      - B(THIS CANNOT BE UNDONE.) Released numbers are lost to the account and can be rented by anyone else; getting
        one back is not possible through the API.
      - When V(false), removed numbers stay rented by the account, outside any pool.
      - Short codes are only unlinked, never released. A long code removed and added again to change its service is
        never released.
      - Needs O(state=absent), or O(state=present) with O(purge=true); otherwise the task removes nothing.
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
      - Sends no write request. It makes the reads of a real run, so it fails where the real run would fail before
        its first write, and returns what would be added, removed, rented and released.
      - For the pool of a Powerpack that does not exist yet, it plans a new, empty pool and still checks the numbers
        against the account.
      - It cannot foresee what only a write can tell, such as the API refusing to rent a number that is no longer
        available.
  diff_mode:
    support: full
    details:
      - The sorted members of each kind the task lists, before and after.
  action_group:
    support: full
notes:
  - "Phone numbers: V(+) or V(00) starts a number in international form (V(+1 (415\\) 555-0100), V(+49 (0\\)30 123456),
    where a trunk V(0) in parentheses is dropped, V(0044 20 7946 0958)). Without it, the number is read in
    O(default_country) when that is set; otherwise the digits must be a whole international number, country code
    first, as the Plivo API writes them (V(14155550100)), and a ten-digit North American number without its country
    code is refused. Spaces, V(-), V(.), V(/) and parentheses may separate digits; letters and extensions are refused.
    An unquoted YAML number is read as its digits under the same rules; quote numbers, so that YAML neither drops
    leading zeros nor reads them as octal. The number must be valid for its country according to libphonenumber."
  - "Requests: one to find the Powerpack (by O(powerpack_uuid); by O(powerpack), one per page of the Powerpack list
    up to the match; none with O(number_pool_uuid)); one per page of 20 of each member list the task needs (a kind
    is read when the task lists members of it or sets it with O(purge=true); with O(state=absent), both long codes and
    toll-free numbers); one per listed long code whose service the list did not report; one per number to add that is
    not in the pool, to check that the account rents it (Plivo's C(Number) API); when the account rents some of them,
    the Powerpack list and the long-code and toll-free lists of the other pools, to make sure no other pool holds
    them; and one per member to add or remove. Independent requests are sent side by side (O(max_workers)). A task
    with nothing to change sends no write request."
  - Removals are sent first, then additions. If a request fails half way, the task fails with what was done
    (RV(added), RV(removed), RV(rented), RV(unrented)) and what was not (RV(pending)); running the task again completes
    the rest.
  - If the answer to an addition is lost (a server error, a timeout, a broken connection), the module reads the pool
    member and sends the addition once more only when the member is not there, so a lost answer never adds twice.
    A removal that is retried and answered 404 counts as done. An addition refused with 400 is followed by one read of
    the member, and counts as done when the member is in the pool (another run added it meanwhile).
seealso:
  - module: plivo.messaging.powerpacks
  - module: plivo.messaging.powerpack
  - module: plivo.messaging.powerpack_info
  - name: Plivo Powerpack API
    description: The number pool endpoints this module uses.
    link: https://docs.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
# Credentials from the environment variables PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.
- name: Make sure these numbers are in the pool of the Powerpack "notifications"
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+1 415 555 0101"
      - number: "+14155550102"
        service: mms
    tollfree:
      - "+18005550199"

- name: Numbers written the way they are dialled in the US
  plivo.messaging.number_pool:
    powerpack: notifications
    default_country: US
    numbers:
      - "(415) 555-0101"
      - "415.555.0103"

- name: Make the long codes of the pool exactly these, keep its toll-free numbers and short codes
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+14155550101"
      - "+14155550102"
    purge: true

- name: Buy two numbers and add them
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+12125550143"
      - "+13105550178"
    rent: true

- name: Take a number out of the pool; it stays rented by the account
  plivo.messaging.number_pool:
    powerpack: notifications
    numbers:
      - "+14155550102"
    state: absent

- name: Take a number out of the pool AND release it from the account (cannot be undone)
  plivo.messaging.number_pool:
    powerpack_uuid: 86bbb125-97bb-4d72-89fd-81d5c515b015
    numbers:
      - "+13105550178"
    state: absent
    unrent: true

- name: Unlink every short code from the pool
  plivo.messaging.number_pool:
    powerpack: notifications
    shortcodes: []
    purge: true

# Credentials set once for every module of the collection.
- name: Manage number pools
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ vault_plivo_auth_id }}"
      auth_token: "{{ vault_plivo_auth_token }}"
  tasks:
    - name: Preview the change
      plivo.messaging.number_pool:
        powerpack: notifications
        numbers: "{{ notification_numbers }}"
        purge: true
      check_mode: true
      diff: true
      register: preview

    - name: Show what would change
      ansible.builtin.debug:
        msg: "add {{ preview.added.numbers | map(attribute='number') }}, remove {{ preview.removed.numbers | map(attribute='number') }}"
"""

RETURN = r"""
number_pool:
  description:
    - The pool after the task; in check mode, as it would be.
    - A kind the task did not need to read is V(null).
  returned: success
  type: dict
  contains:
    uuid:
      description: Uuid of the number pool (not the Powerpack's uuid).
      type: str
      sample: 659c7f88-c819-46e2-8af4-2d8a84249099
    numbers:
      description: The long codes, sorted by number; C(service) is V(null) when the API did not report it.
      type: list
      elements: dict
      sample: [{"number": "14155550101", "service": "sms"}, {"number": "14155550102", "service": "mms"}]
    tollfree:
      description: The toll-free numbers, sorted.
      type: list
      elements: str
      sample: ["18005550199"]
    shortcodes:
      description: The short codes, sorted.
      type: list
      elements: str
      sample: ["444444"]
added:
  description:
    - The members added to the pool (in check mode, that would be), sorted. A long code whose service was changed is
      in RV(added) with its new service and in RV(removed) with its old one.
    - On a failure half way, what was added before the failure.
  returned: success, and on a failure after the first write
  type: dict
  contains:
    numbers:
      description: Long codes, with the service they were added with.
      type: list
      elements: dict
      sample: [{"number": "14155550102", "service": "sms"}]
    tollfree:
      description: Toll-free numbers.
      type: list
      elements: str
      sample: ["18885550142"]
removed:
  description:
    - The members removed from the pool (in check mode, that would be), sorted.
    - On a failure half way, what was removed before the failure.
  returned: success, and on a failure after the first write
  type: dict
  contains:
    numbers:
      description:
        - Long codes, with the service they had in the pool; C(service) is V(null) when the API did not report it (a
          pool's list may not, and a member is read on its own only when the task sets its service).
      type: list
      elements: dict
      sample: [{"number": "12125550143", "service": "sms"}]
    tollfree:
      description: Toll-free numbers.
      type: list
      elements: str
      sample: []
    shortcodes:
      description: Short codes (only unlinked, never released).
      type: list
      elements: str
      sample: ["444444"]
rented:
  description: The long codes the account bought for the pool (O(rent=true)), sorted.
  returned: success, and on a failure after the first write
  type: list
  elements: str
  sample: ["13105550178"]
unrented:
  description: The numbers released from the account (O(unrent=true)), sorted. They are no longer the account's.
  returned: success, and on a failure after the first write
  type: list
  elements: str
  sample: ["12125550143"]
pending:
  description:
    - The changes that were not made because a request failed half way; the first is the one that failed.
      Running the task again makes them.
  returned: on a failure after the plan was made and the first write was attempted
  type: dict
  contains:
    add:
      description: What was still to be added, shaped like RV(added).
      type: dict
      sample: {"numbers": [{"number": "14155550107", "service": "sms"}], "tollfree": []}
    remove:
      description: What was still to be removed, shaped like RV(removed).
      type: dict
      sample: {"numbers": [], "tollfree": [], "shortcodes": []}
not_rented:
  description: The listed numbers the account does not rent, when that failed the task (nothing was changed).
  returned: on that failure
  type: dict
  contains:
    numbers:
      description: Long codes (set O(rent=true) to buy them).
      type: list
      elements: str
      sample: ["14155550177"]
    tollfree:
      description: Toll-free numbers (they cannot be rented through the pool API).
      type: list
      elements: str
      sample: []
"""

from ansible_collections.plivo.messaging.plugins.module_utils._module import PlivoModule
from ansible_collections.plivo.messaging.plugins.module_utils._pool_task import ARGUMENT_SPEC
from ansible_collections.plivo.messaging.plugins.module_utils._pool_task import MODULE_KWARGS
from ansible_collections.plivo.messaging.plugins.module_utils._pool_task import run_number_pool


def main() -> None:
    module = PlivoModule(argument_spec=ARGUMENT_SPEC, concurrency=True, **MODULE_KWARGS)
    module.run(lambda: run_number_pool(module))


if __name__ == "__main__":
    main()
