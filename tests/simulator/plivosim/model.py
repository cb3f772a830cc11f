"""The simulated account: rented numbers, short codes, applications, Powerpacks and their pools.

The model keeps the account rules (a number sits in at most one pool, a pool lives and dies with its
Powerpack, releasing a number removes it from its pool) and knows nothing about HTTP.
"""

from __future__ import annotations

import datetime
import uuid

LONGCODE = "longcode"
TOLLFREE = "tollfree"
SHORTCODE = "shortcode"

# What one API example shows on a Powerpack created without number_priority (--default-priorities us-ca).
US_CA_DEFAULT_PRIORITIES = (
    ("US", "SMS", ("shortcode", "tollfree", "longcode")),
    ("US", "MMS", ("shortcode", "tollfree", "longcode")),
    ("CA", "SMS", ("shortcode", "longcode", "tollfree")),
    ("CA", "MMS", ("shortcode", "longcode", "tollfree")),
)


def initial_priorities(mode):
    """The ``number_priority`` of a new Powerpack created without one (``us-ca`` or ``none``)."""
    if mode == "none":
        return []
    return [
        {"country_iso": country, "service_type": service, "priority": {"priority1": first, "priority2": second, "priority3": third}}
        for country, service, (first, second, third) in US_CA_DEFAULT_PRIORITIES
    ]


def utc_timestamp():
    """Current time in the API's format, e.g. ``2019-09-03T08:50:09.510692Z``."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_uuid():
    return str(uuid.uuid4())


class Application:
    def __init__(self, app_id, app_type, name=""):
        self.app_id = app_id
        self.app_type = app_type  # "XML" or "PHLO"
        self.name = name


class AccountNumber:
    """A number the account rents: a long code (``fixed``/``mobile``) or a toll-free (``tollfree``)."""

    def __init__(self, number, country_iso2, number_type, added_on=None):
        self.number = number
        self.country_iso2 = country_iso2
        self.number_type = number_type
        self.added_on = added_on or utc_timestamp()  # when the account rented it

    @property
    def is_tollfree(self):
        return self.number_type == TOLLFREE


class ShortCode:
    def __init__(self, shortcode, country_iso2):
        self.shortcode = shortcode
        self.country_iso2 = country_iso2


class PoolMember:
    """A number, toll-free or short code linked to a number pool."""

    def __init__(self, key, kind, service="sms", added_on=None):
        self.key = key
        self.kind = kind  # LONGCODE, TOLLFREE or SHORTCODE
        self.service = service
        self.added_on = added_on or utc_timestamp()


class Powerpack:
    def __init__(self, name, uuid_=None, pool_uuid=None, created_on=None):
        self.uuid = uuid_ or new_uuid()
        self.pool_uuid = pool_uuid or new_uuid()
        self.name = name
        self.sticky_sender = True
        self.local_connect = True
        self.application_type = ""
        self.application_id = ""
        self.number_priority = []
        self.created_on = created_on or utc_timestamp()
        self.members = {}  # key -> PoolMember, in the order they were added

    def members_of_kind(self, *kinds):
        return [member for member in self.members.values() if member.kind in kinds]


class Account:
    def __init__(self, auth_id):
        self.auth_id = auth_id
        self.applications = {}
        self.numbers = {}  # rented long codes and toll-free numbers
        self.shortcodes = {}
        self.unavailable_numbers = set()
        self.powerpacks = {}  # uuid -> Powerpack, in creation order
        self._pools = {}  # pool uuid -> Powerpack
        self._membership = {}  # number or short code -> Powerpack whose pool holds it

    # Powerpacks and pools

    def add_powerpack(self, powerpack):
        if powerpack.uuid in self.powerpacks or powerpack.pool_uuid in self._pools or powerpack.pool_uuid in self.powerpacks:
            raise ValueError(f"duplicate Powerpack or pool uuid {powerpack.uuid}")
        self.powerpacks[powerpack.uuid] = powerpack
        self._pools[powerpack.pool_uuid] = powerpack

    def powerpack_by_pool(self, pool_uuid):
        return self._pools.get(pool_uuid)

    def powerpacks_named(self, name, ignore_case=False):
        if ignore_case:
            folded = name.casefold()
            return [pp for pp in self.powerpacks.values() if pp.name.casefold() == folded]
        return [pp for pp in self.powerpacks.values() if pp.name == name]

    def delete_powerpack(self, powerpack, unrent_numbers):
        """Delete a Powerpack and its pool; with ``unrent_numbers`` release its long codes and toll-free."""
        for member in list(powerpack.members.values()):
            self.unlink(powerpack, member.key)
            if unrent_numbers and member.kind != SHORTCODE:
                self.release(member.key)
        del self.powerpacks[powerpack.uuid]
        del self._pools[powerpack.pool_uuid]

    # Pool membership

    def pool_holding(self, key):
        return self._membership.get(key)

    def link(self, powerpack, member):
        holder = self._membership.get(member.key)
        if holder is not None and holder is not powerpack:
            raise ValueError(f"{member.key} is already in the pool of Powerpack {holder.uuid}")
        powerpack.members[member.key] = member
        self._membership[member.key] = powerpack

    def unlink(self, powerpack, key):
        powerpack.members.pop(key, None)
        if self._membership.get(key) is powerpack:
            del self._membership[key]

    # Renting

    def rent(self, number, country_iso2, number_type, added_on=None):
        account_number = AccountNumber(number, country_iso2, number_type, added_on)
        self.numbers[number] = account_number
        return account_number

    def release(self, number):
        """Give a number back: it leaves its pool and the account."""
        holder = self._membership.get(number)
        if holder is not None:
            self.unlink(holder, number)
        self.numbers.pop(number, None)
