# Copyright: contributors to the plivo.messaging collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``plivo.messaging.pool_entry_errors`` filter (documented in pool_entry_errors.yml).

It checks the pool entries of one ``plivo_powerpacks`` item with the code the ``number_pool`` module uses,
so that the ``plivo.messaging.powerpacks`` role can refuse bad input before its first request.
"""

from __future__ import annotations

from collections.abc import Mapping

try:
    from ansible.errors import AnsibleTypeError as FilterTypeError  # ansible-core 2.19 and later
except ImportError:
    from ansible.errors import AnsibleFilterTypeError as FilterTypeError

from ansible_collections.plivo.messaging.plugins.module_utils.phone_numbers import (
    PhoneNumberError,
    normalize_long_codes,
    normalize_shortcodes,
    normalize_tollfree,
)

# The pool options of a plivo_powerpacks item, in the order number_pool checks them.
_CHECKS = (
    ("numbers", normalize_long_codes),
    ("tollfree", normalize_tollfree),
    ("shortcodes", normalize_shortcodes),
)


def pool_entry_errors(powerpack):
    """Return the error messages of the numbers, tollfree and shortcodes of one plivo_powerpacks item.

    Each message starts with ``plivo_powerpacks[name=NAME].`` and the entry's place (``numbers[0]``). An option
    left out (or None) is not checked; the result is ``[]`` when every entry is valid.
    """
    if not isinstance(powerpack, Mapping):
        raise FilterTypeError(f"pool_entry_errors expects one item of plivo_powerpacks (a dict), got {type(powerpack).__name__}")
    prefix = "plivo_powerpacks[name={}].".format(powerpack.get("name"))
    errors = []
    for option, normalize in _CHECKS:
        entries = powerpack.get(option)
        if entries is None:
            continue
        try:
            normalize(entries, option)
        except PhoneNumberError as error:
            errors.append(prefix + str(error))
    return errors


class FilterModule:
    """The filters of the plivo.messaging collection."""

    def filters(self):
        return {"pool_entry_errors": pool_entry_errors}
