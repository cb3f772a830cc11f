# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Powerpack's number_priority in the modules' shape and the API's, and the presets of common priorities.

This module_utils is private to the collection: its names may change in any release.

Module shape: {"country_iso": "US", "service_type": "sms", "priority": ["shortcode", "tollfree", "longcode"]}
API shape:    {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "shortcode", ...}}
The API returns the entries in any order, so they are compared as a set keyed by (country_iso, service_type).
"""

from __future__ import annotations

from typing import Any
from typing import Dict
from typing import Iterable

from ansible_collections.plivo.messaging.plugins.module_utils._numbers import country_problem

PRIORITY_VALUES = ("longcode", "shortcode", "tollfree")
SERVICE_TYPES = ("sms", "mms")

# The presets of the powerpacks module and role: a ranking, applied per country and service.
PRESETS = {
    "local_first": ["longcode", "tollfree", "shortcode"],
    "tollfree_first": ["tollfree", "longcode", "shortcode"],
    "shortcode_first": ["shortcode", "tollfree", "longcode"],
}

Entry = Dict[str, Any]


def entry_key(entry: Entry) -> tuple[str, str]:
    return (str(entry["country_iso"]).strip().upper(), str(entry["service_type"]).strip().lower())


def normalise(entries: Iterable[Entry]) -> list[Entry]:
    """Module-shaped entries with canonical case, sorted by key (a stable order for comparison and diffs)."""
    result = [
        {
            "country_iso": str(entry["country_iso"]).strip().upper(),
            "service_type": str(entry["service_type"]).strip().lower(),
            "priority": [str(value).strip().lower() for value in entry["priority"]],
        }
        for entry in entries
    ]
    return sorted(result, key=entry_key)


def from_api(entries: Any) -> list[Entry] | None:
    """Module-shaped entries from the API's number_priority; None when the API did not send any (unknown)."""
    if entries is None:
        return None
    result = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        priority: dict[str, Any] = entry["priority"] if isinstance(entry.get("priority"), dict) else {}
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
            "country_iso": entry["country_iso"],
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


def expand_preset(name: str, countries: Iterable[str], services: Iterable[str]) -> list[Entry]:
    """One entry per country and service with the preset's ranking."""
    return [{"country_iso": country, "service_type": service, "priority": list(PRESETS[name])} for country in countries for service in services]


def entries_problems(entries: Any, where: str = "number_priority") -> list[str]:
    """Every problem of a number_priority list, each naming the entry and the fix."""
    if not isinstance(entries, list):
        return [f"{where} must be a list of entries with the keys country_iso, service_type and priority, got {type(entries).__name__} {entries!r}"]
    problems = []
    seen = set()
    for index, entry in enumerate(entries):
        place = f"{where}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{place} must be a dictionary with the keys country_iso, service_type and priority, got {type(entry).__name__} {entry!r}")
            continue
        country = entry.get("country_iso")
        problem = country_problem(country, place + ".country_iso")
        if problem:
            problems.append(problem)
        service = str(entry.get("service_type") or "").strip().lower()
        if service not in SERVICE_TYPES:
            problems.append(f"{place}.service_type must be one of {', '.join(SERVICE_TYPES)}, got {entry.get('service_type')!r}")
        raw_priority = entry.get("priority")
        priority = [str(value).strip().lower() for value in raw_priority] if isinstance(raw_priority, list) else raw_priority
        if not isinstance(priority, list) or sorted(priority) != sorted(PRIORITY_VALUES):
            problems.append(f"{place}.priority must list {', '.join(PRIORITY_VALUES)} exactly once each, most preferred first; got {raw_priority!r}")
        if not problem and service in SERVICE_TYPES:
            key = entry_key(entry)
            if key in seen:
                problems.append(f"{place} repeats country_iso {key[0]} with service_type {key[1]}: give one entry per country and service type")
            seen.add(key)
    return problems


def as_preset(entries: list[Entry]) -> dict[str, Any] | None:
    """The preset these entries are exactly (the same ranking for every country and service, each country with the
    same services), or None: the shape of a powerpacks item's ``preset`` option."""
    entries = normalise(entries)
    if not entries:
        return None
    rankings = {tuple(entry["priority"]) for entry in entries}
    if len(rankings) != 1:
        return None
    ranking = list(rankings.pop())
    name = next((preset for preset, order in PRESETS.items() if order == ranking), None)
    if name is None:
        return None
    countries: dict[str, list[str]] = {}
    for entry in entries:
        countries.setdefault(entry["country_iso"], []).append(entry["service_type"])
    services = {tuple(sorted(listed)) for listed in countries.values()}
    if len(services) != 1:
        return None
    listed_services = services.pop()
    ordered_services = [service for service in SERVICE_TYPES if service in listed_services]
    return {"name": name, "countries": sorted(countries), "services": ordered_services}
