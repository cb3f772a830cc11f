"""Sliding-window rate limiter: at most ``limit`` accepted requests per ``window`` seconds per account."""

from __future__ import annotations

import collections
import math
import threading
import time


class SlidingWindowLimiter:
    def __init__(self, limit, window, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._accepted = collections.defaultdict(collections.deque)

    def acquire(self, key):
        """Return ``(True, 0)`` and count the request, or ``(False, seconds until a slot frees)``.

        Refused requests are not counted, so a client that keeps retrying is not locked out for longer.
        A limit of 0 disables limiting.
        """
        if self.limit <= 0:
            return True, 0.0
        with self._lock:
            now = self._clock()
            accepted = self._accepted[key]
            while accepted and accepted[0] <= now - self.window:
                accepted.popleft()
            if len(accepted) < self.limit:
                accepted.append(now)
                return True, 0.0
            return False, max(0.0, accepted[0] + self.window - now)

    def reset(self):
        with self._lock:
            self._accepted.clear()


def retry_after_header(setting, wait_seconds):
    """The ``Retry-After`` value for a 429 as ``--retry-after`` configures it, or None for no header."""
    if setting == "none":
        return None
    if setting == "auto":
        return str(max(1, math.ceil(wait_seconds)))
    return setting
