# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``plivo.messaging.pool_entry_errors`` filter (documented in pool_entry_errors.yml), deprecated.

The powerpacks role no longer uses it: the plivo.messaging.powerpacks module checks the whole input before its
first request. It stays, with the rules of the modules, until 2.0.0 (meta/runtime.yml).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

try:
    from ansible.errors import AnsibleTypeError as FilterTypeError  # ansible-core 2.19 and later
except ImportError:
    from ansible.errors import AnsibleFilterTypeError as FilterTypeError
from ansible.errors import AnsibleFilterError

from ansible_collections.plivo.messaging.plugins.module_utils._numbers import country_problem
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import normalize_country
from ansible_collections.plivo.messaging.plugins.module_utils._numbers import read_pool_entries
from ansible_collections.plivo.messaging.plugins.module_utils._requirements import MISSING


def pool_entry_errors(powerpack: Any) -> list[str]:
    """The error messages of the numbers, tollfree and shortcodes of one plivo_powerpacks item ([] when valid).

    Each message starts with ``plivo_powerpacks[name=NAME].`` and the entry's place (``numbers[0]``).
    """
    if not isinstance(powerpack, Mapping):
        raise FilterTypeError(f"pool_entry_errors expects one item of plivo_powerpacks (a dict), got {type(powerpack).__name__}")
    if "phonenumbers" in MISSING:
        raise AnsibleFilterError("pool_entry_errors needs the Python package phonenumbers on the controller: pip install phonenumbers")
    prefix = f"plivo_powerpacks[name={powerpack.get('name')}]."
    problems = []
    country = powerpack.get("default_country")
    if country is not None:
        # As the modules do: a bad country is a problem of its own, and the numbers are read without it.
        problem = country_problem(country, f"{prefix}default_country")
        problems.extend([problem] if problem else [])
        country = None if problem else normalize_country(country)
    _entries, entry_problems = read_pool_entries(powerpack.get("numbers"), powerpack.get("tollfree"), powerpack.get("shortcodes"), prefix, country)
    return problems + entry_problems


class FilterModule:
    """The filters of the plivo.messaging collection."""

    def filters(self) -> dict[str, Any]:
        return {"pool_entry_errors": pool_entry_errors}
