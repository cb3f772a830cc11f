# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the module tests seed the in-process simulator with (tests/unit/simulated_api.py), and the helpers they share.

One set of numbers for every module test, so that a test reads A, TF or SC the same way in every file.
"""

from __future__ import annotations

from typing import Any

A = "14155550101"  # US long codes
B = "14155550102"
C = "12125550143"
D = "13105550178"
TF = "18005550199"  # US toll-free
TF2 = "18885550142"  # CA toll-free
SC = "444444"  # short codes
SC2 = "55555"
NOT_RENTED = "14155550177"  # a valid US long code that no seed rents
XML_APP = "33660394121755210"
US_SMS = dict(country_iso="US", service_type="sms", priority=["longcode", "tollfree", "shortcode"])
# What only the API can give (a new Powerpack's uuid, pool uuid and creation time): check mode shows them as null.
SERVER_GIVEN = ("uuid", "number_pool_uuid", "created_on")


def seed_powerpacks(powerpacks: Any) -> list[dict[str, Any]]:
    """Powerpacks of a seed, each given as its name or as a dict in the seed's shape."""
    return [{"name": item} if isinstance(item, str) else item for item in powerpacks]


def sms(*numbers: str) -> list[dict[str, str]]:
    """Long codes as a module returns them, each with the service sms."""
    return [dict(number=number, service="sms") for number in numbers]


def without(value: Any, keys: tuple[str, ...] = SERVER_GIVEN) -> Any:
    """value without these keys (by default what only the API can give), at every depth."""
    if isinstance(value, dict):
        return {key: without(item, keys) for key, item in value.items() if key not in keys}
    if isinstance(value, list):
        return [without(item, keys) for item in value]
    return value
