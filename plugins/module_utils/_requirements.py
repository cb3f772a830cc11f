# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Python packages the modules need on the host that runs them (requirements.txt), imported in one place.

This module_utils is private to the collection: its names may change in any release.

A package that cannot be imported is None here, and MISSING holds why (its traceback), so that every module fails
with ansible-core's "missing required library" message instead of an import error.
"""

from __future__ import annotations

import traceback
from typing import Any

__all__ = ["MISSING", "phonenumbers", "requests", "urllib3"]  # what the other module_utils import from here

MISSING: dict[str, str] = {}

requests: Any
urllib3: Any
phonenumbers: Any

try:
    import requests
    import urllib3
except ImportError:
    requests = urllib3 = None
    MISSING["requests"] = traceback.format_exc()

try:
    import phonenumbers
except ImportError:
    phonenumbers = None
    MISSING["phonenumbers"] = traceback.format_exc()
