# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's identity, as sent to the API in the User-Agent header.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

import platform

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

COLLECTION_NAME = "plivo.messaging"
# Must equal the version in galaxy.yml (a unit test checks it).
COLLECTION_VERSION = "1.1.0"


def user_agent() -> str:
    """Name the collection first, then the runtime, like the official SDKs do (plivo-python/4.x (Python: 3.x))."""
    return f"{COLLECTION_NAME}/{COLLECTION_VERSION} (ansible-core/{ANSIBLE_CORE_VERSION}; Python/{platform.python_version()})"
