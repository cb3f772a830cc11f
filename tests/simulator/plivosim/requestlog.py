"""The log of API requests served, read through ``GET /_sim/requests``."""

from __future__ import annotations

import re
import threading

SECRET_KEY_RE = re.compile(r"token|secret|password|passwd|auth", re.IGNORECASE)
MAX_ENTRIES = 100000
REDACTED = "***"


def redact(value):
    """A copy of a JSON body with the values of secret-looking keys replaced."""
    if isinstance(value, dict):
        return {key: REDACTED if SECRET_KEY_RE.search(str(key)) else redact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


class RequestLog:
    """Entries carry a sequence number that keeps growing across ``clear``, so ``since`` stays valid."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0

    def append(self, entry):
        with self._lock:
            self._seq += 1
            entry = dict([("seq", self._seq), *list(entry.items())])
            self._entries.append(entry)
            if len(self._entries) > MAX_ENTRIES:
                del self._entries[: len(self._entries) - MAX_ENTRIES]
            return entry

    def entries(self, since=0):
        with self._lock:
            return [dict(entry) for entry in self._entries if entry["seq"] > since]

    def clear(self):
        with self._lock:
            self._entries = []
