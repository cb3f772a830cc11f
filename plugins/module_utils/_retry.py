# Copyright: (c) 2025, plivo.messaging contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How long to wait before the next attempt: Retry-After when the API sends it, jittered exponential backoff otherwise.

This module_utils is private to the collection: its names may change in any release.
"""

from __future__ import annotations

import email.utils
import math
import time
from typing import Callable

BACKOFF_BASE_SECONDS = 1.0


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date); None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment is None or moment.tzinfo is None:
            # RFC 9110 dates are always GMT; a date without a zone is not one we can trust.
            return None
        seconds = moment.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def backoff_delay(attempt: int, cap: float, rand: Callable[[], float]) -> float:
    """Exponential backoff for the given attempt (1 = first retry) with jitter, never above cap.

    The jitter keeps the upper half of the exponential step, so retries from parallel tasks spread out
    without collapsing to zero.
    """
    step = BACKOFF_BASE_SECONDS * float(2 ** (attempt - 1))
    return min(cap, step * (0.5 + rand() / 2))


def retry_delay(attempt: int, cap: float, rand: Callable[[], float], retry_after: str | None = None) -> float:
    """The wait before the next attempt: the API's Retry-After if it sent one, else backoff; capped either way."""
    asked = parse_retry_after(retry_after)
    if asked is not None:
        return min(cap, asked)
    return backoff_delay(attempt, cap, rand)
