"""Counts TCP connections, so tests can check that clients reuse keep-alive connections."""

from __future__ import annotations

import threading


class ConnectionCounter:
    """Connection ids never repeat; the counters restart on ``reset``.

    A connection is classified by its first request: ``api`` (reported as ``accepted``) or ``control``
    (``/_sim/``), so polling the counter does not change the number a test looks at. ``total`` also
    counts connections that never sent a request.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._last_id = 0
        self._total = 0
        self._api = 0
        self._control = 0

    def opened(self):
        with self._lock:
            self._last_id += 1
            self._total += 1
            return self._last_id

    def classify(self, is_control):
        with self._lock:
            if is_control:
                self._control += 1
            else:
                self._api += 1

    def snapshot(self):
        with self._lock:
            return {"accepted": self._api, "control": self._control, "total": self._total}

    def reset(self):
        with self._lock:
            self._total = self._api = self._control = 0
