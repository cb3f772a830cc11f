# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of identifiers that end up in API paths."""

from __future__ import annotations

import re

from ansible_collections.plivo.messaging.plugins.module_utils.errors import PlivoValidationError

UUID_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def check_uuid(value: str, option: str = "uuid") -> str:
    """Return value when it can be a Plivo uuid; raise PlivoValidationError naming the option otherwise."""
    if not UUID_PATTERN.match(value or ""):
        shown = value if len(value or "") <= 80 else value[:80] + "..."
        raise PlivoValidationError(
            f"{option} {shown!r} is not a valid uuid: use only letters, digits and '-' (at most 64 characters), as shown by plivo.messaging.powerpack_info"
        )
    return value
