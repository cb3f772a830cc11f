# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client-side rate limit that every request of a module run passes, whatever worker sends it.

This module_utils is private to the collection: its names may change in any release.

Plivo documents 300 requests per 5 seconds per account, counted over a sliding window; above it the API answers
429. The limiter keeps one run under its own limit, so a run at the defaults never meets a 429 it caused itself;
a 429 that still comes (another client of the account) holds every worker until its Retry-After has passed.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Callable

API_RATE_LIMIT = 300
API_RATE_WINDOW = 5.0
# The API counts a request when it arrives, the limiter when it leaves: a little slack for the difference.
WINDOW_MARGIN = 0.1


class RateLimiter:
    """At most ``limit`` acquisitions in any ``window`` seconds (plus WINDOW_MARGIN), shared by threads.

    ``limit`` 0 disables limiting. ``clock`` and ``sleep`` are injectable for tests with a fake clock.
    """

    def __init__(
        self,
        limit: int = API_RATE_LIMIT,
        window: float = API_RATE_WINDOW,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.limit = limit
        self.window = window + WINDOW_MARGIN
        self._clock = clock or time.monotonic
        self._sleep = sleep or time.sleep
        self._sent: collections.deque[float] = collections.deque()
        self._held_until = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait until one more request may leave; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                wait = self._held_until - now
                if wait <= 0 and self.limit > 0:
                    while self._sent and self._sent[0] + self.window <= now:
                        self._sent.popleft()
                    if len(self._sent) >= self.limit:
                        wait = self._sent[0] + self.window - now
                if wait <= 0:
                    if self.limit > 0:
                        self._sent.append(now)
                    return waited
            self._sleep(wait)
            waited += wait

    def hold(self, seconds: float) -> None:
        """Make every acquisition wait until ``seconds`` from now (the API answered 429 with this Retry-After)."""
        with self._lock:
            self._held_until = max(self._held_until, self._clock() + max(0.0, seconds))
