# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of identifiers that end up in API paths, and of the names and ids the API normalises.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.plivo.messaging.plugins.module_utils._errors import PlivoValidationError

UUID_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def uuid_problem(value: Any, option: str = "uuid") -> str | None:
    """Why value cannot be a Plivo uuid (naming the option), or None when it can."""
    text = "" if value is None else str(value)
    if UUID_PATTERN.match(text):
        return None
    shown = text if len(text) <= 80 else text[:80] + "..."
    return f"{option} {shown!r} is not a valid uuid: use only letters, digits and '-' (at most 64 characters), as shown by plivo.messaging.powerpack_info"


def check_uuid(value: str, option: str = "uuid") -> str:
    """Return value when it can be a Plivo uuid; raise PlivoValidationError naming the option otherwise."""
    problem = uuid_problem(value, option)
    if problem is not None:
        raise PlivoValidationError(problem)
    return value
