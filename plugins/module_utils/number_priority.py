# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Powerpack's number_priority in the modules' shape and the API's.

Module shape: {"country_iso": "US", "service_type": "sms", "priority": ["shortcode", "tollfree", "longcode"]}
API shape:    {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "shortcode", ...}}
The API returns the entries in any order, so they are compared as a set keyed by (country_iso, service_type).
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable

from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError

PRIORITY_VALUES = ("longcode", "shortcode", "tollfree")
SERVICE_TYPES = ("sms", "mms")
COUNTRY_ISO_PATTERN = re.compile(r"^[A-Za-z]{2}$")

Entry = Dict[str, Any]


def entry_key(entry: Entry) -> tuple[str, str]:
    return (str(entry["country_iso"]).upper(), str(entry["service_type"]).lower())


def normalise(entries: Iterable[Entry]) -> list[Entry]:
    """Module-shaped entries with canonical case, sorted by key (a stable order for comparison and diffs)."""
    result = [
        {
            "country_iso": str(entry["country_iso"]).upper(),
            "service_type": str(entry["service_type"]).lower(),
            "priority": [str(value).lower() for value in entry["priority"]],
        }
        for entry in entries
    ]
    return sorted(result, key=entry_key)


def from_api(entries: Any) -> list[Entry] | None:
    """Module-shaped entries from the API's number_priority; None when the API did not send any."""
    if entries is None:
        return None
    result = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        priority = entry.get("priority") if isinstance(entry.get("priority"), dict) else {}
        ranked = sorted(priority, key=lambda name: (len(name), name))  # priority1 < priority2 < ... < priority10
        result.append(
            {
                "country_iso": entry.get("country_iso", ""),
                "service_type": entry.get("service_type", ""),
                "priority": [priority[name] for name in ranked],
            }
        )
    return normalise(result)


def to_api(entries: Iterable[Entry]) -> list[Entry]:
    """API-shaped entries, in the case the API itself reads back."""
    return [
        {
            "country_iso": entry["country_iso"].upper(),
            "service_type": entry["service_type"].upper(),
            "priority": {f"priority{rank}": value for rank, value in enumerate(entry["priority"], start=1)},
        }
        for entry in normalise(entries)
    ]


def merge(current: Iterable[Entry], wanted: Iterable[Entry]) -> list[Entry]:
    """The wanted entries replace the current ones of the same key; current entries of other keys are kept."""
    merged = {entry_key(entry): entry for entry in normalise(current)}
    merged.update((entry_key(entry), entry) for entry in normalise(wanted))
    return normalise(merged.values())


def check_entries(entries: Iterable[Entry], option: str = "number_priority") -> None:
    """Raise PlivoValidationError for the first problem found, naming the entry and the fix."""
    seen = set()
    for index, entry in enumerate(entries):
        where = f"{option}[{index}]"
        country = entry.get("country_iso") or ""
        if not COUNTRY_ISO_PATTERN.match(country):
            raise PlivoValidationError(f"{where}.country_iso {country!r} is not an ISO 3166 alpha-2 country code: use two letters such as US or CA")
        service = str(entry.get("service_type") or "").lower()
        if service not in SERVICE_TYPES:
            raise PlivoValidationError("{}.service_type must be one of {}".format(where, ", ".join(SERVICE_TYPES)))
        priority = [str(value).lower() for value in entry.get("priority") or []]
        if len(priority) != len(PRIORITY_VALUES) or set(priority) != set(PRIORITY_VALUES):
            raise PlivoValidationError(
                "{}.priority must list {} exactly once each, most preferred first; got {}".format(where, ", ".join(PRIORITY_VALUES), priority)
            )
        key = entry_key(entry)
        if key in seen:
            raise PlivoValidationError(f"{where} repeats country_iso {key[0]} with service_type {key[1]}: give one entry per country and service type")
        seen.add(key)
